//! Where the bytes go: a network printer (`tcp://HOST:PORT`, raw port 9100), a serial port
//! (`serial:PATH[@BAUD]`, or a path under /dev/tty* or /dev/serial/), or a device or plain
//! file (`/dev/usb/lp0`, `receipts.bin`). Each print opens, writes and closes, so a printer
//! that was switched off and on again needs nothing from the till to be found again.

use super::escpos::status_request;
use super::profile::PrinterProfile;
use super::status::{is_status_byte, read, Reported};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;
use thiserror::Error;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_serial::SerialPortBuilderExt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Device {
    Tcp(String),
    Serial { path: String, baud: u32 },
    File(PathBuf),
}

pub const DEFAULT_PORT: u16 = 9100;
const DEFAULT_BAUD: u32 = 9600;

#[derive(Debug, Error)]
pub enum PrinterError {
    #[error("`{0}` is not a printer device: use tcp://HOST:PORT, serial:PATH[@BAUD] or a path")]
    BadDevice(String),
    #[error("cannot reach the printer at {device}: {source}")]
    Connect {
        device: String,
        source: std::io::Error,
    },
    #[error("the printer at {0} did not answer in time")]
    Timeout(String),
    #[error("writing to the printer at {device} failed: {source}")]
    Write {
        device: String,
        source: std::io::Error,
    },
    #[error("the printer at {device} is not ready: {}", not_ready(.status))]
    NotReady { device: String, status: Reported },
}

fn not_ready(s: &Reported) -> &'static str {
    if s.paper_out {
        "paper out"
    } else if s.cover_open {
        "cover open"
    } else {
        "offline"
    }
}

impl PrinterError {
    /// The printer's own report when it said why it cannot print.
    pub fn reported(&self) -> Option<Reported> {
        match self {
            PrinterError::NotReady { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl Device {
    pub fn parse(text: &str) -> Result<Device, PrinterError> {
        let text = text.trim();
        let bad = || PrinterError::BadDevice(text.to_string());
        if let Some(rest) = text.strip_prefix("tcp://") {
            let rest = rest.trim_end_matches('/');
            if rest.is_empty() || rest.contains('/') {
                return Err(bad());
            }
            // A bare host gets the raw printing port; an IPv6 literal comes in brackets.
            let has_port = match rest.rfind(']') {
                Some(end) => rest[end..].contains(':'),
                None => rest.contains(':'),
            };
            let addr = if has_port {
                let port = rest.rsplit(':').next().unwrap_or_default();
                port.parse::<u16>().map_err(|_| bad())?;
                rest.to_string()
            } else {
                format!("{rest}:{DEFAULT_PORT}")
            };
            return Ok(Device::Tcp(addr));
        }
        if let Some(rest) = text.strip_prefix("serial:") {
            let (path, baud) = match rest.rsplit_once('@') {
                Some((p, b)) => (p, b.parse::<u32>().map_err(|_| bad())?),
                None => (rest, DEFAULT_BAUD),
            };
            if path.is_empty() {
                return Err(bad());
            }
            return Ok(Device::Serial {
                path: path.to_string(),
                baud,
            });
        }
        if text.is_empty() || text.contains("://") {
            return Err(bad());
        }
        if text.starts_with("/dev/tty") || text.starts_with("/dev/serial/") {
            return Ok(Device::Serial {
                path: text.to_string(),
                baud: DEFAULT_BAUD,
            });
        }
        Ok(Device::File(PathBuf::from(text)))
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Tcp(a) => write!(f, "tcp://{a}"),
            Device::Serial { path, baud } => write!(f, "serial:{path}@{baud}"),
            Device::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// How long a printer gets to accept a connection, answer a status request or take the bytes.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub status: Duration,
    pub write: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(3),
            status: Duration::from_millis(800),
            write: Duration::from_secs(15),
        }
    }
}

/// Send one job. With a profile that has status, the printer is asked first and a printer
/// that reports paper out, cover open or offline gets nothing (the job waits for it).
/// Returns what the printer reported, when it did.
pub async fn deliver(
    device: &Device,
    profile: &PrinterProfile,
    bytes: &[u8],
    t: Timeouts,
) -> Result<Option<Reported>, PrinterError> {
    let name = device.to_string();
    match device {
        Device::Tcp(addr) => {
            let stream = tokio::time::timeout(t.connect, tokio::net::TcpStream::connect(addr))
                .await
                .map_err(|_| PrinterError::Timeout(name.clone()))?
                .map_err(|source| PrinterError::Connect {
                    device: name.clone(),
                    source,
                })?;
            session(stream, &name, profile, bytes, t).await
        }
        Device::Serial { path, baud } => {
            let stream = tokio_serial::new(path, *baud)
                .open_native_async()
                .map_err(|e| PrinterError::Connect {
                    device: name.clone(),
                    source: e.into(),
                })?;
            session(stream, &name, profile, bytes, t).await
        }
        Device::File(path) => {
            let path = path.clone();
            let data = bytes.to_vec();
            // A USB printer device blocks a write when it cannot take more; the blocking pool
            // keeps that off the runtime's threads.
            let job = tokio::task::spawn_blocking(move || {
                use std::io::Write;
                // A device node is never created: an unplugged USB printer must fail, not
                // turn into a plain file that swallows receipts.
                let device = path.starts_with("/dev");
                let mut f = std::fs::OpenOptions::new()
                    .create(!device)
                    .append(true)
                    .open(&path)?;
                f.write_all(&data)?;
                f.flush()
            });
            match tokio::time::timeout(t.write, job).await {
                Err(_) => Err(PrinterError::Timeout(name)),
                Ok(Err(e)) => Err(PrinterError::Write {
                    device: name,
                    source: std::io::Error::other(e),
                }),
                Ok(Ok(Err(source))) => Err(PrinterError::Connect {
                    device: name,
                    source,
                }),
                Ok(Ok(Ok(()))) => Ok(None),
            }
        }
    }
}

async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    name: &str,
    profile: &PrinterProfile,
    bytes: &[u8],
    t: Timeouts,
) -> Result<Option<Reported>, PrinterError> {
    let write_err = |source| PrinterError::Write {
        device: name.to_string(),
        source,
    };
    let reported = if profile.status {
        ask_status(&mut stream, profile, t.status).await
    } else {
        None
    };
    if let Some(r) = reported {
        if r.offline || r.paper_out || r.cover_open {
            return Err(PrinterError::NotReady {
                device: name.to_string(),
                status: r,
            });
        }
    }
    let write = async {
        stream.write_all(bytes).await?;
        stream.flush().await?;
        stream.shutdown().await
    };
    match tokio::time::timeout(t.write, write).await {
        Err(_) => Err(PrinterError::Timeout(name.to_string())),
        Ok(Err(e)) => Err(write_err(e)),
        Ok(Ok(())) => Ok(reported),
    }
}

/// `DLE EOT 1, 2, 4`, one answer byte each. A printer that stays silent (some network
/// interfaces swallow real-time commands) is not an error: its state is just not known.
async fn ask_status<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    profile: &PrinterProfile,
    wait: Duration,
) -> Option<Reported> {
    let mut answers = [0u8; 3];
    for (slot, n) in answers.iter_mut().zip([1u8, 2, 4]) {
        stream.write_all(&status_request(n)).await.ok()?;
        stream.flush().await.ok()?;
        let answer = tokio::time::timeout(wait, async {
            loop {
                let b = stream.read_u8().await?;
                if is_status_byte(b) {
                    return Ok::<u8, std::io::Error>(b);
                }
            }
        })
        .await;
        match answer {
            Ok(Ok(b)) => *slot = b,
            _ => return None,
        }
    }
    Some(read(
        answers[0],
        answers[1],
        answers[2],
        profile.drawer_open_level,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_collects_the_bytes_and_a_missing_device_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("receipts.bin");
        let device = Device::File(path.clone());
        let profile = crate::printer::find_profile("generic-58").unwrap();
        for chunk in [&b"one"[..], b"two"] {
            deliver(&device, &profile, chunk, Timeouts::default())
                .await
                .unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"onetwo");
        let unplugged = Device::File("/dev/usb/kasse-no-such-lp9".into());
        let e = deliver(&unplugged, &profile, b"x", Timeouts::default())
            .await
            .unwrap_err();
        assert!(e.to_string().contains("cannot reach the printer"), "{e}");
        assert!(!std::path::Path::new("/dev/usb/kasse-no-such-lp9").exists());
    }

    #[test]
    fn devices_parse_as_staff_write_them() {
        assert_eq!(
            Device::parse("tcp://10.0.0.7").unwrap(),
            Device::Tcp("10.0.0.7:9100".into())
        );
        assert_eq!(
            Device::parse("tcp://127.0.0.1:9101").unwrap(),
            Device::Tcp("127.0.0.1:9101".into())
        );
        assert_eq!(
            Device::parse("tcp://[::1]").unwrap(),
            Device::Tcp("[::1]:9100".into())
        );
        assert_eq!(
            Device::parse("serial:/dev/ttyUSB0@19200").unwrap(),
            Device::Serial {
                path: "/dev/ttyUSB0".into(),
                baud: 19200
            }
        );
        assert_eq!(
            Device::parse("/dev/ttyS0").unwrap(),
            Device::Serial {
                path: "/dev/ttyS0".into(),
                baud: 9600
            }
        );
        assert_eq!(
            Device::parse("/dev/usb/lp0").unwrap(),
            Device::File("/dev/usb/lp0".into())
        );
        for bad in ["", "tcp://", "tcp://host:port", "http://x", "serial:@9600"] {
            assert!(Device::parse(bad).is_err(), "{bad}");
        }
    }
}
