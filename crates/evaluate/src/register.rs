//! Scoring consolidation (entity resolution and deal merging) against
//! consolidation gold (`docs/register-gold.md`): TOML files naming
//! corpus articles by id, with entity clusters, must-not-merge pairs and
//! deal clusters.
//!
//! The scorer knows nothing of the register's types: the caller hands it
//! every name the resolver saw ([`PredMention`]) and every per-article
//! record of every consolidated deal ([`PredReport`]). Gold mentions are
//! matched to those (see [`match_entities`] and [`match_deals`]); a gold
//! mention that matches nothing is its own singleton cluster, which costs
//! recall and never precision.

use crate::{EvalError, Prf};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `(article id, name as written)`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EntityMention {
    pub doc: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldEntity {
    pub id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub mentions: Vec<EntityMention>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MustNotMerge {
    pub a: String,
    pub b: String,
    #[serde(default)]
    pub why: String,
}

/// `(article id, designation as written)`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DealMention {
    pub doc: String,
    pub system: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldDeal {
    pub id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub supplier: String,
    #[serde(default)]
    pub recipient: String,
    #[serde(default)]
    pub system: String,
    /// Not scored; read leniently (a number or text).
    #[serde(default)]
    pub quantity: Option<toml::Value>,
    #[serde(default)]
    pub year: Option<toml::Value>,
    #[serde(default)]
    pub mentions: Vec<DealMention>,
}

#[derive(Debug, Default, Deserialize)]
struct GoldFile {
    #[serde(default)]
    entity: Vec<GoldEntity>,
    #[serde(default)]
    must_not_merge: Vec<MustNotMerge>,
    #[serde(default)]
    deal: Vec<GoldDeal>,
}

/// One part of the gold (`train`, `test`, or a folder of TOML files).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterGold {
    pub name: String,
    pub entities: Vec<GoldEntity>,
    pub must_not_merge: Vec<MustNotMerge>,
    pub deals: Vec<GoldDeal>,
    /// Inconsistencies found on reading (an undeclared id): reported, not
    /// fatal, since a slip in one annotation should not hide the rest.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error(transparent)]
    Io(#[from] EvalError),
    #[error("{}: not consolidation gold: {message}", path.display())]
    Toml { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

fn io_error(path: &Path, source: std::io::Error) -> GoldError {
    GoldError::Io(EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, GoldError> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    Ok(v)
}

fn is_toml(p: &Path) -> bool {
    p.is_file() && p.extension().is_some_and(|x| x == "toml")
}

/// The parts of a gold folder: each subfolder holding TOML files (`train/`,
/// `test/`) is a part; TOML files directly in the folder make one more,
/// named after the folder.
pub fn load_register_gold(dir: &Path) -> Result<Vec<RegisterGold>, GoldError> {
    let mut parts = Vec::new();
    let entries = sorted_entries(dir)?;
    let top: Vec<PathBuf> = entries.iter().filter(|p| is_toml(p)).cloned().collect();
    if !top.is_empty() {
        let name = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        parts.push(load_part(dir, &name, &top)?);
    }
    for sub in entries.iter().filter(|p| p.is_dir()) {
        let files: Vec<PathBuf> = sorted_entries(sub)?
            .into_iter()
            .filter(|p| is_toml(p))
            .collect();
        if !files.is_empty() {
            let name = sub
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            parts.push(load_part(sub, &name, &files)?);
        }
    }
    if parts.is_empty() {
        return Err(GoldError::Invalid {
            path: dir.to_path_buf(),
            message: "no .toml gold files here or in its subfolders".into(),
        });
    }
    Ok(parts)
}

/// Reads one part. An entity or deal declared again (in another topic
/// file) is the same one: its mentions are joined.
fn load_part(dir: &Path, name: &str, files: &[PathBuf]) -> Result<RegisterGold, GoldError> {
    let mut part = RegisterGold {
        name: name.to_string(),
        ..RegisterGold::default()
    };
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
        let file: GoldFile = toml::from_str(&text).map_err(|e| GoldError::Toml {
            path: path.clone(),
            message: e.to_string(),
        })?;
        for e in file.entity {
            match part.entities.iter_mut().find(|x| x.id == e.id) {
                Some(x) => extend_unique(&mut x.mentions, e.mentions),
                None => part.entities.push(e),
            }
        }
        for d in file.deal {
            match part.deals.iter_mut().find(|x| x.id == d.id) {
                Some(x) => extend_unique(&mut x.mentions, d.mentions),
                None => part.deals.push(d),
            }
        }
        part.must_not_merge.extend(file.must_not_merge);
    }
    part.warnings = validate(dir, &part);
    Ok(part)
}

fn extend_unique<T: PartialEq>(v: &mut Vec<T>, more: Vec<T>) {
    for m in more {
        if !v.contains(&m) {
            v.push(m);
        }
    }
}

/// A state named by its ISO code ("IN") rather than an entity id.
fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic())
}

fn validate(dir: &Path, part: &RegisterGold) -> Vec<String> {
    let ids: BTreeSet<&str> = part.entities.iter().map(|e| e.id.as_str()).collect();
    let mut out = Vec::new();
    let at = dir.display();
    for m in &part.must_not_merge {
        for id in [&m.a, &m.b] {
            if !ids.contains(id.as_str()) {
                out.push(format!(
                    "{at}: must_not_merge names undeclared entity {id:?}"
                ));
            }
        }
    }
    for d in &part.deals {
        for (role, id) in [("supplier", &d.supplier), ("recipient", &d.recipient)] {
            if !id.is_empty() && !is_country_code(id) && !ids.contains(id.as_str()) {
                out.push(format!(
                    "{at}: deal {:?}: {role} {id:?} is not a declared entity",
                    d.id
                ));
            }
        }
    }
    out
}

impl RegisterGold {
    /// Every article the part names, sorted.
    pub fn documents(&self) -> BTreeSet<String> {
        let ents = self
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| m.doc.clone()));
        let deals = self
            .deals
            .iter()
            .flat_map(|d| d.mentions.iter().map(|m| m.doc.clone()));
        ents.chain(deals).collect()
    }

    fn entity(&self, id: &str) -> Option<&GoldEntity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

// ------------------------------------------------------------ predictions

/// A name the resolver saw in an article, and the entity it resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredMention {
    pub doc: String,
    pub name: String,
    pub entity: String,
}

/// One article's record of a consolidated transfer or contest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PredReport {
    /// Id of the consolidated entry.
    pub entry: String,
    pub doc: String,
    /// `transfer` or `contest`.
    pub kind: String,
    /// The system's designation as extracted.
    pub system: Option<String>,
    /// Supplier side: (name, country) of each supplier, bidder or winner.
    pub suppliers: Vec<(String, Option<String>)>,
    /// Recipient or buyer: (name, country).
    pub recipient: Option<(String, Option<String>)>,
    pub quantity: Option<u64>,
}

/// Lower-case words of letters and digits, leading "the" and possessive
/// "'s" dropped.
fn name_words(s: &str) -> Vec<String> {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '’' | '\'' => '\'',
            c if c.is_alphanumeric() => c.to_ascii_lowercase(),
            '.' => '.',
            _ => ' ',
        })
        .collect();
    let mut ws: Vec<String> = folded
        .split_whitespace()
        .map(|w| w.trim_end_matches("'s").replace(['.', '\''], ""))
        .filter(|w| !w.is_empty())
        .collect();
    if ws.first().is_some_and(|w| w == "the") {
        ws.remove(0);
    }
    ws
}

fn name_key(s: &str) -> String {
    name_words(s).join(" ")
}

/// Upper-case initials of a name of two or more words ("Defence Research
/// and Development Organisation" → "DRDO").
fn initials(s: &str) -> Option<String> {
    let ws: Vec<String> = name_words(s);
    if ws.len() < 2 {
        return None;
    }
    Some(
        ws.iter()
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase(),
    )
}

/// The predicted entity of each gold mention, in the order of
/// `gold.entities` and their mentions. Tried in turn, each in the same
/// article only: the name exactly as written; the same words (case,
/// punctuation, a leading "the" and a possessive ignored); the name as the
/// last words of one predicted name ("the Army" in an article that names
/// the "Indian Army"); an acronym of exactly one predicted name, or a name
/// whose acronym it is. A step that finds names of two different entities
/// matches nothing.
pub fn match_entities(gold: &RegisterGold, preds: &[PredMention]) -> Vec<Vec<Option<String>>> {
    let mut by_doc: HashMap<&str, Vec<&PredMention>> = HashMap::new();
    for p in preds {
        by_doc.entry(p.doc.as_str()).or_default().push(p);
    }
    gold.entities
        .iter()
        .map(|e| {
            e.mentions
                .iter()
                .map(|m| {
                    let cands = by_doc.get(m.doc.as_str()).map_or(&[][..], |v| v.as_slice());
                    match_one_entity(&m.name, cands)
                })
                .collect()
        })
        .collect()
}

fn match_one_entity(name: &str, cands: &[&PredMention]) -> Option<String> {
    let unique = |hits: Vec<&&PredMention>| -> Option<Option<String>> {
        let ids: BTreeSet<&str> = hits.iter().map(|p| p.entity.as_str()).collect();
        match ids.len() {
            0 => None,
            1 => Some(ids.into_iter().next().map(str::to_string)),
            _ => Some(None),
        }
    };
    let key = name_key(name);
    if key.is_empty() {
        return None;
    }
    let words = name_words(name);
    let tiers: [&dyn Fn(&PredMention) -> bool; 4] = [
        &|p| p.name == name,
        &|p| name_key(&p.name) == key,
        &|p| {
            let pw = name_words(&p.name);
            pw.len() > words.len() && pw.ends_with(&words)
        },
        &|p| {
            let compact = |s: &str| s.replace('.', "").to_uppercase();
            initials(&p.name).is_some_and(|i| i == compact(name))
                || initials(name).is_some_and(|i| i == compact(&p.name))
        },
    ];
    for tier in tiers {
        if let Some(hit) = unique(cands.iter().filter(|p| tier(p)).collect()) {
            return hit;
        }
    }
    None
}

/// Generic words of designations, which say nothing about which system.
const GENERIC_SYSTEM_WORDS: &[&str] = &[
    "aircraft",
    "jet",
    "jets",
    "fighter",
    "fighters",
    "transport",
    "helicopter",
    "helicopters",
    "missile",
    "missiles",
    "system",
    "systems",
    "gun",
    "guns",
    "howitzer",
    "howitzers",
    "tank",
    "tanks",
    "submarine",
    "submarines",
    "ship",
    "ships",
    "vessel",
    "vessels",
    "drone",
    "drones",
    "unit",
    "units",
    "the",
    "of",
    "and",
    "for",
    "new",
    "class",
    "type",
    "variant",
    "version",
    "mk",
    "block",
    "air",
    "defence",
    "defense",
    "combat",
    "multirole",
    "light",
    "heavy",
    "medium",
    "utility",
    "attack",
    "naval",
    "programme",
    "program",
    "project",
    "engine",
    "engines",
    "radar",
    "radars",
    "rifle",
    "rifles",
    "launcher",
    "launchers",
    "vehicle",
    "vehicles",
    "trainer",
    "trainers",
    "basic",
    "advanced",
];

/// Tokens that identify a designation: hyphens and spaces between letters
/// and digits closed up ("C-295 MW" → "c295mw"), generic words dropped.
fn system_tokens(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    let mut toks: Vec<String> = Vec::new();
    for w in lower.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/')) {
        let parts: Vec<&str> = w.split(['-', '/']).filter(|p| !p.is_empty()).collect();
        // "c-295" and "mig-29" are one token; "air-to-air" is not.
        let closed = parts.iter().any(|p| p.chars().any(|c| c.is_ascii_digit()));
        if closed {
            toks.push(parts.concat());
        } else {
            toks.extend(parts.iter().map(|p| p.to_string()));
        }
    }
    toks.retain(|t| t.chars().count() >= 2 && !GENERIC_SYSTEM_WORDS.contains(&t.as_str()));
    toks
}

/// How much two designations share: 2 for each shared token with a digit,
/// 1 for each shared word; a token matches another that starts with it
/// ("c295" and "c295mw").
pub fn system_overlap(a: &str, b: &str) -> u32 {
    let (ta, tb) = (system_tokens(a), system_tokens(b));
    let mut score = 0;
    for x in &ta {
        let hit = tb.iter().any(|y| {
            x == y
                || (x.chars().any(|c| c.is_ascii_digit())
                    && y.chars().any(|c| c.is_ascii_digit())
                    && (x.starts_with(y.as_str()) || y.starts_with(x.as_str())))
        });
        if hit {
            score += if x.chars().any(|c| c.is_ascii_digit()) {
                2
            } else {
                1
            };
        }
    }
    score
}

/// How a gold party is recognised in one article: the names its gold
/// entity goes by there, and its country.
struct PartyKey {
    names: BTreeSet<String>,
    country: Option<String>,
}

fn party_key(gold: &RegisterGold, id: &str, doc: &str) -> Option<PartyKey> {
    if id.is_empty() {
        return None;
    }
    if is_country_code(id) {
        return Some(PartyKey {
            names: BTreeSet::new(),
            country: Some(id.to_uppercase()),
        });
    }
    let e = gold.entity(id)?;
    Some(PartyKey {
        names: e
            .mentions
            .iter()
            .filter(|m| m.doc == doc)
            .map(|m| name_key(&m.name))
            .collect(),
        country: (!e.country.is_empty()).then(|| e.country.clone()),
    })
}

fn party_matches(key: &PartyKey, name: &str, country: Option<&String>) -> bool {
    key.names.contains(&name_key(name))
        || (key.names.is_empty() && key.country.is_some() && key.country.as_ref() == country)
}

/// Parties of a report the gold deal agrees with: 1 for the supplier side,
/// 1 for the recipient.
fn party_score(gold: &RegisterGold, d: &GoldDeal, doc: &str, r: &PredReport) -> u32 {
    let mut s = 0;
    if let Some(k) = party_key(gold, &d.supplier, doc) {
        if r.suppliers
            .iter()
            .any(|(n, c)| party_matches(&k, n, c.as_ref()))
        {
            s += 1;
        }
    }
    if let (Some(k), Some((n, c))) = (party_key(gold, &d.recipient, doc), &r.recipient) {
        if party_matches(&k, n, c.as_ref()) || (k.country.is_some() && k.country == *c) {
            s += 1;
        }
    }
    s
}

/// The predicted entry of each gold deal mention, in the order of
/// `gold.deals` and their mentions. Candidates are the records of the same
/// article; preferred are those of the gold's kind, then the record whose
/// designation shares most with the one written, then the one whose
/// parties agree most with the gold's, then the one of the gold's
/// quantity. A record with no designation is taken only when no record
/// shares one and every party the gold names agrees. A tie between records
/// of different entries matches nothing.
pub fn match_deals(gold: &RegisterGold, preds: &[PredReport]) -> Vec<Vec<Option<String>>> {
    diagnose_deals(gold, preds)
        .into_iter()
        .map(|deal| {
            deal.iter()
                .map(|o| o.matched().map(str::to_string))
                .collect()
        })
        .collect()
}

/// (same kind, designation overlap, parties agreeing, same quantity).
type MatchScore = (u32, u32, u32, u32);

/// How one gold deal mention fared, for reading where recall is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DealOutcome {
    /// Matched the article's record in this entry.
    Matched(String),
    /// Records of several entries fit equally well: a consolidation miss
    /// (one deal split) or two deals of one system in one article.
    Tie(Vec<String>),
    /// No record of the article fits: an extraction miss. `records` are the
    /// designations of the article's transfer and contest records (`-` for
    /// none named).
    NoRecord { records: Vec<String> },
}

impl DealOutcome {
    pub fn matched(&self) -> Option<&str> {
        match self {
            DealOutcome::Matched(e) => Some(e),
            _ => None,
        }
    }
}

fn diagnose_one_deal(
    gold: &RegisterGold,
    d: &GoldDeal,
    m: &DealMention,
    cands: &[&PredReport],
) -> DealOutcome {
    let known = [&d.supplier, &d.recipient]
        .iter()
        .filter(|id| party_key(gold, id, &m.doc).is_some())
        .count() as u32;
    let quantity = d.quantity.as_ref().and_then(|q| match q {
        toml::Value::Integer(i) => u64::try_from(*i).ok(),
        _ => None,
    });
    let scored: Vec<(MatchScore, &PredReport)> = cands
        .iter()
        .filter_map(|r| {
            let same_kind = u32::from(d.kind.is_empty() || r.kind == d.kind);
            let parties = party_score(gold, d, &m.doc, r);
            let sys = r.system.as_deref().map_or(0, |s| {
                system_overlap(&m.system, s).max(system_overlap(&d.system, s))
            });
            let same_quantity = u32::from(quantity.is_some() && r.quantity == quantity);
            let ok = sys > 0 || (r.system.is_none() && known > 0 && parties == known);
            ok.then_some(((same_kind, sys, parties, same_quantity), *r))
        })
        .collect();
    let Some(best) = scored.iter().map(|(s, _)| *s).max() else {
        let mut records: Vec<String> = cands
            .iter()
            .map(|r| r.system.clone().unwrap_or_else(|| "-".into()))
            .collect();
        records.sort();
        records.dedup();
        return DealOutcome::NoRecord { records };
    };
    let entries: BTreeSet<&str> = scored
        .iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, r)| r.entry.as_str())
        .collect();
    let mut entries: Vec<String> = entries.into_iter().map(str::to_string).collect();
    match entries.len() {
        1 => DealOutcome::Matched(entries.remove(0)),
        _ => DealOutcome::Tie(entries),
    }
}

/// The outcome of every gold deal mention, in the order of `gold.deals`
/// and their mentions (what [`match_deals`] reduces to entries).
pub fn diagnose_deals(gold: &RegisterGold, preds: &[PredReport]) -> Vec<Vec<DealOutcome>> {
    let mut by_doc: HashMap<&str, Vec<&PredReport>> = HashMap::new();
    for p in preds {
        by_doc.entry(p.doc.as_str()).or_default().push(p);
    }
    gold.deals
        .iter()
        .map(|d| {
            d.mentions
                .iter()
                .map(|m| {
                    let cands = by_doc.get(m.doc.as_str()).map_or(&[][..], |v| v.as_slice());
                    diagnose_one_deal(gold, d, m, cands)
                })
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------- scoring

/// An item's gold cluster and predicted cluster (`None`: unmatched, a
/// singleton of its own).
pub type Assignment = (String, Option<String>);

/// Pairwise and B-cubed scores of a clustering of items.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClusterScore {
    pub items: usize,
    pub matched: usize,
    pub pairwise: Prf,
    pub bcubed: Prf,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn make_prf(p: f64, r: f64) -> Prf {
    Prf {
        precision: p,
        recall: r,
        f1: f1(p, r),
    }
}

/// Scores items, each with its gold and predicted cluster. Unmatched items
/// are singletons. Pairwise: of the pairs put together, the share gold puts
/// together (precision), and of the gold's pairs, the share put together
/// (recall); 1 where there are no pairs. B-cubed: per item, the share of
/// its predicted cluster in its gold cluster and the reverse, averaged.
pub fn cluster_score(items: &[Assignment]) -> ClusterScore {
    let n = items.len();
    let pred_of = |i: usize| -> Option<&str> { items[i].1.as_deref() };
    let mut same_pred = 0u64;
    let mut same_gold = 0u64;
    let mut both = 0u64;
    let mut bp = 0.0;
    let mut br = 0.0;
    for i in 0..n {
        let (mut pc, mut gc, mut bc) = (0u64, 0u64, 0u64);
        for j in 0..n {
            let g = items[i].0 == items[j].0;
            let p = i == j || (pred_of(i).is_some() && pred_of(i) == pred_of(j));
            gc += u64::from(g);
            pc += u64::from(p);
            bc += u64::from(g && p);
            if j > i {
                same_gold += u64::from(g);
                same_pred += u64::from(p);
                both += u64::from(g && p);
            }
        }
        bp += bc as f64 / pc as f64;
        br += bc as f64 / gc as f64;
    }
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let avg = |x: f64| if n == 0 { 1.0 } else { x / n as f64 };
    ClusterScore {
        items: n,
        matched: items.iter().filter(|x| x.1.is_some()).count(),
        pairwise: make_prf(ratio(both, same_pred), ratio(both, same_gold)),
        bcubed: make_prf(avg(bp), avg(br)),
    }
}

/// A must-not-merge pair the prediction merged, and the entity it made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub a: String,
    pub b: String,
    pub why: String,
    pub entity: String,
}

/// What [`score_register`] finds for one part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterScore {
    pub part: String,
    pub entities: ClusterScore,
    pub deals: ClusterScore,
    pub must_not_merge: usize,
    pub violations: Vec<Violation>,
    /// Gold mentions that matched nothing: `(cluster, doc, name)`.
    pub unmatched_entities: Vec<(String, String, String)>,
    pub unmatched_deals: Vec<(String, String, String)>,
    /// Gold clusters split or joined, for reading errors:
    /// `(gold id, predicted ids)` where one gold cluster maps to several.
    pub split_deals: Vec<(String, Vec<String>)>,
    /// Predicted deals holding mentions of several gold deals.
    pub joined_deals: Vec<(String, Vec<String>)>,
    /// Gold entities whose mentions went to several predicted entities.
    pub split_entities: Vec<(String, Vec<String>)>,
    /// Every gold deal mention and how it fared: `(deal, doc, designation,
    /// outcome)`, in the gold's order.
    pub deal_outcomes: Vec<(String, String, String, DealOutcome)>,
    /// The deal scores if every mention that has a fitting record (matched
    /// or tied) were clustered as the gold does: the most consolidation
    /// can reach with this extraction.
    pub deal_ceiling: ClusterScore,
}

/// Scores one part of the gold against predictions.
pub fn score_register(
    gold: &RegisterGold,
    names: &[PredMention],
    reports: &[PredReport],
) -> RegisterScore {
    let mut out = RegisterScore {
        part: gold.name.clone(),
        must_not_merge: gold.must_not_merge.len(),
        ..RegisterScore::default()
    };
    let pred_of = score_entities(gold, names, &mut out);
    out.violations = violations(gold, &pred_of);
    score_deals(gold, reports, &mut out);
    out
}

/// Gold clusters mapped to several predicted ones (or the reverse).
fn several(m: BTreeMap<String, BTreeSet<String>>) -> Vec<(String, Vec<String>)> {
    m.into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

/// Scores entity mentions; returns the predicted entities of each gold one.
fn score_entities(
    gold: &RegisterGold,
    names: &[PredMention],
    out: &mut RegisterScore,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut items = Vec::new();
    let mut pred_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (e, ms) in gold.entities.iter().zip(match_entities(gold, names)) {
        for (m, p) in e.mentions.iter().zip(ms) {
            match &p {
                Some(p) => {
                    pred_of.entry(e.id.clone()).or_default().insert(p.clone());
                }
                None => out
                    .unmatched_entities
                    .push((e.id.clone(), m.doc.clone(), m.name.clone())),
            }
            items.push((e.id.clone(), p));
        }
    }
    out.split_entities = several(pred_of.clone());
    out.entities = cluster_score(&items);
    pred_of
}

/// Must-not-merge pairs whose mentions share a predicted entity.
fn violations(gold: &RegisterGold, pred_of: &BTreeMap<String, BTreeSet<String>>) -> Vec<Violation> {
    let mut out = Vec::new();
    for m in &gold.must_not_merge {
        let (Some(a), Some(b)) = (pred_of.get(&m.a), pred_of.get(&m.b)) else {
            continue;
        };
        if let Some(shared) = a.intersection(b).next() {
            out.push(Violation {
                a: m.a.clone(),
                b: m.b.clone(),
                why: m.why.clone(),
                entity: shared.clone(),
            });
        }
    }
    out
}

fn score_deals(gold: &RegisterGold, reports: &[PredReport], out: &mut RegisterScore) {
    let mut items = Vec::new();
    let mut ceiling = Vec::new();
    let mut gold_to_pred: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pred_to_gold: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (d, ms) in gold.deals.iter().zip(diagnose_deals(gold, reports)) {
        for (m, outcome) in d.mentions.iter().zip(ms) {
            let p = outcome.matched().map(str::to_string);
            let fits = !matches!(outcome, DealOutcome::NoRecord { .. });
            ceiling.push((d.id.clone(), fits.then(|| d.id.clone())));
            out.deal_outcomes
                .push((d.id.clone(), m.doc.clone(), m.system.clone(), outcome));
            match &p {
                Some(p) => {
                    gold_to_pred
                        .entry(d.id.clone())
                        .or_default()
                        .insert(p.clone());
                    pred_to_gold
                        .entry(p.clone())
                        .or_default()
                        .insert(d.id.clone());
                }
                None => out
                    .unmatched_deals
                    .push((d.id.clone(), m.doc.clone(), m.system.clone())),
            }
            items.push((d.id.clone(), p));
        }
    }
    out.split_deals = several(gold_to_pred);
    out.joined_deals = several(pred_to_gold);
    out.deals = cluster_score(&items);
    out.deal_ceiling = cluster_score(&ceiling);
}

fn prf_text(p: Prf) -> String {
    format!("P {:.3}  R {:.3}  F1 {:.3}", p.precision, p.recall, p.f1)
}

impl RegisterScore {
    /// The figures as text; `verbose` lists unmatched mentions and the
    /// deals split or joined.
    pub fn report(&self, verbose: bool) -> String {
        let mut s = String::new();
        let line = |s: &mut String, what: &str, c: &ClusterScore| {
            let _ = writeln!(
                s,
                "  {what:<9} pairwise {}   B-cubed {}   ({} gold mentions, {} matched, {} unmatched counted as singletons)",
                prf_text(c.pairwise),
                prf_text(c.bcubed),
                c.items,
                c.matched,
                c.items - c.matched
            );
        };
        let _ = writeln!(s, "part {}:", self.part);
        line(&mut s, "entities", &self.entities);
        line(&mut s, "deals", &self.deals);
        let (mut tied, mut missing) = (0, 0);
        for (_, _, _, o) in &self.deal_outcomes {
            match o {
                DealOutcome::Matched(_) => {}
                DealOutcome::Tie(_) => tied += 1,
                DealOutcome::NoRecord { .. } => missing += 1,
            }
        }
        let _ = writeln!(
            s,
            "  deal mentions unmatched: {missing} with no fitting record (extraction), {tied} tied between entries; B-cubed if the rest were clustered as gold: {}",
            prf_text(self.deal_ceiling.bcubed)
        );
        let _ = writeln!(
            s,
            "  must-not-merge pairs merged: {} of {}",
            self.violations.len(),
            self.must_not_merge
        );
        for v in &self.violations {
            let _ = writeln!(s, "    {} + {} as {} ({})", v.a, v.b, v.entity, v.why);
        }
        if verbose {
            for (id, doc, name) in &self.unmatched_entities {
                let _ = writeln!(s, "  unmatched entity mention: {id}: {doc} {name:?}");
            }
            for (id, doc, sys) in &self.unmatched_deals {
                let _ = writeln!(s, "  unmatched deal mention: {id}: {doc} {sys:?}");
            }
            for (g, ps) in &self.split_entities {
                let _ = writeln!(s, "  entity {g} split over {}", ps.join(", "));
            }
            for (g, ps) in &self.split_deals {
                let _ = writeln!(s, "  deal {g} split over {}", ps.join(", "));
            }
            for (p, gs) in &self.joined_deals {
                let _ = writeln!(s, "  entry {p} joins deals {}", gs.join(", "));
            }
            self.deal_listing(&mut s);
        }
        s
    }

    /// Per gold deal, the entries its mentions fell into, the ties and the
    /// mentions no record fits.
    fn deal_listing(&self, s: &mut String) {
        let mut by_deal: BTreeMap<&str, Vec<&(String, String, String, DealOutcome)>> =
            BTreeMap::new();
        for o in &self.deal_outcomes {
            by_deal.entry(o.0.as_str()).or_default().push(o);
        }
        for (deal, os) in by_deal {
            let mut entries: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            let mut rest: Vec<String> = Vec::new();
            for (_, doc, sys, o) in os.iter().copied() {
                match o {
                    DealOutcome::Matched(e) => entries.entry(e).or_default().push(doc),
                    DealOutcome::Tie(es) => rest.push(format!("tie {}: {doc}", es.join(" | "))),
                    DealOutcome::NoRecord { records } => rest.push(format!(
                        "no record: {doc} {sys:?} (the article's records: {})",
                        if records.is_empty() {
                            "none".to_string()
                        } else {
                            records.join("; ")
                        }
                    )),
                }
            }
            let _ = writeln!(
                s,
                "  deal {deal}: {} mentions in {} entries",
                os.len(),
                entries.len()
            );
            for (e, docs) in entries {
                let _ = writeln!(s, "    {e}: {}", docs.join(", "));
            }
            for r in rest {
                let _ = writeln!(s, "    {r}");
            }
        }
    }
}

#[cfg(test)]
#[path = "register_tests.rs"]
mod tests;

// ------------------------------------------------------------ reliability

/// A party of a consolidated entry: name, country, whether a state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PredParty {
    pub name: String,
    pub country: Option<String>,
    pub state: bool,
}

/// A consolidated deal as shown: its confidence and parties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PredEntry {
    pub id: String,
    pub confidence: f64,
    /// Suppliers (transfers) or the winner (contests).
    pub suppliers: Vec<PredParty>,
    /// Recipient or buyer.
    pub recipient: PredParty,
}

/// Share right per confidence bucket, and the Brier score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reliability {
    /// `(low, high, entries, right)` for buckets [0, 0.2), ... [0.8, 1].
    pub buckets: Vec<(f64, f64, usize, usize)>,
    pub brier: f64,
    pub judged: usize,
}

/// Whether a shown party is the gold's `id` (an entity of the part or a
/// state code): one of its names, or its country when the party shown is
/// a state.
fn party_agrees(gold: &RegisterGold, id: &str, p: &PredParty) -> bool {
    if is_country_code(id) {
        return p.country.as_deref() == Some(&id.to_uppercase());
    }
    let Some(e) = gold.entity(id) else {
        return false;
    };
    let key = name_key(&p.name);
    e.mentions.iter().any(|m| name_key(&m.name) == key)
        || (p.state && !e.country.is_empty() && p.country.as_deref() == Some(&e.country))
}

/// Judges every entry a gold deal mention matched: right when all its
/// matched mentions are of one gold deal and its recipient and (when the
/// gold names one) supplier agree with that deal's. Then buckets the
/// entries' confidence and computes the Brier score.
pub fn reliability(
    gold: &RegisterGold,
    reports: &[PredReport],
    entries: &[PredEntry],
) -> Reliability {
    let mut deals_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (di, ms) in match_deals(gold, reports).into_iter().enumerate() {
        for p in ms.into_iter().flatten() {
            deals_of.entry(p).or_default().insert(di);
        }
    }
    let mut judged: Vec<(f64, bool)> = Vec::new();
    for e in entries {
        let Some(ds) = deals_of.get(&e.id) else {
            continue;
        };
        let right = ds.len() == 1
            && ds.iter().all(|&di| {
                let d = &gold.deals[di];
                party_agrees(gold, &d.recipient, &e.recipient)
                    && (d.supplier.is_empty()
                        || e.suppliers
                            .iter()
                            .any(|s| party_agrees(gold, &d.supplier, s)))
            });
        judged.push((e.confidence.clamp(0.0, 1.0), right));
    }
    let mut buckets: Vec<(f64, f64, usize, usize)> = (0..5)
        .map(|i| (i as f64 * 0.2, (i + 1) as f64 * 0.2, 0, 0))
        .collect();
    for &(c, right) in &judged {
        let i = ((c * 5.0).floor() as usize).min(4);
        buckets[i].2 += 1;
        buckets[i].3 += usize::from(right);
    }
    let n = judged.len();
    let brier = if n == 0 {
        0.0
    } else {
        judged
            .iter()
            .map(|&(c, r)| (c - f64::from(u8::from(r))).powi(2))
            .sum::<f64>()
            / n as f64
    };
    Reliability {
        buckets,
        brier,
        judged: n,
    }
}

impl Reliability {
    pub fn report(&self) -> String {
        let mut s = format!(
            "  confidence of the {} deals a gold mention matched (right: one gold deal, its recipient and supplier): Brier {:.3}\n",
            self.judged, self.brier
        );
        for (lo, hi, n, right) in &self.buckets {
            let share = if *n == 0 {
                "-".to_string()
            } else {
                format!("{:.2}", *right as f64 / *n as f64)
            };
            let _ = writeln!(
                s,
                "    {lo:.1}-{hi:.1}: {n:>4} entries, share right {share}"
            );
        }
        s
    }
}
