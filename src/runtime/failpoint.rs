//! Failpoints: named places at the step boundaries of a sale where the process can be made to
//! die on purpose, so the crash tests can prove that recovery loses no sale and moves no money
//! twice, whatever step the till was killed at.
//!
//! `KASSE_FAILPOINT=<name>` makes [`hit`] with that name abort the process: no destructors, no
//! flushing, no unwinding, as abrupt as SIGKILL. Unset, a hit costs one load of a cached value.

use std::sync::OnceLock;

/// The environment variable that names the failpoint to die at.
pub const ENV: &str = "KASSE_FAILPOINT";

/// After the sale and its create are journalled, before the create request leaves.
pub const CREATE_BEFORE_SEND: &str = "create.before_send";
/// After the create request was answered, before the answer is stored in the journal.
pub const CREATE_AFTER_SEND: &str = "create.after_send";
/// The payment is known AUTHORIZED; nothing about the capture is written or sent yet.
pub const CAPTURE_BEFORE_JOURNAL: &str = "capture.before_journal";
/// The capture is journalled, its request not yet sent.
pub const CAPTURE_BEFORE_SEND: &str = "capture.before_send";
/// The capture was answered; neither the journal nor the sale records it yet.
pub const CAPTURE_AFTER_SEND: &str = "capture.after_send";
/// The capture's journal entry is finished; the sale does not show it captured yet.
pub const CAPTURE_BEFORE_STORE: &str = "capture.before_store";
/// The refund is journalled, its request not yet sent.
pub const REFUND_BEFORE_SEND: &str = "refund.before_send";
/// The refund was answered; neither the journal nor the sale records it yet.
pub const REFUND_AFTER_SEND: &str = "refund.after_send";
/// A cancel or release is journalled and not sent.
pub const CANCEL_BEFORE_SEND: &str = "cancel.before_send";
/// The cancel was answered; the journal does not record it yet.
pub const CANCEL_AFTER_SEND: &str = "cancel.after_send";

/// Every failpoint, for tests and documentation.
pub const ALL: [&str; 10] = [
    CREATE_BEFORE_SEND,
    CREATE_AFTER_SEND,
    CAPTURE_BEFORE_JOURNAL,
    CAPTURE_BEFORE_SEND,
    CAPTURE_AFTER_SEND,
    CAPTURE_BEFORE_STORE,
    REFUND_BEFORE_SEND,
    CANCEL_BEFORE_SEND,
    REFUND_AFTER_SEND,
    CANCEL_AFTER_SEND,
];

static ARMED: OnceLock<Option<String>> = OnceLock::new();

fn armed() -> Option<&'static str> {
    ARMED
        .get_or_init(|| std::env::var(ENV).ok().filter(|v| !v.is_empty()))
        .as_deref()
}

/// Die here if `KASSE_FAILPOINT` names this failpoint.
#[inline]
pub fn hit(name: &str) {
    if armed() == Some(name) {
        die(name);
    }
}

#[cold]
fn die(name: &str) -> ! {
    // The one line the crash tests see on stderr; stderr is unbuffered, so it gets out.
    eprintln!("kasse: failpoint `{name}` hit: aborting");
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_a_miss_returns() {
        let mut names = ALL.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        // The unit tests never arm a failpoint, so every hit must come back.
        assert_eq!(armed(), None);
        for name in ALL {
            hit(name);
        }
    }
}
