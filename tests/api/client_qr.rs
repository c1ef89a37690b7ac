//! QR exchange and Check-in over loopback.

use crate::client_support;

use client_support::*;
use kasse::domain::{Country, Msisdn};
use kasse::vipps::VippsError;
use serde_json::json;

const QR: &str = "https://qr.vipps.no/28/2/01/031/4791234567?v=1";

#[tokio::test]
async fn exchange_turns_a_scan_into_a_phone_number() {
    let server = start(with_token(|s, n| match s.path.as_str() {
        "/qr/v1/exchange" if n == 0 => {
            Reply::json(200, json!({"msisdn":"4791234567","version":"1.0"}))
        }
        "/qr/v1/exchange" if n == 1 => Reply::json(
            200,
            json!({"msisdn":"4520123456","version":"2.0","timestamp":1634025600}),
        ),
        "/qr/v1/exchange" => Reply::problem(
            400,
            json!({"title":"Bad request","status":400,"detail":"Invalid QR code",
                   "extraDetails":[{"name":"qrCode","reason":"not a personal QR"}]}),
        ),
        _ => Reply::empty(404),
    }))
    .await;
    let c = client(&server);
    let m = c.exchange_qr(QR).await.unwrap();
    assert_eq!(m, Msisdn::parse("4791234567", Country::Norway).unwrap());
    let m = c
        .exchange_qr("https://qr.vipps.no/p/qwjhewqhueheuqwhuqwhe")
        .await
        .unwrap();
    assert_eq!(m.country(), Country::Denmark);
    let e = c.exchange_qr("garbage").await.unwrap_err();
    match e {
        VippsError::Problem {
            status: 400,
            extra,
            error_code: None,
            ..
        } => {
            assert_eq!(extra[0].name, "qrCode")
        }
        other => panic!("{other:?}"),
    }
    let sent = server.to("POST", "/qr/v1/exchange");
    assert_platform_headers(&sent[0], "token-0");
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    assert_eq!(
        sent[0].json(),
        json!({"qrCode": QR, "requestedData": ["MSISDN"]})
    );
    assert!(matches!(
        c.exchange_qr("").await,
        Err(VippsError::Invalid(_))
    ));
}

#[tokio::test]
async fn exchange_answer_that_is_not_a_phone_number_is_a_decode_error() {
    let server = start(with_token(|_, _| {
        Reply::json(200, json!({"msisdn":"12","version":"1.0"}))
    }))
    .await;
    let e = client(&server).exchange_qr(QR).await.unwrap_err();
    assert!(matches!(e, VippsError::Decode { status: 200, .. }), "{e:?}");
}

#[tokio::test]
async fn check_in_accepts_both_answer_shapes() {
    let server = start(with_token(|_, n| match n {
        0 => Reply::json(200, json!("7f1d7a4e-2b4c-4d3a-9f70-0c9b8a1e2d3f")),
        1 => Reply::json(200, json!({"id": "0a1b2c3d"})),
        2 => Reply::empty(200),
        _ => Reply::json(500, json!({"type":"x","title":"Internal Server Error",
                                     "detail":"not available in MT","instance":"/v1/loyalty-check-in"})),
    }))
    .await;
    let c = client(&server);
    let member = Msisdn::parse("4791234567", Country::Norway).unwrap();
    assert_eq!(
        c.check_in(&member, true).await.unwrap().as_deref(),
        Some("7f1d7a4e-2b4c-4d3a-9f70-0c9b8a1e2d3f")
    );
    assert_eq!(
        c.check_in(&member, false).await.unwrap().as_deref(),
        Some("0a1b2c3d")
    );
    assert_eq!(c.check_in(&member, true).await.unwrap(), None);
    let e = c.check_in(&member, true).await.unwrap_err();
    assert!(
        matches!(e, VippsError::Problem { status: 500, .. }),
        "{e:?}"
    );

    let sent = server.to("POST", "/point-of-sale/v1/loyalty-check-in");
    assert_eq!(sent.len(), 4, "check-in is never retried");
    assert_platform_headers(&sent[0], "token-0");
    assert_eq!(sent[0].header("idempotency-key"), None);
    assert_eq!(
        sent[0].json(),
        json!({"phoneNumber": "4791234567", "isMember": true})
    );
    assert_eq!(
        sent[1].json(),
        json!({"phoneNumber": "4791234567", "isMember": false})
    );

    let danish = Msisdn::parse("+45 20 12 34 56", Country::Denmark).unwrap();
    assert!(matches!(
        c.check_in(&danish, true).await,
        Err(VippsError::Invalid(_))
    ));
    assert_eq!(
        server
            .to("POST", "/point-of-sale/v1/loyalty-check-in")
            .len(),
        4
    );
}
