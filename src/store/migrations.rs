//! The schema as an ordered list of steps; `PRAGMA user_version` counts the steps applied.
//!
//! A step is never edited once released: a change to the schema is a new step at the end, so
//! every till's database walks the same path whatever version it starts from.

use super::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// Each entry is one schema version; entry `i` takes the database from version `i` to `i + 1`.
const STEPS: &[&str] = &[
    // Version 1: the whole first schema.
    r#"
    -- WITHOUT ROWID: the phone number is the key, so a lookup is one b-tree descent.
    CREATE TABLE members (
        msisdn      TEXT PRIMARY KEY NOT NULL,
        sub         TEXT,
        name        TEXT,
        email       TEXT,
        enrolled_at INTEGER NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('login', 'import', 'manual')),
        consents    TEXT
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX members_sub ON members (sub) WHERE sub IS NOT NULL;

    -- name_folded is the name lower-cased by Rust (SQLite's lower() knows ASCII only, and
    -- Norwegian names have æ, ø, å), so a LIKE search is case-insensitive for every letter.
    CREATE TABLE products (
        gtin        TEXT PRIMARY KEY NOT NULL CHECK (length(gtin) BETWEEN 8 AND 14),
        name        TEXT NOT NULL,
        name_folded TEXT NOT NULL,
        price       INTEGER NOT NULL CHECK (price >= 0),
        vat_bp      INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
        unit        TEXT NOT NULL CHECK (unit IN ('pcs', 'kg')),
        variable    TEXT CHECK (variable IN ('price', 'weight'))
    ) WITHOUT ROWID;

    CREATE TABLE receipt_sequences (
        pos_id TEXT PRIMARY KEY NOT NULL,
        last   INTEGER NOT NULL CHECK (last > 0)
    ) WITHOUT ROWID;

    CREATE TABLE sales (
        id             INTEGER PRIMARY KEY,
        reference      TEXT NOT NULL UNIQUE,
        pos_id         TEXT NOT NULL,
        receipt_number INTEGER NOT NULL,
        msisdn         TEXT,
        total          INTEGER NOT NULL,
        currency       TEXT NOT NULL,
        state          TEXT NOT NULL,
        captured       INTEGER NOT NULL DEFAULT 0 CHECK (captured >= 0),
        refunded       INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0),
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        UNIQUE (pos_id, receipt_number)
    );
    CREATE INDEX sales_by_state ON sales (pos_id, state);
    CREATE INDEX sales_by_msisdn ON sales (msisdn) WHERE msisdn IS NOT NULL;

    CREATE TABLE sale_lines (
        sale_id    INTEGER NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,
        gtin       TEXT NOT NULL,
        name       TEXT NOT NULL,
        unit_price INTEGER NOT NULL,
        quantity   INTEGER NOT NULL CHECK (quantity >= 0),
        qty_unit   TEXT NOT NULL CHECK (qty_unit IN ('pcs', 'g')),
        discount   INTEGER NOT NULL,
        vat_bp     INTEGER NOT NULL,
        PRIMARY KEY (sale_id, position)
    ) WITHOUT ROWID;

    -- No foreign key to sales: the journal must accept an intent even for a payment whose
    -- sale row a later step would write, and it is kept when sales are archived.
    CREATE TABLE journal (
        id              INTEGER PRIMARY KEY,
        operation       TEXT NOT NULL CHECK (operation IN ('create', 'capture', 'cancel', 'refund')),
        reference       TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        request         TEXT NOT NULL,
        outcome         TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'ok', 'error')),
        error           TEXT,
        created_at      INTEGER NOT NULL,
        finished_at     INTEGER
    );
    CREATE INDEX journal_by_reference ON journal (reference);
    CREATE INDEX journal_pending ON journal (id) WHERE outcome = 'pending';

    CREATE TABLE webhook_events (
        id          INTEGER PRIMARY KEY,
        dedupe_key  TEXT NOT NULL UNIQUE,
        body        BLOB NOT NULL,
        received_at INTEGER NOT NULL,
        processed   INTEGER NOT NULL DEFAULT 0 CHECK (processed IN (0, 1))
    );
    CREATE INDEX webhook_events_unprocessed ON webhook_events (id) WHERE processed = 0;

    CREATE TABLE webhook_registrations (
        id         TEXT PRIMARY KEY NOT NULL,
        url        TEXT NOT NULL,
        events     TEXT NOT NULL,
        secret     TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    "#,
    // Version 2: the shared club (`[club]` in the config). The members table becomes the
    // till's cache of the club: `club_id` is the member's id there, `club_sync` the feed version
    // read so far, and `club_outbox` the enrolments made here that the service has not
    // confirmed yet (written in the same transaction as the member's row).
    r#"
    ALTER TABLE members ADD COLUMN club_id INTEGER;
    CREATE UNIQUE INDEX members_club_id ON members (club_id) WHERE club_id IS NOT NULL;

    CREATE TABLE club_sync (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL CHECK (version >= 0)
    );

    CREATE TABLE club_outbox (
        id              INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        msisdn          TEXT NOT NULL,
        body            TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        sent_at         INTEGER,
        error           TEXT
    );
    CREATE INDEX club_outbox_pending ON club_outbox (id) WHERE sent_at IS NULL AND error IS NULL;
    "#,
];

/// The schema version this build of kasse writes.
pub const LATEST: u32 = STEPS.len() as u32;

/// Brings the database up to [`LATEST`], all steps in one transaction: a failure leaves the
/// file at the version it had. Returns how many steps were applied.
pub(crate) fn migrate(conn: &mut Connection) -> Result<u32, StoreError> {
    // IMMEDIATE takes the write lock before reading the version, so two tills opening the same
    // new file cannot both apply step 1.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > LATEST {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known: LATEST,
        });
    }
    for (i, step) in STEPS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(step)
            .map_err(|source| StoreError::Migration {
                version: i as u32 + 1,
                source,
            })?;
    }
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(LATEST - current)
}
