//! Records as the API and the pages show them: the interchange format plus
//! links, display rows for templates, and CSV.

use crate::countries::Countries;
use crate::params::path_segment;
use armswatch_register::{Actor, ActorType, Evidence, Fact, Money, Record, RecordKind};
use armswatch_store::query::{entity_id, StoredRecord};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

pub fn doc_url(doc: &str) -> String {
    format!("/documents/{}", path_segment(doc))
}

/// Where evidence is highlighted: its document's page, at the mark that
/// starts at the evidence's first byte.
pub fn evidence_url(doc: &str, e: &Evidence) -> String {
    let doc = e.doc.as_deref().unwrap_or(doc);
    format!("{}#ev-{}", doc_url(doc), e.start)
}

pub fn entity_url(id: &str) -> String {
    format!("/entities/{}", path_segment(id))
}

/// The page of a record: entities have theirs; the others are named by
/// document and position.
pub fn record_url(r: &Record, seq: i64) -> String {
    match &r.fact {
        Fact::Entity(e) => entity_url(&entity_id(&e.name, e.country.as_deref())),
        _ => format!("/{}s/{}/{seq}", r.kind().as_str(), path_segment(&r.doc)),
    }
}

/// A record as the API gives it: the interchange format plus `seq`, links
/// to its pages and a link from each evidence item to its highlighted
/// sentence.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordItem {
    pub doc: String,
    #[serde(flatten)]
    pub fact: Fact,
    pub evidence: Vec<EvidenceItem>,
    /// Outlets or documents the article itself cites for the fact.
    pub sources: Vec<String>,
    pub confidence: f64,
    /// The record's position in its document: `(doc, seq)` names it.
    pub seq: i64,
    /// An analyst has reviewed it: accepted it or corrected its fields
    /// (the values shown are the corrected ones).
    pub reviewed: bool,
    /// `accepted` or `corrected`; null when not reviewed.
    pub review: Option<String>,
    pub links: RecordLinks,
    /// Only in an entity's records: its roles in this record (supplier,
    /// recipient, buyer, bidder, winner, protester, party, entity,
    /// member:ROLE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
}

/// A sentence a record came from, with the address of its mark.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceItem {
    #[serde(flatten)]
    pub evidence: Evidence,
    /// The article page at this sentence.
    pub link: String,
}

/// The pages of a record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordLinks {
    /// The record's page (an entity's page for entities).
    pub page: String,
    /// Its article's page.
    pub document: String,
    /// Its article in the API.
    pub api_document: String,
}

pub fn api_item(sr: &StoredRecord) -> RecordItem {
    let r = &sr.record;
    RecordItem {
        doc: r.doc.clone(),
        fact: r.fact.clone(),
        evidence: r
            .evidence
            .iter()
            .map(|e| EvidenceItem {
                evidence: e.clone(),
                link: evidence_url(&r.doc, e),
            })
            .collect(),
        sources: r.sources.clone(),
        confidence: r.confidence,
        seq: sr.seq,
        reviewed: sr.review.is_some(),
        review: sr.review.clone(),
        links: RecordLinks {
            page: record_url(r, sr.seq),
            document: doc_url(&r.doc),
            api_document: format!("/api/documents/{}", path_segment(&r.doc)),
        },
        roles: None,
    }
}

/// Thousands separators: 22200000000 → 22,200,000,000.
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Short amounts for chart axes: 1.2bn, 350m, 12k.
pub fn compact(n: f64) -> String {
    let (v, suffix) = if n >= 1e9 {
        (n / 1e9, "bn")
    } else if n >= 1e6 {
        (n / 1e6, "m")
    } else if n >= 1e3 {
        (n / 1e3, "k")
    } else {
        (n, "")
    };
    let s = if v >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    format!("{s}{suffix}")
}

pub fn money_text(m: &Money) -> String {
    format!("{} {}", m.currency, group_digits(m.amount))
}

fn money_view(m: &Option<Money>) -> Value {
    match m {
        None => Value::Null,
        Some(m) => json!({
            "text": if m.text.trim().is_empty() { money_text(m) } else { m.text.clone() },
            "normalised": money_text(m),
        }),
    }
}

pub fn actor_view(c: &Countries, a: &Actor) -> Value {
    let url = match (a.kind, a.country.as_deref()) {
        (ActorType::State, Some(cc)) => format!("/countries/{}", path_segment(cc)),
        _ => entity_url(&entity_id(&a.name, a.country.as_deref())),
    };
    json!({
        "name": a.name,
        "type": a.kind.as_str(),
        "type_label": a.kind.as_str().replace('_', " "),
        "country": a.country,
        "country_name": a.country.as_deref().map(|cc| c.name(cc)),
        "role": a.role,
        "url": url,
        "members": a.members.iter().map(|m| actor_view(c, m)).collect::<Vec<_>>(),
    })
}

pub fn system_label(name: &Option<String>, description: &Option<String>, category: &str) -> String {
    match (name, description) {
        // "MH-60R (MH-60R naval helicopters)" says it twice.
        (Some(n), Some(d)) if d.contains(n.as_str()) => d.clone(),
        (Some(n), Some(d)) => format!("{n} ({d})"),
        (Some(n), None) => n.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => category.replace('_', " "),
    }
}

/// Everything a template needs to show one record.
pub fn row_view(c: &Countries, sr: &StoredRecord) -> Value {
    let r = &sr.record;
    let mut v = json!({
        "kind": r.kind().as_str(),
        "doc": r.doc,
        "seq": sr.seq,
        "review": sr.review,
        "url": record_url(r, sr.seq),
        "doc_url": doc_url(&r.doc),
        "confidence": format!("{:.2}", r.confidence),
        "sources": r.sources,
        "evidence": r.evidence.iter().map(|e| json!({
            "text": e.text,
            "url": evidence_url(&r.doc, e),
            "start": e.start,
        })).collect::<Vec<_>>(),
    });
    match &r.fact {
        Fact::Transfer(t) => {
            v["date"] = json!(t.date.map(|d| d.to_string()));
            v["date_text"] = json!(t.date_text);
            v["status"] = json!(t.status.as_str());
            v["suppliers"] = json!(t
                .suppliers
                .iter()
                .map(|a| actor_view(c, a))
                .collect::<Vec<_>>());
            v["recipient"] = actor_view(c, &t.recipient);
            v["system"] = json!({
                "label": system_label(&t.system.name, &t.system.description, t.system.category.as_str()),
                "name": t.system.name,
                "description": t.system.description,
                "category": t.system.category.as_str(),
                "category_label": t.system.category.as_str().replace('_', " "),
            });
            v["quantity"] = json!(t.quantity);
            v["value"] = money_view(&t.value);
        }
        Fact::Contest(k) => {
            v["date"] = json!(k.awarded.or(k.cancelled).map(|d| d.to_string()));
            v["awarded"] = json!(k.awarded.map(|d| d.to_string()));
            v["cancelled"] = json!(k.cancelled.map(|d| d.to_string()));
            v["status"] = json!(k.status.as_str());
            v["buyer"] = actor_view(c, &k.buyer);
            v["system"] = json!({
                "label": system_label(&k.item.name, &k.item.description, k.item.category.as_str()),
                "name": k.item.name,
                "description": k.item.description,
                "category": k.item.category.as_str(),
                "category_label": k.item.category.as_str().replace('_', " "),
            });
            v["value"] = money_view(&k.value);
            v["bidders"] = json!(k
                .bidders
                .iter()
                .map(|a| actor_view(c, a))
                .collect::<Vec<_>>());
            v["winner"] = k.winner.as_ref().map_or(Value::Null, |w| actor_view(c, w));
            v["protests"] = json!(k
                .protests
                .iter()
                .map(|p| json!({
                    "by": actor_view(c, &p.by),
                    "grounds": p.grounds,
                    "date": p.date.map(|d| d.to_string()),
                }))
                .collect::<Vec<_>>());
        }
        Fact::Engagement(e) => {
            v["date"] = json!(e.date.map(|d| d.to_string()));
            v["type"] = json!(e.kind.as_str());
            v["parties"] = json!(e
                .parties
                .iter()
                .map(|a| actor_view(c, a))
                .collect::<Vec<_>>());
            v["place"] = json!(e.place);
            v["description"] = json!(e.description);
        }
        Fact::Entity(e) => {
            v["name"] = json!(e.name);
            v["type"] = json!(e.kind.as_str());
            v["type_label"] = json!(e.kind.as_str().replace('_', " "));
            v["country"] = json!(e.country);
            v["country_name"] = json!(e.country.as_deref().map(|cc| c.name(cc)));
            v["aliases"] = json!(e.aliases);
            v["role"] = json!(e.role);
            v["affiliation"] = e
                .affiliation
                .as_ref()
                .map_or(Value::Null, |a| actor_view(c, a));
        }
    }
    v
}

/// A one-line summary of a record, for lists of mixed kinds.
pub fn summary(r: &Record) -> String {
    let names = |v: &[Actor]| {
        v.iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &r.fact {
        Fact::Transfer(t) => format!(
            "{} → {}: {} ({})",
            if t.suppliers.is_empty() {
                "?".to_string()
            } else {
                names(&t.suppliers)
            },
            t.recipient.name,
            system_label(
                &t.system.name,
                &t.system.description,
                t.system.category.as_str()
            ),
            t.status.as_str()
        ),
        Fact::Contest(k) => format!(
            "{} buys {} ({})",
            k.buyer.name,
            system_label(&k.item.name, &k.item.description, k.item.category.as_str()),
            k.status.as_str()
        ),
        Fact::Engagement(e) => format!("{}: {}", e.kind.as_str(), names(&e.parties)),
        Fact::Entity(e) => format!("{} ({})", e.name, e.kind.as_str().replace('_', " ")),
    }
}

/// A CSV field: quoted when it must be and never run as a formula; one
/// function for every CSV the project writes.
fn field(s: &str) -> String {
    armswatch_consolidate::export::csv_field(s)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn actor_names(v: &[Actor]) -> String {
    v.iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn actor_countries(v: &[Actor]) -> String {
    let mut cs: Vec<&str> = v.iter().filter_map(|a| a.country.as_deref()).collect();
    cs.dedup();
    cs.join("; ")
}

/// The header line of a CSV of `kind`.
pub fn csv_header(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Transfer => "doc,seq,date,status,suppliers,supplier_countries,recipient,recipient_country,system,description,category,quantity,value_amount,value_currency,value_text,evidence,page\r\n",
        RecordKind::Contest => "doc,seq,buyer,buyer_country,item,description,category,value_amount,value_currency,bidders,winner,awarded,status,cancelled,protests,evidence,page\r\n",
        RecordKind::Engagement => "doc,seq,date,type,parties,party_countries,place,description,evidence,page\r\n",
        RecordKind::Entity => "id,name,type,country,aliases,records,page\r\n",
    }
}

/// One CSV line for a record (not for entities).
pub fn csv_row(sr: &StoredRecord) -> String {
    let r = &sr.record;
    let ev = r
        .evidence
        .first()
        .map(|e| e.text.as_str())
        .unwrap_or_default();
    let mut cols: Vec<String> = vec![r.doc.clone(), sr.seq.to_string()];
    match &r.fact {
        Fact::Transfer(t) => cols.extend([
            opt(&t.date),
            t.status.as_str().to_string(),
            actor_names(&t.suppliers),
            actor_countries(&t.suppliers),
            t.recipient.name.clone(),
            opt(&t.recipient.country),
            opt(&t.system.name),
            opt(&t.system.description),
            t.system.category.as_str().to_string(),
            opt(&t.quantity),
            opt(&t.value.as_ref().map(|v| v.amount)),
            opt(&t.value.as_ref().map(|v| v.currency.clone())),
            opt(&t.value.as_ref().map(|v| v.text.clone())),
        ]),
        Fact::Contest(k) => cols.extend([
            k.buyer.name.clone(),
            opt(&k.buyer.country),
            opt(&k.item.name),
            opt(&k.item.description),
            k.item.category.as_str().to_string(),
            opt(&k.value.as_ref().map(|v| v.amount)),
            opt(&k.value.as_ref().map(|v| v.currency.clone())),
            actor_names(&k.bidders),
            opt(&k.winner.as_ref().map(|w| w.name.clone())),
            opt(&k.awarded),
            k.status.as_str().to_string(),
            opt(&k.cancelled),
            k.protests
                .iter()
                .map(|p| p.by.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ]),
        Fact::Engagement(e) => cols.extend([
            opt(&e.date),
            e.kind.as_str().to_string(),
            actor_names(&e.parties),
            actor_countries(&e.parties),
            opt(&e.place),
            e.description.clone(),
        ]),
        Fact::Entity(e) => cols.extend([e.name.clone()]),
    }
    cols.push(ev.to_string());
    cols.push(record_url(r, sr.seq));
    let mut line = cols.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// One CSV line for an entity summary.
pub fn csv_entity(e: &armswatch_store::query::EntitySummary) -> String {
    let cols = [
        e.id.clone(),
        e.name.clone(),
        e.kind.clone(),
        opt(&e.country),
        e.aliases.join("; "),
        e.records.to_string(),
        entity_url(&e.id),
    ];
    let mut line = cols.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(group_digits(22_200_000_000), "22,200,000,000");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(compact(1_400_000_000.0), "1.4bn");
        assert_eq!(compact(350_000_000.0), "350m");
        assert_eq!(compact(12.0), "12");
        assert_eq!(compact(0.0), "0");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain"), "plain");
    }

    #[test]
    fn csv_formulas_are_neutralised() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("a=b"), "a=b");
        assert_eq!(field(""), "");
    }
}
