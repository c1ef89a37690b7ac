//! The help overlay: every key and what it does.

use super::text::{action_help, t, T};
use super::theme;
use crate::config::{Environment, Language};
use crate::till::{key_label, Action, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

const KEYS: [Action; 15] = [
    Action::Help,
    Action::Phone,
    Action::Enroll,
    Action::Search,
    Action::Quantity,
    Action::Discount,
    Action::Void,
    Action::Pay,
    Action::Background,
    Action::Refund,
    Action::Capture,
    Action::NewSale,
    Action::NoSale,
    Action::InAppReceipt,
    Action::Quit,
];

const DEMO_KEYS: [Action; 5] = [
    Action::DemoScanMember,
    Action::DemoScanGuest,
    Action::DemoScanProduct,
    Action::DemoApprove,
    Action::DemoReject,
];

fn entries(lang: Language, demo: bool) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = KEYS
        .iter()
        .map(|a| {
            let key = match a {
                Action::Help => "F1 ?",
                other => key_label(*other),
            };
            (key, action_help(lang, *a))
        })
        .collect();
    out.extend([
        ("Esc", t(lang, T::KeyEsc)),
        ("↑ ↓", t(lang, T::KeyArrows)),
        ("+ -", t(lang, T::KeyPlusMinus)),
        ("Enter", t(lang, T::KeyEnter)),
    ]);
    if demo {
        out.extend(
            DEMO_KEYS
                .iter()
                .map(|a| (key_label(*a), action_help(lang, *a))),
        );
    }
    out
}

pub(crate) fn draw(frame: &mut Frame, screen: Rect, state: &State) {
    let lang = state.settings.language;
    let entries = entries(lang, state.settings.environment == Environment::Demo);
    let two_columns = screen.width >= 70;
    let per_column = if two_columns {
        entries.len().div_ceil(2)
    } else {
        entries.len()
    };
    let want_height = u16::try_from(per_column + 3).unwrap_or(u16::MAX);
    let w = screen.width.saturating_sub(4).min(100);
    let h = want_height.min(screen.height.saturating_sub(2));
    let area = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    );
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", t(lang, T::Help)),
            theme::title(),
        ))
        .title_bottom(Line::styled(
            format!(" {} ", t(lang, T::HelpClose)),
            theme::dim(),
        ))
        .border_style(theme::big());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);

    let line = |(key, what): &(&'static str, &'static str)| {
        Line::from(vec![
            Span::styled(format!("{key:>5}"), theme::key()),
            Span::raw(" "),
            Span::raw(*what),
        ])
    };
    if two_columns {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        let (a, b) = entries.split_at(per_column.min(entries.len()));
        frame.render_widget(Paragraph::new(a.iter().map(line).collect::<Vec<_>>()), left);
        frame.render_widget(
            Paragraph::new(b.iter().map(line).collect::<Vec<_>>()),
            right,
        );
    } else {
        frame.render_widget(
            Paragraph::new(entries.iter().map(line).collect::<Vec<_>>()),
            inner,
        );
    }
}
