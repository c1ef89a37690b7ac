//! The club's register in PostgreSQL: schema steps, and the few statements the service runs.
//!
//! Every write takes one transaction-scoped advisory lock before it draws a version from the
//! sequence. That makes versions commit in the order they were drawn, so a till that has read
//! the feed up to version V can never later meet a change below V (with concurrent writers a
//! sequence alone does not promise that). Writes are enrolments and forgets, a few a second even
//! for a chain; reads take no lock at all.

use super::wire::{Change, ChangePage, ClubMember};
use super::ClubError;
use crate::domain::Member;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::NoTls;

/// Ordered schema steps; entry `i` takes the register from version `i` to `i + 1`. A released
/// step is never edited.
const STEPS: &[&str] = &[
    // Version 1: members keyed on an id of their own, with the Vipps Login `sub` and the phone
    // number as unique look-up keys (a number may be given up: NULL), the feed's tombstones,
    // the tills' tokens (hashes only) and the idempotency keys of writes.
    r#"
    CREATE SEQUENCE club_version;
    CREATE TABLE club_members (
        id          bigserial PRIMARY KEY,
        sub         text UNIQUE,
        msisdn      text UNIQUE,
        name        text,
        email       text,
        enrolled_at bigint NOT NULL,
        source      text NOT NULL CHECK (source IN ('login', 'import', 'manual')),
        consents    text,
        version     bigint NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX club_members_version ON club_members (version);
    CREATE TABLE club_tombstones (
        version      bigint PRIMARY KEY,
        member_id    bigint NOT NULL,
        forgotten_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE club_tokens (
        till       text PRIMARY KEY,
        hash       bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
    );
    CREATE TABLE club_requests (
        idempotency_key text PRIMARY KEY,
        till            text NOT NULL,
        body_hash       bytea NOT NULL,
        member_id       bigint,
        created_at      timestamptz NOT NULL DEFAULT now()
    );
    "#,
];

/// The schema version this build writes.
pub const LATEST: i32 = STEPS.len() as i32;

/// Advisory lock keys (arbitrary, fixed): one for schema changes, one for writes.
const LOCK_MIGRATE: i64 = 0x6b61_7373_6501;
const LOCK_WRITE: i64 = 0x6b61_7373_6502;

const COLUMNS: &str = "id, version, msisdn, sub, name, email, enrolled_at, source, consents";

/// A pool of connections to the register. No TLS to PostgreSQL: the service runs next to the
/// database (loopback or the chain's own network), see the README.
pub fn pool(url: &str, size: usize) -> Result<Pool, ClubError> {
    let config = tokio_postgres::Config::from_str(url).map_err(ClubError::Db)?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(5)))
        .create_timeout(Some(Duration::from_secs(5)))
        .build()
        .map_err(|e| ClubError::Pool(e.to_string()))
}

/// Brings the register up to [`LATEST`]; safe to run from many service instances at once.
/// Returns how many steps were applied.
pub async fn migrate(pool: &Pool) -> Result<i32, ClubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_MIGRATE])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS club_schema (
             id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)",
    )
    .await?;
    let current: i32 = tx
        .query_opt("SELECT version FROM club_schema WHERE id = 1", &[])
        .await?
        .map(|r| r.get(0))
        .unwrap_or(0);
    if current > LATEST {
        return Err(ClubError::SchemaTooNew {
            found: current,
            known: LATEST,
        });
    }
    for step in STEPS.iter().skip(current as usize) {
        tx.batch_execute(step).await?;
    }
    tx.execute(
        "INSERT INTO club_schema (id, version) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        &[&LATEST],
    )
    .await?;
    tx.commit().await?;
    Ok(LATEST - current)
}

fn club_member(r: &tokio_postgres::Row) -> ClubMember {
    ClubMember {
        id: r.get(0),
        version: r.get(1),
        msisdn: r.get(2),
        sub: r.get(3),
        name: r.get(4),
        email: r.get(5),
        enrolled_at: r.get(6),
        source: r.get(7),
        consents: r.get(8),
    }
}

pub async fn by_msisdn(pool: &Pool, msisdn: &str) -> Result<Option<ClubMember>, ClubError> {
    member_where(pool, "msisdn", msisdn).await
}

pub async fn by_sub(pool: &Pool, sub: &str) -> Result<Option<ClubMember>, ClubError> {
    member_where(pool, "sub", sub).await
}

/// One member by a unique column; `column` is one of this module's names, never input.
async fn member_where(
    pool: &Pool,
    column: &'static str,
    value: &str,
) -> Result<Option<ClubMember>, ClubError> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM club_members WHERE {column} = $1"
        ))
        .await?;
    Ok(client
        .query_opt(&stmt, &[&value])
        .await?
        .map(|r| club_member(&r)))
}

/// What a write's idempotency key found.
enum Claim {
    New,
    /// Done before with this body; the member it wrote, if it still exists.
    Replay(Option<i64>),
}

async fn claim(
    tx: &impl GenericClient,
    till: &str,
    key: &str,
    body_hash: &[u8],
) -> Result<Claim, ClubError> {
    let inserted = tx
        .execute(
            "INSERT INTO club_requests (idempotency_key, till, body_hash) VALUES ($1, $2, $3)
             ON CONFLICT (idempotency_key) DO NOTHING",
            &[&key, &till, &body_hash],
        )
        .await?;
    if inserted == 1 {
        return Ok(Claim::New);
    }
    let row = tx
        .query_one(
            "SELECT body_hash, member_id FROM club_requests WHERE idempotency_key = $1",
            &[&key],
        )
        .await?;
    let stored: Vec<u8> = row.get(0);
    if stored != body_hash {
        return Err(ClubError::KeyReused(key.to_string()));
    }
    Ok(Claim::Replay(row.get(1)))
}

/// Adds the member or updates the one it is: the one with this `sub`, else a member with this
/// number and no `sub` yet (an imported member who now logged in), else (no `sub` given) the
/// one with this number. The number moves to this member from whoever held it. Must run under
/// [`LOCK_WRITE`]. Returns the row and whether it was added.
async fn upsert(tx: &impl GenericClient, m: &Member) -> Result<(ClubMember, bool), ClubError> {
    let msisdn = m.msisdn.as_str();
    let mut existing: Option<i64> = None;
    if let Some(sub) = &m.sub {
        existing = tx
            .query_opt("SELECT id FROM club_members WHERE sub = $1", &[sub])
            .await?
            .map(|r| r.get(0));
    }
    if existing.is_none() {
        existing = tx
            .query_opt(
                "SELECT id FROM club_members WHERE msisdn = $1 AND (sub IS NULL OR $2::text IS NULL)",
                &[&msisdn, &m.sub],
            )
            .await?
            .map(|r| r.get(0));
    }
    tx.execute(
        "UPDATE club_members SET msisdn = NULL, version = nextval('club_version'),
                updated_at = now()
         WHERE msisdn = $1 AND id IS DISTINCT FROM $2",
        &[&msisdn, &existing],
    )
    .await?;
    let source = m.source.code();
    let row = match existing {
        Some(id) => {
            tx.query_one(
                &format!(
                    "UPDATE club_members SET msisdn = $2, sub = coalesce($3, sub),
                        name = coalesce($4, name), email = coalesce($5, email),
                        enrolled_at = least(enrolled_at, $6), source = $7,
                        consents = coalesce($8, consents),
                        version = nextval('club_version'), updated_at = now()
                     WHERE id = $1 RETURNING {COLUMNS}"
                ),
                &[
                    &id,
                    &msisdn,
                    &m.sub,
                    &m.name,
                    &m.email,
                    &m.enrolled_at,
                    &source,
                    &m.consents,
                ],
            )
            .await?
        }
        None => {
            tx.query_one(
                &format!(
                    "INSERT INTO club_members
                        (msisdn, sub, name, email, enrolled_at, source, consents, version)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, nextval('club_version'))
                     RETURNING {COLUMNS}"
                ),
                &[
                    &msisdn,
                    &m.sub,
                    &m.name,
                    &m.email,
                    &m.enrolled_at,
                    &source,
                    &m.consents,
                ],
            )
            .await?
        }
    };
    Ok((club_member(&row), existing.is_none()))
}

/// One enrolment or update, once per idempotency key: a replay answers with the member as it
/// is now and writes nothing.
pub async fn enrol(
    pool: &Pool,
    till: &str,
    key: &str,
    body_hash: &[u8],
    m: &Member,
) -> Result<Option<ClubMember>, ClubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_WRITE])
        .await?;
    let member = match claim(&tx, till, key, body_hash).await? {
        Claim::Replay(id) => match id {
            Some(id) => tx
                .query_opt(
                    &format!("SELECT {COLUMNS} FROM club_members WHERE id = $1"),
                    &[&id],
                )
                .await?
                .map(|r| club_member(&r)),
            None => None,
        },
        Claim::New => {
            let (row, _) = upsert(&tx, m).await?;
            tx.execute(
                "UPDATE club_requests SET member_id = $2 WHERE idempotency_key = $1",
                &[&key, &row.id],
            )
            .await?;
            Some(row)
        }
    };
    tx.commit().await?;
    Ok(member)
}

/// Many members in one transaction, all or none, once per idempotency key. A replay reports
/// zero added and zero updated.
pub async fn batch(
    pool: &Pool,
    till: &str,
    key: &str,
    body_hash: &[u8],
    members: &[Member],
) -> Result<(u64, u64), ClubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_WRITE])
        .await?;
    let (mut added, mut updated) = (0, 0);
    if let Claim::New = claim(&tx, till, key, body_hash).await? {
        for m in members {
            if upsert(&tx, m).await?.1 {
                added += 1;
            } else {
                updated += 1;
            }
        }
    }
    tx.commit().await?;
    Ok((added, updated))
}

/// Deletes the member with this number and leaves a tombstone (its id only) in the feed, so
/// every till's cache drops it too. Returns whether there was one.
pub async fn forget(pool: &Pool, msisdn: &str) -> Result<bool, ClubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_WRITE])
        .await?;
    let gone = tx
        .query_opt(
            "DELETE FROM club_members WHERE msisdn = $1 RETURNING id",
            &[&msisdn],
        )
        .await?;
    if let Some(row) = &gone {
        let id: i64 = row.get(0);
        tx.execute(
            "INSERT INTO club_tombstones (version, member_id)
             VALUES (nextval('club_version'), $1)",
            &[&id],
        )
        .await?;
        tx.execute(
            "UPDATE club_requests SET member_id = NULL WHERE member_id = $1",
            &[&id],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(gone.is_some())
}

/// Changes after version `since`, oldest first, at most `limit`.
pub async fn changes(pool: &Pool, since: i64, limit: i64) -> Result<ChangePage, ClubError> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, false FROM club_members WHERE version > $1
             UNION ALL
             SELECT member_id, version, NULL, NULL, NULL, NULL, 0, '', NULL, true
               FROM club_tombstones WHERE version > $1
             ORDER BY 2 LIMIT $2"
        ))
        .await?;
    let rows = client.query(&stmt, &[&since, &limit]).await?;
    let more = rows.len() as i64 == limit;
    let changes = rows
        .iter()
        .map(|r| {
            let forgotten: bool = r.get(9);
            let m = club_member(r);
            Change {
                version: m.version,
                id: m.id,
                forgotten,
                member: (!forgotten).then_some(m),
            }
        })
        .collect();
    Ok(ChangePage { changes, more })
}
