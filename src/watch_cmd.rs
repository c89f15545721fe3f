//! `armswatch watch FEEDS.toml`: follows feeds and ingests new articles
//! exactly as `armswatch ingest` does (same reader, extractor and store).

use crate::commands::{extract_batch, open, replaced_message};
use anyhow::{Context, Result};
use armswatch_extract::Extractor;
use armswatch_ingest::{article_bytes, content_hash, Options};
use armswatch_register::{Date, Document};
use armswatch_store::{SqliteStore, Store};
use armswatch_watch::{Config, Ingested, Page, State, Watcher};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub fn watch(db: &Path, feeds: &Path, once: bool) -> Result<ExitCode> {
    let config = Config::load(feeds)?;
    let store = open(db)?;
    // After the store: its schema exists, so duplicate checks can read it.
    let state = State::open(db)?;
    let extractor = Extractor::builtin().context("loading the gazetteer")?;
    let stop = Arc::new(AtomicBool::new(false));
    // The first signal asks for a clean stop after the current article; a
    // second one (the stop flag already set) exits at once, in case a slow
    // server holds the current request up to its timeout.
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))
            .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&stop)))
            .context("installing the signal handler")?;
    }
    // Webhooks left over from an earlier run go first.
    crate::alert_cmd::deliver_due(&store);
    let mut sink = StoreSink { store, extractor };
    let mut watcher = Watcher::new(config.politeness.clone(), state);
    eprintln!(
        "watching {} feeds from {} into {}{}",
        config.feeds.len(),
        feeds.display(),
        db.display(),
        if once {
            " (once)"
        } else {
            "; ctrl-c or SIGTERM stops"
        }
    );
    let counts = if once {
        watcher.poll_all(&config.feeds, &mut sink, &stop)
    } else {
        watcher.run(&config.feeds, &mut sink, &stop)
    };
    eprintln!("{counts}");
    // Only a run where no feed could be read is a failure (cron mails it);
    // one bad feed among good ones is reported above.
    let all_failed = counts.feeds_polled > 0 && counts.feeds_failed == counts.feeds_polled;
    Ok(if all_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

struct StoreSink {
    store: SqliteStore,
    extractor: Extractor,
}

impl armswatch_watch::Sink for StoreSink {
    fn ingest(&mut self, page: Page, state: &State) -> Result<Ingested, String> {
        let doc = document(page)?;
        let hash = doc.content_hash.clone();
        if state.known_hash(&hash).map_err(|e| e.to_string())? {
            return Ok(Ingested::Duplicate { content_hash: hash });
        }
        let doc_id = doc.id.clone();
        let batch = extract_batch(&self.extractor, vec![doc]);
        let summary = self
            .store
            .put_reporting(&batch, &mut |r| {
                eprintln!("warning: {}", replaced_message(&r))
            })
            .map_err(|e| format!("{doc_id}: {e}"))?;
        let stored = summary.added + summary.replaced > 0;
        if stored {
            crate::alert_cmd::deliver_due(&self.store);
        }
        Ok(if stored {
            Ingested::New {
                doc_id,
                content_hash: hash,
            }
        } else {
            Ingested::Duplicate { content_hash: hash }
        })
    }
}

/// A page as `armswatch ingest` reads an HTML (or text) file: main text
/// and page metadata; the feed's outlet, date and title take precedence
/// and the URL is the entry's link.
fn document(page: Page) -> Result<Document, String> {
    let plain = page
        .content_type
        .as_deref()
        .is_some_and(|t| t.trim_start().starts_with("text/plain"));
    let name = if plain { "page.txt" } else { "page.html" };
    let item = article_bytes(&page.bytes, name, &page.url, &Options::default())
        .map_err(|e| e.to_string())?;
    let mut doc = item.doc;
    // Stable per URL, so a page that changes replaces its old version.
    doc.id = format!("web-{}", &content_hash(&page.url)[..16]);
    doc.url = Some(page.url);
    doc.outlet = page.outlet.or(doc.outlet);
    doc.title = doc.title.or(page.title);
    if let Some(date) = page.published.as_deref().and_then(|d| Date::parse(d).ok()) {
        doc.published = Some(date);
    }
    Ok(doc)
}
