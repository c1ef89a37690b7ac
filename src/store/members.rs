//! The customer club: members keyed by phone number, with their Vipps Login `sub`.

use super::{corrupt, is_unique_violation, stored_msisdn, Store, StoreError};
use crate::domain::{Member, MemberSource, Msisdn};
use rusqlite::{params, OptionalExtension, Row};

/// Membership look-ups as the till needs them. The till's own [`Store`] serves them today; a
/// chain's central membership service can implement this later without touching the till.
pub trait MemberDirectory {
    /// The member with this phone number, if any.
    fn lookup(&self, msisdn: &Msisdn) -> Result<Option<Member>, StoreError>;
    /// Adds a member, or updates the one with this phone number.
    fn enrol(&self, member: &Member) -> Result<(), StoreError>;
}

impl MemberDirectory for Store {
    fn lookup(&self, msisdn: &Msisdn) -> Result<Option<Member>, StoreError> {
        self.member_by_msisdn(msisdn)
    }

    fn enrol(&self, member: &Member) -> Result<(), StoreError> {
        self.upsert_member(member)
    }
}

pub(super) const UPSERT: &str =
    "INSERT INTO members (msisdn, sub, name, email, enrolled_at, source, consents)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
     ON CONFLICT (msisdn) DO UPDATE SET
       sub = excluded.sub, name = excluded.name, email = excluded.email,
       enrolled_at = excluded.enrolled_at, source = excluded.source,
       consents = excluded.consents";

pub(super) const COLUMNS: &str = "msisdn, sub, name, email, enrolled_at, source, consents";

pub(super) fn member_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Member, StoreError>> {
    let msisdn: String = row.get(0)?;
    let source: String = row.get(5)?;
    let member = (|| {
        Ok(Member {
            msisdn: stored_msisdn("members", &msisdn)?,
            sub: row.get(1)?,
            name: row.get(2)?,
            email: row.get(3)?,
            enrolled_at: row.get(4)?,
            source: MemberSource::from_code(&source)
                .ok_or_else(|| corrupt("members", "source", format!("`{source}`")))?,
            consents: row.get(6)?,
        })
    })();
    Ok(member)
}

impl Store {
    /// The member with this phone number. An indexed primary-key look-up on a cached statement:
    /// this runs on every customer scan.
    pub fn member_by_msisdn(&self, msisdn: &Msisdn) -> Result<Option<Member>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE msisdn = ?1"))?;
        stmt.query_row([msisdn.as_str()], member_from_row)
            .optional()?
            .transpose()
    }

    /// The member with this Vipps Login `sub`.
    pub fn member_by_sub(&self, sub: &str) -> Result<Option<Member>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE sub = ?1"))?;
        stmt.query_row([sub], member_from_row)
            .optional()?
            .transpose()
    }

    /// Inserts the member, or replaces everything stored for this phone number.
    pub fn upsert_member(&self, m: &Member) -> Result<(), StoreError> {
        upsert(&mut self.conn.prepare_cached(UPSERT)?, m)
    }

    /// Inserts or replaces many members in one transaction (one commit, not one per member):
    /// for bulk loads. All or none are written.
    pub fn upsert_members(&mut self, members: &[Member]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(UPSERT)?;
            for m in members {
                upsert(&mut stmt, m)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Removes the member and what is stored about them: the member row, the phone number on
    /// finished sales, and the phone number inside finished journal requests. Sales still in
    /// flight keep it until they finish (crash recovery needs them whole). Returns whether
    /// there was such a member.
    pub fn forget_member(&mut self, msisdn: &Msisdn) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let removed = forget_in(&tx, msisdn.as_str())?;
        tx.commit()?;
        if removed {
            tracing::info!(member = %msisdn.masked(), "member forgotten");
        }
        Ok(removed)
    }

    /// Members ordered by phone number, a page at a time.
    pub fn list_members(&self, limit: u32, offset: u64) -> Result<Vec<Member>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM members ORDER BY msisdn LIMIT ?1 OFFSET ?2"
        ))?;
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![limit, offset], member_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// How many members there are.
    pub fn count_members(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM members")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// Forgets inside the caller's transaction (the club cache forgets members the club forgot).
pub(super) fn forget_in(tx: &rusqlite::Transaction<'_>, msisdn: &str) -> Result<bool, StoreError> {
    let removed = tx.execute("DELETE FROM members WHERE msisdn = ?1", [msisdn])?;
    let finals = super::sales::FINAL_STATES_SQL;
    tx.execute(
        &format!(
            "UPDATE sales SET msisdn = NULL, updated_at = ?2
             WHERE msisdn = ?1 AND state IN ({finals})"
        ),
        params![msisdn, super::now()],
    )?;
    tx.execute(
        "UPDATE journal SET request = replace(request, ?1, '(forgotten)')
         WHERE outcome <> 'pending' AND instr(request, ?1) > 0",
        [msisdn],
    )?;
    Ok(removed > 0)
}

/// The only unique key besides the phone number is `sub`: name the conflict plainly.
pub(super) fn sub_conflict(e: rusqlite::Error, m: &Member) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::SubInUse(m.sub.clone().unwrap_or_default())
    } else {
        e.into()
    }
}

fn upsert(stmt: &mut rusqlite::CachedStatement<'_>, m: &Member) -> Result<(), StoreError> {
    stmt.execute(params![
        m.msisdn.as_str(),
        m.sub,
        m.name,
        m.email,
        m.enrolled_at,
        m.source.code(),
        m.consents
    ])
    .map_err(|e| sub_conflict(e, m))?;
    Ok(())
}
