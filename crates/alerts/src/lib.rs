//! Alerts: saved queries over the register.
//!
//! An [`Alert`] is a name and a set of [`Filters`] (recipient, supplier,
//! category, minimum value, status, kind), optionally with a webhook URL.
//! [`Matcher`] is a [`armswatch_store::RecordObserver`]: installed on the
//! store ([`install`]), it checks every document's new or changed records
//! against all alerts *inside the transaction that writes them*, so a
//! match (and its webhook outbox row) is recorded exactly when the records
//! are, never twice:
//!
//! - a match is keyed by (alert, [`record_key`]): the document id and a
//!   hash of the record's fact (not its evidence offsets or confidence), so
//!   re-extraction that gives the same fact is not new, while a changed
//!   fact (another status, value, supplier) is;
//! - a record whose key the document already had before the write is not
//!   new, so `reextract` and re-ingest never refire unchanged entries.
//!
//! Matches are read as an Atom feed per alert ([`atom::feed`]); webhook
//! POSTs go out from the outbox ([`deliver`]): a row is marked delivered
//! only after a 2xx, so a process killed mid-way sends it on its next run.
//!
//! Tables: `alerts`, `alert_matches`, `alert_outbox` (store migration 3,
//! `docs/schema.md`). Everything here takes the store's connection.

pub mod atom;
mod book;
mod deliver;
mod filter;
mod observer;

pub use book::{
    add, delivery_counts, get, list, match_count, matches, remove, Alert, DeliveryCounts, Match,
    MAX_NAME_LEN,
};
pub use deliver::{deliver, Delivered, Policy, USER_AGENT};
pub use filter::{Filters, MinValue};
pub use observer::{entry_id, record_key, Matcher};

use armswatch_store::SqliteStore;

/// What went wrong, naming the value or alert involved.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    #[error("{0}")]
    Invalid(String),
    #[error("an alert named {0:?} exists already")]
    Exists(String),
    #[error("no alert named {0:?}")]
    NoSuchAlert(String),
    #[error("alert database error while {context}: {cause}")]
    Sqlite {
        context: String,
        cause: rusqlite::Error,
    },
    #[error("alert {alert:?}: stored {what} cannot be read: {reason}")]
    Corrupt {
        alert: String,
        what: &'static str,
        reason: String,
    },
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write the Atom feed: {0}")]
    Xml(#[from] std::io::Error),
}

/// Adds context to an SQLite error.
pub(crate) trait Ctx<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, AlertError>;
}

impl<T> Ctx<T> for rusqlite::Result<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, AlertError> {
        self.map_err(|cause| AlertError::Sqlite {
            context: what(),
            cause,
        })
    }
}

/// Makes every later write of `store` check its records against the
/// alerts (in the same transaction).
pub fn install(store: &mut SqliteStore) {
    store.set_observer(Box::new(Matcher));
}

/// Now, UTC, as the tables keep it: `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Now, in Unix seconds.
pub(crate) fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}
