//! The till's screens as pictures: each state is reached by running the real core
//! (`till::update`) with messages, drawn through ratatui's `TestBackend`, and compared with
//! the snapshot in `tests/snapshots/`. Time comes only from `Msg::Tick`, so every picture is
//! the same on every run.

use kasse::config::{CaptureMode, Environment, Language};
use kasse::domain::{
    Country, Currency, Gtin, Member, MemberSource, Money, Msisdn, Product, Quantity, Unit, VatRate,
};
use kasse::till::{
    self, Action, Effect, Key, Msg, PayState, PaymentStatus, PhoneRequest, ProductHit, SaleSummary,
    Settings, State,
};
use kasse::ui;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::Terminal;

const MEMBER_PHONE: &str = "91234567";

fn settings(language: Language, environment: Environment) -> Settings {
    Settings {
        pos_id: "kasse-1".into(),
        shop_name: "Bakeriet på hjørnet".into(),
        country: Country::Norway,
        currency: Currency::Nok,
        capture: CaptureMode::Confirm,
        checkin: true,
        language,
        environment,
        login_scopes: "openid name phoneNumber".into(),
    }
}

fn till(language: Language, environment: Environment) -> State {
    let mut s = State::new(settings(language, environment));
    send(&mut s, Msg::Tick { now_ms: 1_000_000 });
    s
}

fn send(s: &mut State, msg: Msg) -> Vec<Effect> {
    till::update(s, msg)
}

fn keys(s: &mut State, keys: &[Key]) {
    for k in keys {
        send(s, Msg::Key(*k));
    }
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        send(s, Msg::Key(Key::Char(c)));
    }
}

fn tick(s: &mut State, now_ms: u64) {
    send(s, Msg::Tick { now_ms });
}

/// `body`: a GTIN-13 without its check digit.
fn product(gtin: &str, name: &str, price: i64, vat_bp: u16, unit: Unit) -> Product {
    Product {
        gtin: Gtin::parse(&with_check_digit(gtin)).expect("test GTIN"),
        name: name.into(),
        price,
        vat: VatRate::from_basis_points(vat_bp).expect("test VAT"),
        unit,
        variable: None,
    }
}

fn scan(s: &mut State, p: Product, quantity: Quantity) {
    let code = p.gtin.clone();
    send(
        s,
        Msg::ProductLooked {
            code,
            result: Ok(Some(ProductHit {
                product: p,
                quantity,
                price_override: None,
            })),
        },
    );
}

/// A small, ordinary basket: two rates, a weighed line, a discount.
fn fill_basket(s: &mut State) {
    scan(
        s,
        product("703801000945", "Lettmelk 1 l", 2490, 1500, Unit::Piece),
        Quantity::Pieces(2),
    );
    scan(
        s,
        product("731104101355", "Grovbrød", 4990, 1500, Unit::Piece),
        Quantity::Pieces(1),
    );
    scan(
        s,
        product("201234500000", "Reker", 18990, 1500, Unit::Kilogram),
        Quantity::Grams(532),
    );
    scan(
        s,
        product("590123412345", "Handlenett", 3900, 2500, Unit::Piece),
        Quantity::Pieces(1),
    );
    // 10 % off the shrimp, typed in the discount dialog.
    keys(s, &[Key::Up, Key::F(6)]);
    typed(s, "10%");
    keys(s, &[Key::Enter]);
}

fn msisdn() -> Msisdn {
    Msisdn::parse(MEMBER_PHONE, Country::Norway).expect("test number")
}

/// The cashier types the number (F2); the store answers.
fn identify(s: &mut State, member: Option<&str>) {
    keys(s, &[Key::F(2)]);
    typed(s, MEMBER_PHONE);
    let effects = send(s, Msg::Key(Key::Enter));
    assert!(effects.contains(&Effect::LookupMember(msisdn())));
    let found = member.map(|name| Member {
        msisdn: msisdn(),
        sub: None,
        name: Some(name.into()),
        email: None,
        enrolled_at: 0,
        source: MemberSource::Import,
        consents: None,
    });
    let effects = send(
        s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(found),
        },
    );
    if member.is_some() {
        assert!(effects.contains(&Effect::CheckIn { msisdn: msisdn() }));
        send(
            s,
            Msg::CheckedIn {
                msisdn: msisdn(),
                result: Ok(()),
            },
        );
    }
}

const REFERENCE: &str = "kasse-1-000042-1";

/// F8, the journal, the create: the push message is on the customer's phone.
fn pay_until_waiting(s: &mut State) {
    let effects = send(s, Msg::Action(Action::Pay));
    assert!(matches!(effects.first(), Some(Effect::OpenSale { .. })));
    send(
        s,
        Msg::SaleOpened {
            reference: REFERENCE.into(),
            receipt_number: "000042".into(),
        },
    );
    send(
        s,
        Msg::PaymentCreated {
            reference: REFERENCE.into(),
            result: Ok(()),
        },
    );
}

fn status(state: PayState, amount: i64, captured: i64) -> PaymentStatus {
    PaymentStatus {
        state,
        authorized: amount,
        captured,
        cancelled: 0,
        refunded: 0,
    }
}

fn authorize(s: &mut State) {
    let (amount, token) = s
        .payment
        .as_ref()
        .map(|p| (p.amount.minor, p.poll_token))
        .expect("a payment on screen");
    send(
        s,
        Msg::PaymentStatus {
            reference: REFERENCE.into(),
            poll: Some(token),
            result: Ok(status(PayState::Authorized, amount, 0)),
        },
    );
}

fn render(s: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| ui::draw(f, s))
        .expect("drawing to a test backend");
    terminal
}

fn picture(s: &State, width: u16, height: u16) -> String {
    render(s, width, height).backend().to_string()
}

fn shot(name: &str, s: &State) {
    insta::assert_snapshot!(name, picture(s, 80, 24));
}

fn member_with_basket(lang: Language) -> State {
    let mut s = till(lang, Environment::Test);
    fill_basket(&mut s);
    identify(&mut s, Some("Kari Nordmann"));
    s
}

#[test]
fn idle_empty() {
    shot("idle_empty", &till(Language::Norwegian, Environment::Test));
}

#[test]
fn basket_with_member() {
    shot("basket_member_nb", &member_with_basket(Language::Norwegian));
    shot("basket_member_en", &member_with_basket(Language::English));
}

#[test]
fn non_member_with_enrol_hint() {
    let mut s = till(Language::Norwegian, Environment::Test);
    fill_basket(&mut s);
    identify(&mut s, None);
    shot("non_member", &s);
}

#[test]
fn enrolment_waiting_with_binding_message() {
    let mut s = till(Language::Norwegian, Environment::Test);
    identify(&mut s, None);
    tick(&mut s, 1_234_000);
    let effects = send(&mut s, Msg::Action(Action::Enroll));
    let Some(Effect::StartEnrol {
        binding_message, ..
    }) = effects.first()
    else {
        panic!("enrol starts a login: {effects:?}");
    };
    assert_eq!(binding_message, "KS-1234");
    send(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Ok(("auth-req-1".into(), 300, 5)),
        },
    );
    tick(&mut s, 1_234_000 + 42_000);
    shot("enrolment_waiting", &s);
}

#[test]
fn payment_waiting_with_countdown() {
    let mut s = member_with_basket(Language::Norwegian);
    pay_until_waiting(&mut s);
    tick(&mut s, 1_000_000 + 95_300);
    shot("payment_waiting_nb", &s);
    s.settings.language = Language::English;
    shot("payment_waiting_en", &s);
}

#[test]
fn authorized_awaiting_capture() {
    let mut s = member_with_basket(Language::Norwegian);
    pay_until_waiting(&mut s);
    authorize(&mut s);
    shot("authorized_confirm", &s);
}

#[test]
fn done_with_receipt() {
    let mut s = member_with_basket(Language::Norwegian);
    pay_until_waiting(&mut s);
    authorize(&mut s);
    let effects = send(&mut s, Msg::Action(Action::Capture));
    let Some(Effect::Capture { amount, .. }) = effects.first() else {
        panic!("capture asked for: {effects:?}");
    };
    let amount = amount.minor;
    send(
        &mut s,
        Msg::Captured {
            reference: REFERENCE.into(),
            result: Ok(status(PayState::Authorized, amount, amount)),
        },
    );
    assert!(s.done.is_some());
    shot("done_receipt", &s);
}

#[test]
fn dialog_phone_valid_and_invalid() {
    let mut s = till(Language::Norwegian, Environment::Test);
    keys(&mut s, &[Key::F(2)]);
    typed(&mut s, "912 34 567");
    shot("dialog_phone_valid", &s);
    keys(&mut s, &[Key::Backspace; 10]);
    typed(&mut s, "123");
    shot("dialog_phone_invalid", &s);
}

#[test]
fn dialog_search_with_results() {
    let mut s = till(Language::Norwegian, Environment::Test);
    keys(&mut s, &[Key::F(4)]);
    typed(&mut s, "brø");
    let found = vec![
        product("731104101355", "Grovbrød", 4990, 1500, Unit::Piece),
        product("703801000945", "Loff, hvitt brød", 3490, 1500, Unit::Piece),
        product("590123412345", "Brødkniv", 19900, 2500, Unit::Piece),
    ];
    send(
        &mut s,
        Msg::SearchDone {
            query: "brø".into(),
            result: Ok(found),
        },
    );
    keys(&mut s, &[Key::Down]);
    shot("dialog_search", &s);
}

#[test]
fn dialog_quantity_and_discount() {
    let mut s = till(Language::Norwegian, Environment::Test);
    fill_basket(&mut s);
    keys(&mut s, &[Key::F(5)]);
    typed(&mut s, "3");
    shot("dialog_quantity", &s);
    keys(&mut s, &[Key::Esc, Key::F(6)]);
    typed(&mut s, "5,50");
    shot("dialog_discount", &s);
}

#[test]
fn dialog_refund_find_and_amount() {
    let mut s = till(Language::Norwegian, Environment::Test);
    keys(&mut s, &[Key::F(10)]);
    typed(&mut s, "000017");
    let effects = send(&mut s, Msg::Key(Key::Enter));
    assert_eq!(effects, vec![Effect::FindSale("000017".into())]);
    send(
        &mut s,
        Msg::SaleFound(Err("ingen salg med nummer 000017".into())),
    );
    shot("dialog_refund_find", &s);
    send(&mut s, Msg::Key(Key::Enter));
    send(
        &mut s,
        Msg::SaleFound(Ok(SaleSummary {
            reference: "kasse-1-000017-1".into(),
            receipt_number: "000017".into(),
            total: Money::new(34_950, Currency::Nok),
            captured: 34_950,
            refunded: 4_990,
            refund_count: 1,
        })),
    );
    shot("dialog_refund_amount", &s);
}

/// A payment parked in the background, so Recall and the quit confirmation have work.
fn with_parked_sale(lang: Language) -> State {
    let mut s = member_with_basket(lang);
    pay_until_waiting(&mut s);
    keys(&mut s, &[Key::F(9)]);
    assert_eq!(s.background.len(), 1);
    s
}

#[test]
fn dialog_recall() {
    let mut s = with_parked_sale(Language::Norwegian);
    keys(&mut s, &[Key::F(9)]);
    shot("dialog_recall", &s);
}

#[test]
fn dialog_confirm_quit_and_clear() {
    let mut s = with_parked_sale(Language::Norwegian);
    keys(&mut s, &[Key::CtrlC]);
    shot("dialog_confirm_quit", &s);

    let mut s = till(Language::English, Environment::Test);
    fill_basket(&mut s);
    keys(&mut s, &[Key::F(12)]);
    shot("dialog_confirm_clear_en", &s);
}

#[test]
fn help_overlay() {
    let mut s = till(Language::Norwegian, Environment::Demo);
    keys(&mut s, &[Key::F(1)]);
    shot("help_nb", &s);
    s.settings.language = Language::English;
    shot("help_en", &s);
}

#[test]
fn demo_phone_with_pending_payment() {
    let mut s = till(Language::Norwegian, Environment::Demo);
    fill_basket(&mut s);
    identify(&mut s, Some("Kari Nordmann"));
    pay_until_waiting(&mut s);
    let amount = s.payment.as_ref().map(|p| p.amount).expect("paying");
    send(
        &mut s,
        Msg::Phone(vec![PhoneRequest::Payment {
            reference: REFERENCE.into(),
            amount,
            msisdn: msisdn().to_string(),
        }]),
    );
    tick(&mut s, 1_000_000 + 3_200);
    shot("demo_phone_payment", &s);
}

#[test]
fn notices_of_each_level() {
    let mut s = till(Language::Norwegian, Environment::Test);
    scan(
        &mut s,
        product("703801000945", "Lettmelk 1 l", 2490, 1500, Unit::Piece),
        Quantity::Pieces(1),
    );
    shot("notice_info", &s);
    identify(&mut s, Some("Kari Nordmann"));
    shot("notice_success", &s);
    send(
        &mut s,
        Msg::Scan {
            payload: "not a barcode".into(),
        },
    );
    shot("notice_warning", &s);
    send(
        &mut s,
        Msg::ProductLooked {
            code: Gtin::parse("5901234123457").expect("test GTIN"),
            result: Err("database is locked".into()),
        },
    );
    shot("notice_error", &s);
}

#[test]
fn tiny_terminal_asks_for_more_room() {
    let s = member_with_basket(Language::Norwegian);
    insta::assert_snapshot!("tiny_nb", picture(&s, 30, 8));
    let s = member_with_basket(Language::English);
    insta::assert_snapshot!("tiny_en", picture(&s, 39, 24));
}

#[test]
fn smallest_full_screen_and_one_pixel_never_panic() {
    let s = member_with_basket(Language::Norwegian);
    insta::assert_snapshot!("smallest_40x10", picture(&s, 40, 10));
    for (w, h) in [(1, 1), (0, 0), (41, 11), (59, 30), (60, 12), (200, 60)] {
        render(&s, w, h);
    }
}

#[test]
fn large_screen_with_long_basket_scrolled_to_selection() {
    let mut s = till(Language::Norwegian, Environment::Production);
    s.status.webhooks = kasse::till::WebhookState::Live;
    send(&mut s, Msg::ScannerConnected("Zebra DS2208".into()));
    identify(&mut s, Some("Ola Nordmann"));
    for i in 0..60u32 {
        let gtin = format!("70000000{i:04}");
        let name = format!("Vare {i}");
        scan(
            &mut s,
            product(&gtin, &name, 1000 + i64::from(i) * 10, 2500, Unit::Piece),
            Quantity::Pieces(1 + i % 3),
        );
    }
    // Up from the last line to line 20: the table scrolls so it stays in view.
    keys(&mut s, &[Key::Up; 39]);
    assert_eq!(s.selected, Some(20));
    insta::assert_snapshot!("large_120x40", picture(&s, 120, 40));
    // At 80×24 fewer rows fit: the window scrolls to end at the selected line.
    let small = picture(&s, 80, 24);
    assert!(small.contains("Vare 20 ") && !small.contains("Vare 21 "));
    insta::assert_snapshot!("long_basket_80x24", small);
}

#[test]
fn customer_being_looked_up_then_unknown() {
    let mut s = till(Language::Norwegian, Environment::Test);
    keys(&mut s, &[Key::F(2)]);
    typed(&mut s, MEMBER_PHONE);
    keys(&mut s, &[Key::Enter]);
    tick(&mut s, 1_000_300);
    shot("customer_looking_up", &s);
    send(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Err("database is locked".into()),
        },
    );
    send(&mut s, Msg::ScannerLost("/dev/ttyACM0 vanished".into()));
    shot("customer_unknown_scanner_lost", &s);
}

#[test]
fn check_in_failure_is_shown_small() {
    let mut s = till(Language::English, Environment::Test);
    keys(&mut s, &[Key::F(2)]);
    typed(&mut s, MEMBER_PHONE);
    keys(&mut s, &[Key::Enter]);
    let member = Member {
        msisdn: msisdn(),
        sub: None,
        name: None,
        email: None,
        enrolled_at: 0,
        source: MemberSource::Login,
        consents: None,
    };
    send(
        &mut s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(Some(member)),
        },
    );
    send(
        &mut s,
        Msg::CheckedIn {
            msisdn: msisdn(),
            result: Err(kasse::till::ApiFailure {
                message: "HTTP 503".into(),
                code: None,
                unknown_outcome: false,
            }),
        },
    );
    shot("checkin_failed_en", &s);
}

#[test]
fn enrolment_that_failed_says_why() {
    let mut s = till(Language::Norwegian, Environment::Test);
    identify(&mut s, None);
    send(&mut s, Msg::Action(Action::Enroll));
    send(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Err(kasse::till::ApiFailure {
                message: "invalid_scope: phoneNumber\u{1b}[5m".into(),
                code: None,
                unknown_outcome: false,
            }),
        },
    );
    shot("enrolment_failed", &s);
}

#[test]
fn recovered_sales_panel() {
    let mut s = till(Language::Norwegian, Environment::Test);
    send(
        &mut s,
        Msg::Recovered(vec![
            "000040 kr 129,00 trukket".into(),
            "000041 avbrutt\u{1b}[2J".into(),
        ]),
    );
    shot("recovered", &s);
}

#[test]
fn hostile_names_are_shown_cleaned() {
    let mut s = till(Language::Norwegian, Environment::Test);
    scan(
        &mut s,
        product(
            "703801000945",
            "Melk\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nLett",
            2490,
            1500,
            Unit::Piece,
        ),
        Quantity::Pieces(1),
    );
    let pic = picture(&s, 80, 24);
    assert!(pic.contains("Melk Lett"), "{pic}");
    assert!(!pic.contains("pwned") && !pic.contains('\u{1b}'), "{pic}");
}

fn with_check_digit(body: &str) -> String {
    let sum: u32 = body
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { d })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

// ---- colour: what a text picture cannot show ----

fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol())
            .collect::<String>();
        if let Some(byte) = row.find(needle) {
            let col = row[..byte].chars().count();
            return Some((u16::try_from(col).ok()?, y));
        }
    }
    None
}

#[test]
fn production_badge_stands_out() {
    for (env, bg) in [
        (Environment::Production, Color::Red),
        (Environment::Test, Color::Cyan),
        (Environment::Demo, Color::Magenta),
    ] {
        let s = till(Language::Norwegian, env);
        let t = render(&s, 80, 24);
        let buf = t.backend().buffer();
        let (x, y) = find(buf, env.label()).expect("badge drawn");
        assert_eq!(buf[(x, y)].bg, bg, "{env:?}");
    }
}

#[test]
fn selected_line_is_highlighted() {
    let s = member_with_basket(Language::Norwegian);
    let t = render(&s, 80, 24);
    let buf = t.backend().buffer();
    let selected = s.selected.expect("a selected line");
    let name = &s.basket.lines[selected].name;
    let (x, y) = find(buf, &name.chars().take(5).collect::<String>()).expect("selected line drawn");
    assert_eq!(buf[(x, y)].bg, Color::Blue);
    let other = &s.basket.lines[(selected + 1) % s.basket.lines.len()].name;
    let (x, y) = find(buf, &other.chars().take(5).collect::<String>()).expect("other line drawn");
    assert_ne!(buf[(x, y)].bg, Color::Blue);
}

// ---- hit test: clicks land on the button that is drawn there ----

#[test]
fn every_drawn_button_is_hit_where_it_is_drawn() {
    let states = [
        till(Language::Norwegian, Environment::Test),
        member_with_basket(Language::Norwegian),
        member_with_basket(Language::English),
        till(Language::Norwegian, Environment::Demo),
        with_parked_sale(Language::Norwegian),
    ];
    for s in &states {
        for (w, h) in [(80, 24), (120, 40), (40, 10), (61, 15)] {
            let t = render(s, w, h);
            let buf = t.backend().buffer();
            let area = Rect::new(0, 0, w, h);
            let mut seen = 0;
            for a in till::available_actions(s) {
                let label = format!(
                    "[{} {}]",
                    till::key_label(a),
                    ui::text::action_label(s.settings.language, a)
                );
                let Some((x, y)) = find(buf, &label) else {
                    continue;
                };
                seen += 1;
                let width = u16::try_from(label.chars().count()).expect("short label");
                for dx in 0..width {
                    assert_eq!(
                        ui::hit_test(area, s, x + dx, y),
                        Some(a),
                        "{label} at {w}x{h}"
                    );
                }
                if x > 0 {
                    assert_ne!(ui::hit_test(area, s, x - 1, y), Some(a), "left of {label}");
                }
            }
            assert!(seen >= 2, "buttons drawn at {w}x{h}");
        }
    }
}

#[test]
fn hit_test_misses_outside_the_bar_and_behind_dialogs() {
    let mut s = member_with_basket(Language::Norwegian);
    let area = Rect::new(0, 0, 80, 24);
    // The status bar and the basket are not buttons.
    assert_eq!(ui::hit_test(area, &s, 5, 0), None);
    assert_eq!(ui::hit_test(area, &s, 10, 5), None);
    // Off the screen altogether.
    assert_eq!(ui::hit_test(area, &s, 500, 500), None);
    let bar_row = (0..24)
        .rev()
        .find(|row| (0..80).any(|col| ui::hit_test(area, &s, col, *row) == Some(Action::Pay)))
        .expect("a Pay button on the bar");
    // While a dialog has the keyboard, the bar does not take clicks.
    keys(&mut s, &[Key::F(2)]);
    assert!((0..80).all(|col| ui::hit_test(area, &s, col, bar_row).is_none()));
    keys(&mut s, &[Key::Esc, Key::F(1)]);
    assert!((0..80).all(|col| ui::hit_test(area, &s, col, bar_row).is_none()));
    // Too small to draw the bar: nothing to hit.
    keys(&mut s, &[Key::Esc]);
    let tiny = Rect::new(0, 0, 30, 8);
    assert!((0..30).all(|c| (0..8).all(|r| ui::hit_test(tiny, &s, c, r).is_none())));
}

#[test]
fn a_clicked_action_drives_the_core() {
    let mut s = member_with_basket(Language::Norwegian);
    let area = Rect::new(0, 0, 80, 24);
    let t = render(&s, 80, 24);
    let (x, y) = find(t.backend().buffer(), "[F8 Betal]").expect("Pay button");
    let action = ui::hit_test(area, &s, x + 3, y).expect("a button under the click");
    let effects = send(&mut s, Msg::Action(action));
    assert!(matches!(effects.first(), Some(Effect::OpenSale { .. })));
}
