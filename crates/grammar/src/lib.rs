//! Extraction rules as data.
//!
//! A rule names a construction ("the subject of *sell* is the supplier"):
//! the trigger token it starts from (lemma, UPOS), the dependency paths to
//! each argument, the record kind and status it implies, a priority, and
//! example sentences written for it with the records they must give.
//! Rules live in `data/grammar/*.toml`; this crate parses them and runs them
//! over any [`Tree`]. It knows nothing of entities or records: the
//! extractor turns the tokens a rule reaches into actors, systems, money.
//!
//! Modifiers are rules of a second sort: paths from a trigger whose presence
//! changes what the trigger means ("plans to buy" is not yet an order,
//! "never materialised" stalls a deal, "did not sell" is no sale).

pub mod path;
pub mod tree;

pub use path::{Path, TokenTest};
pub use tree::{base, rel_matches, ConlluTree, Graph, Tree};

use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum GrammarError {
    #[error("grammar file {file}: {message}")]
    File { file: String, message: String },
    #[error("bad path {0}")]
    Path(String),
    #[error("unknown word class `{0}`")]
    UnknownClass(String),
    #[error("rule {rule}: {message}")]
    Rule { rule: String, message: String },
}

/// The record kinds rules produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Transfer,
    Contest,
    Engagement,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "transfer" => Kind::Transfer,
            "contest" => Kind::Contest,
            "engagement" => Kind::Engagement,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Transfer => "transfer",
            Kind::Contest => "contest",
            Kind::Engagement => "engagement",
        }
    }
}

/// A sentence written for a rule and what it must give. `expect` lines read
/// `KIND field=value ...` (e.g. `transfer supplier=RU recipient=DZ
/// category=aircraft status=delivered`); `none = true` means no record of
/// the rule's kind at all.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub expect: Vec<String>,
    #[serde(default)]
    pub none: bool,
    /// Records that must not be given, written like `expect` lines.
    #[serde(default)]
    pub absent: Vec<String>,
}

/// One argument of a rule: its role and the paths that reach it, tried in
/// order.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub role: String,
    pub paths: Vec<Path>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub name: String,
    pub file: String,
    pub doc: String,
    pub kind: Kind,
    pub priority: i32,
    pub trigger: TokenTest,
    /// Paths that must each reach a token for the rule to fire.
    pub require: Vec<Path>,
    /// Paths of which at least one must reach a token (when any are given):
    /// one construction told with its parts hung in different places.
    pub require_any: Vec<Path>,
    /// Paths that must reach nothing.
    pub forbid: Vec<Path>,
    pub args: Vec<Arg>,
    pub status: Option<String>,
    /// Further fixed values the rule sets (`type = "visit"`, `event =
    /// "award"`).
    pub sets: BTreeMap<String, String>,
    /// Roles that gather the fillers of every path (the parties of a
    /// meeting), where others take the first path that fills them.
    pub gather: Vec<String>,
    pub examples: Vec<Example>,
}

/// A change of meaning signalled by the trigger's surroundings.
#[derive(Debug, Clone, PartialEq)]
pub struct Modifier {
    pub name: String,
    pub doc: String,
    pub kinds: Vec<Kind>,
    /// Any path reaching a token makes the modifier apply,
    pub when: Vec<Path>,
    /// unless one of these reaches a token.
    pub unless: Vec<Path>,
    /// Apply only when the record's status is one of these (empty: any).
    pub from: Vec<String>,
    pub status: Option<String>,
    /// No record at all (negation, hypotheticals).
    pub drop: bool,
    pub examples: Vec<Example>,
}

/// The tokens one argument's paths reached, per path, in the rule's order.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgMatch {
    pub role: String,
    pub alternatives: Vec<(String, Vec<usize>)>,
}

/// A rule that fired on a trigger token.
#[derive(Debug, Clone)]
pub struct Match<'g> {
    pub rule: &'g Rule,
    pub trigger: usize,
    pub args: Vec<ArgMatch>,
}

impl Match<'_> {
    /// The alternatives of one role (empty when the rule has none).
    pub fn role(&self, role: &str) -> &[(String, Vec<usize>)] {
        self.args
            .iter()
            .find(|a| a.role == role)
            .map(|a| a.alternatives.as_slice())
            .unwrap_or(&[])
    }
}

/// A well-known arms affair named by what the press calls it ("the
/// Iran-contra affair"): the name tells the deal behind it, which no
/// sentence spells out once readers know it. Like a system's maker in the
/// gazetteer, this is knowledge of the world, kept as data.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Affair {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    /// What the press calls it, lower case, hyphens and slashes as
    /// spaces; matched on word boundaries.
    pub names: Vec<String>,
    /// Stories published in these years (inclusive) name this affair by
    /// these words; outside them the words may mean another deal.
    pub told_from: i32,
    pub told_until: i32,
    pub suppliers: Vec<String>,
    pub recipient: String,
    pub goods: String,
    pub category: String,
    pub status: String,
    #[serde(default, rename = "example")]
    pub examples: Vec<Example>,
}

#[derive(Debug, Default)]
pub struct Grammar {
    pub rules: Vec<Rule>,
    pub modifiers: Vec<Modifier>,
    pub affairs: Vec<Affair>,
    pub classes: FxHashMap<String, Vec<String>>,
    by_lemma: FxHashMap<String, Vec<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    rule: Vec<RuleSpec>,
    #[serde(default)]
    modifier: Vec<ModifierSpec>,
    #[serde(default)]
    affair: Vec<Affair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: String,
    kind: String,
    #[serde(default)]
    doc: String,
    #[serde(default)]
    priority: i32,
    trigger: String,
    #[serde(default)]
    require: Vec<String>,
    #[serde(default)]
    require_any: Vec<String>,
    #[serde(default)]
    forbid: Vec<String>,
    #[serde(default)]
    args: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    sets: BTreeMap<String, String>,
    #[serde(default)]
    gather: Vec<String>,
    #[serde(default)]
    example: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModifierSpec {
    name: String,
    #[serde(default)]
    doc: String,
    kinds: Vec<String>,
    when: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    from: Vec<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    drop: bool,
    #[serde(default)]
    example: Vec<Example>,
}

/// The grammar files compiled into the binary, in load order (classes
/// first: rules refer to them).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "classes.toml",
        include_str!("../../../data/grammar/classes.toml"),
    ),
    (
        "transfers.toml",
        include_str!("../../../data/grammar/transfers.toml"),
    ),
    (
        "contests.toml",
        include_str!("../../../data/grammar/contests.toml"),
    ),
    (
        "engagements.toml",
        include_str!("../../../data/grammar/engagements.toml"),
    ),
    (
        "modifiers.toml",
        include_str!("../../../data/grammar/modifiers.toml"),
    ),
    (
        "affairs.toml",
        include_str!("../../../data/grammar/affairs.toml"),
    ),
];

const TRANSFER_STATUSES: &[&str] = &[
    "offered",
    "negotiating",
    "ordered",
    "delivered",
    "cancelled",
    "stalled",
    "unknown",
];

fn check_affair(a: &Affair) -> Result<(), GrammarError> {
    let err = |message: String| GrammarError::Rule {
        rule: a.name.clone(),
        message,
    };
    if !TRANSFER_STATUSES.contains(&a.status.as_str()) {
        return Err(err(format!("unknown transfer status `{}`", a.status)));
    }
    if a.names.is_empty() || a.suppliers.is_empty() {
        return Err(err("an affair needs names and suppliers".into()));
    }
    if let Some(n) = a.names.iter().find(|n| n.to_lowercase() != **n) {
        return Err(err(format!("name `{n}` is not lower case")));
    }
    Ok(())
}

impl Grammar {
    /// The grammar of `data/grammar/`, parsed once per process.
    pub fn builtin() -> Result<&'static Grammar, GrammarError> {
        static G: OnceLock<Result<Grammar, GrammarError>> = OnceLock::new();
        G.get_or_init(|| Grammar::from_sources(BUILTIN))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses grammar files given as (name, text).
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Grammar, GrammarError> {
        let mut specs = Vec::new();
        let mut g = Grammar::default();
        for (name, text) in files {
            let spec: FileSpec = toml::from_str(text).map_err(|e| GrammarError::File {
                file: name.to_string(),
                message: e.to_string(),
            })?;
            for (class, words) in &spec.classes {
                g.classes.insert(class.clone(), words.clone());
            }
            specs.push((name.to_string(), spec));
        }
        for (file, spec) in specs {
            for r in spec.rule {
                let rule = g.compile_rule(&file, r)?;
                if g.rules.iter().any(|x| x.name == rule.name) {
                    return Err(GrammarError::Rule {
                        rule: rule.name,
                        message: "defined twice".into(),
                    });
                }
                g.rules.push(rule);
            }
            for m in spec.modifier {
                let modifier = g.compile_modifier(m)?;
                g.modifiers.push(modifier);
            }
            for a in spec.affair {
                check_affair(&a)?;
                g.affairs.push(a);
            }
        }
        for (i, r) in g.rules.iter().enumerate() {
            for l in r.trigger.lemma.iter().flatten() {
                g.by_lemma.entry(l.clone()).or_default().push(i);
            }
        }
        Ok(g)
    }

    fn paths(&self, rule: &str, texts: &[String]) -> Result<Vec<Path>, GrammarError> {
        texts
            .iter()
            .map(|t| Path::parse(t, &self.classes))
            .collect::<Result<_, _>>()
            .map_err(|e| GrammarError::Rule {
                rule: rule.to_string(),
                message: e.to_string(),
            })
    }

    fn compile_rule(&self, file: &str, r: RuleSpec) -> Result<Rule, GrammarError> {
        let err = |message: String| GrammarError::Rule {
            rule: r.name.clone(),
            message,
        };
        let kind = Kind::parse(&r.kind).ok_or_else(|| err(format!("unknown kind `{}`", r.kind)))?;
        let trigger =
            TokenTest::parse(&r.trigger, &self.classes).map_err(|e| err(e.to_string()))?;
        if trigger.lemma.is_none() {
            return Err(err("a trigger needs lemmas".into()));
        }
        if let Some(s) = &r.status {
            if kind == Kind::Transfer && !TRANSFER_STATUSES.contains(&s.as_str()) {
                return Err(err(format!("unknown transfer status `{s}`")));
            }
        }
        let mut args = Vec::new();
        for (role, texts) in &r.args {
            args.push(Arg {
                role: role.clone(),
                paths: self.paths(&r.name, texts)?,
            });
        }
        Ok(Rule {
            require: self.paths(&r.name, &r.require)?,
            require_any: self.paths(&r.name, &r.require_any)?,
            forbid: self.paths(&r.name, &r.forbid)?,
            name: r.name,
            file: file.to_string(),
            doc: r.doc,
            kind,
            priority: r.priority,
            trigger,
            args,
            status: r.status,
            sets: r.sets,
            gather: r.gather,
            examples: r.example,
        })
    }

    fn compile_modifier(&self, m: ModifierSpec) -> Result<Modifier, GrammarError> {
        let kinds = m
            .kinds
            .iter()
            .map(|k| {
                Kind::parse(k).ok_or_else(|| GrammarError::Rule {
                    rule: m.name.clone(),
                    message: format!("unknown kind `{k}`"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Modifier {
            when: self.paths(&m.name, &m.when)?,
            unless: self.paths(&m.name, &m.unless)?,
            name: m.name,
            doc: m.doc,
            kinds,
            from: m.from,
            status: m.status,
            drop: m.drop,
            examples: m.example,
        })
    }

    /// Every lemma some rule starts from (to skip sentences with none).
    pub fn trigger_lemmas(&self) -> impl Iterator<Item = &str> {
        self.by_lemma.keys().map(String::as_str)
    }

    pub fn rule(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.name == name)
    }

    /// The rules whose trigger lemma is token `t`'s. A proper noun's lemma
    /// is its form, and rules name lemmas in lower case: the head of a name
    /// ("the Annual Defence Dialogue") is also its lower-cased word.
    fn candidates<T: Tree + ?Sized>(&self, tree: &T, t: usize) -> Option<&Vec<usize>> {
        let lemma = tree.lemma(t);
        self.by_lemma.get(lemma).or_else(|| {
            let upper = lemma.bytes().any(|b| b.is_ascii_uppercase());
            (upper && tree.upos(t) == "PROPN")
                .then(|| self.by_lemma.get(&lemma.to_ascii_lowercase()))
                .flatten()
        })
    }

    /// The rules that fire on this tree: per trigger token and kind, the
    /// one of highest priority whose trigger, `require` and `forbid` hold.
    pub fn matches<'g, T: Tree + ?Sized>(&'g self, g: &Graph<'_, T>) -> Vec<Match<'g>> {
        let mut out: Vec<Match<'g>> = Vec::new();
        for t in 0..g.tree.len() {
            let Some(candidates) = self.candidates(g.tree, t) else {
                continue;
            };
            let mut best: Vec<&'g Rule> = Vec::new();
            for &ri in candidates {
                let r = &self.rules[ri];
                if !self.fires(r, g, t) {
                    continue;
                }
                match best.iter().position(|b| b.kind == r.kind) {
                    Some(k) if best[k].priority >= r.priority => {}
                    Some(k) => best[k] = r,
                    None => best.push(r),
                }
            }
            for rule in best {
                out.push(Match {
                    rule,
                    trigger: t,
                    args: rule
                        .args
                        .iter()
                        .map(|a| ArgMatch {
                            role: a.role.clone(),
                            alternatives: a
                                .paths
                                .iter()
                                .map(|p| (p.text.clone(), p.follow(g, t)))
                                .filter(|(_, v)| !v.is_empty())
                                .collect(),
                        })
                        .collect(),
                });
            }
        }
        out
    }

    fn fires<T: Tree + ?Sized>(&self, r: &Rule, g: &Graph<'_, T>, t: usize) -> bool {
        r.trigger.accepts(g.tree, t)
            && r.require.iter().all(|p| !p.follow(g, t).is_empty())
            && (r.require_any.is_empty()
                || r.require_any.iter().any(|p| !p.follow(g, t).is_empty()))
            && r.forbid.iter().all(|p| p.follow(g, t).is_empty())
    }

    /// The modifiers that apply to a trigger of `kind`, in file order.
    pub fn modifiers_at<T: Tree + ?Sized>(
        &self,
        kind: Kind,
        g: &Graph<'_, T>,
        trigger: usize,
    ) -> Vec<&Modifier> {
        self.modifiers
            .iter()
            .filter(|m| m.kinds.contains(&kind))
            .filter(|m| m.when.iter().any(|p| !p.follow(g, trigger).is_empty()))
            .filter(|m| m.unless.iter().all(|p| p.follow(g, trigger).is_empty()))
            .collect()
    }
}

#[cfg(test)]
mod tests;
