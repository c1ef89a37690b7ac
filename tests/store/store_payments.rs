//! Payments on a real SQLite file: receipt numbers, sales, the journal, webhook events and
//! registrations.

use kasse::domain::{Basket, Country, Currency, Gtin, Line, Msisdn, Quantity, VatRate};
use kasse::secret::Secret;
use kasse::store::{JournalOp, Outcome, Registration, SaleState, Store, StoreError};
use std::path::PathBuf;

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kasse.sqlite");
    (dir, path)
}

fn msisdn(s: &str) -> Msisdn {
    Msisdn::parse(s, Country::Norway).unwrap()
}

/// Builds an EAN-13 from its first twelve digits.
fn ean(body: &str) -> Gtin {
    (0..10)
        .find_map(|c| Gtin::parse(&format!("{body}{c}")).ok())
        .unwrap()
}

fn basket() -> Basket {
    let mut b = Basket::new(Currency::Nok);
    b.add(Line {
        gtin: Gtin::parse("7038010009457").unwrap(),
        name: "Lettmelk".into(),
        unit_price: 2490,
        quantity: Quantity::Pieces(2),
        discount: 0,
        percent: None,
        vat: VatRate::from_basis_points(1500).unwrap(),
    });
    b.add(Line {
        gtin: ean("210001000000"),
        name: "Bananer".into(),
        unit_price: 2990,
        quantity: Quantity::Grams(1234),
        discount: 100,
        percent: None,
        vat: VatRate::from_basis_points(1500).unwrap(),
    });
    b
}

#[test]
fn receipt_numbers_are_never_reused_across_reopen() {
    let (_dir, path) = temp_db();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let mut store = Store::open(&path).unwrap();
        seen.push(store.next_receipt_number("till1").unwrap());
        seen.push(store.next_receipt_number("till1").unwrap());
        seen.push(store.next_receipt_number("till2").unwrap());
    }
    assert_eq!(seen, [1, 2, 1, 3, 4, 2, 5, 6, 3]);
}

#[test]
fn receipt_numbers_from_two_connections_never_collide() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                (0..50)
                    .map(|_| store.next_receipt_number("till1").unwrap())
                    .collect::<Vec<u64>>()
            })
        })
        .collect();
    let mut all: Vec<u64> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (1..=100).collect::<Vec<u64>>());
}

#[test]
fn sales_keep_lines_states_and_amounts() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let kari = msisdn("91234567");
    let b = basket();
    let n = store.next_receipt_number("till1").unwrap();
    let sale = store
        .create_sale("pos-till1-20261126-000001", "till1", n, Some(&kari), &b)
        .unwrap();
    assert_eq!(sale.total.minor, b.totals().total);
    assert_eq!(sale.state, SaleState::Open);

    let err = store
        .create_sale("pos-till1-20261126-000001", "till1", 99, None, &b)
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateReference(_)), "{err}");
    let err = store
        .create_sale("pos-till1-20261126-000002", "till1", n, None, &b)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateReceiptNumber { .. }),
        "{err}"
    );

    drop(store);
    let mut store = Store::open(&path).unwrap();
    let back = store
        .sale_by_reference("pos-till1-20261126-000001")
        .unwrap()
        .unwrap();
    assert_eq!(back.lines, b.lines);
    assert_eq!(back.customer, Some(kari.clone()));
    assert_eq!(back.total, b.total());
    assert_eq!(
        store.sale_by_receipt_number("till1", n).unwrap(),
        Some(back.clone())
    );
    assert_eq!(store.sale_by_receipt_number("till2", n).unwrap(), None);

    store
        .set_sale_state(&back.reference, SaleState::PaymentRequested)
        .unwrap();
    store
        .set_sale_state(&back.reference, SaleState::Authorized)
        .unwrap();
    assert_eq!(store.open_sales("till1").unwrap().len(), 1);
    assert!(store.open_sales("till2").unwrap().is_empty());

    store
        .set_captured(&back.reference, back.total.minor)
        .unwrap();
    assert!(store.open_sales("till1").unwrap().is_empty());
    assert_eq!(
        store.add_refunded(&back.reference, 1000).unwrap(),
        SaleState::PartiallyRefunded
    );
    let err = store
        .add_refunded(&back.reference, back.total.minor)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::RefundExceedsCapture { .. }),
        "{err}"
    );
    assert_eq!(
        store
            .add_refunded(&back.reference, back.total.minor - 1000)
            .unwrap(),
        SaleState::Refunded
    );
    let done = store.sale_by_reference(&back.reference).unwrap().unwrap();
    assert_eq!(
        (done.captured, done.refunded),
        (back.total.minor, back.total.minor)
    );

    assert!(matches!(
        store.set_sale_state("nope-0000", SaleState::Failed),
        Err(StoreError::NoSuchSale(_))
    ));
    let second = store
        .create_sale(
            "pos-till1-20261126-000003",
            "till1",
            n + 1,
            None,
            &Basket::new(Currency::Nok),
        )
        .unwrap();
    let recent = store.recent_sales(10).unwrap();
    assert_eq!(recent.len(), 2);
    assert!(recent.iter().any(|s| s.reference == second.reference));
    assert_eq!(store.recent_sales(1).unwrap().len(), 1);
}

#[test]
fn journal_begin_finish_and_pending_survive_reopen() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let create = store
        .journal_begin(
            JournalOp::Create,
            "ref-00000001",
            "ref-00000001-create",
            r#"{"amount":1}"#,
        )
        .unwrap();
    let capture = store
        .journal_begin(
            JournalOp::Capture,
            "ref-00000001",
            "ref-00000001-capture",
            "{}",
        )
        .unwrap();
    let cancel = store
        .journal_begin(
            JournalOp::Cancel,
            "ref-00000002",
            "ref-00000002-cancel",
            "{}",
        )
        .unwrap();
    let err = store
        .journal_begin(
            JournalOp::Create,
            "ref-00000001",
            "ref-00000001-create",
            "{}",
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateIdempotencyKey(_)),
        "{err}"
    );

    store.journal_finish(create, &Outcome::Ok).unwrap();
    store
        .journal_finish(cancel, &Outcome::Error("409 already captured".into()))
        .unwrap();
    assert!(matches!(
        store.journal_finish(create, &Outcome::Ok),
        Err(StoreError::JournalAlreadyFinished(_))
    ));
    assert!(matches!(
        store.journal_finish(9999, &Outcome::Ok),
        Err(StoreError::NoSuchJournalEntry(9999))
    ));
    drop(store);

    // After a "crash": what was begun and never finished is still pending.
    let store = Store::open(&path).unwrap();
    let pending = store.pending_operations().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].id, capture);
    assert_eq!(pending[0].op, JournalOp::Capture);
    assert_eq!(pending[0].outcome, Outcome::Pending);
    assert_eq!(pending[0].finished_at, None);

    let all = store.journal_for("ref-00000001").unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].request, r#"{"amount":1}"#);
    assert_eq!(all[0].outcome, Outcome::Ok);
    assert!(all[0].finished_at.is_some());
    let other = store.journal_for("ref-00000002").unwrap();
    assert_eq!(
        other[0].outcome,
        Outcome::Error("409 already captured".into())
    );
}

#[test]
fn webhook_events_are_deduplicated_and_kept_raw() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    // One event per call here; the listener's group commit passes many.
    let mut insert = |key: &str, raw: &[u8]| store.insert_webhook_events(&[(key, raw)]).unwrap()[0];
    let raw: &[u8] = b"{\"name\":\"AUTHORIZED\"}\n\xff not utf-8";
    assert!(insert("ref-1:AUTHORIZED:psp-1", raw));
    assert!(!insert("ref-1:AUTHORIZED:psp-1", b"other"));
    assert!(insert("ref-1:CAPTURED:psp-2", b"{}"));

    let events = store.webhook_events().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].body, raw);
    assert_eq!(events[0].dedupe_key, "ref-1:AUTHORIZED:psp-1");

    // A later redelivery is still recognised.
    assert!(
        !store
            .insert_webhook_events(&[("ref-1:AUTHORIZED:psp-1", raw)])
            .unwrap()[0]
    );
}

#[test]
fn registrations_keep_their_secret_and_never_show_it() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let reg = Registration {
        id: "6f0c1b2a-0000-4000-8000-000000000001".into(),
        url: "https://pos.example.com/vipps/webhooks?store=oslo-1".into(),
        events: vec![
            "epayments.payment.authorized.v1".into(),
            "epayments.payment.captured.v1".into(),
        ],
        secret: Secret::new("very-secret-hmac-key"),
        created_at: 1_700_000_000,
    };
    store.save_registration(&reg).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let regs = store.registrations().unwrap();
    assert_eq!(regs, vec![reg.clone()]);
    assert_eq!(regs[0].secret.expose(), "very-secret-hmac-key");
    assert!(!format!("{regs:?}").contains("very-secret"));
    assert!(store.remove_registration(&reg.id).unwrap());
    assert!(!store.remove_registration(&reg.id).unwrap());
    assert!(store.registrations().unwrap().is_empty());
}

/// 17.10: the unpaid basket survives reopening the file, percent discounts included (12,5 %
/// too, not turned into its amount), and an empty basket clears it.
#[test]
fn the_unpaid_basket_survives_a_reopen() {
    let (_dir, path) = temp_db();
    let mut b = basket();
    b.lines[0].set_discount_percent(10).unwrap();
    b.lines[1].set_discount_tenths(125).unwrap();
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.held_basket("till1", Currency::Nok).unwrap(), None);
        store.hold_basket("till1", &b).unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.held_basket("till1", Currency::Nok).unwrap(), Some(b));
    assert_eq!(store.held_basket("till2", Currency::Nok).unwrap(), None);
    store
        .hold_basket("till1", &Basket::new(Currency::Nok))
        .unwrap();
    assert_eq!(store.held_basket("till1", Currency::Nok).unwrap(), None);
}
