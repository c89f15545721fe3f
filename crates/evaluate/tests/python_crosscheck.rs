//! Cross-checks against the Python scorer in ../shared/eval, when it and
//! python3 are there (they are beside the repository on developer machines
//! and in CI, not in a bare clone).

use std::path::{Path, PathBuf};
use std::process::Command;

use armswatch_evaluate::{load_gold_dir, load_gold_dirs, score, Score};
use serde_json::{json, Value};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !dir.join("eval/score.py").exists() {
        eprintln!(
            "note: {} not found; skipping the Python cross-check",
            dir.display()
        );
        return None;
    }
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        eprintln!("note: python3 not found; skipping the Python cross-check");
        return None;
    }
    Some(dir)
}

fn python(script: &Path, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write_jsonl(path: &Path, records: &[Value]) {
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, text).unwrap();
}

/// Equal JSON, floats to 1e-12 (Python and serde_json may differ in the
/// last bit when parsing a printed float).
fn assert_close(ours: &Value, theirs: &Value, at: &str) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let mut ka: Vec<_> = a.keys().collect();
            let mut kb: Vec<_> = b.keys().collect();
            ka.sort();
            kb.sort();
            assert_eq!(ka, kb, "keys at {at}");
            for (k, v) in a {
                assert_close(v, &b[k], &format!("{at}.{k}"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            assert_eq!(a.is_f64(), b.is_f64(), "int/float at {at}: {a} vs {b}");
            let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-12, "at {at}: {x} vs {y}");
        }
        _ => assert_eq!(ours, theirs, "at {at}"),
    }
}

/// Score with both scorers; JSON and verbose text must agree.
fn cross_check(shared: &Path, gold: &[Value], pred: &[Value]) -> Score {
    let dir = tempfile::tempdir().unwrap();
    let (g, p) = (dir.path().join("gold.jsonl"), dir.path().join("pred.jsonl"));
    write_jsonl(&g, gold);
    write_jsonl(&p, pred);
    let script = shared.join("eval/score.py");
    let (g, p) = (g.to_str().unwrap(), p.to_str().unwrap());
    let theirs: Value = serde_json::from_str(&python(&script, &["--json", g, p])).unwrap();
    let ours = score(gold, pred);
    assert_close(&ours.to_json(), &theirs, "");
    assert_eq!(ours.report(true), python(&script, &["--verbose", g, p]));
    assert_eq!(ours.report(false), python(&script, &[g, p]));
    ours
}

fn hand_made() -> (Vec<Value>, Vec<Value>) {
    let gold = vec![
        json!({"kind": "document", "doc": "a", "published": "2012-05-27"}),
        json!({"kind": "entity", "doc": "a", "name": "China North Industries Corp.", "type": "company",
               "country": "CN", "aliases": ["Norinco"]}),
        json!({"kind": "entity", "doc": "a", "name": "Rosoboronexport", "type": "company",
               "type_any": ["company", "government_body"], "country": "RU"}),
        json!({"kind": "entity", "doc": "a", "name": "Peruvian Navy", "type": "armed_force", "country": "PE",
               "optional": true}),
        json!({"kind": "entity", "doc": "a", "name": "Luis Giacoma", "type": "person", "country": "PE",
               "aliases": ["Giacoma"]}),
        json!({"kind": "transfer", "doc": "a",
               "suppliers": [{"name": "China", "type": "state", "country": "CN"},
                             {"name": "China North Industries Corp.", "type": "company", "country": "CN"}],
               "recipient": {"name": "Peru", "type": "state", "country": "PE"},
               "system": {"name": null, "description": "arms", "category": "other"},
               "quantity": null, "value": {"amount": 34000000, "currency": "USD"},
               "date": null, "date_any": ["2009", "2010", null],
               "status": "delivered", "status_any": ["delivered", "ordered"]}),
        json!({"kind": "transfer", "doc": "a",
               "suppliers": [{"name": "China", "type": "state", "country": "CN"}],
               "recipient": {"name": "Peruvian Army", "type": "armed_force", "country": "PE"},
               "system": {"name": "MBT-2000", "description": "tanks", "category": "armoured_vehicle"},
               "quantity": 4.0, "value": {"amount": 1400000000, "currency": "USD"},
               "date": null, "date_any": [], "status": "stalled", "status_any": []}),
        json!({"kind": "transfer", "doc": "a", "optional": true,
               "suppliers": [{"name": "Soviet Union", "type": "state", "country": "SU"}],
               "recipient": {"name": "Peru", "type": "state", "country": "PE"},
               "system": {"name": "T-55", "description": "tanks", "category": "armoured_vehicle"},
               "date": null, "status": "delivered"}),
        json!({"kind": "contest", "doc": "a",
               "buyer": {"name": "Peruvian Defense Ministry", "type": "government_body", "country": "PE"},
               "item": {"name": null, "description": "air defence", "category": "air_defence"},
               "value": {"amount": 114000000, "currency": "USD"},
               "bidders": [{"name": "Triad", "type": "consortium", "country": null, "members": [
                               {"name": "Rafael", "type": "company", "country": "IL"},
                               {"name": "Bumar Group", "type": "company", "country": "PL"}]},
                           {"name": "Rosoboronexport", "type": "company", "country": "RU"},
                           {"name": "Chinese makers", "type": "consortium", "country": "CN"}],
               "winner": {"name": "Triad", "type": "consortium", "country": null},
               "awarded": "2012-02",
               "protests": [{"by": {"name": "China Precision Machinery Import Export Corp.", "country": "CN"}}],
               "status": "cancelled", "cancelled": "2012-04"}),
        json!({"kind": "engagement", "doc": "a", "type": "agreement",
               "parties": [{"name": "Daniel Mora", "type": "person", "country": "PE"},
                           {"name": "Guo Boxiong", "type": "person", "country": "CN"}],
               "date": "2011-11"}),
        json!({"kind": "engagement", "doc": "a", "type": "meeting",
               "parties": [{"name": "officials", "type": "government_body", "country": "CN"},
                           {"name": "Peruvian Army", "type": "armed_force", "country": "PE"}],
               "date": "2011"}),
        json!({"kind": "transfer", "doc": "b",
               "suppliers": [{"name": "United States", "type": "state", "country": "US"}],
               "recipient": {"name": "Egypt", "type": "state", "country": "EG"},
               "system": {"name": "F-16", "description": "fighters", "category": "aircraft"},
               "quantity": 40, "value": null, "date": "1987", "status": "ordered"}),
    ];
    let pred = vec![
        json!({"kind": "entity", "doc": "a", "name": "Norinco", "type": "company", "country": "CN"}),
        json!({"kind": "entity", "doc": "a", "name": "Rosoboronexport", "type": "government_body", "country": "RU"}),
        json!({"kind": "entity", "doc": "a", "name": "Navy", "type": "armed_force", "country": "PE"}),
        json!({"kind": "entity", "doc": "a", "name": "Peruvian Navy", "type": "armed_force", "country": "PE"}),
        json!({"kind": "entity", "doc": "a", "name": "Mr. Giacoma", "type": "person", "country": "IT"}),
        json!({"kind": "transfer", "doc": "a",
               "suppliers": [{"name": "Norinco", "type": "company", "country": "CN"}],
               "recipient": {"name": "Peru", "type": "state", "country": "PE"},
               "system": {"name": null, "description": "weapons", "category": "small_arms"},
               "value": {"amount": 34200000.0, "currency": "USD"}, "date": "2010-03", "status": "ordered"}),
        json!({"kind": "transfer", "doc": "a",
               "suppliers": [{"name": "China", "type": "state", "country": "CN"}],
               "recipient": {"name": "army", "type": "armed_force", "country": "PE"},
               "system": {"name": "MBT 2000", "description": "tanks", "category": "aircraft"},
               "quantity": 4, "value": {"amount": 1.4e9, "currency": "EUR"}, "date": null, "status": "stalled"}),
        json!({"kind": "transfer", "doc": "a",
               "suppliers": [{"name": "Soviet Union", "type": "state", "country": "SU"}],
               "recipient": {"name": "Peru", "type": "state", "country": "PE"},
               "system": {"name": "T-55", "category": "armoured_vehicle"}, "status": "delivered"}),
        json!({"kind": "contest", "doc": "a",
               "buyer": {"name": "Ministry of Defense", "type": "government_body", "country": "PE"},
               "item": {"description": "air defence", "category": "missile"},
               "value": {"amount": 113500000, "currency": "USD"},
               "bidders": [{"name": "Israeli-Polish group", "type": "consortium", "members": [
                               {"country": "PL"}, {"country": "IL"}]},
                           "Rosoboronexport",
                           {"name": "China Precision Machinery", "type": "company", "country": "CN"}],
               "winner": {"name": "TRIAD", "type": "consortium"},
               "protests": [{"by": {"name": "CPMIEC"}}, "x"],
               "awarded": "2012-02-10", "status": "awarded", "cancelled": null}),
        json!({"kind": "engagement", "doc": "a", "type": "visit",
               "parties": [{"name": "Army", "type": "armed_force", "country": "PE"},
                           {"name": "Chinese officials", "type": "government_body", "country": "CN"}],
               "date": "2011-05"}),
        json!({"kind": "engagement", "doc": "a", "type": "agreement",
               "parties": [{"name": "Mora", "type": "person", "country": "PE"},
                           {"name": "China", "type": "state", "country": "CN"}],
               "date": "2011"}),
        json!({"kind": "transfer", "doc": "b",
               "suppliers": [{"name": "United States", "type": "state", "country": "US"}],
               "recipient": {"name": "Egypt", "type": "state", "country": "EG"},
               "system": {"name": "F16", "category": "aircraft"},
               "quantity": 40.0, "date": "1987-06", "status": "ordered", "value": {}}),
        json!({"kind": "transfer", "doc": "b",
               "suppliers": [{"name": "France", "type": "state", "country": "FR"}],
               "recipient": {"name": "Egypt", "type": "state", "country": "EG"},
               "system": {"name": "Mirage 2000", "category": "aircraft"}}),
        json!({"kind": "transfer", "doc": "zzz", "suppliers": [], "recipient": {}}),
    ];
    (gold, pred)
}

#[test]
fn hand_made_cases_score_as_in_python() {
    let Some(shared) = shared() else { return };
    let (gold, pred) = hand_made();
    let s = cross_check(&shared, &gold, &pred);
    // the case has something of everything: hits, wrong fields, misses
    assert!(s.transfer.tp >= 2 && s.transfer.fp >= 1);
    assert!(s.contest.tp == 1 && s.engagement.tp >= 1 && s.entity.fn_ + s.entity.fp > 0);
    assert!(s.fields.contains_key("contest.bidder") && s.fields.contains_key("engagement.party"));
    assert!(s.misses.len() > 5);
}

/// A small deterministic generator (no dependency for a handful of draws).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.next() % xs.len()].clone()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.next() % 100 < percent
    }
}

const NAMES: &[&str] = &[
    "China North Industries Corp.",
    "Norinco",
    "Northrop Grumman",
    "Northrop",
    "Rafael\u{2019}s unit",
    "Rafael",
    "Peruvian Army",
    "army",
    "The Boeing Co",
    "Boeing",
    "Triad consortium",
    "Triad",
    "Ministry of Defence",
    "defence ministry",
    "Daniel Mora",
    "Mora",
    "Guo Boxiong",
    "Gen. Guo",
    "China's Central Military Commission",
    "Central Military Commission",
    "",
    "Bumar Group Ltd",
];
const TYPES: &[&str] = &[
    "state",
    "company",
    "consortium",
    "person",
    "armed_force",
    "government_body",
    "other",
];

fn country(r: &mut Lcg) -> Value {
    r.pick(&[
        json!("CN"),
        json!("PE"),
        json!("US"),
        json!("RU"),
        Value::Null,
        json!("IL"),
    ])
}

fn actor(r: &mut Lcg, depth: usize) -> Value {
    let mut a = json!({"name": r.pick(NAMES), "type": r.pick(TYPES), "country": country(r)});
    if r.chance(20) {
        a["aliases"] = json!([r.pick(NAMES), r.pick(NAMES)]);
    }
    if depth == 0 && r.chance(20) {
        a["type"] = json!("consortium");
        a["members"] = json!([actor(r, 1), actor(r, 1)]);
    }
    a
}

fn money(r: &mut Lcg, gold: bool) -> Value {
    let mut options = vec![
        Value::Null,
        json!({"amount": 114000000, "currency": "USD"}),
        json!({"amount": 113000000.0, "currency": "USD"}),
        json!({"amount": 112800000, "currency": "USD"}),
        json!({"amount": 114000000, "currency": "EUR"}),
        json!({"amount": 5, "currency": null}),
        json!({}),
    ];
    if !gold {
        options.extend([
            json!(""),
            json!({"amount": "114000000", "currency": "USD"}),
            json!({"amount": true}),
        ]);
    }
    r.pick(&options)
}

fn date(r: &mut Lcg, gold: bool) -> Value {
    let mut options = vec![
        Value::Null,
        json!("2009"),
        json!("2010"),
        json!("2011"),
        json!("2011-11"),
        json!("2011-11-05"),
    ];
    if !gold {
        options.push(json!(2011));
    }
    r.pick(&options)
}

fn system(r: &mut Lcg) -> Value {
    json!({"name": r.pick(&[Value::Null, json!("MBT-2000"), json!("mbt 2000"), json!("T-55"), json!("")]),
           "description": r.pick(&[Value::Null, json!("tanks"), json!("")]),
           "category": r.pick(&[json!("aircraft"), json!("ship"), json!("other"), json!("air_defence"), Value::Null])})
}

fn status(r: &mut Lcg) -> Value {
    r.pick(&[
        json!("delivered"),
        json!("ordered"),
        json!("stalled"),
        json!("cancelled"),
        Value::Null,
    ])
}

fn record(r: &mut Lcg, doc: &str, gold: bool) -> Value {
    let mut rec = match r.next() % 4 {
        0 => json!({"kind": "transfer", "suppliers": [actor(r, 0)], "recipient": actor(r, 0),
                    "system": system(r), "value": money(r, gold),
                    "quantity": r.pick(&[Value::Null, json!(4), json!(4.0), json!(5), json!(true), json!(1)]),
                    "date": date(r, gold), "status": status(r)}),
        1 => json!({"kind": "contest", "buyer": actor(r, 0),
                    "item": {"description": r.pick(&[json!("radars"), Value::Null]),
                             "category": r.pick(&[json!("sensor"), json!("other"), json!("ship")])},
                    "value": money(r, gold), "bidders": [actor(r, 0), actor(r, 0)],
                    "winner": if r.chance(50) { Value::Null } else { actor(r, 0) },
                    "protests": [{"by": actor(r, 0)}],
                    "awarded": date(r, gold), "cancelled": date(r, gold), "status": status(r)}),
        2 => json!({"kind": "engagement",
                    "type": r.pick(&[json!("visit"), json!("meeting"), json!("agreement"), json!("other")]),
                    "parties": [actor(r, 1), actor(r, 1)], "date": date(r, gold)}),
        _ => {
            let mut e = actor(r, 1);
            e["kind"] = json!("entity");
            e
        }
    };
    rec["doc"] = json!(doc);
    if gold {
        if r.chance(15) {
            rec["optional"] = json!(true);
        }
        for field in ["status", "date", "type"] {
            if r.chance(15) {
                rec[format!("{field}_any")] = match field {
                    "status" => {
                        if r.chance(30) {
                            json!([])
                        } else {
                            json!([status(r), status(r)])
                        }
                    }
                    "date" => {
                        if r.chance(30) {
                            json!([])
                        } else {
                            json!([date(r, true), Value::Null])
                        }
                    }
                    _ => {
                        if r.chance(30) {
                            json!([])
                        } else {
                            json!([r.pick(TYPES), r.pick(TYPES)])
                        }
                    }
                };
            }
        }
    }
    rec
}

/// Change a few fields of a gold record, for partial matches.
fn mutate(r: &mut Lcg, g: &Value) -> Value {
    let mut p = g.clone();
    let Some(obj) = p.as_object_mut() else {
        return p;
    };
    for key in ["optional", "status_any", "date_any", "type_any"] {
        obj.remove(key);
    }
    let keys: Vec<String> = obj
        .keys()
        .filter(|k| *k != "kind" && *k != "doc")
        .cloned()
        .collect();
    for _ in 0..(r.next() % 3) {
        if keys.is_empty() {
            break;
        }
        let k = r.pick(&keys);
        let fresh = record(r, "x", false);
        match fresh.get(&k) {
            Some(v) if r.chance(70) => {
                obj.insert(k, v.clone());
            }
            _ => {
                obj.remove(&k);
            }
        }
    }
    p
}

#[test]
fn generated_cases_score_as_in_python() {
    let Some(shared) = shared() else { return };
    let mut r = Lcg(0x5eed);
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for d in 0..400 {
        let doc = format!("doc-{d}");
        let n = r.next() % 6;
        let grecs: Vec<Value> = (0..n).map(|_| record(&mut r, &doc, true)).collect();
        for g in &grecs {
            if r.chance(75) {
                pred.push(mutate(&mut r, g));
            }
            if r.chance(10) {
                pred.push(mutate(&mut r, g));
            }
        }
        for _ in 0..(r.next() % 3) {
            pred.push(record(&mut r, &doc, false));
        }
        if r.chance(5) {
            pred.push(record(&mut r, "not-in-gold", false));
        }
        gold.extend(grecs);
    }
    let s = cross_check(&shared, &gold, &pred);
    for (kind, c) in s.kinds() {
        assert!(c.tp > 10 && c.fp > 0 && c.fn_ > 0, "{kind}: {c:?}");
    }
    assert!(s.fields.values().any(|f| f.hits < f.total));
}

/// Every shared gold file against its own required records.
#[test]
fn shared_gold_scores_itself_perfectly() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data");
    let dirs = [data.join("seed"), data.join("dev/reuters")];
    let set = load_gold_dirs(&dirs).unwrap();
    assert!(!set.gold.is_empty());
    let pred: Vec<Value> = set
        .gold
        .iter()
        .filter(|r| !r.get("optional").is_some_and(|o| o == &json!(true)))
        .cloned()
        .collect();
    let s = cross_check(&shared, &set.gold, &pred);
    for (kind, c) in s.kinds() {
        assert_eq!(
            (c.fp, c.fn_),
            (0, 0),
            "{kind}: {:?}\n{}",
            c,
            s.misses.join("\n")
        );
    }
    assert!(s.records().tp > 0 && s.entity.tp > 0);
}

/// The corpus and gold that evaluate.py hands over, through a stand-in
/// extractor that records its input and predicts nothing.
#[cfg(unix)]
#[test]
fn gold_dirs_load_as_in_evaluate_py() {
    use std::os::unix::fs::PermissionsExt;
    let Some(shared) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let synthetic = tmp.path().join("data");
    std::fs::create_dir(&synthetic).unwrap();
    let d = &synthetic;
    std::fs::write(d.join("one.gold.jsonl"),
        "{\"kind\":\"document\",\"doc\":\"first\",\"published\":\"1987-03-02\",\"outlet\":\"Wire\",\"title\":\"T\"}\n\
         {\"kind\":\"entity\",\"doc\":\"first\",\"name\":\"Boeing\",\"type\":\"company\",\"country\":\"US\"}\n").unwrap();
    std::fs::write(
        d.join("one.txt"),
        "Line one.\r\nLine two.\rLine three, \u{e9}t\u{e9}.\n",
    )
    .unwrap();
    std::fs::write(d.join("two.gold.jsonl"),
        "{\"kind\":\"transfer\",\"doc\":\"two\",\"suppliers\":[{\"country\":\"US\"}],\"recipient\":{\"country\":\"EG\"},\"system\":{}}\n").unwrap();
    std::fs::write(d.join("two.html"), "<p>html</p>").unwrap();
    std::fs::write(
        d.join("three.gold.jsonl"),
        "{\"kind\":\"entity\",\"doc\":\"three\",\"name\":\"Nobody\"}\n",
    )
    .unwrap();

    let capture = tmp.path().join("corpus.jsonl");
    let bin = tmp.path().join("fake-armswatch");
    std::fs::write(&bin, format!("#!/bin/sh\ncat > '{}'\n", capture.display())).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();

    let data = shared.join("data");
    let dirs = [
        synthetic.clone(),
        data.join("seed"),
        data.join("dev/reuters"),
    ];
    let set = load_gold_dirs(&dirs).unwrap();
    let mut args = vec!["--bin", bin.to_str().unwrap(), "--json"];
    args.extend(dirs.iter().map(|d| d.to_str().unwrap()));
    let theirs: Value =
        serde_json::from_str(&python(&shared.join("eval/evaluate.py"), &args)).unwrap();

    let corpus: Vec<Value> = std::fs::read_to_string(&capture)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(set.articles, corpus);
    assert_eq!(theirs["documents"], json!(set.articles.len()));
    let ours = score(&set.gold, &[]);
    let r = ours.records();
    assert_eq!(
        theirs["records"],
        json!({"tp": r.tp, "fp": r.fp, "fn": r.fn_})
    );
    for (kind, c) in ours.kinds() {
        assert_eq!(theirs["kinds"][kind]["fn"], json!(c.fn_), "{kind}");
    }
    // the synthetic folder alone: CRLF folded, the gold without text kept
    let alone = load_gold_dir(&synthetic).unwrap();
    assert_eq!(alone.articles.len(), 2);
    assert_eq!(
        alone.articles[0]["text"],
        json!("Line one.\nLine two.\nLine three, \u{e9}t\u{e9}.\n")
    );
    assert_eq!(alone.gold.len(), 4);
}
