//! The till's link to the club: the cache filled from the change feed, the outbox sent with
//! its idempotency keys, and a look-up that missed the cache asked of the service. One task
//! does the feed and the outbox, at start and then every `sync_secs` or when nudged.

use super::client::{ClientError, ClubClient};
use super::wire::{Change, MAX_PAGE};
use crate::config::Club;
use crate::domain::{Member, Msisdn};
use crate::store::{CacheChange, Store};
use crate::till::Msg;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Outbox entries sent per round before the feed is read again.
const OUTBOX_BATCH: u32 = 100;

/// What the till's effects hold of the club; cheap to clone.
#[derive(Clone)]
pub struct ClubLink {
    client: ClubClient,
    nudge: Arc<Notify>,
    lookup_timeout: Duration,
}

impl ClubLink {
    pub fn new(config: &Club) -> Result<ClubLink, ClientError> {
        Ok(ClubLink {
            client: ClubClient::new(&config.url, config.token.clone(), Duration::from_secs(10))?,
            nudge: Arc::new(Notify::new()),
            lookup_timeout: Duration::from_millis(config.lookup_timeout_ms),
        })
    }

    pub fn client(&self) -> &ClubClient {
        &self.client
    }

    /// Wakes the sync task (an enrolment is in the outbox).
    pub fn nudge(&self) {
        self.nudge.notify_one();
    }

    /// A number the cache does not know, asked of the service with a short timeout. Any
    /// failure answers "no member": the sale goes on, and an enrolment would queue.
    pub async fn lookup_miss(&self, store: &Arc<Mutex<Store>>, msisdn: &Msisdn) -> Option<Member> {
        match self.client.by_phone(msisdn, self.lookup_timeout).await {
            Ok(Some(cm)) => {
                let member = cm.to_member()?;
                let change = CacheChange {
                    club_id: cm.id,
                    member: Some(member.clone()),
                };
                if let Err(e) = blocking(store, move |s| s.cache_club_member(&change)).await {
                    tracing::warn!(error = %e, "cannot cache a member from the club");
                }
                Some(member)
            }
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, member = %msisdn.masked(), "club look-up failed: treated as no member");
                None
            }
        }
    }
}

/// Runs `f` on the store on the blocking pool; errors come back as text (for the log).
async fn blocking<T: Send + 'static, E: std::fmt::Display>(
    store: &Arc<Mutex<Store>>,
    f: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static,
) -> Result<T, String> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = store.lock().map_err(|_| "the database lock is poisoned")?;
        f(&mut guard).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("database task failed: {e}"))?
}

/// Starts the sync task; it reports the link's state as [`Msg::ClubLink`] when it changes.
pub fn start(
    link: ClubLink,
    store: Arc<Mutex<Store>>,
    tx: UnboundedSender<Msg>,
    every: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut online: Option<bool> = None;
        loop {
            let now = match round(&link.client, &store).await {
                Ok(()) => true,
                Err(Failure::Link(e)) => {
                    if online != Some(false) {
                        tracing::warn!(error = %e, "club offline: the till sells on from its cache");
                    }
                    false
                }
                Err(Failure::Local(e)) => {
                    tracing::error!(error = %e, "club sync: the till's database failed");
                    online.unwrap_or(true)
                }
            };
            if online != Some(now) {
                if now && online.is_some() {
                    tracing::info!("club back online");
                }
                online = Some(now);
                if tx.send(Msg::ClubLink(now)).is_err() {
                    return;
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = link.nudge.notified() => {}
            }
        }
    })
}

enum Failure {
    Link(ClientError),
    Local(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Link(e) => write!(f, "{e}"),
            Failure::Local(e) => write!(f, "the till's database: {e}"),
        }
    }
}

/// One round of outbox and feed, for the command line.
pub async fn round_once(client: &ClubClient, store: &Arc<Mutex<Store>>) -> Result<(), String> {
    round(client, store).await.map_err(|e| e.to_string())
}

/// One round: the outbox first (so this till's own enrolments come back in the same feed
/// read with their club ids), then the feed to its end.
async fn round(client: &ClubClient, store: &Arc<Mutex<Store>>) -> Result<(), Failure> {
    loop {
        let pending = blocking(store, |s| s.club_outbox_pending(OUTBOX_BATCH))
            .await
            .map_err(Failure::Local)?;
        if pending.is_empty() {
            break;
        }
        for entry in pending {
            match client
                .put_member_raw(&entry.body, &entry.idempotency_key)
                .await
            {
                Ok(()) => {
                    blocking(store, move |s| s.club_outbox_sent(entry.id))
                        .await
                        .map_err(Failure::Local)?;
                }
                Err(e) if e.is_transient() => return Err(Failure::Link(e)),
                Err(e) => {
                    tracing::error!(error = %e, "the club refused an enrolment: kept in the outbox, not retried");
                    let reason = e.to_string();
                    blocking(store, move |s| s.club_outbox_refused(entry.id, &reason))
                        .await
                        .map_err(Failure::Local)?;
                }
            }
        }
    }
    loop {
        let since = blocking(store, |s| s.club_cursor())
            .await
            .map_err(Failure::Local)?;
        let page = client
            .changes(since, MAX_PAGE)
            .await
            .map_err(Failure::Link)?;
        let Some(last) = page.changes.last().map(|c| c.version) else {
            return Ok(());
        };
        let changes: Vec<CacheChange> = page.changes.iter().map(cache_change).collect();
        blocking(store, move |s| s.apply_club_changes(&changes, last))
            .await
            .map_err(Failure::Local)?;
        if !page.more {
            return Ok(());
        }
    }
}

fn cache_change(c: &Change) -> CacheChange {
    CacheChange {
        club_id: c.id,
        member: c.member.as_ref().and_then(|m| m.to_member()),
    }
}
