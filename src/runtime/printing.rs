//! The printer at the runtime's edge: the printer task started from the config, the core's
//! print and drawer effects handed to it, and its reports turned into `Msg`s.

use super::effects::Edges;
use crate::config::Config;
use crate::domain::{Country, IssuedReceipt};
use crate::printer::task::{PrinterEvent, PrinterSetup};
use crate::printer::{spawn_printer, Print, PrintJob, PrinterHandle, ShopFacts, Timeouts};
use crate::store::Store;
use crate::till::{Effect, Msg};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// The longest pause between attempts while the printer is away.
const MAX_RETRY: Duration = Duration::from_secs(30);
/// How often an idle printer that answers status is asked (drawer open, paper low).
const STATUS_EVERY: Duration = Duration::from_secs(5);

pub fn shop_facts(config: &Config) -> ShopFacts {
    ShopFacts {
        name: config.shop.name.clone(),
        org_number: config.shop.org_number.clone(),
        vat_registered: config.shop.vat_registered,
        address: config.shop.address.clone(),
    }
}

/// `None` when no printer is configured: receipts stay on screen.
pub fn start_printer(
    config: &Config,
    store: Arc<Mutex<Store>>,
    tx: UnboundedSender<Msg>,
) -> Option<PrinterHandle> {
    let device = config.printer.device.clone()?;
    tracing::info!(%device, profile = %config.printer.profile.id, "receipt printer");
    let setup = PrinterSetup {
        device,
        profile: config.printer.profile.clone(),
        shop: shop_facts(config),
        timeouts: Timeouts::default(),
        max_retry: MAX_RETRY,
        status_every: Some(STATUS_EVERY),
    };
    Some(spawn_printer(setup, store, move |e| {
        let msg = match e {
            PrinterEvent::State(s) => Msg::Printer(s),
            PrinterEvent::DrawerOpened(reason) => Msg::DrawerOpened {
                reason,
                result: Ok(()),
            },
            PrinterEvent::DrawerFailed { reason, error } => Msg::DrawerOpened {
                reason,
                result: Err(error),
            },
            PrinterEvent::Printed { .. } => return,
        };
        let _ = tx.send(msg);
    }))
}

/// Whether `t` (Unix seconds) falls in EU summer time: from the last Sunday of March to the
/// last Sunday of October, 01:00 UTC both.
fn eu_summer(t: i64) -> bool {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(t) else {
        return false;
    };
    let last_sunday_0100 = |month: time::Month| {
        let last = time::Date::from_calendar_date(at.year(), month, 31)
            .unwrap_or(time::macros::date!(1970 - 01 - 01));
        let back = last.weekday().number_days_from_sunday();
        let day = last - time::Duration::days(i64::from(back));
        day.with_hms(1, 0, 0)
            .map(|d| d.assume_utc().unix_timestamp())
            .unwrap_or(0)
    };
    (last_sunday_0100(time::Month::March)..last_sunday_0100(time::Month::October)).contains(&t)
}

/// The market's offset from UTC at `t`, in minutes: the time printed on its receipts.
pub fn market_offset_min(country: Country, t: i64) -> i32 {
    let standard = match country {
        Country::Norway | Country::Denmark => 60,
        Country::Finland => 120,
    };
    standard + if eu_summer(t) { 60 } else { 0 }
}

fn stamp(mut r: IssuedReceipt, country: Country) -> IssuedReceipt {
    if r.issued_at == 0 {
        r.issued_at = crate::store::now();
        r.utc_offset_min = market_offset_min(country, r.issued_at);
    }
    r
}

impl Edges {
    /// The one copy of a sales or return receipt: the journal is asked whether it has its copy
    /// (the rule holds across restarts), the copy is journaled, then printed marked KOPI.
    pub(super) async fn print_copy(&self, receipt: IssuedReceipt, cashier: Option<String>) -> Msg {
        use crate::till::CopyRefused;
        let Some(printer) = self.printer.clone() else {
            return Msg::CopyPrinted(Err(CopyRefused::Failed(
                "no printer configured (printer.device)".into(),
            )));
        };
        let books = self.books.clone();
        let of = receipt.clone();
        let journaled = self
            .db(move |s| -> Result<bool, String> {
                if crate::books::journal::copy_made(s, &of).map_err(|e| e.to_string())? {
                    return Ok(false);
                }
                let event = crate::domain::JournalEvent::CopyPrinted {
                    pos_id: of.pos_id.clone(),
                    number: of.number,
                    kind: of.kind,
                };
                books
                    // The copy's row is in training as its receipt is (the check above asks so).
                    .record(s, cashier.as_deref(), of.training, &event)
                    .map_err(|e| e.to_string())?;
                Ok(true)
            })
            .await
            .and_then(|r| r);
        match journaled {
            Ok(true) => {
                printer.print(PrintJob::Receipt {
                    receipt: Box::new(stamp(receipt, self.country)),
                    print: Print::Copy,
                });
                Msg::CopyPrinted(Ok(()))
            }
            Ok(false) => Msg::CopyPrinted(Err(CopyRefused::AlreadyMade)),
            Err(reason) => {
                tracing::error!(%reason, "cannot journal the copy");
                Msg::CopyPrinted(Err(CopyRefused::Failed(reason)))
            }
        }
    }

    pub(super) fn run_printing(&self, effect: Effect) {
        let Some(printer) = &self.printer else {
            if let Effect::OpenDrawer(reason) = effect {
                self.send(Msg::DrawerOpened {
                    reason,
                    result: Err("no printer configured (printer.device)".into()),
                });
            }
            return;
        };
        match effect {
            Effect::PrintReceipt(r) => printer.print(PrintJob::Receipt {
                receipt: Box::new(stamp(*r, self.country)),
                print: Print::Original,
            }),
            Effect::OpenDrawer(reason) => printer.open_drawer(reason),
            Effect::WithdrawReceipt { pos_id, trans_nr } => printer.withdraw(pos_id, trans_nr),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oslo_is_one_hour_ahead_in_winter_and_two_in_summer() {
        // 2025-12-01 12:00 UTC, 2025-07-01 12:00 UTC.
        assert_eq!(market_offset_min(Country::Norway, 1_764_590_400), 60);
        assert_eq!(market_offset_min(Country::Norway, 1_751_371_200), 120);
        // 2025-03-30 00:59:59 and 01:00:00 UTC: the change.
        assert_eq!(market_offset_min(Country::Norway, 1_743_296_399), 60);
        assert_eq!(market_offset_min(Country::Norway, 1_743_296_400), 120);
        assert_eq!(market_offset_min(Country::Finland, 1_764_590_400), 120);
    }
}
