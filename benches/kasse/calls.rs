//! API calls per member checkout, counted by the simulator: the real till (`runtime::Headless`:
//! core, effects, SQLite, API client, webhook listener) against the demo simulator.

use kasse::config::{Config, Environment};
use kasse::runtime::Headless;
use kasse::sim::SimConfig;
use kasse::till::{Action, Membership, Msg, PayStep, WebhookState};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);
/// After the sale is done, let late effects (a confirming GET, a poll) happen before counting.
const SETTLE: Duration = Duration::from_secs(3);

pub struct CallsResult {
    /// Calls per endpoint for the first checkout after start (cold token cache) and the second.
    pub cold: BTreeMap<String, u64>,
    pub warm: BTreeMap<String, u64>,
    pub webhooks_live: bool,
}

fn diff(after: &BTreeMap<String, u64>, before: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    after
        .iter()
        .filter_map(|(k, v)| {
            let d = v - before.get(k).copied().unwrap_or(0);
            (d > 0).then(|| (k.clone(), d))
        })
        .collect()
}

async fn checkout(t: &mut Headless, product_count: usize) -> anyhow::Result<()> {
    let sim = t
        .edges
        .sim
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no simulator"))?;
    let qr = sim
        .users()
        .first()
        .map(|u| u.qr_clear_text.clone())
        .ok_or_else(|| anyhow::anyhow!("the simulator has no users"))?;
    t.handle(Msg::Scan { payload: qr });
    let member = t
        .run_until(WAIT, |s| {
            matches!(
                s.customer.as_ref().map(|c| &c.membership),
                Some(Membership::Member { .. })
            )
        })
        .await;
    anyhow::ensure!(member, "the demo member was not recognised");
    let products = t.edges.demo_products.clone();
    for p in products.iter().take(product_count) {
        t.handle(Msg::Scan { payload: p.clone() });
    }
    let filled = t
        .run_until(WAIT, |s| s.basket.lines.len() == product_count)
        .await;
    anyhow::ensure!(filled, "the basket did not fill");
    t.handle(Msg::Action(Action::Pay));
    let waiting = t
        .run_until(WAIT, |s| {
            s.payment
                .as_ref()
                .is_some_and(|p| p.step == PayStep::Waiting)
        })
        .await;
    anyhow::ensure!(waiting, "the payment request did not go out");
    let reference = t
        .state
        .payment
        .as_ref()
        .map(|p| p.reference.clone())
        .unwrap_or_default();
    let pushed = t.run_until(WAIT, |_| !sim.pending().is_empty()).await;
    anyhow::ensure!(pushed, "the push request never reached the phone");
    sim.approve_payment(&reference)?;
    let done = t.run_until(WAIT, |s| s.done.is_some()).await;
    anyhow::ensure!(done, "the sale did not finish");
    t.run_until(SETTLE, |_| false).await;
    Ok(())
}

pub async fn run(dir: &Path) -> anyhow::Result<CallsResult> {
    let text = format!(
        "language = \"en\"\n[database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n",
        dir.join("calls.sqlite").display(),
        dir.join("calls.log").display()
    );
    let config = Config::from_str_with(&text, None, &|_| None)?;
    anyhow::ensure!(config.environment == Environment::Demo, "not demo mode");
    let mut t = Headless::start(&config, SimConfig::default()).await?;
    let sim = t
        .edges
        .sim
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no simulator"))?;
    // Start-up's own calls (token, webhook registration) are not the checkout's.
    t.run_until(Duration::from_secs(2), |s| {
        s.status.webhooks == WebhookState::Live
    })
    .await;
    let webhooks_live = t.state.status.webhooks == WebhookState::Live;
    let c0 = sim.request_count();
    checkout(&mut t, 2).await?;
    let c1 = sim.request_count();
    checkout(&mut t, 2).await?;
    let c2 = sim.request_count();
    t.stop().await;
    Ok(CallsResult {
        cold: diff(&c1, &c0),
        warm: diff(&c2, &c1),
        webhooks_live,
    })
}

pub fn table(r: &CallsResult) -> String {
    let mut keys: Vec<&String> = r.cold.keys().chain(r.warm.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut s = format!(
        "Webhooks live during the run: {}.\n\n| endpoint | first checkout | second checkout |\n|---|---:|---:|\n",
        if r.webhooks_live { "yes" } else { "no (polling only)" }
    );
    for k in keys {
        s += &format!(
            "| `{k}` | {} | {} |\n",
            r.cold.get(k).copied().unwrap_or(0),
            r.warm.get(k).copied().unwrap_or(0)
        );
    }
    s += &format!(
        "| **total** | **{}** | **{}** |\n| minimum (check-in, create, capture) | 3 | 3 |\n",
        r.cold.values().sum::<u64>(),
        r.warm.values().sum::<u64>()
    );
    s
}
