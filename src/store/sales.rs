//! Sales with their lines, their payment state, and each till's receipt-number sequence.

use super::{
    corrupt, is_unique_violation, stored_gtin, stored_msisdn, stored_vat, Store, StoreError,
};
use crate::domain::{Basket, Currency, Line, Money, Msisdn, Quantity};
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

/// Where a sale stands with the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SaleState {
    /// Being rung up; no payment asked for yet.
    Open,
    /// The payment request went to the customer's phone.
    PaymentRequested,
    /// The customer approved; the money is reserved, not yet taken.
    Authorized,
    Captured,
    Cancelled,
    /// Rejected, expired or aborted by the customer, or refused by the API.
    Failed,
    Refunded,
    PartiallyRefunded,
}

impl SaleState {
    const ALL: [SaleState; 8] = [
        SaleState::Open,
        SaleState::PaymentRequested,
        SaleState::Authorized,
        SaleState::Captured,
        SaleState::Cancelled,
        SaleState::Failed,
        SaleState::Refunded,
        SaleState::PartiallyRefunded,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SaleState::Open => "open",
            SaleState::PaymentRequested => "payment_requested",
            SaleState::Authorized => "authorized",
            SaleState::Captured => "captured",
            SaleState::Cancelled => "cancelled",
            SaleState::Failed => "failed",
            SaleState::Refunded => "refunded",
            SaleState::PartiallyRefunded => "partially_refunded",
        }
    }

    /// The state with this stored name.
    pub fn parse(s: &str) -> Option<SaleState> {
        SaleState::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Nothing more happens to the sale by itself: the till need not follow it after a restart.
    /// (A captured sale may still be refunded, but only when someone asks.)
    pub fn is_final(self) -> bool {
        !matches!(
            self,
            SaleState::Open | SaleState::PaymentRequested | SaleState::Authorized
        )
    }
}

impl std::fmt::Display for SaleState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The final states as an SQL list, kept in one place with [`SaleState::is_final`].
pub(super) const FINAL_STATES_SQL: &str =
    "'captured', 'cancelled', 'failed', 'refunded', 'partially_refunded'";

/// A sale as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub id: i64,
    /// The ePayment reference: one payment only, ever.
    pub reference: String,
    pub pos_id: String,
    pub receipt_number: u64,
    pub customer: Option<Msisdn>,
    pub total: Money,
    pub state: SaleState,
    /// Amount captured so far, minor units.
    pub captured: i64,
    /// Amount refunded so far, minor units.
    pub refunded: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
    pub lines: Vec<Line>,
}

const COLUMNS: &str = "id, reference, pos_id, receipt_number, msisdn, total, currency, state, \
                       captured, refunded, created_at, updated_at";

fn sale_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Sale, StoreError>> {
    let msisdn: Option<String> = row.get(4)?;
    let currency: String = row.get(6)?;
    let state: String = row.get(7)?;
    let receipt: i64 = row.get(3)?;
    let total: i64 = row.get(5)?;
    let (id, reference, pos_id) = (row.get(0)?, row.get(1)?, row.get(2)?);
    let (captured, refunded, created_at, updated_at) =
        (row.get(8)?, row.get(9)?, row.get(10)?, row.get(11)?);
    let sale = (|| {
        Ok(Sale {
            id,
            reference,
            pos_id,
            receipt_number: u64::try_from(receipt)
                .map_err(|_| corrupt("sales", "receipt_number", receipt))?,
            customer: msisdn.map(|m| stored_msisdn("sales", &m)).transpose()?,
            total: Money::new(
                total,
                Currency::from_code(&currency)
                    .ok_or_else(|| corrupt("sales", "currency", format!("`{currency}`")))?,
            ),
            state: SaleState::parse(&state)
                .ok_or_else(|| corrupt("sales", "state", format!("`{state}`")))?,
            captured,
            refunded,
            created_at,
            updated_at,
            lines: Vec::new(),
        })
    })();
    Ok(sale)
}

pub(super) fn line_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Line, StoreError>> {
    let gtin: String = row.get(0)?;
    let qty: i64 = row.get(3)?;
    let qty_unit: String = row.get(4)?;
    let vat: i64 = row.get(6)?;
    let (name, unit_price, discount) = (row.get(1)?, row.get(2)?, row.get(5)?);
    let line = (|| {
        let n = u32::try_from(qty).map_err(|_| corrupt("sale_lines", "quantity", qty))?;
        Ok(Line {
            gtin: stored_gtin("sale_lines", &gtin)?,
            name,
            unit_price,
            quantity: match qty_unit.as_str() {
                "pcs" => Quantity::Pieces(n),
                "g" => Quantity::Grams(n),
                other => return Err(corrupt("sale_lines", "qty_unit", format!("`{other}`"))),
            },
            discount,
            percent: None,
            vat: stored_vat("sale_lines", vat)?,
        })
    })();
    Ok(line)
}

impl Store {
    /// The next payment-attempt number of till `pos_id`, starting at 1 (schema version 2 on:
    /// receipts are numbered when issued, see `issue_receipt`). Numbers are never handed out
    /// twice, across restarts too: the counter is bumped and read in one write transaction.
    pub fn next_receipt_number(&mut self, pos_id: &str) -> Result<u64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n: i64 = tx.query_row(
            "INSERT INTO receipt_sequences (pos_id, last) VALUES (?1, 1)
             ON CONFLICT (pos_id) DO UPDATE SET last = last + 1
             RETURNING last",
            [pos_id],
            |r| r.get(0),
        )?;
        tx.commit()?;
        u64::try_from(n).map_err(|_| corrupt("receipt_sequences", "last", n))
    }

    /// Records a new sale in state `open` with the basket's lines; the total is the basket's.
    pub fn create_sale(
        &mut self,
        reference: &str,
        pos_id: &str,
        receipt_number: u64,
        customer: Option<&Msisdn>,
        basket: &Basket,
    ) -> Result<Sale, StoreError> {
        let total = basket.totals().total;
        self.create_sale_for(reference, pos_id, receipt_number, customer, basket, total)
    }

    /// Records a payment attempt (`attempt` is its number in the till's attempt sequence)
    /// for `total`, which is less than the basket when the payment is one part of a split
    /// tender.
    pub fn create_sale_for(
        &mut self,
        reference: &str,
        pos_id: &str,
        receipt_number: u64,
        customer: Option<&Msisdn>,
        basket: &Basket,
        total: i64,
    ) -> Result<Sale, StoreError> {
        let now = super::now();
        let receipt = i64::try_from(receipt_number).unwrap_or(i64::MAX);
        let tx = self.conn.transaction()?;
        let inserted = tx.execute(
            "INSERT INTO sales (reference, pos_id, receipt_number, msisdn, total, currency,
                                state, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                reference,
                pos_id,
                receipt,
                customer.map(Msisdn::as_str),
                total,
                basket.currency.code(),
                SaleState::Open.as_str(),
                now
            ],
        );
        if let Err(e) = inserted {
            if !is_unique_violation(&e) {
                return Err(e.into());
            }
            let same_ref: bool = tx
                .query_row(
                    "SELECT 1 FROM sales WHERE reference = ?1",
                    [reference],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            return Err(if same_ref {
                StoreError::DuplicateReference(reference.to_string())
            } else {
                StoreError::DuplicateReceiptNumber {
                    pos_id: pos_id.to_string(),
                    number: receipt_number,
                }
            });
        }
        let id = tx.last_insert_rowid();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO sale_lines (sale_id, position, gtin, name, unit_price, quantity,
                                         qty_unit, discount, vat_bp)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for (pos, l) in basket.lines.iter().enumerate() {
                let (qty, unit) = super::quantity_columns(l.quantity);
                stmt.execute(params![
                    id,
                    pos as i64,
                    l.gtin.as_str(),
                    l.name,
                    l.unit_price,
                    qty,
                    unit,
                    l.discount_amount(),
                    l.vat.basis_points()
                ])?;
            }
        }
        tx.commit()?;
        Ok(Sale {
            id,
            reference: reference.to_string(),
            pos_id: pos_id.to_string(),
            receipt_number,
            customer: customer.cloned(),
            total: Money::new(total, basket.currency),
            state: SaleState::Open,
            captured: 0,
            refunded: 0,
            created_at: now,
            updated_at: now,
            lines: basket.lines.clone(),
        })
    }

    fn with_lines(&self, mut sale: Sale) -> Result<Sale, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT gtin, name, unit_price, quantity, qty_unit, discount, vat_bp
             FROM sale_lines WHERE sale_id = ?1 ORDER BY position",
        )?;
        for line in stmt.query_map([sale.id], line_from_row)? {
            sale.lines.push(line??);
        }
        Ok(sale)
    }

    fn sales_where(
        &self,
        clause: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<Sale>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM sales {clause}"))?;
        let heads: Vec<Sale> = stmt
            .query_map(args, sale_from_row)?
            .map(|r| r.map_err(StoreError::from).and_then(|s| s))
            .collect::<Result<_, _>>()?;
        heads.into_iter().map(|s| self.with_lines(s)).collect()
    }

    /// The sale with this payment reference, lines included.
    pub fn sale_by_reference(&self, reference: &str) -> Result<Option<Sale>, StoreError> {
        Ok(self
            .sales_where("WHERE reference = ?1", [reference])?
            .into_iter()
            .next())
    }

    /// The sale with this receipt number of till `pos_id`.
    pub fn sale_by_receipt_number(
        &self,
        pos_id: &str,
        number: u64,
    ) -> Result<Option<Sale>, StoreError> {
        let n = i64::try_from(number).unwrap_or(i64::MAX);
        Ok(self
            .sales_where(
                "WHERE pos_id = ?1 AND receipt_number = ?2",
                params![pos_id, n],
            )?
            .into_iter()
            .next())
    }

    /// Moves the sale to `state`.
    pub fn set_sale_state(&self, reference: &str, state: SaleState) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "UPDATE sales SET state = ?2, updated_at = ?3 WHERE reference = ?1",
            params![reference, state.as_str(), super::now()],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchSale(reference.to_string()));
        }
        Ok(())
    }

    /// Records the captured amount (the API's running total) and marks the sale captured.
    pub fn set_captured(&self, reference: &str, amount: i64) -> Result<(), StoreError> {
        if amount < 0 {
            return Err(StoreError::NegativeAmount("the captured amount"));
        }
        let n = self.conn.execute(
            "UPDATE sales SET captured = ?2, state = 'captured', updated_at = ?3
             WHERE reference = ?1",
            params![reference, amount, super::now()],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchSale(reference.to_string()));
        }
        Ok(())
    }

    /// Adds a refund; the sale becomes `refunded` when all that was captured is refunded,
    /// `partially_refunded` before that. A refund beyond the captured amount is refused.
    /// Returns the sale's new state.
    pub fn add_refunded(&mut self, reference: &str, amount: i64) -> Result<SaleState, StoreError> {
        if amount < 0 {
            return Err(StoreError::NegativeAmount("a refund"));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (captured, refunded): (i64, i64) = tx
            .query_row(
                "SELECT captured, refunded FROM sales WHERE reference = ?1",
                [reference],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchSale(reference.to_string()))?;
        let after = refunded.saturating_add(amount);
        if after > captured {
            return Err(StoreError::RefundExceedsCapture {
                requested: amount,
                captured,
                already: refunded,
            });
        }
        let state = if after == captured {
            SaleState::Refunded
        } else {
            SaleState::PartiallyRefunded
        };
        tx.execute(
            "UPDATE sales SET refunded = ?2, state = ?3, updated_at = ?4 WHERE reference = ?1",
            params![reference, after, state.as_str(), super::now()],
        )?;
        tx.commit()?;
        Ok(state)
    }

    /// The sales of till `pos_id` that are not final, oldest first: what a restarted till must
    /// follow up.
    pub fn open_sales(&self, pos_id: &str) -> Result<Vec<Sale>, StoreError> {
        self.sales_where(
            &format!(
                "WHERE pos_id = ?1 AND state NOT IN ({FINAL_STATES_SQL}) ORDER BY created_at, id"
            ),
            [pos_id],
        )
    }

    /// The latest sales of every till, newest first.
    pub fn recent_sales(&self, limit: u32) -> Result<Vec<Sale>, StoreError> {
        self.sales_where("ORDER BY created_at DESC, id DESC LIMIT ?1", [limit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_and_final_list_agrees() {
        for st in SaleState::ALL {
            assert_eq!(SaleState::parse(st.as_str()), Some(st));
            let quoted = format!("'{}'", st.as_str());
            assert_eq!(FINAL_STATES_SQL.contains(&quoted), st.is_final(), "{st}");
        }
        assert_eq!(SaleState::parse("CAPTURED"), None);
    }
}
