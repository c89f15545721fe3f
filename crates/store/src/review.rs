//! Analysts' reviews: verdicts and field corrections kept apart from the
//! extracted records, keyed by an entry's identity so they survive
//! re-extraction, and re-applied whenever a document's records are written.

use crate::sqlite::{extracted_of, insert_records, notify, records_of, Ctx};
use crate::{SqliteStore, StoreError};
use armswatch_register::{
    Actor, ActorType, Category, ContestStatus, Date, Fact, Money, Record, RecordKind,
    TransferStatus,
};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Longest reason kept, in bytes.
pub const MAX_REASON_BYTES: usize = 500;

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// Why a review was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReviewError {
    #[error("no record {seq} in document {doc:?}")]
    NoSuchRecord { doc: String, seq: i64 },
    #[error("a {kind} has no field {field}")]
    NotApplicable {
        field: &'static str,
        kind: &'static str,
    },
    #[error("{field}: {reason}")]
    BadValue { field: &'static str, reason: String },
    #[error("a reason is required (at most {MAX_REASON_BYTES} bytes)")]
    Reason,
}

/// A register entry's review state (`records.review`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    Accepted,
    Corrected,
    Rejected,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Accepted => "accepted",
            ReviewState::Corrected => "corrected",
            ReviewState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewState> {
        Some(match s {
            "accepted" => ReviewState::Accepted,
            "corrected" => ReviewState::Corrected,
            "rejected" => ReviewState::Rejected,
            _ => return None,
        })
    }
}

/// A field an analyst may correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Supplier,
    Recipient,
    System,
    Quantity,
    Value,
    Date,
    Status,
    Parties,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Supplier,
        Field::Recipient,
        Field::System,
        Field::Quantity,
        Field::Value,
        Field::Date,
        Field::Status,
        Field::Parties,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Supplier => "supplier",
            Field::Recipient => "recipient",
            Field::System => "system",
            Field::Quantity => "quantity",
            Field::Value => "value",
            Field::Date => "date",
            Field::Status => "status",
            Field::Parties => "parties",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The record's JSON key this field corrects, for a kind that has it
    /// (a contest's supplier is its winner, its recipient the buyer).
    pub fn json_key(self, kind: RecordKind) -> Option<&'static str> {
        use Field::*;
        Some(match (kind, self) {
            (RecordKind::Transfer, Supplier) => "suppliers",
            (RecordKind::Transfer, Recipient) => "recipient",
            (RecordKind::Transfer, System) => "system",
            (RecordKind::Transfer, Quantity) => "quantity",
            (RecordKind::Transfer | RecordKind::Contest, Value) => "value",
            (RecordKind::Transfer | RecordKind::Engagement, Date) => "date",
            (RecordKind::Transfer | RecordKind::Contest, Status) => "status",
            (RecordKind::Contest, Supplier) => "winner",
            (RecordKind::Contest, Recipient) => "buyer",
            (RecordKind::Contest, System) => "item",
            (RecordKind::Contest, Date) => "awarded",
            (RecordKind::Engagement, Parties) => "parties",
            _ => return None,
        })
    }

    /// The fields a kind of record has.
    pub fn of(kind: RecordKind) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.json_key(kind).is_some())
            .collect()
    }
}

/// What an analyst does to an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Accept,
    Reject,
    /// Sets `field` from the analyst's text (see [`parse_value`]).
    Correct {
        field: Field,
        input: String,
    },
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub doc: Option<String>,
    pub entry_key: Option<String>,
    pub field: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: Option<String>,
}

/// An actor's part of an identity: its country when known (what an
/// extractor change is least likely to move), else its name in lower case.
fn actor_id(a: &Actor) -> String {
    a.country
        .clone()
        .unwrap_or_else(|| a.name.trim().to_lowercase())
}

fn actors_id(actors: &[Actor]) -> String {
    let mut ids: Vec<String> = actors.iter().map(actor_id).collect();
    ids.sort();
    ids.dedup();
    ids.join("+")
}

fn system_id(s: &armswatch_register::System) -> String {
    match &s.name {
        Some(n) => n.trim().to_lowercase(),
        None => s.category.as_str().to_string(),
    }
}

/// What identifies an entry within its document, from the fields an
/// analyst corrects least: who with whom, and what.
fn identity(r: &Record) -> String {
    match &r.fact {
        Fact::Transfer(t) => format!(
            "transfer:{}<{}:{}",
            actor_id(&t.recipient),
            actors_id(&t.suppliers),
            system_id(&t.system)
        ),
        Fact::Contest(c) => format!("contest:{}:{}", actor_id(&c.buyer), system_id(&c.item)),
        Fact::Engagement(e) => format!("engagement:{}:{}", e.kind.as_str(), actors_id(&e.parties)),
        Fact::Entity(e) => format!(
            "entity:{}:{}",
            e.kind.as_str(),
            e.name.trim().to_lowercase()
        ),
    }
}

/// The entry keys of a document's extracted records, in order: the
/// identity, with `#N` for its N-th repetition within the document.
pub fn entry_keys(records: &[Record]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    records
        .iter()
        .map(|r| {
            let id = identity(r);
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                id
            } else {
                format!("{id}#{n}")
            }
        })
        .collect()
}

fn bad(field: Field, reason: impl Into<String>) -> ReviewError {
    ReviewError::BadValue {
        field: field.as_str(),
        reason: reason.into(),
    }
}

/// `Name (CC)` or `Name`; the type is kept from `like` (the actor it
/// replaces) when there is one.
fn parse_actor(field: Field, text: &str, like: Option<&Actor>) -> Result<Actor, ReviewError> {
    let text = text.trim();
    let (name, country) = match text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((n, c)) => (n.trim(), Some(c.trim().to_ascii_uppercase())),
        None => (text, None),
    };
    if name.is_empty() {
        return Err(bad(field, "a name is required, e.g. `China (CN)`"));
    }
    if let Some(c) = &country {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad(
                field,
                format!("{c:?} is not a two-letter country code"),
            ));
        }
    }
    let kind = like.map_or(ActorType::Other, |a| a.kind);
    Ok(Actor::new(name, kind, country))
}

fn parse_actors(field: Field, text: &str, old: &[Actor]) -> Result<Vec<Actor>, ReviewError> {
    text.split(';')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
        .map(|(i, p)| parse_actor(field, p, old.get(i)))
        .collect()
}

fn parse_system(
    text: &str,
    old: Option<&armswatch_register::System>,
) -> Result<armswatch_register::System, ReviewError> {
    let text = text.trim();
    let (name, category) = match text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((n, c)) => {
            let cat = Category::parse(c.trim())
                .ok_or_else(|| bad(Field::System, format!("unknown category {:?}", c.trim())))?;
            (n.trim(), Some(cat))
        }
        None => (text, None),
    };
    let category = category
        .or(old.map(|s| s.category))
        .ok_or_else(|| bad(Field::System, "give a category: `NAME (category)`"))?;
    Ok(armswatch_register::System {
        name: (!name.is_empty()).then(|| name.to_string()),
        description: old.and_then(|s| s.description.clone()),
        category,
    })
}

fn parse_money(text: &str) -> Result<Value, ReviewError> {
    let (amount, currency) = text.trim().rsplit_once(' ').ok_or_else(|| {
        bad(
            Field::Value,
            "expected AMOUNT CURRENCY, e.g. `28000000 USD`",
        )
    })?;
    let digits: String = amount.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    let amount: u64 = digits
        .parse()
        .map_err(|_| bad(Field::Value, format!("{amount:?} is not a whole number")))?;
    let currency = currency.trim().to_ascii_uppercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad(
            Field::Value,
            format!("{currency:?} is not an ISO 4217 code"),
        ));
    }
    let money = Money {
        amount,
        currency,
        text: text.trim().to_string(),
    };
    serde_json::to_value(money).map_err(|e| bad(Field::Value, e.to_string()))
}

fn to_json<T: serde::Serialize>(field: Field, v: T) -> Result<Value, ReviewError> {
    serde_json::to_value(v).map_err(|e| bad(field, e.to_string()))
}

/// The JSON value `input` sets `field` to in `record` (a blank input
/// clears an optional field).
pub fn parse_value(record: &Record, field: Field, input: &str) -> Result<Value, ReviewError> {
    let kind = record.kind();
    if field.json_key(kind).is_none() {
        return Err(ReviewError::NotApplicable {
            field: field.as_str(),
            kind: kind.as_str(),
        });
    }
    let blank = input.trim().is_empty();
    match (&record.fact, field) {
        (Fact::Transfer(t), Field::Supplier) => {
            to_json(field, parse_actors(field, input, &t.suppliers)?)
        }
        (Fact::Transfer(t), Field::Recipient) => {
            to_json(field, parse_actor(field, input, Some(&t.recipient))?)
        }
        (Fact::Contest(c), Field::Recipient) => {
            to_json(field, parse_actor(field, input, Some(&c.buyer))?)
        }
        (Fact::Contest(_), Field::Supplier) if blank => Ok(Value::Null),
        (Fact::Contest(c), Field::Supplier) => {
            to_json(field, parse_actor(field, input, c.winner.as_ref())?)
        }
        (Fact::Engagement(e), Field::Parties) => {
            to_json(field, parse_actors(field, input, &e.parties)?)
        }
        (Fact::Transfer(t), Field::System) => to_json(field, parse_system(input, Some(&t.system))?),
        (Fact::Contest(c), Field::System) => to_json(field, parse_system(input, Some(&c.item))?),
        (_, Field::Quantity | Field::Value | Field::Date) if blank => Ok(Value::Null),
        (_, Field::Quantity) => input
            .trim()
            .parse::<u64>()
            .map(Value::from)
            .map_err(|_| bad(field, format!("{:?} is not a whole number", input.trim()))),
        (_, Field::Value) => parse_money(input),
        (_, Field::Date) => Date::parse(input.trim())
            .map(|d| Value::String(d.to_string()))
            .map_err(|e| bad(field, e.to_string())),
        (Fact::Transfer(_), Field::Status) => TransferStatus::parse(input.trim())
            .map(|s| Value::String(s.as_str().into()))
            .ok_or_else(|| bad(field, format!("unknown status {:?}", input.trim()))),
        (Fact::Contest(_), Field::Status) => ContestStatus::parse(input.trim())
            .map(|s| Value::String(s.as_str().into()))
            .ok_or_else(|| bad(field, format!("unknown status {:?}", input.trim()))),
        _ => Err(ReviewError::NotApplicable {
            field: field.as_str(),
            kind: kind.as_str(),
        }),
    }
}

/// The corrections kept for one document: entry key → field → JSON.
type Corrections = HashMap<String, Vec<(String, Value)>>;

fn corrections_of(conn: &Connection, doc: &str) -> Result<Corrections, StoreError> {
    let ctx = || format!("reading the corrections of document {doc:?}");
    let mut st = conn
        .prepare_cached(
            "SELECT entry_key, field, value FROM corrections WHERE doc = ?1 ORDER BY id",
        )
        .ctx(ctx)?;
    let rows = st
        .query_map([doc], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .ctx(ctx)?;
    let mut out = Corrections::new();
    for row in rows {
        let (key, field, value) = row.ctx(ctx)?;
        let value = serde_json::from_str(&value).map_err(|cause| StoreError::Json {
            action: "read a correction of",
            doc: doc.to_string(),
            cause,
        })?;
        out.entry(key).or_default().push((field, value));
    }
    Ok(out)
}

/// A record as its corrections make it, and its review state.
pub(crate) struct Reviewed {
    pub key: String,
    pub record: Record,
    pub state: Option<ReviewState>,
    /// The record was changed by a correction.
    pub changed: bool,
}

/// Applies the stored corrections to a document's extracted records.
pub(crate) fn apply_corrections(
    conn: &Connection,
    doc: &str,
    records: &[Record],
) -> Result<Vec<Reviewed>, StoreError> {
    let all = corrections_of(conn, doc)?;
    let keys = entry_keys(records);
    let mut out = Vec::with_capacity(records.len());
    for (record, key) in records.iter().zip(keys) {
        let Some(fields) = all.get(&key) else {
            out.push(Reviewed {
                key,
                record: record.clone(),
                state: None,
                changed: false,
            });
            continue;
        };
        let (corrected, state) = apply(doc, record, fields)?;
        let changed = &corrected != record;
        out.push(Reviewed {
            key,
            record: corrected,
            state,
            changed,
        });
    }
    Ok(out)
}

fn apply(
    doc: &str,
    record: &Record,
    fields: &[(String, Value)],
) -> Result<(Record, Option<ReviewState>), StoreError> {
    let json_err = |action, cause| StoreError::Json {
        action,
        doc: doc.to_string(),
        cause,
    };
    let mut v = serde_json::to_value(record).map_err(|c| json_err("serialise", c))?;
    let mut state = None;
    let mut corrected = false;
    for (field, value) in fields {
        if field == "review" {
            state = value.as_str().and_then(ReviewState::parse);
            continue;
        }
        let Some(key) = Field::parse(field).and_then(|f| f.json_key(record.kind())) else {
            continue; // a field this kind no longer has: kept, not applied
        };
        if let Some(obj) = v.as_object_mut() {
            obj.insert(key.to_string(), value.clone());
            if key == "date" {
                obj.remove("date_text");
            }
            corrected = true;
        }
    }
    let out: Record =
        serde_json::from_value(v).map_err(|c| json_err("apply a correction to", c))?;
    let state = match state {
        Some(ReviewState::Rejected) => Some(ReviewState::Rejected),
        _ if corrected => Some(ReviewState::Corrected),
        other => other,
    };
    Ok((out, state))
}

/// Adds a line to the audit log (inside the caller's transaction, if any).
#[allow(clippy::too_many_arguments)]
pub fn audit(
    conn: &Connection,
    actor: &str,
    action: &str,
    doc: Option<&str>,
    entry_key: Option<&str>,
    field: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached(&format!(
        "INSERT INTO audit_log (at, actor, action, doc, entry_key, field, old, new, reason)
         VALUES ({NOW}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))
    .and_then(|mut st| {
        st.execute(params![
            actor, action, doc, entry_key, field, old, new, reason
        ])
    })
    .ctx(|| "writing the audit log".into())?;
    Ok(())
}

/// The audit log, newest first; only the lines of one document when
/// `doc` is given, and of one entry when `entry_key` is too.
pub fn audit_log(
    conn: &Connection,
    doc: Option<&str>,
    entry_key: Option<&str>,
    limit: usize,
) -> Result<Vec<AuditEntry>, StoreError> {
    let ctx = || "reading the audit log".to_string();
    let mut st = conn
        .prepare_cached(
            "SELECT at, actor, action, doc, entry_key, field, old, new, reason FROM audit_log
             WHERE (?1 IS NULL OR doc = ?1) AND (?2 IS NULL OR entry_key = ?2)
             ORDER BY id DESC LIMIT ?3",
        )
        .ctx(ctx)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = st
        .query_map(params![doc, entry_key, limit], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                doc: r.get(3)?,
                entry_key: r.get(4)?,
                field: r.get(5)?,
                old: r.get(6)?,
                new: r.get(7)?,
                reason: r.get(8)?,
            })
        })
        .ctx(ctx)?;
    rows.collect::<Result<_, _>>().ctx(ctx)
}

/// An entry waiting for review.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    pub doc: String,
    pub seq: i64,
    pub record: Record,
    pub published: Option<String>,
    pub title: Option<String>,
}

pub(crate) fn check_reason(reason: &str) -> Result<(), StoreError> {
    let r = reason.trim();
    if r.is_empty() || r.len() > MAX_REASON_BYTES {
        return Err(StoreError::Review(ReviewError::Reason));
    }
    Ok(())
}

impl SqliteStore {
    /// Records an analyst's verdict or correction of record `seq` of `doc`
    /// with its reason in the audit log, and rewrites the document's
    /// records with every correction applied, in one transaction.
    pub fn review(
        &mut self,
        doc: &str,
        seq: i64,
        action: &Action,
        author: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        check_reason(reason)?;
        let SqliteStore { conn, observer } = self;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| "starting a write transaction".into())?;
        let extracted = extracted_of(&tx, doc)?;
        let before = records_of(&tx, doc)?;
        let missing = || {
            StoreError::Review(ReviewError::NoSuchRecord {
                doc: doc.into(),
                seq,
            })
        };
        let i = usize::try_from(seq).map_err(|_| missing())?;
        let current = before.get(i).ok_or_else(missing)?;
        let key = entry_keys(&extracted).swap_remove(i);
        let (field, new, old, verb) = match action {
            Action::Accept => ("review".to_string(), json!("accepted"), None, "accept"),
            Action::Reject => ("review".to_string(), json!("rejected"), None, "reject"),
            Action::Correct { field, input } => {
                let new = parse_value(current, *field, input).map_err(StoreError::Review)?;
                let old = field_value(current, *field);
                (field.as_str().to_string(), new, old, "correct")
            }
        };
        let new_text = new.to_string();
        tx.prepare_cached(&format!(
            "INSERT INTO corrections (doc, entry_key, field, value, author, reason, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, {NOW})
             ON CONFLICT (doc, entry_key, field) DO UPDATE SET value = excluded.value,
                 author = excluded.author, reason = excluded.reason, created_at = excluded.created_at"
        ))
        .and_then(|mut st| st.execute(params![doc, key, field, new_text, author, reason.trim()]))
        .ctx(|| "storing a correction".into())?;
        let logged_field = (field != "review").then_some(field.as_str());
        let old_text = old.map(|v| v.to_string());
        audit(
            &tx,
            author,
            verb,
            Some(doc),
            Some(&key),
            logged_field,
            old_text.as_deref(),
            Some(&new_text),
            Some(reason.trim()),
        )?;
        tx.execute("DELETE FROM records WHERE doc = ?1", [doc])
            .ctx(|| format!("rewriting records of document {doc:?}"))?;
        let after = insert_records(&tx, doc, &extracted)?;
        notify(observer, &tx, doc, &before, &after)?;
        tx.commit().ctx(|| "committing a review".into())
    }

    /// The review queue: entries not yet reviewed, newest articles first,
    /// then the least certain.
    pub fn review_queue(&self, limit: usize) -> Result<Vec<QueueItem>, StoreError> {
        let ctx = || "reading the review queue".to_string();
        let mut st = self
            .connection()
            .prepare_cached(
                "SELECT r.doc, r.seq, r.json, d.published, d.title
                 FROM records r JOIN documents d ON d.id = r.doc
                 WHERE r.review IS NULL AND r.kind <> 'entity'
                 ORDER BY coalesce(d.published, '') DESC, d.ingested_at DESC, r.confidence ASC, r.doc, r.seq
                 LIMIT ?1",
            )
            .ctx(ctx)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st
            .query_map([limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            })
            .ctx(ctx)?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, seq, json, published, title) = row.ctx(ctx)?;
            let record = crate::sqlite::read_record(&doc, &json)?;
            out.push(QueueItem {
                doc,
                seq,
                record,
                published,
                title,
            });
        }
        Ok(out)
    }

    /// The entry key and review state of record `seq` of `doc`.
    pub fn review_of(
        &self,
        doc: &str,
        seq: i64,
    ) -> Result<Option<(String, Option<ReviewState>)>, StoreError> {
        self.connection()
            .query_row(
                "SELECT entry_key, review FROM records WHERE doc = ?1 AND seq = ?2",
                params![doc, seq],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                },
            )
            .optional()
            .ctx(|| format!("reading the review of record {seq} of {doc:?}"))
            .map(|row| {
                row.map(|(k, s)| {
                    (
                        k.unwrap_or_default(),
                        s.as_deref().and_then(ReviewState::parse),
                    )
                })
            })
    }

    /// Documents with at least one reviewed entry, by id.
    pub fn reviewed_documents(&self) -> Result<Vec<String>, StoreError> {
        let ctx = || "listing reviewed documents".to_string();
        let mut st = self
            .connection()
            .prepare_cached(
                "SELECT DISTINCT doc FROM records WHERE review IS NOT NULL ORDER BY doc",
            )
            .ctx(ctx)?;
        let rows = st.query_map([], |r| r.get(0)).ctx(ctx)?;
        rows.collect::<Result<_, _>>().ctx(ctx)
    }

    /// Every record of `doc` with its review state, rejected ones included.
    pub fn reviewed_records(
        &self,
        doc: &str,
    ) -> Result<Vec<(Record, Option<ReviewState>)>, StoreError> {
        let ctx = || format!("reading the records of document {doc:?}");
        let mut st = self
            .connection()
            .prepare_cached("SELECT json, review FROM records WHERE doc = ?1 ORDER BY seq")
            .ctx(ctx)?;
        let rows = st
            .query_map([doc], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .ctx(ctx)?;
        let mut out = Vec::new();
        for row in rows {
            let (json, review) = row.ctx(ctx)?;
            let state = review.as_deref().and_then(ReviewState::parse);
            out.push((crate::sqlite::read_record(doc, &json)?, state));
        }
        Ok(out)
    }
}

/// The current JSON of `field` in `record` (for the audit log).
fn field_value(record: &Record, field: Field) -> Option<Value> {
    let key = field.json_key(record.kind())?;
    serde_json::to_value(record).ok()?.get(key).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use armswatch_register::{System, Transfer};

    fn transfer(recipient: &str, system: &str) -> Record {
        Record {
            doc: "d".into(),
            fact: Fact::Transfer(Transfer {
                suppliers: vec![Actor::new("China", ActorType::State, Some("CN".into()))],
                recipient: Actor::new(recipient, ActorType::ArmedForce, Some("PE".into())),
                system: System {
                    name: Some(system.into()),
                    description: None,
                    category: Category::AirDefence,
                },
                quantity: Some(24),
                value: None,
                date: None,
                date_text: None,
                status: TransferStatus::Ordered,
            }),
            evidence: vec![],
            sources: vec![],
            confidence: 0.5,
        }
    }

    #[test]
    fn keys_ignore_corrected_fields_and_number_repeats() {
        let a = transfer("Peruvian Army", "FN-6");
        let mut b = a.clone();
        if let Fact::Transfer(t) = &mut b.fact {
            t.quantity = Some(99);
            t.status = TransferStatus::Delivered;
        }
        let keys = entry_keys(&[a.clone(), b, transfer("Peruvian Army", "HQ-16")]);
        assert_eq!(
            keys,
            [
                "transfer:PE<CN:fn-6",
                "transfer:PE<CN:fn-6#2",
                "transfer:PE<CN:hq-16"
            ]
        );
    }

    #[test]
    fn values_are_parsed_or_refused() {
        let r = transfer("Peruvian Army", "FN-6");
        assert_eq!(parse_value(&r, Field::Quantity, " 12 ").unwrap(), json!(12));
        assert_eq!(parse_value(&r, Field::Quantity, "").unwrap(), Value::Null);
        assert!(parse_value(&r, Field::Quantity, "twelve").is_err());
        let v = parse_value(&r, Field::Value, "28,000,000 usd").unwrap();
        assert_eq!(v["amount"], json!(28_000_000u64));
        assert_eq!(v["currency"], "USD");
        let s = parse_value(&r, Field::Supplier, "Russia (RU); Rosoboronexport (RU)").unwrap();
        assert_eq!(s[0]["country"], "RU");
        assert_eq!(s[0]["type"], "state");
        assert!(parse_value(&r, Field::Supplier, "Russia (Russia)").is_err());
        assert!(matches!(
            parse_value(&r, Field::Parties, "x"),
            Err(ReviewError::NotApplicable { .. })
        ));
        assert_eq!(
            parse_value(&r, Field::Status, "delivered").unwrap(),
            "delivered"
        );
    }

    #[test]
    fn apply_sets_fields_and_state() {
        let r = transfer("Peruvian Army", "FN-6");
        let (out, state) = apply("d", &r, &[("quantity".into(), json!(30))]).unwrap();
        assert_eq!(state, Some(ReviewState::Corrected));
        match out.fact {
            Fact::Transfer(t) => assert_eq!(t.quantity, Some(30)),
            _ => panic!("not a transfer"),
        }
        let (_, state) = apply(
            "d",
            &r,
            &[
                ("quantity".into(), json!(30)),
                ("review".into(), json!("rejected")),
            ],
        )
        .unwrap();
        assert_eq!(state, Some(ReviewState::Rejected));
    }
}
