//! Deciding which scanner to read: the configured port and profile, or what auto-detection
//! finds, and the wedge settings for keyboard input.

use super::detect::{auto_detect, match_profile, PortInfo};
use super::profile::{find_profile, Profile, ProfileError, Transport};
use super::serial::spawn_serial;
use super::wedge::WedgeConfig;
use super::ScannerMsg;
use crate::config::{Config, Scanner};
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

/// The fallback for a configured port that no profile claims.
pub const FALLBACK_SERIAL: &str = "generic-cdc-acm";
/// The wedge settings used when no keyboard-wedge profile is chosen.
pub const FALLBACK_WEDGE: &str = "generic-hid-wedge";

/// What to run: at most one serial reader, and the burst detector's settings for the keyboard.
#[derive(Debug, Clone)]
pub struct ScannerSetup {
    /// Port path and profile for the serial reader.
    pub serial: Option<(String, Profile)>,
    pub wedge: WedgeConfig,
    /// The wedge profile's id, when one was chosen.
    pub wedge_profile: Option<String>,
}

/// Work out the setup from the `[scanner]` config, the known profiles and the ports present.
pub fn plan(
    cfg: &Scanner,
    profiles: &[Profile],
    ports: &[PortInfo],
) -> Result<ScannerSetup, ProfileError> {
    let chosen = cfg
        .profile
        .as_deref()
        .map(|id| find_profile(profiles, id))
        .transpose()?;
    let wedge_profile = chosen
        .filter(|p| p.transport == Transport::HidWedge)
        .or_else(|| find_profile(profiles, FALLBACK_WEDGE).ok());
    let wedge = wedge_profile.map(|p| p.wedge.clone()).unwrap_or_default();
    let wedge_profile = wedge_profile.map(|p| p.id.clone());
    let serial_choice = chosen.filter(|p| p.transport == Transport::Serial);

    let serial = match (&cfg.port, serial_choice) {
        (Some(port), Some(p)) => Some((port.clone(), p.clone())),
        (Some(port), None) => {
            let info = ports
                .iter()
                .find(|i| &i.path == port || i.by_id.as_ref() == Some(port));
            let p = info
                .and_then(|i| match_profile(i, profiles))
                .map_or_else(|| find_profile(profiles, FALLBACK_SERIAL), Ok)?;
            Some((port.clone(), p.clone()))
        }
        (None, Some(p)) => ports
            .iter()
            .find(|i| super::detect::match_score(i, p).is_some())
            .or_else(|| ports.iter().find(|i| i.usb.is_some()))
            .map(|i| (preferred_path(i), p.clone())),
        // A wedge profile was chosen on purpose: do not go looking for serial ports.
        (None, None) if chosen.is_some() => None,
        (None, None) => auto_detect(ports, profiles).map(|(i, p)| (preferred_path(&i), p.clone())),
    };
    Ok(ScannerSetup {
        serial,
        wedge,
        wedge_profile,
    })
}

/// The stable by-id path when there is one, so a replug that renumbers the tty is survived.
fn preferred_path(info: &PortInfo) -> String {
    info.by_id.clone().unwrap_or_else(|| info.path.clone())
}

/// Start reading scanners as the config says and return the task with the wedge settings for
/// the keyboard. A configured port gets a reader at once; otherwise a watcher looks for a
/// scanner every two seconds, so one plugged in after start-up just works. When a keyboard-wedge
/// profile is chosen there is no serial task.
pub fn start(
    config: &Config,
    tx: Sender<ScannerMsg>,
) -> Result<(Option<JoinHandle<()>>, WedgeConfig), ProfileError> {
    let profiles = super::profile::profiles_for(&config.scanner.profile_dir)?;
    let setup = plan(&config.scanner, &profiles, &super::detect::list_ports())?;
    let wedge_only =
        setup.serial.is_none() && config.scanner.port.is_none() && config.scanner.profile.is_some();
    let handle = match (&config.scanner.port, setup.serial) {
        (Some(_), Some((port, profile))) => Some(spawn_serial(port, profile, tx)),
        _ if wedge_only => None,
        _ => Some(super::watch::spawn_watcher(
            config.scanner.clone(),
            profiles,
            tx,
            super::detect::list_ports,
            super::watch::RESCAN,
        )),
    };
    Ok((handle, setup.wedge))
}
