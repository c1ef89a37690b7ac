//! The platform access token (`POST /accesstoken/get`) and when to renew it.

use crate::secret::Secret;
use serde::{Deserialize, Deserializer};
use std::time::{Duration, Instant, SystemTime};

/// Renew at most this long before expiry...
const MAX_MARGIN: Duration = Duration::from_secs(5 * 60);
/// ...or at 10 % of the lifetime, whichever is earlier to come, so short test tokens work too.
const MARGIN_PERCENT: u32 = 10;
/// Assumed lifetime when the answer gives none (the test environment's hour).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The token answer. The spec declares the numbers as strings; accept numbers too.
#[derive(Deserialize)]
pub(crate) struct AccessToken {
    access_token: String,
    #[serde(default, deserialize_with = "lenient_u64")]
    expires_in: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    expires_on: Option<u64>,
}

pub(crate) struct CachedToken {
    pub value: Secret,
    refresh_at: Instant,
}

impl CachedToken {
    pub fn new(t: AccessToken, now: Instant, wall: SystemTime) -> CachedToken {
        let lifetime = match (t.expires_in, t.expires_on) {
            (Some(secs), _) => Duration::from_secs(secs),
            (None, Some(on)) => {
                let now_secs = wall
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                Duration::from_secs(on.saturating_sub(now_secs))
            }
            (None, None) => DEFAULT_LIFETIME,
        };
        let margin = MAX_MARGIN.min(lifetime * MARGIN_PERCENT / 100);
        CachedToken {
            value: Secret::new(t.access_token),
            refresh_at: now + lifetime.saturating_sub(margin),
        }
    }

    pub fn is_fresh(&self, now: Instant) -> bool {
        now < self.refresh_at
    }
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Num {
        N(u64),
        S(String),
        F(f64),
    }
    Ok(match Option::<Num>::deserialize(d)? {
        None => None,
        Some(Num::N(n)) => Some(n),
        Some(Num::S(s)) => s.trim().parse().ok(),
        Some(Num::F(f)) if f.is_finite() && f >= 0.0 => Some(f as u64),
        Some(Num::F(_)) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> AccessToken {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn strings_or_numbers_and_the_renewal_margin() {
        let now = Instant::now();
        let wall = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let t = CachedToken::new(
            parse(r#"{"token_type":"Bearer","expires_in":"3600","access_token":"a"}"#),
            now,
            wall,
        );
        assert!(t.is_fresh(now + Duration::from_secs(3600 - 301)));
        assert!(!t.is_fresh(now + Duration::from_secs(3600 - 299)));
        let t = CachedToken::new(parse(r#"{"expires_in":100,"access_token":"a"}"#), now, wall);
        assert!(t.is_fresh(now + Duration::from_secs(89)));
        assert!(!t.is_fresh(now + Duration::from_secs(91)));
        let t = CachedToken::new(
            parse(r#"{"expires_on":"1100","access_token":"a"}"#),
            now,
            wall,
        );
        assert!(!t.is_fresh(now + Duration::from_secs(91)));
        let t = CachedToken::new(parse(r#"{"expires_in":"0","access_token":"a"}"#), now, wall);
        assert!(!t.is_fresh(now));
    }
}
