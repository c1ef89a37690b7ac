//! Payments in the background: the cashier serves the next customer while one waits for its
//! answer, and recalls it later; payments found waiting at start-up join them.

use super::msg::{Effect, Key};
use super::payment::start_polling;
use super::state::{Dialog, Level, PayStep, Payment, State};
use super::{reset_sale, say, Say};

/// A payment found waiting at start-up goes to the background and is polled to its end.
pub(super) fn resume(s: &mut State, mut p: Payment) -> Vec<Effect> {
    if s.payment_mut(&p.reference).is_some() {
        return Vec::new();
    }
    let reference = p.reference.clone();
    p.step = PayStep::Waiting;
    s.background.push(p);
    start_polling(s, &reference, 0)
}

pub(super) fn to_background(s: &mut State) -> Vec<Effect> {
    // Only a payment of the whole basket can wait on its own: a split part belongs to the
    // tender step on screen.
    let whole = |p: &Payment| p.amount == p.basket.total();
    let no_parts = s.tender.as_ref().is_none_or(|t| t.parts.is_empty());
    if !no_parts {
        say(s, Level::Warning, Say::PartsPaid);
        return Vec::new();
    }
    let Some(p) = s
        .payment
        .take_if(|p| p.step == PayStep::Waiting && whole(p))
    else {
        return Vec::new();
    };
    let receipt = p.receipt_number.clone();
    s.background.push(p);
    reset_sale(s);
    say(s, Level::Info, Say::MovedToBackground { receipt });
    Vec::new()
}

pub(super) fn recall_key(s: &mut State, mut selected: usize, k: Key) -> Vec<Effect> {
    match k {
        Key::Up => selected = selected.saturating_sub(1),
        Key::Down => {
            let rows = s.background.len() + s.failed.len();
            selected = (selected + 1).min(rows.saturating_sub(1));
        }
        Key::Enter => {
            if s.payment.is_some() || !s.basket.is_empty() {
                say(s, Level::Warning, Say::FinishFirst);
            } else if selected < s.background.len() {
                let p = s.background.remove(selected);
                s.basket = p.basket.clone();
                s.customer = Some(p.customer.clone());
                s.done = None;
                s.payment = Some(p);
                super::tender::start(s);
            } else if selected - s.background.len() < s.failed.len() {
                // A failed one comes back as an unpaid basket: F8 is a new payment with a
                // reference of its own, F12 clears it.
                let f = s.failed.remove(selected - s.background.len());
                s.basket = f.basket;
                s.selected = s.basket.lines.len().checked_sub(1);
                s.customer = Some(f.customer);
                s.done = None;
                say(
                    s,
                    Level::Info,
                    Say::FailedRecalled {
                        receipt: f.receipt_number,
                    },
                );
            } else {
                say(s, Level::Info, Say::NothingToRecall);
            }
            return Vec::new();
        }
        _ => {}
    }
    s.dialog = Some(Dialog::Recall { selected });
    Vec::new()
}
