//! The client's log, in a test binary of its own: tracing caches per log site whether anyone
//! listens, and in a binary shared with other tests a site first hit by another test's thread
//! (no subscriber there) can stay silent for this test's thread-local subscriber.

#[path = "../api/client_support/mod.rs"]
mod client_support;

mod client_logging;
