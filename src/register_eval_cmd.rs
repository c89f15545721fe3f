//! `armswatch eval-register GOLD_DIR`: the consolidation (entity
//! resolution, deal merging) that `export` uses, scored against
//! consolidation gold (`docs/register-gold.md`).

use crate::commands::extract_batch;
use anyhow::{bail, Context, Result};
use armswatch_consolidate::{Consolidator, Register, Report, Resolution};
use armswatch_evaluate::register::{
    self, PredEntry, PredMention, PredParty, PredReport, RegisterGold,
};
use armswatch_evaluate::Corpus;
use armswatch_extract::Extractor;
use armswatch_ingest::Options;
use armswatch_register::{Actor, ActorType, Date, Fact, Record};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::process::ExitCode;

pub fn eval_register(
    gold_dir: &Path,
    corpus: &Path,
    verbose: bool,
    only: Option<&str>,
) -> Result<ExitCode> {
    let mut parts = register::load_register_gold(gold_dir)
        .with_context(|| format!("reading consolidation gold {}", gold_dir.display()))?;
    if let Some(name) = only {
        let names: Vec<String> = parts.iter().map(|p| p.name.clone()).collect();
        parts.retain(|p| p.name == name);
        if parts.is_empty() {
            bail!(
                "no part {name:?} in {} (parts: {})",
                gold_dir.display(),
                names.join(", ")
            );
        }
    }
    if !corpus.exists() {
        bail!(
            "no corpus at {} (the gold names its articles by corpus id; give --corpus)",
            corpus.display()
        );
    }
    let corpus = Corpus::load(&[corpus.to_path_buf()])
        .with_context(|| format!("reading the corpus {}", corpus.display()))?;
    let x = Extractor::builtin().context("loading the gazetteer")?;
    let c = armswatch_consolidate::builtin().context("loading the gazetteer")?;
    for part in &parts {
        for w in &part.warnings {
            eprintln!("warning: {w}");
        }
        let (records, published, missing) = extract_part(&x, &corpus, part)?;
        if !missing.is_empty() {
            eprintln!(
                "warning: part {}: {} article(s) not in the corpus (their mentions stay unmatched): {}",
                part.name,
                missing.len(),
                missing.join(", ")
            );
        }
        let (names, reports, entries) = predictions(&c, records, &published);
        let score = register::score_register(part, &names, &reports);
        print!("{}", score.report(verbose));
        print!(
            "{}",
            register::reliability(part, &reports, &entries).report()
        );
    }
    Ok(ExitCode::SUCCESS)
}

type Extracted = (Vec<Record>, BTreeMap<String, Date>, Vec<String>);

/// The records of the part's articles, their publication dates, and the
/// ids the corpus lacks.
fn extract_part(x: &Extractor, corpus: &Corpus, part: &RegisterGold) -> Result<Extracted> {
    let mut jsonl = String::new();
    let mut missing = Vec::new();
    for id in part.documents() {
        match corpus.article(&id) {
            Some(a) => {
                jsonl.push_str(&a.to_string());
                jsonl.push('\n');
            }
            None => missing.push(id),
        }
    }
    let mut docs = Vec::new();
    for item in armswatch_ingest::read_corpus(
        io::Cursor::new(jsonl.into_bytes()),
        "corpus",
        &Options::default(),
    ) {
        docs.push(item.context("reading a corpus article")?.doc);
    }
    let published = docs
        .iter()
        .filter_map(|d| d.published.map(|p| (d.id.clone(), p)))
        .collect();
    let records = extract_batch(x, docs)
        .into_iter()
        .flat_map(|(_, r)| r)
        .collect();
    Ok((records, published, missing))
}

type Predictions = (Vec<PredMention>, Vec<PredReport>, Vec<PredEntry>);

/// A deal entry as shown: confidence and parties.
fn pred_entry(e: &armswatch_consolidate::Entry) -> Option<PredEntry> {
    let party = |a: &Actor| PredParty {
        name: a.name.clone(),
        country: a.country.clone(),
        state: a.kind == ActorType::State,
    };
    let (suppliers, recipient) = match &e.record.fact {
        Fact::Transfer(t) => (t.suppliers.iter().map(party).collect(), party(&t.recipient)),
        Fact::Contest(k) => (k.winner.iter().map(party).collect(), party(&k.buyer)),
        _ => return None,
    };
    Some(PredEntry {
        id: e.id.clone(),
        confidence: e.record.confidence,
        suppliers,
        recipient,
    })
}

/// Consolidates as `export` does and flattens the result for scoring:
/// every name with its entity, every report of every deal with its entry,
/// every deal entry as shown.
fn predictions(
    c: &Consolidator<'_>,
    records: Vec<Record>,
    published: &BTreeMap<String, Date>,
) -> Predictions {
    let res: Resolution = armswatch_consolidate::resolve(c.gazetteer(), &records);
    let reg: Register = c.consolidate(Report::from_records(records, published));
    let names = res
        .mentions()
        .into_iter()
        .map(|(doc, name, e)| PredMention {
            doc: doc.to_string(),
            name: name.to_string(),
            entity: e.id.clone(),
        })
        .collect();
    let party = |a: &Actor| (a.name.clone(), a.country.clone());
    let mut reports = Vec::new();
    for entry in &reg.entries {
        for r in &entry.reports {
            let rec = &r.record;
            let (kind, system, suppliers, recipient, quantity) = match &rec.fact {
                Fact::Transfer(t) => (
                    "transfer",
                    t.system.name.clone(),
                    t.suppliers.iter().map(party).collect(),
                    Some(party(&t.recipient)),
                    t.quantity,
                ),
                Fact::Contest(k) => (
                    "contest",
                    k.item.name.clone(),
                    k.bidders.iter().chain(k.winner.iter()).map(party).collect(),
                    Some(party(&k.buyer)),
                    None,
                ),
                _ => continue,
            };
            reports.push(PredReport {
                entry: entry.id.clone(),
                doc: rec.doc.clone(),
                kind: kind.to_string(),
                system,
                suppliers,
                recipient,
                quantity,
            });
        }
    }
    let entries = reg.entries.iter().filter_map(pred_entry).collect();
    (names, reports, entries)
}
