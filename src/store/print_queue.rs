//! The print queue: jobs (a receipt as JSON with which print it is, or a report) kept until
//! the printer has taken them. The printer task is the only writer.

use super::{now, Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// A job still waiting for the printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedPrint {
    pub id: i64,
    /// The job as the printer module serialised it.
    pub job: String,
    pub attempts: u32,
}

impl Store {
    /// Keep a job for the printer; `receipt` names the receipt it prints, if it is one: its
    /// till, number and series (`domain::trans_nr`, so sale 4 and return R4 are apart).
    pub fn enqueue_print(
        &mut self,
        job: &str,
        receipt: Option<(&str, u64, &str)>,
    ) -> Result<i64, StoreError> {
        let (pos_id, number, trans_nr) = match receipt {
            Some((p, n, t)) => (Some(p), Some(n as i64), Some(t)),
            None => (None, None, None),
        };
        self.conn.execute(
            "INSERT INTO print_queue (job, pos_id, number, trans_nr, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![job, pos_id, number, trans_nr, now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The waiting jobs, oldest first.
    pub fn waiting_prints(&mut self) -> Result<Vec<QueuedPrint>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, job, attempts FROM print_queue WHERE state = 'waiting' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QueuedPrint {
                id: r.get(0)?,
                job: r.get(1)?,
                attempts: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn mark_printed(&mut self, id: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE print_queue SET state = 'printed', done_at = ?2, attempts = attempts + 1 \
             WHERE id = ?1 AND state = 'waiting'",
            params![id, now()],
        )?;
        Ok(())
    }

    pub fn note_print_failure(&mut self, id: i64, error: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE print_queue SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
            params![id, error],
        )?;
        Ok(())
    }

    /// The cashier gave the customer the receipt another way (the Vipps in-app receipt):
    /// the waiting paper receipt `trans_nr` (`domain::trans_nr`) is withdrawn. Returns
    /// whether one was. Jobs queued before the series was kept name a sale by its number.
    pub fn withdraw_print(&mut self, pos_id: &str, trans_nr: &str) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE print_queue SET state = 'withdrawn', done_at = ?3 \
             WHERE pos_id = ?1 AND coalesce(trans_nr, CAST(number AS TEXT)) = ?2 \
               AND state = 'waiting'",
            params![pos_id, trans_nr, now()],
        )?;
        Ok(n > 0)
    }

    /// How many times the jobs of receipt `trans_nr` reached the printer (for tests and the
    /// books).
    pub fn times_printed(&mut self, pos_id: &str, trans_nr: &str) -> Result<u32, StoreError> {
        let n: Option<u32> = self
            .conn
            .query_row(
                "SELECT count(*) FROM print_queue \
                 WHERE pos_id = ?1 AND coalesce(trans_nr, CAST(number AS TEXT)) = ?2 \
                   AND state = 'printed'",
                params![pos_id, trans_nr],
                |r| r.get(0),
            )
            .optional()?;
        Ok(n.unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_waits_until_printed_or_withdrawn() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("q.sqlite")).unwrap();
        let a = s.enqueue_print("{a}", Some(("till1", 7, "7"))).unwrap();
        let b = s.enqueue_print("{b}", Some(("till1", 8, "8"))).unwrap();
        // Return 8 is another receipt than sale 8.
        let r = s.enqueue_print("{r}", Some(("till1", 8, "R8"))).unwrap();
        s.note_print_failure(a, "paper out").unwrap();
        let w = s.waiting_prints().unwrap();
        assert_eq!((w[0].id, w[0].attempts, w[1].id), (a, 1, b));
        s.mark_printed(a).unwrap();
        assert!(s.withdraw_print("till1", "8").unwrap());
        assert!(!s.withdraw_print("till1", "8").unwrap());
        let w = s.waiting_prints().unwrap();
        assert_eq!(w.iter().map(|q| q.id).collect::<Vec<_>>(), [r]);
        assert_eq!(s.times_printed("till1", "7").unwrap(), 1);
        assert_eq!(s.times_printed("till1", "8").unwrap(), 0);
    }

    #[test]
    fn a_job_queued_before_series_were_kept_names_a_sale() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("q.sqlite")).unwrap();
        s.conn
            .execute(
                "INSERT INTO print_queue (job, pos_id, number, created_at)
                 VALUES ('{old}', 'till1', 5, 0)",
                [],
            )
            .unwrap();
        assert!(!s.withdraw_print("till1", "R5").unwrap());
        assert!(s.withdraw_print("till1", "5").unwrap());
    }
}
