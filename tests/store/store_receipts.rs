//! Issued receipts on a real SQLite file: numbered without gaps per series, one transaction
//! with the books' hook, totals per tender that tie out with the sales, a return once, the
//! installation id, the drawer read back from the electronic journal, and the upgrades of
//! version-1, -4 and -7 databases.

use kasse::domain::{
    Basket, Currency, Gtin, IssuedReceipt, Line, Quantity, ReceiptKind, ReceiptLine, Reference,
    ReturnOf, Tender, TenderKind, VatRate,
};
use kasse::store::{migrations, no_hook, DrawerSinceFloat, Store, StoreError};
use std::path::PathBuf;

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kasse.sqlite");
    (dir, path)
}

fn basket(price: i64) -> Basket {
    let mut b = Basket::new(Currency::Nok);
    b.add(Line {
        gtin: Gtin::parse("7038010009457").unwrap(),
        name: "Lettmelk".into(),
        unit_price: price,
        quantity: Quantity::Pieces(1),
        discount: 0,
        percent: None,
        vat: VatRate::from_basis_points(1500).unwrap(),
    });
    b
}

fn draft(kind: ReceiptKind, price: i64, tenders: Vec<Tender>, rounding: i64) -> IssuedReceipt {
    IssuedReceipt {
        kind,
        training: false,
        number: 0,
        pos_id: "till1".into(),
        cashier: None,
        issued_at: 1_764_633_600,
        utc_offset_min: 60,
        currency: Currency::Nok,
        lines: ReceiptLine::from_basket(&basket(price), kind),
        tenders,
        rounding,
        customer: None,
        member: false,
        return_of: None,
    }
}

fn cash(amount: i64, tendered: i64) -> Tender {
    Tender {
        kind: TenderKind::Cash {
            tendered,
            change: tendered - amount,
        },
        amount,
    }
}

fn card(amount: i64) -> Tender {
    Tender {
        kind: TenderKind::Card { note: None },
        amount,
    }
}

#[test]
fn receipts_are_numbered_per_series_without_gaps() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let sale = draft(ReceiptKind::Sale, 2_490, vec![card(2_490)], 0);
    assert_eq!(store.issue_receipt(&sale, &no_hook).unwrap().number, 1);
    // A hook that fails (the journal could not be signed) rolls the receipt back, number too.
    let failing = |_: &rusqlite::Transaction<'_>, _: &IssuedReceipt| {
        Err(StoreError::BadReceipt("journal refused".into()))
    };
    assert!(store.issue_receipt(&sale, &failing).is_err());
    // A draft that does not add up is refused before a number is taken.
    let unsettled = draft(ReceiptKind::Sale, 2_490, vec![card(2_000)], 0);
    assert!(matches!(
        store.issue_receipt(&unsettled, &no_hook),
        Err(StoreError::BadReceipt(_))
    ));
    assert_eq!(store.issue_receipt(&sale, &no_hook).unwrap().number, 2);
    // Returns and training receipts have series of their own.
    let mut ret = draft(ReceiptKind::Return, 2_490, vec![card(-2_490)], 0);
    ret.return_of = Some(ReturnOf {
        pos_id: "till1".into(),
        number: 1,
    });
    assert_eq!(store.issue_receipt(&ret, &no_hook).unwrap().number, 1);
    let mut training = sale.clone();
    training.training = true;
    assert_eq!(store.issue_receipt(&training, &no_hook).unwrap().number, 1);
    drop(store);
    // Across a reopen the series goes on.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.issue_receipt(&sale, &no_hook).unwrap().number, 3);
    let back = store
        .receipt_by_number("till1", ReceiptKind::Sale, false, 2)
        .unwrap()
        .unwrap();
    assert_eq!(back.number, 2);
    assert_eq!(back.tenders, sale.tenders);
    assert_eq!(
        store
            .receipt_by_number("till1", ReceiptKind::Sale, false, 9)
            .unwrap(),
        None
    );
}

#[test]
fn the_hook_runs_in_the_issuing_transaction() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let sale = draft(ReceiptKind::Sale, 2_490, vec![card(2_490)], 0);
    let seen = std::cell::Cell::new(0u64);
    let hook = |tx: &rusqlite::Transaction<'_>, r: &IssuedReceipt| {
        // The receipt row is visible inside the transaction, with its number.
        let n: i64 = tx.query_row("SELECT count(*) FROM receipts", [], |row| row.get(0))?;
        assert_eq!(n, 1);
        seen.set(r.number);
        Ok(())
    };
    store.issue_receipt(&sale, &hook).unwrap();
    assert_eq!(seen.get(), 1);
}

#[test]
fn a_sale_is_returned_at_most_once() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let sale = draft(ReceiptKind::Sale, 2_490, vec![card(2_490)], 0);
    let n = store.issue_receipt(&sale, &no_hook).unwrap().number;
    assert!(!store.returned("till1", false, n).unwrap());
    let mut ret = draft(ReceiptKind::Return, 2_490, vec![card(-2_490)], 0);
    ret.return_of = Some(ReturnOf {
        pos_id: "till1".into(),
        number: n,
    });
    store.issue_receipt(&ret, &no_hook).unwrap();
    assert!(store.returned("till1", false, n).unwrap());
    assert!(matches!(
        store.issue_receipt(&ret, &no_hook),
        Err(StoreError::AlreadyReturned)
    ));
}

#[test]
fn the_installation_id_is_made_once_per_database_and_kept() {
    let (_dir, path) = temp_db();
    let (_dir2, other) = temp_db();
    let id = Store::open(&path).unwrap().installation_id().unwrap();
    assert_eq!(id.len(), 16);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(Store::open(&path).unwrap().installation_id().unwrap(), id);
    // A fresh database (a reinstall, a lost file, a second till with the same pos_id) has
    // another, so the same attempt number never makes the same reference.
    let id2 = Store::open(&other).unwrap().installation_id().unwrap();
    assert_ne!(id, id2);
    assert_ne!(
        Reference::new("till1", &id, 1).unwrap(),
        Reference::new("till1", &id2, 1).unwrap()
    );
}

#[test]
fn a_version_1_database_is_upgraded_with_its_sales_kept() {
    let (_dir, path) = temp_db();
    // The file a till of version 1 left: its schema, one finished sale and its counter.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(migrations::version_1_schema()).unwrap();
        conn.execute_batch(
            "INSERT INTO receipt_sequences (pos_id, last) VALUES ('till1', 1);
             INSERT INTO sales (reference, pos_id, receipt_number, total, currency, state,
                                captured, created_at, updated_at)
             VALUES ('till1-000001', 'till1', 1, 2490, 'NOK', 'captured', 2490, 0, 0);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    assert!(store.sale_by_reference("till1-000001").unwrap().is_some());
    assert!(!store.installation_id().unwrap().is_empty());
    // The attempt counter goes on from the old receipt counter: no reference repeats.
    assert_eq!(store.next_receipt_number("till1").unwrap(), 2);
    let sale = draft(ReceiptKind::Sale, 2_490, vec![card(2_490)], 0);
    assert_eq!(store.issue_receipt(&sale, &no_hook).unwrap().number, 1);
}

/// A till event into the electronic journal, as the runtime's `till_event` writes it.
fn journal(store: &mut Store, pos_id: &str, training: bool, event: kasse::domain::JournalEvent) {
    let now = kasse::books::Stamp {
        at: 1_764_633_600,
        utc_offset_min: 60,
    };
    kasse::books::append_event(store, pos_id, now, None, training, &event).unwrap();
}

#[test]
fn the_drawer_is_known_again_after_a_restart() {
    use kasse::domain::JournalEvent;
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.drawer_since_float("till1", false).unwrap(), None);
    // An earlier day's float and pay-in: the drawer counts from the last float.
    journal(
        &mut store,
        "till1",
        false,
        JournalEvent::OpeningFloat { amount: 50_000 },
    );
    let earlier = JournalEvent::CashIn {
        amount: 7_000,
        reason: "i går".into(),
    };
    journal(&mut store, "till1", false, earlier);
    journal(
        &mut store,
        "till1",
        false,
        JournalEvent::OpeningFloat { amount: 100_000 },
    );
    let out = JournalEvent::CashOut {
        amount: 5_000,
        reason: "frimerker".into(),
    };
    journal(&mut store, "till1", false, out);
    let change = JournalEvent::CashIn {
        amount: 20_000,
        reason: "veksel".into(),
    };
    journal(&mut store, "till1", false, change);
    // Another till's events are not in this drawer.
    let other = JournalEvent::CashIn {
        amount: 1,
        reason: "x".into(),
    };
    journal(&mut store, "till2", false, other);
    // Nor are training mode's: its float and pay-in count only for a till in training.
    journal(
        &mut store,
        "till1",
        true,
        JournalEvent::OpeningFloat { amount: 999 },
    );
    let practice = JournalEvent::CashIn {
        amount: 3,
        reason: "øving".into(),
    };
    journal(&mut store, "till1", true, practice);
    let mut sale = draft(ReceiptKind::Sale, 20_975, vec![cash(21_000, 25_000)], 25);
    sale.issued_at = i64::MAX / 2;
    store.issue_receipt(&sale, &no_hook).unwrap();
    let mut by_card = draft(ReceiptKind::Sale, 4_990, vec![card(4_990)], 0);
    by_card.issued_at = i64::MAX / 2;
    store.issue_receipt(&by_card, &no_hook).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.drawer_since_float("till1", false).unwrap(),
        Some(DrawerSinceFloat {
            float: 100_000,
            expected: 100_000 - 5_000 + 20_000 + 21_000
        })
    );
    assert_eq!(
        store.drawer_since_float("till1", true).unwrap(),
        Some(DrawerSinceFloat {
            float: 999,
            expected: 999 + 3
        })
    );
}

/// A file at schema version `version` with `sql` run in it, as a till of that version left it.
fn database_at(path: &std::path::Path, version: u32, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for step in migrations::steps_up_to(version) {
        conn.execute_batch(step).unwrap();
    }
    conn.execute_batch(sql).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
}

fn tables(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.map(Result::unwrap).collect()
}

#[test]
fn a_version_7_database_keeps_its_drawer_when_till_events_go() {
    let (_dir, path) = temp_db();
    // What a version-7 till wrote for one float and one pay-out: each event twice, to the
    // journal and to `till_events`.
    database_at(
        &path,
        7,
        r#"
        INSERT INTO electronic_journal (pos_id, at, utc_offset_min, event, saft_code, training, body)
        VALUES ('till1', 100, 60, 'opening_float', NULL, 0, '{"event":"opening_float","amount":100000}'),
               ('till1', 101, 60, 'cash_out', '13019', 0,
                '{"event":"cash_out","amount":5000,"reason":"frimerker"}');
        INSERT INTO till_events (pos_id, at, event)
        VALUES ('till1', 100, '{"event":"opening_float","amount":100000}'),
               ('till1', 101, '{"event":"cash_out","amount":5000,"reason":"frimerker"}');
        "#,
    );
    assert!(tables(&path).contains(&"till_events".to_string()));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    assert_eq!(
        store.drawer_since_float("till1", false).unwrap(),
        Some(DrawerSinceFloat {
            float: 100_000,
            expected: 95_000
        })
    );
    // The journal was not written twice: its two rows, nothing carried over.
    let books = kasse::books::journal::entries(&store, Some("till1"), 0).unwrap();
    assert_eq!(books.len(), 2);
    drop(store);
    assert!(!tables(&path).contains(&"till_events".to_string()));
}

#[test]
fn a_till_that_never_wrote_the_journal_keeps_its_drawer_too() {
    let (_dir, path) = temp_db();
    // A version-4 till: `till_events` only (the journal came with version 5). Its day began
    // at the second float; the first day's events stay behind.
    database_at(
        &path,
        4,
        r#"
        INSERT INTO till_events (pos_id, at, event)
        VALUES ('till1', 50, '{"event":"opening_float","amount":40000}'),
               ('till1', 51, '{"event":"cash_in","amount":1000,"reason":"gammel"}'),
               ('till1', 100, '{"event":"opening_float","amount":100000}'),
               ('till1', 101, '{"event":"cash_out","amount":5000,"reason":"frimerker"}'),
               ('till1', 102, '{"event":"drawer_opened","reason":"no_sale"}');
        "#,
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.drawer_since_float("till1", false).unwrap(),
        Some(DrawerSinceFloat {
            float: 100_000,
            expected: 95_000
        })
    );
    let books = kasse::books::journal::entries(&store, Some("till1"), 0).unwrap();
    assert_eq!(books.len(), 3);
    assert!(books.iter().all(|e| !e.training && e.signature.is_none()));
}

#[test]
fn parked_baskets_survive_a_reopen_until_resumed() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let lines = ReceiptLine::from_basket(&basket(2_490), ReceiptKind::Sale);
    store
        .keep_parked("till1", 3, &lines, Some("4791234567"))
        .unwrap();
    store.keep_parked("till2", 1, &lines, None).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let rows = store.parked("till1").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, 3);
    assert_eq!(rows[0].lines, lines);
    assert_eq!(rows[0].lines[0].to_line().unwrap().unit_price, 2_490);
    assert_eq!(rows[0].msisdn.as_deref(), Some("4791234567"));
    store.drop_parked("till1", 3).unwrap();
    assert!(store.parked("till1").unwrap().is_empty());
    assert_eq!(store.parked("till2").unwrap().len(), 1);
}
