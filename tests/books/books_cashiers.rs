//! Cashiers on a real SQLite file: added with a salted slow PIN hash, signed in by id and PIN,
//! disabled but never deleted.

use crate::books_support;

use books_support::*;
use kasse::books::cashiers::{self, Role};
use rusqlite::Connection;

#[test]
fn a_cashier_signs_in_with_id_and_pin_and_a_disabled_one_cannot() {
    let (_dir, path) = temp_db();
    let (mut store, _signer) = open(&path);
    cashiers::add(&mut store, "1", "Kari Nordmann", "4711", Role::Owner).unwrap();
    cashiers::add(&mut store, "2", "Ola", "0000", Role::Cashier).unwrap();
    let dup = cashiers::add(&mut store, "1", "Kari igjen", "1234", Role::Cashier).unwrap_err();
    assert!(dup.to_string().contains("exists already"));
    assert!(cashiers::add(&mut store, "3", "Per", "12", Role::Cashier).is_err());

    let kari = cashiers::sign_in(&store, "1", "4711").unwrap().unwrap();
    assert_eq!(
        (kari.name.as_str(), kari.role),
        ("Kari Nordmann", Role::Owner)
    );
    assert!(cashiers::sign_in(&store, "1", "4712").unwrap().is_none());
    assert!(cashiers::sign_in(&store, "9", "4711").unwrap().is_none());

    cashiers::disable(&mut store, "2").unwrap();
    assert!(cashiers::sign_in(&store, "2", "0000").unwrap().is_none());
    assert!(cashiers::disable(&mut store, "9").is_err());
    let list = cashiers::list(&store).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|c| c.id == "2" && c.disabled));
}

#[test]
fn the_pin_is_never_stored_as_it_is_and_cashiers_are_never_deleted() {
    let (_dir, path) = temp_db();
    let (mut store, _signer) = open(&path);
    cashiers::add(&mut store, "7", "Kari", "98765432", Role::Cashier).unwrap();
    drop(store);
    let raw = Connection::open(&path).unwrap();
    let hash: String = raw
        .query_row("SELECT pin_hash FROM cashiers WHERE id = '7'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(hash.starts_with("pbkdf2-sha256$"));
    assert!(!hash.contains("98765432"));
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.windows(8).any(|w| w == b"98765432"));
    assert!(raw.execute("DELETE FROM cashiers", []).is_err());
}
