//! A cashier's day through the real till (core, effects, SQLite file): sign in, sell in cash,
//! sell split between card and cash, void a line, give up a basket, look up a price, take a
//! return, an X report and the Z report from the till's own keys. Then the
//! journal is read back: every event is there with its cashier, the Z report's totals are the
//! sums of the receipts and tenders it covers, and the signature chain verifies.

use kasse::books::cashiers::{self, Role};
use kasse::books::Report;
use kasse::config::Config;
use kasse::domain::{JournalEvent, ReceiptKind};
use kasse::runtime::Headless;
use kasse::sim::{Sim, SimConfig};
use kasse::store::Store;
use kasse::till::{Dialog, Key, Msg, Say, State};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

/// A real (test) till against the simulator, returns allowed without a receipt.
fn config(dir: &Path, sim: &Sim) -> Config {
    let text = format!(
        "environment = \"test\"\nlanguage = \"en\"\n\
         [shop]\nname = \"Flow shop\"\npos_id = \"till1\"\norg_number = \"923609016\"\n\
         {}checkin = false\n\
         [sale]\nreturns_without_receipt = true\n\
         [database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
        sim.vipps_table(),
        dir.join("till.sqlite").display(),
        dir.join("kasse.log").display(),
    );
    Config::from_str_with(&text, None, &|_| None).unwrap()
}

fn keys(t: &mut Headless, keys: &[Key]) {
    for k in keys {
        t.handle(Msg::Key(*k));
    }
}

fn typed(t: &mut Headless, text: &str) {
    for c in text.chars() {
        t.handle(Msg::Key(Key::Char(c)));
    }
}

fn said(s: &State) -> Option<&Say> {
    s.notice.as_ref().map(|n| &n.say)
}

async fn sell(t: &mut Headless, codes: &[&str]) {
    for code in codes {
        t.handle(Msg::Scan {
            payload: code.to_string(),
        });
    }
    let n = codes.len();
    assert!(t.run_until(WAIT, |s| s.basket.lines.len() == n).await);
}

async fn issued(t: &mut Headless) {
    assert!(
        t.run_until(WAIT, |s| s.done.is_some() && s.tender.is_none())
            .await,
        "no receipt: {:?}",
        said(&t.state)
    );
}

async fn report_on_screen(t: &mut Headless) {
    assert!(
        t.run_until(WAIT, |s| matches!(s.dialog, Some(Dialog::Report { .. })))
            .await,
        "no report: {:?}",
        said(&t.state)
    );
    keys(t, &[Key::End, Key::Enter]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cashiers_day_ends_in_a_z_report_that_adds_up_and_a_chain_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::start(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .unwrap();
    let config = config(dir.path(), &sim);
    let (a, b, c) = {
        let mut store = Store::open(&config.database).unwrap();
        store.seed_demo().unwrap();
        cashiers::add(&mut store, "7", "Kari Nordmann", "4711", Role::Cashier).unwrap();
        cashiers::add(&mut store, "8", "Ola Eier", "9999", Role::Owner).unwrap();
        // Items sold by the piece: a weighed one would ask for its weight.
        let p: Vec<_> = store
            .list_products(50, 0)
            .unwrap()
            .into_iter()
            .filter(|p| p.unit == kasse::domain::Unit::Piece && p.variable.is_none())
            .collect();
        let code = |i: usize| p[i].gtin.to_string();
        (code(0), code(1), code(2))
    };
    let mut t = Headless::start(&config, SimConfig::default())
        .await
        .unwrap();

    // Nothing sells before the cashier signs in.
    t.handle(Msg::Scan { payload: a.clone() });
    assert!(t.state.basket.is_empty());
    typed(&mut t, "7");
    keys(&mut t, &[Key::Enter]);
    typed(&mut t, "4711");
    keys(&mut t, &[Key::Enter]);
    assert!(t.run_until(WAIT, |s| s.cashier.is_some()).await);

    // A cash sale of two items after a third was voided.
    sell(&mut t, &[&a, &b, &c]).await;
    keys(&mut t, &[Key::F(7)]);
    assert_eq!(
        t.state.basket.lines.len(),
        2,
        "{:?} {:?} {:?}",
        t.state.selected,
        t.state.dialog,
        said(&t.state)
    );
    keys(&mut t, &[Key::Char('c'), Key::Enter]);
    issued(&mut t).await;
    keys(&mut t, &[Key::F(12)]);

    // Split: 1,00 on the card terminal, the rest in cash.
    sell(&mut t, &[&b]).await;
    keys(&mut t, &[Key::Char('k')]);
    keys(&mut t, &[Key::Backspace; 12]);
    typed(&mut t, "1");
    keys(&mut t, &[Key::Enter, Key::Char('c'), Key::Enter]);
    issued(&mut t).await;
    keys(&mut t, &[Key::F(12)]);

    // A basket given up, and a price looked up without selling.
    sell(&mut t, &[&c]).await;
    keys(&mut t, &[Key::F(12), Key::Enter]);
    assert!(t.state.basket.is_empty());
    keys(&mut t, &[Key::F(4)]);
    let name: String = {
        let store = Store::open(&config.database).unwrap();
        let p = store.list_products(1, 0).unwrap();
        p[0].name.chars().take(4).collect()
    };
    typed(&mut t, &name);
    assert!(
        t.run_until(
            WAIT,
            |s| matches!(&s.dialog, Some(Dialog::Search { results, .. }) if !results.is_empty())
        )
        .await
    );
    keys(&mut t, &[Key::Esc]);

    // A return without a receipt, in cash.
    sell(&mut t, &[&a]).await;
    keys(&mut t, &[Key::Char('R'), Key::Enter]);
    issued(&mut t).await;
    assert_eq!(
        t.state.done.as_ref().unwrap().issued.kind,
        ReceiptKind::Return
    );
    keys(&mut t, &[Key::F(12)]);

    // X, then Z (asked first), from the till's keys.
    keys(&mut t, &[Key::Char('X')]);
    report_on_screen(&mut t).await;
    keys(&mut t, &[Key::Char('Z')]);
    assert_eq!(t.state.dialog, Some(Dialog::ConfirmZ));
    keys(&mut t, &[Key::Enter]);
    report_on_screen(&mut t).await;
    // Once a day.
    keys(&mut t, &[Key::Char('Z'), Key::Enter]);
    assert!(
        t.run_until(WAIT, |s| said(s) == Some(&Say::ZAlreadyTaken))
            .await
    );
    t.stop().await;
    sim.shutdown().await;

    let store = Store::open(&config.database).unwrap();
    let entries = kasse::books::journal::entries(&store, Some("till1"), 0).unwrap();
    let count = |f: &dyn Fn(&JournalEvent) -> bool| entries.iter().filter(|e| f(&e.event)).count();
    assert_eq!(count(&|e| matches!(e, JournalEvent::SignedIn)), 1);
    assert_eq!(count(&|e| matches!(e, JournalEvent::LineVoided { .. })), 1);
    assert_eq!(
        count(&|e| matches!(e, JournalEvent::SaleVoided { lines: 1, .. })),
        1
    );
    assert_eq!(count(&|e| matches!(e, JournalEvent::PriceLookup { .. })), 1);
    assert_eq!(count(&|e| matches!(e, JournalEvent::XReport { .. })), 1);
    assert_eq!(count(&|e| matches!(e, JournalEvent::ZReport { .. })), 1);
    // Everything after the sign-in was done by the cashier who signed in.
    let signed_in = entries
        .iter()
        .position(|e| e.event == JournalEvent::SignedIn)
        .unwrap();
    for e in &entries[signed_in..] {
        assert_eq!(e.cashier_id.as_deref(), Some("7"), "{:?}", e.event);
    }

    // The Z report: its totals are the sums of the receipts and tenders it covers.
    let receipts: Vec<_> = entries.iter().filter_map(|e| e.receipt()).collect();
    assert_eq!(receipts.len(), 3);
    let z: Report = entries
        .iter()
        .find_map(|e| match &e.event {
            JournalEvent::ZReport { report, .. } => serde_json::from_value(report.clone()).ok(),
            _ => None,
        })
        .unwrap();
    let sum = |kind: ReceiptKind| -> i64 {
        receipts
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.total())
            .sum()
    };
    assert_eq!(z.sales.count, 2);
    assert_eq!(z.sales.amount, sum(ReceiptKind::Sale));
    assert_eq!(z.returns.count, 1);
    assert_eq!(z.returns.amount, -sum(ReceiptKind::Return));
    assert_eq!(z.net, sum(ReceiptKind::Sale) + sum(ReceiptKind::Return));
    for code in ["12001", "12002"] {
        let paid: i64 = receipts
            .iter()
            .flat_map(|r| r.tenders.iter())
            .filter(|t| t.saft_code() == code)
            .map(|t| t.amount)
            .sum();
        let on_z = z.tenders.iter().find(|t| t.code == code).unwrap();
        assert_eq!(on_z.amount, paid, "tender {code}");
    }
    assert_eq!(z.voided_lines.count, 1);
    assert_eq!(z.voided_sales.count, 1);
    assert_eq!(z.price_lookups.count, 1);
    assert_eq!(z.meta.cashier.as_deref(), Some("7"));
    assert_eq!(z.grand.net, z.net);

    // Every signature verifies with the stored public key.
    let chain = kasse::books::verify_till(&store, "till1").unwrap();
    assert_eq!(chain.transactions, 3);

    // The day's SAF-T file holds the till's events, each under its basic (which the file maps
    // to the standard 13xxx code).
    let shop = kasse::books::saft::SaftCompany {
        org_number: "923609016".into(),
        name: "Flow shop".into(),
        address: None,
        vat_registered: true,
        currency: "NOK",
    };
    let file = kasse::books::saft::write_export(
        &store,
        &shop,
        None,
        None,
        kasse::books::Stamp::now(),
        dir.path(),
    )
    .unwrap();
    let xml = std::fs::read_to_string(&file).unwrap();
    // For checking by hand against the official schema (docs/BOOKS.md says how).
    if let Ok(keep) = std::env::var("KASSE_KEEP_SAFT") {
        std::fs::write(Path::new(&keep).join("flow-day.xml"), &xml).unwrap();
    }
    for basic in [
        "POSSTART",
        "EMPIN",
        "SALREC",
        "RETREC",
        "LINEVOID",
        "VOIDSALE",
        "PRICELOOKUP",
        "XREP",
        "ZREP",
    ] {
        assert!(
            xml.contains(&format!("<eventType>{basic}</eventType>")),
            "{basic}"
        );
    }
}
