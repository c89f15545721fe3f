//! Reviews: a correction is kept apart from the extracted record, survives
//! re-extraction (`replace_records`), is logged, and a rejected entry
//! leaves the register.

use armswatch_register::RecordKind;
use armswatch_register::{
    Actor, ActorType, Category, Document, Evidence, Fact, Record, System, Transfer, TransferStatus,
};
use armswatch_store::query::{RegisterFilter, Sort, SortKey};
use armswatch_store::review::audit_log;
use armswatch_store::{Action, Field, RecordFilter, ReviewState, SqliteStore, Store, StoreError};

const TEXT: &str = "The Peruvian Army has ordered 24 FN-6 systems from China.";

fn doc() -> Document {
    Document {
        id: "d1".into(),
        text: TEXT.into(),
        published: None,
        outlet: None,
        title: None,
        url: None,
        origin: None,
        content_hash: "h1".into(),
    }
}

fn transfer(quantity: u64, confidence: f64) -> Record {
    Record {
        doc: "d1".into(),
        fact: Fact::Transfer(Transfer {
            suppliers: vec![Actor::new("China", ActorType::State, Some("CN".into()))],
            recipient: Actor::new("Peruvian Army", ActorType::ArmedForce, Some("PE".into())),
            system: System {
                name: Some("FN-6".into()),
                description: None,
                category: Category::AirDefence,
            },
            quantity: Some(quantity),
            value: None,
            date: None,
            date_text: None,
            status: TransferStatus::Ordered,
        }),
        evidence: vec![Evidence::from_span(TEXT, 0, TEXT.len()).unwrap()],
        sources: Vec::new(),
        confidence,
    }
}

fn quantity(r: &Record) -> Option<u64> {
    match &r.fact {
        Fact::Transfer(t) => t.quantity,
        _ => None,
    }
}

fn correct_quantity(store: &mut SqliteStore) {
    let fix = Action::Correct {
        field: Field::Quantity,
        input: "30".into(),
    };
    store
        .review("d1", 0, &fix, "ana", "the article says 30")
        .unwrap();
}

#[test]
fn correction_survives_reextraction_and_is_logged() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.put(&[(doc(), vec![transfer(24, 0.6)])]).unwrap();
    correct_quantity(&mut store);
    assert_eq!(quantity(&store.all_records().unwrap()[0]), Some(30));
    // A newer extractor: other confidence, same entry.
    store.replace_records("d1", &[transfer(24, 0.9)]).unwrap();
    let recs = store.all_records().unwrap();
    assert_eq!(
        quantity(&recs[0]),
        Some(30),
        "correction lost on re-extraction"
    );
    assert_eq!(recs[0].confidence, 0.9);
    assert_eq!(
        store.review_of("d1", 0).unwrap().unwrap().1,
        Some(ReviewState::Corrected)
    );
    // The extractor's own value is kept apart.
    let extracted: String = store
        .connection()
        .query_row("SELECT extracted_json FROM records", [], |r| r.get(0))
        .unwrap();
    assert!(extracted.contains("\"quantity\":24"), "{extracted}");
    let log = audit_log(store.connection(), Some("d1"), None, 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actor, "ana");
    assert_eq!(log[0].field.as_deref(), Some("quantity"));
    assert_eq!(log[0].old.as_deref(), Some("24"));
    assert_eq!(log[0].new.as_deref(), Some("30"));
    assert_eq!(log[0].reason.as_deref(), Some("the article says 30"));
}

#[test]
fn rejected_entries_leave_the_register() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.put(&[(doc(), vec![transfer(24, 0.6)])]).unwrap();
    store
        .review("d1", 0, &Action::Reject, "ana", "not a deal")
        .unwrap();
    assert!(store.records(&RecordFilter::default()).unwrap().is_empty());
    let filter = RegisterFilter::new(RecordKind::Transfer);
    assert_eq!(store.register_count(&filter).unwrap(), 0);
    let sort = Sort {
        key: SortKey::Date,
        descending: true,
    };
    let page = store.register_page(&filter, sort, None, 10).unwrap();
    assert!(page.rows.is_empty());
    // Still there for the analysts, marked.
    assert_eq!(store.reviewed_records("d1").unwrap().len(), 1);
    assert!(store.review_queue(10).unwrap().is_empty());
}

#[test]
fn bad_reviews_are_refused_and_change_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.put(&[(doc(), vec![transfer(24, 0.6)])]).unwrap();
    let fix = Action::Correct {
        field: Field::Quantity,
        input: "many".into(),
    };
    assert!(matches!(
        store.review("d1", 0, &fix, "ana", "x"),
        Err(StoreError::Review(_))
    ));
    assert!(matches!(
        store.review("d1", 0, &Action::Accept, "ana", "  "),
        Err(StoreError::Review(_))
    ));
    assert!(matches!(
        store.review("d1", 5, &Action::Accept, "ana", "ok"),
        Err(StoreError::Review(_))
    ));
    assert_eq!(quantity(&store.all_records().unwrap()[0]), Some(24));
    assert!(audit_log(store.connection(), None, None, 10)
        .unwrap()
        .is_empty());
    assert_eq!(store.review_queue(10).unwrap().len(), 1);
}
