//! Parses remembered by sentence, per thread. Parsing is most of the cost of
//! extraction, and the same sentence comes back often: wire copy syndicated
//! by several outlets, an outlet's boilerplate, a story quoted in a later
//! one, a long text that repeats itself. The parser reads nothing outside
//! the sentence (the tokenizer, the hints and the units are all compared
//! within it), so the sentence's text with its hints and units, offsets
//! taken from its start, determines the parse up to a shift of offsets: a
//! remembered parse is exactly the parse the model would give.

use armswatch_parse::{Hint, Parse, Unit, Upos, Wanted, Word};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Bytes of remembered parses per thread before they are forgotten
/// (all at once: simple, and the output never depends on it). A few hundred
/// sentences hold an outlet's boilerplate and a syndicated story; on the
/// 1,773-article corpus 256 KiB extracts as fast as 4 MiB did, and the
/// memory is the article's, not the memo's (`bench/scaling.sh`).
const BUDGET: usize = 256 << 10;

/// What a parse depends on; offsets are from the sentence's start.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    text: Box<str>,
    hints: Vec<(i64, i64, u8)>,
    units: Vec<(i64, i64, Option<&'static str>)>,
}

/// One word of a remembered parse: offsets from the sentence's start, its
/// lemma the bytes of [`Stored::lemmas`] up to `lemma_end`.
struct StoredWord {
    start: u32,
    end: u32,
    lemma_end: u32,
    /// `u32::MAX` for the root.
    head: u32,
    upos: Upos,
    xpos: &'static str,
    deprel: &'static str,
}

/// A parse kept compactly: the forms are the sentence's own text.
struct Stored {
    words: Vec<StoredWord>,
    lemmas: String,
}

#[derive(Default)]
struct Memo {
    parses: FxHashMap<Key, Stored>,
    bytes: usize,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// The parse of `text[start..end]` with `hints` and `units`: remembered,
/// or made by `parse` (the model's `parse_with_units` on the same inputs)
/// and remembered.
pub fn parse(
    text: &str,
    (start, end): (usize, usize),
    hints: &[Hint],
    units: &[Unit<'static>],
    parse: impl FnOnce() -> Parse,
) -> Parse {
    let key = key(&text[start..end], start, hints, units);
    let found = MEMO.with(|m| m.borrow().parses.get(&key).map(|s| restore(s, text, start)));
    if let Some(p) = found {
        return p;
    }
    let p = parse();
    if let Some(stored) = store(&p, start) {
        MEMO.with(|m| m.borrow_mut().insert(key, stored));
    }
    p
}

fn key(sentence: &str, start: usize, hints: &[Hint], units: &[Unit<'static>]) -> Key {
    let rel = |x: usize| x as i64 - start as i64;
    Key {
        text: sentence.into(),
        hints: hints
            .iter()
            .map(|h| (rel(h.start), rel(h.end), wanted_code(h.want)))
            .collect(),
        units: units
            .iter()
            .map(|u| (rel(u.start), rel(u.end), u.seen_as))
            .collect(),
    }
}

fn wanted_code(w: Wanted) -> u8 {
    match w {
        Wanted::Any => 0,
        Wanted::Nominal => 1,
        Wanted::NotVerb => 2,
        Wanted::Particle => 3,
        Wanted::Verb => 4,
        Wanted::Adjective => 5,
        Wanted::Proper => 6,
        Wanted::PastTense => 7,
        Wanted::Adverb => 8,
        Wanted::Numeral => 9,
    }
}

impl Memo {
    fn insert(&mut self, key: Key, stored: Stored) {
        let size = key.text.len()
            + 24 * (key.hints.len() + key.units.len())
            + std::mem::size_of::<StoredWord>() * stored.words.len()
            + stored.lemmas.len()
            + 128;
        if self.bytes + size > BUDGET {
            self.parses = FxHashMap::default();
            self.bytes = 0;
        }
        self.bytes += size;
        self.parses.insert(key, stored);
    }
}

/// `None` when an offset does not fit (a sentence of 4 GiB).
fn store(p: &Parse, start: usize) -> Option<Stored> {
    let rel = |x: usize| u32::try_from(x.checked_sub(start)?).ok();
    let mut lemmas = String::new();
    let mut words = Vec::with_capacity(p.tokens.len());
    for w in &p.tokens {
        lemmas.push_str(&w.lemma);
        words.push(StoredWord {
            start: rel(w.start)?,
            end: rel(w.end)?,
            lemma_end: u32::try_from(lemmas.len()).ok()?,
            head: match w.head {
                Some(h) => u32::try_from(h).ok().filter(|&h| h != u32::MAX)?,
                None => u32::MAX,
            },
            upos: w.upos,
            xpos: w.xpos,
            deprel: w.deprel,
        });
    }
    Some(Stored { words, lemmas })
}

fn restore(s: &Stored, text: &str, start: usize) -> Parse {
    let mut lemma_start = 0;
    let tokens = s
        .words
        .iter()
        .map(|w| {
            let (ws, we) = (start + w.start as usize, start + w.end as usize);
            let lemma = &s.lemmas[lemma_start..w.lemma_end as usize];
            lemma_start = w.lemma_end as usize;
            Word {
                start: ws,
                end: we,
                form: text[ws..we].to_string(),
                lemma: lemma.to_string(),
                upos: w.upos,
                xpos: w.xpos,
                head: (w.head != u32::MAX).then_some(w.head as usize),
                deprel: w.deprel,
            }
        })
        .collect();
    Parse { tokens }
}

#[cfg(test)]
mod tests {
    use super::*;
    use armswatch_parse::Model;

    fn parse_at(text: &str, start: usize, end: usize) -> Parse {
        let model = Model::builtin();
        let hints = [Hint {
            start: start + 5,
            end: start + 10,
            want: Wanted::Nominal,
        }];
        parse(text, (start, end), &hints, &[], || {
            model.parse_with_units(text, start, end, &hints, &[])
        })
    }

    #[test]
    fn a_remembered_parse_is_the_models_parse_shifted() {
        let model = Model::builtin();
        let s = "Peru ordered two frigates from Spain.";
        let text = format!("{s} {s}");
        let first = parse_at(&text, 0, s.len());
        let second = parse_at(&text, s.len() + 1, text.len());
        let hints = [Hint {
            start: s.len() + 6,
            end: s.len() + 11,
            want: Wanted::Nominal,
        }];
        let fresh = model.parse_with_units(&text, s.len() + 1, text.len(), &hints, &[]);
        assert_eq!(second, fresh);
        assert_eq!(first.tokens.len(), second.tokens.len());
        assert_eq!(second.tokens[0].start, s.len() + 1);
    }
}
