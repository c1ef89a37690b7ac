//! The sale as a pure state machine: `update(&mut State, Msg) -> Vec<Effect>`.
//!
//! No I/O, no clock, no randomness here: time arrives in `Msg::Tick`, results of the world's
//! work arrive as messages, and what the world should do leaves as `Effect`s. Every flow of the
//! till is therefore testable without a terminal, a database or a network.

mod background;
mod basket_ops;
mod customer;
mod keys;
mod msg;
mod payment;
mod refund;
mod say;
mod state;

pub use crate::domain::ProductHit;
pub use keys::{available_actions, key_label};
pub use msg::{
    Action, ApiFailure, DemoScan, Effect, EnrolPoll, EventName, FailKind, Key, Msg, PayState,
    PaymentStatus,
};
pub use payment::{capture_key, CODE_NOT_FOUND};
pub use say::Say;
pub use state::*;

/// Info and success notices fade after this long; warnings and errors stay until replaced.
const NOTICE_FADE_MS: u64 = 8_000;

pub fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick { now_ms } => {
            s.now_ms = now_ms;
            if let Some(n) = &s.notice {
                let fades = matches!(n.level, Level::Info | Level::Success);
                if fades && now_ms.saturating_sub(n.at_ms) > NOTICE_FADE_MS {
                    s.notice = None;
                }
            }
            customer::tick(s);
            Vec::new()
        }
        Msg::Key(k) => keys::on_key(s, k),
        Msg::Action(a) => keys::on_action(s, a),
        Msg::Scan { payload } => customer::on_scan(s, &payload),
        Msg::ScannerConnected(name) => {
            s.status.scanner = ScannerState::Connected(name.clone());
            say(s, Level::Info, Say::ScannerConnected { name });
            Vec::new()
        }
        Msg::ScannerLost(reason) => {
            s.status.scanner = ScannerState::Disconnected(reason.clone());
            say(s, Level::Warning, Say::ScannerLost { reason });
            Vec::new()
        }
        Msg::ScannerNoise(message) => {
            say(s, Level::Warning, Say::ScannerNoise { message });
            Vec::new()
        }
        Msg::WebhooksLive(live) => {
            s.status.webhooks = if live {
                WebhookState::Live
            } else {
                WebhookState::PollingOnly
            };
            Vec::new()
        }
        Msg::ClubLink(online) => {
            s.status.club = if online {
                ClubState::Online
            } else {
                ClubState::Offline
            };
            Vec::new()
        }
        Msg::QrExchanged { raw, result } => customer::on_qr_exchanged(s, raw, result),
        Msg::MemberLooked { msisdn, result } => customer::on_member(s, msisdn, result),
        Msg::CheckedIn { msisdn, result } => customer::on_checked_in(s, msisdn, result),
        Msg::ProductLooked { code, result } => basket_ops::on_product(s, code, result),
        Msg::SearchDone { query, result } => basket_ops::on_search(s, query, result),
        Msg::EnrolStarted { msisdn, result } => customer::on_enrol_started(s, msisdn, result),
        Msg::EnrolPolled {
            auth_req_id,
            result,
        } => customer::on_enrol_polled(s, auth_req_id, result),
        // The poll chain is already running and calls the token endpoint within one interval;
        // a second call on a ping could race it for the single-use token.
        Msg::LoginPing { .. } => Vec::new(),
        Msg::SaleOpened {
            reference,
            receipt_number,
        } => payment::on_sale_opened(s, reference, receipt_number),
        Msg::SaleOpenFailed(reason) => payment::on_sale_open_failed(s, reason),
        Msg::PaymentCreated { reference, result } => payment::on_created(s, reference, result),
        Msg::PollDue { reference, poll } => payment::on_poll_due(s, reference, poll),
        Msg::PaymentStatus {
            reference,
            poll,
            result,
        } => payment::on_status(s, reference, poll, result),
        Msg::PaymentEvent {
            reference,
            name,
            success,
        } => payment::on_event(s, reference, name, success),
        Msg::Captured { reference, result } => payment::on_captured(s, reference, result),
        Msg::Cancelled { reference, result } => payment::on_cancelled(s, reference, result),
        Msg::SaleFound(result) => refund::on_sale_found(s, result),
        Msg::Refunded {
            reference,
            amount,
            result,
        } => refund::on_refunded(s, reference, amount, result),
        Msg::Recovered(lines) => {
            if !lines.is_empty() {
                say(s, Level::Warning, Say::Recovered { count: lines.len() });
            }
            s.recovered = lines;
            Vec::new()
        }
        Msg::Phone(requests) => {
            s.phone = requests;
            Vec::new()
        }
        Msg::Resume(p) => background::resume(s, p),
    }
}

pub(crate) fn say(s: &mut State, level: Level, what: Say) {
    s.notice = Some(Notice {
        level,
        say: what,
        at_ms: s.now_ms,
    });
}

/// Clear the counter for the next customer.
pub(crate) fn reset_sale(s: &mut State) {
    s.customer = None;
    s.enrolment = None;
    s.basket = crate::domain::Basket::new(s.settings.currency);
    s.selected = None;
    s.dialog = None;
}

#[cfg(test)]
mod tests;
