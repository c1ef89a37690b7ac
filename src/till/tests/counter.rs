//! The busy counter: page keys, keyed-in codes, open-price lines, weighed lines, percent
//! discounts, F8 waiting for the number, the bell, fading warnings, a changed customer and a
//! stopped enrolment.

use super::*;
use crate::domain::{Line, Unit};

fn key(s: &mut State, k: Key) -> Vec<Effect> {
    update(s, Msg::Key(k))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        key(s, Key::Char(c));
    }
}

fn gtin(body: &str) -> Gtin {
    (0..10)
        .find_map(|c| Gtin::parse(&format!("{body}{c}")).ok())
        .unwrap()
}

/// `n` lines of different items.
fn long_basket(s: &mut State, n: u32) {
    for i in 0..n {
        let code = gtin(&format!("70000000{i:04}"));
        let mut hit = product(code.as_str(), 1000);
        hit.product.name = format!("Vare {i}");
        update(
            s,
            Msg::ProductLooked {
                code,
                result: Ok(Some(hit)),
            },
        );
    }
}

fn shrimp(grams: u32) -> ProductHit {
    let mut hit = product("2012345000001", 18990);
    hit.product.name = "Reker".into();
    hit.product.unit = Unit::Kilogram;
    hit.quantity = Quantity::Grams(grams);
    hit
}

fn looked(s: &mut State, hit: ProductHit) -> Vec<Effect> {
    let code = hit.product.gtin.clone();
    update(
        s,
        Msg::ProductLooked {
            code,
            result: Ok(Some(hit)),
        },
    )
}

fn says(s: &State) -> Option<&Say> {
    s.notice.as_ref().map(|n| &n.say)
}

#[test]
fn page_keys_move_through_a_long_basket() {
    let mut s = state();
    long_basket(&mut s, 35);
    assert_eq!(s.selected, Some(34));
    key(&mut s, Key::PageUp);
    assert_eq!(s.selected, Some(24));
    key(&mut s, Key::Home);
    assert_eq!(s.selected, Some(0));
    key(&mut s, Key::PageUp);
    assert_eq!(s.selected, Some(0));
    key(&mut s, Key::PageDown);
    assert_eq!(s.selected, Some(10));
    key(&mut s, Key::End);
    assert_eq!(s.selected, Some(34));
    key(&mut s, Key::PageDown);
    assert_eq!(s.selected, Some(34));
    // An empty basket has nothing to page through.
    let mut empty = state();
    key(&mut empty, Key::PageDown);
    assert_eq!(empty.selected, None);
}

#[test]
fn no_default_key_is_a_digit() {
    let map = Keymap::default();
    for d in '0'..='9' {
        assert_eq!(map.actions_for(Key::Char(d)).count(), 0, "{d}");
    }
}

#[test]
fn digits_typed_by_hand_are_a_barcode_and_enter_adds_it() {
    let mut s = state();
    typed(&mut s, "703801000945");
    assert_eq!(s.keyed.as_deref(), Some("703801000945"));
    key(&mut s, Key::Backspace);
    typed(&mut s, "57");
    assert_eq!(s.keyed.as_deref(), Some("7038010009457"));
    let fx = key(&mut s, Key::Enter);
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
    assert_eq!(s.keyed, None);
    // A wrong check digit is said, as for a scan.
    typed(&mut s, "7038010009458");
    assert_eq!(key(&mut s, Key::Enter), Vec::new());
    assert!(matches!(
        says(&s),
        Some(Say::ScanUnknown(
            crate::domain::Unreadable::CheckDigit { .. }
        ))
    ));
}

#[test]
fn a_short_number_is_looked_up_like_a_search_and_esc_drops_an_entry() {
    let mut s = state();
    typed(&mut s, "4011");
    let fx = key(&mut s, Key::Enter);
    assert_eq!(fx, vec![Effect::SearchProducts("4011".into())]);
    assert!(matches!(&s.dialog, Some(Dialog::Search { query, .. }) if query == "4011"));
    key(&mut s, Key::Esc);
    typed(&mut s, "12");
    key(&mut s, Key::Esc);
    assert_eq!(s.keyed, None);
    assert_eq!(says(&s), Some(&Say::KeyedDropped));
    // A digit the shop bound to an action stays that action.
    let mut s = state();
    s.settings.keys = Keymap::with_overrides([("search", "4")]).unwrap();
    key(&mut s, Key::Char('4'));
    assert_eq!(s.keyed, None);
    assert!(matches!(s.dialog, Some(Dialog::Search { .. })));
}

#[test]
fn no_entry_is_keyed_while_a_payment_is_out() {
    let mut s = state();
    waiting(&mut s);
    key(&mut s, Key::Char('7'));
    assert_eq!(s.keyed, None);
}

#[test]
fn an_unknown_barcode_is_sold_at_an_open_price() {
    let mut s = state();
    let code = gtin("703801099999");
    update(
        &mut s,
        Msg::ProductLooked {
            code: code.clone(),
            result: Ok(None),
        },
    );
    assert!(matches!(&s.dialog, Some(Dialog::OpenPrice { code: c, .. }) if c == code.as_str()));
    // Nothing typed, or zero, is not a price: the dialog stays.
    key(&mut s, Key::Enter);
    assert_eq!(says(&s), Some(&Say::BadOpenPrice));
    assert!(matches!(s.dialog, Some(Dialog::OpenPrice { .. })));
    typed(&mut s, "49,90");
    // Tab to the second VAT group: 15 % (food) in Norway.
    key(&mut s, Key::Tab);
    key(&mut s, Key::Enter);
    assert_eq!(s.dialog, None);
    let line = &s.basket.lines[0];
    assert_eq!(line.gtin, code);
    assert_eq!(line.unit_price, 4990);
    assert_eq!(line.vat.basis_points(), 1500);
    assert_eq!(line.quantity, Quantity::Pieces(1));
    // It is an ordinary line: held like any other (and so journaled with the receipt).
    let fx = step(&mut s, Msg::Key(Key::Char('+')));
    assert!(fx.iter().any(|e| matches!(e, Effect::HoldBasket { .. })));
}

#[test]
fn plus_and_minus_on_a_weighed_line_say_why_they_do_nothing() {
    let mut s = state();
    looked(&mut s, shrimp(532));
    key(&mut s, Key::Char('+'));
    assert_eq!(s.basket.lines[0].quantity, Quantity::Grams(532));
    assert_eq!(
        says(&s),
        Some(&Say::WeighedNoStep {
            name: "Reker".into()
        })
    );
}

#[test]
fn f5_leaves_a_weight_from_a_scale_label_but_takes_a_typed_one() {
    let mut s = state();
    looked(&mut s, shrimp(532));
    key(&mut s, Key::F(5));
    assert_eq!(s.dialog, None);
    assert_eq!(
        says(&s),
        Some(&Say::WeightFromLabel {
            name: "Reker".into()
        })
    );
    // Weighed at the till: the weight typed can be corrected with F5.
    let mut s = state();
    looked(&mut s, shrimp(0));
    typed(&mut s, "400");
    key(&mut s, Key::Enter);
    assert_eq!(s.basket.lines[0].quantity, Quantity::Grams(400));
    key(&mut s, Key::F(5));
    typed(&mut s, "450");
    key(&mut s, Key::Enter);
    assert_eq!(s.basket.lines[0].quantity, Quantity::Grams(450));
}

#[test]
fn a_percent_discount_may_have_a_decimal() {
    let mut s = state();
    with_basket(&mut s);
    key(&mut s, Key::F(6));
    typed(&mut s, "12,5 %");
    key(&mut s, Key::Enter);
    assert_eq!(s.dialog, None);
    let line: &Line = &s.basket.lines[0];
    assert_eq!(line.percent, Some(125));
    // 12,5 % of 24,90 is 3,1125: 3,11.
    assert_eq!(line.discount_amount(), 311);
    for bad in ["12,55%", "101%", ",5%", "1,2,3%"] {
        key(&mut s, Key::F(6));
        typed(&mut s, bad);
        key(&mut s, Key::Enter);
        assert_eq!(says(&s), Some(&Say::BadDiscount), "{bad}");
        key(&mut s, Key::Esc);
    }
    assert_eq!(basket_ops::parse_tenths("7"), Some(70));
    assert_eq!(basket_ops::parse_tenths("12.5"), Some(125));
}

#[test]
fn f8_that_asked_for_the_number_goes_on_to_pay_once_it_is_typed() {
    let mut s = state();
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2490))),
        },
    );
    key(&mut s, Key::F(8));
    assert!(matches!(s.dialog, Some(Dialog::Phone { .. })));
    // The cashier closes it, then types the number with F2 after all.
    key(&mut s, Key::Esc);
    key(&mut s, Key::F(2));
    typed(&mut s, "91234567");
    assert_eq!(
        key(&mut s, Key::Enter),
        vec![Effect::LookupMember(msisdn())]
    );
    let fx = update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    assert!(
        matches!(fx.as_slice(), [Effect::OpenSale { amount, .. }] if amount.minor == 2490),
        "{fx:?}"
    );
}

#[test]
fn f8_waiting_for_the_number_is_forgotten_when_the_basket_changes() {
    let mut s = state();
    looked(&mut s, product(MILK, 2490));
    key(&mut s, Key::F(8));
    key(&mut s, Key::Esc);
    key(&mut s, Key::Char('+'));
    key(&mut s, Key::F(2));
    typed(&mut s, "91234567");
    key(&mut s, Key::Enter);
    let fx = update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    assert_eq!(fx, Vec::new());
    assert!(s.payment.is_none());
}

#[test]
fn f8_waiting_for_the_number_is_forgotten_when_the_cashier_chooses_cash() {
    let mut s = state();
    looked(&mut s, product(MILK, 2490));
    key(&mut s, Key::F(8));
    key(&mut s, Key::Esc);
    key(&mut s, Key::Char('c'));
    assert!(matches!(s.dialog, Some(Dialog::Cash { .. })));
    key(&mut s, Key::Esc);
    key(&mut s, Key::F(2));
    typed(&mut s, "91234567");
    key(&mut s, Key::Enter);
    let fx = update(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    assert_eq!(fx, Vec::new());
}

#[test]
fn errors_and_refused_scans_ring_the_bell() {
    let mut s = state();
    let fx = step(
        &mut s,
        Msg::Scan {
            payload: "hello".into(),
        },
    );
    assert!(fx.contains(&Effect::Bell));
    // A scan into a quantity field is refused: it rings too.
    with_basket(&mut s);
    key(&mut s, Key::F(5));
    let fx = step(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert!(fx.contains(&Effect::Bell));
    key(&mut s, Key::Esc);
    let fx = step(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Err("disk I/O error".into()),
        },
    );
    assert!(fx.contains(&Effect::Bell));
    // An item added is no reason to ring.
    let fx = step(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2490))),
        },
    );
    assert!(!fx.contains(&Effect::Bell));
}

#[test]
fn an_old_warning_fades_when_a_later_action_works() {
    let mut s = state();
    with_basket(&mut s);
    key(&mut s, Key::F(6));
    typed(&mut s, "999");
    key(&mut s, Key::Enter);
    key(&mut s, Key::Esc);
    assert_eq!(says(&s), Some(&Say::BadDiscount));
    // Selection alone changes nothing: the warning stays.
    key(&mut s, Key::Up);
    assert_eq!(says(&s), Some(&Say::BadDiscount));
    key(&mut s, Key::Char('+'));
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(2));
    assert_eq!(s.notice, None);
}

#[test]
fn a_changed_customer_mid_basket_is_said() {
    let mut s = state();
    with_basket(&mut s);
    let other = Msisdn::parse("41234567", Country::Norway).unwrap();
    key(&mut s, Key::F(2));
    typed(&mut s, "41234567");
    key(&mut s, Key::Enter);
    update(
        &mut s,
        Msg::MemberLooked {
            msisdn: other.clone(),
            result: Ok(None),
        },
    );
    assert_eq!(
        says(&s),
        Some(&Say::CustomerChanged {
            shown: other.masked()
        })
    );
    assert_eq!(s.customer.as_ref().map(|c| &c.msisdn), Some(&other));
    // Identifying the first customer of an empty basket is no change.
    let mut s = state();
    update(&mut s, Msg::Scan { payload: QR.into() });
    assert_eq!(s.notice, None);
}

/// A guest whose enrolment waits for consent on the phone.
fn enrolling(s: &mut State) {
    update(s, Msg::Scan { payload: QR.into() });
    update(
        s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(None),
        },
    );
    let fx = key(s, Key::F(3));
    assert!(matches!(fx.as_slice(), [Effect::StartEnrol { .. }]));
    let fx = update(
        s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Ok(crate::till::msg::EnrolStart {
                auth_req_id: "auth-1".into(),
                expires_in_s: 300,
                interval_s: 5,
            }),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::PollEnrol { .. }]));
}

#[test]
fn an_enrolment_in_progress_is_stopped_after_asking() {
    let mut s = state();
    enrolling(&mut s);
    assert!(keys::available_actions(&s).contains(&Action::CancelEnrol));
    assert!(!keys::available_actions(&s).contains(&Action::Enroll));
    key(&mut s, Key::F(3));
    assert_eq!(s.dialog, Some(Dialog::ConfirmCancelEnrol));
    // Any other key keeps the enrolment.
    key(&mut s, Key::Char('n'));
    assert!(s.enrolment.is_some());
    key(&mut s, Key::F(3));
    key(&mut s, Key::Enter);
    assert_eq!(s.enrolment, None);
    assert_eq!(says(&s), Some(&Say::EnrolCancelled));
    // The poll that was out comes back: no further poll is asked for.
    let fx = update(
        &mut s,
        Msg::EnrolPolled {
            auth_req_id: "auth-1".into(),
            result: EnrolPoll::Pending,
        },
    );
    assert_eq!(fx, Vec::new());
    // The guest can be asked again.
    assert!(keys::available_actions(&s).contains(&Action::Enroll));
}

#[test]
fn a_consent_that_beat_the_cancel_still_shows_the_member() {
    let mut s = state();
    enrolling(&mut s);
    key(&mut s, Key::F(3));
    key(&mut s, Key::Enter);
    let fx = update(
        &mut s,
        Msg::EnrolPolled {
            auth_req_id: "auth-1".into(),
            result: EnrolPoll::Enrolled(member()),
        },
    );
    assert_eq!(fx, Vec::new());
    assert!(matches!(
        s.customer.as_ref().map(|c| &c.membership),
        Some(Membership::Member { .. })
    ));
}

#[test]
fn a_click_selects_a_line_but_not_past_the_end_or_behind_a_dialog() {
    let mut s = state();
    long_basket(&mut s, 3);
    update(&mut s, Msg::SelectLine(1));
    assert_eq!(s.selected, Some(1));
    update(&mut s, Msg::SelectLine(7));
    assert_eq!(s.selected, Some(1));
    key(&mut s, Key::F(4));
    update(&mut s, Msg::SelectLine(0));
    assert_eq!(s.selected, Some(1));
}
