//! Scoring a register against gold: a faithful port of
//! `shared/eval/score.py` (and the corpus loading of `evaluate.py`).
//!
//! Records are plain `serde_json::Value`s, as the scorer reads them: gold
//! files carry fields the register types do not (`optional`, `*_any`,
//! `note`), and a prediction is judged on what it says, not on whether it
//! parses as a register record. The semantics are Python's throughout (see
//! `py`), so that this scorer and score.py agree number for number.

mod py;
pub mod register;
mod rules;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use py::At;
use rules::Aliases;

/// The record kinds scored as events (entities are scored apart).
pub const KINDS: [&str; 3] = ["transfer", "contest", "engagement"];

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: not JSON: {source}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

fn read_text(path: &Path) -> Result<String, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(py::universal_newlines(&text).into_owned())
}

/// score.py's `load`: one JSON value per non-blank line.
pub fn load_jsonl(path: impl AsRef<Path>) -> Result<Vec<Value>, EvalError> {
    let path = path.as_ref();
    let text = read_text(path)?;
    let mut records = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line = line.trim_matches(py::is_space);
        if line.is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|source| EvalError::Json {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        records.push(value);
    }
    Ok(records)
}

/// Gold records and the articles they annotate, as evaluate.py gathers them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldSet {
    /// Every record of every `NAME.gold.jsonl`, in file-name order.
    pub gold: Vec<Value>,
    /// One corpus line per gold file with a `NAME.txt` or `NAME.html` beside
    /// it: `{"id", "text", "published", "outlet", "title", "format"}`.
    pub articles: Vec<Value>,
}

impl GoldSet {
    /// The articles as a JSON Lines corpus, one line each.
    pub fn corpus_jsonl(&self) -> String {
        let mut out = String::new();
        for a in &self.articles {
            out.push_str(&a.to_string());
            out.push('\n');
        }
        out
    }
}

/// evaluate.py's loading of one data folder. As there, a gold file with no
/// text beside it still contributes its gold records (which then count as
/// misses); the article id is the `document` record's `doc` when the gold
/// has one, else the file stem; text is read with universal newlines.
pub fn load_gold_dir(dir: impl AsRef<Path>) -> Result<GoldSet, EvalError> {
    load_gold_dir_with(dir, &Corpus::default())
}

/// Articles of a JSON Lines corpus by id, for gold folders that keep only
/// annotations and name each article by its corpus id (`tests/corpus-gold`).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    by_id: HashMap<String, Value>,
}

impl Corpus {
    /// Reads `.jsonl` files, or every `.jsonl` file of a folder.
    pub fn load(paths: &[PathBuf]) -> Result<Corpus, EvalError> {
        let mut corpus = Corpus::default();
        for path in paths {
            let files = if path.is_dir() {
                let mut v: Vec<PathBuf> = std::fs::read_dir(path)
                    .map_err(|source| EvalError::Io {
                        path: path.clone(),
                        source,
                    })?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                    .collect();
                v.sort();
                v
            } else {
                vec![path.clone()]
            };
            for file in files {
                for article in load_jsonl(&file)? {
                    if let Some(id) = article.get("id").and_then(Value::as_str) {
                        corpus.by_id.insert(id.to_string(), article);
                    }
                }
            }
        }
        Ok(corpus)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The corpus line of an article: `{"id", "text", "published", ...}`.
    pub fn article(&self, id: &str) -> Option<&Value> {
        self.by_id.get(id)
    }

    fn text(&self, id: &str) -> Option<&str> {
        self.by_id.get(id)?.get("text")?.as_str()
    }

    fn field(&self, id: &str, key: &str) -> Option<&Value> {
        self.by_id.get(id)?.get(key)
    }
}

/// [`load_gold_dir`], taking an article's text from `corpus` (by the gold's
/// document id) when no `NAME.txt`/`NAME.html` lies beside its gold file.
pub fn load_gold_dir_with(dir: impl AsRef<Path>, corpus: &Corpus) -> Result<GoldSet, EvalError> {
    let dir = dir.as_ref();
    let io = |source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        // a name that is not UTF-8 cannot end in ".gold.jsonl" as text
        if let Ok(name) = entry.map_err(io)?.file_name().into_string() {
            names.push(name);
        }
    }
    names.sort();
    let mut set = GoldSet::default();
    for name in names {
        let Some(stem) = name.strip_suffix(".gold.jsonl") else {
            continue;
        };
        let records = load_jsonl(dir.join(&name))?;
        let meta = records
            .iter()
            .find(|r| py::eq(r.at("kind"), Some(&json!("document"))));
        let field = |k: &str| meta.at(k).cloned().unwrap_or(Value::Null);
        // `meta.get("doc", stem)`: a doc given as null stays null
        let id = match meta.and_then(Value::as_object).and_then(|m| m.get("doc")) {
            Some(doc) => doc.clone(),
            None => Value::String(stem.to_string()),
        };
        let beside = ["txt", "html"]
            .into_iter()
            .map(|ext| (ext, dir.join(format!("{stem}.{ext}"))))
            .find(|(_, path)| path.exists());
        let text = match beside {
            Some((ext, path)) => Some((read_text(&path)?, ext)),
            None => id
                .as_str()
                .and_then(|i| corpus.text(i))
                .map(|t| (t.to_string(), "txt")),
        };
        if let Some((text, ext)) = text {
            // Gold that names a corpus article may leave its metadata to
            // the corpus (the repository keeps annotations only).
            let from_corpus = |k: &str| match field(k) {
                Value::Null => id
                    .as_str()
                    .and_then(|i| corpus.field(i, k))
                    .cloned()
                    .unwrap_or(Value::Null),
                v => v,
            };
            set.articles.push(json!({
                "id": id,
                "text": text,
                "published": from_corpus("published"),
                "outlet": from_corpus("outlet"),
                "title": from_corpus("title"),
                "format": ext,
            }));
        }
        set.gold.extend(records);
    }
    Ok(set)
}

/// [`load_gold_dir`] over several folders, in order, as evaluate.py does.
pub fn load_gold_dirs<P: AsRef<Path>>(
    dirs: impl IntoIterator<Item = P>,
) -> Result<GoldSet, EvalError> {
    load_gold_dirs_with(dirs, &Corpus::default())
}

/// [`load_gold_dirs`] with texts from a corpus (see [`load_gold_dir_with`]).
pub fn load_gold_dirs_with<P: AsRef<Path>>(
    dirs: impl IntoIterator<Item = P>,
    corpus: &Corpus,
) -> Result<GoldSet, EvalError> {
    let mut set = GoldSet::default();
    for dir in dirs {
        let more = load_gold_dir_with(dir, corpus)?;
        set.gold.extend(more.gold);
        set.articles.extend(more.articles);
    }
    Ok(set)
}

/// True positives, false positives and false negatives of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: u64,
    pub fp: u64,
    /// false negatives (`fn` is a keyword)
    pub fn_: u64,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// score.py's `prf`, zero where a ratio is undefined.
pub fn prf(c: Counts) -> Prf {
    let ratio = |a: u64, b: u64| {
        if b == 0 {
            0.0
        } else {
            a as f64 / b as f64
        }
    };
    let precision = ratio(c.tp, c.tp + c.fp);
    let recall = ratio(c.tp, c.tp + c.fn_);
    let f1 = if precision + recall != 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Prf {
        precision,
        recall,
        f1,
    }
}

impl Counts {
    pub fn prf(self) -> Prf {
        prf(self)
    }

    fn to_json(self) -> Value {
        let p = prf(self);
        json!({"precision": p.precision, "recall": p.recall, "f1": p.f1,
               "tp": self.tp, "fp": self.fp, "fn": self.fn_})
    }
}

/// How often a field of matched records agreed with the gold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldHits {
    pub hits: u64,
    pub total: u64,
}

/// The outcome of [`score`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub transfer: Counts,
    pub contest: Counts,
    pub engagement: Counts,
    pub entity: Counts,
    /// By key: `transfer.status`, `contest.bidder`, `entity.type`, ...
    pub fields: BTreeMap<String, FieldHits>,
    /// One line per wrong field, missed or spurious record, as score.py words them.
    pub misses: Vec<String>,
}

impl Score {
    /// The four kinds in score.py's order, entities last.
    pub fn kinds(&self) -> [(&'static str, Counts); 4] {
        [
            ("transfer", self.transfer),
            ("contest", self.contest),
            ("engagement", self.engagement),
            ("entity", self.entity),
        ]
    }

    pub fn counts(&self, kind: &str) -> Option<Counts> {
        self.kinds()
            .into_iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, c)| c)
    }

    fn counts_mut(&mut self, kind: &str) -> &mut Counts {
        match kind {
            "transfer" => &mut self.transfer,
            "contest" => &mut self.contest,
            "engagement" => &mut self.engagement,
            _ => &mut self.entity,
        }
    }

    /// The three event kinds together.
    pub fn records(&self) -> Counts {
        let mut c = Counts::default();
        for x in [self.transfer, self.contest, self.engagement] {
            c.tp += x.tp;
            c.fp += x.fp;
            c.fn_ += x.fn_;
        }
        c
    }

    pub fn records_prf(&self) -> Prf {
        prf(self.records())
    }

    /// Share of checked fields that agreed, entity fields left out.
    pub fn field_accuracy(&self) -> f64 {
        let (mut hits, mut total) = (0u64, 0u64);
        for (k, v) in &self.fields {
            if !k.starts_with("entity.") {
                hits += v.hits;
                total += v.total;
            }
        }
        if total == 0 {
            0.0
        } else {
            hits as f64 / total as f64
        }
    }

    pub fn entity_f1(&self) -> f64 {
        prf(self.entity).f1
    }

    /// score.py's plain output, `--verbose` adding the miss list.
    pub fn report(&self, verbose: bool) -> String {
        let mut out = String::new();
        for (k, c) in self.kinds() {
            let p = prf(c);
            let _ = writeln!(
                out,
                "{k:11} P {:.2}  R {:.2}  F1 {:.2}   (tp {}, fp {}, fn {})",
                p.precision, p.recall, p.f1, c.tp, c.fp, c.fn_
            );
        }
        for (k, v) in &self.fields {
            let _ = writeln!(out, "  {k:28} {}/{}", v.hits, v.total);
        }
        if verbose {
            // Python prints the joined list, so an empty list is an empty line
            out.push_str(&self.misses.join("\n"));
            out.push('\n');
        }
        let r = self.records_prf();
        let _ = writeln!(
            out,
            "records P {:.3} R {:.3} F1 {:.3}; field accuracy {:.3}; entity F1 {:.3}",
            r.precision,
            r.recall,
            r.f1,
            self.field_accuracy(),
            self.entity_f1()
        );
        out
    }

    /// score.py's `--json` result.
    pub fn to_json(&self) -> Value {
        let kinds: Map<String, Value> = self
            .kinds()
            .into_iter()
            .map(|(k, c)| (k.to_string(), c.to_json()))
            .collect();
        let fields: Map<String, Value> = self
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), json!(v.hits as f64 / v.total as f64)))
            .collect();
        json!({
            "kinds": kinds,
            "records": self.records().to_json(),
            "fields": fields,
            "field_accuracy": self.field_accuracy(),
        })
    }

    fn hit(&mut self, key: String, ok: bool) {
        let slot = self.fields.entry(key).or_default();
        slot.hits += u64::from(ok);
        slot.total += 1;
    }
}

/// Records grouped by `doc` in first-seen order, keys compared as Python
/// dict keys (strings hashed, anything else compared by value).
#[derive(Default)]
struct ByDoc<'a> {
    strings: HashMap<&'a str, usize>,
    others: Vec<(Option<&'a Value>, usize)>,
    groups: Vec<(Option<&'a Value>, Vec<&'a Value>)>,
}

impl<'a> ByDoc<'a> {
    fn find(&self, doc: Option<&Value>) -> Option<usize> {
        match doc {
            Some(Value::String(s)) => self.strings.get(s.as_str()).copied(),
            _ => self
                .others
                .iter()
                .find(|(d, _)| py::eq(*d, doc))
                .map(|(_, i)| *i),
        }
    }

    fn push(&mut self, r: &'a Value) {
        let doc = r.at("doc");
        let i = match self.find(doc) {
            Some(i) => i,
            None => {
                let i = self.groups.len();
                match doc {
                    Some(Value::String(s)) => {
                        self.strings.insert(s.as_str(), i);
                    }
                    _ => self.others.push((doc, i)),
                }
                self.groups.push((doc, Vec::new()));
                i
            }
        };
        self.groups[i].1.push(r);
    }
}

fn is_kind(r: &Value, kind: &str) -> bool {
    matches!(r.at("kind"), Some(Value::String(k)) if k == kind)
}

fn optional(r: &Value) -> bool {
    py::truthy(r.at("optional"))
}

/// score.py's `score`: compare predictions with gold, document by document.
pub fn score(gold: &[Value], pred: &[Value]) -> Score {
    let mut gold_docs = ByDoc::default();
    for r in gold {
        gold_docs.push(r);
    }
    let mut pred_docs: Vec<Vec<&Value>> = vec![Vec::new(); gold_docs.groups.len()];
    for r in pred {
        if let Some(i) = gold_docs.find(r.at("doc")) {
            pred_docs[i].push(r);
        }
    }
    let mut out = Score::default();
    for ((doc, grecs), preds) in gold_docs.groups.iter().zip(&pred_docs) {
        let doc = py::str(*doc);
        let mut aliases = Aliases::new();
        for e in grecs.iter().filter(|e| is_kind(e, "entity")) {
            let names = rules::actor_names(Some(e));
            for n in &names {
                aliases.insert(n.clone(), names.clone());
            }
        }
        for kind in KINDS {
            score_kind(&mut out, &doc, kind, grecs, preds, &aliases);
        }
        score_entities(&mut out, &doc, grecs, preds);
    }
    out
}

fn score_kind(
    out: &mut Score,
    doc: &str,
    kind: &str,
    grecs: &[&Value],
    preds: &[&Value],
    aliases: &Aliases,
) {
    let g: Vec<&Value> = grecs.iter().copied().filter(|r| is_kind(r, kind)).collect();
    let p: Vec<&Value> = preds.iter().copied().filter(|r| is_kind(r, kind)).collect();
    let mut pairs = Vec::new();
    for (gi, gr) in g.iter().enumerate() {
        for (pi, pr) in p.iter().enumerate() {
            if rules::match_key(kind, gr, pr) {
                let f = rules::fields(kind, gr, pr, aliases);
                pairs.push((f.score(), gi, pi, f));
            }
        }
    }
    // required gold first, so that an optional record never takes a
    // prediction that a required one could have had; stable, as Python's
    pairs.sort_by(|a, b| {
        optional(g[a.1])
            .cmp(&optional(g[b.1]))
            .then(b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal))
    });
    let (mut used_g, mut used_p) = (BTreeSet::new(), BTreeSet::new());
    for (_, gi, pi, f) in pairs {
        if used_g.contains(&gi) || used_p.contains(&pi) {
            continue;
        }
        used_g.insert(gi);
        used_p.insert(pi);
        if optional(g[gi]) {
            continue;
        }
        out.counts_mut(kind).tp += 1;
        for (name, ok) in f.0 {
            let head = name.split(':').next().unwrap_or_default();
            out.hit(format!("{kind}.{head}"), ok);
            if !ok {
                out.misses.push(format!("{doc}: {kind} field {name} wrong"));
            }
        }
    }
    for (gi, gr) in g.iter().enumerate() {
        if !used_g.contains(&gi) && !optional(gr) {
            out.counts_mut(kind).fn_ += 1;
            out.misses
                .push(format!("{doc}: missed {kind} {}", rules::summary(gr)));
        }
    }
    for (pi, pr) in p.iter().enumerate() {
        if !used_p.contains(&pi) {
            out.counts_mut(kind).fp += 1;
            out.misses
                .push(format!("{doc}: spurious {kind} {}", rules::summary(pr)));
        }
    }
}

/// Entities: name agreement, and the type when the gold gives one.
fn score_entities(out: &mut Score, doc: &str, grecs: &[&Value], preds: &[&Value]) {
    let p: Vec<&Value> = preds
        .iter()
        .copied()
        .filter(|r| is_kind(r, "entity"))
        .collect();
    let p_names: Vec<BTreeSet<String>> = p.iter().map(|r| rules::actor_names(Some(r))).collect();
    let mut used_p = BTreeSet::new();
    for g in grecs.iter().copied().filter(|r| is_kind(r, "entity")) {
        let names = rules::actor_names(Some(g));
        let hit = (0..p.len())
            .find(|pi| !used_p.contains(pi) && names.intersection(&p_names[*pi]).next().is_some());
        let Some(hit) = hit else {
            if !optional(g) {
                out.entity.fn_ += 1;
                out.misses
                    .push(format!("{doc}: missed entity {}", py::str(g.at("name"))));
            }
            continue;
        };
        used_p.insert(hit);
        if optional(g) {
            continue;
        }
        out.entity.tp += 1;
        let pr = p[hit];
        let checks = [
            (
                "type",
                py::is_in(pr.at("type"), g.at("type_any"), g.at("type")),
            ),
            ("country", py::eq(pr.at("country"), g.at("country"))),
        ];
        for (name, ok) in checks {
            out.hit(format!("entity.{name}"), ok);
            if !ok {
                out.misses.push(format!(
                    "{doc}: entity {} {name} {}, gold {}",
                    py::str(g.at("name")),
                    py::repr(pr.at(name)),
                    py::repr(g.at(name))
                ));
            }
        }
    }
    for (pi, pr) in p.iter().enumerate() {
        if !used_p.contains(&pi) {
            out.entity.fp += 1;
            out.misses.push(format!(
                "{doc}: spurious entity {}",
                py::repr(pr.at("name"))
            ));
        }
    }
}

#[cfg(test)]
mod tests;
