//! Who takes part in a sentence: the countries and organisations named in
//! it, in order, as register [`Actor`]s.

use armswatch_annotate::{Annotation, CountryForm, CountryMention, Gazetteer};
use armswatch_register::{Actor, ActorType};

/// One actor mention in a sentence.
#[derive(Debug, Clone)]
pub struct Participant {
    pub start: usize,
    pub end: usize,
    pub actor: Actor,
    /// Index into `Annotation::entities`, when an organisation or person.
    pub entity: Option<usize>,
    /// A demonym used as an adjective ("Chinese-made", "Peruvian officials"):
    /// points to a country without naming it as an actor.
    pub adjective: bool,
    /// A place inside a country ("Pune", "Venice"): it tells where, so it
    /// may host a visit but is no side of a meeting.
    pub venue: bool,
}

/// Lower-case nouns a country name may qualify ("U.S. arms deals").
const NOUN_ADJUNCT_HEADS: &[&str] = &[
    "arms",
    "weapons",
    "military",
    "defense",
    "defence",
    "officials",
    "official",
    "forces",
    "troops",
    "company",
    "companies",
    "firm",
    "firms",
    "deals",
    "deal",
    "contractors",
    "contractor",
    "manufacturers",
    "manufacturer",
    "equipment",
    "missiles",
    "jets",
    "aircraft",
    "tanks",
    "ally",
    "allies",
    "embassy",
    "ambassador",
    "pressure",
    "sanctions",
    "industry",
    "industries",
    "intelligence",
    "diplomats",
    "diplomat",
    "navy",
    "army",
    "air",
    "warships",
    "ships",
    "submarines",
    "partner",
    "partners",
    "policy",
    "interests",
    "technology",
    "exports",
    "imports",
    "market",
    "markets",
    "counterparts",
];

pub fn state(g: &Gazetteer, code: &str) -> Actor {
    let name = g
        .country(code)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| code.to_string());
    Actor::new(name, ActorType::State, Some(code.to_string()))
}

/// The firm the gazetteer names as the maker of a design ("Rafale":
/// Dassault Aviation).
pub fn design_maker(g: &Gazetteer, design: &str) -> Option<Actor> {
    let maker = g.system(design)?.maker.as_deref()?;
    let o = g.organisation(maker)?;
    Some(Actor::new(o.name.clone(), o.kind, o.country.clone()))
}

pub fn entity_actor(a: &Annotation<'_>, e: usize) -> Actor {
    let ent = &a.entities[e];
    let mut actor = Actor::new(ent.name.clone(), ent.kind, ent.country.clone());
    if ent.kind == ActorType::Person {
        actor.role = ent.role.clone();
    }
    // The other ways this article writes it ("U.S. Air Force" for the
    // United States Air Force): a reader of the record finds the words of
    // the text.
    actor.aliases = ent.aliases.clone();
    for &m in &ent.members {
        let me = &a.entities[m];
        actor
            .members
            .push(Actor::new(me.name.clone(), me.kind, me.country.clone()));
    }
    actor
}

/// Participants of sentence `si`, in text order. Outlets are left out; so
/// are people unless `people` is set.
pub fn participants(
    g: &Gazetteer,
    a: &Annotation<'_>,
    si: usize,
    people: bool,
) -> Vec<Participant> {
    let text = a.text();
    let mut out: Vec<Participant> = leaders_states(g, a, si);
    for m in a.mentions_in(si) {
        let ent = &a.entities[m.entity];
        if out.iter().any(|p| p.start < m.end && m.start < p.end) {
            continue;
        }
        if ent.outlet || (!people && ent.kind == ActorType::Person) {
            continue;
        }
        // "Dornier 228", "Boeing 737": a maker's name that opens a named
        // design is part of the design's name, no party.
        let in_a_design = a.systems[si]
            .iter()
            .any(|s| s.name.is_some() && s.start <= m.start && m.end < s.end);
        if in_a_design {
            continue;
        }
        out.push(Participant {
            start: m.start,
            end: m.end,
            actor: entity_actor(a, m.entity),
            entity: Some(m.entity),
            adjective: false,
            venue: false,
        });
    }
    for c in a.countries_in(si) {
        if out.iter().any(|p| p.start <= c.start && c.end <= p.end) {
            continue;
        }
        // "ex-Danish F-16s" were Denmark's: a former owner is no party to
        // the deal at hand (their maker or seller is told by the goods).
        let before = text.get(c.start.saturating_sub(3)..c.start);
        if before.is_some_and(|p| p.eq_ignore_ascii_case("ex-")) {
            continue;
        }
        // "INS Delhi", "HMS London": a city in a named ship or system is
        // part of its name, no party.
        let in_a_name = matches!(c.form, CountryForm::Capital | CountryForm::Place)
            && a.systems[si]
                .iter()
                .any(|m| m.name.is_some() && m.start < c.start && c.end <= m.end);
        if in_a_name {
            continue;
        }
        let after = &text[c.end..];
        let adjective = match c.form {
            CountryForm::Demonym => {
                // "the Chinese" / "the Saudis" are actors; "Chinese-made
                // tanks" and "Peruvian officials" are adjectives.
                let next = after.trim_start();
                // "the Saudi government", "Dutch authorities": the state.
                let the_state = ["government", "authorities", "administration"]
                    .iter()
                    .any(|w| next.starts_with(w));
                !(the_state
                    || next.is_empty()
                    || next.starts_with([',', '.', ';', ')'])
                    || next.starts_with("and ")
                    || next.starts_with("have ")
                    || next.starts_with("had ")
                    || next.starts_with("were "))
                    || after.starts_with('-')
            }
            _ => {
                after.starts_with("-made")
                    || after.starts_with("-built")
                    || after.starts_with("-designed")
                    || after.starts_with("-origin")
                    || after.starts_with("-led")
                    || after.starts_with("-based")
                    // A country name used as a noun adjunct: "U.S. arms
                    // deals", "China defence officials".
                    || after
                        .strip_prefix(' ')
                        .and_then(|r| r.split(|ch: char| !ch.is_alphanumeric() && ch != '-').next())
                        .is_some_and(|w| NOUN_ADJUNCT_HEADS.contains(&w))
            }
        };
        // "Russia's Rosoboronexport": the country qualifies the company.
        let possessive = after.starts_with("’s ") || after.starts_with("'s ");
        let owns_next = possessive
            && out.iter().any(|p| {
                p.entity.is_some()
                    && p.start >= c.end
                    && matches!(
                        text.get(c.end..p.start).unwrap_or("?").trim_end(),
                        "’s" | "'s"
                    )
            });
        let adjective = adjective || owns_next;
        out.push(Participant {
            start: c.start,
            end: c.end,
            actor: state(g, &c.code),
            entity: None,
            adjective,
            venue: c.form == CountryForm::Place || locates_a_place(a, si, c),
        });
    }
    out.sort_by_key(|p| p.start);
    out
}

/// "in Hiroshima, Japan": a country named right after a city or place, set
/// off by a comma, says where the place is; it is the venue, no party.
fn locates_a_place(a: &Annotation<'_>, si: usize, c: &CountryMention) -> bool {
    let text = a.text();
    let known_place = a.countries_in(si).any(|p| {
        matches!(p.form, CountryForm::Capital | CountryForm::Place)
            && p.end < c.start
            && text[p.end..c.start].trim() == ","
    });
    // A country before the comma makes a list ("from Azerbaijan, Turkey").
    let after_a_country = a
        .countries_in(si)
        .any(|p| p.end < c.start && text[p.end..c.start].trim() == ",");
    known_place || (!after_a_country && after_a_named_place(&text[a.sentences[si].start..c.start]))
}

/// The text before a country ends "in Hiroshima, " (a preposition of place
/// and up to three capitalised words before the comma).
fn after_a_named_place(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(", ") else {
        return false;
    };
    let capital = |w: &str| {
        w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '-')
    };
    let mut words = rest.rsplit(' ');
    let mut names = 0;
    for w in words.by_ref() {
        if capital(w) && names < 3 {
            names += 1;
            continue;
        }
        return names > 0 && matches!(w, "in" | "at" | "near");
    }
    false
}

/// Whether an actor is an airline, a civil customer and traveller: a name
/// with an airline word ("South African Airways"), a firm named "Air"
/// and its country ("Air Mauritius"), or a carrier the lexicon names.
pub fn is_airline(g: &Gazetteer, a: &Actor) -> bool {
    let padded = format!(" {} ", a.name);
    let first = a.name.split(' ').next().unwrap_or("");
    g.words("airline_word")
        .iter()
        .any(|w| padded.contains(&format!(" {w} ")))
        || (a.kind == ActorType::Company && g.is("airline_prefix", first))
        || g.is("airline_name", &a.name)
}

/// The armed force that buys for a state told as a deal's buyer: the one
/// force of that state named in the deal's own sentences, else the one
/// force of it the article names at all; a whole service, not a unit
/// (lexicon class `whole_service_last`). A state names its buyer loosely
/// ("India ordered"); the service that will field the goods is the party
/// an analyst asks about. Two forces of the state named, and none in the
/// deal's sentences, leave the state.
pub fn named_service_of(
    g: &Gazetteer,
    a: &Annotation<'_>,
    state: &Actor,
    sentences: &[usize],
) -> Option<Actor> {
    if state.kind != ActorType::State {
        return None;
    }
    let country = state.country.as_deref()?;
    let force_of = |e: &usize| {
        let ent = &a.entities[*e];
        let whole = g
            .words("whole_service_last")
            .iter()
            .any(|w| ent.name.ends_with(&format!(" {w}")));
        ent.kind == ActorType::ArmedForce
            && whole
            && !ent.outlet
            && ent.country.as_deref() == Some(country)
    };
    let only = |mut es: Vec<usize>| {
        es.sort_unstable();
        es.dedup();
        match es.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    };
    let told: Vec<usize> = sentences
        .iter()
        .flat_map(|&si| a.mentions_in(si))
        .map(|m| m.entity)
        .filter(force_of)
        .collect();
    let e = if told.is_empty() {
        only(
            a.mentions
                .iter()
                .map(|m| m.entity)
                .filter(force_of)
                .collect(),
        )?
    } else {
        only(told)?
    };
    Some(entity_actor(a, e))
}

/// The home country's armed force or body that buys in this story: the
/// most mentioned one, preferring armed forces.
pub fn domestic_buyer(a: &Annotation<'_>) -> Option<Actor> {
    let home = a.home.as_deref()?;
    let mut best: Option<(usize, usize)> = None;
    for (e, ent) in a.entities.iter().enumerate() {
        if ent.country.as_deref() != Some(home) || ent.outlet {
            continue;
        }
        let rank = match ent.kind {
            ActorType::ArmedForce => 2,
            ActorType::GovernmentBody => 1,
            _ => continue,
        };
        let n = a.mentions.iter().filter(|m| m.entity == e).count();
        let score = rank * 100 + n;
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((e, score));
        }
    }
    best.map(|(e, _)| entity_actor(a, e))
}

/// "The Reagan administration", "the Modi government": a leader's
/// administration is the state's executive, an actor though the leader
/// alone, a person, is no side of a deal.
fn leaders_states(g: &Gazetteer, a: &Annotation<'_>, si: usize) -> Vec<Participant> {
    let base = a.sentences[si].start;
    let text = a.sentence_text(si);
    let mut out = Vec::new();
    let mut words = word_runs(text).peekable();
    while let Some((at, word)) = words.next() {
        let Some(&(next_at, next)) = words.peek() else {
            break;
        };
        let leader = word.starts_with(char::is_uppercase)
            && next_at == at + word.len() + 1
            && g.is("state_word", &titled(next));
        let Some(code) = leader
            .then(|| g.person(word))
            .flatten()
            .and_then(|p| p.country.as_deref())
        else {
            continue;
        };
        out.push(Participant {
            start: base + at,
            end: base + next_at + next.len(),
            actor: state(g, code),
            entity: None,
            adjective: false,
            venue: false,
        });
    }
    out
}

/// The runs of letters in `text`, with their byte offsets.
fn word_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

fn titled(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| {
            f.to_uppercase()
                .chain(c.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::after_a_named_place;

    #[test]
    fn a_country_after_a_named_place_locates_it() {
        assert!(after_a_named_place("The leaders met in Hiroshima, "));
        assert!(after_a_named_place("They will gather at Cam Ranh Bay, "));
        // A list of names, or a place word missing, is no location.
        assert!(!after_a_named_place("Ministers from Azerbaijan, "));
        assert!(!after_a_named_place("The leaders met Hiroshima, "));
        assert!(!after_a_named_place("The leaders met in Hiroshima "));
    }
}
