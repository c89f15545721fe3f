//! Every example sentence of `data/grammar` gives the records it promises,
//! and the rule it was written for fires on it.
//!
//! An `expect` line reads `KIND field=value ...`: `supplier` (any supplier's
//! country), `recipient`, `buyer` (countries), `recipient_type` (the
//! recipient's kind: state, armed_force, ...), `parties` (the set of party
//! countries, comma-separated), `category`, `status`, `quantity`, `date`
//! (prefix), `type`, `name` (system designation). `absent` lines, written
//! the same way, name records that must not be given. The examples of
//! `data/grammar/affairs.toml` are checked the same way.

use armswatch_extract::Extractor;
use armswatch_grammar::{Example, Grammar};
use armswatch_register::{Date, Document, Fact, Record};

fn doc(ex: &Example) -> Document {
    Document {
        id: "example".into(),
        text: ex.text.clone(),
        published: Some(
            Date::parse(ex.published.as_deref().unwrap_or("2024-01-15")).expect("example date"),
        ),
        outlet: None,
        title: None,
        url: None,
        origin: None,
        content_hash: String::new(),
    }
}

fn country(a: &armswatch_register::Actor) -> String {
    a.country.clone().unwrap_or_default()
}

/// The value of `field` in a record, as the expect lines write it.
fn field(r: &Record, field: &str) -> Option<String> {
    match &r.fact {
        Fact::Transfer(t) => match field {
            "supplier" => Some(
                t.suppliers
                    .iter()
                    .map(country)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            "recipient" => Some(country(&t.recipient)),
            "recipient_type" => Some(t.recipient.kind.as_str().to_string()),
            "category" => Some(t.system.category.as_str().to_string()),
            "name" => t.system.name.clone(),
            "status" => Some(t.status.as_str().to_string()),
            "quantity" => t.quantity.map(|q| q.to_string()),
            "date" => t.date.map(|d| d.to_string()),
            "value" => t.value.as_ref().map(|v| v.amount.to_string()),
            _ => None,
        },
        Fact::Contest(c) => match field {
            "buyer" => Some(country(&c.buyer)),
            "bidder" => Some(c.bidders.iter().map(country).collect::<Vec<_>>().join(",")),
            "winner" => c.winner.as_ref().map(country),
            "category" => Some(c.item.category.as_str().to_string()),
            "status" => Some(c.status.as_str().to_string()),
            _ => None,
        },
        Fact::Engagement(e) => match field {
            "type" => Some(e.kind.as_str().to_string()),
            "parties" => {
                let mut v: Vec<String> = e
                    .parties
                    .iter()
                    .map(country)
                    .filter(|c| !c.is_empty())
                    .collect();
                v.sort();
                v.dedup();
                Some(v.join(","))
            }
            "date" => e.date.map(|d| d.to_string()),
            // People by name, spaces written `_` (`person=Ana_Costa`).
            "person" => Some(
                e.parties
                    .iter()
                    .filter(|p| p.kind == armswatch_register::ActorType::Person)
                    .map(|p| p.name.replace(' ', "_"))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => None,
        },
        Fact::Entity(_) => None,
    }
}

fn kind_of(r: &Record) -> &'static str {
    match &r.fact {
        Fact::Transfer(_) => "transfer",
        Fact::Contest(_) => "contest",
        Fact::Engagement(_) => "engagement",
        Fact::Entity(_) => "entity",
    }
}

fn satisfies(r: &Record, kind: &str, wants: &[(&str, &str)]) -> bool {
    kind_of(r) == kind
        && wants.iter().all(|(k, v)| {
            let got = field(r, k).unwrap_or_default();
            match *k {
                "supplier" | "person" | "bidder" => got.split(',').any(|c| c == *v),
                // `date=none`: no date at all.
                "date" if *v == "none" => got.is_empty(),
                "date" => got.starts_with(v),
                _ => got == *v,
            }
        })
}

fn check(x: &Extractor, owner: &str, kind: &str, ex: &Example, failures: &mut Vec<String>) {
    let d = doc(ex);
    let (sentences, records) = x.explain(&d);
    let fired = sentences
        .iter()
        .flat_map(|s| s.frames.iter())
        .any(|f| f.rule == owner || f.modifiers.iter().any(|m| m == owner));
    let is_rule = Grammar::builtin().is_ok_and(|g| g.rule(owner).is_some());
    if is_rule && !fired && !ex.expect.is_empty() {
        failures.push(format!("{owner}: did not fire on {:?}", ex.text));
    }
    if ex.none && records.iter().any(|r| kind_of(r) == kind) {
        failures.push(format!("{owner}: {:?} should give no {kind}", ex.text));
    }
    for line in &ex.absent {
        let mut words = line.split_whitespace();
        let want_kind = words.next().unwrap_or("");
        let wants: Vec<(&str, &str)> = words.filter_map(|w| w.split_once('=')).collect();
        if records.iter().any(|r| satisfies(r, want_kind, &wants)) {
            failures.push(format!("{owner}: {:?} should not give `{line}`", ex.text));
        }
    }
    for line in &ex.expect {
        let mut words = line.split_whitespace();
        let want_kind = words.next().unwrap_or("");
        let wants: Vec<(&str, &str)> = words.filter_map(|w| w.split_once('=')).collect();
        if !records.iter().any(|r| satisfies(r, want_kind, &wants)) {
            let got: Vec<String> = records
                .iter()
                .filter(|r| kind_of(r) != "entity")
                .map(|r| serde_json::to_string(&r.fact).unwrap_or_default())
                .collect();
            failures.push(format!(
                "{owner}: {:?} lacks `{line}`; got {got:?}",
                ex.text
            ));
        }
    }
}

#[test]
fn every_rule_and_modifier_example_holds() {
    let g = Grammar::builtin().expect("the grammar parses");
    let x = Extractor::builtin().expect("the gazetteer loads");
    let mut failures = Vec::new();
    let mut n = 0;
    for r in &g.rules {
        for ex in &r.examples {
            check(&x, &r.name, r.kind.as_str(), ex, &mut failures);
            n += 1;
        }
    }
    for m in &g.modifiers {
        for ex in &m.examples {
            let kind = m.kinds.first().map_or("transfer", |k| k.as_str());
            check(&x, &m.name, kind, ex, &mut failures);
            n += 1;
        }
    }
    for affair in &g.affairs {
        for ex in &affair.examples {
            check(&x, &affair.name, "transfer", ex, &mut failures);
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} examples");
    assert!(
        failures.is_empty(),
        "{} of {n} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_affair_names_a_category_and_country_codes() {
    let g = Grammar::builtin().expect("the grammar parses");
    assert!(!g.affairs.is_empty());
    for a in &g.affairs {
        assert!(
            armswatch_register::Category::parse(&a.category).is_some(),
            "{}: category {}",
            a.name,
            a.category
        );
        for c in a.suppliers.iter().chain([&a.recipient]) {
            assert!(
                c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()),
                "{}: country {c}",
                a.name
            );
        }
        assert!(a.told_from <= a.told_until, "{}: years", a.name);
    }
}
