//! Hostile inputs through the public API: typed errors, no panics, bounded work.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use finesse_rest_types::*;

#[test]
fn billion_laughs_is_refused_before_any_expansion() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<User><firstName>&lol2;</firstName></User>"#;
    assert!(matches!(
        User::from_xml(xml),
        Err(ParseError::DoctypeRefused { .. })
    ));
    let wrapped = format!(
        "<notification xmlns=\"urn:xmpp:push:0\">{}</notification>",
        quick_xml::escape::escape(
            "<!DOCTYPE x [<!ENTITY a 'b'>]><Update><event>PUT</event><source>&a;</source></Update>"
        )
    );
    assert!(matches!(
        Update::from_notification_element(&wrapped),
        Err(ParseError::DoctypeRefused { .. })
    ));
}

#[test]
fn external_and_unknown_entities_are_refused() {
    let e = User::from_xml("<User><firstName>&xxe;</firstName></User>").unwrap_err();
    assert_eq!(
        e,
        ParseError::UnknownEntity {
            name: "xxe".into(),
            offset: 17
        }
    );
    assert!(e.to_string().contains("&xxe;"));
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    assert!(matches!(
        User::from_xml(&deep),
        Err(ParseError::TooDeep { max: 32, .. })
    ));
    let mut inner = "<x/>".to_string();
    for _ in 0..40 {
        inner = format!("<y>{inner}</y>");
    }
    let u =
        format!("<Update><data><user>{inner}</user></data><event>PUT</event><source/></Update>");
    assert!(matches!(
        Update::from_xml(&u),
        Err(ParseError::TooDeep { .. })
    ));
}

#[test]
fn size_and_element_limits() {
    let big = format!(
        "<ClientLog><logData>{}</logData></ClientLog>",
        "x".repeat(DEFAULT_MAX_BYTES)
    );
    assert!(matches!(
        ClientLog::from_xml(&big),
        Err(ParseError::TooLarge { .. })
    ));
    let tight = Limits {
        max_bytes: 64,
        ..Limits::default()
    };
    assert!(matches!(
        User::from_xml_with(&"<User></User>".repeat(10), &tight),
        Err(ParseError::TooLarge { len: 130, max: 64 })
    ));
    let many = format!("<Users>{}</Users>", "<User/>".repeat(300));
    let few = Limits {
        max_elements: 100,
        ..Limits::default()
    };
    assert!(matches!(
        Users::from_xml_with(&many, &few),
        Err(ParseError::TooManyElements { max: 100, .. })
    ));
    assert_eq!(Users::from_xml(&many).unwrap().users.len(), 300);
}

#[test]
fn structural_errors_are_typed() {
    assert!(matches!(User::from_xml(""), Err(ParseError::NoRoot)));
    assert!(matches!(
        User::from_xml("<Dialog/>"),
        Err(ParseError::UnexpectedRoot {
            expected: "User",
            ..
        })
    ));
    assert!(matches!(
        User::from_xml("<User>"),
        Err(ParseError::Syntax { .. })
    ));
    assert!(matches!(
        User::from_xml("<User></Dialog>"),
        Err(ParseError::Syntax { .. })
    ));
    assert!(matches!(
        User::from_xml("<User/><User/>"),
        Err(ParseError::TrailingContent { .. })
    ));
    assert!(matches!(
        User::from_xml_bytes(b"<User>\xff</User>"),
        Err(ParseError::NotUtf8 { offset: 6 })
    ));
    let e = User::from_xml("<User><wrapUpTimer>soon</wrapUpTimer></User>").unwrap_err();
    assert!(matches!(e, ParseError::Invalid { root: "User", .. }), "{e}");
    let e = User::from_xml("<User><state>READY</state><state>TALKING</state></User>").unwrap_err();
    assert!(e.to_string().contains("state"), "{e}");
}

#[test]
fn unknown_fields_and_values_pass_through() {
    let u = User::from_xml(
        "<User><futureField><x>1</x></futureField><state>ON_BREAK</state>\
         <roles><role>Administrator</role></roles><pendingState>LUNCH</pendingState></User>",
    )
    .unwrap();
    assert_eq!(u.state, Some(AgentState::Other("ON_BREAK".into())));
    assert_eq!(u.roles, Some(vec![Role::Other("Administrator".into())]));
    assert_eq!(u.pending_state, Some(AgentState::Other("LUNCH".into())));
    let out = u.to_xml().unwrap();
    assert!(out.contains("<state>ON_BREAK</state>"));
    assert_eq!(User::from_xml(&out).unwrap(), u);
}

#[test]
fn control_characters_cannot_be_written() {
    let mut u = User::default();
    u.first_name = Some("bell\u{7}".into());
    assert_eq!(u.to_xml(), Err(EncodeError::InvalidChar { root: "User" }));
    let up = Update::put(
        "/finesse/api/User/1\u{1}",
        UpdateData::User(User::default()),
    );
    assert!(up.to_xml().is_err());
}

#[test]
fn fuzz_seeds_do_not_panic() {
    // The seeds the fuzz target starts from (testdata), plus truncations of each.
    let dir = format!("{}/testdata", env!("CARGO_MANIFEST_DIR"));
    for sub in ["guide", "notifications", "requests"] {
        for entry in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            for cut in (0..bytes.len()).step_by(7) {
                let s = String::from_utf8_lossy(&bytes[..cut]);
                let _ = User::from_xml(&s);
                let _ = Dialogs::from_xml(&s);
                let _ = Update::from_xml(&s);
                let _ = Update::from_notification_element(&s);
            }
        }
    }
}
