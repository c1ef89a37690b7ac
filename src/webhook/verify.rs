//! The webhook HMAC: content hash, string to sign and signature, exactly as Vipps computes them.
//!
//! The host and path+query come from the URL that was *registered*, never from the request
//! line, which a reverse proxy may have rewritten.

use crate::secret::Secret;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime};
use subtle::ConstantTimeEq;
use thiserror::Error;

const AUTH_PREFIX: &str = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";

/// Why a delivery was refused. The texts go to the log, never to the sender.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    #[error("the registered webhook URL `{0}` cannot be used: {1}")]
    /// The configured URL cannot be parsed or used.
    BadUrl(String, &'static str),
    #[error("header `{0}` is missing")]
    /// A signed header is absent.
    MissingHeader(&'static str),
    #[error("header `{0}` appears more than once")]
    /// A signed header was sent twice.
    DuplicateHeader(&'static str),
    #[error("x-ms-content-sha256 does not match the body")]
    /// The body does not hash to `x-ms-content-sha256`.
    ContentHash,
    #[error("the Authorization header is not an HMAC-SHA256 signature")]
    /// `Authorization` is not `HMAC-SHA256 SignedHeaders=…&Signature=<base64>`.
    MalformedAuthorization,
    #[error("the signature does not match any webhook secret held")]
    /// The signature matches none of the secrets.
    Signature,
    #[error("x-ms-date is not an RFC 1123 date")]
    /// `x-ms-date` is not an HTTP date.
    BadDate,
    #[error("x-ms-date is {0} s away from now, outside the accepted window")]
    /// `x-ms-date` is outside the freshness window.
    Stale(u64),
}

/// The two parts of the registered URL that are signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredUrl {
    host: String,
    path: String,
    path_and_query: String,
}

impl RegisteredUrl {
    /// Parse an absolute http(s) URL. The host keeps a non-default port (`host:8443`) and
    /// drops a default one, as the senders' `URL.host` / `Uri.Authority` do.
    pub fn parse(url: &str) -> Result<RegisteredUrl, VerifyError> {
        let bad = |why| VerifyError::BadUrl(url.to_string(), why);
        let u = reqwest::Url::parse(url).map_err(|_| bad("not an absolute URL"))?;
        if u.scheme() != "https" && u.scheme() != "http" {
            return Err(bad("not http(s)"));
        }
        let host = u.host_str().ok_or_else(|| bad("no host"))?;
        let host = match u.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let path = u.path().to_string();
        let path_and_query = match u.query() {
            Some(q) if !q.is_empty() => format!("{path}?{q}"),
            _ => path.clone(),
        };
        Ok(RegisteredUrl {
            host,
            path,
            path_and_query,
        })
    }

    /// The signed host: lower case, with a port only if it is not the default one.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The path alone, which the listener routes on.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The signed path and query.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }
}

/// The three headers of a signed delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    pub x_ms_date: String,
    pub x_ms_content_sha256: String,
    pub authorization: String,
}

/// The headers as received, each exactly once.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    pub x_ms_date: &'a str,
    pub x_ms_content_sha256: &'a str,
    pub authorization: &'a str,
}

/// `base64(SHA-256(raw body))`.
pub fn content_hash(body: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(body))
}

/// `POST\n<pathAndQuery>\n<date>;<host>;<content hash>`, no trailing newline.
pub fn string_to_sign(url: &RegisteredUrl, date: &str, content_hash: &str) -> String {
    format!(
        "POST\n{}\n{date};{};{content_hash}",
        url.path_and_query, url.host
    )
}

/// `base64(HMAC-SHA256(key = the secret's UTF-8 bytes as given, message))`. The secret is
/// never base64-decoded, even when it looks like base64.
pub fn signature(secret: &Secret, string_to_sign: &str) -> String {
    STANDARD.encode(mac(secret, string_to_sign))
}

fn mac(secret: &Secret, message: &str) -> Vec<u8> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut m = match Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()) {
        Ok(m) => m,
        Err(_) => return Vec::new(),
    };
    m.update(message.as_bytes());
    m.finalize().into_bytes().to_vec()
}

/// Sign a delivery as Vipps would (for tests and the simulator's cross-checks).
pub fn sign(url: &RegisteredUrl, secret: &Secret, date: &str, body: &[u8]) -> SignedHeaders {
    let hash = content_hash(body);
    let sig = signature(secret, &string_to_sign(url, date, &hash));
    SignedHeaders {
        x_ms_date: date.to_string(),
        x_ms_content_sha256: hash,
        authorization: format!("{AUTH_PREFIX}{sig}"),
    }
}

/// Check a delivery against every secret held (several during a re-registration), then the
/// freshness of its date. `max_age` applies both ways, for clocks that run ahead.
pub fn verify(
    url: &RegisteredUrl,
    secrets: &[Secret],
    received: Received<'_>,
    body: &[u8],
    now: SystemTime,
    max_age: Duration,
) -> Result<(), VerifyError> {
    let hash = content_hash(body);
    if !bool::from(
        hash.as_bytes()
            .ct_eq(received.x_ms_content_sha256.as_bytes()),
    ) {
        return Err(VerifyError::ContentHash);
    }
    let given = received
        .authorization
        .strip_prefix(AUTH_PREFIX)
        .and_then(|b64| STANDARD.decode(b64).ok())
        .ok_or(VerifyError::MalformedAuthorization)?;
    let message = string_to_sign(url, received.x_ms_date, &hash);
    let mut matched = false;
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        // No early exit: the time taken does not tell which secret matched.
        matched |= bool::from(mac(secret, &message).ct_eq(&given));
    }
    if !matched {
        return Err(VerifyError::Signature);
    }
    let sent = httpdate::parse_http_date(received.x_ms_date).map_err(|_| VerifyError::BadDate)?;
    let skew = match now.duration_since(sent) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    if skew > max_age {
        return Err(VerifyError::Stale(skew.as_secs()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_host_and_path() {
        let u = RegisteredUrl::parse("https://Pos.Example.com:443/vipps/webhooks?store=oslo-1")
            .unwrap();
        assert_eq!(u.host(), "pos.example.com");
        assert_eq!(u.path(), "/vipps/webhooks");
        assert_eq!(u.path_and_query(), "/vipps/webhooks?store=oslo-1");
        let u = RegisteredUrl::parse("https://pos.example.com:8443/hook#frag").unwrap();
        assert_eq!(u.host(), "pos.example.com:8443");
        assert_eq!(u.path_and_query(), "/hook");
        let u = RegisteredUrl::parse("http://127.0.0.1:80/").unwrap();
        assert_eq!(u.host(), "127.0.0.1");
        for bad in ["/relative", "ftp://x/y", "not a url", "https://"] {
            assert!(RegisteredUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
