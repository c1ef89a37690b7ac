//! The events of the electronic journal (kassasystemforskrifta § 2-2): what the till did, as
//! data. The core says them as `Effect`s; the books write each one, append-only, with who did
//! it and when. Receipts go in whole.

use super::{IssuedReceipt, ReceiptKind};
use serde::{Deserialize, Serialize};

/// The two reports of the cash register rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportKind {
    /// Any time, as often as wanted; resets nothing.
    X,
    /// Once a day per till; the counters start again after it.
    Z,
}

/// Why the cash drawer was opened; openings without a sale are counted on the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawerReason {
    /// A cash tender or change on a sale or return.
    Sale,
    /// The "no sale" key.
    NoSale,
    /// Opening float, pay-in, pay-out or a count.
    CashManagement,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum JournalEvent {
    PosStarted,
    PosStopped,
    SignedIn,
    SignedOut,
    TrainingOn,
    TrainingOff,
    /// A sales or return receipt, whole.
    Receipt {
        receipt: Box<IssuedReceipt>,
    },
    /// A copy of a receipt was printed (at most one per receipt). `kind` names the series:
    /// sales and returns are numbered apart (rows from before it was kept are sales).
    CopyPrinted {
        pos_id: String,
        number: u64,
        #[serde(default)]
        kind: ReceiptKind,
    },
    DrawerOpened {
        reason: DrawerReason,
    },
    /// The opening float counted into the drawer at the start of the day.
    OpeningFloat {
        amount: i64,
    },
    CashIn {
        amount: i64,
        reason: String,
    },
    CashOut {
        amount: i64,
        reason: String,
    },
    /// The cashier's count of the drawer, with what the till expected there.
    CashCounted {
        counted: i64,
        expected: i64,
    },
    LineVoided {
        gtin: String,
        name: String,
        amount: i64,
    },
    /// A basket given up before it was paid, with what it held.
    SaleVoided {
        lines: u32,
        amount: i64,
    },
    PriceLookup {
        gtin: String,
        price: i64,
    },
    PriceChanged {
        gtin: String,
        old: i64,
        new: i64,
    },
    BasketParked {
        id: u64,
        amount: i64,
    },
    BasketResumed {
        id: u64,
        amount: i64,
    },
    /// A report, whole, as the JSON the books made of it.
    XReport {
        report: serde_json::Value,
    },
    ZReport {
        number: u64,
        report: serde_json::Value,
    },
}

impl JournalEvent {
    /// Whether this is the copy of `r`: same till, series and number. (A training receipt's
    /// copy is on a training row; the caller compares the rows' flags.)
    pub fn is_copy_of(&self, r: &IssuedReceipt) -> bool {
        matches!(self, JournalEvent::CopyPrinted { pos_id, number, kind }
            if *pos_id == r.pos_id && *number == r.number && *kind == r.kind)
    }

    /// The SAF-T Cash Register event code (PredefinedBasicID of basic type 13), where the
    /// standard has one.
    pub fn saft_code(&self) -> Option<&'static str> {
        Some(match self {
            JournalEvent::PosStarted => "13001",
            JournalEvent::PosStopped => "13002",
            JournalEvent::SignedIn => "13003",
            JournalEvent::SignedOut => "13004",
            JournalEvent::DrawerOpened { .. } => "13005",
            JournalEvent::XReport { .. } => "13008",
            JournalEvent::ZReport { .. } => "13009",
            JournalEvent::BasketParked { .. } => "13010",
            JournalEvent::BasketResumed { .. } => "13011",
            JournalEvent::Receipt { receipt } if receipt.training => "13017",
            JournalEvent::Receipt { receipt } => match receipt.kind {
                ReceiptKind::Sale => "13012",
                ReceiptKind::Return => "13013",
            },
            JournalEvent::CopyPrinted { .. } => "13014",
            JournalEvent::CashOut { .. } => "13019",
            JournalEvent::PriceChanged { .. } => "13021",
            JournalEvent::PriceLookup { .. } => "13022",
            JournalEvent::TrainingOn => "13023",
            JournalEvent::TrainingOff => "13024",
            JournalEvent::SaleVoided { .. } => "13028",
            _ => return None,
        })
    }
}
