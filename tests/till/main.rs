//! The whole till: a checkout end to end, in tmux, crash recovery with the till in a child process, domain properties, and secrets kept out of logs and configs.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod crash_support;

mod crash_recovery;
mod e2e_tmux;
mod flow_checkout;
mod prop_domain;
mod secrets_config;
mod secrets_leaks;
