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
const FULL_COLUMNS: u16 = 46;
/// From this inner width amounts carry their currency.
const WITH_CURRENCY: u16 = 72;
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
    // On a very short screen the total keeps its row and the VAT summary gives way.
    let vat_rows = if inner.height < 6 {
        0
    } else {
        vat.len().min(MAX_VAT_ROWS)
    };
    let totals_height = u16::try_from(vat_rows + 1).unwrap_or(1);
    let [table_area, totals_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(totals_height)]).areas(inner);
    let visible = usize::from(table_area.height.saturating_sub(1));
    let first = first_shown(basket.lines.len(), state.selected, visible);
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
    let currency = area.width >= WITH_CURRENCY;
    let amount = |minor: i64| {
        let m = Money::new(minor, state.basket.currency);
        if currency {
            m.to_string()
        } else {
            m.amount_text()
        }
    };
    // A number is shown whole or not at all: the columns are as wide as the widest number
    // on screen (a cut `99 975,10` for 24 899 975,10 is a wrong number), the name gives way,
    // and when even that is not enough the unit price and discount columns go.
    let shown = || lines.iter().skip(first).take(visible);
    let width = |s: &str| u16::try_from(s.chars().count()).unwrap_or(u16::MAX);
    let qty_width = shown()
        .map(|l| width(&l.quantity.display_text()))
        .chain([width(t(lang, T::Qty)), 8])
        .max()
        .unwrap_or(8);
    let money_width = shown()
        .flat_map(|l| {
            [
                width(&amount(l.unit_price)),
                width(&discount_text(l, &amount)),
                width(&amount(l.totals().total)),
            ]
        })
        .chain([if currency { 13 } else { 9 }])
        .max()
        .unwrap_or(9);
    // Name at least a few letters, one space between columns.
    let needed_full = 6 + 4 + qty_width + 3 * money_width;
    let full = area.width >= FULL_COLUMNS && area.width >= needed_full;
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
        header.push(Cell::from(Line::from(t(lang, T::Discount)).right_aligned()));
        widths.push(Constraint::Length(money_width));
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

fn discount_text(line: &BasketLine, amount: &impl Fn(i64) -> String) -> String {
    if line.discount_amount() > 0 {
        format!("-{}", amount(line.discount_amount()))
    } else {
        String::new()
    }
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
