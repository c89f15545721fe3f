//! What keeps two names apart, and what an alias must be to join them.
//!
//! Entity resolution joins names on evidence (an alias given in the text,
//! an acronym, a gazetteer form, an equal name key). These rules say when
//! such evidence is not enough:
//! - **bodies of one state**: the Army, the Navy, the Air Force, the
//!   Marines, the Coast Guard, the armed forces as a whole, the defence
//!   ministry and the foreign ministry are distinct bodies ([`body`]);
//! - **units**: a corps, command, division or fleet is not its service
//!   ([`unit`]);
//! - **countries**: names that begin with different countries are
//!   different bodies ("Indian Army", "Pakistan Army");
//! - **gazetteer identity**: two different organisations of the gazetteer
//!   ("General Electric", "General Atomics") stay two.
//!
//! Each is a [`Tag`] of a name; two clusters whose tags of one kind differ
//! are never joined.

use crate::norm::{fold, org_key};
use armswatch_annotate::Gazetteer;
use std::collections::BTreeMap;

/// A kind of identity tag and its value.
pub(crate) type Tags = BTreeMap<&'static str, String>;

/// Words naming a body of a state, longest phrases first, and the body.
const BODIES: &[(&str, &str)] = &[
    ("ministry of external affairs", "foreign-ministry"),
    ("ministry of foreign affairs", "foreign-ministry"),
    ("department of national defense", "defence-ministry"),
    ("ministry of national defense", "defence-ministry"),
    ("department of defense", "defence-ministry"),
    ("ministry of defense", "defence-ministry"),
    ("external affairs", "foreign-ministry"),
    ("foreign affairs", "foreign-ministry"),
    ("foreign ministry", "foreign-ministry"),
    ("foreign office", "foreign-ministry"),
    ("state department", "foreign-ministry"),
    ("defense ministry", "defence-ministry"),
    ("defense department", "defence-ministry"),
    ("air force", "air-force"),
    ("air forces", "air-force"),
    ("marine corps", "marines"),
    ("coast guard", "coast-guard"),
    ("armed forces", "armed-forces"),
    ("pentagon", "defence-ministry"),
    ("marines", "marines"),
    ("navy", "navy"),
    ("naval", "navy"),
    ("army", "army"),
    ("airforce", "air-force"),
];

/// Words naming a unit within a service.
const UNIT_WORDS: &[&str] = &[
    "corps",
    "command",
    "division",
    "regiment",
    "brigade",
    "battalion",
    "squadron",
    "fleet",
    "wing",
    "aviation",
    "academy",
    "college",
    "school",
    "museum",
    "hospital",
];

fn folded_words(name: &str) -> Vec<String> {
    fold(name)
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches('\'');
            let w = w.strip_suffix("'s").unwrap_or(w);
            match w {
                "defence" => "defense".to_string(),
                w => w.to_string(),
            }
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The body of a state a name names, by the last body phrase in it
/// ("People's Liberation Army Navy" is the navy).
pub fn body(name: &str) -> Option<&'static str> {
    let ws = folded_words(name);
    let mut best: Option<(usize, &'static str)> = None;
    for (phrase, b) in BODIES {
        let p: Vec<&str> = phrase.split(' ').collect();
        if p.len() > ws.len() {
            continue;
        }
        for start in 0..=ws.len() - p.len() {
            if ws[start..start + p.len()]
                .iter()
                .zip(&p)
                .all(|(a, b)| a == b)
            {
                let end = start + p.len();
                if best.is_none_or(|(e, _)| end > e) {
                    best = Some((end, b));
                }
            }
        }
    }
    best.map(|(_, b)| b)
}

/// The unit a name of a service names (its words, country dropped), or ""
/// for the service itself. `None` for names of no service.
pub fn unit(g: &Gazetteer, name: &str) -> Option<String> {
    body(name)?;
    let ws = folded_words(name);
    if !ws.iter().any(|w| UNIT_WORDS.contains(&w.as_str())) {
        return Some(String::new());
    }
    let k = org_key(g, name);
    Some(k.bare.unwrap_or(k.full))
}

/// The identity tags of an organisation's name: its body, its unit, the
/// country it begins with.
pub fn tags(g: &Gazetteer, name: &str) -> Tags {
    let mut t = Tags::new();
    if let Some(b) = body(name) {
        t.insert("body", b.to_string());
    }
    if let Some(u) = unit(g, name) {
        t.insert("unit", u);
    }
    let k = org_key(g, name);
    if let (Some(c), Some(_)) = (k.country, k.bare) {
        t.insert("country", c);
    }
    t
}

/// Whether two sets of tags allow one entity: no kind with two values.
pub fn compatible(a: &Tags, b: &Tags) -> bool {
    a.iter().all(|(k, v)| b.get(k).is_none_or(|w| w == v))
}

/// Keys of generic words that still name one body once the country is
/// known ("army" of India is the Indian Army): only these join across
/// articles.
pub fn one_per_state(key: &str) -> bool {
    let bare = match key.strip_prefix('@') {
        Some(rest) => rest.split_once(' ').map_or("", |(_, b)| b),
        None => key,
    };
    !bare.is_empty() && BODIES.iter().any(|(p, _)| *p == bare)
}

/// Whether `alias` only shortens `name` (its words are some of the
/// name's: "Tata" of "Tata Advanced Systems").
pub fn shortens(name: &str, alias: &str) -> bool {
    let n = folded_words(name);
    let a = folded_words(alias);
    !a.is_empty() && a.len() < n.len() && a.iter().all(|w| n.contains(w))
}

/// Whether a multi-word alias names something else: neither name holds
/// the other's words ("Kalyani Group" for Bharat Forge, "Godrej Aerospace"
/// for Godrej & Boyce: a parent, a subsidiary).
fn crosses(g: &Gazetteer, name: &str, alias: &str) -> bool {
    if alias.split_whitespace().count() < 2 {
        return false;
    }
    let key_words = |s: &str| -> std::collections::BTreeSet<String> {
        let k = org_key(g, s);
        k.bare
            .unwrap_or(k.full)
            .split_whitespace()
            .filter(|w| !w.starts_with('@'))
            .map(str::to_string)
            .collect()
    };
    let (a, n) = (key_words(alias), key_words(name));
    !a.is_empty() && !n.is_empty() && !a.is_subset(&n) && !n.is_subset(&a)
}

/// The forms of a gazetteer organisation that are evidence of it: its
/// name and aliases, less those naming another organisation (a parent or
/// a subsidiary listed as an alias: "Kalyani Group" under Bharat Forge)
/// and the acronyms such a name spells ("KSSL").
pub fn gazetteer_forms(
    g: &Gazetteer,
    o: &armswatch_annotate::gazetteer::Organisation,
) -> Vec<String> {
    let (other, own): (Vec<&String>, Vec<&String>) =
        o.aliases.iter().partition(|a| crosses(g, &o.name, a));
    let spelled: Vec<String> = other
        .iter()
        .flat_map(|a| crate::norm::initials(a))
        .collect();
    std::iter::once(o.name.clone())
        .chain(
            own.into_iter()
                .filter(|a| {
                    // "KSSL": the initials, and the legal form's.
                    let up = a.replace(['-', '.'], "").to_uppercase();
                    !spelled
                        .iter()
                        .any(|s| up.starts_with(s.as_str()) && up.len() <= s.len() + 1)
                })
                .cloned(),
        )
        .collect()
}

/// Whether `alias`, given for `name` in one article, is evidence that they
/// are one: not a country or demonym on its own ("Indian"), not an
/// acronym the name contains ("MNDF" of "MNDF Coast Guard"), not another
/// organisation's name ([`crosses`]), not generic words the name does not
/// contain ("Navy" given for an air force, "Defence Ministry" for the
/// foreign ministry).
pub fn alias_is_evidence(
    g: &Gazetteer,
    generic: &std::collections::BTreeSet<String>,
    name: &str,
    alias: &str,
) -> bool {
    let k = org_key(g, alias);
    if k.country.is_some() && k.bare.is_none() {
        return false;
    }
    let acronym = alias.replace(['-', '.'], "");
    if crate::norm::is_acronym(&acronym) {
        // "MNDF" given for "MNDF Coast Guard": the name is a unit of the
        // body the acronym names.
        return !folded_words(name).contains(&acronym.to_lowercase());
    }
    if crosses(g, name, alias) {
        return false;
    }
    let body_words: Vec<String> = folded_words(k.bare.as_deref().unwrap_or(&k.full))
        .into_iter()
        .filter(|w| !w.starts_with('@'))
        .collect();
    if body_words.is_empty() {
        return false;
    }
    if !body_words.iter().all(|w| generic.contains(w)) {
        return true;
    }
    let name_words = folded_words(name);
    body_words.iter().all(|w| name_words.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testgaz::gazetteer;

    #[test]
    fn services_of_one_state_are_different_bodies() {
        assert_eq!(body("Indian Army"), Some("army"));
        assert_eq!(body("Indian Navy"), Some("navy"));
        assert_eq!(body("Indian Air Force"), Some("air-force"));
        assert_eq!(body("People's Liberation Army Navy"), Some("navy"));
        assert_eq!(
            body("People's Liberation Army Air Force"),
            Some("air-force")
        );
        assert_eq!(body("Ministry of Defence"), Some("defence-ministry"));
        assert_eq!(
            body("Ministry of External Affairs"),
            Some("foreign-ministry")
        );
        assert_eq!(body("Ruritanian Widgets"), None);
        let g = gazetteer();
        assert!(!compatible(
            &tags(&g, "Indian Army"),
            &tags(&g, "Indian Navy")
        ));
        assert!(compatible(&tags(&g, "Indian Army"), &tags(&g, "Army")));
    }

    #[test]
    fn units_are_not_their_service() {
        let g = gazetteer();
        assert_eq!(unit(&g, "Indian Army").as_deref(), Some(""));
        assert_ne!(unit(&g, "Army Aviation Corps").as_deref(), Some(""));
        assert!(!compatible(
            &tags(&g, "Army Aviation Corps"),
            &tags(&g, "Indian Army")
        ));
        assert!(!compatible(
            &tags(&g, "Eastern Naval Command"),
            &tags(&g, "Western Naval Command")
        ));
    }

    #[test]
    fn names_of_two_countries_are_two_bodies() {
        let g = gazetteer();
        assert!(!compatible(
            &tags(&g, "Indian Army"),
            &tags(&g, "Chinese Army")
        ));
    }

    #[test]
    fn only_bodies_of_a_state_join_on_generic_words() {
        assert!(one_per_state("army"));
        assert!(one_per_state("@in air force"));
        assert!(!one_per_state("defense"));
        assert!(!one_per_state("general"));
    }

    #[test]
    fn an_alias_must_say_something_the_name_does() {
        let g = gazetteer();
        let generic: std::collections::BTreeSet<String> =
            ["navy", "air", "force", "defense", "ministry", "general"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        let ok = |n, a| alias_is_evidence(&g, &generic, n, a);
        assert!(!ok("Indian Navy", "Indian"));
        assert!(!ok("Indian Navy", "India"));
        assert!(!ok("Ruritanian Air Force", "Navy"));
        assert!(!ok("Ministry of External Affairs", "Defence Ministry"));
        assert!(!ok("Bharat Widgets", "Kalyani Group"));
        let o = armswatch_annotate::gazetteer::Organisation {
            name: "Bharat Widgets".into(),
            kind: armswatch_register::ActorType::Company,
            country: Some("IN".into()),
            aliases: vec![
                "Kalyani Widget Systems".into(),
                "KWSL".into(),
                "Bharat Widgets Ltd".into(),
            ],
            members: Vec::new(),
        };
        assert_eq!(
            gazetteer_forms(&g, &o),
            ["Bharat Widgets", "Bharat Widgets Ltd"]
        );
        assert!(!ok("Godrej & Boyce", "Godrej Aerospace"));
        assert!(!ok("MNDF Coast Guard", "MNDF"));
        assert!(ok("Widget Forge", "Widget Forge Limited"));
        assert!(ok("Indian Air Force", "India Air Force"));
        assert!(ok("Indian Navy", "Navy"));
        assert!(ok("Widget Dynamics", "WD"));
        assert!(ok("Ruritanian Widget Works", "Widget Works"));
    }
}
