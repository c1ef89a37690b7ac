//! The control surface under `/_sim/`: plays the customers' phones (approve, reject, consent,
//! deny, let expire), sets faults, and shows users and call counts. No credentials: it is a
//! development tool bound to loopback.

use crate::domain::{Currency, Money, Msisdn};
use crate::sim::faults::Faults;
use crate::sim::problem::Resp;
use crate::sim::server::Req;
use crate::sim::state::{rfc3339, LoginStatus, PaymentState, Shared};
use crate::sim::{epayment, login, SimError};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::SystemTime;
use tokio::time::Instant;

/// What is waiting on a customer's phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingKind {
    /// A payment request (push message) awaiting approve or reject.
    Payment {
        reference: String,
        amount: Money,
        msisdn: Option<Msisdn>,
        description: Option<String>,
    },
    /// A merchant-initiated login awaiting consent.
    Login {
        auth_req_id: String,
        msisdn: Msisdn,
        binding_message: Option<String>,
        scopes: Vec<String>,
    },
}

/// One request on a customer's phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRequest {
    pub kind: PendingKind,
    /// When the merchant sent it.
    pub created: SystemTime,
}

impl PendingRequest {
    fn to_json(&self) -> Value {
        let created = rfc3339(self.created);
        match &self.kind {
            PendingKind::Payment {
                reference,
                amount,
                msisdn,
                description,
            } => json!({
                "type": "payment",
                "reference": reference,
                "amount": {"currency": amount.currency.code(), "value": amount.minor},
                "msisdn": msisdn.as_ref().map(Msisdn::as_str),
                "description": description,
                "created": created,
            }),
            PendingKind::Login {
                auth_req_id,
                msisdn,
                binding_message,
                scopes,
            } => json!({
                "type": "login",
                "auth_req_id": auth_req_id,
                "msisdn": msisdn.as_str(),
                "binding_message": binding_message,
                "scopes": scopes,
                "created": created,
            }),
        }
    }
}

/// Payments in CREATED and open logins, oldest first.
pub(crate) fn pending(shared: &Shared) -> Vec<PendingRequest> {
    let now = Instant::now();
    let state = shared.lock();
    let market = shared.config.country.currency();
    let user_msisdn = |m: &str| shared.user_by_msisdn(m).map(|u| u.msisdn.clone());
    let mut out: Vec<(Instant, PendingRequest)> = Vec::new();
    for p in state.payments.values() {
        if p.state == PaymentState::Created {
            let currency = Currency::from_code(&p.currency).unwrap_or(market);
            let kind = PendingKind::Payment {
                reference: p.reference.clone(),
                amount: Money::new(p.amount, currency),
                msisdn: p.msisdn.as_deref().and_then(user_msisdn),
                description: p.description.clone(),
            };
            out.push((
                p.created,
                PendingRequest {
                    kind,
                    created: p.created_wall,
                },
            ));
        }
    }
    for l in state.logins.values() {
        let Some(msisdn) = user_msisdn(&l.msisdn) else {
            continue;
        };
        if l.is_open(now) {
            let kind = PendingKind::Login {
                auth_req_id: l.auth_req_id.clone(),
                msisdn,
                binding_message: l.binding_message.clone(),
                scopes: l.scopes.clone(),
            };
            out.push((
                l.created,
                PendingRequest {
                    kind,
                    created: l.created_wall,
                },
            ));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, p)| p).collect()
}

fn error(status: StatusCode, message: &str) -> Resp {
    Resp::json(status, &json!({"error": message}))
}

fn outcome(result: Result<(), SimError>) -> Resp {
    match result {
        Ok(()) => Resp::json(StatusCode::OK, &json!({"ok": true})),
        Err(e @ (SimError::UnknownPayment(_) | SimError::UnknownLogin(_))) => {
            error(StatusCode::NOT_FOUND, &e.to_string())
        }
        Err(e) => error(StatusCode::CONFLICT, &e.to_string()),
    }
}

/// Routes `/_sim/…`.
pub(crate) fn handle(shared: &Shared, req: &Req) -> Resp {
    let segs = req.segments_after("/_sim");
    match (&req.method, segs.as_slice()) {
        (&Method::GET, ["pending"]) => {
            let list: Vec<Value> = pending(shared)
                .iter()
                .map(PendingRequest::to_json)
                .collect();
            Resp::json(StatusCode::OK, &json!({"pending": list}))
        }
        (&Method::POST, ["payments", reference, action]) => {
            let to = match *action {
                "approve" => PaymentState::Authorized,
                "reject" => PaymentState::Aborted,
                "expire" => PaymentState::Expired,
                _ => return error(StatusCode::NOT_FOUND, "actions: approve, reject, expire"),
            };
            outcome(epayment::customer_answer(shared, reference, to))
        }
        (&Method::POST, ["logins", id, action]) => {
            let to = match *action {
                "consent" => LoginStatus::Consented,
                "deny" => LoginStatus::Denied,
                "expire" => LoginStatus::Expired,
                _ => return error(StatusCode::NOT_FOUND, "actions: consent, deny, expire"),
            };
            outcome(login::customer_answer(shared, id, to))
        }
        (&Method::GET, ["faults"]) => match serde_json::to_value(&shared.lock().faults) {
            Ok(v) => Resp::json(StatusCode::OK, &v),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        },
        (&Method::PUT, ["faults"]) => match serde_json::from_slice::<Faults>(&req.body) {
            Ok(f) => {
                shared.lock().faults = f;
                Resp::json(StatusCode::OK, &json!({"ok": true}))
            }
            Err(e) => error(StatusCode::BAD_REQUEST, &format!("invalid faults: {e}")),
        },
        (&Method::GET, ["users"]) => {
            let users: Vec<Value> = shared.users.iter().map(|u| u.to_json()).collect();
            Resp::json(StatusCode::OK, &json!({"users": users}))
        }
        (&Method::GET, ["stats"]) => {
            let state = shared.lock();
            let total: u64 = state.stats.values().sum();
            let hooks: Vec<Value> = state
                .webhooks
                .iter()
                .map(|r| json!({"id": r.id, "url": r.url, "delivered": r.delivered, "failed_attempts": r.failed_attempts}))
                .collect();
            Resp::json(
                StatusCode::OK,
                &json!({"requests": state.stats, "total": total, "webhooks": hooks}),
            )
        }
        (&Method::GET, ["landing", reference]) => Resp::json(
            StatusCode::OK,
            &json!({"info": "simulated landing page; approve with POST /_sim/payments/{reference}/approve", "reference": reference}),
        ),
        _ => error(
            StatusCode::NOT_FOUND,
            "unknown control route; see docs/SIMULATOR.md",
        ),
    }
}
