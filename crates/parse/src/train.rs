//! Training the whole model from CoNLL-U sentences: the tagger, the
//! parser on jackknifed tags (so it sees tagging errors as it will at run
//! time), the lemmatizer.

use crate::clusters;
use crate::conllu::Sentence;
use crate::lemma;
use crate::lex::{lex, Lex};
use crate::parser::{self, projectivize, ParseExample, ParserOptions};
use crate::state::ROOT_LABEL;
use crate::tagger::{self, TagExample, TagSet};
use crate::upos::Upos;
use crate::{Model, ROOT_TAG, ROOT_WORD};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use thiserror::Error;

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser: ParserOptions,
    /// Folds of the jackknife that tags the parser's training data; below
    /// 2, the parser trains on the gold tags (for tiny treebanks).
    pub folds: usize,
    pub seed: u64,
    pub threads: usize,
    /// Word classes learned from raw text for the tagger (0: none).
    pub clusters: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            tagger_epochs: 8,
            parser: ParserOptions {
                epochs: 15,
                seed: 7,
                explore_p: 0.9,
                explore_from: 2,
                prune: 1,
                ensemble: 2,
            },
            folds: 10,
            seed: 7,
            threads: 2,
            clusters: 256,
        }
    }
}

/// Why a treebank cannot be trained on.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum TrainError {
    #[error("no sentence to train on")]
    Empty,
    #[error("{0} distinct (UPOS, XPOS) pairs; at most 255 are supported")]
    TooManyTags(usize),
    #[error("{0} distinct relations; at most 127 are supported")]
    TooManyLabels(usize),
}

fn upos_of(s: &str) -> Upos {
    Upos::parse(s).unwrap_or(Upos::X)
}

/// Every (UPOS, XPOS) pair of the treebank, sorted.
fn tagset(sents: &[&Sentence]) -> Result<TagSet, TrainError> {
    let pairs: BTreeSet<(Upos, &str)> = sents
        .iter()
        .flat_map(|s| s.upos.iter().zip(&s.xpos))
        .map(|(u, x)| (upos_of(u), x.as_str()))
        .collect();
    if pairs.len() > 255 {
        return Err(TrainError::TooManyTags(pairs.len()));
    }
    let names: Vec<String> = pairs
        .iter()
        .map(|&(_, x)| x.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let xpos_id = |x: &str| names.iter().position(|n| n == x).unwrap_or(0) as u8;
    Ok(TagSet {
        upos: pairs.iter().map(|&(u, _)| u).collect(),
        xpos: pairs.iter().map(|&(_, x)| xpos_id(x)).collect(),
        xpos_names: names,
    })
}

fn tag_example(s: &Sentence, tags: &TagSet) -> TagExample {
    TagExample {
        lex: s.forms.iter().map(|f| lex(f)).collect(),
        gold: s
            .upos
            .iter()
            .zip(&s.xpos)
            .map(|(u, x)| tags.class(upos_of(u), x).unwrap_or(0))
            .collect(),
    }
}

/// Sentences with exactly one root and a tree of heads.
fn usable(s: &Sentence) -> bool {
    let n = s.len();
    n > 0 && s.heads.iter().filter(|&&h| h == 0).count() == 1 && acyclic(&s.heads)
}

fn acyclic(heads: &[usize]) -> bool {
    (0..heads.len()).all(|start| {
        let mut k = start + 1;
        for _ in 0..=heads.len() {
            if k == 0 {
                return true;
            }
            k = heads[k - 1];
        }
        false
    })
}

/// Trains a model on `treebank`; `log` receives progress lines.
pub fn train(
    treebank: &[Sentence],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Model, TrainError> {
    train_with_text(treebank, &[], opts, log)
}

/// Trains a model on `treebank`, with word classes learned from its words
/// and the `raw` texts.
pub fn train_with_text(
    treebank: &[Sentence],
    raw: &[&str],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Model, TrainError> {
    let sents: Vec<&Sentence> = treebank.iter().filter(|s| usable(s)).collect();
    if sents.is_empty() {
        return Err(TrainError::Empty);
    }
    let tags = tagset(&sents)?;
    let labels = labels(&sents)?;
    let words = sents
        .iter()
        .flat_map(|s| s.forms.iter().map(|f| clusters::normalise(f)));
    let classes = if opts.clusters > 0 {
        clusters::learn(words, raw, opts.clusters, 10)
    } else {
        FxHashMap::default()
    };
    log(&format!(
        "{} words in {} classes",
        classes.len(),
        opts.clusters
    ));
    let mut examples: Vec<TagExample> = sents.iter().map(|s| tag_example(s, &tags)).collect();
    for l in examples.iter_mut().flat_map(|e| e.lex.iter_mut()) {
        l.cluster = classes.get(&l.norm).copied().unwrap_or(0);
    }
    log(&format!(
        "{} sentences, {} tag classes, {} relations",
        sents.len(),
        tags.len(),
        labels.len() + 1
    ));
    let predicted = if opts.folds < 2 {
        gold_tagged(&examples)
    } else {
        jackknife(&examples, &tags, opts)
    };
    log(&format!(
        "jackknifed tagging accuracy: {:.4}",
        accuracy(&examples, &predicted)
    ));
    let all: Vec<&TagExample> = examples.iter().collect();
    let tagger = tagger::train(&all, &tags, opts.tagger_epochs, opts.seed);
    let parse_examples: Vec<ParseExample> = sents
        .iter()
        .zip(&examples)
        .zip(&predicted)
        .map(|((s, ex), p)| parse_example(s, &ex.lex, p, &tags, &labels))
        .collect();
    let lifted = sents
        .iter()
        .zip(&parse_examples)
        .filter(|(s, ex)| {
            let n = s.len();
            s.heads.iter().zip(&ex.heads).any(|(&g, &p)| {
                let g = if g == 0 { n } else { g - 1 };
                g != p as usize
            })
        })
        .count();
    log(&format!(
        "{lifted} non-projective sentences projectivized by lifting arcs"
    ));
    let (parser, progress) = parser::train(&parse_examples, &labels, opts.parser);
    for (m, p) in progress.iter().enumerate() {
        let accs: Vec<String> = p.iter().map(|a| format!("{a:.4}")).collect();
        log(&format!(
            "parser {}: oracle agreement by epoch {}",
            m + 1,
            accs.join(" ")
        ));
    }
    let lemmatizer = lemma::learn(sents.iter().flat_map(|s| {
        (0..s.len()).map(|i| {
            (
                s.forms[i].as_str(),
                upos_of(&s.upos[i]),
                s.lemmas[i].as_str(),
            )
        })
    }));
    Ok(Model::assemble(tagger, parser, lemmatizer, classes))
}

fn labels(sents: &[&Sentence]) -> Result<Vec<String>, TrainError> {
    let set: BTreeSet<&str> = sents
        .iter()
        .flat_map(|s| s.deprels.iter().map(String::as_str))
        .filter(|&l| l != "root")
        .collect();
    if set.len() > 127 {
        return Err(TrainError::TooManyLabels(set.len()));
    }
    Ok(set.into_iter().map(str::to_string).collect())
}

fn accuracy(examples: &[TagExample], predicted: &[Tagged]) -> f64 {
    let (mut right, mut total) = (0usize, 0usize);
    for (ex, (p, _)) in examples.iter().zip(predicted) {
        right += ex.gold.iter().zip(p).filter(|(a, b)| a == b).count();
        total += ex.gold.len();
    }
    right as f64 / total.max(1) as f64
}

/// Predicted classes and ambiguity classes of a sentence's words.
type Tagged = (Vec<u8>, Vec<u64>);

/// Gold classes, and ambiguity classes from the whole treebank.
fn gold_tagged(examples: &[TagExample]) -> Vec<Tagged> {
    let lexicon = tagger::lexicon(examples.iter());
    examples
        .iter()
        .map(|e| {
            let amb = e
                .lex
                .iter()
                .map(|l| lexicon.get(&l.norm).copied().unwrap_or(0));
            (e.gold.clone(), amb.collect())
        })
        .collect()
}

/// Tags every sentence with a tagger trained on the other folds (whose
/// lexicon also gives the words' ambiguity classes, as at run time).
fn jackknife(examples: &[TagExample], tags: &TagSet, opts: &TrainOptions) -> Vec<Tagged> {
    let k = opts.folds.max(2);
    let mut out: Vec<Tagged> = vec![(Vec::new(), Vec::new()); examples.len()];
    let folds: Vec<usize> = (0..k).collect();
    let results: Vec<Vec<(usize, Tagged)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = folds
            .chunks(k.div_ceil(opts.threads.max(1)))
            .map(|chunk| scope.spawn(move || tag_folds(examples, tags, opts, k, chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, classes) in results.into_iter().flatten() {
        out[i] = classes;
    }
    out
}

fn tag_folds(
    examples: &[TagExample],
    tags: &TagSet,
    opts: &TrainOptions,
    k: usize,
    folds: &[usize],
) -> Vec<(usize, Tagged)> {
    let mut out = Vec::new();
    for &f in folds {
        let train: Vec<&TagExample> = (0..examples.len())
            .filter(|i| i % k != f)
            .map(|i| &examples[i])
            .collect();
        let model = tagger::train(&train, tags, opts.tagger_epochs, opts.seed + f as u64);
        let mut sc = tagger::TagScratch::default();
        for i in (0..examples.len()).filter(|i| i % k == f) {
            let mut classes = Vec::new();
            model.tag(&examples[i].lex, &mut classes, &mut sc);
            out.push((i, (classes, sc.amb.clone())));
        }
    }
    out
}

fn parse_example(
    s: &Sentence,
    lex: &[Lex],
    (predicted, amb): &Tagged,
    tags: &TagSet,
    labels: &[String],
) -> ParseExample {
    let n = s.len();
    let mut words: Vec<u64> = lex.iter().map(|l| l.norm).collect();
    words.push(ROOT_WORD);
    let mut ptags: Vec<u64> = predicted
        .iter()
        .map(|&c| u64::from(tags.xpos[usize::from(c)]))
        .collect();
    ptags.push(ROOT_TAG);
    let mut heads: Vec<u32> = s
        .heads
        .iter()
        .map(|&h| if h == 0 { n as u32 } else { (h - 1) as u32 })
        .collect();
    projectivize(&mut heads);
    let labels = s
        .deprels
        .iter()
        .map(|d| match labels.iter().position(|l| l == d) {
            Some(i) => i as u8 + 1,
            None => ROOT_LABEL,
        })
        .collect();
    ParseExample {
        words,
        tags: ptags,
        clusters: amb.iter().copied().chain([0]).collect(),
        heads,
        labels,
    }
}
