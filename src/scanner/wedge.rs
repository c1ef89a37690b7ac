//! Telling a keyboard-wedge scanner from a typing cashier, by timing alone.
//!
//! A scanner "types" a whole code within a few milliseconds and ends it with Enter (or Tab); a
//! person leaves far longer gaps. Characters that might start a scan are held back; if the burst
//! ends with an end key, it is a scan and the end key is swallowed (so it never fires a till
//! shortcut); if the burst stalls for one gap, the held characters are released in order as
//! typing. Pure: the caller stamps every key and calls [`WedgeDetector::tick`] at
//! [`WedgeDetector::deadline`].

use super::symbology::Symbology;
use super::{ScanEvent, ScanSource};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A key that may end a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndKey {
    Enter,
    Tab,
}

/// The `[wedge]` section of a profile, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WedgeConfig {
    /// Keys closer together than this belong to one burst.
    pub max_interkey: Duration,
    /// Fewer characters than this before the end key are typing, not a scan.
    pub min_len: usize,
    /// A burst longer than this is released as typing (a held-down key, not a scanner).
    pub max_len: usize,
    pub end_keys: Vec<EndKey>,
    /// Repairs host-layout damage: the character that arrived → the one the scanner meant.
    pub remap: BTreeMap<char, char>,
    /// Strip a leading AIM identifier.
    pub aim_strip: bool,
    /// Informational: the keyboard layout the scanner types in (e.g. `us`).
    pub scanner_layout: Option<String>,
    /// Informational: the host layout the remap was made for (e.g. `no`).
    pub host_layout: Option<String>,
    /// Whether the remap was checked on real hardware.
    pub remap_verified: bool,
}

impl Default for WedgeConfig {
    fn default() -> Self {
        WedgeConfig {
            max_interkey: Duration::from_millis(50),
            min_len: 6,
            max_len: 1024,
            end_keys: vec![EndKey::Enter],
            remap: BTreeMap::new(),
            aim_strip: true,
            scanner_layout: None,
            host_layout: None,
            remap_verified: false,
        }
    }
}

/// One key press as the terminal reports it. `K` carries whatever the caller needs back for keys
/// the detector does not interpret (the till passes its own `Key` for arrows and shortcuts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WedgeKey<K = ()> {
    /// A printable character without Ctrl or Alt.
    Char(char),
    Enter,
    Tab,
    /// Any other key: never part of a scan, passed straight through.
    Other(K),
}

/// What the detector hands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WedgeOutput<K = ()> {
    /// A key for the till, in the order it was typed.
    Typed(WedgeKey<K>),
    Scan(ScanEvent),
}

/// The burst detector; one per terminal.
#[derive(Debug)]
pub struct WedgeDetector<K = ()> {
    cfg: WedgeConfig,
    pending: Vec<char>,
    /// Non-character keys pressed during a burst, with the number of characters before them.
    held: Vec<(usize, WedgeKey<K>)>,
    last: Option<Instant>,
}

impl<K> WedgeDetector<K> {
    pub fn new(cfg: WedgeConfig) -> Self {
        WedgeDetector {
            cfg,
            pending: Vec::new(),
            held: Vec::new(),
            last: None,
        }
    }

    /// Feed one key pressed at `at` (times must not go backwards).
    pub fn key(&mut self, key: WedgeKey<K>, at: Instant) -> Vec<WedgeOutput<K>> {
        let mut out = self.tick(at);
        match key {
            WedgeKey::Char(c) => {
                self.pending.push(c);
                self.last = Some(at);
                if self.pending.len() > self.cfg.max_len {
                    self.release(&mut out);
                }
            }
            WedgeKey::Enter | WedgeKey::Tab if self.ends_scan(&key) => {
                if !self.pending.is_empty() && self.pending.len() >= self.cfg.min_len {
                    out.push(WedgeOutput::Scan(self.take_scan(at)));
                    // Keys pressed during the scan come after it.
                    out.extend(self.held.drain(..).map(|(_, k)| WedgeOutput::Typed(k)));
                } else {
                    self.release(&mut out);
                    out.push(WedgeOutput::Typed(key));
                }
            }
            // No scanner sends it. Outside a burst it goes through at once; inside one it
            // waits with the burst without breaking it, so a key pressed during a scan cannot
            // split the scan into stray keystrokes, and typing keeps its order.
            other if self.pending.is_empty() => out.push(WedgeOutput::Typed(other)),
            other => self.held.push((self.pending.len(), other)),
        }
        out
    }

    /// Release held characters once the burst has been quiet for one gap.
    pub fn tick(&mut self, now: Instant) -> Vec<WedgeOutput<K>> {
        let mut out = Vec::new();
        if let Some(deadline) = self.deadline() {
            if now >= deadline {
                self.release(&mut out);
            }
        }
        out
    }

    /// When [`WedgeDetector::tick`] must next be called, if characters are held.
    pub fn deadline(&self) -> Option<Instant> {
        if self.pending.is_empty() {
            return None;
        }
        Some(self.last? + self.cfg.max_interkey)
    }

    pub fn config(&self) -> &WedgeConfig {
        &self.cfg
    }

    fn ends_scan(&self, key: &WedgeKey<K>) -> bool {
        let end = match key {
            WedgeKey::Enter => EndKey::Enter,
            WedgeKey::Tab => EndKey::Tab,
            _ => return false,
        };
        self.cfg.end_keys.contains(&end)
    }

    /// Hand the burst on as typing, other keys back in their places among the characters.
    fn release(&mut self, out: &mut Vec<WedgeOutput<K>>) {
        let mut held = std::mem::take(&mut self.held).into_iter().peekable();
        for (i, c) in self.pending.drain(..).enumerate() {
            while let Some((_, key)) = held.next_if(|(pos, _)| *pos <= i) {
                out.push(WedgeOutput::Typed(key));
            }
            out.push(WedgeOutput::Typed(WedgeKey::Char(c)));
        }
        out.extend(held.map(|(_, key)| WedgeOutput::Typed(key)));
        self.last = None;
    }

    fn take_scan(&mut self, at: Instant) -> ScanEvent {
        let received: String = self.pending.drain(..).collect();
        self.last = None;
        let repaired: String = received
            .chars()
            .map(|c| self.cfg.remap.get(&c).copied().unwrap_or(c))
            .collect();
        let (symbology, payload) = match Symbology::parse_prefix(repaired.as_bytes()) {
            Some(sym) if self.cfg.aim_strip => (
                Some(sym),
                repaired.get(Symbology::LEN..).unwrap_or("").to_string(),
            ),
            _ => (None, repaired),
        };
        ScanEvent {
            payload,
            symbology,
            source: ScanSource::Wedge,
            at,
            raw: received.into_bytes(),
        }
    }
}
