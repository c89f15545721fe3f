//! Engagements: defence-diplomatic acts — visits, meetings and talks,
//! agreements (MoU, accord, treaty), joint exercises — between states or
//! their bodies and officials.

use crate::actors::{participants, state, Participant};
use crate::clause::Clause;
use crate::Context;
use armswatch_annotate::{Annotation, CountryForm};
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

fn kind_of(c: &Clause<'_>) -> Option<(EngagementType, usize)> {
    let l = c.lower();
    let find = |ps: &[&str]| -> Option<usize> {
        ps.iter()
            .filter_map(|p| {
                l.match_indices(p)
                    .find(|(i, _)| {
                        let before_ok = *i == 0 || !l[..*i].chars().next_back().is_some_and(|ch| ch.is_alphanumeric());
                        let after_ok = !l[i + p.len()..].chars().next().is_some_and(|ch| ch.is_alphanumeric());
                        before_ok && after_ok
                    })
                    .map(|(i, _)| c.start + i)
            })
            .min()
    };
    if let Some(p) = find(&[
        "memorandum of understanding", "mou", "signed an agreement", "signed a defence", "signed a defense",
        "signed an accord", "signed a treaty", "defence cooperation agreement", "defense cooperation agreement",
        "agreed to help", "agreed to cooperate", "agreed to expand", "agreed to strengthen", "is an agreement between",
        "an agreement between", "signed a pact", "signed a framework",
    ]) {
        return Some((EngagementType::Agreement, p));
    }
    if let Some(p) = find(&["joint exercise", "joint exercises", "joint drills", "military drills", "naval drills", "war games"]) {
        return Some((EngagementType::Exercise, p));
    }
    if let Some(p) = find(&["during a visit to", "visit to", "visited", "state visit", "official visit", "visiting", "arrived in"]) {
        return Some((EngagementType::Visit, p));
    }
    if let Some(p) = find(&["met with", "met", "meeting with", "talks with", "held talks", "in his talks", "in talks with", "in her talks", "meets", "will meet", "hosted"]) {
        return Some((EngagementType::Meeting, p));
    }
    None
}

const NOT_DEFENCE: &[&str] = &[
    "free-trade", "trade agreement", "free trade", "tax", "investment treaty", "ceasefire talks",
];

pub fn read_sentence(cx: &Context<'_>, a: &Annotation<'_>, si: usize) -> Option<EngagementDraft> {
    let g = cx.g;
    if a.sentences[si].heading {
        return None;
    }
    let c = Clause::new(a, si);
    let (kind, at) = kind_of(&c)?;
    let lower = c.lower();
    if NOT_DEFENCE.iter().any(|w| lower.contains(w)) {
        return None;
    }
    // Reported speech about the engagement ("Reuters reported that ...")
    // still counts; the parties are the people and states around the verb.
    let parts: Vec<Participant> = participants(g, a, si, true)
        .into_iter()
        .filter(|p| !matches!(p.actor.kind, ActorType::Other))
        .collect();
    let mut parties: Vec<Actor> = Vec::new();
    // People first: ministers and generals stand for their states.
    for p in &parts {
        // The person who tells of the meeting is not a party to it.
        let speaker = {
            let after = c.text[p.end..c.end].trim_start();
            let reported = c.text[p.end..at.max(p.end)].contains(" that ");
            ["said", "says", "told", "added"].iter().any(|v| after.starts_with(v))
                && p.end < at
                && reported
        };
        if p.actor.kind == ActorType::Person && p.actor.country.is_some() && !speaker {
            parties.push(p.actor.clone());
        }
    }
    let people_countries: Vec<Option<String>> = parties.iter().map(|p| p.country.clone()).collect();
    for p in &parts {
        if p.actor.kind == ActorType::Person {
            continue;
        }
        if people_countries.contains(&p.actor.country) {
            continue;
        }
        // Adjectives count when they qualify the people who meet: "17
        // Chinese intelligence officials met ... Peruvian counterparts".
        if p.adjective {
            let after = c.text[p.end..c.end].trim_start().to_lowercase();
            let official = ["officials", "intelligence officials", "military officials", "officers", "delegation", "counterparts", "defence minister", "defense minister", "minister", "generals", "leaders"]
                .iter()
                .any(|w| after.starts_with(w));
            if !official {
                continue;
            }
            let code = p.actor.country.clone().unwrap_or_default();
            let mut actor = state(g, &code);
            let np_end = after.find([' ', ',', '.']).map(|_| {
                after.find(" met").or_else(|| after.find(" at ")).or_else(|| after.find(',')).unwrap_or(after.len().min(40))
            }).unwrap_or(0);
            if np_end > 0 && !after.starts_with("counterparts") {
                let written = &c.text[p.start..(p.end + 1 + np_end).min(c.end)];
                actor = Actor::new(written.trim(), ActorType::GovernmentBody, p.actor.country.clone());
            } else {
                continue;
            }
            if !parties.iter().any(|x| x.country == actor.country) {
                parties.push(actor);
            }
            continue;
        }
        if !parties.iter().any(|x| x.country == p.actor.country && x.kind == p.actor.kind) {
            parties.push(p.actor.clone());
        }
    }
    // "with their Peruvian counterparts at the Peruvian army's headquarters":
    // the counterpart side is the organisation named after.
    parties.dedup_by(|x, y| x.name == y.name);
    // A visit's host may be only the place: "during a visit to Saudi Arabia".
    if kind == EngagementType::Visit {
        if let Some(cm) = a.countries_in(si).find(|cm| cm.start > at && cm.form != CountryForm::Demonym) {
            if !parties.iter().any(|p| p.country.as_deref() == Some(cm.code.as_str())) {
                parties.push(state(g, &cm.code));
            }
        }
    }
    // Pronoun subject: "In his talks with ..., he made a pitch" — the
    // story's main person.
    let person_countries: std::collections::BTreeSet<String> = parties.iter().filter_map(|p| p.country.clone()).collect();
    if person_countries.len() < 2 && (lower.starts_with("in his talks") || lower.contains(" he ") || lower.starts_with("he ")) {
        if let Some(e) = cx.main_person(a) {
            let actor = crate::actors::entity_actor(a, e);
            if actor.country.is_some() && !parties.iter().any(|p| p.name == actor.name) {
                parties.insert(0, actor);
            }
        }
    }
    // Collapse states into their people/bodies: one party per country
    // unless several distinct bodies.
    let mut by_country: Vec<Actor> = Vec::new();
    for p in parties {
        if p.country.is_none() {
            continue;
        }
        let dup = by_country.iter().position(|x| x.country == p.country);
        match dup {
            Some(i) if by_country[i].kind == ActorType::State && p.kind != ActorType::State => by_country[i] = p,
            Some(_) => {}
            None => by_country.push(p),
        }
    }
    let countries: std::collections::BTreeSet<&str> = by_country.iter().filter_map(|p| p.country.as_deref()).collect();
    if countries.len() < 2 {
        return None;
    }
    // Company-to-company agreements are commerce, not diplomacy.
    if by_country.iter().all(|p| p.kind == ActorType::Company) {
        return None;
    }
    let date_m = a.dates_in(si).find(|d| !d.future);
    let place = place(cx, a, si).or_else(|| {
        let next = si + 1;
        (next < a.sentences.len() && a.sentence_text(next).to_lowercase().contains("meeting")).then(|| place(cx, a, next)).flatten()
    });
    let sentence = a.sentence_text(si);
    let description: String = sentence.chars().take(200).collect();
    let date = date_m.map(|d| d.date).or_else(|| {
        // Present-tense news of talks: the publication month.
        if matches!(kind, EngagementType::Agreement | EngagementType::Meeting) && (lower.contains(" has agreed") || lower.contains(" said ") || lower.contains(" told ")) {
            a.doc.published.map(|p| Date { day: None, ..p })
        } else {
            None
        }
    });
    Some(EngagementDraft {
        kind,
        parties: by_country,
        date,
        date_text: date_m.map(|d| d.text.clone()),
        place,
        description,
        sentence: si,
        confidence: 0.6,
    })
}

/// "in Lima", "at the Peruvian army's headquarters".
fn place(cx: &Context<'_>, a: &Annotation<'_>, si: usize) -> Option<String> {
    let _ = cx;
    let text = a.text();
    a.countries_in(si)
        .filter(|cm| cm.form == CountryForm::Capital)
        .find(|cm| text[..cm.start].ends_with("in ") || text[..cm.start].ends_with("to "))
        .map(|cm| text[cm.start..cm.end].to_string())
}
