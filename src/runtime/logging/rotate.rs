//! The log file: owner-only like the database (directory 0700, file 0600, an existing file
//! others could read is tightened), and rotated by size so it never fills the disk.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A log file that is renamed to `<name>.1` (and older ones to `.2` … `.<keep>`) once a line
/// would take it past `max_bytes`; the oldest is dropped.
pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: u32,
    file: File,
    size: u64,
}

impl RotatingFile {
    pub fn open(path: &Path, max_bytes: u64, keep: u32) -> std::io::Result<RotatingFile> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::owner_only::create_private_dir(dir)?;
        }
        let file = open_private(path)?;
        let size = file.metadata()?.len();
        Ok(RotatingFile {
            path: path.to_path_buf(),
            max_bytes: max_bytes.max(1),
            keep,
            file,
            size,
        })
    }

    fn rotated(&self, n: u32) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    fn rotate(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        if self.keep == 0 {
            // Nothing kept: start the file again.
            self.file.set_len(0)?;
        } else {
            for n in (1..self.keep).rev() {
                let from = self.rotated(n);
                if from.exists() {
                    std::fs::rename(&from, self.rotated(n + 1))?;
                }
            }
            std::fs::rename(&self.path, self.rotated(1))?;
        }
        self.file = open_private(&self.path)?;
        self.size = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.size > 0 && self.size + buf.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Open for appending, created 0600; an existing file others can read is set to 0600 (the log
/// holds references, masked numbers and error details).
fn open_private(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        let file = opts.open(path)?;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    opts.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotates_by_size_and_keeps_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs/kasse.log");
        let mut f = RotatingFile::open(&path, 100, 2).unwrap();
        for i in 0..10 {
            f.write_all(format!("line {i:02} {}\n", "x".repeat(30)).as_bytes())
                .unwrap();
        }
        f.flush().unwrap();
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        let rotated = |n: u32| {
            let mut s = path.clone().into_os_string();
            s.push(format!(".{n}"));
            PathBuf::from(s)
        };
        // 40-byte lines, 100 bytes a file: two lines each, the newest in the live file.
        assert_eq!(read(&path).lines().count(), 2);
        assert!(read(&path).contains("line 09"));
        assert!(read(&rotated(1)).contains("line 07"));
        assert!(read(&rotated(2)).contains("line 05"));
        assert!(!rotated(3).exists(), "only `keep` old files");
        for p in [path.clone(), rotated(1), rotated(2)] {
            assert!(std::fs::metadata(&p).unwrap().len() <= 100);
        }
    }

    #[cfg(unix)]
    #[test]
    fn created_owner_only_and_an_open_existing_log_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("new/kasse.log");
        RotatingFile::open(&path, 1000, 1).unwrap();
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&path), 0o600);
        let old = dir.path().join("old.log");
        std::fs::write(&old, "earlier\n").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut f = RotatingFile::open(&old, 10, 1).unwrap();
        assert_eq!(mode(&old), 0o600);
        f.write_all(b"rotated away\n").unwrap();
        let mut first = old.clone().into_os_string();
        first.push(".1");
        assert_eq!(
            mode(Path::new(&first)),
            0o600,
            "the rotated file keeps its mode"
        );
        assert_eq!(mode(&old), 0o600, "the new file is owner-only");
    }
}
