//! Our client against our server over loopback: TLS, Basic auth, JSESSIONID reuse,
//! connection reuse, typed calls, faults, retry after 503.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axl_soap::client::{tls_config_insecure, tls_config_with_roots, AxlClient, ClientError};
use axl_soap::server::{router, Dispatcher, ServerConfig, ThrottleConfig};
use axl_soap::*;
use common::{ADMIN, NOROLE, READER};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;

fn roots(server: &common::TestServer) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(server.cert.clone().unwrap()).unwrap();
    tls_config_with_roots(roots)
}

#[tokio::test]
async fn typed_calls_over_tls() {
    let server = common::start(true, ServerConfig::default()).await;
    let url = format!("https://127.0.0.1:{}/axl/", server.addr.port());
    let axl = AxlClient::builder(&url, ADMIN.0, ADMIN.1)
        .tls(roots(&server))
        .build()
        .unwrap();
    axl.check().await.unwrap();

    let v = axl.call(GetCcmVersionReq::default()).await.unwrap();
    assert_eq!(v.component_version.version, "12.5.1.11900(146)");
    let cookie = axl.session_cookie().expect("JSESSIONID after first call");
    assert!(cookie.starts_with("JSESSIONID="));

    let user = axl
        .call(GetUserReq {
            userid: Some("jdoe".into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .user;
    assert_eq!(user.ipcc_extension.as_deref(), Some("1001"));
    // The cookie was sent back, so the server issued no new one.
    assert_eq!(axl.session_cookie().as_deref(), Some(cookie.as_str()));

    let users = axl
        .call(ListUserReq {
            search_criteria: UserSearch {
                department: Some("Sales".into()),
                ..Default::default()
            },
            returned_tags: ReturnedTags::of(["userid", "lastName"]),
            skip: None,
            first: Some(2),
        })
        .await
        .unwrap()
        .users;
    assert_eq!(
        users
            .iter()
            .map(|u| u.userid.as_deref().unwrap())
            .collect::<Vec<_>>(),
        ["jdoe", "alee"]
    );

    let err = axl
        .call(GetUserReq {
            userid: Some("ghost".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.axl_code(), Some(5007), "{err}");

    let auth = axl
        .call(DoAuthenticateUserReq {
            userid: "bsmith".into(),
            password: Some("bsmith-pw".into()),
            pin: None,
        })
        .await
        .unwrap();
    assert!(auth.user_authenticated);

    let raw = axl
        .call_request(AxlRequest::Unknown(UnknownOperation {
            name: "getSipTrunk".into(),
            xml: "<ns0:getSipTrunk xmlns:ns0=\"http://www.cisco.com/AXL/API/12.5\"><name>t</name></ns0:getSipTrunk>".into(),
        }))
        .await
        .unwrap_err();
    assert!(matches!(raw, ClientError::Fault(_)), "{raw}");

    // Insecure mode for lab CUCMs with self-signed certificates.
    let lab = AxlClient::builder(&url, ADMIN.0, ADMIN.1)
        .tls(tls_config_insecure())
        .build()
        .unwrap();
    lab.check().await.unwrap();
    // Certificate verification is on by default: an untrusted certificate fails.
    let strict = AxlClient::builder(&url, ADMIN.0, ADMIN.1)
        .tls(tls_config_with_roots(rustls::RootCertStore::empty()))
        .build()
        .unwrap();
    assert!(matches!(strict.check().await, Err(ClientError::Connect(_))));
}

#[tokio::test]
async fn credentials_and_roles() {
    let server = common::start(true, ServerConfig::default()).await;
    let url = format!("https://127.0.0.1:{}/axl/", server.addr.port());
    let client = |(u, p): (&str, &str)| {
        AxlClient::builder(&url, u, p)
            .tls(roots(&server))
            .build()
            .unwrap()
    };

    assert!(matches!(
        client((ADMIN.0, "bad")).check().await,
        Err(ClientError::Unauthorized)
    ));
    assert!(matches!(
        client((ADMIN.0, "bad"))
            .call(GetCcmVersionReq::default())
            .await,
        Err(ClientError::Unauthorized)
    ));
    assert!(matches!(
        client(NOROLE).check().await,
        Err(ClientError::Forbidden)
    ));
    let reader = client(READER);
    reader.call(GetCcmVersionReq::default()).await.unwrap();
    let err = reader
        .call(RemoveUserReq {
            userid: Some("jdoe".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Fault(ref f) if f.fault.reason.contains("read-only")),
        "{err}"
    );
    assert_eq!(
        server.dispatcher.service().users().len(),
        3,
        "nothing was removed"
    );
}

/// A plain-HTTP server whose accept loop counts connections.
async fn counting_server(config: ServerConfig) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let dispatcher = Arc::new(Dispatcher::new(Arc::new(common::directory()), config));
    let app = router(dispatcher);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            let svc = TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    (addr, count)
}

#[tokio::test]
async fn connections_are_reused() {
    let (addr, count) = counting_server(ServerConfig::default()).await;
    let axl = AxlClient::builder(format!("http://{addr}/axl/"), ADMIN.0, ADMIN.1)
        .build()
        .unwrap();
    for _ in 0..10 {
        axl.call(GetCcmVersionReq::default()).await.unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 1);
    // Concurrent calls open more connections, then those are reused too.
    let calls = (0..4).map(|_| {
        let axl = axl.clone();
        tokio::spawn(async move {
            axl.call(GetUserReq {
                userid: Some("alee".into()),
                ..Default::default()
            })
            .await
        })
    });
    for c in calls {
        c.await.unwrap().unwrap();
    }
    let after_burst = count.load(Ordering::SeqCst);
    assert!(after_burst <= 4, "{after_burst}");
    for _ in 0..5 {
        axl.call(GetCcmVersionReq::default()).await.unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), after_burst);
}

#[tokio::test]
async fn retries_after_503() {
    let config = ServerConfig {
        write_throttle: Some(ThrottleConfig {
            burst: 1,
            per_second: 4.0,
        }),
        ..ServerConfig::default()
    };
    let (addr, _) = counting_server(config).await;
    let url = format!("http://{addr}/axl/");
    let update = |dept: &str| UpdateUserReq {
        userid: Some("jdoe".into()),
        department: Some(dept.into()),
        ..Default::default()
    };

    let patient = AxlClient::builder(&url, ADMIN.0, ADMIN.1)
        .retries(3, Duration::from_millis(300))
        .build()
        .unwrap();
    patient.call(update("A")).await.unwrap();
    let t = tokio::time::Instant::now();
    patient.call(update("B")).await.unwrap(); // 503 (Retry-After: 1, capped at 300 ms), then OK
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );

    let impatient = AxlClient::builder(&url, ADMIN.0, ADMIN.1)
        .retries(0, Duration::ZERO)
        .build()
        .unwrap();
    let err = impatient.call(update("C")).await.unwrap_err();
    assert!(
        matches!(err, ClientError::Throttled { attempts: 1 }),
        "{err}"
    );
}

#[test]
fn builder_rejects_bad_settings() {
    assert!(matches!(
        AxlClient::builder("ftp://x/axl/", "u", "p").build(),
        Err(ClientError::Config(_))
    ));
    assert!(matches!(
        AxlClient::builder("https://cucm:8443/axl/", "u", "p").build(),
        Err(ClientError::Config(_))
    ));
    assert!(AxlClient::builder("http://cucm:8080/axl/", "u", "p")
        .version(AxlVersion::V14_0)
        .build()
        .is_ok());
}

#[tokio::test]
async fn stopping_the_server_closes_kept_alive_connections() {
    let server = common::start(true, ServerConfig::default()).await;
    let url = format!("https://127.0.0.1:{}/axl/", server.addr.port());
    let axl = AxlClient::builder(&url, ADMIN.0, ADMIN.1)
        .tls(roots(&server))
        .retries(0, Duration::ZERO)
        .build()
        .unwrap();
    // The client now holds an idle keep-alive connection.
    axl.call(GetCcmVersionReq::default()).await.unwrap();
    drop(server);
    // Without the close, the kept connection would go on answering forever.
    let failed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Err(e) = axl.call(GetCcmVersionReq::default()).await {
                return e;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the stopped server still answers over the kept connection");
    assert!(
        matches!(failed, ClientError::Connect(_) | ClientError::Http(_)),
        "{failed:?}"
    );
}

/// `serve` returns only once its connections are closed: a connection a client kept open
/// is at its end the moment `serve` has returned, so no request can still slip through
/// it to a server that has been told to stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_returns_once_kept_connections_are_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dispatcher = Arc::new(Dispatcher::new(
        Arc::new(common::directory()),
        ServerConfig::default(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::serve(listener, None, router(dispatcher), async {
        let _ = stopped.await;
    }));
    // Three idle keep-alive connections, each having had one exchange.
    let mut kept = Vec::new();
    for _ in 0..3 {
        let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        tcp.write_all(b"GET /axl/ HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 4096];
        let n = tcp.read(&mut buf).await.unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 "), "an answer first");
        kept.push(tcp);
    }
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("serve returns within its grace")
        .unwrap()
        .unwrap();
    for tcp in kept {
        // One non-blocking read straight on the socket: the server's FIN must be there
        // already (a connection still open would say WouldBlock).
        let mut tcp = tcp.into_std().unwrap();
        tcp.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 64];
        let read = std::io::Read::read(&mut tcp, &mut buf);
        assert!(
            matches!(&read, Ok(0))
                || matches!(&read, Err(e) if e.kind() != std::io::ErrorKind::WouldBlock),
            "the connection is closed already: {read:?}"
        );
    }
}
