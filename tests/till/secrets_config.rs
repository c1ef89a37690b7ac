//! A config file that others can read draws a warning (used by `kasse doctor` and logged by the
//! till at start); a private one does not.

#![cfg(unix)]

use kasse::config::{permission_warning, Config};
use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;

const WITH_SECRETS: &str = "environment = \"test\"\n\
    [shop]\nname = \"Butikk\"\ncountry = \"NO\"\npos_id = \"k1\"\n\
    [vipps]\nclient_id = \"id-1\"\nclient_secret = \"cs-very-secret-1234\"\n\
    subscription_key = \"sk-very-secret-5678\"\nmsn = \"123456\"\n";

#[test]
fn a_config_file_open_to_others_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kasse.toml");
    std::fs::write(&path, WITH_SECRETS).unwrap();
    // The file is one kasse accepts, so the warning is about a real, usable config.
    let c = Config::load(Some(&path)).unwrap();
    assert_eq!(c.source.as_deref(), Some(path.as_path()));

    for mode in [0o644, 0o640, 0o604, 0o660, 0o666, 0o700 | 0o004] {
        std::fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
        let w = permission_warning(&path).unwrap_or_else(|| panic!("no warning at {mode:o}"));
        assert!(w.contains("chmod 600"), "{w}");
        assert!(w.contains(&path.display().to_string()), "{w}");
        assert!(w.contains(&format!("{:03o}", mode & 0o777)), "{w}");
        assert!(!w.contains("cs-very-secret-1234") && !w.contains("sk-very-secret-5678"));
    }
    for mode in [0o600, 0o400, 0o700] {
        std::fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
        assert_eq!(permission_warning(&path), None, "{mode:o}");
    }
}

#[test]
fn no_file_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(permission_warning(&dir.path().join("missing.toml")), None);
}
