//! Bringing the edges up: the database, the simulator in demo mode, the API client, the
//! webhook listener, the scanner, and the till's first state.

use super::effects::Edges;
use super::webhooks;
use crate::config::{Config, Environment};
use crate::scanner::{self, ScannerMsg, ScannerStatus, WedgeConfig};
use crate::sim::{PendingKind, Sim, SimConfig};
use crate::store::Store;
use crate::till::{Msg, PhoneRequest, Settings, State};
use crate::vipps::VippsClient;
use anyhow::Context;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

/// Everything the event loop needs, and what to stop afterwards.
pub struct Started {
    pub edges: Edges,
    pub rx: UnboundedReceiver<Msg>,
    pub wedge: WedgeConfig,
    pub state: State,
    pub shutdown: Shutdown,
}

/// Background tasks and the simulator, stopped when the till closes.
pub struct Shutdown {
    tasks: Vec<JoinHandle<()>>,
    sim: Option<Sim>,
    webhook_stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Shutdown {
    pub async fn stop(self) {
        if let Some(stop) = self.webhook_stop {
            let _ = stop.send(());
        }
        for t in self.tasks {
            t.abort();
        }
        if let Some(sim) = self.sim {
            sim.shutdown().await;
        }
    }
}

pub fn settings(config: &Config) -> Settings {
    Settings {
        pos_id: config.shop.pos_id.clone(),
        shop_name: config.shop.name.clone(),
        country: config.shop.country,
        currency: config.shop.currency,
        capture: config.vipps.capture,
        checkin: config.vipps.checkin,
        language: config.language,
        environment: config.environment,
        login_scopes: config.vipps.login_scopes.clone(),
        training: config.environment == Environment::Demo,
        returns_without_receipt: config.sale.returns_without_receipt,
        limits: config.shop.limits,
        keys: config.keys.clone(),
    }
}

/// Open the database (seeding the demo catalogue and members in demo mode).
pub fn open_store(config: &Config) -> anyhow::Result<Store> {
    let mut store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    if config.environment == Environment::Demo {
        store.seed_demo().context("cannot seed the demo database")?;
    }
    Ok(store)
}

pub async fn start_edges(config: &Config) -> anyhow::Result<Started> {
    start_edges_with(config, SimConfig::default()).await
}

/// As [`start_edges`], with the demo simulator's timings given (tests shorten them).
pub async fn start_edges_with(config: &Config, sim_config: SimConfig) -> anyhow::Result<Started> {
    let (tx, rx) = mpsc::unbounded_channel();
    let store = Arc::new(Mutex::new(open_store(config)?));
    let demo = config.environment == Environment::Demo;

    let mut vipps_cfg = config.vipps.clone();
    let sim = if demo {
        let sim = Sim::start(SocketAddr::from(([127, 0, 0, 1], 0)), sim_config)
            .await
            .context("cannot start the built-in simulator")?;
        sim.configure(&mut vipps_cfg);
        tracing::info!(url = %vipps_cfg.base_url, "demo mode: simulator started");
        Some(sim)
    } else {
        None
    };
    let client = VippsClient::new(&vipps_cfg).context("cannot build the API client")?;

    let mut state = State::new(settings(config));
    let demo_products = {
        let guard = store
            .lock()
            .map_err(|_| anyhow::anyhow!("database lock poisoned"))?;
        // The drawer as the day left it, if the till was restarted after the float.
        if let Some(drawer) =
            guard.drawer_since_float(&config.shop.pos_id, state.settings.training)?
        {
            state.drawer.float = Some(drawer.float);
            state.drawer.expected = drawer.expected;
        }
        // Baskets parked before a restart.
        let parked = guard
            .parked(&config.shop.pos_id)?
            .into_iter()
            .map(|p| {
                let msisdn = p.msisdn.and_then(|m| {
                    crate::domain::Msisdn::parse(&format!("+{m}"), config.shop.country).ok()
                });
                crate::till::KeptBasket {
                    id: p.id,
                    lines: p.lines,
                    msisdn,
                }
            })
            .collect();
        crate::till::restore_parked(&mut state, parked);
        guard
            .list_products(200, 0)?
            .into_iter()
            .filter(|p| p.variable.is_none())
            .map(|p| p.gtin.to_string())
            .collect::<Vec<_>>()
    };
    // The books (electronic journal, signing key) open before the first sale: a till that
    // cannot journal does not sell.
    let books = {
        let mut guard = store
            .lock()
            .map_err(|_| anyhow::anyhow!("database lock poisoned"))?;
        let books = crate::books::Books::open(&mut guard, config)
            .context("cannot open the electronic journal")?;
        books
            .record(
                &mut guard,
                None,
                false,
                &crate::domain::JournalEvent::PosStarted,
            )
            .context("cannot journal the till's start")?;
        // Demo mode is the training mode: the journal says when it begins and ends.
        if demo {
            books
                .record(
                    &mut guard,
                    None,
                    true,
                    &crate::domain::JournalEvent::TrainingOn,
                )
                .context("cannot journal training mode")?;
        }
        Arc::new(books)
    };
    let club = match &config.club {
        None => None,
        Some(c) => {
            Some(crate::club::sync::ClubLink::new(c).context("cannot build the club client")?)
        }
    };
    let edges = Edges {
        store: store.clone(),
        client: client.clone(),
        tx: tx.clone(),
        pos_id: config.shop.pos_id.clone(),
        shop_name: config.shop.name.clone(),
        sim: sim.clone(),
        demo_products: Arc::new(demo_products),
        training: config.environment == Environment::Demo,
        held_seq: Arc::default(),
        printer: super::printing::start_printer(config, store.clone(), tx.clone()),
        country: config.shop.country,
        club: club.clone(),
        books,
        company: crate::books::Company::of(config),
        language: config.language,
        paper_columns: usize::from(config.printer.profile.columns),
    };

    let mut tasks = Vec::new();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel();
    let listener = if demo {
        webhooks::start_demo(
            &client,
            store.clone(),
            tx.clone(),
            &config.shop.pos_id,
            stop_rx,
        )
        .await
    } else {
        webhooks::start_configured(config, store.clone(), tx.clone(), stop_rx).await
    };
    if let Some(t) = listener {
        tasks.push(t);
    }

    if let (Some(link), Some(c)) = (club, &config.club) {
        tasks.push(crate::club::sync::start(
            link,
            store.clone(),
            tx.clone(),
            Duration::from_secs(c.sync_secs),
        ));
    }

    let (scan_tx, scan_rx) = mpsc::channel(64);
    let wedge = match scanner::setup::start(config, scan_tx) {
        Ok((handle, wedge)) => {
            tasks.extend(handle);
            wedge
        }
        Err(e) => {
            tracing::error!(error = %e, "scanner profiles could not be loaded");
            let _ = tx.send(Msg::ScannerLost(e.to_string()));
            WedgeConfig::default()
        }
    };
    tasks.push(tokio::spawn(forward_scanner(scan_rx, tx.clone())));
    if let Some(sim) = &sim {
        tasks.push(tokio::spawn(watch_phone(sim.clone(), tx.clone())));
    }
    let (left, held) = {
        let guard = store
            .lock()
            .map_err(|_| anyhow::anyhow!("database lock poisoned"))?;
        let left = super::recovery::left_behind(&guard, &config.shop.pos_id)
            .context("cannot read the open sales")?;
        // A basket that cannot be read back is logged, not fatal: the till still sells.
        let held = guard
            .held_basket(&config.shop.pos_id, config.shop.currency)
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "cannot read the unpaid basket of the last run");
                None
            });
        (left, held)
    };
    if let Some(basket) = held {
        let _ = tx.send(Msg::BasketRestored(basket));
    }
    let recovery_edges = edges.clone();
    let capture = config.vipps.capture;
    tasks.push(tokio::spawn(async move {
        let notes = super::recovery::recover(&recovery_edges, left, capture).await;
        let _ = recovery_edges.tx.send(Msg::Recovered(notes));
    }));

    let mut state = State::new(settings(config));
    if edges.printer.is_some() {
        state.status.printer = crate::printer::PrinterState::Starting;
    }
    state.signin = signin_at_start(&store)?;
    state.today = local_day();
    tasks.push(tokio::spawn(watch_day(
        tx.clone(),
        store.clone(),
        config.shop.pos_id.clone(),
    )));
    Ok(Started {
        edges,
        rx,
        wedge,
        state,
        shutdown: Shutdown {
            tasks,
            sim,
            webhook_stop: Some(stop_tx),
        },
    })
}

/// The sign-in the till starts with: none when no cashier is enabled (the default cashier
/// sells, as a one-person shop or the demo), the id filled in when there is just one.
fn signin_at_start(
    store: &Arc<Mutex<crate::store::Store>>,
) -> anyhow::Result<Option<crate::till::session::SignIn>> {
    let guard = store
        .lock()
        .map_err(|_| anyhow::anyhow!("database lock poisoned"))?;
    let enabled: Vec<_> = crate::books::cashiers::list(&guard)
        .context("cannot read the cashiers")?
        .into_iter()
        .filter(|c| !c.disabled)
        .collect();
    Ok(match enabled.as_slice() {
        [] => None,
        [one] => Some(crate::till::session::SignIn::new(Some(one.id.clone()))),
        _ => Some(crate::till::session::SignIn::new(None)),
    })
}

/// The shop's local day as days since 1970 (the core has no clock).
pub(crate) fn local_day() -> i64 {
    const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
    i64::from(crate::books::Stamp::now().local_date().to_julian_day()) - UNIX_EPOCH_JULIAN_DAY
}

/// Tells the core when the local day changes (a one-cashier till signs in once a day) and
/// whether an earlier sales day still lacks its Z report (the first sale reminds of it). While
/// one is missing it asks again every tick, so a Z report taken from the command line beside
/// the running till ends the reminder too.
async fn watch_day(
    tx: UnboundedSender<Msg>,
    store: Arc<Mutex<crate::store::Store>>,
    pos_id: String,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    let (mut last, mut said) = (None, None);
    loop {
        tick.tick().await;
        let day = local_day();
        if last == Some(day) && said == Some(false) {
            continue;
        }
        if last != Some(day) {
            last = Some(day);
            if tx.send(Msg::Today(day)).is_err() {
                break;
            }
        }
        let (store, pos) = (store.clone(), pos_id.clone());
        let missing = tokio::task::spawn_blocking(move || {
            let guard = store
                .lock()
                .map_err(|_| "the database lock is poisoned".to_string())?;
            let today = crate::books::Stamp::now().local_date();
            crate::books::z_missing(&guard, &pos, today).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r);
        match missing {
            Ok(missing) if said != Some(missing) => {
                said = Some(missing);
                let _ = tx.send(Msg::ZMissing(missing));
            }
            Ok(_) => {}
            Err(err) => tracing::error!(%err, "cannot tell whether a Z report is missing"),
        }
    }
}

async fn forward_scanner(mut rx: mpsc::Receiver<ScannerMsg>, tx: UnboundedSender<Msg>) {
    while let Some(m) = rx.recv().await {
        let msg = match m {
            ScannerMsg::Scan(ev) => Msg::Scan {
                payload: ev.payload,
            },
            ScannerMsg::Status(ScannerStatus::Connected { port, profile }) => {
                Msg::ScannerConnected(format!("{port} ({profile})"))
            }
            ScannerMsg::Status(s @ ScannerStatus::Disconnected { .. }) => {
                Msg::ScannerLost(s.to_string())
            }
            ScannerMsg::Status(ScannerStatus::Noise { message, .. }) => Msg::ScannerNoise(message),
            ScannerMsg::Status(ScannerStatus::NotConfigured) => continue,
        };
        if tx.send(msg).is_err() {
            break;
        }
    }
}

/// Demo mode: mirror the simulated phone's pending requests onto the till's phone panel.
async fn watch_phone(sim: Sim, tx: UnboundedSender<Msg>) {
    let mut last: Vec<PhoneRequest> = Vec::new();
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    loop {
        tick.tick().await;
        let now: Vec<PhoneRequest> = sim
            .pending()
            .into_iter()
            .map(|p| match p.kind {
                PendingKind::Payment {
                    reference,
                    amount,
                    msisdn,
                    ..
                } => PhoneRequest::Payment {
                    reference,
                    amount,
                    msisdn: msisdn.map(|m| m.masked()).unwrap_or_default(),
                },
                PendingKind::Login {
                    auth_req_id,
                    msisdn,
                    binding_message,
                    ..
                } => PhoneRequest::Login {
                    auth_req_id,
                    binding_message: binding_message.unwrap_or_default(),
                    msisdn: msisdn.masked(),
                },
            })
            .collect();
        if now != last {
            last = now.clone();
            if tx.send(Msg::Phone(now)).is_err() {
                break;
            }
        }
    }
}
