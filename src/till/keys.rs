//! Keys to actions, the actions valid right now (the command bar), and typing in dialogs.

use super::msg::{Action, DemoScan, Effect, Key};
use super::state::{Dialog, EnrolPhase, Level, Membership, PayStep, State};
use super::{background, basket_ops, customer, payment, refund, reset_sale, say, Say};
use crate::config::Environment;

/// The key a cashier presses for an action; F-keys and single letters that can be hit blind.
pub fn key_label(a: Action) -> &'static str {
    match a {
        Action::Help => "F1",
        Action::Phone => "F2",
        Action::Enroll => "F3",
        Action::Search => "F4",
        Action::Quantity => "F5",
        Action::Discount => "F6",
        Action::Void => "F7",
        Action::Pay => "F8",
        Action::Background => "F9",
        Action::Recall => "F9",
        Action::Refund => "F10",
        Action::Capture => "F11",
        Action::NewSale => "F12",
        Action::CancelPayment | Action::Release => "Esc",
        Action::Quit => "^C",
        Action::NoSale => "d",
        Action::InAppReceipt => "v",
        Action::DemoScanMember => "m",
        Action::DemoScanGuest => "n",
        Action::DemoScanProduct => "b",
        Action::DemoApprove => "a",
        Action::DemoReject => "x",
    }
}

fn key_action(k: Key) -> Option<Action> {
    Some(match k {
        Key::F(1) | Key::Char('?') => Action::Help,
        Key::F(2) => Action::Phone,
        Key::F(3) => Action::Enroll,
        Key::F(4) => Action::Search,
        Key::F(5) => Action::Quantity,
        Key::F(6) => Action::Discount,
        Key::F(7) | Key::Delete => Action::Void,
        Key::F(8) => Action::Pay,
        Key::F(10) => Action::Refund,
        Key::F(11) => Action::Capture,
        Key::F(12) => Action::NewSale,
        Key::CtrlC => Action::Quit,
        Key::Char('d') => Action::NoSale,
        Key::Char('v') => Action::InAppReceipt,
        Key::Char('m') => Action::DemoScanMember,
        Key::Char('n') => Action::DemoScanGuest,
        Key::Char('b') => Action::DemoScanProduct,
        Key::Char('a') => Action::DemoApprove,
        Key::Char('x') => Action::DemoReject,
        _ => return None,
    })
}

/// The actions that do something now, in command-bar order.
pub fn available_actions(s: &State) -> Vec<Action> {
    let mut out = Vec::new();
    let step = s.payment.as_ref().map(|p| &p.step);
    match step {
        Some(PayStep::Waiting) => out.extend([Action::CancelPayment, Action::Background]),
        Some(PayStep::Authorized) => {
            out.push(Action::Capture);
            out.push(Action::Release);
        }
        Some(_) => {}
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
            out.push(Action::Search);
            if s.selected.is_some() {
                out.extend([Action::Quantity, Action::Discount, Action::Void]);
            }
            if !s.basket.is_empty() {
                out.push(Action::Pay);
            }
            if !s.background.is_empty() {
                out.push(Action::Recall);
            }
            out.push(Action::Refund);
            if !s.basket.is_empty() || s.customer.is_some() || s.done.is_some() {
                out.push(Action::NewSale);
            }
            if s.status.printer != crate::printer::PrinterState::None {
                out.push(Action::NoSale);
            }
            if super::printing::in_app_possible(s) {
                out.push(Action::InAppReceipt);
            }
        }
    }
    if s.settings.environment == Environment::Demo {
        if s.payment.is_none() {
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
    out
}

pub(super) fn on_key(s: &mut State, k: Key) -> Vec<Effect> {
    if s.show_help {
        s.show_help = false;
        return Vec::new();
    }
    if s.dialog.is_some() {
        return on_dialog_key(s, k);
    }
    match k {
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
        Key::Esc => {
            if let Some(a) = [Action::CancelPayment, Action::Release]
                .into_iter()
                .find(|a| available_actions(s).contains(a))
            {
                on_action(s, a)
            } else {
                s.notice = None;
                Vec::new()
            }
        }
        Key::F(9) => {
            let a = if s.payment.is_some() {
                Action::Background
            } else {
                Action::Recall
            };
            on_action(s, a)
        }
        other => match key_action(other) {
            Some(a) => on_action(s, a),
            None => Vec::new(),
        },
    }
}

pub(super) fn on_action(s: &mut State, a: Action) -> Vec<Effect> {
    if !available_actions(s).contains(&a) {
        if s.payment.is_some() && a != Action::Help {
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
        Action::Release => payment::cancel(s, false),
        Action::CancelPayment => payment::cancel(s, true),
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
            if s.payment.is_some() || !s.background.is_empty() {
                s.dialog = Some(Dialog::ConfirmQuit);
            } else {
                s.quit = true;
            }
            Vec::new()
        }
        Action::NoSale => super::printing::no_sale(s),
        Action::InAppReceipt => super::printing::in_app_receipt(s),
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
    }
}

/// Typing inside the open dialog. Esc always closes it; Enter confirms.
fn on_dialog_key(s: &mut State, k: Key) -> Vec<Effect> {
    if k == Key::Esc {
        s.dialog = None;
        return Vec::new();
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
        Dialog::Recall { selected } => background::recall_key(s, selected, k),
        Dialog::ConfirmQuit => {
            if matches!(k, Key::Enter | Key::Char('y' | 'j')) {
                s.quit = true;
            }
            Vec::new()
        }
        Dialog::ConfirmClear => {
            if matches!(k, Key::Enter | Key::Char('y' | 'j')) {
                reset_sale(s);
            }
            Vec::new()
        }
    }
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
