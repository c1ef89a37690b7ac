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
    /// A scan arrived while a number was being typed: the scan is not taken as digits.
    ScanIgnoredInDialog,
    /// A failed parked sale's basket is back on screen.
    FailedRecalled {
        receipt: String,
    },
    /// F8 with a weighed line that has no weight.
    MissingWeight {
        name: String,
    },
    /// The total is above what the ePayment API takes in one payment.
    AboveMaximum {
        maximum: Money,
    },
    /// The unpaid basket of the last run is back on screen.
    BasketRestored {
        lines: usize,
    },
    /// A refund of the sale went out without an answer; it is offered again as it was.
    RefundUnanswered {
        amount: Money,
    },
    /// The API shows nothing left to refund on the sale.
    NothingToRefund,
    /// The API could not be asked what is refundable; no refund is offered blind.
    RefundCheckFailed {
        reason: String,
        kind: FailKind,
    },
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
    /// The create never reached Vipps (down, slow, or asking to wait): nothing is charged,
    /// the basket is kept, F8 tries again.
    VippsDown {
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
    DemoNothingPending,
    /// At the tender step: what is still owed after a part.
    StillOwed {
        owed: Money,
    },
    /// Cash must be a multiple of the market's smallest coin.
    BadCashAmount {
        unit: Money,
    },
    BadTenderAmount {
        max: Money,
    },
    /// Money was taken already: the tender step cannot be left.
    PartsPaid,
    IssueFailed {
        reason: String,
    },
    Issued {
        receipt: String,
        total: Money,
        change: Money,
    },
    ReturnIssued {
        receipt: String,
        total: Money,
    },
    BadReceiptQuery,
    ReceiptNotFound,
    AlreadyReturned,
    ReceiptLookupFailed {
        reason: String,
    },
    ReceiptUnreadable,
    NothingPicked,
    ReturnStarted,
    NoReturnWithoutReceipt,
    BasketParked {
        id: u64,
    },
    BasketResumed {
        id: u64,
    },
    BadDrawerAmount,
    NeedReason,
    FloatCounted {
        amount: Money,
    },
    CashMoved {
        amount: Money,
    },
    Counted {
        counted: Money,
        expected: Money,
        difference: Money,
    },
    /// A Vipps part of a split, found after a restart, was paid; its sale has no receipt.
    PartWithoutReceipt {
        reference: String,
        amount: Money,
    },
    /// A new reference was made after the API said the old one was used (4020).
    NewReference,
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
    /// The waiting paper receipt was dropped: the customer has it in the Vipps app.
    InAppReceipt,
    /// The copy of the receipt went to the printer.
    CopyPrinted,
    /// Only one copy per receipt: this one has it.
    CopyAlreadyMade,
    CopyFailed {
        reason: String,
    },
    /// `+`/`-` on a weighed line: a weight is typed with F5, not stepped.
    WeighedNoStep {
        name: String,
    },
    /// F5 on a line whose weight came from the scale's label: the label is the weight.
    WeightFromLabel {
        name: String,
    },
    /// Another customer was identified while the basket was being filled.
    CustomerChanged {
        shown: String,
    },
    EnrolCancelled,
    /// A barcode was being keyed in; Esc dropped it.
    KeyedDropped,
    /// An unknown barcode: sell it at a typed price, or Esc.
    OpenPriceAsk {
        code: String,
    },
    BadOpenPrice,
    /// The new day's first sale: the last sales day has no Z report yet.
    ZReportMissing,
    /// The report is journaled, on screen and, `printed`, on paper.
    ReportTaken {
        kind: crate::domain::ReportKind,
        number: u64,
        printed: bool,
    },
    /// Today's Z report is taken already.
    ZAlreadyTaken,
    /// The books could not take the report (the reason goes to the log).
    ReportFailed {
        kind: crate::domain::ReportKind,
        reason: String,
    },
}
