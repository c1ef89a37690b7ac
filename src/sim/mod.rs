//! sim (to be built)
pub mod cli {
    pub async fn serve(_: std::net::SocketAddr) -> anyhow::Result<()> {
        anyhow::bail!("not built yet")
    }
}
