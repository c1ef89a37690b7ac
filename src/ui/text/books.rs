//! The books' words at the till: the sign-in dialog, the missing-Z reminder, training mode.

use crate::books::session::{Field, Notice};
use crate::config::Language;

/// The dialog's prompt for the field being typed.
pub fn signin_prompt(lang: Language, field: Field) -> &'static str {
    match field {
        Field::Id => lang.pick([
            "Kasserer-ID, så Enter",
            "Cashier id, then Enter",
            "Kasserer-ID, derefter Enter",
            "Kassanhoitajan tunnus, sitten Enter",
        ]),
        Field::Pin => lang.pick([
            "PIN-kode, så Enter",
            "PIN, then Enter",
            "PIN-kode, derefter Enter",
            "PIN-koodi, sitten Enter",
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
        Notice::Wrong { left } => match lang {
            Language::Norwegian => format!("Feil ID eller PIN – {left} forsøk igjen"),
            Language::English => format!("Wrong id or PIN – {left} tries left"),
            Language::Danish => format!("Forkert ID eller PIN – {left} forsøg tilbage"),
            Language::Finnish => format!("Väärä tunnus tai PIN – {left} yritystä jäljellä"),
        },
        Notice::Locked => lang
            .pick([
                "For mange feil PIN-koder: bare eieren kan logge inn nå",
                "Too many wrong PINs: only the owner can sign in now",
                "For mange forkerte PIN-koder: kun ejeren kan logge ind nu",
                "Liian monta väärää PIN-koodia: vain omistaja voi nyt kirjautua",
            ])
            .to_string(),
    }
}

/// Said before a new day's first sale when yesterday has no Z report.
pub fn z_missing_reminder(lang: Language) -> &'static str {
    lang.pick([
        "Z-rapporten for forrige salgsdag mangler – ta den (kasse report z) før dagens salg",
        "The Z report of the last sales day is missing – take it (kasse report z) before today's sales",
        "Z-rapporten for sidste salgsdag mangler – tag den (kasse report z) før dagens salg",
        "Edellisen myyntipäivän Z-raportti puuttuu – ota se (kasse report z) ennen päivän myyntiä",
    ])
}

/// The banner of a till in training mode (demo): every receipt is a training receipt.
pub fn training_banner(lang: Language) -> &'static str {
    lang.pick([
        "TRENINGSMODUS – ingen ekte salg, kvitteringer merket «Treningskvittering»",
        "TRAINING MODE – no real sales, receipts marked \"Training receipt\"",
        "TRÆNINGSTILSTAND – ingen rigtige salg, kvitteringer mærket »Træningskvittering«",
        "HARJOITUSTILA – ei oikeaa myyntiä, kuitit merkitty ”Harjoituskuitti”",
    ])
}
