//! The club's commands through the real binary: `kasse club serve` as its own process on a
//! real PostgreSQL, tokens issued, listed and revoked, a till's local members moved into the
//! club in one command, and `kasse members …` working on the club.

use crate::club_support;

use club_support::fresh_database;
use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::Duration;

fn kasse(config: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kasse"));
    cmd.args(args)
        .env_remove("KASSE_CONFIG")
        .env_remove("KASSE_CLUB_TOKEN")
        .env_remove("KASSE_CLUB_DATABASE");
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    cmd.output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &str) -> (Served, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_kasse"))
        .args(["club", "serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("KASSE_CLUB_DATABASE", db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let served = Served(child);
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    for _ in 0..300 {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
            return (served, format!("http://127.0.0.1:{port}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("kasse club serve never listened");
}

fn write_config(dir: &Path, name: &str, club: Option<(&str, &str)>) -> std::path::PathBuf {
    let mut text = format!(
        "[database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
        dir.join("till.sqlite").display(),
        dir.join("kasse.log").display()
    );
    if let Some((url, token)) = club {
        text += &format!("[club]\nurl = \"{url}\"\ntoken = \"{token}\"\n");
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_moves_its_members_into_a_new_club_and_manages_them_there() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let (_served, url) = tokio::task::spawn_blocking({
        let db = db.clone();
        move || serve(&db)
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = tokio::task::spawn_blocking({
        let db = db.clone();
        let dir = dir.path().to_path_buf();
        let url = url.clone();
        move || {
            let added = ok(&kasse(
                None,
                &["club", "token", "add", "till1", "--database", &db],
            ));
            let token = added.lines().last().unwrap().trim().to_string();
            assert!(token.starts_with("kct_"), "{added}");
            let listed = ok(&kasse(None, &["club", "token", "list", "--database", &db]));
            assert!(
                listed.contains("till1") && !listed.contains(&token),
                "{listed}"
            );

            // The till on its own, with members of its own (the demo's two, one imported).
            let local = write_config(&dir, "local.toml", None);
            let csv = dir.join("more.csv");
            std::fs::write(
                &csv,
                "phone,name,email,sub,enrolled_at\n+4791111111,Per Berg,,,2025-01-01\n",
            )
            .unwrap();
            ok(&kasse(
                Some(&local),
                &["members", "import", csv.to_str().unwrap()],
            ));

            // One command moves them into the club.
            let shared = write_config(&dir, "club.toml", Some((&url, &token)));
            let moved = ok(&kasse(Some(&shared), &["club", "push-local"]));
            assert!(moved.contains("3 added"), "{moved}");
            // Again: nothing doubles.
            let again = ok(&kasse(Some(&shared), &["club", "push-local"]));
            assert!(again.contains("0 added"), "{again}");

            let csv2 = dir.join("new.csv");
            std::fs::write(
                &csv2,
                "phone,name,email,sub,enrolled_at\n+4792222222,Nora Lie,,,2025-02-02\n",
            )
            .unwrap();
            let imported = ok(&kasse(
                Some(&shared),
                &["members", "import", csv2.to_str().unwrap()],
            ));
            assert!(imported.contains("1 added"), "{imported}");
            let list = ok(&kasse(Some(&shared), &["members", "list"]));
            assert!(
                list.contains("Nora Lie") && list.contains("Per Berg"),
                "{list}"
            );
            ok(&kasse(
                Some(&shared),
                &["members", "forget", "+47 922 22 222"],
            ));
            let export = ok(&kasse(Some(&shared), &["members", "export"]));
            assert!(
                !export.contains("Nora") && export.contains("Per Berg"),
                "{export}"
            );

            ok(&kasse(
                None,
                &["club", "token", "revoke", "till1", "--database", &db],
            ));
            kasse(Some(&shared), &["members", "list"])
        }
    })
    .await
    .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("revoked"), "{err}");
    assert!(!err.contains("kct_"), "the token is never shown: {err}");

    let pool = kasse::club::pg::pool(&db, 1).unwrap();
    let n: i64 = pool
        .get()
        .await
        .unwrap()
        .query_one("SELECT count(*) FROM club_members", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 3);
}
