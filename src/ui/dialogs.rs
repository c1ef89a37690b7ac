//! Dialogs as centred popups over the till: phone entry, search, quantity, discount, refund,
//! recall, and the two confirmations.

use super::text::{clean, money_moved, msisdn_error, recovered, t, T};
use super::theme;
use crate::domain::{Money, Msisdn, Quantity};
use crate::till::{Dialog, SaleSummary, SearchHit, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

/// A popup of at most `width` × `height` centred on `screen`; returns the inner area.
pub(super) fn popup(frame: &mut Frame, screen: Rect, width: u16, height: u16, title: &str) -> Rect {
    let w = width.min(screen.width.saturating_sub(2));
    let h = height.min(screen.height.saturating_sub(2));
    let area = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
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

/// `label: input█`, the field being typed in.
fn field<'a>(label: &'a str, input: &str) -> Line<'a> {
    Line::from(vec![
        Span::raw(format!("{label}: ")),
        Span::styled(clean(input), theme::amount()),
        Span::styled("█", theme::dim()),
    ])
}

pub(crate) fn draw(frame: &mut Frame, screen: Rect, state: &State) {
    let Some(d) = &state.dialog else {
        return;
    };
    let lang = state.settings.language;
    let tr = |what| t(lang, what);
    let selected_line = state.selected.and_then(|i| state.basket.lines.get(i));
    if super::tender::draw_dialog(frame, screen, state, d) {
        return;
    }
    match d {
        Dialog::Phone { input, error } => {
            let inner = popup(frame, screen, 52, 6, tr(T::PhoneTitle));
            let check = if error.is_some() || !input.trim().is_empty() {
                match Msisdn::parse(input, state.settings.country) {
                    Ok(m) => Line::styled(format!("✓ {}", m.pretty()), theme::good()),
                    Err(e) => Line::styled(format!("✗ {}", msisdn_error(lang, &e)), theme::bad()),
                }
            } else {
                Line::default()
            };
            let lines = vec![
                field(tr(T::PhonePrompt), input),
                check,
                Line::default(),
                Line::styled(tr(T::OkCancel), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Dialog::Search {
            query,
            results,
            selected,
        } => {
            let rows = u16::try_from(results.len())
                .unwrap_or(u16::MAX)
                .clamp(1, 12);
            let inner = popup(frame, screen, 64, rows + 5, tr(T::SearchTitle));
            let [head, list, foot] = Layout::vertical([
                Constraint::Length(2),
                Constraint::Min(0),
                Constraint::Length(1),
            ])
            .areas(inner);
            frame.render_widget(Paragraph::new(field(tr(T::SearchPrompt), query)), head);
            if query.trim().chars().count() < 2 {
                frame.render_widget(Paragraph::new(tr(T::SearchHint)).style(theme::dim()), list);
            } else if results.is_empty() {
                frame.render_widget(Paragraph::new(tr(T::NoHits)).style(theme::dim()), list);
            } else {
                draw_hits(frame, list, results, *selected);
            }
            frame.render_widget(
                Paragraph::new(tr(T::PickOkCancel)).style(theme::dim()),
                foot,
            );
        }
        Dialog::Quantity { input } => {
            let inner = popup(frame, screen, 52, 6, tr(T::QuantityTitle));
            let (name, now, prompt) = match selected_line {
                Some(l) => {
                    let prompt = match l.quantity {
                        Quantity::Grams(_) => T::QuantityGrams,
                        Quantity::Pieces(_) => T::QuantityPieces,
                    };
                    (clean(&l.name), l.quantity.display_text(), prompt)
                }
                None => (String::new(), String::new(), T::QuantityPieces),
            };
            let lines = vec![
                Line::from(vec![
                    Span::styled(name, theme::title()),
                    Span::raw(format!("  ({now})")),
                ]),
                field(tr(prompt), input),
                Line::default(),
                Line::styled(tr(T::OkCancel), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::Discount { input } => {
            let inner = popup(frame, screen, 56, 7, tr(T::DiscountTitle));
            let (name, gross) = selected_line.map_or((String::new(), String::new()), |l| {
                (
                    clean(&l.name),
                    Money::new(l.gross(), state.basket.currency).to_string(),
                )
            });
            let lines = vec![
                Line::from(vec![
                    Span::styled(name, theme::title()),
                    Span::raw(format!("  ({gross})")),
                ]),
                Line::styled(tr(T::DiscountHint), theme::dim()),
                field(tr(T::Discount), input),
                Line::default(),
                Line::styled(tr(T::OkCancel), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::RefundFind { input, error } => {
            let inner = popup(frame, screen, 56, 7, tr(T::RefundFindTitle));
            let mut lines = vec![
                Line::styled(tr(T::RefundFindHint), theme::dim()),
                field(tr(T::SaleLabel), input),
                // The store's words ("no sale `999`") are logged; the cashier reads a sentence.
                error_line(error.as_ref().map(|_| tr(T::NoSuchSale))),
                Line::default(),
                Line::styled(tr(T::OkCancel), theme::dim()),
            ];
            lines.truncate(usize::from(inner.height));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Dialog::RefundAmount { sale, input, error } => {
            let inner = popup(frame, screen, 60, 9, tr(T::RefundAmountTitle));
            let lines = refund_amount_lines(state, sale, input, error.as_deref());
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::RefundChecking { sale } => {
            let inner = popup(frame, screen, 56, 5, tr(T::RefundCheckingTitle));
            let lines = vec![
                Line::styled(
                    format!("{} {}", tr(T::ReceiptNo), clean(&sale.receipt_number)),
                    theme::title(),
                ),
                Line::styled(tr(T::RefundChecking), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Dialog::RefundConfirm { sale, amount } => {
            let inner = popup(frame, screen, 60, 7, tr(T::RefundConfirmTitle));
            let lines = vec![
                Line::from(format!(
                    "{} {}  ·  {}",
                    tr(T::ReceiptNo),
                    clean(&sale.receipt_number),
                    clean(&sale.reference)
                )),
                Line::from(vec![
                    Span::raw(format!("{}: ", tr(T::RefundConfirmText))),
                    Span::styled(
                        Money::new(*amount, sale.total.currency).to_string(),
                        theme::amount(),
                    ),
                ]),
                Line::default(),
                Line::styled(tr(T::RefundConfirmKeys), theme::title()),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Dialog::Recall { selected } => {
            let rows =
                u16::try_from(state.background.len() + state.failed.len()).unwrap_or(u16::MAX);
            let inner = popup(
                frame,
                screen,
                56,
                rows.saturating_add(3),
                tr(T::RecallTitle),
            );
            let [list, foot] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
            let waiting = state.background.iter().map(|p| {
                format!(
                    "{}  {}  {}",
                    clean(&p.receipt_number),
                    p.customer.msisdn.masked(),
                    p.amount
                )
            });
            let failed = state.failed.iter().map(|f| {
                format!(
                    "{}  {}  {}  ✗ {}",
                    clean(&f.receipt_number),
                    f.customer.msisdn.masked(),
                    f.amount,
                    tr(T::NotPaid)
                )
            });
            let lines: Vec<Line> = waiting
                .chain(failed)
                .enumerate()
                .skip(scroll(*selected, usize::from(list.height)))
                .take(usize::from(list.height))
                .map(|(i, text)| {
                    let line = Line::from(text);
                    if i == *selected {
                        line.style(theme::selected())
                    } else {
                        line
                    }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), list);
            frame.render_widget(
                Paragraph::new(tr(T::PickOkCancel)).style(theme::dim()),
                foot,
            );
        }
        Dialog::ConfirmQuit => confirm(
            frame,
            screen,
            tr(T::ConfirmQuitTitle),
            if state.payment.is_some() || !state.background.is_empty() {
                tr(T::ConfirmQuitText)
            } else if !state.failed.is_empty() {
                tr(T::ConfirmQuitFailedText)
            } else {
                tr(T::ConfirmQuitBasketText)
            },
            tr(T::YesNo),
        ),
        Dialog::ConfirmQuantity { quantity } => {
            let name = selected_line.map(|l| clean(&l.name)).unwrap_or_default();
            let body = format!(
                "{name}: {}. {}",
                quantity.display_text(),
                tr(T::ConfirmQuantityText)
            );
            confirm(
                frame,
                screen,
                tr(T::ConfirmQuantityTitle),
                &body,
                tr(T::YesNo),
            );
        }
        Dialog::ConfirmCancel => confirm(
            frame,
            screen,
            tr(T::ConfirmCancelTitle),
            tr(T::ConfirmCancelText),
            tr(T::YesNo),
        ),
        Dialog::ConfirmRelease => confirm(
            frame,
            screen,
            tr(T::ConfirmReleaseTitle),
            tr(T::ConfirmReleaseText),
            tr(T::YesNo),
        ),
        Dialog::ConfirmClear => confirm(
            frame,
            screen,
            tr(T::ConfirmClearTitle),
            tr(T::ConfirmClearText),
            tr(T::YesNo),
        ),
        Dialog::ConfirmCancelEnrol => confirm(
            frame,
            screen,
            tr(T::ConfirmCancelEnrolTitle),
            tr(T::ConfirmCancelEnrolText),
            tr(T::YesNo),
        ),
        Dialog::OpenPrice { code, input, vat } => {
            let inner = popup(frame, screen, 52, 7, tr(T::OpenPriceTitle));
            let groups = crate::domain::vat_groups(state.settings.country);
            let rates = groups
                .iter()
                .enumerate()
                .filter_map(|(i, bp)| {
                    let rate = crate::domain::VatRate::from_basis_points(*bp)?.to_string();
                    let style = if i == *vat {
                        theme::selected()
                    } else {
                        theme::dim()
                    };
                    Some([Span::styled(format!(" {rate} "), style), Span::raw(" ")])
                })
                .flatten();
            let lines = vec![
                Line::from(format!("{}: {}", tr(T::OpenPriceCode), clean(code))),
                field(tr(T::OpenPricePrice), input),
                Line::from(
                    [Span::raw(format!("{}: ", tr(T::OpenPriceVat)))]
                        .into_iter()
                        .chain(rates)
                        .collect::<Vec<_>>(),
                ),
                Line::default(),
                Line::styled(tr(T::OkCancel), theme::dim()),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::RecoveredSales { top } => recovered_sales(frame, screen, state, *top),
        Dialog::ConfirmZ => confirm(
            frame,
            screen,
            tr(T::ConfirmZTitle),
            tr(T::ConfirmZText),
            tr(T::YesNo),
        ),
        Dialog::Report { report, top } => draw_report(frame, screen, state, report, *top),
        // Drawn by `tender::draw_dialog` above.
        _ => {}
    }
}

fn error_line(error: Option<&str>) -> Line<'static> {
    match error {
        Some(e) => Line::styled(format!("✗ {}", clean(e)), theme::bad()),
        None => Line::default(),
    }
}

/// The first row to show so that `selected` is in a window of `height` rows.
fn scroll(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}

fn draw_hits(frame: &mut Frame, area: Rect, results: &[SearchHit], selected: usize) {
    let height = usize::from(area.height);
    let rows = results
        .iter()
        .enumerate()
        .skip(scroll(selected, height))
        .take(height)
        .map(|(i, h)| {
            let row = Row::new(vec![
                Cell::from(clean(&h.name)),
                Cell::from(Line::from(h.price.to_string()).right_aligned()),
            ]);
            if i == selected {
                row.style(theme::selected())
            } else {
                row
            }
        });
    let table = Table::new(rows, [Constraint::Fill(1), Constraint::Length(14)]);
    frame.render_widget(table, area);
}

fn refund_amount_lines<'a>(
    state: &State,
    sale: &SaleSummary,
    input: &str,
    error: Option<&str>,
) -> Vec<Line<'a>> {
    let lang = state.settings.language;
    let money = |minor: i64| Money::new(minor, sale.total.currency).to_string();
    vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", t(lang, T::ReceiptNo), clean(&sale.receipt_number)),
                theme::title(),
            ),
            Span::styled(format!("  {}", clean(&sale.reference)), theme::dim()),
        ]),
        Line::from(format!(
            "{} {}  ·  {} {}",
            t(lang, T::Total),
            sale.total,
            t(lang, T::Captured),
            money(sale.captured),
        )),
        Line::from(vec![
            Span::raw(format!(
                "{} {}  ·  ",
                t(lang, T::Refunded),
                money(sale.refunded)
            )),
            Span::styled(
                format!(
                    "{} {}",
                    t(lang, T::AtMost),
                    money(sale.captured - sale.refunded)
                ),
                theme::warn(),
            ),
        ]),
        field(t(lang, T::Amount), input),
        error_line(error),
        Line::styled(t(lang, T::OkCancel), theme::dim()),
    ]
}

fn confirm(frame: &mut Frame, screen: Rect, title: &str, body: &str, keys: &str) {
    // Wrapped at words, a line holds a little less than the 48 columns inside.
    let body_rows = u16::try_from(body.chars().count().div_ceil(42)).unwrap_or(u16::MAX);
    let inner = popup(frame, screen, 50, body_rows.max(3).saturating_add(4), title);
    let lines = vec![
        Line::from(body.to_string()),
        Line::default(),
        Line::styled(keys.to_string(), theme::title()),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// Every recovered sale whole: whether money moved, in bold, then the note, wrapped to the
/// width; Enter closes it. On a screen too short for all, they show from sale `top` (the
/// arrows move it) and the foot says which are on screen.
fn recovered_sales(frame: &mut Frame, screen: Rect, state: &State, top: usize) {
    let lang = state.settings.language;
    let width: u16 = 76;
    let room = usize::from(width.min(screen.width.saturating_sub(2)).saturating_sub(2)).max(1);
    let rows_of =
        |r: &crate::till::Recovered| 1 + (recovered(lang, r).chars().count() + 2).div_ceil(room);
    let rows: usize = state.recovered.iter().map(rows_of).sum();
    let height = u16::try_from(rows + 3).unwrap_or(u16::MAX);
    let inner = popup(frame, screen, width, height, t(lang, T::RecoveredTitle));
    let [list, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let first = top.min(state.recovered.len().saturating_sub(1));
    let mut lines = Vec::with_capacity(state.recovered.len() * 2);
    let (mut used, mut shown) = (0, 0);
    for r in state.recovered.iter().skip(first) {
        used += rows_of(r);
        if used <= usize::from(list.height) {
            shown += 1;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", clean(&r.what)), theme::amount()),
            Span::styled(money_moved(lang, r.note.money()), theme::title()),
        ]));
        let note = recovered(lang, r);
        let text = note
            .split_once(": ")
            .map_or(note.as_str(), |(_, rest)| rest);
        lines.push(Line::raw(format!("  {text}")));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), list);
    let all = state.recovered.len();
    let ack = t(lang, T::RecoveredAck);
    let foot_text = if first == 0 && shown >= all {
        ack.to_string()
    } else {
        let to = (first + shown.max(1)).min(all);
        format!("{}–{to}/{all} ↑↓  {ack}", first + 1)
    };
    frame.render_widget(Paragraph::new(foot_text).style(theme::dim()), foot);
}

/// Report lines the report dialog shows on a screen of size `screen`: all rows but the
/// popup's margin (2), its border (2) and its foot (1).
pub(crate) fn report_rows(screen: Rect) -> usize {
    usize::from(screen.height.saturating_sub(5)).max(1)
}

/// An X or Z report, from line `top`, as many lines as fit; the foot says how to scroll.
fn draw_report(
    frame: &mut Frame,
    screen: Rect,
    state: &State,
    report: &crate::till::ShownReport,
    top: usize,
) {
    let lang = state.settings.language;
    let width = u16::try_from(super::text::REPORT_WIDTH + 4).unwrap_or(u16::MAX);
    let height = u16::try_from(report.lines.len() + 3).unwrap_or(u16::MAX);
    let inner = popup(frame, screen, width, height, &clean(&report.title));
    let [list, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let rows = usize::from(list.height);
    let first = top.min(report.lines.len().saturating_sub(rows));
    let lines: Vec<Line> = report
        .lines
        .iter()
        .skip(first)
        .take(rows)
        .map(|l| Line::raw(clean(l)))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let shown = (first + rows).min(report.lines.len());
    let position = format!(
        "{shown}/{}  {}",
        report.lines.len(),
        t(lang, T::ReportScroll)
    );
    frame.render_widget(Paragraph::new(position).style(theme::dim()), foot);
}
