//! Sign-in at the till: the dialog has the keyboard until a cashier is in, the PIN leaves only
//! as a secret, the journal rows carry who did it, and a till without cashiers sells as before.

use super::*;
use crate::domain::{CashierTag, JournalEvent};
use crate::till::session::{Notice, SignIn, MAX_ATTEMPTS};

fn kari() -> CashierTag {
    CashierTag {
        id: "7".into(),
        name: "Kari".into(),
    }
}

fn with_cashiers(only: Option<&str>) -> State {
    let mut s = state();
    s.signin = Some(SignIn::new(only.map(str::to_string)));
    update(&mut s, Msg::Today(20_000));
    s
}

fn type_keys(s: &mut State, text: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(step(s, Msg::Key(Key::Char(c))));
    }
    out.extend(step(s, Msg::Key(Key::Enter)));
    out
}

#[test]
fn a_till_without_cashiers_sells_under_the_default_cashier() {
    let mut s = state();
    assert!(!crate::till::signin::required(&s));
    assert!(available_actions(&s).contains(&Action::Search));
    assert!(!available_actions(&s).contains(&Action::SignOut));
    let fx = step(&mut s, Msg::Action(Action::Search));
    assert!(fx.is_empty());
    assert!(matches!(s.dialog, Some(Dialog::Search { .. })));
}

#[test]
fn nothing_sells_before_the_sign_in_and_the_pin_goes_out_as_a_secret() {
    let mut s = with_cashiers(None);
    assert!(crate::till::signin::required(&s));
    assert_eq!(available_actions(&s), [Action::Help, Action::Quit]);
    assert!(step(
        &mut s,
        Msg::Scan {
            payload: MILK.into()
        }
    )
    .is_empty());
    assert!(
        s.basket.is_empty(),
        "a scan does not sell before the sign-in"
    );
    assert!(step(&mut s, Msg::Action(Action::Search)).is_empty());
    assert!(s.dialog.is_none());

    assert!(type_keys(&mut s, "7").is_empty());
    let fx = type_keys(&mut s, "4711");
    let [Effect::CheckPin { id, pin }] = fx.as_slice() else {
        panic!("one PIN check expected, got {fx:?}");
    };
    assert_eq!((id.as_str(), pin.expose()), ("7", "4711"));
    assert!(
        !format!("{fx:?}").contains("4711"),
        "the PIN never shows in Debug"
    );

    let fx = step(&mut s, Msg::PinChecked(Ok(Some((kari(), false)))));
    assert_eq!(
        fx,
        [Effect::JournalAs {
            cashier: Some("7".into()),
            event: JournalEvent::SignedIn
        }]
    );
    assert_eq!(s.cashier, Some(kari()), "the receipts carry who sold");
    assert!(!crate::till::signin::required(&s));
    assert!(available_actions(&s).contains(&Action::SignOut));
}

#[test]
fn journal_rows_carry_the_cashier_and_sign_out_is_journaled_under_who_leaves() {
    let mut s = with_cashiers(None);
    type_keys(&mut s, "7");
    type_keys(&mut s, "4711");
    step(&mut s, Msg::PinChecked(Ok(Some((kari(), false)))));
    let fx = step(&mut s, Msg::Action(Action::SignOut));
    assert_eq!(
        fx,
        [Effect::JournalAs {
            cashier: Some("7".into()),
            event: JournalEvent::SignedOut
        }]
    );
    assert_eq!(s.cashier, None);
    assert!(
        crate::till::signin::required(&s),
        "the next cashier signs in"
    );
}

#[test]
fn wrong_pins_are_counted_and_lock_the_dialog() {
    let mut s = with_cashiers(None);
    for _ in 0..MAX_ATTEMPTS {
        type_keys(&mut s, "7");
        type_keys(&mut s, "0000");
        step(&mut s, Msg::PinChecked(Ok(None)));
    }
    let signin = s.signin.as_ref().unwrap();
    assert_eq!(signin.notice, Notice::Locked);
    assert_eq!(signin.failures, MAX_ATTEMPTS);
    assert!(s.cashier.is_none());
    // A store error counts as a failed try too: a broken database is no way past the count.
    type_keys(&mut s, "7");
    type_keys(&mut s, "4711");
    step(&mut s, Msg::PinChecked(Err("disk I/O error".into())));
    assert_eq!(s.signin.as_ref().unwrap().failures, MAX_ATTEMPTS + 1);
    assert!(crate::till::signin::required(&s));
}

#[test]
fn one_cashier_signs_in_once_a_day() {
    let mut s = with_cashiers(Some("7"));
    let fx = type_keys(&mut s, "4711");
    assert!(matches!(fx.as_slice(), [Effect::CheckPin { id, .. }] if id == "7"));
    step(&mut s, Msg::PinChecked(Ok(Some((kari(), true)))));
    assert!(!crate::till::signin::required(&s));
    update(&mut s, Msg::Today(20_000));
    assert!(
        !crate::till::signin::required(&s),
        "the same day: no new sign-in"
    );
    update(&mut s, Msg::Today(20_001));
    assert!(
        crate::till::signin::required(&s),
        "the next day asks for the PIN again"
    );
}

#[test]
fn the_default_cashier_journals_without_an_id() {
    let mut s = state();
    s.drawer.float = None;
    let fx = step(&mut s, Msg::Action(Action::OpeningFloat));
    // Opening the float dialog journals nothing yet; typing the amount does.
    assert!(fx.iter().all(|e| !matches!(e, Effect::Journal(_))));
    let mut fx = Vec::new();
    for c in "500".chars() {
        fx.extend(step(&mut s, Msg::Key(Key::Char(c))));
    }
    fx.extend(step(&mut s, Msg::Key(Key::Enter)));
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::JournalAs {
                cashier: None,
                event: JournalEvent::OpeningFloat { .. }
            }
        )),
        "{fx:?}"
    );
}

#[test]
fn a_new_days_first_sale_reminds_of_the_missing_z_report_once() {
    let mut s = state();
    update(&mut s, Msg::Today(20_000));
    update(&mut s, Msg::ZMissing(true));
    assert!(s.notice.is_none(), "no reminder before a sale begins");
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2500))),
        },
    );
    assert_eq!(s.basket.lines.len(), 1);
    assert_eq!(
        s.notice.as_ref().map(|n| &n.say),
        Some(&Say::ZReportMissing)
    );
    // The next sale the same day is not reminded again.
    reset_sale(&mut s);
    s.notice = None;
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2500))),
        },
    );
    assert_ne!(
        s.notice.as_ref().map(|n| &n.say),
        Some(&Say::ZReportMissing)
    );
}

#[test]
fn no_reminder_when_the_z_report_was_taken() {
    let mut s = state();
    update(&mut s, Msg::Today(20_000));
    update(&mut s, Msg::ZMissing(false));
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2500))),
        },
    );
    assert_ne!(
        s.notice.as_ref().map(|n| &n.say),
        Some(&Say::ZReportMissing)
    );
}
