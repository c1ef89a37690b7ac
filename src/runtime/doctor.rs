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
            r.ok(
                "database",
                format!(
                    "{} ({members} members, {products} products)",
                    config.database.display()
                ),
            );
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
