//! `kasse doctor`: one screenful that tells the shop owner what works and what to fix.

use super::setup::open_store;
use crate::config::{Config, Environment};
use crate::vipps::VippsClient;

struct Report {
    failures: usize,
}

impl Report {
    fn ok(&self, what: &str, detail: impl AsRef<str>) {
        println!("  ok    {what}: {}", detail.as_ref());
    }
    fn warn(&self, what: &str, detail: impl AsRef<str>) {
        println!("  warn  {what}: {}", detail.as_ref());
    }
    fn fail(&mut self, what: &str, detail: impl AsRef<str>) {
        self.failures += 1;
        println!("  FAIL  {what}: {}", detail.as_ref());
    }
}

pub async fn doctor(config: &Config) -> anyhow::Result<()> {
    let mut r = Report { failures: 0 };
    println!("kasse doctor ({})", config.environment.label());
    match &config.source {
        Some(p) => r.ok("config", p.display().to_string()),
        None => r.ok(
            "config",
            "none found: demo mode with the built-in simulator",
        ),
    }
    if let Some(warning) = config
        .source
        .as_deref()
        .and_then(crate::config::permission_warning)
    {
        r.warn("config", warning);
    }
    for note in config.plain_http_notes() {
        r.warn("config", note);
    }

    let store = match open_store(config) {
        Ok(s) => {
            let members = s.count_members().unwrap_or(0);
            let products = s.count_products().unwrap_or(0);
            let schema = s
                .schema_version()
                .map_or_else(|e| format!("unreadable: {e}"), |v| v.to_string());
            r.ok(
                "database",
                format!(
                    "{} (schema {schema}, {members} members, {products} products)",
                    config.database.display()
                ),
            );
            for (what, warning) in empty_tables(config, products, members) {
                r.warn(what, warning);
            }
            Some(s)
        }
        Err(e) => {
            r.fail("database", format!("{e:#}"));
            None
        }
    };

    if config.environment == Environment::Demo {
        r.ok(
            "credentials",
            "demo mode uses the built-in simulator; none needed",
        );
    } else {
        match VippsClient::new(&config.vipps) {
            Ok(client) => match client.list_webhooks().await {
                Ok(list) => {
                    r.ok(
                        "credentials",
                        format!("access token fetched from {}", config.vipps.base_url),
                    );
                    check_webhooks(&mut r, config, store.as_ref(), &list);
                }
                Err(e) => r.fail("credentials", e.to_string()),
            },
            Err(e) => r.fail("credentials", e.to_string()),
        }
    }

    let ports = crate::scanner::detect::list_ports();
    match crate::scanner::profile::profiles_for(&config.scanner.profile_dir) {
        Ok(profiles) => match crate::scanner::setup::plan(&config.scanner, &profiles, &ports) {
            Ok(plan) => match plan.serial {
                Some((port, profile)) => r.ok("scanner", format!("{port} with profile {}", profile.id)),
                None => r.warn(
                    "scanner",
                    format!(
                        "no serial scanner found ({} ports); keyboard-wedge scanners work as typed input",
                        ports.len()
                    ),
                ),
            },
            Err(e) => r.fail("scanner", e.to_string()),
        },
        Err(e) => r.fail("scanner profiles", e.to_string()),
    }
    check_printer(&mut r, config).await;

    if r.failures == 0 {
        println!("all checks passed");
        Ok(())
    } else {
        anyhow::bail!("{} check(s) failed", r.failures)
    }
}

/// What a till that sells for real (test or production) is missing to sell: a catalogue, and
/// members unless the club holds them. Demo mode has the demo data, so it is never warned.
fn empty_tables(config: &Config, products: u64, members: u64) -> Vec<(&'static str, String)> {
    if config.environment == Environment::Demo {
        return Vec::new();
    }
    let mut out = Vec::new();
    if products == 0 {
        out.push((
            "products",
            "the catalogue is empty, so every scan is an unknown item:              `kasse products import FILE` (docs/CSV.md)"
                .to_string(),
        ));
    }
    // With a club the members live in the club service; the local table is only its cache.
    if members == 0 && config.club.is_none() {
        out.push((
            "members",
            "no members, so no customer is recognised: `kasse members import FILE`              (docs/CSV.md), or enrol them at the till"
                .to_string(),
        ));
    }
    out
}

fn check_webhooks(
    r: &mut Report,
    config: &Config,
    store: Option<&crate::store::Store>,
    listed: &[crate::vipps::Registration],
) {
    let Some(url) = &config.webhook.public_url else {
        r.warn(
            "webhooks",
            "no public URL configured: the till works by polling alone",
        );
        return;
    };
    let at_api = listed.iter().any(|w| &w.url == url);
    let held = store
        .and_then(|s| s.registrations().ok())
        .is_some_and(|regs| regs.iter().any(|x| &x.url == url));
    match (at_api, held) {
        (true, true) => r.ok("webhooks", format!("{url} registered, secret held")),
        (true, false) => r.fail(
            "webhooks",
            "registered, but the secret is lost: run `kasse webhooks register`",
        ),
        (false, _) => r.fail(
            "webhooks",
            format!("{url} is not registered: run `kasse webhooks register`"),
        ),
    }
}

/// The receipt printer answers (nothing is printed); none configured is only a warning.
async fn check_printer(r: &mut Report, config: &Config) {
    let profile = &config.printer.profile;
    match &config.printer.device {
        None => r.warn(
            "printer",
            "none configured (printer.device): receipts on screen only",
        ),
        Some(crate::printer::Device::File(p)) => match std::fs::metadata(p) {
            Ok(_) => r.ok(
                "printer",
                format!("{} with profile {}", p.display(), profile.id),
            ),
            Err(e) => r.fail("printer", format!("{}: {e}", p.display())),
        },
        Some(d) => {
            match crate::printer::deliver(d, profile, &[], crate::printer::Timeouts::default())
                .await
            {
                Ok(_) => r.ok("printer", format!("{d} with profile {}", profile.id)),
                Err(e) => r.fail("printer", e.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        let env = |k: &str| match k {
            crate::config::ENV_CLIENT_ID => Some("id".to_string()),
            crate::config::ENV_CLIENT_SECRET => Some("cs".to_string()),
            crate::config::ENV_SUBSCRIPTION_KEY => Some("sk".to_string()),
            crate::config::ENV_MSN => Some("123456".to_string()),
            _ => None,
        };
        Config::from_str_with(text, None, &env).unwrap()
    }

    #[test]
    fn a_till_that_sells_for_real_is_warned_of_an_empty_catalogue_or_club() {
        let test = config("environment = \"test\"");
        let whats = |c: &Config, p, m| -> Vec<&str> {
            empty_tables(c, p, m).into_iter().map(|(w, _)| w).collect()
        };
        assert_eq!(whats(&test, 0, 0), ["products", "members"]);
        assert_eq!(whats(&test, 5, 0), ["members"]);
        assert_eq!(whats(&test, 0, 5), ["products"]);
        assert!(whats(&test, 5, 5).is_empty());
        let production = config("environment = \"production\"");
        assert_eq!(whats(&production, 0, 0), ["products", "members"]);
        assert!(
            whats(&Config::demo(), 0, 0).is_empty(),
            "demo has its demo data"
        );
        let club = config(
            "environment = \"test\"\n[club]\nurl = \"https://club.example.com\"\ntoken = \"t\"",
        );
        assert_eq!(
            whats(&club, 0, 0),
            ["products"],
            "the club holds the members"
        );
    }
}
