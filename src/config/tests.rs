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
    for text in [
        "[shop]\nnmae = \"x\"",
        "environment = ",
        "environment = \"staging\"",
    ] {
        let err = Config::from_str_with(text, Some(Path::new("y.toml")), &no_env).unwrap_err();
        assert!(matches!(err, ConfigError::Parse { .. }), "{text}: {err}");
        assert!(err.to_string().contains("y.toml"));
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
    let c = Config::from_str_with("[shop]\norg_number = \"123 456 789\"\n", None, &no_env).unwrap();
    assert_eq!(c.shop.org_number.as_deref(), Some("123456789"));
    assert!(c.shop.vat_registered);
    assert_eq!(Config::demo().shop.org_number.as_deref(), Some("999999999"));
    let err = Config::from_str_with("[shop]\norg_number = \"12345\"\n", None, &no_env).unwrap_err();
    assert!(err.to_string().contains("shop.org_number"));
}

#[test]
fn returns_without_receipt_are_off_unless_the_shop_allows_them() {
    let c = Config::from_str_with("", None, &no_env).unwrap();
    assert!(!c.sale.returns_without_receipt);
    let c = Config::from_str_with("[sale]\nreturns_without_receipt = true", None, &no_env).unwrap();
    assert!(c.sale.returns_without_receipt);
    assert!(c.redacted().contains("sale.returns_without_receipt = true"));
    assert!(Config::from_str_with("[sale]\nreturns = true", None, &no_env).is_err());
}
