//! One frame of the till's screen, with a 200-line basket, to ratatui's `TestBackend`.

use crate::stats::{fmt, verdict, Samples};
use kasse::domain::{Product, ProductHit, Quantity};
use kasse::till::{self, Msg, State};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};

const LINES: usize = 200;
const FRAMES: usize = 500;

pub struct RenderResult {
    pub cols: u16,
    pub rows: u16,
    pub frames: Samples,
}

/// Fill the basket through `update`, as scans would: each line at its own price so none merge.
pub fn basket_state(mut state: State, products: &[Product]) -> State {
    for i in 0..LINES {
        let Some(p) = products.get(i % products.len()) else {
            break;
        };
        let hit = ProductHit {
            product: p.clone(),
            quantity: Quantity::Pieces(1 + (i % 3) as u32),
            price_override: Some(p.price + i as i64),
        };
        till::update(
            &mut state,
            Msg::ProductLooked {
                code: p.gtin.clone(),
                result: Ok(Some(hit)),
            },
        );
    }
    state
}

pub fn run(state: &State, sizes: &[(u16, u16)]) -> anyhow::Result<Vec<RenderResult>> {
    anyhow::ensure!(
        state.basket.lines.len() == LINES,
        "the basket has {} lines, not {LINES}",
        state.basket.lines.len()
    );
    let mut out = Vec::new();
    for &(cols, rows) in sizes {
        let mut term = Terminal::new(TestBackend::new(cols, rows))?;
        let mut samples = Vec::with_capacity(FRAMES);
        for _ in 0..FRAMES {
            // A fresh back buffer each time, so every frame is drawn and diffed in full, as
            // after a scan that changes the basket, totals and notice.
            term.clear()?;
            let t0 = Instant::now();
            term.draw(|f| kasse::ui::draw(f, state))?;
            samples.push(t0.elapsed());
        }
        out.push(RenderResult {
            cols,
            rows,
            frames: Samples::new(samples),
        });
    }
    Ok(out)
}

pub fn table(results: &[RenderResult]) -> String {
    let mut s = String::from(
        "| terminal | frames | p50 | p99 | max | target < 2 ms (p99) |\n|---|---:|---:|---:|---:|---|\n",
    );
    for r in results {
        s += &format!(
            "| {}×{} | {} | {} | {} | {} | {} |\n",
            r.cols,
            r.rows,
            r.frames.len(),
            fmt(r.frames.median()),
            fmt(r.frames.pct(99.0)),
            fmt(r.frames.max()),
            verdict(r.frames.pct(99.0) < Duration::from_millis(2)),
        );
    }
    s
}
