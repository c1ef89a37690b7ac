//! Printer profiles: what differs between receipt printers (paper, columns, code page, cut,
//! drawer pulse, status support), one TOML file per model in `printer-profiles/`, compiled
//! into the binary like the scanner profiles.

use super::codepage::CodePage;
use serde::Deserialize;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cut {
    /// `GS V 66 n`: feed n lines, then cut leaving a hinge.
    Partial,
    /// `GS V 65 n`: feed, then cut through.
    Full,
    /// A printer without a cutter: feed only, the cashier tears.
    None,
}

/// Which level of the drawer's sense switch (connector pin 3) means "open"; drawers differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DrawerOpenLevel {
    High,
    Low,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrinterProfile {
    /// 1–64 of `a-z 0-9 -`; what `printer.profile` names.
    pub id: String,
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub model: String,
    /// The values were checked on the real printer.
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    pub notes: String,
    /// 58 or 80.
    pub paper_mm: u8,
    /// Characters per line in the normal font.
    pub columns: u8,
    pub code_page: CodePage,
    /// The `ESC t n` that selects `code_page` on this printer.
    pub code_page_number: u8,
    pub cut: Cut,
    /// Lines fed before the cut, so the last line clears the blade.
    #[serde(default = "default_feed")]
    pub feed_before_cut: u8,
    /// Drawer kick connector pin: 2 or 5.
    #[serde(default = "default_pin")]
    pub drawer_pin: u8,
    /// Pulse on and off time, in milliseconds (sent in units of 2 ms, at most 510).
    #[serde(default = "default_on")]
    pub drawer_on_ms: u16,
    #[serde(default = "default_off")]
    pub drawer_off_ms: u16,
    /// The printer answers `DLE EOT` status requests (paper, offline, drawer).
    #[serde(default)]
    pub status: bool,
    #[serde(default = "default_level")]
    pub drawer_open_level: DrawerOpenLevel,
}

fn default_feed() -> u8 {
    3
}
fn default_pin() -> u8 {
    2
}
fn default_on() -> u16 {
    50
}
fn default_off() -> u16 {
    500
}
fn default_level() -> DrawerOpenLevel {
    DrawerOpenLevel::High
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProfileError {
    #[error("printer profile {file}: {message}")]
    Parse { file: String, message: String },
    #[error("printer profile {file}: field `{field}`: {reason}")]
    Invalid {
        file: String,
        field: &'static str,
        reason: String,
    },
    #[error("no printer profile `{0}` (see `kasse printer list`)")]
    Unknown(String),
}

/// The profiles shipped in `printer-profiles/`.
const BUILTIN: &[(&str, &str)] = &[
    (
        "generic-58.toml",
        include_str!("../../printer-profiles/generic-58.toml"),
    ),
    (
        "generic-80.toml",
        include_str!("../../printer-profiles/generic-80.toml"),
    ),
    (
        "epson-tm-t20.toml",
        include_str!("../../printer-profiles/epson-tm-t20.toml"),
    ),
    (
        "epson-tm-t88.toml",
        include_str!("../../printer-profiles/epson-tm-t88.toml"),
    ),
    (
        "star-escpos.toml",
        include_str!("../../printer-profiles/star-escpos.toml"),
    ),
    (
        "bixolon-srp-350.toml",
        include_str!("../../printer-profiles/bixolon-srp-350.toml"),
    ),
];

/// The profile used when the config names none.
pub const DEFAULT_PROFILE: &str = "generic-80";

pub fn parse_profile(file: &str, text: &str) -> Result<PrinterProfile, ProfileError> {
    let p: PrinterProfile = toml::from_str(text).map_err(|e| ProfileError::Parse {
        file: file.to_string(),
        message: e.message().to_string(),
    })?;
    let invalid = |field, reason: &str| ProfileError::Invalid {
        file: file.to_string(),
        field,
        reason: reason.to_string(),
    };
    if p.id.is_empty()
        || p.id.len() > 64
        || !p
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid("id", "1 to 64 of a-z, 0-9 and -"));
    }
    if p.paper_mm != 58 && p.paper_mm != 80 {
        return Err(invalid("paper_mm", "58 or 80"));
    }
    if !(24..=64).contains(&p.columns) {
        return Err(invalid("columns", "24 to 64 characters per line"));
    }
    if p.drawer_pin != 2 && p.drawer_pin != 5 {
        return Err(invalid("drawer_pin", "2 or 5"));
    }
    for (field, ms) in [
        ("drawer_on_ms", p.drawer_on_ms),
        ("drawer_off_ms", p.drawer_off_ms),
    ] {
        if !(2..=510).contains(&ms) {
            return Err(invalid(field, "2 to 510 milliseconds"));
        }
    }
    if p.drawer_off_ms < p.drawer_on_ms {
        return Err(invalid(
            "drawer_off_ms",
            "at least drawer_on_ms (ESC/POS ignores a shorter off time)",
        ));
    }
    Ok(p)
}

pub fn builtin_profiles() -> Vec<PrinterProfile> {
    BUILTIN
        .iter()
        .map(|(file, text)| parse_profile(file, text).expect("shipped printer profiles are valid"))
        .collect()
}

pub fn find_profile(id: &str) -> Result<PrinterProfile, ProfileError> {
    builtin_profiles()
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| ProfileError::Unknown(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_profile_parses_and_says_whether_it_was_checked() {
        let all = builtin_profiles();
        assert_eq!(all.len(), 6);
        for p in &all {
            assert!(p.verified || !p.notes.is_empty(), "{} needs notes", p.id);
        }
        assert_eq!(find_profile("generic-58").unwrap().columns, 32);
    }

    #[test]
    fn a_bad_profile_names_its_field() {
        let text = "id = \"x\"\npaper_mm = 80\ncolumns = 48\ncode_page = \"pc865\"\n\
                    code_page_number = 5\ncut = \"partial\"\ndrawer_pin = 3\n";
        assert_eq!(
            parse_profile("x.toml", text).unwrap_err().to_string(),
            "printer profile x.toml: field `drawer_pin`: 2 or 5"
        );
        let typo = text.replace("drawer_pin = 3", "drawerpin = 2");
        assert!(parse_profile("x.toml", &typo)
            .unwrap_err()
            .to_string()
            .contains("unknown field `drawerpin`"));
    }
}
