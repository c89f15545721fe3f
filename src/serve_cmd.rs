//! `armswatch serve`: the web UI and HTTP API (crates/serve) on a tokio
//! runtime of its own.

use anyhow::{Context, Result};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// How often the server sends due webhooks (matches of articles POSTed to
/// the API, and retries of earlier failures).
const DELIVERY_EVERY: Duration = Duration::from_secs(10);

/// Serves the register in `db` on `addr` until Ctrl-C. With `token`, POST
/// /api/documents accepts articles carrying it; without, read-only.
pub fn serve(db: &Path, addr: String, options: armswatch_serve::Options) -> Result<ExitCode> {
    let addr = resolve(&addr)?;
    run(db, &[addr], options)
}

/// Like [`serve`], trying each address in turn until one can be bound (the
/// demo falls back to a free port when 8080 is taken).
pub fn serve_first(db: &Path, addrs: &[SocketAddr], token: Option<String>) -> Result<ExitCode> {
    let options = armswatch_serve::Options {
        token,
        ..Default::default()
    };
    run(db, addrs, options)
}

fn resolve(addr: &str) -> Result<SocketAddr> {
    addr.to_socket_addrs()
        .with_context(|| format!("--addr {addr:?}: expected HOST:PORT, e.g. 127.0.0.1:8080"))?
        .next()
        .with_context(|| format!("--addr {addr:?} resolves to no address"))
}

/// Sends due webhooks in the background until the process ends (a
/// delivery cut short stays in the outbox for the next run). Stops at the
/// first database error (a read-only file) rather than repeat it.
fn spawn_deliverer(db: &Path) {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let store = match crate::commands::open(&db) {
            Ok(s) => s,
            Err(e) => return eprintln!("warning: webhook delivery off: {e:#}"),
        };
        let policy = armswatch_alerts::Policy::default();
        loop {
            match armswatch_alerts::deliver(store.connection(), &policy) {
                Ok(run) => {
                    for e in &run.errors {
                        eprintln!("warning: {e}");
                    }
                }
                Err(e) => {
                    return eprintln!(
                    "warning: webhook delivery stopped: {e} (`armswatch alert deliver` sends them)"
                )
                }
            }
            std::thread::sleep(DELIVERY_EVERY);
        }
    });
}

fn run(db: &Path, addrs: &[SocketAddr], options: armswatch_serve::Options) -> Result<ExitCode> {
    let token = options.token.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        let mut last = None;
        for addr in addrs {
            match armswatch_serve::bind_with(db.to_path_buf(), *addr, options.clone()).await {
                Ok(bound) => {
                    spawn_deliverer(db);
                    let local = bound.local_addr();
                    let mode = if token.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                        "POST /api/documents accepts the token"
                    } else {
                        "read-only API"
                    };
                    let mode = match options.private {
                        true => format!("{mode}; private: reading needs signing in"),
                        false => mode.to_string(),
                    };
                    eprintln!(
                        "armswatch: serving {} ({mode}) at http://{local}/  (Ctrl-C stops)",
                        db.display()
                    );
                    // The URL on stdout too, for whoever runs us.
                    println!("http://{local}/");
                    bound
                        .run()
                        .await
                        .with_context(|| format!("serving on {local}"))?;
                    return Ok(ExitCode::SUCCESS);
                }
                Err(e @ armswatch_serve::ServeError::Bind { .. }) => last = Some(e),
                Err(e) => return Err(e).with_context(|| format!("opening {}", db.display())),
            }
        }
        match last {
            Some(e) => Err(e.into()),
            None => anyhow::bail!("no address to listen on"),
        }
    })
}
