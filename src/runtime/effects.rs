//! Runs the core's effects at the edges: each on its own task, the database on the blocking
//! pool, the answer sent back as a `Msg`. Nothing here runs on the render path.

use super::convert::{failure, payment_status};
use super::failpoint::{self, hit};
use super::sales::close_sale;
use crate::domain::Msisdn;
use crate::sim::Sim;
use crate::store::{JournalOp, SaleState, Store};
use crate::till::{Effect, EnrolPoll, EnrolStart, Msg, SaleOutcome};
use crate::vipps::{LoginPoll, VippsClient};
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
    /// Training mode (demo): receipts in the training series.
    pub training: bool,
    /// The newest held-basket write made; an older one arriving late is dropped.
    pub held_seq: Arc<std::sync::atomic::AtomicU64>,
    /// The receipt printer's task; `None` when no printer is configured.
    pub printer: Option<crate::printer::PrinterHandle>,
    /// The market, for the local time printed on receipts.
    pub country: crate::domain::Country,
    /// The shared club, when `[club]` is configured; `None`: the till's own members.
    pub club: Option<crate::club::sync::ClubLink>,
    /// The electronic journal and its signing key: every receipt and event goes in.
    pub books: Arc<crate::books::Books>,
    /// Whom the X and Z reports are made for, in which language, on paper how wide.
    pub company: crate::books::Company,
    pub language: crate::config::Language,
    pub paper_columns: usize,
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

    pub(super) fn send(&self, msg: Msg) {
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
                Some(Msg::QrExchanged { result })
            }),
            Effect::LookupMember(msisdn) => self.spawn(async move {
                let m = msisdn.clone();
                let mut result = e
                    .db(move |s| s.member_by_msisdn(&m).map_err(|x| x.to_string()))
                    .await
                    .and_then(|r| r);
                // The cache answers first; only a miss asks the club, briefly.
                if let (Ok(None), Some(club)) = (&result, &e.club) {
                    result = Ok(club.lookup_miss(&e.store, &msisdn).await);
                }
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
                    .map(|s| EnrolStart {
                        auth_req_id: s.auth_req_id,
                        expires_in_s: s.expires_in,
                        interval_s: s.interval,
                    })
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
            Effect::OpenSale {
                basket,
                msisdn,
                amount,
            } => self.spawn(async move { Some(e.open_sale(basket, msisdn, amount).await) }),
            Effect::CreatePayment {
                reference,
                idempotency_key,
                receipt_number,
                basket,
                msisdn,
                amount,
            } => self.spawn(async move {
                let req = e.create_request(&reference, &receipt_number, &basket, &msisdn, amount);
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
                let state = match outcome {
                    SaleOutcome::Captured => SaleState::Captured,
                    SaleOutcome::Cancelled | SaleOutcome::Released => SaleState::Cancelled,
                    SaleOutcome::Failed | SaleOutcome::Aborted | SaleOutcome::Expired => {
                        SaleState::Failed
                    }
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
                    .await
                    .and_then(|r| r);
                if let Err(reason) = &found {
                    tracing::info!(%reason, "refund: sale not found");
                }
                Some(Msg::SaleFound(found))
            }),
            Effect::FetchRefundable { reference } => self.spawn(async move {
                let result = e
                    .client
                    .get_payment(&reference)
                    .await
                    .map(|p| payment_status(&p.state, &p.aggregate))
                    .map_err(|x| failure(&x));
                Some(Msg::RefundableChecked { reference, result })
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
            Effect::IssueReceipt { draft, foreground } => self.spawn(async move {
                Some(Msg::ReceiptIssued {
                    foreground,
                    result: e.issue(*draft).await,
                })
            }),
            Effect::KeepParked { id, lines, msisdn } => self.spawn(async move {
                let pos = e.pos_id.clone();
                let done = e
                    .db(move |s| {
                        s.keep_parked(&pos, id, &lines, msisdn.as_ref().map(|m| m.as_str()))
                            .map_err(|x| x.to_string())
                    })
                    .await
                    .and_then(|r| r);
                if let Err(err) = done {
                    tracing::error!(%err, id, "cannot keep the parked basket");
                }
                None
            }),
            Effect::DropParked(id) => self.spawn(async move {
                let pos = e.pos_id.clone();
                let done = e
                    .db(move |s| s.drop_parked(&pos, id).map_err(|x| x.to_string()))
                    .await
                    .and_then(|r| r);
                if let Err(err) = done {
                    tracing::error!(%err, id, "cannot drop the resumed basket");
                }
                None
            }),
            Effect::Journal(event) => self.spawn(async move {
                e.till_event(event).await;
                None
            }),
            Effect::FindReceipt { pos_id, number } => {
                self.spawn(
                    async move { Some(Msg::ReceiptFound(e.find_receipt(pos_id, number).await)) },
                )
            }
            Effect::HoldBasket { seq, basket } => self.spawn(async move {
                let (pos, newest) = (e.pos_id.clone(), e.held_seq.clone());
                let written = e
                    .db(move |s| {
                        // Under the store's lock, so the check and the write are one step.
                        use std::sync::atomic::Ordering;
                        if newest.load(Ordering::SeqCst) > seq {
                            return Ok(());
                        }
                        newest.store(seq, Ordering::SeqCst);
                        s.hold_basket(&pos, &basket)
                    })
                    .await;
                if !matches!(written, Ok(Ok(()))) {
                    tracing::error!("cannot keep the unpaid basket in the database");
                }
                None
            }),
            Effect::PrintCopy { receipt, cashier } => {
                self.spawn(async move { Some(e.print_copy(*receipt, cashier).await) })
            }
            Effect::PrintReceipt(_) | Effect::OpenDrawer(_) | Effect::WithdrawReceipt { .. } => {
                self.run_printing(effect)
            }
            Effect::DemoScan(kind) => self.demo_scan(kind),
            Effect::DemoPhone { approve, request } => self.demo_phone(approve, request),
            // The terminal's event loop rings it (`runtime::ring`); headless has no bell.
            Effect::Bell => tracing::debug!("bell"),
            Effect::CheckPin { id, pin } => {
                self.spawn(async move { Some(e.check_pin(id, pin).await) })
            }
            Effect::TakeReport {
                kind,
                cashier,
                print,
            } => self.spawn(async move { Some(e.take_report(kind, cashier, print).await) }),
            Effect::JournalAs { cashier, event } => self.spawn(async move {
                e.till_event_by(cashier, event).await;
                None
            }),
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
        let shared = self.club.is_some();
        let written = self
            .db(move |s| {
                if shared {
                    // The member's row and its way to the club, in one transaction.
                    let body = serde_json::to_string(&crate::club::wire::WireMember::from(&m))
                        .map_err(|x| x.to_string())?;
                    let key = uuid::Uuid::new_v4().to_string();
                    s.enrol_with_outbox(&m, &key, &body)
                        .map_err(|x| x.to_string())
                } else {
                    s.upsert_member(&m).map_err(|x| x.to_string())
                }
            })
            .await
            .and_then(|r| r);
        if let (Ok(()), Some(club)) = (&written, &self.club) {
            club.nudge();
        }
        match written {
            Ok(()) => {
                tracing::info!(member = %member.msisdn.masked(), "enrolled a new member");
                EnrolPoll::Enrolled(member)
            }
            Err(err) => EnrolPoll::Failed(err),
        }
    }
}
