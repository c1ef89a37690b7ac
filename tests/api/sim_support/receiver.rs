//! A loopback webhook receiver for the tests: a small hyper server that records every request
//! (headers and raw body) and answers with scripted statuses.

use super::{eventually, loopback};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

/// One delivery as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub path_and_query: String,
    pub date: String,
    pub content_sha256: String,
    pub authorization: String,
    pub body: Bytes,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A loopback hyper receiver; answers with queued statuses first, then 200.
#[derive(Clone)]
pub struct Receiver {
    pub port: u16,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub script: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind(loopback()).await.unwrap();
        let rx = Receiver {
            port: listener.local_addr().unwrap().port(),
            got: Arc::default(),
            script: Arc::default(),
        };
        let me = rx.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let me = me.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req: Request<hyper::body::Incoming>| {
                        let me = me.clone();
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body.collect().await.unwrap().to_bytes();
                            let h = |n: &str| {
                                parts
                                    .headers
                                    .get(n)
                                    .and_then(|v| v.to_str().ok())
                                    .unwrap_or_default()
                                    .to_string()
                            };
                            me.got.lock().unwrap().push(Received {
                                path_and_query: parts
                                    .uri
                                    .path_and_query()
                                    .map(|p| p.to_string())
                                    .unwrap_or_default(),
                                date: h("x-ms-date"),
                                content_sha256: h("x-ms-content-sha256"),
                                authorization: h("authorization"),
                                body,
                            });
                            let status = me.script.lock().unwrap().pop_front().unwrap_or(200);
                            let mut resp = Response::new(Full::new(Bytes::new()));
                            *resp.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
                            Ok::<_, Infallible>(resp)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        rx
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://127.0.0.1:{}{path_and_query}", self.port)
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived; returns all of them in arrival order.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        eventually(&format!("{n} deliveries"), || async {
            let got = self.received();
            (got.len() >= n).then_some(got)
        })
        .await
    }
}
