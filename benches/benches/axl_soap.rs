//! axl-soap: parse and serialize a `listUser` response of 1,000 users (bytes/s and
//! users/s), and `getUser` requests/s through the server dispatcher (no sockets).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::disallowed_methods
)]

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use axl_soap::server::http;
use axl_soap::server::{Access, Dispatcher, MemoryDirectory, ServerConfig};
use axl_soap::*;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn user(i: usize) -> User {
    User {
        uuid: Some(format!("{{6F4B5D3E-1A2B-4C5D-8E9F-{i:012X}}}")),
        first_name: Some(format!("First{i}")),
        last_name: Some(format!("Last{i}")),
        userid: Some(format!("agent{i:04}")),
        mailid: Some(format!("agent{i:04}@example.com")),
        department: Some("Contact Center".into()),
        primary_extension: Some(Extension {
            pattern: Some(format!("{}", 10_000 + i)),
            route_partition_name: Some("Internal".into()),
        }),
        enable_cti: Some(true),
        status: Some(1),
        telephone_number: Some(format!("+1 555 {i:04}")),
        ..Default::default()
    }
}

fn list_user_response() -> (AxlResponse, String) {
    let response = AxlResponse::ListUser(ListUserRes {
        users: (0..1000).map(user).collect(),
    });
    let mut xml = String::new();
    encode_response(
        &mut xml,
        SoapVersion::V11,
        AxlVersion::V12_5,
        None,
        &response,
    )
    .unwrap();
    (response, xml)
}

fn list_user(c: &mut Criterion) {
    let (response, xml) = list_user_response();
    let limits = Limits::for_responses();
    for (unit, throughput) in [
        ("bytes", Throughput::Bytes(xml.len() as u64)),
        ("users", Throughput::Elements(1000)),
    ] {
        let mut g = c.benchmark_group(format!("axl_listUser_1000/{unit}"));
        g.throughput(throughput);
        g.bench_function("parse", |b| {
            b.iter(|| decode_response(black_box(xml.as_bytes()), "listUser", &limits).unwrap())
        });
        g.bench_function("serialize", |b| {
            let mut out = String::with_capacity(xml.len());
            b.iter(|| {
                out.clear();
                encode_response(
                    &mut out,
                    SoapVersion::V11,
                    AxlVersion::V12_5,
                    None,
                    black_box(&response),
                )
                .unwrap();
                out.len()
            })
        });
        g.finish();
    }
}

fn get_user(c: &mut Criterion) {
    let dir = MemoryDirectory::default();
    dir.add_app_user("bench", "bench", Access::ReadWrite);
    for i in 0..1000 {
        dir.insert_user(user(i), Some("pw"), None);
    }
    let dispatcher = Dispatcher::new(Arc::new(dir), ServerConfig::default());
    // Exactly what zeep sends.
    let body = Bytes::from(
        "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap-env:Body><ns0:getUser xmlns:ns0=\"http://www.cisco.com/AXL/API/12.5\"><userid>agent0500</userid></ns0:getUser></soap-env:Body></soap-env:Envelope>",
    );
    let now = Instant::now();
    let request = || {
        http::Request::post("/axl/")
            .header("authorization", "Basic YmVuY2g6YmVuY2g=") // bench:bench
            .header("content-type", "text/xml; charset=utf-8")
            .header("soapaction", "\"CUCM:DB ver=12.5 getUser\"")
            .header("cookie", "JSESSIONID=0")
            .body(body.clone())
            .unwrap()
    };
    let mut g = c.benchmark_group("axl_dispatch_getUser");
    g.throughput(Throughput::Elements(1));
    g.bench_function("requests", |b| {
        b.iter(|| {
            let mut fut = pin!(dispatcher.handle(now, request()));
            let Poll::Ready(resp) = fut.as_mut().poll(&mut Context::from_waker(Waker::noop()))
            else {
                unreachable!("the in-memory directory never blocks")
            };
            assert_eq!(resp.status(), 200);
            resp.into_body().len()
        })
    });
    g.finish();
}

criterion_group!(benches, list_user, get_user);
criterion_main!(benches);
