//! What the core tells the cashier, as data. The UI turns each into Norwegian or English
//! (`ui::text`), so every sentence on the screen lives in one place.

use super::msg::FailKind;
use crate::domain::{Money, Unreadable};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Say {
    ScanUnknown(Unreadable),
    ReadingQr,
    QrFailed {
        reason: String,
        kind: FailKind,
    },
    AlreadyIdentified,
    LookupFailed {
        reason: String,
    },
    NotMemberHint,
    MemberWelcome {
        name: Option<String>,
    },
    CheckInFailed {
        reason: String,
    },
    ProductUnknown {
        code: String,
    },
    ProductLookupFailed {
        reason: String,
    },
    Added {
        name: String,
    },
    Voided {
        name: String,
    },
    BusyPaying,
    NeedCustomer,
    EmptyBasket,
    BelowMinimum {
        minimum: Money,
    },
    BadQuantity,
    BadDiscount,
    EnrolStartFailed {
        reason: String,
        kind: FailKind,
    },
    EnrolDenied,
    EnrolExpired,
    EnrolFailed {
        reason: String,
    },
    Enrolled {
        name: Option<String>,
    },
    SaleNotSaved {
        reason: String,
    },
    PaymentRefused {
        reason: String,
        kind: FailKind,
    },
    NoAnswerChecking,
    Rejected,
    Expired,
    CancelledOk,
    ReservationReleased,
    ApprovedBeforeCancel,
    CancelFailed {
        reason: String,
        kind: FailKind,
    },
    CaptureFailed {
        reason: String,
        kind: FailKind,
    },
    /// The API captured less than the sale (a sales unit may refuse part of it).
    CapturedPart {
        captured: Money,
        total: Money,
    },
    AuthorizedConfirm,
    Paid {
        total: Money,
    },
    BackgroundPaid {
        receipt: String,
        total: Money,
    },
    BackgroundFailed {
        receipt: String,
    },
    MovedToBackground {
        receipt: String,
    },
    NothingToRecall,
    FinishFirst,
    SaleNotFound {
        reason: String,
    },
    RefundTooMuch {
        max: Money,
    },
    Refunding,
    RefundedOk {
        amount: Money,
        receipt: String,
    },
    RefundFailed {
        reason: String,
        kind: FailKind,
    },
    Recovered {
        count: usize,
    },
    ScannerLost {
        reason: String,
    },
    ScannerNoise {
        message: String,
    },
    ScannerConnected {
        name: String,
    },
    ApiTrouble {
        reason: String,
    },
    DemoNothingPending,
    /// The printer cannot print now; receipts wait for it.
    PrinterAway {
        reason: String,
        waiting: u32,
    },
    PrinterBack,
    DrawerOpened,
    DrawerFailed {
        reason: String,
    },
    /// The sale's receipt record could not be made (a bug); the sale itself is done.
    ReceiptNotPrinted {
        reason: String,
    },
    /// The waiting paper receipt was dropped: the customer has it in the Vipps app.
    InAppReceipt,
}
