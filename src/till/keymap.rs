//! Keys as data: every till action has a stable snake_case name and default keys in one table
//! ([`ACTIONS`]); the config's `[keys]` table rebinds them by name. Adding an action is one row
//! here (plus its words in `ui::text` and what it does in `keys::on_action`).
//!
//! One key may serve several actions only when they are never offered at the same time (Esc
//! cancels a waiting payment or releases an approved one; F9 parks a payment or recalls one):
//! a key press goes to the first of its actions that is available now.

use super::msg::{Action, Key};

/// One action: its name in `[keys]` and `kasse keys`, and its default keys (the first is the
/// one shown on the command bar and in help).
pub struct ActionKeys {
    pub action: Action,
    pub name: &'static str,
    pub keys: &'static [Key],
}

const fn row(action: Action, name: &'static str, keys: &'static [Key]) -> ActionKeys {
    ActionKeys { action, name, keys }
}

/// Every action, in help order.
pub const ACTIONS: &[ActionKeys] = &[
    row(Action::Help, "help", &[Key::F(1), Key::Char('?')]),
    row(Action::Phone, "phone", &[Key::F(2)]),
    row(Action::Enroll, "enroll", &[Key::F(3)]),
    row(Action::Search, "search", &[Key::F(4)]),
    row(Action::Quantity, "quantity", &[Key::F(5)]),
    row(Action::Discount, "discount", &[Key::F(6)]),
    row(Action::Void, "void", &[Key::F(7), Key::Delete]),
    row(Action::Pay, "pay_vipps", &[Key::F(8)]),
    row(Action::PayCash, "pay_cash", &[Key::Char('c')]),
    row(Action::PayCard, "pay_card", &[Key::Char('k')]),
    row(Action::BackToBasket, "back_to_basket", &[Key::Esc]),
    row(Action::IssueAgain, "issue_again", &[Key::Enter]),
    row(Action::RefundNext, "refund_next", &[Key::Enter]),
    row(Action::Background, "payment_to_background", &[Key::F(9)]),
    row(Action::Recall, "recall_payment", &[Key::F(9)]),
    row(Action::Refund, "refund", &[Key::F(10)]),
    row(Action::Capture, "capture", &[Key::F(11)]),
    row(Action::NewSale, "new_sale", &[Key::F(12)]),
    row(Action::CancelPayment, "cancel_payment", &[Key::Esc]),
    row(Action::Release, "release", &[Key::Esc]),
    row(Action::Quit, "quit", &[Key::CtrlC]),
    row(Action::NoSale, "open_drawer", &[Key::Char('d')]),
    row(Action::InAppReceipt, "in_app_receipt", &[Key::Char('v')]),
    row(Action::PrintCopy, "print_copy", &[Key::Char('K')]),
    row(Action::ParkBasket, "park_basket", &[Key::Char('p')]),
    row(Action::ResumeBasket, "resume_basket", &[Key::Char('h')]),
    row(Action::ReturnSale, "return_sale", &[Key::Char('r')]),
    row(
        Action::ReturnNoReceipt,
        "return_without_receipt",
        &[Key::Char('R')],
    ),
    row(Action::OpeningFloat, "opening_float", &[Key::Char('f')]),
    row(Action::CashIn, "cash_in", &[Key::Char('i')]),
    row(Action::CashOut, "cash_out", &[Key::Char('u')]),
    row(Action::CountCash, "count_cash", &[Key::Char('t')]),
    row(
        Action::DemoScanMember,
        "demo_scan_member",
        &[Key::Char('m')],
    ),
    row(Action::DemoScanGuest, "demo_scan_guest", &[Key::Char('n')]),
    row(
        Action::DemoScanProduct,
        "demo_scan_product",
        &[Key::Char('b')],
    ),
    row(Action::DemoApprove, "demo_approve", &[Key::Char('a')]),
    row(Action::DemoReject, "demo_reject", &[Key::Char('x')]),
    row(Action::CancelEnrol, "cancel_enrol", &[Key::F(3)]),
    row(Action::SignOut, "sign_out", &[Key::Char('o')]),
    row(Action::XReport, "x_report", &[Key::Char('X')]),
    row(Action::ZReport, "z_report", &[Key::Char('Z')]),
];

/// Actions that may share a key: never available at the same time.
const MAY_SHARE: &[(Action, Action)] = &[
    (Action::CancelPayment, Action::Release),
    (Action::Background, Action::Recall),
    (Action::CancelPayment, Action::BackToBasket),
    (Action::Release, Action::BackToBasket),
    (Action::IssueAgain, Action::RefundNext),
    // F3 enrols a guest; while the enrolment runs, F3 stops it.
    (Action::Enroll, Action::CancelEnrol),
];

/// Keys the till keeps for itself: moving in the basket, typing and confirming in dialogs.
const RESERVED: &[Key] = &[
    Key::Up,
    Key::Down,
    Key::Enter,
    Key::Backspace,
    Key::Tab,
    Key::Char('+'),
    Key::Char('-'),
    Key::PageUp,
    Key::PageDown,
    Key::Home,
    Key::End,
];

/// Why a `[keys]` table is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("`{0}` is not an action (see `kasse keys`)")]
    UnknownAction(String),
    #[error("`{0}` is not a key (F1 to F12, Esc, Delete, Ctrl-C, or one printable character)")]
    BadKey(String),
    #[error("`{key}` is kept for moving and typing")]
    Reserved { key: String },
    #[error("`{key}` would do both `{first}` and `{second}`")]
    Conflict {
        key: String,
        first: &'static str,
        second: &'static str,
    },
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// (action, its keys), in [`ACTIONS`] order.
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: ACTIONS
                .iter()
                .map(|a| (a.action, a.keys.to_vec()))
                .collect(),
        }
    }
}

impl Keymap {
    /// The defaults with `overrides` (action name → key name) applied; a rebound action
    /// loses its default keys. Conflicts and unknown names are refused.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Keymap, (String, KeymapError)> {
        let mut map = Keymap::default();
        let mut set = Vec::new();
        for (name, key) in overrides {
            set.push(name.to_string());
            let fail = |e| (name.to_string(), e);
            let i = ACTIONS
                .iter()
                .position(|a| a.name == name)
                .ok_or_else(|| fail(KeymapError::UnknownAction(name.to_string())))?;
            let k = parse_key(key).ok_or_else(|| fail(KeymapError::BadKey(key.to_string())))?;
            if RESERVED.contains(&k) {
                return Err(fail(KeymapError::Reserved {
                    key: key.to_string(),
                }));
            }
            map.bindings[i].1 = vec![k];
        }
        // A conflict is blamed on the action the file set, not the default it ran into.
        map.check().map(|()| map).map_err(|(second, e)| match &e {
            KeymapError::Conflict { first, .. } if !set.contains(&second) => (first.to_string(), e),
            _ => (second, e),
        })
    }

    fn check(&self) -> Result<(), (String, KeymapError)> {
        for (i, (a, keys)) in self.bindings.iter().enumerate() {
            for (b, other) in &self.bindings[i + 1..] {
                let shared = MAY_SHARE.contains(&(*a, *b)) || MAY_SHARE.contains(&(*b, *a));
                if let Some(k) = keys.iter().find(|k| other.contains(k)).filter(|_| !shared) {
                    let (first, second) = (name(*a), name(*b));
                    return Err((
                        second.to_string(),
                        KeymapError::Conflict {
                            key: key_name(*k),
                            first,
                            second,
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// The actions `k` is bound to, in table order.
    pub fn actions_for(&self, k: Key) -> impl Iterator<Item = Action> + '_ {
        self.bindings
            .iter()
            .filter(move |(_, keys)| keys.contains(&k))
            .map(|(a, _)| *a)
    }

    /// Every key of `a`, as help lists them (`F1 ?`).
    pub fn all_labels(&self, a: Action) -> String {
        self.bindings
            .iter()
            .find(|(b, _)| *b == a)
            .map(|(_, keys)| {
                keys.iter()
                    .map(|k| key_name(*k))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    /// The key shown for `a` (its first).
    pub fn label(&self, a: Action) -> String {
        self.bindings
            .iter()
            .find(|(b, _)| *b == a)
            .and_then(|(_, keys)| keys.first())
            .map(|k| key_name(*k))
            .unwrap_or_default()
    }
}

/// An action's stable name.
pub fn name(a: Action) -> &'static str {
    ACTIONS
        .iter()
        .find(|r| r.action == a)
        .map(|r| r.name)
        .unwrap_or("?")
}

/// A key as written in `[keys]` and shown on screen.
pub fn key_name(k: Key) -> String {
    match k {
        Key::F(n) => format!("F{n}"),
        Key::Esc => "Esc".into(),
        Key::Delete => "Delete".into(),
        Key::CtrlC => "^C".into(),
        Key::Enter => "Enter".into(),
        Key::Backspace => "Backspace".into(),
        Key::Tab => "Tab".into(),
        Key::Up => "Up".into(),
        Key::Down => "Down".into(),
        Key::Char(c) => c.to_string(),
        Key::PageUp => "PgUp".into(),
        Key::PageDown => "PgDn".into(),
        Key::Home => "Home".into(),
        Key::End => "End".into(),
    }
}

/// Parse a key name: `F1`…`F12`, `Esc`, `Delete`, `Ctrl-C` (or `^C`), or one printable
/// character.
pub fn parse_key(s: &str) -> Option<Key> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(Key::F(n));
    }
    match lower.as_str() {
        "esc" | "escape" => return Some(Key::Esc),
        "delete" | "del" => return Some(Key::Delete),
        "ctrl-c" | "ctrl+c" | "^c" => return Some(Key::CtrlC),
        _ => {}
    }
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && !c.is_whitespace() => Some(Key::Char(c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_row_and_the_defaults_do_not_conflict() {
        let mut names: Vec<&str> = ACTIONS.iter().map(|a| a.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ACTIONS.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        assert_eq!(Keymap::default().check(), Ok(()));
        assert_eq!(Keymap::default().label(Action::Pay), "F8");
    }

    #[test]
    fn a_rebound_action_takes_its_new_key_and_leaves_the_old_one() {
        let map = Keymap::with_overrides([("pay_vipps", "g")]).unwrap();
        assert_eq!(
            map.actions_for(Key::Char('g')).collect::<Vec<_>>(),
            [Action::Pay]
        );
        assert_eq!(map.actions_for(Key::F(8)).count(), 0);
        assert_eq!(map.label(Action::Pay), "g");
        let shared = Keymap::default();
        assert_eq!(
            shared.actions_for(Key::Esc).collect::<Vec<_>>(),
            [Action::BackToBasket, Action::CancelPayment, Action::Release]
        );
    }

    #[test]
    fn conflicts_unknown_names_and_bad_keys_are_refused() {
        let err = |o: &[(&str, &str)]| Keymap::with_overrides(o.iter().copied()).unwrap_err();
        assert!(matches!(
            err(&[("pay_vipps", "F11")]).1,
            KeymapError::Conflict { .. }
        ));
        assert!(matches!(
            err(&[("pay_vipps", "m")]).1,
            KeymapError::Conflict { .. }
        ));
        assert!(matches!(
            err(&[("payy", "g")]).1,
            KeymapError::UnknownAction(_)
        ));
        assert!(matches!(
            err(&[("pay_vipps", "F13")]).1,
            KeymapError::BadKey(_)
        ));
        assert!(matches!(
            err(&[("pay_vipps", "pp")]).1,
            KeymapError::BadKey(_)
        ));
        assert!(matches!(
            err(&[("pay_vipps", "+")]).1,
            KeymapError::Reserved { .. }
        ));
        // Two actions swapped is fine.
        assert!(Keymap::with_overrides([("pay_vipps", "F11"), ("capture", "F8")]).is_ok());
    }

    #[test]
    fn key_names_round_trip() {
        for k in [
            Key::F(1),
            Key::F(12),
            Key::Esc,
            Key::Delete,
            Key::CtrlC,
            Key::Char('p'),
        ] {
            assert_eq!(parse_key(&key_name(k)), Some(k), "{k:?}");
        }
        assert_eq!(parse_key("Ctrl-C"), Some(Key::CtrlC));
    }
}
