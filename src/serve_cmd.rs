//! `armswatch serve`: the web UI and HTTP API (crates/serve) on a tokio
//! runtime of its own.

use anyhow::{Context, Result};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::process::ExitCode;

/// Serves the register in `db` on `addr` until Ctrl-C. With `token`, POST
/// /api/documents accepts articles carrying it; without, read-only.
pub fn serve(db: &Path, addr: String, token: Option<String>) -> Result<ExitCode> {
    let addr = resolve(&addr)?;
    run(db, &[addr], token)
}

/// Like [`serve`], trying each address in turn until one can be bound (the
/// demo falls back to a free port when 8080 is taken).
pub fn serve_first(db: &Path, addrs: &[SocketAddr], token: Option<String>) -> Result<ExitCode> {
    run(db, addrs, token)
}

fn resolve(addr: &str) -> Result<SocketAddr> {
    addr.to_socket_addrs()
        .with_context(|| format!("--addr {addr:?}: expected HOST:PORT, e.g. 127.0.0.1:8080"))?
        .next()
        .with_context(|| format!("--addr {addr:?} resolves to no address"))
}

fn run(db: &Path, addrs: &[SocketAddr], token: Option<String>) -> Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        let mut last = None;
        for addr in addrs {
            match armswatch_serve::bind(db.to_path_buf(), *addr, token.clone()).await {
                Ok(bound) => {
                    let local = bound.local_addr();
                    let mode = if token.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                        "POST /api/documents accepts the token"
                    } else {
                        "read-only"
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
