//! When to try again: the retry policy for single calls and the payment polling schedule.

use super::VippsError;
use std::time::{Duration, SystemTime};

/// How often and how patiently a repeatable call is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first one included (1 = no retries).
    pub max_attempts: u32,
    /// Delay before the first retry; it doubles per retry, with jitter.
    pub base_delay: Duration,
    /// No single wait is longer than this. A `Retry-After` beyond it is not waited for: the
    /// error goes back to the caller, whose screen should not freeze that long.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before attempt `failed_attempt + 1`, or `None` to give up.
    pub fn delay_after(&self, failed_attempt: u32, error: &VippsError) -> Option<Duration> {
        if failed_attempt >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << failed_attempt.saturating_sub(1).min(16))
            .min(self.max_delay);
        // Full jitter over the upper half keeps retries of many tills from marching in step.
        let ms = exp.as_millis() as u64;
        let jittered = Duration::from_millis(ms / 2 + fastrand::u64(0..=ms / 2));
        match error.retry_after() {
            Some(ra) if ra > self.max_delay => None,
            Some(ra) => Some(ra.max(jittered)),
            None => Some(jittered),
        }
    }
}

/// Parse a `Retry-After` header: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let p = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        let e = VippsError::Timeout;
        for attempt in 1..10 {
            let d = p.delay_after(attempt, &e).unwrap();
            let cap = (100u64 << (attempt - 1)).min(1000);
            assert!(
                d.as_millis() as u64 <= cap && d.as_millis() as u64 >= cap / 2,
                "{d:?}"
            );
        }
        assert_eq!(p.delay_after(10, &e), None);
        let rl = VippsError::RateLimited {
            retry_after: Some(Duration::from_millis(900)),
        };
        assert!(p.delay_after(1, &rl).unwrap() >= Duration::from_millis(900));
        let long = VippsError::RateLimited {
            retry_after: Some(Duration::from_secs(60)),
        };
        assert_eq!(p.delay_after(1, &long), None);
        assert_eq!(p.delay_after(1, &VippsError::Invalid("x".into())), None);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
