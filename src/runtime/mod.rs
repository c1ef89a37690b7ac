//! The till's event loop: terminal keys (through the wedge detector), scanner frames,
//! webhooks, API results and timers all become `Msg`s on one channel; `till::update` decides;
//! effects run on their own tasks; the screen is redrawn only when something changed.

mod convert;
mod demo;
mod doctor;
mod effects;
pub mod failpoint;
mod headless;
mod logging;
mod printing;
mod receipts;
mod recovery;
mod reports;
mod sales;
mod setup;
pub mod terminal;
mod webhooks;

pub use doctor::doctor;
pub use effects::Edges;
pub use headless::Headless;
/// The log file's writer (owner-only, rotating, repeats summarised), for the log tests.
pub use logging::LogWriter;
pub use setup::{start_edges, start_edges_with, Shutdown, Started};
/// The real webhook sink, for the webhook-path benchmark.
pub use webhooks::StoreSink;

use crate::config::Config;
use crate::scanner::{WedgeConfig, WedgeDetector, WedgeOutput};
use crate::till::{self, Key, Msg, State};
use anyhow::Context;
use crossterm::event::{Event, EventStream, MouseButton, MouseEventKind};
use futures_util::StreamExt;
use ratatui::layout::Rect;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedReceiver;

/// The spinner and countdowns move at this rate; nothing else needs the clock.
const TICK: Duration = Duration::from_millis(100);

/// `kasse` with no subcommand: the till.
pub async fn run_till(config: Config) -> anyhow::Result<()> {
    logging::to_file(&config.log_file)
        .with_context(|| format!("cannot open the log file {}", config.log_file.display()))?;
    tracing::info!(environment = config.environment.label(), "kasse starting");
    if let Some(warning) = config
        .source
        .as_deref()
        .and_then(crate::config::permission_warning)
    {
        tracing::warn!("{warning}");
    }
    for note in config.plain_http_notes() {
        tracing::warn!("{note}");
    }
    // Demo logins answer at a human pace; the real API asks for 5 s between polls.
    let demo_sim = crate::sim::SimConfig {
        login_interval_secs: 2,
        ..crate::sim::SimConfig::default()
    };
    let started = start_edges_with(&config, demo_sim).await?;
    let Started {
        edges,
        rx,
        wedge,
        state,
        shutdown,
    } = started;
    let mut guard = terminal::TermGuard::enter().context("cannot set up the terminal")?;
    let result = event_loop(&mut guard.term, state, &edges, rx, wedge).await;
    drop(guard);
    if edges.training {
        edges
            .till_event(crate::domain::JournalEvent::TrainingOff)
            .await;
    }
    edges
        .till_event(crate::domain::JournalEvent::PosStopped)
        .await;
    shutdown.stop().await;
    tracing::info!("kasse stopped");
    result
}

/// Turn terminal input into messages: scans out of keyboard bursts first, then keys and clicks.
fn terminal_event(
    ev: Event,
    wedge: &mut WedgeDetector<Key>,
    state: &State,
    area: Rect,
    out: &mut Vec<Msg>,
) -> bool {
    match ev {
        Event::Key(k) => {
            if terminal::till_key(&k).is_none() {
                return false;
            }
            wedge_out(terminal::feed(wedge, &k, Instant::now()), out);
            true
        }
        Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
            if let Some(a) = crate::ui::hit_test(area, state, m.column, m.row) {
                out.push(Msg::Action(a));
            } else if let Some(k) = crate::ui::key_at(area, state, m.column, m.row) {
                out.push(Msg::Key(k));
            } else if let Some(i) = crate::ui::line_at(area, state, m.column, m.row) {
                out.push(Msg::SelectLine(i));
            }
            true
        }
        Event::Resize(..) => true,
        _ => false,
    }
}

fn wedge_out(outputs: Vec<WedgeOutput<Key>>, out: &mut Vec<Msg>) {
    for o in outputs {
        out.push(match o {
            WedgeOutput::Scan(ev) => Msg::Scan {
                payload: ev.payload,
            },
            WedgeOutput::Typed(k) => Msg::Key(terminal::typed_key(k)),
        });
    }
}

/// The start-up benchmark's hook: with `KASSE_EXIT_AFTER_FIRST_FRAME=1` the till quits as soon
/// as its first frame is on the screen, so a whole-process run measures start-up alone.
pub const EXIT_AFTER_FIRST_FRAME: &str = "KASSE_EXIT_AFTER_FIRST_FRAME";

fn exit_after_first_frame() -> bool {
    std::env::var_os(EXIT_AFTER_FIRST_FRAME).is_some_and(|v| v == "1")
}

/// Whether the screen moves by itself (spinner, countdown).
fn animating(s: &State) -> bool {
    s.payment.is_some() || s.enrolment.is_some() || !s.background.is_empty()
}

async fn event_loop(
    term: &mut terminal::Term,
    mut state: State,
    edges: &Edges,
    mut rx: UnboundedReceiver<Msg>,
    wedge_cfg: WedgeConfig,
) -> anyhow::Result<()> {
    let start = Instant::now();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut wedge = WedgeDetector::<Key>::new(wedge_cfg);
    let mut msgs = Vec::with_capacity(16);
    let mut area = term.size().map(|s| Rect::new(0, 0, s.width, s.height))?;
    term.draw(|f| crate::ui::draw(f, &state))?;
    tell_view(&mut state, area, edges);
    if exit_after_first_frame() {
        return Ok(());
    }
    loop {
        let mut dirty = false;
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => dirty |= terminal_event(ev, &mut wedge, &state, area, &mut msgs),
                Some(Err(e)) => tracing::warn!(error = %e, "terminal input error"),
                None => break,
            },
            Some(m) = rx.recv() => msgs.push(m),
            _ = tick.tick() => {
                wedge_out(wedge.tick(Instant::now()), &mut msgs);
                msgs.push(Msg::Tick { now_ms: start.elapsed().as_millis() as u64 });
            }
        }
        // Take whatever else is waiting, so a burst of results costs one frame.
        while let Ok(m) = rx.try_recv() {
            msgs.push(m);
        }
        let mut ring = false;
        for m in msgs.drain(..) {
            let is_tick = matches!(m, Msg::Tick { .. });
            let animated = is_tick && animating(&state);
            let had_notice = state.notice.is_some();
            let before = state.notice.clone();
            for effect in till::step(&mut state, m) {
                if effect == till::Effect::Bell {
                    ring = true;
                } else {
                    edges.run(effect);
                }
            }
            log_new_trouble(before.as_ref(), state.notice.as_ref());
            // A tick redraws only what moves, or a notice it faded: an idle till with a
            // warning on screen does not repaint ten times a second.
            dirty |= !is_tick || animated || had_notice != state.notice.is_some();
        }
        if ring {
            terminal::ring();
        }
        if state.quit {
            break;
        }
        if dirty {
            let size = term.size()?;
            area = Rect::new(0, 0, size.width, size.height);
            term.draw(|f| crate::ui::draw(f, &state))?;
            tell_view(&mut state, area, edges);
        }
    }
    Ok(())
}

/// The page keys move by what the screen shows: the core hears it when it changes (a resize,
/// a panel that came or went).
fn tell_view(state: &mut State, area: Rect, edges: &Edges) {
    let view = crate::ui::view(area, state);
    if view != state.view {
        for effect in till::step(state, Msg::View(view)) {
            edges.run(effect);
        }
    }
}

/// The screen says a sentence in the cashier's language and leaves out the reason an API, the
/// database or a device gave; the log gets it here, whole, for every new warning or error.
fn log_new_trouble(before: Option<&till::Notice>, now: Option<&till::Notice>) {
    let Some(n) = now else { return };
    if before == Some(n) || !matches!(n.level, till::Level::Warning | till::Level::Error) {
        return;
    }
    tracing::warn!(notice = ?n.say, "told the cashier");
}
