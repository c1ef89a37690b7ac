//! ePayment create: the full POS request, schema validation, coded business errors,
//! idempotency, profile sharing and redirect flows, over real HTTP.

use crate::sim_support;

use kasse::sim::PendingKind;
use reqwest::Method;
use serde_json::{json, Value};
use sim_support::*;

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
        (
            with(base.clone(), "expiresAt", json!("2030-01-01T00:00:00Z")),
            400,
            "5050",
        ),
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

    let (s, _) = status_and_json(
        env.modify("idem-ref-0001", "refund", "ref-1", &amount(100))
            .await,
    )
    .await;
    assert_eq!(s, 200);
    let (s, v) = status_and_json(
        env.modify("idem-ref-0001", "refund", "ref-1", &amount(200))
            .await,
    )
    .await;
    assert_eq!((s, error_code(&v).as_deref()), (409, Some("4150")));
    let (s, first) = status_and_json(
        env.modify("idem-ref-0001", "cancel", "can-1", &json!({}))
            .await,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(first["aggregate"]["cancelledAmount"]["value"], 600);
    let (s, again) = status_and_json(
        env.modify("idem-ref-0001", "cancel", "can-1", &json!({}))
            .await,
    )
    .await;
    assert_eq!((s, &again), (200, &first));
    let other = json!({"cancelTransactionOnly": true});
    let (s, v) =
        status_and_json(env.modify("idem-ref-0001", "cancel", "can-1", &other).await).await;
    assert_eq!((s, error_code(&v).as_deref()), (409, Some("4020")));
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

#[tokio::test]
async fn profile_sharing_gives_sub_after_authorization() {
    let env = Env::fast().await;
    let body = with(
        Env::create_body("prof-ref-0001", 1000, BOB),
        "profile",
        json!({"scope": "name phoneNumber"}),
    );
    assert_eq!(env.create_with("prof-1", &body).await.status(), 201);
    assert_eq!(env.get_payment("prof-ref-0001").await["profile"], json!({}));
    env.sim.approve_payment("prof-ref-0001").unwrap();
    let ola = env
        .sim
        .users()
        .into_iter()
        .find(|u| u.msisdn.as_str() == BOB)
        .unwrap();
    assert_eq!(
        env.get_payment("prof-ref-0001").await["profile"]["sub"],
        ola.sub
    );

    // Without profile sharing the payment never reveals who paid.
    env.create("prof-ref-0002", 1000, BOB).await;
    env.sim.approve_payment("prof-ref-0002").unwrap();
    assert_eq!(env.get_payment("prof-ref-0002").await["profile"], json!({}));
}

#[tokio::test]
async fn danish_and_finnish_customers_pay_in_the_markets_currency() {
    let dk = Env::start(kasse::sim::SimConfig {
        country: kasse::domain::Country::Denmark,
        ..fast_config()
    })
    .await;
    let dane = dk
        .sim
        .users()
        .into_iter()
        .find(|u| u.msisdn.as_str().starts_with("45"))
        .unwrap();
    let body = with(
        Env::create_body("dk-ref-00001", 1, dane.msisdn.as_str()),
        "amount.currency",
        json!("DKK"),
    );
    assert_eq!(
        dk.create_with("dk-1", &body).await.status(),
        201,
        "DKK minimum is 1 øre"
    );
    let nok = Env::create_body("dk-ref-00002", 1000, dane.msisdn.as_str());
    let (s, v) = status_and_json(dk.create_with("dk-2", &nok).await).await;
    assert_eq!((s, error_code(&v).as_deref()), (400, Some("5040")));

    let finn = dk
        .sim
        .users()
        .into_iter()
        .find(|u| u.msisdn.as_str().starts_with("358"))
        .unwrap();
    assert_eq!(finn.msisdn.as_str().len(), 12);
}
