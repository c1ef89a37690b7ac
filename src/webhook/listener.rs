//! The embedded webhook listener: verify, persist, answer, then hand the event to the till.
//!
//! The order matters: an event is committed to the database before Vipps gets its 2xx (or
//! Vipps would not retry one lost on the way), and the till's channel is never waited on (the
//! till reconciles by polling if it misses an event). The commit is `synchronous = NORMAL`
//! (`Store::open_for_signals`): a power cut may take the last acknowledged events with it,
//! which is safe only because an event is a signal and a GET of the payment is the truth.

use super::event::WebhookEvent;
use super::verify::{verify, Received, RegisteredUrl, VerifyError};
use crate::secret::Secret;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::mpsc::{self, error::TrySendError};

/// A slow sender gets this long for its headers, and again for its body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The listener's settings.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    /// The URL registered with Vipps; its host and path+query are signed.
    pub registered_url: String,
    /// Every secret currently held (more than one while a registration is replaced).
    pub secrets: Vec<Secret>,
    pub max_body_bytes: usize,
    /// How far `x-ms-date` may be from now, either way.
    pub max_age: Duration,
}

impl ListenerConfig {
    /// From the config's `[webhook]` section and the registration secrets held; `None` when
    /// no public URL is configured (polling only).
    pub fn from_config(w: &crate::config::Webhook, secrets: Vec<Secret>) -> Option<ListenerConfig> {
        Some(ListenerConfig {
            registered_url: w.public_url.clone()?,
            secrets,
            max_body_bytes: w.max_body_bytes,
            max_age: Duration::from_secs(w.max_age_secs),
        })
    }
}

/// The store's failure, as the listener sees it.
#[derive(Debug, Error)]
#[error("cannot store the webhook event: {0}")]
pub struct SinkError(pub String);

/// Storage for verified events: `runtime/webhooks.rs` `StoreSink` in the till (group commit
/// into `webhook_events`), simpler sinks in the tests.
pub trait EventSink: Send + Sync + 'static {
    /// Commit one verified event before it is answered; Ok(true) if new, Ok(false) if a
    /// duplicate (already stored: answered 2xx and not handed to the till again).
    fn persist(&self, dedupe_key: &str, raw_body: &[u8]) -> Result<bool, SinkError>;
}

struct Shared {
    url: RegisteredUrl,
    secrets: Vec<Secret>,
    max_body: usize,
    max_age: Duration,
    sink: Arc<dyn EventSink>,
    tx: mpsc::Sender<WebhookEvent>,
}

/// Serve webhooks on `listener` until `shutdown` resolves. Connections already accepted
/// finish on their own tasks.
pub async fn serve(
    listener: TcpListener,
    cfg: ListenerConfig,
    sink: Arc<dyn EventSink>,
    tx: mpsc::Sender<WebhookEvent>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let url = RegisteredUrl::parse(&cfg.registered_url)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    if cfg.secrets.iter().all(Secret::is_empty) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no webhook secret is held: register the webhook first",
        ));
    }
    let shared = Arc::new(Shared {
        url,
        secrets: cfg.secrets,
        max_body: cfg.max_body_bytes,
        max_age: cfg.max_age,
        sink,
        tx,
    });
    tracing::info!(addr = ?listener.local_addr().ok(), path = shared.url.path(), "webhook listener up");
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => {
                tracing::info!("webhook listener stopped");
                return Ok(());
            }
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    let shared = shared.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |req| {
                            let shared = shared.clone();
                            async move { Ok::<_, Infallible>(handle(&shared, req).await) }
                        });
                        let conn = http1::Builder::new()
                            .timer(TokioTimer::new())
                            .header_read_timeout(READ_TIMEOUT)
                            .serve_connection(TokioIo::new(stream), service);
                        if let Err(e) = conn.await {
                            tracing::debug!(error = %e, "webhook connection ended with an error");
                        }
                    });
                }
                // Out of file descriptors and the like: pause, do not die.
                Err(e) => {
                    tracing::warn!(error = %e, "webhook listener cannot accept");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
}

fn reply(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

async fn handle(s: &Shared, req: Request<Incoming>) -> Response<Full<Bytes>> {
    if req.uri().path() != s.url.path() {
        return reply(StatusCode::NOT_FOUND, "not found\n");
    }
    if req.method() != Method::POST {
        let mut r = reply(StatusCode::METHOD_NOT_ALLOWED, "only POST\n");
        r.headers_mut()
            .insert(ALLOW, hyper::header::HeaderValue::from_static("POST"));
        return r;
    }
    let (parts, body) = req.into_parts();
    match declared_length(&parts.headers) {
        Err(()) => return reply(StatusCode::BAD_REQUEST, "bad content-length\n"),
        Ok(Some(n)) if n > s.max_body as u64 => {
            tracing::warn!(declared = n, "webhook body too large");
            return reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large\n");
        }
        Ok(_) => {}
    }
    let (date, hash, auth) = match (
        single(&parts.headers, "x-ms-date"),
        single(&parts.headers, "x-ms-content-sha256"),
        single(&parts.headers, "authorization"),
    ) {
        (Ok(d), Ok(h), Ok(a)) => (d.to_string(), h.to_string(), a.to_string()),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            tracing::warn!(reason = %e, "webhook refused");
            return reply(StatusCode::UNAUTHORIZED, "unauthorized\n");
        }
    };
    let raw =
        match tokio::time::timeout(READ_TIMEOUT, Limited::new(body, s.max_body).collect()).await {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
                tracing::warn!("webhook body too large");
                return reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large\n");
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "webhook body unreadable");
                return reply(StatusCode::BAD_REQUEST, "unreadable body\n");
            }
            Err(_) => return reply(StatusCode::REQUEST_TIMEOUT, "too slow\n"),
        };
    let received = Received {
        x_ms_date: &date,
        x_ms_content_sha256: &hash,
        authorization: &auth,
    };
    if let Err(e) = verify(
        &s.url,
        &s.secrets,
        received,
        &raw,
        SystemTime::now(),
        s.max_age,
    ) {
        tracing::warn!(reason = %e, "webhook refused");
        return reply(StatusCode::UNAUTHORIZED, "unauthorized\n");
    }
    let event = match WebhookEvent::parse(&raw) {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!(error = %e, "webhook body malformed");
            return reply(StatusCode::BAD_REQUEST, "malformed event\n");
        }
    };
    let key = event.dedupe_key();
    let sink = s.sink.clone();
    let stored = {
        let key = key.clone();
        tokio::task::spawn_blocking(move || sink.persist(&key, &raw)).await
    };
    match stored {
        Ok(Ok(true)) => {}
        Ok(Ok(false)) => {
            tracing::info!(key, "webhook duplicate");
            return reply(StatusCode::OK, "ok\n");
        }
        Ok(Err(e)) => {
            // Not 2xx: Vipps retries the delivery, and the till's polling reads the payment
            // meanwhile.
            tracing::error!(error = %e, key, "webhook not stored");
            return reply(StatusCode::INTERNAL_SERVER_ERROR, "try again\n");
        }
        Err(e) => {
            tracing::error!(error = %e, key, "webhook store task failed");
            return reply(StatusCode::INTERNAL_SERVER_ERROR, "try again\n");
        }
    }
    match s.tx.try_send(event) {
        Ok(()) => tracing::info!(key, "webhook accepted"),
        Err(TrySendError::Full(_)) => {
            tracing::warn!(
                key,
                "webhook stored but the till is busy; polling will catch up"
            )
        }
        Err(TrySendError::Closed(_)) => {
            tracing::warn!(key, "webhook stored but the till is not listening")
        }
    }
    reply(StatusCode::OK, "ok\n")
}

fn declared_length(h: &HeaderMap) -> Result<Option<u64>, ()> {
    let mut values = h.get_all(CONTENT_LENGTH).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(());
    }
    first
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map(Some)
        .ok_or(())
}

fn single<'a>(h: &'a HeaderMap, name: &'static str) -> Result<&'a str, VerifyError> {
    let mut values = h.get_all(name).iter();
    let first = values.next().ok_or(VerifyError::MissingHeader(name))?;
    if values.next().is_some() {
        return Err(VerifyError::DuplicateHeader(name));
    }
    first.to_str().map_err(|_| VerifyError::MissingHeader(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_comes_from_the_webhook_section() {
        let mut w = crate::config::Config::demo().webhook;
        assert!(ListenerConfig::from_config(&w, vec![]).is_none());
        w.public_url = Some("https://pos.example.com/hook".into());
        let c = ListenerConfig::from_config(&w, vec![Secret::new("s")]).unwrap();
        assert_eq!(c.max_age, Duration::from_secs(w.max_age_secs));
        assert_eq!(c.max_body_bytes, w.max_body_bytes);
        assert!(!format!("{c:?}").contains("\"s\""));
    }
}
