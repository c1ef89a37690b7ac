//! The tender step on screen: what is owed, big, the parts paid, a return's refunds; and the
//! dialogs of cash, card, returns, parked baskets and the drawer.

use super::big;
use super::text::{clean, drawer_title, t, tender_name, w, T, W};
use super::theme;
use crate::domain::{round_cash, Money, ReceiptKind, TenderKind};
use crate::till::{quick_notes, Dialog, State, TenderStep};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// Rows the tender panel takes in the narrow layout (border included).
pub(crate) const HEIGHT: u16 = 12;

/// Rows the tender panel wants for `state` (border included): total, parts, rounding, what is
/// owed in big digits, a return's refunds.
pub(crate) fn height(state: &State) -> u16 {
    let Some(t) = &state.tender else {
        return 0;
    };
    let rows = 2
        + 1
        + t.parts.len()
        + usize::from(t.rounding != 0)
        + 4
        + t.plan.len() * 2
        + usize::from(state.settings.training);
    u16::try_from(rows).unwrap_or(HEIGHT)
}

/// While a Vipps payment of the whole sale is out, its own panel says it all.
pub(crate) fn shown(state: &State) -> bool {
    state
        .tender
        .as_ref()
        .is_some_and(|t| state.payment.is_none() || !t.parts.is_empty())
}

/// An amount in big digits, three rows.
fn big_amount(m: Money) -> Vec<Line<'static>> {
    big::render(&m.amount_text())
        .into_iter()
        .map(|r| Line::styled(r, theme::amount()))
        .collect()
}

pub(crate) fn draw_panel(frame: &mut Frame, area: Rect, state: &State) {
    let Some(tstep) = &state.tender else {
        return;
    };
    let lang = state.settings.language;
    let money = |m: i64| state.money(m);
    let title = match tstep.kind {
        ReceiptKind::Sale => w(lang, W::TenderTitle),
        ReceiptKind::Return => w(lang, W::ReturnTitle),
    };
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme::title()))
        .border_style(theme::big());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![Line::from(vec![
        Span::raw(format!("{}  ", t(lang, T::Total))),
        Span::styled(money(tstep.total).to_string(), theme::total()),
    ])];
    lines.extend(part_lines(state, tstep));
    if tstep.rounding != 0 {
        lines.push(Line::styled(
            format!("{}  {}", w(lang, W::Rounding), money(tstep.rounding)),
            theme::dim(),
        ));
    }
    if tstep.issuing {
        lines.push(Line::styled(w(lang, W::Issuing), theme::title()));
    } else {
        let owed_word = match tstep.kind {
            ReceiptKind::Sale => W::Owed,
            ReceiptKind::Return => W::ToGiveBack,
        };
        lines.push(Line::styled(w(lang, owed_word), theme::header()));
        lines.extend(big_amount(money(tstep.owed())));
    }
    for p in &tstep.plan {
        let name = match p.tender {
            TenderKind::Card { .. } => w(lang, W::TerminalRefund),
            ref k => tender_name(lang, k),
        };
        let sent = if p.sent { w(lang, W::Pending) } else { "" };
        lines.push(Line::from(format!("→ {name}  {}  {sent}", money(p.amount))));
    }
    if tstep.kind == ReceiptKind::Return && !tstep.plan.is_empty() {
        lines.push(Line::styled(w(lang, W::NextRefund), theme::key()));
    }
    if state.settings.training {
        lines.push(Line::styled(w(lang, W::Training), theme::warn()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn part_lines(state: &State, tstep: &TenderStep) -> Vec<Line<'static>> {
    let lang = state.settings.language;
    tstep
        .parts
        .iter()
        .map(|p| {
            let mut text = format!("{}  {}", tender_name(lang, &p.kind), state.money(p.amount));
            if let TenderKind::Cash { tendered, .. } = p.kind {
                if tendered != p.amount {
                    text.push_str(&format!(
                        "  ({} {})",
                        w(lang, W::Tendered),
                        state.money(tendered)
                    ));
                }
            }
            Line::styled(text, theme::good())
        })
        .collect()
}

/// The lines of a finished receipt's tenders and change, for the receipt on screen.
pub(crate) fn done_lines(state: &State) -> Vec<Line<'static>> {
    let Some(done) = &state.done else {
        return Vec::new();
    };
    let lang = state.settings.language;
    let r = &done.issued;
    let mut lines: Vec<Line<'static>> = r
        .tenders
        .iter()
        .map(|p| {
            Line::from(format!(
                "{}  {}",
                tender_name(lang, &p.kind),
                state.money(p.amount)
            ))
            .right_aligned()
        })
        .collect();
    if r.rounding != 0 {
        lines.push(
            Line::styled(
                format!("{}  {}", w(lang, W::Rounding), state.money(r.rounding)),
                theme::dim(),
            )
            .right_aligned(),
        );
    }
    if r.change() > 0 {
        lines.push(Line::styled(w(lang, W::Change), theme::header()).right_aligned());
        lines.extend(
            big_amount(state.money(r.change()))
                .into_iter()
                .map(|l| l.right_aligned()),
        );
    }
    lines
}

fn popup(frame: &mut Frame, screen: Rect, width: u16, height: u16, title: &str) -> Rect {
    let wdt = width.min(screen.width.saturating_sub(2));
    let h = height.min(screen.height.saturating_sub(2));
    let area = Rect::new(
        screen.x + (screen.width - wdt) / 2,
        screen.y + (screen.height - h) / 2,
        wdt,
        h,
    );
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme::title()))
        .border_style(theme::big());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

fn field(label: &str, input: &str) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{label}: ")),
        Span::styled(clean(input), theme::amount()),
        Span::styled("█", theme::dim()),
    ])
}

/// Draws the dialogs of this module; false for any other dialog.
pub(crate) fn draw_dialog(frame: &mut Frame, screen: Rect, state: &State, d: &Dialog) -> bool {
    let lang = state.settings.language;
    let owed = state.tender.as_ref().map_or(0, TenderStep::owed);
    match d {
        Dialog::Cash { input } => {
            let due = round_cash(owed, state.settings.country);
            let inner = popup(frame, screen, 64, 12, w(lang, W::CashTitle));
            let notes = quick_notes(state.settings.currency)
                .iter()
                .enumerate()
                .map(|(i, n)| format!("F{} {}", i + 2, n / 100))
                .collect::<Vec<_>>()
                .join("  ");
            let mut lines = vec![
                Line::from(format!("{}: {}", w(lang, W::CashDue), state.money(due))),
                field(w(lang, W::Tendered), input),
                Line::styled(format!("{}: {notes}", w(lang, W::QuickNotes)), theme::dim()),
            ];
            if let Some(tendered) = crate::domain::parse_minor(input).filter(|t| *t >= due) {
                lines.push(Line::styled(w(lang, W::Change), theme::header()));
                lines.extend(big_amount(state.money(tendered - due)));
            }
            lines.push(Line::styled(w(lang, W::CashKeys), theme::dim()));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Dialog::Card { input } => {
            let inner = popup(frame, screen, 60, 6, w(lang, W::CardTitle));
            let lines = vec![
                field(w(lang, W::CardRun), input),
                Line::default(),
                Line::styled(w(lang, W::CardKeys), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Dialog::ReturnFind { input, .. } => {
            let inner = popup(frame, screen, 60, 6, w(lang, W::ReturnFindTitle));
            let lines = vec![
                Line::styled(w(lang, W::ReturnFindHint), theme::dim()),
                field(t(lang, T::ReceiptNo), input),
                Line::default(),
                Line::styled(t(lang, T::OkCancel), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::ReturnLines {
            receipt,
            picked,
            selected,
            ..
        } => {
            let rows = u16::try_from(receipt.lines.len().min(12)).unwrap_or(12);
            let title = format!(
                "{} – {} {:06}",
                w(lang, W::ReturnLinesTitle),
                t(lang, T::ReceiptNo),
                receipt.number
            );
            let inner = popup(frame, screen, 64, rows + 4, &title);
            let mut lines: Vec<Line> = receipt
                .lines
                .iter()
                .zip(picked)
                .enumerate()
                .map(|(i, (l, p))| {
                    let mark = if *p { "[x]" } else { "[ ]" };
                    let text = format!(
                        "{mark} {}  {}  {}",
                        clean(&l.name),
                        l.quantity.display_text(),
                        state.money(l.total)
                    );
                    let style = if i == *selected {
                        theme::selected()
                    } else {
                        theme::border()
                    };
                    Line::styled(text, style)
                })
                .collect();
            lines.push(Line::default());
            lines.push(Line::styled(w(lang, W::ReturnLinesKeys), theme::dim()));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::Resume { selected } => {
            let rows = u16::try_from(state.parked.len().clamp(1, 10)).unwrap_or(10);
            let inner = popup(frame, screen, 52, rows + 4, w(lang, W::ResumeTitle));
            let mut lines: Vec<Line> = state
                .parked
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let who = p
                        .customer
                        .as_ref()
                        .and_then(|c| c.display_name())
                        .unwrap_or_default();
                    let text = format!(
                        "#{}  {} × {}  {}  {}",
                        p.id,
                        p.basket.lines.len(),
                        t(lang, T::Item),
                        p.basket.total(),
                        clean(&who)
                    );
                    let style = if i == *selected {
                        theme::selected()
                    } else {
                        theme::border()
                    };
                    Line::styled(text, style)
                })
                .collect();
            lines.push(Line::default());
            lines.push(Line::styled(t(lang, T::PickOkCancel), theme::dim()));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::DrawerAmount {
            op,
            input,
            reason,
            on_reason,
        } => {
            let inner = popup(frame, screen, 60, 8, drawer_title(lang, *op));
            let mut lines = Vec::new();
            if *op == crate::till::DrawerOp::Count {
                lines.push(Line::from(format!(
                    "{}: {}",
                    w(lang, W::Expected),
                    state.money(state.drawer.expected)
                )));
            }
            let amount_label = t(lang, T::Amount);
            if *on_reason {
                lines.push(Line::from(format!("{amount_label}: {}", clean(input))));
                lines.push(field(w(lang, W::Reason), reason));
            } else {
                lines.push(field(amount_label, input));
                if matches!(
                    op,
                    crate::till::DrawerOp::CashIn | crate::till::DrawerOp::CashOut
                ) {
                    lines.push(Line::from(format!(
                        "{}: {}",
                        w(lang, W::Reason),
                        clean(reason)
                    )));
                }
            }
            lines.push(Line::default());
            lines.push(Line::styled(w(lang, W::DrawerKeys), theme::dim()));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        _ => return false,
    }
    true
}
