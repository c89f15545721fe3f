//! Entity resolution across documents.
//!
//! Every name an organisation or person goes by in one document (the name of
//! an entity record, its aliases, the actors of transfers, contests and
//! engagements) is a *node*. Nodes are joined when
//! - they are forms of one entity in one document (an entity record's name
//!   and aliases, an actor named exactly like one of them);
//! - their normalised names are equal and their countries agree (suffix
//!   variants, "U.S. Navy" = "United States Navy", British and American
//!   spellings);
//! - one is the other with a leading country or demonym ("Israel's Rafael"
//!   = "Rafael" of Israel);
//! - the gazetteer lists both as forms of one organisation;
//! - one is an acronym, or a surname, that fits exactly one entity.
//!
//! Nothing else joins them: "China North Industries" and "China
//! Shipbuilding Industry" share words but not a key, and a bare "Army"
//! without a country joins nothing across documents.
//!
//! A join needs evidence ([`crate::identity`]): an alias that is only a
//! country or demonym, or generic words the name does not hold, is none;
//! a shortened alias ("Tata" of Tata Advanced Systems) and generic words
//! ("Defence") join within their article only, except the bodies of a
//! state ("army" of India); and no join puts two services, two units, two
//! countries or two gazetteer organisations in one entity. Every join is
//! kept with its reason in [`Resolution::merges`].

use crate::decisions::{name_key, EntityDecisions};
use crate::identity::{self, Tags};
use crate::norm::{initials, is_acronym, org_key, person_key, slug};
use armswatch_annotate::Gazetteer;
use armswatch_register::{Actor, ActorType, Fact, Record};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One organisation or person of the whole register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalEntity {
    /// Stable id: slug of the name (legal form dropped) and country.
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    pub country: Option<String>,
    /// Every other form seen, sorted.
    pub aliases: Vec<String>,
    /// Documents that name it, sorted.
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Id of the organisation a person belongs to (or a unit's parent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// Ids of a consortium's members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Known to the gazetteer.
    #[serde(default)]
    pub gazetteer: bool,
}

/// Id used for a state (countries are not entities).
pub fn state_id(code: &str) -> String {
    format!("state-{}", code.to_lowercase())
}

#[derive(Debug, Default, Clone)]
struct Node {
    doc: String,
    surface: String,
    /// Appears as the name of an entity record or actor (not only an alias).
    is_name: bool,
    /// The name of an entity record (one of the document's entities).
    entity_record: bool,
    kinds: BTreeMap<ActorType, usize>,
    countries: BTreeMap<String, usize>,
    roles: BTreeMap<String, usize>,
    /// (doc, surface) of affiliations and members.
    affiliations: BTreeMap<(String, String), usize>,
    members: BTreeSet<(String, String)>,
    gazetteer: Option<usize>,
}

struct Dsu {
    parent: Vec<usize>,
    /// Identity tags of each set, kept at its root (see `identity`).
    tags: Vec<Tags>,
    /// Every union that joined two sets: the nodes and why.
    joins: Vec<(usize, usize, &'static str)>,
    /// Analysts' splits each set holds, at its root: split index → side.
    apart: Vec<BTreeMap<usize, bool>>,
}

impl Dsu {
    fn new(tags: Vec<Tags>) -> Dsu {
        Dsu {
            parent: (0..tags.len()).collect(),
            apart: vec![BTreeMap::new(); tags.len()],
            tags,
            joins: Vec::new(),
        }
    }
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut y = x;
        while self.parent[y] != r {
            let next = self.parent[y];
            self.parent[y] = r;
            y = next;
        }
        r
    }
    /// Joins two sets unless their identity tags conflict (two services,
    /// two countries, two gazetteer organisations); the smaller index
    /// becomes the root.
    fn union(&mut self, a: usize, b: usize, why: &'static str) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb && identity::compatible(&self.tags[ra], &self.tags[rb]) {
            self.join(a, b, why);
        }
    }

    /// Joins two sets whatever their identity tags say (an analyst's
    /// merge), but never across an analyst's split.
    fn join(&mut self, a: usize, b: usize, why: &'static str) {
        let (ra, rb) = (self.find(a), self.find(b));
        let split = |x: &BTreeMap<usize, bool>, y: &BTreeMap<usize, bool>| {
            x.iter().any(|(k, v)| y.get(k).is_some_and(|w| w != v))
        };
        if ra == rb || split(&self.apart[ra], &self.apart[rb]) {
            return;
        }
        self.joins.push((a, b, why));
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        let moved = std::mem::take(&mut self.tags[hi]);
        self.tags[lo].extend(moved);
        let moved = std::mem::take(&mut self.apart[hi]);
        self.apart[lo].extend(moved);
    }
}

/// Why two names became one entity: `(doc, name)` of each (doc `""` for
/// a gazetteer entry) and the rule that joined them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merge {
    pub a: (String, String),
    pub b: (String, String),
    pub why: &'static str,
}

/// The canonical entities of a set of records, and which entity each name
/// of each document stands for.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub entities: Vec<CanonicalEntity>,
    /// The evidence of every join of two names, in the order made.
    pub merges: Vec<Merge>,
    by_mention: HashMap<(String, String), usize>,
    by_id: HashMap<String, usize>,
}

impl Resolution {
    /// The entity an actor of document `doc` stands for (`None` for states
    /// and unnamed actors).
    pub fn entity(&self, doc: &str, actor: &Actor) -> Option<&CanonicalEntity> {
        if actor.kind == ActorType::State {
            return None;
        }
        self.by_mention
            .get(&(doc.to_string(), actor.name.clone()))
            .map(|&i| &self.entities[i])
    }

    /// Every name seen in every document, with the entity it resolved to:
    /// `(doc, name, entity)`, sorted.
    pub fn mentions(&self) -> Vec<(&str, &str, &CanonicalEntity)> {
        let mut v: Vec<_> = self
            .by_mention
            .iter()
            .map(|((d, n), &i)| (d.as_str(), n.as_str(), &self.entities[i]))
            .collect();
        v.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        v
    }

    pub fn by_id(&self, id: &str) -> Option<&CanonicalEntity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The canonical id of an actor: its entity's id, a state's id, or a
    /// slug of its name when nothing is known.
    pub fn actor_id(&self, doc: &str, actor: &Actor) -> String {
        if actor.kind == ActorType::State {
            if let Some(c) = &actor.country {
                return state_id(c);
            }
        }
        match self.entity(doc, actor) {
            Some(e) => e.id.clone(),
            None => slug(&actor.name, 60),
        }
    }

    /// The actor as the register shows it: canonical name, id, country
    /// filled in from the entity, members resolved too.
    pub fn canonical_actor(&self, doc: &str, actor: &Actor) -> Actor {
        let mut a = actor.clone();
        a.id = Some(self.actor_id(doc, actor));
        if let Some(e) = self.entity(doc, actor) {
            a.name = e.name.clone();
            if a.country.is_none() {
                a.country = e.country.clone();
            }
        }
        a.members = actor
            .members
            .iter()
            .map(|m| self.canonical_actor(doc, m))
            .collect();
        if let Some(af) = &actor.affiliation {
            a.affiliation = Some(Box::new(self.canonical_actor(doc, af)));
        }
        // Aliases belong to the entity, not to each mention.
        a.aliases.clear();
        a
    }
}

/// Lower-case words that name a kind of body rather than one body.
fn generic_words(g: &Gazetteer) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = [
        "army",
        "navy",
        "air",
        "force",
        "forces",
        "armed",
        "military",
        "ministry",
        "defense",
        "department",
        "government",
        "board",
        "commission",
        "committee",
        "agency",
        "council",
        "congress",
        "senate",
        "parliament",
        "police",
        "company",
        "consortium",
        "marines",
        "marine",
        "corps",
        "guard",
        "coast",
        "office",
        "officials",
        "times",
        "administration",
        "state",
        "foreign",
        "intelligence",
        "service",
        "services",
        "national",
        "federal",
        "general",
        "of",
        "the",
        "and",
        "staff",
        "fleet",
        "group",
        "firm",
        "unit",
        "house",
        "white",
        "pentagon",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for class in ["gov_head", "force_head", "bare_service"] {
        for w in g.words(class) {
            for part in crate::norm::fold(w).split_whitespace() {
                set.insert(part.to_string());
            }
        }
    }
    // "Pentagon" and "White House" name one body each, of one country;
    // they stay generic only when no country is known.
    set
}

/// Words common in names ("United", "Aerospace"): alone, a name of one
/// article only.
const COMMON_WORDS: &[&str] = &[
    "united",
    "national",
    "international",
    "technology",
    "technologies",
    "aerospace",
    "electronics",
    "systems",
    "industries",
    "space",
    "security",
    "council",
    "agency",
    "organisation",
    "organization",
    "authority",
    "limited",
];

fn is_generic(key: &str, generic: &BTreeSet<String>) -> bool {
    key.split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .all(|w| generic.contains(w))
}

fn bump<K: Ord>(m: &mut BTreeMap<K, usize>, k: K) {
    *m.entry(k).or_insert(0) += 1;
}

fn most<K: Ord + Clone>(m: &BTreeMap<K, usize>) -> Option<K> {
    // Highest count; ties go to the smallest key (BTreeMap order).
    let mut best: Option<(&K, usize)> = None;
    for (k, &n) in m {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k.clone())
}

struct Builder<'g> {
    g: &'g Gazetteer,
    nodes: Vec<Node>,
    index: HashMap<(String, String), usize>,
    /// Pairs of nodes that are forms of one entity within a document.
    links: Vec<(usize, usize)>,
}

impl Builder<'_> {
    fn node(&mut self, doc: &str, surface: &str) -> usize {
        let key = (doc.to_string(), surface.trim().to_string());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.nodes.len();
        self.nodes.push(Node {
            doc: key.0.clone(),
            surface: key.1.clone(),
            ..Node::default()
        });
        self.index.insert(key, i);
        i
    }

    fn actor(&mut self, doc: &str, a: &Actor) -> Option<usize> {
        if a.kind == ActorType::State || a.name.trim().is_empty() {
            return None;
        }
        let i = self.node(doc, &a.name);
        let n = &mut self.nodes[i];
        n.is_name = true;
        bump(&mut n.kinds, a.kind);
        if let Some(c) = &a.country {
            bump(&mut n.countries, c.clone());
        }
        if let Some(r) = &a.role {
            bump(&mut n.roles, r.clone());
        }
        for alias in &a.aliases {
            let j = self.node(doc, alias);
            self.links.push((i, j));
        }
        let mut member_keys = Vec::new();
        for m in &a.members {
            if self.actor(doc, m).is_some() {
                member_keys.push((doc.to_string(), m.name.trim().to_string()));
            }
        }
        if let Some(af) = &a.affiliation {
            if self.actor(doc, af).is_some() {
                let k = (doc.to_string(), af.name.trim().to_string());
                bump(&mut self.nodes[i].affiliations, k);
            }
        }
        self.nodes[i].members.extend(member_keys);
        Some(i)
    }

    fn record(&mut self, r: &Record) {
        let doc = r.doc.as_str();
        match &r.fact {
            Fact::Entity(e) => {
                let mut a = Actor::new(e.name.clone(), e.kind, e.country.clone());
                a.role = e.role.clone();
                a.affiliation = e.affiliation.clone().map(Box::new);
                a.members = e.members.clone();
                a.aliases = e.aliases.clone();
                if let Some(i) = self.actor(doc, &a) {
                    self.nodes[i].entity_record = true;
                    // Aliases take the entity's kind and country, so that
                    // "Norinco" of a Chinese company is Chinese too.
                    for alias in &e.aliases {
                        let j = self.node(doc, alias);
                        if j != i {
                            bump(&mut self.nodes[j].kinds, e.kind);
                            if let Some(c) = &e.country {
                                bump(&mut self.nodes[j].countries, c.clone());
                            }
                        }
                    }
                }
            }
            Fact::Transfer(t) => {
                for s in &t.suppliers {
                    self.actor(doc, s);
                }
                self.actor(doc, &t.recipient);
            }
            Fact::Contest(c) => {
                self.actor(doc, &c.buyer);
                for b in &c.bidders {
                    self.actor(doc, b);
                }
                if let Some(w) = &c.winner {
                    self.actor(doc, w);
                }
                for p in &c.protests {
                    self.actor(doc, &p.by);
                }
            }
            Fact::Engagement(e) => {
                for p in &e.parties {
                    self.actor(doc, p);
                }
            }
        }
    }
}

/// Whether `alias`, given for `name`, is a company name of its own: it ends
/// in a legal form and its key is not the name's.
fn names_other_company(g: &Gazetteer, name: &str, alias: &str) -> bool {
    let last = alias
        .split_whitespace()
        .last()
        .map(|w| crate::norm::fold(w).trim().to_string())
        .unwrap_or_default();
    if !crate::norm::is_legal_suffix(&last) {
        return false;
    }
    let (a, n) = (org_key(g, alias), org_key(g, name));
    a.full != n.full && a.bare.as_ref() != Some(&n.full) && n.bare.as_ref() != Some(&a.full)
}

/// Whether a person's alias is part of the name ("Farooq" of "Farooq
/// Abdullah"), not another person's name.
fn person_alias_is_part(name: &str, alias: &str) -> bool {
    let (n, a) = (person_key(name), person_key(alias));
    let words: BTreeSet<&str> = n.split_whitespace().collect();
    !a.is_empty() && a.split_whitespace().all(|w| words.contains(w))
}

fn node_kind(n: &Node) -> ActorType {
    most(&n.kinds).unwrap_or(ActorType::Other)
}

/// Resolves every organisation and person of `records`. Pure and
/// independent of the order of `records`.
pub fn resolve(g: &Gazetteer, records: &[Record]) -> Resolution {
    resolve_with(g, records, &EntityDecisions::default())
}

/// Applies analysts' decisions before any other join: a split side is
/// marked on every node of that name, so no rule joins across it; the
/// names of a merge are then joined whatever else keeps them apart.
fn apply_decisions(dsu: &mut Dsu, nodes: &[Node], first_gaz: usize, d: &EntityDecisions) {
    if d.is_empty() {
        return;
    }
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate().take(first_gaz) {
        by_key.entry(name_key(&n.surface)).or_default().push(i);
    }
    let named = |k: &str| by_key.get(k).map(Vec::as_slice).unwrap_or_default();
    for (p, (a, b)) in d.splits.iter().enumerate() {
        for (key, side) in [(a, false), (b, true)] {
            for &i in named(key) {
                dsu.apart[i].insert(p, side);
            }
        }
    }
    for (a, b) in &d.merges {
        let all: Vec<usize> = named(a).iter().chain(named(b)).copied().collect();
        for w in all.windows(2) {
            dsu.join(w[0], w[1], "analyst merge");
        }
    }
}

/// [`resolve`] honouring analysts' merges (must-link) and splits
/// (cannot-link).
pub fn resolve_with(g: &Gazetteer, records: &[Record], decisions: &EntityDecisions) -> Resolution {
    let mut b = Builder {
        g,
        nodes: Vec::new(),
        index: HashMap::new(),
        links: Vec::new(),
    };
    // Build nodes in a canonical order so that indices (and so ties) do
    // not depend on the order of the input.
    let mut order: Vec<&Record> = records.iter().collect();
    order.sort_by_cached_key(|r| (r.doc.clone(), r.to_json_line()));
    for r in order {
        b.record(r);
    }
    // Nodes sorted by (doc, surface): renumber so index order is canonical.
    let mut perm: Vec<usize> = (0..b.nodes.len()).collect();
    perm.sort_by(|&x, &y| {
        (&b.nodes[x].doc, &b.nodes[x].surface).cmp(&(&b.nodes[y].doc, &b.nodes[y].surface))
    });
    let mut rank = vec![0; perm.len()];
    for (new, &old) in perm.iter().enumerate() {
        rank[old] = new;
    }
    let mut nodes: Vec<Node> = perm.iter().map(|&i| b.nodes[i].clone()).collect();
    let links: Vec<(usize, usize)> = b.links.iter().map(|&(x, y)| (rank[x], rank[y])).collect();
    let g = b.g;

    // Gazetteer organisations become nodes of their own (doc ""), so that
    // every form they list joins them.
    let first_gaz = nodes.len();
    for (gi, o) in g.organisations.iter().enumerate() {
        let mut n = Node {
            doc: String::new(),
            surface: o.name.clone(),
            is_name: true,
            gazetteer: Some(gi),
            ..Node::default()
        };
        bump(&mut n.kinds, o.kind);
        if let Some(c) = &o.country {
            bump(&mut n.countries, c.clone());
        }
        nodes.push(n);
    }
    let tags: Vec<Tags> = nodes
        .iter()
        .map(|n| {
            if node_kind(n) == ActorType::Person {
                return Tags::new();
            }
            let mut t = identity::tags(g, &n.surface);
            if let Some(gi) = n.gazetteer {
                t.insert("gazetteer", gi.to_string());
            }
            t
        })
        .collect();
    let mut dsu = Dsu::new(tags);
    apply_decisions(&mut dsu, &nodes, first_gaz, decisions);
    let generic = generic_words(g);

    // Within a document: an alias shared by two differently named entity
    // records is ambiguous and joins nothing.
    let mut alias_owners: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for &(i, j) in &links {
        alias_owners.entry(j).or_default().insert(i);
    }
    // Initials of the names of each document: an acronym given as an
    // alias of one name but spelling out another ("KSSL" given for Bharat
    // Forge beside Kalyani Strategic Systems Limited) is the other's.
    let mut spelled: HashMap<(&str, String), BTreeSet<usize>> = HashMap::new();
    for (k, n) in nodes.iter().enumerate() {
        if !is_acronym(&n.surface) {
            for ini in initials(&n.surface) {
                spelled.entry((n.doc.as_str(), ini)).or_default().insert(k);
            }
        }
    }
    let spells_another = |i: usize, j: usize| {
        let a = nodes[j].surface.replace(['-', '.'], "").to_uppercase();
        spelled
            .get(&(nodes[j].doc.as_str(), a))
            .is_some_and(|ks| !ks.contains(&i))
    };
    for &(i, j) in &links {
        if i == j || alias_owners.get(&j).is_none_or(|o| o.len() != 1) {
            continue;
        }
        if is_acronym(&nodes[j].surface) && spells_another(i, j) {
            continue;
        }
        // An alias that is another entity of the same document, or that
        // names another company ("Toshiba Corp" given for "Toshiba Machine
        // Co"), is a parent or a sibling, not another name.
        if nodes[j].entity_record {
            continue;
        }
        if node_kind(&nodes[i]) == ActorType::Person
            && !person_alias_is_part(&nodes[i].surface, &nodes[j].surface)
        {
            continue;
        }
        if node_kind(&nodes[i]) != ActorType::Person
            && (names_other_company(g, &nodes[i].surface, &nodes[j].surface)
                || !identity::alias_is_evidence(g, &generic, &nodes[i].surface, &nodes[j].surface))
        {
            continue;
        }
        dsu.union(i, j, "alias in one document");
    }

    let short_alias: BTreeSet<usize> = links
        .iter()
        .filter(|&&(i, j)| identity::shortens(&nodes[i].surface, &nodes[j].surface))
        .map(|&(_, j)| j)
        .collect();
    // Country of a node, as given or as named at the start of its name.
    let node_country = |n: &Node| -> Option<String> {
        most(&n.countries).or_else(|| org_key(g, &n.surface).country)
    };

    // Name keys. A key's countries: those of all nodes with that key; a
    // node without a country takes the key's only country, if it has one.
    let mut key_nodes: BTreeMap<String, Vec<(usize, Option<String>)>> = BTreeMap::new();
    let mut person_nodes: Vec<usize> = Vec::new();
    let mut acronym_nodes: Vec<usize> = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        let kind = node_kind(n);
        let country = node_country(n);
        if kind == ActorType::Person {
            let k = person_key(&n.surface);
            if k.split_whitespace().count() >= 2 {
                key_nodes
                    .entry(format!("person:{k}"))
                    .or_default()
                    .push((i, country.clone()));
            }
            person_nodes.push(i);
            continue;
        }
        // A name given only as a shortened alias of another ("Tata" for
        // Tata Advanced Systems) stands for it in its article only.
        if !n.is_name && !is_acronym(&n.surface) && short_alias.contains(&i) {
            continue;
        }
        let forms: Vec<String> = match n.gazetteer {
            Some(gi) => identity::gazetteer_forms(g, &g.organisations[gi]),
            None => vec![n.surface.clone()],
        };
        for form in forms {
            if is_acronym(&form) {
                acronym_nodes.push(i);
                key_nodes
                    .entry(format!("org:{}", form.replace('.', "").to_lowercase()))
                    .or_default()
                    .push((i, country.clone()));
                continue;
            }
            let k = org_key(g, &form);
            let c = country.clone().or(k.country.clone());
            if k.full.is_empty() || (is_generic(&k.full, &generic) && c.is_none()) {
                continue;
            }
            // Generic words ("Defence", "General") join names of one
            // article only, unless they name one body of a state.
            // A body of a state is keyed by what it is ("Ministry of
            // Defence" = "Defence Ministry"), the country apart.
            let scoped = |key: &str| {
                if identity::one_per_state(key) {
                    format!("body:{}", identity::body(key).unwrap_or(key))
                } else if !is_generic(key, &generic) && !COMMON_WORDS.contains(&key) {
                    format!("org:{key}")
                } else {
                    format!("org:{key}|{}", n.doc)
                }
            };
            if !(k.full.starts_with('@') && k.bare.is_none()) {
                key_nodes
                    .entry(scoped(&k.full))
                    .or_default()
                    .push((i, c.clone()));
            }
            if let (Some(bare), Some(_)) = (&k.bare, &c) {
                if !bare.is_empty() {
                    key_nodes
                        .entry(scoped(bare))
                        .or_default()
                        .push((i, c.clone()));
                }
            }
        }
    }
    for members in key_nodes.values() {
        let countries: BTreeSet<&String> = members.iter().filter_map(|(_, c)| c.as_ref()).collect();
        let only = (countries.len() == 1)
            .then(|| countries.iter().next().copied())
            .flatten();
        let mut groups: BTreeMap<Option<&String>, Vec<usize>> = BTreeMap::new();
        for (i, c) in members {
            groups.entry(c.as_ref().or(only)).or_default().push(*i);
        }
        for ids in groups.values() {
            for w in ids.windows(2) {
                dsu.union(w[0], w[1], "same name key");
            }
        }
    }

    // Acronyms and lone surnames join the one cluster they fit, if only one.
    let roots = |dsu: &mut Dsu, xs: &[usize]| -> BTreeSet<usize> {
        xs.iter().map(|&x| dsu.find(x)).collect()
    };
    let mut by_initials: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_surname: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if node_kind(n) == ActorType::Person {
            let k = person_key(&n.surface);
            let ws: Vec<&str> = k.split_whitespace().collect();
            if ws.len() >= 2 {
                if let Some(last) = ws.last() {
                    by_surname.entry(last.to_string()).or_default().push(i);
                }
            }
        } else if !is_acronym(&n.surface) {
            for ini in initials(&n.surface) {
                by_initials.entry(ini).or_default().push(i);
            }
        }
    }
    for &i in &acronym_nodes {
        let a = nodes[i].surface.replace('.', "").to_uppercase();
        if let Some(cands) = by_initials.get(&a) {
            let rs = roots(&mut dsu, cands);
            if rs.len() == 1 {
                if let Some(&r) = rs.iter().next() {
                    dsu.union(i, r, "acronym");
                }
            }
        }
    }
    for &i in &person_nodes {
        let k = person_key(&nodes[i].surface);
        if k.split_whitespace().count() != 1 {
            continue;
        }
        if let Some(cands) = by_surname.get(&k) {
            // Prefer a full name in the same document.
            let same_doc: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&c| nodes[c].doc == nodes[i].doc)
                .collect();
            // A lone surname is evidence only beside a full name in its
            // own article.
            let pool = same_doc;
            let rs = roots(&mut dsu, &pool);
            if rs.len() == 1 {
                if let Some(&r) = rs.iter().next() {
                    dsu.union(i, r, "surname");
                }
            }
        }
    }

    // Consortia with the same members are one consortium, whatever each
    // article calls the team.
    let pos: HashMap<(String, String), usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.doc.clone(), n.surface.clone()), i))
        .collect();
    let mut by_members: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if node_kind(n) != ActorType::Consortium {
            continue;
        }
        let mut set: Vec<usize> = n
            .members
            .iter()
            .filter_map(|k| pos.get(k).copied())
            .map(|j| dsu.find(j))
            .collect();
        set.sort_unstable();
        set.dedup();
        if set.len() >= 2 {
            by_members.entry(set).or_default().push(i);
        }
    }
    for ids in by_members.values() {
        for w in ids.windows(2) {
            dsu.union(w[0], w[1], "same consortium members");
        }
    }

    // Clusters with at least one mention become entities.
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        let r = dsu.find(i);
        clusters.entry(r).or_default().push(i);
    }
    let mut out: Vec<(CanonicalEntity, Vec<usize>)> = Vec::new();
    for members in clusters.values() {
        if members.iter().all(|&i| i >= first_gaz) {
            continue;
        }
        let mut kinds = BTreeMap::new();
        let mut countries = BTreeMap::new();
        let mut roles = BTreeMap::new();
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        let mut forms = BTreeSet::new();
        let mut docs = BTreeSet::new();
        let mut gaz = None;
        for &i in members {
            let n = &nodes[i];
            for (k, c) in &n.kinds {
                *kinds.entry(*k).or_insert(0) += c;
            }
            for (k, c) in &n.countries {
                *countries.entry(k.clone()).or_insert(0) += c;
            }
            for (k, c) in &n.roles {
                *roles.entry(k.clone()).or_insert(0) += c;
            }
            if n.gazetteer.is_some() {
                gaz = n.gazetteer;
                continue;
            }
            docs.insert(n.doc.clone());
            forms.insert(n.surface.clone());
            if n.is_name {
                *names.entry(n.surface.clone()).or_insert(0) += 1;
            }
        }
        let kind = most(&kinds).unwrap_or(ActorType::Other);
        let country = most(&countries);
        let name = match gaz {
            Some(gi) => g.organisations[gi].name.clone(),
            None => {
                // Most used full name; longer wins ties; acronyms last.
                let mut cands: Vec<(&String, usize)> = names.iter().map(|(k, v)| (k, *v)).collect();
                if cands.is_empty() {
                    cands = forms.iter().map(|f| (f, 0)).collect();
                }
                cands.sort_by(|a, b| {
                    is_acronym(a.0)
                        .cmp(&is_acronym(b.0))
                        .then(b.1.cmp(&a.1))
                        .then(b.0.chars().count().cmp(&a.0.chars().count()))
                        .then(a.0.cmp(b.0))
                });
                cands.first().map(|c| c.0.clone()).unwrap_or_default()
            }
        };
        forms.remove(&name);
        let id_base = {
            let body = if kind == ActorType::Person {
                person_key(&name)
            } else {
                let k = org_key(g, &name);
                // The id keeps the country's name as written ("China North
                // Industries"), without the legal form.
                let ws: Vec<&str> = name.split_whitespace().collect();
                let drop = ws
                    .iter()
                    .rev()
                    .take_while(|w| {
                        let f = crate::norm::fold(w);
                        [
                            "corp",
                            "corporation",
                            "co",
                            "company",
                            "inc",
                            "ltd",
                            "limited",
                            "plc",
                            "llc",
                            "group",
                            "sa",
                            "ag",
                            "gmbh",
                        ]
                        .contains(&f.trim())
                    })
                    .count();
                let keep = ws.len().saturating_sub(drop).max(1);
                let kept = ws.iter().take(keep).copied().collect::<Vec<_>>().join(" ");
                if kept.is_empty() {
                    k.full
                } else {
                    kept
                }
            };
            match &country {
                Some(c) => format!("{}-{}", slug(&body, 60), c.to_lowercase()),
                None => slug(&body, 60),
            }
        };
        out.push((
            CanonicalEntity {
                id: id_base,
                name,
                kind,
                country,
                aliases: forms.into_iter().collect(),
                documents: docs.into_iter().collect(),
                role: most(&roles),
                affiliation: None,
                members: Vec::new(),
                gazetteer: gaz.is_some(),
            },
            members.clone(),
        ));
    }
    // Unique ids: a clash gets -2, -3 in cluster order (canonical).
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (e, _) in out.iter_mut() {
        let n = seen.entry(e.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            e.id = format!("{}-{}", e.id, n);
        }
    }
    let mut by_mention = HashMap::new();
    for (ei, (_, members)) in out.iter().enumerate() {
        for &i in members {
            if i < first_gaz {
                by_mention.insert((nodes[i].doc.clone(), nodes[i].surface.clone()), ei);
            }
        }
    }
    // Affiliations and members, now that every node has an entity.
    let mut resolved: Vec<CanonicalEntity> = Vec::with_capacity(out.len());
    for (e, members) in &out {
        let mut e = e.clone();
        let mut aff: BTreeMap<String, usize> = BTreeMap::new();
        let mut mem: BTreeSet<String> = BTreeSet::new();
        for &i in members {
            for (k, c) in &nodes[i].affiliations {
                if let Some(&t) = by_mention.get(k) {
                    *aff.entry(out[t].0.id.clone()).or_insert(0) += c;
                }
            }
            for k in &nodes[i].members {
                if let Some(&t) = by_mention.get(k) {
                    mem.insert(out[t].0.id.clone());
                }
            }
        }
        aff.remove(&e.id);
        mem.remove(&e.id);
        e.affiliation = most(&aff);
        e.members = mem.into_iter().collect();
        resolved.push(e);
    }
    // Sorted by id; remap the mention index.
    let mut order: Vec<usize> = (0..resolved.len()).collect();
    order.sort_by(|&a, &b| resolved[a].id.cmp(&resolved[b].id));
    let mut pos = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        pos[old] = new;
    }
    let entities: Vec<CanonicalEntity> = order.iter().map(|&i| resolved[i].clone()).collect();
    let by_mention = by_mention.into_iter().map(|(k, v)| (k, pos[v])).collect();
    let by_id = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let merges = dsu
        .joins
        .iter()
        .map(|&(a, b, why)| Merge {
            a: (nodes[a].doc.clone(), nodes[a].surface.clone()),
            b: (nodes[b].doc.clone(), nodes[b].surface.clone()),
            why,
        })
        .collect();
    Resolution {
        entities,
        merges,
        by_mention,
        by_id,
    }
}
