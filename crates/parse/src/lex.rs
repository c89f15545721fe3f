//! Per-word lexical hashes, computed once per word and shared by the
//! tagger's and the parser's features.

use crate::hash;

/// Hashes of a word's form and its parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lex {
    /// The form as written.
    pub exact: u64,
    /// Lower case, digits as `0`.
    pub norm: u64,
    pub prefix: [u64; 3],
    /// Last 1, 2, 3 and 4 characters (normalised).
    pub suffix: [u64; 4],
    /// Character classes (`Xxxx`, `dd,ddd`), runs cut at two.
    pub shape: u64,
    /// Word cluster of the normalised form (0 when unknown).
    pub cluster: u64,
}

/// Sentinel words before the first and after the last word.
pub const START: Lex = sentinel(1);
pub const END: Lex = sentinel(2);

const fn sentinel(v: u64) -> Lex {
    Lex {
        exact: v,
        norm: v,
        prefix: [v; 3],
        suffix: [v; 4],
        shape: v,
        cluster: v,
    }
}

fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

fn shape(form: &str) -> u64 {
    let mut prev = '\0';
    let mut run = 0;
    hash::chars(form.chars().map(class).filter(|&c| {
        run = if c == prev { run + 1 } else { 1 };
        prev = c;
        run <= 2
    }))
}

/// The lexical hashes of `form`.
pub fn lex(form: &str) -> Lex {
    let mut out = Lex {
        exact: hash::string(form),
        norm: hash::norm(form),
        shape: shape(form),
        ..Lex::default()
    };
    for (k, p) in out.prefix.iter_mut().enumerate() {
        *p = hash::chars(form.chars().take(k + 1).map(hash::norm_char));
    }
    let n = form.chars().count();
    for (k, s) in out.suffix.iter_mut().enumerate() {
        let skip = n.saturating_sub(k + 1);
        *s = hash::chars(form.chars().skip(skip).map(hash::norm_char));
    }
    out
}
