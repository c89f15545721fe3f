//! The arc-hybrid dynamic oracle (Goldberg and Nivre 2013): the number of
//! gold arcs a move makes unreachable, exact for projective gold trees.

use crate::state::{State, NONE, ROOT_LABEL};

/// Gold heads (`n` for the root) and labels (id + 1, `ROOT_LABEL`).
pub struct Gold<'a> {
    pub heads: &'a [u32],
    pub labels: &'a [u8],
}

impl Gold<'_> {
    fn in_stack(st: &State, k: u32) -> bool {
        (k as usize) < st.b0 && st.heads[k as usize] == NONE
    }

    fn in_buffer(st: &State, k: u32) -> bool {
        k as usize >= st.b0
    }

    /// Gold dependents of `h` still in the buffer.
    fn deps_in_buffer(&self, st: &State, h: u32) -> usize {
        self.heads[st.b0..].iter().filter(|&&g| g == h).count()
    }

    /// Cost of LEFT with the right label.
    pub fn left_cost(&self, st: &State) -> usize {
        let (s, b) = (st.s(0), st.b0 as u32);
        let h = self.heads[s as usize];
        let lost_head = h != b && (h == st.s(1) || Self::in_buffer(st, h));
        usize::from(lost_head) + self.deps_in_buffer(st, s)
    }

    /// Cost of RIGHT with the right label.
    pub fn right_cost(&self, st: &State) -> usize {
        let s = st.s(0);
        let h = self.heads[s as usize];
        usize::from(Self::in_buffer(st, h)) + self.deps_in_buffer(st, s)
    }

    /// 1 when `h -> d` is a gold arc whose label is not `l`.
    pub fn label_cost(&self, d: u32, h: u32, l: u8) -> usize {
        let d = d as usize;
        usize::from(self.heads[d] == h && self.labels[d] != l + 1 && self.labels[d] != ROOT_LABEL)
    }

    /// Cost of SHIFT.
    pub fn shift_cost(&self, st: &State) -> usize {
        let b = st.b0 as u32;
        let s0 = st.s(0);
        let h = self.heads[b as usize];
        let lost_head = h != s0 && h != NONE && Self::in_stack(st, h);
        let lost_deps = st
            .stack
            .iter()
            .filter(|&&k| self.heads[k as usize] == b)
            .count();
        usize::from(lost_head) + lost_deps
    }
}
