//! The command bar: a button for each action valid now, wrapped over a few rows. Drawing and
//! the mouse hit test place buttons with the same function, so a click lands where it shows.

use super::{text, theme};
use crate::till::{Action, Dialog, Key, Settings, State};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// One button and where it sits on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Button {
    pub action: Action,
    pub area: Rect,
}

fn button_width(settings: &Settings, a: Action) -> u16 {
    // `[F8 Betal]`: brackets, key, space, label.
    let key = settings.keys.label(a);
    let chars = 3 + key.chars().count() + text::action_label(settings.language, a).chars().count();
    u16::try_from(chars).unwrap_or(u16::MAX)
}

/// Places the buttons left to right in `area`, wrapping to the next row; buttons that do not
/// fit in the area's rows are left out (Help and Quit keep their keys).
pub(crate) fn place(settings: &Settings, actions: &[Action], area: Rect) -> Vec<Button> {
    let widths = actions.iter().map(|a| button_width(settings, *a));
    actions
        .iter()
        .zip(place_widths(widths, area))
        .map(|(&action, area)| Button { action, area })
        .collect()
}

/// Where buttons of these widths go, in order, until the rows run out.
fn place_widths(widths: impl IntoIterator<Item = u16>, area: Rect) -> Vec<Rect> {
    let mut out = Vec::new();
    let (mut x, mut row) = (0u16, 0u16);
    for w in widths {
        let w = w.min(area.width);
        if x > 0 && x.saturating_add(w) > area.width {
            x = 0;
            row += 1;
        }
        if row >= area.height {
            break;
        }
        out.push(Rect::new(
            area.x.saturating_add(x),
            area.y.saturating_add(row),
            w,
            1,
        ));
        x = x.saturating_add(w).saturating_add(1);
    }
    out
}

/// A key of the open dialog, the help or a code being keyed in: what the bar shows, and the
/// key a click on it sends (none for a pair like ↑↓).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyButton {
    pub key: Option<Key>,
    pub shown: &'static str,
    pub label: text::T,
}

const fn kb(key: Option<Key>, shown: &'static str, label: text::T) -> KeyButton {
    KeyButton { key, shown, label }
}

/// While a dialog (or the help, or a keyed-in code) has the keyboard, the bar offers its own
/// keys, not the till's: F9 and "Esc Avbryt" under "Avslutte kassen?" would be wrong words.
pub(crate) fn dialog_keys(state: &State) -> Option<Vec<KeyButton>> {
    use text::T;
    let ok = kb(Some(Key::Enter), "Enter", T::BarKeyOk);
    let add = kb(Some(Key::Enter), "Enter", T::BarKeyAdd);
    let yes = kb(Some(Key::Enter), "Enter", T::BarKeyYes);
    let no = kb(Some(Key::Esc), "Esc", T::BarKeyNo);
    let cancel = kb(Some(Key::Esc), "Esc", T::BarKeyCancel);
    let close = kb(Some(Key::Esc), "Esc", T::BarKeyClose);
    let pick = kb(None, "↑↓", T::BarKeyPick);
    if state.show_help {
        return Some(vec![close]);
    }
    let Some(d) = &state.dialog else {
        return state.keyed.as_ref().map(|_| {
            vec![
                add,
                kb(Some(Key::Esc), "Esc", T::BarKeyDrop),
                kb(Some(Key::Backspace), "⌫", T::BarKeyErase),
            ]
        });
    };
    Some(match d {
        Dialog::Phone { .. }
        | Dialog::Quantity { .. }
        | Dialog::Discount { .. }
        | Dialog::RefundFind { .. }
        | Dialog::RefundAmount { .. }
        | Dialog::Cash { .. }
        | Dialog::Card { .. }
        | Dialog::ReturnFind { .. } => vec![ok, cancel],
        Dialog::Search { .. } => vec![pick, add, close],
        Dialog::RefundChecking { .. } => vec![cancel],
        // Only Enter closes it: the cashier must have read what the restart found.
        // The dialog's foot says when ↑↓ bring more.
        Dialog::RecoveredSales { .. } => vec![ok],
        Dialog::Report { .. } => vec![
            kb(None, "↑↓", T::BarKeyScroll),
            kb(Some(Key::Enter), "Enter", T::BarKeyClose),
        ],
        Dialog::RefundConfirm { .. }
        | Dialog::ConfirmQuit
        | Dialog::ConfirmClear
        | Dialog::ConfirmCancel
        | Dialog::ConfirmRelease
        | Dialog::ConfirmQuantity { .. }
        | Dialog::ConfirmCancelEnrol
        | Dialog::ConfirmZ => vec![yes, no],
        Dialog::Recall { .. } | Dialog::Resume { .. } => vec![pick, ok, close],
        Dialog::ReturnLines { .. } => vec![
            pick,
            kb(Some(Key::Char(' ')), "␣", T::BarKeyMark),
            ok,
            cancel,
        ],
        Dialog::DrawerAmount { .. } => {
            vec![ok, kb(Some(Key::Tab), "Tab", T::BarKeyField), cancel]
        }
        Dialog::OpenPrice { .. } => vec![add, kb(Some(Key::Tab), "Tab", T::BarKeyVat), cancel],
    })
}

fn key_button_width(settings: &Settings, b: &KeyButton) -> u16 {
    let chars = 3 + b.shown.chars().count() + text::t(settings.language, b.label).chars().count();
    u16::try_from(chars).unwrap_or(u16::MAX)
}

/// Where the dialog's keys sit on the bar.
pub(crate) fn place_keys(settings: &Settings, keys: &[KeyButton], area: Rect) -> Vec<Rect> {
    place_widths(keys.iter().map(|b| key_button_width(settings, b)), area)
}

/// Draws the dialog's keys in place of the till's.
pub(crate) fn draw_keys(frame: &mut Frame, area: Rect, settings: &Settings, keys: &[KeyButton]) {
    for (b, at) in keys.iter().zip(place_keys(settings, keys, area)) {
        let line = Line::from(vec![
            Span::styled("[", theme::button()),
            Span::styled(b.shown, theme::key()),
            Span::styled(" ", theme::button()),
            Span::styled(text::t(settings.language, b.label), theme::button()),
            Span::styled("]", theme::button()),
        ]);
        frame.render_widget(line, at);
    }
}

/// Rows the bar needs at `width` to show every button.
pub(crate) fn rows_needed(settings: &Settings, actions: &[Action], width: u16) -> u16 {
    let all = place(settings, actions, Rect::new(0, 0, width, u16::MAX));
    all.last().map_or(1, |b| b.area.y + 1)
}

/// Draws the till's buttons (a dialog's keys are drawn by [`draw_keys`] instead).
pub(crate) fn draw(frame: &mut Frame, area: Rect, settings: &Settings, actions: &[Action]) {
    let lang = settings.language;
    let (key_style, label_style) = (theme::key(), theme::button());
    for b in place(settings, actions, area) {
        let line = Line::from(vec![
            Span::styled("[", label_style),
            Span::styled(settings.keys.label(b.action), key_style),
            Span::styled(" ", label_style),
            Span::styled(text::action_label(lang, b.action), label_style),
            Span::styled("]", label_style),
        ]);
        frame.render_widget(line, b.area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb() -> Settings {
        Settings {
            checkin: false,
            language: crate::config::Language::Norwegian,
            login_scopes: String::new(),
            ..Settings::for_tests()
        }
    }

    const BAR: [Action; 4] = [Action::Phone, Action::Search, Action::Pay, Action::Quit];

    #[test]
    fn buttons_wrap_and_never_overlap() {
        // `[F2 Telefon]` 12, `[F4 Søk]` 8, `[F8 Betal]` 10, `[^C Avslutt]` 12.
        let area = Rect::new(3, 7, 24, 3);
        let placed = place(&nb(), &BAR, area);
        let at: Vec<(u16, u16, u16)> = placed
            .iter()
            .map(|b| (b.area.x, b.area.y, b.area.width))
            .collect();
        assert_eq!(at, vec![(3, 7, 12), (16, 7, 8), (3, 8, 10), (14, 8, 12)]);
        assert_eq!(rows_needed(&nb(), &BAR, 24), 2);
        assert_eq!(rows_needed(&nb(), &BAR, 80), 1);
    }

    #[test]
    fn what_does_not_fit_is_left_out() {
        let placed = place(&nb(), &BAR, Rect::new(0, 0, 24, 1));
        let actions: Vec<Action> = placed.iter().map(|b| b.action).collect();
        assert_eq!(actions, vec![Action::Phone, Action::Search]);
        assert!(place(&nb(), &BAR, Rect::new(0, 0, 24, 0)).is_empty());
        // A button wider than the bar is cut to it, never drawn past the edge.
        let narrow = place(&nb(), &BAR, Rect::new(0, 0, 5, 4));
        assert!(narrow.iter().all(|b| b.area.right() <= 5));
    }
}
