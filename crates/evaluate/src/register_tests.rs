use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn item(g: &str, p: Option<&str>) -> Assignment {
    (g.to_string(), p.map(str::to_string))
}

#[test]
fn cluster_scores_computed_by_hand() {
    // gold A = {a1, a2, a3}, B = {b1, b2}; predicted X = {a1, a2, b1},
    // Y = {a3}, b2 unmatched.
    let items = [
        item("A", Some("X")),
        item("A", Some("X")),
        item("A", Some("Y")),
        item("B", Some("X")),
        item("B", None),
    ];
    let s = cluster_score(&items);
    // pairs predicted: 3 (within X); gold: 3 + 1; both: (a1, a2).
    assert!(close(s.pairwise.precision, 1.0 / 3.0));
    assert!(close(s.pairwise.recall, 1.0 / 4.0));
    // B-cubed precision: (2/3 + 2/3 + 1 + 1/3 + 1) / 5; recall:
    // (2/3 + 2/3 + 1/3 + 1/2 + 1/2) / 5.
    assert!(close(s.bcubed.precision, 11.0 / 15.0));
    assert!(close(s.bcubed.recall, 8.0 / 15.0));
    assert_eq!((s.items, s.matched), (5, 4));
}

#[test]
fn unmatched_mentions_are_singletons_not_one_cluster() {
    // Two unmatched mentions of one gold cluster: recall lost, precision kept.
    let s = cluster_score(&[item("A", None), item("A", None)]);
    assert!(close(s.pairwise.precision, 1.0));
    assert!(close(s.pairwise.recall, 0.0));
    assert!(close(s.bcubed.precision, 1.0));
    assert!(close(s.bcubed.recall, 0.5));
}

#[test]
fn perfect_clustering_scores_one() {
    let s = cluster_score(&[
        item("A", Some("1")),
        item("A", Some("1")),
        item("B", Some("2")),
    ]);
    assert!(close(s.pairwise.f1, 1.0) && close(s.bcubed.f1, 1.0));
}

#[test]
fn designations_overlap_across_spellings() {
    assert!(system_overlap("C-295MW", "C295 transport aircraft") >= 2);
    assert!(system_overlap("Tejas Mk1A", "Tejas Mk2") >= 1);
    assert_eq!(system_overlap("Rafale", "Su-30MKI"), 0);
    // Generic words alone are no overlap.
    assert_eq!(system_overlap("transport aircraft", "fighter aircraft"), 0);
}

const GOLD: &str = r#"
[[entity]]
id = "army"
kind = "organisation"
country = "XX"
mentions = [
  { doc = "d1", name = "the Army" },
  { doc = "d2", name = "Ruritanian Army" },
]

[[entity]]
id = "navy"
kind = "organisation"
country = "XX"
mentions = [ { doc = "d1", name = "Ruritanian Navy" } ]

[[entity]]
id = "acme"
kind = "organisation"
mentions = [
  { doc = "d1", name = "Acme Aerospace" },
  { doc = "d2", name = "AA" },
]

[[must_not_merge]]
a = "army"
b = "navy"
why = "two services of one state"

[[deal]]
id = "gizmo-order"
kind = "transfer"
supplier = "acme"
recipient = "army"
system = "G-12"
mentions = [
  { doc = "d1", system = "G-12 Gizmo" },
  { doc = "d2", system = "G12" },
]

[[deal]]
id = "boat-order"
kind = "transfer"
recipient = "navy"
system = "Boat"
mentions = [ { doc = "d1", system = "Boat-7" } ]
"#;

fn gold_dir(parts: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in parts {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn name(doc: &str, n: &str, e: &str) -> PredMention {
    PredMention {
        doc: doc.into(),
        name: n.into(),
        entity: e.into(),
    }
}

fn report(entry: &str, doc: &str, sys: &str, sup: &str, rec: &str) -> PredReport {
    PredReport {
        entry: entry.into(),
        doc: doc.into(),
        kind: "transfer".into(),
        system: Some(sys.into()),
        suppliers: vec![(sup.into(), None)],
        recipient: Some((rec.into(), Some("XX".into()))),
        quantity: None,
    }
}

#[test]
fn parts_are_read_and_scored_apart() {
    let dir = gold_dir(&[("train/a.toml", GOLD), ("test/b.toml", GOLD)]);
    let parts = load_register_gold(dir.path()).unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["test", "train"]);
    assert_eq!(parts[0].entities.len(), 3);
    assert_eq!(
        parts[0].documents().into_iter().collect::<Vec<_>>(),
        ["d1", "d2"]
    );
}

#[test]
fn merged_services_are_counted_and_listed() {
    let dir = gold_dir(&[("g.toml", GOLD)]);
    let part = &load_register_gold(dir.path()).unwrap()[0];
    // The resolver put the Army into the Navy in d1 (and saw d2's army
    // apart), and knew "AA" is Acme.
    let names = [
        name("d1", "Ruritanian Army", "navy-xx"),
        name("d1", "Ruritanian Navy", "navy-xx"),
        name("d1", "Acme Aerospace", "acme"),
        name("d2", "Ruritanian Army", "army-xx"),
        name("d2", "Acme Aerospace", "acme"),
    ];
    // d1's gizmo order and d2's are one entry; the boat order joins it.
    let reports = [
        report("t1", "d1", "G-12", "Acme Aerospace", "Ruritanian Army"),
        report("t1", "d2", "G-12", "Acme Aerospace", "Ruritanian Army"),
        report("t1", "d1", "Boat-7", "", "Ruritanian Navy"),
    ];
    let s = score_register(part, &names, &reports);
    // Entities: army = {d1 "the Army" → navy-xx, d2 → army-xx}, navy =
    // {navy-xx}, acme = {acme, acme}. Predicted pairs: (army1, navy),
    // (acme1, acme2); gold pairs: (army1, army2), (acme1, acme2).
    assert!(close(s.entities.pairwise.precision, 0.5));
    assert!(close(s.entities.pairwise.recall, 0.5));
    assert_eq!(s.violations.len(), 1);
    assert_eq!(s.violations[0].entity, "navy-xx");
    // Deals: all three mentions in t1; gold pairs: 1, predicted: 3.
    assert!(close(s.deals.pairwise.precision, 1.0 / 3.0));
    assert!(close(s.deals.pairwise.recall, 1.0));
    // B-cubed precision: (2/3 + 2/3 + 1/3) / 3.
    assert!(close(s.deals.bcubed.precision, 5.0 / 9.0));
    assert_eq!(s.joined_deals.len(), 1);
    let text = s.report(true);
    assert!(
        text.contains("must-not-merge pairs merged: 1 of 1"),
        "{text}"
    );
    assert!(text.contains("army + navy as navy-xx"), "{text}");
    assert!(text.contains("counted as singletons"), "{text}");
}

#[test]
fn a_deal_mention_without_a_matching_record_is_unmatched() {
    let dir = gold_dir(&[("g.toml", GOLD)]);
    let part = &load_register_gold(dir.path()).unwrap()[0];
    // d2 only has a record of another system.
    let reports = [
        report("t1", "d1", "G-12", "Acme Aerospace", "Ruritanian Army"),
        report("t2", "d2", "Zeppelin", "Acme Aerospace", "Ruritanian Army"),
    ];
    let s = score_register(part, &[], &reports);
    assert_eq!(s.deals.matched, 1);
    assert_eq!(s.unmatched_deals.len(), 2);
    assert!(close(s.deals.pairwise.recall, 0.0));
    // No entity mention matched: every one a singleton.
    assert_eq!(s.entities.matched, 0);
    assert!(close(s.entities.pairwise.precision, 1.0));
}

#[test]
fn parties_break_ties_between_records_of_one_system() {
    let dir = gold_dir(&[("g.toml", GOLD)]);
    let part = &load_register_gold(dir.path()).unwrap()[0];
    let reports = [
        report("t-other", "d1", "G-12", "Someone Else", "Ruritanian Army"),
        report("t-acme", "d1", "G-12", "Acme Aerospace", "Ruritanian Army"),
    ];
    let m = match_deals(part, &reports);
    assert_eq!(m[0][0].as_deref(), Some("t-acme"));
}

#[test]
fn entity_mentions_match_by_tail_and_acronym() {
    let preds = [
        name("d1", "Ruritanian Army", "army"),
        name("d1", "Acme Aerospace", "acme"),
    ];
    let refs: Vec<&PredMention> = preds.iter().collect();
    assert_eq!(match_one_entity("the Army", &refs).as_deref(), Some("army"));
    assert_eq!(match_one_entity("AA", &refs).as_deref(), Some("acme"));
    assert_eq!(match_one_entity("Navy", &refs), None);
}

#[test]
fn bad_gold_names_the_file() {
    let dir = gold_dir(&[("bad.toml", "[[deal]]\nid = 3\n")]);
    let err = load_register_gold(dir.path()).unwrap_err().to_string();
    assert!(err.contains("bad.toml"), "{err}");
    let dir = gold_dir(&[(
        "g.toml",
        "[[deal]]\nid = \"x\"\nsupplier = \"nobody\"\nmentions = []\n",
    )]);
    // An undeclared id is a warning naming it, not a failure.
    let parts = load_register_gold(dir.path()).unwrap();
    assert!(
        parts[0].warnings[0].contains("nobody"),
        "{:?}",
        parts[0].warnings
    );
}

#[test]
fn the_quantity_breaks_ties_between_two_deals_of_one_system() {
    let gold = r#"
[[entity]]
id = "navy"
country = "XX"
mentions = [ { doc = "d1", name = "Ruritanian Navy" } ]
[[deal]]
id = "big"
recipient = "XX"
system = "G-12"
quantity = 56
mentions = [ { doc = "d1", system = "G-12" } ]
[[deal]]
id = "small"
recipient = "XX"
system = "G-12"
quantity = 15
mentions = [ { doc = "d1", system = "G-12" } ]
"#;
    let dir = gold_dir(&[("g.toml", gold)]);
    let part = &load_register_gold(dir.path()).unwrap()[0];
    let mut a = report("t-big", "d1", "G-12", "", "Ruritania");
    a.quantity = Some(56);
    let mut b = report("t-small", "d1", "G-12", "", "Ruritanian Navy");
    b.quantity = Some(15);
    let m = match_deals(part, &[a, b]);
    assert_eq!(m[0][0].as_deref(), Some("t-big"));
    assert_eq!(m[1][0].as_deref(), Some("t-small"));
}

#[test]
fn a_record_naming_no_system_matches_when_every_known_party_agrees() {
    let dir = gold_dir(&[("g.toml", GOLD)]);
    let part = &load_register_gold(dir.path()).unwrap()[0];
    // boat-order names only its recipient (the navy).
    let mut r = report("t-boat", "d1", "", "", "Ruritanian Navy");
    r.system = None;
    let m = match_deals(part, &[r]);
    assert_eq!(m[1][0].as_deref(), Some("t-boat"));
}

fn party(name: &str, country: &str, state: bool) -> PredParty {
    PredParty {
        name: name.into(),
        country: Some(country.into()),
        state,
    }
}

#[test]
fn reliability_by_hand() {
    let dir = gold_dir(&[("g.toml", GOLD)]);
    let part = &load_register_gold(dir.path()).unwrap()[0];
    let reports = [
        report("t1", "d1", "G-12", "Acme Aerospace", "Ruritanian Army"),
        report("t2", "d1", "Boat-7", "", "Ruritanian Navy"),
    ];
    let entries = [
        // Right: the gizmo order, Acme to the army.
        PredEntry {
            id: "t1".into(),
            confidence: 0.9,
            suppliers: vec![party("Acme Aerospace", "US", false)],
            recipient: party("Ruritanian Army", "XX", false),
        },
        // Wrong recipient: the boat order went to the navy.
        PredEntry {
            id: "t2".into(),
            confidence: 0.5,
            suppliers: vec![],
            recipient: party("Ruritanian Army", "XX", false),
        },
        // Matched by nothing: not judged.
        PredEntry {
            id: "t3".into(),
            confidence: 0.1,
            ..PredEntry::default()
        },
    ];
    let r = reliability(part, &reports, &entries);
    assert_eq!(r.judged, 2);
    assert_eq!(r.buckets[4], (0.8, 1.0, 1, 1));
    assert_eq!(r.buckets[2].2, 1);
    assert_eq!(r.buckets[2].3, 0);
    // ((0.9 - 1)² + (0.5 - 0)²) / 2
    assert!(close(r.brier, (0.01 + 0.25) / 2.0));
}

#[test]
fn deal_outcomes_tell_ties_from_missing_records() {
    let dir = gold_dir(&[("g.toml", GOLD)]);
    let part = &load_register_gold(dir.path()).unwrap()[0];
    // d1's gizmo order is told by two records left in two entries (a tie);
    // d2 has only a record of another system; the boat order matches.
    let reports = [
        report("t1", "d1", "G-12", "Acme Aerospace", "Ruritanian Army"),
        report("t2", "d1", "G-12", "Acme Aerospace", "Ruritanian Army"),
        report("t3", "d2", "Zeppelin", "Acme Aerospace", "Ruritanian Army"),
        report("t4", "d1", "Boat-7", "", "Ruritanian Navy"),
    ];
    let o = diagnose_deals(part, &reports);
    assert_eq!(o[0][0], DealOutcome::Tie(vec!["t1".into(), "t2".into()]));
    assert_eq!(
        o[0][1],
        DealOutcome::NoRecord {
            records: vec!["Zeppelin".into()]
        }
    );
    assert_eq!(o[1][0], DealOutcome::Matched("t4".into()));
    let s = score_register(part, &[], &reports);
    // Ceiling: the tied mention counts as clustered with its deal; d2's
    // stays a singleton. Gold pairs: (gizmo d1, gizmo d2); none reachable.
    assert!(close(s.deal_ceiling.bcubed.precision, 1.0));
    assert!(close(s.deal_ceiling.bcubed.recall, (0.5 + 0.5 + 1.0) / 3.0));
    let text = s.report(true);
    assert!(
        text.contains("1 with no fitting record (extraction), 1 tied"),
        "{text}"
    );
    assert!(text.contains("tie t1 | t2: d1"), "{text}");
    assert!(text.contains("no record: d2 \"G12\""), "{text}");
}
