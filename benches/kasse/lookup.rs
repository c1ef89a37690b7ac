//! The membership look-up on every customer scan, in a club of a million members.

use crate::stats::{fmt, verdict, Samples};
use kasse::domain::{Country, Member, MemberSource, Msisdn};
use kasse::store::Store;
use std::path::Path;
use std::time::{Duration, Instant};

const HITS: usize = 200_000;
const MISSES: usize = 20_000;

/// Member `i`'s Norwegian mobile number: 9xxxxxxx, so up to ten million fit.
fn number(i: u64) -> String {
    format!("{}", 90_000_000 + i)
}

/// Write `n` members into the database at `path` with `Store::upsert_members`, in one
/// transaction. Returns how long it took.
pub fn gen_members(path: &Path, n: u64) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        n <= 9_999_999,
        "at most 9 999 999 members fit the numbering"
    );
    let t0 = Instant::now();
    let mut store = Store::open(path)?;
    let mut members = Vec::with_capacity(n as usize);
    for i in 0..n {
        members.push(Member {
            msisdn: Msisdn::parse(&number(i), Country::Norway)?,
            sub: Some(format!("bench-sub-{i:07}")),
            name: Some(format!("Medlem {i}")),
            email: None,
            enrolled_at: 1_700_000_000 + i as i64,
            source: MemberSource::Import,
            consents: None,
        });
    }
    store.upsert_members(&members)?;
    Ok(t0.elapsed())
}

/// The database at `path` with at least `n` members, generated when missing. Returns the
/// generation time, or `None` when an earlier run's file was reused.
pub fn ensure_members(path: &Path, n: u64) -> anyhow::Result<Option<Duration>> {
    if path.exists() && Store::open(path)?.count_members()? >= n {
        return Ok(None);
    }
    Ok(Some(gen_members(path, n)?))
}

pub struct LookupResult {
    pub members: u64,
    pub hits: Samples,
    pub misses: Samples,
}

pub fn run(path: &Path, n: u64) -> anyhow::Result<LookupResult> {
    let store = Store::open(path)?;
    let members = store.count_members()?;
    let mut rng = fastrand::Rng::with_seed(7);
    let (mut hits, mut misses) = (Vec::with_capacity(HITS), Vec::with_capacity(MISSES));
    for k in 0..HITS + MISSES {
        let hit = k % 11 != 10 || misses.len() >= MISSES;
        // Misses are valid numbers nobody in the club has (4xxxxxxx).
        let msisdn = if hit {
            Msisdn::parse(&number(rng.u64(0..n)), Country::Norway)?
        } else {
            Msisdn::parse(
                &format!("{}", rng.u64(40_000_000..50_000_000)),
                Country::Norway,
            )?
        };
        let t0 = Instant::now();
        let found = store.member_by_msisdn(&msisdn)?;
        let took = t0.elapsed();
        anyhow::ensure!(
            found.is_some() == hit,
            "look-up of {} went wrong",
            msisdn.as_str()
        );
        if hit {
            hits.push(took);
        } else {
            misses.push(took);
        }
    }
    Ok(LookupResult {
        members,
        hits: Samples::new(hits),
        misses: Samples::new(misses),
    })
}

pub fn table(r: &LookupResult) -> String {
    let mut s = String::from(
        "| look-up | members in db | look-ups | median | p99 | max | target median < 20 µs |\n|---|---:|---:|---:|---:|---:|---|\n",
    );
    for (kind, x) in [
        ("member (hit)", &r.hits),
        ("not a member (miss)", &r.misses),
    ] {
        s += &format!(
            "| {kind} | {} | {} | {} | {} | {} | {} |\n",
            r.members,
            x.len(),
            fmt(x.median()),
            fmt(x.pct(99.0)),
            fmt(x.max()),
            verdict(x.median() < Duration::from_micros(20)),
        );
    }
    s
}
