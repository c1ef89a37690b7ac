//! Every way a call to Vipps MobilePay can fail, as a type the till can branch on.

use serde::Deserialize;
use std::time::Duration;
use thiserror::Error;

/// Bodies kept in errors are cut to this many characters: enough to debug, bounded for logs.
const MAX_KEPT_BODY: usize = 512;

/// One `extraDetails` (or `invalidParams`) entry of a problem body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExtraDetail {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub reason: String,
}

/// A failed call to the Vipps MobilePay APIs.
#[derive(Debug, Error)]
pub enum VippsError {
    /// An RFC 7807 problem body (`application/problem+json`), or the older Check-in shape.
    #[error("Vipps answered {status}: {title}{}{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default(), error_code.as_deref().map(|c| format!(" [error code {c}]")).unwrap_or_default())]
    Problem {
        status: u16,
        title: String,
        detail: Option<String>,
        trace_id: Option<String>,
        /// The `ErrorCode` entry of `extraDetails`: branch on this, never on the text.
        error_code: Option<String>,
        extra: Vec<ExtraDetail>,
    },
    /// An OAuth/OIDC error body: `{error, error_description, error_code}`. The Login
    /// endpoints answer in this shape, and so may the access-token endpoint, so the text
    /// names no API: "Login" on a failed token fetch sent cashiers looking for a Login call.
    #[error("Vipps answered {status}: {error}{}", error_description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    OAuth {
        status: u16,
        error: String,
        error_description: Option<String>,
        error_code: Option<String>,
    },
    /// Any other non-success status with a body that is neither of the above.
    #[error("Vipps answered HTTP {status}: {body}")]
    Status { status: u16, body: String },
    /// HTTP 429: too many calls for this reference (or user, for Login).
    #[error("rate limited by Vipps{}", retry_after.map(|d| format!(", retry after {} s", d.as_secs())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    /// No answer within the configured timeout; the outcome of a POST is unknown.
    #[error("Vipps did not answer in time")]
    Timeout,
    /// The connection could not be made or broke.
    #[error("cannot reach Vipps: {0}")]
    Connect(String),
    /// A success status with a body we could not understand.
    #[error("cannot read Vipps's answer (HTTP {status}): {message}; body: {body}")]
    Decode {
        status: u16,
        message: String,
        /// The raw body, truncated.
        body: String,
    },
    /// Refused on our side before sending: the API would reject it anyway.
    #[error("invalid request: {0}")]
    Invalid(String),
}

impl VippsError {
    /// Whether repeating the same request (with the same idempotency key) may succeed:
    /// timeouts, broken connections, 5xx, 423 (payment locked) and 429. A 4xx is attached to
    /// its idempotency key and will not change on a replay.
    pub fn is_retryable(&self) -> bool {
        match self {
            VippsError::Timeout | VippsError::Connect(_) | VippsError::RateLimited { .. } => true,
            VippsError::Problem { status, .. } | VippsError::Status { status, .. } => {
                *status >= 500 || *status == 423
            }
            VippsError::OAuth { status, .. } => *status >= 500,
            VippsError::Decode { .. } | VippsError::Invalid(_) => false,
        }
    }

    /// The server's `Retry-After`, if it gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            VippsError::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status, if an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            VippsError::Problem { status, .. }
            | VippsError::OAuth { status, .. }
            | VippsError::Status { status, .. }
            | VippsError::Decode { status, .. } => Some(*status),
            VippsError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// The numeric ePayment error code (`extraDetails` entry `ErrorCode`), e.g. `"6060"`.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            VippsError::Problem { error_code, .. } | VippsError::OAuth { error_code, .. } => {
                error_code.as_deref()
            }
            _ => None,
        }
    }

    pub(crate) fn decode(status: u16, message: impl ToString, body: &[u8]) -> VippsError {
        VippsError::Decode {
            status,
            message: message.to_string(),
            body: truncate(body),
        }
    }

    /// Build the error for a non-success answer from its status, `Retry-After` and body.
    pub(crate) fn from_response(
        status: u16,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> VippsError {
        if status == 429 {
            return VippsError::RateLimited { retry_after };
        }
        if let Ok(p) = serde_json::from_slice::<RawProblem>(body) {
            if let Some(error) = p.error {
                return VippsError::OAuth {
                    status,
                    error,
                    error_description: p.error_description,
                    error_code: p.error_code,
                };
            }
            if p.title.is_some() || p.detail.is_some() || p.trace_id.is_some() {
                let mut extra = p.extra_details.unwrap_or_default();
                extra.extend(p.invalid_params.unwrap_or_default());
                let error_code = extra
                    .iter()
                    .find(|e| e.name.eq_ignore_ascii_case("ErrorCode"))
                    .map(|e| e.reason.clone());
                return VippsError::Problem {
                    status,
                    title: p.title.unwrap_or_else(|| format!("HTTP {status}")),
                    detail: p.detail,
                    trace_id: p.trace_id,
                    error_code,
                    extra,
                };
            }
        }
        VippsError::Status {
            status,
            body: truncate(body),
        }
    }

    /// The problem's `traceId`, for the log line.
    pub fn trace_id(&self) -> Option<&str> {
        match self {
            VippsError::Problem { trace_id, .. } => trace_id.as_deref(),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for VippsError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            VippsError::Timeout
        } else {
            // The source chain says why (refused, reset, DNS); reqwest's own text does not.
            let mut text = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                text.push_str(": ");
                text.push_str(&s.to_string());
                src = s.source();
            }
            VippsError::Connect(text)
        }
    }
}

/// Every field optional: problem bodies in the wild omit required ones.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProblem {
    title: Option<String>,
    detail: Option<String>,
    trace_id: Option<String>,
    extra_details: Option<Vec<ExtraDetail>>,
    invalid_params: Option<Vec<ExtraDetail>>,
    error: Option<String>,
    #[serde(rename = "error_description")]
    error_description: Option<String>,
    #[serde(rename = "error_code")]
    error_code: Option<String>,
}

pub(crate) fn truncate(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut kept: String = text.chars().take(MAX_KEPT_BODY).collect();
    if kept.len() < text.len() {
        kept.push('…');
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_body_gives_the_error_code() {
        let body =
            br#"{"type":"https://x","title":"Cannot capture before reservation","status":400,
            "traceId":"00-abc-01","extraDetails":[{"name":"ErrorCode","reason":"6080"}]}"#;
        let e = VippsError::from_response(400, None, body);
        assert_eq!(e.error_code(), Some("6080"));
        assert_eq!(e.trace_id(), Some("00-abc-01"));
        assert!(!e.is_retryable());
    }

    #[test]
    fn oauth_and_plain_bodies() {
        let e = VippsError::from_response(
            400,
            None,
            br#"{"error":"invalid_request","error_code":"invalid_user"}"#,
        );
        assert!(matches!(e, VippsError::OAuth { ref error, .. } if error == "invalid_request"));
        assert_eq!(e.error_code(), Some("invalid_user"));
        let e = VippsError::from_response(502, None, &[b'x'; 2000]);
        assert!(e.is_retryable());
        assert!(matches!(e, VippsError::Status { ref body, .. } if body.chars().count() <= 513));
    }

    /// 17.9: the access-token endpoint answers in the OAuth shape too; its failure must not
    /// be told as a Login failure.
    #[test]
    fn an_oauth_shaped_answer_names_no_api() {
        let e = VippsError::from_response(503, None, br#"{"error":"temporarily_unavailable"}"#);
        assert!(e.is_retryable());
        assert_eq!(e.to_string(), "Vipps answered 503: temporarily_unavailable");
    }
}
