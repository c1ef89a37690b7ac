//! The keyboard-wedge burst detector, driven with timed key sequences (synthetic instants).

use kasse::domain::{classify, ScanKind};
use kasse::scanner::{
    builtin_profiles, find_profile, ScanSource, WedgeConfig, WedgeDetector, WedgeKey, WedgeOutput,
};
use std::time::{Duration, Instant};

const QR: &str = "https://qr.vipps.no/28/2/01/031/4791234567?v=1";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn wedge(id: &str) -> WedgeConfig {
    find_profile(&builtin_profiles(), id).unwrap().wedge.clone()
}

/// Type `text` then `end` starting at `at`, one key every `step`; returns the outputs and the
/// time of the last key.
fn type_keys(
    det: &mut WedgeDetector,
    text: &str,
    end: Option<WedgeKey>,
    at: Instant,
    step: Duration,
) -> (Vec<WedgeOutput>, Instant) {
    let mut out = Vec::new();
    let mut t = at;
    for c in text.chars() {
        out.extend(det.key(WedgeKey::Char(c), t));
        t += step;
    }
    if let Some(k) = end {
        out.extend(det.key(k, t));
    }
    (out, t)
}

fn typed(out: &[WedgeOutput]) -> String {
    out.iter()
        .map(|o| match o {
            WedgeOutput::Typed(WedgeKey::Char(c)) => c.to_string(),
            WedgeOutput::Typed(WedgeKey::Enter) => "⏎".into(),
            WedgeOutput::Typed(WedgeKey::Tab) => "⇥".into(),
            WedgeOutput::Typed(WedgeKey::Other(())) => "◆".into(),
            WedgeOutput::Scan(s) => format!("[scan {}]", s.payload),
        })
        .collect()
}

#[test]
fn a_fast_burst_ended_by_enter_is_one_scan_and_the_enter_is_swallowed() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let start = Instant::now();
    let (out, end) = type_keys(&mut det, QR, Some(WedgeKey::Enter), start, ms(3));
    assert_eq!(out.len(), 1, "{}", typed(&out));
    match &out[0] {
        WedgeOutput::Scan(scan) => {
            assert_eq!(scan.payload, QR);
            assert_eq!(scan.source, ScanSource::Wedge);
            assert_eq!(scan.at, end);
            assert_eq!(scan.symbology, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(det.deadline(), None);
    assert!(det.tick(end + ms(1000)).is_empty(), "nothing left over");
}

#[test]
fn slow_typing_passes_through_in_order_with_its_enter() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let start = Instant::now();
    let (out, _) = type_keys(&mut det, "91234567", Some(WedgeKey::Enter), start, ms(140));
    assert_eq!(typed(&out), "91234567⏎");
}

#[test]
fn held_characters_are_released_after_one_gap() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let start = Instant::now();
    // Two keys in quick succession (a rollover): held, since they might start a scan.
    assert!(det.key(WedgeKey::Char('4'), start).is_empty());
    assert!(det.key(WedgeKey::Char('2'), start + ms(20)).is_empty());
    assert_eq!(det.deadline(), Some(start + ms(70)));
    assert!(det.tick(start + ms(69)).is_empty());
    assert_eq!(typed(&det.tick(start + ms(70))), "42");
    assert_eq!(det.deadline(), None);
}

#[test]
fn a_fast_short_entry_is_typing_not_a_scan() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let (out, _) = type_keys(
        &mut det,
        "12",
        Some(WedgeKey::Enter),
        Instant::now(),
        ms(10),
    );
    assert_eq!(typed(&out), "12⏎");
}

#[test]
fn a_burst_that_stalls_before_enter_is_typing() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let start = Instant::now();
    let (mut out, last) = type_keys(&mut det, "7038010009457", None, start, ms(2));
    out.extend(det.key(WedgeKey::Enter, last + ms(200)));
    assert_eq!(typed(&out), "7038010009457⏎");
}

#[test]
fn typing_then_a_scan_then_typing_stay_apart() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let start = Instant::now();
    let (mut out, t) = type_keys(&mut det, "2", None, start, ms(0));
    let (scan, t) = type_keys(
        &mut det,
        "7038010009457",
        Some(WedgeKey::Enter),
        t + ms(300),
        ms(4),
    );
    out.extend(scan);
    let (after, t) = type_keys(&mut det, "x", None, t + ms(250), ms(0));
    out.extend(after);
    out.extend(det.tick(t + ms(50)));
    assert_eq!(typed(&out), "2[scan 7038010009457]x");
}

#[test]
fn a_key_pressed_during_a_scan_does_not_break_it() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let start = Instant::now();
    let (mut out, t) = type_keys(&mut det, "https://qr.vipps", None, start, ms(3));
    // The cashier hits an arrow key mid-scan: it goes through at once...
    out.extend(det.key(WedgeKey::Other(()), t));
    let (rest, _) = type_keys(
        &mut det,
        ".no/28/2/01/031/4791234567?v=1",
        Some(WedgeKey::Enter),
        t + ms(3),
        ms(3),
    );
    out.extend(rest);
    // ...the scan arrives whole, with no stray characters, and the key right after it.
    assert_eq!(typed(&out), format!("[scan {QR}]◆"));
}

#[test]
fn other_keys_keep_their_place_in_fast_typing() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let start = Instant::now();
    let (mut out, t) = type_keys(&mut det, "12", None, start, ms(20));
    out.extend(det.key(WedgeKey::Other(()), t));
    out.extend(det.key(WedgeKey::Char('3'), t + ms(10)));
    out.extend(det.key(WedgeKey::Other(()), t + ms(20)));
    assert_eq!(det.deadline(), Some(t + ms(60)));
    out.extend(det.tick(t + ms(60)));
    assert_eq!(typed(&out), "12◆3◆");
    // With nothing held, a key goes straight through.
    assert_eq!(typed(&det.key(WedgeKey::Other(()), t + ms(500))), "◆");
}

#[test]
fn tab_ends_a_scan_only_where_the_profile_says_so() {
    let start = Instant::now();
    let mut generic = WedgeDetector::new(wedge("generic-hid-wedge"));
    let (out, _) = type_keys(
        &mut generic,
        "5901234123457",
        Some(WedgeKey::Tab),
        start,
        ms(2),
    );
    assert_eq!(typed(&out), "[scan 5901234123457]");

    let mut xenon = WedgeDetector::new(wedge("honeywell-xenon-1900-wedge"));
    let (mut out, t) = type_keys(
        &mut xenon,
        "5901234123457",
        Some(WedgeKey::Tab),
        start,
        ms(2),
    );
    out.extend(xenon.tick(t + ms(50)));
    assert_eq!(typed(&out), "5901234123457⇥");
}

#[test]
fn aim_identifiers_are_stripped_when_the_profile_says_so() {
    let mut det = WedgeDetector::new(WedgeConfig::default());
    let (out, _) = type_keys(
        &mut det,
        "]E05901234123457",
        Some(WedgeKey::Enter),
        Instant::now(),
        ms(1),
    );
    match &out[..] {
        [WedgeOutput::Scan(s)] => {
            assert_eq!(s.payload, "5901234123457");
            assert_eq!(s.symbology.map(|s| s.to_string()).as_deref(), Some("]E0"));
        }
        other => panic!("{other:?}"),
    }
}

/// The key rows of the US and Norwegian layouts, unshifted and shifted, position by position.
/// `\0` marks a Norwegian dead key (it produces nothing by itself).
const US_ROWS: [&str; 8] = [
    "`1234567890-=",
    "~!@#$%^&*()_+",
    "qwertyuiop[]",
    "QWERTYUIOP{}",
    "asdfghjkl;'\\",
    "ASDFGHJKL:\"|",
    "zxcvbnm,./",
    "ZXCVBNM<>?",
];
const NO_ROWS: [&str; 8] = [
    "|1234567890+\\",
    "§!\"#¤%&/()=?\0",
    "qwertyuiopå\0",
    "QWERTYUIOPÅ\0",
    "asdfghjkløæ'",
    "ASDFGHJKLØÆ*",
    "zxcvbnm,.-",
    "ZXCVBNM;:_",
];

/// What a US-layout scanner's keystrokes for `c` become on a Norwegian host.
fn us_on_no(c: char) -> Option<char> {
    US_ROWS.iter().zip(NO_ROWS).find_map(|(us, no)| {
        let i = us.chars().position(|u| u == c)?;
        no.chars().nth(i).filter(|&n| n != '\0')
    })
}

#[test]
fn the_norwegian_remap_undoes_every_movable_us_key() {
    let remap = wedge("honeywell-xenon-1900-wedge").remap;
    assert_eq!(remap, wedge("zebra-ds2208-wedge").remap);
    let mut moved = 0;
    for row in US_ROWS {
        for c in row.chars() {
            match us_on_no(c) {
                Some(n) if n != c => {
                    moved += 1;
                    assert_eq!(remap.get(&n), Some(&c), "US `{c}` arrives as `{n}`");
                }
                Some(_) => assert!(!remap.contains_key(&c), "`{c}` is not moved"),
                None => {} // a dead key: lost on the host, nothing to repair
            }
        }
    }
    assert_eq!(remap.len(), moved, "no entries beyond the moved keys");
}

#[test]
fn a_vipps_qr_damaged_by_the_norwegian_layout_is_repaired() {
    let damaged: String = QR.chars().map(|c| us_on_no(c).unwrap_or(c)).collect();
    assert_eq!(damaged, "httpsØ--qr.vipps.no-28-2-01-031-4791234567_v\\1");

    let mut det = WedgeDetector::new(wedge("honeywell-xenon-1900-wedge"));
    let (out, _) = type_keys(
        &mut det,
        &damaged,
        Some(WedgeKey::Enter),
        Instant::now(),
        ms(2),
    );
    let [WedgeOutput::Scan(scan)] = &out[..] else {
        panic!("{}", typed(&out));
    };
    assert_eq!(scan.payload, QR);
    assert_eq!(scan.raw, damaged.as_bytes());
    match classify(&scan.payload) {
        ScanKind::PersonalQr {
            msisdn: Some(m), ..
        } => assert_eq!(m.as_str(), "4791234567"),
        other => panic!("{other:?}"),
    }
}

/// The till's event loop and `kasse scanner probe` both put every terminal event through
/// `runtime::terminal::feed`. A terminal that reports releases and repeats (the kitty keyboard
/// protocol, Windows) used to break the probe's bursts while the till read them as scans; here
/// one stream goes through the one path and the result is what the till acts on.
#[test]
fn the_probe_and_the_till_read_one_key_stream_the_same() {
    use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    use kasse::runtime::terminal::{feed, till_key, typed_key};
    use kasse::till::Key;
    let press = |code, mods| KeyEvent::new(code, mods);
    let release = |code, mods| KeyEvent::new_with_kind(code, mods, KeyEventKind::Release);
    let t0 = Instant::now();
    let mut stream = Vec::new();
    // A scanner: every key pressed and released, Shift on the letters, Enter at the end.
    for c in "7038010009457X".chars() {
        let mods = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        stream.push(press(KeyCode::Char(c), mods));
        stream.push(release(KeyCode::Char(c), mods));
    }
    stream.push(press(KeyCode::Enter, KeyModifiers::NONE));
    stream.push(release(KeyCode::Enter, KeyModifiers::NONE));
    let burst = stream.len();
    // Then a person: F4, a Ctrl chord the till ignores, `4`, a repeat of it, Enter.
    stream.push(press(KeyCode::F(4), KeyModifiers::NONE));
    stream.push(press(KeyCode::Char('x'), KeyModifiers::CONTROL));
    stream.push(press(KeyCode::Char('4'), KeyModifiers::NONE));
    stream.push(KeyEvent::new_with_kind(
        KeyCode::Char('4'),
        KeyModifiers::NONE,
        KeyEventKind::Repeat,
    ));
    stream.push(press(KeyCode::Enter, KeyModifiers::NONE));

    let mut detector = WedgeDetector::<Key>::new(wedge("generic-hid-wedge"));
    let mut outputs = Vec::new();
    for (i, ev) in stream.iter().enumerate() {
        // 2 ms apart inside the burst, 400 ms apart for the person.
        let at = if i < burst {
            t0 + ms(2 * i as u64)
        } else {
            t0 + ms(2 * burst as u64 + 400 * (i - burst + 1) as u64)
        };
        outputs.extend(detector.tick(at));
        outputs.extend(feed(&mut detector, ev, at));
    }
    outputs.extend(detector.tick(t0 + ms(60_000)));

    let scans: Vec<&str> = outputs
        .iter()
        .filter_map(|o| match o {
            WedgeOutput::Scan(s) => Some(s.payload.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(scans, ["7038010009457X"], "{outputs:?}");
    let typed: Vec<Key> = outputs
        .into_iter()
        .filter_map(|o| match o {
            WedgeOutput::Typed(k) => Some(typed_key(k)),
            _ => None,
        })
        .collect();
    // The person's keys arrive as the till maps them one by one: the Ctrl chord not at all.
    let expected: Vec<Key> = stream[burst..].iter().filter_map(till_key).collect();
    assert_eq!(
        typed,
        [Key::F(4), Key::Char('4'), Key::Char('4'), Key::Enter]
    );
    assert_eq!(typed, expected);
}
