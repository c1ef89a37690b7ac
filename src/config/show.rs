//! `kasse config show`: the configuration in force, every secret redacted.

use super::Config;

impl Config {
    /// A human-readable dump with every secret redacted (for `kasse config show`).
    pub fn redacted(&self) -> String {
        let v = &self.vipps;
        let src = self
            .source
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none: demo defaults)".into());
        let club = match &self.club {
            None => "club              = (this till's own members)\n".to_string(),
            Some(c) => format!(
                "club.url          = {}\nclub.token        = {}\nclub.sync_secs    = {}\n",
                c.url, c.token, c.sync_secs
            ),
        };
        let text = format!(
            "source            = {src}\n\
             environment       = {}\n\
             language          = {:?}\n\
             shop.name         = {}\n\
             shop.country      = {}\n\
             shop.pos_id       = {}\n\
             shop.confirm_pieces_above = {}\n\
             shop.confirm_kg_above     = {}\n\
             vipps.base_url    = {}\n\
             vipps.client_id   = {}\n\
             vipps.client_secret    = {}\n\
             vipps.subscription_key = {}\n\
             vipps.msn         = {}\n\
             vipps.system      = {} {} / {} {}\n\
             vipps.timeout_ms  = {}\n\
             vipps.capture     = {:?}\n\
             vipps.login_scopes = {}\n\
             vipps.checkin     = {}\n\
             database.path     = {}\n\
             webhook.listen    = {}\n\
             webhook.public_url = {}\n\
             scanner.port      = {}\n\
             scanner.profile   = {}\n\
             log.file          = {}\n\
             sale.returns_without_receipt = {}\n\
             shop.org_number   = {}\n\
             shop.vat_registered = {}\n\
             printer.device    = {}\n\
             printer.profile   = {}\n",
            self.environment.label(),
            self.language,
            self.shop.name,
            self.shop.country.code(),
            self.shop.pos_id,
            self.shop.limits.max_pieces,
            self.shop.limits.max_grams / 1000,
            if v.base_url.is_empty() {
                "(built-in simulator)"
            } else {
                &v.base_url
            },
            v.client_id,
            v.client_secret,
            v.subscription_key,
            v.msn,
            v.system_name,
            v.system_version,
            v.plugin_name,
            v.plugin_version,
            v.timeout_ms,
            v.capture,
            v.login_scopes,
            v.checkin,
            self.database.display(),
            self.webhook
                .listen
                .map(|a| a.to_string())
                .unwrap_or_else(|| "(off: polling only)".into()),
            self.webhook.public_url.as_deref().unwrap_or("(none)"),
            self.scanner.port.as_deref().unwrap_or("(auto-detect)"),
            self.scanner.profile.as_deref().unwrap_or("(auto)"),
            self.log_file.display(),
            self.sale.returns_without_receipt,
            self.shop
                .org_number
                .as_ref()
                .map(|o| o.to_string())
                .unwrap_or_else(|| "(none)".into()),
            self.shop.vat_registered,
            self.printer
                .device
                .as_ref()
                .map(|d| d.to_string())
                .unwrap_or_else(|| "(none: receipts on screen only)".into()),
            self.printer.profile.id,
        );
        text + &club
    }
}
