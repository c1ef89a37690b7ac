//! The simulator's memory: tokens, payments, logins, webhook registrations, idempotency records,
//! rate-limit windows, faults and call counts. One `Mutex` guards it all; handlers are
//! synchronous so no lock is ever held across an `.await`.

use crate::sim::faults::Faults;
use crate::sim::problem::Resp;
use crate::sim::users::SimUser;
use crate::sim::SimConfig;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};
use tokio::task::AbortHandle;
use tokio::time::Instant;

/// Everything the HTTP handlers, background tasks and the `Sim` handle share.
pub(crate) struct Shared {
    pub config: SimConfig,
    pub base_url: String,
    pub users: Vec<SimUser>,
    pub http: reqwest::Client,
    state: Mutex<State>,
}

impl Shared {
    pub fn new(config: SimConfig, base_url: String, http: reqwest::Client) -> Shared {
        Shared {
            config,
            base_url,
            users: crate::sim::users::demo_users(),
            http,
            state: Mutex::new(State::default()),
        }
    }

    /// The state, even if a panicking thread poisoned the lock (the data stays usable).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn user_by_msisdn(&self, msisdn: &str) -> Option<&SimUser> {
        self.users.iter().find(|u| u.msisdn.as_str() == msisdn)
    }

    pub fn msn(&self) -> &str {
        &self.config.credentials.msn
    }
}

/// Payment states of the ePayment API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PaymentState {
    Created,
    Authorized,
    Aborted,
    Expired,
    Terminated,
}

impl PaymentState {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Created => "CREATED",
            PaymentState::Authorized => "AUTHORIZED",
            PaymentState::Aborted => "ABORTED",
            PaymentState::Expired => "EXPIRED",
            PaymentState::Terminated => "TERMINATED",
        }
    }
}

/// One entry of a payment's event log.
#[derive(Debug, Clone)]
pub(crate) struct PaymentEvent {
    pub name: &'static str,
    pub amount: i64,
    pub psp_reference: String,
    pub timestamp: String,
    pub idempotency_key: Option<String>,
    pub success: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Payment {
    pub reference: String,
    pub currency: String,
    pub amount: i64,
    pub state: PaymentState,
    pub msisdn: Option<String>,
    pub description: Option<String>,
    pub psp_reference: String,
    pub created: Instant,
    pub created_wall: SystemTime,
    pub metadata: Option<Value>,
    /// The customer's `sub`, only when the merchant asked for profile sharing.
    pub sub: Option<String>,
    pub authorized: i64,
    pub captured: i64,
    pub cancelled: i64,
    pub refunded: i64,
    pub events: Vec<PaymentEvent>,
}

/// Where a merchant-initiated login stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginStatus {
    Pending,
    Consented,
    Denied,
    Expired,
    /// The tokens were issued; the auth_req_id cannot be used again.
    Used,
}

#[derive(Debug, Clone)]
pub(crate) struct Login {
    pub auth_req_id: String,
    pub msisdn: String,
    pub scopes: Vec<String>,
    pub binding_message: Option<String>,
    pub created: Instant,
    pub created_wall: SystemTime,
    pub expires: Instant,
    pub interval: Duration,
    pub last_poll: Option<Instant>,
    pub status: LoginStatus,
}

impl Login {
    /// Pending, and its time has not run out.
    pub fn is_open(&self, now: Instant) -> bool {
        self.status == LoginStatus::Pending && now < self.expires
    }
}

/// An access token issued by the CIBA token endpoint, for userinfo.
#[derive(Debug, Clone)]
pub(crate) struct CibaToken {
    pub msisdn: String,
    pub scopes: Vec<String>,
    pub expires: Instant,
}

/// A webhook registration and its delivery worker.
#[derive(Debug)]
pub(crate) struct Registration {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub queue: tokio::sync::mpsc::UnboundedSender<bytes::Bytes>,
    pub worker: AbortHandle,
    /// Deliveries answered with 2xx.
    pub delivered: u64,
    /// Delivery attempts that failed (non-2xx or no answer); each is retried.
    pub failed_attempts: u64,
}

/// What an Idempotency-Key was first used with, and what it answered.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub body: Value,
    pub resp: Resp,
}

/// Which rate-limit bucket a call counts against: the docs give create, capture, cancel and
/// refund a window each (5 a minute per reference and MSN), and get and events one together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Bucket {
    Create,
    Capture,
    Cancel,
    Refund,
    Query,
}

#[derive(Default)]
pub(crate) struct State {
    pub tokens: HashMap<String, Instant>,
    pub payments: HashMap<String, Payment>,
    pub idempotency: HashMap<(String, String), Stored>,
    pub logins: HashMap<String, Login>,
    pub ciba_tokens: HashMap<String, CibaToken>,
    pub webhooks: Vec<Registration>,
    /// Windows keyed by (scope, bucket); the scope is the reference with the MSN or the
    /// subscription key the limit is counted per (see [`rate_scope`]).
    pub rate: HashMap<(String, Bucket), VecDeque<Instant>>,
    pub faults: Faults,
    pub stats: BTreeMap<String, u64>,
}

impl State {
    /// Counts a call against a sliding one-minute window of its scope (see [`rate_scope`]);
    /// false when over `limit`.
    pub fn rate_ok(&mut self, reference: &str, bucket: Bucket, limit: u32, now: Instant) -> bool {
        let window = self
            .rate
            .entry((reference.to_string(), bucket))
            .or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
        {
            window.pop_front();
        }
        if window.len() >= limit as usize {
            return false;
        }
        window.push_back(now);
        true
    }

    /// Seconds until the oldest call in the window leaves it (for `Retry-After`).
    pub fn retry_after(&self, reference: &str, bucket: Bucket, now: Instant) -> u64 {
        self.rate
            .get(&(reference.to_string(), bucket))
            .and_then(|w| w.front())
            .map(|t| {
                60u64
                    .saturating_sub(now.duration_since(*t).as_secs())
                    .max(1)
            })
            .unwrap_or(1)
    }
}

/// The scope a rate limit counts per: the reference together with the caller's MSN (for the
/// modifications) or subscription key (for the queries), so two sales units never share one.
pub(crate) fn rate_scope(reference: &str, caller: Option<&str>) -> String {
    format!("{}\u{1f}{reference}", caller.unwrap_or_default())
}

/// RFC 3339 UTC timestamp with milliseconds, as the API writes them.
pub(crate) fn rfc3339(at: SystemTime) -> String {
    let dt = time::OffsetDateTime::from(at);
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    dt.format(&format)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_window_slides_per_reference() {
        let mut state = State::default();
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(state.rate_ok("ref-a", Bucket::Capture, 5, t0));
        }
        assert!(!state.rate_ok("ref-a", Bucket::Capture, 5, t0));
        assert!(state.rate_ok("ref-b", Bucket::Capture, 5, t0));
        assert!(state.rate_ok("ref-a", Bucket::Query, 5, t0));
        for other in [Bucket::Create, Bucket::Cancel, Bucket::Refund] {
            assert!(
                state.rate_ok("ref-a", other, 5, t0),
                "{other:?} has its own window"
            );
        }
        let (a, b) = (
            rate_scope("ref-c", Some("111")),
            rate_scope("ref-c", Some("222")),
        );
        for _ in 0..5 {
            assert!(state.rate_ok(&a, Bucket::Refund, 5, t0));
        }
        assert!(
            state.rate_ok(&b, Bucket::Refund, 5, t0),
            "another MSN, another window"
        );
        assert_eq!(
            state.retry_after("ref-a", Bucket::Capture, t0 + Duration::from_secs(45)),
            15
        );
        assert!(state.rate_ok("ref-a", Bucket::Capture, 5, t0 + Duration::from_secs(60)));
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_millis() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_776_161_729_512);
        assert_eq!(rfc3339(at), "2026-04-14T10:15:29.512Z");
    }
}
