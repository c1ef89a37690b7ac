//! The webhook listener over loopback: both HMAC vectors, every refusal, persistence before
//! the answer, deduplication and the hand-off to the till.

use crate::webhook_support;

use kasse::secret::Secret;
use kasse::vipps::EventName;
use kasse::webhook::{sign, RegisteredUrl, WebhookEvent};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use webhook_support::*;

const YEARS: Duration = Duration::from_secs(20 * 365 * 24 * 3600);
const WINDOW: Duration = Duration::from_secs(15 * 60);

const V2_DATE: &str = "Tue, 14 Apr 2026 10:15:30 GMT";
const V2_BODY: &str = r#"{"msn":"123456","reference":"pos-oslo1-20260414-000123","pspReference":"a3f1c2d4-1111-2222-3333-444455556666","name":"AUTHORIZED","amount":{"currency":"NOK","value":24900},"timestamp":"2026-04-14T10:15:29.512Z","idempotencyKey":"pos-oslo1-20260414-000123-create","success":true}"#;
const V2_HASH: &str = "PoP2UK4dgN/eiRD2RTTeka+DeKRZJLCX88R4no650/U=";
const V2_AUTH: &str = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=tzjXhcntEF6a1xfSZhO5jXz5fQe2SavZtMgr9GZNh7Q=";
const V2_KEY: &str =
    "epayment:pos-oslo1-20260414-000123:AUTHORIZED:a3f1c2d4-1111-2222-3333-444455556666";

async fn post(
    run: &Running,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> reqwest::Response {
    let mut rb = http().post(run.url(path)).body(body.to_string());
    for (k, v) in headers {
        rb = rb.header(*k, *v);
    }
    rb.send().await.unwrap()
}

fn v2_headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("x-ms-date", V2_DATE),
        ("x-ms-content-sha256", V2_HASH),
        ("authorization", V2_AUTH),
        ("content-type", "application/json"),
    ]
}

#[tokio::test]
async fn vector_2_is_persisted_handed_over_and_deduplicated() {
    // The vector's date is fixed, so the freshness window is opened wide for it.
    let mut run = start(config(URL, YEARS), 16).await;
    let r = post(
        &run,
        PATH,
        &[v2_headers(), vec![("x-echo", "echo-me-not")]].concat(),
        V2_BODY,
    )
    .await;
    assert_eq!(r.status(), 200);
    for (name, value) in r.headers() {
        assert!(
            !value.to_str().unwrap_or_default().contains("echo-me-not"),
            "{name}"
        );
    }
    assert_eq!(run.sink.count(), 1);
    assert_eq!(run.sink.body(V2_KEY).as_deref(), Some(V2_BODY.as_bytes()));
    let WebhookEvent::Payment(e) = run.rx.recv().await.unwrap() else {
        panic!("not a payment event")
    };
    assert_eq!(e.name, EventName::Authorized);
    assert_eq!(e.msn.as_deref(), Some("123456"));
    assert_eq!(e.amount.value, 24900);
    assert!(e.success);

    // A redelivery: 200, stored once, not handed over again.
    let r = post(&run, PATH, &v2_headers(), V2_BODY).await;
    assert_eq!(r.status(), 200);
    assert_eq!(run.sink.count(), 1);
    assert!(run.rx.try_recv().is_err());
    run.stop().await.unwrap();
}

#[tokio::test]
async fn vector_1_verifies_but_is_not_an_event() {
    let url = "https://webhook.site/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63";
    let mut cfg = config(url, YEARS);
    cfg.secrets = vec![Secret::new(
        "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A==",
    )];
    let mut run = start(cfg, 4).await;
    let headers = [
        ("x-ms-date", "Thu, 30 Mar 2023 08:38:32 GMT"),
        ("x-ms-content-sha256", "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4="),
        ("authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U="),
    ];
    let body = r#"{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}"#;
    // 400, not 401: the signature passed, the body is no payment event.
    let r = post(
        &run,
        "/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63",
        &headers,
        body,
    )
    .await;
    assert_eq!(r.status(), 400);
    let r = post(
        &run,
        "/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63",
        &headers,
        &format!("{body} "),
    )
    .await;
    assert_eq!(r.status(), 401);
    assert_eq!(run.sink.count(), 0);
    assert!(run.rx.try_recv().is_err());
}

#[tokio::test]
async fn refusals() {
    let mut run = start(config(URL, YEARS), 16).await;
    let nl = format!("{V2_BODY}\n");
    assert_eq!(
        post(&run, PATH, &v2_headers(), &nl).await.status(),
        401,
        "trailing newline"
    );
    let tampered = V2_BODY.replace("24900", "24901");
    assert_eq!(
        post(&run, PATH, &v2_headers(), &tampered).await.status(),
        401,
        "tampered"
    );

    let with_port =
        RegisteredUrl::parse("https://pos.example.com:8443/vipps/webhooks?store=oslo-1").unwrap();
    let h = sign(
        &with_port,
        &Secret::new(SECRET),
        V2_DATE,
        V2_BODY.as_bytes(),
    );
    assert!(h
        .authorization
        .ends_with("+cEMHgPT6B6wc2puK5MP/idD+dK8Q1RRDwl/XUTSHDo="));
    let hs = [
        ("x-ms-date", V2_DATE),
        ("x-ms-content-sha256", V2_HASH),
        ("authorization", h.authorization.as_str()),
    ];
    assert_eq!(
        post(&run, PATH, &hs, V2_BODY).await.status(),
        401,
        "host with port"
    );

    let h = sign(
        &RegisteredUrl::parse(URL).unwrap(),
        &Secret::new("wrong"),
        V2_DATE,
        V2_BODY.as_bytes(),
    );
    let hs = [
        ("x-ms-date", V2_DATE),
        ("x-ms-content-sha256", V2_HASH),
        ("authorization", h.authorization.as_str()),
    ];
    assert_eq!(
        post(&run, PATH, &hs, V2_BODY).await.status(),
        401,
        "wrong secret"
    );

    for missing in ["x-ms-date", "x-ms-content-sha256", "authorization"] {
        let hs: Vec<_> = v2_headers()
            .into_iter()
            .filter(|(k, _)| *k != missing)
            .collect();
        assert_eq!(
            post(&run, PATH, &hs, V2_BODY).await.status(),
            401,
            "missing {missing}"
        );
        let mut hs = v2_headers();
        let again = hs.iter().find(|(k, _)| *k == missing).copied().unwrap();
        hs.push(again);
        assert_eq!(
            post(&run, PATH, &hs, V2_BODY).await.status(),
            401,
            "duplicated {missing}"
        );
    }
    assert_eq!(run.sink.count(), 0);
    assert!(run.rx.try_recv().is_err());
    // After all that, the genuine delivery still goes through.
    assert_eq!(post(&run, PATH, &v2_headers(), V2_BODY).await.status(), 200);
}

#[tokio::test]
async fn the_date_must_be_fresh() {
    let run = start(config(URL, WINDOW), 16).await;
    assert_eq!(
        post(&run, PATH, &v2_headers(), V2_BODY).await.status(),
        401,
        "vector date is old"
    );
    let url = RegisteredUrl::parse(URL).unwrap();
    let secret = Secret::new(SECRET);
    for (offset_secs, ok) in [(-3600i64, false), (3600, false), (-60, true)] {
        let t = if offset_secs < 0 {
            SystemTime::now() - Duration::from_secs(offset_secs.unsigned_abs())
        } else {
            SystemTime::now() + Duration::from_secs(offset_secs as u64)
        };
        let body = event_body(
            &format!("ref-fresh-{}", offset_secs.unsigned_abs()),
            "CREATED",
            &format!("p{offset_secs}"),
        );
        let h = sign(&url, &secret, &httpdate::fmt_http_date(t), body.as_bytes());
        let hs = [
            ("x-ms-date", h.x_ms_date.as_str()),
            ("x-ms-content-sha256", h.x_ms_content_sha256.as_str()),
            ("authorization", h.authorization.as_str()),
        ];
        let status = post(&run, PATH, &hs, &body).await.status();
        assert_eq!(status == 200, ok, "offset {offset_secs}: {status}");
    }
    assert_eq!(run.sink.count(), 1);
}

#[tokio::test]
async fn size_limits_routes_and_methods() {
    let run = start(config(URL, WINDOW), 16).await;
    let client = http();
    // Signed and well-formed, but larger than the cap (4096 bytes).
    let big = event_body("ref-big-000001", "CREATED", &"p".repeat(5000));
    assert_eq!(post_signed(&client, &run, &big).await, 413);

    // The same without Content-Length: chunked, caught while reading.
    let h = sign(
        &RegisteredUrl::parse(URL).unwrap(),
        &Secret::new(SECRET),
        &now_date(),
        big.as_bytes(),
    );
    let mut s = tokio::net::TcpStream::connect(run.addr).await.unwrap();
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: pos.example.com\r\nTransfer-Encoding: chunked\r\nx-ms-date: {}\r\nx-ms-content-sha256: {}\r\nauthorization: {}\r\n\r\n",
        h.x_ms_date, h.x_ms_content_sha256, h.authorization
    );
    // One write: the whole request is in the listener's buffer before it answers.
    let mut request = head.into_bytes();
    for chunk in big.as_bytes().chunks(1000) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    s.write_all(&request).await.unwrap();
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(30), s.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    assert!(
        answer[..n].starts_with(b"HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&answer[..n])
    );

    let r = client.get(run.url(PATH)).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers().get("allow").unwrap(), "POST");
    let r = client
        .post(run.url("/somewhere/else"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Signed garbage is malformed, not unauthorized.
    assert_eq!(post_signed(&client, &run, "{not json").await, 400);
    assert_eq!(
        post_signed(&client, &run, r#"{"reference":"x"}"#).await,
        400
    );
    assert_eq!(run.sink.count(), 0);
}

#[tokio::test]
async fn login_pings_are_handed_over() {
    let mut run = start(config(URL, WINDOW), 16).await;
    let client = http();
    assert_eq!(
        post_signed(
            &client,
            &run,
            r#"{"auth_req_id":"VYGaaAMRkI6SyAm_uIywhxsN2K0"}"#
        )
        .await,
        200
    );
    assert_eq!(
        post_signed(
            &client,
            &run,
            r#"{"auth_req_id":"VYGaaAMRkI6SyAm_uIywhxsN2K0"}"#
        )
        .await,
        200
    );
    assert_eq!(
        run.rx.recv().await.unwrap(),
        WebhookEvent::LoginPing {
            auth_req_id: "VYGaaAMRkI6SyAm_uIywhxsN2K0".into()
        }
    );
    assert!(run.rx.try_recv().is_err());
    assert!(run
        .sink
        .body("login-ping:VYGaaAMRkI6SyAm_uIywhxsN2K0")
        .is_some());
}

#[tokio::test]
async fn a_store_failure_is_a_500_and_a_full_channel_still_a_200() {
    let mut run = start(config(URL, WINDOW), 1).await;
    let client = http();
    let first = event_body("ref-store-000001", "AUTHORIZED", "p1");
    run.sink.set_read_only(true);
    assert_eq!(post_signed(&client, &run, &first).await, 500);
    assert!(
        run.rx.try_recv().is_err(),
        "nothing handed over that was not stored"
    );
    run.sink.set_read_only(false);
    assert_eq!(post_signed(&client, &run, &first).await, 200);

    // The channel (capacity 1) is now full: the next event is stored and answered anyway.
    let second = event_body("ref-store-000001", "CAPTURED", "p2");
    assert_eq!(post_signed(&client, &run, &second).await, 200);
    assert_eq!(run.sink.count(), 2);
    assert!(
        matches!(run.rx.recv().await, Some(WebhookEvent::Payment(e)) if e.psp_reference == "p1")
    );
    assert!(run.rx.try_recv().is_err());
    run.stop().await.unwrap();
}

#[tokio::test]
async fn bad_configuration_is_refused_at_start() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (tx, _rx) = tokio::sync::mpsc::channel(1);
    let sink: std::sync::Arc<dyn kasse::webhook::EventSink> =
        std::sync::Arc::new(SqliteSink::open());
    let mut cfg = config(URL, WINDOW);
    cfg.secrets.clear();
    let e = kasse::webhook::serve(
        listener,
        cfg,
        sink.clone(),
        tx.clone(),
        std::future::pending(),
    )
    .await;
    assert_eq!(e.unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let e = kasse::webhook::serve(
        listener,
        config("not a url", WINDOW),
        sink,
        tx,
        std::future::pending(),
    )
    .await;
    assert_eq!(e.unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
}
