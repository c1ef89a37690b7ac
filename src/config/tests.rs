//! Config parsing: defaults, overrides, refusals.

use super::*;

fn no_env(_: &str) -> Option<String> {
    None
}

#[test]
fn empty_config_is_demo() {
    let c = Config::from_str_with("", None, &no_env).unwrap();
    assert_eq!(c.environment, Environment::Demo);
    assert_eq!(c.shop.currency, Currency::Nok);
    assert!(c.webhook.listen.is_none());
}

#[test]
fn environment_overrides_secrets_and_never_shows_them() {
    let text = r#"
        environment = "test"
        [vipps]
        client_id = "abc"
        client_secret = "from-file"
        subscription_key = "sub-key-in-file"
        msn = "123456"
    "#;
    let env = |k: &str| (k == ENV_CLIENT_SECRET).then(|| "from-env-secret".to_string());
    let c = Config::from_str_with(text, Some(Path::new("k.toml")), &env).unwrap();
    assert_eq!(c.vipps.client_secret.expose(), "from-env-secret");
    let shown = c.redacted() + &format!("{c:?}");
    assert!(!shown.contains("from-env-secret"));
    assert!(!shown.contains("sub-key-in-file"));
    assert_eq!(c.vipps.base_url, "https://apitest.vipps.no");
}

#[test]
fn bad_values_name_the_key() {
    let cases = [
        ("[shop]\ncountry = \"SE\"", "shop.country"),
        ("[shop]\npos_id = \"till 1\"", "shop.pos_id"),
        ("[webhook]\nlisten = \"nowhere\"", "webhook.listen"),
        ("environment = \"test\"", "vipps.client_id"),
        ("[vipps]\nmsn = \"12\"", "vipps.msn"),
        ("[shop]\norg_number = \"974760674\"", "shop.org_number"),
        ("[shop]\norg_number = \"97476067\"", "shop.org_number"),
        ("[printer]\ndevice = \"ftp://x\"", "printer.device"),
        ("[printer]\nprofile = \"epson-tm-t1000\"", "printer.profile"),
    ];
    for (text, key) in cases {
        let err = Config::from_str_with(text, Some(Path::new("x.toml")), &no_env)
            .unwrap_err()
            .to_string();
        assert!(err.contains(key), "{text:?} gave {err}");
        assert!(err.contains("x.toml"), "{err}");
    }
}

#[test]
fn unknown_key_and_bad_toml_are_refused() {
    // A key the file cannot take is named with its table, and a typo meets its nearest key.
    for (text, key, hint) in [
        (
            "[shop]\nnmae = \"x\"",
            "shop.nmae",
            "did you mean `shop.name`?",
        ),
        (
            "capture = \"auto\"",
            "capture",
            "did you mean `vipps.capture`?",
        ),
        ("[vipps]\ncapture = \"later\"", "vipps.capture", "`confirm`"),
        ("environment = \"staging\"", "environment", "`production`"),
    ] {
        let err = Config::from_str_with(text, Some(Path::new("y.toml")), &no_env).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { .. }), "{text}: {err}");
        let err = err.to_string();
        assert!(err.contains(&format!("key `{key}`")), "{text}: {err}");
        assert!(err.contains(hint), "{text}: {err}");
        assert!(err.contains("y.toml"), "{err}");
    }
    // Broken TOML has no key to name: the parser's line and column say where.
    let err =
        Config::from_str_with("environment = ", Some(Path::new("y.toml")), &no_env).unwrap_err();
    assert!(matches!(err, ConfigError::Parse { .. }), "{err}");
    assert!(err.to_string().contains("line 1"), "{err}");
}

#[test]
fn every_missing_credential_is_listed_at_once() {
    let err = Config::from_str_with(
        "environment = \"test\"\n[vipps]\nclient_id = \"id\"\n",
        Some(Path::new("z.toml")),
        &no_env,
    )
    .unwrap_err();
    assert!(matches!(err, ConfigError::Missing { .. }), "{err}");
    let err = err.to_string();
    for key in ["vipps.client_secret", "vipps.subscription_key", "vipps.msn"] {
        assert!(err.contains(&format!("`{key}`")), "{err}");
    }
    assert!(!err.contains("vipps.client_id"), "it is set: {err}");
    assert!(
        err.contains("KASSE_CLIENT_SECRET") && err.contains("TEST"),
        "{err}"
    );
}

#[test]
fn club_needs_a_url_and_a_token_and_never_shows_the_token() {
    let c = Config::from_str_with("", None, &no_env).unwrap();
    assert!(c.club.is_none(), "no [club]: the till's own members");

    let text = "[club]\nurl = \"https://club.example.com/\"\ntoken = \"kct_secret\"\n";
    let c = Config::from_str_with(text, None, &no_env).unwrap();
    let club = c.club.as_ref().unwrap();
    assert_eq!(club.url, "https://club.example.com");
    assert_eq!(club.token.expose(), "kct_secret");
    assert_eq!((club.sync_secs, club.lookup_timeout_ms), (3, 300));
    assert!(!c.redacted().contains("kct_secret"));
    assert!(c.redacted().contains("club.url"));

    let env = |k: &str| (k == super::ENV_CLUB_TOKEN).then(|| "kct_env".to_string());
    let c = Config::from_str_with("[club]\nurl = \"http://127.0.0.1:8710\"\n", None, &env).unwrap();
    assert_eq!(c.club.unwrap().token.expose(), "kct_env");

    for (text, key) in [
        ("[club]\nurl = \"http://x\"\n", "club.token"),
        ("[club]\nurl = \"ftp://x\"\ntoken = \"t\"\n", "club.url"),
        (
            "[club]\nurl = \"http://x\"\ntoken = \"t\"\nsync_secs = 0\n",
            "club.sync_secs",
        ),
    ] {
        let err = Config::from_str_with(text, Some(Path::new("x.toml")), &no_env)
            .unwrap_err()
            .to_string();
        assert!(err.contains(key), "{text:?} gave {err}");
    }
}

/// 17.4: the quantities that ask first are configurable, with 99 pieces and 25 kg as default.
#[test]
fn quantity_limits_default_and_override() {
    let c = Config::from_str_with("", None, &no_env).unwrap();
    assert_eq!(c.shop.limits, crate::domain::Limits::default());
    assert_eq!(c.shop.limits.max_grams, 25_000);
    let text = "[shop]\nconfirm_pieces_above = 500\nconfirm_kg_above = 40\n";
    let c = Config::from_str_with(text, None, &no_env).unwrap();
    assert_eq!(c.shop.limits.max_pieces, 500);
    assert_eq!(c.shop.limits.max_grams, 40_000);
}

#[test]
fn a_production_till_reaches_the_real_api_only() {
    let secrets =
        "client_id = \"id\"\nclient_secret = \"s\"\nsubscription_key = \"k\"\nmsn = \"123456\"\n";
    let ok = format!("environment = \"production\"\n[vipps]\n{secrets}");
    let c = Config::from_str_with(&ok, None, &no_env).unwrap();
    assert_eq!(c.vipps.base_url, "https://api.vipps.no");
    for url in [
        "http://127.0.0.1:8700",
        "https://apitest.vipps.no",
        "https://api.vipps.no.evil",
    ] {
        let text =
            format!("environment = \"production\"\n[vipps]\nbase_url = \"{url}\"\n{secrets}");
        let err = Config::from_str_with(&text, None, &no_env).unwrap_err();
        assert!(err.to_string().contains("vipps.base_url"), "{url}: {err}");
    }
    let test =
        format!("environment = \"test\"\n[vipps]\nbase_url = \"http://127.0.0.1:8700\"\n{secrets}");
    assert!(Config::from_str_with(&test, None, &no_env).is_ok());
}

#[test]
fn the_shop_has_an_org_number_for_the_books() {
    let c = Config::from_str_with("[shop]\norg_number = \"123 456 785\"\n", None, &no_env).unwrap();
    let org = c.shop.org_number.map(|o| o.digits().to_string());
    assert_eq!(org.as_deref(), Some("123456785"));
    assert!(c.shop.vat_registered);
    let err = Config::from_str_with("[shop]\norg_number = \"12345\"\n", None, &no_env).unwrap_err();
    assert!(err.to_string().contains("shop.org_number"));
}

#[test]
fn returns_without_receipt_are_off_unless_the_shop_allows_them() {
    let c = Config::from_str_with("", None, &no_env).unwrap();
    assert!(!c.sale.returns_without_receipt);
    let c = Config::from_str_with("[sale]\nreturns_without_receipt = true", None, &no_env).unwrap();
    assert!(c.sale.returns_without_receipt);
    assert!(c
        .redacted()
        .lines()
        .any(|l| l.starts_with("sale.returns_without_receipt ") && l.ends_with("= true")));
    assert!(Config::from_str_with("[sale]\nreturns = true", None, &no_env).is_err());
}

const TEST_KEYS: &str =
    "client_id = \"abc\"\nclient_secret = \"s\"\nsubscription_key = \"k\"\nmsn = \"123456\"\n";

fn in_env(env: &str, vipps: &str, webhook: &str) -> Result<Config, ConfigError> {
    let text =
        format!("environment = \"{env}\"\n[vipps]\n{TEST_KEYS}{vipps}\n[webhook]\n{webhook}\n");
    Config::from_str_with(&text, Some(Path::new("z.toml")), &no_env)
}

#[test]
fn plain_http_is_refused_outside_demo_except_on_loopback() {
    for env in ["test", "production"] {
        for (vipps, webhook, key) in [
            (
                "base_url = \"http://api.example.com\"",
                "",
                "vipps.base_url",
            ),
            (
                "",
                "public_url = \"http://pos.example.com/hooks\"",
                "webhook.public_url",
            ),
            ("base_url = \"http://10.0.0.1:8080\"", "", "vipps.base_url"),
            (
                "",
                "public_url = \"http://127.0.0.1.example.com/h\"",
                "webhook.public_url",
            ),
            (
                "",
                "public_url = \"http://user@evil.example/x\"",
                "webhook.public_url",
            ),
        ] {
            let err = in_env(env, vipps, webhook).unwrap_err().to_string();
            assert!(err.contains(key), "{env} {vipps}{webhook}: {err}");
            assert!(err.contains("https://"), "the reason names HTTPS: {err}");
            assert!(
                err.contains("loopback"),
                "the reason says loopback is allowed: {err}"
            );
        }
        for (vipps, webhook) in [
            (
                "base_url = \"https://api.example.com\"",
                "public_url = \"https://pos.example.com/h\"",
            ),
            (
                "base_url = \"http://127.0.0.1:9000\"",
                "public_url = \"http://127.0.0.1:8080/h\"",
            ),
            (
                "base_url = \"http://localhost:9000\"",
                "public_url = \"http://[::1]:8080/h\"",
            ),
        ] {
            if env == "production" && !vipps.is_empty() {
                // A production till reaches https://api.vipps.no only (the books' rule).
                assert!(in_env(env, vipps, webhook).is_err());
                continue;
            }
            let c = in_env(env, vipps, webhook).unwrap_or_else(|e| panic!("{env}: {e}"));
            let notes = c.plain_http_notes();
            if vipps.contains("http://") {
                assert_eq!(notes.len(), 2, "loopback over http is said: {notes:?}");
            } else {
                assert!(notes.is_empty(), "{notes:?}");
            }
        }
    }
    // The demo talks to its own simulator, and may be pointed at any.
    let c = Config::from_str_with(
        "[webhook]\npublic_url = \"http://pos.example.com/h\"",
        None,
        &no_env,
    )
    .unwrap();
    assert!(c.plain_http_notes().is_empty());
}

#[test]
fn check_in_is_off_by_default_in_test_where_vipps_answers_500() {
    let checkin = |env: &str, extra: &str| in_env(env, extra, "").unwrap().vipps.checkin;
    assert!(!checkin("test", ""), "test: off unless asked for");
    assert!(checkin("test", "checkin = true"), "test: on when asked for");
    assert!(checkin("production", ""), "production in Norway: on");
    let demo = Config::from_str_with("", None, &no_env).unwrap();
    assert!(demo.vipps.checkin, "demo: the simulator answers it");
}

#[test]
fn keys_are_rebound_by_name_and_conflicts_refused_at_start() {
    let c = Config::from_str_with("[keys]\npay_vipps = \"g\"", None, &no_env).unwrap();
    assert_eq!(c.keys.label(crate::till::Action::Pay), "g");
    for (text, key) in [
        ("[keys]\npay_vipps = \"F11\"", "keys.pay_vipps"),
        ("[keys]\npay_vipps = \"p\"", "keys.pay_vipps"),
        ("[keys]\npayy = \"g\"", "keys.payy"),
        ("[keys]\npay_vipps = \"F99\"", "keys.pay_vipps"),
    ] {
        let err = Config::from_str_with(text, Some(Path::new("k.toml")), &no_env)
            .unwrap_err()
            .to_string();
        assert!(err.contains(key), "{text}: {err}");
    }
}

#[test]
fn shop_facts_and_printer_are_read() {
    let text = r#"
        [shop]
        org_number = "NO 974 760 673 MVA"
        vat_registered = true
        address = ["Storgata 1", "0155 Oslo"]
        [printer]
        device = "tcp://10.0.0.7"
        profile = "epson-tm-t88"
    "#;
    let c = Config::from_str_with(text, None, &no_env).unwrap();
    assert_eq!(c.shop.org_number.as_ref().unwrap().digits(), "974760673");
    assert!(c.shop.vat_registered);
    assert_eq!(c.shop.address.len(), 2);
    assert_eq!(
        c.printer.device,
        Some(crate::printer::Device::Tcp("10.0.0.7:9100".into()))
    );
    assert_eq!(c.printer.profile.id, "epson-tm-t88");
    let demo = Config::demo();
    assert!(demo.printer.device.is_none());
    assert_eq!(
        demo.shop
            .org_number
            .map(|o| o.digits().to_string())
            .as_deref(),
        Some("999999999")
    );
    assert_eq!(demo.printer.profile.id, "generic-80");
}

#[test]
fn config_show_is_written_as_the_file_writes_it_and_reads_back() {
    let text = "environment = \"test\"\nlanguage = \"da\"\n\
        [shop]\nname = \"Bager \\\"Ole\\\"\"\ncountry = \"DK\"\npos_id = \"k2\"\n\
        org_number = \"974760673\"\n\
        address = [\"Strøget 1\", \"1160 København\"]\n\
        [vipps]\nclient_id = \"id-1\"\nclient_secret = \"cs-secret-1\"\n\
        subscription_key = \"sk-secret-2\"\nmsn = \"123456\"\ncapture = \"confirm\"\n\
        [webhook]\nlisten = \"127.0.0.1:8080\"\n[printer]\ndevice = \"tcp://192.168.1.50:9100\"\n\
        [club]\nurl = \"https://club.example.com\"\ntoken = \"kct_secret\"\n";
    let c = Config::from_str_with(text, Some(Path::new("k.toml")), &no_env).unwrap();
    let shown = c.redacted();
    for line in ["environment", "language", "vipps.capture", "shop.country"] {
        assert!(
            shown.lines().any(|l| l.starts_with(line)),
            "{line}: {shown}"
        );
    }
    let value = |key: &str| {
        shown
            .lines()
            .find(|l| l.split(' ').next() == Some(key))
            .and_then(|l| l.split_once(" = "))
            .map(|(_, v)| v.to_string())
            .unwrap_or_else(|| panic!("{key} in {shown}"))
    };
    assert_eq!(value("environment"), "\"test\"");
    assert_eq!(value("language"), "\"da\"");
    assert_eq!(value("vipps.capture"), "\"confirm\"");
    // Aligned: every `=` of a value line in one column.
    let columns: std::collections::BTreeSet<usize> = shown
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.find(" = "))
        .collect();
    assert_eq!(columns.len(), 1, "{shown}");
    for secret in ["cs-secret-1", "sk-secret-2", "kct_secret"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    // The whole dump is a config file: read back (secrets from the environment, since they are
    // only comments there), it gives the same dump.
    let env = |k: &str| {
        [
            (super::ENV_CLIENT_SECRET, "cs-secret-1"),
            (super::ENV_SUBSCRIPTION_KEY, "sk-secret-2"),
            (super::ENV_CLUB_TOKEN, "kct_secret"),
        ]
        .iter()
        .find(|(var, _)| *var == k)
        .map(|(_, v)| v.to_string())
    };
    let again = Config::from_str_with(&shown, Some(Path::new("k.toml")), &env).unwrap();
    assert_eq!(again.redacted(), shown);
}
