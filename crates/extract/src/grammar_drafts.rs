//! Frames of the grammar pass turned into the drafts the rest of the
//! extractor merges and writes: one transfer per recipient and system, one
//! engagement per frame with parties of two or more countries.

use crate::actors::{self, Participant};
use crate::contests::ContestDraft;
use crate::engagements::EngagementDraft;
use crate::frames::Frame;
use crate::transfers::{pick_date, pick_planned_date, Draft};
use armswatch_annotate::{Annotation, CountryForm, CountryMention, Gazetteer, SystemMention};
use armswatch_grammar::Kind;
use armswatch_register::{
    Actor, ActorType, Date, EngagementType, Money, Protest, System, TransferStatus,
};

fn status(s: Option<&str>) -> TransferStatus {
    match s {
        Some("offered") => TransferStatus::Offered,
        Some("negotiating") => TransferStatus::Negotiating,
        Some("ordered") => TransferStatus::Ordered,
        Some("delivered") => TransferStatus::Delivered,
        Some("cancelled") => TransferStatus::Cancelled,
        Some("stalled") => TransferStatus::Stalled,
        _ => TransferStatus::Unknown,
    }
}

/// Whether the goods are told as home-made ("indigenous", "home-grown"):
/// in their description or in the trigger's sentence (a long sentence often
/// describes the goods in one clause and buys them in the next).
fn home_made(a: &Annotation<'_>, f: &Frame, s: &SystemMention) -> bool {
    let sentence = a.sentence_text(f.sentence);
    let described = s.description.as_deref().unwrap_or("");
    [described, sentence].iter().any(|t| tells_home_made(t))
}

/// Whether a text has a word of home manufacture (class domestic_word).
pub(crate) fn tells_home_made(text: &str) -> bool {
    let Some(words) = crate::frames::grammar().classes.get("domestic_word") else {
        return false;
    };
    // A word or, for "indigenously-made", its first part; an entry of
    // several words ("Buy (Indian)") as written, case and all.
    let home = |w: &str| words.iter().any(|d| d.eq_ignore_ascii_case(w));
    let phrase = |d: &String| d.contains(' ') && text.contains(d.as_str());
    words.iter().any(phrase)
        || text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .any(|w| home(w) || w.split_once('-').is_some_and(|(first, _)| home(first)))
}

/// "Indigenously made ATAGS guns have cleared trials. The Army will order
/// 150 guns": goods the sentence before a home buyer's order tells as
/// home-made come from home, when the order's sentence names no other
/// country or firm and no foreign goods (class unlike_word: "foreign jets",
/// "imported").
fn home_made_before(a: &Annotation<'_>, f: &Frame) -> bool {
    !names_foreign_side(a, f) && f.sentence > 0 && tells_home_made(a.sentence_text(f.sentence - 1))
}

/// Whether the frame's sentence names a country or firm other than the
/// story's home, or foreign goods (class unlike_word: "foreign jets",
/// "from external sources").
fn names_foreign_side(a: &Annotation<'_>, f: &Frame) -> bool {
    sentence_names_foreign_side(a, f.sentence, a.home.as_deref())
}

/// A country other than `home`, a firm of another country or a word
/// setting goods apart as foreign ("imported") in sentence `si`.
pub(crate) fn sentence_names_foreign_side(
    a: &Annotation<'_>,
    si: usize,
    home: Option<&str>,
) -> bool {
    let sentence = a.sentence_text(si);
    let unlike = crate::frames::grammar().classes.get("unlike_word");
    a.countries_in(si).any(|c| Some(c.code.as_str()) != home)
        || a.mentions_in(si).any(|m| {
            let e = &a.entities[m.entity];
            matches!(e.kind, ActorType::Company | ActorType::Consortium)
                && e.country.as_deref() != home
        })
        || sentence
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| unlike.is_some_and(|u| u.iter().any(|x| x.eq_ignore_ascii_case(w))))
}

/// A party as an actor: people stand for their country's state.
fn party_actor(g: &Gazetteer, p: &Participant) -> Option<Actor> {
    // A place inside a country ("an order from a casino in Las Vegas")
    // tells where, never who buys or sells.
    if p.venue {
        return None;
    }
    if p.actor.kind == ActorType::Person {
        // Only one who holds an office speaks for a state; a private
        // buyer ("the owner of a casino") is none.
        p.actor.role.as_ref()?;
        return p.actor.country.as_deref().map(|c| actors::state(g, c));
    }
    Some(p.actor.clone())
}

fn push_unique(v: &mut Vec<Actor>, a: Actor) {
    if !v.iter().any(|x| x.name == a.name) {
        v.push(a);
    }
}

/// Splits the two sides of a deal told as "X signed a contract with Y":
/// a firm, or the maker's country of the goods, supplies.
fn sides(parties: &[Actor], origin: Option<&str>, co_buyers: bool) -> (Vec<Actor>, Vec<Actor>) {
    let (mut sup, mut rec) = (Vec::new(), Vec::new());
    for p in parties {
        // A state may sell what its industry makes; its own forces and
        // ministries buy it ("HAL and the air force signed for 20 HAL jets").
        let maker =
            p.kind == ActorType::State && origin.is_some() && p.country.as_deref() == origin;
        if p.kind == ActorType::Company || p.kind == ActorType::Consortium || maker {
            sup.push(p.clone());
        } else {
            rec.push(p.clone());
        }
    }
    // Two sides and no seller among them: the second sells, unless the rule
    // reads its sides as buyers (`sets.party = "buyers"`) and the goods'
    // maker is of neither ("Indonesia and Vietnam are in talks for the
    // BrahMos": both buy, from its maker; but a deal signed between two
    // states for another's design is a resale).
    let maker_apart =
        co_buyers && origin.is_some() && rec.iter().all(|p| p.country.as_deref() != origin);
    if sup.is_empty() && rec.len() >= 2 && !maker_apart {
        sup.push(rec.remove(1));
    }
    // Firms on both sides ("the state's industrial body signed with
    // Hanwha to build K9s"): the one of the goods' home supplies, one of
    // another country takes them.
    let firms = |v: &[Actor]| {
        v.iter()
            .all(|p| matches!(p.kind, ActorType::Company | ActorType::Consortium))
    };
    if rec.is_empty() && sup.len() >= 2 && firms(&sup) {
        let (makers, others): (Vec<Actor>, Vec<Actor>) = sup
            .iter()
            .cloned()
            .partition(|p| origin.is_some() && p.country.as_deref() == origin);
        if !makers.is_empty() && !others.is_empty() && others.iter().all(|p| p.country.is_some()) {
            return (makers, others);
        }
    }
    (sup, rec)
}

/// The few words before byte `at`, lower-cased: what qualifies the word
/// there ("the now cancelled| tender").
fn told_before(a: &Annotation<'_>, at: usize) -> String {
    let text = a.text();
    let from = armswatch_register::floor_boundary(text, at.saturating_sub(40));
    text.get(from..at).unwrap_or("").to_lowercase()
}

/// "The agency and the Navy were in talks about producing eight
/// trainers": a service joined to a maker as the sellers of goods no one
/// is told to buy is their buyer, where the rule says so
/// (`sets.supplier = "service_buys"`): a service makes no goods to sell.
fn service_among_makers(suppliers: &mut Vec<Actor>, recipients: &mut Vec<Actor>) {
    if !recipients.is_empty() {
        return;
    }
    let (services, makers): (Vec<Actor>, Vec<Actor>) = suppliers
        .iter()
        .cloned()
        .partition(|x| x.kind == ActorType::ArmedForce);
    if makers.is_empty() || services.is_empty() {
        return;
    }
    *suppliers = makers;
    *recipients = services;
}

/// The deal's value: money in the trigger's clause, else the sentence's
/// only sum (a parse may hang "$2 million" anywhere); never a unit price.
/// Goods split from others take only the money told with them.
fn money_in_clause(a: &Annotation<'_>, f: &Frame) -> Option<Money> {
    let text = a.text();
    let sums: Vec<_> = a
        .money_in(f.sentence)
        .filter(|m| {
            // Only the next few words matter; lower-casing the rest of the
            // text per sum would be quadratic.
            let after = text[m.end..].trim_start();
            let after = after[..armswatch_register::floor_boundary(after, 32)].to_lowercase();
            !(after.starts_with("each")
                || after.starts_with("apiece")
                || after.starts_with("per ")
                || after.starts_with("a piece"))
        })
        .collect();
    if let Some((lo, hi)) = f.value_window {
        return sums
            .iter()
            .find(|m| lo <= m.start && m.end <= hi)
            .map(|m| m.money.clone());
    }
    sums.iter()
        .find(|m| f.clause.0 <= m.start && m.end <= f.clause.1)
        .or(if sums.len() == 1 { sums.first() } else { None })
        .map(|m| m.money.clone())
}

/// "India agreed to buy ten aircraft for the Indian Navy": a state buying
/// for one of its own services named in the trigger's clause is that
/// service (the most specific buyer the text gives). Only when exactly one
/// such force is named there.
fn named_force(g: &Gazetteer, a: &Annotation<'_>, f: &Frame, r: &Actor) -> Option<Actor> {
    // The defence ministry buys for its services too: "the Pentagon
    // awarded a contract for planes for the Air Force".
    let buys_for_forces = r.kind == ActorType::State
        || (r.kind == ActorType::GovernmentBody && g.is("defence_department", &r.name));
    if !buys_for_forces {
        return None;
    }
    let forces: Vec<Actor> = actors::participants(g, a, f.sentence, false)
        .into_iter()
        .filter(|p| {
            !p.adjective
                && p.actor.kind == ActorType::ArmedForce
                && p.actor.country == r.country
                && f.clause.0 <= p.start
                && p.end <= f.clause.1
        })
        .map(|p| p.actor)
        .collect();
    match forces.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Whether the word after a nationality adjective is a firm's head noun
/// ("the Swedish company", "a French shipyard": class `firm_noun`): that
/// country is a seller's, no prospect.
fn names_a_firm(text: &str, end: usize) -> bool {
    next_word_in(text, end, "firm_noun")
}

/// "Indian and Korean offers": a nationality before an offer (after any
/// other nationality joined to it) tells a seller.
fn names_an_offer(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let mut words = rest.split_whitespace();
    let skip = match (words.next(), words.next()) {
        (Some("and" | "or"), Some(w)) if w.starts_with(char::is_uppercase) => {
            rest.find(w).map_or(0, |i| i + w.len())
        }
        _ => 0,
    };
    next_word_in(rest, skip, "offer_noun")
}

/// Whether the word after byte `end` of `text` is of grammar class `class`.
fn next_word_in(text: &str, end: usize, class: &str) -> bool {
    let next = text
        .get(end..)
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    crate::frames::grammar()
        .classes
        .get(class)
        .is_some_and(|ws| ws.contains(&next))
}

/// "X and Y offered A and B respectively": the sellers paired in order
/// with the goods, when the sentence says "respectively" and names as many
/// sellers as goods.
fn respective_sellers<'f>(
    a: &Annotation<'_>,
    f: &'f Frame,
    systems: &[&SystemMention],
) -> Option<Vec<&'f Participant>> {
    let sentence = a.sentence_text(f.sentence);
    let told = sentence
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.eq_ignore_ascii_case("respectively"));
    let mut sellers = f.actors("supplier");
    sellers.sort_by_key(|p| p.start);
    (told && systems.len() >= 2 && sellers.len() == systems.len()).then_some(sellers)
}

/// An offer that names no recipient goes to the one country its sentence
/// names besides the offering side's ("Rostec is offering the Il-76MD-90 as
/// the IAF retires its oldest transports"): that country's force when one
/// is named, else its state. Nothing when two or more could be meant.
fn sole_prospect(
    g: &Gazetteer,
    a: &Annotation<'_>,
    f: &Frame,
    suppliers: &[Actor],
    origin: Option<&str>,
) -> Option<Actor> {
    // Firms' home countries are sellers' sides, not prospects ("Boeing
    // offered the Super Hornet, and BAE Systems the Typhoon, with Britain
    // leading the bid"). Other goods' origins are not excluded: a buyer's
    // own makers are often named beside a foreign offer.
    let parties = actors::participants(g, a, f.sentence, false);
    let mut sellers: Vec<&str> = suppliers
        .iter()
        .filter_map(|x| x.country.as_deref())
        .collect();
    sellers.extend(origin);
    sellers.extend(f.parallel.iter().filter_map(|p| p.actor.country.as_deref()));
    // A firm of the country the goods are to be made in ("so that it can
    // be assembled in India by Tata") is the seller's local partner: its
    // country is still a prospect.
    let made_there = |c: &str| {
        a.countries_in(f.sentence)
            .any(|m| m.code == c && place_of_making(a.text(), m))
    };
    sellers.extend(
        parties
            .iter()
            .filter(|p| {
                matches!(p.actor.kind, ActorType::Company | ActorType::Consortium)
                    || p.adjective && names_a_firm(a.text(), p.end)
                    || names_an_offer(a.text(), p.end)
            })
            .filter_map(|p| p.actor.country.as_deref())
            .filter(|c| !made_there(c)),
    );
    let offering = |c: &str| sellers.contains(&c);
    let buyers: Vec<&Participant> = parties
        .iter()
        .filter(|p| {
            matches!(
                p.actor.kind,
                ActorType::State | ActorType::ArmedForce | ActorType::GovernmentBody
            ) && p.actor.country.as_deref().is_some_and(|c| !offering(c))
        })
        .collect();
    let country = buyers.first()?.actor.country.clone()?;
    if buyers
        .iter()
        .any(|p| p.actor.country.as_deref() != Some(&country))
    {
        return None;
    }
    let forces: Vec<&Actor> = buyers
        .iter()
        .filter(|p| !p.adjective && p.actor.kind == ActorType::ArmedForce)
        .map(|p| &p.actor)
        .collect();
    match forces.as_slice() {
        [one] => Some((*one).clone()),
        _ => Some(actors::state(g, &country)),
    }
}

fn system_of(s: &SystemMention) -> System {
    System {
        name: s.name.clone(),
        description: s.description.clone(),
        category: s.category,
    }
}

/// What the sentences read so far tell the next ones.
#[derive(Default)]
pub struct Told {
    /// The buyer of the competition told last, for rules whose recipient
    /// may go untold (`sets.recipient = "competition"`: "the JF-17 on
    /// offer" is offered to whoever runs the competition).
    pub competition: Option<Actor>,
    /// The last purchase told planned, with no seller: its buyer, goods and
    /// sentence. A tender told just after with no buyer and no goods of its
    /// own ("an RFP will be issued in May") is for it.
    pub planned: Option<(Actor, System, usize)>,
    /// The maker of each named system a frame gave a seller ("the RUAV-200
    /// developed by HAL"): a later buy of it names no seller ("the Army
    /// plans to acquire the RUAV-200") but buys from that maker.
    pub makers: rustc_hash::FxHashMap<String, Actor>,
    /// The buyer each named system was last told bought or sold to: a
    /// later sentence naming no party ("deliveries of the K9 begin in
    /// May") tells of that buyer's deal.
    pub buyers: rustc_hash::FxHashMap<String, Actor>,
    /// The two countries of a visit or meeting the sentence itself tells
    /// ("a Malaysian delegation will visit India, where a deal for Tejas
    /// jets may be signed"): a deal told there with one side is between
    /// them.
    pub contact: Option<[String; 2]>,
}

impl Told {
    /// Learns the visit or meeting of two countries sentence's `contacts`
    /// tell, forgetting the previous sentence's.
    pub fn learn_contact(&mut self, contacts: &[crate::engagements::EngagementDraft]) {
        use armswatch_register::EngagementType;
        self.contact = None;
        let mut pairs = contacts
            .iter()
            .filter(|e| matches!(e.kind, EngagementType::Visit | EngagementType::Meeting))
            .map(|e| {
                let mut c: Vec<String> =
                    e.parties.iter().filter_map(|p| p.country.clone()).collect();
                c.sort();
                c.dedup();
                c
            })
            .filter(|c| c.len() == 2);
        if let (Some(first), None) = (pairs.next(), pairs.next()) {
            self.contact = Some([first[0].clone(), first[1].clone()]);
        }
    }

    /// Learns the makers sentence `si` tells by possession: "HAL's
    /// Prachand helicopters", "Dassault's Rafale" (a firm's named weapon).
    pub fn learn_possessed(&mut self, a: &Annotation<'_>, si: usize) {
        let text = a.text();
        for s in &a.systems[si] {
            let Some(name) = s.name.as_ref().filter(|_| !s.generic) else {
                continue;
            };
            let before = text[..s.start].trim_end();
            let Some(owner_end) = before
                .strip_suffix("'s")
                .or_else(|| before.strip_suffix("’s"))
                .map(str::len)
            else {
                continue;
            };
            let maker = a
                .mentions_in(si)
                .find(|m| m.end == owner_end && a.entities[m.entity].kind == ActorType::Company);
            if let Some(m) = maker {
                self.makers
                    .entry(name.clone())
                    .or_insert_with(|| actors::entity_actor(a, m.entity));
            }
        }
    }

    /// Learns the makers frame `f` names.
    /// "Argentina plans to procure 12 jets": a buyer told looking for goods,
    /// with no seller named, runs a competition that later offers go to
    /// (when no contest has named one).
    pub fn learn_buyer(&mut self, g: &Gazetteer, f: &Frame) {
        let planned = matches!(status(f.status.as_deref()), TransferStatus::Unknown);
        if f.dropped
            || f.rule.kind != Kind::Transfer
            || !planned
            || !f.actors("supplier").is_empty()
        {
            return;
        }
        let buyer = f
            .actors("recipient")
            .iter()
            .filter_map(|p| party_actor(g, p))
            .find(|b| matches!(b.kind, ActorType::State | ActorType::ArmedForce));
        if let (Some(b), Some(s)) = (&buyer, f.systems("system").first()) {
            self.planned = Some((b.clone(), system_of(s), f.sentence));
        }
        if let (None, Some(b)) = (&self.competition, buyer) {
            self.competition = Some(b);
        }
    }

    /// The buyer told buying the design `name`, or a variant of it written
    /// longer ("Archer" for the "Archer-NG" told before), when only one.
    pub fn buyer_of(&self, name: &str) -> Option<&Actor> {
        if let Some(b) = self.buyers.get(name) {
            return Some(b);
        }
        let mut variants = self.buyers.iter().filter(|(k, _)| k.starts_with(name));
        match (variants.next(), variants.next()) {
            (Some((_, b)), None) => Some(b),
            _ => None,
        }
    }

    /// Learns the buyers of the named systems of `drafts`.
    pub fn learn_buyers(&mut self, drafts: &[Draft]) {
        for d in drafts {
            if let Some(n) = &d.system.name {
                self.buyers.insert(n.clone(), d.recipient.clone());
            }
        }
    }

    pub fn learn_makers(&mut self, g: &Gazetteer, f: &Frame) {
        if f.dropped || f.rule.kind != Kind::Transfer {
            return;
        }
        let Some(maker) = f.actors("supplier").iter().find_map(|p| party_actor(g, p)) else {
            return;
        };
        for s in f.systems("system") {
            if let Some(n) = s.name.as_ref().filter(|_| !s.generic) {
                self.makers
                    .entry(n.clone())
                    .or_insert_with(|| maker.clone());
            }
        }
    }
}

/// The transfers a frame states, given what earlier sentences told.
pub fn transfers(g: &Gazetteer, a: &Annotation<'_>, f: &Frame, told: &Told) -> Vec<Draft> {
    transfers_with_buyer(g, a, f, told, None)
}

/// The transfers a frame states; `sentence_buyer`, the one buyer the
/// sentence's other deals name, buys goods a participle tells were bought
/// when the frame finds no buyer ("a budget already carrying the cost of
/// the tanks ordered from Korea", beside Poland's own order).
pub fn transfers_with_buyer(
    g: &Gazetteer,
    a: &Annotation<'_>,
    f: &Frame,
    told: &Told,
    sentence_buyer: Option<&Actor>,
) -> Vec<Draft> {
    if f.dropped || f.rule.kind != Kind::Transfer {
        return Vec::new();
    }
    let systems: Vec<&SystemMention> = f.systems("system");
    let listed_origin = origin_of_the_list(g, &systems);
    let pairs = respective_sellers(a, f, &systems);
    let mut out = Vec::new();
    for (i, s) in systems
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.generic || systems.len() == 1)
    {
        let parties: Vec<Actor> = f
            .actors("party")
            .iter()
            .filter_map(|p| party_actor(g, p))
            .collect();
        let (mut party_sup, mut party_rec) = sides(
            &parties,
            s.origin.as_deref(),
            f.set("party") == Some("buyers"),
        );
        // "The army is negotiating with a U.S. firm for the purchase": with
        // the buyer told, a side of another country sells.
        let told_buyers: Vec<Option<String>> = f
            .actors("recipient")
            .iter()
            .map(|p| p.actor.country.clone())
            .collect();
        // "Estonia and Latvia signed for systems from Diehl": with the
        // seller told, two states among the sides both buy (a state of the
        // seller's or the goods' country still sells).
        let told_sellers: Vec<Option<String>> = f
            .actors("supplier")
            .iter()
            .map(|p| p.actor.country.clone())
            .chain(std::iter::once(s.origin.clone()))
            .collect();
        if told_sellers.len() > 1 {
            let (firms, states): (Vec<Actor>, Vec<Actor>) = party_sup.into_iter().partition(|p| {
                matches!(p.kind, ActorType::Company | ActorType::Consortium)
                    || (p.country.is_some() && told_sellers.contains(&p.country))
            });
            party_sup = firms;
            party_rec.extend(states);
        }
        if party_sup.is_empty() && !told_buyers.is_empty() {
            let (foreign, own): (Vec<Actor>, Vec<Actor>) = party_rec
                .into_iter()
                .partition(|p| p.country.is_some() && !told_buyers.contains(&p.country));
            party_sup = foreign;
            party_rec = own;
        }
        let mut suppliers: Vec<Actor> = Vec::new();
        // "Russia and Airbus offered the Ka-32 and the H225M
        // respectively": each seller its own goods.
        let own: Vec<&Participant> = match &pairs {
            Some(sellers) => sellers.get(i).into_iter().copied().collect(),
            None => f.actors("supplier"),
        };
        for p in own.into_iter().chain(f.actors("licensor")) {
            if let Some(x) = party_actor(g, p) {
                push_unique(&mut suppliers, x);
            }
        }
        for x in party_sup {
            push_unique(&mut suppliers, x);
        }
        let mut recipients: Vec<Actor> = f
            .actors("recipient")
            .iter()
            .filter_map(|p| party_actor(g, p))
            .collect();
        // A state or ministry among the sides beside the service the goods
        // are told for speaks for that service ("the MoD cancelled a deal
        // with X for guns for the Army"): one buyer, the service.
        let told_service = |x: &Actor| {
            recipients
                .iter()
                .any(|r| r.kind == ActorType::ArmedForce && r.country == x.country)
        };
        let party_rec: Vec<Actor> = party_rec
            .into_iter()
            .filter(|x| {
                !(matches!(x.kind, ActorType::State | ActorType::GovernmentBody) && told_service(x))
            })
            .collect();
        for x in party_rec {
            push_unique(&mut recipients, x);
        }
        // "an order of 114 jets from the Air Force": an order comes from
        // whoever places it; a service or ministry that does (role
        // `issuer`) buys, and sells nothing.
        for p in f.actors("issuer") {
            let buys = matches!(
                p.actor.kind,
                ActorType::ArmedForce | ActorType::GovernmentBody
            );
            if buys && recipients.is_empty() {
                suppliers.retain(|x| x.name != p.actor.name);
                push_unique(&mut recipients, p.actor.clone());
            }
        }
        if f.set("supplier") == Some("service_buys") {
            service_among_makers(&mut suppliers, &mut recipients);
        }
        // "The cabinet approved the purchase of X": the approving body's
        // state buys.
        if recipients.is_empty() {
            // A state that sells approves its own sales: the approver buys
            // only when the seller is no state of its country.
            let selling_state = |c: &str| {
                suppliers
                    .iter()
                    .any(|x| x.kind == ActorType::State && x.country.as_deref() == Some(c))
            };
            for p in f.actors("approver") {
                if let Some(c) = p.actor.country.as_deref().filter(|c| !selling_state(c)) {
                    push_unique(&mut recipients, actors::state(g, c));
                }
            }
        }
        if recipients.is_empty() && f.set("recipient") == Some("competition") {
            recipients.extend(told.competition.clone());
        }
        if recipients.is_empty()
            && status(f.status.as_deref()) == TransferStatus::Offered
            && f.set("recipient") != Some("told")
        {
            recipients.extend(sole_prospect(g, a, f, &suppliers, s.origin.as_deref()));
            // Else the buyer told looking for such goods before.
            if recipients.is_empty() {
                recipients.extend(told.competition.clone());
            }
        }
        if recipients.is_empty() {
            recipients.extend(platform_owner(g, a, f, told, s));
        }
        if recipients.is_empty() {
            recipients.extend(buyer_of_design_alone(g, a, f, s, told));
        }
        // "the jet deal with Embraer", told by an outlet at home: a foreign
        // seller, no buyer and no other country in the sentence sells to
        // the home country's buying force.
        if recipients.is_empty()
            && f.set("recipient") != Some("told")
            && (foreign_seller_alone(a, f, &suppliers) || home_firm_alone(a, f, &suppliers))
        {
            recipients
                .extend(actors::domestic_buyer(a).filter(|b| b.kind == ActorType::ArmedForce));
        }
        if recipients.is_empty() {
            recipients.extend(contact_buyer(g, told, &suppliers, s));
        }
        if recipients.is_empty() && f.goods_told_by_participle() {
            let selling = |b: &Actor| {
                suppliers
                    .iter()
                    .any(|x| x.country.is_some() && x.country == b.country)
            };
            recipients.extend(sentence_buyer.filter(|b| !selling(b)).cloned());
            // Else the body the main clause is about: "Iraq's defence
            // committee asked why the jets bought from X are grounded".
            // A state there may be anyone's critic, a body of its own
            // government or forces speaks of its own deals.
            if recipients.is_empty() {
                recipients.extend(
                    f.topic
                        .iter()
                        .filter(|p| !p.adjective)
                        .map(|p| p.actor.clone())
                        .filter(|b| {
                            matches!(b.kind, ActorType::GovernmentBody | ActorType::ArmedForce)
                        })
                        .find(|b| b.country.is_some() && !selling(b)),
                );
            }
        }
        for r in recipients.iter_mut() {
            if let Some(force) = named_force(g, a, f, r) {
                *r = force;
            }
        }
        if systems.len() > 1 {
            maker_of_listed_goods(a, f, s, &mut suppliers, g);
        }
        // The maker's country supplies when the text names no seller (its
        // own forces buying from it make a domestic deal).
        let named_suppliers = !suppliers.is_empty();
        if !named_suppliers {
            // Second-hand goods come from their former owner, as SIPRI
            // records them ("ex-Danish F-16s" are Denmark's to sell).
            // Some rules count only a maker the sentence tells.
            // A named design the gazetteer does not know, listed in one
            // deal with designs of one country, comes from that country.
            let origin = s
                .origin
                .as_deref()
                .or(listed_origin.filter(|_| unknown_design(g, s)))
                .filter(|_| f.set("maker") != Some("told"));
            let owner = former_owner(a, f.sentence, s)
                // Only against the gazetteer: without an origin the
                // adjectives speak for themselves ("Chinese and
                // Italian-made missiles", each a deal).
                .or_else(|| origin.and(country_that_made(a, f.sentence, s)))
                // "Made in India K9 guns": where the clause says the goods
                // are made outweighs the design's home (a licence).
                .or_else(|| origin.and(country_made_in(a, f.sentence, s)));
            if let Some(firm) = firm_that_made(a, f.sentence, s) {
                suppliers.push(firm);
            } else if let Some(firm) = origin
                .filter(|_| owner.is_none())
                .and_then(|_| maker_named_in_article(g, a, s))
                // A firm told buying its own design is a misreading, which
                // the state's sale to its firm is filtered as.
                .filter(|firm| !recipients.iter().any(|r| r.name == firm.name))
            {
                suppliers.push(firm);
            } else if let Some(o) = owner.or(origin) {
                suppliers.push(actors::state(g, o));
            } else if let Some(maker) = s
                .name
                .as_deref()
                .filter(|_| s.origin.is_none() && f.set("maker") != Some("told"))
                .and_then(|n| actors::design_maker(g, n))
            {
                // A design of several countries (no origin) is sold by the
                // firm that makes it: "A400M" by Airbus.
                suppliers.push(maker);
            }
        }
        let home_made =
            suppliers.is_empty() && f.set("maker") != Some("told") && home_made(a, f, s);
        let makers = if suppliers.is_empty() && !home_made {
            makers_told_by_adjective(a, f.sentence, s)
        } else {
            Vec::new()
        };
        // The maker an earlier sentence gave the same named system.
        let told_maker = (suppliers.is_empty() && !home_made && makers.is_empty())
            .then(|| s.name.as_ref().and_then(|n| told.makers.get(n)))
            .flatten();
        suppliers.extend(told_maker.cloned());
        for r in recipients.iter().filter(|r| r.country.is_some()) {
            // "Chinese and Italian-made missiles": each maker a deal of its
            // own, unless the adjective names the buyer ("Polish K2 tanks").
            let foreign: Vec<&String> = makers
                .iter()
                .filter(|m| r.country.as_ref() != Some(*m))
                .collect();
            if !foreign.is_empty() {
                for m in foreign {
                    out.push(draft(a, f, s, vec![actors::state(g, m)], r.clone()));
                }
                continue;
            }
            let mut suppliers = suppliers.clone();
            // "indigenous fighters", "Indian-made guns" for India's army:
            // the buyer's own country makes them.
            let made_at_home = suppliers.is_empty()
                && r.country.is_some()
                && (country_that_made(a, f.sentence, s) == r.country.as_deref()
                    || (f.set("maker") != Some("told") && made_in(a, f, r.country.as_deref()))
                    || (r.country == a.home
                        && s.origin.is_none()
                        && f.set("maker") != Some("told")
                        && match status(f.status.as_deref()) {
                            TransferStatus::Ordered | TransferStatus::Delivered => true,
                            // A purchase to come counts when it is a count
                            // of goods ("will procure 114 guns"), not talk
                            // of developing or wanting some.
                            TransferStatus::Unknown => s.quantity.is_some(),
                            _ => false,
                        }
                        && home_made_before(a, f)));
            if home_made || made_at_home {
                if let Some(c) = r.country.as_deref() {
                    suppliers.push(actors::state(g, c));
                }
            }
            if suppliers.iter().all(|x| x.country.is_none()) {
                continue;
            }
            if (named_suppliers || told_maker.is_some())
                && !made_where_bought(f)
                && suppliers.iter().any(|x| x.name == r.name)
            {
                continue;
            }
            for sellers in rival_sellers(a, f, &suppliers, r) {
                out.push(draft(a, f, s, sellers, r.clone()));
            }
        }
    }
    for d in &mut out {
        soviet_before_1992(g, a.doc.published, d);
    }
    out
}

/// "Safran, GE and Rolls-Royce have offered their engines": sellers of
/// several countries the sentence names side by side each make a deal of
/// their own (one record per supplier, recipient and system), unless the
/// sentence tells them working together (class joint_word: "jointly",
/// "consortium", "along with") or one of them is at home with the buyer
/// (a local partner: "Adani and Elbit will build the drones in India").
fn rival_sellers(a: &Annotation<'_>, f: &Frame, suppliers: &[Actor], r: &Actor) -> Vec<Vec<Actor>> {
    let told: Vec<Option<&str>> = f
        .actors("supplier")
        .iter()
        .map(|p| p.actor.country.as_deref())
        .collect();
    let countries = distinct_countries(suppliers);
    let named_apart = countries.len() >= 2
        && countries.iter().all(|c| told.contains(&Some(*c)))
        && !countries.contains(&r.country.as_deref().unwrap_or(""));
    if !named_apart || tells_joint_work(a.sentence_text(f.sentence)) {
        return vec![suppliers.to_vec()];
    }
    countries
        .iter()
        .map(|c| {
            suppliers
                .iter()
                .filter(|x| x.country.as_deref() == Some(*c))
                .cloned()
                .collect()
        })
        .collect()
}

/// The countries of `actors`, each once, sorted.
fn distinct_countries(actors: &[Actor]) -> Vec<&str> {
    let mut out: Vec<&str> = actors.iter().filter_map(|x| x.country.as_deref()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a text tells parties working together (class joint_word).
fn tells_joint_work(text: &str) -> bool {
    let Some(words) = crate::frames::grammar().classes.get("joint_word") else {
        return false;
    };
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| {
        let parts: Vec<&str> = w.split(' ').collect();
        tokens
            .windows(parts.len())
            .any(|win| win == parts.as_slice())
    })
}

/// A deal told at a visit or meeting of two countries ("a Malaysian
/// delegation will visit India, where a deal for 18 Tejas jets may be
/// concluded") is between them: the side that makes the goods, or whose
/// firm sells them, sells to the other.
fn contact_buyer(
    g: &Gazetteer,
    told: &Told,
    suppliers: &[Actor],
    s: &SystemMention,
) -> Option<Actor> {
    let [x, y] = told.contact.as_ref()?;
    let seller = suppliers
        .iter()
        .find_map(|a| a.country.as_deref())
        .or(s.origin.as_deref())?;
    let buyer = if seller == x {
        y
    } else if seller == y {
        x
    } else {
        return None;
    };
    Some(actors::state(g, buyer))
}

/// "The Archer-NG will be equipped with an Israeli radar": goods for a
/// platform go to its owner: the party its possessor or a nationality
/// names, else the buyer told buying it, else, for a home design, the home
/// force buying in the story. A foreign design's owner goes untold: the
/// Su-30s of a story may be anyone's.
fn platform_owner(
    g: &Gazetteer,
    a: &Annotation<'_>,
    f: &Frame,
    told: &Told,
    goods: &SystemMention,
) -> Option<Actor> {
    let (platform, owner) = f.recipient_platform.as_ref()?;
    // Goods are not their own platform; a maker's customer is told or unknown.
    let itself = platform.start < goods.end && goods.start < platform.end;
    if itself || f.set("recipient") == Some("told") {
        return None;
    }
    if let Some(o) = owner.as_ref().and_then(|p| party_actor(g, p)) {
        return Some(o);
    }
    // With no user told, the platform's home builds it and takes what is
    // fitted to it (SIPRI counts an engine or radar as sent to the country
    // that makes the aircraft).
    // A platform fitted at home with goods of its own country's make is no
    // deal ("the Rafale is powered by French engines").
    let fitted_abroad =
        |c: &str| f.set("recipient") == Some("platform_home") && goods.origin.as_deref() != Some(c);
    buyer_of_design(a, told, platform).or_else(|| {
        platform
            .origin
            .as_deref()
            .filter(|c| made_by_supplier(f) || fitted_abroad(c))
            .map(|c| actors::state(g, c))
    })
}

/// Whether the frame's supplier is the maker its goods are told to be made
/// by ("a radar developed by Elta"), not a subject that may be the
/// platform's user fitting it ("the navy equipped its jets with ...").
fn made_by_supplier(f: &Frame) -> bool {
    f.roles
        .iter()
        .any(|(r, path, x)| r == "supplier" && !x.is_empty() && path.contains("make_verb"))
}

/// The buyer of a named design the story tells of: the one told buying it
/// before, else, for a design of the story's home country, the home force
/// that buys in the story.
fn buyer_of_design(a: &Annotation<'_>, told: &Told, design: &SystemMention) -> Option<Actor> {
    if let Some(b) = design.name.as_deref().and_then(|n| told.buyer_of(n)) {
        return Some(b.clone());
    }
    let home = a.home.as_deref()?;
    (design.origin.as_deref() == Some(home))
        .then(|| actors::domestic_buyer(a).filter(|b| b.kind == ActorType::ArmedForce))
        .flatten()
}

/// "Deliveries of 73 Tejas Mk1A are to begin in February": a sentence that
/// names no party, only a design, tells the deal of the design's buyer
/// (`buyer_of_design`).
fn buyer_of_design_alone(
    g: &Gazetteer,
    a: &Annotation<'_>,
    f: &Frame,
    s: &SystemMention,
    told: &Told,
) -> Option<Actor> {
    let name = s.name.as_ref().filter(|_| !s.generic)?;
    // The design's own maker named beside it ("the contract for the HTT-40
    // ... HAL's milestone") is no buyer.
    let maker = actors::design_maker(g, name);
    let makes = |e: usize| maker.as_ref().is_some_and(|m| a.entities[e].name == m.name);
    // Nor is a body of the home state that only speaks of the deal ("a
    // parliamentary committee said deliveries of 40 Tejas from HAL were
    // late"): the rule read it in no role, and the buyer is a service.
    let home_body = |e: usize| {
        let x = &a.entities[e];
        x.kind == ActorType::GovernmentBody && x.country.is_some() && x.country == a.home
    };
    let no_party = a.countries_in(f.sentence).next().is_none()
        && a.mentions_in(f.sentence)
            .all(|m| makes(m.entity) || home_body(m.entity));
    // An offer goes abroad as often as home; goods for a platform ("a
    // boat equipped with X") go to its owner, whoever that is.
    let offered = status(f.status.as_deref()) == TransferStatus::Offered;
    let platform = f.recipient_platform.is_some();
    if !no_party || offered || platform || f.set("recipient") == Some("told") {
        return None;
    }
    buyer_of_design(a, told, s)
}

/// The one country the known designs of a list of goods come from, when
/// some design of the list has no known origin ("a deal covering K2 tanks
/// and K808 vehicles"): the list is one deal with one seller.
fn origin_of_the_list<'s>(g: &Gazetteer, systems: &[&'s SystemMention]) -> Option<&'s str> {
    let known: Vec<&str> = systems.iter().filter_map(|s| s.origin.as_deref()).collect();
    let unknown = systems.iter().any(|s| unknown_design(g, s));
    let first = *known.first()?;
    (unknown && known.iter().all(|&o| o == first)).then_some(first)
}

/// A design named but unknown to the gazetteer, with no origin told.
fn unknown_design(g: &Gazetteer, s: &SystemMention) -> bool {
    s.origin.is_none() && s.name.as_deref().is_some_and(|n| g.system(n).is_none())
}

/// "Bids from Korea for the FA-50 and from Sweden for the Gripen": in a
/// list of goods, a state supplier the parse shared from another item
/// does not sell a design whose maker country the sentence also names.
fn maker_of_listed_goods(
    a: &Annotation<'_>,
    f: &Frame,
    s: &SystemMention,
    suppliers: &mut Vec<Actor>,
    g: &Gazetteer,
) {
    // "BAE's Type 26, Naval Group's FDI and TKMS's MEKO": each item of a
    // list is its possessor firm's, whatever firm the parse shared.
    let text = a.text();
    let own_firm = a.mentions_in(f.sentence).find(|m| {
        let between = text.get(m.end..s.start).unwrap_or("");
        let possessive = ["'s ", "' ", "\u{2019}s ", "\u{2019} "].contains(&between);
        possessive && a.entities[m.entity].kind == ActorType::Company
    });
    if let Some(m) = own_firm {
        let firm = actors::entity_actor(a, m.entity);
        let shared = !suppliers.is_empty() && suppliers.iter().all(|x| x.name != firm.name);
        if shared && suppliers.iter().all(|x| x.kind == ActorType::Company) {
            *suppliers = vec![firm];
            return;
        }
    }
    let Some(origin) = s.origin.as_deref() else {
        return;
    };
    let shared_states = !suppliers.is_empty()
        && suppliers
            .iter()
            .all(|x| x.kind == ActorType::State && x.country.as_deref() != Some(origin));
    if shared_states && a.countries_in(f.sentence).any(|c| c.code == origin) {
        *suppliers = vec![actors::state(g, origin)];
    }
}

/// A deal of Russia's dated (or, undated, told) before 1992 was the Soviet Union's, as SIPRI
/// records it ("17 Il-76s bought in 1985" from the maker's country).
fn soviet_before_1992(g: &Gazetteer, published: Option<Date>, d: &mut Draft) {
    // An undated deal is one of the story's time.
    if d.date.or(published).is_none_or(|x| x.year >= 1992) {
        return;
    }
    let russia = |x: &Actor| x.kind == ActorType::State && x.country.as_deref() == Some("RU");
    for x in d
        .suppliers
        .iter_mut()
        .chain(std::iter::once(&mut d.recipient))
    {
        if russia(x) {
            *x = actors::state(g, "SU");
        }
    }
}

/// "Brazil will buy vehicles made in Brazil": a seller found as the
/// place where the goods are made (through a verb of making) is no
/// mistaken second reading of the buyer; the buyer's own country making
/// them is domestic procurement.
fn made_where_bought(f: &Frame) -> bool {
    f.roles
        .iter()
        .any(|(role, path, _)| role == "supplier" && path.contains("{class=make_verb}"))
}

/// "HAL will start supplies of the jets in March", told by an outlet at
/// home: firms of the home country selling, no buyer and no other
/// country in the sentence, sell to the home country's buying force.
fn home_firm_alone(a: &Annotation<'_>, f: &Frame, suppliers: &[Actor]) -> bool {
    let Some(home) = a.home.as_deref() else {
        return false;
    };
    let at_home = |c: Option<&str>| c.is_none_or(|c| c == home);
    !suppliers.is_empty()
        && suppliers
            .iter()
            .all(|s| s.kind == ActorType::Company && s.country.as_deref() == Some(home))
        && a.countries_in(f.sentence).all(|c| c.code == home)
        && a.mentions_in(f.sentence)
            .all(|m| at_home(a.entities[m.entity].country.as_deref()))
}

/// Sellers all foreign to the story's home, and no country in the
/// sentence but theirs.
fn foreign_seller_alone(a: &Annotation<'_>, f: &Frame, suppliers: &[Actor]) -> bool {
    let Some(home) = a.home.as_deref() else {
        return false;
    };
    let theirs = |c: &str| suppliers.iter().any(|s| s.country.as_deref() == Some(c));
    !suppliers.is_empty()
        && suppliers
            .iter()
            .all(|s| s.country.as_deref().is_some_and(|c| c != home))
        && a.countries_in(f.sentence).all(|c| theirs(&c.code))
        && a.mentions_in(f.sentence)
            .all(|m| a.entities[m.entity].country.as_deref().is_none_or(&theirs))
}

/// The firm the gazetteer gives as the design's maker, when the article
/// names it anywhere: "the C-295" in a story about Airbus's Indian plant is
/// Airbus's to sell, as annotators and SIPRI's sources name the seller,
/// not the design's country (which may differ from the firm's).
fn maker_named_in_article(g: &Gazetteer, a: &Annotation<'_>, s: &SystemMention) -> Option<Actor> {
    let maker = s.name.as_deref().and_then(|n| actors::design_maker(g, n))?;
    let e = a.entities.iter().position(|e| {
        e.name == maker.name && matches!(e.kind, ActorType::Company | ActorType::Consortium)
    })?;
    Some(actors::entity_actor(a, e))
}

/// The firm a participle of making ties to the goods: "Acme-built
/// radars", "12 units of Acme developed drones".
fn firm_that_made(a: &Annotation<'_>, si: usize, s: &SystemMention) -> Option<Actor> {
    a.mentions_in(si)
        .filter(|m| {
            let e = &a.entities[m.entity];
            matches!(e.kind, ActorType::Company | ActorType::Consortium) && m.end <= s.end
        })
        .find(|m| made_into_goods(a.text(), m.end, s, &['-', ' ']))
        .map(|m| actors::entity_actor(a, m.entity))
}

/// The country a "-made" adjective gives the goods ("Indian-made
/// missiles"): what the text says of these goods outweighs what the
/// gazetteer knows of the design's maker (a licence or a joint design is
/// made elsewhere).
fn country_that_made<'a>(a: &'a Annotation<'_>, si: usize, s: &SystemMention) -> Option<&'a str> {
    a.countries_in(si)
        .find(|c| adjective_of_make(a.text(), c) && made_into_goods(a.text(), c.end, s, &['-']))
        .map(|c| c.code.as_str())
}

/// "purchasing 354 tanks through Make in India", "to be built in Brazil":
/// the trigger's clause says the goods are made in `country` (a participle
/// or base form of making, `in`, the country's name).
fn made_in(a: &Annotation<'_>, f: &Frame, country: Option<&str>) -> bool {
    let text = a.text();
    if a.home.as_deref() == country && names_foreign_side(a, f) {
        return false;
    }
    a.countries_in(f.sentence)
        .filter(|c| Some(c.code.as_str()) == country)
        .filter(|c| f.clause.0 <= c.start && c.end <= f.clause.1)
        .any(|c| place_of_making(text, c))
}

/// The country a "Made in" phrase set before or inside the goods' words
/// names ("Made in India K9 guns", "Made-in-India guns"): an adjective of
/// make, as "Indian-made" is. Told elsewhere in the clause ("some to be
/// built in Poland") it tells part of the work, not who sells.
fn country_made_in<'a>(a: &'a Annotation<'_>, si: usize, s: &SystemMention) -> Option<&'a str> {
    let text = a.text();
    a.countries_in(si)
        .find(|c| {
            let before_goods = text.get(c.end..s.start).is_some_and(|gap| {
                gap.trim_matches(|ch: char| ch == '-' || ch.is_whitespace())
                    .is_empty()
            });
            place_of_making(text, c) && (before_goods || (s.start <= c.start && c.end < s.end))
        })
        .map(|c| c.code.as_str())
}

/// Whether country mention `c` is where goods are made: its name after
/// `in` and a word of making ("built in Brazil", "Make in India").
fn place_of_making(text: &str, c: &CountryMention) -> bool {
    if c.form == CountryForm::Demonym {
        return false;
    }
    let before = text[..c.start].trim_end();
    // "Made-in-India" is written as one word.
    let Some(head) = before
        .strip_suffix(" in")
        .or_else(|| before.strip_suffix(" In"))
        .or_else(|| before.strip_suffix("-in-"))
    else {
        return false;
    };
    let word = head
        .rsplit(|ch: char| !ch.is_alphabetic())
        .next()
        .unwrap_or("");
    let word = word.to_lowercase();
    word == "make" || crate::frames::origin_participle_forms().contains(&word)
}

/// A country that qualifies goods as their maker: its adjective
/// ("Chinese", "Italian-made") or its name joined to a participle of
/// making ("US-made", "UK-built").
fn adjective_of_make(text: &str, c: &CountryMention) -> bool {
    c.form == CountryForm::Demonym
        || text.get(c.end..).is_some_and(|rest| {
            let rest = rest.strip_prefix('-').unwrap_or("");
            let word = &rest[..rest
                .find(|ch: char| !ch.is_alphabetic())
                .unwrap_or(rest.len())];
            crate::frames::origin_participle_forms().contains(word)
        })
}

/// Whether a name ending at `end` is followed by a separator (one of
/// `separators`), a participle of making (class `make_verb`) and then the
/// goods `s`: the participle inside the goods' mention, or only white
/// space between it and the mention.
fn made_into_goods(text: &str, end: usize, s: &SystemMention, separators: &[char]) -> bool {
    let rest = text[end..].trim_start_matches(separators);
    if rest.len() == text[end..].len() {
        return false;
    }
    let word_end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let at = end + (text[end..].len() - rest.len()) + word_end;
    let joined = at > s.start || text.get(at..s.start).is_some_and(|b| b.trim().is_empty());
    crate::frames::origin_participle_forms().contains(&rest[..word_end]) && at <= s.end && joined
}

/// The country an "ex-" adjective inside the goods' mention names
/// ("ex-Danish F-16s").
fn former_owner<'a>(a: &'a Annotation<'_>, si: usize, s: &SystemMention) -> Option<&'a str> {
    let text = a.text();
    a.countries_in(si)
        .find(|c| {
            s.start <= c.start
                && c.end <= s.end
                && c.form == CountryForm::Demonym
                && text
                    .get(c.start.saturating_sub(3)..c.start)
                    .is_some_and(|p| p.eq_ignore_ascii_case("ex-"))
        })
        .map(|c| c.code.as_str())
}

/// The countries whose adjectives qualify the goods: inside the mention
/// ("Italian-made missiles") or coordinated just before it ("Chinese and
/// Italian-made missiles").
fn makers_told_by_adjective(a: &Annotation<'_>, si: usize, s: &SystemMention) -> Vec<String> {
    let text = a.text();
    let mut out: Vec<String> = Vec::new();
    let mut cut = s.start;
    let mut mentions: Vec<_> = a
        .countries_in(si)
        .filter(|c| c.end <= s.end && adjective_of_make(text, c))
        .collect();
    mentions.sort_by_key(|c| std::cmp::Reverse(c.start));
    for c in mentions {
        // Inside the mention, or overlapping its start: the goods' mention
        // may begin within a two-word adjective ("South Korean-built").
        let inside = c.end > s.start;
        let joined = c.end <= cut && {
            let between = text[c.end..cut].trim_start_matches(['-']);
            let word = between
                .find(|ch: char| !ch.is_alphabetic())
                .unwrap_or(between.len());
            let between = if crate::frames::origin_participle_forms().contains(&between[..word]) {
                &between[word..]
            } else {
                between
            };
            let between = between.trim();
            // A quoted name may stand between ('Chinese-made "Silkworm" missiles').
            let quoted = between.len() > 2
                && between.starts_with(['"', '“'])
                && between.ends_with(['"', '”']);
            // So may a designation the mention left out ("Russian P-800
            // Oniks missiles" read as Oniks).
            let designation = !between.is_empty()
                && between.split_whitespace().count() <= 2
                && between
                    .split_whitespace()
                    .all(|w| w.chars().any(|c| c.is_ascii_digit()));
            quoted
                || designation
                || version_of(between)
                || matches!(between, "" | "and" | "or" | "," | ", and")
        };
        if !(inside || joined) {
            continue;
        }
        if !out.contains(&c.code) {
            out.push(c.code.clone());
        }
        cut = cut.min(c.start);
    }
    out
}

/// "version of the", "copies of": a noun of one make of a design and its
/// `of`, which may stand between a maker's adjective and the design.
fn version_of(between: &str) -> bool {
    let mut words = between.split_whitespace();
    let noun = words.next().unwrap_or("");
    let is_version = crate::frames::grammar()
        .classes
        .get("version_noun")
        .is_some_and(|ws| ws.iter().any(|w| w.eq_ignore_ascii_case(noun)));
    is_version && words.next() == Some("of") && words.all(|w| matches!(w, "the" | "a" | "an"))
}

fn draft(
    a: &Annotation<'_>,
    f: &Frame,
    s: &SystemMention,
    suppliers: Vec<Actor>,
    r: Actor,
) -> Draft {
    let st = status(f.status.as_deref());
    // A delivery dated after the story ("delivers ... in 2031") is to come;
    // a past form ("received ..., and will get more next year") was made.
    let past = a.text()[f.trigger.0..f.trigger.1].ends_with("ed");
    let to_come = !past
        && a.dates_in(f.sentence)
            .any(|d| d.future && !d.deadline && f.clause.0 <= d.start && d.end <= f.clause.1);
    let st = if st == TransferStatus::Delivered && to_come {
        TransferStatus::Ordered
    } else {
        st
    };
    // A deal the sentence does not date stays undated: "has placed an
    // order for 83 jets" is as often background as news of the day (the
    // record's source keeps the story's date).
    let (date, date_text) = pick_date(a, f.sentence, f.clause.1);
    let value = money_in_clause(a, f);
    let mut confidence: f64 = 0.6;
    if s.name.is_some() {
        confidence += 0.1;
    }
    if value.is_some() {
        confidence += 0.05;
    }
    Draft {
        suppliers,
        recipient: r,
        system: system_of(s),
        quantity: s.quantity,
        value,
        date,
        date_text,
        status: st,
        sentences: vec![f.sentence],
        confidence: confidence.min(0.9),
    }
}

fn engagement_type(t: Option<&str>) -> EngagementType {
    match t {
        Some("visit") => EngagementType::Visit,
        Some("agreement") => EngagementType::Agreement,
        Some("exercise") => EngagementType::Exercise,
        Some("meeting") => EngagementType::Meeting,
        _ => EngagementType::Other,
    }
}

/// The engagements a frame states: one with its parties, or one per
/// counterpart met ("meetings with A, B and C"), each when its parties come
/// from two or more countries.
pub fn engagements(g: &Gazetteer, a: &Annotation<'_>, f: &Frame) -> Vec<EngagementDraft> {
    if f.dropped || f.rule.kind != Kind::Engagement {
        return Vec::new();
    }
    let counterparts = f.actors("counterpart");
    if counterparts.is_empty() {
        // "visited China and Pakistan": a visit to each host.
        let hosts: Vec<Actor> = f
            .actors("host")
            .iter()
            .filter_map(|p| host_of(g, p))
            .collect();
        if hosts.len() >= 2 && f.set("type") == Some("visit") {
            return hosts
                .into_iter()
                .filter_map(|h| engagement(g, a, f, &[h], false))
                .collect();
        }
        let one = engagement(g, a, f, &[], true);
        if let ([host], Some(visit)) = (hosts.as_slice(), &one) {
            if visit.kind == EngagementType::Visit {
                return visits_of_each(f, host, visit);
            }
        }
        return one.into_iter().collect();
    }
    // "with Palestinian and Soviet officials": nationalities of one group
    // of people met together, one meeting of them all.
    if counterparts.len() >= 2 && one_group(g, a, f, &counterparts) {
        let group: Vec<Actor> = counterparts.iter().map(|c| c.actor.clone()).collect();
        return engagement(g, a, f, &group, true).into_iter().collect();
    }
    counterparts
        .into_iter()
        .filter_map(|c| engagement(g, a, f, std::slice::from_ref(&c.actor), true))
        .collect()
}

/// Whether counterparts are nationalities joined before one noun ("with
/// Palestinian and Soviet officials"), not countries met one by one:
/// "meetings" in the plural, or told as bilateral, are one with each.
fn one_group(g: &Gazetteer, a: &Annotation<'_>, f: &Frame, counterparts: &[&Participant]) -> bool {
    let si = f.sentence;
    let text = a.text();
    let trigger = text.get(f.trigger.0..f.trigger.1).unwrap_or("");
    let plural = trigger.ends_with('s') && !trigger.ends_with("ss");
    let bilateral = a
        .sentence_text(si)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| g.is("bilateral_word", w));
    if plural || bilateral {
        return false;
    }
    let demonym = |p: &Participant| {
        a.countries_in(si)
            .any(|c| c.start == p.start && c.form == CountryForm::Demonym)
    };
    let mut spans: Vec<(usize, usize)> = counterparts.iter().map(|p| (p.start, p.end)).collect();
    spans.sort_unstable();
    let joined = spans.windows(2).all(|w| {
        matches!(
            text.get(w[0].1..w[1].0).map(str::trim),
            Some("and" | "," | ", and" | "&")
        )
    });
    let last = spans.last().map_or(0, |s| s.1);
    let noun_after = text
        .get(last..)
        .and_then(|r| r.split_whitespace().next())
        .is_some_and(|w| w.starts_with(char::is_lowercase) && w != "and" && w != "or");
    joined && noun_after && counterparts.iter().all(|p| demonym(p))
}

/// "Modi and Kishida will visit Australia": a visit is one visitor's to its
/// host, so visitors of several countries make a visit each.
fn visits_of_each(f: &Frame, host: &Actor, visit: &EngagementDraft) -> Vec<EngagementDraft> {
    let mut visitors: Vec<Actor> = Vec::new();
    for p in f.actors("party").into_iter().filter(|p| !p.venue) {
        let country = p.actor.country.as_deref();
        let new_country = !visitors.iter().any(|v| v.country.as_deref() == country);
        if country.is_some() && country != host.country.as_deref() && new_country {
            visitors.push(p.actor.clone());
        }
    }
    if visitors.len() < 2 {
        return vec![visit.clone()];
    }
    visitors
        .into_iter()
        .map(|v| {
            let mut one = visit.clone();
            let countries = [v.country.clone(), host.country.clone()];
            one.description = format!(
                "{} ({})",
                visit.kind.as_str(),
                countries
                    .iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            one.parties = vec![v, host.clone()];
            one
        })
        .collect()
}

/// What became of a deal told earlier in the same sentence, when the
/// sentence names it again ("were close to a deal for 12 jets, but the deal
/// fell through"; "ordered ten tanks, but the order was cancelled"; "keen
/// on buying X, and the deal may be closed this year"): a deal noun after
/// "the", "that" or "this", with no party and no goods of its own, that a
/// modifier found stalled, cancelled or still negotiated. Its byte start
/// and that status.
pub fn fate_told_again(a: &Annotation<'_>, here: &[Frame]) -> Option<(usize, TransferStatus)> {
    let text = a.text();
    here.iter().find_map(|f| {
        let st = status(f.status.as_deref());
        let fate = matches!(
            st,
            TransferStatus::Stalled | TransferStatus::Cancelled | TransferStatus::Negotiating
        );
        let bare = ["supplier", "recipient", "party"]
            .iter()
            .all(|role| f.actors(role).is_empty())
            && f.systems("system").is_empty();
        let before = text[..f.trigger.0].to_lowercase();
        let definite = ["the ", "that ", "this "]
            .iter()
            .any(|d| before.ends_with(d));
        (f.rule.kind == Kind::Transfer && !f.dropped && fate && bare && definite)
            .then_some((f.trigger.0, st))
    })
}

/// An agreement whose sides are all firms ("Safran and HAL signed an MoU"):
/// business, not diplomacy.
pub fn agreement_among_firms(f: &Frame) -> bool {
    let parties = f.actors("party");
    f.set("type") == Some("agreement")
        && !parties.is_empty()
        && parties
            .iter()
            .all(|p| matches!(p.actor.kind, ActorType::Company | ActorType::Consortium))
}

/// Talks held with firms only ("in talks with Safran and Rolls-Royce for
/// an engine"): selling and buying, which no reading makes diplomacy.
pub fn talks_with_firms(f: &Frame) -> bool {
    let firm =
        |p: &&Participant| matches!(p.actor.kind, ActorType::Company | ActorType::Consortium);
    let counterparts = f.actors("counterpart");
    f.set("type") == Some("meeting") && !counterparts.is_empty() && counterparts.iter().all(firm)
}

/// The visited side: a person as named, anything else as its state.
fn host_of(g: &Gazetteer, p: &Participant) -> Option<Actor> {
    if p.actor.kind == ActorType::Person {
        return Some(p.actor.clone());
    }
    p.actor.country.as_deref().map(|c| actors::state(g, c))
}

fn engagement(
    g: &Gazetteer,
    a: &Annotation<'_>,
    f: &Frame,
    with: &[Actor],
    with_hosts: bool,
) -> Option<EngagementDraft> {
    let mut parties: Vec<Actor> = Vec::new();
    // "the Venice summit": a city says where the sides met, not who met.
    for p in f.actors("party").into_iter().filter(|p| !p.venue) {
        push_unique(&mut parties, p.actor.clone());
    }
    for w in with {
        push_unique(&mut parties, w.clone());
    }
    if with_hosts {
        for h in f.actors("host").iter().filter_map(|p| host_of(g, p)) {
            push_unique(&mut parties, h);
        }
    }
    // Diplomacy needs a side that speaks for a state: people who hold no
    // office told and groups of no state ("a smuggler meets commanders of
    // a militant group") are no engagement.
    let official = |p: &Actor| match p.kind {
        ActorType::State | ActorType::GovernmentBody | ActorType::ArmedForce => true,
        ActorType::Person => p.role.is_some() || p.affiliation.is_some(),
        _ => false,
    };
    if !parties.iter().any(official) {
        return None;
    }
    let kind = engagement_type(f.set("type"));
    // An airline flying a route visits nobody.
    if kind == EngagementType::Visit {
        parties.retain(|p| !actors::is_airline(g, p));
    }
    // Talks and meetings with a firm are selling and buying, not diplomacy
    // (an agreement signed with a state-owned maker may still be).
    let firm = |p: &Actor| matches!(p.kind, ActorType::Company | ActorType::Consortium);
    if kind == EngagementType::Meeting {
        parties.retain(|p| !firm(p));
    }
    // Firms agreeing among themselves do business: an agreement is one
    // of diplomacy when a state or one of its bodies is a side.
    if kind == EngagementType::Agreement && parties.iter().all(firm) {
        return None;
    }
    let countries = distinct_countries(&parties);
    if countries.len() < 2 {
        return None;
    }
    // A planned visit or meeting is dated when it is to be held; an
    // agreement's later dates are its terms ("extended to 2031").
    let (mut date, date_text) = match kind {
        EngagementType::Visit | EngagementType::Meeting => {
            pick_planned_date(a, f.sentence, f.clause.1)
        }
        _ => pick_date(a, f.sentence, f.clause.1),
    };
    // A visit spans days: the day of one of its meetings does not date it.
    if date.is_none() && kind == EngagementType::Meeting {
        date = crate::engagements::meeting_dated_beside(a, f.sentence);
    }
    Some(EngagementDraft {
        kind,
        description: format!("{} ({})", kind.as_str(), countries.join(", ")),
        parties,
        date,
        date_text,
        place: None,
        sentence: f.sentence,
        confidence: 0.6,
    })
}

/// Who makes a system told as a contender: the firm the gazetteer names
/// for its design, else its maker's country.
fn maker_of(g: &Gazetteer, s: &SystemMention) -> Option<Actor> {
    s.name
        .as_deref()
        .and_then(|n| actors::design_maker(g, n))
        .or_else(|| s.origin.as_deref().map(|c| actors::state(g, c)))
}

/// Words for the papers that open a tender.
const TENDER_PAPERS: &[&str] = &["tender", "rfp", "rfi", "request", "rfq"];

/// What a contest frame tells: a competition with its buyer, item,
/// contenders, winner, protests or cancellation.
pub fn contest(g: &Gazetteer, a: &Annotation<'_>, f: &Frame, told: &Told) -> Option<ContestDraft> {
    if f.dropped || f.rule.kind != Kind::Contest {
        return None;
    }
    let actor = |p: &Participant| party_actor(g, p);
    // `sets.buyer = "competition"`: a sentence that names no buyer speaks
    // of the competition told ("other contenders include the M-346").
    let buyer = f
        .actors("buyer")
        .first()
        .and_then(|p| actor(p))
        .or_else(|| {
            (f.set("buyer") == Some("competition"))
                .then(|| told.competition.clone())
                .flatten()
        });
    // "lost a contract in Malaysia to the FA-50": the goods that won are
    // of the kind contested.
    let mut item = ["item", "winner"]
        .iter()
        .find_map(|role| f.systems(role).first().map(|s| system_of(s)));
    // "An RFP will be issued in May": a tender told with neither buyer nor
    // goods is the one for the purchase told planned before (a tender's
    // paper, not "the competition", which may be any rivalry).
    let paper = a
        .text()
        .get(f.trigger.0..f.trigger.1)
        .is_some_and(|w| TENDER_PAPERS.contains(&w.to_lowercase().as_str()));
    let just_before = told
        .planned
        .as_ref()
        .filter(|(_, _, at)| f.sentence <= at + 2);
    let buyer = match just_before {
        Some((b, goods, _))
            if buyer.is_none() && item.is_none() && paper && f.set("event") == Some("open") =>
        {
            item = Some(goods.clone());
            Some(b.clone())
        }
        _ => buyer,
    };
    let mut bidders: Vec<Actor> = Vec::new();
    for p in f.actors("bidder") {
        if let Some(x) = actor(p) {
            push_unique(&mut bidders, x);
        }
    }
    // A system passed over: its maker bid ("chose X over the Rafale").
    for maker in f.systems("bidder").iter().filter_map(|s| maker_of(g, s)) {
        push_unique(&mut bidders, maker);
    }
    let winner = f
        .actors("winner")
        .first()
        .and_then(|p| actor(p))
        // A system chosen: its maker wins.
        .or_else(|| f.systems("winner").first().and_then(|s| maker_of(g, s)));
    let (date, _) = pick_date(a, f.sentence, f.clause.1);
    // A competition told with its winner ("the tender was won by X") is
    // awarded.
    let event = match f.set("event").unwrap_or("open") {
        "open" if winner.is_some() => "award",
        told => told,
    };
    let protests = f
        .actors("protester")
        .iter()
        .filter_map(|p| actor(p))
        .map(|by| Protest {
            by,
            grounds: None,
            date,
        })
        .collect();
    if buyer.is_none() && item.is_none() {
        return None;
    }
    Some(ContestDraft {
        buyer,
        item,
        value: money_in_clause(a, f),
        bidders,
        awarded: (event == "award").then_some(date).flatten(),
        winner: (event == "award").then_some(winner).flatten(),
        protests,
        cancelled: (event == "cancel").then_some(date).flatten(),
        is_cancelled: event == "cancel",
        sentences: vec![f.sentence],
        when: date,
        competition: true,
        former: crate::contests::tells_former(&told_before(a, f.trigger.0)),
    })
}
