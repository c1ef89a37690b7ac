//! Who is paying: the customer panel, and the enrolment panel with the binding message big
//! enough to compare with the customer's phone across the counter.

use super::text::{clean, t, T};
use super::{big, countdown, spinner, theme};
use crate::till::{CheckIn, EnrolPhase, Enrolment, Membership, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

/// Rows the customer panel takes (border included).
pub(crate) const HEIGHT: u16 = 6;

pub(crate) fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.settings.language;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", t(lang, T::Customer)),
            theme::title(),
        ))
        .border_style(theme::border());
    let Some(c) = &state.customer else {
        let p = Paragraph::new(t(lang, T::NoCustomer))
            .style(theme::dim())
            .wrap(Wrap { trim: true })
            .block(block);
        frame.render_widget(p, area);
        return;
    };
    let mut lines = Vec::with_capacity(4);
    lines.push(Line::styled(c.msisdn.masked(), theme::title()));
    match &c.membership {
        Membership::Looking => lines.push(Line::from(format!(
            "{} {}",
            spinner(state.now_ms),
            t(lang, T::LookingUp)
        ))),
        Membership::Member { name } => {
            lines.push(Line::styled(t(lang, T::Member), theme::member()));
            if let Some(name) = name {
                lines.push(Line::styled(clean(name), theme::title()));
            }
        }
        Membership::NotMember => {
            lines.push(Line::styled(t(lang, T::NotMember), theme::warn()));
            let enrolling = state
                .enrolment
                .as_ref()
                .is_some_and(|e| !matches!(e.phase, EnrolPhase::Failed(_)));
            if !enrolling {
                lines.push(Line::styled(t(lang, T::EnrolHint), theme::dim()));
            }
        }
        // The reason is the database's or the API's words: the log has it, not the screen.
        Membership::Unknown { .. } => {
            lines.push(Line::styled(t(lang, T::MemberUnknown), theme::warn()));
        }
    }
    match &c.checkin {
        CheckIn::NotSent => {}
        CheckIn::Sending => lines.push(Line::styled(t(lang, T::CheckinSending), theme::dim())),
        CheckIn::Sent => lines.push(Line::styled(t(lang, T::CheckinSent), theme::dim())),
        CheckIn::Failed(_) => lines.push(Line::styled(t(lang, T::CheckinFailed), theme::dim())),
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Rows the enrolment panel wants: the big code while it runs, two lines once it failed.
pub(crate) fn enrolment_height(e: &Enrolment) -> u16 {
    match e.phase {
        EnrolPhase::Failed(_) => 4,
        _ => 2 + 1 + big::HEIGHT + 1,
    }
}

pub(crate) fn draw_enrolment(frame: &mut Frame, area: Rect, state: &State, e: &Enrolment) {
    let lang = state.settings.language;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} · {} ", t(lang, T::Enrolment), e.msisdn.masked()),
            theme::title(),
        ))
        .border_style(theme::big());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let code = clean(&e.binding_message);
    let status = match &e.phase {
        // The Login API's own words go to the log; the cashier reads what to do.
        EnrolPhase::Failed(_) => {
            let lines = vec![
                Line::styled(t(lang, T::EnrolFailed), theme::bad()),
                Line::styled(t(lang, T::EnrolFailedNext), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        }
        EnrolPhase::Starting => format!("{} {}", spinner(state.now_ms), t(lang, T::EnrolStarting)),
        EnrolPhase::Waiting { .. } => format!(
            "{} {}  {} {}",
            spinner(state.now_ms),
            t(lang, T::EnrolWaiting),
            t(lang, T::ExpiresIn),
            countdown(state.now_ms, e.expires_at_ms)
        ),
    };
    let [head, code_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(big::HEIGHT),
        Constraint::Length(1),
    ])
    .areas(inner);
    // The code the customer compares is never cut: the sentence before it gives way.
    let room = usize::from(head.width).saturating_sub(code.chars().count() + 1);
    let head_line = Line::from(vec![
        Span::raw(shorten(t(lang, T::EnrolCompare), room)),
        Span::raw(" "),
        Span::styled(code.clone(), theme::big()),
    ]);
    frame.render_widget(Paragraph::new(head_line), head);
    if big::width(&code) <= code_area.width {
        let rows: Vec<Line> = big::render(&code)
            .into_iter()
            .map(|r| Line::styled(r, theme::big()).centered())
            .collect();
        frame.render_widget(Paragraph::new(rows), code_area);
    } else {
        let line = Line::styled(code, theme::big()).centered();
        frame.render_widget(Paragraph::new(line), code_area);
    }
    frame.render_widget(Paragraph::new(status), foot);
}

/// `text` in at most `room` characters, ending in `…` when it had to be cut.
fn shorten(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_string();
    }
    let mut out: String = text.chars().take(room.saturating_sub(1)).collect();
    if room > 0 {
        out.push('…');
    }
    out
}
