//! Start-up reconciliation, the runner: every sale the journal left open is asked about at the
//! API and what to do is decided by `till::recovery::plan` (the rules live there); every refund
//! left pending is sent again with its own key and body, so a crash loses no sale and moves no
//! money twice. What was done comes back as data (`Recovered`), worded by `ui::text`.

use super::convert::{failure, payment_status};
use super::effects::Edges;
use crate::config::CaptureMode;
use crate::domain::{Basket, Currency, Money};
use crate::store::{JournalEntry, JournalOp, Outcome, Sale, SaleState, Store};
use crate::till::recovery::{after_cancel, plan, Asked, Ending, Plan, SaleFacts, UnansweredCancel};
use crate::till::{
    cancel_key, ApiCode, ApiFailure, CheckIn, Customer, Membership, Msg, PayStep, Payment,
    PaymentStatus, Recovered, Recovery, SaleSummary,
};

/// Find a finished sale by its receipt number (this till's) or its reference.
pub fn find_sale(s: &Store, pos_id: &str, query: &str) -> Result<SaleSummary, String> {
    let q = query.trim();
    let sale = if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = q
            .parse()
            .map_err(|_| format!("`{q}` is not a receipt number"))?;
        // An issued receipt's number names its Vipps payment; a sale from before receipts
        // were issued is found by its old number.
        match vipps_of_receipt(s, pos_id, n).map_err(|e| e.to_string())? {
            Some(reference) => s.sale_by_reference(&reference),
            None => s.sale_by_receipt_number(pos_id, n),
        }
    } else {
        s.sale_by_reference(q)
    }
    .map_err(|e| e.to_string())?
    .ok_or_else(|| format!("no sale `{q}`"))?;
    let refunds: Vec<JournalEntry> = s
        .journal_for(&sale.reference)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|j| j.op == JournalOp::Refund)
        .collect();
    // Every refund request ever journalled, answered, refused or pending, used up its key:
    // a refused key reused with another amount is a 409 forever.
    let refund_count = refunds.len();
    let pending_refund = refunds
        .iter()
        .find(|j| j.outcome == Outcome::Pending)
        .and_then(|j| Some((j.idempotency_key.clone(), refund_amount(&j.request)?.minor)));
    Ok(SaleSummary {
        receipt_number: format!("{:06}", sale.receipt_number),
        reference: sale.reference,
        total: sale.total,
        captured: sale.captured,
        refunded: sale.refunded,
        refund_count: u32::try_from(refund_count).unwrap_or(u32::MAX),
        pending_refund,
    })
}

/// The Vipps reference of issued sales receipt `n` of this till (real series first).
fn vipps_of_receipt(
    s: &Store,
    pos_id: &str,
    n: u64,
) -> Result<Option<String>, crate::store::StoreError> {
    for training in [false, true] {
        if let Some(r) =
            s.receipt_by_number(pos_id, crate::domain::ReceiptKind::Sale, training, n)?
        {
            let vipps = r.tenders.into_iter().find_map(|t| match t.kind {
                crate::domain::TenderKind::Vipps { reference } => Some(reference),
                _ => None,
            });
            // Paid without Vipps: not the old number of some other sale.
            return Ok(Some(vipps.unwrap_or_default()));
        }
    }
    Ok(None)
}

/// What an earlier run of this till left unfinished.
#[derive(Debug, Default)]
pub struct LeftBehind {
    sales: Vec<Sale>,
    refunds: Vec<JournalEntry>,
}

/// Read what is left behind, at start, before the till can open a sale of its own: a sale
/// this run opens must never be mistaken for one a crash left (its create may not have
/// reached the API yet, and recovery would close it as never sent).
pub fn left_behind(s: &Store, pos_id: &str) -> Result<LeftBehind, crate::store::StoreError> {
    let mut refunds = Vec::new();
    for j in s.pending_operations()? {
        if j.op == JournalOp::Refund && ours(s, pos_id, &j.reference)? {
            refunds.push(j);
        }
    }
    Ok(LeftBehind {
        sales: sales_to_reconcile(s, pos_id)?,
        refunds,
    })
}

/// Whether a journalled reference is a sale of this till: asked of the sale's own row, never
/// read out of the reference (whose format is not recovery's business).
fn ours(s: &Store, pos_id: &str, reference: &str) -> Result<bool, crate::store::StoreError> {
    Ok(s.sale_by_reference(reference)?
        .is_some_and(|sale| sale.pos_id == pos_id))
}

/// Reconcile every sale left open, then re-send the pending refunds. Returns one note per sale
/// or refund for the cashier.
pub async fn recover(edges: &Edges, left: LeftBehind, capture: CaptureMode) -> Vec<Recovered> {
    tracing::info!(sales = left.sales.len(), "recovery: sales to reconcile");
    let mut notes = Vec::new();
    for sale in left.sales {
        notes.push(reconcile_sale(edges, sale, capture).await);
    }
    notes.extend(resend_refunds(edges, left.refunds).await);
    notes
}

/// The sales that are not final, and those closed while one of their requests was still
/// pending in the journal (the core closed the sale from a GET while the request's own answer
/// was on its way when the till died): the API says what that request did.
fn sales_to_reconcile(s: &Store, pos_id: &str) -> Result<Vec<Sale>, crate::store::StoreError> {
    let mut sales = s.open_sales(pos_id)?;
    for j in s.pending_operations()? {
        if j.op == JournalOp::Refund || sales.iter().any(|x| x.reference == j.reference) {
            continue;
        }
        if let Some(sale) = s
            .sale_by_reference(&j.reference)?
            .filter(|sale| sale.pos_id == pos_id)
        {
            sales.push(sale);
        }
    }
    Ok(sales)
}

/// Ask the API, let [`plan`] decide, carry the plan out.
async fn reconcile_sale(edges: &Edges, sale: Sale, capture: CaptureMode) -> Recovered {
    let reference = sale.reference.clone();
    let facts = sale_facts(edges, &sale).await;
    let asked = match edges.client.get_payment(&reference).await {
        Ok(p) => Asked::Status(payment_status(&p.state, &p.aggregate)),
        Err(e) => {
            let f = failure(&e);
            if f.code == Some(ApiCode::NotFound) {
                Asked::NotFound
            } else {
                Asked::Unreachable(f.message)
            }
        }
    };
    let mut step = plan(&facts, &asked, capture);
    // A cancel's answer gives the next plan; a cancel that met an approval becomes a release,
    // so this runs at most twice.
    for _ in 0..3 {
        let Plan::SendCancel {
            key,
            transaction_only,
        } = step
        else {
            break;
        };
        let answer = send_cancel(edges, &reference, &key, transaction_only).await;
        step = after_cancel(&facts, transaction_only, &answer);
    }
    let note = carry_out(edges, &sale, &asked, step).await;
    tracing::info!(%reference, ?note, "recovery: sale reconciled");
    Recovered {
        what: format!("{:06}", sale.receipt_number),
        note,
    }
}

async fn carry_out(edges: &Edges, sale: &Sale, asked: &Asked, step: Plan) -> Recovery {
    let reference = &sale.reference;
    match step {
        Plan::Close {
            ending,
            captured,
            note,
        } => {
            let outcome = match asked {
                Asked::NotFound => {
                    Outcome::Error("not known at Vipps after a restart: never arrived".into())
                }
                _ => Outcome::Ok,
            };
            settle_journal(edges, reference, outcome).await;
            let state = match ending {
                Ending::Captured => SaleState::Captured,
                Ending::Cancelled => SaleState::Cancelled,
                Ending::NoMoney => SaleState::Failed,
            };
            close(edges, reference, state, captured).await;
            note
        }
        Plan::HandOver { settle, note } => {
            if settle {
                // The payment exists, so every create or capture journalled for it reached
                // the API or never will; what each did is now read from the aggregate.
                settle_journal(edges, reference, Outcome::Ok).await;
            }
            match hand_over(edges, sale).await {
                Some(()) => note,
                None => Recovery::NoCustomer,
            }
        }
        Plan::Report(note) => note,
        Plan::SendCancel { .. } => Recovery::CancelFailed {
            reason: "too many cancel attempts".into(),
        },
    }
}

/// What the database knows about the sale that the plan needs.
async fn sale_facts(edges: &Edges, sale: &Sale) -> SaleFacts {
    let r = sale.reference.clone();
    let entries = edges
        .db(move |s| s.journal_for(&r))
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    SaleFacts {
        total: sale.total,
        has_customer: sale.customer.is_some(),
        unanswered_cancel: unanswered_cancel(&entries),
        release_key: cancel_key(&sale.reference, false),
    }
}

/// The cashier's last cancel or release that never got a yes from the API, unless a capture
/// was journalled after it (the cashier changed their mind and took the money).
fn unanswered_cancel(entries: &[JournalEntry]) -> Option<UnansweredCancel> {
    let last_cancel = entries
        .iter()
        .filter(|j| j.op == JournalOp::Cancel)
        .max_by_key(|j| j.id)?;
    let captured_later = entries
        .iter()
        .any(|j| j.op == JournalOp::Capture && j.id > last_cancel.id);
    if last_cancel.outcome == Outcome::Ok || captured_later {
        return None;
    }
    let body: serde_json::Value = serde_json::from_str(&last_cancel.request).ok()?;
    Some(UnansweredCancel {
        key: last_cancel.idempotency_key.clone(),
        transaction_only: body
            .get("cancelTransactionOnly")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(true),
    })
}

/// Send a cancel or release with its key, journalled like a live one.
async fn send_cancel(
    edges: &Edges,
    reference: &str,
    key: &str,
    transaction_only: bool,
) -> Result<PaymentStatus, ApiFailure> {
    let body = format!("{{\"cancelTransactionOnly\":{transaction_only}}}");
    edges
        .begin_journal(JournalOp::Cancel, reference, key, body)
        .await;
    let result = edges.client.cancel(reference, transaction_only, key).await;
    let f = result.as_ref().err().map(failure);
    match &f {
        // Not known whether it landed: the entry stays pending, and the next start asks.
        Some(f) if f.unknown_outcome => {}
        _ => edges.finish_journal(key, &result).await,
    }
    result
        .map(|m| payment_status(&m.state, &m.aggregate))
        .map_err(|x| failure(&x))
}

/// Hand a sale whose end is not known yet (or that waits for its capture) to the core, which
/// polls it to its end in the background: it captures in auto mode, like a live sale, and
/// waits for the cashier in confirm mode. `None` when there is no customer to hand it with.
async fn hand_over(edges: &Edges, sale: &Sale) -> Option<()> {
    let msisdn = sale.customer.clone()?;
    let m = msisdn.clone();
    // Who the customer was: a member is shown as one after the restart too.
    let membership = match edges.db(move |s| s.member_by_msisdn(&m)).await {
        Ok(Ok(Some(member))) => Membership::Member { name: member.name },
        Ok(Ok(None)) => Membership::NotMember,
        Ok(Err(e)) => Membership::Unknown {
            reason: e.to_string(),
        },
        Err(e) => Membership::Unknown { reason: e },
    };
    let mut basket = Basket::new(sale.total.currency);
    basket.lines = sale.lines.clone();
    let payment = Payment {
        reference: sale.reference.clone(),
        receipt_number: format!("{:06}", sale.receipt_number),
        customer: Customer {
            msisdn,
            membership,
            checkin: CheckIn::NotSent,
        },
        amount: sale.total,
        basket,
        step: PayStep::Waiting,
        expires_at_ms: 0,
        poll_token: 0,
        captured: sale.captured,
    };
    let _ = edges.tx.send(Msg::Resume(payment));
    Some(())
}

/// Finish the journal entries of a reconciled sale that a crash left pending (refunds have
/// their own path: they are sent again).
async fn settle_journal(edges: &Edges, reference: &str, outcome: Outcome) {
    let r = reference.to_string();
    let result = edges
        .db(move |s| -> Result<(), crate::store::StoreError> {
            for j in s.journal_for(&r)? {
                if j.outcome == Outcome::Pending && j.op != JournalOp::Refund {
                    s.journal_finish(j.id, &outcome)?;
                }
            }
            Ok(())
        })
        .await;
    if !matches!(result, Ok(Ok(()))) {
        tracing::error!(%reference, "recovery: cannot settle the journal");
    }
}

/// A refund the till died during: sent again with the same key and body, so the API either
/// does it now or replays the answer to the first attempt; either way it happens once.
async fn resend_refunds(edges: &Edges, pending: Vec<JournalEntry>) -> Vec<Recovered> {
    let mut notes = Vec::new();
    for entry in pending {
        let note = resend_refund(edges, &entry).await;
        tracing::info!(reference = %entry.reference, ?note, "recovery: refund re-sent");
        notes.push(Recovered {
            what: entry.reference.clone(),
            note,
        });
    }
    notes
}

async fn resend_refund(edges: &Edges, entry: &JournalEntry) -> Recovery {
    let reference = &entry.reference;
    let Some(amount) = refund_amount(&entry.request) else {
        return Recovery::RefundUnreadable;
    };
    let key = &entry.idempotency_key;
    match edges.client.refund(reference, amount, key).await {
        Ok(m) => {
            let refunded = payment_status(&m.state, &m.aggregate).refunded;
            match edges
                .record_refund(reference, key, refunded, amount.minor)
                .await
            {
                Ok(()) => Recovery::RefundDone { amount },
                Err(reason) => Recovery::RefundNotSaved { amount, reason },
            }
        }
        Err(e) => {
            let f = failure(&e);
            if f.unknown_outcome {
                Recovery::RefundUnconfirmed {
                    amount,
                    reason: f.message,
                }
            } else {
                let outcome = Outcome::Error(f.message.clone());
                let k = key.clone();
                if !matches!(
                    edges.db(move |s| s.journal_finish_key(&k, &outcome)).await,
                    Ok(Ok(()))
                ) {
                    tracing::error!(%reference, "recovery: cannot finish the refund's entry");
                }
                Recovery::RefundRefused {
                    amount,
                    reason: f.message,
                }
            }
        }
    }
}

/// The amount in a journalled refund body, `{"modificationAmount":{"currency","value"}}`.
fn refund_amount(request: &str) -> Option<Money> {
    let v: serde_json::Value = serde_json::from_str(request).ok()?;
    let m = v.get("modificationAmount")?;
    let currency = Currency::from_code(m.get("currency")?.as_str()?)?;
    let value = m.get("value")?.as_i64()?;
    (value > 0).then(|| Money::new(value, currency))
}

async fn close(edges: &Edges, reference: &str, state: SaleState, captured: Option<i64>) {
    let r = reference.to_string();
    let result = edges
        .db(move |s| {
            if let Some(c) = captured {
                s.set_captured(&r, c)?;
            }
            s.set_sale_state(&r, state)
        })
        .await;
    if !matches!(result, Ok(Ok(()))) {
        tracing::error!(%reference, "recovery: cannot close the sale in the database");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Basket, Currency, Gtin, Line, Quantity, VatRate};

    /// 17.6: a refused refund retires its key. The next refund of the sale, for any amount,
    /// gets a number no earlier request used, so it is never a 409 for a reused key.
    #[test]
    fn a_refused_refund_uses_up_its_key_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("kasse.sqlite")).unwrap();
        let mut basket = Basket::new(Currency::Nok);
        basket.add(Line {
            gtin: Gtin::parse("7038010009457").unwrap(),
            name: "Lettmelk".into(),
            unit_price: 2490,
            quantity: Quantity::Pieces(1),
            discount: 0,
            percent: None,
            vat: VatRate::from_basis_points(1500).unwrap(),
        });
        let n = store.next_receipt_number("till1").unwrap();
        store
            .create_sale("till1-000001", "till1", n, None, &basket)
            .unwrap();
        store.set_captured("till1-000001", 2490).unwrap();
        assert_eq!(find_sale(&store, "till1", "1").unwrap().refund_count, 0);
        let id = store
            .journal_begin(
                JournalOp::Refund,
                "till1-000001",
                "till1-000001-refund-1",
                r#"{"modificationAmount":{"value":2490,"currency":"NOK"}}"#,
            )
            .unwrap();
        store
            .journal_finish(id, &Outcome::Error("6150 already refunded".into()))
            .unwrap();
        let sale = find_sale(&store, "till1", "000001").unwrap();
        assert_eq!(sale.refund_count, 1);
        assert_eq!(sale.pending_refund, None);
        // One sent without an answer is offered again as it was, key and amount.
        store
            .journal_begin(
                JournalOp::Refund,
                "till1-000001",
                "till1-000001-refund-2",
                r#"{"modificationAmount":{"value":500,"currency":"NOK"}}"#,
            )
            .unwrap();
        let sale = find_sale(&store, "till1", "000001").unwrap();
        assert_eq!(sale.refund_count, 2);
        assert_eq!(
            sale.pending_refund,
            Some(("till1-000001-refund-2".to_string(), 500))
        );
    }

    /// Which till a journalled request belongs to is read from its sale, not its reference:
    /// a reference in any format (an installation id first, say) is still found, and another
    /// till's is left alone even when it looks like ours.
    #[test]
    fn left_behind_asks_the_sale_row_whose_request_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.sqlite")).unwrap();
        let basket = Basket::new(Currency::Nok);
        for (reference, pos, n) in [
            ("inst7-till1-000001", "till1", 1),
            ("till1-000002", "till9", 2),
        ] {
            s.create_sale(reference, pos, n, None, &basket).unwrap();
            s.set_sale_state(reference, SaleState::Captured).unwrap();
            let body = r#"{"modificationAmount":{"currency":"NOK","value":100}}"#;
            s.journal_begin(
                JournalOp::Refund,
                reference,
                &format!("{reference}-r"),
                body,
            )
            .unwrap();
        }
        let left = left_behind(&s, "till1").unwrap();
        let refunds: Vec<&str> = left.refunds.iter().map(|j| j.reference.as_str()).collect();
        assert_eq!(refunds, ["inst7-till1-000001"]);
    }
}
