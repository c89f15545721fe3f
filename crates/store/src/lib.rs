//! The register's storage.
//!
//! [`Store`] is the seam between the pipeline and a database: SQLite
//! ([`SqliteStore`], here) and PostgreSQL (`PgStore`, crate
//! `armswatch-store-pg`) implement it, and the behaviour both must have is
//! one test suite (crate `armswatch-store-conformance`). The trait is
//! object-safe: callers may hold a `Box<dyn Store>`.
//!
//! The SQLite schema is meant to be read by people too (Datasette, DuckDB,
//! pandas); it is described in `docs/schema.md`.

pub mod decisions;
pub mod flat;
mod fts;
pub mod query;
mod reference;
pub mod review;
mod sqlite;

pub use decisions::{Decision, EntityDecision};
pub use fts::{plain_snippet, search_terms, SearchTerm, MAX_SEARCH_BYTES, MAX_SEARCH_TERMS};
pub use reference::SipriImport;
pub use review::{Action, AuditEntry, Field, QueueItem, ReviewError, ReviewState};
pub use sqlite::{SqliteStore, SCHEMA_VERSION};

use armswatch_register::{Date, Document, Record, RecordKind};
use serde::Serialize;
use std::ops::AddAssign;

/// A backend's own error (SQLite's, PostgreSQL's), kept whole for logs and
/// for the backend itself (busy or serialization checks), but typed so
/// that callers never depend on a particular database library.
pub type BackendCause = Box<dyn std::error::Error + Send + Sync>;

/// What went wrong, with enough context to name the document involved.
///
/// The underlying error is part of the message and not also given as
/// `source()`: printing the chain (anyhow's `{:#}`) would repeat it
/// ("database is locked: database is locked: Error code 5").
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `path` names the database: a file, or a server URL without its
    /// password.
    #[error("cannot open database {path}: {cause}")]
    Open { path: String, cause: BackendCause },
    #[error("database error while {context}: {cause}")]
    Backend {
        context: String,
        cause: BackendCause,
    },
    #[error("cannot {action} a record of document {doc:?}: {cause}")]
    Json {
        action: &'static str,
        doc: String,
        cause: serde_json::Error,
    },
    #[error(
        "database schema version {found} is newer than this program supports \
         (version {supported}); upgrade armswatch to open it"
    )]
    TooNew { found: i64, supported: i64 },
    #[error(
        "{path} is read-only and its schema is older than this program's; \
         open it once where it can be written to bring it up to date"
    )]
    ReadOnlyNeedsMigration { path: String },
    #[error("{path} is not an armswatch database: {reason}")]
    NotArmswatch { path: String, reason: String },
    #[error("document {doc:?} rejected: {reason}")]
    Invalid { doc: String, reason: String },
    #[error("no document with id {0:?}")]
    NoSuchDocument(String),
    #[error("document {doc:?} is stored in a form this program cannot read: {reason}")]
    Corrupt { doc: String, reason: String },
    #[error("after storing the records of document {doc:?}: {cause}")]
    Observer { doc: String, cause: String },
    #[error("review refused: {0}")]
    Review(ReviewError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl StoreError {
    /// Another connection held the lock for longer than the busy timeout.
    pub fn is_busy(&self) -> bool {
        self.sqlite_cause().is_some_and(|cause| {
            matches!(
                cause.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
        })
    }

    /// The SQLite error underneath, if this came from SQLite (for the
    /// SQLite backend's own checks).
    pub(crate) fn sqlite_cause(&self) -> Option<&rusqlite::Error> {
        match self {
            StoreError::Backend { cause, .. } | StoreError::Open { cause, .. } => {
                cause.downcast_ref::<rusqlite::Error>()
            }
            _ => None,
        }
    }
}

/// A stored publication date read back: a value that no longer parses is a
/// corrupt row of document `doc`, never a silent `None`.
pub fn stored_date(doc: &str, published: Option<String>) -> Result<Option<Date>, StoreError> {
    published
        .map(|p| {
            Date::parse(&p).map_err(|e| StoreError::Corrupt {
                doc: doc.to_string(),
                reason: format!("bad publication date: {e}"),
            })
        })
        .transpose()
}

/// The ISO 3166-1 alpha-2 code a [`RecordFilter`] actor query stands for,
/// if it is one (two ASCII letters, any case). `UK` is not an ISO code but
/// everyone types it.
pub fn country_code(s: &str) -> Option<String> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
        let up = s.to_ascii_uppercase();
        Some(if up == "UK" { "GB".to_string() } else { up })
    } else {
        None
    }
}

/// An article stored before under an id that now came with other text;
/// the old one was replaced (see [`Store::put_reporting`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replaced {
    pub id: String,
    /// Where the replaced text came from (`origin` of the old document).
    pub old_origin: Option<String>,
    /// Where the new text comes from.
    pub new_origin: Option<String>,
}

/// What one [`Store::put`] call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PutSummary {
    /// Documents whose id was new.
    pub added: usize,
    /// Documents already stored with the same id and content hash (skipped).
    pub unchanged: usize,
    /// Documents stored before under the same id with another hash; the old
    /// document and its records were replaced.
    pub replaced: usize,
    /// Records written for added and replaced documents.
    pub records: usize,
}

impl AddAssign for PutSummary {
    fn add_assign(&mut self, o: PutSummary) {
        self.added += o.added;
        self.unchanged += o.unchanged;
        self.replaced += o.replaced;
        self.records += o.records;
    }
}

/// Which records [`Store::records`] returns. Every set field must match.
///
/// `supplier`, `recipient` and `country` take either an ISO 3166-1 alpha-2
/// code (two ASCII letters, any case; `UK` is read as `GB`) matched against
/// actors' countries, or a name matched as a case-insensitive substring of
/// an actor's name or one of its aliases. Blank strings are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFilter {
    pub kind: Option<RecordKind>,
    /// A supplier of a transfer, or a member of a supplying consortium.
    pub supplier: Option<String>,
    /// A transfer's recipient or a contest's buyer (or a member of either).
    pub recipient: Option<String>,
    /// Any actor of the record in any role.
    pub country: Option<String>,
    /// Year of the record's main date: transfer `date`, contest `awarded`
    /// (else `cancelled`), engagement `date`. Entities have none.
    pub year: Option<i32>,
    /// Document id, exactly.
    pub doc: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A document matching a full-text search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub doc: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// A short excerpt; matched terms are wrapped in
    /// [`SNIPPET_OPEN`] and [`SNIPPET_CLOSE`].
    pub snippet: String,
    /// The backend's relevance score, lower is better (hits come best
    /// first): BM25 on SQLite, negated `ts_rank` on PostgreSQL. Scores of
    /// two backends are not comparable.
    pub rank: f64,
}

/// Marks the start of a matched term in [`SearchHit::snippet`].
pub const SNIPPET_OPEN: &str = "[";
/// Marks the end of a matched term in [`SearchHit::snippet`].
pub const SNIPPET_CLOSE: &str = "]";

/// How much is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub documents: u64,
    pub entities: u64,
    pub transfers: u64,
    pub contests: u64,
    pub engagements: u64,
}

impl Counts {
    pub fn records(&self) -> u64 {
        self.entities + self.transfers + self.contests + self.engagements
    }

    pub fn of(&self, kind: RecordKind) -> u64 {
        match kind {
            RecordKind::Entity => self.entities,
            RecordKind::Transfer => self.transfers,
            RecordKind::Contest => self.contests,
            RecordKind::Engagement => self.engagements,
        }
    }
}

/// What one write did to one document's records (see
/// [`SqliteStore::set_observer`]).
#[derive(Debug, Clone, Copy)]
pub struct RecordsWritten<'a> {
    pub doc: &'a str,
    /// The document's records before the write (empty for a new document).
    pub before: &'a [Record],
    /// Its records now.
    pub after: &'a [Record],
}

/// Code told of every document's records as they are written, inside the
/// write's transaction (alerts use it so that a match is recorded with the
/// records it matches, or not at all). It may write its own tables through
/// `conn`; it must not touch the store's.
pub trait RecordObserver: Send {
    fn records_written(
        &mut self,
        conn: &rusqlite::Connection,
        write: &RecordsWritten<'_>,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>;
}

/// A place to keep documents and the records extracted from them.
pub trait Store {
    /// Stores documents with their records, all in one transaction: on any
    /// error nothing of the batch is kept.
    ///
    /// A document already stored with the same id and content hash is
    /// skipped (nothing changes, not even timestamps). One stored under the
    /// same id with another hash is replaced, records and all. Every
    /// record's `doc` must be its document's id and its confidence finite.
    /// An id given twice in one batch is handled in order (the later wins).
    fn put(&mut self, batch: &[(Document, Vec<Record>)]) -> Result<PutSummary, StoreError> {
        self.put_reporting(batch, &mut |_| {})
    }

    /// [`Store::put`], calling `replaced` for each stored document that
    /// was replaced by different text under the same id, so the caller can
    /// say so (a silent replacement is how articles get lost).
    fn put_reporting(
        &mut self,
        batch: &[(Document, Vec<Record>)],
        replaced: &mut dyn FnMut(Replaced),
    ) -> Result<PutSummary, StoreError>;

    /// Replaces all records of a stored document (used by re-extraction),
    /// in one transaction. The document itself is left as it is.
    fn replace_records(&mut self, doc_id: &str, records: &[Record]) -> Result<(), StoreError>;

    /// All documents, with their text, ordered by id.
    fn documents(&self) -> Result<Vec<Document>, StoreError>;

    /// One document and its records in order, if stored.
    fn document(&self, id: &str) -> Result<Option<(Document, Vec<Record>)>, StoreError>;

    /// Records matching `filter`, ordered by document id then by their order
    /// within the document.
    fn records(&self, filter: &RecordFilter) -> Result<Vec<Record>, StoreError> {
        let mut out = Vec::new();
        self.for_each_record(filter, &mut |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `visit` with each record matching `filter`, in the order of
    /// [`Store::records`], without holding them all in memory. An error from
    /// `visit` stops the walk and is returned.
    fn for_each_record(
        &self,
        filter: &RecordFilter,
        visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Every record (for export).
    fn all_records(&self) -> Result<Vec<Record>, StoreError> {
        self.records(&RecordFilter::default())
    }

    /// Full-text search over document titles and texts, best hits first.
    /// Only the first [`MAX_SEARCH_BYTES`] of `query` and its first
    /// [`MAX_SEARCH_TERMS`] words or phrases are used.
    /// `query` is user text: words are matched as words (any order, all
    /// required), `"quoted words"` as phrases, and a trailing `*` makes a
    /// prefix. Nothing in it is taken as search or SQL syntax, so no input
    /// can make this fail or touch the data.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError>;

    /// Documents and records by kind.
    fn counts(&self) -> Result<Counts, StoreError>;
}
