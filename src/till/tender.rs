//! The tender step: from a locked basket to an issued receipt. Parts are paid in any order
//! (Vipps MobilePay, cash, card) with what is still owed always known; cash alone is rounded,
//! and only when it settles the rest; when nothing is owed the receipt is issued.

use super::keys::edit;
use super::msg::{Effect, Key, NotIssued};
use super::state::{Dialog, DoneSale, Level, State, TenderStep};
use super::{payment, reset_sale, say, Say};
use crate::domain::{
    cash_unit, parse_minor, DrawerReason, IssuedReceipt, Receipt, ReceiptKind, ReceiptLine,
    ReceiptNumber, Tender, TenderKind,
};

/// The usual notes, for the quick keys F2–F5 of the cash dialog, in minor units.
pub fn quick_notes(currency: crate::domain::Currency) -> [i64; 4] {
    match currency {
        crate::domain::Currency::Eur => [1_000, 2_000, 5_000, 10_000],
        _ => [10_000, 20_000, 50_000, 100_000],
    }
}

/// Enter the tender step for the basket on screen; false (and a notice) if there is nothing
/// to pay.
pub(super) fn start(s: &mut State) -> bool {
    if s.tender.is_some() {
        return true;
    }
    if !basket_ready(s) {
        return false;
    }
    s.done = None;
    s.selected = None;
    s.tender = Some(TenderStep {
        kind: ReceiptKind::Sale,
        total: s.basket.total().minor,
        parts: Vec::new(),
        rounding: 0,
        issuing: false,
        return_of: None,
        plan: Vec::new(),
        renewed: false,
    });
    true
}

/// Whether the basket can be paid: not empty, and every weighed line weighed (a line with no
/// weight would be sold at 0,00, so the cashier is sent to it).
fn basket_ready(s: &mut State) -> bool {
    if s.basket.is_empty() {
        say(s, Level::Warning, Say::EmptyBasket);
        return false;
    }
    let unweighed = s
        .basket
        .lines
        .iter()
        .position(|l| l.quantity == crate::domain::Quantity::Grams(0));
    if let Some(i) = unweighed {
        let name = s.basket.lines[i].name.clone();
        s.selected = Some(i);
        say(s, Level::Warning, Say::MissingWeight { name });
        return false;
    }
    true
}

fn owed(s: &State) -> i64 {
    s.tender.as_ref().map_or(0, TenderStep::owed)
}

pub(super) fn pay_cash(s: &mut State) -> Vec<Effect> {
    if start(s) {
        s.dialog = Some(Dialog::Cash {
            input: String::new(),
        });
    }
    Vec::new()
}

pub(super) fn pay_card(s: &mut State) -> Vec<Effect> {
    if start(s) {
        let input = s.money(owed(s)).amount_text();
        s.dialog = Some(Dialog::Card { input });
    }
    Vec::new()
}

/// Vipps for `amount` (what is owed when `None`): today's push payment as one part.
pub(super) fn pay_vipps(s: &mut State, amount: Option<i64>) -> Vec<Effect> {
    if s.tender.is_none() {
        if !basket_ready(s) {
            return Vec::new();
        }
        // Refused here, not by the API in English; the tender step stays closed, so the
        // basket can still be changed (or split: cash or card first, then Vipps for a part).
        let maximum = s.settings.currency.maximum_payment();
        if s.basket.total().minor > maximum {
            let maximum = s.money(maximum);
            say(s, Level::Warning, Say::AboveMaximum { maximum });
            return Vec::new();
        }
    }
    if s.customer.is_none() {
        s.pay_after_identify = Some(amount);
        return payment::need_customer(s);
    }
    if !start(s) {
        return Vec::new();
    }
    let owed = owed(s);
    let amount = amount.unwrap_or(owed);
    if amount <= 0 || amount > owed {
        say(
            s,
            Level::Warning,
            Say::BadTenderAmount { max: s.money(owed) },
        );
        return Vec::new();
    }
    payment::pay_part(s, amount)
}

/// Leave the tender step while nothing is paid: the basket can be changed again.
pub(super) fn back_to_basket(s: &mut State) -> Vec<Effect> {
    match &s.tender {
        Some(t) if t.parts.is_empty() && !t.issuing && t.kind == ReceiptKind::Sale => {
            s.tender = None;
        }
        Some(t) if t.kind == ReceiptKind::Return && t.parts.is_empty() => {
            s.tender = None;
            reset_sale(s);
        }
        Some(_) => say(s, Level::Warning, Say::PartsPaid),
        None => {}
    }
    Vec::new()
}

fn amount_chars(c: char) -> bool {
    c.is_ascii_digit() || ",. ".contains(c)
}

pub(super) fn cash_key(s: &mut State, mut input: String, k: Key) -> Vec<Effect> {
    let notes = quick_notes(s.settings.currency);
    let tendered = match k {
        Key::F(n @ 2..=5) => Some(notes[usize::from(n - 2)]),
        Key::F(8) => {
            // Type an amount, then F8: that much goes to Vipps, the rest stays owed.
            let amount = if input.trim().is_empty() {
                None
            } else {
                parse_minor(&input)
            };
            return pay_vipps(s, amount);
        }
        Key::Enter if input.trim().is_empty() => {
            Some(crate::domain::round_cash(owed(s), s.settings.country))
        }
        Key::Enter => parse_minor(&input),
        _ => {
            edit(&mut input, k, 12, amount_chars);
            s.dialog = Some(Dialog::Cash { input });
            return Vec::new();
        }
    };
    match tendered {
        Some(t) if t > 0 && t % cash_unit(s.settings.country) == 0 => settle_cash(s, t),
        _ => {
            let unit = s.money(cash_unit(s.settings.country));
            say(s, Level::Warning, Say::BadCashAmount { unit });
            s.dialog = Some(Dialog::Cash { input });
            Vec::new()
        }
    }
}

/// Cash handed over. If it covers the rest, the rest is rounded to the market's cash unit
/// (the rounding kept as its own amount) and the change is what is over; otherwise it is a
/// part, exact (a multiple of the unit is always below what is owed then).
pub(super) fn settle_cash(s: &mut State, tendered: i64) -> Vec<Effect> {
    let country = s.settings.country;
    let Some(t) = s.tender.as_mut() else {
        return Vec::new();
    };
    let owed = t.owed();
    let rounded = crate::domain::round_cash(owed, country);
    if tendered >= rounded {
        t.rounding += rounded - owed;
        t.parts.push(Tender {
            kind: TenderKind::Cash {
                tendered,
                change: tendered - rounded,
            },
            amount: rounded,
        });
    } else {
        t.parts.push(Tender {
            kind: TenderKind::Cash {
                tendered,
                change: 0,
            },
            amount: tendered,
        });
    }
    after_part(s)
}

pub(super) fn card_key(s: &mut State, mut input: String, k: Key) -> Vec<Effect> {
    if k != Key::Enter {
        edit(&mut input, k, 12, amount_chars);
        s.dialog = Some(Dialog::Card { input });
        return Vec::new();
    }
    let owed = owed(s);
    match parse_minor(&input).filter(|a| *a > 0 && *a <= owed) {
        Some(amount) => settle_card(s, amount),
        None => {
            say(
                s,
                Level::Warning,
                Say::BadTenderAmount { max: s.money(owed) },
            );
            s.dialog = Some(Dialog::Card { input });
            Vec::new()
        }
    }
}

/// The cashier confirmed the terminal approved `amount`.
pub(super) fn settle_card(s: &mut State, amount: i64) -> Vec<Effect> {
    if let Some(t) = s.tender.as_mut() {
        t.parts.push(Tender {
            kind: TenderKind::Card { note: None },
            amount,
        });
    }
    after_part(s)
}

/// A Vipps part was captured in full.
pub(super) fn settle_vipps(s: &mut State, reference: &str, amount: i64) -> Vec<Effect> {
    if let Some(t) = s.tender.as_mut() {
        t.parts.push(Tender {
            kind: TenderKind::Vipps {
                reference: reference.to_string(),
            },
            amount,
        });
    }
    after_part(s)
}

/// After each part: issue when nothing is owed, else say what is.
pub(super) fn after_part(s: &mut State) -> Vec<Effect> {
    let owed = owed(s);
    if owed > 0 {
        say(
            s,
            Level::Info,
            Say::StillOwed {
                owed: s.money(owed),
            },
        );
        return Vec::new();
    }
    issue(s)
}

/// The draft receipt of the tender step (number 0; the store numbers it, the runtime stamps
/// the time).
pub(super) fn draft(s: &State, t: &TenderStep) -> IssuedReceipt {
    let sign = match t.kind {
        ReceiptKind::Sale => 1,
        ReceiptKind::Return => -1,
    };
    let tenders = t
        .parts
        .iter()
        .map(|p| Tender {
            kind: p.kind.clone(),
            amount: sign * p.amount,
        })
        .collect();
    let member = s
        .customer
        .as_ref()
        .is_some_and(|c| matches!(c.membership, super::Membership::Member { .. }));
    IssuedReceipt {
        kind: t.kind,
        training: s.settings.training,
        number: 0,
        pos_id: s.settings.pos_id.clone(),
        cashier: s.cashier.clone(),
        issued_at: 0,
        utc_offset_min: 0,
        currency: s.settings.currency,
        lines: ReceiptLine::from_basket(&s.basket, t.kind),
        tenders,
        rounding: sign * t.rounding,
        customer: s.customer.as_ref().map(|c| c.msisdn.masked()),
        member,
        return_of: t.return_of.clone(),
    }
}

/// Send the receipt to be issued (again, after a failure).
pub(super) fn issue(s: &mut State) -> Vec<Effect> {
    let Some(t) = s.tender.clone().filter(|t| !t.issuing && t.owed() == 0) else {
        return Vec::new();
    };
    let draft = draft(s, &t);
    if let Some(t) = s.tender.as_mut() {
        t.issuing = true;
    }
    vec![Effect::IssueReceipt {
        draft: Box::new(draft),
        foreground: true,
    }]
}

pub(super) fn on_issued(
    s: &mut State,
    foreground: bool,
    result: Result<IssuedReceipt, NotIssued>,
) -> Vec<Effect> {
    let receipt = match result {
        Ok(r) => r,
        Err(NotIssued { draft, reason }) => {
            if foreground {
                // The tender step keeps everything; Enter issues it again.
                if let Some(t) = s.tender.as_mut() {
                    t.issuing = false;
                }
            } else {
                s.unissued.push(*draft);
            }
            say(s, Level::Error, Say::IssueFailed { reason });
            return Vec::new();
        }
    };
    let number = ReceiptNumber::new(receipt.number)
        .map(|n| n.to_string())
        .unwrap_or_default();
    let cash: i64 = receipt
        .tenders
        .iter()
        .filter(|t| t.is_cash())
        .map(|t| t.amount)
        .sum();
    let moved_cash = receipt.tenders.iter().any(Tender::is_cash);
    s.drawer.expected += cash;
    let mut effects = super::printing::print_receipt(s, &receipt);
    // The store works again: the receipts it could not issue before go now.
    effects.extend(s.unissued.drain(..).map(|d| Effect::IssueReceipt {
        draft: Box::new(d),
        foreground: false,
    }));
    if moved_cash {
        effects.extend(super::printing::open_drawer(s, DrawerReason::Sale));
    }
    let total = s.money(receipt.total());
    if !foreground {
        say(
            s,
            Level::Success,
            Say::BackgroundPaid {
                receipt: number,
                total,
            },
        );
        return effects;
    }
    let reference = receipt
        .tenders
        .iter()
        .find_map(|t| match &t.kind {
            TenderKind::Vipps { reference } => Some(reference.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let done = DoneSale {
        reference,
        receipt: Receipt::from_basket(&s.basket, &s.settings.pos_id, &number),
        total,
        customer: s.customer.as_ref().and_then(|c| c.display_name()),
        issued: receipt,
        copy_asked: false,
    };
    let change = s.money(done.issued.change());
    let kind = done.issued.kind;
    reset_sale(s);
    s.tender = None;
    s.done = Some(done);
    say(
        s,
        Level::Success,
        match kind {
            ReceiptKind::Sale => Say::Issued {
                receipt: number,
                total,
                change,
            },
            ReceiptKind::Return => Say::ReturnIssued {
                receipt: number,
                total,
            },
        },
    );
    effects
}
