//! `kasse keys`: every action's name (for `[keys]`), its keys now, and what it does.

use super::action_help;
use crate::config::Language;
use crate::till::keymap::{key_name, ACTIONS};
use crate::till::Keymap;

/// One line per action: name, keys in force, sentence.
pub fn keys_table(lang: Language, keys: &Keymap) -> String {
    let width = ACTIONS.iter().map(|a| a.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for a in ACTIONS {
        let bound = keys.all_labels(a.action);
        let default: Vec<String> = a.keys.iter().map(|k| key_name(*k)).collect();
        let changed = if bound == default.join(" ") {
            String::new()
        } else {
            format!(
                "  ({} {})",
                lang.pick(["standard", "default", "standard", "oletus"]),
                default.join(" ")
            )
        };
        out.push_str(&format!(
            "{:width$}  {:<10} {}{changed}\n",
            a.name,
            bound,
            action_help(lang, a.action)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_listed_with_its_keys_now() {
        let map = Keymap::with_overrides([("pay_vipps", "g")]).unwrap();
        let table = keys_table(Language::English, &map);
        assert_eq!(table.lines().count(), ACTIONS.len());
        let pay = table.lines().find(|l| l.starts_with("pay_vipps ")).unwrap();
        assert!(pay.contains(" g ") && pay.contains("(default F8)"), "{pay}");
        let capture = table.lines().find(|l| l.starts_with("capture ")).unwrap();
        assert!(
            capture.contains("F11") && !capture.contains("default"),
            "{capture}"
        );
    }
}
