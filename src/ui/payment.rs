//! The payment on screen, the sales parked in the background, sales recovered at start, and
//! the finished sale's receipt.

use super::text::{clean, recovered, step_name, t, T};
use super::{countdown, spinner, theme};
use crate::domain::{Money, VatRate};
use crate::till::{DoneSale, PayStep, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// Rows the payment panel takes (border included).
pub(crate) const HEIGHT: u16 = 7;

pub(crate) fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(p) = &state.payment else {
        return;
    };
    let lang = state.settings.language;
    let approved = p.step == PayStep::Authorized;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", t(lang, T::Payment)),
            theme::title(),
        ))
        .border_style(if approved {
            theme::good()
        } else {
            theme::big()
        });
    let mark = if approved {
        "✓"
    } else {
        spinner(state.now_ms)
    };
    let step_style = if approved {
        theme::good()
    } else {
        theme::title()
    };
    let mut lines = vec![
        Line::styled(format!("{mark} {}", step_name(lang, &p.step)), step_style),
        Line::styled(p.amount.to_string(), theme::amount()),
    ];
    if p.step == PayStep::Waiting {
        lines.push(Line::from(format!(
            "{} {}",
            t(lang, T::ExpiresIn),
            countdown(state.now_ms, p.expires_at_ms)
        )));
    }
    if !p.receipt_number.is_empty() {
        lines.push(Line::styled(
            format!("{} {}", t(lang, T::ReceiptNo), clean(&p.receipt_number)),
            theme::dim(),
        ));
    }
    if !p.reference.is_empty() {
        lines.push(Line::styled(clean(&p.reference), theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

pub(crate) fn draw_parked(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.settings.language;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ({}) ", t(lang, T::Parked), state.background.len()),
            theme::title(),
        ))
        .border_style(theme::border());
    let rows = usize::from(area.height.saturating_sub(2));
    let lines: Vec<Line> = state
        .background
        .iter()
        .take(rows)
        .map(|p| {
            Line::from(vec![
                Span::raw(format!("{} ", spinner(state.now_ms))),
                Span::styled(format!("{}  ", clean(&p.receipt_number)), theme::dim()),
                Span::styled(p.amount.to_string(), theme::title()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

pub(crate) fn draw_recovered(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.settings.language;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", t(lang, T::Recovered)),
            theme::warn(),
        ))
        .border_style(theme::warn());
    let rows = usize::from(area.height.saturating_sub(2));
    let lines: Vec<Line> = state
        .recovered
        .iter()
        .take(rows)
        .map(|r| Line::from(recovered(lang, r)))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The finished sale: the receipt as sent with the payment, and how to go on.
pub(crate) fn draw_done(frame: &mut Frame, area: Rect, state: &State, done: &DoneSale) {
    let lang = state.settings.language;
    let receipt = &done.receipt;
    let currency = receipt.bottom_line.currency;
    let money = |minor: i64| Money::new(minor, currency).to_string();
    let block = Block::bordered()
        .title(Span::styled(
            format!(
                " {} {} ",
                t(lang, T::Receipt),
                clean(&receipt.bottom_line.receipt_number)
            ),
            theme::title(),
        ))
        .border_style(theme::good());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // VAT per rate over the receipt's lines, highest rate first.
    let mut vat: Vec<(u16, i64, i64)> = Vec::new();
    for l in &receipt.order_lines {
        match vat.iter_mut().find(|v| v.0 == l.tax_rate) {
            Some(v) => {
                v.1 += l.total_amount_excluding_tax;
                v.2 += l.total_tax_amount;
            }
            None => vat.push((l.tax_rate, l.total_amount_excluding_tax, l.total_tax_amount)),
        }
    }
    vat.sort_by_key(|v| std::cmp::Reverse(v.0));

    let mut foot = Vec::with_capacity(vat.len() + 5);
    foot.push(
        Line::from(vec![
            Span::styled(format!("{}  ", t(lang, T::Total)), theme::total()),
            Span::styled(done.total.to_string(), theme::amount()),
        ])
        .right_aligned(),
    );
    for (rate, excl, tax) in &vat {
        let rate = VatRate::from_basis_points(*rate)
            .map_or_else(|| format!("{rate} bp"), |r| r.to_string());
        foot.push(
            Line::from(format!(
                "{} {rate} {} {}: {}",
                t(lang, T::Vat),
                t(lang, T::VatOf),
                money(*excl),
                money(*tax)
            ))
            .style(theme::dim())
            .right_aligned(),
        );
    }
    foot.extend(super::tender::done_lines(state));
    let mut who = format!(
        "{} {}",
        t(lang, T::ReceiptNo),
        clean(&receipt.bottom_line.receipt_number)
    );
    if let Some(name) = &done.customer {
        who.push_str(&format!(
            "  ·  {}: {}",
            t(lang, T::CustomerName),
            clean(name)
        ));
    }
    foot.push(Line::from(who));
    foot.push(Line::styled(
        format!("{}: {}", t(lang, T::Reference), clean(&done.reference)),
        theme::dim(),
    ));
    foot.push(Line::styled(t(lang, T::NextCustomer), theme::key()).centered());
    let foot_height = u16::try_from(foot.len()).unwrap_or(u16::MAX);
    let [table_area, foot_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(foot_height)]).areas(inner);

    let room = usize::from(table_area.height.saturating_sub(1));
    let total_lines = receipt.order_lines.len();
    // When the receipt is longer than the room, the last row says how many lines are hidden.
    let shown = if total_lines > room {
        room.saturating_sub(1)
    } else {
        total_lines
    };
    let right = |s: String| Cell::from(Line::from(s).right_aligned());
    // The names keep the room: each column as wide as its widest text, the discount column
    // only when a line has one, and the currency on the lines only where it fits beside them
    // (the total below always carries it).
    let any_discount = receipt.order_lines.iter().any(|l| l.discount.is_some());
    let texts = |with_currency: bool| -> Vec<[String; 4]> {
        let fmt = |m: i64| {
            let m = Money::new(m, currency);
            if with_currency {
                m.to_string()
            } else {
                m.amount_text()
            }
        };
        receipt
            .order_lines
            .iter()
            .take(shown)
            .map(|l| {
                let mut qty = l.unit_info.quantity.replace('.', ",");
                if l.unit_info.quantity_unit == "KG" {
                    qty.push_str(" kg");
                }
                let discount = l.discount.map(|d| format!("-{}", fmt(d)));
                [
                    clean(&l.name),
                    qty,
                    discount.unwrap_or_default(),
                    fmt(l.total_amount),
                ]
            })
            .collect()
    };
    // Widths of the quantity, discount and amount columns, and what is left for the name.
    let widths_of = |rows: &[[String; 4]]| {
        let width = |s: &str| u16::try_from(s.chars().count()).unwrap_or(u16::MAX);
        let col = |i: usize, head: T| {
            rows.iter()
                .map(|r| width(&r[i]))
                .chain([width(t(lang, head))])
                .max()
                .unwrap_or(0)
        };
        let (q, d, a) = (col(1, T::Qty), col(2, T::Discount), col(3, T::LineTotal));
        let used = q + a + 2 + if any_discount { d + 1 } else { 0 };
        (q, d, a, table_area.width.saturating_sub(used))
    };
    let mut text_rows = texts(true);
    let mut w = widths_of(&text_rows);
    if w.3 < 24 {
        text_rows = texts(false);
        w = widths_of(&text_rows);
    }
    let (qty_w, disc_w, total_w, _) = w;
    let mut rows: Vec<Row> = text_rows
        .into_iter()
        .map(|[name, qty, discount, total]| {
            let mut row = vec![Cell::from(name), right(qty)];
            if any_discount {
                row.push(right(discount));
            }
            row.push(right(total));
            Row::new(row)
        })
        .collect();
    if shown < total_lines {
        rows.push(
            Row::new(vec![Cell::from(format!(
                "… {} {}",
                total_lines - shown,
                t(lang, T::MoreLines)
            ))])
            .style(theme::dim()),
        );
    }
    let mut header = vec![
        Cell::from(t(lang, T::Item)),
        Cell::from(Line::from(t(lang, T::Qty)).right_aligned()),
    ];
    let mut widths = vec![Constraint::Fill(1), Constraint::Length(qty_w)];
    if any_discount {
        header.push(Cell::from(Line::from(t(lang, T::Discount)).right_aligned()));
        widths.push(Constraint::Length(disc_w));
    }
    header.push(Cell::from(
        Line::from(t(lang, T::LineTotal)).right_aligned(),
    ));
    widths.push(Constraint::Length(total_w));
    let header = Row::new(header).style(theme::header());
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table, table_area);
    frame.render_widget(Paragraph::new(foot), foot_area);
}
