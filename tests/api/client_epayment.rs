//! ePayment calls over loopback: exact headers and bodies, answers and errors.

use crate::client_support;

use client_support::*;
use kasse::domain::{BottomLine, Country, Currency, Money, Msisdn, OrderLine, Receipt, UnitInfo};
use kasse::vipps::{CreatePayment, Customer, EventName, PaymentState, VippsError};
use serde_json::json;
use std::collections::BTreeMap;

const REF: &str = "pos-oslo1-20260414-000123";

fn payment_json(state: &str) -> serde_json::Value {
    json!({"aggregate":{"authorizedAmount":{"currency":"NOK","value":32900},
            "cancelledAmount":{"currency":"NOK","value":0},
            "capturedAmount":{"currency":"NOK","value":0},
            "refundedAmount":{"currency":"NOK","value":0}},
     "amount":{"currency":"NOK","value":32900},"state":state,
     "paymentMethod":{"type":"WALLET"},"profile":{},
     "pspReference":"37c34d8c-2649-448e-864b-060d5d93e4c4","reference":REF,
     "someFieldFromTheFuture":{"x":1}})
}

fn receipt() -> Receipt {
    Receipt {
        order_lines: vec![OrderLine {
            name: "Socks".into(),
            id: "SKU-1001".into(),
            total_amount: 32900,
            total_amount_excluding_tax: 26320,
            total_tax_amount: 6580,
            tax_rate: 2500,
            discount: None,
            unit_info: UnitInfo {
                unit_price: 32900,
                quantity: "1".into(),
                quantity_unit: "PCS".into(),
            },
        }],
        bottom_line: BottomLine {
            currency: Currency::Nok,
            pos_id: "oslo1".into(),
            receipt_number: "000123".into(),
        },
    }
}

fn create_request(customer: Customer) -> CreatePayment {
    CreatePayment {
        amount: Money::new(32900, Currency::Nok),
        customer,
        reference: REF.into(),
        description: "Acme Store Oslo, kvittering 000123".into(),
        receipt: Some(receipt()),
        metadata: BTreeMap::from([("till".to_string(), "oslo1".to_string())]),
    }
}

#[tokio::test]
async fn create_sends_the_spec_body_and_headers() {
    let server = start(with_token(|s, _| match s.path.as_str() {
        "/epayment/v1/payments" => Reply::json(201, json!({"reference": REF})),
        _ => Reply::empty(404),
    }))
    .await;
    let c = client(&server);
    let phone = Msisdn::parse("+47 912 34 567", Country::Norway).unwrap();
    let created = c
        .create_payment(
            &create_request(Customer::PhoneNumber(phone)),
            "key-create-1",
        )
        .await
        .unwrap();
    assert_eq!(created.reference, REF);
    assert_eq!(created.redirect_url, None);

    let token = server.to("POST", "/accesstoken/get");
    assert_eq!(token.len(), 1);
    let t = &token[0];
    assert_eq!(t.header("client_id"), Some(CLIENT_ID));
    assert_eq!(t.header("client_secret"), Some(CLIENT_SECRET));
    assert_eq!(t.header("ocp-apim-subscription-key"), Some(SUB_KEY));
    assert_eq!(t.header("merchant-serial-number"), Some(MSN));
    assert!(t.body.is_empty());
    assert_eq!(t.header("content-length"), Some("0"));
    assert_eq!(t.header_count("content-length"), 1);

    let sent = &server.to("POST", "/epayment/v1/payments")[0];
    assert_platform_headers(sent, "token-0");
    assert_eq!(sent.header("idempotency-key"), Some("key-create-1"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        sent.json(),
        json!({
            "amount": {"currency": "NOK", "value": 32900},
            "paymentMethod": {"type": "WALLET"},
            "customer": {"phoneNumber": "4791234567"},
            "customerInteraction": "CUSTOMER_PRESENT",
            "reference": REF,
            "userFlow": "PUSH_MESSAGE",
            "paymentDescription": "Acme Store Oslo, kvittering 000123",
            "receipt": {
                "orderLines": [{"name": "Socks", "id": "SKU-1001", "totalAmount": 32900,
                    "totalAmountExcludingTax": 26320, "totalTaxAmount": 6580, "taxRate": 2500,
                    "unitInfo": {"unitPrice": 32900, "quantity": "1", "quantityUnit": "PCS"}}],
                "bottomLine": {"currency": "NOK", "posId": "oslo1", "receiptNumber": "000123"}
            },
            "metadata": {"till": "oslo1"}
        })
    );

    // The other two customer forms serialise as exactly one field.
    c.create_payment(
        &create_request(Customer::PersonalQr("https://qr.vipps.no/p/abcdef".into())),
        "key-create-2",
    )
    .await
    .unwrap();
    c.create_payment(
        &create_request(Customer::CustomerToken("tok-1".into())),
        "key-create-3",
    )
    .await
    .unwrap();
    let sent = server.to("POST", "/epayment/v1/payments");
    assert_eq!(
        sent[1].json()["customer"],
        json!({"personalQr": "https://qr.vipps.no/p/abcdef"})
    );
    assert_eq!(
        sent[2].json()["customer"],
        json!({"customerToken": "tok-1"})
    );
    // One token served all three calls.
    assert_eq!(server.to("POST", "/accesstoken/get").len(), 1);
}

#[tokio::test]
async fn get_events_and_modifications() {
    let server = start(with_token(|s, _| {
        let base = format!("/epayment/v1/payments/{REF}");
        let p = s.path.as_str();
        if p == base && s.method == "GET" {
            Reply::json(200, payment_json("AUTHORIZED"))
        } else if p == format!("{base}/events") {
            Reply::json(
                200,
                json!([
                    {"reference":REF,"pspReference":"p1","name":"CREATED",
                     "amount":{"currency":"NOK","value":32900},"timestamp":"2026-04-14T10:15:00Z",
                     "idempotencyKey":"key-create-1","success":true},
                    {"reference":REF,"pspReference":"p2","name":"SOMETHING_NEW",
                     "amount":{"currency":"NOK","value":32900},"timestamp":"2026-04-14T10:15:29Z",
                     "idempotencyKey":null,"success":false}
                ]),
            )
        } else if p.starts_with(&base) && s.method == "POST" {
            // The spec labels the 200 body of modifications as problem+json.
            let mut body = payment_json("AUTHORIZED");
            body["aggregate"]["capturedAmount"]["value"] = json!(32900);
            Reply::problem(200, body)
        } else {
            Reply::empty(404)
        }
    }))
    .await;
    let c = client(&server);
    let nok = |v| Money::new(v, Currency::Nok);

    let p = c.get_payment(REF).await.unwrap();
    assert_eq!(p.state, PaymentState::Authorized);
    assert!(p.state.is_final());
    assert_eq!(p.aggregate.authorized_amount.to_money(), Some(nok(32900)));
    let events = c.payment_events(REF).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].name, EventName::Created);
    assert_eq!(events[1].name, EventName::Other("SOMETHING_NEW".into()));
    assert_eq!(events[1].idempotency_key, None);
    assert!(!events[1].success);

    let m = c.capture(REF, nok(32900), "key-capture-1").await.unwrap();
    assert_eq!(m.aggregate.captured_amount.value, 32900);
    c.cancel(REF, true, "key-cancel-1").await.unwrap();
    c.cancel(REF, false, "key-cancel-2").await.unwrap();
    c.refund(REF, nok(1000), "key-refund-1").await.unwrap();

    let base = format!("/epayment/v1/payments/{REF}");
    let get = &server.to("GET", &base)[0];
    assert_platform_headers(get, "token-0");
    assert!(get.body.is_empty());
    assert_eq!(get.header("idempotency-key"), None);
    let capture = &server.to("POST", &format!("{base}/capture"))[0];
    assert_platform_headers(capture, "token-0");
    assert_eq!(capture.header("idempotency-key"), Some("key-capture-1"));
    assert_eq!(
        capture.json(),
        json!({"modificationAmount": {"currency": "NOK", "value": 32900}})
    );
    let cancels = server.to("POST", &format!("{base}/cancel"));
    assert_eq!(cancels[0].json(), json!({"cancelTransactionOnly": true}));
    assert_eq!(cancels[0].header("idempotency-key"), Some("key-cancel-1"));
    assert_eq!(cancels[1].json(), json!({}));
    let refund = &server.to("POST", &format!("{base}/refund"))[0];
    assert_eq!(refund.header("idempotency-key"), Some("key-refund-1"));
    assert_eq!(
        refund.json(),
        json!({"modificationAmount": {"currency": "NOK", "value": 1000}})
    );
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let server = start(|_, _| Reply::empty(500)).await;
    let c = client(&server);
    let phone = Msisdn::parse("4791234567", Country::Norway).unwrap();
    let mut bad_ref = create_request(Customer::PhoneNumber(phone.clone()));
    bad_ref.reference = "../../admin".into();
    let mut bad_desc = create_request(Customer::PhoneNumber(phone.clone()));
    bad_desc.description = "x".repeat(101);
    let mut bad_qr = create_request(Customer::PersonalQr("abc".into()));
    bad_qr.description = "ok description".into();
    for req in [bad_ref, bad_desc, bad_qr] {
        let e = c.create_payment(&req, "key-1").await.unwrap_err();
        assert!(matches!(e, VippsError::Invalid(_)), "{e}");
    }
    let good = create_request(Customer::PhoneNumber(phone));
    let long_key = "k".repeat(51);
    assert!(matches!(
        c.create_payment(&good, &long_key).await,
        Err(VippsError::Invalid(_))
    ));
    assert!(matches!(
        c.get_payment("a/b?c=1&dddd").await,
        Err(VippsError::Invalid(_))
    ));
    assert!(matches!(
        c.capture(REF, Money::new(-1, Currency::Nok), "k").await,
        Err(VippsError::Invalid(_))
    ));
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn problem_status_and_decode_errors() {
    let server = start(with_token(|s, _| match s.path.as_str() {
        p if p.ends_with("/capture") => Reply::problem(
            400,
            json!({"type":"https://developer.vippsmobilepay.com/docs/APIs/epayment-api/api-guide/errors",
                   "title":"Cannot capture before reservation","detail":"The payment is not authorized",
                   "status":400,"instance":"/v1/payments/x/capture","traceId":"00-813b-01",
                   "extraDetails":[{"name":"ErrorCode","reason":"6080"}]}),
        ),
        p if p.ends_with("/events") => Reply::json(200, json!({"not": "a list"})),
        p if p.ends_with("/cancel") => Reply {
            status: 404,
            headers: vec![("content-type", "text/html".into())],
            body: "<html>not here</html>".into(),
            delay: None,
        },
        _ => Reply::empty(404),
    }))
    .await;
    let c = client(&server);
    let e = c
        .capture(REF, Money::new(100, Currency::Nok), "key-capture-x")
        .await
        .unwrap_err();
    match &e {
        VippsError::Problem {
            status,
            title,
            detail,
            trace_id,
            error_code,
            extra,
        } => {
            assert_eq!(*status, 400);
            assert_eq!(title, "Cannot capture before reservation");
            assert_eq!(detail.as_deref(), Some("The payment is not authorized"));
            assert_eq!(trace_id.as_deref(), Some("00-813b-01"));
            assert_eq!(error_code.as_deref(), Some("6080"));
            assert_eq!(extra.len(), 1);
        }
        other => panic!("not a problem: {other:?}"),
    }
    assert!(!e.is_retryable());
    assert!(e.to_string().contains("6080"));
    // A 4xx is not retried.
    assert_eq!(
        server
            .to("POST", &format!("/epayment/v1/payments/{REF}/capture"))
            .len(),
        1
    );

    let e = c.payment_events(REF).await.unwrap_err();
    assert!(
        matches!(&e, VippsError::Decode { status: 200, body, .. } if body.contains("a list")),
        "{e:?}"
    );
    let e = c.cancel(REF, true, "key-c").await.unwrap_err();
    assert!(
        matches!(&e, VippsError::Status { status: 404, body } if body.contains("not here")),
        "{e:?}"
    );
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let server = start(|_, _| Reply::json(401, json!({"error": "invalid_client"}))).await;
    let c = client(&server);
    let e = c.get_payment(REF).await.unwrap_err();
    let shown = format!("{e:?} {e}");
    for secret in [CLIENT_SECRET, SUB_KEY] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert_eq!(e.status(), Some(401));
}
