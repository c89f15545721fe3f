//! The JSON API under `/api/`, described by the OpenAPI document that
//! `openapi.rs` generates from the annotations and types here.

use crate::conn::{BodyReadTimeout, Limits};
use crate::error::{ApiError, ErrorBody};
use crate::openapi::{
    ContestQuery, EngagementQuery, EntityQuery, SearchQuery, StatsQuery, TransferQuery,
};
use crate::params::{
    decode_offset, encode_cursor, encode_offset, list_params, list_query, path_segment,
    query_string, Params, ACTOR_TYPES, DEFAULT_LIMIT, MAX_LIMIT, TRANSFER_STATUSES,
};
use crate::state::AppState;
use crate::views::{self, api_item, doc_url, entity_url, RecordItem};
use crate::MAX_BODY_BYTES;
use armswatch_ingest::Options;
use armswatch_register::{Category, Record, RecordKind};
use armswatch_store::query::{
    CountryYear, DocumentInfo, EntityFilter, EntitySummary, RegisterFilter, Side, StoredRecord,
};
use armswatch_store::{SearchHit, SqliteStore, Store};
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::ToSchema;

type St = State<Arc<AppState>>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api", get(index))
        .route("/api/", get(index))
        .route("/api/openapi.json", get(openapi))
        .route("/api/transfers", get(list_transfers))
        .route("/api/contests", get(list_contests))
        .route("/api/engagements", get(list_engagements))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/documents", axum::routing::post(post_document))
        .route("/api/documents/{id}", get(document))
        .route("/api/search", get(search))
        .route("/api/stats/suppliers", get(stats_suppliers))
        .route("/api/stats/recipients", get(stats_recipients))
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

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", responses(
    (status = 200, description = "OpenAPI 3.1", content_type = "application/json", body = Object),
))]
pub(crate) async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::document(),
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

/// One page of a register list.
#[derive(Serialize, ToSchema)]
pub struct RecordPage {
    pub kind: RecordKind,
    /// Records on this page.
    pub count: usize,
    pub items: Vec<RecordItem>,
    /// Pass back as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// The next page's address; null on the last.
    pub next: Option<String>,
}

async fn list(
    st: Arc<AppState>,
    kind: RecordKind,
    q: Option<String>,
) -> Result<Response, ApiError> {
    let p = Params::parse_api(q.as_deref(), &list_params(kind))?;
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
    Ok(Json(RecordPage {
        kind,
        count: page.rows.len(),
        items: page.rows.iter().map(api_item).collect(),
        next: next.as_deref().map(|c| next_link(&base, &p, c)),
        next_cursor: next,
    })
    .into_response())
}

/// Transfers: who sold what to whom, for how much, when, in what state.
#[utoipa::path(get, path = "/api/transfers", tag = "register", params(TransferQuery),
    responses(
        (status = 200, description = "One page", content(
            (RecordPage = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    ))]
pub(crate) async fn list_transfers(
    State(st): St,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    list(st, RecordKind::Transfer, q).await
}

/// Procurement contests (tenders).
#[utoipa::path(get, path = "/api/contests", tag = "register", params(ContestQuery),
    responses(
        (status = 200, description = "One page", content(
            (RecordPage = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    ))]
pub(crate) async fn list_contests(
    State(st): St,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    list(st, RecordKind::Contest, q).await
}

/// Defence-diplomatic engagements (visits, meetings, agreements).
#[utoipa::path(get, path = "/api/engagements", tag = "register", params(EngagementQuery),
    responses(
        (status = 200, description = "One page", content(
            (RecordPage = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    ))]
pub(crate) async fn list_engagements(
    State(st): St,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    list(st, RecordKind::Engagement, q).await
}

pub(crate) const ENTITY_PARAMS: [&str; 7] =
    ["country", "type", "q", "limit", "cursor", "sort", "format"];
pub(crate) const ENTITY_SORTS: [&str; 4] = ["name", "-name", "records", "-records"];

/// Parses and runs an entity list request (also used by the page).
pub fn entity_list(
    s: &SqliteStore,
    p: &Params,
) -> Result<(Vec<EntitySummary>, Option<String>, usize), ApiError> {
    let mut filter = EntityFilter::default();
    if let Some(c) = p.checked("country") {
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

/// The pages of an entity.
#[derive(Serialize, ToSchema)]
pub struct EntityLinks {
    /// Its page.
    pub page: String,
    /// It in the API.
    pub api: String,
}

/// An organisation or person, grouped across documents by its id.
#[derive(Serialize, ToSchema)]
pub struct EntityItem {
    /// Name lower-cased, runs of other characters than letters and digits
    /// as one '-', then '--' and the lower-case ISO code of its country.
    pub id: String,
    /// The most frequent spelling.
    pub name: String,
    /// Actor type (government_body, armed_force, company, consortium,
    /// person, other).
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    #[schema(required = true)]
    pub country: Option<String>,
    /// Other spellings and aliases seen.
    pub aliases: Vec<String>,
    /// Mentions in records by role (entity, supplier, bidder, ...).
    pub roles: BTreeMap<String, u64>,
    /// Records naming it.
    pub records: u64,
    pub links: EntityLinks,
}

fn entity_links(id: &str) -> EntityLinks {
    EntityLinks {
        page: entity_url(id),
        api: format!("/api/entities/{}", path_segment(id)),
    }
}

fn entity_item(e: &EntitySummary) -> EntityItem {
    EntityItem {
        id: e.id.clone(),
        name: e.name.clone(),
        kind: e.kind.clone(),
        country: e.country.clone(),
        aliases: e.aliases.clone(),
        roles: e.roles.clone(),
        records: e.records,
        links: entity_links(&e.id),
    }
}

/// One page of entities.
#[derive(Serialize, ToSchema)]
pub struct EntityList {
    /// Always "entity".
    #[schema(pattern = "^entity$")]
    pub kind: &'static str,
    /// Entities matching the filters, on all pages.
    pub total: usize,
    /// Entities on this page.
    pub count: usize,
    pub items: Vec<EntityItem>,
    pub next_cursor: Option<String>,
    pub next: Option<String>,
}

/// Organisations and people (not states), grouped across documents by
/// entity id.
///
/// An entity id is the entity's name lower-cased with every run of
/// characters other than letters and digits turned into one '-', then '--'
/// and the lower-case ISO country code when known: 'General Dynamics
/// Corp.' of the US is general-dynamics-corp--us. Spellings differing only
/// in case or punctuation share an id.
#[utoipa::path(get, path = "/api/entities", tag = "entities", params(EntityQuery),
    responses(
        (status = 200, description = "One page", content(
            (EntityList = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    ))]
pub(crate) async fn entities(State(st): St, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse_api(q.as_deref(), &ENTITY_PARAMS)?;
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
    Ok(Json(EntityList {
        kind: "entity",
        total,
        count: items.len(),
        items: items.iter().map(entity_item).collect(),
        next: next.as_deref().map(|c| next_link("/api/entities", &p, c)),
        next_cursor: next,
    })
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

/// An article in a list: its metadata and how many records it gave.
#[derive(Serialize, ToSchema)]
pub struct DocumentItem {
    pub id: String,
    #[schema(required = true)]
    pub title: Option<String>,
    #[schema(required = true)]
    pub outlet: Option<String>,
    #[schema(required = true)]
    pub published: Option<String>,
    #[schema(required = true)]
    pub url: Option<String>,
    /// Records from it.
    pub records: u64,
    /// Its page.
    pub link: String,
}

fn document_item(d: &DocumentInfo) -> DocumentItem {
    DocumentItem {
        id: d.id.clone(),
        title: d.title.clone(),
        outlet: d.outlet.clone(),
        published: d.published.clone(),
        url: d.url.clone(),
        records: d.records,
        link: doc_url(&d.id),
    }
}

/// One entity with every record naming it, its people and its articles.
#[derive(Serialize, ToSchema)]
pub struct EntityDetail {
    pub id: String,
    pub name: String,
    /// Actor type.
    #[serde(rename = "type")]
    pub kind: String,
    #[schema(required = true)]
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// Mentions in records by role.
    pub roles: BTreeMap<String, u64>,
    pub links: EntityLinks,
    /// Every record naming it, with its roles there, in document order.
    pub records: Vec<RecordItem>,
    /// People affiliated with it.
    pub people: Vec<RecordItem>,
    /// The articles of its records.
    pub documents: Vec<DocumentItem>,
}

/// One entity with every record naming it, its people and its articles.
#[utoipa::path(get, path = "/api/entities/{id}", tag = "entities",
    params(("id" = String, Path, description = "Entity id (see /api/entities).")),
    responses(
        (status = 200, description = "The entity", body = EntityDetail),
        (status = 404, description = "No such entity", body = ErrorBody),
    ))]
pub(crate) async fn entity(
    State(st): St,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<EntityDetail>, ApiError> {
    let id = path_param(id)?;
    let e = st.read(move |_, s| load_entity(s, &id)).await?;
    let records = e
        .records
        .iter()
        .map(|(r, roles)| RecordItem {
            roles: Some(roles.clone()),
            ..api_item(r)
        })
        .collect();
    let EntitySummary {
        id,
        name,
        kind,
        country,
        aliases,
        roles,
        ..
    } = e.summary;
    Ok(Json(EntityDetail {
        links: entity_links(&id),
        id,
        name,
        kind,
        country,
        aliases,
        roles,
        records,
        people: e.people.iter().map(api_item).collect(),
        documents: e.documents.iter().map(document_item).collect(),
    }))
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

/// An evidence sentence of an article and the records it supports.
#[derive(Serialize, ToSchema)]
pub struct EvidenceSpan {
    /// ev-START: the id of the sentence's mark on the article page.
    pub anchor: String,
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `seq` of the records it supports.
    pub records: Vec<i64>,
    /// The article page at this sentence.
    pub link: String,
}

/// The pages of an article.
#[derive(Serialize, ToSchema)]
pub struct DocumentLinks {
    pub page: String,
}

/// An article: its text, its records, and its evidence sentences.
#[derive(Serialize, ToSchema)]
pub struct DocumentDetail {
    pub id: String,
    #[schema(required = true)]
    pub title: Option<String>,
    #[schema(required = true)]
    pub outlet: Option<String>,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    #[schema(required = true)]
    pub published: Option<String>,
    #[schema(required = true)]
    pub url: Option<String>,
    /// Hex SHA-256 of the text.
    pub content_hash: String,
    /// The plain text; evidence offsets are bytes into it.
    pub text: String,
    pub records: Vec<RecordItem>,
    pub evidence: Vec<EvidenceSpan>,
    pub links: DocumentLinks,
}

/// An article: its text, its records, and its evidence sentences.
#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id.")),
    responses(
        (status = 200, description = "The document", body = DocumentDetail),
        (status = 404, description = "No such document", body = ErrorBody),
    ))]
pub(crate) async fn document(
    State(st): St,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<DocumentDetail>, ApiError> {
    let id = path_param(id)?;
    let found = st
        .read(move |_, s| {
            s.document_with_seq(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no document with id {id:?}")))
        })
        .await?;
    let (doc, records) = found;
    let page = doc_url(&doc.id);
    let evidence = evidence_spans(&records)
        .into_iter()
        .map(|(start, end, text, seqs)| EvidenceSpan {
            anchor: format!("ev-{start}"),
            start,
            end,
            text,
            records: seqs,
            link: format!("{page}#ev-{start}"),
        })
        .collect();
    Ok(Json(DocumentDetail {
        records: records.iter().map(api_item).collect(),
        evidence,
        links: DocumentLinks { page },
        published: doc.published.map(|d| d.to_string()),
        id: doc.id,
        title: doc.title,
        outlet: doc.outlet,
        url: doc.url,
        content_hash: doc.content_hash,
        text: doc.text,
    }))
}

pub(crate) const SEARCH_PARAMS: [&str; 2] = ["q", "limit"];
pub(crate) const SEARCH_DEFAULT_LIMIT: usize = 20;
pub(crate) const SEARCH_MAX_LIMIT: usize = 100;

/// An article matching a search.
#[derive(Serialize, ToSchema)]
pub struct SearchHitItem {
    /// Document id.
    pub doc: String,
    #[schema(required = true)]
    pub title: Option<String>,
    #[schema(required = true)]
    pub outlet: Option<String>,
    #[schema(required = true)]
    pub published: Option<String>,
    /// A short excerpt; matched terms are wrapped in the snippet marks.
    pub snippet: String,
    /// BM25 score; lower is better.
    pub rank: f64,
    /// The article's page.
    pub link: String,
}

fn hit_item(h: SearchHit) -> SearchHitItem {
    SearchHitItem {
        link: doc_url(&h.doc),
        doc: h.doc,
        title: h.title,
        outlet: h.outlet,
        published: h.published,
        snippet: h.snippet,
        rank: h.rank,
    }
}

/// Hits of a search, best first.
#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    /// The words searched for (the first ones only, past the limit).
    pub query: String,
    pub count: usize,
    /// What opens and what closes a matched term in a snippet.
    pub snippet_marks: [&'static str; 2],
    pub hits: Vec<SearchHitItem>,
}

/// Full-text search over article titles and texts (SQLite FTS5).
#[utoipa::path(get, path = "/api/search", tag = "documents", params(SearchQuery),
    responses(
        (status = 200, description = "Hits, best first; matched terms in snippets are wrapped in [ and ]", body = SearchResult),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    ))]
pub(crate) async fn search(
    State(st): St,
    RawQuery(q): RawQuery,
) -> Result<Json<SearchResult>, ApiError> {
    let p = Params::parse_api(q.as_deref(), &SEARCH_PARAMS)?;
    let Some(query) = p.string("q") else {
        return Err(ApiError::bad_request(
            "q is required: the words to search for",
        ));
    };
    let limit = p.limit(SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT)?;
    let q2 = query.clone();
    let hits = st.read(move |_, s| Ok(s.search(&q2, limit)?)).await?;
    let hits: Vec<SearchHitItem> = hits.into_iter().map(hit_item).collect();
    Ok(Json(SearchResult {
        query,
        count: hits.len(),
        snippet_marks: [
            armswatch_store::SNIPPET_OPEN,
            armswatch_store::SNIPPET_CLOSE,
        ],
        hits,
    }))
}

pub(crate) const STATS_PARAMS: [&str; 6] = [
    "supplier",
    "recipient",
    "year_from",
    "year_to",
    "status",
    "category",
];

/// The filter of a statistics request: transfers only.
pub fn stats_filter(p: &Params) -> Result<RegisterFilter, ApiError> {
    let mut f = RegisterFilter::new(RecordKind::Transfer);
    f.supplier = p.string("supplier");
    f.recipient = p.string("recipient");
    // year_from after year_to is no error: no transfer is in that range.
    f.year_from = p.year("year_from")?;
    f.year_to = p.year("year_to")?;
    f.status = p.choice("status", &TRANSFER_STATUSES)?;
    if let Some(c) = p.checked("category") {
        if Category::parse(c).is_none() {
            return Err(ApiError::bad_request(format!("unknown category {c:?}")));
        }
        f.category = Some(c.to_string());
    }
    Ok(f)
}

/// The country a statistics row is about, keyed by its side.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum SideCountry {
    Supplier {
        /// ISO code; null when the supplier's country is unknown.
        #[schema(required = true)]
        supplier: Option<String>,
        #[schema(required = true)]
        supplier_name: Option<String>,
    },
    Recipient {
        /// ISO code; null when the recipient's country is unknown.
        #[schema(required = true)]
        recipient: Option<String>,
        #[schema(required = true)]
        recipient_name: Option<String>,
    },
}

impl SideCountry {
    fn new(side: Side, code: Option<String>, countries: &crate::countries::Countries) -> Self {
        let name = code.as_deref().map(|c| countries.name(c));
        match side {
            Side::Supplier => SideCountry::Supplier {
                supplier: code,
                supplier_name: name,
            },
            Side::Recipient => SideCountry::Recipient {
                recipient: code,
                recipient_name: name,
            },
        }
    }
}

/// Transfers of one country in one year.
#[derive(Serialize, ToSchema)]
pub struct StatsRow {
    #[serde(flatten)]
    pub country: SideCountry,
    #[schema(required = true)]
    pub year: Option<i32>,
    pub transfers: u64,
    /// How many have a value.
    pub valued: u64,
    /// Sum of known values by ISO 4217 currency, never converted.
    pub value: BTreeMap<String, u64>,
}

/// Transfers of one country over all years.
#[derive(Serialize, ToSchema)]
pub struct StatsTotal {
    #[serde(flatten)]
    pub country: SideCountry,
    pub transfers: u64,
    pub valued: u64,
    pub value: BTreeMap<String, u64>,
}

/// Transfers counted by one side's country.
#[derive(Serialize, ToSchema)]
pub struct Stats {
    /// supplier or recipient.
    #[schema(pattern = "^(supplier|recipient)$")]
    pub by: &'static str,
    /// The filters applied.
    pub filters: BTreeMap<String, String>,
    pub rows: Vec<StatsRow>,
    /// Per country, most transfers first.
    pub totals: Vec<StatsTotal>,
}

/// Transfers, transfers with a value, and value by currency.
type Totals = (u64, u64, BTreeMap<String, u64>);

/// Rows of a statistics answer plus totals per country, largest first.
pub fn stats_rows(
    countries: &crate::countries::Countries,
    side: Side,
    rows: &[CountryYear],
) -> (Vec<StatsRow>, Vec<StatsTotal>) {
    let out = rows
        .iter()
        .map(|r| StatsRow {
            country: SideCountry::new(side, r.country.clone(), countries),
            year: r.year,
            transfers: r.transfers,
            valued: r.valued,
            value: r.value.clone(),
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
        .map(|(c, (transfers, valued, value))| StatsTotal {
            country: SideCountry::new(side, c, countries),
            transfers,
            valued,
            value,
        })
        .collect();
    (out, totals)
}

/// The totals of [`stats_rows`] as JSON values, for the pages.
pub fn stats_totals_json(
    countries: &crate::countries::Countries,
    side: Side,
    rows: &[CountryYear],
) -> Vec<Value> {
    let (_, totals) = stats_rows(countries, side, rows);
    totals
        .iter()
        .filter_map(|t| serde_json::to_value(t).ok())
        .collect()
}

async fn stats(st: Arc<AppState>, side: Side, q: Option<String>) -> Result<Json<Stats>, ApiError> {
    let p = Params::parse_api(q.as_deref(), &STATS_PARAMS)?;
    let f = stats_filter(&p)?;
    let (rows, totals) = st
        .read(move |app, s| {
            let rows = s.transfer_stats(&f, side)?;
            Ok(stats_rows(&app.countries, side, &rows))
        })
        .await?;
    Ok(Json(Stats {
        by: match side {
            Side::Supplier => "supplier",
            Side::Recipient => "recipient",
        },
        filters: p
            .pairs()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        rows,
        totals,
    }))
}

/// Transfers by supplier country and year (count and value).
///
/// A transfer with suppliers from two countries counts once for each.
/// Values are summed per currency, never converted. `valued` says how many
/// transfers have a value.
#[utoipa::path(get, path = "/api/stats/suppliers", tag = "statistics", params(StatsQuery),
    responses(
        (status = 200, description = "Rows and totals", body = Stats),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    ))]
pub(crate) async fn stats_suppliers(
    State(st): St,
    RawQuery(q): RawQuery,
) -> Result<Json<Stats>, ApiError> {
    stats(st, Side::Supplier, q).await
}

/// Transfers by recipient country and year (count and value).
#[utoipa::path(get, path = "/api/stats/recipients", tag = "statistics", params(StatsQuery),
    responses(
        (status = 200, description = "Rows and totals (keys say recipient instead of supplier)", body = Stats),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    ))]
pub(crate) async fn stats_recipients(
    State(st): St,
    RawQuery(q): RawQuery,
) -> Result<Json<Stats>, ApiError> {
    stats(st, Side::Recipient, q).await
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

/// An id or date given as a string or, as `ingest` also takes them, a
/// whole number (`12.0` is one too, as JSON Schema has it).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum StringOrInteger {
    Text(String),
    Integer(i64),
}

impl<'de> Deserialize<'de> for StringOrInteger {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let whole = |f: f64| f.fract() == 0.0 && f > i64::MIN as f64 && f < i64::MAX as f64;
        match Value::deserialize(d)? {
            Value::String(s) => Ok(StringOrInteger::Text(s)),
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Ok(StringOrInteger::Integer(i)),
                // Checked to be whole and in range just above.
                (None, Some(f)) if whole(f) => Ok(StringOrInteger::Integer(f as i64)),
                _ => Err(serde::de::Error::custom(format!(
                    "{n} is not a whole number from {} to {}",
                    i64::MIN,
                    i64::MAX
                ))),
            },
            other => Err(serde::de::Error::custom(format!(
                "expected a string or a whole number, not {other}"
            ))),
        }
    }
}

impl utoipa::PartialSchema for StringOrInteger {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::String))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(i64::MIN))
                    .maximum(Some(i64::MAX)),
            )
            .into()
    }
}

impl ToSchema for StringOrInteger {}

/// How `text` is written; without it, HTML is recognised by its tags.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ArticleFormat {
    Txt,
    Text,
    Plain,
    Html,
    Htm,
}

/// An article to store: one corpus line of the interchange format.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct Article {
    /// The article's id; blank or absent: `post-` and the start of the
    /// text's SHA-256, so the same text posted twice is stored once.
    #[serde(default)]
    pub id: Option<StringOrInteger>,
    /// The article (plain text or HTML); not blank.
    #[schema(pattern = r"\S")]
    pub text: String,
    /// YYYY, YYYY-MM or YYYY-MM-DD; another value is ignored with a
    /// warning.
    #[serde(default)]
    pub published: Option<StringOrInteger>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub format: Option<ArticleFormat>,
}

/// What became of a posted article.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PostStatus {
    /// A new article.
    Added,
    /// Same id, other text: the old article and its records are gone.
    Replaced,
    /// Same id and text: nothing changed.
    Unchanged,
}

/// Where a posted article can be seen.
#[derive(Serialize, ToSchema)]
pub struct PostLinks {
    pub page: String,
    pub api: String,
}

/// The answer to a posted article.
#[derive(Serialize, ToSchema)]
pub struct PostResult {
    pub id: String,
    pub status: PostStatus,
    /// Records extracted; null when unchanged.
    #[schema(required = true)]
    pub records: Option<usize>,
    pub warnings: Vec<String>,
    pub links: PostLinks,
}

/// The token of an `Authorization: Bearer TOKEN` header (the scheme in any
/// case, as RFC 9110 has it).
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Refuses a request without the server's token: 401 without credentials,
/// 403 when the server takes no articles at all.
fn authorise(st: &AppState, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let Some(given) = bearer_token(headers) else {
        return Err(Box::new(unauthorized(if st.token().is_some() {
            "missing bearer token (Authorization: Bearer TOKEN)"
        } else {
            "missing bearer token; besides, this server is read-only: start it with \
             --token (or ARMSWATCH_TOKEN) to accept articles"
        })));
    };
    match st.token() {
        None => Err(Box::new(
            ApiError::new(
                StatusCode::FORBIDDEN,
                "this server is read-only: start it with --token (or ARMSWATCH_TOKEN) to accept articles",
            )
            .into_response(),
        )),
        Some(token) if !same_secret(given, token) => Err(Box::new(unauthorized("invalid token"))),
        Some(_) => Ok(()),
    }
}

/// Ingest an article.
///
/// The body is one corpus line of the interchange format: only `text` is
/// required. The article is read as `armswatch ingest` reads a corpus
/// line, extracted, and stored with its records in one transaction.
/// Requires `Authorization: Bearer TOKEN`, the token given to `armswatch
/// serve --token` (or ARMSWATCH_TOKEN); a server started without one is
/// read-only.
#[utoipa::path(post, path = "/api/documents", tag = "documents",
    request_body = Article,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Added", body = PostResult),
        (status = 200, description = "Replaced (same id, other text) or unchanged (same id and text)", body = PostResult),
        (status = 400, description = "Not an article", body = ErrorBody),
        (status = 401, description = "No token or a wrong one", body = ErrorBody,
            headers(("www-authenticate" = String, description = "Bearer"))),
        (status = 403, description = "The server is read-only", body = ErrorBody),
        (status = 408, description = "The body came too slowly", body = ErrorBody),
        (status = 413, description = "Larger than 10 MB", body = ErrorBody),
    ))]
pub(crate) async fn post_document(
    State(st): St,
    timeout: Option<axum::Extension<BodyReadTimeout>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    if let Err(refused) = authorise(&st, &headers) {
        return Ok(*refused);
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let wait = timeout.map_or(Limits::default().body_read_timeout, |t| t.0 .0);
    let bytes = tokio::time::timeout(wait, axum::body::to_bytes(body, MAX_BODY_BYTES))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!("the body did not arrive within {} s", wait.as_secs_f64()),
            )
        })?
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
    let (code, status) = if summary.added > 0 {
        (StatusCode::CREATED, PostStatus::Added)
    } else if summary.replaced > 0 {
        (StatusCode::OK, PostStatus::Replaced)
    } else {
        (StatusCode::OK, PostStatus::Unchanged)
    };
    let answer = PostResult {
        status,
        records: (status != PostStatus::Unchanged).then_some(n),
        warnings,
        links: PostLinks {
            page: doc_url(&id),
            api: format!("/api/documents/{}", path_segment(&id)),
        },
        id,
    };
    Ok((code, Json(answer)).into_response())
}

/// The posted body as an [`Article`], then as the corpus line `armswatch
/// ingest` would read, so the rest of the validation is the same.
fn parse_article(bytes: &[u8]) -> Result<(armswatch_register::Document, Vec<String>), ApiError> {
    let mut article: Article = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "body is not an article {{\"id\": ..., \"text\": ...}}: {e}"
        ))
    })?;
    if article.text.trim().is_empty() {
        return Err(ApiError::bad_request("\"text\" is empty"));
    }
    let blank_id = match &article.id {
        None => true,
        Some(StringOrInteger::Text(t)) => t.trim().is_empty(),
        Some(StringOrInteger::Integer(_)) => false,
    };
    if blank_id {
        // Without an id, the content decides: the same article posted
        // twice is stored once.
        let hash = armswatch_ingest::content_hash(&article.text);
        article.id = Some(StringOrInteger::Text(format!(
            "post-{}",
            &hash[..16.min(hash.len())]
        )));
    }
    // One line whatever the body's layout: serde escapes newlines in strings.
    let line = serde_json::to_string(&article)
        .map_err(|e| ApiError::internal(format!("cannot re-encode the article: {e}")))?
        + "\n";
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
    fn bearer_scheme_in_any_case() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().unwrap());
            bearer_token(&h).map(str::to_string)
        };
        for v in ["Bearer abc", "bearer abc", "BEARER  abc ", "bEaReR abc"] {
            assert_eq!(with(v).as_deref(), Some("abc"), "{v}");
        }
        for v in ["Basic abc", "Bearer", "Bearer   ", "Bearerabc"] {
            assert_eq!(with(v), None, "{v}");
        }
    }

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
        // Numeric ids are taken as `ingest` takes them.
        let (d, _) = parse_article(br#"{"id": 5, "text": "a"}"#).unwrap();
        assert_eq!(d.id, "5");
        let (d, _) = parse_article(br#"{"id": -7, "text": "a", "published": 2009}"#).unwrap();
        assert_eq!(d.id, "-7");
        assert_eq!(d.published.map(|p| p.to_string()).as_deref(), Some("2009"));
        let (d, _) = parse_article(br#"{"id": 12.0, "text": "a"}"#).unwrap();
        assert_eq!(d.id, "12");
        for bad in [
            &b"not json"[..],
            b"[1]",
            b"{}",
            br#"{"text": ""}"#,
            br#"{"text": 5}"#,
            br#"{"id": 1.5, "text": "a"}"#,
            br#"{"id": true, "text": "a"}"#,
            br#"{"text": "a", "outlet": 5}"#,
            br#"{"text": "a", "format": "pdf"}"#,
        ] {
            assert_eq!(
                parse_article(bad).unwrap_err().status,
                StatusCode::BAD_REQUEST
            );
        }
    }
}
