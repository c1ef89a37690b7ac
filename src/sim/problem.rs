//! Response bodies in the shapes the real APIs use: RFC 7807 problem+json with `traceId` and
//! `extraDetails` (ePayment, Webhooks, QR), the older `invalidParams` shape (Check-in), OAuth
//! errors (Login) and the API gateway's own 401 body.

use bytes::Bytes;
use hyper::StatusCode;
use serde_json::{json, Value};

/// A finished response, before it becomes a hyper response.
#[derive(Debug, Clone)]
pub(crate) struct Resp {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

impl Resp {
    pub fn json(status: StatusCode, value: &Value) -> Resp {
        Resp {
            status,
            content_type: "application/json; charset=utf-8",
            headers: Vec::new(),
            body: Bytes::from(value.to_string()),
        }
    }

    pub fn empty(status: StatusCode) -> Resp {
        Resp {
            status,
            content_type: "",
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Resp {
        self.headers.push((name, value.into()));
        self
    }
}

/// A W3C traceparent-like id, as the real API puts in `traceId`.
pub(crate) fn trace_id() -> String {
    let a = uuid::Uuid::new_v4().simple().to_string();
    let b = uuid::Uuid::new_v4().simple().to_string();
    format!("00-{a}-{}-01", b.get(..16).unwrap_or("0000000000000000"))
}

/// A problem+json body. `extra` goes into `extraDetails` as `{name, reason}` pairs.
pub(crate) fn problem(
    status: StatusCode,
    title: &str,
    detail: &str,
    instance: &str,
    extra: &[(String, String)],
) -> Resp {
    let extra: Vec<Value> = extra
        .iter()
        .map(|(name, reason)| json!({"name": name, "reason": reason}))
        .collect();
    let body = json!({
        "type": format!("https://developer.vippsmobilepay.com/docs/knowledge-base/errors#{}", status.as_u16()),
        "title": title,
        "detail": detail,
        "status": status.as_u16(),
        "instance": instance,
        "traceId": trace_id(),
        "extraDetails": if extra.is_empty() { Value::Null } else { Value::Array(extra) },
    });
    Resp {
        status,
        content_type: "application/problem+json",
        headers: Vec::new(),
        body: Bytes::from(body.to_string()),
    }
}

/// A problem+json body carrying an ePayment `ErrorCode`.
pub(crate) fn coded(
    status: StatusCode,
    code: u32,
    title: &str,
    detail: &str,
    instance: &str,
) -> Resp {
    problem(
        status,
        title,
        detail,
        instance,
        &[("ErrorCode".to_string(), code.to_string())],
    )
}

/// A 400 naming the offending fields (schema validation), without an error code.
pub(crate) fn invalid_fields(instance: &str, fields: &[(String, String)]) -> Resp {
    let detail = fields
        .iter()
        .map(|(n, r)| format!("{n}: {r}"))
        .collect::<Vec<_>>()
        .join("; ");
    problem(
        StatusCode::BAD_REQUEST,
        "Bad Request",
        &detail,
        instance,
        fields,
    )
}

/// The Check-in API's older error shape.
pub(crate) fn invalid_params(
    status: StatusCode,
    title: &str,
    detail: &str,
    instance: &str,
    params: &[(String, String)],
) -> Resp {
    let params: Vec<Value> = params
        .iter()
        .map(|(name, reason)| json!({"name": name, "reason": reason}))
        .collect();
    let body = json!({
        "type": "https://developer.vippsmobilepay.com/docs/knowledge-base/errors",
        "title": title,
        "detail": detail,
        "instance": instance,
        "invalidParams": params,
    });
    Resp {
        status,
        content_type: "application/problem+json",
        headers: Vec::new(),
        body: Bytes::from(body.to_string()),
    }
}

/// An OAuth/OIDC error (Login endpoints).
pub(crate) fn oauth(
    status: StatusCode,
    error: &str,
    description: &str,
    error_code: Option<&str>,
) -> Resp {
    let mut body = json!({"error": error, "error_description": description});
    if let (Some(code), Some(map)) = (error_code, body.as_object_mut()) {
        map.insert("error_code".into(), Value::String(code.into()));
    }
    Resp::json(status, &body)
}

/// What the API gateway (Azure APIM) answers before a request reaches the API.
pub(crate) fn gateway_401(message: &str) -> Resp {
    Resp::json(
        StatusCode::UNAUTHORIZED,
        &json!({"statusCode": 401, "message": message}),
    )
}
