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
    assert!(demo.printer.device.is_none() && demo.shop.org_number.is_none());
    assert_eq!(demo.printer.profile.id, "generic-80");
}
