//! The CI floor for extraction quality.
//!
//! Only the test part of our own corpus gold (`tests/corpus-gold/test`:
//! real articles of `../shared/data/corpus`, annotated blind, never read
//! while writing rules) is gated. Everything else is printed, not gated:
//! the train part (its misses are read freely), the invented articles of
//! `tests/gold`, and the shared seed and dev sets (too few to tune on).
//! The corpus texts stay in `../shared`; without it these tests skip.

use armswatch_evaluate::{Corpus, Score};
use armswatch_extract::Extractor;
use armswatch_ingest::Options;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shared() -> Option<PathBuf> {
    let p = root().join("../shared/data");
    p.is_dir().then_some(p)
}

fn score(dir: &Path, corpus: &Corpus) -> Score {
    let gold = armswatch_evaluate::load_gold_dir_with(dir, corpus).expect("gold folder reads");
    let x = Extractor::builtin().expect("gazetteer loads");
    let mut preds = Vec::new();
    for item in armswatch_ingest::read_corpus(
        std::io::Cursor::new(gold.corpus_jsonl().into_bytes()),
        "gold",
        &Options::default(),
    ) {
        let doc = item.expect("gold article reads").doc;
        for r in x.extract(&doc) {
            preds.push(serde_json::to_value(&r).expect("record serialises"));
        }
    }
    armswatch_evaluate::score(&gold.gold, &preds)
}

fn print(dir: &Path, s: &Score) {
    println!(
        "{}: {}",
        dir.display(),
        s.report(false).lines().last().unwrap_or("")
    );
}

fn corpus() -> Option<Corpus> {
    let dir = shared()?.join("corpus");
    Some(Corpus::load(&[dir]).expect("the shared corpus reads"))
}

#[test]
fn corpus_gold_test_part_stays_above_floor() {
    let Some(corpus) = corpus() else {
        println!("no ../shared/data/corpus: skipped");
        return;
    };
    let dir = root().join("tests/corpus-gold/test");
    let gold = armswatch_evaluate::load_gold_dir_with(&dir, &corpus).expect("gold reads");
    // Every annotated article must be found in the corpus, or the floor
    // would silently measure fewer articles.
    let docs = gold
        .gold
        .iter()
        .filter(|r| r.get("kind").and_then(|k| k.as_str()) == Some("document"))
        .count();
    assert_eq!(
        gold.articles.len(),
        docs,
        "test gold names unknown articles"
    );
    assert!(docs >= 50, "the test part has only {docs} articles");
    let s = score(&dir, &corpus);
    print(&dir, &s);
    let (min_records, min_fields, min_entities) = FLOOR_TEST;
    let (r, f, e) = (s.records_prf().f1, s.field_accuracy(), s.entity_f1());
    assert!(
        r >= min_records && f >= min_fields && e >= min_entities,
        "below the floor on {}: records F1 {r:.3} (floor {min_records}), field accuracy \
         {f:.3} (floor {min_fields}), entity F1 {e:.3} (floor {min_entities})\n{}",
        dir.display(),
        s.report(true)
    );
}

/// Printed for the record, never gated.
#[test]
fn other_gold_sets_are_printed() {
    let own = root().join("tests/gold");
    print(&own, &score(&own, &Corpus::default()));
    let (Some(s), Some(corpus)) = (shared(), corpus()) else {
        println!("no ../shared/data: shared sets skipped");
        return;
    };
    let train = root().join("tests/corpus-gold/train");
    print(&train, &score(&train, &corpus));
    for dir in [s.join("seed"), s.join("dev/reuters")] {
        print(&dir, &score(&dir, &Corpus::default()));
    }
}

/// (records F1, field accuracy, entity F1) on the test part: a little under
/// the measured figures, so that noise does not fail the build but a real
/// regression does. Measured 0.616 / 0.841 / 0.857 on the 137 articles
/// (2026-12-05, session 18; batch 13's 38 joined the part that day and
/// brought field accuracy down from 0.859: their gold was written later,
/// not the program); 0.617 / 0.846 / 0.858 (2026-12-06, session 20).
/// Batch 17's 40 joined on 2026-12-06 (session 22): 0.628 / 0.837 / 0.867
/// on the 177 (the batch alone 0.635 / 0.820 / 0.894 when first scored).
/// 0.635 / 0.837 / 0.880 on 2026-12-07 (session 30): the floor rises to
/// keep the entity gains. 0.645 / 0.852 / 0.883 on 2026-12-07 (session
/// 35): the floor rises again, a little under. 0.647 / 0.853 / 0.887 on
/// 2026-12-08 (session 41): raised to keep field accuracy over 0.845.
/// Batches 29 and 30 (59 articles) joined on 2026-12-08 (session 42):
/// 0.596 / 0.890 / 0.840 alone when first scored, 0.638 / 0.862 / 0.877
/// on the 236; records F1 and entity F1 fall with the harder articles
/// (the old 177 went 0.647 to 0.652), so their floors move down with
/// them, field accuracy's up.
const FLOOR_TEST: (f64, f64, f64) = (0.630, 0.855, 0.870);
