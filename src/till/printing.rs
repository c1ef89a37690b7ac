//! Receipts to the printer and the cash drawer, as the core decides them.

use super::msg::{CopyRefused, Effect};
use super::state::{Level, State};
use super::{say, Say};
use crate::domain::{DrawerReason, IssuedReceipt, JournalEvent};
use crate::printer::PrinterState;

/// Whether a printer is configured (its state may still be away): without one, receipts are
/// on screen only and there is no drawer to kick.
pub fn has_printer(s: &State) -> bool {
    s.status.printer != PrinterState::None
}

/// The effects that print an issued receipt (the original); none without a printer, where the
/// receipt is on screen only.
pub(super) fn print_receipt(s: &mut State, r: &IssuedReceipt) -> Vec<Effect> {
    if !has_printer(s) {
        return Vec::new();
    }
    s.last_receipt = Some((r.pos_id.clone(), r.trans_nr()));
    vec![Effect::PrintReceipt(Box::new(r.clone()))]
}

/// Kick the drawer open; without a printer there is no drawer to kick (the cashier opens it
/// by hand, and nothing is said on every cash sale).
pub(super) fn open_drawer(s: &State, reason: DrawerReason) -> Vec<Effect> {
    if !has_printer(s) {
        return Vec::new();
    }
    vec![Effect::OpenDrawer(reason)]
}

pub(super) fn no_sale(s: &mut State) -> Vec<Effect> {
    open_drawer(s, DrawerReason::NoSale)
}

/// Whether the cashier can give the customer the Vipps in-app receipt instead of paper: the
/// printer is away and the last sale's receipt waits for it.
pub fn in_app_possible(s: &State) -> bool {
    matches!(s.status.printer, PrinterState::Away { waiting, .. } if waiting > 0)
        && s.last_receipt.is_some()
}

pub(super) fn in_app_receipt(s: &mut State) -> Vec<Effect> {
    match s.last_receipt.take() {
        Some((pos_id, trans_nr)) => {
            say(s, Level::Info, Say::InAppReceipt);
            vec![Effect::WithdrawReceipt { pos_id, trans_nr }]
        }
        None => Vec::new(),
    }
}

pub(super) fn on_printer(s: &mut State, state: PrinterState) -> Vec<Effect> {
    let was_away = matches!(s.status.printer, PrinterState::Away { .. });
    match &state {
        PrinterState::Away { reason, waiting } if !was_away => say(
            s,
            Level::Warning,
            Say::PrinterAway {
                reason: reason.clone(),
                waiting: *waiting,
            },
        ),
        PrinterState::Ready { .. } if was_away => say(s, Level::Info, Say::PrinterBack),
        _ => {}
    }
    if let PrinterState::Ready { waiting: 0, .. } = state {
        // Printed: nothing left to hand over another way.
        s.last_receipt = None;
    }
    s.status.printer = state;
    Vec::new()
}

pub(super) fn on_drawer(
    s: &mut State,
    reason: DrawerReason,
    result: Result<(), String>,
) -> Vec<Effect> {
    match result {
        Ok(()) => {
            if reason == DrawerReason::NoSale {
                say(s, Level::Info, Say::DrawerOpened);
            }
            // The books count openings, those without a sale on their own (X and Z reports).
            vec![Effect::Journal(JournalEvent::DrawerOpened { reason })]
        }
        Err(e) => {
            say(s, Level::Warning, Say::DrawerFailed { reason: e });
            Vec::new()
        }
    }
}

/// A copy can be made of the sales or return receipt on screen, once, where there is a
/// printer.
pub fn copy_possible(s: &State) -> bool {
    has_printer(s) && s.payment.is_none() && s.done.as_ref().is_some_and(|d| !d.copy_asked)
}

pub(super) fn print_copy(s: &mut State) -> Vec<Effect> {
    if !copy_possible(s) {
        return Vec::new();
    }
    let Some(done) = s.done.as_mut() else {
        return Vec::new();
    };
    done.copy_asked = true;
    let receipt = Box::new(done.issued.clone());
    let cashier = s.cashier.as_ref().map(|c| c.id.clone());
    vec![Effect::PrintCopy { receipt, cashier }]
}

pub(super) fn on_copy(s: &mut State, result: Result<(), CopyRefused>) -> Vec<Effect> {
    match result {
        Ok(()) => say(s, Level::Info, Say::CopyPrinted),
        Err(CopyRefused::AlreadyMade) => say(s, Level::Warning, Say::CopyAlreadyMade),
        Err(CopyRefused::Failed(reason)) => {
            say(s, Level::Error, Say::CopyFailed { reason });
        }
    }
    Vec::new()
}
