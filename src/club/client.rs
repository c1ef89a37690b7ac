//! The till's side of the club service's HTTP API.

use super::wire::{BatchResult, ChangePage, ClubMember, Forgotten, WireMember};
use crate::domain::Msisdn;
use crate::secret::Secret;
use reqwest::StatusCode;
use std::time::Duration;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ClientError {
    /// The service could not be reached or did not answer in time: try again later.
    #[error("club service unreachable: {0}")]
    Unreachable(String),
    /// The service (or its database) is there but failing: try again later.
    #[error("club service unavailable ({0})")]
    Unavailable(u16),
    #[error("the club refused this till's token (revoked or unknown)")]
    Unauthorized,
    /// The request itself is wrong: sending it again will not help.
    #[error("the club refused the request ({status}): {message}")]
    Refused { status: u16, message: String },
}

impl ClientError {
    /// Whether the same request may succeed later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ClientError::Unreachable(_) | ClientError::Unavailable(_) | ClientError::Unauthorized
        )
    }
}

#[derive(Clone)]
pub struct ClubClient {
    http: reqwest::Client,
    base: String,
    token: Secret,
}

impl ClubClient {
    pub fn new(base_url: &str, token: Secret, timeout: Duration) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ClientError::Unreachable(e.to_string()))?;
        Ok(ClubClient {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            token,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<reqwest::Response, ClientError> {
        let resp = req
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(|e| ClientError::Unreachable(e.without_url().to_string()))?;
        let status = resp.status();
        if status.is_success() || status == StatusCode::NOT_FOUND {
            return Ok(resp);
        }
        if status == StatusCode::UNAUTHORIZED {
            return Err(ClientError::Unauthorized);
        }
        if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
            return Err(ClientError::Unavailable(status.as_u16()));
        }
        let message = resp.text().await.unwrap_or_default();
        Err(ClientError::Refused {
            status: status.as_u16(),
            message: message.chars().take(300).collect(),
        })
    }

    async fn parse<T: serde::de::DeserializeOwned>(
        resp: reqwest::Response,
    ) -> Result<T, ClientError> {
        let status = resp.status().as_u16();
        resp.json().await.map_err(|e| ClientError::Refused {
            status,
            message: format!("unreadable answer: {e}"),
        })
    }

    /// The member with this number, within `timeout` (shorter than the client's own: a
    /// look-up at the counter must not hold up the sale).
    pub async fn by_phone(
        &self,
        msisdn: &Msisdn,
        timeout: Duration,
    ) -> Result<Option<ClubMember>, ClientError> {
        let req = self
            .http
            .get(self.url(&format!("/v1/members/phone/{}", msisdn.as_str())))
            .timeout(timeout);
        let resp = self.send(req).await?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        Self::parse(resp).await.map(Some)
    }

    /// Sends one enrolment body as stored in the outbox, with its key.
    pub async fn put_member_raw(&self, body: &str, key: &str) -> Result<(), ClientError> {
        let req = self
            .http
            .put(self.url("/v1/members"))
            .header("idempotency-key", key)
            .header("content-type", "application/json")
            .body(body.to_string());
        let resp = self.send(req).await?;
        match resp.status() {
            // 404 here is a route missing: the service is not what we think it is.
            StatusCode::NOT_FOUND => Err(ClientError::Refused {
                status: 404,
                message: "no such route".into(),
            }),
            _ => Ok(()),
        }
    }

    pub async fn batch(
        &self,
        members: &[WireMember],
        key: &str,
    ) -> Result<BatchResult, ClientError> {
        let req = self
            .http
            .post(self.url("/v1/members/batch"))
            .header("idempotency-key", key)
            .json(members);
        Self::parse(self.send(req).await?).await
    }

    pub async fn forget(&self, msisdn: &Msisdn) -> Result<bool, ClientError> {
        let req = self
            .http
            .delete(self.url(&format!("/v1/members/phone/{}", msisdn.as_str())));
        let f: Forgotten = Self::parse(self.send(req).await?).await?;
        Ok(f.forgotten)
    }

    pub async fn changes(&self, since: i64, limit: i64) -> Result<ChangePage, ClientError> {
        let req = self
            .http
            .get(self.url(&format!("/v1/changes?since={since}&limit={limit}")));
        Self::parse(self.send(req).await?).await
    }
}
