//! Personal QR → phone number (`POST /qr/v1/exchange`) and the Check-in notification.

use super::client::{Auth, Body, Call, VippsClient};
use super::VippsError;
use crate::domain::{Country, Msisdn};
use reqwest::Method;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExchangeBody<'a> {
    qr_code: &'a str,
    requested_data: [&'static str; 1],
}

#[derive(Deserialize)]
struct ExchangeAnswer {
    msisdn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckInBody<'a> {
    phone_number: &'a str,
    is_member: bool,
}

/// The Check-in answer: a bare GUID string, or (as the spec's schema reads) an object with `id`.
#[derive(Deserialize)]
#[serde(untagged)]
enum CheckInAnswer {
    Id(String),
    Object {
        #[serde(default)]
        id: Option<String>,
    },
}

impl VippsClient {
    /// Exchange the full scanned content of a personal QR code for the phone number.
    pub async fn exchange_qr(&self, qr_code: &str) -> Result<Msisdn, VippsError> {
        if qr_code.is_empty() || qr_code.len() > 2048 {
            return Err(VippsError::Invalid(
                "QR content must be 1 to 2048 bytes".into(),
            ));
        }
        let body = serde_json::to_vec(&ExchangeBody {
            qr_code,
            requested_data: ["MSISDN"],
        })
        .map_err(|e| VippsError::Invalid(e.to_string()))?;
        let answer = self
            .execute(Call {
                method: Method::POST,
                target: "/qr/v1/exchange".into(),
                auth: Auth::Platform,
                body: Body::Json(body),
                idempotency_key: None,
                // A pure lookup: asking twice changes nothing.
                repeatable: true,
            })
            .await?;
        let a: ExchangeAnswer = answer.json()?;
        // The answer is international digits; the `+` makes the default country irrelevant.
        Msisdn::parse(&format!("+{}", a.msisdn), Country::Norway)
            .map_err(|e| VippsError::decode(answer.status, format!("msisdn: {e}"), &answer.body))
    }

    /// Tell a Norwegian member's app that they checked in. Returns the debugging id, if any.
    /// Not retried: it is a notification, and the sale must never wait on it.
    pub async fn check_in(
        &self,
        phone: &Msisdn,
        is_member: bool,
    ) -> Result<Option<String>, VippsError> {
        let digits = phone.as_str();
        if !(digits.len() == 10 && digits.starts_with("47")) {
            return Err(VippsError::Invalid(
                "Check-in is only for Norwegian numbers (47 and 8 digits)".into(),
            ));
        }
        let body = serde_json::to_vec(&CheckInBody {
            phone_number: digits,
            is_member,
        })
        .map_err(|e| VippsError::Invalid(e.to_string()))?;
        let answer = self
            .execute(Call {
                method: Method::POST,
                target: "/point-of-sale/v1/loyalty-check-in".into(),
                auth: Auth::Platform,
                body: Body::Json(body),
                idempotency_key: None,
                repeatable: false,
            })
            .await?;
        if answer.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        Ok(match answer.json::<CheckInAnswer>()? {
            CheckInAnswer::Id(id) => Some(id),
            CheckInAnswer::Object { id } => id,
        })
    }
}
