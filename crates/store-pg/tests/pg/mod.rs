#![allow(dead_code)] // shared with the binary's tests (tests/postgres.rs), which use part of it
//! A schema of its own for each PostgreSQL test.

use postgres::{Client, NoTls};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The server the tests use.
pub fn server_url() -> String {
    std::env::var("ARMSWATCH_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh schema, dropped with everything in it when the value goes.
pub struct TestSchema {
    pub name: String,
    /// The server URL with this schema as `search_path`.
    pub url: String,
    admin: std::sync::Mutex<Client>,
}

fn unique_name() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "armswatch_test_{}_{}_{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestSchema {
    /// `None` (with the reason printed) when the server is unreachable and
    /// `ARMSWATCH_REQUIRE_PG` is not `1`.
    pub fn new() -> Option<TestSchema> {
        let server = server_url();
        let mut admin = match Client::connect(&server, NoTls) {
            Ok(c) => c,
            Err(e) if std::env::var("ARMSWATCH_REQUIRE_PG").as_deref() == Ok("1") => {
                panic!("ARMSWATCH_REQUIRE_PG=1 but PostgreSQL at {server} is unreachable: {e}")
            }
            Err(e) => {
                // Straight to stderr: the test harness would swallow
                // eprintln! of a passing test.
                let _ = writeln!(
                    std::io::stderr(),
                    "skipped: PostgreSQL at {server} is unreachable ({e}); \
                     set ARMSWATCH_REQUIRE_PG=1 to fail instead"
                );
                return None;
            }
        };
        let name = unique_name();
        admin
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap();
        let sep = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{sep}options=-c%20search_path%3D{name}");
        Some(TestSchema {
            name,
            url,
            admin: std::sync::Mutex::new(admin),
        })
    }

    /// Every row of every table of the schema, as sorted text.
    pub fn dump(&self) -> Vec<String> {
        let out = self.dump_any();
        assert!(out.iter().any(|row| row.starts_with("documents: ")));
        out
    }

    /// [`TestSchema::dump`] of a schema that need not be a register.
    pub fn dump_any(&self) -> Vec<String> {
        let mut admin = self.admin.lock().unwrap();
        let tables: Vec<String> = admin
            .query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = $1 ORDER BY 1",
                &[&self.name],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = Vec::new();
        for t in tables {
            let sql = format!("SELECT t::text FROM {}.{t} t", self.name);
            for row in admin.query(&sql, &[]).unwrap() {
                out.push(format!("{t}: {}", row.get::<_, String>(0)));
            }
        }
        out.sort();
        out
    }

    pub fn refuse_document(&self, id: &str) {
        let s = &self.name;
        let id = id.replace('\'', "''");
        self.admin
            .lock()
            .unwrap()
            .batch_execute(&format!(
                "CREATE FUNCTION {s}.boom() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                     IF NEW.id = '{id}' THEN RAISE EXCEPTION 'forced failure'; END IF;
                     RETURN NEW;
                 END $$;
                 CREATE TRIGGER boom BEFORE INSERT ON {s}.documents
                     FOR EACH ROW EXECUTE FUNCTION {s}.boom();"
            ))
            .unwrap();
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        if let Ok(mut admin) = self.admin.lock() {
            let _ = admin.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
        }
    }
}
