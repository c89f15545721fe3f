//! The parser's feature templates: Zhang and Nivre (2011)'s rich
//! non-local features, adapted to arc-hybrid (where the second stack word
//! is a head candidate too): words and tags of three stack and three
//! buffer positions, their pairs and triples, the leftmost and rightmost
//! children with their labels, valencies, distances and label sets.

use crate::hash::{f1, f2, f3};
use crate::state::{State, NONE};

/// Word and tag values of a position with no word.
const NO_WORD: u64 = 3;
const NO_TAG: u64 = 0x1fe;

/// Per-word values the templates read (the root token last).
pub struct Context<'a> {
    pub words: &'a [u64],
    pub tags: &'a [u64],
    /// Word classes: the ambiguity class of each word in the tagger's
    /// lexicon (the tags it can have), 0 when unknown. They let the parser
    /// see past a tagging error ("tagged NN, but also seen as VB").
    pub clusters: &'a [u64],
}

#[derive(Clone, Copy)]
struct Node {
    w: u64,
    p: u64,
    c: u64,
    /// Label of the arc above this node (0 = none).
    l: u64,
}

impl Context<'_> {
    fn node(&self, st: &State, i: u32) -> Node {
        if i == NONE {
            return Node {
                w: NO_WORD,
                p: NO_TAG,
                c: NO_WORD,
                l: 0,
            };
        }
        let i = i as usize;
        Node {
            w: self.words[i],
            p: self.tags[i],
            c: self.clusters[i],
            l: st.labels.get(i).map_or(0, |&l| u64::from(l)),
        }
    }
}

fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

fn child(v: &[u32], i: u32) -> u32 {
    if i == NONE {
        NONE
    } else {
        v[i as usize]
    }
}

/// Writes the features of configuration `st` into `out`.
pub fn extract(cx: &Context, st: &State, out: &mut Vec<u64>) {
    out.clear();
    let n = |i| cx.node(st, i);
    let (s0i, s1i, b0i) = (st.s(0), st.s(1), st.b(0));
    let (s0, s1, s2) = (n(s0i), n(s1i), n(st.s(2)));
    let (b0, b1, b2) = (n(b0i), n(st.b(1)), n(st.b(2)));
    singles(out, [s0, s1, s2, b0, b1, b2]);
    pairs(out, s0, s1, b0, b1);
    triples(out, s0, s1, s2, b0, b1, b2);
    let kids = Kids {
        s0l: n(child(&st.l1, s0i)),
        s0l2: n(child(&st.l2, s0i)),
        s0r: n(child(&st.r1, s0i)),
        s0r2: n(child(&st.r2, s0i)),
        s1l: n(child(&st.l1, s1i)),
        s1r: n(child(&st.r1, s1i)),
        s1r2: n(child(&st.r2, s1i)),
        b0l: n(child(&st.l1, b0i)),
        b0l2: n(child(&st.l2, b0i)),
    };
    children(out, s0, s1, b0, &kids);
    let d = if s0i == NONE {
        0
    } else {
        bucket(st.b0.saturating_sub(s0i as usize))
    };
    let d1 = if s1i == NONE || s0i == NONE {
        0
    } else {
        bucket((s0i - s1i) as usize)
    };
    distance(out, s0, s1, b0, d, d1);
    valency(out, st, s0i, s1i, b0i, [s0, s1, b0]);
    clusters(out, s0, s1, b0, b1);
}

fn singles(out: &mut Vec<u64>, nodes: [Node; 6]) {
    for (k, x) in nodes.iter().enumerate() {
        let t = 10 * k as u64;
        out.push(f1(t, x.w));
        out.push(f1(t + 1, x.p));
        out.push(f2(t + 2, x.w, x.p));
    }
}

fn pairs(out: &mut Vec<u64>, s0: Node, s1: Node, b0: Node, b1: Node) {
    out.extend_from_slice(&[
        f3(100, s0.w, s0.p, mix_wp(b0)),
        f3(101, s0.w, s0.p, b0.w),
        f3(102, s0.w, b0.w, b0.p),
        f3(103, s0.w, s0.p, b0.p),
        f3(104, s0.p, b0.w, b0.p),
        f2(105, s0.w, b0.w),
        f2(106, s0.p, b0.p),
        f2(107, b0.p, b1.p),
        f3(108, s1.w, s1.p, mix_wp(s0)),
        f2(109, s1.w, s0.w),
        f2(110, s1.p, s0.p),
        f3(111, s1.w, s1.p, s0.p),
        f3(112, s1.p, s0.w, s0.p),
        f2(113, s1.p, b0.p),
        f2(114, s1.w, b0.w),
        f2(115, b0.w, b1.w),
        f3(116, b0.w, b0.p, b1.p),
    ]);
}

#[inline]
fn mix_wp(x: Node) -> u64 {
    crate::hash::mix(x.w, x.p)
}

fn triples(out: &mut Vec<u64>, s0: Node, s1: Node, s2: Node, b0: Node, b1: Node, b2: Node) {
    out.extend_from_slice(&[
        f3(120, b0.p, b1.p, b2.p),
        f3(121, s0.p, b0.p, b1.p),
        f3(122, s1.p, s0.p, b0.p),
        f3(123, s2.p, s1.p, s0.p),
        f3(124, s1.p, s0.p, b1.p),
        f3(125, s1.w, s0.p, b0.p),
        f3(126, s1.p, s0.w, b0.p),
        f3(127, s1.p, s0.p, b0.w),
    ]);
}

struct Kids {
    s0l: Node,
    s0l2: Node,
    s0r: Node,
    s0r2: Node,
    s1l: Node,
    s1r: Node,
    s1r2: Node,
    b0l: Node,
    b0l2: Node,
}

fn children(out: &mut Vec<u64>, s0: Node, s1: Node, b0: Node, k: &Kids) {
    let units = [
        k.s0l, k.s0r, k.b0l, k.s0l2, k.s0r2, k.b0l2, k.s1l, k.s1r, k.s1r2,
    ];
    for (i, x) in units.iter().enumerate() {
        let t = 130 + 3 * i as u64;
        out.push(f1(t, x.w));
        out.push(f1(t + 1, x.p));
        out.push(f1(t + 2, x.l));
    }
    out.extend_from_slice(&[
        f3(160, s0.p, k.s0l.p, b0.p),
        f3(161, s0.p, k.s0r.p, b0.p),
        f3(162, s0.p, b0.p, k.b0l.p),
        f3(163, s0.p, k.s0l.p, k.s0l2.p),
        f3(164, s0.p, k.s0r.p, k.s0r2.p),
        f3(165, b0.p, k.b0l.p, k.b0l2.p),
        f3(166, s1.p, k.s1r.p, s0.p),
        f3(167, s1.p, k.s1l.p, s0.p),
        f3(168, s1.p, k.s1r.p, k.s1r2.p),
        f3(169, s0.p, k.s0l.l, k.s0r.l),
        f3(170, b0.p, k.b0l.l, s0.p),
        f3(171, s1.p, k.s1r.l, s0.p),
        f3(172, s0.w, k.s0r.l, b0.p),
    ]);
}

fn distance(out: &mut Vec<u64>, s0: Node, s1: Node, b0: Node, d: u64, d1: u64) {
    out.extend_from_slice(&[
        f2(180, s0.w, d),
        f2(181, s0.p, d),
        f2(182, b0.w, d),
        f2(183, b0.p, d),
        f3(184, s0.w, b0.w, d),
        f3(185, s0.p, b0.p, d),
        f3(186, s1.p, s0.p, d1),
        f3(187, s1.w, s0.w, d1),
        f2(188, s0.p, d1),
    ]);
}

fn valency(out: &mut Vec<u64>, st: &State, s0i: u32, s1i: u32, b0i: u32, x: [Node; 3]) {
    let get = |v: &[u8], i: u32| {
        if i == NONE {
            0
        } else {
            u64::from(v[i as usize])
        }
    };
    let set = |v: &[u64], i: u32| if i == NONE { 0 } else { v[i as usize] };
    let [s0, s1, b0] = x;
    let (s0vl, s0vr, b0vl, s1vr) = (
        get(&st.nl, s0i),
        get(&st.nr, s0i),
        get(&st.nl, b0i),
        get(&st.nr, s1i),
    );
    let (s0sl, s0sr, b0sl, s1sr) = (
        set(&st.lset, s0i),
        set(&st.rset, s0i),
        set(&st.lset, b0i),
        set(&st.rset, s1i),
    );
    out.extend_from_slice(&[
        f2(190, s0.w, s0vr),
        f2(191, s0.p, s0vr),
        f2(192, s0.w, s0vl),
        f2(193, s0.p, s0vl),
        f2(194, b0.w, b0vl),
        f2(195, b0.p, b0vl),
        f2(196, s1.p, s1vr),
        f2(197, s0.w, s0sr),
        f2(198, s0.p, s0sr),
        f2(199, s0.w, s0sl),
        f2(200, s0.p, s0sl),
        f2(201, b0.w, b0sl),
        f2(202, b0.p, b0sl),
        f2(203, s1.p, s1sr),
    ]);
}

fn clusters(out: &mut Vec<u64>, s0: Node, s1: Node, b0: Node, b1: Node) {
    out.extend_from_slice(&[
        f1(210, s0.c),
        f1(211, b0.c),
        f1(212, s1.c),
        f1(213, b1.c),
        f2(214, s0.c, b0.c),
        f3(215, s0.c, b0.p, s0.p),
        f3(216, s0.p, b0.c, b0.p),
        f2(217, s1.c, s0.c),
        f3(218, s1.p, s0.c, b0.p),
    ]);
}
