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

#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    start: u32,
    len: u32,
}

/// Read-only weights of a multiclass linear model.
pub struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<Slot>,
    cells: Vec<Cell>,
    /// Keys in insertion (sorted) order, for writing the model back.
    keys: Vec<u32>,
}

/// The 32-bit key under which a 64-bit feature hash is stored (never 0).
#[inline]
pub fn key32(f: u64) -> u32 {
    match (f >> 32) as u32 {
        0 => 1,
        k => k,
    }
}

impl Weights {
    /// Builds the table from rows sorted by key (each key once, each row's
    /// classes below `n_classes`).
    pub fn from_rows(n_classes: usize, rows: Vec<(u32, Vec<Cell>)>) -> Weights {
        let size = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mut w = Weights {
            n_classes,
            mask: size - 1,
            slots: vec![Slot::default(); size],
            cells: Vec::with_capacity(rows.iter().map(|(_, r)| r.len()).sum()),
            keys: Vec::with_capacity(rows.len()),
        };
        for (key, row) in rows {
            let start = w.cells.len() as u32;
            w.cells.extend_from_slice(&row);
            w.insert(key, start, row.len() as u32);
        }
        w
    }

    fn insert(&mut self, key: u32, start: u32, len: u32) {
        let mut i = key as usize & self.mask;
        while self.slots[i].key != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { key, start, len };
        self.keys.push(key);
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The row of a feature (empty when unknown).
    #[inline]
    pub fn row(&self, f: u64) -> &[Cell] {
        let key = key32(f);
        let mut i = key as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s.key == key {
                return &self.cells[s.start as usize..(s.start + s.len) as usize];
            }
            if s.key == 0 {
                return &[];
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
        for &f in feats {
            let row = self.row(f);
            if let Some(c) = row.first() {
                prefetch(c);
            }
        }
        for &f in feats {
            for c in self.row(f) {
                if let Some(s) = scores.get_mut(usize::from(c.class)) {
                    *s += i32::from(c.value);
                }
            }
        }
    }

    /// Rows in key order, for serialisation.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Cell])> + '_ {
        self.keys.iter().map(|&k| {
            let r = self.row_by_key(k);
            (k, r)
        })
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
        (self.keys.len(), self.cells.len())
    }

    fn row_by_key(&self, key: u32) -> &[Cell] {
        self.row(u64::from(key) << 32)
    }
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
    let mut merged: Vec<(u32, Vec<(u16, f32)>)> =
        rows.iter().map(|(k, r)| (key32(*k), r.clone())).collect();
    merged.sort_by_key(|&(k, _)| k);
    merged.dedup_by(|b, a| {
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
