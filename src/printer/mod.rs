//! Receipts on paper and the cash drawer: a small printable document model, its ESC/POS and
//! plain-text renderings, the receipt layout, printer profiles, the transports (TCP, serial,
//! device or file), the printer's status, and the task that prints from a queue that
//! survives the printer being away.
//!
//! ESC/POS is written here, not taken from a crate: kasse needs about a dozen fixed
//! commands, the Norwegian letters must be byte-exact per code page, and the drawer kick must
//! send all five bytes of `ESC p m t1 t2`.

pub mod cli;
pub mod codepage;
pub mod decode;
pub mod doc;
pub mod escpos;
pub mod layout;
pub mod profile;
pub mod status;
pub mod task;
pub mod text;
pub mod transport;
mod words;

pub use codepage::CodePage;
pub use doc::{Align, Document, Item, Size, Style};
pub use layout::{receipt_document, test_page, Print, ShopFacts};
pub use profile::{builtin_profiles, find_profile, PrinterProfile, DEFAULT_PROFILE};
pub use status::Reported;
pub use task::{spawn_printer, PrintJob, PrinterHandle};
pub use transport::{deliver, Device, PrinterError, Timeouts};

/// How the printer stands, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PrinterState {
    /// No printer configured: receipts are on screen only.
    #[default]
    None,
    /// Configured; the printer task has not reported yet.
    Starting,
    Ready {
        /// Receipts still waiting to print.
        waiting: u32,
        drawer_open: bool,
        paper_low: bool,
    },
    /// The last attempt failed; receipts wait and are printed when it is back.
    Away { reason: String, waiting: u32 },
}
