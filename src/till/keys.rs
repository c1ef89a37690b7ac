//! Keys to actions, the actions valid right now (the command bar), and typing in dialogs.

use super::msg::{Action, DemoScan, Effect, Key};
use super::state::{Dialog, DrawerOp, EnrolPhase, Level, Membership, PayStep, State};
use super::{
    background, basket_ops, customer, drawer, payment, refund, reset_sale, returns, say, tender,
    Say,
};
use crate::config::Environment;

/// The actions that do something now, in command-bar order.
pub fn available_actions(s: &State) -> Vec<Action> {
    let mut out = Vec::new();
    // Nothing but the sign-in until a cashier is signed in.
    if super::signin::required(s) {
        return vec![Action::Help, Action::Quit];
    }
    let step = s.payment.as_ref().map(|p| &p.step);
    match step {
        Some(PayStep::Waiting) => out.extend([Action::CancelPayment, Action::Background]),
        Some(PayStep::Authorized) => {
            out.push(Action::Capture);
            out.push(Action::Release);
        }
        Some(_) => {}
        None if s.tender.is_some() => tender_actions(s, &mut out),
        None => {
            out.push(Action::Phone);
            let guest = s
                .customer
                .as_ref()
                .is_some_and(|c| c.membership == Membership::NotMember);
            let enrolling = s
                .enrolment
                .as_ref()
                .is_some_and(|e| !matches!(e.phase, EnrolPhase::Failed(_)));
            if guest && !enrolling {
                out.push(Action::Enroll);
            }
            if enrolling {
                out.push(Action::CancelEnrol);
            }
            out.push(Action::Search);
            if s.selected.is_some() {
                out.extend([Action::Quantity, Action::Discount, Action::Void]);
            }
            if !s.basket.is_empty() {
                out.extend([
                    Action::Pay,
                    Action::PayCash,
                    Action::PayCard,
                    Action::ParkBasket,
                ]);
                if s.settings.returns_without_receipt {
                    out.push(Action::ReturnNoReceipt);
                }
            }
            if !s.parked.is_empty() && s.basket.is_empty() {
                out.push(Action::ResumeBasket);
            }
            if !s.background.is_empty() || !s.failed.is_empty() {
                out.push(Action::Recall);
            }
            out.push(Action::Refund);
            if s.basket.is_empty() {
                out.push(Action::ReturnSale);
                out.extend([
                    Action::OpeningFloat,
                    Action::CashIn,
                    Action::CashOut,
                    Action::CountCash,
                ]);
            }
            if !s.basket.is_empty() || s.customer.is_some() || s.done.is_some() {
                out.push(Action::NewSale);
            }
            if super::printing::has_printer(s) {
                out.push(Action::NoSale);
            }
            if super::printing::in_app_possible(s) {
                out.push(Action::InAppReceipt);
            }
            if super::printing::copy_possible(s) {
                out.push(Action::PrintCopy);
            }
            if super::signin::can_sign_out(s) {
                out.push(Action::SignOut);
            }
        }
    }
    if s.settings.environment == Environment::Demo {
        if s.payment.is_none() && s.tender.is_none() {
            out.extend([
                Action::DemoScanMember,
                Action::DemoScanGuest,
                Action::DemoScanProduct,
            ]);
        }
        if !s.phone.is_empty() {
            out.extend([Action::DemoApprove, Action::DemoReject]);
        }
    }
    out.push(Action::Help);
    out.push(Action::Quit);
    // Once a day, not every customer: last on the bar, so a narrow screen drops them before
    // help and quit (F1 lists them).
    if super::reports::possible(s) {
        out.extend([Action::XReport, Action::ZReport]);
    }
    out
}

/// At the tender step: the tenders while something is owed, a return's next refund, or
/// issuing again after the store failed.
fn tender_actions(s: &State, out: &mut Vec<Action>) {
    let Some(t) = &s.tender else {
        return;
    };
    if t.issuing {
        return;
    }
    if t.owed() == 0 {
        out.push(Action::IssueAgain);
        return;
    }
    match t.kind {
        crate::domain::ReceiptKind::Sale => {
            if s.customer.is_none() {
                out.push(Action::Phone);
            }
            out.extend([Action::Pay, Action::PayCash, Action::PayCard]);
            if t.parts.is_empty() {
                out.extend([Action::BackToBasket, Action::NewSale]);
            }
        }
        crate::domain::ReceiptKind::Return => {
            if t.plan.iter().all(|p| !p.sent) {
                out.push(Action::RefundNext);
            }
            if t.parts.is_empty() && t.plan.iter().all(|p| !p.sent) {
                out.push(Action::BackToBasket);
            }
        }
    }
}

pub(super) fn on_key(s: &mut State, k: Key) -> Vec<Effect> {
    if s.show_help {
        s.show_help = false;
        return Vec::new();
    }
    // The sign-in has the keyboard; Ctrl-C still quits (asking first if work would be lost).
    if super::signin::required(s) && s.dialog != Some(Dialog::ConfirmQuit) {
        return match k {
            Key::CtrlC => on_action(s, Action::Quit),
            _ => super::signin::on_key(s, k),
        };
    }
    if s.dialog.is_some() {
        return on_dialog_key(s, k);
    }
    if let Some(effects) = keyed_key(s, k) {
        return effects;
    }
    match k {
        Key::PageUp | Key::PageDown | Key::Home | Key::End => {
            page(s, k);
            Vec::new()
        }
        Key::Up => {
            s.selected = match s.selected {
                Some(i) if i > 0 => Some(i - 1),
                None if !s.basket.is_empty() => Some(s.basket.lines.len() - 1),
                other => other,
            };
            Vec::new()
        }
        Key::Down => {
            if let Some(i) = s.selected {
                if i + 1 < s.basket.lines.len() {
                    s.selected = Some(i + 1);
                }
            }
            Vec::new()
        }
        Key::Char('+') => basket_ops::bump_quantity(s, 1),
        Key::Char('-') => basket_ops::bump_quantity(s, -1),
        Key::Enter if s.done.is_some() && s.payment.is_none() => {
            s.done = None;
            reset_sale(s);
            Vec::new()
        }
        other => {
            // The keymap (`till::keymap`): a key shared by actions that are never offered
            // together goes to the one available now.
            let bound: Vec<Action> = s.settings.keys.actions_for(other).collect();
            let now = available_actions(s);
            match bound.iter().find(|a| now.contains(a)) {
                Some(&a) => on_action(s, a),
                // Esc with nothing to cancel puts the notice away.
                None if other == Key::Esc => {
                    s.notice = None;
                    Vec::new()
                }
                // Enter means an action only where one is offered; elsewhere it is typing.
                None if other == Key::Enter => Vec::new(),
                // Another key for something not possible now: on_action says why.
                None => bound.first().map_or_else(Vec::new, |&a| on_action(s, a)),
            }
        }
    }
}

pub(super) fn on_action(s: &mut State, a: Action) -> Vec<Effect> {
    // F8 waiting for the number stands only while the cashier goes on to type it: another
    // choice (cash, card, park, a new sale) means the push is no longer wanted.
    if !matches!(a, Action::Phone | Action::Pay | Action::Help) {
        s.pay_after_identify = None;
    }
    if !available_actions(s).contains(&a) {
        if s.basket_locked() && a != Action::Help {
            say(s, Level::Warning, Say::BusyPaying);
        }
        return Vec::new();
    }
    match a {
        Action::Help => {
            s.show_help = true;
            Vec::new()
        }
        Action::Phone => {
            s.dialog = Some(Dialog::Phone {
                input: String::new(),
                error: None,
            });
            Vec::new()
        }
        Action::Enroll => customer::start_enrol(s),
        Action::Search => {
            s.dialog = Some(Dialog::Search {
                query: String::new(),
                results: Vec::new(),
                selected: 0,
            });
            Vec::new()
        }
        Action::Quantity => {
            // The scale printed the weight on the label: that is the weight sold.
            if let Some(name) = basket_ops::label_weighed(s) {
                say(s, Level::Info, Say::WeightFromLabel { name });
                return Vec::new();
            }
            s.dialog = Some(Dialog::Quantity {
                input: String::new(),
            });
            Vec::new()
        }
        Action::Discount => {
            s.dialog = Some(Dialog::Discount {
                input: String::new(),
            });
            Vec::new()
        }
        Action::Void => basket_ops::void_selected(s),
        Action::Pay => payment::pay(s),
        Action::Capture => payment::capture_now(s),
        // Money-moving keys ask first: Esc is also "close" everywhere else, and a stray one
        // must not withdraw the customer's request or release an approved payment.
        Action::Release => {
            s.dialog = Some(Dialog::ConfirmRelease);
            Vec::new()
        }
        Action::CancelPayment => {
            s.dialog = Some(Dialog::ConfirmCancel);
            Vec::new()
        }
        Action::Background => background::to_background(s),
        Action::Recall => {
            s.dialog = Some(Dialog::Recall { selected: 0 });
            Vec::new()
        }
        Action::Refund => {
            s.dialog = Some(Dialog::RefundFind {
                input: String::new(),
                error: None,
            });
            Vec::new()
        }
        Action::NewSale => {
            if s.done.is_none() && !s.basket.is_empty() {
                s.dialog = Some(Dialog::ConfirmClear);
            } else {
                s.done = None;
                reset_sale(s);
            }
            Vec::new()
        }
        Action::Quit => {
            // The recall list of failed parked sales is not kept across a restart: ask too.
            let unpaid = (!s.basket.is_empty() && s.done.is_none()) || !s.failed.is_empty();
            if s.payment.is_some() || !s.background.is_empty() || unpaid {
                s.dialog = Some(Dialog::ConfirmQuit);
            } else {
                s.quit = true;
            }
            Vec::new()
        }
        Action::PayCash => tender::pay_cash(s),
        Action::PayCard => tender::pay_card(s),
        Action::BackToBasket => tender::back_to_basket(s),
        Action::IssueAgain => tender::issue(s),
        Action::RefundNext => returns::refund_next(s),
        Action::ParkBasket => drawer::park(s),
        Action::ResumeBasket => {
            s.dialog = Some(Dialog::Resume { selected: 0 });
            Vec::new()
        }
        Action::ReturnSale => {
            s.dialog = Some(Dialog::ReturnFind {
                input: String::new(),
                error: None,
            });
            Vec::new()
        }
        Action::ReturnNoReceipt => returns::without_receipt(s),
        Action::OpeningFloat => drawer::open_dialog(s, DrawerOp::Float),
        Action::CashIn => drawer::open_dialog(s, DrawerOp::CashIn),
        Action::CashOut => drawer::open_dialog(s, DrawerOp::CashOut),
        Action::CountCash => drawer::open_dialog(s, DrawerOp::Count),
        Action::NoSale => super::printing::no_sale(s),
        Action::InAppReceipt => super::printing::in_app_receipt(s),
        Action::PrintCopy => super::printing::print_copy(s),
        Action::DemoScanMember => vec![Effect::DemoScan(DemoScan::Member)],
        Action::DemoScanGuest => vec![Effect::DemoScan(DemoScan::Guest)],
        Action::DemoScanProduct => vec![Effect::DemoScan(DemoScan::Product)],
        Action::DemoApprove | Action::DemoReject => match s.phone.first() {
            Some(r) => vec![Effect::DemoPhone {
                approve: a == Action::DemoApprove,
                request: r.clone(),
            }],
            None => {
                say(s, Level::Info, Say::DemoNothingPending);
                Vec::new()
            }
        },
        // The push may be on the customer's phone already: ask before the login is dropped.
        Action::CancelEnrol => {
            s.dialog = Some(Dialog::ConfirmCancelEnrol);
            Vec::new()
        }
        Action::SignOut => super::signin::sign_out(s),
        Action::XReport => super::reports::ask(s, crate::domain::ReportKind::X),
        Action::ZReport => super::reports::ask(s, crate::domain::ReportKind::Z),
    }
}

/// Typing inside the open dialog. Esc always closes it; Enter confirms.
fn on_dialog_key(s: &mut State, k: Key) -> Vec<Effect> {
    if k == Key::Esc {
        return basket_ops::price_looked_up(s.dialog.take().as_ref());
    }
    if k == Key::CtrlC {
        s.dialog = None;
        return on_action(s, Action::Quit);
    }
    let Some(dialog) = s.dialog.take() else {
        return Vec::new();
    };
    match dialog {
        Dialog::Phone { input, .. } => customer::phone_key(s, input, k),
        Dialog::Search {
            query,
            results,
            selected,
        } => basket_ops::search_key(s, query, results, selected, k),
        Dialog::Quantity { input } => basket_ops::quantity_key(s, input, k),
        Dialog::Discount { input } => basket_ops::discount_key(s, input, k),
        Dialog::RefundFind { input, .. } => refund::refund_find_key(s, input, k),
        Dialog::RefundAmount { sale, input, .. } => refund::refund_amount_key(s, sale, input, k),
        Dialog::RefundChecking { sale } => {
            s.dialog = Some(Dialog::RefundChecking { sale });
            Vec::new()
        }
        Dialog::RefundConfirm { sale, amount } => refund::refund_confirm_key(s, sale, amount, k),
        Dialog::Recall { selected } => background::recall_key(s, selected, k),
        Dialog::Cash { input } => tender::cash_key(s, input, k),
        Dialog::Card { input } => tender::card_key(s, input, k),
        Dialog::ReturnFind { input, .. } => returns::find_key(s, input, k),
        Dialog::ReturnLines {
            receipt,
            picked,
            selected,
            refunds,
        } => returns::lines_key(s, *receipt, picked, selected, refunds, k),
        Dialog::Resume { selected } => drawer::resume_key(s, selected, k),
        Dialog::DrawerAmount {
            op,
            input,
            reason,
            on_reason,
        } => drawer::amount_key(s, op, input, reason, on_reason, k),
        Dialog::ConfirmQuit => {
            if is_yes(k) {
                s.quit = true;
            }
            Vec::new()
        }
        // The payment may have moved on while the question was up; `cancel` acts only from
        // the step it was asked in.
        Dialog::ConfirmQuantity { quantity } => basket_ops::confirm_quantity_key(s, quantity, k),
        Dialog::ConfirmCancel => {
            if is_yes(k) {
                return payment::cancel(s, true);
            }
            Vec::new()
        }
        Dialog::ConfirmRelease => {
            if is_yes(k) {
                return payment::cancel(s, false);
            }
            Vec::new()
        }
        Dialog::ConfirmClear => {
            if is_yes(k) {
                return basket_ops::void_sale(s);
            }
            Vec::new()
        }
        Dialog::ConfirmCancelEnrol => {
            if is_yes(k) {
                return customer::cancel_enrol(s);
            }
            Vec::new()
        }
        Dialog::OpenPrice { code, input, vat } => {
            basket_ops::open_price_key(s, code, input, vat, k)
        }
        Dialog::ConfirmZ => super::reports::confirm_z_key(s, k),
        Dialog::Report { report, top } => super::reports::report_key(s, report, top, k),
        // Read, then Enter: no other key may close it by chance. The arrows and page keys
        // go through a list longer than the screen.
        Dialog::RecoveredSales { top } => {
            if k != Key::Enter {
                let last = s.recovered.len().saturating_sub(1);
                // A recovered sale takes two or three rows.
                let page = (s.view.report_rows / 3).max(1);
                let top = scroll(top, k, page, last);
                s.dialog = Some(Dialog::RecoveredSales { top });
            }
            Vec::new()
        }
    }
}

/// The answer to a yes-or-no question: Enter, or J/Y for ja/yes; anything else is no.
pub(super) fn is_yes(k: Key) -> bool {
    matches!(k, Key::Enter | Key::Char('y' | 'j'))
}

/// Where a list read from line `top` stands after `k`: the arrows move a line, the page keys
/// `page` lines, Home and End to either end; never past `last`.
pub(super) fn scroll(top: usize, k: Key, page: usize, last: usize) -> usize {
    match k {
        Key::Up => top.saturating_sub(1),
        Key::Down => top + 1,
        Key::PageUp => top.saturating_sub(page),
        Key::PageDown => top + page,
        Key::Home => 0,
        Key::End => last,
        _ => top,
    }
    .min(last)
}

/// PgUp/PgDn move a page (as many lines as the basket shows), Home/End to the first or last
/// line of a long basket.
fn page(s: &mut State, k: Key) {
    let len = s.basket.lines.len();
    if len == 0 {
        return;
    }
    let at = s.selected.unwrap_or(len - 1).min(len - 1);
    let page = s.view.basket_rows.max(1);
    s.selected = Some(match k {
        Key::PageUp => at.saturating_sub(page),
        Key::PageDown => (at + page).min(len - 1),
        Key::Home => 0,
        _ => len - 1,
    });
}

/// Digits typed on the main screen at human speed are a barcode or PLU being keyed in (a
/// scanner's burst never gets here: the wedge detector made it a scan). No default key is a
/// digit; a digit a shop bound in `[keys]` stays its action. `None`: not entry typing.
fn keyed_key(s: &mut State, k: Key) -> Option<Vec<Effect>> {
    let digit = matches!(k, Key::Char(c) if c.is_ascii_digit());
    let Some(code) = s.keyed.as_mut() else {
        let free = s.settings.keys.actions_for(k).next().is_none();
        if digit && free && s.payment.is_none() && s.tender.is_none() {
            if let Key::Char(c) = k {
                s.keyed = Some(c.to_string());
            }
            return Some(Vec::new());
        }
        return None;
    };
    match k {
        Key::Char(c) if digit => {
            if code.len() < KEYED_MAX {
                code.push(c);
            }
        }
        Key::Backspace => {
            code.pop();
            if code.is_empty() {
                s.keyed = None;
            }
        }
        Key::Esc => {
            s.keyed = None;
            say(s, Level::Info, Say::KeyedDropped);
        }
        Key::Enter => {
            let code = s.keyed.take().unwrap_or_default();
            return Some(submit_keyed(s, code));
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// GTIN-14 and a little: longer is not a code.
const KEYED_MAX: usize = 16;
/// Codes up to this long are PLUs and in-store numbers: found like a search.
const PLU_MAX: usize = 7;

/// A keyed code: a short one is looked up like F4 (by code), a long one as if scanned.
fn submit_keyed(s: &mut State, code: String) -> Vec<Effect> {
    if code.len() <= PLU_MAX {
        s.dialog = Some(Dialog::Search {
            query: code.clone(),
            results: Vec::new(),
            selected: 0,
        });
        return vec![Effect::SearchProducts(code)];
    }
    customer::on_scan(s, &code)
}

/// Edit a text field: printable characters allowed by `accept`, Backspace; returns whether
/// the key was used.
pub(super) fn edit(input: &mut String, k: Key, max: usize, accept: impl Fn(char) -> bool) -> bool {
    match k {
        Key::Char(c) if accept(c) && input.chars().count() < max => {
            input.push(c);
            true
        }
        Key::Backspace => {
            input.pop();
            true
        }
        _ => false,
    }
}
