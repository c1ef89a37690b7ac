//! `kasse printer test` and `kasse printer list` as the real binary, against a plain loopback
//! listener that accepts raw bytes (what a network printer on port 9100 is).

use kasse::printer::decode::decode;
use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Output};

fn kasse(dir: &std::path::Path, args: &[&str]) -> Output {
    let config = dir.join("kasse.toml");
    std::fs::write(
        &config,
        format!(
            "[database]\npath = {:?}\n",
            dir.join("till.sqlite").display().to_string()
        ),
    )
    .unwrap();
    Command::new(env!("CARGO_BIN_EXE_kasse"))
        .arg("--config")
        .arg(&config)
        .args(args)
        .env_remove("KASSE_CONFIG")
        .output()
        .unwrap()
}

/// Accept one connection and keep every byte until the sender closes.
fn listen_once() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let t = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut all = Vec::new();
        conn.read_to_end(&mut all).unwrap();
        all
    });
    (port, t)
}

#[test]
fn printer_test_prints_the_page_and_kicks_the_drawer_on_any_raw_listener() {
    let dir = tempfile::tempdir().unwrap();
    let (port, got) = listen_once();
    let device = format!("tcp://127.0.0.1:{port}");
    let out = kasse(
        dir.path(),
        &["printer", "test", "--device", &device, "--drawer"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("drawer kicked"), "{stdout}");
    let decoded = decode(&got.join().unwrap());
    let text = decoded.text();
    assert!(text.contains("Æ Ø Å æ ø å"), "{text}");
    assert!(text.contains("Testutskrift"));
    assert_eq!(decoded.cuts(), 1);
    assert_eq!(decoded.drawer_kicks(), 1);
    // The long line is broken to the paper: no printed line is wider than 48 columns.
    assert!(text.lines().all(|l| l.chars().count() <= 48), "{text}");
}

#[test]
fn printer_test_without_a_printer_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: bind, learn it, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let device = format!("tcp://127.0.0.1:{port}");
    let out = kasse(dir.path(), &["printer", "test", "--device", &device]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach the printer"), "{err}");

    let out = kasse(dir.path(), &["printer", "test", "--device", "ftp://x"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a printer device"));
}

#[test]
fn printer_list_shows_the_profiles_and_whether_the_device_answers() {
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let device = format!("tcp://127.0.0.1:{port}");
    let out = kasse(dir.path(), &["printer", "list", "--device", &device]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("reachable: no status"), "{stdout}");
    for id in [
        "generic-58",
        "generic-80",
        "epson-tm-t20",
        "epson-tm-t88",
        "star-escpos",
        "bixolon-srp-350",
    ] {
        assert!(stdout.contains(id), "{id}: {stdout}");
    }
    assert!(stdout.contains("UNVERIFIED"));
}

#[test]
fn a_bad_org_number_stops_kasse_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("kasse.toml");
    std::fs::write(&config, "[shop]\norg_number = \"974760674\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kasse"))
        .arg("--config")
        .arg(&config)
        .args(["printer", "list"])
        .env_remove("KASSE_CONFIG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shop.org_number") && err.contains("MOD11"),
        "{err}"
    );
}
