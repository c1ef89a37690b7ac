//! Cutting a scanner's byte stream into scans: terminator or idle timeout, prefix and suffix,
//! AIM identifiers, a length limit, and noise rejection.
//!
//! Pure: the caller passes the time of every chunk, so tests need no clock and no device.

use super::symbology::Symbology;
use serde::Deserialize;
use std::fmt;
use std::time::{Duration, Instant};
use thiserror::Error;

/// What ends a scan in the byte stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Terminator {
    /// Carriage return; a line feed right after it is dropped, so CR LF senders also work.
    #[serde(rename = "CR")]
    Cr,
    /// Line feed; a carriage return before it is dropped.
    #[serde(rename = "LF")]
    Lf,
    /// Carriage return and line feed.
    #[serde(rename = "CRLF")]
    CrLf,
    /// Horizontal tab.
    #[serde(rename = "TAB")]
    Tab,
    /// No terminator: only the idle timeout ends a scan.
    #[serde(rename = "NONE")]
    None,
}

impl Terminator {
    /// The byte that ends a frame, if any.
    fn end_byte(self) -> Option<u8> {
        match self {
            Terminator::Cr => Some(b'\r'),
            Terminator::Lf | Terminator::CrLf => Some(b'\n'),
            Terminator::Tab => Some(b'\t'),
            Terminator::None => None,
        }
    }
}

impl fmt::Display for Terminator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Terminator::Cr => "CR",
            Terminator::Lf => "LF",
            Terminator::CrLf => "CRLF",
            Terminator::Tab => "TAB",
            Terminator::None => "NONE",
        })
    }
}

/// How a profile frames its scans (the `[framing]` and `[aim]` sections, validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FramingConfig {
    pub terminator: Terminator,
    /// A scan also ends when no byte arrives for this long (required with `Terminator::None`).
    pub idle_timeout: Option<Duration>,
    /// Bytes the scanner puts in front of every scan (stripped when present).
    pub prefix: Vec<u8>,
    /// Bytes the scanner puts after the data, before the terminator (stripped when present).
    pub suffix: Vec<u8>,
    /// Longest payload accepted, in bytes.
    pub max_len: usize,
    /// Strip a leading AIM identifier and report it as the symbology.
    pub aim_strip: bool,
    /// When not empty, scans with another AIM identifier are refused.
    pub aim_allow: Vec<Symbology>,
}

impl Default for FramingConfig {
    fn default() -> Self {
        FramingConfig {
            terminator: Terminator::Cr,
            idle_timeout: Some(Duration::from_millis(200)),
            prefix: Vec::new(),
            suffix: Vec::new(),
            max_len: 1024,
            aim_strip: true,
            aim_allow: Vec::new(),
        }
    }
}

/// One scan cut from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The bytes as received, terminator included (for the probe's hex view).
    pub raw: Vec<u8>,
    /// The data with prefix, suffix, AIM identifier and terminator removed.
    pub payload: String,
    pub symbology: Option<Symbology>,
    /// True when the idle timeout ended the scan rather than the terminator.
    pub by_idle: bool,
}

/// Bytes that did not make a usable scan.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FrameError {
    #[error(
        "no terminator ({terminator}) within {max} bytes: the scan was dropped; check the \
         profile's terminator and the baud rate"
    )]
    TooLong { max: usize, terminator: Terminator },
    #[error(
        "garbled bytes from the scanner ({}): {reason}; check the baud rate and the profile's \
         serial settings",
        hex(raw, 16)
    )]
    Noise { raw: Vec<u8>, reason: String },
    #[error(
        "a {} scan ({symbology}) is not one this profile accepts ({allowed})",
        symbology.name()
    )]
    Disallowed {
        raw: Vec<u8>,
        symbology: Symbology,
        allowed: String,
    },
}

/// The outcome of one frame.
pub type FrameResult = Result<Frame, FrameError>;

/// Group separator: the FNC1 stand-in inside GS1 Data Matrix and GS1-128 data, a legal byte.
const GS: char = '\u{1d}';

/// Bytes as hex pairs, at most `limit` of them, for messages and the probe.
pub fn hex(bytes: &[u8], limit: usize) -> String {
    let mut out: Vec<String> = bytes
        .iter()
        .take(limit)
        .map(|b| format!("{b:02x}"))
        .collect();
    if bytes.len() > limit {
        out.push("…".into());
    }
    out.join(" ")
}

/// Cuts a byte stream into frames. Feed it every chunk read from the port.
#[derive(Debug)]
pub struct Framer {
    cfg: FramingConfig,
    buf: Vec<u8>,
    last_byte: Option<Instant>,
    /// After an overlong frame: drop bytes until the next terminator or idle gap.
    discarding: bool,
    /// After a CR terminator: a LF straight after it belongs to the same terminator.
    swallow_lf: bool,
}

impl Framer {
    pub fn new(cfg: FramingConfig) -> Framer {
        Framer {
            cfg,
            buf: Vec::new(),
            last_byte: None,
            discarding: false,
            swallow_lf: false,
        }
    }

    pub fn config(&self) -> &FramingConfig {
        &self.cfg
    }

    /// Feed bytes that arrived at `now`; returns every frame they complete, in order.
    pub fn push(&mut self, bytes: &[u8], now: Instant) -> Vec<FrameResult> {
        let mut out = Vec::new();
        // A gap before these bytes ends the previous frame even if no one polled in between.
        out.extend(self.poll_idle(now));
        let end = self.cfg.terminator.end_byte();
        for &b in bytes {
            if std::mem::take(&mut self.swallow_lf) && b == b'\n' {
                continue;
            }
            if Some(b) == end {
                let mut raw = std::mem::take(&mut self.buf);
                raw.push(b);
                if !std::mem::take(&mut self.discarding) {
                    out.extend(self.finish(raw, false));
                }
                self.swallow_lf = self.cfg.terminator == Terminator::Cr;
                continue;
            }
            if self.discarding {
                continue;
            }
            self.buf.push(b);
            if self.buf.len() > self.cfg.max_len + self.overhead() {
                self.buf.clear();
                self.discarding = true;
                out.push(Err(FrameError::TooLong {
                    max: self.cfg.max_len,
                    terminator: self.cfg.terminator,
                }));
            }
        }
        if !bytes.is_empty() {
            self.last_byte = Some(now);
        }
        out
    }

    /// End a frame that has been idle for the timeout. Call it at [`Framer::deadline`].
    pub fn poll_idle(&mut self, now: Instant) -> Option<FrameResult> {
        let deadline = self.deadline()?;
        if now < deadline {
            return None;
        }
        self.swallow_lf = false;
        let raw = std::mem::take(&mut self.buf);
        if std::mem::take(&mut self.discarding) {
            return None;
        }
        self.finish(raw, true)
    }

    /// When the pending bytes will time out, if there are any and a timeout is set.
    pub fn deadline(&self) -> Option<Instant> {
        if self.buf.is_empty() && !self.discarding {
            return None;
        }
        Some(self.last_byte? + self.cfg.idle_timeout?)
    }

    /// Forget a partial frame (the device went away mid-scan).
    pub fn reset(&mut self) {
        self.buf.clear();
        self.discarding = false;
        self.swallow_lf = false;
        self.last_byte = None;
    }

    /// Prefix, suffix and AIM id may come on top of the payload limit.
    fn overhead(&self) -> usize {
        self.cfg.prefix.len() + self.cfg.suffix.len() + Symbology::LEN + 1
    }

    fn finish(&self, raw: Vec<u8>, by_idle: bool) -> Option<FrameResult> {
        let mut body: &[u8] = &raw;
        if !by_idle {
            body = body.split_last().map_or(body, |(_, rest)| rest);
        }
        // A CR LF sender with an LF profile, or a frame cut by the idle timeout, leaves line ends.
        while let [rest @ .., b'\r' | b'\n'] = body {
            body = rest;
        }
        if body.is_empty() {
            return None;
        }
        if let Some(rest) = body.strip_prefix(self.cfg.prefix.as_slice()) {
            body = rest;
        }
        let mut symbology = None;
        if self.cfg.aim_strip {
            if let Some(sym) = Symbology::parse_prefix(body) {
                symbology = Some(sym);
                body = body.get(Symbology::LEN..).unwrap_or_default();
            }
        }
        if let Some(rest) = body.strip_suffix(self.cfg.suffix.as_slice()) {
            body = rest;
        }
        if body.is_empty() {
            return None;
        }
        Some(self.check(body, symbology, &raw).map(|payload| Frame {
            raw: raw.clone(),
            payload,
            symbology,
            by_idle,
        }))
    }

    fn check(
        &self,
        body: &[u8],
        symbology: Option<Symbology>,
        raw: &[u8],
    ) -> Result<String, FrameError> {
        let noise = |reason: String| FrameError::Noise {
            raw: raw.to_vec(),
            reason,
        };
        let text = std::str::from_utf8(body)
            .map_err(|_| noise("the data is not text (invalid UTF-8)".into()))?;
        if let Some(c) = text.chars().find(|&c| c.is_control() && c != GS) {
            return Err(noise(format!(
                "control character U+{:04X} inside the data",
                u32::from(c)
            )));
        }
        if text.len() > self.cfg.max_len {
            return Err(FrameError::TooLong {
                max: self.cfg.max_len,
                terminator: self.cfg.terminator,
            });
        }
        if let Some(sym) = symbology {
            if !self.cfg.aim_allow.is_empty() && !self.cfg.aim_allow.contains(&sym) {
                let allowed: Vec<String> =
                    self.cfg.aim_allow.iter().map(|s| s.to_string()).collect();
                return Err(FrameError::Disallowed {
                    raw: raw.to_vec(),
                    symbology: sym,
                    allowed: allowed.join(" "),
                });
            }
        }
        Ok(text.to_string())
    }
}

#[cfg(test)]
#[path = "framing_tests.rs"]
mod tests;
