//! The command bar: a button for each action valid now, wrapped over a few rows. Drawing and
//! the mouse hit test place buttons with the same function, so a click lands where it shows.

use super::{text, theme};
use crate::till::{Action, Settings};
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
    let mut out = Vec::with_capacity(actions.len());
    let (mut x, mut row) = (0u16, 0u16);
    for &a in actions {
        let w = button_width(settings, a).min(area.width);
        if x > 0 && x.saturating_add(w) > area.width {
            x = 0;
            row += 1;
        }
        if row >= area.height {
            break;
        }
        out.push(Button {
            action: a,
            area: Rect::new(area.x.saturating_add(x), area.y.saturating_add(row), w, 1),
        });
        x = x.saturating_add(w).saturating_add(1);
    }
    out
}

/// Rows the bar needs at `width` to show every button.
pub(crate) fn rows_needed(settings: &Settings, actions: &[Action], width: u16) -> u16 {
    let all = place(settings, actions, Rect::new(0, 0, width, u16::MAX));
    all.last().map_or(1, |b| b.area.y + 1)
}

pub(crate) fn draw(
    frame: &mut Frame,
    area: Rect,
    settings: &Settings,
    actions: &[Action],
    idle: bool,
) {
    let lang = settings.language;
    let (key_style, label_style) = if idle {
        (theme::dim(), theme::dim())
    } else {
        (theme::key(), theme::button())
    };
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
