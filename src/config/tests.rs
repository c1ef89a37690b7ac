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
    let c = Config::from_str_with("[keys]\npay = \"p\"", None, &no_env).unwrap();
    assert_eq!(c.keys.label(crate::till::Action::Pay), "p");
    for (text, key) in [
        ("[keys]\npay = \"F11\"", "keys.pay"),
        ("[keys]\npayy = \"p\"", "keys.payy"),
        ("[keys]\npay = \"F99\"", "keys.pay"),
    ] {
        let err = Config::from_str_with(text, Some(Path::new("k.toml")), &no_env)
            .unwrap_err()
            .to_string();
        assert!(err.contains(key), "{text}: {err}");
    }
}
