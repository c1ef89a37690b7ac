//! What a printer says about itself in answer to `DLE EOT n`: the Epson real-time status
//! bytes, which most ESC/POS printers copy. Each answer byte has bits 1 and 4 set and bits 0
//! and 7 clear; a byte without that shape is not a status answer.

use super::profile::DrawerOpenLevel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reported {
    pub offline: bool,
    pub cover_open: bool,
    pub paper_out: bool,
    pub paper_low: bool,
    /// `None` when the printer was not asked or the profile does not say what open means.
    pub drawer_open: Option<bool>,
}

pub fn is_status_byte(b: u8) -> bool {
    b & 0x93 == 0x12
}

/// Fold the answers to `DLE EOT 1`, `2` and `4` into one report.
pub fn read(printer: u8, offline_cause: u8, paper: u8, level: DrawerOpenLevel) -> Reported {
    let pin_high = printer & 0x04 != 0;
    Reported {
        offline: printer & 0x08 != 0,
        cover_open: offline_cause & 0x04 != 0,
        paper_out: offline_cause & 0x20 != 0 || paper & 0x60 != 0,
        paper_low: paper & 0x0c != 0,
        drawer_open: Some(match level {
            DrawerOpenLevel::High => pin_high,
            DrawerOpenLevel::Low => !pin_high,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epson_answers_are_read() {
        // Idle printer, paper in, drawer pin low.
        let ok = read(0x12, 0x12, 0x12, DrawerOpenLevel::High);
        assert_eq!(
            ok,
            Reported {
                drawer_open: Some(false),
                ..Reported::default()
            }
        );
        let out = read(0x1e, 0x32, 0x72, DrawerOpenLevel::High);
        assert!(out.offline && out.paper_out && out.drawer_open == Some(true));
        assert!(read(0x12, 0x12, 0x1e, DrawerOpenLevel::High).paper_low);
        assert!(is_status_byte(0x12) && !is_status_byte(0x00) && !is_status_byte(b'A'));
    }
}
