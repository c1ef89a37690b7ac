//! A pseudo-terminal pair: the master for the benchmark, the slave's path for the code under
//! measurement (the serial reader opens it like a USB-CDC port; the till runs in it).

// The pseudo-terminal is libc (openpty, ioctl): unsafe FFI, bench-only.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::PathBuf;

pub struct Pty {
    pub master: File,
    pub slave: PathBuf,
}

impl Pty {
    pub fn open() -> std::io::Result<Pty> {
        // SAFETY: plain libc calls on a descriptor this function owns (File closes it on every
        // path); each result is checked before the next call, and ptsname_r NUL-terminates.
        unsafe {
            let fd = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            if fd < 0 {
                return Err(std::io::Error::last_os_error());
            }
            let master = File::from_raw_fd(fd);
            if libc::grantpt(fd) != 0 || libc::unlockpt(fd) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let mut name = [0 as libc::c_char; 128];
            if libc::ptsname_r(fd, name.as_mut_ptr(), name.len()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let slave = PathBuf::from(CStr::from_ptr(name.as_ptr()).to_string_lossy().as_ref());
            Ok(Pty { master, slave })
        }
    }

    /// Tell the terminal its size, as a terminal emulator would.
    pub fn set_size(&self, cols: u16, rows: u16) -> std::io::Result<()> {
        let ws = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads one winsize from a valid pointer on an open descriptor.
        let rc = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &ws) };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
}
