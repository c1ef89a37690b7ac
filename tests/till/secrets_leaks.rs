//! The client secret, the subscription key and the webhook secret never reach the logs, the
//! screen or Debug output: a whole demo sale runs with a TRACE subscriber writing to a buffer.

use kasse::config::Config;
use kasse::runtime::Headless;
use kasse::secret::Secret;
use kasse::sim::{demo_credentials, SimConfig};
use kasse::till::{Action, Membership, Msg, PayStep};
use kasse::webhook::{serve, EventSink, ListenerConfig, SinkError};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

/// Everything the subscriber writes, from every thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn config(dir: &Path) -> Config {
    let text = format!(
        "language = \"en\"\n[database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
        dir.join("till.sqlite").display(),
        dir.join("kasse.log").display()
    );
    Config::from_str_with(&text, None, &|_| None).unwrap()
}

fn screen(t: &Headless) -> String {
    let mut term = Terminal::new(TestBackend::new(140, 45)).unwrap();
    term.draw(|f| kasse::ui::draw(f, &t.state)).unwrap();
    term.backend().to_string()
}

/// The secret, and the forms it could leak in besides the plain text.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine;
    vec![
        secret.to_string(),
        base64::engine::general_purpose::STANDARD.encode(secret),
        format!("{secret:?}"),
    ]
}

fn assert_absent(haystack: &str, secrets: &[(&str, String)], place: &str) {
    for (what, secret) in secrets {
        for form in forms(secret) {
            assert!(!haystack.contains(&form), "the {what} appears in {place}");
        }
    }
}

/// Keys of the events a listener accepted.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl EventSink for Seen {
    fn persist(&self, dedupe_key: &str, _raw: &[u8]) -> Result<bool, SinkError> {
        let mut keys = self.0.lock().map_err(|e| SinkError(e.to_string()))?;
        keys.push(dedupe_key.to_string());
        Ok(true)
    }
}

type Hook = (
    tokio::sync::oneshot::Sender<()>,
    Secret,
    Arc<Mutex<Vec<String>>>,
);

/// A listener of our own, registered with the simulator through the till's client.
async fn second_listener(t: &Headless) -> Hook {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/second", listener.local_addr().unwrap());
    let events: Vec<String> = kasse::vipps::EVENTS.iter().map(|e| e.to_string()).collect();
    let reg = t
        .edges
        .client
        .register_webhook(&url, &events)
        .await
        .unwrap();
    let seen = Seen::default();
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let cfg = ListenerConfig {
        registered_url: url,
        secrets: vec![reg.secret.clone()],
        max_body_bytes: 64 * 1024,
        max_age: Duration::from_secs(900),
    };
    let sink: Arc<dyn EventSink> = Arc::new(seen.clone());
    tokio::spawn(serve(listener, cfg, sink, tx, async move {
        let _ = stopped.await;
    }));
    (stop, reg.secret, seen.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_demo_sale_leaks_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    )
    .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let sim_cfg = SimConfig {
        login_interval_secs: 1,
        webhook_retry_base: Duration::from_millis(100),
        ..SimConfig::default()
    };
    let mut t = Headless::start(&cfg, sim_cfg).await.unwrap();
    let sim = t.edges.sim.clone().unwrap();
    let mut screens = vec![screen(&t)];
    // The demo's own registration keeps its secret in memory only; a second one, registered
    // through the same client and served by the same listener code, has a secret we can look
    // for. The simulator signs every delivery of the sale with it as well.
    let (hook, hook_secret, hook_events) = second_listener(&t).await;

    let qr = sim.users()[0].qr_clear_text.clone();
    t.handle(Msg::Scan { payload: qr });
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.customer.as_ref().map(|c| &c.membership),
            Some(Membership::Member { .. })
        ))
        .await
    );
    for p in t
        .edges
        .demo_products
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
    {
        t.handle(Msg::Scan { payload: p });
    }
    assert!(t.run_until(WAIT, |s| s.basket.lines.len() == 3).await);
    screens.push(screen(&t));
    t.handle(Msg::Action(Action::Pay));
    assert!(
        t.run_until(WAIT, |s| s
            .payment
            .as_ref()
            .is_some_and(|p| p.step == PayStep::Waiting))
            .await
    );
    let reference = t.state.payment.as_ref().unwrap().reference.clone();
    assert!(t.run_until(WAIT, |_| !sim.pending().is_empty()).await);
    screens.push(screen(&t));
    sim.approve_payment(&reference).unwrap();
    assert!(
        t.run_until(WAIT, |s| s.done.is_some()).await,
        "sale not done"
    );
    screens.push(screen(&t));
    // The help screen, where configuration hints live.
    t.handle(Msg::Action(Action::Help));
    screens.push(screen(&t));
    // The second listener really verified deliveries signed with its secret (they run on
    // their own tasks: wait for them).
    let deadline = std::time::Instant::now() + WAIT;
    let delivered = loop {
        let got = hook_events.lock().unwrap().clone();
        if got.iter().any(|k| k.contains(&reference)) || std::time::Instant::now() > deadline {
            break got;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(
        delivered.iter().any(|k| k.contains(&reference)),
        "no signed delivery reached the second listener: {delivered:?}"
    );
    drop(hook);
    let edges_debug = format!("{:?}", t.edges.client);
    let state_debug = format!("{:?}", t.state);
    t.stop().await;

    let creds = demo_credentials();
    let secrets = vec![
        ("client secret", creds.client_secret.expose().to_string()),
        (
            "subscription key",
            creds.subscription_key.expose().to_string(),
        ),
        ("webhook secret", hook_secret.expose().to_string()),
    ];

    let logs = captured.text();
    // The capture is real: the sale is in it, at TRACE detail.
    assert!(
        logs.contains(&reference),
        "the sale is not in the captured logs"
    );
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "not captured at TRACE"
    );
    assert_absent(&logs, &secrets, "the TRACE logs");
    for s in &screens {
        assert_absent(s, &secrets, "a rendered screen");
    }
    assert_absent(&edges_debug, &secrets, "Debug of the API client");
    assert_absent(&state_debug, &secrets, "Debug of the till state");
    let file_log = std::fs::read_to_string(dir.path().join("kasse.log")).unwrap_or_default();
    assert_absent(&file_log, &secrets, "the log file");
}

#[test]
fn config_debug_and_dump_hide_the_secrets() {
    let text = "environment = \"test\"\n\
        [shop]\nname = \"Butikk\"\ncountry = \"NO\"\npos_id = \"k1\"\n\
        [vipps]\nclient_id = \"id-1\"\nclient_secret = \"cs-very-secret-1234\"\n\
        subscription_key = \"sk-very-secret-5678\"\nmsn = \"123456\"\n";
    let env = |k: &str| (k == kasse::config::ENV_CLIENT_SECRET).then(|| "env-secret-9999".into());
    let c = Config::from_str_with(text, None, &env).unwrap();
    assert_eq!(c.vipps.client_secret.expose(), "env-secret-9999");
    assert_eq!(c.vipps.subscription_key.expose(), "sk-very-secret-5678");
    let secrets = [
        ("client secret", "env-secret-9999".to_string()),
        ("file client secret", "cs-very-secret-1234".to_string()),
        ("subscription key", "sk-very-secret-5678".to_string()),
    ];
    assert_absent(&format!("{c:?}"), &secrets, "Debug of the config");
    assert_absent(&format!("{c:#?}"), &secrets, "pretty Debug of the config");
    assert_absent(&c.redacted(), &secrets, "`kasse config show`");
    assert_absent(
        &format!("{}", c.vipps.client_secret),
        &secrets,
        "Display of a Secret",
    );
}
