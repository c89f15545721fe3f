//! The Store behaviours against SQLite files in temporary directories,
//! then what is particular to the SQLite store (its schema version, foreign
//! keys, flat columns, files it refuses); the fixture is the suite's own.

use armswatch_store::{SqliteStore, Store, StoreError, SCHEMA_VERSION};
use armswatch_store_conformance::{fixture, store_tests, Backend, TANKS};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

struct Sqlite {
    _dir: TempDir,
    path: PathBuf,
}

fn sqlite() -> Option<Sqlite> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("armswatch.db");
    Some(Sqlite { _dir: dir, path })
}

impl Backend for Sqlite {
    fn open(&self) -> Box<dyn Store> {
        Box::new(SqliteStore::open(&self.path).unwrap())
    }

    fn dump(&self) -> Vec<String> {
        dump(&self.path)
    }

    fn refuse_document(&self, id: &str) {
        let id = id.replace('\'', "''");
        rusqlite::Connection::open(&self.path)
            .unwrap()
            .execute_batch(&format!(
                "CREATE TRIGGER boom BEFORE INSERT ON documents WHEN new.id = '{id}'
                 BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
            ))
            .unwrap();
    }
}

store_tests!(sqlite());

fn tmp() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("armswatch.db");
    (dir, path)
}

/// Every row of every table (including the full-text index's own tables),
/// read through a separate connection, as sorted text.
fn dump(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.iter().any(|t| t == "documents_fts_data"));
    let mut out = Vec::new();
    for t in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let vals: Vec<String> = (0..n)
                .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", vals.join(" | ")));
        }
    }
    out.sort();
    out
}

// ------------------------------------------------------------------- tests

#[test]
fn flat_columns_are_filled_for_users() {
    let (_dir, path) = tmp();
    SqliteStore::open(&path).unwrap().put(&fixture()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let row: (String, i64, String, String, String, i64, i64, String) = conn
        .query_row(
            "SELECT date, year, status, category, system_name, quantity, value_amount, value_currency
             FROM records WHERE kind = 'transfer'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "2009".into(),
            2009,
            "stalled".into(),
            "armoured_vehicle".into(),
            "MBT-2000".into(),
            120,
            114_000_000,
            "USD".into()
        )
    );
    // A contest's main date is its cancellation when it was never awarded;
    // an amount beyond i64 stays only in the JSON.
    let (date, year, amount): (String, i64, Option<i64>) = conn
        .query_row(
            "SELECT date, year, value_amount FROM records WHERE kind = 'contest'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((date.as_str(), year, amount), ("2011-03", 2011, None));

    let mut roles: Vec<(String, Option<String>, String)> = conn
        .prepare(
            "SELECT a.role, a.parent_role, a.name FROM record_actors a
             JOIN records r ON r.id = a.record_id WHERE r.kind = 'contest'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    roles.sort();
    let want = [
        ("bidder", None, "Rafael"),
        ("bidder", None, "Thales-led consortium"),
        ("buyer", None, "Ministry of Defence"),
        ("member", Some("bidder"), "Thales"),
        ("protester", None, "Elbit"),
    ];
    let want: Vec<(String, Option<String>, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.map(str::to_string), c.to_string()))
        .collect();
    assert_eq!(roles, want);

    let (start, end, text): (i64, i64, String) = conn
        .query_row(
            "SELECT e.start_byte, e.end_byte, e.text FROM evidence e
             JOIN records r ON r.id = e.record_id WHERE r.kind = 'entity'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(&TANKS[start as usize..end as usize], text);
    let source: String = conn
        .query_row("SELECT name FROM sources", [], |r| r.get(0))
        .unwrap();
    assert_eq!(source, "La Republica");
}

#[test]
fn fresh_file_is_migrated_and_reopened_with_data_intact() {
    let (_dir, path) = tmp();
    {
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.put(&fixture()).unwrap();
    }
    assert!(path.exists());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        for t in [
            "documents",
            "records",
            "record_actors",
            "evidence",
            "sources",
            "documents_fts",
        ] {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                    [t],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{t}");
        }
    }
    let before = dump(&path);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.counts().unwrap().records(), 4);
    assert_eq!(store.search("tanks", 5).unwrap().len(), 1);
    drop(store);
    assert_eq!(dump(&path), before);
}

#[test]
fn foreign_keys_cascade_on_document_delete() {
    let (_dir, path) = tmp();
    SqliteStore::open(&path).unwrap().put(&fixture()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    conn.execute("DELETE FROM documents WHERE id = 'd1-tanks'", [])
        .unwrap();
    drop(conn);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().records(), 2);
    assert!(store.search("tanks", 5).unwrap().is_empty());
}

#[test]
fn newer_schema_version_is_refused_clearly() {
    let (_dir, path) = tmp();
    SqliteStore::open(&path).unwrap().put(&fixture()).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let before = dump(&path);
    let err = SqliteStore::open(&path).unwrap_err();
    match err {
        StoreError::TooNew { found, supported } => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        ref other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("newer") && msg.contains("upgrade"), "{msg}");
    assert_eq!(dump(&path), before);
}

#[test]
fn other_files_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("other.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (1);")
        .unwrap();
    let err = SqliteStore::open(&foreign).unwrap_err();
    assert!(matches!(err, StoreError::NotArmswatch { .. }), "{err:?}");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!((v, tables), (0, 1));

    let text = dir.path().join("notes.db");
    std::fs::write(
        &text,
        "these are not the tables you are looking for\n".repeat(100),
    )
    .unwrap();
    let err = SqliteStore::open(&text).unwrap_err();
    assert!(matches!(err, StoreError::NotArmswatch { .. }), "{err:?}");
    assert!(err.to_string().contains("notes.db"), "{err}");

    let missing_dir = dir.path().join("no/such/dir/x.db");
    assert!(matches!(
        SqliteStore::open(&missing_dir),
        Err(StoreError::Open { .. })
    ));
}

#[test]
fn in_memory_store_works() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let s = store.put(&fixture()).unwrap();
    assert_eq!(s.added, 3);
    assert_eq!(store.search("radar", 5).unwrap()[0].doc, "d2-radars");
}
