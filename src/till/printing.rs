//! Receipts to the printer and the cash drawer, as the core decides them.
//!
//! Until the tenders branch issues receipts in the core, a finished Vipps sale is turned into
//! an [`IssuedReceipt`] with one Vipps tender here, in [`vipps_receipt`] alone, so the lead
//! can point it at the issued receipt at merge.

use super::msg::Effect;
use super::state::{Level, Membership, Payment, State};
use super::{say, Say};
use crate::domain::{DrawerReason, IssuedReceipt, ReceiptKind, ReceiptLine, Tender, TenderKind};
use crate::printer::PrinterState;

/// The bridge from today's Vipps sale to the shared receipt record. `issued_at` is left 0 for
/// the runtime to stamp (the core has no wall clock).
pub(super) fn vipps_receipt(s: &State, p: &Payment) -> Result<IssuedReceipt, String> {
    let number = p
        .receipt_number
        .parse::<u64>()
        .map_err(|_| format!("receipt number `{}` is not a number", p.receipt_number))?;
    let lines = ReceiptLine::from_basket(&p.basket, ReceiptKind::Sale);
    let receipt = IssuedReceipt {
        kind: ReceiptKind::Sale,
        training: false,
        number,
        pos_id: s.settings.pos_id.clone(),
        cashier: None,
        issued_at: 0,
        utc_offset_min: 0,
        currency: p.amount.currency,
        lines,
        tenders: vec![Tender {
            kind: TenderKind::Vipps {
                reference: p.reference.clone(),
            },
            amount: p.amount.minor,
        }],
        rounding: 0,
        customer: Some(p.customer.msisdn.masked()),
        member: matches!(p.customer.membership, Membership::Member { .. }),
        return_of: None,
    };
    receipt.check().map(|()| receipt).map_err(|e| e.to_string())
}

/// The effects that print a finished Vipps sale's receipt.
pub(super) fn print_sale(s: &mut State, p: &Payment) -> Vec<Effect> {
    if s.status.printer == PrinterState::None {
        // No printer configured: the receipt is on screen only.
        return Vec::new();
    }
    match vipps_receipt(s, p) {
        Ok(r) => {
            s.last_receipt = Some((r.pos_id.clone(), r.number));
            vec![Effect::PrintReceipt(Box::new(r))]
        }
        // A bug, never the cashier's doing: said on screen; the sale itself is done.
        Err(reason) => {
            say(s, Level::Error, Say::ReceiptNotPrinted { reason });
            Vec::new()
        }
    }
}

pub(super) fn no_sale(_s: &mut State) -> Vec<Effect> {
    vec![Effect::OpenDrawer(DrawerReason::NoSale)]
}

/// Whether the cashier can give the customer the Vipps in-app receipt instead of paper: the
/// printer is away and the last sale's receipt waits for it.
pub fn in_app_possible(s: &State) -> bool {
    matches!(s.status.printer, PrinterState::Away { waiting, .. } if waiting > 0)
        && s.last_receipt.is_some()
}

pub(super) fn in_app_receipt(s: &mut State) -> Vec<Effect> {
    match s.last_receipt.take() {
        Some((pos_id, number)) => {
            say(s, Level::Info, Say::InAppReceipt);
            vec![Effect::WithdrawReceipt { pos_id, number }]
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
            // Hook for the books: journal `JournalEvent::DrawerOpened { reason }` here (an
            // opening without a sale is counted on the X and Z reports).
            Vec::new()
        }
        Err(e) => {
            say(s, Level::Warning, Say::DrawerFailed { reason: e });
            Vec::new()
        }
    }
}
