//! The shared club on PostgreSQL and the tills' side of it.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod club_support;
#[path = "../ui/ui_support/mod.rs"]
mod ui_support;

mod club_cache;
mod club_cli;
mod club_service;
mod club_tills;
