//! store (to be built)
pub mod cli {
    use crate::config::Config;
    use std::path::Path;
    pub fn members_import(_: &Config, _: &Path) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub fn members_export(_: &Config) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub fn members_list(_: &Config) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub fn members_forget(_: &Config, _: &str) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub fn products_import(_: &Config, _: &Path) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
    pub fn products_list(_: &Config) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
}
