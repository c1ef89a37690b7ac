//! The basket: scanned and searched products, quantities, discounts, voids.

use super::keys::edit;
use super::msg::{Effect, Key};
use super::state::{Dialog, Level, SearchHit, State};
use super::{say, Say};
use crate::domain::{
    parse_minor, vat_groups, Gtin, JournalEvent, Line, Money, Product, ProductHit, Quantity,
    VatRate,
};

pub(super) fn scan_product(s: &mut State, gtin: Gtin) -> Vec<Effect> {
    if s.basket_locked() {
        say(s, Level::Warning, Say::BusyPaying);
        return Vec::new();
    }
    vec![Effect::LookupProduct(gtin)]
}

pub(super) fn on_product(
    s: &mut State,
    code: Gtin,
    result: Result<Option<ProductHit>, String>,
) -> Vec<Effect> {
    match result {
        Ok(Some(hit)) => {
            if s.basket_locked() {
                say(s, Level::Warning, Say::BusyPaying);
                return Vec::new();
            }
            s.recovered.clear();
            if let Quantity::Grams(g @ 1..) = hit.quantity {
                s.label_weights.push((hit.product.gtin.to_string(), g));
            }
            let line = hit.line();
            let name = line.name.clone();
            let i = s.basket.add(line);
            s.selected = Some(i);
            if hit.needs_weight() {
                // A per-kg item without a weight label: the cashier weighs it and types grams.
                s.dialog = Some(Dialog::Quantity {
                    input: String::new(),
                });
            }
            say(s, Level::Info, Say::Added { name });
        }
        // Not in the catalogue: the customer still wants it. It can be sold at a price the
        // cashier reads off the shelf, in one of the market's VAT groups.
        Ok(None) if !s.basket_locked() && s.dialog.is_none() => {
            let code = code.to_string();
            say(s, Level::Warning, Say::OpenPriceAsk { code: code.clone() });
            s.dialog = Some(Dialog::OpenPrice {
                code,
                input: String::new(),
                vat: 0,
            });
        }
        Ok(None) => say(
            s,
            Level::Warning,
            Say::ProductUnknown {
                code: code.to_string(),
            },
        ),
        Err(reason) => say(s, Level::Error, Say::ProductLookupFailed { reason }),
    }
    Vec::new()
}

pub(super) fn on_search(
    s: &mut State,
    query: String,
    result: Result<Vec<Product>, String>,
) -> Vec<Effect> {
    let currency = s.settings.currency;
    match (&mut s.dialog, result) {
        (
            Some(Dialog::Search {
                query: q,
                results,
                selected,
            }),
            Ok(found),
        ) if *q == query => {
            *results = found
                .into_iter()
                .map(|p| SearchHit {
                    gtin: p.gtin.to_string(),
                    name: p.name,
                    price: Money::new(p.price, currency),
                })
                .collect();
            *selected = 0;
        }
        (_, Err(reason)) => say(s, Level::Error, Say::ProductLookupFailed { reason }),
        _ => {}
    }
    Vec::new()
}

pub(super) fn search_key(
    s: &mut State,
    mut query: String,
    results: Vec<SearchHit>,
    mut selected: usize,
    k: Key,
) -> Vec<Effect> {
    match k {
        Key::Enter => {
            let chosen = results
                .get(selected)
                .and_then(|h| Gtin::parse(&h.gtin).ok());
            return match chosen {
                Some(g) => scan_product(s, g),
                None => {
                    s.dialog = Some(Dialog::Search {
                        query,
                        results,
                        selected,
                    });
                    Vec::new()
                }
            };
        }
        Key::Up => selected = selected.saturating_sub(1),
        Key::Down => {
            if selected + 1 < results.len() {
                selected += 1;
            }
        }
        _ => {
            if edit(&mut query, k, 40, |c| !c.is_control()) {
                let effects = if query.trim().chars().count() >= 2 {
                    vec![Effect::SearchProducts(query.trim().to_string())]
                } else {
                    Vec::new()
                };
                s.dialog = Some(Dialog::Search {
                    query,
                    results: Vec::new(),
                    selected: 0,
                });
                return effects;
            }
        }
    }
    s.dialog = Some(Dialog::Search {
        query,
        results,
        selected,
    });
    Vec::new()
}

/// `+` and `-` change the selected piece line by one; at zero the line goes.
pub(super) fn bump_quantity(s: &mut State, by: i64) -> Vec<Effect> {
    if s.basket_locked() {
        return Vec::new();
    }
    let Some(i) = s.selected else {
        return Vec::new();
    };
    if let Some(line) = s.basket.lines.get(i) {
        if matches!(line.quantity, Quantity::Grams(_)) {
            let name = line.name.clone();
            say(s, Level::Info, Say::WeighedNoStep { name });
            return Vec::new();
        }
    }
    if let Some(line) = s.basket.lines.get_mut(i) {
        if let Quantity::Pieces(n) = line.quantity {
            let next = i64::from(n) + by;
            if next <= 0 {
                return void_selected(s);
            }
            let q = Quantity::Pieces(u32::try_from(next).unwrap_or(u32::MAX));
            return set_quantity(s, i, q);
        }
    }
    Vec::new()
}

/// Takes a new quantity for line `i`, or asks first when it crosses into the unusual (once:
/// a line already above the limit is not asked about again for every `+`).
fn set_quantity(s: &mut State, i: usize, q: Quantity) -> Vec<Effect> {
    let limits = s.settings.limits;
    let Some(line) = s.basket.lines.get_mut(i) else {
        return Vec::new();
    };
    if limits.unusual(q) && !limits.unusual(line.quantity) {
        s.dialog = Some(Dialog::ConfirmQuantity { quantity: q });
        return Vec::new();
    }
    line.set_quantity(q);
    Vec::new()
}

/// The answer to "really this many?": one key takes it, anything else goes back to typing.
pub(super) fn confirm_quantity_key(s: &mut State, quantity: Quantity, k: Key) -> Vec<Effect> {
    if super::keys::is_yes(k) {
        if let Some(line) = s.selected.and_then(|i| s.basket.lines.get_mut(i)) {
            line.set_quantity(quantity);
        }
    } else {
        s.dialog = Some(Dialog::Quantity {
            input: String::new(),
        });
    }
    Vec::new()
}

/// Takes the selected line out; the journal keeps what it was (the rules count voided lines).
pub(super) fn void_selected(s: &mut State) -> Vec<Effect> {
    let Some(i) = s.selected.filter(|i| *i < s.basket.lines.len()) else {
        return Vec::new();
    };
    let line = s.basket.lines.remove(i);
    s.selected = if s.basket.is_empty() {
        None
    } else {
        Some(i.min(s.basket.lines.len() - 1))
    };
    let event = JournalEvent::LineVoided {
        gtin: line.gtin.to_string(),
        name: line.name.clone(),
        amount: line.totals().total,
    };
    say(s, Level::Info, Say::Voided { name: line.name });
    vec![Effect::Journal(event)]
}

/// The search closed with prices on screen and nothing taken from it: a price look-up, which
/// the journal keeps (the highlighted item's price is the one the cashier read).
pub(super) fn price_looked_up(dialog: Option<&Dialog>) -> Vec<Effect> {
    match dialog {
        Some(Dialog::Search {
            results, selected, ..
        }) => results
            .get(*selected)
            .map(|hit| {
                Effect::Journal(JournalEvent::PriceLookup {
                    gtin: hit.gtin.clone(),
                    price: hit.price.minor,
                })
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// The unpaid basket given up (a new sale asked and confirmed): the journal keeps what it
/// held, as a voided sale.
pub(super) fn void_sale(s: &mut State) -> Vec<Effect> {
    let voided = (!s.basket.is_empty()).then(|| JournalEvent::SaleVoided {
        lines: u32::try_from(s.basket.lines.len()).unwrap_or(u32::MAX),
        amount: s.basket.total().minor,
    });
    super::reset_sale(s);
    voided.map(Effect::Journal).into_iter().collect()
}

/// Pieces as a whole number; a weighed line takes grams.
pub(super) fn quantity_key(s: &mut State, mut input: String, k: Key) -> Vec<Effect> {
    if k != Key::Enter {
        edit(&mut input, k, 6, |c| c.is_ascii_digit());
        s.dialog = Some(Dialog::Quantity { input });
        return Vec::new();
    }
    let Some(i) = s.selected.filter(|i| *i < s.basket.lines.len()) else {
        return Vec::new();
    };
    match input.parse::<u32>() {
        Ok(0) => void_selected(s),
        Ok(n) => {
            let q = match s.basket.lines[i].quantity {
                Quantity::Pieces(_) => Quantity::Pieces(n),
                Quantity::Grams(_) => Quantity::Grams(n),
            };
            // A weight typed for a line that had none is always "new", so it is checked
            // against the limit too (a weight from a label is the scale's word).
            let was_unweighed = s.basket.lines[i].quantity == Quantity::Grams(0);
            if was_unweighed && s.settings.limits.unusual(q) {
                s.dialog = Some(Dialog::ConfirmQuantity { quantity: q });
                return Vec::new();
            }
            set_quantity(s, i, q)
        }
        Err(_) => {
            say(s, Level::Warning, Say::BadQuantity);
            s.dialog = Some(Dialog::Quantity { input });
            Vec::new()
        }
    }
}

/// A discount in kroner (`20`, `19,90`) or percent (`10%`) of the line.
pub(super) fn discount_key(s: &mut State, mut input: String, k: Key) -> Vec<Effect> {
    if k != Key::Enter {
        edit(&mut input, k, 10, |c| {
            c.is_ascii_digit() || ",.% ".contains(c)
        });
        s.dialog = Some(Dialog::Discount { input });
        return Vec::new();
    }
    let Some(line) = s.selected.and_then(|i| s.basket.lines.get_mut(i)) else {
        return Vec::new();
    };
    let set = match input.trim().strip_suffix('%') {
        Some(pct) => parse_tenths(pct).and_then(|t| line.set_discount_tenths(t)),
        None => parse_minor(input.trim()).and_then(|a| line.set_discount_amount(a)),
    };
    if set.is_none() {
        say(s, Level::Warning, Say::BadDiscount);
        s.dialog = Some(Dialog::Discount { input });
    }
    Vec::new()
}

/// A percent as typed (`10`, `12,5`, `12.5 `) in tenths of a percent; one decimal at most.
pub(super) fn parse_tenths(typed: &str) -> Option<u16> {
    let t = typed.trim();
    let (whole, tenth) = match t.split_once([',', '.']) {
        Some((w, f)) if f.len() == 1 => (w, f),
        Some(_) => return None,
        None => (t, "0"),
    };
    let digits = |x: &str| !x.is_empty() && x.len() <= 3 && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(tenth) {
        return None;
    }
    let whole: u16 = whole.parse().ok()?;
    let tenth: u16 = tenth.parse().ok()?;
    whole.checked_mul(10)?.checked_add(tenth)
}

/// Whether the selected line's weight came from a scale label (F5 leaves it be).
pub(super) fn label_weighed(s: &State) -> Option<String> {
    let line = s.selected.and_then(|i| s.basket.lines.get(i))?;
    let Quantity::Grams(g) = line.quantity else {
        return None;
    };
    let code = line.gtin.to_string();
    s.label_weights
        .iter()
        .any(|(c, w)| *c == code && *w == g)
        .then(|| line.name.clone())
}

/// The open-price dialog: an amount typed, Tab (or the arrows) for the VAT group, Enter adds
/// the line under the scanned code, so the receipt and the journal carry it like any other.
pub(super) fn open_price_key(
    s: &mut State,
    code: String,
    mut input: String,
    mut vat: usize,
    k: Key,
) -> Vec<Effect> {
    let groups = vat_groups(s.settings.country);
    match k {
        Key::Tab | Key::Down => vat = (vat + 1) % groups.len(),
        Key::Up => vat = (vat + groups.len() - 1) % groups.len(),
        Key::Enter => {
            let price = parse_minor(input.trim()).filter(|p| *p > 0);
            let rate = groups
                .get(vat)
                .and_then(|bp| VatRate::from_basis_points(*bp));
            let gtin = Gtin::parse(&code).ok();
            if let (Some(unit_price), Some(vat), Some(gtin)) = (price, rate, gtin) {
                let name = code.clone();
                let i = s.basket.add(Line {
                    gtin,
                    name: name.clone(),
                    unit_price,
                    quantity: Quantity::Pieces(1),
                    discount: 0,
                    percent: None,
                    vat,
                });
                s.selected = Some(i);
                say(s, Level::Info, Say::Added { name });
                return Vec::new();
            }
            say(s, Level::Warning, Say::BadOpenPrice);
        }
        _ => {
            edit(&mut input, k, 10, |c| {
                c.is_ascii_digit() || ",.".contains(c)
            });
        }
    }
    s.dialog = Some(Dialog::OpenPrice { code, input, vat });
    Vec::new()
}
