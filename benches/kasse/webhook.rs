//! The webhook path under load: signed deliveries from N keep-alive connections over loopback,
//! through the real listener (verify, persist in SQLite, hand-off on the channel), and the same
//! load against a bare hyper server that answers 200 and does nothing, side by side.

use crate::stats::{fmt, verdict, Samples};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use kasse::runtime::StoreSink;
use kasse::secret::Secret;
use kasse::store::Store;
use kasse::webhook::{
    self, sign, EventSink, ListenerConfig, RegisteredUrl, SinkError, WebhookEvent,
};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};

/// Deliveries per run; every one is a new event (its own reference), so every one is stored.
const REQUESTS: usize = 4_000;
const SECRET: &str = "bench-webhook-secret-0f3c9a7e";
const PATH: &str = "/vipps/webhooks";
const WAIT: Duration = Duration::from_secs(10);

/// One prepared delivery: signed before the clock starts, so the load generator only sends.
struct Delivery {
    body: Bytes,
    date: String,
    hash: String,
    auth: String,
}

pub struct LoadResult {
    pub server: &'static str,
    pub conns: usize,
    pub elapsed: Duration,
    pub latency: Samples,
}

impl LoadResult {
    pub fn per_sec(&self) -> f64 {
        self.latency.len() as f64 / self.elapsed.as_secs_f64()
    }
}

fn deliveries(url: &str, run: &str) -> anyhow::Result<Vec<Delivery>> {
    let url_parsed = RegisteredUrl::parse(url)?;
    let secret = Secret::new(SECRET);
    let date = httpdate::fmt_http_date(SystemTime::now());
    let mut out = Vec::with_capacity(REQUESTS);
    for i in 0..REQUESTS {
        let reference = format!("till1-bench-{run}-{i}");
        let body = format!(
            r#"{{"msn":"123456","reference":"{reference}","pspReference":"psp-{run}-{i}","name":"AUTHORIZED","amount":{{"currency":"NOK","value":24900}},"timestamp":"2026-04-14T10:15:29.512Z","idempotencyKey":"{reference}-create","success":true}}"#
        );
        let h = sign(&url_parsed, &secret, &date, body.as_bytes());
        out.push(Delivery {
            body: Bytes::from(body),
            date: h.x_ms_date,
            hash: h.x_ms_content_sha256,
            auth: h.authorization,
        });
    }
    Ok(out)
}

/// Send every delivery over `conns` keep-alive connections; each connection takes the next
/// delivery when its previous one is answered.
async fn load(
    addr: SocketAddr,
    deliveries: Arc<Vec<Delivery>>,
    conns: usize,
) -> anyhow::Result<(Duration, Vec<Duration>)> {
    let next = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (next, deliveries) = (next.clone(), deliveries.clone());
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(conn);
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(d) = deliveries.get(i) else { break };
                let req = Request::post(PATH)
                    .header("host", addr.to_string())
                    .header("content-type", "application/json")
                    .header("x-ms-date", &d.date)
                    .header("x-ms-content-sha256", &d.hash)
                    .header("authorization", &d.auth)
                    .body(Full::new(d.body.clone()))?;
                let sent = Instant::now();
                sender.ready().await?;
                let resp = sender.send_request(req).await?;
                let status = resp.status();
                resp.into_body().collect().await?;
                lat.push(sent.elapsed());
                anyhow::ensure!(status == StatusCode::OK, "delivery {i} answered {status}");
            }
            anyhow::Ok(lat)
        }));
    }
    let mut all = Vec::with_capacity(deliveries.len());
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((t0.elapsed(), all))
}

/// A sink that keeps nothing: the listener's own cost (HTTP, verify, parse, hand-off) without
/// the durable write, to show where the time goes.
struct NoStore;

impl EventSink for NoStore {
    fn persist(&self, _key: &str, _raw: &[u8]) -> Result<bool, SinkError> {
        Ok(true)
    }
}

/// The real listener with the given sink (the till's SQLite one, or none); returns its address, a stop switch and the
/// count of events handed off on the channel.
async fn start_kasse(
    sink: Arc<dyn EventSink>,
) -> anyhow::Result<(SocketAddr, oneshot::Sender<()>, Arc<AtomicUsize>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let cfg = ListenerConfig {
        registered_url: format!("http://{addr}{PATH}"),
        secrets: vec![Secret::new(SECRET)],
        max_body_bytes: 64 * 1024,
        max_age: Duration::from_secs(15 * 60),
    };
    let (tx, mut rx) = mpsc::channel::<WebhookEvent>(1024);
    let drained = Arc::new(AtomicUsize::new(0));
    let counter = drained.clone();
    // The till's loop, reduced to taking events off the channel.
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    let (stop_tx, stop_rx) = oneshot::channel();
    tokio::spawn(async move {
        let stopped = async {
            let _ = stop_rx.await;
        };
        if let Err(e) = webhook::serve(listener, cfg, sink, tx, stopped).await {
            eprintln!("webhook listener failed: {e}");
        }
    });
    Ok((addr, stop_tx, drained))
}

/// hyper answering 200 "ok" after reading the body: the floor the listener is compared with.
async fn start_bare() -> anyhow::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let service = service_fn(|req: Request<Incoming>| async move {
                    let _ = req.into_body().collect().await;
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"ok\n"))))
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok((addr, task))
}

pub async fn run(dir: &Path, conn_counts: &[usize]) -> anyhow::Result<Vec<LoadResult>> {
    // A fresh file each run, so runs compare.
    let path = dir.join("webhooks.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    // What the till runs: the events on their own connection (see `Store::open_for_signals`).
    let store = Arc::new(Mutex::new(Store::open_for_signals(&path)?));
    let mut out = Vec::new();
    for (k, &conns) in conn_counts.iter().enumerate() {
        let sinks: [(&'static str, Arc<dyn EventSink>); 2] = [
            (
                "kasse listener (verify + SQLite + channel)",
                Arc::new(StoreSink::new(store.clone())),
            ),
            (
                "kasse listener, no store (verify + channel)",
                Arc::new(NoStore),
            ),
        ];
        let mut d = None;
        for (j, (server, sink)) in sinks.into_iter().enumerate() {
            let (addr, stop, drained) = start_kasse(sink).await?;
            let run = format!("{k}-{j}");
            let ds = Arc::new(deliveries(&format!("http://{addr}{PATH}"), &run)?);
            let (elapsed, lat) = load(addr, ds.clone(), conns).await?;
            let deadline = Instant::now() + WAIT;
            while drained.load(Ordering::Relaxed) < REQUESTS && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            anyhow::ensure!(
                drained.load(Ordering::Relaxed) == REQUESTS,
                "only {} of {REQUESTS} events reached the channel",
                drained.load(Ordering::Relaxed)
            );
            let _ = stop.send(());
            out.push(LoadResult {
                server,
                conns,
                elapsed,
                latency: Samples::new(lat),
            });
            d.get_or_insert(ds);
        }
        let d = d.ok_or_else(|| anyhow::anyhow!("no deliveries"))?;
        let (addr, task) = start_bare().await?;
        let (elapsed, lat) = load(addr, d, conns).await?;
        task.abort();
        out.push(LoadResult {
            server: "bare hyper (200, nothing else)",
            conns,
            elapsed,
            latency: Samples::new(lat),
        });
    }
    Ok(out)
}

pub fn table(results: &[LoadResult]) -> String {
    let mut s = String::from(
        "| server | connections | requests | wall time | requests/s | p50 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in results {
        s += &format!(
            "| {} | {} | {} | {} | {:.0} | {} | {} | {} |\n",
            r.server,
            r.conns,
            r.latency.len(),
            fmt(r.elapsed),
            r.per_sec(),
            fmt(r.latency.median()),
            fmt(r.latency.pct(99.0)),
            fmt(r.latency.max()),
        );
    }
    s += "\n| connections | kasse / bare throughput | target ≥ 0.5 | without the store / bare |\n|---:|---:|---|---:|\n";
    for group in results.chunks(3) {
        if let [kasse, no_store, bare] = group {
            let ratio = kasse.per_sec() / bare.per_sec();
            s += &format!(
                "| {} | {:.3} | {} | {:.3} |\n",
                kasse.conns,
                ratio,
                verdict(ratio >= 0.5),
                no_store.per_sec() / bare.per_sec()
            );
        }
    }
    s
}
