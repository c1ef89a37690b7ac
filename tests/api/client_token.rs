//! The platform access token: cached, renewed before expiry, shared by concurrent callers,
//! dropped and fetched again once after a 401.

use crate::client_support;

use client_support::*;
use kasse::vipps::VippsError;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const REF: &str = "pos-oslo1-20260414-000123";

fn payment() -> Reply {
    Reply::json(
        200,
        json!({"aggregate":{"authorizedAmount":{"currency":"NOK","value":0},
            "cancelledAmount":{"currency":"NOK","value":0},
            "capturedAmount":{"currency":"NOK","value":0},
            "refundedAmount":{"currency":"NOK","value":0}},
         "amount":{"currency":"NOK","value":1000},"state":"CREATED",
         "paymentMethod":{"type":"WALLET"},"profile":{},"pspReference":"p","reference":REF}),
    )
}

#[tokio::test]
async fn token_is_cached_and_numbers_may_be_numbers() {
    let server = start(|s, n| {
        if s.path == "/accesstoken/get" {
            Reply::json(
                200,
                json!({"token_type":"Bearer","expires_in":3600,
                "access_token":format!("token-{n}")}),
            )
        } else {
            payment()
        }
    })
    .await;
    let c = client(&server);
    for _ in 0..3 {
        c.get_payment(REF).await.unwrap();
    }
    // Clones share the cache.
    c.clone().get_payment(REF).await.unwrap();
    assert_eq!(server.to("POST", "/accesstoken/get").len(), 1);
    for s in server.to("GET", &format!("/epayment/v1/payments/{REF}")) {
        assert_eq!(s.header("authorization"), Some("Bearer token-0"));
    }
}

#[tokio::test]
async fn token_near_expiry_is_renewed() {
    // The first token is already inside its renewal margin; the second lives an hour.
    let server = start(|s, n| {
        if s.path == "/accesstoken/get" {
            token_reply(n, if n == 0 { "0" } else { "3600" })
        } else {
            payment()
        }
    })
    .await;
    let c = client(&server);
    for _ in 0..3 {
        c.get_payment(REF).await.unwrap();
    }
    assert_eq!(server.to("POST", "/accesstoken/get").len(), 2);
    let used: Vec<_> = server
        .to("GET", &format!("/epayment/v1/payments/{REF}"))
        .iter()
        .map(|s| s.header("authorization").unwrap_or_default().to_string())
        .collect();
    assert_eq!(used, ["Bearer token-0", "Bearer token-1", "Bearer token-1"]);
}

#[tokio::test]
async fn concurrent_callers_share_one_fetch() {
    let server = start(|s, n| {
        if s.path == "/accesstoken/get" {
            // A slow token answer makes every caller arrive while the fetch is running.
            let mut r = token_reply(n, "3600");
            r.delay = Some(Duration::from_millis(300));
            r
        } else {
            payment()
        }
    })
    .await;
    let c = client(&server);
    let mut tasks = Vec::new();
    for _ in 0..25 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move { c.get_payment(REF).await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(server.to("POST", "/accesstoken/get").len(), 1);
    assert_eq!(
        server
            .to("GET", &format!("/epayment/v1/payments/{REF}"))
            .len(),
        25
    );
}

#[tokio::test]
async fn a_401_drops_the_token_and_retries_once() {
    let server = start(|s, n| {
        if s.path == "/accesstoken/get" {
            token_reply(n, "3600")
        } else if s.header("authorization") == Some("Bearer token-0") {
            Reply::json(401, json!({"error": "invalid_token"}))
        } else {
            payment()
        }
    })
    .await;
    let c = client(&server);
    c.get_payment(REF).await.unwrap();
    assert_eq!(server.to("POST", "/accesstoken/get").len(), 2);
    let used: Vec<_> = server
        .to("GET", &format!("/epayment/v1/payments/{REF}"))
        .iter()
        .map(|s| s.header("authorization").unwrap_or_default().to_string())
        .collect();
    assert_eq!(used, ["Bearer token-0", "Bearer token-1"]);
}

#[tokio::test]
async fn a_lasting_401_is_returned_after_one_renewal() {
    let tokens = Arc::new(AtomicUsize::new(0));
    let t2 = tokens.clone();
    let server = start(move |s, n| {
        if s.path == "/accesstoken/get" {
            t2.fetch_add(1, Ordering::SeqCst);
            token_reply(n, "3600")
        } else {
            Reply::problem(
                401,
                json!({"title":"Unauthorized","status":401,"traceId":"t-1"}),
            )
        }
    })
    .await;
    let c = client(&server);
    let e = c.get_payment(REF).await.unwrap_err();
    assert!(
        matches!(e, VippsError::Problem { status: 401, .. }),
        "{e:?}"
    );
    assert_eq!(tokens.load(Ordering::SeqCst), 2);
    assert_eq!(
        server
            .to("GET", &format!("/epayment/v1/payments/{REF}"))
            .len(),
        2
    );
}

#[tokio::test]
async fn bad_credentials_fail_the_token_fetch_without_retries() {
    let server = start(|_, _| {
        Reply::json(
            401,
            json!({"error":"unauthorized_client","error_description":"bad id"}),
        )
    })
    .await;
    let c = client(&server);
    let e = c.get_payment(REF).await.unwrap_err();
    assert!(
        matches!(&e, VippsError::OAuth { status: 401, error, .. } if error == "unauthorized_client"),
        "{e:?}"
    );
    assert!(server
        .to("GET", &format!("/epayment/v1/payments/{REF}"))
        .is_empty());
}
