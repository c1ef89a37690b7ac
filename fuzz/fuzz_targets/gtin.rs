//! Barcodes: any text parses or fails; a parsed GTIN's normal form and in-store parts are GTINs.
#![no_main]

use kasse::domain::Gtin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(g) = Gtin::parse(text) {
        let n = g.normalized();
        assert_eq!(Gtin::parse(n.as_str()).as_ref(), Ok(&n));
        if let Some((base, value)) = g.in_store_parts() {
            assert_eq!(Gtin::parse(base.as_str()).as_ref(), Ok(&base));
            assert!(value <= 99_999);
        }
    }
});
