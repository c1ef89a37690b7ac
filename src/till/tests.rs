//! The sale, driven message by message, with no I/O.

use super::*;
use crate::config::{CaptureMode, Environment, Language};
use crate::domain::{
    Country, Currency, Gtin, Member, MemberSource, Money, Msisdn, Product, Quantity, Unit, VatRate,
};

fn settings(capture: CaptureMode) -> Settings {
    Settings {
        pos_id: "till1".into(),
        shop_name: "Test".into(),
        country: Country::Norway,
        currency: Currency::Nok,
        capture,
        checkin: true,
        language: Language::English,
        environment: Environment::Test,
        login_scopes: "openid name phoneNumber".into(),
    }
}

fn state() -> State {
    let mut s = State::new(settings(CaptureMode::Auto));
    update(&mut s, Msg::Tick { now_ms: 1_000_000 });
    s
}

fn msisdn() -> Msisdn {
    Msisdn::parse("91234567", Country::Norway).unwrap()
}

const QR: &str = "https://qr.vipps.no/28/2/01/031/4791234567?v=1";
const MILK: &str = "7038010009457";

fn member() -> Member {
    Member {
        msisdn: msisdn(),
        sub: Some("sub-1".into()),
        name: Some("Kari Nordmann".into()),
        email: None,
        enrolled_at: 0,
        source: MemberSource::Login,
        consents: None,
    }
}

fn product(gtin: &str, price: i64) -> ProductHit {
    ProductHit {
        product: Product {
            gtin: Gtin::parse(gtin).unwrap(),
            name: "Lettmelk".into(),
            price,
            vat: VatRate::from_basis_points(1500).unwrap(),
            unit: Unit::Piece,
            variable: None,
        },
        quantity: Quantity::Pieces(1),
        price_override: None,
    }
}

fn ok_status(state: PayState, authorized: i64, captured: i64) -> PaymentStatus {
    PaymentStatus {
        state,
        authorized,
        captured,
        cancelled: 0,
        refunded: 0,
    }
}

fn fail(message: &str, code: Option<&str>, unknown: bool) -> ApiFailure {
    ApiFailure {
        message: message.into(),
        code: code.map(str::to_string),
        unknown_outcome: unknown,
    }
}

/// A member scanned in and one milk in the basket.
fn with_basket(s: &mut State) {
    let fx = update(s, Msg::Scan { payload: QR.into() });
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    update(
        s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(Some(member())),
        },
    );
    let fx = update(
        s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
    update(
        s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2490))),
        },
    );
}

/// Pay pressed, sale journaled, create answered: the payment waits for the customer.
fn waiting(s: &mut State) -> String {
    with_basket(s);
    let fx = update(s, Msg::Action(Action::Pay));
    assert!(matches!(fx.as_slice(), [Effect::OpenSale { .. }]));
    let reference = "till1-000001".to_string();
    let fx = update(
        s,
        Msg::SaleOpened {
            reference: reference.clone(),
            receipt_number: "000001".into(),
        },
    );
    match fx.as_slice() {
        [Effect::CreatePayment {
            reference: r,
            idempotency_key,
            msisdn: m,
            ..
        }] => {
            assert_eq!(r, &reference);
            assert_eq!(idempotency_key, "till1-000001-create");
            assert_eq!(m, &msisdn());
        }
        other => panic!("{other:?}"),
    }
    let fx = update(
        s,
        Msg::PaymentCreated {
            reference: reference.clone(),
            result: Ok(()),
        },
    );
    assert!(matches!(
        fx.as_slice(),
        [Effect::PollPayment {
            after_ms: 5000,
            poll: Some(_),
            ..
        }]
    ));
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Waiting);
    reference
}

fn poll_token(s: &State) -> Option<u64> {
    Some(s.payment.as_ref().unwrap().poll_token)
}

#[test]
fn member_scan_looks_up_and_checks_in() {
    let mut s = state();
    s.settings.checkin = true;
    update(&mut s, Msg::Scan { payload: QR.into() });
    assert_eq!(s.customer.as_ref().unwrap().membership, Membership::Looking);
    let fx = update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(Some(member())),
        },
    );
    assert_eq!(fx, vec![Effect::CheckIn { msisdn: msisdn() }]);
    let c = s.customer.as_ref().unwrap();
    assert_eq!(
        c.membership,
        Membership::Member {
            name: Some("Kari Nordmann".into())
        }
    );
    assert_eq!(c.checkin, CheckIn::Sending);
}

#[test]
fn checkin_failure_never_blocks_the_sale() {
    let mut s = state();
    with_basket(&mut s);
    update(
        &mut s,
        Msg::CheckedIn {
            msisdn: msisdn(),
            result: Err(fail("500 from check-in", None, false)),
        },
    );
    assert!(matches!(
        s.customer.as_ref().unwrap().checkin,
        CheckIn::Failed(_)
    ));
    let fx = update(&mut s, Msg::Action(Action::Pay));
    assert!(matches!(fx.as_slice(), [Effect::OpenSale { .. }]));
}

#[test]
fn tokenized_qr_goes_through_the_exchange() {
    let mut s = state();
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: "https://qr.vipps.no/p/abcdef123".into(),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::ExchangeQr("https://qr.vipps.no/p/abcdef123".into())]
    );
    let fx = update(
        &mut s,
        Msg::QrExchanged {
            raw: "https://qr.vipps.no/p/abcdef123".into(),
            result: Ok(msisdn()),
        },
    );
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    let fx = update(
        &mut s,
        Msg::QrExchanged {
            raw: "x".into(),
            result: Err(fail("invalid QR", Some("4060"), false)),
        },
    );
    assert!(fx.is_empty());
    assert_eq!(s.notice.as_ref().unwrap().level, Level::Error);
}

#[test]
fn garbage_scan_is_a_warning_not_a_change() {
    let mut s = state();
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: "\u{1b}[2Jgarbage".into(),
        },
    );
    assert!(fx.is_empty());
    assert!(s.customer.is_none() && s.basket.is_empty());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::ScanUnknown(_)
    ));
}

#[test]
fn phone_dialog_validates_as_you_type() {
    let mut s = state();
    update(&mut s, Msg::Key(Key::F(2)));
    for c in "9123".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    match &s.dialog {
        Some(Dialog::Phone { input, error }) => {
            assert_eq!(input, "9123");
            assert!(error.as_deref().unwrap().contains("8 digits"));
        }
        other => panic!("{other:?}"),
    }
    // Letters are not accepted at all.
    update(&mut s, Msg::Key(Key::Char('x')));
    for c in "4567".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    assert!(matches!(&s.dialog, Some(Dialog::Phone { error: None, .. })));
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    assert!(s.dialog.is_none());
}

#[test]
fn customer_can_come_after_the_wares() {
    let mut s = state();
    update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2490))),
        },
    );
    // Pay with no customer asks for one.
    let fx = update(&mut s, Msg::Action(Action::Pay));
    assert!(fx.is_empty());
    assert!(matches!(s.dialog, Some(Dialog::Phone { .. })));
    update(&mut s, Msg::Key(Key::Esc));
    update(&mut s, Msg::Scan { payload: QR.into() });
    assert_eq!(s.basket.lines.len(), 1);
    assert_eq!(s.customer.as_ref().unwrap().msisdn, msisdn());
}

#[test]
fn non_member_enrols_with_ciba() {
    let mut s = state();
    update(&mut s, Msg::Scan { payload: QR.into() });
    update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    assert!(available_actions(&s).contains(&Action::Enroll));
    let fx = update(&mut s, Msg::Key(Key::F(3)));
    let binding = match fx.as_slice() {
        [Effect::StartEnrol {
            binding_message, ..
        }] => binding_message.clone(),
        other => panic!("{other:?}"),
    };
    assert!(binding.len() >= 5 && binding.len() <= 8);
    assert!(binding
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
    let fx = update(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Ok(("req-1".into(), 600, 5)),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::PollEnrol {
            auth_req_id: "req-1".into(),
            msisdn: msisdn(),
            after_ms: 5000
        }]
    );
    let fx = update(
        &mut s,
        Msg::EnrolPolled {
            auth_req_id: "req-1".into(),
            result: EnrolPoll::Pending,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::PollEnrol {
            auth_req_id: "req-1".into(),
            msisdn: msisdn(),
            after_ms: 5000
        }]
    );
    let fx = update(
        &mut s,
        Msg::EnrolPolled {
            auth_req_id: "req-1".into(),
            result: EnrolPoll::SlowDown,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::PollEnrol {
            auth_req_id: "req-1".into(),
            msisdn: msisdn(),
            after_ms: 10_000
        }]
    );
    // A stale answer for another login changes nothing.
    let fx = update(
        &mut s,
        Msg::EnrolPolled {
            auth_req_id: "other".into(),
            result: EnrolPoll::Denied,
        },
    );
    assert!(fx.is_empty());
    update(
        &mut s,
        Msg::EnrolPolled {
            auth_req_id: "req-1".into(),
            result: EnrolPoll::Enrolled(member()),
        },
    );
    assert!(s.enrolment.is_none());
    assert!(matches!(
        s.customer.as_ref().unwrap().membership,
        Membership::Member { .. }
    ));
}

#[test]
fn enrolment_denied_expired_and_old_app_are_told_plainly() {
    for (result, want) in [
        (EnrolPoll::Denied, Say::EnrolDenied),
        (EnrolPoll::Expired, Say::EnrolExpired),
    ] {
        let mut s = state();
        update(&mut s, Msg::Scan { payload: QR.into() });
        update(
            &mut s,
            Msg::MemberLooked {
                msisdn: msisdn(),
                result: Ok(None),
            },
        );
        update(&mut s, Msg::Action(Action::Enroll));
        update(
            &mut s,
            Msg::EnrolStarted {
                msisdn: msisdn(),
                result: Ok(("r".into(), 600, 5)),
            },
        );
        update(
            &mut s,
            Msg::EnrolPolled {
                auth_req_id: "r".into(),
                result,
            },
        );
        assert_eq!(s.notice.as_ref().unwrap().say, want);
        // The cashier may try again.
        assert!(available_actions(&s).contains(&Action::Enroll));
    }
    let mut s = state();
    update(&mut s, Msg::Scan { payload: QR.into() });
    update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    update(&mut s, Msg::Action(Action::Enroll));
    update(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Err(fail(
                "The customer's app is too old",
                Some("old_app"),
                false,
            )),
        },
    );
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::EnrolStartFailed { .. }
    ));
}

#[test]
fn enrolment_the_api_never_answers_expires_locally() {
    let mut s = state();
    update(&mut s, Msg::Scan { payload: QR.into() });
    update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    update(&mut s, Msg::Action(Action::Enroll));
    update(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Ok(("r".into(), 60, 5)),
        },
    );
    update(
        &mut s,
        Msg::Tick {
            now_ms: 1_000_000 + 120_000,
        },
    );
    assert_eq!(s.notice.as_ref().unwrap().say, Say::EnrolExpired);
}

#[test]
fn basket_quantity_discount_void() {
    let mut s = state();
    with_basket(&mut s);
    update(&mut s, Msg::Key(Key::Char('+')));
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(2));
    update(&mut s, Msg::Key(Key::F(5)));
    update(&mut s, Msg::Key(Key::Char('4')));
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(4));
    update(&mut s, Msg::Key(Key::F(6)));
    for c in "10%".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.basket.lines[0].discount, 996);
    update(&mut s, Msg::Key(Key::F(6)));
    for c in "5,50".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(s.basket.lines[0].discount, 550);
    // A discount above the line is refused and the dialog stays.
    update(&mut s, Msg::Key(Key::F(6)));
    for c in "999".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    update(&mut s, Msg::Key(Key::Enter));
    assert!(matches!(s.dialog, Some(Dialog::Discount { .. })));
    update(&mut s, Msg::Key(Key::Esc));
    update(&mut s, Msg::Key(Key::Delete));
    assert!(s.basket.is_empty());
    assert_eq!(s.selected, None);
}

#[test]
fn search_adds_the_chosen_product() {
    let mut s = state();
    update(&mut s, Msg::Key(Key::F(4)));
    update(&mut s, Msg::Key(Key::Char('m')));
    let fx = update(&mut s, Msg::Key(Key::Char('e')));
    assert_eq!(fx, vec![Effect::SearchProducts("me".into())]);
    update(
        &mut s,
        Msg::SearchDone {
            query: "me".into(),
            result: Ok(vec![product(MILK, 2490).product]),
        },
    );
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
    // A result for an older query is dropped.
    update(&mut s, Msg::Key(Key::F(4)));
    update(
        &mut s,
        Msg::SearchDone {
            query: "zz".into(),
            result: Ok(vec![product(MILK, 1).product]),
        },
    );
    assert!(matches!(&s.dialog, Some(Dialog::Search { results, .. }) if results.is_empty()));
}

#[test]
fn member_checkout_by_poll_captures_once() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Created, 0, 0)),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::PollPayment {
            reference: r.clone(),
            after_ms: 2000,
            poll
        }]
    );
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, 2490, 0)),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Capture {
            reference: r.clone(),
            amount: Money::new(2490, Currency::Nok),
            idempotency_key: format!("{r}-capture"),
        }]
    );
    // The same news again (webhook, a second poll) does not capture twice.
    let again = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, 2490, 0)),
        },
    );
    assert!(again.is_empty());
    let fx = update(
        &mut s,
        Msg::Captured {
            reference: r.clone(),
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::CloseSale {
            reference: r.clone(),
            outcome: "captured".into()
        }]
    );
    assert!(s.payment.is_none());
    let done = s.done.as_ref().unwrap();
    assert_eq!(done.receipt.bottom_line.receipt_number, "000001");
    assert_eq!(done.total.minor, 2490);
    assert!(s.basket.is_empty() && s.customer.is_none());
}

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
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll: None,
            result: Ok(ok_status(PayState::Created, 0, 0)),
        },
    );
    assert!(fx.is_empty());
}

#[test]
fn webhook_before_the_create_response() {
    let mut s = state();
    with_basket(&mut s);
    update(&mut s, Msg::Action(Action::Pay));
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
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll: None,
            result: Ok(ok_status(PayState::Authorized, 2490, 0)),
        },
    );
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
    update(&mut s, Msg::Key(Key::Esc));
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
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r,
            poll: Some(999),
            result: Ok(ok_status(PayState::Created, 0, 0)),
        },
    );
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
        let fx = update(
            &mut s,
            Msg::PaymentStatus {
                reference: r.clone(),
                poll,
                result: Ok(ok_status(state_, 0, 0)),
            },
        );
        assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
        assert!(s.payment.is_none());
        assert_eq!(s.basket.lines.len(), 1, "basket kept");
        assert_eq!(s.notice.as_ref().unwrap().say, want);
        // Paying again opens a new sale (new receipt number and reference).
        let fx = update(&mut s, Msg::Action(Action::Pay));
        assert!(matches!(fx.as_slice(), [Effect::OpenSale { .. }]));
    }
}

#[test]
fn create_refused_returns_to_basket_and_unknown_outcome_polls() {
    let mut s = state();
    with_basket(&mut s);
    update(&mut s, Msg::Action(Action::Pay));
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
            result: Err(fail("customer not found", Some("7010"), false)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::CloseSale { .. }]));
    assert!(s.payment.is_none());

    let mut s = state();
    with_basket(&mut s);
    update(&mut s, Msg::Action(Action::Pay));
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
            result: Err(fail("not found", Some(payment::CODE_NOT_FOUND), false)),
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
fn cashier_cancels_before_approval() {
    let mut s = state();
    let r = waiting(&mut s);
    let fx = update(&mut s, Msg::Key(Key::Esc));
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
    update(
        &mut s,
        Msg::Cancelled {
            reference: r.clone(),
            result: Err(fail("already authorized", Some("6060"), false)),
        },
    );
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Authorized);
    assert_eq!(s.notice.as_ref().unwrap().say, Say::ApprovedBeforeCancel);
    // The cashier decides: capture (F11) or release (Esc).
    assert!(available_actions(&s).contains(&Action::Capture));
    let fx = update(&mut s, Msg::Key(Key::Esc));
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
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, 2490, 0)),
        },
    );
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
fn recovered_capture_already_done_finishes_without_capturing_again() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::CloseSale {
            reference: r,
            outcome: "captured".into()
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
    let fx = update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, 2490, 0)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::Capture { .. }]));
    update(
        &mut s,
        Msg::Captured {
            reference: r,
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
    assert!(s.background.is_empty());
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

#[test]
fn refund_by_receipt_number() {
    let mut s = state();
    update(&mut s, Msg::Key(Key::F(10)));
    for c in "000001".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    let fx = update(&mut s, Msg::Key(Key::Enter));
    assert_eq!(fx, vec![Effect::FindSale("000001".into())]);
    update(
        &mut s,
        Msg::SaleFound(Ok(SaleSummary {
            reference: "till1-000001".into(),
            receipt_number: "000001".into(),
            total: Money::new(2490, Currency::Nok),
            captured: 2490,
            refunded: 1000,
            refund_count: 1,
        })),
    );
    match &s.dialog {
        Some(Dialog::RefundAmount { input, .. }) => assert_eq!(input, "14,90"),
        other => panic!("{other:?}"),
    }
    // More than is left is refused.
    for _ in 0..5 {
        update(&mut s, Msg::Key(Key::Backspace));
    }
    for c in "20".chars() {
        update(&mut s, Msg::Key(Key::Char(c)));
    }
    assert!(update(&mut s, Msg::Key(Key::Enter)).is_empty());
    for _ in 0..2 {
        update(&mut s, Msg::Key(Key::Backspace));
    }
    update(&mut s, Msg::Key(Key::Char('5')));
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

#[test]
fn no_shopping_while_a_payment_is_out() {
    let mut s = state();
    waiting(&mut s);
    assert!(update(
        &mut s,
        Msg::Scan {
            payload: MILK.into()
        }
    )
    .is_empty());
    assert_eq!(s.notice.as_ref().unwrap().say, Say::BusyPaying);
    assert!(update(&mut s, Msg::Key(Key::F(8))).is_empty());
    // Quitting mid-payment asks first.
    update(&mut s, Msg::Key(Key::CtrlC));
    assert_eq!(s.dialog, Some(Dialog::ConfirmQuit));
    assert!(!s.quit);
}

#[test]
fn after_done_the_next_scan_starts_a_new_sale() {
    let mut s = state();
    let r = waiting(&mut s);
    let poll = poll_token(&s);
    update(
        &mut s,
        Msg::PaymentStatus {
            reference: r.clone(),
            poll,
            result: Ok(ok_status(PayState::Authorized, 2490, 0)),
        },
    );
    update(
        &mut s,
        Msg::Captured {
            reference: r,
            result: Ok(ok_status(PayState::Authorized, 2490, 2490)),
        },
    );
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
fn below_minimum_and_empty_basket_are_refused() {
    let mut s = state();
    update(&mut s, Msg::Scan { payload: QR.into() });
    assert!(update(&mut s, Msg::Action(Action::Pay)).is_empty());
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 50))),
        },
    );
    assert!(update(&mut s, Msg::Action(Action::Pay)).is_empty());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::BelowMinimum { .. }
    ));
}

#[test]
fn demo_keys_only_in_demo_mode() {
    let mut s = state();
    assert!(update(&mut s, Msg::Key(Key::Char('m'))).is_empty());
    s.settings.environment = Environment::Demo;
    assert_eq!(
        update(&mut s, Msg::Key(Key::Char('m'))),
        vec![Effect::DemoScan(DemoScan::Member)]
    );
}

#[test]
fn a_burst_into_an_open_field_is_typing_and_a_qr_closes_it() {
    let mut s = state();
    update(&mut s, Msg::Key(Key::F(2)));
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: "91234567".into(),
        },
    );
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    assert!(s.dialog.is_none());
    // A customer's QR scanned while the phone dialog is open identifies them.
    let mut s = state();
    update(&mut s, Msg::Key(Key::F(2)));
    let fx = update(&mut s, Msg::Scan { payload: QR.into() });
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    assert!(s.dialog.is_none());
    // A product scanned during a search is added.
    let mut s = state();
    update(&mut s, Msg::Key(Key::F(4)));
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
}
