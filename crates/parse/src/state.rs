//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
//! 2011) with the root token at the end of the buffer.
//!
//! Words are `0..n`; `n` is the artificial root. `SHIFT` pushes the buffer
//! front; `LEFT(l)` makes the buffer front the head of the stack top and
//! pops it; `RIGHT(l)` makes the word under the stack top its head and
//! pops it. Once only the root is left in the buffer, `LEFT` is allowed
//! only with a single word on the stack, and that arc is the `root`
//! relation: every terminal configuration is a tree with one root.

pub const NONE: u32 = u32::MAX;

/// Label code of the `root` relation (other labels are their id + 1).
pub const ROOT_LABEL: u8 = u8::MAX;

/// A move of the parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Shift,
    Left(u8),
    Right(u8),
    /// The forced final arc from the root token.
    Root,
}

/// A parser configuration with the children the features look at.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    pub b0: usize,
    /// Head of each word (`NONE` while unattached; `n` for the root).
    pub heads: Vec<u32>,
    /// Label of each word's arc: label id + 1, 0 while unattached.
    pub labels: Vec<u8>,
    /// Leftmost and second leftmost children, rightmost and second rightmost.
    pub l1: Vec<u32>,
    pub l2: Vec<u32>,
    pub r1: Vec<u32>,
    pub r2: Vec<u32>,
    pub nl: Vec<u8>,
    pub nr: Vec<u8>,
    /// Bit sets of the labels of left and right children.
    pub lset: Vec<u64>,
    pub rset: Vec<u64>,
}

fn reset<T: Clone>(v: &mut Vec<T>, len: usize, x: T) {
    v.clear();
    v.resize(len, x);
}

impl State {
    /// Resets to the initial configuration for `n` words.
    pub fn start(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b0 = 0;
        reset(&mut self.heads, n, NONE);
        reset(&mut self.labels, n, 0);
        for v in [&mut self.l1, &mut self.l2, &mut self.r1, &mut self.r2] {
            reset(v, n + 1, NONE);
        }
        reset(&mut self.nl, n + 1, 0);
        reset(&mut self.nr, n + 1, 0);
        reset(&mut self.lset, n + 1, 0);
        reset(&mut self.rset, n + 1, 0);
    }

    pub fn is_terminal(&self) -> bool {
        self.b0 >= self.n && self.stack.is_empty()
    }

    /// The move to make without asking a model, if only one is possible.
    pub fn forced(&self) -> Option<Move> {
        if self.stack.is_empty() {
            Some(Move::Shift)
        } else if self.b0 >= self.n && self.stack.len() == 1 {
            Some(Move::Root)
        } else {
            None
        }
    }

    pub fn can_shift(&self) -> bool {
        self.b0 < self.n
    }

    pub fn can_left(&self) -> bool {
        !self.stack.is_empty() && self.b0 < self.n
    }

    pub fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    /// The `i`-th word from the stack top, or `NONE`.
    #[inline]
    pub fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NONE
        }
    }

    /// The `i`-th buffer word (the root token counts), or `NONE`.
    #[inline]
    pub fn b(&self, i: usize) -> u32 {
        let j = self.b0 + i;
        if j <= self.n {
            j as u32
        } else {
            NONE
        }
    }

    /// Applies a move that is valid in this configuration.
    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.b0 as u32);
                self.b0 += 1;
            }
            Move::Left(l) => {
                if let Some(s) = self.stack.pop() {
                    self.attach(self.b0 as u32, s, l + 1);
                }
            }
            Move::Right(l) => {
                if let Some(s) = self.stack.pop() {
                    let h = self.s(0);
                    self.attach(h, s, l + 1);
                }
            }
            Move::Root => {
                if let Some(s) = self.stack.pop() {
                    self.heads[s as usize] = self.n as u32;
                    self.labels[s as usize] = ROOT_LABEL;
                }
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, label: u8) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.l2[hu] = self.l1[hu];
            self.l1[hu] = d;
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.lset[hu] |= bit;
        } else {
            self.r2[hu] = self.r1[hu];
            self.r1[hu] = d;
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.rset[hu] |= bit;
        }
    }
}
