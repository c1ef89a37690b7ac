//! The document as plain text of a given width, for a file, an e-mail or the screen. Double
//! width is shown by spacing the letters, so the marking stands out there too.

use super::doc::{aligned, pair_lines, wrap, Document, Item, Size, Style};

fn widen(text: &str, size: Size) -> String {
    if size.width_factor() == 1 {
        return text.to_string();
    }
    let mut s = String::with_capacity(text.len() * 2);
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push(c);
    }
    s
}

pub fn render_text(doc: &Document, columns: usize) -> String {
    let mut out = String::new();
    let mut push = |line: &str, style: Style| {
        let line = widen(line, style.size);
        out.push_str(aligned(&line, columns, style.align).trim_end());
        out.push('\n');
    };
    for item in &doc.items {
        match item {
            Item::Text { style, text } => {
                for l in wrap(text, columns / style.size.width_factor()) {
                    push(&l, *style);
                }
            }
            Item::Pair { style, left, right } => {
                let cols = columns / style.size.width_factor();
                for l in pair_lines(left, right, cols) {
                    push(&l, Style::NORMAL.size(style.size));
                }
            }
            Item::Rule => push(&"-".repeat(columns), Style::NORMAL),
            Item::Feed(n) => {
                for _ in 0..*n {
                    push("", Style::NORMAL);
                }
            }
            Item::Cut | Item::Drawer => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::doc::Style;

    #[test]
    fn plain_text_centres_widens_and_pairs_like_the_paper() {
        let mut d = Document::new();
        d.text(Style::NORMAL.size(Size::Double).centre().bold(), "KOPI")
            .pair("Totalt NOK", "233,70")
            .rule()
            .line("  Trans.-id: till1-a1b2-000042")
            .drawer()
            .cut();
        assert_eq!(
            render_text(&d, 24),
            "        K O P I\n\
             Totalt NOK        233,70\n\
             ------------------------\n  \
             Trans.-id:\n  \
             till1-a1b2-000042\n"
        );
    }
}
