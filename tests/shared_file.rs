//! Two processes on one register file: a long-lived one (like `serve`)
//! that opens a second connection, and a short-lived `armswatch` run
//! beside it. The short run must not take the file for unused and delete
//! the live WAL, or what the long-lived one writes next is lost.

use armswatch_store::review::{audit, audit_log};
use armswatch_store::SqliteStore;
use std::process::Command;

fn note(store: &SqliteStore, what: &str) {
    audit(
        store.connection(),
        "test",
        what,
        None,
        None,
        None,
        None,
        None,
        None,
    )
    .expect("write");
}

#[test]
fn a_short_run_beside_a_long_one_keeps_its_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("r.db");
    let long = SqliteStore::open(&db).expect("open");
    note(&long, "first");
    // A second connection of the same process, as the server's readers.
    drop(SqliteStore::open(&db).expect("second open"));
    let out = Command::new(env!("CARGO_BIN_EXE_armswatch"))
        .arg("--db")
        .arg(&db)
        .args(["export", "--raw"])
        .output()
        .expect("run armswatch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    note(&long, "second");
    let fresh = SqliteStore::open(&db).expect("fresh open");
    let seen: Vec<String> = audit_log(fresh.connection(), None, None, 10)
        .expect("read")
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert_eq!(
        seen,
        ["second", "first"],
        "a write of the long-lived process was lost"
    );
}
