//! The binary on PostgreSQL: the same articles ingested into an SQLite
//! file and into a PostgreSQL schema export byte for byte the same, and
//! commands that still need SQLite refuse a URL. Skipped (with the reason)
//! when the server is unreachable, unless ARMSWATCH_REQUIRE_PG=1.

#[path = "../crates/store-pg/tests/pg/mod.rs"]
mod pg;

use pg::TestSchema;
use std::process::{Command, Output};

fn armswatch(db: &str, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_armswatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("binary runs");
    out
}

fn ok(db: &str, args: &[&str]) -> Vec<u8> {
    let out = armswatch(db, args);
    assert!(
        out.status.success(),
        "armswatch --db {db} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn exports_are_byte_identical_on_sqlite_and_postgres() {
    let Some(schema) = TestSchema::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.db");
    let file = file.to_str().unwrap();
    let articles = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
    for db in [file, schema.url.as_str()] {
        ok(db, &["ingest", articles]);
    }
    let exports: &[&[&str]] = &[
        &["export", "--format", "jsonl"],
        &["export", "--format", "csv"],
        &["export", "--format", "sipri-csv"],
        &["export", "--format", "ocds"],
        &["export", "--format", "graphml"],
        &["export", "--raw", "--format", "jsonl"],
        &["export", "--raw", "--format", "csv"],
        &["list", "transfers", "--recipient", "IN"],
        &["list", "entities", "--format", "jsonl"],
    ];
    for args in exports {
        let sqlite = ok(file, args);
        let postgres = ok(&schema.url, args);
        assert!(sqlite.len() > 100, "{args:?} exported next to nothing");
        assert!(sqlite == postgres, "{args:?} differs between backends");
    }
    // Both find the same articles (snippets are each backend's own).
    let hits = |db: &str| -> Vec<String> {
        String::from_utf8_lossy(&ok(db, &["search", "frigate*", "--limit", "50"]))
            .lines()
            .filter(|l| !l.starts_with(' '))
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect()
    };
    let mut on_sqlite = hits(file);
    let mut on_postgres = hits(&schema.url);
    on_sqlite.sort();
    on_postgres.sort();
    assert!(!on_sqlite.is_empty());
    assert_eq!(on_sqlite, on_postgres);
}

#[test]
fn reingest_is_a_no_op_and_reextract_keeps_the_register() {
    let Some(schema) = TestSchema::new() else {
        return;
    };
    let articles = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
    let db = schema.url.as_str();
    ok(db, &["ingest", articles]);
    let before = ok(db, &["export", "--raw", "--format", "jsonl"]);
    let again = armswatch(db, &["ingest", articles]);
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("0 added, 0 replaced, 6 unchanged"), "{said}");
    ok(db, &["reextract"]);
    assert!(ok(db, &["export", "--raw", "--format", "jsonl"]) == before);
    let doc = String::from_utf8_lossy(&before)
        .lines()
        .next()
        .and_then(|l| l.split("\"doc\":\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .map(str::to_string)
        .unwrap();
    let shown = String::from_utf8_lossy(&ok(db, &["show", &doc])).to_string();
    assert!(shown.contains(&doc), "{shown}");
}

/// Needs no server: the refusal comes before any connection.
#[test]
fn sqlite_only_commands_refuse_a_postgres_url() {
    let url = "postgresql://ann:s3cret@127.0.0.1:1/none";
    let dir = tempfile::tempdir().unwrap();
    let sipri = dir.path().join("trade-register.csv");
    std::fs::write(&sipri, "x\n").unwrap();
    let sipri = sipri.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["serve"], "serve"),
        (&["user", "list"], "user"),
        (&["alert", "list"], "alert"),
        (&["import", "sipri", sipri], "import sipri"),
        (&["reconcile"], "reconcile"),
        (&["demo", "--no-serve"], "demo"),
        (&["watch", "FEEDS.toml", "--once"], "watch"),
        (
            &["export", "--format", "gold", "--out", "gold"],
            "export --format gold",
        ),
    ];
    for (args, command) in cases {
        let out = armswatch(url, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            err.contains(&format!("not yet supported on PostgreSQL: {command}")),
            "{args:?}: {err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
    }
}
