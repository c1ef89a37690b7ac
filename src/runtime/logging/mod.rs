//! Logs go to a file: the terminal belongs to the till. The file is owner-only and rotated by
//! size (`rotate`), and repeated warnings are summarised (`limit`), so no input from outside
//! (scanner noise, garbage requests) can fill the disk through the log.

mod limit;
mod rotate;

use limit::{Admit, RepeatLimit};
use rotate::RotatingFile;
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;
use tracing::callsite::Identifier;
use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// The live log file is rotated when it would pass this size.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Rotated files kept (`kasse.log.1` … `.3`): at most 40 MiB of log in all.
pub const KEEP: u32 = 3;

/// Start logging to `path` (see the module). `KASSE_LOG` sets the filter (default `info`).
pub fn to_file(path: &Path) -> std::io::Result<()> {
    let writer = LogWriter::open(path, MAX_BYTES, KEEP)?;
    let filter = EnvFilter::try_from_env("KASSE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests, doctor after till) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(writer)
        .try_init();
    Ok(())
}

pub struct Inner {
    file: RotatingFile,
    limit: RepeatLimit<Identifier>,
}

/// The log's writer: one line per event into the rotating file, warnings and errors through
/// the repeat limit.
pub struct LogWriter {
    inner: Mutex<Inner>,
}

impl LogWriter {
    pub fn open(path: &Path, max_bytes: u64, keep: u32) -> std::io::Result<LogWriter> {
        Ok(LogWriter {
            inner: Mutex::new(Inner {
                file: RotatingFile::open(path, max_bytes, keep)?,
                limit: RepeatLimit::default(),
            }),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while writing a log line leaves nothing half-done worth refusing for.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One event's line: written to the file, or dropped by the repeat limit.
pub enum Line<'a> {
    File(MutexGuard<'a, Inner>),
    Dropped,
}

impl Write for Line<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Line::File(inner) => inner.file.write(buf),
            Line::Dropped => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Line::File(inner) => inner.file.flush(),
            Line::Dropped => Ok(()),
        }
    }
}

impl<'a> MakeWriter<'a> for LogWriter {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        Line::File(self.lock())
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Self::Writer {
        let mut inner = self.lock();
        let now = Instant::now();
        for (name, dropped) in inner.limit.summaries(now) {
            let line = format!(
                "{} WARN kasse::log: {dropped} more lines like `{name}` were left out in the \
                 last {} s\n",
                timestamp(),
                limit::WINDOW.as_secs()
            );
            let _ = inner.file.write_all(line.as_bytes());
        }
        if *meta.level() > Level::WARN {
            return Line::File(inner);
        }
        match inner.limit.admit(&meta.callsite(), meta.name(), now) {
            Admit::Write => Line::File(inner),
            Admit::Drop => Line::Dropped,
        }
    }
}

fn timestamp() -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_of_one_warning_writes_a_few_lines_and_info_is_never_limited() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kasse.log");
        let writer = LogWriter::open(&path, MAX_BYTES, KEEP).unwrap();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(writer)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            for i in 0..40_820 {
                tracing::warn!(i, "scanner noise");
            }
            for i in 0..50 {
                tracing::info!(i, "payment polled");
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let noise = text.lines().filter(|l| l.contains("scanner noise")).count();
        let info = text
            .lines()
            .filter(|l| l.contains("payment polled"))
            .count();
        assert_eq!(noise, limit::BURST as usize, "the first lines of the burst");
        assert_eq!(info, 50, "info lines are all kept");
    }
}
