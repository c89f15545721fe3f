//! What is particular to the PostgreSQL store: its schema version, schemas
//! it must not touch, text PostgreSQL cannot hold. Skipped like
//! conformance.rs when no server answers.

mod pg;

use armswatch_register::Document;
use armswatch_store::{Store, StoreError};
use armswatch_store_conformance::{doc, fixture};
use armswatch_store_pg::{PgStore, SCHEMA_VERSION};
use pg::TestSchema;
use postgres::{Client, NoTls};

fn admin(schema: &TestSchema) -> Client {
    let mut c = Client::connect(&schema.url, NoTls).unwrap();
    c.batch_execute("SELECT 1").unwrap();
    c
}

#[test]
fn a_new_schema_is_migrated_and_reopened_with_data_intact() {
    let Some(schema) = TestSchema::new() else {
        return;
    };
    let mut store = PgStore::open(&schema.url).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    store.put(&fixture()).unwrap();
    drop(store);
    let store = PgStore::open(&schema.url).unwrap();
    assert_eq!(store.counts().unwrap().records(), 4);
    let version: i32 = admin(&schema)
        .query_one("SELECT version FROM armswatch_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(i64::from(version), SCHEMA_VERSION);
}

#[test]
fn a_newer_schema_is_refused_clearly_and_left_alone() {
    let Some(schema) = TestSchema::new() else {
        return;
    };
    PgStore::open(&schema.url).unwrap().put(&fixture()).unwrap();
    admin(&schema)
        .batch_execute("UPDATE armswatch_schema SET version = version + 1")
        .unwrap();
    let before = schema.dump();
    let err = PgStore::open(&schema.url).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert!(err.to_string().contains("upgrade armswatch"), "{err}");
    assert_eq!(schema.dump(), before);
}

#[test]
fn another_programs_schema_is_refused_and_left_alone() {
    let Some(schema) = TestSchema::new() else {
        return;
    };
    admin(&schema)
        .batch_execute("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (7);")
        .unwrap();
    let err = PgStore::open(&schema.url).unwrap_err();
    assert!(matches!(err, StoreError::NotArmswatch { .. }), "{err:?}");
    assert_eq!(schema.dump_any(), ["invoices: (7)"]);
}

#[test]
fn text_postgresql_cannot_hold_is_refused_naming_the_document() {
    let Some(schema) = TestSchema::new() else {
        return;
    };
    let mut store = PgStore::open(&schema.url).unwrap();
    let bad: Document = doc("nul-doc", "title", "a NUL \0 inside");
    let mut batch = fixture();
    batch.push((bad, Vec::new()));
    let err = store.put(&batch).unwrap_err();
    match &err {
        StoreError::Invalid { doc, reason } => {
            assert_eq!(doc, "nul-doc");
            assert!(reason.contains("NUL"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.counts().unwrap().documents, 0);
}

#[test]
fn an_unreachable_server_is_an_open_error_without_the_password() {
    let err = PgStore::open("postgres://ann:s3cret@127.0.0.1:1/none").unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("postgres://ann:***@127.0.0.1:1/none"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
}

#[test]
fn a_register_further_down_the_search_path_is_not_this_one() {
    let (Some(first), Some(second)) = (TestSchema::new(), TestSchema::new()) else {
        return;
    };
    PgStore::open(&second.url).unwrap().put(&fixture()).unwrap();
    // `first` is empty and comes first: the register is made there, and
    // `second`'s is neither read nor changed.
    let both = first
        .url
        .replace(&first.name, &format!("{}%2C{}", first.name, second.name));
    let before = second.dump();
    let mut store = PgStore::open(&both).unwrap();
    assert_eq!(store.counts().unwrap().documents, 0);
    store.put(&fixture()[..1]).unwrap();
    assert!(first.dump().iter().any(|r| r.starts_with("documents: ")));
    assert_eq!(second.dump(), before);
}
