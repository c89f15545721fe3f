//! Writes a large synthetic register for the API latency benchmark
//! (`bench/api_latency.sh`): documents of plain template sentences, each
//! with transfers, a contest or an engagement, and entities, every record
//! with exact evidence. Seeded, so the same arguments give the same file.
//!
//!     cargo run --release -p armswatch-serve --example synth_register -- OUT.db [RECORDS]

use armswatch_register::{
    Actor, ActorType, Category, Contest, ContestStatus, Date, Document, Engagement, EngagementType,
    Entity, Evidence, Fact, Money, Record, System, Transfer, TransferStatus,
};
use armswatch_store::{SqliteStore, Store};

/// Suppliers and recipients, roughly in order of how often they trade.
const SUPPLIERS: [(&str, &str); 12] = [
    ("US", "United States"),
    ("RU", "Russia"),
    ("FR", "France"),
    ("CN", "China"),
    ("DE", "Germany"),
    ("IT", "Italy"),
    ("GB", "United Kingdom"),
    ("ES", "Spain"),
    ("IL", "Israel"),
    ("KR", "South Korea"),
    ("SE", "Sweden"),
    ("TR", "Türkiye"),
];
const RECIPIENTS: [(&str, &str); 20] = [
    ("IN", "India"),
    ("SA", "Saudi Arabia"),
    ("QA", "Qatar"),
    ("EG", "Egypt"),
    ("AU", "Australia"),
    ("CN", "China"),
    ("KR", "South Korea"),
    ("PK", "Pakistan"),
    ("JP", "Japan"),
    ("US", "United States"),
    ("PE", "Peru"),
    ("BR", "Brazil"),
    ("DZ", "Algeria"),
    ("AE", "United Arab Emirates"),
    ("PL", "Poland"),
    ("UA", "Ukraine"),
    ("ID", "Indonesia"),
    ("VN", "Viet Nam"),
    ("CL", "Chile"),
    ("NG", "Nigeria"),
];
const FIRMS: [(&str, &str); 10] = [
    ("Lockheed Martin", "US"),
    ("Raytheon", "US"),
    ("Rosoboronexport", "RU"),
    ("Dassault Aviation", "FR"),
    ("Naval Group", "FR"),
    ("NORINCO", "CN"),
    ("Rheinmetall", "DE"),
    ("Leonardo", "IT"),
    ("BAE Systems", "GB"),
    ("Saab", "SE"),
];
const SYSTEMS: [(&str, &str, Category); 8] = [
    ("F-16V", "fighter aircraft", Category::Aircraft),
    ("T-90S", "main battle tanks", Category::ArmouredVehicle),
    ("S-400", "air defence systems", Category::AirDefence),
    ("Scorpene", "submarines", Category::Ship),
    ("K9", "self-propelled howitzers", Category::Artillery),
    ("Exocet", "anti-ship missiles", Category::Missile),
    ("AH-64E", "attack helicopters", Category::Aircraft),
    ("Giraffe 4A", "radars", Category::Sensor),
];
const STATUSES: [TransferStatus; 6] = [
    TransferStatus::Ordered,
    TransferStatus::Delivered,
    TransferStatus::Offered,
    TransferStatus::Negotiating,
    TransferStatus::Cancelled,
    TransferStatus::Stalled,
];

/// xorshift64*: small, seeded, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards the start of a list (rank r with weight 1/(r+1)).
    fn skewed(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|r| 1.0 / r as f64).sum();
        let mut x = (self.next() % 1_000_000) as f64 / 1_000_000.0 * total;
        for r in 0..n {
            x -= 1.0 / (r + 1) as f64;
            if x <= 0.0 {
                return r;
            }
        }
        n - 1
    }
}

fn state(c: (&str, &str)) -> Actor {
    Actor::new(c.1, ActorType::State, Some(c.0.into()))
}

/// Appends a sentence to `text` and returns its evidence.
fn say(text: &mut String, sentence: &str) -> Evidence {
    if !text.is_empty() {
        text.push(' ');
    }
    let start = text.len();
    text.push_str(sentence);
    Evidence {
        start,
        end: text.len(),
        text: sentence.to_string(),
        doc: None,
    }
}

fn article(rng: &mut Rng, i: usize) -> (Document, Vec<Record>) {
    let id = format!("synth-{i:06}");
    let mut text = String::new();
    let mut facts: Vec<(Fact, Evidence)> = Vec::new();
    let year = 1990 + rng.below(35) as i32;
    let recipient = RECIPIENTS[rng.skewed(RECIPIENTS.len())];
    for _ in 0..3 + rng.below(2) {
        let mut supplier = SUPPLIERS[rng.skewed(SUPPLIERS.len())];
        if supplier.0 == recipient.0 {
            supplier = SUPPLIERS[(rng.below(SUPPLIERS.len()) + 1) % SUPPLIERS.len()];
        }
        let (name, desc, cat) = SYSTEMS[rng.below(SYSTEMS.len())];
        let qty = 2 + rng.below(60) as u64;
        let value = (rng.below(10) < 6).then(|| 10_000_000 * (1 + rng.below(500)) as u64);
        let currency = if rng.below(10) < 8 { "USD" } else { "EUR" };
        let status = STATUSES[rng.below(STATUSES.len())];
        let month = 1 + rng.below(12) as u8;
        let date = match rng.below(10) {
            0 => None,
            1 | 2 => Some(Date::year(year)),
            _ => Some(Date::month(year, month)),
        };
        let value_text = value.map(|v| format!("${} million", v / 1_000_000));
        let sentence = format!(
            "{} agreed to supply {qty} {name} {desc} to {}{} in {year}.",
            supplier.1,
            recipient.1,
            value_text
                .as_deref()
                .map(|v| format!(" for {v}"))
                .unwrap_or_default(),
        );
        let ev = say(&mut text, &sentence);
        let mut suppliers = vec![state(supplier)];
        if rng.below(3) == 0 {
            let firm = FIRMS[rng.below(FIRMS.len())];
            suppliers.push(Actor::new(firm.0, ActorType::Company, Some(firm.1.into())));
        }
        facts.push((
            Fact::Transfer(Transfer {
                suppliers,
                recipient: state(recipient),
                system: System {
                    name: Some(name.into()),
                    description: Some(desc.into()),
                    category: cat,
                },
                quantity: Some(qty),
                value: value.map(|amount| Money {
                    amount,
                    currency: currency.into(),
                    text: value_text.clone().unwrap_or_default(),
                }),
                date,
                date_text: None,
                status,
            }),
            ev,
        ));
    }
    if rng.below(2) == 0 {
        let a = FIRMS[rng.below(FIRMS.len())];
        let b = FIRMS[rng.below(FIRMS.len())];
        let sentence = format!(
            "The {} armed forces opened a tender in {year}, drawing bids from {} and {}.",
            recipient.1, a.0, b.0
        );
        let ev = say(&mut text, &sentence);
        let awarded = rng.below(2) == 0;
        facts.push((
            Fact::Contest(Contest {
                buyer: Actor::new(
                    format!("{} armed forces", recipient.1),
                    ActorType::ArmedForce,
                    Some(recipient.0.into()),
                ),
                item: System {
                    name: None,
                    description: Some("patrol vessels".into()),
                    category: Category::Ship,
                },
                value: None,
                bidders: vec![
                    Actor::new(a.0, ActorType::Company, Some(a.1.into())),
                    Actor::new(b.0, ActorType::Company, Some(b.1.into())),
                ],
                winner: awarded.then(|| Actor::new(a.0, ActorType::Company, Some(a.1.into()))),
                awarded: awarded.then(|| Date::year(year + 1)),
                protests: Vec::new(),
                status: if awarded {
                    ContestStatus::Awarded
                } else {
                    ContestStatus::Open
                },
                cancelled: None,
            }),
            ev,
        ));
    } else {
        let other = SUPPLIERS[rng.below(SUPPLIERS.len())];
        let sentence = format!(
            "Defence ministers of {} and {} met in {year} to discuss cooperation.",
            recipient.1, other.1
        );
        let ev = say(&mut text, &sentence);
        facts.push((
            Fact::Engagement(Engagement {
                kind: EngagementType::Meeting,
                parties: vec![state(recipient), state(other)],
                date: Some(Date::year(year)),
                date_text: None,
                place: None,
                description: "defence ministers met".into(),
            }),
            ev,
        ));
    }
    let firm = FIRMS[rng.below(FIRMS.len())];
    let ev = say(&mut text, &format!("{} declined to comment.", firm.0));
    facts.push((
        Fact::Entity(Entity {
            name: firm.0.into(),
            kind: ActorType::Company,
            country: Some(firm.1.into()),
            aliases: Vec::new(),
            role: None,
            affiliation: None,
            members: Vec::new(),
        }),
        ev,
    ));
    let doc = Document {
        id: id.clone(),
        content_hash: armswatch_ingest::content_hash(&text),
        text,
        published: Some(Date::year(year)),
        outlet: Some("Synthetic Wire".into()),
        title: Some(format!("Synthetic report {i}")),
        url: None,
        origin: None,
    };
    let records = facts
        .into_iter()
        .map(|(fact, ev)| Record {
            doc: id.clone(),
            fact,
            evidence: vec![ev],
            sources: Vec::new(),
            confidence: 0.7,
        })
        .collect();
    (doc, records)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: synth_register OUT.db [RECORDS]")?;
    let want: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let mut store = SqliteStore::open(&out)?;
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut written = 0;
    let mut i = 0;
    while written < want {
        let mut batch = Vec::with_capacity(1000);
        while batch.len() < 1000 && written < want {
            let a = article(&mut rng, i);
            written += a.1.len();
            i += 1;
            batch.push(a);
        }
        store.put(&batch)?;
    }
    let c = store.counts()?;
    println!(
        "{out}: {} documents, {} records ({} transfers, {} contests, {} engagements, {} entities)",
        c.documents,
        c.records(),
        c.transfers,
        c.contests,
        c.engagements,
        c.entities
    );
    Ok(())
}
