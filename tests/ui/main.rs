//! The screen: snapshots, hit tests, hostile names.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod ui_support;

mod hostile_names;
mod report_screen;
mod signin_screen;
mod ui_counter;
mod ui_hit_test;
mod ui_snapshots;
