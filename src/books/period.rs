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

/// Where the till's current period starts: after the row its last Z report read up to
/// (`to_seq`), not after the Z report's own row, so a receipt another process journaled while
/// that report was written belongs to this period; with the grand totals it carries on from.
/// Training reports and real ones have periods, numbers and grand totals of their own: a Z
/// report taken in training never closes the real books.
fn period_start(
    store: &Store,
    pos_id: &str,
    training: bool,
) -> Result<(i64, GrandTotals), BooksError> {
    let Some(row) = journal::last_event(store, pos_id, "z_report", training)? else {
        return Ok((0, GrandTotals::default()));
    };
    let said = match &row.event {
        JournalEvent::ZReport { report, .. } => {
            serde_json::from_value::<Report>(report.clone()).ok()
        }
        _ => None,
    };
    Ok(match said {
        Some(z) if z.to_seq > 0 => (z.to_seq, z.grand),
        // A report this version cannot read, or one of an empty journal: its row closes it.
        other => (row.seq, other.map(|z| z.grand).unwrap_or_default()),
    })
}

/// The number the next report of `kind` takes: one more than the till's last of that kind
/// (training reports counted apart).
fn next_number(
    store: &Store,
    pos_id: &str,
    kind: ReportKind,
    training: bool,
) -> Result<u64, BooksError> {
    let event = match kind {
        ReportKind::X => "x_report",
        ReportKind::Z => "z_report",
    };
    let last =
        journal::last_event(store, pos_id, event, training)?.and_then(|row| match row.event {
            JournalEvent::ZReport { number, .. } => Some(number),
            JournalEvent::XReport { report } => serde_json::from_value::<Report>(report)
                .ok()
                .map(|r| r.meta.number),
            _ => None,
        });
    Ok(match last {
        Some(n) => n + 1,
        // A report this version cannot read: count them instead.
        None => journal::count_events(store, pos_id, event, training)? + 1,
    })
}

/// Builds the report of `kind` for `pos_id`, without journaling it. It reads only the period
/// since the till's last Z report, however long the journal has grown.
pub fn build(
    store: &Store,
    kind: ReportKind,
    pos_id: &str,
    company: &Company,
    by: TakenBy<'_>,
) -> Result<Report, BooksError> {
    let (after, previous) = period_start(store, pos_id, by.training)?;
    let period = journal::entries(store, Some(pos_id), after)?;
    let copy_amounts = copy_amounts(store, &period)?;
    let meta = ReportMeta {
        number: next_number(store, pos_id, kind, by.training)?,
        pos_id: pos_id.to_string(),
        company_ident: company.ident.clone(),
        company_name: company.name.clone(),
        at: by.stamp.at,
        utc_offset_min: by.stamp.utc_offset_min,
        cashier: by.cashier.map(str::to_string),
        training: by.training,
    };
    Ok(report::build(
        kind,
        meta,
        after,
        &period,
        &copy_amounts,
        previous,
    ))
}

/// The totals of the receipts that the period's copies are copies of (a copy may be of a
/// receipt from an earlier day), by the copy row's `seq`. A return's copy counts its
/// (negative) total.
fn copy_amounts(store: &Store, period: &[Entry]) -> Result<HashMap<i64, i64>, BooksError> {
    let mut out = HashMap::new();
    for copy in period.iter().filter(|e| !e.training) {
        if let JournalEvent::CopyPrinted {
            pos_id,
            number,
            kind,
        } = &copy.event
        {
            let nr = crate::domain::trans_nr(*kind, false, *number);
            if let Some(r) = journal::receipt_by_nr(store, pos_id, &nr)? {
                out.insert(copy.seq, r.total());
            }
        }
    }
    Ok(out)
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
    let report = build(store, ReportKind::X, pos_id, company, by)?;
    let event = JournalEvent::XReport {
        report: to_json(&report)?,
    };
    journal::append_event(store, pos_id, by.stamp, by.cashier, by.training, &event)?;
    Ok(report)
}

/// Takes the day's Z report, once per day per till: the counters start again after it.
pub fn take_z(
    store: &mut Store,
    pos_id: &str,
    company: &Company,
    by: TakenBy<'_>,
) -> Result<Report, BooksError> {
    let report = build(store, ReportKind::Z, pos_id, company, by)?;
    let event = JournalEvent::ZReport {
        number: report.meta.number,
        report: to_json(&report)?,
    };
    // Once a day, checked in the transaction that writes it: a second process (the command
    // line beside a running till) cannot slip a second Z report in between.
    journal::append_z_report(store, pos_id, by, &event)?;
    Ok(report)
}

/// Whether a Z report is missing for an earlier day: real sales or returns since the last Z
/// report that were made before `today` (local). The till asks this before a new day's first
/// sale, to remind the cashier.
pub fn z_missing(store: &Store, pos_id: &str, today: time::Date) -> Result<bool, BooksError> {
    let (after, _) = period_start(store, pos_id, false)?;
    Ok(journal::entries(store, Some(pos_id), after)?
        .iter()
        .filter(|e| !e.training)
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
