//! Demo mode: what the simulated customer's phone shows, and the keys that answer for them.

use super::text::{clean, t, T};
use super::theme;
use crate::till::{PhoneRequest, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

pub(crate) fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.settings.language;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", t(lang, T::Phone)),
            theme::title(),
        ))
        .border_style(theme::environment(state.settings.environment));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list_area, keys_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(inner);

    let lines: Vec<Line> = if state.phone.is_empty() {
        vec![Line::styled(t(lang, T::PhoneEmpty), theme::dim())]
    } else {
        state
            .phone
            .iter()
            .take(usize::from(list_area.height))
            .enumerate()
            .map(|(i, r)| {
                // The first request is the one the demo keys answer.
                let (mark, style) = if i == 0 {
                    ("▶ ", theme::title())
                } else {
                    ("  ", theme::dim())
                };
                let what = match r {
                    PhoneRequest::Payment { amount, .. } => {
                        format!("{} {amount}", t(lang, T::PhonePay))
                    }
                    PhoneRequest::Login {
                        binding_message, ..
                    } => format!("{} {}", t(lang, T::PhoneLogin), clean(binding_message)),
                };
                Line::styled(format!("{mark}{what}"), style)
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), list_area);

    let mut keys = Vec::with_capacity(2);
    if !state.phone.is_empty() {
        keys.push(Line::styled(t(lang, T::PhoneAnswer), theme::warn()));
    }
    if state.payment.is_none() {
        keys.push(Line::styled(t(lang, T::DemoScans), theme::dim()));
    }
    frame.render_widget(Paragraph::new(keys), keys_area);
}
