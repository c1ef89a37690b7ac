//! Login: OIDC discovery, merchant-initiated login (CIBA) with its token endpoint, the
//! user-exists check, and userinfo.

use crate::sim::auth::check_client;
use crate::sim::form;
use crate::sim::problem::{oauth, Resp};
use crate::sim::server::Req;
use crate::sim::state::{CibaToken, Login, LoginStatus, Shared};
use crate::sim::{webhooks, SimError};
use base64::Engine;
use hyper::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

const CIBA_GRANT: &str = "urn:openid:params:grant-type:ciba";
const PING_EVENT: &str = "login.merchant-initiated.ping.v1";

/// `GET /access-management-1.0/access/.well-known/openid-configuration`
pub(crate) fn discovery(shared: &Shared) -> Resp {
    let b = &shared.base_url;
    Resp::json(
        StatusCode::OK,
        &json!({
            "issuer": format!("{b}/access-management-1.0/access/"),
            "authorization_endpoint": format!("{b}/access-management-1.0/access/oauth2/auth"),
            "token_endpoint": format!("{b}/access-management-1.0/access/oauth2/token"),
            "jwks_uri": format!("{b}/access-management-1.0/access/.well-known/jwks.json"),
            "userinfo_endpoint": format!("{b}/vipps-userinfo-api/userinfo"),
            "backchannel_authentication_endpoint": format!("{b}/vipps-login-ciba/api/backchannel/authentication"),
            "backchannel_token_delivery_modes_supported": ["poll"],
            "backchannel_user_code_parameter_supported": false,
            "grant_types_supported": ["authorization_code", CIBA_GRANT],
            "response_types_supported": ["code"],
            "scopes_supported": ["openid", "name", "phoneNumber", "email", "address", "birthDate", "nin", "delegatedConsents"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["HS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": ["sub", "name", "given_name", "family_name", "phone_number", "email", "email_verified"],
        }),
    )
    .with_header("cache-control", "max-age=3600")
}

/// `GET …/jwks.json`: empty, because the simulator signs id_tokens with HS256 (the client
/// secret) rather than a published RSA key.
pub(crate) fn jwks() -> Resp {
    Resp::json(StatusCode::OK, &json!({"keys": []}))
}

fn msisdn_from_hint(hint: Option<&str>) -> Option<&str> {
    let m = hint?.strip_prefix("urn:msisdn:")?;
    ((9..=15).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_digit())).then_some(m)
}

fn valid_binding_message(m: &str) -> bool {
    (5..=8).contains(&m.len())
        && m.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

fn bad(error: &str, description: &str) -> Resp {
    oauth(StatusCode::BAD_REQUEST, error, description, None)
}

/// `POST /vipps-login-ciba/api/backchannel/authentication`
pub(crate) fn backchannel(shared: &Arc<Shared>, req: &Req) -> Resp {
    let fields = match check_client(shared, req) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(scope) = form::get(&fields, "scope") else {
        return bad("invalid_request", "scope is required");
    };
    let scopes: Vec<String> = scope.split_whitespace().map(str::to_string).collect();
    if !scopes.iter().any(|s| s == "openid") {
        return bad("invalid_scope", "scope must contain openid");
    }
    let hint = form::get(&fields, "login_hint");
    if hint.is_none() {
        return bad("invalid_request", "login_hint is required");
    }
    let Some(msisdn) = msisdn_from_hint(hint) else {
        return bad(
            "invalid_request",
            "login_hint must be urn:msisdn:<MSISDN> with 9 to 15 digits",
        );
    };
    let binding = form::get(&fields, "binding_message").map(str::to_string);
    if binding
        .as_deref()
        .is_some_and(|m| !valid_binding_message(m))
    {
        return bad(
            "invalid_binding_message",
            "binding_message must match ^[A-Z0-9\\-]{5,8}$",
        );
    }
    let expiry = match form::get(&fields, "requested_expiry") {
        None => shared.config.login_expiry,
        Some(text) => match text.parse::<u64>() {
            Ok(s) if (60..=900).contains(&s) => Duration::from_secs(s),
            _ => {
                return bad(
                    "invalid_request",
                    "requested_expiry must be a whole number of seconds from 60 to 900",
                )
            }
        },
    };
    let Some(user) = shared.user_by_msisdn(msisdn) else {
        return bad("unknown_user_id", "The user is not known");
    };
    if user.old_app {
        return oauth(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The user's app is too old for this login; ask them to update it",
            Some("old_app"),
        );
    }
    let now = Instant::now();
    let mut state = shared.lock();
    if state
        .logins
        .values()
        .any(|l| l.msisdn == msisdn && l.is_open(now))
    {
        return oauth(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "A login for this user is already in progress",
            None,
        )
        .with_header(
            "retry-after",
            shared.config.login_interval_secs.max(1).to_string(),
        );
    }
    let id =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(uuid::Uuid::new_v4().as_bytes());
    let interval = shared.config.login_interval_secs;
    state.logins.insert(
        id.clone(),
        Login {
            auth_req_id: id.clone(),
            msisdn: msisdn.to_string(),
            scopes,
            binding_message: binding,
            created: now,
            created_wall: SystemTime::now(),
            expires: now + expiry,
            interval: Duration::from_secs(interval),
            last_poll: None,
            status: LoginStatus::Pending,
        },
    );
    Resp::json(
        StatusCode::OK,
        &json!({"auth_req_id": id, "expires_in": expiry.as_secs(), "interval": interval}),
    )
}

/// `POST /vipps-login-ciba/api/v1/user-exists`
pub(crate) fn user_exists(shared: &Arc<Shared>, req: &Req) -> Resp {
    let fields = match check_client(shared, req) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let hint = form::get(&fields, "login_hint");
    let Some(msisdn) = msisdn_from_hint(hint) else {
        return bad(
            "invalid_request",
            "login_hint must be urn:msisdn:<MSISDN> with 9 to 15 digits",
        );
    };
    Resp::json(
        StatusCode::OK,
        &json!({"exists": shared.user_by_msisdn(msisdn).is_some()}),
    )
}

/// `POST /access-management-1.0/access/oauth2/token` with the CIBA grant.
pub(crate) fn token(shared: &Arc<Shared>, req: &Req) -> Resp {
    let fields = match check_client(shared, req) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if form::get(&fields, "grant_type") != Some(CIBA_GRANT) {
        return bad(
            "unsupported_grant_type",
            "grant_type must be urn:openid:params:grant-type:ciba",
        );
    }
    let Some(id) = form::get(&fields, "auth_req_id") else {
        return bad("invalid_request", "auth_req_id is required");
    };
    let now = Instant::now();
    let mut state = shared.lock();
    let Some(login) = state.logins.get_mut(id) else {
        return bad("invalid_grant", "Unknown auth_req_id");
    };
    let last = login.last_poll.replace(now);
    match login.status {
        LoginStatus::Used => return bad("invalid_grant", "The auth_req_id was already used"),
        LoginStatus::Denied => return bad("access_denied", "The user declined the login"),
        LoginStatus::Expired => return bad("expired_token", "The login request has expired"),
        LoginStatus::Pending if now >= login.expires => {
            login.status = LoginStatus::Expired;
            return bad("expired_token", "The login request has expired");
        }
        LoginStatus::Pending => {
            if last.is_some_and(|t| now.duration_since(t) < login.interval) {
                return bad("slow_down", "Polled faster than the interval");
            }
            return bad(
                "authorization_pending",
                "The authorization request is still pending",
            );
        }
        LoginStatus::Consented => {}
    }
    login.status = LoginStatus::Used;
    let (msisdn, scopes) = (login.msisdn.clone(), login.scopes.clone());
    let access = format!("ciba.{}", uuid::Uuid::new_v4().simple());
    let lifetime = shared.config.login_token_lifetime;
    state.ciba_tokens.insert(
        access.clone(),
        CibaToken {
            msisdn: msisdn.clone(),
            scopes: scopes.clone(),
            expires: now + lifetime,
        },
    );
    drop(state);
    let id_token = id_token(shared, &msisdn, id, lifetime);
    Resp::json(
        StatusCode::OK,
        &json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": lifetime.as_secs(),
            "id_token": id_token,
            "scope": scopes.join(" "),
        }),
    )
}

/// An HS256 id_token keyed with the client secret (what OIDC prescribes for HS256).
fn id_token(shared: &Shared, msisdn: &str, auth_req_id: &str, lifetime: Duration) -> String {
    use hmac::{Hmac, Mac};
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let sub = shared
        .user_by_msisdn(msisdn)
        .map(|u| u.sub.clone())
        .unwrap_or_default();
    let header = b64.encode(json!({"alg": "HS256", "typ": "JWT"}).to_string());
    let claims = b64.encode(
        json!({
            "iss": format!("{}/access-management-1.0/access/", shared.base_url),
            "sub": sub,
            "aud": [shared.config.credentials.client_id],
            "iat": now,
            "exp": now + lifetime.as_secs(),
            "auth_req_id": auth_req_id,
        })
        .to_string(),
    );
    let input = format!("{header}.{claims}");
    let key = shared.config.credentials.client_secret.expose().as_bytes();
    let sig = match Hmac::<sha2::Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(input.as_bytes());
            b64.encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    };
    format!("{input}.{sig}")
}

fn userinfo_error(status: StatusCode, detail: &str, path: &str) -> Resp {
    Resp::json(
        status,
        &json!({
            "type": "https://developer.vippsmobilepay.com/docs/knowledge-base/errors",
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": detail,
            "instance": path,
        }),
    )
}

/// `GET /vipps-userinfo-api/userinfo`: claims by the scopes the user consented to.
pub(crate) fn userinfo(shared: &Arc<Shared>, req: &Req) -> Resp {
    let token = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(token) = token else {
        return userinfo_error(
            StatusCode::UNAUTHORIZED,
            "A Bearer access token is required",
            &req.path,
        );
    };
    let grant = shared.lock().ciba_tokens.get(token).cloned();
    let Some(grant) = grant.filter(|g| Instant::now() < g.expires) else {
        return userinfo_error(
            StatusCode::UNAUTHORIZED,
            "The access token is invalid or expired",
            &req.path,
        );
    };
    let Some(user) = shared.user_by_msisdn(&grant.msisdn) else {
        return userinfo_error(
            StatusCode::NOT_FOUND,
            "The user no longer exists",
            &req.path,
        );
    };
    let mut claims = serde_json::Map::new();
    claims.insert("sub".into(), json!(user.sub));
    let has = |s: &str| grant.scopes.iter().any(|g| g == s);
    if has("name") {
        claims.insert("name".into(), json!(user.name));
        claims.insert("given_name".into(), json!(user.given_name));
        claims.insert("family_name".into(), json!(user.family_name));
    }
    if has("phoneNumber") {
        claims.insert("phone_number".into(), json!(user.msisdn.as_str()));
        claims.insert("phone_number_verified".into(), json!(true));
    }
    if has("email") {
        claims.insert("email".into(), json!(user.email));
        claims.insert("email_verified".into(), json!(true));
    }
    if has("address") {
        claims.insert("address".into(), user.address_claim());
        claims.insert("other_addresses".into(), json!([]));
    }
    if has("birthDate") {
        claims.insert("birthdate".into(), json!(user.birthdate));
    }
    Resp::json(StatusCode::OK, &Value::Object(claims))
}

/// The customer's phone answers a login; consent also sends the ping webhook.
pub(crate) fn customer_answer(
    shared: &Shared,
    auth_req_id: &str,
    to: LoginStatus,
) -> Result<(), SimError> {
    let now = Instant::now();
    let mut state = shared.lock();
    let Some(login) = state.logins.get_mut(auth_req_id) else {
        return Err(SimError::UnknownLogin(auth_req_id.to_string()));
    };
    if !login.is_open(now) {
        return Err(SimError::LoginNotPending(auth_req_id.to_string()));
    }
    login.status = to;
    if to == LoginStatus::Consented {
        webhooks::publish(&mut state, PING_EVENT, &json!({"auth_req_id": auth_req_id}));
    }
    Ok(())
}
