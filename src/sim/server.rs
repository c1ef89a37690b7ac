//! The hyper server: reads each request whole, applies latency and injected failures, counts
//! it, and routes it to the synchronous handler for its endpoint.

use crate::sim::problem::{problem, Resp};
use crate::sim::state::Shared;
use crate::sim::{
    auth, checkin, control, epayment, epayment_modify, epayment_query, login, qr, webhooks,
};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Largest request body the simulator reads.
const MAX_BODY: usize = 1 << 20;

/// A request as the handlers see it: fully read, body as bytes.
pub(crate) struct Req {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Req {
    /// A header as text; absent or not valid text is `None`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Path segments after a prefix, e.g. `["abc123", "capture"]`.
    pub fn segments_after(&self, prefix: &str) -> Vec<&str> {
        self.path
            .strip_prefix(prefix)
            .map(|rest| rest.split('/').filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    }
}

pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    // Connections live in a JoinSet owned by this task, so aborting the task closes them all.
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let (stream, _) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                tracing::warn!(error = %e, "simulator accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let shared = shared.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(shared.clone(), req));
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %e, "simulator connection ended with an error");
            }
        });
    }
}

async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let resp = problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Payload Too Large",
                "the request body could not be read or exceeds 1 MiB",
                parts.uri.path(),
                &[],
            );
            return Ok(into_response(resp));
        }
    };
    let req = Req {
        method: parts.method,
        path: parts.uri.path().to_string(),
        headers: parts.headers,
        body,
    };
    let resp = if req.path.starts_with("/_sim/") || req.path == "/_sim" {
        control::handle(&shared, &req)
    } else {
        api(&shared, &req).await
    };
    tracing::debug!(method = %req.method, path = %req.path, status = resp.status.as_u16(), "sim");
    Ok(into_response(resp))
}

async fn api(shared: &Arc<Shared>, req: &Req) -> Resp {
    let Some(endpoint) = endpoint(&req.method, &req.path) else {
        let allowed: Vec<&str> = [Method::GET, Method::POST, Method::PUT, Method::DELETE]
            .iter()
            .filter(|m| endpoint(m, &req.path).is_some())
            .map(Method::as_str)
            .collect();
        if !allowed.is_empty() {
            return problem(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method Not Allowed",
                &format!("{} is not allowed here", req.method),
                &req.path,
                &[],
            )
            .with_header("allow", allowed.join(", "));
        }
        return problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            "no such endpoint in the simulator",
            &req.path,
            &[],
        );
    };
    let latency = {
        let mut state = shared.lock();
        *state.stats.entry(endpoint.to_string()).or_default() += 1;
        state.faults.latency_ms
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    if endpoint != auth::TOKEN_ENDPOINT {
        if let Some(resp) = shared.lock().faults.injected_failure(&req.path) {
            return resp;
        }
    }
    route(shared, req, endpoint)
}

/// The endpoint name a request counts against; `None` for unknown paths.
fn endpoint(method: &Method, path: &str) -> Option<&'static str> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let name = match (method.as_str(), segs.as_slice()) {
        ("POST", ["accesstoken", "get"]) => auth::TOKEN_ENDPOINT,
        ("POST", ["qr", "v1", "exchange"]) => "POST /qr/v1/exchange",
        ("POST", ["point-of-sale", "v1", "loyalty-check-in"]) => {
            "POST /point-of-sale/v1/loyalty-check-in"
        }
        ("GET", ["access-management-1.0", "access", ".well-known", "openid-configuration"]) => {
            "GET /access-management-1.0/access/.well-known/openid-configuration"
        }
        ("GET", ["access-management-1.0", "access", ".well-known", "jwks.json"]) => {
            "GET /access-management-1.0/access/.well-known/jwks.json"
        }
        ("POST", ["access-management-1.0", "access", "oauth2", "token"]) => {
            "POST /access-management-1.0/access/oauth2/token"
        }
        ("POST", ["vipps-login-ciba", "api", "backchannel", "authentication"]) => {
            "POST /vipps-login-ciba/api/backchannel/authentication"
        }
        ("POST", ["vipps-login-ciba", "api", "v1", "user-exists"]) => {
            "POST /vipps-login-ciba/api/v1/user-exists"
        }
        ("GET", ["vipps-userinfo-api", "userinfo"]) => "GET /vipps-userinfo-api/userinfo",
        ("POST", ["epayment", "v1", "payments"]) => "POST /epayment/v1/payments",
        ("GET", ["epayment", "v1", "payments", _]) => "GET /epayment/v1/payments/{reference}",
        ("GET", ["epayment", "v1", "payments", _, "events"]) => {
            "GET /epayment/v1/payments/{reference}/events"
        }
        ("POST", ["epayment", "v1", "payments", _, "capture"]) => {
            "POST /epayment/v1/payments/{reference}/capture"
        }
        ("POST", ["epayment", "v1", "payments", _, "cancel"]) => {
            "POST /epayment/v1/payments/{reference}/cancel"
        }
        ("POST", ["epayment", "v1", "payments", _, "refund"]) => {
            "POST /epayment/v1/payments/{reference}/refund"
        }
        ("POST", ["epayment", "v1", "test", "payments", _, "approve"]) => {
            "POST /epayment/v1/test/payments/{reference}/approve"
        }
        ("POST", ["webhooks", "v1", "webhooks"]) => "POST /webhooks/v1/webhooks",
        ("GET", ["webhooks", "v1", "webhooks"]) => "GET /webhooks/v1/webhooks",
        ("DELETE", ["webhooks", "v1", "webhooks", _]) => "DELETE /webhooks/v1/webhooks/{id}",
        _ => return None,
    };
    Some(name)
}

fn route(shared: &Arc<Shared>, req: &Req, endpoint: &'static str) -> Resp {
    let reference = req.segments_after("/epayment/v1/payments/");
    let reference = reference.first().copied().unwrap_or_default();
    match endpoint {
        auth::TOKEN_ENDPOINT => auth::access_token(shared, req),
        "POST /qr/v1/exchange" => qr::exchange(shared, req),
        "POST /point-of-sale/v1/loyalty-check-in" => checkin::check_in(shared, req),
        "GET /access-management-1.0/access/.well-known/openid-configuration" => {
            login::discovery(shared)
        }
        "GET /access-management-1.0/access/.well-known/jwks.json" => login::jwks(),
        "POST /access-management-1.0/access/oauth2/token" => login::token(shared, req),
        "POST /vipps-login-ciba/api/backchannel/authentication" => login::backchannel(shared, req),
        "POST /vipps-login-ciba/api/v1/user-exists" => login::user_exists(shared, req),
        "GET /vipps-userinfo-api/userinfo" => login::userinfo(shared, req),
        "POST /epayment/v1/payments" => epayment::create(shared, req),
        "GET /epayment/v1/payments/{reference}" => epayment_query::get(shared, req, reference),
        "GET /epayment/v1/payments/{reference}/events" => {
            epayment_query::events(shared, req, reference)
        }
        "POST /epayment/v1/payments/{reference}/capture" => {
            epayment_modify::capture(shared, req, reference)
        }
        "POST /epayment/v1/payments/{reference}/cancel" => {
            epayment_modify::cancel(shared, req, reference)
        }
        "POST /epayment/v1/payments/{reference}/refund" => {
            epayment_modify::refund(shared, req, reference)
        }
        "POST /epayment/v1/test/payments/{reference}/approve" => {
            let r = req.segments_after("/epayment/v1/test/payments/");
            epayment_modify::force_approve(shared, req, r.first().copied().unwrap_or_default())
        }
        "POST /webhooks/v1/webhooks" => webhooks::register(shared, req),
        "GET /webhooks/v1/webhooks" => webhooks::list(shared, req),
        "DELETE /webhooks/v1/webhooks/{id}" => {
            let id = req.segments_after("/webhooks/v1/webhooks/");
            webhooks::delete(shared, req, id.first().copied().unwrap_or_default())
        }
        _ => problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            "no such endpoint",
            &req.path,
            &[],
        ),
    }
}

fn into_response(resp: Resp) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(resp.body));
    *response.status_mut() = resp.status;
    let headers = response.headers_mut();
    if !resp.content_type.is_empty() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(resp.content_type));
    }
    for (name, value) in resp.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}
