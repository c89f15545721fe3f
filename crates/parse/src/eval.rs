//! Scoring a model on a gold treebank with the CoNLL 2018 shared task's
//! measures over gold tokens: UPOS accuracy, UAS and LAS, punctuation
//! included. As in `conll18_ud_eval.py`, LAS compares universal relations
//! (subtypes stripped: `nsubj:pass` = `nsubj`); `las_full` compares the
//! labels as written.

use crate::conllu::Sentence;
use crate::Model;
use std::time::Instant;

/// Counts of one evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub sentences: usize,
    pub tokens: usize,
    pub upos: usize,
    pub heads: usize,
    pub labelled: usize,
    pub labelled_full: usize,
    /// Time spent tagging and parsing, in seconds.
    pub seconds: f64,
}

impl Scores {
    fn ratio(&self, n: usize) -> f64 {
        n as f64 / self.tokens.max(1) as f64
    }

    pub fn upos_accuracy(&self) -> f64 {
        self.ratio(self.upos)
    }

    pub fn uas(&self) -> f64 {
        self.ratio(self.heads)
    }

    pub fn las(&self) -> f64 {
        self.ratio(self.labelled)
    }

    pub fn las_full(&self) -> f64 {
        self.ratio(self.labelled_full)
    }

    pub fn tokens_per_s(&self) -> f64 {
        self.tokens as f64 / self.seconds.max(1e-9)
    }
}

/// The universal part of a relation (`acl:relcl` → `acl`).
pub fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// Tags and parses every gold sentence from its forms and scores it.
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    evaluate_with(model, gold, false)
}

/// [`evaluate`], optionally parsing from the gold tags (a diagnostic).
pub fn evaluate_with(model: &Model, gold: &[Sentence], gold_tags: bool) -> Scores {
    let mut sc = Scores::default();
    for s in gold {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let t0 = Instant::now();
        let parse = if gold_tags {
            let tags: Vec<(&str, &str)> = s
                .upos
                .iter()
                .zip(&s.xpos)
                .map(|(u, x)| (u.as_str(), x.as_str()))
                .collect();
            model.parse_gold_tags(&forms, &tags)
        } else {
            model.parse_forms(&forms)
        };
        sc.seconds += t0.elapsed().as_secs_f64();
        sc.sentences += 1;
        for (i, w) in parse.tokens.iter().enumerate() {
            sc.tokens += 1;
            sc.upos += usize::from(w.upos.as_str() == s.upos[i]);
            let head_ok = w.head.map_or(0, |h| h + 1) == s.heads[i];
            sc.heads += usize::from(head_ok);
            sc.labelled += usize::from(head_ok && universal(w.deprel) == universal(&s.deprels[i]));
            sc.labelled_full += usize::from(head_ok && w.deprel == s.deprels[i]);
        }
    }
    sc
}

/// The most frequent (gold, predicted) UPOS confusions on `gold`.
pub fn upos_confusions(model: &Model, gold: &[Sentence]) -> Vec<((String, String), usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for s in gold {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        for (w, g) in model.parse_forms(&forms).tokens.iter().zip(&s.upos) {
            if w.upos.as_str() != g {
                *counts.entry((g.clone(), w.upos.to_string())).or_insert(0) += 1;
            }
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    v
}
