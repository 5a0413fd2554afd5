//! Hostile input through the public API: typed errors, no panics, bounded work.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use axl_soap::*;

const ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn wrap(body: &str) -> String {
    format!("<s:Envelope xmlns:s=\"{ENV}\"><s:Body>{body}</s:Body></s:Envelope>")
}

#[test]
fn billion_laughs_is_refused() {
    let xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><x>&lol2;</x></s:Body></s:Envelope>";
    assert!(matches!(
        Envelope::parse(xml.as_bytes(), &Limits::default()),
        Err(EnvelopeError::Doctype { .. })
    ));
}

#[test]
fn external_entities_are_never_expanded() {
    let xml = wrap("<ns:executeSQLQuery xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"><sql>&xxe;</sql></ns:executeSQLQuery>");
    assert!(matches!(
        decode_request(xml.as_bytes(), None, &Limits::default()),
        Err(AxlDecodeError::Envelope(
            EnvelopeError::UnknownEntity { .. }
        ))
    ));
    // Predefined and character references are fine.
    let xml = wrap("<ns:executeSQLQuery xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"><sql>a &lt; b &#65;</sql></ns:executeSQLQuery>");
    let call = decode_request(xml.as_bytes(), None, &Limits::default()).unwrap();
    assert_eq!(
        call.request,
        ExecuteSqlQueryReq {
            sql: "a < b A".into()
        }
        .into()
    );
}

#[test]
fn limits_hold() {
    let limits = Limits {
        max_bytes: 200,
        ..Limits::default()
    };
    let big = wrap(&"<a/>".repeat(100));
    assert!(matches!(
        Envelope::parse(big.as_bytes(), &limits),
        Err(EnvelopeError::TooLarge { .. })
    ));
    let deep = wrap(&format!(
        "{}{}",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    ));
    assert!(matches!(
        Envelope::parse(deep.as_bytes(), &Limits::default()),
        Err(EnvelopeError::TooLarge { .. } | EnvelopeError::TooDeep { .. })
    ));
    let deep = wrap(&format!("{}{}", "<a>".repeat(100), "</a>".repeat(100)));
    assert!(matches!(
        Envelope::parse(deep.as_bytes(), &Limits::default()),
        Err(EnvelopeError::TooDeep { max: 32, .. })
    ));
    let attrs: String = (0..40).map(|i| format!(" a{i}=\"x\"")).collect();
    let many = wrap(&format!("<p{attrs}/>"));
    assert!(matches!(
        Envelope::parse(many.as_bytes(), &Limits::default()),
        Err(EnvelopeError::TooManyAttributes { .. })
    ));
    let headers: String = (0..40).map(|i| format!("<h{i}/>")).collect();
    let many = format!("<s:Envelope xmlns:s=\"{ENV}\"><s:Header>{headers}</s:Header><s:Body><p/></s:Body></s:Envelope>");
    assert!(matches!(
        Envelope::parse(many.as_bytes(), &Limits::default()),
        Err(EnvelopeError::TooManyHeaders { .. })
    ));
}

#[test]
fn structural_errors_are_typed() {
    let cases: &[(&str, fn(&EnvelopeError) -> bool)] = &[
        ("", |e| matches!(e, EnvelopeError::Xml { .. })),
        ("<x/>", |e| matches!(e, EnvelopeError::NotAnEnvelope { .. })),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>", |e| matches!(e, EnvelopeError::MissingBody)),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header/></s:Envelope>", |e| matches!(e, EnvelopeError::MissingBody)),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><a/></s:Body><s:Header/></s:Envelope>", |e| matches!(e, EnvelopeError::UnexpectedElement { .. })),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Foo/><s:Body><a/></s:Body></s:Envelope>", |e| matches!(e, EnvelopeError::UnexpectedElement { .. })),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">text<s:Body><a/></s:Body></s:Envelope>", |e| matches!(e, EnvelopeError::UnexpectedText { .. })),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><a/></s:Body></s:Envelope><x/>", |e| matches!(e, EnvelopeError::UnexpectedElement { .. })),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><a></b></s:Body></s:Envelope>", |e| matches!(e, EnvelopeError::Xml { .. })),
        ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header><h s:mustUnderstand=\"maybe\"/></s:Header><s:Body><a/></s:Body></s:Envelope>", |e| matches!(e, EnvelopeError::InvalidAttribute { .. })),
    ];
    for (xml, ok) in cases {
        match Envelope::parse(xml.as_bytes(), &Limits::default()) {
            Err(e) => assert!(ok(&e), "{xml}: {e:?}"),
            Ok(env) => panic!("{xml} parsed: {env:?}"),
        }
    }
    assert!(matches!(
        Envelope::parse(&[0xff, 0xfe, 0x00], &Limits::default()),
        Err(EnvelopeError::NotUtf8 { .. })
    ));
}

#[test]
fn wrong_payloads_are_typed_errors() {
    let limits = Limits::default();
    let bad_seq =
        wrap("<ns:getCCMVersion xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\" sequence=\"-1\"/>");
    assert!(matches!(
        decode_request(bad_seq.as_bytes(), None, &limits),
        Err(AxlDecodeError::Sequence(_))
    ));
    let bad_ns = wrap("<ns:getCCMVersion xmlns:ns=\"http://www.cisco.com/AXL/API/9.9\"/>");
    assert!(matches!(
        decode_request(bad_ns.as_bytes(), None, &limits),
        Err(AxlDecodeError::Namespace { .. })
    ));
    let bad_body = wrap("<ns:listUser xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"><searchCriteria><userid>%</userid></searchCriteria><first>lots</first></ns:listUser>");
    assert!(matches!(
        decode_request(bad_body.as_bytes(), None, &limits),
        Err(AxlDecodeError::Body { .. })
    ));
    let other = wrap("<ns:getUserResponse xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"><return><user/></return></ns:getUserResponse>");
    assert!(matches!(
        decode_response(other.as_bytes(), "listUser", &limits),
        Err(AxlDecodeError::UnexpectedResponse { .. })
    ));
}
