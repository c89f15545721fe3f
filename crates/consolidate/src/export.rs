//! The consolidated register in other tools' terms: JSON Lines (the
//! spec's format, merged), CSV (one row per entry, with citations), SIPRI's
//! trade-register columns, OCDS release packages for contests, GraphML of
//! the supplier → recipient network. `docs/exports.md` says how each was
//! checked against its target tool.

use crate::sipri::{Countries, HEADER};
use crate::{Entry, Register};
use armswatch_register::{Actor, ContestStatus, Date, Fact, Money, RecordKind, TransferStatus};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// One JSON object per entry.
pub fn jsonl(out: &mut dyn Write, reg: &Register) -> io::Result<()> {
    for e in &reg.entries {
        writeln!(out, "{}", e.to_json_line())?;
    }
    Ok(())
}

/// A CSV field, quoted when it must be (RFC 4180), and never read as a
/// formula by a spreadsheet ([`formula_safe`]).
pub fn csv_field(s: &str) -> String {
    let s = formula_safe(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// `s` as a spreadsheet cell that is shown, not evaluated: text starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return (what Excel,
/// LibreOffice and Google Sheets take for a formula) gets a leading `'`
/// (OWASP's advice against CSV injection). Article text is written by
/// strangers; every CSV this project writes passes through here.
pub fn formula_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn money_label(m: &Option<Money>) -> String {
    m.as_ref().map(Money::label).unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The columns of [`csv`].
pub const CSV_HEADER: [&str; 26] = [
    "id",
    "kind",
    "name",
    "type",
    "country",
    "suppliers",
    "recipient_or_buyer",
    "system",
    "category",
    "quantity",
    "value",
    "value_min",
    "value_max",
    "date",
    "status",
    "status_timeline",
    "bidders",
    "winner",
    "parties",
    "documents",
    "conflicts",
    "checks",
    "evidence",
    "sources",
    "confidence",
    "reviewed",
];

fn timeline_text(e: &Entry) -> String {
    e.status_timeline
        .iter()
        .map(|s| format!("{} {}", s.status, opt(&s.date)))
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// "flagged rule: reason; note rule: reason".
fn checks_text(e: &Entry) -> String {
    e.checks
        .iter()
        .map(|c| {
            let how = if c.flagged { "flagged" } else { "note" };
            format!("{how} {}: {}", c.rule, c.reason)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn conflicts_text(e: &Entry) -> String {
    e.conflicts
        .iter()
        .map(|c| {
            let vs: Vec<String> = c
                .values
                .iter()
                .map(|v| {
                    let shown = match &v.value {
                        Value::Object(o) => o
                            .get("text")
                            .or_else(|| o.get("name"))
                            .map(|x| x.as_str().unwrap_or_default().to_string())
                            .unwrap_or_else(|| v.value.to_string()),
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    format!("{shown} ({})", v.docs.join(" "))
                })
                .collect();
            format!("{}: {}", c.field, vs.join(" / "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One row per entry of every kind, with its evidence (each sentence
/// prefixed by its document) and sources.
pub fn csv(out: &mut dyn Write, reg: &Register) -> io::Result<()> {
    writeln!(out, "{}", CSV_HEADER.join(","))?;
    for e in &reg.entries {
        let mut cells: BTreeMap<&str, String> = BTreeMap::new();
        cells.insert("id", e.id.clone());
        cells.insert("kind", e.kind().as_str().into());
        match &e.record.fact {
            Fact::Transfer(t) => {
                cells.insert("suppliers", Actor::labels(&t.suppliers));
                cells.insert("recipient_or_buyer", Actor::label(&t.recipient));
                cells.insert(
                    "system",
                    t.system
                        .name
                        .clone()
                        .or_else(|| t.system.description.clone())
                        .unwrap_or_default(),
                );
                cells.insert("category", t.system.category.as_str().into());
                cells.insert("quantity", opt(&t.quantity));
                cells.insert("value", money_label(&t.value));
                cells.insert("date", opt(&t.date));
                cells.insert("status", t.status.as_str().into());
            }
            Fact::Contest(c) => {
                cells.insert("recipient_or_buyer", Actor::label(&c.buyer));
                cells.insert(
                    "system",
                    c.item
                        .name
                        .clone()
                        .or_else(|| c.item.description.clone())
                        .unwrap_or_default(),
                );
                cells.insert("category", c.item.category.as_str().into());
                cells.insert("value", money_label(&c.value));
                cells.insert("date", opt(&c.awarded.or(c.cancelled)));
                cells.insert("status", c.status.as_str().into());
                cells.insert("bidders", Actor::labels(&c.bidders));
                cells.insert(
                    "winner",
                    c.winner.as_ref().map(Actor::label).unwrap_or_default(),
                );
            }
            Fact::Engagement(x) => {
                cells.insert("type", x.kind.as_str().into());
                cells.insert("parties", Actor::labels(&x.parties));
                cells.insert("date", opt(&x.date));
                cells.insert("name", x.description.clone());
            }
            Fact::Entity(x) => {
                cells.insert("name", x.name.clone());
                cells.insert("type", x.kind.as_str().into());
                cells.insert("country", x.country.clone().unwrap_or_default());
            }
        }
        if let Some(r) = &e.value_range {
            cells.insert("value_min", format!("{} {}", r.min.amount, r.currency));
            cells.insert("value_max", format!("{} {}", r.max.amount, r.currency));
        }
        cells.insert("status_timeline", timeline_text(e));
        cells.insert("documents", e.documents.join("; "));
        cells.insert("conflicts", conflicts_text(e));
        cells.insert("checks", checks_text(e));
        cells.insert(
            "evidence",
            e.record
                .evidence
                .iter()
                .map(|v| format!("[{}] {}", v.doc.as_deref().unwrap_or(&e.record.doc), v.text))
                .collect::<Vec<_>>()
                .join(" | "),
        );
        cells.insert("sources", e.record.sources.join("; "));
        cells.insert("confidence", format!("{:.2}", e.record.confidence));
        cells.insert("reviewed", if e.reviewed { "true" } else { "" }.into());
        let row: Vec<String> = CSV_HEADER
            .iter()
            .map(|h| csv_field(cells.get(h).map(String::as_str).unwrap_or("")))
            .collect();
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

/// Latin-1 bytes, as SIPRI writes; other characters become their nearest
/// ASCII form or `?`.
fn latin1(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | '‘' | '′' => out.push(b'\''),
            '“' | '”' => out.push(b'"'),
            '–' | '—' | '‐' => out.push(b'-'),
            '…' => out.extend_from_slice(b"..."),
            c if (c as u32) < 0x100 => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out
}

/// SIPRI writes no quotes: commas become semicolons, line breaks spaces.
fn sipri_cell(s: &str) -> String {
    let flat = s.replace(',', ";").replace(['\n', '\r'], " ");
    formula_safe(flat.trim()).into_owned()
}

fn date_long(d: Date) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!(
            "{day:02} {} {}",
            M[(m as usize).saturating_sub(1) % 12],
            d.year
        ),
        (Some(m), None) => format!("{} {}", M[(m as usize).saturating_sub(1) % 12], d.year),
        _ => d.year.to_string(),
    }
}

fn latest_published(reg: &Register) -> Option<Date> {
    reg.reports().filter_map(|r| r.published).max()
}

/// Transfers that reached an order or a delivery (SIPRI's own rule), in
/// the trade register's columns, Latin-1, after an 11-line preamble like
/// SIPRI's; `armswatch import sipri` reads it back.
pub fn sipri_csv(out: &mut dyn Write, reg: &Register, countries: &Countries) -> io::Result<()> {
    let generated = latest_published(reg)
        .map(date_long)
        .unwrap_or_else(|| "unknown".into());
    let preamble = [
        "Transfers of arms recorded by armswatch from news reports; in the columns of the SIPRI trade register.".to_string(),
        "Only transfers that reached an order or a delivery are listed (as in SIPRI's register); offers; tenders and cancelled deals are in the JSON Lines export.".into(),
        "An empty field means that the reports do not give the figure.".into(),
        "The TIV columns are empty: armswatch records reported money values; not SIPRI trend-indicator values.".into(),
        "Comments give the armswatch entry id; the latest status; the reported value and the documents.".into(),
        "Rows with several supplier countries (a consortium) are repeated once per supplier country.".into(),
        "Dates are resolved against each article's publication date.".into(),
        "See docs/exports.md in the armswatch repository.".into(),
        String::new(),
        "Source: armswatch register built from news reports.".into(),
        format!("Data generated: {generated}"),
    ];
    let mut text = String::new();
    for l in &preamble {
        text.push_str(l);
        text.push('\n');
    }
    text.push_str(&HEADER.join(","));
    text.push('\n');
    for e in reg.of_kind(RecordKind::Transfer) {
        let Fact::Transfer(t) = &e.record.fact else {
            continue;
        };
        if !matches!(
            t.status,
            TransferStatus::Ordered | TransferStatus::Delivered
        ) {
            continue;
        }
        let name_of = |a: &Actor| -> String {
            a.country
                .as_deref()
                .and_then(|c| countries.sipri_name(c))
                .map(str::to_string)
                .unwrap_or_else(|| {
                    if a.country.is_some() {
                        a.name.clone()
                    } else {
                        "unknown".into()
                    }
                })
        };
        let recipient = name_of(&t.recipient);
        let mut candidates: Vec<&Actor> = Vec::new();
        for s in &t.suppliers {
            if s.members.is_empty() || s.country.is_some() {
                candidates.push(s);
            }
            candidates.extend(s.members.iter().filter(|m| m.country.is_some()));
        }
        let mut supplier_countries: Vec<&Actor> = Vec::new();
        for a in candidates {
            if !supplier_countries.iter().any(|x| x.country == a.country) {
                supplier_countries.push(a);
            }
        }
        if supplier_countries.iter().all(|a| a.country.is_none()) {
            supplier_countries.truncate(1);
        } else {
            supplier_countries.retain(|a| a.country.is_some());
        }
        let delivered = t.status == TransferStatus::Delivered;
        let delivery_year = e
            .status_timeline
            .iter()
            .find(|s| s.status == "delivered")
            .and_then(|s| s.date)
            .map(|d| d.year.to_string())
            .unwrap_or_default();
        let designation = t
            .system
            .name
            .clone()
            .or_else(|| t.system.description.clone())
            .unwrap_or_else(|| t.system.category.as_str().to_string());
        let description = t
            .system
            .description
            .clone()
            .unwrap_or_else(|| t.system.category.as_str().replace('_', " "));
        let comments = format!(
            "armswatch {}: {}{}; documents {}",
            e.id,
            t.status.as_str(),
            t.value
                .as_ref()
                .map(|v| format!("; {} deal", v.text))
                .unwrap_or_default(),
            e.documents.join(" ")
        );
        for s in supplier_countries {
            let cells = [
                recipient.clone(),
                name_of(s),
                t.date.map(|d| d.year.to_string()).unwrap_or_default(),
                String::new(),
                opt(&t.quantity),
                String::new(),
                designation.clone(),
                description.clone(),
                if delivered {
                    opt(&t.quantity)
                } else {
                    String::new()
                },
                String::new(),
                if delivered {
                    delivery_year.clone()
                } else {
                    String::new()
                },
                String::new(),
                comments.clone(),
                String::new(),
                String::new(),
                String::new(),
            ];
            let row: Vec<String> = cells.iter().map(|c| sipri_cell(c)).collect();
            text.push_str(&row.join(","));
            text.push('\n');
        }
    }
    out.write_all(&latin1(&text))
}

// ---------------------------------------------------------------- OCDS

/// Prefix of our OCDS process ids. Not registered with the OCDS helpdesk:
/// the data is derived from news, not published by a buyer.
pub const OCID_PREFIX: &str = "ocds-armswatch-";

/// Extensions the release package uses.
pub const OCDS_EXTENSIONS: [&str; 3] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_memberOf_extension/master/extension.json",
    "https://raw.githubusercontent.com/openprocurement/ocds_complaint_extension/master/extension.json",
];

/// An OCDS date-time: a date at the precision we have, padded to the
/// first day (OCDS needs a full timestamp).
fn ocds_datetime(d: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year,
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    )
}

fn org_ref(a: &Actor) -> Value {
    json!({"id": a.id.clone().unwrap_or_else(|| crate::norm::slug(&a.name, 60)), "name": a.name})
}

struct Parties {
    list: Vec<Map<String, Value>>,
}

impl Parties {
    fn add(&mut self, a: &Actor, role: &str, countries: &Countries, member_of: Option<&Actor>) {
        let r = org_ref(a);
        let id = r["id"].clone();
        let pos = match self.list.iter().position(|p| p.get("id") == Some(&id)) {
            Some(i) => i,
            None => {
                let mut p = Map::new();
                p.insert("id".into(), id.clone());
                p.insert("name".into(), json!(a.name));
                p.insert("roles".into(), json!([]));
                if let Some(c) = &a.country {
                    let name = countries.sipri_name(c).unwrap_or(c);
                    p.insert("address".into(), json!({"countryName": name}));
                }
                self.list.push(p);
                self.list.len() - 1
            }
        };
        let p = &mut self.list[pos];
        if let Some(Value::Array(roles)) = p.get_mut("roles") {
            if !roles.iter().any(|x| x == role) {
                roles.push(json!(role));
            }
        }
        if let Some(c) = member_of {
            let entry = p.entry("memberOf").or_insert_with(|| json!([]));
            if let Value::Array(v) = entry {
                let r = org_ref(c);
                if !v.contains(&r) {
                    v.push(r);
                }
            }
        }
    }
}

fn ocds_value(m: &Money) -> Value {
    json!({"amount": m.amount, "currency": m.currency})
}

/// The OCDS release of one contest entry.
pub fn ocds_release(e: &Entry, countries: &Countries) -> Option<Value> {
    let Fact::Contest(c) = &e.record.fact else {
        return None;
    };
    let ocid = format!("{OCID_PREFIX}{}", e.id);
    let last = e
        .status_timeline
        .iter()
        .filter_map(|s| s.date)
        .max()
        .or_else(|| e.reports.iter().filter_map(|r| r.published).max());
    let mut tags = vec!["tender"];
    if c.winner.is_some() || c.awarded.is_some() {
        tags.push("award");
    }
    if c.status == ContestStatus::Cancelled {
        tags.push("tenderCancellation");
    }
    let mut parties = Parties { list: Vec::new() };
    parties.add(&c.buyer, "buyer", countries, None);
    parties.add(&c.buyer, "procuringEntity", countries, None);
    let mut tenderers = Vec::new();
    let mut bids = Vec::new();
    for (i, b) in c.bidders.iter().enumerate() {
        parties.add(b, "tenderer", countries, None);
        tenderers.push(org_ref(b));
        for m in &b.members {
            parties.add(m, "tenderer", countries, Some(b));
            tenderers.push(org_ref(m));
        }
        // A consortium's bid is tendered by its members.
        let by: Vec<Value> = if b.members.is_empty() {
            vec![org_ref(b)]
        } else {
            b.members.iter().map(org_ref).collect()
        };
        bids.push(json!({
            "id": format!("{}-bid-{}", e.id, i + 1),
            "status": "valid",
            "tenderers": by,
        }));
    }
    let complaints: Vec<Value> = c
        .protests
        .iter()
        .enumerate()
        .map(|(i, p)| {
            parties.add(&p.by, "interestedParty", countries, None);
            let mut v = json!({
                "id": format!("{}-complaint-{}", e.id, i + 1),
                "title": format!("Protest by {}", p.by.name),
                "type": "complaint",
                "author": org_ref(&p.by),
            });
            if let Some(g) = &p.grounds {
                v["description"] = json!(g);
            }
            if let Some(d) = p.date {
                v["date"] = json!(ocds_datetime(d));
            }
            v
        })
        .collect();
    let tender_status = match c.status {
        ContestStatus::Open => "active",
        ContestStatus::Awarded => "complete",
        ContestStatus::Cancelled => "cancelled",
        ContestStatus::Unknown => "active",
    };
    let item_desc = c
        .item
        .name
        .clone()
        .or_else(|| c.item.description.clone())
        .unwrap_or_else(|| c.item.category.as_str().replace('_', " "));
    let mut tender = json!({
        "id": format!("{}-tender", e.id),
        "title": format!("{} for {}", item_desc, c.buyer.name),
        "status": tender_status,
        "items": [{
            "id": "1",
            "description": item_desc,
            "classification": {"scheme": "armswatch-category", "id": c.item.category.as_str()},
        }],
        "tenderers": tenderers,
        "numberOfTenderers": c.bidders.len(),
    });
    if let Some(v) = &c.value {
        tender["value"] = ocds_value(v);
    }
    let mut release = json!({
        "ocid": ocid,
        "id": format!("{}-{}", e.id, last.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())),
        "date": last.map(ocds_datetime),
        "tag": tags,
        "initiationType": "tender",
        "buyer": org_ref(&c.buyer),
        "tender": tender,
    });
    if !bids.is_empty() {
        release["bids"] = json!({"details": bids});
    }
    if let Some(w) = &c.winner {
        parties.add(w, "supplier", countries, None);
        for m in &w.members {
            parties.add(m, "supplier", countries, Some(w));
        }
        let mut suppliers = vec![org_ref(w)];
        suppliers.extend(w.members.iter().map(org_ref));
        let mut award = json!({
            "id": format!("{}-award-1", e.id),
            "title": format!("{item_desc} to {}", w.name),
            "status": if c.status == ContestStatus::Cancelled { "cancelled" } else { "active" },
            "suppliers": suppliers,
        });
        if let Some(d) = c.awarded {
            award["date"] = json!(ocds_datetime(d));
        }
        if let Some(v) = &c.value {
            award["value"] = ocds_value(v);
        }
        if !complaints.is_empty() {
            award["complaints"] = json!(complaints);
        }
        release["awards"] = json!([award]);
    } else if !complaints.is_empty() {
        release["tender"]["complaints"] = json!(complaints);
    }
    if release["date"].is_null() {
        if let Some(o) = release.as_object_mut() {
            o.remove("date");
        }
    }
    release["parties"] = Value::Array(parties.list.into_iter().map(Value::Object).collect());
    Some(release)
}

/// An OCDS 1.1 release package with one release per contest.
pub fn ocds(out: &mut dyn Write, reg: &Register, countries: &Countries) -> io::Result<()> {
    let releases: Vec<Value> = reg
        .of_kind(RecordKind::Contest)
        .filter_map(|e| ocds_release(e, countries))
        .collect();
    let published = latest_published(reg)
        .map(ocds_datetime)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let package = json!({
        "uri": "urn:armswatch:contests",
        "version": "1.1",
        "extensions": OCDS_EXTENSIONS,
        "publishedDate": published,
        "publisher": {"name": "armswatch (derived from news reports)"},
        "releases": releases,
    });
    let text = serde_json::to_string_pretty(&package).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

// ---------------------------------------------------------------- GraphML

/// Text for an XML attribute or element.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// The GraphML keys: (id, for, name, type).
pub const GRAPHML_KEYS: [(&str, &str, &str, &str); 9] = [
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("country", "node", "country", "string"),
    ("count", "edge", "count", "int"),
    ("weight", "edge", "weight", "double"),
    ("value_usd", "edge", "value_usd", "double"),
    ("other_values", "edge", "other_values", "string"),
    ("statuses", "edge", "statuses", "string"),
    ("entries", "edge", "entries", "string"),
];

#[derive(Default)]
struct Edge {
    count: usize,
    usd: f64,
    other: Vec<String>,
    statuses: BTreeMap<String, usize>,
    entries: Vec<String>,
}

/// Supplier → recipient network of the transfers: one node per actor
/// (states, firms, forces), one edge per supplier and recipient with the
/// number of deals and their reported value.
pub fn graphml(out: &mut dyn Write, reg: &Register) -> io::Result<()> {
    let mut nodes: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut edges: BTreeMap<(String, String), Edge> = BTreeMap::new();
    let id_of = |a: &Actor| {
        a.id.clone()
            .unwrap_or_else(|| crate::norm::slug(&a.name, 60))
    };
    for e in reg.of_kind(RecordKind::Transfer) {
        let Fact::Transfer(t) = &e.record.fact else {
            continue;
        };
        let target = id_of(&t.recipient);
        let mut add_node = |a: &Actor| {
            nodes.entry(id_of(a)).or_insert_with(|| {
                (
                    a.name.clone(),
                    a.kind.as_str().to_string(),
                    a.country.clone().unwrap_or_default(),
                )
            });
        };
        add_node(&t.recipient);
        for s in &t.suppliers {
            add_node(s);
            let edge = edges.entry((id_of(s), target.clone())).or_default();
            edge.count += 1;
            match &t.value {
                Some(v) if v.currency == "USD" => edge.usd += v.amount as f64,
                Some(v) => edge.other.push(format!("{} {}", v.amount, v.currency)),
                None => {}
            }
            *edge
                .statuses
                .entry(t.status.as_str().to_string())
                .or_insert(0) += 1;
            edge.entries.push(e.id.clone());
        }
    }
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, f, name, ty) in GRAPHML_KEYS {
        s.push_str(&format!(
            "  <key id=\"{id}\" for=\"{f}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>\n"
        ));
    }
    s.push_str("  <graph id=\"transfers\" edgedefault=\"directed\">\n");
    for (id, (label, ty, country)) in &nodes {
        s.push_str(&format!("    <node id=\"{}\">\n", xml_escape(id)));
        s.push_str(&format!(
            "      <data key=\"label\">{}</data>\n",
            xml_escape(label)
        ));
        s.push_str(&format!(
            "      <data key=\"type\">{}</data>\n",
            xml_escape(ty)
        ));
        if !country.is_empty() {
            s.push_str(&format!(
                "      <data key=\"country\">{}</data>\n",
                xml_escape(country)
            ));
        }
        s.push_str("    </node>\n");
    }
    for (i, ((src, dst), e)) in edges.iter().enumerate() {
        s.push_str(&format!(
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">\n",
            xml_escape(src),
            xml_escape(dst)
        ));
        s.push_str(&format!("      <data key=\"count\">{}</data>\n", e.count));
        s.push_str(&format!(
            "      <data key=\"weight\">{}</data>\n",
            e.count as f64
        ));
        s.push_str(&format!("      <data key=\"value_usd\">{}</data>\n", e.usd));
        if !e.other.is_empty() {
            s.push_str(&format!(
                "      <data key=\"other_values\">{}</data>\n",
                xml_escape(&e.other.join("; "))
            ));
        }
        let st: Vec<String> = e.statuses.iter().map(|(k, n)| format!("{k}:{n}")).collect();
        s.push_str(&format!(
            "      <data key=\"statuses\">{}</data>\n",
            xml_escape(&st.join(" "))
        ));
        s.push_str(&format!(
            "      <data key=\"entries\">{}</data>\n",
            xml_escape(&e.entries.join(" "))
        ));
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    out.write_all(s.as_bytes())
}

#[cfg(test)]
mod formula_tests {
    use super::*;

    #[test]
    fn csv_cells_are_never_formulas() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_field("+1+2"), "'+1+2");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\t=1"), "'\t=1");
        assert_eq!(csv_field("Peru = buyer"), "Peru = buyer");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(sipri_cell("=cmd, x"), "'=cmd; x");
    }
}
