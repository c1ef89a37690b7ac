//! The store on a real SQLite file in a temp dir: schema, members, catalogue.

use kasse::domain::{
    Basket, Country, Currency, Gtin, Line, Member, MemberSource, Msisdn, Product, Quantity, Unit,
    VariableMeasure, VatRate,
};
use kasse::store::{migrations, JournalOp, MemberDirectory, Outcome, SaleState, Store, StoreError};
use std::path::PathBuf;

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("kasse.sqlite");
    (dir, path)
}

fn msisdn(s: &str) -> Msisdn {
    Msisdn::parse(s, Country::Norway).unwrap()
}

fn member(phone: &str, sub: Option<&str>, name: &str) -> Member {
    Member {
        msisdn: msisdn(phone),
        sub: sub.map(str::to_string),
        name: Some(name.to_string()),
        email: Some(format!("{}@example.no", name.to_lowercase())),
        enrolled_at: 1_700_000_000,
        source: MemberSource::Login,
        consents: Some(r#"{"email":true}"#.into()),
    }
}

/// Builds an EAN-13 from its first twelve digits.
fn ean(body: &str) -> Gtin {
    (0..10)
        .find_map(|c| Gtin::parse(&format!("{body}{c}")).ok())
        .unwrap()
}

fn product(
    gtin: &Gtin,
    name: &str,
    price: i64,
    unit: Unit,
    var: Option<VariableMeasure>,
) -> Product {
    Product {
        gtin: gtin.clone(),
        name: name.into(),
        price,
        vat: VatRate::from_basis_points(1500).unwrap(),
        unit,
        variable: var,
    }
}

#[test]
fn opens_with_wal_private_file_and_migrates_once() {
    let (_dir, path) = temp_db();
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
        assert_eq!(store.journal_mode().unwrap(), "wal");
        store
            .upsert_member(&member("91234567", None, "Kari"))
            .unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "database mode {mode:o}");
        let dir_mode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700, "directory mode {dir_mode:o}");
    }
    // Reopening applies nothing twice and keeps the data.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    assert_eq!(store.count_members().unwrap(), 1);
}

#[cfg(unix)]
#[test]
fn an_existing_world_readable_file_is_tightened() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = temp_db();
    let path = dir.path().join("loose.sqlite");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    Store::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_file_from_a_newer_kasse_is_refused() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite_conn(&path);
        conn.pragma_update(None, "user_version", migrations::LATEST + 1)
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
    assert!(err.to_string().contains("upgrade kasse"));
}

fn rusqlite_conn(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_error() {
    let (dir, _) = temp_db();
    let path = dir.path().join("garbage.sqlite");
    std::fs::write(&path, vec![0x42u8; 4096]).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("garbage.sqlite"), "{err}");
}

#[test]
fn members_lookup_by_phone_and_sub_upsert_and_forget() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let kari = member("91234567", Some("sub-kari"), "Kari");
    let ola = member("+47 912 34 568", None, "Ola");
    store.enrol(&kari).unwrap();
    store.enrol(&ola).unwrap();

    assert_eq!(
        store.lookup(&msisdn("4791234567")).unwrap(),
        Some(kari.clone())
    );
    assert_eq!(store.member_by_sub("sub-kari").unwrap(), Some(kari.clone()));
    assert_eq!(store.member_by_sub("nobody").unwrap(), None);
    assert_eq!(store.lookup(&msisdn("91234569")).unwrap(), None);

    let renamed = Member {
        name: Some("Kari N.".into()),
        ..kari.clone()
    };
    store.upsert_member(&renamed).unwrap();
    assert_eq!(store.count_members().unwrap(), 2);
    assert_eq!(
        store
            .member_by_msisdn(&kari.msisdn)
            .unwrap()
            .unwrap()
            .name
            .as_deref(),
        Some("Kari N.")
    );

    // A sub belongs to one person only.
    let thief = member("91234570", Some("sub-kari"), "Per");
    let err = store.upsert_member(&thief).unwrap_err();
    assert!(matches!(err, StoreError::SubInUse(_)), "{err}");

    let page = store.list_members(1, 1).unwrap();
    assert_eq!(page, vec![ola.clone()]);

    assert!(store.forget_member(&kari.msisdn).unwrap());
    assert!(!store.forget_member(&kari.msisdn).unwrap());
    assert_eq!(store.lookup(&kari.msisdn).unwrap(), None);
    assert_eq!(store.member_by_sub("sub-kari").unwrap(), None);
    assert_eq!(store.count_members().unwrap(), 1);
}

#[test]
fn forgetting_clears_the_number_from_finished_sales_and_journal() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let kari = member("91234567", None, "Kari");
    store.upsert_member(&kari).unwrap();
    let basket = Basket::new(Currency::Nok);
    store
        .create_sale("pos-till1-000001", "till1", 1, Some(&kari.msisdn), &basket)
        .unwrap();
    store
        .create_sale("pos-till1-000002", "till1", 2, Some(&kari.msisdn), &basket)
        .unwrap();
    store
        .set_sale_state("pos-till1-000001", SaleState::Cancelled)
        .unwrap();
    let body = format!(r#"{{"customer":{{"phoneNumber":"{}"}}}}"#, kari.msisdn);
    let id = store
        .journal_begin(JournalOp::Create, "pos-till1-000001", "k1", &body)
        .unwrap();
    store.journal_finish(id, &Outcome::Ok).unwrap();

    assert!(store.forget_member(&kari.msisdn).unwrap());
    let done = store
        .sale_by_reference("pos-till1-000001")
        .unwrap()
        .unwrap();
    assert_eq!(done.customer, None);
    let journal = store.journal_for("pos-till1-000001").unwrap();
    assert!(!journal[0].request.contains(kari.msisdn.as_str()));
    // The sale still in flight keeps the number until it is settled.
    let open = store
        .sale_by_reference("pos-till1-000002")
        .unwrap()
        .unwrap();
    assert_eq!(open.customer, Some(kari.msisdn));
}

#[test]
fn products_resolve_plain_upc_and_in_store_codes() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let milk = Gtin::parse("7038010009457").unwrap();
    let upc = Gtin::parse("036000291452").unwrap();
    let bananas = ean("210001000000");
    let shrimp = ean("220001000000");
    let bakery = ean("230001000000");
    let per_kg = ean("704110099999");
    store
        .upsert_product(&product(&milk, "Lettmelk", 2490, Unit::Piece, None))
        .unwrap();
    store
        .upsert_product(&product(&upc, "Import soda", 1990, Unit::Piece, None))
        .unwrap();
    store
        .upsert_product(&product(
            &bananas,
            "Bananer",
            2990,
            Unit::Kilogram,
            Some(VariableMeasure::Weight),
        ))
        .unwrap();
    store
        .upsert_product(&product(
            &shrimp,
            "Reker",
            0,
            Unit::Piece,
            Some(VariableMeasure::Price),
        ))
        .unwrap();
    store
        .upsert_product(&product(&bakery, "Fast brød", 3500, Unit::Piece, None))
        .unwrap();
    store
        .upsert_product(&product(&per_kg, "Løsvekt", 9900, Unit::Kilogram, None))
        .unwrap();

    let hit = store.product_by_gtin(&milk).unwrap().unwrap();
    assert_eq!(
        (hit.quantity, hit.price_override),
        (Quantity::Pieces(1), None)
    );
    assert_eq!(hit.line().unit_price, 2490);

    // UPC-A is stored and found in its EAN-13 form, whichever way it is scanned.
    let hit = store
        .product_by_gtin(&Gtin::parse("0036000291452").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(hit.product.name, "Import soda");
    assert_eq!(hit.product.gtin.as_str(), "0036000291452");

    // 1,234 kg of bananas at 29,90/kg.
    let hit = store
        .product_by_gtin(&ean("210001001234"))
        .unwrap()
        .unwrap();
    assert_eq!(hit.product.name, "Bananer");
    assert_eq!(hit.quantity, Quantity::Grams(1234));
    assert_eq!(hit.price_override, None);
    assert_eq!(hit.line().totals().total, 3690); // 2990 × 1.234 = 3689.66

    // A price label of 149,90.
    let hit = store
        .product_by_gtin(&ean("220001014990"))
        .unwrap()
        .unwrap();
    assert_eq!(hit.product.name, "Reker");
    assert_eq!(hit.price_override, Some(14990));
    let line: Line = hit.line();
    assert_eq!(
        (line.unit_price, line.quantity),
        (14990, Quantity::Pieces(1))
    );

    // A fixed-price item in the in-store range is found as itself, with any other value not.
    assert_eq!(
        store
            .product_by_gtin(&bakery)
            .unwrap()
            .unwrap()
            .product
            .name,
        "Fast brød"
    );
    assert_eq!(store.product_by_gtin(&ean("230001000100")).unwrap(), None);
    // Unknown in-store item, unknown product.
    assert_eq!(store.product_by_gtin(&ean("240001000100")).unwrap(), None);
    assert_eq!(store.product_by_gtin(&ean("704110000001")).unwrap(), None);

    // A per-kg item without a weight in its code: the till must ask for one.
    let hit = store.product_by_gtin(&per_kg).unwrap().unwrap();
    assert!(hit.needs_weight());
}

#[test]
fn search_is_case_insensitive_and_wildcards_are_literal() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    for (body, name) in [
        ("704110010001", "Epler RØDE"),
        ("704110010002", "Økologiske epler"),
        ("704110010003", "Rabatt 50% på alt"),
        ("704110010004", "Rabatt 500 kr"),
        ("704110010005", "snake_case"),
        ("704110010006", "snakeXcase"),
    ] {
        store
            .upsert_product(&product(&ean(body), name, 100, Unit::Piece, None))
            .unwrap();
    }
    let names = |q: &str| -> Vec<String> {
        store
            .search_products(q, 10)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(names("EPLER"), ["Epler RØDE", "Økologiske epler"]);
    assert_eq!(names("rød"), ["Epler RØDE"]);
    assert_eq!(names("øKO"), ["Økologiske epler"]);
    assert_eq!(names("50%"), ["Rabatt 50% på alt"]);
    assert_eq!(names("_"), ["snake_case"]);
    assert_eq!(store.search_products("e", 1).unwrap().len(), 1);
    assert_eq!(store.list_products(100, 0).unwrap().len(), 6);
}

#[test]
fn search_finds_by_ean_and_by_a_short_number_too() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    for (body, name) in [
        ("704110010001", "Epler"),
        ("704110020002", "Pærer"),
        ("704110030003", "Plommer 4011"),
    ] {
        store
            .upsert_product(&product(&ean(body), name, 100, Unit::Piece, None))
            .unwrap();
    }
    let names = |q: &str| -> Vec<String> {
        store
            .search_products(q, 10)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    // The whole EAN as printed under the bars.
    assert_eq!(names(ean("704110020002").as_str()), ["Pærer"]);
    // A part of the code (a PLU), or digits in a name.
    assert_eq!(names("10030"), ["Plommer 4011"]);
    assert_eq!(names("4011"), ["Plommer 4011"]);
    assert_eq!(names("4110").len(), 3);
    // Letters are never matched against codes.
    assert_eq!(names("epl"), ["Epler"]);
}

#[test]
fn hostile_strings_are_stored_verbatim() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let hostile = [
        "Robert'); DROP TABLE members;--",
        "\u{1b}[2J\u{1b}]0;pwned\u{7}",
        "\"quoted\", with comma\nand newline",
        "null\0byte",
        "ÆØÅ 🧾 \u{202e}reversed",
    ];
    for (i, name) in hostile.iter().enumerate() {
        let m = Member {
            name: Some(name.to_string()),
            sub: Some(format!("'; DELETE FROM members; -- {i}")),
            ..member(&format!("9123456{i}"), None, "x")
        };
        store.upsert_member(&m).unwrap();
        assert_eq!(store.lookup(&m.msisdn).unwrap(), Some(m.clone()));
        let p = product(
            &ean(&format!("70411002000{i}")),
            name,
            100,
            Unit::Piece,
            None,
        );
        store.upsert_product(&p).unwrap();
        assert_eq!(store.product_by_gtin(&p.gtin).unwrap().unwrap().product, p);
    }
    assert_eq!(store.count_members().unwrap(), hostile.len() as u64);
    assert_eq!(store.search_products("DROP TABLE", 10).unwrap().len(), 1);
}

#[test]
fn bulk_upsert_is_all_or_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let many: Vec<Member> = (0..1000)
        .map(|i| {
            member(
                &format!("4{:07}", 1_000_000 + i),
                Some(&format!("sub-{i}")),
                "Bulk",
            )
        })
        .collect();
    store.upsert_members(&many).unwrap();
    assert_eq!(store.count_members().unwrap(), 1000);
    assert_eq!(
        store.lookup(&many[500].msisdn).unwrap(),
        Some(many[500].clone())
    );

    let clash = vec![
        member("91234567", Some("new-sub"), "New"),
        member("91234568", Some("sub-3"), "Clash"),
    ];
    let err = store.upsert_members(&clash).unwrap_err();
    assert!(matches!(err, StoreError::SubInUse(_)), "{err}");
    assert_eq!(store.count_members().unwrap(), 1000);
    assert_eq!(store.lookup(&clash[0].msisdn).unwrap(), None);
}

#[test]
fn variable_items_must_sit_at_an_in_store_base_code() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let cases = [
        (
            ean("704110010001"),
            Unit::Kilogram,
            VariableMeasure::Weight,
            "in-store code",
        ),
        (
            ean("210001001234"),
            Unit::Kilogram,
            VariableMeasure::Weight,
            "in-store code",
        ),
        (
            ean("210001000000"),
            Unit::Piece,
            VariableMeasure::Weight,
            "unit must be kg",
        ),
        (
            ean("220001000000"),
            Unit::Kilogram,
            VariableMeasure::Price,
            "unit must be pcs",
        ),
    ];
    for (gtin, unit, var, reason) in cases {
        let err = store
            .upsert_product(&product(&gtin, "x", 100, unit, Some(var)))
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidProduct(_)), "{err}");
        assert!(err.to_string().contains(reason), "{gtin}: {err}");
    }
    let err = store
        .upsert_product(&product(&ean("704110010001"), "x", -1, Unit::Piece, None))
        .unwrap_err();
    assert!(matches!(err, StoreError::NegativeAmount(_)), "{err}");
    assert_eq!(store.count_products().unwrap(), 0);
}
