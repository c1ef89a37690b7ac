//! ePayment after create: the state machine, capture/cancel/refund and their errors, the event
//! log, expiry on the clock, force-approve and the per-reference rate limits.

use crate::sim_support;

use kasse::sim::{SimConfig, SimError};
use reqwest::Method;
use serde_json::{json, Value};
use sim_support::*;
use std::time::Duration;

#[tokio::test]
async fn capture_cancel_refund_move_only_the_aggregate() {
    let env = Env::fast().await;
    let r = "flow-ref-0001";
    env.create(r, 10000, ALICE).await;
    let (s, v) = status_and_json(env.modify(r, "capture", "c0", &amount(100)).await).await;
    assert_eq!(
        (s, error_code(&v).as_deref()),
        (400, Some("6080")),
        "capture before authorization"
    );

    env.sim.approve_payment(r).unwrap();
    let (s, v) = status_and_json(env.modify(r, "capture", "c1", &amount(3000)).await).await;
    assert_eq!(s, 200);
    assert_eq!(v["state"], "AUTHORIZED");
    assert_eq!(v["aggregate"]["capturedAmount"]["value"], 3000);
    assert_eq!(v["reference"], r);
    assert!(v["pspReference"].is_string());
    let (s, v) = status_and_json(env.modify(r, "capture", "c2", &amount(8000)).await).await;
    assert_eq!(
        (s, error_code(&v).as_deref()),
        (400, Some("6090")),
        "above authorized"
    );
    let (s, _) = status_and_json(env.modify(r, "refund", "r1", &amount(1000)).await).await;
    assert_eq!(s, 200);
    let (s, v) = status_and_json(env.modify(r, "refund", "r2", &amount(2001)).await).await;
    assert_eq!(
        (s, error_code(&v).as_deref()),
        (400, Some("6150")),
        "above captured"
    );

    let mut cfg_env = env;
    let r2 = "flow-ref-0002";
    cfg_env.create(r2, 10000, BOB).await;
    cfg_env.sim.approve_payment(r2).unwrap();
    let (s, v) = status_and_json(
        cfg_env
            .modify(r2, "cancel", "x1", &json!({"cancelTransactionOnly": true}))
            .await,
    )
    .await;
    assert_eq!((s, error_code(&v).as_deref()), (400, Some("6060")));
    let (s, _) = status_and_json(cfg_env.modify(r2, "capture", "x2", &amount(4000)).await).await;
    assert_eq!(s, 200);
    let (s, v) = status_and_json(cfg_env.modify(r2, "cancel", "x3", &json!({})).await).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["state"], "AUTHORIZED",
        "state never changes after AUTHORIZED"
    );
    assert_eq!(v["aggregate"]["cancelledAmount"]["value"], 6000);
    let (s, v) = status_and_json(cfg_env.modify(r2, "capture", "x4", &amount(1)).await).await;
    assert_eq!(
        (s, error_code(&v).as_deref()),
        (400, Some("6090")),
        "remainder was cancelled"
    );

    let events: Vec<Value> = cfg_env
        .platform(Method::GET, &format!("/epayment/v1/payments/{r2}/events"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = events.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["CREATED", "AUTHORIZED", "CAPTURED", "CANCELLED"]);
    assert_eq!(events[2]["amount"]["value"], 4000);
    assert_eq!(events[2]["idempotencyKey"], "x2");
    assert!(events
        .iter()
        .all(|e| e["success"] == true && e["pspReference"].is_string()));

    // A fully captured payment cannot be cancelled.
    let r3 = "flow-ref-0003";
    cfg_env.create(r3, 500, ALICE).await;
    cfg_env.sim.approve_payment(r3).unwrap();
    assert_eq!(
        cfg_env
            .modify(r3, "capture", "y1", &amount(500))
            .await
            .status(),
        200
    );
    let (s, v) = status_and_json(cfg_env.modify(r3, "cancel", "y2", &json!({})).await).await;
    assert_eq!((s, error_code(&v).as_deref()), (400, Some("6040")));
    cfg_env.token = cfg_env.fetch_token().await;
    let (s, v) = status_and_json(
        cfg_env
            .modify(
                r3,
                "refund",
                "y3",
                &json!({"modificationAmount": {"currency": "NOK", "value": 0}}),
            )
            .await,
    )
    .await;
    assert_eq!((s, error_code(&v).as_deref()), (400, Some("4040")));
    let (s, v) = status_and_json(
        cfg_env
            .modify(r3, "refund", "y4", &json!({"amount": 1}))
            .await,
    )
    .await;
    assert_eq!(s, 400);
    assert!(fields(&v).contains(&"amount".to_string()));
    let (s, v) = status_and_json(
        cfg_env
            .modify("nope-00000000", "capture", "z", &amount(1))
            .await,
    )
    .await;
    assert_eq!((s, error_code(&v).as_deref()), (404, Some("5090")));
}

#[tokio::test]
async fn cancel_before_authorization_terminates_and_final_states_stay() {
    let env = Env::fast().await;
    env.create("term-ref-0001", 1000, ALICE).await;
    let r = env
        .platform(Method::POST, "/epayment/v1/payments/term-ref-0001/cancel")
        .json(&json!({"cancelTransactionOnly": true}))
        .send()
        .await
        .unwrap();
    let (s, v) = status_and_json(r).await;
    assert_eq!((s, v["state"].as_str()), (200, Some("TERMINATED")));
    assert!(matches!(
        env.sim.approve_payment("term-ref-0001"),
        Err(SimError::PaymentNotPending { .. })
    ));
    // Cancel without a body and without a key is allowed (spec 1.8.1).
    env.create("term-ref-0002", 1000, ALICE).await;
    let r = env
        .platform(Method::POST, "/epayment/v1/payments/term-ref-0002/cancel")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    env.create("abort-ref-0001", 1000, ALICE).await;
    env.sim.reject_payment("abort-ref-0001").unwrap();
    assert_eq!(env.get_payment("abort-ref-0001").await["state"], "ABORTED");
    assert!(env.sim.approve_payment("abort-ref-0001").is_err());
    env.create("exp-ref-00001", 1000, ALICE).await;
    env.sim.expire_payment("exp-ref-00001").unwrap();
    assert_eq!(env.get_payment("exp-ref-00001").await["state"], "EXPIRED");
    let (s, v) = status_and_json(
        env.modify("exp-ref-00001", "capture", "k", &amount(1))
            .await,
    )
    .await;
    assert_eq!((s, error_code(&v).as_deref()), (400, Some("6080")));
    assert!(matches!(
        env.sim.approve_payment("none-ref-0001"),
        Err(SimError::UnknownPayment(_))
    ));
}

#[tokio::test]
async fn payments_expire_on_the_configured_clock() {
    let env = Env::start(SimConfig {
        payment_expiry: Duration::from_millis(300),
        ..fast_config()
    })
    .await;
    env.create("soon-ref-0001", 1000, ALICE).await;
    eventually("the payment to expire", || async {
        (env.get_payment("soon-ref-0001").await["state"] == "EXPIRED").then_some(())
    })
    .await;
    assert!(env.sim.pending().is_empty());
}

#[tokio::test]
async fn force_approve_test_endpoint() {
    let env = Env::fast().await;
    env.create("force-ref-0001", 1000, ALICE).await;
    let approve = |phone: &str| {
        env.platform(
            Method::POST,
            "/epayment/v1/test/payments/force-ref-0001/approve",
        )
        .json(&json!({"customer": {"phoneNumber": phone}}))
        .send()
    };
    assert_eq!(
        approve(BOB).await.unwrap().status(),
        400,
        "not this payment's customer"
    );
    assert_eq!(approve(ALICE).await.unwrap().status(), 200);
    let p = env.get_payment("force-ref-0001").await;
    assert_eq!(p["state"], "AUTHORIZED");
    assert_eq!(p["aggregate"]["authorizedAmount"]["value"], 1000);
    assert_eq!(
        approve(ALICE).await.unwrap().status(),
        400,
        "already authorized"
    );
}

#[tokio::test]
async fn rate_limits_per_reference() {
    let defaults = SimConfig::default();
    assert_eq!(
        (
            defaults.modification_limit_per_minute,
            defaults.query_limit_per_minute
        ),
        (5, 120)
    );
    let env = Env::start(SimConfig {
        modification_limit_per_minute: 5,
        query_limit_per_minute: 3,
        ..fast_config()
    })
    .await;
    let r = "rate-ref-0001";
    env.create(r, 1000, ALICE).await;
    env.sim.approve_payment(r).unwrap();
    // The create does not count against the captures: each API has its own window.
    for i in 0..5 {
        assert_eq!(
            env.modify(r, "capture", &format!("k{i}"), &amount(10))
                .await
                .status(),
            200
        );
    }
    let limited = env.modify(r, "capture", "k5", &amount(10)).await;
    assert_eq!(limited.status(), 429, "6th capture within a minute");
    assert!(limited.headers().contains_key("retry-after"));
    // A refund and a cancel within the same minute are not throttled by the captures.
    assert_eq!(
        env.modify(r, "refund", "rk0", &amount(10)).await.status(),
        200,
        "refund has its own window"
    );
    assert_eq!(
        env.modify(r, "cancel", "ck0", &json!({})).await.status(),
        200,
        "cancel has its own window"
    );
    // Another reference has its own window.
    env.create("rate-ref-0002", 1000, ALICE).await;

    for _ in 0..3 {
        env.get_payment(r).await;
    }
    let r = env
        .platform(Method::GET, &format!("/epayment/v1/payments/{r}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
}
