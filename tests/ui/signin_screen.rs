//! The books on the till's screen: the sign-in dialog (the PIN never drawn) and the training
//! banner, drawn from the real core through ratatui's `TestBackend`.

use crate::ui_support::*;
use kasse::config::{Environment, Language};
use kasse::till::session::SignIn;
use kasse::till::{Key, Msg};

#[test]
fn the_sign_in_dialog_shows_dots_never_the_pin() {
    for lang in [
        Language::Norwegian,
        Language::English,
        Language::Danish,
        Language::Finnish,
    ] {
        let mut s = till(lang, Environment::Test);
        s.signin = Some(SignIn::new(None));
        send(&mut s, Msg::Today(20_000));
        typed(&mut s, "42");
        keys(&mut s, &[Key::Enter]);
        typed(&mut s, "9731");
        let pic = picture(&s, 80, 24);
        let title = kasse::ui::text::signin_title(lang);
        assert!(pic.contains(title), "{lang:?}: the dialog is up\n{pic}");
        assert!(pic.contains("••••"), "{lang:?}: one dot per digit\n{pic}");
        assert!(
            !pic.contains("9731"),
            "{lang:?}: the PIN is never drawn\n{pic}"
        );
    }
}

#[test]
fn a_till_without_cashiers_shows_no_sign_in() {
    let s = till(Language::English, Environment::Test);
    assert!(!picture(&s, 80, 24).contains("Sign in"));
}

#[test]
fn training_mode_shows_its_banner_on_every_screen() {
    for lang in [
        Language::Norwegian,
        Language::English,
        Language::Danish,
        Language::Finnish,
    ] {
        let mut s = till(lang, Environment::Demo);
        s.settings.training = true;
        let banner = kasse::ui::text::training_banner(lang);
        let first_words: String = banner.chars().take(12).collect();
        assert!(
            picture(&s, 80, 24).contains(&first_words),
            "{lang:?}: idle screen"
        );
        fill_basket(&mut s);
        assert!(
            picture(&s, 80, 24).contains(&first_words),
            "{lang:?}: with a basket"
        );
    }
    let s = till(Language::English, Environment::Test);
    assert!(!picture(&s, 80, 24).contains("TRAINING MODE"));
}
