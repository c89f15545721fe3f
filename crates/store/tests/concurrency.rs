//! Several connections on one file: writers wait for each other, readers
//! go on, a read-only file can still be read.

use armswatch_register::{Document, Record};
use armswatch_store::{RecordFilter, Replaced, SqliteStore, Store, StoreError};
use std::error::Error as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn doc(id: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        text: text.into(),
        published: None,
        outlet: None,
        title: None,
        url: None,
        origin: Some(format!("{id}.txt")),
        content_hash: format!(
            "{:x}",
            text.len() * 31 + text.bytes().map(usize::from).sum::<usize>()
        ),
    }
}

/// `batches` batches of `per_batch` documents whose ids start with `prefix`.
fn write_many(
    path: &Path,
    prefix: &str,
    batches: usize,
    per_batch: usize,
) -> Result<(), StoreError> {
    let mut store = SqliteStore::open(path)?;
    for b in 0..batches {
        let batch: Vec<(Document, Vec<Record>)> = (0..per_batch)
            .map(|i| {
                let id = format!("{prefix}-{b}-{i}");
                let text = format!("Article {id} about frigates and tanks. ").repeat(20);
                (doc(&id, &text), Vec::new())
            })
            .collect();
        store.put(&batch)?;
    }
    Ok(())
}

#[test]
fn two_writers_and_a_reader_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    drop(SqliteStore::open(&path).unwrap());
    let (batches, per_batch) = (60, 25);
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (path, done) = (path.clone(), Arc::clone(&done));
        std::thread::spawn(move || -> Result<usize, StoreError> {
            let store = SqliteStore::open(&path)?;
            let mut reads = 0;
            while !done.load(Ordering::Relaxed) {
                store.counts()?;
                store.records(&RecordFilter::default())?;
                reads += 1;
            }
            Ok(reads)
        })
    };
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|prefix| {
            let path = path.clone();
            std::thread::spawn(move || write_many(&path, prefix, batches, per_batch))
        })
        .collect();
    for w in writers {
        w.join().unwrap().expect("a writer failed");
    }
    done.store(true, Ordering::Relaxed);
    assert!(reader.join().unwrap().expect("the reader failed") > 0);
    let counts = SqliteStore::open(&path).unwrap().counts().unwrap();
    assert_eq!(counts.documents, (2 * batches * per_batch) as u64);
}

#[test]
fn a_lock_held_too_long_is_one_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.db");
    let mut store = SqliteStore::open(&path).unwrap();
    store.set_busy_timeout(Duration::from_millis(20)).unwrap();
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store.put(&[(doc("x", "Text."), Vec::new())]).unwrap_err();
    assert!(err.is_busy(), "{err:?}");
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        chain.push_str(&format!(": {s}"));
        source = s.source();
    }
    assert_eq!(
        chain,
        "database error while starting a write transaction: database is locked"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        store.put(&[(doc("x", "Text."), Vec::new())]).unwrap().added,
        1
    );
}

#[test]
fn replacing_with_different_text_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path().join("r.db")).unwrap();
    let mut first = doc("story", "Chile buys frigates.");
    first.origin = Some("a/story.txt".into());
    let mut second = doc("story", "Peru buys trainers, a longer text.");
    second.origin = Some("b/story.txt".into());
    let mut reported = Vec::new();
    store
        .put_reporting(&[(first.clone(), Vec::new())], &mut |r| reported.push(r))
        .unwrap();
    store
        .put_reporting(&[(first, Vec::new())], &mut |r| reported.push(r))
        .unwrap();
    assert!(reported.is_empty(), "same text is not a replacement");
    let summary = store
        .put_reporting(&[(second, Vec::new())], &mut |r| reported.push(r))
        .unwrap();
    assert_eq!(summary.replaced, 1);
    assert_eq!(
        reported,
        [Replaced {
            id: "story".into(),
            old_origin: Some("a/story.txt".into()),
            new_origin: Some("b/story.txt".into()),
        }]
    );
}

#[test]
fn read_only_open_reads_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store
            .put(&[(doc("kept", "Chile buys frigates."), Vec::new())])
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let mut store = SqliteStore::open_read_only(&path).unwrap();
    assert_eq!(store.counts().unwrap().documents, 1);
    assert!(store.document("kept").unwrap().is_some());
    assert!(store.put(&[(doc("new", "Text."), Vec::new())]).is_err());
    drop(store);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was written"
    );
}

#[cfg(unix)]
#[test]
fn a_file_without_write_permission_is_opened_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perm.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store
            .put(&[(doc("kept", "Chile buys frigates."), Vec::new())])
            .unwrap();
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let writable = std::fs::OpenOptions::new().write(true).open(&path).is_ok();
    let result = SqliteStore::open(&path).and_then(|s| s.counts());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        eprintln!("skipped: permissions do not apply to this user (root)");
        return;
    }
    assert_eq!(result.unwrap().documents, 1);
}
