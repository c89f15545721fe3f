//! The register against SIPRI's trade register: what both have, what only
//! the news has (and why SIPRI would not, when that is knowable), and what
//! only SIPRI has.
//!
//! A transfer matches a SIPRI row when the recipient's country is the
//! row's recipient, one of the suppliers' countries (or a consortium
//! member's) is the row's supplier, the order years are within one year,
//! and the system agrees: the same designation when the news gives one,
//! else the same category (the SIPRI description read through
//! `data/sipri_categories.tsv`), which lets "portable air defence systems"
//! match SIPRI's FN-6 and QW-11 "portable SAM" rows.

use crate::norm::same_designation;
use crate::sipri::SipriRow;
use crate::Entry;
use armswatch_register::{Category, ContestStatus, Fact, RecordKind, Transfer, TransferStatus};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Which part of the register and of SIPRI to compare.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// ISO code of the recipient (or a contest's buyer).
    pub recipient: Option<String>,
    /// ISO code of a supplier.
    pub supplier: Option<String>,
    /// Order years, inclusive.
    pub years: Option<(i32, i32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Designation,
    Category,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matched {
    pub entry: String,
    /// Indices into the SIPRI rows.
    pub rows: Vec<usize>,
    pub by: MatchedBy,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewsOnly {
    pub entry: String,
    /// Why SIPRI would not have it, when that is knowable.
    pub why: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reconciliation {
    pub matched: Vec<Matched>,
    pub news_only: Vec<NewsOnly>,
    /// Indices into the SIPRI rows.
    pub sipri_only: Vec<usize>,
}

/// The year an entry is about: its date, else its first dated event, else
/// its first publication.
pub fn entry_year(e: &Entry) -> Option<i32> {
    let own = match &e.record.fact {
        Fact::Transfer(t) => t.date,
        Fact::Contest(c) => c.awarded.or(c.cancelled),
        Fact::Engagement(x) => x.date,
        Fact::Entity(_) => None,
    };
    own.or_else(|| e.status_timeline.iter().find_map(|s| s.date))
        .or_else(|| e.reports.iter().filter_map(|r| r.published).min())
        .map(|d| d.year)
}

fn supplier_codes(t: &Transfer) -> BTreeSet<String> {
    let mut s = BTreeSet::new();
    for a in &t.suppliers {
        if let Some(c) = &a.country {
            s.insert(c.clone());
        }
        for m in &a.members {
            if let Some(c) = &m.country {
                s.insert(c.clone());
            }
        }
    }
    s
}

fn in_years(y: Option<i32>, f: &Filter) -> bool {
    match (f.years, y) {
        (None, _) => true,
        (Some((a, b)), Some(y)) => a <= y && y <= b,
        (Some(_), None) => false,
    }
}

fn entry_passes(e: &Entry, f: &Filter) -> bool {
    let (recipient, suppliers) = match &e.record.fact {
        Fact::Transfer(t) => (t.recipient.country.clone(), supplier_codes(t)),
        Fact::Contest(c) => {
            let mut s = BTreeSet::new();
            for b in c.bidders.iter().chain(c.winner.iter()) {
                if let Some(x) = &b.country {
                    s.insert(x.clone());
                }
                for m in &b.members {
                    if let Some(x) = &m.country {
                        s.insert(x.clone());
                    }
                }
            }
            (c.buyer.country.clone(), s)
        }
        _ => return false,
    };
    f.recipient
        .as_ref()
        .is_none_or(|r| recipient.as_ref() == Some(r))
        && f.supplier.as_ref().is_none_or(|s| suppliers.contains(s))
        && in_years(entry_year(e), f)
}

fn row_passes(r: &SipriRow, f: &Filter) -> bool {
    f.recipient
        .as_ref()
        .is_none_or(|c| r.recipient.code.as_ref() == Some(c))
        && f.supplier
            .as_ref()
            .is_none_or(|c| r.supplier.code.as_ref() == Some(c))
        && in_years(r.order_year, f)
}

/// How a transfer's system fits a row's, if it does.
fn system_match(t: &Transfer, r: &SipriRow) -> Option<MatchedBy> {
    match t.system.name.as_deref() {
        Some(name) => same_designation(name, &r.designation).then_some(MatchedBy::Designation),
        None => (t.system.category != Category::Other && t.system.category == r.category)
            .then_some(MatchedBy::Category),
    }
}

fn why_not_in_sipri(e: &Entry, data_year: Option<i32>) -> Option<String> {
    let year = entry_year(e);
    match &e.record.fact {
        Fact::Contest(c) => Some(match c.status {
            ContestStatus::Cancelled => {
                "tender/contest, cancelled: SIPRI records deals, not competitions".to_string()
            }
            _ => "tender/contest: SIPRI records deals, not competitions".to_string(),
        }),
        Fact::Transfer(t) => {
            let s = match t.status {
                TransferStatus::Cancelled => Some(
                    "cancelled: SIPRI lists only deals that reach an order or delivery".to_string(),
                ),
                TransferStatus::Stalled => {
                    Some("stalled: agreed or negotiated but never carried out".to_string())
                }
                TransferStatus::Offered => Some("offer: no order was placed".to_string()),
                TransferStatus::Negotiating => Some("negotiating: no order was placed".to_string()),
                _ => None,
            };
            s.or_else(|| match t.system.category {
                Category::SmallArms => {
                    Some("small arms: SIPRI covers major conventional arms only".to_string())
                }
                Category::Other => Some(
                    "not a major weapon category (or the reports do not say what was sold)"
                        .to_string(),
                ),
                _ => None,
            })
            .or_else(|| match (year, data_year) {
                (Some(y), Some(d)) if y > d => Some(format!("after SIPRI's data year ({d})")),
                _ => None,
            })
            .or_else(|| {
                (t.recipient.country.is_none() || supplier_codes(t).is_empty())
                    .then(|| "a party without a known country".to_string())
            })
        }
        _ => None,
    }
}

/// Compares the transfers and contests of `entries` with SIPRI's rows.
pub fn reconcile(
    entries: &[Entry],
    rows: &[SipriRow],
    f: &Filter,
    data_year: Option<i32>,
) -> Reconciliation {
    let mut out = Reconciliation::default();
    let mut used = vec![false; rows.len()];
    for e in entries {
        if !matches!(e.kind(), RecordKind::Transfer | RecordKind::Contest) || !entry_passes(e, f) {
            continue;
        }
        let mut hits: Vec<(usize, MatchedBy)> = Vec::new();
        if let Fact::Transfer(t) = &e.record.fact {
            let year = entry_year(e);
            let sup = supplier_codes(t);
            for (i, r) in rows.iter().enumerate() {
                let Some(rc) = &r.recipient.code else {
                    continue;
                };
                if t.recipient.country.as_ref() != Some(rc) {
                    continue;
                }
                if !r.supplier.code.as_ref().is_some_and(|c| sup.contains(c)) {
                    continue;
                }
                let Some(by) = system_match(t, r) else {
                    continue;
                };
                let year_ok = match (year, r.order_year) {
                    (Some(a), Some(b)) => (a - b).abs() <= 1,
                    // Without a year only a designation is good enough.
                    _ => by == MatchedBy::Designation,
                };
                if year_ok {
                    hits.push((i, by));
                }
            }
        }
        if hits.is_empty() {
            out.news_only.push(NewsOnly {
                entry: e.id.clone(),
                why: why_not_in_sipri(e, data_year),
            });
        } else {
            let by = if hits.iter().any(|(_, b)| *b == MatchedBy::Designation) {
                MatchedBy::Designation
            } else {
                MatchedBy::Category
            };
            for (i, _) in &hits {
                used[*i] = true;
            }
            out.matched.push(Matched {
                entry: e.id.clone(),
                rows: hits.into_iter().map(|(i, _)| i).collect(),
                by,
            });
        }
    }
    let mut only: Vec<usize> = (0..rows.len())
        .filter(|&i| !used[i] && row_passes(&rows[i], f))
        .collect();
    only.sort_by(|&a, &b| {
        let (x, y) = (&rows[a], &rows[b]);
        (x.order_year, &x.supplier.name, &x.designation, x.line).cmp(&(
            y.order_year,
            &y.supplier.name,
            &y.designation,
            y.line,
        ))
    });
    out.sipri_only = only;
    out
}

/// One line about a SIPRI row.
pub fn describe_row(r: &SipriRow) -> String {
    let q = |n: Option<u64>, est: bool| {
        n.map(|n| format!("{n}{}", if est { "?" } else { "" }))
            .unwrap_or_else(|| "?".into())
    };
    format!(
        "{}{} {} -> {}: {} {} ({}), delivered {}{} [line {}]",
        r.order_year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "----".into()),
        if r.order_year_estimated { "?" } else { "" },
        r.supplier.name,
        r.recipient.name,
        q(r.number_ordered, r.number_ordered_estimated),
        r.designation,
        r.description,
        q(r.number_delivered, r.number_delivered_estimated),
        if r.delivery_years_text.is_empty() {
            String::new()
        } else {
            format!(" in {}", r.delivery_years_text)
        },
        r.line
    )
}

/// One line about a register entry.
pub fn describe_entry(e: &Entry) -> String {
    let actors = |v: &[armswatch_register::Actor]| {
        v.iter()
            .map(|a| match &a.country {
                Some(c) => format!("{} ({c})", a.name),
                None => a.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let what = |s: &armswatch_register::System| {
        let n = s
            .name
            .clone()
            .or_else(|| s.description.clone())
            .unwrap_or_default();
        format!("{n} [{}]", s.category.as_str())
    };
    let year = entry_year(e)
        .map(|y| y.to_string())
        .unwrap_or_else(|| "----".into());
    match &e.record.fact {
        Fact::Transfer(t) => format!(
            "{year} {} -> {}: {}{}, {} ({} doc{})",
            actors(&t.suppliers),
            actors(std::slice::from_ref(&t.recipient)),
            t.quantity.map(|q| format!("{q} ")).unwrap_or_default(),
            what(&t.system),
            t.status.as_str(),
            e.documents.len(),
            if e.documents.len() == 1 { "" } else { "s" }
        ),
        Fact::Contest(c) => format!(
            "{year} contest of {}: {}; bidders {}; {} ({} doc{})",
            actors(std::slice::from_ref(&c.buyer)),
            what(&c.item),
            actors(&c.bidders),
            c.status.as_str(),
            e.documents.len(),
            if e.documents.len() == 1 { "" } else { "s" }
        ),
        _ => e.id.clone(),
    }
}

/// The three lists as text.
pub fn render(
    rec: &Reconciliation,
    entries: &[Entry],
    rows: &[SipriRow],
    data_year: Option<i32>,
) -> String {
    let by_id = |id: &str| entries.iter().find(|e| e.id == id);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "SIPRI data through {}",
        data_year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "an unknown year".into())
    );
    let _ = writeln!(
        s,
        "\n== matched: in the news and in SIPRI ({})",
        rec.matched.len()
    );
    for m in &rec.matched {
        if let Some(e) = by_id(&m.entry) {
            let _ = writeln!(s, "{}\n  news:  {}", m.entry, describe_entry(e));
        }
        for &i in &m.rows {
            if let Some(r) = rows.get(i) {
                let how = match m.by {
                    MatchedBy::Designation => "designation",
                    MatchedBy::Category => "category",
                };
                let _ = writeln!(s, "  SIPRI: {} (by {how})", describe_row(r));
            }
        }
    }
    let _ = writeln!(s, "\n== only in the news ({})", rec.news_only.len());
    for n in &rec.news_only {
        if let Some(e) = by_id(&n.entry) {
            let _ = writeln!(s, "{}\n  news:  {}", n.entry, describe_entry(e));
        }
        let _ = writeln!(
            s,
            "  why:   {}",
            n.why
                .as_deref()
                .unwrap_or("not known (SIPRI may lack it, or the two describe it differently)")
        );
    }
    let _ = writeln!(s, "\n== only in SIPRI ({})", rec.sipri_only.len());
    for &i in &rec.sipri_only {
        if let Some(r) = rows.get(i) {
            let _ = writeln!(s, "  {}", describe_row(r));
        }
    }
    s
}
