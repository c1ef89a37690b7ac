//! The two sides of the crash tests. The child is the till: this very test binary, started
//! again with `KASSE_CRASH_ROLE` set, running `runtime::Headless` against the parent's
//! simulator and database, and dying at a failpoint (or by SIGKILL). The parent holds the
//! simulator, which outlives every child, plays the customer's phone and checks the outcome.

use kasse::config::Config;
use kasse::runtime::Headless;
use kasse::sim::{Sim, SimConfig};
use kasse::store::{Registration, Store};
use kasse::till::{Action, Dialog, Key, Membership, Msg, PayStep, State};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous: the machine may be loaded; nothing waits this long when things work.
pub const WAIT: Duration = Duration::from_secs(30);
/// What the child does.
pub const ROLE: &str = "KASSE_CRASH_ROLE";
/// The directory with the child's `kasse.toml`.
pub const DIR: &str = "KASSE_CRASH_DIR";
/// The one test of the binary that is the child.
pub const CHILD_TEST: &str = "crash_recovery::crash_child";
/// What a refund case gives back, in øre.
pub const REFUND_MINOR: i64 = 1000;

pub fn config_path(dir: &Path) -> PathBuf {
    dir.join("kasse.toml")
}

/// Write the child's config: the test environment against the simulator, a webhook listener
/// on a loopback port registered with it, and seed the database with the demo shop.
pub async fn prepare(dir: &Path, sim: &Sim) -> Config {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port");
    let text = format!(
        "environment = \"test\"\nlanguage = \"en\"\n\
         [shop]\nname = \"Crash test shop\"\npos_id = \"till1\"\n\
         {}timeout_ms = 5000\ncapture = \"auto\"\n\
         checkin = false\n\
         [database]\npath = \"{}\"\n\
         [webhook]\nlisten = \"127.0.0.1:{port}\"\n\
         public_url = \"http://127.0.0.1:{port}/vipps/webhooks\"\n\
         [log]\nfile = \"{}\"\n",
        sim.vipps_table(),
        dir.join("till.sqlite").display(),
        dir.join("kasse.log").display(),
    );
    std::fs::write(config_path(dir), &text).expect("write the config");
    let config = load(dir);
    Store::open(&config.database)
        .expect("open the database")
        .seed_demo()
        .expect("seed the demo shop");
    let url = config.webhook.public_url.clone().expect("a public URL");
    let events: Vec<String> = kasse::vipps::EVENTS.iter().map(|e| e.to_string()).collect();
    let reg = kasse::vipps::VippsClient::new(&config.vipps)
        .expect("a client")
        .register_webhook(&url, &events)
        .await
        .expect("register the webhook");
    Store::open(&config.database)
        .expect("open the database")
        .save_registration(&Registration {
            id: reg.id,
            url,
            events,
            secret: reg.secret,
            created_at: 0,
        })
        .expect("keep the webhook secret");
    config
}

pub fn load(dir: &Path) -> Config {
    let text = std::fs::read_to_string(config_path(dir)).expect("read the config");
    Config::from_str_with(&text, Some(&config_path(dir)), &|_| None).expect("parse the config")
}

pub fn simulator_config() -> SimConfig {
    SimConfig {
        login_interval_secs: 1,
        webhook_retry_base: Duration::from_millis(50),
        webhook_retry_max: Duration::from_millis(400),
        ..SimConfig::default()
    }
}

/// A running child till, its stdout lines arriving on a channel.
pub struct Till {
    pub child: Child,
    pub lines: mpsc::Receiver<String>,
    pub stderr: PathBuf,
}

impl Till {
    pub fn start(dir: &Path, role: &str, failpoint: Option<&str>, tag: &str) -> Till {
        let stderr = dir.join(format!("{tag}.stderr"));
        let mut cmd = Command::new(std::env::current_exe().expect("the test binary"));
        cmd.args(["--exact", CHILD_TEST, "--nocapture", "--ignored"])
            .env(ROLE, role)
            .env(DIR, dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).expect("stderr file"));
        match failpoint {
            Some(f) => cmd.env(kasse::runtime::failpoint::ENV, f),
            None => cmd.env_remove(kasse::runtime::failpoint::ENV),
        };
        let mut child = cmd.spawn().expect("start the child till");
        let (tx, lines) = mpsc::channel();
        if let Some(out) = child.stdout.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Till {
            child,
            lines,
            stderr,
        }
    }

    /// Wait for the child to end by itself; kill it if it outstays its own deadlines.
    pub async fn exit(&mut self) -> Result<ExitStatus, String> {
        let deadline = Instant::now() + 3 * WAIT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() > deadline => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return Err(format!("the child till did not end: {}", self.stderr()));
                }
                Ok(None) => tokio::time::sleep(Duration::from_millis(20)).await,
                Err(e) => return Err(format!("cannot wait for the child: {e}")),
            }
        }
    }

    /// SIGKILL, as a power cut would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// The child's lines with this prefix seen so far (non-blocking).
    pub fn take(&self, prefix: &str, into: &mut Vec<String>) {
        while let Ok(line) = self.lines.try_recv() {
            if let Some(rest) = line.strip_prefix(prefix) {
                into.push(rest.trim().to_string());
            }
        }
    }
}

impl Drop for Till {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child's side: run the role the parent asked for.
pub fn child_main() {
    let (Ok(role), Ok(dir)) = (std::env::var(ROLE), std::env::var(DIR)) else {
        eprintln!("started by the crash tests only");
        return;
    };
    // The till's log on stderr: the parent shows it when a case fails.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(tracing_subscriber::EnvFilter::new("kasse=debug"))
        .try_init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async move {
        let mut config = load(Path::new(&dir));
        if matches!(role.as_str(), "release" | "confirm" | "recover-confirm") {
            // The cashier confirms captures (and in "release" gives the reservation back).
            config.vipps.capture = kasse::config::CaptureMode::Confirm;
        }
        let work = recovery_work(&config);
        let mut t = Headless::start(&config, SimConfig::default())
            .await
            .expect("the till starts");
        match role.as_str() {
            "sale" => sale(&mut t, None).await,
            "cancel" => sale(&mut t, Some(Key::Esc)).await,
            "release" => release(&mut t).await,
            "refund" => {
                sale(&mut t, None).await;
                refund(&mut t).await;
            }
            "confirm" => {
                // Pay, then wait to be killed while the customer has the request.
                sale_until_waiting(&mut t).await;
                t.run_until(3 * WAIT, |_| false).await;
            }
            "recover" | "recover-confirm" => recover(&mut t, work).await,
            other => panic!("unknown role {other}"),
        }
        println!("CHILD-DONE");
        t.stop().await;
    });
}

/// Whether the dead till left anything for recovery: an open sale or a pending request.
fn recovery_work(config: &Config) -> bool {
    let store = Store::open(&config.database).expect("open the database");
    let open = store.open_sales(&config.shop.pos_id).expect("open sales");
    let pending = store.pending_operations().expect("the journal");
    !open.is_empty() || !pending.is_empty()
}

async fn until(t: &mut Headless, what: &str, done: impl Fn(&State) -> bool) {
    assert!(
        t.run_until(WAIT, done).await,
        "child: {what}: {:?}",
        t.state.notice
    );
}

/// Ring up a member with two products and pay; with `key`, press it while the customer has
/// the request on the phone (Esc cancels).
async fn sale(t: &mut Headless, key: Option<Key>) {
    let qr = kasse::sim::demo_users()[0].qr_clear_text.clone();
    t.handle(Msg::Scan { payload: qr });
    until(t, "customer", |s| {
        s.customer
            .as_ref()
            .is_some_and(|c| c.membership != Membership::Looking)
    })
    .await;
    let products = t.edges.demo_products.clone();
    for p in products.iter().take(2) {
        t.handle(Msg::Scan { payload: p.clone() });
    }
    until(t, "basket", |s| s.basket.lines.len() == 2).await;
    t.handle(Msg::Action(Action::Pay));
    if let Some(k) = key {
        until(t, "waiting", |s| {
            s.payment
                .as_ref()
                .is_some_and(|p| p.step == PayStep::Waiting)
        })
        .await;
        t.handle(Msg::Key(k));
        if k == Key::Esc {
            // Esc asks before it withdraws the request; Enter confirms.
            t.handle(Msg::Key(Key::Enter));
        }
        until(t, "payment ended", |s| s.payment.is_none()).await;
        return;
    }
    until(t, "paid", |s| s.done.is_some()).await;
}

/// Ring up a member with one product, pay, and return once the request is on the phone.
async fn sale_until_waiting(t: &mut Headless) {
    let qr = kasse::sim::demo_users()[0].qr_clear_text.clone();
    t.handle(Msg::Scan { payload: qr });
    let products = t.edges.demo_products.clone();
    t.handle(Msg::Scan {
        payload: products[0].clone(),
    });
    until(t, "basket", |s| {
        s.basket.lines.len() == 1
            && s.customer
                .as_ref()
                .is_some_and(|c| c.membership != Membership::Looking)
    })
    .await;
    t.handle(Msg::Action(Action::Pay));
    until(t, "waiting", |s| {
        s.payment
            .as_ref()
            .is_some_and(|p| p.step == PayStep::Waiting)
    })
    .await;
}

/// Pay, wait for the approval (capture mode "confirm"), then release the reservation (Esc).
async fn release(t: &mut Headless) {
    let qr = kasse::sim::demo_users()[0].qr_clear_text.clone();
    t.handle(Msg::Scan { payload: qr });
    let products = t.edges.demo_products.clone();
    t.handle(Msg::Scan {
        payload: products[0].clone(),
    });
    until(t, "basket", |s| {
        s.basket.lines.len() == 1 && s.customer.is_some()
    })
    .await;
    t.handle(Msg::Action(Action::Pay));
    until(t, "authorized", |s| {
        s.payment
            .as_ref()
            .is_some_and(|p| p.step == PayStep::Authorized)
    })
    .await;
    t.handle(Msg::Key(Key::Esc));
    t.handle(Msg::Key(Key::Enter));
    until(t, "payment ended", |s| s.payment.is_none()).await;
}

/// Refund part of the sale just finished, through the dialog as the cashier would.
async fn refund(t: &mut Headless) {
    let receipt = t
        .state
        .done
        .as_ref()
        .map(|d| d.receipt.bottom_line.receipt_number.clone())
        .unwrap_or_default();
    t.handle(Msg::Action(Action::Refund));
    for c in receipt.chars() {
        t.handle(Msg::Key(Key::Char(c)));
    }
    t.handle(Msg::Key(Key::Enter));
    until(t, "refund dialog", |s| {
        matches!(s.dialog, Some(Dialog::RefundAmount { .. }))
    })
    .await;
    for _ in 0..12 {
        t.handle(Msg::Key(Key::Backspace));
    }
    for c in (REFUND_MINOR / 100).to_string().chars() {
        t.handle(Msg::Key(Key::Char(c)));
    }
    t.handle(Msg::Key(Key::Enter));
    // The refund shows what will go back before it goes; Enter confirms.
    until(t, "refund summary", |s| {
        matches!(s.dialog, Some(Dialog::RefundConfirm { .. }))
    })
    .await;
    t.handle(Msg::Key(Key::Enter));
    until(t, "refunded", |s| {
        matches!(
            s.notice.as_ref().map(|n| &n.say),
            Some(kasse::till::Say::RefundedOk { .. })
        )
    })
    .await;
}

/// Start on the database the dead till left, show what recovery found, and run until every
/// sale is final and nothing is pending in the journal.
async fn recover(t: &mut Headless, work: bool) {
    if !work {
        // A race can finish the sale before the failpoint: then there is nothing to report.
        println!("RECOVERED: nothing open");
        return;
    }
    until(t, "recovery report", |s| !s.recovered.is_empty()).await;
    for r in &t.state.recovered {
        let line = kasse::ui::text::recovered(kasse::config::Language::English, r);
        println!("RECOVERED: {line}");
    }
    if let Some(n) = &t.state.notice {
        println!("NOTICE: {:?}", n.say);
    }
    finish_as_cashier(t).await;
    let deadline = Instant::now() + WAIT;
    loop {
        let pos = t.edges.pos_id.clone();
        let settled = t
            .edges
            .db(move |s| {
                let open = s.open_sales(&pos).map(|v| v.len()).unwrap_or(usize::MAX);
                let pending = s
                    .pending_operations()
                    .map(|v| v.len())
                    .unwrap_or(usize::MAX);
                open == 0 && pending == 0
            })
            .await
            .unwrap_or(false);
        if settled {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "child: the database never settled"
        );
        t.run_until(Duration::from_millis(100), |_| false).await;
    }
}

/// Whether a recovered sale waits for the cashier's capture key.
fn awaiting_capture(s: &State) -> bool {
    let fg = s.payment.iter();
    fg.chain(s.background.iter())
        .any(|p| p.step == PayStep::Authorized)
}

/// Run until every recovered sale is finished, doing what the cashier would: a sale that waits
/// for the capture key (confirm mode, or a capture the API refused) is recalled and captured.
/// Before the first such key, it is shown that nothing was captured without the cashier.
async fn finish_as_cashier(t: &mut Headless) {
    let deadline = Instant::now() + 2 * WAIT;
    let mut first_key = true;
    loop {
        if t.state.background.is_empty() && t.state.payment.is_none() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "child: recovered sales never finished"
        );
        t.run_until(Duration::from_millis(100), awaiting_capture)
            .await;
        if !awaiting_capture(&t.state) {
            continue;
        }
        if t.state.payment.is_none() {
            t.handle(Msg::Action(Action::Recall));
            t.handle(Msg::Key(Key::Enter));
        }
        let Some(p) = t.state.payment.clone() else {
            continue;
        };
        if first_key {
            first_key = false;
            let captured = t
                .edges
                .client
                .get_payment(&p.reference)
                .await
                .map(|x| x.aggregate.captured_amount.value);
            let member = matches!(p.customer.membership, Membership::Member { .. });
            println!("RECOVERED: before the cashier's key: captured {captured:?}, member {member}");
        }
        t.handle(Msg::Action(Action::Capture));
    }
}
