//! CSV import and export on a real SQLite file: all or nothing, line numbers, round trips.

use kasse::domain::{Country, Gtin, Msisdn, Quantity, Unit, VariableMeasure};
use kasse::store::{ImportError, MemberDirectory, Store, MAX_REPORTED_ROW_ERRORS};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kasse.sqlite")).unwrap();
    (dir, store)
}

fn phone(s: &str) -> Msisdn {
    Msisdn::parse(s, Country::Norway).unwrap()
}

const GOOD_MEMBERS: &str = "\
phone,name,email,sub,enrolled_at
91234567,Kari Nordmann,kari@example.no,sub-1,2024-05-01T12:00:00Z
+47 912 34 568,\"Hansen, Ola\",,,2024-05-02
# a comment line is skipped
0047 41234567,,,,
+4520123456,Søren Dansk,soren@example.dk,sub-2,
";

#[test]
fn good_member_file_is_imported() {
    let (_d, mut store) = store();
    let s = store
        .import_members(GOOD_MEMBERS.as_bytes(), Country::Norway)
        .unwrap();
    assert_eq!((s.added, s.updated), (4, 0));
    let kari = store.lookup(&phone("91234567")).unwrap().unwrap();
    assert_eq!(kari.name.as_deref(), Some("Kari Nordmann"));
    assert_eq!(kari.sub.as_deref(), Some("sub-1"));
    assert_eq!(kari.enrolled_at, 1_714_564_800);
    let ola = store.lookup(&phone("91234568")).unwrap().unwrap();
    assert_eq!(ola.name.as_deref(), Some("Hansen, Ola"));
    assert_eq!((ola.email, ola.sub), (None, None));
    assert_eq!(ola.enrolled_at, 1_714_608_000);
    let anon = store.lookup(&phone("41234567")).unwrap().unwrap();
    assert_eq!(anon.name, None);
    assert!(anon.enrolled_at > 1_700_000_000, "empty enrolled_at is now");
    assert!(store.lookup(&phone("+45 20 12 34 56")).unwrap().is_some());

    // Importing again updates, keeps the count.
    let s = store
        .import_members(GOOD_MEMBERS.as_bytes(), Country::Norway)
        .unwrap();
    assert_eq!((s.added, s.updated), (0, 4));
    assert_eq!(store.count_members().unwrap(), 4);
}

#[test]
fn bad_member_file_reports_every_bad_line_and_imports_nothing() {
    let (_d, mut store) = store();
    store
        .import_members(
            "phone,name,email,sub,enrolled_at\n92222222,Taken,,sub-taken,\n".as_bytes(),
            Country::Norway,
        )
        .unwrap();
    let bad = "\
phone,name,email,sub,enrolled_at
91234567,Good Row,,,
22123456,Landline,,,
91234568,Bad Mail,not-an-email,,
91234569,Bad Date,,,01.05.2024
91234567,Twice,,,
91234570,Too,few
91234571,Sub Thief,,sub-taken,
";
    let err = store
        .import_members(bad.as_bytes(), Country::Norway)
        .unwrap_err();
    let ImportError::Rows { errors, total } = &err else {
        panic!("expected row errors, got {err}");
    };
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
    assert_eq!(*total, 6);
    let text = err.to_string();
    assert!(
        text.contains("line 3: phone `22123456`: a Norwegian mobile number starts with 4 or 9"),
        "{text}"
    );
    assert!(text.contains("line 4: email `not-an-email`"), "{text}");
    assert!(text.contains("line 5: enrolled_at `01.05.2024`"), "{text}");
    assert!(
        text.contains("line 6: phone 4791234567 is also on line 2"),
        "{text}"
    );
    assert!(
        text.contains("line 7: 3 fields where the header has 5 columns"),
        "{text}"
    );
    assert!(
        text.contains("line 8: sub already belongs to another member"),
        "{text}"
    );
    assert!(text.contains("nothing was imported"), "{text}");
    // Not even the good row.
    assert_eq!(store.count_members().unwrap(), 1);
    assert!(store.lookup(&phone("91234567")).unwrap().is_none());
}

#[test]
fn many_bad_rows_are_reported_up_to_a_limit() {
    let (_d, mut store) = store();
    let mut file = String::from("phone,name,email,sub,enrolled_at\n");
    for _ in 0..(MAX_REPORTED_ROW_ERRORS + 25) {
        file.push_str("123,x,,,\n");
    }
    let err = store
        .import_members(file.as_bytes(), Country::Norway)
        .unwrap_err();
    let ImportError::Rows { errors, total } = &err else {
        panic!("{err}");
    };
    assert_eq!(errors.len(), MAX_REPORTED_ROW_ERRORS);
    assert_eq!(*total, MAX_REPORTED_ROW_ERRORS + 25);
    assert!(err.to_string().contains("… and 25 more"));
}

#[test]
fn header_and_empty_files_are_refused() {
    let (_d, mut store) = store();
    let err = store
        .import_members("msisdn,name\n91234567,x\n".as_bytes(), Country::Norway)
        .unwrap_err();
    assert!(matches!(err, ImportError::Header { .. }), "{err}");
    assert!(
        err.to_string().contains("column 1 is `msisdn`")
            && err.to_string().contains("required: phone; optional: name"),
        "{err}"
    );
    let err = store
        .import_products("".as_bytes(), Country::Norway)
        .unwrap_err();
    assert!(matches!(err, ImportError::Empty(_)), "{err}");
}

#[test]
fn members_export_round_trips() {
    let (_d, mut store) = store();
    store
        .import_members(GOOD_MEMBERS.as_bytes(), Country::Norway)
        .unwrap();
    let mut first = Vec::new();
    assert_eq!(store.export_members(&mut first).unwrap(), 4);

    let (_d2, mut other) = store_pair();
    // A Danish shop reads the file the same way: every number carries its country code.
    other
        .import_members(first.as_slice(), Country::Denmark)
        .unwrap();
    let mut second = Vec::new();
    other.export_members(&mut second).unwrap();
    assert_eq!(
        String::from_utf8(first.clone()).unwrap(),
        String::from_utf8(second).unwrap()
    );
    for m in store.list_members(100, 0).unwrap() {
        let o = other.lookup(&m.msisdn).unwrap().unwrap();
        assert_eq!(
            (o.name, o.email, o.sub, o.enrolled_at),
            (m.name, m.email, m.sub, m.enrolled_at)
        );
    }
    let text = String::from_utf8(first).unwrap();
    assert!(text.starts_with("phone,name,email,sub,enrolled_at\n"));
    assert!(text.contains("+4791234567,Kari Nordmann,kari@example.no,sub-1,2024-05-01T12:00:00Z\n"));
}

fn store_pair() -> (tempfile::TempDir, Store) {
    store()
}

const GOOD_PRODUCTS: &str = "\
gtin,name,price,vat,unit,variable
7038010009457,Lettmelk 1 l,\"24,90\",15,pcs,
036000291452,UPC item,19.9,25,pcs,
2100010000002,Bananer,\"29,90\",15,kg,weight
2200010000009,Reker,0,15,pcs,price
7040000000009,Kaffetrakter,3 199,25 %,pcs,
9770805393003,Avis,45,0,pcs,
7040000000016,Rar moms,10,\"11,11\",pcs,
";

#[test]
fn good_product_file_is_imported_and_resolves() {
    let (_d, mut store) = store();
    let s = store
        .import_products(GOOD_PRODUCTS.as_bytes(), Country::Norway)
        .unwrap();
    assert_eq!((s.added, s.updated), (7, 0));
    let milk = store
        .product_by_gtin(&Gtin::parse("7038010009457").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(milk.product.price, 2490);
    assert_eq!(milk.product.vat.basis_points(), 1500);
    let upc = store
        .product_by_gtin(&Gtin::parse("036000291452").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (upc.product.price, upc.product.gtin.as_str()),
        (1990, "0036000291452")
    );
    let machine = store
        .product_by_gtin(&Gtin::parse("7040000000009").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(machine.product.price, 319_900);
    let odd = store.search_products("rar", 5).unwrap();
    assert_eq!(odd[0].vat.basis_points(), 1111);
    let bananas = store.search_products("banan", 5).unwrap();
    assert_eq!(
        (bananas[0].unit, bananas[0].variable),
        (Unit::Kilogram, Some(VariableMeasure::Weight))
    );
    let weighed = store
        .product_by_gtin(&Gtin::parse("2100010012340").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(weighed.quantity, Quantity::Grams(1234));
}

#[test]
fn bad_product_file_reports_reasons_and_imports_nothing() {
    let (_d, mut store) = store();
    let bad = "\
gtin,name,price,vat,unit,variable
7038010009457,Good,\"24,90\",15,pcs,
7038010009458,Bad check digit,1,15,pcs,
7040000000009,,1,15,pcs,
7040000000016,Bad price,\"24,999\",15,pcs,
7040000000023,Bad vat,1,101,pcs,
7040000000030,Bad unit,1,15,litre,
7040000000047,Bad variable,1,15,pcs,volume
7040000000054,Weight without in-store code,1,15,kg,weight
2100010012340,Value digits not zero,1,15,kg,weight
2100020000009,Weight by piece,1,15,pcs,weight
7038010009457,Duplicate,1,15,pcs,
7040000000061,Negative,-1,15,pcs,
";
    let err = store
        .import_products(bad.as_bytes(), Country::Norway)
        .unwrap_err();
    let ImportError::Rows { errors, .. } = &err else {
        panic!("{err}");
    };
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, (3..=13).collect::<Vec<u64>>(), "{err}");
    let text = err.to_string();
    for want in [
        "line 3: gtin `7038010009458`: check digit is 8, should be 7",
        "line 4: name is missing",
        "line 5: price `24,999` has more than two decimals",
        "line 6: vat `101` is above 100 %",
        "line 7: unit `litre` is not pcs or kg",
        "line 8: variable `volume`",
        "line 9: a weight item needs an in-store code",
        "line 10: a weight item needs an in-store code",
        "line 11: a weight item is priced per kg",
        "line 12: gtin 7038010009457 is also on line 2",
        "line 13: price `-1` is negative",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert_eq!(store.count_products().unwrap(), 0);
}

#[test]
fn products_export_round_trips_with_hostile_names() {
    let (_d, mut store) = store();
    store
        .import_products(GOOD_PRODUCTS.as_bytes(), Country::Norway)
        .unwrap();
    let hostile = "gtin,name,price,vat,unit,variable\n\
                   7040000000078,\"Robert'); DROP TABLE products;--\",1,25,pcs,\n\
                   7040000000085,\"\u{1b}[31mred\u{1b}[0m \"\"quoted\"\", comma\",2,25,pcs,\n";
    store
        .import_products(hostile.as_bytes(), Country::Norway)
        .unwrap();
    let names: Vec<String> = store
        .list_products(100, 0)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(names.contains(&"Robert'); DROP TABLE products;--".to_string()));
    assert!(names.contains(&"\u{1b}[31mred\u{1b}[0m \"quoted\", comma".to_string()));

    let mut first = Vec::new();
    assert_eq!(store.export_products(&mut first).unwrap(), 9);
    let (_d2, mut other) = store_pair();
    other
        .import_products(first.as_slice(), Country::Norway)
        .unwrap();
    let mut second = Vec::new();
    other.export_products(&mut second).unwrap();
    assert_eq!(first, second);
    assert_eq!(
        store.list_products(100, 0).unwrap(),
        other.list_products(100, 0).unwrap()
    );
}

#[test]
fn demo_seed_fills_empty_tables_once() {
    let (_d, mut store) = store();
    let seeded = store.seed_demo().unwrap();
    assert!(seeded.products >= 35, "{seeded:?}");
    assert_eq!(seeded.members, 2);
    assert!(store.lookup(&phone("91234567")).unwrap().is_some());
    assert!(store.lookup(&phone("91234568")).unwrap().is_some());
    assert!(store.lookup(&phone("91234569")).unwrap().is_none());
    let again = store.seed_demo().unwrap();
    assert_eq!((again.products, again.members), (0, 0));
    // The seed example's item, a weighed item, a price label and each VAT rate are there.
    let all = store.list_products(1000, 0).unwrap();
    assert!(all
        .iter()
        .any(|p| p.price == 319_900 && p.vat.basis_points() == 2500));
    assert!(all
        .iter()
        .any(|p| p.variable == Some(VariableMeasure::Weight)));
    assert!(all
        .iter()
        .any(|p| p.variable == Some(VariableMeasure::Price)));
    assert!(all.iter().any(|p| p.vat.basis_points() == 1500));
}

/// What Norwegian Excel saves: `;` between fields, Windows-1252 letters, the shop's own column
/// order and only the columns it needs.
#[test]
fn an_excel_file_with_semicolons_windows_1252_and_its_own_columns_is_imported() {
    let (_d, mut store) = store();
    let products =
        b"Name;Price;GTIN\r\nMj\xf8lk \xe6\xf8\xe5;24,90;7038010009457\r\n\"Br\xf8d; grovt\";39;7040000000016\r\n";
    let s = store
        .import_products(&products[..], Country::Finland)
        .unwrap();
    assert_eq!((s.added, s.updated), (2, 0));
    let milk = store
        .product_by_gtin(&Gtin::parse("7038010009457").unwrap())
        .unwrap()
        .unwrap()
        .product;
    assert_eq!((milk.name.as_str(), milk.price), ("Mjølk æøå", 2490));
    assert_eq!(milk.unit, Unit::Piece, "no unit column: sold by the piece");
    assert_eq!(
        milk.vat.basis_points(),
        Country::Finland.standard_vat_bp(),
        "no vat column: the shop's standard rate"
    );
    let bread = store.search_products("grovt", 5).unwrap();
    assert_eq!(bread[0].name, "Brød; grovt");

    let members = b"\xef\xbb\xbfnavn_ignored_no;phone\n".to_vec();
    let err = store
        .import_members(members.as_slice(), Country::Norway)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("line 1 (the header): column 1 is `navn_ignored_no`"),
        "{err}"
    );
    let s = store
        .import_members(
            "email;phone\nkari@example.no;912 34 567\n;41234567\n".as_bytes(),
            Country::Norway,
        )
        .unwrap();
    assert_eq!((s.added, s.updated), (2, 0));
}

#[test]
fn a_refused_file_says_the_line_the_column_and_what_was_expected() {
    let (_d, mut store) = store();
    let err = store
        .import_products(
            "gtin;name\n7038010009457;Melk\n".as_bytes(),
            Country::Norway,
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("the column `price` is missing")
            && err.to_string().contains("required: gtin, name, price"),
        "{err}"
    );
    let err = store
        .import_products(
            "gtin;name;price\n7038010009457;Melk;24,90;x\n7040000000016;Brød;tolv\n".as_bytes(),
            Country::Norway,
        )
        .unwrap_err();
    let err = err.to_string();
    assert!(
        err.contains("line 2: 4 fields where the header has 3 columns"),
        "{err}"
    );
    assert!(err.contains("line 3: price `tolv`"), "{err}");
    assert_eq!(store.count_products().unwrap(), 0, "all or nothing");
}
