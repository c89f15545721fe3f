//! Universal Dependencies analysis of English text, trained by this
//! project in Rust: a rule-based tokenizer (UD English conventions), an
//! averaged-perceptron tagger (UPOS and XPOS), a lemmatizer, and a greedy
//! arc-hybrid dependency parser trained with a dynamic oracle.
//!
//! ```no_run
//! let model = armswatch_parse::Model::builtin();
//! let text = "India's army bought 20 tanks.";
//! let parse = model.parse(text, 0, text.len());
//! print!("{}", parse.to_conllu());
//! ```

mod clusters;
pub mod conllu;
pub mod eval;
mod features;
mod format;
mod hash;
mod intern;
mod lemma;
mod lex;
mod oracle;
mod parser;
mod perceptron;
mod repair;
mod rng;
mod state;
mod tagger;
pub mod tokenize;
pub mod train;
mod upos;
mod weights;

pub use format::ModelError;
pub use parser::ParserOptions;
pub use tokenize::tokenize;
pub use upos::Upos;

use features::Context;
use lex::Lex;
use rustc_hash::FxHashMap;
use state::{NONE, ROOT_LABEL};
use std::cell::RefCell;
use std::sync::OnceLock;
pub use tagger::Wanted;

/// Word and tag values of the artificial root token.
pub(crate) const ROOT_WORD: u64 = 4;
pub(crate) const ROOT_TAG: u64 = 0x1fd;

/// The committed model (empty when the crate is built without one).
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"));

/// A tagger, lemmatizer and parser.
pub struct Model {
    tagger: tagger::Tagger,
    parser: parser::Parser,
    lemmatizer: lemma::Lemmatizer,
    /// Normalised word hash → word cluster.
    clusters: FxHashMap<u64, u64>,
    /// Interned names of the XPOS tags and of the relations.
    xpos_names: Vec<&'static str>,
    label_names: Vec<&'static str>,
}

/// One syntactic word of an analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte offsets of the word in the analysed text (char boundaries).
    pub start: usize,
    pub end: usize,
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    /// Penn Treebank tag ("NNS").
    pub xpos: &'static str,
    /// Index of the head word in [`Parse::tokens`]; `None` for the root.
    pub head: Option<usize>,
    /// UD v2 relation with its subtype ("nsubj:pass"); `root` for the root.
    pub deprel: &'static str,
}

/// The analysis of a span of text: its words in order, one tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parse {
    pub tokens: Vec<Word>,
}

/// Buffers reused across sentences on one thread.
#[derive(Default)]
struct Scratch {
    lex: Vec<Lex>,
    classes: Vec<u8>,
    tag: tagger::TagScratch,
    words: Vec<u64>,
    tags: Vec<u64>,
    clusters: Vec<u64>,
    parse: parser::Scratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Model {
    fn assemble(
        tagger: tagger::Tagger,
        parser: parser::Parser,
        lemmatizer: lemma::Lemmatizer,
        clusters: FxHashMap<u64, u64>,
    ) -> Model {
        let xpos_names = tagger
            .tags
            .xpos_names
            .iter()
            .map(|s| intern::intern(s))
            .collect();
        let label_names = parser.labels.iter().map(|s| intern::intern(s)).collect();
        Model {
            tagger,
            parser,
            lemmatizer,
            clusters,
            xpos_names,
            label_names,
        }
    }

    /// The model committed in `data/parser/model.bin`, decoded once per
    /// process.
    ///
    /// # Panics
    /// When the crate was built without a model or with a corrupt one
    /// (a build defect, never an input problem); [`Model::try_builtin`]
    /// reports it instead.
    pub fn builtin() -> &'static Model {
        match Model::try_builtin() {
            Ok(m) => m,
            Err(e) => panic!("the built-in parser model cannot be read: {e}"),
        }
    }

    /// The committed model, or why it cannot be read.
    pub fn try_builtin() -> Result<&'static Model, &'static ModelError> {
        static MODEL: OnceLock<Result<Model, ModelError>> = OnceLock::new();
        MODEL.get_or_init(|| Model::from_bytes(BUILTIN)).as_ref()
    }

    /// Decodes a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        format::decode(bytes)
    }

    /// Encodes the model (deterministic: the same model, the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        format::encode(self)
    }

    /// Tokenizes `text[start..end]` (UD English conventions, see
    /// [`tokenize`]) and tags, lemmatizes and parses it as one sentence.
    /// Offsets are into `text`. Out-of-range or non-boundary offsets are
    /// clamped to the nearest char boundaries inside `text`.
    pub fn parse(&self, text: &str, start: usize, end: usize) -> Parse {
        let spans = tokenize(text, start, end);
        let forms: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        self.analyse(&forms, &spans)
    }

    /// As [`Model::parse`], with the words inside any of `nouns` (byte
    /// ranges of `text`) tagged as nouns: a caller that recognised "tanks"
    /// as a weapon's name keeps the tagger from reading it as a verb.
    pub fn parse_with_nouns(
        &self,
        text: &str,
        start: usize,
        end: usize,
        nouns: &[(usize, usize)],
    ) -> Parse {
        let hints: Vec<Hint> = nouns
            .iter()
            .map(|&(start, end)| Hint {
                start,
                end,
                want: Wanted::Nominal,
            })
            .collect();
        self.parse_with_units(text, start, end, &hints, &[])
    }

    /// As [`Model::parse`], with the words inside each of `hints` tagged as
    /// it wants (see [`Hint`]), and the words inside any of `units`
    /// (names a caller recognised, "Bharat Dynamics Limited"; amounts,
    /// "35.4 mln dlr") read as one word, so that a name's inner words
    /// ("and", "General") cannot take part in the sentence's structure. The
    /// models see a unit as its `seen_as` form, else as its last word (a
    /// name's head, then tagged as a noun, or as the hint covering exactly
    /// the unit wants: a proper noun for "Elbit Systems").
    pub fn parse_with_units(
        &self,
        text: &str,
        start: usize,
        end: usize,
        hints: &[Hint],
        units: &[Unit<'_>],
    ) -> Parse {
        let ranges: Vec<(usize, usize)> = units.iter().map(|u| (u.start, u.end)).collect();
        let spans = merge_units(&tokenize(text, start, end), &ranges);
        let forms: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        // A word that is a whole unit ("US-made", "LCA-Tejas", joined from
        // the tokenizer's "US - made") is one too.
        let unit_of = |(s, e): (usize, usize)| {
            let joined = text[s..e].contains(char::is_whitespace);
            units.iter().find(|u| {
                let whole = (u.start, u.end) == (s, e);
                (joined || whole) && u.start <= s && e <= u.end
            })
        };
        let seen: Vec<&str> = spans
            .iter()
            .zip(&forms)
            .map(|(&span, f)| match unit_of(span) {
                Some(Unit {
                    seen_as: Some(x), ..
                }) => x,
                _ => unit_head(f),
            })
            .collect();
        let flags: Vec<Wanted> = spans
            .iter()
            .map(|&(s, e)| match unit_of((s, e)) {
                // A name unit a hint covers exactly is what the hint says
                // ("Elbit Systems" a proper noun, not a plural).
                Some(Unit { seen_as: None, .. }) => hints
                    .iter()
                    .find(|h| (h.start, h.end) == (s, e))
                    .map_or(Wanted::Nominal, |h| h.want),
                // A hint over exactly the unit tells what it is ("mine-
                // protected" an adjective).
                Some(_) => hints
                    .iter()
                    .find(|h| (h.start, h.end) == (s, e))
                    .map_or(Wanted::Any, |h| h.want),
                None => hints
                    .iter()
                    .find(|h| h.start <= s && e <= h.end)
                    .map_or(Wanted::Any, |h| h.want),
            })
            .collect();
        SCRATCH.with(|sc| {
            let mut guard = sc.try_borrow_mut();
            let words = (seen.as_slice(), forms.as_slice());
            match guard.as_deref_mut() {
                Ok(sc) => self.analyse_flagged(words, &spans, &flags, sc),
                Err(_) => self.analyse_flagged(words, &spans, &flags, &mut Scratch::default()),
            }
        })
    }

    /// Tags, lemmatizes and parses the given words (gold tokens, for
    /// evaluation). Offsets index `forms.join(" ")`.
    pub fn parse_forms(&self, forms: &[&str]) -> Parse {
        let mut spans = Vec::with_capacity(forms.len());
        let mut at = 0;
        for f in forms {
            spans.push((at, at + f.len()));
            at += f.len() + 1;
        }
        self.analyse(forms, &spans)
    }

    /// Parses gold words with gold (UPOS, XPOS) tags: a diagnostic of how
    /// much tagging errors cost the parser. Unknown pairs fall back to the
    /// tagger's prediction.
    #[doc(hidden)]
    pub fn parse_gold_tags(&self, forms: &[&str], tags: &[(&str, &str)]) -> Parse {
        let spans = vec![(0, 0); forms.len()];
        SCRATCH.with(|sc| {
            let sc = &mut *sc.borrow_mut();
            self.tag(forms, sc);
            for (c, (u, x)) in sc.classes.iter_mut().zip(tags) {
                let class = Upos::parse(u).and_then(|u| self.tagger.tags.class(u, x));
                *c = class.unwrap_or(*c);
            }
            self.parser_input(sc);
            let cx = Context {
                words: &sc.words,
                tags: &sc.tags,
                clusters: &sc.clusters,
            };
            self.parser.parse(&cx, &mut sc.parse);
            self.words(forms, &spans, sc)
        })
    }

    fn analyse(&self, forms: &[&str], spans: &[(usize, usize)]) -> Parse {
        SCRATCH.with(|sc| {
            let mut guard = sc.try_borrow_mut();
            match guard.as_deref_mut() {
                Ok(sc) => self.analyse_with(forms, spans, sc),
                Err(_) => self.analyse_with(forms, spans, &mut Scratch::default()),
            }
        })
    }

    fn analyse_with(&self, forms: &[&str], spans: &[(usize, usize)], sc: &mut Scratch) -> Parse {
        self.analyse_flagged((forms, forms), spans, &[], sc)
    }

    /// `words`: the forms the models read, and the forms written out.
    fn analyse_flagged(
        &self,
        (seen, forms): (&[&str], &[&str]),
        spans: &[(usize, usize)],
        wanted: &[Wanted],
        sc: &mut Scratch,
    ) -> Parse {
        self.tag_flagged(seen, wanted, sc);
        self.parser_input(sc);
        let cx = Context {
            words: &sc.words,
            tags: &sc.tags,
            clusters: &sc.clusters,
        };
        self.parser.parse(&cx, &mut sc.parse);
        self.words(forms, spans, sc)
    }

    fn tag(&self, forms: &[&str], sc: &mut Scratch) {
        self.tag_flagged(forms, &[], sc);
    }

    fn tag_flagged(&self, forms: &[&str], wanted: &[Wanted], sc: &mut Scratch) {
        let adverbs = perfect_adverbs(forms, wanted);
        let wanted = adverbs.as_deref().unwrap_or(wanted);
        sc.lex.clear();
        sc.lex.extend(forms.iter().map(|f| {
            let mut l = lex::lex(f);
            l.cluster = self.clusters.get(&l.norm).copied().unwrap_or(0);
            l
        }));
        self.tagger
            .tag_constrained(&sc.lex, wanted, &mut sc.classes, &mut sc.tag);
    }

    /// The parser reads the XPOS tags (measured better than the joint
    /// (UPOS, XPOS) classes: 84.7 against 84.4 UAS on EWT dev).
    fn parser_input(&self, sc: &mut Scratch) {
        sc.words.clear();
        sc.words.extend(sc.lex.iter().map(|l| l.norm));
        sc.words.push(ROOT_WORD);
        sc.tags.clear();
        let xpos = &self.tagger.tags.xpos;
        sc.tags.extend(
            sc.classes
                .iter()
                .map(|&c| u64::from(xpos.get(usize::from(c)).copied().unwrap_or(0))),
        );
        sc.tags.push(ROOT_TAG);
        sc.clusters.clear();
        sc.clusters.extend_from_slice(&sc.tag.amb);
        sc.clusters.push(0);
    }

    fn words(&self, forms: &[&str], spans: &[(usize, usize)], sc: &Scratch) -> Parse {
        let tags = &self.tagger.tags;
        let st = &sc.parse.state;
        let n = forms.len();
        let tokens = (0..n)
            .map(|i| {
                let class = usize::from(sc.classes[i]);
                let upos = tags.upos.get(class).copied().unwrap_or(Upos::X);
                let xpos = tags.xpos.get(class).map_or("_", |&x| {
                    self.xpos_names.get(usize::from(x)).copied().unwrap_or("_")
                });
                let h = st.heads[i];
                Word {
                    start: spans[i].0,
                    end: spans[i].1,
                    form: forms[i].to_string(),
                    lemma: self.lemmatizer.lemma(forms[i], upos),
                    upos,
                    xpos,
                    head: (h != NONE && (h as usize) < n).then_some(h as usize),
                    deprel: self.label(st.labels[i]),
                }
            })
            .collect();
        let mut parse = Parse { tokens };
        repair::repair(&mut parse);
        parse
    }

    fn label(&self, l: u8) -> &'static str {
        if l == ROOT_LABEL || l == 0 {
            return "root";
        }
        self.label_names
            .get(usize::from(l) - 1)
            .copied()
            .unwrap_or("dep")
    }

    /// The lemma of `form` tagged `upos` (treebank table, irregular verbs,
    /// suffix rules).
    pub fn lemma(&self, form: &str, upos: Upos) -> String {
        self.lemmatizer.lemma(form, upos)
    }

    /// Drops parser weights below `min_abs` (quantized units): a smaller,
    /// faster model (for size experiments; training's `--prune` does the
    /// same).
    #[doc(hidden)]
    pub fn prune(&mut self, min_abs: i16) {
        self.parser.weights = self.parser.weights.pruned(min_abs);
    }

    /// Feature rows and weights of the tagger and of the parser.
    #[doc(hidden)]
    pub fn sizes(&self) -> [(usize, usize); 2] {
        [self.tagger.weights.size(), self.parser.weights.size()]
    }

    /// The relation labels the parser predicts (besides `root`).
    pub fn labels(&self) -> &[String] {
        &self.parser.labels
    }
}

impl Parse {
    /// Indices of the dependents of word `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == Some(i))
            .map(|(j, _)| j)
    }

    /// The root word.
    pub fn root(&self) -> Option<usize> {
        self.tokens.iter().position(|w| w.head.is_none())
    }

    /// Byte span from the first to the last word of `i`'s subtree.
    pub fn subtree_span(&self, i: usize) -> (usize, usize) {
        let Some(w) = self.tokens.get(i) else {
            return (0, 0);
        };
        let (mut lo, mut hi) = (w.start, w.end);
        for (j, t) in self.tokens.iter().enumerate() {
            if self.dominates(i, j) {
                lo = lo.min(t.start);
                hi = hi.max(t.end);
            }
        }
        (lo, hi)
    }

    /// Whether `i` is `j` or one of its ancestors.
    pub fn dominates(&self, i: usize, mut j: usize) -> bool {
        for _ in 0..=self.tokens.len() {
            if i == j {
                return true;
            }
            match self.tokens.get(j).and_then(|w| w.head) {
                Some(h) => j = h,
                None => return false,
            }
        }
        false
    }

    /// The analysis as a CoNLL-U block (ids from 1, `_` where nothing is
    /// predicted, byte offsets as `TokenRange=start:end` in MISC), ending
    /// with a blank line.
    pub fn to_conllu(&self) -> String {
        let mut out = String::new();
        for (i, w) in self.tokens.iter().enumerate() {
            let head = w.head.map_or(0, |h| h + 1);
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\tTokenRange={}:{}\n",
                i + 1,
                conllu_field(&w.form),
                conllu_field(&w.lemma),
                w.upos,
                w.xpos,
                head,
                w.deprel,
                w.start,
                w.end
            ));
        }
        out.push('\n');
        out
    }
}

/// A CoNLL-U field cannot hold tabs or newlines, nor be empty.
fn conllu_field(s: &str) -> String {
    if s.is_empty() {
        return "_".to_string();
    }
    s.chars()
        .map(|c| if c.is_whitespace() { '\u{a0}' } else { c })
        .collect()
}

/// What a caller knows of the words in `start..end` (byte offsets into the
/// text parsed): "tanks" recognised as goods is a noun; "transport" in the
/// goods "transport aircraft" is no verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub start: usize,
    pub end: usize,
    pub want: Wanted,
}

/// The word of a unit the models read: its last, but before a firm's
/// legal suffix ("Hindustan Aeronautics Limited" reads as "Aeronautics":
/// "Limited" is an adjective or a verb's participle to the tagger).
fn unit_head(form: &str) -> &str {
    const SUFFIXES: &[&str] = &[
        "Limited",
        "Ltd",
        "Ltd.",
        "Corp",
        "Corp.",
        "Corporation",
        "Inc",
        "Inc.",
        "plc",
        "PLC",
        "LLC",
        "AG",
        "SA",
        "S.A.",
        "GmbH",
        "Co",
        "Co.",
        "Pvt",
    ];
    form.split_whitespace()
        .rev()
        .find(|w| !SUFFIXES.contains(w))
        .unwrap_or(form)
}

/// Words a caller wants read as one (see [`Model::parse_with_units`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit<'a> {
    pub start: usize,
    pub end: usize,
    /// The form the models see; `None`: the unit's last word, as a noun.
    pub seen_as: Option<&'a str>,
}

/// Token spans with those inside one unit joined: every token wholly
/// inside a unit range becomes part of one span. Units of one token, and
/// units that cut a token, change nothing.
fn merge_units(spans: &[(usize, usize)], units: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    let mut in_unit: Option<usize> = None;
    for &(s, e) in spans {
        let unit = units.iter().position(|&(us, ue)| us <= s && e <= ue);
        match (unit, in_unit, out.last_mut()) {
            (Some(u), Some(v), Some(last)) if u == v => last.1 = e,
            _ => out.push((s, e)),
        }
        in_unit = unit;
    }
    out
}

/// "have since been delivered", "has since become": "since" between a form
/// of "have" and the participle is an adverb, never the verb the tagger may
/// take it for (a preposition when a time follows: "has since 2019 been").
/// The constraints `wanted` with such words marked, if any.
fn perfect_adverbs(forms: &[&str], wanted: &[Wanted]) -> Option<Vec<Wanted>> {
    let is_have = |w: &str| {
        ["have", "has", "had", "'ve", "’ve"]
            .iter()
            .any(|h| w.eq_ignore_ascii_case(h))
    };
    let marks: Vec<usize> = (1..forms.len().saturating_sub(1))
        .filter(|&i| {
            let next = forms[i + 1];
            forms[i].eq_ignore_ascii_case("since")
                && is_have(forms[i - 1])
                && next.chars().all(|c| c.is_ascii_lowercase())
                && next != "then"
                && wanted.get(i).is_none_or(|w| *w == Wanted::Any)
        })
        .collect();
    if marks.is_empty() {
        return None;
    }
    let mut out = wanted.to_vec();
    out.resize(forms.len().max(out.len()), Wanted::Any);
    for i in marks {
        out[i] = Wanted::Adverb;
    }
    Some(out)
}
