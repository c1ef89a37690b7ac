//! The payment: journal, request, wait (webhook or poll), capture; cancel, background, refund.
//!
//! Idempotency keys are derived from the reference (`<ref>-create`, `<ref>-capture`, …), so a
//! retry, a restart or a recovery always sends the same key for the same operation and the API
//! can never move money twice.

use super::msg::{ApiCode, ApiFailure, Effect, EventName, PayState, PaymentStatus, SaleOutcome};
use super::state::{Dialog, FailedSale, Level, PayStep, Payment, State, TenderStep};
use super::{say, Say};
use crate::config::CaptureMode;
use crate::domain::{IdempotencyKey, Money, ReceiptKind, Tender, TenderKind};

/// The documented polling pace: the first GET about 5 s after the create, then every 2 s;
/// slower while the API struggles.
const FIRST_POLL_MS: u64 = 5_000;
const POLL_MS: u64 = 2_000;
const POLL_TROUBLE_MS: u64 = 10_000;
/// The customer has ten minutes to answer a push message.
const EXPIRY_MS: u64 = 600_000;

/// F8: Vipps for what is owed; the customer is asked for first if nobody is identified.
pub(super) fn pay(s: &mut State) -> Vec<Effect> {
    super::tender::pay_vipps(s, None)
}

/// Identify the customer first: Vipps needs the phone.
pub(super) fn need_customer(s: &mut State) -> Vec<Effect> {
    say(s, Level::Info, Say::NeedCustomer);
    s.dialog = Some(Dialog::Phone {
        input: String::new(),
        error: None,
    });
    Vec::new()
}

/// A Vipps part of `amount` at the tender step: the attempt is stored and journalled first
/// (its own reference, no receipt number: a receipt is numbered only when issued).
pub(super) fn pay_part(s: &mut State, amount: i64) -> Vec<Effect> {
    let Some(customer) = s.customer.clone() else {
        return need_customer(s);
    };
    let maximum = s.settings.currency.maximum_payment();
    if amount > maximum {
        say(
            s,
            Level::Warning,
            Say::AboveMaximum {
                maximum: s.money(maximum),
            },
        );
        return Vec::new();
    }
    let minimum = s.settings.currency.minimum_payment();
    if amount < minimum {
        say(
            s,
            Level::Warning,
            Say::BelowMinimum {
                minimum: s.money(minimum),
            },
        );
        return Vec::new();
    }
    let amount = s.money(amount);
    s.done = None;
    s.dialog = None;
    s.notice = None;
    s.payment = Some(Payment {
        reference: String::new(),
        receipt_number: String::new(),
        customer: customer.clone(),
        amount,
        basket: s.basket.clone(),
        step: PayStep::Journaling,
        expires_at_ms: s.now_ms + EXPIRY_MS,
        poll_token: 0,
        captured: 0,
    });
    vec![Effect::OpenSale {
        basket: s.basket.clone(),
        msisdn: customer.msisdn,
        amount,
    }]
}

pub(super) fn on_sale_opened(
    s: &mut State,
    reference: String,
    receipt_number: String,
) -> Vec<Effect> {
    let Some(p) = s.payment.as_mut().filter(|p| p.step == PayStep::Journaling) else {
        return Vec::new();
    };
    p.reference = reference.clone();
    p.receipt_number = receipt_number.clone();
    p.step = PayStep::Requesting;
    let effect = Effect::CreatePayment {
        idempotency_key: format!("{reference}-create"),
        reference,
        receipt_number: receipt_number.clone(),
        basket: p.basket.clone(),
        msisdn: p.customer.msisdn.clone(),
        amount: p.amount,
    };
    vec![effect]
}

pub(super) fn on_sale_open_failed(s: &mut State, reason: String) -> Vec<Effect> {
    if s.payment
        .as_ref()
        .is_some_and(|p| p.step == PayStep::Journaling)
    {
        s.payment = None;
    }
    say(s, Level::Error, Say::SaleNotSaved { reason });
    Vec::new()
}

pub(super) fn start_polling(s: &mut State, reference: &str, first_ms: u64) -> Vec<Effect> {
    s.poll_seq += 1;
    let seq = s.poll_seq;
    let now = s.now_ms;
    match s.payment_mut(reference) {
        Some(p) => {
            p.poll_token = seq;
            p.expires_at_ms = now + EXPIRY_MS;
            next_poll(reference, first_ms, Some(seq))
        }
        None => Vec::new(),
    }
}

pub(super) fn on_created(
    s: &mut State,
    reference: String,
    result: Result<(), ApiFailure>,
) -> Vec<Effect> {
    // A webhook and its GET may have overtaken the create response: then the step moved on.
    let Some(p) = s.payment_mut(&reference) else {
        return Vec::new();
    };
    if p.step != PayStep::Requesting {
        return Vec::new();
    }
    match result {
        Ok(()) => {
            p.step = PayStep::Waiting;
            start_polling(s, &reference, FIRST_POLL_MS)
        }
        Err(f) if f.unknown_outcome => {
            p.step = PayStep::Waiting;
            say(s, Level::Warning, Say::NoAnswerChecking);
            start_polling(s, &reference, POLL_MS)
        }
        Err(f) if f.code == Some(ApiCode::ReferenceUsed) && can_renew(s, &reference) => {
            renew(s, &reference)
        }
        // The request never got through (refused connection, asked to wait): nothing was
        // asked of the customer, so this is no rejection.
        Err(f) if never_sent(f.kind) => end_payment(
            s,
            &reference,
            Level::Error,
            Say::VippsDown { kind: f.kind },
            SaleOutcome::Failed,
        ),
        Err(f) => end_payment(
            s,
            &reference,
            Level::Error,
            Say::PaymentRefused {
                reason: f.message,
                kind: f.kind,
            },
            SaleOutcome::Failed,
        ),
    }
}

/// Only the payment on screen, at its tender step, and once.
fn can_renew(s: &State, reference: &str) -> bool {
    s.payment.as_ref().is_some_and(|p| p.reference == reference)
        && s.tender.as_ref().is_some_and(|t| !t.renewed)
}

/// The reference was used before: close this attempt and send the same part again under a
/// new reference (a new attempt number), telling the cashier.
fn renew(s: &mut State, reference: &str) -> Vec<Effect> {
    let Some(p) = s.payment.take() else {
        return Vec::new();
    };
    if let Some(t) = s.tender.as_mut() {
        t.renewed = true;
    }
    let mut effects = vec![Effect::CloseSale {
        reference: reference.to_string(),
        outcome: SaleOutcome::Failed,
    }];
    effects.extend(pay_part(s, p.amount.minor));
    say(s, Level::Warning, Say::NewReference);
    effects
}

/// Failures that say nothing about the payment itself: the API was down, slow or busy.
fn never_sent(kind: super::FailKind) -> bool {
    use super::FailKind as K;
    matches!(
        kind,
        K::Unreachable | K::Timeout | K::ServerError | K::RateLimited
    )
}

pub(super) fn on_status(
    s: &mut State,
    reference: String,
    poll: Option<u64>,
    result: Result<PaymentStatus, ApiFailure>,
) -> Vec<Effect> {
    let Some(p) = s.payment_mut(&reference) else {
        return Vec::new();
    };
    let current_chain = poll.is_some() && poll == Some(p.poll_token);
    let step = p.step.clone();
    let st = match result {
        Ok(st) => st,
        Err(f) => {
            if f.code == Some(ApiCode::NotFound) && step == PayStep::Waiting {
                // Only after a create whose answer was lost: it never reached the API, so
                // nothing was asked of the customer and nothing was charged.
                return end_payment(
                    s,
                    &reference,
                    Level::Error,
                    Say::VippsDown {
                        kind: super::FailKind::Unreachable,
                    },
                    SaleOutcome::Failed,
                );
            }
            s.status.api = super::ApiHealth::Degraded(f.message);
            return if current_chain {
                next_poll(&reference, POLL_TROUBLE_MS, poll)
            } else {
                Vec::new()
            };
        }
    };
    if st.state == PayState::Authorized {
        p.captured = st.captured;
    }
    let fully_captured = st.captured >= p.amount.minor;
    s.status.api = super::ApiHealth::Ok;
    if step == PayStep::Journaling {
        return Vec::new();
    }
    match st.state {
        PayState::Authorized if fully_captured => finish(s, &reference),
        PayState::Authorized => match step {
            PayStep::Waiting | PayStep::Requesting => authorized(s, &reference),
            PayStep::Checking => {
                if let Some(p) = s.payment_mut(&reference) {
                    p.step = PayStep::Authorized;
                }
                say(s, Level::Warning, Say::ApprovedBeforeCancel);
                Vec::new()
            }
            _ => Vec::new(),
        },
        PayState::Aborted => end_payment(
            s,
            &reference,
            Level::Warning,
            Say::Rejected,
            SaleOutcome::Aborted,
        ),
        PayState::Expired => end_payment(
            s,
            &reference,
            Level::Warning,
            Say::Expired,
            SaleOutcome::Expired,
        ),
        PayState::Terminated => end_payment(
            s,
            &reference,
            Level::Info,
            Say::CancelledOk,
            SaleOutcome::Cancelled,
        ),
        PayState::Created | PayState::Other if current_chain => {
            next_poll(&reference, POLL_MS, poll)
        }
        PayState::Created | PayState::Other => Vec::new(),
    }
}

fn next_poll(reference: &str, after_ms: u64, poll: Option<u64>) -> Vec<Effect> {
    let reference = reference.to_string();
    vec![if after_ms == 0 {
        Effect::FetchPayment { reference, poll }
    } else {
        Effect::PollPayment {
            reference,
            after_ms,
            poll,
        }
    }]
}

/// A timer ran out: ask the API only if the payment is still ours to watch and the chain is
/// still the current one, so a finished sale costs no more calls.
pub(super) fn on_poll_due(s: &mut State, reference: String, poll: Option<u64>) -> Vec<Effect> {
    match s.payment_mut(&reference) {
        Some(p) if poll.is_none() || poll == Some(p.poll_token) => {
            vec![Effect::FetchPayment { reference, poll }]
        }
        _ => Vec::new(),
    }
}

/// A webhook is a signal, not proof: the payment is asked with a GET before money moves.
pub(super) fn on_event(
    s: &mut State,
    reference: String,
    name: EventName,
    success: bool,
) -> Vec<Effect> {
    let Some(p) = s.payment_mut(&reference) else {
        return Vec::new();
    };
    let decisive = matches!(
        name,
        EventName::Authorized | EventName::Aborted | EventName::Expired | EventName::Terminated
    );
    if success && decisive && matches!(p.step, PayStep::Waiting | PayStep::Requesting) {
        return next_poll(&reference, 0, None);
    }
    Vec::new()
}

fn authorized(s: &mut State, reference: &str) -> Vec<Effect> {
    let auto = s.settings.capture == CaptureMode::Auto;
    let foreground = s.payment.as_ref().is_some_and(|p| p.reference == reference);
    let Some(p) = s.payment_mut(reference) else {
        return Vec::new();
    };
    if auto {
        return vec![capture(p)];
    }
    p.step = PayStep::Authorized;
    if foreground {
        say(s, Level::Success, Say::AuthorizedConfirm);
    }
    Vec::new()
}

pub(super) fn capture_now(s: &mut State) -> Vec<Effect> {
    let Some(p) = s.payment.as_mut().filter(|p| p.step == PayStep::Authorized) else {
        return Vec::new();
    };
    vec![capture(p)]
}

/// Capture what is left of the payment. The key is the same on every attempt, so a capture
/// that did land is answered, not repeated.
fn capture(p: &mut Payment) -> Effect {
    p.step = PayStep::Capturing;
    Effect::Capture {
        reference: p.reference.clone(),
        amount: Money::new(p.amount.minor - p.captured, p.amount.currency),
        idempotency_key: capture_key(&p.reference, p.captured),
    }
}

/// The capture's idempotency key: the same on every retry of one capture, and a new one for
/// the rest after a part was captured (the same key with another amount is a conflict).
pub fn capture_key(reference: &str, already_captured: i64) -> String {
    IdempotencyKey::capture(reference, already_captured).into()
}

pub(super) fn on_captured(
    s: &mut State,
    reference: String,
    result: Result<PaymentStatus, ApiFailure>,
) -> Vec<Effect> {
    let Some(p) = s.payment_mut(&reference) else {
        return Vec::new();
    };
    match result {
        Ok(st) if st.captured >= p.amount.minor => finish(s, &reference),
        Ok(st) => {
            p.captured = st.captured;
            p.step = PayStep::Authorized;
            let (captured, total) = (Money::new(st.captured, p.amount.currency), p.amount);
            say(s, Level::Error, Say::CapturedPart { captured, total });
            Vec::new()
        }
        Err(f) => {
            // The same key is sent again on the cashier's next capture, so a capture that did
            // land is answered, not repeated.
            p.step = PayStep::Authorized;
            say(
                s,
                Level::Error,
                Say::CaptureFailed {
                    reason: f.message,
                    kind: f.kind,
                },
            );
            Vec::new()
        }
    }
}

fn finish(s: &mut State, reference: &str) -> Vec<Effect> {
    let foreground = s.payment.as_ref().is_some_and(|p| p.reference == reference);
    let p = if foreground {
        s.payment.take()
    } else {
        let i = s.background.iter().position(|p| p.reference == reference);
        i.map(|i| s.background.remove(i))
    };
    let Some(p) = p else {
        return Vec::new();
    };
    let mut effects = vec![Effect::CloseSale {
        reference: p.reference.clone(),
        outcome: SaleOutcome::Captured,
    }];
    if foreground && s.tender.is_some() {
        effects.extend(super::tender::settle_vipps(s, &p.reference, p.amount.minor));
        return effects;
    }
    // A payment that finished in the background (or was found at start) paid its whole
    // basket: its receipt is issued on its own. A part of a split found after a restart cannot
    // make a receipt alone (the other parts were on the screen that is gone): the cashier is
    // told, with the reference, to settle the sale by hand.
    if p.amount != p.basket.total() {
        say(
            s,
            Level::Warning,
            Say::PartWithoutReceipt {
                reference: p.reference.clone(),
                amount: p.amount,
            },
        );
        return effects;
    }
    let step = TenderStep {
        kind: ReceiptKind::Sale,
        total: p.basket.total().minor,
        parts: vec![Tender {
            kind: TenderKind::Vipps {
                reference: p.reference.clone(),
            },
            amount: p.amount.minor,
        }],
        rounding: 0,
        issuing: true,
        return_of: None,
        plan: Vec::new(),
        renewed: false,
    };
    let mut shown = s.clone();
    shown.basket = p.basket.clone();
    shown.customer = Some(p.customer.clone());
    let draft = super::tender::draft(&shown, &step);
    effects.push(Effect::IssueReceipt {
        draft: Box::new(draft),
        foreground: false,
    });
    effects
}

/// The payment ended without money: the basket stays for another try (a new reference).
fn end_payment(
    s: &mut State,
    reference: &str,
    level: Level,
    why: Say,
    outcome: SaleOutcome,
) -> Vec<Effect> {
    if s.payment.as_ref().is_some_and(|p| p.reference == reference) {
        s.payment = None;
        say(s, level, why);
    } else if let Some(i) = s.background.iter().position(|p| p.reference == reference) {
        let p = s.background.remove(i);
        s.failed.push(FailedSale {
            receipt_number: p.receipt_number.clone(),
            customer: p.customer,
            basket: p.basket,
            amount: p.amount,
            why,
        });
        say(
            s,
            Level::Warning,
            Say::BackgroundFailed {
                receipt: p.receipt_number,
            },
        );
    } else {
        return Vec::new();
    }
    vec![Effect::CloseSale {
        reference: reference.to_string(),
        outcome,
    }]
}

/// Cancel before authorization (`transaction_only`), or release an authorized reservation.
pub(super) fn cancel(s: &mut State, transaction_only: bool) -> Vec<Effect> {
    let want = if transaction_only {
        PayStep::Waiting
    } else {
        PayStep::Authorized
    };
    let Some(p) = s.payment.as_mut().filter(|p| p.step == want) else {
        return Vec::new();
    };
    p.step = PayStep::Cancelling {
        release: !transaction_only,
    };
    vec![Effect::Cancel {
        reference: p.reference.clone(),
        transaction_only,
        idempotency_key: cancel_key(&p.reference, transaction_only),
    }]
}

/// The key of a cancel before approval (`transaction_only`) or of a release: one each per
/// sale, the same on every retry and in recovery.
pub fn cancel_key(reference: &str, transaction_only: bool) -> String {
    let key = if transaction_only {
        IdempotencyKey::cancel(reference)
    } else {
        IdempotencyKey::release(reference)
    };
    key.into()
}

pub(super) fn on_cancelled(
    s: &mut State,
    reference: String,
    result: Result<PaymentStatus, ApiFailure>,
) -> Vec<Effect> {
    let Some(p) = s.payment_mut(&reference) else {
        return Vec::new();
    };
    match result {
        Ok(st) => match st.state {
            PayState::Authorized if st.captured >= p.amount.minor => finish(s, &reference),
            PayState::Authorized => end_payment(
                s,
                &reference,
                Level::Info,
                Say::ReservationReleased,
                SaleOutcome::Released,
            ),
            PayState::Aborted => end_payment(
                s,
                &reference,
                Level::Warning,
                Say::Rejected,
                SaleOutcome::Aborted,
            ),
            PayState::Expired => end_payment(
                s,
                &reference,
                Level::Warning,
                Say::Expired,
                SaleOutcome::Expired,
            ),
            _ => end_payment(
                s,
                &reference,
                Level::Info,
                Say::CancelledOk,
                SaleOutcome::Cancelled,
            ),
        },
        Err(f) if f.code == Some(ApiCode::AlreadyAuthorized) => {
            p.step = PayStep::Authorized;
            say(s, Level::Warning, Say::ApprovedBeforeCancel);
            Vec::new()
        }
        Err(f) if f.unknown_outcome => {
            p.step = PayStep::Checking;
            next_poll(&reference, 0, None)
        }
        Err(f) => {
            p.step = match p.step {
                PayStep::Cancelling { release: true } => PayStep::Authorized,
                _ => PayStep::Waiting,
            };
            say(
                s,
                Level::Error,
                Say::CancelFailed {
                    reason: f.message,
                    kind: f.kind,
                },
            );
            Vec::new()
        }
    }
}
