use super::*;
use crate::testgaz::gazetteer;
use armswatch_register::System;

fn actor(name: &str, kind: ActorType, country: &str) -> Actor {
    let mut a = Actor::new(name, kind, Some(country.into()));
    a.id = Some(name.to_lowercase().replace(' ', "-"));
    a
}

fn transfer(supplier: Actor, recipient: Actor, system: &str, cat: Category) -> Transfer {
    Transfer {
        suppliers: vec![supplier],
        recipient,
        system: System {
            name: Some(system.into()),
            description: None,
            category: cat,
        },
        quantity: None,
        value: None,
        date: None,
        date_text: None,
        status: armswatch_register::TransferStatus::Ordered,
    }
}

fn usd(amount: u64, text: &str) -> Money {
    Money {
        amount,
        currency: "USD".into(),
        text: text.into(),
    }
}

fn ev(text: &str) -> Vec<Evidence> {
    vec![Evidence {
        start: 0,
        end: text.len(),
        text: text.into(),
        doc: None,
    }]
}

#[test]
fn a_body_does_not_supply_its_own_state() {
    let india = actor("India", ActorType::State, "IN");
    let army = actor("Indian Army", ActorType::ArmedForce, "IN");
    let t = transfer(army.clone(), india, "Zephyr", Category::Aircraft);
    assert_eq!(
        supplier_is_recipient(&t).unwrap().rule,
        "supplier-is-recipient"
    );
    // A domestic firm does supply its own state's army.
    let firm = actor("Ruritanian Widgets", ActorType::Company, "IN");
    let t = transfer(firm, army.clone(), "Zephyr", Category::Aircraft);
    assert!(supplier_is_recipient(&t).is_none());
    // The state supplying its own army: domestic production, noted.
    let india = actor("India", ActorType::State, "IN");
    let t = transfer(india, army, "Zephyr", Category::Aircraft);
    assert!(!supplier_is_recipient(&t).unwrap().flagged);
}

#[test]
fn the_maker_country_agrees_with_the_supplier_or_the_record_says_why() {
    let g = gazetteer();
    let ph = actor("Philippines", ActorType::State, "PH");
    let india = actor("India", ActorType::State, "IN");
    // Zephyr is made in India (test gazetteer): a sale to the Philippines
    // stored the wrong way round.
    let swapped = transfer(ph.clone(), india.clone(), "Zephyr", Category::Aircraft);
    let c = maker_country_agrees(&g, &swapped, &ev("The Philippines bought Zephyrs.")).unwrap();
    assert!(c.flagged && c.reason.contains("swapped"), "{c:?}");
    let right = transfer(india, ph.clone(), "Zephyr Mk1", Category::Aircraft);
    assert!(maker_country_agrees(&g, &right, &[]).is_none());
    // Built under licence elsewhere: a note, not a flag.
    let peru = actor("Peru", ActorType::State, "PE");
    let licensed = transfer(peru, ph, "Zephyr", Category::Aircraft);
    let c =
        maker_country_agrees(&g, &licensed, &ev("Peru builds the Zephyr under licence.")).unwrap();
    assert!(!c.flagged, "{c:?}");
    // A name two makers use says nothing.
    let france = actor("France", ActorType::State, "FR");
    let kestrel = transfer(france, peru_actor(), "Kestrel", Category::Aircraft);
    assert!(maker_country_agrees(&g, &kestrel, &[]).is_none());
}

#[test]
fn a_unit_price_is_not_a_value() {
    let m = usd(78_000_000, "$78 million");
    assert!(is_unit_price(
        &m,
        &ev("The jets cost $78 million per aircraft.")
    ));
    assert!(is_unit_price(&m, &ev("at $78 million each")));
    assert!(is_unit_price(&m, &ev("a unit cost of $78 million")));
    assert!(!is_unit_price(
        &m,
        &ev("a deal worth $78 million for 3 aircraft")
    ));
}

#[test]
fn weapons_programmes_and_banks_are_not_parties() {
    let g = gazetteer();
    let india = actor("India", ActorType::State, "IN");
    let weapon = actor("Zephyr Basic Trainer Aircraft", ActorType::Company, "IN");
    let t = transfer(weapon, india.clone(), "Zephyr", Category::Aircraft);
    assert_eq!(not_a_party(&g, &t).len(), 1);
    let bank = actor("Ruritanian Development Bank", ActorType::Other, "XX");
    assert_eq!(
        not_a_party(
            &g,
            &transfer(bank, india.clone(), "G-12", Category::Aircraft)
        )
        .len(),
        1
    );
    let programme = actor("Future Fighter Programme", ActorType::Other, "IN");
    assert_eq!(
        not_a_party(
            &g,
            &transfer(programme, india.clone(), "G-12", Category::Aircraft)
        )
        .len(),
        1
    );
    // A firm named after its missile is a firm; so is one named like the
    // start of a designation, or after aircraft in general.
    for firm in ["Zephyr Aerospace", "Zeph", "Ruritanian Aircraft"] {
        let firm = actor(firm, ActorType::Company, "IN");
        let t = transfer(firm, india.clone(), "Zephyr", Category::Aircraft);
        assert!(not_a_party(&g, &t).is_empty(), "{t:?}");
    }
}

#[test]
fn values_out_of_proportion_are_flagged() {
    let india = actor("India", ActorType::State, "IN");
    let spain = actor("Spain", ActorType::State, "ES");
    let mut t = transfer(spain, india, "G-12", Category::Aircraft);
    t.quantity = Some(56);
    t.value = Some(usd(2_500_000_000, "$2.5 billion"));
    assert!(value_out_of_proportion(&t).is_none());
    // $5,000 for 56 aircraft.
    t.value = Some(usd(5_000, "$5,000"));
    assert!(value_out_of_proportion(&t).unwrap().flagged);
    // $900 billion for 2 aircraft.
    t.quantity = Some(2);
    t.value = Some(usd(900_000_000_000, "$900 billion"));
    assert!(value_out_of_proportion(&t).is_some());
}

fn peru_actor() -> Actor {
    actor("Peru", ActorType::State, "PE")
}

#[test]
fn a_contest_buyer_is_not_a_bank() {
    let g = gazetteer();
    let c = Contest {
        buyer: actor("Ruritanian Development Bank", ActorType::Other, "XX"),
        item: System {
            name: Some("G-12".into()),
            description: None,
            category: Category::Aircraft,
        },
        value: None,
        bidders: vec![actor("Acme Aerospace", ActorType::Company, "US")],
        winner: None,
        awarded: None,
        protests: Vec::new(),
        status: armswatch_register::ContestStatus::Open,
        cancelled: None,
    };
    let found = check_contest(&g, &c);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].reason.contains("bank"));
}
