//! Scanner profiles: one TOML file per scanner model and mode (see `scanner-profiles/README.md`
//! for the schema). The shipped files are compiled in, so the till works from any directory;
//! files in the profile directory add to them or replace one with the same id.

use super::framing::FramingConfig;
use super::profile_file;
use super::wedge::WedgeConfig;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;
use tokio_serial::{DataBits, FlowControl, Parity, StopBits};

/// How the scanner reaches the till.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Transport {
    /// A serial port: USB-CDC (`/dev/ttyACM*`), USB-serial adapter or RS-232.
    #[serde(rename = "serial")]
    Serial,
    /// A USB keyboard: scans arrive as keystrokes in the terminal.
    #[serde(rename = "hid-wedge")]
    HidWedge,
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Serial => "serial",
            Transport::HidWedge => "hid-wedge",
        })
    }
}

/// Which serial ports a profile claims in auto-detection. Every given condition must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchRule {
    pub usb_vid: Option<u16>,
    /// Any of these product ids (empty: any product of the vendor).
    pub usb_pid: Vec<u16>,
    /// Kernel driver of the port, e.g. `cdc_acm`.
    pub driver: Option<String>,
    /// Case-insensitive part of the USB product string.
    pub product_contains: Option<String>,
}

impl MatchRule {
    /// True when the rule has no condition: the profile is only ever chosen by name.
    pub fn is_empty(&self) -> bool {
        self.usb_vid.is_none() && self.driver.is_none() && self.product_contains.is_none()
    }
}

/// Line settings for a serial profile. USB-CDC ignores them, but the port still needs values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialSettings {
    pub baud: u32,
    pub data_bits: DataBits,
    pub parity: Parity,
    pub stop_bits: StopBits,
    pub flow_control: FlowControl,
    /// Set DTR after opening (some scanners only send while DTR is up); `None` leaves it.
    pub dtr_on_open: Option<bool>,
}

impl fmt::Display for SerialSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parity = match self.parity {
            Parity::None => 'N',
            Parity::Odd => 'O',
            Parity::Even => 'E',
        };
        let stop = match self.stop_bits {
            StopBits::One => 1,
            StopBits::Two => 2,
        };
        write!(
            f,
            "{} {}{parity}{stop}",
            self.baud,
            u8::from(self.data_bits)
        )
    }
}

/// Where a profile was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary from `scanner-profiles/`.
    Builtin,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Builtin => f.write_str("built in"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// One scanner model and mode, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub vendor: String,
    pub model: String,
    pub transport: Transport,
    /// Whether the values were checked on real hardware.
    pub verified: bool,
    pub notes: String,
    /// How to put the scanner into this mode (programming codes, menu settings).
    pub setup: String,
    pub matching: MatchRule,
    pub serial: SerialSettings,
    pub framing: FramingConfig,
    pub wedge: WedgeConfig,
    pub origin: Origin,
}

/// A profile that cannot be used, with the file and the field to fix.
#[derive(Debug, Error)]
pub enum ProfileError {
    #[error("cannot read scanner profile directory {}: {source}", dir.display())]
    Dir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read scanner profile {}: {source}", file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("scanner profile {}: field `{field}`: {reason}", file.display())]
    Invalid {
        file: PathBuf,
        field: String,
        reason: String,
    },
    #[error("scanner profile {}: field `id`: `{id}` is already used by {other}", file.display())]
    Duplicate {
        file: PathBuf,
        id: String,
        other: String,
    },
    #[error("no scanner profile `{id}` (known: {known})")]
    Unknown { id: String, known: String },
}

/// The shipped profile files, compiled in.
const BUILTIN: [(&str, &str); 9] = [
    (
        "generic-cdc-acm.toml",
        include_str!("../../scanner-profiles/generic-cdc-acm.toml"),
    ),
    (
        "generic-hid-wedge.toml",
        include_str!("../../scanner-profiles/generic-hid-wedge.toml"),
    ),
    (
        "honeywell-voyager-1450g-cdc.toml",
        include_str!("../../scanner-profiles/honeywell-voyager-1450g-cdc.toml"),
    ),
    (
        "honeywell-xenon-1900-wedge.toml",
        include_str!("../../scanner-profiles/honeywell-xenon-1900-wedge.toml"),
    ),
    (
        "zebra-ds2208-wedge.toml",
        include_str!("../../scanner-profiles/zebra-ds2208-wedge.toml"),
    ),
    (
        "zebra-ds4608-cdc.toml",
        include_str!("../../scanner-profiles/zebra-ds4608-cdc.toml"),
    ),
    (
        "datalogic-quickscan-usbcom.toml",
        include_str!("../../scanner-profiles/datalogic-quickscan-usbcom.toml"),
    ),
    (
        "newland-hr-cdc.toml",
        include_str!("../../scanner-profiles/newland-hr-cdc.toml"),
    ),
    (
        "simulated.toml",
        include_str!("../../scanner-profiles/simulated.toml"),
    ),
];

/// The file names of the compiled-in profiles (for the test that every shipped file is in).
pub fn builtin_file_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// The profiles compiled into the binary. A shipped file that does not parse is a bug caught by
/// the tests; at run time it is logged and left out rather than stopping the till.
pub fn builtin_profiles() -> Vec<Profile> {
    BUILTIN
        .iter()
        .filter_map(|(name, text)| {
            let file = Path::new("scanner-profiles").join(name);
            profile_file::parse(text, &file, Origin::Builtin)
                .map_err(|e| tracing::error!("built-in {e}"))
                .ok()
        })
        .collect()
}

/// Parse one profile from its text; `file` names it in errors.
pub fn parse_profile(text: &str, file: &Path) -> Result<Profile, ProfileError> {
    profile_file::parse(text, file, Origin::File(file.to_path_buf()))
}

/// Every `*.toml` in `dir`, in file-name order. One bad file fails the whole load, so a typo
/// is seen at start-up rather than as a scanner that silently misbehaves.
pub fn load_profiles(dir: &Path) -> Result<Vec<Profile>, ProfileError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ProfileError::Dir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    let mut profiles: Vec<Profile> = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|source| ProfileError::Read {
            file: file.clone(),
            source,
        })?;
        let profile = parse_profile(&text, &file)?;
        if let Some(other) = profiles.iter().find(|p| p.id == profile.id) {
            return Err(ProfileError::Duplicate {
                file,
                id: profile.id,
                other: other.origin.to_string(),
            });
        }
        profiles.push(profile);
    }
    Ok(profiles)
}

/// The built-in profiles plus those in `dir` (a file replaces the built-in with its id). A
/// missing directory is normal (the till runs from anywhere) and gives the built-ins alone.
pub fn profiles_for(dir: &Path) -> Result<Vec<Profile>, ProfileError> {
    let mut all = builtin_profiles();
    if !dir.is_dir() {
        tracing::debug!(dir = %dir.display(), "no scanner profile directory, built-ins only");
        return Ok(all);
    }
    for p in load_profiles(dir)? {
        match all.iter_mut().find(|b| b.id == p.id) {
            Some(slot) => *slot = p,
            None => all.push(p),
        }
    }
    Ok(all)
}

/// The profile with this id, or an error listing the ids there are.
pub fn find_profile<'a>(profiles: &'a [Profile], id: &str) -> Result<&'a Profile, ProfileError> {
    profiles
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| ProfileError::Unknown {
            id: id.to_string(),
            known: profiles
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}
