//! The words of the tender step, returns, parked baskets and the drawer.

use super::pick;
use crate::config::Language;
use crate::domain::TenderKind;
use crate::till::DrawerOp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum W {
    TenderTitle,
    ReturnTitle,
    Owed,
    ToGiveBack,
    Paid,
    Rounding,
    Change,
    Issuing,
    CashTitle,
    CashDue,
    Tendered,
    QuickNotes,
    CashKeys,
    CardTitle,
    CardRun,
    CardKeys,
    ReturnFindTitle,
    ReturnFindHint,
    ReturnLinesTitle,
    ReturnLinesKeys,
    ResumeTitle,
    Float,
    CashIn,
    CashOut,
    Count,
    Expected,
    Reason,
    DrawerKeys,
    TerminalRefund,
    Pending,
    NextRefund,
    Training,
}

pub fn w(lang: Language, what: W) -> &'static str {
    let (nb, en) = match what {
        W::TenderTitle => ("Betaling", "Payment"),
        W::ReturnTitle => ("Retur", "Return"),
        W::Owed => ("Igjen å betale", "Still owed"),
        W::ToGiveBack => ("Igjen å betale tilbake", "Still to pay back"),
        W::Paid => ("Betalt", "Paid"),
        W::Rounding => ("Øreavrunding", "Cash rounding"),
        W::Change => ("Vekslepenger", "Change"),
        W::Issuing => ("Lagrer kvitteringen …", "Storing the receipt…"),
        W::CashTitle => ("Kontant", "Cash"),
        W::CashDue => ("Å betale kontant", "Due in cash"),
        W::Tendered => ("Mottatt", "Tendered"),
        W::QuickNotes => ("Sedler", "Notes"),
        W::CashKeys => (
            "Enter = akkurat / beløpet   F8 = beløpet med Vipps   Esc = tilbake",
            "Enter = exact / the amount   F8 = the amount by Vipps   Esc = back",
        ),
        W::CardTitle => ("Kort på terminalen", "Card on the terminal"),
        W::CardRun => (
            "Kjør beløpet på terminalen",
            "Run this amount on the terminal",
        ),
        W::CardKeys => (
            "Enter = terminalen godkjente   Esc = ikke godkjent",
            "Enter = the terminal approved   Esc = not approved",
        ),
        W::ReturnFindTitle => ("Retur mot kvittering", "Return against a receipt"),
        W::ReturnFindHint => (
            "Kvitteringsnummer, eller skann koden på kvitteringen",
            "Receipt number, or scan the code on the receipt",
        ),
        W::ReturnLinesTitle => ("Hva leveres tilbake?", "What comes back?"),
        W::ReturnLinesKeys => (
            "↑↓ velg   mellomrom = med/ikke med   Enter = retur   Esc = avbryt",
            "↑↓ move   space = in/out   Enter = return   Esc = cancel",
        ),
        W::ResumeTitle => ("Parkerte kurver", "Parked baskets"),
        W::Float => ("Vekslepenger ved start", "Opening float"),
        W::CashIn => ("Penger inn", "Pay in"),
        W::CashOut => ("Penger ut", "Pay out"),
        W::Count => ("Telling av kassen", "Cash count"),
        W::Expected => ("Forventet", "Expected"),
        W::Reason => ("Grunn", "Reason"),
        W::DrawerKeys => (
            "Enter = OK   Tab = bytt felt   Esc = avbryt",
            "Enter = OK   Tab = switch field   Esc = cancel",
        ),
        W::TerminalRefund => (
            "Kort (retur på terminalen)",
            "Card (refund on the terminal)",
        ),
        W::Pending => ("sendt …", "sent…"),
        W::NextRefund => ("Enter = neste tilbakebetaling", "Enter = the next refund"),
        W::Training => ("ØVING", "TRAINING"),
    };
    pick(lang, nb, en)
}

/// A tender's name on screen.
pub fn tender_name(lang: Language, kind: &TenderKind) -> &'static str {
    match kind {
        TenderKind::Cash { .. } => pick(lang, "Kontant", "Cash"),
        TenderKind::Card { .. } => pick(lang, "Kort", "Card"),
        TenderKind::Vipps { .. } => "Vipps MobilePay",
    }
}

pub fn drawer_title(lang: Language, op: DrawerOp) -> &'static str {
    w(
        lang,
        match op {
            DrawerOp::Float => W::Float,
            DrawerOp::CashIn => W::CashIn,
            DrawerOp::CashOut => W::CashOut,
            DrawerOp::Count => W::Count,
        },
    )
}
