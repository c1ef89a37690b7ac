//! One row of a CSV file to a domain record, or the reason it is refused.

use super::csv_fields::{parse_enrolled_at, parse_price, parse_vat};
use crate::domain::{
    Country, Gtin, Member, MemberSource, Msisdn, Product, Unit, VariableMeasure, VatRate,
};
use std::collections::HashMap;

/// Longest name, email or sub accepted (characters).
const MAX_TEXT: usize = 200;

fn optional_text(value: &str, what: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        Ok(None)
    } else if value.chars().count() > MAX_TEXT {
        Err(format!("{what} is longer than {MAX_TEXT} characters"))
    } else {
        Ok(Some(value.to_string()))
    }
}

pub(super) fn parse_member(f: &[String], country: Country, now: i64) -> Result<Member, String> {
    let [phone, name, email, sub, enrolled] = f else {
        return Err("wrong number of fields".into());
    };
    let msisdn = Msisdn::parse(phone, country).map_err(|e| format!("phone `{phone}`: {e}"))?;
    let email = optional_text(email, "email")?;
    if let Some(e) = &email {
        let ok = e.split_once('@').is_some_and(|(a, b)| {
            !a.is_empty() && b.contains('.') && !e.chars().any(char::is_whitespace)
        });
        if !ok {
            return Err(format!("email `{e}` is not an address like ola@example.no"));
        }
    }
    let sub = optional_text(sub, "sub")?;
    if sub
        .as_deref()
        .is_some_and(|s| s.chars().any(char::is_whitespace))
    {
        return Err("sub must not contain spaces".into());
    }
    Ok(Member {
        msisdn,
        sub,
        name: optional_text(name, "name")?,
        email,
        enrolled_at: parse_enrolled_at(enrolled, now)?,
        source: MemberSource::Import,
        consents: None,
    })
}

pub(super) fn parse_product(f: &[String]) -> Result<Product, String> {
    let [gtin, name, price, vat, unit, variable] = f else {
        return Err("wrong number of fields".into());
    };
    let gtin = Gtin::parse(gtin)
        .map_err(|e| format!("gtin `{gtin}`: {e}"))?
        .normalized();
    if name.is_empty() {
        return Err("name is missing".into());
    }
    if name.chars().count() > MAX_TEXT {
        return Err(format!("name is longer than {MAX_TEXT} characters"));
    }
    let vat = parse_vat(vat)?;
    let unit = Unit::from_code(unit).ok_or_else(|| format!("unit `{unit}` is not pcs or kg"))?;
    let variable = VariableMeasure::from_code(variable)
        .ok_or_else(|| format!("variable `{variable}` is not empty, price or weight"))?;
    crate::domain::in_store::check_sold_by(&gtin, unit, variable)?;
    Ok(Product {
        gtin,
        name: name.clone(),
        price: parse_price(price)?,
        vat: VatRate::from_basis_points(vat).ok_or("vat above 100 %")?,
        unit,
        variable,
    })
}

/// Remembers the first line of each key, to report duplicates inside one file.
pub(super) fn check_duplicate(
    seen: &mut HashMap<String, u64>,
    key: &str,
    line: u64,
    what: &str,
) -> Result<(), String> {
    match seen.get(key) {
        Some(first) => Err(format!("{what} {key} is also on line {first}")),
        None => {
            seen.insert(key.to_string(), line);
            Ok(())
        }
    }
}
