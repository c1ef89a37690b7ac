//! The serial / USB-CDC reader: one task per port, reopening the port when it comes back.

use super::framing::{FrameResult, Framer};
use super::profile::Profile;
use super::{ScanEvent, ScanSource, ScannerMsg, ScannerStatus};
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;
use tokio_serial::{SerialPort, SerialPortBuilderExt, SerialStream};

/// How long to wait between attempts to reopen a port that is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    /// 0.5 s doubling to 5 s: quick after a replug, quiet while the scanner stays away.
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(5),
        }
    }
}

/// Read scans from `port` with `profile`'s settings until `tx`'s receiver is dropped.
///
/// Sends `Connected` when the port opens, `Disconnected` when it goes away or cannot be opened
/// (once per outage, not per retry), `Noise` for bytes that make no scan, and every scan.
pub fn spawn_serial(port: String, profile: Profile, tx: Sender<ScannerMsg>) -> JoinHandle<()> {
    spawn_serial_with(port, profile, tx, Backoff::default())
}

/// [`spawn_serial`] with a chosen back-off.
pub fn spawn_serial_with(
    port: String,
    profile: Profile,
    tx: Sender<ScannerMsg>,
    backoff: Backoff,
) -> JoinHandle<()> {
    tokio::spawn(run(port, profile, tx, backoff))
}

async fn run(port: String, profile: Profile, tx: Sender<ScannerMsg>, backoff: Backoff) {
    let mut delay = backoff.initial;
    let mut down_reported = false;
    loop {
        if tx.is_closed() {
            return;
        }
        match open(&port, &profile) {
            Ok(stream) => {
                tracing::info!(%port, profile = %profile.id, "scanner port open");
                delay = backoff.initial;
                let up = ScannerStatus::Connected {
                    port: port.clone(),
                    profile: profile.id.clone(),
                };
                if tx.send(ScannerMsg::Status(up)).await.is_err() {
                    return;
                }
                let Some(reason) = read_until_gone(stream, &port, &profile, &tx).await else {
                    return;
                };
                tracing::warn!(%port, %reason, "scanner port lost");
                down_reported = true;
                let down = ScannerStatus::Disconnected {
                    port: port.clone(),
                    reason,
                };
                if tx.send(ScannerMsg::Status(down)).await.is_err() {
                    return;
                }
            }
            Err(e) => {
                tracing::debug!(%port, error = %e, "cannot open scanner port");
                if !down_reported {
                    down_reported = true;
                    let down = ScannerStatus::Disconnected {
                        port: port.clone(),
                        reason: format!("cannot open it: {e}"),
                    };
                    if tx.send(ScannerMsg::Status(down)).await.is_err() {
                        return;
                    }
                }
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = tx.closed() => return,
        }
        delay = (delay * 2).min(backoff.max);
    }
}

fn open(port: &str, profile: &Profile) -> tokio_serial::Result<SerialStream> {
    let s = &profile.serial;
    let mut stream = tokio_serial::new(port, s.baud)
        .data_bits(s.data_bits)
        .parity(s.parity)
        .stop_bits(s.stop_bits)
        .flow_control(s.flow_control)
        .open_native_async()?;
    if let Some(dtr) = s.dtr_on_open {
        // Ptys and some adapters have no modem lines; a scanner that needs DTR will show it by
        // sending nothing, which the probe makes visible.
        if let Err(e) = stream.write_data_terminal_ready(dtr) {
            tracing::debug!(%port, error = %e, "cannot set DTR");
        }
    }
    Ok(stream)
}

/// Read and frame until the port fails (returns why) or the receiver is gone (returns `None`).
async fn read_until_gone(
    mut stream: SerialStream,
    port: &str,
    profile: &Profile,
    tx: &Sender<ScannerMsg>,
) -> Option<String> {
    let mut framer = Framer::new(profile.framing.clone());
    let mut buf = [0u8; 512];
    loop {
        let idle = framer.deadline();
        let now;
        let results: Vec<FrameResult> = tokio::select! {
            read = stream.read(&mut buf) => match read {
                Ok(0) => return Some("the device closed (unplugged?)".into()),
                Ok(n) => {
                    now = Instant::now();
                    framer.push(buf.get(..n).unwrap_or_default(), now)
                }
                Err(e) => return Some(format!("read failed: {e}")),
            },
            _ = sleep_until(idle), if idle.is_some() => {
                now = Instant::now();
                framer.poll_idle(now).into_iter().collect()
            }
            _ = tx.closed() => return None,
        };
        for result in results {
            let msg = to_msg(result, port, profile, now);
            if tx.send(msg).await.is_err() {
                return None;
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    if let Some(d) = deadline {
        tokio::time::sleep_until(tokio::time::Instant::from_std(d)).await;
    }
}

fn to_msg(result: FrameResult, port: &str, profile: &Profile, at: Instant) -> ScannerMsg {
    match result {
        Ok(frame) => {
            // The payload may be a phone number: log its shape, not its content.
            tracing::debug!(port, len = frame.payload.len(), symbology = ?frame.symbology, "scan");
            ScannerMsg::Scan(ScanEvent {
                payload: frame.payload,
                symbology: frame.symbology,
                source: ScanSource::Serial {
                    port: port.to_string(),
                },
                at,
                raw: frame.raw,
            })
        }
        Err(e) => {
            let message = format!("{e} (profile {} says {})", profile.id, profile.serial);
            tracing::warn!(port, %message, "scanner noise");
            ScannerMsg::Status(ScannerStatus::Noise {
                port: port.to_string(),
                message,
            })
        }
    }
}
