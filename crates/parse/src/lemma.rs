//! Lemmas: a table learned from the treebank ((form, UPOS) → lemma, only
//! where the lemma is not the form itself), the irregular verbs of
//! `data/parser/irregular_verbs.tsv`, then suffix rules learned from the
//! treebank for unseen words ("-ied" → "-y" for verbs, "-s" → "" for
//! nouns), longest suffix first.

use crate::hash;
use crate::upos::Upos;
use rustc_hash::FxHashMap;

const IRREGULAR: &str = include_str!("../../../data/parser/irregular_verbs.tsv");
const IRREGULAR_NOUNS: &str = include_str!("../../../data/parser/irregular_nouns.tsv");

/// Longest suffix a rule is learned for, in characters.
const MAX_SUFFIX: usize = 5;

/// A suffix rule: for `upos` words ending in `suffix`, remove `strip`
/// characters and append `append`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rule {
    pub upos: Upos,
    pub suffix: String,
    pub strip: u8,
    pub append: String,
}

/// A table entry: lower-cased form and tag → lemma.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub form: String,
    pub upos: Upos,
    pub lemma: String,
}

/// The lemmatizer.
#[derive(Default)]
pub struct Lemmatizer {
    entries: Vec<Entry>,
    rules: Vec<Rule>,
    /// (hash of the lower-cased form, tag) → entry.
    table: FxHashMap<(u64, Upos), usize>,
    /// (hash of the suffix, tag) → rule.
    by_suffix: FxHashMap<(u64, Upos), usize>,
    irregular: FxHashMap<String, String>,
    /// Noun plurals the table and rules get wrong ("navies").
    irregular_nouns: FxHashMap<String, String>,
    /// Lemmas of the verbs the table and the irregular verbs know: a base
    /// form ("bring") is its own lemma, and a stem a suffix rule leaves
    /// may want its "e" back ("upgrad" + "e").
    known_verbs: rustc_hash::FxHashSet<String>,
}

fn irregular() -> FxHashMap<String, String> {
    forms_to_lemmas(IRREGULAR)
}

/// Reads a table of lemmas, each followed by its forms (tab-separated,
/// alternatives split by '/'), into form → lemma.
fn forms_to_lemmas(text: &str) -> FxHashMap<String, String> {
    let mut out = FxHashMap::default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let Some(lemma) = cols.next().filter(|l| !l.is_empty()) else {
            continue;
        };
        for form in cols.flat_map(|c| c.split('/')) {
            out.entry(form.to_string())
                .or_insert_with(|| lemma.to_string());
        }
    }
    out
}

fn verbal(u: Upos) -> bool {
    matches!(u, Upos::Verb | Upos::Aux)
}

impl Lemmatizer {
    /// A lemmatizer from its table and rules (as stored in the model).
    pub fn new(mut entries: Vec<Entry>, mut rules: Vec<Rule>) -> Lemmatizer {
        // Treebank rows with no lemma ("_") teach nothing: the rules do better.
        entries.retain(|e| !e.lemma.is_empty() && e.lemma != "_");
        entries.sort();
        entries.dedup_by(|a, b| a.form == b.form && a.upos == b.upos);
        rules.sort();
        rules.dedup_by(|a, b| a.suffix == b.suffix && a.upos == b.upos);
        let table = entries
            .iter()
            .enumerate()
            .map(|(i, e)| ((hash::string(&e.form), e.upos), i))
            .collect();
        let by_suffix = rules
            .iter()
            .enumerate()
            .map(|(i, r)| ((hash::string(&r.suffix), r.upos), i))
            .collect();
        let irregular = irregular();
        let known_verbs = entries
            .iter()
            .filter(|e| verbal(e.upos))
            .map(|e| e.lemma.clone())
            .chain(irregular.values().cloned())
            .collect();
        Lemmatizer {
            entries,
            rules,
            table,
            by_suffix,
            irregular,
            irregular_nouns: forms_to_lemmas(IRREGULAR_NOUNS),
            known_verbs,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The lemma of `form` tagged `upos`.
    pub fn lemma(&self, form: &str, upos: Upos) -> String {
        let lower = form.to_lowercase();
        if upos == Upos::Noun {
            if let Some(l) = self.irregular_nouns.get(&lower) {
                return l.clone();
            }
        }
        if let Some(&i) = self.table.get(&(hash::string(&lower), upos)) {
            return self.entries[i].lemma.clone();
        }
        if upos == Upos::Propn {
            return form.to_string();
        }
        if verbal(upos) {
            if let Some(l) = self.irregular.get(&lower) {
                return l.clone();
            }
            if self.known_verbs.contains(&lower) {
                return lower;
            }
        }
        match self.by_rule(&lower, upos) {
            Some(stem) if verbal(upos) && !self.known_verbs.contains(&stem) => {
                // Only where the rule cut the ending alone: "scrapped" is
                // "scrap" (a doubled consonant undone), never "scrape".
                let cut_alone = ["ed", "ing"]
                    .iter()
                    .any(|end| lower.strip_suffix(end) == Some(stem.as_str()));
                let with_e = format!("{stem}e");
                // And where a rule restored an `e` the verb lacks:
                // "floated" is "float", not "floate".
                let bare = ["ed", "ing"]
                    .iter()
                    .filter_map(|end| lower.strip_suffix(end))
                    .find(|b| self.known_verbs.contains(*b));
                if cut_alone && self.known_verbs.contains(&with_e) {
                    with_e
                } else if let Some(bare) = bare {
                    bare.to_string()
                } else {
                    stem
                }
            }
            Some(l) => l,
            None => lower,
        }
    }

    fn by_rule(&self, lower: &str, upos: Upos) -> Option<String> {
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for k in (1..=MAX_SUFFIX.min(chars.len().saturating_sub(2))).rev() {
            let at = chars[chars.len() - k].0;
            let Some(&i) = self.by_suffix.get(&(hash::string(&lower[at..]), upos)) else {
                continue;
            };
            let r = &self.rules[i];
            let keep = chars.len().checked_sub(usize::from(r.strip))?;
            let cut = chars.get(keep).map_or(lower.len(), |&(b, _)| b);
            let lemma = format!("{}{}", &lower[..cut], r.append);
            // A rule learnt from a row without a lemma leaves nothing.
            return (!lemma.is_empty() && !lemma.contains('_')).then_some(lemma);
        }
        None
    }
}

/// The default lemma: the form itself for proper nouns, else lower case.
fn default_lemma(form: &str, upos: Upos) -> String {
    if upos == Upos::Propn {
        form.to_string()
    } else {
        form.to_lowercase()
    }
}

/// Learns a lemmatizer from (form, UPOS, lemma) triples.
pub fn learn<'a>(words: impl Iterator<Item = (&'a str, Upos, &'a str)>) -> Lemmatizer {
    let mut table: FxHashMap<(String, Upos), FxHashMap<String, u32>> = FxHashMap::default();
    let mut rules: FxHashMap<(String, Upos), FxHashMap<(u8, String), u32>> = FxHashMap::default();
    for (form, upos, lemma) in words {
        let lower = form.to_lowercase();
        *table
            .entry((lower.clone(), upos))
            .or_default()
            .entry(lemma.to_string())
            .or_default() += 1;
        if let Some(rule) = rule_of(&lower, lemma) {
            for suffix in suffixes(&lower) {
                *rules
                    .entry((suffix, upos))
                    .or_default()
                    .entry(rule.clone())
                    .or_default() += 1;
            }
        }
    }
    let entries = table
        .into_iter()
        .filter_map(|((form, upos), lemmas)| {
            let (lemma, _) = most_frequent(lemmas)?;
            (lemma != default_lemma(&form, upos)).then_some(Entry { form, upos, lemma })
        })
        .collect();
    let best: FxHashMap<(String, Upos), (u8, String)> = rules
        .into_iter()
        .filter_map(|(key, counts)| {
            let total: u32 = counts.values().sum();
            let (rule, n) = most_frequent(counts)?;
            (n >= 3 && n * 10 >= total * 6).then_some((key, rule))
        })
        .collect();
    let rules = best
        .iter()
        .filter(|((suffix, upos), rule)| !same_as_shorter(&best, suffix, *upos, rule))
        .map(|((suffix, upos), (strip, append))| Rule {
            upos: *upos,
            suffix: suffix.clone(),
            strip: *strip,
            append: append.clone(),
        })
        .collect();
    Lemmatizer::new(entries, rules)
}

/// A rule the next shorter suffix already gives (identity rules included:
/// "-ss" keeps "glass" whole even though "-s" is stripped).
fn same_as_shorter(
    best: &FxHashMap<(String, Upos), (u8, String)>,
    suffix: &str,
    upos: Upos,
    rule: &(u8, String),
) -> bool {
    let mut chars = suffix.chars();
    chars.next();
    let shorter = chars.as_str();
    !shorter.is_empty() && best.get(&(shorter.to_string(), upos)) == Some(rule)
}

fn most_frequent<K: Ord + Clone>(counts: FxHashMap<K, u32>) -> Option<(K, u32)> {
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
}

fn suffixes(lower: &str) -> Vec<String> {
    let chars: Vec<char> = lower.chars().collect();
    (1..=MAX_SUFFIX.min(chars.len().saturating_sub(2)))
        .map(|k| chars[chars.len() - k..].iter().collect())
        .collect()
}

/// The edit turning `lower` into `lemma` at its end, if the lemma is an
/// all-lower-case word sharing a stem with the form.
fn rule_of(lower: &str, lemma: &str) -> Option<(u8, String)> {
    if lemma.chars().any(char::is_uppercase) {
        return None;
    }
    let f: Vec<char> = lower.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    if common < 2 || f.len() - common > 4 {
        return None;
    }
    Some((
        u8::try_from(f.len() - common).ok()?,
        l[common..].iter().collect(),
    ))
}
