//! A light view of one sentence for reading who did what: lower-cased
//! words with offsets, the preposition governing a span, and triggers.

use armswatch_annotate::Annotation;
use std::hash::Hasher;

/// A reader's view of one sentence: its words lower-cased, borrowed from
/// the document lower-cased once (nothing per sentence is kept: a long
/// article has hundreds of thousands of words).
pub struct Clause<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// (start, end, lower-cased word)
    pub words: Vec<(usize, usize, &'a str)>,
    /// The sentence lower-cased (same byte offsets as the text).
    lower: &'a str,
    /// A Bloom filter of `words`: most phrases readers look for start with
    /// a word the sentence lacks, and this says so without a scan.
    word_bits: [u64; 4],
}

/// The bit of `word_bits` that stands for `w`.
fn word_bit(w: &str) -> (usize, u64) {
    let mut h = rustc_hash::FxHasher::default();
    h.write(w.as_bytes());
    let h = h.finish();
    ((h >> 6) as usize & 3, 1 << (h & 63))
}

/// The first word of a phrase.
fn first_word(p: &str) -> &str {
    p.find(' ').map_or(p, |i| &p[..i])
}

const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "state-owned",
    "state-run",
    "another",
    "one",
    "former",
    "then",
    "new",
    "neighbouring",
    "neighboring",
    "rival",
    "fellow",
    "two",
    "both",
];

/// Nouns that head the noun phrase of a named organisation.
const NP_NOUNS: &[&str] = &[
    "company",
    "firm",
    "manufacturer",
    "maker",
    "contractor",
    "group",
    "subsidiary",
    "unit",
    "shipbuilder",
    "supplier",
    "exporter",
    "giant",
    "conglomerate",
    "agency",
    "defense",
    "defence",
    "aerospace",
    "missile",
    "arms",
    "state",
    "consortium",
    "partner",
    "rival",
    "venture",
];

/// The lower case of sentence `si`, which [`Clause::new`] reads: one
/// sentence at a time, so that no lower-cased copy of a whole (perhaps
/// huge) article is held.
pub fn sentence_lower(a: &Annotation<'_>, si: usize) -> String {
    armswatch_register::lower_same_len(a.sentence_text(si))
}

impl<'a> Clause<'a> {
    /// Sentence `si` of `a`; `lower` is the sentence's text by
    /// [`armswatch_register::lower_same_len`] (see [`sentence_lower`]), whose
    /// slices are the slices' lower case (it works char by char).
    pub fn new(a: &Annotation<'a>, lower: &'a str, si: usize) -> Clause<'a> {
        let s = a.sentences[si];
        let words: Vec<(usize, usize, &str)> = a
            .tokens
            .of(si)
            .map(|t| (t.start, t.end, &lower[t.start - s.start..t.end - s.start]))
            .collect();
        let mut word_bits = [0; 4];
        for w in &words {
            let (i, bit) = word_bit(w.2);
            word_bits[i] |= bit;
        }
        Clause {
            text: a.text(),
            start: s.start,
            end: s.end,
            words,
            lower,
            word_bits,
        }
    }

    /// Whether `w` is one of the sentence's (lower-cased) words.
    fn has_word(&self, w: &str) -> bool {
        let (i, bit) = word_bit(w);
        self.word_bits[i] & bit != 0 && self.words.iter().any(|x| x.2 == w)
    }

    pub fn lower(&self) -> &'a str {
        self.lower
    }

    /// Index of the first word starting at or after `pos`.
    pub fn word_at(&self, pos: usize) -> usize {
        self.words.partition_point(|w| w.0 < pos)
    }

    /// The preposition governing a span: the first word before it that is
    /// not part of its noun phrase (determiners, possessives like
    /// "India's", capitalised modifiers, hyphenated adjectives, nouns such
    /// as "company" in "from the Chinese company Norinco").
    pub fn preposition(&self, pos: usize) -> Option<&str> {
        let mut k = self.word_at(pos);
        let mut steps = 0;
        while k > 0 && steps < 6 {
            k -= 1;
            steps += 1;
            let (ws, _, w) = &self.words[k];
            let raw = &self.text[*ws..self.words[k].1];
            let w = *w;
            if DETERMINERS.contains(&w)
                || w.ends_with("'s")
                || w.ends_with("’s")
                || raw.chars().next().is_some_and(char::is_uppercase) && k + 1 < self.words.len()
                || (w.contains('-') && w.chars().all(|c| c.is_alphabetic() || c == '-'))
                || NP_NOUNS.contains(&w)
            {
                continue;
            }
            return matches!(
                w,
                "to" | "from"
                    | "by"
                    | "with"
                    | "for"
                    | "of"
                    | "in"
                    | "at"
                    | "on"
                    | "into"
                    | "against"
                    | "between"
                    | "among"
                    | "than"
                    | "over"
                    | "alongside"
                    | "outside"
                    | "inside"
                    | "across"
                    | "near"
                    | "about"
                    | "toward"
                    | "towards"
                    | "through"
                    | "beyond"
                    | "like"
                    | "including"
                    | "under"
            )
            .then_some(w);
        }
        None
    }

    /// True when a word from `words` occurs in the sentence.
    pub fn has_any(&self, words: &[&str]) -> bool {
        self.words.iter().any(|w| words.contains(&w.2))
    }

    /// Like [`Clause::has_any`], but not a word that ends a name: written
    /// capitalised after another capitalised word inside the sentence ("the
    /// Ruiru Drone Competition"; "prospective Bidders" still counts).
    pub fn has_any_common(&self, words: &[&str]) -> bool {
        let capital = |k: usize| {
            self.words
                .get(k)
                .is_some_and(|w| self.text[w.0..w.1].starts_with(char::is_uppercase))
        };
        self.words.iter().enumerate().any(|(k, w)| {
            // The word before must itself be inside the sentence: "The
            // Bidder shall ..." opens with a capital anyway.
            words.contains(&w.2) && (k < 2 || !(capital(k) && capital(k - 1)))
        })
    }

    /// True when any of the phrases occurs (lower-case substring match on
    /// word boundaries).
    pub fn has_phrase(&self, phrases: &[&str]) -> bool {
        let l = self.lower;
        phrases.iter().any(|p| {
            // Cheap test first: the phrase's first word must be a word here.
            let first = first_word(p).trim_end_matches([',', '.', ';', ':']);
            if !first.is_empty()
                && first
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '\'')
                && !self.has_word(first)
            {
                return false;
            }
            l.match_indices(p).any(|(i, _)| {
                let before_ok = i == 0
                    || !l[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric());
                let after_ok = !l[i + p.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric());
                before_ok && after_ok
            })
        })
    }

    /// Where the first of `phrases` occurs on word boundaries (byte offset
    /// into the document), with the same cheap first-word test as
    /// [`Clause::has_phrase`].
    pub fn find_phrase(&self, phrases: &[&str]) -> Option<usize> {
        let l = self.lower;
        phrases
            .iter()
            .filter(|p| {
                let first = first_word(p);
                !first.chars().all(|c| c.is_alphanumeric() || c == '-') || self.has_word(first)
            })
            .filter_map(|p| {
                l.match_indices(p)
                    .find(|(i, _)| {
                        let before_ok = *i == 0
                            || !l[..*i]
                                .chars()
                                .next_back()
                                .is_some_and(|ch| ch.is_alphanumeric());
                        let after_ok = !l[i + p.len()..]
                            .chars()
                            .next()
                            .is_some_and(|ch| ch.is_alphanumeric());
                        before_ok && after_ok
                    })
                    .map(|(i, _)| self.start + i)
            })
            .min()
    }

    /// Words between two byte positions.
    pub fn words_between(&self, from: usize, to: usize) -> impl Iterator<Item = &str> {
        self.words
            .iter()
            .filter(move |w| w.0 >= from && w.1 <= to)
            .map(|w| w.2)
    }

    /// Start of the attribution tail ("..., according to X", "..., the Navy
    /// said"), where dates and actors speak of the report, not the deal.
    pub fn attribution_start(&self) -> usize {
        let l = self.lower();
        let mut cut = self.end;
        for p in [
            ", according to",
            " according to",
            ", the newspaper",
            ", citing",
        ] {
            if let Some(i) = l.find(p) {
                cut = cut.min(self.start + i);
            }
        }
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use armswatch_annotate::{annotate, Gazetteer};

    fn has_common(text: &str, word: &str) -> bool {
        let doc = crate::test_article::document(text, "2023-03-01");
        let a = annotate(Gazetteer::builtin().expect("gazetteer"), &doc);
        let lower = sentence_lower(&a, 0);
        Clause::new(&a, &lower, 0).has_any_common(&[word])
    }

    #[test]
    fn a_cue_word_ending_a_name_is_no_cue() {
        assert!(!has_common(
            "The army held the Ruiru Drone Competition in March.",
            "competition"
        ));
        assert!(has_common(
            "The army seeks offers from prospective Bidders.",
            "bidders"
        ));
        assert!(has_common("The Bidder shall deliver the vessel.", "bidder"));
    }
}
