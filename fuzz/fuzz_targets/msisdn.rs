//! Phone numbers: any text with each default country parses or fails with a typed error, and a
//! parsed number survives its own pretty form and its bare digits.
#![no_main]

use kasse::domain::{Country, Msisdn};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for country in [Country::Norway, Country::Denmark, Country::Finland] {
        if let Ok(m) = Msisdn::parse(text, country) {
            assert!(m.as_str().bytes().all(|b| b.is_ascii_digit()));
            let _ = m.masked();
            assert_eq!(Msisdn::parse(&m.pretty(), country).as_ref(), Ok(&m));
            assert_eq!(
                Msisdn::parse(&format!("+{}", m.as_str()), country).as_ref(),
                Ok(&m)
            );
        }
    }
});
