//! Golden tests for the notification envelope: `Update` documents and the escaped
//! `<notification>` wrapping, against `testdata/notifications/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{assert_xml_eq, testdata, testdata_files};
use finesse_rest_types::*;

/// The unescaped text of a `<notification>` file.
fn inner_update(file: &str) -> String {
    let xml = testdata(file);
    let start = xml.find('>').unwrap() + 1;
    let end = xml.rfind("</notification>").unwrap();
    quick_xml::escape::unescape(&xml[start..end])
        .unwrap()
        .trim()
        .to_owned()
}

#[test]
fn capture_user_not_ready_notification() {
    let file = "notifications/notification_user_not_ready.xml";
    let xml = testdata(file);
    let u = Update::from_notification_element(&xml).unwrap();
    assert_eq!(u.event, UpdateEvent::Put);
    assert_eq!(u.request_id, None);
    assert_eq!(u.source, "/finesse/api/User/6021");
    assert_eq!(u.source_path(), NodePath::user("6021").unwrap());
    let Some(UpdateData::User(user)) = &u.data else {
        panic!("{:?}", u.data)
    };
    assert_eq!(user.state, Some(AgentState::NotReady));
    assert_eq!(user.login_name.as_deref(), Some("lpu_test_21"));
    // The same user as the REST body of the guide.
    assert_eq!(user, &User::from_xml(&testdata("guide/user.xml")).unwrap());
    // Our Update document equals the capture's, canonically.
    assert_xml_eq(&u.to_xml().unwrap(), &inner_update(file), file);
    // The escaped text parses back.
    let text = u.to_notification_text().unwrap();
    assert!(text.starts_with("&lt;Update&gt;&lt;data&gt;&lt;user&gt;&lt;dialogs&gt;"));
    assert!(!text.contains('<'));
    assert_eq!(Update::from_notification_text(&text).unwrap(), u);
    // The element we write is canonically the capture's element.
    let el = u
        .to_notification_element(NotificationNamespace::Push)
        .unwrap();
    assert!(el.starts_with("<notification xmlns=\"urn:xmpp:push:0\">&lt;Update&gt;"));
    assert_eq!(Update::from_notification_element(&el).unwrap(), u);
}

#[test]
fn capture_error_invalid_state_lower_case_event_last() {
    let file = "notifications/notification_error_invalid_state.xml";
    let u = Update::from_notification_element(&testdata(file)).unwrap();
    assert_eq!(u.event, UpdateEvent::Put);
    let Some(UpdateData::ApiErrors(e)) = &u.data else {
        panic!()
    };
    assert_eq!(e.errors[0].error_type, "Invalid State");
    assert_eq!(e.errors[0].error_message, "CF_INVALID_OBJECT_STATE");
    assert_eq!(e.errors[0].error_data.as_deref(), Some("22"));
    // We write the documented order, upper-case event, lower-camel-case errors.
    let out = u.to_xml().unwrap();
    assert_xml_eq(
        &out,
        "<Update><data><apiErrors><apiError><errorType>Invalid State</errorType>\
         <errorMessage>CF_INVALID_OBJECT_STATE</errorMessage><errorData>22</errorData>\
         </apiError></apiErrors></data><event>PUT</event><requestId/>\
         <source>/finesse/api/User/6021</source></Update>",
        file,
    );
}

#[test]
fn capture_error_invalid_device_with_peripheral_fields() {
    let file = "notifications/notification_error_invalid_device.xml";
    let u = Update::from_notification_element(&testdata(file)).unwrap();
    let Some(UpdateData::ApiErrors(e)) = &u.data else {
        panic!()
    };
    let err = &e.errors[0];
    assert_eq!(err.error_type, "Invalid Device");
    assert_eq!(err.error_data.as_deref(), Some("260"));
    assert_eq!(err.peripheral_error_code.as_deref(), Some("10125"));
    assert_eq!(
        err.peripheral_error_msg.as_deref(),
        Some("PERERR_TELDRIVE_NODEVICETARGETFORNETTARGETID")
    );
    let again = Update::from_xml(&u.to_xml().unwrap()).unwrap();
    assert_eq!(again, u);
}

#[test]
fn older_pubsub_namespace_is_accepted_and_can_be_written() {
    let file = "notifications/notification_pubsub_namespace.xml";
    let xml = testdata(file);
    let u = Update::from_notification_element(&xml).unwrap();
    assert_eq!(u.request_id.as_deref(), Some("req-42"));
    let el = u
        .to_notification_element(NotificationNamespace::PubSub)
        .unwrap();
    assert_eq!(el.trim(), xml.trim(), "byte-exact escaped text");
}

#[test]
fn notification_namespace_and_shape_errors() {
    let u = Update::put("/finesse/api/User/1", UpdateData::User(User::default()));
    let text = u.to_notification_text().unwrap();
    let other = format!("<notification xmlns=\"urn:example\">{text}</notification>");
    assert_eq!(
        Update::from_notification_element(&other),
        Err(ParseError::UnexpectedNamespace("urn:example".into()))
    );
    let none = format!("<notification>{text}</notification>");
    assert!(matches!(
        Update::from_notification_element(&none),
        Err(ParseError::UnexpectedNamespace(_))
    ));
    let prefixed = format!("<p:notification xmlns:p=\"urn:xmpp:push:0\">{text}</p:notification>");
    assert_eq!(Update::from_notification_element(&prefixed).unwrap(), u);
    let empty = "<notification xmlns=\"urn:xmpp:push:0\"/>";
    assert!(matches!(
        Update::from_notification_element(empty),
        Err(ParseError::MissingElement { .. })
    ));
    // Leniency: an unescaped <Update> child element.
    let child = format!(
        "<notification xmlns=\"urn:xmpp:push:0\">{}</notification>",
        u.to_xml().unwrap()
    );
    assert_eq!(Update::from_notification_element(&child).unwrap(), u);
    assert!(matches!(
        Update::from_notification_element("<item/>"),
        Err(ParseError::UnexpectedRoot { .. })
    ));
}

#[test]
fn update_documents_round_trip() {
    for (name, xml) in testdata_files("notifications") {
        if !name.starts_with("update_") {
            continue;
        }
        let u = Update::from_xml(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out = u.to_xml().unwrap();
        assert_eq!(Update::from_xml(&out).unwrap(), u, "{name}");
        if name != "update_guide_uppercase_user.xml" {
            assert_xml_eq(&out, &xml, &name);
        }
    }
}

#[test]
fn update_contents() {
    let put = Update::from_xml(&testdata("notifications/update_dialog_put.xml")).unwrap();
    assert_eq!(put.request_id.as_deref(), Some("b8ae2d3c-answer"));
    assert_eq!(put.source_path(), NodePath::dialog("16804377").unwrap());
    assert!(
        matches!(&put.data, Some(UpdateData::Dialog(d)) if d.state == Some(DialogState::Active))
    );

    let post = Update::from_xml(&testdata("notifications/update_dialogs_post.xml")).unwrap();
    assert_eq!(post.event, UpdateEvent::Post);
    assert!(matches!(&post.data, Some(UpdateData::Dialogs(d)) if d.dialogs.len() == 1));
    assert_eq!(post.source_path(), NodePath::user_dialogs("1001").unwrap());

    let err = Update::from_xml(&testdata("notifications/update_dialog_cti_error.xml")).unwrap();
    let cti = ApiErrorResponse::cti_failure(22, "CF_INVALID_OBJECT_STATE");
    assert_eq!(err.data, Some(UpdateData::ApiErrors(cti)));

    let del = Update::from_xml(&testdata("notifications/update_user_delete.xml")).unwrap();
    assert_eq!((del.event, del.data), (UpdateEvent::Delete, None));

    let q = Update::from_xml(&testdata("notifications/update_queue.xml")).unwrap();
    assert!(matches!(&q.data, Some(UpdateData::Queue(q)) if q.name.as_deref() == Some("Sales")));
    assert!(q.source_path().is_ucce_only());

    let si = Update::from_xml(&testdata("notifications/update_system_info.xml")).unwrap();
    assert!(
        matches!(&si.data, Some(UpdateData::SystemInfo(s)) if s.status == Some(SystemStatus::OutOfService))
    );

    let upper =
        Update::from_xml(&testdata("notifications/update_guide_uppercase_user.xml")).unwrap();
    assert_eq!(upper.event, UpdateEvent::Put);
    let Some(UpdateData::User(u)) = &upper.data else {
        panic!()
    };
    assert_eq!(u.state, Some(AgentState::Ready));
    assert!(upper.to_xml().unwrap().contains("<data><user>"));
}

#[test]
fn unknown_data_and_events_are_kept() {
    let xml = "<Update><data><media><state>READY</state></media></data>\
               <event>PATCH</event><requestId>1</requestId><source>/finesse/api/User/1/Media/5</source></Update>";
    let u = Update::from_xml(xml).unwrap();
    assert_eq!(u.event, UpdateEvent::Other("PATCH".into()));
    assert_eq!(
        u.data,
        Some(UpdateData::Other {
            root: "media".into(),
            xml: "<media><state>READY</state></media>".into()
        })
    );
    assert_eq!(u.source_path(), NodePath::user_media("1", "5").unwrap());
    assert_xml_eq(&u.to_xml().unwrap(), xml, "unknown data");
}

#[test]
fn malformed_updates_are_typed_errors() {
    let cases = [
        ("<Update><event>PUT</event></Update>", "source"),
        ("<Update><source>/x</source></Update>", "event"),
    ];
    for (xml, child) in cases {
        assert_eq!(
            Update::from_xml(xml),
            Err(ParseError::MissingElement {
                parent: "Update",
                child
            })
        );
    }
    assert!(matches!(
        Update::from_xml("<Update><event>PUT</event><event>PUT</event><source/></Update>"),
        Err(ParseError::Invalid { .. })
    ));
    assert!(matches!(
        Update::from_xml("<User/>"),
        Err(ParseError::UnexpectedRoot { .. })
    ));
    assert!(matches!(
        Update::from_xml("<Update><event><b/></event><source/></Update>"),
        Err(ParseError::Invalid { .. })
    ));
    assert!(matches!(
        Update::from_xml("<Update><data><user><reasonCodeId>x</reasonCodeId></user></data><event>PUT</event><source/></Update>"),
        Err(ParseError::Invalid { .. })
    ));
    assert!(matches!(
        Update::from_notification_text("&lt;Update&gt;&amp;bogus;&lt;/Update&gt;"),
        Err(ParseError::UnknownEntity { .. })
    ));
}

#[test]
fn with_request_id_and_empty_ids() {
    let u = Update::put("/finesse/api/User/1", UpdateData::User(User::default()))
        .with_request_id("abc");
    assert_eq!(u.request_id.as_deref(), Some("abc"));
    assert!(u.to_xml().unwrap().contains("<requestId>abc</requestId>"));
    let u = u.with_request_id("");
    assert_eq!(u.request_id, None);
    assert!(u.to_xml().unwrap().contains("<requestId></requestId>"));
}

#[test]
fn dialog_feed_helpers_match_the_documented_shapes() {
    let d = Dialogs::from_xml(&testdata("guide/dialogs.xml"))
        .unwrap()
        .dialogs
        .remove(0);
    let post = Update::dialog_added("1001", d.clone());
    assert_eq!(post.event, UpdateEvent::Post);
    assert_eq!(post.source_path(), NodePath::user_dialogs("1001").unwrap());
    assert!(matches!(&post.data, Some(UpdateData::Dialogs(ds)) if ds.dialogs == vec![d.clone()]));
    let del = Update::dialog_removed("1001", d.clone());
    assert_eq!(del.event, UpdateEvent::Delete);
    let put = Update::dialog_changed(d.clone());
    assert_eq!(put.source_path(), NodePath::dialog("16804377").unwrap());
    assert!(put.to_xml().unwrap().starts_with("<Update><data><dialog>"));
}
