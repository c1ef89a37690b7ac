//! The busy counter on screen (issue 11): names that fit, one line below the smallest size,
//! the enrolment code whole at the smallest size, the keyed-in code, the open-price and
//! stop-enrolment dialogs with their own keys on the bar, in every screen language.

use crate::ui_support::*;
use kasse::config::{Environment, Language};
use kasse::domain::{Gtin, Quantity, Unit};
use kasse::till::{Action, Key, Msg, State};

const LANGUAGES: [Language; 4] = [
    Language::Norwegian,
    Language::English,
    Language::Danish,
    Language::Finnish,
];

/// A basket of names a real shop has: long, with a weighed line and a percent discount.
fn long_names(lang: Language) -> State {
    let mut s = till(lang, Environment::Test);
    for (body, name, price, unit, q) in [
        (
            "703801000945",
            "TINE Lettmelk 1,0 % fett 1,75 liter",
            3290,
            Unit::Piece,
            Quantity::Pieces(2),
        ),
        (
            "731104101355",
            "Bakeriet Grovbrød med solsikkefrø",
            4990,
            Unit::Piece,
            Quantity::Pieces(1),
        ),
        (
            "201234500000",
            "Reker kokte i lake, fra disken",
            18990,
            Unit::Kilogram,
            Quantity::Grams(532),
        ),
    ] {
        scan(&mut s, product(body, name, price, 1500, unit), q);
    }
    keys(&mut s, &[Key::F(6)]);
    typed(&mut s, "12,5%");
    keys(&mut s, &[Key::Enter]);
    s
}

/// Whether `name` is drawn whole on one row of the picture.
fn whole(picture: &str, name: &str) -> bool {
    picture.lines().any(|l| l.contains(name))
}

#[test]
fn names_get_the_room_at_80x24_and_more_at_120x40() {
    let s = long_names(Language::Norwegian);
    let small = picture(&s, 80, 24);
    // 29 characters of a 35-character name at 80×24 (it was 12), whole at 120×40.
    assert!(whole(&small, "TINE Lettmelk 1,0 % fett 1,75"), "{small}");
    assert!(whole(&small, "12,5 %"), "{small}");
    insta::assert_snapshot!("counter_names_80x24", small);
    let large = picture(&s, 120, 40);
    for name in [
        "TINE Lettmelk 1,0 % fett 1,75 liter",
        "Bakeriet Grovbrød med solsikkefrø",
        "Reker kokte i lake, fra disken",
    ] {
        assert!(whole(&large, name), "{name}\n{large}");
    }
}

#[test]
fn the_receipt_keeps_its_names_at_60x20() {
    let mut s = long_names(Language::Norwegian);
    send(&mut s, Msg::Action(Action::PayCash));
    let effects = send(&mut s, Msg::Key(Key::Enter));
    issue_receipt(&mut s, &effects, 7);
    let p = picture(&s, 60, 20);
    assert!(whole(&p, "TINE Lettmelk 1,0 % fett"), "{p}");
    assert!(whole(&p, "Reker kokte i lake"), "{p}");
    insta::assert_snapshot!("counter_receipt_60x20", p);
}

#[test]
fn below_the_smallest_size_one_line_asks_for_a_bigger_window() {
    for lang in LANGUAGES {
        let s = member_with_basket(lang);
        let p = picture(&s, 40, 10);
        let rows: Vec<&str> = p
            .lines()
            .filter(|l| l.trim_matches('"').trim() != "")
            .collect();
        assert_eq!(rows.len(), 1, "{lang:?}\n{p}");
        assert!(rows[0].contains("50×16"), "{lang:?}\n{p}");
    }
}

#[test]
fn the_enrolment_code_is_whole_at_the_smallest_size() {
    let mut s = till(Language::Norwegian, Environment::Test);
    identify(&mut s, None);
    tick(&mut s, 1_234_000);
    send(&mut s, Msg::Action(Action::Enroll));
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
    let p = picture(&s, 50, 16);
    assert!(p.contains("KS-1234"), "{p}");
    assert!(p.contains("[F3 Avbryt innmelding]"), "{p}");
    // The code is whole in every language, however long the sentence before it.
    for lang in LANGUAGES {
        s.settings.language = lang;
        for (w, h) in [(50, 16), (80, 24)] {
            let p = picture(&s, w, h);
            assert!(p.contains("KS-1234"), "{lang:?} {w}x{h}\n{p}");
        }
    }
    s.settings.language = Language::Norwegian;
    // F3 asks first; the bar then offers the question's keys.
    send(&mut s, Msg::Key(Key::F(3)));
    for lang in LANGUAGES {
        s.settings.language = lang;
        insta::assert_snapshot!(
            format!("counter_stop_enrolment_{}", lang.code()),
            picture(&s, 80, 24)
        );
    }
}

#[test]
fn a_code_keyed_in_by_hand_shows_on_its_own_line() {
    let mut s = member_with_basket(Language::Norwegian);
    typed(&mut s, "70380100");
    let p = picture(&s, 80, 24);
    assert!(p.contains("Strekkode: 70380100"), "{p}");
    assert!(p.contains("[Enter Legg til] [Esc Forkast]"), "{p}");
    insta::assert_snapshot!("counter_keyed_nb", p);
}

#[test]
fn an_unknown_barcode_offers_an_open_price_in_every_language() {
    let mut s = member_with_basket(Language::Norwegian);
    let code = Gtin::parse(&with_check_digit("703801099999")).expect("test code");
    send(
        &mut s,
        Msg::ProductLooked {
            code,
            result: Ok(None),
        },
    );
    typed(&mut s, "49,90");
    send(&mut s, Msg::Key(Key::Tab));
    for lang in LANGUAGES {
        s.settings.language = lang;
        insta::assert_snapshot!(
            format!("counter_open_price_{}", lang.code()),
            picture(&s, 80, 24)
        );
    }
}

/// After a restart with more recovered sales than the screen holds, the dialog says which are
/// on screen and the arrows bring the rest; only Enter closes it.
#[test]
fn many_recovered_sales_scroll_into_view() {
    let mut s = till(Language::English, Environment::Test);
    let notes: Vec<_> = (0..12)
        .map(|i| kasse::till::Recovered {
            what: format!("0000{:02}", 40 + i),
            note: kasse::till::Recovery::NeverArrived,
        })
        .collect();
    send(&mut s, Msg::Recovered(notes));
    let first = picture(&s, 80, 24);
    assert!(first.contains("000040"), "{first}");
    assert!(!first.contains("000051"), "{first}");
    assert!(
        first.contains("1–"),
        "the foot says which are shown:\n{first}"
    );
    keys(&mut s, &[Key::End]);
    let last = picture(&s, 80, 24);
    assert!(last.contains("000051"), "{last}");
    assert!(last.contains("12–12/12"), "{last}");
    keys(&mut s, &[Key::Home, Key::Down]);
    let second = picture(&s, 80, 24);
    assert!(
        second.contains("000041") && !second.contains("000040"),
        "{second}"
    );
    keys(&mut s, &[Key::Enter]);
    assert!(s.dialog.is_none());
}
