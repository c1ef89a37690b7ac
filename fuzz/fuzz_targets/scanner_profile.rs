//! Scanner profile files (a shop can drop its own in the profile directory): any text parses to a
//! profile or a typed error; a profile that parses frames and detects without panicking. Seeded
//! from the built-in profiles by run.sh.
#![no_main]

use kasse::scanner::{parse_profile, Framer, WedgeDetector, WedgeKey};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::time::{Duration, Instant};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(profile) = parse_profile(text, Path::new("fuzz.toml")) else {
        return;
    };
    let now = Instant::now();
    let mut framer = Framer::new(profile.framing.clone());
    let _ = framer.push(b"]E05901234123457\r\n\t", now);
    let _ = framer.poll_idle(now + Duration::from_secs(5));
    let mut wedge: WedgeDetector<()> = WedgeDetector::new(profile.wedge.clone());
    for c in "]E05901234123457".chars() {
        let _ = wedge.key(WedgeKey::Char(c), now);
    }
    let _ = wedge.key(WedgeKey::Enter, now);
    let _ = wedge.key(WedgeKey::Tab, now);
    let _ = wedge.tick(now + Duration::from_secs(5));
});
