//! Access token, platform-call checks, QR exchange, Check-in, faults and the control surface.

use crate::sim_support;

use kasse::sim::{FailNext, Faults, SimConfig};
use reqwest::Method;
use serde_json::{json, Value};
use sim_support::*;
use std::time::Duration;

#[tokio::test]
async fn access_token_has_string_fields_and_refuses_bad_credentials() {
    let env = Env::fast().await;
    let r = env.token_request().send().await.unwrap();
    let (status, v) = status_and_json(r).await;
    assert_eq!(status, 200);
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], "3600");
    for f in [
        "expires_in",
        "ext_expires_in",
        "expires_on",
        "not_before",
        "resource",
    ] {
        assert!(v[f].is_string(), "{f} must be a string");
    }

    let c = env.sim.credentials();
    let wrong_secret = env
        .http
        .post(env.url("/accesstoken/get"))
        .header("client_id", &c.client_id)
        .header("client_secret", "nope")
        .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
        .body("")
        .send()
        .await
        .unwrap();
    let (status, v) = status_and_json(wrong_secret).await;
    assert_eq!((status, v["error"].as_str()), (401, Some("invalid_client")));

    let no_key = env
        .http
        .post(env.url("/accesstoken/get"))
        .header("client_id", &c.client_id)
        .header("client_secret", c.client_secret.expose())
        .body("")
        .send()
        .await
        .unwrap();
    let (status, v) = status_and_json(no_key).await;
    assert_eq!((status, v["statusCode"].as_u64()), (401, Some(401)));

    let no_client = env
        .http
        .post(env.url("/accesstoken/get"))
        .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(no_client.status(), 400);
}

#[tokio::test]
async fn platform_calls_check_token_key_and_msn() {
    let env = Env::fast().await;
    let c = env.sim.credentials();
    let path = "/epayment/v1/payments/unknown-ref-1";
    // Good call: 404 for an unknown payment proves it passed the checks.
    let ok = env.platform(Method::GET, path).send().await.unwrap();
    let (status, v) = status_and_json(ok).await;
    assert_eq!(status, 404);
    assert_eq!(error_code(&v).as_deref(), Some("5090"));
    assert!(v["traceId"].is_string());

    let no_bearer = env
        .http
        .get(env.url(path))
        .header("Authorization", env.token.clone())
        .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
        .header("Merchant-Serial-Number", &c.msn)
        .send()
        .await
        .unwrap();
    assert_eq!(no_bearer.status(), 401);

    let unknown_token = env
        .http
        .get(env.url(path))
        .bearer_auth("made-up")
        .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
        .header("Merchant-Serial-Number", &c.msn)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_token.status(), 401);

    let wrong_key = env
        .http
        .get(env.url(path))
        .bearer_auth(&env.token)
        .header("Ocp-Apim-Subscription-Key", "wrong")
        .header("Merchant-Serial-Number", &c.msn)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_key.status(), 401);

    let no_msn = env
        .http
        .get(env.url(path))
        .bearer_auth(&env.token)
        .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
        .send()
        .await
        .unwrap();
    let (status, v) = status_and_json(no_msn).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), vec!["Merchant-Serial-Number".to_string()]);

    let other_msn = env
        .http
        .get(env.url(path))
        .bearer_auth(&env.token)
        .header("Ocp-Apim-Subscription-Key", c.subscription_key.expose())
        .header("Merchant-Serial-Number", "999999")
        .send()
        .await
        .unwrap();
    assert_eq!(other_msn.status(), 403);
}

#[tokio::test]
async fn expired_token_is_refused() {
    let env = Env::start(SimConfig {
        token_lifetime: Duration::from_millis(300),
        ..fast_config()
    })
    .await;
    let path = "/webhooks/v1/webhooks";
    eventually("the token to expire", || async {
        let r = env.platform(Method::GET, path).send().await.unwrap();
        (r.status() == 401).then_some(())
    })
    .await;
}

#[tokio::test]
async fn qr_exchange_handles_both_formats_and_errors() {
    let env = Env::fast().await;
    let users = env.sim.users();
    let kari = users.iter().find(|u| u.msisdn.as_str() == ALICE).unwrap();
    let exchange = |body: Value| {
        env.platform(Method::POST, "/qr/v1/exchange")
            .json(&body)
            .send()
    };

    let (status, v) = status_and_json(
        exchange(json!({"qrCode": kari.qr_clear_text, "requestedData": ["MSISDN"]}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v, json!({"msisdn": ALICE, "version": "1.0"}));

    let (status, v) = status_and_json(
        exchange(json!({"qrCode": kari.qr_tokenized}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v["msisdn"], ALICE);
    assert_eq!(v["version"], "2.0");
    assert_eq!(v["timestamp"], kasse::sim::QR_GENERATED_AT);

    for (body, field) in [
        (
            json!({"qrCode": "https://qr.vipps.no/p/nobody-has-this"}),
            "qrCode",
        ),
        (json!({"qrCode": "hello"}), "qrCode"),
        (json!({}), "qrCode"),
        (
            json!({"qrCode": kari.qr_clear_text, "requestedData": ["EMAIL"]}),
            "requestedData",
        ),
        (json!({"qrCode": kari.qr_clear_text, "extra": 1}), "extra"),
    ] {
        let (status, v) = status_and_json(exchange(body.clone()).await.unwrap()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(fields(&v), vec![field.to_string()], "{body}");
    }
}

#[tokio::test]
async fn check_in_accepts_norwegian_numbers_only() {
    let env = Env::fast().await;
    let check_in = |body: Value| {
        env.platform(Method::POST, "/point-of-sale/v1/loyalty-check-in")
            .json(&body)
            .send()
    };
    let (status, v) = status_and_json(
        check_in(json!({"phoneNumber": ALICE, "isMember": true}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v.as_str().map(str::len), Some(36), "a GUID string");

    for (body, field) in [
        (
            json!({"phoneNumber": "4520123456", "isMember": true}),
            "phoneNumber",
        ),
        (json!({"phoneNumber": ALICE}), "isMember"),
        (json!({"isMember": false}), "phoneNumber"),
        (
            json!({"phoneNumber": ALICE, "isMember": true, "loyaltyProgramName": "x"}),
            "loyaltyProgramName",
        ),
    ] {
        let (status, v) = status_and_json(check_in(body.clone()).await.unwrap()).await;
        assert_eq!(status, 400, "{body}");
        let names: Vec<&str> = v["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(names, vec![field], "{body}");
    }
}

#[tokio::test]
async fn faults_fail_next_rates_and_token_endpoint() {
    let env = Env::fast().await;
    let list = || env.platform(Method::GET, "/webhooks/v1/webhooks").send();
    env.sim.set_faults(Faults {
        fail_next: Some(FailNext {
            count: 2,
            status: 503,
        }),
        ..Faults::default()
    });
    assert_eq!(list().await.unwrap().status(), 503);
    assert_eq!(list().await.unwrap().status(), 503);
    assert_eq!(list().await.unwrap().status(), 200);

    env.sim.set_faults(Faults {
        error_rate_429: 1.0,
        retry_after_secs: 7,
        ..Faults::default()
    });
    let r = list().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    // The token endpoint is outside the platform error rates.
    assert_eq!(env.token_request().send().await.unwrap().status(), 200);

    env.sim.set_faults(Faults {
        error_rate_500: 1.0,
        ..Faults::default()
    });
    assert_eq!(list().await.unwrap().status(), 500);

    env.sim.set_faults(Faults {
        token_endpoint_down: true,
        latency_ms: 5,
        ..Faults::default()
    });
    assert_eq!(env.token_request().send().await.unwrap().status(), 500);
    assert_eq!(list().await.unwrap().status(), 200);
    env.sim.set_faults(Faults::default());
    assert_eq!(env.token_request().send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn control_surface_over_http() {
    let env = Env::fast().await;
    let (status, v) =
        status_and_json(env.http.get(env.url("/_sim/users")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    let users = v["users"].as_array().unwrap();
    assert_eq!(users.len(), env.sim.users().len());
    assert!(users.iter().any(|u| u["old_app"] == true));

    let put = env
        .http
        .put(env.url("/_sim/faults"))
        .json(&json!({"fail_next": {"count": 1, "status": 500}}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    assert_eq!(
        env.sim.faults().fail_next,
        Some(FailNext {
            count: 1,
            status: 500
        })
    );
    let (status, v) =
        status_and_json(env.http.get(env.url("/_sim/faults")).send().await.unwrap()).await;
    assert_eq!(
        (status, v["fail_next"]["status"].as_u64()),
        (200, Some(500))
    );
    let bad = env
        .http
        .put(env.url("/_sim/faults"))
        .json(&json!({"no_such_fault": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    env.sim.set_faults(Faults::default());

    env.create("ctl-pay-0001", 5000, ALICE).await;
    let (_, v) =
        status_and_json(env.http.get(env.url("/_sim/pending")).send().await.unwrap()).await;
    assert_eq!(v["pending"][0]["type"], "payment");
    assert_eq!(v["pending"][0]["reference"], "ctl-pay-0001");
    assert_eq!(v["pending"][0]["amount"]["value"], 5000);
    let approve = env
        .http
        .post(env.url("/_sim/payments/ctl-pay-0001/approve"))
        .send()
        .await
        .unwrap();
    assert_eq!(approve.status(), 200);
    let again = env
        .http
        .post(env.url("/_sim/payments/ctl-pay-0001/reject"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    let unknown = env
        .http
        .post(env.url("/_sim/payments/nope-0000001/approve"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let (_, stats) =
        status_and_json(env.http.get(env.url("/_sim/stats")).send().await.unwrap()).await;
    assert_eq!(stats["requests"]["POST /epayment/v1/payments"], 1);
    assert_eq!(stats["requests"]["POST /accesstoken/get"], 1);
    assert_eq!(stats["total"], 2);
    assert_eq!(env.sim.total_requests(), 2);
    assert_eq!(env.sim.request_count()["POST /epayment/v1/payments"], 1);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn garbage_never_breaks_the_server() {
    let env = Env::fast().await;
    let posts = [
        "/qr/v1/exchange",
        "/point-of-sale/v1/loyalty-check-in",
        "/epayment/v1/payments",
        "/epayment/v1/payments/garbage-ref-1/capture",
        "/epayment/v1/payments/garbage-ref-1/cancel",
        "/epayment/v1/payments/garbage-ref-1/refund",
        "/epayment/v1/test/payments/garbage-ref-1/approve",
        "/webhooks/v1/webhooks",
        "/vipps-login-ciba/api/backchannel/authentication",
        "/vipps-login-ciba/api/v1/user-exists",
        "/access-management-1.0/access/oauth2/token",
    ];
    let bodies: [&[u8]; 8] = [
        b"\xff\xfe\x00",
        b"null",
        b"[]",
        b"{\"amount\":\"x\",\"customer\":[1],\"receipt\":{\"orderLines\":[null]}}",
        b"{\"modificationAmount\":{\"currency\":7,\"value\":1e99}}",
        b"%%%=&&=%",
        b"login_hint=urn%3Amsisdn%3A%FF&scope=%E2%82",
        b"{\"url\":\"http://[::1\",\"events\":{}}",
    ];
    for path in posts {
        for body in bodies {
            let r = env
                .platform(Method::POST, path)
                .header("Idempotency-Key", "garbage")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.to_vec())
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            assert!((400..500).contains(&s), "{path} answered {s}");
        }
    }
    let r = env
        .platform(Method::PUT, "/epayment/v1/payments")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST");
    let r = env
        .platform(Method::GET, "/epayment/v2/nothing")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Still serving.
    assert_eq!(env.token_request().send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let env = Env::fast().await;
    let url = env.url("/_sim/users");
    assert_eq!(env.http.get(&url).send().await.unwrap().status(), 200);
    let fresh = reqwest::Client::new();
    env.sim.clone().shutdown().await;
    eventually("the listener to close", || async {
        fresh.get(&url).send().await.is_err().then_some(())
    })
    .await;
}
