//! The X and Z reports as plain lines of text, bokmål or English: the same lines go on the
//! screen, to the command line and to the printer (one line, one printed line).

use super::pick;
use crate::books::report::{Count, Report, ReportKind};
use crate::config::Language;
use crate::domain::{Currency, Money};

/// Characters per line: what a 80 mm receipt printer holds in its normal font.
pub const REPORT_WIDTH: usize = 42;

fn amount(minor: i64) -> String {
    Money::new(minor, Currency::Nok).amount_text()
}

fn row(label: &str, value: &str) -> String {
    let used = label.chars().count() + value.chars().count();
    let pad = REPORT_WIDTH.saturating_sub(used).max(1);
    format!("{label}{}{value}", " ".repeat(pad))
}

fn counted(label: &str, c: Count) -> String {
    row(&format!("{label} ({})", c.count), &amount(c.amount))
}

fn tender_name(lang: Language, code: &str) -> &'static str {
    match code {
        "12001" => pick(lang, "Kontant", "Cash"),
        "12002" | "12003" => pick(lang, "Kort", "Card"),
        "12011" => "Vipps MobilePay",
        _ => pick(lang, "Annet", "Other"),
    }
}

fn group_name(lang: Language, group: &str) -> &'static str {
    match group {
        "FOOD" => pick(lang, "Matvarer", "Food"),
        _ => pick(lang, "Varesalg", "Goods"),
    }
}

fn local(at: i64, offset_min: i32) -> String {
    time::OffsetDateTime::from_unix_timestamp(at + i64::from(offset_min) * 60)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_default()
}

/// The whole report, one entry per line.
pub fn report_lines(r: &Report, lang: Language) -> Vec<String> {
    let p = |nb, en| pick(lang, nb, en);
    let rule = "-".repeat(REPORT_WIDTH);
    let mut out = Vec::new();
    out.push(match r.kind {
        ReportKind::X => format!("{} {}", p("X-RAPPORT", "X REPORT"), r.meta.number),
        ReportKind::Z => format!("{} {}", p("Z-RAPPORT", "Z REPORT"), r.meta.number),
    });
    out.push(format!("{} {}", r.meta.company_name, r.meta.company_ident));
    out.push(row(p("Kasse", "Till"), &r.meta.pos_id));
    out.push(row(
        p("Tid", "Time"),
        &local(r.meta.at, r.meta.utc_offset_min),
    ));
    if let Some(c) = &r.meta.cashier {
        out.push(row(p("Kasserer", "Cashier"), c));
    }
    out.push(rule.clone());
    out.push(counted(p("Salg", "Sales"), r.sales));
    out.push(counted(p("Returer", "Returns"), r.returns));
    out.push(row(p("Netto", "Net"), &amount(r.net)));
    out.push(row(p("Øreavrunding", "Cash rounding"), &amount(r.rounding)));
    out.push(row(
        p("Antall kvitteringer", "Receipts"),
        &r.receipts.to_string(),
    ));
    out.push(rule.clone());
    out.push(p("Varegrupper", "Article groups").to_string());
    for g in &r.art_groups {
        out.push(row(
            &format!("  {}", group_name(lang, &g.group)),
            &amount(g.amount),
        ));
    }
    out.push(p("Betalingsmidler", "Tenders").to_string());
    for t in &r.tenders {
        out.push(counted(
            &format!("  {}", tender_name(lang, &t.code)),
            crate::books::report::Count {
                count: t.count,
                amount: t.amount,
            },
        ));
    }
    out.push(p("Per kasserer", "Per cashier").to_string());
    for c in &r.cashiers {
        let who = c.cashier.as_deref().unwrap_or("-");
        out.push(row(&format!("  {who} ({})", c.receipts), &amount(c.net)));
    }
    out.push(p("Mva per sats", "VAT per rate").to_string());
    for v in &r.vat {
        let rate = format!("{},{:02} %", v.vat_bp / 100, v.vat_bp % 100);
        out.push(row(
            &format!("  {rate} {} {}", p("av", "of"), amount(v.base)),
            &amount(v.tax),
        ));
    }
    out.push(rule.clone());
    out.push(row(
        p("Vekselkasse", "Opening float"),
        &amount(r.opening_float),
    ));
    out.push(counted(p("Innskudd", "Cash in"), r.cash_in));
    out.push(counted(p("Uttak", "Cash out"), r.cash_out));
    out.push(row(
        p("Forventet kontant", "Expected cash"),
        &amount(r.expected_cash),
    ));
    match (r.counted_cash, r.cash_difference) {
        (Some(c), Some(d)) => {
            out.push(row(p("Opptalt kontant", "Counted cash"), &amount(c)));
            out.push(row(p("Differanse", "Difference"), &amount(d)));
        }
        _ => out.push(row(
            p("Opptalt kontant", "Counted cash"),
            p("ikke talt", "not counted"),
        )),
    }
    out.push(rule.clone());
    out.push(counted(p("Kopikvitteringer", "Receipt copies"), r.copies));
    out.push(counted(p("Rabatter", "Discounts"), r.discounts));
    out.push(counted(
        p("Annullerte salg", "Voided sales"),
        r.voided_sales,
    ));
    out.push(counted(
        p("Slettede linjer", "Voided lines"),
        r.voided_lines,
    ));
    out.push(counted(p("Prisoppslag", "Price look-ups"), r.price_lookups));
    out.push(row(
        p("Prisendringer", "Price changes"),
        &r.price_changes.to_string(),
    ));
    out.push(row(
        p("Parkerte kurver", "Parked baskets"),
        &r.parked.to_string(),
    ));
    out.push(counted(
        p("Treningskvitteringer", "Training receipts"),
        r.training,
    ));
    out.push(row(
        p("Skuffåpninger", "Drawer openings"),
        &r.drawer_openings.to_string(),
    ));
    out.push(row(
        p("  uten salg", "  without a sale"),
        &r.drawer_no_sale.to_string(),
    ));
    out.push(rule);
    out.push(
        p(
            "Grand total (nullstilles aldri)",
            "Grand totals (never reset)",
        )
        .to_string(),
    );
    out.push(row(p("  Salg", "  Sales"), &amount(r.grand.sales)));
    out.push(row(p("  Returer", "  Returns"), &amount(r.grand.returns)));
    out.push(row(p("  Netto", "  Net"), &amount(r.grand.net)));
    out
}
