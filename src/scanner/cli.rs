//! `kasse scanner list` and `kasse scanner probe`: the staff's tools to set a scanner up.

use super::detect::{list_ports, match_profile};
use super::framing::hex;
use super::profile::{find_profile, profiles_for, Profile, Transport};
use super::setup::plan;
use super::wedge::{WedgeDetector, WedgeOutput};
use super::{ScanEvent, ScannerMsg, ScannerStatus};
use crate::config::Config;
use crate::domain::{classify, ScanKind};
use crate::runtime::terminal;
use crate::till::Key;
use anyhow::Context;
use std::time::Instant;

/// Print the serial ports with their USB ids and the profile each would be read with.
pub fn list(config: &Config) -> anyhow::Result<()> {
    let profiles = profiles_for(&config.scanner.profile_dir)?;
    let ports = list_ports();
    if ports.is_empty() {
        println!("No serial scanner ports found.");
    }
    for port in &ports {
        println!("{}", port.path);
        if let Some(link) = &port.by_id {
            println!("  stable path  {link}");
        }
        match &port.usb {
            Some(usb) => println!("  usb          {usb}"),
            None => println!("  usb          (not a USB device)"),
        }
        if let Some(driver) = &port.driver {
            println!("  driver       {driver}");
        }
        match match_profile(port, &profiles) {
            Some(p) => println!("  profile      {} ({})", p.id, describe(p)),
            None => println!("  profile      none matches: try --profile generic-cdc-acm"),
        }
    }
    println!();
    println!(
        "A scanner in USB keyboard (HID) mode is not a serial port and is not listed; it types \
         into the till directly. Profiles ({} known, from {} and built-in):",
        profiles.len(),
        config.scanner.profile_dir.display()
    );
    for p in &profiles {
        println!("  {:30} {}", p.id, describe(p));
    }
    Ok(())
}

fn describe(p: &Profile) -> String {
    let what = format!("{} {}", p.vendor, p.model);
    let how = match p.transport {
        Transport::Serial => format!("serial {}, ends {}", p.serial, p.framing.terminator),
        Transport::HidWedge => format!("keyboard, gap {} ms", p.wedge.max_interkey.as_millis()),
    };
    let checked = if p.verified { "" } else { ", unverified" };
    format!("{}: {how}{checked}", what.trim())
}

/// Open the scanner and show every frame raw and classified, until Ctrl-C.
pub async fn probe(
    config: &Config,
    port: Option<String>,
    profile: Option<String>,
) -> anyhow::Result<()> {
    let profiles = profiles_for(&config.scanner.profile_dir)?;
    let mut wanted = config.scanner.clone();
    if port.is_some() {
        wanted.port = port;
    }
    if profile.is_some() {
        wanted.profile = profile;
    }
    if let Some(id) = &wanted.profile {
        let p = find_profile(&profiles, id)?;
        if p.transport == Transport::HidWedge {
            return probe_wedge(p).await;
        }
    }
    let setup = plan(&wanted, &profiles, &list_ports())?;
    let (port, profile) = setup.serial.context(
        "no serial scanner found: plug one in (USB serial / CDC mode), or name it with --port \
         (see `kasse scanner list`); for a scanner in keyboard mode use --profile \
         generic-hid-wedge",
    )?;
    println!(
        "Probing {port} with profile {} ({}). Scan something; Ctrl-C stops.",
        profile.id,
        describe(&profile)
    );
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let reader = super::serial::spawn_serial(port, profile, tx);
    let start = Instant::now();
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(msg) => println!("{}", show(&msg, start)),
                None => break,
            },
            _ = &mut ctrl_c => break,
        }
    }
    reader.abort();
    Ok(())
}

fn show(msg: &ScannerMsg, start: Instant) -> String {
    let at = |i: Instant| format!("[{:8.3}s]", i.duration_since(start).as_secs_f64());
    match msg {
        ScannerMsg::Scan(scan) => show_scan(scan, &at(scan.at)),
        ScannerMsg::Status(status) => {
            let now = at(Instant::now());
            match status {
                ScannerStatus::Noise { .. } => format!("{now} NOISE  {status}"),
                _ => format!("{now} {status}"),
            }
        }
    }
}

fn show_scan(scan: &ScanEvent, at: &str) -> String {
    let symbology = scan
        .symbology
        .map(|s| format!("{s} {}", s.name()))
        .unwrap_or_else(|| "(no AIM identifier)".into());
    let kind = match classify(&scan.payload) {
        ScanKind::PersonalQr {
            msisdn: Some(m), ..
        } => format!("customer QR, phone {}", m.pretty()),
        ScanKind::PersonalQr { msisdn: None, .. } => {
            "customer QR (number looked up with the QR exchange API)".into()
        }
        ScanKind::Product(gtin) => format!("product {gtin}"),
        ScanKind::Unknown(why) => format!("not usable: {why}"),
    };
    let pad = " ".repeat(13);
    format!(
        "{at} SCAN   {} bytes: {}\n{pad}symbology {symbology}\n{pad}payload   {:?}\n{pad}means     {kind}",
        scan.raw.len(),
        hex(&scan.raw, 64),
        scan.payload
    )
}

/// Keyboard-wedge probe: read keys in raw mode, show each with its gap to the previous one and
/// what the burst detector makes of them, so `max_interkey_ms` and the remap can be tuned.
async fn probe_wedge(profile: &Profile) -> anyhow::Result<()> {
    use crossterm::event::{Event, EventStream};
    use futures_util::StreamExt;
    use std::io::Write;

    println!(
        "Probing keyboard input with profile {} ({}). Scan something; Ctrl-C stops.",
        profile.id,
        describe(profile)
    );
    crossterm::terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
    let mut detector = WedgeDetector::new(profile.wedge.clone());
    let mut events = EventStream::new();
    let mut last_key: Option<Instant> = None;
    let start = Instant::now();
    // Raw mode: lines need an explicit carriage return.
    let say = |text: String| {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{}\r\n", text.replace('\n', "\r\n"));
        let _ = out.flush();
    };
    let result = loop {
        let deadline = detector.deadline();
        let outputs = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(key))) => {
                    let now = Instant::now();
                    let till = terminal::till_key(&key);
                    if till == Some(Key::CtrlC) {
                        break Ok(());
                    }
                    say(key_line(&key, till, last_key.map(|l| now.duration_since(l))));
                    if till.is_some() {
                        last_key = Some(now);
                    }
                    // The till's own path, so the probe cannot disagree with the till.
                    terminal::feed(&mut detector, &key, now)
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => break Err(anyhow::Error::new(e).context("reading the terminal")),
                None => break Ok(()),
            },
            _ = sleep_until(deadline), if deadline.is_some() => detector.tick(Instant::now()),
        };
        for output in outputs {
            match output {
                WedgeOutput::Scan(scan) => {
                    let at = format!("[{:8.3}s]", scan.at.duration_since(start).as_secs_f64());
                    say(show_scan(&scan, &at));
                }
                WedgeOutput::Typed(key) => {
                    say(format!("        typed {:?}", terminal::typed_key(key)))
                }
            }
        }
    };
    crossterm::terminal::disable_raw_mode().context("cannot restore the terminal")?;
    result
}

/// The key as the terminal sent it, what the till makes of it, and its gap to the last key.
fn key_line(
    key: &crossterm::event::KeyEvent,
    till: Option<Key>,
    gap: Option<std::time::Duration>,
) -> String {
    let gap = gap.map(|g| format!("+{} ms", g.as_millis()));
    let till = till.map_or("ignored by the till".to_string(), |k| format!("{k:?}"));
    format!(
        "        key {:?} {:?} ({till}) {}",
        key.code,
        key.kind,
        gap.unwrap_or_default()
    )
}

async fn sleep_until(deadline: Option<Instant>) {
    if let Some(d) = deadline {
        tokio::time::sleep_until(tokio::time::Instant::from_std(d)).await;
    }
}
