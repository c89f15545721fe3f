//! Consolidation over the hand-written register of `tests/consolidation/`
//! (one deal in four articles, one contest in three, one organisation
//! under four names), plus targeted cases for entity resolution and
//! merging.

use armswatch_consolidate::testgaz::gazetteer;
use armswatch_consolidate::{name_key, Consolidator, EntityDecisions, Entry, Register, Report};
use armswatch_register::{
    Actor, ActorType, Category, Contest, ContestStatus, Date, Engagement, EngagementType, Entity,
    Evidence, Fact, Money, Record, RecordKind, System, Transfer, TransferStatus,
};
use std::collections::BTreeMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/consolidation");

fn published() -> BTreeMap<String, Date> {
    let meta = std::fs::read_to_string(format!("{DIR}/meta.tsv")).unwrap();
    meta.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[1].to_string(), Date::parse(c[2]).unwrap())
        })
        .collect()
}

fn fixture_records() -> Vec<Record> {
    std::fs::read_to_string(format!("{DIR}/records.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn fixture_reports() -> Vec<Report> {
    Report::from_records(fixture_records(), &published())
}

fn one(reg: &Register, kind: RecordKind) -> &Entry {
    let v: Vec<&Entry> = reg.of_kind(kind).collect();
    assert_eq!(
        v.len(),
        1,
        "{:#?}",
        v.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
    v[0]
}

#[test]
fn one_deal_told_in_four_articles_is_one_entry() {
    let g = gazetteer();
    let reg = Consolidator::new(&g).consolidate(fixture_reports());
    let e = one(&reg, RecordKind::Transfer);
    assert_eq!(
        e.documents,
        [
            "brahmos-delivery-2024",
            "brahmos-offer-2021",
            "brahmos-order-2022",
            "brahmos-price-2022"
        ]
    );
    assert_eq!(e.latest_status.as_deref(), Some("delivered"));
    let Fact::Transfer(t) = &e.record.fact else {
        panic!()
    };
    assert_eq!(t.status, TransferStatus::Delivered);
    assert_eq!(t.system.name.as_deref(), Some("BrahMos"));
    assert_eq!(t.quantity, Some(3));
    assert_eq!(t.date, Some(Date::month(2022, 1)));
    // Status timeline in order.
    let tl: Vec<&str> = e
        .status_timeline
        .iter()
        .map(|s| s.status.as_str())
        .collect();
    assert_eq!(
        tl,
        ["offered", "ordered", "delivered"],
        "{:?}",
        e.status_timeline
    );
    // Two prices kept with their sources and shown as a range.
    let r = e.value_range.as_ref().unwrap();
    assert_eq!((r.min.amount, r.max.amount), (374_960_000, 375_000_000));
    let c = e.conflicts.iter().find(|c| c.field == "value").unwrap();
    assert_eq!(c.values.len(), 2);
    assert!(c.values.iter().any(|v| v.docs == ["brahmos-price-2022"]));
    // The supplier company, resolved, with its id.
    assert!(t
        .suppliers
        .iter()
        .any(|s| s.id.as_deref() == Some("brahmos-aerospace-in")));
    // Every evidence item names its document, and every document is cited.
    assert!(e.record.evidence.iter().all(|v| v.doc.is_some()));
    for d in &e.documents {
        assert!(e
            .record
            .evidence
            .iter()
            .any(|v| v.doc.as_deref() == Some(d)));
    }
    assert_eq!(e.reports.len(), 4);
    // Four sources corroborate; the confidence is the calibrated
    // probability for that corroboration.
    let c = e.corroboration.unwrap();
    assert!(c > 0.85);
    assert_eq!(
        e.record.confidence,
        armswatch_consolidate::calibration::calibrated(c)
    );
}

#[test]
fn one_contest_told_in_three_articles_is_one_entry() {
    let g = gazetteer();
    let reg = Consolidator::new(&g).consolidate(fixture_reports());
    let e = one(&reg, RecordKind::Contest);
    assert_eq!(e.documents.len(), 3);
    assert_eq!(e.latest_status.as_deref(), Some("cancelled"));
    let Fact::Contest(c) = &e.record.fact else {
        panic!()
    };
    assert_eq!(c.cancelled, Some(Date::ymd(2008, 9, 10).unwrap()));
    assert_eq!(c.awarded, Some(Date::ymd(2008, 2, 29).unwrap()));
    // Boeing and one team, however each article named them.
    assert_eq!(c.bidders.len(), 2, "{:#?}", c.bidders);
    let team = c
        .bidders
        .iter()
        .find(|b| b.kind == ActorType::Consortium)
        .unwrap();
    assert_eq!(team.members.len(), 2, "{:#?}", team.members);
    assert_eq!(c.protests.len(), 1);
    assert!(c.protests[0].grounds.is_some());
    let tl: Vec<&str> = e
        .status_timeline
        .iter()
        .map(|s| s.status.as_str())
        .collect();
    assert_eq!(
        tl,
        ["open", "awarded", "protested", "protested", "cancelled"],
        "{tl:?}"
    );
}

#[test]
fn one_organisation_under_four_names_is_one_entity() {
    let g = gazetteer();
    let reg = Consolidator::new(&g).consolidate(fixture_reports());
    let ng: Vec<_> = reg
        .entities
        .iter()
        .filter(|e| e.name.contains("Northrop") || e.aliases.iter().any(|a| a.contains("Northrop")))
        .filter(|e| e.kind == ActorType::Company)
        .collect();
    assert_eq!(ng.len(), 1, "{ng:#?}");
    let e = ng[0];
    for form in [
        "Northrop Grumman Corp.",
        "Northrop Grumman Corporation",
        "America's Northrop Grumman",
        "Northrop",
    ] {
        assert!(
            e.name == form || e.aliases.iter().any(|a| a == form),
            "{form}: {e:#?}"
        );
    }
    assert_eq!(e.documents.len(), 3);
    assert_eq!(e.country.as_deref(), Some("US"));
    // EADS by acronym and by full name.
    let eads: Vec<_> = reg
        .entities
        .iter()
        .filter(|e| e.name.contains("EADS") || e.aliases.iter().any(|a| a == "EADS"))
        .filter(|e| e.kind == ActorType::Company)
        .collect();
    assert_eq!(eads.len(), 1, "{eads:#?}");
    // Entity entries carry every document's evidence.
    let entry = reg
        .of_kind(RecordKind::Entity)
        .find(|x| x.id == e.id)
        .unwrap();
    assert_eq!(entry.documents.len(), 3);
}

#[test]
fn people_link_to_their_organisations() {
    let g = gazetteer();
    let reg = Consolidator::new(&g).consolidate(fixture_reports());
    let find = |name: &str| reg.entities.iter().find(|e| e.name == name).unwrap();
    let lorenzana = find("Delfin Lorenzana");
    let dnd = find("Department of National Defense");
    assert_eq!(lorenzana.affiliation.as_deref(), Some(dnd.id.as_str()));
    assert_eq!(dnd.documents.len(), 2);
    let gates = find("Robert Gates");
    assert_eq!(
        gates.affiliation.as_deref(),
        Some(find("Pentagon").id.as_str())
    );
    assert_eq!(gates.role.as_deref(), Some("Defense Secretary"));
}

#[test]
fn order_of_input_does_not_matter() {
    let g = gazetteer();
    let c = Consolidator::new(&g);
    let reports = fixture_reports();
    let a = c.consolidate(reports.clone());
    let mut rev = reports.clone();
    rev.reverse();
    assert_eq!(c.consolidate(rev), a);
    for k in [3, 7, 11, 19] {
        let mut rot = reports.clone();
        rot.rotate_left(k % reports.len());
        let b = c.consolidate(rot);
        assert_eq!(b, a);
        let ids = |r: &Register| r.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&b), ids(&a));
    }
}

#[test]
fn incremental_equals_everything_at_once() {
    let g = gazetteer();
    let c = Consolidator::new(&g);
    let reports = fixture_reports();
    let all = c.consolidate(reports.clone());
    // Split by document, in several ways.
    let docs: Vec<String> = published().keys().cloned().collect();
    for split in 0..docs.len() {
        let (old, new): (Vec<Report>, Vec<Report>) = reports
            .iter()
            .cloned()
            .partition(|r| docs[..split].contains(&r.record.doc));
        let base = c.consolidate(old);
        let grown = c.extend(&base, new);
        assert_eq!(grown, all, "split after {split} documents");
    }
    // Adding what is already there changes nothing.
    assert_eq!(c.extend(&all, reports.clone()), all);
    // Three steps.
    let (a, rest): (Vec<Report>, Vec<Report>) = reports
        .iter()
        .cloned()
        .partition(|r| r.record.doc.starts_with("kcx"));
    let (b, d): (Vec<Report>, Vec<Report>) = rest
        .into_iter()
        .partition(|r| r.record.doc.contains("2022"));
    let r = c.extend(&c.extend(&c.consolidate(a), b), d);
    assert_eq!(r, all);
    // Survives a round trip through JSON (blocks are recomputed).
    let json = serde_json::to_string(&all).unwrap();
    let back: Register = serde_json::from_str(&json).unwrap();
    assert_eq!(back, all);
    assert_eq!(c.extend(&back, Vec::new()), all);
}

// ---------------------------------------------------------------- targeted

fn ev(doc: &str) -> Vec<Evidence> {
    vec![Evidence {
        start: 0,
        end: 4,
        text: format!("text of {doc}"),
        doc: None,
    }]
}

fn entity(
    doc: &str,
    name: &str,
    kind: ActorType,
    country: Option<&str>,
    aliases: &[&str],
) -> Record {
    Record {
        doc: doc.into(),
        fact: Fact::Entity(Entity {
            name: name.into(),
            kind,
            country: country.map(String::from),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            role: None,
            affiliation: None,
            members: Vec::new(),
        }),
        evidence: ev(doc),
        sources: Vec::new(),
        confidence: 0.7,
    }
}

fn company(doc: &str, name: &str, country: Option<&str>) -> Record {
    entity(doc, name, ActorType::Company, country, &[])
}

fn ids_of(reg: &Register, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            reg.entities
                .iter()
                .find(|e| e.name == *n || e.aliases.iter().any(|a| a == n))
                .unwrap_or_else(|| panic!("{n} not resolved: {:#?}", reg.entities))
                .id
                .clone()
        })
        .collect()
}

fn resolve(records: Vec<Record>) -> Register {
    let g = gazetteer();
    Consolidator::new(&g).consolidate(records.into_iter().map(|r| Report::new(r, None)).collect())
}

#[test]
fn acronyms_short_long_suffix_and_demonym_forms_join() {
    let reg = resolve(vec![
        company("a", "China North Industries Corp.", Some("CN")),
        company("b", "China North Industries Corporation", None),
        company("c", "Norinco", None),
        company(
            "d",
            "China Precision Machinery Import-Export Corporation",
            Some("CN"),
        ),
        company("e", "CPMIEC", None),
        company("f", "Israel's Rafael", None),
        company("g", "Rafael Advanced Defense Systems", Some("IL")),
        company("h", "Acme Defence Ltd", Some("GB")),
        company("i", "Acme Defense Limited", Some("GB")),
        company("j", "Zeta Dynamics Co. Ltd", Some("JP")),
        company("k", "Zeta Dynamics", Some("JP")),
    ]);
    let same = |names: &[&str]| {
        let ids = ids_of(&reg, names);
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "{names:?}: {ids:?}");
    };
    same(&[
        "China North Industries Corp.",
        "China North Industries Corporation",
        "Norinco",
    ]);
    same(&[
        "China Precision Machinery Import-Export Corporation",
        "CPMIEC",
    ]);
    same(&["Israel's Rafael", "Rafael Advanced Defense Systems"]);
    same(&["Acme Defence Ltd", "Acme Defense Limited"]);
    same(&["Zeta Dynamics Co. Ltd", "Zeta Dynamics"]);
    let norinco = reg.entity(&ids_of(&reg, &["Norinco"])[0]).unwrap();
    assert_eq!(norinco.id, "china-north-industries-cn");
    assert_eq!(norinco.country.as_deref(), Some("CN"));
    assert_eq!(norinco.documents, ["a", "b", "c"]);
    assert!(norinco.gazetteer);
}

#[test]
fn distinct_organisations_sharing_words_stay_apart() {
    let reg = resolve(vec![
        company("a", "China North Industries", Some("CN")),
        company("b", "China Shipbuilding Industry", Some("CN")),
        company("c", "Lockheed Corp", Some("US")),
        company("d", "Lockheed Missiles and Space Co", Some("US")),
        company("e", "Toshiba Corp", Some("JP")),
        company("f", "Toshiba Machine Co", Some("JP")),
        company("g", "Acme Defence Ltd", Some("GB")),
        company("h", "Acme Defence Ltd", Some("US")),
        entity("i", "Army", ActorType::ArmedForce, None, &[]),
        entity("j", "Army", ActorType::ArmedForce, None, &[]),
    ]);
    let distinct = |a: &str, b: &str| {
        let ids = ids_of(&reg, &[a, b]);
        assert_ne!(ids[0], ids[1], "{a} / {b}");
    };
    distinct("China North Industries", "China Shipbuilding Industry");
    distinct("Lockheed Corp", "Lockheed Missiles and Space Co");
    distinct("Toshiba Corp", "Toshiba Machine Co");
    let acme: Vec<_> = reg
        .entities
        .iter()
        .filter(|e| e.name == "Acme Defence Ltd")
        .collect();
    assert_eq!(acme.len(), 2, "same name, two countries");
    let army: Vec<_> = reg.entities.iter().filter(|e| e.name == "Army").collect();
    assert_eq!(army.len(), 2, "a bare Army joins nothing across articles");
    // Ids are unique.
    let mut ids: Vec<&str> = reg.entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

fn transfer(
    doc: &str,
    name: Option<&str>,
    cat: Category,
    year: Option<i32>,
    q: Option<u64>,
    status: TransferStatus,
) -> Record {
    Record {
        doc: doc.into(),
        fact: Fact::Transfer(Transfer {
            suppliers: vec![Actor::new("China", ActorType::State, Some("CN".into()))],
            recipient: Actor::new("Peru", ActorType::State, Some("PE".into())),
            system: System {
                name: name.map(String::from),
                description: None,
                category: cat,
            },
            quantity: q,
            value: None,
            date: year.map(Date::year),
            date_text: None,
            status,
        }),
        evidence: ev(doc),
        sources: Vec::new(),
        confidence: 0.8,
    }
}

fn transfers(records: Vec<Record>) -> Vec<Entry> {
    resolve(records)
        .of_kind(RecordKind::Transfer)
        .cloned()
        .collect()
}

#[test]
fn different_systems_dates_or_orders_are_different_entries() {
    use TransferStatus::*;
    let t = transfers(vec![
        transfer(
            "a",
            Some("FN-6"),
            Category::AirDefence,
            Some(2009),
            Some(12),
            Ordered,
        ),
        transfer(
            "b",
            Some("QW-11"),
            Category::AirDefence,
            Some(2009),
            Some(10),
            Ordered,
        ),
        // Same designation six years on: a new deal.
        transfer(
            "c",
            Some("FN-6"),
            Category::AirDefence,
            Some(2015),
            None,
            Ordered,
        ),
        // A second order of another size.
        transfer(
            "d",
            Some("Type-90"),
            Category::Artillery,
            Some(2013),
            Some(6),
            Ordered,
        ),
        transfer(
            "e",
            Some("Type-90"),
            Category::Artillery,
            Some(2014),
            Some(20),
            Ordered,
        ),
        // "arms and equipment" is not the MANPADS deal.
        transfer("f", None, Category::Other, Some(2009), None, Delivered),
    ]);
    assert_eq!(
        t.len(),
        6,
        "{:#?}",
        t.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
}

#[test]
fn same_system_reported_again_joins_with_partial_delivery_and_missing_fields() {
    use TransferStatus::*;
    let t = transfers(vec![
        transfer(
            "a",
            Some("FN-6"),
            Category::AirDefence,
            Some(2009),
            Some(12),
            Ordered,
        ),
        transfer("b", Some("FN-6"), Category::AirDefence, None, None, Ordered),
        transfer(
            "c",
            Some("FN 6"),
            Category::AirDefence,
            Some(2010),
            Some(6),
            Delivered,
        ),
        // No designation, same category, another article: no evidence
        // it is this deal (issue 13: unrelated reports were stitched
        // together on a category alone).
        transfer("d", None, Category::AirDefence, Some(2009), None, Delivered),
    ]);
    assert_eq!(
        t.len(),
        2,
        "{:#?}",
        t.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
    let fn6 = t.iter().find(|e| e.id == "t-pe-cn-fn-6-2009").unwrap();
    assert_eq!(fn6.documents, ["a", "b", "c"]);
    assert_eq!(fn6.latest_status.as_deref(), Some("delivered"));
}

#[test]
fn a_late_retelling_does_not_undo_a_delivery() {
    use TransferStatus::*;
    let mk = |doc: &str, status, year| {
        Report::new(
            transfer(
                doc,
                Some("FN-6"),
                Category::AirDefence,
                Some(2009),
                None,
                status,
            ),
            Some(Date::year(year)),
        )
    };
    let g = gazetteer();
    let reg = Consolidator::new(&g).consolidate(vec![
        mk("a", Ordered, 2009),
        mk("b", Delivered, 2010),
        mk("c", Ordered, 2011),
    ]);
    let e = one(&reg, RecordKind::Transfer);
    assert_eq!(e.latest_status.as_deref(), Some("delivered"));
    let reg =
        Consolidator::new(&g).consolidate(vec![mk("a", Ordered, 2009), mk("d", Cancelled, 2010)]);
    assert_eq!(
        one(&reg, RecordKind::Transfer).latest_status.as_deref(),
        Some("cancelled")
    );
}

fn visit(doc: &str, date: &str, place: &str) -> Record {
    Record {
        doc: doc.into(),
        fact: Fact::Engagement(Engagement {
            kind: EngagementType::Visit,
            parties: vec![
                Actor::new("India", ActorType::State, Some("IN".into())),
                Actor::new("United States", ActorType::State, Some("US".into())),
            ],
            date: Some(Date::parse(date).unwrap()),
            date_text: None,
            place: Some(place.into()),
            description: "visit".into(),
        }),
        evidence: ev(doc),
        sources: Vec::new(),
        confidence: 0.6,
    }
}

#[test]
fn engagements_by_parties_type_and_date() {
    let reg = resolve(vec![
        visit("a", "2020-10-26", "New Delhi"),
        visit("b", "2020-10", "Delhi"),
        visit("c", "2021-03-19", "New Delhi"),
    ]);
    let e: Vec<&Entry> = reg.of_kind(RecordKind::Engagement).collect();
    assert_eq!(e.len(), 2);
    let first = e.iter().find(|x| x.documents.len() == 2).unwrap();
    let Fact::Engagement(x) = &first.record.fact else {
        panic!()
    };
    assert_eq!(x.date, Some(Date::ymd(2020, 10, 26).unwrap()));
    assert!(first.conflicts.iter().any(|c| c.field == "place"));
}

#[test]
fn values_in_the_same_words_are_no_conflict() {
    let mut a = transfer(
        "a",
        Some("FN-6"),
        Category::AirDefence,
        Some(2009),
        None,
        TransferStatus::Ordered,
    );
    let mut b = transfer(
        "b",
        Some("FN-6"),
        Category::AirDefence,
        Some(2009),
        None,
        TransferStatus::Ordered,
    );
    for (r, text) in [(&mut a, "$1.1 million"), (&mut b, "US$1.1m")] {
        if let Fact::Transfer(t) = &mut r.fact {
            t.value = Some(Money {
                amount: 1_100_000,
                currency: "USD".into(),
                text: text.into(),
            });
        }
    }
    let t = transfers(vec![a, b]);
    assert_eq!(t.len(), 1);
    assert!(t[0].conflicts.is_empty(), "{:?}", t[0].conflicts);
    assert!(t[0].value_range.is_none());
}

#[test]
fn an_alias_naming_another_company_is_not_followed() {
    // The extractor gave Toshiba Machine's parent as an alias.
    let reg = resolve(vec![
        entity(
            "a",
            "Toshiba Machine Co.",
            ActorType::Company,
            Some("JP"),
            &["Toshiba Machine", "Toshiba Corp"],
        ),
        entity(
            "b",
            "Toshiba Corp",
            ActorType::Company,
            Some("JP"),
            &["Toshiba"],
        ),
        entity("c", "Toshiba", ActorType::Company, Some("JP"), &[]),
        entity(
            "c",
            "Toshiba Machine Co",
            ActorType::Company,
            Some("JP"),
            &["Toshiba"],
        ),
    ]);
    let machine = ids_of(&reg, &["Toshiba Machine Co."])[0].clone();
    let corp = ids_of(&reg, &["Toshiba Corp"])[0].clone();
    assert_ne!(machine, corp, "{:#?}", reg.entities);
    assert_eq!(reg.entity(&machine).unwrap().documents, ["a", "c"]);
    // Article a does name the parent, as an alias.
    assert_eq!(reg.entity(&corp).unwrap().documents, ["a", "b", "c"]);
}

#[test]
fn different_firms_supplying_one_country_are_different_deals() {
    let firm = |doc: &str, name: &str| {
        let mut r = transfer(
            doc,
            Some("P-3C"),
            Category::Aircraft,
            Some(1987),
            None,
            TransferStatus::Ordered,
        );
        if let Fact::Transfer(t) = &mut r.fact {
            t.suppliers = vec![Actor::new(name, ActorType::Company, Some("US".into()))];
            t.recipient = Actor::new("U.S. Navy", ActorType::ArmedForce, Some("US".into()));
        }
        r
    };
    let mut state_only = firm("c", "x");
    if let Fact::Transfer(t) = &mut state_only.fact {
        t.suppliers = vec![Actor::new(
            "United States",
            ActorType::State,
            Some("US".into()),
        )];
    }
    let t = transfers(vec![
        firm("a", "Lockheed Corp"),
        firm("b", "General Instrument Corp"),
        state_only,
    ]);
    assert_eq!(
        t.len(),
        2,
        "{:#?}",
        t.iter().map(|e| (&e.id, &e.documents)).collect::<Vec<_>>()
    );
}

/// The entity of `name` as named in `doc`.
fn entity_of<'r>(reg: &'r Register, doc: &str, name: &str) -> &'r str {
    reg.entities
        .iter()
        .find(|e| {
            e.documents.iter().any(|d| d == doc)
                && (e.name == name || e.aliases.iter().any(|a| a == name))
        })
        .map(|e| e.id.as_str())
        .unwrap_or_else(|| panic!("{name} of {doc} not resolved: {:#?}", reg.entities))
}

#[test]
fn services_of_one_state_stay_distinct() {
    // Article a gives "Navy" as an alias of the army (an extraction
    // slip); b and c name both services.
    let force = ActorType::ArmedForce;
    let reg = resolve(vec![
        entity("a", "Indian Army", force, Some("IN"), &["Army", "Navy"]),
        entity("b", "Indian Navy", force, Some("IN"), &["Navy"]),
        entity("b", "Indian Army", force, Some("IN"), &[]),
        entity("c", "Army", force, Some("IN"), &[]),
        entity("c", "Indian Air Force", force, Some("IN"), &["Air Force"]),
    ]);
    let army = entity_of(&reg, "b", "Indian Army");
    assert_ne!(army, entity_of(&reg, "b", "Indian Navy"));
    assert_ne!(army, entity_of(&reg, "c", "Indian Air Force"));
    assert_eq!(army, entity_of(&reg, "a", "Indian Army"));
    // A bare service with its country is that state's service.
    assert_eq!(army, entity_of(&reg, "c", "Army"));
}

#[test]
fn a_unit_is_not_its_service() {
    let force = ActorType::ArmedForce;
    let reg = resolve(vec![
        entity("a", "Army Aviation Corps", force, Some("IN"), &["Army"]),
        entity("b", "Indian Army", force, Some("IN"), &[]),
    ]);
    assert_ne!(
        entity_of(&reg, "a", "Army Aviation Corps"),
        entity_of(&reg, "b", "Indian Army")
    );
}

#[test]
fn similar_names_of_different_firms_stay_distinct_unless_an_alias_says_so() {
    let co = ActorType::Company;
    let reg = resolve(vec![
        entity("a", "Acme Electric", co, Some("US"), &["Acme", "AEX"]),
        entity("b", "Acme Atomics", co, Some("US"), &["Acme"]),
        entity("c", "Acme", co, Some("US"), &[]),
        entity("d", "AEX", co, Some("US"), &[]),
    ]);
    assert_ne!(
        entity_of(&reg, "a", "Acme Electric"),
        entity_of(&reg, "b", "Acme Atomics")
    );
    // A bare "Acme" elsewhere is evidence for neither.
    assert_ne!(
        entity_of(&reg, "c", "Acme"),
        entity_of(&reg, "a", "Acme Electric")
    );
    // The acronym defined in article a is.
    assert_eq!(
        entity_of(&reg, "d", "AEX"),
        entity_of(&reg, "a", "Acme Electric")
    );
}

#[test]
fn shared_generic_words_are_no_evidence() {
    // "Defence" given as an alias of two different Indian bodies.
    let gov = ActorType::GovernmentBody;
    let reg = resolve(vec![
        entity(
            "a",
            "Defence Research and Development Organisation",
            gov,
            Some("IN"),
            &["Defence"],
        ),
        entity(
            "b",
            "Defence Acquisition Council",
            gov,
            Some("IN"),
            &["Defence"],
        ),
        entity(
            "c",
            "Indian Navy",
            ActorType::ArmedForce,
            Some("IN"),
            &["Indian"],
        ),
        entity(
            "d",
            "Indian Army",
            ActorType::ArmedForce,
            Some("IN"),
            &["Indian"],
        ),
    ]);
    assert_ne!(
        entity_of(&reg, "a", "Defence Research and Development Organisation"),
        entity_of(&reg, "b", "Defence Acquisition Council")
    );
    assert_ne!(
        entity_of(&reg, "c", "Indian Navy"),
        entity_of(&reg, "d", "Indian Army")
    );
}

#[test]
fn a_person_alias_must_be_part_of_the_name() {
    let p = ActorType::Person;
    let reg = resolve(vec![
        entity(
            "a",
            "Farid Osman",
            p,
            Some("IN"),
            &["Osman", "Karim Osman Bey"],
        ),
        entity("b", "Karim Osman Bey", p, Some("IN"), &[]),
    ]);
    assert_ne!(
        entity_of(&reg, "a", "Farid Osman"),
        entity_of(&reg, "b", "Karim Osman Bey")
    );
}

/// A transfer of `system` to India's `recipient`, from `suppliers`.
fn deal(
    doc: &str,
    system: &str,
    suppliers: Vec<Actor>,
    recipient: Actor,
    q: Option<u64>,
) -> Record {
    let mut r = transfer(
        doc,
        Some(system),
        Category::Aircraft,
        Some(2021),
        q,
        TransferStatus::Ordered,
    );
    if let Fact::Transfer(t) = &mut r.fact {
        t.suppliers = suppliers;
        t.recipient = recipient;
    }
    r
}

fn state(name: &str, code: &str) -> Actor {
    Actor::new(name, ActorType::State, Some(code.into()))
}

#[test]
fn reports_disagreeing_on_the_supplier_are_one_deal_supplied_by_the_maker() {
    let iaf = || Actor::new("Indian Air Force", ActorType::ArmedForce, Some("IN".into()));
    let t = transfers(vec![
        deal("a", "G-12", vec![state("Germany", "DE")], iaf(), Some(56)),
        deal(
            "b",
            "G12 transport",
            vec![state("Spain", "ES")],
            iaf(),
            Some(56),
        ),
        deal("c", "G-12MW", vec![state("France", "FR")], iaf(), None),
    ]);
    assert_eq!(
        t.len(),
        1,
        "{:#?}",
        t.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
    let Fact::Transfer(m) = &t[0].record.fact else {
        panic!("not a transfer")
    };
    let countries: Vec<_> = m.suppliers.iter().map(|s| s.country.as_deref()).collect();
    assert_eq!(countries, [Some("ES")]);
    assert!(t[0].conflicts.iter().any(|c| c.field == "supplier country"));
}

#[test]
fn restated_designations_of_one_programme_join() {
    let india = || state("India", "IN");
    let hal = || vec![Actor::new("HAL", ActorType::Company, Some("IN".into()))];
    let t = transfers(vec![
        deal("a", "Zephyr Mk1A", hal(), india(), Some(83)),
        deal("b", "Zephyr Mk2", hal(), india(), None),
    ]);
    assert_eq!(t.len(), 1);
}

#[test]
fn one_system_in_two_quantities_is_two_deals() {
    // 56 for the air force, 15 for the navy: two contracts. (The buyer's
    // service alone does not split a deal: articles name it loosely.)
    let iaf = Actor::new("Indian Air Force", ActorType::ArmedForce, Some("IN".into()));
    let navy = Actor::new("Indian Navy", ActorType::ArmedForce, Some("IN".into()));
    let t = transfers(vec![
        deal("a", "G-12", vec![state("Spain", "ES")], iaf, Some(56)),
        deal("b", "G-12", vec![state("Spain", "ES")], navy, Some(15)),
    ]);
    assert_eq!(t.len(), 2);
}

/// Spain's G-12 for India in `q` units, at `status`.
fn g12_for_india(doc: &str, q: u64, status: TransferStatus) -> Record {
    let mut r = deal(
        doc,
        "G-12",
        vec![state("Spain", "ES")],
        state("India", "IN"),
        Some(q),
    );
    if let Fact::Transfer(t) = &mut r.fact {
        t.status = status;
    }
    r
}

#[test]
fn numbers_under_negotiation_move_within_one_deal() {
    // "talks for 30 drones", months later "the deal, cut to 18": one deal
    // while neither is ordered; two firm orders of other sizes stay two.
    let talks = g12_for_india;
    let t = transfers(vec![
        talks("a", 30, TransferStatus::Negotiating),
        talks("b", 18, TransferStatus::Negotiating),
    ]);
    assert_eq!(t.len(), 1);
    let t = transfers(vec![
        talks("a", 30, TransferStatus::Ordered),
        talks("b", 18, TransferStatus::Ordered),
    ]);
    assert_eq!(t.len(), 2);
}

#[test]
fn a_requirement_joins_the_order_unless_it_tells_of_more() {
    // "a requirement for 106 trainers", then "70 ordered": one programme;
    // "15 more" of no told stage beside the order is a follow-on.
    let report = |doc: &str, q: u64, status: TransferStatus, text: &str| {
        let mut r = g12_for_india(doc, q, status);
        r.evidence = vec![Evidence::from_span(text, 0, text.len()).unwrap()];
        r
    };
    let t = transfers(vec![
        report(
            "a",
            106,
            TransferStatus::Unknown,
            "India needs 106 G-12 trainers.",
        ),
        report(
            "b",
            70,
            TransferStatus::Ordered,
            "India ordered 70 G-12 trainers.",
        ),
    ]);
    assert_eq!(t.len(), 1);
    let t = transfers(vec![
        report(
            "a",
            15,
            TransferStatus::Unknown,
            "India will order 15 more G-12 trainers.",
        ),
        report(
            "b",
            70,
            TransferStatus::Ordered,
            "India ordered 70 G-12 trainers.",
        ),
    ]);
    assert_eq!(t.len(), 2);
}

#[test]
fn a_unit_price_is_kept_out_of_the_deal_value_with_a_note() {
    let mut r = deal(
        "a",
        "G-12",
        vec![state("Spain", "ES")],
        state("India", "IN"),
        Some(56),
    );
    let text = "Each G-12 costs $78 million per aircraft.";
    r.evidence = vec![Evidence::from_span(text, 0, text.len()).unwrap()];
    if let Fact::Transfer(t) = &mut r.fact {
        t.value = Some(Money {
            amount: 78_000_000,
            currency: "USD".into(),
            text: "$78 million".into(),
        });
    }
    let t = transfers(vec![r]);
    let Fact::Transfer(m) = &t[0].record.fact else {
        panic!("not a transfer")
    };
    assert_eq!(m.value, None);
    assert!(t[0]
        .checks
        .iter()
        .any(|c| c.rule == "unit-price" && !c.flagged));
    assert!(!t[0].flagged());
}

#[test]
fn a_flagged_entry_is_kept_marked_and_out_of_counts() {
    // India's army "supplying" India.
    let army = Actor::new("Indian Army", ActorType::ArmedForce, Some("IN".into()));
    let reg = resolve(vec![deal(
        "a",
        "G-12",
        vec![army],
        state("India", "IN"),
        None,
    )]);
    let e = one(&reg, RecordKind::Transfer);
    assert!(e.flagged(), "{:?}", e.checks);
    assert!(e.checks.iter().any(|c| c.rule == "supplier-is-recipient"));
    assert_eq!(
        reg.shown()
            .filter(|e| e.kind() == RecordKind::Transfer)
            .count(),
        0
    );
}

#[test]
fn a_report_naming_no_system_joins_only_its_article_or_its_quantity() {
    let china = || vec![state("China", "CN")];
    let india = || state("India", "IN");
    let mut drones = deal("b", "x", china(), india(), None);
    let mut same_doc = deal("a", "x", china(), india(), None);
    for r in [&mut drones, &mut same_doc] {
        if let Fact::Transfer(t) = &mut r.fact {
            t.system.name = None;
        }
    }
    let t = transfers(vec![
        deal("a", "Zephyr", china(), india(), Some(114)),
        same_doc,
        drones,
    ]);
    let docs: Vec<_> = t.iter().map(|e| e.documents.clone()).collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(docs.contains(&vec!["a".to_string()]));
    assert!(docs.contains(&vec!["b".to_string()]));
}

#[test]
fn a_parent_subsidiary_or_unit_given_as_an_alias_stays_apart() {
    let co = ActorType::Company;
    let reg = resolve(vec![
        // The parent group and a subsidiary's acronym given as aliases.
        entity(
            "a",
            "Bharat Widgets",
            co,
            Some("IN"),
            &["Kalyani Group", "KWSL"],
        ),
        entity("a", "Kalyani Widget Systems Limited", co, Some("IN"), &[]),
        entity("b", "Kalyani Group", co, Some("IN"), &[]),
        // A coast guard given its parent force's acronym.
        entity(
            "c",
            "MNDF Coast Guard",
            ActorType::ArmedForce,
            Some("MV"),
            &["MNDF"],
        ),
        entity(
            "d",
            "Maldives National Defence Force",
            ActorType::ArmedForce,
            Some("MV"),
            &["MNDF"],
        ),
    ]);
    let bw = entity_of(&reg, "a", "Bharat Widgets");
    assert_ne!(bw, entity_of(&reg, "b", "Kalyani Group"));
    assert_ne!(bw, entity_of(&reg, "a", "Kalyani Widget Systems Limited"));
    assert_ne!(
        entity_of(&reg, "c", "MNDF Coast Guard"),
        entity_of(&reg, "d", "Maldives National Defence Force")
    );
}

/// A transfer of `system` from `supplier` to Peru, reported in `doc`.
fn told(doc: &str, system: Option<&str>, supplier: Actor, q: Option<u64>) -> Record {
    let mut r = transfer(
        doc,
        system,
        Category::Aircraft,
        Some(2021),
        q,
        TransferStatus::Ordered,
    );
    if let Fact::Transfer(t) = &mut r.fact {
        t.suppliers = vec![supplier];
    }
    r
}

fn docs_of(t: &[Entry]) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = t.iter().map(|e| e.documents.clone()).collect();
    v.sort();
    v
}

#[test]
fn state_bodies_speak_for_the_state_on_the_supplier_side() {
    // Rule `state-bodies-speak-for-the-state`: one sale told as the
    // state's, its defence ministry's and its navy's.
    let ministry = Actor::new(
        "Chinese Defence Ministry",
        ActorType::GovernmentBody,
        Some("CN".into()),
    );
    let navy = Actor::new("Chinese Navy", ActorType::ArmedForce, Some("CN".into()));
    let norinco = Actor::new(
        "China North Industries Corp.",
        ActorType::Company,
        Some("CN".into()),
    );
    let t = transfers(vec![
        told("a", Some("G-12"), ministry, Some(4)),
        told("b", Some("G-12"), navy, None),
        told("c", Some("G-12"), state("China", "CN"), Some(4)),
        // A firm of that state agrees with the state's bodies too.
        told("d", Some("G-12"), norinco, None),
    ]);
    assert_eq!(docs_of(&t), [["a", "b", "c", "d"]], "{t:#?}");
}

#[test]
fn a_designation_joins_when_one_member_is_its_system_and_none_contradicts() {
    // Rule `system-joins-by-evidence`: "Zephyr ZX-9B", then the bare
    // "Zephyr", then "ZX-9B Zephyr" are one programme even though the bare
    // name and the last are no family pairwise.
    let china = || state("China", "CN");
    let t = transfers(vec![
        told("a", Some("Zephyr ZX-9B"), china(), None),
        told("b", Some("Zephyr"), china(), None),
        told("c", Some("ZX-9B Zephyr"), china(), None),
    ]);
    assert_eq!(docs_of(&t), [["a", "b", "c"]], "{t:#?}");
    // Another letters-and-number core contradicts the first member: two
    // systems, however the bare name links them.
    let t = transfers(vec![
        told("a", Some("Zephyr ZX-9B"), china(), None),
        told("b", Some("Zephyr"), china(), None),
        told("c", Some("ZX-1C Zephyr"), china(), None),
    ]);
    assert_eq!(docs_of(&t), [vec!["a", "b"], vec!["c"]], "{t:#?}");
}

#[test]
fn two_names_of_one_gazetteer_system_are_one_family() {
    // Rule `one-system-family`: the gazetteer lists "Sea Watcher" and
    // "OS-4B" as names of the Osprey-4; "Kestrel" is another system.
    let us = || state("United States", "US");
    let t = transfers(vec![
        told("a", Some("Sea Watcher"), us(), Some(10)),
        told("b", Some("OS-4B"), us(), None),
        told("c", Some("Osprey-4"), us(), Some(10)),
        told("d", Some("Kestrel"), us(), Some(10)),
    ]);
    assert_eq!(docs_of(&t), [vec!["a", "b", "c"], vec!["d"]], "{t:#?}");
}

/// A tender of Peru's `buyer` for `item`, reported in `doc` in 2021.
fn tender(doc: &str, buyer: Actor, item: &str, bidder: &str) -> Record {
    Record {
        doc: doc.into(),
        fact: Fact::Contest(Contest {
            buyer,
            item: System {
                name: Some(item.into()),
                description: None,
                category: Category::Aircraft,
            },
            value: None,
            bidders: vec![state(bidder, bidder)],
            winner: None,
            awarded: Some(Date::year(2021)),
            protests: Vec::new(),
            status: ContestStatus::Open,
            cancelled: None,
        }),
        evidence: ev(doc),
        sources: Vec::new(),
        confidence: 0.6,
    }
}

fn contests(records: Vec<Record>) -> Vec<Entry> {
    resolve(records)
        .of_kind(RecordKind::Contest)
        .cloned()
        .collect()
}

#[test]
fn rival_bids_of_one_role_are_one_tender() {
    // Rule `rival-bids`: one article writes of the Zephyr's bid, another of
    // the Harrier-9's; the gazetteer makes both fighters. A transport
    // aircraft is another tender.
    let paf = || {
        Actor::new(
            "Peruvian Air Force",
            ActorType::ArmedForce,
            Some("PE".into()),
        )
    };
    let c = contests(vec![
        tender("a", paf(), "Zephyr Mk1", "IN"),
        tender("b", state("Peru", "PE"), "Harrier-9", "FR"),
        tender("c", paf(), "G-12", "ES"),
    ]);
    assert_eq!(docs_of(&c), [vec!["a", "b"], vec!["c"]], "{c:#?}");
}

#[test]
fn tenders_of_two_services_stay_two() {
    // Rule `one-buyer-service`: the air force's and the navy's fighter
    // tenders are two; the state names no service and joins one of them.
    let paf = Actor::new(
        "Peruvian Air Force",
        ActorType::ArmedForce,
        Some("PE".into()),
    );
    let navy = Actor::new("Peruvian Navy", ActorType::ArmedForce, Some("PE".into()));
    let c = contests(vec![
        tender("a", paf, "Zephyr", "IN"),
        tender("b", navy, "Zephyr", "IN"),
        tender("c", state("Peru", "PE"), "Zephyr", "IN"),
    ]);
    assert_eq!(c.len(), 2, "{c:#?}");
    let docs: Vec<usize> = docs_of(&c).iter().map(Vec::len).collect();
    assert_eq!(docs.iter().sum::<usize>(), 3);
}

fn decided(records: Vec<Record>, merges: &[(&str, &str)], splits: &[(&str, &str)]) -> Register {
    let g = gazetteer();
    let pairs = |ps: &[(&str, &str)]| {
        ps.iter()
            .map(|(a, b)| (name_key(a), name_key(b)))
            .collect::<Vec<_>>()
    };
    let d = EntityDecisions {
        merges: pairs(merges),
        splits: pairs(splits),
    };
    Consolidator::new(&g)
        .with_decisions(d)
        .consolidate(records.into_iter().map(|r| Report::new(r, None)).collect())
}

#[test]
fn an_analyst_merge_joins_names_no_rule_joins() {
    let records = || {
        vec![
            company("a", "Andes Dynamics Corp", Some("PE")),
            company("b", "Cordillera Systems Ltd", Some("PE")),
            company("c", "Cordillera Systems", Some("PE")),
        ]
    };
    let before = decided(records(), &[], &[]);
    let ids = ids_of(&before, &["Andes Dynamics Corp", "Cordillera Systems Ltd"]);
    assert_ne!(ids[0], ids[1]);
    let after = decided(
        records(),
        &[("andes dynamics corp", "Cordillera Systems Ltd.")],
        &[],
    );
    let ids = ids_of(
        &after,
        &[
            "Andes Dynamics Corp",
            "Cordillera Systems Ltd",
            "Cordillera Systems",
        ],
    );
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
}

#[test]
fn an_analyst_split_keeps_apart_names_a_rule_joined() {
    let records = || {
        vec![
            company("j", "Zeta Dynamics Co. Ltd", Some("JP")),
            company("k", "Zeta Dynamics", Some("JP")),
            company("l", "Zeta Dynamics", Some("JP")),
        ]
    };
    let before = decided(records(), &[], &[]);
    let ids = ids_of(&before, &["Zeta Dynamics Co. Ltd", "Zeta Dynamics"]);
    assert_eq!(ids[0], ids[1]);
    let after = decided(records(), &[], &[("Zeta Dynamics", "zeta dynamics co ltd")]);
    let ids = ids_of(&after, &["Zeta Dynamics Co. Ltd", "Zeta Dynamics"]);
    assert_ne!(ids[0], ids[1]);
    // A merge does not override a split between the same names.
    let both = decided(
        records(),
        &[("Zeta Dynamics", "Zeta Dynamics Co. Ltd")],
        &[("Zeta Dynamics", "Zeta Dynamics Co. Ltd")],
    );
    let ids = ids_of(&both, &["Zeta Dynamics Co. Ltd", "Zeta Dynamics"]);
    assert_ne!(ids[0], ids[1]);
}
