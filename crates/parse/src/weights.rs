//! Frozen perceptron weights: pruned, quantized to `i16`, keyed by the top
//! 32 bits of the feature hash in an open-addressing table. A stray match
//! of an unseen feature on 32 bits has odds of about one in a thousand per
//! sentence and moves one score by one feature's weight.

/// A weight of one class in one feature's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub class: u8,
    pub value: i16,
}

/// A table slot: the key and where its row starts: in `cells` (a header
/// cell holding the row's length, then the row), or, with [`DENSE`] set,
/// in `dense` (one weight per class).
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    start: u32,
}

/// Marks a slot whose row is stored dense.
const DENSE: u32 = 1 << 31;

/// A row with at least `n_classes / DENSE_FRACTION` cells is stored dense.
const DENSE_FRACTION: usize = 8;

/// Read-only weights of a multiclass linear model.
///
/// Most features found at run time are frequent ones whose rows weigh
/// many classes, and summing them is most of the work of tagging and
/// parsing: such rows are stored dense (`i16` per class) and summed with
/// vector adds; the many rare rows stay sparse.
pub struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<Slot>,
    cells: Vec<Cell>,
    dense: Vec<i16>,
    /// Keys in insertion (sorted) order and their rows' starts (as in
    /// `slots`), for writing the model back.
    keys: Vec<u32>,
    starts: Vec<u32>,
}

/// The 32-bit key under which a 64-bit feature hash is stored (never 0).
#[inline]
pub fn key32(f: u64) -> u32 {
    match (f >> 32) as u32 {
        0 => 1,
        k => k,
    }
}

/// Collects rows (in key order), then builds the table.
pub struct Builder {
    n_classes: usize,
    keys: Vec<u32>,
    starts: Vec<u32>,
    cells: Vec<Cell>,
    dense: Vec<i16>,
    row: Vec<Cell>,
}

impl Builder {
    pub fn new(n_classes: usize, rows: usize, cells: usize) -> Builder {
        Builder {
            n_classes,
            keys: Vec::with_capacity(rows),
            starts: Vec::with_capacity(rows),
            cells: Vec::with_capacity(rows + cells),
            dense: Vec::new(),
            row: Vec::new(),
        }
    }

    /// Adds a row (at most 255 cells, each class once; cells of classes at
    /// or above `n_classes` are dropped).
    pub fn push(&mut self, key: u32, row: impl Iterator<Item = Cell>) {
        let n = self.n_classes;
        self.row.clear();
        self.row
            .extend(row.take(255).filter(|c| usize::from(c.class) < n));
        let start = if self.row.len() >= (n / DENSE_FRACTION).max(1) {
            let at = self.dense.len();
            self.dense.resize(at + n, 0);
            for c in &self.row {
                self.dense[at + usize::from(c.class)] = c.value;
            }
            (at / n) as u32 | DENSE
        } else {
            let at = self.cells.len();
            self.cells.push(Cell {
                class: 0,
                value: self.row.len() as i16,
            });
            self.cells.extend_from_slice(&self.row);
            at as u32
        };
        self.keys.push(key);
        self.starts.push(start);
    }

    /// The table, at most three quarters full: a smaller table misses the
    /// cache less, which matters more than the extra probes (within one
    /// cache line mostly) of a fuller one.
    pub fn finish(mut self) -> Weights {
        let size = (self.keys.len() * 4 / 3 + 1).next_power_of_two().max(16);
        self.cells.shrink_to_fit();
        self.dense.shrink_to_fit();
        let mut w = Weights {
            n_classes: self.n_classes,
            mask: size - 1,
            slots: vec![Slot::default(); size],
            cells: self.cells,
            dense: self.dense,
            keys: self.keys,
            starts: self.starts,
        };
        for (&key, &start) in w.keys.iter().zip(&w.starts) {
            let mut i = key as usize & w.mask;
            while w.slots[i].key != 0 {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = Slot { key, start };
        }
        w
    }
}

impl Weights {
    /// Builds the table from rows sorted by key (each key once, each row's
    /// classes below `n_classes`).
    pub fn from_rows(n_classes: usize, rows: Vec<(u32, Vec<Cell>)>) -> Weights {
        let n_cells = rows.iter().map(|(_, r)| r.len()).sum();
        let mut b = Builder::new(n_classes, rows.len(), n_cells);
        for (key, row) in rows {
            b.push(key, row.into_iter());
        }
        b.finish()
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    fn sparse_row(&self, start: u32) -> &[Cell] {
        let start = start as usize;
        let len = self.cells.get(start).map_or(0, |h| h.value.max(0) as usize);
        self.cells.get(start + 1..start + 1 + len).unwrap_or(&[])
    }

    fn dense_row(&self, start: u32) -> &[i16] {
        let at = (start & !DENSE) as usize * self.n_classes;
        self.dense.get(at..at + self.n_classes).unwrap_or(&[])
    }

    /// A row's non-zero cells in class order, however it is stored.
    fn row_cells(&self, start: u32) -> Vec<Cell> {
        if start & DENSE == 0 {
            return self.sparse_row(start).to_vec();
        }
        self.dense_row(start)
            .iter()
            .enumerate()
            .filter(|&(_, &v)| v != 0)
            .map(|(c, &value)| Cell {
                class: c as u8,
                value,
            })
            .collect()
    }

    /// The slot of a feature's key, if present.
    #[inline]
    fn find(&self, f: u64) -> Option<u32> {
        let key = key32(f);
        let mut i = key as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s.key == key {
                return Some(s.start);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Sums the rows of `feats` into `scores` (its first `n_classes`
    /// entries are written). The slots and rows of all features are
    /// prefetched first, so their cache misses overlap instead of queueing.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        for &f in feats {
            prefetch(&self.slots[key32(f) as usize & self.mask]);
        }
        let mut starts = [0u32; 256];
        let mut n = 0;
        // Indexed by a `u8` class, a 256-wide sum needs no bounds checks.
        let mut sum = [0i32; 256];
        for &f in feats {
            if let Some(start) = self.find(f) {
                self.prefetch_row(start);
                if n < starts.len() {
                    starts[n] = start;
                    n += 1;
                } else {
                    self.add(start, &mut sum);
                }
            }
        }
        for &start in &starts[..n] {
            self.add(start, &mut sum);
        }
        for (s, &v) in scores.iter_mut().zip(&sum) {
            *s = v;
        }
    }

    #[inline]
    fn prefetch_row(&self, start: u32) {
        if start & DENSE == 0 {
            if let Some(c) = self.cells.get(start as usize) {
                prefetch(c);
            }
        } else {
            for chunk in self.dense_row(start).chunks(32) {
                prefetch(&chunk[0]);
            }
        }
    }

    #[inline]
    fn add(&self, start: u32, sum: &mut [i32; 256]) {
        if start & DENSE != 0 {
            add_dense(sum, self.dense_row(start));
            return;
        }
        for c in self.sparse_row(start) {
            sum[usize::from(c.class)] += i32::from(c.value);
        }
    }

    /// Rows in key order, for serialisation.
    pub fn rows(&self) -> impl Iterator<Item = (u32, Vec<Cell>)> + '_ {
        self.keys
            .iter()
            .zip(&self.starts)
            .map(|(&k, &start)| (k, self.row_cells(start)))
    }

    /// The same weights without cells below `min_abs` in magnitude.
    pub fn pruned(&self, min_abs: i16) -> Weights {
        let rows = self
            .rows()
            .map(|(k, r)| {
                let cells: Vec<Cell> = r.into_iter().filter(|c| c.value.abs() >= min_abs).collect();
                (k, cells)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        Weights::from_rows(self.n_classes, rows)
    }

    /// Feature rows and non-zero weights stored.
    pub fn size(&self) -> (usize, usize) {
        let sparse_rows = self.starts.iter().filter(|&&s| s & DENSE == 0).count();
        let dense = self.dense.iter().filter(|&&v| v != 0).count();
        (self.keys.len(), self.cells.len() - sparse_rows + dense)
    }
}

/// Rows sorted by key, rows of one key summed class by class (classes kept
/// sorted): for summing models and for keys that coincide once shortened.
pub fn merge_rows<K: Ord + Copy>(mut rows: Vec<(K, Vec<(u16, f32)>)>) -> Vec<(K, Vec<(u16, f32)>)> {
    rows.sort_by_key(|&(k, _)| k);
    rows.dedup_by(|b, a| {
        if a.0 != b.0 {
            return false;
        }
        for &(c, w) in &b.1 {
            match a.1.iter_mut().find(|(ac, _)| *ac == c) {
                Some(e) => e.1 += w,
                None => a.1.push((c, w)),
            }
        }
        a.1.sort_by_key(|&(c, _)| c);
        true
    });
    rows
}

/// Quantizes averaged weights: scale so the largest magnitude is 32,000,
/// drop cells whose quantized magnitude is below `min_abs`, merge features
/// whose 32-bit keys coincide.
pub fn quantize(rows: &[(u64, Vec<(u16, f32)>)], n_classes: usize, min_abs: i32) -> Weights {
    let max = rows
        .iter()
        .flat_map(|(_, r)| r.iter().map(|&(_, w)| w.abs()))
        .fold(0f32, f32::max);
    let scale = if max > 0.0 { 32_000.0 / max } else { 1.0 };
    let merged = merge_rows(rows.iter().map(|(k, r)| (key32(*k), r.clone())).collect());
    let out = merged
        .into_iter()
        .filter_map(|(k, r)| {
            let cells: Vec<Cell> = r
                .iter()
                .filter(|&&(c, _)| usize::from(c) < n_classes && c < 256)
                .map(|&(c, w)| Cell {
                    class: c as u8,
                    value: (w * scale).round().clamp(-32_767.0, 32_767.0) as i16,
                })
                .filter(|c| i32::from(c.value).abs() >= min_abs.max(1))
                .collect();
            (!cells.is_empty()).then_some((k, cells))
        })
        .collect();
    Weights::from_rows(n_classes, out)
}

/// Adds a dense row to the sums, with AVX2 where the CPU has it.
#[inline]
fn add_dense(sum: &mut [i32; 256], row: &[i16]) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU was just found to support AVX2, the only
        // requirement of `add_dense_avx2`.
        unsafe { add_dense_avx2(sum, row) };
        return;
    }
    add_dense_plain(sum, row);
}

#[inline(always)]
fn add_dense_plain(sum: &mut [i32; 256], row: &[i16]) {
    for (s, &w) in sum.iter_mut().zip(row) {
        *s += i32::from(w);
    }
}

/// The same loop compiled for AVX2 (the compiler vectorises it 8 wide).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_dense_avx2(sum: &mut [i32; 256], row: &[i16]) {
    add_dense_plain(sum, row);
}

/// Asks the CPU to start loading `x`'s cache line (no wait, no effect on
/// results).
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it reads nothing into the program
    // and cannot fault, whatever the address (here a valid reference).
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(class: u8, value: i16) -> Cell {
        Cell { class, value }
    }

    /// 40 classes: a row of 5+ cells is dense, shorter ones sparse.
    fn sample() -> Weights {
        let rows = vec![
            (3, vec![cell(1, 7)]),
            (9, (0..30).map(|c| cell(c, i16::from(c) - 10)).collect()),
            (12, vec![cell(0, -2), cell(39, 5)]),
            (
                40,
                vec![cell(2, 1), cell(5, 2), cell(6, 3), cell(9, 4), cell(11, 5)],
            ),
        ];
        Weights::from_rows(40, rows)
    }

    /// A feature hash whose 32-bit key is `k`.
    fn feat(k: u32) -> u64 {
        u64::from(k) << 32
    }

    #[test]
    fn sparse_and_dense_rows_sum_alike() {
        let w = sample();
        let mut scores = vec![0i32; 40];
        w.score(
            &[feat(3), feat(9), feat(12), feat(40), feat(77)],
            &mut scores,
        );
        let mut expect = vec![0i32; 40];
        expect[1] += 7;
        for (c, e) in expect.iter_mut().enumerate().take(30) {
            *e += c as i32 - 10;
        }
        expect[0] += -2;
        expect[39] += 5;
        for (c, v) in [(2, 1), (5, 2), (6, 3), (9, 4), (11, 5)] {
            expect[c] += v;
        }
        assert_eq!(scores, expect);
    }

    #[test]
    fn rows_come_back_as_given_whichever_the_storage() {
        let w = sample();
        let back: Vec<(u32, Vec<Cell>)> = w.rows().collect();
        assert_eq!(back.len(), 4);
        assert_eq!(back[0], (3, vec![cell(1, 7)]));
        // Class 10 weighs 0 in the dense row: a zero is no cell.
        assert_eq!(back[1].1.len(), 29);
        assert_eq!(
            back[3].1,
            vec![cell(2, 1), cell(5, 2), cell(6, 3), cell(9, 4), cell(11, 5)]
        );
        assert_eq!(w.size(), (4, 1 + 29 + 2 + 5));
    }

    #[test]
    fn scores_are_zeroed_between_calls() {
        let w = sample();
        let mut scores = vec![99i32; 40];
        w.score(&[feat(3)], &mut scores);
        assert_eq!(scores.iter().sum::<i32>(), 7);
    }
}
