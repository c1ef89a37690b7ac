//! The two code pages a Norwegian receipt needs, byte for byte: PC865 (Nordic DOS, the
//! default of most ESC/POS printers sold here) and WPC1252 (Windows Latin 1). Which one a
//! printer gets is the profile's choice, with the `ESC t` number that selects it.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodePage {
    Pc865,
    Wpc1252,
}

/// PC865 from 0x80 to 0xAF: the letters. The box-drawing half above is never printed.
const PC865_HIGH: [char; 48] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', 'ø', '£', 'Ø', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '¤',
];

/// WPC1252 from 0x80 to 0x9F; 0xA0 to 0xFF are Latin 1 (the same as Unicode).
const WPC1252_C1: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

impl CodePage {
    /// The byte for `c`, if this page has it. Control characters never pass: a name from the
    /// catalogue must not be able to send printer commands.
    pub fn byte(self, c: char) -> Option<u8> {
        let u = c as u32;
        if (0x20..0x7f).contains(&u) {
            return Some(u as u8);
        }
        match self {
            CodePage::Pc865 => PC865_HIGH
                .iter()
                .position(|&p| p == c)
                .map(|i| 0x80 + i as u8),
            CodePage::Wpc1252 => {
                if (0xa0..=0xff).contains(&u) {
                    Some(u as u8)
                } else {
                    WPC1252_C1
                        .iter()
                        .position(|&p| p == Some(c))
                        .map(|i| 0x80 + i as u8)
                }
            }
        }
    }

    /// The text in this page's bytes; a character it lacks becomes its nearest ASCII
    /// ("–" → "-") or "?".
    pub fn encode(self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            match self.byte(c) {
                Some(b) => out.push(b),
                None => out.extend_from_slice(fallback(c).as_bytes()),
            }
        }
        out
    }

    /// The character a byte prints as (for the test printer that reads the stream back).
    pub fn char_of(self, b: u8) -> char {
        match b {
            0x20..=0x7e => b as char,
            0x80..=0xaf if self == CodePage::Pc865 => PC865_HIGH[(b - 0x80) as usize],
            0x80..=0x9f if self == CodePage::Wpc1252 => {
                WPC1252_C1[(b - 0x80) as usize].unwrap_or('\u{fffd}')
            }
            0xa0..=0xff if self == CodePage::Wpc1252 => b as char,
            _ => '\u{fffd}',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CodePage::Pc865 => "PC865",
            CodePage::Wpc1252 => "WPC1252",
        }
    }
}

fn fallback(c: char) -> &'static str {
    match c {
        '–' | '—' | '−' => "-",
        '‘' | '’' | '‚' => "'",
        '“' | '”' | '„' | '«' | '»' => "\"",
        '€' => "EUR",
        '•' | '·' => "*",
        '…' => "...",
        '\u{a0}' => " ",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters_are_byte_exact_in_pc865() {
        assert_eq!(
            CodePage::Pc865.encode("Æ Ø Å æ ø å"),
            vec![0x92, 0x20, 0x9d, 0x20, 0x8f, 0x20, 0x91, 0x20, 0x9b, 0x20, 0x86]
        );
    }

    #[test]
    fn norwegian_letters_are_byte_exact_in_wpc1252() {
        assert_eq!(
            CodePage::Wpc1252.encode("Æ Ø Å æ ø å"),
            vec![0xc6, 0x20, 0xd8, 0x20, 0xc5, 0x20, 0xe6, 0x20, 0xf8, 0x20, 0xe5]
        );
        assert_eq!(CodePage::Wpc1252.encode("–€"), vec![0x96, 0x80]);
    }

    #[test]
    fn every_encodable_character_reads_back() {
        for page in [CodePage::Pc865, CodePage::Wpc1252] {
            for b in 0x20..=0xffu8 {
                let c = page.char_of(b);
                if c != '\u{fffd}' {
                    assert_eq!(page.byte(c), Some(b), "{page:?} {b:#x}");
                }
            }
        }
    }

    #[test]
    fn control_characters_never_reach_the_printer() {
        assert_eq!(CodePage::Pc865.encode("a\u{1b}@\n"), b"a?@?".to_vec());
        assert_eq!(CodePage::Pc865.encode("Ost – 2 €"), b"Ost - 2 EUR".to_vec());
    }
}
