//! The till's side of the club without a network: the cache in a real SQLite file (number
//! changes, forgets, the outbox), and "klubb frakoblet" on the screen.

use crate::ui_support;

use kasse::config::{Environment, Language};
use kasse::domain::{Member, MemberSource, Msisdn};
use kasse::store::{CacheChange, Store};
use kasse::till::{ClubState, Msg};
use ui_support::{picture, send, till};

fn msisdn(s: &str) -> Msisdn {
    Msisdn::parse(&format!("+{s}"), kasse::domain::Country::Norway).unwrap()
}

fn member(number: &str, sub: Option<&str>, name: &str) -> Member {
    Member {
        msisdn: msisdn(number),
        sub: sub.map(Into::into),
        name: Some(name.into()),
        email: None,
        enrolled_at: 1_767_225_600,
        source: MemberSource::Login,
        consents: None,
    }
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("till.sqlite")).unwrap();
    (dir, store)
}

#[test]
fn the_feed_moves_a_member_to_a_new_number_and_advances_the_cursor() {
    let (_dir, mut s) = open();
    assert_eq!(s.club_cursor().unwrap(), 0);
    let kari = member("4791234567", Some("sub-kari"), "Kari");
    s.apply_club_changes(
        &[CacheChange {
            club_id: 7,
            member: Some(kari),
        }],
        3,
    )
    .unwrap();
    assert_eq!(s.club_cursor().unwrap(), 3);
    s.apply_club_changes(
        &[CacheChange {
            club_id: 7,
            member: Some(member("4799999999", Some("sub-kari"), "Kari")),
        }],
        5,
    )
    .unwrap();
    assert!(s.member_by_msisdn(&msisdn("4791234567")).unwrap().is_none());
    let moved = s.member_by_msisdn(&msisdn("4799999999")).unwrap().unwrap();
    assert_eq!(moved.sub.as_deref(), Some("sub-kari"));
    assert_eq!(s.count_members().unwrap(), 1);
    // An older page read again (a crash before the cursor moved) never moves it back.
    s.apply_club_changes(&[], 4).unwrap();
    assert_eq!(s.club_cursor().unwrap(), 5);
}

#[test]
fn a_member_enrolled_here_before_the_club_knew_them_is_one_row() {
    let (_dir, mut s) = open();
    // Enrolled here (row without club id), then the feed brings the same person.
    s.upsert_member(&member("4791234567", Some("sub-kari"), "Kari"))
        .unwrap();
    s.apply_club_changes(
        &[CacheChange {
            club_id: 1,
            member: Some(member("4791234567", Some("sub-kari"), "Kari N")),
        }],
        1,
    )
    .unwrap();
    assert_eq!(s.count_members().unwrap(), 1);
    assert_eq!(
        s.member_by_sub("sub-kari")
            .unwrap()
            .unwrap()
            .name
            .as_deref(),
        Some("Kari N")
    );
}

#[test]
fn a_forget_from_the_feed_removes_the_cached_member() {
    let (_dir, mut s) = open();
    s.apply_club_changes(
        &[CacheChange {
            club_id: 9,
            member: Some(member("4791234567", Some("sub-kari"), "Kari")),
        }],
        1,
    )
    .unwrap();
    s.apply_club_changes(
        &[CacheChange {
            club_id: 9,
            member: None,
        }],
        2,
    )
    .unwrap();
    assert!(s.member_by_msisdn(&msisdn("4791234567")).unwrap().is_none());
    assert_eq!(s.count_members().unwrap(), 0);
}

#[test]
fn an_unsent_enrolment_is_not_overwritten_by_an_older_feed_row() {
    let (_dir, mut s) = open();
    let fresh = member("4791234567", Some("sub-kari"), "Kari (new)");
    s.enrol_with_outbox(&fresh, "key-1", "{}").unwrap();
    assert_eq!(s.club_outbox_waiting().unwrap(), 1);
    s.apply_club_changes(
        &[CacheChange {
            club_id: 3,
            member: Some(member("4791234567", Some("sub-kari"), "Kari (old)")),
        }],
        1,
    )
    .unwrap();
    let held = s.member_by_msisdn(&fresh.msisdn).unwrap().unwrap();
    assert_eq!(held.name.as_deref(), Some("Kari (new)"));

    let pending = s.club_outbox_pending(10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].idempotency_key, "key-1");
    s.club_outbox_sent(pending[0].id).unwrap();
    assert_eq!(s.club_outbox_waiting().unwrap(), 0);
    assert!(s.club_outbox_pending(10).unwrap().is_empty());
}

#[test]
fn an_enrolment_and_its_outbox_entry_are_written_together_or_not_at_all() {
    let (_dir, mut s) = open();
    s.enrol_with_outbox(&member("4791234567", Some("sub-a"), "A"), "key-1", "{}")
        .unwrap();
    // The same key again: the outbox refuses it, and the member row is not written either.
    let other = member("4798765432", Some("sub-b"), "B");
    assert!(s.enrol_with_outbox(&other, "key-1", "{}").is_err());
    assert!(s.member_by_msisdn(&other.msisdn).unwrap().is_none());
    assert_eq!(s.club_outbox_waiting().unwrap(), 1);
}

#[test]
fn the_status_bar_says_klubb_frakoblet_only_while_the_club_is_out_of_reach() {
    let mut s = till(Language::Norwegian, Environment::Test);
    let top = |s: &kasse::till::State| picture(s, 80, 24).lines().next().unwrap_or("").to_string();
    assert!(!top(&s).contains("klubb"), "{}", top(&s));
    send(&mut s, Msg::ClubLink(false));
    assert_eq!(s.status.club, ClubState::Offline);
    assert!(top(&s).contains("klubb frakoblet"), "{}", top(&s));
    send(&mut s, Msg::ClubLink(true));
    assert_eq!(s.status.club, ClubState::Online);
    assert!(!top(&s).contains("klubb"), "{}", top(&s));

    let mut en = till(Language::English, Environment::Test);
    send(&mut en, Msg::ClubLink(false));
    assert!(top(&en).contains("club offline"), "{}", top(&en));
}
