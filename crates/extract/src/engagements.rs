//! Engagements: defence-diplomatic acts — visits, meetings and talks,
//! agreements (MoU, accord, treaty), joint exercises — between states or
//! their bodies and officials. One sentence may tell of several ("Putin
//! held talks in Tehran ... on his first trip abroad": a meeting and a
//! visit).

use crate::actors::{participants, state, Participant};
use crate::clause::Clause;
use crate::Context;
use armswatch_annotate::{Annotation, CountryForm};
use armswatch_register::LowerSameLen;
use armswatch_register::{Actor, ActorType, Date, EngagementType};

#[derive(Debug, Clone)]
pub struct EngagementDraft {
    pub kind: EngagementType,
    pub parties: Vec<Actor>,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub place: Option<String>,
    pub description: String,
    pub sentence: usize,
    pub confidence: f64,
}

/// Position of the first of `phrases` on word boundaries in the sentence.
fn find(c: &Clause<'_>, phrases: &[&str]) -> Option<usize> {
    c.find_phrase(phrases)
}

/// Every kind of engagement the sentence tells of, with where its word is.
/// `goods` are the byte offsets where the sentence's systems start.
fn kinds_of(c: &Clause<'_>, goods: &[usize]) -> Vec<(EngagementType, usize)> {
    let mut out = Vec::new();
    let l = c.lower();
    // Agreements: a signing verb with an agreement noun, or agreeing to
    // cooperate.
    let signed = find(
        c,
        &[
            "signed",
            "signs",
            "sign",
            "inked",
            "concluded",
            "initialled",
            "initialed",
        ],
    );
    let instrument = find(
        c,
        &[
            "agreement",
            "agreements",
            "accord",
            "pact",
            "treaty",
            "memorandum",
            "mou",
            "protocol",
            "framework",
            "memorandum of understanding",
            "declaration",
        ],
    );
    if let (Some(s), Some(_)) = (signed, instrument) {
        out.push((EngagementType::Agreement, s));
    } else if let Some(p) = find(
        c,
        &[
            "agreed to cooperate",
            "agreed to expand",
            "agreed to strengthen",
            "an agreement between",
            "agreed to deepen",
            "agreed to step up",
        ],
    ) {
        out.push((EngagementType::Agreement, p));
    }
    // Exercises: "naval exercise", "joint drills"; not "exercise an option".
    if let Some(p) = find(
        c,
        &[
            "exercise",
            "exercises",
            "drills",
            "war games",
            "manoeuvres",
            "maneuvers",
        ],
    ) {
        let after = &l[p - c.start..];
        let before = l[..p - c.start].trim_end();
        let option = after.starts_with("exercise an option")
            || after.starts_with("exercise the option")
            || after.starts_with("exercise its option")
            || before.ends_with(" to");
        if !option {
            out.push((EngagementType::Exercise, p));
        }
    }
    if let Some(p) = find(
        c,
        &[
            "during a visit to",
            "visit to",
            "visited",
            "visits",
            "state visit",
            "official visit",
            "visiting",
            "arrived in",
            "trip to",
            "first trip",
            "tour of",
            "trip abroad",
        ],
    ) {
        out.push((EngagementType::Visit, p));
    }
    // "came to New Delhi", "flew to Moscow": travel to a named place.
    if let Some(p) = find(c, &["came to", "travelled to", "traveled to", "flew to"]) {
        let rest = &c.text[p..c.end];
        let next = rest.splitn(3, ' ').nth(2).unwrap_or("");
        if next.chars().next().is_some_and(char::is_uppercase) {
            out.push((EngagementType::Visit, p));
        }
    }
    if let Some(p) = find(
        c,
        &[
            "met with",
            "met",
            "meeting with",
            "talks with",
            "held talks",
            "in talks with",
            "meets",
            "will meet",
            "hosted",
            "summit",
            "called on",
            "received",
        ],
    ) {
        // "received a contract", "received its third regiment" are no
        // reception: one receives a person or a delegation.
        let rest = &l[p - c.start..];
        // "received Leopard tanks": goods, not a guest.
        let object = c.text[p..c.end]
            .find(' ')
            .map(|i| p + i + 1)
            .unwrap_or(c.end);
        let goods_received = goods.contains(&object);
        let received_someone = !rest.starts_with("received")
            || (!goods_received && receives_a_visitor(&c.text[p..c.end]));
        if received_someone && !meets_a_need(rest) {
            out.push((EngagementType::Meeting, p));
        }
    }
    out
}

/// "met the requirements", "will meet the same fate", "met two critical
/// technical requirements": after a form of "meet", within six words, a
/// thing one satisfies or suffers (class
/// `satisfy_object` of the grammar), not a person met.
fn meets_a_need(from_cue: &str) -> bool {
    if !from_cue.starts_with("me") && !from_cue.starts_with("will meet") {
        return false;
    }
    let Some(objects) = crate::frames::grammar().classes.get("satisfy_object") else {
        return false;
    };
    from_cue.split_whitespace().skip(1).take(6).any(|w| {
        let w = w.trim_end_matches([',', '.', ';']);
        objects
            .iter()
            .any(|o| w == o || w.strip_suffix('s') == Some(o.as_str()))
    })
}

/// Words for visitors one receives: "received the visiting minister".
const VISITORS: &[&str] = &[
    "minister",
    "ministers",
    "delegation",
    "president",
    "premier",
    "secretary",
    "chief",
    "general",
    "admiral",
    "ambassador",
    "envoy",
    "counterpart",
    "king",
    "prince",
    "emir",
    "chancellor",
    "officials",
    "commander",
];

/// After "received": a name ("received Modi") or, within five words, a
/// word for a visitor ("received the Saudi defence minister").
fn receives_a_visitor(from_cue: &str) -> bool {
    let mut words = from_cue.split_whitespace().skip(1);
    let Some(first) = words.next() else {
        return false;
    };
    let name = first.chars().next().is_some_and(char::is_uppercase);
    name || std::iter::once(first).chain(words.take(4)).any(|w| {
        VISITORS.contains(
            &w.trim_end_matches([',', '.', '\'', '’'])
                .to_lowercase()
                .as_str(),
        )
    })
}

const NOT_DEFENCE: &[&str] = &[
    "free-trade",
    "trade agreement",
    "free trade",
    "tax treaty",
    "investment treaty",
    "ceasefire talks",
    "trade deal",
    "trade talks",
];

/// Prepositions after which a country is a party ("talks with Iran",
/// "visit to Saudi Arabia") rather than a topic ("troops into Ukraine").
fn linked(c: &Clause<'_>, p: &Participant) -> bool {
    match c.preposition(p.start) {
        None => true,
        Some(w) => matches!(
            w,
            "with" | "between" | "and" | "to" | "by" | "from" | "alongside"
        ),
    }
}

/// Whether the country is where an envoy before "to" is posted ("the
/// ambassador to India", lexicon class `posting_title`): the envoy's own
/// state's servant, no contact with that country.
fn posted_to(g: &armswatch_annotate::Gazetteer, c: &Clause<'_>, p: &Participant) -> bool {
    let before = &c.text[..p.start];
    let Some(to) = before.rfind(" to ") else {
        return false;
    };
    // Only the list of postings between: "to Nigeria and Togo".
    let listed = before[to + 4..].split_whitespace().all(|w| {
        let w = w.trim_end_matches(',');
        w == "and" || w.starts_with(|ch: char| ch.is_uppercase())
    });
    let title = before[..to].rsplit(' ').next().unwrap_or("");
    listed && g.is("posting_title", &title.to_lowercase())
}

pub fn read_sentence(cx: &Context<'_>, a: &Annotation<'_>, si: usize) -> Vec<EngagementDraft> {
    let g = cx.g;
    if a.sentences[si].heading {
        return Vec::new();
    }
    let lower = crate::clause::sentence_lower(a, si);
    let c = &Clause::new(a, &lower, si);
    let goods: Vec<usize> = a.systems[si].iter().map(|m| m.start).collect();
    let kinds = kinds_of(c, &goods);
    if kinds.is_empty() {
        return Vec::new();
    }
    let lower = c.lower();
    if NOT_DEFENCE.iter().any(|w| lower.contains(w)) {
        return Vec::new();
    }
    let parts: Vec<Participant> = participants(g, a, si, true)
        .into_iter()
        .filter(|p| !matches!(p.actor.kind, ActorType::Other))
        .collect();
    let first_at = kinds.iter().map(|k| k.1).min().unwrap_or(c.start);
    let mut people: Vec<Actor> = Vec::new();
    for p in &parts {
        if p.actor.kind != ActorType::Person || p.actor.country.is_none() {
            continue;
        }
        // The person who tells of the meeting is not a party to it.
        let after = c.text[p.end..c.end].trim_start();
        let reported = c.text[p.end..first_at.max(p.end)].contains(" that ");
        let speaker = ["said", "says", "told", "added"]
            .iter()
            .any(|v| after.starts_with(v))
            && p.end < first_at
            && reported;
        if !speaker && !people.iter().any(|x| x.name == p.actor.name) {
            people.push(p.actor.clone());
        }
    }
    let mut bodies: Vec<Actor> = Vec::new();
    for p in &parts {
        // A city names where the sides met ("the Venice summit"), not who.
        // "the Russia-Ukraine war", "the US dollar": no side; nor the
        // country an envoy is posted to ("its ambassadors to India").
        let thing =
            armswatch_annotate::names::names_a_thing(g, a.text(), p.end) || posted_to(g, c, p);
        if p.actor.kind == ActorType::Person || p.venue || !linked(c, p) || thing {
            continue;
        }
        // Adjectives count when they qualify the people who meet: "17
        // Chinese intelligence officials met ... Peruvian counterparts".
        if p.adjective {
            let after = c.text[p.end..c.end].trim_start().lower_same_len();
            const OFFICIAL: &[&str] = &[
                "officials",
                "intelligence officials",
                "military officials",
                "officers",
                "delegation",
                "generals",
                "leaders",
                "troops",
                "forces",
                "counterparts",
                "counterpart",
                "navies",
                "navy",
                "armies",
                "army",
                "air forces",
                "air force",
                "militaries",
                "military",
                "warships",
                "soldiers",
                "marines",
                "coast guards",
                "defence ministers",
                "defense ministers",
                "ministers",
            ];
            // "the Indian and French navies": both sides of the coordination.
            let coordinated = after.strip_prefix("and ").is_some_and(|rest| {
                rest.split_once(' ')
                    .is_some_and(|(_, tail)| OFFICIAL.iter().any(|w| tail.starts_with(w)))
            });
            let official = OFFICIAL.iter().any(|w| after.starts_with(w)) || coordinated;
            if !official {
                continue;
            }
            // Named by the demonym and the word for the people who meet:
            // "Chinese intelligence officials", "French navies".
            let head = after
                .strip_prefix("and ")
                .and_then(|r| r.split_once(' ').map(|x| x.1))
                .unwrap_or(&after);
            let word = OFFICIAL
                .iter()
                .filter(|w| head.starts_with(*w))
                .max_by_key(|w| w.len())
                .copied()
                .unwrap_or("officials");
            let written = format!("{} {word}", &c.text[p.start..p.end]);
            let actor = Actor::new(written, ActorType::GovernmentBody, p.actor.country.clone());
            if !bodies.iter().any(|x| x.country == actor.country) {
                bodies.push(actor);
            }
            continue;
        }
        if !bodies.iter().any(|x| x.name == p.actor.name) {
            bodies.push(p.actor.clone());
        }
    }
    // Pronoun subject: "In his talks with ..., he made a pitch" — the
    // story's main person.
    let countries_of = |v: &[Actor]| -> std::collections::BTreeSet<String> {
        v.iter().filter_map(|p| p.country.clone()).collect()
    };
    let union: std::collections::BTreeSet<String> = countries_of(&people)
        .union(&countries_of(&bodies))
        .cloned()
        .collect();
    if union.len() < 2 && (lower.contains(" he ") || lower.starts_with("he ")) {
        if let Some(e) = cx.main_person(a) {
            let actor = crate::actors::entity_actor(a, e);
            if actor.country.is_some() && !people.iter().any(|p| p.name == actor.name) {
                people.insert(0, actor);
            }
        }
    }
    let date_m = a.dates_in(si).find(|d| !d.future);
    // A planned visit or meeting is dated when it is to be held (an
    // agreement's later dates are its terms: "extended to 2031"); a
    // deadline ("by June") dates nothing.
    let planned_m = a.dates_in(si).find(|d| !d.deadline);
    let future_m = a.dates_in(si).next();
    let place = place(a, si).or_else(|| {
        let next = si + 1;
        (next < a.sentences.len() && a.sentence_text(next).lower_same_len().contains("meeting"))
            .then(|| place(a, next))
            .flatten()
    });
    let sentence = a.sentence_text(si);
    let description: String = sentence.chars().take(200).collect();

    let mut out = Vec::new();
    for (kind, at) in kinds {
        let mut parties: Vec<Actor> = people.clone();
        // States and bodies stand beside the people, one per country
        // unless no person speaks for it.
        for b in &bodies {
            let covered = parties.iter().any(|p| p.country == b.country);
            if !covered {
                parties.push(b.clone());
            }
        }
        // A visit's host may be only the place: "during a visit to Saudi
        // Arabia", "held talks in Tehran".
        let have_two = countries_of(&parties).len() >= 2;
        if kind == EngagementType::Visit || (kind == EngagementType::Meeting && !have_two) {
            if let Some(cm) = a
                .countries_in(si)
                .find(|cm| cm.start > at.min(first_at) && cm.form != CountryForm::Demonym)
            {
                let in_or_to = {
                    let before = c.text[c.start..cm.start].trim_end().lower_same_len();
                    before.ends_with(" to") || before.ends_with(" in") || before.ends_with(" of")
                };
                if in_or_to
                    && !parties
                        .iter()
                        .any(|p| p.country.as_deref() == Some(cm.code.as_str()))
                {
                    parties.push(state(g, &cm.code));
                }
            }
        }
        // Talks and meetings with a firm are selling and buying, not
        // diplomacy; so are agreements between firms alone.
        if kind == EngagementType::Meeting {
            parties.retain(|p| !matches!(p.kind, ActorType::Company | ActorType::Consortium));
        }
        let countries = countries_of(&parties);
        if countries.len() < 2 {
            continue;
        }
        if parties.iter().all(|p| p.kind == ActorType::Company) {
            continue;
        }
        let dm = match kind {
            EngagementType::Exercise => future_m,
            EngagementType::Visit | EngagementType::Meeting => planned_m,
            _ => date_m,
        };
        let told_beside = || {
            (kind == EngagementType::Meeting)
                .then(|| meeting_dated_beside(a, si))
                .flatten()
        };
        let date = dm.map(|d| d.date).or_else(told_beside).or_else(|| {
            // Present-tense news of talks: the publication month.
            if matches!(kind, EngagementType::Agreement | EngagementType::Meeting)
                && (lower.contains(" has agreed")
                    || lower.contains(" said ")
                    || lower.contains(" told "))
            {
                a.doc.published.map(|p| Date { day: None, ..p })
            } else {
                None
            }
        });
        out.push(EngagementDraft {
            kind,
            parties,
            date,
            date_text: dm.map(|d| d.text.clone()),
            place: place.clone(),
            description: description.clone(),
            sentence: si,
            confidence: 0.6,
        });
    }
    out
}

/// "The minister raised fisheries in his meetings here with ... . She met
/// them at the summit on Friday": meetings told
/// without a day take the day of the sentence next to them that goes on
/// to tell of the same meetings (a pronoun subject meeting someone, with
/// a date of what has happened).
pub(crate) fn meeting_dated_beside(a: &Annotation<'_>, si: usize) -> Option<Date> {
    // A sentence on a visit tells of days, not of one meeting.
    let own = a.sentence_text(si).to_lowercase();
    if [" visit", " trip", " tour"].iter().any(|w| own.contains(w)) {
        return None;
    }
    // The sentence after, the one before, or the second after (a line on
    // the trip itself may stand between).
    let beside = [si + 1, si.wrapping_sub(1), si + 2];
    beside
        .into_iter()
        .filter(|&s| s < a.sentences.len())
        .find_map(|s| {
            let text = a.sentence_text(s).trim_start();
            let pronoun = ["He ", "She ", "They "].iter().any(|p| text.starts_with(p));
            let meets = [" met ", " held talks", " held a meeting", " held meetings"]
                .iter()
                .any(|m| text.contains(m));
            let date = a.dates_in(s).find(|d| !d.future && !d.deadline)?;
            (pronoun && meets).then_some(date.date)
        })
}

/// "in Lima", "to Tehran".
fn place(a: &Annotation<'_>, si: usize) -> Option<String> {
    let text = a.text();
    a.countries_in(si)
        .filter(|cm| matches!(cm.form, CountryForm::Capital | CountryForm::Place))
        .find(|cm| text[..cm.start].ends_with("in ") || text[..cm.start].ends_with("to "))
        .map(|cm| text[cm.start..cm.end].to_string())
}

#[cfg(test)]
mod tests {
    use super::receives_a_visitor;

    #[test]
    fn one_receives_people_not_goods() {
        assert!(receives_a_visitor(
            "received the visiting Omani defence minister"
        ));
        assert!(receives_a_visitor(
            "received Prime Minister Tanaka at the palace"
        ));
        assert!(!receives_a_visitor(
            "received its second squadron of jets from France"
        ));
        assert!(!receives_a_visitor("received 3rd batch of the radars"));
        assert!(!receives_a_visitor("received"));
    }
}
