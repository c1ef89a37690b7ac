//! A small hyper server standing in for Vipps in the client tests: it records every request
//! and answers what a test's handler says (the handler encodes what the spec says).

#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use kasse::config::{CaptureMode, Vipps};
use kasse::secret::Secret;
use kasse::vipps::{RetryPolicy, VippsClient};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

pub const CLIENT_ID: &str = "fb492b5e-7907-4d83-ba20-c7fb60ca35de";
pub const CLIENT_SECRET: &str = "client-secret-very-secret";
pub const SUB_KEY: &str = "0f14ebcab0ec4b29ae0cb90d91b4a84a";
pub const MSN: &str = "123456";

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Path and query.
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn header_count(&self, name: &str) -> usize {
        self.headers.get_all(name).iter().count()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The answer a handler gives.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    /// Wait this long before answering (timeout tests).
    pub delay: Option<Duration>,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: body.to_string(),
            delay: None,
        }
    }
    pub fn problem(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", "application/problem+json".into())],
            body: body.to_string(),
            delay: None,
        }
    }
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: vec![],
            body: String::new(),
            delay: None,
        }
    }
    pub fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// `nth` is how many earlier requests had the same method and path (0 for the first).
pub type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

pub struct Server {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    /// Requests to one path (query ignored), in order.
    pub fn to(&self, method: &str, path: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.method == method && s.path.split('?').next() == Some(path))
            .collect()
    }
}

pub async fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let handler: Arc<Handler> = Arc::new(handler);
    let seen2 = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let (seen, handler) = (seen2.clone(), handler.clone());
            tokio::spawn(async move {
                let svc = service_fn(move |req: Request<Incoming>| {
                    let (seen, handler) = (seen.clone(), handler.clone());
                    async move {
                        let (parts, body) = req.into_parts();
                        let body = body
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let s = Seen {
                            method: parts.method.to_string(),
                            path: parts
                                .uri
                                .path_and_query()
                                .map(|p| p.to_string())
                                .unwrap_or_default(),
                            headers: parts.headers,
                            body,
                        };
                        let nth = {
                            let mut all = seen.lock().unwrap();
                            let n = all
                                .iter()
                                .filter(|o| o.method == s.method && o.path == s.path)
                                .count();
                            all.push(s.clone());
                            n
                        };
                        let r = handler(&s, nth);
                        if let Some(d) = r.delay {
                            tokio::time::sleep(d).await;
                        }
                        let mut resp = Response::new(Full::new(Bytes::from(r.body)));
                        *resp.status_mut() = hyper::StatusCode::from_u16(r.status).unwrap();
                        for (k, v) in r.headers {
                            resp.headers_mut().append(k, v.parse().unwrap());
                        }
                        Ok::<_, Infallible>(resp)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    Server { url, seen }
}

/// The token answer as the spec's example has it (numbers as strings).
pub fn token_reply(n: usize, expires_in: &str) -> Reply {
    Reply::json(
        200,
        serde_json::json!({
            "token_type": "Bearer", "expires_in": expires_in, "ext_expires_in": "0",
            "expires_on": "1495271273", "not_before": "1495184574",
            "resource": "00000002-0000-0000-c000-000000000000",
            "access_token": format!("token-{n}")
        }),
    )
}

pub fn config(base_url: &str) -> Vipps {
    Vipps {
        base_url: base_url.to_string(),
        client_id: CLIENT_ID.into(),
        client_secret: Secret::new(CLIENT_SECRET),
        subscription_key: Secret::new(SUB_KEY),
        msn: MSN.into(),
        system_name: "kasse".into(),
        system_version: "0.1.0".into(),
        plugin_name: "kasse-till".into(),
        plugin_version: "0.1.0".into(),
        timeout_ms: 10_000,
        capture: CaptureMode::Auto,
        login_scopes: "openid name phoneNumber email".into(),
        checkin: true,
    }
}

/// Short retries so the tests stay quick; `Retry-After: 1` still fits under `max_delay`.
pub fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
    }
}

pub fn client(server: &Server) -> VippsClient {
    VippsClient::with_policy(&config(&server.url), quick_policy()).unwrap()
}

/// The headers every platform call must carry.
pub fn assert_platform_headers(s: &Seen, token: &str) {
    assert_eq!(
        s.header("authorization"),
        Some(format!("Bearer {token}").as_str()),
        "{s:?}"
    );
    assert_eq!(s.header("ocp-apim-subscription-key"), Some(SUB_KEY));
    assert_eq!(s.header("merchant-serial-number"), Some(MSN));
    assert_eq!(s.header("vipps-system-name"), Some("kasse"));
    assert_eq!(s.header("vipps-system-version"), Some("0.1.0"));
    assert_eq!(s.header("vipps-system-plugin-name"), Some("kasse-till"));
    assert_eq!(s.header("vipps-system-plugin-version"), Some("0.1.0"));
}

/// Answers the token endpoint, else hands over to `rest`.
pub fn with_token(
    rest: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static {
    move |s, n| {
        if s.method == "POST" && s.path == "/accesstoken/get" {
            token_reply(n, "3600")
        } else {
            rest(s, n)
        }
    }
}
