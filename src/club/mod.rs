//! The shared customer club: one member register for every till and store of a chain.
//!
//! The service side (`kasse club serve`) is a stateless HTTP front of PostgreSQL: tills hold a
//! token each, never database credentials. The till side keeps a cache of the members in its
//! own SQLite file (filled from the service's change feed), so a look-up at the counter never
//! waits on the network, and an outbox for the enrolments it makes, sent until the service has
//! them.

pub mod cli;
pub mod client;
pub mod pg;
pub mod server;
pub mod sync;
pub mod tokens;
pub mod wire;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ClubError {
    #[error("club database: {0}")]
    Db(#[from] tokio_postgres::Error),
    #[error("club database pool: {0}")]
    Pool(String),
    #[error("club database schema version {found} is newer than this kasse knows ({known})")]
    SchemaTooNew { found: i32, known: i32 },
    #[error("bad request: {0}")]
    Invalid(String),
    #[error("idempotency key `{0}` was used before with another body")]
    KeyReused(String),
    #[error("till name `{0}`: 1 to 40 letters, digits, `-` or `_`")]
    BadTillName(String),
}

impl From<deadpool_postgres::PoolError> for ClubError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        ClubError::Pool(e.to_string())
    }
}
