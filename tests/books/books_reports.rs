//! X and Z reports from the journal of a demo day: the Z totals equal the sums of the
//! receipts and tenders it covers, once a day per till, counters reset after it, grand totals
//! carried on, training kept out of the real totals.

use crate::books_support;

use books_support::*;
use kasse::books::{self, BooksError, ReportKind};
use kasse::config::Language;
use kasse::domain::{JournalEvent, ReceiptKind};

#[test]
fn z_totals_are_the_sums_of_the_receipts_and_tenders_it_covers() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let z = demo_day(&mut store, &signer, MORNING);
    let receipts = demo_receipts(MORNING);

    // Sums computed here, from the receipts, independently of the report code.
    let sales: i64 = receipts
        .iter()
        .filter(|r| r.kind == ReceiptKind::Sale)
        .map(|r| r.total())
        .sum();
    let returns: i64 = receipts
        .iter()
        .filter(|r| r.kind == ReceiptKind::Return)
        .map(|r| -r.total())
        .sum();
    let tendered = |code: &str| -> i64 {
        receipts
            .iter()
            .flat_map(|r| &r.tenders)
            .filter(|t| t.saft_code() == code)
            .map(|t| t.amount)
            .sum()
    };
    let rounding: i64 = receipts.iter().map(|r| r.rounding).sum();
    let tax: i64 = receipts.iter().map(|r| r.total_tax()).sum();

    assert_eq!(z.kind, ReportKind::Z);
    assert_eq!(z.meta.number, 1);
    assert_eq!((z.sales.count, z.sales.amount), (3, sales));
    assert_eq!((z.returns.count, z.returns.amount), (1, returns));
    assert_eq!(z.net, sales - returns);
    assert_eq!(z.receipts, 4);
    assert_eq!(z.rounding, rounding);
    let by_code = |code: &str| z.tenders.iter().find(|t| t.code == code).unwrap().amount;
    assert_eq!(by_code("12011"), tendered("12011"));
    assert_eq!(by_code("12001"), tendered("12001"));
    assert_eq!(by_code("12002"), tendered("12002"));
    assert_eq!(
        z.tenders.iter().map(|t| t.amount).sum::<i64>(),
        z.net + z.rounding,
        "the tenders settle the net and the cash rounding to the øre"
    );
    assert_eq!(z.vat.iter().map(|v| v.tax).sum::<i64>(), tax);
    assert_eq!(z.vat.iter().map(|v| v.total).sum::<i64>(), z.net);
    assert_eq!(z.art_groups.iter().map(|g| g.amount).sum::<i64>(), z.net);
    assert_eq!(z.cashiers.len(), 1);
    assert_eq!(z.cashiers[0].net, z.net);

    // The rest of the statutory list.
    assert_eq!(
        (z.copies.count, z.copies.amount),
        (2, receipts[0].total() + receipts[3].total()),
        "the sale's copy and the return's, each at its own receipt's total"
    );
    assert_eq!((z.training.count, z.training.amount), (1, 9_990));
    assert_eq!((z.drawer_openings, z.drawer_no_sale), (4, 1));
    assert_eq!((z.voided_lines.count, z.voided_sales.count), (1, 1));
    assert_eq!((z.price_lookups.count, z.parked), (1, 1));
    assert_eq!(z.opening_float, 100_000);
    assert_eq!(z.cash_out.amount, 20_000);
    assert_eq!(z.expected_cash, 100_000 + tendered("12001") - 20_000);
    assert_eq!(z.counted_cash, Some(91_000));
    assert_eq!(z.cash_difference, Some(0));
    assert_eq!(z.grand.sales, sales);
    assert_eq!(z.grand.returns, returns);
    assert_eq!(z.grand.net, sales - returns);
}

#[test]
fn the_z_report_is_journaled_whole_and_taken_once_a_day() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let z = demo_day(&mut store, &signer, MORNING);
    let stored = books::journal::entries(&store, Some(POS), 0)
        .unwrap()
        .into_iter()
        .find_map(|e| match e.event {
            JournalEvent::ZReport { number, report } => Some((number, report)),
            _ => None,
        })
        .unwrap();
    assert_eq!(stored.0, 1);
    assert_eq!(
        serde_json::from_value::<books::Report>(stored.1).unwrap(),
        z
    );

    let again = books::take_z(&mut store, POS, &company(), by(None, MORNING + 7_000));
    assert!(matches!(again, Err(BooksError::ZAlreadyTaken { .. })));
}

#[test]
fn counters_reset_after_the_z_report_and_grand_totals_carry_on() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let first = demo_day(&mut store, &signer, MORNING);
    // The next day: one sale, numbers going on in each series.
    let mut sale = demo_receipts(MORNING + DAY)[1].clone();
    sale.number = 4;
    books::record_receipt(&mut store, &signer, &sale).unwrap();
    let x = books::take_x(&mut store, POS, &company(), by(None, MORNING + DAY + 2_000)).unwrap();
    assert_eq!(x.sales.count, 1);
    assert_eq!(x.sales.amount, sale.total());
    assert_eq!(x.copies.count, 0);
    assert_eq!(x.grand.sales, first.grand.sales + sale.total());
    // An X report resets nothing.
    let x2 = books::take_x(&mut store, POS, &company(), by(None, MORNING + DAY + 2_100)).unwrap();
    assert_eq!(x2.sales, x.sales);
    assert_eq!(x2.meta.number, x.meta.number + 1);
    let z = books::take_z(&mut store, POS, &company(), by(None, MORNING + DAY + 3_000)).unwrap();
    assert_eq!(z.meta.number, 2);
    assert_eq!(z.sales.count, 1);
    assert_eq!(z.grand.net, first.grand.net + sale.total());
    assert_eq!(z.grand.returns, first.grand.returns);
    assert_eq!(books::verify_till(&store, POS).unwrap().transactions, 6);
}

#[test]
fn a_missing_z_report_is_noticed_on_the_next_day() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let today = stamp(MORNING).local_date();
    let tomorrow = stamp(MORNING + DAY).local_date();
    assert!(!books::z_missing(&store, POS, today).unwrap());
    books::record_receipt(&mut store, &signer, &demo_receipts(MORNING)[0]).unwrap();
    assert!(
        !books::z_missing(&store, POS, today).unwrap(),
        "the same day needs no Z yet"
    );
    assert!(books::z_missing(&store, POS, tomorrow).unwrap());
    books::take_z(&mut store, POS, &company(), by(None, MORNING + 5_000)).unwrap();
    assert!(!books::z_missing(&store, POS, tomorrow).unwrap());
}

#[test]
fn training_receipts_never_enter_the_real_totals() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    books::record_receipt(&mut store, &signer, &training_receipt(MORNING)).unwrap();
    let x = books::take_x(&mut store, POS, &company(), by(None, MORNING + 60)).unwrap();
    assert_eq!(x.receipts, 0);
    assert_eq!(x.net, 0);
    assert!(x.tenders.is_empty());
    assert_eq!(x.expected_cash, 0);
    assert_eq!(x.grand, books::GrandTotals::default());
    assert_eq!((x.training.count, x.training.amount), (1, 9_990));
}

#[test]
fn the_report_reads_as_lines_in_both_languages() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let z = demo_day(&mut store, &signer, MORNING);
    let nb = kasse::ui::text::report_lines(&z, Language::Norwegian);
    let en = kasse::ui::text::report_lines(&z, Language::English);
    assert_eq!(nb.len(), en.len());
    assert_eq!(nb[0], "Z-RAPPORT 1");
    assert_eq!(en[0], "Z REPORT 1");
    let find = |lines: &[String], start: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(start))
            .cloned()
            .unwrap_or_else(|| panic!("no line {start:?} in {lines:#?}"))
    };
    assert!(find(&nb, "Salg (3)").ends_with("419,50"));
    assert!(find(&nb, "Treningskvitteringer (1)").ends_with("99,90"));
    assert!(find(&en, "Difference").ends_with("0,00"));
    assert!(nb
        .iter()
        .all(|l| l.chars().count() <= kasse::ui::text::REPORT_WIDTH + 10));
}

/// A receipt journaled by another process after the Z report read the journal and before it
/// was written (the command line's `kasse report z` beside a running till) is in no report
/// yet: the next period starts where the Z report's reading ended, so it counts there. And the
/// once-a-day rule is checked where the Z report is written.
#[test]
fn a_receipt_that_lands_while_a_z_report_is_written_counts_in_the_next_period() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    let evening = by(None, MORNING + DAY + 9_000);
    let z = books::period::build(&store, ReportKind::Z, POS, &company(), evening).unwrap();
    // Meanwhile the till issues sale 4.
    let mut late = demo_receipts(MORNING + DAY)[1].clone();
    late.number = 4;
    late.issued_at = evening.stamp.at - 10;
    books::record_receipt(&mut store, &signer, &late).unwrap();
    let event = JournalEvent::ZReport {
        number: z.meta.number,
        report: serde_json::to_value(&z).unwrap(),
    };
    books::journal::append_z_report(&mut store, POS, evening, &event).unwrap();
    assert_eq!(
        z.sales.count, 0,
        "the Z report read the journal before sale 4"
    );
    // Once a day, even when asked at this level.
    let twice = books::journal::append_z_report(&mut store, POS, evening, &event);
    assert!(
        matches!(twice, Err(BooksError::ZAlreadyTaken { .. })),
        "{twice:?}"
    );

    // The next day's first look: the reminder sees sale 4 unreported, the X report counts it.
    let next_day = stamp(MORNING + 2 * DAY).local_date();
    assert!(books::z_missing(&store, POS, next_day).unwrap());
    let next = books::take_x(&mut store, POS, &company(), by(None, MORNING + 2 * DAY)).unwrap();
    assert_eq!(
        next.sales.count, 1,
        "sale 4 is counted once, in the next period"
    );
    assert_eq!(next.sales.amount, late.total());
}

/// A Z report taken in training (a demo day on the same database) is a training report: it
/// does not close the real period, take the real numbers or grand totals, or use up the day.
#[test]
fn a_training_z_report_leaves_the_real_books_alone() {
    let (_dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    let real = demo_receipts(MORNING);
    books::record_receipt(&mut store, &signer, &real[1]).unwrap();
    books::record_receipt(&mut store, &signer, &training_receipt(MORNING + 100)).unwrap();
    let training = books::TakenBy {
        training: true,
        ..by(None, MORNING + 200)
    };
    let tz = books::take_z(&mut store, POS, &company(), training).unwrap();
    assert!(tz.meta.training);
    assert_eq!(tz.meta.number, 1);
    assert_eq!(tz.training.count, 1);
    // The real Z report of the same day: still possible, number 1, the real sale in it.
    let z = books::take_z(&mut store, POS, &company(), by(None, MORNING + 300)).unwrap();
    assert!(!z.meta.training);
    assert_eq!((z.meta.number, z.sales.count), (1, 1));
    assert_eq!(z.grand.sales, real[1].total());
    // And one of each a day.
    assert!(matches!(
        books::take_z(&mut store, POS, &company(), training),
        Err(BooksError::ZAlreadyTaken { .. })
    ));
}
