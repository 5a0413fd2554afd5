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

/// Accepts connections on `listener` until `shutdown` completes, serving `app` over
/// HTTP/1.1 with keep-alive, through TLS when `tls` is given. Each connection runs in its
/// own task; a failed handshake or connection affects no other.
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
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            () = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) if is_per_connection(&e) => continue,
                Err(e) => return Err(e),
            },
        };
        let service = TowerToHyperService::new(app.clone());
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let builder = hyper::server::conn::http1::Builder::new();
            match acceptor {
                Some(acceptor) => {
                    if let Ok(tls) = acceptor.accept(stream).await {
                        let _ = builder.serve_connection(TokioIo::new(tls), service).await;
                    }
                }
                None => {
                    let _ = builder
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                }
            }
        });
    }
}

fn is_per_connection(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    )
}
