//! Webhooks API: register, list and delete this till's webhook registrations.

use super::client::{Auth, Body, Call, VippsClient};
use super::VippsError;
use crate::secret::Secret;
use reqwest::Method;
use serde::{Deserialize, Serialize};

/// The events kasse listens for: every ePayment outcome plus the Login ping.
pub const EVENTS: [&str; 8] = [
    "epayments.payment.authorized.v1",
    "epayments.payment.aborted.v1",
    "epayments.payment.expired.v1",
    "epayments.payment.terminated.v1",
    "epayments.payment.cancelled.v1",
    "epayments.payment.captured.v1",
    "epayments.payment.refunded.v1",
    "login.merchant-initiated.ping.v1",
];

/// A fresh registration. Its secret is shown only this once: store it.
#[derive(Debug, Clone, Deserialize)]
pub struct NewRegistration {
    pub id: String,
    #[serde(deserialize_with = "secret")]
    pub secret: Secret,
}

fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
    String::deserialize(d).map(Secret::new)
}

/// A registration as listed by Vipps.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Registration {
    pub id: String,
    pub url: String,
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Deserialize)]
struct Listed {
    webhooks: Vec<Registration>,
}

#[derive(Serialize)]
struct RegisterBody<'a> {
    url: &'a str,
    events: &'a [String],
}

impl VippsClient {
    /// Register `url` for `events`. Not retried: a blind retry could leave a second
    /// registration whose secret is lost (the register command sweeps those up).
    pub async fn register_webhook(
        &self,
        url: &str,
        events: &[String],
    ) -> Result<NewRegistration, VippsError> {
        if !url.starts_with("https://") && !url.starts_with("http://") {
            return Err(VippsError::Invalid(format!(
                "webhook URL `{url}` is not http(s)"
            )));
        }
        if events.is_empty() {
            return Err(VippsError::Invalid("no webhook events given".into()));
        }
        let body = serde_json::to_vec(&RegisterBody { url, events })
            .map_err(|e| VippsError::Invalid(e.to_string()))?;
        self.execute(Call {
            method: Method::POST,
            target: "/webhooks/v1/webhooks".into(),
            auth: Auth::Platform,
            body: Body::Json(body),
            idempotency_key: None,
            repeatable: false,
        })
        .await?
        .json()
    }

    /// All registrations of this sales unit.
    pub async fn list_webhooks(&self) -> Result<Vec<Registration>, VippsError> {
        let listed: Listed = self.get("/webhooks/v1/webhooks".into()).await?.json()?;
        Ok(listed.webhooks)
    }

    /// Delete one registration.
    pub async fn delete_webhook(&self, id: &str) -> Result<(), VippsError> {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(VippsError::Invalid(format!("`{id}` is not a webhook id")));
        }
        self.execute(Call {
            method: Method::DELETE,
            target: format!("/webhooks/v1/webhooks/{id}"),
            auth: Auth::Platform,
            body: Body::Empty,
            idempotency_key: None,
            repeatable: true,
        })
        .await?;
        Ok(())
    }
}
