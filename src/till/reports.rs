//! The X and Z reports at the till: the cashier asks (the Z report asks again first, since
//! it closes the day), the books take the report from the journal and journal it whole, and
//! the till shows it in a dialog that scrolls; a till with a printer prints it too.

use super::msg::{Effect, Key, ReportRefused, ShownReport};
use super::state::{Dialog, Level, State};
use super::{say, Say};
use crate::domain::ReportKind;
use crate::printer::PrinterState;

/// Whether a report can be asked for now: at an empty counter, none already on its way.
pub fn possible(s: &State) -> bool {
    s.payment.is_none() && s.tender.is_none() && s.basket.is_empty() && s.report_pending.is_none()
}

/// X: taken at once. Z: asked first (once a day, and the counters start again after it).
pub(super) fn ask(s: &mut State, kind: ReportKind) -> Vec<Effect> {
    match kind {
        ReportKind::X => take(s, kind),
        ReportKind::Z => {
            s.dialog = Some(Dialog::ConfirmZ);
            Vec::new()
        }
    }
}

pub(super) fn confirm_z_key(s: &mut State, k: Key) -> Vec<Effect> {
    if super::keys::is_yes(k) {
        return take(s, ReportKind::Z);
    }
    Vec::new()
}

fn take(s: &mut State, kind: ReportKind) -> Vec<Effect> {
    s.report_pending = Some(kind);
    vec![Effect::TakeReport {
        kind,
        cashier: s.cashier.as_ref().map(|c| c.id.clone()),
        print: super::printing::has_printer(s),
    }]
}

pub(super) fn on_taken(s: &mut State, result: Result<ShownReport, ReportRefused>) -> Vec<Effect> {
    let Some(kind) = s.report_pending.take() else {
        return Vec::new();
    };
    match result {
        Ok(report) => {
            if kind == ReportKind::Z {
                s.z_missing = false;
            }
            // On paper when the printer took it now; an away printer's queue keeps it, and
            // the status bar already says the printer is away.
            let printed = report.printed && matches!(s.status.printer, PrinterState::Ready { .. });
            say(
                s,
                Level::Success,
                Say::ReportTaken {
                    kind,
                    number: report.number,
                    printed,
                },
            );
            // Shown at once, unless the cashier has moved on meanwhile (a dialog, a sale).
            if s.dialog.is_none() && possible(s) {
                s.dialog = Some(Dialog::Report { report, top: 0 });
            }
        }
        Err(ReportRefused::ZAlreadyTaken) => say(s, Level::Warning, Say::ZAlreadyTaken),
        Err(ReportRefused::Failed(reason)) => {
            say(s, Level::Error, Say::ReportFailed { kind, reason })
        }
    }
    Vec::new()
}

/// Reading the report: the arrows a line, PgUp/PgDn a page (as many lines as the screen
/// shows), Home/End; Enter or Esc closes it.
pub(super) fn report_key(s: &mut State, report: ShownReport, top: usize, k: Key) -> Vec<Effect> {
    if k == Key::Enter {
        return Vec::new();
    }
    let page = s.view.report_rows.max(1);
    let last = report.lines.len().saturating_sub(page);
    let top = super::keys::scroll(top, k, page, last);
    s.dialog = Some(Dialog::Report { report, top });
    Vec::new()
}
