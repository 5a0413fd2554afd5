//! Entry points for the cargo-fuzz targets in `fuzz/` (compiled only with `--cfg fuzzing`).
//! Each asserts invariants, not just "no panic".

use crate::{
    decode_request, decode_response, encode_request, AxlFault, AxlRequest, Envelope, Limits,
};

/// Parses `data` as an envelope and as an AXL request. A Fault that parses must write and
/// parse back to itself; a typed request that decodes must encode and decode back to
/// itself.
pub fn soap_envelope(data: &[u8]) {
    let limits = Limits::default();
    if let Ok(env) = Envelope::parse(data, &limits) {
        assert!(!env.body.name().is_empty());
        if let Some(Ok(fault)) = env.fault() {
            let mut xml = String::new();
            crate::write_envelope(&mut xml, env.version, "f", &[], |out| {
                fault.write(env.version, "f", out)
            });
            let again = Envelope::parse(xml.as_bytes(), &Limits::for_responses())
                .expect("written fault parses");
            let back = again.fault().expect("is a fault").expect("fault parses");
            assert_eq!(back.code, fault.code);
            assert_eq!(back.reason, fault.reason);
        }
    }
    if let Ok(call) = decode_request(data, None, &limits) {
        if matches!(call.request, AxlRequest::Unknown(_)) {
            return;
        }
        let mut xml = String::new();
        if encode_request(
            &mut xml,
            call.soap,
            call.version,
            call.sequence,
            &call.request,
        )
        .is_ok()
        {
            let again = decode_request(xml.as_bytes(), None, &Limits::for_responses())
                .expect("re-encoded request decodes");
            assert_eq!(again.request, call.request, "decode(encode(r)) == r\n{xml}");
            assert_eq!(again.sequence, call.sequence);
        }
    }
    let _ = decode_response(data, "listUser", &limits);
}

/// Feeds `data` to the server dispatcher as the body of `POST /axl/` from an authorized
/// user (the first byte picks the user, the SOAP version hint and whether a SOAPAction is
/// sent). Every answer must be a well-formed HTTP response: 200 with a response envelope
/// that decodes, or an error status whose body is a SOAP fault.
#[cfg(feature = "server")]
pub fn axl_request(data: &[u8]) {
    use std::future::Future;
    use std::pin::pin;
    use std::sync::{Arc, OnceLock};
    use std::task::{Context, Poll, Waker};
    use std::time::Instant;

    use crate::server::{Access, Dispatcher, MemoryDirectory, ServerConfig};
    use crate::User;

    static DISPATCHER: OnceLock<(Dispatcher<MemoryDirectory>, Instant)> = OnceLock::new();
    let (dispatcher, t0) = DISPATCHER.get_or_init(|| {
        let dir = MemoryDirectory::default();
        dir.add_app_user("rw", "rw", Access::ReadWrite);
        dir.add_app_user("ro", "ro", Access::ReadOnly);
        dir.insert_user(
            User {
                userid: Some("jdoe".into()),
                last_name: Some("Doe".into()),
                ..Default::default()
            },
            Some("pw"),
            Some("1234"),
        );
        (
            Dispatcher::new(
                Arc::new(dir),
                ServerConfig {
                    write_throttle: None,
                    ..ServerConfig::default()
                },
            ),
            Instant::now(),
        )
    });
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let auth = if selector & 1 == 0 {
        "Basic cnc6cnc="
    } else {
        "Basic cm86cm8="
    }; // rw:rw, ro:ro
    let content_type = if selector & 2 == 0 {
        "text/xml; charset=utf-8"
    } else {
        "application/soap+xml; charset=utf-8"
    };
    let mut builder = http::Request::post("/axl/")
        .header("authorization", auth)
        .header("content-type", content_type);
    if selector & 4 != 0 {
        builder = builder.header("soapaction", "\"CUCM:DB ver=12.5 getUser\"");
    }
    let request = builder
        .body(bytes::Bytes::copy_from_slice(body))
        .expect("valid request");
    let mut fut = pin!(dispatcher.handle(*t0, request));
    let Poll::Ready(response) = fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) else {
        panic!("the in-memory directory never blocks");
    };
    let status = response.status().as_u16();
    let limits = Limits::for_responses();
    let env = Envelope::parse(response.body(), &limits).expect("every POST answer is an envelope");
    if status == 200 {
        assert!(env.fault().is_none());
        let op = env
            .body
            .name()
            .strip_suffix("Response")
            .expect("a response element")
            .to_owned();
        decode_response(response.body(), &op, &limits).expect("our own response decodes");
    } else {
        assert!([400, 403, 500, 503].contains(&status), "status {status}");
        let fault = env
            .fault()
            .expect("error answers carry a fault")
            .expect("fault parses");
        let _ = AxlFault::from_fault(fault);
    }
}
