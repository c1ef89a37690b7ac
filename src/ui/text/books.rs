//! The books' words at the till: the sign-in dialog, the missing-Z reminder, training mode,
//! the sign-out and report keys.

use super::T;
use crate::config::Language;
use crate::domain::ReportKind;
use crate::till::session::{Field, Notice};
use crate::till::{Action, Say};

/// The sign-in dialog's title.
pub fn signin_title(lang: Language) -> &'static str {
    lang.pick(["Logg inn", "Sign in", "Log ind", "Kirjaudu sisään"])
}

/// The label of a field in the sign-in dialog.
pub fn signin_field(lang: Language, field: Field) -> &'static str {
    match field {
        Field::Id => lang.pick([
            "Kasserer-ID",
            "Cashier id",
            "Kasserer-id",
            "Kassanhoitajan tunnus",
        ]),
        Field::Pin => lang.pick(["PIN-kode", "PIN", "PIN-kode", "PIN-koodi"]),
    }
}

/// The dialog's prompt for the field being typed.
pub fn signin_prompt(lang: Language, field: Field) -> &'static str {
    match field {
        Field::Id => lang.pick([
            "Kasserer-ID, så Enter",
            "Cashier id, then Enter",
            "Kasserer-id, derefter Enter",
            "Kassanhoitajan tunnus, sitten Enter",
        ]),
        Field::Pin => lang.pick([
            "PIN-kode, så Enter (Esc: tøm)",
            "PIN, then Enter (Esc: clear)",
            "PIN-kode, derefter Enter (Esc: ryd)",
            "PIN-koodi, sitten Enter (Esc: tyhjennä)",
        ]),
    }
}

pub fn signin_notice(lang: Language, notice: Notice) -> String {
    match notice {
        Notice::None => String::new(),
        Notice::Checking => lang
            .pick([
                "Sjekker …",
                "Checking …",
                "Kontrollerer …",
                "Tarkistetaan …",
            ])
            .to_string(),
        Notice::Wrong { left } => lang.pick([
            format!("Feil ID eller PIN – {left} forsøk igjen"),
            format!("Wrong id or PIN – {left} tries left"),
            format!("Forkert id eller PIN – {left} forsøg tilbage"),
            format!("Väärä tunnus tai PIN – {left} yritystä jäljellä"),
        ]),
        Notice::Locked => lang
            .pick([
                "For mange feil PIN-koder: bare eieren kan logge inn nå",
                "Too many wrong PINs: only the owner can sign in now",
                "For mange forkerte PIN-koder: kun ejeren kan logge ind nu",
                "Liian monta väärää PIN-koodia: vain omistaja voi kirjautua nyt",
            ])
            .to_string(),
    }
}

/// Said before a new day's first sale when yesterday has no Z report.
pub fn z_missing_reminder(lang: Language) -> &'static str {
    lang.pick([
        "Z-rapporten for forrige salgsdag mangler – ta den (Z) før dagens salg",
        "The Z report of the last sales day is missing – take it (Z) before today's sales",
        "Z-rapporten for sidste salgsdag mangler – tag den (Z) før dagens salg",
        "Edellisen myyntipäivän Z-raportti puuttuu – ota se (Z) ennen päivän myyntiä",
    ])
}

/// The banner of a till in training mode (demo): every receipt is a training receipt.
pub fn training_banner(lang: Language) -> &'static str {
    lang.pick([
        "TRENINGSMODUS – ingen ekte salg, kvitteringer merket «Treningskvittering»",
        "TRAINING MODE – no real sales, receipts marked \"Training receipt\"",
        "TRÆNINGSTILSTAND – ingen rigtige salg, kvitteringer mærket »Træningskvittering«",
        "HARJOITUSTILA – ei oikeaa myyntiä, kuitit merkitty \"Harjoituskuitti\"",
    ])
}

/// The command bar's names of the books' actions.
pub(super) fn action_label(lang: Language, a: Action) -> &'static str {
    lang.pick(match a {
        Action::SignOut => ["Logg ut", "Sign out", "Log ud", "Kirjaudu ulos"],
        Action::XReport => ["X-rapport", "X report", "X-rapport", "X-raportti"],
        Action::ZReport => ["Z-rapport", "Z report", "Z-rapport", "Z-raportti"],
        _ => ["", "", "", ""],
    })
}

/// What the books' actions do, for the help overlay.
pub(super) fn action_help(lang: Language, a: Action) -> &'static str {
    lang.pick(match a {
        Action::SignOut => [
            "Logg ut kassereren",
            "Sign the cashier out",
            "Log kassereren ud",
            "Kirjaa kassanhoitaja ulos",
        ],
        Action::XReport => [
            "Dagens tall så langt",
            "Today's totals so far",
            "Dagens tal indtil nu",
            "Päivän luvut tähän asti",
        ],
        Action::ZReport => [
            "Dagsoppgjør (én gang)",
            "Close the day (once)",
            "Dagsafslutning (én gang)",
            "Päivän sulku (kerran)",
        ],
        _ => ["", "", "", ""],
    })
}

/// The reports' dialog words (`T` variants delegated from `labels::t`).
pub(super) fn t(lang: Language, what: T) -> &'static str {
    lang.pick(match what {
        T::ConfirmZTitle => [
            "Ta dagens Z-rapport?",
            "Take today's Z report?",
            "Tage dagens Z-rapport?",
            "Otetaanko päivän Z-raportti?",
        ],
        T::ConfirmZText => [
            "Z-rapporten avslutter dagen: tellerne starter på nytt etter den, og den kan tas én gang per dag. Salg kan fortsette etterpå.",
            "The Z report closes the day: the counters start again after it, and it can be taken once a day. Selling can go on afterwards.",
            "Z-rapporten afslutter dagen: tællerne starter forfra efter den, og den kan tages én gang om dagen. Salget kan fortsætte bagefter.",
            "Z-raportti päättää päivän: laskurit alkavat alusta sen jälkeen, ja sen voi ottaa kerran päivässä. Myynti voi jatkua sen jälkeen.",
        ],
        T::ReportScroll => [
            "↑↓ PgUp PgDn: bla · Enter: lukk",
            "↑↓ PgUp PgDn: scroll · Enter: close",
            "↑↓ PgUp PgDn: rul · Enter: luk",
            "↑↓ PgUp PgDn: selaa · Enter: sulje",
        ],
        T::BarKeyScroll => ["Bla", "Scroll", "Rul", "Selaa"],
        _ => ["", "", "", ""],
    })
}

fn report_name(lang: Language, kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::X => lang.pick(["X-rapport", "X report", "X-rapport", "X-raportti"]),
        ReportKind::Z => lang.pick(["Z-rapport", "Z report", "Z-rapport", "Z-raportti"]),
    }
}

/// What the till says about the reports.
pub(super) fn say(lang: Language, s: &Say) -> String {
    match s {
        Say::ReportTaken {
            kind,
            number,
            printed,
        } => {
            let name = report_name(lang, *kind);
            if *printed {
                lang.pick([
                    format!("{name} {number} er tatt og skrevet ut"),
                    format!("{name} {number} taken and printed"),
                    format!("{name} {number} er taget og udskrevet"),
                    format!("{name} {number} otettu ja tulostettu"),
                ])
            } else {
                lang.pick([
                    format!("{name} {number} er tatt"),
                    format!("{name} {number} taken"),
                    format!("{name} {number} er taget"),
                    format!("{name} {number} otettu"),
                ])
            }
        }
        Say::ZAlreadyTaken => lang
            .pick([
                "Dagens Z-rapport er allerede tatt – ta en X-rapport for tallene",
                "Today's Z report is taken already – take an X report for the totals",
                "Dagens Z-rapport er allerede taget – tag en X-rapport for tallene",
                "Päivän Z-raportti on jo otettu – ota X-raportti lukuja varten",
            ])
            .to_string(),
        Say::ReportFailed { kind, .. } => {
            let name = report_name(lang, *kind);
            lang.pick([
                format!("{name} kunne ikke tas – prøv igjen"),
                format!("The {name} could not be taken – try again"),
                format!("{name} kunne ikke tages – prøv igen"),
                format!("{name} ei onnistunut – yritä uudelleen"),
            ])
        }
        _ => String::new(),
    }
}
