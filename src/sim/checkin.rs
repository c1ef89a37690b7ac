//! `POST /point-of-sale/v1/loyalty-check-in`: tell a member's app they were recognised.

use crate::sim::auth::{check_platform, Msn};
use crate::sim::problem::{invalid_params, Resp};
use crate::sim::server::Req;
use crate::sim::state::Shared;
use hyper::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

fn bad(req: &Req, params: &[(String, String)]) -> Resp {
    invalid_params(
        StatusCode::BAD_REQUEST,
        "Bad Request",
        "One or more fields are invalid",
        &req.path,
        params,
    )
}

/// The spec's pattern: Norwegian numbers only.
fn norwegian(number: &str) -> bool {
    number.len() == 10 && number.starts_with("47") && number.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn check_in(shared: &Arc<Shared>, req: &Req) -> Resp {
    if let Err(refusal) = check_platform(shared, req, Msn::Optional) {
        return refusal;
    }
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&req.body) else {
        return bad(
            req,
            &[("body".into(), "The body must be a JSON object".into())],
        );
    };
    let mut params = Vec::new();
    for key in body.keys() {
        if key != "phoneNumber" && key != "isMember" {
            params.push((key.clone(), "Unknown field".to_string()));
        }
    }
    match body.get("phoneNumber") {
        Some(Value::String(n)) if norwegian(n) => {}
        Some(Value::String(_)) => params.push((
            "phoneNumber".into(),
            "Must match ^47[0-9]{8}$ (Norwegian numbers only)".into(),
        )),
        _ => params.push(("phoneNumber".into(), "Required, a string".into())),
    }
    if !matches!(body.get("isMember"), Some(Value::Bool(_))) {
        params.push(("isMember".into(), "Required, a boolean".into()));
    }
    if !params.is_empty() {
        return bad(req, &params);
    }
    let number = body
        .get("phoneNumber")
        .and_then(Value::as_str)
        .unwrap_or_default();
    tracing::debug!(
        known = shared.user_by_msisdn(number).is_some(),
        "sim check-in"
    );
    Resp::json(StatusCode::OK, &json!(uuid::Uuid::new_v4().to_string()))
}
