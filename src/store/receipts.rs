//! Issued receipts: one transaction allocates the next number of the series, writes the
//! receipt and its tenders, and runs the books' hook; so issued receipts are numbered without
//! gaps, and a receipt is never without its journal row.

use super::{corrupt, is_unique_violation, Store, StoreError};
use crate::domain::{IssuedReceipt, ReceiptKind, ReceiptLine, TenderKind};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

/// Runs inside the issuing transaction, after the receipt row is written (the books append the
/// electronic-journal row and its signature here). An error rolls the whole receipt back.
pub type IssueHook<'a> = &'a dyn Fn(&Transaction<'_>, &IssuedReceipt) -> Result<(), StoreError>;

/// The hook when nothing else must happen in the transaction.
pub fn no_hook(_: &Transaction<'_>, _: &IssuedReceipt) -> Result<(), StoreError> {
    Ok(())
}

/// A parked basket as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedRow {
    pub id: u64,
    pub lines: Vec<ReceiptLine>,
    /// MSISDN digits.
    pub msisdn: Option<String>,
}

fn kind_str(k: ReceiptKind) -> &'static str {
    match k {
        ReceiptKind::Sale => "sale",
        ReceiptKind::Return => "return",
    }
}

/// The drawer as the day left it: the last opening float and the cash that should be in the
/// drawer now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawerSinceFloat {
    pub float: i64,
    pub expected: i64,
}

impl Store {
    /// The id made with this database; part of every payment reference.
    pub fn installation_id(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM installation LIMIT 1", [], |r| r.get(0))?)
    }

    /// Issues `draft` (its number is ignored): gives it the next number of its series, stores
    /// it with its tenders and runs `hook`, all in one transaction. Returns the receipt as
    /// issued. A draft that does not add up is refused before anything is written.
    pub fn issue_receipt(
        &mut self,
        draft: &IssuedReceipt,
        hook: IssueHook<'_>,
    ) -> Result<IssuedReceipt, StoreError> {
        draft
            .check()
            .map_err(|e| StoreError::BadReceipt(e.to_string()))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let kind = kind_str(draft.kind);
        let last: i64 = tx.query_row(
            "INSERT INTO receipt_series (pos_id, kind, training, last) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT (pos_id, kind, training) DO UPDATE SET last = last + 1
             RETURNING last",
            params![draft.pos_id, kind, draft.training],
            |r| r.get(0),
        )?;
        let mut receipt = draft.clone();
        receipt.number =
            u64::try_from(last).map_err(|_| corrupt("receipt_series", "last", last))?;
        let body =
            serde_json::to_string(&receipt).map_err(|e| StoreError::BadReceipt(e.to_string()))?;
        let (rpos, rnum) = match &receipt.return_of {
            Some(r) => (
                Some(r.pos_id.clone()),
                Some(i64::try_from(r.number).unwrap_or(i64::MAX)),
            ),
            None => (None, None),
        };
        let inserted = tx.execute(
            "INSERT INTO receipts (pos_id, kind, training, number, issued_at, currency, total,
                                   rounding, return_of_pos, return_of, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                receipt.pos_id,
                kind,
                receipt.training,
                last,
                receipt.issued_at,
                receipt.currency.code(),
                receipt.total(),
                receipt.rounding,
                rpos,
                rnum,
                body
            ],
        );
        match inserted {
            Err(e) if is_unique_violation(&e) && receipt.return_of.is_some() => {
                return Err(StoreError::AlreadyReturned);
            }
            other => {
                other?;
            }
        }
        let id = tx.last_insert_rowid();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO receipt_tenders (receipt_id, position, kind, amount, tendered, change,
                                              reference, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (i, t) in receipt.tenders.iter().enumerate() {
                let (k, tendered, change, reference, note) = match &t.kind {
                    TenderKind::Cash { tendered, change } => {
                        ("cash", Some(*tendered), Some(*change), None, None)
                    }
                    TenderKind::Card { note } => ("card", None, None, None, note.clone()),
                    TenderKind::Vipps { reference } => {
                        ("vipps", None, None, Some(reference.clone()), None)
                    }
                };
                stmt.execute(params![
                    id, i as i64, k, t.amount, tendered, change, reference, note
                ])?;
            }
        }
        hook(&tx, &receipt)?;
        tx.commit()?;
        Ok(receipt)
    }

    /// An issued receipt of till `pos_id` by its number.
    pub fn receipt_by_number(
        &self,
        pos_id: &str,
        kind: ReceiptKind,
        training: bool,
        number: u64,
    ) -> Result<Option<IssuedReceipt>, StoreError> {
        let n = i64::try_from(number).unwrap_or(i64::MAX);
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM receipts
                 WHERE pos_id = ?1 AND kind = ?2 AND training = ?3 AND number = ?4",
                params![pos_id, kind_str(kind), training, n],
                |r| r.get(0),
            )
            .optional()?;
        body.map(|b| {
            serde_json::from_str(&b).map_err(|e| corrupt("receipts", "body", e.to_string()))
        })
        .transpose()
    }

    /// Whether a return was already made against sales receipt `number` of `pos_id`.
    pub fn returned(&self, pos_id: &str, training: bool, number: u64) -> Result<bool, StoreError> {
        let n = i64::try_from(number).unwrap_or(i64::MAX);
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM receipts
                 WHERE return_of_pos = ?1 AND return_of = ?2 AND training = ?3",
                params![pos_id, n, training],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The drawer since the last opening float of till `pos_id`: the float and what should be
    /// in the drawer now (float + pay-ins − pay-outs + the cash of the receipts issued since),
    /// so a till restarted during the day still counts against the right amount. Read from the
    /// electronic journal, training mode's events apart from real ones. `None` before the first
    /// float.
    pub fn drawer_since_float(
        &self,
        pos_id: &str,
        training: bool,
    ) -> Result<Option<DrawerSinceFloat>, StoreError> {
        let float: Option<(i64, i64, i64)> = self
            .conn
            .query_row(
                "SELECT seq, at, json_extract(body, '$.amount') FROM electronic_journal
                 WHERE pos_id = ?1 AND training = ?2 AND event = 'opening_float'
                 ORDER BY seq DESC LIMIT 1",
                params![pos_id, training],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((seq, at, amount)) = float else {
            return Ok(None);
        };
        let moved: i64 = self.conn.query_row(
            "SELECT coalesce(sum(CASE event
                                  WHEN 'cash_in' THEN json_extract(body, '$.amount')
                                  WHEN 'cash_out' THEN -json_extract(body, '$.amount')
                                  ELSE 0 END), 0)
             FROM electronic_journal WHERE pos_id = ?1 AND training = ?2 AND seq > ?3",
            params![pos_id, training, seq],
            |r| r.get(0),
        )?;
        let cash: i64 = self.conn.query_row(
            "SELECT coalesce(sum(rt.amount), 0) FROM receipt_tenders rt
             JOIN receipts r ON r.id = rt.receipt_id
             WHERE r.pos_id = ?1 AND r.training = ?2 AND rt.kind = 'cash' AND r.issued_at >= ?3",
            params![pos_id, training, at],
            |r| r.get(0),
        )?;
        Ok(Some(DrawerSinceFloat {
            float: amount,
            expected: amount + moved + cash,
        }))
    }

    /// Keeps a parked basket (its lines as receipt lines) until it is resumed.
    pub fn keep_parked(
        &self,
        pos_id: &str,
        id: u64,
        lines: &[ReceiptLine],
        msisdn: Option<&str>,
    ) -> Result<(), StoreError> {
        let json =
            serde_json::to_string(lines).map_err(|e| StoreError::BadReceipt(e.to_string()))?;
        self.conn.execute(
            "INSERT OR REPLACE INTO parked_baskets (pos_id, id, lines, msisdn, at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                pos_id,
                i64::try_from(id).unwrap_or(i64::MAX),
                json,
                msisdn,
                super::now()
            ],
        )?;
        Ok(())
    }

    pub fn drop_parked(&self, pos_id: &str, id: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM parked_baskets WHERE pos_id = ?1 AND id = ?2",
            params![pos_id, i64::try_from(id).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// The baskets parked on till `pos_id`, oldest first: id, lines, customer's number.
    pub fn parked(&self, pos_id: &str) -> Result<Vec<ParkedRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, lines, msisdn FROM parked_baskets WHERE pos_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([pos_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, lines, msisdn) = row?;
            out.push(ParkedRow {
                id: u64::try_from(id).map_err(|_| corrupt("parked_baskets", "id", id))?,
                lines: serde_json::from_str(&lines)
                    .map_err(|e| corrupt("parked_baskets", "lines", e.to_string()))?,
                msisdn,
            });
        }
        Ok(out)
    }
}
