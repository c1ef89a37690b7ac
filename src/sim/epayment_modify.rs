//! ePayment modifications (capture, cancel, refund) and the test environment's force-approve.
//! They move only the aggregate amounts; a payment's state never changes after AUTHORIZED.

use crate::sim::auth::{check_platform, Msn};
use crate::sim::epayment::customer_answer;
use crate::sim::epayment::{
    aggregate, idempotency_key, json_body, not_found, push_event, rate_limited, storable,
};
use crate::sim::epayment_validate::{self as validate};
use crate::sim::problem::{coded, invalid_fields, problem, Resp};
use crate::sim::server::Req;
use crate::sim::state::{rate_scope, Bucket, PaymentState, Shared, State, Stored};
use hyper::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Capture,
    Cancel,
    Refund,
}

impl Op {
    fn bucket(self) -> Bucket {
        match self {
            Op::Capture => Bucket::Capture,
            Op::Cancel => Bucket::Cancel,
            Op::Refund => Bucket::Refund,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Op::Capture => "capture",
            Op::Cancel => "cancel",
            Op::Refund => "refund",
        }
    }

    /// The error code of "same key, other body".
    fn conflict_code(self) -> u32 {
        match self {
            Op::Capture => 4010,
            Op::Cancel => 4020,
            Op::Refund => 4150,
        }
    }
}

/// `POST /epayment/v1/payments/{reference}/capture`
pub(crate) fn capture(shared: &Arc<Shared>, req: &Req, reference: &str) -> Resp {
    modify(shared, req, reference, Op::Capture)
}

/// `POST /epayment/v1/payments/{reference}/cancel`
pub(crate) fn cancel(shared: &Arc<Shared>, req: &Req, reference: &str) -> Resp {
    modify(shared, req, reference, Op::Cancel)
}

/// `POST /epayment/v1/payments/{reference}/refund`
pub(crate) fn refund(shared: &Arc<Shared>, req: &Req, reference: &str) -> Resp {
    modify(shared, req, reference, Op::Refund)
}

fn modify(shared: &Arc<Shared>, req: &Req, reference: &str, op: Op) -> Resp {
    if let Err(r) = check_platform(shared, req, Msn::Required) {
        return r;
    }
    // The 1.8.1 spec dropped the key requirement for cancel; capture and refund keep it.
    let key = match idempotency_key(req, op != Op::Cancel) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let body = match json_body(req, op == Op::Cancel) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut state = shared.lock();
    let limit = shared.config.modification_limit_per_minute;
    let scope = rate_scope(reference, req.header("merchant-serial-number"));
    if !state.rate_ok(&scope, op.bucket(), limit, Instant::now()) {
        return rate_limited(&state, &scope, op.bucket(), &req.path);
    }
    let slot = key
        .as_ref()
        .map(|k| (format!("{}:{reference}", op.name()), k.clone()));
    if let Some(stored) = slot.as_ref().and_then(|s| state.idempotency.get(s)) {
        return if stored.body == body {
            stored.resp.clone()
        } else {
            coded(
                StatusCode::CONFLICT,
                op.conflict_code(),
                "Idempotency conflict",
                "This Idempotency-Key was used with a different request body",
                &req.path,
            )
        };
    }
    let resp = apply(shared, &mut state, req, reference, op, &body, key);
    if let Some(slot) = slot {
        if storable(&resp) {
            state.idempotency.insert(
                slot,
                Stored {
                    body,
                    resp: resp.clone(),
                },
            );
        }
    }
    resp
}

fn apply(
    shared: &Shared,
    state: &mut State,
    req: &Req,
    reference: &str,
    op: Op,
    body: &Value,
    key: Option<String>,
) -> Resp {
    let amount = match op {
        Op::Cancel => match cancel_flag(body) {
            Ok(only) => Err(only),
            Err(fields) => return invalid_fields(&req.path, &fields),
        },
        Op::Capture | Op::Refund => {
            let unknown: Vec<(String, String)> = body
                .as_object()
                .map(|m| {
                    m.keys()
                        .filter(|k| *k != "modificationAmount")
                        .map(|k| (k.clone(), "Unknown field".to_string()))
                        .collect()
                })
                .unwrap_or_else(|| vec![("body".into(), "Must be an object".into())]);
            if !unknown.is_empty() {
                return invalid_fields(&req.path, &unknown);
            }
            match validate::amount(body.get("modificationAmount"), "modificationAmount") {
                Ok(a) => Ok(a),
                Err(fields) => return invalid_fields(&req.path, &fields),
            }
        }
    };
    let Some(p) = state.payments.get(reference) else {
        return not_found(reference, &req.path);
    };
    let (currency, payment_state, total) = (p.currency.clone(), p.state, p.amount);
    let (authorized, captured, cancelled, refunded) =
        (p.authorized, p.captured, p.cancelled, p.refunded);
    let path = req.path.as_str();
    // `None`: nothing changes (a repeated cancel), the answer shows the payment as it is.
    let change: Option<(&'static str, i64)> = match (op, amount) {
        (Op::Capture | Op::Refund, Ok((cur, value))) => {
            if cur != currency {
                return coded(
                    StatusCode::BAD_REQUEST,
                    5040,
                    "Currency mismatch",
                    &format!("The payment is in {currency}"),
                    path,
                );
            }
            if value <= 0 {
                return coded(
                    StatusCode::BAD_REQUEST,
                    4040,
                    "Invalid amount",
                    "The modification amount must be above zero",
                    path,
                );
            }
            if payment_state != PaymentState::Authorized {
                let code = if op == Op::Capture { 6080 } else { 6150 };
                return coded(
                    StatusCode::BAD_REQUEST,
                    code,
                    "Payment not authorized",
                    &format!(
                        "The payment is {}; only an AUTHORIZED payment can be modified",
                        payment_state.as_str()
                    ),
                    path,
                );
            }
            if op == Op::Capture {
                if value > authorized - cancelled - captured {
                    return coded(
                        StatusCode::BAD_REQUEST,
                        6090,
                        "Capture amount too high",
                        &format!(
                            "At most {} can still be captured",
                            authorized - cancelled - captured
                        ),
                        path,
                    );
                }
                Some(("CAPTURED", value))
            } else {
                if value > captured - refunded {
                    return coded(
                        StatusCode::BAD_REQUEST,
                        6150,
                        "Not enough refundable",
                        &format!("At most {} can be refunded", captured - refunded),
                        path,
                    );
                }
                Some(("REFUNDED", value))
            }
        }
        (Op::Cancel, Err(transaction_only)) => match payment_state {
            PaymentState::Created => Some(("TERMINATED", total)),
            PaymentState::Authorized if transaction_only => {
                return coded(
                    StatusCode::BAD_REQUEST,
                    6060,
                    "Cannot cancel authorized payment",
                    "The payment is already authorized and cancelTransactionOnly was set",
                    path,
                );
            }
            PaymentState::Authorized => {
                let remainder = authorized - captured - cancelled;
                if remainder <= 0 && cancelled == 0 {
                    return coded(
                        StatusCode::BAD_REQUEST,
                        6040,
                        "Cannot cancel captured payment",
                        "The payment is fully captured; refund it instead",
                        path,
                    );
                }
                (remainder > 0).then_some(("CANCELLED", remainder))
            }
            PaymentState::Terminated => None,
            other => {
                return problem(
                    StatusCode::BAD_REQUEST,
                    "Cannot cancel payment",
                    &format!("The payment is {} and cannot be cancelled", other.as_str()),
                    path,
                    &[],
                );
            }
        },
        _ => {
            return problem(
                StatusCode::BAD_REQUEST,
                "Bad Request",
                "Inconsistent request",
                path,
                &[],
            )
        }
    };
    let mut psp = None;
    if let Some((event, value)) = change {
        if let Some(p) = state.payments.get_mut(reference) {
            match event {
                "CAPTURED" => p.captured += value,
                "REFUNDED" => p.refunded += value,
                "CANCELLED" => p.cancelled += value,
                "TERMINATED" => p.state = PaymentState::Terminated,
                _ => {}
            }
        }
        psp = Some(push_event(shared, state, reference, event, value, key));
    }
    let Some(p) = state.payments.get(reference) else {
        return not_found(reference, path);
    };
    let psp = psp.unwrap_or_else(|| {
        p.events
            .last()
            .map(|e| e.psp_reference.clone())
            .unwrap_or_default()
    });
    Resp::json(
        StatusCode::OK,
        &json!({
            "amount": {"currency": p.currency, "value": p.amount},
            "state": p.state.as_str(),
            "aggregate": aggregate(p),
            "pspReference": psp,
            "reference": p.reference,
        }),
    )
}

/// `cancelTransactionOnly` from a cancel body (`{}` and an empty body mean false).
fn cancel_flag(body: &Value) -> Result<bool, Vec<(String, String)>> {
    let Some(map) = body.as_object() else {
        return Err(vec![("body".into(), "Must be an object".into())]);
    };
    let mut errors = Vec::new();
    for k in map.keys().filter(|k| *k != "cancelTransactionOnly") {
        errors.push((k.clone(), "Unknown field".to_string()));
    }
    let flag = match map.get("cancelTransactionOnly") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            errors.push(("cancelTransactionOnly".into(), "Must be a boolean".into()));
            false
        }
    };
    if errors.is_empty() {
        Ok(flag)
    } else {
        Err(errors)
    }
}

/// `POST /epayment/v1/test/payments/{reference}/approve` (test environment only).
pub(crate) fn force_approve(shared: &Arc<Shared>, req: &Req, reference: &str) -> Resp {
    if let Err(r) = check_platform(shared, req, Msn::Required) {
        return r;
    }
    let body = match json_body(req, false) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(map) = body.as_object() else {
        return invalid_fields(&req.path, &[("body".into(), "Must be an object".into())]);
    };
    if let Some(k) = map.keys().find(|k| *k != "customer" && *k != "token") {
        return invalid_fields(&req.path, &[(k.clone(), "Unknown field".into())]);
    }
    let phone = map
        .get("customer")
        .and_then(|c| c.get("phoneNumber"))
        .and_then(Value::as_str);
    if phone.is_none() && map.get("token").and_then(Value::as_str).is_none() {
        return invalid_fields(
            &req.path,
            &[(
                "customer".into(),
                "customer.phoneNumber or token is required".into(),
            )],
        );
    }
    {
        let state = shared.lock();
        let Some(p) = state.payments.get(reference) else {
            return not_found(reference, &req.path);
        };
        if let (Some(given), Some(expected)) = (phone, p.msisdn.as_deref()) {
            if given != expected {
                return problem(
                    StatusCode::BAD_REQUEST,
                    "Wrong customer",
                    "The phone number is not the payment's customer",
                    &req.path,
                    &[(
                        "customer.phoneNumber".into(),
                        "Does not match the payment".into(),
                    )],
                );
            }
        }
    }
    match customer_answer(shared, reference, PaymentState::Authorized) {
        Ok(()) => Resp::empty(StatusCode::OK),
        Err(e) => problem(
            StatusCode::BAD_REQUEST,
            "Cannot approve payment",
            &e.to_string(),
            &req.path,
            &[],
        ),
    }
}
