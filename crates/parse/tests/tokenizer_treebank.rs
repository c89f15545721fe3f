//! The tokenizer against the treebanks' own tokenization: F1 of word spans
//! over the `# text` of every sentence (EWT dev and GUM news). Skipped when
//! `../shared/data/treebank` is absent.

use armswatch_parse::{conllu, tokenize};
use std::path::Path;

/// Byte spans of the gold words in `text` (None when they do not spell it).
fn gold_spans(text: &str, forms: &[String]) -> Option<Vec<(usize, usize)>> {
    let mut at = 0;
    let mut out = Vec::new();
    for f in forms {
        at += text[at..].len() - text[at..].trim_start().len();
        if !text[at..].starts_with(f.as_str()) {
            return None;
        }
        out.push((at, at + f.len()));
        at += f.len();
    }
    Some(out)
}

fn f1(file: &str) -> Option<f64> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/treebank")
        .join(file);
    let text = std::fs::read_to_string(path).ok()?;
    let sents = conllu::parse(&text).ok()?;
    let (mut right, mut gold_n, mut ours_n) = (0usize, 0usize, 0usize);
    let mut shown = 0;
    for s in &sents {
        let Some(t) = &s.text else { continue };
        let Some(gold) = gold_spans(t, &s.forms) else {
            continue;
        };
        let ours = tokenize(t, 0, t.len());
        let hit = ours.iter().filter(|x| gold.contains(x)).count();
        if hit != gold.len() && shown < 25 && std::env::var_os("SHOW_TOKEN_ERRORS").is_some() {
            shown += 1;
            let o: Vec<&str> = ours.iter().map(|&(a, b)| &t[a..b]).collect();
            eprintln!("gold: {}\nours: {}\n", s.forms.join(" "), o.join(" "));
        }
        right += hit;
        gold_n += gold.len();
        ours_n += ours.len();
    }
    let p = right as f64 / ours_n.max(1) as f64;
    let r = right as f64 / gold_n.max(1) as f64;
    Some(2.0 * p * r / (p + r).max(1e-9))
}

#[test]
fn tokenization_matches_the_treebanks() {
    for (file, floor) in [("en_ewt-ud-dev.conllu", 0.98), ("en_gum-news.conllu", 0.98)] {
        let Some(score) = f1(file) else {
            eprintln!("{file} not found: skipped");
            continue;
        };
        eprintln!("{file}: token F1 {score:.4}");
        assert!(score >= floor, "{file}: token F1 {score:.4} < {floor}");
    }
}
