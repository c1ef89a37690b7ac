//! Everything the till knows, as plain data. The screen is drawn from this alone.

use super::say::Say;
use crate::config::{CaptureMode, Environment, Language};
use crate::domain::{Basket, Country, Currency, Money, Msisdn, Receipt};

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
    pub recovered: Vec<String>,
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
    Finishing,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneSale {
    pub reference: String,
    pub receipt: Receipt,
    pub total: Money,
    pub customer: Option<String>,
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
    /// A sale in the background to bring back.
    Recall {
        selected: usize,
    },
    ConfirmQuit,
    ConfirmClear,
}

impl Dialog {
    /// Whether the dialog has a text field that typed characters go into.
    pub fn takes_text(&self) -> bool {
        !matches!(
            self,
            Dialog::Recall { .. } | Dialog::ConfirmQuit | Dialog::ConfirmClear
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
    pub refund_count: u32,
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
                club: ClubState::Local,
            },
            phone: Vec::new(),
            show_help: false,
            quit: false,
            poll_seq: 0,
            recovered: Vec::new(),
        }
    }

    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.settings.currency)
    }

    /// True while a payment request is out for the sale on screen.
    pub fn paying(&self) -> bool {
        self.payment.is_some()
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
