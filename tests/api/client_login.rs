//! Login: discovery caching, CIBA start and polling (pending, slow_down, success, denial),
//! userinfo with the Login token only.

use crate::client_support;

use base64::Engine;
use client_support::*;
use kasse::domain::{Country, Msisdn};
use kasse::vipps::{LoginPoll, VippsError};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const DISCOVERY: &str = "/access-management-1.0/access/.well-known/openid-configuration";
const CIBA: &str = "/vipps-login-ciba/api/backchannel/authentication";
const TOKEN: &str = "/access-management-1.0/access/oauth2/token";
const USERINFO: &str = "/vipps-userinfo-api/userinfo";

fn discovery(base: &str) -> Reply {
    Reply::json(
        200,
        json!({
            "issuer": format!("{base}/access-management-1.0/access/"),
            "token_endpoint": format!("{base}{TOKEN}"),
            "backchannel_authentication_endpoint": format!("{base}{CIBA}"),
            "userinfo_endpoint": format!("{base}{USERINFO}"),
            "jwks_uri": format!("{base}/access-management-1.0/access/.well-known/jwks.json"),
            "backchannel_token_delivery_modes_supported": ["poll"]
        }),
    )
    .with_header("cache-control", "max-age=3600")
}

fn pending(error: &str) -> Reply {
    Reply::json(
        400,
        json!({"error": error, "error_description": "see the CIBA standard"}),
    )
}

/// A login server whose token endpoint answers from a script, one outcome per poll.
async fn login_server(script: Vec<Reply>) -> client_support::Server {
    let base: Arc<Mutex<String>> = Arc::default();
    let b2 = base.clone();
    let server = start(move |s, n| match s.path.as_str() {
        DISCOVERY => discovery(&b2.lock().unwrap()),
        CIBA => Reply::json(
            200,
            json!({"auth_req_id":"VYGaaAMRkI6SyAm_uIywhxsN2K0","expires_in":600,"interval":2}),
        ),
        TOKEN => script
            .get(n)
            .cloned()
            .unwrap_or_else(|| pending("invalid_grant")),
        USERINFO => Reply::json(
            200,
            json!({"sub":"c06c4afe-d9e1-4c5d-939a-177d752a0944","name":"Ada Lovelace",
                "given_name":"Ada","family_name":"Lovelace","phone_number":"4791234567",
                "email":"ada@example.com","email_verified":true,"sid":"x"}),
        ),
        _ => Reply::empty(404),
    })
    .await;
    *base.lock().unwrap() = server.url.clone();
    server
}

fn basic() -> String {
    let raw = format!("{CLIENT_ID}:{CLIENT_SECRET}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// The form fields of a request body, decoded.
fn form(s: &Seen) -> Vec<(String, String)> {
    let u = reqwest::Url::parse(&format!("http://form.invalid/?{}", s.text())).unwrap();
    u.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn ciba_pending_then_slow_down_then_success_then_userinfo() {
    let token_ok = Reply::json(
        200,
        json!({"access_token":"ciba.W_If-secret","token_type":"Bearer","expires_in":300,
               "id_token":"eyJhbGciOiJSUzI1NiJ9.e30.sig","scope":"openid name"}),
    );
    let server = login_server(vec![
        pending("authorization_pending"),
        pending("slow_down"),
        token_ok,
    ])
    .await;
    let c = client(&server);
    let phone = Msisdn::parse("4791234567", Country::Norway).unwrap();

    let started = c
        .start_login(&phone, "openid name phoneNumber email", Some("POS-0042"))
        .await
        .unwrap();
    assert_eq!(started.auth_req_id, "VYGaaAMRkI6SyAm_uIywhxsN2K0");
    assert_eq!(started.interval, 2);

    let p = c.poll_login(&started.auth_req_id).await.unwrap();
    assert!(matches!(p, LoginPoll::Pending));
    let p = c.poll_login(&started.auth_req_id).await.unwrap();
    assert!(matches!(p, LoginPoll::SlowDown));
    let p = c.poll_login(&started.auth_req_id).await.unwrap();
    let LoginPoll::Token(token) = &p else {
        panic!("expected a token, got {p:?}")
    };
    assert!(!format!("{token:?}").contains("W_If-secret"));

    let info = c.userinfo(&token.access_token).await.unwrap();
    assert_eq!(info.sub, "c06c4afe-d9e1-4c5d-939a-177d752a0944");
    assert_eq!(info.phone_number.as_deref(), Some("4791234567"));
    assert_eq!(info.email_verified, Some(true));

    // Discovery was fetched once for all of it.
    assert_eq!(server.to("GET", DISCOVERY).len(), 1);
    let d = &server.to("GET", DISCOVERY)[0];
    assert_eq!(d.header("authorization"), None);

    let ciba = &server.to("POST", CIBA)[0];
    assert_eq!(ciba.header("authorization"), Some(basic().as_str()));
    assert_eq!(ciba.header("ocp-apim-subscription-key"), None);
    assert_eq!(
        ciba.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let f = form(ciba);
    assert!(
        f.contains(&("login_hint".into(), "urn:msisdn:4791234567".into())),
        "{f:?}"
    );
    assert!(f.contains(&("scope".into(), "openid name phoneNumber email".into())));
    assert!(f.contains(&("binding_message".into(), "POS-0042".into())));

    for t in server.to("POST", TOKEN) {
        assert_eq!(t.header("authorization"), Some(basic().as_str()));
        assert_eq!(t.header("ocp-apim-subscription-key"), None);
        let f = form(&t);
        assert!(f.contains(&(
            "grant_type".into(),
            "urn:openid:params:grant-type:ciba".into()
        )));
        assert!(f.contains(&("auth_req_id".into(), "VYGaaAMRkI6SyAm_uIywhxsN2K0".into())));
    }
    let ui = &server.to("GET", USERINFO)[0];
    assert_eq!(ui.header("authorization"), Some("Bearer ciba.W_If-secret"));
    assert_eq!(ui.header("ocp-apim-subscription-key"), None);
    assert_eq!(ui.header("merchant-serial-number"), None);
    // No platform token was needed for any of it.
    assert!(server.to("POST", "/accesstoken/get").is_empty());
}

#[tokio::test]
async fn denial_expiry_and_rate_limits() {
    let server = login_server(vec![
        Reply::empty(429).with_header("retry-after", "30"),
        pending("access_denied"),
        pending("expired_token"),
        pending("invalid_grant"),
    ])
    .await;
    let c = client(&server);
    let p = c.poll_login("id-1").await.unwrap();
    assert!(
        matches!(p, LoginPoll::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(30))
    );
    assert!(matches!(
        c.poll_login("id-1").await.unwrap(),
        LoginPoll::Denied
    ));
    assert!(matches!(
        c.poll_login("id-1").await.unwrap(),
        LoginPoll::Expired
    ));
    let e = c.poll_login("id-1").await.unwrap_err();
    assert!(
        matches!(&e, VippsError::OAuth { error, .. } if error == "invalid_grant"),
        "{e:?}"
    );
    // Polls are never retried by the client itself.
    assert_eq!(server.to("POST", TOKEN).len(), 4);
}

#[tokio::test]
async fn start_errors_and_client_side_checks() {
    let base: Arc<Mutex<String>> = Arc::default();
    let b2 = base.clone();
    let server = start(move |s, _| match s.path.as_str() {
        DISCOVERY => discovery(&b2.lock().unwrap()),
        CIBA => Reply::json(
            400,
            json!({"error":"invalid_request","error_description":"not eligible","error_code":"invalid_user"}),
        ),
        _ => Reply::empty(404),
    })
    .await;
    *base.lock().unwrap() = server.url.clone();
    let c = client(&server);
    let phone = Msisdn::parse("4791234567", Country::Norway).unwrap();
    let e = c.start_login(&phone, "openid", None).await.unwrap_err();
    assert_eq!(e.error_code(), Some("invalid_user"));
    assert!(!e.is_retryable());
    assert!(matches!(
        c.start_login(&phone, "name email", None).await,
        Err(VippsError::Invalid(_))
    ));
    assert!(matches!(
        c.start_login(&phone, "openid", Some("lower-case")).await,
        Err(VippsError::Invalid(_))
    ));
    assert_eq!(server.to("POST", CIBA).len(), 1);
}

#[tokio::test]
async fn discovery_pointing_elsewhere_is_refused() {
    let server = start(|s, _| match s.path.as_str() {
        DISCOVERY => discovery("https://evil.example.com"),
        _ => Reply::empty(404),
    })
    .await;
    let c = client(&server);
    let e = c.discovery().await.unwrap_err();
    assert!(matches!(e, VippsError::Decode { .. }), "{e:?}");
    assert!(e.to_string().contains("evil.example.com"));
}
