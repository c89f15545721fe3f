//! `armswatch parse` (UD analysis of articles) and `armswatch eval-parser`
//! (UPOS, UAS and LAS of the built-in parser on a CoNLL-U file).

use anyhow::{Context, Result};
use armswatch_ingest::{Input, Item, Options};
use armswatch_parse::eval::{evaluate, Scores};
use armswatch_parse::{conllu, Model, Parse};
use armswatch_register::Document;
use clap::ValueEnum;
use rayon::prelude::*;
use serde_json::json;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Articles parsed together (in parallel), printed in input order.
const BATCH: usize = 64;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ParseFormat {
    /// One CoNLL-U block per sentence, with `# sent_id` and `# text`.
    Conllu,
    /// One JSON object per sentence (JSON Lines).
    Json,
}

fn model() -> Result<&'static Model> {
    Model::try_builtin().map_err(|e| anyhow::anyhow!("the built-in parser model: {e}"))
}

pub fn parse(paths: &[PathBuf], format: ParseFormat, max_article_bytes: usize) -> Result<ExitCode> {
    let model = model()?;
    let inputs: Vec<Input> = paths.iter().map(Input::from_arg).collect();
    let opts = Options {
        max_article_bytes,
        ..Options::default()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut batch = Vec::with_capacity(BATCH);
    for item in armswatch_ingest::read(&inputs, &opts) {
        match item {
            Ok(Item { doc, warnings }) => {
                warnings.iter().for_each(|w| eprintln!("warning: {w}"));
                ok += 1;
                batch.push(doc);
                if batch.len() == BATCH {
                    write_batch(&mut out, model, &std::mem::take(&mut batch), format)?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    write_batch(&mut out, model, &batch, format)?;
    out.flush()?;
    if ok == 0 {
        eprintln!("armswatch: no article could be read ({failed} failed)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn write_batch(
    out: &mut impl Write,
    model: &Model,
    docs: &[Document],
    format: ParseFormat,
) -> Result<()> {
    let texts: Vec<String> = docs.par_iter().map(|d| render(model, d, format)).collect();
    for t in texts {
        out.write_all(t.as_bytes())?;
    }
    Ok(())
}

/// Every sentence of a document, analysed and rendered.
fn render(model: &Model, doc: &Document, format: ParseFormat) -> String {
    let mut out = String::new();
    if format == ParseFormat::Conllu {
        out.push_str(&format!("# newdoc id = {}\n", one_line(&doc.id)));
    }
    for (k, s) in armswatch_annotate::text::sentences(&doc.text)
        .iter()
        .enumerate()
    {
        let parse = model.parse(&doc.text, s.start, s.end);
        if parse.tokens.is_empty() {
            continue;
        }
        let text = &doc.text[s.start..s.end];
        match format {
            ParseFormat::Conllu => {
                out.push_str(&format!("# sent_id = {}-{}\n", one_line(&doc.id), k + 1));
                out.push_str(&format!("# text = {}\n", one_line(text)));
                out.push_str(&parse.to_conllu());
            }
            ParseFormat::Json => {
                out.push_str(&sentence_json(&doc.id, k, s.start, s.end, text, &parse).to_string());
                out.push('\n');
            }
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sentence_json(
    doc: &str,
    k: usize,
    start: usize,
    end: usize,
    text: &str,
    p: &Parse,
) -> serde_json::Value {
    let tokens: Vec<serde_json::Value> = p
        .tokens
        .iter()
        .enumerate()
        .map(|(i, w)| {
            json!({
                "id": i + 1,
                "form": w.form,
                "lemma": w.lemma,
                "upos": w.upos.as_str(),
                "xpos": w.xpos,
                "head": w.head.map_or(0, |h| h + 1),
                "deprel": w.deprel,
                "start": w.start,
                "end": w.end,
            })
        })
        .collect();
    json!({
        "doc": doc,
        "sentence": k + 1,
        "start": start,
        "end": end,
        "text": text,
        "tokens": tokens,
    })
}

pub fn eval_parser(file: &Path, as_json: bool) -> Result<ExitCode> {
    let t0 = std::time::Instant::now();
    let model = model()?;
    let load = t0.elapsed().as_secs_f64();
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let gold = conllu::parse(&text).with_context(|| format!("reading {}", file.display()))?;
    let s = evaluate(model, &gold);
    let mut out = std::io::stdout().lock();
    if as_json {
        let mut v = scores_json(&s);
        v["model_load_s"] = json!(load);
        writeln!(out, "{v}")?;
    } else {
        write!(out, "{}", report(file, &s))?;
        writeln!(out, "model load       {:.0} ms", load * 1000.0)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn scores_json(s: &Scores) -> serde_json::Value {
    json!({
        "sentences": s.sentences,
        "tokens": s.tokens,
        "upos": s.upos_accuracy(),
        "uas": s.uas(),
        "las": s.las(),
        "las_full_labels": s.las_full(),
        "tokens_per_s": s.tokens_per_s(),
    })
}

fn report(file: &Path, s: &Scores) -> String {
    format!(
        "{}\n\
         sentences        {}\n\
         tokens           {}\n\
         UPOS             {:.4}\n\
         UAS              {:.4}\n\
         LAS              {:.4}   (universal relations, subtypes stripped, as conll18_ud_eval.py)\n\
         LAS full labels  {:.4}   (subtypes compared too)\n\
         speed            {:.0} tokens/s (tagging + parsing from gold tokens' forms, one thread)\n",
        file.display(),
        s.sentences,
        s.tokens,
        s.upos_accuracy(),
        s.uas(),
        s.las(),
        s.las_full(),
        s.tokens_per_s()
    )
}
