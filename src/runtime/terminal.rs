//! The terminal: raw mode in, restored on every way out (including a panic), and crossterm
//! events turned into the till's keys.
//!
//! [`feed`] is the one key path: the till's event loop and `kasse scanner probe` both put every
//! key event through it, so the probe shows exactly what the till would make of a scanner.

use crate::scanner::{WedgeDetector, WedgeKey, WedgeOutput};
use crate::till::Key;
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back when dropped, so an error path cannot leave a raw, hidden screen.
pub struct TermGuard {
    pub term: Term,
}

impl TermGuard {
    pub fn enter() -> io::Result<TermGuard> {
        enable_raw_mode()?;
        let mut out = io::stdout();
        execute!(out, EnterAlternateScreen, EnableMouseCapture)?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        let term = Terminal::new(CrosstermBackend::new(out))?;
        Ok(TermGuard { term })
    }
}

impl Drop for TermGuard {
    fn drop(&mut self) {
        restore();
        let _ = self.term.show_cursor();
    }
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, DisableMouseCapture);
}

/// A key press as the till knows it; `None` for releases and keys the till does not use.
/// One BEL to the terminal: errors and refused scans are heard, not only seen. A failed
/// write is not worth more than a log line.
pub fn ring() {
    use std::io::Write;
    let mut out = io::stdout();
    if let Err(e) = out.write_all(b"\x07").and_then(|()| out.flush()) {
        tracing::debug!(error = %e, "bell not rung");
    }
}

pub fn till_key(ev: &KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Char('c') if ctrl => Key::CtrlC,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Tab => Key::Tab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::F(n) => Key::F(n),
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

/// A till key as the burst detector sees it: the characters and end keys a scanner types, and
/// every other key passed through.
pub fn wedge_key(key: Key) -> WedgeKey<Key> {
    match key {
        Key::Char(c) => WedgeKey::Char(c),
        Key::Enter => WedgeKey::Enter,
        Key::Tab => WedgeKey::Tab,
        other => WedgeKey::Other(other),
    }
}

/// The till key of one the detector released as typing.
pub fn typed_key(key: WedgeKey<Key>) -> Key {
    match key {
        WedgeKey::Char(c) => Key::Char(c),
        WedgeKey::Enter => Key::Enter,
        WedgeKey::Tab => Key::Tab,
        WedgeKey::Other(k) => k,
    }
}

/// One terminal key event through the burst detector, stamped `now`: released keys and scans.
/// Events the till ignores (key releases, Ctrl chords) never reach the detector, so they cannot
/// break a burst in the probe while the till reads it as a scan.
pub fn feed(
    detector: &mut WedgeDetector<Key>,
    ev: &KeyEvent,
    now: std::time::Instant,
) -> Vec<WedgeOutput<Key>> {
    match till_key(ev) {
        Some(key) => detector.key(wedge_key(key), now),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_keys_and_drops_releases() {
        let press = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(
            till_key(&press(KeyCode::F(8), KeyModifiers::NONE)),
            Some(Key::F(8))
        );
        assert_eq!(
            till_key(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Key::CtrlC)
        );
        assert_eq!(
            till_key(&press(KeyCode::Char('x'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(
            till_key(&press(KeyCode::Char('ø'), KeyModifiers::NONE)),
            Some(Key::Char('ø'))
        );
        for (code, key) in [
            (KeyCode::PageUp, Key::PageUp),
            (KeyCode::PageDown, Key::PageDown),
            (KeyCode::Home, Key::Home),
            (KeyCode::End, Key::End),
        ] {
            assert_eq!(till_key(&press(code, KeyModifiers::NONE)), Some(key));
        }
        let mut release = press(KeyCode::Enter, KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(till_key(&release), None);
    }
}
