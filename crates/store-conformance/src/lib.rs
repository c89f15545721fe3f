//! The behaviour every [`Store`] backend must have, written once and run
//! against each backend (SQLite in `tests/sqlite.rs`, PostgreSQL in
//! `crates/store-pg/tests/conformance.rs`) through [`store_tests!`].
//!
//! A backend gives a [`Backend`]: a fresh empty register per test, opened
//! as often as a test asks, plus two views of its own tables that the
//! trait does not offer (a dump of every row, and a way to make the
//! database itself refuse one document).

// Test code: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

mod suite;

pub use suite::*;

use armswatch_register::{
    Actor, ActorType, Category, Contest, ContestStatus, Date, Document, Engagement, EngagementType,
    Entity, Evidence, Fact, Money, Protest, Record, System, Transfer, TransferStatus,
};
use armswatch_store::Store;

/// One register of one backend, made for one test.
pub trait Backend: Sync {
    /// Opens the test's register (again: every call is a new connection to
    /// the same data).
    fn open(&self) -> Box<dyn Store>;
    /// Every row of every table of the register, read through a separate
    /// connection, as sorted text.
    fn dump(&self) -> Vec<String>;
    /// Makes the database itself refuse to insert a document with id
    /// `id`, with an error whose message holds "forced failure".
    fn refuse_document(&self, id: &str);
}

/// Defines one `#[test]` per behaviour of the suite; `$make` is an
/// expression giving `Option<impl Backend>` (`None`: the backend is not
/// available here and the test is skipped, having said why).
#[macro_export]
macro_rules! store_tests {
    ($make:expr) => {
        $crate::store_tests!(@each $make;
            put_then_read_back_equal,
            putting_the_same_batch_twice_changes_nothing,
            same_id_new_hash_replaces_document_and_records,
            an_id_twice_in_one_batch_is_taken_in_order,
            documents_without_hash_are_compared_by_text,
            a_database_error_midway_rolls_back_the_whole_batch,
            an_invalid_record_midway_rolls_back_the_whole_batch,
            filters_by_code_name_role_year_kind_and_doc,
            search_finds_documents_with_snippets,
            hostile_search_input_neither_fails_nor_damages,
            reopened_with_data_intact,
            replace_records_swaps_records_only,
            works_as_a_trait_object_and_streams_records,
            streams_many_records_in_order_with_paging,
            long_texts_are_stored_and_searched,
            concurrent_writers_wait_for_each_other
        );
    };
    (@each $make:expr; $($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                if let Some(backend) = $make {
                    $crate::$name(&backend);
                }
            }
        )*
    };
}

// ---------------------------------------------------------------- fixtures

/// Tests only need distinct hashes for distinct texts (FNV-1a).
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

pub fn doc(id: &str, title: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        text: text.into(),
        published: Some(Date::parse("2012-06-10").unwrap()),
        outlet: Some("The Test Gazette".into()),
        title: Some(title.into()),
        url: Some(format!("https://example.org/{id}")),
        origin: Some(format!("{id}.txt")),
        content_hash: hash(text),
    }
}

fn ev(text: &str, needle: &str) -> Vec<Evidence> {
    let start = text.find(needle).expect("needle in text");
    vec![Evidence::from_span(text, start, start + needle.len()).unwrap()]
}

pub fn actor(name: &str, kind: ActorType, country: &str) -> Actor {
    Actor::new(name, kind, Some(country.into()))
}

pub fn record(doc: &Document, needle: &str, fact: Fact) -> Record {
    Record {
        doc: doc.id.clone(),
        fact,
        evidence: ev(&doc.text, needle),
        sources: Vec::new(),
        confidence: 0.75,
    }
}

/// The text of the fixture's first document.
pub const TANKS: &str = "Peru shelved its plan to buy MBT-2000 tanks from China in 2009. \
                     The deal, worth $114 million, was offered by Norinco with partners.";
const RADARS: &str = "The Peruvian defence ministry cancelled a radar tender in March 2011. \
                      Rafael had bid, and so had a consortium led by Thales. Elbit protested.";
const VISIT: &str =
    "Russia's defence minister visited Lima in May 2012 to meet Peruvian officials.";

/// A transfer with a supplier consortium, a contest with a bidding
/// consortium and a protest, an engagement, and an entity with an alias.
pub fn fixture() -> Vec<(Document, Vec<Record>)> {
    let d1 = doc("d1-tanks", "Peru shelves tank deal", TANKS);
    let mut consortium = Actor::new("Sino Armour Group", ActorType::Consortium, None);
    let mut norinco = actor("Norinco", ActorType::Company, "CN");
    norinco.aliases = vec!["China North Industries Corporation".into()];
    consortium.members = vec![norinco];
    let mut transfer = record(
        &d1,
        "Peru shelved its plan to buy MBT-2000 tanks from China in 2009.",
        Fact::Transfer(Transfer {
            suppliers: vec![actor("China", ActorType::State, "CN"), consortium],
            recipient: actor("Peruvian Army", ActorType::ArmedForce, "PE"),
            system: System {
                name: Some("MBT-2000".into()),
                description: Some("main battle tanks".into()),
                category: Category::ArmouredVehicle,
            },
            quantity: Some(120),
            value: Some(Money {
                amount: 114_000_000,
                currency: "USD".into(),
                text: "$114 million".into(),
            }),
            date: Some(Date::year(2009)),
            date_text: Some("in 2009".into()),
            status: TransferStatus::Stalled,
        }),
    );
    transfer.sources = vec!["La Republica".into()];
    let entity = record(
        &d1,
        "offered by Norinco",
        Fact::Entity(Entity {
            name: "Norinco".into(),
            kind: ActorType::Company,
            country: Some("CN".into()),
            aliases: vec!["China North Industries Corporation".into()],
            role: None,
            affiliation: None,
            members: Vec::new(),
        }),
    );

    let d2 = doc("d2-radars", "Radar tender cancelled", RADARS);
    let mut thales_group = Actor::new("Thales-led consortium", ActorType::Consortium, None);
    thales_group.members = vec![actor("Thales", ActorType::Company, "FR")];
    let contest = record(
        &d2,
        "The Peruvian defence ministry cancelled a radar tender in March 2011.",
        Fact::Contest(Contest {
            buyer: actor("Ministry of Defence", ActorType::GovernmentBody, "PE"),
            item: System {
                name: None,
                description: Some("radars".into()),
                category: Category::Sensor,
            },
            // Beyond i64: kept in JSON, left out of the flat column.
            value: Some(Money {
                amount: u64::MAX,
                currency: "PEN".into(),
                text: "a lot".into(),
            }),
            bidders: vec![actor("Rafael", ActorType::Company, "IL"), thales_group],
            winner: None,
            awarded: None,
            protests: vec![Protest {
                by: actor("Elbit", ActorType::Company, "IL"),
                grounds: None,
                date: None,
            }],
            status: ContestStatus::Cancelled,
            cancelled: Some(Date::month(2011, 3)),
        }),
    );

    let d3 = doc("d3-visit", "Russian minister in Lima", VISIT);
    let engagement = record(
        &d3,
        VISIT,
        Fact::Engagement(Engagement {
            kind: EngagementType::Visit,
            parties: vec![
                actor("Russia", ActorType::State, "RU"),
                actor("Peru", ActorType::State, "PE"),
            ],
            date: Some(Date::month(2012, 5)),
            date_text: Some("in May 2012".into()),
            place: Some("Lima".into()),
            description: "Russian defence minister visits Lima".into(),
        }),
    );

    vec![
        (d1, vec![transfer, entity]),
        (d2, vec![contest]),
        (d3, vec![engagement]),
    ]
}
