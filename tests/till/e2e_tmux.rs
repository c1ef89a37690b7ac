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

    /// Scan a litre of milk and see it in the basket. Waiting for the name alone could be
    /// met by the last receipt still on screen, before the till has read the scan; the new
    /// basket's line count cannot.
    async fn milk(&self) {
        self.scan(MILK);
        let screen = self.wait_for("Basket (1)").await;
        assert!(screen.contains(MILK_NAME), "{screen}");
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
refund = "g"
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
    // Esc asks first; Enter withdraws the request.
    tmux.wait_for("Cancel the payment?").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("The payment was cancelled").await;
    assert_eq!(
        sim_state(&sim, &fifth).await,
        "TERMINATED",
        "the cancel reached the API"
    );

    // 6. Refund of part of the first sale, with the key `[keys]` rebound (F10 no longer): the
    // amount is typed (the field starts empty), and the summary is confirmed before it goes.
    tmux.keys(&["F12"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("[g Refund]").await;
    tmux.keys(&["g"]);
    // A letter key and the digits after it would read as one scanner burst: wait for the dialog.
    tmux.wait_for("Refund – find the sale").await;
    tmux.keys(&["-l", "000001"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("At most").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("at most").await;
    tmux.keys(&["-l", "5"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("This goes back to the customer").await;
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
    tmux.wait_for("Receipt no. 000003").await;
    sim.set_faults(Faults::default());

    // 8. Anonymous cash sale with change: 24,90 is 25,00 in cash, 100 kroner tendered.
    tmux.keys(&["Enter"]);
    tmux.milk().await;
    tmux.keys(&["c"]);
    tmux.wait_for("Tendered").await;
    tmux.keys(&["-l", "100"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Receipt no. 000004").await;
    assert!(screen.contains("change kr 75,00"), "{screen}");
    assert!(screen.contains("Cash rounding"), "{screen}");

    // 9. Card sale: the terminal approved the amount.
    tmux.keys(&["Enter"]);
    tmux.milk().await;
    tmux.keys(&["k"]);
    tmux.wait_for("Run this amount on the terminal").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Receipt no. 000005").await;

    // 10. Split: 10 kroner by Vipps, the rest in cash.
    tmux.keys(&["Enter"]);
    tmux.phone(&member);
    tmux.wait_for("Welcome").await;
    tmux.milk().await;
    tmux.keys(&["c"]);
    tmux.wait_for("Tendered").await;
    tmux.keys(&["-l", "10"]);
    tmux.keys(&["F8"]);
    let split = pending_payment(&sim).await;
    sim.approve_payment(&split).unwrap();
    tmux.wait_for("Still owed: kr 14,90").await;
    tmux.keys(&["c"]);
    tmux.wait_for("Tendered").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Receipt no. 000006").await;

    // 11. Return of the cash sale (receipt 4), to cash.
    tmux.keys(&["Enter"]);
    tmux.keys(&["r"]);
    tmux.wait_for("Return against a receipt").await;
    tmux.keys(&["-l", "4"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("What comes back?").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Still to pay back").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Return receipt 000001").await;

    // 12. Return of the sale paid with webhooks lost (receipt 3), to Vipps: the refund API.
    tmux.keys(&["Enter"]);
    tmux.keys(&["r"]);
    tmux.wait_for("Return against a receipt").await;
    tmux.keys(&["-l", "3"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("What comes back?").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Still to pay back").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Return receipt 000002").await;
    let p = tmux_refunded(&sim, &last).await;
    assert_eq!(p, 2_490, "the Vipps part went back through the refund API");

    // 13. X and Z at the till: the report on screen, paged to its end; the Z asks first, and
    // a second one today is refused.
    tmux.keys(&["Enter"]);
    tmux.keys(&["X"]);
    let x = tmux.wait_for("X REPORT 1").await;
    assert!(x.contains("Sales (6)") && x.contains("Returns (2)"), "{x}");
    tmux.keys(&["End"]);
    tmux.wait_for("Grand totals").await;
    tmux.keys(&["Enter"]);
    tmux.keys(&["Z"]);
    tmux.wait_for("Take today's Z report?").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Z REPORT 1").await;
    tmux.keys(&["Enter"]);
    tmux.keys(&["Z"]);
    tmux.wait_for("Take today's Z report?").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("taken already").await;

    tmux.keys(&["C-c"]);
    let deadline = Instant::now() + WAIT;
    while tmux.cmd(&["has-session", "-t", "till"]).status.success() {
        assert!(Instant::now() < deadline, "the till did not quit");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Everything the till issued is in its file after it quit, though `kasse members list`
    // ran beside it, and the signature chain verifies: six sales and two returns.
    let store = kasse::store::Store::open(&dir.path().join("till.sqlite")).unwrap();
    let entries = kasse::books::journal::entries(&store, Some("e2e1"), 0).unwrap();
    let kinds: Vec<_> = entries
        .iter()
        .filter_map(|e| e.receipt())
        .map(|r| r.kind)
        .collect();
    let returns = kinds
        .iter()
        .filter(|k| **k == kasse::domain::ReceiptKind::Return)
        .count();
    assert_eq!((kinds.len(), returns), (8, 2), "{kinds:?}");
    assert_eq!(
        kasse::books::verify_till(&store, "e2e1")
            .unwrap()
            .transactions,
        8
    );
    let stderr = std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap_or_default();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let log = std::fs::read_to_string(dir.path().join("kasse.log")).unwrap();
    assert!(!log.contains(sim.credentials().client_secret.expose()));
    sim.shutdown().await;
}

/// What the API says was refunded of `reference`.
async fn tmux_refunded(sim: &Sim, reference: &str) -> i64 {
    let mut cfg = kasse::config::Config::demo().vipps;
    sim.configure(&mut cfg);
    let client = kasse::vipps::VippsClient::new(&cfg).unwrap();
    client
        .get_payment(reference)
        .await
        .unwrap()
        .aggregate
        .refunded_amount
        .map_or(0, |a| a.value)
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

/// Start `kasse` in a tmux session `till` of `width` × 30.
fn launch(tmux: &Tmux, config: &Path, dir: &Path, width: u16) {
    let launch = format!(
        "{} --config {} 2>>{}",
        env!("CARGO_BIN_EXE_kasse"),
        config.display(),
        dir.join("stderr.txt").display()
    );
    let width = width.to_string();
    let out = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "till",
        "-x",
        &width,
        "-y",
        "30",
        &launch,
    ]);
    assert!(out.status.success(), "{out:?}");
}

/// Issue 17, items 3, 5 and 10, under a cashier's hands at 80 columns: a scan into the
/// quantity dialog is not typed into it, an unusual quantity asks, its line sum is shown
/// whole, Ctrl-C with an unpaid basket asks, and the basket is back after a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cashiers_hands_in_a_terminal() {
    if !tmux_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required in CI (.ci/run installs it)"
        );
        eprintln!("SKIPPED: tmux is not installed; install it to run the end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
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
    let tmux = Tmux {
        socket: format!("kasse-e2e-hands-{}", std::process::id()),
    };
    launch(&tmux, &config, dir.path(), 80);
    tmux.wait_for("E2E Shop").await;
    tmux.milk().await;

    // 3. F5 open, then a scan: the dialog keeps what was typed, nothing becomes a quantity.
    tmux.keys(&["F5"]);
    tmux.wait_for("Change quantity").await;
    // Typed by hand: a pause before the next key, or the wedge detector would take the
    // digit for the start of the scan that follows.
    tmux.keys(&["-l", "2"]);
    tmux.wait_for("Pieces (0 removes): 2").await;
    tmux.scan("7038010009525");
    tmux.wait_for("Scan not taken").await;
    let screen = tmux.wait_for("Pieces (0 removes): 2").await;
    assert!(!screen.contains("TINE Helmelk"), "{screen}");

    // 5 and the limits: 999 999 asks first, and then its sum is shown with every digit.
    tmux.keys(&["BSpace"]);
    tmux.keys(&["-l", "999999"]);
    // Six digits and Enter at machine speed would be a scan: the digits show only once the
    // wedge detector has let them go as typing, so the Enter after that is a key of its own.
    tmux.wait_for("Pieces (0 removes): 999999").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("Unusually many?").await;
    tmux.keys(&["Enter"]);
    // Wait for the sum, not the quantity: "999999" is on screen already in the dialog.
    let screen = tmux.wait_for("24 899 975,10").await;
    assert!(screen.contains("999999"), "{screen}");

    // 10. Ctrl-C with an unpaid basket asks; Enter quits; the basket is back at the start.
    tmux.keys(&["C-c"]);
    tmux.wait_for("The basket is not paid").await;
    tmux.keys(&["Enter"]);
    let deadline = Instant::now() + WAIT;
    while tmux.cmd(&["has-session", "-t", "till"]).status.success() {
        assert!(Instant::now() < deadline, "the till did not quit");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    launch(&tmux, &config, dir.path(), 80);
    tmux.wait_for("The basket from the last session is back")
        .await;
    let screen = tmux.wait_for(MILK_NAME).await;
    assert!(screen.contains("999999"), "{screen}");
    // This time the basket is cleared (F12, confirmed), and the till quits at once.
    tmux.keys(&["F12"]);
    tmux.wait_for("Clear the basket?").await;
    tmux.keys(&["Enter"]);
    tmux.wait_for("empty").await;
    tmux.keys(&["C-c"]);

    let stderr = std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap_or_default();
    assert!(!stderr.contains("panicked"), "{stderr}");
    sim.shutdown().await;
}
