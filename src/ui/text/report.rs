//! The X and Z reports as plain lines of text, in the cashier's language: the same lines go on the
//! screen, to the command line and to the printer (one line, one printed line).

use crate::books::report::{Count, Report, ReportKind};
use crate::config::Language;
use crate::domain::{Currency, Money};

/// Characters per line: what a 80 mm receipt printer holds in its normal font.
pub const REPORT_WIDTH: usize = 42;

fn amount(minor: i64) -> String {
    Money::new(minor, Currency::Nok).amount_text()
}

fn row(width: usize, label: &str, value: &str) -> String {
    let used = label.chars().count() + value.chars().count();
    let pad = width.saturating_sub(used).max(1);
    format!("{label}{}{value}", " ".repeat(pad))
}

fn counted(width: usize, label: &str, c: Count) -> String {
    row(width, &format!("{label} ({})", c.count), &amount(c.amount))
}

fn tender_name(lang: Language, code: &str) -> &'static str {
    match code {
        "12001" => lang.pick(["Kontant", "Cash", "Kontant", "Käteinen"]),
        "12002" | "12003" => lang.pick(["Kort", "Card", "Kort", "Kortti"]),
        "12011" => "Vipps MobilePay",
        _ => lang.pick(["Annet", "Other", "Andet", "Muu"]),
    }
}

fn group_name(lang: Language, group: &str) -> &'static str {
    match group {
        "FOOD" => lang.pick(["Matvarer", "Food", "Fødevarer", "Elintarvikkeet"]),
        _ => lang.pick(["Varesalg", "Goods", "Varesalg", "Tavaramyynti"]),
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
    report_lines_at(r, lang, REPORT_WIDTH)
}

/// The whole report, one entry per line of `width` characters (a printer's columns): a label
/// that does not fit leaves one space before its value, and the paper wraps it.
pub fn report_lines_at(r: &Report, lang: Language, width: usize) -> Vec<String> {
    let p = |forms: [&'static str; 4]| lang.pick(forms);
    let rule = "-".repeat(width);
    let mut out = Vec::new();
    out.push(match r.kind {
        ReportKind::X => format!(
            "{} {}",
            p(["X-RAPPORT", "X REPORT", "X-RAPPORT", "X-RAPORTTI"]),
            r.meta.number
        ),
        ReportKind::Z => format!(
            "{} {}",
            p(["Z-RAPPORT", "Z REPORT", "Z-RAPPORT", "Z-RAPORTTI"]),
            r.meta.number
        ),
    });
    if r.meta.training {
        out.push(
            p([
                "TRENINGSMODUS – ingen ekte salg",
                "TRAINING MODE – no real sales",
                "TRÆNINGSTILSTAND – ingen rigtige salg",
                "HARJOITUSTILA – ei oikeaa myyntiä",
            ])
            .to_string(),
        );
    }
    out.push(format!("{} {}", r.meta.company_name, r.meta.company_ident));
    out.push(row(
        width,
        p(["Kasse", "Till", "Kasse", "Kassa"]),
        &r.meta.pos_id,
    ));
    out.push(row(
        width,
        p(["Tid", "Time", "Tid", "Aika"]),
        &local(r.meta.at, r.meta.utc_offset_min),
    ));
    if let Some(c) = &r.meta.cashier {
        out.push(row(
            width,
            p(["Kasserer", "Cashier", "Kasserer", "Kassanhoitaja"]),
            c,
        ));
    }
    out.push(rule.clone());
    out.push(counted(
        width,
        p(["Salg", "Sales", "Salg", "Myynti"]),
        r.sales,
    ));
    out.push(counted(
        width,
        p(["Returer", "Returns", "Returneringer", "Palautukset"]),
        r.returns,
    ));
    out.push(row(
        width,
        p(["Netto", "Net", "Netto", "Netto"]),
        &amount(r.net),
    ));
    out.push(row(
        width,
        p(["Øreavrunding", "Cash rounding", "Øreafrunding", "Pyöristys"]),
        &amount(r.rounding),
    ));
    out.push(row(
        width,
        p([
            "Antall kvitteringer",
            "Receipts",
            "Antal kvitteringer",
            "Kuitteja",
        ]),
        &r.receipts.to_string(),
    ));
    out.push(rule.clone());
    out.push(
        p([
            "Varegrupper",
            "Article groups",
            "Varegrupper",
            "Tuoteryhmät",
        ])
        .to_string(),
    );
    for g in &r.art_groups {
        out.push(row(
            width,
            &format!("  {}", group_name(lang, &g.group)),
            &amount(g.amount),
        ));
    }
    out.push(
        p([
            "Betalingsmidler",
            "Tenders",
            "Betalingsmidler",
            "Maksutavat",
        ])
        .to_string(),
    );
    for t in &r.tenders {
        out.push(counted(
            width,
            &format!("  {}", tender_name(lang, &t.code)),
            crate::books::report::Count {
                count: t.count,
                amount: t.amount,
            },
        ));
    }
    out.push(
        p([
            "Per kasserer",
            "Per cashier",
            "Pr. kasserer",
            "Kassanhoitajittain",
        ])
        .to_string(),
    );
    for c in &r.cashiers {
        let who = c.cashier.as_deref().unwrap_or("-");
        out.push(row(
            width,
            &format!("  {who} ({})", c.receipts),
            &amount(c.net),
        ));
    }
    out.push(
        p([
            "Mva per sats",
            "VAT per rate",
            "Moms pr. sats",
            "ALV verokannoittain",
        ])
        .to_string(),
    );
    for v in &r.vat {
        let rate = format!("{},{:02} %", v.vat_bp / 100, v.vat_bp % 100);
        out.push(row(
            width,
            &format!(
                "  {rate} {} {}",
                p(["av", "of", "af", "josta"]),
                amount(v.base)
            ),
            &amount(v.tax),
        ));
    }
    out.push(rule.clone());
    out.push(row(
        width,
        p(["Vekselkasse", "Opening float", "Byttepenge", "Vaihtokassa"]),
        &amount(r.opening_float),
    ));
    out.push(counted(
        width,
        p(["Innskudd", "Cash in", "Indskud", "Kassaan"]),
        r.cash_in,
    ));
    out.push(counted(
        width,
        p(["Uttak", "Cash out", "Udtag", "Kassasta"]),
        r.cash_out,
    ));
    out.push(row(
        width,
        p([
            "Forventet kontant",
            "Expected cash",
            "Forventet kontant",
            "Odotettu käteinen",
        ]),
        &amount(r.expected_cash),
    ));
    match (r.counted_cash, r.cash_difference) {
        (Some(c), Some(d)) => {
            out.push(row(
                width,
                p([
                    "Opptalt kontant",
                    "Counted cash",
                    "Optalt kontant",
                    "Laskettu käteinen",
                ]),
                &amount(c),
            ));
            out.push(row(
                width,
                p(["Differanse", "Difference", "Difference", "Erotus"]),
                &amount(d),
            ));
        }
        _ => out.push(row(
            width,
            p([
                "Opptalt kontant",
                "Counted cash",
                "Optalt kontant",
                "Laskettu käteinen",
            ]),
            p(["ikke talt", "not counted", "ikke optalt", "ei laskettu"]),
        )),
    }
    out.push(rule.clone());
    out.push(counted(
        width,
        p([
            "Kopikvitteringer",
            "Receipt copies",
            "Kopikvitteringer",
            "Kuittikopiot",
        ]),
        r.copies,
    ));
    out.push(counted(
        width,
        p(["Rabatter", "Discounts", "Rabatter", "Alennukset"]),
        r.discounts,
    ));
    out.push(counted(
        width,
        p([
            "Annullerte salg",
            "Voided sales",
            "Annullerede salg",
            "Mitätöidyt myynnit",
        ]),
        r.voided_sales,
    ));
    out.push(counted(
        width,
        p([
            "Slettede linjer",
            "Voided lines",
            "Slettede linjer",
            "Poistetut rivit",
        ]),
        r.voided_lines,
    ));
    out.push(counted(
        width,
        p([
            "Prisoppslag",
            "Price look-ups",
            "Prisopslag",
            "Hintakyselyt",
        ]),
        r.price_lookups,
    ));
    out.push(row(
        width,
        p([
            "Prisendringer",
            "Price changes",
            "Prisændringer",
            "Hinnanmuutokset",
        ]),
        &r.price_changes.to_string(),
    ));
    out.push(row(
        width,
        p([
            "Parkerte kurver",
            "Parked baskets",
            "Parkerede kurve",
            "Pysäköidyt ostoskorit",
        ]),
        &r.parked.to_string(),
    ));
    out.push(counted(
        width,
        p([
            "Treningskvitteringer",
            "Training receipts",
            "Træningskvitteringer",
            "Harjoituskuitit",
        ]),
        r.training,
    ));
    out.push(row(
        width,
        p([
            "Skuffåpninger",
            "Drawer openings",
            "Skuffeåbninger",
            "Kassalaatikon avaukset",
        ]),
        &r.drawer_openings.to_string(),
    ));
    out.push(row(
        width,
        p([
            "  uten salg",
            "  without a sale",
            "  uden salg",
            "  ilman myyntiä",
        ]),
        &r.drawer_no_sale.to_string(),
    ));
    out.push(rule);
    out.push(
        p([
            "Grand total (nullstilles aldri)",
            "Grand totals (never reset)",
            "Grand total (nulstilles aldrig)",
            "Kokonaissummat (ei nollaudu koskaan)",
        ])
        .to_string(),
    );
    out.push(row(
        width,
        p(["  Salg", "  Sales", "  Salg", "  Myynti"]),
        &amount(r.grand.sales),
    ));
    out.push(row(
        width,
        p(["  Returer", "  Returns", "  Returneringer", "  Palautukset"]),
        &amount(r.grand.returns),
    ));
    out.push(row(
        width,
        p(["  Netto", "  Net", "  Netto", "  Netto"]),
        &amount(r.grand.net),
    ));
    out
}
