//! The printer task at the runtime's edge. Jobs come in on a channel and go into the queue
//! table first, then to the printer; the till never waits for either. A failure marks the
//! printer away and the queue is tried again with a growing pause (and at once on a new job
//! or a nudge), so receipts print, in order and once each, when the printer is back.

use super::escpos::{drawer_kick, encode};
use super::layout::{receipt_document, Print, ShopFacts};
use super::profile::PrinterProfile;
use super::transport::{deliver, Device, PrinterError, Timeouts};
use super::{Document, PrinterState, Reported};
use crate::domain::{DrawerReason, IssuedReceipt};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// One thing to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintJob {
    Receipt {
        receipt: Box<IssuedReceipt>,
        print: Print,
    },
    /// A report or other page the books lay out themselves.
    Document(Document),
}

/// What the task tells the till.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterEvent {
    State(PrinterState),
    /// The drawer kick reached the printer; the books journal it with its reason.
    DrawerOpened(DrawerReason),
    DrawerFailed {
        reason: DrawerReason,
        error: String,
    },
    /// A receipt reached the printer.
    Printed {
        pos_id: String,
        number: u64,
        print: Print,
    },
}

#[derive(Debug, Clone)]
pub struct PrinterSetup {
    pub device: Device,
    pub profile: PrinterProfile,
    pub shop: ShopFacts,
    pub timeouts: Timeouts,
    /// The longest pause between attempts while the printer is away.
    pub max_retry: Duration,
    /// With a profile that has status: how often an idle printer is asked how it stands, so
    /// a drawer left open or paper running out shows before the next receipt.
    pub status_every: Option<Duration>,
}

enum Command {
    Print(Box<PrintJob>),
    Drawer(DrawerReason),
    Withdraw { pos_id: String, trans_nr: String },
    Retry,
}

/// Cheap to clone; sending never blocks.
#[derive(Clone)]
pub struct PrinterHandle {
    tx: UnboundedSender<Command>,
}

impl PrinterHandle {
    pub fn print(&self, job: PrintJob) {
        let _ = self.tx.send(Command::Print(Box::new(job)));
    }

    pub fn open_drawer(&self, reason: DrawerReason) {
        let _ = self.tx.send(Command::Drawer(reason));
    }

    /// The customer got the receipt another way: do not print it when the printer is back.
    pub fn withdraw(&self, pos_id: String, trans_nr: String) {
        let _ = self.tx.send(Command::Withdraw { pos_id, trans_nr });
    }

    /// Try the queue now (the cashier says the printer is back).
    pub fn retry(&self) {
        let _ = self.tx.send(Command::Retry);
    }
}

pub fn spawn_printer(
    setup: PrinterSetup,
    store: Arc<Mutex<Store>>,
    events: impl Fn(PrinterEvent) + Send + 'static,
) -> PrinterHandle {
    let (tx, rx) = unbounded_channel();
    tokio::spawn(run(setup, store, rx, events));
    PrinterHandle { tx }
}

async fn db<T: Send + 'static>(
    store: &Arc<Mutex<Store>>,
    f: impl FnOnce(&mut Store) -> Result<T, crate::store::StoreError> + Send + 'static,
) -> Result<T, String> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .map_err(|_| "the database lock is poisoned".to_string())?;
        f(&mut guard).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("database task failed: {e}"))?
}

fn bytes_of(job: &PrintJob, setup: &PrinterSetup) -> Vec<u8> {
    let doc = match job {
        PrintJob::Receipt { receipt, print } => receipt_document(receipt, &setup.shop, *print),
        PrintJob::Document(d) => d.clone(),
    };
    encode(&doc, &setup.profile)
}

struct Task<F> {
    setup: PrinterSetup,
    store: Arc<Mutex<Store>>,
    events: F,
    reported: Option<Reported>,
    state: PrinterState,
}

impl<F: Fn(PrinterEvent)> Task<F> {
    fn show(&mut self, state: PrinterState) {
        if state != self.state {
            self.state = state.clone();
            (self.events)(PrinterEvent::State(state));
        }
    }

    fn ready(&self, waiting: u32) -> PrinterState {
        let r = self.reported.unwrap_or_default();
        PrinterState::Ready {
            waiting,
            drawer_open: r.drawer_open.unwrap_or(false),
            paper_low: r.paper_low,
        }
    }

    fn away(&mut self, e: &PrinterError, waiting: u32) {
        tracing::warn!(device = %self.setup.device, error = %e, waiting, "printer away");
        if let Some(r) = e.reported() {
            self.reported = Some(r);
        }
        self.show(PrinterState::Away {
            reason: e.to_string(),
            waiting,
        });
    }

    /// Print what waits, oldest first, until the queue is empty (true) or the printer fails.
    async fn drain(&mut self) -> bool {
        let waiting = match db(&self.store, |s| s.waiting_prints()).await {
            Ok(w) => w,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the print queue");
                return false;
            }
        };
        let total = waiting.len() as u32;
        for (done, q) in waiting.into_iter().enumerate() {
            let left = total - done as u32;
            let job: PrintJob = match serde_json::from_str(&q.job) {
                Ok(j) => j,
                Err(e) => {
                    // Written by this module; unreadable means a newer kasse wrote it.
                    tracing::error!(id = q.id, error = %e, "unreadable print job withdrawn");
                    let id = q.id;
                    let _ = db(&self.store, move |s| s.note_print_failure(id, "unreadable")).await;
                    let _ = db(&self.store, move |s| s.mark_printed(id)).await;
                    continue;
                }
            };
            let bytes = bytes_of(&job, &self.setup);
            match deliver(
                &self.setup.device,
                &self.setup.profile,
                &bytes,
                self.setup.timeouts,
            )
            .await
            {
                Ok(r) => {
                    if r.is_some() {
                        self.reported = r;
                    }
                    let id = q.id;
                    if let Err(e) = db(&self.store, move |s| s.mark_printed(id)).await {
                        tracing::error!(id, error = %e, "printed, but not marked in the queue");
                    }
                    if let PrintJob::Receipt { receipt, print } = &job {
                        tracing::info!(pos_id = %receipt.pos_id, number = receipt.number, ?print, "receipt printed");
                        (self.events)(PrinterEvent::Printed {
                            pos_id: receipt.pos_id.clone(),
                            number: receipt.number,
                            print: *print,
                        });
                    }
                    let ready = self.ready(left - 1);
                    self.show(ready);
                }
                Err(e) => {
                    let (id, msg) = (q.id, e.to_string());
                    let _ = db(&self.store, move |s| s.note_print_failure(id, &msg)).await;
                    self.away(&e, left);
                    return false;
                }
            }
        }
        let ready = self.ready(0);
        self.show(ready);
        true
    }

    /// Ask an idle printer how it stands (nothing is printed).
    async fn watch(&mut self) {
        match deliver(
            &self.setup.device,
            &self.setup.profile,
            &[],
            self.setup.timeouts,
        )
        .await
        {
            Ok(r) => {
                if r.is_some() {
                    self.reported = r;
                }
                let ready = self.ready(0);
                self.show(ready);
            }
            Err(e) => self.away(&e, 0),
        }
    }

    async fn kick(&mut self, reason: DrawerReason) {
        let kick = drawer_kick(&self.setup.profile);
        // No readiness check: a drawer opens with the paper out.
        let mut profile = self.setup.profile.clone();
        profile.status = false;
        match deliver(&self.setup.device, &profile, &kick, self.setup.timeouts).await {
            Ok(_) => {
                tracing::info!(?reason, "cash drawer opened");
                (self.events)(PrinterEvent::DrawerOpened(reason));
            }
            Err(e) => {
                tracing::warn!(?reason, error = %e, "cash drawer kick failed");
                (self.events)(PrinterEvent::DrawerFailed {
                    reason,
                    error: e.to_string(),
                });
            }
        }
    }
}

async fn run(
    setup: PrinterSetup,
    store: Arc<Mutex<Store>>,
    mut rx: UnboundedReceiver<Command>,
    events: impl Fn(PrinterEvent),
) {
    let max_retry = setup.max_retry;
    let mut task = Task {
        setup,
        store,
        events,
        reported: None,
        state: PrinterState::None,
    };
    // Whatever waited from before a restart goes first.
    let mut clear = task.drain().await;
    let mut pause = Duration::from_millis(500);
    loop {
        let watch = task
            .setup
            .status_every
            .filter(|_| task.setup.profile.status);
        let cmd = match (clear, watch) {
            (true, None) => match rx.recv().await {
                Some(c) => Some(c),
                None => return,
            },
            (true, Some(every)) => match tokio::time::timeout(every, rx.recv()).await {
                Ok(Some(c)) => Some(c),
                Ok(None) => return,
                Err(_) => {
                    task.watch().await;
                    continue;
                }
            },
            (false, _) => match tokio::time::timeout(pause, rx.recv()).await {
                Ok(Some(c)) => Some(c),
                Ok(None) => return,
                Err(_) => None,
            },
        };
        match cmd {
            Some(Command::Print(job)) => {
                let text = match serde_json::to_string(&job) {
                    Ok(t) => t,
                    Err(e) => {
                        tracing::error!(error = %e, "print job not serialisable");
                        continue;
                    }
                };
                let key = match job.as_ref() {
                    PrintJob::Receipt { receipt, .. } => {
                        Some((receipt.pos_id.clone(), receipt.number, receipt.trans_nr()))
                    }
                    PrintJob::Document(_) => None,
                };
                if let Err(e) = db(&task.store, move |s| {
                    let key = key.as_ref().map(|(p, n, t)| (p.as_str(), *n, t.as_str()));
                    s.enqueue_print(&text, key)
                })
                .await
                {
                    tracing::error!(error = %e, "cannot queue the print job");
                }
            }
            Some(Command::Drawer(reason)) => {
                task.kick(reason).await;
                continue;
            }
            Some(Command::Withdraw { pos_id, trans_nr }) => {
                let _ = db(&task.store, move |s| s.withdraw_print(&pos_id, &trans_nr)).await;
            }
            Some(Command::Retry) => pause = Duration::from_millis(500),
            None => pause = (pause * 2).min(max_retry),
        }
        clear = task.drain().await;
        if clear {
            pause = Duration::from_millis(500);
        }
    }
}
