//! The one HTTP client to Vipps MobilePay: token cache, standard headers, retries, logging.

use super::retry::{parse_retry_after, RetryPolicy};
use super::token::{AccessToken, CachedToken};
use super::VippsError;
use crate::config;
use crate::secret::Secret;
use bytes::Bytes;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Mutex;

/// The Vipps MobilePay API client. Cheap to clone: all clones share one connection pool, one
/// access token and one OIDC discovery document.
#[derive(Clone)]
pub struct VippsClient {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for VippsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Credentials stay out; the base URL and MSN say which client this is.
        f.debug_struct("VippsClient")
            .field("base_url", &self.inner.base_url)
            .field("msn", &self.inner.msn)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    http: reqwest::Client,
    base_url: String,
    client_id: String,
    client_secret: Secret,
    subscription_key: Secret,
    msn: String,
    system: [(&'static str, String); 4],
    retry: RetryPolicy,
    token: Mutex<Option<CachedToken>>,
    pub(crate) discovery: Mutex<Option<super::login::CachedDiscovery>>,
}

/// How a request authenticates.
pub(crate) enum Auth<'a> {
    /// Platform APIs: access token + subscription key + MSN.
    Platform,
    /// Login endpoints: `client_secret_basic`, no subscription key.
    Basic,
    /// Userinfo: the user's Login access token and nothing else.
    Bearer(&'a Secret),
    /// Public documents (OIDC discovery): no credentials at all.
    Public,
}

pub(crate) enum Body {
    Empty,
    Json(Vec<u8>),
    Form(Vec<(&'static str, String)>),
}

/// One request as the retry loop sees it.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// A path under the base URL (`/epayment/v1/...`) or an absolute URL from discovery.
    pub target: String,
    pub auth: Auth<'a>,
    pub body: Body,
    /// Owned by the caller (the sales journal), so a retry after a crash reuses it.
    pub idempotency_key: Option<&'a str>,
    /// Safe to send again: a GET/DELETE, a pure lookup, or a POST with an idempotency key.
    pub repeatable: bool,
}

/// A 2xx answer.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Bytes,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, VippsError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| VippsError::decode(self.status, e, &self.body))
    }
}

impl VippsClient {
    /// A client with the default retry policy.
    pub fn new(cfg: &config::Vipps) -> Result<VippsClient, VippsError> {
        VippsClient::with_policy(cfg, RetryPolicy::default())
    }

    /// A client with its own retry policy (tests and the till's UI keep it short).
    pub fn with_policy(cfg: &config::Vipps, retry: RetryPolicy) -> Result<VippsClient, VippsError> {
        if !cfg.base_url.starts_with("http://") && !cfg.base_url.starts_with("https://") {
            return Err(VippsError::Invalid(format!(
                "base URL `{}` is not an http(s) URL",
                cfg.base_url
            )));
        }
        let timeout = Duration::from_millis(cfg.timeout_ms.max(1));
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| VippsError::Invalid(format!("cannot build the HTTP client: {e}")))?;
        Ok(VippsClient {
            inner: Arc::new(Inner {
                http,
                base_url: cfg.base_url.trim_end_matches('/').to_string(),
                client_id: cfg.client_id.clone(),
                client_secret: cfg.client_secret.clone(),
                subscription_key: cfg.subscription_key.clone(),
                msn: cfg.msn.clone(),
                system: [
                    ("Vipps-System-Name", cfg.system_name.clone()),
                    ("Vipps-System-Version", cfg.system_version.clone()),
                    ("Vipps-System-Plugin-Name", cfg.plugin_name.clone()),
                    ("Vipps-System-Plugin-Version", cfg.plugin_version.clone()),
                ],
                retry,
                token: Mutex::new(None),
                discovery: Mutex::new(None),
            }),
        })
    }

    /// The base URL every platform path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A valid platform access token, fetched once and shared by concurrent callers.
    pub(crate) async fn access_token(&self) -> Result<Secret, VippsError> {
        let mut slot = self.inner.token.lock().await;
        if let Some(t) = slot.as_ref().filter(|t| t.is_fresh(Instant::now())) {
            return Ok(t.value.clone());
        }
        // The lock is held across the fetch on purpose: concurrent callers wait for this
        // one fetch instead of each starting their own.
        let fetched = self.fetch_token().await?;
        let cached = CachedToken::new(fetched, Instant::now(), SystemTime::now());
        let value = cached.value.clone();
        *slot = Some(cached);
        Ok(value)
    }

    /// Forget the cached token if it is still the one that was refused.
    async fn drop_token(&self, refused: &Secret) {
        let mut slot = self.inner.token.lock().await;
        if slot.as_ref().is_some_and(|t| &t.value == refused) {
            *slot = None;
        }
    }

    async fn fetch_token(&self) -> Result<AccessToken, VippsError> {
        let i = &self.inner;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let mut rb = i
                .http
                .post(format!("{}/accesstoken/get", i.base_url))
                .header("client_id", &i.client_id)
                .header("client_secret", i.client_secret.expose())
                .header("Ocp-Apim-Subscription-Key", i.subscription_key.expose())
                // Some gateways refuse a POST without a length; say it is empty.
                .header(reqwest::header::CONTENT_LENGTH, "0")
                .body(Vec::new());
            if !i.msn.is_empty() {
                rb = rb.header("Merchant-Serial-Number", &i.msn);
            }
            for (name, value) in &i.system {
                rb = rb.header(*name, value);
            }
            let result = match rb.send().await {
                Ok(resp) => read(resp).await.and_then(|a| a.json::<AccessToken>()),
                Err(e) => Err(e.into()),
            };
            let status = result.as_ref().map_or_else(|e| e.status(), |_| Some(200));
            log_outcome(
                "POST",
                "/accesstoken/get",
                attempt,
                started,
                status,
                result.as_ref().err(),
            );
            match result {
                Ok(t) => return Ok(t),
                // Fetching a token changes nothing on the server, so it is always repeatable.
                Err(e) => match i.retry.delay_after(attempt, &e) {
                    Some(d) => tokio::time::sleep(d).await,
                    None => return Err(e),
                },
            }
        }
    }

    /// Send a call with retries; `Ok` only for a 2xx answer.
    pub(crate) async fn execute(&self, call: Call<'_>) -> Result<Answer, VippsError> {
        let url = if call.target.starts_with("http://") || call.target.starts_with("https://") {
            call.target.clone()
        } else {
            format!("{}{}", self.inner.base_url, call.target)
        };
        let log_path = reqwest::Url::parse(&url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| call.target.clone());
        let mut attempt = 0;
        let mut renewed_token = false;
        loop {
            attempt += 1;
            // The token fetch has its own retries (it is always safe to repeat).
            let token = match call.auth {
                Auth::Platform => Some(self.access_token().await?),
                _ => None,
            };
            let started = Instant::now();
            let result = self.send_once(&call, &url, token.as_ref()).await;
            let status = result
                .as_ref()
                .map_or_else(|e| e.status(), |a| Some(a.status));
            log_outcome(
                call.method.as_str(),
                &log_path,
                attempt,
                started,
                status,
                result.as_ref().err(),
            );
            let err = match result {
                Ok(a) => return Ok(a),
                Err(e) => e,
            };
            // A 401 usually means the token was revoked or expired early: one fresh token,
            // once, whatever the method (the request was refused, so nothing happened).
            if let (Some(401), Some(token), false) = (err.status(), token.as_ref(), renewed_token) {
                renewed_token = true;
                self.drop_token(token).await;
                attempt -= 1;
                continue;
            }
            if !call.repeatable {
                return Err(err);
            }
            match self.inner.retry.delay_after(attempt, &err) {
                Some(d) => tokio::time::sleep(d).await,
                None => return Err(err),
            }
        }
    }

    /// One attempt, with the platform token for platform calls.
    async fn send_once(
        &self,
        call: &Call<'_>,
        url: &str,
        token: Option<&Secret>,
    ) -> Result<Answer, VippsError> {
        let i = &self.inner;
        let mut rb = i.http.request(call.method.clone(), url);
        match (&call.auth, token) {
            (Auth::Platform, Some(token)) => {
                rb = rb
                    .bearer_auth(token.expose())
                    .header("Ocp-Apim-Subscription-Key", i.subscription_key.expose());
                if !i.msn.is_empty() {
                    rb = rb.header("Merchant-Serial-Number", &i.msn);
                }
                rb = system_headers(rb, &i.system);
            }
            (Auth::Platform, None) => {
                return Err(VippsError::Invalid("platform call without a token".into()))
            }
            (Auth::Basic, _) => {
                rb = rb.basic_auth(&i.client_id, Some(i.client_secret.expose()));
                rb = system_headers(rb, &i.system);
            }
            (Auth::Bearer(token), _) => rb = rb.bearer_auth(token.expose()),
            (Auth::Public, _) => rb = system_headers(rb, &i.system),
        }
        if let Some(key) = call.idempotency_key {
            rb = rb.header("Idempotency-Key", key);
        }
        rb = match &call.body {
            Body::Empty if call.method == Method::POST => rb
                .header(reqwest::header::CONTENT_LENGTH, "0")
                .body(Vec::new()),
            Body::Empty => rb,
            Body::Json(bytes) => rb
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Body::Form(fields) => rb.form(fields),
        };
        match rb.send().await {
            Ok(resp) => read(resp).await,
            Err(e) => Err(e.into()),
        }
    }
}

fn system_headers(
    mut rb: reqwest::RequestBuilder,
    system: &[(&'static str, String); 4],
) -> reqwest::RequestBuilder {
    for (name, value) in system {
        if !value.is_empty() {
            rb = rb.header(*name, value);
        }
    }
    rb
}

/// Read the whole answer; non-2xx becomes the matching error.
async fn read(resp: reqwest::Response) -> Result<Answer, VippsError> {
    let status = resp.status().as_u16();
    let retry_after = retry_after(resp.headers());
    let body = resp.bytes().await?;
    if (200..300).contains(&status) {
        Ok(Answer { status, body })
    } else {
        Err(VippsError::from_response(status, retry_after, &body))
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

fn log_outcome(
    method: &str,
    path: &str,
    attempt: u32,
    started: Instant,
    status: Option<u16>,
    error: Option<&VippsError>,
) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match error {
        None => tracing::info!(method, path, attempt, elapsed_ms, status, "vipps call"),
        Some(e) => tracing::warn!(
            method,
            path,
            attempt,
            elapsed_ms,
            status,
            trace_id = e.trace_id(),
            error = %e,
            "vipps call failed"
        ),
    }
}
