//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over
//! joint (UPOS, XPOS) classes, with a dictionary of frequent unambiguous
//! words (Collins 2002; Honnibal's "A good part-of-speech tagger in about
//! 200 lines of Python").

use crate::hash::{f1, f2, f3, mix};
use crate::lex::{Lex, END, START};
use crate::perceptron::Trainer;
use crate::rng::Rng;
use crate::upos::Upos;
use crate::weights::{quantize, Weights};
use rustc_hash::FxHashMap;

/// What a caller knows of a word's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Any,
    /// A noun or proper noun ("tanks" recognised as goods).
    Nominal,
    /// A proper noun: a recognised name ("Thales", whose final "s" the
    /// tagger may read as a plural common noun).
    Proper,
    /// Anything but a verb or auxiliary: a word that modifies a recognised
    /// noun ("transport" in "transport aircraft").
    NotVerb,
    /// A verb's particle (XPOS `RP`): "over" in "handed over the ship".
    Particle,
    /// A verb: "hand" in "will hand over".
    Verb,
    /// A plain adjective (XPOS `JJ`): "towed" in "tanks, towed howitzers
    /// and ...".
    Adjective,
    /// A verb in the past tense (XPOS `VBD`): "commissioned" in "The Navy
    /// commissioned INS Imphal", a clause's verb, not a participle.
    PastTense,
    /// An adverb (XPOS `RB`): "since" in "have since been delivered".
    Adverb,
    /// A number (XPOS `CD`): "mm" split off "155mm towed guns", read with
    /// its number as the count before the noun.
    Numeral,
}

/// The tagger's classes: each a (UPOS, XPOS) pair seen in training.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagSet {
    pub upos: Vec<Upos>,
    /// Index into `xpos_names` of each class.
    pub xpos: Vec<u8>,
    pub xpos_names: Vec<String>,
}

impl TagSet {
    pub fn len(&self) -> usize {
        self.upos.len()
    }

    /// The class of a (UPOS, XPOS) pair, if known.
    pub fn class(&self, upos: Upos, xpos: &str) -> Option<u8> {
        (0..self.len())
            .find(|&i| self.upos[i] == upos && self.xpos_names[usize::from(self.xpos[i])] == xpos)
            .map(|i| i as u8)
    }

    /// The XPOS name of a class.
    pub fn xpos_name(&self, class: u8) -> Option<&str> {
        let xpos = *self.xpos.get(usize::from(class))?;
        self.xpos_names.get(usize::from(xpos)).map(String::as_str)
    }
}

/// A trained tagger.
pub struct Tagger {
    pub tags: TagSet,
    /// Exact form hash → class, for frequent unambiguous words.
    pub dict: FxHashMap<u64, u8>,
    /// Normalised form hash → its ambiguity class (the set of classes it
    /// was seen with), hashed.
    pub lexicon: FxHashMap<u64, u64>,
    pub weights: Weights,
}

/// Buffers of one tagging run.
#[derive(Default)]
pub struct TagScratch {
    pub amb: Vec<u64>,
    pub feats: Vec<u64>,
    pub scores: Vec<i32>,
}

/// Ambiguity classes of every word seen in `examples`.
pub fn lexicon<'a>(examples: impl Iterator<Item = &'a TagExample>) -> FxHashMap<u64, u64> {
    let mut sets: FxHashMap<u64, [u64; 4]> = FxHashMap::default();
    for ex in examples {
        for (l, &g) in ex.lex.iter().zip(&ex.gold) {
            let set = sets.entry(l.norm).or_default();
            set[usize::from(g / 64)] |= 1 << (g % 64);
        }
    }
    sets.into_iter()
        .map(|(w, set)| (w, f3(40, set[0], set[1], mix(set[2], set[3])) | 1))
        .collect()
}

fn ambiguity(lexicon: &FxHashMap<u64, u64>, lex: &[Lex], out: &mut Vec<u64>) {
    out.clear();
    out.extend(
        lex.iter()
            .map(|l| lexicon.get(&l.norm).copied().unwrap_or(0)),
    );
}

/// Tag class used for context before the sentence and after it.
const NO_TAG: u64 = 0xff;

/// The features of word `i` given the two previous predicted classes and
/// the words' ambiguity classes.
pub fn features(lex: &[Lex], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let at = |d: isize| -> &Lex {
        let j = i as isize + d;
        if j < 0 {
            &START
        } else {
            lex.get(j as usize).unwrap_or(&END)
        }
    };
    let (w, l1, l2, r1, r2) = (at(0), at(-1), at(-2), at(1), at(2));
    out.clear();
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, w.norm),
        f1(2, w.suffix[2]),
        f1(3, w.prefix[0]),
        f1(4, p1),
        f1(5, p2),
        f2(6, p1, p2),
        f2(7, w.norm, p1),
        f1(8, l1.norm),
        f1(9, l1.suffix[2]),
        f1(10, l2.norm),
        f1(11, r1.norm),
        f1(12, r1.suffix[2]),
        f1(13, r2.norm),
        f1(14, w.shape),
        f1(15, w.suffix[1]),
        f1(16, w.suffix[3]),
        f1(17, w.suffix[0]),
        f1(18, w.prefix[1]),
        f1(19, w.prefix[2]),
        f2(20, w.shape, u64::from(i == 0)),
        f2(21, l1.norm, w.norm),
        f2(22, w.norm, r1.norm),
        f1(23, r1.shape),
        f1(24, l1.shape),
        f2(25, p1, r1.norm),
        f1(26, w.exact),
        f3(27, p1, w.suffix[2], r1.suffix[2]),
        f1(28, r2.suffix[2]),
    ]);
    let a = |d: isize| {
        let j = i as isize + d;
        if j < 0 {
            1
        } else {
            amb.get(j as usize).copied().unwrap_or(2)
        }
    };
    let (a0, a1, a2, am1) = (a(0), a(1), a(2), a(-1));
    out.extend_from_slice(&[
        f1(33, a0),
        f2(34, a0, p1),
        f2(35, a0, a1),
        f1(36, a1),
        f1(37, a2),
        f2(38, am1, a0),
        f3(39, a0, a1, a2),
        f2(41, a0, w.suffix[2]),
    ]);
    if w.cluster != 0 {
        out.push(f1(29, w.cluster));
        out.push(f2(30, w.cluster, p1));
    }
    if r1.cluster != 0 {
        out.push(f1(31, r1.cluster));
    }
    if l1.cluster != 0 {
        out.push(f1(32, l1.cluster));
    }
}

impl Tagger {
    /// Tags a sentence; `out` receives one class per word.
    pub fn tag(&self, lex: &[Lex], out: &mut Vec<u8>, sc: &mut TagScratch) {
        self.tag_constrained(lex, &[], out, sc);
    }

    /// Tags a sentence where the caller knows some words are nouns
    /// (`nouns[i]`, missing entries false): those words take the best
    /// nominal class (NOUN or PROPN), whatever else scores higher.
    pub fn tag_constrained(
        &self,
        lex: &[Lex],
        wanted: &[Wanted],
        out: &mut Vec<u8>,
        sc: &mut TagScratch,
    ) {
        out.clear();
        sc.scores.resize(self.tags.len().max(1), 0);
        ambiguity(&self.lexicon, lex, &mut sc.amb);
        for i in 0..lex.len() {
            let want = wanted.get(i).copied().unwrap_or(Wanted::Any);
            let class = match self.dict.get(&lex[i].exact) {
                Some(&c) if self.fits(c, want) => c,
                _ => {
                    let (p1, p2) = prev(out, i);
                    features(lex, &sc.amb, i, p1, p2, &mut sc.feats);
                    self.weights.score(&sc.feats, &mut sc.scores);
                    self.best_fitting(&sc.scores, want)
                }
            };
            out.push(class);
        }
    }

    fn fits(&self, class: u8, want: Wanted) -> bool {
        let upos = self.tags.upos.get(usize::from(class));
        match want {
            Wanted::Any => true,
            Wanted::Nominal => matches!(upos, Some(Upos::Noun | Upos::Propn)),
            Wanted::Proper => upos == Some(&Upos::Propn),
            Wanted::NotVerb => !matches!(upos, Some(Upos::Verb | Upos::Aux)),
            Wanted::Particle => self.tags.xpos_name(class) == Some("RP"),
            Wanted::Verb => matches!(upos, Some(Upos::Verb)),
            Wanted::PastTense => {
                upos == Some(&Upos::Verb) && self.tags.xpos_name(class) == Some("VBD")
            }
            Wanted::Adjective => {
                upos == Some(&Upos::Adj) && self.tags.xpos_name(class) == Some("JJ")
            }
            Wanted::Adverb => upos == Some(&Upos::Adv) && self.tags.xpos_name(class) == Some("RB"),
            Wanted::Numeral => upos == Some(&Upos::Num) && self.tags.xpos_name(class) == Some("CD"),
        }
    }

    /// The highest-scoring class that fits (the overall best if the tag
    /// set has none).
    fn best_fitting(&self, scores: &[i32], want: Wanted) -> u8 {
        if want == Wanted::Any {
            return argmax(scores) as u8;
        }
        (0..scores.len().min(self.tags.len()))
            .filter(|&c| self.fits(c as u8, want))
            .max_by_key(|&c| (scores[c], std::cmp::Reverse(c)))
            .map_or(argmax(scores) as u8, |c| c as u8)
    }
}

fn prev(out: &[u8], i: usize) -> (u64, u64) {
    let p = |d: usize| i.checked_sub(d).map_or(NO_TAG, |j| u64::from(out[j]));
    (p(1), p(2))
}

/// Index of the largest score (the first on ties).
pub fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

/// A training sentence: lexical hashes and gold classes.
pub struct TagExample {
    pub lex: Vec<Lex>,
    pub gold: Vec<u8>,
}

/// Frequent words seen with one class at least 97% of the time.
pub fn build_dict(examples: &[&TagExample]) -> FxHashMap<u64, u8> {
    let mut counts: FxHashMap<u64, FxHashMap<u8, u32>> = FxHashMap::default();
    for ex in examples {
        for (l, &g) in ex.lex.iter().zip(&ex.gold) {
            *counts.entry(l.exact).or_default().entry(g).or_default() += 1;
        }
    }
    let mut dict = FxHashMap::default();
    for (w, tags) in counts {
        let total: u32 = tags.values().sum();
        let (&tag, &n) = tags
            .iter()
            .max_by_key(|&(&t, &n)| (n, std::cmp::Reverse(t)))
            .unwrap_or((&0, &0));
        if total >= 20 && f64::from(n) / f64::from(total) >= 0.97 {
            dict.insert(w, tag);
        }
    }
    dict
}

/// Trains a tagger on `examples` for `epochs` passes in a seeded order.
pub fn train(examples: &[&TagExample], tags: &TagSet, epochs: usize, seed: u64) -> Tagger {
    let dict = build_dict(examples);
    let k = 10;
    let folds: Vec<FxHashMap<u64, u64>> = (0..k)
        .map(|f| {
            lexicon(
                examples
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % k != f)
                    .map(|(_, e)| *e),
            )
        })
        .collect();
    let ambs: Vec<Vec<u64>> = examples
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut a = Vec::new();
            ambiguity(&folds[i % k], &e.lex, &mut a);
            a
        })
        .collect();
    drop(folds);
    let mut model = Trainer::default();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0i64; tags.len()];
    let mut pred = Vec::new();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            train_sentence(
                &mut model,
                &dict,
                (examples[e], ambs[e].as_slice()),
                &mut feats,
                &mut scores,
                &mut pred,
            );
        }
    }
    Tagger {
        tags: tags.clone(),
        dict,
        lexicon: lexicon(examples.iter().copied()),
        weights: quantize(&model.averaged(), tags.len(), 1),
    }
}

fn train_sentence(
    model: &mut Trainer,
    dict: &FxHashMap<u64, u8>,
    (ex, amb): (&TagExample, &[u64]),
    feats: &mut Vec<u64>,
    scores: &mut [i64],
    pred: &mut Vec<u8>,
) {
    pred.clear();
    for i in 0..ex.lex.len() {
        if let Some(&c) = dict.get(&ex.lex[i].exact) {
            pred.push(c);
            continue;
        }
        let (p1, p2) = prev(pred, i);
        features(&ex.lex, amb, i, p1, p2, feats);
        model.score(feats, scores);
        let guess = argmax(scores);
        model.tick();
        model.update(feats, usize::from(ex.gold[i]), guess);
        pred.push(guess as u8);
    }
}
