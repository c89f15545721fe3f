//! The grammar pass: sentences that hold a trigger word are parsed (lazily:
//! a sentence with none costs no parse), the rules of `data/grammar` run
//! over each parse, and the tokens a rule reaches become actors, systems and
//! money through the annotation's mentions. The result is a [`Frame`] per
//! rule that fired, with the modifiers that changed its meaning.

use crate::actors::{self, Participant};
use armswatch_annotate::{Annotation, CountryForm, Gazetteer, SystemMention, Token};
use armswatch_grammar::{base, Grammar, Graph, Kind, Match, Modifier, Rule, Tree};
use armswatch_parse::{Hint, Model, Parse, Unit, Wanted};
use armswatch_register::{Actor, ActorType, Category};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// A parse seen through the grammar's [`Tree`] trait (lemmas lower-cased
/// once).
pub struct Parsed {
    pub parse: Parse,
    lemmas: Vec<String>,
}

impl Parsed {
    pub fn new(parse: Parse) -> Parsed {
        let lemmas = parse
            .tokens
            .iter()
            .map(|w| w.lemma.to_lowercase())
            .collect();
        Parsed { parse, lemmas }
    }

    /// The word whose span covers byte `pos`.
    pub fn word_at(&self, pos: usize) -> Option<usize> {
        self.parse
            .tokens
            .iter()
            .position(|w| w.start <= pos && pos < w.end)
    }
}

impl Tree for Parsed {
    fn len(&self) -> usize {
        self.parse.tokens.len()
    }
    fn head(&self, i: usize) -> Option<usize> {
        self.parse.tokens.get(i).and_then(|w| w.head)
    }
    fn deprel(&self, i: usize) -> &str {
        self.parse.tokens.get(i).map_or("", |w| w.deprel)
    }
    fn lemma(&self, i: usize) -> &str {
        self.lemmas.get(i).map_or("", String::as_str)
    }
    fn upos(&self, i: usize) -> &str {
        self.parse.tokens.get(i).map_or("", |w| w.upos.as_str())
    }
    fn form(&self, i: usize) -> &str {
        self.parse.tokens.get(i).map_or("", |w| w.form.as_str())
    }
}

/// What fills a role.
#[derive(Debug, Clone)]
pub enum Filler {
    Actor(Participant),
    System(SystemMention),
}

/// One rule that fired on one trigger, its roles filled.
#[derive(Debug, Clone)]
pub struct Frame {
    pub rule: &'static Rule,
    pub sentence: usize,
    /// Byte span of the trigger word.
    pub trigger: (usize, usize),
    pub status: Option<String>,
    /// The modifiers that applied, by name.
    pub modifiers: Vec<&'static str>,
    /// A modifier removed the record (negation, hypothesis).
    pub dropped: bool,
    /// Filled roles, in the rule's order: (role, path that filled it, fillers).
    pub roles: Vec<(String, String, Vec<Filler>)>,
    /// Byte span of the trigger's clause (its subtree), for money and dates.
    pub clause: (usize, usize),
    /// For one of several goods split into deals of their own: the stretch
    /// of text from its phrase to the next goods' phrase, where its own
    /// price is told ("X from A for $2 billion, and Y from B for $1 billion").
    pub value_window: Option<(usize, usize)>,
    /// No recipient was found, but a recipient path reached a platform
    /// other than the goods ("the Archer-NG will be equipped with an
    /// Israeli radar"): the goods go to the platform's owner; with the
    /// owner its possessor names ("the Army's Arjun tanks"), if any.
    pub recipient_platform: Option<(SystemMention, Option<Participant>)>,
    /// Sides that fill this frame's subject role in a parallel, gapped
    /// clause of the same verb ("X offered its tank, and Italy its
    /// Ariete": Italy beside X): sellers beside the seller, no prospect.
    pub parallel: Vec<Participant>,
    /// For goods a participle tells were bought ("the jets ordered from
    /// France"): the subject of the sentence's main clause ("Peru's
    /// defence committee was told that ..."), whose deal it may be.
    pub topic: Vec<Participant>,
}

impl Frame {
    pub fn actors<'f>(&'f self, role: &'f str) -> Vec<&'f Participant> {
        self.fillers(role)
            .filter_map(|f| match f {
                Filler::Actor(p) => Some(p),
                Filler::System(_) => None,
            })
            .collect()
    }

    pub fn systems<'f>(&'f self, role: &'f str) -> Vec<&'f SystemMention> {
        self.fillers(role)
            .filter_map(|f| match f {
                Filler::System(s) => Some(s),
                Filler::Actor(_) => None,
            })
            .collect()
    }

    fn fillers<'f>(&'f self, role: &'f str) -> impl Iterator<Item = &'f Filler> + 'f {
        self.roles
            .iter()
            .filter(move |(r, _, _)| r == role)
            .flat_map(|(_, _, v)| v.iter())
    }

    /// Whether the goods are told by a participle of buying on them ("the
    /// tanks ordered from Korea"), which names no buyer of its own.
    pub fn goods_told_by_participle(&self) -> bool {
        self.roles
            .iter()
            .any(|(role, path, _)| role == "system" && path.starts_with("^acl"))
    }

    pub fn set(&self, key: &str) -> Option<&str> {
        self.rule.sets.get(key).map(String::as_str)
    }
}

/// The grammar compiled into the binary (`data/grammar`; a test checks
/// that it parses, so the empty fallback is never met in a release).
pub fn grammar() -> &'static Grammar {
    static EMPTY: OnceLock<Grammar> = OnceLock::new();
    Grammar::builtin().unwrap_or_else(|_| EMPTY.get_or_init(Grammar::default))
}

/// Every form of the lemmas rules start from (regular inflections and the
/// irregular verbs of `data/parser/irregular_verbs.tsv`), with the kinds
/// of record those rules give.
fn trigger_forms() -> &'static FxHashMap<String, Kinds> {
    static S: OnceLock<FxHashMap<String, Kinds>> = OnceLock::new();
    S.get_or_init(|| {
        let mut by_lemma: FxHashMap<String, Kinds> = FxHashMap::default();
        for r in &grammar().rules {
            // A recipient the context supplies needs no party in the sentence.
            let contextual = ["recipient", "buyer"]
                .iter()
                .any(|role| r.sets.get(*role).is_some_and(|v| v == "competition"));
            for l in r.trigger.lemma.iter().flatten() {
                let k = by_lemma.entry(l.clone()).or_default();
                k.add(r.kind);
                if contextual {
                    k.0 |= Kinds::CONTEXTUAL;
                }
            }
        }
        let mut forms = by_lemma.clone();
        for (lemma, irregular) in irregular_forms() {
            let Some(&kinds) = by_lemma.get(*lemma) else {
                continue;
            };
            for f in irregular {
                forms.entry(f.to_string()).or_default().0 |= kinds.0;
            }
        }
        forms
    })
}

/// A set of record kinds, as bits.
#[derive(Debug, Clone, Copy, Default)]
struct Kinds(u8);

impl Kinds {
    /// A rule that may take its recipient from the article's competition.
    const CONTEXTUAL: u8 = 8;

    fn add(&mut self, k: Kind) {
        self.0 |= Kinds::bit(k);
    }
    fn bit(k: Kind) -> u8 {
        match k {
            Kind::Transfer => 1,
            Kind::Contest => 2,
            Kind::Engagement => 4,
        }
    }
    fn has(self, k: Kind) -> bool {
        self.0 & Kinds::bit(k) != 0
    }
}

const IRREGULAR: &str = include_str!("../../../data/parser/irregular_verbs.tsv");

/// Lemma → its irregular forms, from `data/parser/irregular_verbs.tsv`.
fn irregular_forms() -> &'static FxHashMap<&'static str, Vec<&'static str>> {
    static S: OnceLock<FxHashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    S.get_or_init(|| {
        let mut out: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for line in IRREGULAR.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            if let Some(lemma) = cols.next() {
                out.entry(lemma)
                    .or_default()
                    .extend(cols.flat_map(|c| c.split('/')).map(str::trim));
            }
        }
        out
    })
}

/// Candidate lemmas of a lower-case word by regular English inflection.
fn stems(w: &str) -> impl Iterator<Item = String> + '_ {
    let strip = |suffix: &'static str, add: &'static str| {
        w.strip_suffix(suffix)
            .filter(|s| s.len() >= 2)
            .map(move |s| format!("{s}{add}"))
    };
    let doubled = ["ed", "ing"].into_iter().filter_map(move |suf| {
        let s = w.strip_suffix(suf)?;
        let b = s.as_bytes();
        (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2]).then(|| s[..s.len() - 1].to_string())
    });
    [
        Some(w.to_string()),
        strip("s", ""),
        strip("es", ""),
        strip("ies", "y"),
        strip("ied", "y"),
        strip("ed", ""),
        strip("ed", "e"),
        strip("d", ""),
        strip("ing", ""),
        strip("ing", "e"),
    ]
    .into_iter()
    .flatten()
    .chain(doubled)
}

/// Whether sentence `si` may hold a trigger: some word is a form of a
/// trigger lemma. Cheap (no tagging), so most sentences are never parsed.
pub fn may_trigger(a: &Annotation<'_>, si: usize) -> bool {
    // A deal needs a party and something traded in the sentence (or only
    // the goods, for a rule whose recipient the context gives), a contest
    // a party, an engagement two. Anything else is not worth a parse.
    let named = |s: usize| a.countries_in(s).count() + a.mentions_in(s).count();
    let traded = !a.systems[si].is_empty() || a.money_in(si).next().is_some();
    // "It ordered 30 more jets": a word pointing back to a party named in
    // the sentences just before counts as one (the parse finds which).
    // "Deliveries of 73 Tejas Mk1A begin in February": a named design
    // alone, in a story whose parties were named just before, may tell
    // their deal (its buyer is the one told buying it, or the home force
    // buying a home design).
    let told_before = (si.saturating_sub(3)..si).any(|s| named(s) > 0);
    let designed = a.systems[si].iter().any(|s| s.name.is_some() && !s.generic);
    let parties = match named(si) {
        0 if traded && told_before && (designed || points_back(a, si)) => 1,
        n => n,
    };
    let deal_possible = parties >= 1 && traded;
    let meeting_possible = parties >= 2;
    // "A tender will be issued in May": a contest may take its buyer from
    // the sentences before.
    if parties == 0 && !traded && !told_before {
        return false;
    }
    let forms = trigger_forms();
    a.tokens.of(si).any(|t| {
        let w = a.text()[t.start..t.end].to_lowercase();
        if !w.chars().next().is_some_and(char::is_alphabetic) {
            return false;
        }
        // "wet-leased", "re-ordered": the verb after a hyphened prefix.
        let last = w.rsplit('-').next().unwrap_or(&w);
        let hit = stems(&w)
            .chain(stems(last))
            .filter_map(|s| forms.get(&s).copied())
            .any(|k| {
                (traded && k.0 & Kinds::CONTEXTUAL != 0)
                    || (deal_possible && k.has(Kind::Transfer))
                    || ((parties >= 1 || told_before) && k.has(Kind::Contest))
                    || (meeting_possible && k.has(Kind::Engagement))
            });
        hit
    })
}

/// Whether sentence `si` has a word that may stand for a party told before
/// ("it", "the company", "the force").
fn points_back(a: &Annotation<'_>, si: usize) -> bool {
    a.tokens.of(si).any(|t| {
        let w = a.text()[t.start..t.end].to_lowercase();
        let found =
            stems(&w).any(|s| points_back_to(&s).is_some_and(|k| !k.contains(&ActorType::Person)));
        found
    })
}

/// Parses sentence `si`; `None` when the binary was built without a parser
/// model (extraction then reads sentences without the grammar).
pub fn parse_sentence(g: &Gazetteer, a: &Annotation<'_>, si: usize) -> Option<Parsed> {
    let s = a.sentences[si];
    // The first hint over a word wins: a country read as an adjective in a
    // list of them outranks its reading as a name.
    let mut hints = country_list_hints(a, si);
    // Before the systems' own hints: the describing word is no head.
    hints.extend(
        hyphenated_describers(a, si)
            .into_iter()
            .map(|(start, end)| Hint {
                start,
                end,
                want: Wanted::Adjective,
            }),
    );
    hints.extend(system_hints(g, a, si));
    hints.extend(name_hints(a, si));
    hints.extend(particle_hints(a, si));
    hints.extend(to_verb_hints(a, si));
    hints.extend(unit_hints(a, si));
    hints.extend(attributive_participle_hints(a, si));
    hints.extend(opening_subject_verb_hints(a, si));
    hints.extend(that_verb_hints(a, si));
    hints.extend(talks_noun_hints(a, si));
    let units = parse_units(a, si);
    let model = model()?;
    let span = (s.start, s.end);
    Some(Parsed::new(crate::parse_memo::parse(
        a.text(),
        span,
        &hints,
        &units,
        || model.parse_with_units(a.text(), s.start, s.end, &hints, &units),
    )))
}

/// Names of several words the annotator recognised (organisations,
/// countries) and amounts of money: each is one word to the parser, so
/// that "Defence Research and Development Organisation" is no
/// coordination, "General Motors Corp" no adjective before a noun, and
/// "a 35.4 mln dlr increase" reads as a number before its noun ("a 20
/// increase"; as "$" it broke more parses than it mended).
fn parse_units(a: &Annotation<'_>, si: usize) -> Vec<Unit<'static>> {
    let text = a.text();
    let plain = |&(s, e): &(usize, usize)| {
        let span = &text[s..e];
        span.contains(' ')
            && span
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '&'))
    };
    // People's names parse well as they are (a head and its flat parts).
    let names = a
        .mentions_in(si)
        .filter(|m| a.entities[m.entity].kind != ActorType::Person)
        .map(|m| (m.start, m.end))
        .chain(a.countries_in(si).map(|c| (c.start, c.end)))
        .filter(plain)
        .map(|(start, end)| Unit {
            start,
            end,
            seen_as: None,
        });
    let amounts = a.money_in(si).map(|m| Unit {
        start: m.start,
        end: m.end,
        seen_as: Some("20"),
    });
    let mut makers = maker_participles(a, si);
    makers.extend(hyphenated_makers(a, si));
    makers.extend(made_in_phrases(a, si));
    let inside_maker = |u: &Unit<'_>| makers.iter().any(|m| m.start <= u.start && u.end <= m.end);
    let names: Vec<Unit<'static>> = names.filter(|u| !inside_maker(u)).collect();
    makers
        .into_iter()
        .chain(names)
        .chain(amounts)
        .chain(hyphenated_designations(a, si))
        .chain(
            hyphenated_describers(a, si)
                .into_iter()
                .map(|(start, end)| Unit {
                    start,
                    end,
                    seen_as: Some("armoured"),
                }),
        )
        .chain(spaced_designations(a, si))
        .chain(x_to_y_words(a, si))
        .collect()
}

/// "Government-to-government", "surface-to-air": the tokenizer splits the
/// hyphens and the parser then reads "to Government" as a party of the
/// deal. One describing word ("bilateral deal", "bilateral missiles").
fn x_to_y_words(a: &Annotation<'_>, si: usize) -> Vec<Unit<'static>> {
    let s = a.sentences[si];
    let text = &a.text()[s.start..s.end];
    let mut out = Vec::new();
    let mut at = 0;
    for word in text.split([' ', ',', ';', '(', ')', '"']) {
        let start = s.start + at;
        at += word.len() + 1;
        let parts: Vec<&str> = word.split('-').collect();
        let x_to_y = parts.len() == 3
            && parts[1].eq_ignore_ascii_case("to")
            && [parts[0], parts[2]]
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic));
        if x_to_y {
            out.push(Unit {
                start,
                end: start + word.len(),
                seen_as: Some("bilateral"),
            });
        }
    }
    out
}

/// The capitalised words of a named system's mention written apart ("C-17
/// Globemaster III", "MQ-9B Sea Guardian", "Su-30 MKI", "Leopard 2"): one name to the
/// parser, which otherwise reads "III" as a number and "Sea" as a noun of
/// its own. Words of a country's or organisation's name ("Indian Navy
/// P-8I") stay apart.
fn spaced_designations(a: &Annotation<'_>, si: usize) -> Vec<Unit<'static>> {
    let text = a.text();
    let named_elsewhere = |s: usize, e: usize| {
        a.countries_in(si).any(|c| c.start < e && s < c.end)
            || a.mentions_in(si).any(|m| m.start < e && s < m.end)
    };
    let mut out: Vec<Unit<'static>> = Vec::new();
    for m in a.systems[si]
        .iter()
        .filter(|m| !m.generic && m.name.is_some())
    {
        // Only a name known for a system or a designation: a capitalised
        // word before a noun ("Endurance unmanned vehicles") may be the
        // tail of a longer name.
        let sure = m.name.as_deref().is_some_and(|n| {
            n.chars().any(|c| c.is_ascii_digit())
                || Gazetteer::builtin().is_ok_and(|g| g.system(n).is_some())
        });
        let unit = sure.then(|| name_and_noun(text, m.start, m.end, &named_elsewhere));
        if let Some(unit) = unit.flatten() {
            out.push(unit);
            continue;
        }
        let mut run: Option<(usize, usize, usize)> = None; // start, end, words
        let mut at = m.start;
        for word in text[m.start..m.end].split(' ') {
            let (start, end) = (at, at + word.len());
            at = end + 1;
            // A number after a capitalised word is the name's mark ("Leopard
            // 2", "Block 70"), not a count of the noun after it.
            let mark = run.is_some() && word.len() <= 4 && word.chars().all(|c| c.is_ascii_digit());
            let capital = word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && (word.chars().any(char::is_alphabetic) || mark)
                && word
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '/');
            if capital && !named_elsewhere(start, end) {
                run = Some(match run {
                    Some((s, _, n)) => (s, end, n + 1),
                    None => (start, end, 1),
                });
                continue;
            }
            out.extend(spaced_unit(text, run.take()));
        }
        out.extend(spaced_unit(text, run));
    }
    out
}

/// "Leopard 2 tanks", "ALS 50 loitering munition": a system's name and
/// the nouns after it are one word to the parser, read as its last noun,
/// so that a number or a word like "loitering" inside is no count or
/// verb of its own. Lower-case words before the name ("anti-ship", a
/// nationality's country) stay apart.
fn name_and_noun(
    text: &str,
    start: usize,
    end: usize,
    named_elsewhere: &impl Fn(usize, usize) -> bool,
) -> Option<Unit<'static>> {
    let mut at = start;
    let mut name: Option<(usize, usize)> = None;
    let mut nouns = 0;
    for word in text[start..end].split(' ') {
        let (ws, we) = (at, at + word.len());
        at = we + 1;
        let lower = word.chars().all(|c| c.is_lowercase() || c == '-') && !word.is_empty();
        let name_word = !lower
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '/')
            && !named_elsewhere(ws, we);
        match (name, lower) {
            (None, true) => {}
            (None, false) if name_word => name = Some((ws, we)),
            (Some((ns, _)), false) if name_word && nouns == 0 => name = Some((ns, we)),
            (Some(_), true) => nouns += 1,
            _ => return None,
        }
    }
    let (ns, _) = name?;
    (nouns > 0).then_some(Unit {
        start: ns,
        end,
        seen_as: None,
    })
}

fn spaced_unit(text: &str, run: Option<(usize, usize, usize)>) -> Option<Unit<'static>> {
    run.filter(|&(_, _, words)| words >= 2)
        .map(|(start, end, _)| Unit {
            start,
            end,
            // A name ending in a bare number ("ALS 50") is no form the
            // tagger knows; it reads as a name it does.
            seen_as: text[start..end]
                .ends_with(|c: char| c.is_ascii_digit())
                .then_some("Boeing"),
        })
}

/// Words before a maker's name that open a noun phrase: "90 units of HAL
/// developed helicopters", "the Acme built radar".
const OPENS_NOUN_PHRASE: &[&str] = &[
    "of", "the", "a", "an", "its", "their", "his", "her", "our", "these", "those", "with", "for",
    "more", "new", "two", "three", "four", "five", "six",
];

/// Words that cannot follow a describing participle inside a noun phrase:
/// after them the participle is a verb ("HAL developed the jet").
const ENDS_PARTICIPLE_READING: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "it", "them",
    "by", "in", "on", "at", "for", "to", "with", "and", "or", "from", "over", "since",
];

/// "90 units of HAL developed Prachand helicopters": a maker's name and a
/// participle of making (class `make_verb`) written without the hyphen
/// of "HAL-developed", inside a noun phrase. The parser takes the
/// participle for the verb of a clause; read as one describing word
/// ("indigenous"), the phrase keeps its goods.
fn maker_participles(a: &Annotation<'_>, si: usize) -> Vec<Unit<'static>> {
    let forms = make_participle_forms();
    let words = SentenceWords::of(a, si);
    let mut out = Vec::new();
    for m in a
        .mentions_in(si)
        .filter(|m| a.entities[m.entity].kind != ActorType::Person)
    {
        let Some((first, last)) = words.span(m.start, m.end) else {
            continue;
        };
        let participle = words.word(last + 1).filter(|w| forms.contains(*w));
        if words.opens_before(first) && participle.is_some() && words.goods_at(last + 2, false) {
            out.push(Unit {
                start: m.start,
                end: words.tokens[last + 1].end,
                seen_as: Some("indigenous"),
            });
        }
    }
    out
}

/// A sentence's tokens with the text they are words of, for readings of
/// word sequences the parser would split wrongly.
struct SentenceWords<'a> {
    text: &'a str,
    tokens: Vec<Token>,
}

impl<'a> SentenceWords<'a> {
    fn of(a: &'a Annotation<'_>, si: usize) -> Self {
        SentenceWords {
            text: a.text(),
            tokens: a.tokens.of(si).collect(),
        }
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        self.tokens.get(i).map(|t| &self.text[t.start..t.end])
    }

    /// The first and last tokens a name from `start` to `end` spans
    /// exactly.
    fn span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.tokens.iter().position(|t| t.start == start)?;
        let last = self.tokens.iter().position(|t| t.end == end)?;
        Some((first, last))
    }

    /// Whether the word before token `i` opens a noun phrase: a determiner
    /// or the like, or a count ("40", "1,200").
    fn opens_before(&self, i: usize) -> bool {
        i.checked_sub(1)
            .and_then(|k| self.word(k))
            .is_some_and(|w| {
                OPENS_NOUN_PHRASE.contains(&w.to_lowercase().as_str())
                    || w.chars()
                        .all(|c| c.is_ascii_digit() || c == '-' || c == ',')
            })
    }

    /// Whether token `i` may be a word of goods after a describing phrase
    /// (hyphened words too, with `hyphened`): no word that would make the
    /// phrase a clause ("HAL developed the jet").
    fn goods_at(&self, i: usize, hyphened: bool) -> bool {
        self.word(i).is_some_and(|w| {
            w.chars()
                .all(|c| c.is_alphanumeric() || (hyphened && c == '-'))
                && !ENDS_PARTICIPLE_READING.contains(&w.to_lowercase().as_str())
        })
    }
}

/// "100 Made in India guns", "the built in Korea tanks": a participle of
/// making, `in` and a country's name set before the goods. Split, the
/// participle reads as the noun the count measures and "in India guns" as
/// a place; one describing word, as "Indian-made" is, the phrase keeps
/// its goods.
fn made_in_phrases(a: &Annotation<'_>, si: usize) -> Vec<Unit<'static>> {
    let forms = origin_participle_forms();
    let words = SentenceWords::of(a, si);
    let mut out = Vec::new();
    for c in a
        .countries_in(si)
        .filter(|c| c.form != CountryForm::Demonym)
    {
        let Some((at, last)) = words.span(c.start, c.end) else {
            continue;
        };
        let (Some(made), Some(prep)) = (at.checked_sub(2), at.checked_sub(1)) else {
            continue;
        };
        let participle = words
            .word(made)
            .is_some_and(|w| forms.contains(&w.to_lowercase()));
        if participle
            && words.word(prep) == Some("in")
            && words.opens_before(made)
            && words.goods_at(last + 1, true)
        {
            out.push(Unit {
                start: words.tokens[made].start,
                end: c.end,
                seen_as: Some("indigenous"),
            });
        }
    }
    out
}

/// "US-made helicopters", "Acme-built radars": a country's or a firm's
/// name joined by a hyphen to a participle of making. Split, the name
/// reads as a noun and the participle as the verb of a clause ("US made
/// helicopters"); one describing word, as "Chinese-made" is, the phrase
/// keeps its goods.
fn hyphenated_makers(a: &Annotation<'_>, si: usize) -> Vec<Unit<'static>> {
    let text = a.text();
    let forms = origin_participle_forms();
    let firms = a
        .mentions_in(si)
        .filter(|m| a.entities[m.entity].kind != ActorType::Person)
        .map(|m| (m.start, m.end));
    let countries = a
        .countries_in(si)
        // A one-word demonym and its participle are one token already
        // ("Chinese-made"); one of two words is not ("South Korean-built").
        .filter(|c| c.form != CountryForm::Demonym || text[c.start..c.end].contains(' '))
        .map(|c| (c.start, c.end));
    firms
        .chain(countries)
        .filter_map(|(start, end)| {
            let rest = text[end..].strip_prefix('-')?;
            let len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let followed = rest[len..].starts_with(' ');
            (forms.contains(&rest[..len]) && followed).then_some(Unit {
                start,
                end: end + 1 + len,
                seen_as: Some("indigenous"),
            })
        })
        .collect()
}

/// "Marauder mine-protected armoured vehicles", "48 second-hand K9
/// howitzers": a lower-case hyphened word inside the words of goods,
/// before their last word, describes them. Split as UD splits it, the
/// tagger may read "mine" as a number and "protected" as the verb whose
/// object the goods are, or "hand" as the object. One adjective to the
/// parser (a unit, tagged by a hint).
fn hyphenated_describers(a: &Annotation<'_>, si: usize) -> Vec<(usize, usize)> {
    let text = a.text();
    let mut out = Vec::new();
    for m in &a.systems[si] {
        let words = &text[m.start..m.end];
        let mut at = 0;
        for word in words.split(' ') {
            let start = m.start + at;
            at += word.len() + 1;
            let Some((left, right)) = word.split_once('-') else {
                continue;
            };
            let lower = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_lowercase());
            let last = start + word.len() >= m.end;
            if lower(left) && lower(right) && left.len() > 1 && right.len() > 2 && !last {
                out.push((start, start + word.len()));
            }
        }
    }
    out
}

/// Past participles of the verbs of making ("developed", "built").
pub(crate) fn make_participle_forms() -> &'static FxHashSet<String> {
    static S: OnceLock<FxHashSet<String>> = OnceLock::new();
    S.get_or_init(|| participle_forms(&["make_verb"]))
}

/// Past participles that, joined to a country or a firm by a hyphen, tell
/// where goods came from: of making ("US-built") and of supplying
/// ("US-supplied"). Unhyphenated, "supplied" is mostly a clause's verb.
pub(crate) fn origin_participle_forms() -> &'static FxHashSet<String> {
    static S: OnceLock<FxHashSet<String>> = OnceLock::new();
    S.get_or_init(|| participle_forms(&["make_verb", "source_verb"]))
}

fn participle_forms(classes: &[&str]) -> FxHashSet<String> {
    let irregular = irregular_forms();
    let mut out = FxHashSet::default();
    let verbs = classes
        .iter()
        .filter_map(|c| grammar().classes.get(*c))
        .flatten();
    for verb in verbs {
        out.extend(
            regular_forms(verb)
                .into_iter()
                .filter(|f| f.ends_with("ed")),
        );
        out.extend(
            irregular
                .get(verb.as_str())
                .into_iter()
                .flatten()
                .map(|f| f.to_string()),
        );
    }
    out
}

/// Words of a named system's mention joined by a hyphen between letters
/// ("LCA-Tejas", "Akash-NG") or a slash ("AN/SPY-6"): the tokenizer splits
/// them as UD splits "long-term", and the parser then reads "LCA" and
/// "Tejas" as two nouns to attach anywhere. One word to the parser, as
/// "Su-30MKI" already is.
fn hyphenated_designations(a: &Annotation<'_>, si: usize) -> Vec<Unit<'static>> {
    let text = a.text();
    let sentence = a.sentences[si];
    let mut out: Vec<Unit<'static>> = Vec::new();
    for m in a.systems[si]
        .iter()
        .filter(|m| !m.generic && m.name.is_some())
    {
        // The mention may start or end inside a word ("Tejas" of
        // "LCA-Tejas"): take the whole words it touches.
        let lo = text[sentence.start..m.start]
            .rfind(char::is_whitespace)
            .map_or(sentence.start, |i| sentence.start + i + 1);
        let hi = text[m.end..sentence.end]
            .find(char::is_whitespace)
            .map_or(sentence.end, |i| m.end + i);
        let mut at = lo;
        for word in text[lo..hi].split(' ') {
            let start = at;
            at += word.len() + 1;
            let word = word.trim_end_matches(['.', ',', ';', ':', ')']);
            let end = start + word.len();
            // "LCA-Tejas" (letters either side of a hyphen), "AN/UGC-136"
            // (a slash between letters or digits): split by the tokenizer.
            let letters_around_hyphen = word.as_bytes().windows(3).any(|w| {
                (w[1] == b'-' && w[0].is_ascii_alphabetic() && w[2].is_ascii_alphabetic())
                    || (w[1] == b'/'
                        && w[0].is_ascii_alphanumeric()
                        && w[2].is_ascii_alphanumeric())
            });
            // "ex-Danish", "anti-ship" describe; a designation starts
            // with a capital or a digit.
            let clean = word
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '/')
                && word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && !word.ends_with('-');
            let new = !out.iter().any(|u| u.start == start);
            // "US-made" before the name is the maker, no designation.
            let maker = word
                .rsplit_once('-')
                .is_some_and(|(_, tail)| origin_participle_forms().contains(tail));
            if letters_around_hyphen && clean && new && !maker {
                out.push(Unit {
                    start,
                    end,
                    seen_as: None,
                });
            }
        }
    }
    out
}

/// Spans of the organisations and countries sentence `si` names (not
/// people, not nationality adjectives).
fn named_bodies<'a>(a: &'a Annotation<'_>, si: usize) -> impl Iterator<Item = (usize, usize)> + 'a {
    a.mentions_in(si)
        .filter(|m| a.entities[m.entity].kind != ActorType::Person)
        .map(|m| (m.start, m.end))
        .chain(
            a.countries_in(si)
                .filter(|c| c.form != CountryForm::Demonym)
                .map(|c| (c.start, c.end)),
        )
}

/// One-word names of organisations and countries are nouns ("Boeing" is
/// never a verb); longer ones are units (see [`parse_units`]), and a
/// nationality adjective may rightly be an adjective.
fn name_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    let text = a.text();
    // A name of several words is one token; one that ends in a plural
    // ("Elbit Systems", "Bharat Forge Industries") reads as a plural common
    // noun too, and then as anything but the subject.
    named_bodies(a, si)
        .filter(|&(s, e)| !text[s..e].contains(' ') || text[s..e].ends_with('s'))
        .map(|(start, end)| Hint {
            start,
            end,
            // "Thales", "Airbus": a name's final "s" may read as a plural
            // common noun ("thale"), which the parser then takes for
            // anything but the subject. Other names may stay common nouns
            // where the tagger sees one ("the GTRE"): forcing them changes
            // more parses than it mends.
            want: if text[start..end].ends_with('s') {
                Wanted::Proper
            } else {
                Wanted::Nominal
            },
        })
        .collect()
}

/// Verb particles the tagger would take for prepositions ("handed over the
/// ship" read as "handed [over the ship]", losing the object): the word
/// after a form of a verb of class `particle_verb` ("hand over") is its
/// particle, and the form a verb ("will hand over" is no noun "hand").
fn particle_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    let pairs = particle_verb_forms();
    let text = a.text();
    let mut out = Vec::new();
    let mut previous: Option<(usize, usize)> = None;
    for t in a.tokens.of(si) {
        if let Some((start, end)) = previous {
            let key = (
                text[start..end].to_lowercase(),
                text[t.start..t.end].to_lowercase(),
            );
            if pairs.contains(&key) {
                out.push(Hint {
                    start,
                    end,
                    want: Wanted::Verb,
                });
                out.push(Hint {
                    start: t.start,
                    end: t.end,
                    want: Wanted::Particle,
                });
            }
        }
        previous = Some((t.start, t.end));
    }
    out
}

/// Units of measure glued to a number ("155mm", "12.7mm", "1000hp")
/// before a word: the tokenizer splits them off, and the tagger, seeing
/// "mm" alone, may make it the phrase's head noun ("155mm towed guns");
/// read as a number, like "155" before it, it counts for the noun after.
const GLUED_UNITS: &[&str] = &["mm", "cm", "km", "kg", "kn", "hp", "kw", "mw", "t"];

fn unit_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    let s = a.sentences[si];
    let text = &a.text()[s.start..s.end];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let letters = text[i..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(text.len() - i);
        if digit_before && letters > 0 {
            let unit = &text[i..i + letters];
            let next_is_word = text[i + letters..]
                .strip_prefix(' ')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphabetic()));
            if next_is_word && GLUED_UNITS.contains(&unit.to_lowercase().as_str()) {
                out.push(Hint {
                    start: s.start + i,
                    end: s.start + i + letters,
                    want: Wanted::Numeral,
                });
            }
        }
        i += letters.max(1);
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out
}

/// "The company plans to supply ...": a form in -s of a verb of class
/// `to_verb` before "to", right after a party (a name, or a pronoun or
/// head noun that stands for one) or after ", and", is the verb of that
/// subject; the tagger, seeing "company plans" as a compound, would make
/// it a noun and lose the subject of the buy.
fn to_verb_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    static FORMS: OnceLock<FxHashSet<String>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let entries = grammar().classes.get("to_verb");
        entries
            .into_iter()
            .flatten()
            .map(|v| format!("{v}s"))
            .collect()
    });
    let text = a.text();
    let party_ends = party_ends(a, si);
    let tokens: Vec<(usize, usize)> = a.tokens.of(si).map(|t| (t.start, t.end)).collect();
    let mut out = Vec::new();
    for (i, w) in tokens.windows(3).enumerate() {
        let [(ps, pe), (start, end), (ns, ne)] = [w[0], w[1], w[2]];
        if !text[ns..ne].eq_ignore_ascii_case("to")
            || !forms.contains(&text[start..end].to_lowercase())
        {
            continue;
        }
        let before = text[ps..pe].to_lowercase();
        // "Armenia ordered guns, and plans to buy radars": after a comma
        // and "and", a second verb of the subject told first.
        let second_verb = before == "and"
            && i.checked_sub(1)
                .is_some_and(|j| &text[tokens[j].0..tokens[j].1] == ",");
        let subject = party_ends.contains(&pe) || is_party_word(&before) || second_verb;
        if subject {
            out.push(verb_hint(start, end));
        }
    }
    out
}

/// "The Indian Navy commissioned INS Imphal, a destroyer ...": a word in
/// -ed right after a party that opens the sentence (after "The" at most),
/// and followed by what may be its object, is the clause's verb in the past
/// tense. The tagger may read it as a participle ("the navy commissioned
/// in 1990"), and the parse then makes the whole sentence one noun phrase.
fn opening_subject_verb_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    let text = a.text();
    let s = a.sentences[si];
    let opening = |start: usize| {
        let before = text[s.start..start].trim();
        before.is_empty() || before.eq_ignore_ascii_case("the")
    };
    let party = named_bodies(a, si).find(|&(start, _)| opening(start));
    let Some((_, party_end)) = party else {
        return Vec::new();
    };
    let mut tokens = a.tokens.of(si).skip_while(|t| t.start < party_end);
    let (Some(verb), Some(next)) = (tokens.next(), tokens.next()) else {
        return Vec::new();
    };
    let word = &text[verb.start..verb.end];
    let object = &text[next.start..next.end];
    // What follows must open a noun phrase: an article, a number, a
    // possessive or a name; "by", "in" and the like read as a participle's.
    let opens_object = matches!(
        object.to_lowercase().as_str(),
        "a" | "an" | "the" | "its" | "their" | "two" | "three" | "four" | "five" | "six"
    ) || object.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase());
    let past = word.len() > 4 && word.ends_with("ed") && word.starts_with(char::is_lowercase);
    if past && opens_object {
        vec![Hint {
            start: verb.start,
            end: verb.end,
            want: Wanted::PastTense,
        }]
    } else {
        Vec::new()
    }
}

/// "a visiting Nicaraguan delegation", "the remaining jets": an -ing word
/// between an article and the word it describes is an adjective, never a
/// verb with an object of its own.
fn attributive_participle_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    let text = a.text();
    let tokens: Vec<(usize, usize)> = a.tokens.of(si).map(|t| (t.start, t.end)).collect();
    let mut out = Vec::new();
    for w in tokens.windows(3) {
        let [(ps, pe), (start, end), (ns, ne)] = [w[0], w[1], w[2]];
        let word = &text[start..end];
        let article = matches!(text[ps..pe].to_lowercase().as_str(), "a" | "an" | "the");
        let next = &text[ns..ne];
        let described = next.chars().all(char::is_alphabetic)
            && !matches!(
                next.to_lowercase().as_str(),
                "of" | "a"
                    | "an"
                    | "the"
                    | "to"
                    | "and"
                    | "or"
                    | "that"
                    | "in"
                    | "on"
                    | "for"
                    | "with"
                    | "by"
                    | "at"
                    | "from"
                    | "is"
                    | "was"
                    | "are"
                    | "were"
            );
        if article
            && described
            && word.len() > 5
            && word.ends_with("ing")
            && word.starts_with(char::is_lowercase)
        {
            out.push(Hint {
                start,
                end,
                want: Wanted::Adjective,
            });
        }
    }
    out
}

/// Country names listed with nationality adjectives before a noun ("U.S.,
/// Australian and Spanish ships", "for Dutch and U.S. forces") are
/// adjectives, as are the nationality words ("Dutch" is often tagged a
/// name): tagged as names, the list breaks at the name and the noun loses
/// the countries before it.
fn country_list_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    let text = a.text();
    let countries: Vec<_> = a
        .countries_in(si)
        .filter(|c| matches!(c.form, CountryForm::Name | CountryForm::Demonym))
        .collect();
    let joined = |gap: &str| {
        let gap = gap.trim();
        matches!(gap, "," | "and" | "or" | ", and" | ", or")
    };
    let mut out = Vec::new();
    let mut from = 0;
    while from < countries.len() {
        let mut to = from;
        while to + 1 < countries.len()
            && joined(
                text.get(countries[to].end..countries[to + 1].start)
                    .unwrap_or("x"),
            )
        {
            to += 1;
        }
        let run = &countries[from..=to];
        let before_noun = text[run[run.len() - 1].end..]
            .strip_prefix(' ')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase()));
        let has_adjective = run.iter().any(|c| c.form == CountryForm::Demonym);
        if run.len() >= 2 && has_adjective && before_noun {
            out.extend(run.iter().map(|c| Hint {
                start: c.start,
                end: c.end,
                want: Wanted::Adjective,
            }));
        }
        from = to + 1;
    }
    out
}

/// Where the sentence's named parties (organisations, people, countries)
/// end: a word right after one has a subject before it.
fn party_ends(a: &Annotation<'_>, si: usize) -> FxHashSet<usize> {
    a.mentions_in(si)
        .map(|m| m.end)
        .chain(a.countries_in(si).map(|c| c.end))
        .collect()
}

/// A pronoun or head noun that stands for a party (class `party_word`).
fn is_party_word(w: &str) -> bool {
    grammar()
        .classes
        .get("party_word")
        .is_some_and(|c| c.iter().any(|x| x == w))
}

/// "The parliament confirms that ...": a form in -s of a verb of class
/// `that_verb` before "that", right after a party or after a determiner
/// and its noun, is the verb of that subject; the tagger, seeing
/// "parliament confirms" as a compound, would make it a plural noun and
/// the clause after it a relative one.
fn that_verb_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    static FORMS: OnceLock<FxHashSet<String>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let entries = grammar().classes.get("that_verb");
        entries
            .into_iter()
            .flatten()
            .map(|v| third_singular(v))
            .collect()
    });
    const DETERMINERS: &[&str] = &["the", "a", "an", "this", "its", "their", "his", "her"];
    let text = a.text();
    let party_ends = party_ends(a, si);
    let tokens: Vec<(usize, usize)> = a.tokens.of(si).map(|t| (t.start, t.end)).collect();
    let word = |i: usize| tokens.get(i).map(|&(s, e)| text[s..e].to_lowercase());
    let mut out = Vec::new();
    for i in 1..tokens.len() {
        let (start, end) = tokens[i];
        let that = tokens
            .get(i + 1)
            .is_some_and(|&(s, e)| text[s..e].eq_ignore_ascii_case("that"));
        if !that || !forms.contains(&text[start..end].to_lowercase()) {
            continue;
        }
        let before = word(i - 1).unwrap_or_default();
        // "the parliament", "the Argentine parliament": a determiner, up to
        // two names, then a singular noun.
        let capitalised = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|&(s, _)| text[s..].starts_with(char::is_uppercase))
        };
        let mut k = i.saturating_sub(2);
        while k > 0 && capitalised(k) && i - k <= 3 {
            k -= 1;
        }
        let determined_noun = i >= 2
            && word(k).is_some_and(|d| DETERMINERS.contains(&d.as_str()))
            && before.chars().all(char::is_alphabetic)
            && !before.ends_with('s');
        let subject =
            party_ends.contains(&tokens[i - 1].1) || determined_noun || is_party_word(&before);
        if subject {
            out.push(verb_hint(start, end));
        }
    }
    out
}

/// "However, talks with Dassault for 90 jets are still on", "said that
/// talks with India on the sale ...": "talks" opening its clause (at the
/// sentence's start, after a comma, "that", "and", "but" or "while")
/// before `with`, `between`, `on` or `over` is the noun; the tagger may read
/// it as the verb of "talks with", which loses the talks' deal.
fn talks_noun_hints(a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    const OPENERS: &[&str] = &[",", "that", "and", "but", "while", "as", "where", "after"];
    const PARTNERS: &[&str] = &["with", "between", "on", "over"];
    let text = a.text();
    let tokens: Vec<(usize, usize)> = a.tokens.of(si).map(|t| (t.start, t.end)).collect();
    let word = |i: usize| tokens.get(i).map(|&(s, e)| text[s..e].to_lowercase());
    (0..tokens.len())
        .filter(|&i| word(i).as_deref() == Some("talks"))
        .filter(|&i| word(i + 1).is_some_and(|n| PARTNERS.contains(&n.as_str())))
        .filter(|&i| i == 0 || word(i - 1).is_some_and(|b| OPENERS.contains(&b.as_str())))
        .map(|i| Hint {
            start: tokens[i].0,
            end: tokens[i].1,
            want: Wanted::Nominal,
        })
        .collect()
}

/// A word the tagger must read as a verb.
fn verb_hint(start: usize, end: usize) -> Hint {
    Hint {
        start,
        end,
        want: Wanted::Verb,
    }
}

/// "says", "denies", "stresses".
fn third_singular(verb: &str) -> String {
    let consonant_y =
        verb.ends_with('y') && !verb[..verb.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &verb[..verb.len() - 1])
    } else if verb.ends_with(['s', 'x', 'z']) || verb.ends_with("sh") || verb.ends_with("ch") {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    }
}

/// (verb form, particle) for every inflection of the class
/// `particle_verb` ("hand over": "handed over", "hands over", …).
fn particle_verb_forms() -> &'static FxHashSet<(String, String)> {
    static S: OnceLock<FxHashSet<(String, String)>> = OnceLock::new();
    S.get_or_init(|| {
        let irregular = irregular_forms();
        let mut out = FxHashSet::default();
        let entries = grammar().classes.get("particle_verb");
        for entry in entries.into_iter().flatten() {
            let Some((verb, particle)) = entry.split_once(' ') else {
                continue;
            };
            let forms = regular_forms(verb).into_iter().chain(
                irregular
                    .get(verb)
                    .into_iter()
                    .flatten()
                    .map(|f| f.to_string()),
            );
            for f in forms {
                out.insert((f, particle.to_string()));
            }
        }
        out
    })
}

/// A verb's regular inflections (over-generated: a form no word has costs
/// nothing).
fn regular_forms(verb: &str) -> Vec<String> {
    let mut out = vec![
        verb.to_string(),
        format!("{verb}s"),
        format!("{verb}es"),
        format!("{verb}ed"),
        format!("{verb}d"),
        format!("{verb}ing"),
    ];
    if let Some(stem) = verb.strip_suffix('e') {
        out.push(format!("{stem}ing"));
    }
    // "supply": "supplied", "supplies" ("deploy" keeps its y).
    if let Some(stem) = verb.strip_suffix('y') {
        if stem.ends_with(|c: char| !"aeiou".contains(c)) {
            out.push(format!("{stem}ied"));
            out.push(format!("{stem}ies"));
        }
    }
    if let Some(last) = verb.chars().last() {
        out.push(format!("{verb}{last}ed"));
        out.push(format!("{verb}{last}ing"));
    }
    out
}

/// What the systems the annotator found in sentence `si` tell the tagger:
/// their head nouns are nouns ("tanks" in "118 Arjun tanks" is never a
/// verb) and the word before the head no verb ("transport" in "patrol
/// boats and transport aircraft" does not start a clause).
fn system_hints(g: &Gazetteer, a: &Annotation<'_>, si: usize) -> Vec<Hint> {
    let text = a.text();
    let mut out = Vec::new();
    for m in a.systems[si].iter().filter(|m| m.description.is_some()) {
        let span = &text[m.start..m.end];
        let word_start = span.rfind(' ').map_or(0, |i| i + 1);
        let head = &span[word_start..];
        if !(head.chars().all(char::is_alphabetic) && head.starts_with(char::is_lowercase)) {
            continue;
        }
        let head_start = m.start + word_start;
        out.push(Hint {
            start: head_start,
            end: m.end,
            want: Wanted::Nominal,
        });
        out.extend(modifier_hint(g, text, m.start, head_start));
    }
    out
}

/// The word right before a system's head noun, when it is no verb: a
/// lower-case word inside the annotator's span ("transport" in "transport
/// aircraft"), or a participle that names a kind of goods: always for one
/// that never acts on goods ("loitering"), after a word that cannot be
/// its subject for one that may ("tanks, towed howitzers"). Other
/// participles are left to the tagger: the span may take in a verb
/// ("discussed drone production").
fn modifier_hint(g: &Gazetteer, text: &str, span_start: usize, head_start: usize) -> Option<Hint> {
    let before = text[..head_start].trim_end();
    let start = before.rfind(' ').map_or(0, |i| i + 1);
    let modifier = &before[start..];
    if modifier.is_empty() || !modifier.starts_with(char::is_lowercase) {
        return None;
    }
    let participle = modifier.ends_with("ed") || modifier.ends_with("ing");
    let (fits, want) = if participle {
        let previous = before[..start].trim_end();
        let previous = previous.rsplit(' ').next().unwrap_or("");
        let attributive = previous.ends_with([',', ';', '('])
            || previous.contains(|c: char| c.is_ascii_digit())
            || g.is("before_attributive", &previous.to_lowercase());
        let fits = g.is("goods_adjective", modifier)
            || (g.is("goods_participle", modifier) && attributive);
        (fits, Wanted::Adjective)
    } else {
        (start >= span_start, Wanted::NotVerb)
    };
    fits.then_some(Hint {
        start,
        end: before.len(),
        want,
    })
}

/// The parser model: the committed one, or the file named by
/// `ARMSWATCH_PARSER_MODEL` (to try a retrained model without a rebuild).
pub(crate) fn model() -> Option<&'static Model> {
    static OVERRIDE: OnceLock<Option<Model>> = OnceLock::new();
    let custom = OVERRIDE.get_or_init(|| {
        let path = std::env::var_os("ARMSWATCH_PARSER_MODEL")?;
        let bytes = std::fs::read(&path).ok()?;
        Model::from_bytes(&bytes).ok()
    });
    custom.as_ref().or_else(|| Model::try_builtin().ok())
}

/// The frames of one parsed sentence.
pub fn frames(g: &Gazetteer, a: &Annotation<'_>, si: usize, p: &Parsed) -> Vec<Frame> {
    let graph = Graph::new(p);
    let grammar = grammar();
    let parts = actors::participants(g, a, si, true);
    grammar
        .matches(&graph)
        .into_iter()
        .flat_map(|m| {
            let cx = Sentence {
                g,
                a,
                si,
                p,
                graph: &graph,
                parts: &parts,
            };
            let trigger = m.trigger;
            let (mut f, mut system_tokens) = frame(grammar, &cx, m);
            let mut clauses: Vec<Frame> = gapped_clauses(&cx, trigger)
                .into_iter()
                .filter_map(|(subject, object)| gapped_clause_frame(&f, subject, object, &cx))
                .collect();
            tell_parallel_sides(&mut f, &mut clauses);
            let gapped = gapped_objects(&cx, trigger, &system_tokens);
            system_tokens.extend(&gapped);
            let mut out = distribute(f, &system_tokens, &gapped, &cx);
            out.extend(clauses);
            out
        })
        .collect()
}

/// "Saab offered the Gripen, and Boeing its Super Hornet": a clause that
/// leaves its verb out keeps a subject and an object, which the parse
/// gives as a noun conjunct of the verb with an `orphan` of its own. Each
/// such (subject, object) pair.
fn gapped_clauses(cx: &Sentence<'_, '_>, trigger: usize) -> Vec<(usize, usize)> {
    let tree = cx.graph.tree;
    cx.graph
        .children_by(trigger, "conj")
        .filter(|&c| matches!(tree.upos(c), "NOUN" | "PROPN"))
        .filter_map(|c| cx.graph.children_by(c, "orphan").next().map(|o| (c, o)))
        .collect()
}

/// Each of a verb's frame and its gapped clauses' frames learns the sides
/// the others give the subject's role.
fn tell_parallel_sides(f: &mut Frame, clauses: &mut [Frame]) {
    if clauses.is_empty() {
        return;
    }
    let subject_sides = |x: &Frame| -> Vec<Participant> {
        x.roles
            .iter()
            .filter(|(_, path, _)| {
                matches!(path.as_str(), "nsubj" | "=nsubj") || path.starts_with("conj (")
            })
            .flat_map(|(_, _, v)| v.iter())
            .filter_map(|x| match x {
                Filler::Actor(p) => Some(p.clone()),
                Filler::System(_) => None,
            })
            .collect()
    };
    let all: Vec<Vec<Participant>> = std::iter::once(&*f)
        .chain(clauses.iter())
        .map(subject_sides)
        .collect();
    let others = |i: usize| -> Vec<Participant> {
        all.iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, v)| v.iter().cloned())
            .collect()
    };
    f.parallel = others(0);
    for (i, c) in clauses.iter_mut().enumerate() {
        c.parallel = others(i + 1);
    }
}

/// The verb's frame read again for a gapped clause: its subject's role
/// taken by the remnant subject, its goods by the remnant object. None
/// when the verb's subject filled no role (a passive: no clause to read
/// again) or a remnant resolves to nothing.
fn gapped_clause_frame(
    f: &Frame,
    subject: usize,
    object: usize,
    cx: &Sentence<'_, '_>,
) -> Option<Frame> {
    let role = f
        .roles
        .iter()
        .find(|(_, path, _)| matches!(path.as_str(), "nsubj" | "=nsubj"))
        .map(|(role, _, _)| role.clone())?;
    let actors: Vec<Filler> = cx
        .resolve(subject, false)
        .into_iter()
        .filter(|x| matches!(x, Filler::Actor(_)))
        .collect();
    let systems: Vec<Filler> = cx
        .resolve(object, true)
        .into_iter()
        .filter(|x| matches!(x, Filler::System(_)))
        .collect();
    if actors.is_empty() || systems.is_empty() {
        return None;
    }
    let mut g = f.clone();
    set_role(&mut g, &role, actors);
    set_role(&mut g, "system", systems);
    // The paths that filled them, as `explain` shows them.
    for (r, path, _) in g.roles.iter_mut() {
        if *r == role {
            *path = "conj (a gapped clause's subject)".into();
        } else if r == "system" {
            *path = "conj/orphan (a gapped clause's object)".into();
        }
    }
    let (lo, _) = phrase_span(cx.p, cx.graph, subject);
    let (_, hi) = phrase_span(cx.p, cx.graph, object);
    g.value_window = Some((lo, hi));
    Some(g)
}

/// One parsed sentence with its participants: what resolving a token needs.
struct Sentence<'s, 'a> {
    g: &'s Gazetteer,
    a: &'s Annotation<'a>,
    si: usize,
    p: &'s Parsed,
    graph: &'s Graph<'s, Parsed>,
    parts: &'s [Participant],
}

impl Sentence<'_, '_> {
    fn resolve(&self, t: usize, expect_system: bool) -> Vec<Filler> {
        resolve(self, t, expect_system)
    }
}

/// "offered trainers to Egypt, and fighters to Peru": the parse makes the
/// second object, whose verb the text leaves out, a conjunct of the verb.
/// Nouns so attached are goods of the same verb. When the verb completes
/// another ("agreed to buy helicopters from A, and tanks from B"), the
/// parse may hang the gapped object on that verb instead: a noun conjunct
/// of it after the trigger counts too.
fn gapped_objects(cx: &Sentence<'_, '_>, trigger: usize, goods: &[usize]) -> Vec<usize> {
    if goods.is_empty() {
        return Vec::new();
    }
    let tree = cx.graph.tree;
    let nominal = |c: &usize| matches!(tree.upos(*c), "NOUN" | "PROPN");
    let matrix = tree
        .head(trigger)
        .filter(|_| base(tree.deprel(trigger)) == "xcomp");
    let after_trigger = move |c: &usize| *c > trigger;
    let mut out: Vec<usize> = cx
        .graph
        .children_by(trigger, "conj")
        .chain(
            matrix
                .into_iter()
                .flat_map(|m| cx.graph.children_by(m, "conj"))
                .filter(after_trigger),
        )
        // "sold mortars to Ghana, howitzers to Kenya": a bare noun the
        // parse hung on the verb beside the goods, with a `to` or `from`
        // of its own, is more goods.
        .chain(
            cx.graph
                .children_by(trigger, "obl")
                .filter(|&k| {
                    !cx.graph
                        .children(k)
                        .iter()
                        .any(|&c| tree.deprel(c) == "case")
                })
                .filter(|&k| has_party_phrase(cx, k)),
        )
        .filter(nominal)
        // A conjunct with a subject, or with an orphan (a gapped clause's
        // subject), is no more goods.
        .filter(|&c| {
            !cx.graph
                .children(c)
                .iter()
                .any(|&k| matches!(base(tree.deprel(k)), "nsubj" | "orphan"))
        })
        // "… and trainers to Chile and jets to Peru": a gapped object's
        // own conjuncts are goods of the verb too.
        .flat_map(|c| armswatch_grammar::path::conjuncts(cx.graph, c))
        .filter(nominal)
        .filter(|c| !goods.contains(c))
        .collect();
    // "offered helicopters to Ecuador, missiles to Vietnam ...": the parse
    // may make the next gapped object a conjunct of the party before it
    // (on the verb, the goods or an earlier gapped object); with a `to` or
    // `from` phrase of its own it is goods, not a party.
    let mut k = 0;
    let mut heads: Vec<usize> = std::iter::once(trigger)
        .chain(goods.iter().copied())
        .collect();
    heads.extend(&out);
    while k < heads.len() {
        let more: Vec<usize> = cx
            .graph
            .children(heads[k])
            .iter()
            .filter(|&&p| matches!(base(tree.deprel(p)), "obl" | "iobj" | "nmod"))
            .flat_map(|&p| cx.graph.children_by(p, "conj"))
            .filter(|&c| nominal(&c) && has_party_phrase(cx, c))
            .filter(|c| !goods.contains(c) && !out.contains(c))
            .collect();
        out.extend(&more);
        heads.extend(more);
        k += 1;
    }
    out
}

/// "offered trainers to Egypt, and fighters to Argentina and Peru": goods
/// told as conjuncts, a later one with a `to` recipient or a `from`
/// supplier of its own ("bought helicopters from A, and jets from B"),
/// are one deal per conjunct. (A single `to` or `from` is shared: in
/// "sold frigates and submarines to Egypt" the parse hangs it on the first
/// conjunct or the last.) A conjunct without its own `to` or `from` keeps the
/// recipients or suppliers the frame found that no other conjunct claims.
/// Gapped goods (`gapped`) with no party of their own are more goods of
/// the one deal.
fn distribute(
    f: Frame,
    system_tokens: &[usize],
    gapped: &[usize],
    cx: &Sentence<'_, '_>,
) -> Vec<Frame> {
    if f.rule.kind != Kind::Transfer || system_tokens.len() < 2 || f.dropped {
        return vec![f];
    }
    let own_to = own_parties(system_tokens, "to", cx);
    let own_from = own_parties(system_tokens, "from", cx);
    let later_own = |own: &[Vec<Filler>]| own.iter().skip(1).any(|o| !o.is_empty());
    if !later_own(&own_to) && !later_own(&own_from) {
        return vec![with_gapped_goods(f, gapped, cx)];
    }
    let recipients = unclaimed(&f, "recipient", &own_to);
    let suppliers = unclaimed(&f, "supplier", &own_from);
    // "missiles and spares to the navy": one `to`, on the last conjunct,
    // is shared by all.
    if later_own(&own_to) && own_to[0].is_empty() && recipients.is_empty() {
        return vec![with_gapped_goods(f, gapped, cx)];
    }
    // "rifles, drones and trainers from Turkey": so is one `from` on the
    // last conjunct alone, when nothing else is told apart.
    let last_only = |own: &[Vec<Filler>]| {
        own.split_last()
            .is_some_and(|(last, rest)| !last.is_empty() && rest.iter().all(Vec::is_empty))
    };
    if last_only(&own_from) && suppliers.is_empty() && !later_own(&own_to) {
        return vec![with_gapped_goods(f, gapped, cx)];
    }
    let windows = value_windows(&f, system_tokens, cx);
    let mut out = Vec::new();
    for (i, &t) in system_tokens.iter().enumerate() {
        let systems: Vec<Filler> = cx
            .resolve(t, true)
            .into_iter()
            .filter(|x| matches!(x, Filler::System(_)))
            .collect();
        if systems.is_empty() {
            continue;
        }
        let pick = |own: &Vec<Filler>, shared: &Vec<Filler>| {
            if own.is_empty() {
                shared.clone()
            } else {
                own.clone()
            }
        };
        let mut g = f.clone();
        set_role(&mut g, "system", systems);
        set_role(&mut g, "recipient", pick(&own_to[i], &recipients));
        if later_own(&own_from) {
            set_role(&mut g, "supplier", pick(&own_from[i], &suppliers));
        }
        g.value_window = Some(windows[i]);
        out.push(g);
    }
    if out.is_empty() {
        vec![f]
    } else {
        out
    }
}

/// Per goods token, the text from its phrase up to the next goods' phrase
/// (the first from the clause's start, the last to its phrase's end).
fn value_windows(f: &Frame, tokens: &[usize], cx: &Sentence<'_, '_>) -> Vec<(usize, usize)> {
    let spans: Vec<(usize, usize)> = tokens
        .iter()
        .map(|&t| phrase_span(cx.p, cx.graph, t))
        .collect();
    let first = spans.iter().map(|s| s.0).min().unwrap_or(f.clause.0);
    spans
        .iter()
        .map(|&(lo, hi)| {
            let next = spans.iter().map(|s| s.0).filter(|&s| s > lo).min();
            let from = if lo == first { f.clause.0.min(lo) } else { lo };
            (from, next.unwrap_or(hi.max(f.clause.1)))
        })
        .collect()
}

/// Whether noun `c` has a `to` or `from` phrase of its own ("missiles to
/// Syria").
fn has_party_phrase(cx: &Sentence<'_, '_>, c: usize) -> bool {
    let cases = ["to".to_string(), "from".to_string()];
    cx.graph
        .children(c)
        .iter()
        .any(|&k| base(cx.graph.tree.deprel(k)) == "nmod" && cx.graph.has_case(k, &cases))
}

/// Per goods token, the actors of its own `case` phrase ("to Egypt"); a
/// conjunct of that phrase with a phrase of its own is goods told with
/// their own party ("to Iraq and missiles to Syria"), not a party.
fn own_parties(tokens: &[usize], case: &str, cx: &Sentence<'_, '_>) -> Vec<Vec<Filler>> {
    let tree = cx.graph.tree;
    let case = [case.to_string()];
    tokens
        .iter()
        .map(|&t| {
            let pps = cx.graph.children(t).iter().copied().filter(|&c| {
                matches!(base(tree.deprel(c)), "nmod" | "obl") && cx.graph.has_case(c, &case)
            });
            let fillers = pps
                .flat_map(|c| {
                    armswatch_grammar::path::conjuncts(cx.graph, c)
                        .into_iter()
                        .filter(move |&k| k == c || !has_party_phrase(cx, k))
                })
                .flat_map(|c| cx.resolve(c, false))
                .filter(|x| matches!(x, Filler::Actor(_)));
            dedup(fillers.collect())
        })
        .collect()
}

/// The frame's fillers of `role` that no conjunct's own phrase names.
fn unclaimed(f: &Frame, role: &str, own: &[Vec<Filler>]) -> Vec<Filler> {
    let claimed = |x: &Filler| {
        own.iter().flatten().any(|o| match (o, x) {
            (Filler::Actor(o), Filler::Actor(x)) => o.actor.name == x.actor.name,
            _ => false,
        })
    };
    f.fillers(role).filter(|x| !claimed(x)).cloned().collect()
}

/// The frame with the systems of its gapped goods added to its own.
fn with_gapped_goods(mut f: Frame, gapped: &[usize], cx: &Sentence<'_, '_>) -> Frame {
    let extra: Vec<Filler> = gapped
        .iter()
        .flat_map(|&t| cx.resolve(t, true))
        .filter(|x| matches!(x, Filler::System(_)))
        .collect();
    if extra.is_empty() {
        return f;
    }
    let systems: Vec<Filler> = f.fillers("system").cloned().chain(extra).collect();
    set_role(&mut f, "system", dedup(systems));
    f
}

/// Replaces the fillers of `role` (keeping the path that filled it), or
/// adds the role; an empty list removes it.
fn set_role(f: &mut Frame, role: &str, fillers: Vec<Filler>) {
    let path = f
        .roles
        .iter()
        .find(|r| r.0 == role)
        .map(|r| r.1.clone())
        .unwrap_or_else(|| "to".to_string());
    f.roles.retain(|r| r.0 != role);
    if !fillers.is_empty() {
        f.roles.push((role.to_string(), path, fillers));
    }
}

/// The frame match `m` fills, with the tokens its goods were read from.
fn frame(
    grammar: &'static Grammar,
    cx: &Sentence<'_, '_>,
    m: Match<'static>,
) -> (Frame, Vec<usize>) {
    let (si, p, graph) = (cx.si, cx.p, cx.graph);
    let mut system_tokens = Vec::new();
    let w = &p.parse.tokens[m.trigger];
    let mut f = Frame {
        rule: m.rule,
        sentence: si,
        trigger: (w.start, w.end),
        status: m.rule.status.clone(),
        modifiers: Vec::new(),
        dropped: false,
        roles: Vec::new(),
        clause: clause_span(p, graph, m.trigger),
        value_window: None,
        recipient_platform: None,
        parallel: Vec::new(),
        topic: Vec::new(),
    };
    let mut recipient_tokens = Vec::new();
    for arg in &m.args {
        let expect_system = matches!(arg.role.as_str(), "system" | "item");
        if arg.role == "recipient" {
            recipient_tokens.extend(arg.alternatives.iter().flat_map(|(_, t)| t.iter().copied()));
        }
        // A gathered role takes every path's fillers; any other the first
        // path whose tokens resolve.
        let gather = m.rule.gather.iter().any(|g| g == &arg.role);
        for (path, tokens) in &arg.alternatives {
            let mut fillers: Vec<Filler> = tokens
                .iter()
                .flat_map(|&t| cx.resolve(t, expect_system))
                .collect();
            // A contender told by its system ("chose the F-35 over the
            // Rafale"): the system stands for its maker.
            if fillers.is_empty() && matches!(arg.role.as_str(), "winner" | "bidder") {
                fillers = tokens
                    .iter()
                    .flat_map(|&t| cx.resolve(t, true))
                    .filter(|f| matches!(f, Filler::System(s) if s.origin.is_some()))
                    .collect();
            }
            if !fillers.is_empty() {
                if arg.role == "system" && system_tokens.is_empty() {
                    system_tokens = tokens.clone();
                }
                f.roles
                    .push((arg.role.clone(), path.clone(), dedup(fillers)));
                if !gather {
                    break;
                }
            }
        }
    }
    if m.rule.kind == Kind::Transfer && f.actors("supplier").is_empty() {
        let makers = goods_makers(cx, &f);
        if !makers.is_empty() {
            f.roles
                .push(("supplier".into(), "maker of the goods".into(), makers));
        }
    }
    if f.goods_told_by_participle() && f.actors("recipient").is_empty() {
        f.topic = main_subject(cx, m.trigger);
    }
    if f.actors("recipient").is_empty() {
        f.recipient_platform = recipient_tokens
            .iter()
            .filter(|t| !system_tokens.contains(t))
            .find_map(|&t| platform_at(cx, t));
    }
    apply_modifiers(&mut f, grammar.modifiers_at(m.rule.kind, graph, m.trigger));
    (f, system_tokens)
}

/// The actors the subject of the main clause above word `t` names.
fn main_subject(cx: &Sentence<'_, '_>, t: usize) -> Vec<Participant> {
    let tree = cx.graph.tree;
    let mut root = t;
    for _ in 0..cx.p.len() {
        match tree.head(root) {
            Some(h) => root = h,
            None => break,
        }
    }
    cx.graph
        .children(root)
        .iter()
        .filter(|&&k| base(tree.deprel(k)) == "nsubj")
        .flat_map(|&k| cx.resolve(k, false))
        .filter_map(|x| match x {
            Filler::Actor(p) => Some(p),
            Filler::System(_) => None,
        })
        .collect()
}

/// "Sentinel, a coastal radar developed by Elta": the agent of a
/// participle of making on any word of the goods' mention, which the
/// parse may hang away from the word a role reached.
fn goods_makers(cx: &Sentence<'_, '_>, f: &Frame) -> Vec<Filler> {
    let tree = cx.graph.tree;
    let make = grammar().classes.get("make_verb");
    let is_make = |t: usize| make.is_some_and(|ws| ws.iter().any(|w| w == tree.lemma(t)));
    let mut out = Vec::new();
    for s in f.systems("system") {
        let words = (0..cx.p.parse.tokens.len()).filter(|&t| {
            let w = &cx.p.parse.tokens[t];
            s.start <= w.start && w.end <= s.end
        });
        // "engines built under licence by Hanwha": a licensee makes them,
        // but the design's maker, the licensor, supplies (as SIPRI counts
        // licensed production): the firm the goods are named by ("Safran
        // engines"), else, through their origin, the design's country.
        let under_licence = |v: usize| {
            cx.graph
                .children_by(v, "obl")
                .any(|o| matches!(tree.lemma(o), "licence" | "license"))
        };
        for t in words {
            for v in cx.graph.children_by(t, "acl").filter(|&v| is_make(v)) {
                if under_licence(v) {
                    out.extend(
                        cx.graph
                            .children_by(t, "compound")
                            .chain(cx.graph.children_by(t, "nmod:poss"))
                            .flat_map(|c| cx.resolve(c, false))
                            .filter(|x| matches!(x, Filler::Actor(p) if p.actor.kind == armswatch_register::ActorType::Company)),
                    );
                    continue;
                }
                for agent in cx.graph.children_by(v, "obl:agent") {
                    out.extend(
                        armswatch_grammar::path::conjuncts(cx.graph, agent)
                            .into_iter()
                            .flat_map(|c| cx.resolve(c, false))
                            .filter(|x| matches!(x, Filler::Actor(_))),
                    );
                }
            }
        }
    }
    dedup(out)
}

/// The platform token `t` names, with the party its possessor names
/// ("the Indian Army's Arjun tanks") or a nationality other than its
/// maker's ("the Pakistani JF-17s"; "the French Rafale" is its maker's).
fn platform_at(cx: &Sentence<'_, '_>, t: usize) -> Option<(SystemMention, Option<Participant>)> {
    let platform = cx.resolve(t, true).into_iter().find_map(|x| match x {
        Filler::System(s) if !s.generic => Some(s),
        _ => None,
    })?;
    let actor_of = |c: usize| {
        cx.resolve(c, false).into_iter().find_map(|x| match x {
            Filler::Actor(p) => Some(p),
            Filler::System(_) => None,
        })
    };
    let possessor = cx.graph.children_by(t, "nmod:poss").find_map(actor_of);
    let owner = possessor.or_else(|| {
        cx.graph
            .children_by(t, "amod")
            .find_map(actor_of)
            .filter(|p| p.actor.country.is_some() && p.actor.country != platform.origin)
    });
    Some((platform, owner))
}

fn apply_modifiers(f: &mut Frame, mods: Vec<&'static Modifier>) {
    for md in mods {
        let applies = md.from.is_empty()
            || f.status
                .as_ref()
                .is_some_and(|s| md.from.iter().any(|x| x == s));
        if !applies {
            continue;
        }
        f.modifiers.push(md.name.as_str());
        if md.drop {
            f.dropped = true;
        }
        if let Some(s) = &md.status {
            f.status = Some(s.clone());
        }
    }
}

/// The trigger's clause: its subtree, up to the clause head for a noun
/// trigger (so "a contract worth $2 billion" and "signed ... in 2019" both
/// count).
fn clause_span(p: &Parsed, graph: &Graph<'_, Parsed>, t: usize) -> (usize, usize) {
    let mut top = t;
    for _ in 0..2 {
        let upos = p.upos(top);
        if upos == "VERB" {
            break;
        }
        match p.head(top) {
            Some(h)
                if matches!(
                    armswatch_grammar::base(p.deprel(top)),
                    "obj" | "nsubj" | "obl" | "nmod"
                ) =>
            {
                top = h
            }
            _ => break,
        }
    }
    let toks = graph.subtree(top);
    let lo = toks
        .iter()
        .map(|&i| p.parse.tokens[i].start)
        .min()
        .unwrap_or(0);
    let hi = toks
        .iter()
        .map(|&i| p.parse.tokens[i].end)
        .max()
        .unwrap_or(0);
    (lo, hi)
}

fn dedup(v: Vec<Filler>) -> Vec<Filler> {
    let mut out: Vec<Filler> = Vec::new();
    for f in v {
        let same = out.iter().any(|o| match (o, &f) {
            (Filler::Actor(x), Filler::Actor(y)) => x.actor.name == y.actor.name,
            (Filler::System(x), Filler::System(y)) => x.start == y.start,
            _ => false,
        });
        if !same {
            out.push(f);
        }
    }
    out
}

/// The byte span of token `t`'s noun phrase: its subtree without clauses,
/// coordination or appositions.
fn phrase_span(p: &Parsed, graph: &Graph<'_, Parsed>, t: usize) -> (usize, usize) {
    let w = &p.parse.tokens[t];
    let (mut lo, mut hi) = (w.start, w.end);
    let mut stack = vec![t];
    while let Some(x) = stack.pop() {
        for &c in graph.children(x) {
            let rel = armswatch_grammar::base(p.deprel(c));
            if matches!(
                rel,
                "acl" | "advcl" | "conj" | "cc" | "parataxis" | "appos" | "punct"
            ) {
                continue;
            }
            let cw = &p.parse.tokens[c];
            lo = lo.min(cw.start);
            hi = hi.max(cw.end);
            stack.push(c);
        }
    }
    (lo, hi)
}

/// What token `t` stands for: an actor mention covering it, a system
/// mention in its phrase, the nationalities or names that qualify a common
/// noun ("the navies of Egypt and Greece", "his Philippine counterpart"), a
/// pronoun's or description's antecedent.
fn resolve(cx: &Sentence<'_, '_>, t: usize, expect_system: bool) -> Vec<Filler> {
    let (a, si, p, graph, parts) = (cx.a, cx.si, cx.p, cx.graph, cx.parts);
    let w = &p.parse.tokens[t];
    let covering = |start: usize, end: usize| {
        parts
            .iter()
            .find(|x| x.start <= start && end <= x.end && !x.adjective)
            .or_else(|| parts.iter().find(|x| x.start <= start && end <= x.end))
    };
    if expect_system {
        let (lo, hi) = phrase_span(p, graph, t);
        // "kits for aircraft": goods named in a purpose after the word
        // reached are what it serves, not what it is.
        let serves = |s: &SystemMention| {
            p.upos(t) == "NOUN"
                && s.start >= w.end
                && a.text()[w.end..s.start]
                    .split_whitespace()
                    .any(|x| x == "for")
        };
        let sys = a.systems[si]
            .iter()
            .filter(|s| s.start < hi && lo < s.end && !serves(s))
            .min_by_key(|s| {
                (
                    !(s.start <= w.start && w.end <= s.end),
                    s.generic,
                    s.start.abs_diff(w.start),
                )
            });
        // "arms, including ...": the items listed stand for a word that names
        // nothing; "40 warships including four Gowind corvettes": named
        // items stand for unnamed goods too (the deal a reader looks up).
        // "a package including jets and submarines": a word that is no
        // goods itself stands for the items listed, named or not.
        let covers_t = |s: &SystemMention| s.start <= w.start && w.end <= s.end;
        if sys.is_none_or(|s| s.generic || s.name.is_none() || !covers_t(s)) {
            let unnamed = sys.is_some_and(|s| !s.generic && covers_t(s));
            // "worth of arms, including ...": the list follows the goods'
            // word, which may lie below the token reached.
            let goods_end = sys
                .and_then(|s| (t..p.len()).rfind(|&i| p.parse.tokens[i].start < s.end))
                .unwrap_or(t)
                .max(t);
            let items: Vec<&SystemMention> = included_systems(a, si, p, graph, goods_end)
                .into_iter()
                .filter(|s| !unnamed || s.name.is_some())
                .collect();
            if !items.is_empty() {
                return items.into_iter().cloned().map(Filler::System).collect();
            }
        }
        // "similar systems", "the Korean system": a bare word of goods
        // that counts or points back (class unit_noun) stands for the
        // named system told before, not for goods of no kind.
        let pointed = || {
            let start = p.parse.tokens[t].start;
            system_antecedent(a, si, p, t).or_else(|| {
                if p.lemma(t) != "system" || !points_to_named(p, graph, t) {
                    return None;
                }
                // "the Russian system": the one of that origin told before.
                match nationality_on(a, si, lo, start) {
                    Some(code) => named_of_origin(a, si, start, &code),
                    None => named_before(a, si, start, false),
                }
            })
        };
        // "the Tor-M2 and Pantsir-S1 air defence systems": designs joined as
        // modifiers of one noun are each of the goods.
        let shared = designs_sharing_the_noun(a, si, p, graph, t);
        if shared.len() > 1 {
            return shared.into_iter().cloned().map(Filler::System).collect();
        }
        // "fighter engine and support equipment" parsed as two modifiers
        // of "equipment": the goods of a kind among them are the deal's,
        // the support goes with them.
        if sys.is_some_and(|s| s.category == Category::Other && s.name.is_none()) {
            let kinds = kinds_sharing_the_noun(a, si, p, graph, t);
            if !kinds.is_empty() {
                return kinds.into_iter().cloned().map(Filler::System).collect();
            }
        }
        let unnamed_kind = sys.is_some_and(|s| s.generic && s.name.is_none() && !set_apart(s));
        if unnamed_kind && points_to_named(p, graph, t) {
            if let Some(x) = pointed() {
                return vec![Filler::System(counted_by_unit(p, graph, t, x.clone()))];
            }
        }
        return sys
            .or_else(|| system_apposed(cx, t))
            .cloned()
            .or_else(|| pointed().map(|s| counted_by_unit(p, graph, t, s.clone())))
            .map(|s| named_by_antecedent(cx.g, a, si, &s))
            .map(|s| named_by_earlier_sentence(cx.g, a, si, p, graph, t, s))
            .map(Filler::System)
            .into_iter()
            .collect();
    }
    // "a government-to-government deal", "state-to-state talks": a word
    // of the form X-to-Y tells how, not who.
    if p.parse.tokens[t].form.contains("-to-") {
        return Vec::new();
    }
    // "Deputy Secretary Ana Costa" parsed with the title as head, or
    // "Chilean Foreign Minister Ana Costa" with the nationality as head:
    // the name its flat words spell is the actor, not the country.
    let flat_name = || {
        graph
            .children_by(t, "flat")
            .find_map(|c| covering(p.parse.tokens[c].start, p.parse.tokens[c].end))
    };
    if let Some(sides) = bilateral_body(cx, w.start, w.end) {
        return sides;
    }
    if let Some(x) = covering(w.start, w.end) {
        let name = flat_name().filter(|y| x.adjective && !y.adjective);
        return vec![Filler::Actor(name.unwrap_or(x).clone())];
    }
    if let Some(x) = flat_name() {
        return vec![Filler::Actor(x.clone())];
    }
    // "Israeli ELM-2022U radars were chosen": a named weapon's nationality
    // is its maker's, not an actor of the clause.
    let named_weapon = a.systems[si]
        .iter()
        .any(|s| s.name.is_some() && s.start <= w.start && w.end <= s.end);
    // "her Ugandan counterpart, Peter Okello": the name set beside the
    // noun is more than the nationality before it.
    if let Some(x) = apposed(p, graph, t, &covering) {
        return vec![Filler::Actor(x.clone())];
    }
    if let Some(x) = described_person(a, si, p, graph, &covering, t) {
        return vec![Filler::Actor(x)];
    }
    // "the Pilatus trainers": a firm before goods is their maker too.
    let goods_word = a.systems[si]
        .iter()
        .any(|s| s.start <= w.start && w.end <= s.end);
    let mut out = Vec::new();
    for &c in graph.children(t) {
        let rel = armswatch_grammar::base(p.deprel(c));
        if !matches!(rel, "amod" | "compound" | "nmod")
            || (named_weapon && rel == "amod")
            || (rel == "nmod" && !belongs_to(cx.g, p, graph, t, c))
        {
            continue;
        }
        for k in armswatch_grammar::path::conjuncts(graph, c) {
            // "Botswana Defence Force Air Wing": a name's words may hang
            // on one another, the country on a word further in.
            let nested = || {
                graph
                    .children_by(k, "compound")
                    .filter(|&n| p.upos(n) == "PROPN")
                    .find_map(|n| {
                        let nw = &p.parse.tokens[n];
                        covering(nw.start, nw.end)
                    })
            };
            // "the air defence forces of the Armed Forces of Belarus": an
            // unnamed body's own "of" phrase names whose it is.
            let owner = || {
                graph
                    .children_by(k, "nmod")
                    .filter(|&n| belongs_to(cx.g, p, graph, k, n))
                    .find_map(|n| {
                        let nw = &p.parse.tokens[n];
                        covering(nw.start, nw.end)
                    })
            };
            let kw = &p.parse.tokens[k];
            let found = covering(kw.start, kw.end).or_else(|| match rel {
                "compound" if p.upos(k) == "PROPN" => nested(),
                "nmod" => owner(),
                _ => None,
            });
            if let Some(x) = found {
                // "the Airbus A321 platform", "the Pilatus trainers": a
                // firm before a named design or goods is their maker, not
                // an actor of the clause.
                if rel == "compound"
                    && x.actor.kind == ActorType::Company
                    && (names_design(a, si, kw.end) || goods_word)
                {
                    continue;
                }
                let mut x = x.clone();
                x.adjective = false;
                out.push(Filler::Actor(x));
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    antecedent(a, si, p, t)
        .map(Filler::Actor)
        .into_iter()
        .collect()
}

/// "the India-US Defence Policy Group", "the India-France Annual Defence
/// Dialogue": a body named for two countries joined by a hyphen stands for
/// both (its meeting is theirs).
fn bilateral_body(cx: &Sentence<'_, '_>, start: usize, end: usize) -> Option<Vec<Filler>> {
    let text = cx.a.text();
    let inside: Vec<&armswatch_annotate::CountryMention> =
        cx.a.countries_in(cx.si)
            .filter(|c| start <= c.start && c.end <= end)
            .collect();
    let [first, second] = inside.as_slice() else {
        return None;
    };
    let paired = first.start == start
        && &text[first.end..second.start] == "-"
        && text[second.end..end].starts_with(' ')
        && first.code != second.code;
    paired.then(|| {
        [first, second]
            .iter()
            .map(|c| {
                Filler::Actor(Participant {
                    start: c.start,
                    end: c.end,
                    actor: actors::state(cx.g, &c.code),
                    entity: None,
                    adjective: false,
                    venue: false,
                })
            })
            .collect()
    })
}

/// Whether a named design, or a designation (a capitalised word with a
/// digit), starts right after byte `end` ("Airbus| A321", "Dassault|
/// Rafale").
fn names_design(a: &Annotation<'_>, si: usize, end: usize) -> bool {
    let text = a.text();
    let next = text[end..].split_whitespace().next().unwrap_or("");
    let designation = next.starts_with(|c: char| c.is_ascii_uppercase())
        && next.contains(|c: char| c.is_ascii_digit());
    designation
        || a.systems[si].iter().any(|s| {
            s.name.is_some() && !s.generic && s.start >= end && text[end..s.start].trim().is_empty()
        })
}

/// "The Omani leader will meet the king": a definite role noun stands for the
/// person of that role told before, of the country its nationality names.
fn described_person<'x>(
    a: &Annotation<'_>,
    si: usize,
    p: &Parsed,
    graph: &Graph<'_, Parsed>,
    covering: &impl Fn(usize, usize) -> Option<&'x Participant>,
    t: usize,
) -> Option<Participant> {
    let definite = graph
        .children(t)
        .iter()
        .any(|&c| p.deprel(c) == "det" && p.lemma(c) == "the");
    if !definite || points_back_to(p.lemma(t)) != Some(&[ActorType::Person][..]) {
        return None;
    }
    let nationality = graph
        .children_by(t, "amod")
        .find_map(|c| covering(p.parse.tokens[c].start, p.parse.tokens[c].end))
        .and_then(|x| x.actor.country.clone());
    let person = antecedent(a, si, p, t)?;
    (nationality.is_none() || person.actor.country == nationality).then_some(person)
}

/// The named designs that modify noun `t` as a compound with its
/// conjuncts ("the Tor-M2 and Pantsir-S1 air defence systems"), in order; fewer
/// than two tell nothing the noun's own mention does not.
fn designs_sharing_the_noun<'a>(
    a: &'a Annotation<'_>,
    si: usize,
    p: &Parsed,
    graph: &Graph<'_, Parsed>,
    t: usize,
) -> Vec<&'a SystemMention> {
    let named_at = |i: usize| {
        let w = &p.parse.tokens[i];
        a.systems[si]
            .iter()
            .find(|s| s.name.is_some() && s.start <= w.start && w.end <= s.end)
    };
    let mut out: Vec<&SystemMention> = Vec::new();
    for c in graph.children_by(t, "compound") {
        let conjuncts: Vec<usize> = graph.children_by(c, "conj").collect();
        if conjuncts.is_empty() {
            continue;
        }
        for i in std::iter::once(c).chain(conjuncts) {
            if let Some(m) = named_at(i) {
                if !out.iter().any(|x| std::ptr::eq(*x, m)) {
                    out.push(m);
                }
            }
        }
    }
    out
}

/// The goods of a kind (no `other`) that modify noun `t` as a compound
/// with conjuncts ("engine and support equipment"), in order.
fn kinds_sharing_the_noun<'a>(
    a: &'a Annotation<'_>,
    si: usize,
    p: &Parsed,
    graph: &Graph<'_, Parsed>,
    t: usize,
) -> Vec<&'a SystemMention> {
    let mut out: Vec<&SystemMention> = Vec::new();
    for c in graph.children_by(t, "compound") {
        if graph.children_by(c, "conj").next().is_none() {
            continue;
        }
        let w = &p.parse.tokens[c];
        let kind = a.systems[si].iter().find(|s| {
            s.category != Category::Other && !s.generic && s.start <= w.start && w.end <= s.end
        });
        if let Some(m) = kind.filter(|m| !out.iter().any(|x| std::ptr::eq(*x, *m))) {
            out.push(m);
        }
    }
    out
}

/// "INS Surat, the fourth destroyer of its class": a name the story gives
/// no system for is the goods its apposition describes.
fn system_apposed<'s>(cx: &Sentence<'s, '_>, t: usize) -> Option<&'s SystemMention> {
    let (a, si, p, graph) = (cx.a, cx.si, cx.p, cx.graph);
    if p.upos(t) != "PROPN" {
        return None;
    }
    graph
        .children(t)
        .iter()
        .filter(|&&c| armswatch_grammar::base(p.deprel(c)) == "appos")
        .find_map(|&c| {
            let (lo, hi) = phrase_span(p, graph, c);
            a.systems[si].iter().find(|s| s.start < hi && lo < s.end)
        })
}

/// "External Affairs Minister (EAM) Jaishankar", "the company, Thales,":
/// a title or description stands for the name set beside it.
fn apposed<'x>(
    p: &Parsed,
    graph: &Graph<'_, Parsed>,
    t: usize,
    covering: &impl Fn(usize, usize) -> Option<&'x Participant>,
) -> Option<&'x Participant> {
    graph
        .children(t)
        .iter()
        .filter(|&&c| armswatch_grammar::base(p.deprel(c)) == "appos")
        .flat_map(|&c| graph.subtree(c))
        .find_map(|k| {
            let w = &p.parse.tokens[k];
            covering(w.start, w.end)
        })
}

/// "weapons from Israel, including drones and radars": the items a
/// generic noun is told to include. The list follows the noun, and a parse
/// may hang it on any word of the clause, so it is found by its marker
/// (class `inclusion_marker`) after the noun: the first word after the
/// marker that governs it ("such" governs "as").
fn included_systems<'a>(
    a: &'a Annotation<'_>,
    si: usize,
    p: &Parsed,
    graph: &Graph<'_, Parsed>,
    t: usize,
) -> Vec<&'a SystemMention> {
    let Some(markers) = grammar().classes.get("inclusion_marker") else {
        return Vec::new();
    };
    let is_marker = |i: usize| markers.iter().any(|m| m.eq_ignore_ascii_case(p.form(i)));
    // The list must follow the noun with no other common noun between
    // ("arms from India, including ..."; not "parts for aircraft such as").
    // A noun of time between is no goods ("arms to Angola this year,
    // including ...").
    let timely = |i: usize| matches!(p.deprel(i), "obl:unmarked" | "obl:tmod" | "obl:npmod");
    let Some(marker) = (t + 1..p.len())
        .take_while(|&i| p.upos(i) != "NOUN" || is_marker(i) || timely(i))
        .find(|&i| is_marker(i))
    else {
        return Vec::new();
    };
    // "jets, that include 12 Gripens": a verb marks its object.
    let object = (p.upos(marker) == "VERB")
        .then(|| graph.children_by(marker, "obj").find(|&o| o > marker))
        .flatten();
    let Some(head) = object.or_else(|| {
        (marker + 1..p.len()).find(|&i| {
            graph
                .children(i)
                .iter()
                .any(|&c| c == marker || p.head(marker) == Some(c))
        })
    }) else {
        return Vec::new();
    };
    let mut out: Vec<&SystemMention> = Vec::new();
    for k in armswatch_grammar::path::conjuncts(graph, head) {
        let (lo, hi) = phrase_span(p, graph, k);
        let found = a.systems[si]
            .iter()
            .filter(|s| s.start < hi && lo < s.end && !s.generic)
            .min_by_key(|s| s.start.abs_diff(p.parse.tokens[k].start));
        if let Some(s) = found.filter(|s| !out.iter().any(|o| o.start == s.start)) {
            out.push(s);
        }
    }
    out
}

/// "The TEDBF is a naval fighter, and the navy will procure 45 jets": an
/// unnamed description of a kind takes the name (and maker) of the system
/// of that kind named before it in the sentence, when exactly one is.
/// Whether the words between two goods only join them as items of one
/// list: "and" or "or", commas, and the second item's count.
fn listed_beside(between: &str) -> bool {
    let words: Vec<&str> = between
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // (A comma alone may set off an apposition: "Konkurs-M, anti-tank
    // missiles, made by ...".)
    let joined = words.iter().any(|w| matches!(*w, "and" | "or"));
    joined
        && words.iter().all(|w| {
            matches!(*w, "and" | "or" | "a" | "an" | "the")
                || armswatch_annotate::systems::quantity_word(w).is_some()
        })
}

fn named_by_antecedent(
    g: &Gazetteer,
    a: &Annotation<'_>,
    si: usize,
    s: &SystemMention,
) -> SystemMention {
    let mut out = s.clone();
    if s.name.is_some() || s.generic || set_apart(s) {
        return out;
    }
    let named: Vec<&SystemMention> = a.systems[si]
        .iter()
        // Goods being replaced do not name their replacement ("replace
        // its Hawks with 30 new jets").
        .filter(|m| m.end <= s.start && m.name.is_some() && m.category == s.category)
        .filter(|m| !m.replaced)
        .collect();
    // "20 Leopard tanks and six recovery vehicles": an item listed beside
    // a named one is other goods, not more of it.
    if named
        .last()
        .is_some_and(|m| listed_beside(&a.text()[m.end..s.start]))
    {
        return out;
    }
    // Names of one known system are one ("AGM-114R ... also known as
    // Hellfire"); the last written stays.
    let systems = distinct_designs(g, &named);
    let names: Vec<&str> = match systems.as_slice() {
        [_] => named
            .last()
            .and_then(|m| m.name.as_deref())
            .into_iter()
            .collect(),
        _ => systems.iter().map(String::as_str).collect(),
    };
    if let ([only], Some(m)) = (names.as_slice(), named.last()) {
        out.name = Some(only.to_string());
        out.origin = m.origin.clone();
    }
    out
}

/// The designs the named mentions stand for, each once: names of one
/// known system are one ("AGM-114R ... also known as Hellfire").
fn distinct_designs(g: &Gazetteer, named: &[&SystemMention]) -> Vec<String> {
    let mut systems: Vec<String> = named
        .iter()
        .filter_map(|m| m.name.as_deref())
        .map(|n| g.system(n).map_or(n.to_string(), |e| e.designation.clone()))
        .collect();
    systems.sort();
    systems.dedup();
    systems
}

/// "The army tested the Zorawar in Ladakh. It will buy 354 of these
/// tanks": goods pointed at by a demonstrative ("these", "those", "this",
/// "that") and left unnamed in their sentence take the name of the system
/// of their kind named in the nearest sentence before (up to three back)
/// that names one, when that sentence names exactly one.
fn named_by_earlier_sentence(
    g: &Gazetteer,
    a: &Annotation<'_>,
    si: usize,
    p: &Parsed,
    graph: &Graph<'_, Parsed>,
    t: usize,
    s: SystemMention,
) -> SystemMention {
    // "six of these drones": the pointing word may sit on the partitive's
    // noun.
    let pointed = std::iter::once(t)
        .chain(graph.children_by(t, "nmod"))
        .flat_map(|n| graph.children_by(n, "det"))
        .any(|d| matches!(p.lemma(d), "the" | "this" | "these" | "that" | "those"));
    if s.name.is_some() || s.generic || !pointed || set_apart(&s) {
        return s;
    }
    for prev in (si.saturating_sub(3)..si).rev() {
        let named: Vec<&SystemMention> = a.systems[prev]
            .iter()
            .filter(|m| m.name.is_some() && m.category == s.category && !m.replaced)
            .collect();
        match (distinct_designs(g, &named).len(), named.last()) {
            (0, _) => continue,
            (1, Some(m)) => {
                let mut out = s.clone();
                out.name = m.name.clone();
                out.origin = m.origin.clone();
                return out;
            }
            _ => return s,
        }
    }
    s
}

/// Whether a noun's `nmod` may say who the noun stands for ("the navies
/// of Egypt", "officials from Kenya"; a misattached "equipment to Mauritius"
/// or "service by the army" still tells the party), not what it stands
/// against or beside ("tension with China", "the border with Nepal").
fn belongs_to(g: &Gazetteer, p: &Parsed, graph: &Graph<'_, Parsed>, head: usize, c: usize) -> bool {
    // "the ambassador to India" serves his own state, posted to India.
    let posted = g.is("posting_title", p.lemma(head))
        && graph.children_by(c, "case").any(|k| p.lemma(k) == "to");
    !posted
        && !graph.children_by(c, "case").any(|k| {
            matches!(
                p.lemma(k),
                "with"
                    | "against"
                    | "between"
                    | "versus"
                    | "vs"
                    | "vs."
                    | "near"
                    | "along"
                    | "beyond"
                    | "over"
                    | "about"
                    | "across"
                    | "around"
                    | "in"
                    | "on"
            )
        })
}

/// Whether goods are described as unlike the systems named near them
/// ("foreign jets", "other missiles"; class `unlike_word`): they take
/// neither those systems' names nor their makers.
pub(crate) fn set_apart(s: &SystemMention) -> bool {
    let words = grammar().classes.get("unlike_word");
    let description = s.description.as_deref().unwrap_or("");
    words.is_some_and(|ws| {
        description
            .split_whitespace()
            .any(|w| ws.iter().any(|x| w.eq_ignore_ascii_case(x)))
    })
}

/// The system a unit noun or pronoun stands for ("3 squadrons", "ordered
/// them"): the nearest specific system before it in the sentence,
/// else the last one of the sentence before. Units of aircraft ("squadron")
/// point back to aircraft only.
fn system_antecedent<'a>(
    a: &'a Annotation<'_>,
    si: usize,
    p: &Parsed,
    t: usize,
) -> Option<&'a SystemMention> {
    let classes = &grammar().classes;
    let in_class = |name: &str| {
        classes
            .get(name)
            .is_some_and(|v| v.iter().any(|w| w == p.lemma(t)))
    };
    let pronoun = p.upos(t) == "PRON" && in_class("system_pronoun");
    if !pronoun && !in_class("unit_noun") {
        return None;
    }
    named_before(a, si, p.parse.tokens[t].start, in_class("aircraft_unit"))
}

/// The named system told last before `pos` in sentence `si`, else the
/// first of the sentence before.
fn named_before<'a>(
    a: &'a Annotation<'_>,
    si: usize,
    pos: usize,
    aircraft_only: bool,
) -> Option<&'a SystemMention> {
    let fits = |s: &&SystemMention| {
        !s.generic && (!aircraft_only || s.category == armswatch_register::Category::Aircraft)
    };
    // In the sentence before, the goods it is about come first; parts
    // told after them ("powered by a 1,000hp engine") are not what the
    // units count.
    a.systems[si]
        .iter()
        .filter(|s| s.end <= pos)
        .rfind(fits)
        .or_else(|| {
            si.checked_sub(1)
                .and_then(|prev| a.systems[prev].iter().find(fits))
        })
}

/// The country a nationality word between `lo` and `end` of sentence
/// `si` names ("the Russian system").
fn nationality_on(a: &Annotation<'_>, si: usize, lo: usize, end: usize) -> Option<String> {
    a.countries_in(si)
        .filter(|c| c.form == CountryForm::Demonym && lo <= c.start && c.end <= end)
        .last()
        .map(|c| c.code.clone())
}

/// The named system of origin `code` told last before `pos`, in sentence
/// `si` or up to three sentences back.
fn named_of_origin<'a>(
    a: &'a Annotation<'_>,
    si: usize,
    pos: usize,
    code: &str,
) -> Option<&'a SystemMention> {
    let fits = |s: &&SystemMention| !s.generic && s.origin.as_deref() == Some(code);
    (si.saturating_sub(3)..=si).rev().find_map(|k| {
        a.systems[k]
            .iter()
            .filter(|s| k < si || s.end <= pos)
            .rfind(fits)
    })
}

/// Whether goods' word `t` points back to goods told before: "the
/// system", "this type", "similar systems", "the same system", "the
/// Korean system"; not "its top-tier systems" (the owner's, whatever they
/// are) or bare "systems".
fn points_to_named(p: &Parsed, graph: &Graph<'_, Parsed>, t: usize) -> bool {
    let owned = graph.children_by(t, "nmod:poss").next().is_some();
    let pointing = graph.children(t).iter().any(|&c| {
        matches!(
            p.lemma(c),
            "the" | "this" | "that" | "these" | "those" | "such" | "similar" | "same"
        )
    });
    pointing && !owned
}

/// "350 units", "two batteries": the number a pointing unit noun carries
/// counts the goods it stands for.
fn counted_by_unit(
    p: &Parsed,
    graph: &Graph<'_, Parsed>,
    t: usize,
    s: SystemMention,
) -> SystemMention {
    if p.lemma(t) != "unit" {
        return s;
    }
    let number = graph
        .children_by(t, "nummod")
        .find_map(|n| armswatch_annotate::systems::quantity_word(p.form(n)));
    SystemMention {
        quantity: number.or(s.quantity),
        ..s
    }
}

/// Pronouns and descriptions that point back: "it", "they", "the company",
/// "the country".
/// "Air force", "the Rocket force": a unit noun with capitalised words
/// before it names a force of its own, not one told before.
fn named_in_words(p: &Parsed, t: usize) -> bool {
    (0..t).any(|k| {
        p.head(k) == Some(t)
            && matches!(p.deprel(k), "compound" | "amod" | "flat")
            && p.form(k).starts_with(char::is_uppercase)
    })
}

/// The kinds of actor a pointing word (its lemma) may stand for.
fn points_back_to(lemma: &str) -> Option<&'static [ActorType]> {
    Some(match lemma {
        "it" | "they" | "its" | "their" => &[
            ActorType::State,
            ActorType::Company,
            ActorType::ArmedForce,
            ActorType::GovernmentBody,
        ],
        "he" | "she" | "his" | "her" | "minister" | "president" | "premier" | "chancellor"
        | "secretary" | "leader" | "king" | "monarch" | "emir" | "sultan" => &[ActorType::Person],
        "company" | "firm" | "manufacturer" | "maker" | "contractor" | "group" | "shipbuilder"
        | "shipyard" | "corporation" | "supplier" | "vendor" | "producer" | "exporter" => {
            &[ActorType::Company]
        }
        "country" | "nation" | "government" | "kingdom" | "republic" => &[ActorType::State],
        "ministry" | "department" | "agency" => &[ActorType::GovernmentBody],
        "force" | "squadron" | "regiment" | "brigade" | "battalion" | "troops" | "service" => {
            &[ActorType::ArmedForce]
        }
        // "the institution ordered ...": a navy or a ministry, told before.
        "institution" => &[ActorType::ArmedForce, ActorType::GovernmentBody],
        _ => return None,
    })
}

/// "The government said": a bare "the government" (no nationality, owner
/// or modifier) is the government of the country the story stands in, or
/// of the one country whose bodies and forces the sentence names ("the
/// Malaysian air force chief asked the government for funds", told by an
/// Indian outlet).
fn home_government(a: &Annotation<'_>, si: usize, p: &Parsed, t: usize) -> Option<Participant> {
    // Whose government is told by an adjective, owner, compound or an
    // `of`/`in` phrase ("the government of Peru", "the government in
    // Lima"); a time ("on Wednesday") tells nothing of whose.
    let whose = |i: usize| match p.deprel(i) {
        "amod" | "compound" | "flat" | "nmod:poss" => true,
        "nmod" => (0..p.len()).any(|c| {
            p.head(c) == Some(i) && p.deprel(c) == "case" && matches!(p.lemma(c), "of" | "in")
        }),
        _ => false,
    };
    let bare =
        p.lemma(t) == "government" && (0..p.len()).all(|i| p.head(i) != Some(t) || !whose(i));
    if !bare {
        return None;
    }
    let home = sentence_state(a, si).or(a.home.as_deref())?;
    let g = Gazetteer::builtin().ok()?;
    let w = &p.parse.tokens[t];
    Some(Participant {
        start: w.start,
        end: w.end,
        actor: actors::state(g, home),
        entity: None,
        adjective: false,
        venue: false,
    })
}

/// The one country of the bodies and forces a sentence names, if one.
fn sentence_state<'a>(a: &'a Annotation<'_>, si: usize) -> Option<&'a str> {
    let mut countries = a
        .mentions_in(si)
        .map(|m| &a.entities[m.entity])
        .filter(|e| matches!(e.kind, ActorType::GovernmentBody | ActorType::ArmedForce))
        .filter_map(|e| e.country.as_deref());
    let first = countries.next()?;
    countries.all(|c| c == first).then_some(first)
}

/// The speaker told by a common noun ("the company") whose saying the
/// clause of subject pronoun `t` is.
fn describing_speaker(p: &Parsed, t: usize) -> Option<usize> {
    let tokens = &p.parse.tokens;
    if p.upos(t) != "PRON" || !p.deprel(t).starts_with("nsubj") {
        return None;
    }
    let clause = tokens[t].head?;
    if tokens[clause].deprel != "ccomp" {
        return None;
    }
    let verb = tokens[clause].head?;
    if !matches!(
        p.lemma(verb),
        "say" | "announce" | "state" | "confirm" | "add" | "tell"
    ) {
        return None;
    }
    (0..tokens.len()).find(|&k| {
        tokens[k].head == Some(verb)
            && tokens[k].deprel == "nsubj"
            && p.upos(k) == "NOUN"
            && points_back_to(p.lemma(k)).is_some()
    })
}

fn antecedent(a: &Annotation<'_>, si: usize, p: &Parsed, t: usize) -> Option<Participant> {
    let want = points_back_to(p.lemma(t))?;
    if let Some(home) = home_government(a, si, p, t) {
        return Some(home);
    }
    // A unit of a force told without its force's name ("frontline
    // squadrons started receiving ...") belongs to the force named last,
    // when it acts; "squadrons will be procured" are goods.
    if want == [ActorType::ArmedForce] && (p.deprel(t) != "nsubj" || named_in_words(p, t)) {
        return None;
    }
    // "exported to 29 countries", "these nations": many, not the one told
    // last (a force's units are its own: "squadrons" above).
    if want != [ActorType::ArmedForce] && p.parse.tokens[t].xpos == "NNS" {
        return None;
    }
    if !matches!(p.upos(t), "PRON" | "NOUN") {
        return None;
    }
    let pos = p.parse.tokens[t].start;
    let g = Gazetteer::builtin().ok()?;
    let people = want.contains(&ActorType::Person);
    if let Some(x) = state_by_nationality(g, a, si, p, t, want) {
        return Some(x);
    }
    // "The company said it will supply ...": the subject pronoun of what a
    // speaker told by description says is that speaker.
    if let Some(speaker) = describing_speaker(p, t) {
        return antecedent(a, si, p, speaker);
    }
    if p.upos(t) == "PRON" {
        // Pointing forward, the pronoun is the subject or nothing we can name.
        if let Some(x) = cataphoric_subject(g, a, si, p, t, people) {
            return x.filter(|x| !x.adjective && want.contains(&x.actor.kind));
        }
    }
    for back in 0..=3 {
        let Some(s) = si.checked_sub(back) else { break };
        let fits: Vec<Participant> = actors::participants(g, a, s, people)
            .into_iter()
            .filter(|x| (s < si || x.end <= pos) && !x.adjective && want.contains(&x.actor.kind))
            .filter(|x| s < si || !subject_of_own_clause(p, t, x))
            .collect();
        // A pronoun in the subject's own sentence prefers the subject:
        // "HAL offered Australia its jet, for which it had orders" (HAL).
        // Failing a subject, the body its people come from: "Pilots from
        // the air force toured France; they ..." (the air force).
        let subject = (s == si && p.upos(t) == "PRON")
            .then(|| {
                let group = || fits.iter().rfind(|x| is_subjects_group(p, x));
                let owner = || fits.iter().rfind(|x| is_subjects_owner(p, x));
                // The subject's owner before a body named inside the
                // subject's phrases ("Hungary's order for trucks from X").
                fits.iter()
                    .rfind(|x| is_subject(p, x))
                    .or_else(owner)
                    .or_else(group)
            })
            .flatten();
        if let Some(found) = subject.or_else(|| earlier_subject(g, a, s, si, p, t, &fits)) {
            return Some(found.clone());
        }
        // "The German minister brought its offer": a possessive's subject
        // told by its nationality ("German") is that country (only for a
        // subject that is someone: "the American F-35" is a weapon).
        if s == si && p.upos(t) == "PRON" && p.deprel(t) == "nmod:poss" {
            let by_nationality = actors::participants(g, a, s, people).into_iter().find(|x| {
                x.adjective
                    && x.end <= pos
                    && want.contains(&x.actor.kind)
                    && qualifies_subject(p, x)
            });
            if let Some(mut x) = by_nationality {
                x.adjective = false;
                return Some(x);
            }
        }
        if let Some(found) = fits.last() {
            return Some(found.clone());
        }
    }
    None
}

/// "talks with officials of the Maldivian forces during his visit to the
/// island nation": a state told by description ("the nation", "the
/// country") in a sentence that names no state outright is the one a
/// nationality, or a state's forces or ministry, before it tells.
fn state_by_nationality(
    g: &Gazetteer,
    a: &Annotation<'_>,
    si: usize,
    p: &Parsed,
    t: usize,
    want: &[ActorType],
) -> Option<Participant> {
    if want != [ActorType::State] || p.upos(t) != "NOUN" {
        return None;
    }
    let pos = p.parse.tokens[t].start;
    // A state's forces or ministries tell its nationality as an adjective
    // does ("officials of the Maldivian defence forces").
    let organ = |k: ActorType| matches!(k, ActorType::ArmedForce | ActorType::GovernmentBody);
    // "the Chinese FK-3 system ... delivered to the country": a nationality
    // on goods tells their maker, not the state spoken of.
    let text = a.text();
    let on_goods = |x: &Participant| {
        x.adjective
            && a.systems[si].iter().any(|m| {
                (m.start <= x.start && x.end <= m.end)
                    || (m.start >= x.end && text[x.end..m.start].trim().is_empty())
            })
    };
    let before: Vec<Participant> = actors::participants(g, a, si, false)
        .into_iter()
        .filter(|x| x.end <= pos && (x.actor.kind == ActorType::State || organ(x.actor.kind)))
        .filter(|x| !on_goods(x))
        .collect();
    if before
        .iter()
        .any(|x| x.actor.kind == ActorType::State && !x.adjective)
    {
        return None;
    }
    let x = before.into_iter().last()?;
    let code = x.actor.country.as_deref()?;
    Some(Participant {
        actor: actors::state(g, code),
        entity: None,
        adjective: false,
        ..x
    })
}

/// "The air force bought jets from the US. It now flies 15 of them": a
/// subject pronoun (or "the country") continues an earlier
/// sentence's subject, when that subject fits, before any later name of
/// that sentence.
fn earlier_subject<'x>(
    g: &Gazetteer,
    a: &Annotation<'_>,
    s: usize,
    si: usize,
    p: &Parsed,
    t: usize,
    fits: &'x [Participant],
) -> Option<&'x Participant> {
    // "The country ordered ...": a state told by description continues
    // the subject as a pronoun does (people and firms so told are more
    // often the last named).
    let pointing = p.upos(t) == "PRON" || matches!(p.lemma(t), "country" | "nation");
    if s == si || !pointing || !p.deprel(t).starts_with("nsubj") || fits.len() < 2 {
        return None;
    }
    let earlier = parse_sentence(g, a, s)?;
    fits.iter().find(|x| is_subject(&earlier, x))
}

/// "During his meeting with Lavrov, Qin said ...": a pronoun inside an
/// adverbial set before its clause's subject refers forward, to that
/// subject, not back to the last person of the previous sentence. `None`
/// when the pronoun does not stand so; `Some(None)` when it does but the
/// subject names no participant ("his": "the minister").
fn cataphoric_subject(
    g: &Gazetteer,
    a: &Annotation<'_>,
    si: usize,
    p: &Parsed,
    t: usize,
    people: bool,
) -> Option<Option<Participant>> {
    let mut k = t;
    let verb = loop {
        let h = p.head(k)?;
        if matches!(armswatch_grammar::base(p.deprel(k)), "obl" | "advcl") {
            break h;
        }
        k = h;
    };
    let subject =
        (0..p.len()).find(|&i| p.head(i) == Some(verb) && p.deprel(i).starts_with("nsubj"))?;
    let (start, end) = (p.parse.tokens[subject].start, p.parse.tokens[subject].end);
    if start <= p.parse.tokens[t].start || p.parse.tokens[k].end > start {
        return None;
    }
    Some(
        actors::participants(g, a, si, people)
            .into_iter()
            .find(|x| x.start <= start && end <= x.end),
    )
}

/// Whether a participant heads a subject in the parse.
/// Whether participant `x` is a nationality adjective of a subject ("the
/// German minister").
fn qualifies_subject(p: &Parsed, x: &Participant) -> bool {
    (0..p.len()).any(|i| {
        let w = &p.parse.tokens[i];
        let someone = |h: usize| {
            let lemma = p.lemma(h);
            Gazetteer::builtin().is_ok_and(|g| g.is_role_word(lemma))
                || grammar()
                    .classes
                    .get("party_word")
                    .is_some_and(|ws| ws.iter().any(|w| w == lemma))
        };
        let head_is_subject = p
            .head(i)
            .is_some_and(|h| p.deprel(h).starts_with("nsubj") && someone(h));
        x.start <= w.start
            && w.end <= x.end
            && matches!(p.deprel(i), "amod" | "compound")
            && head_is_subject
    })
}

/// Whether participant `x` is a subject, or names the people a subject is
/// ("HAL delegations", "Boeing officials": a compound of the subject).
/// "Raytheon said the Navy awarded it a contract": an object pronoun is
/// never the subject of its own clause (that would be "itself").
fn subject_of_own_clause(p: &Parsed, t: usize, x: &Participant) -> bool {
    if !matches!(p.deprel(t), "obj" | "iobj") {
        return false;
    }
    let Some(verb) = p.head(t) else {
        return false;
    };
    (0..p.len()).any(|k| {
        let w = &p.parse.tokens[k];
        p.head(k) == Some(verb)
            && p.deprel(k).starts_with("nsubj")
            && x.start <= w.start
            && w.end <= x.end
    })
}

fn is_subject(p: &Parsed, x: &Participant) -> bool {
    (0..p.len()).any(|i| {
        let w = &p.parse.tokens[i];
        let inside = |j: usize| {
            let v = &p.parse.tokens[j];
            x.start <= v.start && v.end <= x.end
        };
        let subject = |j: usize| p.deprel(j).starts_with("nsubj");
        let own = inside(i) && subject(i) && p.head(i).is_none_or(|h| !inside(h));
        // "Shri Rajnath Singh" parsed with the title as head: the name is
        // the title's flat part.
        let of_subject = inside(i)
            && matches!(p.deprel(i), "compound" | "flat")
            && p.head(i).is_some_and(|h| subject(h) && !inside(h));
        (own || of_subject) && w.end <= x.end
    })
}

/// The owner of a subject that is no actor: "Hungary's order for trucks is
/// the latest, after the radars it bought": Hungary.
fn is_subjects_owner(p: &Parsed, x: &Participant) -> bool {
    (0..p.len()).any(|i| {
        let w = &p.parse.tokens[i];
        let inside = x.start <= w.start && w.end <= x.end;
        inside
            && p.deprel(i) == "nmod:poss"
            && p.head(i)
                .is_some_and(|h| p.deprel(h).starts_with("nsubj") && p.upos(h) == "NOUN")
    })
}

/// The body a subject of people comes `from` or is `of` (see
/// `of_subjects_group`).
fn is_subjects_group(p: &Parsed, x: &Participant) -> bool {
    (0..p.len()).any(|i| {
        let inside = |j: usize| {
            let v = &p.parse.tokens[j];
            x.start <= v.start && v.end <= x.end
        };
        of_subjects_group(p, i, inside) && p.parse.tokens[i].end <= x.end
    })
}

/// "Pilots from the Chilean air force arrived; they flew ...": a body named
/// by `from`/`of` on a subject of people (through their `of` and `and`
/// phrases) stands for that subject.
fn of_subjects_group(p: &Parsed, i: usize, inside: impl Fn(usize) -> bool) -> bool {
    let by_case = (0..p.len()).any(|c| {
        p.head(c) == Some(i) && p.deprel(c) == "case" && matches!(p.lemma(c), "from" | "of")
    });
    if !inside(i) || p.deprel(i) != "nmod" || !by_case {
        return false;
    }
    let mut k = p.head(i);
    for _ in 0..3 {
        let Some(h) = k.filter(|&h| !inside(h)) else {
            return false;
        };
        if p.deprel(h).starts_with("nsubj") {
            return true;
        }
        if !matches!(p.deprel(h), "nmod" | "conj") {
            return false;
        }
        k = p.head(h);
    }
    false
}

/// Actor of a state by code.
pub fn state_actor(g: &Gazetteer, code: &str) -> Actor {
    actors::state(g, code)
}
