//! Who is paying: personal-QR scans, typed numbers, the membership lookup, check-in, and
//! enrolment through Vipps Login (CIBA).

use super::keys::edit;
use super::msg::{ApiFailure, Effect, EnrolPoll, Key};
use super::state::{CheckIn, Customer, Dialog, EnrolPhase, Enrolment, Level, Membership, State};
use super::{basket_ops, say, Say};
use crate::domain::{classify, Country, Member, Msisdn, ScanKind};

/// How long the till waits for a login before it calls it expired, if the API gives no expiry.
const ENROL_DEFAULT_MS: u64 = 600_000;

pub(super) fn on_scan(s: &mut State, payload: &str) -> Vec<Effect> {
    let kind = classify(payload);
    if let Some(d) = &s.dialog {
        let identifies = matches!(kind, ScanKind::PersonalQr { .. });
        // A product scan over the search, or over a report read at an empty counter, sells.
        let adds = matches!(kind, ScanKind::Product(_))
            && matches!(
                d,
                Dialog::Search { .. } | Dialog::Report { .. } | Dialog::ConfirmZ
            );
        if identifies || adds {
            s.dialog = None;
        } else if !d.takes_scans() {
            // A scanner burst is never a number typed by the cashier: 13 digits of a GTIN
            // would become 703 801 pieces or kilograms. The field stays as it was.
            say(s, Level::Warning, Say::ScanIgnoredInDialog);
            return Vec::new();
        } else if d.takes_text() {
            // A receipt barcode in the refund dialog, a number in the phone field: input for
            // that field, not a till command.
            let mut effects = Vec::new();
            for c in payload.chars() {
                effects.extend(super::keys::on_key(s, Key::Char(c)));
            }
            effects.extend(super::keys::on_key(s, Key::Enter));
            return effects;
        }
    }
    if s.done.is_some() && s.payment.is_none() {
        // The next customer's first scan starts their sale.
        s.done = None;
        super::reset_sale(s);
    }
    match kind {
        ScanKind::PersonalQr {
            msisdn: Some(m), ..
        } => identify(s, m),
        ScanKind::PersonalQr { raw, msisdn: None } => {
            if s.payment.is_some() {
                say(s, Level::Warning, Say::BusyPaying);
                return Vec::new();
            }
            say(s, Level::Info, Say::ReadingQr);
            vec![Effect::ExchangeQr(raw)]
        }
        ScanKind::Product(gtin) => basket_ops::scan_product(s, gtin),
        ScanKind::Unknown(why) => {
            say(s, Level::Warning, Say::ScanUnknown(why));
            Vec::new()
        }
    }
}

pub(super) fn identify(s: &mut State, msisdn: Msisdn) -> Vec<Effect> {
    if s.payment.is_some() {
        say(s, Level::Warning, Say::BusyPaying);
        return Vec::new();
    }
    if s.customer.as_ref().is_some_and(|c| c.msisdn == msisdn) {
        say(s, Level::Info, Say::AlreadyIdentified);
        return Vec::new();
    }
    // Another phone mid-basket: the cashier must know the sale now belongs to someone else.
    let changed = s.customer.is_some() && !s.basket.is_empty();
    if s.enrolment.as_ref().is_some_and(|e| e.msisdn != msisdn) {
        s.enrolment = None;
    }
    // A new sale has begun: what start-up recovered has been seen.
    s.recovered.clear();
    s.customer = Some(Customer {
        msisdn: msisdn.clone(),
        membership: Membership::Looking,
        checkin: CheckIn::NotSent,
    });
    s.notice = None;
    if changed {
        let shown = msisdn.masked();
        say(s, Level::Warning, Say::CustomerChanged { shown });
    }
    vec![Effect::LookupMember(msisdn)]
}

pub(super) fn on_qr_exchanged(s: &mut State, result: Result<Msisdn, ApiFailure>) -> Vec<Effect> {
    match result {
        Ok(m) => identify(s, m),
        Err(f) => {
            say(
                s,
                Level::Error,
                Say::QrFailed {
                    reason: f.message,
                    kind: f.kind,
                },
            );
            Vec::new()
        }
    }
}

pub(super) fn on_member(
    s: &mut State,
    msisdn: Msisdn,
    result: Result<Option<Member>, String>,
) -> Vec<Effect> {
    let current = s.customer.as_ref().is_some_and(|c| c.msisdn == msisdn);
    let mut effects = member_found(s, msisdn, result);
    // F8 asked for the number: now that the customer is known, the payment goes on.
    if current && s.pay_after_identify.is_some() {
        let amount = s.pay_after_identify.take().flatten();
        if s.dialog.is_none() {
            effects.extend(super::tender::pay_vipps(s, amount));
        }
    }
    effects
}

/// "Kunde byttet" stays on the line while the new customer is looked up: the panel shows
/// who they are, the notice that they changed.
fn say_unless_changed(s: &mut State, level: Level, what: Say) {
    let changed = s
        .notice
        .as_ref()
        .is_some_and(|n| matches!(n.say, Say::CustomerChanged { .. }));
    if !changed {
        say(s, level, what);
    }
}

fn member_found(
    s: &mut State,
    msisdn: Msisdn,
    result: Result<Option<Member>, String>,
) -> Vec<Effect> {
    let checkin_allowed = s.settings.checkin && msisdn.country() == Country::Norway;
    let Some(c) = s.customer.as_mut().filter(|c| c.msisdn == msisdn) else {
        return Vec::new();
    };
    match result {
        Ok(Some(m)) => {
            c.membership = Membership::Member {
                name: m.name.clone(),
            };
            let effects = if checkin_allowed {
                c.checkin = CheckIn::Sending;
                vec![Effect::CheckIn { msisdn }]
            } else {
                Vec::new()
            };
            say_unless_changed(s, Level::Success, Say::MemberWelcome { name: m.name });
            effects
        }
        Ok(None) => {
            c.membership = Membership::NotMember;
            say_unless_changed(s, Level::Info, Say::NotMemberHint);
            Vec::new()
        }
        Err(reason) => {
            c.membership = Membership::Unknown {
                reason: reason.clone(),
            };
            say(s, Level::Warning, Say::LookupFailed { reason });
            Vec::new()
        }
    }
}

/// Check-in is a courtesy: a failure is shown small and never blocks the sale.
pub(super) fn on_checked_in(
    s: &mut State,
    msisdn: Msisdn,
    result: Result<(), ApiFailure>,
) -> Vec<Effect> {
    if let Some(c) = s.customer.as_mut().filter(|c| c.msisdn == msisdn) {
        c.checkin = match result {
            Ok(()) => CheckIn::Sent,
            Err(f) => CheckIn::Failed(f.message),
        };
    }
    Vec::new()
}

/// The binding message both screens show, derived from the clock (the core has no randomness):
/// `KS-` and four digits, inside the API's `^[A-Z0-9-]{5,8}$`.
pub(crate) fn binding_message(now_ms: u64) -> String {
    format!("KS-{:04}", (now_ms / 1000) % 10_000)
}

pub(super) fn start_enrol(s: &mut State) -> Vec<Effect> {
    let Some(c) = &s.customer else {
        return Vec::new();
    };
    let binding = binding_message(s.now_ms);
    s.enrolment = Some(Enrolment {
        msisdn: c.msisdn.clone(),
        binding_message: binding.clone(),
        phase: EnrolPhase::Starting,
        expires_at_ms: s.now_ms + ENROL_DEFAULT_MS,
    });
    vec![Effect::StartEnrol {
        msisdn: c.msisdn.clone(),
        binding_message: binding,
        scopes: s.settings.login_scopes.clone(),
    }]
}

pub(super) fn on_enrol_started(
    s: &mut State,
    msisdn: Msisdn,
    result: Result<super::EnrolStart, ApiFailure>,
) -> Vec<Effect> {
    let now = s.now_ms;
    let Some(e) = s.enrolment.as_mut().filter(|e| e.msisdn == msisdn) else {
        return Vec::new();
    };
    match result {
        Ok(super::EnrolStart {
            auth_req_id,
            expires_in_s,
            interval_s,
        }) => {
            let interval_ms = interval_s.max(1) * 1000;
            e.expires_at_ms = now + expires_in_s.max(1) * 1000;
            e.phase = EnrolPhase::Waiting {
                auth_req_id: auth_req_id.clone(),
                interval_ms,
            };
            vec![Effect::PollEnrol {
                auth_req_id,
                msisdn,
                after_ms: interval_ms,
            }]
        }
        Err(f) => {
            e.phase = EnrolPhase::Failed(f.message.clone());
            say(
                s,
                Level::Error,
                Say::EnrolStartFailed {
                    reason: f.message,
                    kind: f.kind,
                },
            );
            Vec::new()
        }
    }
}

pub(super) fn on_enrol_polled(
    s: &mut State,
    auth_req_id: String,
    result: EnrolPoll,
) -> Vec<Effect> {
    let Some(e) = s.enrolment.as_mut() else {
        // Cancelled while the last poll was out: if the customer had consented, the club
        // has them, and the screen says so rather than pretend otherwise.
        if let EnrolPoll::Enrolled(member) = result {
            late_enrolled(s, member);
        }
        return Vec::new();
    };
    let EnrolPhase::Waiting {
        auth_req_id: current,
        interval_ms,
    } = &mut e.phase
    else {
        return Vec::new();
    };
    if *current != auth_req_id {
        return Vec::new();
    }
    let msisdn = e.msisdn.clone();
    match result {
        EnrolPoll::Pending => vec![Effect::PollEnrol {
            auth_req_id,
            msisdn,
            after_ms: *interval_ms,
        }],
        EnrolPoll::SlowDown => {
            // CIBA: on slow_down the interval grows by five seconds for the rest of the login.
            *interval_ms += 5_000;
            vec![Effect::PollEnrol {
                auth_req_id,
                msisdn,
                after_ms: *interval_ms,
            }]
        }
        EnrolPoll::Denied => fail_enrol(s, Say::EnrolDenied),
        EnrolPoll::Expired => fail_enrol(s, Say::EnrolExpired),
        EnrolPoll::Failed(reason) => fail_enrol(s, Say::EnrolFailed { reason }),
        EnrolPoll::Enrolled(member) => {
            s.enrolment = None;
            if let Some(c) = s.customer.as_mut().filter(|c| c.msisdn == msisdn) {
                c.membership = Membership::Member {
                    name: member.name.clone(),
                };
            }
            say(s, Level::Success, Say::Enrolled { name: member.name });
            Vec::new()
        }
    }
}

fn late_enrolled(s: &mut State, member: Member) {
    if let Some(c) = s.customer.as_mut().filter(|c| c.msisdn == member.msisdn) {
        c.membership = Membership::Member {
            name: member.name.clone(),
        };
        say(s, Level::Success, Say::Enrolled { name: member.name });
    }
}

/// The cashier stopped the enrolment: no more polls (the answer to one already out is
/// dropped by `on_enrol_polled`), the login is forgotten, the screen says so.
pub(super) fn cancel_enrol(s: &mut State) -> Vec<Effect> {
    if s.enrolment.take().is_some() {
        say(s, Level::Info, Say::EnrolCancelled);
    }
    Vec::new()
}

fn fail_enrol(s: &mut State, why: Say) -> Vec<Effect> {
    if let Some(e) = s.enrolment.as_mut() {
        e.phase = EnrolPhase::Failed(String::new());
    }
    say(s, Level::Warning, why);
    Vec::new()
}

/// A login the API never answered is called expired once its time is well past.
pub(super) fn tick(s: &mut State) {
    let now = s.now_ms;
    let overdue = s.enrolment.as_ref().is_some_and(|e| {
        matches!(e.phase, EnrolPhase::Waiting { .. }) && now > e.expires_at_ms + 30_000
    });
    if overdue {
        fail_enrol(s, Say::EnrolExpired);
    }
}

/// The phone-number dialog validates as the cashier types.
pub(super) fn phone_key(s: &mut State, mut input: String, k: Key) -> Vec<Effect> {
    let country = s.settings.country;
    if k == Key::Enter {
        return match Msisdn::parse(&input, country) {
            Ok(m) => identify(s, m),
            Err(e) => {
                s.dialog = Some(Dialog::Phone {
                    input,
                    error: Some(e.to_string()),
                });
                Vec::new()
            }
        };
    }
    edit(&mut input, k, 20, |c| {
        c.is_ascii_digit() || " +-".contains(c)
    });
    let error = if input.trim().is_empty() {
        None
    } else {
        Msisdn::parse(&input, country).err().map(|e| e.to_string())
    };
    s.dialog = Some(Dialog::Phone { input, error });
    Vec::new()
}
