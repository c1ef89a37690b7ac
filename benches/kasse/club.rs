//! The shared club with a million members: the look-up at the counter from the till's cache
//! and on a cache miss through the service on loopback, the service's throughput for 50 tills
//! at once, a fresh till filling its cache, and the feed's delay from one till to another.
//! Needs PostgreSQL (`KASSE_TEST_PG`, or the distribution's binaries for a throwaway cluster).

#[path = "../../tests/club/club_support/mod.rs"]
mod club_support;

use crate::stats::{fmt, verdict, Samples};
use club_support::{fresh_database, Service};
use kasse::club::client::ClubClient;
use kasse::club::sync::{self, ClubLink};
use kasse::domain::{Country, Member, MemberSource, Msisdn};
use kasse::secret::Secret;
use kasse::store::Store;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MEMBERS: i64 = 1_000_000;
const CACHE_LOOKUPS: usize = 200_000;
const SERVICE_LOOKUPS: usize = 2_000;
const TILLS: usize = 50;
const LOAD_FOR: Duration = Duration::from_secs(5);
const FEED_ROUNDS: usize = 10;

/// Member `i`'s number, as the generator below writes it: 479 and seven digits.
fn number(i: i64) -> Msisdn {
    Msisdn::parse(&format!("+479{i:07}"), Country::Norway).expect("a valid number")
}

pub struct ClubResult {
    pub generate: Duration,
    pub fill: Duration,
    pub cached: Samples,
    pub service: Samples,
    pub throughput: f64,
    pub under_load: Samples,
    pub feed: Samples,
}

pub async fn run(dir: &Path) -> anyhow::Result<Option<ClubResult>> {
    let Some(db) = fresh_database().await else {
        return Ok(None);
    };
    let svc = Service::start(&db).await;
    let t0 = Instant::now();
    svc.pool
        .get()
        .await?
        .execute(
            "INSERT INTO club_members (msisdn, sub, name, enrolled_at, source, version)
             SELECT '479' || lpad(g::text, 7, '0'), 'bench-sub-' || g, 'Medlem ' || g,
                    1700000000 + g, 'import', nextval('club_version')
             FROM generate_series(0, $1::bigint - 1) g",
            &[&MEMBERS],
        )
        .await?;
    svc.pool
        .get()
        .await?
        .batch_execute("ANALYZE club_members")
        .await?;
    let generate = t0.elapsed();
    let token = svc.token("bench").await;
    let client = ClubClient::new(
        &svc.url(),
        Secret::new(token.clone()),
        Duration::from_secs(30),
    )?;

    // A fresh till fills its cache from the feed.
    let path = dir.join("club-cache.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let store = Arc::new(Mutex::new(Store::open(&path)?));
    let t0 = Instant::now();
    sync::round_once(&client, &store)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let fill = t0.elapsed();

    let mut rng = fastrand::Rng::with_seed(11);
    let cached = {
        let s = store.lock().map_err(|_| anyhow::anyhow!("lock"))?;
        anyhow::ensure!(
            s.count_members()? as i64 == MEMBERS,
            "the cache is not full"
        );
        let mut v = Vec::with_capacity(CACHE_LOOKUPS);
        for _ in 0..CACHE_LOOKUPS {
            let m = number(rng.i64(0..MEMBERS));
            let t = Instant::now();
            let found = s.member_by_msisdn(&m)?;
            v.push(t.elapsed());
            anyhow::ensure!(found.is_some(), "cache miss for {}", m.as_str());
        }
        Samples::new(v)
    };

    let mut v = Vec::with_capacity(SERVICE_LOOKUPS);
    for _ in 0..SERVICE_LOOKUPS {
        let m = number(rng.i64(0..MEMBERS));
        let t = Instant::now();
        let found = client.by_phone(&m, Duration::from_secs(5)).await?;
        v.push(t.elapsed());
        anyhow::ensure!(found.is_some());
    }
    let service = Samples::new(v);

    let (throughput, under_load) = load(&svc.url(), &token).await?;
    let feed = feed_delay(dir, &svc.url(), &svc.token("bench2").await, &token).await?;
    svc.stop().await;
    Ok(Some(ClubResult {
        generate,
        fill,
        cached,
        service,
        throughput,
        under_load,
        feed,
    }))
}

/// 50 tills, each with its own connection, looking members up as fast as answers come.
async fn load(url: &str, token: &str) -> anyhow::Result<(f64, Samples)> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..TILLS {
        let c = ClubClient::new(url, Secret::new(token.to_string()), Duration::from_secs(30))?;
        tasks.push(tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(i as u64);
            let mut v = Vec::new();
            while start.elapsed() < LOAD_FOR {
                let m = number(rng.i64(0..MEMBERS));
                let t = Instant::now();
                if c.by_phone(&m, Duration::from_secs(10)).await.is_ok() {
                    v.push(t.elapsed());
                }
            }
            v
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await?);
    }
    let rate = all.len() as f64 / start.elapsed().as_secs_f64();
    Ok((rate, Samples::new(all)))
}

/// From an enrolment at till A (outbox, nudged) to the member in till B's cache, with B
/// reading the feed every second (the shortest `sync_secs`).
async fn feed_delay(
    dir: &Path,
    url: &str,
    token_a: &str,
    token_b: &str,
) -> anyhow::Result<Samples> {
    let club = |token: &str| kasse::config::Club {
        url: url.to_string(),
        token: Secret::new(token.to_string()),
        sync_secs: 1,
        lookup_timeout_ms: 300,
    };
    let open = |name: &str| -> anyhow::Result<Arc<Mutex<Store>>> {
        let p = dir.join(name);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
        }
        Ok(Arc::new(Mutex::new(Store::open(&p)?)))
    };
    // Both start from the end of the feed: only the new enrolments travel.
    let (a, b) = (open("club-till-a.sqlite")?, open("club-till-b.sqlite")?);
    let latest: i64 = {
        let c = ClubClient::new(
            url,
            Secret::new(token_a.to_string()),
            Duration::from_secs(30),
        )?;
        let mut since = 0;
        loop {
            let page = c.changes(since, 5000).await?;
            match page.changes.last() {
                Some(l) => since = l.version,
                None => break since,
            }
            if !page.more {
                break since;
            }
        }
    };
    for s in [&a, &b] {
        s.lock()
            .map_err(|_| anyhow::anyhow!("lock"))?
            .apply_club_changes(&[], latest)?;
    }
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let link_a = ClubLink::new(&club(token_a))?;
    let task_a = sync::start(
        link_a.clone(),
        a.clone(),
        tx.clone(),
        Duration::from_secs(1),
    );
    let task_b = sync::start(
        ClubLink::new(&club(token_b))?,
        b.clone(),
        tx,
        Duration::from_secs(1),
    );
    let mut v = Vec::new();
    for i in 0..FEED_ROUNDS {
        let m = Member {
            msisdn: Msisdn::parse(&format!("+4741{i:06}"), Country::Norway)?,
            sub: Some(format!("feed-{i}")),
            name: None,
            email: None,
            enrolled_at: 1,
            source: MemberSource::Login,
            consents: None,
        };
        let body = serde_json::to_string(&kasse::club::wire::WireMember::from(&m))?;
        let t = Instant::now();
        a.lock()
            .map_err(|_| anyhow::anyhow!("lock"))?
            .enrol_with_outbox(&m, &uuid::Uuid::new_v4().to_string(), &body)?;
        link_a.nudge();
        loop {
            let found = b
                .lock()
                .map_err(|_| anyhow::anyhow!("lock"))?
                .member_by_msisdn(&m.msisdn)?
                .is_some();
            if found {
                break;
            }
            anyhow::ensure!(
                t.elapsed() < Duration::from_secs(30),
                "the member never arrived"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        v.push(t.elapsed());
        // Start the next one at a random point of B's polling cycle.
        tokio::time::sleep(Duration::from_millis(fastrand::u64(100..900))).await;
    }
    task_a.abort();
    task_b.abort();
    Ok(Samples::new(v))
}

pub fn table(r: &ClubResult) -> String {
    let mut s = format!(
        "{MEMBERS} members generated in PostgreSQL in {:.1} s; a fresh till filled its cache \
         from the feed in {:.1} s.\n\n\
         | what | samples | median | p99 | max | target |\n|---|---:|---:|---:|---:|---|\n",
        r.generate.as_secs_f64(),
        r.fill.as_secs_f64()
    );
    s += &format!(
        "| look-up from the cache | {} | {} | {} | {} | median < 20 µs: {} |\n",
        r.cached.len(),
        fmt(r.cached.median()),
        fmt(r.cached.pct(99.0)),
        fmt(r.cached.max()),
        verdict(r.cached.median() < Duration::from_micros(20))
    );
    s += &format!(
        "| cache miss: look-up through the service (loopback, one till) | {} | {} | {} | {} | |\n",
        r.service.len(),
        fmt(r.service.median()),
        fmt(r.service.pct(99.0)),
        fmt(r.service.max())
    );
    s += &format!(
        "| look-up through the service, {TILLS} tills at once | {} | {} | {} | {} | {:.0} look-ups/s |\n",
        r.under_load.len(),
        fmt(r.under_load.median()),
        fmt(r.under_load.pct(99.0)),
        fmt(r.under_load.max()),
        r.throughput
    );
    s += &format!(
        "| feed delay: enrolled at till A → in till B's cache (B reads every 1 s) | {} | {} | {} | {} | |\n",
        r.feed.len(),
        fmt(r.feed.median()),
        fmt(r.feed.pct(99.0)),
        fmt(r.feed.max())
    );
    s
}
