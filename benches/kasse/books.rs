//! The books over a journal that has grown: a shop's weeks of receipts, each signed and chained,
//! with a Z report closing every day. Measured: journaling one receipt (sign, chain, insert),
//! the X report of a day in progress, the day-change check for a missing Z report, and the
//! SAF-T export of one day. The till runs all of these off the render path; the figures say
//! how long the cashier waits for the report to appear, not for the screen.

use crate::stats::{fmt, Samples};
use kasse::books::{self, Company, Signer, Stamp, TakenBy};
use kasse::domain::{
    Basket, Currency, IssuedReceipt, Product, ProductHit, Quantity, ReceiptKind, ReceiptLine,
    Tender, TenderKind, Unit,
};
use kasse::store::Store;
use std::path::Path;
use std::time::{Duration, Instant};

/// Days of trade closed by a Z report, then one more day in progress.
pub const DAYS: u64 = 60;
/// Receipts a day: a small shop's busy day.
pub const PER_DAY: u64 = 200;
const POS: &str = "bench1";
/// 2026-10-01 07:00 UTC: a morning in Oslo.
const FIRST_MORNING: i64 = 1_791_270_000;
const DAY: i64 = 86_400;
const RUNS: usize = 20;

pub struct Books {
    pub receipts: u64,
    pub generated: Option<Duration>,
    pub journal_one: Samples,
    pub x_report: Samples,
    pub z_missing: Samples,
    pub export_day: Samples,
    pub export_bytes: usize,
}

fn stamp(at: i64) -> Stamp {
    Stamp {
        at,
        utc_offset_min: 60,
    }
}

fn company() -> Company {
    Company {
        ident: "999999999".into(),
        name: "Bench".into(),
    }
}

fn by(at: i64) -> TakenBy<'static> {
    TakenBy {
        cashier: Some("1"),
        training: false,
        stamp: stamp(at),
    }
}

/// The demo catalogue's items sold by the piece.
fn pieces(store: &Store) -> anyhow::Result<Vec<Product>> {
    Ok(store
        .list_products(1_000, 0)?
        .into_iter()
        .filter(|p| p.unit == Unit::Piece && p.variable.is_none())
        .collect())
}

/// A card sale of three items at `at`, as the till would issue it.
fn receipt(products: &[Product], number: u64, at: i64) -> IssuedReceipt {
    let mut basket = Basket::new(Currency::Nok);
    for k in 0..3 {
        let p = &products[(number as usize + k) % products.len()];
        basket.add(
            ProductHit {
                product: p.clone(),
                quantity: Quantity::Pieces(1),
                price_override: None,
            }
            .line(),
        );
    }
    let total = basket.total().minor;
    IssuedReceipt {
        kind: ReceiptKind::Sale,
        training: false,
        number,
        pos_id: POS.into(),
        cashier: None,
        issued_at: at,
        utc_offset_min: 60,
        currency: Currency::Nok,
        lines: ReceiptLine::from_basket(&basket, ReceiptKind::Sale),
        tenders: vec![Tender {
            kind: TenderKind::Card { note: None },
            amount: total,
        }],
        rounding: 0,
        customer: None,
        member: false,
        return_of: None,
    }
}

/// Journals `count` receipts of day `day`, timing each; returns the next number.
fn trade(
    store: &mut Store,
    signer: &Signer,
    day: u64,
    mut number: u64,
    count: u64,
    times: &mut Vec<Duration>,
) -> anyhow::Result<u64> {
    let morning = FIRST_MORNING + day as i64 * DAY;
    let products = pieces(store)?;
    for i in 0..count {
        let r = receipt(&products, number, morning + i as i64 * 150);
        let t0 = Instant::now();
        books::record_receipt(store, signer, &r)?;
        times.push(t0.elapsed());
        number += 1;
    }
    Ok(number)
}

/// The journal of `DAYS` closed days and one in progress, made once and kept.
fn ensure_journal(path: &Path, key: &Path) -> anyhow::Result<(Option<Duration>, Vec<Duration>)> {
    let mut times = Vec::new();
    if path.exists() {
        return Ok((None, times));
    }
    let t0 = Instant::now();
    let mut store = Store::open(path)?;
    store.seed_demo()?;
    let signer = Signer::load_or_create(&mut store, key)?;
    let mut number = 1;
    for day in 0..DAYS {
        number = trade(&mut store, &signer, day, number, PER_DAY, &mut times)?;
        let evening = FIRST_MORNING + day as i64 * DAY + 12 * 3_600;
        books::take_z(&mut store, POS, &company(), by(evening))?;
    }
    trade(&mut store, &signer, DAYS, number, PER_DAY, &mut times)?;
    Ok((Some(t0.elapsed()), times))
}

pub fn run(dir: &Path) -> anyhow::Result<Books> {
    let path = dir.join(format!("journal-{DAYS}x{PER_DAY}.sqlite"));
    let key = dir.join(format!("journal-{DAYS}x{PER_DAY}.signing-key.pem"));
    let (generated, mut journal_one) = ensure_journal(&path, &key)?;
    // Measure on a copy: the X reports taken here must not pile up in the kept file.
    let work = dir.join("journal-work.sqlite");
    std::fs::copy(&path, &work)?;
    let mut store = Store::open(&work)?;
    if journal_one.is_empty() {
        // A kept journal: time a day's worth of new receipts on the copy instead.
        let signer = Signer::load_or_create(&mut store, &key)?;
        let next = books::journal::entries(&store, Some(POS), 0)?
            .iter()
            .filter_map(|e| e.receipt())
            .map(|r| r.number)
            .max()
            .unwrap_or(0)
            + 1;
        trade(&mut store, &signer, DAYS, next, PER_DAY, &mut journal_one)?;
    }
    let now = FIRST_MORNING + DAYS as i64 * DAY + 11 * 3_600;
    let mut x = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let t0 = Instant::now();
        books::take_x(&mut store, POS, &company(), by(now + i as i64))?;
        x.push(t0.elapsed());
    }
    let today = stamp(now).local_date();
    let mut missing = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let m = books::z_missing(&store, POS, today)?;
        missing.push(t0.elapsed());
        anyhow::ensure!(!m, "every closed day has its Z report");
    }
    let shop = books::saft::SaftCompany {
        org_number: "999999999".into(),
        name: "Bench".into(),
        address: None,
        vat_registered: true,
        currency: "NOK",
    };
    let out = dir.join("saft-out");
    std::fs::create_dir_all(&out)?;
    let mut export = Vec::new();
    let mut bytes = 0;
    for _ in 0..5 {
        let t0 = Instant::now();
        let file =
            books::saft::write_export(&store, &shop, Some(today), Some(today), stamp(now), &out)?;
        export.push(t0.elapsed());
        bytes = std::fs::metadata(&file)?.len() as usize;
    }
    drop(store);
    let _ = std::fs::remove_file(&work);
    Ok(Books {
        receipts: (DAYS + 1) * PER_DAY,
        generated,
        journal_one: Samples::new(journal_one),
        x_report: Samples::new(x),
        z_missing: Samples::new(missing),
        export_day: Samples::new(export),
        export_bytes: bytes,
    })
}

pub fn table(b: &Books) -> String {
    let mut out = format!(
        "Journal: {DAYS} days closed by a Z report and one in progress, {PER_DAY} receipts a \
         day, {} receipts in all{}.\n\n",
        b.receipts,
        b.generated.map_or_else(
            || " (kept from an earlier run)".to_string(),
            |g| format!(", generated in {:.1} s", g.as_secs_f64())
        )
    );
    out.push_str("| what | samples | median | p99 | max |\n|---|---:|---:|---:|---:|\n");
    for (what, s) in [
        (
            "journal one receipt (sign SHA1withRSA, chain, insert)",
            &b.journal_one,
        ),
        (
            "X report of the day in progress (build + journal whole)",
            &b.x_report,
        ),
        ("missing-Z check at the day's change", &b.z_missing),
        ("SAF-T export of one day", &b.export_day),
    ] {
        out.push_str(&format!(
            "| {what} | {} | {} | {} | {} |\n",
            s.len(),
            fmt(s.median()),
            fmt(s.pct(99.0)),
            fmt(s.max())
        ));
    }
    out.push_str(&format!(
        "\nThe day's SAF-T file: {} bytes.\n",
        b.export_bytes
    ));
    out
}
