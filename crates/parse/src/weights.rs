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

/// A table slot: the key and where its row starts in `cells` (a header
/// cell holding the row's length, then the row).
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    start: u32,
}

/// Read-only weights of a multiclass linear model.
pub struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<Slot>,
    cells: Vec<Cell>,
    /// Keys in insertion (sorted) order and their rows' starts, for
    /// writing the model back.
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

/// Collects rows (in key order) into one cell array, then builds the table.
pub struct Builder {
    n_classes: usize,
    keys: Vec<u32>,
    starts: Vec<u32>,
    cells: Vec<Cell>,
}

impl Builder {
    pub fn new(n_classes: usize, rows: usize, cells: usize) -> Builder {
        Builder {
            n_classes,
            keys: Vec::with_capacity(rows),
            starts: Vec::with_capacity(rows),
            cells: Vec::with_capacity(rows + cells),
        }
    }

    /// Adds a row (at most 255 cells, each class once).
    pub fn push(&mut self, key: u32, row: impl Iterator<Item = Cell>) {
        let start = self.cells.len();
        self.cells.push(Cell { class: 0, value: 0 });
        self.cells.extend(row.take(255));
        let len = self.cells.len() - start - 1;
        self.cells[start].value = len as i16;
        self.keys.push(key);
        self.starts.push(start as u32);
    }

    /// The table, at most half full so that looking up an absent feature
    /// (most lookups) probes two slots on average.
    pub fn finish(self) -> Weights {
        let size = (self.keys.len() * 2 + 1).next_power_of_two().max(16);
        let mut w = Weights {
            n_classes: self.n_classes,
            mask: size - 1,
            slots: vec![Slot::default(); size],
            cells: self.cells,
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

    fn row_at(&self, start: u32) -> &[Cell] {
        let start = start as usize;
        let len = self.cells.get(start).map_or(0, |h| h.value.max(0) as usize);
        self.cells.get(start + 1..start + 1 + len).unwrap_or(&[])
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

    /// Sums the rows of `feats` into `scores` (zeroed first). The slots
    /// and rows of all features are prefetched first, so their cache
    /// misses overlap instead of queueing.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for &f in feats {
            prefetch(&self.slots[key32(f) as usize & self.mask]);
        }
        let mut starts = [0u32; 256];
        let mut n = 0;
        for &f in feats {
            if let Some(start) = self.find(f) {
                if let Some(c) = self.cells.get(start as usize) {
                    prefetch(c);
                }
                if n < starts.len() {
                    starts[n] = start;
                    n += 1;
                } else {
                    self.add(start, scores);
                }
            }
        }
        for &start in &starts[..n] {
            self.add(start, scores);
        }
    }

    #[inline]
    fn add(&self, start: u32, scores: &mut [i32]) {
        for c in self.row_at(start) {
            if let Some(s) = scores.get_mut(usize::from(c.class)) {
                *s += i32::from(c.value);
            }
        }
    }

    /// Rows in key order, for serialisation.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Cell])> + '_ {
        self.keys
            .iter()
            .zip(&self.starts)
            .map(|(&k, &start)| (k, self.row_at(start)))
    }

    /// The same weights without cells below `min_abs` in magnitude.
    pub fn pruned(&self, min_abs: i16) -> Weights {
        let rows = self
            .rows()
            .map(|(k, r)| {
                let cells: Vec<Cell> = r
                    .iter()
                    .copied()
                    .filter(|c| c.value.abs() >= min_abs)
                    .collect();
                (k, cells)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        Weights::from_rows(self.n_classes, rows)
    }

    /// Feature rows and weights stored.
    pub fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.cells.len() - self.keys.len())
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
