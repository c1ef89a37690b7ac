//! Credentials: the platform access token, the checks every platform call makes (Bearer token,
//! subscription key, MSN), and OAuth client authentication for the Login endpoints.

use crate::sim::form;
use crate::sim::problem::{gateway_401, oauth, problem, Resp};
use crate::sim::server::Req;
use crate::sim::state::Shared;
use base64::Engine;
use hyper::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::time::SystemTime;
use subtle::ConstantTimeEq;
use tokio::time::Instant;

pub(crate) const TOKEN_ENDPOINT: &str = "POST /accesstoken/get";

/// Whether an API demands the `Merchant-Serial-Number` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Msn {
    Required,
    Optional,
}

fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// `POST /accesstoken/get`.
pub(crate) fn access_token(shared: &Arc<Shared>, req: &Req) -> Resp {
    if shared.lock().faults.token_endpoint_down {
        return Resp::json(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({"error": "server_error", "error_description": "Injected: the token service is down"}),
        );
    }
    let creds = &shared.config.credentials;
    match req.header("ocp-apim-subscription-key") {
        None => {
            return gateway_401(
                "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.",
            )
        }
        Some(key) if !same(key, creds.subscription_key.expose()) => {
            return gateway_401(
                "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.",
            )
        }
        Some(_) => {}
    }
    let (Some(id), Some(secret)) = (req.header("client_id"), req.header("client_secret")) else {
        return Resp::json(
            StatusCode::BAD_REQUEST,
            &json!({"error": "invalid_request", "error_description": "The headers client_id and client_secret are required"}),
        );
    };
    if !same(id, &creds.client_id) || !same(secret, creds.client_secret.expose()) {
        return Resp::json(
            StatusCode::UNAUTHORIZED,
            &json!({"error": "invalid_client", "error_description": "Invalid client_id or client_secret"}),
        );
    }
    let lifetime = shared.config.token_lifetime;
    let token = format!("sim-at.{}", uuid::Uuid::new_v4().simple());
    shared
        .lock()
        .tokens
        .insert(token.clone(), Instant::now() + lifetime);
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let secs = lifetime.as_secs();
    Resp::json(
        StatusCode::OK,
        &json!({
            "token_type": "Bearer",
            "expires_in": secs.to_string(),
            "ext_expires_in": "0",
            "expires_on": (now + secs).to_string(),
            "not_before": now.to_string(),
            "resource": "00000002-0000-0000-c000-000000000000",
            "access_token": token,
        }),
    )
}

/// The gateway and API checks of a platform call. `Err` is the refusal to send back.
pub(crate) fn check_platform(shared: &Shared, req: &Req, msn: Msn) -> Result<(), Resp> {
    let creds = &shared.config.credentials;
    match req.header("ocp-apim-subscription-key") {
        None => return Err(gateway_401(
            "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.",
        )),
        Some(key) if !same(key, creds.subscription_key.expose()) => return Err(gateway_401(
            "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.",
        )),
        Some(_) => {}
    }
    let token = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(token) = token else {
        return Err(gateway_401(
            "Unauthorized. Access token is missing or invalid (expected `Authorization: Bearer <token>`).",
        ));
    };
    let valid = shared
        .lock()
        .tokens
        .get(token)
        .is_some_and(|expires| Instant::now() < *expires);
    if !valid {
        return Err(gateway_401(
            "Unauthorized. Access token is missing, invalid or expired.",
        ));
    }
    match (req.header("merchant-serial-number"), msn) {
        (None, Msn::Required) => Err(problem(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            "The Merchant-Serial-Number header is required",
            &req.path,
            &[(
                "Merchant-Serial-Number".into(),
                "The header is required".into(),
            )],
        )),
        (Some(given), _) if given != creds.msn => Err(problem(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "The Merchant-Serial-Number does not belong to these credentials",
            &req.path,
            &[(
                "Merchant-Serial-Number".into(),
                "Unknown or not accessible with this subscription key".into(),
            )],
        )),
        _ => Ok(()),
    }
}

/// OAuth client authentication of the Login endpoints: `client_secret_basic` or
/// `client_secret_post`. Returns the form fields on success.
pub(crate) fn check_client(shared: &Shared, req: &Req) -> Result<Vec<(String, String)>, Resp> {
    let content_type = req.header("content-type").unwrap_or_default();
    if !content_type
        .to_ascii_lowercase()
        .starts_with("application/x-www-form-urlencoded")
    {
        return Err(oauth(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
            None,
        ));
    }
    let Some(fields) = form::parse(&req.body) else {
        return Err(oauth(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body is not valid form encoding",
            None,
        ));
    };
    let creds = &shared.config.credentials;
    let basic = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|raw| String::from_utf8(raw).ok());
    let (id, secret) = match basic {
        Some(pair) => match pair.split_once(':') {
            Some((id, secret)) => (id.to_string(), secret.to_string()),
            None => (pair, String::new()),
        },
        None => (
            form::get(&fields, "client_id")
                .unwrap_or_default()
                .to_string(),
            form::get(&fields, "client_secret")
                .unwrap_or_default()
                .to_string(),
        ),
    };
    if id.is_empty() {
        return Err(oauth(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication is required (client_secret_basic or client_secret_post)",
            None,
        ));
    }
    if !same(&id, &creds.client_id) || !same(&secret, creds.client_secret.expose()) {
        return Err(oauth(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
            None,
        ));
    }
    Ok(fields)
}
