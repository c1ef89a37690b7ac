//! Identifying the customer: scans, typed numbers, membership, check-in, enrolment.

use super::*;

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
    let fx = act(&mut s, Action::Pay);
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
            result: Ok(msisdn()),
        },
    );
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    let fx = update(
        &mut s,
        Msg::QrExchanged {
            result: Err(fail(
                "invalid QR",
                Some(ApiCode::Other("4060".into())),
                false,
            )),
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
    press(&mut s, Key::F(2));
    for c in "9123".chars() {
        press(&mut s, Key::Char(c));
    }
    match &s.dialog {
        Some(Dialog::Phone { input, error }) => {
            assert_eq!(input, "9123");
            assert!(error.as_deref().unwrap().contains("8 digits"));
        }
        other => panic!("{other:?}"),
    }
    // Letters are not accepted at all.
    press(&mut s, Key::Char('x'));
    for c in "4567".chars() {
        press(&mut s, Key::Char(c));
    }
    assert!(matches!(&s.dialog, Some(Dialog::Phone { error: None, .. })));
    let fx = press(&mut s, Key::Enter);
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
    let fx = act(&mut s, Action::Pay);
    assert!(fx.is_empty());
    assert!(matches!(s.dialog, Some(Dialog::Phone { .. })));
    press(&mut s, Key::Esc);
    update(&mut s, Msg::Scan { payload: QR.into() });
    assert_eq!(s.basket.lines.len(), 1);
    assert_eq!(s.customer.as_ref().unwrap().msisdn, msisdn());
}

#[test]
fn non_member_enrols_with_ciba() {
    let mut s = guest();
    assert!(available_actions(&s).contains(&Action::Enroll));
    let fx = press(&mut s, Key::F(3));
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
            result: Ok(EnrolStart {
                auth_req_id: "req-1".into(),
                expires_in_s: 600,
                interval_s: 5,
            }),
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
        let mut s = enrolling(600);
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
    let mut s = guest();
    act(&mut s, Action::Enroll);
    update(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Err(fail(
                "The customer's app is too old",
                Some(ApiCode::Other("old_app".into())),
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
    let mut s = enrolling(60);
    update(
        &mut s,
        Msg::Tick {
            now_ms: 1_000_000 + 120_000,
        },
    );
    assert_eq!(s.notice.as_ref().unwrap().say, Say::EnrolExpired);
}

#[test]
fn a_burst_into_an_open_field_is_typing_and_a_qr_closes_it() {
    let mut s = state();
    press(&mut s, Key::F(2));
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
    press(&mut s, Key::F(2));
    let fx = update(&mut s, Msg::Scan { payload: QR.into() });
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    assert!(s.dialog.is_none());
    // A product scanned during a search is added.
    let mut s = state();
    press(&mut s, Key::F(4));
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
}

/// A customer who is not a member, identified by their QR.
fn guest() -> State {
    let mut s = state();
    update(&mut s, Msg::Scan { payload: QR.into() });
    update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    s
}

/// A guest whose enrolment is waiting on their phone (auth_req_id `r`, interval 5 s).
fn enrolling(expires_in_s: u64) -> State {
    let mut s = guest();
    act(&mut s, Action::Enroll);
    update(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Ok(EnrolStart {
                auth_req_id: "r".into(),
                expires_in_s,
                interval_s: 5,
            }),
        },
    );
    s
}
