//! Everything the till knows, as plain data. The screen is drawn from this alone.

use super::say::Say;
use crate::config::{CaptureMode, Environment, Language};
use crate::domain::{
    Basket, CashierTag, Country, Currency, IssuedReceipt, Limits, Money, Msisdn, Quantity, Receipt,
    ReceiptKind, ReturnOf, Tender,
};

/// Settings the core needs; copied out of the config at start.
#[derive(Debug, Clone)]
pub struct Settings {
    pub pos_id: String,
    pub shop_name: String,
    pub country: Country,
    pub currency: Currency,
    pub capture: CaptureMode,
    pub checkin: bool,
    pub language: Language,
    pub environment: Environment,
    pub login_scopes: String,
    /// Training (demo) mode: receipts go in their own number series, marked as training.
    pub training: bool,
    /// `[sale] returns_without_receipt`: a return with no receipt to find (off by default).
    pub returns_without_receipt: bool,
    /// Quantities above these ask before they are taken.
    pub limits: Limits,
    /// The keys in force (`[keys]` in the config over the defaults).
    pub keys: super::Keymap,
}

impl Settings {
    /// The one set of settings for tests and benchmarks: till `till1` of shop "Test" in Norway,
    /// English, test environment, auto capture, check-in on, not training, default limits and
    /// keys. Change what a test is about with struct update syntax
    /// (`Settings { capture: CaptureMode::Confirm, ..Settings::for_tests() }`). The till
    /// itself is set up from the config (`runtime::setup::settings`).
    #[doc(hidden)]
    pub fn for_tests() -> Settings {
        Settings {
            pos_id: "till1".into(),
            shop_name: "Test".into(),
            country: Country::Norway,
            currency: Currency::Nok,
            capture: CaptureMode::Auto,
            checkin: true,
            language: Language::English,
            environment: Environment::Test,
            login_scopes: "openid name phoneNumber".into(),
            training: false,
            returns_without_receipt: false,
            limits: Limits::default(),
            keys: Default::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct State {
    pub settings: Settings,
    /// Milliseconds on the runtime's monotonic clock, from the last `Msg::Tick`.
    pub now_ms: u64,
    pub customer: Option<Customer>,
    pub enrolment: Option<Enrolment>,
    pub basket: Basket,
    /// The highlighted basket line (for quantity, discount, void).
    pub selected: Option<usize>,
    pub payment: Option<Payment>,
    /// Payments the cashier sent to the background to serve the next customer.
    pub background: Vec<Payment>,
    pub done: Option<DoneSale>,
    pub dialog: Option<Dialog>,
    pub notice: Option<Notice>,
    pub status: Status,
    /// Demo mode: what the simulated customer's phone shows.
    pub phone: Vec<PhoneRequest>,
    pub show_help: bool,
    pub quit: bool,
    /// Bumped on every poll chain started, so a stale timer does not start a second chain.
    pub poll_seq: u64,
    pub recovered: Vec<super::Recovered>,
    /// The last receipt sent to the printer (till, number), for the in-app receipt choice.
    pub last_receipt: Option<(String, String)>,
    /// Parked sales whose payment failed (rejected, expired, refused): their baskets wait in
    /// the recall list (F9) so the cashier can try again or clear them.
    pub failed: Vec<FailedSale>,
    /// Bumped on every change of the held (unpaid) basket; orders its writes.
    pub hold_seq: u64,
    /// The sale between the basket and its receipt: what is owed and what was paid.
    pub tender: Option<TenderStep>,
    /// Who is signed in; goes on the receipt (the books add the sign-in).
    pub cashier: Option<CashierTag>,
    /// Baskets put aside before payment, to be resumed.
    pub parked: Vec<Parked>,
    pub park_seq: u64,
    pub drawer: Drawer,
    /// Receipts of payments finished in the background that the store could not issue; sent
    /// again after the next receipt that is issued.
    pub unissued: Vec<IssuedReceipt>,
    /// A barcode or PLU being keyed in by hand on the main screen (digits at human speed).
    pub keyed: Option<String>,
    /// F8 found nobody to push to and asked for the number: once the customer is known the
    /// payment goes on (the Vipps part's amount, `None` for all that is owed).
    pub pay_after_identify: Option<Option<i64>>,
    /// Sound the bell with the next frame (an error or a refused scan); `step` turns it into
    /// `Effect::Bell`.
    pub bell: bool,
    /// Weighed lines whose weight came from a scale label (code, grams): F5 leaves them be.
    pub label_weights: Vec<(String, u32)>,
    /// Who may sign in and who is: `None` on a till without cashiers (demo, a one-person
    /// shop), which sells under the default cashier.
    pub signin: Option<crate::till::session::SignIn>,
    /// The local day (days since 1970 in the shop's time), from `Msg::Today`.
    pub today: i64,
    /// The books say an earlier sales day has no Z report (`Msg::ZMissing`).
    pub z_missing: bool,
    /// The day the cashier was last reminded of the missing Z report (once a day).
    pub z_reminded: Option<i64>,
    /// An X or Z report asked of the books, not yet answered.
    pub report_pending: Option<crate::domain::ReportKind>,
    /// How much the screen shows.
    pub view: View,
}

/// The sale's tender step: the basket is locked, parts are paid in any order until nothing is
/// owed, then the receipt is issued. Amounts here are magnitudes (a return's too); the
/// receipt gets the signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenderStep {
    pub kind: ReceiptKind,
    /// The lines' total, VAT included, positive.
    pub total: i64,
    pub parts: Vec<Tender>,
    /// Cash rounding of the last cash part, its own amount.
    pub rounding: i64,
    /// The receipt went to the store; waiting for its number.
    pub issuing: bool,
    pub return_of: Option<ReturnOf>,
    /// A return's refunds still to make, in order (to the tenders the sale was paid with).
    pub plan: Vec<RefundPart>,
    /// A Vipps attempt was already renewed after the API said its reference was used (4020):
    /// once is recovery, twice is a fault to show.
    pub renewed: bool,
}

/// One refund of a return, to the tender the sale was paid with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundPart {
    pub tender: crate::domain::TenderKind,
    pub amount: i64,
    /// Vipps: the refund's number for its idempotency key (refunds already made + 1).
    pub refund_n: u32,
    /// The refund is out at the API.
    pub sent: bool,
}

impl TenderStep {
    /// What is still owed (or still to give back on a return).
    pub fn owed(&self) -> i64 {
        self.total + self.rounding - self.paid()
    }

    pub fn paid(&self) -> i64 {
        self.parts.iter().map(|t| t.amount).sum()
    }

    pub fn change(&self) -> i64 {
        self.parts
            .iter()
            .map(|t| match t.kind {
                crate::domain::TenderKind::Cash { change, .. } => change,
                _ => 0,
            })
            .sum()
    }
}

/// A basket put aside before payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parked {
    pub id: u64,
    pub basket: Basket,
    pub customer: Option<Customer>,
}

/// What the till knows of its cash drawer since it started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawer {
    pub float: Option<i64>,
    /// What should be in the drawer: float + cash sales − cash returns + pay-ins − pay-outs.
    pub expected: i64,
    /// The last count and its difference to what was expected.
    pub last_count: Option<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub msisdn: Msisdn,
    pub membership: Membership,
    pub checkin: CheckIn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Membership {
    Looking,
    Member {
        name: Option<String>,
    },
    NotMember,
    /// The lookup failed; the sale goes on without club benefits.
    Unknown {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckIn {
    NotSent,
    Sending,
    Sent,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub msisdn: Msisdn,
    pub binding_message: String,
    pub phase: EnrolPhase,
    pub expires_at_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolPhase {
    Starting,
    Waiting {
        auth_req_id: String,
        interval_ms: u64,
    },
    Failed(String),
}

/// A payment request and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub reference: String,
    pub receipt_number: String,
    pub customer: Customer,
    pub amount: Money,
    pub basket: Basket,
    pub step: PayStep,
    /// When the API will expire the request (customer has 10 minutes).
    pub expires_at_ms: u64,
    /// The poll chain that is allowed to schedule the next poll.
    pub poll_token: u64,
    pub captured: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayStep {
    /// Writing the sale and the journal entry.
    Journaling,
    /// The create request is on its way.
    Requesting,
    /// The customer has the push message.
    Waiting,
    /// Authorized; waiting for the cashier's capture key (capture mode "confirm").
    Authorized,
    Capturing,
    /// A cancel is out; `release` when it gives back an authorized reservation.
    Cancelling {
        release: bool,
    },
    /// Cancel was refused because the customer had just approved: asks the API where it stands.
    Checking,
}

/// A parked sale that did not get paid, kept with its basket and customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedSale {
    pub receipt_number: String,
    pub customer: Customer,
    pub basket: Basket,
    pub amount: Money,
    /// Why it failed, as the cashier would have been told on screen.
    pub why: Say,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneSale {
    /// The Vipps reference, when a Vipps part paid the sale.
    pub reference: String,
    pub receipt: Receipt,
    pub total: Money,
    pub customer: Option<String>,
    /// The receipt as issued: number, tenders, rounding, change.
    pub issued: IssuedReceipt,
    /// The copy was asked for (at most one per receipt).
    pub copy_asked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// Typing a phone number; validated as it is typed.
    Phone {
        input: String,
        error: Option<String>,
    },
    /// Product search by name.
    Search {
        query: String,
        results: Vec<SearchHit>,
        selected: usize,
    },
    /// New quantity for the selected line (pieces, or grams for weighed lines).
    Quantity {
        input: String,
    },
    /// Discount in kroner for the selected line.
    Discount {
        input: String,
    },
    /// Find a past sale to refund.
    RefundFind {
        input: String,
        error: Option<String>,
    },
    RefundAmount {
        sale: SaleSummary,
        input: String,
        error: Option<String>,
    },
    /// The sale is found; the API is asked what is captured and refunded before an amount
    /// is offered.
    RefundChecking {
        sale: SaleSummary,
    },
    /// What will be refunded, shown before it goes.
    RefundConfirm {
        sale: SaleSummary,
        amount: i64,
    },
    /// A sale in the background to bring back.
    Recall {
        selected: usize,
    },
    ConfirmQuit,
    ConfirmClear,
    /// Cash tendered: typed, a quick key for a note, or Enter for the exact amount.
    Cash {
        input: String,
    },
    /// A card part: the cashier confirms that the terminal approved the amount.
    Card {
        input: String,
    },
    /// Find the receipt a return is made against (number, or a scan of its code).
    ReturnFind {
        input: String,
        error: Option<String>,
    },
    /// Which lines of the receipt come back.
    ReturnLines {
        receipt: Box<IssuedReceipt>,
        picked: Vec<bool>,
        selected: usize,
        /// Refunds already made per Vipps reference.
        refunds: Vec<super::RefundsMade>,
    },
    /// A parked basket to resume.
    Resume {
        selected: usize,
    },
    /// An amount for the drawer: opening float, pay-in, pay-out or a count.
    DrawerAmount {
        op: DrawerOp,
        input: String,
        reason: String,
        /// Typing the reason (pay-in and pay-out) rather than the amount.
        on_reason: bool,
    },
    /// An unusual quantity for the selected line, asked before it is taken.
    ConfirmQuantity {
        quantity: Quantity,
    },
    /// Esc while the customer has the request: withdraw it?
    ConfirmCancel,
    /// Esc on an approved payment (capture mode "confirm"): release the reservation?
    ConfirmRelease,
    /// Stop the enrolment? The push may have reached the customer's phone.
    ConfirmCancelEnrol,
    /// An unknown barcode sold at a price typed now, in one of the market's VAT groups
    /// (`vat` indexes `domain::vat_groups`).
    OpenPrice {
        code: String,
        input: String,
        vat: usize,
    },
    /// After a restart: the recovered sales (`State::recovered`), whole, until Enter; from
    /// sale `top` when there are more than the screen holds.
    RecoveredSales {
        top: usize,
    },
    /// Take the day's Z report? It closes the day's counters.
    ConfirmZ,
    /// An X or Z report, read on screen from line `top`.
    Report {
        report: super::ShownReport,
        top: usize,
    },
}

/// How much the screen shows (the drawing side tells: `Msg::View`): page keys move by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// Basket lines on screen.
    pub basket_rows: usize,
    /// Report lines in the report dialog.
    pub report_rows: usize,
}

impl Default for View {
    /// Less than an 80×24 screen shows (its basket shows about 12 lines, its report 19), until
    /// the screen says: a page never skips a line unseen.
    fn default() -> Self {
        View {
            basket_rows: 10,
            report_rows: 14,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawerOp {
    Float,
    CashIn,
    CashOut,
    Count,
}

impl Dialog {
    /// Whether a scan may be typed into the dialog's field: a receipt code or reference
    /// into the refund search, a phone number into the phone field. Never into a field for
    /// a quantity, a weight, a discount or an amount of money.
    pub fn takes_scans(&self) -> bool {
        !matches!(
            self,
            Dialog::Quantity { .. }
                | Dialog::Discount { .. }
                | Dialog::RefundAmount { .. }
                | Dialog::Cash { .. }
                | Dialog::Card { .. }
                | Dialog::DrawerAmount { .. }
                | Dialog::OpenPrice { .. }
        )
    }

    /// Whether the dialog has a text field that typed characters go into.
    pub fn takes_text(&self) -> bool {
        !matches!(
            self,
            Dialog::Recall { .. }
                | Dialog::ConfirmQuit
                | Dialog::ConfirmClear
                | Dialog::ReturnLines { .. }
                | Dialog::Resume { .. }
                | Dialog::ConfirmCancel
                | Dialog::ConfirmRelease
                | Dialog::ConfirmQuantity { .. }
                | Dialog::RefundChecking { .. }
                | Dialog::RefundConfirm { .. }
                | Dialog::ConfirmCancelEnrol
                | Dialog::RecoveredSales { .. }
                | Dialog::ConfirmZ
                | Dialog::Report { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub gtin: String,
    pub name: String,
    pub price: Money,
}

/// A finished sale, as needed to refund it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleSummary {
    pub reference: String,
    pub receipt_number: String,
    pub total: Money,
    pub captured: i64,
    pub refunded: i64,
    /// Refund requests journalled for this sale, answered or not: each used up its key.
    pub refund_count: u32,
    /// A refund sent without an answer (key, amount): it may have moved money, so it is
    /// sent again with its own key and body before any other refund of the sale.
    pub pending_refund: Option<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub say: Say,
    pub at_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub scanner: ScannerState,
    pub webhooks: WebhookState,
    pub api: ApiHealth,
    pub printer: crate::printer::PrinterState,
    pub club: ClubState,
}

/// The shared club as the till sees it. Offline, members in the cache are still members and
/// enrolments queue; the status bar says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClubState {
    /// No club configured (or not heard from yet): the till's own members.
    Local,
    Online,
    Offline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannerState {
    None,
    Connected(String),
    Disconnected(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookState {
    Live,
    PollingOnly,
    /// The listener's port is busy: polling meanwhile, binding again in `retry_in_secs`.
    Retrying {
        retry_in_secs: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiHealth {
    Ok,
    Degraded(String),
}

/// One request on the simulated customer's phone (demo mode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneRequest {
    Payment {
        reference: String,
        amount: Money,
        msisdn: String,
    },
    Login {
        auth_req_id: String,
        binding_message: String,
        msisdn: String,
    },
}

impl Customer {
    /// The name if the club knows it, else the masked number.
    pub fn display_name(&self) -> Option<String> {
        match &self.membership {
            Membership::Member { name: Some(n) } => Some(n.clone()),
            _ => Some(self.msisdn.masked()),
        }
    }
}

impl State {
    pub fn new(settings: Settings) -> State {
        let currency = settings.currency;
        State {
            settings,
            now_ms: 0,
            customer: None,
            enrolment: None,
            basket: Basket::new(currency),
            selected: None,
            payment: None,
            background: Vec::new(),
            done: None,
            dialog: None,
            notice: None,
            status: Status {
                scanner: ScannerState::None,
                webhooks: WebhookState::PollingOnly,
                api: ApiHealth::Ok,
                printer: crate::printer::PrinterState::None,
                club: ClubState::Local,
            },
            phone: Vec::new(),
            show_help: false,
            quit: false,
            poll_seq: 0,
            recovered: Vec::new(),
            tender: None,
            cashier: None,
            parked: Vec::new(),
            park_seq: 0,
            drawer: Drawer::default(),
            failed: Vec::new(),
            hold_seq: 0,
            unissued: Vec::new(),
            last_receipt: None,
            keyed: None,
            pay_after_identify: None,
            bell: false,
            label_weights: Vec::new(),
            signin: None,
            today: 0,
            z_missing: false,
            z_reminded: None,
            report_pending: None,
            view: View::default(),
        }
    }

    /// The basket cannot change: a payment is out, or the sale is at its tender step.
    pub fn basket_locked(&self) -> bool {
        self.payment.is_some() || self.tender.is_some()
    }

    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.settings.currency)
    }

    /// The basket that a restart should bring back: the one on screen while it is neither
    /// being paid nor paid (a basket out for payment belongs to its sale and recovery).
    pub fn unpaid_basket(&self) -> Option<&Basket> {
        (self.payment.is_none() && self.done.is_none() && !self.basket.is_empty())
            .then_some(&self.basket)
    }

    /// Find a payment on screen or in the background by reference.
    pub fn payment_mut(&mut self, reference: &str) -> Option<&mut Payment> {
        if self
            .payment
            .as_ref()
            .is_some_and(|p| p.reference == reference)
        {
            return self.payment.as_mut();
        }
        self.background
            .iter_mut()
            .find(|p| p.reference == reference)
    }
}
