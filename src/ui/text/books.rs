//! The books' words at the till: the sign-in dialog, the missing-Z reminder, training mode,
//! the sign-out and report keys.

use crate::config::Language;
use crate::till::session::{Field, Notice};
use crate::till::Action;

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
        _ => ["", "", "", ""],
    })
}
