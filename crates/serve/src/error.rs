//! Errors: the server's own ([`ServeError`]) and those answered to a
//! request ([`ApiError`]: JSON `{"error": "...", "status": N}` under
//! `/api/`, an HTML page elsewhere).

use armswatch_store::query::QueryError;
use armswatch_store::StoreError;
use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use std::net::SocketAddr;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot load the extractor: {0}")]
    Extractor(String),
    #[error("cannot load the page templates: {0}")]
    Templates(String),
    #[error(transparent)]
    Io(std::io::Error),
}

/// The JSON of an error answer.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What is wrong, for a person.
    pub error: String,
    /// The HTTP status code again.
    pub status: u16,
}

/// An error answered to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Answer with an HTML page rather than JSON.
    pub html: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            html: false,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The same error, answered as an HTML page.
    pub fn page(mut self) -> ApiError {
        self.html = true;
        self
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::internal(format!("database error: {e}"))
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> ApiError {
        match e {
            QueryError::BadCursor(_) => ApiError::bad_request(format!("invalid cursor: {e}")),
            QueryError::Store(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.html {
            let body = error_page(self.status, &self.message);
            (self.status, Html(body)).into_response()
        } else {
            let body = ErrorBody {
                status: self.status.as_u16(),
                error: self.message,
            };
            (self.status, Json(body)).into_response()
        }
    }
}

/// Escapes text for HTML content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A small page of its own, so that an error can be shown even when the
/// templates are the problem.
fn error_page(status: StatusCode, message: &str) -> String {
    let reason = status.canonical_reason().unwrap_or("Error");
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{code} {reason} · armswatch</title>\
         <link rel=\"stylesheet\" href=\"/assets/style.css\"></head>\
         <body><header class=\"top\"><a class=\"brand\" href=\"/\">armswatch</a></header>\
         <main><h1>{code} {reason}</h1><p class=\"error-message\">{msg}</p>\
         <p><a href=\"/\">Home</a> · <a href=\"/register\">Register</a> · \
         <a href=\"/search\">Search</a></p></main></body></html>\n",
        code = status.as_u16(),
        reason = esc(reason),
        msg = esc(message),
    )
}

fn is_api(uri: &Uri) -> bool {
    uri.path() == "/api" || uri.path().starts_with("/api/")
}

pub async fn not_found(uri: Uri) -> ApiError {
    let e = ApiError::not_found(format!("no such page: {}", uri.path()));
    if is_api(&uri) {
        e
    } else {
        e.page()
    }
}

pub async fn method_not_allowed(uri: Uri) -> ApiError {
    let e = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method not allowed on {}", uri.path()),
    );
    if is_api(&uri) {
        e
    } else {
        e.page()
    }
}

/// The answer when a handler panics: a JSON 500, never a dropped
/// connection.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let body = serde_json::json!({"error": "internal error", "status": 500}).to_string();
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}
