//! Hot-plug: look for a scanner now and then, and read the one the setup picks.
//!
//! The serial reader already survives a replug on the same path; the watcher covers the rest:
//! no scanner at start-up, a scanner that comes back under another name (`ttyACM0` →
//! `ttyACM1` without udev's by-id links), or a different scanner plugged in.

use super::detect::PortInfo;
use super::profile::Profile;
use super::serial::spawn_serial;
use super::setup::plan;
use super::{ScannerMsg, ScannerStatus};
use crate::config::Scanner;
use std::time::Duration;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

/// How often the ports are listed again.
pub const RESCAN: Duration = Duration::from_secs(2);

/// Watch for a scanner until the receiver is dropped. `list` lists the ports (a parameter so
/// tests can plug and unplug without hardware). Sends `NotConfigured` while there is none.
pub fn spawn_watcher<F>(
    cfg: Scanner,
    profiles: Vec<Profile>,
    tx: Sender<ScannerMsg>,
    list: F,
    every: Duration,
) -> JoinHandle<()>
where
    F: Fn() -> Vec<PortInfo> + Send + 'static,
{
    tokio::spawn(async move {
        let mut current: Option<(String, JoinHandle<()>)> = None;
        let mut told_none = false;
        loop {
            let choice = match plan(&cfg, &profiles, &list()) {
                Ok(setup) => setup.serial,
                Err(e) => {
                    tracing::error!("scanner setup: {e}");
                    None
                }
            };
            match choice {
                Some((port, profile)) if current.as_ref().map(|(p, _)| p) != Some(&port) => {
                    if let Some((old, reader)) = current.take() {
                        tracing::info!(%old, new = %port, "switching scanner port");
                        reader.abort();
                    }
                    let reader = spawn_serial(port.clone(), profile, tx.clone());
                    current = Some((port, reader));
                }
                // The reader on the current port handles its own outages.
                Some(_) => {}
                None if current.is_none() && !told_none => {
                    told_none = true;
                    let none = ScannerMsg::Status(ScannerStatus::NotConfigured);
                    if tx.send(none).await.is_err() {
                        return;
                    }
                }
                None => {}
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = tx.closed() => break,
            }
        }
        if let Some((_, reader)) = current {
            reader.abort();
        }
    })
}
