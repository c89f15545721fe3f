//! What the watcher remembers between runs, in two tables of its own in
//! the register's SQLite file: validators per feed (for conditional GETs)
//! and every article URL it has handled. Duplicate checks also read the
//! store's `documents` table (url, content_hash; see docs/schema.md), so
//! articles ingested by `armswatch ingest` count too.

use crate::fetch::Validators;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("watch state in {path}: {cause}")]
pub struct StateError {
    pub path: String,
    pub cause: rusqlite::Error,
}

pub struct State {
    conn: Connection,
    path: String,
    /// The store's table exists (it does once the store has opened the file).
    has_documents: bool,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS watch_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    polled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_pages (
    url TEXT PRIMARY KEY,
    content_hash TEXT,
    doc_id TEXT,
    seen_at TEXT NOT NULL
);
";

impl State {
    pub fn open(path: &Path) -> Result<State, StateError> {
        let name = path.display().to_string();
        let err = |cause| StateError {
            path: name.clone(),
            cause,
        };
        let conn = Connection::open(path).map_err(err)?;
        // The store may be writing through its own connection.
        conn.busy_timeout(Duration::from_secs(10)).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        let has_documents = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'",
                [],
                |_| Ok(()),
            )
            .optional()
            .map_err(err)?
            .is_some();
        Ok(State {
            conn,
            path: name,
            has_documents,
        })
    }

    fn err(&self, cause: rusqlite::Error) -> StateError {
        StateError {
            path: self.path.clone(),
            cause,
        }
    }

    pub fn validators(&self, feed: &str) -> Result<Option<Validators>, StateError> {
        self.conn
            .query_row(
                "SELECT etag, last_modified FROM watch_feeds WHERE url = ?1",
                [feed],
                |r| {
                    Ok(Validators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn save_validators(&self, feed: &str, v: &Validators) -> Result<(), StateError> {
        self.conn
            .execute(
                "INSERT INTO watch_feeds (url, etag, last_modified, polled_at)
                 VALUES (?1, ?2, ?3, datetime('now'))
                 ON CONFLICT (url) DO UPDATE SET etag = ?2, last_modified = ?3,
                     polled_at = datetime('now')",
                params![feed, v.etag, v.last_modified],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Handled before by the watcher, or stored under this URL by anyone.
    pub fn known_url(&self, url: &str) -> Result<bool, StateError> {
        self.known("url", url)
    }

    /// An article with this text is stored already (under any URL or id).
    pub fn known_hash(&self, hash: &str) -> Result<bool, StateError> {
        self.known("content_hash", hash)
    }

    /// Whether the watcher's pages, or the store's documents when there are
    /// any, hold `value` in `column` (a column name of this file, never
    /// input).
    fn known(&self, column: &str, value: &str) -> Result<bool, StateError> {
        let sql = if self.has_documents {
            format!(
                "SELECT 1 FROM watch_pages WHERE {column} = ?1
                 UNION ALL SELECT 1 FROM documents WHERE {column} = ?1 LIMIT 1"
            )
        } else {
            format!("SELECT 1 FROM watch_pages WHERE {column} = ?1")
        };
        self.exists(&sql, value)
    }

    fn exists(&self, sql: &str, value: &str) -> Result<bool, StateError> {
        self.conn
            .query_row(sql, [value], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.err(e))
    }

    /// Remembers a handled article page (`doc_id` is None for a duplicate).
    pub fn remember_page(
        &self,
        url: &str,
        content_hash: &str,
        doc_id: Option<&str>,
    ) -> Result<(), StateError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO watch_pages (url, content_hash, doc_id, seen_at)
                 VALUES (?1, ?2, ?3, datetime('now'))",
                params![url, content_hash, doc_id],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }
}
