//! Accept loops: plain TCP and TLS (tokio-rustls), HTTP/1.1 via hyper.

use std::io;
use std::sync::Arc;

use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use super::{BoshHttp, CloseConnection, HttpResponse, XmppService};

impl<S: XmppService> BoshHttp<S> {
    /// Serves plain HTTP on `listener` until the listener fails.
    pub async fn serve(self, listener: TcpListener) -> io::Result<()> {
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            let this = self.clone();
            tokio::spawn(async move { this.serve_connection(TokioIo::new(stream), false).await });
        }
    }

    /// Serves HTTPS on `listener` with `tls` (a rustls `ServerConfig`, ring provider);
    /// sessions created here are marked secure (XEP-0124 §20.1).
    pub async fn serve_tls(
        self,
        listener: TcpListener,
        tls: Arc<tokio_rustls::rustls::ServerConfig>,
    ) -> io::Result<()> {
        let acceptor = TlsAcceptor::from(tls);
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            let this = self.clone();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(stream).await {
                    this.serve_connection(TokioIo::new(tls), true).await;
                }
            });
        }
    }

    /// Serves one accepted connection (HTTP/1.1, keep-alive, no pipelining needed).
    pub async fn serve_connection<I>(&self, io: I, secure: bool)
    where
        I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    {
        let this = self.clone();
        let service = service_fn(move |req: hyper::Request<Incoming>| {
            let this = this.clone();
            async move {
                match this.handle(req, secure).await {
                    Ok(resp) => Ok::<HttpResponse, CloseConnection>(resp),
                    Err(close) => Err(close),
                }
            }
        });
        let _ = hyper::server::conn::http1::Builder::new()
            .keep_alive(true)
            .serve_connection(io, service)
            .await;
    }
}
