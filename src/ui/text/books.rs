//! The books' words at the till: the sign-in dialog, the missing-Z reminder, training mode.

use super::pick;
use crate::books::session::{Field, Notice};
use crate::config::Language;

/// The dialog's prompt for the field being typed.
pub fn signin_prompt(lang: Language, field: Field) -> &'static str {
    match field {
        Field::Id => pick(lang, "Kasserer-ID, så Enter", "Cashier id, then Enter"),
        Field::Pin => pick(lang, "PIN-kode, så Enter", "PIN, then Enter"),
    }
}

pub fn signin_notice(lang: Language, notice: Notice) -> String {
    match notice {
        Notice::None => String::new(),
        Notice::Checking => pick(lang, "Sjekker …", "Checking …").to_string(),
        Notice::Wrong { left } => match lang {
            Language::Norwegian => format!("Feil ID eller PIN – {left} forsøk igjen"),
            _ => format!("Wrong id or PIN – {left} tries left"),
        },
        Notice::Locked => pick(
            lang,
            "For mange feil PIN-koder: bare eieren kan logge inn nå",
            "Too many wrong PINs: only the owner can sign in now",
        )
        .to_string(),
    }
}

/// Said before a new day's first sale when yesterday has no Z report.
pub fn z_missing_reminder(lang: Language) -> &'static str {
    pick(
        lang,
        "Z-rapporten for forrige salgsdag mangler – ta den (kasse report z) før dagens salg",
        "The Z report of the last sales day is missing – take it (kasse report z) before today's sales",
    )
}

/// The banner of a till in training mode (demo): every receipt is a training receipt.
pub fn training_banner(lang: Language) -> &'static str {
    pick(
        lang,
        "TRENINGSMODUS – ingen ekte salg, kvitteringer merket «Treningskvittering»",
        "TRAINING MODE – no real sales, receipts marked \"Training receipt\"",
    )
}
