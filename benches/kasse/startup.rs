//! Start-up of the real `kasse` binary in a pseudo-terminal, to its first frame, with a club of
//! a million members in its database; and its peak resident memory.
//!
//! The till runs with `KASSE_EXIT_AFTER_FIRST_FRAME=1`: it quits right after its first frame.
//! "First frame" is when the frame's bytes have reached the terminal (the till leaves the
//! alternate screen only after the frame is flushed, so that escape marks it); "exit" adds the
//! orderly shutdown. Peak RSS is the kernel's `ru_maxrss` for the reaped process (the same
//! figure as `VmHWM`).

// The child is started and measured with libc (fork/exec, wait4): unsafe FFI, bench-only.
#![allow(unsafe_code)]

use crate::pty::Pty;
use crate::stats::{fmt, verdict, Samples};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const RUNS: usize = 10;
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const WAIT: Duration = Duration::from_secs(30);

pub struct StartupResult {
    pub first_frame: Samples,
    pub exit: Samples,
    /// Kilobytes, one per run.
    pub max_rss_kb: Vec<i64>,
}

struct Run {
    first_frame: Duration,
    exit: Duration,
    max_rss_kb: i64,
}

fn one(bin: &Path, config: &Path) -> anyhow::Result<Run> {
    let pty = Pty::open()?;
    pty.set_size(120, 40)?;
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&pty.slave)?;
    let mut cmd = Command::new(bin);
    cmd.arg("--config")
        .arg(config)
        .env("KASSE_EXIT_AFTER_FIRST_FRAME", "1")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone()?))
        .stdout(Stdio::from(slave.try_clone()?))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec: a new session, and the
    // pseudo-terminal on stdin as its controlling terminal (crossterm opens /dev/tty).
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let t0 = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    drop(cmd);

    // Drain the terminal (a full pty would stall the till) and note when the frame is done.
    let mut master = pty.master.try_clone()?;
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        let mut sent = false;
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(buf.get(..n).unwrap_or_default());
            if !sent
                && seen
                    .windows(LEAVE_ALT_SCREEN.len())
                    .any(|w| w == LEAVE_ALT_SCREEN)
            {
                let _ = tx.send(t0.elapsed());
                sent = true;
            }
        }
        seen
    });

    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child, reaping it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let exit = t0.elapsed();
    anyhow::ensure!(
        rc == pid,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    let first_frame = rx.recv_timeout(WAIT);
    // The child held the last slave descriptor: the reader's next read ends (EIO).
    drop(pty);
    let output = reader.join().unwrap_or_default();
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    anyhow::ensure!(
        ok,
        "kasse did not exit cleanly (status {status}); its terminal showed:\n{}",
        String::from_utf8_lossy(&output)
    );
    let first_frame = first_frame.map_err(|_| anyhow::anyhow!("no frame reached the terminal"))?;
    Ok(Run {
        first_frame,
        exit,
        max_rss_kb: usage.ru_maxrss,
    })
}

/// `RUNS` starts after one unmeasured start (which also seeds the demo data).
pub fn run(bin: &Path, db: &Path, dir: &Path) -> anyhow::Result<StartupResult> {
    let config = dir.join("kasse-startup.toml");
    std::fs::write(
        &config,
        format!(
            "language = \"en\"\n[database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
            db.display(),
            dir.join("kasse-startup.log").display()
        ),
    )?;
    one(bin, &config)?;
    let (mut ff, mut ex, mut rss) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let r = one(bin, &config)?;
        ff.push(r.first_frame);
        ex.push(r.exit);
        rss.push(r.max_rss_kb);
    }
    Ok(StartupResult {
        first_frame: Samples::new(ff),
        exit: Samples::new(ex),
        max_rss_kb: rss,
    })
}

pub fn table(r: &StartupResult) -> String {
    let peak = r.max_rss_kb.iter().copied().max().unwrap_or(0);
    let mut sorted = r.max_rss_kb.clone();
    sorted.sort_unstable();
    let median_rss = sorted.get(sorted.len() / 2).copied().unwrap_or(0);
    format!(
        "| measure | runs | median | max | target | |\n|---|---:|---:|---:|---|---|\n\
         | start → first frame on the terminal | {} | {} | {} | < 150 ms | {} |\n\
         | start → process exited (adds shutdown) | {} | {} | {} | | |\n\
         | peak RSS (ru_maxrss / VmHWM) | {} | {:.1} MB | {:.1} MB | < 40 MB | {} |\n",
        r.first_frame.len(),
        fmt(r.first_frame.median()),
        fmt(r.first_frame.max()),
        verdict(r.first_frame.median() < Duration::from_millis(150)),
        r.exit.len(),
        fmt(r.exit.median()),
        fmt(r.exit.max()),
        r.max_rss_kb.len(),
        median_rss as f64 / 1024.0,
        peak as f64 / 1024.0,
        verdict(peak < 40 * 1024),
    )
}
