//! The SAF-T Cash Register export (Norwegian schema v1.00, namespace
//! `urn:StandardAuditFile-Taxation-CashRegister:NO`), made from the electronic journal alone:
//! company, VAT codes, cashiers, articles, the basics with their predefined codes, and per till
//! its events (reports whole) and its signed cash transactions.

use super::cashiers;
use super::journal::{self, Entry, Stamp};
use super::report::{article_group, Report};
use super::signing::decimal;
use super::xml::Xml;
use super::BooksError;
use crate::domain::{IssuedReceipt, JournalEvent, Quantity, ReceiptKind, TenderKind};
use crate::store::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const NAMESPACE: &str = "xmlns=\"urn:StandardAuditFile-Taxation-CashRegister:NO\" \
    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

/// The shop as the export names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaftCompany {
    /// The organisation number (9 digits).
    pub org_number: String,
    pub name: String,
    pub address: Option<String>,
    pub vat_registered: bool,
    pub currency: &'static str,
}

/// The basics (SAF-T `basic`): kasse's ids with the standard's predefined codes.
/// (basicType, basicID, predefinedBasicID, description)
const BASICS: &[(&str, &str, &str, &str)] = &[
    ("04", "FOOD", "04006", "Food"),
    ("04", "GOODS", "04003", "Sale of goods"),
    ("05", "SAL", "", "Sale line"),
    ("05", "RET", "", "Return line"),
    ("08", "DISCOUNT", "", "Discount on the line"),
    ("11", "CASHSALE", "11001", "Cash sale"),
    ("11", "RETURN", "11006", "Return payment"),
    ("12", "CASH", "12001", "Cash"),
    ("12", "DEBCARD", "12002", "Debit card"),
    ("12", "CREDCARD", "12003", "Credit card"),
    ("12", "VIPPS", "12011", "Vipps MobilePay"),
    ("13", "POSSTART", "13001", "POS application start"),
    ("13", "POSEND", "13002", "POS application shut down"),
    ("13", "EMPIN", "13003", "Employee log in"),
    ("13", "EMPOUT", "13004", "Employee log out"),
    ("13", "DRAWOPEN", "13005", "Open cash drawer"),
    (
        "13",
        "DRAWNOSALE",
        "13005",
        "Open cash drawer without a sale",
    ),
    ("13", "XREP", "13008", "X report"),
    ("13", "ZREP", "13009", "Z report"),
    ("13", "PARK", "13010", "Suspend transaction"),
    ("13", "RESUME", "13011", "Resume transaction"),
    ("13", "SALREC", "13012", "Sales receipt"),
    ("13", "RETREC", "13013", "Return receipt"),
    ("13", "COPYREC", "13014", "Copy receipt"),
    ("13", "TRAINREC", "13017", "Training receipt"),
    ("13", "CASHOUT", "13019", "Cash withdrawal"),
    ("13", "PRICECHANGE", "13021", "Price change"),
    ("13", "PRICELOOKUP", "13022", "Price look-up"),
    ("13", "TRAINON", "13023", "Training mode on"),
    ("13", "TRAINOFF", "13024", "Training mode off"),
    ("13", "VOIDSALE", "13028", "Void receipt"),
    ("13", "FLOAT", "13999", "Opening float"),
    ("13", "CASHIN", "13999", "Cash in"),
    ("13", "CASHCOUNT", "13999", "Cash counted"),
    ("13", "LINEVOID", "13999", "Voided line"),
];

/// The SAF-T payment basic of a tender.
pub fn payment_basic(kind: &TenderKind) -> &'static str {
    match kind {
        TenderKind::Cash { .. } => "CASH",
        TenderKind::Card { .. } => "DEBCARD",
        TenderKind::Vipps { .. } => "VIPPS",
    }
}

fn payment_basic_of_code(code: &str) -> &'static str {
    match code {
        "12001" => "CASH",
        "12003" => "CREDCARD",
        "12011" => "VIPPS",
        _ => "DEBCARD",
    }
}

/// The event basic of a journal entry.
pub fn event_basic(e: &Entry) -> &'static str {
    match &e.event {
        JournalEvent::PosStarted => "POSSTART",
        JournalEvent::PosStopped => "POSEND",
        JournalEvent::SignedIn => "EMPIN",
        JournalEvent::SignedOut => "EMPOUT",
        JournalEvent::TrainingOn => "TRAINON",
        JournalEvent::TrainingOff => "TRAINOFF",
        JournalEvent::Receipt { receipt } if receipt.training => "TRAINREC",
        JournalEvent::Receipt { receipt } => match receipt.kind {
            ReceiptKind::Sale => "SALREC",
            ReceiptKind::Return => "RETREC",
        },
        JournalEvent::CopyPrinted { .. } => "COPYREC",
        JournalEvent::DrawerOpened { reason } => match reason {
            crate::domain::DrawerReason::NoSale => "DRAWNOSALE",
            _ => "DRAWOPEN",
        },
        JournalEvent::OpeningFloat { .. } => "FLOAT",
        JournalEvent::CashIn { .. } => "CASHIN",
        JournalEvent::CashOut { .. } => "CASHOUT",
        JournalEvent::CashCounted { .. } => "CASHCOUNT",
        JournalEvent::LineVoided { .. } => "LINEVOID",
        JournalEvent::SaleVoided { .. } => "VOIDSALE",
        JournalEvent::PriceLookup { .. } => "PRICELOOKUP",
        JournalEvent::PriceChanged { .. } => "PRICECHANGE",
        JournalEvent::BasketParked { .. } => "PARK",
        JournalEvent::BasketResumed { .. } => "RESUME",
        JournalEvent::XReport { .. } => "XREP",
        JournalEvent::ZReport { .. } => "ZREP",
    }
}

/// The standard VAT code of an output VAT rate (standard-tax-codes: 3 regular, 31 reduced
/// middle, 32 raw fish, 33 reduced low, 5 zero rate).
pub fn standard_vat_code(vat_bp: u16) -> Result<&'static str, BooksError> {
    Ok(match vat_bp {
        2_500 => "3",
        1_500 => "31",
        1_111 => "32",
        1_200 => "33",
        0 => "5",
        other => {
            return Err(BooksError::Invalid(format!(
                "VAT rate {},{:02} % has no standard SAF-T code",
                other / 100,
                other % 100
            )))
        }
    })
}

fn percent(vat_bp: u16) -> String {
    format!("{}.{:02}", vat_bp / 100, vat_bp % 100)
}

fn qnt(q: Quantity, negative: bool) -> String {
    let sign = if negative { "-" } else { "" };
    match q {
        Quantity::Pieces(n) => format!("{sign}{n}"),
        Quantity::Grams(g) => format!("{sign}{}.{:03}", g / 1000, g % 1000),
    }
}

fn milli(q: i64) -> String {
    let sign = if q < 0 { "-" } else { "" };
    let a = q.unsigned_abs();
    format!("{sign}{}.{:03}", a / 1000, a % 1000)
}

/// The file name the standard asks for.
pub fn file_name(org_number: &str, created: Stamp) -> String {
    let (date, time) = created.local();
    format!(
        "SAF-T Cash Register_{org_number}_{}{}.xml",
        date.replace('-', ""),
        time.replace(':', "")
    )
}

/// Writes the export of the entries with local dates from `from` to `to` (both included; the
/// whole journal when not given) into `dir`, returning the file's path.
pub fn write_export(
    store: &Store,
    company: &SaftCompany,
    from: Option<time::Date>,
    to: Option<time::Date>,
    created: Stamp,
    dir: &Path,
) -> Result<PathBuf, BooksError> {
    let xml = export_xml(store, company, from, to, created)?;
    let path = dir.join(file_name(&company.org_number, created));
    let tmp = path.with_extension("xml.part");
    let write = |p: &Path| -> std::io::Result<()> {
        use std::io::Write;
        let mut f = std::fs::File::create(p)?;
        f.write_all(xml.as_bytes())?;
        f.sync_all()
    };
    write(&tmp)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|source| BooksError::Write {
            path: path.clone(),
            source,
        })?;
    Ok(path)
}

/// The export as XML text.
pub fn export_xml(
    store: &Store,
    company: &SaftCompany,
    from: Option<time::Date>,
    to: Option<time::Date>,
    created: Stamp,
) -> Result<String, BooksError> {
    if company.org_number.len() != 9 || !company.org_number.chars().all(|c| c.is_ascii_digit()) {
        return Err(BooksError::Invalid(
            "the SAF-T export needs the shop's organisation number (9 digits, shop.org_number)"
                .into(),
        ));
    }
    // The rows of those days, read by their UTC stamp with a day to spare on each side (no
    // shop is more than a day from UTC); the local date decides below.
    let midnight = |d: time::Date| d.midnight().assume_utc().unix_timestamp();
    let all = journal::entries_between(
        store,
        from.map(|f| midnight(f) - 86_400),
        to.map(|t| midnight(t) + 2 * 86_400),
    )?;
    let entries: Vec<&Entry> = all
        .iter()
        .filter(|e| {
            let d = e.stamp.local_date();
            from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t)
        })
        .collect();
    let first = entries
        .first()
        .map(|e| e.stamp.local_date())
        .or(from)
        .unwrap_or_else(|| created.local_date());
    let last = entries
        .last()
        .map(|e| e.stamp.local_date())
        .or(to)
        .unwrap_or_else(|| created.local_date());
    let (start, end) = (from.unwrap_or(first), to.unwrap_or(last));
    let ymd = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());

    let mut x = Xml::new();
    x.open_with("auditfile", NAMESPACE);
    x.open("header");
    x.leaf("fiscalYear", &start.year().to_string());
    x.leaf("startDate", &ymd(start));
    x.leaf("endDate", &ymd(end));
    x.leaf("curCode", company.currency);
    let (cdate, ctime) = created.local();
    x.leaf("dateCreated", &cdate);
    x.leaf("timeCreated", &ctime);
    x.leaf("softwareDesc", "kasse");
    x.leaf("softwareVersion", env!("CARGO_PKG_VERSION"));
    x.leaf("softwareCompanyName", "kasse");
    x.leaf("auditfileVersion", "1.0");
    x.close("header");

    x.open("company");
    x.id("companyIdent", &company.org_number);
    x.leaf_max("companyName", &company.name, 100);
    x.leaf("taxRegistrationCountry", "NO");
    if company.vat_registered {
        x.leaf("taxRegIdent", &format!("{}MVA", company.org_number));
    }
    if let Some(a) = &company.address {
        x.open("streetAddress");
        x.leaf_max("streetname", a, 100);
        x.leaf("country", "NO");
        x.close("streetAddress");
    }
    vat_codes(&mut x, &entries, &ymd(start))?;
    employees(&mut x, store, &entries, &ymd(start))?;
    articles(&mut x, &entries, &ymd(start));
    x.open("basics");
    for (ty, id, code, desc) in BASICS {
        x.open("basic");
        x.leaf("basicType", ty);
        x.id("basicID", id);
        if !code.is_empty() {
            x.leaf("predefinedBasicID", code);
        }
        x.leaf_max("basicDesc", desc, 999);
        x.close("basic");
    }
    x.close("basics");

    x.open("location");
    x.leaf_max("name", &company.name, 100);
    let mut tills: Vec<&str> = entries.iter().map(|e| e.pos_id.as_str()).collect();
    tills.sort_unstable();
    tills.dedup();
    for till in tills {
        let mine: Vec<&Entry> = entries
            .iter()
            .copied()
            .filter(|e| e.pos_id == till)
            .collect();
        cash_register(&mut x, company, till, &mine)?;
    }
    x.close("location");
    x.close("company");
    x.close("auditfile");
    Ok(x.finish())
}

fn vat_codes(x: &mut Xml, entries: &[&Entry], date: &str) -> Result<(), BooksError> {
    let mut rates: Vec<u16> = entries
        .iter()
        .filter_map(|e| e.receipt())
        .flat_map(|r| r.lines.iter().map(|l| l.vat_bp))
        .collect();
    rates.sort_unstable();
    rates.dedup();
    if rates.is_empty() {
        return Ok(());
    }
    x.open("vatCodeDetails");
    for bp in rates {
        let code = standard_vat_code(bp)?;
        x.open("vatCodeDetail");
        x.leaf("vatCode", code);
        x.leaf("dateOfEntry", date);
        x.leaf("vatDesc", &format!("MVA {} %", percent(bp)));
        x.leaf("standardVatCode", code);
        x.close("vatCodeDetail");
    }
    x.close("vatCodeDetails");
    Ok(())
}

/// Every cashier of the cashier list, and anyone the exported entries name who is not on it
/// (so every `empID` in the file refers to an employee, as the schema's keys demand).
fn employees(x: &mut Xml, store: &Store, entries: &[&Entry], date: &str) -> Result<(), BooksError> {
    let mut people: BTreeMap<String, (String, Option<i64>)> = BTreeMap::new();
    for c in cashiers::list(store)? {
        people.insert(c.id.clone(), (c.name.clone(), Some(c.created_at)));
    }
    let mut note = |id: &str, name: Option<&str>| {
        people
            .entry(id.to_string())
            .or_insert_with(|| (name.unwrap_or(id).to_string(), None));
    };
    for e in entries {
        if let Some(id) = &e.cashier_id {
            let name = e
                .receipt()
                .and_then(|r| r.cashier.as_ref())
                .map(|c| c.name.clone());
            note(id, name.as_deref());
        }
        if let Some(report) = report_of(e) {
            for id in report_cashiers(&report) {
                note(&id, None);
            }
        }
    }
    if people.is_empty() {
        return Ok(());
    }
    x.open("employees");
    for (id, (name, created)) in people {
        x.open("employee");
        x.id("empID", &id);
        let (d, t) = match created {
            Some(at) => Stamp {
                at,
                utc_offset_min: 0,
            }
            .local(),
            None => (date.to_string(), "00:00:00".to_string()),
        };
        x.leaf("dateOfEntry", &d);
        x.leaf("timeOfEntry", &t);
        let (first, sur) = match name.trim().rsplit_once(' ') {
            Some((f, s)) => (Some(f), s),
            None => (None, name.trim()),
        };
        if let Some(f) = first {
            x.leaf_max("firstName", f, 50);
        }
        x.leaf_max("surName", sur, 100);
        x.close("employee");
    }
    x.close("employees");
    Ok(())
}

fn report_of(e: &Entry) -> Option<Report> {
    match &e.event {
        JournalEvent::XReport { report } | JournalEvent::ZReport { report, .. } => {
            serde_json::from_value(report.clone()).ok()
        }
        _ => None,
    }
}

fn report_cashiers(r: &Report) -> Vec<String> {
    let mut ids: Vec<String> = r
        .cashier_groups
        .iter()
        .filter_map(|g| g.cashier.clone())
        .chain(r.cashier_tenders.iter().filter_map(|t| t.cashier.clone()))
        .chain(r.cashiers.iter().filter_map(|c| c.cashier.clone()))
        .chain(r.meta.cashier.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn articles(x: &mut Xml, entries: &[&Entry], date: &str) {
    let mut seen: BTreeMap<String, (String, u16)> = BTreeMap::new();
    for r in entries.iter().filter_map(|e| e.receipt()) {
        for l in &r.lines {
            seen.entry(l.gtin.clone())
                .or_insert_with(|| (l.name.clone(), l.vat_bp));
        }
    }
    if seen.is_empty() {
        return;
    }
    x.open("articles");
    for (gtin, (name, vat_bp)) in seen {
        x.open("article");
        x.id("artID", &gtin);
        x.leaf("dateOfEntry", date);
        x.id("artGroupID", article_group(vat_bp));
        x.leaf_max("artDesc", &name, 999);
        x.close("article");
    }
    x.close("articles");
}

fn cash_register(
    x: &mut Xml,
    company: &SaftCompany,
    till: &str,
    entries: &[&Entry],
) -> Result<(), BooksError> {
    x.open("cashregister");
    x.leaf_max("registerID", till, 100);
    x.leaf_max("regDesc", &format!("kasse till {till}"), 999);
    for e in entries {
        event(x, company, e)?;
    }
    for e in entries {
        if let Some(r) = e.receipt() {
            let copies = entries
                .iter()
                .filter(|c| c.training == r.training && c.event.is_copy_of(r))
                .count();
            cash_transaction(x, e, r, copies)?;
        }
    }
    x.close("cashregister");
    Ok(())
}

fn event_text(e: &JournalEvent) -> Option<String> {
    Some(match e {
        JournalEvent::OpeningFloat { amount } => format!("amount {}", decimal(*amount)),
        JournalEvent::CashIn { amount, reason } | JournalEvent::CashOut { amount, reason } => {
            format!("amount {}; {reason}", decimal(*amount))
        }
        JournalEvent::CashCounted { counted, expected } => format!(
            "counted {}; expected {}; difference {}",
            decimal(*counted),
            decimal(*expected),
            decimal(counted - expected)
        ),
        JournalEvent::LineVoided { gtin, name, amount } => {
            format!("artID {gtin}; {name}; lineAmntIn {}", decimal(*amount))
        }
        JournalEvent::SaleVoided { lines, amount } => {
            format!("lines {lines}; amount {}", decimal(*amount))
        }
        JournalEvent::PriceLookup { gtin, price } => {
            format!("artID {gtin}; lineAmntIn {}", decimal(*price))
        }
        JournalEvent::PriceChanged { gtin, old, new } => {
            format!("artID {gtin}; old {}; new {}", decimal(*old), decimal(*new))
        }
        JournalEvent::BasketParked { id, amount } | JournalEvent::BasketResumed { id, amount } => {
            format!("basket {id}; amount {}", decimal(*amount))
        }
        JournalEvent::DrawerOpened { reason } => format!("{reason:?}"),
        JournalEvent::XReport { .. } => "X report".into(),
        JournalEvent::ZReport { number, .. } => format!("Z report {number}"),
        _ => return None,
    })
}

fn event(x: &mut Xml, company: &SaftCompany, e: &Entry) -> Result<(), BooksError> {
    x.open("event");
    x.id("eventID", &e.seq.to_string());
    x.id("eventType", event_basic(e));
    match &e.event {
        JournalEvent::Receipt { receipt } => x.id("transID", &receipt.trans_nr()),
        JournalEvent::CopyPrinted { number, kind, .. } => x.id(
            "transID",
            &crate::domain::trans_nr(*kind, e.training, *number),
        ),
        _ => {}
    }
    if let Some(c) = &e.cashier_id {
        x.id("empID", c);
    }
    let (d, t) = e.stamp.local();
    x.leaf("eventDate", &d);
    x.leaf("eventTime", &t);
    if let Some(text) = event_text(&e.event) {
        x.leaf_max("eventText", &text, 9_999);
    }
    if let Some(report) = report_of(e) {
        event_report(x, company, &report)?;
    }
    x.close("event");
    Ok(())
}

fn count(x: &mut Xml, num_tag: &str, amnt_tag: &str, c: super::report::Count) {
    x.leaf(num_tag, &c.count.to_string());
    x.leaf(amnt_tag, &decimal(c.amount));
}

fn event_report(x: &mut Xml, company: &SaftCompany, r: &Report) -> Result<(), BooksError> {
    let kind = match r.kind {
        super::ReportKind::X => "X",
        super::ReportKind::Z => "Z",
    };
    x.open("eventReport");
    x.id(
        "reportID",
        &format!("{}-{kind}{}", r.meta.pos_id, r.meta.number),
    );
    x.leaf("reportType", &format!("{kind} report"));
    x.id("companyIdent", &company.org_number);
    x.leaf_max("companyName", &company.name, 100);
    let (d, t) = Stamp {
        at: r.meta.at,
        utc_offset_min: r.meta.utc_offset_min,
    }
    .local();
    x.leaf("reportDate", &d);
    x.leaf("reportTime", &t);
    x.leaf_max("registerID", &r.meta.pos_id, 100);
    x.open("reportTotalCashSales");
    x.leaf("totalCashSaleAmnt", &decimal(r.net));
    x.close("reportTotalCashSales");

    x.open("reportArtGroups");
    let groups: Vec<(String, i64, i64)> = if r.art_groups.is_empty() {
        vec![("GOODS".into(), 0, 0)]
    } else {
        r.art_groups
            .iter()
            .map(|g| (g.group.clone(), g.quantity_milli, g.amount))
            .collect()
    };
    for (group, q, amount) in groups {
        x.open("reportArtGroup");
        x.id("artGroupID", &group);
        x.leaf("artGroupNum", &milli(q));
        x.leaf("artGroupAmnt", &decimal(amount));
        x.close("reportArtGroup");
    }
    x.close("reportArtGroups");
    if !r.cashier_groups.is_empty() {
        x.open("reportEmpArtGroups");
        for g in &r.cashier_groups {
            x.open("reportEmpArtGroup");
            x.id("empID", g.cashier.as_deref().unwrap_or_default());
            x.id("artGroupID", &g.group);
            x.leaf("artGroupNum", &milli(g.quantity_milli));
            x.leaf("artGroupAmnt", &decimal(g.amount));
            x.close("reportEmpArtGroup");
        }
        x.close("reportEmpArtGroups");
    }

    x.open("reportPayments");
    if r.tenders.is_empty() {
        x.open("reportPayment");
        x.id("paymentType", "CASH");
        x.leaf("paymentNum", "0");
        x.leaf("paymentAmnt", "0.00");
        x.close("reportPayment");
    }
    for t in &r.tenders {
        x.open("reportPayment");
        x.id("paymentType", payment_basic_of_code(&t.code));
        x.leaf("paymentNum", &t.count.to_string());
        x.leaf("paymentAmnt", &decimal(t.amount));
        x.close("reportPayment");
    }
    x.close("reportPayments");
    if !r.cashier_tenders.is_empty() {
        x.open("reportEmpPayments");
        for t in &r.cashier_tenders {
            x.open("reportEmpPayment");
            x.id("empID", t.cashier.as_deref().unwrap_or_default());
            x.id("paymentType", payment_basic_of_code(&t.code));
            x.leaf("paymentNum", &t.count.to_string());
            x.leaf("paymentAmnt", &decimal(t.amount));
            x.close("reportEmpPayment");
        }
        x.close("reportEmpPayments");
    }

    x.open("reportCashSalesVat");
    let vat: Vec<(u16, i64, i64)> = if r.vat.is_empty() {
        vec![(2_500, 0, 0)]
    } else {
        r.vat.iter().map(|v| (v.vat_bp, v.base, v.tax)).collect()
    };
    for (bp, base, tax) in vat {
        x.open("reportCashSaleVat");
        x.leaf("vatCode", standard_vat_code(bp)?);
        x.leaf("vatPerc", &percent(bp));
        x.leaf("cashSaleAmnt", &decimal(base));
        x.leaf("vatAmnt", &decimal(tax));
        x.leaf("vatAmntTp", if tax < 0 { "D" } else { "C" });
        x.close("reportCashSaleVat");
    }
    x.close("reportCashSalesVat");

    x.leaf("reportOpeningChangeFloat", &decimal(r.opening_float));
    let floats: Vec<_> = r.cashiers.iter().filter(|c| c.cashier.is_some()).collect();
    if !floats.is_empty() {
        x.open("reportEmpOpeningChangeFloats");
        for c in floats {
            x.open("reportEmpOpeningChangeFloat");
            x.id("empID", c.cashier.as_deref().unwrap_or_default());
            x.leaf("openingChangeFloatAmnt", &decimal(c.opening_float));
            x.close("reportEmpOpeningChangeFloat");
        }
        x.close("reportEmpOpeningChangeFloats");
    }
    x.leaf("reportReceiptNum", &r.receipts.to_string());
    x.leaf("reportOpenCashBoxNum", &r.drawer_no_sale.to_string());
    count(x, "reportReceiptCopyNum", "reportReceiptCopyAmnt", r.copies);
    x.leaf("reportReceiptProformaNum", "0");
    x.leaf("reportReceiptProformaAmnt", "0.00");
    count(x, "reportReturnNum", "reportReturnAmnt", r.returns);
    count(x, "reportDiscountNum", "reportDiscountAmnt", r.discounts);
    count(
        x,
        "reportVoidTransNum",
        "reportVoidTransAmnt",
        r.voided_sales,
    );

    x.open("reportCorrLines");
    x.open("reportCorrLine");
    x.id("corrLineType", "Voided line");
    x.leaf("corrLineNum", &r.voided_lines.count.to_string());
    x.leaf("corrLineAmnt", &decimal(r.voided_lines.amount));
    x.close("reportCorrLine");
    x.close("reportCorrLines");
    x.open("reportPriceInquiries");
    x.open("reportPriceInquiry");
    x.id("priceInquiryGroup", "ALL");
    x.leaf("priceInquiryNum", &r.price_lookups.count.to_string());
    x.leaf("priceInquiryAmnt", &decimal(r.price_lookups.amount));
    x.close("reportPriceInquiry");
    x.close("reportPriceInquiries");
    x.open("reportOtherCorrs");
    x.open("reportOtherCorr");
    x.id("otherCorrType", "Price change");
    x.leaf("otherCorrNum", &r.price_changes.to_string());
    x.leaf("otherCorrAmnt", "0.00");
    x.close("reportOtherCorr");
    x.close("reportOtherCorrs");
    x.leaf("reportReceiptDeliveryNum", "0");
    x.leaf("reportReceiptDeliveryAmnt", "0.00");
    count(x, "reportTrainingNum", "reportTrainingAmnt", r.training);
    x.open("reportPayIns");
    x.open("reportPayIn");
    x.id("payInType", "Cash in");
    x.leaf("payInNum", &r.cash_in.count.to_string());
    x.leaf("payInAmnt", &decimal(r.cash_in.amount));
    x.close("reportPayIn");
    x.close("reportPayIns");
    x.open("reportPayOuts");
    x.open("reportPayOut");
    x.id("payOutType", "Cash out");
    x.leaf("payOutNum", &r.cash_out.count.to_string());
    x.leaf("payOutAmnt", &decimal(r.cash_out.amount));
    x.close("reportPayOut");
    x.close("reportPayOuts");
    x.leaf("reportGrandTotalSales", &decimal(r.grand.sales));
    x.leaf("reportGrandTotalReturn", &decimal(r.grand.returns));
    x.leaf("reportGrandTotalSalesNet", &decimal(r.grand.net));
    x.close("eventReport");
    Ok(())
}

fn cash_transaction(
    x: &mut Xml,
    e: &Entry,
    r: &IssuedReceipt,
    copies: usize,
) -> Result<(), BooksError> {
    let nr = r.trans_nr();
    let credit = r.kind == ReceiptKind::Sale;
    let tp = if credit { "C" } else { "D" };
    let emp = r.cashier.as_ref().map(|c| c.id.as_str());
    let (d, t) = Stamp {
        at: r.issued_at,
        utc_offset_min: r.utc_offset_min,
    }
    .local();
    x.open("cashtransaction");
    x.id("nr", &nr);
    x.id("transID", &nr);
    x.id("transType", if credit { "CASHSALE" } else { "RETURN" });
    x.leaf("transAmntIn", &decimal(r.total()));
    x.leaf("transAmntEx", &decimal(r.total_excl()));
    x.leaf("amntTp", tp);
    if let Some(emp) = emp {
        x.id("empID", emp);
    }
    x.leaf("transDate", &d);
    x.leaf("transTime", &t);
    if let Some(of) = &r.return_of {
        x.leaf_max("refID", &format!("{} {}", of.pos_id, of.number), 9_999);
    }
    for (i, l) in r.lines.iter().enumerate() {
        x.open("ctLine");
        x.id("nr", &nr);
        x.id("lineID", &(i + 1).to_string());
        x.id("lineType", if credit { "SAL" } else { "RET" });
        x.id("artGroupID", article_group(l.vat_bp));
        x.id("artID", &l.gtin);
        x.leaf("qnt", &qnt(l.quantity, !credit));
        x.leaf("lineAmntIn", &decimal(l.total));
        x.leaf("lineAmntEx", &decimal(l.excl));
        x.leaf("amntTp", tp);
        x.leaf("ppu", &decimal(l.unit_price));
        if let Some(emp) = emp {
            x.id("empID", emp);
        }
        x.leaf_max("cashTransLineDescr", &l.name, 9_999);
        x.leaf("lineDate", &d);
        x.leaf("lineTime", &t);
        x.open("vat");
        x.leaf("vatCode", standard_vat_code(l.vat_bp)?);
        x.leaf("vatPerc", &percent(l.vat_bp));
        x.leaf("vatAmnt", &decimal(l.tax));
        x.leaf("vatAmntTp", tp);
        x.leaf("vatBasAmnt", &decimal(l.excl));
        x.close("vat");
        if l.discount > 0 {
            x.open("discount");
            x.id("dscTp", "DISCOUNT");
            x.leaf("dscAmnt", &decimal(l.discount));
            x.close("discount");
        }
        x.close("ctLine");
    }
    for v in r.vat_summary() {
        x.open("vat");
        x.leaf("vatCode", standard_vat_code(v.vat_bp)?);
        x.leaf("vatPerc", &percent(v.vat_bp));
        x.leaf("vatAmnt", &decimal(v.tax));
        x.leaf("vatAmntTp", tp);
        x.leaf("vatBasAmnt", &decimal(v.base));
        x.close("vat");
    }
    x.open("rounding");
    x.leaf("roundingAmnt", &decimal(r.rounding));
    x.close("rounding");
    for p in &r.tenders {
        x.open("payment");
        x.id("paymentType", payment_basic(&p.kind));
        x.leaf("paidAmnt", &decimal(p.amount));
        if let Some(emp) = emp {
            x.id("empID", emp);
        }
        x.leaf("curCode", r.currency.code());
        x.leaf("exchRt", "1.000000");
        match &p.kind {
            TenderKind::Vipps { reference } => x.leaf_max("paymentRefID", reference, 999),
            TenderKind::Card { note: Some(n) } => x.leaf_max("paymentRefID", n, 999),
            _ => {}
        }
        x.close("payment");
    }
    x.leaf_max("signature", e.signature.as_deref().unwrap_or_default(), 999);
    x.leaf_max(
        "keyVersion",
        e.key_version.as_deref().unwrap_or_default(),
        50,
    );
    x.leaf("receiptNum", "1");
    x.leaf("receiptCopyNum", &copies.min(999).to_string());
    x.leaf("receiptProformaNum", "0");
    x.leaf("receiptDeliveryNum", "0");
    x.leaf("voidTransaction", "false");
    x.leaf("trainingID", if r.training { "true" } else { "false" });
    x.close("cashtransaction");
    Ok(())
}
