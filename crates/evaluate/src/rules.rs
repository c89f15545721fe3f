//! score.py's matching rules, function for function.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};

use crate::py::{self, as_num, At, Num, Set};

const SUFFIXES: [&str; 17] = [
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
];

/// Normalised name -> every normalised name of the gold entity it belongs to.
pub(crate) type Aliases = HashMap<String, BTreeSet<String>>;

/// `norm(name)`: lower-case ASCII words, legal-form words dropped.
pub(crate) fn norm(name: Option<&Value>) -> String {
    match name {
        Some(Value::String(s)) => norm_str(s),
        // `if not name: return ""`; Python raises on other names
        _ => String::new(),
    }
}

pub(crate) fn norm_str(name: &str) -> String {
    let lowered = name
        .to_lowercase()
        .replace('\u{2019}', "'")
        .replace("'s ", " ");
    let words: Vec<&str> = lowered
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty() && !SUFFIXES.contains(w))
        .collect();
    words.join(" ")
}

pub(crate) fn actor_names(actor: Option<&Value>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if !matches!(actor, Some(Value::Object(_))) {
        return names;
    }
    names.insert(norm(actor.at("name")));
    for alias in py::iter(actor.at("aliases")) {
        names.insert(norm(Some(&alias)));
    }
    names.remove("");
    names
}

pub(crate) fn country(actor: Option<&Value>) -> Option<&Value> {
    actor.at("country")
}

pub(crate) fn countries(actors: Option<&Value>) -> Set<'_> {
    countries_of(py::items(actors))
}

pub(crate) fn countries_of<'a>(actors: impl IntoIterator<Item = &'a Value>) -> Set<'a> {
    let mut out = Set::default();
    for a in actors {
        if let Some(c) = country(Some(a)).filter(|c| py::truthy(Some(c))) {
            out.add(c);
        }
        for m in py::items(a.at("members")) {
            if let Some(c) = country(Some(m)).filter(|c| py::truthy(Some(c))) {
                out.add(c);
            }
        }
    }
    out
}

/// Name agreement, with the gold document's entity aliases.
pub(crate) fn same_actor(gold: Option<&Value>, pred: Option<&Value>, aliases: &Aliases) -> bool {
    if !matches!(pred, Some(Value::Object(_))) || !matches!(gold, Some(Value::Object(_))) {
        return false;
    }
    let direct = actor_names(gold);
    let mut g = direct.clone();
    for n in &direct {
        if let Some(more) = aliases.get(n) {
            g.extend(more.iter().cloned());
        }
    }
    let p = actor_names(pred);
    if g.intersection(&p).next().is_some() {
        return true;
    }
    // a predicted name that contains a gold name, or the reverse, word-wise
    g.iter().any(|a| {
        p.iter().any(|b| {
            let (a, b) = (format!(" {a} "), format!(" {b} "));
            b.contains(&a) || a.contains(&b)
        })
    })
}

pub(crate) fn date_ok(gold: &Value, pred: &Value, field: &str) -> bool {
    let accepted = match gold.at(&format!("{field}_any")) {
        None => vec![std::borrow::Cow::Owned(
            gold.at(field).cloned().unwrap_or(Value::Null),
        )],
        some => py::iter(some),
    };
    let p = pred.at(field);
    accepted.iter().any(|g| match (g.as_ref(), p) {
        (Value::Null, None) => true,
        (Value::String(g), Some(Value::String(p))) => p.starts_with(g.as_str()),
        _ => false,
    })
}

pub(crate) fn money_ok(g: Option<&Value>, p: Option<&Value>) -> bool {
    if !py::truthy(g) {
        // `p in (None, {}, "")`
        return match p {
            None | Some(Value::Null) => true,
            Some(Value::Object(o)) => o.is_empty(),
            Some(Value::String(s)) => s.is_empty(),
            _ => false,
        };
    }
    if !matches!(p, Some(Value::Object(_))) {
        return false;
    }
    let Some(pa) = as_num(p.at("amount")) else {
        return false;
    };
    if !py::eq(p.at("currency"), g.at("currency")) {
        return false;
    }
    let Some(ga) = as_num(g.at("amount")) else {
        return false;
    };
    let diff = pa.sub(ga).abs();
    diff.cmp(Num::Float(0.01 * ga.to_f64()))
        .is_some_and(|o| o != std::cmp::Ordering::Greater)
}

pub(crate) fn one_of(gold: &Value, pred: &Value, field: &str) -> bool {
    py::is_in(
        pred.at(field),
        gold.at(&format!("{field}_any")),
        gold.at(field),
    )
}

fn alnum_lower(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

pub(crate) fn system_ok(g: Option<&Value>, p: Option<&Value>) -> bool {
    if let (Some(Value::String(gn)), Some(Value::String(pn))) = (g.at("name"), p.at("name")) {
        if !gn.is_empty() && !pn.is_empty() && alnum_lower(gn) == alnum_lower(pn) {
            return true;
        }
    }
    is_str(g.at("category"), "other") || py::eq(g.at("category"), p.at("category"))
}

fn is_str(v: Option<&Value>, s: &str) -> bool {
    matches!(v, Some(Value::String(x)) if x == s)
}

/// Do g and p speak of the same fact?
pub(crate) fn match_key(kind: &str, g: &Value, p: &Value) -> bool {
    match kind {
        "transfer" => {
            py::eq(country(g.at("recipient")), country(p.at("recipient")))
                && countries(g.at("suppliers")).intersects(&countries(p.at("suppliers")))
                && system_ok(g.at("system"), p.at("system"))
        }
        "contest" => {
            let g_cat = g.at("item").at("category");
            let same_item = is_str(g_cat, "other") || py::eq(g_cat, p.at("item").at("category"));
            py::eq(country(g.at("buyer")), country(p.at("buyer")))
                && (same_item || money_ok(g.at("value"), p.at("value")))
        }
        "engagement" => {
            let contact = |t: Option<&Value>| -> Option<Value> {
                match t {
                    Some(Value::String(s)) if s == "visit" || s == "meeting" => {
                        Some(Value::String("contact".into()))
                    }
                    other => other.cloned(),
                }
            };
            let same_type = py::eq(
                contact(g.at("type")).as_ref(),
                contact(p.at("type")).as_ref(),
            );
            let (gd, pd) = (g.at("date"), p.at("date"));
            let years_ok =
                !py::truthy(gd) || !py::truthy(pd) || first4(&py::str(pd)) == first4(&py::str(gd));
            same_type && countries(g.at("parties")).same(&countries(p.at("parties"))) && years_ok
        }
        _ => false,
    }
}

fn first4(s: &str) -> &str {
    match s.char_indices().nth(4) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A Python dict {field: bool}: insertion-ordered, a repeated key keeps its
/// first place and takes the last value.
#[derive(Debug, Default, Clone)]
pub(crate) struct Fields(pub(crate) Vec<(String, bool)>);

impl Fields {
    fn set(&mut self, key: String, ok: bool) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = ok,
            None => self.0.push((key, ok)),
        }
    }

    /// `sum(f.values()) / max(1, len(f))`
    pub(crate) fn score(&self) -> f64 {
        let hits = self.0.iter().filter(|(_, ok)| *ok).count();
        hits as f64 / self.0.len().max(1) as f64
    }
}

/// Field-by-field agreement of a matched pair.
pub(crate) fn fields(kind: &str, g: &Value, p: &Value, aliases: &Aliases) -> Fields {
    let mut out = Fields::default();
    match kind {
        "transfer" => {
            out.set(
                "suppliers".into(),
                countries(g.at("suppliers")).same(&countries(p.at("suppliers"))),
            );
            out.set(
                "recipient".into(),
                same_actor(g.at("recipient"), p.at("recipient"), aliases)
                    || is_str(g.at("recipient").at("type"), "state"),
            );
            if let Some(name) = g.at("system").at("name").filter(|n| py::truthy(Some(n))) {
                let probe = json!({"name": name, "category": "-"});
                out.set(
                    "system.name".into(),
                    system_ok(Some(&probe), p.at("system")),
                );
            }
            out.set(
                "system.category".into(),
                py::eq(g.at("system").at("category"), p.at("system").at("category")),
            );
            if g.at("value").is_some() {
                out.set("value".into(), money_ok(g.at("value"), p.at("value")));
            }
            if let Some(q) = g.at("quantity") {
                out.set("quantity".into(), py::eq(Some(q), p.at("quantity")));
            }
            out.set("date".into(), date_ok(g, p, "date"));
            out.set("status".into(), one_of(g, p, "status"));
        }
        "contest" => {
            out.set(
                "buyer".into(),
                same_actor(g.at("buyer"), p.at("buyer"), aliases),
            );
            if g.at("value").is_some() {
                out.set("value".into(), money_ok(g.at("value"), p.at("value")));
            }
            for b in py::items(g.at("bidders")) {
                let hit = py::items(p.at("bidders"))
                    .iter()
                    .filter(|q| q.is_object())
                    .any(|q| {
                        same_actor(Some(b), Some(q), aliases)
                            || (is_str(b.at("type"), "consortium")
                                && is_str(q.at("type"), "consortium")
                                && countries_of([b]).same(&countries_of([q])))
                    });
                out.set(format!("bidder:{}", py::str(b.at("name"))), hit);
            }
            if py::truthy(g.at("winner")) {
                out.set(
                    "winner".into(),
                    same_actor(g.at("winner"), p.at("winner"), aliases),
                );
            }
            for pr in py::items(g.at("protests")) {
                let hit = py::items(p.at("protests"))
                    .iter()
                    .filter(|q| q.is_object())
                    .any(|q| same_actor(pr.at("by"), q.at("by"), aliases));
                out.set(format!("protest:{}", py::str(pr.at("by").at("name"))), hit);
            }
            out.set("awarded".into(), date_ok(g, p, "awarded"));
            out.set("status".into(), one_of(g, p, "status"));
            out.set("cancelled".into(), date_ok(g, p, "cancelled"));
        }
        "engagement" => {
            out.set("type".into(), py::eq(g.at("type"), p.at("type")));
            out.set("date".into(), date_ok(g, p, "date"));
            for party in py::items(g.at("parties")) {
                if is_str(party.at("type"), "person") {
                    let hit = py::items(p.at("parties"))
                        .iter()
                        .any(|q| same_actor(Some(party), Some(q), aliases));
                    out.set(format!("party:{}", py::str(party.at("name"))), hit);
                }
            }
        }
        _ => {}
    }
    out
}

/// One line naming a record in the miss list.
pub(crate) fn summary(r: &Value) -> String {
    let system = r.at("system");
    match r.at("kind") {
        Some(Value::String(k)) if k == "transfer" => {
            let what = match system.at("description") {
                d if py::truthy(d) => d,
                _ => system.at("name"),
            };
            format!(
                "{} -> {}: {}",
                countries(r.at("suppliers")).sorted_repr(),
                py::str(country(r.at("recipient"))),
                py::str(what)
            )
        }
        Some(Value::String(k)) if k == "contest" => format!(
            "buyer {}: {}",
            py::str(country(r.at("buyer"))),
            py::str(r.at("item").at("description"))
        ),
        Some(Value::String(k)) if k == "engagement" => format!(
            "{} {} {}",
            py::str(r.at("type")),
            countries(r.at("parties")).sorted_repr(),
            py::str(r.at("date"))
        ),
        _ => py::str(r.at("name")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }

    #[test]
    fn norm_drops_legal_forms_and_possessives() {
        assert_eq!(
            norm_str("China North Industries Corp."),
            "china north industries"
        );
        assert_eq!(norm_str("The Boeing Co"), "boeing");
        assert_eq!(
            norm_str("China's Central Military Commission"),
            "china central military commission"
        );
        assert_eq!(norm_str("China\u{2019}s army"), "china army");
        // a possessive at the end is not followed by a space
        assert_eq!(norm_str("Rafael's"), "rafael s");
        assert_eq!(norm_str("Triad consortium"), "triad");
        assert_eq!(norm_str("MBT-2000 Ltd"), "mbt 2000");
        assert_eq!(norm(Some(&json!(5))), "");
        assert_eq!(norm(None), "");
    }

    #[test]
    fn actor_names_iterates_a_string_alias_by_character() {
        let a = json!({"name": "Norinco", "aliases": "AB"});
        let names: Vec<String> = actor_names(Some(&a)).into_iter().collect();
        assert_eq!(names, vec!["a", "b", "norinco"]);
        assert!(actor_names(Some(&s("Norinco"))).is_empty());
    }

    #[test]
    fn same_actor_uses_aliases_and_word_containment() {
        let mut aliases = Aliases::new();
        let e = json!({"name": "China North Industries Corp.", "aliases": ["Norinco"]});
        let names = actor_names(Some(&e));
        for n in &names {
            aliases.insert(n.clone(), names.clone());
        }
        let gold = json!({"name": "China North Industries Corporation"});
        assert!(same_actor(
            Some(&gold),
            Some(&json!({"name": "NORINCO"})),
            &aliases
        ));
        assert!(!same_actor(
            Some(&gold),
            Some(&json!({"name": "NORINCO"})),
            &Aliases::new()
        ));
        let ng = json!({"name": "Northrop Grumman"});
        assert!(same_actor(
            Some(&ng),
            Some(&json!({"name": "Northrop"})),
            &aliases
        ));
        assert!(same_actor(
            Some(&json!({"name": "Bumar"})),
            Some(&json!({"name": "Polish Bumar Group"})),
            &aliases
        ));
        assert!(!same_actor(
            Some(&json!({"name": "Bum"})),
            Some(&json!({"name": "Bumar"})),
            &aliases
        ));
        assert!(!same_actor(
            Some(&ng),
            Some(&s("Northrop Grumman")),
            &aliases
        ));
    }

    #[test]
    fn dates_accept_prefixes_and_alternatives() {
        let g = json!({"date": "2011"});
        assert!(date_ok(&g, &json!({"date": "2011-11"}), "date"));
        assert!(!date_ok(&g, &json!({"date": "2010"}), "date"));
        // only a string prediction can match
        assert!(!date_ok(&g, &json!({"date": 2011}), "date"));
        assert!(!date_ok(
            &json!({"date": "2011-11-05"}),
            &json!({"date": "2011-11"}),
            "date"
        ));
        let any = json!({"date": null, "date_any": ["2009", null]});
        assert!(date_ok(&any, &json!({}), "date"));
        assert!(date_ok(&any, &json!({"date": "2009-03"}), "date"));
        assert!(!date_ok(&any, &json!({"date": "2010"}), "date"));
        // an empty alternative list accepts nothing (unlike one_of)
        assert!(!date_ok(&json!({"date_any": []}), &json!({}), "date"));
        assert!(date_ok(&json!({}), &json!({"date": null}), "date"));
    }

    #[test]
    fn money_tolerates_one_percent_in_the_same_currency() {
        let g = json!({"amount": 114_000_000, "currency": "USD"});
        assert!(money_ok(
            Some(&g),
            Some(&json!({"amount": 115_140_000, "currency": "USD"}))
        ));
        assert!(!money_ok(
            Some(&g),
            Some(&json!({"amount": 115_140_001, "currency": "USD"}))
        ));
        assert!(money_ok(
            Some(&g),
            Some(&json!({"amount": 1.14e8, "currency": "USD"}))
        ));
        assert!(!money_ok(
            Some(&g),
            Some(&json!({"amount": 114_000_000, "currency": "EUR"}))
        ));
        assert!(!money_ok(
            Some(&g),
            Some(&json!({"amount": "114000000", "currency": "USD"}))
        ));
        assert!(money_ok(None, None));
        assert!(money_ok(None, Some(&json!({}))));
        assert!(money_ok(None, Some(&json!(""))));
        assert!(!money_ok(None, Some(&json!({"amount": 1}))));
        // both currencies missing agree
        assert!(money_ok(
            Some(&json!({"amount": 5})),
            Some(&json!({"amount": 5.0}))
        ));
    }

    #[test]
    fn one_of_falls_back_on_an_empty_list() {
        let g = json!({"status": "ordered", "status_any": []});
        assert!(one_of(&g, &json!({"status": "ordered"}), "status"));
        let g = json!({"status": "delivered", "status_any": ["delivered", "ordered"]});
        assert!(one_of(&g, &json!({"status": "ordered"}), "status"));
        assert!(!one_of(&g, &json!({"status": "stalled"}), "status"));
        assert!(one_of(&json!({}), &json!({}), "status"));
    }

    #[test]
    fn systems_match_by_name_or_category() {
        let g = json!({"name": "MBT-2000", "category": "armoured_vehicle"});
        assert!(system_ok(
            Some(&g),
            Some(&json!({"name": "mbt 2000", "category": "aircraft"}))
        ));
        assert!(!system_ok(
            Some(&g),
            Some(&json!({"name": "T-55", "category": "aircraft"}))
        ));
        assert!(system_ok(
            Some(&json!({"category": "other"})),
            Some(&json!({"category": "ship"}))
        ));
        assert!(system_ok(None, None));
    }

    #[test]
    fn engagement_keys_merge_visits_and_meetings() {
        let g = json!({"type": "visit", "parties": [{"country": "CN"}, {"country": "PE"}], "date": "2011-06"});
        let p = json!({"type": "meeting", "parties": [{"country": "PE"}, {"country": "CN"}], "date": "2011"});
        assert!(match_key("engagement", &g, &p));
        let p2 = json!({"type": "meeting", "parties": [{"country": "PE"}, {"country": "CN"}], "date": "2012"});
        assert!(!match_key("engagement", &g, &p2));
        let p3 = json!({"type": "agreement", "parties": [{"country": "PE"}, {"country": "CN"}]});
        assert!(!match_key("engagement", &g, &p3));
    }

    #[test]
    fn repeated_field_keys_keep_their_place() {
        let g = json!({"buyer": {"name": "X", "country": "PE"}, "bidders": [
            {"name": "A", "country": "FR"}, {"name": "B"}, {"name": "A", "country": "US"}]});
        let p = json!({"buyer": {"name": "X"}, "bidders": [{"name": "A"}]});
        let f = fields("contest", &g, &p, &Aliases::new());
        let keys: Vec<&str> = f.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "buyer",
                "bidder:A",
                "bidder:B",
                "awarded",
                "status",
                "cancelled"
            ]
        );
    }

    #[test]
    fn summaries() {
        let t = json!({"kind": "transfer", "suppliers": [{"country": "US"}, {"country": "CN"}],
            "recipient": {"country": "PE"}, "system": {"name": "T-55", "description": ""}});
        assert_eq!(summary(&t), "['CN', 'US'] -> PE: T-55");
        let c = json!({"kind": "contest", "buyer": {}, "item": {"description": "radars"}});
        assert_eq!(summary(&c), "buyer None: radars");
        let e = json!({"kind": "engagement", "type": "visit", "parties": [], "date": 2011});
        assert_eq!(summary(&e), "visit [] 2011");
    }
}
