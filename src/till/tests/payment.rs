//! Paying: journal, create, webhook and poll, capture; what ends a payment without money.

use super::*;

#[test]
fn member_checkout_by_poll_captures_once() {
    let mut s = state();
    // A printer is configured: the issued receipt goes to it.
    s.status.printer = crate::printer::PrinterState::Starting;
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    let fx = status(&mut s, &r, poll, ok_status(PayState::Created, 0, 0));
    assert_eq!(
        fx,
        vec![Effect::PollPayment {
            reference: r.clone(),
            after_ms: 2000,
            poll
        }]
    );
    let fx = status(&mut s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    assert_eq!(
        fx,
        vec![Effect::Capture {
            reference: r.clone(),
            amount: Money::new(2490, Currency::Nok),
            idempotency_key: format!("{r}-capture"),
        }]
    );
    // The same news again (webhook, a second poll) does not capture twice.
    let again = status(&mut s, &r, poll, ok_status(PayState::Authorized, 2490, 0));
    assert!(again.is_empty());
    let fx = update(
        &mut s,
        Msg::Captured {
            reference: r.clone(),
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    assert_eq!(
        fx[0],
        Effect::CloseSale {
            reference: r.clone(),
            outcome: SaleOutcome::Captured
        }
    );
    assert!(s.payment.is_none());
    // The receipt is numbered only when the store issues it.
    assert!(s.done.is_none());
    let after = issue(&mut s, &fx, 1);
    assert!(matches!(after.as_slice(), [Effect::PrintReceipt(r)] if r.number == 1));
    let done = s.done.as_ref().unwrap();
    assert_eq!(done.receipt.bottom_line.receipt_number, "000001");
    assert_eq!(done.issued.tenders.len(), 1);
    assert_eq!(done.total.minor, 2490);
    assert!(s.basket.is_empty() && s.customer.is_none());
}

#[test]
fn webhook_before_the_create_response() {
    let mut s = state();
    with_basket(&mut s);
    act(&mut s, Action::Pay);
    let r = "till1-000001".to_string();
    update(
        &mut s,
        Msg::SaleOpened {
            reference: r.clone(),
            receipt_number: "000001".into(),
        },
    );
    let fx = update(
        &mut s,
        Msg::PaymentEvent {
            reference: r.clone(),
            name: EventName::Authorized,
            success: true,
        },
    );
    assert_eq!(fx.len(), 1);
    let fx = status(&mut s, &r, None, ok_status(PayState::Authorized, 2490, 0));
    assert!(matches!(fx.as_slice(), [Effect::Capture { .. }]));
    // The late create response must not restart the wait.
    let fx = update(
        &mut s,
        Msg::PaymentCreated {
            reference: r.clone(),
            result: Ok(()),
        },
    );
    assert!(fx.is_empty());
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Capturing);
}

#[test]
fn a_due_poll_asks_only_while_the_payment_is_watched() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    assert_eq!(
        update(
            &mut s,
            Msg::PollDue {
                reference: r.clone(),
                poll
            }
        ),
        vec![Effect::FetchPayment {
            reference: r.clone(),
            poll
        }]
    );
    // A timer of an older chain, or one that fires after the sale ended, costs no call.
    assert!(update(
        &mut s,
        Msg::PollDue {
            reference: r.clone(),
            poll: Some(999)
        }
    )
    .is_empty());
    press(&mut s, Key::Esc);
    press(&mut s, Key::Enter);
    update(
        &mut s,
        Msg::Cancelled {
            reference: r.clone(),
            result: Ok(ok_status(PayState::Terminated, 0, 0)),
        },
    );
    assert!(update(&mut s, Msg::PollDue { reference: r, poll }).is_empty());
}

#[test]
fn stale_poll_chain_does_not_fork() {
    let mut s = state();
    let r = waiting(&mut s);
    let fx = status(&mut s, &r, Some(999), ok_status(PayState::Created, 0, 0));
    assert!(fx.is_empty());
}

#[test]
fn rejected_expired_terminated_return_to_the_basket() {
    for (state_, want) in [
        (PayState::Aborted, Say::Rejected),
        (PayState::Expired, Say::Expired),
        (PayState::Terminated, Say::CancelledOk),
    ] {
        let mut s = state();
        let r = waiting(&mut s);
        let poll = poll_token(&s);
        let fx = status(&mut s, &r, poll, ok_status(state_, 0, 0));
        assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
        assert!(s.payment.is_none());
        assert_eq!(s.basket.lines.len(), 1, "basket kept");
        assert_eq!(s.notice.as_ref().unwrap().say, want);
        // Paying again opens a new sale (new receipt number and reference).
        let fx = act(&mut s, Action::Pay);
        assert!(matches!(fx.as_slice(), [Effect::OpenSale { .. }]));
    }
}

#[test]
fn create_refused_returns_to_basket_and_unknown_outcome_polls() {
    let mut s = state();
    with_basket(&mut s);
    act(&mut s, Action::Pay);
    update(
        &mut s,
        Msg::SaleOpened {
            reference: "till1-000001".into(),
            receipt_number: "000001".into(),
        },
    );
    let fx = update(
        &mut s,
        Msg::PaymentCreated {
            reference: "till1-000001".into(),
            result: Err(fail(
                "customer not found",
                Some(ApiCode::Other("7010".into())),
                false,
            )),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
    assert!(s.payment.is_none());

    let mut s = state();
    with_basket(&mut s);
    act(&mut s, Action::Pay);
    update(
        &mut s,
        Msg::SaleOpened {
            reference: "till1-000001".into(),
            receipt_number: "000001".into(),
        },
    );
    let fx = update(
        &mut s,
        Msg::PaymentCreated {
            reference: "till1-000001".into(),
            result: Err(fail("timeout", None, true)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::PollPayment { .. }]));
    // The poll says the API never heard of it: the sale goes back to the basket.
    let poll = poll_token(&s);
    update(
        &mut s,
        Msg::PaymentStatus {
            reference: "till1-000001".into(),
            poll,
            result: Err(fail("not found", Some(ApiCode::NotFound), false)),
        },
    );
    assert!(s.payment.is_none());
}

#[test]
fn api_trouble_slows_the_poll_and_is_shown() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Err(fail("503", None, false)),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::PollPayment {
            reference: r,
            after_ms: 10_000,
            poll
        }]
    );
    assert!(matches!(s.status.api, ApiHealth::Degraded(_)));
}

#[test]
fn recovered_capture_already_done_finishes_without_capturing_again() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    let fx = status(
        &mut s,
        &r,
        poll,
        ok_status(PayState::Authorized, 2490, 2490),
    );
    assert_eq!(
        fx[0],
        Effect::CloseSale {
            reference: r,
            outcome: SaleOutcome::Captured
        }
    );
    assert!(matches!(fx[1], Effect::IssueReceipt { .. }));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Capture { .. })));
}

fn opened(s: &mut State) {
    with_basket(s);
    update(s, Msg::Action(Action::Pay));
    update(
        s,
        Msg::SaleOpened {
            reference: "till1-000001".into(),
            receipt_number: "000001".into(),
        },
    );
}

/// 17.9: an outage is not a rejection. A create that never got through says so, keeps the
/// basket and offers F8 again; a create whose answer was lost and that the API never heard
/// of says the same.
#[test]
fn an_outage_is_said_as_an_outage_and_f8_tries_again() {
    let mut s = state();
    opened(&mut s);
    let mut down = fail("cannot reach Vipps: connection refused", None, false);
    down.kind = FailKind::Unreachable;
    update(
        &mut s,
        Msg::PaymentCreated {
            reference: "till1-000001".into(),
            result: Err(down),
        },
    );
    assert!(s.payment.is_none());
    assert_eq!(
        s.notice.as_ref().unwrap().say,
        Say::VippsDown {
            kind: FailKind::Unreachable
        }
    );
    assert_eq!(s.basket.lines.len(), 1);
    assert!(available_actions(&s).contains(&Action::Pay));
    assert!(matches!(s.status.api, ApiHealth::Degraded(_)));

    let mut s = state();
    opened(&mut s);
    let mut e500 = fail("Vipps answered 502: Bad Gateway", None, true);
    e500.kind = FailKind::ServerError;
    update(
        &mut s,
        Msg::PaymentCreated {
            reference: "till1-000001".into(),
            result: Err(e500),
        },
    );
    let poll = poll_token(&s);
    update(
        &mut s,
        Msg::PaymentStatus {
            reference: "till1-000001".into(),
            poll,
            result: Err(fail("not found", Some(ApiCode::NotFound), false)),
        },
    );
    assert!(s.payment.is_none());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::VippsDown { .. }
    ));
}

/// 17.9: "API: trouble" goes away with the next answer from the API.
#[test]
fn api_health_recovers_with_the_next_answer() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    let mut slow = fail("Vipps did not answer in time", None, true);
    slow.kind = FailKind::Timeout;
    update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Err(slow),
        },
    );
    assert!(matches!(s.status.api, ApiHealth::Degraded(_)));
    // A cancel's answer is an answer too, not only a poll's.
    press(&mut s, Key::Esc);
    press(&mut s, Key::Enter);
    update(
        &mut s,
        Msg::Cancelled {
            reference: r,
            result: Ok(ok_status(PayState::Terminated, 0, 0)),
        },
    );
    assert_eq!(s.status.api, ApiHealth::Ok);
}
