//! Schema validation of ePayment request bodies, as strict as the real API: required fields,
//! types, patterns, enums, lengths, and unknown fields rejected. Each failure names its field.

use serde_json::{Map, Value};

/// `(field path, reason)` pairs for a 400 response.
pub(crate) type FieldErrors = Vec<(String, String)>;

/// The customer of a create request: exactly one of the three ways to name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Customer {
    PhoneNumber(String),
    PersonalQr(String),
    Token(String),
}

/// The parts of a valid create request the simulator acts on.
#[derive(Debug, Clone)]
pub(crate) struct CreateInput {
    pub reference: String,
    pub currency: String,
    pub value: i64,
    pub user_flow: String,
    pub customer: Option<Customer>,
    pub description: Option<String>,
    pub metadata: Option<Value>,
}

const CREATE_FIELDS: &[&str] = &[
    "amount",
    "customer",
    "minimumUserAge",
    "customerInteraction",
    "industryData",
    "paymentMethod",
    "profile",
    "reference",
    "returnUrl",
    "userFlow",
    "expiresAt",
    "qrFormat",
    "paymentDescription",
    "receipt",
    "metadata",
    "receiptUrl",
    "shipping",
    "cardPassthrough",
];
const CURRENCIES: &[&str] = &["NOK", "DKK", "EUR", "SEK", "USD", "GBP"];
const USER_FLOWS: &[&str] = &["PUSH_MESSAGE", "NATIVE_REDIRECT", "WEB_REDIRECT", "QR"];
const MAX_AMOUNT: i64 = 65_000_000;

struct Check {
    errors: FieldErrors,
}

impl Check {
    fn fail(&mut self, path: &str, reason: impl Into<String>) {
        self.errors.push((path.to_string(), reason.into()));
    }

    /// An object whose keys all appear in `allowed`.
    fn object<'a>(
        &mut self,
        v: &'a Value,
        path: &str,
        allowed: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.fail(path, "Must be an object");
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.fail(&join(path, key), "Unknown field");
            }
        }
        Some(map)
    }

    fn string<'a>(
        &mut self,
        map: &'a Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'a str> {
        match map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.fail(&join(path, key), "Required");
                }
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                self.fail(&join(path, key), "Must be a string");
                None
            }
        }
    }

    fn integer(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
        range: (i64, i64),
    ) -> Option<i64> {
        match map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.fail(&join(path, key), "Required");
                }
                None
            }
            Some(v) => match v.as_i64() {
                Some(n) if n >= range.0 && n <= range.1 => Some(n),
                Some(_) => {
                    self.fail(
                        &join(path, key),
                        format!("Must be between {} and {}", range.0, range.1),
                    );
                    None
                }
                None => {
                    self.fail(&join(path, key), "Must be an integer");
                    None
                }
            },
        }
    }

    fn boolean(&mut self, map: &Map<String, Value>, path: &str, key: &str) {
        if !matches!(
            map.get(key),
            None | Some(Value::Null) | Some(Value::Bool(_))
        ) {
            self.fail(&join(path, key), "Must be a boolean");
        }
    }

    fn one_of(&mut self, value: Option<&str>, path: &str, allowed: &[&str]) {
        if let Some(v) = value {
            if !allowed.contains(&v) {
                self.fail(path, format!("Must be one of {}", allowed.join(", ")));
            }
        }
    }

    fn length(&mut self, value: Option<&str>, path: &str, min: usize, max: usize) {
        if let Some(v) = value {
            let n = v.chars().count();
            if n < min || n > max {
                self.fail(path, format!("Length must be {min} to {max} characters"));
            }
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `^[a-zA-Z0-9-]{8,64}$`
pub(crate) fn valid_reference(r: &str) -> bool {
    (8..=64).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

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

/// An `Amount`: `{currency, value}`.
pub(crate) fn amount(v: Option<&Value>, path: &str) -> Result<(String, i64), FieldErrors> {
    let mut c = Check { errors: Vec::new() };
    let out = amount_in(&mut c, v, path);
    match out {
        Some(a) if c.errors.is_empty() => Ok(a),
        _ => Err(c.errors),
    }
}

fn amount_in(c: &mut Check, v: Option<&Value>, path: &str) -> Option<(String, i64)> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        c.fail(path, "Required");
        return None;
    };
    let map = c.object(v, path, &["currency", "value"])?;
    let currency = c.string(map, path, "currency", true);
    c.one_of(currency, &join(path, "currency"), CURRENCIES);
    let value = c.integer(map, path, "value", true, (0, MAX_AMOUNT));
    Some((currency?.to_string(), value?))
}

/// Validates a create-payment body.
pub(crate) fn create(body: &Value) -> Result<CreateInput, FieldErrors> {
    let mut c = Check { errors: Vec::new() };
    let Some(map) = c.object(body, "", CREATE_FIELDS) else {
        return Err(c.errors);
    };
    let amount = amount_in(&mut c, map.get("amount"), "amount");
    let reference = c.string(map, "", "reference", true);
    if reference.is_some_and(|r| !valid_reference(r)) {
        c.fail("reference", "Must match ^[a-zA-Z0-9-]{8,64}$");
    }
    let user_flow = c.string(map, "", "userFlow", true);
    c.one_of(user_flow, "userFlow", USER_FLOWS);
    match map.get("paymentMethod") {
        None | Some(Value::Null) => c.fail("paymentMethod", "Required"),
        Some(pm) => {
            if let Some(pm) = c.object(pm, "paymentMethod", &["type", "blockedSources"]) {
                let t = c.string(pm, "paymentMethod", "type", true);
                c.one_of(
                    t,
                    "paymentMethod.type",
                    &["WALLET", "CARD", "CARD_PASSTHROUGH"],
                );
                if let Some(bs) = pm.get("blockedSources") {
                    let ok = bs
                        .as_array()
                        .is_some_and(|a| a.iter().all(|s| s.as_str() == Some("COMMERCIAL_CARDS")));
                    if !ok {
                        c.fail(
                            "paymentMethod.blockedSources",
                            "Must be an array of COMMERCIAL_CARDS",
                        );
                    }
                }
            }
        }
    }
    let customer = customer(&mut c, map.get("customer"));
    let interaction = c.string(map, "", "customerInteraction", false);
    c.one_of(
        interaction,
        "customerInteraction",
        &["CUSTOMER_PRESENT", "CUSTOMER_NOT_PRESENT"],
    );
    let description = c.string(map, "", "paymentDescription", false);
    c.length(description, "paymentDescription", 3, 100);
    let return_url = c.string(map, "", "returnUrl", false);
    c.length(return_url, "returnUrl", 1, 2500);
    if user_flow == Some("WEB_REDIRECT") && return_url.is_none() {
        c.fail("returnUrl", "Required when userFlow is WEB_REDIRECT");
    }
    c.string(map, "", "receiptUrl", false);
    c.string(map, "", "expiresAt", false);
    c.integer(map, "", "minimumUserAge", false, (0, 100));
    if let Some(profile) = map.get("profile").filter(|v| !v.is_null()) {
        if let Some(p) = c.object(profile, "profile", &["scope"]) {
            c.string(p, "profile", "scope", false);
        }
    }
    if let Some(receipt) = map.get("receipt").filter(|v| !v.is_null()) {
        validate_receipt(&mut c, receipt);
    }
    let metadata = map.get("metadata").filter(|v| !v.is_null());
    if let Some(m) = metadata {
        validate_metadata(&mut c, m);
    }
    if user_flow == Some("PUSH_MESSAGE") && customer.is_none() && map.get("customer").is_none() {
        c.fail("customer", "Required when userFlow is PUSH_MESSAGE");
    }
    match (amount, reference, user_flow) {
        (Some((currency, value)), Some(reference), Some(user_flow)) if c.errors.is_empty() => {
            Ok(CreateInput {
                reference: reference.to_string(),
                currency,
                value,
                user_flow: user_flow.to_string(),
                customer,
                description: description.map(str::to_string),
                metadata: metadata.cloned(),
            })
        }
        _ => Err(c.errors),
    }
}

fn customer(c: &mut Check, v: Option<&Value>) -> Option<Customer> {
    let v = v.filter(|v| !v.is_null())?;
    let map = c.object(
        v,
        "customer",
        &["phoneNumber", "personalQr", "customerToken"],
    )?;
    if map.values().filter(|v| !v.is_null()).count() != 1 {
        c.fail(
            "customer",
            "Exactly one of phoneNumber, personalQr or customerToken must be set",
        );
        return None;
    }
    let phone = c.string(map, "customer", "phoneNumber", false);
    let qr = c.string(map, "customer", "personalQr", false);
    let token = c.string(map, "customer", "customerToken", false);
    if let Some(p) = phone {
        if !digits(p, 9, 15) {
            c.fail("customer.phoneNumber", "Must match ^\\d{9,15}$");
            return None;
        }
        return Some(Customer::PhoneNumber(p.to_string()));
    }
    if let Some(q) = qr {
        if !(5..=255).contains(&q.chars().count()) {
            c.fail("customer.personalQr", "Length must be 5 to 255 characters");
            return None;
        }
        return Some(Customer::PersonalQr(q.to_string()));
    }
    token.map(|t| Customer::Token(t.to_string()))
}

fn validate_metadata(c: &mut Check, v: &Value) {
    let Some(map) = v.as_object() else {
        c.fail("metadata", "Must be an object of string values");
        return;
    };
    if map.len() > 5 {
        c.fail("metadata", "At most 5 key-value pairs");
    }
    for (k, v) in map {
        let path = join("metadata", k);
        if k.chars().count() > 100 {
            c.fail(&path, "Keys are at most 100 characters");
        }
        match v.as_str() {
            Some(s) if s.chars().count() <= 500 => {}
            Some(_) => c.fail(&path, "Values are at most 500 characters"),
            None => c.fail(&path, "Must be a string"),
        }
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

fn validate_receipt(c: &mut Check, v: &Value) {
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
    use serde_json::json;

    #[test]
    fn quantity_pattern() {
        assert!(valid_quantity("2"));
        assert!(valid_quantity("0.125"));
        assert!(!valid_quantity("1."));
        assert!(!valid_quantity("1.123456789"));
        assert!(!valid_quantity("-1"));
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let errs = create(&json!({"amount": {"currency": "NOK", "value": 100}, "bogus": 1}))
            .err()
            .unwrap_or_default();
        let names: Vec<&str> = errs.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"bogus"));
        assert!(names.contains(&"reference"));
        assert!(names.contains(&"userFlow"));
        assert!(names.contains(&"paymentMethod"));
    }
}
