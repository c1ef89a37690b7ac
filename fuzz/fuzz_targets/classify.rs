//! Scan classification: any text (valid UTF-8 or not, converted lossily as the scanner layer
//! never does, to reach odd code points) is classified without panicking, and what it claims holds.
#![no_main]

use kasse::domain::{classify, Gtin, ScanKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match classify(&text) {
        ScanKind::Product(g) => {
            assert_eq!(Gtin::parse(g.as_str()).as_ref(), Ok(&g));
        }
        ScanKind::PersonalQr { raw, .. } => assert!(!raw.is_empty()),
        ScanKind::Unknown(why) => assert!(!why.to_string().is_empty()),
    }
});
