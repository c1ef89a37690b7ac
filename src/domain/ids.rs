//! Typed identifiers of the money path: a payment attempt's reference, an issued receipt's
//! number, and the idempotency keys derived from a reference.
//!
//! A reference names one payment attempt for good: `<pos_id>-<installation>-<attempt>`. The
//! installation id is made with the database and kept in it, so a reinstalled till, a lost
//! database or a second till given the same `pos_id` never sends a reference the API has
//! seen (ePayment keeps references per sales unit, not per file). Receipt numbers are not in
//! references: a refused or expired attempt uses up an attempt, never a receipt number.

use serde::{Deserialize, Serialize};
use std::fmt;

/// ePayment: 8 to 64 characters of `[a-zA-Z0-9-]`.
const REF_MIN: usize = 8;
const REF_MAX: usize = 64;
/// How many characters of the installation id go into a reference.
pub const INSTALLATION_LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "a reference must be {REF_MIN} to {REF_MAX} characters of letters, digits and '-': `{0}`"
    )]
    Reference(String),
    #[error("`{0}` is not a receipt number")]
    ReceiptNumber(String),
}

/// One payment attempt at the ePayment API, ever.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

impl Reference {
    /// The reference of attempt `attempt` of till `pos_id` in installation `installation`.
    /// A `pos_id` too long for the API is shortened from the left, keeping its tail (where
    /// tills are usually numbered).
    pub fn new(pos_id: &str, installation: &str, attempt: u64) -> Result<Reference, IdError> {
        let inst: String = installation.chars().take(INSTALLATION_LEN).collect();
        let tail = format!("-{inst}-{attempt:06}");
        let room = REF_MAX.saturating_sub(tail.len());
        let skip = pos_id.chars().count().saturating_sub(room);
        let pos: String = pos_id.chars().skip(skip).collect();
        Reference::parse(&format!("{pos}{tail}"))
    }

    /// A reference read back (from the store, the journal, a cashier's search).
    pub fn parse(s: &str) -> Result<Reference, IdError> {
        let ok = (REF_MIN..=REF_MAX).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ok {
            Ok(Reference(s.to_string()))
        } else {
            Err(IdError::Reference(s.chars().take(80).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Reference {
    type Error = IdError;
    fn try_from(s: String) -> Result<Reference, IdError> {
        Reference::parse(&s)
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An idempotency key: one request body for life. Each operation on a reference has its own
/// key, derived from the reference, so a retry, a restart or a recovery sends the same key
/// for the same operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    fn of(reference: &str, suffix: &str) -> IdempotencyKey {
        IdempotencyKey(format!("{reference}-{suffix}"))
    }

    pub fn create(r: &Reference) -> IdempotencyKey {
        IdempotencyKey::of(r.as_str(), "create")
    }

    /// The same key on every retry of one capture, and a new one for the rest after a part
    /// was captured (the same key with another amount is a conflict).
    pub fn capture(reference: &str, already_captured: i64) -> IdempotencyKey {
        if already_captured == 0 {
            IdempotencyKey::of(reference, "capture")
        } else {
            IdempotencyKey::of(reference, &format!("capture-{already_captured}"))
        }
    }

    /// Cancel before authorization.
    pub fn cancel(reference: &str) -> IdempotencyKey {
        IdempotencyKey::of(reference, "cancel")
    }

    /// Release an authorized reservation.
    pub fn release(reference: &str) -> IdempotencyKey {
        IdempotencyKey::of(reference, "release")
    }

    /// The `n`th refund of the payment (1-based).
    pub fn refund(reference: &str, n: u32) -> IdempotencyKey {
        IdempotencyKey::of(reference, &format!("refund-{n}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<IdempotencyKey> for String {
    fn from(k: IdempotencyKey) -> String {
        k.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The number of an issued receipt: consecutive per till, per kind, per training flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReceiptNumber(u64);

/// The prefix of the scannable receipt code printed on every receipt.
const CODE_PREFIX: &str = "RN-";

impl ReceiptNumber {
    /// Numbers start at 1; 0 is the draft's "not issued yet".
    pub fn new(n: u64) -> Result<ReceiptNumber, IdError> {
        if n == 0 {
            return Err(IdError::ReceiptNumber("0".into()));
        }
        Ok(ReceiptNumber(n))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// The text of the receipt's barcode: `RN-<pos_id>-<number>` (Code 128 holds it). A
    /// scan of it into the return dialog finds the receipt on the till that issued it.
    pub fn scan_code(self, pos_id: &str) -> String {
        format!("{CODE_PREFIX}{pos_id}-{:06}", self.0)
    }

    /// What a cashier typed or scanned: plain digits (this till's receipt), or a receipt code.
    /// Returns the till the code names (None for plain digits) and the number.
    pub fn parse_query(q: &str) -> Result<(Option<String>, ReceiptNumber), IdError> {
        let q = q.trim();
        let bad = || IdError::ReceiptNumber(q.chars().take(40).collect());
        let (pos, digits) = match q.strip_prefix(CODE_PREFIX) {
            Some(rest) => {
                let (pos, n) = rest.rsplit_once('-').ok_or_else(bad)?;
                if pos.is_empty() {
                    return Err(bad());
                }
                (Some(pos.to_string()), n)
            }
            None => (None, q),
        };
        if digits.is_empty() || digits.len() > 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let n: u64 = digits.parse().map_err(|_| bad())?;
        Ok((pos, ReceiptNumber::new(n).map_err(|_| bad())?))
    }
}

impl fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_names_till_installation_and_attempt() {
        let r = Reference::new("till1", "a1b2c3d4e5f6", 7).unwrap();
        assert_eq!(r.as_str(), "till1-a1b2c3d4-000007");
        // Two installations of one pos_id never meet.
        assert_ne!(r, Reference::new("till1", "ffff0000", 7).unwrap());
    }

    #[test]
    fn a_long_pos_id_keeps_the_reference_within_the_api_limit() {
        let pos = "x".repeat(70) + "-kasse-12";
        let r = Reference::new(&pos, "a1b2c3d4", 123_456_789).unwrap();
        assert!(r.as_str().len() <= REF_MAX);
        assert!(r.as_str().ends_with("kasse-12-a1b2c3d4-123456789"));
    }

    #[test]
    fn bad_references_are_refused() {
        assert!(Reference::parse("short").is_err());
        assert!(Reference::parse("till1 000001").is_err());
        assert!(Reference::parse(&"a".repeat(65)).is_err());
        let json = serde_json::to_string(&Reference::parse("till1-000001").unwrap()).unwrap();
        assert_eq!(json, "\"till1-000001\"");
        assert!(serde_json::from_str::<Reference>("\"x y\"").is_err());
    }

    #[test]
    fn keys_are_derived_per_operation() {
        let r = Reference::parse("till1-a1b2c3d4-000007").unwrap();
        assert_eq!(
            IdempotencyKey::create(&r).as_str(),
            "till1-a1b2c3d4-000007-create"
        );
        assert_eq!(
            IdempotencyKey::capture(r.as_str(), 0).as_str(),
            "till1-a1b2c3d4-000007-capture"
        );
        assert_eq!(
            IdempotencyKey::capture(r.as_str(), 500).as_str(),
            "till1-a1b2c3d4-000007-capture-500"
        );
        assert_eq!(
            IdempotencyKey::refund(r.as_str(), 2).as_str(),
            "till1-a1b2c3d4-000007-refund-2"
        );
        assert_ne!(
            IdempotencyKey::cancel(r.as_str()),
            IdempotencyKey::release(r.as_str())
        );
    }

    #[test]
    fn receipt_codes_round_trip_and_plain_numbers_are_this_tills() {
        let n = ReceiptNumber::new(42).unwrap();
        let code = n.scan_code("kasse-1");
        assert_eq!(code, "RN-kasse-1-000042");
        assert_eq!(
            ReceiptNumber::parse_query(&code).unwrap(),
            (Some("kasse-1".to_string()), n)
        );
        assert_eq!(ReceiptNumber::parse_query(" 42 ").unwrap(), (None, n));
        for bad in [
            "",
            "0",
            "RN-",
            "RN-42",
            "RN--1",
            "abc",
            "4 2",
            "9999999999999",
        ] {
            assert!(ReceiptNumber::parse_query(bad).is_err(), "{bad}");
        }
    }
}
