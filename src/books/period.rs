//! Taking a report: read the till's entries since its last Z report from the journal, build
//! the report, and journal it whole. The Z report is refused a second time on the same day.

use super::journal::{self, Entry, Stamp};
use super::report::{self, GrandTotals, Report, ReportKind, ReportMeta};
use super::BooksError;
use crate::domain::{JournalEvent, ReceiptKind};
use crate::store::Store;
use std::collections::HashMap;

/// The company a report is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub ident: String,
    pub name: String,
}

/// The till's last Z report: its row and what it said.
fn last_z(entries: &[Entry]) -> Option<(&Entry, Option<Report>)> {
    entries.iter().rev().find_map(|e| match &e.event {
        JournalEvent::ZReport { report, .. } => {
            Some((e, serde_json::from_value::<Report>(report.clone()).ok()))
        }
        _ => None,
    })
}

/// Builds the report of `kind` for `pos_id` as of `stamp`, without journaling it.
pub fn build(
    store: &Store,
    kind: ReportKind,
    pos_id: &str,
    company: &Company,
    cashier: Option<&str>,
    stamp: Stamp,
) -> Result<Report, BooksError> {
    let all = journal::entries(store, Some(pos_id), 0)?;
    let (after, previous, z_count) = match last_z(&all) {
        Some((row, report)) => (
            row.seq,
            report.map(|r| r.grand).unwrap_or_default(),
            all.iter()
                .filter(|e| matches!(e.event, JournalEvent::ZReport { .. }))
                .count() as u64,
        ),
        None => (0, GrandTotals::default(), 0),
    };
    let period: Vec<Entry> = all.iter().filter(|e| e.seq > after).cloned().collect();
    let x_count = all
        .iter()
        .filter(|e| matches!(e.event, JournalEvent::XReport { .. }))
        .count() as u64;
    let copy_amounts = copy_amounts(&all, &period);
    let meta = ReportMeta {
        number: match kind {
            ReportKind::X => x_count + 1,
            ReportKind::Z => z_count + 1,
        },
        pos_id: pos_id.to_string(),
        company_ident: company.ident.clone(),
        company_name: company.name.clone(),
        at: stamp.at,
        utc_offset_min: stamp.utc_offset_min,
        cashier: cashier.map(str::to_string),
    };
    Ok(report::build(kind, meta, &period, &copy_amounts, previous))
}

/// The totals of the receipts that the period's copies are copies of (a copy may be of a
/// receipt from an earlier day). A copy names the number of a sale: sales and returns have
/// their own series, and copies are printed of sales receipts.
fn copy_amounts(all: &[Entry], period: &[Entry]) -> HashMap<(String, u64), i64> {
    let wanted: Vec<(String, u64)> = period
        .iter()
        .filter_map(|e| match &e.event {
            JournalEvent::CopyPrinted { pos_id, number } => Some((pos_id.clone(), *number)),
            _ => None,
        })
        .collect();
    let mut out = HashMap::new();
    for e in all {
        if let Some(r) = e.receipt() {
            let key = (r.pos_id.clone(), r.number);
            if !r.training && r.kind == ReceiptKind::Sale && wanted.contains(&key) {
                out.insert(key, r.total());
            }
        }
    }
    out
}

/// Takes an X report: built, journaled whole, returned for the screen and the printer.
pub fn take_x(
    store: &mut Store,
    pos_id: &str,
    company: &Company,
    cashier: Option<&str>,
    stamp: Stamp,
) -> Result<Report, BooksError> {
    let report = build(store, ReportKind::X, pos_id, company, cashier, stamp)?;
    let event = JournalEvent::XReport {
        report: to_json(&report)?,
    };
    journal::append_event(store, pos_id, stamp, cashier, false, &event)?;
    Ok(report)
}

/// Takes the day's Z report, once per day per till: the counters start again after it.
pub fn take_z(
    store: &mut Store,
    pos_id: &str,
    company: &Company,
    cashier: Option<&str>,
    stamp: Stamp,
) -> Result<Report, BooksError> {
    let today = stamp.local_date();
    let all = journal::entries(store, Some(pos_id), 0)?;
    if let Some((row, _)) = last_z(&all) {
        if row.stamp.local_date() == today {
            return Err(BooksError::ZAlreadyTaken {
                pos_id: pos_id.to_string(),
                date: stamp.local().0,
            });
        }
    }
    let report = build(store, ReportKind::Z, pos_id, company, cashier, stamp)?;
    let event = JournalEvent::ZReport {
        number: report.meta.number,
        report: to_json(&report)?,
    };
    journal::append_event(store, pos_id, stamp, cashier, false, &event)?;
    Ok(report)
}

/// Whether a Z report is missing for an earlier day: real sales or returns since the last Z
/// report that were made before `today` (local). The till asks this before a new day's first
/// sale, to remind the cashier.
pub fn z_missing(store: &Store, pos_id: &str, today: time::Date) -> Result<bool, BooksError> {
    let all = journal::entries(store, Some(pos_id), 0)?;
    let after = last_z(&all).map_or(0, |(row, _)| row.seq);
    Ok(all
        .iter()
        .filter(|e| e.seq > after && !e.training)
        .filter_map(Entry::receipt)
        .any(|r| {
            Stamp {
                at: r.issued_at,
                utc_offset_min: r.utc_offset_min,
            }
            .local_date()
                < today
        }))
}

fn to_json(report: &Report) -> Result<serde_json::Value, BooksError> {
    serde_json::to_value(report).map_err(|e| BooksError::Invalid(e.to_string()))
}
