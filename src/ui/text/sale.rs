//! The words of the tender step, returns, parked baskets and the drawer.

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
    lang.pick(match what {
        W::TenderTitle => ["Betaling", "Payment", "Betaling", "Maksu"],
        W::ReturnTitle => ["Retur", "Return", "Retur", "Palautus"],
        W::Owed => [
            "Igjen å betale",
            "Still owed",
            "Mangler at betale",
            "Maksettavaa jäljellä",
        ],
        W::ToGiveBack => [
            "Igjen å betale tilbake",
            "Still to pay back",
            "Mangler at betale tilbage",
            "Palautettavaa jäljellä",
        ],
        W::Paid => ["Betalt", "Paid", "Betalt", "Maksettu"],
        W::Rounding => ["Øreavrunding", "Cash rounding", "Øreafrunding", "Pyöristys"],
        W::Change => ["Vekslepenger", "Change", "Byttepenge", "Vaihtoraha"],
        W::Issuing => [
            "Lagrer kvitteringen …",
            "Storing the receipt…",
            "Gemmer kvitteringen …",
            "Tallennetaan kuittia …",
        ],
        W::CashTitle => ["Kontant", "Cash", "Kontant", "Käteinen"],
        W::CashDue => [
            "Å betale kontant",
            "Due in cash",
            "At betale kontant",
            "Maksettava käteisellä",
        ],
        W::Tendered => ["Mottatt", "Tendered", "Modtaget", "Vastaanotettu"],
        W::QuickNotes => ["Sedler", "Notes", "Sedler", "Setelit"],
        W::CashKeys => [
            "Enter = akkurat / beløpet   F8 = beløpet med Vipps   Esc = tilbake",
            "Enter = exact / the amount   F8 = the amount by Vipps   Esc = back",
            "Enter = præcis / beløbet   F8 = beløbet med MobilePay   Esc = tilbage",
            "Enter = tasan / summa   F8 = summa MobilePaylla   Esc = takaisin",
        ],
        W::CardTitle => [
            "Kort på terminalen",
            "Card on the terminal",
            "Kort på terminalen",
            "Kortti päätteellä",
        ],
        W::CardRun => [
            "Kjør beløpet på terminalen",
            "Run this amount on the terminal",
            "Kør beløbet på terminalen",
            "Veloita summa päätteellä",
        ],
        W::CardKeys => [
            "Enter = terminalen godkjente   Esc = ikke godkjent",
            "Enter = the terminal approved   Esc = not approved",
            "Enter = terminalen godkendte   Esc = ikke godkendt",
            "Enter = pääte hyväksyi   Esc = ei hyväksytty",
        ],
        W::ReturnFindTitle => [
            "Retur mot kvittering",
            "Return against a receipt",
            "Retur mod kvittering",
            "Palautus kuittia vastaan",
        ],
        W::ReturnFindHint => [
            "Kvitteringsnummer, eller skann koden på kvitteringen",
            "Receipt number, or scan the code on the receipt",
            "Kvitteringsnummer, eller scan koden på kvitteringen",
            "Kuitin numero, tai lue kuitin koodi",
        ],
        W::ReturnLinesTitle => [
            "Hva leveres tilbake?",
            "What comes back?",
            "Hvad leveres tilbage?",
            "Mitä palautetaan?",
        ],
        W::ReturnLinesKeys => [
            "↑↓ velg   mellomrom = med/ikke med   Enter = retur   Esc = avbryt",
            "↑↓ move   space = in/out   Enter = return   Esc = cancel",
            "↑↓ vælg   mellemrum = med/ikke med   Enter = retur   Esc = fortryd",
            "↑↓ valitse   välilyönti = mukaan/pois   Enter = palauta   Esc = peru",
        ],
        W::ResumeTitle => [
            "Parkerte kurver",
            "Parked baskets",
            "Parkerede kurve",
            "Pysäköidyt ostoskorit",
        ],
        W::Float => [
            "Vekslepenger ved start",
            "Opening float",
            "Byttepenge ved start",
            "Vaihtokassa alussa",
        ],
        W::CashIn => ["Penger inn", "Pay in", "Penge ind", "Rahaa kassaan"],
        W::CashOut => ["Penger ut", "Pay out", "Penge ud", "Rahaa kassasta"],
        W::Count => [
            "Telling av kassen",
            "Cash count",
            "Optælling af kassen",
            "Kassan laskenta",
        ],
        W::Expected => ["Forventet", "Expected", "Forventet", "Odotettu"],
        W::Reason => ["Grunn", "Reason", "Årsag", "Syy"],
        W::DrawerKeys => [
            "Enter = OK   Tab = bytt felt   Esc = avbryt",
            "Enter = OK   Tab = switch field   Esc = cancel",
            "Enter = OK   Tab = skift felt   Esc = fortryd",
            "Enter = OK   Tab = vaihda kenttää   Esc = peru",
        ],
        W::TerminalRefund => [
            "Kort (retur på terminalen)",
            "Card (refund on the terminal)",
            "Kort (retur på terminalen)",
            "Kortti (palautus päätteellä)",
        ],
        W::Pending => ["sendt …", "sent…", "sendt …", "lähetetty …"],
        W::NextRefund => [
            "Enter = neste tilbakebetaling",
            "Enter = the next refund",
            "Enter = næste tilbagebetaling",
            "Enter = seuraava palautus",
        ],
        W::Training => ["ØVING", "TRAINING", "ØVELSE", "HARJOITUS"],
    })
}

/// A tender's name on screen.
pub fn tender_name(lang: Language, kind: &TenderKind) -> &'static str {
    match kind {
        TenderKind::Cash { .. } => lang.pick(["Kontant", "Cash", "Kontant", "Käteinen"]),
        TenderKind::Card { .. } => lang.pick(["Kort", "Card", "Kort", "Kortti"]),
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
