//! A Norwegian organisation number (Enhetsregisteret): nine digits, the last a MOD11 check.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgNumberError {
    #[error("an organisation number has 9 digits, `{0}` has not")]
    Shape(String),
    #[error("`{0}` fails the organisation number's check digit (MOD11): a digit is wrong")]
    Check(String),
}

const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

impl OrgNumber {
    /// Accepts the digits with spaces as people write them (`974 760 673`), and an `NO`
    /// prefix or `MVA` suffix as printed on invoices.
    pub fn parse(text: &str) -> Result<OrgNumber, OrgNumberError> {
        let trimmed = text.trim();
        let core = trimmed
            .strip_prefix("NO")
            .unwrap_or(trimmed)
            .trim_end_matches("MVA");
        let digits: String = core.chars().filter(|c| *c != ' ').collect();
        if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(OrgNumberError::Shape(text.to_string()));
        }
        let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
        let sum: u32 = d.iter().zip(WEIGHTS).map(|(a, w)| a * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return Err(OrgNumberError::Check(text.to_string())),
            c => c,
        };
        if d[8] != check {
            return Err(OrgNumberError::Check(text.to_string()));
        }
        Ok(OrgNumber(digits))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// Grouped as it is printed: `974 760 673`.
impl fmt::Display for OrgNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        write!(f, "{} {} {}", &s[0..3], &s[3..6], &s[6..9])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_pass_in_the_ways_they_are_written() {
        for t in [
            "974760673",
            "974 760 673",
            "NO974760673MVA",
            "NO 974 760 673 MVA",
        ] {
            assert_eq!(OrgNumber::parse(t).unwrap().digits(), "974760673", "{t}");
        }
        assert_eq!(
            OrgNumber::parse("974760673").unwrap().to_string(),
            "974 760 673"
        );
    }

    #[test]
    fn a_wrong_digit_or_length_is_refused() {
        assert!(matches!(
            OrgNumber::parse("974760674"),
            Err(OrgNumberError::Check(_))
        ));
        assert!(matches!(
            OrgNumber::parse("97476067"),
            Err(OrgNumberError::Shape(_))
        ));
        assert!(matches!(
            OrgNumber::parse("97476067x"),
            Err(OrgNumberError::Shape(_))
        ));
    }
}
