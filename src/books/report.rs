//! The X and Z reports as data: a pure function of the journal entries since the till's last
//! Z report. Every item of the statutory list (the SAF-T `eventReport` element is the
//! checklist) has a field here; training receipts are counted on their own and never enter
//! the real totals. The grand totals carry on from the last Z report and never reset.

use super::journal::Entry;
use crate::domain::{DrawerReason, IssuedReceipt, JournalEvent, Quantity, ReceiptKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub use crate::domain::ReportKind;

/// A number of things and what they came to, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub count: u64,
    pub amount: i64,
}

impl Count {
    fn add(&mut self, amount: i64) {
        self.count += 1;
        self.amount += amount;
    }
}

/// Sales of an article group; `quantity_milli` is pieces × 1000 or grams, net of returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSum {
    pub cashier: Option<String>,
    pub group: String,
    pub quantity_milli: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderSum {
    pub cashier: Option<String>,
    /// The SAF-T payment code (12001 cash, 12002 card, 12011 Vipps MobilePay).
    pub code: String,
    pub count: u64,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashierSum {
    pub cashier: Option<String>,
    pub receipts: u64,
    pub net: i64,
    pub opening_float: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatLine {
    pub vat_bp: u16,
    pub base: i64,
    pub tax: i64,
    pub total: i64,
}

/// Totals since the till's first sale; no Z report resets them. Returns as a positive amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrandTotals {
    pub sales: i64,
    pub returns: i64,
    pub net: i64,
}

/// Who made the report, for which company and till, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMeta {
    pub number: u64,
    pub pos_id: String,
    pub company_ident: String,
    pub company_name: String,
    pub at: i64,
    pub utc_offset_min: i32,
    pub cashier: Option<String>,
    /// Taken on a training till (demo): its real totals are none, it says so on paper.
    #[serde(default)]
    pub training: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub kind: ReportKind,
    pub meta: ReportMeta,
    /// The journal rows the report covers: after `from_seq`, up to and including `to_seq`.
    pub from_seq: i64,
    pub to_seq: i64,
    /// Sales and return receipts (training ones not included).
    pub receipts: u64,
    pub sales: Count,
    /// Returns, amount as a positive number.
    pub returns: Count,
    /// Sales less returns, VAT included, before cash rounding.
    pub net: i64,
    pub rounding: i64,
    pub art_groups: Vec<GroupSum>,
    pub cashier_groups: Vec<GroupSum>,
    pub tenders: Vec<TenderSum>,
    pub cashier_tenders: Vec<TenderSum>,
    pub cashiers: Vec<CashierSum>,
    pub vat: Vec<VatLine>,
    pub opening_float: i64,
    pub cash_in: Count,
    pub cash_out: Count,
    /// Float + cash taken − cash paid back + cash in − cash out.
    pub expected_cash: i64,
    /// The last count of the drawer in the period, if there was one.
    pub counted_cash: Option<i64>,
    pub cash_difference: Option<i64>,
    pub copies: Count,
    pub discounts: Count,
    pub voided_sales: Count,
    pub voided_lines: Count,
    pub price_lookups: Count,
    pub price_changes: u64,
    pub parked: u64,
    pub training: Count,
    pub drawer_openings: u64,
    pub drawer_no_sale: u64,
    pub grand: GrandTotals,
}

/// The article group of a receipt line: kasse's catalogue has no groups of its own, so food
/// (the reduced 15 % rate) and other goods are told apart by their VAT rate.
pub fn article_group(vat_bp: u16) -> &'static str {
    if vat_bp == 1_500 {
        "FOOD"
    } else {
        "GOODS"
    }
}

fn quantity_milli(q: Quantity) -> i64 {
    match q {
        Quantity::Pieces(n) => i64::from(n) * 1_000,
        Quantity::Grams(g) => i64::from(g),
    }
}

/// Builds the report over `period` (a till's entries after row `after`, the end of its last Z
/// report's period, in order).
/// `copy_amounts` gives the total of the receipt each copy row (by `seq`) is of; `previous` are
/// the grand totals of the last Z report.
pub fn build(
    kind: ReportKind,
    meta: ReportMeta,
    after: i64,
    period: &[Entry],
    copy_amounts: &HashMap<i64, i64>,
    previous: GrandTotals,
) -> Report {
    let mut r = Report {
        kind,
        from_seq: after,
        to_seq: period.last().map_or(after, |e| e.seq),
        meta,
        receipts: 0,
        sales: Count::default(),
        returns: Count::default(),
        net: 0,
        rounding: 0,
        art_groups: Vec::new(),
        cashier_groups: Vec::new(),
        tenders: Vec::new(),
        cashier_tenders: Vec::new(),
        cashiers: Vec::new(),
        vat: Vec::new(),
        opening_float: 0,
        cash_in: Count::default(),
        cash_out: Count::default(),
        expected_cash: 0,
        counted_cash: None,
        cash_difference: None,
        copies: Count::default(),
        discounts: Count::default(),
        voided_sales: Count::default(),
        voided_lines: Count::default(),
        price_lookups: Count::default(),
        price_changes: 0,
        parked: 0,
        training: Count::default(),
        drawer_openings: 0,
        drawer_no_sale: 0,
        grand: previous,
    };
    let mut sums = Sums::default();
    for e in period {
        if e.training {
            if let Some(receipt) = e.receipt() {
                r.training.add(receipt.total());
            }
            continue;
        }
        let who = e.cashier_id.clone();
        match &e.event {
            JournalEvent::Receipt { receipt } => sums.receipt(&mut r, receipt, who),
            JournalEvent::CopyPrinted { .. } => {
                r.copies.add(copy_amounts.get(&e.seq).copied().unwrap_or(0));
            }
            JournalEvent::DrawerOpened { reason } => {
                r.drawer_openings += 1;
                if *reason == DrawerReason::NoSale {
                    r.drawer_no_sale += 1;
                }
            }
            JournalEvent::OpeningFloat { amount } => {
                r.opening_float += amount;
                sums.cashier(who).opening_float += amount;
            }
            JournalEvent::CashIn { amount, .. } => r.cash_in.add(*amount),
            JournalEvent::CashOut { amount, .. } => r.cash_out.add(*amount),
            JournalEvent::CashCounted { counted, .. } => r.counted_cash = Some(*counted),
            JournalEvent::LineVoided { amount, .. } => r.voided_lines.add(*amount),
            JournalEvent::SaleVoided { amount, .. } => r.voided_sales.add(*amount),
            JournalEvent::PriceLookup { price, .. } => r.price_lookups.add(*price),
            JournalEvent::PriceChanged { .. } => r.price_changes += 1,
            JournalEvent::BasketParked { .. } => r.parked += 1,
            _ => {}
        }
    }
    r.net = r.sales.amount - r.returns.amount;
    r.grand.sales += r.sales.amount;
    r.grand.returns += r.returns.amount;
    r.grand.net += r.net;
    r.expected_cash = r.opening_float + sums.cash + r.cash_in.amount - r.cash_out.amount;
    r.cash_difference = r.counted_cash.map(|c| c - r.expected_cash);
    sums.finish(&mut r);
    r
}

/// The keys a sum goes under: the till's total, and the cashier's when one is known.
fn keys(who: &Option<String>, what: &str) -> Vec<(Option<String>, String)> {
    let mut k = vec![(None, what.to_string())];
    if who.is_some() {
        k.push((who.clone(), what.to_string()));
    }
    k
}

/// Running sums keyed for a stable order in the report.
#[derive(Default)]
struct Sums {
    cash: i64,
    groups: BTreeMap<(Option<String>, String), (i64, i64)>,
    tenders: BTreeMap<(Option<String>, String), (u64, i64)>,
    cashiers: BTreeMap<Option<String>, CashierSum>,
    vat: BTreeMap<u16, VatLine>,
}

impl Sums {
    fn cashier(&mut self, who: Option<String>) -> &mut CashierSum {
        self.cashiers.entry(who.clone()).or_insert(CashierSum {
            cashier: who,
            receipts: 0,
            net: 0,
            opening_float: 0,
        })
    }

    fn receipt(&mut self, r: &mut Report, receipt: &IssuedReceipt, who: Option<String>) {
        r.receipts += 1;
        match receipt.kind {
            ReceiptKind::Sale => r.sales.add(receipt.total()),
            ReceiptKind::Return => r.returns.add(-receipt.total()),
        }
        r.rounding += receipt.rounding;
        let c = self.cashier(who.clone());
        c.receipts += 1;
        c.net += receipt.total();
        for line in &receipt.lines {
            let sign = if line.total < 0 { -1 } else { 1 };
            let q = sign * quantity_milli(line.quantity);
            let group = article_group(line.vat_bp).to_string();
            for key in keys(&who, &group) {
                let g = self.groups.entry(key).or_default();
                g.0 += q;
                g.1 += line.total;
            }
            if line.discount > 0 && receipt.kind == ReceiptKind::Sale {
                r.discounts.add(line.discount);
            }
            let v = self.vat.entry(line.vat_bp).or_insert(VatLine {
                vat_bp: line.vat_bp,
                base: 0,
                tax: 0,
                total: 0,
            });
            v.base += line.excl;
            v.tax += line.tax;
            v.total += line.total;
        }
        for t in &receipt.tenders {
            if t.is_cash() {
                self.cash += t.amount;
            }
            for key in keys(&who, t.saft_code()) {
                let s = self.tenders.entry(key).or_default();
                s.0 += 1;
                s.1 += t.amount;
            }
        }
    }

    fn finish(self, r: &mut Report) {
        for ((cashier, group), (q, amount)) in self.groups {
            let g = GroupSum {
                cashier: cashier.clone(),
                group,
                quantity_milli: q,
                amount,
            };
            match cashier {
                None => r.art_groups.push(g),
                Some(_) => r.cashier_groups.push(g),
            }
        }
        for ((cashier, code), (count, amount)) in self.tenders {
            let t = TenderSum {
                cashier: cashier.clone(),
                code,
                count,
                amount,
            };
            match cashier {
                None => r.tenders.push(t),
                Some(_) => r.cashier_tenders.push(t),
            }
        }
        r.cashiers = self.cashiers.into_values().collect();
        r.vat = self.vat.into_values().rev().collect();
    }
}
