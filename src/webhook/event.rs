//! What a verified delivery says: a payment event or a Login ping.

use crate::vipps::PaymentEvent;
use serde::Deserialize;
use thiserror::Error;

/// Longest id or reference accepted in a delivery; a bound on what reaches the database.
const MAX_ID: usize = 200;

/// A verified webhook, handed to the till's loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookEvent {
    /// An ePayment event (`epayments.payment.*.v1`).
    Payment(PaymentEvent),
    /// `login.merchant-initiated.ping.v1`: the login can be finished with one token call.
    LoginPing { auth_req_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("malformed webhook body: {0}")]
/// The verified body is not a webhook event kasse knows.
pub struct ParseError(String);

#[derive(Deserialize)]
struct Ping {
    auth_req_id: String,
}

impl WebhookEvent {
    /// Parse the raw body (after its signature was checked).
    pub fn parse(body: &[u8]) -> Result<WebhookEvent, ParseError> {
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| ParseError(e.to_string()))?;
        let is_ping = value.get("auth_req_id").is_some() && value.get("reference").is_none();
        let event = if is_ping {
            let p: Ping = serde_json::from_value(value).map_err(|e| ParseError(e.to_string()))?;
            WebhookEvent::LoginPing {
                auth_req_id: p.auth_req_id,
            }
        } else {
            WebhookEvent::Payment(
                serde_json::from_value(value).map_err(|e| ParseError(e.to_string()))?,
            )
        };
        event.check()?;
        Ok(event)
    }

    fn check(&self) -> Result<(), ParseError> {
        let ids: Vec<&str> = match self {
            WebhookEvent::Payment(p) => vec![&p.reference, &p.psp_reference],
            WebhookEvent::LoginPing { auth_req_id } => vec![auth_req_id],
        };
        if ids.iter().any(|id| id.is_empty() || id.len() > MAX_ID) {
            return Err(ParseError(format!("ids must be 1 to {MAX_ID} bytes")));
        }
        Ok(())
    }

    /// The key that makes a redelivery a duplicate: reference + name + pspReference, or the
    /// `auth_req_id` of a ping.
    pub fn dedupe_key(&self) -> String {
        match self {
            WebhookEvent::Payment(p) => format!(
                "epayment:{}:{}:{}",
                p.reference,
                p.name.as_str(),
                p.psp_reference
            ),
            WebhookEvent::LoginPing { auth_req_id } => format!("login-ping:{auth_req_id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vipps::EventName;

    #[test]
    fn payment_events_pings_and_garbage() {
        let body = br#"{"msn":"123456","reference":"pos-oslo1-20260414-000123","pspReference":"a3f1","name":"AUTHORIZED","amount":{"currency":"NOK","value":24900},"timestamp":"2026-04-14T10:15:29.512Z","idempotencyKey":"k","success":true,"newField":1}"#;
        let WebhookEvent::Payment(p) = WebhookEvent::parse(body).unwrap() else {
            panic!("not a payment event")
        };
        assert_eq!(p.name, EventName::Authorized);
        assert_eq!(p.amount.value, 24900);
        let e = WebhookEvent::parse(br#"{"auth_req_id":"VYGa"}"#).unwrap();
        assert_eq!(e.dedupe_key(), "login-ping:VYGa");
        for bad in [
            &b"{"[..],
            b"[]",
            b"{}",
            br#"{"auth_req_id":""}"#,
            b"\xff\xfe",
        ] {
            assert!(WebhookEvent::parse(bad).is_err());
        }
    }
}
