//! The walk over every text the till can show: each `Say` (with every failure kind), each
//! recovery note, each `T` and `W` label, each action's button and help, each phone-number
//! error. In bokmål none may hold an English word or the raw API text; in Danish and Finnish
//! each must be its own text, not the English one. The index functions match exhaustively, so
//! a new variant does not compile until it is numbered here, and the walk fails until it has a
//! sample.

use super::*;
use crate::config::Language;
use crate::domain::{Country, Currency, Money, Msisdn, MsisdnError, Unreadable};
use crate::till::keymap::ACTIONS;
use crate::till::{FailKind, PayStep, Recovered, Recovery, Say};

/// What an API says when it refuses: it must never reach the screen.
const RAW: &str = "Vipps answered 404: Payment not found";

/// Common English words that have no place on a bokmål screen. Words that are also Norwegian
/// ("for", "at", "i", "to" = two, "store" = big, "sent" = late, "still" = quiet) are left out.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "is",
    "was",
    "not",
    "of",
    "with",
    "payment",
    "receipt",
    "customer",
    "failed",
    "found",
    "answered",
    "amount",
    "outside",
    "minor",
    "units",
    "error",
    "please",
    "try",
    "again",
    "cannot",
    "could",
    "sale",
    "number",
    "digits",
    "after",
    "leading",
    "this",
    "that",
    "item",
    "basket",
    "cancel",
    "refund",
    "phone",
    "member",
    "welcome",
    "paid",
    "thank",
    "you",
    "no",
    "yes",
    "press",
    "close",
    "wait",
    "waiting",
    "printer",
    "drawer",
    "change",
    "cash",
    "card",
    "back",
    "next",
    "saved",
    "lost",
    "approved",
    "captured",
    "unknown",
    "invalid",
    "empty",
    "code",
    "shop",
    "till",
    "help",
    "keys",
    "quit",
    "done",
    "ready",
    "away",
    "only",
    "answer",
    "scanner",
    "search",
    "discount",
    "total",
    "country",
    "supported",
    "starts",
];

/// Texts that are rightly the same in English and Danish or Finnish: brand and technical words.
const SAME_EVERYWHERE: &[&str] = &[
    "OK",
    "API",
    "Webhooks",
    "live",
    "Scanner",
    "Printer",
    "Reference",
];

fn money() -> Money {
    Money::new(12_990, Currency::Nok)
}

const KINDS: [FailKind; 9] = [
    FailKind::CannotPay,
    FailKind::PushNotAllowed,
    FailKind::OldApp,
    FailKind::NotLoginUser,
    FailKind::Timeout,
    FailKind::Unreachable,
    FailKind::RateLimited,
    FailKind::ServerError,
    FailKind::Other,
];

/// A failure kind's number; exhaustive so `KINDS` cannot fall behind.
fn kind_index(k: FailKind) -> usize {
    match k {
        FailKind::CannotPay => 0,
        FailKind::PushNotAllowed => 1,
        FailKind::OldApp => 2,
        FailKind::NotLoginUser => 3,
        FailKind::Timeout => 4,
        FailKind::Unreachable => 5,
        FailKind::RateLimited => 6,
        FailKind::ServerError => 7,
        FailKind::Other => 8,
    }
}

fn unreadables() -> Vec<Unreadable> {
    vec![
        Unreadable::Empty,
        Unreadable::CheckDigit {
            code: "7040513000012".into(),
            got: 2,
            want: 1,
        },
        Unreadable::NotGtin {
            shown: "12345".into(),
            len: 5,
        },
        Unreadable::WebLink {
            shown: "https://example.com".into(),
        },
        Unreadable::DamagedQr,
        Unreadable::Neither { shown: "#x".into() },
    ]
}

const SAYS: usize = 100;

fn say_samples() -> Vec<Say> {
    vec![
        Say::ScanUnknown(Unreadable::Empty),
        Say::ReadingQr,
        Say::QrFailed {
            reason: RAW.into(),
            kind: FailKind::Other,
        },
        Say::AlreadyIdentified,
        Say::LookupFailed { reason: RAW.into() },
        Say::NotMemberHint,
        Say::MemberWelcome {
            name: Some("Kari".into()),
        },
        Say::ProductUnknown {
            code: "000042".into(),
        },
        Say::ProductLookupFailed { reason: RAW.into() },
        Say::Added {
            name: "000042".into(),
        },
        Say::Voided {
            name: "000042".into(),
        },
        Say::BusyPaying,
        Say::NeedCustomer,
        Say::EmptyBasket,
        Say::BelowMinimum { minimum: money() },
        Say::BadQuantity,
        Say::BadDiscount,
        Say::ScanIgnoredInDialog,
        Say::FailedRecalled {
            receipt: "000042".into(),
        },
        Say::MissingWeight {
            name: "000042".into(),
        },
        Say::AboveMaximum { maximum: money() },
        Say::BasketRestored { lines: 3 },
        Say::RefundUnanswered { amount: money() },
        Say::NothingToRefund,
        Say::RefundCheckFailed {
            reason: RAW.into(),
            kind: FailKind::Other,
        },
        Say::EnrolStartFailed {
            reason: RAW.into(),
            kind: FailKind::Other,
        },
        Say::EnrolDenied,
        Say::EnrolExpired,
        Say::EnrolFailed { reason: RAW.into() },
        Say::Enrolled {
            name: Some("Kari".into()),
        },
        Say::SaleNotSaved { reason: RAW.into() },
        Say::PaymentRefused {
            reason: RAW.into(),
            kind: FailKind::Other,
        },
        Say::VippsDown {
            kind: FailKind::Other,
        },
        Say::NoAnswerChecking,
        Say::Rejected,
        Say::Expired,
        Say::CancelledOk,
        Say::ReservationReleased,
        Say::ApprovedBeforeCancel,
        Say::CancelFailed {
            reason: RAW.into(),
            kind: FailKind::Other,
        },
        Say::CaptureFailed {
            reason: RAW.into(),
            kind: FailKind::Other,
        },
        Say::CapturedPart {
            captured: money(),
            total: money(),
        },
        Say::AuthorizedConfirm,
        Say::BackgroundPaid {
            receipt: "000042".into(),
            total: money(),
        },
        Say::BackgroundFailed {
            receipt: "000042".into(),
        },
        Say::MovedToBackground {
            receipt: "000042".into(),
        },
        Say::NothingToRecall,
        Say::FinishFirst,
        Say::RefundTooMuch { max: money() },
        Say::Refunding,
        Say::RefundedOk {
            amount: money(),
            receipt: "000042".into(),
        },
        Say::RefundFailed {
            reason: RAW.into(),
            kind: FailKind::Other,
        },
        Say::Recovered { count: 3 },
        Say::ScannerLost { reason: RAW.into() },
        Say::ScannerNoise {
            message: RAW.into(),
        },
        Say::ScannerConnected {
            name: "000042".into(),
        },
        Say::DemoNothingPending,
        Say::StillOwed { owed: money() },
        Say::BadCashAmount { unit: money() },
        Say::BadTenderAmount { max: money() },
        Say::PartsPaid,
        Say::IssueFailed { reason: RAW.into() },
        Say::Issued {
            receipt: "000042".into(),
            total: money(),
            change: money(),
        },
        Say::ReturnIssued {
            receipt: "000042".into(),
            total: money(),
        },
        Say::BadReceiptQuery,
        Say::ReceiptNotFound,
        Say::AlreadyReturned,
        Say::ReceiptLookupFailed { reason: RAW.into() },
        Say::ReceiptUnreadable,
        Say::NothingPicked,
        Say::ReturnStarted,
        Say::NoReturnWithoutReceipt,
        Say::BasketParked { id: 7 },
        Say::BasketResumed { id: 7 },
        Say::BadDrawerAmount,
        Say::NeedReason,
        Say::FloatCounted { amount: money() },
        Say::CashMoved { amount: money() },
        Say::Counted {
            counted: money(),
            expected: money(),
            difference: money(),
        },
        Say::PartWithoutReceipt {
            reference: "000042".into(),
            amount: money(),
        },
        Say::NewReference,
        Say::PrinterAway {
            reason: RAW.into(),
            waiting: 2,
        },
        Say::PrinterBack,
        Say::DrawerOpened,
        Say::DrawerFailed { reason: RAW.into() },
        Say::InAppReceipt,
        Say::CopyPrinted,
        Say::CopyAlreadyMade,
        Say::CopyFailed { reason: RAW.into() },
        Say::WeighedNoStep {
            name: "Epler".into(),
        },
        Say::WeightFromLabel {
            name: "Laks".into(),
        },
        Say::CustomerChanged {
            shown: "Kari".into(),
        },
        Say::EnrolCancelled,
        Say::KeyedDropped,
        Say::OpenPriceAsk {
            code: "7038010009525".into(),
        },
        Say::BadOpenPrice,
        Say::ZReportMissing,
        Say::ReportTaken {
            kind: crate::domain::ReportKind::Z,
            number: 3,
            printed: true,
        },
        Say::ReportTaken {
            kind: crate::domain::ReportKind::X,
            number: 4,
            printed: false,
        },
        Say::ZAlreadyTaken,
        Say::ReportFailed {
            kind: crate::domain::ReportKind::X,
            reason: RAW.into(),
        },
    ]
}

/// Which variant `s` is. Exhaustive on purpose: a new `Say` does not compile until it has a
/// number here, and the walk fails until it has a sample too.
fn say_index(s: &Say) -> usize {
    match s {
        Say::ScanUnknown(_) => 0,
        Say::ReadingQr => 1,
        Say::QrFailed { .. } => 2,
        Say::AlreadyIdentified => 3,
        Say::LookupFailed { .. } => 4,
        Say::NotMemberHint => 5,
        Say::MemberWelcome { .. } => 6,
        Say::ProductUnknown { .. } => 7,
        Say::ProductLookupFailed { .. } => 8,
        Say::Added { .. } => 9,
        Say::Voided { .. } => 10,
        Say::BusyPaying => 11,
        Say::NeedCustomer => 12,
        Say::EmptyBasket => 13,
        Say::BelowMinimum { .. } => 14,
        Say::BadQuantity => 15,
        Say::BadDiscount => 16,
        Say::ScanIgnoredInDialog => 17,
        Say::FailedRecalled { .. } => 18,
        Say::MissingWeight { .. } => 19,
        Say::AboveMaximum { .. } => 20,
        Say::BasketRestored { .. } => 21,
        Say::RefundUnanswered { .. } => 22,
        Say::NothingToRefund => 23,
        Say::RefundCheckFailed { .. } => 24,
        Say::EnrolStartFailed { .. } => 25,
        Say::EnrolDenied => 26,
        Say::EnrolExpired => 27,
        Say::EnrolFailed { .. } => 28,
        Say::Enrolled { .. } => 29,
        Say::SaleNotSaved { .. } => 30,
        Say::PaymentRefused { .. } => 31,
        Say::VippsDown { .. } => 32,
        Say::NoAnswerChecking => 33,
        Say::Rejected => 34,
        Say::Expired => 35,
        Say::CancelledOk => 36,
        Say::ReservationReleased => 37,
        Say::ApprovedBeforeCancel => 38,
        Say::CancelFailed { .. } => 39,
        Say::CaptureFailed { .. } => 40,
        Say::CapturedPart { .. } => 41,
        Say::AuthorizedConfirm => 42,
        Say::BackgroundPaid { .. } => 43,
        Say::BackgroundFailed { .. } => 44,
        Say::MovedToBackground { .. } => 45,
        Say::NothingToRecall => 46,
        Say::FinishFirst => 47,
        Say::RefundTooMuch { .. } => 48,
        Say::Refunding => 49,
        Say::RefundedOk { .. } => 50,
        Say::RefundFailed { .. } => 51,
        Say::Recovered { .. } => 52,
        Say::ScannerLost { .. } => 53,
        Say::ScannerNoise { .. } => 54,
        Say::ScannerConnected { .. } => 55,
        Say::DemoNothingPending => 56,
        Say::StillOwed { .. } => 57,
        Say::BadCashAmount { .. } => 58,
        Say::BadTenderAmount { .. } => 59,
        Say::PartsPaid => 60,
        Say::IssueFailed { .. } => 61,
        Say::Issued { .. } => 62,
        Say::ReturnIssued { .. } => 63,
        Say::BadReceiptQuery => 64,
        Say::ReceiptNotFound => 65,
        Say::AlreadyReturned => 66,
        Say::ReceiptLookupFailed { .. } => 67,
        Say::ReceiptUnreadable => 68,
        Say::NothingPicked => 69,
        Say::ReturnStarted => 70,
        Say::NoReturnWithoutReceipt => 71,
        Say::BasketParked { .. } => 72,
        Say::BasketResumed { .. } => 73,
        Say::BadDrawerAmount => 74,
        Say::NeedReason => 75,
        Say::FloatCounted { .. } => 76,
        Say::CashMoved { .. } => 77,
        Say::Counted { .. } => 78,
        Say::PartWithoutReceipt { .. } => 79,
        Say::NewReference => 80,
        Say::PrinterAway { .. } => 81,
        Say::PrinterBack => 82,
        Say::DrawerOpened => 83,
        Say::DrawerFailed { .. } => 84,
        Say::InAppReceipt => 85,
        Say::CopyPrinted => 86,
        Say::CopyAlreadyMade => 87,
        Say::CopyFailed { .. } => 88,
        Say::WeighedNoStep { .. } => 89,
        Say::WeightFromLabel { .. } => 90,
        Say::CustomerChanged { .. } => 91,
        Say::EnrolCancelled => 92,
        Say::KeyedDropped => 93,
        Say::OpenPriceAsk { .. } => 94,
        Say::BadOpenPrice => 95,
        Say::ZReportMissing => 96,
        Say::ReportTaken { .. } => 97,
        Say::ZAlreadyTaken => 98,
        Say::ReportFailed { .. } => 99,
    }
}

const RECOVERIES: usize = 17;

fn recovery_samples() -> Vec<Recovery> {
    vec![
        Recovery::WasCaptured,
        Recovery::Capturing,
        Recovery::AwaitingCapture,
        Recovery::Watching,
        Recovery::WatchingUnreachable { reason: RAW.into() },
        Recovery::DidNotPay,
        Recovery::NeverArrived,
        Recovery::NoCustomer,
        Recovery::Cancelled,
        Recovery::Released,
        Recovery::CapturedBeforeCancel,
        Recovery::CancelFailed { reason: RAW.into() },
        Recovery::RefundDone { amount: money() },
        Recovery::RefundNotSaved {
            amount: money(),
            reason: RAW.into(),
        },
        Recovery::RefundUnconfirmed {
            amount: money(),
            reason: RAW.into(),
        },
        Recovery::RefundRefused {
            amount: money(),
            reason: RAW.into(),
        },
        Recovery::RefundUnreadable,
    ]
}

/// Which note `r` is; exhaustive like `say_index`.
fn recovery_index(r: &Recovery) -> usize {
    match r {
        Recovery::WasCaptured => 0,
        Recovery::Capturing => 1,
        Recovery::AwaitingCapture => 2,
        Recovery::Watching => 3,
        Recovery::WatchingUnreachable { .. } => 4,
        Recovery::DidNotPay => 5,
        Recovery::NeverArrived => 6,
        Recovery::NoCustomer => 7,
        Recovery::Cancelled => 8,
        Recovery::Released => 9,
        Recovery::CapturedBeforeCancel => 10,
        Recovery::CancelFailed { .. } => 11,
        Recovery::RefundDone { .. } => 12,
        Recovery::RefundNotSaved { .. } => 13,
        Recovery::RefundUnconfirmed { .. } => 14,
        Recovery::RefundRefused { .. } => 15,
        Recovery::RefundUnreadable => 16,
    }
}

const TS: usize = 136;

const ALL_T: [T; TS] = [
    T::Basket,
    T::Item,
    T::Qty,
    T::UnitPrice,
    T::Discount,
    T::LineTotal,
    T::Total,
    T::Vat,
    T::VatOf,
    T::EmptyBasket,
    T::MoreLines,
    T::Customer,
    T::NoCustomer,
    T::Member,
    T::NotMember,
    T::LookingUp,
    T::MemberUnknown,
    T::CheckinSending,
    T::CheckinSent,
    T::CheckinFailed,
    T::EnrolHint,
    T::Enrolment,
    T::EnrolCompare,
    T::EnrolStarting,
    T::EnrolWaiting,
    T::EnrolFailed,
    T::Payment,
    T::ExpiresIn,
    T::Receipt,
    T::ReceiptNo,
    T::Reference,
    T::CustomerName,
    T::NextCustomer,
    T::Parked,
    T::Recovered,
    T::Phone,
    T::PhoneEmpty,
    T::PhonePay,
    T::PhoneLogin,
    T::PhoneAnswer,
    T::DemoScans,
    T::Help,
    T::HelpClose,
    T::TooSmall,
    T::Scanner,
    T::ScannerNone,
    T::ScannerLost,
    T::Printer,
    T::PrinterReady,
    T::PrinterAway,
    T::PrinterDrawerOpen,
    T::PrinterPaperLow,
    T::Webhooks,
    T::WebhooksLive,
    T::WebhooksRetrying,
    T::PollingOnly,
    T::Api,
    T::ClubOffline,
    T::ApiOk,
    T::ApiDegraded,
    T::Till,
    T::PhoneTitle,
    T::PhonePrompt,
    T::SearchTitle,
    T::SearchPrompt,
    T::SaleLabel,
    T::Amount,
    T::SearchHint,
    T::NoHits,
    T::QuantityTitle,
    T::QuantityGrams,
    T::QuantityPieces,
    T::DiscountTitle,
    T::DiscountHint,
    T::RefundFindTitle,
    T::RefundFindHint,
    T::RefundAmountTitle,
    T::Captured,
    T::Refunded,
    T::AtMost,
    T::RecallTitle,
    T::NotPaid,
    T::RefundCheckingTitle,
    T::RefundChecking,
    T::RefundConfirmTitle,
    T::RefundConfirmText,
    T::RefundConfirmKeys,
    T::ConfirmQuantityTitle,
    T::ConfirmQuantityText,
    T::ConfirmCancelTitle,
    T::ConfirmCancelText,
    T::ConfirmReleaseTitle,
    T::ConfirmReleaseText,
    T::ConfirmQuitBasketText,
    T::ConfirmQuitFailedText,
    T::ConfirmQuitTitle,
    T::ConfirmQuitText,
    T::ConfirmClearTitle,
    T::ConfirmClearText,
    T::YesNo,
    T::OkCancel,
    T::PickOkCancel,
    T::KeyArrows,
    T::KeyPlusMinus,
    T::KeyEnter,
    T::KeyEsc,
    T::RecoveredTitle,
    T::RecoveredAck,
    T::EnrolFailedNext,
    T::NoSuchSale,
    T::WindowTooSmall,
    T::BarKeyYes,
    T::BarKeyNo,
    T::BarKeyOk,
    T::BarKeyCancel,
    T::BarKeyClose,
    T::BarKeyPick,
    T::BarKeyMark,
    T::BarKeyField,
    T::BarKeyVat,
    T::BarKeyAdd,
    T::BarKeyDrop,
    T::BarKeyErase,
    T::KeyedLabel,
    T::OpenPriceTitle,
    T::OpenPriceCode,
    T::OpenPricePrice,
    T::OpenPriceVat,
    T::ConfirmCancelEnrolTitle,
    T::ConfirmCancelEnrolText,
    T::KeyPages,
    T::KeyDigits,
    T::ConfirmZTitle,
    T::ConfirmZText,
    T::ReportScroll,
    T::BarKeyScroll,
];

/// Which label `t` is; exhaustive like `say_index`.
fn t_index(t: T) -> usize {
    match t {
        T::Basket => 0,
        T::Item => 1,
        T::Qty => 2,
        T::UnitPrice => 3,
        T::Discount => 4,
        T::LineTotal => 5,
        T::Total => 6,
        T::Vat => 7,
        T::VatOf => 8,
        T::EmptyBasket => 9,
        T::MoreLines => 10,
        T::Customer => 11,
        T::NoCustomer => 12,
        T::Member => 13,
        T::NotMember => 14,
        T::LookingUp => 15,
        T::MemberUnknown => 16,
        T::CheckinSending => 17,
        T::CheckinSent => 18,
        T::CheckinFailed => 19,
        T::EnrolHint => 20,
        T::Enrolment => 21,
        T::EnrolCompare => 22,
        T::EnrolStarting => 23,
        T::EnrolWaiting => 24,
        T::EnrolFailed => 25,
        T::Payment => 26,
        T::ExpiresIn => 27,
        T::Receipt => 28,
        T::ReceiptNo => 29,
        T::Reference => 30,
        T::CustomerName => 31,
        T::NextCustomer => 32,
        T::Parked => 33,
        T::Recovered => 34,
        T::Phone => 35,
        T::PhoneEmpty => 36,
        T::PhonePay => 37,
        T::PhoneLogin => 38,
        T::PhoneAnswer => 39,
        T::DemoScans => 40,
        T::Help => 41,
        T::HelpClose => 42,
        T::TooSmall => 43,
        T::Scanner => 44,
        T::ScannerNone => 45,
        T::ScannerLost => 46,
        T::Printer => 47,
        T::PrinterReady => 48,
        T::PrinterAway => 49,
        T::PrinterDrawerOpen => 50,
        T::PrinterPaperLow => 51,
        T::Webhooks => 52,
        T::WebhooksLive => 53,
        T::WebhooksRetrying => 54,
        T::PollingOnly => 55,
        T::Api => 56,
        T::ClubOffline => 57,
        T::ApiOk => 58,
        T::ApiDegraded => 59,
        T::Till => 60,
        T::PhoneTitle => 61,
        T::PhonePrompt => 62,
        T::SearchTitle => 63,
        T::SearchPrompt => 64,
        T::SaleLabel => 65,
        T::Amount => 66,
        T::SearchHint => 67,
        T::NoHits => 68,
        T::QuantityTitle => 69,
        T::QuantityGrams => 70,
        T::QuantityPieces => 71,
        T::DiscountTitle => 72,
        T::DiscountHint => 73,
        T::RefundFindTitle => 74,
        T::RefundFindHint => 75,
        T::RefundAmountTitle => 76,
        T::Captured => 77,
        T::Refunded => 78,
        T::AtMost => 79,
        T::RecallTitle => 80,
        T::NotPaid => 81,
        T::RefundCheckingTitle => 82,
        T::RefundChecking => 83,
        T::RefundConfirmTitle => 84,
        T::RefundConfirmText => 85,
        T::RefundConfirmKeys => 86,
        T::ConfirmQuantityTitle => 87,
        T::ConfirmQuantityText => 88,
        T::ConfirmCancelTitle => 89,
        T::ConfirmCancelText => 90,
        T::ConfirmReleaseTitle => 91,
        T::ConfirmReleaseText => 92,
        T::ConfirmQuitBasketText => 93,
        T::ConfirmQuitFailedText => 94,
        T::ConfirmQuitTitle => 95,
        T::ConfirmQuitText => 96,
        T::ConfirmClearTitle => 97,
        T::ConfirmClearText => 98,
        T::YesNo => 99,
        T::OkCancel => 100,
        T::PickOkCancel => 101,
        T::KeyArrows => 102,
        T::KeyPlusMinus => 103,
        T::KeyEnter => 104,
        T::KeyEsc => 105,
        T::RecoveredTitle => 106,
        T::RecoveredAck => 107,
        T::EnrolFailedNext => 108,
        T::NoSuchSale => 109,
        T::WindowTooSmall => 110,
        T::BarKeyYes => 111,
        T::BarKeyNo => 112,
        T::BarKeyOk => 113,
        T::BarKeyCancel => 114,
        T::BarKeyClose => 115,
        T::BarKeyPick => 116,
        T::BarKeyMark => 117,
        T::BarKeyField => 118,
        T::BarKeyVat => 119,
        T::BarKeyAdd => 120,
        T::BarKeyDrop => 121,
        T::BarKeyErase => 122,
        T::KeyedLabel => 123,
        T::OpenPriceTitle => 124,
        T::OpenPriceCode => 125,
        T::OpenPricePrice => 126,
        T::OpenPriceVat => 127,
        T::ConfirmCancelEnrolTitle => 128,
        T::ConfirmCancelEnrolText => 129,
        T::KeyPages => 130,
        T::KeyDigits => 131,
        T::ConfirmZTitle => 132,
        T::ConfirmZText => 133,
        T::ReportScroll => 134,
        T::BarKeyScroll => 135,
    }
}

const WS: usize = 32;

const ALL_W: [W; WS] = [
    W::TenderTitle,
    W::ReturnTitle,
    W::Owed,
    W::ToGiveBack,
    W::Paid,
    W::Rounding,
    W::Change,
    W::Issuing,
    W::CashTitle,
    W::CashDue,
    W::Tendered,
    W::QuickNotes,
    W::CashKeys,
    W::CardTitle,
    W::CardRun,
    W::CardKeys,
    W::ReturnFindTitle,
    W::ReturnFindHint,
    W::ReturnLinesTitle,
    W::ReturnLinesKeys,
    W::ResumeTitle,
    W::Float,
    W::CashIn,
    W::CashOut,
    W::Count,
    W::Expected,
    W::Reason,
    W::DrawerKeys,
    W::TerminalRefund,
    W::Pending,
    W::NextRefund,
    W::Training,
];

/// Which word `w` is; exhaustive like `say_index`.
fn w_index(w: W) -> usize {
    match w {
        W::TenderTitle => 0,
        W::ReturnTitle => 1,
        W::Owed => 2,
        W::ToGiveBack => 3,
        W::Paid => 4,
        W::Rounding => 5,
        W::Change => 6,
        W::Issuing => 7,
        W::CashTitle => 8,
        W::CashDue => 9,
        W::Tendered => 10,
        W::QuickNotes => 11,
        W::CashKeys => 12,
        W::CardTitle => 13,
        W::CardRun => 14,
        W::CardKeys => 15,
        W::ReturnFindTitle => 16,
        W::ReturnFindHint => 17,
        W::ReturnLinesTitle => 18,
        W::ReturnLinesKeys => 19,
        W::ResumeTitle => 20,
        W::Float => 21,
        W::CashIn => 22,
        W::CashOut => 23,
        W::Count => 24,
        W::Expected => 25,
        W::Reason => 26,
        W::DrawerKeys => 27,
        W::TerminalRefund => 28,
        W::Pending => 29,
        W::NextRefund => 30,
        W::Training => 31,
    }
}

/// Every `Say` the walk renders: each sample, each with every failure kind where it has one,
/// each scan problem, and the name-less forms.
fn every_say() -> Vec<Say> {
    let mut all = Vec::new();
    for s in say_samples() {
        let with_kind = |kind: FailKind| -> Option<Say> {
            let mut s = s.clone();
            match &mut s {
                Say::QrFailed { kind: k, .. }
                | Say::RefundCheckFailed { kind: k, .. }
                | Say::EnrolStartFailed { kind: k, .. }
                | Say::PaymentRefused { kind: k, .. }
                | Say::VippsDown { kind: k }
                | Say::CancelFailed { kind: k, .. }
                | Say::CaptureFailed { kind: k, .. }
                | Say::RefundFailed { kind: k, .. } => *k = kind,
                _ => return None,
            }
            Some(s)
        };
        all.extend(KINDS.iter().filter_map(|k| with_kind(*k)));
        all.push(s);
    }
    all.extend(unreadables().into_iter().map(Say::ScanUnknown));
    all.push(Say::MemberWelcome { name: None });
    all.push(Say::Enrolled { name: None });
    all.push(Say::Issued {
        receipt: "000042".into(),
        total: money(),
        change: Money::new(1_010, Currency::Nok),
    });
    all
}

fn msisdn_errors() -> Vec<MsisdnError> {
    let mut all: Vec<MsisdnError> = [
        ("", Country::Norway),
        ("9123456a", Country::Norway),
        ("+46 70 123 45 67", Country::Norway),
        ("+86 123 4567 8901", Country::Norway),
        ("9123456", Country::Norway),
        ("2012345", Country::Denmark),
        ("040 1234", Country::Finland),
        ("22123456", Country::Norway),
        ("01234567", Country::Denmark),
        ("09 1234567", Country::Finland),
    ]
    .iter()
    .filter_map(|(input, country)| Msisdn::parse(input, *country).err())
    .collect();
    all.dedup();
    all
}

/// Every text in `lang`, each with a name saying where it came from.
fn every_text(lang: Language) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in every_say() {
        out.push((format!("{s:?}"), say(lang, &s)));
    }
    for note in recovery_samples() {
        let r = Recovered {
            what: "000042".into(),
            note,
        };
        out.push((format!("{r:?}"), recovered(lang, &r)));
        out.push((
            format!("money {r:?}"),
            money_moved(lang, r.note.money()).into(),
        ));
    }
    for what in ALL_T {
        out.push((format!("T::{what:?}"), t(lang, what).to_string()));
    }
    for what in ALL_W {
        out.push((format!("W::{what:?}"), w(lang, what).to_string()));
    }
    for a in ACTIONS {
        out.push((
            format!("label {:?}", a.action),
            action_label(lang, a.action).into(),
        ));
        out.push((
            format!("help {:?}", a.action),
            action_help(lang, a.action).into(),
        ));
    }
    let steps = [
        PayStep::Journaling,
        PayStep::Requesting,
        PayStep::Waiting,
        PayStep::Authorized,
        PayStep::Capturing,
        PayStep::Cancelling { release: false },
        PayStep::Cancelling { release: true },
        PayStep::Checking,
    ];
    for step in steps {
        out.push((format!("{step:?}"), step_name(lang, &step).into()));
    }
    for e in msisdn_errors() {
        out.push((format!("{e:?}"), msisdn_error(lang, &e)));
    }
    out
}

fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

#[test]
fn the_walk_has_a_sample_of_every_variant() {
    let mut says: Vec<usize> = say_samples().iter().map(say_index).collect();
    says.sort_unstable();
    says.dedup();
    assert_eq!(
        says,
        (0..SAYS).collect::<Vec<_>>(),
        "a Say without a sample"
    );
    let mut notes: Vec<usize> = recovery_samples().iter().map(recovery_index).collect();
    notes.sort_unstable();
    notes.dedup();
    assert_eq!(notes, (0..RECOVERIES).collect::<Vec<_>>());
    let ts: Vec<usize> = ALL_T.iter().map(|x| t_index(*x)).collect();
    assert_eq!(ts, (0..TS).collect::<Vec<_>>());
    let ws: Vec<usize> = ALL_W.iter().map(|x| w_index(*x)).collect();
    assert_eq!(ws, (0..WS).collect::<Vec<_>>());
    let kinds: Vec<usize> = KINDS.iter().map(|k| kind_index(*k)).collect();
    assert_eq!(kinds, (0..KINDS.len()).collect::<Vec<_>>());
}

#[test]
fn no_english_word_and_no_raw_api_text_on_a_bokmal_screen() {
    let texts = every_text(Language::Norwegian);
    assert!(texts.len() > 400, "the walk shrank: {}", texts.len());
    let bad: Vec<String> = texts
        .iter()
        .filter(|(_, text)| !english_words(text).is_empty() || text.contains("answered"))
        .map(|(from, text)| format!("{from}: {text}  {:?}", english_words(text)))
        .collect();
    assert!(
        bad.is_empty(),
        "English on the bokmål screen:\n{}",
        bad.join("\n")
    );
    // The word list does find English where there is English.
    let caught = every_text(Language::English)
        .iter()
        .filter(|(_, text)| !english_words(text).is_empty())
        .count();
    assert!(
        caught > 200,
        "the word list finds English in only {caught} texts"
    );
}

#[test]
fn no_raw_api_text_in_any_language() {
    for lang in Language::ALL {
        for (from, text) in every_text(lang) {
            assert!(
                !text.contains("Payment not found") && !text.contains("answered 404"),
                "{lang:?} {from}: {text}"
            );
        }
    }
}

#[test]
fn danish_and_finnish_have_their_own_words() {
    let english = every_text(Language::English);
    for lang in [Language::Danish, Language::Finnish] {
        let same: Vec<String> = every_text(lang)
            .iter()
            .zip(&english)
            .filter(|((_, ours), (_, en))| ours == en && !SAME_EVERYWHERE.contains(&ours.as_str()))
            .map(|((from, text), _)| format!("{from}: {text}"))
            .collect();
        assert!(
            same.is_empty(),
            "{lang:?} shows English:\n{}",
            same.join("\n")
        );
    }
}

#[test]
fn every_language_has_a_text_for_everything() {
    for lang in Language::ALL {
        for (from, text) in every_text(lang) {
            assert!(!text.trim().is_empty(), "{lang:?} {from} is empty");
        }
    }
}

/// The help overlay at 80 columns gives each sentence 31 characters.
const HELP_ROOM: usize = 31;

#[test]
fn every_help_sentence_fits_the_help_overlay_at_80_columns() {
    let mut long = Vec::new();
    for lang in Language::ALL {
        let keys = [T::KeyEsc, T::KeyArrows, T::KeyPlusMinus, T::KeyEnter];
        let texts = ACTIONS
            .iter()
            .map(|a| action_help(lang, a.action))
            .chain(keys.iter().map(|k| t(lang, *k)));
        for text in texts {
            if text.chars().count() > HELP_ROOM {
                long.push(format!("{lang:?} ({}): {text}", text.chars().count()));
            }
        }
    }
    assert!(long.is_empty(), "too long for help:\n{}", long.join("\n"));
}
