//! Taking a report: read the till's entries since its last Z report from the journal, build
//! the report, and journal it whole. The Z report is refused a second time on the same day.

use super::journal::{self, Entry, Stamp};
use super::report::{self, GrandTotals, Report, ReportKind, ReportMeta};
use super::BooksError;
use crate::domain::JournalEvent;
use crate::store::Store;
use std::collections::HashMap;

/// The company a report is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub ident: String,
    pub name: String,
}

impl Company {
    /// The shop of the config: its organisation number (none yet: empty) and name.
    pub fn of(config: &crate::config::Config) -> Company {
        Company {
            ident: config
                .shop
                .org_number
                .as_ref()
                .map(|o| o.digits().to_string())
                .unwrap_or_default(),
            name: config.shop.name.clone(),
        }
    }
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
        training: false,
    };
    Ok(report::build(kind, meta, &period, &copy_amounts, previous))
}

/// The totals of the receipts that the period's copies are copies of (a copy may be of a
/// receipt from an earlier day), by the copy row's `seq`. A return's copy counts its
/// (negative) total.
fn copy_amounts(all: &[Entry], period: &[Entry]) -> HashMap<i64, i64> {
    let mut out = HashMap::new();
    for copy in period.iter().filter(|e| !e.training) {
        let of = all
            .iter()
            .filter_map(Entry::receipt)
            .find(|r| !r.training && copy.event.is_copy_of(r));
        if let Some(r) = of {
            out.insert(copy.seq, r.total());
        }
    }
    out
}

/// Who takes a report, when, and whether the till is in training mode (its report rows are
/// training rows then, like everything a training till journals).
#[derive(Debug, Clone, Copy)]
pub struct TakenBy<'a> {
    pub cashier: Option<&'a str>,
    pub training: bool,
    pub stamp: Stamp,
}

/// Takes an X report: built, journaled whole, returned for the screen and the printer.
pub fn take_x(
    store: &mut Store,
    pos_id: &str,
    company: &Company,
    by: TakenBy<'_>,
) -> Result<Report, BooksError> {
    let TakenBy {
        cashier,
        training,
        stamp,
    } = by;
    let mut report = build(store, ReportKind::X, pos_id, company, cashier, stamp)?;
    report.meta.training = training;
    let event = JournalEvent::XReport {
        report: to_json(&report)?,
    };
    journal::append_event(store, pos_id, stamp, cashier, training, &event)?;
    Ok(report)
}

/// Takes the day's Z report, once per day per till: the counters start again after it.
pub fn take_z(
    store: &mut Store,
    pos_id: &str,
    company: &Company,
    by: TakenBy<'_>,
) -> Result<Report, BooksError> {
    let TakenBy {
        cashier,
        training,
        stamp,
    } = by;
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
    let mut report = build(store, ReportKind::Z, pos_id, company, cashier, stamp)?;
    report.meta.training = training;
    let event = JournalEvent::ZReport {
        number: report.meta.number,
        report: to_json(&report)?,
    };
    journal::append_event(store, pos_id, stamp, cashier, training, &event)?;
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
