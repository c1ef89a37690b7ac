//! A printable document: styled lines, a rule, feeds, a cut and a drawer kick. Receipts and
//! the books' reports are laid out as this, then rendered to ESC/POS or plain text, so the
//! screen, the paper and a file say the same thing.

use serde::{Deserialize, Serialize};

/// How large a line prints. `Double` is twice as high and twice as wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Size {
    #[default]
    Normal,
    DoubleHeight,
    DoubleWidth,
    Double,
}

impl Size {
    /// How many columns one character takes.
    pub fn width_factor(self) -> usize {
        match self {
            Size::DoubleWidth | Size::Double => 2,
            _ => 1,
        }
    }

    pub fn height_factor(self) -> usize {
        match self {
            Size::DoubleHeight | Size::Double => 2,
            _ => 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Align {
    #[default]
    Left,
    Centre,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Style {
    pub bold: bool,
    pub size: Size,
    pub align: Align,
}

impl Style {
    pub const NORMAL: Style = Style {
        bold: false,
        size: Size::Normal,
        align: Align::Left,
    };

    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    pub fn size(self, size: Size) -> Style {
        Style { size, ..self }
    }

    pub fn centre(self) -> Style {
        Style {
            align: Align::Centre,
            ..self
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Item {
    /// One line of text; longer than the paper, it wraps at spaces.
    Text {
        style: Style,
        text: String,
    },
    /// A label on the left and an amount on the right of one line.
    Pair {
        style: Style,
        left: String,
        right: String,
    },
    /// A line of dashes across the paper.
    Rule,
    Feed(u8),
    Cut,
    /// Open the cash drawer.
    Drawer,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    pub items: Vec<Item>,
}

impl Document {
    pub fn new() -> Document {
        Document::default()
    }

    pub fn text(&mut self, style: Style, text: impl Into<String>) -> &mut Self {
        self.items.push(Item::Text {
            style,
            text: text.into(),
        });
        self
    }

    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.text(Style::NORMAL, text)
    }

    pub fn pair(&mut self, left: impl Into<String>, right: impl Into<String>) -> &mut Self {
        self.pair_styled(Style::NORMAL, left, right)
    }

    pub fn pair_styled(
        &mut self,
        style: Style,
        left: impl Into<String>,
        right: impl Into<String>,
    ) -> &mut Self {
        self.items.push(Item::Pair {
            style,
            left: left.into(),
            right: right.into(),
        });
        self
    }

    pub fn rule(&mut self) -> &mut Self {
        self.items.push(Item::Rule);
        self
    }

    pub fn feed(&mut self, lines: u8) -> &mut Self {
        self.items.push(Item::Feed(lines));
        self
    }

    pub fn cut(&mut self) -> &mut Self {
        self.items.push(Item::Cut);
        self
    }

    pub fn drawer(&mut self) -> &mut Self {
        self.items.push(Item::Drawer);
        self
    }
}

/// `text` broken into lines of at most `width` characters, at spaces where it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    // An indent is kept on every line the text breaks into.
    let body = text.trim_start_matches(' ');
    let indent = text.len() - body.len();
    if indent > 0 && indent < width {
        let pad = " ".repeat(indent);
        return wrap(body, width - indent)
            .into_iter()
            .map(|l| format!("{pad}{l}"))
            .collect();
    }
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let have = current.chars().count();
            let sep = usize::from(have > 0);
            if have + sep + word.len() <= width {
                if sep == 1 {
                    current.push(' ');
                }
                current.extend(word.iter());
                break;
            }
            if have > 0 {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            // A word longer than the paper is cut where the paper ends.
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// A pair as one line of `width` columns; when both do not fit, the label goes on a line of
/// its own and the amount right-aligned below it.
pub fn pair_lines(left: &str, right: &str, width: usize) -> Vec<String> {
    let (l, r) = (left.chars().count(), right.chars().count());
    if l + 1 + r <= width {
        return vec![format!("{left}{}{right}", " ".repeat(width - l - r))];
    }
    let mut lines = wrap(left, width);
    lines.push(format!("{right:>width$}"));
    lines
}

/// A line placed in `width` columns as `align` asks.
pub fn aligned(text: &str, width: usize, align: Align) -> String {
    let n = text.chars().count();
    let pad = width.saturating_sub(n);
    match align {
        Align::Left => text.to_string(),
        Align::Right => format!("{}{text}", " ".repeat(pad)),
        Align::Centre => format!("{}{text}", " ".repeat(pad / 2)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("Grovbrød fra bakeren", 10),
            ["Grovbrød", "fra", "bakeren"]
        );
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("  Trans.-id: abc", 12), ["  Trans.-id:", "  abc"]);
    }

    #[test]
    fn a_pair_fills_the_line_or_breaks() {
        assert_eq!(pair_lines("Sum", "10,00", 12), ["Sum    10,00"]);
        assert_eq!(
            pair_lines("Norvegia ost", "159,80", 12),
            ["Norvegia ost", "      159,80"]
        );
    }
}
