//! Webhooks that go wrong: dropped, duplicated, delayed, reordered, or a listener the
//! simulator cannot reach at all. A webhook is only a signal; every sale must still end
//! captured exactly once, with polling as the floor.

use kasse::config::Config;
use kasse::runtime::Headless;
use kasse::sim::{Faults, Sim, SimConfig};
use kasse::store::{SaleState, Store};
use kasse::till::{Action, ApiHealth, Membership, Msg, WebhookState};
use kasse::vipps::EventName;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

fn fast_sim() -> SimConfig {
    SimConfig {
        login_interval_secs: 1,
        webhook_retry_base: Duration::from_millis(50),
        webhook_retry_max: Duration::from_millis(400),
        ..SimConfig::default()
    }
}

fn demo_config(dir: &Path) -> Config {
    let text = format!(
        "language = \"en\"\n[database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
        dir.join("till.sqlite").display(),
        dir.join("kasse.log").display()
    );
    Config::from_str_with(&text, None, &|_| None).unwrap()
}

/// A member, two products, pay, the customer approves: the sale must end captured once.
async fn sale_captured_once(t: &mut Headless, sim: &Sim, dir: &Path) {
    let qr = sim.users()[0].qr_clear_text.clone();
    t.handle(Msg::Scan { payload: qr });
    assert!(
        t.run_until(WAIT, |s| s
            .customer
            .as_ref()
            .is_some_and(|c| matches!(c.membership, Membership::Member { .. })))
            .await
    );
    let products = t.edges.demo_products.clone();
    for p in products.iter().take(2) {
        t.handle(Msg::Scan { payload: p.clone() });
    }
    assert!(t.run_until(WAIT, |s| s.basket.lines.len() == 2).await);
    t.handle(Msg::Action(Action::Pay));
    assert!(t.run_until(WAIT, |_| !sim.pending().is_empty()).await);
    let reference = t.state.payment.as_ref().unwrap().reference.clone();
    sim.approve_payment(&reference).unwrap();
    assert!(
        t.run_until(WAIT, |s| s.done.is_some()).await,
        "{:?}",
        t.state.notice
    );
    assert_eq!(t.state.status.api, ApiHealth::Ok);
    let p = t.edges.client.get_payment(&reference).await.unwrap();
    let events = t.edges.client.payment_events(&reference).await.unwrap();
    let captures = events
        .iter()
        .filter(|e| e.name == EventName::Captured && e.success)
        .count();
    let total = t.state.done.as_ref().unwrap().total.minor;
    assert_eq!(p.aggregate.captured_amount.value, total);
    assert_eq!(captures, 1, "{events:?}");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        // A fresh connection per look: each sees the latest commit.
        let store = Store::open(&dir.join("till.sqlite")).unwrap();
        let sale = store.sale_by_reference(&reference).unwrap().unwrap();
        if sale.state == SaleState::Captured {
            assert_eq!(sale.captured, total);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{:?}", sale.state);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_duplicated_delayed_and_reordered_webhooks_still_capture_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Headless::start(&demo_config(dir.path()), fast_sim())
        .await
        .unwrap();
    let sim = t.edges.sim.clone().unwrap();
    assert!(
        t.run_until(WAIT, |s| s.status.webhooks == WebhookState::Live)
            .await
    );
    let kinds = [
        (
            "dropped",
            Faults {
                webhook_drop_rate: 1.0,
                ..Faults::default()
            },
        ),
        (
            "duplicated",
            Faults {
                webhook_duplicate_rate: 1.0,
                ..Faults::default()
            },
        ),
        (
            "delayed",
            Faults {
                webhook_delay_ms: 1_500,
                ..Faults::default()
            },
        ),
        (
            "reordered",
            Faults {
                webhook_reorder_rate: 1.0,
                ..Faults::default()
            },
        ),
        (
            "all at once",
            Faults {
                webhook_drop_rate: 0.3,
                webhook_duplicate_rate: 0.5,
                webhook_delay_ms: 200,
                webhook_reorder_rate: 0.5,
                ..Faults::default()
            },
        ),
    ];
    for (name, faults) in kinds {
        sim.set_faults(faults);
        sale_captured_once(&mut t, &sim, dir.path()).await;
        eprintln!("webhooks {name}: captured once");
    }
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_listener_leaves_the_poll_to_finish_the_sale() {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::start(SocketAddr::from(([127, 0, 0, 1], 0)), fast_sim())
        .await
        .unwrap();
    // Registered at a loopback port where nothing listens: every delivery fails.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let text = format!(
        "environment = \"test\"\nlanguage = \"en\"\n\
         {}checkin = false\n\
         [database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
        sim.vipps_table(),
        dir.path().join("till.sqlite").display(),
        dir.path().join("kasse.log").display(),
    );
    let config = Config::from_str_with(&text, None, &|_| None).unwrap();
    Store::open(&config.database).unwrap().seed_demo().unwrap();
    let client = kasse::vipps::VippsClient::new(&config.vipps).unwrap();
    client
        .register_webhook(
            &format!("http://127.0.0.1:{dead_port}/vipps/webhooks"),
            &kasse::vipps::EVENTS
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>(),
        )
        .await
        .unwrap();
    let mut t = Headless::start(&config, fast_sim()).await.unwrap();
    assert_eq!(t.state.status.webhooks, WebhookState::PollingOnly);
    sale_captured_once(&mut t, &sim, dir.path()).await;
    assert_eq!(t.state.status.webhooks, WebhookState::PollingOnly);
    t.stop().await;
    sim.shutdown().await;
}

/// Issue 17.15: a webhook port that is busy when the till starts is bound as soon as it is
/// free (with back-off), and the status bar says it is retrying meanwhile, not "polling only"
/// for the whole run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_webhook_port_is_bound_once_it_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::start(SocketAddr::from(([127, 0, 0, 1], 0)), fast_sim())
        .await
        .unwrap();
    let blocker = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = blocker.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/vipps/webhooks");
    let text = format!(
        "environment = \"test\"\nlanguage = \"en\"\n\
         {}\
         [database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n\
         [webhook]\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"{url}\"\n",
        sim.vipps_table(),
        dir.path().join("till.sqlite").display(),
        dir.path().join("kasse.log").display(),
    );
    let config = Config::from_str_with(&text, None, &|_| None).unwrap();
    let mut store = Store::open(&config.database).unwrap();
    store.seed_demo().unwrap();
    let events: Vec<String> = kasse::vipps::EVENTS.iter().map(|e| e.to_string()).collect();
    let reg = kasse::vipps::VippsClient::new(&config.vipps)
        .unwrap()
        .register_webhook(&url, &events)
        .await
        .unwrap();
    store
        .save_registration(&kasse::store::Registration {
            id: reg.id,
            url,
            events,
            secret: reg.secret,
            created_at: 0,
        })
        .unwrap();
    drop(store);
    let mut t = Headless::start(&config, fast_sim()).await.unwrap();
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.status.webhooks,
            WebhookState::Retrying { .. }
        ))
        .await,
        "the busy port is said: {:?}",
        t.state.status.webhooks
    );
    drop(blocker);
    assert!(
        t.run_until(WAIT, |s| s.status.webhooks == WebhookState::Live)
            .await,
        "bound once free: {:?}",
        t.state.status.webhooks
    );
    sale_captured_once(&mut t, &sim, dir.path()).await;
    // The sale's events reached the listener that was bound late, and were kept.
    let deadline = std::time::Instant::now() + WAIT;
    while Store::open(&config.database)
        .unwrap()
        .webhook_events()
        .unwrap()
        .is_empty()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no webhook reached the late listener"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sim.shutdown().await;
}
