//! The till's SQLite database: members, catalogue, payment attempts (`sales`), the API-intent
//! journal, issued receipts, parked and held baskets, the print queue, the club cache, webhook
//! events and registrations; the books (`src/books`) keep their tables in the same file.
//!
//! Schema choices, in short:
//! - One file per till (or per shop), WAL journal so readers (the CLI, reports) never block
//!   the till's writes. Writers take turns: the webhook listener's connection
//!   ([`Store::open_for_signals`]) and the till's wait for each other up to `BUSY_TIMEOUT`. `synchronous = FULL`: in WAL mode that is one fsync per
//!   commit, a handful per sale, and it is what makes the journal's promise hold across a power
//!   cut, not only across a crash of the process: an intent written before a payment request
//!   goes out must still be there when the till comes back. `NORMAL` could lose the last
//!   commits on power loss, i.e. exactly the request that was in flight.
//! - Money in integer minor units, VAT in basis points, times in Unix seconds (UTC), phone
//!   numbers as MSISDN digits, GTINs in their normalised EAN-13 form.
//! - `members` and `products` are keyed by what the scanner gives (phone number, GTIN) as
//!   `WITHOUT ROWID` tables, so a lookup is one index descent with a cached statement.
//! - States are kept as text, so the file reads well in `sqlite3` too; most closed sets have a
//!   `CHECK`, and `sales.state` (step 1 gave it none) is checked when read, by `SaleState`.
//! - Versioned migrations ([`migrations`]) applied in one transaction on open.
//! - The file is created owner-only (0600 on unix): it holds webhook secrets and members'
//!   personal data.
//!
//! A [`Store`] owns one connection and is not `Sync`; each task that needs the database opens
//! its own `Store` on the same file (WAL allows many readers beside one writer).

pub mod cli;
mod club_cache;
mod csv_fields;
mod csv_io;
mod csv_read;
mod csv_rows;
mod demo;
mod held;
mod journal;
mod members;
pub mod migrations;
mod print_queue;
mod products;
mod receipts;
mod sales;
mod webhooks;

pub use crate::domain::ProductHit;
pub use club_cache::{CacheChange, OutboxEntry};
pub use csv_io::{
    ImportError, ImportSummary, PriceChange, RowError, MAX_REPORTED_ROW_ERRORS, MEMBER_HEADER,
    PRODUCT_HEADER,
};
pub use demo::SeedSummary;
pub use journal::{JournalEntry, JournalOp, Outcome};
pub use members::MemberDirectory;
pub use print_queue::QueuedPrint;
pub use receipts::{no_hook, DrawerSinceFloat, IssueHook, ParkedRow};
pub use sales::{Sale, SaleState};
pub use webhooks::{Registration, WebhookEvent};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// How long a write waits for another connection's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Cached prepared statements per connection: room for every `prepare_cached` query of the
/// store and the books (under 50 today), so none is evicted and prepared again.
const STATEMENT_CACHE: usize = 64;

/// What can go wrong with the database.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create or secure the database file {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database has schema version {found}, newer than this kasse knows ({known}): \
         upgrade kasse before using this file"
    )]
    SchemaTooNew { found: u32, known: u32 },
    #[error("database upgrade to schema version {version} failed: {source}")]
    Migration {
        version: u32,
        source: rusqlite::Error,
    },
    #[error("the database holds a bad value in {table}.{column}: {reason}")]
    Corrupt {
        table: &'static str,
        column: &'static str,
        reason: String,
    },
    #[error("no sale with reference `{0}`")]
    NoSuchSale(String),
    #[error(
        "a sale with reference `{0}` already exists (a reference is used for one payment only)"
    )]
    DuplicateReference(String),
    #[error("receipt number {number} of till `{pos_id}` is already used by another sale")]
    DuplicateReceiptNumber { pos_id: String, number: u64 },
    #[error("idempotency key `{0}` is already in the journal: the operation was begun before")]
    DuplicateIdempotencyKey(String),
    #[error("no journal entry {0}")]
    NoSuchJournalEntry(i64),
    #[error("no journal entry with idempotency key `{0}`")]
    NoSuchJournalKey(String),
    #[error("journal entry {0} is already finished")]
    JournalAlreadyFinished(i64),
    #[error("Vipps Login id (sub) is already used by another member ({0})")]
    SubInUse(String),
    #[error("refund of {requested} would exceed the captured amount ({captured}, {already} already refunded)")]
    RefundExceedsCapture {
        requested: i64,
        captured: i64,
        already: i64,
    },
    #[error("product not stored: {0}")]
    InvalidProduct(String),
    #[error("{0} must not be negative")]
    NegativeAmount(&'static str),
    #[error("the receipt does not add up: {0}")]
    BadReceipt(String),
    #[error("that receipt was already returned")]
    AlreadyReturned,
    /// The electronic journal (src/books) could not sign or record an entry.
    #[error("electronic journal: {0}")]
    Books(String),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// The till's database: one SQLite connection with the schema in place.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens (creating if need be) the database at `path`, its directory too, and brings the
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::owner_only::create_private_dir(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        create_private_file(path).map_err(|source| StoreError::File {
            path: path.to_path_buf(),
            source,
        })?;
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        Store::configure(conn).map_err(|e| match e {
            StoreError::Sql(source) => open_err(source),
            other => other,
        })
    }

    /// A second connection to the same file for webhook events alone, committed with
    /// `synchronous = NORMAL`: still atomic and consistent (WAL), but a power cut may take the
    /// last acknowledged events with it. That is safe for events only: they are signals, the
    /// API is the truth, and the till polls every open payment and reconciles at start.
    /// Money-moving records (sales, journal) stay on the FULL connection.
    pub fn open_for_signals(path: &Path) -> Result<Store, StoreError> {
        let store = Store::open(path)?;
        store.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(store)
    }

    /// The file this connection is on (`None` for an in-memory database).
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
    }

    fn configure(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(
                mode,
                "SQLite refused WAL mode; continuing with this journal mode"
            );
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let applied = migrations::migrate(&mut conn)?;
        if applied > 0 {
            tracing::info!(
                applied,
                version = migrations::LATEST,
                "database schema upgraded"
            );
        }
        Ok(Store { conn })
    }

    /// The connection, for the books (src/books), which keep their own tables in this file.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The journal mode in force (`wal` normally).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?)
    }
}

/// Now, as stored: Unix seconds, UTC.
pub(crate) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A bad stored value, for the `Corrupt` error.
pub(crate) fn corrupt(
    table: &'static str,
    column: &'static str,
    reason: impl std::fmt::Display,
) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        reason: reason.to_string(),
    }
}

/// Parses a stored MSISDN (digits with country code) back into the domain type.
pub(crate) fn stored_msisdn(
    table: &'static str,
    s: &str,
) -> Result<crate::domain::Msisdn, StoreError> {
    // The leading `+` makes the parse independent of the shop's country.
    crate::domain::Msisdn::parse(&format!("+{s}"), crate::domain::Country::Norway)
        .map_err(|e| corrupt(table, "msisdn", format!("`{s}`: {e}")))
}

/// Parses a stored GTIN back into the domain type.
pub(crate) fn stored_gtin(table: &'static str, s: &str) -> Result<crate::domain::Gtin, StoreError> {
    crate::domain::Gtin::parse(s).map_err(|e| corrupt(table, "gtin", format!("`{s}`: {e}")))
}

/// Parses a stored VAT rate back into the domain type.
pub(crate) fn stored_vat(
    table: &'static str,
    bp: i64,
) -> Result<crate::domain::VatRate, StoreError> {
    u16::try_from(bp)
        .ok()
        .and_then(crate::domain::VatRate::from_basis_points)
        .ok_or_else(|| corrupt(table, "vat_bp", format!("{bp} is not a VAT rate")))
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

/// Creates the file owner-only before SQLite touches it (SQLite gives its `-wal` and `-shm`
/// files the same mode), and tightens an existing file that others could read.
#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    // Never a descriptor on a file that exists: closing any descriptor of a file drops every
    // POSIX lock this process holds on it, SQLite's included. A second `Store::open` in a
    // running till (the webhook connection, the books) would then leave its first connection
    // unlocked, and another process's close (`kasse members list` beside the till) would
    // checkpoint and delete the WAL the till still writes to: its receipts from then on lost.
    // So an existing file is only looked at and chmod-ed by path; a new one is created here.
    match std::fs::metadata(path) {
        Ok(meta) => {
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(path = %path.display(), mode = format!("{:o}", mode & 0o777), "database readable by others: setting it to 0600");
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
            {
                Ok(_) => Ok(()),
                // Made by another process in between: it is there to use.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(|_| ())
}

/// A quantity as the line tables store it: the number and its unit (`pcs` or `g`).
pub(crate) fn quantity_columns(q: crate::domain::Quantity) -> (u32, &'static str) {
    match q {
        crate::domain::Quantity::Pieces(n) => (n, "pcs"),
        crate::domain::Quantity::Grams(g) => (g, "g"),
    }
}
