//! Webhook verification: random headers and bodies against a fixed secret and URL never pass,
//! and never panic; a correctly signed random body always passes.
#![no_main]

use kasse::secret::Secret;
use kasse::webhook::verify::{verify, Received};
use kasse::webhook::{sign, RegisteredUrl};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

const DATE: &str = "Thu, 26 Nov 2026 07:00:00 GMT";

fn run(data: &[u8]) -> Result<()> {
    static URL: OnceLock<Option<RegisteredUrl>> = OnceLock::new();
    let url = URL
        .get_or_init(|| RegisteredUrl::parse("https://till.example.no/vipps/webhooks?store=1").ok())
        .as_ref()
        .ok_or(libfuzzer_sys::arbitrary::Error::IncorrectFormat)?;
    let secret = Secret::new("fuzz-webhook-secret-0123456789".to_string());
    let now = httpdate::parse_http_date(DATE).unwrap_or(SystemTime::UNIX_EPOCH);
    let mut u = Unstructured::new(data);
    let date: &str = u.arbitrary()?;
    let hash: &str = u.arbitrary()?;
    let auth: &str = u.arbitrary()?;
    let body: &[u8] = u.arbitrary()?;
    let max_age = Duration::from_secs(300);
    let forged = Received {
        x_ms_date: date,
        x_ms_content_sha256: hash,
        authorization: auth,
    };
    let secrets = [secret.clone()];
    assert!(verify(url, &secrets, forged, body, now, max_age).is_err());

    // The same body signed properly passes; with a forged date it is still checked, not panicked.
    let signed = sign(url, &secret, DATE, body);
    let good = Received {
        x_ms_date: &signed.x_ms_date,
        x_ms_content_sha256: &signed.x_ms_content_sha256,
        authorization: &signed.authorization,
    };
    assert!(verify(url, &secrets, good, body, now, max_age).is_ok());
    let odd = sign(url, &secret, date, body);
    let odd_received = Received {
        x_ms_date: &odd.x_ms_date,
        x_ms_content_sha256: &odd.x_ms_content_sha256,
        authorization: &odd.authorization,
    };
    let _ = verify(url, &secrets, odd_received, body, now, max_age);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
