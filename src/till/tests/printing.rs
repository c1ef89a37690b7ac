//! Receipts to the printer, the drawer and the printer's state, as the core decides them.

use super::*;
use crate::domain::{DrawerReason, TenderKind};
use crate::printer::PrinterState;
use crate::till::CopyRefused;

/// A Vipps sale paid and captured, and its receipt issued by the store as number 7: the
/// effects that follow the issue.
fn captured(s: &mut State) -> Vec<Effect> {
    let r = waiting(s);
    let poll = poll_token(s);
    status(s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    let fx = update(
        s,
        Msg::Captured {
            reference: r,
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    issue(s, &fx, 7)
}

fn with_printer() -> State {
    let mut s = state();
    s.status.printer = PrinterState::Starting;
    s
}

#[test]
fn without_a_printer_the_receipt_stays_on_screen() {
    let mut s = state();
    let effects = captured(&mut s);
    assert!(!effects.iter().any(|e| matches!(e, Effect::PrintReceipt(_))));
    assert!(s.done.is_some());
}

#[test]
fn an_issued_vipps_receipt_is_printed_with_its_number_and_one_vipps_tender() {
    let mut s = with_printer();
    let effects = captured(&mut s);
    let receipt = effects
        .iter()
        .find_map(|e| match e {
            Effect::PrintReceipt(r) => Some(r.clone()),
            _ => None,
        })
        .expect("a receipt to print");
    receipt.check().unwrap();
    assert_eq!(receipt.total(), 2490);
    assert_eq!(receipt.pos_id, "till1");
    let [tender] = receipt.tenders.as_slice() else {
        panic!("one tender: {:?}", receipt.tenders);
    };
    assert!(
        matches!(&tender.kind, TenderKind::Vipps { reference } if reference.starts_with("till1"))
    );
    assert_eq!(receipt.number, 7);
    assert_eq!(s.last_receipt, Some(("till1".into(), "7".into())));
}

#[test]
fn the_no_sale_key_opens_the_drawer_only_with_a_printer() {
    let mut s = state();
    assert_eq!(update(&mut s, Msg::Key(Key::Char('d'))), Vec::new());
    update(
        &mut s,
        Msg::Printer(PrinterState::Ready {
            waiting: 0,
            drawer_open: false,
            paper_low: false,
        }),
    );
    assert_eq!(
        update(&mut s, Msg::Key(Key::Char('d'))),
        vec![Effect::OpenDrawer(DrawerReason::NoSale)]
    );
    update(
        &mut s,
        Msg::DrawerOpened {
            reason: DrawerReason::NoSale,
            result: Err("cannot reach the printer".into()),
        },
    );
    let n = s.notice.as_ref().unwrap();
    assert_eq!(n.level, Level::Warning);
    assert!(matches!(&n.say, Say::DrawerFailed { reason } if reason.contains("cannot reach")));
}

#[test]
fn with_the_printer_away_the_cashier_can_give_the_in_app_receipt_instead() {
    let mut s = with_printer();
    captured(&mut s);
    let (pos_id, trans_nr) = s.last_receipt.clone().unwrap();
    assert!(!available_actions(&s).contains(&Action::InAppReceipt));
    update(
        &mut s,
        Msg::Printer(PrinterState::Away {
            reason: "paper out".into(),
            waiting: 1,
        }),
    );
    assert!(matches!(
        s.notice.as_ref().map(|n| &n.say),
        Some(Say::PrinterAway { waiting: 1, .. })
    ));
    assert!(available_actions(&s).contains(&Action::InAppReceipt));
    assert_eq!(
        update(&mut s, Msg::Key(Key::Char('v'))),
        vec![Effect::WithdrawReceipt { pos_id, trans_nr }]
    );
    assert!(!available_actions(&s).contains(&Action::InAppReceipt));
    update(
        &mut s,
        Msg::Printer(PrinterState::Ready {
            waiting: 0,
            drawer_open: false,
            paper_low: false,
        }),
    );
    assert!(matches!(
        s.notice.as_ref().map(|n| &n.say),
        Some(Say::PrinterBack)
    ));
}

#[test]
fn one_copy_of_the_receipt_on_screen_is_offered_and_a_second_refused() {
    let mut s = state();
    captured(&mut s);
    // No printer, no copy to print.
    assert!(!available_actions(&s).contains(&Action::PrintCopy));
    let mut s = with_printer();
    captured(&mut s);
    assert!(available_actions(&s).contains(&Action::PrintCopy));
    let fx = update(&mut s, Msg::Key(Key::Char('K')));
    let [Effect::PrintCopy { receipt: r, .. }] = fx.as_slice() else {
        panic!("one copy to print: {fx:?}");
    };
    assert_eq!(r.number, 7);
    // Asked once: not offered again for this receipt.
    assert!(!available_actions(&s).contains(&Action::PrintCopy));
    assert!(update(&mut s, Msg::Key(Key::Char('K'))).is_empty());
    // The journal already had its copy (a restart in between): said, nothing printed.
    update(&mut s, Msg::CopyPrinted(Err(CopyRefused::AlreadyMade)));
    assert_eq!(
        s.notice.as_ref().map(|n| (&n.level, &n.say)),
        Some((&Level::Warning, &Say::CopyAlreadyMade))
    );
}
