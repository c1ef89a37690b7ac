//! Scan to state: bytes into a pseudo-terminal, through the real serial reader (the
//! `simulated` profile: AIM identifier, CR), `till::update`, the SQLite look-up the edges would
//! run, and `update` again, until the state shows the scan.

use crate::pty::Pty;
use crate::stats::{fmt, verdict, Samples};
use kasse::domain::{Member, Msisdn, Product, Unit};
use kasse::scanner::{builtin_profiles, find_profile, spawn_serial, ScannerMsg};
use kasse::store::Store;
use kasse::till::{self, Effect, Membership, Msg, State};
use std::io::Write;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const PRODUCT_FRAMES: usize = 2_000;
const QR_FRAMES: usize = 1_000;
/// Start bit, eight data bits, one stop bit (8N1).
const BITS_PER_BYTE: u64 = 10;
/// Nothing waits this long when things work; a lost frame ends the run with an error.
const WAIT: Duration = Duration::from_secs(10);

pub struct ScanResult {
    pub kind: &'static str,
    pub frame_bytes: usize,
    pub total: Samples,
    pub core: Samples,
}

/// What the till's effects runner would do for the look-ups a scan asks for, in line.
fn run_effects(state: &mut State, store: &Store, effects: Vec<Effect>) {
    for e in effects {
        let msg = match e {
            Effect::LookupProduct(code) => Msg::ProductLooked {
                result: store.product_by_gtin(&code).map_err(|e| e.to_string()),
                code,
            },
            Effect::LookupMember(msisdn) => Msg::MemberLooked {
                result: store.member_by_msisdn(&msisdn).map_err(|e| e.to_string()),
                msisdn,
            },
            _ => continue,
        };
        let more = till::update(state, msg);
        run_effects(state, store, more);
    }
}

async fn next_scan(rx: &mut mpsc::Receiver<ScannerMsg>) -> anyhow::Result<String> {
    loop {
        match tokio::time::timeout(WAIT, rx.recv()).await {
            Ok(Some(ScannerMsg::Scan(ev))) => return Ok(ev.payload),
            Ok(Some(ScannerMsg::Status(_))) => continue,
            Ok(None) => anyhow::bail!("the serial reader stopped"),
            Err(_) => anyhow::bail!("no scan within {WAIT:?}: a frame was lost"),
        }
    }
}

/// Products and members (QR codes) scanned through one reader.
pub async fn run(
    store: &Store,
    products: &[Product],
    members: &[Member],
    mut state: State,
) -> anyhow::Result<Vec<ScanResult>> {
    anyhow::ensure!(
        !products.is_empty() && members.len() >= 2,
        "the demo database has no products or too few members"
    );
    let mut pty = Pty::open()?;
    let profile = find_profile(&builtin_profiles(), "simulated")?.clone();
    let (tx, mut rx) = mpsc::channel(64);
    let reader = spawn_serial(pty.slave.display().to_string(), profile, tx);
    // The first status says the port is open: frames written before that could be lost.
    match tokio::time::timeout(WAIT, rx.recv()).await {
        Ok(Some(ScannerMsg::Status(_))) => {}
        _ => anyhow::bail!("the serial reader did not open the pseudo-terminal"),
    }

    // Items sold by weight open the weighing dialog instead: a different flow, left out.
    let pieces: Vec<&Product> = products.iter().filter(|p| p.unit == Unit::Piece).collect();
    anyhow::ensure!(!pieces.is_empty(), "the demo catalogue has no piece items");
    let mut out = Vec::new();
    let (mut total, mut core) = (Vec::new(), Vec::new());
    let mut bytes = 0;
    for i in 0..PRODUCT_FRAMES {
        if i % 100 == 0 {
            state.basket.lines.clear();
        }
        let Some(p) = pieces.get(i % pieces.len()) else {
            break;
        };
        let frame = format!("]E0{}\r", p.gtin);
        bytes = frame.len();
        let before = state.basket.lines.clone();
        let t0 = Instant::now();
        pty.master.write_all(frame.as_bytes())?;
        let payload = next_scan(&mut rx).await?;
        let t1 = Instant::now();
        let effects = till::update(&mut state, Msg::Scan { payload });
        run_effects(&mut state, store, effects);
        anyhow::ensure!(
            state.basket.lines != before,
            "the product scan changed nothing"
        );
        total.push(t0.elapsed());
        core.push(t1.elapsed());
    }
    out.push(ScanResult {
        kind: "product (EAN-13)",
        frame_bytes: bytes,
        total: Samples::new(std::mem::take(&mut total)),
        core: Samples::new(std::mem::take(&mut core)),
    });

    for i in 0..QR_FRAMES {
        let Some(m) = members.get(i % 2) else { break };
        let frame = format!("]Q1{}\r", qr_for(&m.msisdn));
        bytes = frame.len();
        // A finished sale makes the next scan start a new one; keep the basket for realism.
        state.customer = None;
        let t0 = Instant::now();
        pty.master.write_all(frame.as_bytes())?;
        let payload = next_scan(&mut rx).await?;
        let t1 = Instant::now();
        let effects = till::update(&mut state, Msg::Scan { payload });
        run_effects(&mut state, store, effects);
        let known = state.customer.as_ref().is_some_and(|c| {
            c.msisdn == m.msisdn && matches!(c.membership, Membership::Member { .. })
        });
        anyhow::ensure!(known, "the member's QR scan did not identify the member");
        total.push(t0.elapsed());
        core.push(t1.elapsed());
    }
    out.push(ScanResult {
        kind: "member QR",
        frame_bytes: bytes,
        total: Samples::new(total),
        core: Samples::new(core),
    });
    drop(rx);
    reader.abort();
    Ok(out)
}

/// The personal QR code's clear text for a phone number (country code and number).
fn qr_for(msisdn: &Msisdn) -> String {
    format!("https://qr.vipps.no/28/2/01/031/{}?v=1", msisdn.as_str())
}

/// The time the frame itself spends on the wire at `baud`.
pub fn wire_time(bytes: usize, baud: u64) -> Duration {
    Duration::from_nanos(BITS_PER_BYTE * bytes as u64 * 1_000_000_000 / baud)
}

pub fn table(results: &[ScanResult]) -> String {
    let mut s = String::from(
        "| scan | frames | bytes | p50 | p99 | max | core p50 (update + lookup) | core p99 | wire @ 9600 | wire @ 115200 | target p99 < 1 ms |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for r in results {
        s += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.kind,
            r.total.len(),
            r.frame_bytes,
            fmt(r.total.median()),
            fmt(r.total.pct(99.0)),
            fmt(r.total.max()),
            fmt(r.core.median()),
            fmt(r.core.pct(99.0)),
            fmt(wire_time(r.frame_bytes, 9_600)),
            fmt(wire_time(r.frame_bytes, 115_200)),
            verdict(r.total.pct(99.0) < Duration::from_millis(1)),
        );
    }
    s
}
