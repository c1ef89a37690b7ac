//! The electronic journal (table `electronic_journal`): every event the cash register rules
//! name, append-only, receipts whole and signed in one chain per till. The X and Z reports and
//! the SAF-T export are made from it and from nothing else.
//!
//! Not the API-intent journal of `store/journal.rs` (table `journal`), which only serves crash
//! recovery of payments.

use super::signing::{self, Signer};
use super::BooksError;
use crate::domain::{IssuedReceipt, JournalEvent};
use crate::store::{Store, StoreError};
use rusqlite::{params, OptionalExtension, Row, Transaction, TransactionBehavior};

/// When an event happened, as the till saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Unix seconds, UTC.
    pub at: i64,
    /// The shop's offset from UTC then, in minutes.
    pub utc_offset_min: i32,
}

/// The machine's offset from UTC, read once by [`init_local_offset`].
static LOCAL_OFFSET_MIN: std::sync::OnceLock<i32> = std::sync::OnceLock::new();

/// Reads the machine's UTC offset. Call it at the start of `main`, before any thread exists:
/// the `time` crate can only tell the local offset of a single-threaded process on Linux.
pub fn init_local_offset() {
    let offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let _ = LOCAL_OFFSET_MIN.set(offset.whole_minutes() as i32);
}

impl Stamp {
    /// Now, with the local offset read at start (UTC if it was never read or could not be).
    pub fn now() -> Stamp {
        let now = time::OffsetDateTime::now_utc();
        Stamp {
            at: now.unix_timestamp(),
            utc_offset_min: LOCAL_OFFSET_MIN.get().copied().unwrap_or(0),
        }
    }

    /// The local date and time as the SAF-T file writes them: `YYYY-MM-DD`, `hh:mm:ss`.
    pub fn local(&self) -> (String, String) {
        let t = self.local_datetime();
        (
            format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()),
        )
    }

    pub fn local_date(&self) -> time::Date {
        self.local_datetime().date()
    }

    fn local_datetime(&self) -> time::PrimitiveDateTime {
        let t = time::OffsetDateTime::from_unix_timestamp(
            self.at + i64::from(self.utc_offset_min) * 60,
        )
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        time::PrimitiveDateTime::new(t.date(), t.time())
    }
}

/// One row of the electronic journal, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: i64,
    pub pos_id: String,
    pub stamp: Stamp,
    pub cashier_id: Option<String>,
    pub training: bool,
    pub event: JournalEvent,
    /// The transaction number in the signature chain (receipts only).
    pub trans_nr: Option<String>,
    pub signature: Option<String>,
    pub key_version: Option<String>,
}

impl Entry {
    pub fn receipt(&self) -> Option<&IssuedReceipt> {
        match &self.event {
            JournalEvent::Receipt { receipt } => Some(receipt),
            _ => None,
        }
    }
}

/// The stored name of an event: its serde tag.
pub fn event_name(event: &JournalEvent) -> String {
    serde_json::to_value(event)
        .ok()
        .and_then(|v| v.get("event").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

/// The text the receipt's signature covers, given the previous signature of its till.
pub fn receipt_signed_text(previous: &str, r: &IssuedReceipt) -> String {
    let stamp = Stamp {
        at: r.issued_at,
        utc_offset_min: r.utc_offset_min,
    };
    let (date, time) = stamp.local();
    signing::signed_text(
        previous,
        &date,
        &time,
        &r.trans_nr(),
        r.total(),
        r.total_excl(),
    )
}

/// Journals a finished receipt inside the transaction that issued it, signed and chained: the
/// hook the store calls when it writes a receipt. One transaction for the receipt row and its
/// journal row means a crash leaves both or neither.
pub fn append_receipt(
    tx: &Transaction<'_>,
    signer: &Signer,
    receipt: &IssuedReceipt,
) -> Result<i64, StoreError> {
    receipt
        .check()
        .map_err(|e| StoreError::Books(format!("receipt {}: {e}", receipt.trans_nr())))?;
    let previous: Option<String> = tx
        .prepare_cached(
            "SELECT signature FROM electronic_journal
             WHERE pos_id = ?1 AND signature IS NOT NULL ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([&receipt.pos_id], |r| r.get(0))
        .optional()?;
    let previous = previous.unwrap_or_else(|| signing::FIRST_PREVIOUS.to_string());
    let signature = signer.sign(&receipt_signed_text(&previous, receipt));
    let event = JournalEvent::Receipt {
        receipt: Box::new(receipt.clone()),
    };
    let stamp = Stamp {
        at: receipt.issued_at,
        utc_offset_min: receipt.utc_offset_min,
    };
    let cashier = receipt.cashier.as_ref().map(|c| c.id.as_str());
    insert(
        tx,
        &receipt.pos_id,
        stamp,
        cashier,
        receipt.training,
        &event,
        Some((&receipt.trans_nr(), &signature, signer.version())),
    )
    .map_err(|e| match e {
        StoreError::Sql(ref s) if is_unique(s) => StoreError::Books(format!(
            "receipt {} of till `{}` is already in the journal",
            receipt.trans_nr(),
            receipt.pos_id
        )),
        other => other,
    })
}

/// Journals a receipt in a transaction of its own: for a receipt issued outside the store's
/// receipt transaction (tools, tests). The till itself journals through [`append_receipt`].
pub fn record_receipt(
    store: &mut Store,
    signer: &Signer,
    receipt: &IssuedReceipt,
) -> Result<i64, BooksError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let seq = append_receipt(&tx, signer, receipt)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(seq)
}

/// Journals an event that is not a receipt, in a transaction of its own. Receipts go through
/// [`append_receipt`] (they must be signed in the transaction that issues them).
pub fn append_event(
    store: &mut Store,
    pos_id: &str,
    stamp: Stamp,
    cashier: Option<&str>,
    training: bool,
    event: &JournalEvent,
) -> Result<i64, BooksError> {
    if matches!(event, JournalEvent::Receipt { .. }) {
        return Err(BooksError::Invalid(
            "receipts are journaled with their signature, in the transaction that issues them"
                .into(),
        ));
    }
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let seq = insert(&tx, pos_id, stamp, cashier, training, event, None)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(seq)
}

/// Journals a Z report, unless the till already has one of the same local day (a training
/// Z report and a real one are apart): the check and the write are one transaction.
pub fn append_z_report(
    store: &mut Store,
    pos_id: &str,
    by: super::period::TakenBy<'_>,
    event: &JournalEvent,
) -> Result<i64, BooksError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let last = last_row(&tx, pos_id, "z_report", by.training)?;
    if last.is_some_and(|z| z.stamp.local_date() == by.stamp.local_date()) {
        return Err(BooksError::ZAlreadyTaken {
            pos_id: pos_id.to_string(),
            date: by.stamp.local().0,
        });
    }
    let seq = insert(&tx, pos_id, by.stamp, by.cashier, by.training, event, None)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(seq)
}

/// Journals a price change inside the transaction that writes the new price (a product
/// import), so the catalogue and the journal never disagree.
pub fn append_price_change(
    tx: &Transaction<'_>,
    pos_id: &str,
    training: bool,
    change: &crate::store::PriceChange,
) -> Result<(), StoreError> {
    let event = JournalEvent::PriceChanged {
        gtin: change.gtin.clone(),
        old: change.old,
        new: change.new,
    };
    insert(tx, pos_id, Stamp::now(), None, training, &event, None).map(|_| ())
}

fn insert(
    tx: &Transaction<'_>,
    pos_id: &str,
    stamp: Stamp,
    cashier: Option<&str>,
    training: bool,
    event: &JournalEvent,
    signed: Option<(&str, &str, &str)>,
) -> Result<i64, StoreError> {
    let body = serde_json::to_string(event).map_err(|e| StoreError::Books(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO electronic_journal
         (pos_id, at, utc_offset_min, event, saft_code, cashier_id, training, body,
          trans_nr, signature, key_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        pos_id,
        stamp.at,
        stamp.utc_offset_min,
        event_name(event),
        event.saft_code(),
        cashier,
        training,
        body,
        signed.map(|s| s.0),
        signed.map(|s| s.1),
        signed.map(|s| s.2),
    ])?;
    Ok(tx.last_insert_rowid())
}

fn is_unique(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

const COLUMNS: &str = "seq, pos_id, at, utc_offset_min, cashier_id, training, body, trans_nr, \
                       signature, key_version";

fn entry(row: &Row<'_>) -> rusqlite::Result<Result<Entry, BooksError>> {
    let seq: i64 = row.get(0)?;
    let body: String = row.get(6)?;
    let event = match serde_json::from_str::<JournalEvent>(&body) {
        Ok(e) => e,
        Err(e) => {
            return Ok(Err(BooksError::Unreadable {
                seq,
                reason: e.to_string(),
            }))
        }
    };
    Ok(Ok(Entry {
        seq,
        pos_id: row.get(1)?,
        stamp: Stamp {
            at: row.get(2)?,
            utc_offset_min: row.get(3)?,
        },
        cashier_id: row.get(4)?,
        training: row.get(5)?,
        event,
        trans_nr: row.get(7)?,
        signature: row.get(8)?,
        key_version: row.get(9)?,
    }))
}

/// Whether receipt `r` has had its one copy: a copy row of its till, series and number, in
/// training or not as the receipt was. Copy rows from before the series was kept are sales.
pub fn copy_made(store: &Store, r: &IssuedReceipt) -> Result<bool, BooksError> {
    let kind = serde_json::to_value(r.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM electronic_journal
             WHERE pos_id = ?1 AND event = 'copy_printed' AND training = ?2
               AND json_extract(body, '$.number') = ?3
               AND coalesce(json_extract(body, '$.kind'), 'sale') = ?4",
            rusqlite::params![r.pos_id, r.training, r.number as i64, kind],
            |row| row.get(0),
        )
        .map_err(StoreError::from)?;
    Ok(n > 0)
}

/// The newest row of till `pos_id` whose event is named `event` (its serde tag), in training
/// or not.
pub fn last_event(
    store: &Store,
    pos_id: &str,
    event: &str,
    training: bool,
) -> Result<Option<Entry>, BooksError> {
    last_row(store.conn(), pos_id, event, training)
}

/// [`last_event`] on a connection, so a transaction that decides on it reads the same row.
fn last_row(
    conn: &rusqlite::Connection,
    pos_id: &str,
    event: &str,
    training: bool,
) -> Result<Option<Entry>, BooksError> {
    query_entry(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM electronic_journal
             WHERE pos_id = ?1 AND event = ?2 AND training = ?3 ORDER BY seq DESC LIMIT 1"
        ),
        params![pos_id, event, training],
    )
}

fn query_entry(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Option<Entry>, BooksError> {
    let row = conn
        .prepare_cached(sql)
        .map_err(StoreError::from)?
        .query_row(params, entry)
        .optional()
        .map_err(StoreError::from)?;
    row.transpose()
}

/// How many rows of till `pos_id` have the event `event`, in training or not.
pub fn count_events(
    store: &Store,
    pos_id: &str,
    event: &str,
    training: bool,
) -> Result<u64, BooksError> {
    let n: i64 = store
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM electronic_journal
             WHERE pos_id = ?1 AND event = ?2 AND training = ?3",
        )
        .map_err(StoreError::from)?
        .query_row(params![pos_id, event, training], |r| r.get(0))
        .map_err(StoreError::from)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The receipt of till `pos_id` with transaction number `trans_nr` (see [`trans_nr`]).
pub fn receipt_by_nr(
    store: &Store,
    pos_id: &str,
    trans_nr: &str,
) -> Result<Option<IssuedReceipt>, BooksError> {
    let row = query_entry(
        store.conn(),
        &format!("SELECT {COLUMNS} FROM electronic_journal WHERE pos_id = ?1 AND trans_nr = ?2"),
        params![pos_id, trans_nr],
    )?;
    Ok(row.and_then(|e| e.receipt().cloned()))
}

/// The entries of one till (every till when `pos_id` is `None`) with `seq` above `after`, in
/// order.
pub fn entries(store: &Store, pos_id: Option<&str>, after: i64) -> Result<Vec<Entry>, BooksError> {
    query_entries(
        store,
        &format!(
            "SELECT {COLUMNS} FROM electronic_journal
             WHERE seq > ?1 AND (?2 IS NULL OR pos_id = ?2) ORDER BY seq"
        ),
        params![after, pos_id],
    )
}

/// The entries of every till stamped from `from` to `to` (Unix seconds, both included; `None`:
/// no bound), in order.
pub fn entries_between(
    store: &Store,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Vec<Entry>, BooksError> {
    query_entries(
        store,
        // Plain bounds (none: the widest), so the time index serves the range.
        &format!(
            "SELECT {COLUMNS} FROM electronic_journal
             WHERE at >= ?1 AND at <= ?2 ORDER BY seq"
        ),
        params![from.unwrap_or(i64::MIN), to.unwrap_or(i64::MAX)],
    )
}

fn query_entries(
    store: &Store,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Entry>, BooksError> {
    let mut stmt = store.conn().prepare_cached(sql).map_err(StoreError::from)?;
    let rows = stmt.query_map(params, entry).map_err(StoreError::from)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row.map_err(StoreError::from)??);
    }
    Ok(out)
}

/// The tills that have written to this journal.
pub fn tills(store: &Store) -> Result<Vec<String>, BooksError> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT DISTINCT pos_id FROM electronic_journal ORDER BY pos_id")
        .map_err(StoreError::from)?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(StoreError::from)?;
    Ok(rows.collect::<Result<_, _>>().map_err(StoreError::from)?)
}

/// The version under which `public_pem` is stored, storing it under the next version when it
/// is new.
pub(crate) fn key_version_for(store: &mut Store, public_pem: &str) -> Result<String, BooksError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let known: Option<String> = tx
        .query_row(
            "SELECT version FROM signing_keys WHERE public_key_pem = ?1",
            [public_pem],
            |r| r.get(0),
        )
        .optional()
        .map_err(StoreError::from)?;
    let version = match known {
        Some(v) => v,
        None => {
            let highest: Option<i64> = tx
                .query_row(
                    "SELECT max(CAST(version AS INTEGER)) FROM signing_keys",
                    [],
                    |r| r.get(0),
                )
                .map_err(StoreError::from)?;
            let next = highest.unwrap_or(0) + 1;
            if next > 1 {
                tracing::warn!(
                    version = next,
                    "the signing key is new to this database: signing under a new key version"
                );
            }
            tx.execute(
                "INSERT INTO signing_keys (version, public_key_pem, created_at) VALUES (?1, ?2, ?3)",
                params![next.to_string(), public_pem, time::OffsetDateTime::now_utc().unix_timestamp()],
            )
            .map_err(StoreError::from)?;
            next.to_string()
        }
    };
    tx.commit().map_err(StoreError::from)?;
    Ok(version)
}

/// Every stored public key, by version.
pub fn public_keys(store: &Store) -> Result<Vec<(String, String)>, BooksError> {
    let mut stmt = store
        .conn()
        .prepare_cached(
            "SELECT version, public_key_pem FROM signing_keys ORDER BY CAST(version AS INTEGER)",
        )
        .map_err(StoreError::from)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(StoreError::from)?;
    Ok(rows.collect::<Result<_, _>>().map_err(StoreError::from)?)
}
