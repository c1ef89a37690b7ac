//! The config file's shape: every key optional, so a partial file gets the defaults, and
//! unknown keys refused, so a typo is reported rather than ignored.

use super::{CaptureMode, Environment, Language};
use crate::secret::Secret;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) environment: Option<Environment>,
    pub(super) language: Option<Language>,
    #[serde(default)]
    pub(super) shop: RawShop,
    #[serde(default)]
    pub(super) vipps: RawVipps,
    #[serde(default)]
    pub(super) database: RawDatabase,
    #[serde(default)]
    pub(super) webhook: RawWebhook,
    #[serde(default)]
    pub(super) scanner: RawScanner,
    #[serde(default)]
    pub(super) log: RawLog,
    #[serde(default)]
    pub(super) club: RawClub,
    #[serde(default)]
    pub(super) printer: RawPrinter,
    /// Action name → key (`kasse keys` lists them).
    #[serde(default)]
    pub(super) keys: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub(super) sale: RawSale,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSale {
    pub(super) returns_without_receipt: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShop {
    pub(super) name: Option<String>,
    pub(super) country: Option<String>,
    pub(super) pos_id: Option<String>,
    pub(super) confirm_pieces_above: Option<u32>,
    pub(super) confirm_kg_above: Option<u32>,
    pub(super) org_number: Option<String>,
    #[serde(default)]
    pub(super) address: Vec<String>,
    pub(super) vat_registered: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVipps {
    pub(super) base_url: Option<String>,
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<Secret>,
    pub(super) subscription_key: Option<Secret>,
    pub(super) msn: Option<String>,
    pub(super) system_name: Option<String>,
    pub(super) system_version: Option<String>,
    pub(super) plugin_name: Option<String>,
    pub(super) plugin_version: Option<String>,
    pub(super) timeout_ms: Option<u64>,
    pub(super) capture: Option<CaptureMode>,
    pub(super) login_scopes: Option<String>,
    pub(super) checkin: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDatabase {
    pub(super) path: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWebhook {
    pub(super) listen: Option<String>,
    pub(super) public_url: Option<String>,
    pub(super) max_age_secs: Option<u64>,
    pub(super) max_body_bytes: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScanner {
    pub(super) port: Option<String>,
    pub(super) profile: Option<String>,
    pub(super) profile_dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLog {
    pub(super) file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrinter {
    pub(super) device: Option<String>,
    pub(super) profile: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClub {
    pub(super) url: Option<String>,
    pub(super) token: Option<Secret>,
    pub(super) sync_secs: Option<u64>,
    pub(super) lookup_timeout_ms: Option<u64>,
}
