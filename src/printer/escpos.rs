//! The document as ESC/POS bytes. The handful of commands kasse needs are written here rather
//! than taken from a crate: they are a dozen fixed byte strings, the code page tables must be
//! byte-exact anyway, and the drawer kick must be the whole five bytes `ESC p m t1 t2`.

use super::doc::{pair_lines, wrap, Align, Document, Item, Size, Style};
use super::profile::{Cut, PrinterProfile};

pub const ESC: u8 = 0x1b;
pub const GS: u8 = 0x1d;
pub const DLE: u8 = 0x10;
pub const EOT: u8 = 0x04;
pub const LF: u8 = 0x0a;

/// `ESC @`: back to the power-on state (font, size, alignment, code page).
pub const INIT: [u8; 2] = [ESC, b'@'];

/// `DLE EOT n`: ask for real-time status; n = 1 printer, 2 offline cause, 4 paper sensor.
pub fn status_request(n: u8) -> [u8; 3] {
    [DLE, EOT, n]
}

/// `ESC p m t1 t2`: a pulse on the drawer connector. m 0 is pin 2, m 1 pin 5; times in 2 ms.
pub fn drawer_kick(profile: &PrinterProfile) -> [u8; 5] {
    let m = if profile.drawer_pin == 5 { 1 } else { 0 };
    let units = |ms: u16| (ms / 2).clamp(1, 255) as u8;
    [
        ESC,
        b'p',
        m,
        units(profile.drawer_on_ms),
        units(profile.drawer_off_ms),
    ]
}

fn size_byte(size: Size) -> u8 {
    match size {
        Size::Normal => 0x00,
        Size::DoubleHeight => 0x01,
        Size::DoubleWidth => 0x10,
        Size::Double => 0x11,
    }
}

fn align_byte(align: Align) -> u8 {
    match align {
        Align::Left => 0,
        Align::Centre => 1,
        Align::Right => 2,
    }
}

struct Encoder<'a> {
    profile: &'a PrinterProfile,
    out: Vec<u8>,
    style: Style,
}

impl Encoder<'_> {
    fn set_style(&mut self, style: Style) {
        if style.bold != self.style.bold {
            self.out
                .extend_from_slice(&[ESC, b'E', u8::from(style.bold)]);
        }
        if style.size != self.style.size {
            self.out
                .extend_from_slice(&[GS, b'!', size_byte(style.size)]);
        }
        if style.align != self.style.align {
            self.out
                .extend_from_slice(&[ESC, b'a', align_byte(style.align)]);
        }
        self.style = style;
    }

    fn columns(&self, style: Style) -> usize {
        usize::from(self.profile.columns) / style.size.width_factor()
    }

    fn print_line(&mut self, text: &str) {
        let bytes = self.profile.code_page.encode(text);
        self.out.extend_from_slice(&bytes);
        self.out.push(LF);
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Text { style, text } => {
                self.set_style(*style);
                for line in wrap(text, self.columns(*style)) {
                    self.print_line(&line);
                }
            }
            Item::Pair { style, left, right } => {
                // The padding is ours, so the printer's alignment stays left.
                let style = Style {
                    align: Align::Left,
                    ..*style
                };
                self.set_style(style);
                for line in pair_lines(left, right, self.columns(style)) {
                    self.print_line(&line);
                }
            }
            Item::Rule => {
                self.set_style(Style::NORMAL);
                let rule = "-".repeat(usize::from(self.profile.columns));
                self.print_line(&rule);
            }
            Item::Feed(n) => self.out.extend_from_slice(&[ESC, b'd', *n]),
            Item::Cut => {
                self.set_style(Style::NORMAL);
                let feed = self.profile.feed_before_cut;
                match self.profile.cut {
                    Cut::Partial => self.out.extend_from_slice(&[GS, b'V', 66, feed]),
                    Cut::Full => self.out.extend_from_slice(&[GS, b'V', 65, feed]),
                    Cut::None => self.out.extend_from_slice(&[ESC, b'd', feed + 2]),
                }
            }
            Item::Drawer => {
                let kick = drawer_kick(self.profile);
                self.out.extend_from_slice(&kick);
            }
        }
    }
}

/// The whole document as one byte stream, starting from the printer's power-on state.
pub fn encode(doc: &Document, profile: &PrinterProfile) -> Vec<u8> {
    let mut enc = Encoder {
        profile,
        out: Vec::with_capacity(2048),
        style: Style::NORMAL,
    };
    enc.out.extend_from_slice(&INIT);
    enc.out
        .extend_from_slice(&[ESC, b't', profile.code_page_number]);
    for item in &doc.items {
        enc.item(item);
    }
    enc.set_style(Style::NORMAL);
    enc.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::profile::find_profile;

    #[test]
    fn the_drawer_kick_is_five_bytes_with_the_profile_pulse() {
        let mut p = find_profile("generic-80").unwrap();
        assert_eq!(drawer_kick(&p), [0x1b, 0x70, 0x00, 25, 250]);
        p.drawer_pin = 5;
        assert_eq!(drawer_kick(&p)[2], 1);
    }

    #[test]
    fn a_document_is_init_code_page_text_and_cut() {
        let p = find_profile("generic-80").unwrap();
        let mut d = Document::new();
        d.text(Style::NORMAL.bold(), "Blåbær").cut();
        assert_eq!(
            encode(&d, &p),
            [
                &[0x1b, b'@', 0x1b, b't', 5, 0x1b, b'E', 1][..],
                &[b'B', b'l', 0x86, b'b', 0x91, b'r', LF],
                &[0x1b, b'E', 0, 0x1d, b'V', 66, 3],
            ]
            .concat()
        );
    }
}
