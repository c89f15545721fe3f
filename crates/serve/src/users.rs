//! Signing in and out, the review queue and review forms, and the gate
//! that closes reading when the server is private.
//!
//! Sessions: a random 256-bit token in an HttpOnly, SameSite=Strict
//! cookie (`Secure` when so configured); the database keeps its SHA-256.
//! CSRF: every form carries a token checked on POST — the session's own
//! token once signed in, and for the sign-in form a random token also set
//! as a short-lived cookie (double submit), since there is no session yet.

use crate::error::ApiError;
use crate::state::AppState;
use armswatch_auth::{same_secret, Session};
use armswatch_store::{Action, Decision, Field, SqliteStore, StoreError};
use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

type St = State<Arc<AppState>>;

pub const SESSION_COOKIE: &str = "aw_session";
const SIGNIN_COOKIE: &str = "aw_signin";

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/signin", get(signin_page).post(signin))
        .route("/signout", post(signout))
        .route("/review", get(queue))
        .route("/review/{doc}/{seq}", post(review))
        .route("/entities/decide", post(decide))
}

impl From<armswatch_auth::AuthError> for ApiError {
    fn from(e: armswatch_auth::AuthError) -> ApiError {
        ApiError::internal(e.to_string())
    }
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The signed-in user of this request, if any.
pub fn viewer(s: &SqliteStore, headers: &HeaderMap) -> Result<Option<Session>, ApiError> {
    match cookie(headers, SESSION_COOKIE) {
        Some(token) => Ok(armswatch_auth::session(s.connection(), token)?),
        None => Ok(None),
    }
}

fn set_cookie(app: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if app.options.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    // Names and values are ours (hex), so always a valid header.
    HeaderValue::from_str(&v).unwrap_or(HeaderValue::from_static("x=; Max-Age=0"))
}

fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

fn forbidden(message: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, message).page()
}

fn render(app: &AppState, name: &str, ctx: serde_json::Value) -> Result<Html<String>, ApiError> {
    app.templates
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map(Html)
        .map_err(|e| ApiError::internal(format!("cannot render {name}: {e}")).page())
}

fn signin_form(
    app: &AppState,
    status: StatusCode,
    error: Option<&str>,
) -> Result<Response, ApiError> {
    let token = armswatch_auth::random_hex(32)?;
    let html = render(
        app,
        "signin.html",
        json!({ "nav": "signin", "csrf": token, "error": error }),
    )?;
    let mut res = (status, html).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(app, SIGNIN_COOKIE, &token, 3600),
    );
    Ok(res)
}

async fn signin_page(State(st): St) -> Result<Response, ApiError> {
    signin_form(&st, StatusCode::OK, None).map_err(ApiError::page)
}

#[derive(Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn signin(
    State(st): St,
    headers: HeaderMap,
    Form(f): Form<SigninForm>,
) -> Result<Response, ApiError> {
    let expected = cookie(&headers, SIGNIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !same_secret(expected, &f.csrf) {
        return Err(forbidden(
            "the form's CSRF token is missing or wrong: reload the sign-in page",
        ));
    }
    let started = st
        .write(move |_, s| {
            let user = armswatch_auth::verify(s.connection(), &f.name, &f.password)?;
            match user {
                Some(u) => Ok(Some(armswatch_auth::start_session(s.connection(), &u)?)),
                None => Ok(None),
            }
        })
        .await
        .map_err(ApiError::page)?;
    let Some(session) = started else {
        return signin_form(
            &st,
            StatusCode::UNAUTHORIZED,
            Some("Wrong name or password."),
        );
    };
    let mut res = see_other("/review");
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(
            &st,
            SESSION_COOKIE,
            &session.token,
            armswatch_auth::SESSION_SECS,
        ),
    );
    h.append(header::SET_COOKIE, set_cookie(&st, SIGNIN_COOKIE, "", 0));
    Ok(res)
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// The session of a form's POST whose CSRF token is right; else 403.
fn checked(s: &SqliteStore, headers: &HeaderMap, csrf: &str) -> Result<Session, ApiError> {
    let Some(session) = viewer(s, headers)? else {
        return Err(forbidden("sign in first"));
    };
    if !same_secret(&session.csrf, csrf) {
        return Err(forbidden(
            "the form's CSRF token is missing or wrong: reload the page",
        ));
    }
    Ok(session)
}

async fn signout(
    State(st): St,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Result<Response, ApiError> {
    st.write(move |_, s| {
        checked(s, &headers, &f.csrf)?;
        if let Some(token) = cookie(&headers, SESSION_COOKIE) {
            armswatch_auth::end_session(s.connection(), token)?;
        }
        Ok(())
    })
    .await
    .map_err(ApiError::page)?;
    let mut res = see_other("/");
    res.headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&st, SESSION_COOKIE, "", 0));
    Ok(res)
}

fn record_page(kind: &str, doc: &str, seq: i64) -> String {
    format!("/{kind}s/{}/{seq}", crate::params::path_segment(doc))
}

async fn queue(State(st): St, headers: HeaderMap) -> Result<Response, ApiError> {
    st.read(move |app, s| {
        let Some(me) = viewer(s, &headers)? else {
            return Ok(see_other("/signin"));
        };
        if !me.user.role.can_review() {
            return Err(forbidden("the review queue is for analysts"));
        }
        let items: Vec<_> = s
            .review_queue(100)?
            .into_iter()
            .map(|q| {
                json!({
                    "url": record_page(q.record.kind().as_str(), &q.doc, q.seq),
                    "summary": crate::views::summary(&q.record),
                    "kind": q.record.kind().as_str(),
                    "confidence": format!("{:.2}", q.record.confidence),
                    "published": q.published,
                    "title": q.title,
                })
            })
            .collect();
        let log = armswatch_store::review::audit_log(s.connection(), None, None, 30)?;
        let html = render(
            app,
            "review.html",
            json!({
                "nav": "review", "items": items, "log": log,
                "user": me.user.name, "role": me.user.role.as_str(), "csrf": me.csrf,
            }),
        )?;
        Ok(html.into_response())
    })
    .await
    .map_err(ApiError::page)
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
}

fn action(f: &ReviewForm) -> Result<Action, ApiError> {
    match f.action.as_str() {
        "accept" => Ok(Action::Accept),
        "reject" => Ok(Action::Reject),
        "correct" => {
            let field = Field::parse(&f.field)
                .ok_or_else(|| ApiError::bad_request(format!("unknown field {:?}", f.field)))?;
            Ok(Action::Correct {
                field,
                input: f.value.clone(),
            })
        }
        other => Err(ApiError::bad_request(format!("unknown action {other:?}"))),
    }
}

async fn review(
    State(st): St,
    headers: HeaderMap,
    Path((doc, seq)): Path<(String, i64)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, ApiError> {
    let back = st
        .write(move |_, s| {
            let me = checked(s, &headers, &f.csrf)?;
            if !me.user.role.can_review() {
                return Err(forbidden("reviewing needs the analyst or admin role"));
            }
            let act = action(&f)?;
            match s.review(&doc, seq, &act, &me.user.name, &f.reason) {
                Ok(()) => {}
                Err(StoreError::Review(e)) => return Err(ApiError::bad_request(e.to_string())),
                Err(e) => return Err(e.into()),
            }
            let kind = s.record_at(&doc, seq)?.map(|r| r.record.kind().as_str());
            Ok(match kind {
                Some(k) => record_page(k, &doc, seq),
                None => "/review".to_string(),
            })
        })
        .await
        .map_err(ApiError::page)?;
    Ok(see_other(&back))
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
    #[serde(default)]
    reason: String,
}

/// An analyst's merge or split of two entity names.
async fn decide(
    State(st): St,
    headers: HeaderMap,
    Form(f): Form<DecideForm>,
) -> Result<Response, ApiError> {
    st.write(move |_, s| {
        let me = checked(s, &headers, &f.csrf)?;
        if !me.user.role.can_review() {
            return Err(forbidden(
                "merging and splitting entities needs the analyst or admin role",
            ));
        }
        let kind = Decision::parse(&f.action)
            .ok_or_else(|| ApiError::bad_request(format!("unknown action {:?}", f.action)))?;
        match s.decide_entities(kind, &f.a, &f.b, &me.user.name, &f.reason) {
            Ok(()) => Ok(()),
            Err(StoreError::Review(e)) => Err(ApiError::bad_request(e.to_string())),
            Err(e) => Err(e.into()),
        }
    })
    .await
    .map_err(ApiError::page)?;
    Ok(see_other("/review"))
}

/// The entity page's merge/split panel: the form when the viewer may
/// review.
pub fn entity_panel(s: &SqliteStore, headers: &HeaderMap) -> Result<serde_json::Value, ApiError> {
    let me = viewer(s, headers)?;
    Ok(json!({
        "user": me.as_ref().map(|m| m.user.name.clone()),
        "can_review": me.as_ref().is_some_and(|m| m.user.role.can_review()),
        "csrf": me.map(|m| m.csrf),
    }))
}

/// The record page's review panel: the state, the audit lines of the
/// entry, and the forms when the viewer may review.
pub fn panel(
    s: &SqliteStore,
    headers: &HeaderMap,
    sr: &armswatch_store::query::StoredRecord,
) -> Result<serde_json::Value, ApiError> {
    let me = viewer(s, headers)?;
    let doc = &sr.record.doc;
    let key = s
        .review_of(doc, sr.seq)?
        .map(|(k, _)| k)
        .unwrap_or_default();
    let log = armswatch_store::review::audit_log(s.connection(), Some(doc), Some(&key), 20)?;
    let fields: Vec<&str> = Field::of(sr.record.kind())
        .into_iter()
        .map(Field::as_str)
        .collect();
    Ok(json!({
        "state": sr.review,
        "log": log,
        "user": me.as_ref().map(|m| m.user.name.clone()),
        "can_review": me.as_ref().is_some_and(|m| m.user.role.can_review()),
        "csrf": me.map(|m| m.csrf),
        "action": format!("/review/{}/{}", crate::params::path_segment(doc), sr.seq),
        "fields": fields,
    }))
}

/// Largest page whose header is rewritten for the signed-in user.
const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// Puts the signed-in user and a sign-out button into the header of every
/// page (in place of its "Sign in" link). Pages are rendered without
/// knowing who asks; this keeps them so.
pub async fn account(State(st): St, req: Request<axum::body::Body>, next: Next) -> Response {
    if cookie(req.headers(), SESSION_COOKIE).is_none() {
        return next.run(req).await;
    }
    let headers = req.headers().clone();
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return res;
    }
    let block = st
        .read(move |app, s| {
            let Some(me) = viewer(s, &headers)? else {
                return Ok(None);
            };
            let ctx =
                json!({ "user": me.user.name, "role": me.user.role.as_str(), "csrf": me.csrf });
            Ok(Some(render(app, "viewer.html", ctx)?.0))
        })
        .await;
    let Ok(Some(block)) = block else { return res };
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return ApiError::internal("a page could not be read back").into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let page = match (page.find("<!--viewer-->"), page.find("<!--/viewer-->")) {
        (Some(a), Some(b)) if a < b => format!("{}{block}{}", &page[..a], &page[b..]),
        _ => page.into_owned(),
    };
    let mut res = Response::from_parts(parts, axum::body::Body::from(page));
    res.headers_mut().remove(header::CONTENT_LENGTH);
    res
}

/// Closes reading to strangers on a private server: pages go to the
/// sign-in form, the API answers 401 unless the bearer token is given.
pub async fn gate(State(st): St, req: Request<axum::body::Body>, next: Next) -> Response {
    let path = req.uri().path();
    if !st.options.private || path == "/signin" || path.starts_with("/assets/") {
        return next.run(req).await;
    }
    let bearer = crate::api::bearer_token(req.headers()).map(str::to_string);
    if let (Some(given), Some(token)) = (bearer, st.token()) {
        if same_secret(&given, token) {
            return next.run(req).await;
        }
    }
    let headers = req.headers().clone();
    let signed_in = st
        .read(move |_, s| Ok(viewer(s, &headers)?.is_some()))
        .await
        .unwrap_or(false);
    if signed_in {
        return next.run(req).await;
    }
    if path.starts_with("/api") {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this server is private: sign in or give the bearer token",
        )
        .into_response();
    }
    see_other("/signin")
}
