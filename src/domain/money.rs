//! Money in integer minor units (øre, cents) with its currency. There are no floats in kasse.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    Nok,
    Dkk,
    Eur,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::Nok => "NOK",
            Currency::Dkk => "DKK",
            Currency::Eur => "EUR",
        }
    }

    pub fn from_code(code: &str) -> Option<Currency> {
        match code.to_ascii_uppercase().as_str() {
            "NOK" => Some(Currency::Nok),
            "DKK" => Some(Currency::Dkk),
            "EUR" => Some(Currency::Eur),
            _ => None,
        }
    }

    /// The smallest amount ePayment accepts in this currency (NOK 1.00, DKK and EUR 0.01).
    /// The ePayment API's largest amount, in minor units (650 000,00 NOK), the same for
    /// every currency it takes; checked before sending so the cashier hears it at once.
    pub fn maximum_payment(self) -> i64 {
        65_000_000
    }

    pub fn minimum_payment(self) -> i64 {
        match self {
            Currency::Nok => 100,
            Currency::Dkk | Currency::Eur => 1,
        }
    }
}

/// A market: the sales unit's country decides the currency and the phone-number rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Country {
    Norway,
    Denmark,
    Finland,
}

impl Country {
    pub fn code(self) -> &'static str {
        match self {
            Country::Norway => "NO",
            Country::Denmark => "DK",
            Country::Finland => "FI",
        }
    }

    pub fn from_code(code: &str) -> Option<Country> {
        match code.to_ascii_uppercase().as_str() {
            "NO" => Some(Country::Norway),
            "DK" => Some(Country::Denmark),
            "FI" => Some(Country::Finland),
            _ => None,
        }
    }

    pub fn currency(self) -> Currency {
        match self {
            Country::Norway => Currency::Nok,
            Country::Denmark => Currency::Dkk,
            Country::Finland => Currency::Eur,
        }
    }

    pub fn calling_code(self) -> &'static str {
        match self {
            Country::Norway => "47",
            Country::Denmark => "45",
            Country::Finland => "358",
        }
    }

    /// The standard VAT rate in basis points: 25 % in Norway and Denmark, 25.5 % in Finland
    /// (since 1 September 2024). What a product imported without a `vat` column is sold at.
    pub fn standard_vat_bp(self) -> u16 {
        match self {
            Country::Norway | Country::Denmark => 2500,
            Country::Finland => 2550,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// The amount without a currency sign, grouped as the market writes it: `2 399,00` in
    /// Norway and Finland, `2.399,00` in Denmark.
    pub fn amount_text(&self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        let sep = match self.currency {
            Currency::Dkk => '.',
            Currency::Nok | Currency::Eur => ' ',
        };
        let digits = whole.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(sep);
            }
            grouped.push(ch);
        }
        format!("{sign}{grouped},{cents:02}")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let amount = self.amount_text();
        match self.currency {
            Currency::Nok => write!(f, "kr {amount}"),
            Currency::Dkk => write!(f, "{amount} kr."),
            Currency::Eur => write!(f, "{amount} €"),
        }
    }
}

/// Parse an amount typed in major units (`24,90`, `24.90`, `1 299`, `5`) into minor units,
/// without floats. At most two decimals; no sign.
pub fn parse_minor(text: &str) -> Option<i64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{a0}')
        .collect();
    let (whole, frac) = match t.find([',', '.']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 12 {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    w.checked_mul(100)?.checked_add(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_each_market_writes_it() {
        let cases = [
            (239900, Currency::Nok, "kr 2 399,00"),
            (5, Currency::Nok, "kr 0,05"),
            (100, Currency::Nok, "kr 1,00"),
            (123456789, Currency::Nok, "kr 1 234 567,89"),
            (-4990, Currency::Nok, "kr -49,90"),
            (239900, Currency::Dkk, "2.399,00 kr."),
            (99900, Currency::Dkk, "999,00 kr."),
            (1234500, Currency::Eur, "12 345,00 €"),
            (0, Currency::Eur, "0,00 €"),
        ];
        for (minor, cur, want) in cases {
            assert_eq!(Money::new(minor, cur).to_string(), want);
        }
    }

    #[test]
    fn parses_typed_amounts_without_floats() {
        for (t, want) in [
            ("24,90", Some(2490)),
            ("24.9", Some(2490)),
            ("1 299", Some(129900)),
            ("0,05", Some(5)),
            (",5", Some(50)),
            ("5", Some(500)),
            ("", None),
            ("1,234", None),
            ("-5", None),
            ("abc", None),
            ("1,2,3", None),
            ("99999999999999", None),
        ] {
            assert_eq!(parse_minor(t), want, "{t:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in [Country::Norway, Country::Denmark, Country::Finland] {
            assert_eq!(Country::from_code(c.code()), Some(c));
            assert_eq!(Currency::from_code(c.currency().code()), Some(c.currency()));
        }
        assert_eq!(Country::from_code("SE"), None);
        assert_eq!(Currency::from_code("SEK"), None);
    }
}
