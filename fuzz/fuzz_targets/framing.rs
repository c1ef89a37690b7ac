//! Scanner framing: random framing configs (and the built-in profiles') fed random chunks at
//! random times. Besides not panicking, every payload must be bounded and free of control bytes.
#![no_main]

use kasse::scanner::{builtin_profiles, Framer, FramingConfig, Symbology, Terminator};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Parsing the built-in profiles costs far more than one input: do it once.
fn profiles() -> &'static [FramingConfig] {
    static P: OnceLock<Vec<FramingConfig>> = OnceLock::new();
    P.get_or_init(|| builtin_profiles().into_iter().map(|p| p.framing).collect())
}

fn config(u: &mut Unstructured<'_>) -> Result<FramingConfig> {
    let profiles = profiles();
    let pick = u.choose_index(profiles.len() + 1)?;
    if let Some(p) = profiles.get(pick) {
        return Ok(p.clone());
    }
    let terminator = *u.choose(&[
        Terminator::Cr,
        Terminator::Lf,
        Terminator::CrLf,
        Terminator::Tab,
        Terminator::None,
    ])?;
    let idle = match u.int_in_range(0u16..=500)? {
        0 if terminator != Terminator::None => None,
        ms => Some(Duration::from_millis(u64::from(ms))),
    };
    let mut aim_allow = Vec::new();
    for _ in 0..u.int_in_range(0u8..=2)? {
        let id: [u8; 3] = [
            b']',
            u.int_in_range(b'A'..=b'z')?,
            u.int_in_range(b'0'..=b'9')?,
        ];
        if let Some(s) = Symbology::parse_prefix(&id) {
            aim_allow.push(s);
        }
    }
    let prefix_len = u.int_in_range(0..=3)?;
    let suffix_len = u.int_in_range(0..=3)?;
    Ok(FramingConfig {
        terminator,
        idle_timeout: idle,
        prefix: u.bytes(prefix_len)?.to_vec(),
        suffix: u.bytes(suffix_len)?.to_vec(),
        max_len: u.int_in_range(1..=300)?,
        aim_strip: u.arbitrary()?,
        aim_allow,
    })
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let cfg = config(&mut u)?;
    let max_len = cfg.max_len;
    let mut framer = Framer::new(cfg);
    let start = Instant::now();
    let mut now = start;
    while !u.is_empty() {
        now += Duration::from_millis(u64::from(u.int_in_range(0u16..=400)?));
        let n = u.int_in_range(0..=64)?;
        let chunk = u.bytes(n.min(u.len()))?;
        let mut results = framer.push(chunk, now);
        if u.ratio(1, 4)? {
            results.extend(framer.poll_idle(now + Duration::from_millis(250)));
        }
        if u.ratio(1, 50)? {
            framer.reset();
        }
        for frame in results.into_iter().flatten() {
            assert!(!frame.payload.is_empty());
            assert!(frame.payload.len() <= max_len);
            assert!(frame
                .payload
                .chars()
                .all(|c| !c.is_control() || c == '\u{1d}'));
        }
    }
    if let Some(deadline) = framer.deadline() {
        let _ = framer.poll_idle(deadline);
        assert!(framer.deadline().is_none());
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
