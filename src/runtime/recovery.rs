//! Start-up reconciliation: every sale the journal left open is asked about at the API and
//! finished, and every refund left pending is sent again with its own key and body, so a crash
//! loses no sale and moves no money twice.

use super::convert::{failure, payment_status};
use super::effects::Edges;
use crate::domain::{Basket, Currency, Money};
use crate::store::{JournalEntry, JournalOp, Outcome, Sale, SaleState, Store};
use crate::till::{
    capture_key, CheckIn, Customer, Membership, Msg, PayState, PayStep, Payment, SaleSummary,
    CODE_NOT_FOUND,
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
    let prefix = format!("{pos_id}-");
    let refunds = s
        .pending_operations()?
        .into_iter()
        .filter(|j| j.op == JournalOp::Refund && j.reference.starts_with(&prefix))
        .collect();
    Ok(LeftBehind {
        sales: sales_to_reconcile(s, pos_id)?,
        refunds,
    })
}

/// Reconcile every sale left open, then re-send the pending refunds. Returns one line per sale
/// or refund for the cashier.
pub async fn recover(edges: &Edges, left: LeftBehind) -> Vec<String> {
    tracing::info!(sales = left.sales.len(), "recovery: sales to reconcile");
    let mut lines = Vec::new();
    for sale in left.sales {
        let line = reconcile_sale(edges, sale).await;
        lines.push(line);
    }
    lines.extend(resend_refunds(edges, left.refunds).await);
    lines
}

/// The sales that are not final, and those closed while one of their requests was still
/// pending in the journal (the core closed the sale from a GET while the request's own answer
/// was on its way when the till died): the API says what that request did.
fn sales_to_reconcile(s: &Store, pos_id: &str) -> Result<Vec<Sale>, crate::store::StoreError> {
    let mut sales = s.open_sales(pos_id)?;
    let prefix = format!("{pos_id}-");
    for j in s.pending_operations()? {
        let ours = j.op != JournalOp::Refund && j.reference.starts_with(&prefix);
        if !ours || sales.iter().any(|x| x.reference == j.reference) {
            continue;
        }
        if let Some(sale) = s.sale_by_reference(&j.reference)? {
            sales.push(sale);
        }
    }
    Ok(sales)
}

async fn reconcile_sale(edges: &Edges, sale: Sale) -> String {
    let receipt = format!("{:06}", sale.receipt_number);
    let reference = sale.reference.clone();
    let line = match edges.client.get_payment(&reference).await {
        Ok(p) => {
            let st = payment_status(&p.state, &p.aggregate);
            // The cashier chose to give the reservation back, and the till died before the
            // release got an answer: honour that choice, never capture instead.
            let release = pending_release(edges, &reference).await;
            if let (PayState::Authorized, Some(key)) = (st.state, release) {
                if st.captured == 0 {
                    return release_now(edges, &reference, &receipt, &key).await;
                }
            }
            // The payment exists, so every create, capture or cancel journalled for it reached
            // the API or never will; what each did is now read from the aggregate.
            settle_journal(edges, &reference, Outcome::Ok).await;
            match st.state {
                PayState::Authorized if st.captured >= sale.total.minor => {
                    close(edges, &reference, SaleState::Captured, Some(st.captured)).await;
                    format!("{receipt}: was paid and captured; closed")
                }
                PayState::Authorized => {
                    let left = Money::new(sale.total.minor - st.captured, sale.total.currency);
                    match edges
                        .capture(&reference, left, &capture_key(&reference, st.captured))
                        .await
                    {
                        Ok(_) => {
                            close(edges, &reference, SaleState::Captured, None).await;
                            format!("{receipt}: was authorized; captured {left} now")
                        }
                        Err(f) => format!(
                            "{receipt}: authorized, capture failed ({}); restart to try again",
                            f.message
                        ),
                    }
                }
                PayState::Aborted | PayState::Expired | PayState::Terminated => {
                    close(edges, &reference, SaleState::Failed, None).await;
                    format!("{receipt}: the customer did not pay; closed")
                }
                PayState::Created | PayState::Other => watch(edges, &sale, &receipt)
                    .unwrap_or_else(|| {
                        format!("{receipt}: still waiting for the customer; watching it (F9)")
                    }),
            }
        }
        Err(e) if failure(&e).code.as_deref() == Some(CODE_NOT_FOUND) => {
            settle_journal(
                edges,
                &reference,
                Outcome::Error("not known at Vipps after a restart: never arrived".into()),
            )
            .await;
            close(edges, &reference, SaleState::Failed, None).await;
            format!("{receipt}: the payment request never reached Vipps; closed, nothing charged")
        }
        // The API cannot be asked now: the background watcher keeps asking, and finishes the
        // sale whichever way it went (a 404 there closes it too).
        Err(e) => watch(edges, &sale, &receipt).unwrap_or_else(|| {
            format!("{receipt}: cannot ask Vipps now ({e}); watching it in the background")
        }),
    };
    tracing::info!(%reference, "recovery: {line}");
    line
}

/// Hand a sale whose end is not known yet to the core, which polls it to its end in the
/// background. Returns a line only when that is impossible.
fn watch(edges: &Edges, sale: &Sale, receipt: &str) -> Option<String> {
    let Some(msisdn) = sale.customer.clone() else {
        return Some(format!(
            "{receipt}: open, but no customer is stored with it; check it in the portal"
        ));
    };
    let mut basket = Basket::new(sale.total.currency);
    basket.lines = sale.lines.clone();
    let payment = Payment {
        reference: sale.reference.clone(),
        receipt_number: receipt.to_string(),
        customer: Customer {
            msisdn,
            membership: Membership::NotMember,
            checkin: CheckIn::NotSent,
        },
        amount: sale.total,
        basket,
        step: PayStep::Waiting,
        expires_at_ms: 0,
        poll_token: 0,
        captured: 0,
    };
    let _ = edges.tx.send(Msg::Resume(payment));
    None
}

/// The key of a release (a cancel of an authorized reservation) that was journalled but whose
/// answer the till never recorded.
async fn pending_release(edges: &Edges, reference: &str) -> Option<String> {
    let r = reference.to_string();
    let entries = edges.db(move |s| s.journal_for(&r)).await.ok()?.ok()?;
    entries
        .into_iter()
        .find(|j| {
            j.op == JournalOp::Cancel
                && j.idempotency_key.ends_with("-release")
                && j.outcome != Outcome::Ok
        })
        .map(|j| j.idempotency_key)
}

async fn release_now(edges: &Edges, reference: &str, receipt: &str, key: &str) -> String {
    match edges.client.cancel(reference, false, key).await {
        Ok(_) => {
            settle_journal(edges, reference, Outcome::Ok).await;
            close(edges, reference, SaleState::Cancelled, None).await;
            format!("{receipt}: the reservation you released is given back; nothing charged")
        }
        Err(e) => format!(
            "{receipt}: the release did not go through ({e}); restart to try again, do not capture"
        ),
    }
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
async fn resend_refunds(edges: &Edges, pending: Vec<JournalEntry>) -> Vec<String> {
    let mut lines = Vec::new();
    for entry in pending {
        let line = resend_refund(edges, &entry).await;
        tracing::info!(reference = %entry.reference, "recovery: {line}");
        lines.push(line);
    }
    lines
}

async fn resend_refund(edges: &Edges, entry: &JournalEntry) -> String {
    let reference = &entry.reference;
    let Some(amount) = refund_amount(&entry.request) else {
        return format!(
            "{reference}: a refund was interrupted and its journal entry cannot be read; \
             check it in the portal"
        );
    };
    let key = &entry.idempotency_key;
    match edges.client.refund(reference, amount, key).await {
        Ok(m) => {
            let refunded = payment_status(&m.state, &m.aggregate).refunded;
            match edges
                .record_refund(reference, key, refunded, amount.minor)
                .await
            {
                Ok(()) => format!("{reference}: an interrupted refund of {amount} is done"),
                Err(e) => {
                    format!("{reference}: refund of {amount} done at Vipps, not saved here ({e})")
                }
            }
        }
        Err(e) => {
            let f = failure(&e);
            if f.unknown_outcome {
                format!(
                    "{reference}: an interrupted refund of {amount} cannot be confirmed now \
                     ({}); it is sent again at the next start",
                    f.message
                )
            } else {
                let outcome = Outcome::Error(f.message.clone());
                let k = key.clone();
                if !matches!(
                    edges.db(move |s| s.journal_finish_key(&k, &outcome)).await,
                    Ok(Ok(()))
                ) {
                    tracing::error!(%reference, "recovery: cannot finish the refund's entry");
                }
                format!(
                    "{reference}: an interrupted refund of {amount} was refused ({}); \
                     nothing refunded",
                    f.message
                )
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
    use crate::domain::{Gtin, Line, Quantity, VatRate};

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
}
