//! The averaged perceptron used while training (sparse rows, integer
//! weights, lazily averaged) and its frozen, quantized form used to tag
//! and parse.

use rustc_hash::FxHashMap;

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    w: i32,
    total: i64,
    stamp: u32,
}

/// A multiclass averaged perceptron over hashed features.
#[derive(Default)]
pub struct Trainer {
    index: FxHashMap<u64, u32>,
    rows: Vec<Vec<Entry>>,
    time: u32,
}

impl Trainer {
    /// Adds every feature's current weights to `scores` (one per class).
    pub fn score(&self, feats: &[u64], scores: &mut [i64]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    scores[usize::from(e.class)] += i64::from(e.w);
                }
            }
        }
    }

    /// One training instance has been seen (the averaging clock).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Rewards `truth` and penalises `guess` on every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in feats {
            let r = match self.index.get(&f) {
                Some(&r) => r as usize,
                None => {
                    self.index.insert(f, self.rows.len() as u32);
                    self.rows.push(Vec::with_capacity(2));
                    self.rows.len() - 1
                }
            };
            let time = self.time;
            bump(&mut self.rows[r], truth as u16, 1, time);
            bump(&mut self.rows[r], guess as u16, -1, time);
        }
    }

    /// The averaged weights, features sorted by key, entries by class.
    pub fn averaged(&self) -> Vec<(u64, Vec<(u16, f32)>)> {
        let t = f64::from(self.time.max(1));
        let mut out: Vec<(u64, Vec<(u16, f32)>)> = self
            .index
            .iter()
            .map(|(&k, &r)| {
                let mut row: Vec<(u16, f32)> = self.rows[r as usize]
                    .iter()
                    .map(|e| {
                        let total = e.total + i64::from(e.w) * i64::from(self.time - e.stamp);
                        (e.class, (total as f64 / t) as f32)
                    })
                    .filter(|&(_, w)| w != 0.0)
                    .collect();
                row.sort_by_key(|&(c, _)| c);
                (k, row)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        out.sort_by_key(|&(k, _)| k);
        out
    }
}

fn bump(row: &mut Vec<Entry>, class: u16, delta: i32, time: u32) {
    let e = match row.iter_mut().find(|e| e.class == class) {
        Some(e) => e,
        None => {
            row.push(Entry {
                class,
                w: 0,
                total: 0,
                stamp: time,
            });
            let last = row.len() - 1;
            &mut row[last]
        }
    };
    e.total += i64::from(e.w) * i64::from(time - e.stamp);
    e.stamp = time;
    e.w += delta;
}
