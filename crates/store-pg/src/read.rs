//! Reads: documents, records by filter (streamed), counts.

use crate::Ctx;
use armswatch_register::{Document, Record, RecordKind};
use armswatch_store::{country_code, Counts, RecordFilter, StoreError};
use postgres::types::ToSql;
use postgres::{Client, IsolationLevel, Row};

/// Records fetched per round trip while streaming: bounded memory for any
/// register, few round trips.
const FETCH_ROWS: i32 = 512;

const DOCUMENT_COLUMNS: &str = "id, text, published, outlet, title, url, origin, content_hash";

fn document_from_row(r: &Row) -> Result<Document, StoreError> {
    let id: String = r.get(0);
    let published: Option<String> = r.get(2);
    let published = armswatch_store::stored_date(&id, published)?;
    Ok(Document {
        id,
        text: r.get(1),
        published,
        outlet: r.get(3),
        title: r.get(4),
        url: r.get(5),
        origin: r.get(6),
        content_hash: r.get(7),
    })
}

pub(crate) fn documents(client: &mut Client) -> Result<Vec<Document>, StoreError> {
    client
        .query(
            &format!("SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY id"),
            &[],
        )
        .ctx(|| "reading documents".into())?
        .iter()
        .map(document_from_row)
        .collect()
}

pub(crate) fn document(client: &mut Client, id: &str) -> Result<Option<Document>, StoreError> {
    client
        .query_opt(
            &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = $1"),
            &[&id],
        )
        .ctx(|| format!("reading document {id:?}"))?
        .as_ref()
        .map(document_from_row)
        .transpose()
}

pub(crate) fn read_record(doc: &str, json: &str) -> Result<Record, StoreError> {
    serde_json::from_str(json).map_err(|cause| StoreError::Json {
        action: "read",
        doc: doc.to_string(),
        cause,
    })
}

type Params = Vec<Box<dyn ToSql + Sync>>;

/// Appends an `EXISTS` clause matching an actor in one of `roles` (or a
/// member of a consortium in one of them; all roles when empty), as the
/// SQLite backend does.
fn actor_clause(query: &str, roles: &[&str], sql: &mut String, args: &mut Params) {
    let q = query.trim();
    if q.is_empty() {
        return;
    }
    sql.push_str(" AND EXISTS (SELECT 1 FROM record_actors a WHERE a.record_id = r.id");
    if !roles.is_empty() {
        let list: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        args.push(Box::new(list));
        let n = args.len();
        sql.push_str(&format!(
            " AND (a.role = ANY(${n}) OR (a.role = 'member' AND a.parent_role = ANY(${n})))"
        ));
    }
    match country_code(q) {
        Some(code) => {
            args.push(Box::new(code));
            sql.push_str(&format!(" AND a.country = ${}", args.len()));
        }
        None => {
            // Lower-cased in Rust on both sides, as names_lc was written.
            args.push(Box::new(q.to_lowercase()));
            sql.push_str(&format!(" AND strpos(a.names_lc, ${}) > 0", args.len()));
        }
    }
    sql.push(')');
}

fn select_records(filter: &RecordFilter) -> (String, Params) {
    // Entries an analyst rejected are out of the register.
    let mut sql = String::from(
        "SELECT r.doc, r.json FROM records r WHERE r.review IS DISTINCT FROM 'rejected'",
    );
    let mut args: Params = Vec::new();
    if let Some(kind) = filter.kind {
        args.push(Box::new(kind.as_str()));
        sql.push_str(&format!(" AND r.kind = ${}", args.len()));
    }
    if let Some(year) = filter.year {
        args.push(Box::new(year));
        sql.push_str(&format!(" AND r.year = ${}", args.len()));
    }
    if let Some(doc) = &filter.doc {
        args.push(Box::new(doc.clone()));
        sql.push_str(&format!(" AND r.doc = ${}", args.len()));
    }
    if let Some(q) = &filter.supplier {
        actor_clause(q, &["supplier"], &mut sql, &mut args);
    }
    if let Some(q) = &filter.recipient {
        actor_clause(q, &["recipient", "buyer"], &mut sql, &mut args);
    }
    if let Some(q) = &filter.country {
        actor_clause(q, &[], &mut sql, &mut args);
    }
    // LIMIT NULL is no limit.
    let limit = filter.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
    args.push(Box::new(limit));
    args.push(Box::new(i64::try_from(filter.offset).unwrap_or(i64::MAX)));
    let n = args.len();
    sql.push_str(&format!(
        " ORDER BY r.doc, r.seq LIMIT ${} OFFSET ${n}",
        n - 1
    ));
    (sql, args)
}

/// Streams matching records through a portal, [`FETCH_ROWS`] at a time,
/// in one read-only snapshot.
pub(crate) fn for_each_record(
    client: &mut Client,
    filter: &RecordFilter,
    visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let ctx = || "reading records".to_string();
    let (sql, args) = select_records(filter);
    let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref()).collect();
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .isolation_level(IsolationLevel::RepeatableRead)
        .start()
        .ctx(ctx)?;
    let portal = tx.bind(sql.as_str(), &params).ctx(ctx)?;
    loop {
        let rows = tx.query_portal(&portal, FETCH_ROWS).ctx(ctx)?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let doc: String = row.get(0);
            let json: String = row.get(1);
            visit(read_record(&doc, &json)?)?;
        }
    }
    tx.commit().ctx(ctx)
}

pub(crate) fn counts(client: &mut Client) -> Result<Counts, StoreError> {
    let ctx = || "counting".to_string();
    let documents: i64 = client
        .query_one("SELECT count(*) FROM documents", &[])
        .ctx(ctx)?
        .get(0);
    let mut counts = Counts {
        documents: documents.unsigned_abs(),
        ..Counts::default()
    };
    let rows = client
        .query("SELECT kind, count(*) FROM records GROUP BY kind", &[])
        .ctx(ctx)?;
    for row in rows {
        let kind: String = row.get(0);
        let n = row.get::<_, i64>(1).unsigned_abs();
        match RecordKind::parse(&kind) {
            Some(RecordKind::Entity) => counts.entities = n,
            Some(RecordKind::Transfer) => counts.transfers = n,
            Some(RecordKind::Contest) => counts.contests = n,
            Some(RecordKind::Engagement) => counts.engagements = n,
            None => {} // the CHECK constraint keeps other kinds out
        }
    }
    Ok(counts)
}
