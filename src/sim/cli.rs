//! `kasse sim --addr …`: run the simulator on its own until Ctrl-C.

use crate::sim::{Sim, SimConfig};
use std::net::SocketAddr;

/// Starts the simulator with the demo credentials and prints how to reach it.
pub async fn serve(addr: SocketAddr) -> anyhow::Result<()> {
    let config = SimConfig::default();
    let creds = config.credentials.clone();
    let sim = Sim::start(addr, config)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let base = sim.base_url();
    println!("Vipps MobilePay simulator listening on {base}");
    println!("Demo credentials (public demo values, valid only against this simulator):");
    println!("  client_id                  {}", creds.client_id);
    println!(
        "  client_secret              {}",
        creds.client_secret.expose()
    );
    println!(
        "  Ocp-Apim-Subscription-Key  {}",
        creds.subscription_key.expose()
    );
    println!("  Merchant-Serial-Number     {}", creds.msn);
    println!("Control surface (the customer's phone): {base}/_sim/pending, {base}/_sim/users");
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    sim.shutdown().await;
    Ok(())
}
