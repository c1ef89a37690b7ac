//! The webhook tests' parts: a real SQLite sink in a temp dir, a running listener and a
//! signed-delivery helper.

#![allow(dead_code)]

use kasse::secret::Secret;
use kasse::webhook::{
    serve, sign, EventSink, ListenerConfig, RegisteredUrl, SinkError, WebhookEvent,
};
use rusqlite::Connection;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::sync::{mpsc, oneshot};

pub const URL: &str = "https://pos.example.com/vipps/webhooks?store=oslo-1";
pub const PATH: &str = "/vipps/webhooks?store=oslo-1";
pub const SECRET: &str = "5b0a7c1e-8d3f-4c2a-9e61-2f4b7d9a0c13";

/// Events in a real SQLite file, deduplicated by primary key.
pub struct SqliteSink {
    conn: Mutex<Connection>,
    _dir: tempfile::TempDir,
}

impl SqliteSink {
    pub fn open() -> SqliteSink {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("events.sqlite")).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE webhook_events (dedupe_key TEXT PRIMARY KEY, body BLOB NOT NULL);",
        )
        .unwrap();
        SqliteSink {
            conn: Mutex::new(conn),
            _dir: dir,
        }
    }

    pub fn count(&self) -> i64 {
        self.conn
            .lock()
            .unwrap()
            .query_row("SELECT count(*) FROM webhook_events", [], |r| r.get(0))
            .unwrap()
    }

    pub fn body(&self, key: &str) -> Option<Vec<u8>> {
        self.conn
            .lock()
            .unwrap()
            .query_row(
                "SELECT body FROM webhook_events WHERE dedupe_key = ?1",
                [key],
                |r| r.get(0),
            )
            .ok()
    }

    /// Make every write fail (a real SQLite error), or allow writes again.
    pub fn set_read_only(&self, on: bool) {
        let sql = if on {
            "PRAGMA query_only = ON"
        } else {
            "PRAGMA query_only = OFF"
        };
        self.conn.lock().unwrap().execute_batch(sql).unwrap();
    }
}

impl EventSink for SqliteSink {
    fn persist(&self, dedupe_key: &str, raw_body: &[u8]) -> Result<bool, SinkError> {
        let conn = self.conn.lock().map_err(|e| SinkError(e.to_string()))?;
        let n = conn
            .execute(
                "INSERT OR IGNORE INTO webhook_events (dedupe_key, body) VALUES (?1, ?2)",
                rusqlite::params![dedupe_key, raw_body],
            )
            .map_err(|e| SinkError(e.to_string()))?;
        Ok(n == 1)
    }
}

pub struct Running {
    pub addr: SocketAddr,
    pub sink: Arc<SqliteSink>,
    pub rx: mpsc::Receiver<WebhookEvent>,
    stop: Option<oneshot::Sender<()>>,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://{}{path_and_query}", self.addr)
    }

    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.task.await.unwrap()
    }
}

pub fn config(registered_url: &str, max_age: Duration) -> ListenerConfig {
    ListenerConfig {
        registered_url: registered_url.into(),
        secrets: vec![Secret::new("an-older-secret"), Secret::new(SECRET)],
        max_body_bytes: 4096,
        max_age,
    }
}

pub async fn start(cfg: ListenerConfig, channel: usize) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sink = Arc::new(SqliteSink::open());
    let (tx, rx) = mpsc::channel(channel);
    let (stop, stopped) = oneshot::channel::<()>();
    let sink_dyn: Arc<dyn EventSink> = sink.clone();
    let task = tokio::spawn(serve(listener, cfg, sink_dyn, tx, async move {
        let _ = stopped.await;
    }));
    Running {
        addr,
        sink,
        rx,
        stop: Some(stop),
        task,
    }
}

pub fn event_body(reference: &str, name: &str, psp: &str) -> String {
    format!(
        r#"{{"msn":"123456","reference":"{reference}","pspReference":"{psp}","name":"{name}","amount":{{"currency":"NOK","value":24900}},"timestamp":"2026-04-14T10:15:29.512Z","idempotencyKey":"{reference}-create","success":true}}"#
    )
}

pub fn now_date() -> String {
    httpdate::fmt_http_date(SystemTime::now())
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// POST `body` signed for `URL` with `SECRET` and the current date.
pub async fn post_signed(client: &reqwest::Client, run: &Running, body: &str) -> u16 {
    let h = sign(
        &RegisteredUrl::parse(URL).unwrap(),
        &Secret::new(SECRET),
        &now_date(),
        body.as_bytes(),
    );
    client
        .post(run.url(PATH))
        .header("x-ms-date", h.x_ms_date)
        .header("x-ms-content-sha256", h.x_ms_content_sha256)
        .header("authorization", h.authorization)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}
