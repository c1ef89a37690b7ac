//! The webhook listener: HMAC, bursts, group commit, faults and hostile input.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod webhook_support;

mod faults_webhooks;
mod hostile_webhooks;
mod webhook_burst;
mod webhook_group_commit;
mod webhook_hmac;
mod webhook_listener;
