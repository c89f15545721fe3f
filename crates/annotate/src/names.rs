//! Names: countries, organisations and people, and which mentions in a
//! document refer to the same one.
//!
//! Recognition does not depend on the gazetteer knowing a name: capitalised
//! runs are classified by their head word (a corporate suffix, "Ministry",
//! "Navy"), by titles and roles before them ("Gen.", "spokesman"), by
//! appositions and speech verbs after them, and by Reuters-style tickers.
//! The gazetteer adds canonical names, types and countries where it knows
//! them.

use crate::gazetteer::{Gazetteer, Organisation, Surface};
use crate::text::{Sentence, SentenceTokens, Token};
use armswatch_register::floor_boundary;
use armswatch_register::LowerSameLen;
use armswatch_register::{ActorType, Date};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryForm {
    Name,
    Demonym,
    Capital,
    /// A place inside the country (`data/places.tsv`): where, never who.
    Place,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryMention {
    pub start: usize,
    pub end: usize,
    pub code: String,
    pub form: CountryForm,
    pub sentence: usize,
}

/// An organisation or person of the document, with every form it goes by.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityInfo {
    pub name: String,
    pub kind: ActorType,
    pub country: Option<String>,
    /// Other forms the text uses, plus gazetteer aliases seen in the text.
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub affiliation: Option<usize>,
    pub members: Vec<usize>,
    pub gazetteer: Option<usize>,
    /// Cited news outlet rather than an actor.
    pub outlet: bool,
    /// A generic service word ("the Navy") resolved to the home country.
    pub implicit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMention {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    pub sentence: usize,
}

pub struct Names {
    pub countries: Vec<CountryMention>,
    pub entities: Vec<EntityInfo>,
    pub mentions: Vec<NameMention>,
    /// The country most of the document is about (for "the Navy said").
    pub home: Option<String>,
}

/// Normalised name for matching forms of one organisation: lower case,
/// alphanumeric words, corporate suffixes and "the" dropped.
pub fn norm(name: &str) -> String {
    const DROP: &[&str] = &[
        "the",
        "corp",
        "corporation",
        "co",
        "company",
        "inc",
        "ltd",
        "limited",
        "group",
        "plc",
        "sa",
        "ag",
        "jsc",
        "ojsc",
        "llc",
        "holdings",
        "consortium",
        "gmbh",
        "incorporated",
    ];
    let lower = name.lower_same_len().replace(['’', '`'], "'");
    let lower = lower.replace("'s ", " ");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !DROP.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` without the words that grade a role at its end ("... First
/// Deputy"), so that what stands before the whole title is found.
fn before_grades<'t>(g: &Gazetteer, text: &'t str) -> &'t str {
    let mut head = text.trim_end();
    while let Some((rest, last)) = head.rsplit_once(' ') {
        if !g.is("role_grade", last) {
            break;
        }
        head = rest.trim_end();
    }
    head
}

/// "his French counterpart Admiral Anne Roux": the rank is the role, and
/// the demonym placing the person stands before "counterpart".
fn before_counterpart(text: &str) -> &str {
    let head = text.trim_end();
    let head = head.strip_suffix(',').unwrap_or(head).trim_end();
    match head.rsplit_once(' ') {
        Some((rest, last)) if last.eq_ignore_ascii_case("counterpart") => rest.trim_end(),
        _ => text,
    }
}

fn strip_possessive(s: &str) -> (&str, bool) {
    for p in ["’s", "'s", "’", "'"] {
        if let Some(x) = s.strip_suffix(p) {
            if !x.is_empty() {
                return (x, true);
            }
        }
    }
    (s, false)
}

/// "Chile's Senate", "the French Congress": a body's bare head word that
/// the gazetteer lists as one country's short form ("Senate" for the U.S.
/// Senate) names another country's body when that country owns it or
/// describes it. Such a mention is left to the pass over capitalised runs.
fn another_countrys_body(
    g: &Gazetteer,
    countries: &[CountryMention],
    text: &str,
    start: usize,
    form: &str,
    org: &Organisation,
) -> bool {
    if form.contains(' ') || !g.is("gov_head", form) {
        return false;
    }
    countries.iter().any(|c| {
        c.end <= start
            && matches!(&text[c.end..start], " " | "'s " | "’s ")
            && org.country.as_deref() != Some(c.code.as_str())
    })
}

/// "the Congress-led government": a bare body word the gazetteer lists as
/// a legislature's short form, joined to "-led", names a party leading a
/// government or coalition (India's Congress), not the legislature.
fn party_leading(g: &Gazetteer, text: &str, end: usize, form: &str) -> bool {
    let rest = text.get(end..).unwrap_or("");
    !form.contains(' ')
        && g.is("gov_head", form)
        && (rest.starts_with("-led") || rest.starts_with("–led"))
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
        || (w.chars().next().is_some_and(|c| c.is_ascii_digit())
            && w.chars().any(|c| c.is_uppercase()))
        || article_joined(w).is_some()
}

/// "al-Rashid", "el-Sisi": an Arabic article joined to a capitalised name,
/// written in lower case mid-name. The name after the article.
fn article_joined(w: &str) -> Option<&str> {
    ["al-", "el-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .filter(|rest| rest.chars().next().is_some_and(char::is_uppercase))
}

fn is_acronym(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && w.len() <= 8
}

/// A token that can be part of a person's name.
fn person_like(g: &Gazetteer, w: &str) -> bool {
    let (w, _) = strip_possessive(w);
    let w = article_joined(w).unwrap_or(w);
    let initial = (w.len() == 2 && w.ends_with('.')) || w.len() == 1;
    if initial && w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        return true; // "R. K. Sharma", "Girish S Rao"
    }
    // "O.R. Nandagopan", "A.P.J. Kalam": initials run together, each
    // with its dot.
    let bytes = w.as_bytes();
    // ("Jayadeva E.P": the last dot may be left out.)
    let dotted_initials = (3..=8).contains(&bytes.len())
        && bytes
            .chunks(2)
            .enumerate()
            .all(|(i, p)| p[0].is_ascii_uppercase() && p.get(1).map_or(i > 0, |&d| d == b'.'));
    // ("U.S." is a country, not initials.)
    if dotted_initials && g.country_by_surface(w).is_none() {
        return true;
    }
    let mut cs = w.chars();
    let first_upper = cs.next().is_some_and(char::is_uppercase);
    let rest_ok = w.chars().skip(1).any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
    // "Commanding-in-Chief", "Editor-in-Chief": a lower-case word joined
    // by a hyphen makes a title; names join capitals ("Al-Sudani").
    let joins_lower = w
        .split('-')
        .skip(1)
        .any(|part| part.chars().next().is_some_and(char::is_lowercase));
    first_upper
        && !joins_lower
        && rest_ok
        && !g.is("not_name", w)
        && !g.is("company_suffix", w)
        && !g.is("company_head", w)
        && !g.is("gov_head", w)
        && !g.is("force_head", w)
        && !g.is("other_head", w)
        && !g.is_role_word(w)
        && g.country_by_surface(w).is_none()
}

const PERSON_PARTICLES: &[&str] = &[
    "ibn", "bin", "bint", "al", "el", "de", "da", "van", "von", "der", "du", "le", "la", "di",
];

const FIRM_NOUNS: &[&str] = &[
    "company",
    "firm",
    "manufacturer",
    "contractor",
    "maker",
    "group",
    "giant",
    "conglomerate",
    "shipbuilder",
    "subsidiary",
    "producer",
    "supplier",
    "exporter",
    "corporation",
    "agency",
    "carrier",
    "airline",
    "shipyard",
    "consortium",
    "partner",
    "rival",
    "competitor",
    "unit",
];

/// A Reuters ticker: "RTN", "TSBA.T", "VOLV ST" (code, then the exchange
/// after a dot or a space).
fn is_ticker(t: &str) -> bool {
    let (code, exchange) = t.split_once(' ').unwrap_or((t, "A"));
    (1..=10).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
        && (1..=3).contains(&exchange.len())
        && exchange.chars().all(|c| c.is_ascii_uppercase())
}

fn ticker_country(t: &str) -> Option<&'static str> {
    let suffix = t.rsplit_once(['.', ' ']).map(|(_, s)| s);
    Some(match suffix {
        None => "US",
        Some("T") => "JP",
        Some("F" | "DE") => "DE",
        Some("L") => "GB",
        Some("PA" | "P") => "FR",
        Some("MI" | "M") => "IT",
        Some("TO") => "CA",
        Some("AS") => "NL",
        Some("ST") => "SE",
        Some("OL") => "NO",
        Some("S" | "SW") => "CH",
        Some("KS") => "KR",
        Some("HK") => "HK",
        Some("SS" | "SZ") => "CN",
        Some("TA") => "IL",
        Some("MC") => "ES",
        Some("BR") => "BE",
        Some("AX" | "AU") => "AU",
        Some("NS" | "BO") => "IN",
        _ => return None,
    })
}

struct Builder<'a> {
    g: &'a Gazetteer,
    text: &'a str,
    entities: Vec<EntityInfo>,
    mentions: Vec<NameMention>,
    /// norm(form) -> entity
    index: rustc_hash::FxHashMap<String, usize>,
    /// Mention start -> (end, index in `mentions`).
    occupied: std::collections::BTreeMap<usize, (usize, usize)>,
}

impl<'a> Builder<'a> {
    fn find(&self, form: &str) -> Option<usize> {
        self.index.get(&norm(form)).copied()
    }

    fn add_alias(&mut self, e: usize, form: &str) {
        let form = form.trim();
        if form.is_empty() {
            return;
        }
        let n = norm(form);
        if n.is_empty() {
            return;
        }
        self.index.entry(n).or_insert(e);
        let ent = &mut self.entities[e];
        if ent.name != form && !ent.aliases.iter().any(|a| a == form) {
            ent.aliases.push(form.to_string());
        }
    }

    /// The entity for `form`, created if new. A longer written form becomes
    /// the name; the shorter one an alias.
    fn entity(
        &mut self,
        form: &str,
        kind: ActorType,
        country: Option<String>,
        gazetteer: Option<usize>,
    ) -> usize {
        let branch = |n: &str| -> Option<&'static str> {
            [
                "Air Force",
                "Navy",
                "Army",
                "Marine Corps",
                "Marines",
                "Coast Guard",
            ]
            .into_iter()
            .find(|b| n.ends_with(b))
        };
        let existing = gazetteer
            .and_then(|gi| self.entities.iter().position(|e| e.gazetteer == Some(gi)))
            .or_else(|| self.find(form))
            .or_else(|| {
                // "United States Navy" and "U.S. Navy" are one force.
                (kind == ActorType::ArmedForce && country.is_some() && branch(form).is_some())
                    .then(|| {
                        self.entities.iter().position(|e| {
                            e.kind == ActorType::ArmedForce
                                && e.country == country
                                && branch(&e.name) == branch(form)
                        })
                    })
                    .flatten()
            });
        if let Some(e) = existing {
            let ent = &mut self.entities[e];
            if ent.country.is_none() {
                ent.country = country;
            }
            if ent.kind == ActorType::Other && kind != ActorType::Other {
                ent.kind = kind;
            }
            if ent.gazetteer.is_none() {
                ent.gazetteer = gazetteer;
            }
            // Prefer the fuller written form as the name.
            if form.len() > ent.name.len()
                && norm(form).starts_with(&norm(&ent.name))
                && ent.kind != ActorType::Person
            {
                let old = std::mem::replace(&mut ent.name, form.to_string());
                ent.aliases.retain(|a| a != form);
                self.add_alias(e, &old);
            } else {
                self.add_alias(e, form);
            }
            return e;
        }
        let e = self.entities.len();
        self.entities.push(EntityInfo {
            name: form.to_string(),
            kind,
            country,
            aliases: Vec::new(),
            role: None,
            affiliation: None,
            members: Vec::new(),
            gazetteer,
            outlet: false,
            implicit: false,
        });
        self.index.insert(norm(form), e);
        if let Some(gi) = gazetteer {
            let org = &self.g.organisations[gi];
            let forms: Vec<String> = std::iter::once(org.name.clone())
                .chain(org.aliases.iter().cloned())
                .collect();
            for f in forms {
                // Gazetteer forms help matching but are only listed as
                // aliases when the text uses them (added on sight).
                self.index.entry(norm(&f)).or_insert(e);
            }
        }
        e
    }

    /// The mention overlapping `start..end`, if any. Mentions never
    /// overlap each other, so only the last one starting before `end` can
    /// (a map lookup, not a scan: long articles hold thousands).
    fn overlapping(&self, start: usize, end: usize) -> Option<&NameMention> {
        let (_, &(m_end, i)) = self.occupied.range(..end).next_back()?;
        (m_end > start).then(|| &self.mentions[i])
    }

    fn mention(&mut self, start: usize, end: usize, entity: usize, sentence: usize) {
        if self.covered(start, end) {
            return;
        }
        self.occupied.insert(start, (end, self.mentions.len()));
        self.mentions.push(NameMention {
            start,
            end,
            entity,
            sentence,
        });
    }

    fn covered(&self, start: usize, end: usize) -> bool {
        self.overlapping(start, end).is_some()
    }

    /// The mention made last among those of sentence `si` ending at most
    /// `max_gap` bytes before `at`. Mentions do not overlap, so walking back
    /// from `at` their ends only fall.
    fn last_mention_ending_near(
        &self,
        si: usize,
        at: usize,
        max_gap: usize,
    ) -> Option<NameMention> {
        self.occupied
            .range(..=at)
            .rev()
            .map(|(_, &(m_end, i))| (m_end, i))
            .skip_while(|&(m_end, _)| m_end > at)
            .take_while(|&(m_end, _)| at - m_end <= max_gap)
            .filter(|&(_, i)| self.mentions[i].sentence == si)
            .max_by_key(|&(_, i)| i)
            .map(|(_, i)| self.mentions[i])
    }
}

/// The country of the armed force named right before `at`, across "and" or
/// a comma ("the Chilean Army and Navy").
/// "three Army trucks", "a Navy frigate": a capitalised service right before
/// a lower-case noun modifies it, and names the service ("build an Army of
/// volunteers" does not: a function word follows).
fn modifies_a_noun(after: &str) -> bool {
    let next = after
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    const FUNCTION_WORDS: &[&str] = &[
        "of", "to", "and", "or", "in", "on", "at", "by", "for", "with", "that", "which", "who",
        "is", "was", "are", "were", "will", "would", "can", "could", "as", "than", "from", "but",
    ];
    next.len() > 2
        && next.starts_with(|c: char| c.is_lowercase())
        && !FUNCTION_WORDS.contains(&next)
}

/// "North American buyers", "South American states": "America" after
/// a compass or cultural qualifier names a continent, not the United
/// States. (Other countries' words after "South" name them: "the South
/// China Sea" is China's sea.)
fn names_a_region(text: &str, start: usize) -> bool {
    if !text[start..].starts_with("America") {
        return false;
    }
    let before = text[..start].trim_end_matches(' ');
    if before.len() == text[..start].len() {
        return false;
    }
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    matches!(word, "North" | "South" | "Latin" | "Central")
}

/// Whether a dotless rank abbreviation (`rank`, with the sentence text
/// `before` it) is a title: capitalised, and not "Next Gen", "New-Gen",
/// "5th Gen".
fn abbreviated_rank_stands(before: &str, rank: &str) -> bool {
    let previous = before
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    rank.starts_with(|c: char| c.is_uppercase())
        && !before.ends_with('-')
        // "4.5+ Gen", "5th Gen", "Next Gen"
        && !previous.contains(|c: char| c.is_ascii_digit())
        && !matches!(previous.to_lowercase().as_str(), "next" | "new" | "first" | "second" | "third")
}

/// Whether a place's name at `start..end` opens a person's name after a
/// title: "his counterpart Aden Duale", "Minister Florence Mutua".
fn opens_a_titled_name(g: &Gazetteer, text: &str, start: usize, end: usize) -> bool {
    let title = text[..start]
        .split_whitespace()
        .next_back()
        .is_some_and(|w| g.is_role_word(w.trim_matches(|c: char| !c.is_alphanumeric())));
    let mut after = text[end..].chars();
    let name_follows = after.next() == Some(' ') && after.next().is_some_and(char::is_uppercase);
    title && name_follows
}

/// Whether the country word at `start` is negated or opposed by a prefix:
/// "non-Russian", "non-NATO", "anti-American".
fn negated_origin(text: &str, start: usize) -> bool {
    let before = text[..start].to_ascii_lowercase();
    ["non-", "non ", "anti-", "un-"]
        .iter()
        .any(|p| before.ends_with(p))
}

/// Whether the country named just before `end` qualifies a thing (lexicon
/// class `thing_head`: a war, a currency), itself or paired with another
/// by a hyphen ("the Russia-Ukraine war", "the US dollar"): the country
/// is then neither a side of what the sentence tells nor whose forces a
/// bare "the air force" after it are.
pub fn names_a_thing(g: &Gazetteer, text: &str, end: usize) -> bool {
    let mut rest = text.get(end..).unwrap_or("");
    // Skip the rest of a hyphened pair or chain ("-Ukraine").
    while let Some(after) = rest.strip_prefix('-') {
        let word_end = after
            .find(|ch: char| !(ch.is_alphanumeric() || ch == '.'))
            .unwrap_or(after.len());
        rest = &after[word_end..];
    }
    let Some(next) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: String = next.chars().take_while(|ch| ch.is_alphabetic()).collect();
    g.is("thing_head", &word.to_lowercase())
}

/// The named force a bare service word ("the Army") stands for: the home
/// country's when it is named, else one named before the word (a bare
/// word refers back, never forward to "the Pakistan Army" two sentences
/// on), else — when the article has no home to fall back on — any.
fn named_service(
    b: &Builder<'_>,
    service: &str,
    sibling: Option<&str>,
    home: Option<&str>,
    at: usize,
) -> Option<usize> {
    let fits = |e: &EntityInfo| {
        e.kind == ActorType::ArmedForce
            && e.name.ends_with(service)
            && (sibling.is_none() || e.country.as_deref() == sibling)
    };
    let named_before = |i: usize| b.mentions.iter().any(|m| m.entity == i && m.start < at);
    let candidates = || {
        b.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| fits(e))
            .map(|(i, _)| i)
    };
    let of_home =
        candidates().find(|&i| home.is_some() && b.entities[i].country.as_deref() == home);
    of_home
        .or_else(|| candidates().find(|&i| named_before(i)))
        .or_else(|| {
            if home.is_none() || sibling.is_some() {
                candidates().next()
            } else {
                None
            }
        })
}

fn coordinated_force_country(b: &Builder<'_>, sentence_start: usize, at: usize) -> Option<String> {
    let before = b.text[sentence_start..at].trim_end();
    let rest = before
        .strip_suffix("and")
        .or_else(|| before.strip_suffix(','))?
        .trim_end_matches([' ', ',']);
    let end = sentence_start + rest.len();
    let (_, &(m_end, i)) = b.occupied.range(..end).next_back()?;
    let ent = &b.entities[b.mentions[i].entity];
    (m_end == end && ent.kind == ActorType::ArmedForce)
        .then(|| ent.country.clone())
        .flatten()
}

// Country mentions come from one pass of the gazetteer automaton: in text
// order and never overlapping, so their starts and their ends both rise
// with their index. The lookups below rely on that to search instead of
// scanning (a scan per token or per name is quadratic on long articles);
// each gives what the first (or last) match of a scan would.

/// The last country mention of sentence `si` ending at most `max_gap`
/// bytes before `at`.
fn country_ending_near(
    countries: &[CountryMention],
    si: usize,
    at: usize,
    max_gap: usize,
) -> Option<&CountryMention> {
    let upto = countries.partition_point(|c| c.end <= at);
    countries[..upto]
        .iter()
        .rev()
        .take_while(|c| at - c.end <= max_gap)
        .find(|c| c.sentence == si)
}

/// The first country mention that covers `start..end`, allowing its end to
/// fall `slack` bytes short.
fn country_around(
    countries: &[CountryMention],
    start: usize,
    end: usize,
    slack: usize,
) -> Option<&CountryMention> {
    let i = countries.partition_point(|c| c.end + slack < end);
    countries.get(i).filter(|c| c.start <= start)
}

/// Whether `s` ends with `suffix` (lower-case ASCII), ignoring ASCII case;
/// only the end of `s` is read (lower-casing all the text before a name,
/// per name, was quadratic).
fn ends_with_lower(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// The country mention starting at `at`.
fn country_starting_at(countries: &[CountryMention], at: usize) -> Option<&CountryMention> {
    let i = countries.partition_point(|c| c.start < at);
    countries.get(i).filter(|c| c.start == at)
}

/// Country mentions inside `start..end`, in order.
fn countries_within(
    countries: &[CountryMention],
    start: usize,
    end: usize,
) -> impl Iterator<Item = &CountryMention> {
    let i = countries.partition_point(|c| c.start < start);
    countries[i..].iter().take_while(move |c| c.end <= end)
}

/// Whether a capitalised name ends with a generic word for a weapon
/// ("... Combat Aircraft", "... Attack Helicopters", "... Missiles").
fn names_system(g: &Gazetteer, form: &str) -> bool {
    // A known weapon's name whole: "Terminal High Altitude Area Defense",
    // though it ends in a word firms end in.
    let is_weapon = |w: &str| {
        g.find(w)
            .iter()
            .any(|h| matches!(h.2, Surface::System(_)) && h.0 == 0 && h.1 == w.len())
    };
    // Or first: "Rafale Marine".
    let first = form.split_whitespace().next().unwrap_or("");
    if form.contains(' ') && (is_weapon(first) || is_weapon(form)) {
        return true;
    }
    let lower = form.lower_same_len();
    let lower = lower.trim_end_matches('s');
    g.terms.iter().any(|(t, _)| {
        lower.ends_with(t.as_str())
            && lower[..lower.len() - t.len()]
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ' || c == '-')
    })
}

/// Historical states: Russia before 1992 was the Soviet Union.
fn historical(code: &str, published: Option<Date>) -> String {
    match (code, published) {
        ("RU", Some(p)) if p.year < 1992 => "SU".into(),
        _ => code.into(),
    }
}

/// A document as name recognition reads it.
pub struct Input<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub tokens: &'a SentenceTokens,
    pub published: Option<Date>,
    /// The country of a national outlet that published the document.
    pub outlet_home: Option<&'a str>,
}

pub fn recognise(g: &Gazetteer, input: Input<'_>, hits: &[(usize, usize, Surface)]) -> Names {
    let Input {
        text,
        sentences,
        tokens,
        published,
        outlet_home,
    } = input;
    let sentence_of = |pos: usize| {
        let i = sentences.partition_point(|s| s.end <= pos);
        (i < sentences.len() && sentences[i].start <= pos).then_some(i)
    };
    let mut countries = Vec::new();
    // Organisation, outlet and person hits by sentence, in text order.
    let mut org_hits = vec![Vec::new(); sentences.len()];
    for &(s, e, surface) in hits {
        let Some(si) = sentence_of(s) else { continue };
        match surface {
            Surface::CountryName(i)
            | Surface::Demonym(i)
            | Surface::Capital(i)
            | Surface::Place(i) => {
                // "a non-Russian engine", "anti-American": no country's.
                if names_a_region(text, s) || negated_origin(text, s) {
                    continue;
                }
                // "the US-2 amphibian": letters and a number after a hyphen
                // are a designation, not a country.
                if text[e..]
                    .strip_prefix('-')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
                {
                    continue;
                }
                let place = matches!(surface, Surface::Capital(_) | Surface::Place(_));
                if place && opens_a_titled_name(g, text, s, e) {
                    continue;
                }
                let form = match surface {
                    Surface::CountryName(_) => CountryForm::Name,
                    Surface::Demonym(_) => CountryForm::Demonym,
                    Surface::Place(_) => CountryForm::Place,
                    _ => CountryForm::Capital,
                };
                countries.push(CountryMention {
                    start: s,
                    end: e,
                    code: historical(&g.countries[i].code, published),
                    form,
                    sentence: si,
                });
            }
            Surface::Organisation(_) | Surface::Outlet(_) | Surface::Person(_) => {
                org_hits[si].push((s, e, surface, si))
            }
            Surface::System(_) => {}
        }
    }
    let mut b = Builder {
        g,
        text,
        entities: Vec::new(),
        mentions: Vec::new(),
        index: rustc_hash::FxHashMap::default(),
        occupied: std::collections::BTreeMap::new(),
    };
    // Country mentions by their first byte (looked up per token below).
    let country_at: rustc_hash::FxHashMap<usize, usize> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.start, i))
        .collect();

    // Pass 1: strong mentions. In a headline only the gazetteer's names
    // count (its capitals say nothing).
    for (si, s) in sentences.iter().enumerate() {
        let toks: &[Token] = &tokens.of(si).collect::<Vec<_>>();
        let word = |k: usize| &text[toks[k].start..toks[k].end];

        // 1a. Gazetteer organisations and outlets. A hit followed by a
        // corporate suffix takes it ("Northrop Group"); a hit inside a longer
        // organisation or place name is left to that name ("Lockheed
        // Missiles and Space Co" is not Lockheed Corp., "Kaman Aman Setu
        // Bridge" no firm).
        let runs = cap_runs(g, text, toks);
        for &(hs, mut he, surface, hsi) in &org_hits[si] {
            let in_brackets = text[..hs].ends_with('<');
            if in_brackets
                && text[he..]
                    .split('>')
                    .next()
                    .is_some_and(|rest| is_ticker(&text[hs..he + rest.len()]))
            {
                continue; // a ticker: "<RTN>"
            }
            // "Sukhoi-30MKI", "Ilyushin-76": a maker's name joined to a
            // model number names the aircraft, not the firm.
            // So is one hyphened to a model ("Sukhoi-su-30MKI"), or counted
            // goods called by the maker ("282 Sukhoi planes").
            let next_token = text[he..]
                .strip_prefix(['-', ' '])
                .and_then(|r| r.split([' ', ',', '.', ';']).next())
                .unwrap_or("");
            // ("Boeing 767" still tells the firm: the model is its own.)
            let model_number = text[he..].starts_with('-')
                && next_token.starts_with(|c: char| c.is_ascii_alphanumeric())
                && next_token.chars().any(|c| c.is_ascii_digit());
            let counted_goods = crate::systems::quantity_word(
                text[..hs].trim_end().rsplit(' ').next().unwrap_or(""),
            )
            .is_some()
                && matches!(
                    next_token,
                    "planes" | "jets" | "fighters" | "aircraft" | "helicopters" | "choppers"
                );
            // "Sukhoi Su-57E", "Sukhoi 30MKI": a design whose letters
            // abbreviate the maker, or a model number with a variant's
            // letters, after a space names the aircraft too ("Boeing 767",
            // its bare number, still tells the firm).
            let spaced_design = text[he..].starts_with(' ')
                && next_token.starts_with(|c: char| c.is_ascii_alphanumeric())
                && next_token.chars().any(|c| c.is_ascii_digit())
                && {
                    let letters: String = next_token
                        .chars()
                        .take_while(char::is_ascii_alphabetic)
                        .collect();
                    if letters.is_empty() {
                        // Only where the gazetteer knows the hyphened
                        // form as a design ("Sukhoi-30MKI"): "Klimov
                        // 117S" is the firm's own model.
                        let joined = format!("{}-{next_token}", &text[hs..he]);
                        g.find(&joined).iter().any(|h| {
                            h.0 == 0 && h.1 == joined.len() && matches!(h.2, Surface::System(_))
                        })
                    } else {
                        letters.len() >= 2
                            && text[hs..he]
                                .to_lowercase()
                                .starts_with(&letters.to_lowercase())
                    }
                };
            if model_number || counted_goods || spaced_design {
                continue;
            }
            let run = runs
                .iter()
                .find(|r| toks[r.first].start <= hs && he <= toks[r.last].end);
            if let Some(r) = run {
                let mut k = toks.partition_point(|t| t.end <= he);
                while k <= r.last {
                    let w = strip_possessive(word(k)).0;
                    if g.is("company_suffix", w) {
                        he = toks[k].start + w.len();
                        k += 1;
                    } else {
                        break;
                    }
                }
                let run_end = toks[r.last].start + strip_possessive(word(r.last)).0.len();
                let last = strip_possessive(word(r.last)).0;
                let org_head = g.is("company_suffix", last)
                    || g.is("company_head", last)
                    || g.is("gov_head", last)
                    || g.is("force_head", last)
                    || g.is("other_head", last)
                    || g.is("place_head", last);
                // "Dassault Rafale Marine": a weapon's name between the
                // maker and the head word makes a product, not a firm.
                let after = hits.partition_point(|h| h.0 <= he);
                let product = hits[after..]
                    .iter()
                    .take_while(|h| h.0 < run_end)
                    .any(|h| matches!(h.2, Surface::System(_)) && h.1 <= run_end);
                if run_end > he && org_head && !product && !matches!(surface, Surface::Outlet(_)) {
                    continue;
                }
            }
            let form = &text[hs..he];
            match surface {
                Surface::Organisation(gi) => {
                    // "NSA Ajit Doval", "EAM Jaishankar": an acronym that is
                    // also a title, before a name, is the title (left to the
                    // pass over roles).
                    let next = toks.partition_point(|t| t.end <= he);
                    if is_acronym(form)
                        && g.is_role_word(form)
                        && next < toks.len()
                        && person_like(g, word(next))
                        && !is_acronym(word(next))
                    {
                        continue;
                    }
                    let org = &g.organisations[gi];
                    if another_countrys_body(g, &countries, text, hs, form, org)
                        || party_leading(g, text, he, form)
                    {
                        continue;
                    }
                    // A one-word short form ("Northrop") names the
                    // organisation the article already introduced under a
                    // longer name ("Northrop Grumman").
                    let bare = strip_suffixes(g, form);
                    let earlier = (!bare.contains(' ')).then(|| {
                        b.entities.iter().position(|e| {
                            e.kind == ActorType::Company && e.name.starts_with(&format!("{bare} "))
                        })
                    });
                    let e = match earlier.flatten() {
                        Some(e) => e,
                        None => b.entity(&org.name, org.kind, org.country.clone(), Some(gi)),
                    };
                    b.add_alias(e, form);
                    b.mention(hs, he, e, hsi);
                }
                Surface::Person(pi) => {
                    let known = &g.people[pi];
                    let e = person(&mut b, form);
                    if b.entities[e].country.is_none() {
                        b.entities[e].country = known.country.clone();
                    }
                    if b.entities[e].role.is_none() {
                        b.entities[e].role = known.role.clone();
                    }
                    // "Kishida Fumio": the name as the gazetteer lists it
                    // is another form of the same person.
                    if b.entities[e].name != known.name {
                        b.add_alias(e, &known.name);
                    }
                    b.mention(hs, he, e, hsi);
                }
                Surface::Outlet(oi) => {
                    let o = &g.outlets[oi];
                    let e = b.entity(&o.name, ActorType::Other, o.country.clone(), None);
                    b.entities[e].outlet = true;
                    b.add_alias(e, form);
                    b.mention(hs, he, e, hsi);
                }
                _ => {}
            }
        }

        if s.heading {
            continue;
        }
        // 1c. Capitalised runs.
        for run in runs {
            classify_run(&mut b, &countries, si, toks, run);
        }

        // 1b. People introduced by a title or role: "Gen. Guo", "Defence
        // Secretary George Younger", "Rafael spokesman Rudoy Ravit".
        let roles = g.find_roles(&text[s.start..s.end]);
        for &(rs, re) in &roles {
            let (rs, re) = (s.start + rs, s.start + re);
            let role_text = &text[rs..re];
            let k0 = toks.partition_point(|t| t.start < re);
            if k0 == toks.len() {
                continue;
            }
            // "Air Force Chief Air Chief Marshal Ana Costa": a title right
            // after this one introduces the name itself.
            if roles.iter().any(|&(s2, _)| s.start + s2 == toks[k0].start) {
                continue;
            }
            // "his defense minister, Daniel Mora": skip one comma; "India's
            // ambassador to Manila, Shambhu Kumaran": skip "to Manila,".
            let mut k = k0;
            if k + 2 < toks.len()
                && matches!(word(k), "to" | "in")
                && is_cap(word(k + 1))
                && word(k + 2) == ","
                && !role_text.chars().next().is_some_and(char::is_uppercase)
            {
                k += 2;
            }
            // "ambassador to Moscow Salah Bassiouni", "High Commissioner
            // to India Barry O'Farrell": the place the office is in, then a
            // name of two words.
            if k + 3 < toks.len()
                && matches!(word(k), "to" | "in")
                && g.country_by_surface(word(k + 1)).is_some()
                && person_like(g, word(k + 2))
                && person_like(g, word(k + 3))
            {
                k += 2;
            }
            // "Minister of Economy Nir Barkat", "Minister for Armed Forces
            // Sebastien Lecornu": the office's capitalised words, then a
            // name opened by a given name.
            if k < toks.len() && matches!(word(k), "of" | "for") {
                let body = k + 1;
                let opens_name = |j: usize| {
                    j + 1 < toks.len()
                        && g.is_given_name(word(j))
                        && person_like(g, word(j + 1))
                        && (body..j).all(|i| is_cap(word(i)) && !g.is_given_name(word(i)))
                };
                if let Some(j) = (body + 1..body + 4).find(|&j| opens_name(j)) {
                    k = j;
                }
            }
            // "Director of the Lowy Institute, Ana Costa": skip the body the
            // role belongs to, up to the comma before the name.
            if k < toks.len() && matches!(word(k), "of" | "at") {
                let mut j = k + 1;
                if j < toks.len() && word(j) == "the" {
                    j += 1;
                }
                let body = j;
                while j < toks.len() && j - body < 6 && is_cap(word(j)) {
                    j += 1;
                }
                if j > body && j + 1 < toks.len() && word(j) == "," && person_like(g, word(j + 1)) {
                    k = j;
                } else if j >= body + 2
                    && g.country_by_surface(word(body)).is_some()
                    && person_like(g, word(body + 1))
                {
                    // "Prime Minister of India Modi": the country the office
                    // is of, then the name.
                    k = body + 1;
                }
            }
            let after_comma = word(k) == ",";
            if after_comma {
                k += 1;
                // "DIG, Border Range, Ana Costa": the office's range between
                // commas, then the name.
                let mut j = k;
                while j < toks.len() && j - k < 3 && is_cap(word(j)) {
                    j += 1;
                }
                let branch = j > k
                    && j + 2 < toks.len()
                    && word(j) == ","
                    && person_like(g, word(j + 1))
                    && person_like(g, word(j + 2))
                    && !g.is_given_name(word(k));
                if branch {
                    k = j + 1;
                }
            }
            // "Air Chief Marshal (ACM) Ana Costa": the title's abbreviation.
            if k + 2 < toks.len() && word(k) == "(" && is_acronym(word(k + 1)) && word(k + 2) == ")"
            {
                k += 3;
            } else if k < toks.len() && word(k) == "(" {
                // "DIG (Border Range) Ana Costa", "Secretary (East), Ana
                // Costa": the office's range or branch in brackets.
                let close = (k + 2..(k + 5).min(toks.len())).find(|&j| word(j) == ")");
                if let Some(c) = close.filter(|&c| (k + 1..c).all(|i| is_cap(word(i)))) {
                    k = c + 1;
                    if k < toks.len() && word(k) == "," {
                        k += 1;
                    }
                }
            }
            let mut name_toks = Vec::new();
            while k < toks.len() && name_toks.len() < 4 {
                let w = word(k);
                // "Vice Admiral SN Ghormade": run-together initials open a
                // name after a title.
                let initials = name_toks.is_empty()
                    && (2..=3).contains(&w.len())
                    && w.chars().all(|c| c.is_ascii_uppercase())
                    && g.country_by_surface(w).is_none()
                    && k + 1 < toks.len()
                    && person_like(g, word(k + 1));
                if (initials || person_like(g, w)) && !g.is("event_noun", w) {
                    name_toks.push(k);
                    if strip_possessive(w).1 {
                        break;
                    }
                } else if PERSON_PARTICLES.contains(&w)
                    && k + 1 < toks.len()
                    && person_like(g, word(k + 1))
                    && !name_toks.is_empty()
                {
                    name_toks.push(k);
                } else {
                    break;
                }
                k += 1;
            }
            // "Gen. Guo" takes one token; a generic lower-case role ("said a
            // spokesman") followed by a capitalised verb-less word is not a
            // name unless the role itself is capitalised or the name has two
            // tokens.
            let Some(&last) = name_toks.last() else {
                continue;
            };
            let first = name_toks[0];
            // "Gen Manoj Pande", but not "1st gen Nuclear Attack" or "Next
            // Gen Supersonic Trainer": a rank abbreviated without a dot is
            // written capitalised, and not as a generation.
            if g.words("rank_abbreviation")
                .iter()
                .any(|r| r.eq_ignore_ascii_case(role_text))
                && !abbreviated_rank_stands(&text[s.start..rs], role_text)
            {
                continue;
            }
            // "SP Raigarh", "Commissioner of Police Amritsar": after a
            // title often followed by its district (lexicon class
            // `jurisdiction_title`), one word is the district, not a name.
            if name_toks.len() == 1
                && g.words("jurisdiction_title")
                    .iter()
                    .any(|t| role_text.eq_ignore_ascii_case(t) || role_text.ends_with(t.as_str()))
            {
                continue;
            }
            // "the Grand Prince Hotel Hiroshima": a title before a place's
            // head word names the place, not a person ("Senator John Tower"
            // ends in one: only a head word within the name, or one no
            // surname is, counts).
            let place_word = |i: usize, t: usize| {
                let w = strip_possessive(word(t)).0;
                (i + 1 < name_toks.len() && g.is("place_head", w)) || g.is("never_surname", w)
            };
            if name_toks.iter().enumerate().any(|(i, &t)| place_word(i, t)) {
                continue;
            }
            // "General Security of Military Information Agreement": a title
            // word inside a name, not a general.
            if name_toks.len() == 1 && k < toks.len() && word(k) == "of" {
                continue;
            }
            // "Minister of Defence, National Security Advisor": capitalised
            // words before another title open that title, not a name.
            let title_follows = k < toks.len()
                && is_cap(word(k))
                && g.is_role_word(strip_possessive(word(k)).0)
                && !name_toks.iter().any(|&t| g.is_given_name(word(t)));
            if title_follows {
                continue;
            }
            // "General Instrument Corp", "General Dynamics": an organisation.
            if k < toks.len() {
                let nxt = strip_possessive(word(k)).0;
                if g.is("company_suffix", nxt)
                    || g.is("company_head", nxt)
                    || g.is("gov_head", nxt)
                    || g.is("force_head", nxt)
                    || g.is("other_head", nxt)
                {
                    continue;
                }
            }
            // Already found as a person (by "X said"): the role still tells
            // us about them.
            let known = b
                .overlapping(toks[first].start, toks[last].end)
                .map(|m| (m.entity, m.start == toks[first].start));
            let known_person = match known {
                Some((e, true)) if b.entities[e].kind == ActorType::Person => Some(e),
                Some(_) => continue,
                None => None,
            };
            let role_cap = role_text.chars().next().is_some_and(char::is_uppercase);
            // "Sam Oduya, Port Commandant, Mombasa said": after a comma a
            // lone capitalised word is more often a place than a surname.
            if name_toks.len() == 1 && (!role_cap || after_comma) {
                continue;
            }
            let (last_word, _) = strip_possessive(word(last));
            let nstart = toks[first].start;
            let nend = toks[last].start + last_word.len();
            let name = &text[nstart..nend];
            // Words that place a person without naming an office.
            let honorific = matches!(
                role_text,
                "Mr."
                    | "Mrs."
                    | "Ms."
                    | "Mr"
                    | "Mrs"
                    | "Ms"
                    | "Dr."
                    | "Dr"
                    | "Shri"
                    | "Smt"
                    | "Smt."
            ) || role_text.eq_ignore_ascii_case("counterpart");
            let e = known_person.unwrap_or_else(|| person(&mut b, name));
            if !honorific && b.entities[e].role.is_none() {
                b.entities[e].role = Some(role_text.to_string());
            }
            // Country or organisation right before the role: "Japanese
            // Defence Minister", "Rafael spokesman", "China's".
            // Measured from before a possessive: a curly "’s" is five bytes.
            let at = strip_possessive(before_counterpart(before_grades(g, &text[..rs])))
                .0
                .len();
            // "a Chilean team led by its Defence Minister": "its"
            // points back to the nationality told just before.
            let before_role = text.get(s.start.min(at)..at).unwrap_or("").trim_end();
            let possessive_pronoun =
                before_role.ends_with(" its") || before_role.ends_with(" their");
            let pointed = possessive_pronoun
                .then(|| country_ending_near(&countries, si, at, 80))
                .flatten();
            // "Deputy Minister of Vietnam, Do Hung Viet", "Chief of Staff of
            // the Chilean Navy, Admiral Ana Costa": the office's country or
            // body, between the title and the name.
            // Only "of": an ambassador "to India" is posted there.
            let after_of = |at: usize| {
                let before = text[..at].trim_end();
                let before = before.strip_suffix("the").unwrap_or(before).trim_end();
                before.ends_with(" of")
            };
            let of_country = countries_within(&countries, re, nstart)
                .find(|c| c.sentence == si && after_of(c.start))
                .map(|c| c.code.clone());
            let of_body = b
                .mentions
                .iter()
                .rev()
                .find(|m| {
                    m.sentence == si
                        && m.start >= re
                        && m.end <= nstart
                        && m.entity != e
                        && after_of(m.start)
                })
                .map(|m| m.entity)
                .filter(|&x| b.entities[x].kind != ActorType::Person);
            if let Some(code) = of_country {
                if b.entities[e].country.is_none() {
                    b.entities[e].country = Some(code);
                }
            } else if let Some(body) = of_body {
                b.entities[e].affiliation.get_or_insert(body);
            } else if let Some(c) = country_ending_near(&countries, si, at, 3).or(pointed) {
                if b.entities[e].country.is_none() {
                    b.entities[e].country = Some(c.code.clone());
                }
            } else if let Some(m) = b.last_mention_ending_near(si, at, 3) {
                if m.entity != e && b.entities[m.entity].kind != ActorType::Person {
                    b.entities[e].affiliation = Some(m.entity);
                }
            }
            if b.entities[e].country.is_none() {
                // A known public figure's country beats a guess from context
                // (by the name the story gave in full: "Lt Browne" after
                // "Lieutenant Aushaun Browne" is no other Browne).
                b.entities[e].country = g
                    .person(&b.entities[e].name)
                    .and_then(|p| p.country.clone())
                    .or_else(|| apposition_country(&b, &countries, nend));
            }
            b.mention(nstart, nend, e, si);
            // "Ministers Ana Silva of Lisbon, Karl Berg of Oslo and Tomas
            // Novak": more people with the same role.
            let mut pos = nend;
            loop {
                let mut rest = &text[pos..s.end];
                if let Some(r) = rest.strip_prefix(" of ") {
                    let skip = r.find([',', ' ']).unwrap_or(r.len());
                    if r[..skip].chars().next().is_some_and(char::is_uppercase) {
                        rest = &r[skip..];
                    }
                }
                let Some(r) = rest
                    .strip_prefix(", and ")
                    .or_else(|| rest.strip_prefix(" and "))
                    .or_else(|| rest.strip_prefix(", "))
                else {
                    break;
                };
                let words: Vec<&str> = r.split_whitespace().take(3).collect();
                let n = words
                    .iter()
                    .take_while(|w| person_like(g, w.trim_end_matches([',', '.'])))
                    .count();
                // "Presidents Putin and Zelensky": a lone surname after a
                // lone surname.
                let parallel_surname = n == 1 && name_toks.len() == 1;
                if !((2..=3).contains(&n) || parallel_surname) || !role_text.ends_with('s') {
                    break;
                }
                // r is a tail of text[pos..s.end].
                let start2 = s.end - r.len();
                let name2: String = words[..n].join(" ");
                let name2 = name2.trim_end_matches([',', '.']).to_string();
                let end2 = start2 + name2.len();
                if text.get(start2..end2) != Some(name2.as_str()) || b.covered(start2, end2) {
                    break;
                }
                let e2 = person(&mut b, &name2);
                if b.entities[e2].role.is_none() {
                    b.entities[e2].role = Some(role_text.trim_end_matches('s').to_string());
                }
                b.mention(start2, end2, e2, si);
                pos = end2;
            }
        }

        // 1d. Lower-case services and ministries after a country: "the
        // Peruvian army", "Peru's navy", "the Finnish defence ministry".
        for k in 0..toks.len() {
            let Some(c) = country_at
                .get(&toks[k].start)
                .map(|&i| &countries[i])
                .filter(|c| c.sentence == si)
            else {
                continue;
            };
            if matches!(c.form, CountryForm::Capital | CountryForm::Place) {
                continue;
            }
            let after = &text[toks[k].end..];
            let mut found = None;
            for (cand, kind) in [
                ("armed forces ministry", ActorType::GovernmentBody),
                ("defence ministry", ActorType::GovernmentBody),
                ("defense ministry", ActorType::GovernmentBody),
                ("foreign ministry", ActorType::GovernmentBody),
                ("ministry of defence", ActorType::GovernmentBody),
                ("ministry of defense", ActorType::GovernmentBody),
                ("armed forces", ActorType::ArmedForce),
                ("military", ActorType::ArmedForce),
                ("army", ActorType::ArmedForce),
                ("navy", ActorType::ArmedForce),
                ("air force", ActorType::ArmedForce),
                ("marines", ActorType::ArmedForce),
                ("coast guard", ActorType::ArmedForce),
            ] {
                // Any case: "the Indian Armed forces" is written too.
                if after.starts_with(' ')
                    && after[1..]
                        .get(..cand.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(cand))
                    && gaz_word_end(&after[1..], cand.len())
                {
                    found = Some((cand, kind));
                    break;
                }
            }
            // "the Indian power ministry", "the Pakistan foreign office": any
            // portfolio of a word or two before "ministry" or "office".
            let portfolio;
            if let (None, Some(rest)) = (found, after.strip_prefix(' ')) {
                portfolio = portfolio_ministry(rest);
                found = portfolio.as_deref().map(|p| (p, ActorType::GovernmentBody));
            }
            let Some((phrase, kind)) = found else {
                continue;
            };
            // "the Egyptian military said" is the armed forces; "American
            // military bases", "Peru's military dictatorship" are not.
            if phrase == "military" {
                let rest = after[1 + phrase.len()..].trim_start();
                let acts = rest.is_empty()
                    || rest.starts_with([',', '.', ';'])
                    || [
                        "said",
                        "says",
                        "has",
                        "have",
                        "is",
                        "was",
                        "will",
                        "announced",
                        "confirmed",
                    ]
                    .iter()
                    .any(|v| rest.starts_with(&format!("{v} ")));
                if !acts {
                    continue;
                }
            }
            let bstart = toks[k].end + 1;
            let bend = bstart + phrase.len();
            if b.covered(c.start, bend) {
                continue;
            }
            let country_name = g
                .country(&c.code)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            let adj = demonym_for(g, &c.code).unwrap_or(country_name);
            let name = format!("{adj} {}", title_case(phrase));
            let e = b.entity(&name, kind, Some(c.code.clone()), None);
            let written = format!("{} {}", &text[c.start..c.end], phrase);
            b.add_alias(e, &written);
            b.add_alias(e, phrase);
            b.mention(c.start, bend, e, si);
        }
    }

    // Home country: the most mentioned one, counting bodies and forces.
    let mut tally: HashMap<String, usize> = HashMap::new();
    for c in &countries {
        *tally.entry(c.code.clone()).or_default() += 1;
    }
    for e in &b.entities {
        if matches!(e.kind, ActorType::GovernmentBody | ActorType::ArmedForce) {
            if let Some(c) = &e.country {
                *tally.entry(c.clone()).or_default() += 2;
            }
        }
    }
    let most = tally
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(c, _)| c);
    // The dateline ("LIMA, Peru —") says where the story stands; a wire
    // story in dollars that names no other service is about the U.S.
    let dateline = dateline_country(g, text, published);
    let mentions_us = countries.iter().any(|c| c.code == "US");
    // Wire headlines are in title case: "Receives 37.5 Mln Dlr Contract".
    let dollars = text.contains(" dlr") || text.contains(" Dlr") || text.contains('$');
    // A national outlet writes from its own country.
    let dateline = dateline.or_else(|| outlet_home.map(str::to_string));
    let home = dateline
        .clone()
        .or_else(|| most.clone())
        .or_else(|| dollars.then(|| "US".to_string()));
    let service_home = dateline
        .or_else(|| (mentions_us || dollars).then(|| "US".to_string()))
        .or(most);

    // Pass 2: weak mentions — bare service words, surnames, acronyms and
    // short forms of entities found in pass 1.
    for (si, s) in sentences.iter().enumerate() {
        let toks: &[Token] = &tokens.of(si).collect::<Vec<_>>();
        for (k, t) in toks.iter().enumerate() {
            if b.covered(t.start, t.end) {
                continue;
            }
            let raw = &text[t.start..t.end];
            let (w, _) = strip_possessive(raw);
            if !is_cap(w) || g.is("not_name", w) {
                continue;
            }
            if w == "MoD" && !s.heading {
                if let Some(e) = defence_ministry(&mut b, service_home.as_deref()) {
                    b.mention(t.start, t.start + w.len(), e, si);
                }
                continue;
            }
            // A headline is capitalised throughout: of its weak mentions
            // only a service with its contract counts ("Acme Gets Navy
            // Contract"), which news desks write for the buying service.
            let heading_service = s.heading
                && text[t.start..s.end]
                    .split_whitespace()
                    .nth(if w == "Air" || w == "Marine" || w == "Coast" {
                        2
                    } else {
                        1
                    })
                    .is_some_and(|n| {
                        n.eq_ignore_ascii_case("contract") || n.eq_ignore_ascii_case("contracts")
                    });
            if s.heading && !heading_service {
                continue;
            }
            // "the Navy said", "an Air Force contract".
            let two = toks
                .get(k + 1)
                .map(|n| &text[t.start..n.end])
                .filter(|s2| *s2 == "Air Force" || *s2 == "Marine Corps" || *s2 == "Coast Guard");
            let service = two.or(Some(w).filter(|w| matches!(*w, "Navy" | "Army" | "Marines")));
            // Only "the Navy", "a Navy contract": not "without an Army".
            let service = service.filter(|sv| {
                let before = text[s.start..t.start].trim_end().lower_same_len();
                let after = text[t.start + sv.len()..s.end]
                    .trim_start()
                    .lower_same_len();
                before.ends_with(" the")
                    || before == "the"
                    || before.ends_with("u.s.")
                    || before.ends_with(" and")
                    || before.ends_with(',')
                    || after.starts_with("contract")
                    || after.starts_with("said")
                    || after.starts_with("announced")
                    || after.starts_with("has ")
                    || coordinated_with_a_service(&after)
                    || modifies_a_noun(&text[t.start + sv.len()..s.end])
            });
            if let Some(service) = service {
                let before = &text[s.start..t.start];
                let prev_is_country = country_ending_near(&countries, si, t.start, 2).is_some();
                if !prev_is_country && !before.trim_end().ends_with(|c: char| c.is_uppercase()) {
                    // "the Philippine Army and Navy": a service coordinated
                    // with another state's service is that state's.
                    let sibling = coordinated_force_country(&b, s.start, t.start);
                    // The home country's service, or one already named.
                    let existing = named_service(
                        &b,
                        service,
                        sibling.as_deref(),
                        service_home.as_deref(),
                        t.start,
                    );
                    let e = match existing {
                        Some(e) => e,
                        None => {
                            let Some(h) = sibling.clone().or_else(|| service_home.clone()) else {
                                continue;
                            };
                            let prefix = if h == "US" {
                                "U.S.".to_string()
                            } else {
                                demonym_for(g, &h).unwrap_or(h.clone())
                            };
                            let e = b.entity(
                                &format!("{prefix} {service}"),
                                ActorType::ArmedForce,
                                Some(h),
                                None,
                            );
                            b.entities[e].implicit = true;
                            e
                        }
                    };
                    b.add_alias(e, service);
                    let end = t.start + service.len();
                    b.mention(t.start, end, e, si);
                    continue;
                }
            }
            if s.heading {
                continue;
            }
            if let Some(e) = b.find(w) {
                b.mention(t.start, t.start + w.len(), e, si);
                continue;
            }
            // A surname or first token of a known person or organisation;
            // a nationality on the country's industry ("Indian companies"
            // after "the Indian Army") is the country's, not a short form of
            // the body named after it.
            // A country's own name ("bought from Pakistan") is the country,
            // never a short form of a firm named after it ("Pakistan
            // Aeronautical Complex").
            let told_country = countries.iter().any(|c| {
                c.start == t.start
                    && (c.form == CountryForm::Name && c.end == t.start + w.len()
                        || c.form == CountryForm::Demonym
                            && toks
                                .get(k + 1)
                                .is_some_and(|n| is_industry_word(&text[n.start..n.end])))
            });
            let cands: Vec<usize> = b
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    let mut forms = std::iter::once(&e.name).chain(e.aliases.iter());
                    match e.kind {
                        ActorType::Person => {
                            forms.any(|f| f.split_whitespace().any(|x| strip_possessive(x).0 == w))
                        }
                        _ => {
                            !told_country
                                && forms
                                    .any(|f| f.split_whitespace().next() == Some(w) && w.len() >= 4)
                        }
                    }
                })
                .map(|(i, _)| i)
                .collect();
            if cands.len() == 1 {
                let e = cands[0];
                b.add_alias(e, w);
                b.mention(t.start, t.start + w.len(), e, si);
            }
        }
        lower_case_references(&mut b, &countries, service_home.as_deref(), toks, si);
        place_police(&mut b, &countries, toks, si);
    }

    // Known public figures: "President Reagan" is Ronald Reagan of the U.S.
    for ent in b.entities.iter_mut() {
        if ent.kind != ActorType::Person {
            continue;
        }
        // A name told whole keeps the country the text gave it; a surname
        // alone ("President Putin") is the known figure's, country and all.
        let known = g
            .person(&ent.name)
            .filter(|_| ent.country.is_none() || !ent.name.contains(' '));
        if let Some(p) = known {
            ent.country = p.country.clone().or(ent.country.take());
            if ent.role.is_none() {
                ent.role = p.role.clone();
            }
            if ent.name != p.name && !ent.name.contains(' ') {
                let short = std::mem::replace(&mut ent.name, p.name.clone());
                if !ent.aliases.contains(&short) {
                    ent.aliases.push(short);
                }
            }
        }
    }

    // Countries for organisations and people that still have none.
    for e in 0..b.entities.len() {
        if b.entities[e].country.is_some() {
            continue;
        }
        let aff_country = b.entities[e]
            .affiliation
            .and_then(|a| b.entities[a].country.clone());
        let ent = &mut b.entities[e];
        ent.country = match ent.kind {
            ActorType::Person => aff_country.or_else(|| home.clone()),
            ActorType::GovernmentBody | ActorType::ArmedForce => service_home.clone(),
            ActorType::Company => aff_country
                .or_else(|| parent_firm_country(g, &ent.name))
                .or_else(|| seat_country(b.text, &b.mentions, &countries, e))
                .or_else(|| service_home.clone()),
            _ => None,
        };
    }

    b.mentions.sort_by_key(|m| m.start);
    Names {
        countries,
        entities: b.entities,
        mentions: b.mentions,
        home,
    }
}

/// "Acme Avionics Ltd of Rochester, England": the country a firm is told
/// to be of, right after its name, with the town before it, is its seat.
fn seat_country(
    text: &str,
    mentions: &[NameMention],
    countries: &[CountryMention],
    e: usize,
) -> Option<String> {
    mentions.iter().filter(|m| m.entity == e).find_map(|m| {
        let rest = &text[m.end..];
        let after_of = rest.strip_prefix(" of ")?;
        let town: usize = after_of
            .split_inclusive(' ')
            .take(3)
            .take_while(|w| w.starts_with(|c: char| c.is_uppercase()))
            .map(str::len)
            .scan(0, |sum, n| {
                *sum += n;
                Some(*sum)
            })
            .find(|&n| after_of[..n].ends_with(", "))
            .unwrap_or(0);
        let at = m.end + " of ".len() + town;
        country_starting_at(countries, at)
            .filter(|c| c.form == CountryForm::Name)
            .map(|c| c.code.clone())
    })
}

/// What "MoD" stands for: the defence ministry already named, else the
/// home country's.
fn defence_ministry(b: &mut Builder<'_>, home: Option<&str>) -> Option<usize> {
    let named = (0..b.entities.len()).find(|&i| {
        let e = &b.entities[i];
        e.kind == ActorType::GovernmentBody
            && (e.name.ends_with("Ministry of Defence")
                || e.name.ends_with("Ministry of Defense")
                || e.name.ends_with("Defence Ministry")
                || e.name.ends_with("Defense Ministry"))
    });
    if named.is_some() {
        return named;
    }
    let code = home?.to_string();
    let adj = demonym_for(b.g, &code).unwrap_or(code.clone());
    let e = b.entity(
        &format!("{adj} Ministry of Defence"),
        ActorType::GovernmentBody,
        Some(code),
        None,
    );
    b.add_alias(e, "MoD");
    Some(e)
}

/// Lower-case back references, "the ministry", "the navy", "its air force":
/// the one entity of that kind already named, else the one named last;
/// a service no entity stands for yet belongs to the country told last
/// within three sentences ("Chile has launched a tender. The navy wants
/// ...": Chile's navy), or to the story's home when that is among them.
fn lower_case_references(
    b: &mut Builder<'_>,
    countries: &[CountryMention],
    home: Option<&str>,
    toks: &[Token],
    si: usize,
) {
    let text = b.text;
    for (k, t) in toks.iter().enumerate() {
        // "its navy", "their air forces": a possessive pronoun points back
        // the way "the" does.
        let before = toks.get(k.wrapping_sub(1)).map(|b| &text[b.start..b.end]);
        if !before.is_some_and(|w| {
            ["the", "its", "their"]
                .iter()
                .any(|d| w.eq_ignore_ascii_case(d))
        }) {
            continue;
        }
        let next = toks
            .get(k + 1)
            .map(|n| (n.start, strip_possessive(&text[n.start..n.end]).0));
        let w = &text[t.start..t.end];
        let (kind, suffix, end) = match (w, next) {
            ("air", Some((n, "force"))) => (ActorType::ArmedForce, "Air Force", n + 5),
            ("armed", Some((n, "forces"))) => (ActorType::ArmedForce, "Armed Forces", n + 6),
            ("coast", Some((n, "guard"))) => (ActorType::ArmedForce, "Coast Guard", n + 5),
            _ => match strip_possessive(w).0 {
                "ministry" => (ActorType::GovernmentBody, "Ministry", t.start + 8),
                "army" => (ActorType::ArmedForce, "Army", t.start + 4),
                "navy" => (ActorType::ArmedForce, "Navy", t.start + 4),
                _ => continue,
            },
        };
        // "the armed forces of both nations" names its own country.
        let of_follows = text[end..].trim_start().starts_with("of ");
        if of_follows || b.covered(t.start, end) {
            continue;
        }
        let form = &text[t.start..end];
        let Some(e) = referent(b, (countries, home), kind, suffix, si, t.start) else {
            continue;
        };
        b.add_alias(e, form);
        b.mention(t.start, end, e, si);
    }
}

/// "power ministry", "foreign office" at the start of `after`: a word or two
/// of lower-case portfolio, then "ministry" ("office" after "foreign").
fn portfolio_ministry(after: &str) -> Option<String> {
    let words: Vec<&str> = after.split(' ').take(3).collect();
    let head = words.iter().position(|w| {
        let w = w.trim_end_matches([',', '.', ';']);
        w == "ministry" || w == "ministry's" || w == "ministry’s"
    });
    let head = match head {
        Some(h) if (1..=2).contains(&h) => h,
        _ if words.first() == Some(&"foreign")
            && words
                .get(1)
                .is_some_and(|w| w.trim_end_matches([',', '.', ';']) == "office") =>
        {
            return Some("foreign office".to_string());
        }
        _ => return None,
    };
    let portfolio = &words[..head];
    let plain = |w: &&str| {
        w.len() >= 3
            && w.chars().all(|c| c.is_ascii_lowercase())
            && !matches!(
                *w,
                "and" | "the" | "for" | "its" | "has" | "was" | "new" | "own" | "former"
            )
    };
    portfolio.iter().all(plain).then(|| {
        let mut p = portfolio.join(" ");
        p.push_str(" ministry");
        p
    })
}

/// "The Odisha police arrested three men": a state, city or country named
/// right before a lower-case "police" names its police force, a government
/// body ("Odisha Police"). A station ("Kupwara police station") is left.
fn place_police(b: &mut Builder<'_>, countries: &[CountryMention], toks: &[Token], si: usize) {
    let text = b.text;
    for (k, t) in toks.iter().enumerate() {
        if &text[t.start..t.end] != "police" {
            continue;
        }
        let next = toks.get(k + 1).map_or("", |n| &text[n.start..n.end]);
        if matches!(next, "station" | "stations" | "post" | "posts") || b.covered(t.start, t.end) {
            continue;
        }
        let Some(place) = countries.iter().find(|c| {
            c.end + 1 == t.start
                && matches!(c.form, CountryForm::Place | CountryForm::Name)
                && text[c.end..t.start] == *" "
        }) else {
            continue;
        };
        if b.covered(place.start, place.end) {
            continue;
        }
        let name = format!("{} Police", &text[place.start..place.end]);
        let e = b.entity(
            &name,
            ActorType::GovernmentBody,
            Some(place.code.clone()),
            None,
        );
        b.add_alias(e, &text[place.start..t.end]);
        b.mention(place.start, t.end, e, si);
    }
}

/// "between Army, Air Force and Navy": a service word listed with another
/// service names a service, whatever stands before the list. `after` is
/// the lower-cased text after the word.
fn coordinated_with_a_service(after: &str) -> bool {
    let Some(rest) = after
        .strip_prefix(',')
        .or_else(|| after.strip_prefix("and "))
    else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("and ").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    [
        "army",
        "navy",
        "air force",
        "marines",
        "marine corps",
        "coast guard",
    ]
    .iter()
    .any(|sv| {
        rest.strip_prefix(sv)
            .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// What a lower-case "the navy" at `at` stands for (see
/// `lower_case_references`).
fn referent(
    b: &mut Builder<'_>,
    (countries, home): (&[CountryMention], Option<&str>),
    kind: ActorType,
    suffix: &str,
    si: usize,
    at: usize,
) -> Option<usize> {
    let cands: Vec<usize> = (0..b.entities.len())
        .filter(|&i| b.entities[i].kind == kind && b.entities[i].name.ends_with(suffix))
        .collect();
    if let [only] = cands.as_slice() {
        return Some(*only);
    }
    if !cands.is_empty() {
        return b
            .mentions
            .iter()
            .filter(|m| m.start < at && cands.contains(&m.entity))
            .max_by_key(|m| m.start)
            .map(|m| m.entity);
    }
    if kind != ActorType::ArmedForce {
        return None;
    }
    let upto = countries.partition_point(|c| c.end <= at);
    let window = || {
        countries[..upto]
            .iter()
            .rev()
            .take_while(|c| c.sentence + 3 > si)
            .filter(|c| !names_a_thing(b.g, b.text, c.end))
            .filter(|c| c.form != CountryForm::Demonym || !qualifies_goods(b.g, b.text, c.end))
    };
    // With no country near, a bare "the air force" is the home country's
    // (an Indian outlet's "the air force" is India's).
    let code = window()
        .find(|c| Some(c.code.as_str()) == home)
        .or_else(|| window().find(|c| !matches!(c.form, CountryForm::Capital | CountryForm::Place)))
        .map(|c| c.code.clone())
        .or_else(|| home.map(str::to_string))?;
    let prefix = if code == "US" {
        "U.S.".to_string()
    } else {
        demonym_for(b.g, &code).unwrap_or(code.clone())
    };
    let e = b.entity(&format!("{prefix} {suffix}"), kind, Some(code), None);
    b.entities[e].implicit = true;
    Some(e)
}

/// Whether the nationality ending at `end` qualifies goods ("Russian
/// helicopters", "the Chinese FC-1"): it then tells where the goods come
/// from, never whose forces a bare "the air force" after it are.
fn qualifies_goods(g: &Gazetteer, text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let Some(next) = rest.strip_prefix(' ') else {
        return false;
    };
    let at = end + 1;
    let reach = floor_boundary(text, at + 40);
    let window = &text[at..reach];
    let term = g
        .find_terms(window)
        .first()
        .is_some_and(|&(s, _, _)| s == 0);
    let system = g
        .find(window)
        .first()
        .is_some_and(|&(s, _, sf)| s == 0 && matches!(sf, Surface::System(_)));
    !next.is_empty() && (term || system)
}

/// Words for a country's makers of arms as a whole: "Indian firms",
/// "Polish shipyards".
fn is_industry_word(w: &str) -> bool {
    matches!(
        w,
        "firm"
            | "firms"
            | "company"
            | "companies"
            | "industry"
            | "industries"
            | "manufacturers"
            | "makers"
            | "shipyards"
            | "vendors"
            | "suppliers"
            | "contractors"
            | "OEMs"
    )
}

/// The country of a known firm whose name begins this one's ("Northrop
/// Grumman Systems Corp" is Northrop Grumman's, American): a division or
/// subsidiary named after its parent, as is "Textron Aviation" (a one-word
/// firm's name of four letters or more). A common first word ("General",
/// "United") names no known firm, so says nothing.
fn parent_firm_country(g: &Gazetteer, name: &str) -> Option<String> {
    g.organisations
        .iter()
        .filter(|o| o.kind == ActorType::Company && (o.name.contains(' ') || o.name.len() >= 4))
        .find(|o| {
            name.strip_prefix(o.name.as_str())
                .is_some_and(|rest| rest.starts_with(' '))
        })
        .and_then(|o| o.country.clone())
}

fn gaz_word_end(s: &str, len: usize) -> bool {
    s[len..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The country of a dateline opening the story: "LIMA, Peru —",
/// "WASHINGTON (Reuters) -", "Moscow, March 3 -".
fn dateline_country(g: &Gazetteer, text: &str, published: Option<Date>) -> Option<String> {
    // The dateline opens the first paragraph after any headline.
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(4)
    {
        let head = &line[..floor_boundary(line, 80)];
        let Some(cut) = head.find([',', '(', '—', '–']) else {
            continue;
        };
        let city = head[..cut].trim();
        let words = city.split_whitespace().count();
        // A dateline is written in capitals: "LIMA", "NEW DELHI".
        if city.is_empty() || words > 3 || city.chars().any(|c| c.is_lowercase()) {
            continue;
        }
        let title: String = city
            .split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(i) = g
            .country_by_surface(&title)
            .or_else(|| g.country_by_surface(city))
        {
            return Some(historical(&g.countries[i].code, published));
        }
    }
    None
}

/// The country named in an apposition after a person: "Omar Haddad,
/// chief of staff of the Jordanian army," → JO.
/// Words that begin a clause's verb after its subject, so end an
/// apposition the writer did not close with a comma.
const CLAUSE_VERBS: &[&str] = &[
    " has ",
    " have ",
    " had ",
    " is ",
    " was ",
    " are ",
    " were ",
    " will ",
    " would ",
    " said ",
    " says ",
    " told ",
    " left ",
    " arrived ",
    " visited ",
    " met ",
];

/// What follows a few capitalised words that the name recognised left out
/// ("Tan Sri Asghar Khan| Goriman Khan, Commander of ..."): a long name's
/// tail stands between it and its apposition.
fn rest_of_name(after: &str) -> &str {
    let mut rest = after;
    for _ in 0..3 {
        let Some(r) = rest.strip_prefix(' ') else {
            break;
        };
        let word = r.find([' ', ',']).unwrap_or(r.len());
        if !r[..word].starts_with(char::is_uppercase) {
            break;
        }
        rest = &r[word..];
        if rest.starts_with(',') {
            return rest;
        }
    }
    after
}

fn apposition_country(b: &Builder<'_>, countries: &[CountryMention], end: usize) -> Option<String> {
    let text = b.text;
    let after = &text[end..];
    let rest = after
        .strip_prefix(", ")
        .or_else(|| rest_of_name(after).strip_prefix(", "))?;
    // "R. Evan Ellis, an assistant professor at ...", "Guo Boxiong, vice
    // chairman of ...": an apposition names a role; "Reagan, fighting to
    // regain ..." does not.
    let role_like = [
        "a ", "an ", "the ", "former ", "then ", "now ", "his ", "her ", "its ",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
        || rest.chars().next().is_some_and(char::is_uppercase)
        || b.g
            .find_roles(&rest[..floor_boundary(rest, 40)])
            .first()
            .is_some_and(|r| r.0 == 0);
    if !role_like {
        return None;
    }
    // An apposition is a noun phrase: it ends at its closing comma, or
    // where the clause's verb begins when the writer left the comma out
    // ("X, the army chief has left for a visit to Egypt").
    let verb = CLAUSE_VERBS
        .iter()
        .filter_map(|v| rest.find(v))
        .min()
        .unwrap_or(rest.len());
    let stop = rest
        .find([',', '.', ';', '"', '”'])
        .unwrap_or(rest.len())
        .min(verb)
        .min(120);
    let from = text.len() - rest.len();
    let to = from + stop;
    let by_country = countries_within(countries, from, to)
        .next()
        .map(|c| (c.start, c.code.clone()));
    // The earliest made of the mentions in the span (not the leftmost).
    let by_org = b
        .occupied
        .range(from..=to)
        .map(|(&m_start, &(m_end, i))| (m_start, m_end, i))
        .filter(|&(_, m_end, _)| m_end <= to)
        .map(|(_, _, i)| (i, &b.mentions[i]))
        .filter(|(_, m)| b.entities[m.entity].kind != ActorType::Person)
        .filter_map(|(i, m)| {
            b.entities[m.entity]
                .country
                .clone()
                .map(|c| (i, m.start, c))
        })
        .min_by_key(|&(i, _, _)| i)
        .map(|(_, start, c)| (start, c));
    match (by_country, by_org) {
        (Some(a), Some(o)) => Some(if a.0 <= o.0 { a.1 } else { o.1 }),
        (a, o) => a.or(o).map(|x| x.1),
    }
}

/// The first listed demonym of a country ("Peruvian"), for naming forces.
pub fn demonym_for(g: &Gazetteer, code: &str) -> Option<String> {
    g.demonym(code)
}

fn person(b: &mut Builder<'_>, name: &str) -> usize {
    // A later "Mr. Mora" or "Gen. Guo" is the person named in full before.
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if tokens.len() == 1 {
        if let Some(e) = b.entities.iter().position(|e| {
            e.kind == ActorType::Person && e.name.split_whitespace().any(|t| t == tokens[0])
        }) {
            b.add_alias(e, name);
            return e;
        }
    }
    if let Some(e) = b.find(name) {
        return e;
    }
    // A full name whose surname was seen alone before ("Reagan" then
    // "Ronald Reagan") takes over that entity.
    if tokens.len() > 1 {
        if let Some(e) = b.entities.iter().position(|e| {
            e.kind == ActorType::Person
                && e.name.split_whitespace().count() == 1
                && tokens.last().is_some_and(|l| *l == e.name)
        }) {
            let old = std::mem::replace(&mut b.entities[e].name, name.to_string());
            b.add_alias(e, &old);
            b.index.insert(norm(name), e);
            return e;
        }
    }
    let e = b.entity(name, ActorType::Person, None, None);
    if let Some(last) = tokens.last() {
        if tokens.len() > 1 {
            b.index.entry(norm(last)).or_insert(e);
        }
    }
    e
}

/// `form` without trailing corporate suffixes ("Northrop Group" -> "Northrop").
fn strip_suffixes<'s>(g: &Gazetteer, form: &'s str) -> &'s str {
    let mut f = form.trim();
    while let Some((head, last)) = f.rsplit_once(' ') {
        if g.is("company_suffix", last) {
            f = head.trim_end_matches(',');
        } else {
            break;
        }
    }
    f
}

/// A run of capitalised tokens `[first, last]` in a sentence's token list.
#[derive(Debug, Clone, Copy)]
struct Run {
    first: usize,
    last: usize,
    /// The last token ends in a possessive.
    possessive: bool,
}

fn cap_runs(g: &Gazetteer, text: &str, toks: &[Token]) -> Vec<Run> {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    let mut runs: Vec<Run> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        if !is_cap(word(k)) {
            k += 1;
            continue;
        }
        let first = k;
        let mut possessive = false;
        while k < toks.len() && is_cap(word(k)) {
            // "the Tanzania People's Defence Force": "People's" inside a
            // name owns nothing; the name goes on.
            let (bare, owns) = strip_possessive(word(k));
            let inside = bare == "People" && toks.get(k + 1).is_some_and(|_| is_cap(word(k + 1)));
            if owns && !inside {
                possessive = true;
                break;
            }
            k += 1;
        }
        let last = if possessive { k } else { k - 1 };
        runs.push(Run {
            first,
            last,
            possessive,
        });
        k = last + 1;
    }
    // Join runs over connectors inside names: "Ministry of Defense",
    // "Lockheed Missiles and Space Co", "Pratt & Whitney", "H and R Co".
    let mut joined: Vec<Run> = Vec::new();
    for r in runs {
        if let Some(prev) = joined.last_mut() {
            if !prev.possessive && r.first == prev.last + 2 {
                let conn = word(prev.last + 1);
                let prev_last = strip_possessive(word(prev.last)).0;
                let r_last = strip_possessive(word(r.last)).0;
                let prev_has_suffix = g.is("company_suffix", prev_last);
                let join = match conn {
                    "&" => true,
                    // "Bosco da Costa Junior", "Ana de Souza": a particle
                    // between name-like words is inside a person's name.
                    _ if PERSON_PARTICLES.contains(&conn)
                        && (prev.first..=prev.last)
                            .chain(r.first..=r.last)
                            .all(|k| person_like(g, word(k)))
                        && r.last - r.first <= 2 =>
                    {
                        true
                    }
                    // "Department of China's Central Military Commission":
                    // a country after "of" qualifies, it does not extend;
                    // "Electronics Corporation of India Ltd" is one firm.
                    // Banks, universities and parties take their place into
                    // the name ("Bank of Greece", "University of Madras").
                    "of" | "for" | "de" | "on"
                        if g.country_by_surface(strip_possessive(word(r.first)).0)
                            .is_some()
                            && !(conn == "of" && g.is("other_head", prev_last)) =>
                    {
                        conn == "of" && r.last > r.first && g.is("company_suffix", r_last)
                    }
                    "of" | "for" | "de" | "on" => {
                        (g.is("gov_head", prev_last)
                            || g.is("other_head", prev_last)
                            || g.is("force_head", prev_last)
                            || prev_last == "Secretary"
                            || prev_last == "Minister")
                            && !g.is("not_name", word(r.first))
                    }
                    // "Vickers and Armstrong Ltd" is one firm; "DRDO and
                    // Hindustan Aeronautics Ltd" two bodies: an acronym or
                    // a known name on the left stands on its own.
                    "and" => {
                        let left = &text[toks[prev.first].start..toks[prev.last].end];
                        let stands_alone = (prev.first == prev.last && is_acronym(left))
                            || known_whole(g, text, toks, prev);
                        // "Department of Science and Technology": the
                        // field of a body of its government goes on past
                        // "and" when the words after it name no body, place
                        // or known organisation.
                        let field_of_body = (prev.first..prev.last)
                            .any(|i| g.is("gov_head", word(i)) && word(i + 1) == "of")
                            && !known_whole(g, text, toks, &r)
                            && (r.first..=r.last).all(|i| {
                                let w = word(i);
                                !(g.is("gov_head", w)
                                    || g.is("force_head", w)
                                    || g.is("other_head", w)
                                    || g.country_by_surface(w).is_some()
                                    || is_acronym(w))
                            });
                        !prev_has_suffix
                            && !stands_alone
                            && r.last - r.first <= 2
                            && (g.is("company_suffix", r_last)
                                || field_of_body
                                || (body_shared_over_and(g, &word, prev, &r)
                                    && !known_whole(g, text, toks, &r)))
                    }
                    _ => false,
                };
                if join {
                    prev.last = r.last;
                    prev.possessive = r.possessive;
                    continue;
                }
            }
        }
        joined.push(r);
    }
    // Drop leading words that never start a name ("The", "In", months,
    // a place the firm is based in: "Pune-based").
    for r in &mut joined {
        while r.first <= r.last && {
            let w = strip_possessive(word(r.first)).0;
            g.is("not_name", w) || w.ends_with("-based") || w.ends_with("-headquartered")
        } {
            r.first += 1;
        }
    }
    joined.retain(|r| r.first <= r.last);
    joined
}

/// The run's words are one name the gazetteer knows.
/// Where a title in capitals ends a run of two or three name words and a
/// body follows it with "of" or "at" ("Bhaskar Rao Naidu CMD of BDL"): the
/// title's token.
fn title_after_a_name(g: &Gazetteer, text: &str, toks: &[Token], run: &Run) -> Option<usize> {
    let word = |k: usize| strip_possessive(&text[toks[k].start..toks[k].end]).0;
    let k = run.last;
    let named =
        (2..=3).contains(&(k - run.first)) && (run.first..k).all(|i| person_like(g, word(i)));
    let after = &text[toks[k].end..];
    let of_a_body = after.starts_with(" of ") || after.starts_with(" at ");
    // ("Hon'ble Prime Minister of", "National Security Adviser of": a title
    // of several words is no name and its last word.)
    let span = &text[toks[run.first].start..toks[k].end];
    let title_alone = g
        .find_roles(span)
        .iter()
        .all(|&(s, _)| toks[run.first].start + s == toks[k].start);
    // Only a title in capitals ("CMD", "CEO", "DG"): a capitalised word
    // ("Kishtwar Senior Superintendent of Police") may belong to the title.
    let capitals = is_acronym(word(k));
    (named && capitals && g.is_role_word(word(k)) && of_a_body && title_alone).then_some(k)
}

/// Where a one-word title stands inside a run between a body of two words
/// or more and a name of two or three ("Federation of Kenya Industries
/// Chairman Paul Otieno"): the title's token.
fn title_before_a_name(g: &Gazetteer, text: &str, toks: &[Token], run: &Run) -> Option<usize> {
    let word = |k: usize| strip_possessive(&text[toks[k].start..toks[k].end]).0;
    // ("Kerala Industries Minister P Rajeev": a minister's title names a
    // portfolio before it, not a body.)
    let k = (run.first + 2..run.last)
        .rev()
        .find(|&k| g.is_role_word(word(k)) && !word(k).starts_with("Minister"))?;
    let name = k + 1..=run.last;
    let body_words = (run.first..k).map(word);
    let named = (2..=3).contains(&name.clone().count())
        && name.into_iter().all(|i| person_like(g, word(i)));
    // "Deputy Prime Minister": titles all the way, no body.
    let body = body_words
        .clone()
        .any(|w| !g.is_role_word(w) && w.chars().next().is_some_and(char::is_uppercase));
    (named && body && !(run.first..k).any(|i| g.is_role_word(word(i)))).then_some(k)
}

fn known_whole(g: &Gazetteer, text: &str, toks: &[Token], run: &Run) -> bool {
    let form = &text[toks[run.first].start..toks[run.last].end];
    g.find(form)
        .iter()
        .any(|&(s, e, _)| s == 0 && e == form.len())
}

/// "Oil and Natural Gas Commission", "Research and Development
/// Organisation": words joined by "and" before a body's head word make one
/// name when the left words cannot name anything alone: no head word, no
/// given name, no country ("Rajnath Singh and Defence Ministry" stays two).
fn body_shared_over_and<'t>(
    g: &Gazetteer,
    word: &impl Fn(usize) -> &'t str,
    left: &Run,
    right: &Run,
) -> bool {
    let r_last = strip_possessive(word(right.last)).0;
    let l_last = word(left.last);
    let heads = [
        "gov_head",
        "other_head",
        "company_head",
        "force_head",
        "company_suffix",
    ];
    (g.is("gov_head", r_last) || g.is("other_head", r_last))
        && left.last - left.first <= 2
        && !heads.iter().any(|h| g.is(h, l_last))
        && !g.is_given_name(word(left.first))
        && (left.first..=left.last).all(|k| {
            let w = word(k);
            g.country_by_surface(w).is_none() && !is_acronym(w) && !g.is_role_word(w)
        })
}

fn classify_run(
    b: &mut Builder<'_>,
    countries: &[CountryMention],
    si: usize,
    toks: &[Token],
    run: Run,
) {
    let g = b.g;
    let text = b.text;
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    let start = toks[run.first].start;
    let last_raw = word(run.last);
    let (last_word, _) = strip_possessive(last_raw);
    let end = toks[run.last].start + last_word.len();
    if start >= end || b.covered(start, end) {
        // Part of the run may still be new ("Chinese company Sinohydro" is
        // handled through the uncovered tail below).
        let uncovered_from =
            (run.first..=run.last).find(|&k| !b.covered(toks[k].start, toks[k].end));
        match uncovered_from {
            Some(k) if k > run.first && !b.covered(toks[k].start, end) => {
                classify_run(
                    b,
                    countries,
                    si,
                    toks,
                    Run {
                        first: k,
                        last: run.last,
                        possessive: run.possessive,
                    },
                );
            }
            _ => {}
        }
        return;
    }
    // "Bank of Kenya Governor Amina Odhiambo": a body, then a title and a
    // name. The body is read alone; the pass over roles makes the person.
    // "Bhaskar Rao Naidu CMD of BDL": a name, then its title of a body.
    if let Some(k) = title_after_a_name(g, text, toks, &run) {
        let name = Run {
            first: run.first,
            last: k - 1,
            possessive: false,
        };
        let e = person(b, &text[toks[name.first].start..toks[name.last].end]);
        if b.entities[e].role.is_none() {
            b.entities[e].role = Some(text[toks[k].start..toks[k].end].to_string());
        }
        b.mention(toks[name.first].start, toks[name.last].end, e, si);
        return;
    }
    if let Some(k) = title_before_a_name(g, text, toks, &run) {
        let body = Run {
            first: run.first,
            last: k - 1,
            possessive: false,
        };
        classify_run(b, countries, si, toks, body);
        return;
    }
    let form = &text[start..end];
    let n_toks = run.last - run.first + 1;
    // "CEO Patrice Caine", "Minister Ana Costa": a title before a name is
    // left to the pass over roles, which makes a person of it.
    if n_toks >= 3
        && g.is_role_word(word(run.first))
        && (run.first + 1..=run.last).all(|k| person_like(g, word(k)))
    {
        return;
    }
    // So is a title of several words ("Raksha Mantri Anil Kapoor").
    if let Some((0, role_end)) = g.first_role_within(form, 0) {
        let name_toks: Vec<usize> = (run.first..=run.last)
            .filter(|&k| toks[k].start >= start + role_end)
            .collect();
        if name_toks.len() >= 2 && name_toks.iter().all(|&k| person_like(g, word(k))) {
            return;
        }
    }
    // "Under Secretary of Defence", "Minister of State for Defence": a
    // title, left to the pass over roles (it names a person, not a body).
    if (run.first..run.last).any(|k| word(k + 1) == "of" && g.is_role_word(word(k)))
        && !g.is("gov_head", strip_possessive(word(run.last)).0)
    {
        return;
    }
    // "Operation Ganga", "Exercise Varuna", "Engine Replacement Program":
    // an event's or a programme's name.
    if n_toks >= 2 && (g.is("not_org_first", word(run.first)) || g.is("not_org_last", last_word)) {
        return;
    }
    let in_country = |k: usize| country_around(countries, toks[k].start, toks[k].end, 4);
    // Whole run is one country (possibly multi-token): not an entity.
    if country_around(countries, start, end, 0).is_some() {
        return;
    }

    // What follows the run.
    let after = &text[end..];
    let after_trim = after.trim_start_matches([',', ' ']);
    let next_word: &str = after
        .trim_start()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("");
    // Reuters tickers: "Raytheon Corp <RTN>", "Toshiba Corp <TSBA.T>".
    let ticker = after
        .strip_prefix(' ')
        .unwrap_or(after)
        .strip_prefix('<')
        .and_then(|r| r.split('>').next().filter(|t| is_ticker(t)));
    // Reuters brackets a firm's name it has no ticker for: "<Air France>".
    let bracketed = text[..start].ends_with('<')
        && after.starts_with('>')
        && form.contains(|c: char| c.is_lowercase());
    // "(CPMIEC)", "(NSC)".
    let acronym = after.strip_prefix(" (").and_then(|r| {
        let t = r.split(')').next()?;
        is_acronym(t).then_some(t)
    });

    // Leading country words: "Polish Bumar Group", "Peruvian Defense Ministry".
    let mut lead = run.first;
    let mut lead_country: Option<String> = None;
    while lead < run.last {
        match in_country(lead) {
            Some(c) if c.end <= toks[lead].end && c.end < end => {
                lead_country = Some(c.code.clone());
                let next = toks.partition_point(|t| t.start < c.end);
                lead = if next < toks.len() { next } else { lead + 1 }.max(lead + 1);
            }
            _ => break,
        }
    }
    // "Indian Aerospace manufacturers", "Turkish Defence firms": a
    // nationality and one sector word before a common noun describe an
    // industry; they name no organisation.
    if lead_country.is_some()
        && lead == run.last
        && matches!(
            next_word,
            "manufacturers"
                | "makers"
                | "companies"
                | "firms"
                | "industry"
                | "industries"
                | "sector"
                | "majors"
                | "players"
                | "suppliers"
                | "vendors"
                | "exporters"
                | "contractors"
                | "startups"
                | "start-ups"
                | "houses"
        )
    {
        return;
    }
    let head_words: Vec<&str> = (run.first..=run.last)
        .map(|k| strip_possessive(word(k)).0)
        .collect();
    let last = *head_words.last().unwrap_or(&"");
    let two_last = if head_words.len() >= 2 {
        format!("{} {}", head_words[head_words.len() - 2], last)
    } else {
        String::new()
    };

    // "General Dynamics Fort Worth Division": a firm's division, not an
    // army's.
    let firm_first = g.find(form).first().is_some_and(|h| {
        h.0 == 0
            && matches!(h.2, Surface::Organisation(i)
                if g.organisations[i].kind == ActorType::Company)
    });
    let is_force = (g.is("force_head", last) || g.is("force_head", &two_last)) && !firm_first;
    // "Department of National Defense", "Ministry of Defence": the head
    // comes before "of"; "Centre for Airborne Systems" (a state lab), before
    // "for" (lexicon `gov_head_before_for` heads only there).
    let head_before_of = head_words.windows(2).any(|w| {
        w[1] == "of" && g.is("gov_head", w[0]) || w[1] == "for" && g.is("gov_head_before_for", w[0])
    });
    let is_gov = g.is("gov_head", last) || head_before_of;
    // "Bank of Tokyo", "University of Texas": so for other bodies.
    let other_before_of = head_words
        .windows(2)
        .any(|w| w[1] == "of" && g.is("other_head", w[0]));
    let is_other = g.is("other_head", last) || other_before_of;
    let is_suffix =
        g.is("company_suffix", last) || (last.ends_with('.') && g.is("company_suffix", last));
    // "Indian Defence", "Russian Technology": a country and a head word
    // alone speak of the country's industry, unless the gazetteer knows
    // the firm.
    let country_and_head = n_toks == 2
        && head_words
            .first()
            .is_some_and(|w| g.country_by_surface(w).is_some())
        && !firm_first;
    let is_company_head = (g.is("company_head", last) || (firm_first && g.is("force_head", last)))
        && n_toks >= 2
        && !country_and_head;
    // "Air Mauritius", "Air Canada": a flag carrier, named by "Air" and its
    // country.
    let flag_carrier =
        n_toks == 2 && g.is("airline_prefix", head_words[0]) && in_country(run.last).is_some();
    // A lone "Group" or "Co" is no name.
    let is_suffix = is_suffix && n_toks >= 2;
    let next_lower = next_word.lower_same_len();
    let _ = &next_lower;
    let prev_word: String = text[..start]
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .lower_same_len();

    // "Advanced Medium Combat Aircraft", "Hellfire Missiles": a system's
    // name in capitals, not a firm (a firm keeps its suffix or ticker).
    if !is_suffix && ticker.is_none() && !bracketed && !is_force && !is_gov && names_system(g, form)
    {
        return;
    }
    // "65 Remotely Piloted Aircraft Systems": counted, a weapon phrase
    // with a generic last word is goods, not a firm.
    let counted = crate::systems::quantity_word(prev_word.trim_end_matches(',')).is_some();
    let without_last = form.rsplit_once(' ').map_or("", |(head, _)| head);
    if counted && !is_suffix && ticker.is_none() && names_system(g, without_last) {
        return;
    }
    let (kind, name_start): (Option<ActorType>, usize) = if is_force {
        (Some(ActorType::ArmedForce), start)
    } else if is_gov {
        (Some(ActorType::GovernmentBody), start)
    } else if is_other && n_toks >= 2 {
        (Some(ActorType::Other), start)
    } else if is_suffix || is_company_head || ticker.is_some() || bracketed || flag_carrier {
        // Companies drop a leading demonym ("Polish Bumar Group") unless it
        // is part of a generic name ("Turkish Petroleum Corp").
        let keep = lead == run.first
            || g.is("company_head", strip_possessive(word(lead)).0)
            || g.is("company_suffix", strip_possessive(word(lead)).0);
        (
            Some(ActorType::Company),
            if keep { start } else { toks[lead].start },
        )
    } else if next_word == "consortium"
        && !form.contains('-')
        && lead == run.first
        && !g.is("not_name", form)
    {
        (Some(ActorType::Consortium), start)
    } else if matches!(prev_word.as_str(), "by")
        && [
            "built by",
            "made by",
            "produced by",
            "manufactured by",
            "designed by",
            "developed by",
        ]
        .iter()
        .any(|p| ends_with_lower(text[..start].trim_end(), p))
        && n_toks <= 4
        && !(run.first..=run.last).all(|k| person_like(g, word(k)))
    {
        // "the hulls were built by STX France".
        (Some(ActorType::Company), start)
    } else if FIRM_NOUNS.contains(&prev_word.as_str())
        && n_toks <= 4
        && !(n_toks >= 2
            && (run.first..=run.last).all(|k| person_like(g, word(k)))
            && g.is("speech_verb", next_word))
    {
        // "the Chinese company Sinohydro", "state-owned firm Kongsberg".
        (Some(ActorType::Company), start)
    } else if matches!(next_word, "commission" | "board" | "committee") {
        (Some(ActorType::GovernmentBody), start)
    } else {
        (None, start)
    };

    if let Some(kind) = kind {
        if kind != ActorType::Company && lead == run.last + 1 {
            return;
        }
        let mut name = text[name_start..end].to_string();
        if matches!(next_word, "commission" | "board" | "committee")
            && kind == ActorType::GovernmentBody
            && !is_gov
        {
            name = format!("{name} {}", title_case(next_word));
        }
        // An armed force or body named only by its head word ("Navy") is
        // left to pass 2, which knows the home country.
        if (kind == ActorType::ArmedForce || kind == ActorType::GovernmentBody)
            && (g.is("force_head", form)
                || (n_toks == 1 && (g.is("force_head", last) || g.is("gov_head", last))))
            && lead_country.is_none()
        {
            return;
        }
        let mut country = lead_country.clone();
        if let Some(t) = ticker {
            country = country.or_else(|| ticker_country(t).map(String::from));
        }
        // "Hunting Engineering Co Ltd of the U.K.", "Garrett of Canada".
        if country.is_none() {
            let of = after
                .strip_prefix(" of the ")
                .or_else(|| after.strip_prefix(" of "))
                .or_else(|| {
                    ticker.and_then(|t| {
                        after
                            .strip_prefix(&format!(" <{t}> of the "))
                            .or_else(|| after.strip_prefix(&format!(" <{t}> of ")))
                    })
                });
            if let Some(rest) = of {
                let off = text.len() - rest.len();
                if let Some(c) = country_starting_at(countries, off) {
                    country = Some(c.code.clone());
                }
            }
        }
        // "National Defense University in Washington", "the Naval Air
        // Center in Warminster, Pa.": a place, or a town and its state.
        if country.is_none() {
            if let Some(rest) = after.strip_prefix(" in ") {
                let town_then_state = rest
                    .find(", ")
                    .filter(|&k| k <= 24 && rest[..k].split(' ').all(is_cap))
                    .map(|k| &rest[k + 2..]);
                for place in std::iter::once(rest).chain(town_then_state) {
                    let off = text.len() - place.len();
                    if let Some(c) = country_starting_at(countries, off) {
                        country = Some(c.code.clone());
                        break;
                    }
                }
            }
        }
        // "Israel's Rafael", "the Chinese company Sinohydro".
        if country.is_none() {
            country = preceding_country(g, text, countries, si, start);
        }
        // A country named inside: "China North Industries Corp.".
        if country.is_none() {
            country = countries_within(countries, start, end)
                .find(|c| !matches!(c.form, CountryForm::Capital | CountryForm::Place))
                .map(|c| c.code.clone());
        }
        let gaz = g.find(&name).into_iter().find_map(|(s, e, sf)| match sf {
            Surface::Organisation(gi) if s == 0 && e + 8 >= name.len() => Some(gi),
            _ => None,
        });
        // "Chile's Senate" is not the U.S. Senate the bare word lists.
        let gaz = gaz.filter(|&gi| {
            let listed = g.organisations[gi].country.as_deref();
            name.contains(' ')
                || !g.is("gov_head", &name)
                || country.is_none()
                || country.as_deref() == listed
        });
        let (kind, country) = match gaz {
            Some(gi) => (
                g.organisations[gi].kind,
                g.organisations[gi].country.clone().or(country),
            ),
            None => (kind, country),
        };
        let e = b.entity(&name, kind, country, gaz);
        if let Some(a) = acronym {
            b.add_alias(e, a);
        }
        if let Some(t) = ticker {
            b.add_alias(e, t.split(['.', ' ']).next().unwrap_or(t));
        }
        b.mention(name_start, end, e, si);
        // "Acme Corp's Acme Marine Systems unit": the possessor is the
        // parent.
        if kind == ActorType::Company && run.possessive {
            b.entities[e].role = None;
        }
        let _ = after_trim;
        return;
    }

    // People: two or three name-like tokens followed by a speech verb or an
    // apposition ("Peter Wallison, who ...", "R. Evan Ellis, an assistant
    // professor").
    // "the Dassault Rafale, the Boeing Super Hornet": a maker and its
    // system, not a person.
    let names_a_thing = g.find(form).iter().any(|h| {
        matches!(
            h.2,
            Surface::System(_) | Surface::Organisation(_) | Surface::Outlet(_)
        )
    });
    // "the Raksha Mantri said": a title standing alone names no one.
    let a_title = g
        .first_role_within(form, 0)
        .is_some_and(|(s, e)| s == 0 && e == form.len());
    // "the Republic Day Parade, the ...": an event's head word is no
    // surname.
    let names_an_event =
        (run.first..=run.last).any(|k| g.is("never_surname", strip_possessive(word(k)).0));
    let all_person_like = !names_a_thing
        && !a_title
        && !names_an_event
        && !ends_a_title(g, text, start, end)
        && person_like(g, word(run.first))
        && (run.first..=run.last)
            .all(|k| person_like(g, word(k)) || PERSON_PARTICLES.contains(&word(k)));
    // ("identified as French-built Atlantique": a word joined to a
    // lower-case one is no name.)
    let identified = identification_before(&text[..start])
        && !form
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'-' && w[1].is_ascii_lowercase());
    if all_person_like && ((2..=4).contains(&n_toks) || (identified && n_toks == 1)) {
        let apposition = after.starts_with(", a ")
            || after.starts_with(", an ")
            || after.starts_with(", the ")
            || after.starts_with(", who ")
            || after.starts_with(", now ")
            || after.starts_with(", former ")
            || after.starts_with(", then ")
            || after.starts_with(", his ")
            || after.starts_with(", her ")
            || (after.starts_with(", ") && role_after_apposed_body(g, &after[2..]));
        // "..., said Tilak Devasher, a member of ...": a speech verb just
        // before a name that a comma or the sentence's end closes.
        let said_before = matches!(prev_word.as_str(), "said" | "says" | "added" | "stated")
            && (after.starts_with(',') || after.trim_start().starts_with('.'));
        let speech = g.is("speech_verb", next_word)
            || said_before
            || after.trim_start().starts_with("was quoted")
            || after.trim_start().starts_with("has said")
            || after.trim_start().starts_with("had said");
        // "Ravi Menon", "Anna Berg, 52,": a run that starts with a given
        // name is a person wherever it stands, unless it names a thing
        // ("the Harry Truman", "USS Abraham Lincoln", "George Mason
        // University" is a body and was taken above).
        let given = g.is_given_name(strip_possessive(word(run.first)).0)
            && !g.is("not_person_before", &prev_word)
            && !g.is("not_person_after", &next_lower)
            && !g.is("not_person_after", &last.to_lowercase());
        if apposition || speech || given || identified || age_follows(after) {
            let e = person(b, form);
            if b.entities[e].role.is_none() {
                if let Some(rest) = after.strip_prefix(", ") {
                    if let Some((rs, re)) = g.first_role_within(rest, 20) {
                        let role_end = rest[re..]
                            .find([',', '.', ';'])
                            .map(|p| re + p)
                            .unwrap_or(re);
                        let role = rest[rs..role_end]
                            .trim_start_matches("a ")
                            .trim_start_matches("an ")
                            .trim();
                        let role = role.split(" at ").next().unwrap_or(role);
                        b.entities[e].role = Some(role.to_string());
                    }
                }
            }
            if b.entities[e].country.is_none() {
                // "vice chairman of China's Central Military Commission".
                b.entities[e].country = apposition_country(b, countries, end);
            }
            b.mention(start, end, e, si);
        }
    }
}

/// Whether the words `start..end` end a title begun before them ("Chief
/// of the Naval Staff"): they are then no one's name.
fn ends_a_title(g: &Gazetteer, text: &str, start: usize, end: usize) -> bool {
    let from = floor_boundary(text, start.saturating_sub(40));
    g.find_roles(&text[from..end])
        .iter()
        .any(|&(rs, re)| from + rs < start && from + re == end)
}

/// A role at the start of an apposition, maybe after the capitalised
/// name of whom it serves: "director", "BSF Commandant", "Pakistan Fellow".
fn role_after_apposed_body(g: &Gazetteer, rest: &str) -> bool {
    let Some((rs, re)) = g.first_role_within(rest, 24) else {
        return false;
    };
    let before: Vec<&str> = rest[..rs].split_whitespace().collect();
    // "Vinod Kumar, project director of the LCA": a title with a word or
    // two of its own before it, then what it heads.
    let qualified = before.len() <= 2
        && before
            .iter()
            .all(|w| w.chars().all(char::is_lowercase) && !matches!(*w, "and" | "or"))
        && [" of ", " at ", " for ", ","]
            .iter()
            .any(|p| rest[re..].starts_with(p));
    before.iter().all(|w| is_cap(w)) || qualified
}

/// "The four were identified as Ramu Kadti, Sonu Madkami and Lakhma":
/// the names listed right after "identified as" in the same sentence name
/// people (a single name too).
fn identification_before(before: &str) -> bool {
    let from = armswatch_register::floor_boundary(before, before.len().saturating_sub(240));
    let window = &before[from..];
    let Some(i) = window.rfind("identified as ") else {
        return false;
    };
    window[i + "identified as ".len()..]
        .split([',', ' '])
        .filter(|w| !w.is_empty())
        .all(|w| w == "and" || w.starts_with(char::is_uppercase))
}

/// An age in apposition after a name: "Anna Berg, 52,", "Anna Berg (52)"
/// or "Anna Berg, (52)".
fn age_follows(after: &str) -> bool {
    let Some(rest) = after
        .strip_prefix(", (")
        .or_else(|| after.strip_prefix(", "))
        .or_else(|| after.strip_prefix(" ("))
    else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b',' | b')'))
}

/// The country of "Israel's X", "the Chinese company X", "U.S. defense
/// manufacturer X": a country word just before, optionally followed by a
/// few lower-case words ending in a firm noun.
fn preceding_country(
    g: &Gazetteer,
    text: &str,
    countries: &[CountryMention],
    si: usize,
    start: usize,
) -> Option<String> {
    let _ = g;
    let c = country_ending_near(countries, si, start, 60)?;
    let between = &text[c.end..start];
    let between = between
        .trim_start_matches("’s")
        .trim_start_matches("'s")
        .trim();
    if between.is_empty() {
        return Some(c.code.clone());
    }
    let words: Vec<&str> = between.split_whitespace().collect();
    if words.len() <= 4
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|ch| ch.is_lowercase() || ch == '-')
        })
        && words
            .last()
            .is_some_and(|w| FIRM_NOUNS.contains(&w.trim_end_matches(',')))
    {
        return Some(c.code.clone());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_drops_suffixes_and_possessives() {
        assert_eq!(
            norm("China North Industries Corp."),
            "china north industries"
        );
        assert_eq!(norm("the Northrop Group"), "northrop");
        assert_eq!(norm("Israel’s Rafael"), "israel rafael");
    }
}

#[cfg(test)]
mod recognise_tests {
    use crate::{annotate, Gazetteer};
    use armswatch_register::{ActorType, Date, Document};

    fn doc(text: &str) -> Document {
        Document {
            id: "t".into(),
            text: text.into(),
            published: Date::parse("1987-03-27").ok(),
            outlet: None,
            title: None,
            url: None,
            origin: None,
            content_hash: String::new(),
        }
    }

    fn person_country(text: &str, name: &str) -> Option<String> {
        let g = Gazetteer::builtin().unwrap();
        let d = doc(text);
        let a = annotate(g, &d);
        a.entities
            .iter()
            .find(|e| e.kind == ActorType::Person && e.name == name)
            .unwrap_or_else(|| panic!("{name} not found in {:?}", a.entities))
            .country
            .clone()
    }

    #[test]
    fn a_nationality_is_no_short_form_of_a_body_named_after_it() {
        let g = Gazetteer::builtin().unwrap();
        let d = doc("The Polish Navy will buy two minehunters from Polish shipyards.");
        let a = annotate(g, &d);
        let navy = a
            .entities
            .iter()
            .find(|e| e.name == "Polish Navy")
            .unwrap_or_else(|| panic!("no navy in {:?}", a.entities));
        assert!(!navy.aliases.contains(&"Polish".to_string()), "{navy:?}");
        // The nationality stays a country mention the extractor can read.
        assert_eq!(a.countries.len(), 2, "{:?}", a.countries);
    }

    #[test]
    fn a_country_name_is_no_short_form_of_a_firm_named_after_it() {
        // Whichever comes first: "Kenya" stays the country.
        let g = Gazetteer::builtin().unwrap();
        for text in [
            "Kenya Shipyards Limited will build the boats Tanzania bought from Kenya.",
            "Tanzania bought the boats from Kenya; Kenya Shipyards Limited builds them.",
        ] {
            let d = doc(text);
            let a = annotate(g, &d);
            assert!(
                a.entities
                    .iter()
                    .all(|e| !e.aliases.iter().any(|x| x == "Kenya")),
                "{text}: {:?}",
                a.entities
            );
        }
    }

    #[test]
    fn peoples_inside_a_forces_name_owns_nothing() {
        // A force named "... People's ... Force" is one name of its
        // country; "Defence Force" heads it as "Forces" would.
        let g = Gazetteer::builtin().unwrap();
        for (text, name, code) in [
            (
                "The Zambia People's Defence Force bought trucks.",
                "Zambia People's Defence Force",
                "ZM",
            ),
            (
                "The Namibia Defence Force bought trucks.",
                "Namibia Defence Force",
                "NA",
            ),
            (
                "The Lao People's Navy bought boats.",
                "Lao People's Navy",
                "LA",
            ),
        ] {
            let d = doc(text);
            let a = annotate(g, &d);
            let force = a.entities.iter().find(|e| e.name == name);
            let force = force.unwrap_or_else(|| panic!("{text}: {:?}", a.entities));
            assert_eq!(force.country.as_deref(), Some(code), "{text}");
            assert_eq!(force.kind, ActorType::ArmedForce, "{text}");
        }
    }

    /// The names of the entities recognised in `text`.
    fn entity_names(text: &str) -> Vec<String> {
        let g = Gazetteer::builtin().unwrap();
        let d = doc(text);
        annotate(g, &d)
            .entities
            .into_iter()
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn a_known_weapons_whole_name_is_no_firm() {
        let names = entity_names(
            "Seoul weighs the Terminal High Altitude Area Defense and Lockheed Martin Space.",
        );
        assert!(!names.iter().any(|n| n.contains("Terminal")), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("Lockheed")), "{names:?}");
    }

    #[test]
    fn a_title_before_a_places_name_makes_no_person() {
        let people = entity_names(
            "The envoys stayed at the Royal Prince Hotel Kandy. Senator John Tower said the board would report.",
        );
        assert!(!people.iter().any(|n| n.contains("Hotel")), "{people:?}");
        assert!(people.iter().any(|n| n == "John Tower"), "{people:?}");
    }

    #[test]
    fn capitalised_words_before_another_title_are_that_title() {
        let names = entity_names(
            "The general met Kenya's Minister of Defence, National Security Adviser and \
             Deputy Minister of Defence, Jane Wambui.",
        );
        assert!(!names.iter().any(|n| n.contains("Security")), "{names:?}");
        assert!(names.iter().any(|n| n == "Jane Wambui"), "{names:?}");
    }

    #[test]
    fn an_events_name_before_an_apposition_is_no_person() {
        let names = entity_names(
            "Drones watched over the Republic Day Parade, the Defence Minister's Victory Day \
             Address and a flypast; Anna Berg, a minister, watched.",
        );
        assert!(!names.iter().any(|n| n.contains("Parade")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("Address")), "{names:?}");
        assert!(names.iter().any(|n| n == "Anna Berg"), "{names:?}");
    }

    #[test]
    fn a_known_person_written_family_name_first_keeps_the_listed_name() {
        let g = Gazetteer::builtin().unwrap();
        let d = doc("Prime Minister Kishida Fumio met the envoy in Tokyo on Monday.");
        let people = annotate(g, &d).entities;
        let kishida = people
            .iter()
            .find(|e| e.name == "Kishida Fumio")
            .expect("the person as written");
        assert!(
            kishida.aliases.iter().any(|a| a == "Fumio Kishida"),
            "{kishida:?}"
        );
        assert_eq!(kishida.country.as_deref(), Some("JP"));
    }

    #[test]
    fn a_first_lady_beside_the_president_is_her_own_person() {
        let names = entity_names(
            "President Daniel Moi and First Lady Lena Moi will host the visiting king.",
        );
        assert!(names.iter().any(|n| n == "Lena Moi"), "{names:?}");
        assert!(names.iter().any(|n| n == "Daniel Moi"), "{names:?}");
    }

    #[test]
    fn a_title_joined_by_lower_case_words_is_no_name() {
        let names = entity_names(
            "Rear Admiral Amina Yusuf, Flag Officer Commanding-in-Chief, Western Fleet, \
             reviewed the frigates.",
        );
        assert!(!names.iter().any(|n| n.contains("Commanding")), "{names:?}");
        assert!(names.iter().any(|n| n == "Amina Yusuf"), "{names:?}");
    }

    #[test]
    fn a_country_and_a_head_word_alone_are_no_firm() {
        let names = entity_names("Kenyan Aerospace firms and Kestrel Aerospace met buyers.");
        assert!(
            names.contains(&"Kestrel Aerospace".to_string()),
            "{names:?}"
        );
        assert!(
            !names.contains(&"Kenyan Aerospace".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn its_before_a_role_points_to_the_nationality_before() {
        let t = "The minister met a Kenyan delegation led by its Foreign Minister Tbilel Ourak.";
        assert_eq!(person_country(t, "Tbilel Ourak").as_deref(), Some("KE"));
    }

    /// The force a lower-case service word is taken to be, by its text.
    fn referent_of(text: &str, word: &str) -> Option<(String, Option<String>)> {
        let g = Gazetteer::builtin().unwrap();
        let d = doc(text);
        let a = annotate(g, &d);
        let at = text.find(word).unwrap();
        a.mentions.iter().find(|m| m.start == at).map(|m| {
            (
                a.entities[m.entity].name.clone(),
                a.entities[m.entity].country.clone(),
            )
        })
    }

    #[test]
    fn a_lower_case_service_is_the_last_told_countrys() {
        let t = "Colombia opened a tender for fighters last year. The air force has now shortlisted two jets, and the navy wants frigates.";
        let (name, country) = referent_of(t, "air force").unwrap();
        assert_eq!(
            (name.as_str(), country.as_deref()),
            ("Colombian Air Force", Some("CO"))
        );
        assert_eq!(referent_of(t, "navy").unwrap().1.as_deref(), Some("CO"));
        // A service already named is the one meant, whatever came since.
        let t = "The Chilean Navy bought two frigates. Peru protested, but the navy said the ships would arrive soon.";
        assert_eq!(referent_of(t, "navy").unwrap().0, "Chilean Navy");
        // "of" names the country itself; no country told, no referent.
        assert_eq!(
            referent_of(
                "Talks covered the armed forces of both nations.",
                "armed forces"
            ),
            None
        );
        assert_eq!(
            referent_of("Officials said the army was ready.", "army"),
            None
        );
        // A country naming a war or a currency is not whose forces they are.
        let t = "Tank orders slowed after the Ethiopia-Eritrea war. Kenya said the air force wants jets.";
        assert_eq!(
            referent_of(t, "air force").unwrap().1.as_deref(),
            Some("KE")
        );
        let t = "Kenya pays in US dollars. The air force wants jets.";
        assert_eq!(
            referent_of(t, "air force").unwrap().1.as_deref(),
            Some("KE")
        );
        // A nationality on goods tells where they come from, not whose
        // force is meant.
        for t in [
            "Ghana will acquire Brazilian trainers for its air force.",
            "Ghana is studying the Brazilian Super Tucano for the air force.",
        ] {
            assert_eq!(
                referent_of(t, "air force").unwrap().1.as_deref(),
                Some("GH"),
                "{t}"
            );
        }
        // A nationality on people still tells whose.
        let t = "Brazilian officials said the air force wants trainers.";
        assert_eq!(
            referent_of(t, "air force").unwrap().1.as_deref(),
            Some("BR")
        );
    }

    /// An outlet's home country owns a bare service word when no country is
    /// told near it.
    #[test]
    fn a_lower_case_service_with_no_country_near_is_the_homes() {
        let g = Gazetteer::builtin().unwrap();
        let text = "Tank plans were revised twice. The navy wants twelve more patrol boats.";
        let mut d = doc(text);
        d.outlet = Some("Indian Defence Research Wing (idrw.org)".into());
        let a = annotate(g, &d);
        let at = text.find("navy").unwrap();
        let m = a.mentions.iter().find(|m| m.start == at);
        let country = m.and_then(|m| a.entities[m.entity].country.as_deref());
        assert_eq!(country, Some("IN"), "{:?}", a.entities);
    }

    /// "his Chilean counterpart Ana Soto": the demonym before "counterpart"
    /// gives the person's country, whatever the outlet's home; "counterpart"
    /// is no office.
    #[test]
    fn a_counterparts_demonym_gives_the_country() {
        let g = Gazetteer::builtin().unwrap();
        let mut d = doc("Minister Rosa Vergara met her Chilean counterpart Ana Soto in Lima.");
        d.outlet = Some("Indian Defence Research Wing (idrw.org)".into());
        let a = annotate(g, &d);
        let soto = a
            .entities
            .iter()
            .find(|e| e.name == "Ana Soto")
            .unwrap_or_else(|| panic!("{:?}", a.entities));
        assert_eq!(soto.country.as_deref(), Some("CL"), "{soto:?}");
        assert_eq!(soto.role, None, "{soto:?}");
    }

    /// "Gen Ana Ruiz, the army chief has left for Egypt": an apposition
    /// the writer did not close ends at the clause's verb; the country the
    /// clause goes on to name does not place the person.
    #[test]
    fn an_unclosed_apposition_ends_at_the_verb() {
        let g = Gazetteer::builtin().unwrap();
        let mut d = doc("Gen Ana Ruiz, the army chief has left on a visit to Egypt.");
        d.outlet = Some("Indian Defence Research Wing (idrw.org)".into());
        let a = annotate(g, &d);
        let ruiz = a
            .entities
            .iter()
            .find(|e| e.name == "Ana Ruiz")
            .unwrap_or_else(|| panic!("{:?}", a.entities));
        assert_ne!(ruiz.country.as_deref(), Some("EG"), "{ruiz:?}");
        let d = doc("Ana Ruiz, a retired general from Chile, said the deal was signed.");
        let a = annotate(g, &d);
        let ruiz = a.entities.iter().find(|e| e.name == "Ana Ruiz");
        assert_eq!(
            ruiz.and_then(|e| e.country.as_deref()),
            Some("CL"),
            "{:?}",
            a.entities
        );
    }

    /// "the Congress-led government": a party leading a government, not
    /// the U.S. Congress.
    #[test]
    fn a_body_word_leading_a_government_is_a_party() {
        let g = Gazetteer::builtin().unwrap();
        let d = doc("In 2012 the Congress-led government in New Delhi signed the deal.");
        let a = annotate(g, &d);
        assert!(
            !a.entities.iter().any(|e| e.name.contains("Congress")),
            "{:?}",
            a.entities
        );
        let d = doc("The deal needs the approval of Congress in Washington.");
        let a = annotate(g, &d);
        assert!(
            a.entities.iter().any(|e| e.name == "U.S. Congress"),
            "{:?}",
            a.entities
        );
    }

    /// "his Peruvian counterpart General Luis Paredes": a rank between
    /// "counterpart" and the name leaves the demonym placing the person.
    #[test]
    fn a_counterparts_demonym_places_a_ranked_name() {
        let g = Gazetteer::builtin().unwrap();
        let mut d =
            doc("Admiral Ana Ruiz and her Peruvian counterpart General Luis Paredes met in Quito.");
        d.outlet = Some("Indian Defence Research Wing (idrw.org)".into());
        let a = annotate(g, &d);
        let paredes = a
            .entities
            .iter()
            .find(|e| e.name == "Luis Paredes")
            .unwrap_or_else(|| panic!("{:?}", a.entities));
        assert_eq!(paredes.country.as_deref(), Some("PE"), "{paredes:?}");
    }

    /// An acronym that is both a body and a title ("NSA") is the title
    /// before a name, the body elsewhere.
    #[test]
    fn an_acronym_title_before_a_name_is_no_body() {
        let g = Gazetteer::builtin().unwrap();
        let names = |text: &str| {
            let d = doc(text);
            let a = annotate(g, &d);
            a.entities
                .iter()
                .map(|e| (e.name.clone(), e.kind))
                .collect::<Vec<_>>()
        };
        let found = names("NSA Kavita Rao held talks with her French counterpart in Paris.");
        assert!(
            found.contains(&("Kavita Rao".to_string(), ActorType::Person)),
            "{found:?}"
        );
        assert!(
            !found.iter().any(|(n, _)| n == "National Security Agency"),
            "{found:?}"
        );
        let found = names("The NSA said the intercepts were lawful.");
        assert!(
            found.iter().any(|(n, _)| n == "National Security Agency"),
            "{found:?}"
        );
    }

    /// A wire story in dollars that names no country is about the U.S.;
    /// its headline writes the dollars in title case.
    #[test]
    fn a_bare_service_in_a_dollar_wire_story_is_american() {
        let t = "Acme Corp Wins 12 Mln Dlr Contract\n\nAcme Corp said it won a 12 mln Navy contract for radar spares.";
        let (name, country) = referent_of(t, "Navy").unwrap();
        assert_eq!(
            (name.as_str(), country.as_deref()),
            ("U.S. Navy", Some("US"))
        );
        let t = "Acme Corp said it won a 12 mln Navy contract for radar spares.";
        assert_eq!(referent_of(t, "Navy"), None);
    }

    /// A service listed with other services names one, whatever word
    /// comes before the list.
    #[test]
    fn a_service_listed_with_services_is_one() {
        let t = "Acme Corp said the 12 mln dlr order for radios will be split between Army, Air Force and Navy.";
        let (name, country) = referent_of(t, "Army").unwrap();
        assert_eq!(
            (name.as_str(), country.as_deref()),
            ("U.S. Army", Some("US"))
        );
        let t = "Acme Corp said the 12 mln dlr sponsorship covers the game between Army and Notre Dame.";
        assert_eq!(referent_of(t, "Army"), None);
    }

    #[test]
    fn mod_is_the_defence_ministry_named_or_the_home_countrys() {
        let t = "Chile wants frigates. The Chilean Navy has asked MoD to decide soon.";
        let (name, country) = referent_of(t, "MoD").unwrap();
        assert_eq!(
            (name.as_str(), country.as_deref()),
            ("Chilean Ministry of Defence", Some("CL"))
        );
        let t =
            "Peru's Ministry of Defence met Chilean officials in Lima. MoD said talks went well.";
        assert_eq!(referent_of(t, "MoD").unwrap().1.as_deref(), Some("PE"));
    }

    #[test]
    fn apposition_gives_a_persons_country() {
        let t = "Chilean Defence Minister Rosa Vergara spoke in Santiago.\n\n\"We are prepared,\" General Omar Haddad, chief of staff of the Jordanian Armed Forces, told reporters.";
        assert_eq!(person_country(t, "Omar Haddad").as_deref(), Some("JO"));
        assert_eq!(person_country(t, "Rosa Vergara").as_deref(), Some("CL"));
        // A long name whose tail the recognition left out still has its
        // apposition.
        let t = "Indian officials met in Delhi.\n\nAir Marshal Datuk Seri Ahmad Zulkifli Bin Hamzah Rahman, chief of the Royal Malaysian Air Force, asked for funds.";
        let d = doc(t);
        let a = annotate(Gazetteer::builtin().unwrap(), &d);
        let person = a
            .entities
            .iter()
            .find(|e| e.kind == ActorType::Person)
            .map(|e| (e.name.clone(), e.country.clone()));
        assert_eq!(
            person.clone().and_then(|p| p.1).as_deref(),
            Some("MY"),
            "{person:?}"
        );
    }

    #[test]
    fn a_title_inside_a_capitalised_run_makes_a_person() {
        let t = "In July, Thales Group CEO Patrice Caine met officials in Paris.";
        assert_eq!(person_country(t, "Patrice Caine").as_deref(), Some("FR"));
        let d = doc(t);
        let a = annotate(Gazetteer::builtin().unwrap(), &d);
        assert!(
            a.entities.iter().all(|e| !e.name.starts_with("CEO")),
            "{:?}",
            a.entities
        );
    }

    #[test]
    fn a_town_and_its_state_give_a_bodys_country() {
        let t = "Acme Systems said it won an order from the Naval Test Center in Oakdale, Md., on Monday.";
        let d = doc(t);
        let a = annotate(Gazetteer::builtin().unwrap(), &d);
        let center = a
            .entities
            .iter()
            .find(|e| e.name == "Naval Test Center")
            .unwrap_or_else(|| panic!("no center in {:?}", a.entities));
        assert_eq!(center.country.as_deref(), Some("US"));
    }

    #[test]
    fn a_firm_of_a_town_and_country_is_of_that_country() {
        let country = |t: &str, name: &str| {
            let d = doc(t);
            let a = annotate(Gazetteer::builtin().unwrap(), &d);
            a.entities
                .iter()
                .find(|e| e.name == name)
                .unwrap_or_else(|| panic!("no {name} in {:?}", a.entities))
                .country
                .clone()
        };
        // The buyer's country told later in the sentence is not the firm's.
        let t = "Harwell Sensors Ltd of Leeds, England, won a contract for radar kits, the Pentagon said.";
        assert_eq!(country(t, "Harwell Sensors Ltd").as_deref(), Some("GB"));
        let t = "Harwell Sensors Ltd of Norway won a contract for radar kits, the Pentagon said.";
        assert_eq!(country(t, "Harwell Sensors Ltd").as_deref(), Some("NO"));
    }

    #[test]
    fn a_single_letter_is_a_middle_initial() {
        let t = "Dr Ramesh K Varma, director of the laboratory, said the tests were over.";
        person_country(t, "Ramesh K Varma");
    }

    #[test]
    fn a_title_of_a_country_then_a_name() {
        let got = people("The Prime Minister of India Modi announced the gift of a ship.");
        // The surname of a known figure is registered by the full name.
        assert_eq!(got, ["Narendra Modi"]);
    }

    #[test]
    fn a_title_with_its_place_or_office_then_a_name() {
        for (text, name) in [
            (
                "Ghana's ambassador to Lima Kofi Mensah met the minister.",
                "Kofi Mensah",
            ),
            (
                "Minister of Energy Maria Lindqvist visited the yard.",
                "Maria Lindqvist",
            ),
            (
                "Minister for Armed Forces Pierre Garnier visited the yard.",
                "Pierre Garnier",
            ),
            (
                "EPA Administrator Maria Lindqvist said the tanks leak.",
                "Maria Lindqvist",
            ),
        ] {
            assert_eq!(people(text), [name], "{text}");
        }
    }

    #[test]
    fn initials_run_together_with_their_dots_open_a_name() {
        let got = people("Dr K.V. Raman, director of the laboratory, said the tests were over.");
        assert_eq!(got, ["K.V. Raman"]);
    }

    #[test]
    fn a_firms_short_name_opening_a_places_name_names_no_firm() {
        for text in [
            "Tourists may now cross the Boeing Field Road at night.",
            "Troops guard the Thales Setu Bridge near the border.",
        ] {
            let got = found(text);
            assert!(
                !got.iter().any(|e| e.kind == ActorType::Company),
                "{text}: {got:?}"
            );
        }
        // The firm itself before other capitalised words still counts.
        let got = found("Boeing Apache helicopters will reach the army in May.");
        assert!(got.iter().any(|e| e.name.contains("Boeing")), "{got:?}");
    }

    #[test]
    fn a_makers_name_hyphened_to_a_model_or_before_counted_planes_names_no_firm() {
        for text in [
            "The 272 Sukhoi planes will get new engines.",
            "Spares for the Sukhoi-su-30MKI are short.",
            // A design abbreviating the maker, or one the gazetteer knows
            // hyphened, after a space.
            "The plan rests on the Russian Sukhoi Su-57E fighter.",
            "Spares for Sukhoi 30MKI jets are short.",
        ] {
            let got = found(text);
            assert!(
                !got.iter().any(|e| e.name.contains("Sukhoi")),
                "{text}: {got:?}"
            );
        }
        // The firm itself still counts, and so does a maker before its
        // model's number.
        for (text, firm) in [
            ("Boeing 767 tankers will refuel the jets.", "Boeing"),
            ("Four Boeing 767s will be converted.", "Boeing"),
            ("The drone flies on a Klimov 117S engine.", "Klimov"),
            ("Sukhoi will upgrade the jets from 2025.", "Sukhoi"),
        ] {
            let got = found(text);
            assert!(got.iter().any(|e| e.name.contains(firm)), "{text}: {got:?}");
        }
    }

    #[test]
    fn an_indian_firms_cmd_title_opens_a_name() {
        let got = people("BEL CMD RK Varma said the radars would ship in June.");
        assert_eq!(got, ["RK Varma"]);
    }

    #[test]
    fn run_together_initials_after_a_title_open_a_name() {
        let got = people("Rear Admiral PK Menon said the ships would sail in June.");
        assert_eq!(got, ["PK Menon"]);
        // A country's code after a title is no initials.
        let got = people("US Magistrate Judge Ellen Park set a hearing.");
        assert!(!got.iter().any(|p| p.starts_with("US ")), "{got:?}");
    }

    #[test]
    fn a_title_followed_by_another_title_names_no_one() {
        // "Chief" then "Air Vice Marshal": the second title introduces
        // the name; "Air" is nobody.
        let got = people("Navy Chief Air Vice Marshal Tomas Ruiz inspected the base.");
        assert_eq!(got, ["Tomas Ruiz"]);
    }

    /// The entities the annotator finds in `text`.
    fn found(text: &str) -> Vec<crate::EntityInfo> {
        annotate(Gazetteer::builtin().unwrap(), &doc(text)).entities
    }

    fn people(text: &str) -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|e| e.kind == ActorType::Person)
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn an_arabic_article_joined_to_a_name_stays_in_it() {
        let got = people("Oil Minister Faisal Nasser al-Qadi said output would rise.");
        assert_eq!(got, vec!["Faisal Nasser al-Qadi".to_string()]);
    }

    #[test]
    fn names_listed_after_identified_as_are_people() {
        let got = people("The two guards were identified as Tomas Wekesa and Baraka.");
        assert_eq!(got, vec!["Tomas Wekesa".to_string(), "Baraka".to_string()]);
        // A thing so identified is none.
        let got = people("The wreck was identified as Kenyan-built Mamba, officials said.");
        assert!(got.is_empty(), "{got:?}");
        // Nor is a lone capitalised word elsewhere.
        let got = people("Officers from Baraka searched the camp.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_qualified_title_in_apposition_marks_a_person() {
        let got = people("Tomas Wekesa, project director of the corvette programme, spoke.");
        assert_eq!(got, vec!["Tomas Wekesa".to_string()]);
        // A list that goes on with "and" is no apposition.
        let got = people("Nairobi Pumps, and Chief Engineer of Kisumu Works spoke.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn initials_after_a_name_may_leave_out_the_last_dot() {
        let got = people("Sunil Mehra K.P, Director (Design) at the yard, said the hull is ready.");
        assert_eq!(got, vec!["Sunil Mehra K.P".to_string()]);
    }

    #[test]
    fn a_name_then_a_title_in_capitals_of_a_body_is_a_person() {
        let got = people("Tomas Otieno Wekesa CEO of Acme Marine said the hulls are ready.");
        assert_eq!(got, vec!["Tomas Otieno Wekesa".to_string()]);
        // A title of several words is no name.
        let got = people("The Hon'ble Prime Minister of Ruritania spoke.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_title_before_a_speech_verb_is_no_person() {
        // A title of roles.txt whose words are no titles alone.
        let got = people("Ties with Colombo will only grow, the Raksha Mantri said.");
        assert!(got.is_empty(), "{got:?}");
        // The same title before a name still finds the person.
        let got = people("Raksha Mantri Anil Kapoor said ties would grow.");
        assert_eq!(got, vec!["Anil Kapoor".to_string()]);
    }

    #[test]
    fn a_firm_of_a_country_is_one_name_and_its_base_no_part_of_it() {
        let d = doc("Pune-based Kestrel Optics Pvt Ltd will partner Kaveri Radio Corporation of India Limited on the sights.");
        let names: Vec<String> = annotate(Gazetteer::builtin().unwrap(), &d)
            .entities
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert!(
            names.contains(&"Kestrel Optics Pvt Ltd".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"Kaveri Radio Corporation of India Limited".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn a_division_named_after_a_known_firm_is_of_its_country() {
        let d = doc(
            "NEW DELHI: Lockheed Martin Rotary Systems Corp will supply parts to the Indian Navy.",
        );
        let a = annotate(Gazetteer::builtin().unwrap(), &d);
        let e = a
            .entities
            .iter()
            .find(|e| e.name.starts_with("Lockheed Martin Rotary"))
            .unwrap_or_else(|| panic!("{:?}", a.entities));
        assert_eq!(e.country.as_deref(), Some("US"));
        // A one-word parent ("Rheinmetall"), told in another country's story.
        let d =
            doc("BANGKOK: The Royal Thai Army will buy trucks from Rheinmetall Logistics Systems.");
        let a = annotate(Gazetteer::builtin().unwrap(), &d);
        let e = a
            .entities
            .iter()
            .find(|e| e.name.starts_with("Rheinmetall"))
            .unwrap_or_else(|| panic!("{:?}", a.entities));
        assert_eq!(e.country.as_deref(), Some("DE"));
    }

    #[test]
    fn a_country_code_in_a_designation_is_no_country() {
        let d = doc("Japan offered India the US-2 amphibian, a rival of the Canadian CL-415.");
        let a = annotate(Gazetteer::builtin().unwrap(), &d);
        let codes: Vec<&str> = a.countries.iter().map(|c| c.code.as_str()).collect();
        assert!(!codes.contains(&"US"), "{codes:?}");
        assert!(codes.contains(&"JP") && codes.contains(&"CA"), "{codes:?}");
    }

    #[test]
    fn a_trade_show_named_after_its_host_tells_where_not_who() {
        let d = doc("Embraer showed the C-390 to the Chilean Air Force at Aero India 2023.");
        let a = annotate(Gazetteer::builtin().unwrap(), &d);
        let named: Vec<&str> = a
            .countries
            .iter()
            .filter(|c| c.form != super::CountryForm::Place)
            .map(|c| c.code.as_str())
            .collect();
        assert!(!named.contains(&"IN"), "{named:?}");
    }

    #[test]
    fn a_negated_country_word_names_no_country() {
        let t = "The air force wants a non-Russian engine and anti-American feeling grows.";
        assert!(super::negated_origin(t, t.find("Russian").unwrap()));
        assert!(super::negated_origin(t, t.find("American").unwrap()));
        let t = "The air force wants a Russian engine.";
        assert!(!super::negated_origin(t, t.find("Russian").unwrap()));
    }

    #[test]
    fn a_country_word_after_a_compass_names_a_region() {
        let t = "Kestrel Optics hopes to win North American buyers for its drones.";
        assert!(super::names_a_region(t, t.find("American").unwrap()));
        let t = "The American firm sold drones to South Korea.";
        assert!(!super::names_a_region(t, t.find("American").unwrap()));
    }

    #[test]
    fn a_capitalised_service_before_a_noun_names_the_service() {
        assert!(super::modifies_a_noun(" jawans were killed"));
        assert!(super::modifies_a_noun(" helicopter crashed"));
        assert!(!super::modifies_a_noun(" of volunteers"));
        assert!(!super::modifies_a_noun(". It"));
    }

    #[test]
    fn a_centre_for_something_is_a_government_body() {
        let kinds = |t: &str| -> Vec<(String, ActorType)> {
            let d = doc(t);
            annotate(Gazetteer::builtin().unwrap(), &d)
                .entities
                .into_iter()
                .map(|e| (e.name, e.kind))
                .collect()
        };
        let got = kinds("The Centre for Naval Sensor Systems will test the sonar in May.");
        assert_eq!(
            got,
            [(
                "Centre for Naval Sensor Systems".to_string(),
                ActorType::GovernmentBody
            )]
        );
    }

    #[test]
    fn words_joined_by_and_before_a_body_head_make_one_name() {
        let names = |t: &str| -> Vec<String> {
            let d = doc(t);
            let mut n: Vec<String> = annotate(Gazetteer::builtin().unwrap(), &d)
                .entities
                .into_iter()
                .map(|e| e.name)
                .collect();
            n.sort();
            n
        };
        let t = "The Fisheries and Coastal Survey Directorate hired two trawlers.";
        assert_eq!(names(t), ["Fisheries and Coastal Survey Directorate"]);
        let t = "Officials of the Rail and Harbour Development Authority met in Goa.";
        assert_eq!(names(t), ["Rail and Harbour Development Authority"]);
        // A person, or a body with its own head, stands alone on the left.
        let t = "Helen Okafor and Coastal Survey Directorate staff met in Goa.";
        assert_eq!(names(t), ["Coastal Survey Directorate", "Helen Okafor"]);
        let t = "The Fisheries Ministry and Coastal Survey Directorate met in Goa.";
        assert_eq!(
            names(t),
            ["Coastal Survey Directorate", "Fisheries Ministry"]
        );
    }

    #[test]
    fn a_rank_without_its_dot_titles_a_person_but_a_generation_does_not() {
        assert_eq!(
            people("Army chief Gen Ravi Menon left for Cairo on Monday."),
            ["Ravi Menon"]
        );
        assert!(people("HAL calls the HJT-36 its Next Gen Jet Trainer.").is_empty());
        assert!(people("The navy wants a 5th Gen Stealth Fighter.").is_empty());
        assert!(people("The 1st gen Nuclear Attack boat was late.").is_empty());
    }

    #[test]
    fn a_run_that_starts_with_a_given_name_is_a_person() {
        let t = "Defence stocks rose after Helen Okafor sold her stake in the shipyard.";
        assert_eq!(people(t), ["Helen Okafor"]);
    }

    #[test]
    fn an_age_in_apposition_makes_a_person() {
        let t = "Two sailors, Tbilel Ourak (44) and Zorvan Kettal, 51, were flown to hospital.";
        assert_eq!(people(t), ["Tbilel Ourak", "Zorvan Kettal"]);
    }

    #[test]
    fn an_age_in_brackets_after_a_comma_makes_a_person() {
        let t = "The two held were Tbilel Ourak, (44) and Zorvan Kettal, (51), the police said.";
        assert_eq!(people(t), ["Tbilel Ourak", "Zorvan Kettal"]);
    }

    #[test]
    fn a_title_reaches_its_name_past_its_branch() {
        let t =
            "DIG (Coastal Range) Tbilel Ourak and the Director (Finance), Zorvan Kettal, spoke.";
        assert_eq!(people(t), ["Tbilel Ourak", "Zorvan Kettal"]);
        let t = "The force's DIG, Coastal Range, Tbilel Ourak, visited the post.";
        assert_eq!(people(t), ["Tbilel Ourak"]);
    }

    #[test]
    fn a_district_after_a_police_title_is_no_name_and_a_lower_case_dig_no_title() {
        assert!(people("Commissioner of Police Kettalpur had tweeted on Monday.").is_empty());
        assert!(people("SP Ourakgarh has taken cognisance of the blast.").is_empty());
        let t = "In a veiled dig at Ruritania, Foreign Affairs Minister Tbilel Ourak said ties were poor.";
        assert_eq!(people(t), ["Tbilel Ourak"]);
    }

    #[test]
    fn a_bodys_field_goes_on_past_and() {
        let names: Vec<String> =
            found("The Ministry of Fisheries and Ocean Farming met the Navy and Boeing.")
                .into_iter()
                .map(|e| e.name)
                .collect();
        assert!(
            names.contains(&"Ministry of Fisheries and Ocean Farming".to_string()),
            "{names:?}"
        );
        assert!(names.contains(&"Boeing".to_string()), "{names:?}");
    }

    #[test]
    fn a_partys_name_is_its_countrys_party_not_another_body() {
        let got: Vec<(String, Option<String>)> =
            found("The Nepali Congress and the CPN-UML quarrelled over the ministry.")
                .into_iter()
                .map(|e| (e.name, e.country))
                .collect();
        assert!(
            got.iter().all(|(_, c)| c.as_deref() == Some("NP")),
            "{got:?}"
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn a_name_a_speech_verb_leads_is_a_person() {
        let t = "Prices will rise, said Tbilel Ourak, Policy Board member.";
        assert_eq!(people(t), ["Tbilel Ourak"]);
    }

    #[test]
    fn a_hyphened_role_after_a_firms_possessive_makes_a_person() {
        let t = "Zorvan Kettal, Saab’s vice-president for Asia, confirmed the offer.";
        assert_eq!(people(t), ["Zorvan Kettal"]);
    }

    /// "Chief of the Naval Staff": the words after "of the" end the title;
    /// the name set beside it is the person.
    #[test]
    fn the_end_of_a_title_with_of_is_no_persons_name() {
        let t = "The Chief of the Naval Staff, Admiral Tomas Wekesa, met the envoys.";
        assert_eq!(people(t), ["Tomas Wekesa"]);
        let t = "The Chief of the Army Staff, General Ana Costa, arrived on Monday.";
        assert_eq!(people(t), ["Ana Costa"]);
    }

    #[test]
    fn a_role_in_apposition_after_a_body_makes_a_person() {
        let t = "Tbilel Ourak, CRPF Commandant, Kollam said the packets were seized.";
        assert_eq!(people(t), ["Tbilel Ourak"]);
        let t = "Zorvan Kettal, Asia Fellow at the Lowy Institute, said so.";
        assert_eq!(people(t), ["Zorvan Kettal"]);
    }

    #[test]
    fn a_title_reaches_its_name_past_its_abbreviation_or_its_body() {
        let t = "Retired Air Chief Marshal (ACM) Zorvan Kettal spoke first.";
        assert_eq!(people(t), ["Zorvan Kettal"]);
        let t = "Director of the Pacific Policy Centre, Tbilel Ourak, called it a mistake.";
        assert_eq!(people(t), ["Tbilel Ourak"]);
    }

    #[test]
    fn a_given_name_before_a_things_word_names_the_thing() {
        let t = "The Helen Okafor Memorial will open, and the Anna Berg sailed on Monday.";
        assert!(people(t).is_empty(), "{:?}", people(t));
    }

    #[test]
    fn the_country_an_office_is_of_is_its_holders() {
        // "of" names the office's country; an envoy "to" a country is
        // posted there, and stays of the story's country.
        let t = "Talks were held with the Deputy Minister of Chile, Ana Rojas, in Lima.";
        assert_eq!(person_country(t, "Ana Rojas").as_deref(), Some("CL"));
        let t = "The Vice President of Peru Luis Salas arrived on Monday.";
        assert_eq!(person_country(t, "Luis Salas").as_deref(), Some("PE"));
        let t = "Chile's Ambassador to Peru, Ana Rojas, met the minister.";
        assert_eq!(person_country(t, "Ana Rojas").as_deref(), Some("CL"));
    }

    #[test]
    fn affiliation_gives_a_persons_country() {
        let t = "Chilean officials met in Santiago.\n\nArgentine Foreign Ministry spokesman Mateo Ibarra told reporters the plan was premature.";
        assert_eq!(person_country(t, "Mateo Ibarra").as_deref(), Some("AR"));
    }
}

#[cfg(test)]
mod affiliation_tests {
    use crate::{annotate, EntityInfo, Gazetteer};
    use armswatch_register::{ActorType, Date, Document};

    /// The entities the annotator finds in `text`.
    fn entities(text: &str, published: &str) -> Vec<EntityInfo> {
        let d = Document {
            id: "t".into(),
            text: text.into(),
            published: Date::parse(published).ok(),
            outlet: None,
            title: None,
            url: None,
            origin: None,
            content_hash: String::new(),
        };
        annotate(Gazetteer::builtin().unwrap(), &d).entities
    }

    #[test]
    fn a_place_that_opens_a_titled_name_is_the_persons() {
        let g = Gazetteer::builtin().unwrap();
        let t = "He met his Kenyan counterpart Aden Duale in Aden on Monday.";
        let first = t.find("Aden").unwrap();
        assert!(super::opens_a_titled_name(g, t, first, first + 4));
        // The port itself, after a preposition, is a place.
        let second = t.rfind("Aden").unwrap();
        assert!(!super::opens_a_titled_name(g, t, second, second + 4));
    }

    #[test]
    fn a_known_figures_surname_is_the_figure() {
        let found = entities(
            "Modi has spoken to Russian President Putin twice this month.",
            "2024-02-05",
        );
        let putin = found.iter().find(|e| e.name.contains("Putin"));
        assert!(
            putin.is_some_and(|p| p.name == "Vladimir Putin" && p.country.as_deref() == Some("RU")),
            "{found:?}"
        );
    }

    #[test]
    fn a_body_then_a_title_then_a_name_are_two_entities() {
        let found = entities(
            "Central Bank of Kenya Governor Amina Odhiambo said rates would hold.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Amina Odhiambo"), "{names:?}");
        assert!(names.contains(&"Central Bank of Kenya"), "{names:?}");
        // A minister's title names a portfolio, not a body.
        let found = entities(
            "Mombasa Industries Minister Paul Otieno opened the plant.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["Paul Otieno"]);
    }

    #[test]
    fn a_country_before_a_lower_case_portfolio_ministry_names_it() {
        for (text, want, code) in [
            (
                "The Kenyan power ministry declined comment.",
                "Kenyan Power Ministry",
                "KE",
            ),
            (
                "Ghana’s trade ministry said talks went well.",
                "Ghanaian Trade Ministry",
                "GH",
            ),
            (
                "The Nigerian foreign office summoned the envoy.",
                "Nigerian Foreign Office",
                "NG",
            ),
        ] {
            let found = entities(text, "2024-02-05");
            let body = found.iter().find(|e| e.name == want);
            assert!(
                body.is_some_and(
                    |b| b.kind == ActorType::GovernmentBody && b.country.as_deref() == Some(code)
                ),
                "{text}: {found:?}"
            );
        }
        // Words of no portfolio make none.
        let found = entities("Kenya and its ministry disagreed.", "2024-02-05");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_place_before_lower_case_police_names_its_police() {
        let found = entities(
            "Kerala police detained two men near the port.",
            "2024-02-05",
        );
        let police = found.iter().find(|e| e.name == "Kerala Police");
        assert!(
            police.is_some_and(
                |p| p.kind == ActorType::GovernmentBody && p.country.as_deref() == Some("IN")
            ),
            "{found:?}"
        );
        // A police station is a place, not the force.
        let found = entities(
            "The men were taken to a Kerala police station.",
            "2024-02-05",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_surname_the_story_gave_in_full_is_no_known_figure() {
        // people.tsv knows a British Des Browne; this Browne is another.
        let found = entities(
            "Lieutenant Kofi Browne of the Ghana Navy reached Delhi on Monday. Lt Browne will study navigation.",
            "2024-02-05",
        );
        let browne = found.iter().find(|e| e.name.contains("Browne"));
        assert!(
            browne.is_some_and(|p| p.name == "Kofi Browne" && p.country.as_deref() != Some("GB")),
            "{found:?}"
        );
    }

    #[test]
    fn a_plural_title_names_each_surname_after_it() {
        let found = entities(
            "The minister has kept in touch with Presidents Ruto and Museveni of Kenya and Uganda.",
            "2024-02-05",
        );
        let people: Vec<&str> = found
            .iter()
            .filter(|e| e.kind == ActorType::Person)
            .map(|e| e.name.as_str())
            .collect();
        assert!(people.contains(&"Ruto"), "{found:?}");
        assert!(people.contains(&"Museveni"), "{found:?}");
        // A gathering named after the title is no person.
        let found = entities(
            "The Kenyan delegation attended the Defence Ministers Meeting in Arusha.",
            "2024-02-05",
        );
        assert!(
            found.iter().all(|e| e.kind != ActorType::Person),
            "{found:?}"
        );
    }

    #[test]
    fn an_operations_or_a_programmes_name_is_no_organisation() {
        let found = entities(
            "The Kenyan Navy joined Operation Sea Shield and the Coastal Radar Program with Tanzania Shipyards Ltd.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.iter().any(|n| n.contains("Operation")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("Program")), "{names:?}");
        assert!(
            names.iter().any(|n| n.contains("Tanzania Shipyards")),
            "{names:?}"
        );
    }

    #[test]
    fn a_firms_division_is_a_firm() {
        let found = entities(
            "The Lockheed Martin Orlando Division won an order for night sights.",
            "1988-02-05",
        );
        let division = found
            .iter()
            .find(|e| e.name.contains("Division"))
            .expect("the division is named");
        assert_eq!(division.kind, ActorType::Company, "{found:?}");
    }

    #[test]
    fn a_makers_weapon_with_a_head_word_is_no_firm() {
        // "Marine" heads firm names ("Acme Marine"), but after a maker and
        // a weapon it names a variant of the weapon.
        let found = entities(
            "Greece weighed the Dassault Rafale Marine bid against the F-35.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Dassault Aviation"), "{names:?}");
        assert!(names.iter().all(|n| !n.contains("Marine")), "{names:?}");
    }

    #[test]
    fn a_counted_weapon_phrase_in_capitals_is_no_firm() {
        let found = entities(
            "The Chilean Navy will buy 12 Unmanned Surface Vessel Systems from Elbit.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(names.iter().all(|n| !n.contains("Vessel")), "{names:?}");
        // Uncounted, a firm's name with the same last word stays a firm.
        let found = entities("Acme Aircraft Systems opened a plant.", "2024-02-05");
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Acme Aircraft Systems"), "{names:?}");
    }

    #[test]
    fn spokesman_takes_the_company_country() {
        let text = "LIMA, Peru — Israel’s Rafael Advanced Defense Systems lost the deal.\n\nAsked about the deal, Rafael spokesman Rudoy Ravit said it would be wrong to comment.";
        let found = entities(text, "2012-05-27");
        let p = found
            .iter()
            .find(|e| e.kind == ActorType::Person)
            .expect("a person");
        assert_eq!(p.name, "Rudoy Ravit");
        assert_eq!(p.country.as_deref(), Some("IL"), "{found:?}");
    }

    /// A firing range is a place, and "Range" ends many more phrases that
    /// name nothing ("Beyond Visual Range", "Extended Range"): no body.
    #[test]
    fn factories_and_depots_head_organisation_names_but_ranges_do_not() {
        let found = entities(
            "Shells from the Varangaon Ordnance Factory were fired at the Pokhran Field Range, \
             and the Nashik Aircraft Repair Depot refitted the jets.",
            "2024-02-05",
        );
        let kind = |name: &str| found.iter().find(|e| e.name == name).map(|e| e.kind);
        assert_eq!(
            kind("Varangaon Ordnance Factory"),
            Some(ActorType::GovernmentBody),
            "{found:?}"
        );
        assert_eq!(kind("Pokhran Field Range"), None, "{found:?}");
        assert_eq!(
            kind("Nashik Aircraft Repair Depot"),
            Some(ActorType::ArmedForce),
            "{found:?}"
        );
    }

    #[test]
    fn reuters_brackets_and_tickers_mark_firms() {
        let found = entities(
            "Shares of <Nordic Ferry Lines> rose, while Kestrel Verkstad <KEST ST> fell.",
            "1987-04-02",
        );
        let firm = |name: &str| found.iter().find(|e| e.name == name);
        let ferry = firm("Nordic Ferry Lines").expect("bracketed name");
        assert_eq!(ferry.kind, ActorType::Company);
        let kestrel = firm("Kestrel Verkstad").expect("name before a ticker");
        assert_eq!(kestrel.country.as_deref(), Some("SE"), "{found:?}");
        // The ticker itself is no entity.
        assert!(found.iter().all(|e| !e.name.contains("KEST")), "{found:?}");
    }

    #[test]
    fn an_acronym_before_and_is_a_body_of_its_own() {
        let found = entities(
            "The ministry told ISRO and Bharat Dynamics Ltd to cut costs, while Marlow and Hythe Ltd \
             bid alone.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Bharat Dynamics Limited"), "{names:?}");
        assert!(
            names.iter().all(|n| !n.starts_with("ISRO and")),
            "{names:?}"
        );
        // Two plain words joined by "and" before a suffix are one firm.
        assert!(names.contains(&"Marlow and Hythe Ltd"), "{names:?}");
    }

    #[test]
    fn banks_universities_and_institutes_keep_their_place_after_of() {
        let found = entities(
            "Loans from the National Bank of Greece and the Bank of Tokyo paid for \
             radars designed at the University of Madras.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        for want in [
            "National Bank of Greece",
            "Bank of Tokyo",
            "University of Madras",
        ] {
            assert!(names.contains(&want), "{want}: {names:?}");
        }
        // A ministry "of" a country is still the ministry, of that country.
        let found = entities("The Ministry of Defence of Chile signed.", "2024-02-05");
        assert!(
            found.iter().any(|e| e.name == "Ministry of Defence"),
            "{found:?}"
        );
    }

    #[test]
    fn a_title_with_of_is_no_organisation() {
        let found = entities(
            "Deputy Secretary of Defence Ana Lopes met the Ministry of Defence of Chile.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(names.iter().all(|n| !n.contains("Secretary")), "{names:?}");
        assert!(names.contains(&"Ministry of Defence"), "{names:?}");
    }

    #[test]
    fn a_nationality_and_a_sector_word_describe_an_industry() {
        let found = entities(
            "Saab will work with Brazilian Aerospace firms, and Brazilian Aerospace Systems Ltd \
             will build the wings.",
            "2024-02-05",
        );
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.contains(&"Brazilian Aerospace"), "{names:?}");
        assert!(!names.contains(&"Aerospace"), "{names:?}");
        assert!(
            names.iter().any(|n| n.contains("Aerospace Systems")),
            "{names:?}"
        );
    }

    #[test]
    fn a_maker_joined_to_a_model_number_is_no_firm_mention() {
        let firms = |text: &str| {
            entities(text, "2024-02-05")
                .iter()
                .filter(|e| e.kind == ActorType::Company)
                .map(|e| e.name.clone())
                .collect::<Vec<_>>()
        };
        assert!(firms("The air force flies twelve Sukhoi-30 jets.").is_empty());
        assert_eq!(firms("Sukhoi delivered twelve jets."), ["Sukhoi"]);
    }

    #[test]
    fn a_curly_possessive_before_a_role_gives_the_country() {
        // Another country named after the person must not win.
        for apostrophe in ["'", "’"] {
            let text = format!(
                "Kenya{apostrophe}s Defence Secretary Amina Wanjiru, Brazil's trade envoy \
                 Paulo Reis and others met on Monday."
            );
            let found = entities(&text, "2024-02-05");
            let p = found
                .iter()
                .find(|e| e.name == "Amina Wanjiru")
                .expect("the secretary");
            assert_eq!(p.country.as_deref(), Some("KE"), "{apostrophe}: {found:?}");
        }
    }

    #[test]
    fn another_countrys_senate_is_not_the_listed_one() {
        // The gazetteer lists "Senate" and "Congress" as the U.S. bodies'
        // short forms; an owner or a nationality says whose they are.
        for text in [
            "Ghana's Senate rejected the loan for the patrol boats.",
            "The Kenyan Congress rejected the loan for the patrol boats.",
        ] {
            let found = entities(text, "2024-02-05");
            assert!(
                found.iter().all(|e| e.country.as_deref() != Some("US")),
                "{text}: {found:?}"
            );
        }
        let found = entities(
            "The Senate rejected the loan for the patrol boats.",
            "2024-02-05",
        );
        assert!(
            found.iter().any(|e| e.country.as_deref() == Some("US")),
            "{found:?}"
        );
    }

    #[test]
    fn a_nationality_before_a_graded_role_gives_the_country() {
        // Published in a Kenyan paper: the home country must not win.
        for text in [
            "Ugandan Deputy Foreign Minister Amina Wanjiru visited Kenya.",
            "Uganda's First Deputy Foreign Minister Amina Wanjiru visited Kenya.",
        ] {
            let found = entities(text, "2024-02-05");
            let p = found
                .iter()
                .find(|e| e.name == "Amina Wanjiru")
                .expect("the minister");
            assert_eq!(p.country.as_deref(), Some("UG"), "{text}: {found:?}");
        }
    }
}

#[cfg(test)]
mod lookup_tests {
    use super::*;

    /// Non-overlapping mentions in text order, some touching, in sentences
    /// of 40 bytes, with a few capitals among them.
    fn mentions() -> Vec<CountryMention> {
        let mut out = Vec::new();
        let mut pos = 0;
        for i in 0..200usize {
            pos += i * 7 % 5; // gaps of 0..4 bytes
            let len = 2 + i * 3 % 6;
            out.push(CountryMention {
                start: pos,
                end: pos + len,
                code: format!("C{i}"),
                form: if i % 4 == 0 {
                    CountryForm::Capital
                } else {
                    CountryForm::Name
                },
                sentence: pos / 40,
            });
            pos += len;
        }
        out
    }

    #[test]
    fn searches_find_what_the_scans_found() {
        let cs = mentions();
        let max = cs.last().map_or(0, |c| c.end) + 10;
        for a in 0..max {
            for gap in [0, 2, 3, 60] {
                let si = a / 40;
                let scan = cs
                    .iter()
                    .rfind(|c| c.sentence == si && c.end <= a && a - c.end <= gap);
                assert_eq!(country_ending_near(&cs, si, a, gap), scan, "{a} {gap}");
            }
            assert_eq!(
                country_starting_at(&cs, a),
                cs.iter().find(|c| c.start == a)
            );
            for len in 0..12 {
                let b = a + len;
                for slack in [0, 4] {
                    let scan = cs.iter().find(|c| c.start <= a && b <= c.end + slack);
                    assert_eq!(country_around(&cs, a, b, slack), scan, "{a} {b} {slack}");
                }
                let scan = cs.iter().find(|c| {
                    c.start >= a
                        && c.end <= b
                        && !matches!(c.form, CountryForm::Capital | CountryForm::Place)
                });
                let found = countries_within(&cs, a, b)
                    .find(|c| !matches!(c.form, CountryForm::Capital | CountryForm::Place));
                assert_eq!(found, scan, "{a} {b}");
            }
        }
    }
}
