//! Follows news feeds (RSS 2.0, Atom, JSON Feed) politely and hands each
//! new article page to a [`Sink`], which turns it into a stored document.
//!
//! The crate knows nothing of extraction or the store's API: the binary's
//! sink does that with the same functions `armswatch ingest` uses. What is
//! here is the crawler: [`Config`] (FEEDS.toml), [`Fetcher`] (robots.txt,
//! per-host delay, timeouts, retries, size cap, conditional GETs), feed
//! parsing, and [`State`] (validators and handled URLs between runs).
//!
//! One bad feed or page is reported through [`Sink::report`] and skipped;
//! nothing here stops the others or panics on what a server sends.

mod config;
mod feed;
mod fetch;
mod robots;
mod sitemap;
mod state;

pub use config::{parse_duration, Config, ConfigError, FeedConfig, DEFAULT_EVERY};
pub use feed::{entries, FeedEntry, FeedError};
pub use fetch::{
    http_url, Body, FetchError, Fetched, Fetcher, Politeness, Validators, ROBOTS_TOKEN, USER_AGENT,
};
pub use robots::Robots;
pub use sitemap::{is_sitemap, Sitemap, SitemapError};
pub use state::{State, StateError};

use std::ops::AddAssign;
use std::sync::atomic::{AtomicBool, Ordering};

/// An article page fetched for a feed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The entry's link (the id of the article everywhere).
    pub url: String,
    /// The feed's `outlet`, if FEEDS.toml names one.
    pub outlet: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` from the feed, if it gives one.
    pub published: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// What the sink did with a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    /// Stored as a new document.
    New {
        doc_id: String,
        content_hash: String,
    },
    /// Its text is stored already (under another URL).
    Duplicate { content_hash: String },
}

/// Where article pages go.
pub trait Sink {
    /// Turns a page into a document and stores it, unless `state` knows its
    /// content hash already. An error names the page and skips it.
    fn ingest(&mut self, page: Page, state: &State) -> Result<Ingested, String>;

    /// Progress and problems, one line each.
    fn report(&mut self, line: &str) {
        eprintln!("{line}");
    }
}

/// What polling did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub feeds_polled: usize,
    /// Feeds that answered 304.
    pub feeds_unchanged: usize,
    pub feeds_failed: usize,
    /// Articles stored.
    pub new: usize,
    /// Articles skipped: URL handled before, or text already stored.
    pub duplicate: usize,
    /// Articles that could not be fetched or read.
    pub failed: usize,
    /// Articles robots.txt kept us from fetching.
    pub disallowed: usize,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.feeds_polled += o.feeds_polled;
        self.feeds_unchanged += o.feeds_unchanged;
        self.feeds_failed += o.feeds_failed;
        self.new += o.new;
        self.duplicate += o.duplicate;
        self.failed += o.failed;
        self.disallowed += o.disallowed;
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} feeds polled ({} unchanged, {} failed); articles: {} new, {} duplicate, \
             {} failed, {} disallowed by robots.txt",
            self.feeds_polled,
            self.feeds_unchanged,
            self.feeds_failed,
            self.new,
            self.duplicate,
            self.failed,
            self.disallowed
        )
    }
}

/// Polls feeds with one [`Fetcher`] (so per-host limits hold across feeds).
pub struct Watcher {
    fetcher: Fetcher,
    state: State,
}

impl Watcher {
    pub fn new(politeness: Politeness, state: State) -> Watcher {
        Watcher {
            fetcher: Fetcher::new(politeness),
            state,
        }
    }

    /// Polls one feed and ingests its new articles. `stop` is checked
    /// between articles: the current one is finished, the rest left for
    /// the next run (the feed's validators are then not saved, so a
    /// conditional GET cannot hide them).
    pub fn poll(&mut self, feed: &FeedConfig, sink: &mut dyn Sink, stop: &AtomicBool) -> Counts {
        let mut counts = Counts {
            feeds_polled: 1,
            ..Counts::default()
        };
        let Some((entries, validators)) = self.feed_entries(feed, sink, &mut counts) else {
            return counts;
        };
        let mut retry_later = false;
        for entry in entries {
            if stop.load(Ordering::SeqCst) {
                return counts;
            }
            retry_later |= self.article(feed, entry, sink, &mut counts);
        }
        // A page that failed for a passing reason (network, 5xx) is tried
        // again next poll; a 304 for the feed would hide it until the feed
        // changed, so the validators are kept only when nothing is pending.
        if retry_later {
            return counts;
        }
        if let Err(e) = self.state.save_validators(&feed.url, &validators) {
            sink.report(&format!("warning: {e}"));
        }
        counts
    }

    /// The feed's entries and validators, or None when it is unchanged or
    /// failed (counted and reported).
    fn feed_entries(
        &mut self,
        feed: &FeedConfig,
        sink: &mut dyn Sink,
        counts: &mut Counts,
    ) -> Option<(Vec<FeedEntry>, Validators)> {
        let known = self.state.validators(&feed.url).unwrap_or_else(|e| {
            sink.report(&format!("warning: {e}"));
            None
        });
        let parsed = match self.fetcher.get(&feed.url, known.as_ref()) {
            Ok(Fetched::NotModified) => {
                counts.feeds_unchanged += 1;
                sink.report(&format!("{}: not modified", feed.url));
                return None;
            }
            Ok(Fetched::Body(body)) if is_sitemap(&body.bytes) => {
                let mut walk = Walk::default();
                self.sitemap(&body.bytes, &body.url, 0, &mut walk, sink)
                    .map(|()| (walk.entries, body.validators))
                    .map_err(|e| e.to_string())
            }
            Ok(Fetched::Body(body)) => entries(&body.bytes, &body.url)
                .map(|e| (e, body.validators))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match parsed {
            Ok((entries, validators)) => {
                sink.report(&format!("{}: {} entries", feed.url, entries.len()));
                Some((entries, validators))
            }
            Err(e) => {
                counts.feeds_failed += 1;
                sink.report(&format!("error: feed skipped: {e}"));
                None
            }
        }
    }

    /// Fetches and ingests one entry's page unless its URL was handled.
    /// Returns true when the page failed for a passing reason and should
    /// be tried again next poll.
    fn article(
        &mut self,
        feed: &FeedConfig,
        entry: FeedEntry,
        sink: &mut dyn Sink,
        counts: &mut Counts,
    ) -> bool {
        match self.state.known_url(&entry.url) {
            Ok(true) => {
                counts.duplicate += 1;
                return false;
            }
            Ok(false) => {}
            Err(e) => sink.report(&format!("warning: {e}")),
        }
        let body = match self.fetcher.get(&entry.url, None) {
            Ok(Fetched::Body(b)) => b,
            Ok(Fetched::NotModified) => return false,
            // The site asked not to be crawled there: not a failure.
            Err(e @ FetchError::Disallowed { .. }) => {
                counts.disallowed += 1;
                sink.report(&format!("skipped: {e}"));
                return false;
            }
            Err(e) => {
                counts.failed += 1;
                sink.report(&format!("error: article skipped: {e}"));
                return e.retryable();
            }
        };
        let page = Page {
            url: entry.url.clone(),
            outlet: feed.outlet.clone(),
            title: entry.title,
            published: entry.published,
            content_type: body.content_type,
            bytes: body.bytes,
        };
        let (hash, doc_id) = match sink.ingest(page, &self.state) {
            Ok(Ingested::New {
                doc_id,
                content_hash,
            }) => {
                counts.new += 1;
                sink.report(&format!("new: {} ({doc_id})", entry.url));
                (content_hash, Some(doc_id))
            }
            Ok(Ingested::Duplicate { content_hash }) => {
                counts.duplicate += 1;
                sink.report(&format!("duplicate text: {}", entry.url));
                (content_hash, None)
            }
            Err(e) => {
                counts.failed += 1;
                sink.report(&format!("error: article skipped: {e}"));
                return false;
            }
        };
        if let Err(e) = self
            .state
            .remember_page(&entry.url, &hash, doc_id.as_deref())
        {
            sink.report(&format!("warning: {e}"));
        }
        false
    }
}

/// Levels of sitemap indexes followed below the configured sitemap.
pub const SITEMAP_DEPTH: usize = 2;
/// Child sitemaps fetched per poll of one configured sitemap, at most.
pub const SITEMAP_CHILDREN: usize = 50;

/// A walk through a sitemap and its children.
#[derive(Default)]
struct Walk {
    entries: Vec<FeedEntry>,
    urls: std::collections::HashSet<String>,
    children: usize,
}

impl Watcher {
    /// Adds the pages of sitemap `bytes` (fetched from `url`, `depth`
    /// indexes below the configured one) to `walk`, following an index's
    /// children within [`SITEMAP_DEPTH`] and [`SITEMAP_CHILDREN`]. A child
    /// that fails is reported and skipped.
    fn sitemap(
        &mut self,
        bytes: &[u8],
        url: &str,
        depth: usize,
        walk: &mut Walk,
        sink: &mut dyn Sink,
    ) -> Result<(), SitemapError> {
        // An index that lists itself (or an ancestor) is not fetched again.
        walk.urls.insert(url.to_string());
        let children = match sitemap::parse(bytes, url)? {
            Sitemap::Pages(pages) => {
                // A page listed by two sitemaps is fetched once.
                let fresh = pages
                    .into_iter()
                    .filter(|p| walk.urls.insert(p.url.clone()));
                walk.entries.extend(fresh);
                return Ok(());
            }
            Sitemap::Index(children) => children,
        };
        for child in children {
            if depth >= SITEMAP_DEPTH || walk.children >= SITEMAP_CHILDREN {
                sink.report(&format!(
                    "warning: {url}: sitemap index too deep or too long; rest skipped"
                ));
                break;
            }
            if !walk.urls.insert(child.clone()) {
                continue;
            }
            walk.children += 1;
            let got = match self.fetcher.get(&child, None) {
                Ok(Fetched::Body(b)) => self
                    .sitemap(&b.bytes, &b.url, depth + 1, walk, sink)
                    .map_err(|e| e.to_string()),
                Ok(Fetched::NotModified) => Ok(()),
                Err(e) => Err(e.to_string()),
            };
            if let Err(e) = got {
                sink.report(&format!("error: sitemap skipped: {e}"));
            }
        }
        Ok(())
    }
}

/// How often a sleeping watcher looks at `stop`.
const STOP_CHECK: std::time::Duration = std::time::Duration::from_millis(200);

impl Watcher {
    /// Polls every feed once, in order.
    pub fn poll_all(
        &mut self,
        feeds: &[FeedConfig],
        sink: &mut dyn Sink,
        stop: &AtomicBool,
    ) -> Counts {
        let mut total = Counts::default();
        for feed in feeds {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            total += self.poll(feed, sink, stop);
        }
        total
    }

    /// Polls each feed whenever its `every` has passed, until `stop` is set.
    pub fn run(&mut self, feeds: &[FeedConfig], sink: &mut dyn Sink, stop: &AtomicBool) -> Counts {
        use std::time::Instant;
        let mut total = Counts::default();
        let mut due: Vec<Instant> = vec![Instant::now(); feeds.len()];
        while !stop.load(Ordering::SeqCst) {
            let mut round = Counts::default();
            for (feed, next) in feeds.iter().zip(due.iter_mut()) {
                if *next <= Instant::now() && !stop.load(Ordering::SeqCst) {
                    round += self.poll(feed, sink, stop);
                    *next = Instant::now() + feed.every;
                }
            }
            if round.feeds_polled > 0 {
                sink.report(&round.to_string());
            }
            total += round;
            let wake = due.iter().min().copied().unwrap_or_else(Instant::now);
            while !stop.load(Ordering::SeqCst) && Instant::now() < wake {
                std::thread::sleep(STOP_CHECK.min(wake.saturating_duration_since(Instant::now())));
            }
        }
        total
    }
}
