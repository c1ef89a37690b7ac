//! The SAF-T Cash Register export of a demo day (member sale, cash sale, split tender, return,
//! copy, X and Z report, training mode), checked by the project's own code: the schema's order
//! of elements where it matters, its keys (every empID, artID, eventType and lineType refers
//! to what it must), the standard's codes, and every signature in the exported chain verified
//! with the public key, from the file's own fields.

use crate::books_support;

use books_support::*;
use kasse::books::saft::{self, SaftCompany};
use kasse::books::{self, signing};
use roxmltree::{Document, Node};
use std::collections::HashSet;

const NS: &str = "urn:StandardAuditFile-Taxation-CashRegister:NO";

// Codes of the official lists that kasse uses (PredefinedBasicID 04, 11, 12, 13 and the
// standard VAT codes), written out here so the test does not lean on the code under test.
const CODES_04: &[&str] = &["04003", "04006"];
const CODES_11: &[&str] = &["11001", "11006"];
const CODES_12: &[&str] = &["12001", "12002", "12003", "12011"];
const CODES_13: &[&str] = &[
    "13001", "13002", "13003", "13004", "13005", "13008", "13009", "13010", "13011", "13012",
    "13013", "13014", "13017", "13019", "13021", "13022", "13023", "13024", "13028", "13999",
];
const STANDARD_VAT: &[(&str, &str)] = &[
    ("25.00", "3"),
    ("15.00", "31"),
    ("12.00", "33"),
    ("0.00", "5"),
];

/// The order of a cash transaction's children in the schema.
const CASHTRANSACTION_ORDER: &[&str] = &[
    "nr",
    "transID",
    "transType",
    "transAmntIn",
    "transAmntEx",
    "amntTp",
    "empID",
    "custSupID",
    "periodNumber",
    "transDate",
    "transTime",
    "bookDate",
    "bookTime",
    "invoiceID",
    "refID",
    "desc",
    "ctLine",
    "vat",
    "savings",
    "discount",
    "raise",
    "rounding",
    "payment",
    "signature",
    "keyVersion",
    "receiptNum",
    "receiptCopyNum",
    "receiptProformaNum",
    "receiptDeliveryNum",
    "voidTransaction",
    "trainingID",
];

const EVENT_REPORT_ORDER: &[&str] = &[
    "reportID",
    "reportType",
    "companyIdent",
    "companyName",
    "reportDate",
    "reportTime",
    "registerID",
    "reportTotalCashSales",
    "reportArtGroups",
    "reportEmpArtGroups",
    "reportPayments",
    "reportEmpPayments",
    "reportTip",
    "reportCashSalesVat",
    "reportOpeningChangeFloat",
    "reportEmpOpeningChangeFloats",
    "reportReceiptNum",
    "reportOpenCashBoxNum",
    "reportReceiptCopyNum",
    "reportReceiptCopyAmnt",
    "reportReceiptProformaNum",
    "reportReceiptProformaAmnt",
    "reportReturnNum",
    "reportReturnAmnt",
    "reportDiscountNum",
    "reportDiscountAmnt",
    "reportVoidTransNum",
    "reportVoidTransAmnt",
    "reportCorrLines",
    "reportPriceInquiries",
    "reportOtherCorrs",
    "reportReceiptDeliveryNum",
    "reportReceiptDeliveryAmnt",
    "reportTrainingNum",
    "reportTrainingAmnt",
    "reportCreditSales",
    "reportCreditMemos",
    "reportPayIns",
    "reportPayOuts",
    "reportGrandTotalSales",
    "reportGrandTotalReturn",
    "reportGrandTotalSalesNet",
];

fn shop() -> SaftCompany {
    SaftCompany {
        org_number: "999999999".into(),
        name: "Demobutikken AS".into(),
        address: Some("Storgata 1, 0155 Oslo".into()),
        vat_registered: true,
        currency: "NOK",
    }
}

fn elements<'a>(n: Node<'a, 'a>) -> impl Iterator<Item = Node<'a, 'a>> {
    n.children().filter(|c| c.is_element())
}

fn child<'a>(n: Node<'a, 'a>, tag: &str) -> Option<Node<'a, 'a>> {
    elements(n).find(|c| c.tag_name().name() == tag)
}

fn text<'a>(n: Node<'a, 'a>, tag: &str) -> &'a str {
    child(n, tag)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("<{}> has no <{tag}>", n.tag_name().name()))
}

fn descendants<'a>(doc: &'a Document<'a>, tag: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .collect()
}

/// Children appear in the schema's order (each name at most where the order allows it).
fn assert_in_order(n: Node, order: &[&str]) {
    let mut at = 0;
    for c in elements(n) {
        let name = c.tag_name().name();
        let pos = order
            .iter()
            .position(|o| *o == name)
            .unwrap_or_else(|| panic!("<{name}> is not a child of <{}>", n.tag_name().name()));
        assert!(
            pos >= at,
            "<{name}> out of order in <{}>",
            n.tag_name().name()
        );
        at = pos;
    }
}

fn exported() -> (tempfile::TempDir, String, kasse::store::Store) {
    let (dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let file =
        saft::write_export(&store, &shop(), None, None, stamp(MORNING + 4_000), &out).unwrap();
    let name = file.file_name().unwrap().to_str().unwrap().to_string();
    assert_eq!(name, "SAF-T Cash Register_999999999_20261201100640.xml");
    let xml = std::fs::read_to_string(&file).unwrap();
    // For checking by hand against the official schema (see the report in docs/BOOKS.md).
    if let Ok(keep) = std::env::var("KASSE_KEEP_SAFT") {
        std::fs::write(std::path::Path::new(&keep).join(&name), &xml).unwrap();
    }
    (dir, xml, store)
}

#[test]
fn the_export_has_the_schemas_structure_keys_and_codes() {
    let (_dir, xml, _store) = exported();
    let doc = Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "auditfile");
    assert_eq!(root.tag_name().namespace(), Some(NS));
    let names: Vec<&str> = elements(root).map(|n| n.tag_name().name()).collect();
    assert_eq!(names, ["header", "company"]);
    let header = child(root, "header").unwrap();
    assert_eq!(text(header, "startDate"), "2026-12-01");
    assert_eq!(text(header, "curCode"), "NOK");
    assert_eq!(text(header, "auditfileVersion"), "1.0");
    let company = child(root, "company").unwrap();
    assert_eq!(text(company, "companyIdent"), "999999999");
    assert_eq!(text(company, "taxRegIdent"), "999999999MVA");

    // Basics: ids unique, predefined codes from the official lists.
    let mut basic_ids = HashSet::new();
    for b in descendants(&doc, "basic") {
        assert!(basic_ids.insert(text(b, "basicID")), "duplicate basicID");
        if let Some(code) = child(b, "predefinedBasicID").and_then(|c| c.text()) {
            let list = match text(b, "basicType") {
                "04" => CODES_04,
                "11" => CODES_11,
                "12" => CODES_12,
                "13" => CODES_13,
                other => panic!("basic type {other} with a predefined code"),
            };
            assert!(
                list.contains(&code),
                "{code} is not in list {}",
                text(b, "basicType")
            );
            assert!(code.starts_with(text(b, "basicType")));
        }
    }
    let code_of = |id: &str| {
        descendants(&doc, "basic")
            .into_iter()
            .find(|b| text(*b, "basicID") == id)
            .and_then(|b| child(b, "predefinedBasicID").and_then(|c| c.text()))
            .map(str::to_string)
    };

    // VAT codes mapped to the standard codes.
    for v in descendants(&doc, "vatCodeDetail") {
        let desc = text(v, "vatDesc");
        let std = text(v, "standardVatCode");
        assert!(
            STANDARD_VAT
                .iter()
                .any(|(p, c)| desc.contains(p) && *c == std),
            "{desc} → {std}"
        );
    }

    // Keys: employees, articles and basics that the register refers to exist.
    let emps: HashSet<&str> = descendants(&doc, "employee")
        .iter()
        .map(|e| text(*e, "empID"))
        .collect();
    let arts: HashSet<&str> = descendants(&doc, "article")
        .iter()
        .map(|a| text(*a, "artID"))
        .collect();
    for e in descendants(&doc, "empID") {
        if e.parent().unwrap().tag_name().name() != "employee" {
            assert!(
                emps.contains(e.text().unwrap()),
                "empID {:?} unknown",
                e.text()
            );
        }
    }
    for l in descendants(&doc, "ctLine") {
        assert!(arts.contains(text(l, "artID")));
        assert!(basic_ids.contains(text(l, "lineType")));
    }
    let events = descendants(&doc, "event");
    for e in &events {
        assert!(
            basic_ids.contains(text(*e, "eventType")),
            "{}",
            text(*e, "eventType")
        );
    }
    let event_codes: Vec<String> = events
        .iter()
        .filter_map(|e| code_of(text(*e, "eventType")))
        .collect();
    for wanted in [
        "13001", "13002", "13003", "13004", "13005", "13008", "13009", "13012", "13013", "13014",
        "13017", "13023", "13024",
    ] {
        assert!(
            event_codes.iter().any(|c| c == wanted),
            "no event {wanted} in the export"
        );
    }

    // Reports: whole, in the schema's order, ids unique.
    let reports = descendants(&doc, "eventReport");
    assert_eq!(reports.len(), 2);
    let ids: HashSet<&str> = reports.iter().map(|r| text(*r, "reportID")).collect();
    assert_eq!(ids.len(), 2);
    for r in &reports {
        assert_in_order(*r, EVENT_REPORT_ORDER);
    }
    let z = reports
        .iter()
        .find(|r| text(**r, "reportType") == "Z report")
        .unwrap();
    assert_eq!(text(*z, "reportGrandTotalSales"), "419.50");
    assert_eq!(text(*z, "reportGrandTotalReturn"), "79.90");
    assert_eq!(text(*z, "reportGrandTotalSalesNet"), "339.60");
    assert_eq!(text(*z, "reportTrainingNum"), "1");
    assert_eq!(text(*z, "reportReceiptCopyNum"), "2");

    // Cash transactions: order, types, amounts, training marked.
    let txs = descendants(&doc, "cashtransaction");
    assert_eq!(txs.len(), 5);
    for t in &txs {
        assert_in_order(*t, CASHTRANSACTION_ORDER);
        let ty = code_of(text(*t, "transType")).unwrap();
        let amount: f64 = text(*t, "transAmntIn").parse().unwrap();
        assert_eq!(ty, if amount < 0.0 { "11006" } else { "11001" });
        for p in elements(*t).filter(|c| c.tag_name().name() == "payment") {
            assert!(CODES_12.contains(&code_of(text(p, "paymentType")).unwrap().as_str()));
        }
        for a in ["transAmntIn", "transAmntEx"] {
            let v = text(*t, a);
            assert_eq!(v.split('.').nth(1).map(str::len), Some(2), "{a} {v}");
        }
    }
    let training: Vec<&str> = txs
        .iter()
        .filter(|t| text(**t, "trainingID") == "true")
        .map(|t| text(*t, "nr"))
        .collect();
    assert_eq!(training, ["T1"]);
    let member = txs.iter().find(|t| text(**t, "nr") == "1").unwrap();
    let pay = child(*member, "payment").unwrap();
    assert_eq!(code_of(text(pay, "paymentType")).as_deref(), Some("12011"));
    let split = txs.iter().find(|t| text(**t, "nr") == "3").unwrap();
    assert_eq!(
        elements(*split)
            .filter(|c| c.tag_name().name() == "payment")
            .count(),
        2
    );
    assert_eq!(
        text(child(*split, "rounding").unwrap(), "roundingAmnt"),
        "0.20"
    );
    // Sale 1 and return R1 each had their one copy; the copy events name them apart.
    for nr in ["1", "R1"] {
        let t = txs.iter().find(|t| text(**t, "nr") == nr).unwrap();
        assert_eq!(text(*t, "receiptCopyNum"), "1", "{nr}");
    }
    let copied: Vec<&str> = events
        .iter()
        .filter(|e| code_of(text(**e, "eventType")).as_deref() == Some("13014"))
        .map(|e| text(*e, "transID"))
        .collect();
    assert_eq!(copied, ["1", "R1"]);
    // Text from outside (an article's name) is escaped, not markup.
    assert!(xml.contains("Batterier &lt;AA&gt; &amp; co"));
}

#[test]
fn every_signature_in_the_exported_chain_verifies_with_the_public_key() {
    let (_dir, xml, store) = exported();
    let keys = books::journal::public_keys(&store).unwrap();
    let doc = Document::parse(&xml).unwrap();
    for register in descendants(&doc, "cashregister") {
        let mut previous = "0".to_string();
        let mut n = 0;
        for t in elements(register).filter(|c| c.tag_name().name() == "cashtransaction") {
            let signed = format!(
                "{previous};{};{};{};{};{}",
                text(t, "transDate"),
                text(t, "transTime"),
                text(t, "nr"),
                text(t, "transAmntIn"),
                text(t, "transAmntEx")
            );
            let version = text(t, "keyVersion");
            let public = &keys.iter().find(|(v, _)| v == version).unwrap().1;
            let sig = text(t, "signature");
            assert!(signing::verify(public, &signed, sig), "{signed}");
            previous = sig.to_string();
            n += 1;
        }
        assert_eq!(n, 5);
    }
}

#[test]
fn the_export_takes_a_date_range_and_needs_an_org_number() {
    let (dir, path) = temp_db();
    let (mut store, signer) = open(&path);
    demo_day(&mut store, &signer, MORNING);
    let day = stamp(MORNING).local_date();
    let next = day.next_day().unwrap();
    let empty = saft::export_xml(
        &store,
        &shop(),
        Some(next),
        Some(next),
        stamp(MORNING + DAY),
    )
    .unwrap();
    assert!(!empty.contains("<cashtransaction>"));
    let whole =
        saft::export_xml(&store, &shop(), Some(day), Some(day), stamp(MORNING + DAY)).unwrap();
    assert_eq!(whole.matches("<cashtransaction>").count(), 5);
    let mut no_org = shop();
    no_org.org_number = String::new();
    let err =
        saft::write_export(&store, &no_org, None, None, stamp(MORNING), dir.path()).unwrap_err();
    assert!(err.to_string().contains("organisation number"), "{err}");
}
