//! The accept loop: HTTP/1 connections with a header-read timeout and a cap
//! on how many are open at once, so slow or idle clients cannot hold the
//! server (axum::serve has neither).

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long and how many connections the server keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time a connection has to send a request's headers, counted from
    /// when the server starts waiting for them (on a new connection, or
    /// after the previous answer on a kept-alive one). Idle and slow
    /// clients are closed after it.
    pub header_read_timeout: Duration,
    /// Connections open at once; past it the server stops accepting until
    /// one closes (the others wait in the listen backlog).
    pub max_connections: usize,
    /// Time a POSTed body has to arrive in full (then 408).
    pub body_read_timeout: Duration,
}

/// [`Limits::body_read_timeout`], for the handlers that read a body.
#[derive(Debug, Clone, Copy)]
pub struct BodyReadTimeout(pub Duration);

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
            // 10 MB at 200 kB/s.
            body_read_timeout: Duration::from_secs(60),
        }
    }
}

/// Accepts connections on `listener` and serves `app` on them until `stop`
/// completes, then lets the requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.layer(axum::Extension(BodyReadTimeout(limits.body_read_timeout)));
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&slots).acquire_owned() => match p {
                Ok(p) => p,
                // The semaphore is never closed.
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let (stream, _) = tokio::select! {
            a = listener.accept() => match a {
                Ok(a) => a,
                // Out of file descriptors and the like: wait, don't spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away or times out is not the server's error.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
