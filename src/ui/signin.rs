//! The sign-in dialog and the training banner: what the books put on the till's screen.
//! The PIN is never drawn, only one dot per digit typed.

use super::dialogs::popup;
use super::text::{clean, signin_field, signin_notice, signin_prompt, signin_title};
use super::theme;
use crate::till::session::{Field, Notice};
use crate::till::State;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Draws the sign-in dialog over the till while it has the keyboard.
pub(super) fn draw(frame: &mut Frame, screen: Rect, state: &State) {
    let Some(s) = state
        .signin
        .as_ref()
        .filter(|_| crate::till::signin::required(state))
    else {
        return;
    };
    let lang = state.settings.language;
    let inner = popup(frame, screen, 54, 7, signin_title(lang));
    let cursor = |on: bool| {
        if on {
            Span::styled("█", theme::dim())
        } else {
            Span::raw("")
        }
    };
    let id_line = Line::from(vec![
        Span::raw(format!("{}: ", signin_field(lang, Field::Id))),
        Span::styled(clean(&s.id), theme::amount()),
        cursor(s.field == Field::Id),
    ]);
    let pin_line = Line::from(vec![
        Span::raw(format!("{}: ", signin_field(lang, Field::Pin))),
        Span::styled("•".repeat(s.pin_len()), theme::amount()),
        cursor(s.field == Field::Pin),
    ]);
    let notice_style = match s.notice {
        Notice::Wrong { .. } | Notice::Locked => theme::bad(),
        _ => theme::dim(),
    };
    let lines = vec![
        id_line,
        pin_line,
        Line::default(),
        Line::styled(signin_prompt(lang, s.field), theme::dim()),
        Line::styled(signin_notice(lang, s.notice), notice_style),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The one-line banner of a till in training mode.
pub(super) fn draw_banner(frame: &mut Frame, area: Rect, state: &State) {
    let text = super::text::training_banner(state.settings.language);
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {text}"), theme::warn())).style(theme::warn()),
        area,
    );
}
