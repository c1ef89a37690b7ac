//! The journal of money-moving requests: written before a request goes out, finished after,
//! so a till that died in between knows what it may have done.
//!
//! This is the API-intent journal (table `journal`), for crash recovery only. The legal record
//! the cash register rules ask for, every receipt and event signed and append-only, is the
//! electronic journal in `src/books` (table `electronic_journal`).

use super::{corrupt, is_unique_violation, Store, StoreError};
use rusqlite::{params, OptionalExtension, Row};

/// The ePayment operation a journal entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JournalOp {
    Create,
    Capture,
    Cancel,
    Refund,
}

impl JournalOp {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            JournalOp::Create => "create",
            JournalOp::Capture => "capture",
            JournalOp::Cancel => "cancel",
            JournalOp::Refund => "refund",
        }
    }

    /// The operation with this stored name.
    pub fn parse(s: &str) -> Option<JournalOp> {
        [
            JournalOp::Create,
            JournalOp::Capture,
            JournalOp::Cancel,
            JournalOp::Refund,
        ]
        .into_iter()
        .find(|op| op.as_str() == s)
    }
}

/// How a journalled request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent (or about to be) with no answer recorded: after a crash, ask the API.
    Pending,
    Ok,
    /// Refused or failed, with the reason for the log and the screen.
    Error(String),
}

/// One journalled request.
impl Outcome {
    /// The `outcome`, `error` and `finished_at` columns for this outcome, finished now.
    fn columns(&self) -> (&'static str, Option<&str>, Option<i64>) {
        let finished = (*self != Outcome::Pending).then(super::now);
        match self {
            Outcome::Pending => ("pending", None, finished),
            Outcome::Ok => ("ok", None, finished),
            Outcome::Error(e) => ("error", Some(e.as_str()), finished),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: i64,
    pub op: JournalOp,
    pub reference: String,
    pub idempotency_key: String,
    /// The request body as sent (JSON).
    pub request: String,
    pub outcome: Outcome,
    /// Unix seconds.
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str =
    "id, operation, reference, idempotency_key, request, outcome, error, created_at, finished_at";

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Result<JournalEntry, StoreError>> {
    let op: String = row.get(1)?;
    let outcome: String = row.get(5)?;
    let error: Option<String> = row.get(6)?;
    let (id, reference, idempotency_key, request) =
        (row.get(0)?, row.get(2)?, row.get(3)?, row.get(4)?);
    let (created_at, finished_at) = (row.get(7)?, row.get(8)?);
    let entry = (|| {
        Ok(JournalEntry {
            id,
            op: JournalOp::parse(&op)
                .ok_or_else(|| corrupt("journal", "operation", format!("`{op}`")))?,
            reference,
            idempotency_key,
            request,
            outcome: match outcome.as_str() {
                "pending" => Outcome::Pending,
                "ok" => Outcome::Ok,
                "error" => Outcome::Error(error.unwrap_or_default()),
                other => return Err(corrupt("journal", "outcome", format!("`{other}`"))),
            },
            created_at,
            finished_at,
        })
    })();
    Ok(entry)
}

impl Store {
    /// Records the intent to send `request_json` for `op` on payment `reference`; call it
    /// before the request goes out. The idempotency key is unique: a second begin with the
    /// same key is refused (retry the pending entry instead). Returns the entry's id.
    pub fn journal_begin(
        &self,
        op: JournalOp,
        reference: &str,
        idempotency_key: &str,
        request_json: &str,
    ) -> Result<i64, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO journal (operation, reference, idempotency_key, request, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        stmt.execute(params![
            op.as_str(),
            reference,
            idempotency_key,
            request_json,
            super::now()
        ])
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::DuplicateIdempotencyKey(idempotency_key.to_string())
            } else {
                e.into()
            }
        })?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records how the request of entry `id` ended. An entry is finished once.
    pub fn journal_finish(&self, id: i64, outcome: &Outcome) -> Result<(), StoreError> {
        let (text, error, finished) = outcome.columns();
        let n = self.conn.execute(
            "UPDATE journal SET outcome = ?2, error = ?3, finished_at = ?4
             WHERE id = ?1 AND outcome = 'pending'",
            params![id, text, error, finished],
        )?;
        if n == 0 {
            let exists = self
                .conn
                .query_row("SELECT 1 FROM journal WHERE id = ?1", [id], |_| Ok(()))
                .optional()?
                .is_some();
            return Err(if exists {
                StoreError::JournalAlreadyFinished(id)
            } else {
                StoreError::NoSuchJournalEntry(id)
            });
        }
        Ok(())
    }

    /// Begin an operation, or, when its idempotency key is already journaled (a retry after
    /// a failure or a crash), mark that entry pending again. The key is what makes the retry
    /// safe: the API answers a replay instead of moving money twice.
    pub fn journal_begin_or_retry(
        &self,
        op: JournalOp,
        reference: &str,
        idempotency_key: &str,
        request_json: &str,
    ) -> Result<(), StoreError> {
        match self.journal_begin(op, reference, idempotency_key, request_json) {
            Ok(_) => Ok(()),
            Err(StoreError::DuplicateIdempotencyKey(_)) => {
                self.conn.execute(
                    "UPDATE journal SET outcome = 'pending', error = NULL, finished_at = NULL
                     WHERE idempotency_key = ?1",
                    [idempotency_key],
                )?;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Record the outcome of the latest attempt of the operation with this idempotency key.
    pub fn journal_finish_key(
        &self,
        idempotency_key: &str,
        outcome: &Outcome,
    ) -> Result<(), StoreError> {
        let (text, error, finished) = outcome.columns();
        let n = self.conn.execute(
            "UPDATE journal SET outcome = ?2, error = ?3, finished_at = ?4 WHERE idempotency_key = ?1",
            params![idempotency_key, text, error, finished],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchJournalKey(idempotency_key.to_string()));
        }
        Ok(())
    }

    fn journal_where(
        &self,
        clause: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM journal {clause}"))?;
        let rows = stmt.query_map(args, entry_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// Requests begun but never finished, oldest first: for crash recovery.
    pub fn pending_operations(&self) -> Result<Vec<JournalEntry>, StoreError> {
        self.journal_where("WHERE outcome = 'pending' ORDER BY id", [])
    }

    /// Every journalled request of one payment, oldest first.
    pub fn journal_for(&self, reference: &str) -> Result<Vec<JournalEntry>, StoreError> {
        self.journal_where("WHERE reference = ?1 ORDER BY id", [reference])
    }
}
