//! The Webhooks API (register, list, delete) and delivery: every event is POSTed to each
//! registration that wants it, HMAC-signed, in order per registration, retried with back-off,
//! from a background task per registration.

use crate::secret::Secret;
use crate::sim::auth::{check_platform, Msn};
use crate::sim::faults::chance;
use crate::sim::problem::{invalid_fields, problem, Resp};
use crate::sim::server::Req;
use crate::sim::state::{Registration, Shared, State};
use base64::Engine;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use hyper::StatusCode;
use reqwest::Url;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime};
use tokio::sync::mpsc;

/// How long the reorder fault holds an event back, waiting for the next one to overtake it.
const REORDER_WINDOW: Duration = Duration::from_secs(5);

/// Registrations allowed per event type per MSN.
const LIMIT_PER_EVENT: usize = 25;

const EVENTS: &[&str] = &[
    "epayments.payment.created.v1",
    "epayments.payment.authorized.v1",
    "epayments.payment.aborted.v1",
    "epayments.payment.expired.v1",
    "epayments.payment.cancelled.v1",
    "epayments.payment.captured.v1",
    "epayments.payment.refunded.v1",
    "epayments.payment.terminated.v1",
    "login.merchant-initiated.ping.v1",
    "user.checked-in.v1",
];

/// The headers of a signed delivery: `x-ms-content-sha256` and `Authorization`.
pub(crate) fn sign(secret: &str, url: &Url, date: &str, body: &[u8]) -> (String, String) {
    let b64 = base64::engine::general_purpose::STANDARD;
    let content_hash = b64.encode(Sha256::digest(body));
    let mut path_and_query = url.path().to_string();
    if let Some(q) = url.query() {
        path_and_query.push('?');
        path_and_query.push_str(q);
    }
    // Like JavaScript's URL.host: the default port is left out, any other port is kept.
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let to_sign = format!("POST\n{path_and_query}\n{date};{host};{content_hash}");
    let signature = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(to_sign.as_bytes());
            b64.encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    };
    let authorization = format!(
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}"
    );
    (content_hash, authorization)
}

fn acceptable_url(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host_str().is_some(),
        // Tests and demo mode receive webhooks on loopback without TLS.
        "http" => matches!(
            url.host_str(),
            Some("127.0.0.1") | Some("localhost") | Some("[::1]")
        ),
        _ => false,
    }
}

/// `POST /webhooks/v1/webhooks`
pub(crate) fn register(shared: &Arc<Shared>, req: &Req) -> Resp {
    if let Err(r) = check_platform(shared, req, Msn::Optional) {
        return r;
    }
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&req.body) else {
        return invalid_fields(
            &req.path,
            &[("body".into(), "Must be a JSON object".into())],
        );
    };
    let mut errors: Vec<(String, String)> = body
        .keys()
        .filter(|k| *k != "url" && *k != "events")
        .map(|k| (k.clone(), "Unknown field".to_string()))
        .collect();
    let url = match body.get("url").and_then(Value::as_str).map(Url::parse) {
        Some(Ok(u)) if acceptable_url(&u) => Some(u),
        Some(_) => {
            errors.push((
                "url".into(),
                "Must be an absolute https URL (http only on loopback in the simulator)".into(),
            ));
            None
        }
        None => {
            errors.push(("url".into(), "Required, a string".into()));
            None
        }
    };
    let events: Vec<String> = match body.get("events").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => list
            .iter()
            .filter_map(|e| match e.as_str() {
                Some(name) if EVENTS.contains(&name) => Some(name.to_string()),
                _ => {
                    errors.push(("events".into(), format!("Unknown event type {e}")));
                    None
                }
            })
            .collect(),
        _ => {
            errors.push(("events".into(), "Required, a non-empty array".into()));
            Vec::new()
        }
    };
    let raw_url = body
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let Some(url) = url.filter(|_| errors.is_empty()) else {
        return invalid_fields(&req.path, &errors);
    };
    let mut state = shared.lock();
    for event in &events {
        // The QR API's check-in event allows a single registration per sales unit.
        let limit = if event == "user.checked-in.v1" {
            1
        } else {
            LIMIT_PER_EVENT
        };
        let used = state
            .webhooks
            .iter()
            .filter(|r| r.events.contains(event))
            .count();
        if used >= limit {
            return problem(
                StatusCode::BAD_REQUEST,
                "Too many webhooks",
                &format!("At most {limit} registrations for {event}; it has {used}"),
                &req.path,
                &[("events".into(), format!("Limit reached for {event}"))],
            );
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    let raw: Vec<u8> = (0..48).map(|_| fastrand::u8(..)).collect();
    let secret = Secret::new(base64::engine::general_purpose::STANDARD.encode(raw));
    let (queue, rx) = mpsc::unbounded_channel();
    let worker = tokio::spawn(deliver_all(
        Arc::downgrade(shared),
        id.clone(),
        url.clone(),
        secret.clone(),
        rx,
    ))
    .abort_handle();
    state.webhooks.push(Registration {
        id: id.clone(),
        // Listed exactly as registered; signing uses the parsed form.
        url: raw_url,
        events,
        queue,
        worker,
        delivered: 0,
        failed_attempts: 0,
    });
    Resp::json(
        StatusCode::CREATED,
        &json!({"id": id, "secret": secret.expose()}),
    )
}

/// `GET /webhooks/v1/webhooks`
pub(crate) fn list(shared: &Arc<Shared>, req: &Req) -> Resp {
    if let Err(r) = check_platform(shared, req, Msn::Optional) {
        return r;
    }
    let state = shared.lock();
    let hooks: Vec<Value> = state
        .webhooks
        .iter()
        .map(|r| json!({"id": r.id, "url": r.url, "events": r.events}))
        .collect();
    Resp::json(StatusCode::OK, &json!({"webhooks": hooks}))
}

/// `DELETE /webhooks/v1/webhooks/{id}`
pub(crate) fn delete(shared: &Arc<Shared>, req: &Req, id: &str) -> Resp {
    if let Err(r) = check_platform(shared, req, Msn::Optional) {
        return r;
    }
    let mut state = shared.lock();
    match state.webhooks.iter().position(|r| r.id == id) {
        Some(i) => {
            let gone = state.webhooks.remove(i);
            gone.worker.abort();
            Resp::empty(StatusCode::NO_CONTENT)
        }
        None => problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            &format!("No webhook with id {id}"),
            &req.path,
            &[],
        ),
    }
}

/// Queues an event for every registration that wants it, applying drop/duplicate faults.
pub(crate) fn publish(state: &mut State, event_type: &str, body: &Value) {
    let bytes = Bytes::from(body.to_string());
    let (drop_rate, dup_rate) = (
        state.faults.webhook_drop_rate,
        state.faults.webhook_duplicate_rate,
    );
    for reg in state
        .webhooks
        .iter()
        .filter(|r| r.events.iter().any(|e| e == event_type))
    {
        if chance(drop_rate) {
            tracing::debug!(event_type, "sim drops a webhook (fault)");
            continue;
        }
        // A closed queue means the registration is being deleted; nothing to deliver to.
        let _ = reg.queue.send(bytes.clone());
        if chance(dup_rate) {
            let _ = reg.queue.send(bytes.clone());
        }
    }
}

/// The worker of one registration: strictly one event at a time, so a failing event holds
/// back the ones after it.
async fn deliver_all(
    shared: Weak<Shared>,
    id: String,
    url: Url,
    secret: Secret,
    mut rx: mpsc::UnboundedReceiver<Bytes>,
) {
    while let Some(first) = rx.recv().await {
        let reorder = shared
            .upgrade()
            .is_some_and(|s| chance(s.lock().faults.webhook_reorder_rate));
        let mut batch = vec![first];
        if reorder {
            let next = tokio::time::timeout(REORDER_WINDOW, rx.recv()).await;
            if let Ok(Some(next)) = next {
                batch.insert(0, next);
            }
        }
        for body in batch {
            if !deliver(&shared, &id, &url, &secret, body).await {
                return;
            }
        }
    }
}

/// Delivers one event until it is accepted. False when the simulator is gone.
async fn deliver(shared: &Weak<Shared>, id: &str, url: &Url, secret: &Secret, body: Bytes) -> bool {
    let mut attempt: u32 = 0;
    loop {
        let Some(sim) = shared.upgrade() else {
            return false;
        };
        let (delay, http) = (sim.lock().faults.webhook_delay_ms, sim.http.clone());
        let (base, max) = (sim.config.webhook_retry_base, sim.config.webhook_retry_max);
        drop(sim);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        let date = httpdate::fmt_http_date(SystemTime::now());
        let (hash, authorization) = sign(secret.expose(), url, &date, &body);
        let result = http
            .post(url.clone())
            .header("content-type", "application/json")
            .header("x-ms-date", &date)
            .header("x-ms-content-sha256", hash)
            .header("authorization", authorization)
            .body(body.clone())
            .send()
            .await;
        let ok = match &result {
            Ok(r) if r.status().is_success() => true,
            Ok(r) => {
                tracing::debug!(status = r.status().as_u16(), %url, "sim webhook refused");
                false
            }
            Err(e) => {
                tracing::debug!(error = %e, %url, "sim webhook not delivered");
                false
            }
        };
        let Some(sim) = shared.upgrade() else {
            return false;
        };
        if let Some(reg) = sim.lock().webhooks.iter_mut().find(|r| r.id == id) {
            if ok {
                reg.delivered += 1;
            } else {
                reg.failed_attempts += 1;
            }
        }
        drop(sim);
        if ok {
            return true;
        }
        let wait = base
            .checked_mul(1u32 << attempt.min(16))
            .unwrap_or(max)
            .min(max);
        attempt = attempt.saturating_add(1);
        tokio::time::sleep(wait).await;
    }
}
