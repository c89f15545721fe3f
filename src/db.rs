//! Where the register lives: `--db` / `ARMSWATCH_DB` is an SQLite file
//! (the default) or a PostgreSQL URL (`postgres://…`, `postgresql://…`).
//! Commands that go through the `Store` trait work on both; the others
//! still need SQLite's own tables and say so on a URL.

use anyhow::{bail, Context, Result};
use armswatch_store::{SqliteStore, Store};
use armswatch_store_pg::{is_postgres_url, redact, PgStore};
use std::path::{Path, PathBuf};

/// The `--db` argument, read.
#[derive(Debug, Clone)]
pub enum Db {
    File(PathBuf),
    Postgres(String),
}

impl Db {
    pub fn from_arg(arg: &Path) -> Db {
        match arg.to_str() {
            Some(url) if is_postgres_url(url) => Db::Postgres(url.to_string()),
            _ => Db::File(arg.to_path_buf()),
        }
    }

    /// The file, for a command that only SQLite registers have yet.
    pub fn sqlite_only(&self, command: &str) -> Result<&Path> {
        match self {
            Db::File(path) => Ok(path),
            Db::Postgres(url) => bail!(
                "not yet supported on PostgreSQL: {command} (the register at {} is a \
                 PostgreSQL one; give --db an SQLite file)",
                redact(url)
            ),
        }
    }

    /// Fails with a hint when a file register is not there yet (a server
    /// register is made on first use, like a new file by `ingest`).
    pub fn must_exist(&self) -> Result<()> {
        match self {
            Db::File(path) if !path.exists() => bail!(
                "no database at {} (run `armswatch ingest PATH` first)",
                path.display()
            ),
            _ => Ok(()),
        }
    }
}

/// For messages: the file's path, or the URL without its password.
impl std::fmt::Display for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Db::File(path) => write!(f, "{}", path.display()),
            Db::Postgres(url) => write!(f, "{}", redact(url)),
        }
    }
}

/// An open register of either backend.
pub enum Register {
    Sqlite(SqliteStore),
    /// Boxed: a client with its runtime is several times an SQLite handle.
    Postgres(Box<PgStore>),
}

impl Register {
    pub fn store(&self) -> &dyn Store {
        match self {
            Register::Sqlite(s) => s,
            Register::Postgres(s) => s.as_ref(),
        }
    }

    pub fn store_mut(&mut self) -> &mut dyn Store {
        match self {
            Register::Sqlite(s) => s,
            Register::Postgres(s) => s.as_mut(),
        }
    }

    /// The SQLite store, for what only it has yet (analysts' reviews and
    /// entity decisions, alerts); `None` on PostgreSQL, where there are
    /// none of those.
    pub fn sqlite(&self) -> Option<&SqliteStore> {
        match self {
            Register::Sqlite(s) => Some(s),
            Register::Postgres(_) => None,
        }
    }
}

/// Opens the register `db` names. On SQLite the alert matcher is
/// installed, so every write records its alert matches in the same
/// transaction (alerts cannot be set on PostgreSQL yet).
pub fn open_store(db: &Db) -> Result<Register> {
    match db {
        Db::File(path) => crate::commands::open(path).map(Register::Sqlite),
        Db::Postgres(url) => PgStore::open(url)
            .with_context(|| format!("opening database {}", redact(url)))
            .map(|s| Register::Postgres(Box::new(s))),
    }
}
