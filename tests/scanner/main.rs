//! Scanners: detection, profiles, the serial reader on a pty, the keyboard wedge, and framing properties.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod prop_scan_webhook;
mod scanner_detect;
mod scanner_profiles;
mod scanner_serial;
mod scanner_wedge;
