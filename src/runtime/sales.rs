//! The money-moving effects: open the sale and journal the create, build the create request,
//! capture, refund. Each is journalled with its idempotency key before the request leaves and
//! finished after, so a crash in between is found and settled at the next start.

use super::convert::{failure, payment_status, store_failure};
use super::failpoint::{self, hit};
use super::Edges;
use crate::domain::{
    captured_on_close, refund_to_add, Basket, IdempotencyKey, Money, Msisdn, Receipt, Reference,
};
use crate::store::{JournalOp, Outcome, SaleState, Store};
use crate::till::{ApiFailure, Msg, PaymentStatus};
use crate::vipps::{CreatePayment, Customer, VippsError};
use std::collections::BTreeMap;

impl Edges {
    /// The create request, the same every time it is built for this attempt. The ePayment
    /// receipt (order lines) goes only with a payment of the whole basket: a part of a split
    /// tender is not what the lines add up to.
    pub fn create_request(
        &self,
        reference: &str,
        attempt: &str,
        basket: &Basket,
        msisdn: &Msisdn,
        amount: Money,
    ) -> CreatePayment {
        let mut metadata = BTreeMap::new();
        metadata.insert("posId".to_string(), self.pos_id.clone());
        metadata.insert("attempt".to_string(), attempt.to_string());
        let shop: String = self.shop_name.chars().take(60).collect();
        let whole = amount == basket.total();
        CreatePayment {
            amount,
            customer: Customer::PhoneNumber(msisdn.clone()),
            reference: reference.to_string(),
            description: format!("{shop}, {reference}"),
            receipt: whole.then(|| Receipt::from_basket(basket, &self.pos_id, attempt)),
            metadata,
        }
    }

    /// Journal first: the attempt and its create operation are on disk before the request
    /// leaves. The reference holds the installation id (unique per sales unit for good) and
    /// the attempt's number; no receipt number is used up by an attempt.
    pub(super) async fn open_sale(&self, basket: Basket, msisdn: Msisdn, amount: Money) -> Msg {
        let pos = self.pos_id.clone();
        let e = self.clone();
        let result = self
            .db(move |s| -> Result<(String, String), String> {
                let n = s.next_receipt_number(&pos).map_err(|x| x.to_string())?;
                let installation = s.installation_id().map_err(|x| x.to_string())?;
                let reference =
                    Reference::new(&pos, &installation, n).map_err(|x| x.to_string())?;
                let attempt = format!("{n:06}");
                s.create_sale_for(
                    reference.as_str(),
                    &pos,
                    n,
                    Some(&msisdn),
                    &basket,
                    amount.minor,
                )
                .map_err(|x| x.to_string())?;
                let req = e.create_request(reference.as_str(), &attempt, &basket, &msisdn, amount);
                let body = req.to_json().map_err(|x| x.to_string())?;
                s.journal_begin(
                    JournalOp::Create,
                    reference.as_str(),
                    IdempotencyKey::create(&reference).as_str(),
                    &String::from_utf8_lossy(&body),
                )
                .map_err(|x| x.to_string())?;
                Ok((reference.into(), attempt))
            })
            .await
            .and_then(|r| r);
        match result {
            Ok((reference, receipt_number)) => Msg::SaleOpened {
                reference,
                receipt_number,
            },
            Err(reason) => {
                tracing::error!(%reason, "cannot store the sale; no payment request was sent");
                Msg::SaleOpenFailed(reason)
            }
        }
    }

    pub(super) async fn begin_journal(
        &self,
        op: JournalOp,
        reference: &str,
        key: &str,
        body: String,
    ) {
        let (r, k) = (reference.to_string(), key.to_string());
        let result = self
            .db(move |s| {
                s.journal_begin_or_retry(op, &r, &k, &body)
                    .map_err(|x| x.to_string())
            })
            .await
            .and_then(|r| r);
        if let Err(err) = result {
            tracing::error!(%err, op = op.as_str(), "cannot write the journal");
        }
    }

    pub(super) async fn finish_journal<T>(&self, key: &str, result: &Result<T, VippsError>) {
        let outcome = match result {
            Ok(_) => Outcome::Ok,
            Err(x) => Outcome::Error(x.to_string()),
        };
        let k = key.to_string();
        let done = self
            .db(move |s| {
                s.journal_finish_key(&k, &outcome)
                    .map_err(|x| x.to_string())
            })
            .await
            .and_then(|r| r);
        if let Err(err) = done {
            tracing::error!(%err, "cannot finish the journal entry");
        }
    }

    pub async fn capture(
        &self,
        reference: &str,
        amount: Money,
        key: &str,
    ) -> Result<PaymentStatus, ApiFailure> {
        let body = modification_body(amount);
        hit(failpoint::CAPTURE_BEFORE_JOURNAL);
        self.begin_journal(JournalOp::Capture, reference, key, body)
            .await;
        hit(failpoint::CAPTURE_BEFORE_SEND);
        let result = self.client.capture(reference, amount, key).await;
        hit(failpoint::CAPTURE_AFTER_SEND);
        self.finish_journal(key, &result).await;
        hit(failpoint::CAPTURE_BEFORE_STORE);
        let m = result.map_err(|x| failure(&x))?;
        let status = payment_status(&m.state, &m.aggregate);
        let (r, captured) = (reference.to_string(), status.captured);
        self.db(move |s| s.set_captured(&r, captured))
            .await
            .and_then(|r| r.map_err(|x| x.to_string()))
            .map_err(|x| store_failure(&x))?;
        Ok(status)
    }

    pub(super) async fn refund(
        &self,
        reference: &str,
        amount: Money,
        key: &str,
    ) -> Result<PaymentStatus, ApiFailure> {
        let body = modification_body(amount);
        self.begin_journal(JournalOp::Refund, reference, key, body)
            .await;
        hit(failpoint::REFUND_BEFORE_SEND);
        let result = self.client.refund(reference, amount, key).await;
        hit(failpoint::REFUND_AFTER_SEND);
        let m = match result {
            Ok(m) => m,
            Err(x) => {
                let f = failure(&x);
                // A refusal retires the key; a request whose outcome is unknown stays
                // pending, and goes again with this key and body before any new refund
                // (the refund dialog offers it, recovery sends it at the next start).
                if !f.unknown_outcome {
                    self.finish_journal(key, &Err::<(), _>(x)).await;
                }
                return Err(f);
            }
        };
        let status = payment_status(&m.state, &m.aggregate);
        self.record_refund(reference, key, status.refunded, amount.minor)
            .await
            .map_err(|x| store_failure(&x))?;
        Ok(status)
    }

    /// Bring the sale's refunded total up to the API's and only then finish the journal entry:
    /// a crash in between leaves the entry pending, recovery re-sends it with the same key (the
    /// API replays its answer) and lands here again, where nothing is added twice.
    pub(super) async fn record_refund(
        &self,
        reference: &str,
        key: &str,
        api_refunded: i64,
        amount: i64,
    ) -> Result<(), String> {
        let (r, k) = (reference.to_string(), key.to_string());
        self.db(move |s| -> Result<(), crate::store::StoreError> {
            let sale = s
                .sale_by_reference(&r)?
                .ok_or_else(|| crate::store::StoreError::NoSuchSale(r.clone()))?;
            let add = refund_to_add(api_refunded, sale.refunded, amount);
            if add > 0 {
                s.add_refunded(&r, add)?;
            }
            s.journal_finish_key(&k, &Outcome::Ok)
        })
        .await
        .and_then(|r| r.map_err(|x| x.to_string()))
    }
}

/// The journalled body of a capture or refund: what the client sends.
fn modification_body(amount: Money) -> String {
    serde_json::json!({
        "modificationAmount": {"currency": amount.currency.code(), "value": amount.minor}
    })
    .to_string()
}

/// Close a sale in the database in its final state; as captured, with the captured amount the
/// rule in `domain::captured_on_close` gives.
pub(super) fn close_sale(
    s: &mut Store,
    reference: &str,
    state: SaleState,
) -> Result<(), crate::store::StoreError> {
    if state == SaleState::Captured {
        if let Some(sale) = s.sale_by_reference(reference)? {
            return s.set_captured(
                reference,
                captured_on_close(sale.captured, sale.total.minor),
            );
        }
    }
    s.set_sale_state(reference, state)
}
