//! Receipts through virtual printers, the printer CLI, the till with a printer.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod printer_cli;
mod printer_till;
mod printer_virtual;
