//! Scanner profiles: every shipped file loads, bad files are refused naming file and field.

use kasse::scanner::{
    builtin_file_names, builtin_profiles, find_profile, load_profiles, profiles_for, ProfileError,
    Terminator, Transport,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scanner-profiles")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profiles")
}

#[test]
fn every_shipped_file_parses_and_is_built_in() {
    let mut from_files = load_profiles(&shipped_dir()).expect("shipped profiles load");
    let mut builtin = builtin_profiles();
    from_files.sort_by(|a, b| a.id.cmp(&b.id));
    builtin.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(from_files.len(), builtin.len());

    let mut on_disk: Vec<String> = std::fs::read_dir(shipped_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut compiled: Vec<String> = builtin_file_names().iter().map(|s| s.to_string()).collect();
    compiled.sort();
    assert_eq!(
        on_disk, compiled,
        "a shipped profile is missing from BUILTIN"
    );

    for (file, built) in from_files.iter().zip(&builtin) {
        assert_eq!(file.id, built.id);
        assert_eq!(file.framing, built.framing);
        if !file.verified {
            assert!(
                !file.notes.is_empty(),
                "{}: unverified without notes",
                file.id
            );
        }
    }
}

#[test]
fn the_required_models_are_shipped_with_their_facts() {
    let all = builtin_profiles();
    let get = |id: &str| find_profile(&all, id).unwrap();

    let voyager = get("honeywell-voyager-1450g-cdc");
    assert_eq!(voyager.transport, Transport::Serial);
    assert_eq!(voyager.matching.usb_vid, Some(0x0c2e));
    assert_eq!(voyager.serial.baud, 115200);
    assert_eq!(voyager.serial.to_string(), "115200 8N1");

    let ds4608 = get("zebra-ds4608-cdc");
    assert_eq!(ds4608.matching.usb_vid, Some(0x05e0));
    assert_eq!(ds4608.framing.terminator, Terminator::None);
    assert_eq!(ds4608.framing.idle_timeout, Some(Duration::from_millis(50)));

    assert_eq!(
        get("datalogic-quickscan-usbcom").framing.terminator,
        Terminator::CrLf
    );
    assert_eq!(get("newland-hr-cdc").matching.usb_pid, vec![0x8306, 0x0c06]);
    assert_eq!(
        get("generic-cdc-acm").matching.driver.as_deref(),
        Some("cdc_acm")
    );
    for id in [
        "generic-hid-wedge",
        "honeywell-xenon-1900-wedge",
        "zebra-ds2208-wedge",
    ] {
        let p = get(id);
        assert_eq!(p.transport, Transport::HidWedge, "{id}");
        assert_eq!(p.wedge.max_interkey, Duration::from_millis(50), "{id}");
        assert!(!p.verified, "{id}");
    }
    let xenon = get("honeywell-xenon-1900-wedge");
    assert_eq!(xenon.wedge.remap.get(&'Ø'), Some(&':'));
    assert!(!xenon.wedge.remap_verified);
    assert!(get("simulated").matching.is_empty(), "never auto-detected");
}

/// (fixture file, the field its error must name)
const BAD: [(&str, &str); 16] = [
    ("bad-aim.toml", "aim.allow"),
    ("bad-baud.toml", "serial.baud"),
    ("bad-gap.toml", "wedge.max_interkey_ms"),
    ("bad-id.toml", "id"),
    ("bad-missing-id.toml", "id"),
    ("bad-none-without-idle.toml", "framing.idle_timeout_ms"),
    ("bad-parity.toml", "serial.parity"),
    ("bad-pid-without-vid.toml", "match.usb_pid"),
    ("bad-remap.toml", "wedge.remap"),
    ("bad-section.toml", "sreial"),
    ("bad-syntax.toml", "serial.baud"),
    ("bad-terminator.toml", "framing.terminator"),
    ("bad-transport.toml", "transport"),
    ("bad-type.toml", "serial.baud"),
    ("bad-unknown-field.toml", "serial.baudrate"),
    ("bad-vid.toml", "match.usb_vid"),
];

#[test]
fn every_bad_fixture_fails_naming_file_and_field() {
    let mut fixture_files: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    fixture_files.sort();
    let covered: Vec<String> = BAD.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(fixture_files, covered, "every fixture has an expectation");

    for (file, field) in BAD {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(fixtures().join(file), dir.path().join(file)).unwrap();
        let err = load_profiles(dir.path()).expect_err(file);
        let msg = err.to_string();
        match &err {
            ProfileError::Invalid { field: named, .. } => assert_eq!(named, field, "{msg}"),
            other => panic!("{file}: {other:?}"),
        }
        assert!(msg.contains(file), "{msg}");
        assert!(msg.contains(&format!("`{field}`")), "{msg}");
        assert!(!msg.contains('\n'), "one line: {msg}");
    }
}

#[test]
fn directory_profiles_add_to_and_replace_the_built_ins() {
    let dir = tempfile::tempdir().unwrap();
    let own =
        "id = \"simulated\"\ntransport = \"serial\"\nnotes = \"mine\"\n\n[serial]\nbaud = 19200\n";
    std::fs::write(dir.path().join("sim.toml"), own).unwrap();
    let extra = "id = \"till-3-scanner\"\ntransport = \"serial\"\n\n[match]\nusb_vid = 0x1234\n";
    std::fs::write(dir.path().join("extra.toml"), extra).unwrap();
    std::fs::write(dir.path().join("README.md"), "not a profile").unwrap();

    let all = profiles_for(dir.path()).unwrap();
    assert_eq!(all.len(), builtin_profiles().len() + 1);
    let sim = find_profile(&all, "simulated").unwrap();
    assert_eq!(sim.serial.baud, 19200);
    assert_eq!(sim.notes, "mine");
    assert!(find_profile(&all, "till-3-scanner").is_ok());

    let missing = profiles_for(&dir.path().join("nope")).unwrap();
    assert_eq!(missing.len(), builtin_profiles().len());

    let err = find_profile(&all, "honeywell-1450")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("honeywell-1450") && err.contains("generic-cdc-acm"),
        "{err}"
    );
}

#[test]
fn duplicate_ids_in_one_directory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.toml", "b.toml"] {
        std::fs::write(
            dir.path().join(name),
            "id = \"same\"\ntransport = \"serial\"\n",
        )
        .unwrap();
    }
    let msg = load_profiles(dir.path()).unwrap_err().to_string();
    assert!(
        msg.contains("b.toml") && msg.contains("a.toml") && msg.contains("same"),
        "{msg}"
    );
}
