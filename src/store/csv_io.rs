//! CSV import and export of members and products, in the formats of `docs/CSV.md`.
//!
//! An import is all or nothing: every row is checked, every bad row is reported with its line
//! number and reason, and only a file without a bad row is written, in one transaction.

use super::csv_fields::{format_price, format_time, format_vat};
use super::csv_read::{self, Columns};
use super::csv_rows::{check_duplicate, parse_member, parse_product};
use super::{is_unique_violation, members, products, Store, StoreError};
use crate::domain::{Country, VariableMeasure};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Write};
use thiserror::Error;

/// How many bad rows an import reports one by one; the rest are counted.
pub const MAX_REPORTED_ROW_ERRORS: usize = 50;

/// The header of a member file (what the export writes; only `phone` is required).
pub const MEMBER_HEADER: [&str; 5] = ["phone", "name", "email", "sub", "enrolled_at"];
/// The header of a product file (what the export writes; `gtin,name,price` are required).
pub const PRODUCT_HEADER: [&str; 6] = ["gtin", "name", "price", "vat", "unit", "variable"];

const MEMBER_COLUMNS: Columns = Columns {
    names: &MEMBER_HEADER,
    required: 1,
};
const PRODUCT_COLUMNS: Columns = Columns {
    names: &PRODUCT_HEADER,
    required: 3,
};

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file, counting from 1 (the header is line 1).
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    /// Products whose price the import changed.
    pub repriced: usize,
}

/// A catalogue price an import changed, as the cash register rules journal it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceChange {
    pub gtin: String,
    pub old: i64,
    pub new: i64,
}

/// Why an import wrote nothing.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("cannot read the CSV file: {0}")]
    Read(String),
    #[error("cannot write the CSV: {0}")]
    Write(String),
    #[error("the file is empty; its first line must be the header `{0}`")]
    Empty(String),
    /// The header line cannot work; `problem` says how to fix it.
    #[error("line 1 (the header): {problem}")]
    Header { problem: String },
    #[error("{}", rows_message(.errors, *.total))]
    Rows {
        /// The first [`MAX_REPORTED_ROW_ERRORS`] bad rows, in file order.
        errors: Vec<RowError>,
        /// How many rows were bad in all.
        total: usize,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn rows_message(errors: &[RowError], total: usize) -> String {
    let mut s = format!(
        "{total} bad row{}, nothing was imported:",
        if total == 1 { "" } else { "s" }
    );
    for e in errors {
        s.push_str(&format!("\n  {e}"));
    }
    if total > errors.len() {
        s.push_str(&format!("\n  … and {} more", total - errors.len()));
    }
    s
}

/// Collects row errors, keeping the first few in line order.
#[derive(Default)]
struct Errors {
    list: Vec<RowError>,
}

impl Errors {
    fn push(&mut self, line: u64, reason: impl Into<String>) {
        self.list.push(RowError {
            line,
            reason: reason.into(),
        });
    }

    fn into_result(mut self) -> Result<(), ImportError> {
        if self.list.is_empty() {
            return Ok(());
        }
        self.list.sort_by_key(|e| e.line);
        let total = self.list.len();
        self.list.truncate(MAX_REPORTED_ROW_ERRORS);
        Err(ImportError::Rows {
            errors: self.list,
            total,
        })
    }
}

/// Reads the file's rows after checking its header: (line, fields in the order of
/// `columns.names`, a column the file lacks filled from `defaults`) or a row error.
fn read_rows<R: Read>(
    mut input: R,
    columns: &Columns,
    defaults: &[&str],
    errors: &mut Errors,
) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    let expected = columns.names.join(",");
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Read(e.to_string()))?;
    let text = csv_read::decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(csv_read::separator(&text))
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut layout = None;
    for record in reader.records() {
        // The text is decoded already, so what is left to go wrong is reading itself.
        let record = record.map_err(|e| ImportError::Read(e.to_string()))?;
        let line = record.position().map_or(0, csv::Position::line);
        let fields: Vec<String> = record.iter().map(str::to_string).collect();
        let Some(layout) = &layout else {
            layout = Some(
                csv_read::Layout::from_header(&fields, columns)
                    .map_err(|problem| ImportError::Header { problem })?,
            );
            continue;
        };
        match layout.arrange(&fields) {
            Ok(arranged) => rows.push((
                line,
                arranged
                    .into_iter()
                    .zip(defaults)
                    .map(|(f, d)| f.unwrap_or_else(|| d.to_string()))
                    .collect(),
            )),
            Err(reason) => errors.push(line, reason),
        }
    }
    if layout.is_none() {
        return Err(ImportError::Empty(expected));
    }
    Ok(rows)
}

impl Store {
    /// Imports members (`phone,name,email,sub,enrolled_at`); phone numbers without a country
    /// code are taken to be in `country`. An existing member (same phone) gets the file's name,
    /// email, sub and enrolment time and keeps their source and consents.
    pub fn import_members<R: Read>(
        &mut self,
        input: R,
        country: Country,
    ) -> Result<ImportSummary, ImportError> {
        let mut errors = Errors::default();
        let rows = read_rows(input, &MEMBER_COLUMNS, &[""; 5], &mut errors)?;
        let now = super::now();
        let (mut phones, mut subs) = (HashMap::new(), HashMap::new());
        let mut members = Vec::with_capacity(rows.len());
        for (line, fields) in rows {
            let checked = parse_member(&fields, country, now).and_then(|m| {
                check_duplicate(&mut phones, m.msisdn.as_str(), line, "phone")?;
                if let Some(sub) = &m.sub {
                    check_duplicate(&mut subs, sub, line, "sub")?;
                }
                Ok(m)
            });
            match checked {
                Ok(m) => members.push((line, m)),
                Err(reason) => errors.push(line, reason),
            }
        }
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let mut summary = ImportSummary::default();
        {
            let mut exists = tx
                .prepare_cached("SELECT 1 FROM members WHERE msisdn = ?1")
                .map_err(StoreError::from)?;
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO members (msisdn, sub, name, email, enrolled_at, source)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'import')
                     ON CONFLICT (msisdn) DO UPDATE SET sub = excluded.sub,
                       name = excluded.name, email = excluded.email,
                       enrolled_at = excluded.enrolled_at",
                )
                .map_err(StoreError::from)?;
            for (line, m) in &members {
                let known = exists
                    .query_row([m.msisdn.as_str()], |_| Ok(()))
                    .optional()
                    .map_err(StoreError::from)?
                    .is_some();
                let written = upsert.execute(params![
                    m.msisdn.as_str(),
                    m.sub,
                    m.name,
                    m.email,
                    m.enrolled_at
                ]);
                match written {
                    Ok(_) if known => summary.updated += 1,
                    Ok(_) => summary.added += 1,
                    Err(e) if is_unique_violation(&e) => errors.push(
                        *line,
                        "sub already belongs to another member in the database",
                    ),
                    Err(e) => return Err(StoreError::from(e).into()),
                }
            }
        }
        // Dropping the transaction on error rolls every row back.
        errors.into_result()?;
        tx.commit().map_err(StoreError::from)?;
        tracing::info!(
            added = summary.added,
            updated = summary.updated,
            "members imported"
        );
        Ok(summary)
    }

    /// Imports products (`gtin,name,price,vat,unit,variable`), replacing those with the same
    /// GTIN. A file without a `vat` column is at the standard rate of `country`, one without
    /// `unit` sold by the piece.
    pub fn import_products<R: Read>(
        &mut self,
        input: R,
        country: Country,
    ) -> Result<ImportSummary, ImportError> {
        self.import_products_journaled(input, country, |_, _| Ok(()))
    }

    /// [`Store::import_products`], handing each changed price to `journal` inside the
    /// import's transaction: the electronic journal gets every price change, or the catalogue
    /// keeps its old prices.
    pub fn import_products_journaled<R: Read>(
        &mut self,
        input: R,
        country: Country,
        mut journal: impl FnMut(&rusqlite::Transaction<'_>, &PriceChange) -> Result<(), StoreError>,
    ) -> Result<ImportSummary, ImportError> {
        let mut errors = Errors::default();
        let standard = format_vat(country.standard_vat_bp());
        let defaults = ["", "", "", standard.as_str(), "pcs", ""];
        let rows = read_rows(input, &PRODUCT_COLUMNS, &defaults, &mut errors)?;
        let mut gtins = HashMap::new();
        let mut list = Vec::with_capacity(rows.len());
        for (line, fields) in rows {
            let checked = parse_product(&fields).and_then(|p| {
                check_duplicate(&mut gtins, p.gtin.as_str(), line, "gtin")?;
                Ok(p)
            });
            match checked {
                Ok(p) => list.push(p),
                Err(reason) => errors.push(line, reason),
            }
        }
        errors.into_result()?;
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let mut summary = ImportSummary::default();
        {
            let mut known_price = tx
                .prepare_cached("SELECT price FROM products WHERE gtin = ?1")
                .map_err(StoreError::from)?;
            for p in &list {
                let old: Option<i64> = known_price
                    .query_row([p.gtin.normalized().as_str()], |r| r.get(0))
                    .optional()
                    .map_err(StoreError::from)?;
                products::write_product(&tx, p)?;
                match old {
                    Some(old) => {
                        summary.updated += 1;
                        if old != p.price {
                            summary.repriced += 1;
                            let change = PriceChange {
                                gtin: p.gtin.normalized().to_string(),
                                old,
                                new: p.price,
                            };
                            journal(&tx, &change)?;
                        }
                    }
                    None => summary.added += 1,
                }
            }
        }
        tx.commit().map_err(StoreError::from)?;
        tracing::info!(
            added = summary.added,
            updated = summary.updated,
            "products imported"
        );
        Ok(summary)
    }

    /// Writes every member as CSV in the import format (phone numbers with `+` and country
    /// code, times in RFC 3339 UTC). Returns how many.
    pub fn export_members<W: Write>(&self, output: W) -> Result<usize, ImportError> {
        let mut w = csv::Writer::from_writer(output);
        let io = |e: csv::Error| ImportError::Write(e.to_string());
        w.write_record(MEMBER_HEADER).map_err(io)?;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM members ORDER BY msisdn",
                members::COLUMNS
            ))
            .map_err(StoreError::from)?;
        let mut n = 0;
        for row in stmt
            .query_map([], members::member_from_row)
            .map_err(StoreError::from)?
        {
            let m = row.map_err(StoreError::from)??;
            w.write_record([
                format!("+{}", m.msisdn),
                m.name.unwrap_or_default(),
                m.email.unwrap_or_default(),
                m.sub.unwrap_or_default(),
                format_time(m.enrolled_at),
            ])
            .map_err(io)?;
            n += 1;
        }
        w.flush().map_err(|e| ImportError::Write(e.to_string()))?;
        Ok(n)
    }

    /// Writes the catalogue as CSV in the import format. Returns how many products.
    pub fn export_products<W: Write>(&self, output: W) -> Result<usize, ImportError> {
        let mut w = csv::Writer::from_writer(output);
        let io = |e: csv::Error| ImportError::Write(e.to_string());
        w.write_record(PRODUCT_HEADER).map_err(io)?;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM products ORDER BY gtin",
                products::COLUMNS
            ))
            .map_err(StoreError::from)?;
        let mut n = 0;
        for row in stmt
            .query_map([], products::product_from_row)
            .map_err(StoreError::from)?
        {
            let p = row.map_err(StoreError::from)??;
            w.write_record([
                p.gtin.to_string(),
                p.name,
                format_price(p.price),
                format_vat(p.vat.basis_points()),
                p.unit.code().to_string(),
                p.variable
                    .map(VariableMeasure::code)
                    .unwrap_or("")
                    .to_string(),
            ])
            .map_err(io)?;
            n += 1;
        }
        w.flush().map_err(|e| ImportError::Write(e.to_string()))?;
        Ok(n)
    }
}
