//! ePayment: create validation, idempotency, the state machine, modifications, expiry,
//! force-approve and rate limits, over real HTTP.

mod sim_support;

use kasse::sim::{PendingKind, SimConfig, SimError};
use reqwest::Method;
use serde_json::{json, Value};
use sim_support::*;
use std::time::Duration;

fn amount(v: i64) -> Value {
    json!({"modificationAmount": {"currency": "NOK", "value": v}})
}

fn receipt() -> Value {
    json!({
        "orderLines": [{
            "name": "Socks", "id": "SKU-1", "totalAmount": 20000,
            "totalAmountExcludingTax": 16000, "totalTaxAmount": 4000, "taxRate": 2500,
            "unitInfo": {"unitPrice": 10000, "quantity": "2", "quantityUnit": "PCS"}
        }],
        "bottomLine": {"currency": "NOK", "posId": "till-1", "receiptNumber": "0001", "tipAmount": 0}
    })
}

/// Sets `path` (dot-separated) in a JSON object.
fn with(mut body: Value, path: &str, value: Value) -> Value {
    let mut cur = &mut body;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = &mut cur[*p];
    }
    cur[parts[parts.len() - 1]] = value;
    body
}

fn without(mut body: Value, key: &str) -> Value {
    body.as_object_mut().unwrap().remove(key);
    body
}

#[tokio::test]
async fn create_accepts_a_full_pos_request_and_get_shows_it() {
    let env = Env::fast().await;
    let mut body = Env::create_body("pos-oslo1-000123", 20000, ALICE);
    body["receipt"] = receipt();
    body["metadata"] = json!({"till": "1"});
    let r = env.create_with("k-000123", &body).await;
    let (status, v) = status_and_json(r).await;
    assert_eq!(status, 201);
    assert_eq!(
        v,
        json!({"reference": "pos-oslo1-000123"}),
        "no redirectUrl for PUSH_MESSAGE"
    );

    let p = env.get_payment("pos-oslo1-000123").await;
    assert_eq!(p["state"], "CREATED");
    assert_eq!(p["amount"], json!({"currency": "NOK", "value": 20000}));
    assert_eq!(p["aggregate"]["authorizedAmount"]["value"], 0);
    assert_eq!(p["paymentMethod"]["type"], "WALLET");
    assert_eq!(p["metadata"]["till"], "1");
    assert!(p["pspReference"].is_string());

    // The personal QR can name the customer instead of the phone number.
    let kari = env
        .sim
        .users()
        .into_iter()
        .find(|u| u.msisdn.as_str() == ALICE)
        .unwrap();
    let qr_body = with(
        Env::create_body("pos-oslo1-000124", 100, ALICE),
        "customer",
        json!({"personalQr": kari.qr_tokenized}),
    );
    assert_eq!(env.create_with("k-000124", &qr_body).await.status(), 201);
    match &env.sim.pending()[1].kind {
        PendingKind::Payment { msisdn, .. } => {
            assert_eq!(msisdn.as_ref().map(|m| m.as_str()), Some(ALICE))
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn create_validation_names_the_field() {
    let env = Env::fast().await;
    let base = Env::create_body("valid-ref-0001", 1000, ALICE);
    let cases: Vec<(Value, &str)> = vec![
        (with(base.clone(), "reference", json!("short")), "reference"),
        (
            with(base.clone(), "reference", json!("has space-123")),
            "reference",
        ),
        (
            with(base.clone(), "reference", json!("x".repeat(65))),
            "reference",
        ),
        (without(base.clone(), "reference"), "reference"),
        (without(base.clone(), "amount"), "amount"),
        (without(base.clone(), "paymentMethod"), "paymentMethod"),
        (without(base.clone(), "userFlow"), "userFlow"),
        (
            with(base.clone(), "amount.value", json!(65_000_001)),
            "amount.value",
        ),
        (
            with(base.clone(), "amount.value", json!(-1)),
            "amount.value",
        ),
        (
            with(base.clone(), "amount.value", json!(10.5)),
            "amount.value",
        ),
        (
            with(base.clone(), "amount.currency", json!("XYZ")),
            "amount.currency",
        ),
        (with(base.clone(), "userFlow", json!("PUSH")), "userFlow"),
        (without(base.clone(), "customer"), "customer"),
        (
            with(
                base.clone(),
                "customer",
                json!({"phoneNumber": ALICE, "personalQr": "https://qr.vipps.no/p/x"}),
            ),
            "customer",
        ),
        (
            with(base.clone(), "customer.phoneNumber", json!("+4791234567")),
            "customer.phoneNumber",
        ),
        (
            with(base.clone(), "customer", json!({"personalQr": "abc"})),
            "customer.personalQr",
        ),
        (
            with(base.clone(), "customerInteraction", json!("PRESENT")),
            "customerInteraction",
        ),
        (
            with(base.clone(), "paymentDescription", json!("ab")),
            "paymentDescription",
        ),
        (
            with(base.clone(), "paymentDescription", json!("x".repeat(101))),
            "paymentDescription",
        ),
        (
            with(base.clone(), "paymentMethod.type", json!("CASH")),
            "paymentMethod.type",
        ),
        (
            with(base.clone(), "unknownField", json!(true)),
            "unknownField",
        ),
        (
            with(
                base.clone(),
                "metadata",
                json!({"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}),
            ),
            "metadata",
        ),
        (
            with(base.clone(), "metadata", json!({"a": "x".repeat(501)})),
            "metadata.a",
        ),
        (
            with(base.clone(), "metadata", json!({"a": 1})),
            "metadata.a",
        ),
        (
            with(
                base.clone(),
                "receipt",
                json!({"orderLines": [], "bottomLine": {"currency": "NOK"}}),
            ),
            "receipt.orderLines",
        ),
        (
            with(
                base.clone(),
                "receipt",
                with(receipt(), "bottomLine", json!({"posId": "x"})),
            ),
            "receipt.bottomLine.currency",
        ),
        (
            with(base.clone(), "receipt", without(receipt(), "bottomLine")),
            "receipt.bottomLine",
        ),
        (
            with(
                base.clone(),
                "receipt",
                with(
                    receipt(),
                    "orderLines",
                    json!([{"name": "x", "id": "1", "totalAmount": 1, "totalAmountExcludingTax": 1, "totalTaxAmount": 0}]),
                ),
            ),
            "receipt.orderLines[0]",
        ),
        (
            with(
                base.clone(),
                "receipt",
                with(
                    receipt(),
                    "orderLines",
                    json!([{"id": "1", "totalAmount": 1, "totalAmountExcludingTax": 1, "totalTaxAmount": 0, "taxRate": 0}]),
                ),
            ),
            "receipt.orderLines[0].name",
        ),
        (
            with(
                base.clone(),
                "receipt",
                with(
                    receipt(),
                    "orderLines",
                    json!([{"name": "x", "id": "1", "totalAmount": 1, "totalAmountExcludingTax": 1, "totalTaxAmount": 0, "taxRate": 0, "unitInfo": {"unitPrice": 1, "quantity": "1,5"}}]),
                ),
            ),
            "receipt.orderLines[0].unitInfo.quantity",
        ),
        (
            with(
                base.clone(),
                "receipt",
                with(
                    receipt(),
                    "orderLines",
                    json!([{"name": "x", "id": "1", "totalAmount": 1, "totalAmountExcludingTax": 1, "totalTaxAmount": 0, "taxRate": 10001}]),
                ),
            ),
            "receipt.orderLines[0].taxRate",
        ),
        (
            with(
                with(base.clone(), "userFlow", json!("WEB_REDIRECT")),
                "customer",
                Value::Null,
            ),
            "returnUrl",
        ),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let r = env.create_with(&format!("validation-{i}"), &body).await;
        let (status, v) = status_and_json(r).await;
        assert_eq!(status, 400, "case {i}: {body}");
        assert!(
            fields(&v).iter().any(|f| f == field),
            "case {i}: expected {field} in {v}"
        );
        assert_eq!(error_code(&v), None, "schema errors carry no code: {v}");
        assert!(v["traceId"].is_string());
    }
    // Invalid JSON and a missing Idempotency-Key.
    let r = env
        .platform(Method::POST, "/epayment/v1/payments")
        .header("Idempotency-Key", "bad-json")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = env
        .platform(Method::POST, "/epayment/v1/payments")
        .json(&base)
        .send()
        .await
        .unwrap();
    let (status, v) = status_and_json(r).await;
    assert_eq!(
        (status, fields(&v)),
        (400, vec!["Idempotency-Key".to_string()])
    );
    let r = env.create_with(&"k".repeat(51), &base).await;
    assert_eq!(r.status(), 400);
    assert!(env.sim.pending().is_empty(), "nothing was created");
}

#[tokio::test]
async fn create_business_errors_carry_codes() {
    let env = Env::fast().await;
    let base = Env::create_body("coded-ref-0001", 1000, ALICE);
    let cases = vec![
        (
            with(base.clone(), "customer.phoneNumber", json!(NOBODY)),
            400,
            "7010",
        ),
        (
            with(base.clone(), "customer.phoneNumber", json!("4412345678")),
            400,
            "4070",
        ),
        (
            with(
                base.clone(),
                "customer",
                json!({"personalQr": "https://qr.vipps.no/p/unknown-token"}),
            ),
            400,
            "4060",
        ),
        (
            with(
                base.clone(),
                "customer",
                json!({"customerToken": "tok-123"}),
            ),
            400,
            "4050",
        ),
        (
            with(base.clone(), "amount.currency", json!("DKK")),
            400,
            "5040",
        ),
        (with(base.clone(), "amount.value", json!(99)), 400, "6010"),
    ];
    for (i, (body, status, code)) in cases.into_iter().enumerate() {
        let (s, v) = status_and_json(env.create_with(&format!("coded-{i}"), &body).await).await;
        assert_eq!(s, status, "case {i}: {v}");
        assert_eq!(error_code(&v).as_deref(), Some(code), "case {i}: {v}");
    }
}

#[tokio::test]
async fn idempotency_replays_and_conflicts() {
    let env = Env::fast().await;
    let body = Env::create_body("idem-ref-0001", 1000, ALICE);
    let (s1, v1) = status_and_json(env.create_with("key-1", &body).await).await;
    let (s2, v2) = status_and_json(env.create_with("key-1", &body).await).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(v1, v2);
    assert_eq!(env.sim.pending().len(), 1, "the replay created nothing");

    let other = with(body.clone(), "amount.value", json!(2000));
    let (s, v) = status_and_json(env.create_with("key-1", &other).await).await;
    assert_eq!((s, error_code(&v).as_deref()), (409, Some("4020")));

    let (s, v) = status_and_json(env.create_with("key-2", &body).await).await;
    assert_eq!(
        (s, error_code(&v).as_deref()),
        (409, Some("4150")),
        "reference already used"
    );

    // A 4xx answer stays attached to its key.
    let bad = with(
        Env::create_body("idem-ref-0002", 1000, NOBODY),
        "paymentDescription",
        json!("Fine description"),
    );
    let (s, v) = status_and_json(env.create_with("key-3", &bad).await).await;
    assert_eq!((s, error_code(&v).as_deref()), (400, Some("7010")));
    let (s, _) = status_and_json(env.create_with("key-3", &bad).await).await;
    assert_eq!(s, 400);

    env.sim.approve_payment("idem-ref-0001").unwrap();
    let cap1 = env
        .modify("idem-ref-0001", "capture", "cap-1", &amount(400))
        .await;
    let (s, c1) = status_and_json(cap1).await;
    assert_eq!(s, 200);
    let (s, c2) = status_and_json(
        env.modify("idem-ref-0001", "capture", "cap-1", &amount(400))
            .await,
    )
    .await;
    assert_eq!((s, &c1), (200, &c2), "replayed capture answers the same");
    assert_eq!(
        env.get_payment("idem-ref-0001").await["aggregate"]["capturedAmount"]["value"],
        400
    );
    let (s, v) = status_and_json(
        env.modify("idem-ref-0001", "capture", "cap-1", &amount(500))
            .await,
    )
    .await;
    assert_eq!((s, error_code(&v).as_deref()), (409, Some("4010")));
}

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
    for i in 0..4 {
        assert_eq!(
            env.modify(r, "capture", &format!("k{i}"), &amount(10))
                .await
                .status(),
            200
        );
    }
    let limited = env.modify(r, "capture", "k5", &amount(10)).await;
    assert_eq!(limited.status(), 429, "6th modification within a minute");
    assert!(limited.headers().contains_key("retry-after"));
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

#[tokio::test]
async fn redirect_flows_get_a_redirect_url() {
    let env = Env::fast().await;
    let body = json!({
        "amount": {"currency": "NOK", "value": 1000},
        "paymentMethod": {"type": "WALLET"},
        "reference": "web-ref-00001",
        "userFlow": "WEB_REDIRECT",
        "returnUrl": "https://example.com/back",
    });
    let (s, v) = status_and_json(env.create_with("web-1", &body).await).await;
    assert_eq!(s, 201);
    assert!(v["redirectUrl"].as_str().unwrap().starts_with(&env.base));
}
