//! Reading a CSV file the way shop owners make them: Excel in Norway saves `;`-separated
//! Windows-1252 text, other tools comma-separated UTF-8, and columns come in any order.
//!
//! The text is decoded first (valid UTF-8, with or without a byte-order mark, is UTF-8; anything
//! else is Windows-1252, which every byte sequence is), the separator is the one the header line
//! uses, and the header's names say which column is which.

/// The columns a file may have: every name, and how many of the first ones are required.
pub(super) struct Columns {
    pub(super) names: &'static [&'static str],
    pub(super) required: usize,
}

impl Columns {
    fn describe(&self) -> String {
        let (required, optional) = self.names.split_at(self.required);
        let mut s = format!("required: {}", required.join(", "));
        if !optional.is_empty() {
            s.push_str(&format!("; optional: {}", optional.join(", ")));
        }
        s
    }
}

/// The decoded text of a file.
pub(super) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// One Windows-1252 byte as a character. 0x80–0x9F hold the letters and signs Latin-1 lacks
/// (€, Š, Œ, curly quotes …); the five unassigned ones are kept as the C1 control of that
/// number, as Windows itself does. Everything else is Latin-1, where æøå, ÆØÅ, äö live.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The separator of the file: `;` when the header line has more semicolons than commas.
pub(super) fn separator(text: &str) -> u8 {
    let header = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or_default();
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Where each known column sits in the file: `slots[i]` is the file's index of `names[i]`.
#[derive(Debug)]
pub(super) struct Layout {
    slots: Vec<Option<usize>>,
    width: usize,
}

impl Layout {
    /// Reads the header's names (any case, any order, a stray BOM or spaces ignored); or, for a
    /// header that cannot work, a sentence saying how to fix it.
    pub(super) fn from_header(found: &[String], columns: &Columns) -> Result<Layout, String> {
        let mut slots = vec![None; columns.names.len()];
        for (i, raw) in found.iter().enumerate() {
            let name = raw.trim().trim_start_matches('\u{feff}').to_lowercase();
            let Some(k) = columns.names.iter().position(|n| *n == name) else {
                return Err(format!(
                    "column {} is `{raw}`, which is not a column kasse knows ({})",
                    i + 1,
                    columns.describe()
                ));
            };
            if slots[k].is_some() {
                return Err(format!("the column `{name}` is named twice"));
            }
            slots[k] = Some(i);
        }
        let missing: Vec<&str> = columns.names[..columns.required]
            .iter()
            .zip(&slots)
            .filter(|(_, s)| s.is_none())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the column{} `{}` {} missing ({})",
                if missing.len() == 1 { "" } else { "s" },
                missing.join("`, `"),
                if missing.len() == 1 { "is" } else { "are" },
                columns.describe()
            ));
        }
        Ok(Layout {
            slots,
            width: found.len(),
        })
    }

    /// The row's fields in the order of `names`, `None` for a column the file does not have;
    /// or why the row does not fit the header.
    pub(super) fn arrange(&self, fields: &[String]) -> Result<Vec<Option<String>>, String> {
        if fields.len() != self.width {
            return Err(format!(
                "{} fields where the header has {} columns (a separator inside a field needs \
                 the field in double quotes: \"Hansen, Ola\")",
                fields.len(),
                self.width
            ));
        }
        Ok(self
            .slots
            .iter()
            .map(|s| s.map(|i| fields[i].clone()))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: Columns = Columns {
        names: &["gtin", "name", "price", "vat", "unit"],
        required: 3,
    };

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn excel_text_is_decoded_as_windows_1252_and_utf8_stays_utf8() {
        assert_eq!(decode(b"Mj\xf8lk \x80 \x96 \xc6\xd8\xc5"), "Mjølk € – ÆØÅ");
        assert_eq!(decode("Mjølk €".as_bytes()), "Mjølk €");
        assert_eq!(decode(b"\xEF\xBB\xBFgtin"), "gtin");
    }

    #[test]
    fn the_header_line_says_the_separator() {
        assert_eq!(
            separator("# note, with commas\ngtin;name;price\n1;\"a,b\";2"),
            b';'
        );
        assert_eq!(separator("gtin,name,price\n"), b',');
        assert_eq!(separator(""), b',');
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let layout = Layout::from_header(&strings(&["Price", " NAME", "gtin"]), &COLS).unwrap();
        assert_eq!(
            layout.arrange(&strings(&["9", "Melk", "123"])).unwrap(),
            vec![
                Some("123".into()),
                Some("Melk".into()),
                Some("9".into()),
                None,
                None
            ]
        );
        let err = layout.arrange(&strings(&["9", "Melk"])).unwrap_err();
        assert!(err.contains("2 fields where the header has 3"), "{err}");
    }

    #[test]
    fn a_header_that_cannot_work_says_what_to_write() {
        let bad = |h: &[&str]| Layout::from_header(&strings(h), &COLS).unwrap_err();
        let e = bad(&["gtin", "navn", "price"]);
        assert!(e.contains("column 2 is `navn`") && e.contains("required: gtin, name, price"));
        let e = bad(&["gtin", "vat"]);
        assert!(e.contains("`name`, `price` are missing"), "{e}");
        assert!(bad(&["gtin", "name", "price", "gtin"]).contains("`gtin` is named twice"));
    }
}
