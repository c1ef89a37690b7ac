//! The books: electronic journal, reports, SAF-T, cashiers, the books CLI, a cashier's day
//! through the till, and the journal under a crash.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod books_support;

mod books_cashiers;
mod books_flow;
mod books_journal;
mod books_reports;
mod books_saft;
mod cli_books;
mod crash_books;
