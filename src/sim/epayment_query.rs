//! ePayment queries: get a payment and its event log, under the per-reference query limit.

use crate::sim::auth::{check_platform, Msn};
use crate::sim::epayment::{aggregate, amount_json, not_found, rate_limited};
use crate::sim::problem::Resp;
use crate::sim::server::Req;
use crate::sim::state::{rate_scope, Bucket, Payment, PaymentState, Shared};
use hyper::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::time::Instant;

fn payment_json(p: &Payment) -> Value {
    let mut out = json!({
        "aggregate": aggregate(p),
        "amount": amount_json(&p.currency, p.amount),
        "state": p.state.as_str(),
        "paymentMethod": {"type": "WALLET"},
        "profile": match (&p.sub, p.state) {
            (Some(sub), PaymentState::Authorized) => json!({"sub": sub}),
            _ => json!({}),
        },
        "pspReference": p.psp_reference,
        "reference": p.reference,
    });
    if let (Some(m), Some(map)) = (&p.metadata, out.as_object_mut()) {
        map.insert("metadata".into(), m.clone());
    }
    out
}

/// Platform checks and the per-reference query limit for get and events.
fn query_guard(shared: &Shared, req: &Req, reference: &str) -> Result<(), Resp> {
    check_platform(shared, req, Msn::Required)?;
    let mut state = shared.lock();
    let limit = shared.config.query_limit_per_minute;
    let scope = rate_scope(reference, req.header("ocp-apim-subscription-key"));
    if !state.rate_ok(&scope, Bucket::Query, limit, Instant::now()) {
        return Err(rate_limited(&state, &scope, Bucket::Query, &req.path));
    }
    Ok(())
}

/// `GET /epayment/v1/payments/{reference}`
pub(crate) fn get(shared: &Arc<Shared>, req: &Req, reference: &str) -> Resp {
    if let Err(r) = query_guard(shared, req, reference) {
        return r;
    }
    match shared.lock().payments.get(reference) {
        Some(p) => Resp::json(StatusCode::OK, &payment_json(p)),
        None => not_found(reference, &req.path),
    }
}

/// `GET /epayment/v1/payments/{reference}/events`
pub(crate) fn events(shared: &Arc<Shared>, req: &Req, reference: &str) -> Resp {
    if let Err(r) = query_guard(shared, req, reference) {
        return r;
    }
    let state = shared.lock();
    let Some(p) = state.payments.get(reference) else {
        return not_found(reference, &req.path);
    };
    let list: Vec<Value> = p
        .events
        .iter()
        .map(|e| {
            json!({
                "reference": p.reference,
                "pspReference": e.psp_reference,
                "name": e.name,
                "amount": amount_json(&p.currency, e.amount),
                "timestamp": e.timestamp,
                "idempotencyKey": e.idempotency_key,
                "success": e.success,
            })
        })
        .collect();
    Resp::json(StatusCode::OK, &Value::Array(list))
}
