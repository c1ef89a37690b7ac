//! The X and Z reports on screen: a real report, taken by the books from a real SQLite
//! journal holding a sale the core paid in cash, shown in its dialog, scrolled to its grand
//! totals; the Z report's question whole in every screen language.

use crate::ui_support::*;
use kasse::books::{self, Company, Signer, Stamp, TakenBy};
use kasse::config::{Environment, Language};
use kasse::domain::{IssuedReceipt, ReportKind};
use kasse::store::Store;
use kasse::till::{Dialog, Key, Msg, ShownReport, State};

/// The core's own cash sale of the small basket, as the store issued it.
fn cash_sale(s: &mut State) -> IssuedReceipt {
    fill_basket(s);
    keys(s, &[Key::Char('c')]);
    let effects = send(s, Msg::Key(Key::Enter));
    issue_receipt(s, &effects, 1);
    let mut r = s.done.as_ref().unwrap().issued.clone();
    // The runtime stamps the receipt when the store issues it.
    r.issued_at = 1_764_669_600;
    r.utc_offset_min = 60;
    r
}

/// The X report the books take of a journal holding `receipt`, as the till is told of it.
fn taken(receipt: &IssuedReceipt, lang: Language) -> ShownReport {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("till.sqlite")).unwrap();
    let signer = Signer::load_or_create(&mut store, &dir.path().join("key.pem")).unwrap();
    books::record_receipt(&mut store, &signer, receipt).unwrap();
    let company = Company {
        ident: "999999999".into(),
        name: "Bakeriet på hjørnet".into(),
    };
    let by = TakenBy {
        cashier: None,
        training: false,
        stamp: Stamp {
            at: receipt.issued_at + 600,
            utc_offset_min: 60,
        },
    };
    let report = books::take_x(&mut store, &receipt.pos_id, &company, by).unwrap();
    let mut lines = kasse::ui::text::report_lines(&report, lang);
    ShownReport {
        kind: ReportKind::X,
        number: report.meta.number,
        title: lines.remove(0),
        lines,
        printed: false,
    }
}

fn report_on_screen(lang: Language) -> State {
    let mut s = till(lang, Environment::Test);
    let receipt = cash_sale(&mut s);
    keys(&mut s, &[Key::F(12), Key::Char('X')]);
    send(&mut s, Msg::ReportTaken(Ok(taken(&receipt, lang))));
    assert!(matches!(s.dialog, Some(Dialog::Report { .. })));
    s
}

#[test]
fn the_x_report_is_read_on_screen_and_scrolls_to_its_grand_totals() {
    let mut s = report_on_screen(Language::Norwegian);
    // The screen says how much it shows; the page keys go by it.
    let view = kasse::ui::view(ratatui_area(80, 24), &s);
    send(&mut s, Msg::View(view));
    let top = picture(&s, 80, 24);
    insta::assert_snapshot!("x_report_top_nb_80x24", top);
    assert!(top.contains("X-RAPPORT 1"), "{top}");
    assert!(top.contains("Salg (1)"), "{top}");
    assert!(!top.contains("Grand total"), "{top}");
    keys(&mut s, &[Key::End]);
    let end = picture(&s, 80, 24);
    insta::assert_snapshot!("x_report_end_nb_80x24", end);
    assert!(end.contains("Grand total"), "{end}");
    // One line up from the end moves at once: the last line leaves the screen.
    keys(&mut s, &[Key::Up]);
    let up = picture(&s, 80, 24);
    assert_ne!(up, end);
    keys(&mut s, &[Key::Enter]);
    assert!(s.dialog.is_none());
}

#[test]
fn the_report_is_in_the_cashiers_language() {
    for (lang, title, sales) in [
        (Language::English, "X REPORT 1", "Sales (1)"),
        (Language::Danish, "X-RAPPORT 1", "Salg (1)"),
        (Language::Finnish, "X-RAPORTTI 1", "Myynti (1)"),
    ] {
        let s = report_on_screen(lang);
        let p = picture(&s, 80, 24);
        assert!(p.contains(title) && p.contains(sales), "{lang:?}:\n{p}");
    }
}

#[test]
fn the_z_question_is_whole_in_every_language() {
    for lang in Language::ALL {
        let mut s = till(lang, Environment::Test);
        keys(&mut s, &[Key::Char('Z')]);
        assert_eq!(s.dialog, Some(Dialog::ConfirmZ));
        let p = picture(&s, 80, 24);
        // The text's last word is on screen: nothing cut off.
        let text = kasse::ui::text::t(lang, kasse::ui::text::T::ConfirmZText);
        let last = text.split_whitespace().last().unwrap();
        assert!(p.contains(last), "{lang:?}: `{last}` missing:\n{p}");
        if lang == Language::Norwegian {
            insta::assert_snapshot!("confirm_z_nb_80x24", p);
        }
    }
}

fn ratatui_area(width: u16, height: u16) -> ratatui::layout::Rect {
    ratatui::layout::Rect::new(0, 0, width, height)
}

#[test]
fn the_page_keys_follow_the_screen_size() {
    let mut s = report_on_screen(Language::English);
    let small = kasse::ui::view(ratatui_area(80, 24), &s);
    let tall = kasse::ui::view(ratatui_area(120, 40), &s);
    assert!(tall.report_rows > small.report_rows);
    send(&mut s, Msg::View(small));
    keys(&mut s, &[Key::PageDown]);
    let Some(Dialog::Report { top, .. }) = &s.dialog else {
        panic!("report closed");
    };
    assert_eq!(*top, small.report_rows);
}

/// No hidden functions: the help lists the report keys, and where the shop has them the
/// return without a receipt and the sign-out.
#[test]
fn help_lists_the_books_keys() {
    let mut s = till(Language::English, Environment::Test);
    s.settings.returns_without_receipt = true;
    let kari = kasse::domain::CashierTag {
        id: "7".into(),
        name: "Kari".into(),
    };
    let mut signin = kasse::till::session::SignIn::new(None);
    signin.current = Some(kari.clone());
    signin.since_day = Some(s.today);
    s.signin = Some(signin);
    s.cashier = Some(kari);
    keys(&mut s, &[Key::F(1)]);
    let p = picture(&s, 120, 40);
    for (key, what) in [
        ("X", "Today's totals so far"),
        ("Z", "Close the day (once)"),
        ("o", "Sign the cashier out"),
    ] {
        assert!(
            p.lines().any(|l| l.contains(&format!("{key} {what}"))),
            "`{key} {what}` missing:\n{p}"
        );
    }
    assert!(p.contains(" R "), "{p}");
    // A shop without those has no lines for them.
    let mut plain = till(Language::English, Environment::Test);
    keys(&mut plain, &[Key::F(1)]);
    let p = picture(&plain, 120, 40);
    assert!(!p.contains("Sign the cashier out"), "{p}");
}
