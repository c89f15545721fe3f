//! End-to-end tests of the `armswatch` binary: the `extract` contract,
//! ingest into a real SQLite file, bad input, export, demo.

use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_armswatch"))
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut c = bin();
    c.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("binary runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("binary finishes")
}

fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("every stdout line is JSON"))
        .collect()
}

const ARTICLE: &str = "Peru buys Chinese missiles\n\nIn 2009, China Harbour Ordnance Trading Corp. (CHOTC) sold the Peruvian army a batch of shoulder-fired air defense systems, the newspaper El Comercio reported.\n\nThe Peruvian army afterwards negotiated the purchase of VT-4 Chinese-built tanks valued at $1.4 billion. But that sale never materialized.\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    fs::write(&p, bytes).expect("write fixture");
    p.display().to_string()
}

#[test]
fn extract_writes_spec_records_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "peru.txt", ARTICLE.as_bytes());
    let out = run(&["extract", "--published", "2012-05-27", &p], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = jsonl(&out.stdout);
    assert!(!recs.is_empty());
    for r in &recs {
        assert_eq!(r["doc"], "peru");
        let ev = r["evidence"].as_array().expect("evidence array");
        assert!(!ev.is_empty());
        for e in ev {
            let (s, en) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&ARTICLE[s..en], e["text"].as_str().unwrap());
        }
        assert!(r["sources"].is_array());
        let c = r["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
    let transfers: Vec<&Value> = recs.iter().filter(|r| r["kind"] == "transfer").collect();
    let manpads = transfers
        .iter()
        .find(|t| t["system"]["category"] == "air_defence")
        .expect("the MANPADS sale");
    assert_eq!(manpads["recipient"]["country"], "PE");
    assert_eq!(manpads["suppliers"][0]["country"], "CN");
    assert_eq!(manpads["date"], "2009");
    let tanks = transfers
        .iter()
        .find(|t| t["system"]["name"] == "VT-4")
        .expect("the tank deal");
    assert_eq!(tanks["value"]["amount"], 1_400_000_000u64);
    assert_eq!(tanks["status"], "stalled");
    let entities: Vec<&Value> = recs.iter().filter(|r| r["kind"] == "entity").collect();
    let seller = entities
        .iter()
        .find(|e| {
            e["name"]
                .as_str()
                .unwrap_or("")
                .contains("Harbour Ordnance Trading")
        })
        .expect("the seller's entity");
    assert!(seller["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "CHOTC"));
    assert_eq!(seller["country"], "CN");
}

#[test]
fn bad_inputs_get_one_message_each_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = write(d, "good.txt", ARTICLE.as_bytes());
    let empty = write(d, "empty.txt", b"");
    let binary = write(
        d,
        "photo.txt",
        &[0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 0, 0],
    );
    let latin1 = write(
        d,
        "bogota.txt",
        b"Colombia signed a deal in Bogot\xe1 for 12 Kfir fighters from Israel.",
    );
    let no_text = write(
        d,
        "nav.html",
        b"<html><head><title>x</title><script>var a=1;</script></head><body><nav>Home | World</nav></body></html>",
    );
    let big = d.join("big.txt");
    {
        let mut f = fs::File::create(&big).unwrap();
        let line = "Filler text about nothing in particular. ".repeat(100);
        while f.metadata().unwrap().len() < 50 * 1024 * 1024 {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    let big = big.display().to_string();
    let out = run(
        &[
            "extract",
            "--published",
            "2012-05-27",
            &good,
            &empty,
            &binary,
            &latin1,
            &no_text,
            &big,
        ],
        None,
    );
    assert!(out.status.success(), "some articles were read");
    let err = String::from_utf8_lossy(&out.stderr);
    for name in ["empty.txt", "photo.txt", "nav.html", "big.txt"] {
        assert_eq!(
            err.lines().filter(|l| l.contains(name)).count(),
            1,
            "one message naming {name}:\n{err}"
        );
    }
    let recs = jsonl(&out.stdout);
    assert!(recs.iter().any(|r| r["doc"] == "good"));
    // Latin-1 text was decoded, not rejected.
    assert!(
        !err.lines()
            .any(|l| l.starts_with("error") && l.contains("bogota.txt")),
        "{err}"
    );
}

#[test]
fn malformed_jsonl_lines_are_reported_and_skipped() {
    let good = serde_json::json!({"id": "a1", "text": ARTICLE, "published": "2012-05-27"});
    let bad_date = serde_json::json!({"id": "a2", "text": ARTICLE, "published": "sometime"});
    let corpus = format!("{good}\nnot json at all\n{{\"id\": \"a3\"}}\n{bad_date}\n");
    let out = run(&["extract", "-"], Some(corpus.as_bytes()));
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":2"), "line 2 named: {err}");
    assert!(err.contains(":3"), "line 3 named: {err}");
    assert!(err.contains("sometime"), "bad date named: {err}");
    let docs: std::collections::BTreeSet<String> = jsonl(&out.stdout)
        .iter()
        .map(|r| r["doc"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(docs.contains("a1"));
    // The article with the bad date is still read, without a date.
    assert!(docs.contains("a2"));
}

#[test]
fn nothing_readable_is_a_failure() {
    let out = run(&["extract", "-"], Some(b"garbage\n{\"x\":1}\n"));
    assert!(!out.status.success());
}

fn dump(db: &str) -> Vec<Value> {
    let out = run(&["--db", db, "export", "--raw"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jsonl(&out.stdout)
}

#[test]
fn ingest_twice_is_a_no_op_and_export_matches_extract() {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("articles");
    fs::create_dir(&arts).unwrap();
    write(&arts, "peru.txt", ARTICLE.as_bytes());
    write(
        &arts,
        "navy.txt",
        b"Raytheon Co said the United States Navy gave it a 96.4 mln dlr contract to build 310 Sparrow missiles.\n",
    );
    let db = dir.path().join("reg.db").display().to_string();
    let a = arts.display().to_string();
    let first = run(
        &["--db", &db, "ingest", "--published", "2012-05-27", &a],
        None,
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = dump(&db);
    let bytes_before = fs::read(&db).unwrap();
    let second = run(
        &["--db", &db, "ingest", "--published", "2012-05-27", &a],
        None,
    );
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("2 unchanged"));
    assert_eq!(dump(&db), before);
    // Same rows; the file may only differ in SQLite's own counters.
    assert_eq!(fs::read(&db).unwrap().len(), bytes_before.len());

    let extracted = run(&["extract", "--published", "2012-05-27", &a], None);
    let mut x = jsonl(&extracted.stdout);
    let mut e = before;
    let key = |v: &Value| v.to_string();
    x.sort_by_key(key);
    e.sort_by_key(key);
    assert_eq!(x, e, "export reproduces extract");

    // list with filters by ISO code and by name.
    let out = run(
        &[
            "--db",
            &db,
            "list",
            "transfers",
            "--recipient",
            "PE",
            "--format",
            "jsonl",
        ],
        None,
    );
    let t = jsonl(&out.stdout);
    assert!(!t.is_empty());
    assert!(t.iter().all(|r| r["recipient"]["country"] == "PE"));
    let out = run(
        &[
            "--db",
            &db,
            "list",
            "transfers",
            "--supplier",
            "china",
            "--format",
            "csv",
        ],
        None,
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.lines().next().unwrap().contains("evidence"));
    assert!(csv.lines().count() >= 2, "{csv}");
}

#[test]
fn failed_ingest_keeps_what_was_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db").display().to_string();
    let p = write(dir.path(), "peru.txt", ARTICLE.as_bytes());
    assert!(run(
        &["--db", &db, "ingest", "--published", "2012-05-27", &p],
        None
    )
    .status
    .success());
    let before = dump(&db);
    // Nothing readable: the command fails, the register is untouched.
    let bad = write(dir.path(), "bad.jsonl", b"nope\n");
    let out = run(&["--db", &db, "ingest", &bad], None);
    assert!(!out.status.success());
    assert_eq!(dump(&db), before);
}

#[test]
fn demo_prints_a_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").display().to_string();
    let out = run(&["--db", &db, "demo"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("== transfers"));
    assert!(s.contains("== contests"));
    assert!(s.contains("== engagements"));
    // Running it again gives a fresh database with the same register.
    let again = run(&["--db", &db, "demo"], None);
    assert_eq!(String::from_utf8_lossy(&again.stdout), s);
}

/// Two articles written for this test, as a corpus, and consolidation gold
/// naming them.
#[test]
fn eval_register_scores_gold_parts_against_a_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus = [
        serde_json::json!({"id": "rw-1", "published": "2021-09-24",
            "text": "Poland ordered 180 K2 tanks from South Korea's Hyundai Rotem in July 2022. The Polish Army will receive them from 2022."}),
        serde_json::json!({"id": "rw-2", "published": "2022-08-01",
            "text": "Hyundai Rotem will deliver 180 K2 tanks to Poland, the company said. The Polish Army ordered the tanks in July 2022."}),
    ];
    let lines: Vec<String> = corpus.iter().map(|v| v.to_string()).collect();
    write(d, "corpus.jsonl", lines.join("\n").as_bytes());
    let gold = r#"
[[entity]]
id = "rotem"
kind = "organisation"
country = "KR"
mentions = [
  { doc = "rw-1", name = "Hyundai Rotem" },
  { doc = "rw-2", name = "Hyundai Rotem" },
]
[[entity]]
id = "polish-army"
kind = "organisation"
country = "PL"
mentions = [ { doc = "rw-1", name = "Polish Army" }, { doc = "rw-2", name = "Polish Army" } ]
[[must_not_merge]]
a = "rotem"
b = "polish-army"
why = "maker and customer"
[[deal]]
id = "k2-poland"
kind = "transfer"
supplier = "rotem"
recipient = "PL"
system = "K2"
quantity = 180
mentions = [ { doc = "rw-1", system = "K2" }, { doc = "rw-2", system = "K2" } ]
"#;
    fs::create_dir_all(d.join("gold/train")).unwrap();
    fs::create_dir_all(d.join("gold/test")).unwrap();
    write(&d.join("gold/train"), "k2.toml", gold.as_bytes());
    write(&d.join("gold/test"), "k2.toml", gold.as_bytes());
    let g = d.join("gold");
    let c = d.join("corpus.jsonl");
    let out = run(
        &[
            "eval-register",
            g.to_str().unwrap(),
            "--corpus",
            c.to_str().unwrap(),
        ],
        None,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("part test:") && text.contains("part train:"),
        "{text}"
    );
    assert!(
        text.contains("must-not-merge pairs merged: 0 of 1"),
        "{text}"
    );
    assert!(text.contains("B-cubed"), "{text}");
    // A gold folder that is not there is an error naming it.
    let out = run(&["eval-register", "/nonexistent/gold"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/gold"));
}

#[test]
fn same_named_files_and_replacements_are_not_lost_silently() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t");
    fs::create_dir_all(t.join("a")).unwrap();
    fs::create_dir_all(t.join("b")).unwrap();
    write(&t.join("a"), "story.txt", ARTICLE.as_bytes());
    write(
        &t.join("b"),
        "story.txt",
        b"Raytheon Co said the United States Navy gave it a contract for 310 Sparrow missiles.\n",
    );
    let db = dir.path().join("reg.db").display().to_string();
    let out = run(&["--db", &db, "ingest", &t.display().to_string()], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 added, 0 replaced"), "{err}");
    // The same id with other text, in a later run: said out loud.
    let other = dir.path().join("story.txt");
    fs::write(&other, "Chile bought two frigates from the Netherlands.\n").unwrap();
    let out = run(&["--db", &db, "ingest", &other.display().to_string()], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("replaced the article"), "{err}");
    let again = dir.path().join("again");
    fs::create_dir(&again).unwrap();
    fs::write(again.join("story.txt"), "Peru bought tanks.\n").unwrap();
    let out = run(&["--db", &db, "ingest", &again.display().to_string()], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("replaced the article stored under id \"story\""),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "peru.txt", ARTICLE.repeat(50).as_bytes());
    let mut child = bin()
        .args(["extract", "--published", "2012-05-27", &p, &p, &p])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 0`: the reader goes away before the output comes.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
    assert!(out.status.success(), "{err}");
}

/// `--timings` (for bench/scaling.sh) reports loading and extraction apart,
/// counting the articles and their bytes, and leaves the records as they are.
#[test]
fn extract_timings_report_articles_bytes_and_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "peru.txt", ARTICLE.as_bytes());
    let plain = run(&["extract", "--published", "2012-05-27", &p], None);
    let timed = run(
        &["extract", "--timings", "--published", "2012-05-27", &p],
        None,
    );
    assert!(timed.status.success());
    assert_eq!(plain.stdout, timed.stdout);
    let err = String::from_utf8_lossy(&timed.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("extracted in"))
        .unwrap_or_else(|| panic!("no timings line in {err:?}"));
    assert!(
        // The text as read: a .txt file's final newline is not kept.
        line.contains(&format!("1 articles ({} bytes)", ARTICLE.trim_end().len())),
        "{line}"
    );
    let seconds: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.trim_start_matches('(').parse::<f64>().ok())
        .collect();
    // Model loading, article count, bytes, extraction seconds.
    assert_eq!(seconds.len(), 4, "{line}");
    assert!(seconds[0] > 0.0 && seconds[3] > 0.0, "{line}");
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("extracted in"));
}
