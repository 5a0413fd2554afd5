//! Accept loops: the REST router served over plain TCP and over TLS with hyper's HTTP/1.1.

use std::sync::Arc;

use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use crate::lab::notify::TlsConnection;

/// Most connections served at once per listener; more are closed on accept. A desktop
/// keeps one or two open (its REST calls, and `/http-bind` when it shares the origin), so
/// this serves several thousand agents, the load tool's 5,000 among them (4,096 refused
/// the last 904 of them); an idle HTTP/1.1 connection costs a few kilobytes.
const MAX_CONNECTIONS: usize = 16_384;
/// How long a TLS handshake may take.
const HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `router` on `listener` (TLS when `tls` is given) until `stop` turns true; open
/// connections are dropped then.
pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    let acceptor = tls.map(TlsAcceptor::from);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                while connections.try_join_next().is_some() {}
                if connections.len() >= MAX_CONNECTIONS {
                    tracing::warn!(%peer, "too many REST connections; closing");
                    continue;
                }
                let _ = stream.set_nodelay(true);
                let router = router.clone();
                let acceptor = acceptor.clone();
                connections.spawn(async move {
                    let builder = hyper::server::conn::http1::Builder::new();
                    match acceptor {
                        Some(acceptor) => {
                            let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await else {
                                return;
                            };
                            // Requests that came over TLS say so (BOSH marks their sessions secure).
                            let service = TowerToHyperService::new(router.layer(Extension(TlsConnection)));
                            let _ = builder.serve_connection(TokioIo::new(tls), service).await;
                        }
                        None => {
                            let service = TowerToHyperService::new(router);
                            let _ = builder.serve_connection(TokioIo::new(stream), service).await;
                        }
                    }
                });
            }
            _ = stop.changed() => break,
        }
    }
    connections.shutdown().await;
}
