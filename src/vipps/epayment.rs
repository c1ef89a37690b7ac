//! ePayment: create a push payment, follow it, capture, cancel and refund.

use super::client::{Auth, Body, Call, VippsClient};
use super::payment::{Amount, CreatedPayment, Modification, Payment, PaymentEvent};
use super::VippsError;
use crate::domain::{Money, Msisdn, Receipt};
use reqwest::Method;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// ePayment's largest amount in minor units.
pub const MAX_AMOUNT: i64 = 65_000_000;
/// The longest idempotency key ePayment accepts.
pub const MAX_IDEMPOTENCY_KEY: usize = 50;

/// Who pays: exactly one of the three ways ePayment accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Customer {
    /// The number the cashier typed or the QR exchange returned.
    PhoneNumber(Msisdn),
    /// The full scanned personal QR content, unparsed.
    PersonalQr(String),
    /// A token from a merchant-callback QR check-in.
    CustomerToken(String),
}

impl Serialize for Customer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        match self {
            Customer::PhoneNumber(n) => m.serialize_entry("phoneNumber", n.as_str())?,
            Customer::PersonalQr(q) => m.serialize_entry("personalQr", q)?,
            Customer::CustomerToken(t) => m.serialize_entry("customerToken", t)?,
        }
        m.end()
    }
}

/// What the till asks for; the fixed parts of a point-of-sale push payment are added on
/// serialisation (`WALLET`, `CUSTOMER_PRESENT`, `PUSH_MESSAGE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatePayment {
    pub amount: Money,
    pub customer: Customer,
    pub reference: String,
    pub description: String,
    pub receipt: Option<Receipt>,
    pub metadata: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody<'a> {
    amount: Amount,
    payment_method: PaymentMethodOut,
    customer: &'a Customer,
    customer_interaction: &'static str,
    reference: &'a str,
    user_flow: &'static str,
    payment_description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    receipt: Option<&'a Receipt>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    metadata: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct PaymentMethodOut {
    #[serde(rename = "type")]
    kind: &'static str,
}

impl CreatePayment {
    /// Check what the spec restricts, so a bad request never leaves the till.
    pub fn validate(&self) -> Result<(), VippsError> {
        validate_reference(&self.reference)?;
        let n = self.description.chars().count();
        if !(3..=100).contains(&n) {
            return invalid(format!(
                "payment description must be 3 to 100 characters, not {n}"
            ));
        }
        check_amount(self.amount)?;
        if self.amount.minor < self.amount.currency.minimum_payment() {
            return invalid(format!("{} is below the smallest payment", self.amount));
        }
        match &self.customer {
            Customer::PhoneNumber(p) => {
                let d = p.as_str();
                if !(9..=15).contains(&d.len()) || !d.bytes().all(|b| b.is_ascii_digit()) {
                    return invalid("phone number must be 9 to 15 digits".into());
                }
            }
            Customer::PersonalQr(q) if !(5..=255).contains(&q.chars().count()) => {
                return invalid("personal QR content must be 5 to 255 characters".into());
            }
            Customer::CustomerToken(t) if t.is_empty() => {
                return invalid("customer token is empty".into());
            }
            _ => {}
        }
        if let Some(r) = &self.receipt {
            if r.order_lines.is_empty() {
                return invalid("a receipt needs at least one order line".into());
            }
        }
        if self.metadata.len() > 5 {
            return invalid("at most 5 metadata pairs".into());
        }
        for (k, v) in &self.metadata {
            if k.is_empty() || k.chars().count() > 100 || v.chars().count() > 500 {
                return invalid(format!(
                    "metadata `{k}`: key 1 to 100 characters, value at most 500"
                ));
            }
        }
        Ok(())
    }

    /// The request body exactly as sent.
    pub fn to_json(&self) -> Result<Vec<u8>, VippsError> {
        let body = CreateBody {
            amount: self.amount.into(),
            payment_method: PaymentMethodOut { kind: "WALLET" },
            customer: &self.customer,
            customer_interaction: "CUSTOMER_PRESENT",
            reference: &self.reference,
            user_flow: "PUSH_MESSAGE",
            payment_description: &self.description,
            receipt: self.receipt.as_ref(),
            metadata: &self.metadata,
        };
        serde_json::to_vec(&body).map_err(|e| VippsError::Invalid(e.to_string()))
    }
}

fn invalid<T>(why: String) -> Result<T, VippsError> {
    Err(VippsError::Invalid(why))
}

/// `^[a-zA-Z0-9-]{8,64}$`; also keeps the reference safe to put in a URL path.
pub fn validate_reference(reference: &str) -> Result<(), VippsError> {
    let ok = (8..=64).contains(&reference.len())
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(())
    } else {
        invalid(format!(
            "payment reference `{reference}` must be 8 to 64 letters, digits or dashes"
        ))
    }
}

fn validate_key(key: &str) -> Result<(), VippsError> {
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return invalid(format!(
            "idempotency key must be 1 to {MAX_IDEMPOTENCY_KEY} printable ASCII characters"
        ));
    }
    Ok(())
}

fn check_amount(m: Money) -> Result<(), VippsError> {
    if !(0..=MAX_AMOUNT).contains(&m.minor) {
        return invalid(format!(
            "amount {} is outside 0 to {MAX_AMOUNT} minor units",
            m.minor
        ));
    }
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModificationBody {
    modification_amount: Amount,
}

impl VippsClient {
    /// Create a push payment. Never retried without its key; always retried with the same one.
    pub async fn create_payment(
        &self,
        req: &CreatePayment,
        idempotency_key: &str,
    ) -> Result<CreatedPayment, VippsError> {
        req.validate()?;
        validate_key(idempotency_key)?;
        let body = req.to_json()?;
        self.execute(Call {
            method: Method::POST,
            target: "/epayment/v1/payments".into(),
            auth: Auth::Platform,
            body: Body::Json(body),
            idempotency_key: Some(idempotency_key),
            repeatable: true,
        })
        .await?
        .json()
    }

    /// The payment's state and totals.
    pub async fn get_payment(&self, reference: &str) -> Result<Payment, VippsError> {
        validate_reference(reference)?;
        self.get(format!("/epayment/v1/payments/{reference}"))
            .await?
            .json()
    }

    /// The payment's event log, oldest first.
    pub async fn payment_events(&self, reference: &str) -> Result<Vec<PaymentEvent>, VippsError> {
        validate_reference(reference)?;
        self.get(format!("/epayment/v1/payments/{reference}/events"))
            .await?
            .json()
    }

    /// Capture `amount` of an authorized payment.
    pub async fn capture(
        &self,
        reference: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<Modification, VippsError> {
        self.modify(reference, "capture", Some(amount), None, idempotency_key)
            .await
    }

    /// Refund `amount` of what was captured.
    pub async fn refund(
        &self,
        reference: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<Modification, VippsError> {
        self.modify(reference, "refund", Some(amount), None, idempotency_key)
            .await
    }

    /// Cancel. With `transaction_only`, only if not yet authorized (else error code 6060 and
    /// the reservation stays).
    pub async fn cancel(
        &self,
        reference: &str,
        transaction_only: bool,
        idempotency_key: &str,
    ) -> Result<Modification, VippsError> {
        self.modify(
            reference,
            "cancel",
            None,
            Some(transaction_only),
            idempotency_key,
        )
        .await
    }

    async fn modify(
        &self,
        reference: &str,
        action: &str,
        amount: Option<Money>,
        transaction_only: Option<bool>,
        idempotency_key: &str,
    ) -> Result<Modification, VippsError> {
        validate_reference(reference)?;
        validate_key(idempotency_key)?;
        let body = match (amount, transaction_only) {
            (Some(m), _) => {
                check_amount(m)?;
                serde_json::to_vec(&ModificationBody {
                    modification_amount: m.into(),
                })
            }
            (None, Some(true)) => Ok(br#"{"cancelTransactionOnly":true}"#.to_vec()),
            (None, _) => Ok(b"{}".to_vec()),
        }
        .map_err(|e| VippsError::Invalid(e.to_string()))?;
        // The 200 body may be labelled application/problem+json; it is read by shape.
        self.execute(Call {
            method: Method::POST,
            target: format!("/epayment/v1/payments/{reference}/{action}"),
            auth: Auth::Platform,
            body: Body::Json(body),
            idempotency_key: Some(idempotency_key),
            repeatable: true,
        })
        .await?
        .json()
    }

    pub(crate) async fn get(&self, target: String) -> Result<super::client::Answer, VippsError> {
        self.execute(Call {
            method: Method::GET,
            target,
            auth: Auth::Platform,
            body: Body::Empty,
            idempotency_key: None,
            repeatable: true,
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Country, Currency};

    fn req() -> CreatePayment {
        CreatePayment {
            amount: Money::new(32900, Currency::Nok),
            customer: Customer::PhoneNumber(Msisdn::parse("4791234567", Country::Norway).unwrap()),
            reference: "pos-oslo1-20260414-000123".into(),
            description: "Acme Store Oslo, kvittering 000123".into(),
            receipt: None,
            metadata: BTreeMap::new(),
        }
    }

    #[test]
    fn client_side_validation() {
        assert!(req().validate().is_ok());
        for bad in ["short", "has space in it", "ÆØÅæøåÆØÅ", &"x".repeat(65)] {
            let mut r = req();
            r.reference = bad.into();
            assert!(matches!(r.validate(), Err(VippsError::Invalid(_))), "{bad}");
        }
        let mut r = req();
        r.description = "ab".into();
        assert!(r.validate().is_err());
        r.description = "x".repeat(101);
        assert!(r.validate().is_err());
        let mut r = req();
        r.amount = Money::new(MAX_AMOUNT + 1, Currency::Nok);
        assert!(r.validate().is_err());
        let mut r = req();
        r.customer = Customer::PersonalQr("abc".into());
        assert!(r.validate().is_err());
        assert!(validate_key(&"k".repeat(51)).is_err());
        assert!(validate_key("").is_err());
    }
}
