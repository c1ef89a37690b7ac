//! The serial reader against a real pseudo-terminal: the reader opens the slave side (through a
//! symlink, as with /dev/serial/by-id) with tokio-serial, the test writes to the master.

// The pseudo-terminal is opened with libc (openpty and friends): unsafe FFI, test-only.
#![allow(unsafe_code)]

use kasse::config::Scanner;
use kasse::scanner::serial::{spawn_serial_with, Backoff};
use kasse::scanner::watch::spawn_watcher;
use kasse::scanner::{
    builtin_profiles, find_profile, parse_profile, PortInfo, Profile, ScanEvent, ScanSource,
    ScannerMsg, ScannerStatus, Terminator, UsbInfo,
};
use std::ffi::CStr;
use std::fs::File;
use std::io::Write;
use std::os::fd::FromRawFd;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{channel, Receiver};

const QR: &str = "https://qr.vipps.no/28/2/01/031/4791234567?v=1";
/// Generous: the machine may be busy; nothing here asserts on speed.
const WAIT: Duration = Duration::from_secs(10);

struct Pty {
    master: File,
    slave: PathBuf,
}

impl Pty {
    fn open() -> Pty {
        // SAFETY: plain libc calls on a descriptor this function owns; every result is checked
        // before the next call uses it, and the name buffer is NUL-terminated by ptsname_r.
        unsafe {
            let fd = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            assert!(fd >= 0, "posix_openpt failed");
            let master = File::from_raw_fd(fd);
            assert_eq!(libc::grantpt(fd), 0, "grantpt");
            assert_eq!(libc::unlockpt(fd), 0, "unlockpt");
            let mut name = [0 as libc::c_char; 128];
            assert_eq!(libc::ptsname_r(fd, name.as_mut_ptr(), name.len()), 0);
            let slave = PathBuf::from(CStr::from_ptr(name.as_ptr()).to_str().unwrap());
            Pty { master, slave }
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
        self.master.flush().unwrap();
    }
}

/// Point `link` at `target`, replacing what was there in one step.
fn repoint(link: &Path, target: &Path) {
    let tmp = link.with_extension("new");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp).unwrap();
    std::fs::rename(&tmp, link).unwrap();
}

fn profile(terminator: Terminator) -> Profile {
    let mut p = find_profile(&builtin_profiles(), "simulated")
        .unwrap()
        .clone();
    p.framing.terminator = terminator;
    // Long enough that a slow test machine never cuts a frame by idleness by accident.
    p.framing.idle_timeout = Some(Duration::from_secs(5));
    p
}

fn quick() -> Backoff {
    Backoff {
        initial: Duration::from_millis(50),
        max: Duration::from_millis(400),
    }
}

struct Rig {
    _dir: tempfile::TempDir,
    link: PathBuf,
    pty: Pty,
    rx: Receiver<ScannerMsg>,
    task: tokio::task::JoinHandle<()>,
}

/// A pty behind a symlink, a reader on the link, and the reader's `Connected` already seen.
async fn rig(profile: Profile) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("scanner");
    let pty = Pty::open();
    repoint(&link, &pty.slave);
    let (tx, mut rx) = channel(64);
    let task = spawn_serial_with(link.display().to_string(), profile.clone(), tx, quick());
    match next(&mut rx).await {
        ScannerMsg::Status(ScannerStatus::Connected { port, profile: id }) => {
            assert_eq!(port, link.display().to_string());
            assert_eq!(id, profile.id);
        }
        other => panic!("expected Connected, got {other:?}"),
    }
    Rig {
        _dir: dir,
        link,
        pty,
        rx,
        task,
    }
}

async fn next(rx: &mut Receiver<ScannerMsg>) -> ScannerMsg {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("no scanner message within 10 s")
        .expect("reader ended")
}

async fn next_scan(rx: &mut Receiver<ScannerMsg>) -> ScanEvent {
    match next(rx).await {
        ScannerMsg::Scan(s) => s,
        other => panic!("expected a scan, got {other:?}"),
    }
}

async fn next_noise(rx: &mut Receiver<ScannerMsg>) -> String {
    match next(rx).await {
        ScannerMsg::Status(ScannerStatus::Noise { message, .. }) => message,
        other => panic!("expected noise, got {other:?}"),
    }
}

#[tokio::test]
async fn frames_in_every_terminator_style() {
    // (profile terminator, what the scanner sends, what the frame's raw bytes end with)
    let cases: [(Terminator, &str, &str); 6] = [
        (Terminator::Cr, "\r", "\r"),
        (Terminator::Cr, "\r\n", "\r"),
        (Terminator::Lf, "\n", "\n"),
        (Terminator::Lf, "\r\n", "\r\n"),
        (Terminator::CrLf, "\r\n", "\r\n"),
        (Terminator::Tab, "\t", "\t"),
    ];
    for (terminator, end, raw_end) in cases {
        let mut r = rig(profile(terminator)).await;
        r.pty
            .send(format!("]Q1{QR}{end}]E05901234123457{end}").as_bytes());
        let qr = next_scan(&mut r.rx).await;
        assert_eq!(qr.payload, QR, "{terminator} {end:?}");
        assert_eq!(qr.raw, format!("]Q1{QR}{raw_end}").into_bytes());
        assert_eq!(
            qr.source,
            ScanSource::Serial {
                port: r.link.display().to_string()
            }
        );
        assert_eq!(next_scan(&mut r.rx).await.payload, "5901234123457");
    }
}

#[tokio::test]
async fn no_terminator_ends_a_frame_when_the_line_goes_quiet() {
    let mut p = profile(Terminator::None);
    p.framing.idle_timeout = Some(Duration::from_millis(100));
    let mut r = rig(p).await;
    r.pty.send(b"]E496385074");
    let scan = next_scan(&mut r.rx).await;
    assert_eq!(scan.payload, "96385074");
    assert_eq!(scan.symbology.unwrap().to_string(), "]E4");
    r.pty.send(QR.as_bytes());
    assert_eq!(next_scan(&mut r.rx).await.payload, QR);
}

#[tokio::test]
async fn frames_split_across_writes_and_several_in_one_write() {
    let mut r = rig(profile(Terminator::Cr)).await;
    let stream = format!("]Q1{QR}\r");
    for chunk in stream.as_bytes().chunks(7) {
        r.pty.send(chunk);
        // Pacing only, so the reader sees separate reads; the outcome does not depend on it.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(next_scan(&mut r.rx).await.payload, QR);

    r.pty.send(b"]E05901234123457\r]E496385074\r]C0ABC-123\r");
    for want in ["5901234123457", "96385074", "ABC-123"] {
        assert_eq!(next_scan(&mut r.rx).await.payload, want);
    }
}

#[tokio::test]
async fn aim_prefixes_are_stripped_and_kept_as_the_symbology() {
    let mut r = rig(profile(Terminator::Cr)).await;
    let cases = [
        ("]Q1", QR, "QR Code"),
        ("]E0", "7038010009457", "EAN-13 / UPC"),
        ("]E4", "96385074", "EAN-8"),
        ("]C0", "ABC-123", "Code 128"),
        ("]C1", "0107038010009457", "GS1-128"),
        ("]d1", "hello", "Data Matrix"),
        ("]d2", "0107038010009457\u{1d}10LOT7", "Data Matrix (GS1)"),
    ];
    for (aim, payload, _) in cases {
        r.pty.send(format!("{aim}{payload}\r").as_bytes());
    }
    for (aim, payload, name) in cases {
        let scan = next_scan(&mut r.rx).await;
        assert_eq!(scan.payload, payload);
        let sym = scan.symbology.expect(aim);
        assert_eq!(sym.to_string(), aim);
        assert_eq!(sym.name(), name);
    }
    r.pty.send(b"no-aim-here\r");
    let plain = next_scan(&mut r.rx).await;
    assert_eq!(
        (plain.payload.as_str(), plain.symbology),
        ("no-aim-here", None)
    );
}

#[tokio::test]
async fn garbage_bytes_give_a_hint_and_the_next_scan_still_works() {
    let mut r = rig(profile(Terminator::Cr)).await;
    r.pty.send(b"\xfe\x80\xff\x00\x9c\r");
    let message = next_noise(&mut r.rx).await;
    assert!(message.contains("baud rate"), "{message}");
    assert!(message.contains("simulated says 9600 8N1"), "{message}");
    assert!(message.contains("fe 80 ff 00 9c"), "{message}");

    r.pty.send(b"\x1b[31mred\r]E05901234123457\r");
    assert!(next_noise(&mut r.rx).await.contains("U+001B"));
    assert_eq!(next_scan(&mut r.rx).await.payload, "5901234123457");
}

#[tokio::test]
async fn an_overlong_frame_is_refused_and_the_stream_resynchronises() {
    let mut r = rig(profile(Terminator::Cr)).await;
    let max = profile(Terminator::Cr).framing.max_len;
    r.pty.send(&vec![b'7'; max + 100]);
    r.pty.send(b"777\r]Q1");
    r.pty.send(QR.as_bytes());
    r.pty.send(b"\r");
    let message = next_noise(&mut r.rx).await;
    assert!(
        message.contains(&format!("no terminator (CR) within {max} bytes")),
        "{message}"
    );
    assert_eq!(next_scan(&mut r.rx).await.payload, QR);
}

#[tokio::test]
async fn an_unplugged_scanner_is_reported_and_reopened_when_it_returns() {
    let mut r = rig(profile(Terminator::Cr)).await;
    r.pty.send(b"]E05901234123457\r");
    assert_eq!(next_scan(&mut r.rx).await.payload, "5901234123457");

    // Unplug: the device side goes away and its node with it.
    drop(r.pty);
    match next(&mut r.rx).await {
        ScannerMsg::Status(ScannerStatus::Disconnected { port, reason }) => {
            assert_eq!(port, r.link.display().to_string());
            assert!(!reason.is_empty());
        }
        other => panic!("expected Disconnected, got {other:?}"),
    }

    // Plug back in: a new device appears under the same stable path.
    let mut pty = Pty::open();
    repoint(&r.link, &pty.slave);
    match next(&mut r.rx).await {
        ScannerMsg::Status(ScannerStatus::Connected { port, .. }) => {
            assert_eq!(port, r.link.display().to_string())
        }
        other => panic!("expected Connected again, got {other:?}"),
    }
    pty.send(format!("]Q1{QR}\r").as_bytes());
    assert_eq!(next_scan(&mut r.rx).await.payload, QR);
}

#[tokio::test]
async fn a_scanner_absent_at_start_is_picked_up_when_plugged_in() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("scanner");
    let (tx, mut rx) = channel(64);
    let _task = spawn_serial_with(
        link.display().to_string(),
        profile(Terminator::Cr),
        tx,
        quick(),
    );
    match next(&mut rx).await {
        ScannerMsg::Status(ScannerStatus::Disconnected { reason, .. }) => {
            assert!(reason.contains("cannot open"), "{reason}")
        }
        other => panic!("expected Disconnected, got {other:?}"),
    }
    let mut pty = Pty::open();
    repoint(&link, &pty.slave);
    assert!(matches!(
        next(&mut rx).await,
        ScannerMsg::Status(ScannerStatus::Connected { .. })
    ));
    pty.send(b"]E05901234123457\r");
    assert_eq!(next_scan(&mut rx).await.payload, "5901234123457");
}

#[tokio::test]
async fn the_reader_stops_when_the_till_drops_the_receiver() {
    let r = rig(profile(Terminator::Cr)).await;
    drop(r.rx);
    tokio::time::timeout(WAIT, r.task)
        .await
        .expect("reader still running 10 s after the receiver was dropped")
        .unwrap();
}

fn usb_port(path: &Path, vid: u16) -> PortInfo {
    PortInfo {
        path: path.display().to_string(),
        by_id: None,
        driver: Some("cdc_acm".into()),
        usb: Some(UsbInfo {
            vid,
            pid: 1,
            manufacturer: None,
            product: None,
            serial: None,
        }),
    }
}

#[tokio::test]
async fn the_watcher_picks_up_a_scanner_plugged_in_later_and_follows_a_renumbering() {
    let dir = tempfile::tempdir().unwrap();
    let mut profiles = builtin_profiles();
    let own = "id = \"test-cdc\"\ntransport = \"serial\"\n\n[match]\nusb_vid = 0x1234\n";
    profiles.push(parse_profile(own, Path::new("test-cdc.toml")).unwrap());
    let present: Arc<Mutex<Vec<PortInfo>>> = Arc::default();
    let seen = present.clone();
    let cfg = Scanner {
        port: None,
        profile: None,
        profile_dir: dir.path().join("none"),
    };
    let (tx, mut rx) = channel(64);
    let watcher = spawn_watcher(
        cfg,
        profiles,
        tx,
        move || seen.lock().unwrap().clone(),
        Duration::from_millis(50),
    );
    assert_eq!(
        next(&mut rx).await,
        ScannerMsg::Status(ScannerStatus::NotConfigured)
    );

    // Plug in.
    let first = dir.path().join("ttyACM0");
    let mut pty = Pty::open();
    repoint(&first, &pty.slave);
    *present.lock().unwrap() = vec![usb_port(&first, 0x1234)];
    match next(&mut rx).await {
        ScannerMsg::Status(ScannerStatus::Connected { port, profile }) => {
            assert_eq!(
                (port, profile.as_str()),
                (first.display().to_string(), "test-cdc")
            )
        }
        other => panic!("expected Connected, got {other:?}"),
    }
    pty.send(b"]E05901234123457\r");
    assert_eq!(next_scan(&mut rx).await.payload, "5901234123457");

    // Unplug (the device node goes, as udev would remove it) and come back under another name.
    drop(pty);
    std::fs::remove_file(&first).unwrap();
    let second = dir.path().join("ttyACM1");
    let mut pty = Pty::open();
    repoint(&second, &pty.slave);
    *present.lock().unwrap() = vec![usb_port(&second, 0x1234)];
    let want = second.display().to_string();
    loop {
        // A Disconnected for the old name may or may not come first: the two race.
        match next(&mut rx).await {
            ScannerMsg::Status(ScannerStatus::Connected { port, .. }) if port == want => break,
            ScannerMsg::Status(ScannerStatus::Disconnected { .. }) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    pty.send(format!("]Q1{QR}\r").as_bytes());
    let scan = next_scan(&mut rx).await;
    assert_eq!(scan.payload, QR);
    assert_eq!(scan.source, ScanSource::Serial { port: want });

    drop(rx);
    tokio::time::timeout(WAIT, watcher)
        .await
        .expect("watcher still running 10 s after the receiver was dropped")
        .unwrap();
}
