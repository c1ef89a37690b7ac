//! Finding serial scanners: list the ports with their USB identity and pick a profile for each.
//!
//! On Linux the identity is read from sysfs directly (no libudev, so no system library); other
//! systems use the serial crate's own port list.

use super::profile::{Profile, Transport};
use std::fmt;
use std::path::{Path, PathBuf};

/// USB identity of the device behind a port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsbInfo {
    pub vid: u16,
    pub pid: u16,
    pub manufacturer: Option<String>,
    pub product: Option<String>,
    pub serial: Option<String>,
}

/// One serial port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortInfo {
    /// The device path, e.g. `/dev/ttyACM0`.
    pub path: String,
    /// The stable `/dev/serial/by-id/…` link to it, when udev made one: better in a config,
    /// since `ttyACM0` may become `ttyACM1` after a replug.
    pub by_id: Option<String>,
    /// Kernel driver, e.g. `cdc_acm`, `ftdi_sio`.
    pub driver: Option<String>,
    pub usb: Option<UsbInfo>,
}

impl fmt::Display for UsbInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04x}:{:04x}", self.vid, self.pid)?;
        let names: Vec<&str> = [&self.manufacturer, &self.product]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !names.is_empty() {
            write!(f, " {}", names.join(" "))?;
        }
        Ok(())
    }
}

/// The serial ports of this machine (the kernel's placeholder 8250 UARTs left out: Linux lists
/// up to 32 of them whether they exist or not; name one in the config to use it).
pub fn list_ports() -> Vec<PortInfo> {
    #[cfg(target_os = "linux")]
    {
        list_ports_sysfs(
            Path::new("/sys/class/tty"),
            Path::new("/dev"),
            Path::new("/dev/serial/by-id"),
        )
    }
    #[cfg(not(target_os = "linux"))]
    {
        list_ports_generic()
    }
}

/// Read ports from a sysfs `class/tty` directory; the paths are parameters so tests can build a
/// fake tree.
pub fn list_ports_sysfs(class_tty: &Path, dev: &Path, by_id_dir: &Path) -> Vec<PortInfo> {
    let Ok(entries) = std::fs::read_dir(class_tty) else {
        return Vec::new();
    };
    let links = by_id_links(by_id_dir);
    let mut ports: Vec<PortInfo> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Virtual terminals and ptys have no `device` link.
            let device = std::fs::canonicalize(entry.path().join("device")).ok()?;
            let driver = std::fs::read_link(device.join("driver"))
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
            let usb = usb_ancestor(&device);
            // The kernel creates placeholder UARTs under the serial8250 platform device whether
            // the hardware exists or not (their driver is `serial8250` or, newer, `port`).
            let placeholder = device.components().any(|c| c.as_os_str() == "serial8250");
            if usb.is_none() && placeholder {
                return None;
            }
            let path = dev.join(&name);
            let by_id = links
                .iter()
                .find(|(_, target)| target.file_name() == Some(name.as_ref()))
                .map(|(link, _)| link.display().to_string());
            Some(PortInfo {
                path: path.display().to_string(),
                by_id,
                driver,
                usb,
            })
        })
        .collect();
    ports.sort_by(|a, b| a.path.cmp(&b.path));
    ports
}

/// `(link, target)` for every entry of `/dev/serial/by-id`.
fn by_id_links(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let target = std::fs::read_link(e.path()).ok()?;
            Some((e.path(), target))
        })
        .collect()
}

/// The USB device a tty hangs under: the interface's parent for CDC-ACM, one level further up
/// for USB-serial converters.
fn usb_ancestor(device: &Path) -> Option<UsbInfo> {
    device.ancestors().take(4).find_map(|dir| {
        let read = |file: &str| {
            std::fs::read_to_string(dir.join(file))
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let hex = |file: &str| read(file).and_then(|s| u16::from_str_radix(&s, 16).ok());
        Some(UsbInfo {
            vid: hex("idVendor")?,
            pid: hex("idProduct")?,
            manufacturer: read("manufacturer"),
            product: read("product"),
            serial: read("serial"),
        })
    })
}

/// Ports as the serial crate lists them (used where there is no sysfs).
pub fn list_ports_generic() -> Vec<PortInfo> {
    let ports = match tokio_serial::available_ports() {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!("cannot list serial ports: {e}");
            return Vec::new();
        }
    };
    ports
        .into_iter()
        .map(|p| PortInfo {
            usb: match p.port_type {
                tokio_serial::SerialPortType::UsbPort(u) => Some(UsbInfo {
                    vid: u.vid,
                    pid: u.pid,
                    manufacturer: u.manufacturer,
                    product: u.product,
                    serial: u.serial_number,
                }),
                _ => None,
            },
            path: p.port_name,
            by_id: None,
            driver: None,
        })
        .collect()
}

/// How well a profile's rule fits a port: `None` when a condition fails, else higher is more
/// specific (vendor and product beat vendor alone, which beats a driver or name match).
pub fn match_score(port: &PortInfo, profile: &Profile) -> Option<u8> {
    let rule = &profile.matching;
    if profile.transport != Transport::Serial || rule.is_empty() {
        return None;
    }
    let mut score = 0;
    if let Some(vid) = rule.usb_vid {
        let usb = port.usb.as_ref().filter(|u| u.vid == vid)?;
        score += 4;
        if !rule.usb_pid.is_empty() {
            rule.usb_pid.contains(&usb.pid).then_some(())?;
            score += 4;
        }
    }
    if let Some(driver) = &rule.driver {
        (port.driver.as_ref() == Some(driver)).then_some(())?;
        score += 1;
    }
    if let Some(part) = &rule.product_contains {
        let product = port.usb.as_ref()?.product.as_deref()?;
        product
            .to_lowercase()
            .contains(&part.to_lowercase())
            .then_some(())?;
        score += 2;
    }
    Some(score)
}

/// The best profile for a port (first in the list wins a tie).
pub fn match_profile<'a>(port: &PortInfo, profiles: &'a [Profile]) -> Option<&'a Profile> {
    let mut best: Option<(u8, &Profile)> = None;
    for p in profiles {
        if let Some(score) = match_score(port, p) {
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, p));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// The first port that some profile claims, preferring the most specific match.
pub fn auto_detect<'a>(
    ports: &[PortInfo],
    profiles: &'a [Profile],
) -> Option<(PortInfo, &'a Profile)> {
    ports
        .iter()
        .filter_map(|port| {
            let profile = match_profile(port, profiles)?;
            Some((match_score(port, profile)?, port, profile))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.path.cmp(&a.1.path)))
        .map(|(_, port, profile)| (port.clone(), profile))
}
