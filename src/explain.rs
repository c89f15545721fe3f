//! `armswatch explain`: the grammar's reading of a text, sentence by
//! sentence, then the records.

use anyhow::{Context, Result};
use armswatch_extract::{Extractor, SentenceExplanation};
use armswatch_register::{Date, Document};
use std::io::{self, Read, Write};
use std::process::ExitCode;

pub fn explain(text: &str, published: Option<&str>, brief: bool) -> Result<ExitCode> {
    let text = if text == "-" {
        let mut s = String::new();
        io::stdin()
            .read_to_string(&mut s)
            .context("reading the text from standard input")?;
        s
    } else {
        text.to_string()
    };
    let published = published
        .map(|p| Date::parse(p).with_context(|| format!("--published {p}: not a date")))
        .transpose()?;
    let doc = Document {
        id: "explain".into(),
        content_hash: String::new(),
        text,
        published,
        outlet: None,
        title: None,
        url: None,
        origin: Some("explain".into()),
    };
    let x = Extractor::builtin().context("loading the gazetteer")?;
    let (sentences, records) = x.explain(&doc);
    let mut out = io::stdout().lock();
    for s in &sentences {
        write_sentence(&mut out, s, brief)?;
    }
    writeln!(out, "== records")?;
    for r in &records {
        writeln!(out, "{}", serde_json::to_string(r)?)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_sentence(out: &mut impl Write, s: &SentenceExplanation, brief: bool) -> io::Result<()> {
    if brief && s.frames.is_empty() {
        return Ok(());
    }
    writeln!(out, "== sentence {}: {}", s.index + 1, s.text.trim())?;
    match &s.conllu {
        None => writeln!(out, "   (no trigger word: not parsed)")?,
        Some(c) => {
            for line in c.lines().filter(|l| !l.is_empty()) {
                writeln!(out, "   {line}")?;
            }
        }
    }
    for f in &s.frames {
        write!(out, "-- rule {} ({}) on \"{}\"", f.rule, f.kind, f.trigger)?;
        if let Some(st) = &f.status {
            write!(out, ", status {st}")?;
        }
        if !f.modifiers.is_empty() {
            write!(out, ", modifiers: {}", f.modifiers.join(", "))?;
        }
        if f.dropped {
            write!(out, " (dropped: no record)")?;
        }
        writeln!(out)?;
        for (role, path, fillers) in &f.roles {
            writeln!(out, "   {role} via {path}: {}", fillers.join("; "))?;
        }
    }
    Ok(())
}
