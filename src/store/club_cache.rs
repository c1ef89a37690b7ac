//! The till's cache of the shared club and its outbox, in the till's own SQLite file.
//!
//! With a club configured, the `members` table is the cache: a counter look-up stays the same
//! primary-key read as a till on its own. The feed's rows carry the club's id for the member,
//! so a number change or a forget finds the cached row whatever number it had.

use super::members::{forget_in, sub_conflict};
use super::{Store, StoreError};
use crate::domain::Member;
use rusqlite::{params, OptionalExtension, Transaction};

/// One entry of the club's feed as the cache applies it: the member as it is now, or `None`
/// when it is gone (forgotten, or it has no number a counter could look up).
#[derive(Debug, Clone)]
pub struct CacheChange {
    pub club_id: i64,
    pub member: Option<Member>,
}

/// An enrolment the service has not confirmed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub idempotency_key: String,
    pub body: String,
}

const CACHE_UPSERT: &str = "INSERT INTO members
       (msisdn, sub, name, email, enrolled_at, source, consents, club_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
     ON CONFLICT (msisdn) DO UPDATE SET
       sub = excluded.sub, name = excluded.name, email = excluded.email,
       enrolled_at = excluded.enrolled_at, source = excluded.source,
       consents = excluded.consents, club_id = excluded.club_id";

fn apply_one(tx: &Transaction<'_>, c: &CacheChange) -> Result<(), StoreError> {
    let Some(m) = &c.member else {
        // The club forgot the member (or the number left it): forget what this till holds.
        let held: Option<String> = tx
            .prepare_cached("SELECT msisdn FROM members WHERE club_id = ?1")?
            .query_row([c.club_id], |r| r.get(0))
            .optional()?;
        if let Some(msisdn) = held {
            forget_in(tx, &msisdn)?;
        }
        return Ok(());
    };
    let msisdn = m.msisdn.as_str();
    // An enrolment made here and not yet confirmed is newer than anything the feed holds.
    let pending: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM club_outbox
             WHERE msisdn = ?1 AND sent_at IS NULL AND error IS NULL)",
        )?
        .query_row([msisdn], |r| r.get(0))?;
    if pending {
        return Ok(());
    }
    // The member's row under an old number, and a row for the same person made here before
    // the club knew them, give way to this one.
    tx.prepare_cached("DELETE FROM members WHERE club_id = ?1 AND msisdn <> ?2")?
        .execute(params![c.club_id, msisdn])?;
    if let Some(sub) = &m.sub {
        tx.prepare_cached("DELETE FROM members WHERE sub = ?1 AND msisdn <> ?2")?
            .execute(params![sub, msisdn])?;
    }
    tx.prepare_cached(CACHE_UPSERT)?
        .execute(params![
            msisdn,
            m.sub,
            m.name,
            m.email,
            m.enrolled_at,
            m.source.code(),
            m.consents,
            c.club_id
        ])
        .map_err(|e| sub_conflict(e, m))?;
    Ok(())
}

impl Store {
    /// The feed version this cache has read up to (0: nothing yet).
    pub fn club_cursor(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT version FROM club_sync WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// Applies a page of the feed and moves the cursor to `cursor`, in one transaction: a
    /// crash half-way re-reads the page, never skips it.
    pub fn apply_club_changes(
        &mut self,
        changes: &[CacheChange],
        cursor: i64,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for c in changes {
            apply_one(&tx, c)?;
        }
        tx.execute(
            "INSERT INTO club_sync (id, version) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET version = max(version, excluded.version)",
            [cursor],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Caches one member the service answered for on a cache miss (the cursor stays: the
    /// feed will bring the same row again, harmlessly).
    pub fn cache_club_member(&mut self, change: &CacheChange) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        apply_one(&tx, change)?;
        tx.commit()?;
        Ok(())
    }

    /// Writes the member's row and its outbox entry in one transaction: the enrolment is
    /// either both here and on its way to the club, or not made at all.
    pub fn enrol_with_outbox(
        &mut self,
        m: &Member,
        idempotency_key: &str,
        body: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.prepare_cached(super::members::UPSERT)?
            .execute(params![
                m.msisdn.as_str(),
                m.sub,
                m.name,
                m.email,
                m.enrolled_at,
                m.source.code(),
                m.consents
            ])
            .map_err(|e| sub_conflict(e, m))?;
        tx.execute(
            "INSERT INTO club_outbox (idempotency_key, msisdn, body, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![idempotency_key, m.msisdn.as_str(), body, super::now()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The oldest unsent enrolments, oldest first.
    pub fn club_outbox_pending(&self, limit: u32) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, idempotency_key, body FROM club_outbox
             WHERE sent_at IS NULL AND error IS NULL ORDER BY id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(OutboxEntry {
                id: r.get(0)?,
                idempotency_key: r.get(1)?,
                body: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The service has the enrolment.
    pub fn club_outbox_sent(&self, id: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE club_outbox SET sent_at = ?2 WHERE id = ?1",
            params![id, super::now()],
        )?;
        Ok(())
    }

    /// The service refused the enrolment for good: kept with the reason, not retried.
    pub fn club_outbox_refused(&self, id: i64, reason: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE club_outbox SET error = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// Enrolments still waiting for the service.
    pub fn club_outbox_waiting(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM club_outbox WHERE sent_at IS NULL AND error IS NULL",
            )?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
