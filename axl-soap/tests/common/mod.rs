//! Shared fixtures: a small in-memory CUCM directory and a loopback server (plain or TLS).
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::Arc;

use axl_soap::server::{router, serve, Access, Dispatcher, MemoryDirectory, ServerConfig};
use axl_soap::{Devices, Dirn, Extension, Line, Phone, PhoneLine, PhoneLines, User};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const ADMIN: (&str, &str) = ("axladmin", "axl-secret");
pub const READER: (&str, &str) = ("axlreader", "read-secret");
pub const NOROLE: (&str, &str) = ("norole", "norole-secret");

/// Three agents with phones and lines, plus AXL application users of each access level.
pub fn directory() -> MemoryDirectory {
    let dir = MemoryDirectory::new("12.5.1.11900(146)");
    dir.add_app_user(ADMIN.0, ADMIN.1, Access::ReadWrite);
    dir.add_app_user(READER.0, READER.1, Access::ReadOnly);
    dir.add_app_user(NOROLE.0, NOROLE.1, Access::NoAxlRole);
    for (i, (id, first, last)) in [
        ("jdoe", "John", "Doe"),
        ("alee", "Ann", "Lee"),
        ("bsmith", "Bob", "Smith"),
    ]
    .into_iter()
    .enumerate()
    {
        let ext = format!("100{}", i + 1);
        let phone = format!("SEP00112233445{i}");
        dir.insert_user(
            User {
                first_name: Some(first.into()),
                last_name: Some(last.into()),
                userid: Some(id.into()),
                mailid: Some(format!("{id}@example.com")),
                department: Some("Sales".into()),
                telephone_number: Some(format!("+1 555 0{ext}")),
                associated_devices: Some(Devices {
                    device: vec![phone.clone()],
                }),
                primary_extension: Some(Extension {
                    pattern: Some(ext.clone()),
                    route_partition_name: Some("Internal".into()),
                }),
                enable_cti: Some(true),
                presence_group_name: Some("Standard Presence group".into()),
                ipcc_extension: Some(ext.clone()),
                ..Default::default()
            },
            Some(&format!("{id}-pw")),
            Some("12345"),
        );
        dir.insert_phone(Phone {
            name: Some(phone.clone()),
            description: Some(format!("{first} {last} desk")),
            product: Some("Cisco 8841".into()),
            model: Some("Cisco 8841".into()),
            class: Some("Phone".into()),
            protocol: Some("SIP".into()),
            protocol_side: Some("User".into()),
            device_pool_name: Some("Default".into()),
            lines: Some(PhoneLines {
                line: vec![PhoneLine {
                    index: Some(1),
                    dirn: Some(Dirn {
                        pattern: Some(ext.clone()),
                        route_partition_name: Some("Internal".into()),
                    }),
                    ..Default::default()
                }],
            }),
            owner_user_name: Some(id.into()),
            ..Default::default()
        });
        dir.insert_line(Line {
            pattern: Some(ext),
            description: Some(format!("{first} {last}")),
            usage: Some("Device".into()),
            route_partition_name: Some("Internal".into()),
            associated_devices: Some(Devices {
                device: vec![phone],
            }),
            ..Default::default()
        });
    }
    dir.insert_phone(Phone {
        name: Some("CTIPORT1".into()),
        description: Some("UCCX CTI port".into()),
        product: Some("CTI Port".into()),
        protocol: Some("SCCP".into()),
        ..Default::default()
    });
    dir
}

/// A self-signed certificate for 127.0.0.1 / localhost and the server TLS config.
pub fn tls() -> (
    Arc<rustls::ServerConfig>,
    rustls::pki_types::CertificateDer<'static>,
) {
    let cert =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let der = cert.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![der.clone()], key)
    .unwrap();
    (Arc::new(config), der)
}

/// A running loopback server; dropping it stops the accept loop.
pub struct TestServer {
    pub addr: SocketAddr,
    pub cert: Option<rustls::pki_types::CertificateDer<'static>>,
    pub dispatcher: Arc<Dispatcher<MemoryDirectory>>,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn start(with_tls: bool, config: ServerConfig) -> TestServer {
    let dispatcher = Arc::new(Dispatcher::new(Arc::new(directory()), config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tls, cert) = if with_tls {
        let (cfg, der) = tls();
        (Some(cfg), Some(der))
    } else {
        (None, None)
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(dispatcher.clone());
    tokio::spawn(async move {
        let _ = serve(listener, tls, app, async {
            let _ = stopped.await;
        })
        .await;
    });
    TestServer {
        addr,
        cert,
        dispatcher,
        stop: Some(stop),
    }
}
