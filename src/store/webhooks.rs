//! Webhook events as received and this till's webhook registrations.
//!
//! What `webhook_events` is for, said once (the table is made in `migrations.rs` step 1, its
//! `processed` flag dropped in step 2): **dedupe and audit**. The listener stores each event
//! before it answers 2xx, so a redelivery (webhooks come at least once) is recognised by its
//! key, and the bytes Vipps signed stay for anyone checking what was sent. Nothing reads the
//! table to decide anything: an event is a signal that wakes the till, and the payment's state
//! always comes from a GET of the payment, the truth.

use super::{corrupt, Store, StoreError};
use crate::secret::Secret;
use rusqlite::{params, Row};

/// A received webhook event, kept raw (the bytes its signature covered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    pub id: i64,
    pub dedupe_key: String,
    /// The body bytes exactly as they arrived (what the HMAC was computed over).
    pub body: Vec<u8>,
    /// Unix seconds.
    pub received_at: i64,
}

/// A webhook registration with Vipps and the secret that signs its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub secret: Secret,
    /// Unix seconds.
    pub created_at: i64,
}

fn event_from_row(row: &Row<'_>) -> rusqlite::Result<WebhookEvent> {
    Ok(WebhookEvent {
        id: row.get(0)?,
        dedupe_key: row.get(1)?,
        body: row.get(2)?,
        received_at: row.get(3)?,
    })
}

fn registration_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Registration, StoreError>> {
    let events: String = row.get(2)?;
    let secret: String = row.get(3)?;
    let (id, url, created_at) = (row.get(0)?, row.get(1)?, row.get(4)?);
    Ok(serde_json::from_str::<Vec<String>>(&events)
        .map_err(|e| corrupt("webhook_registrations", "events", e))
        .map(|events| Registration {
            id,
            url,
            events,
            secret: Secret::new(secret),
            created_at,
        }))
}

impl Store {
    /// Stores received events in one transaction, so one durable commit covers all of them
    /// (the webhook listener's group commit), each unless one with the same key is already
    /// there (webhooks are delivered at least once). Returns, per event, whether it was new;
    /// all or none are written.
    pub fn insert_webhook_events(
        &mut self,
        events: &[(&str, &[u8])],
    ) -> Result<Vec<bool>, StoreError> {
        let now = super::now();
        let tx = self.conn.transaction()?;
        let mut fresh = Vec::with_capacity(events.len());
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO webhook_events (dedupe_key, body, received_at)
                 VALUES (?1, ?2, ?3)",
            )?;
            for (key, raw) in events {
                fresh.push(stmt.execute(params![key, raw, now])? == 1);
            }
        }
        tx.commit()?;
        Ok(fresh)
    }

    /// Every stored delivery, in the order they arrived: the audit of what Vipps sent.
    pub fn webhook_events(&self) -> Result<Vec<WebhookEvent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, dedupe_key, body, received_at FROM webhook_events ORDER BY id",
        )?;
        let rows = stmt.query_map([], event_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a registration (replacing one with the same id).
    pub fn save_registration(&self, r: &Registration) -> Result<(), StoreError> {
        let events = serde_json::Value::from(r.events.clone()).to_string();
        self.conn.execute(
            "INSERT OR REPLACE INTO webhook_registrations (id, url, events, secret, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![r.id, r.url, events, r.secret.expose(), r.created_at],
        )?;
        Ok(())
    }

    /// All saved registrations, oldest first.
    pub fn registrations(&self) -> Result<Vec<Registration>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url, events, secret, created_at FROM webhook_registrations
             ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([], registration_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// Deletes a registration. Returns whether it existed.
    pub fn remove_registration(&self, id: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM webhook_registrations WHERE id = ?1", [id])?;
        Ok(n == 1)
    }
}
