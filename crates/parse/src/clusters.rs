//! Word classes learned from raw text with the exchange algorithm (Kneser
//! and Ney 1993; Martin, Liermann and Ney 1998): words move between a
//! fixed number of classes while that raises the likelihood of a class
//! bigram model. The tagger reads a word's class, which generalises from
//! words it saw to words it only met in raw text.

use rustc_hash::FxHashMap;

fn f(x: i64) -> f64 {
    if x <= 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

/// Bigram statistics of a corpus of word ids.
struct Counts {
    uni: Vec<i64>,
    /// Successors and predecessors of each word, with counts (no self pairs).
    succ: Vec<Vec<(u32, i64)>>,
    pred: Vec<Vec<(u32, i64)>>,
    selfs: Vec<i64>,
}

fn counts(sentences: &[Vec<u32>], n: usize) -> Counts {
    let mut pairs: FxHashMap<(u32, u32), i64> = FxHashMap::default();
    let mut uni = vec![0i64; n];
    for s in sentences {
        for (i, &w) in s.iter().enumerate() {
            uni[w as usize] += 1;
            if let Some(&v) = s.get(i + 1) {
                *pairs.entry((w, v)).or_default() += 1;
            }
        }
    }
    let mut c = Counts {
        uni,
        succ: vec![Vec::new(); n],
        pred: vec![Vec::new(); n],
        selfs: vec![0; n],
    };
    let mut sorted: Vec<((u32, u32), i64)> = pairs.into_iter().collect();
    sorted.sort_unstable();
    for ((w, v), k) in sorted {
        if w == v {
            c.selfs[w as usize] += k;
        } else {
            c.succ[w as usize].push((v, k));
            c.pred[v as usize].push((w, k));
        }
    }
    c
}

/// (class, count) pairs, sorted by class.
type ClassCounts = Vec<(usize, i64)>;

struct Model<'a> {
    k: usize,
    c: &'a Counts,
    class: Vec<usize>,
    /// Class bigram counts, `k × k`, and class unigram counts.
    nn: Vec<i64>,
    n1: Vec<i64>,
}

impl Model<'_> {
    /// Adds (`sign` = 1) or removes (-1) word `w` in class `a`.
    fn shift(&mut self, w: usize, a: usize, sign: i64, r: &[(usize, i64)], l: &[(usize, i64)]) {
        let k = self.k;
        for &(d, x) in r {
            self.nn[a * k + d] += sign * x;
        }
        for &(c, x) in l {
            self.nn[c * k + a] += sign * x;
        }
        self.nn[a * k + a] += sign * self.c.selfs[w];
        self.n1[a] += sign * self.c.uni[w];
    }

    /// Neighbour class counts of `w`: successors and predecessors.
    fn neighbours(&self, w: usize) -> (ClassCounts, ClassCounts) {
        let group = |list: &[(u32, i64)]| {
            let mut m: FxHashMap<usize, i64> = FxHashMap::default();
            for &(v, x) in list {
                *m.entry(self.class[v as usize]).or_default() += x;
            }
            let mut v: Vec<(usize, i64)> = m.into_iter().collect();
            v.sort_unstable();
            v
        };
        (group(&self.c.succ[w]), group(&self.c.pred[w]))
    }

    /// Gain in the objective of adding `w` (removed) to class `b`.
    fn gain(&self, w: usize, b: usize, r: &[(usize, i64)], l: &[(usize, i64)]) -> f64 {
        let k = self.k;
        let (mut g, mut rb, mut lb) = (0.0, 0, 0);
        for &(d, x) in r {
            if d == b {
                rb = x;
            } else {
                g += f(self.nn[b * k + d] + x) - f(self.nn[b * k + d]);
            }
        }
        for &(c, x) in l {
            if c == b {
                lb = x;
            } else {
                g += f(self.nn[c * k + b] + x) - f(self.nn[c * k + b]);
            }
        }
        let bb = self.nn[b * k + b];
        g += f(bb + rb + lb + self.c.selfs[w]) - f(bb);
        g - 2.0 * (f(self.n1[b] + self.c.uni[w]) - f(self.n1[b]))
    }

    /// One pass over the words; returns how many moved.
    fn pass(&mut self) -> usize {
        let mut moved = 0;
        for w in 0..self.class.len() {
            let a = self.class[w];
            let (r, l) = self.neighbours(w);
            self.shift(w, a, -1, &r, &l);
            let mut best = (a, self.gain(w, a, &r, &l));
            for b in 0..self.k {
                let g = self.gain(w, b, &r, &l);
                if g > best.1 + 1e-9 {
                    best = (b, g);
                }
            }
            self.class[w] = best.0;
            moved += usize::from(best.0 != a);
            self.shift(w, best.0, 1, &r, &l);
        }
        moved
    }
}

/// Classes (0..k) of words `0..n` (ids by falling frequency work best),
/// after at most `iterations` passes.
pub fn exchange(sentences: &[Vec<u32>], n: usize, k: usize, iterations: usize) -> Vec<usize> {
    let c = counts(sentences, n);
    let k = k.max(1);
    let mut m = Model {
        k,
        c: &c,
        class: (0..n).map(|w| w % k).collect(),
        nn: vec![0; k * k],
        n1: vec![0; k],
    };
    for w in 0..n {
        let (r, _) = m.neighbours(w);
        let a = m.class[w];
        // Each pair is added once, from its first word's side.
        for &(d, x) in &r {
            m.nn[a * k + d] += x;
        }
        m.nn[a * k + a] += c.selfs[w];
        m.n1[a] += c.uni[w];
    }
    for _ in 0..iterations {
        if m.pass() == 0 {
            break;
        }
    }
    m.class
}

/// Word classes of the normalised forms of `treebank` words and `raw`
/// texts (tokenized here): hash of the normalised form → class + 1, for
/// words seen at least `min_count` times.
pub fn learn(
    words: impl Iterator<Item = String>,
    raw: &[&str],
    k: usize,
    iterations: usize,
) -> FxHashMap<u64, u64> {
    let mut sentences: Vec<Vec<String>> = vec![words.collect()];
    for text in raw {
        let toks = crate::tokenize::tokenize(text, 0, text.len());
        sentences.push(toks.iter().map(|&(a, b)| normalise(&text[a..b])).collect());
    }
    let mut freq: FxHashMap<&str, i64> = FxHashMap::default();
    for w in sentences.iter().flatten() {
        *freq.entry(w.as_str()).or_default() += 1;
    }
    let mut vocab: Vec<(&str, i64)> = freq.into_iter().filter(|&(_, n)| n >= 3).collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let id: FxHashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, &(w, _))| (w, i as u32))
        .collect();
    let ids: Vec<Vec<u32>> = sentences
        .iter()
        .map(|s| {
            s.iter()
                .filter_map(|w| id.get(w.as_str()).copied())
                .collect()
        })
        .collect();
    let classes = exchange(&ids, vocab.len(), k, iterations);
    vocab
        .iter()
        .zip(classes)
        .map(|(&(w, _), c)| (crate::hash::chars(w.chars()), c as u64 + 1))
        .collect()
}

/// The normalised form the lexical hashes use (lower case, digits as 0).
pub fn normalise(w: &str) -> String {
    w.chars().map(crate::hash::norm_char).collect()
}
