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
