//! Sanity checks a consolidated transfer (and, for its parties, a
//! contest) passes before it is shown.
//!
//! Each rule is named; what it finds is kept on the entry as a [`Check`]
//! with its reason. A flagged entry stays in the register, marked, and is
//! left out of counts by default ([`crate::Entry::flagged`]); a note
//! records a correction or why a rule did not flag (licence production).

use crate::norm::{designation_tokens, fold, maker_country, same_designation};
use armswatch_annotate::Gazetteer;
use armswatch_register::{Actor, ActorType, Category, Contest, Evidence, Money, Transfer};
use serde::{Deserialize, Serialize};

/// What a rule found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The rule's name (`supplier-is-recipient`, `maker-country`,
    /// `unit-price`, `not-a-party`, `value-out-of-proportion`).
    pub rule: String,
    /// True: the entry is held out of counts; false: a note.
    pub flagged: bool,
    pub reason: String,
}

impl Check {
    fn flag(rule: &str, reason: String) -> Check {
        Check {
            rule: rule.into(),
            flagged: true,
            reason,
        }
    }

    fn note(rule: &str, reason: String) -> Check {
        Check {
            rule: rule.into(),
            flagged: false,
            reason,
        }
    }
}

/// Every rule over a merged transfer whose evidence is `evidence`.
pub fn check_transfer(g: &Gazetteer, t: &Transfer, evidence: &[Evidence]) -> Vec<Check> {
    let mut out = Vec::new();
    out.extend(supplier_is_recipient(t));
    out.extend(maker_country_agrees(g, t, evidence));
    out.extend(not_a_party(g, t));
    out.extend(value_out_of_proportion(t));
    out
}

/// `supplier-is-recipient`: the buyer does not sell to itself: the same
/// entity, a state and itself, or a force of the buyer's own country on
/// the supplier side. A state supplying its own forces is domestic
/// production (a note), as is a domestic firm (nothing to say).
pub fn supplier_is_recipient(t: &Transfer) -> Option<Check> {
    let r = &t.recipient;
    let public = |a: &Actor| {
        matches!(
            a.kind,
            ActorType::State | ActorType::GovernmentBody | ActorType::ArmedForce
        )
    };
    let same_country = |s: &Actor| s.country.is_some() && s.country == r.country;
    let itself = t.suppliers.iter().find(|s| {
        (s.id.is_some() && s.id == r.id)
            || (s.kind == ActorType::State && r.kind == ActorType::State && same_country(s))
            || (s.kind == ActorType::ArmedForce && public(r) && same_country(s))
    });
    if let Some(s) = itself {
        return Some(Check::flag(
            "supplier-is-recipient",
            format!(
                "the supplier {} is the recipient {} or its own state",
                s.name, r.name
            ),
        ));
    }
    let domestic = t
        .suppliers
        .iter()
        .find(|s| public(s) && public(r) && same_country(s))?;
    Some(Check::note(
        "supplier-is-recipient",
        format!(
            "{} supplies its own {}: domestic production",
            domestic.name, r.name
        ),
    ))
}

/// Words that say a system is built or sold by someone other than its
/// maker.
const LICENCE_WORDS: &[&str] = &[
    "licence",
    "license",
    "licensed",
    "second-hand",
    "second hand",
    "surplus",
    "used ",
    "resale",
    "resell",
    "refurbished",
    "transfer of technology",
];

/// `maker-country`: a system the gazetteer knows is supplied from its
/// maker's country, unless the evidence speaks of licence production or
/// resale (then a note says so).
pub fn maker_country_agrees(g: &Gazetteer, t: &Transfer, evidence: &[Evidence]) -> Option<Check> {
    let name = t.system.name.as_deref()?;
    let maker = maker_country(g, name)?;
    let sides: Vec<&str> = t
        .suppliers
        .iter()
        .flat_map(|a| std::iter::once(a).chain(a.members.iter()))
        .filter_map(|a| a.country.as_deref())
        .collect();
    if sides.is_empty() || sides.contains(&maker.as_str()) {
        return None;
    }
    let text: String = evidence
        .iter()
        .map(|e| e.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(w) = LICENCE_WORDS.iter().find(|w| text.contains(*w)) {
        return Some(Check::note(
            "maker-country",
            format!(
                "{name} is made in {maker}, supplied from {}: the sources speak of {}",
                sides.join(", "),
                w.trim()
            ),
        ));
    }
    let reversed = t.recipient.country.as_deref() == Some(maker.as_str());
    Some(Check::flag(
        "maker-country",
        format!(
            "{name} is made in {maker} but the supplier side is {}{}",
            sides.join(", "),
            if reversed {
                " and the recipient is the maker's country: supplier and recipient look swapped"
            } else {
                ""
            }
        ),
    ))
}

/// `unit-price`: whether the sum `money` is given per item in one of the
/// evidence sentences ("$78 million per F-35", "$2 million each", "a unit
/// cost of $5 million").
pub fn is_unit_price(money: &Money, evidence: &[Evidence]) -> bool {
    let m = money.text.trim();
    if m.is_empty() {
        return false;
    }
    evidence.iter().any(|e| {
        e.text.match_indices(m).any(|(at, _)| {
            let after = e.text[at + m.len()..].trim_start().to_lowercase();
            let before = e.text[..at].to_lowercase();
            let before = before.trim_end();
            [
                "per ", "each", "apiece", "a piece", "a unit", "a copy", "a pop",
            ]
            .iter()
            .any(|w| after.starts_with(w))
                || [
                    "unit cost of",
                    "unit price of",
                    "unit cost",
                    "unit price",
                    "per unit",
                ]
                .iter()
                .any(|w| before.ends_with(w))
        })
    })
}

/// The note kept when unit prices were left out of a deal's value.
pub fn unit_price_note(prices: &[&Money]) -> Option<Check> {
    if prices.is_empty() {
        return None;
    }
    let texts: Vec<&str> = prices.iter().map(|m| m.text.as_str()).collect();
    Some(Check::note(
        "unit-price",
        format!(
            "{} is a price per item, not the deal's value",
            texts.join(", ")
        ),
    ))
}

/// Last words that make a name an organisation's, whatever it begins with
/// ("BrahMos Aerospace" is the firm, "BrahMos" the missile).
const ORGANISATION_WORDS: &[&str] = &[
    "aerospace",
    "corporation",
    "corp",
    "company",
    "co",
    "ltd",
    "limited",
    "inc",
    "industries",
    "systems",
    "technologies",
    "group",
    "dynamics",
    "electronics",
    "shipyard",
    "shipbuilders",
    "works",
    "plc",
    "llc",
    "sa",
    "ag",
    "gmbh",
    "jsc",
];

/// Last words of names of programmes and contracts.
const PROGRAMME_WORDS: &[&str] = &[
    "programme",
    "program",
    "project",
    "scheme",
    "initiative",
    "deal",
    "contract",
    "tender",
];

/// Last words of names of weapons.
const WEAPON_WORDS: &[&str] = &[
    "aircraft",
    "jet",
    "jets",
    "fighter",
    "fighters",
    "trainer",
    "helicopter",
    "helicopters",
    "missile",
    "missiles",
    "tank",
    "tanks",
    "gun",
    "guns",
    "howitzer",
    "howitzers",
    "drone",
    "drones",
    "submarine",
    "submarines",
    "frigate",
    "frigates",
    "rifle",
    "rifles",
];

/// Why an actor is not a party to a deal: a weapon, a programme or a bank.
fn not_a_party_reason(g: &Gazetteer, a: &Actor, system: Option<&str>) -> Option<String> {
    if a.kind == ActorType::State || a.kind == ActorType::Person {
        return None;
    }
    let words: Vec<String> = fold(&a.name)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let last = words.last()?.as_str();
    if words.iter().any(|w| w == "bank") || a.name.contains("Monetary Fund") {
        return Some(format!("{} is a bank", a.name));
    }
    if ORGANISATION_WORDS.contains(&last) {
        return None;
    }
    if PROGRAMME_WORDS.contains(&last) {
        return Some(format!("{} is a programme or a contract", a.name));
    }
    // The name begins with a designation ("HTT-40 Basic Trainer
    // Aircraft"), not the other way round ("Saab" of "Saab 340").
    let own = designation_tokens(&a.name);
    let names_system = |d: &str| {
        let t = designation_tokens(d);
        !t.is_empty() && own.starts_with(&t) && same_designation(d, &a.name)
    };
    let known =
        system.is_some_and(names_system) || g.systems.iter().any(|s| names_system(&s.designation));
    let designated = a.name.chars().any(|c| c.is_ascii_digit());
    if known || (designated && WEAPON_WORDS.contains(&last)) {
        return Some(format!("{} is a weapon, not a firm or a state", a.name));
    }
    None
}

/// `not-a-party`: no supplier or recipient is a weapon ("HTT-40 Basic
/// Trainer Aircraft"), a programme or a bank.
pub fn not_a_party(g: &Gazetteer, t: &Transfer) -> Vec<Check> {
    let sys = t.system.name.as_deref();
    t.suppliers
        .iter()
        .chain(std::iter::once(&t.recipient))
        .filter_map(|a| not_a_party_reason(g, a, sys))
        .map(|r| Check::flag("not-a-party", r))
        .collect()
}

/// `not-a-party` for a contest: the buyer, the bidders and the winner.
pub fn check_contest(g: &Gazetteer, c: &Contest) -> Vec<Check> {
    let item = c.item.name.as_deref();
    std::iter::once(&c.buyer)
        .chain(c.bidders.iter())
        .chain(c.winner.iter())
        .filter_map(|a| not_a_party_reason(g, a, item))
        .map(|r| Check::flag("not-a-party", r))
        .collect()
}

/// US dollars per unit of a currency, roughly (enough to tell a sum out of
/// all proportion); `None` for currencies not listed.
fn usd_rate(currency: &str) -> Option<f64> {
    Some(match currency {
        "USD" => 1.0,
        "EUR" => 1.1,
        "GBP" => 1.27,
        "CHF" => 1.1,
        "CAD" | "AUD" => 0.7,
        "JPY" => 0.007,
        "INR" => 0.012,
        "RUB" => 0.011,
        "CNY" => 0.14,
        "KRW" => 0.00075,
        _ => return None,
    })
}

/// The span of plausible prices of one item of a category, in US dollars.
fn unit_price_span(c: Category) -> Option<(f64, f64)> {
    Some(match c {
        Category::Aircraft => (1e5, 2.5e9),
        Category::AirDefence => (1e4, 5e9),
        Category::ArmouredVehicle => (5e4, 5e7),
        Category::Artillery => (1e4, 5e7),
        Category::Engine => (1e5, 1e8),
        Category::Missile => (1e3, 5e8),
        Category::NavalWeapon => (1e3, 2e8),
        Category::Satellite => (1e6, 3e9),
        Category::Sensor => (1e4, 2e9),
        Category::Ship => (1e6, 1.5e10),
        Category::SmallArms => (10.0, 1e5),
        Category::Other => return None,
    })
}

/// `value-out-of-proportion`: the value per item (or in all, when no
/// quantity is given) lies outside what one item of the category costs.
pub fn value_out_of_proportion(t: &Transfer) -> Option<Check> {
    let v = t.value.as_ref()?;
    let usd = v.amount as f64 * usd_rate(&v.currency)?;
    let (lo, hi) = unit_price_span(t.system.category)?;
    let cat = t.system.category.as_str();
    match t.quantity.filter(|&q| q > 0) {
        Some(q) => {
            let each = usd / q as f64;
            (each < lo || each > hi).then(|| {
                Check::flag(
                    "value-out-of-proportion",
                    format!(
                        "{} for {q} ({cat}) is ${each:.0} each, outside ${lo:.0}–${hi:.0}",
                        v.text
                    ),
                )
            })
        }
        None => (usd < lo || usd > hi * 200.0).then(|| {
            Check::flag(
                "value-out-of-proportion",
                format!("{} is out of all proportion to any {cat} deal", v.text),
            )
        }),
    }
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
