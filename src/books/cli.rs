//! `kasse report …`, `kasse saft …` and `kasse cashiers …`: the books for the shop owner and
//! the inspector, from the command line.

use super::cashiers::{self, Role};
use super::journal::Stamp;
use super::period::{self, Company};
use super::saft::{self, SaftCompany};
use super::{signing, ReportKind, Signer};
use crate::config::Config;
use crate::store::Store;
use anyhow::{bail, Context, Result};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

fn open(config: &Config) -> Result<Store> {
    Store::open(&config.database).with_context(|| format!("database {}", config.database.display()))
}

/// The till's signer, made at first start.
pub fn signer(config: &Config, store: &mut Store) -> Result<Signer> {
    Ok(Signer::load_or_create(
        store,
        &signing::key_path(&config.database),
    )?)
}

/// `kasse report x|z`: takes the report, journals it, prints it.
pub fn report(config: &Config, kind: ReportKind) -> Result<()> {
    let mut store = open(config)?;
    let by = period::TakenBy {
        cashier: None,
        training: config.environment == crate::config::Environment::Demo,
        stamp: Stamp::now(),
    };
    let pos = &config.shop.pos_id;
    let report = match kind {
        ReportKind::X => period::take_x(&mut store, pos, &Company::of(config), by)?,
        ReportKind::Z => period::take_z(&mut store, pos, &Company::of(config), by)?,
    };
    let mut out = std::io::stdout().lock();
    for line in crate::ui::text::report_lines(&report, config.language) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn date(s: &str, what: &str) -> Result<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, format).with_context(|| format!("{what} `{s}` is not a date YYYY-MM-DD"))
}

/// `kasse saft export [--from DATE] [--to DATE] [--out DIR]`.
pub fn saft_export(
    config: &Config,
    from: Option<&str>,
    to: Option<&str>,
    out: Option<&Path>,
) -> Result<()> {
    let from = from.map(|f| date(f, "--from")).transpose()?;
    let to = to.map(|t| date(t, "--to")).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            bail!("--from {f} is after --to {t}");
        }
    }
    let store = open(config)?;
    let Some(org_number) = config
        .shop
        .org_number
        .as_ref()
        .map(|o| o.digits().to_string())
    else {
        bail!("the SAF-T export needs the shop's organisation number: set shop.org_number");
    };
    let company = SaftCompany {
        org_number,
        name: config.shop.name.clone(),
        address: (!config.shop.address.is_empty()).then(|| config.shop.address.join(", ")),
        vat_registered: config.shop.vat_registered,
        currency: config.shop.currency.code(),
    };
    let dir = out.unwrap_or(Path::new("."));
    let path = saft::write_export(&store, &company, from, to, Stamp::now(), dir)?;
    println!("{}", path.display());
    Ok(())
}

/// `kasse saft key`: the public key (PEM) and its version, for the product declaration.
pub fn saft_key(config: &Config) -> Result<()> {
    let mut store = open(config)?;
    let signer = signer(config, &mut store)?;
    eprintln!("key version {}", signer.version());
    print!("{}", signer.public_pem());
    Ok(())
}

/// `kasse saft verify`: every till's signature chain, checked with the stored public keys.
pub fn saft_verify(config: &Config) -> Result<()> {
    let store = open(config)?;
    for till in super::journal::tills(&store)? {
        let summary = super::verify_till(&store, &till)?;
        println!(
            "{till}: {} signed transactions, the chain verifies",
            summary.transactions
        );
    }
    Ok(())
}

/// Reads a PIN: without echo on a terminal (asked twice), else one line of standard input.
fn read_pin() -> Result<String> {
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim().to_string());
    }
    let first = hidden("PIN: ")?;
    let second = hidden("PIN again: ")?;
    if first != second {
        bail!("the two PINs differ");
    }
    Ok(first)
}

fn hidden(prompt: &str) -> Result<String> {
    use crossterm::event::{read, Event, KeyCode, KeyEventKind};
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let mut pin = String::new();
    let result = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(anyhow::anyhow!("cancelled")),
                KeyCode::Backspace => {
                    pin.pop();
                }
                KeyCode::Char('c')
                    if k.modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL) =>
                {
                    break Err(anyhow::anyhow!("cancelled"))
                }
                KeyCode::Char(c) => pin.push(c),
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e.into()),
        }
    };
    crossterm::terminal::disable_raw_mode()?;
    eprintln!();
    result.map(|()| pin)
}

/// `kasse cashiers add ID NAME [--owner]`: the PIN is read without echo.
pub fn cashiers_add(config: &Config, id: &str, name: &str, owner: bool) -> Result<()> {
    cashiers::check_id(id)?;
    let pin = read_pin()?;
    let mut store = open(config)?;
    let role = if owner { Role::Owner } else { Role::Cashier };
    cashiers::add(&mut store, id, name, &pin, role)?;
    println!("cashier {id} added");
    Ok(())
}

pub fn cashiers_list(config: &Config) -> Result<()> {
    let store = open(config)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "id\trole\tstate\tname")?;
    for c in cashiers::list(&store)? {
        let state = if c.disabled { "disabled" } else { "active" };
        let name = crate::ui::text::clean(&c.name);
        writeln!(out, "{}\t{}\t{state}\t{name}", c.id, c.role.as_str())?;
    }
    Ok(())
}

pub fn cashiers_disable(config: &Config, id: &str) -> Result<()> {
    let mut store = open(config)?;
    cashiers::disable(&mut store, id)?;
    println!("cashier {id} disabled");
    Ok(())
}
