//! The words on the paper receipt. They follow the shop's market (its currency), not the
//! cashier's screen language: the receipt is the shop's record for the customer and the tax
//! authority of its country, so a Danish shop prints "Kvittering" and "Moms", a Finnish one
//! "Kuitti" and "ALV", whoever stands at the till. In Norway the titles ("Salgskvittering",
//! "KOPI", the training marking) are the ones the cash register rules name. They live here,
//! in one place, rather than in `ui::text`, which speaks to the cashier.

use crate::domain::Currency;

/// Every word a receipt prints, in one market's language.
#[derive(Debug)]
pub struct Words {
    pub sale: &'static str,
    pub ret: &'static str,
    pub copy: &'static str,
    pub training: &'static str,
    /// The label before the shop's organisation number.
    pub org: &'static str,
    /// After the organisation number of a VAT-registered shop (Norway: "MVA"); empty where the
    /// number says so by itself.
    pub vat_suffix: &'static str,
    pub date: &'static str,
    pub time: &'static str,
    pub number: &'static str,
    pub till: &'static str,
    pub cashier: &'static str,
    pub return_of: &'static str,
    pub discount: &'static str,
    pub total: &'static str,
    pub vat: &'static str,
    pub vat_base: &'static str,
    pub cash: &'static str,
    pub tendered: &'static str,
    pub card: &'static str,
    pub vipps: &'static str,
    pub transaction: &'static str,
    pub rounding: &'static str,
    pub change: &'static str,
    pub member: &'static str,
    pub customer: &'static str,
    pub thanks: &'static str,
    pub test_page: &'static str,
}

pub const NORWEGIAN: Words = Words {
    sale: "Salgskvittering",
    ret: "Returkvittering",
    copy: "KOPI",
    training: "Treningskvittering – IKKJE KVITTERING FOR KJØP",
    org: "Org.nr.",
    vat_suffix: "MVA",
    date: "Dato",
    time: "Kl.",
    number: "Kvittering nr.",
    till: "Kasse",
    cashier: "Kasserer",
    return_of: "Retur av kvittering nr.",
    discount: "Rabatt",
    total: "Totalt",
    vat: "MVA",
    vat_base: "grunnlag",
    cash: "Kontant",
    tendered: "Mottatt",
    card: "Kort",
    vipps: "Vipps MobilePay",
    transaction: "Trans.-id",
    rounding: "Øreavrunding",
    change: "Veksel",
    member: "Medlem",
    customer: "Kunde",
    thanks: "Takk for handelen!",
    test_page: "Testutskrift",
};

pub const DANISH: Words = Words {
    sale: "Kvittering",
    ret: "Returkvittering",
    copy: "KOPI",
    training: "Træningskvittering – IKKE KVITTERING FOR KØB",
    org: "CVR-nr.",
    vat_suffix: "",
    date: "Dato",
    time: "Kl.",
    number: "Kvittering nr.",
    till: "Kasse",
    cashier: "Ekspedient",
    return_of: "Retur af kvittering nr.",
    discount: "Rabat",
    total: "I alt",
    vat: "Moms",
    vat_base: "grundlag",
    cash: "Kontant",
    tendered: "Modtaget",
    card: "Kort",
    vipps: "MobilePay",
    transaction: "Trans.-id",
    rounding: "Øreafrunding",
    change: "Byttepenge",
    member: "Medlem",
    customer: "Kunde",
    thanks: "Tak for handlen!",
    test_page: "Testudskrift",
};

pub const FINNISH: Words = Words {
    sale: "Kuitti",
    ret: "Palautuskuitti",
    copy: "KOPIO",
    training: "Harjoituskuitti – EI OSTOKUITTI",
    org: "Y-tunnus",
    vat_suffix: "",
    date: "Pvm",
    time: "Klo",
    number: "Kuitti nro",
    till: "Kassa",
    cashier: "Myyjä",
    return_of: "Palautus kuitista nro",
    discount: "Alennus",
    total: "Yhteensä",
    vat: "ALV",
    vat_base: "veroton",
    cash: "Käteinen",
    tendered: "Saatu",
    card: "Kortti",
    vipps: "MobilePay",
    transaction: "Tap.-tunnus",
    rounding: "Pyöristys",
    change: "Vaihtoraha",
    member: "Jäsen",
    customer: "Asiakas",
    thanks: "Kiitos käynnistä!",
    test_page: "Testitulostus",
};

/// The words of the market whose money the receipt is in.
pub fn for_currency(currency: Currency) -> &'static Words {
    match currency {
        Currency::Nok => &NORWEGIAN,
        Currency::Dkk => &DANISH,
        Currency::Eur => &FINNISH,
    }
}
