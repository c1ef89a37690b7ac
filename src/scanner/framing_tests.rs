use super::*;

const QR: &str = "https://qr.vipps.no/28/2/01/031/4791234567?v=1";

fn t0() -> Instant {
    Instant::now()
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn framer(terminator: Terminator) -> Framer {
    Framer::new(FramingConfig {
        terminator,
        ..FramingConfig::default()
    })
}

fn payloads(results: &[FrameResult]) -> Vec<String> {
    results
        .iter()
        .map(|r| match r {
            Ok(f) => f.payload.clone(),
            Err(e) => format!("ERR {e}"),
        })
        .collect()
}

#[test]
fn every_terminator_style_ends_a_frame() {
    let cases = [
        (Terminator::Cr, "\r"),
        (Terminator::Cr, "\r\n"),
        (Terminator::Lf, "\n"),
        (Terminator::Lf, "\r\n"),
        (Terminator::CrLf, "\r\n"),
        (Terminator::Tab, "\t"),
    ];
    for (term, end) in cases {
        let mut f = framer(term);
        let input = format!("]Q1{QR}{end}]E07038010009457{end}");
        let out = f.push(input.as_bytes(), t0());
        assert_eq!(payloads(&out), [QR, "7038010009457"], "{term} with {end:?}");
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.symbology.unwrap().to_string(), "]Q1");
        assert!(!first.by_idle);
        assert_eq!(f.deadline(), None, "nothing pending after {term}");
    }
}

#[test]
fn no_terminator_ends_by_idle_timeout() {
    let start = t0();
    let mut f = Framer::new(FramingConfig {
        terminator: Terminator::None,
        idle_timeout: Some(ms(50)),
        ..FramingConfig::default()
    });
    assert!(f.push(b"]E4", start).is_empty());
    assert!(f.push(b"96385074", start + ms(10)).is_empty());
    assert_eq!(f.deadline(), Some(start + ms(60)));
    assert!(f.poll_idle(start + ms(59)).is_none());
    let frame = f.poll_idle(start + ms(60)).unwrap().unwrap();
    assert_eq!(frame.payload, "96385074");
    assert_eq!(frame.symbology.unwrap().name(), "EAN-8");
    assert!(frame.by_idle);
    assert!(f.poll_idle(start + ms(500)).is_none());
}

#[test]
fn a_late_chunk_closes_the_idle_frame_first() {
    let start = t0();
    let mut f = Framer::new(FramingConfig {
        terminator: Terminator::None,
        idle_timeout: Some(ms(50)),
        ..FramingConfig::default()
    });
    f.push(b"1111", start);
    let out = f.push(b"2222", start + ms(400));
    assert_eq!(payloads(&out), ["1111"]);
    assert_eq!(payloads(&[f.poll_idle(start + ms(450)).unwrap()]), ["2222"]);
}

#[test]
fn split_chunks_join_and_prefix_suffix_are_stripped() {
    let mut f = Framer::new(FramingConfig {
        terminator: Terminator::CrLf,
        prefix: vec![0x02],
        suffix: b"#".to_vec(),
        ..FramingConfig::default()
    });
    let input = format!("\u{2}]Q1{QR}#\r\n");
    let now = t0();
    let mut out = Vec::new();
    for chunk in input.as_bytes().chunks(3) {
        out.extend(f.push(chunk, now));
    }
    assert_eq!(payloads(&out), [QR]);
    assert_eq!(out[0].as_ref().unwrap().raw, input.as_bytes());
}

#[test]
fn aim_ids_are_kept_when_stripping_is_off() {
    let mut f = Framer::new(FramingConfig {
        aim_strip: false,
        ..FramingConfig::default()
    });
    let out = f.push(b"]C0ABC-123\r", t0());
    let frame = out[0].as_ref().unwrap();
    assert_eq!(frame.payload, "]C0ABC-123");
    assert_eq!(frame.symbology, None);
}

#[test]
fn disallowed_symbology_is_refused() {
    let mut f = Framer::new(FramingConfig {
        aim_allow: vec!["]Q1".parse().unwrap(), "]E0".parse().unwrap()],
        ..FramingConfig::default()
    });
    let out = f.push(b"]A0CODE39\r]E05901234123457\r", t0());
    match &out[0] {
        Err(e @ FrameError::Disallowed { .. }) => {
            assert!(e.to_string().contains("Code 39"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(payloads(&out[1..]), ["5901234123457"]);
}

#[test]
fn gs1_group_separator_is_data() {
    let mut f = framer(Terminator::Cr);
    let out = f.push(b"]d20107038010009457\x1d10ABC\r", t0());
    assert_eq!(payloads(&out), ["0107038010009457\u{1d}10ABC"]);
}

#[test]
fn noise_is_rejected_with_a_hint_and_the_stream_recovers() {
    let mut f = framer(Terminator::Cr);
    let out = f.push(b"\xfe\x80\x00\xff\r\x1b[2J\r7038010009457\r", t0());
    assert_eq!(out.len(), 3);
    for bad in &out[..2] {
        let msg = bad.as_ref().unwrap_err().to_string();
        assert!(msg.contains("baud rate"), "{msg}");
    }
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("fe 80 00 ff"));
    assert_eq!(payloads(&out[2..]), ["7038010009457"]);
}

#[test]
fn overlong_frame_is_refused_once_then_resynchronised() {
    let mut f = Framer::new(FramingConfig {
        max_len: 20,
        ..FramingConfig::default()
    });
    let now = t0();
    let mut out = f.push(&[b'9'; 30], now);
    out.extend(f.push(&[b'9'; 30], now));
    out.extend(f.push(b"99\r5901234123457\r", now));
    assert_eq!(out.len(), 2, "{out:?}");
    assert!(matches!(out[0], Err(FrameError::TooLong { max: 20, .. })));
    assert_eq!(payloads(&out[1..]), ["5901234123457"]);
}

#[test]
fn overlong_discard_also_ends_at_idle() {
    let start = t0();
    let mut f = Framer::new(FramingConfig {
        max_len: 16,
        idle_timeout: Some(ms(100)),
        ..FramingConfig::default()
    });
    assert_eq!(f.push(&[b'x'; 64], start).len(), 1);
    assert!(f.poll_idle(start + ms(100)).is_none());
    let out = f.push(b"5901234123457\r", start + ms(200));
    assert_eq!(payloads(&out), ["5901234123457"]);
}

#[test]
fn empty_frames_are_skipped() {
    let mut f = framer(Terminator::Lf);
    assert!(f.push(b"\n\r\n]Q1\n", t0()).is_empty());
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut seed = 0x2545_f491_u32;
    let start = t0();
    for term in [Terminator::Cr, Terminator::CrLf, Terminator::None] {
        let mut f = Framer::new(FramingConfig {
            terminator: term,
            max_len: 40,
            prefix: vec![0x02],
            suffix: vec![0x03],
            idle_timeout: Some(ms(5)),
            ..FramingConfig::default()
        });
        for i in 0..2000u64 {
            let chunk: Vec<u8> = (0..(i % 17))
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed & 0xff) as u8
                })
                .collect();
            let at = start + ms(i);
            let results = f.push(&chunk, at).into_iter().chain(f.poll_idle(at));
            for frame in results.flatten() {
                assert!(!frame.payload.is_empty());
                assert!(frame.payload.len() <= 40);
            }
        }
    }
}
