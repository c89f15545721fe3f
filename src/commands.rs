//! The subcommands. Library errors are typed; here they gain context.

use crate::db::{open_store, Db};
use crate::output;
use crate::{ExportFormat, Format, Kind};
use anyhow::{bail, Context, Result};
use armswatch_extract::Extractor;
use armswatch_ingest::{Input, Item, Options};
use armswatch_register::{Date, Document, Record, RecordKind};
use armswatch_store::{RecordFilter, SqliteStore, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Articles extracted together; bounds memory on huge corpora while
/// keeping both cores busy.
const BATCH: usize = 256;

/// Text extracted together: a batch's records are held until it is done,
/// and short articles yield many records per byte (every entity of each),
/// so a batch of short articles is cut at this many bytes of text too.
const BATCH_BYTES: usize = 256 << 10;

pub struct Filters {
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    pub country: Option<String>,
    pub year: Option<i32>,
    pub limit: Option<usize>,
}

fn options(published: Option<&str>, max_article_bytes: usize) -> Result<Options> {
    let default_published = published
        .map(|p| Date::parse(p).with_context(|| format!("--published {p:?}")))
        .transpose()?;
    Ok(Options {
        default_published,
        max_article_bytes,
    })
}

fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    paths.iter().map(Input::from_arg).collect()
}

/// Reads articles in batches, reporting bad ones on stderr; calls `each`
/// with every batch of good ones. Returns (articles read, articles failed).
fn for_each_batch(
    inputs: &[Input],
    opts: &Options,
    mut each: impl FnMut(Vec<Document>) -> Result<()>,
) -> Result<(usize, usize)> {
    let mut ok = 0;
    let mut failed = 0;
    let mut batch = Vec::with_capacity(BATCH);
    let mut bytes = 0;
    for item in armswatch_ingest::read(inputs, opts) {
        match item {
            Ok(Item { doc, warnings }) => {
                for w in warnings {
                    eprintln!("warning: {w}");
                }
                ok += 1;
                bytes += doc.text.len();
                batch.push(doc);
                if batch.len() == BATCH || bytes >= BATCH_BYTES {
                    each(std::mem::take(&mut batch))?;
                    bytes = 0;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    if !batch.is_empty() {
        each(batch)?;
    }
    Ok((ok, failed))
}

pub(crate) fn extract_batch(x: &Extractor, docs: Vec<Document>) -> Vec<(Document, Vec<Record>)> {
    docs.into_par_iter()
        .map(|d| {
            let recs = match x.try_extract(&d) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    Vec::new()
                }
            };
            (d, recs)
        })
        .collect()
}

pub fn extract(
    paths: &[PathBuf],
    published: Option<&str>,
    max: usize,
    timings: bool,
) -> Result<ExitCode> {
    let opts = options(published, max)?;
    let loading = Instant::now();
    let x = Extractor::builtin().context("loading the gazetteer")?;
    if timings {
        // Tables built on first use belong to loading, not to the first article.
        let warm_up = Document {
            id: "warm-up".into(),
            text: "Peru ordered two frigates from France in 2012.".into(),
            published: None,
            outlet: None,
            title: None,
            url: None,
            origin: None,
            content_hash: String::new(),
        };
        x.try_extract(&warm_up)?;
    }
    let loaded_in = loading.elapsed();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Only the extraction itself, not reading the input or writing records.
    let mut extracting = std::time::Duration::ZERO;
    let mut bytes = 0usize;
    let (ok, failed) = for_each_batch(&inputs(paths), &opts, |docs| {
        bytes += docs.iter().map(|d| d.text.len()).sum::<usize>();
        let started = Instant::now();
        let extracted = extract_batch(&x, docs);
        extracting += started.elapsed();
        for (_, recs) in extracted {
            for r in recs {
                writeln!(out, "{}", r.to_json_line())?;
            }
        }
        Ok(())
    })?;
    out.flush()?;
    if timings {
        eprintln!(
            "armswatch: model loaded in {:.6} s; {ok} articles ({bytes} bytes) extracted in {:.6} s",
            loaded_in.as_secs_f64(),
            extracting.as_secs_f64()
        );
    }
    if ok == 0 {
        eprintln!("armswatch: no article could be read ({failed} failed)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the register with the alert matcher installed, so every write
/// through it records its alert matches in the same transaction.
pub(crate) fn open(db: &Path) -> Result<SqliteStore> {
    let mut store =
        SqliteStore::open(db).with_context(|| format!("opening database {}", db.display()))?;
    armswatch_alerts::install(&mut store);
    Ok(store)
}

fn progress() -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    pb.set_draw_target(ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb
}

pub fn ingest(db: &Db, paths: &[PathBuf], published: Option<&str>, max: usize) -> Result<ExitCode> {
    let opts = options(published, max)?;
    let mut register = open_store(db)?;
    let (ok, failed, summary) = ingest_into(register.store_mut(), &inputs(paths), &opts)?;
    if let Some(store) = register.sqlite() {
        crate::alert_cmd::deliver_due(store);
    }
    eprintln!(
        "{ok} articles read ({failed} failed): {} added, {} replaced, {} unchanged; {} records written to {db}",
        summary.added, summary.replaced, summary.unchanged, summary.records,
    );
    Ok(if ok == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn ingest_into(
    store: &mut dyn Store,
    inputs: &[Input],
    opts: &Options,
) -> Result<(usize, usize, armswatch_store::PutSummary)> {
    let x = Extractor::builtin().context("loading the gazetteer")?;
    let pb = progress();
    let started = Instant::now();
    let mut total = armswatch_store::PutSummary::default();
    let mut articles = 0usize;
    let (ok, failed) = for_each_batch(inputs, opts, |docs| {
        articles += docs.len();
        let batch = extract_batch(&x, docs);
        // One transaction per batch: a failure leaves earlier batches intact.
        total += store
            .put_reporting(&batch, &mut |r| {
                eprintln!("warning: {}", replaced_message(&r))
            })
            .context("storing a batch of articles")?;
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        pb.set_message(format!(
            "{articles} articles, {} records, {:.0} articles/s",
            total.records,
            articles as f64 / secs
        ));
        pb.tick();
        Ok(())
    })?;
    pb.finish_and_clear();
    Ok((ok, failed, total))
}

/// What a user is told when an article replaced another of the same id.
pub(crate) fn replaced_message(r: &armswatch_store::Replaced) -> String {
    let from = |o: &Option<String>| o.clone().unwrap_or_else(|| "an unknown input".into());
    format!(
        "{}: replaced the article stored under id {:?} (from {}) with different text",
        from(&r.new_origin),
        r.id,
        from(&r.old_origin)
    )
}

pub fn reextract(db: &Db) -> Result<ExitCode> {
    let mut register = open_store(db)?;
    let store = register.store_mut();
    let x = Extractor::builtin().context("loading the gazetteer")?;
    let docs = store.documents().context("reading stored articles")?;
    let n = docs.len();
    let results: Vec<(String, Vec<Record>)> = docs
        .into_par_iter()
        .map(|d| {
            let r = x.try_extract(&d).unwrap_or_else(|e| {
                eprintln!("error: {e}");
                Vec::new()
            });
            (d.id, r)
        })
        .collect();
    let mut records = 0;
    for (id, recs) in results {
        records += recs.len();
        store
            .replace_records(&id, &recs)
            .with_context(|| format!("replacing the records of {id}"))?;
    }
    eprintln!("re-extracted {n} articles: {records} records");
    if let Some(store) = register.sqlite() {
        crate::alert_cmd::deliver_due(store);
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_of(k: Kind) -> RecordKind {
    match k {
        Kind::Transfers => RecordKind::Transfer,
        Kind::Contests => RecordKind::Contest,
        Kind::Engagements => RecordKind::Engagement,
        Kind::Entities => RecordKind::Entity,
    }
}

pub fn list(db: &Db, kind: Kind, f: Filters, format: Format) -> Result<ExitCode> {
    db.must_exist()?;
    let register = open_store(db)?;
    let store = register.store();
    let filter = RecordFilter {
        kind: Some(kind_of(kind)),
        supplier: f.supplier,
        recipient: f.recipient,
        country: f.country,
        year: f.year,
        limit: f.limit,
        ..RecordFilter::default()
    };
    let recs = store.records(&filter).context("querying records")?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Jsonl => {
            for r in &recs {
                writeln!(out, "{}", r.to_json_line())?;
            }
        }
        Format::Csv => output::csv(&mut out, kind_of(kind), &recs)?,
        Format::Table => output::table(&mut out, kind_of(kind), &recs)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(db: &Db, id: &str) -> Result<ExitCode> {
    let register = open_store(db)?;
    let Some((doc, recs)) = register
        .store()
        .document(id)
        .context("reading the article")?
    else {
        bail!("no article with id {id:?} in {db}");
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    output::article(&mut out, &doc, &recs)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(db: &Db, format: ExportFormat) -> Result<ExitCode> {
    let register = open_store(db)?;
    let store = register.store();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        ExportFormat::Jsonl => {
            let reviewed = crate::review_cmd::reviewed_lines(&register)?;
            store
                .for_each_record(&RecordFilter::default(), &mut |r| {
                    let line = crate::review_cmd::mark(r.to_json_line(), &reviewed);
                    writeln!(out, "{line}")?;
                    Ok(())
                })
                .context("exporting records")?;
        }
        ExportFormat::Csv => {
            let recs = store.all_records().context("exporting records")?;
            output::csv_all(&mut out, &recs)?;
        }
        _ => bail!("--raw exports jsonl or csv"),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn search(db: &Db, query: &str, limit: usize) -> Result<ExitCode> {
    let register = open_store(db)?;
    let hits = register.store().search(query, limit).context("searching")?;
    let mut out = io::stdout().lock();
    for h in hits {
        writeln!(
            out,
            "{}  {}  {}\n    {}",
            h.doc,
            h.published.as_deref().unwrap_or("-"),
            h.title.as_deref().unwrap_or(""),
            h.snippet.replace('\n', " ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Bundled examples as documents, with dates and outlets from `meta.tsv`.
pub fn example_documents(examples: &[(&str, &str)]) -> Result<Vec<Document>> {
    let meta = examples
        .iter()
        .find(|(n, _)| *n == "meta.tsv")
        .map(|(_, t)| *t)
        .unwrap_or("");
    let mut docs = Vec::new();
    for (name, content) in examples {
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        if !matches!(ext, "txt" | "html") {
            continue;
        }
        let row: Option<Vec<&str>> = meta
            .lines()
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|cols| cols.first() == Some(name));
        let line = serde_json::json!({
            "id": row.as_ref().and_then(|r| r.get(1)).copied().unwrap_or(stem),
            "text": content,
            "published": row.as_ref().and_then(|r| r.get(2)).copied(),
            "outlet": row.as_ref().and_then(|r| r.get(3)).copied(),
            "title": row.as_ref().and_then(|r| r.get(4)).copied(),
            "format": ext,
        });
        let reader = armswatch_ingest::read_corpus(
            io::Cursor::new(format!("{line}\n").into_bytes()),
            name,
            &Options::default(),
        );
        for item in reader {
            docs.push(item.with_context(|| format!("bundled example {name}"))?.doc);
        }
    }
    Ok(docs)
}

pub fn demo(db: &Path, examples: &[(&str, &str)], serve: bool) -> Result<ExitCode> {
    // A fresh database: the default name gets a demo file of its own so
    // that a real register is never overwritten.
    let path = if db == Path::new("armswatch.db") {
        PathBuf::from("armswatch-demo.db")
    } else {
        db.to_path_buf()
    };
    if path.exists() {
        // Only replace a file that is an armswatch database.
        drop(open(&path).context("the demo replaces only an armswatch database")?);
        std::fs::remove_file(&path).with_context(|| format!("removing old {}", path.display()))?;
        for ext in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{ext}", path.display()));
            if side.exists() {
                let _ = std::fs::remove_file(side);
            }
        }
    }
    let docs = example_documents(examples)?;
    let mut store = open(&path)?;
    let x = Extractor::builtin().context("loading the gazetteer")?;
    let batch = extract_batch(&x, docs);
    let summary = store.put(&batch).context("storing the examples")?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    writeln!(
        out,
        "armswatch demo: {} example articles, {} records, in {}\n",
        summary.added,
        summary.records,
        path.display()
    )?;
    for kind in [
        RecordKind::Transfer,
        RecordKind::Contest,
        RecordKind::Engagement,
    ] {
        let recs = store
            .records(&RecordFilter {
                kind: Some(kind),
                ..RecordFilter::default()
            })
            .context("reading the register")?;
        writeln!(out, "== {}s ({})", kind.as_str(), recs.len())?;
        output::table(&mut out, kind, &recs)?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "Next: `armswatch --db {0} list entities`, `armswatch --db {0} show DOC_ID`, \
         `armswatch --db {0} export --format csv`.",
        path.display()
    )?;
    out.flush()?;
    drop(out);
    // Only an interactive run goes on to serve: scripts, tests and CI get
    // their prompt back.
    if serve && io::IsTerminal::is_terminal(&io::stdout()) {
        drop(store);
        println!("\nBrowse it: open the address below in a web browser (Ctrl-C stops).");
        let addrs = [
            std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
            std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        ];
        return crate::serve_cmd::serve_first(&path, &addrs, None);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval(
    dirs: &[PathBuf],
    corpus: &Path,
    verbose: bool,
    json: bool,
    (min_records, min_entities): (Option<f64>, Option<f64>),
) -> Result<ExitCode> {
    // The corpus is only needed by gold that names articles by id; a missing
    // default corpus is not an error for folders that carry their texts.
    let corpus = if corpus.exists() {
        armswatch_evaluate::Corpus::load(&[corpus.to_path_buf()])
            .with_context(|| format!("reading the corpus {}", corpus.display()))?
    } else {
        armswatch_evaluate::Corpus::default()
    };
    let gold =
        armswatch_evaluate::load_gold_dirs_with(dirs, &corpus).context("reading gold folders")?;
    let x = Extractor::builtin().context("loading the gazetteer")?;
    let corpus = gold.corpus_jsonl();
    let started = Instant::now();
    let mut docs = Vec::new();
    for item in armswatch_ingest::read_corpus(
        io::Cursor::new(corpus.into_bytes()),
        "gold",
        &Options::default(),
    ) {
        docs.push(item.context("reading a gold article")?.doc);
    }
    let n = docs.len();
    let preds: Vec<serde_json::Value> = extract_batch(&x, docs)
        .into_iter()
        .flat_map(|(_, recs)| recs)
        .map(|r| serde_json::to_value(&r))
        .collect::<Result<_, _>>()?;
    let secs = started.elapsed().as_secs_f64();
    let score = armswatch_evaluate::score(&gold.gold, &preds);
    let mut out = io::stdout().lock();
    if json {
        let mut v = score.to_json();
        v["documents"] = serde_json::json!(n);
        v["seconds"] = serde_json::json!(secs);
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        write!(out, "{}", score.report(verbose))?;
        writeln!(out, "{n} documents in {secs:.2} s")?;
    }
    drop(out);
    let rf1 = score.records_prf().f1;
    let ef1 = score.entity_f1();
    let mut failed = false;
    if let Some(m) = min_records {
        if rf1 < m {
            eprintln!("records F1 {rf1:.3} is below the floor {m:.3}");
            failed = true;
        }
    }
    if let Some(m) = min_entities {
        if ef1 < m {
            eprintln!("entity F1 {ef1:.3} is below the floor {m:.3}");
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches of `n` articles of `len` bytes each, as `for_each_batch` cuts them.
    fn batch_sizes(n: usize, len: usize) -> Vec<usize> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.jsonl");
        let text = "a".repeat(len);
        let lines: String = (0..n)
            .map(|i| format!("{{\"id\": \"a{i}\", \"text\": \"{text}\"}}\n"))
            .collect();
        std::fs::write(&path, lines).unwrap();
        let mut sizes = Vec::new();
        let opts = options(None, 1 << 30).unwrap();
        for_each_batch(&inputs(&[path]), &opts, |docs| {
            sizes.push(docs.len());
            Ok(())
        })
        .unwrap();
        sizes
    }

    #[test]
    fn short_articles_are_batched_by_count() {
        assert_eq!(batch_sizes(300, 100), vec![BATCH, 300 - BATCH]);
    }

    #[test]
    fn long_articles_are_batched_by_bytes() {
        // A batch's records are held until it is done: 64 KiB articles go
        // four to a batch, not 256 (16 MiB of text at once).
        assert_eq!(batch_sizes(10, 64 << 10), vec![4, 4, 2]);
        assert_eq!(batch_sizes(2, BATCH_BYTES + 1), vec![1, 1]);
    }
}
