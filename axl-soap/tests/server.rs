//! The server's dispatcher, driven directly (no sockets): auth, roles, throttling, faults,
//! SOAP 1.2, returnedTags, paging, the in-memory directory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axl_soap::server::{Dispatcher, MemoryDirectory, ServerConfig, ThrottleConfig};
use axl_soap::*;
use base64::Engine as _;
use bytes::Bytes;
use common::{ADMIN, NOROLE, READER};

fn dispatcher(config: ServerConfig) -> Dispatcher<MemoryDirectory> {
    Dispatcher::new(Arc::new(common::directory()), config)
}

fn basic((u, p): (&str, &str)) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))
    )
}

fn post(creds: (&str, &str), action: Option<&str>, body: impl Into<Bytes>) -> http::Request<Bytes> {
    let mut b = http::Request::post("/axl/")
        .header("authorization", basic(creds))
        .header("content-type", "text/xml; charset=utf-8");
    if let Some(a) = action {
        b = b.header("soapaction", a);
    }
    b.body(body.into()).unwrap()
}

fn request_xml(req: impl Into<AxlRequest>) -> (String, String) {
    let req = req.into();
    let mut xml = String::new();
    encode_request(
        &mut xml,
        SoapVersion::V11,
        AxlVersion::V12_5,
        Some(42),
        &req,
    )
    .unwrap();
    (
        xml,
        format!("\"{}\"", AxlVersion::V12_5.soap_action(req.name())),
    )
}

async fn call(
    d: &Dispatcher<MemoryDirectory>,
    creds: (&str, &str),
    req: impl Into<AxlRequest>,
) -> http::Response<Bytes> {
    let req = req.into();
    let (xml, action) = request_xml(req);
    d.handle(Instant::now(), post(creds, Some(&action), xml))
        .await
}

fn reply(resp: &http::Response<Bytes>, op: &str) -> Result<AxlReply, AxlDecodeError> {
    decode_response(resp.body(), op, &Limits::default())
}

fn fault_of(resp: &http::Response<Bytes>) -> AxlFault {
    let env = Envelope::parse(resp.body(), &Limits::default()).unwrap();
    AxlFault::from_fault(env.fault().expect("a fault").unwrap())
}

#[tokio::test]
async fn get_axl_answers_200_with_credentials() {
    let d = dispatcher(ServerConfig::default());
    let get = |creds: Option<(&str, &str)>| {
        let mut b = http::Request::get("/axl/");
        if let Some(c) = creds {
            b = b.header("authorization", basic(c));
        }
        b.body(Bytes::new()).unwrap()
    };
    let ok = d.handle(Instant::now(), get(Some(ADMIN))).await;
    assert_eq!(ok.status(), 200);
    assert!(ok
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("JSESSIONID="));
    let anon = d.handle(Instant::now(), get(None)).await;
    assert_eq!(anon.status(), 401);
    assert!(anon
        .headers()
        .get("www-authenticate")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("Basic"));
    assert_eq!(
        d.handle(Instant::now(), get(Some((ADMIN.0, "wrong"))))
            .await
            .status(),
        401
    );
    assert_eq!(
        d.handle(Instant::now(), get(Some(NOROLE))).await.status(),
        403
    );
    let other = http::Request::get("/other")
        .header("authorization", basic(ADMIN))
        .body(Bytes::new())
        .unwrap();
    assert_eq!(d.handle(Instant::now(), other).await.status(), 404);
}

#[tokio::test]
async fn reads_echo_sequence_and_version() {
    let d = dispatcher(ServerConfig::default());
    let resp = call(&d, READER, GetCcmVersionReq::default()).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/xml; charset=utf-8");
    let r = reply(&resp, "getCCMVersion").unwrap();
    assert_eq!(r.sequence, Some(42));
    assert_eq!(r.version, AxlVersion::V12_5);
    assert_eq!(
        r.response,
        AxlResponse::GetCcmVersion(GetCcmVersionRes::new("12.5.1.11900(146)"))
    );
}

#[tokio::test]
async fn every_supported_version_is_answered_in_kind() {
    let d = dispatcher(ServerConfig::default());
    for v in AxlVersion::ALL {
        let req: AxlRequest = GetUserReq {
            userid: Some("jdoe".into()),
            ..Default::default()
        }
        .into();
        let mut xml = String::new();
        encode_request(&mut xml, SoapVersion::V11, v, None, &req).unwrap();
        let resp = d
            .handle(
                Instant::now(),
                post(ADMIN, Some(&v.soap_action("getUser")), xml),
            )
            .await;
        assert_eq!(resp.status(), 200, "{v}");
        assert_eq!(reply(&resp, "getUser").unwrap().version, v);
    }
}

#[tokio::test]
async fn returned_tags_and_paging() {
    let d = dispatcher(ServerConfig::default());
    let resp = call(
        &d,
        ADMIN,
        GetUserReq {
            userid: Some("JDOE".into()),
            returned_tags: Some(
                ReturnedTags::of(["firstName", "telephoneNumber"])
                    .with_nested("primaryExtension", ReturnedTags::of(["pattern"])),
            ),
            ..Default::default()
        },
    )
    .await;
    let AxlResponse::GetUser(GetUserRes { user }) = reply(&resp, "getUser").unwrap().response
    else {
        panic!()
    };
    assert!(user.uuid.is_some());
    assert_eq!(user.first_name.as_deref(), Some("John"));
    assert_eq!(user.telephone_number.as_deref(), Some("+1 555 01001"));
    assert_eq!(user.last_name, None);
    assert_eq!(
        user.primary_extension.as_ref().unwrap().pattern.as_deref(),
        Some("1001")
    );
    assert_eq!(
        user.primary_extension
            .as_ref()
            .unwrap()
            .route_partition_name,
        None
    );

    let list = |skip, first| ListUserReq {
        search_criteria: UserSearch {
            userid: Some("%".into()),
            ..Default::default()
        },
        returned_tags: ReturnedTags::of(["userid"]),
        skip,
        first,
    };
    let ids = |resp: http::Response<Bytes>| -> Vec<String> {
        let AxlResponse::ListUser(r) = reply(&resp, "listUser").unwrap().response else {
            panic!()
        };
        r.users
            .into_iter()
            .map(|u| {
                assert!(u.first_name.is_none());
                u.userid.unwrap()
            })
            .collect()
    };
    assert_eq!(
        ids(call(&d, ADMIN, list(None, None)).await),
        ["jdoe", "alee", "bsmith"]
    );
    assert_eq!(ids(call(&d, ADMIN, list(Some(1), Some(1))).await), ["alee"]);
    assert_eq!(
        ids(call(&d, ADMIN, list(Some(1), None)).await).len(),
        3,
        "skip without first is ignored"
    );

    let none = call(
        &d,
        ADMIN,
        ListUserReq {
            returned_tags: ReturnedTags::of(["userid"]),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(none.status(), 500);
    assert_eq!(fault_of(&none).axl.unwrap().request, "listUser");
}

#[tokio::test]
async fn missing_user_is_axl_fault_5007() {
    let d = dispatcher(ServerConfig::default());
    let resp = call(
        &d,
        ADMIN,
        GetUserReq {
            userid: Some("nobody".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(resp.status(), 500);
    let body = std::str::from_utf8(resp.body()).unwrap();
    assert!(
        body.contains("<faultcode>soapenv:Server</faultcode>"),
        "{body}"
    );
    let fault = fault_of(&resp);
    assert_eq!(fault.code(), Some(5007));
    assert_eq!(fault.axl.unwrap().request, "getUser");
}

#[tokio::test]
async fn writes_roles_and_throttling() {
    let d = dispatcher(ServerConfig {
        write_throttle: Some(ThrottleConfig {
            burst: 2,
            per_second: 1.0,
        }),
        ..ServerConfig::default()
    });
    let add = |id: &str| AddUserReq {
        user: User {
            userid: Some(id.into()),
            last_name: Some("X".into()),
            presence_group_name: Some("Standard Presence group".into()),
            ..Default::default()
        },
    };
    // Read-only users cannot write.
    let denied = call(&d, READER, add("r1")).await;
    assert_eq!(denied.status(), 403);
    assert_eq!(fault_of(&denied).fault.code, FaultCode::Sender);

    let t0 = Instant::now();
    let (x1, a1) = request_xml(add("w1"));
    let (x2, a2) = request_xml(add("w2"));
    let (x3, a3) = request_xml(add("w3"));
    let r1 = d.handle(t0, post(ADMIN, Some(&a1), x1)).await;
    let AxlResponse::AddUser(StandardResponse(uuid)) = reply(&r1, "addUser").unwrap().response
    else {
        panic!()
    };
    assert!(uuid.starts_with('{') && uuid.ends_with('}'));
    assert_eq!(d.handle(t0, post(ADMIN, Some(&a2), x2)).await.status(), 200);
    let throttled = d.handle(t0, post(ADMIN, Some(&a3), x3.clone())).await;
    assert_eq!(throttled.status(), 503);
    assert_eq!(throttled.headers()["retry-after"], "1");
    assert!(Envelope::parse(throttled.body(), &Limits::default())
        .unwrap()
        .fault()
        .is_some());
    // Reads are never throttled.
    assert_eq!(
        d.handle(
            t0,
            post(ADMIN, None, request_xml(GetCcmVersionReq::default()).0)
        )
        .await
        .status(),
        200
    );
    // A second later there is a token again: nothing accepted was lost.
    assert_eq!(
        d.handle(t0 + Duration::from_secs(1), post(ADMIN, Some(&a3), x3))
            .await
            .status(),
        200
    );
    let ids: Vec<_> = d
        .service()
        .users()
        .into_iter()
        .filter_map(|u| u.userid)
        .collect();
    assert!(
        ids.contains(&"w1".to_owned())
            && ids.contains(&"w3".to_owned())
            && !ids.contains(&"r1".to_owned())
    );

    // Duplicate add: -239.
    let (xd, ad) = request_xml(add("jdoe"));
    let dup = d
        .handle(t0 + Duration::from_secs(3), post(ADMIN, Some(&ad), xd))
        .await;
    assert_eq!(fault_of(&dup).code(), Some(-239));
}

#[tokio::test]
async fn crud_and_sql_through_the_directory() {
    let d = dispatcher(ServerConfig {
        write_throttle: None,
        ..ServerConfig::default()
    });
    let upd = call(
        &d,
        ADMIN,
        UpdateUserReq {
            userid: Some("alee".into()),
            department: Some("Support".into()),
            password: Some("new-pw".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(upd.status(), 200);
    let auth = |pw: &str| DoAuthenticateUserReq {
        userid: "alee".into(),
        password: Some(pw.into()),
        pin: None,
    };
    let ok = call(&d, ADMIN, auth("new-pw")).await;
    let AxlResponse::DoAuthenticateUser(r) = reply(&ok, "doAuthenticateUser").unwrap().response
    else {
        panic!()
    };
    assert!(r.user_authenticated);
    let bad = call(&d, ADMIN, auth("alee-pw")).await;
    let AxlResponse::DoAuthenticateUser(r) = reply(&bad, "doAuthenticateUser").unwrap().response
    else {
        panic!()
    };
    assert!(!r.user_authenticated);
    assert_ne!(r.code, 0);
    let pin = call(
        &d,
        ADMIN,
        DoAuthenticateUserReq {
            userid: "jdoe".into(),
            password: None,
            pin: Some("12345".into()),
        },
    )
    .await;
    let AxlResponse::DoAuthenticateUser(r) = reply(&pin, "doAuthenticateUser").unwrap().response
    else {
        panic!()
    };
    assert!(r.user_authenticated);

    let q = call(
        &d,
        ADMIN,
        ExecuteSqlQueryReq {
            sql: "select userid, department from enduser where department = 'Support'".into(),
        },
    )
    .await;
    let AxlResponse::ExecuteSqlQuery(r) = reply(&q, "executeSQLQuery").unwrap().response else {
        panic!()
    };
    assert_eq!(
        r.rows,
        vec![SqlRow(vec![
            ("userid".into(), "alee".into()),
            ("department".into(), "Support".into())
        ])]
    );
    let u = call(
        &d,
        ADMIN,
        ExecuteSqlUpdateReq {
            sql: "update enduser set department = 'Ops' where department = 'Sales'".into(),
        },
    )
    .await;
    let AxlResponse::ExecuteSqlUpdate(r) = reply(&u, "executeSQLUpdate").unwrap().response else {
        panic!()
    };
    assert_eq!(r.rows_updated, 2);
    let bad_sql = call(
        &d,
        ADMIN,
        ExecuteSqlQueryReq {
            sql: "select nope from enduser".into(),
        },
    )
    .await;
    assert_eq!(fault_of(&bad_sql).code(), Some(-217));

    let upd_phone = call(
        &d,
        ADMIN,
        UpdatePhoneReq {
            name: Some("CTIPORT1".into()),
            description: Some("port 1".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(upd_phone.status(), 200);
    let got = call(
        &d,
        ADMIN,
        GetPhoneReq {
            name: Some("ctiport1".into()),
            ..Default::default()
        },
    )
    .await;
    let AxlResponse::GetPhone(p) = reply(&got, "getPhone").unwrap().response else {
        panic!()
    };
    assert_eq!(p.phone.description.as_deref(), Some("port 1"));
    let rm = call(
        &d,
        ADMIN,
        RemovePhoneReq {
            name: Some("CTIPORT1".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(rm.status(), 200);
    let gone = call(
        &d,
        ADMIN,
        GetPhoneReq {
            name: Some("CTIPORT1".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(fault_of(&gone).code(), Some(5007));

    let line = call(
        &d,
        ADMIN,
        GetLineReq {
            pattern: Some("1002".into()),
            route_partition_name: Some("Internal".into()),
            ..Default::default()
        },
    )
    .await;
    let AxlResponse::GetLine(l) = reply(&line, "getLine").unwrap().response else {
        panic!()
    };
    assert_eq!(l.line.description.as_deref(), Some("Ann Lee"));
    let lines = call(
        &d,
        ADMIN,
        ListLineReq {
            search_criteria: LineSearch {
                pattern: Some("100%".into()),
                ..Default::default()
            },
            returned_tags: ReturnedTags::of(["pattern"]),
            skip: None,
            first: None,
        },
    )
    .await;
    let AxlResponse::ListLine(l) = reply(&lines, "listLine").unwrap().response else {
        panic!()
    };
    assert_eq!(l.lines.len(), 3);
    let rmu = call(
        &d,
        ADMIN,
        RemoveUserReq {
            userid: Some("bsmith".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(rmu.status(), 200);
    assert_eq!(d.service().users().len(), 2);
}

#[tokio::test]
async fn bad_envelopes_and_unknown_operations_get_faults() {
    let d = dispatcher(ServerConfig::default());
    let send = |body: &'static str, action: Option<&'static str>| {
        d.handle(Instant::now(), post(ADMIN, action, body))
    };

    for body in [
        "not xml at all",
        "<a>",
        "<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>",
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body/></soapenv:Envelope>",
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><x:getUser xmlns:x=\"urn:not-axl\"/></soapenv:Body></soapenv:Envelope>",
    ] {
        let resp = send(body, None).await;
        assert_eq!(resp.status(), 500, "{body}");
        assert_eq!(fault_of(&resp).fault.code, FaultCode::Sender, "{body}");
    }

    let vm = send(
        "<e:Envelope xmlns:e=\"urn:soap-9\"><e:Body/></e:Envelope>",
        None,
    )
    .await;
    assert_eq!(fault_of(&vm).fault.code, FaultCode::VersionMismatch);

    let unknown = send("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><ns:getSipTrunk xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"><name>t</name></ns:getSipTrunk></soapenv:Body></soapenv:Envelope>", Some("\"CUCM:DB ver=12.5 getSipTrunk\"")).await;
    assert_eq!(unknown.status(), 500);
    assert!(fault_of(&unknown).fault.reason.contains("getSipTrunk"));

    let mismatch = send("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><ns:getCCMVersion xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"/></soapenv:Body></soapenv:Envelope>", Some("\"CUCM:DB ver=14.0 getCCMVersion\"")).await;
    assert!(fault_of(&mismatch).fault.reason.contains("does not agree"));

    let schema = send("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><ns:executeSQLQuery xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"/></soapenv:Body></soapenv:Envelope>", None).await;
    assert_eq!(fault_of(&schema).axl.unwrap().request, "executeSQLQuery");

    let mu = send("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Header><t:tx xmlns:t=\"urn:t\" soapenv:mustUnderstand=\"1\"/></soapenv:Header><soapenv:Body><ns:getCCMVersion xmlns:ns=\"http://www.cisco.com/AXL/API/12.5\"/></soapenv:Body></soapenv:Envelope>", None).await;
    assert_eq!(fault_of(&mu).fault.code, FaultCode::MustUnderstand);

    // Still serving everyone after all that.
    assert_eq!(
        call(&d, ADMIN, GetCcmVersionReq::default()).await.status(),
        200
    );
}

#[tokio::test]
async fn soap12_is_answered_in_soap12() {
    let d = dispatcher(ServerConfig::default());
    let body = "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><a:getUser xmlns:a=\"http://www.cisco.com/AXL/API/12.5\"><userid>jdoe</userid></a:getUser></env:Body></env:Envelope>";
    let req = |body: &'static str| {
        http::Request::post("/axl/")
            .header("authorization", basic(ADMIN))
            .header(
                "content-type",
                "application/soap+xml; charset=utf-8; action=\"CUCM:DB ver=12.5 getUser\"",
            )
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap()
    };
    let resp = d.handle(Instant::now(), req(body)).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/soap+xml"));
    let env = Envelope::parse(resp.body(), &Limits::default()).unwrap();
    assert_eq!(env.version, SoapVersion::V12);
    assert_eq!(env.body.name(), "getUserResponse");

    let missing = "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><a:getUser xmlns:a=\"http://www.cisco.com/AXL/API/12.5\"><userid>ghost</userid></a:getUser></env:Body></env:Envelope>";
    let resp = d.handle(Instant::now(), req(missing)).await;
    assert_eq!(resp.status(), 500);
    let env = Envelope::parse(resp.body(), &Limits::default()).unwrap();
    assert_eq!(env.version, SoapVersion::V12);
    let fault = AxlFault::from_fault(env.fault().unwrap().unwrap());
    assert_eq!(fault.code(), Some(5007));
    assert!(std::str::from_utf8(resp.body())
        .unwrap()
        .contains("<soapenv:Code><soapenv:Value>soapenv:Receiver"));
}

#[tokio::test]
async fn oversized_responses_become_the_cucm_fault() {
    let d = dispatcher(ServerConfig {
        max_response_bytes: 600,
        ..ServerConfig::default()
    });
    let resp = call(
        &d,
        ADMIN,
        ListPhoneReq {
            search_criteria: PhoneSearch {
                name: Some("%".into()),
                ..Default::default()
            },
            returned_tags: ReturnedTags::of(["name", "description", "product", "protocol"]),
            skip: None,
            first: None,
        },
    )
    .await;
    assert_eq!(resp.status(), 500);
    assert!(fault_of(&resp)
        .fault
        .reason
        .starts_with("Query request too large. Total rows matched: 4 rows."));
}
