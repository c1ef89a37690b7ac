//! The HMAC algorithm against the two worked examples, and its negative cases, without a
//! network in between (the listener tests repeat them over loopback).

use kasse::secret::Secret;
use kasse::webhook::verify::{content_hash, signature, string_to_sign, verify, Received};
use kasse::webhook::{sign, RegisteredUrl, VerifyError};
use std::time::{Duration, SystemTime};

// Vector 1: the official docs' example.
const V1_SECRET: &str =
    "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A==";
const V1_URL: &str = "https://webhook.site/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63";
const V1_DATE: &str = "Thu, 30 Mar 2023 08:38:32 GMT";
const V1_BODY: &str =
    r#"{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}"#;
const V1_HASH: &str = "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4=";
const V1_SIG: &str = "agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U=";

// Vector 2: a worked ePayment example.
const V2_SECRET: &str = "5b0a7c1e-8d3f-4c2a-9e61-2f4b7d9a0c13";
const V2_URL: &str = "https://pos.example.com/vipps/webhooks?store=oslo-1";
const V2_DATE: &str = "Tue, 14 Apr 2026 10:15:30 GMT";
const V2_BODY: &str = r#"{"msn":"123456","reference":"pos-oslo1-20260414-000123","pspReference":"a3f1c2d4-1111-2222-3333-444455556666","name":"AUTHORIZED","amount":{"currency":"NOK","value":24900},"timestamp":"2026-04-14T10:15:29.512Z","idempotencyKey":"pos-oslo1-20260414-000123-create","success":true}"#;
const V2_HASH: &str = "PoP2UK4dgN/eiRD2RTTeka+DeKRZJLCX88R4no650/U=";
const V2_SIG: &str = "tzjXhcntEF6a1xfSZhO5jXz5fQe2SavZtMgr9GZNh7Q=";
const PREFIX: &str = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";

fn at(date: &str) -> SystemTime {
    httpdate::parse_http_date(date).unwrap() + Duration::from_secs(1)
}

const WINDOW: Duration = Duration::from_secs(15 * 60);

#[test]
fn vector_1_from_the_docs() {
    let url = RegisteredUrl::parse(V1_URL).unwrap();
    assert_eq!(content_hash(V1_BODY.as_bytes()), V1_HASH);
    let h = sign(&url, &Secret::new(V1_SECRET), V1_DATE, V1_BODY.as_bytes());
    assert_eq!(h.x_ms_content_sha256, V1_HASH);
    assert_eq!(h.authorization, format!("{PREFIX}{V1_SIG}"));
    let r = Received {
        x_ms_date: V1_DATE,
        x_ms_content_sha256: V1_HASH,
        authorization: &h.authorization,
    };
    verify(
        &url,
        &[Secret::new(V1_SECRET)],
        r,
        V1_BODY.as_bytes(),
        at(V1_DATE),
        WINDOW,
    )
    .unwrap();
    // The key is the secret's text, not its base64 decoding.
    let s = string_to_sign(&url, V1_DATE, V1_HASH);
    assert_ne!(
        signature(&Secret::new(V1_SECRET), &s),
        "T3+NXHMmhNVEjW5PeJ4Gql70nf0MOXCAY9CoZDxuVQw="
    );
}

#[test]
fn vector_2_worked_example() {
    let url = RegisteredUrl::parse(V2_URL).unwrap();
    assert_eq!(url.host(), "pos.example.com");
    assert_eq!(url.path_and_query(), "/vipps/webhooks?store=oslo-1");
    let s = string_to_sign(&url, V2_DATE, V2_HASH);
    assert_eq!(
        s,
        "POST\n/vipps/webhooks?store=oslo-1\nTue, 14 Apr 2026 10:15:30 GMT;pos.example.com;PoP2UK4dgN/eiRD2RTTeka+DeKRZJLCX88R4no650/U="
    );
    assert_eq!(signature(&Secret::new(V2_SECRET), &s), V2_SIG);
    let h = sign(&url, &Secret::new(V2_SECRET), V2_DATE, V2_BODY.as_bytes());
    assert_eq!(h.x_ms_content_sha256, V2_HASH);
    assert_eq!(h.authorization, format!("{PREFIX}{V2_SIG}"));
}

#[test]
fn negatives_of_vector_2() {
    let url = RegisteredUrl::parse(V2_URL).unwrap();
    let secrets = [Secret::new(V2_SECRET)];
    let auth = format!("{PREFIX}{V2_SIG}");
    let good = Received {
        x_ms_date: V2_DATE,
        x_ms_content_sha256: V2_HASH,
        authorization: &auth,
    };
    let now = at(V2_DATE);
    verify(&url, &secrets, good, V2_BODY.as_bytes(), now, WINDOW).unwrap();

    // Trailing newline: a different hash.
    let nl = format!("{V2_BODY}\n");
    assert_eq!(
        content_hash(nl.as_bytes()),
        "FwOa+WPR58Xonu6hE/5Hl7SrQ+k0lS3KvuaC5pPgcgw="
    );
    assert_eq!(
        verify(&url, &secrets, good, nl.as_bytes(), now, WINDOW),
        Err(VerifyError::ContentHash)
    );

    // Host with a port: a different signature.
    let with_port =
        RegisteredUrl::parse("https://pos.example.com:8443/vipps/webhooks?store=oslo-1").unwrap();
    let s = string_to_sign(&with_port, V2_DATE, V2_HASH);
    assert_eq!(
        signature(&Secret::new(V2_SECRET), &s),
        "+cEMHgPT6B6wc2puK5MP/idD+dK8Q1RRDwl/XUTSHDo="
    );
    assert_eq!(
        verify(&with_port, &secrets, good, V2_BODY.as_bytes(), now, WINDOW),
        Err(VerifyError::Signature)
    );
    // ...while the default port is dropped and verifies.
    let default_port =
        RegisteredUrl::parse("https://pos.example.com:443/vipps/webhooks?store=oslo-1").unwrap();
    verify(
        &default_port,
        &secrets,
        good,
        V2_BODY.as_bytes(),
        now,
        WINDOW,
    )
    .unwrap();

    // Wrong secret; tampered body with its own (matching) hash; a CRLF or base64-decoded key.
    assert_eq!(
        verify(
            &url,
            &[Secret::new("another")],
            good,
            V2_BODY.as_bytes(),
            now,
            WINDOW
        ),
        Err(VerifyError::Signature)
    );
    let tampered = V2_BODY.replace("24900", "24901");
    let th = content_hash(tampered.as_bytes());
    let r = Received {
        x_ms_content_sha256: &th,
        ..good
    };
    assert_eq!(
        verify(&url, &secrets, r, tampered.as_bytes(), now, WINDOW),
        Err(VerifyError::Signature)
    );
    let garbled = format!("{PREFIX}not base64!");
    let r = Received {
        authorization: &garbled,
        ..good
    };
    assert_eq!(
        verify(&url, &secrets, r, V2_BODY.as_bytes(), now, WINDOW),
        Err(VerifyError::MalformedAuthorization)
    );
    let other_scheme = format!("Bearer {V2_SIG}");
    let r = Received {
        authorization: &other_scheme,
        ..good
    };
    assert_eq!(
        verify(&url, &secrets, r, V2_BODY.as_bytes(), now, WINDOW),
        Err(VerifyError::MalformedAuthorization)
    );

    // Stale and future dates, and an unparseable one.
    let late = now + Duration::from_secs(3600);
    assert!(matches!(
        verify(&url, &secrets, good, V2_BODY.as_bytes(), late, WINDOW),
        Err(VerifyError::Stale(_))
    ));
    let early = now - Duration::from_secs(3600);
    assert!(matches!(
        verify(&url, &secrets, good, V2_BODY.as_bytes(), early, WINDOW),
        Err(VerifyError::Stale(_))
    ));
    let bad_date = "yesterday";
    let h = sign(&url, &secrets[0], bad_date, V2_BODY.as_bytes());
    let r = Received {
        x_ms_date: bad_date,
        authorization: &h.authorization,
        ..good
    };
    assert_eq!(
        verify(&url, &secrets, r, V2_BODY.as_bytes(), now, WINDOW),
        Err(VerifyError::BadDate)
    );
    // No secret at all never verifies.
    assert_eq!(
        verify(&url, &[], good, V2_BODY.as_bytes(), now, WINDOW),
        Err(VerifyError::Signature)
    );
    assert_eq!(
        verify(
            &url,
            &[Secret::new("")],
            good,
            V2_BODY.as_bytes(),
            now,
            WINDOW
        ),
        Err(VerifyError::Signature)
    );
}
