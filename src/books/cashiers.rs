//! The cashiers who sign in at the till: an id and a PIN, the PIN kept only as a salted slow
//! hash (PBKDF2-HMAC-SHA256). A cashier is disabled, never deleted: the journal and the
//! export name them for as long as the books are kept.

use super::BooksError;
use crate::store::{Store, StoreError};
use base64::Engine as _;
use rsa::rand_core::{OsRng, RngCore};
use rusqlite::{params, OptionalExtension};
use subtle::ConstantTimeEq;

/// PBKDF2 rounds: slow enough that a stolen database does not give PINs away cheaply, quick
/// enough that signing in stays well under a second on a till.
const ROUNDS: u32 = 200_000;
const SCHEME: &str = "pbkdf2-sha256";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The shop owner: may take Z reports and manage cashiers at the till.
    Owner,
    Cashier,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Cashier => "cashier",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "owner" => Some(Role::Owner),
            "cashier" => Some(Role::Cashier),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cashier {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
    pub disabled: bool,
}

/// A cashier id: 1 to 35 letters or digits (the SAF-T `empID`).
pub fn check_id(id: &str) -> Result<(), BooksError> {
    if id.is_empty() || id.chars().count() > 35 || !id.chars().all(char::is_alphanumeric) {
        return Err(BooksError::Invalid(
            "a cashier id is 1 to 35 letters or digits".into(),
        ));
    }
    Ok(())
}

/// A PIN: 4 to 8 digits.
pub fn check_pin(pin: &str) -> Result<(), BooksError> {
    if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(BooksError::Invalid("a PIN is 4 to 8 digits".into()));
    }
    Ok(())
}

fn derive(pin: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pin.as_bytes(), salt, rounds, &mut out);
    out
}

/// The stored form of `pin`: `pbkdf2-sha256$ROUNDS$SALT$HASH`, with a new random salt.
pub fn hash_pin(pin: &str) -> String {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    format!(
        "{SCHEME}${ROUNDS}${}${}",
        b64.encode(salt),
        b64.encode(derive(pin, &salt, ROUNDS))
    )
}

/// Whether `pin` matches the stored hash (compared in constant time).
pub fn pin_matches(stored: &str, pin: &str) -> bool {
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let mut parts = stored.split('$');
    let (Some(SCHEME), Some(rounds), Some(salt), Some(hash), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let (Ok(rounds), Ok(salt), Ok(hash)) =
        (rounds.parse::<u32>(), b64.decode(salt), b64.decode(hash))
    else {
        return false;
    };
    if rounds == 0 {
        return false;
    }
    derive(pin, &salt, rounds).ct_eq(hash.as_slice()).into()
}

/// Adds a cashier. The PIN is hashed here and never stored or logged as it is.
pub fn add(
    store: &mut Store,
    id: &str,
    name: &str,
    pin: &str,
    role: Role,
) -> Result<(), BooksError> {
    check_id(id)?;
    check_pin(pin)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(BooksError::Invalid(
            "a cashier's name is 1 to 100 characters".into(),
        ));
    }
    let hash = hash_pin(pin);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let done = store.conn().execute(
        "INSERT INTO cashiers (id, name, pin_hash, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, hash, role.as_str(), now],
    );
    match done {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Err(BooksError::Invalid(format!(
                "cashier `{id}` exists already"
            )))
        }
        Err(e) => Err(StoreError::from(e).into()),
    }
}

/// Every cashier, disabled ones too, by id.
pub fn list(store: &Store) -> Result<Vec<Cashier>, BooksError> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT id, name, role, created_at, disabled FROM cashiers ORDER BY id")
        .map_err(StoreError::from)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })
        .map_err(StoreError::from)?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, role, created_at, disabled) = row.map_err(StoreError::from)?;
        let role = Role::parse(&role).unwrap_or(Role::Cashier);
        out.push(Cashier {
            id,
            name,
            role,
            created_at,
            disabled,
        });
    }
    Ok(out)
}

/// Disables a cashier: they can no longer sign in; what they did stays in the books.
pub fn disable(store: &mut Store, id: &str) -> Result<(), BooksError> {
    let n = store
        .conn()
        .execute("UPDATE cashiers SET disabled = 1 WHERE id = ?1", [id])
        .map_err(StoreError::from)?;
    if n == 0 {
        return Err(BooksError::Invalid(format!("no cashier `{id}`")));
    }
    Ok(())
}

/// The cashier, if `id` is an enabled cashier and `pin` is theirs. The answer is the same for
/// an unknown id, a wrong PIN and a disabled cashier, so the dialog cannot be used to find ids.
pub fn sign_in(store: &Store, id: &str, pin: &str) -> Result<Option<Cashier>, BooksError> {
    let row: Option<(String, bool)> = store
        .conn()
        .query_row(
            "SELECT pin_hash, disabled FROM cashiers WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(StoreError::from)?;
    let ok = match &row {
        Some((hash, disabled)) => pin_matches(hash, pin) && !disabled,
        None => {
            // Spend the same time on an unknown id.
            let _ = derive(pin, b"kasse-no-such-cashier", ROUNDS);
            false
        }
    };
    if !ok {
        return Ok(None);
    }
    Ok(list(store)?.into_iter().find(|c| c.id == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_hash_is_salted_and_checks() {
        let a = hash_pin("1234");
        let b = hash_pin("1234");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("1234"));
        assert!(pin_matches(&a, "1234"));
        assert!(!pin_matches(&a, "1235"));
        assert!(!pin_matches("garbage", "1234"));
        assert!(!pin_matches("pbkdf2-sha256$0$AA$AA", "1234"));
    }

    #[test]
    fn ids_and_pins_are_checked() {
        assert!(check_id("1").is_ok());
        assert!(check_id("").is_err());
        assert!(check_id("a b").is_err());
        assert!(check_pin("1234").is_ok());
        assert!(check_pin("12a4").is_err());
        assert!(check_pin("123").is_err());
    }
}
