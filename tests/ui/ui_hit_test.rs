//! The command bar under the pointer, and what only colour shows: clicks land on the button
//! drawn there, the production badge and the selected line stand out.

use crate::ui_support;

use kasse::config::{Environment, Language};
use kasse::till::{self, Action, Effect, Key, Msg};
use kasse::ui;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ui_support::*;

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
        for (w, h) in [(80, 24), (120, 40), (50, 16), (61, 16)] {
            let t = render(s, w, h);
            let buf = t.backend().buffer();
            let area = Rect::new(0, 0, w, h);
            let mut seen = 0;
            for a in till::available_actions(s) {
                let label = format!(
                    "[{} {}]",
                    s.settings.keys.label(a),
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
    let (x, y) = find(t.backend().buffer(), "[F8 Vipps]").expect("Pay button");
    let action = ui::hit_test(area, &s, x + 3, y).expect("a button under the click");
    let effects = send(&mut s, Msg::Action(action));
    assert!(matches!(effects.first(), Some(Effect::OpenSale { .. })));
}

// ---- clicks on the basket and on a dialog's keys ----

#[test]
fn a_click_on_a_basket_line_selects_it() {
    let mut s = member_with_basket(Language::Norwegian);
    let area = Rect::new(0, 0, 80, 24);
    for target in [0, 2, 1] {
        let t = render(&s, 80, 24);
        let name: String = s.basket.lines[target].name.chars().take(6).collect();
        let (x, y) = find(t.backend().buffer(), &name).expect("line drawn");
        let i = ui::line_at(area, &s, x + 1, y).expect("a line under the click");
        assert_eq!(i, target);
        send(&mut s, Msg::SelectLine(i));
        assert_eq!(s.selected, Some(target));
    }
    // The header, the totals and the border are not lines.
    let t = render(&s, 80, 24);
    let (x, y) = find(t.backend().buffer(), "Vare ").expect("header");
    assert_eq!(ui::line_at(area, &s, x, y), None);
    let (x, y) = find(t.backend().buffer(), "Totalt").expect("total");
    assert_eq!(ui::line_at(area, &s, x, y), None);
    assert_eq!(ui::line_at(area, &s, 0, 5), None);
    // Behind a dialog nothing is selected.
    keys(&mut s, &[Key::F(2)]);
    assert_eq!(ui::line_at(area, &s, 5, 3), None);
    send(&mut s, Msg::SelectLine(0));
    assert_eq!(s.selected, Some(1));
}

#[test]
fn a_dialogs_keys_are_on_the_bar_and_take_clicks() {
    let mut s = member_with_basket(Language::Norwegian);
    let area = Rect::new(0, 0, 80, 24);
    send(&mut s, Msg::Action(Action::NewSale));
    let t = render(&s, 80, 24);
    let buf = t.backend().buffer();
    // The bar offers the question's own keys, not the till's.
    assert!(find(buf, "[F8 Vipps]").is_none());
    let (x, y) = find(buf, "[Esc Nei]").expect("no on the bar");
    assert_eq!(ui::key_at(area, &s, x + 2, y), Some(Key::Esc));
    let (x, y) = find(buf, "[Enter Ja]").expect("yes on the bar");
    assert_eq!(ui::key_at(area, &s, x + 2, y), Some(Key::Enter));
    // Without a dialog there are no dialog keys to hit.
    keys(&mut s, &[Key::Esc]);
    assert!((0..80).all(|c| (0..24).all(|r| ui::key_at(area, &s, c, r).is_none())));
    // A code being keyed in has the bar too: its keys, never a till action drawn elsewhere.
    typed(&mut s, "703");
    let t = render(&s, 80, 24);
    let (x, y) = find(t.backend().buffer(), "[Esc Forkast]").expect("drop on the bar");
    assert_eq!(ui::key_at(area, &s, x + 2, y), Some(Key::Esc));
    assert!((0..80).all(|c| (0..24).all(|r| ui::hit_test(area, &s, c, r).is_none())));
}
