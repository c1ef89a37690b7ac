//! kasse's benchmarks: `cargo bench --bench kasse` runs them all and prints the tables that
//! BENCHMARKS.md publishes. `cargo bench --bench kasse -- SECTION...` runs some of them
//! (scan, render, lookup, webhook, startup, calls, books, club); `cargo bench --bench kasse --
//! gen-members PATH N` writes a members database.
//!
//! Its own harness (not libtest), so `cargo test` never runs it; built by `cargo test
//! --all-targets`, it only says how to run it.

mod books;
mod calls;
mod club;
mod lookup;
mod pty;
mod render;
mod scan;
mod startup;
mod stats;
mod webhook;

use kasse::config::Environment;
use kasse::store::Store;
use kasse::till::{Msg, Settings, State};
use std::path::{Path, PathBuf};
use std::time::Instant;

const SECTIONS: &[&str] = &[
    "scan", "render", "lookup", "webhook", "startup", "calls", "books", "club",
];
const MEMBERS: u64 = 1_000_000;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("gen-members") {
        let (Some(path), Some(n)) = (args.get(1), args.get(2)) else {
            anyhow::bail!("usage: gen-members PATH COUNT");
        };
        let took = lookup::gen_members(Path::new(path), n.parse()?)?;
        println!(
            "{n} members written to {path} in {:.1} s",
            took.as_secs_f64()
        );
        return Ok(());
    }
    if args.first().map(String::as_str) == Some("startup-child") {
        // A fresh process, so the till it starts inherits no memory high-water mark from a
        // bench that held a million members (Linux carries it over fork and exec).
        let (Some(bin), Some(db), Some(dir)) = (args.get(1), args.get(2), args.get(3)) else {
            anyhow::bail!("usage: startup-child KASSE_BIN DB DIR");
        };
        let r = startup::run(Path::new(bin), Path::new(db), Path::new(dir))?;
        print!("{}", startup::table(&r));
        return Ok(());
    }
    if !args.iter().any(|a| a == "--bench") {
        println!("kasse benchmarks: run them with `cargo bench --bench kasse` (see BENCHMARKS.md)");
        return Ok(());
    }
    let mut chosen: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| SECTIONS.contains(a))
        .collect();
    if chosen.is_empty() {
        chosen = SECTIONS.to_vec();
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run_all(&chosen))
}

/// Where the bench keeps its files: beside the build, on the disk the till's data would use.
fn work_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let base = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| anyhow::anyhow!("cannot place the bench directory"))?;
    let dir = base.join("kasse-bench");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn settings() -> Settings {
    Settings {
        shop_name: "Bench".into(),
        environment: Environment::Demo,
        training: true,
        ..Settings::for_tests()
    }
}

fn fresh_state() -> State {
    let mut s = State::new(settings());
    kasse::till::update(&mut s, Msg::Tick { now_ms: 1_000 });
    s
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .next()
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{cores} cores (nproc), {cpu}, {mem} RAM; load average {}",
        load()
    )
}

/// The 1-minute load average: the machine is shared, and the tails show it.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

async fn run_all(chosen: &[&str]) -> anyhow::Result<()> {
    let dir = work_dir()?;
    let started = Instant::now();
    println!("# kasse benchmarks\n\nMachine: {}\n", machine());

    // The demo shop: its catalogue and members, as demo mode seeds them.
    let demo_path = dir.join("demo.sqlite");
    let _ = std::fs::remove_file(&demo_path);
    let mut demo = Store::open(&demo_path)?;
    demo.seed_demo()?;
    let products = demo.list_products(1_000, 0)?;
    let members = demo.list_members(10, 0)?;

    if chosen.contains(&"scan") {
        let r = scan::run(&demo, &products, &members, fresh_state()).await?;
        println!("## Scan to state\n\n{}", scan::table(&r));
    }
    if chosen.contains(&"render") {
        let state = render::basket_state(fresh_state(), &products);
        let r = render::run(&state, &[(80, 24), (120, 40)])?;
        println!(
            "## Render (200-line basket, TestBackend)\n\n{}",
            render::table(&r)
        );
    }
    let big = dir.join(format!("members-{MEMBERS}.sqlite"));
    if chosen.contains(&"lookup") || chosen.contains(&"startup") {
        match lookup::ensure_members(&big, MEMBERS)? {
            Some(t) => println!(
                "Generated {MEMBERS} members in {:.1} s ({}).\n",
                t.as_secs_f64(),
                big.display()
            ),
            None => println!("Reused the {MEMBERS}-member database {}.\n", big.display()),
        }
    }
    if chosen.contains(&"lookup") {
        let r = lookup::run(&big, MEMBERS)?;
        println!("## Membership look-up\n\n{}", lookup::table(&r));
    }
    if chosen.contains(&"webhook") {
        let r = webhook::run(&dir, &[16, 64]).await?;
        println!("## Webhook path\n\n{}", webhook::table(&r));
    }
    if chosen.contains(&"startup") {
        let out = std::process::Command::new(std::env::current_exe()?)
            .arg("startup-child")
            .arg(env!("CARGO_BIN_EXE_kasse"))
            .arg(&big)
            .arg(&dir)
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "the start-up measurement failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let table = String::from_utf8_lossy(&out.stdout);
        println!("## Start-up ({MEMBERS} members)\n\n{table}");
    }
    if chosen.contains(&"calls") {
        let r = calls::run(&dir).await?;
        println!("## API calls per member checkout\n\n{}", calls::table(&r));
    }
    if chosen.contains(&"books") {
        let r = books::run(&dir)?;
        println!("## The books over a grown journal\n\n{}", books::table(&r));
    }
    if chosen.contains(&"club") {
        match club::run(&dir).await? {
            Some(r) => println!(
                "## Shared club ({} members, PostgreSQL)\n\n{}",
                1_000_000,
                club::table(&r)
            ),
            None => println!("## Shared club\n\nSkipped: no PostgreSQL (see above).\n"),
        }
    }
    println!(
        "All sections took {:.1} s; load average at the end {}.",
        started.elapsed().as_secs_f64(),
        load()
    );
    Ok(())
}
