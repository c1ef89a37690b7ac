//! The books at the till: X and Z reports asked, shown and scrolled; voided lines, voided
//! sales and price look-ups said as journal events; a copy of a return receipt.

use super::tender::{anonymous_basket, draft_of};
use super::*;
use crate::domain::{JournalEvent, ReceiptKind, ReportKind};

fn journaled(fx: &[Effect]) -> Vec<&JournalEvent> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Journal(ev) | Effect::JournalAs { event: ev, .. } => Some(ev),
            _ => None,
        })
        .collect()
}

fn report(kind: ReportKind, lines: usize) -> ShownReport {
    ShownReport {
        kind,
        number: 3,
        title: "X-RAPPORT 3".into(),
        lines: (0..lines).map(|i| format!("line {i}")).collect(),
        printed: false,
    }
}

fn top(s: &State) -> usize {
    match &s.dialog {
        Some(Dialog::Report { top, .. }) => *top,
        other => panic!("the report is not on screen: {other:?}"),
    }
}

#[test]
fn an_x_report_is_taken_at_once_shown_and_scrolled_a_page_at_a_time() {
    let mut s = state();
    assert!(available_actions(&s).contains(&Action::XReport));
    let fx = press(&mut s, Key::Char('X'));
    assert_eq!(
        fx,
        vec![Effect::TakeReport {
            kind: ReportKind::X,
            cashier: None,
            print: false
        }]
    );
    // One on its way: not asked twice.
    assert!(!available_actions(&s).contains(&Action::XReport));
    assert!(press(&mut s, Key::Char('X')).is_empty());

    update(
        &mut s,
        Msg::View(View {
            basket_rows: 10,
            report_rows: 12,
        }),
    );
    update(&mut s, Msg::ReportTaken(Ok(report(ReportKind::X, 50))));
    assert!(matches!(
        s.notice.as_ref().map(|n| &n.say),
        Some(Say::ReportTaken {
            kind: ReportKind::X,
            number: 3,
            printed: false
        })
    ));
    assert_eq!(top(&s), 0);
    press(&mut s, Key::Down);
    assert_eq!(top(&s), 1);
    press(&mut s, Key::PageDown);
    assert_eq!(top(&s), 13);
    press(&mut s, Key::End);
    assert_eq!(top(&s), 38, "the last page shows the last 12 lines");
    press(&mut s, Key::PageDown);
    assert_eq!(top(&s), 38);
    press(&mut s, Key::Up);
    assert_eq!(top(&s), 37, "one up from the end moves at once");
    press(&mut s, Key::Home);
    assert_eq!(top(&s), 0);
    press(&mut s, Key::Enter);
    assert!(s.dialog.is_none());
    assert!(available_actions(&s).contains(&Action::XReport));
}

#[test]
fn the_z_report_asks_first_and_once_taken_the_reminder_is_gone() {
    let mut s = state();
    s.status.printer = crate::printer::PrinterState::Starting;
    update(&mut s, Msg::ZMissing(true));
    assert!(press(&mut s, Key::Char('Z')).is_empty());
    assert_eq!(s.dialog, Some(Dialog::ConfirmZ));
    // Anything but yes leaves the day open: a no, Esc, a stray key.
    for no in [Key::Char('n'), Key::Esc, Key::Char('q')] {
        press(&mut s, Key::Char('Z'));
        assert!(press(&mut s, no).is_empty(), "{no:?}");
        assert_eq!(s.dialog, None);
    }
    press(&mut s, Key::Char('Z'));
    let fx = press(&mut s, Key::Enter);
    assert_eq!(
        fx,
        vec![Effect::TakeReport {
            kind: ReportKind::Z,
            cashier: None,
            print: true
        }]
    );
    update(&mut s, Msg::ReportTaken(Ok(report(ReportKind::Z, 5))));
    assert!(!s.z_missing);
    assert!(matches!(s.dialog, Some(Dialog::Report { .. })));
    // A short report does not scroll.
    press(&mut s, Key::End);
    assert_eq!(top(&s), 0);
}

#[test]
fn a_second_z_report_the_same_day_is_refused_in_words_and_a_failure_is_an_error() {
    let mut s = state();
    press(&mut s, Key::Char('Z'));
    press(&mut s, Key::Enter);
    update(&mut s, Msg::ReportTaken(Err(ReportRefused::ZAlreadyTaken)));
    assert_eq!(s.notice.as_ref().map(|n| &n.say), Some(&Say::ZAlreadyTaken));
    assert!(s.dialog.is_none());
    press(&mut s, Key::Char('X'));
    update(
        &mut s,
        Msg::ReportTaken(Err(ReportRefused::Failed("disk full".into()))),
    );
    let n = s.notice.as_ref().unwrap();
    assert_eq!(n.level, Level::Error);
    assert!(matches!(
        n.say,
        Say::ReportFailed {
            kind: ReportKind::X,
            ..
        }
    ));
    // An answer nobody asked for (a second one) changes nothing.
    update(&mut s, Msg::ReportTaken(Ok(report(ReportKind::X, 5))));
    assert!(s.dialog.is_none());
}

#[test]
fn reports_wait_for_an_empty_counter() {
    let mut s = state();
    with_basket(&mut s);
    let now = available_actions(&s);
    assert!(!now.contains(&Action::XReport) && !now.contains(&Action::ZReport));
    assert!(press(&mut s, Key::Char('X')).is_empty());
}

#[test]
fn a_product_scan_over_a_report_closes_it_and_sells() {
    let mut s = state();
    press(&mut s, Key::Char('X'));
    update(&mut s, Msg::ReportTaken(Ok(report(ReportKind::X, 30))));
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
    assert!(s.dialog.is_none());
}

#[test]
fn a_voided_line_is_journaled_with_what_it_was() {
    let milk = JournalEvent::LineVoided {
        gtin: MILK.into(),
        name: "Lettmelk".into(),
        amount: 2490,
    };
    let mut s = state();
    with_basket(&mut s);
    assert_eq!(journaled(&press(&mut s, Key::F(7))), vec![&milk]);
    // Minus on the last piece voids the line too, and so does a quantity of 0.
    for keys in [
        &[Key::Char('-')][..],
        &[Key::F(5), Key::Char('0'), Key::Enter],
    ] {
        let mut s = state();
        anonymous_basket(&mut s, 2_490);
        let fx: Vec<Effect> = keys.iter().flat_map(|k| press(&mut s, *k)).collect();
        assert_eq!(journaled(&fx), vec![&milk], "{keys:?}");
        assert!(s.basket.is_empty());
    }
}

#[test]
fn a_basket_given_up_is_a_voided_sale_and_a_paid_one_is_not() {
    let mut s = state();
    anonymous_basket(&mut s, 2_490);
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse("7049901000194").unwrap(),
            result: Ok(Some(product("7049901000194", 1_000))),
        },
    );
    assert!(press(&mut s, Key::F(12)).is_empty(), "asks first");
    let fx = press(&mut s, Key::Enter);
    assert_eq!(
        journaled(&fx),
        vec![&JournalEvent::SaleVoided {
            lines: 2,
            amount: 3_490
        }]
    );
    assert!(s.basket.is_empty());
    // Paid in cash, then F12 for the next customer: nothing voided.
    anonymous_basket(&mut s, 2_490);
    press(&mut s, Key::Char('c'));
    let fx = press(&mut s, Key::Enter);
    issue(&mut s, &fx, 1);
    assert!(journaled(&press(&mut s, Key::F(12))).is_empty());
}

/// F4, "melk" typed, the search answered with milk at 24,90: prices on screen.
fn milk_searched(s: &mut State) {
    press(s, Key::F(4));
    for c in "melk".chars() {
        press(s, Key::Char(c));
    }
    update(
        s,
        Msg::SearchDone {
            query: "melk".into(),
            result: Ok(vec![product(MILK, 2490).product]),
        },
    );
}

#[test]
fn a_search_closed_with_prices_on_screen_is_a_price_look_up() {
    let mut s = state();
    press(&mut s, Key::F(4));
    // Closed before anything was found: no look-up.
    assert!(journaled(&press(&mut s, Key::Esc)).is_empty());
    milk_searched(&mut s);
    assert_eq!(
        journaled(&press(&mut s, Key::Esc)),
        vec![&JournalEvent::PriceLookup {
            gtin: MILK.into(),
            price: 2490
        }]
    );
    // Closed by a scan (the item is sold): not a look-up.
    milk_searched(&mut s);
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert!(journaled(&fx).is_empty(), "{fx:?}");
    assert!(s.dialog.is_none());
    // Taken into the basket it is a sale, not a look-up.
    milk_searched(&mut s);
    let fx = press(&mut s, Key::Enter);
    assert!(journaled(&fx).is_empty());
    assert!(s.dialog.is_none());
}

#[test]
fn a_return_receipt_can_have_its_copy() {
    let mut s = state();
    s.status.printer = crate::printer::PrinterState::Starting;
    s.settings.returns_without_receipt = true;
    anonymous_basket(&mut s, 2_490);
    press(&mut s, Key::Char('R'));
    let fx = press(&mut s, Key::Enter);
    assert_eq!(draft_of(&fx).kind, ReceiptKind::Return);
    issue(&mut s, &fx, 1);
    assert!(available_actions(&s).contains(&Action::PrintCopy));
    let fx = press(&mut s, Key::Char('K'));
    let [Effect::PrintCopy { receipt, .. }] = fx.as_slice() else {
        panic!("one copy to print: {fx:?}");
    };
    assert_eq!(receipt.kind, ReceiptKind::Return);
}

#[test]
fn the_page_keys_move_by_what_the_screen_shows() {
    let mut s = state();
    for i in 0..30 {
        let code = format!("70000000{i:04}");
        let gtin = (0..10)
            .find_map(|c| Gtin::parse(&format!("{code}{c}")).ok())
            .unwrap();
        update(
            &mut s,
            Msg::ProductLooked {
                code: gtin.clone(),
                result: Ok(Some(product(gtin.as_str(), 1000))),
            },
        );
    }
    update(
        &mut s,
        Msg::View(View {
            basket_rows: 4,
            report_rows: 12,
        }),
    );
    press(&mut s, Key::Home);
    press(&mut s, Key::PageDown);
    assert_eq!(s.selected, Some(4));
    press(&mut s, Key::PageDown);
    assert_eq!(s.selected, Some(8));
    press(&mut s, Key::PageUp);
    assert_eq!(s.selected, Some(4));
    // A taller screen: longer pages.
    update(
        &mut s,
        Msg::View(View {
            basket_rows: 20,
            report_rows: 30,
        }),
    );
    press(&mut s, Key::PageDown);
    assert_eq!(s.selected, Some(24));
    press(&mut s, Key::PageDown);
    assert_eq!(s.selected, Some(29), "the last line, not past it");
}

#[test]
fn a_report_answer_after_a_sale_began_does_not_cover_the_basket() {
    let mut s = state();
    press(&mut s, Key::Char('X'));
    anonymous_basket(&mut s, 2_490);
    update(&mut s, Msg::ReportTaken(Ok(report(ReportKind::X, 30))));
    assert!(s.dialog.is_none());
    assert!(matches!(
        s.notice.as_ref().map(|n| &n.say),
        Some(Say::ReportTaken { .. })
    ));
}

#[test]
fn printed_is_said_only_when_the_printer_took_it() {
    let mut s = state();
    s.status.printer = crate::printer::PrinterState::Away {
        reason: "paper out".into(),
        waiting: 0,
    };
    press(&mut s, Key::Char('X'));
    let mut taken = report(ReportKind::X, 5);
    taken.printed = true;
    update(&mut s, Msg::ReportTaken(Ok(taken)));
    assert!(matches!(
        s.notice.as_ref().map(|n| &n.say),
        Some(Say::ReportTaken { printed: false, .. })
    ));
}
