//! What travels between a till and the club service, as JSON, with the limits a service that
//! faces many tills must hold: every field checked before it reaches the database.

use crate::domain::{Member, MemberSource, Msisdn};
use serde::{Deserialize, Serialize};

/// Longest accepted values; generous for real data, small enough that one request cannot
/// bloat the register.
const MAX_SUB: usize = 200;
const MAX_NAME: usize = 200;
const MAX_EMAIL: usize = 320;
const MAX_CONSENTS: usize = 8 * 1024;
/// Members in one batch request.
pub const MAX_BATCH: usize = 1000;
/// Changes in one page of the feed.
pub const MAX_PAGE: i64 = 5000;

/// A member as it is sent: the phone number as digits with country code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireMember {
    pub msisdn: String,
    pub sub: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub enrolled_at: i64,
    pub source: String,
    pub consents: Option<String>,
}

/// A member as the club holds it: its id (the key the feed speaks of) and the version of its
/// last change. `msisdn` is `None` when the number moved to another member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClubMember {
    pub id: i64,
    pub version: i64,
    pub msisdn: Option<String>,
    pub sub: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub enrolled_at: i64,
    pub source: String,
    pub consents: Option<String>,
}

/// One entry of the change feed: a member's current row, or `forgotten` with its id only (a
/// forgotten member leaves nothing personal behind, not even in the feed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub version: i64,
    pub id: i64,
    #[serde(default)]
    pub forgotten: bool,
    pub member: Option<ClubMember>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangePage {
    pub changes: Vec<Change>,
    /// True when there may be more after the last change.
    pub more: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BatchResult {
    pub added: u64,
    pub updated: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Forgotten {
    pub forgotten: bool,
}

impl From<&Member> for WireMember {
    fn from(m: &Member) -> Self {
        WireMember {
            msisdn: m.msisdn.as_str().to_string(),
            sub: m.sub.clone(),
            name: m.name.clone(),
            email: m.email.clone(),
            enrolled_at: m.enrolled_at,
            source: m.source.code().to_string(),
            consents: m.consents.clone(),
        }
    }
}

/// A phone number from the wire: digits with country code, as the till stores them.
pub fn parse_msisdn(s: &str) -> Result<Msisdn, String> {
    if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("msisdn: digits with country code, at most 15".into());
    }
    Msisdn::parse(&format!("+{s}"), crate::domain::Country::Norway)
        .map_err(|e| format!("msisdn: {e}"))
}

fn bounded(field: &str, v: &Option<String>, max: usize) -> Result<(), String> {
    match v {
        Some(s) if s.len() > max => Err(format!("{field}: at most {max} bytes")),
        Some(s) if s.chars().any(|c| c == '\0') => Err(format!("{field}: holds a NUL")),
        _ => Ok(()),
    }
}

impl WireMember {
    /// The member this describes, or why it is refused.
    pub fn to_member(&self) -> Result<Member, String> {
        bounded("sub", &self.sub, MAX_SUB)?;
        if self.sub.as_deref() == Some("") {
            return Err("sub: empty".into());
        }
        bounded("name", &self.name, MAX_NAME)?;
        bounded("email", &self.email, MAX_EMAIL)?;
        bounded("consents", &self.consents, MAX_CONSENTS)?;
        let source = MemberSource::from_code(&self.source)
            .ok_or_else(|| "source: one of login, import".to_string())?;
        if self.enrolled_at < 0 {
            return Err("enrolled_at: unix seconds".into());
        }
        Ok(Member {
            msisdn: parse_msisdn(&self.msisdn)?,
            sub: self.sub.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            enrolled_at: self.enrolled_at,
            source,
            consents: self.consents.clone(),
        })
    }
}

impl ClubMember {
    /// The member for the till's cache; `None` when it has no phone number (then it cannot be
    /// looked up at a counter) or a value the till cannot hold.
    pub fn to_member(&self) -> Option<Member> {
        WireMember {
            msisdn: self.msisdn.clone()?,
            sub: self.sub.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            enrolled_at: self.enrolled_at,
            source: self.source.clone(),
            consents: self.consents.clone(),
        }
        .to_member()
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire() -> WireMember {
        WireMember {
            msisdn: "4791234567".into(),
            sub: Some("sub-1".into()),
            name: Some("Kari".into()),
            email: None,
            enrolled_at: 1_700_000_000,
            source: "login".into(),
            consents: None,
        }
    }

    #[test]
    fn a_good_member_passes() {
        let m = wire().to_member().expect("valid");
        assert_eq!(m.msisdn.as_str(), "4791234567");
    }

    #[test]
    fn bad_fields_are_refused_with_the_field_named() {
        type Spoil = fn(&mut WireMember);
        let cases: Vec<(Spoil, &str)> = vec![
            (|w| w.msisdn = "+4791234567".into(), "msisdn"),
            (|w| w.msisdn = "12".into(), "msisdn"),
            (|w| w.sub = Some(String::new()), "sub"),
            (|w| w.name = Some("x".repeat(201)), "name"),
            (|w| w.name = Some("a\0b".into()), "name"),
            (|w| w.source = "web".into(), "source"),
            (|w| w.enrolled_at = -1, "enrolled_at"),
        ];
        for (spoil, field) in cases {
            let mut w = wire();
            spoil(&mut w);
            let err = w.to_member().expect_err(field);
            assert!(err.starts_with(field), "{err}");
        }
    }
}
