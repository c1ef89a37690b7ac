//! Sign-in at the till: the core's side of [`till::session::SignIn`](crate::till::session).
//!
//! A till with cashiers asks for a sign-in before anything else (and a one-cashier till once
//! a day); a till with none (demo, a one-person shop) sells under the default cashier, as
//! before. The PIN leaves the core only inside a [`Secret`], to the runtime's slow check.

use super::msg::{Effect, Key};
use super::state::State;
use crate::domain::{CashierTag, JournalEvent};
use crate::secret::Secret;
use crate::till::session::{SessionEffect, SessionKey};

/// Whether the sign-in dialog has the keyboard: the till has cashiers, nobody (or yesterday's
/// cashier) is signed in, and no payment is half-way (that one finishes first).
pub fn required(s: &State) -> bool {
    s.payment.is_none()
        && s.tender.is_none()
        && s.signin.as_ref().is_some_and(|x| x.needs_sign_in(s.today))
}

/// Whether a cashier is signed in who may sign out now (nothing of a sale left undone).
pub fn can_sign_out(s: &State) -> bool {
    s.signin.as_ref().is_some_and(|x| x.current.is_some())
        && s.basket.is_empty()
        && s.payment.is_none()
        && s.tender.is_none()
}

/// A key while the sign-in dialog is up.
pub(super) fn on_key(s: &mut State, k: Key) -> Vec<Effect> {
    let key = match k {
        Key::Char(c) => SessionKey::Char(c),
        Key::Backspace => SessionKey::Backspace,
        Key::Enter => SessionKey::Enter,
        Key::Esc => SessionKey::Escape,
        _ => return Vec::new(),
    };
    let Some(signin) = s.signin.as_mut() else {
        return Vec::new();
    };
    let out = signin.key(key);
    effects(s, out, None)
}

/// The runtime's answer to [`Effect::CheckPin`]: the cashier and whether they are the owner,
/// `None` for a wrong id or PIN, or the store's error (counted as a failed try, so a broken
/// database cannot be used to get past the count).
pub(super) fn on_checked(
    s: &mut State,
    result: Result<Option<(CashierTag, bool)>, String>,
) -> Vec<Effect> {
    let today = s.today;
    let Some(signin) = s.signin.as_mut() else {
        return Vec::new();
    };
    let before = signin.current.as_ref().map(|c| c.id.clone());
    let out = signin.checked(result.ok().flatten(), today);
    s.cashier = signin.current.clone();
    effects(s, out, before)
}

/// The sign-out key: journaled under the cashier who leaves.
pub(super) fn sign_out(s: &mut State) -> Vec<Effect> {
    let Some(signin) = s.signin.as_mut() else {
        return Vec::new();
    };
    let leaving = signin.current.as_ref().map(|c| c.id.clone());
    let out = signin.sign_out();
    s.cashier = None;
    effects(s, out, leaving)
}

/// The session's effects as the till's. A sign-out is journaled under `leaving` (the one who
/// leaves), everything else under the cashier signed in now.
fn effects(s: &State, out: Vec<SessionEffect>, leaving: Option<String>) -> Vec<Effect> {
    out.into_iter()
        .map(|e| match e {
            SessionEffect::Check { id, pin } => Effect::CheckPin {
                id,
                pin: Secret::new(pin),
            },
            SessionEffect::Journal(event) => {
                let cashier = if event == JournalEvent::SignedOut {
                    leaving.clone()
                } else {
                    s.cashier.as_ref().map(|c| c.id.clone())
                };
                Effect::JournalAs { cashier, event }
            }
        })
        .collect()
}
