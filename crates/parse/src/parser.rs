//! The dependency parser: greedy arc-hybrid decoding with an averaged
//! perceptron, trained with the dynamic oracle and error exploration
//! (Goldberg and Nivre 2012, 2013).

use crate::features::{extract, Context};
use crate::oracle::Gold;
use crate::perceptron::Trainer;
use crate::rng::Rng;
use crate::state::{Move, State};
use crate::weights::{quantize, Weights};

/// A trained parser.
pub struct Parser {
    /// Relation labels other than `root` (class ids follow this order).
    pub labels: Vec<String>,
    pub weights: Weights,
}

/// Classes: 0 = SHIFT, then LEFT(l) for every label, then RIGHT(l).
pub fn n_classes(n_labels: usize) -> usize {
    1 + 2 * n_labels
}

fn decode(class: usize, n_labels: usize) -> Move {
    if class == 0 {
        Move::Shift
    } else if class <= n_labels {
        Move::Left((class - 1) as u8)
    } else {
        Move::Right((class - 1 - n_labels) as u8)
    }
}

fn valid(st: &State, class: usize, n_labels: usize) -> bool {
    match decode(class, n_labels) {
        Move::Shift => st.can_shift(),
        Move::Left(_) => st.can_left(),
        Move::Right(_) => st.can_right(),
        Move::Root => false,
    }
}

/// The best valid class by `scores`.
fn best_valid<T: PartialOrd + Copy>(st: &State, scores: &[T], n_labels: usize) -> usize {
    let mut best = None;
    for (c, s) in scores.iter().enumerate() {
        if valid(st, c, n_labels) && best.is_none_or(|b: usize| *s > scores[b]) {
            best = Some(c);
        }
    }
    best.unwrap_or(0)
}

/// Reusable buffers of one parse.
#[derive(Default)]
pub struct Scratch {
    pub state: State,
    pub feats: Vec<u64>,
    pub scores: Vec<i32>,
}

impl Parser {
    /// Parses a sentence of `cx.words.len() - 1` words (the last entry is
    /// the root token); the tree is left in `sc.state`.
    pub fn parse(&self, cx: &Context, sc: &mut Scratch) {
        let n = cx.words.len().saturating_sub(1);
        let nl = self.labels.len();
        sc.state.start(n);
        sc.scores.resize(n_classes(nl), 0);
        while !sc.state.is_terminal() {
            let m = match sc.state.forced() {
                Some(m) => m,
                None => {
                    extract(cx, &sc.state, &mut sc.feats);
                    self.weights.score(&sc.feats, &mut sc.scores);
                    decode(best_valid(&sc.state, &sc.scores, nl), nl)
                }
            };
            sc.state.apply(m);
        }
    }
}

/// A training sentence: per-word values (root token last) and the gold
/// projective tree.
pub struct ParseExample {
    pub words: Vec<u64>,
    pub tags: Vec<u64>,
    pub clusters: Vec<u64>,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
}

/// Training settings of the parser.
#[derive(Clone, Copy, Debug)]
pub struct ParserOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Follow a wrong prediction with this probability...
    pub explore_p: f64,
    /// ...from this epoch on (0-based).
    pub explore_from: usize,
    /// Quantized weights below this magnitude are dropped.
    pub prune: i32,
    /// Parsers trained in parallel on differently shuffled data whose
    /// averaged weights are summed: scores are linear in the weights, so
    /// this is an ensemble decoded at the cost of one parser.
    pub ensemble: usize,
}

struct Trainee<'a> {
    model: Trainer,
    n_labels: usize,
    rng: Rng,
    explore: bool,
    p: f64,
    sc: &'a mut Scratch,
    scores: Vec<i64>,
    costs: Vec<usize>,
}

/// Per-epoch oracle agreement of one ensemble member.
pub type Progress = Vec<f64>;

/// Trains a parser on `examples`; returns it with each member's progress.
pub fn train(
    examples: &[ParseExample],
    labels: &[String],
    opts: ParserOptions,
) -> (Parser, Vec<Progress>) {
    let nl = labels.len();
    let members = opts.ensemble.max(1) as u64;
    let results: Vec<(Rows, Progress)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..members)
            .map(|m| {
                let seed = opts.seed.wrapping_add(m.wrapping_mul(0x9e37_79b9));
                scope.spawn(move || train_member(examples, nl, opts, seed))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let (rows, progress): (Vec<Rows>, Vec<Progress>) = results.into_iter().unzip();
    let parser = Parser {
        labels: labels.to_vec(),
        weights: quantize(&sum_rows(rows), n_classes(nl), opts.prune),
    };
    (parser, progress)
}

/// Averaged weights: feature key → (class, weight), sorted by key.
type Rows = Vec<(u64, Vec<(u16, f32)>)>;

/// The element-wise sum of several sorted weight sets.
fn sum_rows(sets: Vec<Rows>) -> Rows {
    crate::weights::merge_rows(sets.into_iter().flatten().collect())
}

fn train_member(
    examples: &[ParseExample],
    nl: usize,
    opts: ParserOptions,
    seed: u64,
) -> (Rows, Progress) {
    let mut sc = Scratch::default();
    let mut t = Trainee {
        model: Trainer::default(),
        n_labels: nl,
        rng: Rng::new(seed),
        explore: false,
        p: opts.explore_p,
        sc: &mut sc,
        scores: vec![0; n_classes(nl)],
        costs: vec![0; n_classes(nl)],
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut progress = Vec::new();
    for epoch in 0..opts.epochs {
        t.explore = epoch >= opts.explore_from;
        t.rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &i in &order {
            let (r, n) = t.sentence(&examples[i]);
            right += r;
            total += n;
        }
        progress.push(right as f64 / total.max(1) as f64);
    }
    (t.model.averaged(), progress)
}

impl Trainee<'_> {
    /// One pass over a sentence; returns (correct decisions, decisions).
    fn sentence(&mut self, ex: &ParseExample) -> (usize, usize) {
        let cx = Context {
            words: &ex.words,
            tags: &ex.tags,
            clusters: &ex.clusters,
        };
        let gold = Gold {
            heads: &ex.heads,
            labels: &ex.labels,
        };
        self.sc.state.start(ex.heads.len());
        let (mut right, mut total) = (0, 0);
        while !self.sc.state.is_terminal() {
            let m = match self.sc.state.forced() {
                Some(m) => m,
                None => {
                    let (m, ok) = self.step(&cx, &gold);
                    right += usize::from(ok);
                    total += 1;
                    m
                }
            };
            self.sc.state.apply(m);
        }
        (right, total)
    }

    /// Scores, updates towards the best zero-cost move, picks the next move.
    fn step(&mut self, cx: &Context, gold: &Gold) -> (Move, bool) {
        let nl = self.n_labels;
        let st = &self.sc.state;
        extract(cx, st, &mut self.sc.feats);
        self.model.score(&self.sc.feats, &mut self.scores);
        let guess = best_valid(st, &self.scores, nl);
        let costs = &mut self.costs;
        fill_costs(st, gold, nl, costs);
        let min = costs.iter().copied().min().unwrap_or(0);
        let best_gold = (0..costs.len())
            .filter(|&c| costs[c] == min)
            .max_by(|&a, &b| self.scores[a].cmp(&self.scores[b]).then(b.cmp(&a)))
            .unwrap_or(guess);
        self.model.tick();
        if costs[guess] == min {
            return (decode(guess, nl), true);
        }
        self.model.update(&self.sc.feats, best_gold, guess);
        let follow = self.explore && self.rng.unit() < self.p;
        (decode(if follow { guess } else { best_gold }, nl), false)
    }
}

/// The cost of every class in `st` (`usize::MAX` when not valid).
fn fill_costs(st: &State, gold: &Gold, nl: usize, out: &mut [usize]) {
    let or_max = |ok: bool, f: &dyn Fn() -> usize| if ok { f() } else { usize::MAX };
    out[0] = or_max(st.can_shift(), &|| gold.shift_cost(st));
    let left = or_max(st.can_left(), &|| gold.left_cost(st));
    let right = or_max(st.can_right(), &|| gold.right_cost(st));
    let (s0, s1, b0) = (st.s(0), st.s(1), st.b0 as u32);
    for l in 0..nl {
        let lu = l as u8;
        out[1 + l] = if left == usize::MAX {
            left
        } else {
            left + gold.label_cost(s0, b0, lu)
        };
        out[1 + nl + l] = if right == usize::MAX {
            right
        } else {
            right + gold.label_cost(s0, s1, lu)
        };
    }
}

/// Lifts non-projective arcs (shortest first) until the tree is projective
/// (Nivre and Nilsson 2005, without encoding the lifts in labels).
/// `heads[d]` is `n` for the root. Returns the number of lifts.
pub fn projectivize(heads: &mut [u32]) -> usize {
    let mut lifts = 0;
    while let Some(d) = shortest_nonprojective(heads) {
        let h = heads[d] as usize;
        heads[d] = heads[h];
        lifts += 1;
    }
    lifts
}

fn dominates(heads: &[u32], h: usize, mut k: usize) -> bool {
    let n = heads.len();
    for _ in 0..=n {
        if k == h {
            return true;
        }
        if k >= n {
            return false;
        }
        k = heads[k] as usize;
    }
    false
}

fn shortest_nonprojective(heads: &[u32]) -> Option<usize> {
    let n = heads.len();
    let mut best: Option<(usize, usize)> = None;
    for d in 0..n {
        let h = heads[d] as usize;
        if h >= n {
            continue;
        }
        let (lo, hi) = (h.min(d), h.max(d));
        let span = hi - lo;
        if best.is_some_and(|(s, _)| s <= span) {
            continue;
        }
        if (lo + 1..hi).any(|k| !dominates(heads, h, k)) {
            best = Some((span, d));
        }
    }
    best.map(|(_, d)| d)
}
