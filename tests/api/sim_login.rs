//! Login: discovery, CIBA backchannel and token polling, user-exists, userinfo.

use crate::sim_support;

use kasse::sim::{PendingKind, SimConfig, SimError};
use reqwest::RequestBuilder;
use serde_json::Value;
use sim_support::*;
use std::time::Duration;

const BC: &str = "/vipps-login-ciba/api/backchannel/authentication";
const TOKEN: &str = "/access-management-1.0/access/oauth2/token";

trait Basic {
    fn basic(&self, path: &str) -> RequestBuilder;
}

impl Basic for Env {
    /// A POST with `client_secret_basic` authentication.
    fn basic(&self, path: &str) -> RequestBuilder {
        let c = self.sim.credentials();
        self.http
            .post(self.url(path))
            .basic_auth(&c.client_id, Some(c.client_secret.expose()))
    }
}

async fn form(rb: RequestBuilder, body: &str) -> (u16, Value, Option<String>) {
    let r = rb
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (s, v) = status_and_json(r).await;
    (s, v, retry)
}

fn start_body(msisdn: &str, scope: &str) -> String {
    format!("login_hint=urn%3Amsisdn%3A{msisdn}&scope={scope}&binding_message=POS-0042")
}

async fn start_login(env: &Env, msisdn: &str, scope: &str) -> String {
    let (s, v, _) = form(env.basic(BC), &start_body(msisdn, scope)).await;
    assert_eq!(s, 200, "{v}");
    v["auth_req_id"].as_str().unwrap().to_string()
}

async fn poll(env: &Env, id: &str) -> (u16, Value) {
    let (s, v, _) = form(
        env.basic(TOKEN),
        &format!("grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba&auth_req_id={id}"),
    )
    .await;
    (s, v)
}

#[tokio::test]
async fn discovery_points_back_at_the_simulator() {
    let env = Env::fast().await;
    let r = env
        .http
        .get(env.url("/access-management-1.0/access/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "max-age=3600");
    let v: Value = r.json().await.unwrap();
    let b = &env.base;
    assert_eq!(v["issuer"], format!("{b}/access-management-1.0/access/"));
    assert_eq!(v["token_endpoint"], format!("{b}{TOKEN}"));
    assert_eq!(v["backchannel_authentication_endpoint"], format!("{b}{BC}"));
    assert_eq!(
        v["userinfo_endpoint"],
        format!("{b}/vipps-userinfo-api/userinfo")
    );
    assert_eq!(v["backchannel_token_delivery_modes_supported"][0], "poll");
    let jwks = env
        .http
        .get(v["jwks_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(jwks.status(), 200);
}

#[tokio::test]
async fn full_ciba_flow_with_polling_and_userinfo() {
    // A long interval, so the second poll is surely "too fast" however slow the machine is.
    let env = Env::start(SimConfig {
        login_interval_secs: 30,
        ..fast_config()
    })
    .await;
    let (s, v, _) = form(
        env.basic(BC),
        &start_body(ALICE, "openid%20name%20phoneNumber%20email"),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["interval"], 30);
    assert_eq!(v["expires_in"], 600);
    let id = v["auth_req_id"].as_str().unwrap().to_string();

    let pending = env.sim.pending();
    match &pending[0].kind {
        PendingKind::Login {
            auth_req_id,
            msisdn,
            binding_message,
            scopes,
        } => {
            assert_eq!(auth_req_id, &id);
            assert_eq!(msisdn.as_str(), ALICE);
            assert_eq!(binding_message.as_deref(), Some("POS-0042"));
            assert_eq!(scopes.len(), 4);
        }
        other => panic!("unexpected {other:?}"),
    }

    let (s, v) = poll(&env, &id).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (400, Some("authorization_pending"))
    );
    let (s, v) = poll(&env, &id).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (400, Some("slow_down")),
        "polled within the interval"
    );

    // Once the customer has answered, the next poll gets the outcome.
    env.sim.consent_login(&id).unwrap();
    let (s, tokens) = poll(&env, &id).await;
    assert_eq!(s, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["id_token"].as_str().unwrap().split('.').count(), 3);
    let (s, v) = poll(&env, &id).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (400, Some("invalid_grant")),
        "single use"
    );

    let info = env
        .http
        .get(env.url("/vipps-userinfo-api/userinfo"))
        .bearer_auth(tokens["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let (s, claims) = status_and_json(info).await;
    assert_eq!(s, 200);
    let kari = env
        .sim
        .users()
        .into_iter()
        .find(|u| u.msisdn.as_str() == ALICE)
        .unwrap();
    assert_eq!(claims["sub"], kari.sub);
    assert_eq!(claims["name"], "Kari Nordmann");
    assert_eq!(claims["given_name"], "Kari");
    assert_eq!(claims["family_name"], "Nordmann");
    assert_eq!(claims["phone_number"], ALICE);
    assert_eq!(claims["email"], kari.email);
    assert_eq!(claims["email_verified"], true);
    assert!(claims.get("address").is_none(), "address was not asked for");

    let bad = env
        .http
        .get(env.url("/vipps-userinfo-api/userinfo"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
}

#[tokio::test]
async fn claims_follow_the_granted_scopes_and_client_secret_post_works() {
    let env = Env::fast().await;
    let c = env.sim.credentials();
    let body = format!(
        "client_id={}&client_secret={}&{}",
        c.client_id,
        c.client_secret.expose(),
        start_body(BOB, "openid+name")
    );
    let (s, v, _) = form(env.http.post(env.url(BC)), &body).await;
    assert_eq!(s, 200, "{v}");
    let id = v["auth_req_id"].as_str().unwrap();
    env.sim.consent_login(id).unwrap();
    let (s, v, _) = form(
        env.http.post(env.url(TOKEN)),
        &format!(
            "grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba&auth_req_id={id}&client_id={}&client_secret={}",
            c.client_id,
            c.client_secret.expose()
        ),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let claims: Value = env
        .http
        .get(env.url("/vipps-userinfo-api/userinfo"))
        .bearer_auth(v["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(claims["name"], "Ola Nordmann");
    assert!(claims.get("email").is_none());
    assert!(claims.get("phone_number").is_none());

    let id = start_login(&env, ALICE, "openid%20address%20birthDate").await;
    env.sim.consent_login(&id).unwrap();
    let (s, v) = poll(&env, &id).await;
    assert_eq!(s, 200);
    let claims: Value = env
        .http
        .get(env.url("/vipps-userinfo-api/userinfo"))
        .bearer_auth(v["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(claims["birthdate"], "1985-03-14");
    assert_eq!(claims["address"]["postal_code"], "0155");
    assert_eq!(claims["address"]["country"], "NO");
    assert!(claims.get("name").is_none());
}

#[tokio::test]
async fn backchannel_errors() {
    let env = Env::fast().await;
    let cases = [
        (start_body(ALICE, "name"), 400, "invalid_scope"),
        (
            "login_hint=urn%3Amsisdn%3A4791234567&scope=openid&binding_message=pos-1".to_string(),
            400,
            "invalid_binding_message",
        ),
        (
            "login_hint=urn%3Amsisdn%3A4791234567&scope=openid&binding_message=ABCDEFGHI"
                .to_string(),
            400,
            "invalid_binding_message",
        ),
        (
            "login_hint=urn%3Amsisdn%3A4791234567&scope=openid&requested_expiry=30".to_string(),
            400,
            "invalid_request",
        ),
        (
            "login_hint=urn%3Amsisdn%3A4791234567&scope=openid&requested_expiry=901".to_string(),
            400,
            "invalid_request",
        ),
        (
            "login_hint=4791234567&scope=openid".to_string(),
            400,
            "invalid_request",
        ),
        ("scope=openid".to_string(), 400, "invalid_request"),
        (start_body(NOBODY, "openid"), 400, "unknown_user_id"),
    ];
    for (body, status, error) in cases {
        let (s, v, _) = form(env.basic(BC), &body).await;
        assert_eq!((s, v["error"].as_str()), (status, Some(error)), "{body}");
    }
    let (s, v, _) = form(
        env.basic(BC),
        &format!("{}&requested_expiry=120", start_body(BOB, "openid")),
    )
    .await;
    assert_eq!((s, v["expires_in"].as_u64()), (200, Some(120)));
    let (s, v, _) = form(env.basic(BC), &start_body(OLD_APP, "openid")).await;
    assert_eq!(s, 400);
    assert_eq!(v["error_code"], "old_app");

    let c = env.sim.credentials();
    let wrong = env
        .http
        .post(env.url(BC))
        .basic_auth(&c.client_id, Some("wrong"));
    let (s, v, _) = form(wrong, &start_body(ALICE, "openid")).await;
    assert_eq!((s, v["error"].as_str()), (401, Some("invalid_client")));
    let (s, v, _) = form(env.http.post(env.url(BC)), &start_body(ALICE, "openid")).await;
    assert_eq!((s, v["error"].as_str()), (401, Some("invalid_client")));
    let json_body = env
        .basic(BC)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 400);

    // A second login for the same user while one is open.
    let _first = start_login(&env, ALICE, "openid").await;
    let (s, _, retry) = form(env.basic(BC), &start_body(ALICE, "openid")).await;
    assert_eq!(s, 429);
    assert!(retry.is_some(), "Retry-After is sent");
    let (s, _, _) = form(env.basic(BC), &start_body("4791234569", "openid")).await;
    assert_eq!(s, 200, "other users are not affected");
}

#[tokio::test]
async fn token_endpoint_outcomes() {
    let env = Env::fast().await;
    let denied = start_login(&env, ALICE, "openid").await;
    env.sim.deny_login(&denied).unwrap();
    let (s, v) = poll(&env, &denied).await;
    assert_eq!((s, v["error"].as_str()), (400, Some("access_denied")));
    assert!(matches!(
        env.sim.consent_login(&denied),
        Err(SimError::LoginNotPending(_))
    ));

    let expired = start_login(&env, BOB, "openid").await;
    env.sim.expire_login(&expired).unwrap();
    let (s, v) = poll(&env, &expired).await;
    assert_eq!((s, v["error"].as_str()), (400, Some("expired_token")));

    let (s, v) = poll(&env, "no-such-id").await;
    assert_eq!((s, v["error"].as_str()), (400, Some("invalid_grant")));
    let (s, v, _) = form(
        env.basic(TOKEN),
        "grant_type=client_credentials&auth_req_id=x",
    )
    .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    assert!(matches!(
        env.sim.consent_login("nope"),
        Err(SimError::UnknownLogin(_))
    ));
}

#[tokio::test]
async fn logins_expire_on_the_clock() {
    let env = Env::start(SimConfig {
        login_expiry: Duration::from_millis(300),
        ..fast_config()
    })
    .await;
    let id = start_login(&env, ALICE, "openid").await;
    eventually("the login to expire", || async {
        env.sim.pending().is_empty().then_some(())
    })
    .await;
    let (s, v) = poll(&env, &id).await;
    assert_eq!((s, v["error"].as_str()), (400, Some("expired_token")));
    // Once expired, the user can be asked again.
    start_login(&env, ALICE, "openid").await;
}

#[tokio::test]
async fn user_exists() {
    let env = Env::fast().await;
    let path = "/vipps-login-ciba/api/v1/user-exists";
    let (s, v, _) = form(env.basic(path), "login_hint=urn%3Amsisdn%3A4791234567").await;
    assert_eq!((s, v["exists"].as_bool()), (200, Some(true)));
    let (s, v, _) = form(
        env.basic(path),
        &format!("login_hint=urn%3Amsisdn%3A{NOBODY}"),
    )
    .await;
    assert_eq!((s, v["exists"].as_bool()), (200, Some(false)));
    let (s, _, _) = form(env.basic(path), "login_hint=bogus").await;
    assert_eq!(s, 400);
    let (s, _, _) = form(
        env.http.post(env.url(path)),
        "login_hint=urn%3Amsisdn%3A4791234567",
    )
    .await;
    assert_eq!(s, 401);
}
