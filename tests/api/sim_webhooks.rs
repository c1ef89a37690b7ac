//! Webhooks: registration API, HMAC signatures checked by an independent implementation
//! (against the documented vectors and against real deliveries on a loopback receiver),
//! ordering, retries, the login ping, and delivery faults.

use crate::sim_support;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use kasse::sim::Faults;
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sim_support::receiver::{Received, Receiver};
use sim_support::*;

/// The independent check: recompute both headers from the raw body, the registered URL's host
/// and path+query, and the secret used as plain UTF-8.
fn expected_headers(
    secret: &str,
    host: &str,
    path_and_query: &str,
    date: &str,
    body: &[u8],
) -> (String, String) {
    let hash = B64.encode(Sha256::digest(body));
    let to_sign = format!("POST\n{path_and_query}\n{date};{host};{hash}");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(to_sign.as_bytes());
    let sig = B64.encode(mac.finalize().into_bytes());
    (
        hash,
        format!("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={sig}"),
    )
}

const V1_SECRET: &str =
    "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A==";
const V1_URL: &str = "https://webhook.site/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63";
const V1_DATE: &str = "Thu, 30 Mar 2023 08:38:32 GMT";
const V1_BODY: &str =
    r#"{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}"#;
const V2_SECRET: &str = "5b0a7c1e-8d3f-4c2a-9e61-2f4b7d9a0c13";
const V2_URL: &str = "https://pos.example.com/vipps/webhooks?store=oslo-1";
const V2_DATE: &str = "Tue, 14 Apr 2026 10:15:30 GMT";
const V2_BODY: &str = r#"{"msn":"123456","reference":"pos-oslo1-20260414-000123","pspReference":"a3f1c2d4-1111-2222-3333-444455556666","name":"AUTHORIZED","amount":{"currency":"NOK","value":24900},"timestamp":"2026-04-14T10:15:29.512Z","idempotencyKey":"pos-oslo1-20260414-000123-create","success":true}"#;

#[test]
fn signatures_match_both_documented_vectors() {
    let (hash, auth) =
        kasse::sim::webhook_signature(V1_SECRET, V1_URL, V1_DATE, V1_BODY.as_bytes()).unwrap();
    assert_eq!(hash, "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4=");
    assert!(auth.ends_with("&Signature=agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U="));
    assert_eq!(
        (hash, auth),
        expected_headers(
            V1_SECRET,
            "webhook.site",
            "/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63",
            V1_DATE,
            V1_BODY.as_bytes()
        )
    );

    assert_eq!(V2_BODY.len(), 278);
    let (hash, auth) =
        kasse::sim::webhook_signature(V2_SECRET, V2_URL, V2_DATE, V2_BODY.as_bytes()).unwrap();
    assert_eq!(hash, "PoP2UK4dgN/eiRD2RTTeka+DeKRZJLCX88R4no650/U=");
    assert_eq!(
        auth,
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=tzjXhcntEF6a1xfSZhO5jXz5fQe2SavZtMgr9GZNh7Q="
    );
    assert_eq!(
        (hash, auth),
        expected_headers(
            V2_SECRET,
            "pos.example.com",
            "/vipps/webhooks?store=oslo-1",
            V2_DATE,
            V2_BODY.as_bytes()
        )
    );
    // The documented negative checks.
    let with_newline = format!("{V2_BODY}\n");
    let (hash, _) =
        kasse::sim::webhook_signature(V2_SECRET, V2_URL, V2_DATE, with_newline.as_bytes()).unwrap();
    assert_eq!(hash, "FwOa+WPR58Xonu6hE/5Hl7SrQ+k0lS3KvuaC5pPgcgw=");
    let (_, auth) = kasse::sim::webhook_signature(
        V2_SECRET,
        "https://pos.example.com:8443/vipps/webhooks?store=oslo-1",
        V2_DATE,
        V2_BODY.as_bytes(),
    )
    .unwrap();
    assert!(auth.ends_with("&Signature=+cEMHgPT6B6wc2puK5MP/idD+dK8Q1RRDwl/XUTSHDo="));
}

async fn register(env: &Env, url: &str, events: &[&str]) -> (u16, Value) {
    let r = env
        .platform(Method::POST, "/webhooks/v1/webhooks")
        .json(&json!({"url": url, "events": events}))
        .send()
        .await
        .unwrap();
    status_and_json(r).await
}

const PAYMENT_EVENTS: [&str; 8] = [
    "epayments.payment.created.v1",
    "epayments.payment.authorized.v1",
    "epayments.payment.aborted.v1",
    "epayments.payment.expired.v1",
    "epayments.payment.cancelled.v1",
    "epayments.payment.captured.v1",
    "epayments.payment.refunded.v1",
    "epayments.payment.terminated.v1",
];

fn names(got: &[Received]) -> Vec<String> {
    got.iter()
        .map(|r| r.json()["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn real_deliveries_are_signed_ordered_and_complete() {
    let env = Env::fast().await;
    let rx = Receiver::start().await;
    let url = rx.url("/hooks/vipps?store=oslo-1");
    let (s, reg) = register(&env, &url, &PAYMENT_EVENTS).await;
    assert_eq!(s, 201);
    let secret = reg["secret"].as_str().unwrap().to_string();
    assert!(reg["id"].is_string());

    env.create("hook-ref-0001", 24900, ALICE).await;
    env.sim.approve_payment("hook-ref-0001").unwrap();
    let cap = env
        .modify(
            "hook-ref-0001",
            "capture",
            "cap-key-1",
            &json!({"modificationAmount": {"currency": "NOK", "value": 24900}}),
        )
        .await;
    assert_eq!(cap.status(), 200);
    let got = rx.wait_for(3).await;
    assert_eq!(names(&got), ["CREATED", "AUTHORIZED", "CAPTURED"]);
    for r in &got {
        assert_eq!(r.path_and_query, "/hooks/vipps?store=oslo-1");
        assert!(
            httpdate::parse_http_date(&r.date).is_ok(),
            "RFC 1123 date: {}",
            r.date
        );
        let (hash, auth) = expected_headers(
            &secret,
            &rx.host(),
            "/hooks/vipps?store=oslo-1",
            &r.date,
            &r.body,
        );
        assert_eq!(r.content_sha256, hash);
        assert_eq!(r.authorization, auth);
    }
    let captured = got[2].json();
    assert_eq!(captured["msn"], env.sim.credentials().msn);
    assert_eq!(captured["reference"], "hook-ref-0001");
    assert_eq!(
        captured["amount"],
        json!({"currency": "NOK", "value": 24900})
    );
    assert_eq!(captured["idempotencyKey"], "cap-key-1");
    assert_eq!(captured["success"], true);
    assert!(captured["timestamp"].as_str().unwrap().ends_with('Z'));
    assert_ne!(captured["pspReference"], got[0].json()["pspReference"]);
}

#[tokio::test]
async fn a_failing_event_is_retried_and_holds_back_later_ones() {
    let env = Env::fast().await;
    let rx = Receiver::start().await;
    rx.script.lock().unwrap().extend([500, 503]);
    let (s, _) = register(&env, &rx.url("/hook"), &PAYMENT_EVENTS).await;
    assert_eq!(s, 201);
    env.create("retry-ref-0001", 1000, ALICE).await;
    env.sim.reject_payment("retry-ref-0001").unwrap();
    let got = rx.wait_for(4).await;
    assert_eq!(names(&got), ["CREATED", "CREATED", "CREATED", "ABORTED"]);
    let stats: Value = env
        .http
        .get(env.url("/_sim/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["webhooks"][0]["failed_attempts"], 2);
    assert_eq!(stats["webhooks"][0]["delivered"], 2);
}

#[tokio::test]
async fn only_registered_events_are_sent_and_login_ping_arrives() {
    let env = Env::fast().await;
    let rx = Receiver::start().await;
    let (s, _) = register(
        &env,
        &rx.url("/ping"),
        &[
            "login.merchant-initiated.ping.v1",
            "epayments.payment.aborted.v1",
        ],
    )
    .await;
    assert_eq!(s, 201);
    env.create("only-ref-0001", 1000, ALICE).await; // CREATED is not registered
    let c = env.sim.credentials();
    let r = env
        .http
        .post(env.url("/vipps-login-ciba/api/backchannel/authentication"))
        .basic_auth(&c.client_id, Some(c.client_secret.expose()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("login_hint=urn%3Amsisdn%3A{BOB}&scope=openid"))
        .send()
        .await
        .unwrap();
    let id = r.json::<Value>().await.unwrap()["auth_req_id"]
        .as_str()
        .unwrap()
        .to_string();
    env.sim.consent_login(&id).unwrap();
    env.sim.reject_payment("only-ref-0001").unwrap();
    let got = rx.wait_for(2).await;
    assert_eq!(got[0].json(), json!({"auth_req_id": id}));
    assert_eq!(got[1].json()["name"], "ABORTED");
}

#[tokio::test]
async fn registration_api_list_delete_and_errors() {
    let env = Env::fast().await;
    let url = "https://pos.example.com/vipps/webhooks";
    let (s, a) = register(&env, url, &["epayments.payment.authorized.v1"]).await;
    assert_eq!(s, 201);
    let list: Value = env
        .platform(Method::GET, "/webhooks/v1/webhooks")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["webhooks"][0]["id"], a["id"]);
    assert_eq!(list["webhooks"][0]["url"], url);
    assert_eq!(
        list["webhooks"][0]["events"],
        json!(["epayments.payment.authorized.v1"])
    );
    assert!(
        list["webhooks"][0].get("secret").is_none(),
        "the secret is returned only once"
    );

    for (body, field) in [
        (
            json!({"url": "http://example.com/hook", "events": ["epayments.payment.authorized.v1"]}),
            "url",
        ),
        (
            json!({"url": "ftp://x/y", "events": ["epayments.payment.authorized.v1"]}),
            "url",
        ),
        (
            json!({"events": ["epayments.payment.authorized.v1"]}),
            "url",
        ),
        (json!({"url": url, "events": []}), "events"),
        (
            json!({"url": url, "events": ["epayments.payment.nonsense.v1"]}),
            "events",
        ),
        (
            json!({"url": url, "events": ["epayments.payment.authorized.v1"], "x": 1}),
            "x",
        ),
    ] {
        let r = env
            .platform(Method::POST, "/webhooks/v1/webhooks")
            .json(&body)
            .send()
            .await
            .unwrap();
        let (s, v) = status_and_json(r).await;
        assert_eq!(s, 400, "{body}");
        assert!(fields(&v).contains(&field.to_string()), "{body}: {v}");
    }

    for i in 1..25 {
        let (s, _) = register(
            &env,
            &format!("{url}?n={i}"),
            &["epayments.payment.authorized.v1"],
        )
        .await;
        assert_eq!(s, 201);
    }
    let (s, _) = register(&env, url, &["epayments.payment.authorized.v1"]).await;
    assert_eq!(s, 400, "26th registration for one event type");
    let (s, _) = register(&env, url, &["epayments.payment.captured.v1"]).await;
    assert_eq!(s, 201, "the limit is per event type");
    let (s, _) = register(&env, url, &["user.checked-in.v1"]).await;
    assert_eq!(s, 201);
    let (s, _) = register(&env, url, &["user.checked-in.v1"]).await;
    assert_eq!(s, 400, "one registration for the QR check-in event");

    let id = a["id"].as_str().unwrap();
    let del = env
        .platform(Method::DELETE, &format!("/webhooks/v1/webhooks/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 204);
    let again = env
        .platform(Method::DELETE, &format!("/webhooks/v1/webhooks/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    let list: Value = env
        .platform(Method::GET, "/webhooks/v1/webhooks")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["webhooks"].as_array().unwrap().len(), 26);
}

#[tokio::test]
async fn delivery_faults_drop_duplicate_reorder_and_delay() {
    let env = Env::fast().await;
    let rx = Receiver::start().await;
    register(&env, &rx.url("/f"), &PAYMENT_EVENTS).await;

    env.sim.set_faults(Faults {
        webhook_drop_rate: 1.0,
        ..Faults::default()
    });
    env.create("fault-ref-0001", 1000, ALICE).await;
    env.sim.set_faults(Faults {
        webhook_duplicate_rate: 1.0,
        webhook_delay_ms: 10,
        ..Faults::default()
    });
    env.sim.reject_payment("fault-ref-0001").unwrap();
    let got = rx.wait_for(2).await;
    assert_eq!(
        names(&got),
        ["ABORTED", "ABORTED"],
        "CREATED was dropped, ABORTED duplicated"
    );
    assert_eq!(got[0].body, got[1].body);

    env.sim.set_faults(Faults {
        webhook_reorder_rate: 1.0,
        ..Faults::default()
    });
    env.create("fault-ref-0002", 1000, ALICE).await;
    env.sim.approve_payment("fault-ref-0002").unwrap();
    let got = rx.wait_for(4).await;
    assert_eq!(names(&got[2..]), ["AUTHORIZED", "CREATED"]);
}
