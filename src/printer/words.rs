//! The words on the paper receipt. They are Norwegian whatever the cashier's screen language:
//! the receipt is the shop's record for the customer and the tax authority, and its titles
//! ("Salgskvittering", "KOPI", the training marking) are fixed by the cash register rules.
//! They live here, in one place, rather than in `ui::text`, which speaks to the cashier.

pub const SALE: &str = "Salgskvittering";
pub const RETURN: &str = "Returkvittering";
pub const COPY: &str = "KOPI";
pub const TRAINING: &str = "Treningskvittering – IKKJE KVITTERING FOR KJØP";
pub const ORG: &str = "Org.nr.";
pub const VAT_SUFFIX: &str = "MVA";
pub const DATE: &str = "Dato";
pub const TIME: &str = "Kl.";
pub const NUMBER: &str = "Kvittering nr.";
pub const TILL: &str = "Kasse";
pub const CASHIER: &str = "Kasserer";
pub const RETURN_OF: &str = "Retur av kvittering nr.";
pub const DISCOUNT: &str = "Rabatt";
pub const TOTAL: &str = "Totalt";
pub const VAT: &str = "MVA";
pub const VAT_BASE: &str = "grunnlag";
pub const CASH: &str = "Kontant";
pub const TENDERED: &str = "Mottatt";
pub const CARD: &str = "Kort";
pub const VIPPS: &str = "Vipps MobilePay";
pub const TRANSACTION: &str = "Trans.-id";
pub const ROUNDING: &str = "Øreavrunding";
pub const CHANGE: &str = "Veksel";
pub const MEMBER: &str = "Medlem";
pub const CUSTOMER: &str = "Kunde";
pub const THANKS: &str = "Takk for handelen!";
pub const TEST_PAGE: &str = "Testutskrift";
