//! runtime (to be built)
use crate::config::Config;
pub async fn run_till(_: Config) -> anyhow::Result<()> {
    anyhow::bail!("the till screen is not built yet; see `kasse --help` for the tools that are")
}
pub async fn doctor(_: &Config) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
