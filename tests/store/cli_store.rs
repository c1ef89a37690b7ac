//! `kasse members …` and `kasse products …` run as the real binary against a temp config and a
//! temp database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
    config: PathBuf,
    db: PathBuf,
}

/// A temp dir with a config whose database sits in a directory that does not exist yet.
fn env_with(extra: &str) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("till.sqlite");
    let config = dir.path().join("kasse.toml");
    std::fs::write(
        &config,
        format!(
            "{extra}\n[database]\npath = {:?}\n",
            db.display().to_string()
        ),
    )
    .unwrap();
    Env { dir, config, db }
}

fn env() -> Env {
    env_with("")
}

impl Env {
    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let home = self.dir.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kasse"));
        cmd.arg("--config").arg(&self.config).args(args);
        for var in [
            "KASSE_CONFIG",
            "KASSE_CLIENT_ID",
            "KASSE_CLIENT_SECRET",
            "KASSE_SUBSCRIPTION_KEY",
            "KASSE_MSN",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("share"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"));
        cmd.envs(vars.iter().copied());
        cmd.output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "kasse {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "kasse {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn demo_database_is_created_private_and_seeded() {
    let e = env();
    let out = e.ok(&["products", "list"]);
    assert!(e.db.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&e.db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("GTIN"), "{out}");
    assert!(out.contains("Kaffetrakter"), "{out}");
    assert!(out.contains("3 199,00"), "{out}");
    assert!(out.contains("Bananer"), "{out}");
    let count = out.lines().last().unwrap();
    assert!(count.ends_with(" products"), "{count}");
    let n: usize = count.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(n, out.lines().count() - 2);

    let members = e.ok(&["members", "list"]);
    assert!(members.contains("+47 912 34 567"), "{members}");
    assert!(members.contains("+47 912 34 568"), "{members}");
    assert!(members.trim_end().ends_with("2 members"), "{members}");
}

#[test]
fn members_import_list_export_round_trip_and_forget() {
    let e = env();
    let file = e.file(
        "members.csv",
        "phone,name,email,sub,enrolled_at\n\
         41234567,Per Persen,per@example.no,sub-per,2024-01-31\n\
         +4791234569,\"Robert'); DROP TABLE members;--\",,,\n\
         91234570,\"\u{1b}[2JEvil\u{7}\",,,\n",
    );
    let out = e.ok(&["members", "import", arg(&file)]);
    assert!(out.contains("3 added, 0 updated"), "{out}");

    let list = e.ok(&["members", "list"]);
    assert!(list.contains("+47 412 34 567  Per Persen"), "{list}");
    assert!(list.contains("Robert'); DROP TABLE members;--"), "{list}");
    assert!(
        !list.contains('\u{1b}'),
        "escape sequences reach the terminal: {list:?}"
    );
    assert!(list.contains("\\u{1b}[2JEvil\\u{7}"), "{list}");
    assert!(list.trim_end().ends_with("5 members"), "{list}");

    // Export, import into a fresh database, export again: the same file.
    let exported = e.ok(&["members", "export"]);
    assert!(exported.starts_with("phone,name,email,sub,enrolled_at\n"));
    assert!(exported.contains("+4741234567,Per Persen,per@example.no,sub-per,2024-01-31T00:00:00Z"));
    let other = env_with("environment = \"demo\"");
    let copy = other.file("copy.csv", &exported);
    other.ok(&["members", "import", arg(&copy)]);
    assert_eq!(other.ok(&["members", "export"]), exported);

    let out = e.ok(&["members", "forget", "+47 412 34 567"]);
    assert!(out.contains("Forgot member +47 412 34 567"), "{out}");
    let err = e.fails(&["members", "forget", "41234567"]);
    assert!(
        err.contains("no member with phone number +47 412 34 567"),
        "{err}"
    );
    let err = e.fails(&["members", "forget", "12"]);
    assert!(err.contains("is not a phone number"), "{err}");
    assert!(e.ok(&["members", "list"]).trim_end().ends_with("4 members"));
}

#[test]
fn a_bad_member_file_names_its_lines_and_changes_nothing() {
    let e = env();
    let file = e.file(
        "bad.csv",
        "phone,name,email,sub,enrolled_at\n\
         41234567,Good,,,\n\
         22123456,Landline,,,\n\
         41234568,Bad date,,,yesterday\n",
    );
    let err = e.fails(&["members", "import", arg(&file)]);
    assert!(err.contains("bad.csv"), "{err}");
    assert!(err.contains("2 bad rows, nothing was imported"), "{err}");
    assert!(err.contains("line 3: phone `22123456`"), "{err}");
    assert!(err.contains("line 4: enrolled_at `yesterday`"), "{err}");
    let list = e.ok(&["members", "list"]);
    assert!(!list.contains("Good"), "{list}");
    assert!(list.trim_end().ends_with("2 members"), "{list}");

    let err = e.fails(&["members", "import", arg(&e.dir.path().join("missing.csv"))]);
    assert!(err.contains("cannot open"), "{err}");
}

#[test]
fn products_import_adds_and_updates_all_or_nothing() {
    let e = env();
    let good = e.file(
        "products.csv",
        "gtin,name,price,vat,unit,variable\n\
         7038010009457,Lettmelk tilbud,\"19,90\",15,pcs,\n\
         7040000000009,Ny vare,5,25,pcs,\n",
    );
    let out = e.ok(&["products", "import", arg(&good)]);
    assert!(
        out.contains("1 added, 1 updated (1 with a new price)"),
        "{out}"
    );
    // The new price is in the electronic journal (a demo till's: a training row).
    let store = kasse::store::Store::open(&e.db).unwrap();
    let changes: Vec<_> = kasse::books::journal::entries(&store, None, 0)
        .unwrap()
        .into_iter()
        .filter(|x| matches!(x.event, kasse::domain::JournalEvent::PriceChanged { .. }))
        .collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].training);
    assert_eq!(
        changes[0].event,
        kasse::domain::JournalEvent::PriceChanged {
            gtin: "7038010009457".into(),
            old: 2_490,
            new: 1_990
        }
    );
    drop(store);
    let list = e.ok(&["products", "list"]);
    assert!(list.contains("Lettmelk tilbud"), "{list}");
    assert!(list.contains("19,90"), "{list}");
    assert!(list.contains("Ny vare"), "{list}");

    let bad = e.file(
        "bad-products.csv",
        "gtin,name,price,vat,unit,variable\n\
         7040000000016,Would be new,1,25,pcs,\n\
         7040000000017,Bad code,1,25,pcs,\n",
    );
    let err = e.fails(&["products", "import", arg(&bad)]);
    assert!(
        err.contains("line 3: gtin `7040000000017`: check digit"),
        "{err}"
    );
    assert!(!e.ok(&["products", "list"]).contains("Would be new"));
}

#[test]
fn the_example_config_parses_as_the_demo_defaults() {
    let text = include_str!("../../assets/kasse.example.toml");
    let parsed =
        kasse::config::Config::from_str_with(text, Some(Path::new("kasse.example.toml")), &|_| {
            None
        })
        .unwrap();
    let demo = kasse::config::Config::demo();
    assert_eq!(
        parsed
            .redacted()
            .replace("kasse.example.toml", "(none: demo defaults)"),
        demo.redacted()
    );
    // Every key the config reads is written in the example, set or commented out.
    let keys: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches(['#', ' ']))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .collect();
    for key in [
        "environment",
        "language",
        "name",
        "country",
        "pos_id",
        "base_url",
        "client_id",
        "client_secret",
        "subscription_key",
        "msn",
        "system_name",
        "system_version",
        "plugin_name",
        "plugin_version",
        "timeout_ms",
        "capture",
        "login_scopes",
        "checkin",
        "path",
        "listen",
        "public_url",
        "max_age_secs",
        "max_body_bytes",
        "port",
        "profile",
        "profile_dir",
        "file",
    ] {
        assert!(keys.contains(&key), "{key} is not in the example");
    }
    for var in [
        "KASSE_CLIENT_ID",
        "KASSE_CLIENT_SECRET",
        "KASSE_SUBSCRIPTION_KEY",
        "KASSE_MSN",
        "KASSE_CONFIG",
    ] {
        assert!(text.contains(var), "{var} is not documented");
    }
}

#[test]
fn outside_demo_mode_nothing_is_seeded() {
    let e = env_with("environment = \"test\"");
    let creds = [
        ("KASSE_CLIENT_ID", "test-client"),
        ("KASSE_CLIENT_SECRET", "test-secret"),
        ("KASSE_SUBSCRIPTION_KEY", "test-key"),
        ("KASSE_MSN", "123456"),
    ];
    let out = e.run_with(&["members", "list"], &creds);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.trim_end().ends_with("0 members"), "{text}");
    let out = e.run_with(&["products", "list"], &creds);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.trim_end().ends_with("0 products"), "{text}");
}

impl Env {
    /// Runs with `input` on standard input, as a shop owner answering a question.
    fn run_answering(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        use std::process::Stdio;
        let home = self.dir.path();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kasse"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env_remove("KASSE_CONFIG")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("share"))
            .env("XDG_STATE_HOME", home.join("state"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

#[test]
fn products_export_is_a_file_import_takes_back() {
    let e = env();
    let exported = e.ok(&["products", "export"]);
    assert!(
        exported.starts_with("gtin,name,price,vat,unit,variable\n"),
        "{exported}"
    );
    assert!(
        exported.contains("7038010009457,TINE Lettmelk 1 l,"),
        "{exported}"
    );
    let listed = e.ok(&["products", "list"]);

    let other = env_with("environment = \"demo\"");
    let file = other.file("catalogue.csv", &exported);
    // The demo catalogue is in the other till already: every row comes back as an update.
    let out = other.ok(&["products", "import", arg(&file)]);
    assert!(out.contains("0 added"), "{out}");
    assert_eq!(other.ok(&["products", "list"]), listed);
    assert_eq!(other.ok(&["products", "export"]), exported);
}

#[test]
fn products_delete_asks_first_and_refuses_what_it_cannot_delete() {
    let e = env();
    let milk = "7038010009457";
    // No answer (stdin closed) and a "no" keep the product.
    let err = e.fails(&["products", "delete", milk]);
    assert!(
        err.contains("Delete 7038010009457 TINE Lettmelk 1 l?"),
        "{err}"
    );
    assert!(
        err.contains("not deleted") && err.contains("--yes"),
        "{err}"
    );
    let out = e.run_answering(&["products", "delete", milk], "n\n");
    assert!(!out.status.success());
    assert!(e.ok(&["products", "list"]).contains("TINE Lettmelk"));

    let out = e.run_answering(&["products", "delete", milk], "y\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Deleted 7038010009457"));
    assert!(!e.ok(&["products", "list"]).contains("TINE Lettmelk"));

    // Gone already, not a barcode: refused with what to do.
    let err = e.fails(&["products", "delete", milk, "--yes"]);
    assert!(
        err.contains("no product with the code 7038010009457"),
        "{err}"
    );
    let err = e.fails(&["products", "delete", "7038010009458", "--yes"]);
    assert!(err.contains("`7038010009458` is not a barcode"), "{err}");
    // --yes does not ask.
    let out = e.ok(&["products", "delete", "7038010009525", "--yes"]);
    assert!(out.contains("Deleted 7038010009525 TINE Helmelk"), "{out}");
}

#[test]
fn a_config_typo_is_named_with_its_table_and_the_nearest_key() {
    let e = env_with("[vipps]\ncaptur = \"auto\"");
    let err = e.fails(&["config", "show"]);
    assert!(
        err.contains("key `vipps.captur`: unknown key; did you mean `vipps.capture`?"),
        "{err}"
    );
    let e = env_with("environment = \"test\"\n[vipps]\nclient_id = \"x\"");
    let err = e.fails(&["config", "show"]);
    for key in ["vipps.client_secret", "vipps.subscription_key", "vipps.msn"] {
        assert!(err.contains(key), "{err}");
    }
}

#[test]
fn config_show_prints_the_files_own_words() {
    let e = env_with("language = \"en\"\n[vipps]\ncapture = \"confirm\"");
    let out = e.ok(&["config", "show"]);
    for want in ["\"en\"", "\"confirm\"", "\"demo\""] {
        assert!(out.contains(&format!("= {want}\n")), "{want}: {out}");
    }
    assert!(
        !out.contains("English") && !out.contains("Confirm"),
        "{out}"
    );
}

#[test]
fn doctor_warns_a_test_till_with_no_products_or_members() {
    // The API is a closed loopback port: doctor fails the credentials, and still says what
    // the till lacks to sell.
    let e = env_with(
        "environment = \"test\"\n[vipps]\nbase_url = \"http://127.0.0.1:9\"\ntimeout_ms = 500",
    );
    let creds = [
        ("KASSE_CLIENT_ID", "test-client"),
        ("KASSE_CLIENT_SECRET", "test-secret"),
        ("KASSE_SUBSCRIPTION_KEY", "test-key"),
        ("KASSE_MSN", "123456"),
    ];
    let out = e.run_with(&["doctor"], &creds);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("warn  products: the catalogue is empty"),
        "{text}"
    );
    assert!(text.contains("warn  members: no members"), "{text}");

    let file = e.file("p.csv", "gtin,name,price\n7038010009457,Melk,24\n");
    e.run_with(&["products", "import", arg(&file)], &creds);
    let text = String::from_utf8_lossy(&e.run_with(&["doctor"], &creds).stdout).to_string();
    assert!(!text.contains("warn  products"), "{text}");
    assert!(text.contains("warn  members"), "{text}");

    // Demo mode has its demo data and is never warned.
    let demo = String::from_utf8_lossy(&env().run(&["doctor"]).stdout).to_string();
    assert!(
        !demo.contains("warn  products") && !demo.contains("warn  members"),
        "{demo}"
    );
}

/// A command run beside a running till loses none of the till's later writes. The till holds
/// two connections to its file (the second for webhook events); opening the second once closed
/// a descriptor of the file, which dropped the process's POSIX locks, SQLite's included, so
/// the command's close took the till for gone, checkpointed and deleted the WAL the till went
/// on writing to. Every receipt after the command was lost (found in the tmux run: 2 of 8
/// receipts in the file after the till quit).
#[test]
fn a_command_beside_a_running_till_loses_nothing_the_till_writes_after_it() {
    let e = env();
    e.ok(&["products", "list"]);
    let member = |n: &str| kasse::domain::Member {
        msisdn: kasse::domain::Msisdn::parse(n, kasse::domain::Country::Norway).unwrap(),
        sub: None,
        name: Some(format!("Medlem {n}")),
        email: None,
        enrolled_at: 0,
        source: kasse::domain::MemberSource::Import,
        consents: None,
    };
    let till = kasse::store::Store::open(&e.db).unwrap();
    let _signals = kasse::store::Store::open_for_signals(&e.db).unwrap();
    till.upsert_member(&member("41000001")).unwrap();
    // The shop owner looks something up from the command line meanwhile.
    e.ok(&["members", "list"]);
    till.upsert_member(&member("41000002")).unwrap();
    let fresh = rusqlite::Connection::open(&e.db).unwrap();
    let n: i64 = fresh
        .query_row(
            "SELECT count(*) FROM members WHERE msisdn IN ('4741000001', '4741000002')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2, "the till's write after the command reached the file");
}
