//! All screen text, in bokmål, English, Danish and Finnish, in one module: sentences the core
//! asks for (`say`), button and key names, step names and headings. Nothing else in `ui` holds
//! words. Every text is written as `lang.pick([nb, en, da, fi])`.

mod books;
mod counter;
mod keys_table;
mod labels;
mod recovered;
mod report;
mod sale;
mod sentences;
#[cfg(test)]
mod walk;

pub use books::{
    signin_field, signin_notice, signin_prompt, signin_title, training_banner, z_missing_reminder,
};
pub use keys_table::keys_table;
pub use labels::{action_help, action_label, msisdn_error, step_name, t, T};
pub use recovered::{money_moved, recovered};
pub use report::{report_lines, report_lines_at, REPORT_WIDTH};
pub use sale::{drawer_title, tender_name, w, W};
pub use sentences::say;

/// Makes text from outside (product and member names, error reasons) safe to put on the
/// screen: a name carrying `ESC [ 2 J` or a bidi override must not repaint or reorder the till.
/// Escape sequences go whole, line breaks and tabs become spaces, other control and bidi
/// formatting characters go.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates, up to a final byte in @..~.
                Some('[') => skip_csi(&mut chars),
                // OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \).
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                // nF sequences (ESC ( B, …): intermediates, then one final character.
                Some(' '..='/') => {
                    while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
                    chars.next();
                }
                // Two-character sequences (ESC c, ESC 7, …): the second goes too.
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_keeps_ordinary_text() {
        assert_eq!(clean("Lettmelk 1 l – Tine"), "Lettmelk 1 l – Tine");
        assert_eq!(clean("Blåbær ÆØÅ €"), "Blåbær ÆØÅ €");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn clean_removes_escape_sequences_whole() {
        assert_eq!(clean("Caps\u{1b}[31mRED\u{1b}[0m"), "CapsRED");
        assert_eq!(clean("\u{1b}[2J\u{1b}[1;1HX"), "X");
        assert_eq!(clean("a\u{1b}]0;owned title\u{7}b"), "ab");
        assert_eq!(
            clean("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
        assert_eq!(clean("a\u{9b}31mb"), "ab");
        assert_eq!(clean("a\u{1b}cb"), "ab");
        assert_eq!(clean("a\u{1b}(Bb\u{1b}#8c"), "abc");
        // A lone ESC at the end, or an unterminated sequence, never panics and leaves nothing.
        assert_eq!(clean("a\u{1b}"), "a");
        assert_eq!(clean("a\u{1b}[12"), "a");
        assert_eq!(clean("a\u{1b}]unterminated"), "a");
    }

    #[test]
    fn clean_turns_breaks_into_spaces_and_drops_other_controls() {
        assert_eq!(clean("line one\r\nline two"), "line one line two");
        assert_eq!(clean("tab\there"), "tab here");
        assert_eq!(clean("bell\u{7}\u{0}\u{8}\u{7f}!"), "bell!");
        assert_eq!(clean("abc\u{202e}fed"), "abcfed");
        assert_eq!(clean("x\u{2066}y\u{2069}"), "xy");
    }

    proptest::proptest! {
        #[test]
        fn clean_output_never_holds_a_control_character(s in "\\PC*|[\\x00-\\x{ff}a-z]*") {
            let out = clean(&s);
            proptest::prop_assert!(out.chars().all(|c| !c.is_control() && !is_bidi_control(c)));
        }
    }
}
