//! Product barcodes: EAN-13, EAN-8, UPC-A (and GTIN-14 from GS1 codes), check digit verified.

use std::fmt;
use thiserror::Error;

/// A GTIN kept as its digits (8, 12, 13 or 14 of them) with a verified check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gtin(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GtinError {
    #[error("a barcode holds digits only, found `{0}`")]
    NotDigits(char),
    #[error("{0} digits is not a GTIN length (8, 12, 13 or 14)")]
    Length(usize),
    #[error("check digit is {got}, should be {want}: a misread or a damaged label")]
    CheckDigit { got: u8, want: u8 },
}

/// The GS1 check digit of `body` (all digits but the last): weights 3,1,3,… from the right.
pub(crate) fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl Gtin {
    pub fn parse(input: &str) -> Result<Gtin, GtinError> {
        let s = input.trim();
        if let Some(bad) = s.chars().find(|c| !c.is_ascii_digit()) {
            return Err(GtinError::NotDigits(bad));
        }
        if ![8, 12, 13, 14].contains(&s.len()) {
            return Err(GtinError::Length(s.len()));
        }
        let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        let (body, last) = digits.split_at(digits.len() - 1);
        let want = check_digit(body);
        if last[0] != want {
            return Err(GtinError::CheckDigit { got: last[0], want });
        }
        Ok(Gtin(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// UPC-A and GTIN-14 with a leading zero are the same item as their EAN-13; the catalogue
    /// keys on this form so a product is found however the scanner reports it.
    pub fn normalized(&self) -> Gtin {
        match self.0.len() {
            12 => Gtin(format!("0{}", self.0)),
            14 if self.0.starts_with('0') => Gtin(self.0[1..].to_string()),
            _ => self.clone(),
        }
    }

    /// For an in-store EAN-13 (prefix 20–29) laid out `2T AAAAA VVVVV C`: the code with the
    /// value digits zeroed (the catalogue's key for the item) and the value (price in øre or
    /// weight in grams, as the catalogue says).
    pub fn in_store_parts(&self) -> Option<(Gtin, u32)> {
        let s = &self.0;
        if s.len() != 13 || !s.starts_with('2') {
            return None;
        }
        let value: u32 = s[7..12].parse().ok()?;
        let mut base: Vec<u8> = s[..7].bytes().map(|b| b - b'0').collect();
        base.extend([0; 5]);
        let check = check_digit(&base);
        base.push(check);
        let text: String = base.iter().map(|d| char::from(b'0' + d)).collect();
        Some((Gtin(text), value))
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes_of_every_length() {
        for code in [
            "7038010009457",  // EAN-13 (TINE lettmelk)
            "5901234123457",  // EAN-13 (GS1 example)
            "96385074",       // EAN-8
            "036000291452",   // UPC-A
            "10012345678902", // GTIN-14
        ] {
            assert_eq!(Gtin::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn bad_codes_get_a_reason() {
        assert_eq!(
            Gtin::parse("7038010009458"),
            Err(GtinError::CheckDigit { got: 8, want: 7 })
        );
        assert_eq!(Gtin::parse("70380100094"), Err(GtinError::Length(11)));
        assert_eq!(Gtin::parse("70380x0009457"), Err(GtinError::NotDigits('x')));
        assert_eq!(Gtin::parse(""), Err(GtinError::Length(0)));
    }

    #[test]
    fn upc_and_gtin14_normalize_to_ean13() {
        assert_eq!(
            Gtin::parse("036000291452").unwrap().normalized().as_str(),
            "0036000291452"
        );
        assert_eq!(
            Gtin::parse("05901234123457").unwrap().normalized().as_str(),
            "5901234123457"
        );
    }

    #[test]
    fn in_store_code_splits_into_item_and_value() {
        // Item 2100042, value 01234 (12,34 kr or 1234 g).
        let mut body: Vec<u8> = "210004201234".bytes().map(|b| b - b'0').collect();
        let c = check_digit(&body);
        body.push(c);
        let code: String = body.iter().map(|d| char::from(b'0' + d)).collect();
        let (base, value) = Gtin::parse(&code).unwrap().in_store_parts().unwrap();
        assert_eq!(value, 1234);
        assert!(base.as_str().starts_with("210004200000"));
        assert!(Gtin::parse(base.as_str()).is_ok());
        assert!(Gtin::parse("7038010009457")
            .unwrap()
            .in_store_parts()
            .is_none());
    }
}
