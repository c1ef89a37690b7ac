//! Reads an ESC/POS stream back into what the paper would show: text in the selected code
//! page, with bold, size and alignment per line, and the cuts, feeds and drawer pulses. The
//! test printers (loopback TCP, pseudo-terminal) use it; `kasse printer test --device
//! file.bin` output can be read with it too. It knows the commands kasse sends and names any
//! other byte sequence rather than guessing.

use super::codepage::CodePage;
use super::escpos::{DLE, EOT, ESC, GS, LF};
use std::fmt::Write;

/// What the stream did, one entry per printed line or command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    Line {
        bold: bool,
        /// Width and height factor.
        width: u8,
        height: u8,
        align: u8,
        text: String,
    },
    Feed(u8),
    Cut {
        partial: bool,
        feed: u8,
    },
    Drawer {
        pin: u8,
        on_ms: u16,
        off_ms: u16,
    },
    Status(u8),
    Init,
    CodePage(u8),
    /// A command this decoder does not know, in hex.
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    pub items: Vec<Printed>,
}

impl Decoded {
    pub fn cuts(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i, Printed::Cut { .. }))
            .count()
    }

    pub fn drawer_kicks(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i, Printed::Drawer { .. }))
            .count()
    }

    /// The printed text alone, one line per line.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for i in &self.items {
            if let Printed::Line { text, .. } = i {
                s.push_str(text);
                s.push('\n');
            }
        }
        s
    }

    /// One line per entry, styles as a short tag: `B` bold, `2x2` size, `^` centred, `>`
    /// right. Commands in `== … ==`. This is what the snapshots hold.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for i in &self.items {
            match i {
                Printed::Line {
                    bold,
                    width,
                    height,
                    align,
                    text,
                } => {
                    let mut tag = String::new();
                    if *bold {
                        tag.push('B');
                    }
                    if (*width, *height) != (1, 1) {
                        let _ = write!(tag, "{width}x{height}");
                    }
                    match align {
                        1 => tag.push('^'),
                        2 => tag.push('>'),
                        _ => {}
                    }
                    let _ = writeln!(s, "{tag:<5}|{text}");
                }
                Printed::Feed(n) => {
                    let _ = writeln!(s, "== feed {n} ==");
                }
                Printed::Cut { partial, feed } => {
                    let kind = if *partial { "partial" } else { "full" };
                    let _ = writeln!(s, "== cut {kind}, feed {feed} ==");
                }
                Printed::Drawer { pin, on_ms, off_ms } => {
                    let _ = writeln!(s, "== drawer pin {pin}, {on_ms} ms on, {off_ms} ms off ==");
                }
                Printed::Status(n) => {
                    let _ = writeln!(s, "== status request {n} ==");
                }
                Printed::Init => s.push_str("== init ==\n"),
                Printed::CodePage(n) => {
                    let _ = writeln!(s, "== code page {n} ==");
                }
                Printed::Unknown(hex) => {
                    let _ = writeln!(s, "== unknown {hex} ==");
                }
            }
        }
        s
    }
}

/// The code page of `ESC t n` by the Epson numbering (what the shipped profiles use).
fn page_of(n: u8) -> Option<CodePage> {
    match n {
        5 => Some(CodePage::Pc865),
        16 => Some(CodePage::Wpc1252),
        _ => None,
    }
}

/// Decode a whole stream. An incomplete command at the end is reported as unknown.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    let mut page: Option<CodePage> = None;
    let (mut bold, mut width, mut height, mut align) = (false, 1u8, 1u8, 0u8);
    let mut line: Option<Printed> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let arg = |k: usize| bytes.get(i + k).copied();
        let (a1, a2, a3, a4) = (arg(1), arg(2), arg(3), arg(4));
        let mut step = 1;
        let cmd = match (b, a1) {
            (LF, _) => {
                let done = line.take().unwrap_or(Printed::Line {
                    bold,
                    width,
                    height,
                    align,
                    text: String::new(),
                });
                Some(done)
            }
            (ESC, Some(b'@')) => {
                step = 2;
                (bold, width, height, align) = (false, 1, 1, 0);
                page = None;
                Some(Printed::Init)
            }
            (ESC, Some(b't')) if a2.is_some() => {
                step = 3;
                let n = a2.unwrap_or_default();
                page = page_of(n);
                Some(Printed::CodePage(n))
            }
            (ESC, Some(b'E')) if a2.is_some() => {
                step = 3;
                bold = a2 == Some(1);
                None
            }
            (ESC, Some(b'a')) if a2.is_some() => {
                step = 3;
                align = a2.unwrap_or_default();
                None
            }
            (GS, Some(b'!')) if a2.is_some() => {
                step = 3;
                let n = a2.unwrap_or_default();
                width = (n >> 4) + 1;
                height = (n & 0x0f) + 1;
                None
            }
            (ESC, Some(b'd')) if a2.is_some() => {
                step = 3;
                Some(Printed::Feed(a2.unwrap_or_default()))
            }
            (GS, Some(b'V')) if matches!(a2, Some(65 | 66)) && a3.is_some() => {
                step = 4;
                Some(Printed::Cut {
                    partial: a2 == Some(66),
                    feed: a3.unwrap_or_default(),
                })
            }
            (ESC, Some(b'p')) if a4.is_some() => {
                step = 5;
                Some(Printed::Drawer {
                    pin: if a2 == Some(1) { 5 } else { 2 },
                    on_ms: u16::from(a3.unwrap_or_default()) * 2,
                    off_ms: u16::from(a4.unwrap_or_default()) * 2,
                })
            }
            (DLE, Some(EOT)) if a2.is_some() => {
                step = 3;
                Some(Printed::Status(a2.unwrap_or_default()))
            }
            (ESC | GS | DLE, _) | (0x00..=0x1f, _) => {
                let end = (i + 3).min(bytes.len());
                step = end - i;
                let hex: Vec<String> = bytes[i..end].iter().map(|b| format!("{b:02x}")).collect();
                Some(Printed::Unknown(hex.join(" ")))
            }
            _ => {
                let c = match page {
                    Some(p) => p.char_of(b),
                    None if b < 0x80 => b as char,
                    None => '\u{fffd}',
                };
                match &mut line {
                    Some(Printed::Line { text, .. }) => text.push(c),
                    _ => {
                        line = Some(Printed::Line {
                            bold,
                            width,
                            height,
                            align,
                            text: c.to_string(),
                        })
                    }
                }
                None
            }
        };
        if let Some(cmd) = cmd {
            // A command in the middle of a line ends the text so far on that line.
            if !matches!(cmd, Printed::Line { .. }) {
                if let Some(l) = line.take() {
                    out.items.push(l);
                }
            }
            out.items.push(cmd);
        }
        i += step;
    }
    if let Some(l) = line.take() {
        out.items.push(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::doc::{Document, Size, Style};
    use crate::printer::escpos::encode;
    use crate::printer::profile::find_profile;

    #[test]
    fn what_is_encoded_decodes_back_in_both_code_pages() {
        for id in ["generic-80", "epson-tm-t88"] {
            let p = find_profile(id).unwrap();
            let mut d = Document::new();
            d.text(Style::NORMAL.size(Size::Double).centre(), "KOPI")
                .line("Æ Ø Å æ ø å")
                .drawer()
                .cut();
            let got = decode(&encode(&d, &p));
            assert_eq!(got.text(), "KOPI\nÆ Ø Å æ ø å\n");
            assert_eq!(got.cuts(), 1);
            assert_eq!(got.drawer_kicks(), 1);
            assert!(got.render().contains("2x2^ |KOPI"), "{}", got.render());
        }
    }

    #[test]
    fn unknown_commands_are_named() {
        let got = decode(&[0x1b, b'Z', 1, b'a', LF]);
        assert_eq!(got.items[0], Printed::Unknown("1b 5a 01".into()));
        assert_eq!(got.text(), "a\n");
    }
}
