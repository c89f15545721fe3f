//! The CI floor for consolidation (issue #13): the test part of our blind
//! consolidation gold (`tests/register-gold/test`), scored by `armswatch
//! eval-register` over the articles of `../shared/data/corpus` it names.
//! The train part is printed, not gated. Without `../shared` this skips.

use std::path::Path;
use std::process::Command;

/// Entity resolution must stay exact (issue #13 asks P >= 0.98, R >= 0.90);
/// the floors sit just under today's test figures (P 1.000, R 0.963).
const MIN_ENTITY_PRECISION: f64 = 0.99;
const MIN_ENTITY_RECALL: f64 = 0.95;
/// Deal clustering is held back by extraction recall (76 of 220 test
/// mentions have no fitting record: `eval-register` prints the ceiling,
/// B-cubed F1 0.726); this floor sits just under today's 0.479.
const MIN_DEAL_BCUBED_F1: f64 = 0.47;

/// The number after `label` on `line` ("P 1.000" -> 1.0).
fn figure(line: &str, label: &str) -> f64 {
    let at = line
        .find(label)
        .unwrap_or_else(|| panic!("no `{label}` in {line:?}"));
    line[at + label.len()..]
        .split_whitespace()
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no figure after `{label}` in {line:?}"))
}

#[test]
fn consolidation_holds_on_the_test_part() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/data/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: no {}", corpus.display());
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_armswatch"))
        .arg("eval-register")
        .arg(root.join("tests/register-gold"))
        .arg("--corpus")
        .arg(&corpus)
        .output()
        .expect("armswatch runs");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let test = text
        .split("part ")
        .find(|p| p.starts_with("test:"))
        .expect("a test part is scored");
    let line = |start: &str| {
        test.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no `{start}` line in {test}"))
    };
    let entities = line("entities");
    let deals = line("deals");
    let merged = line("must-not-merge");
    assert!(
        figure(entities, "pairwise P") >= MIN_ENTITY_PRECISION,
        "{entities}"
    );
    assert!(figure(entities, "  R") >= MIN_ENTITY_RECALL, "{entities}");
    let bcubed = &deals[deals.find("B-cubed").expect("B-cubed figures")..];
    assert!(figure(bcubed, "F1") >= MIN_DEAL_BCUBED_F1, "{deals}");
    assert!(merged.contains("merged: 0 of"), "{merged}");
}
