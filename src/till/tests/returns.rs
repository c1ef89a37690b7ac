//! Returns to each tender, some lines or all; park and resume; float, pay-in/out, count.

use super::tender::{anonymous_basket, draft_of, typed};
use super::*;
use crate::domain::{
    IssuedReceipt, JournalEvent, ReceiptKind, ReceiptLine, ReturnOf, Tender, TenderKind,
};

/// A sales receipt of two lines (209,75 + 24,90 = 234,65) paid with `tenders`.
fn sale(tenders: Vec<Tender>, rounding: i64) -> IssuedReceipt {
    let mut b = crate::domain::Basket::new(Currency::Nok);
    b.lines.push(product(MILK, 20_975).line());
    b.lines.push(product("7049901000194", 2_490).line());
    let r = IssuedReceipt {
        kind: ReceiptKind::Sale,
        training: false,
        number: 41,
        pos_id: "till1".into(),
        cashier: None,
        issued_at: 1_764_633_600,
        utc_offset_min: 60,
        currency: Currency::Nok,
        lines: ReceiptLine::from_basket(&b, ReceiptKind::Sale),
        tenders,
        rounding,
        customer: None,
        member: false,
        return_of: None,
    };
    r.check().unwrap();
    r
}

fn found(s: &mut State, receipt: IssuedReceipt, refunds: Vec<RefundsMade>) {
    update(s, Msg::Key(Key::Char('r')));
    typed(s, "41");
    let fx = update(s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::FindReceipt {
            pos_id: "till1".into(),
            number: 41
        }]
    );
    update(
        s,
        Msg::ReceiptFound(Ok(Some(FoundReceipt {
            receipt,
            already_returned: false,
            refunds,
        }))),
    );
    assert!(matches!(s.dialog, Some(Dialog::ReturnLines { .. })));
}

#[test]
fn a_whole_return_to_cash_pays_out_of_the_drawer() {
    let mut s = state();
    // A printer is configured: the drawer is kicked through it.
    s.status.printer = crate::printer::PrinterState::Starting;
    let paid = sale(
        vec![Tender {
            kind: TenderKind::Cash {
                tendered: 25_000,
                change: 1_500,
            },
            amount: 23_500,
        }],
        35,
    );
    found(&mut s, paid, Vec::new());
    update(&mut s, Msg::Key(Key::Enter));
    let t = s.tender.as_ref().unwrap();
    assert_eq!(t.kind, ReceiptKind::Return);
    assert_eq!(
        t.owed(),
        23_500,
        "234,65 back, in cash rounded like the sale"
    );
    let fx = update(&mut s, Msg::Key(Key::Enter));
    let d = draft_of(&fx);
    assert_eq!(d.kind, ReceiptKind::Return);
    assert_eq!(d.total(), -23_465);
    assert_eq!(d.tenders[0].amount, -23_500);
    assert_eq!(d.rounding, -35);
    assert_eq!(
        d.return_of,
        Some(ReturnOf {
            pos_id: "till1".into(),
            number: 41
        })
    );
    d.check().unwrap();
    let after = issue(&mut s, &fx, 1);
    assert!(after.contains(&Effect::OpenDrawer(crate::domain::DrawerReason::Sale)));
    assert_eq!(s.drawer.expected, -23_500);
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::ReturnIssued { .. }
    ));
}

#[test]
fn some_lines_back_to_a_card_are_a_terminal_refund() {
    let mut s = state();
    let paid = sale(
        vec![Tender {
            kind: TenderKind::Card { note: None },
            amount: 23_465,
        }],
        0,
    );
    found(&mut s, paid, Vec::new());
    // Keep the first line: only the second (24,90) comes back.
    update(&mut s, Msg::Key(Key::Char(' ')));
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.basket.lines.len(), 1);
    let d = draft_of(&update(&mut s, Msg::Key(Key::Enter)));
    assert_eq!(d.lines.len(), 1);
    assert_eq!(
        d.tenders,
        vec![Tender {
            kind: TenderKind::Card { note: None },
            amount: -2_490
        }]
    );
    assert_eq!(d.rounding, 0);
    d.check().unwrap();
}

#[test]
fn a_return_to_vipps_goes_through_the_refund_api_with_a_key_of_its_own() {
    let mut s = state();
    let r = "till1-a1b2c3d4-000009".to_string();
    let paid = sale(
        vec![Tender {
            kind: TenderKind::Vipps {
                reference: r.clone(),
            },
            amount: 23_465,
        }],
        0,
    );
    // One refund of this payment was made before (F10).
    found(
        &mut s,
        paid,
        vec![RefundsMade {
            reference: r.clone(),
            count: 1,
        }],
    );
    update(&mut s, Msg::Key(Key::Enter));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::Refund {
            reference: r.clone(),
            amount: Money::new(23_465, Currency::Nok),
            idempotency_key: format!("{r}-refund-2"),
        }]
    );
    // A second Enter does not send it twice.
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    // A failure keeps the return; the retry uses the same key.
    update(
        &mut s,
        Msg::Refunded {
            reference: r.clone(),
            amount: Money::new(23_465, Currency::Nok),
            result: Err(fail("timeout", None, true)),
        },
    );
    let again = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(again, fx);
    let fx = update(
        &mut s,
        Msg::Refunded {
            reference: r.clone(),
            amount: Money::new(23_465, Currency::Nok),
            result: Ok(PaymentStatus {
                state: PayState::Authorized,
                authorized: 23_465,
                captured: 23_465,
                cancelled: 0,
                refunded: 23_465,
            }),
        },
    );
    let d = draft_of(&fx);
    assert_eq!(
        d.tenders,
        vec![Tender {
            kind: TenderKind::Vipps { reference: r },
            amount: -23_465
        }]
    );
    d.check().unwrap();
}

#[test]
fn a_split_sale_is_returned_to_vipps_first_then_cash() {
    let mut s = state();
    let r = "till1-a1b2c3d4-000010".to_string();
    let paid = sale(
        vec![
            Tender {
                kind: TenderKind::Vipps {
                    reference: r.clone(),
                },
                amount: 10_000,
            },
            Tender {
                kind: TenderKind::Cash {
                    tendered: 20_000,
                    change: 6_500,
                },
                amount: 13_500,
            },
        ],
        35,
    );
    let crate::till::RefundPlan {
        parts: plan,
        rounding,
    } = crate::till::returns_plan(&paid, 23_465, &[], Country::Norway);
    assert_eq!(plan.len(), 2);
    assert_eq!(plan[0].amount, 10_000);
    assert_eq!((plan[1].amount, rounding), (13_500, 35));
    found(&mut s, paid, Vec::new());
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.tender.as_ref().unwrap().owed(), 23_500);
}

#[test]
fn a_receipt_already_returned_or_not_found_is_said() {
    let mut s = state();
    update(&mut s, Msg::Key(Key::Char('r')));
    typed(&mut s, "RN-till1-000041");
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::FindReceipt {
            pos_id: "till1".into(),
            number: 41
        }]
    );
    update(
        &mut s,
        Msg::ReceiptFound(Ok(Some(FoundReceipt {
            receipt: sale(
                vec![Tender {
                    kind: TenderKind::Card { note: None },
                    amount: 23_465,
                }],
                0,
            ),
            already_returned: true,
            refunds: Vec::new(),
        }))),
    );
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::AlreadyReturned
    ));
    update(&mut s, Msg::ReceiptFound(Ok(None)));
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::ReceiptNotFound
    ));
    assert!(s.tender.is_none());
    // Garbage is refused before anything is asked.
    update(&mut s, Msg::Key(Key::Esc));
    update(&mut s, Msg::Key(Key::Char('r')));
    typed(&mut s, "abc");
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::BadReceiptQuery
    ));
}

#[test]
fn a_return_without_a_receipt_needs_the_shops_permission() {
    let mut s = state();
    anonymous_basket(&mut s, 2_490);
    update(&mut s, Msg::Key(Key::Char('R')));
    assert!(s.tender.is_none());
    s.settings.returns_without_receipt = true;
    update(&mut s, Msg::Key(Key::Char('R')));
    let d = draft_of(&update(&mut s, Msg::Key(Key::Enter)));
    assert_eq!(d.kind, ReceiptKind::Return);
    assert_eq!((d.tenders[0].amount, d.rounding), (-2_500, -10));
    assert_eq!(d.return_of, None);
    d.check().unwrap();
}

#[test]
fn park_and_resume_a_basket() {
    let mut s = state();
    with_basket(&mut s);
    let fx = update(&mut s, Msg::Key(Key::Char('p')));
    assert!(
        matches!(&fx[0], Effect::KeepParked { id: 1, lines, msisdn: Some(_) } if lines.len() == 1)
    );
    assert_eq!(
        fx[1],
        Effect::Journal(JournalEvent::BasketParked {
            id: 1,
            amount: 2_490
        })
    );
    // What the store keeps comes back after a restart, the customer looked up again.
    let Effect::KeepParked {
        id,
        lines,
        msisdn: kept,
    } = fx[0].clone()
    else {
        unreachable!()
    };
    let mut restarted = state();
    crate::till::restore_parked(
        &mut restarted,
        vec![crate::till::KeptBasket {
            id,
            lines,
            msisdn: kept,
        }],
    );
    update(&mut restarted, Msg::Key(Key::Char('h')));
    let again = update(&mut restarted, Msg::Key(Key::Enter));
    assert!(
        again.contains(&Effect::DropParked(1)),
        "{again:?} {:?} {:?}",
        restarted.dialog,
        restarted.notice
    );
    assert!(again.contains(&Effect::LookupMember(msisdn())));
    assert_eq!(restarted.basket.total().minor, 2_490);
    assert!(s.basket.is_empty() && s.customer.is_none());
    // The next customer pays; then the parked one comes back.
    anonymous_basket(&mut s, 1_000);
    update(&mut s, Msg::Key(Key::Char('c')));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    issue(&mut s, &fx, 1);
    update(&mut s, Msg::Key(Key::Enter));
    update(&mut s, Msg::Key(Key::Char('h')));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![
            Effect::DropParked(1),
            Effect::Journal(JournalEvent::BasketResumed {
                id: 1,
                amount: 2_490
            })
        ]
    );
    assert_eq!(s.basket.total().minor, 2_490);
    assert!(
        s.customer.is_some(),
        "the customer comes back with the basket"
    );
    assert!(s.parked.is_empty());
}

#[test]
fn float_pay_in_pay_out_and_count_with_its_difference() {
    let mut s = state();
    // A printer is configured: the drawer is kicked through it.
    s.status.printer = crate::printer::PrinterState::Starting;
    let fx = update(&mut s, Msg::Key(Key::Char('f')));
    assert_eq!(
        fx,
        vec![Effect::OpenDrawer(
            crate::domain::DrawerReason::CashManagement
        )]
    );
    typed(&mut s, "1000");
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::Journal(JournalEvent::OpeningFloat {
            amount: 100_000
        })]
    );
    // A float is the start of a period: a second one (the next day) starts again from it.
    update(&mut s, Msg::Key(Key::Char('f')));
    typed(&mut s, "1000");
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.drawer.expected, 100_000);

    update(&mut s, Msg::Key(Key::Char('i')));
    typed(&mut s, "200");
    // No reason yet: the reason field gets the keys.
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    typed(&mut s, "veksel fra banken");
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::Journal(JournalEvent::CashIn {
            amount: 20_000,
            reason: "veksel fra banken".into()
        })]
    );
    update(&mut s, Msg::Key(Key::Char('u')));
    typed(&mut s, "50");
    update(&mut s, Msg::Key(Key::Tab));
    typed(&mut s, "frimerker");
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Journal(JournalEvent::CashOut { amount: 5_000, .. })]
    ));

    // A cash sale of 24,90 (25,00 in cash).
    anonymous_basket(&mut s, 2_490);
    update(&mut s, Msg::Key(Key::Char('c')));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    issue(&mut s, &fx, 1);
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.drawer.expected, 100_000 + 20_000 - 5_000 + 2_500);

    update(&mut s, Msg::Key(Key::Char('t')));
    typed(&mut s, "1174");
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::Journal(JournalEvent::CashCounted {
            counted: 117_400,
            expected: 117_500
        })]
    );
    match &s.notice.as_ref().unwrap().say {
        Say::Counted { difference, .. } => assert_eq!(difference.minor, -100),
        other => panic!("{other:?}"),
    }
}
