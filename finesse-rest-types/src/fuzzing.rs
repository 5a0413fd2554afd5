//! Entry points for the cargo-fuzz target in `fuzz/` (compiled only with `--cfg fuzzing`).
//! Each asserts invariants, not just "no panic": whatever parses must serialize, and the
//! serialization must parse back to the same value.

use std::fmt::Debug;

use crate::*;

fn check<T: Resource + PartialEq + Debug>(s: &str) {
    if let Ok(v) = T::from_xml(s) {
        if let Ok(xml) = v.to_xml() {
            let again = T::from_xml(&xml).expect("serialized resource parses");
            assert_eq!(again, v, "parse(serialize(v)) == v for {xml}");
        }
        if let Ok(xml) = v.to_data_xml() {
            let again = T::from_xml(&xml).expect("notification form parses");
            assert_eq!(again, v);
        }
    }
}

fn check_update(u: &Update) {
    if let Ok(xml) = u.to_xml() {
        let again = Update::from_xml(&xml).expect("serialized Update parses");
        assert_eq!(&again, u, "{xml}");
        let text = u.to_notification_text().expect("escaping cannot fail");
        assert_eq!(
            &Update::from_notification_text(&text).expect("text parses"),
            u
        );
        let el = u
            .to_notification_element(NotificationNamespace::Push)
            .expect("element");
        assert_eq!(
            &Update::from_notification_element(&el).expect("element parses"),
            u
        );
    }
}

/// Parses `data` as every resource, both request bodies, an `Update`, an escaped
/// notification text and a `<notification>` element.
pub fn parse_all(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        assert!(User::from_xml_bytes(data).is_err());
        return;
    };
    check::<User>(s);
    check::<Users>(s);
    check::<Dialog>(s);
    check::<Dialogs>(s);
    check::<Team>(s);
    check::<Teams>(s);
    check::<Queue>(s);
    check::<Queues>(s);
    check::<ReasonCode>(s);
    check::<ReasonCodes>(s);
    check::<WrapUpReason>(s);
    check::<WrapUpReasons>(s);
    check::<SystemInfo>(s);
    check::<ApiErrors>(s);
    check::<MediaPropertiesLayout>(s);
    check::<MediaPropertiesLayouts>(s);
    check::<PhoneBook>(s);
    check::<PhoneBooks>(s);
    check::<Contact>(s);
    check::<Contacts>(s);
    check::<Workflow>(s);
    check::<Workflows>(s);
    check::<TeamMessage>(s);
    check::<TeamMessages>(s);
    check::<ClientLog>(s);
    check::<UserRequest>(s);
    check::<DialogRequest>(s);
    if let Ok(u) = Update::from_xml(s) {
        check_update(&u);
    }
    if let Ok(u) = Update::from_notification_text(s) {
        check_update(&u);
    }
    if let Ok(u) = Update::from_notification_element(s) {
        check_update(&u);
    }
    let _ = NodePath::parse(s).to_string();
    let _ = match_route("PUT", s);
}
