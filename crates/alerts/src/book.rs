//! The saved alerts and their matches (tables `alerts`, `alert_matches`).

use crate::filter::{Filters, MinValue};
use crate::{now_text, AlertError, Ctx};
use armswatch_register::{Category, Record, RecordKind};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// Longest alert name (it is part of a URL).
pub const MAX_NAME_LEN: usize = 64;

/// A saved query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub id: i64,
    pub name: String,
    pub filters: Filters,
    /// Where matches are POSTed, if anywhere.
    pub webhook: Option<String>,
    pub created_at: String,
}

/// A record an alert matched, as it was when it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub id: i64,
    pub alert: String,
    pub record_key: String,
    pub doc: String,
    pub record: Record,
    pub doc_title: Option<String>,
    pub doc_url: Option<String>,
    pub matched_at: String,
}

/// An alert's webhook deliveries by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryCounts {
    pub pending: u64,
    pub delivered: u64,
    pub failed: u64,
}

const ALERT_COLUMNS: &str = "id, name, kind, recipient, supplier, category, \
     min_value_amount, min_value_currency, status, webhook, created_at";

/// Names go into URLs and file-like paths: letters, digits, `-`, `_`.
fn check_name(name: &str) -> Result<(), AlertError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(AlertError::Invalid(format!(
            "alert name {name:?}: use 1 to {MAX_NAME_LEN} letters, digits, '-' or '_'"
        )))
    }
}

/// Only http(s) URLs with a host: anything else could not be POSTed to.
fn check_webhook(url: &str) -> Result<(), AlertError> {
    let bad = |why: &str| AlertError::Invalid(format!("webhook {url:?}: {why}"));
    let parsed = url::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("expected an http:// or https:// URL"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("the URL has no host"));
    }
    Ok(())
}

/// Saves a new alert. Its matches start with the next write to the
/// register: records stored before are not alerted on.
pub fn add(
    conn: &Connection,
    name: &str,
    filters: &Filters,
    webhook: Option<&str>,
) -> Result<Alert, AlertError> {
    check_name(name)?;
    filters.check()?;
    if let Some(url) = webhook {
        check_webhook(url)?;
    }
    if get(conn, name)?.is_some() {
        return Err(AlertError::Exists(name.to_string()));
    }
    let f = filters;
    conn.execute(
        "INSERT INTO alerts (name, kind, recipient, supplier, category, min_value_amount,
             min_value_currency, status, webhook, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            name,
            f.kind.map(RecordKind::as_str),
            f.recipient,
            f.supplier,
            f.category.map(Category::as_str),
            f.min_value
                .as_ref()
                .map(|m| i64::try_from(m.amount).unwrap_or(i64::MAX)),
            f.min_value.as_ref().map(|m| m.currency.as_str()),
            f.status,
            webhook,
            now_text(),
        ],
    )
    .ctx(|| format!("saving alert {name:?}"))?;
    get(conn, name)?.ok_or_else(|| AlertError::NoSuchAlert(name.to_string()))
}

/// Removes an alert with its matches and undelivered webhooks; false if
/// there was none of that name.
pub fn remove(conn: &Connection, name: &str) -> Result<bool, AlertError> {
    let n = conn
        .execute("DELETE FROM alerts WHERE name = ?1", [name])
        .ctx(|| format!("removing alert {name:?}"))?;
    Ok(n > 0)
}

/// Every alert, by name.
pub fn list(conn: &Connection) -> Result<Vec<Alert>, AlertError> {
    let ctx = || "reading alerts".to_string();
    let mut st = conn
        .prepare_cached(&format!("SELECT {ALERT_COLUMNS} FROM alerts ORDER BY name"))
        .ctx(ctx)?;
    let rows = st.query_map([], AlertRow::read).ctx(ctx)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row.ctx(ctx)?.alert()?);
    }
    Ok(out)
}

pub fn get(conn: &Connection, name: &str) -> Result<Option<Alert>, AlertError> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE name = ?1"
        ))
        .and_then(|mut st| st.query_row([name], AlertRow::read).optional())
        .ctx(|| format!("reading alert {name:?}"))?;
    row.map(AlertRow::alert).transpose()
}

/// An alert's latest matches, newest first.
pub fn matches(conn: &Connection, alert: &Alert, limit: usize) -> Result<Vec<Match>, AlertError> {
    let ctx = || format!("reading the matches of alert {:?}", alert.name);
    let mut st = conn
        .prepare_cached(
            "SELECT id, record_key, doc, record_json, doc_title, doc_url, matched_at
             FROM alert_matches WHERE alert_id = ?1 ORDER BY id DESC LIMIT ?2",
        )
        .ctx(ctx)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = st
        .query_map(params![alert.id, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .ctx(ctx)?;
    let mut out = Vec::new();
    for row in rows {
        let (id, record_key, doc, json, doc_title, doc_url, matched_at) = row.ctx(ctx)?;
        let record = serde_json::from_str(&json).map_err(|e| AlertError::Corrupt {
            alert: alert.name.clone(),
            what: "match",
            reason: e.to_string(),
        })?;
        out.push(Match {
            id,
            alert: alert.name.clone(),
            record_key,
            doc,
            record,
            doc_title,
            doc_url,
            matched_at,
        });
    }
    Ok(out)
}

/// How many matches an alert has made.
pub fn match_count(conn: &Connection, alert: &Alert) -> Result<u64, AlertError> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM alert_matches WHERE alert_id = ?1")
        .and_then(|mut st| st.query_row([alert.id], |r| r.get(0)))
        .ctx(|| format!("counting the matches of alert {:?}", alert.name))?;
    Ok(n.unsigned_abs())
}

/// How an alert's webhook deliveries stand.
pub fn delivery_counts(conn: &Connection, alert: &Alert) -> Result<DeliveryCounts, AlertError> {
    let ctx = || format!("counting the deliveries of alert {:?}", alert.name);
    let mut st = conn
        .prepare_cached(
            "SELECT o.state, count(*) FROM alert_outbox o
             JOIN alert_matches m ON m.id = o.match_id
             WHERE m.alert_id = ?1 GROUP BY o.state",
        )
        .ctx(ctx)?;
    let rows = st
        .query_map([alert.id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })
        .ctx(ctx)?;
    let mut counts = DeliveryCounts::default();
    for row in rows {
        let (state, n) = row.ctx(ctx)?;
        let n = n.unsigned_abs();
        match state.as_str() {
            "pending" => counts.pending = n,
            "delivered" => counts.delivered = n,
            _ => counts.failed = n,
        }
    }
    Ok(counts)
}

/// An `alerts` row as stored.
struct AlertRow {
    id: i64,
    name: String,
    kind: Option<String>,
    recipient: Option<String>,
    supplier: Option<String>,
    category: Option<String>,
    min_amount: Option<i64>,
    min_currency: Option<String>,
    status: Option<String>,
    webhook: Option<String>,
    created_at: String,
}

impl AlertRow {
    fn read(r: &Row<'_>) -> rusqlite::Result<AlertRow> {
        Ok(AlertRow {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            recipient: r.get(3)?,
            supplier: r.get(4)?,
            category: r.get(5)?,
            min_amount: r.get(6)?,
            min_currency: r.get(7)?,
            status: r.get(8)?,
            webhook: r.get(9)?,
            created_at: r.get(10)?,
        })
    }

    /// Stored values go through the same parsing as typed ones, so a row
    /// edited by hand is refused by name rather than silently ignored.
    fn alert(self) -> Result<Alert, AlertError> {
        let corrupt = |e: AlertError| AlertError::Corrupt {
            alert: self.name.clone(),
            what: "filters",
            reason: e.to_string(),
        };
        let min_value = match (self.min_amount, &self.min_currency) {
            (Some(a), Some(c)) => Some(MinValue {
                amount: u64::try_from(a).unwrap_or(0),
                currency: c.clone(),
            }),
            _ => None,
        };
        let filters = Filters {
            kind: self
                .kind
                .as_deref()
                .map(Filters::parse_kind)
                .transpose()
                .map_err(corrupt)?,
            recipient: self.recipient.clone(),
            supplier: self.supplier.clone(),
            category: self
                .category
                .as_deref()
                .map(Filters::parse_category)
                .transpose()
                .map_err(corrupt)?,
            min_value,
            status: self.status.clone(),
        };
        Ok(Alert {
            id: self.id,
            name: self.name,
            filters,
            webhook: self.webhook,
            created_at: self.created_at,
        })
    }
}
