//! Reading one profile file: the TOML shape (strict: unknown keys are refused) and the checks
//! that turn it into a [`Profile`], with every error naming the file and the field.

use super::framing::{FramingConfig, Terminator};
use super::profile::{MatchRule, Origin, Profile, ProfileError, SerialSettings, Transport};
use super::symbology::Symbology;
use super::wedge::{EndKey, WedgeConfig};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use tokio_serial::{DataBits, FlowControl, Parity, StopBits};

/// Baud rates scanners offer; anything else is almost surely a typo.
pub(crate) const BAUD_RATES: [u32; 11] = [
    1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    id: String,
    transport: Transport,
    vendor: Option<String>,
    model: Option<String>,
    #[serde(default)]
    verified: bool,
    notes: Option<String>,
    setup: Option<String>,
    #[serde(rename = "match", default)]
    matching: RawMatch,
    #[serde(default)]
    serial: RawSerial,
    #[serde(default)]
    framing: RawFraming,
    #[serde(default)]
    aim: RawAim,
    #[serde(default)]
    wedge: RawWedge,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatch {
    usb_vid: Option<u16>,
    #[serde(default)]
    usb_pid: Vec<u16>,
    driver: Option<String>,
    product_contains: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSerial {
    baud: Option<u32>,
    data_bits: Option<u8>,
    parity: Option<String>,
    stop_bits: Option<u8>,
    flow_control: Option<String>,
    dtr_on_open: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFraming {
    terminator: Option<Terminator>,
    idle_timeout_ms: Option<u64>,
    prefix: Option<String>,
    suffix: Option<String>,
    max_len: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAim {
    strip: Option<bool>,
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWedge {
    max_interkey_ms: Option<u64>,
    min_len: Option<usize>,
    end_keys: Option<Vec<String>>,
    scanner_layout: Option<String>,
    host_layout: Option<String>,
    #[serde(default)]
    remap: BTreeMap<String, String>,
    #[serde(default)]
    remap_verified: bool,
}

/// Parse and check one profile. `file` is only used in error messages.
pub(crate) fn parse(text: &str, file: &Path, origin: Origin) -> Result<Profile, ProfileError> {
    let raw: RawProfile = toml::from_str(text).map_err(|e| ProfileError::Invalid {
        file: file.to_path_buf(),
        field: field_of(text, &e),
        reason: match e.span() {
            Some(span) => format!(
                "{} (line {})",
                e.message().trim(),
                text.get(..span.start).unwrap_or("").matches('\n').count() + 1
            ),
            None => e.message().trim().to_string(),
        },
    })?;
    let bad = |field: &str, reason: String| ProfileError::Invalid {
        file: file.to_path_buf(),
        field: field.to_string(),
        reason,
    };

    let id = raw.id.trim().to_string();
    if id.is_empty()
        || id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(bad(
            "id",
            format!("`{id}` must be 1 to 64 lowercase letters, digits or `-`"),
        ));
    }

    let s = raw.serial;
    let baud = s.baud.unwrap_or(9600);
    if !BAUD_RATES.contains(&baud) {
        return Err(bad(
            "serial.baud",
            format!("{baud} is not a scanner baud rate (one of {BAUD_RATES:?})"),
        ));
    }
    let data_bits = match s.data_bits.unwrap_or(8) {
        5 => DataBits::Five,
        6 => DataBits::Six,
        7 => DataBits::Seven,
        8 => DataBits::Eight,
        n => return Err(bad("serial.data_bits", format!("{n} is not 5, 6, 7 or 8"))),
    };
    let parity = match s.parity.as_deref().unwrap_or("none") {
        "none" => Parity::None,
        "odd" => Parity::Odd,
        "even" => Parity::Even,
        p => {
            return Err(bad(
                "serial.parity",
                format!("`{p}` is not \"none\", \"odd\" or \"even\""),
            ))
        }
    };
    let stop_bits = match s.stop_bits.unwrap_or(1) {
        1 => StopBits::One,
        2 => StopBits::Two,
        n => return Err(bad("serial.stop_bits", format!("{n} is not 1 or 2"))),
    };
    let flow_control = match s.flow_control.as_deref().unwrap_or("none") {
        "none" => FlowControl::None,
        "software" => FlowControl::Software,
        "hardware" => FlowControl::Hardware,
        f => {
            return Err(bad(
                "serial.flow_control",
                format!("`{f}` is not \"none\", \"software\" or \"hardware\""),
            ))
        }
    };

    let fr = raw.framing;
    let terminator = fr.terminator.unwrap_or(Terminator::Cr);
    let idle_timeout = match fr.idle_timeout_ms {
        Some(0) | Some(5001..) => {
            return Err(bad(
                "framing.idle_timeout_ms",
                "must be between 1 and 5000 ms".into(),
            ))
        }
        Some(ms) => Some(Duration::from_millis(ms)),
        None if terminator == Terminator::None => {
            return Err(bad(
                "framing.idle_timeout_ms",
                "is required when terminator = \"NONE\" (nothing else ends a scan)".into(),
            ))
        }
        None => Some(Duration::from_millis(200)),
    };
    let max_len = fr.max_len.unwrap_or(1024);
    if !(16..=8192).contains(&max_len) {
        return Err(bad(
            "framing.max_len",
            format!("{max_len} is outside 16..=8192"),
        ));
    }
    let affix = |field: &str, v: Option<String>| match v {
        Some(v) if v.len() > 32 => Err(bad(field, "longer than 32 bytes".into())),
        v => Ok(v.unwrap_or_default().into_bytes()),
    };
    let prefix = affix("framing.prefix", fr.prefix)?;
    let suffix = affix("framing.suffix", fr.suffix)?;

    let mut aim_allow = Vec::new();
    for a in &raw.aim.allow {
        aim_allow.push(
            a.parse::<Symbology>()
                .map_err(|e| bad("aim.allow", e.to_string()))?,
        );
    }
    let aim_strip = raw.aim.strip.unwrap_or(true);

    let w = raw.wedge;
    let max_interkey_ms = w.max_interkey_ms.unwrap_or(50);
    if !(1..=1000).contains(&max_interkey_ms) {
        return Err(bad(
            "wedge.max_interkey_ms",
            format!("{max_interkey_ms} must be between 1 and 1000 (ms between keys of one scan)"),
        ));
    }
    let min_len = w.min_len.unwrap_or(6);
    if min_len == 0 || min_len > max_len {
        return Err(bad(
            "wedge.min_len",
            format!("{min_len} must be at least 1 and at most framing.max_len"),
        ));
    }
    let mut end_keys = Vec::new();
    for k in w.end_keys.unwrap_or_else(|| vec!["Enter".into()]) {
        end_keys.push(match k.as_str() {
            "Enter" => EndKey::Enter,
            "Tab" => EndKey::Tab,
            other => {
                return Err(bad(
                    "wedge.end_keys",
                    format!("`{other}` is not \"Enter\" or \"Tab\""),
                ))
            }
        });
    }
    if end_keys.is_empty() {
        return Err(bad(
            "wedge.end_keys",
            "needs at least one of \"Enter\", \"Tab\"".into(),
        ));
    }
    let mut remap = BTreeMap::new();
    for (from, to) in &w.remap {
        match (single_char(from), single_char(to)) {
            (Some(f), Some(t)) => {
                remap.insert(f, t);
            }
            _ => {
                return Err(bad(
                    "wedge.remap",
                    format!("`{from}` = `{to}`: each side must be exactly one character"),
                ))
            }
        }
    }

    let m = raw.matching;
    if !m.usb_pid.is_empty() && m.usb_vid.is_none() {
        return Err(bad(
            "match.usb_pid",
            "needs match.usb_vid (a product id means nothing without its vendor)".into(),
        ));
    }

    Ok(Profile {
        id,
        vendor: raw.vendor.unwrap_or_default(),
        model: raw.model.unwrap_or_default(),
        transport: raw.transport,
        verified: raw.verified,
        notes: raw.notes.unwrap_or_default().trim().to_string(),
        setup: raw.setup.unwrap_or_default().trim().to_string(),
        matching: MatchRule {
            usb_vid: m.usb_vid,
            usb_pid: m.usb_pid,
            driver: m.driver,
            product_contains: m.product_contains,
        },
        serial: SerialSettings {
            baud,
            data_bits,
            parity,
            stop_bits,
            flow_control,
            dtr_on_open: s.dtr_on_open,
        },
        framing: FramingConfig {
            terminator,
            idle_timeout,
            prefix,
            suffix,
            max_len,
            aim_strip,
            aim_allow,
        },
        wedge: WedgeConfig {
            max_interkey: Duration::from_millis(max_interkey_ms),
            min_len,
            max_len,
            end_keys,
            remap,
            aim_strip,
            scanner_layout: w.scanner_layout,
            host_layout: w.host_layout,
            remap_verified: w.remap_verified,
        },
        origin,
    })
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Name the field a TOML error is about: `section.key` from the error's position, or the field
/// serde names in its message (`missing field `id``).
fn field_of(text: &str, err: &toml::de::Error) -> String {
    let named = err
        .message()
        .split_once("field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name.to_string());
    let Some(start) = err.span().map(|s| s.start) else {
        return named.unwrap_or_else(|| "(file)".into());
    };
    let before = text.get(..start).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text
        .get(line_start..)
        .and_then(|l| l.lines().next())
        .unwrap_or("")
        .trim();
    let header = line.starts_with('[').then(|| {
        line.trim_matches(|c| c == '[' || c == ']')
            .trim()
            .to_string()
    });
    if err.message().starts_with("missing field") {
        // The position is the table that lacks the field.
        return match (header, named) {
            (Some(h), Some(n)) => format!("{h}.{n}"),
            (_, n) => n.unwrap_or_else(|| "(file)".into()),
        };
    }
    if let Some(h) = header {
        // The error is about a table header itself, e.g. an unknown section.
        return named.unwrap_or(h);
    }
    let section = text
        .get(..line_start)
        .unwrap_or("")
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.contains('='))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string())
        .filter(|s| !s.is_empty());
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty())
        .or(named);
    match (section, key) {
        (Some(s), Some(k)) => format!("{s}.{k}"),
        (None, Some(k)) => k,
        (Some(s), None) => s,
        (None, None) => "(file)".into(),
    }
}
