//! The register on PostgreSQL: [`PgStore`], a second implementation of
//! [`armswatch_store::Store`] with the same behaviour as `SqliteStore`.
//!
//! One connection per store (the synchronous `postgres` client). Tables
//! live in the connection's current schema (the first of its
//! `search_path`), so several registers can share a database, one schema
//! each (`postgres://host/db?options=-c%20search_path%3Dteam_a`).
//!
//! Writers wait for each other instead of failing: every write locks the
//! documents it touches (transaction-scoped advisory locks, taken in one
//! order), and a transaction the server aborts as a deadlock or a
//! serialization failure is run again.

mod read;
mod schema;
mod search;
mod write;

pub use schema::SCHEMA_VERSION;

use armswatch_register::{Document, Record};
use armswatch_store::{Counts, PutSummary, RecordFilter, Replaced, SearchHit, Store, StoreError};
use postgres::{Client, NoTls};
use std::cell::{RefCell, RefMut};

/// Times a write is run again after the server aborted it as a deadlock or
/// serialization failure (rare: locks are taken in one order).
const WRITE_RETRIES: usize = 5;

/// The register in a PostgreSQL schema.
pub struct PgStore {
    /// Reads take `&self` in the trait; the client needs `&mut` for every
    /// query. A store is used by one thread at a time.
    client: RefCell<Client>,
    /// The URL without its password, for messages.
    label: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("url", &self.label).finish()
    }
}

/// A PostgreSQL error whose message is the server's own ("ERROR: …",
/// with its detail and hint): the client's error alone says only "db
/// error", the server's words being its `source()`.
#[derive(Debug)]
pub struct PgError(pub postgres::Error);

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(db) = self.0.as_db_error() {
            return write!(f, "{db}");
        }
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(&self.0);
        while let Some(s) = source {
            write!(f, ": {s}")?;
            source = s.source();
        }
        Ok(())
    }
}

impl std::error::Error for PgError {}

/// Adds a description of what we were doing to a PostgreSQL error.
pub(crate) trait Ctx<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> Ctx<T> for Result<T, postgres::Error> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|cause| StoreError::Backend {
            context: what(),
            cause: Box::new(PgError(cause)),
        })
    }
}

/// Whether `url` names a PostgreSQL server rather than a file.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// `url` with any password replaced by `***`, fit for messages and logs.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let user_info = &authority[..at];
    let Some(colon) = user_info.find(':') else {
        return url.to_string();
    };
    format!(
        "{}{}:***{}",
        &url[..scheme_end],
        &user_info[..colon],
        &rest[at..]
    )
}

impl PgStore {
    /// Connects to the server at `url` (`postgres://user@host:port/db`, any
    /// form the `postgres` crate reads; no TLS) and brings the schema up to
    /// date. A schema written by a newer armswatch, or one holding another
    /// program's tables, is refused and left as it is.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let label = redact(url);
        let mut client = Client::connect(url, NoTls).map_err(|cause| StoreError::Open {
            path: label.clone(),
            cause: Box::new(PgError(cause)),
        })?;
        schema::migrate(&mut client, &label)?;
        Ok(PgStore {
            client: RefCell::new(client),
            label,
        })
    }

    /// The schema version of the open register (always [`SCHEMA_VERSION`]
    /// once opened).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::version(&mut *self.client()?, &self.label)
    }

    /// The connection, for one query at a time. A visitor of
    /// [`Store::for_each_record`] that calls back into the store gets an
    /// error rather than a panic.
    fn client(&self) -> Result<RefMut<'_, Client>, StoreError> {
        self.client
            .try_borrow_mut()
            .map_err(|cause| StoreError::Backend {
                context: "querying while another query of this store is running".into(),
                cause: Box::new(cause),
            })
    }
}

/// Runs `write` again when the server aborted it only to break a deadlock
/// or a serialization conflict.
fn retry_conflicts<T>(mut write: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut tries = 0;
    loop {
        match write() {
            Err(e) if is_conflict(&e) && tries < WRITE_RETRIES => tries += 1,
            other => return other,
        }
    }
}

fn is_conflict(e: &StoreError) -> bool {
    use postgres::error::SqlState;
    let StoreError::Backend { cause, .. } = e else {
        return false;
    };
    let code = cause.downcast_ref::<PgError>().and_then(|e| e.0.code());
    code == Some(&SqlState::T_R_SERIALIZATION_FAILURE)
        || code == Some(&SqlState::T_R_DEADLOCK_DETECTED)
}

impl Store for PgStore {
    fn put_reporting(
        &mut self,
        batch: &[(Document, Vec<Record>)],
        on_replaced: &mut dyn FnMut(Replaced),
    ) -> Result<PutSummary, StoreError> {
        let client = self.client.get_mut();
        // Reported only once committed: a retried attempt starts over.
        let (summary, replaced) = retry_conflicts(|| write::put(client, batch))?;
        replaced.into_iter().for_each(on_replaced);
        Ok(summary)
    }

    fn replace_records(&mut self, doc_id: &str, records: &[Record]) -> Result<(), StoreError> {
        let client = self.client.get_mut();
        retry_conflicts(|| write::replace_records(client, doc_id, records))
    }

    fn documents(&self) -> Result<Vec<Document>, StoreError> {
        read::documents(&mut *self.client()?)
    }

    fn document(&self, id: &str) -> Result<Option<(Document, Vec<Record>)>, StoreError> {
        let Some(doc) = read::document(&mut *self.client()?, id)? else {
            return Ok(None);
        };
        let records = self.records(&RecordFilter {
            doc: Some(doc.id.clone()),
            ..RecordFilter::default()
        })?;
        Ok(Some((doc, records)))
    }

    fn for_each_record(
        &self,
        filter: &RecordFilter,
        visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        read::for_each_record(&mut *self.client()?, filter, visit)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        search::search(&mut *self.client()?, query, limit)
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        read::counts(&mut *self.client()?)
    }
}

#[cfg(test)]
mod tests {
    use super::{is_postgres_url, redact};

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://ann:s3cret@db.example:5432/reg?sslmode=disable"),
            "postgres://ann:***@db.example:5432/reg?sslmode=disable"
        );
        assert_eq!(
            redact("postgresql://ann@localhost/reg"),
            "postgresql://ann@localhost/reg"
        );
        assert_eq!(
            redact("postgres://localhost/reg?user=a@b"),
            "postgres://localhost/reg?user=a@b"
        );
        assert_eq!(redact("armswatch.db"), "armswatch.db");
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_postgres_url("postgres://localhost/test"));
        assert!(is_postgres_url("postgresql://localhost/test"));
        assert!(!is_postgres_url("postgres.db"));
        assert!(!is_postgres_url("./postgres://x"));
    }
}
