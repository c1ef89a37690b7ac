//! Big letters for the enrolment binding message, which the customer compares with their
//! phone from across the counter: a 3×5 pixel font drawn with half blocks, three rows high.

/// Rows of each glyph, three bits each (leftmost pixel is the high bit).
const GLYPHS: [(char, [u8; 5]); 39] = [
    (',', [0b000, 0b000, 0b000, 0b010, 0b100]),
    ('.', [0b000, 0b000, 0b000, 0b000, 0b010]),
    ('0', [0b111, 0b101, 0b101, 0b101, 0b111]),
    ('1', [0b010, 0b110, 0b010, 0b010, 0b111]),
    ('2', [0b111, 0b001, 0b111, 0b100, 0b111]),
    ('3', [0b111, 0b001, 0b111, 0b001, 0b111]),
    ('4', [0b101, 0b101, 0b111, 0b001, 0b001]),
    ('5', [0b111, 0b100, 0b111, 0b001, 0b111]),
    ('6', [0b111, 0b100, 0b111, 0b101, 0b111]),
    ('7', [0b111, 0b001, 0b001, 0b001, 0b001]),
    ('8', [0b111, 0b101, 0b111, 0b101, 0b111]),
    ('9', [0b111, 0b101, 0b111, 0b001, 0b111]),
    ('-', [0b000, 0b000, 0b111, 0b000, 0b000]),
    ('A', [0b010, 0b101, 0b111, 0b101, 0b101]),
    ('B', [0b110, 0b101, 0b110, 0b101, 0b110]),
    ('C', [0b011, 0b100, 0b100, 0b100, 0b011]),
    ('D', [0b110, 0b101, 0b101, 0b101, 0b110]),
    ('E', [0b111, 0b100, 0b111, 0b100, 0b111]),
    ('F', [0b111, 0b100, 0b111, 0b100, 0b100]),
    ('G', [0b011, 0b100, 0b101, 0b101, 0b011]),
    ('H', [0b101, 0b101, 0b111, 0b101, 0b101]),
    ('I', [0b111, 0b010, 0b010, 0b010, 0b111]),
    ('J', [0b001, 0b001, 0b001, 0b101, 0b010]),
    ('K', [0b101, 0b101, 0b110, 0b101, 0b101]),
    ('L', [0b100, 0b100, 0b100, 0b100, 0b111]),
    ('M', [0b101, 0b111, 0b111, 0b101, 0b101]),
    ('N', [0b110, 0b101, 0b101, 0b101, 0b101]),
    ('O', [0b010, 0b101, 0b101, 0b101, 0b010]),
    ('P', [0b110, 0b101, 0b110, 0b100, 0b100]),
    ('Q', [0b010, 0b101, 0b101, 0b110, 0b011]),
    ('R', [0b110, 0b101, 0b110, 0b101, 0b101]),
    ('S', [0b011, 0b100, 0b010, 0b001, 0b110]),
    ('T', [0b111, 0b010, 0b010, 0b010, 0b010]),
    ('U', [0b101, 0b101, 0b101, 0b101, 0b111]),
    ('V', [0b101, 0b101, 0b101, 0b101, 0b010]),
    ('W', [0b101, 0b101, 0b111, 0b111, 0b101]),
    ('X', [0b101, 0b101, 0b010, 0b101, 0b101]),
    ('Y', [0b101, 0b101, 0b010, 0b010, 0b010]),
    ('Z', [0b111, 0b001, 0b010, 0b100, 0b111]),
];

/// Rows the big text takes.
pub const HEIGHT: u16 = 3;

/// Columns `text` takes when drawn big (a glyph and a gap per character).
pub fn width(text: &str) -> u16 {
    u16::try_from(text.chars().count().saturating_mul(4)).unwrap_or(u16::MAX)
}

/// The three rows of `text` in big letters; characters outside the font (the binding message
/// is `[A-Z0-9-]` by the API's rule) are drawn as blanks.
pub fn render(text: &str) -> [String; 3] {
    let mut rows: [String; 3] = Default::default();
    for ch in text.chars() {
        let glyph = GLYPHS
            .iter()
            .find(|(c, _)| *c == ch.to_ascii_uppercase())
            .map(|(_, g)| *g)
            .unwrap_or([0; 5]);
        // Pixel rows pair up into one text row each: (0,1), (2,3), (4,-).
        let pairs = [(glyph[0], glyph[1]), (glyph[2], glyph[3]), (glyph[4], 0)];
        for (row, (top, bottom)) in rows.iter_mut().zip(pairs) {
            for bit in [0b100, 0b010, 0b001] {
                row.push(match (top & bit != 0, bottom & bit != 0) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            row.push(' ');
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_each_character_in_four_columns() {
        let rows = render("KS-12");
        for r in &rows {
            assert_eq!(r.chars().count(), 20);
        }
        assert_eq!(width("KS-12"), 20);
        assert_eq!(rows[0], "█ █ ▄▀▀     ▄█  ▀▀█ ");
    }

    #[test]
    fn unknown_characters_are_blank() {
        assert_eq!(render("\u{1b}")[1], "    ");
    }
}
