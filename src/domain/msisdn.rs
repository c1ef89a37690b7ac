//! Phone numbers as the APIs want them: country code and subscriber number, digits only.

use super::Country;
use std::fmt;
use thiserror::Error;

/// A validated MSISDN for Norway, Denmark or Finland, e.g. `4791234567`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Msisdn(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MsisdnError {
    #[error("no phone number given")]
    Empty,
    #[error("`{0}` is not allowed in a phone number")]
    BadCharacter(char),
    /// The calling code as the numbering plan cuts it (`46` for Sweden, not `467`).
    #[error("country code +{0} is not supported (only Norway +47, Denmark +45, Finland +358)")]
    UnsupportedCountry(String),
    /// The national part (for Finland without the trunk 0) has `got` digits, not `min..=max`.
    #[error("a {country:?} number has {min} to {max} digits, this has {got}")]
    WrongLength {
        country: Country,
        min: usize,
        max: usize,
        got: usize,
    },
    #[error("a Norwegian mobile number starts with 4 or 9")]
    NotNorwegianMobile,
    #[error("a Danish number cannot start with 0 or 1")]
    BadDanishPrefix,
    #[error("a Finnish mobile number starts with 04 or 050")]
    NotFinnishMobile,
}

impl Msisdn {
    /// Parse what a cashier typed or a QR code held: `+47 912 34 567`, `0047 91234567`,
    /// `91234567` (the default country is assumed), `4791234567`, or a Finnish `040 1234567`.
    /// Spaces, dashes, dots and parentheses are ignored.
    pub fn parse(input: &str, default_country: Country) -> Result<Msisdn, MsisdnError> {
        let mut digits = String::with_capacity(input.len());
        let mut plus = false;
        for (i, ch) in input.trim().chars().enumerate() {
            match ch {
                '0'..='9' => digits.push(ch),
                ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
                '+' if i == 0 => plus = true,
                other => return Err(MsisdnError::BadCharacter(other)),
            }
        }
        if digits.is_empty() {
            return Err(MsisdnError::Empty);
        }
        let international = if plus {
            Some(digits.as_str())
        } else {
            digits.strip_prefix("00")
        };
        match international {
            Some(rest) => Self::from_international(rest),
            None => Self::from_national(&digits, default_country),
        }
    }

    fn from_international(digits: &str) -> Result<Msisdn, MsisdnError> {
        for country in [Country::Norway, Country::Denmark, Country::Finland] {
            if let Some(national) = digits.strip_prefix(country.calling_code()) {
                return Self::check(country, national);
            }
        }
        Err(MsisdnError::UnsupportedCountry(
            calling_code(digits).to_string(),
        ))
    }

    fn from_national(digits: &str, country: Country) -> Result<Msisdn, MsisdnError> {
        match country {
            // A Norwegian or Danish number never has a trunk 0, so ten digits that start with
            // the calling code can only be a full MSISDN (e.g. decoded from a QR code).
            Country::Norway | Country::Denmark => {
                if digits.len() == 10 && digits.starts_with(country.calling_code()) {
                    return Self::check(country, &digits[2..]);
                }
                Self::check(country, digits)
            }
            Country::Finland => {
                if let Some(rest) = digits.strip_prefix('0') {
                    Self::check(country, rest)
                } else if let Some(rest) = digits.strip_prefix("358") {
                    Self::check(country, rest)
                } else {
                    Err(MsisdnError::NotFinnishMobile)
                }
            }
        }
    }

    fn check(country: Country, national: &str) -> Result<Msisdn, MsisdnError> {
        match country {
            Country::Norway => {
                if national.len() != 8 {
                    return Err(MsisdnError::WrongLength {
                        country,
                        min: 8,
                        max: 8,
                        got: national.len(),
                    });
                }
                if !national.starts_with('4') && !national.starts_with('9') {
                    return Err(MsisdnError::NotNorwegianMobile);
                }
            }
            Country::Denmark => {
                if national.len() != 8 {
                    return Err(MsisdnError::WrongLength {
                        country,
                        min: 8,
                        max: 8,
                        got: national.len(),
                    });
                }
                if national.starts_with('0') || national.starts_with('1') {
                    return Err(MsisdnError::BadDanishPrefix);
                }
            }
            Country::Finland => {
                // Mobile ranges 040–050 without the trunk 0: 4x or 50, 7 to 10 digits.
                if !(national.starts_with('4') || national.starts_with("50")) {
                    return Err(MsisdnError::NotFinnishMobile);
                }
                if !(7..=10).contains(&national.len()) {
                    return Err(MsisdnError::WrongLength {
                        country,
                        min: 7,
                        max: 10,
                        got: national.len(),
                    });
                }
            }
        }
        Ok(Msisdn(format!("{}{}", country.calling_code(), national)))
    }

    /// Digits only, with the country code: what the APIs take.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn country(&self) -> Country {
        if self.0.starts_with("358") {
            Country::Finland
        } else if self.0.starts_with("45") {
            Country::Denmark
        } else {
            Country::Norway
        }
    }

    /// For the screen: the country code and the last three digits, e.g. `+47 ••• •• 567`.
    pub fn masked(&self) -> String {
        let cc = self.country().calling_code();
        let national = &self.0[cc.len()..];
        let tail = &national[national.len() - 3..];
        format!("+{cc} {} {tail}", "•".repeat(national.len() - 3))
    }

    /// Written for people: `+47 912 34 567`.
    pub fn pretty(&self) -> String {
        let cc = self.country().calling_code();
        let n = &self.0[cc.len()..];
        match self.country() {
            Country::Norway if n.len() == 8 => {
                format!("+{cc} {} {} {}", &n[..3], &n[3..5], &n[5..])
            }
            Country::Denmark if n.len() == 8 => {
                format!("+{cc} {} {} {} {}", &n[..2], &n[2..4], &n[4..6], &n[6..])
            }
            _ => format!("+{cc} {n}"),
        }
    }
}

/// The calling code at the start of `digits`, cut as ITU-T E.164 assigns them: 1 and 7 stand
/// alone, the two-digit codes are listed, every other code has three digits. So `4670…` is
/// Sweden's `46`, not `467`.
pub fn calling_code(digits: &str) -> &str {
    const TWO: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    let len = match digits.as_bytes().first() {
        Some(b'1' | b'7') => 1,
        _ if digits.get(..2).is_some_and(|p| TWO.contains(&p)) => 2,
        _ => 3,
    };
    digits.get(..len.min(digits.len())).unwrap_or(digits)
}

impl fmt::Display for Msisdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Country::*;

    #[test]
    fn accepts_what_cashiers_type() {
        let ok = [
            ("+47 912 34 567", Norway, "4791234567"),
            ("0047 91234567", Norway, "4791234567"),
            ("91234567", Norway, "4791234567"),
            ("912-34-567", Norway, "4791234567"),
            ("4791234567", Norway, "4791234567"),
            ("41234567", Norway, "4741234567"),
            ("+45 20 12 34 56", Norway, "4520123456"),
            ("20123456", Denmark, "4520123456"),
            ("4520123456", Denmark, "4520123456"),
            ("040 123 4567", Finland, "358401234567"),
            ("+358 50 123 4567", Norway, "358501234567"),
            ("00358401234567", Denmark, "358401234567"),
            ("358401234567", Finland, "358401234567"),
        ];
        for (input, country, want) in ok {
            assert_eq!(
                Msisdn::parse(input, country).map(|m| m.0),
                Ok(want.to_string()),
                "{input}"
            );
        }
    }

    #[test]
    fn every_bad_input_gets_a_reason() {
        let bad = [
            ("", Norway, MsisdnError::Empty),
            ("   ", Norway, MsisdnError::Empty),
            ("9123456a", Norway, MsisdnError::BadCharacter('a')),
            ("47+91234567", Norway, MsisdnError::BadCharacter('+')),
            (
                "+46 70 123 45 67",
                Norway,
                MsisdnError::UnsupportedCountry("46".into()),
            ),
            (
                "+1 212 555 0100",
                Norway,
                MsisdnError::UnsupportedCountry("1".into()),
            ),
            (
                "+354 555 1234",
                Norway,
                MsisdnError::UnsupportedCountry("354".into()),
            ),
            (
                "9123456",
                Norway,
                MsisdnError::WrongLength {
                    country: Norway,
                    min: 8,
                    max: 8,
                    got: 7,
                },
            ),
            (
                "912345678",
                Norway,
                MsisdnError::WrongLength {
                    country: Norway,
                    min: 8,
                    max: 8,
                    got: 9,
                },
            ),
            ("22123456", Norway, MsisdnError::NotNorwegianMobile),
            ("+47 22 12 34 56", Denmark, MsisdnError::NotNorwegianMobile),
            ("01234567", Denmark, MsisdnError::BadDanishPrefix),
            ("09 1234567", Finland, MsisdnError::NotFinnishMobile),
            ("1234567", Finland, MsisdnError::NotFinnishMobile),
        ];
        for (input, country, want) in bad {
            let got = Msisdn::parse(input, country);
            assert_eq!(got, Err(want.clone()), "{input}");
            assert!(!want.to_string().is_empty());
        }
    }

    #[test]
    fn masks_and_prettifies() {
        let m = Msisdn::parse("91234567", Norway).unwrap();
        assert_eq!(m.masked(), "+47 ••••• 567");
        assert_eq!(m.pretty(), "+47 912 34 567");
        assert_eq!(m.as_str(), "4791234567");
        let d = Msisdn::parse("20123456", Denmark).unwrap();
        assert_eq!(d.pretty(), "+45 20 12 34 56");
        assert_eq!(d.country(), Denmark);
    }
}
