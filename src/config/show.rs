//! `kasse config show`: the configuration in force, written the way the file writes it.
//!
//! Each line is a TOML dotted key (`vipps.capture = "auto"`), so a line can be copied back into
//! the file as it is, and the whole output parses as a config. What is not a value (where the
//! config came from, a setting that is off, every secret) is a `#` comment, so copying the lot
//! never writes a redacted placeholder over a real secret.

use super::{CaptureMode, Config, Environment};
use crate::secret::Secret;

impl Environment {
    /// The word written in the config file (`demo`, `test`, `production`).
    pub fn code(self) -> &'static str {
        match self {
            Environment::Demo => "demo",
            Environment::Test => "test",
            Environment::Production => "production",
        }
    }
}

impl CaptureMode {
    /// The word written in the config file (`auto`, `confirm`).
    pub fn code(self) -> &'static str {
        match self {
            CaptureMode::Auto => "auto",
            CaptureMode::Confirm => "confirm",
        }
    }
}

/// One line of the dump: a value to copy, or a comment.
enum Line {
    Value(&'static str, toml::Value),
    Note(&'static str, String),
}

fn text(s: impl Into<String>) -> toml::Value {
    toml::Value::String(s.into())
}

fn int(n: impl Into<i64>) -> toml::Value {
    toml::Value::Integer(n.into())
}

/// An integer setting beyond TOML's range cannot come from the file; shown saturated.
fn uint(n: u64) -> toml::Value {
    int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn secret(key: &'static str, s: &Secret) -> Line {
    Line::Note(key, s.to_string())
}

fn optional(key: &'static str, value: Option<String>, absent: &str) -> Line {
    match value {
        Some(v) => Line::Value(key, text(v)),
        None => Line::Note(key, absent.to_string()),
    }
}

impl Config {
    /// The dump for `kasse config show`: aligned `key = value` lines, every secret redacted.
    pub fn redacted(&self) -> String {
        let v = &self.vipps;
        let source = self
            .source
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none: demo defaults)".into());
        let mut lines = vec![
            Line::Note("source", source),
            Line::Value("environment", text(self.environment.code())),
            Line::Value("language", text(self.language.code())),
            Line::Value("shop.name", text(&self.shop.name)),
            Line::Value("shop.country", text(self.shop.country.code())),
            Line::Value("shop.pos_id", text(&self.shop.pos_id)),
            Line::Value(
                "shop.confirm_pieces_above",
                int(self.shop.limits.max_pieces),
            ),
            Line::Value(
                "shop.confirm_kg_above",
                int(self.shop.limits.max_grams / 1000),
            ),
            optional(
                "shop.org_number",
                self.shop
                    .org_number
                    .as_ref()
                    .map(|o| o.digits().to_string()),
                "(none)",
            ),
            Line::Value(
                "shop.address",
                toml::Value::Array(self.shop.address.iter().map(text).collect()),
            ),
            Line::Value(
                "shop.vat_registered",
                toml::Value::Boolean(self.shop.vat_registered),
            ),
            if v.base_url.is_empty() {
                Line::Note("vipps.base_url", "(built-in simulator)".into())
            } else {
                Line::Value("vipps.base_url", text(&v.base_url))
            },
            Line::Value("vipps.client_id", text(&v.client_id)),
            secret("vipps.client_secret", &v.client_secret),
            secret("vipps.subscription_key", &v.subscription_key),
            Line::Value("vipps.msn", text(&v.msn)),
            Line::Value("vipps.system_name", text(&v.system_name)),
            Line::Value("vipps.system_version", text(&v.system_version)),
            Line::Value("vipps.plugin_name", text(&v.plugin_name)),
            Line::Value("vipps.plugin_version", text(&v.plugin_version)),
            Line::Value("vipps.timeout_ms", uint(v.timeout_ms)),
            Line::Value("vipps.capture", text(v.capture.code())),
            Line::Value("vipps.login_scopes", text(&v.login_scopes)),
            Line::Value("vipps.checkin", toml::Value::Boolean(v.checkin)),
            Line::Value("database.path", text(self.database.display().to_string())),
            optional(
                "webhook.listen",
                self.webhook.listen.map(|a| a.to_string()),
                "(off: polling only)",
            ),
            optional(
                "webhook.public_url",
                self.webhook.public_url.clone(),
                "(none)",
            ),
            Line::Value("webhook.max_age_secs", uint(self.webhook.max_age_secs)),
            Line::Value(
                "webhook.max_body_bytes",
                uint(self.webhook.max_body_bytes as u64),
            ),
            optional("scanner.port", self.scanner.port.clone(), "(auto-detect)"),
            optional("scanner.profile", self.scanner.profile.clone(), "(auto)"),
            Line::Value(
                "scanner.profile_dir",
                text(self.scanner.profile_dir.display().to_string()),
            ),
            Line::Value("log.file", text(self.log_file.display().to_string())),
            Line::Value(
                "sale.returns_without_receipt",
                toml::Value::Boolean(self.sale.returns_without_receipt),
            ),
            optional(
                "printer.device",
                self.printer.device.as_ref().map(|d| d.to_string()),
                "(none: receipts on screen only)",
            ),
            Line::Value("printer.profile", text(&self.printer.profile.id)),
        ];
        match &self.club {
            None => lines.push(Line::Note(
                "club.url",
                "(none: this till's own members)".into(),
            )),
            Some(c) => {
                lines.push(Line::Value("club.url", text(&c.url)));
                lines.push(secret("club.token", &c.token));
                lines.push(Line::Value("club.sync_secs", uint(c.sync_secs)));
                lines.push(Line::Value(
                    "club.lookup_timeout_ms",
                    uint(c.lookup_timeout_ms),
                ));
            }
        }
        lines.push(Line::Note("keys", "(`kasse keys` lists every key)".into()));
        render(&lines)
    }
}

/// Every value in one column, a comment's words in the same column as a value.
fn render(lines: &[Line]) -> String {
    let left = |l: &Line| match l {
        Line::Value(k, _) => k.to_string(),
        Line::Note(k, _) => format!("# {k}"),
    };
    let width = lines.iter().map(|l| left(l).len()).max().unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        let line = match l {
            Line::Value(_, v) => format!("{:width$} = {v}", left(l)),
            Line::Note(_, n) => format!("{:width$}   {n}", left(l)),
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
