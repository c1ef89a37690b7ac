//! Login: OIDC discovery, merchant-initiated login (CIBA) for enrolment, and userinfo.

use super::client::{Auth, Body, Call, VippsClient};
use super::VippsError;
use crate::domain::Msisdn;
use crate::secret::Secret;
use reqwest::Method;
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Discovery answers carry `Cache-Control: max-age=3600`.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
const DISCOVERY_PATH: &str = "/access-management-1.0/access/.well-known/openid-configuration";
const DEFAULT_BACKCHANNEL: &str = "/vipps-login-ciba/api/backchannel/authentication";
const USER_EXISTS: &str = "/vipps-login-ciba/api/v1/user-exists";

/// The parts of the OpenID configuration kasse uses.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub backchannel_authentication_endpoint: Option<String>,
    pub userinfo_endpoint: String,
    #[serde(default)]
    pub jwks_uri: Option<String>,
}

pub(crate) struct CachedDiscovery {
    doc: Arc<Discovery>,
    fetched: Instant,
}

/// The answer to a backchannel authentication request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LoginStarted {
    pub auth_req_id: String,
    pub expires_in: u64,
    /// Minimum seconds between token polls.
    #[serde(default = "default_interval")]
    pub interval: u64,
}

fn default_interval() -> u64 {
    5
}

/// The tokens of a finished login. The access token is only good for userinfo, briefly.
#[derive(Debug, Clone, Deserialize)]
pub struct LoginToken {
    #[serde(deserialize_with = "secret")]
    pub access_token: Secret,
    #[serde(default)]
    pub id_token: Option<String>,
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub scope: Option<String>,
}

fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
    String::deserialize(d).map(Secret::new)
}

/// One token poll's outcome.
#[derive(Debug, Clone)]
pub enum LoginPoll {
    /// The user has not answered yet.
    Pending,
    /// Polling too fast: add 5 s to the interval.
    SlowDown,
    /// HTTP 429; wait at least this long.
    RateLimited { retry_after: Option<Duration> },
    /// The user declined.
    Denied,
    /// The request expired: start over.
    Expired,
    /// The user consented: fetch userinfo with this token now.
    Token(LoginToken),
}

/// The claims kasse stores for a member; `sub` is the stable key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UserInfo {
    pub sub: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub birthdate: Option<String>,
}

impl VippsClient {
    /// The OpenID configuration, cached for an hour.
    pub async fn discovery(&self) -> Result<Arc<Discovery>, VippsError> {
        let mut slot = self.inner.discovery.lock().await;
        if let Some(c) = slot.as_ref() {
            if c.fetched.elapsed() < DISCOVERY_TTL {
                return Ok(c.doc.clone());
            }
        }
        let answer = self
            .execute(Call {
                method: Method::GET,
                target: DISCOVERY_PATH.into(),
                auth: Auth::Public,
                body: Body::Empty,
                idempotency_key: None,
                repeatable: true,
            })
            .await?;
        let doc: Discovery = answer.json()?;
        // Client credentials go to these endpoints: refuse any on another origin.
        for url in [Some(&doc.token_endpoint), Some(&doc.userinfo_endpoint)]
            .into_iter()
            .chain([doc.backchannel_authentication_endpoint.as_ref()])
            .flatten()
        {
            self.same_origin(url)
                .map_err(|why| VippsError::decode(answer.status, why, &answer.body))?;
        }
        let doc = Arc::new(doc);
        *slot = Some(CachedDiscovery {
            doc: doc.clone(),
            fetched: Instant::now(),
        });
        Ok(doc)
    }

    fn same_origin(&self, url: &str) -> Result<(), String> {
        let origin = |u: &str| {
            reqwest::Url::parse(u).ok().map(|u| {
                (
                    u.scheme().to_string(),
                    u.host_str().map(str::to_string),
                    u.port_or_known_default(),
                )
            })
        };
        match (origin(url), origin(self.base_url())) {
            (Some(a), Some(b)) if a == b => Ok(()),
            _ => Err(format!("endpoint `{url}` is not on {}", self.base_url())),
        }
    }

    /// Whether the phone number has a Vipps account that can log in.
    pub async fn user_exists(&self, phone: &Msisdn) -> Result<bool, VippsError> {
        #[derive(Deserialize)]
        struct Exists {
            exists: bool,
        }
        let answer = self
            .execute(Call {
                method: Method::POST,
                target: USER_EXISTS.into(),
                auth: Auth::Basic,
                body: Body::Form(vec![("login_hint", login_hint(phone))]),
                idempotency_key: None,
                repeatable: true,
            })
            .await?;
        Ok(answer.json::<Exists>()?.exists)
    }

    /// Start a merchant-initiated login on the customer's phone.
    pub async fn start_login(
        &self,
        phone: &Msisdn,
        scope: &str,
        binding_message: Option<&str>,
    ) -> Result<LoginStarted, VippsError> {
        if !scope.split(' ').any(|s| s == "openid") {
            return Err(VippsError::Invalid(
                "login scope must include `openid`".into(),
            ));
        }
        let mut form = vec![
            ("login_hint", login_hint(phone)),
            ("scope", scope.to_string()),
        ];
        if let Some(m) = binding_message {
            let ok = (5..=8).contains(&m.len())
                && m.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
            if !ok {
                return Err(VippsError::Invalid(
                    "binding message must be 5 to 8 of A-Z, 0-9 and -".into(),
                ));
            }
            form.push(("binding_message", m.to_string()));
        }
        let d = self.discovery().await?;
        let target = d
            .backchannel_authentication_endpoint
            .clone()
            .unwrap_or_else(|| DEFAULT_BACKCHANNEL.into());
        self.execute(Call {
            method: Method::POST,
            target,
            auth: Auth::Basic,
            body: Body::Form(form),
            idempotency_key: None,
            repeatable: false,
        })
        .await?
        .json()
    }

    /// Poll the token endpoint once. The core paces the calls (`till::customer`): never faster
    /// than the interval, five seconds slower after each `slow_down`.
    pub async fn poll_login(&self, auth_req_id: &str) -> Result<LoginPoll, VippsError> {
        let d = self.discovery().await?;
        let result = self
            .execute(Call {
                method: Method::POST,
                target: d.token_endpoint.clone(),
                auth: Auth::Basic,
                body: Body::Form(vec![
                    ("grant_type", "urn:openid:params:grant-type:ciba".into()),
                    ("auth_req_id", auth_req_id.to_string()),
                ]),
                idempotency_key: None,
                // The caller polls on its own schedule; a token is issued only once.
                repeatable: false,
            })
            .await;
        match result {
            Ok(answer) => Ok(LoginPoll::Token(answer.json()?)),
            Err(VippsError::RateLimited { retry_after }) => {
                Ok(LoginPoll::RateLimited { retry_after })
            }
            Err(VippsError::OAuth { ref error, .. }) if error == "authorization_pending" => {
                Ok(LoginPoll::Pending)
            }
            Err(VippsError::OAuth { ref error, .. }) if error == "slow_down" => {
                Ok(LoginPoll::SlowDown)
            }
            Err(VippsError::OAuth { ref error, .. }) if error == "access_denied" => {
                Ok(LoginPoll::Denied)
            }
            Err(VippsError::OAuth { ref error, .. }) if error == "expired_token" => {
                Ok(LoginPoll::Expired)
            }
            Err(e) => Err(e),
        }
    }

    /// The user's claims, with the Login access token only (no subscription key).
    pub async fn userinfo(&self, access_token: &Secret) -> Result<UserInfo, VippsError> {
        let d = self.discovery().await?;
        self.execute(Call {
            method: Method::GET,
            target: d.userinfo_endpoint.clone(),
            auth: Auth::Bearer(access_token),
            body: Body::Empty,
            idempotency_key: None,
            repeatable: true,
        })
        .await?
        .json()
    }
}

fn login_hint(phone: &Msisdn) -> String {
    format!("urn:msisdn:{}", phone.as_str())
}
