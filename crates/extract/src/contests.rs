//! Contests: a procurement competition told over several sentences — the
//! tender, the bidders (consortia with their members), the award, protests
//! and a cancellation — assembled into one record per buyer and item.

use crate::actors::{entity_actor, participants, Participant};
use crate::clause::Clause;
use crate::Context;
use armswatch_annotate::Annotation;
use armswatch_register::{Actor, ActorType, Category, ContestStatus, Date, Money, Protest, System};

/// Words that say a competition exists.
const COMPETITION: &[&str] = &[
    "tender", "tenders", "bid", "bids", "bidder", "bidders", "bidding", "compete", "competing",
    "competition", "competitive", "competitor", "competitors", "proposals", "shortlist",
    "shortlisted", "contenders", "contender", "rival", "rivals", "re-advertised", "finalists",
    "runoff", "evaluating", "evaluation",
];
const PROTEST: &[&str] = &[
    "protest", "protested", "protests", "challenged", "complained", "complaint", "appealed",
    "appeal", "derail", "objected", "contested", "lodged",
];

#[derive(Debug, Clone)]
pub struct ContestDraft {
    pub buyer: Option<Actor>,
    pub item: Option<System>,
    pub value: Option<Money>,
    pub bidders: Vec<Actor>,
    pub winner: Option<Actor>,
    pub awarded: Option<Date>,
    pub protests: Vec<Protest>,
    pub cancelled: Option<Date>,
    pub is_cancelled: bool,
    pub sentences: Vec<usize>,
}

fn push_unique(v: &mut Vec<Actor>, a: Actor) {
    if !v.iter().any(|x| x.name == a.name) {
        v.push(a);
    }
}

fn is_buyer(p: &Participant) -> bool {
    matches!(
        p.actor.kind,
        ActorType::State | ActorType::GovernmentBody | ActorType::ArmedForce
    ) && !p.adjective
}

fn is_bidder(p: &Participant) -> bool {
    matches!(
        p.actor.kind,
        ActorType::Company | ActorType::Consortium | ActorType::State
    ) && !p.adjective
}

/// Reads the contest of a document, if its sentences tell of one.
pub fn read(cx: &Context<'_>, a: &Annotation<'_>) -> Option<ContestDraft> {
    let g = cx.g;
    let mut d = ContestDraft {
        buyer: None,
        item: None,
        value: None,
        bidders: Vec::new(),
        winner: None,
        awarded: None,
        protests: Vec::new(),
        cancelled: None,
        is_cancelled: false,
        sentences: Vec::new(),
    };
    let mut competition = false;
    for si in 0..a.sentences.len() {
        if a.sentences[si].heading {
            continue;
        }
        let c = Clause::new(a, si);
        let lower = c.lower();
        let has_competition = c.has_any(COMPETITION)
            || c.has_phrase(&["request for proposals", "winning team", "winning bid", "select the winning", "seeking to build", "submitting proposals", "called for new bids"]);
        let contractish = c.has_any(&["contract", "contracts", "deal", "program", "programme", "project"]);
        let awarded_to = c.has_phrase(&["awarded the contract to", "awarded the contract in", "won the contract", "won the tender", "selected", "chose", "picked", "won,", "won the competition"]);
        let cancel = c.has_any(&["canceled", "cancelled", "cancel", "cancels", "scrapped", "annulled", "cancellation"]);
        let protest = c.has_any(PROTEST) || c.has_phrase(&["applied enough pressure", "convinced officials"]);
        if !(has_competition || (contractish && (awarded_to || cancel || protest))) {
            continue;
        }
        // A cancelled or protested contract only counts as a contest when
        // the story elsewhere speaks of a competition.
        competition |= has_competition || awarded_to;
        d.sentences.push(si);
        let parts = participants(g, a, si, false);
        let attribution = c.attribution_start();

        // Buyer: a state body that awards, cancels, invites tenders; or
        // "the Navy's ... program", "a U.S. Air Force contract".
        if d.buyer.is_none() {
            let cand = parts.iter().filter(|p| is_buyer(p)).find(|p| {
                let after = &c.text[p.end..c.end];
                let after_l = after.to_lowercase();
                let acts = ["awarded", "canceled", "cancelled", "plans to select", "has called", "called for", "invited", "is evaluating", "request", "will select", "had approached", "approached"]
                    .iter()
                    .any(|v| after_l.trim_start().starts_with(v) || after_l.trim_start_matches(['’', '\'', 's', ' ']).starts_with(v));
                let possessive_program = (after.starts_with("’s") || after.starts_with("'s")) && {
                    let rest = after_l.get(2..).unwrap_or("");
                    rest.split(['.', ',']).next().is_some_and(|x| x.contains("program") || x.contains("tender") || x.contains("request") || x.contains("contract") || x.contains("fighter") || x.contains("new"))
                };
                let modifies_contract = after_l.trim_start().starts_with("contract");
                acts || possessive_program || modifies_contract
            });
            if let Some(p) = cand {
                d.buyer = Some(p.actor.clone());
            } else if lower.contains("tenders would be invited") || lower.contains("tender") {
                // "the kingdom had completed studies ... tenders would be
                // invited": the sentence's state or body.
                if let Some(p) = parts.iter().find(|p| is_buyer(p) && p.start < attribution) {
                    d.buyer = Some(p.actor.clone());
                }
            }
        }
        // Item and value.
        if d.item.is_none() {
            if let Some(s) = a.systems[si].iter().find(|s| !s.generic) {
                d.item = Some(System {
                    name: s.name.clone(),
                    description: s.description.clone(),
                    category: s.category,
                });
            }
        }
        if d.value.is_none() {
            d.value = a.money_in(si).next().map(|m| m.money.clone());
        }
        let date = a
            .dates_in(si)
            .find(|x| !x.future && !x.deadline && x.start < attribution)
            .map(|x| x.date);

        // Winner: "awarded the contract ... to X", "X won".
        if awarded_to || c.has_phrase(&["was awarded", "were awarded", "won"]) {
            let to_winner = parts.iter().find(|p| {
                is_bidder(p) && c.preposition(p.start) == Some("to")
            });
            let won_subject = parts.iter().find(|p| {
                is_bidder(p) && {
                    let after = c.text[p.end..c.end].trim_start().to_lowercase();
                    after.starts_with("won") || after.starts_with("was selected") || after.starts_with("was chosen")
                }
            });
            if let Some(w) = to_winner.or(won_subject) {
                let actor = with_members(a, w);
                if d.winner.is_none() {
                    d.winner = Some(actor.clone());
                    if awarded_to {
                        d.awarded = date.or(d.awarded);
                    }
                }
                push_unique(&mut d.bidders, actor);
            }
        }
        // Bidders: "X and Y also bid for", "formed a consortium to compete
        // for", "were also submitting proposals", "X is seeking a contract".
        if has_competition {
            let verb_pos = ["bid", "compete", "submitting", "seeking", "offer", "proposals", "consortium", "partnership", "team", "tender"]
                .iter()
                .filter_map(|v| lower.find(v))
                .min()
                .map(|i| c.start + i);
            for p in &parts {
                if !is_bidder(p) {
                    continue;
                }
                let before_verb = verb_pos.is_some_and(|v| p.end <= v);
                let prep = c.preposition(p.start);
                if before_verb && !matches!(prep, Some("to" | "from" | "for" | "of" | "by" | "at")) {
                    if d.buyer.as_ref().is_some_and(|b| b.name == p.actor.name) {
                        continue;
                    }
                    push_unique(&mut d.bidders, with_members(a, p));
                }
            }
            // "a consortium of Chinese defense manufacturers".
            if let Some(i) = lower.find("a consortium of ") {
                let rest = &c.text[c.start + i..c.end];
                let np_end = rest.find([' ', ',']).map(|_| {
                    rest.find(" also ").or_else(|| rest.find(" bid")).or_else(|| rest.find(',')).unwrap_or(rest.len())
                }).unwrap_or(rest.len());
                let np = rest[2..np_end].trim();
                let country = a
                    .countries_in(si)
                    .find(|x| x.start >= c.start + i && x.end <= c.start + i + np_end)
                    .map(|x| x.code.clone());
                if country.is_some() {
                    push_unique(&mut d.bidders, Actor::new(np, ActorType::Consortium, country));
                }
            }
        }
        // Protests.
        if protest {
            for p in &parts {
                if !matches!(p.actor.kind, ActorType::Company | ActorType::State | ActorType::Consortium) || p.adjective {
                    continue;
                }
                if d.winner.as_ref().is_some_and(|w| w.name == p.actor.name) {
                    continue;
                }
                let after = c.text[p.end..c.end].to_lowercase();
                let acts = PROTEST.iter().any(|w| after.split(|ch: char| !ch.is_alphanumeric()).take(12).any(|x| x == *w))
                    || after.contains("applied") && after.contains("pressure");
                if acts && !d.protests.iter().any(|x| x.by.name == p.actor.name) {
                    d.protests.push(Protest {
                        by: p.actor.clone(),
                        grounds: None,
                        date: None,
                    });
                }
            }
        }
        if cancel && contractish {
            d.is_cancelled = true;
            if d.cancelled.is_none() {
                d.cancelled = date;
            }
            if d.value.is_none() {
                d.value = a.money_in(si).next().map(|m| m.money.clone());
            }
            // "... after a Chinese company convinced officials that the deal
            // did not meet technical specifications": the grounds.
            if let Some(i) = lower.find(" that the deal ").or_else(|| lower.find(" that the contract ")).or_else(|| lower.find(" that the bid ")) {
                let g_text = c.text[c.start + i + 6..c.end].trim_end_matches('.');
                let grounds = g_text.split_once(' ').map(|x| x.1).unwrap_or(g_text);
                let grounds = grounds.trim_start_matches("deal ").trim_start_matches("contract ").trim_start_matches("bid ");
                if let Some(pr) = d.protests.first_mut() {
                    pr.grounds = Some(grounds.to_string());
                } else {
                    cx.pending_grounds.borrow_mut().replace(grounds.to_string());
                }
            }
        }
    }
    if !competition || d.sentences.is_empty() {
        return None;
    }
    if let Some(gr) = cx.pending_grounds.borrow_mut().take() {
        if let Some(pr) = d.protests.first_mut() {
            if pr.grounds.is_none() {
                pr.grounds = Some(gr);
            }
        }
    }
    if d.buyer.is_none() {
        d.buyer = cx.domestic_buyer(a, d.sentences[0]);
    }
    d.buyer.as_ref()?;
    if d.item.is_none() {
        d.item = Some(System {
            name: None,
            description: None,
            category: Category::Other,
        });
    }
    // The buyer is not a bidder.
    if let Some(b) = &d.buyer {
        let bn = b.name.clone();
        d.bidders.retain(|x| x.name != bn);
    }
    Some(d)
}

/// A bidder with its consortium members when the entity has them.
fn with_members(a: &Annotation<'_>, p: &Participant) -> Actor {
    match p.entity {
        Some(e) => entity_actor(a, e),
        None => p.actor.clone(),
    }
}

pub fn status(d: &ContestDraft) -> ContestStatus {
    if d.is_cancelled {
        ContestStatus::Cancelled
    } else if d.winner.is_some() {
        ContestStatus::Awarded
    } else {
        ContestStatus::Open
    }
}
