//! Checking written records against the alerts, inside the store's write
//! transaction.

use crate::book::{list, Alert};
use crate::{now_secs, now_text, AlertError, Ctx};
use armswatch_register::{Fact, Record};
use armswatch_store::{RecordObserver, RecordsWritten};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The [`RecordObserver`] that records matches ([`crate::install`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct Matcher;

impl RecordObserver for Matcher {
    fn records_written(
        &mut self,
        conn: &Connection,
        write: &RecordsWritten<'_>,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        record_matches(conn, write)?;
        Ok(())
    }
}

/// A record's identity for alerts: its document and what it says (the
/// fact, without evidence offsets, sources or confidence, which an
/// extractor change may move without changing the entry). Hex SHA-256.
pub fn record_key(record: &Record) -> Result<String, AlertError> {
    let fact = serde_json::to_string(&record.fact)?;
    let mut h = Sha256::new();
    h.update(record.doc.as_bytes());
    h.update([0]);
    h.update(fact.as_bytes());
    Ok(format!("{:x}", h.finalize()))
}

/// The Atom entry id and webhook `id` of a match: the same for the same
/// alert and record however often it is computed.
pub fn entry_id(alert: &str, record_key: &str) -> String {
    format!("urn:armswatch:alert:{alert}:{record_key}")
}

/// Records the matches of a document's new or changed records; returns how
/// many. A record whose key the document already had is not new; a key an
/// alert has matched before is not matched again.
pub(crate) fn record_matches(
    conn: &Connection,
    write: &RecordsWritten<'_>,
) -> Result<usize, AlertError> {
    let alerts = list(conn)?;
    if alerts.is_empty() {
        return Ok(0);
    }
    let mut seen: HashSet<String> = HashSet::new();
    for r in write.before {
        seen.insert(record_key(r)?);
    }
    let doc = DocInfo::read(conn, write.doc)?;
    let mut n = 0;
    for record in write.after {
        if matches!(record.fact, Fact::Entity(_)) {
            continue;
        }
        let key = record_key(record)?;
        if !seen.insert(key.clone()) {
            continue;
        }
        for alert in alerts.iter().filter(|a| a.filters.matches(record)) {
            if insert_match(conn, alert, record, &key, &doc)? {
                n += 1;
            }
        }
    }
    Ok(n)
}

/// The document's title and URL, kept with the match (the document may be
/// replaced later; the feed shows what matched).
struct DocInfo {
    title: Option<String>,
    url: Option<String>,
}

impl DocInfo {
    fn read(conn: &Connection, doc: &str) -> Result<DocInfo, AlertError> {
        let row = conn
            .prepare_cached("SELECT title, url FROM documents WHERE id = ?1")
            .and_then(|mut st| {
                st.query_row([doc], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .ctx(|| format!("reading document {doc:?}"))?;
        let (title, url) = row.unwrap_or((None, None));
        Ok(DocInfo { title, url })
    }
}

/// Inserts the match unless the alert has it already; with a webhook,
/// queues its POST. True if it was new.
fn insert_match(
    conn: &Connection,
    alert: &Alert,
    record: &Record,
    key: &str,
    doc: &DocInfo,
) -> Result<bool, AlertError> {
    let ctx = || format!("recording a match of alert {:?}", alert.name);
    let matched_at = now_text();
    let json = serde_json::to_string(record)?;
    let inserted = conn
        .prepare_cached(
            "INSERT INTO alert_matches
                 (alert_id, record_key, doc, kind, record_json, doc_title, doc_url, matched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (alert_id, record_key) DO NOTHING",
        )
        .and_then(|mut st| {
            st.execute(params![
                alert.id,
                key,
                record.doc,
                record.kind().as_str(),
                json,
                doc.title,
                doc.url,
                matched_at,
            ])
        })
        .ctx(ctx)?;
    if inserted == 0 {
        return Ok(false);
    }
    if let Some(url) = &alert.webhook {
        let match_id = conn.last_insert_rowid();
        let body = webhook_body(alert, record, key, doc, &matched_at)?;
        conn.prepare_cached(
            "INSERT INTO alert_outbox (match_id, url, body, next_attempt_at)
             VALUES (?1, ?2, ?3, ?4)",
        )
        .and_then(|mut st| st.execute(params![match_id, url, body, now_secs()]))
        .ctx(ctx)?;
    }
    Ok(true)
}

/// The JSON POSTed for a match. `id` is the same as the Atom entry's, so a
/// receiver can drop a repeat (delivery is at least once).
fn webhook_body(
    alert: &Alert,
    record: &Record,
    key: &str,
    doc: &DocInfo,
    matched_at: &str,
) -> Result<String, AlertError> {
    let body = serde_json::json!({
        "id": entry_id(&alert.name, key),
        "alert": alert.name,
        "matched_at": matched_at,
        "document": {"id": record.doc, "title": doc.title, "url": doc.url},
        "sentence": record.evidence.first().map(|e| e.text.as_str()),
        "record": record,
    });
    Ok(serde_json::to_string(&body)?)
}
