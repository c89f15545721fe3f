//! `armswatch watch` against a real HTTP server on 127.0.0.1 serving
//! feeds and article pages written for these tests (invented text), into
//! a real SQLite store.

use armswatch_store::{SqliteStore, Store};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A canned answer; `etag`/`last_modified` make the server answer 304 to
/// a request that presents them.
#[derive(Clone, Default)]
struct Route {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    etag: Option<&'static str>,
    last_modified: Option<&'static str>,
}

/// What the server saw: path, request headers (lower-case names), status sent.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
    status: u16,
}

struct Server {
    base: String,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start(routes: HashMap<&'static str, Route>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (routes, seen) = (Arc::new(routes), Arc::clone(&log));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, seen) = (Arc::clone(&routes), Arc::clone(&seen));
                std::thread::spawn(move || serve(stream, &routes, &seen));
            }
        });
        Server { base, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests(&self, path: &str) -> Vec<Seen> {
        let log = self.log.lock().expect("log");
        log.iter().filter(|s| s.path == path).cloned().collect()
    }
}

/// One request per connection (`Connection: close`).
fn serve(stream: TcpStream, routes: &HashMap<&'static str, Route>, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let route = routes.get(path.as_str()).cloned().unwrap_or(Route {
        status: 404,
        content_type: "text/plain",
        body: b"not found".to_vec(),
        ..Route::default()
    });
    let fresh = route
        .etag
        .is_some_and(|e| headers.get("if-none-match").map(String::as_str) == Some(e))
        || route
            .last_modified
            .is_some_and(|l| headers.get("if-modified-since").map(String::as_str) == Some(l));
    let status = if fresh { 304 } else { route.status };
    log.lock().expect("log").push(Seen {
        path,
        headers,
        status,
    });
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Type: {}\r\n",
        route.content_type
    );
    if let Some(e) = route.etag {
        head.push_str(&format!("ETag: {e}\r\n"));
    }
    if let Some(l) = route.last_modified {
        head.push_str(&format!("Last-Modified: {l}\r\n"));
    }
    let body: &[u8] = if status == 304 { b"" } else { &route.body };
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Route {
    Route {
        status: 200,
        content_type,
        body: body.into(),
        ..Route::default()
    }
}

/// An article page with page furniture around the story.
fn page(title: &str, paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/about\">About us</a></nav>\
         <article><h1>{title}</h1>\n{body}</article>\
         <footer>Copyright Test Defence Weekly. Subscribe to our newsletter.</footer></body></html>"
    )
    .into_bytes()
}

const STORY_A: &[&str] = &[
    "The Ministry of Defence of Freedonia has signed a contract with Norland Dynamics for twelve Kestrel coastal patrol vessels.",
    "Deliveries of the vessels are expected to begin in 2027, the ministry said in a statement on Monday.",
];
const STORY_B: &[&str] = &[
    "Sylvania ordered 40 Harrow armoured personnel carriers from Vantor Land Systems in a deal worth 310 million euros.",
    "The carriers will replace ageing vehicles of the Sylvanian army's mechanised brigades.",
];
const STORY_C: &[&str] = &[
    "The Osterlich air force has selected the Merlin-7 trainer aircraft from Castellan Aerospace after a two-year competition.",
    "Twenty aircraft are to be built, with the first delivered in 2028.",
];
const STORY_D: &[&str] = &[
    "Borduria took delivery of the first of six Lyra air defence systems from Zembla Missile Works this week.",
    "The remaining five systems will follow by the end of next year.",
];

fn rss(base: &str, items: &[(&str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(title, path, date)| {
            format!("<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid><pubDate>{date}</pubDate></item>")
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test Defence Weekly</title><link>{base}/</link><description>x</description>{items}</channel></rss>")
}

/// Every feed format, robots.txt, a broken and a garbage feed, an
/// oversized page, a disallowed page and one story under two URLs. The
/// server's base URL is only known once it listens, so the feeds name
/// articles by relative links (resolved against the feed URL).
fn routes() -> HashMap<&'static str, Route> {
    let mut r = HashMap::new();
    r.insert(
        "/robots.txt",
        ok(
            "text/plain",
            "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n",
        ),
    );
    let rss_body = rss(
        "",
        &[
            (
                "Patrol vessels",
                "/news/patrol-vessels.html",
                "Mon, 02 Mar 2026 09:00:00 GMT",
            ),
            (
                "Carriers",
                "/news/carriers.html",
                "Tue, 03 Mar 2026 09:00:00 GMT",
            ),
            (
                "Secret",
                "/private/secret.html",
                "Tue, 03 Mar 2026 10:00:00 GMT",
            ),
            ("Huge", "/news/huge.html", "Tue, 03 Mar 2026 11:00:00 GMT"),
        ],
    );
    r.insert(
        "/rss.xml",
        Route {
            etag: Some("\"rss-v1\""),
            ..ok("application/rss+xml", rss_body)
        },
    );
    let atom = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Air Review</title><id>urn:test:atom</id>\
        <updated>2026-02-10T08:00:00Z</updated><entry><title>Trainer</title><id>urn:test:1</id>\
        <link rel=\"alternate\" href=\"/air/trainer.html\"/><published>2026-02-10T08:00:00Z</published>\
        <updated>2026-02-10T08:00:00Z</updated></entry></feed>";
    r.insert(
        "/atom.xml",
        Route {
            last_modified: Some("Tue, 10 Feb 2026 08:00:00 GMT"),
            ..ok("application/atom+xml", atom)
        },
    );
    // The second item is STORY_A again under another URL (a syndicated copy).
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Land Digest","items":[
        {"id":"d","url":"/land/air-defence.html","title":"Air defence","date_published":"2026-01-20T12:00:00Z"},
        {"id":"a2","url":"/syndicated/patrol-vessels.html","title":"Copy","date_published":"2026-03-04T12:00:00Z"}]}"#;
    r.insert("/feed.json", ok("application/feed+json", json));
    r.insert(
        "/broken.xml",
        Route {
            status: 500,
            ..ok("text/plain", "boom")
        },
    );
    r.insert(
        "/garbage.xml",
        ok("application/rss+xml", "<rss><channel><item><title>unclosed"),
    );
    r.insert(
        "/news/patrol-vessels.html",
        ok("text/html", page("Patrol vessels", STORY_A)),
    );
    r.insert(
        "/syndicated/patrol-vessels.html",
        ok("text/html", page("Patrol vessels", STORY_A)),
    );
    r.insert(
        "/news/carriers.html",
        ok("text/html", page("Carriers", STORY_B)),
    );
    r.insert(
        "/air/trainer.html",
        ok("text/html", page("Trainer", STORY_C)),
    );
    r.insert(
        "/land/air-defence.html",
        ok("text/html", page("Air defence", STORY_D)),
    );
    r.insert(
        "/private/secret.html",
        ok("text/html", page("Secret", STORY_B)),
    );
    let huge: Vec<&str> = std::iter::repeat_n(STORY_C[0], 2000).collect();
    r.insert("/news/huge.html", ok("text/html", page("Huge", &huge)));
    r
}

fn feeds_toml(server: &Server, dir: &Path) -> std::path::PathBuf {
    // The broken feed comes first, so the others run after a failure.
    let text = format!(
        "delay = \"0s\"\nretries = 1\nmax_bytes = 100000\n\
         [[feed]]\nurl = \"{}\"\n\
         [[feed]]\nurl = \"{}\"\noutlet = \"Test Defence Weekly\"\nevery = \"30m\"\n\
         [[feed]]\nurl = \"{}\"\n\
         [[feed]]\nurl = \"{}\"\noutlet = \"Air Review\"\n\
         [[feed]]\nurl = \"{}\"\noutlet = \"Land Digest\"\n",
        server.url("/broken.xml"),
        server.url("/rss.xml"),
        server.url("/garbage.xml"),
        server.url("/atom.xml"),
        server.url("/feed.json"),
    );
    let path = dir.join("FEEDS.toml");
    std::fs::write(&path, text).expect("write FEEDS.toml");
    path
}

fn watch(db: &Path, feeds: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_armswatch"))
        .args(["watch", "--once", "--db"])
        .arg(db)
        .arg(feeds)
        .output()
        .expect("run armswatch")
}

fn by_url(db: &Path) -> HashMap<String, armswatch_register::Document> {
    let store = SqliteStore::open(db).expect("open store");
    store
        .documents()
        .expect("documents")
        .into_iter()
        .filter_map(|d| d.url.clone().map(|u| (u, d)))
        .collect()
}

#[test]
fn watch_once_ingests_politely_and_then_polls_conditionally() {
    let server = Server::start(routes());
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, feeds) = (dir.path().join("w.db"), feeds_toml(&server, dir.path()));

    let out = watch(&db, &feeds);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");

    let docs = by_url(&db);
    let mut urls: Vec<&str> = docs.keys().map(String::as_str).collect();
    urls.sort();
    let expect = |p| server.url(p);
    assert_eq!(
        urls,
        [
            expect("/air/trainer.html"),
            expect("/land/air-defence.html"),
            expect("/news/carriers.html"),
            expect("/news/patrol-vessels.html"),
        ],
        "{err}"
    );
    // URL, outlet, date and main text, as `armswatch ingest` keeps them.
    let d = &docs[&expect("/news/carriers.html")];
    assert_eq!(d.outlet.as_deref(), Some("Test Defence Weekly"));
    assert_eq!(
        d.published.map(|p| p.to_string()).as_deref(),
        Some("2026-03-03")
    );
    assert!(
        d.text.contains("40 Harrow armoured personnel carriers"),
        "{}",
        d.text
    );
    assert!(
        !d.text.contains("newsletter"),
        "page furniture kept: {}",
        d.text
    );
    let t = &docs[&expect("/air/trainer.html")];
    assert_eq!(t.outlet.as_deref(), Some("Air Review"));
    assert_eq!(
        t.published.map(|p| p.to_string()).as_deref(),
        Some("2026-02-10")
    );
    let j = &docs[&expect("/land/air-defence.html")];
    assert_eq!(j.outlet.as_deref(), Some("Land Digest"));
    assert_eq!(
        j.published.map(|p| p.to_string()).as_deref(),
        Some("2026-01-20")
    );

    // Extraction ran as in ingest: the stored article has records.
    let store = SqliteStore::open(&db).expect("open");
    let (_, records) = store.document(&d.id).expect("read").expect("stored");
    assert!(!records.is_empty(), "no records extracted from {}", d.text);

    // robots.txt: the disallowed page was never requested; robots.txt was.
    assert!(server.requests("/private/secret.html").is_empty());
    assert!(!server.requests("/robots.txt").is_empty());
    // The syndicated copy was fetched but its text is stored only once.
    assert_eq!(server.requests("/syndicated/patrol-vessels.html").len(), 1);
    assert!(err.contains("duplicate text"), "{err}");
    // The oversized page and both bad feeds are reported, not fatal.
    assert!(err.contains("huge.html") && err.contains("cap"), "{err}");
    assert!(err.contains("broken.xml") && err.contains("500"), "{err}");
    assert!(err.contains("garbage.xml"), "{err}");
    // A 500 is retried (retries = 1), boundedly.
    assert_eq!(server.requests("/broken.xml").len(), 2);
    assert!(
        err.contains("4 new, 1 duplicate, 1 failed, 1 disallowed"),
        "{err}"
    );
    // Every request names the project.
    let ua = &server.requests("/rss.xml")[0].headers["user-agent"];
    assert!(ua.starts_with("armswatch/"), "{ua}");

    // Second run: conditional GETs answered 304, nothing new stored.
    let out = watch(&db, &feeds);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let rss = server.requests("/rss.xml");
    assert_eq!(rss.len(), 2);
    assert_eq!(
        rss[1].headers.get("if-none-match").map(String::as_str),
        Some("\"rss-v1\"")
    );
    assert_eq!(rss[1].status, 304);
    let atom = server.requests("/atom.xml");
    assert_eq!(
        atom[1].headers.get("if-modified-since").map(String::as_str),
        Some("Tue, 10 Feb 2026 08:00:00 GMT")
    );
    assert_eq!(atom[1].status, 304);
    // The JSON feed has no validators: it is fetched again, but its
    // articles are known by URL and not fetched again.
    assert_eq!(server.requests("/land/air-defence.html").len(), 1);
    assert_eq!(server.requests("/syndicated/patrol-vessels.html").len(), 1);
    assert!(err.contains("0 new"), "{err}");
    assert_eq!(by_url(&db).len(), 4);
}

#[test]
fn bad_feeds_toml_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    let cases = [
        (
            "[[feed]]\nurl = \"https://a.example/rss\"\nevery = \"often\"\n",
            "every",
        ),
        ("[[feed]]\nurl = \"gopher://a.example/rss\"\n", "feed 1"),
        ("[[feed]\nurl=", "FEEDS.toml"),
        ("# nothing\n", "no [[feed]]"),
    ];
    for (text, needle) in cases {
        let feeds = dir.path().join("FEEDS.toml");
        std::fs::write(&feeds, text).expect("write");
        let out = watch(&db, &feeds);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(
            err.contains("FEEDS.toml") && err.contains(needle),
            "{needle:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = watch(&db, &dir.path().join("missing.toml"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("missing.toml"),
        "{err}"
    );
}

#[test]
fn watch_loop_stops_cleanly_on_sigterm() {
    let server = Server::start(routes());
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, feeds) = (dir.path().join("w.db"), feeds_toml(&server, dir.path()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_armswatch"))
        .args(["watch", "--db"])
        .arg(&db)
        .arg(&feeds)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait for the first round to finish (the JSON feed is last).
    let started = Instant::now();
    while server
        .requests("/syndicated/patrol-vessels.html")
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "first round never finished"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().expect("output");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(status.success(), "{err}");
    assert!(err.contains("4 new"), "{err}");
    assert_eq!(by_url(&db).len(), 4);
}

/// A page that gives its own date, for a sitemap entry without `lastmod`.
fn dated_page(title: &str, date: &str, paragraphs: &[&str]) -> Vec<u8> {
    let html = String::from_utf8(page(title, paragraphs)).expect("utf-8");
    html.replacen(
        "</head>",
        &format!("<meta property=\"article:published_time\" content=\"{date}T08:00:00Z\"></head>"),
        1,
    )
    .into_bytes()
}

#[test]
fn watch_follows_a_sitemap_index_where_a_site_has_no_feed() {
    let mut r = HashMap::new();
    r.insert(
        "/robots.txt",
        ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    let map = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
        <sitemap><loc>/maps/a</loc></sitemap><sitemap><loc>/maps/b</loc></sitemap></sitemapindex>";
    r.insert("/site-index", ok("application/xml", map));
    let set = |urls: &str| {
        format!("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>")
    };
    r.insert(
        "/maps/a",
        ok("application/xml", set("<url><loc>/s/vessels</loc><lastmod>2026-02-11</lastmod></url><url><loc>/s/carriers</loc></url>")),
    );
    r.insert(
        "/maps/b",
        ok(
            "text/xml",
            set("<url><loc>/s/carriers</loc></url><url><loc>/private/trainer</loc></url>"),
        ),
    );
    r.insert(
        "/s/vessels",
        ok("text/html", page("Patrol vessels", STORY_A)),
    );
    r.insert(
        "/s/carriers",
        ok("text/html", dated_page("Carriers", "2026-01-20", STORY_B)),
    );
    r.insert(
        "/private/trainer",
        ok("text/html", page("Trainer", STORY_C)),
    );
    let server = Server::start(r);
    let dir = tempfile::tempdir().expect("tempdir");
    let feeds = dir.path().join("FEEDS.toml");
    let toml = format!(
        "delay = \"0s\"\n[[feed]]\nurl = \"{}\"\noutlet = \"Map Gazette\"\n",
        server.url("/site-index")
    );
    std::fs::write(&feeds, toml).expect("write FEEDS.toml");
    let db = dir.path().join("w.db");
    let out = watch(&db, &feeds);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let docs = by_url(&db);
    let mut urls: Vec<&String> = docs.keys().collect();
    urls.sort();
    assert_eq!(
        urls,
        [&server.url("/s/carriers"), &server.url("/s/vessels")],
        "{err}"
    );
    let date = |p: &str| docs[&server.url(p)].published.map(|d| d.to_string());
    assert_eq!(date("/s/vessels").as_deref(), Some("2026-02-11"), "lastmod");
    assert_eq!(
        date("/s/carriers").as_deref(),
        Some("2026-01-20"),
        "the page's own date"
    );
    let d = &docs[&server.url("/s/vessels")];
    assert_eq!(d.outlet.as_deref(), Some("Map Gazette"));
    assert!(d.text.contains("Kestrel coastal patrol vessels") && !d.text.contains("newsletter"));
    assert_eq!(
        server.requests("/s/carriers").len(),
        1,
        "listed twice, fetched once"
    );
    assert!(server.requests("/private/trainer").is_empty(), "robots.txt");
}
