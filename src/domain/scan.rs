//! What a scanned payload is: a customer's personal QR, a product barcode, or neither.

use super::{Country, Gtin, GtinError, Msisdn};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanKind {
    /// A Vipps or MobilePay personal QR. `msisdn` is set when the code is the clear-text Vipps
    /// format and the number could be read locally; otherwise the QR exchange API must be asked.
    PersonalQr {
        raw: String,
        msisdn: Option<Msisdn>,
    },
    Product(Gtin),
    Unknown(Unreadable),
}

/// Why a scan is neither a customer nor a product, as data: the till's screen says it in the
/// cashier's language, `Display` says it in English for logs and `kasse scanner probe`.
/// `shown` is the payload shortened and stripped of control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Empty,
    /// A barcode whose check digit is wrong: a misread or a damaged label.
    CheckDigit {
        code: String,
        got: u8,
        want: u8,
    },
    /// Digits, but not a GTIN length.
    NotGtin {
        shown: String,
        len: usize,
    },
    /// A web address that is not a Vipps or MobilePay code.
    WebLink {
        shown: String,
    },
    /// Looks like a Vipps code but is too long or holds control characters.
    DamagedQr,
    Neither {
        shown: String,
    },
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Empty => f.write_str("empty scan"),
            Unreadable::CheckDigit { code, got, want } => write!(
                f,
                "barcode {code}: check digit is {got}, should be {want}: a misread or a damaged label"
            ),
            Unreadable::NotGtin { shown, len } => write!(
                f,
                "`{shown}` is not a product barcode: {len} digits is not a GTIN length (8, 12, 13 or 14)"
            ),
            Unreadable::WebLink { shown } => {
                write!(f, "`{shown}` is a web link, not a Vipps or MobilePay code")
            }
            Unreadable::DamagedQr => {
                f.write_str("a QR code that looks like a Vipps code but is damaged")
            }
            Unreadable::Neither { shown } => {
                write!(f, "`{shown}` is neither a personal QR nor a product barcode")
            }
        }
    }
}

const VIPPS_CLEAR_TEXT: &str = "https://qr.vipps.no/28/2/01/031/";
const PERSONAL_QR_HOSTS: [&str; 4] = [
    "https://qr.vipps.no/",
    "https://qr.mobilepay.dk/",
    "https://qr.mobilepay.fi/",
    "https://mobilepay.dk/",
];
/// ePayment's `personalQr` field takes 5 to 255 characters.
const MAX_QR_LEN: usize = 255;

/// Classify a payload after the scanner layer has stripped framing and AIM identifiers.
pub fn classify(payload: &str) -> ScanKind {
    let p = payload.trim();
    if p.is_empty() {
        return ScanKind::Unknown(Unreadable::Empty);
    }
    if let Some(kind) = personal_qr(p) {
        return kind;
    }
    // GS1 element string (DataMatrix or GS1-128 without parentheses): AI 01 then a GTIN-14.
    if let Some(rest) = p.strip_prefix("01") {
        if rest.len() >= 14 && rest.as_bytes()[..14].iter().all(u8::is_ascii_digit) {
            if let Ok(g) = Gtin::parse(&rest[..14]) {
                return ScanKind::Product(g.normalized());
            }
        }
    }
    if p.bytes().all(|b| b.is_ascii_digit()) {
        return match Gtin::parse(p) {
            Ok(g) => ScanKind::Product(g),
            Err(GtinError::CheckDigit { got, want }) => ScanKind::Unknown(Unreadable::CheckDigit {
                code: p.to_string(),
                got,
                want,
            }),
            Err(_) => ScanKind::Unknown(Unreadable::NotGtin {
                shown: shorten(p),
                len: p.len(),
            }),
        };
    }
    let shown = shorten(p);
    ScanKind::Unknown(if p.starts_with("http://") || p.starts_with("https://") {
        Unreadable::WebLink { shown }
    } else {
        Unreadable::Neither { shown }
    })
}

fn personal_qr(p: &str) -> Option<ScanKind> {
    let lower = p.to_ascii_lowercase();
    if !PERSONAL_QR_HOSTS.iter().any(|h| lower.starts_with(h)) {
        return None;
    }
    if p.len() > MAX_QR_LEN || p.len() < 5 || p.chars().any(char::is_control) {
        return Some(ScanKind::Unknown(Unreadable::DamagedQr));
    }
    // The clear-text format carries the number in its path; the number can be read here, and
    // checking it still goes through the same Msisdn rules as a typed one.
    let msisdn = p
        .strip_prefix(VIPPS_CLEAR_TEXT)
        .and_then(|rest| rest.strip_suffix("?v=1"))
        .filter(|digits| (9..=15).contains(&digits.len()))
        .and_then(|digits| Msisdn::parse(&format!("+{digits}"), Country::Norway).ok());
    Some(ScanKind::PersonalQr {
        raw: p.to_string(),
        msisdn,
    })
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msisdn(s: &str) -> Option<Msisdn> {
        Some(Msisdn::parse(&format!("+{s}"), Country::Norway).unwrap())
    }

    #[test]
    fn clear_text_vipps_qr_gives_the_number() {
        assert_eq!(
            classify("https://qr.vipps.no/28/2/01/031/4791234567?v=1"),
            ScanKind::PersonalQr {
                raw: "https://qr.vipps.no/28/2/01/031/4791234567?v=1".into(),
                msisdn: msisdn("4791234567")
            }
        );
    }

    #[test]
    fn tokenized_and_mobilepay_codes_need_the_exchange() {
        for raw in [
            "https://qr.vipps.no/p/qwjhewqhueheuqwhuqwhe",
            "https://qr.mobilepay.dk/p/abcDEF123",
            "https://qr.vipps.no/28/2/01/031/4791234567?v=2",
            "https://qr.vipps.no/28/2/01/031/22123456?v=1",
        ] {
            match classify(raw) {
                ScanKind::PersonalQr {
                    msisdn: None,
                    raw: r,
                } => assert_eq!(r, raw),
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn barcodes_become_products_or_reasons() {
        assert_eq!(
            classify("7038010009457"),
            ScanKind::Product(Gtin::parse("7038010009457").unwrap())
        );
        assert_eq!(
            classify("0107038010009457"),
            ScanKind::Product(Gtin::parse("7038010009457").unwrap())
        );
        match classify("7038010009458") {
            ScanKind::Unknown(why) => assert!(why.to_string().contains("check digit"), "{why}"),
            other => panic!("{other:?}"),
        }
        match classify("12345") {
            ScanKind::Unknown(why) => assert!(why.to_string().contains("5 digits"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_is_unknown_with_a_reason() {
        for junk in ["", "hello", "https://example.com/x", "\u{1b}[2J", "ÆØÅ"] {
            match classify(junk) {
                ScanKind::Unknown(why) => {
                    let reason = why.to_string();
                    assert!(!reason.is_empty());
                    assert!(!reason.contains('\u{1b}'), "escape leaked: {reason:?}");
                }
                other => panic!("{junk:?}: {other:?}"),
            }
        }
        let long = format!("https://qr.vipps.no/p/{}", "a".repeat(300));
        assert_eq!(classify(&long), ScanKind::Unknown(Unreadable::DamagedQr));
    }
}
