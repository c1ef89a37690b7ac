//! The till's screen: a pure view of `till::State`, drawn with ratatui.
//!
//! `draw` lays the screen out and hands each region to its module; `hit_test` computes the
//! same layout to turn a click or touch on the command bar into an action. Nothing here
//! decides anything about the sale.

mod basket;
mod big;
mod cmdbar;
mod customer;
mod dialogs;
mod help;
mod payment;
mod phone;
mod signin;
mod statusbar;
mod tender;
pub mod text;
mod theme;

use crate::config::Environment;
use crate::till::{available_actions, Action, State};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Below this the screen shows one line asking for a bigger terminal: narrower, and the
/// enrolment code the customer compares, the basket's names and the totals do not all fit.
pub const MIN_WIDTH: u16 = 50;
/// Below this the screen shows one line asking for a bigger terminal (fewer rows leave the
/// basket no line to show under the customer panel).
pub const MIN_HEIGHT: u16 = 16;
/// Below this main width the side panels sit above the basket: beside it they would leave
/// the names of the basket and the receipt a few letters.
const NARROW_BELOW: u16 = 70;
/// The command bar wraps to at most this many rows.
const MAX_BAR_ROWS: u16 = 3;

/// The regions of the screen.
struct Areas {
    status: Rect,
    /// The training-mode banner (no rows outside training mode).
    banner: Rect,
    /// Basket (with the enrolment panel above it) or the finished sale's receipt.
    left: Rect,
    /// Customer, payment, parked and recovered sales, the demo phone.
    side: Rect,
    notice: Rect,
    bar: Rect,
    /// The side panels sit above the basket with room for one of them.
    narrow: bool,
}

fn layout(area: Rect, state: &State, actions: &[Action]) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    // A short screen gives the sale the rows; the bar keeps what fits and F1 lists the rest.
    let max_rows = match area.height {
        0..14 => 1,
        14..20 => 2,
        _ => MAX_BAR_ROWS,
    };
    let needed = match cmdbar::dialog_keys(state) {
        Some(keys) => {
            let all = cmdbar::place_keys(&state.settings, &keys, Rect::new(0, 0, area.width, 9));
            all.last().map_or(1, |r| r.y + 1)
        }
        None => cmdbar::rows_needed(&state.settings, actions, area.width),
    };
    let bar_rows = needed.clamp(1, max_rows);
    let banner_rows = u16::from(state.settings.training);
    let [status, banner, main, notice, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner_rows),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(bar_rows),
    ])
    .areas(area);
    let narrow = main.width < NARROW_BELOW;
    let (left, side) = if !narrow {
        let side_width = (main.width / 3).clamp(26, 44);
        let [left, side] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(side_width)]).areas(main);
        (left, side)
    } else {
        // A finished sale's receipt needs every row there is; the next customer's panel
        // comes back with the next sale.
        let one_panel = if state.done.is_some() && state.payment.is_none() {
            0
        } else if state.payment.is_some() {
            payment::HEIGHT
        } else if tender::shown(state) {
            tender::HEIGHT
        } else {
            customer::HEIGHT
        };
        let [side, left] = Layout::vertical([
            Constraint::Length((main.height / 2).min(one_panel)),
            Constraint::Min(0),
        ])
        .areas(main);
        (left, side)
    };
    Some(Areas {
        status,
        banner,
        left,
        side,
        notice,
        bar,
        narrow,
    })
}

/// Draws the whole screen for `state`.
pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let lang = state.settings.language;
    let actions = available_actions(state);
    let Some(a) = layout(area, state, &actions) else {
        let ask = format!(
            "{} {MIN_WIDTH}×{MIN_HEIGHT}",
            text::t(lang, text::T::WindowTooSmall)
        );
        let msg = Paragraph::new(ask)
            .style(theme::warn())
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(
            msg,
            Rect::new(area.x, area.y, area.width, area.height.min(2)),
        );
        return;
    };
    statusbar::draw(frame, a.status, state);
    if a.banner.height > 0 {
        signin::draw_banner(frame, a.banner, state);
    }
    draw_left(frame, a.left, state);
    if a.narrow {
        // One panel fits: the payment while there is one, else the customer.
        if state.payment.is_some() {
            payment::draw(frame, a.side, state);
        } else if tender::shown(state) {
            tender::draw_panel(frame, a.side, state);
        } else {
            customer::draw(frame, a.side, state);
        }
    } else {
        draw_side(frame, a.side, state);
    }
    draw_notice(frame, a.notice, state);
    match cmdbar::dialog_keys(state) {
        Some(keys) => cmdbar::draw_keys(frame, a.bar, &state.settings, &keys),
        None => cmdbar::draw(frame, a.bar, &state.settings, &actions),
    }
    if state.dialog.is_some() {
        dialogs::draw(frame, area, state);
    }
    signin::draw(frame, area, state);
    if state.show_help {
        help::draw(frame, area, state);
    }
}

/// The action of the command-bar button at (`column`, `row`) when the screen of size `area`
/// shows `state`; `None` off the buttons, or while a dialog or the help has the keyboard.
pub fn hit_test(area: Rect, state: &State, column: u16, row: u16) -> Option<Action> {
    // The bar shows the dialog's (or the keyed-in code's) keys then: `key_at` has them.
    if state.dialog.is_some() || state.show_help || cmdbar::dialog_keys(state).is_some() {
        return None;
    }
    let actions = available_actions(state);
    let a = layout(area, state, &actions)?;
    let at = Position::new(column, row);
    cmdbar::place(&state.settings, &actions, a.bar)
        .into_iter()
        .find(|b| b.area.contains(at))
        .map(|b| b.action)
}

/// The key of the dialog's bar button at (`column`, `row`): a click on `[Esc Nei]` is Esc.
pub fn key_at(area: Rect, state: &State, column: u16, row: u16) -> Option<crate::till::Key> {
    let keys = cmdbar::dialog_keys(state)?;
    let actions = available_actions(state);
    let a = layout(area, state, &actions)?;
    let at = Position::new(column, row);
    keys.iter()
        .zip(cmdbar::place_keys(&state.settings, &keys, a.bar))
        .find(|(_, r)| r.contains(at))
        .and_then(|(b, _)| b.key)
}

/// The basket line under (`column`, `row`), for a click or touch that selects it; `None`
/// off the lines, or while a dialog, the help or a finished receipt is on screen.
pub fn line_at(area: Rect, state: &State, column: u16, row: u16) -> Option<usize> {
    if state.dialog.is_some() || state.show_help || state.done.is_some() {
        return None;
    }
    basket::line_at(basket_area(area, state)?, state, column, row)
}

/// Where the basket sits on a screen of size `area` showing `state`.
fn basket_area(area: Rect, state: &State) -> Option<Rect> {
    let actions = available_actions(state);
    let a = layout(area, state, &actions)?;
    Some(match &state.enrolment {
        Some(e) => {
            let [_, rest] = Layout::vertical([
                Constraint::Length(customer::enrolment_height(e)),
                Constraint::Min(0),
            ])
            .areas(a.left);
            rest
        }
        None => a.left,
    })
}

/// How much a screen of size `area` shows of `state`: the core pages by it.
pub fn view(area: Rect, state: &State) -> crate::till::View {
    let basket_rows = basket_area(area, state)
        .map(|b| basket::visible_rows(b, state))
        .unwrap_or(state.view.basket_rows);
    crate::till::View {
        basket_rows: basket_rows.max(1),
        report_rows: dialogs::report_rows(area),
    }
}

fn draw_left(frame: &mut Frame, area: Rect, state: &State) {
    if let Some(done) = state.done.as_ref().filter(|_| state.payment.is_none()) {
        payment::draw_done(frame, area, state, done);
        return;
    }
    match &state.enrolment {
        Some(e) => {
            let [top, rest] = Layout::vertical([
                Constraint::Length(customer::enrolment_height(e)),
                Constraint::Min(0),
            ])
            .areas(area);
            customer::draw_enrolment(frame, top, state, e);
            basket::draw(frame, rest, state);
        }
        None => basket::draw(frame, area, state),
    }
}

#[derive(Clone, Copy)]
enum Panel {
    Customer,
    Payment,
    Tender,
    Parked,
    Recovered,
    Phone,
    Empty,
}

fn draw_side(frame: &mut Frame, area: Rect, state: &State) {
    let mut panels: Vec<(Panel, Constraint)> = Vec::with_capacity(6);
    panels.push((Panel::Customer, Constraint::Length(customer::HEIGHT)));
    if tender::shown(state) {
        panels.push((Panel::Tender, Constraint::Length(tender::height(state))));
    }
    if state.payment.is_some() {
        panels.push((Panel::Payment, Constraint::Length(payment::HEIGHT)));
    }
    if !state.background.is_empty() {
        let rows = u16::try_from(state.background.len().min(4)).unwrap_or(4);
        panels.push((Panel::Parked, Constraint::Length(rows + 2)));
    }
    if show_recovered(state) {
        let rows = u16::try_from(state.recovered.len().min(4)).unwrap_or(4);
        panels.push((Panel::Recovered, Constraint::Length(rows + 2)));
    }
    if state.settings.environment == Environment::Demo {
        panels.push((Panel::Phone, Constraint::Min(4)));
    } else {
        panels.push((Panel::Empty, Constraint::Fill(1)));
    }
    let areas = Layout::vertical(panels.iter().map(|(_, c)| *c)).split(area);
    for ((panel, _), r) in panels.iter().zip(areas.iter()) {
        match panel {
            Panel::Customer => customer::draw(frame, *r, state),
            Panel::Payment => payment::draw(frame, *r, state),
            Panel::Tender => tender::draw_panel(frame, *r, state),
            Panel::Parked => payment::draw_parked(frame, *r, state),
            Panel::Recovered => payment::draw_recovered(frame, *r, state),
            Panel::Phone => phone::draw(frame, *r, state),
            Panel::Empty => {}
        }
    }
}

/// What a restart found and finished is shown while the till waits for its next sale; once a
/// customer or an item is on screen it gives the room back.
fn show_recovered(state: &State) -> bool {
    !state.recovered.is_empty()
        && state.basket.is_empty()
        && state.customer.is_none()
        && state.payment.is_none()
        && state.done.is_none()
}

fn draw_notice(frame: &mut Frame, area: Rect, state: &State) {
    // A code being keyed in takes the line: the cashier checks it against the label.
    if let Some(code) = &state.keyed {
        let line = Line::from(vec![
            Span::raw(" ⌨ "),
            Span::raw(format!(
                "{}: ",
                text::t(state.settings.language, text::T::KeyedLabel)
            )),
            Span::styled(code.clone(), theme::amount()),
            Span::styled("█", theme::dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let Some(n) = &state.notice else {
        return;
    };
    let style = theme::notice(n.level);
    let line = Line::from(vec![
        Span::raw(" "),
        Span::raw(theme::notice_mark(n.level)),
        Span::raw(" "),
        Span::raw(text::say(state.settings.language, &n.say)),
    ])
    .style(style);
    frame.render_widget(Paragraph::new(line).style(style), area);
}

/// The spinner's frame, from the clock the core was last given (so a snapshot is stable).
fn spinner(now_ms: u64) -> &'static str {
    const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    let i = usize::try_from((now_ms / 100) % 10).unwrap_or(0);
    FRAMES.get(i).copied().unwrap_or(FRAMES[0])
}

/// Time left until `deadline_ms` as `mm:ss` (minutes grow past 59 rather than wrap).
fn countdown(now_ms: u64, deadline_ms: u64) -> String {
    let secs = deadline_ms.saturating_sub(now_ms).div_ceil(1000);
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_rounds_up_and_stops_at_zero() {
        assert_eq!(countdown(0, 600_000), "10:00");
        assert_eq!(countdown(1, 600_000), "10:00");
        assert_eq!(countdown(59_500, 600_000), "09:01");
        assert_eq!(countdown(700_000, 600_000), "00:00");
    }

    #[test]
    fn spinner_turns_with_the_clock() {
        assert_ne!(spinner(0), spinner(100));
        assert_eq!(spinner(0), spinner(1_000));
    }
}
