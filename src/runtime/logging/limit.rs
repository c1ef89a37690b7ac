//! Repeated warnings are summarised: each place in the code that warns (a tracing callsite)
//! writes at most [`BURST`] lines a [`WINDOW`]; the rest are counted and said in one line when
//! the window is over. 10 MiB of scanner noise or a flood of garbage requests then costs a few
//! lines a minute, and the first lines of every burst still show what it was.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Lines one callsite may write in one window.
pub const BURST: u32 = 10;
/// The length of a window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// What to do with one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    Write,
    Drop,
}

#[derive(Debug)]
struct Window {
    started: Instant,
    written: u32,
    dropped: u64,
}

/// The counts of one callsite, keyed by any `K` (the callsite's identity in the log writer).
#[derive(Debug)]
pub struct RepeatLimit<K> {
    windows: HashMap<K, (Window, &'static str)>,
}

impl<K: std::hash::Hash + Eq + Clone> Default for RepeatLimit<K> {
    fn default() -> Self {
        RepeatLimit {
            windows: HashMap::new(),
        }
    }
}

impl<K: std::hash::Hash + Eq + Clone> RepeatLimit<K> {
    /// Count a line of callsite `key` (named `name` in summaries) at `now`.
    pub fn admit(&mut self, key: &K, name: &'static str, now: Instant) -> Admit {
        let (w, _) = self.windows.entry(key.clone()).or_insert((
            Window {
                started: now,
                written: 0,
                dropped: 0,
            },
            name,
        ));
        if now.duration_since(w.started) >= WINDOW && w.dropped == 0 {
            // A quiet callsite starts a new window at once; one with a pending summary waits
            // for `summaries` to say it first.
            *w = Window {
                started: now,
                written: 0,
                dropped: 0,
            };
        }
        if w.written < BURST {
            w.written += 1;
            Admit::Write
        } else {
            w.dropped += 1;
            Admit::Drop
        }
    }

    /// The summaries of every window that is over and left lines out: (callsite name, lines
    /// left out). Their windows start again.
    pub fn summaries(&mut self, now: Instant) -> Vec<(&'static str, u64)> {
        let mut out = Vec::new();
        for (w, name) in self.windows.values_mut() {
            if w.dropped > 0 && now.duration_since(w.started) >= WINDOW {
                out.push((*name, w.dropped));
                *w = Window {
                    started: now,
                    written: 0,
                    dropped: 0,
                };
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_cut_to_its_first_lines_and_summarised_once_the_window_is_over() {
        let mut l = RepeatLimit::<u32>::default();
        let t0 = Instant::now();
        let written = (0..1000)
            .filter(|_| l.admit(&1, "noise", t0) == Admit::Write)
            .count();
        assert_eq!(written, BURST as usize);
        // Another callsite has its own window.
        assert_eq!(l.admit(&2, "other", t0), Admit::Write);
        assert!(l.summaries(t0 + WINDOW / 2).is_empty(), "not over yet");
        let later = t0 + WINDOW;
        assert_eq!(l.summaries(later), vec![("noise", 1000 - u64::from(BURST))]);
        assert!(l.summaries(later).is_empty(), "said once");
        assert_eq!(l.admit(&1, "noise", later), Admit::Write, "a new window");
    }

    #[test]
    fn a_quiet_callsite_is_never_limited() {
        let mut l = RepeatLimit::<u32>::default();
        let t0 = Instant::now();
        for minute in 0..100u32 {
            let at = t0 + WINDOW * minute;
            for _ in 0..BURST {
                assert_eq!(l.admit(&7, "steady", at), Admit::Write);
            }
            assert!(l.summaries(at).is_empty());
        }
    }
}
