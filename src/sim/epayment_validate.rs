//! Schema validation of ePayment request bodies, as strict as the real API: required fields,
//! types, patterns, enums, lengths, and unknown fields rejected. Each failure names its field.

use crate::sim::json_check::{digits, join, Check, FieldErrors};
use crate::sim::receipt_validate::validate_receipt;
use serde_json::Value;

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
    /// Profile sharing was asked for (`profile.scope`), so AUTHORIZED carries the user's `sub`.
    pub wants_profile: bool,
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
pub(crate) const CURRENCIES: &[&str] = &["NOK", "DKK", "EUR", "SEK", "USD", "GBP"];
const USER_FLOWS: &[&str] = &["PUSH_MESSAGE", "NATIVE_REDIRECT", "WEB_REDIRECT", "QR"];
const MAX_AMOUNT: i64 = 65_000_000;

/// `^[a-zA-Z0-9-]{8,64}$`
pub(crate) fn valid_reference(r: &str) -> bool {
    (8..=64).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// An `Amount`: `{currency, value}`.
pub(crate) fn amount(v: Option<&Value>, path: &str) -> Result<(String, i64), FieldErrors> {
    let mut c = Check::new();
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
    let mut c = Check::new();
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
    let mut wants_profile = false;
    if let Some(profile) = map.get("profile").filter(|v| !v.is_null()) {
        if let Some(p) = c.object(profile, "profile", &["scope"]) {
            wants_profile = c.string(p, "profile", "scope", false).is_some();
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
                wants_profile,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
