//! The electronic journal on a real SQLite file: append-only by schema, every receipt signed
//! in one chain per till that verifies with the stored public key, and a tampered row found.

use crate::books_support;

use books_support::*;
use kasse::books::{self, BooksError, Signer};
use kasse::domain::ReceiptKind;
use rusqlite::Connection;

#[test]
fn the_schema_refuses_to_change_or_delete_a_journal_row() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    drop(store);
    let raw = Connection::open(&path).unwrap();
    let rows: i64 = raw
        .query_row("SELECT count(*) FROM electronic_journal", [], |r| r.get(0))
        .unwrap();
    assert!(rows > 20, "the demo day wrote {rows} rows");
    let update = raw.execute(
        "UPDATE electronic_journal SET at = at + 1 WHERE seq = 1",
        [],
    );
    assert!(
        update.unwrap_err().to_string().contains("append-only"),
        "an UPDATE must be refused"
    );
    let delete = raw.execute("DELETE FROM electronic_journal WHERE seq = 1", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let delete_key = raw.execute("DELETE FROM signing_keys", []);
    assert!(
        delete_key.is_err(),
        "public keys stay for as long as the journal"
    );
    let after: i64 = raw
        .query_row("SELECT count(*) FROM electronic_journal", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, rows);
}

#[test]
fn every_signature_in_the_chain_verifies_with_the_public_key() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    let summary = books::verify_till(&store, POS).unwrap();
    // Four real receipts and one training receipt, one chain.
    assert_eq!(summary.transactions, 5);
    // Independently of the chain code: the first receipt is signed over "0;…" with the key
    // whose public half is stored under version 1.
    let first = books::journal::entries(&store, Some(POS), 0)
        .unwrap()
        .into_iter()
        .find(|e| e.receipt().is_some())
        .unwrap();
    assert_eq!(first.key_version.as_deref(), Some("1"));
    let text = "0;2026-12-01;09:10:00;1;209.75;".to_string();
    let receipt = first.receipt().unwrap();
    let full = format!("{text}{}", books::signing::decimal(receipt.total_excl()));
    let keys = books::journal::public_keys(&store).unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0].1.starts_with("-----BEGIN PUBLIC KEY-----"));
    assert!(books::signing::verify(
        &keys[0].1,
        &full,
        first.signature.as_deref().unwrap()
    ));
    assert!(!books::signing::verify(
        &keys[0].1,
        &full.replace("209.75", "209.76"),
        first.signature.as_deref().unwrap()
    ));
}

#[test]
fn a_tampered_row_breaks_the_chain() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    drop(store);
    // Someone with sqlite3 drops the trigger and lowers the cash sale's line by one krone.
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch(
        "DROP TRIGGER electronic_journal_no_update;
         UPDATE electronic_journal
         SET body = replace(body, '\"total\":4995', '\"total\":4895')
         WHERE trans_nr = '2';",
    )
    .unwrap();
    assert_eq!(raw.changes(), 1);
    drop(raw);
    let store = kasse::store::Store::open(&path).unwrap();
    match books::verify_till(&store, POS) {
        Err(BooksError::ChainBroken { reason, .. }) => {
            assert!(
                reason.contains("does not verify") || reason.contains("receipt"),
                "{reason}"
            )
        }
        other => panic!("the chain must break, got {other:?}"),
    }
}

#[test]
fn a_removed_receipt_is_a_gap_and_breaks_the_chain() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    drop(store);
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch(
        "DROP TRIGGER electronic_journal_no_delete;
         DELETE FROM electronic_journal WHERE trans_nr = '2';",
    )
    .unwrap();
    drop(raw);
    let store = kasse::store::Store::open(&path).unwrap();
    assert!(matches!(
        books::verify_till(&store, POS),
        Err(BooksError::ChainBroken { .. })
    ));
}

#[test]
fn a_receipt_is_journaled_once() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let r = &demo_receipts(MORNING)[0];
    books::record_receipt(&mut store, &signer, r).unwrap();
    let again = books::record_receipt(&mut store, &signer, r).unwrap_err();
    assert!(
        again.to_string().contains("already in the journal"),
        "{again}"
    );
    assert_eq!(books::verify_till(&store, POS).unwrap().transactions, 1);
}

#[test]
fn an_unsettled_receipt_is_refused_before_it_is_signed() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let mut r = demo_receipts(MORNING)[0].clone();
    r.tenders[0].amount -= 1;
    assert!(books::record_receipt(&mut store, &signer, &r).is_err());
    assert_eq!(books::verify_till(&store, POS).unwrap().transactions, 0);
}

#[test]
fn the_key_is_made_once_owner_only_and_kept() {
    let (_dir, path) = temp_db();
    let key = books::signing::key_path(&path);
    let (mut store, signer) = open(&path);
    assert!(key.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = Signer::load_or_create(&mut store, &key).unwrap();
    assert_eq!(again.public_pem(), signer.public_pem());
    assert_eq!(again.version(), "1");
    assert!(!format!("{again:?}").contains("PRIVATE"));
}

#[test]
fn a_lost_key_goes_on_under_a_new_version_and_the_old_chain_still_verifies() {
    let (_dir, path) = temp_db();
    let key = books::signing::key_path(&path);
    let (mut store, signer) = open(&path);
    let receipts = demo_receipts(MORNING);
    books::record_receipt(&mut store, &signer, &receipts[0]).unwrap();
    std::fs::remove_file(&key).unwrap();
    let second = Signer::load_or_create(&mut store, &key).unwrap();
    assert_eq!(second.version(), "2");
    books::record_receipt(&mut store, &second, &receipts[1]).unwrap();
    assert_eq!(books::verify_till(&store, POS).unwrap().transactions, 2);
}

#[test]
fn sales_returns_and_training_have_their_own_numbers() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    let nrs: Vec<String> = books::journal::entries(&store, Some(POS), 0)
        .unwrap()
        .into_iter()
        .filter_map(|e| e.trans_nr)
        .collect();
    assert_eq!(nrs, ["1", "2", "3", "R1", "T1"]);
    let training = books::journal::entries(&store, Some(POS), 0)
        .unwrap()
        .into_iter()
        .find(|e| e.trans_nr.as_deref() == Some("T1"))
        .unwrap();
    assert!(training.training);
    assert_eq!(training.receipt().unwrap().kind, ReceiptKind::Sale);
}

#[test]
fn a_demo_till_journals_training_receipts_only() {
    let (dir, path) = temp_db();
    let config = kasse::config::Config::from_str_with(
        &format!("[database]\npath = \"{}\"\n", path.display()),
        None,
        &|_| None,
    )
    .unwrap();
    let _ = dir;
    let mut store = kasse::store::Store::open(&path).unwrap();
    let books = books::Books::open(&mut store, &config).unwrap();
    let hook = |r: &kasse::domain::IssuedReceipt| {
        let mut raw = rusqlite::Connection::open(&path).unwrap();
        let tx = raw.transaction().unwrap();
        books.journal_receipt(&tx, r)?;
        tx.commit().unwrap();
        Ok::<_, kasse::store::StoreError>(())
    };
    let real = demo_receipts(MORNING)[0].clone();
    let err = hook(&real).unwrap_err();
    assert!(err.to_string().contains("training receipts only"), "{err}");
    hook(&training_receipt(MORNING)).unwrap();
    books
        .record(
            &mut store,
            None,
            false,
            &kasse::domain::JournalEvent::PosStarted,
        )
        .unwrap();
    let entries = books::journal::entries(&store, Some(POS), 0).unwrap();
    assert_eq!(entries.len(), 2);
    assert!(
        entries.iter().all(|e| e.training),
        "a demo till's events are training events"
    );
}

/// A copy row written before copies named their series (no `kind`) still reads, as the copy
/// of a sale: it is counted on the Z report and the sale keeps to its one copy, while the
/// return with the same number may still have its own.
#[test]
fn an_old_copy_row_without_its_series_reads_as_a_sales_copy() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let receipts = demo_receipts(MORNING);
    books::record_receipt(&mut store, &signer, &receipts[0]).unwrap();
    books::record_receipt(&mut store, &signer, &receipts[3]).unwrap();
    drop(store);
    let raw = Connection::open(&path).unwrap();
    raw.execute(
        "INSERT INTO electronic_journal
         (pos_id, at, utc_offset_min, event, saft_code, cashier_id, training, body)
         VALUES (?1, ?2, 60, 'copy_printed', '13014', NULL, 0,
                 '{\"event\":\"copy_printed\",\"pos_id\":\"till1\",\"number\":1}')",
        rusqlite::params![POS, MORNING + 4_000],
    )
    .unwrap();
    drop(raw);
    let (mut store, _) = open(&path);
    assert!(books::journal::copy_made(&store, &receipts[0]).unwrap());
    assert!(!books::journal::copy_made(&store, &receipts[3]).unwrap());
    let z = books::take_z(&mut store, POS, &company(), by(None, MORNING + 5_000)).unwrap();
    assert_eq!((z.copies.count, z.copies.amount), (1, receipts[0].total()));
}
