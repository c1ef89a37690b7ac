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

pub(super) fn on_sale_found(s: &mut State, result: Result<SaleSummary, String>) -> Vec<Effect> {
    let Some(Dialog::RefundFind { input, .. }) = s.dialog.take() else {
        return Vec::new();
    };
    s.dialog = Some(match result {
        Ok(sale) if sale.captured - sale.refunded > 0 => Dialog::RefundAmount {
            input: s.money(sale.captured - sale.refunded).amount_text(),
            sale,
            error: None,
        },
        Ok(sale) => Dialog::RefundFind {
            input,
            error: Some(format!("{}: {}", sale.receipt_number, s.money(0))),
        },
        Err(reason) => Dialog::RefundFind {
            input,
            error: Some(reason),
        },
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
                say(s, Level::Info, Say::Refunding);
                vec![Effect::Refund {
                    idempotency_key: format!("{}-refund-{}", sale.reference, sale.refund_count + 1),
                    reference: sale.reference,
                    amount: s.money(amount),
                }]
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
