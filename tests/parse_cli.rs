//! `armswatch parse` and `armswatch eval-parser` end to end, with the
//! built-in parser model.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_armswatch"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn article(dir: &Path) -> String {
    let path = dir.join("article.txt");
    std::fs::write(
        &path,
        "India buys tanks\n\nIndia\u{2019}s army bought 20 K9 guns from South Korea for $114 million. \
         The guns were delivered by Hanwha in 2022-23.\n",
    )
    .expect("write article");
    path.to_string_lossy().into_owned()
}

#[test]
fn parse_prints_conllu_sentences() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(&["parse", "--format", "conllu", &article(dir.path())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.starts_with("# newdoc id = article\n"), "{text}");
    let blocks: Vec<&str> = text.split("\n\n").filter(|b| b.contains('\t')).collect();
    assert_eq!(blocks.len(), 3, "{text}");
    for b in &blocks {
        let words: Vec<Vec<&str>> = b
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        assert!(words.iter().all(|w| w.len() == 10), "{b}");
        assert_eq!(
            words.iter().filter(|w| w[6] == "0").count(),
            1,
            "one root: {b}"
        );
        assert!(words.iter().all(|w| w[6] == "0" || w[7] != "root"), "{b}");
    }
    assert!(
        text.contains("# text = India\u{2019}s army bought 20 K9 guns"),
        "{text}"
    );
    assert!(text.contains("\tbought\tbuy\tVERB\t"), "{text}");
    assert!(text.contains("\t\u{2019}s\t"), "{text}");
    assert!(text.contains("\t$\t"), "{text}");
    assert!(text.contains("\t2022-23\t"), "{text}");
}

#[test]
fn parse_prints_json_lines_with_exact_offsets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let source = std::fs::read_to_string(&path).expect("read back");
    let out = run(&["parse", "--format", "json", &path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    for s in &lines {
        let tokens = s["tokens"].as_array().expect("tokens");
        assert_eq!(tokens.iter().filter(|t| t["head"] == 0).count(), 1);
        for t in tokens {
            let (a, b) = (
                t["start"].as_u64().unwrap_or(0) as usize,
                t["end"].as_u64().unwrap_or(0) as usize,
            );
            assert_eq!(&source[a..b], t["form"].as_str().unwrap_or(""), "{t}");
        }
    }
}

#[test]
fn eval_parser_json() {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/parse/tests/data/tiny.conllu");
    let out = run(&["eval-parser", tiny.to_str().unwrap_or_default(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["sentences"], 12);
    assert_eq!(v["tokens"], 76);
    for key in ["upos", "uas", "las"] {
        let x = v[key].as_f64().expect(key);
        assert!((0.5..=1.0).contains(&x), "{key} = {x}");
    }
    assert!(v["tokens_per_s"].as_f64().is_some_and(|x| x > 0.0));
}

#[test]
fn eval_parser_text_and_bad_file() {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/parse/tests/data/tiny.conllu");
    let out = run(&["eval-parser", tiny.to_str().unwrap_or_default()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("UAS") && text.contains("LAS full labels"),
        "{text}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.conllu");
    std::fs::write(&bad, "1\tonly\tthree\n").expect("write");
    let out = run(&["eval-parser", bad.to_str().unwrap_or_default()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"));
}
