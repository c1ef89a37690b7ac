//! Runs the core's effects at the edges: each on its own task, the database on the blocking
//! pool, the answer sent back as a `Msg`. Nothing here runs on the render path.

use super::convert::{failure, payment_status, store_failure};
use super::failpoint::{self, hit};
use crate::domain::{Basket, Money, Msisdn, Receipt};
use crate::sim::Sim;
use crate::store::{JournalOp, Outcome, SaleState, Store};
use crate::till::{ApiFailure, DemoScan, Effect, EnrolPoll, Msg, PaymentStatus, PhoneRequest};
use crate::vipps::{CreatePayment, Customer, LoginPoll, VippsClient, VippsError};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// The edges the effects need; cheap to clone into tasks.
#[derive(Clone)]
pub struct Edges {
    pub store: Arc<Mutex<Store>>,
    pub client: VippsClient,
    pub tx: UnboundedSender<Msg>,
    pub pos_id: String,
    pub shop_name: String,
    /// Demo mode: the simulator that plays the customer's phone.
    pub sim: Option<Sim>,
    pub demo_products: Arc<Vec<String>>,
}

impl Edges {
    /// Run a closure on the store, on the blocking pool.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> T + Send + 'static,
    ) -> Result<T, String> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = store
                .lock()
                .map_err(|_| "the database lock is poisoned".to_string())?;
            Ok(f(&mut guard))
        })
        .await
        .map_err(|e| format!("database task failed: {e}"))?
    }

    fn send(&self, msg: Msg) {
        // The loop is gone only when the till is shutting down.
        let _ = self.tx.send(msg);
    }

    fn spawn(&self, fut: impl Future<Output = Option<Msg>> + Send + 'static) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(msg) = fut.await {
                let _ = tx.send(msg);
            }
        });
    }

    pub fn run(&self, effect: Effect) {
        let e = self.clone();
        match effect {
            Effect::ExchangeQr(raw) => self.spawn(async move {
                let result = e.client.exchange_qr(&raw).await.map_err(|x| failure(&x));
                Some(Msg::QrExchanged { raw, result })
            }),
            Effect::LookupMember(msisdn) => self.spawn(async move {
                let m = msisdn.clone();
                let result = e
                    .db(move |s| s.member_by_msisdn(&m).map_err(|x| x.to_string()))
                    .await
                    .and_then(|r| r);
                Some(Msg::MemberLooked { msisdn, result })
            }),
            Effect::CheckIn { msisdn } => self.spawn(async move {
                let result = e
                    .client
                    .check_in(&msisdn, true)
                    .await
                    .map(|_| ())
                    .map_err(|x| failure(&x));
                if let Err(f) = &result {
                    tracing::warn!(reason = %f.message, "check-in failed (the sale goes on)");
                }
                Some(Msg::CheckedIn { msisdn, result })
            }),
            Effect::LookupProduct(code) => self.spawn(async move {
                let c = code.clone();
                let result = e
                    .db(move |s| s.product_by_gtin(&c).map_err(|x| x.to_string()))
                    .await
                    .and_then(|r| r);
                Some(Msg::ProductLooked { code, result })
            }),
            Effect::SearchProducts(query) => self.spawn(async move {
                let q = query.clone();
                let result = e
                    .db(move |s| s.search_products(&q, 20).map_err(|x| x.to_string()))
                    .await
                    .and_then(|r| r);
                Some(Msg::SearchDone { query, result })
            }),
            Effect::StartEnrol {
                msisdn,
                binding_message,
                scopes,
            } => self.spawn(async move {
                let result = e
                    .client
                    .start_login(&msisdn, &scopes, Some(&binding_message))
                    .await
                    .map(|s| (s.auth_req_id, s.expires_in, s.interval))
                    .map_err(|x| failure(&x));
                Some(Msg::EnrolStarted { msisdn, result })
            }),
            Effect::PollEnrol {
                auth_req_id,
                msisdn,
                after_ms,
            } => self.spawn(async move {
                tokio::time::sleep(Duration::from_millis(after_ms)).await;
                let result = e.poll_enrol(&auth_req_id, msisdn).await;
                Some(Msg::EnrolPolled {
                    auth_req_id,
                    result,
                })
            }),
            Effect::OpenSale { basket, msisdn } => {
                self.spawn(async move { Some(e.open_sale(basket, msisdn).await) })
            }
            Effect::CreatePayment {
                reference,
                idempotency_key,
                receipt_number,
                basket,
                msisdn,
            } => self.spawn(async move {
                let req = e.create_request(&reference, &receipt_number, &basket, &msisdn);
                hit(failpoint::CREATE_BEFORE_SEND);
                let result = e
                    .client
                    .create_payment(&req, &idempotency_key)
                    .await
                    .map(|_| ());
                hit(failpoint::CREATE_AFTER_SEND);
                e.finish_journal(&idempotency_key, &result).await;
                Some(Msg::PaymentCreated {
                    reference,
                    result: result.map_err(|x| failure(&x)),
                })
            }),
            Effect::PollPayment {
                reference,
                after_ms,
                poll,
            } => self.spawn(async move {
                tokio::time::sleep(Duration::from_millis(after_ms)).await;
                Some(Msg::PollDue { reference, poll })
            }),
            Effect::FetchPayment { reference, poll } => self.spawn(async move {
                let result = e
                    .client
                    .get_payment(&reference)
                    .await
                    .map(|p| payment_status(&p.state, &p.aggregate))
                    .map_err(|x| failure(&x));
                Some(Msg::PaymentStatus {
                    reference,
                    poll,
                    result,
                })
            }),
            Effect::Capture {
                reference,
                amount,
                idempotency_key,
            } => self.spawn(async move {
                let result = e.capture(&reference, amount, &idempotency_key).await;
                Some(Msg::Captured { reference, result })
            }),
            Effect::Cancel {
                reference,
                transaction_only,
                idempotency_key,
            } => self.spawn(async move {
                let body = format!("{{\"cancelTransactionOnly\":{transaction_only}}}");
                e.begin_journal(JournalOp::Cancel, &reference, &idempotency_key, body)
                    .await;
                hit(failpoint::CANCEL_BEFORE_SEND);
                let result = e
                    .client
                    .cancel(&reference, transaction_only, &idempotency_key)
                    .await;
                hit(failpoint::CANCEL_AFTER_SEND);
                e.finish_journal(&idempotency_key, &result).await;
                let result = result
                    .map(|m| payment_status(&m.state, &m.aggregate))
                    .map_err(|x| failure(&x));
                Some(Msg::Cancelled { reference, result })
            }),
            Effect::CloseSale { reference, outcome } => self.spawn(async move {
                let state = match outcome.as_str() {
                    "captured" => SaleState::Captured,
                    "cancelled" | "released" => SaleState::Cancelled,
                    _ => SaleState::Failed,
                };
                let r = reference.clone();
                if let Err(err) = e
                    .db(move |s| close_sale(s, &r, state).map_err(|x| x.to_string()))
                    .await
                    .and_then(|r| r)
                {
                    tracing::error!(%reference, %err, "cannot close the sale in the database");
                }
                None
            }),
            Effect::FindSale(query) => self.spawn(async move {
                let pos = e.pos_id.clone();
                let found = e
                    .db(move |s| super::recovery::find_sale(s, &pos, &query))
                    .await;
                Some(Msg::SaleFound(found.and_then(|r| r)))
            }),
            Effect::Refund {
                reference,
                amount,
                idempotency_key,
            } => self.spawn(async move {
                let result = e.refund(&reference, amount, &idempotency_key).await;
                Some(Msg::Refunded {
                    reference,
                    amount,
                    result,
                })
            }),
            Effect::DemoScan(kind) => self.demo_scan(kind),
            Effect::DemoPhone { approve, request } => self.demo_phone(approve, request),
        }
    }

    async fn poll_enrol(&self, auth_req_id: &str, msisdn: Msisdn) -> EnrolPoll {
        let token = match self.client.poll_login(auth_req_id).await {
            Ok(LoginPoll::Pending) => return EnrolPoll::Pending,
            Ok(LoginPoll::SlowDown | LoginPoll::RateLimited { .. }) => return EnrolPoll::SlowDown,
            Ok(LoginPoll::Denied) => return EnrolPoll::Denied,
            Ok(LoginPoll::Expired) => return EnrolPoll::Expired,
            Ok(LoginPoll::Token(t)) => t,
            Err(x) if x.is_retryable() => return EnrolPoll::Pending,
            Err(x) => return EnrolPoll::Failed(x.to_string()),
        };
        let info = match self.client.userinfo(&token.access_token).await {
            Ok(i) => i,
            Err(x) => return EnrolPoll::Failed(x.to_string()),
        };
        let member = super::convert::member_from_userinfo(msisdn, info);
        let m = member.clone();
        match self
            .db(move |s| s.upsert_member(&m).map_err(|x| x.to_string()))
            .await
            .and_then(|r| r)
        {
            Ok(()) => {
                tracing::info!(member = %member.msisdn.masked(), "enrolled a new member");
                EnrolPoll::Enrolled(member)
            }
            Err(err) => EnrolPoll::Failed(err),
        }
    }

    /// The create request, the same every time it is built for this sale.
    pub fn create_request(
        &self,
        reference: &str,
        receipt_number: &str,
        basket: &Basket,
        msisdn: &Msisdn,
    ) -> CreatePayment {
        let mut metadata = BTreeMap::new();
        metadata.insert("posId".to_string(), self.pos_id.clone());
        metadata.insert("receiptNumber".to_string(), receipt_number.to_string());
        let shop: String = self.shop_name.chars().take(60).collect();
        CreatePayment {
            amount: basket.total(),
            customer: Customer::PhoneNumber(msisdn.clone()),
            reference: reference.to_string(),
            description: format!("{shop}, kvittering {receipt_number}"),
            receipt: Some(Receipt::from_basket(basket, &self.pos_id, receipt_number)),
            metadata,
        }
    }

    /// Journal first: the sale and the create operation are on disk before the request leaves.
    async fn open_sale(&self, basket: Basket, msisdn: Msisdn) -> Msg {
        let pos = self.pos_id.clone();
        let e = self.clone();
        let result = self
            .db(move |s| -> Result<(String, String), String> {
                let n = s.next_receipt_number(&pos).map_err(|x| x.to_string())?;
                let number = format!("{n:06}");
                let reference = format!("{pos}-{number}");
                s.create_sale(&reference, &pos, n, Some(&msisdn), &basket)
                    .map_err(|x| x.to_string())?;
                let req = e.create_request(&reference, &number, &basket, &msisdn);
                let body = req.to_json().map_err(|x| x.to_string())?;
                s.journal_begin(
                    JournalOp::Create,
                    &reference,
                    &format!("{reference}-create"),
                    &String::from_utf8_lossy(&body),
                )
                .map_err(|x| x.to_string())?;
                Ok((reference, number))
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

    async fn begin_journal(&self, op: JournalOp, reference: &str, key: &str, body: String) {
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

    async fn finish_journal<T>(&self, key: &str, result: &Result<T, VippsError>) {
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
        let body = format!(
            "{{\"modificationAmount\":{{\"currency\":\"{}\",\"value\":{}}}}}",
            amount.currency.code(),
            amount.minor
        );
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

    async fn refund(
        &self,
        reference: &str,
        amount: Money,
        key: &str,
    ) -> Result<PaymentStatus, ApiFailure> {
        let body = format!(
            "{{\"modificationAmount\":{{\"currency\":\"{}\",\"value\":{}}}}}",
            amount.currency.code(),
            amount.minor
        );
        self.begin_journal(JournalOp::Refund, reference, key, body)
            .await;
        hit(failpoint::REFUND_BEFORE_SEND);
        let result = self.client.refund(reference, amount, key).await;
        hit(failpoint::REFUND_AFTER_SEND);
        let m = match result {
            Ok(m) => m,
            Err(x) => {
                let f = failure(&x);
                self.finish_journal(key, &Err::<(), _>(x)).await;
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
            // `refundedAmount` is required in the aggregate; zero after a successful refund
            // means an answer without it, and then the amount asked for is what moved.
            let add = if api_refunded > 0 {
                api_refunded - sale.refunded
            } else {
                amount
            };
            if add > 0 {
                s.add_refunded(&r, add)?;
            }
            s.journal_finish_key(&k, &Outcome::Ok)
        })
        .await
        .and_then(|r| r.map_err(|x| x.to_string()))
    }

    fn demo_scan(&self, kind: DemoScan) {
        let Some(sim) = &self.sim else { return };
        let users = sim.users();
        let payload = match kind {
            // The first demo member shows the clear-text Vipps code; a guest shows a tokenized
            // one, so the QR exchange is seen working too.
            DemoScan::Member => users.first().map(|u| u.qr_clear_text.clone()),
            DemoScan::Guest => users
                .iter()
                .skip(2)
                .find(|u| !u.old_app)
                .map(|u| u.qr_tokenized.clone()),
            DemoScan::Product => {
                let i = fastrand::usize(..self.demo_products.len().max(1));
                self.demo_products.get(i).cloned()
            }
        };
        if let Some(payload) = payload {
            self.send(Msg::Scan { payload });
        }
    }

    fn demo_phone(&self, approve: bool, request: PhoneRequest) {
        let Some(sim) = &self.sim else { return };
        let result = match (&request, approve) {
            (PhoneRequest::Payment { reference, .. }, true) => sim.approve_payment(reference),
            (PhoneRequest::Payment { reference, .. }, false) => sim.reject_payment(reference),
            (PhoneRequest::Login { auth_req_id, .. }, true) => sim.consent_login(auth_req_id),
            (PhoneRequest::Login { auth_req_id, .. }, false) => sim.deny_login(auth_req_id),
        };
        if let Err(err) = result {
            tracing::warn!(%err, "demo phone action refused");
        }
    }
}

/// Close a sale in the database. The core closes a sale as captured only once the API shows
/// the whole amount captured, and that may be learnt from a GET rather than from the capture's
/// own answer (lost to a timeout or a crash): the captured amount is recorded here too, or a
/// later refund would find nothing to give back.
fn close_sale(
    s: &mut Store,
    reference: &str,
    state: SaleState,
) -> Result<(), crate::store::StoreError> {
    if state == SaleState::Captured {
        if let Some(sale) = s.sale_by_reference(reference)? {
            return s.set_captured(reference, sale.captured.max(sale.total.minor));
        }
    }
    s.set_sale_state(reference, state)
}
