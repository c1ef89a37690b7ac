//! `kasse webhooks register|list|delete`, and the registration logic behind it.

use super::webhooks::{Registration, EVENTS};
use super::{VippsClient, VippsError};
use crate::config::{Config, Environment};
use crate::secret::Secret;
use crate::store::{Registration as StoredRegistration, Store, StoreError};
use std::collections::HashSet;
use thiserror::Error;

/// Where registrations and their secrets are kept: the till's database in the product
/// (`HeldRegistrations` below, over `Store`), a map in the tests.
pub trait RegistrationStore {
    /// The store's own error type.
    type Error: std::error::Error + Send + Sync + 'static;
    /// Remember a registration and its secret.
    fn save(
        &self,
        id: &str,
        url: &str,
        events: &[String],
        secret: &Secret,
    ) -> Result<(), Self::Error>;
    /// Every registration held: `(id, url, secret)`.
    fn all(&self) -> Result<Vec<(String, String, Secret)>, Self::Error>;
    /// Forget one.
    fn remove(&self, id: &str) -> Result<(), Self::Error>;
}

/// A failure of the registration commands.
#[derive(Debug, Error)]
pub enum AdminError {
    #[error(transparent)]
    /// A call to the Webhooks API failed.
    Api(#[from] VippsError),
    #[error("webhook registration store: {0}")]
    /// The registration store failed.
    Store(Box<dyn std::error::Error + Send + Sync>),
}

fn store_err<E: std::error::Error + Send + Sync + 'static>(e: E) -> AdminError {
    AdminError::Store(Box::new(e))
}

/// What [`ensure_registered`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnsureOutcome {
    /// Registrations of our URL that we hold the secret for and that cover all events.
    pub kept: Vec<String>,
    /// The id of a new registration, if one was needed.
    pub registered: Option<String>,
    /// Registrations of our URL deleted at Vipps (secret lost or events missing).
    pub deleted: Vec<String>,
    /// Held registrations Vipps no longer has (it drops unresponsive ones), forgotten locally.
    pub forgotten: Vec<String>,
}

/// Make sure `url` is registered for [`EVENTS`] with a secret we hold, and clean up the rest
/// of our URL's registrations. Other URLs' registrations are left alone at Vipps; a held one
/// Vipps no longer has is forgotten here, whatever its URL.
pub async fn ensure_registered<S: RegistrationStore>(
    client: &VippsClient,
    store: &S,
    url: &str,
) -> Result<EnsureOutcome, AdminError> {
    let wanted: Vec<String> = EVENTS.iter().map(|e| e.to_string()).collect();
    let remote = client.list_webhooks().await?;
    let held = store.all().map_err(store_err)?;
    let held_ids: HashSet<&str> = held.iter().map(|(id, _, _)| id.as_str()).collect();
    let remote_ids: HashSet<&str> = remote.iter().map(|r| r.id.as_str()).collect();
    let mut out = EnsureOutcome::default();

    for (id, _, _) in &held {
        if !remote_ids.contains(id.as_str()) {
            store.remove(id).map_err(store_err)?;
            out.forgotten.push(id.clone());
        }
    }
    for r in remote.iter().filter(|r| r.url == url) {
        let complete = wanted.iter().all(|e| r.events.contains(e));
        if held_ids.contains(r.id.as_str()) && complete {
            out.kept.push(r.id.clone());
        } else {
            client.delete_webhook(&r.id).await?;
            if held_ids.contains(r.id.as_str()) {
                store.remove(&r.id).map_err(store_err)?;
            }
            out.deleted.push(r.id.clone());
        }
    }
    if out.kept.is_empty() {
        let new = client.register_webhook(url, &wanted).await?;
        store
            .save(&new.id, url, &wanted, &new.secret)
            .map_err(store_err)?;
        out.registered = Some(new.id);
    }
    Ok(out)
}

/// Delete a registration at Vipps and forget its secret.
pub async fn delete_registration<S: RegistrationStore>(
    client: &VippsClient,
    store: &S,
    id: &str,
) -> Result<(), AdminError> {
    client.delete_webhook(id).await?;
    store.remove(id).map_err(store_err)
}

/// A table of registrations for the terminal.
pub fn format_registrations(list: &[Registration]) -> String {
    if list.is_empty() {
        return "no webhook registrations\n".into();
    }
    let mut s = String::new();
    for r in list {
        s.push_str(&format!("{}  {}\n", r.id, r.url));
        for e in &r.events {
            s.push_str(&format!("    {e}\n"));
        }
    }
    s
}

fn client_for(config: &Config) -> anyhow::Result<VippsClient> {
    if config.environment == Environment::Demo || config.vipps.base_url.is_empty() {
        anyhow::bail!(
            "webhook registrations are managed only in the test or production environment \
             (demo mode uses the built-in simulator); set `environment` in the config"
        );
    }
    Ok(VippsClient::new(&config.vipps)?)
}

/// The till's database keeps the registrations and their secrets (file mode 0600).
struct HeldRegistrations(Store);

impl RegistrationStore for HeldRegistrations {
    type Error = StoreError;

    fn save(
        &self,
        id: &str,
        url: &str,
        events: &[String],
        secret: &Secret,
    ) -> Result<(), StoreError> {
        self.0.save_registration(&StoredRegistration {
            id: id.to_string(),
            url: url.to_string(),
            events: events.to_vec(),
            secret: secret.clone(),
            created_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
        })
    }

    fn all(&self) -> Result<Vec<(String, String, Secret)>, StoreError> {
        Ok(self
            .0
            .registrations()?
            .into_iter()
            .map(|r| (r.id, r.url, r.secret))
            .collect())
    }

    fn remove(&self, id: &str) -> Result<(), StoreError> {
        self.0.remove_registration(id).map(|_| ())
    }
}

fn held(config: &Config) -> anyhow::Result<HeldRegistrations> {
    Ok(HeldRegistrations(Store::open(&config.database)?))
}

/// `kasse webhooks register`: make sure the public URL is registered with a secret we hold.
pub async fn webhooks_register(config: &Config) -> anyhow::Result<()> {
    let client = client_for(config)?;
    let Some(url) = config.webhook.public_url.as_deref() else {
        anyhow::bail!("set `webhook.public_url` in the config to the URL Vipps should call");
    };
    let store = held(config)?;
    let out = ensure_registered(&client, &store, url).await?;
    match &out.registered {
        Some(id) => println!("registered {url} as {id}; its secret is stored in the database"),
        None => println!("{url} is already registered with a secret we hold"),
    }
    for id in &out.deleted {
        println!("deleted stale registration {id} (its secret was lost or its events incomplete)");
    }
    for id in &out.forgotten {
        println!("forgot registration {id}: Vipps no longer has it");
    }
    Ok(())
}

/// `kasse webhooks list`: the sales unit's registrations.
pub async fn webhooks_list(config: &Config) -> anyhow::Result<()> {
    let client = client_for(config)?;
    let list = client.list_webhooks().await?;
    print!("{}", format_registrations(&list));
    Ok(())
}

/// `kasse webhooks delete <id>`: at Vipps, and its secret here.
pub async fn webhooks_delete(config: &Config, id: &str) -> anyhow::Result<()> {
    let client = client_for(config)?;
    let store = held(config)?;
    delete_registration(&client, &store, id).await?;
    println!("deleted webhook registration {id} and forgot its secret");
    Ok(())
}
