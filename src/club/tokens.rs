//! Till tokens: one per till, shown once when issued, stored as a SHA-256 hash, revocable.

use super::ClubError;
use deadpool_postgres::Pool;
use sha2::{Digest, Sha256};

/// Every token starts so; a leaked one is recognisable in a scan of logs or repositories.
const PREFIX: &str = "kct_";

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A fresh token: 244 random bits from the OS generator (two v4 UUIDs), as hex.
pub fn generate() -> String {
    let a = uuid::Uuid::new_v4().simple().to_string();
    let b = uuid::Uuid::new_v4().simple().to_string();
    format!("{PREFIX}{a}{b}")
}

pub fn check_till_name(till: &str) -> Result<(), ClubError> {
    let ok = !till.is_empty()
        && till.len() <= 40
        && till
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ClubError::BadTillName(till.to_string()))
    }
}

/// Issues a token for the till, replacing (and so revoking) any it had. Returns the token,
/// which is not stored anywhere.
pub async fn add(pool: &Pool, till: &str) -> Result<String, ClubError> {
    check_till_name(till)?;
    let token = generate();
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO club_tokens (till, hash) VALUES ($1, $2)
             ON CONFLICT (till) DO UPDATE
               SET hash = excluded.hash, created_at = now(), revoked_at = NULL",
            &[&till, &hash(&token)],
        )
        .await?;
    Ok(token)
}

/// Revokes the till's token; returns whether the till had a live one.
pub async fn revoke(pool: &Pool, till: &str) -> Result<bool, ClubError> {
    let client = pool.get().await?;
    let n = client
        .execute(
            "UPDATE club_tokens SET revoked_at = now() WHERE till = $1 AND revoked_at IS NULL",
            &[&till],
        )
        .await?;
    Ok(n > 0)
}

/// Every till with a token: name, issued, revoked (as text).
pub async fn list(pool: &Pool) -> Result<Vec<(String, String, Option<String>)>, ClubError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT till, to_char(created_at, 'YYYY-MM-DD HH24:MI'),
                    to_char(revoked_at, 'YYYY-MM-DD HH24:MI')
             FROM club_tokens ORDER BY till",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

/// The till a presented token belongs to, if it is live.
pub async fn till_for(pool: &Pool, token: &str) -> Result<Option<String>, ClubError> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached("SELECT till FROM club_tokens WHERE hash = $1 AND revoked_at IS NULL")
        .await?;
    Ok(client
        .query_opt(&stmt, &[&hash(token)])
        .await?
        .map(|r| r.get(0)))
}
