//! The embedded webhook listener, wired to the store (persist before 2xx) and to the loop.

use super::convert::event_name;
use crate::config::Config;
use crate::secret::Secret;
use crate::store::{Registration, Store};
use crate::till::Msg;
use crate::vipps::VippsClient;
use crate::webhook::{self, EventSink, ListenerConfig, SinkError, WebhookEvent};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The path the till listens on and registers.
pub const PATH: &str = "/vipps/webhooks";

/// The events a till registers for: every ePayment outcome and the Login ping.
pub fn events() -> Vec<String> {
    crate::vipps::EVENTS.iter().map(|e| e.to_string()).collect()
}

/// At most this many deliveries share one commit.
const MAX_BATCH: usize = 256;

type Reply = std::sync::mpsc::SyncSender<Result<bool, SinkError>>;

struct Job {
    key: String,
    body: Vec<u8>,
    reply: Reply,
}

/// Verified events go to the `webhook_events` table, deduplicated, before the 2xx.
///
/// Group commit: one writer thread takes every delivery waiting at that moment and writes them
/// in one transaction, so concurrent deliveries share one fsync instead of queueing for one
/// each (the benchmark measured 0.02 of bare hyper's throughput with a commit per event). Each
/// delivery is still answered only after its own row is durable.
pub struct StoreSink {
    jobs: std::sync::mpsc::Sender<Job>,
}

impl StoreSink {
    /// Starts the writer thread; it ends when the sink is dropped.
    pub fn new(store: Arc<Mutex<Store>>) -> StoreSink {
        let (jobs, rx) = std::sync::mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("webhook-writer".into())
            .spawn(move || write_batches(&store, &rx));
        if let Err(e) = spawned {
            // Every delivery then gets a 5xx and is retried by Vipps; polling covers the till.
            tracing::error!(error = %e, "cannot start the webhook writer");
        }
        StoreSink { jobs }
    }
}

fn write_batches(store: &Mutex<Store>, rx: &std::sync::mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let events: Vec<(&str, &[u8])> = batch
            .iter()
            .map(|j| (j.key.as_str(), j.body.as_slice()))
            .collect();
        let written = match store.lock() {
            Ok(mut s) => s
                .insert_webhook_events(&events)
                .map_err(|e| SinkError(e.to_string())),
            Err(_) => Err(SinkError("database lock poisoned".into())),
        };
        match written {
            Ok(fresh) => {
                for (job, new) in batch.iter().zip(fresh) {
                    let _ = job.reply.send(Ok(new));
                }
            }
            Err(e) => {
                for job in &batch {
                    let _ = job.reply.send(Err(SinkError(e.0.clone())));
                }
            }
        }
    }
}

impl EventSink for StoreSink {
    fn persist(&self, dedupe_key: &str, raw_body: &[u8]) -> Result<bool, SinkError> {
        let (reply, answer) = std::sync::mpsc::sync_channel(1);
        let job = Job {
            key: dedupe_key.to_string(),
            body: raw_body.to_vec(),
            reply,
        };
        let gone = || SinkError("the webhook writer is not running".into());
        self.jobs.send(job).map_err(|_| gone())?;
        answer.recv().map_err(|_| gone())?
    }
}

/// Demo mode: listen on loopback and register with the simulator, so webhooks are live.
pub async fn start_demo(
    client: &VippsClient,
    store: Arc<Mutex<Store>>,
    tx: UnboundedSender<Msg>,
    pos_id: &str,
    stop: oneshot::Receiver<()>,
) -> Option<JoinHandle<()>> {
    let listener = match TcpListener::bind("127.0.0.1:0").await {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(error = %e, "demo: no webhook listener; polling only");
            return None;
        }
    };
    let port = listener.local_addr().ok()?.port();
    let url = format!("http://127.0.0.1:{port}{PATH}");
    let reg = match client.register_webhook(&url, &events()).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "demo: webhook registration failed; polling only");
            return None;
        }
    };
    let cfg = ListenerConfig {
        registered_url: url,
        secrets: vec![reg.secret],
        max_body_bytes: 64 * 1024,
        max_age: Duration::from_secs(15 * 60),
    };
    Some(serve(listener, cfg, store, tx, pos_id, stop))
}

/// Test and production: listen where the config says, with the secrets `kasse webhooks
/// register` stored for the configured public URL.
pub async fn start_configured(
    config: &Config,
    store: Arc<Mutex<Store>>,
    tx: UnboundedSender<Msg>,
    stop: oneshot::Receiver<()>,
) -> Option<JoinHandle<()>> {
    let (Some(addr), Some(url)) = (config.webhook.listen, config.webhook.public_url.clone()) else {
        tracing::info!("no webhook listener configured: polling only");
        return None;
    };
    let secrets: Vec<Secret> = {
        let guard = store.lock().ok()?;
        match guard.registrations() {
            Ok(regs) => regs
                .into_iter()
                .filter(|r: &Registration| r.url == url)
                .map(|r| r.secret)
                .collect(),
            Err(e) => {
                tracing::error!(error = %e, "cannot read webhook registrations");
                Vec::new()
            }
        }
    };
    if secrets.is_empty() {
        tracing::warn!(%url, "no registration for the public URL: run `kasse webhooks register`; polling only");
        return None;
    }
    let cfg = ListenerConfig::from_config(&config.webhook, secrets)?;
    let pos_id = config.shop.pos_id.clone();
    Some(tokio::spawn(async move {
        let Some((listener, stop)) = bind_with_retry(addr, &tx, stop).await else {
            return;
        };
        let _ = serve(listener, cfg, store, tx, &pos_id, stop).await;
    }))
}

/// The wait before bind attempt `failed + 1`: 1 s, doubling, at most 30 s. A port held by a
/// process that is going away (an old till, a restart of the proxy) is usually free soon.
pub(crate) fn bind_backoff(failed: u32) -> Duration {
    Duration::from_secs(1u64 << failed.saturating_sub(1).min(5)).min(Duration::from_secs(30))
}

/// Bind the listener, retrying with back-off while the port is busy (polling covers the till
/// meanwhile, and the status bar says it is retrying). `None` when the till stops first.
async fn bind_with_retry(
    addr: std::net::SocketAddr,
    tx: &UnboundedSender<Msg>,
    mut stop: oneshot::Receiver<()>,
) -> Option<(TcpListener, oneshot::Receiver<()>)> {
    let mut failed = 0u32;
    loop {
        match TcpListener::bind(addr).await {
            Ok(l) => {
                if failed > 0 {
                    tracing::info!(%addr, attempts = failed + 1, "webhook listener bound");
                }
                return Some((l, stop));
            }
            Err(e) => {
                failed += 1;
                let wait = bind_backoff(failed);
                // The first failure and then every tenth: a busy port for hours is one
                // line per few minutes, not one per try.
                if failed == 1 || failed % 10 == 0 {
                    tracing::warn!(%addr, error = %e, attempts = failed, retry_in_s = wait.as_secs(),
                        "cannot listen for webhooks; polling meanwhile, retrying");
                }
                let _ = tx.send(Msg::WebhooksRetrying {
                    retry_in_secs: wait.as_secs(),
                });
                tokio::select! {
                    _ = &mut stop => return None,
                    _ = tokio::time::sleep(wait) => {}
                }
            }
        }
    }
}

fn serve(
    listener: TcpListener,
    cfg: ListenerConfig,
    store: Arc<Mutex<Store>>,
    tx: UnboundedSender<Msg>,
    pos_id: &str,
    stop: oneshot::Receiver<()>,
) -> JoinHandle<()> {
    let (ev_tx, ev_rx) = mpsc::channel(1024);
    // The events get their own connection, so a burst of deliveries never queues behind the
    // till's own database work, and a lighter fsync rule (see `Store::open_for_signals`).
    let own = store
        .lock()
        .ok()
        .and_then(|s| s.path())
        .and_then(|p| Store::open_for_signals(&p).ok());
    let store = own.map(|s| Arc::new(Mutex::new(s))).unwrap_or(store);
    let sink: Arc<dyn EventSink> = Arc::new(StoreSink::new(store));
    let _ = tx.send(Msg::WebhooksLive(true));
    tokio::spawn(forward(ev_rx, tx.clone(), format!("{pos_id}-")));
    tokio::spawn(async move {
        let stopped = async {
            let _ = stop.await;
        };
        if let Err(e) = webhook::serve(listener, cfg, sink, ev_tx, stopped).await {
            tracing::error!(error = %e, "webhook listener stopped");
            let _ = tx.send(Msg::WebhooksLive(false));
        }
    })
}

/// Hand verified events to the loop. Events of the neighbouring tills on the same sales unit
/// (another pos id in the reference) are not this till's business.
async fn forward(mut rx: mpsc::Receiver<WebhookEvent>, tx: UnboundedSender<Msg>, prefix: String) {
    while let Some(ev) = rx.recv().await {
        let msg = match ev {
            WebhookEvent::Payment(p) if p.reference.starts_with(&prefix) => Msg::PaymentEvent {
                name: event_name(&p.name),
                reference: p.reference,
                success: p.success,
            },
            WebhookEvent::Payment(p) => {
                tracing::debug!(reference = %p.reference, "webhook for another till; ignored");
                continue;
            }
            WebhookEvent::LoginPing { auth_req_id } => Msg::LoginPing { auth_req_id },
        };
        if tx.send(msg).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(reference: &str) -> WebhookEvent {
        let body = format!(
            r#"{{"msn":"123456","reference":"{reference}","pspReference":"p-1","name":"AUTHORIZED",
               "amount":{{"currency":"NOK","value":100}},"timestamp":"2026-01-01T00:00:00Z",
               "success":true}}"#
        );
        WebhookEvent::parse(body.as_bytes()).unwrap()
    }

    #[test]
    fn bind_back_off_doubles_to_a_ceiling() {
        let waits: Vec<u64> = (1..=8).map(|n| bind_backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(bind_backoff(u32::MAX).as_secs(), 30);
    }

    #[tokio::test]
    async fn only_this_tills_payments_reach_the_loop() {
        let (ev_tx, ev_rx) = mpsc::channel(8);
        let (tx, mut rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(forward(ev_rx, tx, "till1-".into()));
        for r in ["till2-000001", "till10-000001", "till1-000007"] {
            ev_tx.send(event(r)).await.unwrap();
        }
        ev_tx
            .send(WebhookEvent::LoginPing {
                auth_req_id: "a1".into(),
            })
            .await
            .unwrap();
        drop(ev_tx);
        task.await.unwrap();
        let mut got = Vec::new();
        while let Ok(m) = rx.try_recv() {
            got.push(m);
        }
        assert_eq!(
            got,
            vec![
                Msg::PaymentEvent {
                    reference: "till1-000007".into(),
                    name: crate::till::EventName::Authorized,
                    success: true
                },
                Msg::LoginPing {
                    auth_req_id: "a1".into()
                }
            ]
        );
    }
}
