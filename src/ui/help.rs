//! The help overlay: every key and what it does.

use super::text::{action_help, t, T};
use super::theme;
use crate::config::{Environment, Language};
use crate::till::{Action, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

const KEYS: [Action; 28] = [
    Action::Help,
    Action::Phone,
    Action::Enroll,
    Action::CancelEnrol,
    Action::Search,
    Action::Quantity,
    Action::Discount,
    Action::Void,
    Action::Pay,
    Action::PayCash,
    Action::PayCard,
    Action::ParkBasket,
    Action::ResumeBasket,
    Action::ReturnSale,
    Action::OpeningFloat,
    Action::CashIn,
    Action::CashOut,
    Action::CountCash,
    Action::Background,
    Action::Refund,
    Action::Capture,
    Action::NewSale,
    Action::NoSale,
    Action::InAppReceipt,
    Action::PrintCopy,
    Action::XReport,
    Action::ZReport,
    Action::Quit,
];

const DEMO_KEYS: [Action; 5] = [
    Action::DemoScanMember,
    Action::DemoScanGuest,
    Action::DemoScanProduct,
    Action::DemoApprove,
    Action::DemoReject,
];

/// Every key with what it does. Keys a shop may not have are listed where it has them: the
/// return without a receipt where the shop allows it, the sign-out where cashiers sign in.
fn entries(lang: Language, state: &State) -> Vec<(String, &'static str)> {
    let keys = &state.settings.keys;
    let demo = state.settings.environment == Environment::Demo;
    let mut listed: Vec<Action> = KEYS.to_vec();
    if state.settings.returns_without_receipt {
        listed.push(Action::ReturnNoReceipt);
    }
    if state.signin.is_some() {
        listed.push(Action::SignOut);
    }
    let mut out: Vec<(String, &str)> = listed
        .iter()
        .map(|a| {
            // Help has two keys to show (`F1 ?`); Delete's place is in Void's sentence.
            let key = match a {
                Action::Help => keys.all_labels(*a),
                other => keys.label(*other),
            };
            (key, action_help(lang, *a))
        })
        .collect();
    out.extend([
        (keys.label(Action::CancelPayment), t(lang, T::KeyEsc)),
        ("↑ ↓".to_string(), t(lang, T::KeyArrows)),
        ("+ -".to_string(), t(lang, T::KeyPlusMinus)),
        ("Enter".to_string(), t(lang, T::KeyEnter)),
        ("PgUp".to_string(), t(lang, T::KeyPages)),
        ("0–9".to_string(), t(lang, T::KeyDigits)),
    ]);
    if demo {
        out.extend(
            DEMO_KEYS
                .iter()
                .map(|a| (keys.label(*a), action_help(lang, *a))),
        );
    }
    out
}

pub(crate) fn draw(frame: &mut Frame, screen: Rect, state: &State) {
    let lang = state.settings.language;
    let entries = entries(lang, state);
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

    let line = |(key, what): &(String, &'static str)| {
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
