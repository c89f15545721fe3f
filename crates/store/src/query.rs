//! Read-side queries for browsing the register (the web UI and HTTP API of
//! `armswatch serve`): filtered, sorted, keyset-paginated record lists,
//! supplier statistics, trade flows, and entities grouped across documents.
//!
//! These read the flat columns described in `docs/schema.md` and decode
//! records from `records.json`, like the rest of the store. Every user value
//! is bound as a parameter; the SQL text is built only from our constants.

use crate::country_code;
use crate::sqlite::Ctx;
use crate::{SqliteStore, StoreError};
use armswatch_register::{Document, Record, RecordKind};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A column a record list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// The record's main date (see `records.date`).
    Date,
    /// `value.amount`, whatever the currency.
    Value,
    Quantity,
    Status,
    Category,
    /// The system's designation.
    System,
    /// Engagement type.
    Type,
    Confidence,
    /// Document id, then the record's order within it.
    Doc,
}

impl SortKey {
    pub const ALL: [SortKey; 9] = [
        SortKey::Date,
        SortKey::Value,
        SortKey::Quantity,
        SortKey::Status,
        SortKey::Category,
        SortKey::System,
        SortKey::Type,
        SortKey::Confidence,
        SortKey::Doc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Value => "value",
            SortKey::Quantity => "quantity",
            SortKey::Status => "status",
            SortKey::Category => "category",
            SortKey::System => "system",
            SortKey::Type => "type",
            SortKey::Confidence => "confidence",
            SortKey::Doc => "doc",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// The columns ordered on, most significant first. The date sorts on
    /// `year` first (it is the prefix of `date`) so that the `(kind, year)`
    /// index can deliver rows in order.
    fn columns(self) -> &'static [&'static str] {
        match self {
            SortKey::Date => &["r.year", "r.date"],
            SortKey::Value => &["r.value_amount"],
            SortKey::Quantity => &["r.quantity"],
            SortKey::Status => &["r.status"],
            SortKey::Category => &["r.category"],
            SortKey::System => &["r.system_name"],
            SortKey::Type => &["r.type"],
            SortKey::Confidence => &["r.confidence"],
            SortKey::Doc => &["r.doc", "r.seq"],
        }
    }

    /// Whether the leading column can be NULL (NULLs always come last).
    fn nullable(self) -> bool {
        !matches!(self, SortKey::Doc | SortKey::Confidence)
    }
}

/// A sort order: `date` ascending, `-date` descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// `"date"`, `"-value"`, ...; `None` for anything else.
    pub fn parse(s: &str) -> Option<Sort> {
        let (descending, name) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        SortKey::parse(name).map(|key| Sort { key, descending })
    }
}

impl std::fmt::Display for Sort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        f.write_str(self.key.as_str())
    }
}

/// Where a page ended: the sort key values and row id of its last row.
/// Serialised (by the caller) into an opaque cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort this cursor belongs to (`-date`).
    #[serde(rename = "s")]
    pub sort: String,
    /// The last row had NULL in the sort column (NULLs come last).
    #[serde(rename = "n", default)]
    pub null_part: bool,
    /// Values of the sort columns of the last row (empty when `null_part`).
    #[serde(rename = "k", default)]
    pub keys: Vec<serde_json::Value>,
    /// `records.id` of the last row.
    #[serde(rename = "i")]
    pub id: i64,
}

/// Why a page could not be read.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("the cursor does not belong to this query ({0})")]
    BadCursor(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which records a register list shows. Every set field must match; blank
/// strings count as unset. `supplier`, `recipient` and `country` work as in
/// [`crate::RecordFilter`]: an ISO code or a case-insensitive name substring
/// (for contests, `supplier` matches bidders and the winner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterFilter {
    pub kind: RecordKind,
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    pub country: Option<String>,
    /// Inclusive bounds on the year of the main date.
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// `records.status`, exactly.
    pub status: Option<String>,
    /// `records.category`, exactly.
    pub category: Option<String>,
    /// `records.type` (engagement or entity type), exactly.
    pub kind_type: Option<String>,
    pub doc: Option<String>,
    /// Words that must all occur in the record (names, system, description,
    /// evidence...), case-insensitively for ASCII letters. Only the first
    /// [`MAX_Q_TERMS`] distinct words count, each cut at
    /// [`MAX_Q_TERM_BYTES`] ([`q_terms`]).
    pub q: Option<String>,
}

impl RegisterFilter {
    pub fn new(kind: RecordKind) -> RegisterFilter {
        RegisterFilter {
            kind,
            supplier: None,
            recipient: None,
            country: None,
            year_from: None,
            year_to: None,
            status: None,
            category: None,
            kind_type: None,
            doc: None,
            q: None,
        }
    }
}

/// A record with its place in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    /// `records.id` (changes when the document is re-extracted).
    pub id: i64,
    /// Position within its document: `(doc, seq)` names the record.
    pub seq: i64,
    pub record: Record,
    /// `records.review`: `accepted`, `corrected`, `rejected`, or None
    /// when no analyst has reviewed it (or it was not read).
    pub review: Option<String>,
}

/// One page of a register list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub rows: Vec<StoredRecord>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
}

/// Transfers grouped by one side's country and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryYear {
    /// ISO code of the supplier (or recipient) country; `None` when the
    /// actor's country is unknown.
    pub country: Option<String>,
    pub year: Option<i32>,
    /// Number of transfers.
    pub transfers: u64,
    /// How many of them have a value.
    pub valued: u64,
    /// Sum of the known values, by ISO 4217 currency.
    pub value: BTreeMap<String, u64>,
}

/// Transfers from one country to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    pub supplier: String,
    pub recipient: String,
    pub transfers: u64,
    pub valued: u64,
    pub value: BTreeMap<String, u64>,
}

/// Which side of a transfer statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Supplier,
    Recipient,
}

impl Side {
    /// The roles (of the actor or, for members, of its consortium) that
    /// make an actor this side of a transfer.
    fn roles(self) -> &'static str {
        match self {
            Side::Supplier => "'supplier'",
            Side::Recipient => "'recipient'",
        }
    }
}

/// An organisation or person, grouped across documents by [`entity_id`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    pub id: String,
    /// The most frequent spelling.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub country: Option<String>,
    /// Other spellings and aliases seen.
    pub aliases: Vec<String>,
    /// Mentions in records by role (`entity`, `supplier`, `bidder`, ...).
    pub roles: BTreeMap<String, u64>,
    /// Records naming it.
    pub records: u64,
}

/// Which entities [`SqliteStore::entities`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityFilter {
    /// ISO code of the entity's country.
    pub country: Option<String>,
    /// Actor type (`company`, `person`, ...).
    pub kind_type: Option<String>,
    /// A case-insensitive substring of its name or an alias.
    pub q: Option<String>,
}

/// An entity with every record naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityDetail {
    pub summary: EntitySummary,
    /// Each record once, with the roles the entity has in it, in document
    /// order. A consortium member's role is `member:` and the consortium's
    /// (`member:supplier`).
    pub records: Vec<(StoredRecord, Vec<String>)>,
}

/// Documents and their metadata (no text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentInfo {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub records: u64,
}

/// The stable id of an organisation or person: its name in lower case with
/// every run of other characters than letters and digits turned into one
/// `-`, then `--` and the lower-case ISO code of its country when known.
/// `General Dynamics Corp.` of the US is `general-dynamics-corp--us`. Two
/// spellings that differ only in case or punctuation share an id; aliases
/// do not.
pub fn entity_id(name: &str, country: Option<&str>) -> String {
    let mut id = String::with_capacity(name.len() + 4);
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !id.is_empty() {
                id.push('-');
            }
            dash = false;
            id.push(c);
        } else {
            dash = true;
        }
    }
    if id.is_empty() {
        id.push('-');
    }
    if let Some(cc) = country.filter(|c| !c.is_empty()) {
        id.push_str("--");
        id.push_str(&cc.to_lowercase());
    }
    id
}

/// Splits an entity id into its name part and country (upper case).
fn split_entity_id(id: &str) -> (&str, Option<String>) {
    match id.rsplit_once("--") {
        Some((name, cc)) if cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_lowercase()) => {
            (name, Some(cc.to_ascii_uppercase()))
        }
        _ => (id, None),
    }
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Appends `AND r.id IN (actors in these roles matching query)`. Written
/// as `IN` rather than `EXISTS` so that SQLite may start from the
/// `(country, role)` index for a rare country.
fn actor_clause(query: &str, roles: &str, sql: &mut String, args: &mut Vec<Value>) {
    sql.push_str(" AND r.id IN (SELECT a.record_id FROM record_actors a WHERE 1 = 1");
    if !roles.is_empty() {
        // Roles are our own constants, never user text.
        sql.push_str(&format!(
            " AND (a.role IN ({roles}) OR (a.role = 'member' AND a.parent_role IN ({roles})))"
        ));
    }
    match country_code(query) {
        Some(code) => {
            sql.push_str(" AND a.country = ?");
            args.push(Value::Text(code));
        }
        None => {
            sql.push_str(" AND instr(a.names_lc, ?) > 0");
            args.push(Value::Text(query.to_lowercase()));
        }
    }
    sql.push(')');
}

/// The `WHERE` conditions (after `WHERE 1 = 1`) of a register filter.
/// Entries an analyst rejected are left out.
fn filter_sql(f: &RegisterFilter, sql: &mut String, args: &mut Vec<Value>) {
    sql.push_str(" AND r.review IS NOT 'rejected' AND r.kind = ?");
    args.push(Value::Text(f.kind.as_str().into()));
    if let Some(y) = f.year_from {
        sql.push_str(" AND r.year >= ?");
        args.push(Value::Integer(y.into()));
    }
    if let Some(y) = f.year_to {
        sql.push_str(" AND r.year <= ?");
        args.push(Value::Integer(y.into()));
    }
    for (col, v) in [
        ("r.status", &f.status),
        ("r.category", &f.category),
        ("r.type", &f.kind_type),
    ] {
        if let Some(v) = blank(v) {
            sql.push_str(&format!(" AND {col} = ?"));
            args.push(Value::Text(v.into()));
        }
    }
    if let Some(doc) = f.doc.as_deref().filter(|d| !d.is_empty()) {
        sql.push_str(" AND r.doc = ?");
        args.push(Value::Text(doc.into()));
    }
    if let Some(q) = blank(&f.supplier) {
        // A contest's would-be suppliers are its bidders and winner.
        let roles = match f.kind {
            RecordKind::Contest => "'bidder', 'winner'",
            _ => "'supplier'",
        };
        actor_clause(q, roles, sql, args);
    }
    if let Some(q) = blank(&f.recipient) {
        actor_clause(q, "'recipient', 'buyer'", sql, args);
    }
    if let Some(q) = blank(&f.country) {
        actor_clause(q, "", sql, args);
    }
    if let Some(q) = blank(&f.q) {
        for word in q_terms(q) {
            sql.push_str(" AND instr(lower(r.json), ?) > 0");
            args.push(Value::Text(word));
        }
    }
}

/// Most words of a `q` filter that are used; each costs a scan of every
/// record's JSON, and `q` comes from anyone who can send a GET.
pub const MAX_Q_TERMS: usize = 12;

/// Longest word of a `q` filter that is used, in bytes (a longer one is
/// cut: no record text is that long a single word anyway).
pub const MAX_Q_TERM_BYTES: usize = 64;

/// The words of a `q` filter, lower-cased, each once, at most
/// [`MAX_Q_TERMS`] of [`MAX_Q_TERM_BYTES`] each: what bounds its cost.
pub fn q_terms(q: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in q.split_whitespace() {
        let word = &word[..armswatch_register::floor_boundary(word, MAX_Q_TERM_BYTES)];
        let word = word.to_lowercase();
        if !terms.contains(&word) {
            terms.push(word);
        }
        if terms.len() == MAX_Q_TERMS {
            break;
        }
    }
    terms
}

fn json_to_sql(v: &serde_json::Value) -> Option<Value> {
    match v {
        serde_json::Value::String(s) => Some(Value::Text(s.clone())),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real)),
        _ => None,
    }
}

fn sql_to_json(v: Value) -> serde_json::Value {
    match v {
        Value::Integer(i) => i.into(),
        Value::Real(f) => {
            serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Text(s) => s.into(),
        Value::Null | Value::Blob(_) => serde_json::Value::Null,
    }
}

fn read_record(doc: &str, json: &str) -> Result<Record, StoreError> {
    serde_json::from_str(json).map_err(|cause| StoreError::Json {
        action: "read",
        doc: doc.to_string(),
        cause,
    })
}

/// Whole currency units from SQLite's floating `total()`.
fn amount(total: f64) -> u64 {
    if total.is_finite() && total > 0.0 {
        // Saturates at u64::MAX; amounts this large are not real anyway.
        total.round() as u64
    } else {
        0
    }
}

/// Adds one `(key, currency, transfers, valued, total)` row to `map`.
fn add_value(value: &mut BTreeMap<String, u64>, currency: Option<String>, total: f64) {
    if let Some(cur) = currency {
        let e = value.entry(cur).or_insert(0);
        *e = e.saturating_add(amount(total));
    }
}

impl SqliteStore {
    /// One page of records matching `filter`, in `sort` order (NULLs last,
    /// ties broken by row id), starting after `after`.
    pub fn register_page(
        &self,
        filter: &RegisterFilter,
        sort: Sort,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<Page, QueryError> {
        let cols = sort.key.columns();
        if let Some(c) = after {
            if c.sort != sort.to_string() {
                return Err(QueryError::BadCursor("it was made for another sort order"));
            }
            if !c.null_part && c.keys.len() != cols.len() {
                return Err(QueryError::BadCursor("wrong number of sort keys"));
            }
            if c.null_part && !sort.key.nullable() {
                return Err(QueryError::BadCursor("this sort has no empty values"));
            }
        }
        let (dir, cmp) = if sort.descending {
            ("DESC", "<")
        } else {
            ("ASC", ">")
        };
        let want = limit.saturating_add(1);
        let select = format!(
            "SELECT r.id, r.seq, r.doc, r.json, r.review, {} FROM records r WHERE 1 = 1",
            cols.join(", ")
        );
        let mut rows: Vec<(StoredRecord, Vec<Value>)> = Vec::new();
        let in_null_part = after.is_some_and(|c| c.null_part);
        if !in_null_part {
            let mut sql = select.clone();
            let mut args = Vec::new();
            filter_sql(filter, &mut sql, &mut args);
            sql.push_str(&format!(" AND {} IS NOT NULL", cols[0]));
            if let Some(c) = after {
                // (c1, c2, id) > (k1, k2, id0), spelled out: SQLite's row
                // values would do, but this form lets it use the index
                // for the leading column.
                let mut cond = format!("r.id {cmp} ?");
                let mut cond_args = Vec::new();
                for (col, key) in cols.iter().zip(&c.keys).rev() {
                    let v = json_to_sql(key).ok_or(QueryError::BadCursor("bad key value"))?;
                    cond = format!("({col} {cmp} ? OR ({col} = ? AND {cond}))");
                    cond_args.splice(0..0, [v.clone(), v]);
                }
                cond_args.push(Value::Integer(c.id));
                sql.push_str(" AND ");
                sql.push_str(&cond);
                args.extend(cond_args);
            }
            let order: Vec<String> = cols.iter().map(|c| format!("{c} {dir}")).collect();
            sql.push_str(&format!(
                " ORDER BY {}, r.id {dir} LIMIT ?",
                order.join(", ")
            ));
            args.push(Value::Integer(i64::try_from(want).unwrap_or(i64::MAX)));
            self.collect_rows(&sql, args, cols.len(), &mut rows)?;
        }
        if sort.key.nullable() && rows.len() < want {
            let mut sql = select;
            let mut args = Vec::new();
            filter_sql(filter, &mut sql, &mut args);
            sql.push_str(&format!(" AND {} IS NULL", cols[0]));
            if let Some(c) = after.filter(|c| c.null_part) {
                sql.push_str(&format!(" AND r.id {cmp} ?"));
                args.push(Value::Integer(c.id));
            }
            sql.push_str(&format!(" ORDER BY r.id {dir} LIMIT ?"));
            let left = want - rows.len();
            args.push(Value::Integer(i64::try_from(left).unwrap_or(i64::MAX)));
            self.collect_rows(&sql, args, cols.len(), &mut rows)?;
        }
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = match rows.last() {
            Some((last, keys)) if more => {
                let null_part = matches!(keys.first(), Some(Value::Null) | None);
                Some(Cursor {
                    sort: sort.to_string(),
                    null_part,
                    keys: if null_part {
                        Vec::new()
                    } else {
                        keys.iter().cloned().map(sql_to_json).collect()
                    },
                    id: last.id,
                })
            }
            _ => None,
        };
        Ok(Page {
            rows: rows.into_iter().map(|(r, _)| r).collect(),
            next,
        })
    }

    fn collect_rows(
        &self,
        sql: &str,
        args: Vec<Value>,
        keys: usize,
        out: &mut Vec<(StoredRecord, Vec<Value>)>,
    ) -> Result<(), StoreError> {
        let ctx = || "reading a page of records".to_string();
        let mut st = self.conn.prepare_cached(sql).ctx(ctx)?;
        let mut rows = st.query(params_from_iter(args)).ctx(ctx)?;
        while let Some(row) = rows.next().ctx(ctx)? {
            let id: i64 = row.get(0).ctx(ctx)?;
            let seq: i64 = row.get(1).ctx(ctx)?;
            let doc: String = row.get(2).ctx(ctx)?;
            let json: String = row.get(3).ctx(ctx)?;
            let review: Option<String> = row.get(4).ctx(ctx)?;
            let mut vals = Vec::with_capacity(keys);
            for i in 0..keys {
                vals.push(row.get::<_, Value>(5 + i).ctx(ctx)?);
            }
            out.push((
                StoredRecord {
                    id,
                    seq,
                    record: read_record(&doc, &json)?,
                    review,
                },
                vals,
            ));
        }
        Ok(())
    }

    /// How many records match `filter`.
    pub fn register_count(&self, filter: &RegisterFilter) -> Result<u64, StoreError> {
        let mut sql = String::from("SELECT count(*) FROM records r WHERE 1 = 1");
        let mut args = Vec::new();
        filter_sql(filter, &mut sql, &mut args);
        let n: i64 = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut st| st.query_row(params_from_iter(args), |r| r.get(0)))
            .ctx(|| "counting records".into())?;
        Ok(n.unsigned_abs())
    }

    /// The record at position `seq` of document `doc`.
    pub fn record_at(&self, doc: &str, seq: i64) -> Result<Option<StoredRecord>, StoreError> {
        let row: Option<(i64, String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT id, json, review FROM records WHERE doc = ?1 AND seq = ?2")
            .and_then(|mut st| {
                st.query_row(params![doc, seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
            })
            .ctx(|| format!("reading record {seq} of {doc:?}"))?;
        row.map(|(id, json, review)| {
            Ok(StoredRecord {
                id,
                seq,
                record: read_record(doc, &json)?,
                review,
            })
        })
        .transpose()
    }

    /// Transfers matching `filter` (whose kind is ignored), grouped by the
    /// country of one side and year. A transfer with suppliers of two
    /// countries counts once for each; consortium members count for their
    /// consortium's side.
    pub fn transfer_stats(
        &self,
        filter: &RegisterFilter,
        by: Side,
    ) -> Result<Vec<CountryYear>, StoreError> {
        let mut f = filter.clone();
        f.kind = RecordKind::Transfer;
        let roles = by.roles();
        // The other side's filter, when given, drives the query through
        // the (country, role) index as a join rather than an `IN` list
        // checked against every transfer.
        let (driver, driver_roles) = match by {
            Side::Supplier => (f.recipient.take(), "'recipient', 'buyer'"),
            Side::Recipient => (f.supplier.take(), "'supplier'"),
        };
        let mut sql =
            String::from("SELECT r.id, a.country, r.year, r.value_amount, r.value_currency");
        let mut args = Vec::new();
        let side_of = |alias: &str, roles: &str| {
            format!(
                "({alias}.role IN ({roles}) OR ({alias}.role = 'member' AND {alias}.parent_role IN ({roles})))"
            )
        };
        match blank(&driver) {
            // A country: start from its rows of the (country, role) index;
            // CROSS JOIN keeps SQLite from starting at a year range instead.
            Some(q) if country_code(q).is_some() => {
                sql.push_str(&format!(
                    " FROM record_actors t CROSS JOIN records r ON r.id = t.record_id
                      JOIN record_actors a ON a.record_id = r.id
                      WHERE t.country = ? AND {}",
                    side_of("t", driver_roles)
                ));
                args.push(Value::Text(country_code(q).unwrap_or_default()));
            }
            Some(q) => {
                sql.push_str(&format!(
                    " FROM records r JOIN record_actors a ON a.record_id = r.id
                      JOIN record_actors t ON t.record_id = r.id
                      WHERE instr(t.names_lc, ?) > 0 AND {}",
                    side_of("t", driver_roles)
                ));
                args.push(Value::Text(q.to_lowercase()));
            }
            None => sql
                .push_str(" FROM records r JOIN record_actors a ON a.record_id = r.id WHERE 1 = 1"),
        }
        sql.push_str(" AND ");
        sql.push_str(&side_of("a", roles));
        filter_sql(&f, &mut sql, &mut args);
        let ctx = || "computing transfer statistics".to_string();
        let mut st = self.conn.prepare_cached(&sql).ctx(ctx)?;
        let mut rows = st.query(params_from_iter(args)).ctx(ctx)?;
        // A transfer counts once per country of the side, whatever the
        // joins repeat; sorted with unknown countries and years last.
        type Key = (bool, Option<String>, bool, Option<i32>);
        let mut seen: std::collections::HashSet<(i64, Option<String>)> = Default::default();
        let mut groups: BTreeMap<Key, CountryYear> = BTreeMap::new();
        while let Some(row) = rows.next().ctx(ctx)? {
            let id: i64 = row.get(0).ctx(ctx)?;
            let country: Option<String> = row.get(1).ctx(ctx)?;
            if !seen.insert((id, country.clone())) {
                continue;
            }
            let year: Option<i32> = row.get(2).ctx(ctx)?;
            let amount: Option<i64> = row.get(3).ctx(ctx)?;
            let currency: Option<String> = row.get(4).ctx(ctx)?;
            let key = (country.is_none(), country.clone(), year.is_none(), year);
            let g = groups.entry(key).or_insert_with(|| CountryYear {
                country,
                year,
                transfers: 0,
                valued: 0,
                value: BTreeMap::new(),
            });
            g.transfers += 1;
            if let (Some(a), Some(cur)) = (amount, currency) {
                g.valued += 1;
                let e = g.value.entry(cur).or_insert(0);
                *e = e.saturating_add(a.unsigned_abs());
            }
        }
        Ok(groups.into_values().collect())
    }

    /// Number of transfers per country of one side (consortium members
    /// count for their consortium's side), largest first. Read from the
    /// `(country, role)` index alone, so it is cheap on any register.
    pub fn country_totals(&self, by: Side) -> Result<Vec<(String, u64)>, StoreError> {
        let roles = by.roles();
        let sql = format!(
            "SELECT country, count(DISTINCT record_id) FROM record_actors
             WHERE country IS NOT NULL
               AND (role IN ({roles}) OR (role = 'member' AND parent_role IN ({roles})))
             GROUP BY country ORDER BY 2 DESC, country"
        );
        let ctx = || "counting transfers by country".to_string();
        let mut st = self.conn.prepare_cached(&sql).ctx(ctx)?;
        let rows = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.unsigned_abs()))
            })
            .ctx(ctx)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)
    }

    /// Tunes this connection for serving reads: memory-mapped I/O (no
    /// system call per page read) and a larger page cache. Affects only
    /// this connection, not the file.
    pub fn tune_for_reading(&self) -> Result<(), StoreError> {
        let ctx = || "tuning the connection for reading".to_string();
        self.conn
            .query_row("PRAGMA mmap_size = 1073741824", [], |r| r.get::<_, i64>(0))
            .optional()
            .ctx(ctx)?;
        self.conn
            .pragma_update(None, "cache_size", -16384)
            .ctx(ctx)?;
        Ok(())
    }

    /// Transfers between countries (both known and different), optionally
    /// limited to a range of years, largest flows first by count.
    pub fn flows(
        &self,
        year_from: Option<i32>,
        year_to: Option<i32>,
    ) -> Result<Vec<Flow>, StoreError> {
        let mut sql = String::from(
            "SELECT supplier, recipient, currency, count(*), count(amount), total(amount) FROM (
               SELECT DISTINCT r.id, s.country AS supplier, t.country AS recipient,
                      r.value_amount AS amount, r.value_currency AS currency
               FROM records r
               JOIN record_actors s ON s.record_id = r.id
                    AND (s.role = 'supplier' OR (s.role = 'member' AND s.parent_role = 'supplier'))
               JOIN record_actors t ON t.record_id = r.id
                    AND (t.role = 'recipient' OR (t.role = 'member' AND t.parent_role = 'recipient'))
               WHERE r.kind = 'transfer' AND s.country IS NOT NULL AND t.country IS NOT NULL
                 AND s.country <> t.country",
        );
        let mut args = Vec::new();
        if let Some(y) = year_from {
            sql.push_str(" AND r.year >= ?");
            args.push(Value::Integer(y.into()));
        }
        if let Some(y) = year_to {
            sql.push_str(" AND r.year <= ?");
            args.push(Value::Integer(y.into()));
        }
        sql.push_str(") GROUP BY supplier, recipient, currency ORDER BY supplier, recipient");
        let ctx = || "computing flows".to_string();
        let mut st = self.conn.prepare_cached(&sql).ctx(ctx)?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, f64>(5)?,
                ))
            })
            .ctx(ctx)?;
        let mut out: Vec<Flow> = Vec::new();
        for row in rows {
            let (supplier, recipient, currency, n, valued, total) = row.ctx(ctx)?;
            let same = out
                .last()
                .is_some_and(|l| l.supplier == supplier && l.recipient == recipient);
            if !same {
                out.push(Flow {
                    supplier,
                    recipient,
                    transfers: 0,
                    valued: 0,
                    value: BTreeMap::new(),
                });
            }
            if let Some(f) = out.last_mut() {
                f.transfers += n.unsigned_abs();
                f.valued += valued.unsigned_abs();
                add_value(&mut f.value, currency, total);
            }
        }
        out.sort_by(|a, b| {
            b.transfers
                .cmp(&a.transfers)
                .then(a.supplier.cmp(&b.supplier))
        });
        Ok(out)
    }

    /// Organisations and people (not states) named by any record, grouped
    /// by [`entity_id`], ordered by id.
    pub fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntitySummary>, StoreError> {
        let mut sql = String::from(
            "SELECT a.name, a.country, a.type, a.aliases, a.role, count(DISTINCT a.record_id)
             FROM record_actors a WHERE a.type <> 'state'",
        );
        let mut args = Vec::new();
        if let Some(c) = blank(&filter.country) {
            sql.push_str(" AND a.country = ?");
            args.push(Value::Text(
                country_code(c).unwrap_or_else(|| c.to_string()),
            ));
        }
        if let Some(t) = blank(&filter.kind_type) {
            sql.push_str(" AND a.type = ?");
            args.push(Value::Text(t.to_string()));
        }
        if let Some(q) = blank(&filter.q) {
            sql.push_str(" AND instr(a.names_lc, ?) > 0");
            args.push(Value::Text(q.to_lowercase()));
        }
        sql.push_str(" GROUP BY a.name, a.country, a.type, a.aliases, a.role");
        let ctx = || "listing entities".to_string();
        let mut st = self.conn.prepare_cached(&sql).ctx(ctx)?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok(ActorGroup {
                    name: r.get(0)?,
                    country: r.get(1)?,
                    kind: r.get(2)?,
                    aliases: r.get(3)?,
                    role: r.get(4)?,
                    records: r.get::<_, i64>(5)?.unsigned_abs(),
                })
            })
            .ctx(ctx)?;
        let merged = self.merged_names()?;
        let mut groups: BTreeMap<String, Vec<ActorGroup>> = BTreeMap::new();
        for row in rows {
            let g = row.ctx(ctx)?;
            groups
                .entry(entity_id(merged.stand_in(&g.name), g.country.as_deref()))
                .or_default()
                .push(g);
        }
        Ok(groups
            .into_iter()
            .map(|(id, gs)| summarise(id, &gs))
            .collect())
    }

    /// One entity (by [`entity_id`]) with every record naming it, or
    /// `None` when no record does.
    pub fn entity(&self, id: &str) -> Result<Option<EntityDetail>, StoreError> {
        let (name_part, country) = split_entity_id(id);
        let Some(first) = name_part.split('-').find(|w| !w.is_empty()) else {
            return Ok(None);
        };
        // Names an analyst merged into this entity are looked up too.
        let merged = self.merged_names()?;
        let mut firsts: Vec<String> = merged
            .names_standing_as(|rep| entity_id(rep, None) == name_part)
            .iter()
            .filter_map(|k| k.split_whitespace().next().map(str::to_string))
            .collect();
        firsts.push(first.to_string());
        firsts.sort();
        firsts.dedup();
        let ctx = || format!("reading entity {id:?}");
        // Candidates by country and first word; the exact id is checked here.
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.record_id, a.name, a.country, a.type, a.aliases,
                        CASE WHEN a.role = 'member' THEN 'member:' || coalesce(a.parent_role, '')
                             ELSE a.role END
                 FROM record_actors a
                 WHERE a.type <> 'state' AND a.country IS ?1 AND instr(a.names_lc, ?2) > 0
                 ORDER BY a.record_id",
            )
            .ctx(ctx)?;
        let mut groups = Vec::new();
        let mut roles: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        let mut seen = std::collections::HashSet::new();
        for first in &firsts {
            let rows = st
                .query_map(params![country, first], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        ActorGroup {
                            name: r.get(1)?,
                            country: r.get(2)?,
                            kind: r.get(3)?,
                            aliases: r.get(4)?,
                            role: r.get(5)?,
                            records: 1,
                        },
                    ))
                })
                .ctx(ctx)?;
            for row in rows {
                let (rid, g) = row.ctx(ctx)?;
                if entity_id(merged.stand_in(&g.name), g.country.as_deref()) != id
                    || !seen.insert((rid, g.name.clone(), g.role.clone()))
                {
                    continue;
                }
                let rs = roles.entry(rid).or_default();
                if !rs.contains(&g.role) {
                    rs.push(g.role.clone());
                }
                groups.push(g);
            }
        }
        if groups.is_empty() {
            return Ok(None);
        }
        let mut summary = summarise(id.to_string(), &groups);
        summary.records = roles.len() as u64;
        let mut st = self
            .conn
            .prepare_cached("SELECT seq, doc, json FROM records WHERE id = ?1")
            .ctx(ctx)?;
        let mut records = Vec::with_capacity(roles.len());
        for (rid, rs) in roles {
            let row: Option<(i64, String, String)> = st
                .query_row([rid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
                .ctx(ctx)?;
            if let Some((seq, doc, json)) = row {
                let record = read_record(&doc, &json)?;
                records.push((
                    StoredRecord {
                        id: rid,
                        seq,
                        record,
                        review: None,
                    },
                    rs,
                ));
            }
        }
        records.sort_by(|(a, _), (b, _)| (&a.record.doc, a.seq).cmp(&(&b.record.doc, b.seq)));
        Ok(Some(EntityDetail { summary, records }))
    }

    /// Person entities whose affiliation is the entity `id` (named `name`
    /// in at least one record), in document order.
    pub fn affiliated_people(&self, name: &str, id: &str) -> Result<Vec<StoredRecord>, StoreError> {
        let ctx = || format!("finding people of {id:?}");
        let needle =
            serde_json::to_string(&name.to_lowercase()).map_err(|cause| StoreError::Json {
                action: "serialise",
                doc: String::new(),
                cause,
            })?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.seq, r.doc, r.json FROM records r
                 WHERE r.kind = 'entity' AND r.type = 'person' AND instr(lower(r.json), ?1) > 0
                 ORDER BY r.doc, r.seq",
            )
            .ctx(ctx)?;
        let rows = st
            .query_map([needle], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .ctx(ctx)?;
        let mut out = Vec::new();
        for row in rows {
            let (rid, seq, doc, json) = row.ctx(ctx)?;
            let record = read_record(&doc, &json)?;
            let affiliated = match &record.fact {
                armswatch_register::Fact::Entity(e) => e
                    .affiliation
                    .as_ref()
                    .is_some_and(|a| entity_id(&a.name, a.country.as_deref()) == id),
                _ => false,
            };
            if affiliated {
                out.push(StoredRecord {
                    id: rid,
                    seq,
                    record,
                    review: None,
                });
            }
        }
        Ok(out)
    }

    /// Metadata of documents, by id, without their text.
    pub fn document_infos(&self, ids: &[&str]) -> Result<Vec<DocumentInfo>, StoreError> {
        let ctx = || "reading document metadata".to_string();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.title, d.outlet, d.published, d.url,
                        (SELECT count(*) FROM records r WHERE r.doc = d.id)
                 FROM documents d WHERE d.id = ?1",
            )
            .ctx(ctx)?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(info) = st.query_row([id], document_info).optional().ctx(ctx)? {
                out.push(info);
            }
        }
        Ok(out)
    }

    /// The most recently published documents (unknown dates last).
    pub fn recent_documents(&self, limit: usize) -> Result<Vec<DocumentInfo>, StoreError> {
        let ctx = || "listing documents".to_string();
        let mut st = self
            .conn
            .prepare_cached(
                // Counting records only for the rows kept, not for every
                // document before the sort.
                "SELECT d.id, d.title, d.outlet, d.published, d.url,
                        (SELECT count(*) FROM records r WHERE r.doc = d.id)
                 FROM (SELECT id, title, outlet, published, url FROM documents
                       ORDER BY published IS NULL, published DESC, id LIMIT ?1) d
                 ORDER BY d.published IS NULL, d.published DESC, d.id",
            )
            .ctx(ctx)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st.query_map([limit], document_info).ctx(ctx)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)
    }

    /// A stored document with its records and their `seq`, or `None`.
    pub fn document_with_seq(
        &self,
        id: &str,
    ) -> Result<Option<(Document, Vec<StoredRecord>)>, StoreError> {
        use crate::Store;
        let Some((doc, _)) = self.document(id)? else {
            return Ok(None);
        };
        let ctx = || format!("reading records of {id:?}");
        let mut st = self
            .conn
            .prepare_cached("SELECT id, seq, json, review FROM records WHERE doc = ?1 ORDER BY seq")
            .ctx(ctx)?;
        let rows = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .ctx(ctx)?;
        let mut out = Vec::new();
        for row in rows {
            let (rid, seq, json, review) = row.ctx(ctx)?;
            out.push(StoredRecord {
                id: rid,
                seq,
                record: read_record(id, &json)?,
                review,
            });
        }
        Ok(Some((doc, out)))
    }

    /// Distinct years of records of `kind` that have a date, oldest first.
    pub fn years(&self, kind: RecordKind) -> Result<Vec<i32>, StoreError> {
        let ctx = || "listing years".to_string();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT year FROM records WHERE kind = ?1 AND year IS NOT NULL ORDER BY year",
            )
            .ctx(ctx)?;
        let rows = st.query_map([kind.as_str()], |r| r.get(0)).ctx(ctx)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)
    }
}

fn document_info(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentInfo> {
    Ok(DocumentInfo {
        id: r.get(0)?,
        title: r.get(1)?,
        outlet: r.get(2)?,
        published: r.get(3)?,
        url: r.get(4)?,
        records: r.get::<_, i64>(5)?.unsigned_abs(),
    })
}

/// Actor rows sharing name, country, type, aliases and role.
struct ActorGroup {
    name: String,
    country: Option<String>,
    kind: String,
    aliases: Option<String>,
    role: String,
    records: u64,
}

fn summarise(id: String, groups: &[ActorGroup]) -> EntitySummary {
    let mut names: HashMap<&str, u64> = HashMap::new();
    let mut kinds: HashMap<&str, u64> = HashMap::new();
    let mut roles: BTreeMap<String, u64> = BTreeMap::new();
    let mut aliases: Vec<String> = Vec::new();
    let mut records = 0;
    for g in groups {
        *names.entry(&g.name).or_default() += g.records;
        *kinds.entry(&g.kind).or_default() += g.records;
        *roles.entry(g.role.clone()).or_default() += g.records;
        records += g.records;
        let more: Vec<String> = g
            .aliases
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_default();
        for a in more {
            if !aliases.contains(&a) {
                aliases.push(a);
            }
        }
    }
    // Most frequent first; ties by the name itself, for stable output.
    let top = |m: &HashMap<&str, u64>| {
        m.iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, _)| k.to_string())
            .unwrap_or_default()
    };
    let name = top(&names);
    let mut other: Vec<String> = names
        .keys()
        .filter(|n| **n != name)
        .map(|n| n.to_string())
        .collect();
    other.sort();
    for n in other {
        if !aliases.contains(&n) {
            aliases.push(n);
        }
    }
    aliases.retain(|a| *a != name);
    EntitySummary {
        id,
        name,
        kind: top(&kinds),
        country: groups.first().and_then(|g| g.country.clone()),
        aliases,
        roles,
        records,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_ids() {
        assert_eq!(
            entity_id("General Dynamics Corp.", Some("US")),
            "general-dynamics-corp--us"
        );
        assert_eq!(entity_id("  Saab AB ", None), "saab-ab");
        assert_eq!(
            entity_id("Dassault Aviation", Some("FR")),
            "dassault-aviation--fr"
        );
        assert_eq!(entity_id("!!!", None), "-");
        assert_eq!(
            split_entity_id("saab-ab--se"),
            ("saab-ab", Some("SE".into()))
        );
        assert_eq!(split_entity_id("saab-ab"), ("saab-ab", None));
        assert_eq!(
            entity_id("Rosoboronexport", Some("RU")),
            "rosoboronexport--ru"
        );
    }

    #[test]
    fn sorts_parse() {
        assert_eq!(
            Sort::parse("-date"),
            Some(Sort {
                key: SortKey::Date,
                descending: true
            })
        );
        assert_eq!(
            Sort::parse("value").map(|s| s.to_string()).as_deref(),
            Some("value")
        );
        assert_eq!(Sort::parse("--date"), None);
        assert_eq!(Sort::parse("date; DROP TABLE records"), None);
    }
}
