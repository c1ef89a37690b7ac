//! The till's screens as pictures: each state is reached by running the real core
//! (`till::update`) with messages, drawn through ratatui's `TestBackend`, and compared with
//! the snapshot in `tests/snapshots/`. Time comes only from `Msg::Tick`, so every picture is
//! the same on every run.

use crate::ui_support;

use kasse::config::{Environment, Language};
use kasse::domain::{Currency, Gtin, Member, MemberSource, Money, Quantity, Unit};
use kasse::till::{
    Action, ApiFailure, Effect, FailKind, Key, Msg, PayState, PaymentStatus, PhoneRequest,
    SaleSummary, State,
};
use ui_support::*;

fn shot(name: &str, s: &State) {
    insta::assert_snapshot!(name, picture(s, 80, 24));
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
            result: Ok(kasse::till::EnrolStart {
                auth_req_id: "auth-req-1".into(),
                expires_in_s: 300,
                interval_s: 5,
            }),
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
    capture_whole(&mut s);
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
    // The shrimp's weight came from the scale's label, so F5 is for the shopping bag.
    keys(&mut s, &[Key::Down, Key::F(5)]);
    typed(&mut s, "3");
    shot("dialog_quantity", &s);
    keys(&mut s, &[Key::Esc, Key::Up, Key::F(6)]);
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
            pending_refund: None,
        })),
    );
    // The API's aggregate decides "at most"; the amount starts empty.
    send(
        &mut s,
        Msg::RefundableChecked {
            reference: "kasse-1-000017-1".into(),
            result: Ok(PaymentStatus {
                state: PayState::Authorized,
                authorized: 34_950,
                captured: 34_950,
                cancelled: 0,
                refunded: 4_990,
            }),
        },
    );
    shot("dialog_refund_amount", &s);
    typed(&mut s, "100");
    send(&mut s, Msg::Key(Key::Enter));
    shot("dialog_refund_confirm", &s);
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
    send(
        &mut s,
        Msg::Phone(vec![PhoneRequest::Login {
            auth_req_id: "auth-req-9".into(),
            binding_message: "KS-0042".into(),
            msisdn: msisdn().to_string(),
        }]),
    );
    let pic = picture(&s, 80, 24);
    assert!(pic.contains("▶ Logg inn, kode KS-0042"), "{pic}");
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
    insta::assert_snapshot!("smallest_50x16", picture(&s, 50, 16));
    // Below it, one line asks for a bigger window instead of an empty basket.
    let small = picture(&s, 40, 10);
    assert!(small.contains("50×16"), "{small}");
    for (w, h) in [(1, 1), (0, 0), (41, 11), (59, 30), (60, 12), (200, 60)] {
        render(&s, w, h);
    }
    // Narrow, a payment takes the one side panel there is.
    let mut s = s;
    pay_until_waiting(&mut s);
    insta::assert_snapshot!("narrow_paying_50x16", picture(&s, 50, 16));
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
            result: Err(ApiFailure {
                kind: FailKind::Other,
                message: "HTTP 503".into(),
                code: None,
                unknown_outcome: false,
            }),
        },
    );
    shot("checkin_failed_en", &s);
}

#[test]
fn enrolment_that_failed_says_what_next_not_the_api_words() {
    let mut s = till(Language::Norwegian, Environment::Test);
    identify(&mut s, None);
    send(&mut s, Msg::Action(Action::Enroll));
    send(
        &mut s,
        Msg::EnrolStarted {
            msisdn: msisdn(),
            result: Err(ApiFailure {
                kind: FailKind::Other,
                message: "invalid_scope: phoneNumber\u{1b}[5m".into(),
                code: None,
                unknown_outcome: false,
            }),
        },
    );
    shot("enrolment_failed", &s);
    assert!(!picture(&s, 80, 24).contains("invalid_scope"));
}

#[test]
fn recovered_sales_panel() {
    let mut s = till(Language::Norwegian, Environment::Test);
    send(
        &mut s,
        Msg::Recovered(vec![
            kasse::till::Recovered {
                what: "000040".into(),
                note: kasse::till::Recovery::WasCaptured,
            },
            kasse::till::Recovered {
                what: "000041".into(),
                note: kasse::till::Recovery::CancelFailed {
                    reason: "avbrutt\u{1b}[2J".into(),
                },
            },
        ]),
    );
    shot("recovered", &s);
    // The panel gives its room back once the next sale starts.
    scan(
        &mut s,
        product("703801000945", "Lettmelk 1 l", 2490, 1500, Unit::Piece),
        Quantity::Pieces(1),
    );
    assert!(!picture(&s, 80, 24).contains("000040: var betalt"));
}

#[test]
fn api_trouble_shows_in_the_status_bar() {
    let mut s = member_with_basket(Language::Norwegian);
    pay_until_waiting(&mut s);
    let token = s.payment.as_ref().map(|p| p.poll_token);
    send(
        &mut s,
        Msg::PaymentStatus {
            reference: REFERENCE.into(),
            poll: token,
            result: Err(ApiFailure {
                kind: FailKind::Other,
                message: "HTTP 502 Bad Gateway".into(),
                code: None,
                unknown_outcome: true,
            }),
        },
    );
    // The API's own words are for the log; the bar says it in the cashier's language.
    let wide = picture(&s, 120, 40);
    assert!(wide.contains("API: problemer "), "{wide}");
    assert!(!wide.contains("Bad Gateway"), "{wide}");
    let narrow = picture(&s, 80, 24);
    assert!(narrow.contains("API: problemer "), "{narrow}");
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

/// 17.5: a number is shown whole or not at all, at 80 columns and wider: a line sum of
/// 24 899 975,10 and a weight of 210,006 kg keep every digit; the name gives way.
#[test]
fn large_numbers_are_never_cut_from_the_left() {
    for width in [80, 100, 120] {
        let mut s = till(Language::Norwegian, Environment::Test);
        scan(
            &mut s,
            product("703801000945", "Lettmelk 1 l", 2490, 1500, Unit::Piece),
            Quantity::Pieces(999_999),
        );
        scan(
            &mut s,
            product("201234500000", "Reker", 18990, 1500, Unit::Kilogram),
            Quantity::Grams(210_006),
        );
        let pic = picture(&s, width, 24);
        // 24,90 × 999 999 = 24 899 975,10; shown with or without "kr", never as 99 975,10.
        let digits: String = pic.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(digits.contains("24899975,10"), "{width}:\n{pic}");
        assert!(pic.contains("210,006 kg"), "{width}:\n{pic}");
    }
}

#[test]
fn tender_step_with_a_cash_part_and_the_cash_dialog() {
    let mut s = member_with_basket(Language::English);
    send(&mut s, Msg::Key(Key::Char('c')));
    for c in "100".chars() {
        send(&mut s, Msg::Key(Key::Char(c)));
    }
    send(&mut s, Msg::Key(Key::Enter));
    let pic = picture(&s, 80, 24);
    assert!(pic.contains("Cash  kr 100,00"), "{pic}");
    assert!(pic.contains("Still owed"), "{pic}");
    shot("tender_cash_part", &s);
    // The rest in cash: the change shows as it is typed.
    send(&mut s, Msg::Key(Key::Char('c')));
    for c in "200".chars() {
        send(&mut s, Msg::Key(Key::Char(c)));
    }
    let pic = picture(&s, 80, 24);
    assert!(pic.contains("Due in cash: kr 130,00"), "{pic}");
    shot("tender_cash_dialog", &s);
}

#[test]
fn a_busy_webhook_port_is_said_in_the_status_bar() {
    let mut s = till(Language::English, Environment::Test);
    send(&mut s, Msg::WebhooksRetrying { retry_in_secs: 4 });
    let wide = picture(&s, 120, 40);
    assert!(
        wide.contains("Webhooks: port busy, retrying in 4 s"),
        "{wide}"
    );
    let narrow = picture(&s, 80, 24);
    assert!(narrow.contains("port busy, retrying in"), "{narrow}");
    send(&mut s, Msg::WebhooksLive(true));
    assert!(picture(&s, 120, 40).contains("Webhooks: live"));
}

// ---- Every main screen in every language at three sizes ----------------------------------
//
// One row per screen: a new screen is one more row, and it is drawn in bokmål, English, Danish
// and Finnish at 80×24, a larger 120×40 and a smaller 60×20. Danish and Finnish shops are in
// their own markets, so their money is DKK and EUR.

type Screen = (&'static str, fn(Language) -> State);

const SCREENS: &[Screen] = &[
    ("empty", screen_empty),
    ("basket_member", screen_basket_member),
    ("payment_waiting", screen_payment_waiting),
    ("paid", screen_paid),
    ("tender_cash", screen_tender_cash),
    ("enrolment", screen_enrolment),
    ("recovery", screen_recovery),
    ("help", screen_help),
];

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40), (60, 20)];

#[test]
fn every_main_screen_in_every_language_and_size() {
    for (name, build) in SCREENS {
        for lang in Language::ALL {
            let s = build(lang);
            for (w, h) in SIZES {
                insta::assert_snapshot!(
                    format!("{name}_{}_{w}x{h}", lang.code()),
                    picture(&s, *w, *h)
                );
            }
        }
    }
}

#[test]
fn danish_and_finnish_screens_show_their_own_money_and_words() {
    let da = picture(&screen_basket_member(Language::Danish), 80, 24);
    assert!(da.contains("kr.") && da.contains("I alt"), "{da}");
    let fi = picture(&screen_basket_member(Language::Finnish), 80, 24);
    assert!(fi.contains(" €") && fi.contains("Yhteensä"), "{fi}");
    assert!(!fi.contains("Total"), "{fi}");
}

fn screen_empty(lang: Language) -> State {
    shop(lang, Environment::Test)
}

fn screen_basket_member(lang: Language) -> State {
    let mut s = shop(lang, Environment::Test);
    fill_basket(&mut s);
    identify(&mut s, Some("Kari Nordmann"));
    s
}

fn screen_payment_waiting(lang: Language) -> State {
    let mut s = screen_basket_member(lang);
    pay_until_waiting(&mut s);
    tick(&mut s, 1_000_000 + 95_300);
    s
}

fn screen_paid(lang: Language) -> State {
    let mut s = screen_payment_waiting(lang);
    authorize(&mut s);
    capture_whole(&mut s);
    s
}

fn screen_tender_cash(lang: Language) -> State {
    let mut s = screen_basket_member(lang);
    send(&mut s, Msg::Key(Key::Char('c')));
    typed(&mut s, "200");
    s
}

fn screen_enrolment(lang: Language) -> State {
    let mut s = shop(lang, Environment::Test);
    identify(&mut s, None);
    tick(&mut s, 1_234_000);
    send(&mut s, Msg::Action(Action::Enroll));
    let msisdn = msisdn_in(s.settings.country);
    send(
        &mut s,
        Msg::EnrolStarted {
            msisdn,
            result: Ok(kasse::till::EnrolStart {
                auth_req_id: "auth-req-1".into(),
                expires_in_s: 300,
                interval_s: 5,
            }),
        },
    );
    tick(&mut s, 1_234_000 + 42_000);
    s
}

fn screen_recovery(lang: Language) -> State {
    let mut s = shop(lang, Environment::Test);
    let money = |minor| Money::new(minor, s.settings.currency);
    let notes = vec![
        kasse::till::Recovered {
            what: "000040".into(),
            note: kasse::till::Recovery::WasCaptured,
        },
        kasse::till::Recovered {
            what: "000041".into(),
            note: kasse::till::Recovery::NeverArrived,
        },
        kasse::till::Recovered {
            what: "000043".into(),
            note: kasse::till::Recovery::RefundDone {
                amount: money(4_990),
            },
        },
    ];
    send(&mut s, Msg::Recovered(notes));
    s
}

fn screen_help(lang: Language) -> State {
    let mut s = shop(lang, Environment::Demo);
    keys(&mut s, &[Key::F(1)]);
    s
}
