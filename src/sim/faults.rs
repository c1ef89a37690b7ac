//! Fault injection: slow or failing platform calls, a broken token endpoint, and webhooks that
//! are dropped, duplicated, delayed or reordered.

use crate::sim::problem::{problem, Resp};
use hyper::StatusCode;
use serde::{Deserialize, Serialize};

/// "The next `count` platform calls fail with `status`": deterministic, for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailNext {
    pub count: u32,
    pub status: u16,
}

/// Everything that can be made to go wrong. `Default` is "nothing goes wrong".
///
/// Rates are probabilities between 0.0 and 1.0, drawn per call with `fastrand`. "Platform
/// calls" are every API route except the access-token endpoint (which has its own switch) and
/// the `/_sim/` control surface.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Added to every API call before it is handled.
    pub latency_ms: u64,
    /// Probability that a platform call answers 500.
    pub error_rate_500: f64,
    /// Probability that a platform call answers 503.
    pub error_rate_503: f64,
    /// Probability that a platform call answers 429 with `Retry-After`.
    pub error_rate_429: f64,
    /// The `Retry-After` seconds sent with injected 429s (0 means 1).
    pub retry_after_secs: u64,
    /// The next N platform calls fail with the given status.
    pub fail_next: Option<FailNext>,
    /// When set, `fail_next` counts only calls whose path ends with this (e.g. `/capture`),
    /// so one API can be made to fail while the others answer.
    pub fail_next_path_suffix: Option<String>,
    /// `POST /accesstoken/get` answers 500.
    pub token_endpoint_down: bool,
    /// Probability that a webhook event is never sent.
    pub webhook_drop_rate: f64,
    /// Probability that a webhook event is sent twice.
    pub webhook_duplicate_rate: f64,
    /// Added before every webhook delivery attempt.
    pub webhook_delay_ms: u64,
    /// Probability that a webhook event swaps places with the one after it.
    pub webhook_reorder_rate: f64,
}

impl Faults {
    /// Decides whether this platform call fails, consuming one `fail_next` if set.
    pub(crate) fn injected_failure(&mut self, instance: &str) -> Option<Resp> {
        let targeted = self
            .fail_next_path_suffix
            .as_deref()
            .is_none_or(|suffix| instance.ends_with(suffix));
        if let Some(next) = self.fail_next.as_mut().filter(|_| targeted) {
            if next.count > 0 {
                next.count -= 1;
                let status =
                    StatusCode::from_u16(next.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                if next.count == 0 {
                    self.fail_next = None;
                }
                return Some(self.failure(status, instance));
            }
        }
        if chance(self.error_rate_500) {
            return Some(self.failure(StatusCode::INTERNAL_SERVER_ERROR, instance));
        }
        if chance(self.error_rate_503) {
            return Some(self.failure(StatusCode::SERVICE_UNAVAILABLE, instance));
        }
        if chance(self.error_rate_429) {
            return Some(self.failure(StatusCode::TOO_MANY_REQUESTS, instance));
        }
        None
    }

    fn failure(&self, status: StatusCode, instance: &str) -> Resp {
        let title = status.canonical_reason().unwrap_or("Injected failure");
        let resp = problem(
            status,
            title,
            "Injected by the simulator's fault settings",
            instance,
            &[],
        );
        if status == StatusCode::TOO_MANY_REQUESTS {
            resp.with_header("retry-after", self.retry_after_secs.max(1).to_string())
        } else {
            resp
        }
    }
}

/// True with probability `p` (values outside 0..=1 are clamped).
pub(crate) fn chance(p: f64) -> bool {
    p > 0.0 && fastrand::f64() < p.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_next_counts_down_then_clears() {
        let mut f = Faults {
            fail_next: Some(FailNext {
                count: 2,
                status: 503,
            }),
            ..Faults::default()
        };
        assert_eq!(
            f.injected_failure("/x").map(|r| r.status),
            Some(StatusCode::SERVICE_UNAVAILABLE)
        );
        assert!(f.injected_failure("/x").is_some());
        assert!(f.injected_failure("/x").is_none());
        assert_eq!(f.fail_next, None);
    }

    #[test]
    fn fail_next_can_target_one_api() {
        let mut f = Faults {
            fail_next: Some(FailNext {
                count: 1,
                status: 429,
            }),
            fail_next_path_suffix: Some("/capture".into()),
            ..Faults::default()
        };
        assert!(f.injected_failure("/epayment/v1/payments/r-1").is_none());
        let hit = f.injected_failure("/epayment/v1/payments/r-1/capture");
        assert_eq!(hit.map(|r| r.status), Some(StatusCode::TOO_MANY_REQUESTS));
        assert!(f
            .injected_failure("/epayment/v1/payments/r-1/capture")
            .is_none());
    }
}
