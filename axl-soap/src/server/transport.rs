//! The I/O shell: an axum router over a [`Dispatcher`] and an accept loop for plain TCP
//! or TLS.

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::dispatch::Dispatcher;
use super::service::AxlService;

/// An axum router serving AXL on `/axl/` (and `/axl`) through `dispatcher`; everything
/// else is 404. Merge it into your own app or pass it to [`serve`].
pub fn router<S: AxlService>(dispatcher: Arc<Dispatcher<S>>) -> Router {
    Router::new()
        .route("/axl/", any(handle::<S>))
        .route("/axl", any(handle::<S>))
        .with_state(dispatcher)
}

async fn handle<S: AxlService>(
    State(dispatcher): State<Arc<Dispatcher<S>>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let limit = dispatcher.config().limits.max_bytes;
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        let fault = crate::AxlFault::client(format!("request body larger than {limit} bytes"));
        let mut xml = String::new();
        crate::encode_fault(&mut xml, crate::SoapVersion::V11, &fault);
        return (
            http::StatusCode::PAYLOAD_TOO_LARGE,
            [(http::header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            xml,
        )
            .into_response();
    };
    // The I/O shell is where time is read; the dispatcher itself takes it as input.
    let now = tokio::time::Instant::now().into_std();
    dispatcher
        .handle(now, http::Request::from_parts(parts, bytes))
        .await
        .map(Body::from)
        .into_response()
}

/// How long [`serve`] waits, once told to stop, for open connections to finish the
/// exchange in progress; connections still open then are cut.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Accepts connections on `listener` until `shutdown` completes, serving `app` over
/// HTTP/1.1 with keep-alive, through TLS when `tls` is given. Each connection runs in its
/// own task; a failed handshake or connection affects no other. When `shutdown`
/// completes, open connections finish the exchange in progress and are closed (idle
/// keep-alive connections at once), and `serve` returns once they all are (at most
/// [`SHUTDOWN_GRACE`] later): a client's next request, even on a connection it kept,
/// finds the server gone.
///
/// # Errors
/// Only errors of `listener.accept()` that are not per-connection end the loop.
pub async fn serve(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    app: Router,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    // Tells every connection task to close once the loop ends (the sender drops).
    let (closing, closed) = tokio::sync::watch::channel(());
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    let result = loop {
        let (stream, _peer) = tokio::select! {
            () = &mut shutdown => break Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) if is_per_connection(&e) => continue,
                Err(e) => break Err(e),
            },
        };
        // Finished connections leave the set as new ones come.
        while connections.try_join_next().is_some() {}
        let service = TowerToHyperService::new(app.clone());
        let acceptor = acceptor.clone();
        let closed = closed.clone();
        connections.spawn(async move {
            match acceptor {
                Some(acceptor) => {
                    if let Ok(tls) = acceptor.accept(stream).await {
                        serve_connection(TokioIo::new(tls), service, closed).await;
                    }
                }
                None => serve_connection(TokioIo::new(stream), service, closed).await,
            }
        });
    };
    drop(listener);
    drop(closing);
    let drained = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drained).await.is_err() {
        connections.shutdown().await;
    }
    result
}

/// Serves one connection until it ends, shutting it down gracefully once `closed` says
/// the server stops.
async fn serve_connection<I, S>(io: I, service: S, mut closed: tokio::sync::watch::Receiver<()>)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    S: hyper::service::HttpService<hyper::body::Incoming> + Send + 'static,
    S::Future: Send + 'static,
    S::ResBody: Send + 'static,
    <S::ResBody as hyper::body::Body>::Data: Send,
    <S::ResBody as hyper::body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let connection = hyper::server::conn::http1::Builder::new().serve_connection(io, service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = closed.changed() => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}

fn is_per_connection(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    )
}
