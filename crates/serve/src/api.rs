//! The JSON API under `/api/` (described in `assets/openapi.json`).

use crate::error::ApiError;
use crate::params::{
    decode_offset, encode_cursor, encode_offset, list_params, list_query, path_segment,
    query_string, Params, ACTOR_TYPES, DEFAULT_LIMIT, MAX_LIMIT, TRANSFER_STATUSES,
};
use crate::state::AppState;
use crate::views::{self, api_item, doc_url, entity_url};
use crate::MAX_BODY_BYTES;
use armswatch_ingest::Options;
use armswatch_register::{Category, Record, RecordKind};
use armswatch_store::query::{
    CountryYear, EntityFilter, EntitySummary, RegisterFilter, Side, StoredRecord,
};
use armswatch_store::{SqliteStore, Store};
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

type St = State<Arc<AppState>>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api", get(index))
        .route("/api/", get(index))
        .route("/api/openapi.json", get(openapi))
        .route(
            "/api/transfers",
            get(|s: St, q: RawQuery| list(s, RecordKind::Transfer, q)),
        )
        .route(
            "/api/contests",
            get(|s: St, q: RawQuery| list(s, RecordKind::Contest, q)),
        )
        .route(
            "/api/engagements",
            get(|s: St, q: RawQuery| list(s, RecordKind::Engagement, q)),
        )
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/documents", axum::routing::post(post_document))
        .route("/api/documents/{id}", get(document))
        .route("/api/search", get(search))
        .route(
            "/api/stats/suppliers",
            get(|s: St, q: RawQuery| stats(s, Side::Supplier, q)),
        )
        .route(
            "/api/stats/recipients",
            get(|s: St, q: RawQuery| stats(s, Side::Recipient, q)),
        )
}

async fn index() -> Json<Value> {
    Json(json!({
        "name": "armswatch",
        "openapi": "/api/openapi.json",
        "endpoints": [
            "/api/transfers", "/api/contests", "/api/engagements", "/api/entities",
            "/api/entities/{id}", "/api/documents/{id}", "/api/search?q=",
            "/api/stats/suppliers?recipient=", "/api/stats/recipients?supplier=",
            "POST /api/documents",
        ],
    }))
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("../assets/openapi.json"),
    )
        .into_response()
}

/// A path parameter, or a JSON 400 when it cannot be decoded.
fn path_param<T>(
    p: Result<Path<T>, axum::extract::rejection::PathRejection>,
) -> Result<T, ApiError> {
    p.map(|Path(v)| v)
        .map_err(|e| ApiError::bad_request(format!("bad path: {e}")))
}

fn csv_response(body: String, next: Option<String>) -> Response {
    let mut res = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"armswatch.csv\"",
            ),
        ],
        body,
    )
        .into_response();
    if let Some(n) = next.and_then(|n| n.parse().ok()) {
        res.headers_mut().insert("x-next-cursor", n);
    }
    res
}

/// `href` with the same parameters but another cursor.
fn next_link(base: &str, p: &Params, cursor: &str) -> String {
    let pairs = p
        .pairs()
        .filter(|(k, _)| *k != "cursor")
        .chain([("cursor", cursor)]);
    format!("{base}?{}", query_string(pairs))
}

async fn list(
    State(st): St,
    kind: RecordKind,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &list_params(kind))?;
    let csv = p.csv()?;
    let lq = list_query(kind, &p)?;
    let page = st
        .read(move |_, s| Ok(s.register_page(&lq.filter, lq.sort, lq.cursor.as_ref(), lq.limit)?))
        .await?;
    let next = page.next.as_ref().map(encode_cursor);
    if csv {
        let mut body = views::csv_header(kind).to_string();
        for r in &page.rows {
            body.push_str(&views::csv_row(r));
        }
        return Ok(csv_response(body, next));
    }
    let base = format!("/api/{}s", kind.as_str());
    Ok(Json(json!({
        "kind": kind.as_str(),
        "count": page.rows.len(),
        "items": page.rows.iter().map(api_item).collect::<Vec<_>>(),
        "next_cursor": next,
        "next": next.as_deref().map(|c| next_link(&base, &p, c)),
    }))
    .into_response())
}

const ENTITY_PARAMS: [&str; 7] = ["country", "type", "q", "limit", "cursor", "sort", "format"];
const ENTITY_SORTS: [&str; 4] = ["name", "-name", "records", "-records"];

/// Parses and runs an entity list request (also used by the page).
pub fn entity_list(
    s: &SqliteStore,
    p: &Params,
) -> Result<(Vec<EntitySummary>, Option<String>, usize), ApiError> {
    let mut filter = EntityFilter::default();
    if let Some(c) = p.get("country") {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(ApiError::bad_request(format!(
                "country must be a two-letter ISO code, not {c:?}"
            )));
        }
        filter.country = Some(c.to_string());
    }
    filter.kind_type = p.choice("type", &ACTOR_TYPES)?;
    filter.q = p.string("q");
    let sort = p
        .choice("sort", &ENTITY_SORTS)?
        .unwrap_or_else(|| "-records".into());
    let limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = p
        .get("cursor")
        .map(|c| decode_offset(c, &sort))
        .transpose()?
        .unwrap_or(0);
    let mut all = s.entities(&filter)?;
    match sort.as_str() {
        "name" => all.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        }),
        "-name" => all.sort_by(|a, b| {
            b.name
                .to_lowercase()
                .cmp(&a.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        }),
        "records" => all.sort_by(|a, b| a.records.cmp(&b.records).then(a.id.cmp(&b.id))),
        _ => all.sort_by(|a, b| b.records.cmp(&a.records).then(a.id.cmp(&b.id))),
    }
    let total = all.len();
    let page: Vec<EntitySummary> = all.into_iter().skip(offset).take(limit).collect();
    let end = offset.saturating_add(page.len());
    let next = (end < total).then(|| encode_offset(&sort, end));
    Ok((page, next, total))
}

fn entity_json(e: &EntitySummary) -> Value {
    let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
    v["links"] = json!({
        "page": entity_url(&e.id),
        "api": format!("/api/entities/{}", path_segment(&e.id)),
    });
    v
}

async fn entities(State(st): St, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &ENTITY_PARAMS)?;
    let csv = p.csv()?;
    let p2 = p.clone();
    let (items, next, total) = st.read(move |_, s| entity_list(s, &p2)).await?;
    if csv {
        let mut body = views::csv_header(RecordKind::Entity).to_string();
        for e in &items {
            body.push_str(&views::csv_entity(e));
        }
        return Ok(csv_response(body, next));
    }
    Ok(Json(json!({
        "kind": "entity",
        "total": total,
        "count": items.len(),
        "items": items.iter().map(entity_json).collect::<Vec<_>>(),
        "next_cursor": next,
        "next": next.as_deref().map(|c| next_link("/api/entities", &p, c)),
    }))
    .into_response())
}

/// Everything known about one entity, for the API and the page.
pub struct EntityPage {
    pub summary: EntitySummary,
    pub records: Vec<(StoredRecord, Vec<String>)>,
    pub people: Vec<StoredRecord>,
    pub documents: Vec<armswatch_store::query::DocumentInfo>,
}

pub fn load_entity(s: &SqliteStore, id: &str) -> Result<EntityPage, ApiError> {
    let Some(detail) = s.entity(id)? else {
        return Err(ApiError::not_found(format!("no entity with id {id:?}")));
    };
    let mut docs: Vec<&str> = detail
        .records
        .iter()
        .map(|(r, _)| r.record.doc.as_str())
        .collect();
    docs.sort_unstable();
    docs.dedup();
    let documents = s.document_infos(&docs)?;
    let people = s.affiliated_people(&detail.summary.name, id)?;
    Ok(EntityPage {
        summary: detail.summary,
        records: detail.records,
        people,
        documents,
    })
}

async fn entity(
    State(st): St,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_param(id)?;
    let e = st.read(move |_, s| load_entity(s, &id)).await?;
    let records: Vec<Value> = e
        .records
        .iter()
        .map(|(r, roles)| {
            let mut v = api_item(r);
            v["roles"] = json!(roles);
            v
        })
        .collect();
    let mut v = entity_json(&e.summary);
    v["records"] = json!(records);
    v["people"] = json!(e.people.iter().map(api_item).collect::<Vec<_>>());
    v["documents"] = json!(e
        .documents
        .iter()
        .map(|d| {
            let mut dv = serde_json::to_value(d).unwrap_or(Value::Null);
            dv["link"] = json!(doc_url(&d.id));
            dv
        })
        .collect::<Vec<_>>());
    Ok(Json(v))
}

/// Distinct evidence spans of a document's records: (start, end, text,
/// seqs of the records they support), in text order.
pub fn evidence_spans(records: &[StoredRecord]) -> Vec<(usize, usize, String, Vec<i64>)> {
    let mut spans: BTreeMap<(usize, usize), (String, Vec<i64>)> = BTreeMap::new();
    for r in records {
        for e in &r.record.evidence {
            if e.doc.as_deref().is_some_and(|d| d != r.record.doc) {
                continue;
            }
            let entry = spans
                .entry((e.start, e.end))
                .or_insert_with(|| (e.text.clone(), Vec::new()));
            if !entry.1.contains(&r.seq) {
                entry.1.push(r.seq);
            }
        }
    }
    spans
        .into_iter()
        .map(|((s, e), (t, seqs))| (s, e, t, seqs))
        .collect()
}

async fn document(
    State(st): St,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_param(id)?;
    let found = st
        .read(move |_, s| {
            s.document_with_seq(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no document with id {id:?}")))
        })
        .await?;
    let (doc, records) = found;
    let evidence: Vec<Value> = evidence_spans(&records)
        .into_iter()
        .map(|(s, e, text, seqs)| {
            json!({
                "anchor": format!("ev-{s}"),
                "start": s, "end": e, "text": text, "records": seqs,
                "link": format!("{}#ev-{s}", doc_url(&doc.id)),
            })
        })
        .collect();
    Ok(Json(json!({
        "id": doc.id,
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published.map(|d| d.to_string()),
        "url": doc.url,
        "content_hash": doc.content_hash,
        "text": doc.text,
        "records": records.iter().map(api_item).collect::<Vec<_>>(),
        "evidence": evidence,
        "links": {"page": doc_url(&doc.id)},
    })))
}

async fn search(State(st): St, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(q.as_deref(), &["q", "limit"])?;
    let Some(query) = p.string("q") else {
        return Err(ApiError::bad_request(
            "q is required: the words to search for",
        ));
    };
    let limit = p.limit(20, 100)?;
    let q2 = query.clone();
    let hits = st.read(move |_, s| Ok(s.search(&q2, limit)?)).await?;
    let hits: Vec<Value> = hits
        .iter()
        .map(|h| {
            let mut v = serde_json::to_value(h).unwrap_or(Value::Null);
            v["link"] = json!(doc_url(&h.doc));
            v
        })
        .collect();
    Ok(Json(json!({
        "query": query,
        "count": hits.len(),
        "snippet_marks": [armswatch_store::SNIPPET_OPEN, armswatch_store::SNIPPET_CLOSE],
        "hits": hits,
    })))
}

/// The filter of a statistics request: transfers only.
pub fn stats_filter(side: Side, p: &Params) -> Result<RegisterFilter, ApiError> {
    let mut f = RegisterFilter::new(RecordKind::Transfer);
    f.supplier = p.string("supplier");
    f.recipient = p.string("recipient");
    f.year_from = p.year("year_from")?;
    f.year_to = p.year("year_to")?;
    if let (Some(a), Some(b)) = (f.year_from, f.year_to) {
        if a > b {
            return Err(ApiError::bad_request(format!(
                "year_from ({a}) is after year_to ({b})"
            )));
        }
    }
    f.status = p.choice("status", &TRANSFER_STATUSES)?;
    if let Some(c) = p.get("category") {
        if Category::parse(c).is_none() {
            return Err(ApiError::bad_request(format!("unknown category {c:?}")));
        }
        f.category = Some(c.to_string());
    }
    let _ = side;
    Ok(f)
}

/// Transfers, transfers with a value, and value by currency.
type Totals = (u64, u64, BTreeMap<String, u64>);

/// Rows of a statistics answer plus totals per country, largest first.
pub fn stats_json(
    countries: &crate::countries::Countries,
    side: Side,
    rows: &[CountryYear],
) -> (Vec<Value>, Vec<Value>) {
    let key = match side {
        Side::Supplier => "supplier",
        Side::Recipient => "recipient",
    };
    let name = |c: &Option<String>| c.as_deref().map(|c| countries.name(c));
    let out: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                key: r.country, format!("{key}_name"): name(&r.country),
                "year": r.year, "transfers": r.transfers, "valued": r.valued, "value": r.value,
            })
        })
        .collect();
    let mut totals: BTreeMap<Option<String>, Totals> = BTreeMap::new();
    for r in rows {
        let t = totals.entry(r.country.clone()).or_default();
        t.0 += r.transfers;
        t.1 += r.valued;
        for (cur, v) in &r.value {
            let e = t.2.entry(cur.clone()).or_insert(0);
            *e = e.saturating_add(*v);
        }
    }
    let mut totals: Vec<(Option<String>, Totals)> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    let totals = totals
        .into_iter()
        .map(|(c, (n, valued, value))| {
            json!({
                key: c, format!("{key}_name"): name(&c),
                "transfers": n, "valued": valued, "value": value,
            })
        })
        .collect();
    (out, totals)
}

async fn stats(State(st): St, side: Side, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(
        q.as_deref(),
        &[
            "supplier",
            "recipient",
            "year_from",
            "year_to",
            "status",
            "category",
        ],
    )?;
    let f = stats_filter(side, &p)?;
    let (rows, totals) = st
        .read(move |app, s| {
            let rows = s.transfer_stats(&f, side)?;
            Ok(stats_json(&app.countries, side, &rows))
        })
        .await?;
    Ok(Json(json!({
        "by": match side { Side::Supplier => "supplier", Side::Recipient => "recipient" },
        "filters": p.pairs().collect::<BTreeMap<_, _>>(),
        "rows": rows,
        "totals": totals,
    })))
}

/// Compares without stopping at the first difference, so the time taken
/// does not tell how much of a guessed token was right.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

fn unauthorized(msg: &str) -> Response {
    let mut res = ApiError::new(StatusCode::UNAUTHORIZED, msg).into_response();
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        axum::http::HeaderValue::from_static("Bearer"),
    );
    res
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body larger than {MAX_BODY_BYTES} bytes"),
    )
}

async fn post_document(
    State(st): St,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Some(token) = st.token() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: start it with --token (or ARMSWATCH_TOKEN) to accept articles",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => {
            return Ok(unauthorized(
                "missing bearer token (Authorization: Bearer TOKEN)",
            ))
        }
        Some(g) if !same_secret(g, token) => return Ok(unauthorized("invalid token")),
        Some(_) => {}
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())?;
    let (doc, mut warnings) = parse_article(&bytes)?;
    let id = doc.id.clone();
    // Extraction outside the write lock: it is the slow part. A defect in
    // the extractor keeps the article without records, as `ingest` does.
    let x = Arc::clone(&st);
    let (doc, records) = tokio::task::spawn_blocking(move || {
        let records = x.extractor.try_extract(&doc);
        (doc, records)
    })
    .await
    .map_err(|_| ApiError::internal("extraction failed"))?;
    let records: Vec<Record> = records.unwrap_or_else(|e| {
        warnings.push(e.to_string());
        Vec::new()
    });
    let n = records.len();
    let summary = st.write(move |_, s| Ok(s.put(&[(doc, records)])?)).await?;
    let (status, what) = if summary.added > 0 {
        (StatusCode::CREATED, "added")
    } else if summary.replaced > 0 {
        (StatusCode::OK, "replaced")
    } else {
        (StatusCode::OK, "unchanged")
    };
    Ok((
        status,
        Json(json!({
            "id": id,
            "status": what,
            "records": if what == "unchanged" { Value::Null } else { json!(n) },
            "warnings": warnings,
            "links": {
                "page": doc_url(&id),
                "api": format!("/api/documents/{}", path_segment(&id)),
            },
        })),
    )
        .into_response())
}

/// A corpus line (`{"id", "text", "published", ...}`) read exactly as
/// `armswatch ingest` reads one, so validation is the same.
fn parse_article(bytes: &[u8]) -> Result<(armswatch_register::Document, Vec<String>), ApiError> {
    let mut v: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("body is not JSON: {e}")))?;
    let Some(obj) = v.as_object_mut() else {
        return Err(ApiError::bad_request(
            "body must be a JSON object like {\"id\": ..., \"text\": ...}",
        ));
    };
    match obj.get("text") {
        Some(Value::String(t)) if !t.trim().is_empty() => {}
        Some(Value::String(_)) => return Err(ApiError::bad_request("\"text\" is empty")),
        Some(_) => return Err(ApiError::bad_request("\"text\" must be a string")),
        None => return Err(ApiError::bad_request("missing \"text\": the article")),
    }
    let has_id = matches!(obj.get("id"), Some(Value::String(s)) if !s.trim().is_empty());
    if !has_id {
        if obj
            .get("id")
            .is_some_and(|i| !i.is_null() && !i.is_string())
        {
            return Err(ApiError::bad_request("\"id\" must be a string"));
        }
        // Without an id, the content decides: the same article posted
        // twice is stored once.
        let text = obj.get("text").and_then(Value::as_str).unwrap_or_default();
        let hash = armswatch_ingest::content_hash(text);
        obj.insert(
            "id".into(),
            json!(format!("post-{}", &hash[..16.min(hash.len())])),
        );
    }
    // One line whatever the body's layout: serde escapes newlines in strings.
    let line = format!("{v}\n");
    let opts = Options {
        max_article_bytes: MAX_BODY_BYTES,
        ..Options::default()
    };
    let mut reader = armswatch_ingest::read_corpus(
        std::io::Cursor::new(line.into_bytes()),
        "POST /api/documents",
        &opts,
    );
    match reader.next() {
        Some(Ok(item)) => Ok((
            item.doc,
            item.warnings.iter().map(ToString::to_string).collect(),
        )),
        Some(Err(e)) => Err(ApiError::bad_request(e.to_string())),
        None => Err(ApiError::bad_request("no article in the body")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn articles() {
        let (d, _) = parse_article(
            br#"{"id": "x", "text": "Peru bought\ntanks.", "published": "2009-05-01"}"#,
        )
        .unwrap();
        assert_eq!(d.id, "x");
        assert_eq!(
            d.published.map(|p| p.to_string()).as_deref(),
            Some("2009-05-01")
        );
        let (d, _) = parse_article(b"{\n  \"text\": \"pretty\\nprinted\"\n}").unwrap();
        assert!(d.id.starts_with("post-"));
        for bad in [
            &b"not json"[..],
            b"[1]",
            b"{}",
            br#"{"text": ""}"#,
            br#"{"text": 5}"#,
            br#"{"id": 5, "text": "a"}"#,
        ] {
            assert_eq!(
                parse_article(bad).unwrap_err().status,
                StatusCode::BAD_REQUEST
            );
        }
    }
}
