//! Start-up reconciliation: every sale the journal left open is asked about at the API and
//! finished, so a crash loses no sale and charges nothing twice.

use super::convert::payment_status;
use super::effects::Edges;
use crate::domain::Basket;
use crate::store::{JournalOp, Outcome, SaleState, Store};
use crate::till::{
    CheckIn, Customer, Membership, Msg, PayState, PayStep, Payment, SaleSummary, CODE_NOT_FOUND,
};

/// Find a finished sale by its receipt number (this till's) or its reference.
pub fn find_sale(s: &Store, pos_id: &str, query: &str) -> Result<SaleSummary, String> {
    let q = query.trim();
    let sale = if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = q
            .parse()
            .map_err(|_| format!("`{q}` is not a receipt number"))?;
        s.sale_by_receipt_number(pos_id, n)
    } else {
        s.sale_by_reference(q)
    }
    .map_err(|e| e.to_string())?
    .ok_or_else(|| format!("no sale `{q}`"))?;
    let refund_count = s
        .journal_for(&sale.reference)
        .map_err(|e| e.to_string())?
        .iter()
        // Only refunds that went through: a failed one is retried with its own key, so an
        // unknown outcome can never become a second refund.
        .filter(|j| j.op == JournalOp::Refund && j.outcome == Outcome::Ok)
        .count();
    Ok(SaleSummary {
        receipt_number: format!("{:06}", sale.receipt_number),
        reference: sale.reference,
        total: sale.total,
        captured: sale.captured,
        refunded: sale.refunded,
        refund_count: u32::try_from(refund_count).unwrap_or(u32::MAX),
    })
}

/// Reconcile every open sale of this till. Returns one line per sale for the cashier.
pub async fn recover(edges: &Edges) -> Vec<String> {
    let pos = edges.pos_id.clone();
    let open = match edges.db(move |s| s.open_sales(&pos)).await {
        Ok(Ok(open)) => open,
        Ok(Err(e)) => return vec![format!("cannot read open sales: {e}")],
        Err(e) => return vec![format!("cannot read open sales: {e}")],
    };
    let mut lines = Vec::new();
    for sale in open {
        let receipt = format!("{:06}", sale.receipt_number);
        let reference = sale.reference.clone();
        let line = match edges.client.get_payment(&reference).await {
            Ok(p) => {
                let st = payment_status(&p.state, &p.aggregate);
                match st.state {
                    PayState::Authorized if st.captured >= sale.total.minor => {
                        close(edges, &reference, SaleState::Captured, Some(st.captured)).await;
                        format!("{receipt}: was paid and captured; closed")
                    }
                    PayState::Authorized => {
                        let left = crate::domain::Money::new(
                            sale.total.minor - st.captured,
                            sale.total.currency,
                        );
                        match edges
                            .capture(&reference, left, &format!("{reference}-capture"))
                            .await
                        {
                            Ok(_) => {
                                close(edges, &reference, SaleState::Captured, None).await;
                                format!("{receipt}: was authorized; captured {left} now")
                            }
                            Err(f) => format!(
                                "{receipt}: authorized, capture failed ({}); press F10 later or restart",
                                f.message
                            ),
                        }
                    }
                    PayState::Aborted | PayState::Expired | PayState::Terminated => {
                        close(edges, &reference, SaleState::Failed, None).await;
                        format!("{receipt}: the customer did not pay; closed")
                    }
                    PayState::Created | PayState::Other => {
                        let mut basket = Basket::new(sale.total.currency);
                        basket.lines = sale.lines.clone();
                        let payment = Payment {
                            reference: reference.clone(),
                            receipt_number: receipt.clone(),
                            customer: Customer {
                                msisdn: match sale.customer.clone() {
                                    Some(m) => m,
                                    None => continue,
                                },
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
                        format!("{receipt}: still waiting for the customer; watching it (F9)")
                    }
                }
            }
            Err(e) if super::convert::failure(&e).code.as_deref() == Some(CODE_NOT_FOUND) => {
                close(edges, &reference, SaleState::Failed, None).await;
                format!(
                    "{receipt}: the payment request never reached Vipps; closed, nothing charged"
                )
            }
            Err(e) => format!("{receipt}: cannot ask Vipps now ({e}); will try at next start"),
        };
        tracing::info!(%reference, "recovery: {line}");
        lines.push(line);
    }
    lines
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
