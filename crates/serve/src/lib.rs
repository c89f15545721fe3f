//! `armswatch serve`: the analysts' web UI and HTTP API over the register.
//!
//! Pages are rendered on the server (they read fine with JavaScript off);
//! the only script adds hover highlighting to the network graph. Every
//! asset is compiled into the binary: no CDN, no external fonts.
//!
//! ```no_run
//! # async fn run() -> Result<(), armswatch_serve::ServeError> {
//! let bound = armswatch_serve::bind("armswatch.db".into(), "127.0.0.1:0".parse().unwrap(), None).await?;
//! println!("http://{}/", bound.local_addr());
//! bound.run().await
//! # }
//! ```
//!
//! SQLite is reached from blocking threads (`spawn_blocking`) through a
//! small pool of read connections and one write connection; a POSTed
//! article is stored in one transaction by `Store::put`.

mod api;
mod conn;
mod countries;
mod error;
mod highlight;
mod openapi;
mod pages;
mod params;
mod state;
mod svg;
mod users;
mod views;

pub use conn::Limits;
pub use error::ServeError;
pub use state::{AppState, Options};

use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Largest request body accepted (`POST /api/documents`): 10 MB.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The application: every page and API route over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(users::routes())
        .route("/assets/{name}", get(pages::asset))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            users::account,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            users::gate,
        ))
        .layer(middleware::from_fn(security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
        .with_state(state)
}

/// Headers that keep pages from loading anything from elsewhere and from
/// running inline script, whatever an article contains.
async fn security_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// A server bound to its address, not yet accepting requests.
pub struct Bound {
    listener: tokio::net::TcpListener,
    app: Router,
    addr: SocketAddr,
    limits: Limits,
}

impl Bound {
    /// The address actually bound (the port is chosen by the system when
    /// 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The same server with other connection limits.
    pub fn with_limits(mut self, limits: Limits) -> Bound {
        self.limits = limits;
        self
    }

    /// Serves until Ctrl-C (or SIGTERM), then finishes the requests in
    /// flight.
    pub async fn run(self) -> Result<(), ServeError> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        conn::serve(self.listener, self.app, self.limits, stop)
            .await
            .map_err(ServeError::Io)
    }
}

/// Opens the database at `db` and binds `addr`. With `token`, `POST
/// /api/documents` accepts articles carrying it as a bearer token; without,
/// the server is read-only.
pub async fn bind(
    db: PathBuf,
    addr: SocketAddr,
    token: Option<String>,
) -> Result<Bound, ServeError> {
    bind_with(
        db,
        addr,
        Options {
            token,
            ..Options::default()
        },
    )
    .await
}

/// [`bind`] with every setting (private reading, secure cookies).
pub async fn bind_with(
    db: PathBuf,
    addr: SocketAddr,
    options: Options,
) -> Result<Bound, ServeError> {
    let state = tokio::task::spawn_blocking(move || AppState::open_with(&db, options))
        .await
        .map_err(|e| ServeError::Io(std::io::Error::other(e.to_string())))??;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let addr = listener.local_addr().map_err(ServeError::Io)?;
    Ok(Bound {
        listener,
        app: router(state),
        addr,
        limits: Limits::default(),
    })
}

/// Serves the register in `db` on `addr` until Ctrl-C.
pub async fn serve(db: PathBuf, addr: SocketAddr, token: Option<String>) -> Result<(), ServeError> {
    bind(db, addr, token).await?.run().await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
