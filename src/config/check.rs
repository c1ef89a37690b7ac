//! Finding the one key a config file got wrong, by its full name (`vipps.capture`), with the
//! nearest known key when it is a typo. serde's own message names only the field (`capture`)
//! and not its table, which leaves the shop owner guessing which `[section]` to look in.

use super::file::RawConfig;

/// Every key the file may hold, as `table.key`. `[keys]` is not here: its keys are action names,
/// checked by the keymap. A test deserializes each one, so this list cannot name a key the
/// file refuses.
pub(super) const KNOWN: &[&str] = &[
    "environment",
    "language",
    "shop.name",
    "shop.country",
    "shop.pos_id",
    "shop.confirm_pieces_above",
    "shop.confirm_kg_above",
    "shop.org_number",
    "shop.address",
    "shop.vat_registered",
    "vipps.base_url",
    "vipps.client_id",
    "vipps.client_secret",
    "vipps.subscription_key",
    "vipps.msn",
    "vipps.system_name",
    "vipps.system_version",
    "vipps.plugin_name",
    "vipps.plugin_version",
    "vipps.timeout_ms",
    "vipps.capture",
    "vipps.login_scopes",
    "vipps.checkin",
    "database.path",
    "webhook.listen",
    "webhook.public_url",
    "webhook.max_age_secs",
    "webhook.max_body_bytes",
    "scanner.port",
    "scanner.profile",
    "scanner.profile_dir",
    "log.file",
    "club.url",
    "club.token",
    "club.sync_secs",
    "club.lookup_timeout_ms",
    "printer.device",
    "printer.profile",
    "sale.returns_without_receipt",
];

/// The tables that hold keys (`[shop]`, `[vipps]`, …, and `[keys]`).
fn is_table(name: &str) -> bool {
    name == "keys"
        || KNOWN
            .iter()
            .any(|k| k.split_once('.').map(|(t, _)| t) == Some(name))
}

/// What is wrong with one key of a file that parsed as TOML but not as a config.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BadKey {
    /// `table.key`, or a bare top-level key.
    pub(super) key: String,
    pub(super) reason: String,
}

/// The first key of `table` (in file order within each table) that the config refuses, and why.
/// It deserializes one key at a time (every field is optional, so a one-key file is a whole
/// config): the key that fails alone is the one to name.
pub(super) fn first_bad_key(table: &toml::Table) -> Option<BadKey> {
    for (top, value) in table {
        let alone = one(top, value.clone());
        if accepts(&alone) {
            continue;
        }
        match value.as_table() {
            Some(inner) if is_table(top) => {
                for (key, v) in inner {
                    let full = format!("{top}.{key}");
                    if top != "keys" && !KNOWN.contains(&full.as_str()) {
                        return Some(unknown(&full));
                    }
                    let alone = one(top, toml::Value::Table(one(key, v.clone())));
                    if let Err(e) = toml::Table::try_into::<RawConfig>(alone) {
                        return Some(BadKey {
                            key: full,
                            reason: e.message().trim().to_string(),
                        });
                    }
                }
            }
            Some(_) if !KNOWN.contains(&top.as_str()) => return Some(unknown_table(top)),
            _ if !KNOWN.contains(&top.as_str()) => return Some(unknown(top)),
            _ => {
                if let Err(e) = toml::Table::try_into::<RawConfig>(alone) {
                    return Some(BadKey {
                        key: top.clone(),
                        reason: e.message().trim().to_string(),
                    });
                }
            }
        }
    }
    None
}

fn one(key: &str, value: toml::Value) -> toml::Table {
    let mut t = toml::Table::new();
    t.insert(key.to_string(), value);
    t
}

fn accepts(t: &toml::Table) -> bool {
    t.clone().try_into::<RawConfig>().is_ok()
}

fn unknown_table(name: &str) -> BadKey {
    let tables = KNOWN
        .iter()
        .filter_map(|k| k.split_once('.').map(|(t, _)| t));
    let best = tables
        .chain(["keys"])
        .map(|t| (t, edit_distance(t, name)))
        .min_by_key(|(_, d)| *d)
        .filter(|(_, d)| *d <= 2);
    BadKey {
        key: name.to_string(),
        reason: match best {
            Some((t, _)) => format!("unknown table; did you mean `[{t}]`?"),
            None => "unknown table (assets/kasse.example.toml lists every table)".to_string(),
        },
    }
}

fn unknown(key: &str) -> BadKey {
    let reason = match nearest(key) {
        Some(k) => format!("unknown key; did you mean `{k}`?"),
        None => "unknown key (assets/kasse.example.toml lists every key)".to_string(),
    };
    BadKey {
        key: key.to_string(),
        reason,
    }
}

/// The known key a typo most likely meant: the same name in another table first (`capture` at
/// the top for `vipps.capture`), else the key within a small edit distance of what was written.
pub(super) fn nearest(key: &str) -> Option<&'static str> {
    let leaf = |k: &str| k.rsplit('.').next().unwrap_or(k).to_string();
    if let Some(k) = KNOWN.iter().find(|k| leaf(k) == leaf(key)) {
        return Some(k);
    }
    let (best, distance) = KNOWN
        .iter()
        .map(|k| {
            (
                *k,
                edit_distance(k, key).min(edit_distance(&leaf(k), &leaf(key))),
            )
        })
        .min_by_key(|(_, d)| *d)?;
    // Two edits catch a swapped or missing letter; more than that is a different word.
    (distance <= 2).then_some(best)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_key_is_one_the_file_takes() {
        for key in KNOWN {
            let value = match *key {
                "environment" => "\"demo\"",
                "language" => "\"nb\"",
                "vipps.capture" => "\"auto\"",
                "shop.address" => "[]",
                k if k.ends_with("secs") || k.ends_with("_ms") || k.ends_with("bytes") => "1",
                k if k.ends_with("_above") => "1",
                k if k.ends_with("checkin")
                    || k.ends_with("vat_registered")
                    || k.ends_with("receipt") =>
                {
                    "true"
                }
                _ => "\"x\"",
            };
            let text = format!("{key} = {value}\n");
            let table: toml::Table = toml::from_str(&text).unwrap();
            assert!(accepts(&table), "{key}");
            assert_eq!(first_bad_key(&table), None, "{key}");
        }
    }

    #[test]
    fn typos_meet_their_nearest_key() {
        assert_eq!(nearest("capture"), Some("vipps.capture"));
        assert_eq!(nearest("vipps.captur"), Some("vipps.capture"));
        assert_eq!(nearest("shop.pos-id"), Some("shop.pos_id"));
        assert_eq!(nearest("vipps.msm"), Some("vipps.msn"));
        assert_eq!(nearest("colour"), None);
    }

    #[test]
    fn the_bad_key_is_named_with_its_table() {
        let cases = [
            (
                "[vipps]\ncaptur = \"auto\"\n",
                "vipps.captur",
                "`vipps.capture`",
            ),
            ("capture = \"auto\"\n", "capture", "`vipps.capture`"),
            (
                "[vipps]\ntimeout_ms = \"fast\"\n",
                "vipps.timeout_ms",
                "u64",
            ),
            ("[vipps]\ncapture = \"later\"\n", "vipps.capture", "auto"),
            ("[shopp]\nname = \"x\"\n", "shopp", "`[shop]`"),
            ("environment = \"prod\"\n", "environment", "production"),
        ];
        for (text, key, hint) in cases {
            let table: toml::Table = toml::from_str(text).unwrap();
            let bad = first_bad_key(&table).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(bad.key, key, "{text}");
            assert!(bad.reason.contains(hint), "{text}: {}", bad.reason);
        }
    }
}
