//! Shared by the integration tests: a fixture register written by hand
//! (so assertions do not depend on the extractor), a real server on a
//! random loopback port over a real SQLite file, and a small HTTP client
//! over a raw socket (so tests can send anything, byte for byte).
#![allow(dead_code)]

use armswatch_register::{
    Actor, ActorType, Category, Contest, ContestStatus, Date, Document, Engagement, EngagementType,
    Entity, Evidence, Fact, Money, Protest, Record, System, Transfer, TransferStatus,
};
use armswatch_store::{SqliteStore, Store};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const TOKEN: &str = "s3cret-token";

/// A running server; stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    pub db: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Server {
    /// A server over the fixture register.
    pub fn start(token: Option<&str>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        {
            let mut store = SqliteStore::open(&db).unwrap();
            store.put(&fixture()).unwrap();
        }
        Server::over(dir, db, token, armswatch_serve::Limits::default())
    }

    /// A server over the fixture register with other connection limits.
    pub fn with_limits(limits: armswatch_serve::Limits) -> Server {
        Server::fixture_with(limits, None)
    }

    /// The same, taking articles with `token`.
    pub fn with_limits_and_token(limits: armswatch_serve::Limits, token: &str) -> Server {
        Server::fixture_with(limits, Some(token))
    }

    fn fixture_with(limits: armswatch_serve::Limits, token: Option<&str>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        {
            let mut store = SqliteStore::open(&db).unwrap();
            store.put(&fixture()).unwrap();
        }
        Server::over(dir, db, token, limits)
    }

    /// A server over an empty register.
    pub fn empty(token: Option<&str>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        Server::over(dir, db, token, armswatch_serve::Limits::default())
    }

    fn over(
        dir: tempfile::TempDir,
        db: PathBuf,
        token: Option<&str>,
        limits: armswatch_serve::Limits,
    ) -> Server {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let db2 = db.clone();
        let token = token.map(str::to_string);
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let bound = armswatch_serve::bind(db2, "127.0.0.1:0".parse().unwrap(), token)
                    .await
                    .unwrap()
                    .with_limits(limits);
                addr_tx.send(bound.local_addr()).unwrap();
                bound
                    .run_until(async {
                        let _ = rx.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let addr = addr_rx.recv().unwrap();
        Server {
            addr,
            db,
            stop: Some(tx),
            thread: Some(thread),
            _dir: dir,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    pub fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path);
        (r.status, r.json())
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        // The server may answer (413) and close before reading a large
        // body: a failed write is fine as long as the answer arrives.
        let _ = s.write_all(body);
        read_response(&mut s)
    }

    /// Counts of the database, read directly.
    pub fn counts(&self) -> armswatch_store::Counts {
        SqliteStore::open(&self.db).unwrap().counts().unwrap()
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

fn read_response(s: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if raw.is_empty() => panic!("no response: {e}"),
            Err(_) => break,
        }
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[i + 2 + size + 2..];
    }
    out
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ------------------------------------------------------------ the fixture

pub fn state(code: &str, name: &str) -> Actor {
    Actor::new(name, ActorType::State, Some(code.into()))
}

pub fn company(name: &str, code: &str) -> Actor {
    Actor::new(name, ActorType::Company, Some(code.into()))
}

pub fn ev(text: &str, sentence: &str) -> Evidence {
    let start = text.find(sentence).unwrap();
    Evidence::from_span(text, start, start + sentence.len()).unwrap()
}

pub fn doc(id: &str, text: &str, published: &str) -> Document {
    Document {
        id: id.into(),
        text: text.into(),
        published: Some(Date::parse(published).unwrap()),
        outlet: Some("Fixture Wire".into()),
        title: Some(format!("Story {id}")),
        url: None,
        origin: None,
        content_hash: armswatch_ingest::content_hash(text),
    }
}

pub fn record(doc: &str, fact: Fact, evidence: Vec<Evidence>) -> Record {
    Record {
        doc: doc.into(),
        fact,
        evidence,
        sources: Vec::new(),
        confidence: 0.8,
    }
}

pub const SUPPLIERS: [(&str, &str); 3] =
    [("RU", "Russia"), ("FR", "France"), ("US", "United States")];
pub const RECIPIENTS: [(&str, &str); 3] = [("PE", "Peru"), ("IN", "India"), ("EG", "Egypt")];
pub const STATUSES: [TransferStatus; 4] = [
    TransferStatus::Ordered,
    TransferStatus::Delivered,
    TransferStatus::Stalled,
    TransferStatus::Offered,
];
pub const CATEGORIES: [Category; 3] = [
    Category::Aircraft,
    Category::ArmouredVehicle,
    Category::Ship,
];
pub const TRANSFERS: usize = 60;

/// What transfer `i` of the fixture is.
pub struct T {
    pub supplier: (&'static str, &'static str),
    pub recipient: (&'static str, &'static str),
    pub year: Option<i32>,
    pub value: Option<u64>,
    pub status: TransferStatus,
    pub category: Category,
    pub by_company: bool,
}

pub fn transfer_spec(i: usize) -> T {
    T {
        supplier: SUPPLIERS[i % 3],
        recipient: RECIPIENTS[(i / 3) % 3],
        // Every seventh has no date.
        year: (i % 7 != 6).then_some(2000 + (i % 20) as i32),
        value: (!i.is_multiple_of(4)).then_some(1_000_000 * (i as u64 + 1)),
        status: STATUSES[i % 4],
        category: CATEGORIES[i % 3],
        by_company: i.is_multiple_of(5),
    }
}

/// 60 transfer articles, 3 contest articles, 2 engagement articles, one
/// hostile article, with entities.
pub fn fixture() -> Vec<(Document, Vec<Record>)> {
    let mut out = Vec::new();
    for i in 0..TRANSFERS {
        let t = transfer_spec(i);
        let id = format!("t{i:03}");
        let s1 = format!(
            "{} agreed to supply tanks to {} in a deal reported today.",
            t.supplier.1, t.recipient.1
        );
        let text = format!("{s1} Officials declined to comment on item {i}.");
        let supplier = if t.by_company {
            company("Rosoboronexport", t.supplier.0)
        } else {
            state(t.supplier.0, t.supplier.1)
        };
        let fact = Fact::Transfer(Transfer {
            suppliers: vec![supplier],
            recipient: state(t.recipient.0, t.recipient.1),
            system: System {
                name: Some(format!("SYS-{i}")),
                description: Some("tanks".into()),
                category: t.category,
            },
            quantity: Some(i as u64 + 1),
            value: t.value.map(|amount| Money {
                amount,
                currency: "USD".into(),
                text: format!("${amount}"),
            }),
            date: t.year.map(|y| Date::month(y, 1 + (i % 12) as u8)),
            date_text: None,
            status: t.status,
        });
        let d = doc(&id, &text, "2020-01-01");
        let mut recs = vec![record(&id, fact, vec![ev(&text, &s1)])];
        if t.by_company {
            recs.push(record(
                &id,
                Fact::Entity(Entity {
                    name: "Rosoboronexport".into(),
                    kind: ActorType::Company,
                    country: Some(t.supplier.0.into()),
                    aliases: vec!["ROE".into()],
                    role: None,
                    affiliation: None,
                    members: Vec::new(),
                }),
                vec![ev(&text, &s1)],
            ));
        }
        out.push((d, recs));
    }
    // Contests.
    let text = "Peru opened a tender for radars in 2010. Thales and Saab bid. \
                Thales won the contract in March 2011. Saab protested the award to a court. \
                The ministry cancelled the tender in 2012.";
    let sentences = [
        "Peru opened a tender for radars in 2010.",
        "Thales and Saab bid.",
        "Thales won the contract in March 2011.",
        "Saab protested the award to a court.",
        "The ministry cancelled the tender in 2012.",
    ];
    let contest = Fact::Contest(Contest {
        buyer: Actor::new("Peruvian Army", ActorType::ArmedForce, Some("PE".into())),
        item: System {
            name: None,
            description: Some("radars".into()),
            category: Category::Sensor,
        },
        value: None,
        bidders: vec![company("Thales", "FR"), company("Saab", "SE")],
        winner: Some(company("Thales", "FR")),
        awarded: Some(Date::month(2011, 3)),
        protests: vec![Protest {
            by: company("Saab", "SE"),
            grounds: Some("unfair evaluation".into()),
            date: None,
        }],
        status: ContestStatus::Cancelled,
        cancelled: Some(Date::year(2012)),
    });
    let ev_all: Vec<Evidence> = sentences.iter().map(|s| ev(text, s)).collect();
    let person = Fact::Entity(Entity {
        name: "Ana Ruiz".into(),
        kind: ActorType::Person,
        country: Some("FR".into()),
        aliases: Vec::new(),
        role: Some("Thales sales director".into()),
        affiliation: Some(company("Thales", "FR")),
        members: Vec::new(),
    });
    out.push((
        doc("c-peru-radar", text, "2012-06-01"),
        vec![
            record("c-peru-radar", contest, ev_all.clone()),
            record("c-peru-radar", person, vec![ev_all[2].clone()]),
        ],
    ));
    let text2 = "India is choosing a fighter. Dassault bid against Boeing.";
    out.push((
        doc("c-india-fighter", text2, "2018-01-01"),
        vec![record(
            "c-india-fighter",
            Fact::Contest(Contest {
                buyer: state("IN", "India"),
                item: System {
                    name: None,
                    description: Some("fighters".into()),
                    category: Category::Aircraft,
                },
                value: Some(Money {
                    amount: 5_000_000_000,
                    currency: "USD".into(),
                    text: "$5 billion".into(),
                }),
                bidders: vec![company("Dassault Aviation", "FR"), company("Boeing", "US")],
                winner: None,
                awarded: None,
                protests: Vec::new(),
                status: ContestStatus::Open,
                cancelled: None,
            }),
            vec![
                ev(text2, "India is choosing a fighter."),
                ev(text2, "Dassault bid against Boeing."),
            ],
        )],
    ));
    // Engagements.
    let text3 = "The defence ministers of Peru and Russia met in Lima in May 2015.";
    out.push((
        doc("e-lima", text3, "2015-05-20"),
        vec![record(
            "e-lima",
            Fact::Engagement(Engagement {
                kind: EngagementType::Meeting,
                parties: vec![state("PE", "Peru"), state("RU", "Russia")],
                date: Some(Date::month(2015, 5)),
                date_text: None,
                place: Some("Lima".into()),
                description: "defence ministers met".into(),
            }),
            vec![ev(text3, text3)],
        )],
    ));
    // Hostile content: markup in the text and in names.
    let evil = "<script>alert('x')</script> Peru bought <b>drones</b> from \"><img src=x onerror=alert(1)>.";
    out.push((
        doc("evil", evil, "2021-01-01"),
        vec![
            record(
                "evil",
                Fact::Transfer(Transfer {
                    suppliers: vec![company("\"><img src=x onerror=alert(1)>", "IL")],
                    recipient: state("PE", "Peru"),
                    system: System {
                        name: Some("<b>drones</b>".into()),
                        description: None,
                        category: Category::Aircraft,
                    },
                    quantity: None,
                    value: None,
                    date: Some(Date::year(2021)),
                    date_text: None,
                    status: TransferStatus::Ordered,
                }),
                vec![ev(evil, evil)],
            ),
            record(
                "evil",
                Fact::Entity(Entity {
                    name: "\"><img src=x onerror=alert(1)>".into(),
                    kind: ActorType::Company,
                    country: Some("IL".into()),
                    aliases: vec!["<script>alert(2)</script>".into()],
                    role: None,
                    affiliation: None,
                    members: Vec::new(),
                }),
                vec![ev(evil, evil)],
            ),
        ],
    ));
    out
}

pub fn fixture_counts() -> (usize, usize, usize) {
    let mut t = 0;
    let mut c = 0;
    let mut e = 0;
    for (_, recs) in fixture() {
        for r in recs {
            match r.kind() {
                armswatch_register::RecordKind::Transfer => t += 1,
                armswatch_register::RecordKind::Contest => c += 1,
                armswatch_register::RecordKind::Engagement => e += 1,
                _ => {}
            }
        }
    }
    (t, c, e)
}

pub fn db_path(s: &Server) -> &Path {
    &s.db
}
