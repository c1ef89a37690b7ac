//! The basket table and its totals. Only the rows that fit are built, scrolled so that the
//! selected line stays in view: a frame costs the same for 5 lines and for 500.

use super::text::{clean, t, T};
use super::theme;
use crate::domain::{Line as BasketLine, Money};
use crate::till::State;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// Below this inner width the unit price and discount columns give way to the name.
const FULL_COLUMNS: u16 = 40;
/// From this inner width amounts may carry their currency.
const WITH_CURRENCY: u16 = 72;
/// Names keep at least this much with the unit price shown ...
const NAME_ENOUGH: u16 = 24;
/// ... this much with the discount alone ...
const NAME_LEAST: u16 = 16;
/// ... and this much before the amounts carry their currency.
const NAME_ROOMY: u16 = 30;
/// VAT rates shown under the total; a basket rarely has more than three.
const MAX_VAT_ROWS: usize = 3;

pub(crate) fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.settings.language;
    let basket = &state.basket;
    let title = format!(" {} ({}) ", t(lang, T::Basket), basket.lines.len());
    let block = Block::bordered()
        .title(Span::styled(title, theme::title()))
        .border_style(theme::border());
    let inner = block.inner(area);
    if basket.is_empty() {
        frame.render_widget(block, area);
        let hint = Paragraph::new(t(lang, T::EmptyBasket)).style(theme::dim());
        frame.render_widget(hint, inner);
        return;
    }
    let vat = basket.vat_summary();
    let g = geometry(inner, state, vat.len());
    let (table_area, totals_area, vat_rows) = (g.table, g.totals, g.vat_rows);
    let (first, visible) = (g.first, g.visible);
    let below = basket.lines.len().saturating_sub(first + visible);
    // Lines scrolled out of view are counted on the bottom border.
    let block = if first > 0 || below > 0 {
        let marks = format!(" ▲ {first}  ▼ {below} ");
        block.title_bottom(Line::styled(marks, theme::dim()).right_aligned())
    } else {
        block
    };
    frame.render_widget(block, area);
    draw_table(frame, table_area, state, first, visible);

    let money = |minor: i64| Money::new(minor, basket.currency).to_string();
    let mut lines = Vec::with_capacity(vat_rows + 1);
    lines.push(
        Line::from(vec![
            Span::styled(format!("{}  ", t(lang, T::Total)), theme::total()),
            Span::styled(basket.total().to_string(), theme::amount()),
        ])
        .right_aligned(),
    );
    for (rate, totals) in vat.iter().take(vat_rows) {
        lines.push(
            Line::from(format!(
                "{} {rate} {} {}: {}",
                t(lang, T::Vat),
                t(lang, T::VatOf),
                money(totals.excl),
                money(totals.tax),
            ))
            .style(theme::dim())
            .right_aligned(),
        );
    }
    frame.render_widget(Paragraph::new(lines), totals_area);
}

/// Where the table and the totals sit inside the basket's border.
struct Geometry {
    table: Rect,
    totals: Rect,
    vat_rows: usize,
    first: usize,
    visible: usize,
}

fn geometry(inner: Rect, state: &State, vat_len: usize) -> Geometry {
    // On a very short screen the total keeps its row and the VAT summary gives way.
    let vat_rows = if inner.height < 6 {
        0
    } else {
        vat_len.min(MAX_VAT_ROWS)
    };
    let totals_height = u16::try_from(vat_rows + 1).unwrap_or(1);
    let [table, totals] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(totals_height)]).areas(inner);
    let visible = usize::from(table.height.saturating_sub(1));
    let first = first_shown(state.basket.lines.len(), state.selected, visible);
    Geometry {
        table,
        totals,
        vat_rows,
        first,
        visible,
    }
}

/// How many basket lines show when the basket fills `area` (the page keys move by it).
pub(crate) fn visible_rows(area: Rect, state: &State) -> usize {
    let inner = Block::bordered().inner(area);
    geometry(inner, state, state.basket.vat_summary().len()).visible
}

/// The basket line drawn at (`column`, `row`) when the basket fills `area`.
pub(crate) fn line_at(area: Rect, state: &State, column: u16, row: u16) -> Option<usize> {
    if state.basket.is_empty() {
        return None;
    }
    let inner = Block::bordered().inner(area);
    let g = geometry(inner, state, state.basket.vat_summary().len());
    let body = Rect::new(
        g.table.x,
        g.table.y + 1,
        g.table.width,
        g.table.height.saturating_sub(1),
    );
    if !body.contains(ratatui::layout::Position::new(column, row)) {
        return None;
    }
    let i = g.first + usize::from(row - body.y);
    (i < state.basket.lines.len() && i < g.first + g.visible).then_some(i)
}

/// The first line in a window of `visible` rows: the selected line stays in view; without
/// one, the newest lines show.
fn first_shown(len: usize, selected: Option<usize>, visible: usize) -> usize {
    let last_shown = match selected {
        Some(i) if i < len => i + 1,
        _ => len,
    };
    last_shown.saturating_sub(visible)
}

fn draw_table(frame: &mut Frame, area: Rect, state: &State, first: usize, visible: usize) {
    let lang = state.settings.language;
    let lines = &state.basket.lines;
    if visible == 0 {
        return;
    }
    let cols = columns(state, area.width, first, visible);
    let (currency, full, with_discount) = (cols.currency, cols.unit_price, cols.discount);
    let amount = |minor: i64| amount_text(state, minor, currency);
    let (qty_width, money_width) = (cols.qty, cols.money);
    let right = |s: String| Cell::from(Line::from(s).right_aligned());

    let rows = lines
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, line)| {
            let mut cells = Vec::with_capacity(5);
            cells.push(Cell::from(clean(&line.name)));
            cells.push(right(line.quantity.display_text()));
            if full {
                cells.push(right(amount(line.unit_price)));
            }
            if with_discount {
                cells.push(right(discount_text(line, &amount)));
            }
            cells.push(right(amount(line.totals().total)));
            let row = Row::new(cells);
            if state.selected == Some(i) {
                row.style(theme::selected())
            } else {
                row
            }
        });

    let mut header = vec![Cell::from(t(lang, T::Item))];
    let mut widths = vec![Constraint::Fill(1), Constraint::Length(qty_width)];
    header.push(Cell::from(Line::from(t(lang, T::Qty)).right_aligned()));
    if full {
        header.push(Cell::from(
            Line::from(t(lang, T::UnitPrice)).right_aligned(),
        ));
        widths.push(Constraint::Length(money_width));
    }
    if with_discount {
        header.push(Cell::from(Line::from(t(lang, T::Discount)).right_aligned()));
        widths.push(Constraint::Length(money_width));
    }
    header.push(Cell::from(
        Line::from(t(lang, T::LineTotal)).right_aligned(),
    ));
    widths.push(Constraint::Length(money_width));

    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme::header()))
        .column_spacing(1);
    frame.render_widget(table, area);
}

/// A percent discount as the shop gave it (`10 %`, `12,5 %`), an amount as `-19,90`.
fn discount_text(line: &BasketLine, amount: &impl Fn(i64) -> String) -> String {
    match line.percent {
        Some(t) if t % 10 == 0 => format!("{} %", t / 10),
        Some(t) => format!("{},{} %", t / 10, t % 10),
        None if line.discount_amount() > 0 => format!("-{}", amount(line.discount_amount())),
        None => String::new(),
    }
}

fn amount_text(state: &State, minor: i64, currency: bool) -> String {
    let m = Money::new(minor, state.basket.currency);
    if currency {
        m.to_string()
    } else {
        m.amount_text()
    }
}

/// How the table is laid out at one width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    currency: bool,
    unit_price: bool,
    discount: bool,
    qty: u16,
    money: u16,
    name: u16,
}

/// The name is what the cashier reads: the columns are as wide as their widest number on
/// screen (a number is shown whole or not at all; a cut `99 975,10` for 24 899 975,10 is a
/// wrong number) and no wider, the discount column is there only when a line has one, the
/// currency only where the names keep plenty of room, and when even that is not enough the
/// unit price and discount give way. The basket's total sets the least width of an amount,
/// so columns do not jump as lines come and go.
fn columns(state: &State, width: u16, first: usize, visible: usize) -> Columns {
    let lang = state.settings.language;
    let lines = &state.basket.lines;
    let shown = || lines.iter().skip(first).take(visible);
    let w = |s: &str| u16::try_from(s.chars().count()).unwrap_or(u16::MAX);
    let any_discount = lines
        .iter()
        .any(|l| l.discount_amount() > 0 || l.percent.is_some());
    let qty = shown()
        .map(|l| w(&l.quantity.display_text()))
        .chain([w(t(lang, T::Qty))])
        .max()
        .unwrap_or(6);
    let money = |currency: bool, unit: bool, discount: bool| {
        let amount = |minor: i64| amount_text(state, minor, currency);
        let mut widths = vec![
            w(&amount(state.basket.total().minor)),
            w(t(lang, T::LineTotal)),
        ];
        for l in shown() {
            widths.push(w(&amount(l.totals().total)));
            if unit {
                widths.push(w(&amount(l.unit_price)));
            }
            if discount {
                widths.push(w(&discount_text(l, &amount)));
            }
        }
        if unit {
            widths.push(w(t(lang, T::UnitPrice)));
        }
        if discount {
            widths.push(w(t(lang, T::Discount)));
        }
        widths.into_iter().max().unwrap_or(9)
    };
    let layout = |currency: bool, unit: bool, discount: bool| {
        let m = money(currency, unit, discount);
        let n_money = 1 + u16::from(unit) + u16::from(discount);
        let used = qty + n_money * m + n_money + 1;
        Columns {
            currency,
            unit_price: unit,
            discount,
            qty,
            money: m,
            name: width.saturating_sub(used),
        }
    };
    // Short names need no more than their length: the columns stay then.
    let longest = shown().map(|l| w(&clean(&l.name))).max().unwrap_or(0);
    let rich = layout(true, true, any_discount);
    if width >= WITH_CURRENCY && rich.name >= longest.min(NAME_ROOMY) {
        return rich;
    }
    let plain = layout(false, true, any_discount);
    if width >= FULL_COLUMNS && plain.name >= longest.min(NAME_ENOUGH) {
        return plain;
    }
    // The discount is what the customer asks about; the unit price goes first.
    let discount_only = layout(false, false, any_discount);
    if any_discount && discount_only.name >= longest.min(NAME_LEAST) {
        return discount_only;
    }
    layout(false, false, false)
}

#[cfg(test)]
mod tests {
    use super::first_shown;

    #[test]
    fn the_window_follows_the_selection() {
        assert_eq!(first_shown(5, Some(2), 10), 0);
        assert_eq!(first_shown(60, Some(20), 15), 6);
        assert_eq!(first_shown(60, Some(59), 15), 45);
        assert_eq!(first_shown(60, None, 15), 45);
        // A stale selection past the end shows the newest lines, never panics.
        assert_eq!(first_shown(3, Some(99), 15), 0);
        assert_eq!(first_shown(0, None, 0), 0);
    }
}
