//! `POST /qr/v1/exchange`: a scanned personal QR code to the customer's MSISDN.

use crate::sim::auth::{check_platform, Msn};
use crate::sim::problem::{problem, Resp};
use crate::sim::server::Req;
use crate::sim::state::Shared;
use crate::sim::users::QR_GENERATED_AT;
use hyper::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

const CLEAR_TEXT_PREFIX: &str = "https://qr.vipps.no/28/2/01/031/";
const TOKENIZED_PREFIX: &str = "https://qr.vipps.no/p/";

/// The QR API's 400: `{title, status, detail, extraDetails}`, served as `application/json`.
fn bad(req: &Req, field: &str, reason: &str) -> Resp {
    let mut resp = problem(
        StatusCode::BAD_REQUEST,
        "Bad request",
        "The request body contains one or more invalid parameters.",
        &req.path,
        &[(field.to_string(), reason.to_string())],
    );
    resp.content_type = "application/json";
    resp
}

/// What a personal QR code decodes to: the MSISDN, the format version and, for tokenized codes,
/// when it was generated.
pub(crate) fn decode(shared: &Shared, code: &str) -> Option<(String, &'static str, Option<i64>)> {
    if let Some(rest) = code.strip_prefix(CLEAR_TEXT_PREFIX) {
        let msisdn = rest.strip_suffix("?v=1")?;
        let ok = (9..=15).contains(&msisdn.len()) && msisdn.bytes().all(|b| b.is_ascii_digit());
        return ok.then(|| (msisdn.to_string(), "1.0", None));
    }
    if code.starts_with(TOKENIZED_PREFIX) {
        let user = shared.users.iter().find(|u| u.qr_tokenized == code)?;
        return Some((
            user.msisdn.as_str().to_string(),
            "2.0",
            Some(QR_GENERATED_AT),
        ));
    }
    None
}

pub(crate) fn exchange(shared: &Arc<Shared>, req: &Req) -> Resp {
    if let Err(refusal) = check_platform(shared, req, Msn::Optional) {
        return refusal;
    }
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&req.body) else {
        return bad(req, "body", "The body must be a JSON object");
    };
    if let Some(unknown) = body
        .keys()
        .find(|k| *k != "qrCode" && *k != "requestedData")
    {
        return bad(req, unknown, "Unknown field");
    }
    let Some(code) = body.get("qrCode").and_then(Value::as_str) else {
        return bad(req, "qrCode", "qrCode is required and must be a string");
    };
    match body.get("requestedData") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) if items.iter().all(|i| i.as_str() == Some("MSISDN")) => {}
        Some(_) => {
            return bad(
                req,
                "requestedData",
                "Only [\"MSISDN\"] is supported as requestedData",
            )
        }
    }
    match decode(shared, code) {
        Some((msisdn, version, timestamp)) => {
            let mut out = json!({"msisdn": msisdn, "version": version});
            if let (Some(ts), Some(map)) = (timestamp, out.as_object_mut()) {
                map.insert("timestamp".into(), json!(ts));
            }
            Resp::json(StatusCode::OK, &out)
        }
        None => bad(req, "qrCode", "The QR code is not a valid personal QR code"),
    }
}
