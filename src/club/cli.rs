//! `kasse club …` (the service and its tokens, for whoever runs the chain's club) and the
//! club side of `kasse members …` on a till that has `[club]` configured.

use super::client::ClubClient;
use super::wire::{WireMember, MAX_BATCH};
use super::{pg, server, tokens};
use crate::config::{Club, Config};
use crate::domain::Msisdn;
use crate::store::Store;
use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Connections each service instance keeps to PostgreSQL.
pub const DEFAULT_POOL: usize = 16;

fn pool(database: &str, size: usize) -> Result<deadpool_postgres::Pool> {
    pg::pool(database, size).context("the club database URL")
}

/// `kasse club serve`: migrate, then serve until Ctrl-C.
pub async fn serve(listen: SocketAddr, database: &str, pool_size: usize) -> Result<()> {
    let pool = pool(database, pool_size)?;
    let applied = pg::migrate(&pool)
        .await
        .context("cannot bring the club database up to date")?;
    if applied > 0 {
        tracing::info!(applied, "club schema migrated");
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    eprintln!("kasse club service on http://{listen} (put TLS in front of it, see the README)");
    server::serve(listener, pool, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

/// `kasse club migrate`.
pub async fn migrate(database: &str) -> Result<()> {
    let applied = pg::migrate(&pool(database, 1)?).await?;
    println!(
        "Club schema at version {} ({applied} steps applied).",
        pg::LATEST
    );
    Ok(())
}

pub async fn token_add(database: &str, till: &str) -> Result<()> {
    let pool = pool(database, 1)?;
    pg::migrate(&pool).await?;
    let token = tokens::add(&pool, till).await?;
    println!("Token for till {till} (shown once; put it in the till's [club] token):\n{token}");
    Ok(())
}

pub async fn token_revoke(database: &str, till: &str) -> Result<()> {
    if tokens::revoke(&pool(database, 1)?, till).await? {
        println!("Revoked the token of till {till}.");
        Ok(())
    } else {
        anyhow::bail!("till {till} has no live token")
    }
}

pub async fn token_list(database: &str) -> Result<()> {
    for (till, created, revoked) in tokens::list(&pool(database, 1)?).await? {
        match revoked {
            None => println!("{till}  issued {created}"),
            Some(r) => println!("{till}  issued {created}  revoked {r}"),
        }
    }
    Ok(())
}

fn client(club: &Club) -> Result<ClubClient> {
    Ok(ClubClient::new(
        &club.url,
        club.token.clone(),
        Duration::from_secs(30),
    )?)
}

fn open(config: &Config) -> Result<Arc<Mutex<Store>>> {
    let store = Store::open(&config.database)
        .with_context(|| format!("database {}", config.database.display()))?;
    Ok(Arc::new(Mutex::new(store)))
}

/// Brings the till's cache up to the club (and sends what its outbox holds), so `members
/// list` and `export` show the club as it is.
pub async fn refresh_cache(config: &Config, club: &Club) -> Result<()> {
    let store = open(config)?;
    super::sync::round_once(&client(club)?, &store)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("cannot reach the club")
}

/// Sends members to the club in batches of [`MAX_BATCH`]; returns (added, updated).
async fn push(client: &ClubClient, members: &[WireMember]) -> Result<(u64, u64)> {
    let (mut added, mut updated) = (0, 0);
    for chunk in members.chunks(MAX_BATCH) {
        let key = uuid::Uuid::new_v4().to_string();
        let r = client.batch(chunk, &key).await?;
        added += r.added;
        updated += r.updated;
    }
    Ok((added, updated))
}

/// `kasse members import FILE` with a club: the file is checked whole first (in a scratch
/// database, with the same rules as a till on its own), then sent to the club.
pub async fn members_import(config: &Config, club: &Club, file: &Path) -> Result<()> {
    let scratch =
        std::env::temp_dir().join(format!("kasse-import-{}.sqlite", uuid::Uuid::new_v4()));
    let result = async {
        let mut store = Store::open(&scratch)?;
        let input =
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        store
            .import_members(std::io::BufReader::new(input), config.shop.country)
            .with_context(|| format!("importing members from {}", file.display()))?;
        let members = all_local(&store)?;
        push(&client(club)?, &members).await
    }
    .await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    let (added, updated) = result?;
    println!(
        "Imported members from {} into the club: {added} added, {updated} updated.",
        file.display()
    );
    refresh_cache(config, club).await
}

fn all_local(store: &Store) -> Result<Vec<WireMember>> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let page = store.list_members(10_000, offset)?;
        if page.is_empty() {
            return Ok(out);
        }
        offset += page.len() as u64;
        out.extend(page.iter().map(WireMember::from));
    }
}

/// `kasse club push-local`: this till's own members into the club, in one command. Safe to
/// run again: a member the club has is updated, not doubled.
pub async fn push_local(config: &Config, club: &Club) -> Result<()> {
    let members = {
        let store = Store::open(&config.database)
            .with_context(|| format!("database {}", config.database.display()))?;
        all_local(&store)?
    };
    let (added, updated) = push(&client(club)?, &members).await?;
    println!(
        "Moved {} local members into the club: {added} added, {updated} already there (updated).",
        members.len()
    );
    refresh_cache(config, club).await
}

/// `kasse members forget PHONE` with a club: forgotten in the club (every till's cache
/// follows through the feed) and at once in this till.
pub async fn members_forget(config: &Config, club: &Club, phone: &str) -> Result<()> {
    let msisdn = Msisdn::parse(phone, config.shop.country)
        .with_context(|| format!("`{phone}` is not a phone number"))?;
    let in_club = client(club)?.forget(&msisdn).await?;
    let here = open(config)?
        .lock()
        .map_err(|_| anyhow::anyhow!("database lock poisoned"))?
        .forget_member(&msisdn)?;
    if in_club || here {
        println!(
            "Forgot member {} in the club (every till's cache follows).",
            msisdn.pretty()
        );
        Ok(())
    } else {
        anyhow::bail!("no member with phone number {}", msisdn.pretty())
    }
}
