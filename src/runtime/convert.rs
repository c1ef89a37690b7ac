//! Edge types to the core's plain data: API errors to `ApiFailure`, payments to
//! `PaymentStatus`, Login claims to a `Member`.

use crate::domain::{Member, MemberSource, Msisdn};
use crate::till::{ApiCode, ApiFailure, EventName, FailKind, PayState, PaymentStatus};
use crate::vipps::{self, Aggregate, PaymentState, UserInfo, VippsError};

/// The longest reason shown on the till's one-line notice.
const MAX_REASON: usize = 160;

pub fn failure(e: &VippsError) -> ApiFailure {
    let code = api_code(e.status(), e.error_code());
    // What it means for the cashier; the screen says it in the cashier's language.
    let kind = match (e.error_code(), e) {
        (Some("7010"), _) => FailKind::CannotPay,
        (Some("5080"), _) => FailKind::PushNotAllowed,
        (Some("old_app"), _) => FailKind::OldApp,
        (Some("invalid_user" | "unknown_user_id"), _) => FailKind::NotLoginUser,
        (_, VippsError::Timeout) => FailKind::Timeout,
        (_, VippsError::Connect(_)) => FailKind::Unreachable,
        (_, VippsError::RateLimited { .. }) => FailKind::RateLimited,
        _ if e.status().is_some_and(|s| s >= 500) => FailKind::ServerError,
        _ => FailKind::Other,
    };
    let message = e.to_string();
    let unknown_outcome = matches!(e, VippsError::Timeout | VippsError::Connect(_))
        || e.status().is_some_and(|s| s >= 500);
    tracing::warn!(error = %e, trace_id = ?e.trace_id(), "API call failed");
    ApiFailure {
        kind,
        message: message.chars().take(MAX_REASON).collect(),
        code,
        unknown_outcome,
    }
}

/// The one place the API's answer codes become the core's `ApiCode`.
fn api_code(status: Option<u16>, error_code: Option<&str>) -> Option<ApiCode> {
    match (status, error_code) {
        (Some(404), _) => Some(ApiCode::NotFound),
        (_, Some("6060")) => Some(ApiCode::AlreadyAuthorized),
        (_, Some("4020")) => Some(ApiCode::ReferenceUsed),
        (_, Some(other)) => Some(ApiCode::Other(other.to_string())),
        (_, None) => None,
    }
}

/// A database failure on the way back from a call that did succeed.
pub fn store_failure(reason: &str) -> ApiFailure {
    ApiFailure {
        kind: FailKind::Other,
        message: format!("saved at Vipps, but not in the local database: {reason}"),
        code: None,
        unknown_outcome: true,
    }
}

pub fn pay_state(s: &PaymentState) -> PayState {
    match s {
        PaymentState::Created => PayState::Created,
        PaymentState::Authorized => PayState::Authorized,
        PaymentState::Aborted => PayState::Aborted,
        PaymentState::Expired => PayState::Expired,
        PaymentState::Terminated => PayState::Terminated,
        PaymentState::Other(_) => PayState::Other,
    }
}

pub fn event_name(n: &vipps::EventName) -> EventName {
    use vipps::EventName as V;
    match n {
        V::Created => EventName::Created,
        V::Authorized => EventName::Authorized,
        V::Aborted => EventName::Aborted,
        V::Expired => EventName::Expired,
        V::Cancelled => EventName::Cancelled,
        V::Captured => EventName::Captured,
        V::Refunded => EventName::Refunded,
        V::Terminated => EventName::Terminated,
        V::Other(_) => EventName::Other,
    }
}

pub fn payment_status(state: &PaymentState, a: &Aggregate) -> PaymentStatus {
    PaymentStatus {
        state: pay_state(state),
        authorized: a.authorized_amount.value,
        captured: a.captured_amount.value,
        cancelled: a.cancelled_amount.value,
        refunded: a.refunded_amount.as_ref().map_or(0, |r| r.value),
    }
}

/// The member as enrolled: keyed by the number the cashier identified, with Login's `sub`.
pub fn member_from_userinfo(msisdn: Msisdn, info: UserInfo) -> Member {
    let name = info
        .name
        .or_else(|| match (info.given_name, info.family_name) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            (g, f) => g.or(f),
        });
    Member {
        msisdn,
        sub: Some(info.sub),
        name,
        email: info.email,
        enrolled_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
        source: MemberSource::Login,
        consents: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_codes_are_classified_once() {
        assert_eq!(api_code(Some(404), None), Some(ApiCode::NotFound));
        assert_eq!(api_code(Some(404), Some("6060")), Some(ApiCode::NotFound));
        assert_eq!(
            api_code(Some(400), Some("6060")),
            Some(ApiCode::AlreadyAuthorized)
        );
        assert_eq!(
            api_code(Some(409), Some("4020")),
            Some(ApiCode::ReferenceUsed)
        );
        assert_eq!(
            api_code(Some(400), Some("7010")),
            Some(ApiCode::Other("7010".into()))
        );
        assert_eq!(api_code(Some(500), None), None);
    }
}
