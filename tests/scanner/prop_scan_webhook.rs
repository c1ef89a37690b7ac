//! Property tests for the scanner framing and the webhook signature: whatever the split, a framed
//! payload comes back whole; whatever is signed verifies, and any changed byte does not.

use kasse::scanner::{Framer, FramingConfig, Terminator};
use kasse::secret::Secret;
use kasse::webhook::verify::{verify, Received};
use kasse::webhook::{sign, RegisteredUrl, VerifyError, WebhookEvent};
use proptest::prelude::*;
use std::time::{Duration, Instant, SystemTime};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        ..ProptestConfig::default()
    }
}

fn terminator() -> impl Strategy<Value = Terminator> {
    prop_oneof![
        Just(Terminator::Cr),
        Just(Terminator::Lf),
        Just(Terminator::CrLf),
        Just(Terminator::Tab),
        Just(Terminator::None),
    ]
}

fn wire_end(t: Terminator) -> &'static [u8] {
    match t {
        Terminator::Cr => b"\r",
        Terminator::Lf => b"\n",
        Terminator::CrLf => b"\r\n",
        Terminator::Tab => b"\t",
        Terminator::None => b"",
    }
}

/// Printable text as a scanner sends it: no control characters, not starting with an AIM `]`.
fn payload() -> impl Strategy<Value = String> {
    "[^\\]\\p{Cc}][^\\p{Cc}]{0,120}"
}

/// Cut `bytes` at the given points (taken modulo the length), in order.
fn split_at_points(bytes: &[u8], points: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = points.iter().map(|p| p % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts {
        out.push(bytes[from..c].to_vec());
        from = c;
    }
    out.push(bytes[from..].to_vec());
    out
}

const DATE: &str = "Thu, 26 Nov 2026 07:00:00 GMT";

/// Group separator: legal inside GS1 data.
const GS: char = '\u{1d}';

fn url() -> RegisteredUrl {
    RegisteredUrl::parse("https://till.example.no:8443/vipps/webhooks?store=oslo-1").unwrap()
}

fn now() -> SystemTime {
    httpdate::parse_http_date(DATE).unwrap()
}

fn check(
    secret: &Secret,
    date: &str,
    hash: &str,
    auth: &str,
    body: &[u8],
) -> Result<(), VerifyError> {
    let received = Received {
        x_ms_date: date,
        x_ms_content_sha256: hash,
        authorization: auth,
    };
    verify(
        &url(),
        std::slice::from_ref(secret),
        received,
        body,
        now(),
        Duration::from_secs(300),
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn framed_payloads_come_back_whole_however_split(
        payloads in proptest::collection::vec(payload(), 1..5),
        t in terminator(),
        prefix in "[#@]{0,2}",
        suffix in "[~!]{0,2}",
        points in proptest::collection::vec(0usize..10_000, 0..8),
    ) {
        let cfg = FramingConfig {
            terminator: t,
            idle_timeout: Some(Duration::from_millis(100)),
            prefix: prefix.clone().into_bytes(),
            suffix: suffix.clone().into_bytes(),
            ..FramingConfig::default()
        };
        let mut framer = Framer::new(cfg);
        let start = Instant::now();
        let mut got = Vec::new();
        for (i, p) in payloads.iter().enumerate() {
            // A scanner's bytes come in bursts; scans are apart by more than the idle gap.
            let at = start + Duration::from_secs(i as u64);
            let wire = [prefix.as_bytes(), p.as_bytes(), suffix.as_bytes(), wire_end(t)].concat();
            for chunk in split_at_points(&wire, &points) {
                got.extend(framer.push(&chunk, at));
            }
            got.extend(framer.poll_idle(at + Duration::from_millis(500)));
        }
        let payloads_out: Vec<String> = got
            .into_iter()
            .map(|r| r.map(|f| f.payload))
            .collect::<Result<_, _>>()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(payloads_out, payloads);
    }

    #[test]
    fn random_bytes_never_panic_the_framer(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        t in terminator(),
        points in proptest::collection::vec(0usize..10_000, 0..8),
        max_len in 1usize..64,
    ) {
        let cfg = FramingConfig { terminator: t, max_len, ..FramingConfig::default() };
        let mut framer = Framer::new(cfg);
        let at = Instant::now();
        let mut frames = Vec::new();
        for chunk in split_at_points(&bytes, &points) {
            frames.extend(framer.push(&chunk, at));
        }
        frames.extend(framer.poll_idle(at + Duration::from_secs(1)));
        for f in frames.into_iter().flatten() {
            prop_assert!(f.payload.len() <= max_len);
            let clean = f.payload.chars().all(|c| !c.is_control() || c == GS);
            prop_assert!(clean, "control character in {:?}", f.payload);
        }
    }

    #[test]
    fn signed_deliveries_verify(body in proptest::collection::vec(any::<u8>(), 0..2048), key in "[ -~]{1,64}") {
        let secret = Secret::new(key);
        let h = sign(&url(), &secret, DATE, &body);
        prop_assert_eq!(
            check(&secret, &h.x_ms_date, &h.x_ms_content_sha256, &h.authorization, &body),
            Ok(())
        );
    }

    #[test]
    fn any_changed_body_byte_fails(
        body in proptest::collection::vec(any::<u8>(), 1..2048),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let secret = Secret::new("webhook-secret-for-property-tests");
        let h = sign(&url(), &secret, DATE, &body);
        let mut changed = body.clone();
        let i = at.index(changed.len());
        changed[i] ^= flip;
        prop_assert!(check(&secret, &h.x_ms_date, &h.x_ms_content_sha256, &h.authorization, &changed).is_err());
        // Nor does re-hashing the changed body help a forger without the secret.
        let forged = sign(&url(), &Secret::new("guess"), DATE, &changed);
        prop_assert_eq!(
            check(&secret, &forged.x_ms_date, &forged.x_ms_content_sha256, &forged.authorization, &changed),
            Err(VerifyError::Signature)
        );
    }

    #[test]
    fn random_headers_never_verify(
        date in "\\PC{0,40}",
        hash in "\\PC{0,60}",
        auth in "\\PC{0,80}",
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let secret = Secret::new("webhook-secret-for-property-tests");
        prop_assert!(check(&secret, &date, &hash, &auth, &body).is_err());
    }

    #[test]
    fn random_bodies_parse_or_fail_cleanly(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(e) = WebhookEvent::parse(&body) {
            prop_assert!(!e.dedupe_key().is_empty());
        }
    }

    #[test]
    fn json_shaped_bodies_parse_or_fail_cleanly(
        reference in "\\PC{0,250}",
        psp in "\\PC{0,10}",
        name in prop_oneof![Just("AUTHORIZED"), Just("CAPTURED"), Just("ABORTED"), Just("?")],
        value in any::<i64>(),
    ) {
        let body = serde_json::json!({
            "msn": "123456", "reference": reference, "pspReference": psp, "name": name,
            "amount": {"currency": "NOK", "value": value}, "timestamp": "2026-11-26T07:00:00Z",
            "idempotencyKey": null, "success": true,
        });
        if let Ok(e) = WebhookEvent::parse(body.to_string().as_bytes()) {
            prop_assert!(!e.dedupe_key().is_empty());
            prop_assert!(!reference.is_empty() && reference.len() <= 200);
        }
    }
}
