//! Validation of the `receipt` object (order lines and bottom line) of a create request.

use crate::sim::epayment_validate::CURRENCIES;
use crate::sim::json_check::{digits, join, Check};
use serde_json::Value;

/// `^\d+([\.]\d{1,8})?$`, at most 10 characters.
fn valid_quantity(q: &str) -> bool {
    if q.len() > 10 {
        return false;
    }
    match q.split_once('.') {
        None => digits(q, 1, 10),
        Some((whole, frac)) => digits(whole, 1, 10) && digits(frac, 1, 8),
    }
}

const ORDER_LINE_FIELDS: &[&str] = &[
    "name",
    "id",
    "totalAmount",
    "totalAmountExcludingTax",
    "totalTaxAmount",
    "taxRate",
    "taxPercentage",
    "unitInfo",
    "discount",
    "productUrl",
    "isReturn",
    "isShipping",
];
const BOTTOM_LINE_FIELDS: &[&str] = &[
    "currency",
    "tipAmount",
    "posId",
    "receiptNumber",
    "paymentSources",
    "barcode",
    "giftCardAmount",
    "terminalId",
    "totalAmount",
    "totalTax",
    "totalDiscount",
    "shippingAmount",
    "shippingInfo",
];
const BIG: (i64, i64) = (i64::MIN, i64::MAX);

pub(crate) fn validate_receipt(c: &mut Check, v: &Value) {
    let Some(map) = c.object(v, "receipt", &["orderLines", "bottomLine"]) else {
        return;
    };
    match map.get("orderLines").and_then(Value::as_array) {
        None => c.fail("receipt.orderLines", "Required, an array"),
        Some(lines) if lines.is_empty() => {
            c.fail("receipt.orderLines", "At least one order line is required")
        }
        Some(lines) => {
            for (i, line) in lines.iter().enumerate() {
                order_line(c, line, &format!("receipt.orderLines[{i}]"));
            }
        }
    }
    match map.get("bottomLine") {
        None | Some(Value::Null) => c.fail("receipt.bottomLine", "Required"),
        Some(b) => {
            let path = "receipt.bottomLine";
            if let Some(b) = c.object(b, path, BOTTOM_LINE_FIELDS) {
                let currency = c.string(b, path, "currency", true);
                c.one_of(currency, "receipt.bottomLine.currency", CURRENCIES);
                c.integer(b, path, "tipAmount", false, (0, i64::MAX));
                c.string(b, path, "posId", false);
                c.string(b, path, "receiptNumber", false);
                c.string(b, path, "terminalId", false);
                if let Some(bc) = b.get("barcode").filter(|v| !v.is_null()) {
                    let bpath = "receipt.bottomLine.barcode";
                    if let Some(bc) = c.object(bc, bpath, &["format", "data"]) {
                        let f = c.string(bc, bpath, "format", true);
                        c.one_of(
                            f,
                            "receipt.bottomLine.barcode.format",
                            &["EAN-13", "CODE 39", "CODE 128"],
                        );
                        c.string(bc, bpath, "data", true);
                    }
                }
                if let Some(ps) = b.get("paymentSources").filter(|v| !v.is_null()) {
                    let ppath = "receipt.bottomLine.paymentSources";
                    let keys = ["giftCard", "card", "voucher", "cash"];
                    if let Some(ps) = c.object(ps, ppath, &keys) {
                        for k in keys {
                            c.integer(ps, ppath, k, false, (0, i64::MAX));
                        }
                    }
                }
            }
        }
    }
}

fn order_line(c: &mut Check, v: &Value, path: &str) {
    let Some(line) = c.object(v, path, ORDER_LINE_FIELDS) else {
        return;
    };
    c.string(line, path, "name", true);
    c.string(line, path, "id", true);
    c.integer(line, path, "totalAmount", true, BIG);
    c.integer(line, path, "totalAmountExcludingTax", true, BIG);
    c.integer(line, path, "totalTaxAmount", true, BIG);
    let rate = c.integer(line, path, "taxRate", false, (0, 10_000));
    let pct = c.integer(line, path, "taxPercentage", false, (0, 100));
    let rate_given = line.get("taxRate").is_some_and(|v| !v.is_null());
    let pct_given = line.get("taxPercentage").is_some_and(|v| !v.is_null());
    if rate.is_none() && pct.is_none() && !rate_given && !pct_given {
        c.fail(path, "One of taxRate or taxPercentage must be set");
    }
    c.integer(line, path, "discount", false, (0, i64::MAX));
    c.string(line, path, "productUrl", false);
    c.boolean(line, path, "isReturn");
    c.boolean(line, path, "isShipping");
    if let Some(unit) = line.get("unitInfo").filter(|v| !v.is_null()) {
        let upath = join(path, "unitInfo");
        if let Some(unit) = c.object(unit, &upath, &["unitPrice", "quantity", "quantityUnit"]) {
            c.integer(unit, &upath, "unitPrice", true, BIG);
            let q = c.string(unit, &upath, "quantity", true);
            if q.is_some_and(|q| !valid_quantity(q)) {
                c.fail(
                    &join(&upath, "quantity"),
                    "Must match ^\\d+([\\.]\\d{1,8})?$ and be at most 10 characters",
                );
            }
            let u = c.string(unit, &upath, "quantityUnit", false);
            c.one_of(
                u,
                &join(&upath, "quantityUnit"),
                &["PCS", "KG", "KM", "MINUTE", "LITRE", "KWH"],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_pattern() {
        assert!(valid_quantity("2"));
        assert!(valid_quantity("0.125"));
        assert!(!valid_quantity("1."));
        assert!(!valid_quantity("1.123456789"));
        assert!(!valid_quantity("-1"));
    }
}
