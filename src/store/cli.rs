//! `kasse members …` and `kasse products …`: the catalogue and the club for the shop owner.

use super::Store;
use crate::config::{Config, Environment};
use crate::domain::{Money, Msisdn, Product};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Rows fetched per page when listing.
const PAGE: u32 = 1000;

/// Opens the configured database; in demo mode fills it with the demo data first.
fn open(config: &Config) -> Result<Store> {
    let mut store = Store::open(&config.database)
        .with_context(|| format!("database {}", config.database.display()))?;
    if config.environment == Environment::Demo {
        store.seed_demo().context("seeding the demo data")?;
    }
    Ok(store)
}

/// Text from the database as it may be shown on a terminal: control characters (escape
/// sequences included) and bidirectional overrides are written as `\u{…}`, so a name can
/// neither drive the terminal nor reorder the text around it.
fn shown(s: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    s.chars()
        .map(|c| {
            if c.is_control() || bidi(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Prints rows as left-aligned columns (the last one unpadded).
fn print_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut line = |cells: &mut dyn Iterator<Item = &str>| -> Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if i + 1 < widths.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", text.trim_end())?;
        Ok(())
    };
    line(&mut header.iter().copied())?;
    for row in rows {
        line(&mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

fn date(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| t.date().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// `kasse members import FILE`: all rows or none.
pub fn members_import(config: &Config, file: &Path) -> Result<()> {
    let mut store = open(config)?;
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let summary = store
        .import_members(std::io::BufReader::new(input), config.shop.country)
        .with_context(|| format!("importing members from {}", file.display()))?;
    println!(
        "Imported members from {}: {} added, {} updated.",
        file.display(),
        summary.added,
        summary.updated
    );
    Ok(())
}

/// `kasse members export`: CSV on stdout, in the import format.
pub fn members_export(config: &Config) -> Result<()> {
    let store = open(config)?;
    let stdout = std::io::stdout();
    store
        .export_members(stdout.lock())
        .context("exporting members")?;
    Ok(())
}

/// `kasse members list`.
pub fn members_list(config: &Config) -> Result<()> {
    let store = open(config)?;
    let mut rows = Vec::new();
    let mut offset = 0u64;
    loop {
        let page = store.list_members(PAGE, offset)?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as u64;
        rows.extend(page.into_iter().map(|m| {
            vec![
                m.msisdn.pretty(),
                shown(m.name.as_deref().unwrap_or("")),
                shown(m.email.as_deref().unwrap_or("")),
                date(m.enrolled_at),
                m.source.code().to_string(),
                if m.sub.is_some() { "yes" } else { "no" }.to_string(),
            ]
        }));
    }
    let mut out = std::io::stdout().lock();
    print_table(
        &mut out,
        &["PHONE", "NAME", "EMAIL", "ENROLLED", "SOURCE", "LOGIN"],
        &rows,
    )?;
    writeln!(
        out,
        "{} member{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

/// `kasse members forget PHONE`: fails if there is no such member, so a typo is noticed.
pub fn members_forget(config: &Config, phone: &str) -> Result<()> {
    let msisdn = Msisdn::parse(phone, config.shop.country)
        .with_context(|| format!("`{}` is not a phone number", shown(phone)))?;
    let mut store = open(config)?;
    if store.forget_member(&msisdn)? {
        println!(
            "Forgot member {} (and their number on finished sales).",
            msisdn.pretty()
        );
        Ok(())
    } else {
        anyhow::bail!("no member with phone number {}", msisdn.pretty())
    }
}

/// `kasse products import FILE`: all rows or none.
pub fn products_import(config: &Config, file: &Path) -> Result<()> {
    let mut store = open(config)?;
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    // Every changed price goes into the electronic journal, in the import's transaction.
    let (pos, training) = (
        config.shop.pos_id.clone(),
        config.environment == crate::config::Environment::Demo,
    );
    let summary = store
        .import_products_journaled(
            std::io::BufReader::new(input),
            config.shop.country,
            |tx, change| crate::books::journal::append_price_change(tx, &pos, training, change),
        )
        .with_context(|| format!("importing products from {}", file.display()))?;
    println!(
        "Imported products from {}: {} added, {} updated ({} with a new price).",
        file.display(),
        summary.added,
        summary.updated,
        summary.repriced
    );
    Ok(())
}

/// `kasse products export`: the catalogue as CSV on stdout, in the format `import` takes.
pub fn products_export(config: &Config) -> Result<()> {
    let store = open(config)?;
    let n = store.export_products(std::io::stdout().lock())?;
    eprintln!("{n} product{} exported", if n == 1 { "" } else { "s" });
    Ok(())
}

/// `kasse products delete GTIN`: asks first unless `yes`. Receipts and baskets that hold the
/// product keep their own copy of the line, so nothing sold changes.
pub fn products_delete(config: &Config, gtin: &str, yes: bool) -> Result<()> {
    let code = crate::domain::Gtin::parse(gtin.trim())
        .map_err(|e| anyhow::anyhow!("`{gtin}` is not a barcode: {e}"))?;
    let store = open(config)?;
    let Some(p) = store.product(&code)? else {
        anyhow::bail!(
            "no product with the code {} (`kasse products list` shows the catalogue)",
            code.normalized()
        );
    };
    let what = format!("{} {}", p.gtin, shown(&p.name));
    if !yes && !ask(&format!(
        "Delete {what}? Receipts already issued and parked baskets keep their copy of the          line. [y/N] "
    ))? {
        anyhow::bail!("not deleted: {what} (answer y, or give --yes)");
    }
    store.delete_product(&code)?;
    tracing::info!(gtin = %p.gtin, "product deleted");
    println!("Deleted {what}.");
    Ok(())
}

/// One answer from standard input (a terminal or a pipe): yes only for `y`/`yes`/`j`/`ja`.
fn ask(question: &str) -> Result<bool> {
    use std::io::BufRead;
    eprint!("{question}");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "j" | "ja"
    ))
}

fn product_row(p: &Product, config: &Config) -> Vec<String> {
    let per = match p.unit {
        crate::domain::Unit::Piece => "",
        crate::domain::Unit::Kilogram => "/kg",
    };
    let price = match p.variable {
        Some(crate::domain::VariableMeasure::Price) => "(label)".to_string(),
        _ => format!(
            "{}{per}",
            Money::new(p.price, config.shop.currency).amount_text()
        ),
    };
    vec![
        p.gtin.to_string(),
        shown(&p.name),
        price,
        p.vat.to_string(),
        p.variable
            .map(|v| v.code())
            .unwrap_or(p.unit.code())
            .to_string(),
    ]
}

/// `kasse products list`.
pub fn products_list(config: &Config) -> Result<()> {
    let store = open(config)?;
    let mut rows = Vec::new();
    let mut offset = 0u64;
    loop {
        let page = store.list_products(PAGE, offset)?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as u64;
        rows.extend(page.iter().map(|p| product_row(p, config)));
    }
    let mut out = std::io::stdout().lock();
    print_table(
        &mut out,
        &["GTIN", "NAME", "PRICE", "VAT", "SOLD BY"],
        &rows,
    )?;
    writeln!(
        out,
        "{} product{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(shown("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\u{a}");
        assert_eq!(shown("Bærepose"), "Bærepose");
        assert_eq!(shown("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn columns_are_aligned() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["1".to_string(), "Kari".to_string(), "x".to_string()],
            vec!["22".to_string(), "Ø".to_string(), "y".to_string()],
        ];
        print_table(&mut out, &["A", "NAME", "C"], &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "A   NAME  C\n1   Kari  x\n22  Ø     y\n");
    }
}
