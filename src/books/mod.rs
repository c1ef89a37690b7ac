//! The books an inspector accepts (kassasystemlova, kassasystemforskrifta, bokføringsforskriften
//! 5-3): the electronic journal, the signature chain, the X and Z reports, the SAF-T Cash
//! Register export and the cashiers.
//!
//! The journal is the source of everything else: the reports and the export are pure functions
//! of its rows, so what an inspector reads is what was journaled. It needs only
//! [`IssuedReceipt`](crate::domain::IssuedReceipt)s (journaled, signed, by the store's hook in
//! the transaction that issues them) and [`JournalEvent`](crate::domain::JournalEvent)s.
//! `docs/BOOKS.md` says all of it for the shop owner and the inspector.

pub mod cashiers;
pub mod chain;
pub mod cli;
pub mod journal;
pub mod period;
pub mod report;
pub mod saft;
pub mod signing;
mod xml;

pub use chain::{verify_till, ChainSummary};
pub use journal::{append_event, append_receipt, record_receipt, Entry, Stamp};
pub use period::{take_x, take_z, z_missing, Company, TakenBy};
pub use report::{GrandTotals, Report, ReportKind};
pub use signing::Signer;

use crate::store::StoreError;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum BooksError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("signing key {path}: {reason}")]
    Key { path: PathBuf, reason: String },
    #[error("electronic journal row {seq} cannot be read: {reason}")]
    Unreadable { seq: i64, reason: String },
    #[error("the signature chain of till `{pos_id}` is broken at journal row {seq}: {reason}")]
    ChainBroken {
        pos_id: String,
        seq: i64,
        reason: String,
    },
    #[error("till `{pos_id}` already has a Z report for {date}: one Z report a day")]
    ZAlreadyTaken { pos_id: String, date: String },
    #[error("{0}")]
    Invalid(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The books of one till, as the runtime holds them: its signing key, its id, and whether it
/// runs in training mode (demo), where every receipt must be a training receipt.
#[derive(Debug)]
pub struct Books {
    signer: Signer,
    pos_id: String,
    training_only: bool,
}

impl Books {
    /// Opens the till's books: the signing key is made at first start.
    pub fn open(
        store: &mut crate::store::Store,
        config: &crate::config::Config,
    ) -> Result<Books, BooksError> {
        let signer = Signer::load_or_create(store, &signing::key_path(&config.database))?;
        Ok(Books {
            signer,
            pos_id: config.shop.pos_id.clone(),
            training_only: config.environment == crate::config::Environment::Demo,
        })
    }

    pub fn pos_id(&self) -> &str {
        &self.pos_id
    }

    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The store's receipt hook: journals and signs the receipt inside the transaction that
    /// issues it. A training till (demo) refuses a receipt that is not a training receipt, so
    /// a demo sale can never reach the real books.
    pub fn journal_receipt(
        &self,
        tx: &rusqlite::Transaction<'_>,
        receipt: &crate::domain::IssuedReceipt,
    ) -> Result<(), StoreError> {
        if self.training_only && !receipt.training {
            return Err(StoreError::Books(
                "a till in demo (training) mode issues training receipts only".into(),
            ));
        }
        journal::append_receipt(tx, &self.signer, receipt).map(|_| ())
    }

    /// Journals an event of this till, now.
    pub fn record(
        &self,
        store: &mut crate::store::Store,
        cashier: Option<&str>,
        training: bool,
        event: &crate::domain::JournalEvent,
    ) -> Result<i64, BooksError> {
        let training = training || self.training_only;
        append_event(store, &self.pos_id, Stamp::now(), cashier, training, event)
    }
}
