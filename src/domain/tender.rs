//! How a sale is paid: the tenders and the cash rounding rule.
//!
//! Only cash is rounded (coins do not exist below the market's smallest unit); Vipps MobilePay
//! and card parts are exact to the øre. The rounding is recorded as its own amount on the
//! receipt, so `sum(tender.amount) == receipt total + rounding` holds to the øre and the books
//! add up without a hidden difference.

use super::Country;
use serde::{Deserialize, Serialize};

/// One way money moved for a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TenderKind {
    /// A Vipps MobilePay ePayment; the reference is the transaction id on the receipt.
    Vipps { reference: String },
    /// Notes and coins through the drawer.
    Cash {
        /// What the customer handed over (on a return: what left the drawer).
        tendered: i64,
        /// What went back to the customer; `tendered - amount` on a sale.
        change: i64,
    },
    /// A standalone card terminal the cashier confirmed; kasse does not talk to it.
    Card {
        /// What the cashier noted from the terminal slip (e.g. the last digits), if anything.
        note: Option<String>,
    },
}

/// A tender with the amount it settles of the receipt, in minor units. On a return receipt
/// the amount is negative (money going back to the customer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tender {
    #[serde(flatten)]
    pub kind: TenderKind,
    pub amount: i64,
}

impl Tender {
    pub fn is_cash(&self) -> bool {
        matches!(self.kind, TenderKind::Cash { .. })
    }

    /// The code the SAF-T Cash Register standard gives this way of paying
    /// (PredefinedBasicID of basic type 12).
    pub fn saft_code(&self) -> &'static str {
        match self.kind {
            TenderKind::Cash { .. } => "12001",
            TenderKind::Card { .. } => "12002",
            TenderKind::Vipps { .. } => "12011",
        }
    }
}

/// The smallest cash amount of the market: Norway whole kroner, Denmark 50 øre, Finland 5 cent.
pub fn cash_unit(country: Country) -> i64 {
    match country {
        Country::Norway => 100,
        Country::Denmark => 50,
        Country::Finland => 5,
    }
}

/// `amount` rounded to the nearest cash unit, halves away from zero (kr 12,50 → kr 13,00;
/// a return of −12,50 → −13,00), so a sale and its exact return round alike.
pub fn round_cash(amount: i64, country: Country) -> i64 {
    let unit = cash_unit(country);
    let sign = amount.signum();
    let abs = amount.abs();
    let down = abs - abs % unit;
    let rounded = if (abs % unit) * 2 >= unit {
        down + unit
    } else {
        down
    };
    sign * rounded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norway_rounds_to_whole_kroner() {
        assert_eq!(round_cash(12_349, Country::Norway), 12_300);
        assert_eq!(round_cash(12_350, Country::Norway), 12_400);
        assert_eq!(round_cash(12_300, Country::Norway), 12_300);
        assert_eq!(round_cash(-12_350, Country::Norway), -12_400);
    }

    #[test]
    fn denmark_rounds_to_50_ore() {
        assert_eq!(round_cash(1_224, Country::Denmark), 1_200);
        assert_eq!(round_cash(1_225, Country::Denmark), 1_250);
        assert_eq!(round_cash(1_274, Country::Denmark), 1_250);
        assert_eq!(round_cash(1_275, Country::Denmark), 1_300);
    }

    #[test]
    fn finland_rounds_to_5_cent() {
        assert_eq!(round_cash(1_202, Country::Finland), 1_200);
        assert_eq!(round_cash(1_203, Country::Finland), 1_205);
        assert_eq!(round_cash(1_207, Country::Finland), 1_205);
        assert_eq!(round_cash(1_208, Country::Finland), 1_210);
    }

    #[test]
    fn tenders_serialize_with_their_kind() {
        let t = Tender {
            kind: TenderKind::Cash {
                tendered: 20_000,
                change: 7_600,
            },
            amount: 12_400,
        };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"cash","tendered":20000,"change":7600,"amount":12400}"#
        );
        assert_eq!(serde_json::from_str::<Tender>(&json).unwrap(), t);
    }
}
