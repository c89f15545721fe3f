//! The Store behaviours against SQLite files in temporary directories.

use armswatch_store::{SqliteStore, Store};
use armswatch_store_conformance::{store_tests, Backend};
use std::path::PathBuf;
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

    /// Includes the full-text index's own tables.
    fn dump(&self) -> Vec<String> {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
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
