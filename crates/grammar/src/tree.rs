//! What the grammar reads: a dependency tree over a sentence's tokens.
//!
//! The trait is all a rule needs (lemma, UPOS, head, relation), so the
//! grammar does not depend on any one parser; `armswatch-parse` implements
//! it for its output, and [`ConlluTree`] for hand-written trees in tests.

/// A dependency tree in Universal Dependencies terms. Tokens are numbered
/// from 0; `head(i)` is `None` for the root.
pub trait Tree {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn head(&self, i: usize) -> Option<usize>;
    /// UD v2 relation with its subtype, e.g. `nsubj:pass`, `obl`.
    fn deprel(&self, i: usize) -> &str;
    /// Lower-case lemma.
    fn lemma(&self, i: usize) -> &str;
    /// UD UPOS tag, e.g. `VERB`.
    fn upos(&self, i: usize) -> &str;
    fn form(&self, i: usize) -> &str;
}

/// A tree with its children indexed, built once per sentence.
pub struct Graph<'t, T: Tree + ?Sized> {
    pub tree: &'t T,
    children: Vec<Vec<usize>>,
}

impl<'t, T: Tree + ?Sized> Graph<'t, T> {
    pub fn new(tree: &'t T) -> Self {
        let mut children = vec![Vec::new(); tree.len()];
        for i in 0..tree.len() {
            if let Some(h) = tree.head(i).filter(|&h| h < tree.len() && h != i) {
                children[h].push(i);
            }
        }
        Graph { tree, children }
    }

    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Children of `i` whose relation matches `rel` (see [`rel_matches`]).
    pub fn children_by<'a>(&'a self, i: usize, rel: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.children(i)
            .iter()
            .copied()
            .filter(move |&c| rel_matches(rel, self.tree.deprel(c)))
    }

    /// The lemma of a `case` or `mark` child ("to" in "to India"), or of
    /// a word leading the phrase: its count ("for 100 guns" parsed with
    /// "for" on "100") or a modifier ("of LUH and Dhruv helicopters" parsed
    /// with "of" on "LUH"); a case on a modifier belongs to its phrase.
    pub fn has_case(&self, i: usize, lemmas: &[String]) -> bool {
        let marked = |x: usize| {
            self.children(x).iter().any(|&c| {
                matches!(base(self.tree.deprel(c)), "case" | "mark")
                    && lemmas.iter().any(|l| l == self.tree.lemma(c))
            })
        };
        marked(i)
            || self
                .children(i)
                .iter()
                .filter(|&&c| {
                    c < i && matches!(base(self.tree.deprel(c)), "nummod" | "compound" | "amod")
                })
                .any(|&n| marked(n))
    }

    /// Every token under `i`, `i` included, in token order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            out.extend_from_slice(self.children(out[k]));
            k += 1;
        }
        out.sort_unstable();
        out
    }
}

/// The universal part of a relation: `nsubj:pass` → `nsubj`.
pub fn base(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// A pattern without a subtype matches every subtype (`obl` matches
/// `obl:tmod`); one with a subtype matches exactly; `*` matches anything.
pub fn rel_matches(pattern: &str, rel: &str) -> bool {
    if let Some(exact) = pattern.strip_prefix('=') {
        return exact == rel;
    }
    pattern == "*" || pattern == rel || (!pattern.contains(':') && base(rel) == pattern)
}

/// A tree read from CoNLL-U columns (ID FORM LEMMA UPOS XPOS FEATS HEAD
/// DEPREL ...), for tests and examples written by hand.
#[derive(Debug, Clone, Default)]
pub struct ConlluTree {
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
    pub upos: Vec<String>,
    pub heads: Vec<Option<usize>>,
    pub deprels: Vec<String>,
}

impl ConlluTree {
    /// Reads one sentence; lines starting with `#`, ranges (`1-2`) and empty
    /// nodes (`8.1`) are skipped. Returns `None` on a malformed line.
    pub fn parse(text: &str) -> Option<ConlluTree> {
        let mut t = ConlluTree::default();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let cols = if cols.len() >= 8 {
                cols
            } else {
                line.split_whitespace().collect()
            };
            if cols.len() < 8 || cols[0].contains(['-', '.']) {
                continue;
            }
            let head: usize = cols[6].parse().ok()?;
            t.forms.push(cols[1].to_string());
            t.lemmas.push(cols[2].to_lowercase());
            t.upos.push(cols[3].to_string());
            t.heads.push(head.checked_sub(1));
            t.deprels.push(cols[7].to_string());
        }
        Some(t)
    }
}

impl Tree for ConlluTree {
    fn len(&self) -> usize {
        self.forms.len()
    }
    fn head(&self, i: usize) -> Option<usize> {
        self.heads.get(i).copied().flatten()
    }
    fn deprel(&self, i: usize) -> &str {
        self.deprels.get(i).map_or("", String::as_str)
    }
    fn lemma(&self, i: usize) -> &str {
        self.lemmas.get(i).map_or("", String::as_str)
    }
    fn upos(&self, i: usize) -> &str {
        self.upos.get(i).map_or("", String::as_str)
    }
    fn form(&self, i: usize) -> &str {
        self.forms.get(i).map_or("", String::as_str)
    }
}
