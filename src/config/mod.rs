//! One TOML file plus environment overrides for the secrets. No file at all means demo mode.
//!
//! Every key is documented in `assets/kasse.example.toml`. A file that exists but cannot be read
//! or parsed is refused with its path, the key and the reason: a till must never silently fall
//! back to demo mode when the shop owner meant to configure production.

use crate::domain::{Country, Currency, OrgNumber};
use crate::secret::Secret;
use file::RawConfig;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("config file {path}: key `{key}`: {reason}")]
    Invalid {
        path: PathBuf,
        key: String,
        reason: String,
    },
    #[error(
        "config file {path}: {mode} mode needs {keys}: set them in the file or the environment"
    )]
    Missing {
        path: PathBuf,
        mode: &'static str,
        /// Every missing key with its environment variable, in one line.
        keys: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// The built-in simulator, a demo database, no credentials.
    Demo,
    /// Vipps MobilePay's merchant test environment (apitest.vipps.no).
    Test,
    Production,
}

impl Environment {
    pub fn default_base_url(self) -> &'static str {
        match self {
            Environment::Demo => "",
            Environment::Test => "https://apitest.vipps.no",
            Environment::Production => "https://api.vipps.no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Environment::Demo => "DEMO",
            Environment::Test => "TEST",
            Environment::Production => "PRODUCTION",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Language {
    #[serde(rename = "nb")]
    Norwegian,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "da")]
    Danish,
    #[serde(rename = "fi")]
    Finnish,
}

impl Language {
    /// Every screen language, in the order `pick` takes its forms.
    pub const ALL: [Language; 4] = [
        Language::Norwegian,
        Language::English,
        Language::Danish,
        Language::Finnish,
    ];

    /// The form for this language out of `[bokmål, English, Danish, Finnish]`. One array per
    /// text means a sentence cannot be added in one language and forgotten in another.
    pub fn pick<T>(self, [nb, en, da, fi]: [T; 4]) -> T {
        match self {
            Language::Norwegian => nb,
            Language::English => en,
            Language::Danish => da,
            Language::Finnish => fi,
        }
    }

    /// The code written in the config file (`nb`, `en`, `da`, `fi`).
    pub fn code(self) -> &'static str {
        self.pick(["nb", "en", "da", "fi"])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaptureMode {
    /// Capture as soon as the payment is authorized (goods are handed over at the counter).
    Auto,
    /// Wait for the cashier to press the capture key.
    Confirm,
}

/// The whole configuration after defaults and environment overrides.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it came from; `None` when no file was found (demo mode).
    pub source: Option<PathBuf>,
    pub environment: Environment,
    pub language: Language,
    pub shop: Shop,
    pub vipps: Vipps,
    pub database: PathBuf,
    pub webhook: Webhook,
    pub scanner: Scanner,
    pub log_file: PathBuf,
    /// The keys in force: the defaults with the file's `[keys]` over them.
    pub keys: crate::till::Keymap,
    /// `[sale]`: the shop's rules for sales and returns.
    pub sale: SaleRules,
    pub printer: Printer,
    /// The shared club; `None`: this till's members are its own (the local table).
    pub club: Option<Club>,
}

#[derive(Debug, Clone, Default)]
pub struct SaleRules {
    /// A return with no receipt to find; off unless the shop allows it.
    pub returns_without_receipt: bool,
}

/// The receipt printer; no device means receipts are on screen only.
#[derive(Debug, Clone)]
pub struct Printer {
    pub device: Option<crate::printer::Device>,
    pub profile: crate::printer::PrinterProfile,
}

/// `[club]`: the chain's club service this till shares its members with.
#[derive(Debug, Clone)]
pub struct Club {
    pub url: String,
    pub token: Secret,
    /// How often the cache asks the change feed (and the outbox retries).
    pub sync_secs: u64,
    /// How long a look-up that missed the cache waits for the service.
    pub lookup_timeout_ms: u64,
}

#[derive(Debug, Clone)]
pub struct Shop {
    pub name: String,
    pub country: Country,
    pub currency: Currency,
    /// Device id of this till; it is in every payment reference, so keep it short and unique per
    /// sales unit.
    pub pos_id: String,
    /// `[shop] confirm_pieces_above` / `confirm_kg_above`: quantities that ask first.
    pub limits: crate::domain::Limits,
    /// Checked (9 digits, MOD11) when the config is read; printed on every receipt.
    pub org_number: Option<OrgNumber>,
    /// Street, postcode and place: a line each on the receipt.
    pub address: Vec<String>,
    /// Registered for VAT: "MVA" follows the organisation number.
    pub vat_registered: bool,
}

#[derive(Debug, Clone)]
pub struct Vipps {
    pub base_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub subscription_key: Secret,
    pub msn: String,
    pub system_name: String,
    pub system_version: String,
    pub plugin_name: String,
    pub plugin_version: String,
    pub timeout_ms: u64,
    pub capture: CaptureMode,
    pub login_scopes: String,
    pub checkin: bool,
}

#[derive(Debug, Clone)]
pub struct Webhook {
    /// Address the embedded listener binds; `None` means polling only.
    pub listen: Option<SocketAddr>,
    /// The URL registered with Vipps. Its host and path+query are what the HMAC is checked
    /// against, never the request line (a reverse proxy may rewrite that).
    pub public_url: Option<String>,
    pub max_age_secs: u64,
    pub max_body_bytes: usize,
}

#[derive(Debug, Clone)]
pub struct Scanner {
    pub port: Option<String>,
    pub profile: Option<String>,
    pub profile_dir: PathBuf,
}

/// Environment variables that override the file, so secrets can stay out of it.
pub const ENV_CLIENT_ID: &str = "KASSE_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "KASSE_CLIENT_SECRET";
pub const ENV_SUBSCRIPTION_KEY: &str = "KASSE_SUBSCRIPTION_KEY";
pub const ENV_MSN: &str = "KASSE_MSN";
pub const ENV_CONFIG: &str = "KASSE_CONFIG";
pub const ENV_CLUB_TOKEN: &str = "KASSE_CLUB_TOKEN";

/// The default config path: `$XDG_CONFIG_HOME/kasse/kasse.toml`.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("kasse").join("kasse.toml"))
}

/// Where kasse keeps its data (demo database, logs) when the config does not say.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("kasse")
}

/// The warning to give when the config file at `path` can be read or written by users other
/// than its owner: it may hold the client secret and subscription key. `None` when the file is
/// private, cannot be inspected, or the platform has no such permissions.
pub fn permission_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "the config file {} is open to other users (mode {:03o}) and may hold secrets: \
                 chmod 600 it",
                path.display(),
                mode & 0o777
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

impl Config {
    /// Load from an explicit path (which must exist), or from the default path if a file is
    /// there, or else the demo configuration.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        match explicit {
            Some(p) => Config::from_file(p, &env),
            None => match env(ENV_CONFIG).map(PathBuf::from).or_else(default_path) {
                Some(p) if p.exists() => Config::from_file(&p, &env),
                _ => Config::from_str_with("", None, &env),
            },
        }
    }

    /// The demo configuration, with no file and no environment.
    pub fn demo() -> Config {
        Config::from_str_with("", None, &|_| None).expect("the empty config is valid")
    }

    fn from_file(path: &Path, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_str_with(&text, Some(path), env)
    }

    /// Parse TOML text; `env` answers environment look-ups (a parameter so tests stay pure).
    pub fn from_str_with(
        text: &str,
        path: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let shown = path
            .map(Path::to_path_buf)
            .unwrap_or_else(|| "<defaults>".into());
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            // The TOML is read a second time to name the key with its table: serde's message
            // names the field alone, and a syntax error has no key to name.
            match toml::from_str::<toml::Table>(text)
                .ok()
                .and_then(|t| check::first_bad_key(&t))
            {
                Some(bad) => ConfigError::Invalid {
                    path: shown.clone(),
                    key: bad.key,
                    reason: bad.reason,
                },
                None => ConfigError::Parse {
                    path: shown.clone(),
                    message: e.to_string().trim().replace('\n', " "),
                },
            }
        })?;
        let invalid = |key: &str, reason: String| ConfigError::Invalid {
            path: shown.clone(),
            key: key.to_string(),
            reason,
        };

        let environment = raw.environment.unwrap_or(Environment::Demo);
        let country = match raw.shop.country.as_deref() {
            None => Country::Norway,
            Some(c) => Country::from_code(c).ok_or_else(|| {
                invalid("shop.country", format!("`{c}` is not one of NO, DK, FI"))
            })?,
        };
        let pos_id = raw.shop.pos_id.unwrap_or_else(|| "till1".into());
        if pos_id.is_empty()
            || pos_id.len() > 20
            || !pos_id.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(invalid(
                "shop.pos_id",
                "must be 1 to 20 letters or digits (it becomes part of every payment reference)"
                    .into(),
            ));
        }

        let v = raw.vipps;
        let secret_or_env = |file: Option<Secret>, var: &str| {
            env(var).map(Secret::new).or(file).unwrap_or_default()
        };
        let vipps = Vipps {
            base_url: v
                .base_url
                .unwrap_or_else(|| environment.default_base_url().to_string())
                .trim_end_matches('/')
                .to_string(),
            client_id: env(ENV_CLIENT_ID).or(v.client_id).unwrap_or_default(),
            client_secret: secret_or_env(v.client_secret, ENV_CLIENT_SECRET),
            subscription_key: secret_or_env(v.subscription_key, ENV_SUBSCRIPTION_KEY),
            msn: env(ENV_MSN).or(v.msn).unwrap_or_default(),
            system_name: v.system_name.unwrap_or_else(|| "kasse".into()),
            system_version: v
                .system_version
                .unwrap_or_else(|| env!("CARGO_PKG_VERSION").into()),
            plugin_name: v.plugin_name.unwrap_or_else(|| "kasse-till".into()),
            plugin_version: v
                .plugin_version
                .unwrap_or_else(|| env!("CARGO_PKG_VERSION").into()),
            timeout_ms: v.timeout_ms.unwrap_or(10_000),
            capture: v.capture.unwrap_or(CaptureMode::Auto),
            login_scopes: v
                .login_scopes
                .unwrap_or_else(|| "openid name phoneNumber email".into()),
            // Vipps's test environment answers 500 to every Check-in call, so there it is
            // only on when asked for.
            checkin: v
                .checkin
                .unwrap_or(country == Country::Norway && environment != Environment::Test),
        };
        for (key, value) in [
            ("vipps.system_name", &vipps.system_name),
            ("vipps.system_version", &vipps.system_version),
            ("vipps.plugin_name", &vipps.plugin_name),
            ("vipps.plugin_version", &vipps.plugin_version),
        ] {
            if value.len() > 30 {
                return Err(invalid(key, "at most 30 characters".into()));
            }
        }
        if !vipps.msn.is_empty()
            && !(4..=10).contains(&vipps.msn.len()) | !vipps.msn.chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid("vipps.msn", "must be 4 to 10 digits".into()));
        }
        if environment != Environment::Demo {
            // All of them at once: a shop owner fixing one per run would start the till four times.
            let missing: Vec<String> = [
                ("vipps.client_id", ENV_CLIENT_ID, vipps.client_id.is_empty()),
                (
                    "vipps.client_secret",
                    ENV_CLIENT_SECRET,
                    vipps.client_secret.is_empty(),
                ),
                (
                    "vipps.subscription_key",
                    ENV_SUBSCRIPTION_KEY,
                    vipps.subscription_key.is_empty(),
                ),
                ("vipps.msn", ENV_MSN, vipps.msn.is_empty()),
            ]
            .iter()
            .filter(|(_, _, m)| *m)
            .map(|(key, var, _)| format!("`{key}` (or {var})"))
            .collect();
            if !missing.is_empty() {
                return Err(ConfigError::Missing {
                    path: shown.clone(),
                    mode: environment.label(),
                    keys: missing.join(", "),
                });
            }
            platform_url(&vipps.base_url).map_err(|r| invalid("vipps.base_url", r))?;
        }
        // A production till sells for real and keeps the books: it may never reach the
        // simulator or a test system, so its API is the real one and nothing else.
        if environment == Environment::Production
            && vipps.base_url != Environment::Production.default_base_url()
        {
            return Err(invalid(
                "vipps.base_url",
                format!(
                    "a production till talks to {} only (the simulator and test systems are for \
                     demo and test mode)",
                    Environment::Production.default_base_url()
                ),
            ));
        }

        let listen = match raw.webhook.listen.as_deref() {
            None | Some("") => None,
            Some(a) => Some(a.parse::<SocketAddr>().map_err(|e| {
                invalid(
                    "webhook.listen",
                    format!("`{a}` is not an address:port ({e})"),
                )
            })?),
        };
        let public_url = raw.webhook.public_url.filter(|u| !u.is_empty());
        if let Some(u) = &public_url {
            if environment == Environment::Demo {
                if !u.starts_with("https://") && !u.starts_with("http://") {
                    return Err(invalid(
                        "webhook.public_url",
                        "must be an http(s) URL".into(),
                    ));
                }
            } else {
                platform_url(u).map_err(|r| invalid("webhook.public_url", r))?;
            }
        }

        let keys = crate::till::Keymap::with_overrides(
            raw.keys.iter().map(|(a, k)| (a.as_str(), k.as_str())),
        )
        .map_err(|(action, e)| invalid(&format!("keys.{action}"), e.to_string()))?;
        let org_number = match raw.shop.org_number.as_deref() {
            Some(o) if !o.is_empty() => {
                Some(OrgNumber::parse(o).map_err(|e| invalid("shop.org_number", e.to_string()))?)
            }
            // The demo shop has the placeholder number Skatteetaten's examples use (valid MOD11).
            _ if environment == Environment::Demo => OrgNumber::parse("999999999").ok(),
            _ => None,
        };
        let printer_device = match raw.printer.device.as_deref() {
            None | Some("") => None,
            Some(d) => Some(
                crate::printer::Device::parse(d)
                    .map_err(|e| invalid("printer.device", e.to_string()))?,
            ),
        };
        let printer_profile = crate::printer::find_profile(
            raw.printer
                .profile
                .as_deref()
                .filter(|p| !p.is_empty())
                .unwrap_or(crate::printer::DEFAULT_PROFILE),
        )
        .map_err(|e| invalid("printer.profile", e.to_string()))?;
        let club = match raw.club.url.filter(|u| !u.is_empty()) {
            None => None,
            Some(url) => {
                if !url.starts_with("https://") && !url.starts_with("http://") {
                    return Err(invalid("club.url", "must be an http(s) URL".into()));
                }
                let token = secret_or_env(raw.club.token, ENV_CLUB_TOKEN);
                if token.is_empty() {
                    return Err(invalid(
                        "club.token",
                        format!("required with club.url (or set {ENV_CLUB_TOKEN})"),
                    ));
                }
                let sync_secs = raw.club.sync_secs.unwrap_or(3);
                if !(1..=3600).contains(&sync_secs) {
                    return Err(invalid("club.sync_secs", "1 to 3600 seconds".into()));
                }
                Some(Club {
                    url: url.trim_end_matches('/').to_string(),
                    token,
                    sync_secs,
                    lookup_timeout_ms: raw.club.lookup_timeout_ms.unwrap_or(300).clamp(50, 10_000),
                })
            }
        };

        let data = data_dir();
        let database = raw.database.path.unwrap_or_else(|| {
            data.join(if environment == Environment::Demo {
                "demo.sqlite"
            } else {
                "kasse.sqlite"
            })
        });
        Ok(Config {
            source: path.map(Path::to_path_buf),
            environment,
            language: raw.language.unwrap_or(Language::Norwegian),
            shop: Shop {
                name: raw.shop.name.unwrap_or_else(|| "Demobutikken".into()),
                currency: country.currency(),
                country,
                pos_id,
                limits: crate::domain::Limits {
                    max_pieces: raw
                        .shop
                        .confirm_pieces_above
                        .unwrap_or(crate::domain::Limits::default().max_pieces),
                    max_grams: raw
                        .shop
                        .confirm_kg_above
                        .map_or(crate::domain::Limits::default().max_grams, |kg| {
                            kg.saturating_mul(1000)
                        }),
                },
                org_number,
                address: raw.shop.address,
                vat_registered: raw.shop.vat_registered.unwrap_or(true),
            },
            vipps,
            database,
            webhook: Webhook {
                listen,
                public_url,
                max_age_secs: raw.webhook.max_age_secs.unwrap_or(15 * 60),
                max_body_bytes: raw.webhook.max_body_bytes.unwrap_or(64 * 1024),
            },
            scanner: Scanner {
                port: raw.scanner.port.filter(|p| !p.is_empty()),
                profile: raw.scanner.profile.filter(|p| !p.is_empty()),
                profile_dir: raw
                    .scanner
                    .profile_dir
                    .unwrap_or_else(|| PathBuf::from("scanner-profiles")),
            },
            log_file: raw.log.file.unwrap_or_else(|| data.join("kasse.log")),
            sale: SaleRules {
                returns_without_receipt: raw.sale.returns_without_receipt.unwrap_or(false),
            },
            keys,
            printer: Printer {
                device: printer_device,
                profile: printer_profile,
            },
            club,
        })
    }
}

/// The URLs the real platform is given or called on must be HTTPS: Vipps registers only public
/// HTTPS webhook URLs. Plain HTTP is let through for a loopback host alone, which can only be a
/// simulator on this machine. Returns whether the URL is plain HTTP on loopback.
fn platform_url(url: &str) -> Result<bool, String> {
    if url.starts_with("https://") {
        return Ok(false);
    }
    if let Some(rest) = url.strip_prefix("http://") {
        if is_loopback_host(rest) {
            return Ok(true);
        }
        return Err(format!(
            "`{url}` is plain http://; Vipps takes only https:// URLs (http:// is allowed \
             only for a loopback address such as 127.0.0.1, i.e. a simulator on this machine)"
        ));
    }
    Err(format!(
        "`{url}` must be an https:// URL (http:// only for a loopback address)"
    ))
}

/// Whether the authority at the start of `rest` (what follows `http://`) names this machine.
fn is_loopback_host(rest: &str) -> bool {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Config {
    /// One line for each platform URL that is plain HTTP on loopback (allowed for a local
    /// simulator), for the log at start: such a till cannot talk to the real Vipps.
    pub fn plain_http_notes(&self) -> Vec<String> {
        if self.environment == Environment::Demo {
            return Vec::new();
        }
        let urls = [
            ("vipps.base_url", Some(self.vipps.base_url.as_str())),
            ("webhook.public_url", self.webhook.public_url.as_deref()),
        ];
        urls.into_iter()
            .filter_map(|(key, url)| {
                let url = url?;
                platform_url(url).ok()?.then(|| {
                    format!(
                        "{key} `{url}` is plain http:// on a loopback address: allowed for a \
                         local simulator only; Vipps itself takes https:// alone"
                    )
                })
            })
            .collect()
    }
}

mod check;
mod file;
mod show;

#[cfg(test)]
mod tests;
