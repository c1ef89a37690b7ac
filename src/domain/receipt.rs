//! The ePayment receipt (`orderLines` + `bottomLine`) built from a basket.

use super::{Basket, Currency, Quantity};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub order_lines: Vec<OrderLine>,
    pub bottom_line: BottomLine,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub name: String,
    pub id: String,
    pub total_amount: i64,
    pub total_amount_excluding_tax: i64,
    pub total_tax_amount: i64,
    pub tax_rate: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<i64>,
    pub unit_info: UnitInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitInfo {
    pub unit_price: i64,
    /// A decimal string, display only (`^\d+([.]\d{1,8})?$`, at most 10 characters).
    pub quantity: String,
    pub quantity_unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BottomLine {
    pub currency: Currency,
    pub pos_id: String,
    pub receipt_number: String,
}

/// The longest product name the receipt carries; the app truncates anyway, and a bounded
/// request body keeps a hostile catalogue entry from bloating it.
const MAX_NAME: usize = 100;

impl Receipt {
    pub fn from_basket(basket: &Basket, pos_id: &str, receipt_number: &str) -> Receipt {
        let order_lines = basket
            .lines
            .iter()
            .map(|l| {
                let t = l.totals();
                OrderLine {
                    name: l
                        .name
                        .chars()
                        .filter(|c| !c.is_control())
                        .take(MAX_NAME)
                        .collect(),
                    id: l.gtin.to_string(),
                    total_amount: t.total,
                    total_amount_excluding_tax: t.excl,
                    total_tax_amount: t.tax,
                    tax_rate: l.vat.basis_points(),
                    discount: (l.discount_amount() > 0).then_some(l.discount_amount()),
                    unit_info: UnitInfo {
                        unit_price: l.unit_price,
                        quantity: l.quantity.receipt_text(),
                        quantity_unit: match l.quantity {
                            Quantity::Pieces(_) => "PCS".into(),
                            Quantity::Grams(_) => "KG".into(),
                        },
                    },
                }
            })
            .collect();
        Receipt {
            order_lines,
            bottom_line: BottomLine {
                currency: basket.currency,
                pos_id: pos_id.to_string(),
                receipt_number: receipt_number.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Gtin, Line, VatRate};

    #[test]
    fn receipt_has_the_epayment_shape() {
        let mut b = Basket::new(Currency::Nok);
        b.add(Line {
            gtin: Gtin::parse("7038010009457").unwrap(),
            name: "Lettmelk 1 l".into(),
            unit_price: 10000,
            quantity: Quantity::Pieces(2),
            discount: 0,
            percent: None,
            vat: VatRate::from_basis_points(1500).unwrap(),
        });
        b.add(Line {
            gtin: Gtin::parse("5901234123457").unwrap(),
            name: "Caps\u{1b}[31m".into(),
            unit_price: 14900,
            quantity: Quantity::Pieces(1),
            discount: 2000,
            percent: None,
            vat: VatRate::from_basis_points(2500).unwrap(),
        });
        let r = Receipt::from_basket(&b, "till1", "000123");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "orderLines": [
                    {"name": "Lettmelk 1 l", "id": "7038010009457", "totalAmount": 20000,
                     "totalAmountExcludingTax": 17391, "totalTaxAmount": 2609, "taxRate": 1500,
                     "unitInfo": {"unitPrice": 10000, "quantity": "2", "quantityUnit": "PCS"}},
                    {"name": "Caps[31m", "id": "5901234123457", "totalAmount": 12900,
                     "totalAmountExcludingTax": 10320, "totalTaxAmount": 2580, "taxRate": 2500,
                     "discount": 2000,
                     "unitInfo": {"unitPrice": 14900, "quantity": "1", "quantityUnit": "PCS"}}
                ],
                "bottomLine": {"currency": "NOK", "posId": "till1", "receiptNumber": "000123"}
            })
        );
        let sum: i64 = r.order_lines.iter().map(|l| l.total_amount).sum();
        assert_eq!(sum, b.total().minor);
    }
}
