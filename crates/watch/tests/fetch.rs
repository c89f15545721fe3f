//! The fetcher and watcher against a real HTTP server on 127.0.0.1:
//! retries, per-host delay, timeouts, robots.txt failures, the size cap on
//! bodies without a length, and a stop between articles.

use armswatch_watch::{
    FeedConfig, FetchError, Fetched, Fetcher, Ingested, Page, Politeness, Sink, State, Watcher,
};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An answer: status, body, and whether to send Content-Length (without
/// it the body runs to the connection's close). A `delay` holds it back.
struct Reply {
    status: u16,
    body: Vec<u8>,
    length: bool,
    delay: Duration,
    /// Sends `ETag: "v1"`.
    etag: bool,
    location: Option<&'static str>,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        body: body.as_bytes().to_vec(),
        length: true,
        delay: Duration::ZERO,
        etag: false,
        location: None,
    }
}

type Handler = dyn Fn(&str, usize) -> Reply + Send + Sync;

/// Requests seen: path and when.
struct Server {
    base: String,
    seen: Arc<Mutex<Vec<(String, Instant)>>>,
}

impl Server {
    /// `handler(path, n)` answers the n-th (0-based) request for `path`.
    fn start(handler: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, handler): (_, Arc<Handler>) = (Arc::clone(&seen), Arc::new(handler));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, handler) = (Arc::clone(&log), Arc::clone(&handler));
                std::thread::spawn(move || answer(stream, &*handler, &log));
            }
        });
        Server { base, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn times(&self, path: &str) -> Vec<Instant> {
        let seen = self.seen.lock().expect("seen");
        seen.iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| *t)
            .collect()
    }
}

fn answer(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<(String, Instant)>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let n = {
        let mut log = log.lock().expect("log");
        let n = log.iter().filter(|(p, _)| *p == path).count();
        log.push((path.clone(), Instant::now()));
        n
    };
    let r = handler(&path, n);
    std::thread::sleep(r.delay);
    let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", r.status);
    if r.etag {
        head.push_str("ETag: \"v1\"\r\n");
    }
    if let Some(l) = r.location {
        head.push_str(&format!("Location: {l}\r\n"));
    }
    if r.length {
        head.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&r.body);
}

fn quick() -> Politeness {
    Politeness {
        delay: Duration::ZERO,
        timeout: Duration::from_millis(500),
        retries: 2,
        backoff: Duration::from_millis(50),
        ..Politeness::default()
    }
}

fn body_of(f: Result<Fetched, FetchError>) -> Vec<u8> {
    match f {
        Ok(Fetched::Body(b)) => b.bytes,
        other => panic!("expected a body, got {other:?}"),
    }
}

#[test]
fn transient_failures_are_retried_with_backoff() {
    let server = Server::start(|path, n| match (path, n) {
        ("/flaky", 0 | 1) => reply(503, "busy"),
        ("/flaky", _) => reply(200, "at last"),
        ("/down", _) => reply(500, "down"),
        ("/gone", _) => reply(404, "gone"),
        _ => reply(404, ""),
    });
    let mut f = Fetcher::new(quick());
    assert_eq!(body_of(f.get(&server.url("/flaky"), None)), b"at last");
    let t = server.times("/flaky");
    assert_eq!(t.len(), 3);
    // Backoff doubles: 50 ms, then 100 ms.
    assert!(
        t[2] - t[1] >= Duration::from_millis(100),
        "{:?}",
        t[2] - t[1]
    );
    // Bounded: 1 + retries attempts, then the error.
    let e = f.get(&server.url("/down"), None).unwrap_err();
    assert_eq!(
        e,
        FetchError::Status {
            url: server.url("/down"),
            status: 500
        }
    );
    assert_eq!(server.times("/down").len(), 3);
    // A 404 is not retried.
    assert!(f.get(&server.url("/gone"), None).is_err());
    assert_eq!(server.times("/gone").len(), 1);
}

#[test]
fn one_host_gets_one_request_per_delay() {
    let server = Server::start(|_, _| reply(200, "ok"));
    let mut f = Fetcher::new(Politeness {
        delay: Duration::from_millis(300),
        ..quick()
    });
    for p in ["/a", "/b", "/c"] {
        body_of(f.get(&server.url(p), None));
    }
    let mut all: Vec<Instant> = ["/robots.txt", "/a", "/b", "/c"]
        .iter()
        .flat_map(|p| server.times(p))
        .collect();
    all.sort();
    assert_eq!(all.len(), 4);
    for w in all.windows(2) {
        // A little slack for the clock of the server thread.
        assert!(
            w[1] - w[0] >= Duration::from_millis(280),
            "{:?}",
            w[1] - w[0]
        );
    }
}

#[test]
fn a_silent_server_times_out() {
    let server = Server::start(|path, _| Reply {
        delay: if path == "/slow" {
            Duration::from_secs(5)
        } else {
            Duration::ZERO
        },
        ..reply(200, "late")
    });
    let mut f = Fetcher::new(Politeness {
        retries: 0,
        timeout: Duration::from_millis(300),
        ..quick()
    });
    let started = Instant::now();
    let e = f.get(&server.url("/slow"), None).unwrap_err();
    assert!(matches!(e, FetchError::Transport { .. }), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn unreachable_robots_txt_means_stay_out() {
    let server = Server::start(|path, _| match path {
        "/robots.txt" => reply(503, "down"),
        _ => reply(200, "page"),
    });
    let mut f = Fetcher::new(quick());
    let e = f.get(&server.url("/page"), None).unwrap_err();
    assert!(matches!(e, FetchError::Disallowed { .. }), "{e:?}");
    assert!(server.times("/page").is_empty());
}

#[test]
fn body_without_length_is_capped_by_count() {
    let server = Server::start(|_, _| Reply {
        length: false,
        ..reply(200, &"x".repeat(50_000))
    });
    let mut f = Fetcher::new(Politeness {
        max_bytes: 10_000,
        ..quick()
    });
    let e = f.get(&server.url("/endless"), None).unwrap_err();
    assert!(
        matches!(e, FetchError::TooLarge { limit: 10_000, .. }),
        "{e:?}"
    );
}

/// Stores nothing; sets `stop` after the first page, as a signal would.
struct StopAfterOne {
    stop: Arc<AtomicBool>,
    pages: Vec<String>,
}

impl Sink for StopAfterOne {
    fn ingest(&mut self, page: Page, _: &State) -> Result<Ingested, String> {
        self.pages.push(page.url.clone());
        self.stop.store(true, Ordering::SeqCst);
        Ok(Ingested::New {
            doc_id: page.url,
            content_hash: format!("{}", self.pages.len()),
        })
    }
    fn report(&mut self, _: &str) {}
}

#[test]
fn stop_finishes_the_current_article_and_keeps_the_rest_for_later() {
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
        <item><link>/one</link></item><item><link>/two</link></item></channel></rss>";
    let server = Server::start(move |path, _| match path {
        "/rss" => Reply {
            body: rss.as_bytes().to_vec(),
            ..reply(200, "")
        },
        _ => reply(
            200,
            "<html><body><article><p>Text.</p></article></body></html>",
        ),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let state = State::open(&dir.path().join("state.db")).expect("state");
    let mut w = Watcher::new(quick(), state);
    let stop = Arc::new(AtomicBool::new(false));
    let mut sink = StopAfterOne {
        stop: Arc::clone(&stop),
        pages: Vec::new(),
    };
    let feed = FeedConfig {
        url: server.url("/rss"),
        outlet: None,
        every: Duration::from_secs(60),
    };
    let counts = w.poll(&feed, &mut sink, &stop);
    assert_eq!(counts.new, 1);
    assert_eq!(sink.pages, [server.url("/one")]);
    assert!(server.times("/two").is_empty());
    // The next poll picks up where this one stopped: the first page is
    // known by its URL (not fetched again), the second is fetched.
    let counts = w.poll(&feed, &mut sink, &AtomicBool::new(false));
    assert_eq!((counts.new, counts.duplicate), (1, 1));
    assert_eq!(sink.pages, [server.url("/one"), server.url("/two")]);
    assert_eq!(server.times("/one").len(), 1);
}

struct Keep;

impl Sink for Keep {
    fn ingest(&mut self, page: Page, _: &State) -> Result<Ingested, String> {
        Ok(Ingested::New {
            content_hash: page.url.clone(),
            doc_id: page.url,
        })
    }
    fn report(&mut self, _: &str) {}
}

#[test]
fn a_page_that_failed_for_now_keeps_the_feed_unconditional() {
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
        <item><link>/flaky</link></item></channel></rss>";
    let server = Server::start(move |path, n| match (path, n) {
        ("/rss", _) => Reply {
            body: rss.as_bytes().to_vec(),
            etag: true,
            ..reply(200, "")
        },
        ("/flaky", 0) => reply(503, "busy"),
        _ => reply(
            200,
            "<html><body><article><p>Text.</p></article></body></html>",
        ),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("state.db");
    let mut w = Watcher::new(
        Politeness {
            retries: 0,
            ..quick()
        },
        State::open(&db).expect("state"),
    );
    let feed = FeedConfig {
        url: server.url("/rss"),
        outlet: None,
        every: Duration::from_secs(60),
    };
    let no_stop = AtomicBool::new(false);
    assert_eq!(w.poll(&feed, &mut Keep, &no_stop).failed, 1);
    let state = State::open(&db).expect("state");
    assert_eq!(state.validators(&feed.url).expect("read"), None);
    // Next poll: the feed is fetched in full and the page tried again;
    // now all went well, the ETag is kept for a conditional GET.
    assert_eq!(w.poll(&feed, &mut Keep, &no_stop).new, 1);
    assert_eq!(server.times("/flaky").len(), 2);
    let v = state.validators(&feed.url).expect("read").expect("saved");
    assert_eq!(v.etag.as_deref(), Some("\"v1\""));
}

#[test]
fn each_redirect_hop_is_held_to_robots_txt() {
    let server = Server::start(|path, _| match path {
        "/robots.txt" => reply(200, "User-agent: *\nDisallow: /private/\n"),
        "/moved" => Reply {
            location: Some("/private/page"),
            ..reply(301, "")
        },
        "/elsewhere" => Reply {
            location: Some("/public/page"),
            ..reply(302, "")
        },
        "/loop" => Reply {
            location: Some("/loop"),
            ..reply(302, "")
        },
        _ => reply(200, "page"),
    });
    let mut f = Fetcher::new(quick());
    let e = f.get(&server.url("/moved"), None).unwrap_err();
    assert!(matches!(e, FetchError::Disallowed { .. }), "{e:?}");
    assert!(server.times("/private/page").is_empty());
    match f.get(&server.url("/elsewhere"), None) {
        Ok(Fetched::Body(b)) => assert_eq!(b.url, server.url("/public/page")),
        other => panic!("{other:?}"),
    }
    assert!(f.get(&server.url("/loop"), None).is_err());
    assert_eq!(server.times("/loop").len(), 6);
}

#[test]
fn crawl_delay_slows_us_down_further() {
    let server = Server::start(|path, _| match path {
        "/robots.txt" => reply(200, "User-agent: armswatch\nCrawl-delay: 0.4\n"),
        _ => reply(200, "ok"),
    });
    let mut f = Fetcher::new(quick());
    for p in ["/a", "/b"] {
        body_of(f.get(&server.url(p), None));
    }
    let (a, b) = (server.times("/a")[0], server.times("/b")[0]);
    assert!(b - a >= Duration::from_millis(380), "{:?}", b - a);
}

/// Keeps every page it is given.
#[derive(Default)]
struct Collect {
    pages: Vec<Page>,
}

impl Sink for Collect {
    fn ingest(&mut self, page: Page, _: &State) -> Result<Ingested, String> {
        let hash = page.url.clone();
        self.pages.push(page);
        Ok(Ingested::New {
            doc_id: hash.clone(),
            content_hash: hash,
        })
    }
    fn report(&mut self, _: &str) {}
}

fn urlset(locs: &[(&str, Option<&str>)]) -> String {
    let urls: String = locs
        .iter()
        .map(|(loc, lastmod)| {
            let m = lastmod
                .map(|d| format!("<lastmod>{d}</lastmod>"))
                .unwrap_or_default();
            format!("<url><loc>{loc}</loc>{m}</url>")
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>")
}

fn index(locs: &[&str]) -> String {
    let maps: String = locs
        .iter()
        .map(|l| format!("<sitemap><loc>{l}</loc></sitemap>"))
        .collect();
    format!(
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{maps}</sitemapindex>"
    )
}

fn watch_once(url: String, sink: &mut Collect, w: &mut Watcher) -> armswatch_watch::Counts {
    let feed = FeedConfig {
        url,
        outlet: Some("Sitemap Times".into()),
        every: Duration::from_secs(60),
    };
    w.poll(&feed, sink, &AtomicBool::new(false))
}

#[test]
fn a_sitemap_index_is_followed_like_a_feed() {
    // Named like neither a feed nor a sitemap: recognised by its root.
    let server = Server::start(|path, _| {
        let body = match path {
            "/robots.txt" => "User-agent: *\nDisallow: /private/\n".to_string(),
            "/latest" => index(&["/maps/one", "/maps/two", "/maps/one"]),
            "/maps/one" => urlset(&[("/a/1", Some("2026-03-03T10:00:00Z")), ("/a/2", None)]),
            "/maps/two" => urlset(&[
                ("/a/2", Some("2026-03-05")),
                ("/a/3", None),
                ("/private/4", None),
            ]),
            _ => "<html><body><article><p>Text.</p></article></body></html>".to_string(),
        };
        reply(200, &body)
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let mut w = Watcher::new(
        quick(),
        State::open(&dir.path().join("s.db")).expect("state"),
    );
    let mut sink = Collect::default();
    let counts = watch_once(server.url("/latest"), &mut sink, &mut w);
    let urls: Vec<&str> = sink.pages.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        urls,
        [server.url("/a/1"), server.url("/a/2"), server.url("/a/3")],
        "{counts:?}"
    );
    assert_eq!(
        (counts.new, counts.disallowed, counts.feeds_failed),
        (3, 1, 0)
    );
    assert_eq!(sink.pages[0].published.as_deref(), Some("2026-03-03"));
    assert_eq!(sink.pages[1].published, None, "the first listing's lastmod");
    assert_eq!(sink.pages[0].outlet.as_deref(), Some("Sitemap Times"));
    // Each child and each page once; robots.txt kept us out of /private/.
    for path in ["/maps/one", "/maps/two", "/a/1", "/a/2", "/a/3"] {
        assert_eq!(server.times(path).len(), 1, "{path}");
    }
    assert!(server.times("/private/4").is_empty());
    // The next poll fetches no page again.
    let counts = watch_once(server.url("/latest"), &mut sink, &mut w);
    assert_eq!((counts.new, counts.duplicate), (0, 3));
    assert_eq!(server.times("/a/1").len(), 1);
}

#[test]
fn sitemap_indexes_are_followed_only_so_deep() {
    let server = Server::start(|path, _| {
        let body = match path {
            "/robots.txt" => String::new(),
            "/deep/0" => index(&["/deep/1", "/deep/0"]),
            "/deep/1" => index(&["/deep/2"]),
            "/deep/2" => index(&["/deep/3"]),
            "/deep/3" => urlset(&[("/a/9", None)]),
            _ => "<html><body><p>Text.</p></body></html>".to_string(),
        };
        reply(200, &body)
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let mut w = Watcher::new(
        quick(),
        State::open(&dir.path().join("s.db")).expect("state"),
    );
    let mut sink = Collect::default();
    let counts = watch_once(server.url("/deep/0"), &mut sink, &mut w);
    assert_eq!(armswatch_watch::SITEMAP_DEPTH, 2);
    assert_eq!(
        server.times("/deep/0").len(),
        1,
        "an index listing itself is not refetched"
    );
    assert_eq!(server.times("/deep/2").len(), 1);
    assert!(server.times("/deep/3").is_empty(), "followed too deep");
    assert_eq!((counts.new, counts.feeds_failed), (0, 0));
}
