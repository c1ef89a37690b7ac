//! The cashier's other moves around a payment: cancel, capture on confirm, background and
//! recall, the next customer, refunds.

use super::*;

#[test]
fn webhook_is_confirmed_with_a_get_before_capture() {
    let mut s = state();
    let r = waiting(&mut s);
    let fx = update(
        &mut s,
        Msg::PaymentEvent {
            reference: r.clone(),
            name: EventName::Authorized,
            success: true,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::FetchPayment {
            reference: r.clone(),
            poll: None
        }]
    );
    // A failed or irrelevant event does nothing; so does one for a neighbour's payment.
    for (reference, name, success) in [
        (r.clone(), EventName::Authorized, false),
        (r.clone(), EventName::Created, true),
        ("till2-000009-1".to_string(), EventName::Authorized, true),
    ] {
        assert!(update(
            &mut s,
            Msg::PaymentEvent {
                reference,
                name,
                success
            }
        )
        .is_empty());
    }
    // The one-off GET does not start a second poll chain when the payment is still CREATED.
    let fx = status(&mut s, &r, None, ok_status(PayState::Created, 0, 0));
    assert!(fx.is_empty());
}

#[test]
fn cashier_cancels_before_approval() {
    let mut s = state();
    let r = waiting(&mut s);
    // 17.10: Esc asks first; a second Esc keeps the payment, Enter withdraws it.
    assert!(update(&mut s, Msg::Key(Key::Esc)).is_empty());
    assert_eq!(s.dialog, Some(Dialog::ConfirmCancel));
    assert!(update(&mut s, Msg::Key(Key::Esc)).is_empty());
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Waiting);
    update(&mut s, Msg::Key(Key::Esc));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::Cancel {
            reference: r.clone(),
            transaction_only: true,
            idempotency_key: format!("{r}-cancel"),
        }]
    );
    update(
        &mut s,
        Msg::Cancelled {
            reference: r,
            result: Ok(ok_status(PayState::Terminated, 0, 0)),
        },
    );
    assert!(s.payment.is_none());
    assert_eq!(s.basket.lines.len(), 1);
}

#[test]
fn cancel_races_an_approval() {
    let mut s = state();
    let r = waiting(&mut s);
    update(&mut s, Msg::Key(Key::Esc));
    update(&mut s, Msg::Key(Key::Enter));
    update(
        &mut s,
        Msg::Cancelled {
            reference: r.clone(),
            result: Err(fail(
                "already authorized",
                Some(ApiCode::AlreadyAuthorized),
                false,
            )),
        },
    );
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Authorized);
    assert_eq!(s.notice.as_ref().unwrap().say, Say::ApprovedBeforeCancel);
    // The cashier decides: capture (F11) or release (Esc).
    assert!(available_actions(&s).contains(&Action::Capture));
    assert!(update(&mut s, Msg::Key(Key::Esc)).is_empty());
    assert_eq!(s.dialog, Some(Dialog::ConfirmRelease));
    let fx = update(&mut s, Msg::Key(Key::Char('j')));
    assert_eq!(
        fx,
        vec![Effect::Cancel {
            reference: r.clone(),
            transaction_only: false,
            idempotency_key: format!("{r}-release"),
        }]
    );
    update(
        &mut s,
        Msg::Cancelled {
            reference: r,
            result: Ok(PaymentStatus {
                state: PayState::Authorized,
                authorized: 2490,
                captured: 0,
                cancelled: 2490,
                refunded: 0,
            }),
        },
    );
    assert_eq!(s.notice.as_ref().unwrap().say, Say::ReservationReleased);
    assert!(s.payment.is_none());
}

#[test]
fn confirm_mode_waits_for_the_capture_key() {
    let mut s = State::new(settings(CaptureMode::Confirm));
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    let fx = status(&mut s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    assert!(fx.is_empty());
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Authorized);
    let fx = update(&mut s, Msg::Key(Key::F(11)));
    assert!(matches!(fx.as_slice(), [Effect::Capture { .. }]));
    // A failed capture can be retried with the same key.
    update(
        &mut s,
        Msg::Captured {
            reference: r.clone(),
            result: Err(fail("timeout", None, true)),
        },
    );
    let fx = update(&mut s, Msg::Key(Key::F(11)));
    assert_eq!(
        fx,
        vec![Effect::Capture {
            reference: r.clone(),
            amount: Money::new(2490, Currency::Nok),
            idempotency_key: format!("{r}-capture"),
        }]
    );
}

#[test]
fn background_sale_is_finished_while_the_next_customer_shops() {
    let mut s = state();
    let r = waiting(&mut s);
    update(&mut s, Msg::Key(Key::F(9)));
    assert!(s.payment.is_none() && s.basket.is_empty());
    assert_eq!(s.background.len(), 1);
    // Next customer.
    with_basket(&mut s);
    let poll = Some(s.background[0].poll_token);
    let fx = status(&mut s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    assert!(matches!(fx.as_slice(), [Effect::Capture { .. }]));
    let fx = update(
        &mut s,
        Msg::Captured {
            reference: r,
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    assert!(s.background.is_empty());
    // Its receipt is issued on its own, not into the next customer's sale.
    assert!(fx.contains(&Effect::IssueReceipt {
        draft: match &fx[1] {
            Effect::IssueReceipt { draft, .. } => draft.clone(),
            other => panic!("{other:?}"),
        },
        foreground: false
    }));
    issue(&mut s, &fx, 1);
    assert!(s.done.is_none());
    assert_eq!(
        s.basket.lines.len(),
        1,
        "the new customer's basket is untouched"
    );
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::BackgroundPaid { .. }
    ));
}

#[test]
fn recall_brings_a_background_sale_back() {
    let mut s = state();
    let r = waiting(&mut s);
    update(&mut s, Msg::Key(Key::F(9)));
    update(&mut s, Msg::Key(Key::F(9)));
    assert!(matches!(s.dialog, Some(Dialog::Recall { .. })));
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.payment.as_ref().unwrap().reference, r);
    assert_eq!(s.basket.lines.len(), 1);
}

fn found(refund_count: u32) -> SaleSummary {
    SaleSummary {
        reference: "till1-000001".into(),
        receipt_number: "000001".into(),
        total: Money::new(2490, Currency::Nok),
        captured: 2490,
        refunded: 0,
        refund_count,
        pending_refund: None,
    }
}

fn find_and_check(s: &mut State, sale: SaleSummary, api: PaymentStatus) {
    update(s, Msg::Key(Key::F(10)));
    for c in "000001".chars() {
        update(s, Msg::Key(Key::Char(c)));
    }
    let fx = update(s, Msg::Key(Key::Enter));
    assert_eq!(fx, vec![Effect::FindSale("000001".into())]);
    let fx = update(s, Msg::SaleFound(Ok(sale)));
    assert_eq!(
        fx,
        vec![Effect::FetchRefundable {
            reference: "till1-000001".into()
        }]
    );
    update(
        s,
        Msg::RefundableChecked {
            reference: "till1-000001".into(),
            result: Ok(api),
        },
    );
}

/// 17.6 and 17.10: "at most" is what the API shows, the field starts empty, and the refund
/// goes only after its summary was confirmed.
#[test]
fn refund_by_receipt_number() {
    let mut s = state();
    // The store knows of no refund; the API shows 10,00 refunded elsewhere.
    let mut api = ok_status(PayState::Authorized, 2490, 2490);
    api.refunded = 1000;
    find_and_check(&mut s, found(1), api);
    match &s.dialog {
        Some(Dialog::RefundAmount { input, sale, .. }) => {
            assert_eq!(input, "");
            assert_eq!(sale.captured - sale.refunded, 1490);
        }
        other => panic!("{other:?}"),
    }
    // Two Enters do not refund anything: an empty field is refused.
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    // More than is left at the API is refused.
    for c in "20".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    for _ in 0..2 {
        update(&mut s, Msg::Key(Key::Backspace));
    }
    update(&mut s, Msg::Key(Key::Char('5')));
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    assert!(matches!(
        s.dialog,
        Some(Dialog::RefundConfirm { amount: 500, .. })
    ));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::Refund {
            reference: "till1-000001".into(),
            amount: Money::new(500, Currency::Nok),
            idempotency_key: "till1-000001-refund-2".into(),
        }]
    );
}

/// 17.6: a refund that went out without an answer is sent again with its own key and
/// amount before any other: a new key for it could refund twice.
#[test]
fn an_unanswered_refund_goes_again_unchanged() {
    let mut s = state();
    let mut sale = found(2);
    sale.pending_refund = Some(("till1-000001-refund-2".into(), 500));
    find_and_check(&mut s, sale, ok_status(PayState::Authorized, 2490, 2490));
    assert!(matches!(
        s.dialog,
        Some(Dialog::RefundConfirm { amount: 500, .. })
    ));
    // The amount cannot be changed; Enter sends it as it was.
    update(&mut s, Msg::Key(Key::Char('n')));
    assert!(matches!(s.dialog, Some(Dialog::RefundConfirm { .. })));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(
        fx,
        vec![Effect::Refund {
            reference: "till1-000001".into(),
            amount: Money::new(500, Currency::Nok),
            idempotency_key: "till1-000001-refund-2".into(),
        }]
    );
}

/// 17.6: the API could not be asked: no amount is offered from local data alone.
#[test]
fn refund_is_not_offered_when_the_api_cannot_be_asked() {
    let mut s = state();
    update(&mut s, Msg::Key(Key::F(10)));
    update(&mut s, Msg::Key(Key::Char('1')));
    update(&mut s, Msg::Key(Key::Enter));
    update(&mut s, Msg::SaleFound(Ok(found(0))));
    update(
        &mut s,
        Msg::RefundableChecked {
            reference: "till1-000001".into(),
            result: Err(fail("timed out", None, true)),
        },
    );
    assert!(matches!(s.dialog, Some(Dialog::RefundFind { .. })));
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::RefundCheckFailed { .. }
    ));
    // Nothing left at the API: nothing is offered.
    let mut api = ok_status(PayState::Authorized, 2490, 2490);
    api.refunded = 2490;
    update(&mut s, Msg::Key(Key::Esc));
    find_and_check(&mut s, found(0), api);
    assert!(matches!(s.dialog, Some(Dialog::RefundFind { .. })));
    assert_eq!(s.notice.as_ref().unwrap().say, Say::NothingToRefund);
}

#[test]
fn after_done_the_next_scan_starts_a_new_sale() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    status(&mut s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    let fx = update(
        &mut s,
        Msg::Captured {
            reference: r,
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    issue(&mut s, &fx, 1);
    assert!(s.done.is_some());
    update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert!(s.done.is_none());
}

#[test]
fn a_capture_of_less_than_the_sale_is_said_and_can_be_finished() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    status(&mut s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    update(
        &mut s,
        Msg::Captured {
            reference: r.clone(),
            result: Ok(ok_status(PayState::Authorized, 2490, 1000)),
        },
    );
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Authorized);
    assert_eq!(
        s.notice.as_ref().unwrap().say,
        Say::CapturedPart {
            captured: Money::new(1000, Currency::Nok),
            total: Money::new(2490, Currency::Nok),
        }
    );
    // F11 captures what is left, with a key of its own (the first key with another amount
    // would be an idempotency conflict).
    assert_eq!(
        update(&mut s, Msg::Key(Key::F(11))),
        vec![Effect::Capture {
            reference: r.clone(),
            amount: Money::new(1490, Currency::Nok),
            idempotency_key: format!("{r}-capture-1000"),
        }]
    );
}

/// 17.10: a confirm that comes after the payment moved on does nothing.
#[test]
fn a_late_cancel_confirm_does_not_act_on_a_payment_that_moved_on() {
    let mut s = state();
    let r = waiting(&mut s);
    update(&mut s, Msg::Key(Key::Esc));
    let poll = poll_token(&s);
    status(&mut s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Cancel { .. })),
        "{fx:?}"
    );
}

/// 17.10: Ctrl-C with an unpaid basket asks first.
#[test]
fn quit_with_an_unpaid_basket_asks_first() {
    let mut s = state();
    with_basket(&mut s);
    update(&mut s, Msg::Key(Key::CtrlC));
    assert!(!s.quit);
    assert_eq!(s.dialog, Some(Dialog::ConfirmQuit));
    update(&mut s, Msg::Key(Key::Esc));
    assert!(!s.quit);
    update(&mut s, Msg::Key(Key::CtrlC));
    update(&mut s, Msg::Key(Key::Enter));
    assert!(s.quit);
    // An empty till quits at once.
    let mut s = state();
    update(&mut s, Msg::Key(Key::CtrlC));
    assert!(s.quit);
}

/// 17.10: the unpaid basket is written down on every change, let go of when it goes to
/// payment, and comes back at the next start.
#[test]
fn an_unpaid_basket_is_kept_and_comes_back() {
    let mut s = state();
    let fx = step(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::HoldBasket { .. })));
    let fx = step(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2490))),
        },
    );
    assert!(matches!(
        fx.as_slice(),
        [Effect::HoldBasket { seq: 1, basket }] if basket.lines.len() == 1
    ));
    let held = s.basket.clone();
    assert!(step(&mut s, Msg::Tick { now_ms: 2_000_000 }).is_empty());
    // A restart: the basket is back, and nothing is sent anywhere.
    let mut next = state();
    assert!(update(&mut next, Msg::BasketRestored(held.clone())).is_empty());
    assert_eq!(next.basket, held);
    assert_eq!(
        next.notice.as_ref().unwrap().say,
        Say::BasketRestored { lines: 1 }
    );
    // Going to payment lets go of it first (recovery owns a sale once it is opened).
    with_basket(&mut s);
    let fx = step(&mut s, Msg::Action(Action::Pay));
    assert!(matches!(
        fx.as_slice(),
        [Effect::HoldBasket { basket, .. }, Effect::OpenSale { .. }] if basket.is_empty()
    ));
}

/// 17.11: a parked sale that the customer rejects is not lost: it waits in the recall list
/// with its basket and customer, and comes back as an unpaid basket.
#[test]
fn a_rejected_parked_sale_comes_back_from_the_recall_list() {
    let mut s = state();
    let r = waiting(&mut s);
    update(&mut s, Msg::Key(Key::F(9)));
    assert_eq!(s.background.len(), 1);
    let poll = Some(s.background[0].poll_token);
    let fx = status(&mut s, &r, poll, ok_status(PayState::Aborted, 0, 0));
    assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
    assert!(s.background.is_empty());
    assert_eq!(s.failed.len(), 1);
    assert_eq!(s.failed[0].why, Say::Rejected);
    assert!(available_actions(&s).contains(&Action::Recall));
    update(&mut s, Msg::Key(Key::F(9)));
    assert_eq!(s.dialog, Some(Dialog::Recall { selected: 0 }));
    update(&mut s, Msg::Key(Key::Enter));
    assert!(s.failed.is_empty());
    assert!(s.payment.is_none());
    assert_eq!(s.basket.lines.len(), 1);
    assert_eq!(s.customer.as_ref().unwrap().msisdn, msisdn());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::FailedRecalled { .. }
    ));
    // F8 is a new payment of its own.
    let fx = update(&mut s, Msg::Key(Key::F(8)));
    assert!(matches!(fx.as_slice(), [Effect::OpenSale { .. }]));
}

/// 17.11: quitting with failed parked sales in the recall list asks first.
#[test]
fn quit_with_failed_parked_sales_asks_first() {
    let mut s = state();
    let r = waiting(&mut s);
    update(&mut s, Msg::Key(Key::F(9)));
    let poll = Some(s.background[0].poll_token);
    status(&mut s, &r, poll, ok_status(PayState::Expired, 0, 0));
    assert_eq!(s.failed.len(), 1);
    update(&mut s, Msg::Key(Key::CtrlC));
    assert!(!s.quit);
    assert_eq!(s.dialog, Some(Dialog::ConfirmQuit));
}

#[test]
fn recovered_sales_are_shown_until_the_cashier_presses_enter() {
    let mut s = state();
    let notes = vec![Recovered {
        what: "000040".into(),
        note: Recovery::WasCaptured,
    }];
    update(&mut s, Msg::Recovered(notes));
    assert_eq!(s.dialog, Some(Dialog::RecoveredSales { top: 0 }));
    // A stray key (or a scan's digits) does not close it unread.
    update(&mut s, Msg::Key(Key::Char('5')));
    assert_eq!(s.dialog, Some(Dialog::RecoveredSales { top: 0 }));
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.dialog, None);
    assert_eq!(
        s.recovered.len(),
        1,
        "the panel keeps them after the dialog"
    );
    // Nothing recovered: nothing to read.
    let mut quiet = state();
    update(&mut quiet, Msg::Recovered(Vec::new()));
    assert_eq!(quiet.dialog, None);
}
