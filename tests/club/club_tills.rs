//! Two real till runtimes (headless: the core, effects, SQLite files, simulator) sharing one
//! club service on one real PostgreSQL: what one till learns, the other knows; with the
//! service or the database gone, the tills sell on and catch up afterwards, never twice.

use crate::club_support;

use club_support::{fresh_database, till_config, Cluster, Service};
use kasse::club::wire::WireMember;
use kasse::runtime::Headless;
use kasse::sim::{SimConfig, SimUser};
use kasse::store::Store;
use kasse::till::{Action, ClubState, EnrolPhase, Membership, Msg};
use std::path::Path;
use std::time::Duration;

/// Generous: the machine may be loaded; nothing here waits this long when things work.
const WAIT: Duration = Duration::from_secs(30);

fn fast_sim() -> SimConfig {
    SimConfig {
        login_interval_secs: 1,
        webhook_retry_base: Duration::from_millis(100),
        ..SimConfig::default()
    }
}

async fn till(dir: &Path, pos: &str, svc_url: &str, token: &str) -> Headless {
    let mut t = Headless::start(&till_config(dir, pos, svc_url, token), fast_sim())
        .await
        .unwrap();
    assert!(
        t.run_until(WAIT, |s| s.status.club == ClubState::Online)
            .await,
        "{pos} never reached the club"
    );
    t
}

fn store(dir: &Path, pos: &str) -> Store {
    Store::open(&dir.join(format!("{pos}.sqlite"))).unwrap()
}

/// Customers of the simulator who are not demo members and can log in.
fn guests(t: &Headless) -> Vec<SimUser> {
    t.edges
        .sim
        .as_ref()
        .unwrap()
        .users()
        .into_iter()
        .skip(2)
        .filter(|u| !u.old_app && u.msisdn.as_str().starts_with("47"))
        .collect()
}

/// Polls the till's SQLite file until `done` holds for the cached member (or WAIT passes).
async fn cache_until(
    dir: &Path,
    pos: &str,
    u: &SimUser,
    done: impl Fn(Option<&kasse::domain::Member>) -> bool,
) -> bool {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let m = store(dir, pos).member_by_msisdn(&u.msisdn).unwrap();
        if done(m.as_ref()) {
            return true;
        }
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn greet(t: &mut Headless, u: &SimUser) -> Membership {
    // The next customer: a fresh sale when the basket is empty (F12), else the same customer
    // scanned again would be "already identified" and not looked up.
    if t.state.basket.is_empty() {
        t.handle(Msg::Action(Action::NewSale));
    } else {
        t.state.customer = None;
    }
    t.handle(Msg::Scan {
        payload: u.qr_clear_text.clone(),
    });
    assert!(
        t.run_until(WAIT, |s| s
            .customer
            .as_ref()
            .is_some_and(|c| c.membership != Membership::Looking))
            .await
    );
    t.state.customer.as_ref().unwrap().membership.clone()
}

/// The cashier enrols the customer on screen with Vipps Login; the simulator consents.
async fn enrol(t: &mut Headless, u: &SimUser) {
    assert_eq!(greet(t, u).await, Membership::NotMember);
    t.handle(Msg::Action(Action::Enroll));
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.enrolment.as_ref().map(|e| &e.phase),
            Some(EnrolPhase::Waiting { .. })
        ))
        .await
    );
    let auth_req_id = match &t.state.enrolment.as_ref().unwrap().phase {
        EnrolPhase::Waiting { auth_req_id, .. } => auth_req_id.clone(),
        _ => unreachable!(),
    };
    t.edges
        .sim
        .as_ref()
        .unwrap()
        .consent_login(&auth_req_id)
        .unwrap();
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.customer.as_ref().map(|c| &c.membership),
            Some(Membership::Member { .. })
        ))
        .await,
        "not enrolled: {:?}",
        t.state.notice
    );
}

async fn count(svc_pool: &deadpool_postgres::Pool, sql: &str) -> i64 {
    let c = svc_pool.get().await.unwrap();
    c.query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolled_at_one_till_greeted_at_the_other_and_forgotten_at_both() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let (k1, k2) = (svc.token("till1").await, svc.token("till2").await);
    let mut t1 = till(dir.path(), "till1", &svc.url(), &k1).await;
    let mut t2 = till(dir.path(), "till2", &svc.url(), &k2).await;
    let guest = guests(&t1)[0].clone();

    enrol(&mut t1, &guest).await;
    // The other till's cache fills from the feed: the greeting never waits on the network.
    assert!(
        cache_until(dir.path(), "till2", &guest, |m| m.is_some()).await,
        "the feed never brought the member to till2"
    );
    let cached = store(dir.path(), "till2")
        .member_by_msisdn(&guest.msisdn)
        .unwrap()
        .unwrap();
    assert_eq!(cached.sub.as_deref(), Some(guest.sub.as_str()));
    assert_eq!(
        greet(&mut t2, &guest).await,
        Membership::Member {
            name: Some(guest.name.clone())
        }
    );
    assert_eq!(
        count(&svc.pool, "SELECT count(*) FROM club_members").await,
        1
    );

    // Forgotten in the club: both caches drop the member.
    let club = kasse::config::Club {
        url: svc.url(),
        token: kasse::secret::Secret::new(k1.clone()),
        sync_secs: 1,
        lookup_timeout_ms: 500,
    };
    let client =
        kasse::club::client::ClubClient::new(&club.url, club.token, Duration::from_secs(5))
            .unwrap();
    assert!(client.forget(&guest.msisdn).await.unwrap());
    for pos in ["till1", "till2"] {
        assert!(
            cache_until(dir.path(), pos, &guest, |m| m.is_none()).await,
            "{pos} still holds the forgotten member"
        );
    }
    assert_eq!(greet(&mut t2, &guest).await, Membership::NotMember);
    t1.stop().await;
    t2.stop().await;
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cache_miss_asks_the_service() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let k1 = svc.token("till1").await;
    // Slow feed (an hour): only the miss path can find the member.
    let mut cfg = till_config(dir.path(), "till1", &svc.url(), &k1);
    cfg.club.as_mut().unwrap().sync_secs = 3600;
    let mut t1 = Headless::start(&cfg, fast_sim()).await.unwrap();
    assert!(
        t1.run_until(WAIT, |s| s.status.club == ClubState::Online)
            .await
    );
    let guest = guests(&t1)[0].clone();
    let client = kasse::club::client::ClubClient::new(
        &svc.url(),
        kasse::secret::Secret::new(svc.token("office").await),
        Duration::from_secs(5),
    )
    .unwrap();
    let w = WireMember {
        msisdn: guest.msisdn.as_str().into(),
        sub: Some(guest.sub.clone()),
        name: Some(guest.name.clone()),
        email: None,
        enrolled_at: 1_767_225_600,
        source: "login".into(),
        consents: None,
    };
    client
        .batch(std::slice::from_ref(&w), "office-1")
        .await
        .unwrap();
    assert!(store(dir.path(), "till1")
        .member_by_msisdn(&guest.msisdn)
        .unwrap()
        .is_none());
    assert!(matches!(
        greet(&mut t1, &guest).await,
        Membership::Member { .. }
    ));
    // ...and the answer is cached for the next scan.
    assert!(store(dir.path(), "till1")
        .member_by_msisdn(&guest.msisdn)
        .unwrap()
        .is_some());
    t1.stop().await;
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_service_stopped_mid_day_the_till_sells_on_and_catches_up_once() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let svc = Service::start(&db).await;
    let addr = svc.addr;
    let dir = tempfile::tempdir().unwrap();
    let (k1, k2) = (svc.token("till1").await, svc.token("till2").await);
    let mut t1 = till(dir.path(), "till1", &svc.url(), &k1).await;
    let mut t2 = till(dir.path(), "till2", &svc.url(), &k2).await;
    let g = guests(&t1);
    let (known, newcomer) = (g[0].clone(), g[1].clone());
    enrol(&mut t1, &known).await;
    assert!(cache_until(dir.path(), "till2", &known, |m| m.is_some()).await);

    let url = svc.url();
    let pool = svc.pool.clone();
    svc.stop().await;
    assert!(
        t2.run_until(WAIT, |s| s.status.club == ClubState::Offline)
            .await,
        "till2 never noticed the club was gone"
    );
    // A member the cache knows is a member; the basket fills as always.
    assert!(matches!(
        greet(&mut t2, &known).await,
        Membership::Member { .. }
    ));
    let product = t2.edges.demo_products[0].clone();
    t2.handle(Msg::Scan { payload: product });
    assert!(t2.run_until(WAIT, |s| s.basket.lines.len() == 1).await);
    // An enrolment queues.
    enrol(&mut t2, &newcomer).await;
    assert_eq!(store(dir.path(), "till2").club_outbox_waiting().unwrap(), 1);

    // Back on the same address: the outbox goes out, till1 learns the newcomer.
    let svc = Service::start_on(&db, addr).await;
    assert_eq!(svc.url(), url);
    assert!(
        t2.run_until(WAIT, |s| s.status.club == ClubState::Online)
            .await,
        "till2 never came back online"
    );
    assert!(cache_until(dir.path(), "till1", &newcomer, |m| m.is_some()).await);
    let s2 = store(dir.path(), "till2");
    assert_eq!(s2.club_outbox_waiting().unwrap(), 0);
    assert_eq!(count(&pool, "SELECT count(*) FROM club_members").await, 2);
    // One write per enrolment, none repeated.
    assert_eq!(count(&pool, "SELECT count(*) FROM club_requests").await, 2);
    t1.stop().await;
    t2.stop().await;
    svc.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_restarted_under_load_loses_and_doubles_nothing() {
    // Restarting needs a cluster of this test's own, whatever KASSE_TEST_PG says.
    let mut cluster = match Cluster::start() {
        Ok(c) => c,
        Err(e) => {
            club_support::unavailable(&e);
            return;
        }
    };
    let db = cluster.url("postgres");
    let svc = Service::start(&db).await;
    let token = svc.token("till1").await;
    let url = svc.url();
    let load = |i: usize| {
        let (url, token) = (url.clone(), token.clone());
        tokio::spawn(async move {
            let client = kasse::club::client::ClubClient::new(
                &url,
                kasse::secret::Secret::new(token),
                Duration::from_secs(5),
            )
            .unwrap();
            let (mut ok, mut failed) = (0u32, 0u32);
            // Each writer sends its members in order, retrying each with its own key until
            // the service has it: as a till's outbox does.
            for n in 0..20 {
                let w = WireMember {
                    msisdn: format!("479{i:02}{n:03}00").chars().take(10).collect(),
                    sub: Some(format!("sub-{i}-{n}")),
                    name: None,
                    email: None,
                    enrolled_at: 1,
                    source: "login".into(),
                    consents: None,
                };
                let body = serde_json::to_string(&w).unwrap();
                loop {
                    match client.put_member_raw(&body, &format!("k-{i}-{n}")).await {
                        Ok(()) => {
                            ok += 1;
                            break;
                        }
                        Err(e) => {
                            assert!(e.is_transient(), "{e}");
                            failed += 1;
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
            (ok, failed)
        })
    };
    let writers: Vec<_> = (0..4).map(load).collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    tokio::task::block_in_place(|| {
        cluster.stop();
        std::thread::sleep(Duration::from_millis(500));
        cluster.run().unwrap();
    });
    let mut failures = 0;
    for w in writers {
        let (ok, failed) = w.await.unwrap();
        assert_eq!(ok, 20);
        failures += failed;
    }
    eprintln!("requests refused while PostgreSQL was down: {failures}");
    assert_eq!(
        count(&svc.pool, "SELECT count(*) FROM club_members").await,
        80
    );
    assert_eq!(
        count(&svc.pool, "SELECT count(*) FROM club_requests").await,
        80
    );
    let versions = count(
        &svc.pool,
        "SELECT count(DISTINCT version) FROM club_members",
    )
    .await;
    assert_eq!(versions, 80);
    svc.stop().await;
}
