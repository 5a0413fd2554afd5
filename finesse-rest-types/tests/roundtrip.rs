//! Property tests: serialize → parse is the identity for every resource, request and the
//! notification envelope; parsing arbitrary input never panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use finesse_rest_types::arbitrary as arb;
use finesse_rest_types::*;
use proptest::prelude::*;

fn round_trip<T: Resource + PartialEq + std::fmt::Debug>(v: &T) -> Result<(), TestCaseError> {
    let xml = v.to_xml().unwrap();
    let back = T::from_xml(&xml).map_err(|e| TestCaseError::fail(format!("{e}: {xml}")))?;
    prop_assert_eq!(&back, v, "{}", xml);
    let data = v.to_data_xml().unwrap();
    let back = T::from_xml(&data).map_err(|e| TestCaseError::fail(format!("{e}: {data}")))?;
    prop_assert_eq!(&back, v, "{}", data);
    Ok(())
}

macro_rules! roundtrips {
    ($($name:ident: $strategy:expr;)+) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]
            $(
                #[test]
                fn $name(v in $strategy) {
                    round_trip(&v)?;
                }
            )+
        }
    };
}

roundtrips! {
    user: arb::user();
    users: arb::users();
    dialog: arb::dialog();
    dialogs: arb::dialogs();
    team: arb::team();
    teams: arb::teams();
    queue: arb::queue();
    queues: arb::queues();
    reason_code: arb::reason_code();
    reason_codes: arb::reason_codes();
    wrap_up_reason: arb::wrap_up_reason();
    wrap_up_reasons: arb::wrap_up_reasons();
    system_info: arb::system_info();
    api_errors: arb::api_errors();
    media_properties_layout: arb::media_properties_layout();
    phone_book: arb::phone_book();
    contact: arb::contact();
    workflow: arb::workflow();
    team_message: arb::team_message();
    client_log: arb::client_log();
    user_request: arb::user_request();
    dialog_request: arb::dialog_request();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn update_round_trips_in_every_form(u in arb::update()) {
        let xml = u.to_xml().unwrap();
        prop_assert_eq!(&Update::from_xml(&xml).unwrap(), &u, "{}", xml);
        let text = u.to_notification_text().unwrap();
        prop_assert!(!text.contains('<'));
        prop_assert_eq!(&Update::from_notification_text(&text).unwrap(), &u);
        for ns in [NotificationNamespace::Push, NotificationNamespace::PubSub] {
            let el = u.to_notification_element(ns).unwrap();
            prop_assert_eq!(&Update::from_notification_element(&el).unwrap(), &u);
        }
    }

    #[test]
    fn node_paths_round_trip(id in "[A-Za-z0-9._-]{1,20}", mrd in "[0-9]{1,5}") {
        for n in [
            NodePath::user(&id).unwrap(),
            NodePath::user_dialogs(&id).unwrap(),
            NodePath::user_queues(&id).unwrap(),
            NodePath::team_users(&id).unwrap(),
            NodePath::queue(&id).unwrap(),
            NodePath::dialog(&id).unwrap(),
            NodePath::user_media(&id, &mrd).unwrap(),
        ] {
            prop_assert_eq!(NodePath::parse(&n.to_string()), n);
        }
    }

    #[test]
    fn arbitrary_paths_never_panic_and_display_back(p in ".{0,60}") {
        prop_assert_eq!(NodePath::parse(&p).to_string(), p.clone());
        let _ = match_route("GET", &p);
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        parse_everything(&s);
    }

    #[test]
    fn arbitrary_xml_never_panics(s in xmlish()) {
        parse_everything(&s);
    }

    #[test]
    fn mutated_valid_documents_never_panic(u in arb::user(), cut in 0usize..400, junk in "[<>&/a-z\"= ]{0,4}") {
        let xml = u.to_xml().unwrap();
        let mut at = cut.min(xml.len());
        while !xml.is_char_boundary(at) {
            at -= 1;
        }
        let mutated = format!("{}{junk}{}", &xml[..at], &xml[at..]);
        parse_everything(&mutated);
    }
}

/// Tag soup built from Finesse element names, entities and text.
fn xmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "<User>",
            "</User>",
            "<Update>",
            "</Update>",
            "<data>",
            "</data>",
            "<user>",
            "</user>",
            "<state>",
            "</state>",
            "<event>",
            "</event>",
            "<source>",
            "</source>",
            "<roles>",
            "</roles>",
            "<role>",
            "</role>",
            "<Dialog>",
            "</Dialog>",
            "<participants>",
            "</participants>",
            "<Participant>",
            "</Participant>",
            "<actions>",
            "</actions>",
            "<action>",
            "</action>",
            "<ApiErrors>",
            "<ApiError>",
            "<ErrorType>",
            "<reasonCodeId>",
            "</reasonCodeId>",
            "<pendingState/>",
            "&lt;",
            "&amp;",
            "&bogus;",
            "&#0;",
            "&#x41;",
            "<![CDATA[x]]>",
            "<!-- c -->",
            "<!DOCTYPE x>",
            "<?xml version=\"1.0\"?>",
            "<notification xmlns=\"urn:xmpp:push:0\">",
            "</notification>",
            "READY",
            "-1",
            " ",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9 ]{0,5}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn parse_everything(s: &str) {
    let _ = User::from_xml(s);
    let _ = Users::from_xml(s);
    let _ = Dialog::from_xml(s);
    let _ = Dialogs::from_xml(s);
    let _ = Team::from_xml(s);
    let _ = Teams::from_xml(s);
    let _ = Queue::from_xml(s);
    let _ = Queues::from_xml(s);
    let _ = ReasonCode::from_xml(s);
    let _ = ReasonCodes::from_xml(s);
    let _ = WrapUpReason::from_xml(s);
    let _ = WrapUpReasons::from_xml(s);
    let _ = SystemInfo::from_xml(s);
    let _ = ApiErrors::from_xml(s);
    let _ = MediaPropertiesLayout::from_xml(s);
    let _ = MediaPropertiesLayouts::from_xml(s);
    let _ = PhoneBook::from_xml(s);
    let _ = PhoneBooks::from_xml(s);
    let _ = Contact::from_xml(s);
    let _ = Contacts::from_xml(s);
    let _ = Workflow::from_xml(s);
    let _ = Workflows::from_xml(s);
    let _ = TeamMessage::from_xml(s);
    let _ = TeamMessages::from_xml(s);
    let _ = ClientLog::from_xml(s);
    let _ = UserRequest::from_xml(s);
    let _ = DialogRequest::from_xml(s);
    let _ = Update::from_xml(s);
    let _ = Update::from_notification_text(s);
    let _ = Update::from_notification_element(s);
}
