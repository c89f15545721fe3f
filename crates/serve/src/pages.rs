//! The HTML pages. Each handler gathers its data on a blocking thread and
//! renders a template there; templates auto-escape everything (their names
//! end in `.html`), and the few pieces of HTML built here (charts, the
//! highlighted article) escape their text themselves.

use crate::api::{entity_list, evidence_spans, load_entity, stats_filter};
use crate::countries::REGIONS;
use crate::error::{esc, ApiError};
use crate::highlight::{highlight, Span};
use crate::params::{
    list_params, list_query, path_segment, query_string, Params, ACTOR_TYPES, CONTEST_STATUSES,
    ENGAGEMENT_TYPES, FILTERS, TRANSFER_STATUSES,
};
use crate::state::AppState;
use crate::svg::{self, Edge, Node, Series};
use crate::views::{self, compact, doc_url, group_digits, row_view, summary};
use armswatch_register::{Category, Fact, RecordKind};
use armswatch_store::query::{CountryYear, RegisterFilter, Side, Sort, SortKey, StoredRecord};
use armswatch_store::{SqliteStore, Store};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use minijinja::Environment;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

type St = State<Arc<AppState>>;
type PathResult<T> = Result<Path<T>, axum::extract::rejection::PathRejection>;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("register.html", include_str!("../templates/register.html")),
    ("record.html", include_str!("../templates/record.html")),
    ("entities.html", include_str!("../templates/entities.html")),
    ("entity.html", include_str!("../templates/entity.html")),
    (
        "countries.html",
        include_str!("../templates/countries.html"),
    ),
    ("country.html", include_str!("../templates/country.html")),
    ("network.html", include_str!("../templates/network.html")),
    ("document.html", include_str!("../templates/document.html")),
    (
        "documents.html",
        include_str!("../templates/documents.html"),
    ),
    ("search.html", include_str!("../templates/search.html")),
    ("alerts.html", include_str!("../templates/alerts.html")),
    ("signin.html", include_str!("../templates/signin.html")),
    ("review.html", include_str!("../templates/review.html")),
    ("viewer.html", include_str!("../templates/viewer.html")),
];

/// Like minijinja's own escaping, but leaves `/` alone so that links stay
/// readable in the page source (`/` is harmless in HTML text and in quoted
/// attributes).
fn formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    if html && !value.is_safe() && !value.is_undefined() && !value.is_none() {
        let text = match value.as_str() {
            Some(s) => esc(s),
            None => esc(&value.to_string()),
        };
        return out.write_str(&text).map_err(|_| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the page")
        });
    }
    minijinja::escape_formatter(out, state, value)
}

pub fn templates() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_formatter(formatter);
    for (name, src) in TEMPLATES {
        env.add_template(name, src)?;
    }
    Ok(env)
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(home))
        .route("/register", get(register))
        .route("/register.csv", get(register_csv))
        .route(
            "/transfers/{doc}/{seq}",
            get(|s: St, h: HeaderMap, p: PathResult<(String, String)>| {
                record(s, h, RecordKind::Transfer, p)
            }),
        )
        .route(
            "/contests/{doc}/{seq}",
            get(|s: St, h: HeaderMap, p: PathResult<(String, String)>| {
                record(s, h, RecordKind::Contest, p)
            }),
        )
        .route(
            "/engagements/{doc}/{seq}",
            get(|s: St, h: HeaderMap, p: PathResult<(String, String)>| {
                record(s, h, RecordKind::Engagement, p)
            }),
        )
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/countries", get(countries))
        .route("/countries/{code}", get(country))
        .route("/network", get(network))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/search", get(search))
        .route("/alerts", get(alerts_page))
        .route("/alerts/{file}", get(alert_feed))
}

/// Embedded static files.
pub async fn asset(path: PathResult<String>) -> Response {
    let name = path.map(|Path(n)| n).unwrap_or_default();
    let (ctype, body): (&str, &'static str) = match name.as_str() {
        "style.css" => (
            "text/css; charset=utf-8",
            include_str!("../assets/style.css"),
        ),
        "app.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../assets/app.js"),
        ),
        "icon.svg" => ("image/svg+xml", include_str!("../assets/icon.svg")),
        _ => {
            return ApiError::not_found(format!("no asset {name:?}"))
                .page()
                .into_response()
        }
    };
    (
        [
            (header::CONTENT_TYPE, ctype),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

fn render(app: &AppState, name: &str, ctx: Value) -> Result<Html<String>, ApiError> {
    app.templates
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map(Html)
        .map_err(|e| ApiError::internal(format!("cannot render {name}: {e}")).page())
}

/// Runs a page's work on a blocking thread; errors become HTML pages.
async fn page<F>(st: Arc<AppState>, f: F) -> Result<Html<String>, ApiError>
where
    F: FnOnce(&AppState, &SqliteStore) -> Result<Html<String>, ApiError> + Send + 'static,
{
    st.read(f).await.map_err(ApiError::page)
}

fn params(raw: &Option<String>, allowed: &[&str]) -> Result<Params, ApiError> {
    Params::parse(raw.as_deref(), allowed).map_err(ApiError::page)
}

fn country_link(app: &AppState, code: &Option<String>) -> Value {
    match code {
        Some(c) => {
            json!({"code": c, "name": app.countries.name(c), "url": format!("/countries/{}", path_segment(c))})
        }
        None => json!({"code": null, "name": "unknown", "url": null}),
    }
}

fn value_map_text(v: &BTreeMap<String, u64>) -> String {
    v.iter()
        .map(|(cur, n)| format!("{cur} {}", compact(*n as f64)))
        .collect::<Vec<_>>()
        .join(" + ")
}

// ---------------------------------------------------------------- home

async fn home(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    params(&q, &[])?;
    page(st, |app, s| {
        let counts = s.counts()?;
        let mut newest = RegisterFilter::new(RecordKind::Transfer);
        newest.q = None;
        let recent = s.register_page(
            &newest,
            Sort { key: SortKey::Date, descending: true },
            None,
            8,
        )?;
        let top = |side: Side| -> Result<Vec<Value>, ApiError> {
            Ok(s.country_totals(side)?
                .into_iter()
                .take(8)
                .map(|(c, n)| json!({"country": country_link(app, &Some(c)), "transfers": n}))
                .collect())
        };
        let docs = s.recent_documents(8)?;
        render(
            app,
            "home.html",
            json!({
                "nav": "home",
                "counts": counts,
                "records": counts.records(),
                "recent": recent.rows.iter().map(|r| row_view(&app.countries, r)).collect::<Vec<_>>(),
                "top_recipients": top(Side::Recipient)?,
                "top_suppliers": top(Side::Supplier)?,
                "documents": docs.iter().map(doc_view).collect::<Vec<_>>(),
            }),
        )
    })
    .await
}

fn doc_view(d: &armswatch_store::query::DocumentInfo) -> Value {
    json!({
        "id": d.id, "title": d.title.clone().unwrap_or_else(|| d.id.clone()), "outlet": d.outlet,
        "published": d.published, "records": d.records, "url": doc_url(&d.id),
    })
}

// ---------------------------------------------------------------- register

fn tab_kind(p: &Params) -> Result<RecordKind, ApiError> {
    match p.get("tab").unwrap_or("transfers") {
        "transfers" => Ok(RecordKind::Transfer),
        "contests" => Ok(RecordKind::Contest),
        "engagements" => Ok(RecordKind::Engagement),
        other => Err(ApiError::bad_request(format!(
            "tab must be transfers, contests or engagements, not {other:?}"
        ))
        .page()),
    }
}

fn register_params() -> Vec<&'static str> {
    let mut v = list_params(RecordKind::Engagement);
    v.push("tab");
    v
}

/// Whether parameter `k` with value `v` applies to a list of `kind`.
fn applies(kind: RecordKind, k: &str, v: &str) -> bool {
    match (kind, k) {
        (RecordKind::Engagement, "supplier" | "recipient" | "category" | "status") => false,
        (RecordKind::Engagement, "type") => true,
        (_, "type") => false,
        (RecordKind::Transfer, "status") => TRANSFER_STATUSES.contains(&v),
        (RecordKind::Contest, "status") => CONTEST_STATUSES.contains(&v),
        _ => true,
    }
}

fn register_url(kind: RecordKind, pairs: &[(&str, &str)]) -> String {
    let tab = format!("{}s", kind.as_str());
    let mut all: Vec<(&str, &str)> = vec![("tab", tab.as_str())];
    all.extend(pairs.iter().copied().filter(|(k, _)| *k != "tab"));
    format!("/register?{}", query_string(all))
}

/// Column headings of each tab: (label, sort key if sortable).
fn columns(kind: RecordKind) -> Vec<(&'static str, Option<SortKey>)> {
    match kind {
        RecordKind::Transfer => vec![
            ("Date", Some(SortKey::Date)),
            ("Supplier", None),
            ("Recipient", None),
            ("System", Some(SortKey::System)),
            ("Category", Some(SortKey::Category)),
            ("Qty", Some(SortKey::Quantity)),
            ("Value", Some(SortKey::Value)),
            ("Status", Some(SortKey::Status)),
            ("Source", Some(SortKey::Doc)),
        ],
        RecordKind::Contest => vec![
            ("Date", Some(SortKey::Date)),
            ("Buyer", None),
            ("Item", Some(SortKey::System)),
            ("Bidders", None),
            ("Winner", None),
            ("Value", Some(SortKey::Value)),
            ("Status", Some(SortKey::Status)),
            ("Source", Some(SortKey::Doc)),
        ],
        _ => vec![
            ("Date", Some(SortKey::Date)),
            ("Type", Some(SortKey::Type)),
            ("Parties", None),
            ("Place", None),
            ("What", None),
            ("Source", Some(SortKey::Doc)),
        ],
    }
}

async fn register(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    let p = params(&q, &register_params())?;
    let kind = tab_kind(&p)?;
    if p.get("format").is_some() {
        return Err(ApiError::bad_request("use /register.csv to download").page());
    }
    let lq = list_query(kind, &p).map_err(ApiError::page)?;
    page(st, move |app, s| {
        let total = s.register_count(&lq.filter)?;
        let pg = s.register_page(&lq.filter, lq.sort, lq.cursor.as_ref(), lq.limit)?;
        // Links keep the filters (not the cursor) of this view.
        let kept: Vec<(&str, &str)> = p
            .pairs()
            .filter(|(k, _)| !matches!(*k, "cursor" | "tab"))
            .collect();
        let current_sort = lq.sort.to_string();
        let cols: Vec<Value> = columns(kind)
            .into_iter()
            .map(|(label, key)| match key {
                None => json!({"label": label}),
                Some(k) => {
                    let active = lq.sort.key == k;
                    // First click sorts the natural way (newest, largest
                    // first); a second click flips it.
                    let natural_desc = matches!(
                        k,
                        SortKey::Date | SortKey::Value | SortKey::Quantity | SortKey::Confidence
                    );
                    let next = if active && lq.sort.descending {
                        k.as_str().to_string()
                    } else if active || natural_desc {
                        format!("-{}", k.as_str())
                    } else {
                        k.as_str().to_string()
                    };
                    let mut pairs: Vec<(&str, &str)> =
                        kept.iter().copied().filter(|(k, _)| *k != "sort").collect();
                    pairs.push(("sort", &next));
                    json!({
                        "label": label, "url": register_url(kind, &pairs),
                        "active": active, "descending": lq.sort.descending,
                    })
                }
            })
            .collect();
        let tabs: Vec<Value> = [RecordKind::Transfer, RecordKind::Contest, RecordKind::Engagement]
            .into_iter()
            .map(|k| {
                let pairs: Vec<(&str, &str)> = kept
                    .iter()
                    .copied()
                    .filter(|(name, v)| *name != "sort" && applies(k, name, v))
                    .collect();
                json!({"label": format!("{}s", k.as_str()), "url": register_url(k, &pairs), "active": k == kind})
            })
            .collect();
        let next_url = pg.next.as_ref().map(|c| {
            let cur = crate::params::encode_cursor(c);
            let mut pairs = kept.clone();
            pairs.push(("cursor", &cur));
            register_url(kind, &pairs)
        });
        let first_url = lq.cursor.is_some().then(|| register_url(kind, &kept));
        let csv_pairs: Vec<(&str, &str)> = kept
            .iter()
            .copied()
            .filter(|(k, _)| *k != "limit")
            .chain([("tab", "")])
            .collect();
        let tab = format!("{}s", kind.as_str());
        let csv_url = format!(
            "/register.csv?{}",
            query_string([("tab", tab.as_str())].into_iter().chain(csv_pairs.iter().copied()))
        );
        let json_url = format!(
            "/api/{}s?{}",
            kind.as_str(),
            query_string(kept.iter().copied())
        );
        let filters: BTreeMap<&str, &str> = FILTERS
            .iter()
            .map(|f| (*f, p.get(f).unwrap_or("")))
            .collect();
        let statuses: &[&str] = match kind {
            RecordKind::Transfer => &TRANSFER_STATUSES,
            RecordKind::Contest => &CONTEST_STATUSES,
            _ => &[],
        };
        let active_filters: Vec<Value> = kept
            .iter()
            .filter(|(k, _)| FILTERS.contains(k))
            .map(|(k, v)| json!({"name": k.replace('_', " "), "value": v}))
            .collect();
        render(
            app,
            "register.html",
            json!({
                "nav": "register",
                "kind": kind.as_str(),
                "tab": tab,
                "tabs": tabs,
                "columns": cols,
                "rows": pg.rows.iter().map(|r| row_view(&app.countries, r)).collect::<Vec<_>>(),
                "total": total,
                "total_text": group_digits(total),
                "shown": pg.rows.len(),
                "next_url": next_url,
                "first_url": first_url,
                "csv_url": csv_url,
                "json_url": json_url,
                "sort": current_sort,
                "limit": p.get("limit").unwrap_or(""),
                "filters": filters,
                "active_filters": active_filters,
                "clear_url": register_url(kind, &[]),
                "statuses": statuses,
                "categories": Category::ALL.iter().map(|c| json!({"value": c.as_str(), "label": c.as_str().replace('_', " ")})).collect::<Vec<_>>(),
                "types": ENGAGEMENT_TYPES,
            }),
        )
    })
    .await
}

async fn register_csv(State(st): St, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = params(&q, &register_params())?;
    let kind = tab_kind(&p)?;
    let lq = list_query(kind, &p).map_err(ApiError::page)?;
    let body = st
        .read(move |_, s| {
            let mut body = views::csv_header(kind).to_string();
            let mut cursor = lq.cursor.clone();
            loop {
                let pg = s.register_page(&lq.filter, lq.sort, cursor.as_ref(), 500)?;
                for r in &pg.rows {
                    body.push_str(&views::csv_row(r));
                }
                match pg.next {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
            Ok(body)
        })
        .await
        .map_err(ApiError::page)?;
    let name = format!("attachment; filename=\"armswatch-{}s.csv\"", kind.as_str());
    let mut res = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response();
    if let Ok(v) = name.parse() {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

// ---------------------------------------------------------------- records

/// The evidence sentence of `sr` that best supports an event: the first
/// naming one of `names` and using one of `words`, else the first naming
/// one, else the first using one of the words.
fn event_evidence(sr: &StoredRecord, names: &[&str], words: &[&str]) -> Option<usize> {
    // The full names, then their first words ("Eurofighter" for
    // "Eurofighter GmbH") when distinctive enough.
    let mut needles: Vec<String> = names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| n.to_lowercase())
        .collect();
    let firsts: Vec<String> = needles
        .iter()
        .filter_map(|n| n.split_whitespace().next())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect();
    needles.extend(firsts);
    sr.record
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let t = e.text.to_lowercase();
            let named = needles.iter().any(|n| t.contains(n.as_str()));
            let worded = words.iter().any(|w| t.contains(w));
            (2 * u8::from(named) + u8::from(worded), std::cmp::Reverse(i))
        })
        .filter(|(score, _)| *score > 0)
        .max()
        .map(|(_, std::cmp::Reverse(i))| i)
}

/// One step of a timeline: name, date, actors, what happened, and the
/// indexes of its evidence sentences.
type Step<'a> = (&'a str, Option<String>, Vec<Value>, String, Vec<usize>);

/// The steps of a contest, in order: tender, bids, award, protests,
/// cancellation; each with its date when known and the sentences it rests
/// on (quoted the first time, linked after that).
fn timeline(app: &AppState, sr: &StoredRecord) -> Vec<Value> {
    let Fact::Contest(c) = &sr.record.fact else {
        return Vec::new();
    };
    let actor = |a| views::actor_view(&app.countries, a);
    // (step, date, actors, text, evidence indexes)
    let mut steps: Vec<Step> = Vec::new();
    steps.push((
        "Tender",
        None,
        vec![actor(&c.buyer)],
        format!("{} seeks {}", c.buyer.name, summary_item(&c.item)),
        event_evidence(
            sr,
            &[],
            &[
                "tender",
                "competition",
                "contest",
                "procure",
                "seeks",
                "selection",
                "bid",
            ],
        )
        .into_iter()
        .collect(),
    ));
    if !c.bidders.is_empty() {
        let mut ev = Vec::new();
        let mut names = Vec::new();
        for b in &c.bidders {
            let mut who = vec![b.name.as_str()];
            who.extend(b.members.iter().map(|m| m.name.as_str()));
            if let Some(i) = event_evidence(sr, &who, &["bid", "offer", "compet", "rival"]) {
                if !ev.contains(&i) {
                    ev.push(i);
                }
            }
            names.push(if b.members.is_empty() {
                b.name.clone()
            } else {
                let m: Vec<&str> = b.members.iter().map(|m| m.name.as_str()).collect();
                format!("{} ({})", b.name, m.join(", "))
            });
        }
        ev.sort_unstable();
        steps.push((
            "Bids",
            None,
            c.bidders.iter().map(actor).collect(),
            match names.split_last() {
                Some((last, [])) => format!("{last} bids"),
                Some((last, rest)) => format!("{} and {last} bid", rest.join(", ")),
                None => String::new(),
            },
            ev,
        ));
    }
    if c.winner.is_some() || c.awarded.is_some() {
        let name = c.winner.as_ref().map_or("", |w| w.name.as_str());
        steps.push((
            "Award",
            c.awarded.map(|d| d.to_string()),
            c.winner.iter().map(actor).collect(),
            match &c.winner {
                Some(w) => format!("Awarded to {}", w.name),
                None => "Awarded".to_string(),
            },
            event_evidence(
                sr,
                &[name],
                &["award", "select", "chose", "picked", "won", "winner"],
            )
            .into_iter()
            .collect(),
        ));
    }
    for pr in &c.protests {
        steps.push((
            "Protest",
            pr.date.map(|d| d.to_string()),
            vec![actor(&pr.by)],
            match &pr.grounds {
                Some(g) => format!("{} protests: {g}", pr.by.name),
                None => format!("{} protests", pr.by.name),
            },
            event_evidence(
                sr,
                &[pr.by.name.as_str()],
                &["protest", "appeal", "complain", "challenge"],
            )
            .into_iter()
            .collect(),
        ));
    }
    if c.cancelled.is_some() || c.status.as_str() == "cancelled" {
        steps.push((
            "Cancellation",
            c.cancelled.map(|d| d.to_string()),
            Vec::new(),
            "The contest is cancelled".to_string(),
            event_evidence(
                sr,
                &[],
                &[
                    "cancel", "scrap", "halt", "abandon", "suspend", "annul", "reject",
                ],
            )
            .into_iter()
            .collect(),
        ));
    }
    let r = &sr.record;
    let mut shown: Vec<usize> = Vec::new();
    steps
        .into_iter()
        .map(|(step, date, actors, text, ev)| {
            let (again, new): (Vec<usize>, Vec<usize>) =
                ev.into_iter().partition(|i| shown.contains(i));
            shown.extend(&new);
            let item = |i: &usize| {
                r.evidence.get(*i).map(
                    |e| json!({"text": e.text, "url": views::evidence_url(&r.doc, e), "n": i + 1}),
                )
            };
            json!({
                "step": step, "date": date, "actors": actors, "text": text,
                "evidence": new.iter().filter_map(item).collect::<Vec<_>>(),
                "again": again.iter().filter_map(item).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn summary_item(s: &armswatch_register::System) -> String {
    views::system_label(&s.name, &s.description, s.category.as_str())
}

async fn record(
    State(st): St,
    headers: HeaderMap,
    kind: RecordKind,
    path: PathResult<(String, String)>,
) -> Result<Html<String>, ApiError> {
    let (doc, seq) = path
        .map(|Path(v)| v)
        .map_err(|e| ApiError::bad_request(format!("bad path: {e}")).page())?;
    let Ok(seq) = seq.parse::<i64>() else {
        return Err(ApiError::not_found(format!("no {} {seq:?} in {doc:?}", kind.as_str())).page());
    };
    page(st, move |app, s| {
        let found = s.record_at(&doc, seq)?.filter(|r| r.record.kind() == kind);
        let Some(sr) = found else {
            return Err(ApiError::not_found(format!(
                "no {} number {seq} in document {doc:?}",
                kind.as_str()
            )));
        };
        let info = s.document_infos(&[doc.as_str()])?;
        let tl = timeline(app, &sr);
        let review = crate::users::panel(s, &headers, &sr)?;
        render(
            app,
            "record.html",
            json!({
                "nav": "register",
                "r": row_view(&app.countries, &sr),
                "summary": summary(&sr.record),
                "timeline": tl,
                "doc": info.first().map(doc_view),
                "register_url": register_url(kind, &[]),
                "review": review,
                "json": serde_json::to_string_pretty(&sr.record).unwrap_or_default(),
            }),
        )
    })
    .await
}

// ---------------------------------------------------------------- entities

async fn entities(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    let p = params(&q, &["country", "type", "q", "limit", "cursor", "sort"])?;
    page(st, move |app, s| {
        let (items, next, total) = entity_list(s, &p)?;
        let kept: Vec<(&str, &str)> = p.pairs().filter(|(k, _)| *k != "cursor").collect();
        let next_url = next.map(|c| {
            let mut pairs = kept.clone();
            pairs.push(("cursor", &c));
            format!("/entities?{}", query_string(pairs))
        });
        let rows: Vec<Value> = items
            .iter()
            .map(|e| {
                json!({
                    "name": e.name, "type": e.kind.replace('_', " "), "country": country_link(app, &e.country),
                    "aliases": e.aliases, "records": e.records, "url": views::entity_url(&e.id),
                    "roles": e.roles.iter().filter(|(r, _)| r.as_str() != "entity").map(|(r, n)| format!("{r} ×{n}")).collect::<Vec<_>>(),
                })
            })
            .collect();
        render(
            app,
            "entities.html",
            json!({
                "nav": "entities",
                "rows": rows,
                "total": total,
                "next_url": next_url,
                "first_url": p.get("cursor").map(|_| format!("/entities?{}", query_string(kept.iter().copied()))),
                "q": p.get("q").unwrap_or(""),
                "country": p.get("country").unwrap_or(""),
                "type": p.get("type").unwrap_or(""),
                "types": ACTOR_TYPES,
                "sort": p.get("sort").unwrap_or("-records"),
            }),
        )
    })
    .await
}

/// Rows per section of an entity page.
const ENTITY_ROWS: usize = 100;

/// A record's main date, for ordering.
fn main_date(r: &armswatch_register::Record) -> Option<armswatch_register::Date> {
    match &r.fact {
        Fact::Transfer(t) => t.date,
        Fact::Contest(c) => c.awarded.or(c.cancelled),
        Fact::Engagement(e) => e.date,
        Fact::Entity(_) => None,
    }
}

async fn entity(
    State(st): St,
    headers: HeaderMap,
    path: PathResult<String>,
) -> Result<Html<String>, ApiError> {
    let id = path
        .map(|Path(v)| v)
        .map_err(|e| ApiError::bad_request(format!("bad path: {e}")).page())?;
    page(st, move |app, s| {
        let e = load_entity(s, &id)?;
        let decide = crate::users::entity_panel(s, &headers)?;
        let has =
            |roles: &[String], want: &[&str]| roles.iter().any(|r| want.contains(&r.as_str()));
        // Newest first, at most ENTITY_ROWS per section; the register has
        // the rest.
        let pick = |kind: RecordKind, want: &[&str], more: Option<(&str, RecordKind)>| -> Value {
            let mut rows: Vec<&(StoredRecord, Vec<String>)> = e
                .records
                .iter()
                .filter(|(r, roles)| {
                    r.record.kind() == kind && (want.is_empty() || has(roles, want))
                })
                .collect();
            rows.sort_by_key(|(r, _)| std::cmp::Reverse(main_date(&r.record)));
            let total = rows.len();
            let shown: Vec<Value> = rows
                .into_iter()
                .take(ENTITY_ROWS)
                .map(|(r, roles)| {
                    let mut v = row_view(&app.countries, r);
                    v["roles"] = json!(roles
                        .iter()
                        .map(|r| r.replace("member:", "member of "))
                        .collect::<Vec<_>>());
                    v
                })
                .collect();
            let more_url = more
                .filter(|_| total > ENTITY_ROWS)
                .map(|(param, k)| register_url(k, &[(param, e.summary.name.as_str())]));
            json!({"rows": shown, "total": total, "more_url": more_url})
        };
        let roles_seen: Vec<String> = e
            .records
            .iter()
            .filter_map(|(r, _)| match &r.record.fact {
                Fact::Entity(en) => en.role.clone(),
                _ => None,
            })
            .fold(Vec::new(), |mut acc, r| {
                if !acc.contains(&r) {
                    acc.push(r);
                }
                acc
            });
        render(
            app,
            "entity.html",
            json!({
                "nav": "entities",
                "e": {
                    "id": e.summary.id, "name": e.summary.name,
                    "type": e.summary.kind.replace('_', " "),
                    "country": country_link(app, &e.summary.country),
                    "aliases": e.summary.aliases, "records": e.summary.records,
                    "roles": roles_seen,
                },
                "as_supplier": pick(RecordKind::Transfer, &["supplier", "member:supplier"], Some(("supplier", RecordKind::Transfer))),
                "as_recipient": pick(RecordKind::Transfer, &["recipient", "member:recipient"], Some(("recipient", RecordKind::Transfer))),
                "contests": pick(RecordKind::Contest, &[], Some(("country", RecordKind::Contest))),
                "engagements": pick(RecordKind::Engagement, &[], Some(("country", RecordKind::Engagement))),
                "people": e.people.iter().take(ENTITY_ROWS).map(|p| row_view(&app.countries, p)).collect::<Vec<_>>(),
                "people_total": e.people.len(),
                "documents": e.documents.iter().take(ENTITY_ROWS * 2).map(doc_view).collect::<Vec<_>>(),
                "documents_total": e.documents.len(),
                "api_url": format!("/api/entities/{}", path_segment(&e.summary.id)),
                "decide": decide,
            }),
        )
    })
    .await
}

// ---------------------------------------------------------------- countries

async fn countries(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    params(&q, &[])?;
    page(st, |app, s| {
        let mut table: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (c, n) in s.country_totals(Side::Supplier)? {
            table.entry(c).or_default().0 += n;
        }
        for (c, n) in s.country_totals(Side::Recipient)? {
            table.entry(c).or_default().1 += n;
        }
        let mut rows: Vec<(String, u64, u64)> =
            table.into_iter().map(|(c, (a, b))| (c, a, b)).collect();
        rows.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then(a.0.cmp(&b.0)));
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|(c, sup, rec)| {
                json!({
                    "country": country_link(app, &Some(c.clone())),
                    "region": app.countries.region(&c),
                    "supplied": sup, "received": rec,
                })
            })
            .collect();
        render(
            app,
            "countries.html",
            json!({"nav": "countries", "rows": rows}),
        )
    })
    .await
}

/// The currency most of `rows`' valued transfers use.
fn main_currency<'a>(rows: impl Iterator<Item = &'a BTreeMap<String, u64>>) -> Option<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for m in rows {
        for cur in m.keys() {
            *n.entry(cur).or_default() += 1;
        }
    }
    n.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c.to_string())
}

/// The supplier chart of a recipient: bars by year, stacked by supplier.
fn supplier_chart(
    app: &AppState,
    code: &str,
    rows: &[CountryYear],
    measure: Option<&str>,
) -> (String, String, String) {
    let currency = main_currency(rows.iter().map(|r| &r.value));
    // Value where the articles give it: by default only when at least half
    // the transfers have one, or the chart would hide most of them.
    let valued: u64 = rows.iter().map(|r| r.valued).sum();
    let total: u64 = rows.iter().map(|r| r.transfers).sum();
    let by_value = match measure {
        Some("count") => false,
        Some(_) => currency.is_some(),
        None => currency.is_some() && valued * 2 >= total,
    };
    let cur = currency.clone().unwrap_or_default();
    let metric = |r: &CountryYear| -> f64 {
        if by_value {
            r.value.get(&cur).copied().unwrap_or(0) as f64
        } else {
            r.transfers as f64
        }
    };
    let mut years: Vec<Option<i32>> = Vec::new();
    let known: Vec<i32> = rows.iter().filter_map(|r| r.year).collect();
    if let (Some(lo), Some(hi)) = (known.iter().min(), known.iter().max()) {
        // Every year in the range, so gaps show as gaps.
        let span = (hi - lo).min(80);
        years.extend((0..=span).map(|d| Some(lo + d)));
    }
    if rows.iter().any(|r| r.year.is_none()) {
        years.push(None);
    }
    let mut totals: BTreeMap<Option<String>, f64> = BTreeMap::new();
    for r in rows {
        *totals.entry(r.country.clone()).or_default() += metric(r);
    }
    let mut order: Vec<(Option<String>, f64)> =
        totals.into_iter().filter(|(_, v)| *v > 0.0).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<Option<String>> = order.iter().take(8).map(|(c, _)| c.clone()).collect();
    let has_other = order.len() > top.len();
    let year_label = |y: &Option<i32>| y.map_or("n.d.".to_string(), |y| y.to_string());
    let fmt_v = |v: f64| {
        if by_value {
            format!("{cur} {}", compact(v))
        } else {
            format!("{v} transfer{}", if v == 1.0 { "" } else { "s" })
        }
    };
    let mut series: Vec<Series> = Vec::new();
    let mut groups: Vec<(String, Vec<Option<String>>, bool)> = top
        .iter()
        .map(|c| {
            (
                c.as_deref()
                    .map_or("unknown supplier".into(), |c| app.countries.name(c)),
                vec![c.clone()],
                false,
            )
        })
        .collect();
    if has_other {
        groups.push(("other suppliers".into(), Vec::new(), true));
    }
    for (i, (label, members, other)) in groups.iter().enumerate() {
        let values = years
            .iter()
            .map(|y| {
                let v: f64 = rows
                    .iter()
                    .filter(|r| r.year == *y)
                    .filter(|r| {
                        if *other {
                            !top.contains(&r.country)
                        } else {
                            members.contains(&r.country)
                        }
                    })
                    .map(metric)
                    .sum();
                let mut pairs: Vec<(&str, String)> = vec![("recipient", code.to_string())];
                if let (false, Some(Some(c))) = (*other, members.first()) {
                    pairs.push(("supplier", c.clone()));
                }
                if let Some(y) = y {
                    pairs.push(("year_from", y.to_string()));
                    pairs.push(("year_to", y.to_string()));
                }
                let href = register_url(
                    RecordKind::Transfer,
                    &pairs
                        .iter()
                        .map(|(k, v)| (*k, v.as_str()))
                        .collect::<Vec<_>>(),
                );
                (v, format!("{label}, {}: {}", year_label(y), fmt_v(v)), href)
            })
            .collect();
        series.push(Series {
            label: label.clone(),
            color: if *other { "#bab0ac" } else { svg::color(i) },
            values,
        });
    }
    let labels: Vec<String> = years.iter().map(year_label).collect();
    let what = if by_value {
        format!("value in {cur}")
    } else {
        "number of transfers".to_string()
    };
    let title = format!("Suppliers of {} by year ({what})", app.countries.name(code));
    let chart = svg::stacked_bars(&title, &labels, &series, &|v| {
        if by_value {
            compact(v)
        } else {
            format!("{v}")
        }
    });
    (
        chart,
        if by_value {
            "value".into()
        } else {
            "count".into()
        },
        cur,
    )
}

async fn country(
    State(st): St,
    path: PathResult<String>,
    RawQuery(q): RawQuery,
) -> Result<Html<String>, ApiError> {
    let raw = path.map(|Path(v)| v).unwrap_or_default();
    let p = params(&q, &["measure"])?;
    let measure = p
        .choice("measure", &["value", "count"])
        .map_err(ApiError::page)?;
    page(st, move |app, s| {
        let Some(code) = app.countries.code(&raw).or_else(|| {
            (raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_uppercase())).then(|| raw.clone())
        }) else {
            return Err(ApiError::not_found(format!("no country with code {raw:?}")));
        };
        let mut to = stats_filter(&Params::default())?;
        to.recipient = Some(code.clone());
        let suppliers = s.transfer_stats(&to, Side::Supplier)?;
        let mut from = RegisterFilter::new(RecordKind::Transfer);
        from.supplier = Some(code.clone());
        let recipients = s.transfer_stats(&from, Side::Recipient)?;
        let (chart, used, cur) = supplier_chart(app, &code, &suppliers, measure.as_deref());
        let sup_totals = crate::api::stats_totals_json(&app.countries, Side::Supplier, &suppliers);
        let rec_totals = crate::api::stats_totals_json(&app.countries, Side::Recipient, &recipients);
        let table = |totals: Vec<Value>, key: &str, other: &str| -> Vec<Value> {
            totals
                .into_iter()
                .filter(|t| t[key].as_str() != Some(code.as_str()))
                .map(|t| {
                    let c = t[key].as_str().map(str::to_string);
                    let value: BTreeMap<String, u64> = serde_json::from_value(t["value"].clone()).unwrap_or_default();
                    let mut pairs = vec![(other, code.clone())];
                    if let Some(c) = &c {
                        pairs.push((key, c.clone()));
                    }
                    json!({
                        "country": country_link(app, &c),
                        "transfers": t["transfers"], "valued": t["valued"],
                        "value": value_map_text(&value),
                        "url": register_url(RecordKind::Transfer, &pairs.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()),
                    })
                })
                .collect()
        };
        let newest = Sort { key: SortKey::Date, descending: true };
        let mut f = RegisterFilter::new(RecordKind::Transfer);
        f.recipient = Some(code.clone());
        let received = s.register_page(&f, newest, None, 15)?;
        let mut f = RegisterFilter::new(RecordKind::Contest);
        f.recipient = Some(code.clone());
        let contests = s.register_page(&f, newest, None, 10)?;
        let mut f = RegisterFilter::new(RecordKind::Engagement);
        f.country = Some(code.clone());
        let engagements = s.register_page(&f, newest, None, 10)?;
        let valued: u64 = suppliers.iter().map(|r| r.valued).sum();
        let total: u64 = suppliers.iter().map(|r| r.transfers).sum();
        let rows = |pg: &armswatch_store::query::Page| pg.rows.iter().map(|r| row_view(&app.countries, r)).collect::<Vec<_>>();
        render(
            app,
            "country.html",
            json!({
                "nav": "countries",
                "code": code,
                "name": app.countries.name(&code),
                "region": app.countries.region(&code),
                "chart": if suppliers.is_empty() { Value::Null } else { json!(chart) },
                "measure": used,
                "currency": cur,
                "valued": valued,
                "total": total,
                "suppliers": table(sup_totals, "supplier", "recipient"),
                "recipients": table(rec_totals, "recipient", "supplier"),
                "received": rows(&received),
                "contests": rows(&contests),
                "engagements": rows(&engagements),
                "register_url": register_url(RecordKind::Transfer, &[("recipient", code.as_str())]),
                "value_url": format!("/countries/{}?measure=value", path_segment(&code)),
                "count_url": format!("/countries/{}?measure=count", path_segment(&code)),
                "api_url": format!("/api/stats/suppliers?recipient={}", path_segment(&code)),
            }),
        )
    })
    .await
}

// ---------------------------------------------------------------- network

async fn network(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    let p = params(&q, &["year_from", "year_to", "region", "measure"])?;
    let year_from = p.year("year_from").map_err(ApiError::page)?;
    let year_to = p.year("year_to").map_err(ApiError::page)?;
    if let (Some(a), Some(b)) = (year_from, year_to) {
        if a > b {
            return Err(
                ApiError::bad_request(format!("year_from ({a}) is after year_to ({b})")).page(),
            );
        }
    }
    let region = p.choice("region", &REGIONS).map_err(ApiError::page)?;
    let measure = p
        .choice("measure", &["value", "count"])
        .map_err(ApiError::page)?;
    page(st, move |app, s| {
        let mut flows = s.flows(year_from, year_to)?;
        if let Some(r) = &region {
            flows.retain(|f| app.countries.region(&f.recipient) == Some(r.as_str()));
        }
        let cur = main_currency(flows.iter().map(|f| &f.value)).unwrap_or_default();
        let by_value = measure.as_deref() == Some("value") && !cur.is_empty();
        let metric = |f: &armswatch_store::query::Flow| -> f64 {
            if by_value {
                f.value.get(&cur).copied().unwrap_or(0) as f64
            } else {
                f.transfers as f64
            }
        };
        let mut shown: Vec<&armswatch_store::query::Flow> = flows.iter().filter(|f| metric(f) > 0.0).collect();
        shown.sort_by(|a, b| metric(b).total_cmp(&metric(a)).then(a.supplier.cmp(&b.supplier)));
        shown.truncate(60);
        let mut left: Vec<(String, f64)> = Vec::new();
        let mut right: Vec<(String, f64)> = Vec::new();
        for f in &shown {
            for (side, c) in [(&mut left, &f.supplier), (&mut right, &f.recipient)] {
                match side.iter_mut().find(|(x, _)| x == c) {
                    Some(e) => e.1 += metric(f),
                    None => side.push((c.clone(), metric(f))),
                }
            }
        }
        left.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        right.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let node = |c: &String| Node {
            code: c.clone(),
            label: app.countries.name(c),
            href: format!("/countries/{}", path_segment(c)),
        };
        let lnodes: Vec<Node> = left.iter().map(|(c, _)| node(c)).collect();
        let rnodes: Vec<Node> = right.iter().map(|(c, _)| node(c)).collect();
        let yf = year_from.map(|y| y.to_string()).unwrap_or_default();
        let yt = year_to.map(|y| y.to_string()).unwrap_or_default();
        let edges: Vec<Edge> = shown
            .iter()
            .filter_map(|f| {
                let s_i = left.iter().position(|(c, _)| *c == f.supplier)?;
                let t_i = right.iter().position(|(c, _)| *c == f.recipient)?;
                let value = value_map_text(&f.value);
                Some(Edge {
                    s: s_i,
                    t: t_i,
                    weight: metric(f),
                    tip: format!(
                        "{} → {}: {} transfer{}{}",
                        app.countries.name(&f.supplier),
                        app.countries.name(&f.recipient),
                        f.transfers,
                        if f.transfers == 1 { "" } else { "s" },
                        if value.is_empty() { String::new() } else { format!(", {value}") }
                    ),
                    href: register_url(
                        RecordKind::Transfer,
                        &[("supplier", &f.supplier), ("recipient", &f.recipient), ("year_from", &yf), ("year_to", &yt)],
                    ),
                })
            })
            .collect();
        let title = "Arms transfers from supplier to recipient countries";
        let graph = if edges.is_empty() {
            Value::Null
        } else {
            json!(svg::network(title, &lnodes, &rnodes, &edges))
        };
        let table: Vec<Value> = shown
            .iter()
            .map(|f| {
                json!({
                    "supplier": country_link(app, &Some(f.supplier.clone())),
                    "recipient": country_link(app, &Some(f.recipient.clone())),
                    "transfers": f.transfers,
                    "value": value_map_text(&f.value),
                    "url": register_url(RecordKind::Transfer, &[("supplier", &f.supplier), ("recipient", &f.recipient), ("year_from", &yf), ("year_to", &yt)]),
                })
            })
            .collect();
        render(
            app,
            "network.html",
            json!({
                "nav": "network",
                "graph": graph,
                "flows": table,
                "year_from": yf,
                "year_to": yt,
                "region": region,
                "regions": REGIONS,
                "measure": if by_value { "value" } else { "count" },
                "currency": cur,
                "years": s.years(RecordKind::Transfer)?,
            }),
        )
    })
    .await
}

// ---------------------------------------------------------------- documents

async fn documents(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    params(&q, &[])?;
    page(st, |app, s| {
        let docs = s.recent_documents(500)?;
        let total = s.counts()?.documents;
        render(
            app,
            "documents.html",
            json!({"nav": "documents", "docs": docs.iter().map(doc_view).collect::<Vec<_>>(), "total": total}),
        )
    })
    .await
}

async fn document(State(st): St, path: PathResult<String>) -> Result<Html<String>, ApiError> {
    let id = path
        .map(|Path(v)| v)
        .map_err(|e| ApiError::bad_request(format!("bad path: {e}")).page())?;
    page(st, move |app, s| {
        let Some((doc, records)) = s.document_with_seq(&id)? else {
            return Err(ApiError::not_found(format!("no document with id {id:?}")));
        };
        let spans = evidence_spans(&records);
        let marks: Vec<Span> = spans
            .iter()
            .map(|(s, e, _, seqs)| {
                let recs: Vec<&StoredRecord> = seqs
                    .iter()
                    .filter_map(|q| records.iter().find(|r| r.seq == *q))
                    .collect();
                let labels: Vec<String> = recs
                    .iter()
                    .map(|r| format!("{}: {}", r.record.kind().as_str(), summary(&r.record)))
                    .collect();
                Span {
                    start: *s,
                    end: *e,
                    label: labels.join(" | "),
                    strong: recs.iter().any(|r| r.record.kind() != RecordKind::Entity),
                }
            })
            .collect();
        let body = highlight(&doc.text, &marks);
        let (facts, entities): (Vec<&StoredRecord>, Vec<&StoredRecord>) =
            records.iter().partition(|r| r.record.kind() != RecordKind::Entity);
        render(
            app,
            "document.html",
            json!({
                "nav": "documents",
                "doc": {
                    "id": doc.id, "title": doc.title.clone().unwrap_or_else(|| doc.id.clone()),
                    "outlet": doc.outlet, "published": doc.published.map(|d| d.to_string()),
                    "url": doc.url.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://")),
                },
                "body": body,
                "marks": spans.len(),
                "facts": facts.iter().map(|r| {
                    let mut v = row_view(&app.countries, r);
                    v["summary"] = json!(summary(&r.record));
                    v
                }).collect::<Vec<_>>(),
                "entities": entities.iter().map(|r| row_view(&app.countries, r)).collect::<Vec<_>>(),
                "api_url": format!("/api/documents/{}", path_segment(&doc.id)),
            }),
        )
    })
    .await
}

// ---------------------------------------------------------------- search

/// A search snippet as HTML: escaped, with the store's match markers
/// turned into `<mark>`, always balanced.
fn snippet_html(s: &str) -> String {
    let open = armswatch_store::SNIPPET_OPEN;
    let close = armswatch_store::SNIPPET_CLOSE;
    let mut out = String::new();
    let mut inside = false;
    let mut rest = s;
    while !rest.is_empty() {
        let marker = if inside { close } else { open };
        match rest.find(marker) {
            Some(i) => {
                out.push_str(&esc(&rest[..i]));
                out.push_str(if inside { "</mark>" } else { "<mark>" });
                inside = !inside;
                rest = &rest[i + marker.len()..];
            }
            None => {
                out.push_str(&esc(rest));
                rest = "";
            }
        }
    }
    if inside {
        out.push_str("</mark>");
    }
    out
}

async fn search(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    let p = params(&q, &["q"])?;
    let query = p.string("q");
    page(st, move |app, s| {
        let hits = match &query {
            Some(q) => s.search(q, 50)?,
            None => Vec::new(),
        };
        let hits: Vec<Value> = hits
            .iter()
            .map(|h| {
                json!({
                    "title": h.title.clone().unwrap_or_else(|| h.doc.clone()),
                    "doc": h.doc, "outlet": h.outlet, "published": h.published,
                    "snippet": snippet_html(&h.snippet), "url": doc_url(&h.doc),
                })
            })
            .collect();
        render(
            app,
            "search.html",
            json!({"nav": "search", "q": query.clone().unwrap_or_default(), "searched": query.is_some(), "hits": hits}),
        )
    })
    .await
}

// ---------------------------------------------------------------- alerts

/// Matches shown per alert on `/alerts`.
const PAGE_MATCHES: usize = 10;
/// Entries in an alert's Atom feed (its newest matches).
const FEED_ENTRIES: usize = 100;

impl From<armswatch_alerts::AlertError> for ApiError {
    fn from(e: armswatch_alerts::AlertError) -> ApiError {
        ApiError::internal(format!("alerts: {e}"))
    }
}

/// Only the webhook's host is shown: its path or query may hold a secret.
fn webhook_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.rsplit('@').next().unwrap_or("").to_string()
}

fn alert_view(s: &SqliteStore, a: &armswatch_alerts::Alert) -> Result<Value, ApiError> {
    let c = s.connection();
    let matches = armswatch_alerts::matches(c, a, PAGE_MATCHES)?;
    let total = armswatch_alerts::match_count(c, a)?;
    let d = armswatch_alerts::delivery_counts(c, a)?;
    let rows: Vec<Value> = matches
        .iter()
        .map(|m| {
            json!({
                "matched_at": m.matched_at,
                "headline": armswatch_alerts::atom::headline(&m.record),
                "sentence": m.record.evidence.first().map(|e| e.text.clone()),
                "doc_url": doc_url(&m.doc),
                "doc_title": m.doc_title.clone().unwrap_or_else(|| m.doc.clone()),
            })
        })
        .collect();
    Ok(json!({
        "name": a.name, "filters": a.filters.describe(), "created_at": a.created_at,
        "feed": format!("/alerts/{}.atom", path_segment(&a.name)), "total": total,
        "webhook": a.webhook.as_deref().map(webhook_host),
        "delivered": d.delivered, "pending": d.pending, "failed": d.failed, "matches": rows,
    }))
}

async fn alerts_page(State(st): St, RawQuery(q): RawQuery) -> Result<Html<String>, ApiError> {
    params(&q, &[])?;
    page(st, |app, s| {
        let alerts = armswatch_alerts::list(s.connection())?
            .iter()
            .map(|a| alert_view(s, a))
            .collect::<Result<Vec<_>, _>>()?;
        render(
            app,
            "alerts.html",
            json!({"nav": "alerts", "alerts": alerts}),
        )
    })
    .await
}

/// `/alerts/NAME.atom`: the alert's newest matches as an Atom feed.
async fn alert_feed(State(st): St, path: PathResult<String>) -> Result<Response, ApiError> {
    let file = path.map(|Path(f)| f).unwrap_or_default();
    let Some(name) = file.strip_suffix(".atom").map(str::to_string) else {
        return Err(ApiError::not_found(format!("no page /alerts/{file}")).page());
    };
    let xml = st
        .read(move |_, s| {
            let c = s.connection();
            let Some(alert) = armswatch_alerts::get(c, &name)? else {
                return Err(ApiError::not_found(format!("no alert named {name:?}")));
            };
            let matches = armswatch_alerts::matches(c, &alert, FEED_ENTRIES)?;
            let href = format!("/alerts/{}.atom", path_segment(&name));
            Ok(armswatch_alerts::atom::feed(&alert, &matches, &href)?)
        })
        .await
        .map_err(ApiError::page)?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::sort_keys;

    #[test]
    fn webhook_host_hides_path_query_and_credentials() {
        assert_eq!(
            webhook_host("https://u:pw@hooks.example.org/t/SECRET?k=1"),
            "hooks.example.org"
        );
        assert_eq!(webhook_host("http://127.0.0.1:9000/hook"), "127.0.0.1:9000");
    }

    #[test]
    fn snippets_are_escaped_and_balanced() {
        assert_eq!(
            snippet_html("a [tank] <b>"),
            "a <mark>tank</mark> &lt;b&gt;"
        );
        assert_eq!(snippet_html("[open"), "<mark>open</mark>");
        assert_eq!(snippet_html("x] y"), "x] y");
    }

    #[test]
    fn templates_load() {
        templates().unwrap();
    }

    #[test]
    fn sort_keys_have_columns() {
        for kind in [
            RecordKind::Transfer,
            RecordKind::Contest,
            RecordKind::Engagement,
        ] {
            for (_, k) in columns(kind) {
                if let Some(k) = k {
                    assert!(sort_keys(kind).contains(&k));
                }
            }
        }
    }
}
