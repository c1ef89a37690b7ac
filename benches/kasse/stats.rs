//! Percentiles over measured durations, and how they are printed.

use std::time::Duration;

/// Sorted samples of one measurement.
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn new(mut v: Vec<Duration>) -> Samples {
        v.sort_unstable();
        Samples(v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The `p`th percentile (0..=100), nearest rank; zero when there are no samples.
    pub fn pct(&self, p: f64) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        let i = rank.clamp(1, self.0.len()) - 1;
        self.0.get(i).copied().unwrap_or_default()
    }

    pub fn median(&self) -> Duration {
        self.pct(50.0)
    }

    pub fn max(&self) -> Duration {
        self.0.last().copied().unwrap_or_default()
    }
}

/// A duration in the unit that reads best for it.
pub fn fmt(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns < 10_000 {
        format!("{:.2} µs", ns as f64 / 1e3)
    } else if ns < 1_000_000 {
        format!("{:.1} µs", ns as f64 / 1e3)
    } else {
        format!("{:.2} ms", ns as f64 / 1e6)
    }
}

/// "met" or "NOT met", for the verdict column.
pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}
