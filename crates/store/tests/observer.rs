//! `SqliteStore::set_observer`: what an observer is told, and that its
//! writes and errors belong to the store's transaction.

use armswatch_register::{ActorType, Document, Entity, Evidence, Fact, Record};
use armswatch_store::{RecordObserver, RecordsWritten, SqliteStore, Store};
use std::sync::{Arc, Mutex};

const TEXT: &str = "Atlantis Dynamics builds boats.";

fn doc(text: &str) -> Document {
    Document {
        id: "d1".into(),
        text: text.into(),
        published: None,
        outlet: None,
        title: None,
        url: None,
        origin: None,
        content_hash: text.len().to_string(),
    }
}

fn entity(name: &str) -> Record {
    Record {
        doc: "d1".into(),
        fact: Fact::Entity(Entity {
            name: name.into(),
            kind: ActorType::Company,
            country: None,
            aliases: Vec::new(),
            role: None,
            affiliation: None,
            members: Vec::new(),
        }),
        evidence: vec![Evidence::from_span(TEXT, 0, 8).unwrap()],
        sources: Vec::new(),
        confidence: 0.5,
    }
}

type Calls = Arc<Mutex<Vec<(usize, usize)>>>;

/// Notes (before, after) counts and writes a row of its own; fails when
/// told to.
struct Probe {
    calls: Calls,
    fail: bool,
}

impl RecordObserver for Probe {
    fn records_written(
        &mut self,
        conn: &rusqlite::Connection,
        w: &RecordsWritten<'_>,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        self.calls
            .lock()
            .unwrap()
            .push((w.before.len(), w.after.len()));
        conn.execute("INSERT INTO probe VALUES (?1)", [w.doc])?;
        if self.fail {
            return Err("refused".into());
        }
        Ok(())
    }
}

fn store(fail: bool) -> (SqliteStore, Calls) {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.connection()
        .execute("CREATE TABLE probe (doc TEXT)", [])
        .unwrap();
    let calls = Calls::default();
    s.set_observer(Box::new(Probe {
        calls: Arc::clone(&calls),
        fail,
    }));
    (s, calls)
}

fn probes(s: &SqliteStore) -> i64 {
    s.connection()
        .query_row("SELECT count(*) FROM probe", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn observer_sees_records_before_and_after_each_write() {
    let (mut s, calls) = store(false);
    s.put(&[(doc(TEXT), vec![entity("Atlantis")])]).unwrap();
    // Unchanged: not a write, not told.
    s.put(&[(doc(TEXT), vec![entity("Atlantis")])]).unwrap();
    s.replace_records("d1", &[entity("A"), entity("B")])
        .unwrap();
    let other = format!("{TEXT} ");
    s.put(&[(doc(&other), vec![])]).unwrap();
    assert_eq!(*calls.lock().unwrap(), [(0, 1), (1, 2), (2, 0)]);
    assert_eq!(probes(&s), 3);
}

#[test]
fn an_observer_error_undoes_the_write_and_its_own() {
    let (mut s, _) = store(true);
    let e = s.put(&[(doc(TEXT), vec![entity("Atlantis")])]).unwrap_err();
    assert!(e.to_string().contains("refused"), "{e}");
    assert_eq!(s.counts().unwrap().documents, 0);
    assert_eq!(probes(&s), 0);
}
