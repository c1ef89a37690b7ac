//! Barcode scanner input: serial / USB-CDC readers, a keyboard-wedge burst detector, scanner
//! profiles and framing. Everything here ends in a [`ScannerMsg`] for the till.
//!
//! The till never sees bytes or keystrokes from a scanner, only finished payloads (for
//! `crate::domain::classify`) and status changes it can show the cashier.

pub mod cli;
pub mod detect;
pub mod framing;
pub mod profile;
mod profile_file;
pub mod serial;
pub mod setup;
pub mod symbology;
pub mod watch;
pub mod wedge;

pub use detect::{list_ports, match_profile, PortInfo, UsbInfo};
pub use framing::{Frame, FrameError, FrameResult, Framer, FramingConfig, Terminator};
pub use profile::{
    builtin_file_names, builtin_profiles, find_profile, load_profiles, parse_profile, profiles_for,
    Profile, ProfileError, Transport,
};
pub use serial::spawn_serial;
pub use setup::{plan, start, ScannerSetup};
pub use symbology::Symbology;
pub use wedge::{WedgeConfig, WedgeDetector, WedgeKey, WedgeOutput};

use std::fmt;
use std::time::Instant;

/// Where a scan came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanSource {
    /// A serial or USB-CDC port, by the path it was opened with.
    Serial { port: String },
    /// Keystrokes from a HID keyboard-wedge scanner, told apart from typing by timing.
    Wedge,
}

impl fmt::Display for ScanSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanSource::Serial { port } => write!(f, "scanner on {port}"),
            ScanSource::Wedge => f.write_str("keyboard scanner"),
        }
    }
}

/// One finished scan: framing, AIM identifier and layout damage already dealt with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanEvent {
    /// The data, ready for `crate::domain::classify`.
    pub payload: String,
    /// The AIM symbology the scanner reported, when it sends identifiers.
    pub symbology: Option<Symbology>,
    pub source: ScanSource,
    /// When the scan ended (its terminator or idle timeout).
    pub at: Instant,
    /// What arrived before any stripping or remapping (for the probe; may hold a phone
    /// number, so do not log it).
    pub raw: Vec<u8>,
}

/// What the scanner side tells the till.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannerMsg {
    Scan(ScanEvent),
    Status(ScannerStatus),
}

/// Scanner health the cashier may need to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannerStatus {
    /// The port is open and read with this profile id.
    Connected { port: String, profile: String },
    /// The port is gone or cannot be opened; the reader keeps trying.
    Disconnected { port: String, reason: String },
    /// Bytes arrived that made no scan; `message` says what to check.
    Noise { port: String, message: String },
    /// No scanner port configured or detected.
    NotConfigured,
}

impl fmt::Display for ScannerStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScannerStatus::Connected { port, profile } => {
                write!(f, "scanner ready on {port} (profile {profile})")
            }
            ScannerStatus::Disconnected { port, reason } => {
                write!(f, "scanner on {port} not available: {reason}")
            }
            ScannerStatus::Noise { port, message } => write!(f, "scanner on {port}: {message}"),
            ScannerStatus::NotConfigured => f.write_str(
                "no serial scanner found: plug one in, or set scanner.port in the config \
                 (see `kasse scanner list`)",
            ),
        }
    }
}
