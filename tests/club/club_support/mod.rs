//! A real PostgreSQL for the club tests, and the club service on loopback.
//!
//! `KASSE_TEST_PG` (a URL to a server where the tests may create databases, as `.ci/run`
//! exports) is used when set; otherwise a throwaway cluster is started from the distribution's
//! binaries (`/usr/lib/postgresql/*/bin`), as the `postgres` user when the tests run as root.
//! It lives as long as the test binary: a small shell keeper kills it when our end of its stdin
//! closes. With neither, a test fails under `CI=true` and is skipped with the reason otherwise.

// Asking the kernel who we are and dropping to the postgres user is libc: unsafe FFI, test-only.
#![allow(unsafe_code)]
#![allow(dead_code)]

use deadpool_postgres::Pool;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

pub struct Cluster {
    pub port: u16,
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    keeper: Option<Child>,
}

fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Cluster {
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    /// A new cluster in a temp dir on a loopback port, started.
    pub fn start() -> Result<Cluster, String> {
        let bin = bin_dir().ok_or(
            "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)",
        )?;
        // SAFETY: geteuid has no preconditions.
        let as_postgres = unsafe { libc::geteuid() } == 0;
        let dir = std::env::temp_dir().join(format!("kasse-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let mut c = Cluster {
            port: free_port(),
            dir,
            bin,
            as_postgres,
            keeper: None,
        };
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&c.dir)
                .status()
                .map_err(|e| e.to_string())?
                .success();
            if !ok {
                return Err("cannot hand the cluster directory to the postgres user".into());
            }
        }
        let out = c
            .command("initdb")
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
            .arg(c.dir.join("data"))
            .output()
            .map_err(|e| format!("initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        c.run()?;
        Ok(c)
    }

    /// Starts the server under a keeper that stops it when this process goes.
    pub fn run(&mut self) -> Result<(), String> {
        let postgres = self.bin.join("postgres");
        let runner = if self.as_postgres {
            "runuser -u postgres -- "
        } else {
            ""
        };
        let line = format!(
            "{runner}{} -D {} -p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            postgres.display(),
            self.dir.join("data").display(),
            self.port,
            self.dir.display()
        );
        // The keeper stops the server when this process is gone (a test binary that panics or
        // is killed leaves no server behind), or ends when the server does.
        let data = self.dir.join("data");
        let script = format!(
            "{line} >{log} 2>&1 & pg=$!; \
             while kill -0 {parent} 2>/dev/null && kill -0 $pg 2>/dev/null; do sleep 0.2; done; \
             kill -INT $(head -1 {data}/postmaster.pid 2>/dev/null) 2>/dev/null; wait",
            log = self.dir.join("log").display(),
            parent = std::process::id(),
            data = data.display(),
        );
        let child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start postgres: {e}"))?;
        self.keeper = Some(child);
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        for _ in 0..300 {
            if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
                // Accepting TCP comes a moment before accepting logins; the pool retries.
                std::thread::sleep(Duration::from_millis(200));
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "postgres did not come up: {}",
            std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
        ))
    }

    /// Stops the server (fast shutdown: sessions are cut, as when the database host fails).
    pub fn stop(&mut self) {
        let pid_file = self.dir.join("data").join("postmaster.pid");
        if let Some(pid) = std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|t| t.lines().next().and_then(|l| l.trim().parse::<i32>().ok()))
        {
            // SAFETY: a plain signal to the postmaster this cluster started.
            unsafe {
                libc::kill(pid, libc::SIGINT);
            }
        }
        if let Some(mut k) = self.keeper.take() {
            let _ = k.wait();
        }
        // The postmaster removes its pid file last; wait so a restart finds the port free.
        for _ in 0..100 {
            if !pid_file.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Where databases may be created: `KASSE_TEST_PG`, or a cluster of this test binary's own.
fn server_url() -> Result<String, String> {
    static SHARED: OnceLock<Result<Mutex<Cluster>, String>> = OnceLock::new();
    if let Ok(url) = std::env::var("KASSE_TEST_PG") {
        if !url.is_empty() {
            return Ok(url);
        }
    }
    match SHARED.get_or_init(|| Cluster::start().map(Mutex::new)) {
        Ok(c) => Ok(c.lock().map_err(|_| "cluster lock")?.url("postgres")),
        Err(e) => Err(e.clone()),
    }
}

/// Fails under CI, skips (returns `None`, printing why) elsewhere.
pub fn unavailable(reason: &str) -> Option<String> {
    if in_ci() {
        panic!("the club tests need PostgreSQL: {reason}");
    }
    eprintln!("skipped: the club tests need PostgreSQL ({reason}); install the postgresql package or set KASSE_TEST_PG");
    None
}

/// A fresh, empty database of its own for one test: its URL.
pub async fn fresh_database() -> Option<String> {
    let server = match server_url() {
        Ok(u) => u,
        Err(e) => return unavailable(&e),
    };
    let name = format!("kasse_t_{}", uuid::Uuid::new_v4().simple());
    let admin = kasse::club::pg::pool(&server, 1).expect("server URL");
    let client = connect_retrying(&admin).await;
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the test database");
    Some(replace_db(&server, &name))
}

/// The same server URL with another database name.
pub fn replace_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let cut = base
        .rfind('/')
        .filter(|i| *i > "postgres://".len())
        .unwrap_or(base.len());
    format!("{}/{db}{query}", &base[..cut])
}

pub async fn connect_retrying(pool: &Pool) -> deadpool_postgres::Object {
    for _ in 0..100 {
        if let Ok(c) = pool.get().await {
            return c;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    pool.get()
        .await
        .expect("cannot connect to the test PostgreSQL")
}

/// The club service on loopback, migrated, until dropped or stopped.
pub struct Service {
    pub addr: SocketAddr,
    pub pool: Pool,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Service {
    pub async fn start(db_url: &str) -> Service {
        Service::start_on(db_url, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub async fn start_on(db_url: &str, addr: SocketAddr) -> Service {
        let pool = kasse::club::pg::pool(db_url, 16).unwrap();
        drop(connect_retrying(&pool).await);
        kasse::club::pg::migrate(&pool).await.unwrap();
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, rx) = tokio::sync::oneshot::channel();
        let p = pool.clone();
        let task = tokio::spawn(async move {
            kasse::club::server::serve(listener, p, async {
                let _ = rx.await;
            })
            .await
        });
        Service {
            addr,
            pool,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn token(&self, till: &str) -> String {
        kasse::club::tokens::add(&self.pool, till).await.unwrap()
    }

    /// Stops accepting; connections already open are cut too (the task is aborted).
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            t.abort();
            let _ = t.await;
        }
    }
}

/// A till's config with `[club]`, in demo mode (the simulator plays Vipps), its own files.
pub fn till_config(dir: &Path, pos_id: &str, club_url: &str, token: &str) -> kasse::config::Config {
    let text = format!(
        "language = \"en\"\n[shop]\npos_id = \"{pos_id}\"\n[database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n\
         [club]\nurl = \"{club_url}\"\ntoken = \"{token}\"\nsync_secs = 1\nlookup_timeout_ms = 500\n",
        dir.join(format!("{pos_id}.sqlite")).display(),
        dir.join(format!("{pos_id}.log")).display()
    );
    kasse::config::Config::from_str_with(&text, None, &|_| None).unwrap()
}
