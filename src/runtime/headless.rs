//! The till without a terminal: the same core, effects and edges, driven by code. Used by the
//! integration tests and the benchmarks, so they exercise exactly what the cashier's till runs.

use super::setup::{start_edges_with, Shutdown, Started};
use super::Edges;
use crate::config::Config;
use crate::sim::SimConfig;
use crate::till::{self, Msg, State};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedReceiver;

pub struct Headless {
    pub state: State,
    pub edges: Edges,
    rx: UnboundedReceiver<Msg>,
    start: Instant,
    shutdown: Option<Shutdown>,
}

impl Headless {
    pub async fn start(config: &Config, sim: SimConfig) -> anyhow::Result<Headless> {
        let Started {
            edges,
            rx,
            state,
            shutdown,
            ..
        } = start_edges_with(config, sim).await?;
        Ok(Headless {
            state,
            edges,
            rx,
            start: Instant::now(),
            shutdown: Some(shutdown),
        })
    }

    /// Feed one message through `update` and run its effects.
    pub fn handle(&mut self, msg: Msg) {
        for effect in till::step(&mut self.state, msg) {
            self.edges.run(effect);
        }
    }

    /// Process messages (and clock ticks) until `done` holds or `timeout` passes; returns
    /// whether it held.
    pub async fn run_until(&mut self, timeout: Duration, done: impl Fn(&State) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if done(&self.state) {
                return true;
            }
            let msg = tokio::select! {
                m = self.rx.recv() => match m {
                    Some(m) => m,
                    None => return done(&self.state),
                },
                _ = tokio::time::sleep(Duration::from_millis(50)) => Msg::Tick {
                    now_ms: self.start.elapsed().as_millis() as u64,
                },
                _ = tokio::time::sleep_until(deadline) => return done(&self.state),
            };
            self.handle(msg);
        }
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.shutdown.take() {
            s.stop().await;
        }
    }
}
