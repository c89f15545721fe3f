//! The consolidated register on the command line: `export` (all formats),
//! `import sipri`, `reconcile`.

use crate::db::{open_store, Db};
use crate::ExportFormat;
use anyhow::{bail, Context, Result};
use armswatch_consolidate::decisions::EntityDecisions;
use armswatch_consolidate::reconcile::{self, Filter};
use armswatch_consolidate::sipri::{self, Countries};
use armswatch_consolidate::{export, Consolidator, Register, Report};
use armswatch_register::Date;
use armswatch_store::{SqliteStore, Store};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

fn open(db: &Path) -> Result<SqliteStore> {
    if !db.exists() {
        bail!(
            "no database at {} (run `armswatch ingest PATH` first)",
            db.display()
        );
    }
    SqliteStore::open(db).with_context(|| format!("opening database {}", db.display()))
}

/// The consolidated register of every stored record. Analysts' entity
/// decisions come from `sqlite`; a PostgreSQL register has none yet.
pub fn register(
    store: &dyn Store,
    sqlite: Option<&SqliteStore>,
    c: &Consolidator<'_>,
) -> Result<Register> {
    let published: BTreeMap<String, Date> = store
        .documents()
        .context("reading stored articles")?
        .into_iter()
        .filter_map(|d| d.published.map(|p| (d.id, p)))
        .collect();
    let records = store.all_records().context("reading records")?;
    // Analysts' merges and splits bind the entity resolution.
    let decisions = match sqlite {
        Some(s) => s
            .entity_decisions()
            .context("reading analysts' entity decisions")?,
        None => EntityDecisions::default(),
    };
    let c = Consolidator::new(c.gazetteer()).with_decisions(decisions);
    Ok(c.consolidate(Report::from_records(records, &published)))
}

pub fn export(db: &Db, format: ExportFormat) -> Result<ExitCode> {
    db.must_exist()?;
    let opened = open_store(db)?;
    let c = armswatch_consolidate::builtin().context("loading the gazetteer")?;
    let mut reg = register(opened.store(), opened.sqlite(), &c)?;
    let reviewed = crate::review_cmd::reviewed_lines(&opened)?;
    reg.mark_reviewed(|r| reviewed.contains(&r.to_json_line()));
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let countries = Countries::new(c.gazetteer());
    match format {
        ExportFormat::Jsonl => export::jsonl(&mut out, &reg)?,
        ExportFormat::Csv => export::csv(&mut out, &reg)?,
        ExportFormat::SipriCsv => export::sipri_csv(&mut out, &reg, &countries)?,
        ExportFormat::Ocds => export::ocds(&mut out, &reg, &countries)?,
        ExportFormat::Graphml => export::graphml(&mut out, &reg)?,
        ExportFormat::Gold => anyhow::bail!("--format gold writes files: see export --out"),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn import_sipri(db: &Path, file: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let c = armswatch_consolidate::builtin().context("loading the gazetteer")?;
    let countries = Countries::new(c.gazetteer());
    let origin = file.display().to_string();
    let parsed = sipri::parse(c.gazetteer(), &countries, &bytes, &origin)?;
    for w in &parsed.warnings {
        eprintln!("warning: {w}");
    }
    let unmapped: std::collections::BTreeSet<&str> = parsed
        .rows
        .iter()
        .flat_map(|r| [&r.recipient, &r.supplier])
        .filter(|p| p.code.is_none() && p.kind == sipri::PartyKind::State)
        .map(|p| p.name.as_str())
        .collect();
    if !unmapped.is_empty() {
        eprintln!(
            "warning: no ISO code for {} name(s): {}",
            unmapped.len(),
            unmapped.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    let mut store =
        SqliteStore::open(db).with_context(|| format!("opening database {}", db.display()))?;
    let n = store
        .import_sipri(&origin, &parsed)
        .context("storing SIPRI rows")?;
    eprintln!(
        "{n} SIPRI rows imported from {origin} (data through {}) into {}",
        parsed
            .data_year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "an unknown year".into()),
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// "2005-2012", "2009" or "2009-".
fn parse_years(s: &str) -> Result<(i32, i32)> {
    let bad = || anyhow::anyhow!("--years {s:?}: want YEAR or FROM-TO, e.g. 2005-2012");
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (s.trim(), s.trim()),
    };
    let a: i32 = a.parse().map_err(|_| bad())?;
    let b: i32 = if b.is_empty() {
        9999
    } else {
        b.parse().map_err(|_| bad())?
    };
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}

pub fn reconcile(
    db: &Path,
    recipient: Option<&str>,
    supplier: Option<&str>,
    years: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let store = open(db)?;
    let c = armswatch_consolidate::builtin().context("loading the gazetteer")?;
    let countries = Countries::new(c.gazetteer());
    let Some(import) = store.sipri_import().context("reading the SIPRI import")? else {
        bail!(
            "no SIPRI data in {} (run `armswatch import sipri FILE` first)",
            db.display()
        );
    };
    let code = |what: &str, s: Option<&str>| -> Result<Option<String>> {
        s.map(|s| {
            countries
                .code(c.gazetteer(), s)
                .with_context(|| format!("--{what} {s:?}: not a country name or ISO code"))
        })
        .transpose()
    };
    let filter = Filter {
        recipient: code("recipient", recipient)?,
        supplier: code("supplier", supplier)?,
        years: years.map(parse_years).transpose()?,
    };
    let reg = register(&store, Some(&store), &c)?;
    let rows = store.sipri_rows().context("reading SIPRI rows")?;
    // Entries a sanity check flagged stay out of the comparison.
    let entries: Vec<_> = reg.shown().cloned().collect();
    let result = reconcile::reconcile(&entries, &rows, &filter, import.data_year);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if json {
        let by_id = |id: &str| entries.iter().find(|e| e.id == id);
        let v = serde_json::json!({
            "sipri": {"origin": import.origin, "generated": import.generated, "data_year": import.data_year},
            "matched": result.matched.iter().map(|m| serde_json::json!({
                "entry": by_id(&m.entry),
                "by": m.by,
                "sipri": m.rows.iter().filter_map(|&i| rows.get(i)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "news_only": result.news_only.iter().map(|n| serde_json::json!({
                "entry": by_id(&n.entry),
                "why": n.why,
            })).collect::<Vec<_>>(),
            "sipri_only": result.sipri_only.iter().filter_map(|&i| rows.get(i)).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        write!(
            out,
            "{}",
            reconcile::render(&result, &entries, &rows, import.data_year)
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::parse_years;

    #[test]
    fn years() {
        assert_eq!(parse_years("2005-2012").unwrap(), (2005, 2012));
        assert_eq!(parse_years("2009").unwrap(), (2009, 2009));
        assert_eq!(parse_years("2009-").unwrap().0, 2009);
        assert!(parse_years("2012-2005").is_err());
        assert!(parse_years("soon").is_err());
    }
}
