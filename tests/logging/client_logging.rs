//! Every call is logged, and no credential or token ever reaches the log.

use crate::client_support;

use client_support::*;
use kasse::domain::{Country, Msisdn};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_are_logged_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = start(with_token(|s, n| match (s.path.as_str(), n) {
        ("/qr/v1/exchange", 0) => Reply::json(401, json!({"error": "invalid_token"})),
        ("/qr/v1/exchange", _) => Reply::json(200, json!({"msisdn":"4791234567","version":"1.0"})),
        _ => Reply::problem(
            409,
            json!({"title":"Conflict","status":409,"traceId":"trace-abc-123"}),
        ),
    }))
    .await;
    let c = client(&server);
    assert!(!format!("{c:?}").contains(SUB_KEY));
    let phone = c
        .exchange_qr("https://qr.vipps.no/28/2/01/031/4791234567?v=1")
        .await
        .unwrap();
    assert_eq!(phone, Msisdn::parse("4791234567", Country::Norway).unwrap());
    let _ = c.get_payment("pos-oslo1-20260414-000123").await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("/qr/v1/exchange"), "{log}");
    assert!(log.contains("/accesstoken/get"));
    assert!(
        log.contains("status=409") && log.contains("trace-abc-123"),
        "{log}"
    );
    assert!(log.contains("elapsed_ms="));
    for secret in [CLIENT_SECRET, SUB_KEY, "token-0", "token-1"] {
        assert!(
            !log.contains(secret),
            "{secret} leaked into the log:\n{log}"
        );
    }
}
