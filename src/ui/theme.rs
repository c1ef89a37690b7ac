//! Colours and styles. Colour is never the only signal: every state also has a word.

use crate::config::Environment;
use crate::till::Level;
use ratatui::style::{Color, Modifier, Style};

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn header() -> Style {
    Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().bg(Color::Blue).fg(Color::White)
}

pub fn total() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn good() -> Style {
    Style::new().fg(Color::Green)
}

pub fn bad() -> Style {
    Style::new().fg(Color::Red)
}

pub fn warn() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn member() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn big() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn amount() -> Style {
    Style::new().fg(Color::White).add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan)
}

pub fn button() -> Style {
    Style::new().fg(Color::White).bg(Color::DarkGray)
}

pub fn status_bar() -> Style {
    Style::new().bg(Color::Black).fg(Color::Gray)
}

/// The environment badge; production stands out so nobody rings up test sales for real.
pub fn environment(env: Environment) -> Style {
    match env {
        Environment::Demo => Style::new().fg(Color::Black).bg(Color::Magenta),
        Environment::Test => Style::new().fg(Color::Black).bg(Color::Cyan),
        Environment::Production => Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD),
    }
}

pub fn notice(level: Level) -> Style {
    match level {
        Level::Info => Style::new().fg(Color::Cyan),
        Level::Success => Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        Level::Warning => Style::new().fg(Color::Black).bg(Color::Yellow),
        Level::Error => Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD),
    }
}

/// The notice line's leading mark, so the level reads without colour too.
pub fn notice_mark(level: Level) -> &'static str {
    match level {
        Level::Info => "ℹ",
        Level::Success => "✓",
        Level::Warning => "⚠",
        Level::Error => "✗",
    }
}
