//! Shared helpers for the simulator tests: start a simulator on loopback, get a token, and
//! build requests with the platform headers.
#![allow(dead_code)]

pub mod receiver;

use kasse::sim::{Sim, SimConfig};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::{json, Value};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

pub const ALICE: &str = "4791234567";
pub const BOB: &str = "4791234568";
pub const OLD_APP: &str = "4791234570";
pub const NOBODY: &str = "4790000000";

/// Fast settings for tests: 1-second CIBA interval, quick webhook retries, and rate limits
/// raised so that long scenarios on one reference are not throttled (the real limits are
/// tested on their own).
pub fn fast_config() -> SimConfig {
    SimConfig {
        login_interval_secs: 1,
        modification_limit_per_minute: 1000,
        query_limit_per_minute: 1000,
        webhook_retry_base: Duration::from_millis(50),
        webhook_retry_max: Duration::from_millis(200),
        ..SimConfig::default()
    }
}

pub struct Env {
    pub sim: Sim,
    pub http: Client,
    pub base: String,
    pub token: String,
}

pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

impl Env {
    pub async fn start(config: SimConfig) -> Env {
        let sim = Sim::start(loopback(), config).await.expect("sim starts");
        let http = Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        let base = sim.base_url();
        let mut env = Env {
            sim,
            http,
            base,
            token: String::new(),
        };
        env.token = env.fetch_token().await;
        env
    }

    pub async fn fast() -> Env {
        Env::start(fast_config()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// POST /accesstoken/get with the right credentials.
    pub fn token_request(&self) -> RequestBuilder {
        let c = self.sim.credentials();
        self.http
            .post(self.url("/accesstoken/get"))
            .header("client_id", c.client_id)
            .header("client_secret", c.client_secret.expose())
            .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
            .header("Merchant-Serial-Number", c.msn)
            .body("")
    }

    pub async fn fetch_token(&self) -> String {
        let r = self.token_request().send().await.expect("token call");
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("token json");
        v["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    /// A platform request with Bearer token, subscription key and MSN.
    pub fn platform(&self, method: Method, path: &str) -> RequestBuilder {
        let c = self.sim.credentials();
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
            .header("Merchant-Serial-Number", c.msn)
            .header("Vipps-System-Name", "kasse-tests")
    }

    pub fn create_body(reference: &str, value: i64, msisdn: &str) -> Value {
        json!({
            "amount": {"currency": "NOK", "value": value},
            "paymentMethod": {"type": "WALLET"},
            "customer": {"phoneNumber": msisdn},
            "customerInteraction": "CUSTOMER_PRESENT",
            "reference": reference,
            "userFlow": "PUSH_MESSAGE",
            "paymentDescription": "Test purchase",
        })
    }

    pub async fn create_with(&self, key: &str, body: &Value) -> Response {
        self.platform(Method::POST, "/epayment/v1/payments")
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("create call")
    }

    /// Creates a PUSH_MESSAGE payment and asserts 201.
    pub async fn create(&self, reference: &str, value: i64, msisdn: &str) {
        let r = self
            .create_with(
                &format!("{reference}-c"),
                &Env::create_body(reference, value, msisdn),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    }

    pub async fn modify(&self, reference: &str, op: &str, key: &str, body: &Value) -> Response {
        self.platform(
            Method::POST,
            &format!("/epayment/v1/payments/{reference}/{op}"),
        )
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("modification call")
    }

    pub async fn get_payment(&self, reference: &str) -> Value {
        let r = self
            .platform(Method::GET, &format!("/epayment/v1/payments/{reference}"))
            .send()
            .await
            .expect("get call");
        assert_eq!(r.status(), 200);
        r.json().await.expect("payment json")
    }
}

/// The `ErrorCode` of a problem body, if any.
pub fn error_code(problem: &Value) -> Option<String> {
    problem["extraDetails"].as_array()?.iter().find_map(|d| {
        (d["name"] == "ErrorCode").then(|| d["reason"].as_str().unwrap_or_default().to_string())
    })
}

/// The field names in a problem's `extraDetails`.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["extraDetails"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub async fn status_and_json(r: Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Polls `check` until it yields a value or 10 seconds pass.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A capture/refund body.
pub fn amount(v: i64) -> Value {
    json!({"modificationAmount": {"currency": "NOK", "value": v}})
}

/// A valid receipt with one order line.
pub fn receipt() -> Value {
    json!({
        "orderLines": [{
            "name": "Socks", "id": "SKU-1", "totalAmount": 20000,
            "totalAmountExcludingTax": 16000, "totalTaxAmount": 4000, "taxRate": 2500,
            "unitInfo": {"unitPrice": 10000, "quantity": "2", "quantityUnit": "PCS"}
        }],
        "bottomLine": {"currency": "NOK", "posId": "till-1", "receiptNumber": "0001", "tipAmount": 0}
    })
}

/// Sets `path` (dot-separated) in a JSON object.
pub fn with(mut body: Value, path: &str, value: Value) -> Value {
    let mut cur = &mut body;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = &mut cur[*p];
    }
    cur[parts[parts.len() - 1]] = value;
    body
}

/// Removes a top-level key.
pub fn without(mut body: Value, key: &str) -> Value {
    body.as_object_mut().unwrap().remove(key);
    body
}
