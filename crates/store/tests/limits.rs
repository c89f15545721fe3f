//! Input anyone can send (search text, `q` filters) costs bounded work.

use armswatch_register::Document;
use armswatch_store::query::{q_terms, MAX_Q_TERMS, MAX_Q_TERM_BYTES};
use armswatch_store::{SqliteStore, Store};

#[test]
fn q_filter_uses_a_bounded_number_of_distinct_words() {
    let q: Vec<String> = (0..250).map(|i| format!("Word{i}")).collect();
    let terms = q_terms(&(q.join(" ") + " word0 " + &"x".repeat(10_000)));
    assert_eq!(terms.len(), MAX_Q_TERMS);
    assert_eq!(terms[0], "word0");
    assert_eq!(q_terms("A a A").len(), 1);
    assert_eq!(q_terms(&"é".repeat(100))[0].len(), MAX_Q_TERM_BYTES);
}

#[test]
fn search_in_a_long_article_gives_a_short_snippet() {
    let text = format!(
        "{} Peru ordered frigates from the Netherlands. {}",
        "Nothing to see here. ".repeat(20_000),
        "More filler text. ".repeat(20_000)
    );
    let doc = Document {
        id: "long".into(),
        content_hash: "h".into(),
        text,
        published: None,
        outlet: None,
        title: None,
        url: None,
        origin: None,
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path().join("s.db")).unwrap();
    store.put(&[(doc, Vec::new())]).unwrap();
    let hits = store.search("frigates", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.contains("[frigates]"),
        "{}",
        hits[0].snippet
    );
    assert!(hits[0].snippet.len() < 400, "{}", hits[0].snippet);
}
