//! The alerts crate against a real SQLite store (with the observer
//! installed) and a real webhook receiver on 127.0.0.1.

use armswatch_alerts::{self as alerts, Filters, Policy};
use armswatch_register::{
    Actor, ActorType, Category, Document, Evidence, Fact, Money, Record, System, Transfer,
    TransferStatus,
};
use armswatch_store::{SqliteStore, Store};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TEXT: &str = "Atlantis ordered FN-6 launchers from China for $12 million.";

fn doc(id: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        text: text.into(),
        published: None,
        outlet: None,
        title: Some(format!("Title <{id}> & more")),
        url: None,
        origin: None,
        content_hash: format!("{:x}", text.len()) + text,
    }
}

fn transfer(doc: &str, status: TransferStatus, confidence: f64) -> Record {
    Record {
        doc: doc.into(),
        fact: Fact::Transfer(Transfer {
            suppliers: vec![Actor::new("China", ActorType::State, Some("CN".into()))],
            recipient: Actor::new("Peru", ActorType::State, Some("PE".into())),
            system: System {
                name: Some("FN-6".into()),
                description: None,
                category: Category::AirDefence,
            },
            quantity: None,
            value: Some(Money {
                amount: 12_000_000,
                currency: "USD".into(),
                text: "$12 million".into(),
            }),
            date: None,
            date_text: None,
            status,
        }),
        evidence: vec![Evidence::from_span(TEXT, 0, TEXT.len()).unwrap()],
        sources: Vec::new(),
        confidence,
    }
}

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path().join("r.db")).unwrap();
    alerts::install(&mut store);
    (dir, store)
}

fn peru_air_defence() -> Filters {
    Filters {
        recipient: Some("PE".into()),
        category: Some(Category::AirDefence),
        ..Filters::default()
    }
}

fn match_count(store: &SqliteStore, name: &str) -> usize {
    let a = alerts::get(store.connection(), name).unwrap().unwrap();
    alerts::matches(store.connection(), &a, 100).unwrap().len()
}

#[test]
fn add_list_remove() {
    let (_d, store) = store();
    let c = store.connection();
    alerts::add(
        c,
        "peru",
        &peru_air_defence(),
        Some("http://127.0.0.1:9/hook"),
    )
    .unwrap();
    alerts::add(c, "all", &Filters::default(), None).unwrap();
    let names: Vec<String> = alerts::list(c)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["all", "peru"]);
    let peru = alerts::get(c, "peru").unwrap().unwrap();
    assert_eq!(peru.filters, peru_air_defence());
    assert!(matches!(
        alerts::add(c, "peru", &Filters::default(), None),
        Err(alerts::AlertError::Exists(_))
    ));
    for bad in ["", "a b", "x/y", &"n".repeat(65)] {
        assert!(
            alerts::add(c, bad, &Filters::default(), None).is_err(),
            "{bad:?}"
        );
    }
    for bad in ["ftp://x/y", "not a url", "http://"] {
        let e = alerts::add(c, "w", &Filters::default(), Some(bad)).unwrap_err();
        assert!(e.to_string().contains("webhook"), "{e}");
    }
    assert!(alerts::remove(c, "peru").unwrap());
    assert!(!alerts::remove(c, "peru").unwrap());
    assert_eq!(alerts::list(c).unwrap().len(), 1);
}

#[test]
fn a_match_is_recorded_once_per_new_or_changed_record() {
    let (_d, mut store) = store();
    alerts::add(store.connection(), "peru", &peru_air_defence(), None).unwrap();
    alerts::add(
        store.connection(),
        "cn-ships",
        &Filters {
            supplier: Some("CN".into()),
            category: Some(Category::Ship),
            ..Filters::default()
        },
        None,
    )
    .unwrap();
    let d = doc("a1", TEXT);
    store
        .put(&[(
            d.clone(),
            vec![transfer("a1", TransferStatus::Ordered, 0.8)],
        )])
        .unwrap();
    assert_eq!(match_count(&store, "peru"), 1);
    assert_eq!(match_count(&store, "cn-ships"), 0);
    // The same document again: nothing new.
    store
        .put(&[(d, vec![transfer("a1", TransferStatus::Ordered, 0.8)])])
        .unwrap();
    // Re-extraction giving the same fact (another confidence): not new.
    store
        .replace_records("a1", &[transfer("a1", TransferStatus::Ordered, 0.5)])
        .unwrap();
    assert_eq!(match_count(&store, "peru"), 1);
    // The entry changed (now delivered): it fires again.
    store
        .replace_records("a1", &[transfer("a1", TransferStatus::Delivered, 0.5)])
        .unwrap();
    assert_eq!(match_count(&store, "peru"), 2);
    // A new document telling it: new entry.
    store
        .put(&[(
            doc("a2", TEXT),
            vec![transfer("a2", TransferStatus::Ordered, 0.8)],
        )])
        .unwrap();
    let a = alerts::get(store.connection(), "peru").unwrap().unwrap();
    let ms = alerts::matches(store.connection(), &a, 100).unwrap();
    assert_eq!(ms.len(), 3);
    assert_eq!(ms[0].doc, "a2", "newest first");
    assert_eq!(ms[0].doc_title.as_deref(), Some("Title <a2> & more"));
}

#[test]
fn an_alert_sees_only_writes_after_it_was_added() {
    let (_d, mut store) = store();
    store
        .put(&[(
            doc("old", TEXT),
            vec![transfer("old", TransferStatus::Ordered, 0.8)],
        )])
        .unwrap();
    alerts::add(store.connection(), "peru", &peru_air_defence(), None).unwrap();
    // Re-extracting the old document, unchanged, does not fire.
    store
        .replace_records("old", &[transfer("old", TransferStatus::Ordered, 0.8)])
        .unwrap();
    assert_eq!(match_count(&store, "peru"), 0);
}

#[test]
fn a_failed_write_records_no_match() {
    let (_d, mut store) = store();
    alerts::add(store.connection(), "peru", &peru_air_defence(), None).unwrap();
    // The second record names another document: the batch is refused whole.
    let bad = vec![
        transfer("a1", TransferStatus::Ordered, 0.8),
        transfer("zz", TransferStatus::Ordered, 0.8),
    ];
    assert!(store.put(&[(doc("a1", TEXT), bad)]).is_err());
    assert_eq!(match_count(&store, "peru"), 0);
}

#[test]
fn atom_feed_reads_in_a_feed_reader_with_stable_ids() {
    let (_d, mut store) = store();
    alerts::add(store.connection(), "peru", &peru_air_defence(), None).unwrap();
    let mut t = transfer("a<1>&", TransferStatus::Ordered, 0.8);
    if let Fact::Transfer(x) = &mut t.fact {
        x.recipient.name = "Peru \u{1} <army> & \"co\"".into();
    }
    store.put(&[(doc("a<1>&", TEXT), vec![t])]).unwrap();
    let c = store.connection();
    let a = alerts::get(c, "peru").unwrap().unwrap();
    let ms = alerts::matches(c, &a, 50).unwrap();
    let xml = alerts::atom::feed(&a, &ms, "/alerts/peru.atom").unwrap();
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("a valid feed");
    assert_eq!(feed.entries.len(), 1);
    let e = &feed.entries[0];
    assert_eq!(e.id, alerts::entry_id("peru", &ms[0].record_key));
    let title = e.title.as_ref().unwrap().content.clone();
    assert!(title.contains("Peru  <army> & \"co\""), "{title}");
    assert!(
        e.links[0].href.ends_with("/documents/a%3C1%3E%26"),
        "{:?}",
        e.links
    );
    // The same feed again: the same ids.
    let again = alerts::atom::feed(&a, &ms, "/alerts/peru.atom").unwrap();
    assert_eq!(xml, again);
}

/// A webhook receiver: answers each POST with the next status of
/// `answers` (then 200), and keeps every body.
struct Receiver {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl Receiver {
    fn start(answers: Vec<u16>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&bodies);
        let answers = Arc::new(Mutex::new(answers.into_iter()));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let status = answers.lock().unwrap().next().unwrap_or(200);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; len];
                let _ = reader.read_exact(&mut body);
                if status == 200 {
                    seen.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&body).into_owned());
                }
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        Receiver { url, bodies }
    }

    fn bodies(&self) -> Vec<String> {
        self.bodies.lock().unwrap().clone()
    }
}

fn quick() -> Policy {
    Policy {
        first_retry: Duration::from_millis(20),
        timeout: Duration::from_secs(5),
        ..Policy::default()
    }
}

#[test]
fn webhook_is_retried_and_delivered_once() {
    let rx = Receiver::start(vec![500, 503]);
    let (_d, mut store) = store();
    alerts::add(
        store.connection(),
        "peru",
        &peru_air_defence(),
        Some(&rx.url),
    )
    .unwrap();
    store
        .put(&[(
            doc("a1", TEXT),
            vec![transfer("a1", TransferStatus::Ordered, 0.8)],
        )])
        .unwrap();
    let run = alerts::deliver(store.connection(), &quick()).unwrap();
    assert_eq!((run.delivered, run.retrying), (1, 0), "{run:?}");
    assert_eq!(rx.bodies().len(), 1);
    let body: serde_json::Value = serde_json::from_str(&rx.bodies()[0]).unwrap();
    assert_eq!(body["alert"], "peru");
    assert_eq!(body["document"]["id"], "a1");
    assert_eq!(body["record"]["status"], "ordered");
    assert_eq!(body["sentence"], TEXT);
    // Nothing left to send.
    let again = alerts::deliver(
        store.connection(),
        &Policy {
            ignore_schedule: true,
            ..quick()
        },
    )
    .unwrap();
    assert_eq!(again.delivered, 0);
    assert_eq!(rx.bodies().len(), 1);
}

#[test]
fn an_unreachable_webhook_waits_then_gives_up() {
    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (_d, mut store) = store();
    let url = format!("http://127.0.0.1:{port}/hook");
    alerts::add(store.connection(), "peru", &peru_air_defence(), Some(&url)).unwrap();
    store
        .put(&[(
            doc("a1", TEXT),
            vec![transfer("a1", TransferStatus::Ordered, 0.8)],
        )])
        .unwrap();
    let p = Policy {
        tries_per_run: 2,
        max_attempts: 4,
        ..quick()
    };
    let run = alerts::deliver(store.connection(), &p).unwrap();
    assert_eq!((run.delivered, run.retrying, run.failed), (0, 1, 0));
    // Not due yet: a scheduled run leaves it alone.
    let run = alerts::deliver(store.connection(), &p).unwrap();
    assert_eq!(run, alerts::Delivered::default());
    let now = Policy {
        ignore_schedule: true,
        ..p
    };
    let run = alerts::deliver(store.connection(), &now).unwrap();
    assert_eq!(run.failed, 1, "{run:?}");
    let a = alerts::get(store.connection(), "peru").unwrap().unwrap();
    let counts = alerts::delivery_counts(store.connection(), &a).unwrap();
    assert_eq!((counts.pending, counts.failed), (0, 1));
}

#[test]
fn a_leased_delivery_is_not_sent_twice() {
    let rx = Receiver::start(vec![]);
    let (dir, mut store) = store();
    alerts::add(
        store.connection(),
        "peru",
        &peru_air_defence(),
        Some(&rx.url),
    )
    .unwrap();
    store
        .put(&[(
            doc("a1", TEXT),
            vec![transfer("a1", TransferStatus::Ordered, 0.8)],
        )])
        .unwrap();
    // Another process holds the row (as if it were sending it).
    let other = SqliteStore::open(dir.path().join("r.db")).unwrap();
    other
        .connection()
        .execute(
            "UPDATE alert_outbox SET leased_until = strftime('%s','now') + 60",
            [],
        )
        .unwrap();
    let now = Policy {
        ignore_schedule: true,
        ..quick()
    };
    assert_eq!(
        alerts::deliver(store.connection(), &now).unwrap().delivered,
        0
    );
    // Its lease ran out (it was killed): the row is sent.
    other
        .connection()
        .execute("UPDATE alert_outbox SET leased_until = 0", [])
        .unwrap();
    assert_eq!(
        alerts::deliver(store.connection(), &now).unwrap().delivered,
        1
    );
    assert_eq!(rx.bodies().len(), 1);
}
