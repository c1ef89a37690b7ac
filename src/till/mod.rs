//! The sale as a pure state machine: `update(&mut State, Msg) -> Vec<Effect>`.
//!
//! No I/O, no clock, no randomness here: time arrives in `Msg::Tick`, results of the world's
//! work arrive as messages, and what the world should do leaves as `Effect`s. Every flow of the
//! till is therefore testable without a terminal, a database or a network.

mod background;
mod basket_ops;
mod customer;
mod drawer;
pub mod keymap;
mod keys;
mod msg;
mod payment;
mod printing;
pub mod recovery;
mod refund;
mod reports;
mod returns;
mod say;
pub mod session;
pub mod signin;
mod state;
mod tender;

pub use crate::domain::ProductHit;
pub use drawer::{restore_parked, KeptBasket};
pub use keymap::Keymap;
pub use keys::available_actions;
pub use msg::{
    Action, ApiCode, ApiFailure, CopyRefused, DemoScan, Effect, EnrolPoll, EnrolStart, EventName,
    FailKind, FoundReceipt, Key, Msg, NotIssued, PayState, PaymentStatus, RefundsMade,
    ReportRefused, SaleOutcome, ShownReport,
};
pub use payment::{cancel_key, capture_key};
pub use recovery::{MoneyMoved, Recovered, Recovery};
pub use returns::{plan as returns_plan, RefundPlan};
pub use say::Say;
pub use state::*;
pub use tender::quick_notes;

/// Info and success notices fade after this long; warnings and errors stay until replaced.
const NOTICE_FADE_MS: u64 = 8_000;

/// [`update`], plus keeping the unpaid basket: when it changed, an `Effect::HoldBasket`
/// comes first, so a basket going to payment is let go of before its sale opens. The
/// runtime calls this; the flow tests call `update` and need not list the extra effect.
pub fn step(s: &mut State, msg: Msg) -> Vec<Effect> {
    // Ticks never touch the basket; everything else may.
    let before = (!matches!(msg, Msg::Tick { .. })).then(|| s.unpaid_basket().cloned());
    let mut effects = update(s, msg);
    if let Some(before) = before {
        let now = s.unpaid_basket().cloned();
        if before != now {
            s.hold_seq += 1;
            let basket = now.unwrap_or_else(|| crate::domain::Basket::new(s.settings.currency));
            effects.insert(
                0,
                Effect::HoldBasket {
                    seq: s.hold_seq,
                    basket,
                },
            );
        }
    }
    if std::mem::take(&mut s.bell) {
        effects.push(Effect::Bell);
    }
    // Journal rows carry who did it: the cashier signed in when the core said it.
    for e in &mut effects {
        if let Effect::Journal(event) = e {
            *e = Effect::JournalAs {
                cashier: s.cashier.as_ref().map(|c| c.id.clone()),
                event: std::mem::replace(event, crate::domain::JournalEvent::PosStarted),
            };
        }
    }
    effects
}

/// One message into the core. What the cashier does (a key, a button, a scan) that changes
/// the basket or the customer has worked: a warning left from before it is put away then,
/// and an F8 waiting for the customer's number no longer stands for a basket that changed.
pub fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    let input = matches!(msg, Msg::Key(_) | Msg::Action(_) | Msg::Scan { .. });
    let before = input.then(|| (s.notice.clone(), s.basket.clone(), s.customer.clone()));
    let was_empty = s.basket.is_empty();
    let effects = dispatch(s, msg);
    if let Some((notice, basket, customer)) = before {
        let basket_changed = basket != s.basket;
        if basket_changed {
            s.pay_after_identify = None;
        }
        let stale = notice.is_some()
            && notice == s.notice
            && s.notice.as_ref().is_some_and(|n| n.level == Level::Warning);
        if stale && (basket_changed || customer != s.customer) {
            s.notice = None;
        }
    }
    if was_empty && !s.basket.is_empty() {
        remind_z(s);
    }
    effects
}

/// The first item of a new day's first sale: remind the cashier once that the last sales
/// day has no Z report (the rules want one per day; the till still sells).
fn remind_z(s: &mut State) {
    if s.z_missing && s.z_reminded != Some(s.today) {
        s.z_reminded = Some(s.today);
        say(s, Level::Warning, Say::ZReportMissing);
    }
}

fn dispatch(s: &mut State, msg: Msg) -> Vec<Effect> {
    api_health(s, &msg);
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
        // A scan does not sell before a cashier is signed in.
        Msg::Scan { .. } if signin::required(s) => Vec::new(),
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
        Msg::WebhooksRetrying { retry_in_secs } => {
            s.status.webhooks = WebhookState::Retrying { retry_in_secs };
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
        Msg::QrExchanged { result } => customer::on_qr_exchanged(s, result),
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
        Msg::RefundableChecked { reference, result } => refund::on_refundable(s, reference, result),
        Msg::Refunded {
            reference,
            amount,
            result,
        } => {
            if returns::is_return_refund(s, &reference) {
                returns::on_refunded(s, reference, amount, result)
            } else {
                refund::on_refunded(s, reference, amount, result)
            }
        }
        Msg::Recovered(notes) => {
            if !notes.is_empty() {
                say(s, Level::Warning, Say::Recovered { count: notes.len() });
                // Shown whole until the cashier has read it; a dialog already open wins.
                if s.dialog.is_none() {
                    s.dialog = Some(Dialog::RecoveredSales { top: 0 });
                }
            }
            s.recovered = notes;
            Vec::new()
        }
        Msg::Phone(requests) => {
            s.phone = requests;
            Vec::new()
        }
        Msg::Resume(p) => background::resume(s, p),
        Msg::ReceiptIssued { foreground, result } => tender::on_issued(s, foreground, result),
        Msg::ReceiptFound(result) => returns::on_found(s, result),
        Msg::BasketRestored(basket) => {
            if s.basket.is_empty() && s.payment.is_none() && !basket.is_empty() {
                let lines = basket.lines.len();
                s.basket = basket;
                s.selected = Some(lines - 1);
                say(s, Level::Warning, Say::BasketRestored { lines });
            }
            Vec::new()
        }
        Msg::Printer(state) => printing::on_printer(s, state),
        Msg::DrawerOpened { reason, result } => printing::on_drawer(s, reason, result),
        Msg::CopyPrinted(result) => printing::on_copy(s, result),
        Msg::SelectLine(i) => {
            if i < s.basket.lines.len() && s.dialog.is_none() && !s.show_help {
                s.selected = Some(i);
            }
            Vec::new()
        }
        Msg::Today(day) => {
            s.today = day;
            Vec::new()
        }
        Msg::PinChecked(result) => signin::on_checked(s, result),
        Msg::ZMissing(missing) => {
            s.z_missing = missing;
            Vec::new()
        }
        Msg::ReportTaken(result) => reports::on_taken(s, result),
        Msg::View(view) => {
            s.view = view;
            Vec::new()
        }
    }
}

/// Every answer from the API tells how it is doing: any answer clears "API: trouble", an
/// outage, a timeout or a 429 sets it. (Refusals with a reason are answers too.)
fn api_health(s: &mut State, msg: &Msg) {
    let failure = match msg {
        Msg::PaymentCreated { result, .. } => result.as_ref().err(),
        Msg::QrExchanged { result, .. } => result.as_ref().err(),
        Msg::CheckedIn { result, .. } => result.as_ref().err(),
        Msg::EnrolStarted { result, .. } => result.as_ref().err(),
        Msg::PaymentStatus { result, .. }
        | Msg::Captured { result, .. }
        | Msg::Cancelled { result, .. }
        | Msg::Refunded { result, .. }
        | Msg::RefundableChecked { result, .. } => result.as_ref().err(),
        _ => return,
    };
    s.status.api = match failure {
        Some(f)
            if matches!(
                f.kind,
                FailKind::Unreachable
                    | FailKind::Timeout
                    | FailKind::ServerError
                    | FailKind::RateLimited
            ) =>
        {
            ApiHealth::Degraded(f.message.clone())
        }
        _ => ApiHealth::Ok,
    };
}

pub(crate) fn say(s: &mut State, level: Level, what: Say) {
    // The cashier watches the customer, not the screen: errors and refused scans ring.
    let refused_scan = matches!(
        what,
        Say::ScanIgnoredInDialog
            | Say::ScanUnknown(_)
            | Say::ProductUnknown { .. }
            | Say::OpenPriceAsk { .. }
            | Say::BusyPaying
    );
    s.bell |= level == Level::Error || refused_scan;
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
    s.tender = None;
    s.keyed = None;
    s.pay_after_identify = None;
    s.label_weights.clear();
}

#[cfg(test)]
mod tests;
