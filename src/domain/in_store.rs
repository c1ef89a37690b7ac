//! The in-store code policy: shop scales and label printers make EAN-13 codes 20–29 that carry
//! a weight or a price, and the catalogue holds such an item once, at its base code (value
//! digits zero). Pure rules; the store only reads the rows they ask for.

use super::{Gtin, Product, ProductHit, Quantity, Unit, VariableMeasure};

/// A variable (weight or price label) item must sit at an in-store base code (prefix 20–29,
/// value digits zero), or no scan could ever decode to it; weight goes with kg, a price label
/// with pieces. Returns the reason otherwise.
pub fn check_sold_by(
    gtin: &Gtin,
    unit: Unit,
    variable: Option<VariableMeasure>,
) -> Result<(), String> {
    let Some(measure) = variable else {
        return Ok(());
    };
    let gtin = gtin.normalized();
    if gtin.in_store_parts().is_none_or(|(base, _)| base != gtin) {
        return Err(format!(
            "a {} item needs an in-store code 20–29 with the five value digits zero \
             (like 2100010000002), not {gtin}",
            measure.code()
        ));
    }
    match (measure, unit) {
        (VariableMeasure::Weight, Unit::Piece) => {
            Err("a weight item is priced per kg: unit must be kg".into())
        }
        (VariableMeasure::Price, Unit::Kilogram) => {
            Err("a price-label item is sold by the piece: unit must be pcs".into())
        }
        _ => Ok(()),
    }
}

impl ProductHit {
    /// The line for `product`, found at the base of an in-store code whose value digits are
    /// `value`: grams for a weight item, a price for a price-label item. `None` for a
    /// fixed-price item that happens to live in the in-store range: it is found only by its
    /// exact code.
    pub fn from_label(product: Product, value: u32) -> Option<ProductHit> {
        let (quantity, price_override) = match product.variable? {
            VariableMeasure::Weight => (Quantity::Grams(value), None),
            VariableMeasure::Price => (Quantity::Pieces(1), Some(i64::from(value))),
        };
        Some(ProductHit {
            product,
            quantity,
            price_override,
        })
    }

    /// The line for `product` found by its exact code: one piece, or a per-kg item that still
    /// needs its weight (`Grams(0)`).
    pub fn plain(product: Product) -> ProductHit {
        ProductHit {
            quantity: match product.unit {
                Unit::Piece => Quantity::Pieces(1),
                Unit::Kilogram => Quantity::Grams(0),
            },
            product,
            price_override: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::VatRate;

    fn item(gtin: &str, unit: Unit, variable: Option<VariableMeasure>) -> Product {
        Product {
            gtin: Gtin::parse(gtin).unwrap(),
            name: "x".into(),
            price: 2990,
            vat: VatRate::from_basis_points(1500).unwrap(),
            unit,
            variable,
        }
    }

    #[test]
    fn a_label_carries_a_weight_or_a_price_and_a_fixed_item_only_its_code() {
        let bananas = item(
            "2100010000002",
            Unit::Kilogram,
            Some(VariableMeasure::Weight),
        );
        let hit = ProductHit::from_label(bananas, 1234).unwrap();
        assert_eq!(
            (hit.quantity, hit.price_override),
            (Quantity::Grams(1234), None)
        );
        let prawns = item("2200010000009", Unit::Piece, Some(VariableMeasure::Price));
        let hit = ProductHit::from_label(prawns, 14990).unwrap();
        assert_eq!(
            (hit.quantity, hit.price_override),
            (Quantity::Pieces(1), Some(14990))
        );
        let fixed = item("2100010000002", Unit::Piece, None);
        assert_eq!(ProductHit::from_label(fixed.clone(), 5), None);
        assert!(!ProductHit::plain(fixed).needs_weight());
        assert!(ProductHit::plain(item("7038010009457", Unit::Kilogram, None)).needs_weight());
    }

    #[test]
    fn a_variable_item_sits_at_a_base_code_with_its_unit() {
        let ok = |g, u, v| check_sold_by(&Gtin::parse(g).unwrap(), u, v);
        assert!(ok(
            "2100010000002",
            Unit::Kilogram,
            Some(VariableMeasure::Weight)
        )
        .is_ok());
        assert!(ok("7038010009457", Unit::Piece, None).is_ok());
        assert!(ok(
            "7038010009457",
            Unit::Kilogram,
            Some(VariableMeasure::Weight)
        )
        .unwrap_err()
        .contains("in-store code"));
        assert!(ok(
            "2100010012340",
            Unit::Kilogram,
            Some(VariableMeasure::Weight)
        )
        .is_err());
        assert!(
            ok("2100010000002", Unit::Piece, Some(VariableMeasure::Weight))
                .unwrap_err()
                .contains("unit must be kg")
        );
        assert!(ok(
            "2200010000009",
            Unit::Kilogram,
            Some(VariableMeasure::Price)
        )
        .unwrap_err()
        .contains("unit must be pcs"));
    }
}
