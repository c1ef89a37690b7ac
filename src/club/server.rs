//! `kasse club serve`: the HTTP routes in front of the register. No state of its own, so any
//! number of instances can serve one PostgreSQL. TLS is a reverse proxy's job (see the README).
//!
//! Every route but `/v1/health` wants `Authorization: Bearer <till token>`; writes want an
//! `Idempotency-Key`. Bodies are bounded before they are read, and every field is checked.

use super::wire::{self, BatchResult, Forgotten, WireMember, MAX_BATCH, MAX_PAGE};
use super::{pg, tokens, ClubError};
use bytes::Bytes;
use deadpool_postgres::Pool;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;

/// A single member's body; a batch may be larger.
const MAX_BODY: usize = 64 * 1024;
const MAX_BATCH_BODY: usize = 4 * 1024 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_KEY: usize = 100;

type Reply = Response<Full<Bytes>>;

/// Serves until `shutdown` resolves; then the open connections are cut too (a till retries
/// whatever was in flight, with the same idempotency key).
pub async fn serve(listener: TcpListener, pool: Pool, shutdown: impl Future<Output = ()>) {
    tracing::info!(addr = ?listener.local_addr().ok(), "club service up");
    tokio::pin!(shutdown);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => {
                connections.abort_all();
                return;
            }
            // Reap finished connections so the set stays as small as the open ones.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let pool = pool.clone();
                    connections.spawn(async move {
                        let service = service_fn(move |req| {
                            let pool = pool.clone();
                            async move { Ok::<_, Infallible>(handle(&pool, req).await) }
                        });
                        let conn = http1::Builder::new()
                            .timer(TokioTimer::new())
                            .header_read_timeout(READ_TIMEOUT)
                            .max_buf_size(64 * 1024)
                            .serve_connection(TokioIo::new(stream), service);
                        if let Err(e) = conn.await {
                            tracing::debug!(error = %e, "club connection ended with an error");
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "club service cannot accept");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
}

fn json(status: StatusCode, value: &impl Serialize) -> Reply {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    r
}

fn error(status: StatusCode, message: impl Into<String>) -> Reply {
    #[derive(Serialize)]
    struct E {
        error: String,
    }
    json(
        status,
        &E {
            error: message.into(),
        },
    )
}

fn failed(e: ClubError) -> Reply {
    match e {
        ClubError::Invalid(m) => error(StatusCode::BAD_REQUEST, m),
        e @ ClubError::KeyReused(_) => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        e @ ClubError::BadTillName(_) => error(StatusCode::BAD_REQUEST, e.to_string()),
        e => {
            tracing::error!(error = %e, "club request failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "club database unavailable")
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let v = values.next()?;
    if values.next().is_some() {
        return None;
    }
    v.to_str().ok()?.strip_prefix("Bearer ")
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, &'static str> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ok = !key.is_empty()
        && key.len() <= MAX_KEY
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(key.to_string())
    } else {
        Err("Idempotency-Key: 1 to 100 letters, digits, `-` or `_`")
    }
}

async fn body(req: Request<Incoming>, max: usize) -> Result<Bytes, Reply> {
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(error(StatusCode::PAYLOAD_TOO_LARGE, "body too large"));
    }
    match tokio::time::timeout(READ_TIMEOUT, Limited::new(req.into_body(), max).collect()).await {
        Ok(Ok(c)) => Ok(c.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(error(StatusCode::PAYLOAD_TOO_LARGE, "body too large"))
        }
        Ok(Err(_)) => Err(error(StatusCode::BAD_REQUEST, "unreadable body")),
        Err(_) => Err(error(StatusCode::REQUEST_TIMEOUT, "too slow")),
    }
}

fn query_i64(query: &str, name: &str) -> Result<Option<i64>, String> {
    for pair in query.split('&') {
        if let Some(v) = pair
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('='))
        {
            return v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .ok_or_else(|| format!("{name}: a number"));
        }
    }
    Ok(None)
}

fn valid_sub(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

async fn handle(pool: &Pool, req: Request<Incoming>) -> Reply {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    if path == "/v1/health" && method == Method::GET {
        return match pool.get().await {
            Ok(_) => json(StatusCode::OK, &serde_json::json!({"ok": true})),
            Err(e) => failed(e.into()),
        };
    }
    let Some(token) = bearer(req.headers()) else {
        return error(StatusCode::UNAUTHORIZED, "a till token is required");
    };
    let till = match tokens::till_for(pool, token).await {
        Ok(Some(t)) => t,
        Ok(None) => {
            tracing::warn!(%path, "club request with an unknown or revoked token");
            return error(StatusCode::UNAUTHORIZED, "unknown or revoked till token");
        }
        Err(e) => return failed(e),
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (Method::GET, ["v1", "members", "phone", msisdn]) => match wire::parse_msisdn(msisdn) {
            Err(m) => error(StatusCode::BAD_REQUEST, m),
            Ok(m) => found(pg::by_msisdn(pool, m.as_str()).await),
        },
        (Method::GET, ["v1", "members", "sub", sub]) if valid_sub(sub) => {
            found(pg::by_sub(pool, sub).await)
        }
        (Method::GET, ["v1", "members", "sub", _]) => error(
            StatusCode::BAD_REQUEST,
            "sub: letters, digits, `-`, `_`, `.`",
        ),
        (Method::PUT, ["v1", "members"]) => put_member(pool, &till, req).await,
        (Method::POST, ["v1", "members", "batch"]) => batch(pool, &till, req).await,
        (Method::DELETE, ["v1", "members", "phone", msisdn]) => match wire::parse_msisdn(msisdn) {
            Err(m) => error(StatusCode::BAD_REQUEST, m),
            Ok(m) => match pg::forget(pool, m.as_str()).await {
                Ok(forgotten) => {
                    tracing::info!(%till, member = %m.masked(), forgotten, "club forget");
                    json(StatusCode::OK, &Forgotten { forgotten })
                }
                Err(e) => failed(e),
            },
        },
        (Method::GET, ["v1", "changes"]) => {
            let q = req.uri().query().unwrap_or("");
            let since = match query_i64(q, "since") {
                Ok(v) => v.unwrap_or(0),
                Err(m) => return error(StatusCode::BAD_REQUEST, m),
            };
            let limit = match query_i64(q, "limit") {
                Ok(v) => v.unwrap_or(1000).clamp(1, MAX_PAGE),
                Err(m) => return error(StatusCode::BAD_REQUEST, m),
            };
            match pg::changes(pool, since, limit).await {
                Ok(page) => json(StatusCode::OK, &page),
                Err(e) => failed(e),
            }
        }
        _ => error(StatusCode::NOT_FOUND, "no such route"),
    }
}

fn found(r: Result<Option<wire::ClubMember>, ClubError>) -> Reply {
    match r {
        Ok(Some(m)) => json(StatusCode::OK, &m),
        Ok(None) => error(StatusCode::NOT_FOUND, "no such member"),
        Err(e) => failed(e),
    }
}

async fn put_member(pool: &Pool, till: &str, req: Request<Incoming>) -> Reply {
    let key = match idempotency_key(req.headers()) {
        Ok(k) => k,
        Err(m) => return error(StatusCode::BAD_REQUEST, m),
    };
    let raw = match body(req, MAX_BODY).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let member = match serde_json::from_slice::<WireMember>(&raw)
        .map_err(|e| format!("not a member: {e}"))
        .and_then(|w| w.to_member())
    {
        Ok(m) => m,
        Err(m) => return error(StatusCode::BAD_REQUEST, m),
    };
    let hash = Sha256::digest(&raw).to_vec();
    match pg::enrol(pool, till, &key, &hash, &member).await {
        Ok(Some(m)) => {
            tracing::info!(%till, member = %member.msisdn.masked(), id = m.id, "club enrol");
            json(StatusCode::OK, &m)
        }
        // A replay of a write whose member was forgotten since.
        Ok(None) => error(StatusCode::GONE, "the member was forgotten since"),
        Err(e) => failed(e),
    }
}

async fn batch(pool: &Pool, till: &str, req: Request<Incoming>) -> Reply {
    let key = match idempotency_key(req.headers()) {
        Ok(k) => k,
        Err(m) => return error(StatusCode::BAD_REQUEST, m),
    };
    let raw = match body(req, MAX_BATCH_BODY).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let wires: Vec<WireMember> = match serde_json::from_slice(&raw) {
        Ok(w) => w,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("not a list of members: {e}"),
            )
        }
    };
    if wires.len() > MAX_BATCH {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_BATCH} members per batch"),
        );
    }
    let mut members = Vec::with_capacity(wires.len());
    for (i, w) in wires.iter().enumerate() {
        match w.to_member() {
            Ok(m) => members.push(m),
            Err(m) => return error(StatusCode::BAD_REQUEST, format!("member {}: {m}", i + 1)),
        }
    }
    let hash = Sha256::digest(&raw).to_vec();
    match pg::batch(pool, till, &key, &hash, &members).await {
        Ok((added, updated)) => {
            tracing::info!(%till, added, updated, "club batch");
            json(StatusCode::OK, &BatchResult { added, updated })
        }
        Err(e) => failed(e),
    }
}
