//! The tender step: cash with change and rounding in three markets, card, split tender in
//! both orders, a failed Vipps part, issuing and its failure, reference renewal on 4020.

use super::*;
use crate::domain::{DrawerReason, IssuedReceipt, ReceiptKind, Tender, TenderKind};

pub(super) fn market(country: Country, currency: Currency) -> State {
    let mut set = settings(CaptureMode::Auto);
    set.country = country;
    set.currency = currency;
    let mut s = State::new(set);
    update(&mut s, Msg::Tick { now_ms: 1_000_000 });
    s
}

/// One item of `price` scanned, nobody identified.
pub(super) fn anonymous_basket(s: &mut State, price: i64) {
    update(
        s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    let mut hit = product(MILK, price);
    hit.product.price = price;
    update(
        s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(hit)),
        },
    );
    assert!(s.customer.is_none());
    assert_eq!(s.basket.total().minor, price);
}

pub(super) fn typed(s: &mut State, text: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        fx.extend(update(s, Msg::Key(Key::Char(c))));
    }
    fx
}

pub(super) fn draft_of(fx: &[Effect]) -> IssuedReceipt {
    fx.iter()
        .find_map(|e| match e {
            Effect::IssueReceipt { draft, .. } => Some((**draft).clone()),
            _ => None,
        })
        .expect("an IssueReceipt effect")
}

#[test]
fn anonymous_cash_sale_rounds_and_gives_change() {
    let mut s = state();
    // A printer is configured: the issued receipt goes to it.
    s.status.printer = crate::printer::PrinterState::Starting;
    anonymous_basket(&mut s, 20_975);
    update(&mut s, Msg::Key(Key::Char('c')));
    assert!(matches!(s.dialog, Some(Dialog::Cash { .. })));
    typed(&mut s, "250");
    let fx = update(&mut s, Msg::Key(Key::Enter));
    let d = draft_of(&fx);
    assert_eq!(
        d.tenders,
        vec![Tender {
            kind: TenderKind::Cash {
                tendered: 25_000,
                change: 4_000
            },
            amount: 21_000
        }]
    );
    assert_eq!(
        d.rounding, 25,
        "209,75 → 210,00 in cash, the 25 øre on their own"
    );
    assert_eq!(d.customer, None);
    let after = issue(&mut s, &fx, 7);
    assert!(after.contains(&Effect::OpenDrawer(DrawerReason::Sale)));
    assert!(after
        .iter()
        .any(|e| matches!(e, Effect::PrintReceipt(r) if r.number == 7)));
    let done = s.done.as_ref().unwrap();
    assert_eq!(done.issued.change(), 4_000);
    assert!(matches!(s.notice.as_ref().unwrap().say, Say::Issued { .. }));
    assert!(s.tender.is_none() && s.basket.is_empty());
    assert_eq!(s.drawer.expected, 21_000);
}

#[test]
fn exact_cash_is_two_keys_from_the_basket_and_notes_have_quick_keys() {
    let mut s = state();
    anonymous_basket(&mut s, 4_990);
    update(&mut s, Msg::Key(Key::Char('c')));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    let d = draft_of(&fx);
    assert_eq!(d.tenders[0].amount, 5_000);
    assert_eq!(d.change(), 0);
    assert_eq!(d.rounding, 10);

    let mut s = state();
    anonymous_basket(&mut s, 4_990);
    update(&mut s, Msg::Key(Key::Char('c')));
    // F4 is the 500-krone note.
    let fx = update(&mut s, Msg::Key(Key::F(4)));
    let d = draft_of(&fx);
    assert_eq!(
        d.tenders[0].kind,
        TenderKind::Cash {
            tendered: 50_000,
            change: 45_000
        }
    );
}

#[test]
fn cash_rounds_by_market() {
    // Denmark: 50 øre.
    let mut s = market(Country::Denmark, Currency::Dkk);
    anonymous_basket(&mut s, 1_224);
    update(&mut s, Msg::Key(Key::Char('c')));
    let d = draft_of(&update(&mut s, Msg::Key(Key::Enter)));
    assert_eq!((d.tenders[0].amount, d.rounding), (1_200, -24));
    d.check().unwrap();
    // Finland: 5 cent.
    let mut s = market(Country::Finland, Currency::Eur);
    anonymous_basket(&mut s, 1_203);
    update(&mut s, Msg::Key(Key::Char('c')));
    typed(&mut s, "20");
    let d = draft_of(&update(&mut s, Msg::Key(Key::Enter)));
    assert_eq!((d.tenders[0].amount, d.rounding), (1_205, 2));
    assert_eq!(d.change(), 795);
    // Norway: whole kroner.
    let mut s = market(Country::Norway, Currency::Nok);
    anonymous_basket(&mut s, 1_249);
    update(&mut s, Msg::Key(Key::Char('c')));
    let d = draft_of(&update(&mut s, Msg::Key(Key::Enter)));
    assert_eq!((d.tenders[0].amount, d.rounding), (1_200, -49));
}

#[test]
fn cash_that_no_coin_can_make_is_refused() {
    let mut s = state();
    anonymous_basket(&mut s, 20_975);
    update(&mut s, Msg::Key(Key::Char('c')));
    typed(&mut s, "209,75");
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert!(fx.is_empty());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::BadCashAmount { .. }
    ));
    assert!(s.tender.as_ref().unwrap().parts.is_empty());
    assert!(
        matches!(s.dialog, Some(Dialog::Cash { .. })),
        "the cashier types again"
    );
}

#[test]
fn card_sale_records_the_terminal_approval_exactly() {
    let mut s = state();
    anonymous_basket(&mut s, 20_975);
    update(&mut s, Msg::Key(Key::Char('k')));
    match &s.dialog {
        Some(Dialog::Card { input }) => assert_eq!(input, "209,75"),
        other => panic!("{other:?}"),
    }
    let fx = update(&mut s, Msg::Key(Key::Enter));
    let d = draft_of(&fx);
    assert_eq!(
        d.tenders,
        vec![Tender {
            kind: TenderKind::Card { note: None },
            amount: 20_975
        }]
    );
    assert_eq!(d.rounding, 0);
    let after = issue(&mut s, &fx, 1);
    assert!(!after.iter().any(|e| matches!(e, Effect::OpenDrawer(_))));
}

#[test]
fn a_card_amount_over_what_is_owed_is_refused() {
    let mut s = state();
    anonymous_basket(&mut s, 1_000);
    update(&mut s, Msg::Key(Key::Char('k')));
    for _ in 0..5 {
        update(&mut s, Msg::Key(Key::Backspace));
    }
    typed(&mut s, "20");
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::BadTenderAmount { .. }
    ));
}

/// The Vipps part from `OpenSale` to captured; returns the effects of the capture.
fn vipps_part(s: &mut State, fx: &[Effect], amount: i64, n: u32) -> Vec<Effect> {
    match fx {
        [Effect::OpenSale { amount: a, .. }] => assert_eq!(a.minor, amount),
        other => panic!("{other:?}"),
    }
    let reference = format!("till1-a1b2c3d4-{n:06}");
    let fx = update(
        s,
        Msg::SaleOpened {
            reference: reference.clone(),
            receipt_number: format!("{n:06}"),
        },
    );
    assert!(
        matches!(fx.as_slice(), [Effect::CreatePayment { amount: a, .. }] if a.minor == amount)
    );
    update(
        s,
        Msg::PaymentCreated {
            reference: reference.clone(),
            result: Ok(()),
        },
    );
    let poll = s.payment.as_ref().map(|p| p.poll_token);
    let fx = update(
        s,
        Msg::PaymentStatus {
            reference: reference.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, amount, 0)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::Capture { amount: a, .. }] if a.minor == amount));
    update(
        s,
        Msg::Captured {
            reference,
            result: Ok(ok_status(PayState::Authorized, amount, amount)),
        },
    )
}

#[test]
fn split_vipps_first_then_cash() {
    let mut s = state();
    with_basket(&mut s);
    s.basket.lines[0].unit_price = 20_975;
    // Type 100 in the cash dialog, F8: that much goes to Vipps.
    update(&mut s, Msg::Key(Key::Char('c')));
    typed(&mut s, "100");
    let fx = update(&mut s, Msg::Key(Key::F(8)));
    let fx = vipps_part(&mut s, &fx, 10_000, 1);
    assert!(!fx.iter().any(|e| matches!(e, Effect::IssueReceipt { .. })));
    assert_eq!(s.tender.as_ref().unwrap().owed(), 10_975);
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::StillOwed { .. }
    ));
    update(&mut s, Msg::Key(Key::Char('c')));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    let d = draft_of(&fx);
    assert_eq!(d.tenders.len(), 2);
    assert!(matches!(d.tenders[0].kind, TenderKind::Vipps { .. }));
    assert_eq!(d.tenders[0].amount, 10_000, "Vipps is exact");
    assert_eq!(d.tenders[1].amount, 11_000);
    assert_eq!(d.rounding, 25, "only the cash part is rounded");
    d.check().unwrap();
}

#[test]
fn split_cash_first_then_vipps() {
    let mut s = state();
    with_basket(&mut s);
    s.basket.lines[0].unit_price = 20_975;
    update(&mut s, Msg::Key(Key::Char('c')));
    typed(&mut s, "100");
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    assert_eq!(s.tender.as_ref().unwrap().owed(), 10_975);
    // F8 at the tender step: Vipps for what is still owed, exact.
    let fx = update(&mut s, Msg::Key(Key::F(8)));
    let fx = vipps_part(&mut s, &fx, 10_975, 2);
    let d = draft_of(&fx);
    assert_eq!(
        d.tenders[0].kind,
        TenderKind::Cash {
            tendered: 10_000,
            change: 0
        }
    );
    assert_eq!(d.tenders[1].amount, 10_975);
    assert_eq!(d.rounding, 0);
    d.check().unwrap();
}

#[test]
fn a_failed_vipps_part_leaves_the_rest_of_the_sale_as_it_was() {
    let mut s = state();
    with_basket(&mut s);
    s.basket.lines[0].unit_price = 20_975;
    update(&mut s, Msg::Key(Key::Char('c')));
    typed(&mut s, "100");
    update(&mut s, Msg::Key(Key::Enter));
    update(&mut s, Msg::Key(Key::F(8)));
    let r = "till1-a1b2c3d4-000003".to_string();
    update(
        &mut s,
        Msg::SaleOpened {
            reference: r.clone(),
            receipt_number: "000003".into(),
        },
    );
    update(
        &mut s,
        Msg::PaymentCreated {
            reference: r.clone(),
            result: Ok(()),
        },
    );
    let poll = s.payment.as_ref().map(|p| p.poll_token);
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r,
            poll,
            result: Ok(ok_status(PayState::Expired, 0, 0)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
    assert!(s.payment.is_none());
    let t = s.tender.as_ref().unwrap();
    assert_eq!(t.parts.len(), 1, "the cash part stays");
    assert_eq!(t.owed(), 10_975);
    // Esc cannot drop a sale with money in it.
    update(&mut s, Msg::Key(Key::Esc));
    assert!(s.tender.is_some());
    // And the rest can go by card.
    update(&mut s, Msg::Key(Key::Char('k')));
    let d = draft_of(&update(&mut s, Msg::Key(Key::Enter)));
    assert_eq!(d.tenders[1].kind, TenderKind::Card { note: None });
    assert_eq!(d.tenders[1].amount, 10_975);
}

#[test]
fn vipps_for_an_identified_customer_stays_one_key() {
    let mut s = state();
    with_basket(&mut s);
    let fx = update(&mut s, Msg::Key(Key::F(8)));
    assert!(matches!(fx.as_slice(), [Effect::OpenSale { amount, .. }] if amount.minor == 2490));
}

#[test]
fn f8_without_a_customer_asks_for_the_phone() {
    let mut s = state();
    anonymous_basket(&mut s, 2_490);
    let fx = update(&mut s, Msg::Key(Key::F(8)));
    assert!(fx.is_empty());
    assert!(matches!(s.dialog, Some(Dialog::Phone { .. })));
}

#[test]
fn the_basket_is_locked_at_the_tender_step_and_esc_goes_back() {
    let mut s = state();
    anonymous_basket(&mut s, 2_490);
    update(&mut s, Msg::Key(Key::Char('c')));
    update(&mut s, Msg::Key(Key::Esc));
    assert!(s.dialog.is_none() && s.tender.is_some());
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert!(fx.is_empty());
    assert!(matches!(s.notice.as_ref().unwrap().say, Say::BusyPaying));
    update(&mut s, Msg::Key(Key::Esc));
    assert!(s.tender.is_none());
    assert_eq!(s.basket.lines.len(), 1);
}

#[test]
fn a_receipt_the_store_could_not_issue_is_issued_again_with_enter() {
    let mut s = state();
    anonymous_basket(&mut s, 2_490);
    update(&mut s, Msg::Key(Key::Char('k')));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    let draft = draft_of(&fx);
    update(
        &mut s,
        Msg::ReceiptIssued {
            foreground: true,
            result: Err(NotIssued {
                draft: Box::new(draft.clone()),
                reason: "disk full".into(),
            }),
        },
    );
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::IssueFailed { .. }
    ));
    assert!(s.done.is_none());
    let again = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        draft_of(&again),
        draft,
        "the same receipt, no second card payment"
    );
    // While it is out, Enter does nothing more.
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
}

#[test]
fn a_background_receipt_the_store_refused_goes_again_after_the_next_one() {
    let mut s = state();
    let r = waiting(&mut s);
    update(&mut s, Msg::Key(Key::F(9)));
    let poll = Some(s.background[0].poll_token);
    update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, 2490, 0)),
        },
    );
    let fx = update(
        &mut s,
        Msg::Captured {
            reference: r,
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    let lost = draft_of(&fx);
    update(
        &mut s,
        Msg::ReceiptIssued {
            foreground: false,
            result: Err(NotIssued {
                draft: Box::new(lost.clone()),
                reason: "database is locked".into(),
            }),
        },
    );
    assert_eq!(s.unissued, vec![lost.clone()]);
    // The next sale is issued: the kept one goes with it.
    anonymous_basket(&mut s, 1_000);
    update(&mut s, Msg::Key(Key::Char('k')));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    let after = issue(&mut s, &fx, 2);
    assert!(after.contains(&Effect::IssueReceipt {
        draft: Box::new(lost),
        foreground: false
    }));
    assert!(s.unissued.is_empty());
}

#[test]
fn a_used_reference_is_renewed_once_and_the_cashier_is_told() {
    let mut s = state();
    with_basket(&mut s);
    update(&mut s, Msg::Key(Key::F(8)));
    let r = "till1-a1b2c3d4-000001".to_string();
    update(
        &mut s,
        Msg::SaleOpened {
            reference: r.clone(),
            receipt_number: "000001".into(),
        },
    );
    let fx = update(
        &mut s,
        Msg::PaymentCreated {
            reference: r.clone(),
            result: Err(fail(
                "Idempotency conflict",
                Some(ApiCode::ReferenceUsed),
                false,
            )),
        },
    );
    assert!(matches!(
        fx.as_slice(),
        [Effect::CloseSale { outcome, .. }, Effect::OpenSale { amount, .. }]
            if *outcome == SaleOutcome::Failed && amount.minor == 2490
    ));
    assert!(matches!(s.notice.as_ref().unwrap().say, Say::NewReference));
    // A second 4020 is a fault to show, not a loop.
    let r2 = "till1-a1b2c3d4-000002".to_string();
    update(
        &mut s,
        Msg::SaleOpened {
            reference: r2.clone(),
            receipt_number: "000002".into(),
        },
    );
    let fx = update(
        &mut s,
        Msg::PaymentCreated {
            reference: r2,
            result: Err(fail(
                "Idempotency conflict",
                Some(ApiCode::ReferenceUsed),
                false,
            )),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::PaymentRefused { .. }
    ));
}

#[test]
fn action_names_are_unique_and_the_new_ones_are_there() {
    let all = [
        Action::Help,
        Action::Phone,
        Action::Enroll,
        Action::Search,
        Action::Quantity,
        Action::Discount,
        Action::Void,
        Action::Pay,
        Action::Capture,
        Action::Release,
        Action::CancelPayment,
        Action::Background,
        Action::Recall,
        Action::Refund,
        Action::NewSale,
        Action::Quit,
        Action::DemoScanMember,
        Action::DemoScanGuest,
        Action::DemoScanProduct,
        Action::DemoApprove,
        Action::DemoReject,
        Action::PayCash,
        Action::PayCard,
        Action::BackToBasket,
        Action::IssueAgain,
        Action::RefundNext,
        Action::ParkBasket,
        Action::ResumeBasket,
        Action::ReturnSale,
        Action::ReturnNoReceipt,
        Action::OpeningFloat,
        Action::CashIn,
        Action::CashOut,
        Action::CountCash,
    ];
    let names: std::collections::HashSet<_> = all.iter().map(|a| a.name()).collect();
    assert_eq!(names.len(), all.len());
    for n in [
        "pay_cash",
        "pay_card",
        "park_basket",
        "resume_basket",
        "return_sale",
        "cash_in",
        "cash_out",
        "count_cash",
    ] {
        assert!(names.contains(n), "{n}");
    }
    assert!(all
        .iter()
        .all(|a| a.name().chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    let _ = ReceiptKind::Sale;
}

#[test]
fn a_split_part_found_after_a_restart_is_said_not_issued_alone() {
    let mut s = state();
    with_basket(&mut s);
    let customer = s.customer.clone().unwrap();
    let basket = s.basket.clone();
    s.basket = crate::domain::Basket::new(Currency::Nok);
    s.customer = None;
    let r = "till1-a1b2c3d4-000004".to_string();
    update(
        &mut s,
        Msg::Resume(Payment {
            reference: r.clone(),
            receipt_number: "000004".into(),
            customer,
            amount: Money::new(1_000, Currency::Nok),
            basket,
            step: PayStep::Waiting,
            expires_at_ms: 0,
            poll_token: 0,
            captured: 0,
        }),
    );
    let fx = update(
        &mut s,
        Msg::Captured {
            reference: r,
            result: Ok(ok_status(PayState::Authorized, 1_000, 1_000)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::PartWithoutReceipt { .. }
    ));
}
