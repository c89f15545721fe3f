//! The behaviours, one function per test (see [`crate::store_tests!`]).

use crate::{doc, fixture, record, Backend};
use armswatch_register::{ActorType, Document, Entity, Fact, Record, RecordKind};
use armswatch_store::{RecordFilter, StoreError, SNIPPET_CLOSE, SNIPPET_OPEN};

fn names(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .map(|r| format!("{}/{}", r.doc, r.kind().as_str()))
        .collect()
}

fn filter() -> RecordFilter {
    RecordFilter::default()
}

fn summary(s: armswatch_store::PutSummary) -> (usize, usize, usize, usize) {
    (s.added, s.unchanged, s.replaced, s.records)
}

pub fn put_then_read_back_equal(b: &impl Backend) {
    let mut store = b.open();
    let batch = fixture();
    assert_eq!(summary(store.put(&batch).unwrap()), (3, 0, 0, 4));

    for (d, recs) in &batch {
        let (got_doc, got_recs) = store.document(&d.id).unwrap().expect("stored");
        assert_eq!(&got_doc, d);
        assert_eq!(&got_recs, recs);
    }
    assert!(store.document("nope").unwrap().is_none());

    let docs: Vec<Document> = batch.iter().map(|(d, _)| d.clone()).collect();
    assert_eq!(store.documents().unwrap(), docs); // ordered by id, with text

    let all: Vec<Record> = batch.iter().flat_map(|(_, r)| r.clone()).collect();
    assert_eq!(store.all_records().unwrap(), all);

    let c = store.counts().unwrap();
    assert_eq!(
        (
            c.documents,
            c.entities,
            c.transfers,
            c.contests,
            c.engagements,
            c.records()
        ),
        (3, 1, 1, 1, 1, 4)
    );
    assert_eq!(c.of(RecordKind::Contest), 1);
}

pub fn putting_the_same_batch_twice_changes_nothing(b: &impl Backend) {
    let batch = fixture();
    b.open().put(&batch).unwrap();
    let before = b.dump();
    let mut reported = Vec::new();
    let s = b
        .open()
        .put_reporting(&batch, &mut |r| reported.push(r))
        .unwrap();
    assert_eq!(summary(s), (0, 3, 0, 0));
    assert!(reported.is_empty());
    // Not even a timestamp changes.
    assert_eq!(b.dump(), before);
}

fn ukraine_doc() -> (Document, Record) {
    let text = "Peru now says it will buy tanks from Ukraine instead.";
    let d1 = doc("d1-tanks", "Peru turns to Ukraine", text);
    let e = record(
        &d1,
        "Ukraine",
        Fact::Entity(Entity {
            name: "Ukroboronprom".into(),
            kind: ActorType::Company,
            country: Some("UA".into()),
            aliases: Vec::new(),
            role: None,
            affiliation: None,
            members: Vec::new(),
        }),
    );
    (d1, e)
}

pub fn same_id_new_hash_replaces_document_and_records(b: &impl Backend) {
    let mut store = b.open();
    store.put(&fixture()).unwrap();
    let (d1, e) = ukraine_doc();
    let mut reported = Vec::new();
    let s = store
        .put_reporting(&[(d1.clone(), vec![e.clone()])], &mut |r| reported.push(r))
        .unwrap();
    assert_eq!(summary(s), (0, 0, 1, 1));
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0].id, "d1-tanks");
    assert_eq!(reported[0].old_origin.as_deref(), Some("d1-tanks.txt"));

    let (got, recs) = store.document("d1-tanks").unwrap().unwrap();
    assert_eq!(got, d1);
    assert_eq!(recs, vec![e]);
    assert_eq!(store.counts().unwrap().transfers, 0);
    // The full-text index follows the replacement.
    assert!(store.search("shelved", 10).unwrap().is_empty());
    assert_eq!(store.search("Ukraine", 10).unwrap()[0].doc, "d1-tanks");
    // Nothing of the old records is left: their source and the
    // consortium's members were only theirs.
    let dump = b.dump().join("\n");
    assert!(!dump.contains("La Republica"), "{dump}");
    assert!(!dump.contains("Sino Armour Group"), "{dump}");
}

pub fn an_id_twice_in_one_batch_is_taken_in_order(b: &impl Backend) {
    let mut store = b.open();
    let first = fixture().swap_remove(0);
    let (d1, e) = ukraine_doc();
    let batch = vec![first.clone(), (d1.clone(), vec![e.clone()]), first.clone()];
    let mut reported = Vec::new();
    let s = store
        .put_reporting(&batch, &mut |r| reported.push(r.id))
        .unwrap();
    // Added, replaced by other text, then replaced back: the last wins.
    assert_eq!(summary(s), (1, 0, 2, 5));
    assert_eq!(reported, ["d1-tanks", "d1-tanks"]);
    assert_eq!(store.document("d1-tanks").unwrap().unwrap(), first);
    assert_eq!(store.counts().unwrap().records(), 2);
    // The same text twice: the second is unchanged.
    let s = store.put(&[(d1.clone(), vec![]), (d1, vec![])]).unwrap();
    assert_eq!(summary(s), (0, 1, 1, 0));
}

pub fn documents_without_hash_are_compared_by_text(b: &impl Backend) {
    let mut store = b.open();
    let mut a = doc("x", "t", "same text");
    a.content_hash = String::new();
    store.put(&[(a.clone(), vec![])]).unwrap();
    let s = store.put(&[(a.clone(), vec![])]).unwrap();
    assert_eq!(s.unchanged, 1);
    let mut c = a.clone();
    c.text = "other text".into();
    let s = store.put(&[(c.clone(), vec![])]).unwrap();
    assert_eq!(s.replaced, 1);
    assert_eq!(store.document("x").unwrap().unwrap().0, c);
}

pub fn a_database_error_midway_rolls_back_the_whole_batch(b: &impl Backend) {
    let batch = fixture();
    b.open().put(&batch[..1]).unwrap();
    b.refuse_document("boom");
    let before = b.dump();

    let mut store = b.open();
    let changed = doc("d1-tanks", "changed", "A new text for the first document.");
    let bad = vec![
        batch[1].clone(),      // new document
        (changed, Vec::new()), // replaces the stored one
        (doc("boom", "x", "fails"), Vec::new()),
        batch[2].clone(),
    ];
    let err = store.put(&bad).unwrap_err();
    assert!(matches!(err, StoreError::Backend { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("\"boom\"") && msg.contains("forced failure"),
        "{msg}"
    );

    assert!(store.document("d2-radars").unwrap().is_none());
    let (d1, recs) = store.document("d1-tanks").unwrap().unwrap();
    assert_eq!(d1, batch[0].0);
    assert_eq!(recs, batch[0].1);
    drop(store);
    assert_eq!(b.dump(), before);
}

pub fn an_invalid_record_midway_rolls_back_the_whole_batch(b: &impl Backend) {
    let mut store = b.open();
    let mut batch = fixture();
    batch[1].1[0].doc = "somewhere-else".into();
    let err = store.put(&batch).unwrap_err();
    match &err {
        StoreError::Invalid { doc, reason } => {
            assert_eq!(doc, "d2-radars");
            assert!(reason.contains("somewhere-else"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.counts().unwrap().documents, 0);

    let mut batch = fixture();
    batch[2].1[0].confidence = f64::NAN;
    assert!(matches!(store.put(&batch), Err(StoreError::Invalid { .. })));
    let empty_id = doc("", "t", "text");
    assert!(matches!(
        store.put(&[(empty_id, vec![])]),
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.counts().unwrap().documents, 0);
}

pub fn filters_by_code_name_role_year_kind_and_doc(b: &impl Backend) {
    let mut store = b.open();
    store.put(&fixture()).unwrap();
    let q = |f: RecordFilter| names(&store.records(&f).unwrap());

    // ISO codes, any case; UK means GB.
    assert_eq!(
        q(RecordFilter {
            supplier: Some("cn".into()),
            ..filter()
        }),
        ["d1-tanks/transfer"]
    );
    assert_eq!(
        q(RecordFilter {
            supplier: Some("PE".into()),
            ..filter()
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        q(RecordFilter {
            supplier: Some("uk".into()),
            ..filter()
        }),
        Vec::<String>::new()
    );
    // recipient covers a contest's buyer
    assert_eq!(
        q(RecordFilter {
            recipient: Some("pe".into()),
            ..filter()
        }),
        ["d1-tanks/transfer", "d2-radars/contest"]
    );
    // country: any role, including consortium members, protesters, entities
    assert_eq!(
        q(RecordFilter {
            country: Some("PE".into()),
            ..filter()
        }),
        [
            "d1-tanks/transfer",
            "d2-radars/contest",
            "d3-visit/engagement"
        ]
    );
    assert_eq!(
        q(RecordFilter {
            country: Some("fr".into()),
            ..filter()
        }),
        ["d2-radars/contest"]
    );
    assert_eq!(
        q(RecordFilter {
            country: Some("IL".into()),
            ..filter()
        }),
        ["d2-radars/contest"]
    );
    assert_eq!(
        q(RecordFilter {
            country: Some("CN".into()),
            ..filter()
        }),
        ["d1-tanks/transfer", "d1-tanks/entity"]
    );

    // Names: case-insensitive substrings of names and aliases; a supplier
    // may be a member of a supplying consortium.
    assert_eq!(
        q(RecordFilter {
            supplier: Some("NORINCO".into()),
            ..filter()
        }),
        ["d1-tanks/transfer"]
    );
    assert_eq!(
        q(RecordFilter {
            supplier: Some("north industries".into()),
            ..filter()
        }),
        ["d1-tanks/transfer"]
    );
    assert_eq!(
        q(RecordFilter {
            country: Some("north industries".into()),
            ..filter()
        }),
        ["d1-tanks/transfer", "d1-tanks/entity"]
    );
    assert_eq!(
        q(RecordFilter {
            recipient: Some("peruvian".into()),
            ..filter()
        }),
        ["d1-tanks/transfer"]
    );
    assert_eq!(
        q(RecordFilter {
            recipient: Some("Norinco".into()),
            ..filter()
        }),
        Vec::<String>::new()
    );
    // LIKE wildcards are plain characters here.
    assert_eq!(
        q(RecordFilter {
            country: Some("%".into()),
            ..filter()
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        q(RecordFilter {
            country: Some("R_fael".into()),
            ..filter()
        }),
        Vec::<String>::new()
    );
    // Blank means no constraint.
    assert_eq!(
        q(RecordFilter {
            country: Some("  ".into()),
            ..filter()
        })
        .len(),
        4
    );

    // Year of the main date: transfer date, contest cancelled, engagement date.
    assert_eq!(
        q(RecordFilter {
            year: Some(2009),
            ..filter()
        }),
        ["d1-tanks/transfer"]
    );
    assert_eq!(
        q(RecordFilter {
            year: Some(2011),
            ..filter()
        }),
        ["d2-radars/contest"]
    );
    assert_eq!(
        q(RecordFilter {
            year: Some(2012),
            ..filter()
        }),
        ["d3-visit/engagement"]
    );
    assert_eq!(
        q(RecordFilter {
            year: Some(2010),
            ..filter()
        }),
        Vec::<String>::new()
    );

    assert_eq!(
        q(RecordFilter {
            kind: Some(RecordKind::Entity),
            ..filter()
        }),
        ["d1-tanks/entity"]
    );
    assert_eq!(
        q(RecordFilter {
            doc: Some("d1-tanks".into()),
            ..filter()
        }),
        ["d1-tanks/transfer", "d1-tanks/entity"]
    );
    // Combined: all must hold.
    assert_eq!(
        q(RecordFilter {
            country: Some("PE".into()),
            year: Some(2012),
            kind: Some(RecordKind::Engagement),
            ..filter()
        }),
        ["d3-visit/engagement"]
    );
    assert_eq!(
        q(RecordFilter {
            country: Some("PE".into()),
            year: Some(2009),
            supplier: Some("RU".into()),
            ..filter()
        }),
        Vec::<String>::new()
    );

    // Stable order with paging.
    assert_eq!(
        q(filter()),
        [
            "d1-tanks/transfer",
            "d1-tanks/entity",
            "d2-radars/contest",
            "d3-visit/engagement"
        ]
    );
    assert_eq!(
        q(RecordFilter {
            limit: Some(2),
            offset: 1,
            ..filter()
        }),
        ["d1-tanks/entity", "d2-radars/contest"]
    );
    assert_eq!(
        q(RecordFilter {
            offset: 10,
            ..filter()
        }),
        Vec::<String>::new()
    );
}

pub fn search_finds_documents_with_snippets(b: &impl Backend) {
    let mut store = b.open();
    store.put(&fixture()).unwrap();

    let hits = store.search("tanks", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc, "d1-tanks");
    assert_eq!(hits[0].title.as_deref(), Some("Peru shelves tank deal"));
    assert_eq!(hits[0].outlet.as_deref(), Some("The Test Gazette"));
    assert_eq!(hits[0].published.as_deref(), Some("2012-06-10"));
    let marked = format!("{SNIPPET_OPEN}tanks{SNIPPET_CLOSE}");
    assert!(hits[0].snippet.contains(&marked), "{}", hits[0].snippet);

    // Words are ANDed, any order, any case; prefixes and phrases work.
    assert_eq!(store.search("CHINA peru", 10).unwrap().len(), 1);
    assert_eq!(store.search("peru*", 10).unwrap().len(), 3);
    assert_eq!(
        store.search("\"radar tender\"", 10).unwrap()[0].doc,
        "d2-radars"
    );
    assert!(store.search("\"tender radar\"", 10).unwrap().is_empty());
    assert_eq!(
        store.search("\"radar ten\"*", 10).unwrap()[0].doc,
        "d2-radars"
    );
    assert_eq!(store.search("MBT-2000", 10).unwrap()[0].doc, "d1-tanks");
    // Title matches count: "shelves" is only in the title.
    let hits = store.search("shelves", 10).unwrap();
    assert_eq!(hits[0].doc, "d1-tanks");
    assert!(hits[0].snippet.contains("[shelves]"), "{}", hits[0].snippet);
    // Best first: two matching words beat one.
    let hits = store.search("peru*", 10).unwrap();
    assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank), "{hits:?}");
    assert_eq!(store.search("peru*", 2).unwrap().len(), 2);
    assert!(store.search("peru", 0).unwrap().is_empty());
}

pub fn hostile_search_input_neither_fails_nor_damages(b: &impl Backend) {
    let mut store = b.open();
    store.put(&fixture()).unwrap();
    let before = b.dump();
    for q in [
        "\"; DROP TABLE documents; --",
        "'; DROP TABLE documents; --",
        "NEAR(",
        "NEAR(a b",
        "tanks AND",
        "OR",
        "(((",
        "\"",
        "\"\"\"",
        "*",
        "title:tanks",
        "{title text}: tanks",
        "^peru",
        "- peru",
        "peru NOT",
        "\0",
        "tan\u{0}ks",
        "\u{301}",
        "",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☢",
        "\\",
        "a\"b\"c",
        "tanks & !peru | x:* <-> 'y'",
        "'tanks':*A",
        "½ ²",
    ] {
        let res = store.search(q, 10);
        assert!(res.is_ok(), "{q:?}: {res:?}");
    }
    // Syntax words are just words: "title:tanks" finds nothing named so,
    // but a stray quote does not stop a real word from matching.
    assert_eq!(store.search("tanks \"", 10).unwrap().len(), 1);
    assert_eq!(store.search("NEAR( tanks", 10).unwrap().len(), 0);
    assert_eq!(store.search("(tanks)", 10).unwrap().len(), 1);
    assert_eq!(store.search("!tanks", 10).unwrap().len(), 1);
    assert_eq!(store.search("tanks | radar", 10).unwrap().len(), 0);
    drop(store);
    assert_eq!(b.dump(), before);
}

pub fn reopened_with_data_intact(b: &impl Backend) {
    let batch = fixture();
    b.open().put(&batch).unwrap();
    let store = b.open();
    assert_eq!(store.counts().unwrap().records(), 4);
    let all: Vec<Record> = batch.iter().flat_map(|(_, r)| r.clone()).collect();
    assert_eq!(store.all_records().unwrap(), all);
}

pub fn replace_records_swaps_records_only(b: &impl Backend) {
    let mut store = b.open();
    let batch = fixture();
    store.put(&batch).unwrap();

    let new = vec![batch[0].1[1].clone()]; // keep only the entity
    store.replace_records("d1-tanks", &new).unwrap();
    let (d, recs) = store.document("d1-tanks").unwrap().unwrap();
    assert_eq!(d, batch[0].0);
    assert_eq!(recs, new);
    assert_eq!(store.counts().unwrap().transfers, 0);

    assert!(matches!(
        store.replace_records("nope", &new),
        Err(StoreError::NoSuchDocument(id)) if id == "nope"
    ));
    // A record of another document is refused and nothing changes.
    let wrong = vec![batch[1].1[0].clone()];
    assert!(matches!(
        store.replace_records("d1-tanks", &wrong),
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.document("d1-tanks").unwrap().unwrap().1, new);
    store.replace_records("d1-tanks", &[]).unwrap();
    assert!(store.document("d1-tanks").unwrap().unwrap().1.is_empty());
    assert_eq!(store.counts().unwrap().documents, 3);
}

pub fn works_as_a_trait_object_and_streams_records(b: &impl Backend) {
    let mut store = b.open();
    store.put(&fixture()).unwrap();
    let mut seen = Vec::new();
    store
        .for_each_record(&filter(), &mut |r| {
            seen.push(r.to_json_line());
            Ok(())
        })
        .unwrap();
    assert_eq!(seen.len(), 4);
    // A visitor's error stops the walk and comes back.
    let mut calls = 0;
    let err = store
        .for_each_record(&filter(), &mut |_| {
            calls += 1;
            Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed").into())
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Io(_)));
    assert_eq!(calls, 1);
    // The store is usable after a walk that stopped early.
    assert_eq!(store.counts().unwrap().documents, 3);
}

/// Enough records to cross any backend's fetch batch, in many documents
/// whose ids sort bytewise (upper case before lower, digits first).
fn many_documents() -> Vec<(Document, Vec<Record>)> {
    let template = fixture().swap_remove(0);
    ["a", "B", "b", "0", "Z"]
        .iter()
        .flat_map(|prefix| (0..150).map(move |i| format!("{prefix}-{i:03}")))
        .map(|id| {
            let mut d = template.0.clone();
            d.id = id.clone();
            let recs = template
                .1
                .iter()
                .cloned()
                .map(|mut r| {
                    r.doc = id.clone();
                    r
                })
                .collect();
            (d, recs)
        })
        .collect()
}

pub fn streams_many_records_in_order_with_paging(b: &impl Backend) {
    let mut store = b.open();
    let batch = many_documents();
    store.put(&batch).unwrap();
    let mut ids: Vec<String> = batch.iter().map(|(d, _)| d.id.clone()).collect();
    ids.sort(); // bytewise, as Rust sorts strings
    let mut seen = Vec::new();
    store
        .for_each_record(&filter(), &mut |r| {
            seen.push(format!("{}/{}", r.doc, r.kind().as_str()));
            Ok(())
        })
        .unwrap();
    let expected: Vec<String> = ids
        .iter()
        .flat_map(|id| [format!("{id}/transfer"), format!("{id}/entity")])
        .collect();
    assert_eq!(seen, expected);
    let page = store
        .records(&RecordFilter {
            limit: Some(3),
            offset: 701,
            ..filter()
        })
        .unwrap();
    assert_eq!(names(&page), expected[701..704]);
    let docs: Vec<String> = store
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(docs, ids);
}

pub fn long_texts_are_stored_and_searched(b: &impl Backend) {
    let mut store = b.open();
    // Over a megabyte of distinct words: more than a full-text index entry
    // of some databases holds.
    let words: Vec<String> = (0..150_000).map(|i| format!("w{i:x}q")).collect();
    let text = format!("Peru ordered frigates. {}", words.join(" "));
    let long = doc("long", "A long article", &text);
    store.put(&[(long.clone(), vec![])]).unwrap();
    assert_eq!(store.document("long").unwrap().unwrap().0, long);
    let hits = store.search("frigates", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.contains("[frigates]"),
        "{}",
        hits[0].snippet
    );
    assert!(hits[0].snippet.len() < 1000);
}

pub fn concurrent_writers_wait_for_each_other(b: &impl Backend) {
    let batch = many_documents();
    let barrier = std::sync::Barrier::new(2);
    let summaries: Vec<(usize, usize)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|w| {
                let (batch, barrier) = (&batch, &barrier);
                s.spawn(move || {
                    // A failed open must fail the test, not leave the
                    // other writer waiting at the barrier for ever.
                    let opened =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| b.open()));
                    barrier.wait();
                    let mut store = opened.expect("the register opens beside another writer");
                    let (mut added, mut unchanged) = (0, 0);
                    // Overlapping batches in opposite orders.
                    let chunks: Vec<_> = batch.chunks(50).collect();
                    let order: Vec<_> = match w {
                        0 => chunks,
                        _ => chunks.into_iter().rev().collect(),
                    };
                    for chunk in order {
                        let s = store.put(chunk).expect("a writer waits, never fails");
                        added += s.added;
                        unchanged += s.unchanged;
                    }
                    (added, unchanged)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let added: usize = summaries.iter().map(|s| s.0).sum();
    let unchanged: usize = summaries.iter().map(|s| s.1).sum();
    assert_eq!((added, unchanged), (batch.len(), batch.len()));
    let c = b.open().counts().unwrap();
    assert_eq!(c.documents as usize, batch.len());
    assert_eq!(c.records() as usize, 2 * batch.len());
}
