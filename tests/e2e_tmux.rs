//! End to end: the real `kasse` binary in a real terminal (tmux), configured for the "test"
//! environment against the simulator over loopback, with its webhook listener registered by the
//! real `kasse webhooks register`. Keys go in with `tmux send-keys` (a barcode typed that fast is
//! a keyboard-wedge scan), the screen comes back with `capture-pane`, and the simulator plays the
//! customer's phone.

use kasse::sim::{Faults, PendingKind, Sim, SimConfig};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(40);
const MILK: &str = "7038010009457";
const MILK_NAME: &str = "TINE Lettmelk";

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "till"];
        args.extend_from_slice(keys);
        let out = self.cmd(&args);
        assert!(out.status.success(), "send-keys {keys:?}: {out:?}");
    }

    /// Type text as one burst, the way a keyboard-wedge scanner does, ended by Enter.
    fn scan(&self, text: &str) {
        self.keys(&["-l", text]);
        self.keys(&["Enter"]);
    }

    /// F2, the number, Enter: the cashier types the customer's phone number.
    fn phone(&self, number: &str) {
        self.keys(&["F2"]);
        self.keys(&["-l", number]);
        self.keys(&["Enter"]);
    }

    /// Scan a litre of milk and see it in the basket.
    async fn milk(&self) {
        self.scan(MILK);
        self.wait_for(MILK_NAME).await;
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "till"]).stdout)
            .into_owned()
    }

    async fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("`{what}` never showed; the screen:\n{screen}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn write_config(dir: &Path, sim: &Sim) -> PathBuf {
    let c = sim.credentials();
    let port = free_port();
    let text = format!(
        r#"environment = "test"
language = "en"
[shop]
name = "E2E Shop"
pos_id = "e2e1"
[vipps]
base_url = "{base}"
client_id = "{id}"
client_secret = "{secret}"
subscription_key = "{key}"
msn = "{msn}"
timeout_ms = 5000
[database]
path = "{db}"
[webhook]
listen = "127.0.0.1:{port}"
public_url = "http://127.0.0.1:{port}/vipps/webhooks"
[scanner]
profile = "generic-hid-wedge"
[log]
file = "{log}"
[keys]
refund = "r"
"#,
        base = sim.base_url(),
        id = c.client_id,
        secret = c.client_secret.expose(),
        key = c.subscription_key.expose(),
        msn = c.msn,
        db = dir.join("till.sqlite").display(),
        log = dir.join("kasse.log").display(),
    );
    let path = dir.join("kasse.toml");
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

/// Run a `kasse` subcommand to completion (off the async workers: the simulator lives there).
async fn kasse(config: &Path, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kasse"));
    cmd.arg("--config").arg(config).args(args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert!(out.status.success(), "kasse {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn pending_payment(sim: &Sim) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let found = sim.pending().into_iter().find_map(|p| match p.kind {
            PendingKind::Payment { reference, .. } => Some(reference),
            _ => None,
        });
        if let Some(r) = found {
            return r;
        }
        assert!(Instant::now() < deadline, "no payment reached the phone");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn pending_login(sim: &Sim) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let found = sim.pending().into_iter().find_map(|p| match p.kind {
            PendingKind::Login { auth_req_id, .. } => Some(auth_req_id),
            _ => None,
        });
        if let Some(r) = found {
            return r;
        }
        assert!(Instant::now() < deadline, "no login reached the phone");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn tmux_present() -> bool {
    Command::new("tmux").arg("-V").output().is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_till_in_a_terminal() {
    if !tmux_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required in CI (.ci/run installs it)"
        );
        eprintln!("SKIPPED: tmux is not installed; install it to run the end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimConfig {
            login_interval_secs: 1,
            webhook_retry_base: Duration::from_millis(200),
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let config = write_config(dir.path(), &sim);
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    kasse(
        &config,
        &[
            "products",
            "import",
            assets.join("products.csv").to_str().unwrap(),
        ],
    )
    .await;
    kasse(
        &config,
        &[
            "members",
            "import",
            assets.join("members.csv").to_str().unwrap(),
        ],
    )
    .await;
    let out = kasse(&config, &["webhooks", "register"]).await;
    assert!(out.contains("registered"), "{out}");

    let tmux = Tmux {
        socket: format!("kasse-e2e-{}", std::process::id()),
    };
    let launch = format!(
        "{} --config {} 2>{}",
        env!("CARGO_BIN_EXE_kasse"),
        config.display(),
        dir.path().join("stderr.txt").display()
    );
    let out = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "till",
        "-x",
        "100",
        "-y",
        "30",
        &launch,
    ]);
    assert!(out.status.success(), "{out:?}");
    let screen = tmux.wait_for("E2E Shop").await;
    assert!(screen.contains("TEST"), "{screen}");
    tmux.wait_for("Webhooks: live").await;

    let users = sim.users();
    let member = users[0].msisdn.as_str()[2..].to_string();
    let guest = users
        .iter()
        .skip(2)
        .find(|u| !u.old_app)
        .unwrap()
        .msisdn
        .as_str()[2..]
        .to_string();

    // 1. Member checkout: typed number, a scanned product, pay, approved on the phone.
    tmux.phone(&member);
    tmux.wait_for("Welcome").await;
    tmux.milk().await;
    tmux.keys(&["F8"]);
    let first = pending_payment(&sim).await;
    sim.approve_payment(&first).unwrap();
    tmux.wait_for("Paid").await;
    tmux.wait_for("Receipt no. 000001").await;

    // 2. Not a member: enrol with Vipps Login, then pay.
    tmux.keys(&["F12"]);
    tmux.phone(&guest);
    tmux.wait_for("Not a member").await;
    tmux.keys(&["F3"]);
    let login = pending_login(&sim).await;
    sim.consent_login(&login).unwrap();
    tmux.wait_for("is now a member").await;
    tmux.milk().await;
    tmux.keys(&["F8"]);
    let second = pending_payment(&sim).await;
    sim.approve_payment(&second).unwrap();
    tmux.wait_for("Paid").await;
    let out = kasse(&config, &["members", "list"]).await;
    assert!(
        out.contains(
            &users
                .iter()
                .find(|u| u.msisdn.as_str().ends_with(&guest))
                .unwrap()
                .name
        ),
        "{out}"
    );

    // 3. The customer rejects; 4. the next request expires; 5. the cashier cancels the third.
    tmux.keys(&["Enter"]);
    tmux.phone(&member);
    tmux.wait_for("Welcome").await;
    tmux.milk().await;
    tmux.keys(&["F8"]);
    let third = pending_payment(&sim).await;
    sim.reject_payment(&third).unwrap();
    tmux.wait_for("rejected the payment").await;
    tmux.keys(&["F8"]);
    let fourth = pending_payment(&sim).await;
    sim.expire_payment(&fourth).unwrap();
    tmux.wait_for("expired").await;
    tmux.keys(&["F8"]);
    let fifth = pending_payment(&sim).await;
    tmux.wait_for("Esc").await;
    tmux.keys(&["Escape"]);
    tmux.wait_for("The payment was cancelled").await;
    assert_eq!(
        sim_state(&sim, &fifth).await,
        "TERMINATED",
        "the cancel reached the API"
    );

    // 6. Refund of the first sale, in full, with the key `[keys]` rebound (F10 no longer).
    tmux.keys(&["F12"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("[r Refund]").await;
    tmux.keys(&["r"]);
    // A letter key and the digits after it would read as one scanner burst: wait for the dialog.
    tmux.wait_for("Refund – find the sale").await;
    tmux.keys(&["-l", "000001"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Refund").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Refunded").await;

    // 7. Webhooks lost: polling alone finishes the sale.
    sim.set_faults(Faults {
        webhook_drop_rate: 1.0,
        ..Faults::default()
    });
    tmux.phone(&member);
    tmux.wait_for("Welcome").await;
    tmux.milk().await;
    tmux.keys(&["F8"]);
    let last = pending_payment(&sim).await;
    sim.approve_payment(&last).unwrap();
    tmux.wait_for("Paid").await;

    tmux.keys(&["C-c"]);
    let stderr = std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap_or_default();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let log = std::fs::read_to_string(dir.path().join("kasse.log")).unwrap();
    assert!(!log.contains(sim.credentials().client_secret.expose()));
    sim.shutdown().await;
}

async fn sim_state(sim: &Sim, reference: &str) -> String {
    // Ask the API itself, as any client would.
    let mut cfg = kasse::config::Config::demo().vipps;
    sim.configure(&mut cfg);
    let client = kasse::vipps::VippsClient::new(&cfg).unwrap();
    client
        .get_payment(reference)
        .await
        .unwrap()
        .state
        .as_str()
        .to_string()
}
