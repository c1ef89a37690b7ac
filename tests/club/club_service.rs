//! The club service against a real PostgreSQL over real HTTP on loopback: who may ask, what
//! it refuses, and the member identity rules under real concurrency.

use crate::club_support;

use club_support::{fresh_database, Service};
use kasse::club::wire::{ChangePage, ClubMember, WireMember};
use reqwest::StatusCode;
use serde_json::json;

fn member(msisdn: &str, sub: Option<&str>, name: &str) -> WireMember {
    WireMember {
        msisdn: msisdn.into(),
        sub: sub.map(Into::into),
        name: Some(name.into()),
        email: None,
        enrolled_at: 1_767_225_600,
        source: "login".into(),
        consents: None,
    }
}

async fn put(
    http: &reqwest::Client,
    svc: &Service,
    token: &str,
    key: &str,
    body: &WireMember,
) -> reqwest::Response {
    http.put(format!("{}/v1/members", svc.url()))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn get(http: &reqwest::Client, svc: &Service, token: &str, path: &str) -> reqwest::Response {
    http.get(format!("{}{path}", svc.url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn error_of(r: reqwest::Response) -> String {
    r.json::<serde_json::Value>().await.unwrap()["error"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_or_unknown_token_is_refused() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let http = reqwest::Client::new();
    let token = svc.token("till1").await;
    let path = "/v1/members/phone/4791234567";
    assert_eq!(
        get(&http, &svc, &token, path).await.status(),
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        get(&http, &svc, "kct_guessed", path).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let none = http
        .get(format!("{}{path}", svc.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);

    assert!(kasse::club::tokens::revoke(&svc.pool, "till1")
        .await
        .unwrap());
    let r = get(&http, &svc, &token, path).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(error_of(r).await.contains("revoked"));
    // The list shows it revoked; a new token for the till works, the old one stays dead.
    let list = kasse::club::tokens::list(&svc.pool).await.unwrap();
    assert!(list[0].2.is_some(), "{list:?}");
    let fresh = svc.token("till1").await;
    assert_eq!(
        get(&http, &svc, &fresh, path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&http, &svc, &token, path).await.status(),
        StatusCode::UNAUTHORIZED
    );
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_requests_are_refused() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let http = reqwest::Client::new();
    let token = svc.token("till1").await;
    let url = format!("{}/v1/members", svc.url());
    let send = |body: Vec<u8>, key: Option<&str>| {
        let mut r = http
            .put(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body);
        if let Some(k) = key {
            r = r.header("idempotency-key", k);
        }
        r.send()
    };

    let r = send(b"{not json".to_vec(), Some("k1")).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(error_of(r).await.contains("not a member"));

    let unknown_field = json!({"msisdn": "4791234567", "enrolled_at": 1, "source": "login",
                               "sub": null, "name": null, "email": null, "consents": null,
                               "admin": true});
    let r = send(serde_json::to_vec(&unknown_field).unwrap(), Some("k2"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let mut bad = member("4712", Some("s"), "x");
    let r = send(serde_json::to_vec(&bad).unwrap(), Some("k3"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(error_of(r).await.starts_with("msisdn"));

    bad = member("4791234567", Some("s"), "x");
    let r = send(serde_json::to_vec(&bad).unwrap(), None).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "no idempotency key");
    let r = send(serde_json::to_vec(&bad).unwrap(), Some("bad key!"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let mut huge = member("4791234567", Some("s"), "x");
    huge.consents = Some("x".repeat(200 * 1024));
    let r = send(serde_json::to_vec(&huge).unwrap(), Some("k4"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let mut long_name = member("4791234567", Some("s"), "x");
    long_name.name = Some("n".repeat(1000));
    let r = send(serde_json::to_vec(&long_name).unwrap(), Some("k5"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // One key, one body: the same key with another body is refused, the same body replayed.
    let a = member("4791234567", Some("sub-a"), "Kari");
    assert_eq!(
        send(serde_json::to_vec(&a).unwrap(), Some("k6"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        send(serde_json::to_vec(&a).unwrap(), Some("k6"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let other = member("4791234567", Some("sub-a"), "Someone else");
    let r = send(serde_json::to_vec(&other).unwrap(), Some("k6"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let too_many: Vec<WireMember> = (0..1001)
        .map(|i| member(&format!("47900{i:05}"), None, "x"))
        .collect();
    let r = http
        .post(format!("{}/v1/members/batch", svc.url()))
        .bearer_auth(&token)
        .header("idempotency-key", "b1")
        .json(&too_many)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

    for path in [
        "/v1/members/phone/47%27%3B--",
        "/v1/members/sub/a%20b",
        "/v1/changes?since=-1",
        "/v1/changes?since=abc",
    ] {
        assert_eq!(
            get(&http, &svc, &token, path).await.status(),
            StatusCode::BAD_REQUEST,
            "{path}"
        );
    }
    assert_eq!(
        get(&http, &svc, &token, "/v1/nothing").await.status(),
        StatusCode::NOT_FOUND
    );
    // Nothing of it reached the register but the one good member.
    let page: ChangePage = get(&http, &svc, &token, "/v1/changes?since=0")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.changes.len(), 1);
    assert_eq!(
        page.changes[0].member.as_ref().unwrap().name.as_deref(),
        Some("Kari")
    );
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_customer_enrolled_at_many_tills_at_once_is_one_member() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let t1 = svc.token("till1").await;
    let t2 = svc.token("till2").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let url = svc.url();
        let token = if i % 2 == 0 { t1.clone() } else { t2.clone() };
        tasks.push(tokio::spawn(async move {
            // A connection each, so the requests really race.
            let http = reqwest::Client::new();
            http.put(format!("{url}/v1/members"))
                .bearer_auth(token)
                .header("idempotency-key", format!("enrol-{i}"))
                .json(&member("4791234567", Some("sub-kari"), "Kari"))
                .send()
                .await
                .unwrap()
                .json::<ClubMember>()
                .await
                .unwrap()
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap().id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one member, whoever was first: {ids:?}");
    let client = svc.pool.get().await.unwrap();
    let n: i64 = client
        .query_one("SELECT count(*) FROM club_members", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_change_keeps_the_member_and_the_number_moves() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let http = reqwest::Client::new();
    let token = svc.token("till1").await;
    let kari: ClubMember = put(
        &http,
        &svc,
        &token,
        "a",
        &member("4791234567", Some("sub-kari"), "Kari"),
    )
    .await
    .json()
    .await
    .unwrap();
    // Imported without a sub, then logs in: adopted, not doubled.
    let mut ola = member("4798765432", None, "Ola");
    ola.source = "import".into();
    let ola_row: ClubMember = put(&http, &svc, &token, "b", &ola)
        .await
        .json()
        .await
        .unwrap();
    let ola_login: ClubMember = put(
        &http,
        &svc,
        &token,
        "c",
        &member("4798765432", Some("sub-ola"), "Ola N"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(ola_login.id, ola_row.id);
    assert_eq!(ola_login.sub.as_deref(), Some("sub-ola"));

    // Kari gets a new number: same member, found under the new one, gone under the old.
    let moved: ClubMember = put(
        &http,
        &svc,
        &token,
        "d",
        &member("4791111111", Some("sub-kari"), "Kari"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(moved.id, kari.id);
    assert_eq!(
        get(&http, &svc, &token, "/v1/members/phone/4791234567")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let by_sub: ClubMember = get(&http, &svc, &token, "/v1/members/sub/sub-kari")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_sub.msisdn.as_deref(), Some("4791111111"));

    // Ola's old number is recycled to Kari: Ola keeps his membership without a number.
    let recycled: ClubMember = put(
        &http,
        &svc,
        &token,
        "e",
        &member("4798765432", Some("sub-kari"), "Kari"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(recycled.id, kari.id);
    let ola_now: ClubMember = get(&http, &svc, &token, "/v1/members/sub/sub-ola")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ola_now.msisdn, None);
    assert!(
        ola_now.version > ola_login.version,
        "the feed tells the tills"
    );
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forget_leaves_only_a_tombstone_in_the_feed() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let http = reqwest::Client::new();
    let token = svc.token("till1").await;
    let kari: ClubMember = put(
        &http,
        &svc,
        &token,
        "a",
        &member("4791234567", Some("sub-kari"), "Kari"),
    )
    .await
    .json()
    .await
    .unwrap();
    let r = http
        .delete(format!("{}/v1/members/phone/4791234567", svc.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["forgotten"],
        true
    );
    let page: ChangePage = get(&http, &svc, &token, "/v1/changes?since=0")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.changes.len(), 1);
    assert!(page.changes[0].forgotten);
    assert_eq!(page.changes[0].id, kari.id);
    assert!(page.changes[0].member.is_none());
    let text = serde_json::to_string(&page).unwrap();
    assert!(
        !text.contains("4791234567") && !text.contains("Kari"),
        "{text}"
    );
    // A replay of the enrolment's key does not bring the member back.
    let r = put(
        &http,
        &svc,
        &token,
        "a",
        &member("4791234567", Some("sub-kari"), "Kari"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(
        get(&http, &svc, &token, "/v1/members/phone/4791234567")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_service_instances_start_on_one_database_at_once() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move { Service::start(&db).await })
        })
        .collect();
    let mut services = Vec::new();
    for s in starts {
        services.push(s.await.unwrap());
    }
    let token = services[0].token("till1").await;
    let http = reqwest::Client::new();
    put(
        &http,
        &services[1],
        &token,
        "a",
        &member("4791234567", Some("s"), "Kari"),
    )
    .await;
    let found = get(&http, &services[3], &token, "/v1/members/phone/4791234567").await;
    assert_eq!(found.status(), StatusCode::OK);
    for s in services {
        s.stop().await;
    }
}
