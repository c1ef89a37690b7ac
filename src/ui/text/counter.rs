//! The words of the busy counter (issue 11): page keys, keyed-in barcodes, open-price lines,
//! stopping an enrolment, the dialog's own keys on the command bar, and what the till says
//! about them. Every text in bokmål, English, Danish and Finnish.

use super::{clean, T};
use crate::config::Language;
use crate::till::{Action, Say};

/// Labels and headings of these features (`T` variants delegated from `labels::t`).
pub(super) fn t(lang: Language, what: T) -> &'static str {
    lang.pick(match what {
        T::WindowTooSmall => [
            "For lite vindu, minst",
            "Window too small, need",
            "For lille vindue, mindst",
            "Liian pieni, vähintään",
        ],
        T::BarKeyYes => ["Ja", "Yes", "Ja", "Kyllä"],
        T::BarKeyNo => ["Nei", "No", "Nej", "Ei"],
        T::BarKeyOk => ["OK", "OK", "OK", "OK"],
        T::BarKeyCancel => ["Avbryt", "Cancel", "Annullér", "Peruuta"],
        T::BarKeyClose => ["Lukk", "Close", "Luk", "Sulje"],
        T::BarKeyPick => ["Velg", "Choose", "Vælg", "Valitse"],
        T::BarKeyMark => ["Merk", "Mark", "Markér", "Merkitse"],
        T::BarKeyField => ["Bytt felt", "Switch field", "Skift felt", "Vaihda kenttää"],
        T::BarKeyVat => ["MVA-gruppe", "VAT group", "Momsgruppe", "ALV-ryhmä"],
        T::BarKeyAdd => ["Legg til", "Add", "Tilføj", "Lisää"],
        T::BarKeyDrop => ["Forkast", "Drop", "Kassér", "Hylkää"],
        T::BarKeyErase => ["Slett tegn", "Erase", "Slet tegn", "Poista merkki"],
        T::KeyedLabel => ["Strekkode", "Barcode", "Stregkode", "Viivakoodi"],
        T::OpenPriceTitle => [
            "Ukjent vare – åpen pris",
            "Unknown item – open price",
            "Ukendt vare – åben pris",
            "Tuntematon tuote – avoin hinta",
        ],
        T::OpenPriceCode => ["Strekkode", "Barcode", "Stregkode", "Viivakoodi"],
        T::OpenPricePrice => ["Pris", "Price", "Pris", "Hinta"],
        T::OpenPriceVat => ["MVA", "VAT", "Moms", "ALV"],
        T::ConfirmCancelEnrolTitle => [
            "Avbryte innmeldingen?",
            "Stop the enrolment?",
            "Stoppe indmeldingen?",
            "Keskeytetäänkö liittyminen?",
        ],
        T::ConfirmCancelEnrolText => [
            "Kunden kan alt ha fått forespørselen på telefonen. Har kunden godkjent, er kunden likevel medlem.",
            "The customer may already have the request on their phone. If they approved it, they are a member anyway.",
            "Kunden kan allerede have fået anmodningen på telefonen. Har kunden godkendt, er kunden alligevel medlem.",
            "Asiakas on ehkä jo saanut pyynnön puhelimeensa. Jos hän hyväksyi sen, hän on silti jäsen.",
        ],
        T::KeyPages => [
            "Side opp (PgDn, Home, End)",
            "Page up (PgDn, Home, End)",
            "Side op (PgDn, Home, End)",
            "Sivu ylös (PgDn, Home, End)",
        ],
        T::KeyDigits => [
            "Tast strekkode eller PLU, Enter legger til",
            "Key in a barcode or PLU, Enter adds it",
            "Indtast stregkode eller PLU, Enter tilføjer",
            "Näppäile viivakoodi tai PLU, Enter lisää",
        ],
        _ => ["", "", "", ""],
    })
}

pub(super) fn action_label(lang: Language, a: Action) -> &'static str {
    lang.pick(match a {
        Action::CancelEnrol => [
            "Avbryt innmelding",
            "Stop enrolment",
            "Stop indmelding",
            "Keskeytä liittyminen",
        ],
        _ => ["", "", "", ""],
    })
}

pub(super) fn action_help(lang: Language, a: Action) -> &'static str {
    lang.pick(match a {
        Action::CancelEnrol => [
            "Stopp innmeldingen (spør først)",
            "Stop the enrolment (asks first)",
            "Stop indmelding (spørger først)",
            "Keskeytä liittyminen (kysyy)",
        ],
        _ => ["", "", "", ""],
    })
}

/// The notices of these features (`Say` variants delegated from `sentences::say`).
pub(super) fn say(lang: Language, s: &Say) -> String {
    match s {
        Say::WeighedNoStep { name } => {
            let name = clean(name);
            lang.pick([
                format!("{name} selges etter vekt: + og − endrer ikke vekten – tast den med F5"),
                format!(
                    "{name} is sold by weight: + and − do not change a weight – type it with F5"
                ),
                format!("{name} sælges efter vægt: + og − ændrer ikke vægten – indtast den med F5"),
                format!(
                    "{name} myydään painon mukaan: + ja − eivät muuta painoa – syötä se F5:llä"
                ),
            ])
        }
        Say::WeightFromLabel { name } => {
            let name = clean(name);
            lang.pick([
                format!("Vekten for {name} står på etiketten fra vekta – slett linjen (F7) og skann på nytt for å endre"),
                format!("The weight of {name} is from the scale's label – void the line (F7) and scan again to change it"),
                format!("Vægten for {name} står på etiketten fra vægten – slet linjen (F7) og scan igen for at ændre den"),
                format!("Tuotteen {name} paino on vaa'an etiketissä – poista rivi (F7) ja lue se uudelleen muuttaaksesi"),
            ])
        }
        Say::CustomerChanged { shown } => {
            let shown = clean(shown);
            lang.pick([
                format!("Kunde byttet: kurven gjelder nå {shown}"),
                format!("Customer changed: the basket is now for {shown}"),
                format!("Kunde skiftet: kurven gælder nu {shown}"),
                format!("Asiakas vaihtui: ostoskori on nyt asiakkaan {shown}"),
            ])
        }
        Say::EnrolCancelled => lang
            .pick([
                "Innmeldingen er avbrutt – kunden kan se bort fra forespørselen i appen",
                "Enrolment stopped – the customer can ignore the request in the app",
                "Indmeldingen er stoppet – kunden kan se bort fra anmodningen i appen",
                "Liittyminen keskeytetty – asiakas voi ohittaa pyynnön sovelluksessa",
            ])
            .to_string(),
        Say::KeyedDropped => lang
            .pick([
                "Tastet kode forkastet",
                "Typed code dropped",
                "Indtastet kode kasseret",
                "Näppäilty koodi hylätty",
            ])
            .to_string(),
        Say::OpenPriceAsk { code } => {
            let code = clean(code);
            lang.pick([
                format!("Ukjent strekkode {code}: tast prisen for å selge varen, eller Esc"),
                format!("Unknown barcode {code}: type the price to sell the item, or Esc"),
                format!("Ukendt stregkode {code}: indtast prisen for at sælge varen, eller Esc"),
                format!("Tuntematon viivakoodi {code}: syötä hinta myydäksesi tuotteen, tai Esc"),
            ])
        }
        Say::BadOpenPrice => lang
            .pick([
                "Tast en pris over null, f.eks. 49,90",
                "Type a price above zero, e.g. 49.90",
                "Indtast en pris over nul, f.eks. 49,90",
                "Syötä nollaa suurempi hinta, esim. 49,90",
            ])
            .to_string(),
        _ => String::new(),
    }
}
