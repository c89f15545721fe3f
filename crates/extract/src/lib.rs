//! Extraction: the third pipeline stage. Reads an [`Annotation`] and writes
//! register [`Record`]s — transfers, contests, engagements and entities —
//! each with the sentences it came from and the outlets the article cites.
//!
//! Invariants:
//! - Every record carries at least one evidence sentence of its document.
//! - A deal told over several sentences ("the contract ... the deal") is
//!   one record; its evidence lists each sentence.
//! - Nothing is guessed: a field the text does not support is `None`.

mod acronyms;
mod actors;
mod affairs;
mod clause;
mod contests;
mod engagements;
pub mod frames;
mod grammar_drafts;
mod parse_memo;
mod transfers;

use armswatch_annotate::{annotate, Annotation, Gazetteer, GazetteerError};
use armswatch_register::{
    ActorType, Contest, Document, Engagement, Entity, Evidence, Fact, Record, System, Transfer,
    TransferStatus,
};

thread_local! {
    static IN_EXTRACTION: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while this thread runs [`Extractor::try_extract`]: a panic hook can
/// stay quiet, since the defect comes back as an [`ExtractError`].
pub fn in_extraction() -> bool {
    IN_EXTRACTION.with(|f| f.get())
}

/// An extractor defect met on one document (a bug to report, never the
/// input's fault).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractError {
    pub doc: String,
    pub message: String,
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: extraction failed ({}); please report this article",
            self.doc, self.message
        )
    }
}

impl std::error::Error for ExtractError {}

/// Shared state of one document's extraction.
pub struct Context<'g> {
    pub g: &'g Gazetteer,
}

impl Context<'_> {
    /// The last company mentioned before byte `pos` ("the company" refers
    /// back to it).
    fn last_company(&self, a: &Annotation<'_>, pos: usize) -> Option<usize> {
        a.mentions
            .iter()
            .rev()
            .filter(|m| m.start < pos)
            .find(|m| a.entities[m.entity].kind == ActorType::Company)
            .map(|m| m.entity)
            .or_else(|| {
                a.mentions
                    .iter()
                    .find(|m| a.entities[m.entity].kind == ActorType::Company)
                    .map(|m| m.entity)
            })
    }

    /// The home country's armed force or body that buys in this story.
    fn domestic_buyer(&self, a: &Annotation<'_>, _si: usize) -> Option<armswatch_register::Actor> {
        actors::domestic_buyer(a)
    }

    /// The person the story is mostly about (for "he").
    fn main_person(&self, a: &Annotation<'_>) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (e, ent) in a.entities.iter().enumerate() {
            if ent.kind != ActorType::Person {
                continue;
            }
            let n = a.mentions.iter().filter(|m| m.entity == e).count();
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((e, n));
            }
        }
        best.map(|(e, _)| e)
    }
}

/// The extractor with its gazetteer. Cheap to share across threads.
pub struct Extractor {
    g: &'static Gazetteer,
}

/// The annotation extraction reads: equipment told as being replaced or
/// retired is in service already, never the goods of a deal, so no reader
/// sees it.
fn goods_annotation<'d>(g: &Gazetteer, doc: &'d Document) -> Annotation<'d> {
    let mut a = annotate(g, doc);
    for mentions in a.systems.iter_mut() {
        mentions.retain(|m| !m.replaced);
    }
    a
}

impl Extractor {
    /// The extractor over the gazetteer compiled into the binary.
    pub fn builtin() -> Result<Extractor, GazetteerError> {
        // The parser model decodes on another core meanwhile: both are
        // needed, and each takes a sizeable part of a short run.
        let g = std::thread::scope(|s| {
            s.spawn(frames::model);
            Gazetteer::builtin()
        })?;
        Ok(Extractor { g })
    }

    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.g
    }

    /// All records of one document, in a stable order: transfers,
    /// contests, engagements, then entities. A defect in the extractor on
    /// some unforeseen text yields no records rather than a crash; use
    /// [`Extractor::try_extract`] to learn of it.
    pub fn extract(&self, doc: &Document) -> Vec<Record> {
        self.try_extract(doc).unwrap_or_default()
    }

    /// [`Extractor::extract`], reporting a defect hit on this document as an
    /// error naming it, so one bad article never stops a batch.
    pub fn try_extract(&self, doc: &Document) -> Result<Vec<Record>, ExtractError> {
        IN_EXTRACTION.with(|f| f.set(true));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let a = goods_annotation(self.g, doc);
            extract_annotated(self.g, &a)
        }));
        IN_EXTRACTION.with(|f| f.set(false));
        result.map_err(|e| ExtractError {
            doc: doc.id.clone(),
            message: e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "internal error".into()),
        })
    }
}

fn evidence(a: &Annotation<'_>, sentences: &[usize]) -> Vec<Evidence> {
    let mut ss: Vec<usize> = sentences.to_vec();
    ss.sort_unstable();
    ss.dedup();
    ss.into_iter()
        .filter_map(|si| {
            let s = a.sentences[si];
            Evidence::from_span(a.text(), s.start, s.end)
        })
        .collect()
}

/// Outlets the article cites in these sentences ("according to
/// Defensa.com", "the New York Times reported").
fn sources(a: &Annotation<'_>, sentences: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &si in sentences {
        for m in a.mentions_in(si) {
            let e = &a.entities[m.entity];
            if e.outlet && !out.contains(&e.name) {
                out.push(e.name.clone());
            }
        }
    }
    out
}

/// How far a deal has gone, for merging reports of one deal.
/// Whether `d` falls after `p` at the precision both have.
fn date_after(d: armswatch_register::Date, p: armswatch_register::Date) -> bool {
    if d.year != p.year {
        return d.year > p.year;
    }
    match (d.month, p.month) {
        (Some(dm), Some(pm)) if dm != pm => dm > pm,
        (Some(_), Some(_)) => matches!((d.day, p.day), (Some(x), Some(y)) if x > y),
        _ => false,
    }
}

fn stage(s: TransferStatus) -> u8 {
    match s {
        TransferStatus::Unknown => 0,
        TransferStatus::Offered => 1,
        TransferStatus::Negotiating => 2,
        TransferStatus::Ordered => 3,
        TransferStatus::Delivered => 4,
        TransferStatus::Stalled => 5,
        TransferStatus::Cancelled => 6,
    }
}

/// Transfers from different sentences that speak of the same deal merge:
/// same recipient country, overlapping supplier countries, compatible
/// systems.
/// Whether the name `long` ends with the words of `short` ("AH-64E
/// Apache", "Apache"), compared without case.
fn ends_with_words(long: &Option<String>, short: &Option<String>) -> bool {
    let words = |x: &Option<String>| -> Vec<String> {
        x.as_deref()
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (l, s) = (words(long), words(short));
    !s.is_empty() && l.len() > s.len() && l.ends_with(&s)
}

/// "handed over a patrol vessel and a landing craft": unnamed goods of
/// different kinds told in one sentence are two deals, however alike
/// their parties. (Two readings of one phrase share its head word.)
fn listed_apart(o: &transfers::Draft, d: &transfers::Draft) -> bool {
    let head = |x: &transfers::Draft| {
        x.system
            .description
            .as_deref()
            .and_then(|t| t.split_whitespace().next_back())
            .map(|w| w.trim_end_matches('s').to_lowercase())
    };
    let same_sentence = d.sentences.iter().any(|s| o.sentences.contains(s));
    let unnamed_apart = o.system.name.is_none()
        && d.system.name.is_none()
        && head(o).is_some()
        && head(d).is_some()
        && head(o) != head(d);
    same_sentence && (unnamed_apart || kind_beside_kind(o, d) || kind_beside_kind(d, o))
}

/// "Spyder missiles, Hermes drones and artillery rounds": goods of no
/// listed category named by their kind stand beside the others of their
/// sentence; only a generic word ("and other weapons") folds into them.
fn kind_beside_kind(other: &transfers::Draft, kind: &transfers::Draft) -> bool {
    use armswatch_register::Category;
    other.system.category == Category::Other
        && kind.system.category != Category::Other
        && other
            .system
            .description
            .as_deref()
            .is_some_and(|t| !armswatch_annotate::systems::is_generic_description(t))
}

/// One side names only states and the other a firm: for one named
/// system and buyer, the state is the design's home the gazetteer gave
/// and the firm the seller the text told ("the C295, built by Airbus"),
/// even when the firm's registered country is another.
fn state_and_firm(a: &[armswatch_register::Actor], b: &[armswatch_register::Actor]) -> bool {
    let states = |x: &[armswatch_register::Actor]| {
        !x.is_empty() && x.iter().all(|s| s.kind == ActorType::State)
    };
    let firm = |x: &[armswatch_register::Actor]| x.iter().any(|s| s.kind == ActorType::Company);
    (states(a) && firm(b)) || (states(b) && firm(a))
}

/// "After the six Apaches ordered in 2020, the army now wants five
/// more": a deal still to be made, told as more of the goods, is a
/// follow-on beside the order already placed, not a later stage of it.
fn follow_on_beside_order(a: &Annotation<'_>, o: &transfers::Draft, d: &transfers::Draft) -> bool {
    let placed = |x: &transfers::Draft| {
        stage(x.status) >= stage(TransferStatus::Ordered)
            && stage(x.status) <= stage(TransferStatus::Delivered)
    };
    let to_come = |x: &transfers::Draft| stage(x.status) <= stage(TransferStatus::Negotiating);
    // "more weapons" says nothing of which goods: no deal of its own.
    let tells_more = |x: &transfers::Draft| {
        let goods = x.system.name.is_some()
            || x.system
                .description
                .as_deref()
                .is_some_and(|t| !armswatch_annotate::systems::is_generic_description(t));
        goods
            && x.sentences
                .first()
                .is_some_and(|&si| tells_more(a.sentence_text(si)))
    };
    (placed(o) && to_come(d) && tells_more(d)) || (placed(d) && to_come(o) && tells_more(o))
}

/// Whether a sentence tells of more of some goods: "five more", "additional
/// jets", "a follow-on order". "More" grading an adjective ("much more
/// capable", "more advanced") or a comparison ("more than 40") is no more
/// goods.
fn tells_more(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| match *w {
        "additional" | "follow-on" | "further" => true,
        "more" => !words.get(i + 1).is_some_and(|next| grades_no_goods(next)),
        _ => false,
    })
}

/// A word after "more" that makes it a comparison, not a count: "than",
/// or an adjective by its ending ("capable", "expensive", "advanced").
fn grades_no_goods(next: &str) -> bool {
    const ADJECTIVE_ENDINGS: [&str; 10] = [
        "able", "ible", "ive", "ful", "ous", "ic", "ent", "ant", "ed", "ly",
    ];
    next == "than" || ADJECTIVE_ENDINGS.iter().any(|e| next.ends_with(e))
}

/// "Armenia has been placing weapons orders with India since 2021", in a
/// story of its rocket launchers, radars and guns from India: goods told
/// only as arms or weapons between parties with two or more deals of
/// named kinds sum those deals up. Such a summary joins none of them
/// (which one would it date?); it may stand as a deal of its own ("China
/// sold Peru arms and equipment", beside its missiles and tanks).
fn summaries(drafts: &[transfers::Draft]) -> Vec<bool> {
    let countries = |d: &transfers::Draft| -> Vec<Option<String>> {
        d.suppliers.iter().map(|s| s.country.clone()).collect()
    };
    let deals_between = |g: &transfers::Draft| {
        let sellers = countries(g);
        drafts
            .iter()
            .filter(|d| !generic_goods(d))
            .filter(|d| d.recipient.country.is_some() && d.recipient.country == g.recipient.country)
            .filter(|d| {
                countries(d)
                    .iter()
                    .any(|c| c.is_some() && sellers.contains(c))
            })
            .count()
    };
    drafts
        .iter()
        .map(|d| generic_goods(d) && deals_between(d) >= 2)
        .collect()
}

/// Goods told only as arms, weapons or equipment.
fn generic_goods(d: &transfers::Draft) -> bool {
    d.system.name.is_none()
        && d.system
            .description
            .as_deref()
            .is_some_and(armswatch_annotate::systems::is_generic_description)
}

fn merge_transfers(a: &Annotation<'_>, drafts: Vec<transfers::Draft>) -> Vec<transfers::Draft> {
    let mut out: Vec<transfers::Draft> = Vec::new();
    let summary = summaries(&drafts);
    // Whether each record of `out` began as a summary.
    let mut out_summary: Vec<bool> = Vec::new();
    for (d, d_summary) in drafts.into_iter().zip(summary) {
        let same = out.iter().zip(&out_summary).position(|(o, &o_summary)| {
            if follow_on_beside_order(a, o, &d) {
                return false;
            }
            if (d_summary && !generic_goods(o)) || (o_summary && !generic_goods(&d)) {
                return false;
            }
            // An offer beside goods already delivered is new business ("after
            // supplying 145 guns, BAE offered an upgraded variant").
            let offered_after_delivery = |x: &transfers::Draft, y: &transfers::Draft| {
                x.status == TransferStatus::Offered && y.status == TransferStatus::Delivered
            };
            if offered_after_delivery(o, &d) || offered_after_delivery(&d, o) {
                return false;
            }
            // The same named system between the same parties is the same
            // deal, told at another stage (ordered 2017, delivered 2019).
            let family = |x: &Option<String>| -> String {
                x.as_deref()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            let (fo, fd) = (family(&o.system.name), family(&d.system.name));
            // "F-35" and "F-35A" are one family; so are "Apache" and
            // "AH-64E Apache", its designation before the name.
            let same_named = !fo.is_empty()
                && !fd.is_empty()
                && (fo.starts_with(&fd)
                    || fd.starts_with(&fo)
                    || ends_with_words(&o.system.name, &d.system.name)
                    || ends_with_words(&d.system.name, &o.system.name))
                && (o.quantity.is_none()
                    || d.quantity.is_none()
                    || o.quantity == d.quantity
                    || count_restated(a, o, &d))
                && o.recipient.country == d.recipient.country
                // Two services of one state buying are two deals; the
                // state, or its ministry, buys for either.
                && (o.recipient.name == d.recipient.name
                    || buys_for_services(&o.recipient)
                    || buys_for_services(&d.recipient))
                && (o.suppliers.iter().any(|s| {
                    d.suppliers.iter().any(|t| {
                        // Two firms of one country are two deals; a state
                        // and its firm, or one firm, are one.
                        t.name == s.name
                            || (t.country == s.country
                                && (t.kind == ActorType::State || s.kind == ActorType::State))
                    })
                }) || state_and_firm(&o.suppliers, &d.suppliers));
            // "Akash and Akash-NG": two designs named apart in one
            // sentence, or two the gazetteer knows apart, are two deals,
            // however alike their names.
            // A name and its designation before it ("MH-60R Seahawk",
            // "Seahawk") are one however the gazetteer files them.
            let name_of_designation = ends_with_words(&o.system.name, &d.system.name)
                || ends_with_words(&d.system.name, &o.system.name);
            let listed_as_two = fo != fd
                && (named_apart(a, o, &d)
                    || (!name_of_designation && known_apart(&o.system, &d.system)));
            if same_named && !listed_as_two {
                return true;
            }
            let sup = |x: &transfers::Draft| -> Vec<Option<String>> {
                x.suppliers.iter().map(|s| s.country.clone()).collect()
            };
            let so = sup(o);
            !listed_apart(o, &d)
                && o.recipient.country == d.recipient.country
                && sup(&d).iter().any(|c| so.contains(c))
                && (o.system.category == d.system.category
                    || o.system.category == armswatch_register::Category::Other
                    || d.system.category == armswatch_register::Category::Other)
                && (o.system.name == d.system.name
                    || o.system.name.is_none()
                    || d.system.name.is_none())
                && (o.recipient.name == d.recipient.name
                    || (later_stage_of_the_same_order(o, &d)
                        && (buys_for_services(&o.recipient) || buys_for_services(&d.recipient))))
                && (o
                    .suppliers
                    .iter()
                    .any(|s| d.suppliers.iter().any(|t| t.name == s.name))
                    || (later_stage_of_the_same_order(o, &d)
                        && state_and_firm(&o.suppliers, &d.suppliers)))
                && (o.value.is_none() || d.value.is_none() || o.value == d.value)
                && (o.quantity.is_none() || d.quantity.is_none() || o.quantity == d.quantity)
                && (o.date.is_none()
                    || d.date.is_none()
                    || o.date.map(|x| x.year) == d.date.map(|x| x.year)
                    || later_stage_of_the_same_order(o, &d))
        });
        match same {
            Some(i) => {
                let o = &mut out[i];
                if o.system.category == armswatch_register::Category::Other {
                    o.system = d.system.clone();
                }
                // Goods told unnamed, then by name, are the named design;
                // another design told after is another deal.
                if o.system.name.is_none() && d.system.name.is_some() {
                    o.system.name = d.system.name.clone();
                }
                // The service that gets the goods is the buyer the register
                // keeps, over its state or ministry.
                if is_service(&d.recipient) && !is_service(&o.recipient) {
                    o.recipient = d.recipient.clone();
                }
                if o.value.is_none() {
                    o.value = d.value.clone();
                }
                // A batch delivered is part of the order: the order's count
                // is the deal's.
                let order_count = d.status == TransferStatus::Ordered
                    && o.status != TransferStatus::Ordered
                    && d.quantity.is_some();
                if o.quantity.is_none() || order_count {
                    o.quantity = d.quantity;
                }
                // The date is the earliest of the order (a selection or
                // offer before it dates no deal); the status the furthest.
                let placed = |s: TransferStatus| stage(s) >= stage(TransferStatus::Ordered);
                let earlier = d.date.is_some_and(|x| o.date.is_some_and(|y| x < y));
                let takes_date = o.date.is_none()
                    || (d.date.is_some() && placed(d.status) && !placed(o.status))
                    || (placed(d.status) == placed(o.status) && earlier);
                if takes_date {
                    o.date = d.date;
                    o.date_text = d.date_text.clone();
                }
                if stage(d.status) > stage(o.status) {
                    o.status = d.status;
                }
                o.sentences.extend(d.sentences.iter().copied());
                o.confidence = o.confidence.max(d.confidence);
            }
            None => {
                out.push(d);
                out_summary.push(d_summary);
            }
        }
    }
    out
}

/// Whether the gazetteer knows both systems' names as two designs.
fn known_apart(x: &armswatch_register::System, y: &armswatch_register::System) -> bool {
    let Ok(g) = Gazetteer::builtin() else {
        return false;
    };
    let design = |s: &armswatch_register::System| {
        s.name
            .as_deref()
            .and_then(|n| g.system(n))
            .map(|e| e.designation.clone())
    };
    matches!((design(x), design(y)), (Some(a), Some(b)) if a != b)
}

/// Whether a sentence both drafts come from names each design on its own:
/// "Akash and Akash-NG" (the shorter name also stands apart from the
/// longer), not "the P-8I" told beside "the P-8I Poseidon" elsewhere.
fn named_apart(a: &Annotation<'_>, o: &transfers::Draft, d: &transfers::Draft) -> bool {
    let (Some(x), Some(y)) = (o.system.name.as_deref(), d.system.name.as_deref()) else {
        return false;
    };
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    d.sentences
        .iter()
        .filter(|s| o.sentences.contains(s))
        .any(|&si| {
            let text = a.sentence_text(si);
            text.contains(long) && text.replace(long, " ").contains(short)
        })
}

/// "Two LUH go to each service this year ... each will have four by 2024":
/// one named system between the same parties told with another count, in
/// the same year (or none) and with no word of more goods, is the same deal
/// counted again (annotation: one record per supplier, recipient and
/// system). "Ordered 36 in 2016, 26 more in 2023" stays two; so do the
/// Tejas Mk1 and the Tejas Mk1A, two designs.
fn count_restated(a: &Annotation<'_>, o: &transfers::Draft, d: &transfers::Draft) -> bool {
    let year = |x: &transfers::Draft| x.date.map(|t| t.year);
    let more = |x: &transfers::Draft| {
        x.sentences
            .iter()
            .any(|&si| tells_more(a.sentence_text(si)))
    };
    let same_design = o.system.name.is_some() && o.system.name == d.system.name;
    // A batch delivered beside a larger count ordered may be a lease or a
    // stopgap of its own: only counts told at one stage are restated.
    same_design && o.status == d.status && year(o) == year(d) && !more(o) && !more(d)
}

/// "Peru ordered eight helicopters from Leonardo in 2011 ... in 2015 it
/// cancelled the helicopter deal": goods named by no design or count, told
/// at a later stage (delivered, stalled, cancelled) of an order placed
/// before, are that order's later stage, whatever its year.
fn later_stage_of_the_same_order(o: &transfers::Draft, d: &transfers::Draft) -> bool {
    let restates = |order: &transfers::Draft, later: &transfers::Draft| {
        stage(order.status) >= stage(TransferStatus::Ordered)
            && stage(later.status) > stage(order.status)
            && later.system.name.is_none()
            && later.quantity.is_none()
            && later.value.is_none()
    };
    restates(o, d) || restates(d, o)
}

/// "The Army issued a request for proposals for 100 drones under the Buy
/// (Indian) category": a competition open to home firms only is a planned
/// buy from the buyer's own country (status unknown), when no deal read
/// already gives that buyer goods of the kind and no foreign side is named
/// beside it.
fn home_made_tender_goods(
    g: &Gazetteer,
    a: &Annotation<'_>,
    contests: &[contests::ContestDraft],
    told: &[transfers::Draft],
) -> Vec<transfers::Draft> {
    let mut out: Vec<transfers::Draft> = Vec::new();
    for c in contests {
        let (Some(buyer), Some(item)) = (&c.buyer, &c.item) else {
            continue;
        };
        let Some(home) = buyer.country.as_deref() else {
            continue;
        };
        let home_only = |si: &usize| {
            grammar_drafts::tells_home_made(a.sentence_text(*si))
                && !grammar_drafts::sentence_names_foreign_side(a, *si, Some(home))
        };
        let told_already = told.iter().chain(out.iter()).any(|d| {
            d.recipient.country.as_deref() == Some(home) && d.system.category == item.category
        });
        if c.winner.is_some()
            || c.is_cancelled
            || told_already
            || !c.sentences.iter().any(home_only)
        {
            continue;
        }
        out.push(transfers::Draft {
            suppliers: vec![actors::state(g, home)],
            recipient: buyer.clone(),
            system: item.clone(),
            quantity: None,
            value: None,
            date: None,
            date_text: None,
            status: TransferStatus::Unknown,
            sentences: c.sentences.clone(),
            confidence: 0.5,
        });
    }
    out
}

/// "Belarus received Tor-M2 systems and two Mi-35 helicopters. The
/// equipment was delivered from Russia": goods named by a bare word of no
/// kind, pointed back to ("the", "this", "these", "such"), between the
/// parties of deals told just before (up to two sentences back) restate
/// those deals: their sentence and stage join them, no deal of its own.
fn absorb_restated_goods(
    a: &Annotation<'_>,
    drafts: Vec<transfers::Draft>,
) -> Vec<transfers::Draft> {
    let mut out: Vec<transfers::Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        let Some(&first) = d.sentences.iter().min() else {
            out.push(d);
            continue;
        };
        let countries = |x: &transfers::Draft| -> Vec<String> {
            x.suppliers
                .iter()
                .filter_map(|s| s.country.clone())
                .collect()
        };
        let mine = countries(&d);
        let restates = |o: &transfers::Draft| {
            let last = o.sentences.iter().copied().max().unwrap_or(usize::MAX);
            (o.system.name.is_some() || o.system.category != armswatch_register::Category::Other)
                && last < first
                && first - last <= 2
                && o.recipient.country == d.recipient.country
                && countries(o).iter().any(|c| mine.contains(c))
        };
        let pointed = restated_goods_word(a, first, &d.system);
        let told: Vec<usize> = (0..out.len())
            .filter(|&i| pointed && restates(&out[i]))
            .collect();
        if told.is_empty() {
            out.push(d);
            continue;
        }
        for i in told {
            let o = &mut out[i];
            o.sentences.extend(d.sentences.iter().copied());
            if stage(d.status) > stage(o.status) {
                o.status = d.status;
            }
        }
    }
    out
}

/// Whether `system` is unnamed goods of no kind that sentence `si` points
/// back to: "the equipment", "these weapons", "such hardware".
fn restated_goods_word(a: &Annotation<'_>, si: usize, system: &armswatch_register::System) -> bool {
    if system.name.is_some() || system.category != armswatch_register::Category::Other {
        return false;
    }
    let Some(word) = system.description.as_deref().map(str::to_lowercase) else {
        return false;
    };
    let sentence = a.text()[a.sentences[si].start..a.sentences[si].end].to_lowercase();
    ["the", "this", "these", "those", "such"]
        .iter()
        .any(|d| sentence.contains(&format!("{d} {word}")))
}

/// "Egypt to Egypt": a state told as the seller of what its own forces
/// get, in a story from elsewhere, is a misreading (a foreign buyer's
/// domestic programme comes with its maker's name); at home, a reporter
/// writes "India" for its state arsenals and labs.
fn state_supplies_itself_abroad(g: &Gazetteer, a: &Annotation<'_>, d: &transfers::Draft) -> bool {
    let country = d.recipient.country.as_deref();
    // A design of the buyer's own country is domestic procurement
    // ("Norway chose NASAMS").
    let home_design = d
        .system
        .name
        .as_deref()
        .and_then(|n| g.system(n))
        .is_some_and(|e| e.origin.as_deref() == country);
    country.is_some()
        && !home_design
        && country != a.home.as_deref()
        && !d.suppliers.is_empty()
        && d.suppliers
            .iter()
            .all(|s| s.kind == ActorType::State && s.country.as_deref() == country)
}

/// A state told selling to a firm: its own firm ("India to BrahMos
/// Aerospace", where the state's goods reach its forces through the firm)
/// or, for the story's home state, a foreign one ("India to Rolls-Royce",
/// the firm courted to supply). Either reads the parties wrong; a foreign
/// state's goods may reach a home firm (engines for its jets). Forces and
/// ministries so told are turned round instead (`turn_round_sale_to_firm`).
fn state_sells_to_a_firm(a: &Annotation<'_>, d: &transfers::Draft) -> bool {
    let states_only = !d.suppliers.is_empty()
        && d.suppliers
            .iter()
            .all(|s| s.kind == ActorType::State && s.country.is_some());
    if d.recipient.kind != ActorType::Company || !states_only {
        return false;
    }
    let firm = d.recipient.country.as_deref();
    d.suppliers.iter().any(|s| {
        let state = s.country.as_deref();
        state == firm || (firm.is_some() && state == a.home.as_deref())
    })
}

/// Firms of different countries told offering goods the story gives no
/// design for ("Safran, GE and Rolls-Royce have offered engines") are
/// rivals, each with its own offer: one record per firm. A named design
/// offered by several firms, or an offer told as joint ("jointly", "a
/// consortium of"), is one offer.
fn split_rival_offers(a: &Annotation<'_>, d: transfers::Draft) -> Vec<transfers::Draft> {
    let offer = matches!(
        d.status,
        TransferStatus::Offered | TransferStatus::Negotiating
    );
    let firms = d.suppliers.len() >= 2 && d.suppliers.iter().all(|s| s.kind == ActorType::Company);
    let countries: rustc_hash::FxHashSet<Option<&str>> =
        d.suppliers.iter().map(|s| s.country.as_deref()).collect();
    let distinct = countries.len() == d.suppliers.len() && !countries.contains(&None);
    if !(offer && firms && distinct && d.system.name.is_none()) || told_as_joint(a, &d) {
        return vec![d];
    }
    d.suppliers
        .iter()
        .map(|s| transfers::Draft {
            suppliers: vec![s.clone()],
            ..d.clone()
        })
        .collect()
}

/// Whether a deal's sentences tell its sides as acting together (words of
/// class `joint_word`, `data/grammar/classes.toml`).
fn told_as_joint(a: &Annotation<'_>, d: &transfers::Draft) -> bool {
    let Some(joint) = frames::grammar().classes.get("joint_word") else {
        return false;
    };
    d.sentences.iter().any(|&si| {
        let lower = format!(" {} ", crate::clause::sentence_lower(a, si));
        joint.iter().any(|j| {
            lower
                .match_indices(j.as_str())
                .any(|(at, _)| is_word_at(&lower, at, j.len()))
        })
    })
}

/// Whether `text[at..at + len]` stands as whole words.
fn is_word_at(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Forces and ministries buy from firms and never sell to them: a reading
/// that has a firm receive goods from one armed force or government body
/// ("Embraer signed a contract with the French Air Force for trainers",
/// its sides told apart by word order alone) has the sides reversed.
fn turn_round_sale_to_firm(d: &mut transfers::Draft) {
    let firm = matches!(d.recipient.kind, ActorType::Company | ActorType::Consortium);
    let [seller] = d.suppliers.as_slice() else {
        return;
    };
    if firm
        && matches!(
            seller.kind,
            ActorType::ArmedForce | ActorType::GovernmentBody
        )
    {
        let buyer = seller.clone();
        d.suppliers = vec![std::mem::replace(&mut d.recipient, buyer)];
    }
}

/// An armed force (not its state or ministry, nor a firm).
fn is_service(a: &armswatch_register::Actor) -> bool {
    a.kind == ActorType::ArmedForce
}

/// A state or a government body: it buys for any of its services.
fn buys_for_services(a: &armswatch_register::Actor) -> bool {
    matches!(a.kind, ActorType::State | ActorType::GovernmentBody)
}

/// Contests the grammar read join the competition they speak of (same
/// buyer's country, compatible item; a later mention without a buyer joins
/// the latest), or stand as new ones.
/// A contest read from the surface whose buyer the grammar reads, in one
/// of its sentences, as a contender ("France won the Indian tender": the
/// subject wins, it runs no tender).
fn buyer_competes(o: &contests::ContestDraft, grammar: &[contests::ContestDraft]) -> bool {
    let Some(buyer) = &o.buyer else {
        return false;
    };
    grammar.iter().any(|c| {
        let same_sentence = c.sentences.iter().any(|s| o.sentences.contains(s));
        let contender = c
            .winner
            .iter()
            .chain(&c.bidders)
            .chain(c.protests.iter().map(|p| &p.by))
            .any(|x| x.name == buyer.name);
        same_sentence && contender
    })
}

fn merge_contests(
    mut out: Vec<contests::ContestDraft>,
    found: Vec<contests::ContestDraft>,
) -> Vec<contests::ContestDraft> {
    use armswatch_register::Category;
    let country =
        |x: &Option<armswatch_register::Actor>| x.as_ref().and_then(|a| a.country.clone());
    // "air defence customer": a buyer kept unknown (contests::read) is no
    // buyer to tell contests apart by.
    let unknown = |x: &Option<armswatch_register::Actor>| {
        x.as_ref()
            .is_none_or(|a| a.country.is_none() && a.kind == ActorType::Other)
    };
    out.retain(|o| !buyer_competes(o, &found));
    for c in found {
        let fits = |o: &contests::ContestDraft| {
            let buyer_ok =
                unknown(&c.buyer) || unknown(&o.buyer) || country(&o.buyer) == country(&c.buyer);
            let item_ok = match (&o.item, &c.item) {
                (Some(x), Some(y)) => {
                    x.category == y.category
                        || x.category == Category::Other
                        || y.category == Category::Other
                }
                _ => true,
            };
            buyer_ok && item_ok && o.former == c.former
        };
        match out.iter().rposition(fits) {
            Some(i) => {
                let o = &mut out[i];
                if unknown(&o.buyer) && !unknown(&c.buyer) {
                    o.buyer = c.buyer;
                }
                if o.item
                    .as_ref()
                    .is_none_or(|x| x.category == Category::Other)
                    && c.item.is_some()
                {
                    o.item = c.item;
                }
                for b in c.bidders {
                    if !o.bidders.iter().any(|x| x.name == b.name)
                        && o.buyer.as_ref().is_none_or(|x| x.name != b.name)
                    {
                        o.bidders.push(b);
                    }
                }
                if o.winner.is_none() && c.winner.is_some() {
                    o.winner = c.winner;
                    o.awarded = o.awarded.or(c.awarded);
                }
                for p in c.protests {
                    if !o.protests.iter().any(|q| q.by.name == p.by.name) {
                        o.protests.push(p);
                    }
                }
                if c.is_cancelled {
                    o.is_cancelled = true;
                    o.cancelled = o.cancelled.or(c.cancelled);
                }
                o.value = o.value.take().or(c.value);
                o.sentences.extend(c.sentences);
            }
            None => out.push(c),
        }
    }
    out
}

/// The grammar's frames of sentence `si`; only a sentence that may hold a
/// trigger is parsed.
fn grammar_frames(g: &Gazetteer, a: &Annotation<'_>, si: usize) -> Vec<frames::Frame> {
    if a.sentences[si].heading || !frames::may_trigger(a, si) {
        return Vec::new();
    }
    match frames::parse_sentence(g, a, si) {
        Some(parsed) => frames::frames(g, a, si, &parsed),
        None => Vec::new(),
    }
}

/// "That order for 8 units runs until 2025": a deal noun naming no party
/// counts the goods of the deal told just before, when it names their
/// design and tells no more of them; the count fills that deal once
/// merged, as a follow-up's does.
fn count_of_the_deal_before(
    a: &Annotation<'_>,
    here: &[frames::Frame],
    drafts: &[transfers::Draft],
    si: usize,
) -> Option<(usize, u64)> {
    let last = drafts.last()?;
    let last_si = *last.sentences.last()?;
    let name = last.system.name.as_deref()?;
    if last.quantity.is_some() || si > last_si + 2 {
        return None;
    }
    let deal_nouns = frames::grammar().classes.get("deal_noun")?;
    let text = a.text();
    here.iter()
        .filter(|f| {
            f.rule.kind == armswatch_grammar::Kind::Transfer
                && !f.dropped
                && ["supplier", "recipient", "party"]
                    .iter()
                    .all(|role| f.actors(role).is_empty())
                && deal_nouns.iter().any(|n| {
                    text[f.trigger.0..f.trigger.1]
                        .to_lowercase()
                        .starts_with(n.as_str())
                })
        })
        .flat_map(|f| f.systems("system").into_iter().map(move |s| (f, s)))
        .find(|(f, s)| {
            // The words from the deal noun to the goods: "the order for 24
            // units", never "orders for ten more".
            // A unit noun counts goods named sentences before: from the
            // sentence's start then.
            let sentence = a.sentences[si];
            let start = f.trigger.0.min(s.start).max(sentence.start);
            let end = f.trigger.1.max(s.end).min(sentence.end).max(start);
            let phrase = &text[start..end];
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && !tells_more(phrase)
        })
        .and_then(|(_, s)| s.quantity.filter(|&q| q > 1))
        .map(|q| (last_si, q))
}

/// The grammar's deals of a sentence. "Close to a deal for 12 jets, but
/// the deal fell through": the deals read before the sentence names the
/// deal again take the fate told of it, unless delivered or cancelled
/// already ("... and the deal may be closed soon": a wish or an offer
/// becomes talks).
fn transfers_read(
    g: &Gazetteer,
    a: &Annotation<'_>,
    here: &[frames::Frame],
    told: &grammar_drafts::Told,
) -> Vec<transfers::Draft> {
    let fate = grammar_drafts::fate_told_again(a, here);
    let mut read: Vec<Vec<transfers::Draft>> = here
        .iter()
        .map(|f| grammar_drafts::transfers(g, a, f, told))
        .collect();
    // Goods a participle tells were bought, with no buyer of their own, go
    // to the one buyer the sentence's other deals name.
    if let Some(buyer) = sole_buyer(read.iter().flatten()) {
        for (f, drafts) in here.iter().zip(read.iter_mut()) {
            if drafts.is_empty() && f.goods_told_by_participle() {
                *drafts = grammar_drafts::transfers_with_buyer(g, a, f, told, Some(&buyer));
            }
        }
    }
    let mut out = Vec::new();
    for (f, mut drafts) in here.iter().zip(read) {
        if let Some((_, st)) = fate.filter(|&(at, _)| f.trigger.0 < at) {
            for d in &mut drafts {
                // Talks on closing the deal tell more than a wish or an
                // offer, less than an order.
                let takes = match st {
                    TransferStatus::Negotiating => {
                        matches!(d.status, TransferStatus::Unknown | TransferStatus::Offered)
                    }
                    _ => !matches!(
                        d.status,
                        TransferStatus::Delivered | TransferStatus::Cancelled
                    ),
                };
                if takes {
                    d.status = st;
                }
            }
        }
        out.extend(drafts);
    }
    out
}

/// The buyer of `drafts` when they all name buyers of one country: the
/// first named so.
fn sole_buyer<'d>(
    mut drafts: impl Iterator<Item = &'d transfers::Draft>,
) -> Option<armswatch_register::Actor> {
    let first = drafts.next()?.recipient.clone();
    first.country.as_ref()?;
    drafts
        .all(|d| d.recipient.country == first.country)
        .then_some(first)
}

/// What the engagement pass needs of a sentence's frames, which are
/// dropped once its transfers are read (kept for every sentence, frames
/// were the largest part of the memory of a long article).
struct EngagementFrames {
    /// The grammar's engagements.
    read: Vec<engagements::EngagementDraft>,
    /// Some frame reads a deal.
    deal: bool,
    /// The grammar saw an engagement negated or only possible, or talks
    /// with firms: the surface reading may not restore it.
    denied: bool,
}

/// Deals the surface reading finds for buyers no grammar frame of the
/// sentence named, where the parse lost a clause ("India becomes the third
/// customer for the Rafale, after Egypt and Qatar, which each ordered 24"):
/// only buyers the sentence names as countries, sold by none of the
/// grammar's buyers.
fn buyers_the_parse_lost(
    cx: &Context<'_>,
    a: &Annotation<'_>,
    si: usize,
    here: &[frames::Frame],
    from_grammar: &[transfers::Draft],
) -> Vec<transfers::Draft> {
    let named: Vec<Option<String>> = here
        .iter()
        .flat_map(|f| f.actors("recipient").into_iter().chain(f.actors("party")))
        .map(|p| p.actor.country.clone())
        .chain(from_grammar.iter().map(|d| d.recipient.country.clone()))
        .collect();
    let told_by_name = |c: &Option<String>| {
        a.countries_in(si)
            .any(|m| m.form == armswatch_annotate::CountryForm::Name && Some(&m.code) == c.as_ref())
    };
    // A side the grammar read selling is no buyer it lost ("X offered its
    // tank, and Germany its Leopard").
    let sellers: Vec<Option<String>> = here
        .iter()
        .filter(|f| !f.dropped)
        .flat_map(|f| f.actors("supplier"))
        .map(|p| p.actor.country.clone())
        .collect();
    let Some(d) = transfers::read_sentence(cx, a, si) else {
        return Vec::new();
    };
    transfers::split(cx, a, si, d)
        .into_iter()
        .filter(|d| !named.contains(&d.recipient.country) && told_by_name(&d.recipient.country))
        .filter(|d| !sellers.contains(&d.recipient.country))
        // A reading that makes the grammar's buyer a seller contradicts it.
        .filter(|d| !d.suppliers.iter().any(|s| named.contains(&s.country)))
        .collect()
}

/// A surface reading that swaps the sides the parse gave ("Saab said it
/// received an order from the agency": the agency buys, whatever the word
/// order suggests).
fn reverses_the_parse(here: &[frames::Frame], d: &transfers::Draft) -> bool {
    // A frame that makes one actor both sides tells nothing of either.
    let split_sides = |f: &&frames::Frame| {
        let sellers = f.actors("supplier");
        !f.actors("recipient")
            .iter()
            .any(|r| sellers.iter().any(|s| s.actor.name == r.actor.name))
    };
    let named = |role: &str, x: &armswatch_register::Actor| {
        here.iter()
            .filter(|f| f.rule.kind == armswatch_grammar::Kind::Transfer && !f.dropped)
            .filter(split_sides)
            .flat_map(|f| f.actors(role))
            .any(|p| p.actor.name == x.name)
    };
    // "X sold rifles, and Y donated tanks": two sellers the parse read by
    // one rule, neither the other's buyer.
    let rules_selling = |x: &armswatch_register::Actor| -> Vec<&str> {
        here.iter()
            .filter(|f| f.rule.kind == armswatch_grammar::Kind::Transfer && !f.dropped)
            .filter(|f| f.actors("supplier").iter().any(|p| p.actor.name == x.name))
            .map(|f| f.rule.name.as_str())
            .collect()
    };
    let both_sell = || {
        let buyer_sells = rules_selling(&d.recipient);
        d.suppliers
            .iter()
            .any(|s| rules_selling(s).iter().any(|r| buyer_sells.contains(r)))
    };
    named("supplier", &d.recipient)
        && (d.suppliers.iter().any(|s| named("recipient", s)) || both_sell())
}

/// "The army intends to purchase over five more jets": when the grammar's
/// readings of a sentence could not name the goods but agree that a
/// modifier makes the deal a plan, an offer or talks, the surface reading
/// of the sentence takes that status, not an order's. Readings that differ
/// only in how far short of an order they stop ("expected to sign a
/// contract for the supply of ...": a plan to sign, a contract pending)
/// take the furthest.
fn modal_status_read(here: &[frames::Frame]) -> Option<TransferStatus> {
    let statuses: Vec<Option<TransferStatus>> = here
        .iter()
        .filter(|f| f.rule.kind == armswatch_grammar::Kind::Transfer && !f.dropped)
        .map(|f| {
            let st = TransferStatus::parse(f.status.as_deref().unwrap_or(""));
            (!f.modifiers.is_empty()).then_some(st).flatten()
        })
        .collect();
    let modal = |s: &Option<TransferStatus>| {
        matches!(
            s,
            Some(TransferStatus::Unknown | TransferStatus::Offered | TransferStatus::Negotiating)
        )
    };
    if statuses.is_empty() || !statuses.iter().all(modal) {
        return None;
    }
    statuses.into_iter().flatten().max_by_key(|&s| stage(s))
}

/// Whether the grammar read a meeting, visit or exercise in the sentence
/// and found no side of it in any reading ("to be admitted into the bloc
/// at a summit"): the surface reader would only guess its sides from the
/// names around.
fn read_no_side(here: &[frames::Frame]) -> bool {
    let mut told = here
        .iter()
        .filter(|f| f.rule.kind == armswatch_grammar::Kind::Engagement)
        .peekable();
    told.peek().is_some() && told.all(|f| f.roles.iter().all(|(_, _, fillers)| fillers.is_empty()))
}

/// Buyers a sentence's deal frames name with neither goods nor seller
/// ("the contract, which combines purchases for the Navy, Japan and
/// Norway").
fn buyers_told_alone(here: &[frames::Frame]) -> Vec<armswatch_register::Actor> {
    here.iter()
        .filter(|f| f.rule.kind == armswatch_grammar::Kind::Transfer && !f.dropped)
        .filter(|f| f.actors("supplier").is_empty() && f.systems("system").is_empty())
        .flat_map(|f| f.actors("recipient"))
        .filter(|p| {
            !p.adjective
                && matches!(
                    p.actor.kind,
                    ActorType::State | ActorType::GovernmentBody | ActorType::ArmedForce
                )
        })
        .map(|p| p.actor.clone())
        .collect()
}

/// A follow-up on the deal told last that names buyers of its own makes
/// one deal for each buyer of another country: one contract may buy for
/// several nations. The count and sum told are the whole contract's, so
/// the other buyers' shares are unknown.
fn more_buyers(
    last: &transfers::Draft,
    buyers: Vec<armswatch_register::Actor>,
    si: usize,
) -> Vec<transfers::Draft> {
    let mut countries: Vec<String> = last.recipient.country.iter().cloned().collect();
    let mut out = Vec::new();
    for b in buyers {
        let Some(c) = b.country.clone().filter(|c| !countries.contains(c)) else {
            continue;
        };
        countries.push(c);
        let mut d = last.clone();
        d.recipient = b;
        d.quantity = None;
        d.value = None;
        d.sentences.push(si);
        out.push(d);
    }
    out
}

/// A surface reading that makes a competition's buyer the seller, or one
/// of its contenders the buyer ("Fincantieri lost the Indonesian frigate
/// contract": Indonesia buys, Fincantieri bid).
fn reverses_a_contest(here: &[frames::Frame], d: &transfers::Draft) -> bool {
    let contests = || {
        here.iter()
            .filter(|f| f.rule.kind == armswatch_grammar::Kind::Contest && !f.dropped)
    };
    let in_role = |roles: &[&str], x: &armswatch_register::Actor| {
        contests().any(|f| {
            roles
                .iter()
                .any(|r| f.actors(r).iter().any(|p| p.actor.name == x.name))
        })
    };
    in_role(&["bidder", "winner", "protester"], &d.recipient)
        || d.suppliers.iter().any(|s| in_role(&["buyer"], s))
}

pub fn extract_annotated<'a>(g: &Gazetteer, a: &Annotation<'a>) -> Vec<Record> {
    let cx = Context { g };
    let doc_id = a.doc.id.clone();
    let mut records = Vec::new();

    // Transfers, with later sentences updating the status. A sentence the
    // grammar reads is taken as the grammar reads it.
    let mut drafts = Vec::new();
    // (a sentence of a deal, the count a follow-up sentence gave it).
    let mut counts_told: Vec<(usize, u64)> = Vec::new();
    // The grammar's contests: they name the competition later offers go
    // to, and join the contests read below.
    let mut grammar_contests: Vec<contests::ContestDraft> = Vec::new();
    let mut engagement_frames: Vec<EngagementFrames> = Vec::with_capacity(a.sentences.len());
    let mut told = grammar_drafts::Told::default();
    for si in 0..a.sentences.len() {
        let frames = grammar_frames(g, a, si);
        let here = frames.as_slice();
        engagement_frames.push(EngagementFrames {
            read: here
                .iter()
                .flat_map(|f| grammar_drafts::engagements(g, a, f))
                .collect(),
            // An agreement the grammar read as a deal is no diplomatic act.
            deal: here
                .iter()
                .any(|f| !grammar_drafts::transfers(g, a, f, &told).is_empty()),
            denied: here.iter().any(|f| {
                f.rule.kind == armswatch_grammar::Kind::Engagement
                    && (f.dropped
                        || grammar_drafts::talks_with_firms(f)
                        || grammar_drafts::agreement_among_firms(f))
            }) || read_no_side(here),
        });
        let contests_here = grammar_contests.len();
        grammar_contests.extend(
            here.iter()
                .filter_map(|f| grammar_drafts::contest(g, a, f, &told)),
        );
        if let Some(buyer) = grammar_contests[contests_here..]
            .iter()
            .rev()
            .find_map(|c| c.buyer.clone())
        {
            told.competition = Some(buyer);
        }
        if let Some(contacts) = engagement_frames.last() {
            told.learn_contact(&contacts.read);
        }
        let from_grammar = transfers_read(g, a, here, &told);
        for f in here {
            told.learn_makers(g, f);
            told.learn_buyer(g, f);
        }
        told.learn_buyers(&from_grammar);
        told.learn_possessed(a, si);
        // Rival offers go to one buyer: an offer told names the competition
        // when no contest did.
        if let Some(d) = from_grammar
            .iter()
            .rfind(|d| d.status == TransferStatus::Offered)
        {
            told.competition.get_or_insert_with(|| d.recipient.clone());
        }
        // A deal the grammar saw negated or hypothetical is no deal, whatever
        // the surface reading says.
        let denied = here
            .iter()
            .any(|f| f.dropped && f.rule.kind == armswatch_grammar::Kind::Transfer);

        if !from_grammar.is_empty() || denied {
            if !denied {
                drafts.extend(buyers_the_parse_lost(&cx, a, si, here, &from_grammar));
                counts_told.extend(count_of_the_deal_before(a, here, &drafts, si));
            }
            drafts.extend(from_grammar);
            continue;
        }
        if let Some(d) = transfers::read_sentence(&cx, a, si) {
            let modal = modal_status_read(here);
            drafts.extend(
                transfers::split(&cx, a, si, d)
                    .into_iter()
                    .filter(|d| !reverses_the_parse(here, d) && !reverses_a_contest(here, d))
                    .map(|mut d| {
                        if let Some(st) =
                            modal.filter(|_| stage(d.status) >= stage(TransferStatus::Ordered))
                        {
                            d.status = st;
                        }
                        d
                    }),
            );
            continue;
        }
        let Some(f) = transfers::follow_up(&cx, a, si) else {
            continue;
        };
        let Some(last) = drafts.last_mut() else {
            continue;
        };
        let last_si = last.sentences.last().copied().unwrap_or(0);
        if si > last_si + 2 {
            continue;
        }
        let more = more_buyers(last, buyers_told_alone(here), si);
        if !more.is_empty() {
            drafts.extend(more);
            continue;
        }
        if let Some((system, quantity)) = f.system {
            // Another item of the same package: a deal of its own.
            let mut d = last.clone();
            d.system = system;
            d.quantity = quantity;
            d.value = None;
            if let Some(mut date) = f.date {
                if f.that_year {
                    if let Some(prev) = last.date {
                        date.year = prev.year;
                    }
                }
                d.date = Some(date);
            }
            if let Some(st) = f.own_status {
                d.status = st;
            }
            d.sentences = vec![si];
            for s in f.suppliers {
                if !d.suppliers.iter().any(|x| x.name == s.name) {
                    d.suppliers.push(s);
                }
            }
            drafts.push(d);
            continue;
        }
        let mut used = false;
        if let Some(status) = f.status {
            if !matches!(
                last.status,
                TransferStatus::Delivered | TransferStatus::Cancelled
            ) {
                last.status = status;
                used = true;
            }
        }
        if last.value.is_none() && f.value.is_some() {
            last.value = f.value;
            used = true;
        }
        // The count a follow-up gives fills the deal once merged: set now,
        // it could keep apart readings of the deal that merge without it.
        if let (None, Some(q)) = (last.quantity, f.quantity) {
            counts_told.push((last_si, q));
        }
        for s in f.suppliers {
            if !last.suppliers.iter().any(|x| x.name == s.name) {
                last.suppliers.push(s);
                used = true;
            }
        }
        if used {
            last.sentences.push(si);
        }
    }
    // An affair named by its byword tells its deal: what the sentences
    // tell of it joins that record.
    let mut merged = merge_transfers(a, drafts);
    for (si, q) in counts_told {
        if let Some(d) = merged
            .iter_mut()
            .find(|d| d.quantity.is_none() && d.sentences.contains(&si))
        {
            d.quantity = Some(q);
        }
    }
    let named_affairs = affairs::drafts(g, a, &frames::grammar().affairs, &merged);
    let mut merged: Vec<transfers::Draft> = affairs::absorb(named_affairs, merged)
        .into_iter()
        .filter(|d| {
            !civil_trade(g, d)
                && !state_supplies_itself_abroad(g, a, d)
                && !state_sells_to_a_firm(a, d)
        })
        .flat_map(|d| split_rival_offers(a, d))
        .collect();
    for d in merged.iter_mut() {
        turn_round_sale_to_firm(d);
        if let Some(service) = headline_service(g, a, &d.recipient) {
            d.recipient = service;
        }
        // Deliveries dated after the story are still to come.
        let later = d
            .date
            .zip(a.doc.published)
            .is_some_and(|(d, p)| d.year > p.year);
        if d.status == TransferStatus::Delivered && later {
            d.status = TransferStatus::Ordered;
        }
    }
    let merged = absorb_restated_goods(a, merged);
    let mut contests = merge_contests(contests::read(&cx, a, &merged), grammar_contests);
    // A contest the grammar alone found takes its bids from the offers too;
    // the winner is one of the bidders.
    for c in &mut contests {
        contests::offers_are_bids(cx.g, a, c, &merged);
        if let Some(w) = c.winner.clone() {
            if !c.bidders.iter().any(|b| b.name == w.name) {
                c.bidders.insert(0, w);
            }
        }
    }
    let home_goods = home_made_tender_goods(g, a, &contests, &merged);
    for d in merged.into_iter().chain(home_goods) {
        let ev = evidence(a, &d.sentences);
        // A deal whose buyer no country can be told of registers nothing
        // one could ask about ("the jet imported a part from Ukraine").
        if ev.is_empty() || d.recipient.country.is_none() {
            continue;
        }
        let recipient =
            actors::named_service_of(g, a, &d.recipient, &d.sentences).unwrap_or(d.recipient);
        records.push(Record {
            doc: doc_id.clone(),
            fact: Fact::Transfer(Transfer {
                suppliers: d.suppliers,
                recipient,
                system: d.system,
                quantity: d.quantity,
                value: d.value,
                date: d.date,
                date_text: d.date_text,
                status: d.status,
            }),
            sources: sources(a, &d.sentences),
            evidence: ev,
            confidence: d.confidence,
        });
    }

    for c in contests {
        let ev = evidence(a, &c.sentences);
        let status = contests::status(&c);
        if !contest_shown(g, &c, &ev) {
            continue;
        }
        if let (Some(buyer), Some(item)) = (c.buyer.clone(), c.item.clone()) {
            let buyer = actors::named_service_of(g, a, &buyer, &c.sentences).unwrap_or(buyer);
            records.push(Record {
                doc: doc_id.clone(),
                fact: Fact::Contest(Contest {
                    buyer,
                    item,
                    value: c.value,
                    bidders: c.bidders,
                    winner: c.winner,
                    awarded: c.awarded,
                    protests: c.protests,
                    status,
                    cancelled: c.cancelled,
                }),
                sources: sources(a, &c.sentences),
                evidence: ev,
                confidence: 0.6,
            });
        }
    }

    // Each engagement told so far, with the index of its record.
    let mut seen_engagements: Vec<(EngagementKey, usize)> = Vec::new();
    // The last engagement told: its sentence, date, and whether a meeting.
    let mut last_engagement: Option<(usize, Option<armswatch_register::Date>, bool)> = None;
    for (si, here) in engagement_frames.into_iter().enumerate() {
        let (from_grammar, deal_here) = (here.read, here.deal);
        let read = if from_grammar.is_empty() && here.denied {
            Vec::new()
        } else if from_grammar.is_empty() {
            let mut old = engagements::read_sentence(&cx, a, si);
            old.retain(|e| !(deal_here && e.kind == armswatch_register::EngagementType::Agreement));
            old
        } else {
            from_grammar
        };
        for mut e in read {
            as_bloc_gathering(g, a, &mut e);
            if is_gathering_of_many(&e) {
                continue;
            }
            name_the_states_people(a, &mut e);
            // "... also held a summit": the day of the talks told just before
            // (a date still to come only for what is itself to come: a summit
            // planned for July does not date the talks reported today).
            // A visit spans days: the day of a meeting told before it does
            // not date it.
            let visit = e.kind == armswatch_register::EngagementType::Visit;
            if e.date.is_none() {
                if let Some((lsi, Some(d), _)) = last_engagement.filter(|l| !(visit && l.2)) {
                    let to_come = a.doc.published.is_some_and(|p| date_after(d, p));
                    // A past recalled ("recalled the king's visit in May 2011")
                    // dates nothing told after it ("earlier in the day").
                    let recalled = a.doc.published.is_some_and(|p| d.year < p.year - 1);
                    let sentence = &a.text()[a.sentences[si].start..a.sentences[si].end];
                    let fits = !to_come || armswatch_annotate::dates::speaks_of_future(sentence);
                    if fits && !recalled && a.sentences[lsi].paragraph == a.sentences[si].paragraph
                    {
                        e.date = Some(d);
                    }
                }
            }
            last_engagement = Some((
                si,
                e.date,
                e.kind == armswatch_register::EngagementType::Meeting,
            ));
            let k = EngagementKey::of(&e);
            if let Some((seen, at)) = seen_engagements.iter_mut().find(|(s, _)| s.same_event(&k)) {
                // Told again: the retelling may name the people ("his
                // counterparts from X and Y", then "he met X's minister
                // Z") or the day.
                if let Fact::Engagement(told) = &mut records[*at].fact {
                    enrich_engagement(told, &e);
                    // The day first told still keys it: a day learnt later
                    // parts it from no other telling.
                    *seen = EngagementKey::new(told.kind, &told.parties, seen.day);
                }
                continue;
            }
            seen_engagements.push((k, records.len()));
            let ev = evidence(a, &[e.sentence]);
            records.push(Record {
                doc: doc_id.clone(),
                fact: Fact::Engagement(Engagement {
                    kind: e.kind,
                    parties: e.parties,
                    date: e.date,
                    date_text: e.date_text,
                    place: e.place,
                    description: e.description,
                }),
                sources: sources(a, &[e.sentence]),
                evidence: ev,
                confidence: e.confidence,
            });
        }
    }

    date_current_contacts(&mut records, a.doc.published);

    // Entities: every organisation and person named outside headings. An
    // actor only ever told in lower case ("the navy") is not named.
    for (i, ent) in a.entities.iter().enumerate() {
        if ent.outlet {
            continue;
        }
        let mentions = a.mentions.iter().filter(|m| m.entity == i);
        let named = mentions
            .clone()
            .any(|m| !a.text()[m.start..m.end].starts_with(|c: char| c.is_lowercase()));
        let ms: Vec<usize> = mentions.map(|m| m.sentence).collect();
        let state = std::iter::once(&ent.name)
            .chain(&ent.aliases)
            .all(|n| the_state_itself(g, n));
        if ms.is_empty() || !named || state {
            continue;
        }
        let ev = evidence(a, &ms[..1]);
        if ev.is_empty() {
            continue;
        }
        records.push(Record {
            doc: doc_id.clone(),
            fact: Fact::Entity(Entity {
                name: ent.name.clone(),
                kind: ent.kind,
                country: ent.country.clone(),
                aliases: ent.aliases.clone(),
                role: ent.role.clone(),
                affiliation: ent.affiliation.map(|x| actors::entity_actor(a, x)),
                members: ent
                    .members
                    .iter()
                    .map(|&m| actors::entity_actor(a, m))
                    .collect(),
            }),
            evidence: ev,
            sources: Vec::new(),
            confidence: 0.7,
        });
    }
    fuller_system_names(g, &mut records);
    counts_told_elsewhere(a, &mut records);
    names_told_elsewhere(a, &mut records);
    acronyms::prefer_acronyms(a.text(), &mut records);
    records
}

/// What tells one engagement from another in an article: one told twice
/// (in the lead and again later) is one record; the same parties on
/// another day, or the visitor meeting another named person, another.
struct EngagementKey {
    kind: armswatch_register::EngagementType,
    countries: Vec<String>,
    day: Option<armswatch_register::Date>,
    people: Vec<String>,
}

impl EngagementKey {
    fn of(e: &engagements::EngagementDraft) -> EngagementKey {
        EngagementKey::new(e.kind, &e.parties, e.date)
    }

    fn new(
        kind: armswatch_register::EngagementType,
        parties: &[armswatch_register::Actor],
        date: Option<armswatch_register::Date>,
    ) -> EngagementKey {
        let mut countries: Vec<String> = parties.iter().filter_map(|p| p.country.clone()).collect();
        countries.sort();
        countries.dedup();
        let people = parties
            .iter()
            .filter(|p| p.kind == ActorType::Person)
            .map(|p| p.name.clone())
            .collect();
        EngagementKey {
            kind,
            countries,
            day: date,
            people,
        }
    }

    /// Same kind and countries, days that agree, and people of which one
    /// side names all the other does ("Mwangi met Okello" then "the two
    /// ministers held talks"; not "Mwangi met Akello", nor one leader's
    /// visit and another's between the same two countries).
    fn same_event(&self, other: &EngagementKey) -> bool {
        let within = |a: &[String], b: &[String]| a.iter().all(|p| b.contains(p));
        self.kind == other.kind
            && self.countries == other.countries
            && days_agree(self.day, other.day)
            && (within(&self.people, &other.people) || within(&other.people, &self.people))
    }
}

/// Two dates of one event: the same, one untold, or one a coarser
/// statement of the other ("in May" and "on May 24").
fn days_agree(a: Option<armswatch_register::Date>, b: Option<armswatch_register::Date>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    a == b || covers(a, b) || covers(b, a)
}

/// Whether `coarse` is the month of day `fine` ("May 2023" of "May 24,
/// 2023"); a year alone may be another event of that year.
fn covers(coarse: armswatch_register::Date, fine: armswatch_register::Date) -> bool {
    coarse.year == fine.year
        && coarse.day.is_none()
        && fine.day.is_some()
        && coarse.month.is_some()
        && coarse.month == fine.month
}

/// A state that is a side of an engagement is there in the people its
/// sentence names for it: "Ruto's state visit to Ghana, hosted by
/// President Akufo-Addo" has Akufo-Addo beside Ghana.
fn name_the_states_people(a: &Annotation<'_>, e: &mut engagements::EngagementDraft) {
    let states: Vec<String> = e
        .parties
        .iter()
        .filter(|p| p.kind == ActorType::State)
        .filter_map(|p| p.country.clone())
        .collect();
    for m in a.mentions_in(e.sentence) {
        let ent = &a.entities[m.entity];
        let theirs = ent.country.as_ref().is_some_and(|c| states.contains(c));
        let named = e.parties.iter().any(|p| p.name == ent.name);
        if ent.kind == ActorType::Person && theirs && !named {
            e.parties.push(actors::entity_actor(a, m.entity));
        }
    }
}

/// A meeting, visit or exercise the story tells without a day is news of
/// the day: it is dated by the story's publication (an analyst asks "when
/// did they meet?"; the story's date is the best answer the text gives).
/// Agreements keep no date: they are as often background; so does a
/// contact whose sentence names a year the reading did not tie
/// to it ("the visits of Modi to Israel in 2017 and ...").
fn date_current_contacts(records: &mut [Record], published: Option<armswatch_register::Date>) {
    use armswatch_register::EngagementType;
    let Some(published) = published else {
        return;
    };
    for r in records.iter_mut() {
        let names_a_year = r.evidence.iter().any(|ev| has_year(&ev.text));
        if let Fact::Engagement(e) = &mut r.fact {
            let contact = matches!(
                e.kind,
                EngagementType::Meeting | EngagementType::Visit | EngagementType::Exercise
            );
            if contact && e.date.is_none() && !names_a_year {
                e.date = Some(published);
            }
        }
    }
}

/// Whether `text` holds a year written in figures (1900-2099).
fn has_year(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        let digits = b[i..i + 4].iter().all(u8::is_ascii_digit);
        let era = b[i] == b'1' && b[i + 1] == b'9' || b[i] == b'2' && b[i + 1] == b'0';
        let alone = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        digits && era && alone
    })
}

/// An engagement told again adds what the first telling lacked: the
/// people it names and its day.
fn enrich_engagement(told: &mut Engagement, again: &engagements::EngagementDraft) {
    for p in again.parties.iter().filter(|p| p.kind == ActorType::Person) {
        if !told.parties.iter().any(|q| q.name == p.name) {
            told.parties.push(p.clone());
        }
    }
    // A day told later makes the month told first precise.
    let finer = match (told.date, again.date) {
        (None, _) => true,
        (Some(t), Some(d)) => covers(t, d),
        _ => false,
    };
    if finer {
        told.date = again.date;
        told.date_text = again.date_text.clone();
    }
}

/// "Acme Gets Navy Contract" over "... the Defense Department said": the
/// ministry announces, the service its headline names buys.
fn headline_service(
    g: &Gazetteer,
    a: &Annotation<'_>,
    recipient: &armswatch_register::Actor,
) -> Option<armswatch_register::Actor> {
    if recipient.kind != armswatch_register::ActorType::GovernmentBody
        || !g.is("defence_department", &recipient.name)
    {
        return None;
    }
    let mut services: Vec<usize> = (0..a.sentences.len())
        .filter(|&si| a.sentences[si].heading)
        .flat_map(|si| a.mentions_in(si))
        .map(|m| m.entity)
        .filter(|&e| {
            let ent = &a.entities[e];
            ent.kind == armswatch_register::ActorType::ArmedForce
                && ent.country == recipient.country
        })
        .collect();
    services.dedup();
    match services.as_slice() {
        [one] => Some(actors::entity_actor(a, *one)),
        _ => None,
    }
}

/// An open contest for nothing the text names ("vying for control", "not
/// to pick sides") is rivalry, not procurement: every contest the
/// annotators found names what is bought. One with a winner, a protest or
/// a cancellation is a real competition told without its goods ("Boeing
/// protested the tanker contract"), which the register joins to the
/// stories that name them.
/// Whether a contest is registered: it has evidence, a buyer and an item,
/// and is neither a civil purchase nor a rivalry over nothing named.
fn contest_shown(g: &Gazetteer, c: &contests::ContestDraft, ev: &[Evidence]) -> bool {
    match (&c.buyer, &c.item) {
        (Some(buyer), Some(item)) => {
            !ev.is_empty() && !civil_contest(g, buyer, item) && !rivalry_over_nothing(c, item)
        }
        _ => false,
    }
}

fn rivalry_over_nothing(c: &contests::ContestDraft, item: &System) -> bool {
    item.name.is_none()
        && item.description.is_none()
        && c.winner.is_none()
        && c.protests.is_empty()
        && !c.is_cancelled
}

/// A meeting, visit or exercise of five or more states (a G7 or G20
/// summit, a bloc's ministerial): the guide leaves such gatherings
/// optional, their party sets being ill-defined, so the register keeps the
/// contacts told on their sidelines instead. A three-way summit or a
/// four-navy exercise names its parties and stays; so do agreements.
/// "The Quad leaders' summit in Sydney", "Modi's talks with Albanese at
/// the upcoming Quad summit": a meeting told in a sentence naming a bloc of
/// states (organisations.tsv, members column) whose sides are all the
/// bloc's members is the bloc's gathering, with every member a side; a
/// meeting of two people, or one told as bilateral or on the sidelines
/// (lexicon class `bilateral_word`), stays the meeting of its two sides.
fn as_bloc_gathering(g: &Gazetteer, a: &Annotation<'_>, e: &mut engagements::EngagementDraft) {
    if e.kind != armswatch_register::EngagementType::Meeting {
        return;
    }
    let people = e
        .parties
        .iter()
        .filter(|p| p.kind == ActorType::Person)
        .count();
    if people == 2 && e.parties.len() == 2 {
        return;
    }
    let sentence = a.sentence_text(e.sentence).to_lowercase();
    if sentence
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| g.is("bilateral_word", w))
    {
        return;
    }
    // The bloc by its entity's name or, when a longer name took its short
    // form ("the G20 Energy Working Group" then "G20 leaders"), as written.
    let bloc = |m: &armswatch_annotate::NameMention| {
        g.organisation(&a.entities[m.entity].name)
            .filter(|o| !o.members.is_empty())
            .or_else(|| g.organisation(a.text().get(m.start..m.end)?))
    };
    let Some(members) = a
        .mentions_in(e.sentence)
        .filter_map(bloc)
        .map(|o| &o.members)
        .find(|m| m.len() >= 3)
    else {
        return;
    };
    let sides: Vec<&str> = e
        .parties
        .iter()
        .filter(|p| g.organisation(&p.name).is_none_or(|o| o.members.is_empty()))
        .filter_map(|p| p.country.as_deref())
        .collect();
    if sides.is_empty() || !sides.iter().all(|c| members.iter().any(|m| m == c)) {
        return;
    }
    // The bloc itself is no side: its members are.
    e.parties
        .retain(|p| g.organisation(&p.name).is_none_or(|o| o.members.is_empty()));
    for m in members {
        if !e
            .parties
            .iter()
            .any(|p| p.country.as_deref() == Some(m.as_str()))
        {
            e.parties.push(actors::state(g, m));
        }
    }
}

fn is_gathering_of_many(e: &engagements::EngagementDraft) -> bool {
    let countries: rustc_hash::FxHashSet<&str> = e
        .parties
        .iter()
        .filter_map(|p| p.country.as_deref())
        .collect();
    e.kind != armswatch_register::EngagementType::Agreement && countries.len() >= 5
}

/// Civil goods for civil customers are trade, not arms transfers:
/// passenger planes for an airline, an airline on either side.
/// "The Australian Government", "the Biden administration": a state or
/// its executive, named by a country or a leader and a word for the state
/// (lexicon class `state_word`). The register keeps no entity for a state; the actor in
/// the deal still says whose it is.
fn the_state_itself(g: &Gazetteer, name: &str) -> bool {
    // Aliases come lower-cased too ("Kenyan military", "military").
    let titled = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let Some((first, last)) = name.rsplit_once(' ') else {
        return g.is("state_word", &titled(name));
    };
    let last = titled(last);
    let by_country = g.country_by_surface(first).is_some();
    let by_leader = g.person(first).is_some() || g.is("state_level", first);
    g.is("state_word", &last) && (by_country || by_leader)
}

fn civil_trade(g: &Gazetteer, d: &transfers::Draft) -> bool {
    let airline = |a: &armswatch_register::Actor| actors::is_airline(g, a);
    if airline(&d.recipient) || d.suppliers.iter().any(airline) {
        return true;
    }
    civil_goods_for_civilians(g, &d.system, &d.recipient) || trade_in_nothing_told(d)
}

/// A sum traded with no goods told: "India imported $41 billion from
/// Russia" is trade, not arms. Only a firm's contract ("won a 46 mln dlr
/// Navy contract for work on launchers") stands without its goods named.
fn trade_in_nothing_told(d: &transfers::Draft) -> bool {
    use armswatch_register::ActorType;
    let told = d.system.name.is_some() || d.system.description.is_some();
    let firm = |a: &armswatch_register::Actor| {
        matches!(a.kind, ActorType::Company | ActorType::Consortium)
    };
    !told && !d.suppliers.iter().any(firm)
}

/// An airline's competition, or one for civil goods run by no government
/// ("Finnair chose the A350 over the 787"), is no arms procurement.
fn civil_contest(g: &Gazetteer, buyer: &armswatch_register::Actor, item: &System) -> bool {
    actors::is_airline(g, buyer) || civil_goods_for_civilians(g, item, buyer)
}

/// Civil goods (class `civil_goods` of the lexicon) for a buyer that is no
/// state, force or government body.
fn civil_goods_for_civilians(
    g: &Gazetteer,
    goods: &System,
    buyer: &armswatch_register::Actor,
) -> bool {
    let civil_goods = goods.description.as_deref().is_some_and(|desc| {
        desc.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| g.is("civil_goods", &w.to_lowercase()))
    });
    civil_goods
        && !matches!(
            buyer.kind,
            armswatch_register::ActorType::State
                | armswatch_register::ActorType::ArmedForce
                | armswatch_register::ActorType::GovernmentBody
        )
}

/// The gazetteer entry a written system name stands for.
fn system_entry(g: &Gazetteer, name: &str) -> Option<usize> {
    g.find(name).into_iter().find_map(|(s, e, sf)| match sf {
        armswatch_annotate::gazetteer::Surface::System(i) if s == 0 && e == name.len() => Some(i),
        _ => None,
    })
}

/// Deals of one system with one recipient take the most specific
/// designation any of them is told with: "Apache" in a later sentence of
/// a story that opened on India's "AH-64E Apache" buy is that variant.
/// Only a longer form of the same entry that contains the name word for
/// word counts ("AH-64 Apache" never becomes "AH-64E Apache"), and
/// another recipient's deal keeps its own words.
fn fuller_system_names(g: &Gazetteer, records: &mut [Record]) {
    let named: Vec<(usize, Option<String>, String)> = records
        .iter()
        .filter_map(|r| match &r.fact {
            Fact::Transfer(t) => {
                let n = t.system.name.clone()?;
                Some((system_entry(g, &n)?, t.recipient.country.clone(), n))
            }
            _ => None,
        })
        .collect();
    if named.len() < 2 {
        return;
    }
    for r in records.iter_mut() {
        let Fact::Transfer(t) = &mut r.fact else {
            continue;
        };
        let Some(name) = t.system.name.clone() else {
            continue;
        };
        let Some(entry) = system_entry(g, &name) else {
            continue;
        };
        let padded = format!(" {name} ");
        let fuller = named
            .iter()
            .filter(|(i, c, f)| {
                *i == entry
                    && *c == t.recipient.country
                    && f.len() > name.len()
                    && format!(" {f} ").contains(&padded)
            })
            .max_by_key(|(_, _, f)| f.len());
        if let Some((_, _, f)) = fuller {
            t.system.name = Some(f.clone());
        }
    }
}

/// A deal whose sentence gives no count takes the one the article tells
/// with the same design elsewhere ("24 MH-60R helicopters" in the lead,
/// "the MH-60R deliveries" later), when the article tells one count for
/// that design. Several counts (an order and a follow-on) leave it open;
/// "a" or "one" counts nothing.
fn counts_told_elsewhere(a: &Annotation<'_>, records: &mut [Record]) {
    let mut told: std::collections::HashMap<String, Option<u64>> = Default::default();
    for m in a.systems.iter().flatten() {
        // "a Gripen" elsewhere is any one jet, not the deal's count.
        let (Some(name), Some(q)) = (&m.name, m.quantity.filter(|&q| q > 1)) else {
            continue;
        };
        told.entry(name.to_lowercase())
            .and_modify(|c| {
                if *c != Some(q) {
                    *c = None;
                }
            })
            .or_insert(Some(q));
    }
    for r in records.iter_mut() {
        let Fact::Transfer(t) = &mut r.fact else {
            continue;
        };
        // More of the goods is another count than the one told.
        if t.quantity.is_some() || r.evidence.iter().any(|e| tells_more(&e.text)) {
            continue;
        }
        if let Some(name) = &t.system.name {
            t.quantity = told.get(&name.to_lowercase()).copied().flatten();
        }
    }
}

/// A deal whose goods go unnamed in its sentence ("the missiles", "40
/// aircraft") takes the name of the one design of that kind the article
/// names, when its seller makes it: a story about BrahMos that says "the
/// missiles" means the BrahMos. Two designs of the kind leave it unnamed.
fn names_told_elsewhere(a: &Annotation<'_>, records: &mut [Record]) {
    let mut named: std::collections::HashMap<
        armswatch_register::Category,
        Option<(&str, Option<&str>)>,
    > = Default::default();
    for m in a
        .systems
        .iter()
        .flatten()
        .filter(|m| !m.generic && !m.replaced)
    {
        let Some(name) = m.name.as_deref() else {
            continue;
        };
        let design = (name, m.origin.as_deref());
        named
            .entry(m.category)
            .and_modify(|d| {
                if d.is_some_and(|(n, _)| !n.eq_ignore_ascii_case(name)) {
                    *d = None;
                }
            })
            .or_insert(Some(design));
    }
    // Who sells each design the deals name: a design of no known origin
    // that another seller's deal names is that seller's, not any seller's.
    let mut sellers: std::collections::HashMap<String, Vec<Option<String>>> = Default::default();
    for r in records.iter() {
        if let Fact::Transfer(t) = &r.fact {
            if let Some(name) = &t.system.name {
                let countries = t.suppliers.iter().map(|s| s.country.clone());
                sellers
                    .entry(name.to_lowercase())
                    .or_default()
                    .extend(countries);
            }
        }
    }
    for r in records.iter_mut() {
        let Fact::Transfer(t) = &mut r.fact else {
            continue;
        };
        if t.system.name.is_some() {
            continue;
        }
        let Some(Some((name, origin))) = named.get(&t.system.category) else {
            continue;
        };
        let sells = |c: &str| t.suppliers.iter().any(|s| s.country.as_deref() == Some(c));
        let sold_by_maker = match origin {
            Some(o) => sells(o),
            None => sellers
                .get(&name.to_lowercase())
                .is_none_or(|cs| cs.iter().flatten().any(|c| sells(c))),
        };
        if sold_by_maker {
            t.system.name = Some(name.to_string());
        }
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use armswatch_register::Date;

    fn doc(text: String) -> Document {
        Document {
            id: "fuzz".into(),
            text,
            published: Date::parse("2012-05-27").ok(),
            outlet: None,
            title: None,
            url: None,
            origin: None,
            content_hash: String::new(),
        }
    }

    /// Non-ASCII spaces before a word (no-break, narrow no-break, thin,
    /// ideographic) once cut a character in two while reading systems.
    #[test]
    fn non_ascii_spaces_before_words_are_read() {
        let x = Extractor::builtin().expect("gazetteer");
        for space in ['\u{a0}', '\u{202f}', '\u{2009}', '\u{3000}'] {
            let d = doc(format!(
                "India ordered{space}36 Rafale{space}fighter jets from France.{space}The deal{space}was signed in 2016."
            ));
            let recs = x
                .try_extract(&d)
                .unwrap_or_else(|e| panic!("{space:?}: {e}"));
            assert!(
                recs.iter().any(|r| matches!(&r.fact, Fact::Transfer(t) if t.recipient.country.as_deref() == Some("IN"))),
                "{space:?}: no transfer to India in {recs:?}"
            );
        }
    }

    /// Pseudo-random soups of news words, multi-byte punctuation and
    /// awkward letters never panic, and evidence always slices the text.
    #[test]
    fn odd_text_never_panics_and_evidence_is_exact() {
        let x = Extractor::builtin().expect("gazetteer");
        let pieces = [
            "LIMA, Peru —",
            "İstanbul",
            "Россия",
            "sold",
            "to",
            "the",
            "Peruvian army",
            "$1.4 billion",
            "Corp.",
            "(CPMIEC)",
            "“",
            "”",
            "’s",
            "MBT 2000",
            "tanks",
            "In November,",
            "last month",
            "awarded the contract",
            "consortium of",
            "Rafael",
            "Gen.",
            "Guo",
            "said",
            "\n\n",
            ",",
            ".",
            "Mr.",
            "U.S.",
            "Navy",
            "contract",
            "Rs 1,200 crore",
            "€",
            "—",
            "\u{0301}",
            "ǅ",
            "signed a memorandum of understanding with",
            "visit to",
            "Tehran",
            "a",
            "bid",
            "protest",
            "Inc <RTN>",
            "of the U.K.",
            "Ministry of Defence",
            "the Philippines",
            "F-35s",
            "İ",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..300 {
            let mut text = String::new();
            let n = 5 + (seed % 60) as usize;
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                text.push(if seed.is_multiple_of(5) { '\n' } else { ' ' });
            }
            let d = doc(text);
            let recs = x
                .try_extract(&d)
                .unwrap_or_else(|e| panic!("{e}\n{}", d.text));
            for r in recs {
                for e in &r.evidence {
                    assert_eq!(d.text.get(e.start..e.end), Some(e.text.as_str()));
                }
            }
        }
    }
}

/// What the grammar saw in one sentence, for `armswatch explain`.
#[derive(Debug, Clone)]
pub struct SentenceExplanation {
    pub index: usize,
    pub text: String,
    /// The parse as CoNLL-U, when the sentence held a trigger word.
    pub conllu: Option<String>,
    pub frames: Vec<FrameExplanation>,
}

/// One rule that fired: its trigger, the roles it filled (role, path,
/// fillers) and what the modifiers did.
#[derive(Debug, Clone)]
pub struct FrameExplanation {
    pub rule: String,
    pub kind: &'static str,
    pub trigger: String,
    pub status: Option<String>,
    pub modifiers: Vec<String>,
    pub dropped: bool,
    pub roles: Vec<(String, String, Vec<String>)>,
}

impl Extractor {
    /// The parse and the rules that fired in every sentence, with the
    /// records extracted from the document.
    pub fn explain(&self, doc: &Document) -> (Vec<SentenceExplanation>, Vec<Record>) {
        let a = goods_annotation(self.g, doc);
        let mut out = Vec::new();
        for si in 0..a.sentences.len() {
            let s = a.sentences[si];
            let mut e = SentenceExplanation {
                index: si,
                text: doc.text[s.start..s.end].to_string(),
                conllu: None,
                frames: Vec::new(),
            };
            let parsed = (!s.heading && frames::may_trigger(&a, si))
                .then(|| frames::parse_sentence(self.g, &a, si))
                .flatten();
            if let Some(parsed) = parsed {
                e.conllu = Some(parsed.parse.to_conllu());
                e.frames = frames::frames(self.g, &a, si, &parsed)
                    .iter()
                    .map(|f| explain_frame(doc, f))
                    .collect();
            }
            out.push(e);
        }
        let records = extract_annotated(self.g, &a);
        (out, records)
    }
}

fn explain_frame(doc: &Document, f: &frames::Frame) -> FrameExplanation {
    let label = |x: &frames::Filler| match x {
        frames::Filler::Actor(p) => p.actor.label(),
        frames::Filler::System(s) => format!(
            "{} [{}{}]",
            s.name
                .clone()
                .or_else(|| s.description.clone())
                .unwrap_or_default(),
            s.category.as_str(),
            s.quantity.map(|q| format!(", {q}")).unwrap_or_default()
        ),
    };
    FrameExplanation {
        rule: f.rule.name.clone(),
        kind: f.rule.kind.as_str(),
        trigger: doc
            .text
            .get(f.trigger.0..f.trigger.1)
            .unwrap_or("")
            .to_string(),
        status: f.status.clone(),
        modifiers: f.modifiers.iter().map(|m| m.to_string()).collect(),
        dropped: f.dropped,
        roles: f
            .roles
            .iter()
            .map(|(r, p, v)| (r.clone(), p.clone(), v.iter().map(label).collect()))
            .collect(),
    }
}

/// The one way this file's tests build an article and extract it.
#[cfg(test)]
mod test_article {
    use super::*;
    use armswatch_register::Date;

    /// `text` as an article published on `published`.
    pub fn document(text: &str, published: &str) -> Document {
        Document {
            id: "t".into(),
            text: text.into(),
            published: Date::parse(published).ok(),
            outlet: None,
            title: None,
            url: None,
            origin: None,
            content_hash: String::new(),
        }
    }

    /// The records of `text`, read as an article published on `published`.
    pub fn extract(text: &str, published: &str) -> Vec<Record> {
        let x = Extractor::builtin().expect("gazetteer");
        x.extract(&document(text, published))
    }

    /// The transfers of `text`.
    pub fn transfers(text: &str, published: &str) -> Vec<Transfer> {
        extract(text, published)
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// The contests of `text`.
    pub fn contests(text: &str, published: &str) -> Vec<Contest> {
        extract(text, published)
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Contest(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    /// The engagements of `text`.
    pub fn engagements(text: &str, published: &str) -> Vec<Engagement> {
        extract(text, published)
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Engagement(e) => Some(e),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod service_buyers {
    use super::test_article::transfers;

    fn buyers(text: &str) -> Vec<String> {
        transfers(text, "2023-05-01")
            .into_iter()
            .map(|t| t.recipient.name)
            .collect()
    }

    /// A tender open to home firms only is a planned buy from home; one
    /// that names a foreign bidder beside the home-made words is not.
    #[test]
    fn a_tender_for_home_made_goods_is_a_buy_from_home() {
        let got = transfers(
            "The Indian Army has floated a tender for 400 light vehicles under the Buy (Indian) category.",
            "2023-05-01",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].suppliers[0].country.as_deref(),
            Some("IN"),
            "{got:?}"
        );
        assert_eq!(
            got[0].status,
            armswatch_register::TransferStatus::Unknown,
            "{got:?}"
        );
        let got = transfers(
            "The Indian Navy issued a tender for six submarines to be built locally with Naval Group.",
            "2023-05-01",
        );
        assert!(
            !got.iter().any(|t| t
                .suppliers
                .iter()
                .all(|s| s.country.as_deref() == Some("IN"))),
            "{got:?}"
        );
    }

    /// An order cancelled years later as "the helicopter deal" is one
    /// record: the order's date and count, the cancellation's stage.
    #[test]
    fn a_deal_cancelled_years_after_its_order_is_one_record() {
        let got = transfers(
            "In March 2011, Peru signed a contract to buy eight AW139 helicopters from Leonardo \
             for the Peruvian Navy. In 2015, Peru cancelled the helicopter deal with Leonardo \
             over delays.",
            "2016-01-10",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].status,
            armswatch_register::TransferStatus::Cancelled,
            "{got:?}"
        );
        assert_eq!(got[0].quantity, Some(8), "{got:?}");
        assert_eq!(got[0].date.map(|d| d.year), Some(2011), "{got:?}");
    }

    /// Two designs named apart in one sentence are two deals, though one's
    /// name begins the other's.
    #[test]
    fn a_design_and_its_successor_named_apart_are_two_deals() {
        let got = transfers(
            "India has offered its Akash and Akash-NG air defence systems to Armenia.",
            "2024-03-10",
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    /// One design ordered for one service, counted twice in a year, is one
    /// record; more of it, or a year apart, or another mark, is not.
    #[test]
    fn a_deal_counted_twice_is_one_record_but_more_goods_are_another() {
        let got = transfers(
            "Embraer has won an order from the Chilean Air Force for C-390 transports. \
             The Chilean Air Force will get two C-390 from Embraer this year and three C-390 \
             from Embraer in all.",
            "2024-03-10",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        let got = transfers(
            "The Chilean Air Force ordered two C-390 transports from Embraer in 2019. \
             In 2023 the Chilean Air Force ordered three more C-390 from Embraer.",
            "2024-03-10",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        let got = transfers(
            "The Chilean Air Force has ordered two C-390 transports from Embraer and \
             four KC-390A tankers from Embraer.",
            "2024-03-10",
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn a_state_buys_for_the_one_service_the_article_names() {
        let got = buyers(
            "Malaysia has ordered 18 light combat jets from Korea Aerospace Industries. \
             The Royal Malaysian Air Force will base them at Kuantan.",
        );
        assert_eq!(got, ["Royal Malaysian Air Force"]);
    }

    #[test]
    fn a_state_stays_the_buyer_when_two_of_its_services_are_named_apart() {
        let got = buyers(
            "Norway signed for four patrol aircraft from Boeing in March. \
             The Royal Norwegian Air Force and the Royal Norwegian Navy held a joint drill last week.",
        );
        assert_eq!(got, ["Norway"]);
    }

    #[test]
    fn the_service_told_in_the_deals_own_sentence_wins_over_others() {
        let got = buyers(
            "The Chilean Army paraded its new trucks on Sunday. \
             Chile has bought six frigates from Britain, a Chilean Navy spokesman said.",
        );
        assert_eq!(got, ["Chilean Navy"]);
    }

    #[test]
    fn a_contests_state_buyer_is_the_service_it_names() {
        let got: Vec<String> = super::test_article::contests(
            "Thailand has issued a tender for eight coastal patrol boats. \
             Three shipyards have bid, and the Royal Thai Navy expects to pick one by June.",
            "2023-05-01",
        )
        .into_iter()
        .map(|c| c.buyer.name)
        .collect();
        assert_eq!(got, ["Royal Thai Navy"]);
    }

    #[test]
    fn a_defence_ministry_buying_for_a_named_service_is_that_service() {
        let got = transfers(
            "The Pentagon said it had awarded Acme Aerospace Corp a 120 mln dlr contract \
             to build 12 C-130 transport planes for the Air Force.",
            "1987-03-01",
        );
        let buyers: Vec<&str> = got.iter().map(|t| t.recipient.name.as_str()).collect();
        assert_eq!(buyers, ["U.S. Air Force"], "{got:?}");
    }
}

#[cfg(test)]
mod told_elsewhere {
    use super::test_article::transfers;

    fn quantities(text: &str) -> Vec<Option<u64>> {
        transfers(text, "2023-01-01")
            .into_iter()
            .map(|t| t.quantity)
            .collect()
    }

    #[test]
    fn a_deal_without_a_count_takes_the_one_told_with_its_design() {
        let q = quantities(
            "Six Bayraktar TB2 drones will patrol the northern border from next year. \
             Baykar will deliver the Bayraktar TB2 drones to the Kenyan Army in June.",
        );
        assert_eq!(q, [Some(6)]);
    }

    #[test]
    fn a_follow_up_counting_units_gives_the_deal_its_count() {
        let q = quantities(
            "The Chilean Navy ordered Seahawk helicopters from Sikorsky in 2021. \
             The order for 8 units is due to be completed by 2025.",
        );
        assert_eq!(q, [Some(8)]);
    }

    #[test]
    fn unnamed_goods_take_the_one_design_of_their_kind_the_article_names() {
        let names = |text: &str| -> Vec<Option<String>> {
            transfers(text, "2023-01-01")
                .into_iter()
                .map(|t| t.system.name)
                .collect()
        };
        let one = "The Bayraktar TB2 has flown over the northern border since May. \
                   Baykar will deliver six more drones to the Kenyan Army in June.";
        assert_eq!(names(one), [Some("Bayraktar TB2".to_string())]);
        // Two designs of the kind: which one is sold goes untold.
        let two = "The Bayraktar TB2 and the Heron have flown over the northern border since May. \
                   Baykar will deliver six more drones to the Kenyan Army in June.";
        assert_eq!(names(two), [None]);
    }

    /// Each deal of `text` as (status, count).
    fn statuses_and_counts(text: &str) -> Vec<(String, Option<u64>)> {
        transfers(text, "2023-01-01")
            .into_iter()
            .map(|t| (format!("{:?}", t.status), t.quantity))
            .collect()
    }

    #[test]
    fn more_of_the_goods_still_to_come_is_a_deal_of_its_own() {
        let got = statuses_and_counts(
            "The Egyptian Navy ordered four Gowind corvettes from Naval Group in 2014. \
             The navy now plans to buy more Gowind corvettes from the French firm.",
        );
        assert_eq!(
            got,
            [
                ("Ordered".to_string(), Some(4)),
                ("Unknown".to_string(), None)
            ]
        );
    }

    #[test]
    fn a_deal_noun_naming_no_party_counts_the_deal_before() {
        let got = statuses_and_counts(
            "The Chilean Navy has begun receiving MH-60R helicopters from Lockheed Martin under a 2021 deal. \
             That order for 8 units runs until 2025, and Santiago now intends to acquire \
             more MH-60Rs under a Foreign Military Sales case from the US government.",
        );
        // The follow-on is a deal of its own, without the first one's count.
        assert_eq!(
            got,
            [
                ("Delivered".to_string(), Some(8)),
                ("Unknown".to_string(), None)
            ]
        );
    }

    #[test]
    fn more_grading_an_adjective_tells_no_more_goods() {
        let q = quantities(
            "The Kenyan Army will receive 12 Bayraktar TB2 drones from Baykar in June. \
             Officers called the Bayraktar TB2 far more capable than the drones it replaces.",
        );
        assert_eq!(q, [Some(12)]);
        assert!(super::tells_more("The navy wants five more corvettes."));
        assert!(!super::tells_more(
            "The jet is more expensive than the Gripen."
        ));
        assert!(!super::tells_more("It has more than 40 jets."));
    }

    #[test]
    fn one_of_the_design_told_elsewhere_counts_nothing() {
        let q = quantities(
            "A Bayraktar TB2 flew over the northern border in May. \
             Baykar will deliver the Bayraktar TB2 drones to the Kenyan Army in June.",
        );
        assert_eq!(q, [None]);
    }

    #[test]
    fn two_counts_for_the_design_leave_the_count_open() {
        let q = quantities(
            "Six Bayraktar TB2 drones will patrol the northern border from next year, \
             and four Bayraktar TB2 drones the coast. \
             Baykar will deliver the Bayraktar TB2 drones to the Kenyan Army in June.",
        );
        assert_eq!(q, [None]);
    }
}

#[cfg(test)]
mod contest_buyers {
    use super::test_article::extract;
    use super::*;

    fn contests(text: &str) -> Vec<armswatch_register::Contest> {
        extract(text, "2022-05-01")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Contest(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_contest_read_twice_is_one_with_its_buyer_named() {
        let got = contests("Saab and Thales will compete for the Danish coastal radar contract.");
        let buyers: Vec<_> = got.iter().map(|c| c.buyer.country.clone()).collect();
        assert_eq!(buyers, [Some("DK".to_string())], "{got:?}");
    }

    #[test]
    fn the_seller_of_the_deal_told_is_not_the_buyer() {
        let got = contests(
            "Used F-16s offered by the United States would go to Argentina if they win the tender.",
        );
        let buyers: Vec<_> = got.iter().map(|c| c.buyer.country.clone()).collect();
        assert_eq!(buyers, [Some("AR".to_string())], "{got:?}");
    }

    /// A competition told as over before the one at hand ("the now
    /// cancelled tender") is another contest, not the live one cancelled.
    #[test]
    fn a_former_tender_is_another_contest() {
        let got = contests(
            "The Chilean Air Force will open a tender for 24 fighter jets next year, and Saab \
             is keen to offer the Gripen-E in it. Under the now cancelled FX tender of 2015, \
             the Chilean Air Force had shortlisted the Gripen-C.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.iter()
                .any(|c| c.status == armswatch_register::ContestStatus::Cancelled),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|c| c.status == armswatch_register::ContestStatus::Open),
            "{got:?}"
        );
    }

    #[test]
    fn idioms_with_competition_words_are_no_contest() {
        for text in [
            "Ukraine held talks with Poland in a bid to reduce its reliance on Russian gas.",
            "Textron said Lockheed will not buy more of its preferred stock without notice.",
        ] {
            assert!(contests(text).is_empty(), "{text}: {:?}", contests(text));
        }
        // A bid to win orders is a seller competing.
        let got = contests(
            "Greek officials toured the Saab plant in a bid to win orders for 12 jets \
             that the Hellenic Air Force plans to buy.",
        );
        assert!(!got.is_empty());
    }

    /// A firm told as bidding stays a bidder even where another sentence
    /// reads it as the one procuring.
    #[test]
    fn a_bidding_firm_is_no_buyer() {
        let got = contests(
            "Acme Corp has bought 300 howitzer barrels from Sweden. The price bids from Acme \
             Corp and Beta Industries in the Kenyan Army's howitzer tender will be opened next \
             week.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_ne!(got[0].buyer.name, "Acme Corp", "{got:?}");
        assert!(
            got[0].bidders.iter().any(|b| b.name == "Acme Corp"),
            "{got:?}"
        );
    }

    /// A firm that receives approval or clearance for a purchase receives
    /// no goods.
    #[test]
    fn a_firm_cleared_for_a_deal_receives_no_goods() {
        let got = extract(
            "Acme Corp has received approval from the Kenyan Ministry of Defence for the \
             procurement of 300 howitzers. The deal will be signed after the price bids from \
             Acme Corp and Beta Industries are opened.",
            "2024-02-01",
        );
        assert!(
            !got.iter().any(|r| matches!(&r.fact,
                Fact::Transfer(t) if t.recipient.name == "Acme Corp")),
            "{got:?}"
        );
    }

    #[test]
    fn rivalry_over_nothing_named_is_no_competition() {
        let got = contests(
            "Rivals such as Brazil and Mexico are vying for greater influence in the \
             region. The Peruvian Foreign Ministry has made clear its decision not to \
             pick sides.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn deciding_one_deal_is_no_choice_between_bidders() {
        let got = contests(
            "Chile and Spain must meet to decide its sale, or the Almirante class frigate \
             will be scrapped like its sister ship.",
        );
        assert!(got.is_empty(), "{got:?}");
        let got = contests(
            "The Peruvian Air Force will decide between the Gripen and the F-16 next month.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn a_bid_as_an_attempt_is_no_competition() {
        let got = contests(
            "Two Pakistani drones were shot down by the Border Security Force, \
             foiling a smuggling bid near Amritsar.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn trials_of_one_system_are_no_competition() {
        let got = contests(
            "The Thai army has a requirement for 40 light tanks, and orders may follow \
             once user trials and evaluation of the prototype end.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn an_airlines_choice_is_no_arms_competition() {
        let got = contests(
            "Lufthansa Airlines ran a competition for 20 long-haul jets and chose \
             the Boeing 787 over the Airbus A350.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn an_offer_to_the_buyer_is_a_bid() {
        let got = contests(
            "The Colombian Air Force has launched a tender for 24 fighter jets. \
             Saab has offered 24 Gripen jets to Colombia. Kongsberg offered radars to Peru.",
        );
        let bidders: Vec<&str> = got[0].bidders.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(bidders, ["Saab"], "{got:?}");
    }

    #[test]
    fn talks_with_the_buyer_over_the_goods_are_a_bid() {
        let got = contests(
            "The Chilean Navy has floated a tender for four frigates. \
             Navantia is negotiating with the Chilean Navy over four frigates. \
             Hanwha is negotiating with the Peruvian Navy over two frigates.",
        );
        let bidders: Vec<&str> = got[0].bidders.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(bidders, ["Navantia"], "{got:?}");
    }

    #[test]
    fn rivalry_in_a_market_is_no_procurement() {
        let got = contests(
            "Analysts are picking up shares of Qantas. Qantas faces increasing competition for \
             travellers from Delta Air Lines and United Airlines.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn an_award_is_a_contest_only_in_a_story_of_competing() {
        let list = "The Defense Department said it has awarded contracts totaling 90 mln dlrs \
             to Acme Corp and Beta Industries. Acme was awarded a 40 mln dlr contract for 12 \
             radar sets.";
        assert!(contests(list).is_empty(), "{:?}", contests(list));
        let tender = "Chile awarded the contract for six patrol boats to Acme Corp of the \
             United States. Three firms had bid in the tender.";
        assert_eq!(contests(tender).len(), 1, "{:?}", contests(tender));
    }

    #[test]
    fn a_price_of_another_countrys_deal_is_not_the_competitions() {
        let got = contests(
            "The Indian Navy has issued a tender for six submarines.\n\n\
             Separately, Chile signed a contract worth 900 million dollars with a Korean yard for two frigates.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].buyer.country.as_deref(), Some("IN"));
        assert!(got[0].value.is_none(), "{got:?}");
    }
}

#[cfg(test)]
mod receptions {
    use super::test_article::extract;
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        extract(text, "2023-01-10")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(_) => Some("transfer"),
                Fact::Engagement(_) => Some("engagement"),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn goods_received_are_no_guests() {
        // A transfer from each seller, and no visit.
        assert_eq!(
            kinds("Estonia has received Caesar howitzers from France and Denmark."),
            ["transfer", "transfer"]
        );
        assert_eq!(
            kinds("The Kenyan president received Turkish Defence Minister Hulusi Akar in Nairobi."),
            ["engagement"]
        );
    }

    #[test]
    fn a_pronoun_before_the_subject_refers_forward() {
        let parties: Vec<Vec<String>> = extract(
            "Spain's king spoke with French President Emmanuel Macron on Monday. \
             During his meeting with Chilean Defence Minister Maya Fernandez, \
             Peru's defence minister said Lima wants closer ties.",
            "2024-05-10",
        )
        .into_iter()
        .filter_map(|r| match r.fact {
            Fact::Engagement(e) => {
                let mut c: Vec<String> =
                    e.parties.iter().filter_map(|p| p.country.clone()).collect();
                c.sort();
                Some(c)
            }
            _ => None,
        })
        .collect();
        assert!(
            parties.contains(&vec!["CL".to_string(), "PE".to_string()]),
            "{parties:?}"
        );
        assert!(
            parties.iter().all(|p| !p.contains(&"FR".to_string())),
            "{parties:?}"
        );
    }
}

#[cfg(test)]
mod naming {
    use super::test_article::extract;
    use super::*;

    fn names(text: &str) -> Vec<(Option<String>, Option<String>)> {
        extract(text, "2024-03-01")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(t) => Some((t.recipient.country, t.system.name)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_deal_keeps_the_fullest_designation_its_recipients_deals_are_told_with() {
        let got = names(
            "Morocco bought 24 AH-64E Apache helicopters from the United States in 2020.\n\n\
             Qatar received eight Apache helicopters from the United States last year.\n\n\
             In 2023 Morocco ordered 12 more Apache helicopters from the United States.",
        );
        assert!(
            got.contains(&(Some("MA".into()), Some("AH-64E Apache".into()))),
            "{got:?}"
        );
        assert!(
            got.contains(&(Some("QA".into()), Some("Apache".into()))),
            "{got:?}"
        );
        assert!(
            !got.contains(&(Some("MA".into()), Some("Apache".into()))),
            "{got:?}"
        );
    }

    #[test]
    fn only_a_gathering_of_five_states_or_more_is_left_out() {
        let draft = |kind, codes: &[&str]| engagements::EngagementDraft {
            kind,
            parties: codes
                .iter()
                .map(|c| armswatch_register::Actor::new(*c, ActorType::State, Some(c.to_string())))
                .collect(),
            date: None,
            date_text: None,
            place: None,
            description: String::new(),
            sentence: 0,
            confidence: 0.5,
        };
        use armswatch_register::EngagementType::{Agreement, Exercise, Meeting};
        let g7 = ["US", "GB", "FR", "DE", "IT", "JP", "CA"];
        assert!(is_gathering_of_many(&draft(Meeting, &g7)));
        assert!(!is_gathering_of_many(&draft(Agreement, &g7)));
        assert!(!is_gathering_of_many(&draft(Meeting, &["IR", "RU", "TR"])));
        assert!(!is_gathering_of_many(&draft(
            Exercise,
            &["US", "IN", "JP", "AU"]
        )));
    }

    #[test]
    fn civil_goods_for_civil_customers_are_no_transfer() {
        assert!(
            names("Orange Airways of Ghana bought three Airbus A330 planes from France.")
                .is_empty()
        );
        assert!(
            names("Acme Leasing Corp of Sweden bought six Airbus passenger jets from France.")
                .is_empty()
        );
        let got =
            names("The Kenyan air force bought two Airbus A400M transport aircraft from France.");
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn the_service_a_contract_headline_names_buys_what_the_ministry_announces() {
        let got = recipients(
            "Acme Gets Army Contract\n\nAcme Corp is being awarded a 20 mln dlr contract for \
             six helicopters, the Defense Department said.",
        );
        assert_eq!(got, ["U.S. Army"]);
    }

    fn recipients(text: &str) -> Vec<String> {
        extract(text, "1987-03-01")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(t) => Some(t.recipient.name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn proposals_that_are_for_nothing_make_no_contest() {
        let contests = |text: &str| {
            extract(text, "2023-03-01")
                .into_iter()
                .filter(|r| matches!(r.fact, Fact::Contest(_)))
                .count()
        };
        assert_eq!(
            contests("The Indian Air Force chief said proposals by Nepal to list two militants were blocked by China."),
            0
        );
    }
}

#[cfg(test)]
mod stages {
    use super::test_article::{contests, engagements, extract, transfers};
    use super::*;

    /// One deal told with the designation and then by the name alone.
    #[test]
    fn a_name_with_and_without_its_designation_is_one_deal() {
        let transfers = transfers(
            "The Brazilian Navy will receive the first six MH-60R Seahawk helicopters next year. \
             In 2022 Brazil signed a deal for six more Seahawks for the navy.",
            "2024-05-10",
        );
        assert_eq!(transfers.len(), 1, "{transfers:#?}");
    }

    /// One deal told at a selection and at its order: the order dates it.
    #[test]
    fn a_selection_before_the_order_does_not_date_the_deal() {
        let got: Vec<_> = extract(
            "Chile selected the Gripen fighter in 2019 after long trials.\n\n\
             In 2021 Chile ordered 12 Gripen fighters from Saab.",
            "2022-01-10",
        )
        .into_iter()
        .filter_map(|r| match r.fact {
            Fact::Transfer(t) => Some((t.status, t.date.map(|d| d.year))),
            _ => None,
        })
        .collect();
        assert_eq!(got, vec![(TransferStatus::Ordered, Some(2021))]);
    }

    /// Buyers told in a clause the grammar did not read keep their deals.
    #[test]
    fn every_buyer_of_a_sentence_keeps_its_deal() {
        let mut got: Vec<Option<String>> = extract(
            "Greece becomes the third export customer for the Rafale, after Egypt and Qatar, \
             which each ordered 24 of the jets last year.",
            "2016-09-24",
        )
        .into_iter()
        .filter_map(|r| match r.fact {
            Fact::Transfer(t) => Some(t.recipient.country),
            _ => None,
        })
        .collect();
        got.sort();
        assert_eq!(
            got,
            vec![Some("EG".into()), Some("GR".into()), Some("QA".into())]
        );
    }

    /// A delivery dated after the story is not yet made.
    #[test]
    fn deliveries_dated_after_the_story_are_to_come() {
        let status = |published| -> Vec<TransferStatus> {
            extract(
                "Spain is delivering A400M transport aircraft to Malaysia in 2024.",
                published,
            )
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(t) => Some(t.status),
                _ => None,
            })
            .collect()
        };
        assert_eq!(status("2022-05-01"), vec![TransferStatus::Ordered]);
        assert_eq!(status("2025-05-01"), vec![TransferStatus::Delivered]);
    }

    /// Rival firms offering goods without a design each make an offer.
    #[test]
    fn rival_firms_offer_apart() {
        let suppliers = |text: &str| -> Vec<Vec<String>> {
            let mut got: Vec<Vec<String>> = extract(text, "2024-02-01")
                .into_iter()
                .filter_map(|r| match r.fact {
                    Fact::Transfer(t) => Some(t.suppliers.into_iter().map(|s| s.name).collect()),
                    _ => None,
                })
                .collect();
            got.sort();
            got
        };
        // The offer and the goods told by two clauses join into one
        // reading with every firm in it.
        let rivals = suppliers(
            "German Hensoldt, French Thales and Italian Leonardo have offered their know-how, \
             on which Kenya will be building a new radar for its frigates.",
        );
        assert_eq!(rivals.len(), 3, "{rivals:?}");
        assert!(rivals.iter().all(|s| s.len() == 1), "{rivals:?}");
    }

    /// Goods for a list of nations' forces go to each: a country name in
    /// the list is one of its adjectives, whichever place it has.
    #[test]
    fn goods_for_listed_nations_go_to_each() {
        for text in [
            "Thales will deliver sonars for U.S., Dutch and Danish frigates.",
            "Raytheon received a contract for radars for Danish, U.K. and Dutch frigates.",
        ] {
            let mut got: Vec<String> = extract(text, "2024-02-01")
                .into_iter()
                .filter_map(|r| match r.fact {
                    Fact::Transfer(t) => t.recipient.country,
                    _ => None,
                })
                .collect();
            got.sort();
            let want = if text.contains("U.K.") {
                ["DK", "GB", "NL"]
            } else {
                ["DK", "NL", "US"]
            };
            assert_eq!(got, want, "{text}");
        }
    }

    /// A sentence on "the contract" that names other buyers for it makes
    /// their deals, with the first one's goods and seller; the count told
    /// stays with the contract's first buyer.
    #[test]
    fn buyers_a_follow_up_names_share_the_contract() {
        let text = "Textron Inc was awarded a 31 mln dlr Army contract for 400 mortars, the \
                    Pentagon said. The contract includes purchases for the U.S. Marine Corps, \
                    Belgium and Portugal, the Pentagon added.";
        let mut got: Vec<(String, Option<u64>, String)> = extract(text, "1987-05-04")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(t) => Some((
                    t.recipient.country.unwrap_or_default(),
                    t.quantity,
                    t.suppliers
                        .first()
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                )),
                _ => None,
            })
            .collect();
        got.sort();
        let firm = "Textron".to_string();
        assert_eq!(
            got,
            [
                ("BE".to_string(), None, firm.clone()),
                ("PT".to_string(), None, firm.clone()),
                ("US".to_string(), Some(400), firm),
            ]
        );
    }

    /// A state never sells to its own firms: a reading with a firm taking
    /// its own state's goods has the sides wrong and is no deal.
    #[test]
    fn a_state_selling_to_its_own_firm_is_a_misreading() {
        let got: Vec<(Option<String>, ActorType)> = extract(
            "Kongsberg has orders for 12 NSM launchers from Norway.",
            "2023-06-01",
        )
        .into_iter()
        .filter_map(|r| match r.fact {
            Fact::Transfer(t) => Some((t.recipient.country, t.recipient.kind)),
            _ => None,
        })
        .collect();
        assert!(
            !got.iter().any(|(_, kind)| *kind == ActorType::Company),
            "{got:?}"
        );
    }

    /// The countries of the parties of every engagement read from `text`.
    fn engagement_countries(text: &str) -> Vec<Option<String>> {
        extract(text, "2023-05-10")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Engagement(e) => Some(e.parties),
                _ => None,
            })
            .flatten()
            .map(|p| p.country)
            .collect()
    }

    /// When the grammar's reading of a sentence lost the goods ("over four"
    /// read as a preposition) but found the buyer only intends to buy, the
    /// surface reading of the deal is a plan, not an order.
    #[test]
    fn a_plan_the_grammar_read_is_no_order_in_the_surface_reading() {
        let statuses: Vec<String> = test_article::transfers(
            "The Ghanaian Navy intends to purchase over four more patrol boats from Turkey later this year.",
            "2023-05-10",
        )
        .into_iter()
        .map(|t| format!("{:?}", t.status))
        .collect();
        assert_eq!(statuses, ["Unknown"]);
    }

    /// A meeting told at a bloc's gathering, its sides all members, is the
    /// bloc's: every member is a side. One told as bilateral stays two.
    #[test]
    fn a_blocs_gathering_has_every_member_for_a_side() {
        let sorted = |text: &str| {
            let mut c: Vec<String> = engagement_countries(text).into_iter().flatten().collect();
            c.sort();
            c.dedup();
            c
        };
        assert_eq!(
            sorted("Australia and India will discuss maritime security at the Quad leaders' summit in Sydney next week."),
            ["AU", "IN", "JP", "US"]
        );
        assert_eq!(
            sorted("Australia and India will hold bilateral talks at the Quad leaders' summit in Sydney next week."),
            ["AU", "IN"]
        );
    }

    /// A bloc's short form taken as an alias by a longer name before
    /// ("the G20 Energy Transitions Working Group") still names the bloc: a
    /// summit of its leaders is a gathering of all its members, left out.
    #[test]
    fn a_bloc_named_by_its_short_form_after_a_longer_name_gathers_its_members() {
        let text = "The G20 Energy Transitions Working Group met in Goa last month. \
                    Tokyo is to stage a G20 leaders' summit in June, with French President \
                    Emmanuel Macron and Canadian Prime Minister Mark Carney attending.";
        let got = engagement_countries(text);
        assert!(got.is_empty(), "{got:?}");
    }

    /// A country's name qualifying a war or a currency is no side of the
    /// summit the sentence tells of.
    #[test]
    fn a_country_naming_a_war_or_a_currency_is_no_side() {
        for text in [
            "Explaining the importance of holding the G20 summit in Jakarta while the world \
             faces the Ethiopia-Eritrea war, the envoy said Jakarta is a city of peace.",
            "BRICS nations will discuss a common currency to replace the US dollar at a summit \
             in Brazil later this year.",
        ] {
            let parties = engagement_countries(text);
            for wrong in ["ET", "ER", "US"] {
                assert!(
                    !parties.contains(&Some(wrong.to_string())),
                    "{text}: {parties:?}"
                );
            }
        }
    }

    /// An ambassador to a country serves his own state: consulting one is
    /// no contact with the country he is posted to.
    #[test]
    fn envoys_posted_to_a_country_are_not_that_country() {
        let parties = engagement_countries(
            "Nepal's foreign minister held consultations with former ambassadors to India.",
        );
        assert!(!parties.contains(&Some("IN".to_string())), "{parties:?}");
    }

    /// A delivery told in the future belongs to a deal made, however the
    /// sentence is read (the parse may not find its supplier).
    #[test]
    fn deliveries_still_to_come_are_orders() {
        for text in [
            "Sonars will be delivered to Ghana by Norway next month.",
            "Ghana will receive sonars from Norway next month.",
        ] {
            let got: Vec<TransferStatus> = extract(text, "2024-02-01")
                .into_iter()
                .filter_map(|r| match r.fact {
                    Fact::Transfer(t) => Some(t.status),
                    _ => None,
                })
                .collect();
            assert_eq!(got, vec![TransferStatus::Ordered], "{text}");
        }
    }

    /// A contender told by its design bids through the design's maker
    /// (`maker` in data/systems.tsv), not its maker's country.
    #[test]
    fn designs_in_a_contest_bid_through_their_makers() {
        let contest = extract(
            "The Colombian Air Force chose the Gripen over the F-16 in its fighter competition.",
            "2023-03-01",
        )
        .into_iter()
        .find_map(|r| match r.fact {
            Fact::Contest(c) => Some(c),
            _ => None,
        });
        let c = contest.expect("a contest");
        let names = |v: &[armswatch_register::Actor]| -> Vec<String> {
            v.iter().map(|a| a.name.clone()).collect()
        };
        // The winner bid too (as the gold registers list it).
        let mut bidders = names(&c.bidders);
        bidders.sort();
        assert_eq!(bidders, ["Lockheed Martin", "Saab"]);
        assert_eq!(c.winner.map(|w| w.name).as_deref(), Some("Saab"));
    }

    /// A design's maker the article names sells it, whatever the design's
    /// country (the C-295 is Spanish, Airbus French); unnamed, the
    /// design's country does.
    #[test]
    fn the_maker_an_article_names_sells_its_design() {
        let sellers = |text: &str| -> Vec<(String, Option<String>)> {
            test_article::transfers(text, "2023-03-01")
                .into_iter()
                .flat_map(|t| t.suppliers)
                .map(|s| (s.name, s.country))
                .collect()
        };
        let told = "The Indian Air Force ordered 56 C-295 transport aircraft in 2021. \
                    Airbus will build 40 of them at a plant in Vadodara.";
        assert_eq!(
            sellers(told),
            [("Airbus".to_string(), Some("FR".to_string()))]
        );
        let untold = "The Indian Air Force ordered 56 C-295 transport aircraft in 2021.";
        assert_eq!(
            sellers(untold),
            [("Spain".to_string(), Some("ES".to_string()))]
        );
    }

    /// An offer told before a competition's award is no award to its
    /// maker: only an order or a delivery names the winner.
    #[test]
    fn an_offer_before_the_award_names_no_winner() {
        let winners: Vec<Option<String>> = extract(
            "Dassault Aviation has offered 20 Rafale jets to the Indonesian Air Force. \
             The award would end a competition that began in 2019.",
            "2023-03-01",
        )
        .into_iter()
        .filter_map(|r| match r.fact {
            Fact::Contest(c) => Some(c.winner.map(|w| w.name)),
            _ => None,
        })
        .collect();
        assert!(winners.iter().all(Option::is_none), "{winners:?}");
    }

    /// The dates of the engagements of `text` (of one kind, when given).
    fn engagement_dates(
        text: &str,
        kind: Option<armswatch_register::EngagementType>,
    ) -> Vec<Option<armswatch_register::Date>> {
        extract(text, "2023-03-01")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Engagement(e) if kind.is_none_or(|k| k == e.kind) => Some(e.date),
                _ => None,
            })
            .collect()
    }

    /// A protest read by two readers of one sentence is one protest, and
    /// the award's `to` names the winner.
    #[test]
    fn a_protest_is_registered_once_with_the_winner() {
        let contests = contests(
            "Nexter protested the award of the Belgian army's howitzer contract to Hanwha.",
            "2023-03-01",
        );
        assert_eq!(contests.len(), 1, "{contests:?}");
        assert_eq!(contests[0].protests.len(), 1, "{contests:?}");
        assert!(contests[0]
            .winner
            .as_ref()
            .is_some_and(|w| w.name.starts_with("Hanwha")));
    }

    /// An actor of a record keeps the article's own ways of writing it.
    #[test]
    fn a_records_actor_carries_the_articles_names_for_it() {
        let got = transfers(
            "The U.S. Air Force awarded Boeing Co a 2.1 billion dlr contract for 15 KC-46 tankers.",
            "2023-03-01",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        let r = &got[0].recipient;
        assert!(
            r.name == "U.S. Air Force" || r.aliases.iter().any(|a| a == "U.S. Air Force"),
            "{r:?}"
        );
    }

    /// The host named beside its state is a side of the visit.
    #[test]
    fn a_host_named_in_the_sentence_joins_its_states_side() {
        let got = engagements(
            "Kenyan President William Ruto will pay a state visit to Ghana in June at the invitation of President Nana Akufo-Addo.",
            "2023-03-01",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        let names: Vec<&str> = got[0].parties.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Nana Akufo-Addo"), "{names:?}");
    }

    /// A meeting the grammar reads with no side (those admitted at a
    /// summit are no party of it) is not guessed from the names around.
    #[test]
    fn a_meeting_read_with_no_side_is_no_meeting() {
        let dates = engagement_dates(
            "Bolivia and Nicaragua are expected to be admitted into the bloc at a summit in Brasilia.",
            None,
        );
        assert!(dates.is_empty(), "{dates:?}");
    }

    /// A meeting or exercise told without a day is dated by the story; one whose
    /// sentence names a year it was not tied to is left undated.
    #[test]
    fn an_undated_meeting_is_the_days_news() {
        let dates = engagement_dates(
            "Kenyan Defence Minister Soipan Tuya met Tanzanian President Samia Suluhu Hassan in Dodoma.",
            Some(armswatch_register::EngagementType::Meeting),
        );
        assert_eq!(dates.len(), 1, "{dates:?}");
        assert_eq!(
            dates[0].map(|d| d.to_string()).as_deref(),
            Some("2023-03-01")
        );
        let dates = engagement_dates(
            "The Kenyan and Tanzanian navies held a joint exercise off Mombasa.",
            Some(armswatch_register::EngagementType::Exercise),
        );
        assert_eq!(dates.len(), 1, "{dates:?}");
        assert!(dates[0].is_some(), "{dates:?}");
        assert!(super::has_year("the visits of 2017 and 2018"));
        assert!(!super::has_year("a 12000-tonne ship, 150 km"));
    }

    /// A past the story recalls dates nothing told after it.
    #[test]
    fn a_recalled_date_is_not_carried_to_the_next_engagement() {
        let dates = engagement_dates(
            "The Kenyan defence minister recalled the visit of Ugandan President Yoweri Museveni to Nairobi in June 2015. \
             Earlier in the day, she met Tanzanian President Samia Suluhu Hassan.",
            Some(armswatch_register::EngagementType::Meeting),
        );
        assert!(!dates.is_empty());
        assert!(
            dates.iter().all(|d| d.is_none_or(|d| d.year != 2015)),
            "{dates:?}"
        );
    }

    /// A meeting told in a list of counterparts, then again with the
    /// counterpart's name and day, is one record naming the counterpart.
    #[test]
    fn a_retold_meeting_adds_its_people_and_day() {
        let meetings: Vec<Engagement> = engagements(
            "Peruvian Foreign Minister Ana Ruiz held meetings with her counterparts from Chile and Ghana. \
             Ruiz met Chilean Foreign Minister Pablo Rojas on Monday.",
            "2023-03-01",
        )
        .into_iter()
        .filter(|e| e.parties.iter().any(|p| p.country.as_deref() == Some("CL")))
        .collect();
        assert_eq!(meetings.len(), 1, "{meetings:?}");
        let names: Vec<&str> = meetings[0]
            .parties
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert!(names.contains(&"Pablo Rojas"), "{names:?}");
        assert!(meetings[0].date.is_some(), "{meetings:?}");
    }

    /// A country across a border or a quarrel is no seller.
    #[test]
    fn a_rival_across_the_border_sells_nothing() {
        for text in [
            "Kenya signed a contract for patrol boats amid tensions with Somalia.",
            "Kenya bought patrol boats to patrol its border with Somalia.",
        ] {
            let sellers: Vec<Option<String>> = extract(text, "2023-03-01")
                .into_iter()
                .filter_map(|r| match r.fact {
                    Fact::Transfer(t) => {
                        Some(t.suppliers.into_iter().filter_map(|s| s.country).collect())
                    }
                    _ => None,
                })
                .flat_map(|v: Vec<String>| v.into_iter().map(Some))
                .collect();
            assert!(
                !sellers.contains(&Some("SO".to_string())),
                "{text}: {sellers:?}"
            );
        }
    }

    /// A date in a clause opened by "since" starts a span; it dates
    /// nothing.
    #[test]
    fn a_date_after_since_does_not_date_the_event() {
        let dates = engagement_dates(
            "The Omani sultan will hold talks with Prime Minister Shehbaz Sharif, his first visit since he took power in May 2020.",
            None,
        );
        assert!(!dates.is_empty());
        assert!(
            dates.iter().all(|d| d.is_none_or(|d| d.year != 2020)),
            "{dates:?}"
        );
    }

    /// Designs that "met" what a navy requires met no one, however many
    /// words stand between the verb and the requirements.
    #[test]
    fn designs_meeting_requirements_hold_no_meeting() {
        let got = test_article::engagements(
            "Spain's S-80 design and a German rival each met three key acoustic \
             stealth requirements the Chilean Navy had set for its next boats.",
            "2023-03-01",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    /// The visiting minister meeting two hosts holds two meetings; the
    /// same meeting told again is one.
    #[test]
    fn meetings_with_other_people_are_other_meetings() {
        let meetings = |text: &str| -> Vec<Vec<String>> {
            extract(text, "2023-03-01")
                .into_iter()
                .filter_map(|r| match r.fact {
                    Fact::Engagement(e)
                        if e.kind == armswatch_register::EngagementType::Meeting =>
                    {
                        Some(e.parties.into_iter().map(|p| p.name).collect())
                    }
                    _ => None,
                })
                .collect()
        };
        let got = meetings(
            "Kenyan Defence Minister Asha Mwangi met her Ugandan counterpart Peter Okello in Kampala on Monday. \
             Mwangi also met Ugandan Foreign Minister Grace Akello.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        let got = meetings(
            "Kenyan Defence Minister Asha Mwangi met her Ugandan counterpart Peter Okello in Kampala on Monday. \
             Mwangi and Okello held talks on border security.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
    }
}

#[cfg(test)]
mod pointing_back {
    use super::test_article::{extract, transfers};
    use super::*;

    fn deals(text: &str) -> Vec<(Vec<String>, Option<String>)> {
        extract(text, "2023-03-01")
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(t) => Some((
                    t.suppliers.into_iter().filter_map(|s| s.country).collect(),
                    t.recipient.country,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_sentence_whose_buyer_is_a_pronoun_for_one_named_before_is_read() {
        let got = deals(
            "Chile is renewing its naval aviation.\n\n\
             It ordered four more P-3 Orion aircraft in 2022.",
        );
        assert!(
            got.contains(&(vec!["US".to_string()], Some("CL".into()))),
            "{got:?}"
        );
    }

    #[test]
    fn the_country_as_subject_continues_the_last_sentences_subject() {
        let got = deals(
            "JAKARTA: Indonesia has received the first batch of BrahMos missiles from India. \
             The country ordered two batteries in 2023 under a $200 million deal.",
        );
        assert!(
            !got.iter().any(|(_, buyer)| buyer.as_deref() == Some("IN")),
            "{got:?}"
        );
        assert!(
            got.iter().any(|(_, buyer)| buyer.as_deref() == Some("ID")),
            "{got:?}"
        );
    }

    #[test]
    fn a_subject_pronoun_continues_the_last_sentences_subject() {
        let got = deals(
            "In 2020 the Chilean Navy bought two frigates from Australia. \
             It now also operates four German-built submarines.",
        );
        assert!(
            got.contains(&(vec!["DE".to_string()], Some("CL".into()))),
            "{got:?}"
        );
        assert!(
            !got.contains(&(vec!["DE".to_string()], Some("AU".into()))),
            "{got:?}"
        );
    }

    #[test]
    fn a_pronoun_for_people_of_a_body_is_that_body_not_a_later_place() {
        let got = deals(
            "Engineers from the Malaysian air force toured Turkey and \
             later they evaluated the Swedish Gripen.",
        );
        assert!(
            got.contains(&(vec!["SE".to_string()], Some("MY".into()))),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(_, buyer)| buyer.as_deref() == Some("TR")),
            "{got:?}"
        );
    }

    #[test]
    fn a_firm_and_a_participle_of_making_before_the_goods_name_the_seller() {
        for text in [
            "The Kenyan Army will buy 30 units of Otokar developed Cobra armoured vehicles.",
            "The Kenyan Army will buy 30 Otokar-built Cobra armoured vehicles.",
        ] {
            let got = extract(text, "2023-03-01");
            let sellers: Vec<String> = got
                .into_iter()
                .filter_map(|r| match r.fact {
                    Fact::Transfer(t) => Some(t.suppliers.into_iter().map(|s| s.name)),
                    _ => None,
                })
                .flatten()
                .collect();
            assert_eq!(sellers, ["Otokar"], "{text}");
        }
    }

    #[test]
    fn a_state_named_as_its_government_is_no_entity() {
        let names = |text: &str| -> Vec<String> {
            extract(text, "2023-03-01")
                .into_iter()
                .filter_map(|r| match r.fact {
                    Fact::Entity(e) => Some(e.name),
                    _ => None,
                })
                .collect()
        };
        let got = names("The Kenyan Government said the Kenyan Army will receive new trucks.");
        assert!(got.iter().all(|n| !n.ends_with("Government")), "{got:?}");
        assert!(got.iter().any(|n| n == "Kenyan Army"), "{got:?}");
        // A leader's administration is the state's executive too.
        let got = names("Officials of the Obama Administration met the Kenyan Army chief.");
        assert!(
            got.iter().all(|n| !n.ends_with("Administration")),
            "{got:?}"
        );
        let got = names("The Federal Aviation Administration certified the engine.");
        assert!(
            got.iter().any(|n| n == "Federal Aviation Administration"),
            "{got:?}"
        );
    }

    #[test]
    fn the_nation_told_by_a_nationality_in_its_sentence_is_that_state() {
        let visits: Vec<Vec<String>> = extract(
            "China has built a new port in the region.\n\n\
             Rajnath Singh held talks with officials of the Maldivian defence \
             forces during his visit to the island nation.",
            "2023-03-01",
        )
        .into_iter()
        .filter_map(|r| match r.fact {
            Fact::Engagement(e) if e.kind == armswatch_register::EngagementType::Visit => {
                Some(e.parties.into_iter().filter_map(|p| p.country).collect())
            }
            _ => None,
        })
        .collect();
        assert!(
            visits.iter().any(|c| c.iter().any(|x| x == "MV")),
            "{visits:?}"
        );
        assert!(
            visits.iter().all(|c| c.iter().all(|x| x != "CN")),
            "{visits:?}"
        );
    }

    #[test]
    fn a_leaders_government_is_the_state_in_a_deal() {
        let got = deals("The Modi government signed a deal with France for 26 Rafale Marine jets.");
        assert_eq!(got, vec![(vec!["FR".to_string()], Some("IN".to_string()))]);
        // The leader alone is a person, no side of the deal.
        let got = deals("Modi hailed the deal with France for 26 Rafale Marine jets.");
        assert!(
            got.iter().all(|(_, r)| r.as_deref() != Some("IN")),
            "{got:?}"
        );
    }

    #[test]
    fn a_sum_traded_with_no_goods_told_is_no_arms_deal_but_a_firms_contract_is() {
        assert!(
            deals("Nepal imported goods worth 16 billion rupees from China last year.").is_empty()
        );
        let got = deals("Acme Systems Corp said it won a 40 mln dlr Navy contract.");
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn where_the_text_says_goods_were_made_outweighs_the_designs_maker() {
        let got = deals("Vietnam ordered 64 Indian-built T-90 tanks in 2021.");
        assert_eq!(got, [(vec!["IN".to_string()], Some("VN".into()))]);
        // Without the adjective, the design's maker sells.
        let got = deals("Vietnam ordered 64 T-90 tanks in 2021.");
        assert_eq!(got, [(vec!["RU".to_string()], Some("VN".into()))]);
        // Goods made in the buyer's own country are a domestic deal.
        let got = deals("The Kenyan Coast Guard has received new Kenyan-made patrol boats.");
        assert_eq!(got, [(vec!["KE".to_string()], Some("KE".into()))]);
        // Adjectives of goods the gazetteer does not know all count.
        let got = deals("Iran has bought Chinese and Italian-made anti-ship missiles.");
        let sellers: Vec<&String> = got.iter().flat_map(|(s, _)| s).collect();
        assert!(
            sellers.contains(&&"CN".to_string()) && sellers.contains(&&"IT".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn the_designs_home_and_the_firm_told_selling_it_are_one_deal() {
        let got = deals(
            "The Mexican Air Force will become the largest operator of the C295 aircraft. \
             It has ordered 12 C295 aircraft from Airbus Defence and Space.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
    }

    /// A firm and a service that sign a deal are seller and buyer, however
    /// a reading by word order has them.
    #[test]
    fn a_service_never_sells_to_a_firm() {
        let got = deals(
            "Brazil's Embraer signed a contract with the French Air Force for 50 Tucano trainers.",
        );
        assert_eq!(got, [(vec!["BR".to_string()], Some("FR".into()))]);
    }

    /// A ministry's contract and the supply it tells to a service are one
    /// deal, registered with the service as the buyer and the firm as the
    /// seller.
    #[test]
    fn a_ministrys_contract_for_a_services_goods_is_one_deal() {
        let got = transfers(
            "The Ministry of Defence signed a contract with Bharat Dynamics Limited \
             for the supply of Akash missiles to the Indian Army.",
            "2023-03-01",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].recipient.name, "Indian Army");
        assert_eq!(got[0].suppliers[0].name, "Bharat Dynamics Limited");
    }

    /// Weapons bought told beside several deals of named kinds sum them
    /// up: the offer keeps its stage and date.
    #[test]
    fn arms_told_beside_several_deals_date_none_of_them() {
        let got = crate::test_article::transfers(
            "Armenia ordered Pinaka rocket launchers from India in 2022. India has offered the \
             Akash air defence system to Armenia. Armenia has been buying weapons from India \
             since 2021.",
            "2023-05-02",
        );
        let akash = got
            .iter()
            .find(|t| t.system.name.as_deref() == Some("Akash"))
            .expect("the offer");
        assert_eq!(akash.status, TransferStatus::Offered, "{got:#?}");
        assert_eq!(akash.date, None, "{got:#?}");
    }

    /// A deal told first without a name takes the design named for it
    /// later; another design the gazetteer knows apart, however alike its
    /// name, is another deal.
    #[test]
    fn unnamed_goods_take_the_name_told_later_and_designs_stay_apart() {
        let got = crate::test_article::transfers(
            "Kenya plans to buy an air defence system from India. India has offered the \
             Akash to Kenya. India has also offered the Akash-NG to Kenya.",
            "2023-05-02",
        );
        let mut names: Vec<Option<String>> = got.iter().map(|t| t.system.name.clone()).collect();
        names.sort();
        assert_eq!(
            names,
            [Some("Akash".to_string()), Some("Akash-NG".to_string())],
            "{got:?}"
        );
    }

    #[test]
    fn a_home_firm_supplying_no_one_named_supplies_the_home_force() {
        let got = deals(
            "The Turkish Army has trained its crews on new vehicles this year. \
             Otokar will start deliveries of the Cobra II armoured vehicles in March.",
        );
        assert_eq!(got, [(vec!["TR".to_string()], Some("TR".into()))]);
        // A foreign country in the sentence may be the buyer: no guess.
        let got = deals(
            "The Turkish Army has trained its crews on new vehicles this year. \
             Otokar will start deliveries of the Cobra II armoured vehicles in Romania in March.",
        );
        assert!(
            !got.contains(&(vec!["TR".to_string()], Some("TR".into()))),
            "{got:?}"
        );
    }

    /// A meeting told for a month and again for a day of it is one
    /// meeting, dated to the day.
    #[test]
    fn a_meeting_told_by_month_then_by_day_is_one() {
        let got = crate::test_article::engagements(
            "Kenya and Uganda will hold defence talks in Nairobi in June. \
             The defence ministers of Kenya and Uganda will meet on June 12, officials said.",
            "2023-05-02",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].date.map(|d| d.to_string()).as_deref(),
            Some("2023-06-12")
        );
    }

    /// Meetings of people who hold no office with a militant group are no
    /// diplomacy: no side speaks for a state.
    #[test]
    fn a_meeting_with_no_side_speaking_for_a_state_is_no_engagement() {
        let x = Extractor::builtin().expect("gazetteer");
        let mut d = crate::test_article::document(
            "Police in Jammu seized drugs worth millions. The name of Omar Khan, a close aide \
             of a gang leader, surfaced during the probe. The report says that Omar Khan often \
             holds meetings with Commanders of Jaish-e-Mohammed regarding drug trafficking.",
            "2023-03-10",
        );
        d.outlet = Some("Indian Defence Research Wing (idrw.org)".into());
        let meetings = x
            .extract(&d)
            .into_iter()
            .filter(|r| matches!(r.fact, Fact::Engagement(_)))
            .count();
        assert_eq!(meetings, 0);
    }

    /// A bare "the government" in a sentence that names only another
    /// country's forces is that country's, not the home state's.
    #[test]
    fn the_government_of_a_sentence_on_a_foreign_force_is_its_states() {
        let got = deals(
            "The Indian Army and the Indian Navy held drills off Goa with the Indian Air Force. \
             The chief of the Royal Malaysian Air Force said the government will buy 18 FA-50 jets.",
        );
        assert!(got.iter().any(|d| d.1.as_deref() == Some("MY")), "{got:?}");
        assert!(got.iter().all(|d| d.1.as_deref() != Some("IN")), "{got:?}");
    }

    /// A body of the home state that only speaks of a home firm's supply
    /// takes no side: the home force still buys.
    #[test]
    fn a_home_body_speaking_of_a_home_firms_supply_leaves_the_home_force_buying() {
        let got = deals(
            "The Turkish Army has trained its crews on new vehicles this year. \
             After the Presidency of Defence Industries completed the production \
             of 40 Otokar Arma armoured vehicles that were ordered in 2019, a new line opened.",
        );
        assert_eq!(got, [(vec!["TR".to_string()], Some("TR".into()))]);
    }

    #[test]
    fn unnamed_goods_of_two_kinds_in_one_sentence_are_two_deals() {
        let got = extract(
            "Japan handed over a Coastal Patrol Boat and a Landing Craft to the Philippine Navy on Monday.",
            "2023-03-01",
        );
        let goods: Vec<String> = got
            .into_iter()
            .filter_map(|r| match r.fact {
                Fact::Transfer(t) => t.system.description,
                _ => None,
            })
            .collect();
        assert_eq!(goods.len(), 2, "{goods:?}");
        assert!(goods.iter().any(|g| g.contains("Craft")), "{goods:?}");
    }

    #[test]
    fn new_goods_of_a_kind_are_not_the_fleet_named_before() {
        // "24 jets" to be bought are new ones, not the MiG-29s (whose
        // maker would otherwise be taken for the seller).
        let got = deals(
            "Turkey has offered to upgrade the MiG-29 fleet of the Egyptian Air Force.\n\n\
             The Egyptian Air Force wants to buy 24 new jets by 2030.",
        );
        assert!(
            !got.contains(&(vec!["RU".to_string()], Some("EG".into()))),
            "{got:?}"
        );
        // "the two ships" point back to the ships named before.
        let got = deals(
            "France built two Mistral-class amphibious assault ships for Russia.\n\n\
             Egypt bought the two amphibious assault ships in 2015.",
        );
        assert!(
            got.contains(&(vec!["FR".to_string()], Some("EG".into()))),
            "{got:?}"
        );
    }

    #[test]
    fn a_possessive_refers_to_a_subject_told_by_its_nationality() {
        // "its offer" is the Swedish minister's, not Thailand's.
        let got = deals(
            "The Swedish minister told reporters in Bangkok that its offer of four \
             submarines to Thailand still stands.",
        );
        assert_eq!(got, [(vec!["SE".to_string()], Some("TH".into()))]);
    }

    #[test]
    fn many_countries_are_not_the_one_named_last() {
        // The second sentence names no buyer: "12 countries" are not Morocco.
        let got = deals(
            "Israel sells drones to Azerbaijan and Morocco.\n\n\
             Its Hermes 900 has been exported to 12 countries.",
        );
        let il = || vec!["IL".to_string()];
        assert_eq!(got, [(il(), Some("AZ".into())), (il(), Some("MA".into()))]);
    }
}

#[cfg(test)]
mod hyphenated_designations {
    use super::test_article::document;
    use super::*;

    /// The word forms of the parse of `text`'s first sentence.
    fn words(text: &str) -> Vec<String> {
        let x = Extractor::builtin().expect("gazetteer");
        let (sentences, _) = x.explain(&document(text, "2023-03-01"));
        let conllu = sentences
            .first()
            .and_then(|s| s.conllu.clone())
            .unwrap_or_default();
        conllu
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(1).map(str::to_string))
            .collect()
    }

    #[test]
    fn a_named_systems_hyphenated_word_is_one_word_to_the_parser() {
        let w = words("Vietnam ordered 12 Akash-NG batteries from India.");
        assert!(w.iter().any(|x| x == "Akash-NG"), "{w:?}");
    }

    #[test]
    fn other_hyphenated_words_are_split_as_the_treebank_splits_them() {
        let w = words("Vietnam ordered 12 batteries from India in a long-awaited deal.");
        assert!(!w.iter().any(|x| x == "long-awaited"), "{w:?}");
    }
}

#[cfg(test)]
mod goods_roles {
    use super::test_article::document;
    use super::*;

    /// The goods each rule found in `text`, as explain prints them.
    fn goods(text: &str) -> Vec<String> {
        let x = Extractor::builtin().expect("gazetteer");
        let (sentences, _) = x.explain(&document(text, "1987-05-01"));
        sentences
            .iter()
            .flat_map(|s| &s.frames)
            .flat_map(|f| &f.roles)
            .filter(|(role, _, _)| role == "system")
            .flat_map(|(_, _, fillers)| fillers.clone())
            .collect()
    }

    /// "kits for helicopters": the goods bought are the kits; what they
    /// serve, named in a `for` phrase after them, is not bought.
    #[test]
    fn goods_named_in_the_purpose_of_the_goods_are_not_the_goods() {
        let got =
            goods("Raytheon has been awarded a contract for 40 mounting kits for helicopters.");
        assert!(!got.iter().any(|g| g.contains("helicopters")), "{got:?}");
        let got = goods("Raytheon has been awarded a contract for 40 helicopters.");
        assert!(got.iter().any(|g| g.contains("helicopters")), "{got:?}");
    }
}
