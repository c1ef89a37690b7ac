//! The electronic journal under kill -9: a till killed while it journals receipts, at any
//! point, and one that dies between writing a receipt and committing it. After each death the
//! journal holds whole receipts only, the signature chain verifies, and the next start goes on
//! with the next number: no gap, no half-written receipt.

use crate::books_support;

use books_support::*;
use kasse::books::{self, journal};
use kasse::domain::ReceiptKind;
use kasse::store::Store;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

const DB: &str = "KASSE_BOOKS_CRASH_DB";
const ABORT_AT: &str = "KASSE_BOOKS_CRASH_ABORT_AT";

/// The next sale number the till would issue: one more than the journal's last.
fn next_number(store: &Store) -> u64 {
    journal::entries(store, Some(POS), 0)
        .unwrap()
        .iter()
        .filter_map(|e| e.receipt())
        .filter(|r| r.kind == ReceiptKind::Sale && !r.training)
        .map(|r| r.number)
        .max()
        .unwrap_or(0)
        + 1
}

#[test]
#[ignore = "the till process of the crash tests; they start it themselves"]
fn books_crash_child() {
    let path = std::env::var(DB).unwrap();
    let path = Path::new(&path);
    let (store, signer) = open(path);
    let abort_at: Option<u64> = std::env::var(ABORT_AT).ok().and_then(|v| v.parse().ok());
    let first = next_number(&store);
    drop(store);
    // Its own connection, so the receipt's transaction is in the child's hands as it is in the
    // store's receipt transaction: the journal row is written inside it.
    let mut conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    for number in first..first + 100_000 {
        let mut r = demo_receipts(MORNING)[1].clone();
        r.number = number;
        r.issued_at = MORNING + number as i64;
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        books::append_receipt(&tx, &signer, &r).unwrap();
        if abort_at == Some(number) {
            // Dies with the receipt written but not committed.
            std::process::abort();
        }
        tx.commit().unwrap();
        println!("journaled {number}");
    }
}

fn child(db: &Path, abort_at: Option<u64>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--ignored",
        "--exact",
        "crash_books::books_crash_child",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(DB, db)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(n) = abort_at {
        cmd.env(ABORT_AT, n.to_string());
    }
    cmd.spawn().unwrap()
}

/// Whole receipts only, the chain verifies, numbers 1..n without a gap; returns n.
fn check(db: &Path) -> u64 {
    let store = Store::open(db).unwrap();
    let summary = books::verify_till(&store, POS).unwrap();
    let numbers: Vec<u64> = journal::entries(&store, Some(POS), 0)
        .unwrap()
        .iter()
        .filter_map(|e| e.receipt().map(|r| r.number))
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
    assert_eq!(summary.transactions, numbers.len());
    numbers.len() as u64
}

#[test]
fn killed_while_journaling_the_journal_keeps_whole_receipts_and_its_chain() {
    let (_dir, db) = temp_db();
    let (store, _signer) = open(&db);
    drop(store);
    let mut total = 0;
    for round in 1..=3u64 {
        let mut till = child(&db, None);
        let lines = BufReader::new(till.stdout.take().unwrap()).lines();
        // Kill it once it has journaled ten more receipts: wherever it is then, most likely
        // inside the next receipt's transaction.
        let mut seen = 0;
        for line in lines {
            if line.unwrap().starts_with("journaled ") {
                seen += 1;
                if seen == 10 {
                    break;
                }
            }
        }
        till.kill().unwrap(); // SIGKILL
        till.wait().unwrap();
        let n = check(&db);
        assert!(n >= total + 10, "round {round}: {n} receipts after {total}");
        total = n;
    }
}

#[test]
fn dying_between_writing_and_committing_a_receipt_leaves_no_trace_and_no_gap() {
    let (_dir, db) = temp_db();
    let (mut store, signer) = open(&db);
    for r in 1..=3 {
        let mut sale = demo_receipts(MORNING)[1].clone();
        sale.number = r;
        books::record_receipt(&mut store, &signer, &sale).unwrap();
    }
    drop(store);
    let mut till = child(&db, Some(4));
    let status = till.wait().unwrap();
    assert!(!status.success(), "the child must die at receipt 4");
    assert_eq!(check(&db), 3, "receipt 4 was never committed");
    // The next start issues 4 again and the chain goes on from receipt 3's signature.
    let (mut store, signer) = open(&db);
    assert_eq!(next_number(&store), 4);
    let mut sale = demo_receipts(MORNING)[1].clone();
    sale.number = 4;
    books::record_receipt(&mut store, &signer, &sale).unwrap();
    drop(store);
    assert_eq!(check(&db), 4);
}
