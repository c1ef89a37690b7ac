//! The ePayment API: create, get, event log, capture, cancel, refund, the test environment's
//! force-approve, and the payment state machine with its events and webhooks.

use crate::sim::auth::{check_platform, Msn};
use crate::sim::epayment_validate::{self as validate, Customer};
use crate::sim::problem::{coded, invalid_fields, problem, Resp};
use crate::sim::server::Req;
use crate::sim::state::{
    rate_scope, rfc3339, Bucket, Payment, PaymentEvent, PaymentState, Shared, State, Stored,
};
use crate::sim::{qr, webhooks, SimError};
use hyper::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::SystemTime;
use tokio::time::Instant;

/// The body as JSON; an empty body counts as `{}` where `empty_ok`.
pub(crate) fn json_body(req: &Req, empty_ok: bool) -> Result<Value, Resp> {
    if empty_ok && req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(&req.body).map_err(|e| {
        invalid_fields(
            &req.path,
            &[("body".into(), format!("Not valid JSON: {e}"))],
        )
    })
}

/// The `Idempotency-Key` header, checked against the spec's limit.
pub(crate) fn idempotency_key(req: &Req, required: bool) -> Result<Option<String>, Resp> {
    match req.header("idempotency-key") {
        None if required => Err(invalid_fields(
            &req.path,
            &[("Idempotency-Key".into(), "The header is required".into())],
        )),
        None => Ok(None),
        Some(k) if k.is_empty() || k.chars().count() > 50 => Err(invalid_fields(
            &req.path,
            &[(
                "Idempotency-Key".into(),
                "Must be 1 to 50 characters".into(),
            )],
        )),
        Some(k) => Ok(Some(k.to_string())),
    }
}

/// Answers that belong to an idempotency key; transient refusals do not.
pub(crate) fn storable(resp: &Resp) -> bool {
    let s = resp.status.as_u16();
    s < 500 && s != 429 && s != 401
}

pub(crate) fn rate_limited(state: &State, reference: &str, bucket: Bucket, path: &str) -> Resp {
    let retry = state.retry_after(reference, bucket, Instant::now());
    problem(
        StatusCode::TOO_MANY_REQUESTS,
        "Too Many Requests",
        "Rate limit exceeded for this reference; try again later",
        path,
        &[],
    )
    .with_header("retry-after", retry.to_string())
}

pub(crate) fn not_found(reference: &str, path: &str) -> Resp {
    coded(
        StatusCode::NOT_FOUND,
        5090,
        "Payment not found",
        &format!("No payment with reference {reference}"),
        path,
    )
}

pub(crate) fn amount_json(currency: &str, value: i64) -> Value {
    json!({"currency": currency, "value": value})
}

pub(crate) fn aggregate(p: &Payment) -> Value {
    json!({
        "authorizedAmount": amount_json(&p.currency, p.authorized),
        "cancelledAmount": amount_json(&p.currency, p.cancelled),
        "capturedAmount": amount_json(&p.currency, p.captured),
        "refundedAmount": amount_json(&p.currency, p.refunded),
    })
}

/// Appends an event to the payment's log and publishes its webhook. Returns its pspReference.
pub(crate) fn push_event(
    shared: &Shared,
    state: &mut State,
    reference: &str,
    name: &'static str,
    amount: i64,
    key: Option<String>,
) -> String {
    let psp = uuid::Uuid::new_v4().to_string();
    let Some(p) = state.payments.get_mut(reference) else {
        return psp;
    };
    let event = PaymentEvent {
        name,
        amount,
        psp_reference: psp.clone(),
        timestamp: rfc3339(SystemTime::now()),
        idempotency_key: key,
        success: true,
    };
    let mut body = json!({
        "msn": shared.msn(),
        "reference": p.reference,
        "pspReference": event.psp_reference,
        "name": name,
        "amount": amount_json(&p.currency, amount),
        "timestamp": event.timestamp,
        "idempotencyKey": event.idempotency_key,
        "success": true,
    });
    if let (Some(sub), "AUTHORIZED", Some(map)) = (&p.sub, name, body.as_object_mut()) {
        map.insert("sub".into(), json!(sub));
    }
    p.events.push(event);
    let event_type = format!("epayments.payment.{}.v1", name.to_ascii_lowercase());
    webhooks::publish(state, &event_type, &body);
    psp
}

/// `POST /epayment/v1/payments`
pub(crate) fn create(shared: &Arc<Shared>, req: &Req) -> Resp {
    if let Err(r) = check_platform(shared, req, Msn::Required) {
        return r;
    }
    let key = match idempotency_key(req, true) {
        Ok(k) => k.unwrap_or_default(),
        Err(r) => return r,
    };
    let body = match json_body(req, false) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let reference = body
        .get("reference")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut state = shared.lock();
    let limit = shared.config.modification_limit_per_minute;
    let scope = rate_scope(&reference, req.header("merchant-serial-number"));
    if !state.rate_ok(&scope, Bucket::Create, limit, Instant::now()) {
        return rate_limited(&state, &scope, Bucket::Create, &req.path);
    }
    let slot = ("create".to_string(), key.clone());
    if let Some(stored) = state.idempotency.get(&slot) {
        return if stored.body == body {
            stored.resp.clone()
        } else {
            coded(
                StatusCode::CONFLICT,
                4020,
                "Idempotency conflict",
                "This Idempotency-Key was used with a different request body",
                &req.path,
            )
        };
    }
    let resp = create_new(shared, &mut state, req, &body, &key);
    if storable(&resp) {
        state.idempotency.insert(
            slot,
            Stored {
                body,
                resp: resp.clone(),
            },
        );
    }
    resp
}

fn create_new(shared: &Arc<Shared>, state: &mut State, req: &Req, body: &Value, key: &str) -> Resp {
    let input = match validate::create(body) {
        Ok(i) => i,
        Err(fields) => return invalid_fields(&req.path, &fields),
    };
    if body.get("expiresAt").is_some_and(|v| !v.is_null()) {
        return coded(
            StatusCode::BAD_REQUEST,
            5050,
            "Long-living payments not enabled",
            "This sales unit is not approved for expiresAt (long-living payments)",
            &req.path,
        );
    }
    let market = shared.config.country.currency();
    if input.currency != market.code() {
        return coded(
            StatusCode::BAD_REQUEST,
            5040,
            "Currency not valid for this merchant",
            &format!("This sales unit accepts {} only", market.code()),
            &req.path,
        );
    }
    if input.value < market.minimum_payment() {
        return coded(
            StatusCode::BAD_REQUEST,
            6010,
            "Amount too small",
            &format!(
                "The minimum amount is {} minor units",
                market.minimum_payment()
            ),
            &req.path,
        );
    }
    let msisdn = match &input.customer {
        None => None,
        Some(c) => match customer_msisdn(shared, c, &req.path) {
            Ok(m) => Some(m),
            Err(r) => return r,
        },
    };
    if state.payments.contains_key(&input.reference) {
        return coded(
            StatusCode::CONFLICT,
            4150,
            "Reference already used",
            "A payment with this reference already exists for this sales unit",
            &req.path,
        );
    }
    let sub = msisdn
        .as_deref()
        .filter(|_| input.wants_profile)
        .and_then(|m| shared.user_by_msisdn(m))
        .map(|u| u.sub.clone());
    let payment = Payment {
        reference: input.reference.clone(),
        currency: input.currency.clone(),
        amount: input.value,
        state: PaymentState::Created,
        msisdn,
        description: input.description.clone(),
        psp_reference: String::new(),
        created: Instant::now(),
        created_wall: SystemTime::now(),
        metadata: input.metadata.clone(),
        sub,
        authorized: 0,
        captured: 0,
        cancelled: 0,
        refunded: 0,
        events: Vec::new(),
    };
    state.payments.insert(input.reference.clone(), payment);
    let psp = push_event(
        shared,
        state,
        &input.reference,
        "CREATED",
        input.value,
        Some(key.to_string()),
    );
    if let Some(p) = state.payments.get_mut(&input.reference) {
        p.psp_reference = psp;
    }
    schedule_expiry(shared, &input.reference);
    let mut out = json!({"reference": input.reference});
    if input.user_flow != "PUSH_MESSAGE" {
        if let Some(map) = out.as_object_mut() {
            let url = format!("{}/_sim/landing/{}", shared.base_url, input.reference);
            map.insert("redirectUrl".into(), json!(url));
        }
    }
    Resp::json(StatusCode::CREATED, &out)
}

/// The customer's MSISDN, or the error the real API gives for this customer.
fn customer_msisdn(shared: &Shared, customer: &Customer, path: &str) -> Result<String, Resp> {
    let not_found = || {
        coded(
            StatusCode::BAD_REQUEST,
            7010,
            "Customer not found",
            "The customer could not be found or is not eligible for this payment",
            path,
        )
    };
    let msisdn = match customer {
        Customer::PhoneNumber(n) => {
            if !["47", "45", "358"].iter().any(|cc| n.starts_with(cc)) {
                return Err(coded(
                    StatusCode::BAD_REQUEST,
                    4070,
                    "Invalid phone number",
                    "The phone number is not a valid Vipps MobilePay number",
                    path,
                ));
            }
            n.clone()
        }
        Customer::PersonalQr(code) => match qr::decode(shared, code) {
            Some((m, _, _)) => m,
            None => {
                return Err(coded(
                    StatusCode::BAD_REQUEST,
                    4060,
                    "Invalid personalQr",
                    "The personal QR code is not valid",
                    path,
                ))
            }
        },
        Customer::Token(_) => {
            return Err(coded(
                StatusCode::BAD_REQUEST,
                4050,
                "Invalid customerToken",
                "The customer token is unknown or has expired",
                path,
            ))
        }
    };
    match shared.user_by_msisdn(&msisdn) {
        Some(_) => Ok(msisdn),
        None => Err(not_found()),
    }
}

/// Expires the payment when its time is up, on the tokio clock.
fn schedule_expiry(shared: &Arc<Shared>, reference: &str) {
    let weak = Arc::downgrade(shared);
    let reference = reference.to_string();
    let after = shared.config.payment_expiry;
    tokio::spawn(async move {
        tokio::time::sleep(after).await;
        if let Some(shared) = weak.upgrade() {
            // Already answered or cancelled is the common case, not an error.
            let _ = customer_answer(&shared, &reference, PaymentState::Expired);
        }
    });
}

/// The customer's phone (or the clock) moves a CREATED payment to a final state.
pub(crate) fn customer_answer(
    shared: &Shared,
    reference: &str,
    to: PaymentState,
) -> Result<(), SimError> {
    let mut state = shared.lock();
    let Some(p) = state.payments.get_mut(reference) else {
        return Err(SimError::UnknownPayment(reference.to_string()));
    };
    if p.state != PaymentState::Created {
        return Err(SimError::PaymentNotPending {
            reference: reference.to_string(),
            state: p.state.as_str().to_string(),
        });
    }
    p.state = to;
    let amount = p.amount;
    if to == PaymentState::Authorized {
        p.authorized = amount;
    }
    push_event(shared, &mut state, reference, to.as_str(), amount, None);
    Ok(())
}
