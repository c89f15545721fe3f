//! Record consolidation: which reports are one event, and the entry they
//! make.
//!
//! Reports are first split into *blocks* that can never share an entry
//! (transfers by recipient, contests by buyer, engagements by type and
//! parties). Within a block, reports are taken in a canonical order (by
//! date, then document, then content) and each joins the first cluster it
//! is compatible with, else starts one. The order is a function of the set
//! of reports only, so the result is too.

use crate::entities::Resolution;
use crate::identity;
use crate::norm::{
    designation_core, designation_tokens, maker_country, same_designation, same_family, slug,
    system_role,
};
use crate::{calibration, checks};
use crate::{Conflict, ConflictValue, Entry, Report, StatusEvent, ValueRange};
use armswatch_annotate::gazetteer::Surface;
use armswatch_annotate::Gazetteer;
use armswatch_register::{
    Actor, ActorType, Category, Contest, ContestStatus, Date, Engagement, Entity, Evidence, Fact,
    Money, Protest, Record, System, Transfer, TransferStatus,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) type Blocks = BTreeMap<String, (String, Vec<Entry>)>;

/// A report with its actors resolved.
#[derive(Clone)]
struct Item {
    /// As extracted (kept in the entry).
    report: Report,
    /// Actors replaced by canonical ones (used for matching and merging).
    rec: Record,
    published: Option<Date>,
    /// The gazetteer system the report's designation names, when it names
    /// exactly one (looked up once here, not per pair compared).
    known_system: Option<usize>,
    /// A contest item's role as the gazetteer describes its system
    /// ("fighter aircraft"), when the system is known to it.
    role: Option<String>,
}

impl Item {
    fn doc(&self) -> &str {
        &self.rec.doc
    }
}

fn canonical_record(res: &Resolution, r: &Record) -> Record {
    let doc = r.doc.as_str();
    let ca = |a: &Actor| res.canonical_actor(doc, a);
    let fact = match &r.fact {
        Fact::Transfer(t) => Fact::Transfer(Transfer {
            suppliers: t.suppliers.iter().map(ca).collect(),
            recipient: ca(&t.recipient),
            ..t.clone()
        }),
        Fact::Contest(c) => Fact::Contest(Contest {
            buyer: ca(&c.buyer),
            bidders: c.bidders.iter().map(ca).collect(),
            winner: c.winner.as_ref().map(ca),
            protests: c
                .protests
                .iter()
                .map(|p| Protest {
                    by: ca(&p.by),
                    ..p.clone()
                })
                .collect(),
            ..c.clone()
        }),
        Fact::Engagement(e) => Fact::Engagement(Engagement {
            parties: e.parties.iter().map(ca).collect(),
            ..e.clone()
        }),
        Fact::Entity(e) => Fact::Entity(e.clone()),
    };
    Record { fact, ..r.clone() }
}

/// Country code of an actor, else its id.
fn place_key(a: &Actor) -> String {
    match &a.country {
        Some(c) => c.to_lowercase(),
        None => a.id.clone().unwrap_or_else(|| slug(&a.name, 40)),
    }
}

fn block_key(r: &Record) -> Option<String> {
    match &r.fact {
        Fact::Transfer(t) => Some(format!("t|{}", place_key(&t.recipient))),
        Fact::Contest(c) => Some(format!("c|{}", place_key(&c.buyer))),
        Fact::Engagement(e) => {
            let parties: BTreeSet<String> = e.parties.iter().map(place_key).collect();
            Some(format!(
                "e|{}|{}",
                e.kind.as_str(),
                parties.into_iter().collect::<Vec<_>>().join(",")
            ))
        }
        Fact::Entity(_) => None,
    }
}

fn fingerprint(items: &[Item]) -> String {
    let mut h = Sha256::new();
    for it in items {
        h.update(
            it.report
                .published
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        h.update([0]);
        h.update(it.rec.to_json_line());
        h.update([0]);
        h.update(it.report.record.to_json_line());
        h.update([1]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn build(
    g: &Gazetteer,
    res: &Resolution,
    reports: Vec<Report>,
    old: &Blocks,
) -> (Blocks, Vec<Entry>) {
    let mut blocks: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    let mut entity_items: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for report in reports {
        let rec = canonical_record(res, &report.record);
        let item = Item {
            published: report.published,
            known_system: system_name(&rec).and_then(|n| gazetteer_system(g, n)),
            role: match &rec.fact {
                Fact::Contest(c) => c.item.name.as_deref().and_then(|n| system_role(g, n)),
                _ => None,
            },
            rec,
            report,
        };
        match block_key(&item.rec) {
            Some(k) => blocks.entry(k).or_default().push(item),
            None => {
                if let Fact::Entity(e) = &item.rec.fact {
                    let a = Actor::new(e.name.clone(), e.kind, e.country.clone());
                    let id = res.actor_id(item.doc(), &a);
                    entity_items.entry(id).or_default().push(item);
                }
            }
        }
    }
    let mut out = Blocks::new();
    for (key, mut items) in blocks {
        items.sort_by_cached_key(sort_key);
        let fp = fingerprint(&items);
        if let Some((ofp, entries)) = old.get(&key) {
            if *ofp == fp {
                out.insert(key, (fp, entries.clone()));
                continue;
            }
        }
        let entries = cluster_block(g, &items);
        out.insert(key, (fp, entries));
    }
    let mut entities = Vec::new();
    for (id, mut items) in entity_items {
        items.sort_by_cached_key(sort_key);
        if let Some(e) = merge_entity(res, &id, &items) {
            entities.push(e);
        }
    }
    (out, entities)
}

/// The date a report is about: the record's own, else its publication.
fn effective_date(it: &Item) -> Option<Date> {
    let own = match &it.rec.fact {
        Fact::Transfer(t) => t.date,
        Fact::Contest(c) => c
            .awarded
            .or(c.cancelled)
            .or_else(|| c.protests.iter().find_map(|p| p.date)),
        Fact::Engagement(e) => e.date,
        Fact::Entity(_) => None,
    };
    own.or(match &it.rec.fact {
        // A meeting is reported days after it happens: compare months.
        Fact::Engagement(_) => it.published.map(|p| Date { day: None, ..p }),
        _ => it.published,
    })
}

/// Canonical order: dated first by date, then document, then content.
fn sort_key(it: &Item) -> (bool, Option<Date>, String, String) {
    let d = effective_date(it);
    (
        d.is_none(),
        d,
        it.doc().to_string(),
        format!(
            "{}|{}",
            it.rec.to_json_line(),
            it.published.map(|p| p.to_string()).unwrap_or_default()
        ),
    )
}

fn years_close(a: Option<Date>, b: Option<Date>, years: i32) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a.year - b.year).abs() <= years,
        _ => true,
    }
}

/// Equal at the precision both have ("2012-11" and "2012-11-14").
fn same_date(a: Option<Date>, b: Option<Date>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.year == b.year
                && (a.month.is_none() || b.month.is_none() || a.month == b.month)
                && (a.day.is_none() || b.day.is_none() || a.day == b.day)
        }
        _ => true,
    }
}

/// The designation of a transfer's system or a contest's item.
fn system_name(r: &Record) -> Option<&str> {
    match &r.fact {
        Fact::Transfer(t) => t.system.name.as_deref(),
        Fact::Contest(c) => c.item.name.as_deref(),
        _ => None,
    }
}

/// The gazetteer system a designation is, written as its designation or
/// an alias ("SkyGuardian" and "MQ-9B" are both the MQ-9; "Hindustan Turbo
/// Trainer-40" is the HTT-40). The whole designation must be that name: a
/// name inside a longer one ("Zephyr ZX-9B") is a variant the gazetteer
/// does not list.
fn gazetteer_system(g: &Gazetteer, name: &str) -> Option<usize> {
    let name = name.trim();
    let whole = |name: &str| {
        g.find(name)
            .into_iter()
            .find_map(|(start, end, s)| match s {
                Surface::System(i) if start == 0 && end == name.len() => Some(i),
                _ => None,
            })
    };
    // The extractor keeps a programme acronym hyphened on ("LCA-Tejas")
    // and a numeral after ("C-17 Globemaster III") as the text writes
    // them; the gazetteer lists the name without.
    whole(name)
        .or_else(|| {
            let bare = name
                .split_once('-')
                .filter(|(acronym, _)| {
                    (2..=5).contains(&acronym.len())
                        && acronym.chars().all(|c| c.is_ascii_uppercase())
                })
                .map_or(name, |(_, rest)| rest);
            let bare = ["II", "III", "IV"]
                .iter()
                .find_map(|n| bare.strip_suffix(n).and_then(|b| b.strip_suffix(' ')))
                .unwrap_or(bare);
            (bare != name).then(|| whole(bare)).flatten()
        })
        // "MQ-9B Predator": a coded designation the gazetteer lists, then a
        // nickname the press adds. After a plain name a word is a variant
        // ("Zephyr Trainer").
        .or_else(|| {
            let (head, nickname) = name.rsplit_once(' ')?;
            let nickname_like = nickname.chars().next().is_some_and(char::is_uppercase)
                && nickname.chars().skip(1).all(|c| c.is_ascii_lowercase());
            (nickname_like && has_core(head))
                .then(|| whole(head))
                .flatten()
        })
}

/// Rule `one-system-family`: two named reports are of one system when
/// their designations are one family ("Tejas Mk1A" and "Tejas Mk2",
/// "C-295MW" and "C295") or name one gazetteer system by two of its names
/// ("SkyGuardian" and "MQ-9B").
fn same_system(a: &Item, b: &Item) -> bool {
    match (system_name(&a.rec), system_name(&b.rec)) {
        (Some(x), Some(y)) => {
            same_family(x, y) || (a.known_system.is_some() && a.known_system == b.known_system)
        }
        _ => false,
    }
}

/// Two designations that cannot be one system: both carry a
/// letters-and-number core and the cores differ ("MQ-9B" and "MQ-1C"), or
/// neither has one and they are no family ("Rafale" and "Gripen"). A bare
/// name beside a designation ("Predator" and "MQ-9B Predator") is no
/// contradiction: articles write a programme either way.
fn contradicts(a: &Item, b: &Item) -> bool {
    let (Some(x), Some(y)) = (system_name(&a.rec), system_name(&b.rec)) else {
        return false;
    };
    if same_system(a, b) {
        return false;
    }
    let (cx, cy) = (has_core(x), has_core(y));
    cx == cy
}

/// Whether a designation has a letters-then-number part ("MQ-9B",
/// "Su-30MKI"), not counting variant marks ("Mk 2").
fn has_core(name: &str) -> bool {
    designation_core(&designation_tokens(name)).is_some()
}

/// Rule `system-joins-by-evidence`: a named report joins a cluster when
/// some named member is its system (evidence) and no member contradicts it
/// ([`contradicts`]); a cluster need not be one designation pairwise, so
/// "Predator MQ-9B", then "Predator", then "MQ-9B Predator" stay one deal.
/// Unnamed reports and clusters fall back to the category.
fn system_fits(members: &[&Item], it: &Item, t: &Transfer) -> bool {
    if t.system.name.is_none() {
        return members.iter().all(|m| match &m.rec.fact {
            Fact::Transfer(mt) => mt.system.category == t.system.category,
            _ => false,
        });
    }
    let mut evidence = false;
    for m in members {
        let Fact::Transfer(mt) = &m.rec.fact else {
            return false;
        };
        if mt.system.name.is_none() {
            if mt.system.category != t.system.category {
                return false;
            }
            continue;
        }
        if contradicts(m, it) {
            return false;
        }
        evidence |= same_system(m, it);
    }
    // A cluster of unnamed reports only: the category, as before.
    evidence || members.iter().all(|m| system_name(&m.rec).is_none())
}

/// Countries of the supplier side (suppliers and their members).
fn supplier_countries(t: &Transfer) -> BTreeSet<String> {
    t.suppliers
        .iter()
        .flat_map(|a| std::iter::once(a).chain(a.members.iter()))
        .filter_map(|a| a.country.clone())
        .collect()
}

/// Rule `state-bodies-speak-for-the-state`: on the supplier side a
/// government body or armed force of a known country is its state, not a
/// firm (the White House, a ministry or a navy "selling" tell the state's
/// sale), so it agrees with the state and with that state's firms.
fn speaks_for_state(a: &Actor) -> bool {
    a.country.is_some()
        && matches!(
            a.kind,
            ActorType::State | ActorType::GovernmentBody | ActorType::ArmedForce
        )
}

/// Ids of the suppliers that are firms (companies, consortia and their
/// members; not states or the bodies that speak for them).
fn supplier_firms(t: &Transfer) -> BTreeSet<String> {
    let mut s = BTreeSet::new();
    for a in &t.suppliers {
        if !speaks_for_state(a) {
            s.extend(a.id.clone());
        }
        for m in &a.members {
            s.extend(m.id.clone());
        }
    }
    s
}

fn supplier_keys(t: &Transfer) -> BTreeSet<String> {
    let mut s = BTreeSet::new();
    for a in &t.suppliers {
        if let Some(id) = &a.id {
            s.insert(id.clone());
        }
        if let Some(c) = &a.country {
            s.insert(format!("cc:{c}"));
        }
        for m in &a.members {
            if let Some(c) = &m.country {
                s.insert(format!("cc:{c}"));
            }
        }
    }
    s
}

fn quantity_ok(a: &Item, b: &Item) -> bool {
    let (Fact::Transfer(ta), Fact::Transfer(tb)) = (&a.rec.fact, &b.rec.fact) else {
        return true;
    };
    // Numbers under negotiation move ("30 drones", later "18"); firm
    // orders of other sizes are other orders.
    let unsettled = |t: &Transfer| {
        matches!(
            t.status,
            TransferStatus::Offered | TransferStatus::Negotiating | TransferStatus::Unknown
        )
    };
    // Rule `requirement-beside-order`: a count of no told stage (a
    // requirement, "106 trainers") beside an order of another size is the
    // same programme, unless it tells of more goods (a follow-on).
    let requirement =
        |t: &Transfer, it: &Item| t.status == TransferStatus::Unknown && !tells_more(it);
    match (ta.quantity, tb.quantity) {
        (Some(x), Some(y)) if x != y => {
            // A delivery may be part of the order.
            (ta.status == TransferStatus::Delivered && x < y)
                || (tb.status == TransferStatus::Delivered && y < x)
                || (unsettled(ta) && unsettled(tb))
                || requirement(ta, a)
                || requirement(tb, b)
        }
        _ => true,
    }
}

/// Whether a report tells of more goods than some already bought: "15
/// more", "additional", "a follow-on order" in its evidence.
fn tells_more(it: &Item) -> bool {
    it.rec.evidence.iter().any(|e| {
        e.text
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| matches!(w, "more" | "additional" | "follow-on" | "further"))
    })
}

fn contest_parties(c: &Contest) -> BTreeSet<String> {
    let mut s = BTreeSet::new();
    for a in c
        .bidders
        .iter()
        .chain(c.winner.iter())
        .chain(c.protests.iter().map(|p| &p.by))
    {
        if let Some(id) = &a.id {
            s.insert(id.clone());
        }
        for m in &a.members {
            if let Some(id) = &m.id {
                s.insert(id.clone());
            }
        }
    }
    s
}

/// Rule `one-buyer-service`: a tender is run by one buyer; two reports
/// whose buyers are two services of a state (the Air Force, the Navy) are
/// two tenders. A state, its ministry or its armed forces as a whole name
/// no service and agree with any.
fn buyer_services_differ(a: &Contest, b: &Contest) -> bool {
    let service = |c: &Contest| {
        identity::body(&c.buyer.name).filter(|b| {
            matches!(
                *b,
                "army" | "navy" | "air-force" | "marines" | "coast-guard"
            )
        })
    };
    matches!((service(a), service(b)), (Some(x), Some(y)) if x != y)
}

fn contest_item_ok(a: &Item, b: &Item) -> bool {
    let (Fact::Contest(ca), Fact::Contest(cb)) = (&a.rec.fact, &b.rec.fact) else {
        return false;
    };
    if buyer_services_differ(ca, cb) {
        return false;
    }
    // Rule `rival-bids`: articles name a tender by the system they write
    // about, often one bidder's ("the JF-17", "the Tejas"); two systems
    // the gazetteer gives one role are one tender of that buyer.
    let same_role = a.role.is_some() && a.role == b.role;
    contest_items_agree(ca, cb) || same_role
}

fn contest_items_agree(a: &Contest, b: &Contest) -> bool {
    if let (Some(x), Some(y)) = (a.item.name.as_deref(), b.item.name.as_deref()) {
        return same_designation(x, y);
    }
    if a.item.category == b.item.category && a.item.category != Category::Other {
        return true;
    }
    // An item the text did not classify: the same contest only if the same
    // firms or the same sum appear.
    (a.item.category == b.item.category
        || a.item.category == Category::Other
        || b.item.category == Category::Other)
        && (!contest_parties(a).is_disjoint(&contest_parties(b))
            || (a.value.is_some() && a.value == b.value))
}

/// A report that names no system ("the aircraft") joins a named deal only
/// when that deal is told in its own article or has the same quantity: a
/// category alone does not make unnamed aircraft the Tejas order. Reports
/// that all name no system (a government's "arms sales to Iran") join on
/// parties and dates as before.
fn unnamed_is_anchored(members: &[&Item], it: &Item, t: &Transfer) -> bool {
    let named = |m: &&Item| matches!(&m.rec.fact, Fact::Transfer(mt) if mt.system.name.is_some());
    if t.system.name.is_some() || !members.iter().any(named) {
        return true;
    }
    members.iter().any(|m| {
        let Fact::Transfer(mt) = &m.rec.fact else {
            return false;
        };
        m.doc() == it.doc() || (t.quantity.is_some() && mt.quantity == t.quantity)
    })
}

/// Whether `it` may join the cluster `members`.
fn compatible(members: &[&Item], it: &Item) -> bool {
    match &it.rec.fact {
        Fact::Transfer(t) => {
            let mut keys = BTreeSet::new();
            let mut firms = BTreeSet::new();
            let mut countries = BTreeSet::new();
            let mut named = t.system.name.is_some();
            let mut dated = false;
            let mut close = false;
            if !unnamed_is_anchored(members, it, t) || !system_fits(members, it, t) {
                return false;
            }
            for m in members {
                let Fact::Transfer(mt) = &m.rec.fact else {
                    return false;
                };
                if !quantity_ok(m, it) {
                    return false;
                }
                named &= mt.system.name.is_some();
                countries.extend(supplier_countries(mt));
                keys.extend(supplier_keys(mt));
                firms.extend(supplier_firms(mt));
                if let (Some(_), Some(_)) = (effective_date(m), effective_date(it)) {
                    dated = true;
                    close |= years_close(effective_date(m), effective_date(it), 2);
                }
            }
            // Two reports that name the firms name the same ones; a report
            // that names only a state agrees with any of its firms.
            // Reports that disagree on the supplying country of a named
            // system tell one deal (the supplier is settled from the
            // maker when merging); two firms of one country do not.
            let own = supplier_firms(t);
            let agree = if !firms.is_empty() && !own.is_empty() {
                !firms.is_disjoint(&own)
            } else {
                !keys.is_disjoint(&supplier_keys(t))
            };
            let own_countries = supplier_countries(t);
            let disagree_on_country = !countries.is_empty()
                && !own_countries.is_empty()
                && countries.is_disjoint(&own_countries);
            let suppliers_ok = agree || (named && disagree_on_country);
            suppliers_ok && (!dated || close)
        }
        Fact::Contest(_) => {
            let mut dated = false;
            let mut close = false;
            for m in members {
                if !contest_item_ok(m, it) {
                    return false;
                }
                if let (Some(_), Some(_)) = (effective_date(m), effective_date(it)) {
                    dated = true;
                    close |= years_close(effective_date(m), effective_date(it), 2);
                }
            }
            !dated || close
        }
        Fact::Engagement(_) => members
            .iter()
            .all(|m| same_date(effective_date(m), effective_date(it))),
        Fact::Entity(_) => false,
    }
}

fn cluster_block(g: &Gazetteer, items: &[Item]) -> Vec<Entry> {
    let mut clusters: Vec<Vec<&Item>> = Vec::new();
    for it in items {
        match clusters.iter().position(|c| compatible(c, it)) {
            Some(i) => clusters[i].push(it),
            None => clusters.push(vec![it]),
        }
    }
    let mut entries: Vec<Entry> = clusters.iter().filter_map(|c| merge(g, c)).collect();
    // Unique ids within the block (ids start with the block's key).
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for e in entries.iter_mut() {
        let n = seen.entry(e.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            e.id = format!("{}-{}", e.id, n);
        }
    }
    entries
}

// ---------------------------------------------------------------- merging

fn transfer_rank(s: TransferStatus) -> u8 {
    match s {
        TransferStatus::Unknown => 0,
        TransferStatus::Offered => 1,
        TransferStatus::Negotiating => 2,
        TransferStatus::Ordered => 3,
        TransferStatus::Delivered | TransferStatus::Stalled => 4,
        TransferStatus::Cancelled => 5,
    }
}

fn contest_rank(s: &str) -> u8 {
    match s {
        "open" => 1,
        "protested" => 2,
        "awarded" => 2,
        "cancelled" => 4,
        _ => 0,
    }
}

/// The events of a timeline, one per (status, date), sorted by date (then
/// by how far along the status is); undated events last.
fn timeline(
    events: Vec<(String, Option<Date>, String)>,
    rank: impl Fn(&str) -> u8,
) -> Vec<StatusEvent> {
    // "unknown" says nothing about when anything happened; keep it only
    // when no report says more.
    let events: Vec<_> = if events.iter().any(|e| e.0 != "unknown") {
        events.into_iter().filter(|e| e.0 != "unknown").collect()
    } else {
        events
    };
    let mut by: BTreeMap<(bool, Option<Date>, u8, String), BTreeSet<String>> = BTreeMap::new();
    for (status, date, doc) in events {
        let r = rank(&status);
        by.entry((date.is_none(), date, r, status))
            .or_default()
            .insert(doc);
    }
    by.into_iter()
        .map(|((_, date, _, status), docs)| StatusEvent {
            status,
            date,
            docs: docs.into_iter().collect(),
        })
        .collect()
}

/// The status the story has reached: later events win, but a later report
/// of an earlier stage ("ordered in 2021", told in 2024) does not undo a
/// delivery or a cancellation.
fn latest(
    events: &[StatusEvent],
    rank: impl Fn(&str) -> u8,
    terminal: impl Fn(&str) -> bool,
    skip: impl Fn(&str) -> bool,
) -> Option<&str> {
    let mut cur: Option<&str> = None;
    for e in events {
        let s = e.status.as_str();
        if s == "unknown" || skip(s) {
            continue;
        }
        if cur.is_none_or(|c| terminal(s) || rank(s) >= rank(c)) {
            cur = Some(s);
        }
    }
    cur
}

fn parse_transfer_status(s: &str) -> TransferStatus {
    match s {
        "offered" => TransferStatus::Offered,
        "negotiating" => TransferStatus::Negotiating,
        "ordered" => TransferStatus::Ordered,
        "delivered" => TransferStatus::Delivered,
        "cancelled" => TransferStatus::Cancelled,
        "stalled" => TransferStatus::Stalled,
        _ => TransferStatus::Unknown,
    }
}

fn parse_contest_status(s: &str) -> ContestStatus {
    match s {
        "open" => ContestStatus::Open,
        "awarded" => ContestStatus::Awarded,
        "cancelled" => ContestStatus::Cancelled,
        _ => ContestStatus::Unknown,
    }
}

fn most_common<T: Ord + Clone>(xs: impl IntoIterator<Item = T>) -> Option<T> {
    let mut m: BTreeMap<T, usize> = BTreeMap::new();
    for x in xs {
        *m.entry(x).or_insert(0) += 1;
    }
    let mut best: Option<(T, usize)> = None;
    for (k, n) in m {
        if best.as_ref().is_none_or(|(_, b)| n > *b) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k)
}

/// Actors deduplicated by id, in order of first appearance.
fn union_actors<'a>(xs: impl IntoIterator<Item = &'a Actor>) -> Vec<Actor> {
    let mut out: Vec<Actor> = Vec::new();
    for a in xs {
        match out.iter_mut().find(|o| o.id == a.id) {
            Some(o) => {
                // Members of a consortium named in any report.
                for m in &a.members {
                    if !o.members.iter().any(|x| x.id == m.id) {
                        o.members.push(m.clone());
                    }
                }
                if o.country.is_none() {
                    o.country = a.country.clone();
                }
            }
            None => out.push(a.clone()),
        }
    }
    out
}

/// The supplier side of a deal whose reports name different supplying
/// countries: the suppliers of the system's maker country, when the
/// gazetteer knows it and a report names them; the disagreement is kept as
/// a conflict either way.
fn suppliers_from_maker(
    g: &Gazetteer,
    ts: &[(&Item, &Transfer)],
    all: Vec<Actor>,
) -> (Vec<Actor>, Option<Conflict>) {
    let countries: BTreeSet<String> = ts.iter().flat_map(|(_, t)| supplier_countries(t)).collect();
    if countries.len() < 2 {
        return (all, None);
    }
    let by_country = ts.iter().flat_map(|(it, t)| {
        supplier_countries(t)
            .into_iter()
            .map(move |c| (c, it.doc().to_string()))
    });
    let disputed = conflict("supplier country", by_country, |c| serde_json::json!(c));
    let maker = ts
        .iter()
        .find_map(|(_, t)| t.system.name.as_deref().and_then(|n| maker_country(g, n)));
    let Some(maker) = maker else {
        return (all, disputed);
    };
    let of_maker = |a: &Actor| {
        a.country.as_deref() == Some(maker.as_str())
            || a.members
                .iter()
                .any(|m| m.country.as_deref() == Some(maker.as_str()))
    };
    let kept: Vec<Actor> = all.iter().filter(|a| of_maker(a)).cloned().collect();
    if kept.is_empty() {
        (all, disputed)
    } else {
        (kept, disputed)
    }
}

fn specificity(k: ActorType) -> u8 {
    match k {
        ActorType::ArmedForce => 0,
        ActorType::GovernmentBody => 1,
        ActorType::Company => 2,
        ActorType::Consortium => 3,
        ActorType::Other => 4,
        ActorType::State => 5,
        ActorType::Person => 6,
    }
}

/// The actor most reports name; ties to the more specific one.
fn pick_actor<'a>(xs: impl IntoIterator<Item = &'a Actor>) -> Option<Actor> {
    let xs: Vec<&Actor> = xs.into_iter().collect();
    let mut counts: BTreeMap<Option<String>, usize> = BTreeMap::new();
    for a in &xs {
        *counts.entry(a.id.clone()).or_insert(0) += 1;
    }
    let best = xs.iter().min_by(|a, b| {
        counts[&b.id]
            .cmp(&counts[&a.id])
            .then(specificity(a.kind).cmp(&specificity(b.kind)))
            .then(a.id.cmp(&b.id))
    })?;
    union_actors(xs.iter().copied().filter(|a| a.id == best.id))
        .into_iter()
        .next()
}

fn merged_system<'a>(xs: impl IntoIterator<Item = &'a System> + Clone) -> System {
    let name = {
        let names: Vec<String> = xs
            .clone()
            .into_iter()
            .filter_map(|s| s.name.clone())
            .collect();
        let mut m: BTreeMap<&String, usize> = BTreeMap::new();
        for n in &names {
            *m.entry(n).or_insert(0) += 1;
        }
        m.into_iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(a.0.len().cmp(&b.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(n, _)| n.clone())
    };
    let description = most_common(xs.clone().into_iter().filter_map(|s| s.description.clone()));
    let category = most_common(
        xs.clone()
            .into_iter()
            .map(|s| s.category)
            .filter(|c| *c != Category::Other),
    )
    .unwrap_or(Category::Other);
    System {
        name,
        description,
        category,
    }
}

/// Values the reports disagree on, each with its documents.
fn conflict<T: Ord + Clone>(
    field: &str,
    values: impl IntoIterator<Item = (T, String)>,
    json: impl Fn(&T) -> serde_json::Value,
) -> Option<Conflict> {
    let mut by: BTreeMap<T, BTreeSet<String>> = BTreeMap::new();
    for (v, d) in values {
        by.entry(v).or_default().insert(d);
    }
    (by.len() > 1).then(|| Conflict {
        field: field.to_string(),
        values: by
            .into_iter()
            .map(|(v, docs)| ConflictValue {
                value: json(&v),
                docs: docs.into_iter().collect(),
            })
            .collect(),
    })
}

fn value_conflict_and_range(values: &[(Money, String)]) -> (Option<Conflict>, Option<ValueRange>) {
    let c = conflict(
        "value",
        values
            .iter()
            .map(|(m, d)| ((m.currency.clone(), m.amount, m.text.clone()), d.clone())),
        |(cur, amount, text)| serde_json::json!({"amount": amount, "currency": cur, "text": text}),
    );
    // Differently worded equal sums are not a conflict.
    let distinct: BTreeSet<(&str, u64)> = values
        .iter()
        .map(|(m, _)| (m.currency.as_str(), m.amount))
        .collect();
    let c = if distinct.len() > 1 { c } else { None };
    let currency = most_common(values.iter().map(|(m, _)| m.currency.clone()));
    let range = currency.and_then(|cur| {
        let same: Vec<&Money> = values
            .iter()
            .map(|(m, _)| m)
            .filter(|m| m.currency == cur)
            .collect();
        let min = same.iter().min_by_key(|m| (m.amount, m.text.clone()))?;
        let max = same
            .iter()
            .max_by_key(|m| (m.amount, std::cmp::Reverse(m.text.clone())))?;
        (min.amount != max.amount).then(|| ValueRange {
            currency: cur,
            min: (*min).clone(),
            max: (*max).clone(),
        })
    });
    (c, range)
}

/// Evidence of every report, each item naming its document.
fn all_evidence(items: &[&Item]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    for it in items {
        for e in &it.rec.evidence {
            let e = Evidence {
                doc: Some(it.doc().to_string()),
                ..e.clone()
            };
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

fn all_sources(items: &[&Item]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for it in items {
        for s in &it.rec.sources {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
    }
    out
}

/// Independent reports corroborate: 1 − Π(1 − cᵢ).
fn confidence(items: &[&Item]) -> f64 {
    let miss: f64 = items
        .iter()
        .map(|it| 1.0 - it.rec.confidence.clamp(0.0, 1.0))
        .product();
    ((1.0 - miss) * 10_000.0).round() / 10_000.0
}

fn documents(items: &[&Item]) -> Vec<String> {
    let s: BTreeSet<String> = items.iter().map(|it| it.doc().to_string()).collect();
    s.into_iter().collect()
}

fn year_part(d: Option<Date>) -> String {
    d.map_or_else(|| "undated".to_string(), |d| d.year.to_string())
}

fn merge(g: &Gazetteer, items: &[&Item]) -> Option<Entry> {
    let first = items.first()?;
    match &first.rec.fact {
        Fact::Transfer(_) => Some(merge_transfers(g, items)),
        Fact::Contest(_) => Some(merge_contests(g, items)),
        Fact::Engagement(_) => Some(merge_engagements(items)),
        Fact::Entity(_) => None,
    }
}

fn transfer_event_date(t: &Transfer, published: Option<Date>) -> Option<Date> {
    match t.status {
        TransferStatus::Offered | TransferStatus::Negotiating | TransferStatus::Ordered => {
            t.date.or(published)
        }
        _ => published.or(t.date),
    }
}

fn merge_transfers(g: &Gazetteer, items: &[&Item]) -> Entry {
    let ts: Vec<(&Item, &Transfer)> = items
        .iter()
        .filter_map(|it| match &it.rec.fact {
            Fact::Transfer(t) => Some((*it, t)),
            _ => None,
        })
        .collect();
    let events = timeline(
        ts.iter()
            .map(|(it, t)| {
                (
                    t.status.as_str().to_string(),
                    transfer_event_date(t, it.published),
                    it.doc().to_string(),
                )
            })
            .collect(),
        |s| transfer_rank(parse_transfer_status(s)),
    );
    let status = latest(
        &events,
        |s| transfer_rank(parse_transfer_status(s)),
        |s| matches!(s, "delivered" | "cancelled" | "stalled"),
        |_| false,
    )
    .map(parse_transfer_status)
    .unwrap_or(TransferStatus::Unknown);
    let all_suppliers = union_actors(ts.iter().flat_map(|(_, t)| t.suppliers.iter()));
    let (suppliers, supplier_conflict) = suppliers_from_maker(g, &ts, all_suppliers);
    let recipient = pick_actor(ts.iter().map(|(_, t)| &t.recipient))
        .unwrap_or_else(|| Actor::new("unknown", ActorType::Other, None));
    let system = merged_system(ts.iter().map(|(_, t)| &t.system));
    let quantity = ts
        .iter()
        .filter(|(_, t)| t.status != TransferStatus::Delivered)
        .filter_map(|(_, t)| t.quantity)
        .max()
        .or_else(|| ts.iter().filter_map(|(_, t)| t.quantity).max());
    // A price per item is not the deal's value.
    let unit_priced = |it: &Item, t: &Transfer| {
        t.value
            .as_ref()
            .is_some_and(|v| checks::is_unit_price(v, &it.rec.evidence))
    };
    let unit_prices: Vec<&Money> = ts
        .iter()
        .filter(|(it, t)| unit_priced(it, t))
        .filter_map(|(_, t)| t.value.as_ref())
        .collect();
    let values: Vec<(Money, String)> = ts
        .iter()
        .filter(|(it, t)| !unit_priced(it, t))
        .filter_map(|(it, t)| t.value.clone().map(|v| (v, it.doc().to_string())))
        .collect();
    // The most recently reported figure.
    let value = ts
        .iter()
        .filter(|(it, t)| t.value.is_some() && !unit_priced(it, t))
        .max_by_key(|(it, t)| {
            (
                it.published.or(t.date),
                t.value.as_ref().map(|v| v.amount),
                it.doc().to_string(),
            )
        })
        .and_then(|(_, t)| t.value.clone());
    // When ordered or agreed: the earliest date an order report gives.
    let dated = |pred: &dyn Fn(&Transfer) -> bool| {
        ts.iter()
            .filter(|(_, t)| pred(t) && t.date.is_some())
            .min_by_key(|(it, t)| (t.date, it.doc().to_string()))
            .map(|(_, t)| (t.date, t.date_text.clone()))
    };
    let (date, date_text) = dated(&|t| t.status == TransferStatus::Ordered)
        .or_else(|| dated(&|_| true))
        .unwrap_or((None, None));
    let (value_conflict, value_range) = value_conflict_and_range(&values);
    let mut conflicts: Vec<Conflict> = value_conflict.into_iter().collect();
    conflicts.extend(supplier_conflict);
    conflicts.extend(conflict(
        "quantity",
        ts.iter()
            .filter(|(_, t)| t.status != TransferStatus::Delivered)
            .filter_map(|(it, t)| t.quantity.map(|q| (q, it.doc().to_string()))),
        |q| serde_json::json!(q),
    ));
    for st in [TransferStatus::Ordered, TransferStatus::Offered] {
        conflicts.extend(conflict(
            &format!("date ({})", st.as_str()),
            ts.iter()
                .filter(|(_, t)| t.status == st)
                .filter_map(|(it, t)| t.date.map(|d| (d.year, it.doc().to_string()))),
            |y| serde_json::json!(y.to_string()),
        ));
    }
    let supplier_part = suppliers
        .iter()
        .find_map(|s| s.country.clone())
        .map(|c| c.to_lowercase())
        .or_else(|| suppliers.first().and_then(|s| s.id.clone()))
        .unwrap_or_else(|| "unknown".into());
    let sys_part = system
        .name
        .as_deref()
        .map(|n| slug(n, 24))
        .unwrap_or_else(|| system.category.as_str().replace('_', "-"));
    let id = format!(
        "t-{}-{}-{}-{}",
        place_key(&recipient),
        supplier_part,
        sys_part,
        year_part(date.or_else(|| events.first().and_then(|e| e.date)))
    );
    let evidence = all_evidence(items);
    let mut checks: Vec<checks::Check> =
        checks::unit_price_note(&unit_prices).into_iter().collect();
    let transfer = Transfer {
        suppliers,
        recipient,
        system,
        quantity,
        value,
        date,
        date_text,
        status,
    };
    checks.extend(checks::check_transfer(g, &transfer, &evidence));
    Entry {
        id,
        record: Record {
            doc: items[0].doc().to_string(),
            fact: Fact::Transfer(transfer),
            evidence,
            sources: all_sources(items),
            confidence: calibration::calibrated(confidence(items)),
        },
        documents: documents(items),
        latest_status: Some(status.as_str().to_string()),
        status_timeline: events,
        value_range,
        conflicts,
        reports: items.iter().map(|it| it.report.clone()).collect(),
        checks,
        corroboration: Some(confidence(items)),
        reviewed: false,
    }
}

fn merge_contests(g: &Gazetteer, items: &[&Item]) -> Entry {
    let cs: Vec<(&Item, &Contest)> = items
        .iter()
        .filter_map(|it| match &it.rec.fact {
            Fact::Contest(c) => Some((*it, c)),
            _ => None,
        })
        .collect();
    let mut raw = Vec::new();
    for (it, c) in &cs {
        let doc = it.doc().to_string();
        let when = match c.status {
            ContestStatus::Awarded => c.awarded.or(it.published),
            ContestStatus::Cancelled => c.cancelled.or(it.published),
            _ => it.published,
        };
        raw.push((c.status.as_str().to_string(), when, doc.clone()));
        if let Some(a) = c.awarded {
            raw.push(("awarded".into(), Some(a), doc.clone()));
        }
        for p in &c.protests {
            raw.push(("protested".into(), p.date.or(it.published), doc.clone()));
        }
        if let Some(x) = c.cancelled {
            raw.push(("cancelled".into(), Some(x), doc.clone()));
        }
    }
    let events = timeline(raw, contest_rank);
    let status_s = latest(
        &events,
        contest_rank,
        |s| s == "cancelled",
        |s| s == "protested",
    );
    let status = status_s
        .map(parse_contest_status)
        .unwrap_or(ContestStatus::Unknown);
    let buyer = pick_actor(cs.iter().map(|(_, c)| &c.buyer))
        .unwrap_or_else(|| Actor::new("unknown", ActorType::Other, None));
    let item = merged_system(cs.iter().map(|(_, c)| &c.item));
    let bidders = union_actors(cs.iter().flat_map(|(_, c)| c.bidders.iter()));
    let winner = cs
        .iter()
        .filter(|(_, c)| c.winner.is_some())
        .max_by_key(|(it, c)| (it.published.or(c.awarded), it.doc().to_string()))
        .and_then(|(_, c)| c.winner.clone());
    let awarded = cs.iter().filter_map(|(_, c)| c.awarded).min();
    let cancelled = if status == ContestStatus::Cancelled {
        cs.iter().filter_map(|(_, c)| c.cancelled).min()
    } else {
        None
    };
    let mut protests: Vec<Protest> = Vec::new();
    for (_, c) in &cs {
        for p in &c.protests {
            match protests.iter_mut().find(|q| q.by.id == p.by.id) {
                Some(q) => {
                    if q.grounds.is_none() {
                        q.grounds = p.grounds.clone();
                    }
                    if q.date.is_none() {
                        q.date = p.date;
                    }
                }
                None => protests.push(p.clone()),
            }
        }
    }
    let values: Vec<(Money, String)> = cs
        .iter()
        .filter_map(|(it, c)| c.value.clone().map(|v| (v, it.doc().to_string())))
        .collect();
    let value = cs
        .iter()
        .filter(|(_, c)| c.value.is_some())
        .max_by_key(|(it, c)| {
            (
                it.published,
                c.value.as_ref().map(|v| v.amount),
                it.doc().to_string(),
            )
        })
        .and_then(|(_, c)| c.value.clone());
    let (value_conflict, value_range) = value_conflict_and_range(&values);
    let mut conflicts: Vec<Conflict> = value_conflict.into_iter().collect();
    conflicts.extend(conflict(
        "winner",
        cs.iter().filter_map(|(it, c)| {
            c.winner.as_ref().map(|w| {
                (
                    (w.id.clone().unwrap_or_default(), w.name.clone()),
                    it.doc().to_string(),
                )
            })
        }),
        |(id, name)| serde_json::json!({"id": id, "name": name}),
    ));
    let sys_part = item
        .name
        .as_deref()
        .map(|n| slug(n, 24))
        .unwrap_or_else(|| item.category.as_str().replace('_', "-"));
    let first_date = cs
        .iter()
        .filter_map(|(it, c)| c.awarded.or(c.cancelled).or(it.published))
        .min();
    let id = format!(
        "c-{}-{}-{}",
        place_key(&buyer),
        sys_part,
        year_part(first_date)
    );
    let contest = Contest {
        buyer,
        item,
        value,
        bidders,
        winner,
        awarded,
        protests,
        status,
        cancelled,
    };
    let checks = checks::check_contest(g, &contest);
    Entry {
        id,
        record: Record {
            doc: items[0].doc().to_string(),
            fact: Fact::Contest(contest),
            evidence: all_evidence(items),
            sources: all_sources(items),
            confidence: calibration::calibrated(confidence(items)),
        },
        documents: documents(items),
        latest_status: Some(status.as_str().to_string()),
        status_timeline: events,
        value_range,
        conflicts,
        reports: items.iter().map(|it| it.report.clone()).collect(),
        checks,
        corroboration: Some(confidence(items)),
        reviewed: false,
    }
}

fn merge_engagements(items: &[&Item]) -> Entry {
    let es: Vec<(&Item, &Engagement)> = items
        .iter()
        .filter_map(|it| match &it.rec.fact {
            Fact::Engagement(e) => Some((*it, e)),
            _ => None,
        })
        .collect();
    let kind = es
        .first()
        .map(|(_, e)| e.kind)
        .unwrap_or(armswatch_register::EngagementType::Other);
    let parties = union_actors(es.iter().flat_map(|(_, e)| e.parties.iter()));
    // The most precise date given.
    let (date, date_text) = es
        .iter()
        .filter(|(_, e)| e.date.is_some())
        .max_by_key(|(it, e)| {
            let d = e.date;
            (
                d.map(|d| d.month.is_some() as u8 + d.day.is_some() as u8),
                std::cmp::Reverse(it.doc().to_string()),
            )
        })
        .map(|(_, e)| (e.date, e.date_text.clone()))
        .unwrap_or((None, None));
    let place = most_common(es.iter().filter_map(|(_, e)| e.place.clone()));
    let description = es
        .iter()
        .map(|(_, e)| e.description.clone())
        .max_by(|a, b| a.len().cmp(&b.len()).then(b.cmp(a)))
        .unwrap_or_default();
    let conflicts: Vec<Conflict> = conflict(
        "place",
        es.iter()
            .filter_map(|(it, e)| e.place.clone().map(|p| (p, it.doc().to_string()))),
        |p| serde_json::json!(p),
    )
    .into_iter()
    .collect();
    let mut party_keys: Vec<String> = parties.iter().map(place_key).collect();
    party_keys.sort();
    party_keys.dedup();
    let when = date
        .or_else(|| es.iter().filter_map(|(it, _)| it.published).min())
        .map_or_else(|| "undated".to_string(), |d| d.to_string());
    let id = format!("e-{}-{}-{}", kind.as_str(), party_keys.join("-"), when);
    Entry {
        id,
        record: Record {
            doc: items[0].doc().to_string(),
            fact: Fact::Engagement(Engagement {
                kind,
                parties,
                date,
                date_text,
                place,
                description,
            }),
            evidence: all_evidence(items),
            sources: all_sources(items),
            confidence: confidence(items),
        },
        documents: documents(items),
        status_timeline: Vec::new(),
        latest_status: None,
        value_range: None,
        conflicts,
        reports: items.iter().map(|it| it.report.clone()).collect(),
        checks: Vec::new(),
        corroboration: None,
        reviewed: false,
    }
}

fn entity_actor(res: &Resolution, id: &str) -> Option<Actor> {
    let e = res.by_id(id)?;
    let mut a = Actor::new(e.name.clone(), e.kind, e.country.clone());
    a.id = Some(e.id.clone());
    Some(a)
}

fn merge_entity(res: &Resolution, id: &str, items: &[Item]) -> Option<Entry> {
    let refs: Vec<&Item> = items.iter().collect();
    let (name, kind, country, aliases, role, affiliation, members) = match res.by_id(id) {
        Some(e) => (
            e.name.clone(),
            e.kind,
            e.country.clone(),
            e.aliases.clone(),
            e.role.clone(),
            e.affiliation.as_deref().and_then(|a| entity_actor(res, a)),
            e.members
                .iter()
                .filter_map(|m| entity_actor(res, m))
                .collect(),
        ),
        None => match &items.first()?.rec.fact {
            Fact::Entity(e) => (
                e.name.clone(),
                e.kind,
                e.country.clone(),
                e.aliases.clone(),
                e.role.clone(),
                e.affiliation.clone(),
                e.members.clone(),
            ),
            _ => return None,
        },
    };
    Some(Entry {
        id: id.to_string(),
        record: Record {
            doc: items.first()?.doc().to_string(),
            fact: Fact::Entity(Entity {
                name,
                kind,
                country,
                aliases,
                role,
                affiliation,
                members,
            }),
            evidence: all_evidence(&refs),
            sources: all_sources(&refs),
            confidence: confidence(&refs),
        },
        documents: documents(&refs),
        status_timeline: Vec::new(),
        latest_status: None,
        value_range: None,
        conflicts: Vec::new(),
        reports: items.iter().map(|it| it.report.clone()).collect(),
        checks: Vec::new(),
        corroboration: None,
        reviewed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::gazetteer_system;

    #[test]
    fn a_hyphened_acronym_and_a_numeral_still_name_the_gazetteer_system() {
        let g = crate::testgaz::gazetteer();
        let zephyr = gazetteer_system(&g, "Zephyr");
        assert!(zephyr.is_some());
        assert_eq!(gazetteer_system(&g, "LCA-Zephyr"), zephyr);
        assert_eq!(gazetteer_system(&g, "Zephyr III"), zephyr);
        // A longer name is a variant the gazetteer does not list.
        assert_eq!(gazetteer_system(&g, "Zephyr Trainer"), None);
        assert_eq!(gazetteer_system(&g, "lca-Zephyr"), None);
    }

    #[test]
    fn a_coded_designation_with_a_nickname_names_the_gazetteer_system() {
        let g = crate::testgaz::gazetteer();
        let osprey = gazetteer_system(&g, "OS-4B");
        assert!(osprey.is_some());
        assert_eq!(gazetteer_system(&g, "OS-4B Hunter"), osprey);
        // Two words after it are no nickname.
        assert_eq!(gazetteer_system(&g, "OS-4B Block Two"), None);
    }
}
