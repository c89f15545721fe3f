//! Annotation: the second pipeline stage. Takes a [`Document`] and finds
//! sentences, countries, organisations, people, weapon systems, money,
//! dates and cited outlets, all with byte offsets into the document text.
//!
//! Invariants:
//! - Every offset is a char boundary of `doc.text` and lies inside one
//!   sentence (mentions never straddle sentences).
//! - Relative dates are resolved against `doc.published` only; without it
//!   they are left out rather than guessed.
//! - The gazetteer is parsed once per process ([`Gazetteer::builtin`]).

pub mod dates;
pub mod gazetteer;
pub mod money;
pub mod names;
pub mod systems;
pub mod text;

pub use dates::DateMention;
pub use gazetteer::{Gazetteer, GazetteerError};
pub use money::MoneyMention;
pub use names::{CountryForm, CountryMention, EntityInfo, NameMention};
pub use systems::SystemMention;
pub use text::{Sentence, SentenceTokens, Token};

use armswatch_register::Document;

/// Everything the extractor needs to know about one document.
pub struct Annotation<'d> {
    pub doc: &'d Document,
    pub sentences: Vec<Sentence>,
    /// Tokens per sentence.
    pub tokens: SentenceTokens,
    pub countries: Vec<CountryMention>,
    pub entities: Vec<EntityInfo>,
    pub mentions: Vec<NameMention>,
    /// Systems per sentence.
    pub systems: Vec<Vec<SystemMention>>,
    pub money: Vec<MoneyMention>,
    pub dates: Vec<DateMention>,
    pub home: Option<String>,
}

impl<'d> Annotation<'d> {
    pub fn text(&self) -> &'d str {
        &self.doc.text
    }

    pub fn sentence_text(&self, i: usize) -> &'d str {
        let s = self.sentences[i];
        &self.doc.text[s.start..s.end]
    }

    /// Index of the sentence containing byte `pos`.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }

    // The lists below are in text order (money is sorted, dates and
    // countries come from one left-to-right pass, mentions are sorted by
    // start), so a sentence's share is found by binary search: a scan per
    // sentence is quadratic on long articles.

    pub fn money_in(&self, si: usize) -> impl Iterator<Item = &MoneyMention> {
        let s = self.sentences[si];
        let from = self.money.partition_point(|m| m.start < s.start);
        self.money[from..]
            .iter()
            .take_while(move |m| m.start <= s.end)
            .filter(move |m| m.end <= s.end)
    }

    pub fn dates_in(&self, si: usize) -> impl Iterator<Item = &DateMention> {
        let s = self.sentences[si];
        let from = self.dates.partition_point(|m| m.start < s.start);
        self.dates[from..]
            .iter()
            .take_while(move |m| m.start <= s.end)
            .filter(move |m| m.end <= s.end)
    }

    pub fn countries_in(&self, si: usize) -> impl Iterator<Item = &CountryMention> {
        let from = self.countries.partition_point(|c| c.sentence < si);
        self.countries[from..]
            .iter()
            .take_while(move |c| c.sentence == si)
    }

    pub fn mentions_in(&self, si: usize) -> impl Iterator<Item = &NameMention> {
        let from = self.mentions.partition_point(|m| m.sentence < si);
        self.mentions[from..]
            .iter()
            .take_while(move |m| m.sentence == si)
    }
}

/// Annotates one document. Pure: the same document always gives the same
/// annotation.
pub fn annotate<'d>(g: &Gazetteer, doc: &'d Document) -> Annotation<'d> {
    let text = doc.text.as_str();
    let sentences = text::sentences(text);
    let tokens = SentenceTokens::new(sentences.iter().map(|s| text::tokens(text, s.start, s.end)));
    // One pass of the gazetteer automaton over the whole text.
    let hits = g.find(text);
    let outlet_home = doc.outlet.as_deref().and_then(|o| g.outlet_home(o));
    let names = names::recognise(
        g,
        names::Input {
            text,
            sentences: &sentences,
            tokens: &tokens,
            published: doc.published,
            outlet_home,
        },
        &hits,
    );
    let systems = find_all_systems(g, text, &sentences, &hits);
    let mut money = money::find_money(text);
    // The French franc ended in 2002; later "francs" are Swiss, and a story
    // that names Swiss francs means them throughout.
    let swiss = text.contains("Swiss franc") || doc.published.is_some_and(|p| p.year >= 2002);
    for m in &mut money {
        if swiss && m.money.currency == "FRF" {
            m.money.currency = "CHF".into();
        }
    }
    // A number inside a designation ("MBT 2000") or an amount is not a year.
    let taken = Spans::new(
        systems
            .iter()
            .flatten()
            .filter(|s| s.name.is_some())
            .map(|s| (s.start, s.end))
            .chain(money.iter().map(|m| (m.start, m.end)))
            .collect(),
    );
    let mut dates: Vec<_> = dates::find_dates(text, doc.published)
        .into_iter()
        .filter(|d| !taken.overlaps(d.start, d.end))
        .collect();
    dates.shrink_to_fit();
    Annotation {
        doc,
        tokens,
        sentences,
        countries: names.countries,
        entities: names.entities,
        mentions: names.mentions,
        systems,
        money,
        dates,
        home: names.home,
    }
}

/// The systems of every sentence: a first pass finds them where a system
/// word or the gazetteer tells them; a second reads again the sentences
/// that repeat a designation the first pass learnt ("its RUAV-200 drone"
/// ... "to acquire the RUAV-200").
fn find_all_systems(
    g: &Gazetteer,
    text: &str,
    sentences: &[text::Sentence],
    hits: &[(usize, usize, gazetteer::Surface)],
) -> Vec<Vec<SystemMention>> {
    let none = systems::KnownDesignations::default();
    let find = |s: &text::Sentence, known: &systems::KnownDesignations| {
        if s.heading {
            return Vec::new();
        }
        // Kept for the article's life: no spare capacity.
        let mut found = systems::find_systems(g, text, (s.start, s.end), hits, known);
        found.shrink_to_fit();
        found
    };
    let mut out: Vec<Vec<SystemMention>> = sentences.iter().map(|s| find(s, &none)).collect();
    let known = systems::known_designations(g, out.iter().flatten());
    if known.is_empty() {
        return out;
    }
    // One automaton pass over the text finds the sentences worth a second
    // read, so the pass stays linear in the article.
    let Ok(ac) = aho_corasick::AhoCorasick::new(known.keys()) else {
        return out;
    };
    let mut again: Vec<usize> = ac
        .find_iter(text)
        .map(|m| sentences.partition_point(|s| s.end <= m.start()))
        .filter(|&si| si < sentences.len())
        .collect();
    again.dedup();
    for si in again {
        out[si] = find(&sentences[si], &known);
    }
    out
}

/// Byte spans asked whether any overlaps a range, in logarithmic time (a
/// scan of every span per date is quadratic on a long article).
struct Spans {
    /// Starts, sorted.
    starts: Vec<usize>,
    /// The largest end among the spans up to each position.
    max_end: Vec<usize>,
}

impl Spans {
    fn new(mut spans: Vec<(usize, usize)>) -> Spans {
        spans.sort_unstable();
        let starts = spans.iter().map(|s| s.0).collect();
        let max_end = spans
            .iter()
            .scan(0, |m, s| {
                *m = (*m).max(s.1);
                Some(*m)
            })
            .collect();
        Spans { starts, max_end }
    }

    /// Whether some span overlaps `start..end`: one that starts before
    /// `end` and ends after `start`.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let before_end = self.starts.partition_point(|&s| s < end);
        before_end > 0 && self.max_end[before_end - 1] > start
    }
}
