//! A local Vipps MobilePay simulator: the same paths, headers, status codes, error bodies, state
//! machine and HMAC-signed webhooks as the real APIs, plus a control surface that plays the
//! customer's phone and injects faults. Used by the till's demo mode, the tests and the
//! benchmarks; see `docs/SIMULATOR.md`.

mod auth;
mod checkin;
pub mod cli;
mod control;
mod epayment;
mod epayment_modify;
mod epayment_query;
mod epayment_validate;
mod faults;
mod form;
mod json_check;
mod login;
mod problem;
mod qr;
mod receipt_validate;
mod server;
mod state;
mod users;
mod webhooks;

pub use control::{PendingKind, PendingRequest};
pub use faults::{FailNext, Faults};
pub use users::{demo_users, SimUser, NOT_USERS, QR_GENERATED_AT};

use crate::domain::Country;
use crate::secret::Secret;
use state::{LoginStatus, PaymentState, Shared};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use tokio::task::AbortHandle;

/// The sales unit's credentials that the simulator accepts.
#[derive(Debug, Clone)]
pub struct SimCredentials {
    pub client_id: String,
    pub client_secret: Secret,
    pub subscription_key: Secret,
    /// Merchant Serial Number.
    pub msn: String,
}

/// The fixed credentials of demo mode. They are public demo values (printed by `kasse sim`),
/// useless anywhere but against this simulator.
pub fn demo_credentials() -> SimCredentials {
    SimCredentials {
        client_id: "5f1c2a9e-0b7d-4c8e-9a41-3d2f6e8b7c10".into(),
        client_secret: Secret::new("kasse-demo-client-secret"),
        subscription_key: Secret::new("kassedemo0subscription0key00001"),
        msn: "123456".into(),
    }
}

/// How the simulator behaves. `Default` is demo mode with the real API's timings.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub credentials: SimCredentials,
    /// Lifetime of platform access tokens (the test environment gives 1 hour).
    pub token_lifetime: Duration,
    /// How long a customer has to answer a payment request before it EXPIRES.
    pub payment_expiry: Duration,
    /// Default lifetime of a CIBA login request when the caller sends no `requested_expiry`.
    pub login_expiry: Duration,
    /// The CIBA `interval`: the least number of seconds between token polls.
    pub login_interval_secs: u64,
    /// Lifetime of the access token issued after a login (used for userinfo).
    pub login_token_lifetime: Duration,
    /// The sales unit's market; decides the only accepted currency.
    pub country: Country,
    /// Calls allowed per minute per reference and MSN, for create, capture, cancel and refund
    /// each (a window per API).
    pub modification_limit_per_minute: u32,
    /// Get-payment and event-log calls (together) allowed per minute per reference and
    /// subscription key.
    pub query_limit_per_minute: u32,
    /// The first wait before a failed webhook delivery is retried; doubles per attempt.
    pub webhook_retry_base: Duration,
    /// The longest wait between webhook retries.
    pub webhook_retry_max: Duration,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            credentials: demo_credentials(),
            token_lifetime: Duration::from_secs(3600),
            payment_expiry: Duration::from_secs(600),
            login_expiry: Duration::from_secs(600),
            login_interval_secs: 5,
            login_token_lifetime: Duration::from_secs(300),
            country: Country::Norway,
            modification_limit_per_minute: 5,
            query_limit_per_minute: 120,
            webhook_retry_base: Duration::from_secs(2),
            webhook_retry_max: Duration::from_secs(60),
        }
    }
}

/// Why a control action on the simulated phone was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SimError {
    #[error("no payment with reference `{0}`")]
    UnknownPayment(String),
    #[error("payment `{reference}` is {state}, not waiting for the customer")]
    PaymentNotPending { reference: String, state: String },
    #[error("no login with auth_req_id `{0}`")]
    UnknownLogin(String),
    #[error("login `{0}` is no longer waiting for the customer")]
    LoginNotPending(String),
}

/// A running simulator. Cheap to clone; every clone controls the same instance.
#[derive(Clone)]
pub struct Sim {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: AbortHandle,
}

impl Sim {
    /// Binds `addr` (port 0 picks a free port) and serves until [`Sim::shutdown`].
    pub async fn start(addr: SocketAddr, config: SimConfig) -> std::io::Result<Sim> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(std::io::Error::other)?;
        // A wildcard bind is reached through loopback; "0.0.0.0" is no address to call.
        let mut reachable = addr;
        if addr.ip().is_unspecified() {
            reachable.set_ip(match addr {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let base_url = format!("http://{reachable}");
        let shared = Arc::new(Shared::new(config, base_url, http));
        let server = tokio::spawn(server::serve(listener, shared.clone())).abort_handle();
        tracing::info!(%addr, "simulator listening");
        Ok(Sim {
            shared,
            addr,
            server,
        })
    }

    /// `http://127.0.0.1:PORT`: the base URL to give the API client instead of apitest.vipps.no.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The `[vipps]` table of a till configured against this simulator with the demo
    /// credentials (its keys end the text, so a caller may add more of the table's keys).
    pub fn vipps_table(&self) -> String {
        let c = demo_credentials();
        format!(
            "[vipps]\nbase_url = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\n\
             subscription_key = \"{}\"\nmsn = \"{}\"\n",
            self.base_url(),
            c.client_id,
            c.client_secret.expose(),
            c.subscription_key.expose(),
            c.msn,
        )
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The credentials the simulator accepts.
    pub fn credentials(&self) -> SimCredentials {
        self.shared.config.credentials.clone()
    }

    /// Point a till's API settings at this simulator, with its credentials.
    pub fn configure(&self, v: &mut crate::config::Vipps) {
        let c = self.credentials();
        v.base_url = self.base_url();
        v.client_id = c.client_id;
        v.client_secret = c.client_secret;
        v.subscription_key = c.subscription_key;
        v.msn = c.msn;
    }

    /// The simulated customers.
    pub fn users(&self) -> Vec<SimUser> {
        self.shared.users.clone()
    }

    /// What the customers' phones show right now: payments and logins awaiting an answer,
    /// oldest first.
    pub fn pending(&self) -> Vec<PendingRequest> {
        control::pending(&self.shared)
    }

    /// The customer approves the payment: it becomes AUTHORIZED.
    pub fn approve_payment(&self, reference: &str) -> Result<(), SimError> {
        epayment::customer_answer(&self.shared, reference, PaymentState::Authorized)
    }

    /// The customer rejects the payment: it becomes ABORTED.
    pub fn reject_payment(&self, reference: &str) -> Result<(), SimError> {
        epayment::customer_answer(&self.shared, reference, PaymentState::Aborted)
    }

    /// The payment's time runs out now: it becomes EXPIRED.
    pub fn expire_payment(&self, reference: &str) -> Result<(), SimError> {
        epayment::customer_answer(&self.shared, reference, PaymentState::Expired)
    }

    /// The customer consents to the login.
    pub fn consent_login(&self, auth_req_id: &str) -> Result<(), SimError> {
        login::customer_answer(&self.shared, auth_req_id, LoginStatus::Consented)
    }

    /// The customer declines the login.
    pub fn deny_login(&self, auth_req_id: &str) -> Result<(), SimError> {
        login::customer_answer(&self.shared, auth_req_id, LoginStatus::Denied)
    }

    /// The login's time runs out now.
    pub fn expire_login(&self, auth_req_id: &str) -> Result<(), SimError> {
        login::customer_answer(&self.shared, auth_req_id, LoginStatus::Expired)
    }

    /// Replaces the fault settings (`Faults::default()` switches them all off).
    pub fn set_faults(&self, faults: Faults) {
        self.shared.lock().faults = faults;
    }

    /// The current fault settings.
    pub fn faults(&self) -> Faults {
        self.shared.lock().faults.clone()
    }

    /// API calls received so far, per endpoint (e.g. `POST /epayment/v1/payments`), including
    /// refused ones; the control surface is not counted.
    pub fn request_count(&self) -> BTreeMap<String, u64> {
        self.shared.lock().stats.clone()
    }

    /// The sum of [`Sim::request_count`].
    pub fn total_requests(&self) -> u64 {
        self.shared.lock().stats.values().sum()
    }

    /// Stops accepting connections and stops all webhook deliveries.
    pub async fn shutdown(self) {
        self.server.abort();
        let workers: Vec<AbortHandle> = self
            .shared
            .lock()
            .webhooks
            .drain(..)
            .map(|r| r.worker)
            .collect();
        for worker in workers {
            worker.abort();
        }
        tokio::task::yield_now().await;
        tracing::info!(addr = %self.addr, "simulator stopped");
    }
}

/// The headers the simulator signs a webhook delivery with (Vipps MobilePay's HMAC scheme):
/// `(x-ms-content-sha256, Authorization)` for a POST of `body` to the registered `url` at
/// `x_ms_date`. `None` when `url` is not an absolute URL.
pub fn webhook_signature(
    secret: &str,
    url: &str,
    x_ms_date: &str,
    body: &[u8],
) -> Option<(String, String)> {
    let url = reqwest::Url::parse(url).ok()?;
    Some(webhooks::sign(secret, &url, x_ms_date, body))
}
