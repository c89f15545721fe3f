//! Human and flat renderings of records: aligned tables for the terminal,
//! CSV (one row per record, citations kept) for pandas and spreadsheets.

use armswatch_register::{Actor, Document, Fact, Money, Record, RecordKind};
use std::io::{self, Write};

fn money_label(m: &Option<Money>) -> String {
    m.as_ref().map(Money::label).unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Columns and one row per record, for a kind.
fn rows(kind: RecordKind, recs: &[Record]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header: Vec<&'static str> = match kind {
        RecordKind::Transfer => vec![
            "doc",
            "suppliers",
            "recipient",
            "system",
            "category",
            "quantity",
            "value",
            "date",
            "status",
        ],
        RecordKind::Contest => vec![
            "doc",
            "buyer",
            "item",
            "category",
            "value",
            "bidders",
            "winner",
            "awarded",
            "protests",
            "status",
            "cancelled",
        ],
        RecordKind::Engagement => vec!["doc", "type", "parties", "date", "place"],
        RecordKind::Entity => vec!["doc", "name", "type", "country", "role", "aliases"],
    };
    let mut out = Vec::new();
    for r in recs {
        let row = match &r.fact {
            Fact::Transfer(t) => vec![
                r.doc.clone(),
                Actor::labels(&t.suppliers),
                Actor::label(&t.recipient),
                t.system
                    .name
                    .clone()
                    .or_else(|| t.system.description.clone())
                    .unwrap_or_default(),
                t.system.category.as_str().to_string(),
                opt(&t.quantity),
                money_label(&t.value),
                opt(&t.date),
                t.status.as_str().to_string(),
            ],
            Fact::Contest(c) => vec![
                r.doc.clone(),
                Actor::label(&c.buyer),
                c.item
                    .name
                    .clone()
                    .or_else(|| c.item.description.clone())
                    .unwrap_or_default(),
                c.item.category.as_str().to_string(),
                money_label(&c.value),
                Actor::labels(&c.bidders),
                c.winner.as_ref().map(Actor::label).unwrap_or_default(),
                opt(&c.awarded),
                c.protests
                    .iter()
                    .map(|p| Actor::label(&p.by))
                    .collect::<Vec<_>>()
                    .join("; "),
                c.status.as_str().to_string(),
                opt(&c.cancelled),
            ],
            Fact::Engagement(e) => vec![
                r.doc.clone(),
                e.kind.as_str().to_string(),
                Actor::labels(&e.parties),
                opt(&e.date),
                e.place.clone().unwrap_or_default(),
            ],
            Fact::Entity(e) => vec![
                r.doc.clone(),
                e.name.clone(),
                e.kind.as_str().to_string(),
                e.country.clone().unwrap_or_default(),
                e.role.clone().unwrap_or_default(),
                e.aliases.join("; "),
            ],
        };
        if r.kind() == kind {
            out.push(row);
        }
    }
    (header, out)
}

pub fn table(out: &mut dyn Write, kind: RecordKind, recs: &[Record]) -> io::Result<()> {
    let (header, rows) = rows(kind, recs);
    if rows.is_empty() {
        return writeln!(out, "(none)");
    }
    const MAX: usize = 40;
    let clip = |s: &str| -> String {
        if s.chars().count() > MAX {
            let mut c: String = s.chars().take(MAX - 1).collect();
            c.push('…');
            c
        } else {
            s.to_string()
        }
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(clip(c).chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| h.to_uppercase()).collect())
    )?;
    for r in rows {
        writeln!(out, "{}", line(r.iter().map(|c| clip(c)).collect()))?;
    }
    Ok(())
}

fn evidence_cells(r: &Record) -> [String; 3] {
    [
        r.evidence
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        r.sources.join("; "),
        format!("{:.2}", r.confidence),
    ]
}

/// CSV of one kind: the table's columns plus evidence, sources, confidence.
pub fn csv(out: &mut dyn Write, kind: RecordKind, recs: &[Record]) -> io::Result<()> {
    let (header, rows) = rows(kind, recs);
    let mut h: Vec<&str> = header;
    h.extend(["evidence", "sources", "confidence"]);
    writeln!(out, "{}", h.join(","))?;
    let of_kind: Vec<&Record> = recs.iter().filter(|r| r.kind() == kind).collect();
    for (row, r) in rows.into_iter().zip(of_kind) {
        let mut cells = row;
        cells.extend(evidence_cells(r));
        writeln!(
            out,
            "{}",
            cells
                .iter()
                .map(|c| armswatch_consolidate::export::csv_field(c))
                .collect::<Vec<_>>()
                .join(",")
        )?;
    }
    Ok(())
}

/// CSV of the whole register: one section per kind would break CSV
/// readers, so every kind shares one wide header with a `kind` column.
pub fn csv_all(out: &mut dyn Write, recs: &[Record]) -> io::Result<()> {
    writeln!(
        out,
        "kind,doc,summary,date,status,value,evidence,sources,confidence"
    )?;
    for r in recs {
        let (summary, date, status, value) = match &r.fact {
            Fact::Transfer(t) => (
                format!(
                    "{} -> {}: {}",
                    Actor::labels(&t.suppliers),
                    Actor::label(&t.recipient),
                    t.system
                        .name
                        .clone()
                        .or_else(|| t.system.description.clone())
                        .unwrap_or_default()
                ),
                opt(&t.date),
                t.status.as_str().to_string(),
                money_label(&t.value),
            ),
            Fact::Contest(c) => (
                format!(
                    "{} buys {}; bidders {}",
                    Actor::label(&c.buyer),
                    c.item
                        .name
                        .clone()
                        .or_else(|| c.item.description.clone())
                        .unwrap_or_default(),
                    Actor::labels(&c.bidders)
                ),
                opt(&c.awarded),
                c.status.as_str().to_string(),
                money_label(&c.value),
            ),
            Fact::Engagement(e) => (
                format!("{}: {}", e.kind.as_str(), Actor::labels(&e.parties)),
                opt(&e.date),
                String::new(),
                String::new(),
            ),
            Fact::Entity(e) => (
                format!(
                    "{} ({}, {})",
                    e.name,
                    e.kind.as_str(),
                    e.country.clone().unwrap_or_default()
                ),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        let [ev, src, conf] = evidence_cells(r);
        let cells = [
            r.kind().as_str().to_string(),
            r.doc.clone(),
            summary,
            date,
            status,
            value,
            ev,
            src,
            conf,
        ];
        writeln!(
            out,
            "{}",
            cells
                .iter()
                .map(|c| armswatch_consolidate::export::csv_field(c))
                .collect::<Vec<_>>()
                .join(",")
        )?;
    }
    Ok(())
}

/// An article with its records and the sentences they came from.
pub fn article(out: &mut dyn Write, doc: &Document, recs: &[Record]) -> io::Result<()> {
    writeln!(out, "{}", doc.title.as_deref().unwrap_or(&doc.id))?;
    writeln!(
        out,
        "id {}  published {}  outlet {}",
        doc.id,
        doc.published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into()),
        doc.outlet.as_deref().unwrap_or("-")
    )?;
    writeln!(out)?;
    for kind in [
        RecordKind::Transfer,
        RecordKind::Contest,
        RecordKind::Engagement,
        RecordKind::Entity,
    ] {
        let of: Vec<Record> = recs.iter().filter(|r| r.kind() == kind).cloned().collect();
        if of.is_empty() {
            continue;
        }
        writeln!(out, "== {}s", kind.as_str())?;
        table(out, kind, &of)?;
        if kind != RecordKind::Entity {
            for r in &of {
                for e in &r.evidence {
                    writeln!(out, "  > [{}..{}] {}", e.start, e.end, e.text)?;
                }
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "== text\n{}", doc.text)?;
    Ok(())
}
