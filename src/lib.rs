//! kasse: a terminal till for Vipps MobilePay in-store payments with customer club.
//!
//! The crate is split so that the sale itself ([`till`]) is a pure state machine and every
//! piece that touches the world (terminal, scanner, HTTP, database) sits at an edge.

// Nothing in the library needs it; tests and benches that drive ptys say so where they do.
#![forbid(unsafe_code)]

pub mod books;
pub mod club;
pub mod config;
pub mod domain;
mod owner_only;
pub mod printer;
pub mod runtime;
pub mod scanner;
pub mod secret;
pub mod sim;
pub mod store;
pub mod till;
pub mod ui;
pub mod vipps;
pub mod webhook;

#[cfg(test)]
mod layering;
