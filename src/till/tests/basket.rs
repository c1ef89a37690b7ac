//! The basket: quantities, discounts, search, and what is refused while paying.

use super::*;

#[test]
fn basket_quantity_discount_void() {
    let mut s = state();
    with_basket(&mut s);
    press(&mut s, Key::Char('+'));
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(2));
    press(&mut s, Key::F(5));
    press(&mut s, Key::Char('4'));
    press(&mut s, Key::Enter);
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(4));
    press(&mut s, Key::F(6));
    for c in "10%".chars() {
        press(&mut s, Key::Char(c));
    }
    press(&mut s, Key::Enter);
    assert_eq!(s.basket.lines[0].discount, 996);
    press(&mut s, Key::F(6));
    for c in "5,50".chars() {
        press(&mut s, Key::Char(c));
    }
    press(&mut s, Key::Enter);
    assert_eq!(s.basket.lines[0].discount, 550);
    // A discount above the line is refused and the dialog stays.
    press(&mut s, Key::F(6));
    for c in "999".chars() {
        press(&mut s, Key::Char(c));
    }
    press(&mut s, Key::Enter);
    assert!(matches!(s.dialog, Some(Dialog::Discount { .. })));
    press(&mut s, Key::Esc);
    press(&mut s, Key::Delete);
    assert!(s.basket.is_empty());
    assert_eq!(s.selected, None);
}

#[test]
fn search_adds_the_chosen_product() {
    let mut s = state();
    press(&mut s, Key::F(4));
    press(&mut s, Key::Char('m'));
    let fx = press(&mut s, Key::Char('e'));
    assert_eq!(fx, vec![Effect::SearchProducts("me".into())]);
    update(
        &mut s,
        Msg::SearchDone {
            query: "me".into(),
            result: Ok(vec![product(MILK, 2490).product]),
        },
    );
    let fx = press(&mut s, Key::Enter);
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
    // A result for an older query is dropped.
    press(&mut s, Key::F(4));
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
    assert!(press(&mut s, Key::F(8)).is_empty());
    // Quitting mid-payment asks first.
    press(&mut s, Key::CtrlC);
    assert_eq!(s.dialog, Some(Dialog::ConfirmQuit));
    assert!(!s.quit);
}

#[test]
fn below_minimum_and_empty_basket_are_refused() {
    let mut s = state();
    update(&mut s, Msg::Scan { payload: QR.into() });
    assert!(act(&mut s, Action::Pay).is_empty());
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 50))),
        },
    );
    assert!(act(&mut s, Action::Pay).is_empty());
    assert!(matches!(
        s.notice.as_ref().unwrap().say,
        Say::BelowMinimum { .. }
    ));
}

#[test]
fn demo_keys_only_in_demo_mode() {
    let mut s = state();
    assert!(press(&mut s, Key::Char('m')).is_empty());
    s.settings.environment = Environment::Demo;
    assert_eq!(
        press(&mut s, Key::Char('m')),
        vec![Effect::DemoScan(DemoScan::Member)]
    );
}

fn type_in(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, Msg::Key(Key::Char(c)));
    }
    update(s, Msg::Key(Key::Enter));
}

/// 17.1: a percent discount stays a percent of the line through `+`, `-` and F5.
#[test]
fn a_percent_discount_stays_a_percent_when_the_quantity_changes() {
    let mut s = state();
    with_basket(&mut s); // one milk at 24,90
    press(&mut s, Key::F(6));
    type_in(&mut s, "10%");
    assert_eq!(s.basket.lines[0].discount_amount(), 249);
    press(&mut s, Key::Char('+'));
    press(&mut s, Key::Char('+'));
    assert_eq!(s.basket.lines[0].discount_amount(), 747);
    press(&mut s, Key::F(5));
    type_in(&mut s, "10");
    assert_eq!(s.basket.lines[0].discount_amount(), 2490);
    assert_eq!(s.basket.total(), s.money(24900 - 2490));
}

/// 17.2: a kroner discount never passes the line's gross, on screen, in the basket and in
/// the receipt that goes with the payment.
#[test]
fn a_kroner_discount_is_clamped_when_the_quantity_drops() {
    let mut s = state();
    with_basket(&mut s);
    press(&mut s, Key::F(5));
    type_in(&mut s, "3");
    press(&mut s, Key::F(6));
    type_in(&mut s, "60");
    assert_eq!(s.basket.lines[0].discount_amount(), 6000);
    press(&mut s, Key::Char('-'));
    press(&mut s, Key::Char('-'));
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(1));
    assert_eq!(s.basket.lines[0].discount, 2490);
    let receipt = crate::domain::Receipt::from_basket(&s.basket, "till1", "000001");
    assert_eq!(receipt.order_lines[0].discount, Some(2490));
    assert_eq!(receipt.order_lines[0].total_amount, 0);
}

/// 17.3: a scan into an open weight or quantity dialog is not typing: the dialog stays as
/// it was, the cashier is told, and no digits of the code become a weight or a quantity.
#[test]
fn a_scan_into_a_quantity_or_weight_dialog_is_not_typing() {
    let mut s = state();
    with_basket(&mut s);
    // A weighed item without a weight on its label opens the weight dialog.
    let bananas = Gtin::parse("2100010000002").unwrap();
    let mut hit = product("2100010000002", 2990);
    hit.product.unit = Unit::Kilogram;
    hit.quantity = Quantity::Grams(0);
    update(
        &mut s,
        Msg::ProductLooked {
            code: bananas,
            result: Ok(Some(hit)),
        },
    );
    assert_eq!(
        s.dialog,
        Some(Dialog::Quantity {
            input: String::new()
        })
    );
    let fx = update(
        &mut s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert!(fx.is_empty());
    assert_eq!(
        s.dialog,
        Some(Dialog::Quantity {
            input: String::new()
        })
    );
    assert_eq!(s.basket.lines[1].quantity, Quantity::Grams(0));
    assert_eq!(s.notice.as_ref().unwrap().say, Say::ScanIgnoredInDialog);
    press(&mut s, Key::Esc);

    // The same with F5 on a piece line, and with F6.
    press(&mut s, Key::Up);
    for f in [5, 6] {
        press(&mut s, Key::F(f));
        press(&mut s, Key::Char('2'));
        let fx = update(
            &mut s,
            Msg::Scan {
                payload: "7038010009525".into(),
            },
        );
        assert!(fx.is_empty());
        assert!(matches!(
            &s.dialog,
            Some(Dialog::Quantity { input } | Dialog::Discount { input }) if input == "2"
        ));
        press(&mut s, Key::Esc);
    }
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(1));
    assert_eq!(s.basket.lines[0].discount_amount(), 0);
}

/// 17.4: an unusual quantity asks before it is taken; a weighed line without a weight and a
/// total above the API's maximum are refused at F8, before anything is sent.
#[test]
fn unusual_quantities_ask_and_pay_checks_the_limits_locally() {
    let mut s = state();
    with_basket(&mut s);
    press(&mut s, Key::F(5));
    type_in(&mut s, "999999");
    assert_eq!(
        s.dialog,
        Some(Dialog::ConfirmQuantity {
            quantity: Quantity::Pieces(999_999)
        })
    );
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(1));
    // "No" goes back to typing; the line is unchanged.
    press(&mut s, Key::Char('n'));
    assert!(matches!(s.dialog, Some(Dialog::Quantity { .. })));
    press(&mut s, Key::Esc);
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(1));
    // 99 is taken; the `+` to 100 asks once; above that `+` does not ask again.
    press(&mut s, Key::F(5));
    type_in(&mut s, "99");
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(99));
    press(&mut s, Key::Char('+'));
    assert!(matches!(s.dialog, Some(Dialog::ConfirmQuantity { .. })));
    press(&mut s, Key::Enter);
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(100));
    press(&mut s, Key::Char('+'));
    assert_eq!(s.dialog, None);
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(101));

    // A total above 650 000,00 is refused here, not by the API in English.
    press(&mut s, Key::F(5));
    type_in(&mut s, "30000");
    press(&mut s, Key::Enter);
    assert_eq!(s.basket.lines[0].quantity, Quantity::Pieces(30_000));
    assert!(press(&mut s, Key::F(8)).is_empty());
    assert_eq!(
        s.notice.as_ref().unwrap().say,
        Say::AboveMaximum {
            maximum: s.money(65_000_000)
        }
    );
    press(&mut s, Key::F(5));
    type_in(&mut s, "1");

    // A weighed line without a weight: F8 says so and selects it.
    let mut hit = product("2100010000002", 2990);
    hit.product.name = "Bananer".into();
    hit.quantity = Quantity::Grams(0);
    update(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse("2100010000002").unwrap(),
            result: Ok(Some(hit)),
        },
    );
    press(&mut s, Key::Esc);
    press(&mut s, Key::Up);
    assert!(press(&mut s, Key::F(8)).is_empty());
    assert!(s.payment.is_none());
    assert_eq!(s.selected, Some(1));
    assert_eq!(
        s.notice.as_ref().unwrap().say,
        Say::MissingWeight {
            name: "Bananer".into()
        }
    );
    // A weight of 30 kg typed in asks first.
    press(&mut s, Key::F(5));
    type_in(&mut s, "30000");
    assert!(matches!(s.dialog, Some(Dialog::ConfirmQuantity { .. })));
}
