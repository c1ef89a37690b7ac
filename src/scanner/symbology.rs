//! AIM symbology identifiers (ISO/IEC 15424): `]` + code character + modifier, e.g. `]Q1`.

use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// The symbology a scanner reported in front of the data, kept after the prefix is stripped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbology {
    /// The code character: `Q` QR, `E` EAN/UPC, `C` Code 128, `d` Data Matrix, …
    pub code: char,
    /// The modifier: options such as GS1 mode or ECI (`1` in `]Q1`).
    pub modifier: char,
}

/// A string in a profile that is not an AIM identifier.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{0}` is not an AIM identifier (`]` + letter + digit or letter, e.g. `]Q1`)")]
pub struct BadAimId(pub String);

impl Symbology {
    /// Read an AIM identifier at the start of `bytes`; `None` when there is none.
    pub fn parse_prefix(bytes: &[u8]) -> Option<Symbology> {
        match bytes {
            [b']', code, modifier, ..]
                if code.is_ascii_alphabetic() && modifier.is_ascii_alphanumeric() =>
            {
                Some(Symbology {
                    code: char::from(*code),
                    modifier: char::from(*modifier),
                })
            }
            _ => None,
        }
    }

    /// Bytes an AIM identifier takes in the data stream.
    pub const LEN: usize = 3;

    /// A human name for the probe screen and logs.
    pub fn name(&self) -> &'static str {
        match (self.code, self.modifier) {
            ('Q', '3' | '4') => "QR Code (GS1)",
            ('Q', _) => "QR Code",
            ('E', '4') => "EAN-8",
            ('E', '0') => "EAN-13 / UPC",
            ('E', _) => "EAN/UPC with add-on",
            ('C', '1') => "GS1-128",
            ('C', _) => "Code 128",
            ('d', '2') => "Data Matrix (GS1)",
            ('d', _) => "Data Matrix",
            ('A', _) => "Code 39",
            ('I', _) => "Interleaved 2 of 5",
            ('L', _) => "PDF417",
            ('e', _) => "GS1 DataBar",
            ('z', _) => "Aztec",
            _ => "other symbology",
        }
    }
}

impl fmt::Display for Symbology {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "]{}{}", self.code, self.modifier)
    }
}

impl FromStr for Symbology {
    type Err = BadAimId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Symbology::parse_prefix(s.as_bytes()) {
            Some(sym) if s.len() == Symbology::LEN => Ok(sym),
            _ => Err(BadAimId(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_shows_identifiers() {
        let q = Symbology::parse_prefix(b"]Q1https://qr.vipps.no/").unwrap();
        assert_eq!(q.to_string(), "]Q1");
        assert_eq!(q.name(), "QR Code");
        assert_eq!("]E4".parse::<Symbology>().unwrap().name(), "EAN-8");
        assert_eq!(
            "]d2".parse::<Symbology>().unwrap().name(),
            "Data Matrix (GS1)"
        );
    }

    #[test]
    fn rejects_what_is_not_an_identifier() {
        for s in ["", "]", "]Q", "Q1", "]1Q", "]Q1x", "]Q\u{e5}"] {
            assert!(s.parse::<Symbology>().is_err(), "{s:?}");
        }
        assert_eq!(Symbology::parse_prefix(b"]]1"), None);
        assert_eq!(Symbology::parse_prefix(&[b']', 0xff, b'1']), None);
    }
}
