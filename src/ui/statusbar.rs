//! The top line: shop, environment, scanner, printer, webhooks, API health, till id.

use super::text::{clean, t, T};
use super::theme;
use crate::printer::PrinterState;
use crate::till::{ApiHealth, ClubState, ScannerState, State, WebhookState};
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// From this width the scanner's state is spelled out, with its name.
const WIDE: u16 = 100;
/// A long shop name is cut so the states stay on screen.
const MAX_SHOP: usize = 24;

pub(crate) fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.settings.language;
    let env = state.settings.environment;
    let shop: String = clean(&state.settings.shop_name)
        .chars()
        .take(MAX_SHOP)
        .collect();
    let wide = area.width >= WIDE;
    let (scanner, scanner_style) = match &state.status.scanner {
        ScannerState::None if !wide => ("–".to_string(), theme::dim()),
        ScannerState::None => (t(lang, T::ScannerNone).to_string(), theme::dim()),
        // The scanner's name only where there is room for it next to the other states.
        ScannerState::Connected(name) if wide => (format!("✓ {}", clean(name)), theme::good()),
        ScannerState::Connected(_) => ("✓".to_string(), theme::good()),
        ScannerState::Disconnected(_) if !wide => ("✗".to_string(), theme::bad()),
        ScannerState::Disconnected(_) => (format!("✗ {}", t(lang, T::ScannerLost)), theme::bad()),
    };
    let (hooks, hooks_style) = match state.status.webhooks {
        WebhookState::Live => (t(lang, T::WebhooksLive).to_string(), theme::good()),
        WebhookState::PollingOnly => (t(lang, T::PollingOnly).to_string(), theme::warn()),
        WebhookState::Retrying { retry_in_secs, .. } if wide => (
            format!("{} {retry_in_secs} s", t(lang, T::WebhooksRetrying)),
            theme::warn(),
        ),
        WebhookState::Retrying { .. } => (t(lang, T::WebhooksRetrying).to_string(), theme::warn()),
    };
    let (api, api_style) = match &state.status.api {
        ApiHealth::Ok => (t(lang, T::ApiOk).to_string(), theme::good()),
        // The API's words are in the log (`runtime::convert::failure`), not on the bar.
        ApiHealth::Degraded(_) => (t(lang, T::ApiDegraded).to_string(), theme::bad()),
    };
    let mut spans = vec![
        Span::styled(format!(" {shop} "), theme::title()),
        Span::styled(format!(" {} ", env.label()), theme::environment(env)),
        Span::raw(format!("  {}: ", t(lang, T::Scanner))),
        Span::styled(scanner, scanner_style),
    ];
    // No printer configured: nothing to show (receipts are on screen).
    let printer = match &state.status.printer {
        PrinterState::None => None,
        PrinterState::Starting => Some(("…".to_string(), theme::dim())),
        PrinterState::Ready {
            drawer_open: true, ..
        } => Some((t(lang, T::PrinterDrawerOpen).to_string(), theme::warn())),
        PrinterState::Ready {
            paper_low: true, ..
        } => Some((t(lang, T::PrinterPaperLow).to_string(), theme::warn())),
        PrinterState::Ready { waiting: 0, .. } => {
            Some((t(lang, T::PrinterReady).to_string(), theme::good()))
        }
        PrinterState::Ready { waiting, .. } => Some((format!("… {waiting}"), theme::warn())),
        PrinterState::Away { waiting, .. } => Some((
            format!("✗ {} ({waiting})", t(lang, T::PrinterAway)),
            theme::bad(),
        )),
    };
    if let Some((text, style)) = printer {
        spans.push(Span::raw(format!("  {}: ", t(lang, T::Printer))));
        spans.push(Span::styled(text, style));
    }
    spans.extend([
        Span::raw(format!("  {}: ", t(lang, T::Webhooks))),
        Span::styled(hooks, hooks_style),
        Span::raw(format!("  {}: ", t(lang, T::Api))),
        Span::styled(api, api_style),
    ]);
    // Only trouble is shown (a till on its own or with its club in reach looks as it always
    // did), and early in the line, so a narrow screen cuts something else.
    if state.status.club == ClubState::Offline {
        spans.insert(
            2,
            Span::styled(format!(" {} ", t(lang, T::ClubOffline)), theme::bad()),
        );
    }
    let left = Line::from(spans);
    let till = format!("{} {} ", t(lang, T::Till), clean(&state.settings.pos_id));
    let till_width = u16::try_from(till.chars().count()).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new("").style(theme::status_bar()), area);
    let left_width = u16::try_from(left.width())
        .unwrap_or(u16::MAX)
        .min(area.width);
    frame.render_widget(
        Paragraph::new(left),
        Rect {
            width: left_width,
            ..area
        },
    );
    // The till id only shows where it does not cover the states on the left.
    if left_width.saturating_add(till_width) < area.width {
        let right = Paragraph::new(till)
            .alignment(Alignment::Right)
            .style(theme::dim());
        let rest = Rect {
            x: area.x + left_width,
            width: area.width - left_width,
            ..area
        };
        frame.render_widget(right, rest);
    }
}
