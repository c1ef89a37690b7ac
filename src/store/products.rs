//! The catalogue: its rows, and the look-ups a scan asks for (the in-store code policy is
//! `domain::in_store`).

use super::{corrupt, stored_gtin, stored_vat, Store, StoreError};
use crate::domain::in_store::check_sold_by;
use crate::domain::{Gtin, Product, ProductHit, Unit, VariableMeasure};
use rusqlite::{params, OptionalExtension, Row};

pub(super) const COLUMNS: &str = "gtin, name, price, vat_bp, unit, variable";

pub(super) fn product_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Product, StoreError>> {
    let gtin: String = row.get(0)?;
    let vat: i64 = row.get(3)?;
    let unit: String = row.get(4)?;
    let variable: Option<String> = row.get(5)?;
    let name: String = row.get(1)?;
    let price: i64 = row.get(2)?;
    let product = (|| {
        Ok(Product {
            gtin: stored_gtin("products", &gtin)?,
            name,
            price,
            vat: stored_vat("products", vat)?,
            unit: Unit::from_code(&unit)
                .ok_or_else(|| corrupt("products", "unit", format!("`{unit}`")))?,
            variable: match variable.as_deref() {
                None => None,
                Some(v) => VariableMeasure::from_code(v)
                    .flatten()
                    .map(Some)
                    .ok_or_else(|| corrupt("products", "variable", format!("`{v}`")))?,
            },
        })
    })();
    Ok(product)
}

/// Writes one product, checked (no negative price, a variable item at an in-store base code),
/// replacing the one with the same normalised GTIN. Every catalogue write goes through here:
/// an import row by row in its transaction, [`Store::upsert_product`] alone.
pub(super) fn write_product(conn: &rusqlite::Connection, p: &Product) -> Result<(), StoreError> {
    if p.price < 0 {
        return Err(StoreError::NegativeAmount("a product's price"));
    }
    check_sold_by(&p.gtin, p.unit, p.variable).map_err(StoreError::InvalidProduct)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO products (gtin, name, name_folded, price, vat_bp, unit, variable)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (gtin) DO UPDATE SET
           name = excluded.name, name_folded = excluded.name_folded,
           price = excluded.price, vat_bp = excluded.vat_bp,
           unit = excluded.unit, variable = excluded.variable",
    )?;
    stmt.execute(params![
        p.gtin.normalized().as_str(),
        p.name,
        fold(&p.name),
        p.price,
        p.vat.basis_points(),
        p.unit.code(),
        p.variable.map(VariableMeasure::code),
    ])?;
    Ok(())
}

/// The name as the search compares it: Unicode lower case (æøå included).
pub(super) fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// `%` `_` and the escape character itself are data in a search, not patterns.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

impl Store {
    fn product_exact(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM products WHERE gtin = ?1"))?;
        stmt.query_row([gtin.as_str()], product_from_row)
            .optional()?
            .transpose()
    }

    /// Resolves a scanned code: an in-store code (prefix 20–29) is tried at its base code first,
    /// any other code as is (UPC-A and GTIN-14 in their EAN-13 form). What a hit means is
    /// `domain::in_store`'s rule; this only reads the rows.
    pub fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<ProductHit>, StoreError> {
        let gtin = gtin.normalized();
        if let Some((base, value)) = gtin.in_store_parts() {
            if let Some(hit) = self
                .product_exact(&base)?
                .and_then(|p| ProductHit::from_label(p, value))
            {
                return Ok(Some(hit));
            }
        }
        Ok(self.product_exact(&gtin)?.map(ProductHit::plain))
    }

    /// Products whose name contains `query`, case-insensitively, by name.
    pub fn search_products(&self, query: &str, limit: u32) -> Result<Vec<Product>, StoreError> {
        let pattern = format!("%{}%", like_escape(&fold(query.trim())));
        // Digits are also an EAN or a PLU: the item whose code holds them is found too (a
        // cashier keys in what is printed under the bars, or the shop's short number).
        let digits = query.trim();
        let code = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("%{digits}%"));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM products
             WHERE name_folded LIKE ?1 ESCAPE '\\' OR (?3 IS NOT NULL AND gtin LIKE ?3)
             ORDER BY (?3 IS NOT NULL AND gtin LIKE ?3) DESC, name_folded, gtin LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![pattern, limit, code], product_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// Inserts the product, or replaces the one with the same (normalised) GTIN: the write
    /// [`write_product`] does for every row of an import, alone.
    pub fn upsert_product(&self, p: &Product) -> Result<(), StoreError> {
        write_product(&self.conn, p)
    }

    /// Products ordered by name, a page at a time.
    pub fn list_products(&self, limit: u32, offset: u64) -> Result<Vec<Product>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM products ORDER BY name_folded, gtin LIMIT ?1 OFFSET ?2"
        ))?;
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![limit, offset], product_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// Takes the product out of the catalogue; whether there was one. Nothing else refers to
    /// the catalogue: issued receipts, parked and held baskets keep their own copy of each line
    /// (name, price, VAT), so they read the same after the product is gone.
    pub fn delete_product(&self, gtin: &Gtin) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached("DELETE FROM products WHERE gtin = ?1")?
            .execute([gtin.normalized().as_str()])?;
        Ok(n > 0)
    }

    /// The product stored under exactly this code (its normalised form), for the shop owner's
    /// tools; a scan goes through [`Store::product_by_gtin`], which also decodes in-store codes.
    pub fn product(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        self.product_exact(&gtin.normalized())
    }

    /// How many products the catalogue holds.
    pub fn count_products(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM products")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(fold("ØL Æbler"), "øl æbler");
    }
}
