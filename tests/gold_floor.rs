//! The CI floor for extraction quality: our own gold-annotated articles
//! (`tests/gold/`), scored with the same rules as `shared/eval/score.py`.
//! A change that makes extraction worse than the floor fails the build.
//! When the shared evaluation data is beside the checkout, the seed and dev
//! sets are held to their floors too (skipped cleanly otherwise).

use armswatch_extract::Extractor;
use armswatch_ingest::Options;
use std::path::{Path, PathBuf};

fn score(dir: &Path) -> armswatch_evaluate::Score {
    let gold = armswatch_evaluate::load_gold_dir(dir).expect("gold folder reads");
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

fn check(dir: &Path, min_records_f1: f64, min_entity_f1: f64) {
    let s = score(dir);
    println!(
        "{}: {}",
        dir.display(),
        s.report(false).lines().last().unwrap_or("")
    );
    let r = s.records_prf().f1;
    let e = s.entity_f1();
    assert!(
        r >= min_records_f1,
        "records F1 {r:.3} below floor {min_records_f1} on {}\n{}",
        dir.display(),
        s.report(true)
    );
    assert!(
        e >= min_entity_f1,
        "entity F1 {e:.3} below floor {min_entity_f1} on {}\n{}",
        dir.display(),
        s.report(true)
    );
}

#[test]
fn own_gold_stays_above_floor() {
    check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold"),
        FLOOR_OWN.0,
        FLOOR_OWN.1,
    );
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    p.is_dir().then_some(p)
}

#[test]
fn shared_seed_stays_above_floor() {
    let Some(s) = shared() else {
        println!("no ../shared/data: skipped");
        return;
    };
    check(&s.join("seed"), FLOOR_SEED.0, FLOOR_SEED.1);
}

#[test]
fn shared_dev_stays_above_floor() {
    let Some(s) = shared() else {
        println!("no ../shared/data: skipped");
        return;
    };
    check(&s.join("dev/reuters"), FLOOR_DEV.0, FLOOR_DEV.1);
}

/// (records F1, entity F1) floors, a little under the measured figures so
/// that noise does not fail the build but a real regression does.
const FLOOR_OWN: (f64, f64) = (0.72, 0.88);
const FLOOR_SEED: (f64, f64) = (0.95, 0.95);
const FLOOR_DEV: (f64, f64) = (0.88, 0.93);
