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
    // Version 2: webhook events are signals deduplicated and kept for audit; the till never
    // marks them processed (a GET of the payment is the truth), so the flag goes.
    r#"
    DROP INDEX webhook_events_unprocessed;
    ALTER TABLE webhook_events DROP COLUMN processed;
    "#,
    // Version 3: issued receipts and their tenders (issue 13), the installation id that makes
    // payment references unique per sales unit for good (issue 17 defect 7), receipt number
    // series of issued receipts only (defect 8: `receipt_sequences` now counts payment
    // attempts), and the drawer's cash events.
    r#"
    -- One row, made with the database: the part of every payment reference that a reinstall,
    -- a lost file or a second till with the same pos_id does not repeat. 64 random bits.
    CREATE TABLE installation (
        id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) >= 8),
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO installation (id, created_at) VALUES (lower(hex(randomblob(8))), unixepoch());

    -- The number series of issued receipts: per till, per kind, per training flag.
    CREATE TABLE receipt_series (
        pos_id   TEXT NOT NULL,
        kind     TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
        training INTEGER NOT NULL CHECK (training IN (0, 1)),
        last     INTEGER NOT NULL CHECK (last > 0),
        PRIMARY KEY (pos_id, kind, training)
    ) WITHOUT ROWID;

    -- An issued receipt, whole as JSON (`body`), with the columns reports select on.
    CREATE TABLE receipts (
        id            INTEGER PRIMARY KEY,
        pos_id        TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
        training      INTEGER NOT NULL CHECK (training IN (0, 1)),
        number        INTEGER NOT NULL CHECK (number > 0),
        issued_at     INTEGER NOT NULL,
        currency      TEXT NOT NULL,
        total         INTEGER NOT NULL,
        rounding      INTEGER NOT NULL,
        return_of_pos TEXT,
        return_of     INTEGER,
        body          TEXT NOT NULL,
        UNIQUE (pos_id, kind, training, number)
    );
    -- A sales receipt is returned at most once (whole or some of its lines).
    CREATE UNIQUE INDEX receipts_one_return ON receipts (return_of_pos, return_of, training)
        WHERE return_of IS NOT NULL;

    CREATE TABLE receipt_tenders (
        receipt_id INTEGER NOT NULL REFERENCES receipts (id),
        position   INTEGER NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'vipps')),
        amount     INTEGER NOT NULL,
        tendered   INTEGER,
        change     INTEGER,
        reference  TEXT,
        note       TEXT,
        PRIMARY KEY (receipt_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX receipt_tenders_by_kind ON receipt_tenders (kind);

    -- Float, pay-in, pay-out, counts, parked baskets and drawer openings, as the journal
    -- event JSON; the books own the signed journal, this is the till's own record.
    CREATE TABLE till_events (
        id     INTEGER PRIMARY KEY,
        pos_id TEXT NOT NULL,
        at     INTEGER NOT NULL,
        event  TEXT NOT NULL
    );

    -- Baskets parked before payment, so a restart does not lose them: the lines as receipt
    -- lines (JSON), the customer's number if one was identified.
    CREATE TABLE parked_baskets (
        pos_id TEXT NOT NULL,
        id     INTEGER NOT NULL,
        lines  TEXT NOT NULL,
        msisdn TEXT,
        at     INTEGER NOT NULL,
        PRIMARY KEY (pos_id, id)
    ) WITHOUT ROWID;
    "#,
    // Version 4 (issue 17.10): the basket on screen, not yet paid, kept so that a quit or a
    // crash does not lose the cashier's work. One set of lines per till; emptied when the
    // basket goes to payment or is cleared. `percent` keeps a percent discount a percent.
    r#"
    CREATE TABLE held_basket_lines (
        pos_id     TEXT NOT NULL,
        position   INTEGER NOT NULL,
        gtin       TEXT NOT NULL,
        name       TEXT NOT NULL,
        unit_price INTEGER NOT NULL,
        quantity   INTEGER NOT NULL CHECK (quantity >= 0),
        qty_unit   TEXT NOT NULL CHECK (qty_unit IN ('pcs', 'g')),
        discount   INTEGER NOT NULL,
        vat_bp     INTEGER NOT NULL,
        percent    INTEGER CHECK (percent BETWEEN 1 AND 100),
        PRIMARY KEY (pos_id, position)
    ) WITHOUT ROWID;
    "#,
    // Version 5: the books (src/books): the electronic journal that the cash register rules
    // ask for (kassasystemforskrifta), the signing keys' public halves, and the cashiers. Not
    // to be confused with `journal` above, the API-intent journal for crash recovery.
    r#"
    -- Append-only: the triggers below refuse every UPDATE and DELETE, so nothing in kasse (or a
    -- slip in a later migration) can change what was journaled. `seq` orders all events of the
    -- file; a receipt row also carries its place in its till's signature chain.
    CREATE TABLE electronic_journal (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,
        pos_id         TEXT NOT NULL,
        at             INTEGER NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        event          TEXT NOT NULL,
        saft_code      TEXT,
        cashier_id     TEXT,
        training       INTEGER NOT NULL CHECK (training IN (0, 1)),
        body           TEXT NOT NULL,
        trans_nr       TEXT,
        signature      TEXT,
        key_version    TEXT,
        CHECK ((trans_nr IS NULL) = (signature IS NULL)),
        UNIQUE (pos_id, trans_nr)
    );
    CREATE INDEX electronic_journal_by_till ON electronic_journal (pos_id, seq);
    CREATE INDEX electronic_journal_chain ON electronic_journal (pos_id, seq)
        WHERE signature IS NOT NULL;
    CREATE INDEX electronic_journal_z ON electronic_journal (pos_id, seq)
        WHERE event = 'z_report';
    CREATE TRIGGER electronic_journal_no_update BEFORE UPDATE ON electronic_journal
    BEGIN SELECT RAISE(ABORT, 'the electronic journal is append-only: rows cannot be changed'); END;
    CREATE TRIGGER electronic_journal_no_delete BEFORE DELETE ON electronic_journal
    BEGIN SELECT RAISE(ABORT, 'the electronic journal is append-only: rows cannot be deleted'); END;

    -- The public half of every key that ever signed, so an old chain still verifies after a
    -- new key; as append-only as the journal.
    CREATE TABLE signing_keys (
        version        TEXT PRIMARY KEY NOT NULL,
        public_key_pem TEXT NOT NULL,
        created_at     INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TRIGGER signing_keys_no_update BEFORE UPDATE ON signing_keys
    BEGIN SELECT RAISE(ABORT, 'signing keys cannot be changed'); END;
    CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON signing_keys
    BEGIN SELECT RAISE(ABORT, 'signing keys cannot be deleted'); END;

    -- A cashier is disabled, never deleted: the journal and the export name them for years.
    CREATE TABLE cashiers (
        id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 35),
        name       TEXT NOT NULL,
        pin_hash   TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('owner', 'cashier')),
        created_at INTEGER NOT NULL,
        disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
    ) WITHOUT ROWID;
    CREATE TRIGGER cashiers_no_delete BEFORE DELETE ON cashiers
    BEGIN SELECT RAISE(ABORT, 'cashiers are disabled, not deleted'); END;
    "#,
    // Version 6, the printer (issue 14): receipts and reports waiting for the printer. A job is
    // written before the first attempt, so a printer that is off never loses or holds up a sale; a
    // receipt that never printed is printed later from here as the original, not a copy.
    r#"
    CREATE TABLE print_queue (
        id         INTEGER PRIMARY KEY,
        job        TEXT NOT NULL,
        pos_id     TEXT,
        number     INTEGER,
        state      TEXT NOT NULL DEFAULT 'waiting'
                   CHECK (state IN ('waiting', 'printed', 'withdrawn')),
        attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error TEXT,
        created_at INTEGER NOT NULL,
        done_at    INTEGER
    );
    CREATE INDEX print_queue_waiting ON print_queue (id) WHERE state = 'waiting';
    "#,
    // Version 7: the shared club (`[club]` in the config). The members table becomes the
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
    // Version 8: one record of till events. Since version 5 every float, pay-in/out, count,
    // park and drawer opening went to the electronic journal and, by the same call just after,
    // to `till_events`; the drawer is now read back from the journal (training apart from real
    // money, which `till_events` could not tell), so the copy goes. A till that never wrote the
    // journal (upgraded from version 3 or 4 straight to this one) would lose its drawer: its
    // events from its last opening float on are carried into the journal first, unsigned like
    // every non-receipt event, as real money (training mode came with the journal).
    r#"
    INSERT INTO electronic_journal
        (pos_id, at, utc_offset_min, event, saft_code, cashier_id, training, body)
    SELECT t.pos_id, t.at, 0, json_extract(t.event, '$.event'),
           CASE json_extract(t.event, '$.event')
               WHEN 'drawer_opened' THEN '13005'
               WHEN 'basket_parked' THEN '13010'
               WHEN 'basket_resumed' THEN '13011'
               WHEN 'cash_out' THEN '13019'
           END,
           NULL, 0, t.event
    FROM till_events t
    WHERE NOT EXISTS (SELECT 1 FROM electronic_journal j WHERE j.pos_id = t.pos_id)
      AND t.id >= (SELECT max(f.id) FROM till_events f
                   WHERE f.pos_id = t.pos_id
                     AND json_extract(f.event, '$.event') = 'opening_float')
    ORDER BY t.id;
    DROP TABLE till_events;
    "#,
    // Version 9: the reports find a till's last X or Z report by index, and an export of some
    // days reads those days: neither reads the years of journal before them. A held basket's
    // percent discount is kept in tenths, so 12,5 % is still 12,5 % after a restart (the
    // whole-percent column stays for files an older till may still read). A queued print names
    // its receipt's series, so withdrawing sale 4 leaves return R4's paper be.
    r#"
    ALTER TABLE held_basket_lines ADD COLUMN percent_tenths INTEGER
        CHECK (percent_tenths BETWEEN 1 AND 1000);
    ALTER TABLE print_queue ADD COLUMN trans_nr TEXT;
    CREATE INDEX electronic_journal_by_event ON electronic_journal (pos_id, event, seq);
    CREATE INDEX electronic_journal_by_time ON electronic_journal (at);
    "#,
];

/// The schema as released in version 1, so that upgrade tests can build the file an old till
/// left behind.
pub fn version_1_schema() -> &'static str {
    STEPS[0]
}

/// The steps up to and including `version`, so that upgrade tests can build the file a till
/// of that version left behind.
#[doc(hidden)]
pub fn steps_up_to(version: u32) -> &'static [&'static str] {
    &STEPS[..(version as usize).min(STEPS.len())]
}

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
