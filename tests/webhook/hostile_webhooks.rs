//! Hostile webhook deliveries against the real listener over loopback, persisting into the
//! till's own SQLite store: forged, replayed, oversized, malformed, and raw garbage on the socket.

use kasse::secret::Secret;
use kasse::store::Store;
use kasse::webhook::{
    serve, sign, EventSink, ListenerConfig, RegisteredUrl, SinkError, WebhookEvent,
};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};

const URL: &str = "https://till.example.no/vipps/webhooks";
const PATH: &str = "/vipps/webhooks";
const SECRET: &str = "hostile-test-webhook-secret-7f3a";
const MAX_BODY: usize = 8192;
const WAIT: Duration = Duration::from_secs(30);

/// The till's own table behind the listener, as the runtime wires it (its sink is private).
struct StoreSink(Arc<Mutex<Store>>);

impl EventSink for StoreSink {
    fn persist(&self, dedupe_key: &str, raw: &[u8]) -> Result<bool, SinkError> {
        let mut store = self.0.lock().map_err(|e| SinkError(e.to_string()))?;
        store
            .insert_webhook_events(&[(dedupe_key, raw)])
            .map(|fresh| fresh[0])
            .map_err(|e| SinkError(e.to_string()))
    }
}

struct Till {
    addr: SocketAddr,
    store: Arc<Mutex<Store>>,
    rx: mpsc::Receiver<WebhookEvent>,
    _stop: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

async fn start() -> Till {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Mutex::new(
        Store::open(&dir.path().join("till.sqlite")).unwrap(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel(64);
    let (stop, stopped) = oneshot::channel::<()>();
    let cfg = ListenerConfig {
        registered_url: URL.into(),
        secrets: vec![Secret::new(SECRET)],
        max_body_bytes: MAX_BODY,
        max_age: Duration::from_secs(300),
    };
    let sink: Arc<dyn EventSink> = Arc::new(StoreSink(store.clone()));
    tokio::spawn(serve(listener, cfg, sink, tx, async move {
        let _ = stopped.await;
    }));
    Till {
        addr,
        store,
        rx,
        _stop: stop,
        _dir: dir,
    }
}

fn body(reference: &str, psp: &str) -> String {
    serde_json::json!({
        "msn": "123456", "reference": reference, "pspReference": psp, "name": "AUTHORIZED",
        "amount": {"currency": "NOK", "value": 24900}, "timestamp": "2026-11-26T07:00:00Z",
        "idempotencyKey": null, "success": true,
    })
    .to_string()
}

fn signed(secret: &str, body: &[u8]) -> Vec<(String, String)> {
    let h = sign(
        &RegisteredUrl::parse(URL).unwrap(),
        &Secret::new(secret),
        &httpdate::fmt_http_date(SystemTime::now()),
        body,
    );
    vec![
        ("x-ms-date".into(), h.x_ms_date),
        ("x-ms-content-sha256".into(), h.x_ms_content_sha256),
        ("authorization".into(), h.authorization),
        ("content-type".into(), "application/json".into()),
    ]
}

async fn post(t: &Till, headers: &[(String, String)], body: impl Into<reqwest::Body>) -> u16 {
    let client = reqwest::Client::builder().timeout(WAIT).build().unwrap();
    let mut rb = client.post(format!("http://{}{PATH}", t.addr)).body(body);
    for (k, v) in headers {
        rb = rb.header(k.as_str(), v.as_str());
    }
    rb.send().await.unwrap().status().as_u16()
}

fn stored(t: &Till) -> usize {
    t.store.lock().unwrap().webhook_events().unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_deliveries_are_refused_and_nothing_is_stored() {
    let mut t = start().await;
    let b = body("sale-1", "psp-1");
    // Signed with the wrong secret, an empty secret, a secret differing in one byte.
    for wrong in ["guess", "", "hostile-test-webhook-secret-7f3b"] {
        assert_eq!(
            post(&t, &signed(wrong, b.as_bytes()), b.clone()).await,
            401,
            "{wrong:?}"
        );
    }
    // A genuine signature over another body, replayed with this body.
    let other = body("sale-1", "psp-other");
    assert_eq!(
        post(&t, &signed(SECRET, other.as_bytes()), b.clone()).await,
        401
    );
    // Signed for another host (a delivery meant for another till).
    let elsewhere = sign(
        &RegisteredUrl::parse("https://evil.example.com/vipps/webhooks").unwrap(),
        &Secret::new(SECRET),
        &httpdate::fmt_http_date(SystemTime::now()),
        b.as_bytes(),
    );
    let hs = vec![
        ("x-ms-date".to_string(), elsewhere.x_ms_date),
        (
            "x-ms-content-sha256".to_string(),
            elsewhere.x_ms_content_sha256,
        ),
        ("authorization".to_string(), elsewhere.authorization),
    ];
    assert_eq!(post(&t, &hs, b.clone()).await, 401);
    // Old, correctly signed delivery (a captured one, replayed a day later).
    let old = sign(
        &RegisteredUrl::parse(URL).unwrap(),
        &Secret::new(SECRET),
        &httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(86_400)),
        b.as_bytes(),
    );
    let hs = vec![
        ("x-ms-date".to_string(), old.x_ms_date),
        ("x-ms-content-sha256".to_string(), old.x_ms_content_sha256),
        ("authorization".to_string(), old.authorization),
    ];
    assert_eq!(post(&t, &hs, b.clone()).await, 401);
    // Authorization schemes and encodings that are not the HMAC one.
    let mut hs = signed(SECRET, b.as_bytes());
    for auth in [
        "Bearer x",
        "HMAC-SHA256 SignedHeaders=x&Signature=%%%",
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=",
        "",
    ] {
        hs[2].1 = auth.to_string();
        assert_eq!(post(&t, &hs, b.clone()).await, 401, "{auth:?}");
    }
    assert_eq!(stored(&t), 0);
    assert!(t.rx.try_recv().is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_event_is_a_duplicate_and_handed_over_once() {
    let mut t = start().await;
    let b = body("sale-2", "psp-2");
    let hs = signed(SECRET, b.as_bytes());
    assert_eq!(post(&t, &hs, b.clone()).await, 200);
    let first = tokio::time::timeout(WAIT, t.rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.dedupe_key(), "epayment:sale-2:AUTHORIZED:psp-2");
    // The same delivery again, and again freshly signed: both 200 (so Vipps stops), no hand-off.
    assert_eq!(post(&t, &hs, b.clone()).await, 200);
    assert_eq!(
        post(&t, &signed(SECRET, b.as_bytes()), b.clone()).await,
        200
    );
    assert_eq!(stored(&t), 1);
    // A different event for the same sale is not a duplicate; it proves the channel is live, so
    // the absence of a second hand-off above is not just slowness.
    let captured = b.replace("AUTHORIZED", "CAPTURED");
    assert_eq!(
        post(&t, &signed(SECRET, captured.as_bytes()), captured).await,
        200
    );
    let next = tokio::time::timeout(WAIT, t.rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.dedupe_key(), "epayment:sale-2:CAPTURED:psp-2");
    assert!(t.rx.try_recv().is_err());
    assert_eq!(stored(&t), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_deliveries_are_refused_whether_declared_or_streamed() {
    let mut t = start().await;
    let mut big = body("sale-3", "psp-3");
    big.push_str(&" ".repeat(MAX_BODY));
    let hs = signed(SECRET, big.as_bytes());
    assert_eq!(post(&t, &hs, big.clone()).await, 413);
    // Chunked, with no content-length to refuse it up front.
    let mut chunked = Vec::new();
    for c in big.as_bytes().chunks(1000) {
        chunked.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        chunked.extend_from_slice(c);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut te = hs.clone();
    te.push(("transfer-encoding".into(), "chunked".into()));
    let status = raw_request(&t, &te, &chunked).await;
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    // A lying content-length header.
    let mut lying = hs.clone();
    lying.push(("content-length".into(), "not-a-number".into()));
    let status = raw_request(&t, &lying, big.as_bytes()).await;
    assert!(status.starts_with("HTTP/1.1 4"), "{status}");
    assert_eq!(stored(&t), 0);
    assert!(t.rx.try_recv().is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_but_signed_bodies_are_400_and_not_stored() {
    let mut t = start().await;
    let long_ref = "r".repeat(5000);
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"not json".to_vec(),
        b"{".to_vec(),
        b"[]".to_vec(),
        b"null".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x7b],
        br#"{"reference":"x"}"#.to_vec(),
        body("", "psp").into_bytes(),
        body(&long_ref[..MAX_BODY / 2], "psp").into_bytes(),
        body("sale", "psp").replace("24900", "1e999").into_bytes(),
        body("sale", "psp")
            .replace("AUTHORIZED", "\\ud800")
            .into_bytes(),
        "[".repeat(4000).into_bytes(),
        br#"{"auth_req_id":""}"#.to_vec(),
    ];
    for b in bodies {
        let status = post(&t, &signed(SECRET, &b), b.clone()).await;
        assert_eq!(
            status,
            400,
            "{}",
            String::from_utf8_lossy(&b[..b.len().min(60)])
        );
    }
    assert_eq!(stored(&t), 0);
    assert!(t.rx.try_recv().is_err());
    // And the listener still takes a good one.
    let good = body("sale-4", "psp-4");
    assert_eq!(post(&t, &signed(SECRET, good.as_bytes()), good).await, 200);
    assert!(tokio::time::timeout(WAIT, t.rx.recv())
        .await
        .unwrap()
        .is_some());
}

/// One request written by hand on a fresh connection; returns the status line.
async fn raw_request(t: &Till, headers: &[(String, String)], body: &[u8]) -> String {
    let mut s = tokio::net::TcpStream::connect(t.addr).await.unwrap();
    let mut req = format!("POST {PATH} HTTP/1.1\r\nhost: till.example.no\r\nconnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    // The server may answer and close before reading all of it: a write error is fine.
    let _ = s.write_all(&bytes).await;
    read_status(&mut s).await
}

async fn read_status(s: &mut tokio::net::TcpStream) -> String {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(WAIT, s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out);
    text.lines().next().unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_on_the_socket_does_not_take_the_listener_down() {
    let mut t = start().await;
    let garbage: Vec<Vec<u8>> = vec![
        vec![0u8; 64],
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(), // a TLS ClientHello
        b"POST /vipps/webhooks HTTP/9.9\r\n\r\n".to_vec(),
        format!("POST /{} HTTP/1.1\r\n\r\n", "a".repeat(70_000)).into_bytes(),
        b"POST /vipps/webhooks HTTP/1.1\r\nx-ms-date: \xff\xfe\r\n\r\n".to_vec(),
        b"POST /vipps/webhooks HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        b"GET /vipps/webhooks\x1b[2J HTTP/1.1\r\n\r\n".to_vec(),
    ];
    for g in garbage {
        let mut s = tokio::net::TcpStream::connect(t.addr).await.unwrap();
        let _ = s.write_all(&g).await;
        let _ = s.shutdown().await;
        let status = read_status(&mut s).await;
        assert!(
            status.is_empty()
                || status.starts_with("HTTP/1.1 4")
                || status.starts_with("HTTP/1.1 5"),
            "{status}"
        );
    }
    // A header with control bytes and a non-UTF-8 date, signed: refused as unauthorized.
    let b = body("sale-5", "psp-5");
    let mut hs = signed(SECRET, b.as_bytes());
    hs[0].1 = "Thu, 26 Nov 2026 07:00:00 GMT\u{7}".into();
    let status = raw_request(&t, &hs, b.as_bytes()).await;
    assert!(status.starts_with("HTTP/1.1 4"), "{status}");
    assert_eq!(stored(&t), 0);
    // Still serving.
    assert_eq!(
        post(&t, &signed(SECRET, b.as_bytes()), b.clone()).await,
        200
    );
    assert!(tokio::time::timeout(WAIT, t.rx.recv())
        .await
        .unwrap()
        .is_some());
}

/// Issue 17.16: 10,000 garbage requests wrote 9,190 log lines. Through the till's log writer
/// each refusing callsite writes at most `BURST` lines a minute; the whole flood fits in a few
/// dozen lines. (A current-thread runtime, so the listener logs into this test's subscriber.)
#[tokio::test]
async fn a_flood_of_garbage_requests_writes_a_few_log_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kasse.log");
    let writer = kasse::runtime::LogWriter::open(&path, 10 * 1024 * 1024, 3).unwrap();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(writer)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let t = start().await;
    let client = reqwest::Client::builder().timeout(WAIT).build().unwrap();
    let url = format!("http://{}{PATH}", t.addr);
    let mut refused = 0;
    for i in 0..10_000u32 {
        let status = client
            .post(&url)
            .header("x-ms-date", "garbage")
            .body(format!("{{not json {i}"))
            .send()
            .await
            .unwrap()
            .status();
        if status.is_client_error() {
            refused += 1;
        }
    }
    assert_eq!(refused, 10_000);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines = text.lines().count();
    eprintln!("10,000 garbage requests: {lines} log lines");
    assert!(lines > 0, "the refusals are logged");
    assert!(lines <= 50, "{lines} lines:\n{text}");
}
