//! `armswatch alert` end to end: the real binary, a real SQLite file, a
//! real webhook receiver on 127.0.0.1 and a real `serve` for the Atom
//! feeds. Every command runs as its own process, so each run is a restart.
//! The articles are written for these tests.

mod common;

use common::{armswatch, Serve, ORDER};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The order of `common::ORDER`, later: delivered.
const DELIVERED: &str = "Lima takes delivery of Chinese launchers\n\nChina has delivered 24 FN-6 shoulder-fired air defence systems to the Peruvian Army under a $28 million deal, the defence ministry in Lima said on Monday.\n";
/// Another matching order.
const SECOND: &str = "Peru adds medium-range air defence\n\nThe Peruvian Air Force has ordered six HQ-16 air defence batteries from China for $45 million, officials in Lima said on Thursday.\n";
/// Matches nothing above.
const OTHER: &str = "Greek frigate deal\n\nGreece has ordered three frigates from France for $3 billion, the navy in Athens said on Friday.\n";

/// The issue's own example.
const FILTERS: &[&str] = &[
    "--recipient",
    "PE",
    "--supplier",
    "CN",
    "--category",
    "air_defence",
    "--min-value",
    "10000000",
    "USD",
    "--status",
    "ordered",
];

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        Env { dir, db }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        armswatch(&self.db, args)
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd(args).output().expect("binary runs");
        eprintln!(
            "$ armswatch {}\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "armswatch {args:?} failed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Writes `text` as `NAME.txt` (its id is NAME) and ingests it.
    fn ingest(&self, name: &str, text: &str) {
        let path = self.dir.path().join(format!("{name}.txt"));
        std::fs::write(&path, text).unwrap();
        let p = path.display().to_string();
        self.ok(&["ingest", "--published", "2025-03-10", &p]);
    }
}

/// A webhook receiver: answers each POST with the next of `answers`
/// (then 200) and keeps the bodies it accepted and how many it was sent.
struct Receiver {
    url: String,
    accepted: Arc<Mutex<Vec<serde_json::Value>>>,
    requests: Arc<Mutex<usize>>,
}

impl Receiver {
    fn start(answers: Vec<u16>) -> Receiver {
        Receiver::on(TcpListener::bind("127.0.0.1:0").unwrap(), answers)
    }

    fn on(listener: TcpListener, answers: Vec<u16>) -> Receiver {
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(0));
        let (acc, req) = (Arc::clone(&accepted), Arc::clone(&requests));
        let answers = Mutex::new(answers.into_iter());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let status = answers.lock().unwrap().next().unwrap_or(200);
                let (head, body) = read_request(&stream);
                *req.lock().unwrap() += 1;
                assert!(head.contains("user-agent: armswatch/"), "{head}");
                assert!(head.contains("content-type: application/json"), "{head}");
                if status == 200 {
                    let v = serde_json::from_slice(&body).expect("the body is JSON");
                    acc.lock().unwrap().push(v);
                }
                let _ = write!(
                    &stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        Receiver {
            url,
            accepted,
            requests,
        }
    }

    fn accepted(&self) -> Vec<serde_json::Value> {
        self.accepted.lock().unwrap().clone()
    }

    fn requests(&self) -> usize {
        *self.requests.lock().unwrap()
    }
}

/// Reads one HTTP request: its head (lower-cased) and its body.
fn read_request(stream: &TcpStream) -> (String, Vec<u8>) {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    let mut len = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
        head.push_str(&lower);
    }
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    (head, body)
}

#[test]
fn add_list_remove_and_refusals() {
    let env = Env::new();
    let mut add = vec!["alert", "add", "peru-ad"];
    add.extend_from_slice(FILTERS);
    add.extend_from_slice(&["--webhook", "http://127.0.0.1:9/hook"]);
    env.ok(&add);
    env.ok(&["alert", "add", "everything"]);
    let list = env.ok(&["alert", "list"]);
    assert!(list.contains("everything\teverything"), "{list}");
    assert!(
        list.contains(
            "peru-ad\trecipient=PE supplier=CN category=air_defence value>=10000000 USD status=ordered"
        ),
        "{list}"
    );
    assert!(list.contains("webhook: http://127.0.0.1:9/hook"), "{list}");
    let refused = |args: &[&str], names: &str| {
        let out = env.run(args);
        assert!(!out.status.success(), "{args:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(names), "{args:?}: {err}");
    };
    refused(&["alert", "add", "peru-ad"], "exists already");
    refused(
        &["alert", "add", "x", "--category", "air_defense"],
        "\"air_defense\"",
    );
    refused(&["alert", "add", "x", "--status", "signed"], "\"signed\"");
    refused(&["alert", "add", "x", "--min-value", "5", "XYZ"], "\"XYZ\"");
    refused(
        &["alert", "add", "x", "--min-value", "lots", "USD"],
        "\"lots\"",
    );
    refused(&["alert", "add", "x", "--kind", "entity"], "\"entity\"");
    refused(&["alert", "add", "x", "--webhook", "ftp://h/x"], "http");
    refused(&["alert", "add", "bad/name"], "\"bad/name\"");
    refused(&["alert", "remove", "nope"], "\"nope\"");
    env.ok(&["alert", "remove", "peru-ad"]);
    let list = env.ok(&["alert", "list"]);
    assert!(!list.contains("peru-ad"), "{list}");
    assert!(list.contains("everything"), "{list}");
}

#[test]
fn webhook_fires_exactly_once_across_runs() {
    let rx = Receiver::start(vec![]);
    let env = Env::new();
    let mut add = vec!["alert", "add", "peru-ad"];
    add.extend_from_slice(FILTERS);
    add.extend_from_slice(&["--webhook", &rx.url]);
    env.ok(&add);
    env.ingest("order", ORDER);
    env.ingest("greece", OTHER);
    assert_eq!(rx.requests(), 1);
    let body = &rx.accepted()[0];
    assert_eq!(body["alert"], "peru-ad");
    assert_eq!(body["document"]["id"], "order");
    assert_eq!(body["record"]["kind"], "transfer");
    assert_eq!(body["record"]["status"], "ordered");
    assert_eq!(body["record"]["recipient"]["country"], "PE");
    assert_eq!(body["record"]["value"]["amount"], 28_000_000);
    assert!(body["sentence"]
        .as_str()
        .unwrap()
        .contains("has ordered 24 FN-6"));
    assert!(body["id"]
        .as_str()
        .unwrap()
        .starts_with("urn:armswatch:alert:peru-ad:"));
    assert!(body["matched_at"].is_string());
    // Each a new process: ingest again, deliver, re-extract.
    env.ingest("order", ORDER);
    env.ok(&["alert", "deliver"]);
    env.ok(&["reextract"]);
    env.ok(&["alert", "deliver"]);
    assert_eq!(rx.requests(), 1, "no second POST");
    // A second matching entry fires once more.
    env.ingest("second", SECOND);
    assert_eq!(rx.requests(), 2);
    assert_eq!(rx.accepted()[1]["document"]["id"], "second");
    let list = env.ok(&["alert", "list"]);
    assert!(list.contains("2 matches"), "{list}");
    assert!(list.contains("2 delivered, 0 pending, 0 failed"), "{list}");
}

#[test]
fn a_changed_entry_fires_again() {
    let rx = Receiver::start(vec![]);
    let env = Env::new();
    env.ok(&[
        "alert",
        "add",
        "peru",
        "--recipient",
        "PE",
        "--category",
        "air_defence",
        "--webhook",
        &rx.url,
    ]);
    env.ingest("deal", ORDER);
    // The article under the same id now tells a delivery.
    env.ingest("deal", DELIVERED);
    let got = rx.accepted();
    let statuses: Vec<&str> = got
        .iter()
        .map(|b| b["record"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["ordered", "delivered"]);
    env.ok(&["reextract"]);
    assert_eq!(rx.requests(), 2);
}

#[test]
fn a_failing_receiver_gets_the_match_once_after_retries() {
    let rx = Receiver::start(vec![500]);
    let env = Env::new();
    let mut add = vec!["alert", "add", "peru-ad"];
    add.extend_from_slice(FILTERS);
    add.extend_from_slice(&["--webhook", &rx.url]);
    env.ok(&add);
    env.ingest("order", ORDER);
    assert_eq!(rx.requests(), 2, "a 500, then the retry");
    assert_eq!(rx.accepted().len(), 1);
    env.ok(&["alert", "deliver"]);
    assert_eq!(rx.requests(), 2);
}

#[test]
fn a_receiver_down_during_ingest_gets_the_match_on_the_next_deliver() {
    // Reserve a port, then leave it closed while ingesting.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let env = Env::new();
    let mut add = vec!["alert", "add", "peru-ad"];
    add.extend_from_slice(FILTERS);
    add.extend_from_slice(&["--webhook", &url]);
    env.ok(&add);
    let path = env.dir.path().join("order.txt");
    std::fs::write(&path, ORDER).unwrap();
    let out = env.run(&[
        "ingest",
        "--published",
        "2025-03-10",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "a webhook failure does not fail ingest"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("will retry"));
    let list = env.ok(&["alert", "list"]);
    assert!(list.contains("0 delivered, 1 pending"), "{list}");
    let rx = Receiver::on(TcpListener::bind(("127.0.0.1", port)).unwrap(), vec![]);
    env.ok(&["alert", "deliver"]);
    env.ok(&["alert", "deliver"]);
    env.ingest("order", ORDER);
    assert_eq!(rx.requests(), 1);
    assert_eq!(rx.accepted()[0]["document"]["id"], "order");
}

impl Serve {
    fn get(&self, path: &str) -> (u16, String) {
        let a = self.request("GET", path, "", "");
        (a.status, a.body)
    }

    fn feed(&self, name: &str) -> feed_rs::model::Feed {
        let (status, body) = self.get(&format!("/alerts/{name}.atom"));
        assert_eq!(status, 200, "{body}");
        feed_rs::parser::parse(body.as_bytes()).expect("a feed any reader reads")
    }
}

#[test]
fn atom_feed_has_one_entry_per_match_across_restarts() {
    let env = Env::new();
    let mut add = vec!["alert", "add", "peru-ad"];
    add.extend_from_slice(FILTERS);
    env.ok(&add);
    env.ingest("order", ORDER);
    let first_id = {
        let serve = Serve::start(&env.db, &[]);
        let feed = serve.feed("peru-ad");
        assert_eq!(feed.entries.len(), 1);
        assert!(feed.title.unwrap().content.contains("peru-ad"));
        let e = &feed.entries[0];
        assert!(e.title.as_ref().unwrap().content.contains("Peruvian Army"));
        assert_eq!(serve.get("/alerts/nope.atom").0, 404);
        assert_eq!(serve.get("/alerts/peru-ad").0, 404);
        let (status, page) = serve.get("/alerts");
        assert_eq!(status, 200);
        assert!(
            page.contains("peru-ad") && page.contains("Peruvian Army"),
            "{page}"
        );
        assert!(page.contains("href=\"/alerts/peru-ad.atom\""), "{page}");
        let (_, home) = serve.get("/");
        assert!(
            home.contains("href=\"/alerts\""),
            "the navigation links the page"
        );
        e.id.clone()
    };
    // Between two runs of the server: the same article again, re-extraction,
    // and one new matching article.
    env.ingest("order", ORDER);
    env.ok(&["reextract"]);
    env.ingest("second", SECOND);
    let serve = Serve::start(&env.db, &[]);
    let feed = serve.feed("peru-ad");
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(ids[1], first_id, "the old entry keeps its id, newest first");
    assert_ne!(ids[0], first_id);
}

#[test]
fn an_article_posted_to_the_api_fires_the_webhook() {
    let rx = Receiver::start(vec![]);
    let env = Env::new();
    let mut add = vec!["alert", "add", "peru-ad"];
    add.extend_from_slice(FILTERS);
    add.extend_from_slice(&["--webhook", &rx.url]);
    env.ok(&add);
    let serve = Serve::start(&env.db, &["--token", "tok"]);
    let article = serde_json::json!({"id": "posted", "text": ORDER, "published": "2025-03-10"});
    let posted = serve.request(
        "POST",
        "/api/documents",
        "Authorization: Bearer tok\r\nContent-Type: application/json\r\n",
        &article.to_string(),
    );
    assert_eq!(posted.status, 201, "{}", posted.body);
    assert_eq!(serve.feed("peru-ad").entries.len(), 1);
    // The server's deliverer sends it within its period (10 s).
    let deadline = Instant::now() + Duration::from_secs(30);
    while rx.requests() == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(rx.accepted().len(), 1);
    assert_eq!(rx.accepted()[0]["document"]["id"], "posted");
    drop(serve);
    env.ok(&["alert", "deliver"]);
    assert_eq!(rx.requests(), 1);
}
