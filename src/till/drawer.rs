//! The drawer and the counter: park and resume a basket before payment, the opening float,
//! pay-in and pay-out with a reason, and the cash count with its difference. Each says its
//! journal event.

use super::keys::edit;
use super::msg::{Effect, Key};
use super::state::{CheckIn, Customer, Dialog, DrawerOp, Level, Membership, Parked, State};
use super::{reset_sale, say, Say};
use crate::domain::{
    parse_minor, Basket, DrawerReason, JournalEvent, Msisdn, ReceiptKind, ReceiptLine,
};

pub(super) fn park(s: &mut State) -> Vec<Effect> {
    if s.basket.is_empty() || s.basket_locked() {
        return Vec::new();
    }
    s.park_seq += 1;
    let id = s.park_seq;
    let amount = s.basket.total().minor;
    s.parked.push(Parked {
        id,
        basket: s.basket.clone(),
        customer: s.customer.clone(),
    });
    let keep = Effect::KeepParked {
        id,
        lines: ReceiptLine::from_basket(&s.basket, ReceiptKind::Sale),
        msisdn: s.customer.as_ref().map(|c| c.msisdn.clone()),
    };
    reset_sale(s);
    s.done = None;
    say(s, Level::Info, Say::BasketParked { id });
    vec![
        keep,
        Effect::Journal(JournalEvent::BasketParked { id, amount }),
    ]
}

/// A basket an earlier run left parked, as the store kept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptBasket {
    pub id: u64,
    pub lines: Vec<ReceiptLine>,
    /// The customer's number, if one was identified (looked up again on resume).
    pub msisdn: Option<Msisdn>,
}

/// The baskets an earlier run left parked, read back at start. A customer comes back by
/// number and is looked up again on resume.
pub fn restore_parked(s: &mut State, rows: Vec<KeptBasket>) {
    for KeptBasket { id, lines, msisdn } in rows {
        let mut basket = Basket::new(s.settings.currency);
        basket.lines = lines.iter().filter_map(ReceiptLine::to_line).collect();
        s.park_seq = s.park_seq.max(id);
        s.parked.push(Parked {
            id,
            basket,
            customer: msisdn.map(|msisdn| Customer {
                msisdn,
                membership: Membership::Looking,
                checkin: CheckIn::NotSent,
            }),
        });
    }
}

pub(super) fn resume_key(s: &mut State, mut selected: usize, k: Key) -> Vec<Effect> {
    match k {
        Key::Up => selected = selected.saturating_sub(1),
        Key::Down => selected = (selected + 1).min(s.parked.len().saturating_sub(1)),
        Key::Enter => {
            if s.basket_locked() || !s.basket.is_empty() {
                say(s, Level::Warning, Say::FinishFirst);
                return Vec::new();
            }
            if selected >= s.parked.len() {
                return Vec::new();
            }
            let p = s.parked.remove(selected);
            let amount = p.basket.total().minor;
            let lookup = p
                .customer
                .as_ref()
                .filter(|c| c.membership == Membership::Looking)
                .map(|c| Effect::LookupMember(c.msisdn.clone()));
            s.basket = p.basket;
            s.customer = p.customer;
            s.done = None;
            say(s, Level::Info, Say::BasketResumed { id: p.id });
            let mut fx = vec![
                Effect::DropParked(p.id),
                Effect::Journal(JournalEvent::BasketResumed { id: p.id, amount }),
            ];
            fx.extend(lookup);
            return fx;
        }
        _ => {}
    }
    s.dialog = Some(Dialog::Resume { selected });
    Vec::new()
}

pub(super) fn open_dialog(s: &mut State, op: DrawerOp) -> Vec<Effect> {
    s.dialog = Some(Dialog::DrawerAmount {
        op,
        input: String::new(),
        reason: String::new(),
        on_reason: false,
    });
    // The drawer opens for the cash to go in or out, or to be counted.
    super::printing::open_drawer(s, DrawerReason::CashManagement)
}

pub(super) fn amount_key(
    s: &mut State,
    op: DrawerOp,
    mut input: String,
    mut reason: String,
    mut on_reason: bool,
    k: Key,
) -> Vec<Effect> {
    let needs_reason = matches!(op, DrawerOp::CashIn | DrawerOp::CashOut);
    match k {
        Key::Tab if needs_reason => on_reason = !on_reason,
        Key::Enter => {
            let amount = parse_minor(&input).filter(|a| *a > 0 || op == DrawerOp::Count);
            match amount {
                None => say(s, Level::Warning, Say::BadDrawerAmount),
                Some(_) if needs_reason && reason.trim().is_empty() => {
                    on_reason = true;
                    say(s, Level::Warning, Say::NeedReason);
                }
                Some(a) => return done(s, op, a, reason.trim().to_string()),
            }
        }
        _ if on_reason => {
            edit(&mut reason, k, 60, |c| !c.is_control());
        }
        _ => {
            edit(&mut input, k, 12, |c| {
                c.is_ascii_digit() || ",. ".contains(c)
            });
        }
    }
    s.dialog = Some(Dialog::DrawerAmount {
        op,
        input,
        reason,
        on_reason,
    });
    Vec::new()
}

fn done(s: &mut State, op: DrawerOp, amount: i64, reason: String) -> Vec<Effect> {
    let money = s.money(amount);
    let event = match op {
        DrawerOp::Float => {
            // A float starts a new drawer period (the next day, or a recount at the start),
            // as the store counts it at the next start: from the last float on.
            s.drawer.float = Some(amount);
            s.drawer.expected = amount;
            say(s, Level::Success, Say::FloatCounted { amount: money });
            JournalEvent::OpeningFloat { amount }
        }
        DrawerOp::CashIn => {
            s.drawer.expected += amount;
            say(s, Level::Success, Say::CashMoved { amount: money });
            JournalEvent::CashIn { amount, reason }
        }
        DrawerOp::CashOut => {
            s.drawer.expected -= amount;
            say(
                s,
                Level::Success,
                Say::CashMoved {
                    amount: s.money(-amount),
                },
            );
            JournalEvent::CashOut { amount, reason }
        }
        DrawerOp::Count => {
            let expected = s.drawer.expected;
            s.drawer.last_count = Some((amount, expected));
            say(
                s,
                Level::Info,
                Say::Counted {
                    counted: money,
                    expected: s.money(expected),
                    difference: s.money(amount - expected),
                },
            );
            JournalEvent::CashCounted {
                counted: amount,
                expected,
            }
        }
    };
    vec![Effect::Journal(event)]
}
