//! Transfers: "X sold Y to Z", "Z bought/ordered Y from X", "X received a
//! contract for Y, the Navy said", "Z signed a deal with X for Y", with
//! status from the verbs and from later sentences ("the sale never
//! materialized").

use crate::actors::{participants, state, Participant};
use crate::clause::Clause;
use crate::Context;
use armswatch_annotate::{Annotation, SystemMention};
use armswatch_register::LowerSameLen;
use armswatch_register::{Actor, ActorType, Category, Date, Money, System, TransferStatus};

/// What the sentence's deal word says about who its subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// The subject supplies: sell, supply, deliver, export, offer, win a
    /// contract, receive a contract.
    SubjectSupplies,
    /// The subject receives: buy, order, purchase, acquire, award (active).
    SubjectReceives,
    /// A noun ("the sale of arms to Iran") with no verb telling who acts.
    Nominal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    pub start: usize,
    pub end: usize,
    pub voice: Voice,
    pub passive: bool,
    /// Sale-side noun or verb ("sale", "supply"), as opposed to purchase-side.
    pub sale_side: bool,
    pub status: TransferStatus,
    /// A contract or deal noun: the deal may be domestic procurement.
    pub contract: bool,
    /// For a contract noun, where its verb stands ("the Navy *awarded* it a
    /// contract"): the subject is before the verb, the object after it.
    pub verb: Option<(usize, usize)>,
}

const SELL: &[&str] = &[
    "sell",
    "sells",
    "selling",
    "sold",
    "supply",
    "supplies",
    "supplied",
    "supplying",
    "deliver",
    "delivers",
    "delivered",
    "delivering",
    "export",
    "exports",
    "exported",
    "exporting",
    "ship",
    "ships",
    "shipped",
    "shipping",
    "transfer",
    "transferred",
    "transferring",
    "provide",
    "provides",
    "provided",
    "providing",
    "offer",
    "offers",
    "offered",
    "offering",
    "build",
    "builds",
    "produce",
    "produces",
    "manufacture",
    "upgrade",
    "upgrades",
    "modernise",
    "modernize",
];
const SELL_NOUNS: &[&str] = &[
    "sale",
    "sales",
    "export",
    "exports",
    "delivery",
    "deliveries",
    "shipment",
    "shipments",
    "supply",
    "supplies",
    "transfer",
    "transfers",
    "offer",
    "arms-for-hostages",
];
const BUY: &[&str] = &[
    "buy",
    "buys",
    "buying",
    "bought",
    "purchase",
    "purchases",
    "purchased",
    "purchasing",
    "acquire",
    "acquires",
    "acquired",
    "acquiring",
    "order",
    "orders",
    "ordered",
    "ordering",
    "procure",
    "procures",
    "procured",
    "procuring",
    "import",
    "imports",
    "imported",
    "lease",
    "leased",
    "negotiated",
    "negotiating",
    "negotiate",
    "negotiates",
    "received",
    "receives",
    "receive",
    "receiving",
];
const BUY_NOUNS: &[&str] = &[
    "purchase",
    "purchases",
    "acquisition",
    "acquisitions",
    "order",
    "orders",
    "procurement",
    "imports",
    "import",
];
const CONTRACT_NOUNS: &[&str] = &[
    "contract",
    "contracts",
    "deal",
    "deals",
    "modification",
    "option",
    "agreement",
];
const WIN_VERBS: &[&str] = &[
    "received",
    "receives",
    "receive",
    "won",
    "wins",
    "win",
    "gets",
    "got",
    "get",
    "awarded",
    "secured",
    "secures",
    "landed",
    "signed",
    "signs",
    "sign",
    "concluded",
    "inked",
    "sealed",
    "finalised",
    "finalized",
    "clinched",
    "exercised",
    "placed",
];

fn status_of(c: &Clause<'_>, word: &str) -> TransferStatus {
    if c.has_phrase(&[
        "never materialized",
        "never materialised",
        "fell through",
        "stalled",
        "shelved",
        "on hold",
        "frozen",
        "collapsed",
        "did not go ahead",
        "never went ahead",
        "put off",
        "blocked",
    ]) {
        return TransferStatus::Stalled;
    }
    if c.has_phrase(&[
        "cancel",
        "canceled",
        "cancelled",
        "cancels",
        "scrapped",
        "terminated",
        "annulled",
        "rescinded",
        "revoked",
        "pulled out of",
        "withdrew from",
        "cancellation",
        "termination",
    ]) {
        return TransferStatus::Cancelled;
    }
    // "had planned to buy": a plan that did not come about.
    if c.has_phrase(&[
        "had planned to",
        "had intended to",
        "had hoped to",
        "had been due to",
        "had been expected to",
        "had agreed to",
    ]) {
        return TransferStatus::Stalled;
    }
    // A deal agreed or signed is an order, whatever verb follows ("signed a
    // contract to sell", "agreed to supply").
    if c.has_phrase(&[
        "agreed to sell",
        "agreed to supply",
        "agreed to buy",
        "agreed to purchase",
        "agreed to provide",
        "agreed to deliver",
        "signed a contract",
        "signed a deal",
        "signed an agreement",
        "will buy",
        "will purchase",
        "is to buy",
        "are to buy",
        "has ordered",
        "have ordered",
    ]) && !c.has_phrase(&["had agreed to", "never"])
    {
        return TransferStatus::Ordered;
    }
    // A delivery still to come belongs to a deal made, unless the clause
    // tells of goods already handed over as well.
    if c.has_phrase(&[
        "will deliver",
        "will supply",
        "will be delivered",
        "will be supplied",
        "to be delivered",
        "will receive",
        "is to receive",
        "are to receive",
    ]) && !c.has_phrase(&[
        "has supplied",
        "have supplied",
        "has delivered",
        "have delivered",
        "had delivered",
        "was delivered",
        "were delivered",
        "been delivered",
        "been supplied",
    ]) {
        return TransferStatus::Ordered;
    }
    if word.starts_with("negotiat")
        || c.has_phrase(&["in talks", "negotiating", "negotiations", "talks on"])
    {
        return TransferStatus::Negotiating;
    }
    if matches!(word, "offer" | "offers" | "offered" | "offering")
        || c.has_phrase(&[
            "plans to sell",
            "plan to sell",
            "proposed sale",
            "possible sale",
            "would sell",
            "will sell",
            "to sell",
            "expected to offer",
            "approved the sale",
            "approved a sale",
            "offered",
            "could sell",
            "considering",
            "wants to buy",
            "plans to buy",
            "seeking to buy",
            "plans to acquire",
            "intends to buy",
            "would buy",
            "interested in buying",
        ])
    {
        return TransferStatus::Offered;
    }
    if matches!(
        word,
        "delivered"
            | "received"
            | "receives"
            | "shipped"
            | "supplied"
            | "sold"
            | "exported"
            | "transferred"
            | "delivery"
            | "deliveries"
            | "shipment"
            | "shipments"
            | "sale"
            | "sales"
    ) || c.has_phrase(&[
        "took delivery",
        "handed over",
        "received the first",
        "arrived",
        "were delivered",
        "was delivered",
        "have been delivered",
        "has delivered",
    ]) {
        return TransferStatus::Delivered;
    }
    if matches!(
        word,
        "ordered"
            | "bought"
            | "purchased"
            | "acquired"
            | "contract"
            | "contracts"
            | "deal"
            | "deals"
            | "order"
            | "orders"
            | "purchase"
            | "modification"
            | "option"
            | "procured"
            | "leased"
    ) || c.has_phrase(&[
        "signed",
        "awarded",
        "agreed to buy",
        "agreed to purchase",
        "won",
        "received",
    ]) {
        return TransferStatus::Ordered;
    }
    TransferStatus::Unknown
}

/// Every word that can organise a deal sentence.
fn trigger_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        SELL.iter()
            .chain(SELL_NOUNS)
            .chain(BUY)
            .chain(BUY_NOUNS)
            .chain(CONTRACT_NOUNS)
            .chain(["delivery", "deliveries"].iter())
            .copied()
            .collect()
    })
}

/// The deal word that organises the sentence, if any.
pub fn trigger(c: &Clause<'_>) -> Option<Trigger> {
    let words = &c.words;
    let mut best: Option<(u8, Trigger)> = None;
    for (k, &(s, e, w)) in words.iter().enumerate() {
        let prev = if k > 0 { words[k - 1].2 } else { "" };
        let prev2 = if k > 1 { words[k - 2].2 } else { "" };
        // A passive needs a participle: "were delivered", not "is negotiating".
        let participle = w.ends_with("ed")
            || w.ends_with("en")
            || matches!(
                w,
                "sold" | "bought" | "built" | "made" | "won" | "shipped" | "supplied"
            );
        let passive = participle
            && (matches!(
                prev,
                "was" | "were" | "been" | "being" | "be" | "is" | "are"
            ) || matches!(prev2, "was" | "were" | "been" | "being" | "is" | "are"));
        // Most words are no deal words: one hash lookup rules them out.
        if !trigger_words().contains(w) {
            continue;
        }
        // "Import" in "China Precision Machinery Import Export Corp." is a
        // name, not a deal.
        if k > 0 && c.text[s..e].chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let verb_sale = matches!(
            w,
            "sold" | "supplied" | "delivered" | "sell" | "supply" | "deliver" | "exported"
        );
        // "received a 30.5 mln dlr contract": the contract word decides.
        if matches!(w, "received" | "receives" | "receive" | "receiving")
            && words[k + 1..]
                .iter()
                .take(8)
                .any(|x| CONTRACT_NOUNS.contains(&x.2) || matches!(x.2, "order" | "orders"))
        {
            continue;
        }
        // "received clearance for 12 drones": a permission, not the goods;
        // "received a request for proposals": an invitation to offer them.
        if matches!(w, "received" | "receives" | "receive" | "receiving")
            && words[k + 1..].iter().take(3).any(|x| {
                matches!(
                    x.2,
                    "clearance"
                        | "approval"
                        | "nod"
                        | "permission"
                        | "sanction"
                        | "go-ahead"
                        | "request"
                        | "requests"
                        | "bid"
                        | "bids"
                        | "offer"
                        | "offers"
                        | "proposal"
                        | "proposals"
                        | "quotation"
                        | "quotations"
                        | "rfp"
                        | "rfi"
                        | "invitation"
                        | "query"
                        | "enquiry"
                        | "inquiry"
                )
            })
        {
            continue;
        }
        // "took delivery of": the subject receives.
        if matches!(w, "delivery" | "deliveries")
            && matches!(prev, "took" | "take" | "takes" | "taking")
        {
            let t = Trigger {
                start: s,
                end: e,
                voice: Voice::SubjectReceives,
                passive: false,
                sale_side: false,
                status: TransferStatus::Delivered,
                contract: false,
                verb: None,
            };
            if best.as_ref().is_none_or(|(r, _)| 3 > *r) {
                best = Some((3, t));
            }
            continue;
        }
        let mut contract_verb: Option<(usize, usize)> = None;
        let (rank, voice, sale_side, contract) = if (SELL.contains(&w) && !SELL_NOUNS.contains(&w))
            || verb_sale
        {
            (3, Voice::SubjectSupplies, true, false)
        } else if BUY.contains(&w)
            && !(BUY_NOUNS.contains(&w)
                && (matches!(
                    prev,
                    "the" | "a" | "an" | "its" | "their" | "of" | "his" | "her"
                ) || prev.ends_with("'s")
                    || prev.ends_with("’s")))
        {
            // "order" as a noun after a determiner is a contract noun below.
            if w == "order" || w == "orders" {
                if matches!(prev, "to" | "will" | "would" | "could" | "may" | "might") {
                    (3, Voice::SubjectReceives, false, false)
                } else {
                    (1, Voice::Nominal, false, true)
                }
            } else {
                (3, Voice::SubjectReceives, false, false)
            }
        } else if SELL_NOUNS.contains(&w) {
            (2, Voice::Nominal, true, false)
        } else if BUY_NOUNS.contains(&w) {
            (2, Voice::Nominal, false, false)
        } else if CONTRACT_NOUNS.contains(&w) {
            // The verb governing the contract: "received a contract",
            // "awarded it a contract", "signed a deal".
            let verb_word = words[..k]
                .iter()
                .rev()
                .take(8)
                .find(|x| WIN_VERBS.contains(&x.2));
            contract_verb = verb_word.map(|x| (x.0, x.1));
            let verb = verb_word.map(|x| x.2);
            let voice = match verb {
                Some("awarded") => {
                    // "X was/is being awarded" (passive) vs "Z awarded X".
                    let vk = words[..k]
                        .iter()
                        .rposition(|x| x.2 == "awarded")
                        .unwrap_or(0);
                    let vprev = if vk > 0 { words[vk - 1].2 } else { "" };
                    if matches!(
                        vprev,
                        "was" | "were" | "been" | "being" | "is" | "are" | "be"
                    ) {
                        Voice::SubjectSupplies
                    } else {
                        Voice::SubjectReceives
                    }
                }
                Some(
                    "signed" | "signs" | "sign" | "concluded" | "inked" | "sealed" | "finalised"
                    | "finalized" | "clinched" | "exercised" | "placed",
                ) => Voice::SubjectReceives,
                Some(_) => Voice::SubjectSupplies,
                None => Voice::Nominal,
            };
            // "signed a contract to sell 30 Tucanos to Egypt": the verb
            // after the contract says which side signed.
            let then = words.get(k + 1..(k + 3).min(words.len())).unwrap_or(&[]);
            let voice = match then {
                [to, v, ..]
                    if to.2 == "to"
                        && matches!(v.2, "sell" | "supply" | "deliver" | "provide" | "export") =>
                {
                    Voice::SubjectSupplies
                }
                [to, v, ..]
                    if to.2 == "to"
                        && matches!(v.2, "buy" | "purchase" | "acquire" | "procure") =>
                {
                    Voice::SubjectReceives
                }
                _ => voice,
            };
            // A contract governed by its verb ("awarded it a contract to
            // produce", "won contracts to build") organises the sentence:
            // the verbs after it only say what the work is.
            let rank = if verb.is_some() { 4 } else { 1 };
            (rank, voice, false, true)
        } else {
            continue;
        };
        let t = Trigger {
            start: s,
            end: e,
            verb: contract_verb,
            voice,
            passive: passive && voice != Voice::Nominal,
            sale_side,
            status: status_of(c, w),
            contract,
        };
        if best.as_ref().is_none_or(|(r, b)| {
            rank > *r
                && !(rank == 4
                    && *r == 3
                    && b.start < t.start
                    && b.voice != Voice::Nominal
                    && !matches!(
                        c.text[b.start..b.end].lower_same_len().as_str(),
                        "build"
                            | "produce"
                            | "upgrade"
                            | "provide"
                            | "supply"
                            | "manufacture"
                            | "builds"
                            | "produces"
                            | "upgrades"
                            | "provides"
                            | "supplies"
                    ))
        }) {
            best = Some((rank, t));
        }
    }
    let has_contract = words.iter().any(|w| CONTRACT_NOUNS.contains(&w.2));
    best.map(|(_, mut t)| {
        t.contract |= has_contract;
        t
    })
}

/// A transfer being read from one or more sentences.
#[derive(Debug, Clone)]
pub struct Draft {
    pub suppliers: Vec<Actor>,
    pub recipient: Actor,
    pub system: System,
    pub quantity: Option<u64>,
    pub value: Option<Money>,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub status: TransferStatus,
    pub sentences: Vec<usize>,
    pub confidence: f64,
}

const HEDGES: &[&str] = &[
    "might",
    "may",
    "could",
    "reportedly",
    "alleged",
    "allegedly",
    "rumoured",
    "rumored",
    "possible",
    "possibly",
    "expected",
    "would",
    "speculation",
    "considering",
];
const DENIALS: &[&str] = &["denied", "denies", "deny", "denying", "refuted", "rejected"];

fn actor_of(p: &Participant) -> Actor {
    p.actor.clone()
}

fn is_buyer_kind(p: &Participant) -> bool {
    matches!(
        p.actor.kind,
        ActorType::State | ActorType::GovernmentBody | ActorType::ArmedForce
    )
}

/// Reads the transfer of sentence `si`, if it states one.
pub fn read_sentence(cx: &Context<'_>, a: &Annotation<'_>, si: usize) -> Option<Draft> {
    let g = cx.g;
    if a.sentences[si].heading {
        return None;
    }
    let lower = crate::clause::sentence_lower(a, si);
    let c = &Clause::new(a, &lower, si);
    let t = trigger(c)?;
    // A competition still to be decided is a contest, not a deal: "will
    // choose between Boeing and ...", "formed a team to compete for".
    if c.has_phrase(&[
        "will choose",
        "to choose between",
        "will select",
        "will pick",
        "compete for",
        "competing for",
        "bid for",
        "bids for",
        "bidding for",
        "vying for",
    ]) {
        return None;
    }
    // Ships or troops that arrive to take part in an exercise come for it,
    // not to be handed over (the grammar's arrive rules forbid it too).
    if c.has_phrase(&["arrived"])
        && c.has_phrase(&["to participate in", "to take part in", "to join the"])
    {
        return None;
    }
    let attribution = c.attribution_start();
    let parts: Vec<Participant> = participants(g, a, si, false)
        .into_iter()
        .filter(|p| p.start < attribution || p.actor.kind != ActorType::Other)
        .collect();
    let systems: &[SystemMention] = &a.systems[si];
    let money: Vec<&armswatch_annotate::MoneyMention> = a.money_in(si).collect();
    // A deal needs something traded: a system, or money with a deal word.
    // "the deliveries", "the sale": a deal told before, not a new one.
    if t.voice == Voice::Nominal {
        // Walk back over the noun phrase ("the Mistral purchase", "the
        // S-400 deliveries") to its determiner.
        let k = c.word_at(t.start);
        let mut j = k;
        let mut steps = 0;
        while j > 0 && steps < 4 {
            j -= 1;
            steps += 1;
            let w = c.words[j].2;
            if matches!(w, "the" | "that" | "this" | "those" | "these") {
                // "approved the sale of 48 tanks to Qatar" states a deal.
                let after = c.lower()[t.end - c.start..].trim_start();
                if !(after.starts_with("of ") || after.starts_with("to ")) {
                    return None;
                }
                break;
            }
            let raw = &c.text[c.words[j].0..c.words[j].1];
            let modifier = raw
                .chars()
                .next()
                .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit())
                || w.contains('-')
                || matches!(
                    w,
                    "arms" | "weapons" | "planned" | "proposed" | "first" | "latest" | "new"
                );
            if !modifier {
                break;
            }
        }
    }
    let system = pick_system(systems, &t);
    if system.is_none() && (money.is_empty() || !t.contract && t.voice == Voice::Nominal) {
        return None;
    }
    if system.is_none() && !t.contract && money.is_empty() {
        return None;
    }
    let lower = c.lower();
    // Trade, investment and loan stories use the same verbs.
    if system.is_none()
        && c.has_any(&[
            "investment",
            "loan",
            "loans",
            "shares",
            "stake",
            "revenue",
            "earnings",
            "profit",
        ])
    {
        return None;
    }

    let mut suppliers: Vec<Actor> = Vec::new();
    let mut recipient: Option<Actor>;
    // Subject before the verb; for "Z awarded X a contract" the verb is
    // "awarded", not "contract".
    let verb_start = t.verb.map_or(t.start, |v| v.0);
    let verb_end = t.verb.map_or(t.end, |v| v.1);
    let before: Vec<&Participant> = parts
        .iter()
        .filter(|p| p.end <= verb_start && !p.adjective)
        .filter(|p| {
            // "one team headed by Northrop": the team is Northrop.
            let led = c.text[..p.start].trim_end().ends_with("headed by")
                || c.text[..p.start].trim_end().ends_with("led by");
            led || !matches!(
                c.preposition(p.start),
                Some(
                    "to" | "from"
                        | "by"
                        | "with"
                        | "for"
                        | "of"
                        | "in"
                        | "at"
                        | "on"
                        | "against"
                        | "than"
                )
            )
        })
        .collect();
    let after: Vec<&Participant> = parts
        .iter()
        .filter(|p| p.start >= verb_end && !p.adjective)
        .collect();
    let prep_after = |preps: &[&str]| -> Option<&Participant> {
        after.iter().copied().find(|p| {
            c.preposition(p.start).is_some_and(|w| preps.contains(&w)) && !rival_with(c, p.start)
        })
    };
    // The buyer named right before a contract noun: "a Navy contract",
    // "a U.S. Air Force contract".
    let trigger_is_contract =
        CONTRACT_NOUNS.contains(&c.lower()[t.start - c.start..t.end - c.start].trim());
    let contract_modifier = parts.iter().find(|p| {
        is_buyer_kind(p)
            && p.end <= t.start
            && c.words_between(p.end, t.start).count() <= 1
            && trigger_is_contract
    });
    // The subject: participants before the verb, nearest last, without a
    // preposition; a coordination ("Acme and Bolt Industries ... supply")
    // counts as one subject.
    let subject: Vec<&Participant> = {
        let mut v: Vec<&Participant> = before
            .iter()
            .copied()
            .filter(|p| Some(p.start) != contract_modifier.map(|m| m.start))
            .collect();
        // Only participants after the last clause break before the verb.
        let clause_start = lower[..t.start - c.start]
            .rfind([';', ':'])
            .map(|i| c.start + i)
            .unwrap_or(c.start);
        v.retain(|p| p.start >= clause_start);
        v
    };

    match (t.voice, t.passive) {
        (Voice::SubjectSupplies, false) => {
            suppliers.extend(subject.iter().map(|p| actor_of(p)));
            recipient = prep_after(&["to", "for"])
                .filter(|p| is_buyer_kind(p))
                .or_else(|| {
                    after
                        .first()
                        .copied()
                        .filter(|p| c.preposition(p.start).is_none() && is_buyer_kind(p))
                })
                .map(actor_of);
            if t.contract && recipient.is_none() {
                recipient = prep_after(&["from", "by"]).map(actor_of);
            }
        }
        (Voice::SubjectSupplies, true) => {
            // "were delivered to Z by X" / "X is being awarded a contract".
            if t.contract {
                suppliers.extend(subject.iter().map(|p| actor_of(p)));
                recipient = prep_after(&["from", "by"]).map(actor_of);
            } else {
                suppliers.extend(prep_after(&["by"]).map(actor_of));
                recipient = prep_after(&["to", "for"]).map(actor_of);
            }
        }
        (Voice::SubjectReceives, false) => {
            recipient = subject.last().map(|p| actor_of(p));
            // "India agreed to buy 24 helicopters ... for the Indian Navy":
            // the service named is the end user.
            if let Some(user) = prep_after(&["for"]).filter(|p| {
                matches!(
                    p.actor.kind,
                    ActorType::ArmedForce | ActorType::GovernmentBody
                ) && recipient
                    .as_ref()
                    .is_some_and(|r| r.country == p.actor.country)
            }) {
                recipient = Some(actor_of(user));
            }
            // "India and Russia signed the contract": both parties in the
            // subject; the origin of the system sorts them out below.
            let pair = subject.len() == 2
                && subject.iter().all(|p| p.actor.kind == ActorType::State)
                && matches!(
                    c.text
                        .get(subject[0].end..subject[1].start)
                        .unwrap_or("?")
                        .trim(),
                    "and" | "&"
                );
            if pair {
                suppliers.extend(subject[..subject.len() - 1].iter().map(|p| actor_of(p)));
            }
            suppliers.extend(prep_after(&["from", "with"]).map(actor_of));
            // "frigates built for it by China".
            if suppliers.is_empty() {
                suppliers.extend(
                    prep_after(&["by"])
                        .filter(|p| {
                            let before = c.lower()[..p.start - c.start].trim_end();
                            [
                                "built",
                                "made",
                                "supplied",
                                "manufactured",
                                "produced",
                                "developed",
                                "designed",
                            ]
                            .iter()
                            .any(|v| before.rsplit(' ').take(4).any(|w| w == *v))
                        })
                        .map(actor_of),
                );
            }
            if suppliers.is_empty() && t.contract {
                // "Z awarded X a contract": X right after the verb.
                suppliers.extend(
                    after
                        .first()
                        .filter(|p| c.preposition(p.start).is_none())
                        .map(|p| actor_of(p)),
                );
            }
            if suppliers.is_empty() {
                suppliers.extend(
                    prep_after(&["to"])
                        .filter(|p| {
                            matches!(p.actor.kind, ActorType::Company | ActorType::Consortium)
                        })
                        .map(actor_of),
                );
            }
            // "the Navy awarded it a contract": "it" is the company named before.
            if suppliers.is_empty() && t.contract {
                let rest = lower[t.start - c.start..].to_string();
                let verb_at = ["awarded ", "gave ", "granted "]
                    .iter()
                    .filter_map(|v| lower.find(v))
                    .min();
                if let Some(v) = verb_at {
                    let obj = &lower[v..];
                    let obj = obj.split_once(' ').map(|x| x.1).unwrap_or("");
                    if obj.starts_with("it ")
                        || obj.starts_with("the company")
                        || obj.starts_with("the firm")
                    {
                        if let Some(e) = cx.last_company(a, c.start + v) {
                            suppliers.push(crate::actors::entity_actor(a, e));
                        }
                    }
                }
                let _ = rest;
            }
        }
        (Voice::SubjectReceives, true) => {
            recipient = prep_after(&["by"]).map(actor_of);
            suppliers.extend(prep_after(&["from"]).map(actor_of));
            if suppliers.is_empty() && t.contract {
                suppliers.extend(subject.iter().map(|p| actor_of(p)));
            }
        }
        (Voice::Nominal, _) => {
            recipient = prep_after(&["to", "for"])
                .filter(|p| is_buyer_kind(p))
                .map(actor_of);
            if t.sale_side {
                suppliers.extend(subject.iter().map(|p| actor_of(p)));
            } else if recipient.is_none() {
                recipient = subject.last().map(|p| actor_of(p));
            }
            suppliers.extend(prep_after(&["from"]).map(actor_of));
        }
    }
    if let Some(m) = contract_modifier {
        if recipient.is_none() {
            recipient = Some(actor_of(m));
        }
    }
    // Countries written as adjectives of the trade: "Chinese-made tanks",
    // "an Israeli shipment of U.S. arms", "U.S. arms sales".
    let sys_span = system.map(|s| (s.start, s.end));
    for p in &parts {
        let near_trigger = p.end <= t.start && c.words_between(p.end, t.start).count() <= 2;
        let in_system = sys_span.is_some_and(|(s, e)| p.start >= s.saturating_sub(1) && p.end <= e);
        let made = (c.text[p.end..].starts_with("-made") || c.text[p.end..].starts_with("-built"))
            && sys_span.is_some_and(|(s, e)| p.start + 2 >= s && p.end <= e);
        let qualifies_goods =
            sys_span.is_some_and(|(s, _)| p.end <= s && c.words_between(p.end, s).count() == 0);
        // The maker in front of the goods: "64 Lockheed Martin F-35A fighters".
        if p.actor.kind == ActorType::Company && qualifies_goods && p.start >= t.end {
            if !suppliers.iter().any(|s| s.name == p.actor.name) {
                suppliers.push(p.actor.clone());
            }
            continue;
        }
        if (p.adjective
            && (in_system
                || made
                || qualifies_goods
                || (near_trigger && t.voice == Voice::Nominal)))
            || (p.actor.kind == ActorType::State
                && (qualifies_goods || (t.voice == Voice::Nominal && near_trigger)))
        {
            if recipient
                .as_ref()
                .is_some_and(|r| r.country == p.actor.country)
            {
                continue;
            }
            if (!suppliers.iter().any(|s| s.country == p.actor.country)
                || p.actor.kind != ActorType::State)
                && !suppliers.iter().any(|s| s.name == p.actor.name)
            {
                suppliers.push(state(g, p.actor.country.as_deref().unwrap_or("")));
            }
        }
    }
    // "McDonnell Douglas said the Navy exercised an option for 24 F/A-18s":
    // the company reporting its own contract supplies it.
    if suppliers.is_empty() && t.contract && t.voice == Voice::SubjectReceives {
        if let Some(p) = parts.iter().find(|p| {
            p.actor.kind == ActorType::Company
                && p.end <= verb_start
                && verb_after_said(&c.text[p.end..c.end])
        }) {
            suppliers.push(actor_of(p));
        }
    }
    // Pronoun suppliers: "The company also has won ...", "it will supply".
    if suppliers.is_empty() && matches!(t.voice, Voice::SubjectSupplies) {
        let head = &lower[..t.start - c.start];
        if head.contains("the company")
            || head.contains("it ")
            || head.starts_with("it")
            || head.contains("the firm")
        {
            if let Some(e) = cx.last_company(a, c.start) {
                suppliers.push(crate::actors::entity_actor(a, e));
            }
        }
    }
    // "Russia ordered two Mistral-class ships": who makes the system
    // supplies it, when the sentence names no seller.
    if suppliers.is_empty() {
        let others = system.is_none_or(|s| !crate::frames::set_apart(s));
        let origin = system.and_then(|s| s.origin.clone()).or_else(|| {
            others
                .then(|| systems.iter().find_map(|s| s.origin.clone()))
                .flatten()
        });
        if let Some(o) = origin {
            if recipient
                .as_ref()
                .is_none_or(|r| r.country.as_deref() != Some(o.as_str()))
            {
                suppliers.push(state(g, &o));
            }
        }
    }
    // "Russia ordered the two amphibious assault ships in June 2011", after
    // a sentence about the Mistral-class carriers: the maker of the same
    // kind of system named just before.
    // Only a definite description points back ("18 jets" are new ones).
    let definite = system.is_some_and(|s| points_back(a.text(), c.start, s.start));
    if suppliers.is_empty() && !trigger_is_contract && definite {
        if let Some(cat) = system.map(|s| s.category).filter(|c| *c != Category::Other) {
            let origin = (si.saturating_sub(4)..si)
                .rev()
                .flat_map(|p| a.systems[p].iter())
                .find(|m| m.category == cat && m.origin.is_some())
                .and_then(|m| m.origin.clone());
            if let Some(o) = origin {
                if recipient
                    .as_ref()
                    .is_none_or(|r| r.country.as_deref() != Some(o.as_str()))
                {
                    suppliers.push(state(g, &o));
                }
            }
        }
    }
    // The speaker of a wire story's tail ("..., the Navy said") buys.
    if recipient.is_none() {
        let said = parts.iter().rev().find(|p| {
            is_buyer_kind(p)
                && p.actor.kind != ActorType::State
                && c.text[p.end..c.end].trim_start().starts_with("said")
        });
        recipient = said.map(actor_of);
    }
    // Domestic procurement: a company's contract with its own country's
    // forces named elsewhere in the story.
    if recipient.is_none() && t.contract && suppliers.iter().any(|s| s.kind == ActorType::Company) {
        recipient = cx.domestic_buyer(a, si);
    }
    let mut recipient = recipient?;
    // "India and Russia concluded the contract for the S-400": the party
    // that makes the system is the seller.
    if let Some(origin) = system.and_then(|s| s.origin.as_deref()) {
        if recipient.country.as_deref() == Some(origin) {
            if let Some(i) = suppliers.iter().position(|s| {
                s.country.as_deref().is_some_and(|c| c != origin) && s.kind == ActorType::State
            }) {
                let buyer = suppliers.remove(i);
                suppliers.insert(0, std::mem::replace(&mut recipient, buyer));
            }
        }
    }
    suppliers.retain(|s| s.name != recipient.name);
    if suppliers.is_empty() {
        return None;
    }
    // A state recipient that is also a supplier country is a misreading.
    if recipient.kind == ActorType::State
        && suppliers
            .iter()
            .all(|s| s.country == recipient.country && s.kind == ActorType::State)
    {
        return None;
    }
    dedup_actors(&mut suppliers);
    if recipient.kind == ActorType::Other {
        recipient.kind = ActorType::State;
    }

    let system = match system {
        Some(s) => System {
            name: s.name.clone(),
            description: s.description.clone(),
            category: s.category,
        },
        None => System {
            name: None,
            description: None,
            category: Category::Other,
        },
    };
    let quantity = pick_system(systems, &t).and_then(|s| s.quantity);
    let value = money
        .iter()
        .find(|m| m.start < attribution && !c.text[..m.start].ends_with("compared with "))
        .map(|m| m.money.clone());
    let mut status = t.status;
    let hedged = c.has_any(HEDGES);
    let denied = c.has_any(DENIALS);
    if denied {
        status = TransferStatus::Unknown;
    }
    let (date, date_text) = pick_date(a, si, attribution);
    let (date, date_text) = match date {
        Some(d) => (Some(d), date_text),
        // A contract reported as news happened when reported.
        None if t.contract && status == TransferStatus::Ordered => {
            (a.doc.published.map(|p| Date { day: None, ..p }), None)
        }
        None => (None, None),
    };
    let mut confidence: f64 = 0.55;
    if system.name.is_some() {
        confidence += 0.1;
    }
    if value.is_some() {
        confidence += 0.1;
    }
    if date.is_some() {
        confidence += 0.05;
    }
    if hedged {
        confidence -= 0.2;
    }
    if denied {
        confidence -= 0.3;
    }
    Some(Draft {
        suppliers,
        recipient,
        system,
        quantity,
        value,
        date,
        date_text,
        status,
        sentences: vec![si],
        confidence: confidence.clamp(0.05, 0.95),
    })
}

/// "its frontier with Somalia", "tensions with Peru": a country "with"
/// which one shares a border or a quarrel is no party to the deal.
fn rival_with(c: &Clause<'_>, at: usize) -> bool {
    const RIVALRY: &[&str] = &[
        "border",
        "borders",
        "boundary",
        "tensions",
        "tension",
        "conflict",
        "war",
        "standoff",
        "clash",
        "clashes",
        "dispute",
        "disputes",
        "rivalry",
        "skirmishes",
        "hostilities",
    ];
    let before = c.lower()[..at.saturating_sub(c.start)].trim_end();
    let Some(rest) = before.strip_suffix("with") else {
        return false;
    };
    let noun = rest.trim_end().rsplit(' ').next().unwrap_or("");
    RIVALRY.contains(&noun)
}

/// Text right after a name starts with "said" (after a ticker or a
/// parenthesis): "Raytheon Co <RTN> said".
fn verb_after_said(after: &str) -> bool {
    let mut rest = after.trim_start();
    if rest.starts_with('<') || rest.starts_with('(') {
        if let Some(i) = rest.find(['>', ')']) {
            rest = rest[i + 1..].trim_start();
        }
    }
    rest.starts_with("said") || rest.starts_with("says")
}

fn dedup_actors(v: &mut Vec<Actor>) {
    let mut seen = Vec::new();
    v.retain(|a| {
        let k = (a.name.clone(), a.country.clone());
        if seen.contains(&k) {
            false
        } else {
            seen.push(k);
            true
        }
    });
}

/// The system the deal is about: in the active voice the first specific
/// one after the deal word ("sold 24 Rafale jets"), in the passive the
/// nearest one before it ("an S-400 system was delivered"); else the
/// nearest specific one; else a generic one ("arms").
fn pick_system<'s>(systems: &'s [SystemMention], t: &Trigger) -> Option<&'s SystemMention> {
    let specific = || systems.iter().filter(|s| !s.generic);
    let preferred = if t.passive {
        specific().rfind(|s| s.end <= t.start)
    } else {
        specific().find(|s| s.start >= t.start)
    };
    preferred
        .or_else(|| {
            specific().min_by_key(|s| {
                if s.start >= t.end {
                    s.start - t.end
                } else {
                    t.start.saturating_sub(s.end)
                }
            })
        })
        .or_else(|| systems.first())
}

pub(crate) fn pick_date(
    a: &Annotation<'_>,
    si: usize,
    attribution: usize,
) -> (Option<Date>, Option<String>) {
    pick_date_when(a, si, attribution, false)
}

/// The date of an event that may still be to come: a visit "next month"
/// is dated next month (a deadline, "by June", still dates nothing).
pub(crate) fn pick_planned_date(
    a: &Annotation<'_>,
    si: usize,
    attribution: usize,
) -> (Option<Date>, Option<String>) {
    pick_date_when(a, si, attribution, true)
}

fn pick_date_when(
    a: &Annotation<'_>,
    si: usize,
    attribution: usize,
    future_ok: bool,
) -> (Option<Date>, Option<String>) {
    // "last week's report" dates something else.
    let own = |d: &&armswatch_annotate::DateMention| {
        (future_ok || !d.future)
            && !d.deadline
            && !a.text()[d.end..].starts_with("'s")
            && !a.text()[d.end..].starts_with("’s")
            && !after_since(a, si, d.start)
    };
    let d = a
        .dates_in(si)
        .filter(own)
        .find(|d| d.start < attribution)
        .or_else(|| a.dates_in(si).find(own));
    match d {
        Some(d) => (Some(d.date), Some(d.text.clone())),
        None => (None, None),
    }
}

/// A date in a clause opened by "since" ("his first visit since he took
/// power in June 1982", "operated since 2019") starts a span of time; it
/// does not date the event.
fn after_since(a: &Annotation<'_>, si: usize, at: usize) -> bool {
    let start = a.sentences[si].start;
    let before = &a.text()[start..at];
    let Some(i) = before.to_lowercase().rfind("since ") else {
        return false;
    };
    let word_start = i == 0 || before[..i].ends_with(|c: char| !c.is_alphanumeric());
    let between = &before[i..];
    word_start && between.len() <= 60 && !between.contains([',', ';', '.'])
}

/// What a later sentence adds to the deal before it, when it speaks of
/// "the contract", "the deal", "that order" without naming both parties:
/// a new status ("the sale never materialized"), a value ("the contract is
/// worth 3.75 billion euros"), the contractor ("the contract with Dassault
/// Aviation"), or another system in the same package ("that order also
/// included a FREMM frigate").
#[derive(Debug, Default)]
pub struct FollowUp {
    pub status: Option<TransferStatus>,
    pub value: Option<Money>,
    pub suppliers: Vec<Actor>,
    pub system: Option<(System, Option<u64>)>,
    pub date: Option<Date>,
    pub that_year: bool,
    /// The status the follow-up sentence itself states ("signed" → ordered).
    pub own_status: Option<TransferStatus>,
    /// How many the deal is for: "the order for 24 units", "the contract
    /// covers 12 jets" (one count of goods in the sentence).
    pub quantity: Option<u64>,
}

pub fn follow_up(cx: &Context<'_>, a: &Annotation<'_>, si: usize) -> Option<FollowUp> {
    if a.sentences[si].heading {
        return None;
    }
    let lower = crate::clause::sentence_lower(a, si);
    let c = &Clause::new(a, &lower, si);
    let anaphor = c.has_phrase(&[
        "the sale",
        "the deal",
        "the contract",
        "the purchase",
        "the order",
        "the agreement",
        "the transaction",
        "that order",
        "that deal",
        "that contract",
        "that sale",
        "this sale",
        "that purchase",
        "this purchase",
        "the package",
        "this deal",
        "this contract",
        "the acquisition",
    ]);
    if !anaphor {
        return None;
    }
    let mut f = FollowUp::default();
    if let s @ (TransferStatus::Stalled | TransferStatus::Cancelled) = status_of(c, "") {
        f.status = Some(s);
    }
    let attribution = c.attribution_start();
    f.value = a
        .money_in(si)
        .find(|m| m.start < attribution)
        .map(|m| m.money.clone());
    for p in participants(cx.g, a, si, false) {
        if p.actor.kind == ActorType::Company
            && matches!(c.preposition(p.start), Some("with" | "by" | "from"))
        {
            f.suppliers.push(p.actor.clone());
        }
    }
    if c.has_any(&[
        "included",
        "includes",
        "include",
        "including",
        "covers",
        "covered",
    ]) {
        if let Some(s) = a.systems[si].iter().find(|s| !s.generic) {
            f.system = Some((
                System {
                    name: s.name.clone(),
                    description: s.description.clone(),
                    category: s.category,
                },
                s.quantity,
            ));
        }
    }
    let date = a
        .dates_in(si)
        .find(|d| !d.future && !d.deadline && d.start < attribution);
    f.date = date.map(|d| d.date);
    // "in February of that year": the year of the deal told before.
    f.that_year = date.is_some_and(|d| {
        let after = &c.text[d.end..];
        after.starts_with(" of that year") || after.starts_with(" that year")
    });
    f.own_status = match status_of(c, "") {
        TransferStatus::Unknown => None,
        s => Some(s),
    };
    f.quantity = count_told(a, si, c.text);
    Some(f)
}

/// The one count of goods a follow-up sentence gives: a system mention's
/// number, else a number before "units" ("the order for 24 units").
fn count_told(a: &Annotation<'_>, si: usize, text: &str) -> Option<u64> {
    let counted: Vec<u64> = a.systems[si].iter().filter_map(|m| m.quantity).collect();
    if let [one] = counted.as_slice() {
        return Some(*one);
    }
    if !counted.is_empty() {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let units: Vec<u64> = words
        .windows(2)
        .filter(|w| w[1].trim_end_matches(|c: char| !c.is_alphanumeric()) == "units")
        .filter_map(|w| armswatch_annotate::systems::quantity_word(w[0]))
        .collect();
    match units.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// One sentence may state several deals:
/// - "like Chile and Peru, which each bought six of the frigates": one per
///   buyer named before the relative pronoun;
/// - "a team led by Acme and another led by Bolt won design contracts":
///   one per company that won.
pub fn split(cx: &Context<'_>, a: &Annotation<'_>, si: usize, d: Draft) -> Vec<Draft> {
    let lower = crate::clause::sentence_lower(a, si);
    let c = &Clause::new(a, &lower, si);
    let Some(t) = trigger(c) else {
        return vec![d];
    };
    let parts = participants(cx.g, a, si, false);
    // (a) Relative clauses.
    let before = c.lower()[..t.start - c.start].trim_end();
    let mut head = before;
    for adverb in [
        " each",
        " also",
        " later",
        " both",
        " reportedly",
        " have",
        " has",
        " had",
        " jointly",
    ] {
        if let Some(h) = head.strip_suffix(adverb) {
            head = h.trim_end();
        }
    }
    // Only buyers: in "the United States, which sold India ...", the
    // antecedent is the seller and the sentence reads as it stands.
    if let Some(h) = head
        .strip_suffix("which")
        .or_else(|| head.strip_suffix("who"))
        .filter(|_| t.voice == Voice::SubjectReceives)
    {
        let rel_at = c.start + h.trim_end().trim_end_matches(',').trim_end().len();
        // The antecedents: buyers right before, joined by "and" or commas.
        let mut ants: Vec<&Participant> = Vec::new();
        let mut edge = rel_at;
        for p in parts
            .iter()
            .rev()
            .filter(|p| p.end <= rel_at && !p.adjective)
        {
            let gap = c.text.get(p.end..edge).unwrap_or("?").trim();
            let joined = gap.is_empty() || matches!(gap, "," | "and" | ", and");
            if !joined || !is_buyer_kind(p) {
                break;
            }
            ants.push(p);
            edge = p.start;
        }
        if !ants.is_empty() {
            ants.reverse();
            let mut suppliers: Vec<Actor> = d
                .suppliers
                .iter()
                .filter(|s| {
                    parts
                        .iter()
                        .any(|p| p.actor.name == s.name && p.start >= rel_at)
                })
                .cloned()
                .collect();
            if suppliers.is_empty() {
                // "... the Rafale, after Egypt and Qatar, which each ordered
                // 24 of the jets": the maker of the system named.
                let origin = pick_system(&a.systems[si], &t)
                    .and_then(|s| s.origin.clone())
                    .or_else(|| a.systems[si].iter().find_map(|s| s.origin.clone()));
                if let Some(o) = origin {
                    suppliers.push(state(cx.g, &o));
                }
            }
            if suppliers.is_empty() {
                return vec![d];
            }
            return ants
                .into_iter()
                .map(|p| Draft {
                    suppliers: suppliers.clone(),
                    recipient: actor_of(p),
                    ..d.clone()
                })
                .collect();
        }
    }
    // (c) Several purchases in one sentence, each with its own seller or
    // price: "24 MH-60R helicopters from Lockheed Martin for $2.6 billion,
    // and six AH-64E Apache helicopters from Boeing for $800 million".
    let goods: Vec<&SystemMention> = a.systems[si]
        .iter()
        .filter(|m| !m.generic && m.start >= t.end)
        .collect();
    if goods.len() >= 2 {
        let mut out = Vec::new();
        for (i, g) in goods.iter().enumerate() {
            let seg_end = goods.get(i + 1).map_or(c.end, |n| n.start);
            let seller = parts.iter().find(|p| {
                p.start >= g.end
                    && p.end <= seg_end
                    && matches!(c.preposition(p.start), Some("from" | "by"))
            });
            let price = a
                .money_in(si)
                .find(|m| m.start >= g.end && m.end <= seg_end)
                .map(|m| m.money.clone());
            if seller.is_none() && price.is_none() {
                out.clear();
                break;
            }
            let mut next = d.clone();
            next.system = System {
                name: g.name.clone(),
                description: g.description.clone(),
                category: g.category,
            };
            next.quantity = g.quantity;
            next.value = price;
            if let Some(p) = seller {
                let states: Vec<Actor> = d
                    .suppliers
                    .iter()
                    .filter(|s| s.kind == ActorType::State && s.country == p.actor.country)
                    .cloned()
                    .collect();
                next.suppliers = states;
                next.suppliers.push(actor_of(p));
            }
            out.push(next);
        }
        if out.len() >= 2 {
            return out;
        }
    }
    // (b) Several winners of "contracts".
    let companies: Vec<&Actor> = d
        .suppliers
        .iter()
        .filter(|s| s.kind == ActorType::Company)
        .collect();
    if c.has_any(&["contracts"]) && companies.len() >= 2 && companies.len() == d.suppliers.len() {
        return companies
            .into_iter()
            .map(|s| Draft {
                suppliers: vec![s.clone()],
                value: None,
                ..d.clone()
            })
            .collect();
    }
    vec![d]
}

/// Whether the goods mention starting at `at` is definite ("the two
/// ships", "these aircraft"): the word before it, past a count, is a
/// definite determiner. `from` bounds the look-back (the clause start).
fn points_back(text: &str, from: usize, at: usize) -> bool {
    let before = text.get(from.min(at)..at).unwrap_or("");
    let mut words = before.split_whitespace().rev().map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    });
    let mut w = words.next().unwrap_or_default();
    let count = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty()
            || matches!(
                w,
                "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
            )
    };
    if count(&w) {
        w = words.next().unwrap_or_default();
    }
    matches!(w.as_str(), "the" | "these" | "those" | "both" | "such")
}
