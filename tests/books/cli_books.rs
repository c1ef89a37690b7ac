//! `kasse cashiers …`, `kasse report …` and `kasse saft …` run as the real binary against a
//! temp config and a temp database that holds a journaled demo day.

use crate::books_support;

use books_support::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Env {
    dir: tempfile::TempDir,
    config: PathBuf,
    db: PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.sqlite");
    let config = dir.path().join("kasse.toml");
    let creds = kasse::sim::demo_credentials();
    std::fs::write(
        &config,
        // A real (test) till: its reports are real ones (a demo till's are training
        // reports). The books never call the API, so the demo credentials do.
        format!(
            "environment = \"test\"\nlanguage = \"en\"\n\
             [shop]\nname = \"Demobutikken AS\"\norg_number = \"999 999 999\"\n\
             [vipps]\nclient_id = \"{}\"\nclient_secret = \"{}\"\n\
             subscription_key = \"{}\"\nmsn = \"{}\"\n\
             [database]\npath = {:?}\n[log]\nfile = {:?}\n",
            creds.client_id,
            creds.client_secret.expose(),
            creds.subscription_key.expose(),
            creds.msn,
            db.display().to_string(),
            dir.path().join("kasse.log").display().to_string()
        ),
    )
    .unwrap();
    Env { dir, config, db }
}

impl Env {
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kasse"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env_remove("KASSE_CONFIG")
            .env("HOME", self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args, "");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn demo(db: &Path) {
    let (mut store, signer) = open(db);
    demo_day(&mut store, &signer, MORNING);
}

#[test]
fn cashiers_are_added_listed_and_disabled_and_the_pin_stays_out_of_the_output() {
    let e = env();
    let out = e.run(
        &["cashiers", "add", "1", "Kari Nordmann", "--owner"],
        "4711\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = e.run(&["cashiers", "add", "2", "Ola"], "12\n");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("4 to 8 digits"));
    e.ok(&["cashiers", "disable", "1"]);
    let list = e.ok(&["cashiers", "list"]);
    assert!(list.contains("1\towner\tdisabled\tKari Nordmann"), "{list}");
    assert!(!list.contains("4711"));
    let log = std::fs::read_to_string(e.dir.path().join("kasse.log")).unwrap_or_default();
    assert!(!log.contains("4711"));
}

#[test]
fn reports_export_key_and_verify_from_the_command_line() {
    let e = env();
    demo(&e.db);
    let x = e.ok(&["report", "x"]);
    assert!(x.starts_with("X REPORT 2"), "{x}");
    assert!(x.contains("Grand totals (never reset)"));
    // The demo day's Z report is for 2026-12-01; today's is still to take, and only once.
    let z = e.ok(&["report", "z"]);
    assert!(z.starts_with("Z REPORT 2"), "{z}");
    let again = e.run(&["report", "z"], "");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("one Z report a day"));

    let key = e.ok(&["saft", "key"]);
    assert!(key.starts_with("-----BEGIN PUBLIC KEY-----"), "{key}");
    assert!(!key.contains("PRIVATE"));
    let verify = e.ok(&["saft", "verify"]);
    assert!(verify.contains("till1: 5 signed transactions"), "{verify}");

    let out_dir = e.dir.path().join("export");
    std::fs::create_dir(&out_dir).unwrap();
    let path = e.ok(&[
        "saft",
        "export",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let path = PathBuf::from(path.trim());
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("SAF-T Cash Register_999999999_"), "{name}");
    assert!(name.ends_with(".xml") && name.len() == "SAF-T Cash Register_999999999_".len() + 18);
    let xml = std::fs::read_to_string(&path).unwrap();
    assert_eq!(xml.matches("<cashtransaction>").count(), 5);
    let bad = e.run(
        &[
            "saft",
            "export",
            "--from",
            "2026-12-02",
            "--to",
            "2026-12-01",
        ],
        "",
    );
    assert!(!bad.status.success());
}
