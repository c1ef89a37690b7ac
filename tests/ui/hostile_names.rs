//! SQL and terminal escape sequences inside product names, member names and CSV files: stored
//! verbatim as data, and rendered harmless on the screen.

use crate::ui_support;

use kasse::config::{Environment, Language};
use kasse::domain::{Country, Gtin, Msisdn, Quantity};
use kasse::store::Store;
use kasse::till::{Msg, ProductHit};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ui_support::*;

/// Names a hostile catalogue or member file could hold.
const HOSTILE: [&str; 10] = [
    "Robert'); DROP TABLE products;--",
    "\" OR 1=1 --",
    "Melk\u{1b}[2J\u{1b}[H",
    "\u{1b}]0;pwned\u{7}Brød",
    "\u{1b}[31mRød\u{1b}[0m",
    "Ost\u{9b}2J",
    "Egg\r\nTOTAL 0,00",
    "Kaffe\u{202e}gnp.exe",
    "Te\u{8}\u{8}\u{8}Øl\u{0}",
    "%_\\ LIKE",
];

/// A printable word of each name that must still be on the screen.
const VISIBLE: [&str; 10] = [
    "Robert", "OR 1=1", "Melk", "Brød", "Rød", "Ost", "Egg", "Kaffe", "Øl", "LIKE",
];

/// A control character (C0, DEL, C1) or a bidi override anywhere on the screen.
fn dangerous(buf: &Buffer) -> Option<(u16, u16, String)> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let sym = buf[(x, y)].symbol();
            if sym.chars().any(|c| {
                c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            }) {
                return Some((x, y, sym.escape_unicode().to_string()));
            }
        }
    }
    None
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn gtin(i: usize) -> Gtin {
    Gtin::parse(&with_check_digit(&format!("70380100{i:04}"))).unwrap()
}

fn phone(i: usize) -> Msisdn {
    Msisdn::parse(&format!("9123{i:04}"), Country::Norway).unwrap()
}

fn hostile_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("till.sqlite")).unwrap();
    let mut products = String::from("gtin,name,price,vat,unit,variable\n");
    let mut members = String::from("phone,name,email,sub,enrolled_at\n");
    for (i, name) in HOSTILE.iter().enumerate() {
        products.push_str(&format!(
            "{},{},24.90,15,pcs,\n",
            gtin(i).as_str(),
            csv_field(name)
        ));
        members.push_str(&format!("{},{},,,\n", phone(i).as_str(), csv_field(name)));
    }
    let p = store
        .import_products(products.as_bytes(), Country::Norway)
        .unwrap();
    assert_eq!(p.added, HOSTILE.len());
    let m = store
        .import_members(members.as_bytes(), Country::Norway)
        .unwrap();
    assert_eq!(m.added, HOSTILE.len());
    (dir, store)
}

#[test]
fn hostile_names_are_stored_verbatim_and_the_tables_survive() {
    let (_dir, store) = hostile_store();
    for (i, name) in HOSTILE.iter().enumerate() {
        let hit = store.product_by_gtin(&gtin(i)).unwrap().unwrap();
        assert_eq!(hit.product.name, *name);
        let member = store.member_by_msisdn(&phone(i)).unwrap().unwrap();
        assert_eq!(member.name.as_deref(), Some(*name));
    }
    assert_eq!(store.count_products().unwrap(), HOSTILE.len() as u64);
    assert_eq!(store.count_members().unwrap(), HOSTILE.len() as u64);
    // Search text is data too: quotes and LIKE wildcards match only themselves.
    for (i, name) in HOSTILE.iter().enumerate() {
        let found = store.search_products(name, 50).unwrap();
        assert!(
            found.iter().any(|p| p.gtin == gtin(i).normalized()),
            "{name:?}"
        );
    }
    let wild = store.search_products("%", 50).unwrap();
    assert!(wild.iter().all(|p| p.name.contains('%')), "{wild:?}");
    // Export writes them back out as the same data.
    let mut out = Vec::new();
    store.export_products(&mut out).unwrap();
    let dir2 = tempfile::tempdir().unwrap();
    let mut again = Store::open(&dir2.path().join("again.sqlite")).unwrap();
    again
        .import_products(out.as_slice(), Country::Norway)
        .unwrap();
    for (i, name) in HOSTILE.iter().enumerate() {
        assert_eq!(
            again
                .product_by_gtin(&gtin(i))
                .unwrap()
                .unwrap()
                .product
                .name,
            *name
        );
    }
}

#[test]
fn hostile_names_never_put_control_characters_on_the_screen() {
    let (_dir, store) = hostile_store();
    for (i, name) in HOSTILE.iter().enumerate() {
        let mut s = till(Language::English, Environment::Test);
        // Every hostile product in the basket, this one last (selected, so in full view).
        for j in (0..HOSTILE.len()).filter(|j| *j != i).chain([i]) {
            let hit = store.product_by_gtin(&gtin(j)).unwrap().unwrap();
            send(
                &mut s,
                Msg::ProductLooked {
                    code: gtin(j),
                    result: Ok(Some(ProductHit {
                        quantity: Quantity::Pieces(1),
                        ..hit
                    })),
                },
            );
        }
        assert_eq!(s.basket.lines.len(), HOSTILE.len());
        identify(&mut s, Some(name));
        for (w, h) in [(120, 40), (80, 24), (60, 20), (200, 60)] {
            let term = render(&s, w, h);
            if let Some((x, y, sym)) = dangerous(term.backend().buffer()) {
                panic!("{name:?} put {sym} on the screen at {x},{y} ({w}x{h})");
            }
        }
        // The printable part of the name is still shown.
        let term = render(&s, 200, 60);
        let printable = VISIBLE[i];
        assert!(
            find(term.backend().buffer(), printable).is_some(),
            "{printable} of {name:?} not on screen"
        );
        pay_until_waiting(&mut s);
        authorize(&mut s);
        for (w, h) in [(120, 40), (80, 24)] {
            let term = render(&s, w, h);
            assert_eq!(
                dangerous(term.backend().buffer()),
                None,
                "{name:?} after payment"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_member_name_renders_without_control_characters(name in "(\\PC|\\p{Cc}|\u{1b}\\[[0-9;]{0,6}[A-Za-z]){1,60}") {
        let mut s = till(Language::Norwegian, Environment::Test);
        fill_basket(&mut s);
        identify(&mut s, Some(&name));
        let term = render(&s, 100, 30);
        prop_assert_eq!(dangerous(term.backend().buffer()), None);
    }
}
