//! The unpaid basket on screen, kept across a quit or a crash (issue 17.10).

use super::sales::line_from_row;
use super::{Store, StoreError};
use crate::domain::{Basket, Currency};
use rusqlite::params;

impl Store {
    /// Replaces the till's held basket with `basket`; an empty basket clears it.
    pub fn hold_basket(&mut self, pos_id: &str, basket: &Basket) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM held_basket_lines WHERE pos_id = ?1", [pos_id])?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO held_basket_lines (pos_id, position, gtin, name, unit_price,
                                                quantity, qty_unit, discount, vat_bp, percent,
                                                percent_tenths)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for (pos, l) in basket.lines.iter().enumerate() {
                let (qty, unit) = super::quantity_columns(l.quantity);
                stmt.execute(params![
                    pos_id,
                    pos as i64,
                    l.gtin.as_str(),
                    l.name,
                    l.unit_price,
                    qty,
                    unit,
                    l.discount_amount(),
                    l.vat.basis_points(),
                    // Whole percents, as versions before 9 read them; tenths beside.
                    l.percent.filter(|t| t % 10 == 0).map(|t| t / 10),
                    l.percent,
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The basket an earlier run left unpaid, if any.
    pub fn held_basket(
        &self,
        pos_id: &str,
        currency: Currency,
    ) -> Result<Option<Basket>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT gtin, name, unit_price, quantity, qty_unit, discount, vat_bp, percent,
                    percent_tenths
             FROM held_basket_lines WHERE pos_id = ?1 ORDER BY position",
        )?;
        let mut basket = Basket::new(currency);
        let rows = stmt.query_map([pos_id], |row| {
            let whole: Option<u8> = row.get(7)?;
            let tenths: Option<u16> = row.get(8)?;
            Ok(line_from_row(row)?.map(|mut l| {
                l.percent = tenths.or(whole.map(|p| u16::from(p) * 10));
                l
            }))
        })?;
        for line in rows {
            basket.lines.push(line??);
        }
        Ok((!basket.is_empty()).then_some(basket))
    }
}
