//! CSV import: random files into a real SQLite database (on tmpfs when there is one). An import
//! either writes every row or none (checked by counting), and never panics.
#![no_main]

use kasse::domain::Country;
use kasse::store::Store;
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static STORE: RefCell<Option<(tempfile::TempDir, Store)>> = const { RefCell::new(None) };
}

fn open() -> Option<(tempfile::TempDir, Store)> {
    let base = std::path::Path::new("/dev/shm");
    let dir = if base.is_dir() {
        tempfile::tempdir_in(base).ok()?
    } else {
        tempfile::tempdir().ok()?
    };
    let store = Store::open(&dir.path().join("fuzz.db")).ok()?;
    Some((dir, store))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    STORE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = open();
        }
        let Some((_, store)) = slot.as_mut() else {
            return;
        };
        // A header so that random rows get past the first check most of the time.
        let mut file = Vec::new();
        if selector & 2 == 0 {
            file.extend_from_slice(if selector & 1 == 0 {
                b"phone,name,email,sub,enrolled_at\n".as_slice()
            } else {
                b"gtin,name,price,vat,unit,variable\n".as_slice()
            });
        }
        file.extend_from_slice(body);
        let country =
            [Country::Norway, Country::Denmark, Country::Finland][usize::from(selector >> 2) % 3];
        let counts = |s: &Store| (s.count_members().ok(), s.count_products().ok());
        let before = counts(store);
        let (members, result) = if selector & 1 == 0 {
            (true, store.import_members(file.as_slice(), country))
        } else {
            (false, store.import_products(file.as_slice(), country))
        };
        let after = counts(store);
        match result {
            // All or nothing: a refused file leaves no row behind.
            Err(_) => assert_eq!(before, after),
            Ok(summary) => {
                let (b, a) = if members {
                    (before.0, after.0)
                } else {
                    (before.1, after.1)
                };
                if let (Some(b), Some(a)) = (b, a) {
                    assert_eq!(a, b + summary.added as u64);
                }
            }
        }
    });
});
