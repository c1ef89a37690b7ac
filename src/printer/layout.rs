//! The receipt's layout: an [`IssuedReceipt`] and the shop's facts as a [`Document`], with
//! every field the cash register rules ask of a sales or return receipt. A copy and a
//! training receipt carry their marking in double size, twice the height of the amounts.
//! Whether a copy may be made (at most one) is the core's rule; this only prints it.

use super::doc::{Document, Size, Style};
use super::words::{self, Words};
use crate::domain::{IssuedReceipt, Money, OrgNumber, ReceiptKind, TenderKind};
use time::{OffsetDateTime, UtcOffset};

/// What the config says about the shop, for the head of every receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopFacts {
    pub name: String,
    pub org_number: Option<OrgNumber>,
    pub vat_registered: bool,
    /// Street, postcode and place, a line each.
    pub address: Vec<String>,
}

/// Which print of the receipt this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Print {
    Original,
    Copy,
}

const MARK: Style = Style {
    bold: true,
    size: Size::Double,
    align: super::doc::Align::Centre,
};

fn marking(doc: &mut Document, w: &Words, r: &IssuedReceipt, print: Print) {
    if r.training {
        doc.text(MARK, w.training);
    }
    if print == Print::Copy {
        doc.text(MARK, w.copy);
    }
}

fn percent(bp: u16) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    if frac == 0 {
        format!("{whole} %")
    } else {
        format!("{whole},{frac:02} %")
    }
}

fn local_time(r: &IssuedReceipt) -> (String, String) {
    let offset = UtcOffset::from_whole_seconds(r.utc_offset_min * 60).unwrap_or(UtcOffset::UTC);
    match OffsetDateTime::from_unix_timestamp(r.issued_at) {
        Ok(t) => {
            let t = t.to_offset(offset);
            (
                format!("{:02}.{:02}.{}", t.day(), u8::from(t.month()), t.year()),
                format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()),
            )
        }
        Err(_) => (format!("@{}", r.issued_at), String::new()),
    }
}

pub fn receipt_document(r: &IssuedReceipt, shop: &ShopFacts, print: Print) -> Document {
    let m = |minor: i64| Money::new(minor, r.currency).amount_text();
    let w = words::for_currency(r.currency);
    let mut doc = Document::new();
    marking(&mut doc, w, r, print);
    let title = match r.kind {
        ReceiptKind::Sale => w.sale,
        ReceiptKind::Return => w.ret,
    };
    doc.text(Style::NORMAL.bold().centre(), title);
    doc.text(Style::NORMAL.bold().centre(), shop.name.clone());
    if let Some(org) = &shop.org_number {
        let suffix = if shop.vat_registered && !w.vat_suffix.is_empty() {
            format!(" {}", w.vat_suffix)
        } else {
            String::new()
        };
        doc.text(Style::NORMAL.centre(), format!("{} {org}{suffix}", w.org));
    }
    for line in &shop.address {
        doc.text(Style::NORMAL.centre(), line.clone());
    }
    doc.rule();
    let (date, time) = local_time(r);
    doc.pair(format!("{} {date}", w.date), format!("{} {time}", w.time));
    doc.pair(w.number, r.number.to_string());
    doc.pair(w.till, r.pos_id.clone());
    if let Some(c) = &r.cashier {
        doc.pair(w.cashier, format!("{} ({})", c.name, c.id));
    }
    if let Some(of) = &r.return_of {
        doc.pair(w.return_of, format!("{} ({})", of.number, of.pos_id));
    }
    doc.rule();
    for l in &r.lines {
        doc.line(l.name.clone());
        let qty = l.quantity.receipt_text();
        doc.pair(format!("  {qty} x {}", m(l.unit_price)), m(l.total));
        if l.discount != 0 {
            doc.pair(format!("  {}", w.discount), m(-l.discount));
        }
    }
    doc.rule();
    doc.pair_styled(
        Style::NORMAL.bold(),
        format!("{} {}", w.total, r.currency.code()),
        m(r.total()),
    );
    for v in r.vat_summary() {
        doc.pair(
            format!(
                "{} {} {} {}",
                w.vat,
                percent(v.vat_bp),
                w.vat_base,
                m(v.base)
            ),
            m(v.tax),
        );
    }
    doc.rule();
    for t in &r.tenders {
        match &t.kind {
            TenderKind::Cash { tendered, .. } => {
                doc.pair(w.cash, m(t.amount));
                if *tendered != t.amount {
                    doc.pair(format!("  {}", w.tendered), m(*tendered));
                }
            }
            TenderKind::Card { note } => {
                doc.pair(w.card, m(t.amount));
                if let Some(n) = note {
                    doc.line(format!("  {n}"));
                }
            }
            TenderKind::Vipps { reference } => {
                doc.pair(w.vipps, m(t.amount));
                doc.line(format!("  {}: {reference}", w.transaction));
            }
        }
    }
    if r.rounding != 0 {
        doc.pair(w.rounding, m(r.rounding));
    }
    if r.change() != 0 {
        doc.pair_styled(Style::NORMAL.bold(), w.change, m(r.change()));
    }
    if let Some(c) = &r.customer {
        let who = if r.member { w.member } else { w.customer };
        doc.pair(who, c.clone());
    }
    doc.feed(1);
    marking(&mut doc, w, r, print);
    if !r.training && r.kind == ReceiptKind::Sale {
        doc.text(Style::NORMAL.centre(), w.thanks);
    }
    doc.cut();
    doc
}

/// The page `kasse printer test` prints: every Norwegian letter, a line longer than the
/// paper, both sizes, and the cut.
pub fn test_page(profile_id: &str, columns: u8) -> Document {
    let mut doc = Document::new();
    doc.text(MARK, words::NORWEGIAN.test_page);
    doc.line(format!("kasse {}", env!("CARGO_PKG_VERSION")));
    doc.line(format!("{profile_id}, {columns}"));
    doc.rule();
    doc.line("Æ Ø Å æ ø å");
    doc.text(Style::NORMAL.bold(), "Blåbærsyltetøy (fet)");
    doc.text(
        Style::NORMAL.size(Size::DoubleHeight),
        "Rømmegrøt (dobbel høgd)",
    );
    doc.line("0123456789".repeat(usize::from(columns) / 10 + 1));
    doc.line(
        "Ein lang linje som er lengre enn papiret er breitt, og som difor vert broten ved \
         mellomrom.",
    );
    doc.rule();
    doc.cut();
    doc
}
