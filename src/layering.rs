//! The house rule that the core does no I/O, checked on every `cargo test`: no file under
//! `src/till` or `src/domain` (their tests included) may name an I/O crate, an I/O part of
//! `std`, the clock, randomness, or one of the crate's edge modules. A workspace would make the
//! compiler say the same, at the price of a slower build on two cores (see ARCHITECTURE.md).

use std::path::{Path, PathBuf};

/// Paths the core may not name. Matched as whole path segments outside comments.
const FORBIDDEN: &[&str] = &[
    // I/O and async crates, the terminal, randomness.
    "tokio",
    "tokio_postgres",
    "tokio_serial",
    "deadpool_postgres",
    "reqwest",
    "rusqlite",
    "hyper",
    "hyper_util",
    "crossterm",
    "ratatui",
    "fastrand",
    "uuid",
    "dirs",
    "tracing",
    // The parts of std that reach the world or the clock.
    "std::fs",
    "std::net",
    "std::io",
    "std::env",
    "std::process",
    "std::thread",
    "SystemTime",
    "Instant",
    // The crate's edges.
    "crate::runtime",
    "crate::store",
    "crate::vipps",
    "crate::webhook",
    "crate::books",
    "crate::club",
    "crate::sim",
    "crate::scanner",
    "crate::ui",
];

/// The one item the core takes from an edge module: the printer's state is plain data that
/// the status bar shows.
const ALLOWED: &[&str] = &["crate::printer::PrinterState"];

/// The forbidden names `source` uses, one `(line, name)` each.
fn violations(source: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut code = code.to_string();
        for allowed in ALLOWED {
            code = code.replace(allowed, "");
        }
        if code.contains("crate::printer") {
            found.push((n + 1, "crate::printer"));
        }
        for name in FORBIDDEN {
            if names(&code, name) {
                found.push((n + 1, *name));
            }
        }
    }
    found
}

/// Whether `code` holds `name` as a whole path: not inside a longer identifier.
fn names(code: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + name.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_imports_no_io() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join("till"), &mut files);
    rust_files(&root.join("domain"), &mut files);
    assert!(files.len() > 20, "the core's files were not found");
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for (line, name) in violations(&text) {
            broken.push(format!("{}:{line} names {name}", file.display()));
        }
    }
    assert!(
        broken.is_empty(),
        "the core does I/O:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_check_sees_imports_and_paths_but_not_comments_or_longer_names() {
    assert_eq!(violations("use tokio::sync::mpsc;"), [(1, "tokio")]);
    assert_eq!(violations("let f = std::fs::read(p);"), [(1, "std::fs")]);
    assert_eq!(
        violations("use crate::store::Store;"),
        [(1, "crate::store")]
    );
    assert_eq!(violations("use crate::printer::PrinterState;"), []);
    assert_eq!(
        violations("use crate::printer::transport::Tcp;"),
        [(1, "crate::printer")]
    );
    assert_eq!(violations("let t = Instant::now();"), [(1, "Instant")]);
    assert_eq!(
        violations("use std::time::SystemTime;"),
        [(1, "SystemTime")]
    );
    // A comment may name them; so may a longer name or a field.
    assert_eq!(violations("// tokio runs this elsewhere"), []);
    assert_eq!(violations("let tokio_like = 1; s.instant_ms = 2;"), []);
    assert_eq!(violations("use crate::domain::InstantPay;"), []);
}
