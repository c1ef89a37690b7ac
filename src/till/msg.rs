//! What comes into the core (`Msg`) and what it asks the edges to do (`Effect`).
//!
//! Results carry plain data and error text: the core does not know reqwest, rusqlite or hyper.

use crate::domain::{
    Basket, DrawerReason, Gtin, IssuedReceipt, JournalEvent, Member, Money, Msisdn, Product,
    ProductHit,
};
use crate::printer::PrinterState;

use super::state::{Payment, PhoneRequest, SaleSummary};

/// A key as the till sees it, after the scanner's wedge detector took out scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Delete,
    Tab,
    Up,
    Down,
    F(u8),
    CtrlC,
    PageUp,
    PageDown,
    Home,
    End,
}

/// Everything a cashier can ask for; each has a key and a button on the command bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    Phone,
    Enroll,
    Search,
    Quantity,
    Discount,
    Void,
    Pay,
    Capture,
    Release,
    CancelPayment,
    Background,
    Recall,
    Refund,
    NewSale,
    Quit,
    /// Open the cash drawer without a sale (`open_drawer`); every opening is journaled.
    NoSale,
    /// The printer is away: the customer takes the Vipps in-app receipt instead of paper.
    InAppReceipt,
    /// Print the one copy of the receipt on screen, marked KOPI.
    PrintCopy,
    DemoScanMember,
    DemoScanGuest,
    DemoScanProduct,
    DemoApprove,
    DemoReject,
    /// The tender step: cash tendered (the drawer opens when the receipt is issued).
    PayCash,
    /// The tender step: a card part on the standalone terminal.
    PayCard,
    /// Leave the tender step back to the basket (only while nothing is paid).
    BackToBasket,
    /// Issue the receipt again after the store failed to.
    IssueAgain,
    /// A return: the next refund of its plan.
    RefundNext,
    ParkBasket,
    ResumeBasket,
    ReturnSale,
    /// A return without a receipt (only when the shop allows it).
    ReturnNoReceipt,
    OpeningFloat,
    CashIn,
    CashOut,
    CountCash,
    /// Stop an enrolment in progress (asks first once the push may have reached the phone).
    CancelEnrol,
    /// The cashier leaves the till (journaled); the next one signs in.
    SignOut,
    /// Take an X report: shown, printed where there is a printer, journaled whole.
    XReport,
    /// Take the day's Z report (asks first; once a day per till).
    ZReport,
}

impl Action {
    /// The stable name scripts and the key table use (one table: `till::keymap::ACTIONS`).
    pub fn name(self) -> &'static str {
        super::keymap::name(self)
    }
}

/// How a payment stands at the API, from a GET or a webhook confirmed by a GET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayState {
    Created,
    Authorized,
    Aborted,
    Expired,
    Terminated,
    /// A state this version does not know; treated as "not final yet".
    Other,
}

/// ePayment event names (webhooks and the event log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName {
    Created,
    Authorized,
    Aborted,
    Expired,
    Cancelled,
    Captured,
    Refunded,
    Terminated,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentStatus {
    pub state: PayState,
    pub authorized: i64,
    pub captured: i64,
    pub cancelled: i64,
    pub refunded: i64,
}

/// What kind of failure, so the screen can say it in the cashier's language; the API's own
/// words stay in `message` as the detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailKind {
    /// The number has no Vipps MobilePay, or may not pay (ErrorCode 7010).
    CannotPay,
    /// The sales unit may not send push payments (5080).
    PushNotAllowed,
    /// The customer's app is too old for the login.
    OldApp,
    /// The number cannot use Vipps Login.
    NotLoginUser,
    /// No answer in time.
    Timeout,
    /// The API could not be reached.
    Unreachable,
    /// Too many calls: the API asked to wait.
    RateLimited,
    /// The API failed on its side (5xx).
    ServerError,
    /// Refused for another reason: the detail says which.
    #[default]
    Other,
}

/// A failed call, as the core needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    pub kind: FailKind,
    /// The detail for the screen and the log: short, no secrets.
    pub message: String,
    /// What the API's answer said, classified once where it is read (`runtime/convert.rs`).
    pub code: Option<ApiCode>,
    /// The request may have reached the API (timeout, connection reset): the outcome is unknown
    /// and must be asked for, never assumed.
    pub unknown_outcome: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolPoll {
    Pending,
    SlowDown,
    Denied,
    Expired,
    Enrolled(Member),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The clock moved (spinner, countdowns, notices).
    Tick {
        now_ms: u64,
    },
    Key(Key),
    Action(Action),
    /// A scan, payload already stripped of framing.
    Scan {
        payload: String,
    },
    ScannerConnected(String),
    ScannerLost(String),
    ScannerNoise(String),
    WebhooksLive(bool),
    /// The webhook port could not be bound (the reason is in the log); the next try is in
    /// `retry_in_secs`.
    WebhooksRetrying {
        retry_in_secs: u64,
    },
    /// The shared club's service answered (`true`) or could not be reached (`false`).
    ClubLink(bool),

    QrExchanged {
        result: Result<Msisdn, ApiFailure>,
    },
    MemberLooked {
        msisdn: Msisdn,
        result: Result<Option<Member>, String>,
    },
    CheckedIn {
        msisdn: Msisdn,
        result: Result<(), ApiFailure>,
    },
    ProductLooked {
        code: Gtin,
        result: Result<Option<ProductHit>, String>,
    },
    SearchDone {
        query: String,
        result: Result<Vec<Product>, String>,
    },

    EnrolStarted {
        msisdn: Msisdn,
        result: Result<EnrolStart, ApiFailure>,
    },
    EnrolPolled {
        auth_req_id: String,
        result: EnrolPoll,
    },
    LoginPing {
        auth_req_id: String,
    },

    SaleOpened {
        reference: String,
        receipt_number: String,
    },
    SaleOpenFailed(String),
    PaymentCreated {
        reference: String,
        result: Result<(), ApiFailure>,
    },
    /// A scheduled poll is due.
    PollDue {
        reference: String,
        poll: Option<u64>,
    },
    /// From a GET; `poll` is the chain that asked, `None` for a one-off check.
    PaymentStatus {
        reference: String,
        poll: Option<u64>,
        result: Result<PaymentStatus, ApiFailure>,
    },
    /// A verified webhook: a signal, confirmed with a GET before money moves.
    PaymentEvent {
        reference: String,
        name: EventName,
        success: bool,
    },
    Captured {
        reference: String,
        result: Result<PaymentStatus, ApiFailure>,
    },
    Cancelled {
        reference: String,
        result: Result<PaymentStatus, ApiFailure>,
    },
    SaleFound(Result<SaleSummary, String>),
    /// The API's view of a sale about to be refunded.
    RefundableChecked {
        reference: String,
        result: Result<PaymentStatus, ApiFailure>,
    },
    Refunded {
        reference: String,
        amount: Money,
        result: Result<PaymentStatus, ApiFailure>,
    },
    /// Crash recovery at start: what was found and finished.
    Recovered(Vec<super::Recovered>),
    /// Demo mode: the simulated phone's screen.
    Phone(Vec<PhoneRequest>),
    /// A payment found still waiting at start-up: watched in the background until it ends.
    Resume(Payment),
    /// The store issued the receipt (or could not); `foreground` as in the effect.
    ReceiptIssued {
        foreground: bool,
        result: Result<IssuedReceipt, NotIssued>,
    },
    /// The receipt a return is made against, with the refunds already made per Vipps
    /// reference; `Ok(None)` when there is no such receipt.
    ReceiptFound(Result<Option<FoundReceipt>, String>),
    /// At start: the basket an earlier run left unpaid.
    BasketRestored(Basket),
    /// How the receipt printer stands (from the printer task).
    Printer(PrinterState),
    /// The copy went to the printer and the journal, or why not.
    CopyPrinted(Result<(), CopyRefused>),
    /// The drawer kick reached the printer, or why not.
    DrawerOpened {
        reason: DrawerReason,
        result: Result<(), String>,
    },
    /// A click or touch on basket line `n` (the screen found which line is under it).
    SelectLine(usize),
    /// The local day (days since 1970 in the shop's time): at start and when it changes.
    Today(i64),
    /// The answer of `Effect::CheckPin`: the cashier and whether they own the shop, `None`
    /// for a wrong id or PIN.
    PinChecked(Result<Option<(crate::domain::CashierTag, bool)>, String>),
    /// Whether an earlier sales day lacks its Z report (at start and when the day changes).
    ZMissing(bool),
    /// The answer of `Effect::TakeReport`: the report, journaled (and printed if asked), or
    /// why not.
    ReportTaken(Result<ShownReport, ReportRefused>),
    /// How much the screen shows, from the drawing side: at start and when it changes.
    View(super::state::View),
}

/// A report the books took, as the till shows it: its heading and lines in the cashier's
/// language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownReport {
    pub kind: crate::domain::ReportKind,
    pub number: u64,
    /// "X-RAPPORT 4": the dialog's title.
    pub title: String,
    /// The rest of the report, one line each.
    pub lines: Vec<String>,
    /// It went to the printer too.
    pub printed: bool,
}

/// Why no report was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRefused {
    /// Today's Z report of this till is taken already: one a day.
    ZAlreadyTaken,
    Failed(String),
}

/// Why no copy was printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyRefused {
    /// The receipt has its one copy already (the journal says so).
    AlreadyMade,
    Failed(String),
}

/// A draft the store could not issue, kept so the money already taken gets its receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotIssued {
    pub draft: Box<IssuedReceipt>,
    pub reason: String,
}

/// A sales receipt found for a return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundReceipt {
    pub receipt: IssuedReceipt,
    pub already_returned: bool,
    pub refunds: Vec<RefundsMade>,
}

/// A request to the edges. The runtime runs each off the render path and answers with a `Msg`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    ExchangeQr(String),
    LookupMember(Msisdn),
    CheckIn {
        msisdn: Msisdn,
    },
    LookupProduct(Gtin),
    SearchProducts(String),
    StartEnrol {
        msisdn: Msisdn,
        binding_message: String,
        scopes: String,
    },
    PollEnrol {
        auth_req_id: String,
        msisdn: Msisdn,
        after_ms: u64,
    },
    /// Allocate a receipt number, store the sale and journal the create, in one transaction.
    /// Every payment request gets its own receipt number and reference (a reference is one
    /// payment, ever), so a retry after a rejection is a new, traceable sale.
    OpenSale {
        basket: Basket,
        msisdn: Msisdn,
        /// The Vipps part: the whole sale, or a part of a split tender.
        amount: Money,
    },
    CreatePayment {
        reference: String,
        idempotency_key: String,
        receipt_number: String,
        basket: Basket,
        msisdn: Msisdn,
        amount: Money,
    },
    /// Wake the core with `Msg::PollDue` after a while; it decides then whether the GET is
    /// still worth making (the sale may have ended meanwhile).
    PollPayment {
        reference: String,
        after_ms: u64,
        poll: Option<u64>,
    },
    /// GET the payment now.
    FetchPayment {
        reference: String,
        poll: Option<u64>,
    },
    Capture {
        reference: String,
        amount: Money,
        idempotency_key: String,
    },
    Cancel {
        reference: String,
        transaction_only: bool,
        idempotency_key: String,
    },
    /// The sale left the screen in a final state (for the store).
    CloseSale {
        reference: String,
        outcome: SaleOutcome,
    },
    FindSale(String),
    /// GET the payment to learn what may still be refunded (answers `RefundableChecked`).
    FetchRefundable {
        reference: String,
    },
    Refund {
        reference: String,
        amount: Money,
        idempotency_key: String,
    },
    /// Issue the draft (number 0): the store numbers it in its series, writes it with its
    /// tenders and journals it, in one transaction; answered with `Msg::ReceiptIssued`.
    /// `foreground` is false for a payment that finished in the background.
    IssueReceipt {
        draft: Box<IssuedReceipt>,
        foreground: bool,
    },
    /// Keep a parked basket in the store (a restart must not lose it).
    KeepParked {
        id: u64,
        lines: Vec<crate::domain::ReceiptLine>,
        msisdn: Option<Msisdn>,
    },
    /// The parked basket was resumed.
    DropParked(u64),
    /// Print a finished sale's or return's receipt (the original); it waits in the print
    /// queue while the printer is away.
    PrintReceipt(Box<IssuedReceipt>),
    /// Kick the cash drawer open through the printer (journaled with its reason).
    OpenDrawer(DrawerReason),
    /// An event for the electronic journal (float, pay-in/out, count, park, resume).
    Journal(JournalEvent),
    /// Find sales receipt `number` of till `pos_id` for a return.
    FindReceipt {
        pos_id: String,
        number: u64,
    },
    /// Keep the unpaid basket on screen (empty: none) so a quit or crash does not lose it.
    /// `seq` rises with every change; a write older than one already made is dropped.
    HoldBasket {
        seq: u64,
        basket: Basket,
    },
    /// Print the copy of a sales or return receipt (at most one: the edge checks the journal
    /// first), journaled with the cashier who asked for it.
    PrintCopy {
        receipt: Box<IssuedReceipt>,
        cashier: Option<String>,
    },
    /// The customer took the receipt another way (the Vipps in-app receipt): a paper receipt
    /// still waiting for the printer is not printed.
    WithdrawReceipt {
        pos_id: String,
        /// The receipt in its series (`domain::trans_nr`).
        trans_nr: String,
    },
    DemoScan(DemoScan),
    DemoPhone {
        approve: bool,
        request: PhoneRequest,
    },
    /// Sound the terminal bell: something went wrong and the cashier is watching the
    /// customer, not the screen.
    Bell,
    /// Check a cashier's PIN (a slow hash, on the blocking pool); answered with
    /// `Msg::PinChecked`. The PIN is a `Secret`: no `Debug` or log line shows it.
    CheckPin {
        id: String,
        pin: crate::secret::Secret,
    },
    /// Take an X or Z report from the journal, journal it whole, print it if `print`;
    /// answered with `Msg::ReportTaken`.
    TakeReport {
        kind: crate::domain::ReportKind,
        cashier: Option<String>,
        print: bool,
    },
    /// An event for the electronic journal with who did it (`step` makes every
    /// `Effect::Journal` one of these; `None`: the default cashier).
    JournalAs {
        cashier: Option<String>,
        event: JournalEvent,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScan {
    Member,
    Guest,
    Product,
}

/// The API's answer codes the core acts on, classified once where the answer is read
/// (`runtime/convert.rs`); any other code is kept as text for the log and the screen's detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiCode {
    /// The API does not know the reference (HTTP 404).
    NotFound,
    /// `cancelTransactionOnly` met an authorized payment (ErrorCode 6060).
    AlreadyAuthorized,
    /// The reference or idempotency key was used before (ErrorCode 4020): a reinstalled till,
    /// a lost database, a second till with the same pos_id.
    ReferenceUsed,
    /// Any other ErrorCode, as the API gave it.
    Other(String),
}

/// How a payment attempt left the screen; the store keeps it as the sale's final state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleOutcome {
    /// The whole amount is captured.
    Captured,
    /// The request was refused or never got through; nothing was charged.
    Failed,
    /// The customer rejected it in the app.
    Aborted,
    /// The customer did not answer in time.
    Expired,
    /// Cancelled before authorization.
    Cancelled,
    /// An authorized reservation given back.
    Released,
}

/// How many refunds were made to one Vipps payment of a sale: the next refund's number (for its
/// idempotency key) is one more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundsMade {
    pub reference: String,
    pub count: u32,
}

/// Vipps Login has started a CIBA flow: the id to poll with and the pace the API asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolStart {
    pub auth_req_id: String,
    pub expires_in_s: u64,
    pub interval_s: u64,
}
