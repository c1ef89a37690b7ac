//! The SQLite store on real files: schema, payments, receipts, CSV, the store CLI.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod cli_store;
mod store_csv;
mod store_db;
mod store_payments;
mod store_receipts;
