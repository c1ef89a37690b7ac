//! scanner (to be built)
pub mod cli {
    use crate::config::Config;
    pub fn list(_: &Config) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub async fn probe(_: &Config, _: Option<String>, _: Option<String>) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
}
