//! Refunds of past sales: find the sale by receipt number or reference, choose the amount,
//! send it with a key that a retry of the same refund reuses.

use super::keys::edit;
use super::msg::{ApiFailure, Effect, Key, PaymentStatus};
use super::state::{Dialog, Level, SaleSummary, State};
use super::{say, Say};
use crate::domain::{parse_minor, Money};

pub(super) fn refund_find_key(s: &mut State, mut input: String, k: Key) -> Vec<Effect> {
    if k == Key::Enter && !input.trim().is_empty() {
        let query = input.trim().to_string();
        s.dialog = Some(Dialog::RefundFind { input, error: None });
        return vec![Effect::FindSale(query)];
    }
    edit(&mut input, k, 64, |c| c.is_ascii_alphanumeric() || c == '-');
    s.dialog = Some(Dialog::RefundFind { input, error: None });
    Vec::new()
}

/// The sale is found in the store; before an amount is offered, the API is asked what it
/// captured and refunded (a part may have been refunded elsewhere, e.g. in the portal).
pub(super) fn on_sale_found(s: &mut State, result: Result<SaleSummary, String>) -> Vec<Effect> {
    let Some(Dialog::RefundFind { input, .. }) = s.dialog.take() else {
        return Vec::new();
    };
    match result {
        Ok(sale) => {
            let reference = sale.reference.clone();
            s.dialog = Some(Dialog::RefundChecking { sale });
            vec![Effect::FetchRefundable { reference }]
        }
        Err(reason) => {
            s.dialog = Some(Dialog::RefundFind {
                input,
                error: Some(reason),
            });
            Vec::new()
        }
    }
}

/// The API's aggregate is the truth for "at most"; the amount field starts empty, so two
/// Enters never refund the whole sale.
pub(super) fn on_refundable(
    s: &mut State,
    reference: String,
    result: Result<PaymentStatus, ApiFailure>,
) -> Vec<Effect> {
    let Some(Dialog::RefundChecking { mut sale }) = s.dialog.take() else {
        return Vec::new();
    };
    if sale.reference != reference {
        s.dialog = Some(Dialog::RefundChecking { sale });
        return Vec::new();
    }
    let input = sale.receipt_number.clone();
    s.dialog = Some(match result {
        Ok(status) => {
            sale.captured = status.captured;
            sale.refunded = status.refunded;
            if let Some((_, amount)) = sale.pending_refund {
                // An earlier refund had no answer: it goes again, same key and amount (the
                // API replays it if it landed), before any new one is offered.
                say(
                    s,
                    Level::Warning,
                    Say::RefundUnanswered {
                        amount: s.money(amount),
                    },
                );
                Dialog::RefundConfirm { sale, amount }
            } else if sale.captured - sale.refunded > 0 {
                Dialog::RefundAmount {
                    sale,
                    input: String::new(),
                    error: None,
                }
            } else {
                say(s, Level::Warning, Say::NothingToRefund);
                Dialog::RefundFind { input, error: None }
            }
        }
        Err(f) => {
            say(
                s,
                Level::Error,
                Say::RefundCheckFailed {
                    reason: f.message,
                    kind: f.kind,
                },
            );
            Dialog::RefundFind { input, error: None }
        }
    });
    Vec::new()
}

pub(super) fn refund_amount_key(
    s: &mut State,
    sale: SaleSummary,
    mut input: String,
    k: Key,
) -> Vec<Effect> {
    let max = sale.captured - sale.refunded;
    if k == Key::Enter {
        return match parse_minor(&input).filter(|a| *a > 0 && *a <= max) {
            Some(amount) => {
                s.dialog = Some(Dialog::RefundConfirm { sale, amount });
                Vec::new()
            }
            None => {
                let max = s.money(max);
                say(s, Level::Warning, Say::RefundTooMuch { max });
                s.dialog = Some(Dialog::RefundAmount {
                    sale,
                    input,
                    error: None,
                });
                Vec::new()
            }
        };
    }
    edit(&mut input, k, 12, |c| {
        c.is_ascii_digit() || ",. ".contains(c)
    });
    s.dialog = Some(Dialog::RefundAmount {
        sale,
        input,
        error: None,
    });
    Vec::new()
}

/// The summary is on screen; one key sends it, `n` goes back to the amount.
pub(super) fn refund_confirm_key(
    s: &mut State,
    sale: SaleSummary,
    amount: i64,
    k: Key,
) -> Vec<Effect> {
    match k {
        Key::Enter | Key::Char('y' | 'j') => {
            say(s, Level::Info, Say::Refunding);
            // Every refund request the journal holds for this sale used up its number,
            // refused or not: a key belongs to one body for life.
            let idempotency_key = match sale.pending_refund {
                Some((key, _)) => key,
                None => format!("{}-refund-{}", sale.reference, sale.refund_count + 1),
            };
            vec![Effect::Refund {
                idempotency_key,
                reference: sale.reference,
                amount: s.money(amount),
            }]
        }
        Key::Char('n') | Key::Backspace if sale.pending_refund.is_none() => {
            let input = s.money(amount).amount_text();
            s.dialog = Some(Dialog::RefundAmount {
                sale,
                input,
                error: None,
            });
            Vec::new()
        }
        _ => {
            s.dialog = Some(Dialog::RefundConfirm { sale, amount });
            Vec::new()
        }
    }
}

pub(super) fn on_refunded(
    s: &mut State,
    reference: String,
    amount: Money,
    result: Result<PaymentStatus, ApiFailure>,
) -> Vec<Effect> {
    match result {
        Ok(_) => say(
            s,
            Level::Success,
            Say::RefundedOk {
                amount,
                receipt: reference,
            },
        ),
        Err(f) => say(
            s,
            Level::Error,
            Say::RefundFailed {
                reason: f.message,
                kind: f.kind,
            },
        ),
    }
    Vec::new()
}
