//! Storage alone, both backends, same data, same run: documents/s of
//! `Store::put` in batches of 256 (new, then all unchanged), and
//! records/s of a full `for_each_record` walk. No extraction: what the
//! store costs, apart from what the pipeline costs.
//!
//!     cargo run --release -p armswatch-store-pg --example put_rate -- [N] [POSTGRES_URL]
//!
//! N documents (default 5,000) of about 3.6 KB of text (the benchmark
//! corpus's average) with 20 records each (its average is 23). PostgreSQL
//! works in a schema of its own, dropped at the end.

use armswatch_register::{Document, Record};
use armswatch_store::{RecordFilter, SqliteStore, Store};
use armswatch_store_conformance::fixture;
use armswatch_store_pg::PgStore;
use std::time::Instant;

const BATCH: usize = 256;

fn corpus(n: usize) -> Vec<(Document, Vec<Record>)> {
    let (template, records) = fixture().swap_remove(0);
    let filler = " The ministry said the programme would be reviewed next year.".repeat(56);
    (0..n)
        .map(|i| {
            let mut d = template.clone();
            d.id = format!("doc-{i:07}");
            d.text = format!("{}{filler} Item {i}.", template.text);
            d.content_hash = format!("{i:016x}");
            let recs = (0..10)
                .flat_map(|_| records.iter().cloned())
                .map(|mut r| {
                    r.doc = d.id.clone();
                    r
                })
                .collect();
            (d, recs)
        })
        .collect()
}

fn rate(label: &str, n: usize, unit: &str, run: impl FnOnce()) {
    let t = Instant::now();
    run();
    let s = t.elapsed().as_secs_f64();
    println!("{label:32} {s:7.2} s  {:9.0} {unit}/s", n as f64 / s);
}

fn measure(name: &str, store: &mut dyn Store, docs: &[(Document, Vec<Record>)]) {
    let records: usize = docs.iter().map(|(_, r)| r.len()).sum();
    rate(
        &format!("{name} put (new)"),
        docs.len(),
        "documents",
        || {
            for batch in docs.chunks(BATCH) {
                store.put(batch).expect("put");
            }
        },
    );
    rate(
        &format!("{name} put (unchanged)"),
        docs.len(),
        "documents",
        || {
            for batch in docs.chunks(BATCH) {
                store.put(batch).expect("put");
            }
        },
    );
    rate(
        &format!("{name} for_each_record"),
        records,
        "records",
        || {
            let mut seen = 0;
            store
                .for_each_record(&RecordFilter::default(), &mut |_| {
                    seen += 1;
                    Ok(())
                })
                .expect("walk");
            assert_eq!(seen, records);
        },
    );
    rate(&format!("{name} search x100"), 100, "searches", || {
        for _ in 0..100 {
            store
                .search("\"MBT-2000 tanks\" peru*", 20)
                .expect("search");
        }
    });
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let server = args
        .next()
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into());
    let docs = corpus(n);
    println!("{n} documents, {} records", n * 20);

    let dir = tempfile::tempdir().expect("temporary directory");
    let mut sqlite = SqliteStore::open(dir.path().join("rate.db")).expect("SQLite");
    measure("sqlite", &mut sqlite, &docs);

    let schema = format!("armswatch_rate_{}", std::process::id());
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).expect("server");
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .expect("schema");
    let sep = if server.contains('?') { '&' } else { '?' };
    let url = format!("{server}{sep}options=-c%20search_path%3D{schema}");
    let mut pg = PgStore::open(&url).expect("PostgreSQL");
    measure("postgres", &mut pg, &docs);
    drop(pg);
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .expect("drop schema");
}
