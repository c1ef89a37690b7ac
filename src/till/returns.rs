//! Returns: wares back against an earlier receipt (found by number or a scan of its code),
//! whole or some lines, the money back to the tenders the sale was paid with; or, where the
//! shop allows it, a return without a receipt, in cash.

use super::keys::edit;
use super::msg::{ApiFailure, Effect, FoundReceipt, Key, PaymentStatus, RefundsMade};
use super::state::{Dialog, Level, RefundPart, State, TenderStep};
use super::{say, tender, Say};
use crate::domain::{
    round_cash, Basket, IdempotencyKey, IssuedReceipt, Money, ReceiptKind, ReceiptNumber, ReturnOf,
    Tender, TenderKind,
};

pub(super) fn find_key(s: &mut State, mut input: String, k: Key) -> Vec<Effect> {
    if k == Key::Enter {
        return match ReceiptNumber::parse_query(&input) {
            Ok((pos, n)) => {
                s.dialog = Some(Dialog::ReturnFind { input, error: None });
                vec![Effect::FindReceipt {
                    pos_id: pos.unwrap_or_else(|| s.settings.pos_id.clone()),
                    number: n.get(),
                }]
            }
            Err(_) => {
                say(s, Level::Warning, Say::BadReceiptQuery);
                s.dialog = Some(Dialog::ReturnFind { input, error: None });
                Vec::new()
            }
        };
    }
    edit(&mut input, k, 64, |c| c.is_ascii_alphanumeric() || c == '-');
    s.dialog = Some(Dialog::ReturnFind { input, error: None });
    Vec::new()
}

pub(super) fn on_found(s: &mut State, result: Result<Option<FoundReceipt>, String>) -> Vec<Effect> {
    if !matches!(s.dialog, Some(Dialog::ReturnFind { .. })) {
        return Vec::new();
    }
    match result {
        Ok(Some(f)) if f.already_returned => say(s, Level::Warning, Say::AlreadyReturned),
        Ok(Some(f))
            if f.receipt.kind == ReceiptKind::Sale && f.receipt.training == s.settings.training =>
        {
            let picked = vec![true; f.receipt.lines.len()];
            s.dialog = Some(Dialog::ReturnLines {
                receipt: Box::new(f.receipt),
                picked,
                selected: 0,
                refunds: f.refunds,
            });
        }
        Ok(_) => say(s, Level::Warning, Say::ReceiptNotFound),
        Err(reason) => say(s, Level::Error, Say::ReceiptLookupFailed { reason }),
    }
    Vec::new()
}

pub(super) fn lines_key(
    s: &mut State,
    receipt: IssuedReceipt,
    mut picked: Vec<bool>,
    mut selected: usize,
    refunds: Vec<RefundsMade>,
    k: Key,
) -> Vec<Effect> {
    match k {
        Key::Up => selected = selected.saturating_sub(1),
        Key::Down => selected = (selected + 1).min(picked.len().saturating_sub(1)),
        Key::Char(' ') => {
            if let Some(p) = picked.get_mut(selected) {
                *p = !*p;
            }
        }
        Key::Enter if picked.iter().any(|p| *p) => {
            return start_return(s, &receipt, &picked, &refunds);
        }
        Key::Enter => say(s, Level::Warning, Say::NothingPicked),
        _ => {}
    }
    s.dialog = Some(Dialog::ReturnLines {
        receipt: Box::new(receipt),
        picked,
        selected,
        refunds,
    });
    Vec::new()
}

/// Where the money of a return goes: to the sale's Vipps and card parts first, exact and
/// each up to what it paid, the rest in cash (rounded like any cash).
pub fn plan(
    sale: &IssuedReceipt,
    total: i64,
    refunds: &[RefundsMade],
    country: crate::domain::Country,
) -> RefundPlan {
    let mut left = total;
    let mut plan = Vec::new();
    for t in sale.tenders.iter().filter(|t| !t.is_cash()) {
        let amount = left.min(t.amount);
        if amount <= 0 {
            continue;
        }
        let refund_n = match &t.kind {
            TenderKind::Vipps { reference } => {
                let done = refunds
                    .iter()
                    .find(|r| &r.reference == reference)
                    .map_or(0, |r| r.count);
                done + 1
            }
            _ => 0,
        };
        plan.push(RefundPart {
            tender: t.kind.clone(),
            amount,
            refund_n,
            sent: false,
        });
        left -= amount;
    }
    let mut rounding = 0;
    if left > 0 {
        let rounded = round_cash(left, country);
        rounding = rounded - left;
        plan.push(RefundPart {
            tender: TenderKind::Cash {
                tendered: rounded,
                change: 0,
            },
            amount: rounded,
            refund_n: 0,
            sent: false,
        });
    }
    RefundPlan {
        parts: plan,
        rounding,
    }
}

/// Where a return's money goes ([`plan`]): the refunds in order, and the cash rounding of
/// the last part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundPlan {
    pub parts: Vec<RefundPart>,
    pub rounding: i64,
}

fn start_return(
    s: &mut State,
    sale: &IssuedReceipt,
    picked: &[bool],
    refunds: &[RefundsMade],
) -> Vec<Effect> {
    if s.basket_locked() || !s.basket.is_empty() {
        say(s, Level::Warning, Say::FinishFirst);
        return Vec::new();
    }
    let mut basket = Basket::new(s.settings.currency);
    for (l, _) in sale.lines.iter().zip(picked).filter(|(_, p)| **p) {
        match l.to_line() {
            Some(line) => basket.lines.push(line),
            None => {
                say(s, Level::Error, Say::ReceiptUnreadable);
                return Vec::new();
            }
        }
    }
    let total = basket.total().minor;
    let RefundPlan {
        parts: plan,
        rounding,
    } = plan(sale, total, refunds, s.settings.country);
    s.basket = basket;
    s.customer = None;
    s.done = None;
    s.tender = Some(TenderStep {
        kind: ReceiptKind::Return,
        total,
        parts: Vec::new(),
        rounding,
        issuing: false,
        return_of: Some(ReturnOf {
            pos_id: sale.pos_id.clone(),
            number: sale.number,
        }),
        plan,
        renewed: false,
    });
    say(s, Level::Info, Say::ReturnStarted);
    Vec::new()
}

/// A return without a receipt: the wares on screen go back, in cash.
pub(super) fn without_receipt(s: &mut State) -> Vec<Effect> {
    if !s.settings.returns_without_receipt {
        say(s, Level::Warning, Say::NoReturnWithoutReceipt);
        return Vec::new();
    }
    if s.basket.is_empty() {
        say(s, Level::Warning, Say::EmptyBasket);
        return Vec::new();
    }
    let total = s.basket.total().minor;
    let rounded = round_cash(total, s.settings.country);
    s.tender = Some(TenderStep {
        kind: ReceiptKind::Return,
        total,
        parts: Vec::new(),
        rounding: rounded - total,
        issuing: false,
        return_of: None,
        plan: vec![RefundPart {
            tender: TenderKind::Cash {
                tendered: rounded,
                change: 0,
            },
            amount: rounded,
            refund_n: 0,
            sent: false,
        }],
        renewed: false,
    });
    say(s, Level::Info, Say::ReturnStarted);
    Vec::new()
}

/// Make the next refund of the plan: cash out of the drawer and a card refund on the terminal
/// are recorded at once (the cashier confirms with this key); Vipps goes to the refund API.
pub(super) fn refund_next(s: &mut State) -> Vec<Effect> {
    let Some(t) = s.tender.as_mut() else {
        return Vec::new();
    };
    let Some(next) = t.plan.first_mut() else {
        return Vec::new();
    };
    match next.tender.clone() {
        TenderKind::Vipps { reference } => {
            next.sent = true;
            let key = IdempotencyKey::refund(&reference, next.refund_n);
            let amount = Money::new(next.amount, s.settings.currency);
            say(s, Level::Info, Say::Refunding);
            vec![Effect::Refund {
                reference,
                amount,
                idempotency_key: key.into(),
            }]
        }
        kind => {
            let part = t.plan.remove(0);
            t.parts.push(Tender {
                kind,
                amount: part.amount,
            });
            tender::after_part(s)
        }
    }
}

pub(super) fn is_return_refund(s: &State, reference: &str) -> bool {
    s.tender.as_ref().is_some_and(|t| {
        t.plan.iter().any(|p| {
            p.sent && matches!(&p.tender, TenderKind::Vipps { reference: r } if r == reference)
        })
    })
}

pub(super) fn on_refunded(
    s: &mut State,
    reference: String,
    amount: Money,
    result: Result<PaymentStatus, ApiFailure>,
) -> Vec<Effect> {
    let Some(t) = s.tender.as_mut() else {
        return Vec::new();
    };
    let Some(i) = t.plan.iter().position(|p| {
        p.sent && matches!(&p.tender, TenderKind::Vipps { reference: r } if *r == reference)
    }) else {
        return Vec::new();
    };
    match result {
        Ok(_) => {
            let part = t.plan.remove(i);
            t.parts.push(Tender {
                kind: part.tender,
                amount: part.amount,
            });
            say(
                s,
                Level::Success,
                Say::RefundedOk {
                    amount,
                    receipt: reference,
                },
            );
            tender::after_part(s)
        }
        Err(f) => {
            // The same key goes again on the next try, so a refund that did land is answered,
            // not repeated.
            t.plan[i].sent = false;
            say(
                s,
                Level::Error,
                Say::RefundFailed {
                    reason: f.message,
                    kind: f.kind,
                },
            );
            Vec::new()
        }
    }
}
