//! Faults at the API through the simulator's controls, end to end through the real core,
//! effects, SQLite file, client and webhook listener (`runtime::Headless`, demo mode): every
//! sale ends right, money moves once, and the state says what is happening meanwhile.

use kasse::config::Config;
use kasse::runtime::Headless;
use kasse::sim::{FailNext, Faults, Sim, SimConfig};
use kasse::store::{SaleState, Store};
use kasse::till::{Action, ApiHealth, Membership, Msg, PayStep, Say, State};
use kasse::vipps::EventName;
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

fn config(dir: &Path, timeout_ms: u64) -> Config {
    let text = format!(
        "language = \"en\"\n[vipps]\ntimeout_ms = {timeout_ms}\n\
         [database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
        dir.join("till.sqlite").display(),
        dir.join("kasse.log").display()
    );
    Config::from_str_with(&text, None, &|_| None).unwrap()
}

fn fast_sim() -> SimConfig {
    SimConfig {
        login_interval_secs: 1,
        webhook_retry_base: Duration::from_millis(50),
        webhook_retry_max: Duration::from_millis(400),
        ..SimConfig::default()
    }
}

fn sim(t: &Headless) -> Sim {
    t.edges.sim.clone().unwrap()
}

fn notice(s: &State) -> Option<&Say> {
    s.notice.as_ref().map(|n| &n.say)
}

/// A member and two products on the counter (a scan after a finished sale starts the next).
async fn ring_up(t: &mut Headless) {
    let qr = sim(t).users()[0].qr_clear_text.clone();
    t.handle(Msg::Scan { payload: qr });
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.customer.as_ref().map(|c| &c.membership),
            Some(Membership::Member { .. })
        ))
        .await
    );
    let products = t.edges.demo_products.clone();
    for p in products.iter().take(2) {
        t.handle(Msg::Scan { payload: p.clone() });
    }
    assert!(t.run_until(WAIT, |s| s.basket.lines.len() == 2).await);
}

/// Pay and wait until the request is on the customer's phone; its reference.
async fn pay(t: &mut Headless) -> String {
    t.handle(Msg::Action(Action::Pay));
    let s = sim(t);
    assert!(
        t.run_until(WAIT, |_| !s.pending().is_empty()).await,
        "the request never reached the phone: {:?}",
        t.state.notice
    );
    t.state.payment.as_ref().unwrap().reference.clone()
}

/// The simulator's books and the database: authorized and captured exactly the total, one
/// successful capture, the sale closed with the same amount.
async fn captured_once(t: &Headless, dir: &Path, reference: &str) {
    let p = t.edges.client.get_payment(reference).await.unwrap();
    let events = t.edges.client.payment_events(reference).await.unwrap();
    let captures = events
        .iter()
        .filter(|e| e.name == EventName::Captured && e.success)
        .count();
    let deadline = std::time::Instant::now() + WAIT;
    let sale = loop {
        // A fresh connection per look: each sees the latest commit.
        let store = Store::open(&dir.join("till.sqlite")).unwrap();
        let sale = store.sale_by_reference(reference).unwrap().unwrap();
        if sale.state.is_final() || std::time::Instant::now() > deadline {
            break sale;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(p.aggregate.authorized_amount.value, sale.total.minor);
    assert_eq!(p.aggregate.captured_amount.value, sale.total.minor);
    assert_eq!(captures, 1, "{events:?}");
    assert_eq!(sale.state, SaleState::Captured);
    assert_eq!(sale.captured, sale.total.minor);
}

fn burst(count: u32, status: u16) -> Faults {
    Faults {
        fail_next: Some(FailNext { count, status }),
        retry_after_secs: 1,
        ..Faults::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bursts_of_500_503_and_429_are_retried_and_charge_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Headless::start(&config(dir.path(), 5_000), fast_sim())
        .await
        .unwrap();
    for (count, status) in [(3, 500), (3, 503), (2, 429)] {
        ring_up(&mut t).await;
        // The burst meets the create: retried with the same key, so one payment.
        sim(&t).set_faults(burst(count, status));
        let reference = pay(&mut t).await;
        assert_eq!(sim(&t).faults().fail_next, None, "the burst was not spent");
        // And the GET and the capture after the approval.
        sim(&t).set_faults(burst(count, status));
        sim(&t).approve_payment(&reference).unwrap();
        assert!(
            t.run_until(WAIT, |s| s.done.is_some()).await,
            "{status}: {:?}",
            t.state.notice
        );
        assert_eq!(sim(&t).faults().fail_next, None);
        assert_eq!(t.state.status.api, ApiHealth::Ok);
        captured_once(&t, dir.path(), &reference).await;
        let creates = sim(&t).request_count()["POST /epayment/v1/payments"];
        eprintln!("{status} burst of {count}: {creates} create calls so far, one payment");
    }
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_longer_than_the_retries_shows_and_the_poll_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Headless::start(&config(dir.path(), 5_000), fast_sim())
        .await
        .unwrap();
    ring_up(&mut t).await;
    let reference = pay(&mut t).await;
    // The webhook's GET meets four 503s in a row: more than its retries.
    sim(&t).set_faults(burst(4, 503));
    sim(&t).approve_payment(&reference).unwrap();
    assert!(
        t.run_until(WAIT, |s| matches!(s.status.api, ApiHealth::Degraded(_)))
            .await,
        "the till never showed the API trouble"
    );
    assert!(t.state.payment.is_some(), "the sale stays on screen");
    // The poll finishes the sale once the API answers again.
    assert!(t.run_until(WAIT, |s| s.done.is_some()).await);
    assert_eq!(t.state.status.api, ApiHealth::Ok);
    captured_once(&t, dir.path(), &reference).await;
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_beyond_the_client_timeout_shows_and_the_poll_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Headless::start(&config(dir.path(), 300), fast_sim())
        .await
        .unwrap();
    ring_up(&mut t).await;
    let reference = pay(&mut t).await;
    sim(&t).set_faults(Faults {
        latency_ms: 1_000,
        ..Faults::default()
    });
    sim(&t).approve_payment(&reference).unwrap();
    assert!(
        t.run_until(
            WAIT,
            |s| matches!(&s.status.api, ApiHealth::Degraded(m) if m.contains("time"))
        )
        .await,
        "{:?}",
        t.state.status.api
    );
    sim(&t).set_faults(Faults::default());
    assert!(t.run_until(WAIT, |s| s.done.is_some()).await);
    assert_eq!(t.state.status.api, ApiHealth::Ok);
    captured_once(&t, dir.path(), &reference).await;
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_without_an_answer_is_checked_never_repeated_blind() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Headless::start(&config(dir.path(), 300), fast_sim())
        .await
        .unwrap();
    ring_up(&mut t).await;
    sim(&t).set_faults(Faults {
        latency_ms: 1_000,
        ..Faults::default()
    });
    t.handle(Msg::Action(Action::Pay));
    assert!(
        t.run_until(WAIT, |s| notice(s) == Some(&Say::NoAnswerChecking))
            .await,
        "{:?}",
        t.state.notice
    );
    let reference = t.state.payment.as_ref().unwrap().reference.clone();
    assert_eq!(t.state.payment.as_ref().unwrap().step, PayStep::Waiting);
    sim(&t).set_faults(Faults::default());
    // Whether the create landed is for the GET to say; either way the sale ends right.
    let s = sim(&t);
    assert!(
        t.run_until(WAIT, |st| !s.pending().is_empty() || st.payment.is_none())
            .await
    );
    if s.pending().is_empty() {
        // 17.9: an outage, not a rejection.
        assert!(matches!(notice(&t.state), Some(Say::VippsDown { .. })));
        let e = t.edges.client.get_payment(&reference).await.unwrap_err();
        assert_eq!(e.status(), Some(404));
        eprintln!("the create never landed: closed, nothing charged");
    } else {
        s.approve_payment(&reference).unwrap();
        assert!(t.run_until(WAIT, |st| st.done.is_some()).await);
        captured_once(&t, dir.path(), &reference).await;
        let events = t.edges.client.payment_events(&reference).await.unwrap();
        let created = events
            .iter()
            .filter(|e| e.name == EventName::Created)
            .count();
        assert_eq!(created, 1, "one payment however often the create was sent");
        eprintln!("the create landed: one payment, captured once");
    }
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_token_endpoint_moves_no_money_and_the_till_recovers() {
    let dir = tempfile::tempdir().unwrap();
    // Tokens that go stale within the test, so the till must fetch one while it is down.
    let sim_cfg = SimConfig {
        token_lifetime: Duration::from_secs(1),
        ..fast_sim()
    };
    let mut t = Headless::start(&config(dir.path(), 5_000), sim_cfg)
        .await
        .unwrap();
    ring_up(&mut t).await;
    // Let the token fetched at start-up go stale.
    t.run_until(Duration::from_millis(1_200), |_| false).await;
    sim(&t).set_faults(Faults {
        token_endpoint_down: true,
        ..Faults::default()
    });
    t.handle(Msg::Action(Action::Pay));
    assert!(
        t.run_until(WAIT, |s| matches!(s.status.api, ApiHealth::Degraded(_)))
            .await,
        "{:?} {:?}",
        t.state.status.api,
        t.state.notice
    );
    let first = t.state.payment.as_ref().unwrap().reference.clone();
    assert!(sim(&t).pending().is_empty(), "nothing reached the phone");
    sim(&t).set_faults(Faults::default());
    // The request never left: the GET says so and the sale is closed with nothing charged.
    assert!(t.run_until(WAIT, |s| s.payment.is_none()).await);
    // 17.9: said as an outage with nothing charged, not as a rejection, and never as a
    // Login failure (no Login call was made).
    assert!(
        matches!(notice(&t.state), Some(Say::VippsDown { .. })),
        "{:?}",
        t.state.notice
    );
    if let ApiHealth::Degraded(m) = &t.state.status.api {
        assert!(!m.contains("Login"), "{m}");
    }
    assert_eq!(
        t.edges
            .client
            .get_payment(&first)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
    // Paying again is a new payment that goes through.
    let second = pay(&mut t).await;
    assert_ne!(second, first);
    sim(&t).approve_payment(&second).unwrap();
    assert!(t.run_until(WAIT, |s| s.done.is_some()).await);
    assert_eq!(t.state.status.api, ApiHealth::Ok);
    captured_once(&t, dir.path(), &second).await;
    t.stop().await;
}
