//! vipps (to be built)
pub mod cli {
    use crate::config::Config;
    pub async fn webhooks_register(_: &Config) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub async fn webhooks_list(_: &Config) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub async fn webhooks_delete(_: &Config, _: &str) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
}
