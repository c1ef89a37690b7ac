//! Keyboard-wedge detection: random timed key sequences under random configs. Nothing typed is
//! lost or reordered: every character comes out once, either typed or inside a scan.
#![no_main]

use kasse::scanner::wedge::EndKey;
use kasse::scanner::{WedgeConfig, WedgeDetector, WedgeKey, WedgeOutput};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn config(u: &mut Unstructured<'_>) -> Result<WedgeConfig> {
    let mut end_keys = Vec::new();
    if u.arbitrary()? {
        end_keys.push(EndKey::Enter);
    }
    if u.arbitrary()? {
        end_keys.push(EndKey::Tab);
    }
    let mut remap = BTreeMap::new();
    for _ in 0..u.int_in_range(0u8..=3)? {
        remap.insert(u.arbitrary::<char>()?, u.arbitrary::<char>()?);
    }
    Ok(WedgeConfig {
        max_interkey: Duration::from_millis(u64::from(u.int_in_range(1u8..=100)?)),
        min_len: u.int_in_range(0..=12)?,
        max_len: u.int_in_range(0..=64)?,
        end_keys,
        remap,
        aim_strip: u.arbitrary()?,
        ..WedgeConfig::default()
    })
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let cfg = config(&mut u)?;
    let remapped = !cfg.remap.is_empty();
    let mut det: WedgeDetector<u8> = WedgeDetector::new(cfg);
    let mut now = Instant::now();
    let mut typed_in = 0usize;
    let mut out = Vec::new();
    let mut others_in = Vec::new();
    while !u.is_empty() {
        now += Duration::from_millis(u64::from(u.int_in_range(0u8..=120)?));
        let key = match u.int_in_range(0u8..=9)? {
            0 => WedgeKey::Enter,
            1 => WedgeKey::Tab,
            2 => {
                let k: u8 = u.arbitrary()?;
                others_in.push(k);
                WedgeKey::Other(k)
            }
            _ => {
                typed_in += 1;
                WedgeKey::Char(u.arbitrary()?)
            }
        };
        if u.ratio(1, 8)? {
            out.extend(det.tick(now));
        }
        out.extend(det.key(key, now));
    }
    if let Some(deadline) = det.deadline() {
        out.extend(det.tick(deadline));
    }
    assert!(det.deadline().is_none());
    let mut chars_out = 0usize;
    let mut others_out = Vec::new();
    for o in &out {
        match o {
            WedgeOutput::Typed(WedgeKey::Char(_)) => chars_out += 1,
            WedgeOutput::Typed(WedgeKey::Other(k)) => others_out.push(*k),
            WedgeOutput::Typed(_) => {}
            WedgeOutput::Scan(s) => {
                chars_out += String::from_utf8_lossy(&s.raw).chars().count();
                assert!(remapped || s.raw.len() >= s.payload.len());
            }
        }
    }
    assert_eq!(chars_out, typed_in, "characters lost or duplicated");
    assert_eq!(others_out, others_in, "other keys lost or reordered");
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
