//! A payment as Vipps MobilePay reports it: amounts, states, events and modification results.
//!
//! Answers may carry values and fields newer than this code: unknown states and event names
//! are kept as `Other`, unknown fields are ignored.

use crate::domain::{Currency, Money};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// An amount as the API writes it. The currency stays a string so that an unexpected one in
/// an answer is shown, not a decoding failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    pub currency: String,
    pub value: i64,
}

impl From<Money> for Amount {
    fn from(m: Money) -> Self {
        Amount {
            currency: m.currency.code().to_string(),
            value: m.minor,
        }
    }
}

impl Amount {
    /// As kasse money, if the currency is one kasse knows.
    pub fn to_money(&self) -> Option<Money> {
        Currency::from_code(&self.currency).map(|c| Money::new(self.value, c))
    }
}

/// The create answer; `redirect_url` is absent for push payments.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedPayment {
    pub reference: String,
    #[serde(default)]
    pub redirect_url: Option<String>,
}

macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = concat!("`", $text, "`")] $variant,)*
            /// A value this version of kasse does not know yet.
            Other(String),
        }
        impl $name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $text,)* $name::Other(s) => s }
            }
            /// Any string, unknown ones kept as `Other`.
            pub fn parse(s: &str) -> Self {
                match s { $($text => $name::$variant,)* other => $name::Other(other.to_string()) }
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(|s| $name::parse(&s))
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

open_enum!(
    /// The payment's state; it never changes after `AUTHORIZED`.
    PaymentState {
        Created = "CREATED",
        Authorized = "AUTHORIZED",
        Aborted = "ABORTED",
        Expired = "EXPIRED",
        Terminated = "TERMINATED",
    }
);

open_enum!(
    /// An event of the payment (event log and webhooks).
    EventName {
        Created = "CREATED",
        Authorized = "AUTHORIZED",
        Aborted = "ABORTED",
        Expired = "EXPIRED",
        Cancelled = "CANCELLED",
        Captured = "CAPTURED",
        Refunded = "REFUNDED",
        Terminated = "TERMINATED",
    }
);

impl PaymentState {
    /// Polling stops at these.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            PaymentState::Authorized
                | PaymentState::Aborted
                | PaymentState::Expired
                | PaymentState::Terminated
        )
    }
}

/// The running totals; "captured", "refunded" etc. are read from here, not from `state`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Aggregate {
    pub authorized_amount: Amount,
    pub cancelled_amount: Amount,
    pub captured_amount: Amount,
    #[serde(default)]
    pub refunded_amount: Option<Amount>,
}

/// `GET /epayment/v1/payments/{reference}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub aggregate: Aggregate,
    pub amount: Amount,
    pub state: PaymentState,
    pub psp_reference: String,
    pub reference: String,
    #[serde(default)]
    pub redirect_url: Option<String>,
    #[serde(default)]
    pub metadata: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub profile: Option<Profile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
/// The user's profile as shared with the payment (`sub` only with profile sharing).
pub struct Profile {
    #[serde(default)]
    pub sub: Option<String>,
}

/// One event, from the event log or a webhook (which adds `msn`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentEvent {
    #[serde(default)]
    pub msn: Option<String>,
    pub reference: String,
    pub psp_reference: String,
    pub name: EventName,
    pub amount: Amount,
    pub timestamp: String,
    #[serde(default)]
    pub idempotency_key: Option<String>,
    pub success: bool,
}

/// The answer to capture, cancel and refund.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Modification {
    pub amount: Amount,
    pub state: PaymentState,
    pub aggregate: Aggregate,
    pub psp_reference: String,
    pub reference: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_states_and_events_are_kept() {
        let s: PaymentState = serde_json::from_str(r#""PARTIALLY_DONE""#).unwrap();
        assert_eq!(s, PaymentState::Other("PARTIALLY_DONE".into()));
        assert!(!s.is_final());
        let e: EventName = serde_json::from_str(r#""CAPTURED""#).unwrap();
        assert_eq!(e, EventName::Captured);
        assert_eq!(e.as_str(), "CAPTURED");
    }
}
