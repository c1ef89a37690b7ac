//! Retries: what is repeated (with the same idempotency key), what is not, and every
//! transport error kind.

use crate::client_support;

use client_support::*;
use kasse::domain::{Country, Currency, Money, Msisdn};
use kasse::vipps::{CreatePayment, Customer, RetryPolicy, VippsClient, VippsError};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

const REF: &str = "pos-oslo1-20260414-000123";

fn modification() -> Reply {
    Reply::problem(
        200,
        json!({"amount":{"currency":"NOK","value":1000},"state":"AUTHORIZED",
            "aggregate":{"authorizedAmount":{"currency":"NOK","value":1000},
                "cancelledAmount":{"currency":"NOK","value":0},
                "capturedAmount":{"currency":"NOK","value":1000},
                "refundedAmount":{"currency":"NOK","value":0}},
            "pspReference":"p-cap","reference":REF}),
    )
}

fn unavailable() -> Reply {
    Reply::problem(
        503,
        json!({"title":"Service Unavailable","status":503,"traceId":"t-503"}),
    )
}

fn create() -> CreatePayment {
    CreatePayment {
        amount: Money::new(1000, Currency::Nok),
        customer: Customer::PhoneNumber(Msisdn::parse("4791234567", Country::Norway).unwrap()),
        reference: REF.into(),
        description: "kvittering 1".into(),
        receipt: None,
        metadata: BTreeMap::new(),
    }
}

#[tokio::test]
async fn capture_is_retried_after_503_with_the_same_key() {
    let server = start(with_token(|_, n| {
        if n < 2 {
            unavailable()
        } else {
            modification()
        }
    }))
    .await;
    let c = client(&server);
    let m = c
        .capture(REF, Money::new(1000, Currency::Nok), "key-capture-7")
        .await
        .unwrap();
    assert_eq!(m.psp_reference, "p-cap");
    let attempts = server.to("POST", &format!("/epayment/v1/payments/{REF}/capture"));
    assert_eq!(attempts.len(), 3);
    for a in &attempts {
        assert_eq!(a.header("idempotency-key"), Some("key-capture-7"));
        assert_eq!(a.body, attempts[0].body);
    }
}

#[tokio::test]
async fn create_is_retried_with_its_key_and_gives_up_at_max_attempts() {
    let server = start(with_token(|_, _| unavailable())).await;
    let c = client(&server);
    let e = c
        .create_payment(&create(), "key-create-9")
        .await
        .unwrap_err();
    assert!(
        matches!(e, VippsError::Problem { status: 503, .. }),
        "{e:?}"
    );
    let attempts = server.to("POST", "/epayment/v1/payments");
    assert_eq!(attempts.len() as u32, quick_policy().max_attempts);
    assert!(attempts
        .iter()
        .all(|a| a.header("idempotency-key") == Some("key-create-9")));
}

#[tokio::test]
async fn a_429_waits_for_retry_after() {
    let server = start(with_token(|s, n| {
        if n == 0 {
            Reply::empty(429).with_header("retry-after", "1")
        } else if s.path.ends_with("/refund") {
            modification()
        } else {
            Reply::json(200, json!([]))
        }
    }))
    .await;
    let c = client(&server);
    let events = c.payment_events(REF).await.unwrap();
    assert!(events.is_empty());
    assert_eq!(
        server
            .to("GET", &format!("/epayment/v1/payments/{REF}/events"))
            .len(),
        2
    );
    c.refund(REF, Money::new(500, Currency::Nok), "key-refund-2")
        .await
        .unwrap();
    let refunds = server.to("POST", &format!("/epayment/v1/payments/{REF}/refund"));
    assert_eq!(refunds.len(), 2);
    assert!(refunds
        .iter()
        .all(|r| r.header("idempotency-key") == Some("key-refund-2")));
}

#[tokio::test]
async fn a_retry_after_beyond_the_policy_goes_back_to_the_caller() {
    let server = start(with_token(|_, _| {
        Reply::empty(429).with_header("retry-after", "120")
    }))
    .await;
    let c = client(&server);
    let e = c.get_payment(REF).await.unwrap_err();
    assert!(
        matches!(e, VippsError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(120))
    );
    assert!(e.is_retryable());
    assert_eq!(
        server
            .to("GET", &format!("/epayment/v1/payments/{REF}"))
            .len(),
        1
    );
}

#[tokio::test]
async fn calls_without_a_key_and_4xx_are_not_retried() {
    let server = start(with_token(|s, _| {
        if s.path.contains("check-in") {
            unavailable()
        } else {
            Reply::problem(
                409,
                json!({"title":"Conflict","status":409,"traceId":"t",
                "extraDetails":[{"name":"ErrorCode","reason":"4010"}]}),
            )
        }
    }))
    .await;
    let c = client(&server);
    let phone = Msisdn::parse("4791234567", Country::Norway).unwrap();
    let e = c.check_in(&phone, true).await.unwrap_err();
    assert!(e.is_retryable(), "a 503 is retryable in itself");
    assert_eq!(
        server
            .to("POST", "/point-of-sale/v1/loyalty-check-in")
            .len(),
        1
    );
    let e = c
        .capture(REF, Money::new(1000, Currency::Nok), "key-capture-8")
        .await
        .unwrap_err();
    assert_eq!(e.error_code(), Some("4010"));
    assert_eq!(
        server
            .to("POST", &format!("/epayment/v1/payments/{REF}/capture"))
            .len(),
        1
    );
}

#[tokio::test]
async fn timeouts_are_retried_then_reported() {
    // The server never answers the payment in time (its delay is far beyond the timeout).
    let server = start(with_token(|_, _| Reply {
        delay: Some(Duration::from_secs(60)),
        ..Reply::empty(200)
    }))
    .await;
    let policy = RetryPolicy {
        max_attempts: 2,
        ..quick_policy()
    };
    // Long enough for the token fetch on a loaded machine, far short of the server's delay.
    let c = VippsClient::with_policy(&config_with_timeout(&server.url, 2000), policy).unwrap();
    let e = c.get_payment(REF).await.unwrap_err();
    assert!(matches!(e, VippsError::Timeout), "{e:?}");
    assert!(e.is_retryable());
    assert_eq!(
        server
            .to("GET", &format!("/epayment/v1/payments/{REF}"))
            .len(),
        2
    );
}

#[tokio::test]
async fn a_token_fetch_that_times_out_is_a_timeout() {
    let server = start(|_, _| Reply {
        delay: Some(Duration::from_secs(60)),
        ..Reply::empty(200)
    })
    .await;
    let c = VippsClient::with_policy(&config_with_timeout(&server.url, 300), RetryPolicy::none())
        .unwrap();
    assert!(matches!(c.get_payment(REF).await, Err(VippsError::Timeout)));
    assert_eq!(server.to("POST", "/accesstoken/get").len(), 1);
    assert!(server
        .to("GET", &format!("/epayment/v1/payments/{REF}"))
        .is_empty());
}

fn config_with_timeout(url: &str, ms: u64) -> kasse::config::Vipps {
    let mut c = config(url);
    c.timeout_ms = ms;
    c
}

#[tokio::test]
async fn refused_connections_are_connect_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let c = VippsClient::with_policy(&config(&url), quick_policy()).unwrap();
    let e = c.get_payment(REF).await.unwrap_err();
    assert!(matches!(e, VippsError::Connect(_)), "{e:?}");
    assert!(e.is_retryable());
    assert!(e.to_string().contains("cannot reach Vipps"));
}

#[test]
fn the_client_refuses_a_base_url_that_is_not_http() {
    assert!(matches!(
        VippsClient::new(&config("")),
        Err(VippsError::Invalid(_))
    ));
}
