//! Who is signed in at the till, as a pure state machine inside the core: keys in,
//! effects out, no I/O. The PIN check itself (a slow hash) runs as an effect, and its answer
//! comes back as [`SignIn::checked`].
//!
//! A till with one cashier stays quick: the id is filled in, the PIN is asked once a day, and
//! nobody has to sign out between customers. With several cashiers each signs in with id and
//! PIN and signs out when leaving the till; the journal records both.

use crate::domain::{CashierTag, JournalEvent};

/// Wrong PINs in a row before the dialog refuses to try more until the owner signs in.
pub const MAX_ATTEMPTS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Pin,
}

/// What the dialog shows; the words are in `ui::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    None,
    /// Wrong id or PIN (the same words for both, so ids cannot be probed).
    Wrong {
        left: u32,
    },
    /// Too many wrong PINs: only the owner may sign in now.
    Locked,
    Checking,
}

/// The sign-in dialog's state and the signed-in cashier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// The only cashier's id when the till has one (the id field is then skipped).
    pub only_cashier: Option<String>,
    pub current: Option<CashierTag>,
    /// The local day the current cashier signed in (days since 1970 in local time).
    pub since_day: Option<i64>,
    pub id: String,
    /// Never shown: the dialog draws one dot per digit.
    pin: String,
    pub field: Field,
    pub failures: u32,
    pub notice: Notice,
}

/// What the dialog asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionEffect {
    /// Check the PIN (a slow hash: on a task, never in the UI loop).
    Check {
        id: String,
        pin: String,
    },
    Journal(JournalEvent),
}

/// A key the dialog takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKey {
    Char(char),
    Backspace,
    Enter,
    Escape,
}

impl SignIn {
    pub fn new(only_cashier: Option<String>) -> SignIn {
        SignIn {
            field: if only_cashier.is_some() {
                Field::Pin
            } else {
                Field::Id
            },
            id: only_cashier.clone().unwrap_or_default(),
            only_cashier,
            current: None,
            since_day: None,
            pin: String::new(),
            failures: 0,
            notice: Notice::None,
        }
    }

    /// Whether the till must ask for a sign-in before the next sale on `today`: nobody is
    /// signed in, or the one cashier of a single-cashier till signed in on an earlier day.
    pub fn needs_sign_in(&self, today: i64) -> bool {
        match (&self.current, self.since_day) {
            (Some(_), Some(day)) => self.only_cashier.is_some() && day < today,
            _ => true,
        }
    }

    /// How many PIN digits are typed (for the dots on screen).
    pub fn pin_len(&self) -> usize {
        self.pin.len()
    }

    fn clear(&mut self) {
        self.pin.clear();
        if self.only_cashier.is_none() {
            self.id.clear();
            self.field = Field::Id;
        }
    }

    pub fn key(&mut self, key: SessionKey) -> Vec<SessionEffect> {
        if self.notice == Notice::Checking {
            return Vec::new();
        }
        match key {
            SessionKey::Char(c) if c.is_ascii_alphanumeric() => {
                let field = match self.field {
                    Field::Id => &mut self.id,
                    Field::Pin => &mut self.pin,
                };
                let max = if self.field == Field::Id { 35 } else { 8 };
                if field.len() < max && (self.field == Field::Id || c.is_ascii_digit()) {
                    field.push(c);
                }
            }
            SessionKey::Char(_) => {}
            SessionKey::Backspace => {
                match self.field {
                    Field::Id => self.id.pop(),
                    Field::Pin => self.pin.pop(),
                };
            }
            SessionKey::Escape => self.clear(),
            SessionKey::Enter => match self.field {
                Field::Id if !self.id.is_empty() => self.field = Field::Pin,
                Field::Id => {}
                Field::Pin if self.pin.is_empty() => {}
                Field::Pin => {
                    self.notice = Notice::Checking;
                    let pin = std::mem::take(&mut self.pin);
                    return vec![SessionEffect::Check {
                        id: self.id.clone(),
                        pin,
                    }];
                }
            },
        }
        Vec::new()
    }

    /// The answer of a [`SessionEffect::Check`]: the cashier, or `None` for a wrong id or PIN.
    /// `owner` says whether the cashier is the shop owner: after [`MAX_ATTEMPTS`] wrong PINs
    /// in a row only the owner gets in, and that lifts the lock.
    pub fn checked(&mut self, who: Option<(CashierTag, bool)>, today: i64) -> Vec<SessionEffect> {
        match who {
            Some((tag, owner)) if self.failures < MAX_ATTEMPTS || owner => {
                let mut out = Vec::new();
                if let Some(previous) = &self.current {
                    if previous.id != tag.id {
                        out.push(SessionEffect::Journal(JournalEvent::SignedOut));
                    }
                }
                self.current = Some(tag);
                self.since_day = Some(today);
                self.failures = 0;
                self.notice = Notice::None;
                self.clear();
                out.push(SessionEffect::Journal(JournalEvent::SignedIn));
                out
            }
            _ => {
                self.failures += 1;
                self.notice = if self.failures >= MAX_ATTEMPTS {
                    Notice::Locked
                } else {
                    Notice::Wrong {
                        left: MAX_ATTEMPTS - self.failures,
                    }
                };
                self.clear();
                Vec::new()
            }
        }
    }

    /// The cashier leaves the till.
    pub fn sign_out(&mut self) -> Vec<SessionEffect> {
        if self.current.take().is_none() {
            return Vec::new();
        }
        self.since_day = None;
        self.clear();
        vec![SessionEffect::Journal(JournalEvent::SignedOut)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kari() -> CashierTag {
        CashierTag {
            id: "1".into(),
            name: "Kari".into(),
        }
    }

    fn type_in(s: &mut SignIn, text: &str) -> Vec<SessionEffect> {
        let mut out = Vec::new();
        for c in text.chars() {
            out.extend(s.key(SessionKey::Char(c)));
        }
        out.extend(s.key(SessionKey::Enter));
        out
    }

    #[test]
    fn one_cashier_types_the_pin_once_a_day() {
        let mut s = SignIn::new(Some("1".into()));
        assert!(s.needs_sign_in(100));
        assert_eq!(s.field, Field::Pin);
        let fx = type_in(&mut s, "4711");
        assert_eq!(
            fx,
            [SessionEffect::Check {
                id: "1".into(),
                pin: "4711".into()
            }]
        );
        assert_eq!(s.pin_len(), 0, "the PIN leaves the dialog with the check");
        let fx = s.checked(Some((kari(), true)), 100);
        assert_eq!(fx, [SessionEffect::Journal(JournalEvent::SignedIn)]);
        assert!(
            !s.needs_sign_in(100),
            "the rest of the day needs no sign-in"
        );
        assert!(s.needs_sign_in(101), "the next day asks again");
    }

    #[test]
    fn several_cashiers_give_id_and_pin_and_sign_out() {
        let mut s = SignIn::new(None);
        assert!(
            type_in(&mut s, "2").is_empty(),
            "Enter on the id moves to the PIN"
        );
        assert_eq!(s.field, Field::Pin);
        let fx = type_in(&mut s, "12x34");
        assert_eq!(
            fx,
            [SessionEffect::Check {
                id: "2".into(),
                pin: "1234".into()
            }]
        );
        s.checked(Some((kari(), false)), 5);
        assert!(
            !s.needs_sign_in(9),
            "with several cashiers the session lasts until sign-out"
        );
        assert_eq!(
            s.sign_out(),
            [SessionEffect::Journal(JournalEvent::SignedOut)]
        );
        assert!(s.needs_sign_in(5));
        assert!(s.sign_out().is_empty());
    }

    #[test]
    fn wrong_pins_count_down_and_lock_for_all_but_the_owner() {
        let mut s = SignIn::new(None);
        for left in (0..MAX_ATTEMPTS).rev() {
            type_in(&mut s, "2");
            type_in(&mut s, "0000");
            s.checked(None, 1);
            if left > 0 {
                assert_eq!(s.notice, Notice::Wrong { left });
            }
        }
        assert_eq!(s.notice, Notice::Locked);
        type_in(&mut s, "2");
        type_in(&mut s, "1234");
        s.checked(Some((kari(), false)), 1);
        assert!(
            s.current.is_none(),
            "locked: a cashier's right PIN is not enough"
        );
        assert_eq!(s.notice, Notice::Locked);
        type_in(&mut s, "1");
        type_in(&mut s, "4711");
        assert!(!s.checked(Some((kari(), true)), 1).is_empty());
        assert_eq!(
            (s.failures, s.notice),
            (0, Notice::None),
            "the owner lifts the lock"
        );
    }
}
