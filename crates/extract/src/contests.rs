//! Contests: procurement competitions told over several sentences — the
//! tender, the bidders (consortia with their members), the selection or
//! award, protests and a cancellation — assembled into one record per
//! competition. A story may tell of several ("in a parallel competition
//! for an air defence system ...", "in 2011 the council chose ...").
//!
//! Each sentence that speaks of a competition is read on its own into a
//! [`Reading`]; readings join the open contest with the same buyer country
//! and item category, unless their dates show a different competition.

use crate::actors::{entity_actor, participants, Participant};
use crate::clause::Clause;
use crate::Context;
use armswatch_annotate::{Annotation, Gazetteer};
use armswatch_register::LowerSameLen;
use armswatch_register::{
    Actor, ActorType, Category, ContestStatus, Date, Money, Protest, System, TransferStatus,
};

/// Words that say a competition exists.
const COMPETITION: &[&str] = &[
    "tender",
    "tenders",
    "bid",
    "bids",
    "bidder",
    "bidders",
    "bidding",
    "compete",
    "competing",
    "competition",
    "competitive",
    "competitor",
    "competitors",
    "shortlist",
    "shortlisted",
    "contenders",
    "contender",
    "contest",
    "rivals",
    "re-advertised",
    "finalists",
    "runoff",
    "evaluation",
    "evaluating",
    "rfp",
];
const SELECT: &[&str] = &[
    "chose",
    "chosen",
    "choose",
    "choosing",
    "selecting",
    "picking",
    "picked",
    "selected",
    "selects",
    "opted",
    "preferred",
    "declared the winner",
    "won the competition",
    "won the tender",
    "won the contest",
];
const LOSERS: &[&str] = &[
    "over",
    "ahead of",
    "beating",
    "against",
    "rather than",
    "instead of",
];
const OFFER_VERBS: &[&str] = &[
    "offered",
    "offers",
    "offer",
    "bid",
    "bids",
    "submitted",
    "submitting",
    "entered",
    "proposed",
    "compete",
    "competing",
    "competed",
    "pitched",
    "tabled",
    "seeking",
    "vying",
    "formed",
];
const PROTEST: &[&str] = &[
    "protest",
    "protested",
    "protests",
    "challenged",
    "complained",
    "complaint",
    "appealed",
    "appeal",
    "derail",
    "objected",
    "contested",
    "lodged",
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
    /// When the competition was running (for telling two apart).
    pub when: Option<Date>,
    /// A competition word was seen (a lone cancelled contract is no contest).
    pub competition: bool,
    /// Told as an earlier competition, over before the one at hand ("the
    /// now cancelled MMRCA tender"): never the same contest as a live one.
    pub former: bool,
}

/// Words that tell a competition as one already over, before another:
/// "the now cancelled tender", "the previous competition".
const FORMER: &[&str] = &[
    "now cancelled",
    "now-cancelled",
    "now canceled",
    "now-canceled",
    "now scrapped",
    "now-scrapped",
    "now defunct",
    "now-defunct",
    "previous tender",
    "previous competition",
    "earlier tender",
    "earlier competition",
    "erstwhile",
];

/// Whether lower-cased `text` tells a competition as a former one.
pub fn tells_former(text: &str) -> bool {
    FORMER.iter().any(|w| text.contains(w))
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

/// A bidder with its consortium members when the entity has them.
fn with_members(a: &Annotation<'_>, p: &Participant) -> Actor {
    match p.entity {
        Some(e) => entity_actor(a, e),
        None => p.actor.clone(),
    }
}

/// Text after `pos` with leading auxiliaries dropped: "also bid", "has
/// offered", "was chosen".
fn verb_after(c: &Clause<'_>, pos: usize) -> String {
    let mut rest = c.text[pos..c.end].trim_start().lower_same_len();
    for aux in ["’s", "'s"] {
        if let Some(r) = rest.strip_prefix(aux) {
            rest = r.trim_start().to_string();
        }
    }
    loop {
        let mut changed = false;
        for aux in [
            "also ",
            "has ",
            "had ",
            "have ",
            "was ",
            "were ",
            "is ",
            "are ",
            "jointly ",
            "then ",
            "will ",
            "would ",
            "later ",
            "known to be ",
            "expected to ",
            "reported to be ",
            "said to be ",
            "likely to ",
            "said it ",
            "said they ",
            "said that it ",
            "said that they ",
            "says it ",
            "say they ",
            "plans to ",
            "hopes to ",
            "wants to ",
            "intends to ",
            "been ",
        ] {
            if let Some(r) = rest.strip_prefix(aux) {
                rest = r.to_string();
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    rest
}

/// What one sentence says about a competition.
#[derive(Debug, Default)]
struct Reading {
    buyer: Option<Actor>,
    item: Option<System>,
    value: Option<Money>,
    bidders: Vec<Actor>,
    winner: Option<Actor>,
    awarded: Option<Date>,
    protests: Vec<Protest>,
    cancelled: Option<Option<Date>>,
    date: Option<Date>,
    competition: bool,
    /// "The award ends a competition": the award told just before.
    refers_to_award: bool,
    grounds: Option<String>,
    /// Only adds detail (a value, an item) to a contest told elsewhere.
    supporting: bool,
    /// "The partnership is called H and R Co": the bidders' joint name.
    joint_name: Option<Actor>,
    /// A buyer chose something in this sentence.
    selection: bool,
    /// The countries of every party the sentence names.
    countries: Vec<String>,
    /// The competition is told as a former one ([`tells_former`]).
    former: bool,
}

/// Set phrases that use a competition or selection word for something else:
/// "in a bid to reduce costs" is an attempt, "preferred stock" a kind of
/// share; unless a verb of selling follows ("in a bid to win orders").
const IDIOMS: &[(&str, &str)] = &[
    ("bid", "in a bid to"),
    // A bid as an attempt: "foiled a smuggling bid". ("A bid to the navy"
    // is an offer: only "in a bid to" is an attempt among the "to"s.)
    ("bid", "smuggling bid"),
    ("bids", "smuggling bids"),
    ("bid", "infiltration bid"),
    ("bids", "infiltration bids"),
    ("bid", "escape bid"),
    ("bid", "takeover bid"),
    ("bids", "takeover bids"),
    ("bid", "hostile bid"),
    ("preferred", "preferred stock"),
    ("preferred", "preferred shares"),
    // Trials of one system are tests, not a competition.
    ("evaluation", "evaluation trials"),
    ("evaluation", "trials and evaluation"),
    ("evaluation", "evaluation and trials"),
];
const SELLING_AFTER_IDIOM: &[&str] = &[
    "win", "secure", "bag", "clinch", "land", "sell", "supply", "export",
];

/// Whether every word of `cues` the sentence holds stands in an idiom.
fn only_idioms(c: &Clause<'_>, cues: &[&str]) -> bool {
    let idiom_words: Vec<&str> = IDIOMS
        .iter()
        .filter(|(_, phrase)| {
            c.has_phrase(&[phrase])
                && !SELLING_AFTER_IDIOM
                    .iter()
                    .any(|v| c.has_phrase(&[&format!("{phrase} {v}")]))
        })
        .map(|(w, _)| *w)
        .collect();
    !idiom_words.is_empty()
        && cues
            .iter()
            .filter(|w| c.has_phrase(&[w]))
            .all(|w| idiom_words.contains(w))
}

fn read_sentence(
    cx: &Context<'_>,
    a: &Annotation<'_>,
    si: usize,
    story_has_competition: bool,
) -> Option<Reading> {
    let lower = crate::clause::sentence_lower(a, si);
    let c = &Clause::new(a, &lower, si);
    let lower = c.lower();
    // Proposals compete only when they are for something or from someone
    // ("proposals for a frigate"); "proposals to blacklist" are no bids.
    let competition = (c.has_any_common(COMPETITION) && !only_idioms(c, COMPETITION))
        || c.has_phrase(&[
            "request for proposals",
            "proposals for",
            "proposals from",
            "winning team",
            "winning bid",
            "lowest bidder",
        ]);
    // "will choose next month between A and B" is a competition, not yet a
    // selection.
    let future_choice = c.has_phrase(&[
        "will choose",
        "will select",
        "will pick",
        "to choose",
        "to select",
        "to pick",
        "would choose",
        "would select",
        "expected to choose",
        "expected to select",
        "plans to select",
        "plans to choose",
        // "to decide its sale" settles one deal: a choice is between
        // things, on one, or of which.
        "will decide between",
        "to decide between",
        "will decide on",
        "to decide on",
        "will decide which",
        "to decide which",
        "to decide among",
    ]);
    // "to decide when the parachute opens": a choice needs a party.
    let future_choice = future_choice && a.countries_in(si).count() + a.mentions_in(si).count() > 0;
    let selection = c.has_phrase(SELECT) && !only_idioms(c, SELECT) && !future_choice;
    // "awarded the contract on February 29 to the Northrop team".
    let awarded_to = c.has_phrase(&["won the contract", "awarded the tender", "won the tender"])
        || ["awarded", "award of", "award to"].iter().any(|w| {
            lower
                .find(w)
                .is_some_and(|i| lower[i..].contains(" to ") && lower[i..].contains("contract"))
        });
    let contractish = c.has_any(&[
        "contract",
        "contracts",
        "deal",
        "program",
        "programme",
        "project",
        "tender",
        "purchase",
        "order",
        "competition",
        "contest",
        "procurement",
    ]);
    let cancel = c.has_any(&[
        "canceled",
        "cancelled",
        "cancel",
        "cancels",
        "scrapped",
        "annulled",
        "cancellation",
        "withdrew",
        "withdrawn",
        "killing",
        "killed",
        "rejected",
    ]);
    let protest = c.has_any(PROTEST);
    let offer = c.has_any(OFFER_VERBS) && !only_idioms(c, OFFER_VERBS);
    let teams = c.has_any(&["team", "teams", "consortium", "partnership", "venture"]);
    let has_system_value =
        a.systems[si].iter().any(|s| !s.generic) && a.money_in(si).next().is_some();
    // An award makes a contest only in a story of competing (a daily list
    // of contracts awarded tells orders, not competitions).
    let awarded_to = awarded_to && (story_has_competition || protest);
    let decisive =
        competition || selection || awarded_to || future_choice || (protest && contractish);
    if !(decisive
        || (story_has_competition
            && (offer || teams || has_system_value || (contractish && (cancel || protest)))))
    {
        return None;
    }
    let parts = participants(cx.g, a, si, false);
    let attribution = c.attribution_start();
    let mut r = Reading {
        selection,
        former: tells_former(lower),
        competition: competition || future_choice,
        supporting: !decisive && !offer && !cancel && !protest,
        ..Reading::default()
    };
    r.date = a
        .dates_in(si)
        .find(|x| !x.future && !x.deadline && x.start < attribution)
        .map(|x| x.date);
    r.refers_to_award = c.has_phrase(&[
        "the award",
        "the contract",
        "the deal",
        "the selection",
        "the decision",
    ]);

    // Buyer: a state body acting in the sentence (the subject of
    // chose/awarded/launched/cancelled), the owner of a programme ("the
    // Navy's ... program"), or the customer named on the contract.
    let first_verb = [
        "chose",
        "picked",
        "selected",
        "awarded",
        "launched",
        "opened",
        "issued",
        "invited",
        "canceled",
        "cancelled",
        "scrapped",
        "withdrew",
        "plans",
        "called",
        "approached",
        "is evaluating",
        "has completed",
        "shortlisted",
        "held",
        "began",
        "said it would",
        "gave",
        "will choose",
        "will select",
        "will pick",
        "will decide",
        "plans to choose",
    ]
    .iter()
    .filter_map(|v| lower.find(&format!(" {v}")))
    .min()
    .map(|i| c.start + i);
    let buyer = parts
        .iter()
        .filter(|p| is_buyer(p) && p.start < attribution)
        .find(|p| {
            let after = verb_after(c, p.end);
            let subject = first_verb
                .is_some_and(|v| p.end <= v && c.words_between(p.end, v).count() <= 4)
                && !matches!(
                    c.preposition(p.start),
                    Some("to" | "from" | "by" | "with" | "for" | "of" | "over" | "against")
                );
            let possessive_program = (c.text[p.end..].starts_with("’s")
                || c.text[p.end..].starts_with("'s"))
                && [
                    "program",
                    "programme",
                    "tender",
                    "request",
                    "contract",
                    "competition",
                    "search",
                    "new",
                    "requirement",
                ]
                .iter()
                .any(|w| {
                    after
                        .split(['.', ','])
                        .next()
                        .is_some_and(|x| x.contains(w))
                });
            let modifies_contract = after.starts_with("contract") || after.starts_with("tender");
            subject || possessive_program || modifies_contract
        });
    r.buyer = buyer.map(|p| p.actor.clone());
    r.countries = parts
        .iter()
        .filter_map(|p| p.actor.country.clone())
        .collect();
    if r.buyer.is_none() && lower.contains("tender") {
        r.buyer = parts
            .iter()
            .find(|p| {
                is_buyer(p) && p.start < attribution && p.actor.kind != ActorType::State
                    || is_buyer(p) && p.start < attribution
            })
            .map(|p| p.actor.clone());
    }
    // Item and value.
    if let Some(s) = a.systems[si].iter().find(|s| !s.generic) {
        r.item = Some(System {
            name: s.name.clone(),
            description: s.description.clone(),
            category: s.category,
        });
    }
    r.value = a
        .money_in(si)
        .find(|m| m.start < attribution)
        .map(|m| m.money.clone());

    // Winner: "awarded the contract ... to X", "X won", "chose X's F-35A",
    // "chose 22 Saab Gripen fighters".
    let loser_at = LOSERS
        .iter()
        .filter_map(|w| lower.find(&format!(" {w} ")))
        .min()
        .map(|i| c.start + i);
    let select_at = SELECT
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
        .map(|i| c.start + i);
    for p in &parts {
        if !is_bidder(p) || p.actor.kind == ActorType::State && !awarded_to {
            continue;
        }
        let after = verb_after(c, p.end);
        let won = after.starts_with("won")
            || after.starts_with("was selected")
            || after.starts_with("was chosen")
            || after.starts_with("selected")
            || after.starts_with("chosen")
            || after.starts_with("declared the")
            || after.starts_with("was declared");
        let to_winner = awarded_to
            && c.preposition(p.start) == Some("to")
            && lower.find("award").is_some_and(|i| c.start + i < p.start);
        let chosen = selection
            && select_at.is_some_and(|s| p.start > s && loser_at.is_none_or(|l| p.start < l))
            && c.words_between(select_at.unwrap_or(0), p.start).count() <= 4;
        if (won || to_winner || chosen) && r.winner.is_none() {
            let actor = with_members(a, p);
            r.winner = Some(actor.clone());
            r.awarded = r.date;
            push_unique(&mut r.bidders, actor);
        }
    }
    // Losers: "over the SAMP/T offered by Eurosam", "ahead of the Dassault
    // Rafale, the Boeing Super Hornet ...", "beating the Rafale".
    if let Some(l) = loser_at {
        for p in parts
            .iter()
            .filter(|p| p.start > l && is_bidder(p) && p.actor.kind != ActorType::State)
        {
            push_unique(&mut r.bidders, with_members(a, p));
        }
    }
    // Bidders: the subject of an offer or bid, or its agent in the passive
    // ("offered by Eurosam"), and consortium members.
    for p in &parts {
        if !is_bidder(p) {
            continue;
        }
        let after = verb_after(c, p.end);
        let acts = OFFER_VERBS.iter().any(|v| after.starts_with(v))
            || after.starts_with("formed")
            || after.starts_with("is seeking")
            || after.starts_with("seeking")
            || after.starts_with("and ") && competition;
        let before = c.text[c.start..p.start].trim_end().lower_same_len();
        let agent = [
            "offered by",
            "submitted by",
            "bid by",
            "led by",
            "headed by",
            "proposed by",
            "offer from",
            "bid from",
            "bids from",
            "entry from",
        ]
        .iter()
        .any(|w| before.ends_with(w))
            // "bids from Germany's TKMS": the preposition before the
            // possessive.
            || (matches!(c.preposition(p.start), Some("from" | "by")) && {
                let k = c.word_at(p.start);
                c.words[..k]
                    .iter()
                    .rev()
                    .skip_while(|w| w.2 != "from" && w.2 != "by")
                    .nth(1)
                    .is_some_and(|w| matches!(w.2, "bids" | "bid" | "offers" | "offer" | "offered" | "submitted" | "proposed" | "entries" | "entry" | "led" | "headed" | "proposals"))
            });
        let contender = (competition || future_choice)
            && (before.ends_with("contenders:")
                || before.ends_with("between")
                || before.ends_with("rivals")
                || before.ends_with(':')
                || before.ends_with("team of")
                || (before.ends_with(" and") && future_choice));
        if acts || agent || contender {
            if r.buyer.as_ref().is_some_and(|b| b.name == p.actor.name) {
                continue;
            }
            push_unique(&mut r.bidders, with_members(a, p));
        }
    }
    // Coordinated subjects act together: "Airbus, Boeing and Embraer
    // have entered bids".
    let mut k = parts.len();
    while k > 1 {
        k -= 1;
        let (q, p) = (&parts[k - 1], &parts[k]);
        if !r.bidders.iter().any(|b| b.name == p.actor.name) || !is_bidder(q) {
            continue;
        }
        // "TKMS, Spain's Navantia and France's Naval Group": a possessive
        // country may stand between.
        let mut gap = c.text.get(q.end..p.start).unwrap_or("?").trim();
        for poss in ["’s", "'s"] {
            if let Some(g) = gap.strip_suffix(poss) {
                if let Some((head, _country)) = g.rsplit_once(' ') {
                    gap = head.trim();
                }
            }
        }
        if matches!(gap, "," | "and" | ", and" | "&")
            && !r.bidders.iter().any(|b| b.name == q.actor.name)
        {
            let actor = with_members(a, q);
            // keep text order: insert before p
            let at = r
                .bidders
                .iter()
                .position(|b| b.name == p.actor.name)
                .unwrap_or(0);
            r.bidders.insert(at, actor);
        }
    }
    // "The joint venture is called Acme Defence Ltd."
    for marker in [
        " is called ",
        " will be called ",
        " is named ",
        " is known as ",
        ", called ",
        ", named ",
    ] {
        if let Some(i) = lower.find(marker) {
            let head = &lower[..i];
            if ["partnership", "venture", "consortium", "team", "alliance"]
                .iter()
                .any(|w| head.ends_with(w))
            {
                let at = c.start + i + marker.len();
                if let Some(p) = parts
                    .iter()
                    .find(|p| p.start >= at && p.start <= at + 4 && p.entity.is_some())
                {
                    let mut actor = with_members(a, p);
                    actor.kind = ActorType::Consortium;
                    r.joint_name = Some(actor);
                }
            }
        }
    }
    // "a consortium of Chinese defense manufacturers".
    if let Some(i) = lower.find("a consortium of ") {
        let rest = &c.text[c.start + i..c.end];
        let np_end = rest
            .find(" also ")
            .or_else(|| rest.find(" bid"))
            .or_else(|| rest.find(','))
            .unwrap_or(rest.len());
        let np = rest.get(2..np_end).unwrap_or("").trim();
        let country = a
            .countries_in(si)
            .find(|x| x.start >= c.start + i && x.end <= c.start + i + np_end)
            .map(|x| x.code.clone());
        if country.is_some() && offer {
            push_unique(
                &mut r.bidders,
                Actor::new(np, ActorType::Consortium, country),
            );
        }
    }
    // Protests.
    if protest {
        for p in &parts {
            if !matches!(
                p.actor.kind,
                ActorType::Company | ActorType::State | ActorType::Consortium
            ) || p.adjective
            {
                continue;
            }
            let after = c.text[p.end..c.end].lower_same_len();
            let acts = PROTEST.iter().any(|w| {
                after
                    .split(|ch: char| !ch.is_alphanumeric())
                    .take(12)
                    .any(|x| x == *w)
            }) || after.contains("applied") && after.contains("pressure");
            if acts && !r.protests.iter().any(|x| x.by.name == p.actor.name) {
                r.protests.push(Protest {
                    by: p.actor.clone(),
                    grounds: None,
                    date: r.date,
                });
            }
        }
    }
    if cancel && contractish {
        r.cancelled = Some(r.date);
        // "... complained that the bid ignored the range requirement": the
        // grounds of a protest.
        for marker in [
            " that the deal ",
            " that the contract ",
            " that the bid ",
            " that the winning bid ",
            " on the grounds that ",
        ] {
            if let Some(i) = lower.find(marker) {
                let g_text =
                    c.text[c.start + i + marker.len()..c.end].trim_end_matches(['.', '"', '”']);
                r.grounds = Some(g_text.to_string());
                break;
            }
        }
    }
    Some(r)
}

/// Reads the contests of a document.
pub fn read(
    cx: &Context<'_>,
    a: &Annotation<'_>,
    transfers: &[crate::transfers::Draft],
) -> Vec<ContestDraft> {
    let story_has_competition = (0..a.sentences.len()).any(|si| {
        !a.sentences[si].heading && {
            let lower = crate::clause::sentence_lower(a, si);
            let c = &Clause::new(a, &lower, si);
            (c.has_any(COMPETITION) && !only_idioms(c, COMPETITION))
                || (c.has_phrase(SELECT) && !only_idioms(c, SELECT))
                || c.has_phrase(&[
                    "proposals for",
                    "proposals from",
                    "winning team",
                    "winning bid",
                    "request for proposals",
                    "will choose",
                    "will select",
                    "to select",
                    "to choose",
                    "lowest bidder",
                ])
        }
    });
    let mut out: Vec<ContestDraft> = Vec::new();
    let mut pending_grounds: Option<String> = None;
    // Sentences that tell of a competition make the contests; the others
    // (a team named, a price) then add to the contest they fit, wherever
    // they stand in the story.
    // Sorted as they are read: a partition of a collected list would hold
    // every reading twice (readings are large; a long article has many).
    let (mut first, mut later) = (Vec::new(), Vec::new());
    for si in (0..a.sentences.len()).filter(|&si| !a.sentences[si].heading) {
        if let Some(r) = read_sentence(cx, a, si, story_has_competition) {
            let to = if r.supporting { &mut later } else { &mut first };
            to.push((si, r));
        }
    }
    for (si, mut r) in first.into_iter().chain(later) {
        // "The award ends a competition that began in 2018": the award is
        // the transfer told just before, to this buyer.
        if r.refers_to_award && r.competition {
            if let Some(t) = transfers
                .iter()
                .rev()
                .find(|t| t.sentences.iter().any(|&s| s < si))
            {
                if r.buyer.is_none() {
                    r.buyer = Some(t.recipient.clone());
                }
                if r.item.is_none()
                    || r.item
                        .as_ref()
                        .is_some_and(|i| i.category == Category::Other)
                {
                    r.item = Some(t.system.clone());
                }
                // Only an order or a delivery awards: an offer or talks
                // before a competition's story tell no winner.
                let placed = matches!(
                    t.status,
                    TransferStatus::Ordered | TransferStatus::Delivered
                );
                if r.winner.is_none() && placed {
                    if let Some(s) = t.suppliers.iter().find(|s| s.kind == ActorType::Company) {
                        r.winner = Some(s.clone());
                        r.awarded = t.date;
                        push_unique(&mut r.bidders, s.clone());
                    }
                }
                if r.value.is_none() {
                    r.value = t.value.clone();
                }
                r.date = r.date.or(t.date);
            }
        }
        // "Finland agreed to buy 64 Lockheed Martin F-35As ..., choosing the
        // American jet over four rivals": the seller of that purchase won.
        if r.selection && r.winner.is_none() {
            if let Some(t) = transfers.iter().find(|t| t.sentences.contains(&si)) {
                if let Some(w) = t.suppliers.iter().find(|s| s.kind == ActorType::Company) {
                    r.winner = Some(w.clone());
                    r.awarded = t.date.or(r.date);
                    push_unique(&mut r.bidders, w.clone());
                }
                if r.buyer.is_none() {
                    r.buyer = Some(t.recipient.clone());
                }
                if r.item.is_none() {
                    r.item = Some(t.system.clone());
                }
            }
        }
        buyer_from_the_deal_told(&mut r, transfers, si);
        // Which contest does this sentence speak of?
        let cat = r
            .item
            .as_ref()
            .map(|i| i.category)
            .filter(|c| *c != Category::Other);
        let buyer_country = r.buyer.as_ref().and_then(|b| b.country.clone());
        let target = out.iter().rposition(|d| {
            let same_buyer = buyer_country.is_none()
                || d.buyer.as_ref().and_then(|b| b.country.clone()).is_none()
                || d.buyer.as_ref().and_then(|b| b.country.clone()) == buyer_country;
            let dcat = d
                .item
                .as_ref()
                .map(|i| i.category)
                .filter(|c| *c != Category::Other);
            let same_item = cat.is_none() || dcat.is_none() || cat == dcat;
            // A selection years apart is another competition.
            let same_time = match (r.date, d.when) {
                (Some(x), Some(y)) if r.winner.is_some() && d.winner.is_some() => {
                    (x.year - y.year).abs() <= 1
                }
                _ => true,
            };
            // A "parallel competition" for another item is another one;
            // so is one told as over before it.
            same_buyer && same_item && same_time && d.former == r.former
        });
        // A contest needs something to be about: "its competition with
        // China" names no buyer, item or bidder.
        let substantive = r.buyer.is_some()
            || r.item.is_some()
            || !r.bidders.is_empty()
            || r.winner.is_some()
            || r.value.is_some();
        if target.is_none() && (r.supporting || !substantive) {
            continue;
        }
        // A detail told of other countries' business ("Chile signed a
        // contract for frigates") is not this competition's.
        if r.supporting
            && target.is_some_and(|i| !r.countries.is_empty() && !concerns(&out[i], &r.countries))
        {
            continue;
        }
        let d = match target {
            Some(i) => &mut out[i],
            None => {
                out.push(ContestDraft {
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
                    when: None,
                    competition: false,
                    former: r.former,
                });
                let n = out.len() - 1;
                &mut out[n]
            }
        };
        d.sentences.push(si);
        d.competition |= r.competition || r.winner.is_some();
        if d.buyer.is_none() {
            d.buyer = r.buyer;
        }
        if d.item.is_none()
            || d.item
                .as_ref()
                .is_some_and(|i| i.category == Category::Other)
        {
            if let Some(item) = r.item {
                d.item = Some(item);
            }
        }
        if d.value.is_none() {
            d.value = r.value;
        }
        if d.when.is_none() {
            d.when = r.date;
        }
        if d.winner.is_none() && r.winner.is_some() {
            d.winner = r.winner;
            d.awarded = r.awarded;
        }
        for b in r.bidders {
            push_unique(&mut d.bidders, b);
        }
        if let Some(mut joint) = r.joint_name {
            // The companies that formed it become its members.
            let members: Vec<Actor> = d
                .bidders
                .iter()
                .filter(|b| b.kind == ActorType::Company)
                .cloned()
                .collect();
            if joint.members.is_empty() {
                joint.members = members.clone();
            }
            d.bidders
                .retain(|b| !members.iter().any(|m| m.name == b.name));
            push_unique(&mut d.bidders, joint);
        }
        for p in r.protests {
            if !d.protests.iter().any(|x| x.by.name == p.by.name) {
                d.protests.push(p);
            }
        }
        if let Some(cd) = r
            .cancelled
            .filter(|_| !cancels_another_sellers_order(d, transfers, si))
        {
            d.is_cancelled = true;
            if d.cancelled.is_none() {
                d.cancelled = cd;
            }
        }
        if let Some(gr) = r.grounds {
            pending_grounds = Some(gr);
        }
    }
    for d in &mut out {
        if let Some(gr) = &pending_grounds {
            if let Some(pr) = d.protests.first_mut() {
                if pr.grounds.is_none() {
                    pr.grounds = Some(gr.clone());
                }
            }
        }
        // A firm told as bidding is a bidder, whatever else a sentence made
        // of it ("bids by A and B ... A will make 60 %" buys nothing).
        let bidding_firm = d.buyer.as_ref().is_some_and(|b| {
            b.kind == ActorType::Company && d.bidders.iter().any(|x| x.name == b.name)
        });
        if bidding_firm {
            d.buyer = None;
        }
        if d.buyer.is_none() {
            d.buyer = cx.domestic_buyer(a, d.sentences[0]);
        }
        if let Some(b) = &d.buyer {
            let bn = b.name.clone();
            d.bidders.retain(|x| x.name != bn);
        }
        // A protest is by a loser, never the winner.
        if let Some(w) = &d.winner {
            let wn = w.name.clone();
            d.protests.retain(|p| p.by.name != wn);
        }
        let told_item = d.item.is_some();
        if d.item.is_none() {
            d.item = Some(System {
                name: None,
                description: None,
                category: Category::Other,
            });
        }
        if d.buyer.is_none() && !d.bidders.is_empty() && told_item {
            // A competition with bidders but no named customer: keep it,
            // with the buyer unknown rather than guessed. Without an item
            // either, it is rivalry in a market ("faces competition from
            // U.S. carriers"), not a procurement.
            let desc = d
                .item
                .as_ref()
                .and_then(|i| i.name.clone().or_else(|| i.description.clone()))
                .unwrap_or_else(|| "programme".into());
            d.buyer = Some(Actor::new(
                format!("{desc} customer"),
                ActorType::Other,
                None,
            ));
        }
    }
    for d in &mut out {
        offers_are_bids(cx.g, a, d, transfers);
    }
    out.retain(|d| d.competition && d.buyer.is_some());
    out
}

/// An offer of goods of the contest's kind to its buyer's country, or talks
/// over them, is a bid in it (by a firm, a consortium or a state; a
/// service that sells off its own jets bids in no tender): "the F-16 on offer by the United States", "HAL offered the
/// Tejas" make the United States and HAL bidders. A state the deal's
/// sentences do not name, only the maker's country of a design whose firm
/// the gazetteer knows, stands for that firm ("the Rafale on offer":
/// Dassault Aviation).
pub fn offers_are_bids(
    g: &Gazetteer,
    a: &Annotation<'_>,
    d: &mut ContestDraft,
    transfers: &[crate::transfers::Draft],
) {
    let Some(buyer_country) = d.buyer.as_ref().and_then(|b| b.country.clone()) else {
        return;
    };
    let item = d.item.as_ref().map_or(Category::Other, |i| i.category);
    for t in transfers {
        let same_kind = item == Category::Other || t.system.category == item;
        if matches!(
            t.status,
            TransferStatus::Offered | TransferStatus::Negotiating
        ) && t.recipient.country.as_deref() == Some(buyer_country.as_str())
            && same_kind
        {
            // The buyer's own state is no bidder; its firms may be.
            let own_state = |s: &&Actor| {
                s.kind == ActorType::State && s.country.as_deref() == Some(buyer_country.as_str())
            };
            let maker = t
                .system
                .name
                .as_deref()
                .and_then(|n| crate::actors::design_maker(g, n));
            let named = |c: &str| {
                t.sentences
                    .iter()
                    .any(|&si| a.countries_in(si).any(|m| m.code == c))
            };
            let for_maker = |s: &&Actor| {
                maker.as_ref().is_some_and(|m| {
                    s.kind == ActorType::State
                        && s.country.is_some()
                        && s.country == m.country
                        && !s.country.as_deref().is_some_and(named)
                })
            };
            let stands_for_maker = t.suppliers.iter().any(|s| for_maker(&s));
            if let Some(m) = maker.clone().filter(|_| stands_for_maker) {
                push_unique(&mut d.bidders, m);
            }
            for s in t
                .suppliers
                .iter()
                .filter(|s| !own_state(s) && !for_maker(s))
                .filter(|s| {
                    matches!(
                        s.kind,
                        ActorType::Company | ActorType::Consortium | ActorType::State
                    )
                })
            {
                push_unique(&mut d.bidders, s.clone());
            }
        }
    }
}

/// Whether a contest's buyer or a bidder is of one of `countries`.
fn concerns(d: &ContestDraft, countries: &[String]) -> bool {
    let of = |a: &Actor| a.country.as_ref().is_some_and(|c| countries.contains(c));
    d.buyer.as_ref().is_none_or(of) || d.bidders.iter().any(of)
}

/// A deal told in the same sentence names the buyer: its recipient. The
/// seller of that deal is a bidder, never the buyer ("F-16s on offer by the
/// United States ... if it wins the tender"), and a price told with a deal
/// to one country is not the price of another country's competition.
fn buyer_from_the_deal_told(r: &mut Reading, transfers: &[crate::transfers::Draft], si: usize) {
    let Some(t) = transfers.iter().find(|t| t.sentences.first() == Some(&si)) else {
        return;
    };
    let sells =
        |b: &Actor| b.country.is_some() && t.suppliers.iter().any(|s| s.country == b.country);
    // A deal within one country tells nothing the buyer's own reading
    // would not.
    if sells(&t.recipient) {
        return;
    }
    if r.buyer.is_none() || r.buyer.as_ref().is_some_and(sells) {
        r.buyer = Some(t.recipient.clone());
    }
}

/// "The government cancelled the helicopter deal with X", in a story of a
/// new tender: the sentence cancels an order the transfers read from a
/// seller that won no part of this competition, not the competition.
fn cancels_another_sellers_order(
    d: &ContestDraft,
    transfers: &[crate::transfers::Draft],
    si: usize,
) -> bool {
    let won = |x: &Actor| {
        d.winner
            .as_ref()
            .is_some_and(|w| w.name == x.name || w.country == x.country)
    };
    transfers.iter().any(|t| {
        t.sentences.contains(&si)
            && t.status == armswatch_register::TransferStatus::Cancelled
            && !t.suppliers.iter().any(won)
    })
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
