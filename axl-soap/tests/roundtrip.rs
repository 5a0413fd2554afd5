//! Property tests: encode → decode gives the value back, for requests, responses and
//! faults in both SOAP versions; arbitrary and mutated input never panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axl_soap::*;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // No leading/trailing whitespace (XML text is trimmed by the deserializer); markup
    // characters included so escaping is exercised.
    "[A-Za-z0-9<>&'\"%._{}-]([A-Za-z0-9 <>&'\"%._{}-]{0,16}[A-Za-z0-9<>&'\"%._{}-])?"
}

fn opt() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn user() -> impl Strategy<Value = User> {
    (
        opt(),
        opt(),
        opt(),
        opt(),
        opt(),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0i64..5),
        (opt(), opt()),
    )
        .prop_map(
            |(uuid, first, last, userid, tel, cti, status, (pattern, partition))| User {
                uuid,
                first_name: first,
                last_name: last,
                userid,
                telephone_number: tel,
                enable_cti: cti,
                status,
                primary_extension: match (&pattern, &partition) {
                    (None, None) => None,
                    _ => Some(Extension {
                        pattern,
                        route_partition_name: partition,
                    }),
                },
                ..Default::default()
            },
        )
}

fn tags() -> impl Strategy<Value = ReturnedTags> {
    proptest::collection::vec("[a-zA-Z][a-zA-Z0-9]{0,12}", 1..6).prop_map(ReturnedTags::of)
}

fn request() -> impl Strategy<Value = AxlRequest> {
    prop_oneof![
        opt().prop_map(|n| GetCcmVersionReq {
            process_node_name: n
        }
        .into()),
        (text(), proptest::option::of(tags())).prop_map(|(u, t)| GetUserReq {
            userid: Some(u),
            uuid: None,
            returned_tags: t
        }
        .into()),
        (
            opt(),
            opt(),
            tags(),
            proptest::option::of(0u64..1000),
            proptest::option::of(0u64..1000)
        )
            .prop_map(|(userid, last, t, skip, first)| ListUserReq {
                search_criteria: UserSearch {
                    userid,
                    last_name: last,
                    ..Default::default()
                },
                returned_tags: t,
                skip,
                first,
            }
            .into()),
        user().prop_map(|mut u| {
            u.uuid = None;
            AddUserReq { user: u }.into()
        }),
        (text(), opt()).prop_map(|(n, d)| UpdatePhoneReq {
            name: Some(n),
            description: d,
            ..Default::default()
        }
        .into()),
        text().prop_map(|n| RemovePhoneReq {
            name: Some(n),
            uuid: None
        }
        .into()),
        text().prop_map(|sql| ExecuteSqlQueryReq { sql }.into()),
        text().prop_map(|sql| ExecuteSqlUpdateReq { sql }.into()),
        (text(), text(), any::<bool>()).prop_map(|(u, secret, pin)| DoAuthenticateUserReq {
            userid: u,
            password: (!pin).then(|| secret.clone()),
            pin: pin.then_some(secret),
        }
        .into()),
    ]
}

fn response() -> impl Strategy<Value = (&'static str, AxlResponse)> {
    prop_oneof![
        text().prop_map(|v| (
            "getCCMVersion",
            AxlResponse::GetCcmVersion(GetCcmVersionRes::new(v))
        )),
        user().prop_map(|u| ("getUser", AxlResponse::GetUser(GetUserRes { user: u }))),
        proptest::collection::vec(user(), 0..5)
            .prop_map(|users| ("listUser", AxlResponse::ListUser(ListUserRes { users }))),
        text().prop_map(|s| ("addUser", AxlResponse::AddUser(StandardResponse(s)))),
        proptest::collection::vec(
            proptest::collection::vec(("[a-z][a-z0-9]{0,8}", text()), 1..4).prop_map(SqlRow),
            0..4
        )
        .prop_map(|rows| (
            "executeSQLQuery",
            AxlResponse::ExecuteSqlQuery(ExecuteSqlQueryRes { rows })
        )),
        any::<u32>().prop_map(|n| (
            "executeSQLUpdate",
            AxlResponse::ExecuteSqlUpdate(ExecuteSqlUpdateRes {
                rows_updated: n.into()
            })
        )),
        (
            any::<bool>(),
            -5i64..5,
            proptest::option::of(0i64..100),
            proptest::option::of(any::<bool>())
        )
            .prop_map(|(a, c, d, w)| (
                "doAuthenticateUser",
                AxlResponse::DoAuthenticateUser(DoAuthenticateUserRes {
                    user_authenticated: a,
                    code: c,
                    days_to_expiry: d,
                    is_warning_needed: w
                })
            )),
    ]
}

fn soap() -> impl Strategy<Value = SoapVersion> {
    prop_oneof![Just(SoapVersion::V11), Just(SoapVersion::V12)]
}

fn version() -> impl Strategy<Value = AxlVersion> {
    proptest::sample::select(AxlVersion::ALL.to_vec())
}

proptest! {
    #[test]
    fn requests_round_trip(req in request(), soap in soap(), v in version(), seq in proptest::option::of(any::<u64>())) {
        let mut xml = String::new();
        encode_request(&mut xml, soap, v, seq, &req).unwrap();
        let action = v.soap_action(req.name());
        let call = decode_request(xml.as_bytes(), Some(&action), &Limits::default()).unwrap();
        prop_assert_eq!(call.soap, soap);
        prop_assert_eq!(call.version, v);
        prop_assert_eq!(call.sequence, seq);
        prop_assert_eq!(call.request, req);
    }

    #[test]
    fn responses_round_trip((op, res) in response(), soap in soap(), v in version(), seq in proptest::option::of(any::<u64>())) {
        let mut xml = String::new();
        encode_response(&mut xml, soap, v, seq, &res).unwrap();
        let reply = decode_response(xml.as_bytes(), op, &Limits::default()).unwrap();
        prop_assert_eq!(reply.version, v);
        prop_assert_eq!(reply.sequence, seq);
        prop_assert_eq!(reply.response, res);
    }

    #[test]
    fn faults_round_trip(soap in soap(), reason in text(), code in -300i64..6000, op in "[a-z][A-Za-z]{0,10}", actor in opt()) {
        let mut f = AxlFault::new(code, reason, op);
        f.fault.actor = actor;
        let mut xml = String::new();
        encode_fault(&mut xml, soap, &f);
        let err = decode_response(xml.as_bytes(), "getUser", &Limits::default()).unwrap_err();
        let AxlDecodeError::Fault(back) = err else { panic!("{err:?}") };
        let mut expected = f.to_fault();
        expected.detail = back.fault.detail.clone();
        prop_assert_eq!(&back.fault, &expected);
        prop_assert_eq!(back.axl, f.axl);
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Envelope::parse(&data, &Limits::default());
        let _ = decode_request(&data, Some("CUCM:DB ver=12.5 getUser"), &Limits::default());
        let _ = decode_response(&data, "listUser", &Limits::default());
    }

    #[test]
    fn mutated_goldens_never_panic(idx in 0usize..4, pos in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let files = [
            include_str!("../testdata/zeep/addPhone.xml"),
            include_str!("../testdata/zeep/listUser.xml"),
            include_str!("../testdata/cucm/getUserResponse.xml"),
            include_str!("../testdata/cucm/fault_5007.xml"),
        ];
        let mut data = files[idx].as_bytes().to_vec();
        let at = pos.index(data.len());
        data[at] = byte;
        data.truncate(cut.index(data.len() + 1).max(1));
        let _ = decode_request(&data, None, &Limits::default());
        let _ = decode_response(&data, "getUser", &Limits::default());
    }
}
