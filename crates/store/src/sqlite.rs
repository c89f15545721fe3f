//! The SQLite backend.

use crate::flat::Flat;
use crate::fts::fts5_query;
use crate::review::{apply_corrections, ReviewState};
use crate::{
    country_code, Counts, PutSummary, RecordFilter, RecordObserver, RecordsWritten, Replaced,
    SearchHit, Store, StoreError, SNIPPET_CLOSE, SNIPPET_OPEN,
};
use armswatch_register::{Document, Record, RecordKind};
use rusqlite::types::Value;
use rusqlite::{
    params, params_from_iter, Connection, OpenFlags, OptionalExtension, TransactionBehavior,
};
use std::path::Path;
use std::time::Duration;

/// Migration scripts in order; script `i` takes the schema from version `i`
/// to `i + 1`. Append only: never edit a script that has been released.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_sipri.sql"),
    include_str!("../migrations/0003_alerts.sql"),
    include_str!("../migrations/0004_review.sql"),
    include_str!("../migrations/0005_entity_decisions.sql"),
];

/// The schema version this code writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// `PRAGMA application_id` of armswatch files ("ARMW"), so that other tools
/// (and we) can tell them from other SQLite files.
const APPLICATION_ID: i64 = 0x4152_4D57;

/// How long to wait for another connection's write lock before giving
/// up. Write transactions are short (extraction happens before them), but
/// a batch of long articles with their full-text index takes seconds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Longest text whose search snippet FTS5 makes; see [`Store::search`].
const SNIPPET_SCAN_BYTES: usize = 64 * 1024;

/// Times a write is tried again after a whole busy timeout went by (a
/// writer that keeps the lock that long is rare, not a reason to lose a run).
const BUSY_RETRIES: usize = 3;

/// The register in an SQLite file (or in memory).
pub struct SqliteStore {
    pub(crate) conn: Connection,
    /// Told of every document's records inside the writing transaction.
    pub(crate) observer: Option<Box<dyn RecordObserver>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.conn.path())
            .finish()
    }
}

/// Adds a description of what we were doing to an SQLite error.
pub(crate) trait Ctx<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> Ctx<T> for rusqlite::Result<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|cause| StoreError::Backend {
            context: what(),
            cause: Box::new(cause),
        })
    }
}

impl SqliteStore {
    /// Opens the database at `path`, creating the file if needed, and brings
    /// its schema up to date. A file written by a newer armswatch, or an
    /// SQLite file of another program, is refused.
    ///
    /// A file this process may not write (read-only file or file system) is
    /// opened read-only ([`SqliteStore::open_read_only`]): it can be read,
    /// listed and served, not changed.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|cause| open_error(path, cause))?;
        // SQLite opens a file it may not write read-only; asking it, rather
        // than opening the file ourselves, matters: closing a descriptor of
        // our own would drop every POSIX lock this process holds on the
        // file, and another process would then delete the live WAL.
        if conn
            .is_readonly(rusqlite::DatabaseName::Main)
            .unwrap_or(false)
        {
            drop(conn);
            return SqliteStore::open_read_only(path);
        }
        SqliteStore::init(conn, &path.display().to_string())
    }

    /// Opens an existing database for reading only: nothing is written to
    /// it, not even the schema (an out-of-date schema is an error). A file
    /// in WAL mode whose side files cannot be made is read as immutable.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open = |p: &Path, flags: OpenFlags| {
            Connection::open_with_flags(p, flags).map_err(|cause| open_error(path, cause))
        };
        let conn = open(path, flags)?;
        let conn = match check_version(&conn, &label) {
            Ok(_) => conn,
            Err(e) if is_read_only_error(&e) => {
                drop(conn);
                let uri = immutable_uri(path);
                open(Path::new(&uri), flags | OpenFlags::SQLITE_OPEN_URI)?
            }
            Err(e) => return Err(e),
        };
        conn.busy_timeout(BUSY_TIMEOUT)
            .ctx(|| format!("setting busy timeout on {label}"))?;
        if check_version(&conn, &label)? < SCHEMA_VERSION {
            return Err(StoreError::ReadOnlyNeedsMigration { path: label });
        }
        Ok(SqliteStore {
            conn,
            observer: None,
        })
    }

    /// A fresh database that lives as long as the value (for tests and
    /// one-off runs).
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_in_memory()
            .map_err(|cause| open_error(Path::new(":memory:"), cause))?;
        SqliteStore::init(conn, ":memory:")
    }

    fn init(mut conn: Connection, label: &str) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)
            .ctx(|| format!("setting busy timeout on {label}"))?;
        conn.pragma_update(None, "foreign_keys", true)
            .ctx(|| format!("enabling foreign keys on {label}"))?;
        // Check before anything is written, so a foreign or newer file is
        // left exactly as it was.
        if check_version(&conn, label)? < SCHEMA_VERSION {
            migrate(&mut conn, label)?;
        }
        // WAL lets readers (Datasette, a second armswatch) work while we
        // write. In memory the answer is "memory", which is fine.
        switch_to_wal(&conn, label)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .ctx(|| format!("setting synchronous on {label}"))?;
        Ok(SqliteStore {
            conn,
            observer: None,
        })
    }

    /// How long to wait for another connection's lock before a write fails
    /// (and is retried, [`BUSY_RETRIES`] times). Default 30 s.
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(timeout)
            .ctx(|| "setting the busy timeout".into())
    }

    /// Tells `observer` of every document's records written from now on
    /// (by `put` and `replace_records`), inside the same transaction: what
    /// it writes commits or rolls back with them, and its error aborts the
    /// write. Replaces any observer set before.
    pub fn set_observer(&mut self, observer: Box<dyn RecordObserver>) {
        self.observer = Some(observer);
    }

    /// The underlying connection, for tables that other crates keep in the
    /// same file (alerts). The store's own tables are written only through
    /// [`Store`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The schema version of the open file (always [`SCHEMA_VERSION`] once
    /// opened).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx(|| "reading schema version".into())
    }
}

fn open_error(path: &Path, cause: rusqlite::Error) -> StoreError {
    StoreError::Open {
        path: path.display().to_string(),
        cause: Box::new(cause),
    }
}

/// SQLite could not make or write the side files a WAL read needs.
fn is_read_only_error(e: &StoreError) -> bool {
    let Some(cause) = e.sqlite_cause() else {
        return false;
    };
    matches!(
        cause.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    )
}

/// `file:` URI of `path` with `immutable=1` (no locks, no side files).
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(char::from(b)),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Runs `write` again when it failed only because another connection kept
/// the database locked for a whole busy timeout.
fn retry_busy<T>(mut write: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut tries = 0;
    loop {
        match write() {
            Err(e) if e.is_busy() && tries < BUSY_RETRIES => tries += 1,
            other => return other,
        }
    }
}

/// Reads the file's schema version and refuses files we must not touch.
fn check_version(conn: &Connection, label: &str) -> Result<i64, StoreError> {
    let not_ours = |reason: &str| StoreError::NotArmswatch {
        path: label.to_string(),
        reason: reason.to_string(),
    };
    // One statement, so one snapshot: read apart, another connection's
    // first migration could commit between the version (0) and the tables
    // (there), and the file would look like another program's.
    let read = conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version), \
                (SELECT application_id FROM pragma_application_id), \
                (SELECT count(*) FROM sqlite_master)",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    );
    let (version, app_id, objects) = match read {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(not_ours("not an SQLite database"));
        }
        Err(cause) => {
            return Err(StoreError::Backend {
                context: format!("reading schema version of {label}"),
                cause: Box::new(cause),
            })
        }
    };
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(not_ours("its application id belongs to another program"));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 && objects > 0 {
        return Err(not_ours("it already holds tables of another program"));
    }
    Ok(version)
}

/// Applies pending migrations, each in its own transaction together with
/// the version bump. IMMEDIATE takes the write lock up front, and the
/// version is re-read under it, so two processes opening a new file at once
/// cannot both run a script.
fn migrate(conn: &mut Connection, label: &str) -> Result<(), StoreError> {
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| format!("locking {label} to migrate it"))?;
        let version = check_version(&tx, label)?;
        let Some(script) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            return Ok(()); // up to date; dropping `tx` ends it
        };
        let next = version + 1;
        tx.execute_batch(script)
            .ctx(|| format!("migrating {label} to schema version {next}"))?;
        tx.pragma_update(None, "user_version", next)
            .ctx(|| format!("recording schema version {next} in {label}"))?;
        if version == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .ctx(|| format!("marking {label} as an armswatch file"))?;
        }
        tx.commit()
            .ctx(|| format!("committing schema version {next} to {label}"))?;
    }
}

/// Switching a new file to WAL needs it to itself: a second connection
/// opening the same new file at once gets "busy" at once (SQLite calls no
/// busy handler for it), so the switch is tried again until the busy
/// timeout has gone by.
fn switch_to_wal(conn: &Connection, label: &str) -> Result<(), StoreError> {
    let start = std::time::Instant::now();
    loop {
        let tried = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .ctx(|| format!("switching {label} to WAL"));
        match tried {
            Err(e) if e.is_busy() && start.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other.map(|_| ()),
        }
    }
}

/// Appends an `EXISTS` clause matching an actor in one of `roles` (or a
/// member of a consortium in one of them; all roles when empty).
fn actor_clause(query: &str, roles: &[&str], sql: &mut String, args: &mut Vec<Value>) {
    let q = query.trim();
    if q.is_empty() {
        return;
    }
    sql.push_str(" AND EXISTS (SELECT 1 FROM record_actors a WHERE a.record_id = r.id");
    if !roles.is_empty() {
        // Roles are our own constants, never user text.
        let list = roles
            .iter()
            .map(|r| format!("'{r}'"))
            .collect::<Vec<_>>()
            .join(", ");
        sql.push_str(&format!(
            " AND (a.role IN ({list}) OR (a.role = 'member' AND a.parent_role IN ({list})))"
        ));
    }
    match country_code(q) {
        Some(code) => {
            sql.push_str(" AND a.country = ?");
            args.push(Value::Text(code));
        }
        None => {
            sql.push_str(" AND instr(a.names_lc, ?) > 0");
            args.push(Value::Text(q.to_lowercase()));
        }
    }
    sql.push(')');
}

fn select_records(filter: &RecordFilter) -> (String, Vec<Value>) {
    // Entries an analyst rejected are out of the register.
    let mut sql =
        String::from("SELECT r.doc, r.json FROM records r WHERE r.review IS NOT 'rejected'");
    let mut args = Vec::new();
    if let Some(kind) = filter.kind {
        sql.push_str(" AND r.kind = ?");
        args.push(Value::Text(kind.as_str().into()));
    }
    if let Some(year) = filter.year {
        sql.push_str(" AND r.year = ?");
        args.push(Value::Integer(year.into()));
    }
    if let Some(doc) = &filter.doc {
        sql.push_str(" AND r.doc = ?");
        args.push(Value::Text(doc.clone()));
    }
    if let Some(q) = &filter.supplier {
        actor_clause(q, &["supplier"], &mut sql, &mut args);
    }
    if let Some(q) = &filter.recipient {
        actor_clause(q, &["recipient", "buyer"], &mut sql, &mut args);
    }
    if let Some(q) = &filter.country {
        actor_clause(q, &[], &mut sql, &mut args);
    }
    sql.push_str(" ORDER BY r.doc, r.seq LIMIT ? OFFSET ?");
    // SQLite reads a negative LIMIT as "no limit".
    let limit = filter
        .limit
        .map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    args.push(Value::Integer(limit));
    args.push(Value::Integer(
        i64::try_from(filter.offset).unwrap_or(i64::MAX),
    ));
    (sql, args)
}

pub(crate) fn read_record(doc: &str, json: &str) -> Result<Record, StoreError> {
    serde_json::from_str(json).map_err(|cause| StoreError::Json {
        action: "read",
        doc: doc.to_string(),
        cause,
    })
}

const DOCUMENT_COLUMNS: &str = "id, text, published, outlet, title, url, origin, content_hash";

type DocumentRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn document_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn document_from_row(row: DocumentRow) -> Result<Document, StoreError> {
    let (id, text, published, outlet, title, url, origin, content_hash) = row;
    let published = crate::stored_date(&id, published)?;
    Ok(Document {
        id,
        text,
        published,
        outlet,
        title,
        url,
        origin,
        content_hash,
    })
}

fn insert_document(conn: &Connection, doc: &Document) -> Result<(), StoreError> {
    if doc.id.is_empty() {
        return Err(StoreError::Invalid {
            doc: doc.id.clone(),
            reason: "empty document id".into(),
        });
    }
    conn.prepare_cached(
        "INSERT INTO documents
             (id, content_hash, title, outlet, url, published, origin, text, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    )
    .and_then(|mut st| {
        st.execute(params![
            doc.id,
            doc.content_hash,
            doc.title,
            doc.outlet,
            doc.url,
            doc.published.map(|d| d.to_string()),
            doc.origin,
            doc.text,
        ])
    })
    .ctx(|| format!("storing document {:?}", doc.id))?;
    Ok(())
}

/// Inserts `records` as the records of `doc_id`, numbered from 0. The
/// caller has removed any previous ones.
/// Analysts' corrections are applied first (keyed by each record's entry
/// key); returns the records as stored.
pub(crate) fn insert_records(
    conn: &Connection,
    doc_id: &str,
    records: &[Record],
) -> Result<Vec<Record>, StoreError> {
    let ctx = || format!("storing records of document {doc_id:?}");
    let mut ins_record = conn
        .prepare_cached(
            "INSERT INTO records (doc, seq, kind, confidence, date, year, status, type,
                 category, name, system_name, quantity, value_amount, value_currency, json,
                 entry_key, review, extracted_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17, ?18)",
        )
        .ctx(ctx)?;
    let mut ins_actor = conn
        .prepare_cached(
            "INSERT INTO record_actors
                 (record_id, role, parent_role, name, type, country, aliases, names_lc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .ctx(ctx)?;
    let mut ins_evidence = conn
        .prepare_cached(
            "INSERT INTO evidence (record_id, seq, start_byte, end_byte, text, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .ctx(ctx)?;
    let mut ins_source = conn
        .prepare_cached("INSERT INTO sources (record_id, name) VALUES (?1, ?2)")
        .ctx(ctx)?;
    let json_err = |cause| StoreError::Json {
        action: "serialise",
        doc: doc_id.to_string(),
        cause,
    };
    let reviewed = apply_corrections(conn, doc_id, records)?;
    for (seq, (extracted, rv)) in records.iter().zip(&reviewed).enumerate() {
        let record = &rv.record;
        let invalid = |reason: String| StoreError::Invalid {
            doc: doc_id.to_string(),
            reason: format!("record {seq}: {reason}"),
        };
        if record.doc != doc_id {
            return Err(invalid(format!(
                "it names document {:?}, not this one",
                record.doc
            )));
        }
        // JSON has no NaN or infinity; it would not read back.
        if !record.confidence.is_finite() {
            return Err(invalid(format!(
                "confidence {} is not a number",
                record.confidence
            )));
        }
        let json = serde_json::to_string(record).map_err(json_err)?;
        let original = match rv.changed {
            true => Some(serde_json::to_string(extracted).map_err(json_err)?),
            false => None,
        };
        let flat = Flat::of(record);
        let big = |n: u64| i64::try_from(n).ok(); // beyond i64: JSON only
        ins_record
            .execute(params![
                doc_id,
                seq as i64,
                record.kind().as_str(),
                record.confidence,
                flat.date.map(|d| d.to_string()),
                flat.date.map(|d| d.year),
                flat.status,
                flat.kind_type,
                flat.category,
                flat.name,
                flat.system_name,
                flat.quantity.and_then(big),
                flat.value.and_then(|v| big(v.amount)),
                flat.value.map(|v| v.currency.as_str()),
                json,
                rv.key,
                rv.state.map(ReviewState::as_str),
                original,
            ])
            .ctx(ctx)?;
        let id = conn.last_insert_rowid();
        for a in &flat.actors {
            let aliases = if a.aliases.is_empty() {
                None
            } else {
                Some(serde_json::to_string(a.aliases).map_err(json_err)?)
            };
            ins_actor
                .execute(params![
                    id,
                    a.role,
                    a.parent_role,
                    a.name,
                    a.kind.as_str(),
                    a.country,
                    aliases,
                    a.names_lc(),
                ])
                .ctx(ctx)?;
        }
        for (i, e) in record.evidence.iter().enumerate() {
            ins_evidence
                .execute(params![
                    id,
                    i as i64,
                    i64::try_from(e.start).ok(),
                    i64::try_from(e.end).ok(),
                    e.text,
                    e.doc,
                ])
                .ctx(ctx)?;
        }
        for s in &record.sources {
            ins_source.execute(params![id, s]).ctx(ctx)?;
        }
    }
    Ok(reviewed.into_iter().map(|r| r.record).collect())
}

/// The records of one document as the extractor gave them (before any
/// correction), in order.
pub(crate) fn extracted_of(conn: &Connection, doc_id: &str) -> Result<Vec<Record>, StoreError> {
    let ctx = || format!("reading the records of document {doc_id:?}");
    let mut st = conn
        .prepare_cached(
            "SELECT coalesce(extracted_json, json) FROM records WHERE doc = ?1 ORDER BY seq",
        )
        .ctx(ctx)?;
    let rows = st.query_map([doc_id], |r| r.get::<_, String>(0)).ctx(ctx)?;
    let mut out = Vec::new();
    for json in rows {
        out.push(read_record(doc_id, &json.ctx(ctx)?)?);
    }
    Ok(out)
}

/// The records of one document, in order (read inside a write transaction,
/// before they are replaced).
pub(crate) fn records_of(conn: &Connection, doc_id: &str) -> Result<Vec<Record>, StoreError> {
    let ctx = || format!("reading the records of document {doc_id:?}");
    let mut st = conn
        .prepare_cached("SELECT json FROM records WHERE doc = ?1 ORDER BY seq")
        .ctx(ctx)?;
    let rows = st.query_map([doc_id], |r| r.get::<_, String>(0)).ctx(ctx)?;
    let mut out = Vec::new();
    for json in rows {
        out.push(read_record(doc_id, &json.ctx(ctx)?)?);
    }
    Ok(out)
}

/// Tells the observer, if any, what a document's records were and are.
pub(crate) fn notify(
    observer: &mut Option<Box<dyn RecordObserver>>,
    conn: &Connection,
    doc: &str,
    before: &[Record],
    after: &[Record],
) -> Result<(), StoreError> {
    let Some(observer) = observer else {
        return Ok(());
    };
    let write = RecordsWritten { doc, before, after };
    observer
        .records_written(conn, &write)
        .map_err(|cause| StoreError::Observer {
            doc: doc.to_string(),
            cause: cause.to_string(),
        })
}

impl SqliteStore {
    /// One attempt at [`Store::put`]. IMMEDIATE takes the write lock before
    /// the first read, so a second writer waits for it (busy timeout)
    /// instead of failing at once when a read lock cannot be upgraded.
    fn put_once(
        &mut self,
        batch: &[(Document, Vec<Record>)],
    ) -> Result<(PutSummary, Vec<Replaced>), StoreError> {
        let SqliteStore { conn, observer } = self;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| "starting a write transaction".into())?;
        let mut summary = PutSummary::default();
        let mut replaced = Vec::new();
        for (doc, records) in batch {
            // Same hash means same text; without a hash, compare the text.
            let stored: Option<(bool, Option<String>)> = tx
                .prepare_cached(
                    "SELECT content_hash = ?2 AND (?2 <> '' OR text = ?3), origin
                     FROM documents WHERE id = ?1",
                )
                .and_then(|mut st| {
                    st.query_row(params![doc.id, doc.content_hash, doc.text], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()
                })
                .ctx(|| format!("looking up document {:?}", doc.id))?;
            let mut before = Vec::new();
            match stored {
                Some((true, _)) => {
                    summary.unchanged += 1;
                    continue;
                }
                Some((false, old_origin)) => {
                    if observer.is_some() {
                        before = records_of(&tx, &doc.id)?;
                    }
                    // Cascades to records, actors, evidence, sources and the
                    // full-text index.
                    tx.execute("DELETE FROM documents WHERE id = ?1", [&doc.id])
                        .ctx(|| format!("replacing document {:?}", doc.id))?;
                    summary.replaced += 1;
                    replaced.push(Replaced {
                        id: doc.id.clone(),
                        old_origin,
                        new_origin: doc.origin.clone(),
                    });
                }
                None => summary.added += 1,
            }
            insert_document(&tx, doc)?;
            let stored = insert_records(&tx, &doc.id, records)?;
            notify(observer, &tx, &doc.id, &before, &stored)?;
            summary.records += records.len();
        }
        tx.commit().ctx(|| "committing documents".into())?;
        Ok((summary, replaced))
    }

    fn replace_records_once(&mut self, doc_id: &str, records: &[Record]) -> Result<(), StoreError> {
        let SqliteStore { conn, observer } = self;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| "starting a write transaction".into())?;
        let exists = tx
            .query_row(
                "SELECT 1 FROM documents WHERE id = ?1",
                [doc_id],
                |_| Ok(()),
            )
            .optional()
            .ctx(|| format!("looking up document {doc_id:?}"))?
            .is_some();
        if !exists {
            return Err(StoreError::NoSuchDocument(doc_id.to_string()));
        }
        let before = match observer {
            Some(_) => records_of(&tx, doc_id)?,
            None => Vec::new(),
        };
        tx.execute("DELETE FROM records WHERE doc = ?1", [doc_id])
            .ctx(|| format!("removing records of document {doc_id:?}"))?;
        let stored = insert_records(&tx, doc_id, records)?;
        notify(observer, &tx, doc_id, &before, &stored)?;
        tx.commit()
            .ctx(|| format!("committing records of document {doc_id:?}"))
    }
}

impl Store for SqliteStore {
    fn put_reporting(
        &mut self,
        batch: &[(Document, Vec<Record>)],
        on_replaced: &mut dyn FnMut(Replaced),
    ) -> Result<PutSummary, StoreError> {
        // Reported only once committed: a retried attempt starts over.
        let (summary, replaced) = retry_busy(|| self.put_once(batch))?;
        replaced.into_iter().for_each(on_replaced);
        Ok(summary)
    }

    fn replace_records(&mut self, doc_id: &str, records: &[Record]) -> Result<(), StoreError> {
        retry_busy(|| self.replace_records_once(doc_id, records))
    }

    fn documents(&self) -> Result<Vec<Document>, StoreError> {
        let ctx = || "reading documents".to_string();
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY id"
            ))
            .ctx(ctx)?;
        let rows = st.query_map([], document_row).ctx(ctx)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(document_from_row(row.ctx(ctx)?)?);
        }
        Ok(out)
    }

    fn document(&self, id: &str) -> Result<Option<(Document, Vec<Record>)>, StoreError> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"
            ))
            .and_then(|mut st| st.query_row([id], document_row).optional())
            .ctx(|| format!("reading document {id:?}"))?;
        let Some(row) = row else { return Ok(None) };
        let doc = document_from_row(row)?;
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
        let ctx = || "reading records".to_string();
        let (sql, args) = select_records(filter);
        let mut st = self.conn.prepare_cached(&sql).ctx(ctx)?;
        let mut rows = st.query(params_from_iter(args)).ctx(ctx)?;
        while let Some(row) = rows.next().ctx(ctx)? {
            let doc: String = row.get(0).ctx(ctx)?;
            let json: String = row.get(1).ctx(ctx)?;
            visit(read_record(&doc, &json)?)?;
        }
        Ok(())
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(fts) = fts5_query(query) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let ctx = || format!("searching for {query:?}");
        // Column -1: the snippet comes from whichever of title and text
        // matches best. Title matches weigh more in the ranking. FTS5's
        // snippet() costs more than linear time on long texts; past
        // SNIPPET_SCAN_BYTES the snippet is cut around the first match here.
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.title, d.outlet, d.published,
                        CASE WHEN length(CAST(d.text AS BLOB)) <= ?5
                             THEN snippet(documents_fts, -1, ?2, ?3, '…', 24) END,
                        CASE WHEN length(CAST(d.text AS BLOB)) > ?5 THEN d.text END,
                        bm25(documents_fts, 5.0, 1.0) AS rank
                 FROM documents_fts JOIN documents d ON d.num = documents_fts.rowid
                 WHERE documents_fts MATCH ?1
                 ORDER BY rank, d.id
                 LIMIT ?4",
            )
            .ctx(ctx)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let scan = SNIPPET_SCAN_BYTES as i64;
        let rows = st
            .query_map(
                params![fts, SNIPPET_OPEN, SNIPPET_CLOSE, limit, scan],
                |r| {
                    let long_text: Option<String> = r.get(5)?;
                    let snippet = match long_text {
                        Some(text) => crate::fts::plain_snippet(&text, query),
                        None => r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    };
                    Ok(SearchHit {
                        doc: r.get(0)?,
                        title: r.get(1)?,
                        outlet: r.get(2)?,
                        published: r.get(3)?,
                        snippet,
                        rank: r.get(6)?,
                    })
                },
            )
            .ctx(ctx)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        let ctx = || "counting".to_string();
        let documents: i64 = self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .ctx(ctx)?;
        let mut counts = Counts {
            documents: documents.unsigned_abs(),
            ..Counts::default()
        };
        let mut st = self
            .conn
            .prepare_cached("SELECT kind, count(*) FROM records GROUP BY kind")
            .ctx(ctx)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .ctx(ctx)?;
        for row in rows {
            let (kind, n) = row.ctx(ctx)?;
            let n = n.unsigned_abs();
            match RecordKind::parse(&kind) {
                Some(RecordKind::Entity) => counts.entities = n,
                Some(RecordKind::Transfer) => counts.transfers = n,
                Some(RecordKind::Contest) => counts.contests = n,
                Some(RecordKind::Engagement) => counts.engagements = n,
                None => {} // the CHECK constraint keeps other kinds out
            }
        }
        Ok(counts)
    }
}
