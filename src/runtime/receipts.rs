//! Issuing receipts and the till's own events at the edge: the core says what, the store
//! does it in one transaction; the time is stamped here (the core has no clock).

use super::Edges;
use crate::domain::{IssuedReceipt, JournalEvent, ReceiptKind, TenderKind};
use crate::store::JournalOp;
use crate::till::{FoundReceipt, Msg, NotIssued, RefundsMade};

impl Edges {
    /// Stamp and issue the draft: numbered, stored, journaled and signed in one transaction
    /// (the books' hook), so a receipt is in the electronic journal whole or not at all.
    pub(super) async fn issue(&self, mut draft: IssuedReceipt) -> Result<IssuedReceipt, NotIssued> {
        let now = time::OffsetDateTime::now_utc();
        draft.issued_at = now.unix_timestamp();
        draft.utc_offset_min = time::UtcOffset::current_local_offset()
            .map(|o| i32::from(o.whole_minutes()))
            .unwrap_or(0);
        let kept = draft.clone();
        let books = self.books.clone();
        let result = self
            .db(move |s| {
                s.issue_receipt(&draft, &|tx, r| books.journal_receipt(tx, r))
                    .map_err(|x| x.to_string())
            })
            .await
            .and_then(|r| r)
            .map_err(|reason| NotIssued {
                draft: Box::new(kept),
                reason,
            });
        match &result {
            Ok(r) => {
                tracing::info!(number = r.number, kind = ?r.kind, total = r.total(), "receipt issued")
            }
            Err(e) => tracing::error!(reason = %e.reason, "cannot issue the receipt"),
        }
        result
    }

    /// An event into the electronic journal, the one record of the till's events (the drawer's
    /// expected cash is read back from it after a restart).
    pub(crate) async fn till_event(&self, event: JournalEvent) {
        self.till_event_by(None, event).await;
    }

    /// As [`Edges::till_event`], with the cashier who did it (`None`: the default cashier).
    pub(crate) async fn till_event_by(&self, cashier: Option<String>, event: JournalEvent) {
        let (books, training) = (self.books.clone(), self.training);
        let done = self
            .db(move |s| {
                books
                    .record(s, cashier.as_deref(), training, &event)
                    .map(|_| ())
                    .map_err(|x| x.to_string())
            })
            .await
            .and_then(|r| r);
        if let Err(err) = done {
            tracing::error!(%err, "cannot record the till event");
        }
    }

    /// Checks a cashier's PIN on the blocking pool (a slow hash). The log names the id, never
    /// the PIN.
    pub(super) async fn check_pin(&self, id: String, pin: crate::secret::Secret) -> Msg {
        let who = id.clone();
        let result = self
            .db(move |s| crate::books::cashiers::sign_in(s, &id, pin.expose()))
            .await
            .and_then(|r| r.map_err(|x| x.to_string()))
            .map(|found| {
                found.map(|c| {
                    let owner = c.role == crate::books::cashiers::Role::Owner;
                    (
                        crate::domain::CashierTag {
                            id: c.id,
                            name: c.name,
                        },
                        owner,
                    )
                })
            });
        match &result {
            Ok(Some(_)) => tracing::info!(cashier = %who, "cashier signed in"),
            Ok(None) => tracing::warn!(cashier = %who, "sign-in refused: wrong id or PIN"),
            Err(err) => tracing::error!(%err, "cannot check the PIN"),
        }
        Msg::PinChecked(result)
    }

    /// A sales receipt for a return, whether it was returned already, and the refunds made so
    /// far per Vipps reference (so a return's refund gets a key of its own).
    pub(super) async fn find_receipt(
        &self,
        pos_id: String,
        number: u64,
    ) -> Result<Option<FoundReceipt>, String> {
        let training = self.training;
        self.db(
            move |s| -> Result<Option<FoundReceipt>, crate::store::StoreError> {
                let Some(receipt) =
                    s.receipt_by_number(&pos_id, ReceiptKind::Sale, training, number)?
                else {
                    return Ok(None);
                };
                let already_returned = s.returned(&pos_id, training, number)?;
                let mut refunds = Vec::new();
                for t in &receipt.tenders {
                    if let TenderKind::Vipps { reference } = &t.kind {
                        let n = s
                            .journal_for(reference)?
                            .iter()
                            .filter(|j| j.op == JournalOp::Refund)
                            .count();
                        refunds.push(RefundsMade {
                            reference: reference.clone(),
                            count: u32::try_from(n).unwrap_or(u32::MAX),
                        });
                    }
                }
                Ok(Some(FoundReceipt {
                    receipt,
                    already_returned,
                    refunds,
                }))
            },
        )
        .await
        .and_then(|r| r.map_err(|x| x.to_string()))
    }
}
