//! Reviewed records out: the `reviewed` mark of `export --raw`, and
//! `export --format gold`, which writes each reviewed article as a gold
//! file for `shared/eval/score.py` (reviewed entries required, the others
//! `optional`, rejected ones left out).

use crate::db::Register;
use anyhow::{Context, Result};
use armswatch_store::{ReviewState, Store};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The JSON lines of every reviewed, not rejected, record (none on
/// PostgreSQL, where records cannot be reviewed yet).
pub fn reviewed_lines(register: &Register) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    let Some(store) = register.sqlite() else {
        return Ok(out);
    };
    for doc in store.reviewed_documents()? {
        for (r, state) in store.reviewed_records(&doc)? {
            if matches!(state, Some(ReviewState::Accepted | ReviewState::Corrected)) {
                out.insert(r.to_json_line());
            }
        }
    }
    Ok(out)
}

/// `line` with `"reviewed": true` when it is one of `reviewed`.
pub fn mark(line: String, reviewed: &HashSet<String>) -> String {
    if !reviewed.contains(&line) {
        return line;
    }
    match serde_json::from_str::<Value>(&line) {
        Ok(Value::Object(mut m)) => {
            m.insert("reviewed".into(), Value::Bool(true));
            Value::Object(m).to_string()
        }
        _ => line,
    }
}

/// A file name for a document id (ids may hold `/`).
fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub fn export_gold(db: &Path, dir: &Path) -> Result<ExitCode> {
    let store = crate::commands::open(db)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let docs = store.reviewed_documents()?;
    for id in &docs {
        let Some((doc, _)) = store.document(id)? else {
            continue;
        };
        let mut lines = vec![json!({
            "kind": "document", "doc": doc.id, "published": doc.published.map(|d| d.to_string()),
            "outlet": doc.outlet, "title": doc.title, "note": "written by armswatch export --format gold from reviewed entries",
        })
        .to_string()];
        for (r, state) in store.reviewed_records(id)? {
            let mut v = serde_json::to_value(&r)?;
            match state {
                Some(ReviewState::Rejected) => continue,
                None => v["optional"] = Value::Bool(true),
                Some(_) => {}
            }
            lines.push(v.to_string());
        }
        let path = dir.join(format!("{}.gold.jsonl", file_name(id)));
        let mut f =
            std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
        writeln!(f, "{}", lines.join("\n"))?;
    }
    eprintln!(
        "{} reviewed article(s) written to {}",
        docs.len(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
