//! A small XML writer for the SAF-T export: elements in order, text escaped, characters that
//! XML 1.0 cannot hold dropped, and every text cut to the length its schema type allows.

pub(crate) struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    pub(crate) fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push('\t');
        }
    }

    /// Opens `tag`; `attrs` are written as given (they are constants, never outside text).
    pub(crate) fn open_with(&mut self, tag: &str, attrs: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        if !attrs.is_empty() {
            self.out.push(' ');
            self.out.push_str(attrs);
        }
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub(crate) fn open(&mut self, tag: &str) {
        self.open_with(tag, "");
    }

    pub(crate) fn close(&mut self, tag: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    /// `<tag>text</tag>`, the text escaped and cut to `max` characters.
    pub(crate) fn leaf_max(&mut self, tag: &str, text: &str, max: usize) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        escape_into(&mut self.out, text, max);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    /// A leaf of an identification string (at most 35 characters in the schema).
    pub(crate) fn id(&mut self, tag: &str, text: &str) {
        self.leaf_max(tag, text, 35);
    }

    /// A leaf of kasse's own making (numbers, dates, codes).
    pub(crate) fn leaf(&mut self, tag: &str, text: &str) {
        self.leaf_max(tag, text, 9_999);
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Whether XML 1.0 may hold `c` in text.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape_into(out: &mut String, text: &str, max: usize) {
    for c in text.chars().filter(|c| allowed(*c)).take(max) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_cleaned_and_cut() {
        let mut x = Xml::new();
        x.leaf_max("a", "<b>&'\"\u{1b}[2J ok", 100);
        x.leaf_max("c", "æøå-long", 3);
        let s = x.finish();
        assert!(s.contains("<a>&lt;b&gt;&amp;&apos;&quot;[2J ok</a>"), "{s}");
        assert!(s.contains("<c>æøå</c>"), "{s}");
    }
}
