//! Reconciliation with SIPRI on our own SIPRI-format fixture
//! (`tests/consolidation/sipri-fixture.csv`: rows composed for these tests
//! in SIPRI's layout, Latin-1, with a broken comment and a non-state
//! recipient).

use armswatch_consolidate::reconcile::{reconcile, render, Filter, MatchedBy};
use armswatch_consolidate::sipri::{self, Countries, PartyKind};
use armswatch_consolidate::testgaz::gazetteer;
use armswatch_consolidate::{Consolidator, Register, Report};
use armswatch_register::{
    Actor, ActorType, Category, Contest, ContestStatus, Date, Evidence, Fact, Record, System,
    Transfer, TransferStatus,
};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/consolidation/sipri-fixture.csv"
);

fn fixture() -> sipri::SipriFile {
    let g = gazetteer();
    let c = Countries::new(&g);
    sipri::parse(
        &g,
        &c,
        &std::fs::read(FIXTURE).unwrap(),
        "sipri-fixture.csv",
    )
    .unwrap()
}

#[test]
fn reads_sipri_s_layout() {
    let f = fixture();
    assert_eq!(f.preamble.len(), 11);
    assert_eq!(f.generated.as_deref(), Some("02 Jan 2025 09:00:00 AM"));
    assert_eq!(f.data_year, Some(2024));
    assert_eq!(f.rows.len(), 5, "{:?}", f.warnings);
    let fn6 = &f.rows[0];
    assert_eq!(
        (fn6.recipient.code.as_deref(), fn6.supplier.code.as_deref()),
        (Some("PE"), Some("CN"))
    );
    assert_eq!(fn6.number_ordered, Some(12));
    assert!(fn6.number_ordered_estimated && !fn6.order_year_estimated);
    assert_eq!(fn6.category, Category::AirDefence);
    let s400 = &f.rows[1];
    assert_eq!(s400.delivery_years, [2021, 2022]);
    assert_eq!(s400.tiv_total, Some(300.0));
    // Latin-1 decoded.
    assert!(
        f.rows[2].comments.contains("Perú"),
        "{}",
        f.rows[2].comments
    );
    assert_eq!(f.rows[2].tiv_total, None);
    let houthi = &f.rows[3];
    assert_eq!(houthi.recipient.kind, PartyKind::NonState);
    assert_eq!(houthi.recipient.code.as_deref(), Some("YE"));
    assert!(houthi.order_year_estimated);
    // The comment broken over two lines is one row.
    assert_eq!(f.rows[4].comments, "Test row whose comment is broken");
    assert_eq!(f.rows[4].tiv_delivered, Some(3.0));
    // Not a SIPRI file.
    let g = gazetteer();
    let c = Countries::new(&g);
    assert!(sipri::parse(&g, &c, b"a,b\n1,2\n", "x").is_err());
}

fn ev() -> Vec<Evidence> {
    vec![Evidence {
        start: 0,
        end: 1,
        text: "x".into(),
        doc: None,
    }]
}

fn state(code: &str) -> Actor {
    Actor::new(code, ActorType::State, Some(code.into()))
}

fn deal(
    doc: &str,
    sup: Actor,
    rec: &str,
    name: Option<&str>,
    cat: Category,
    year: i32,
    status: TransferStatus,
) -> Record {
    Record {
        doc: doc.into(),
        fact: Fact::Transfer(Transfer {
            suppliers: vec![sup],
            recipient: state(rec),
            system: System {
                name: name.map(String::from),
                description: Some("described".into()),
                category: cat,
            },
            quantity: None,
            value: None,
            date: Some(Date::year(year)),
            date_text: None,
            status,
        }),
        evidence: ev(),
        sources: Vec::new(),
        confidence: 0.8,
    }
}

fn register() -> Register {
    use TransferStatus::*;
    let cpmiec = Actor::new(
        "China Precision Machinery Import Export Corp.",
        ActorType::Company,
        Some("CN".into()),
    );
    let records = vec![
        // No designation: category, countries and year must do.
        deal(
            "manpads",
            cpmiec,
            "PE",
            None,
            Category::AirDefence,
            2009,
            Delivered,
        ),
        deal(
            "s400",
            state("RU"),
            "IN",
            Some("S-400"),
            Category::AirDefence,
            2018,
            Ordered,
        ),
        deal(
            "tanks",
            state("CN"),
            "PE",
            Some("MBT-2000"),
            Category::ArmouredVehicle,
            2009,
            Stalled,
        ),
        deal(
            "rifles",
            state("CN"),
            "PE",
            None,
            Category::SmallArms,
            2010,
            Delivered,
        ),
        deal(
            "offer",
            state("RU"),
            "PE",
            Some("Su-35"),
            Category::Aircraft,
            2011,
            Offered,
        ),
        deal(
            "late",
            state("CN"),
            "PE",
            Some("VN-1"),
            Category::ArmouredVehicle,
            2025,
            Ordered,
        ),
        deal(
            "other",
            state("CN"),
            "PE",
            Some("Z-9"),
            Category::Aircraft,
            2012,
            Delivered,
        ),
        Record {
            doc: "tender".into(),
            fact: Fact::Contest(Contest {
                buyer: Actor::new(
                    "Peruvian Defense Ministry",
                    ActorType::GovernmentBody,
                    Some("PE".into()),
                ),
                item: System {
                    name: None,
                    description: Some("air defence system".into()),
                    category: Category::AirDefence,
                },
                value: None,
                bidders: Vec::new(),
                winner: None,
                awarded: None,
                protests: Vec::new(),
                status: ContestStatus::Cancelled,
                cancelled: Some(Date::year(2012)),
            }),
            evidence: ev(),
            sources: Vec::new(),
            confidence: 0.6,
        },
    ];
    let g = gazetteer();
    Consolidator::new(&g).consolidate(records.into_iter().map(|r| Report::new(r, None)).collect())
}

#[test]
fn three_lists_with_reasons() {
    let f = fixture();
    let reg = register();
    let id_of = |doc: &str| {
        reg.entries
            .iter()
            .find(|e| e.documents == [doc])
            .unwrap()
            .id
            .clone()
    };
    let r = reconcile(&reg.entries, &f.rows, &Filter::default(), f.data_year);
    let matched = |doc: &str| r.matched.iter().find(|m| m.entry == id_of(doc));
    let m = matched("manpads").expect("MANPADS matched by category");
    assert_eq!((m.rows.clone(), m.by), (vec![0], MatchedBy::Category));
    let m = matched("s400").expect("S-400 matched by designation");
    assert_eq!((m.rows.clone(), m.by), (vec![1], MatchedBy::Designation));
    let why = |doc: &str| {
        r.news_only
            .iter()
            .find(|n| n.entry == id_of(doc))
            .unwrap_or_else(|| panic!("{doc} not news-only: {r:#?}"))
            .why
            .clone()
            .unwrap_or_default()
    };
    assert!(why("tanks").starts_with("stalled"));
    assert!(why("tender").starts_with("tender/contest"));
    assert!(why("rifles").starts_with("small arms"));
    assert!(why("offer").starts_with("offer"));
    assert!(why("late").contains("after SIPRI's data year (2024)"));
    assert_eq!(why("other"), "");
    // Only in SIPRI: the trainers, the drones, the rocket launchers.
    let only: Vec<&str> = r
        .sipri_only
        .iter()
        .map(|&i| f.rows[i].designation.as_str())
        .collect();
    assert_eq!(only, ["KT-1", "Type-90 122mm", "Qasef-1"]);
    let text = render(&r, &reg.entries, &f.rows, f.data_year);
    assert!(
        text.contains("== matched: in the news and in SIPRI (2)"),
        "{text}"
    );
    assert!(text.contains("== only in SIPRI (3)"), "{text}");
}

#[test]
fn filters_by_recipient_supplier_and_years() {
    let f = fixture();
    let reg = register();
    let pe = Filter {
        recipient: Some("PE".into()),
        ..Filter::default()
    };
    let r = reconcile(&reg.entries, &f.rows, &pe, f.data_year);
    assert_eq!(r.matched.len(), 1);
    assert_eq!(r.sipri_only.len(), 2);
    let years = Filter {
        recipient: Some("PE".into()),
        supplier: Some("CN".into()),
        years: Some((2008, 2010)),
    };
    let r = reconcile(&reg.entries, &f.rows, &years, f.data_year);
    assert_eq!(r.matched.len(), 1);
    assert_eq!(r.news_only.len(), 2, "{r:#?}"); // tanks, rifles
    assert!(r.sipri_only.is_empty());
    // Out of the year window: no match.
    let none = Filter {
        years: Some((1990, 1995)),
        ..Filter::default()
    };
    let r = reconcile(&reg.entries, &f.rows, &none, f.data_year);
    assert!(r.matched.is_empty() && r.sipri_only.is_empty());
}
