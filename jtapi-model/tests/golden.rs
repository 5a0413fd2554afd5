//! The golden basic call: 1000 → 2000, answered, event for event as the Cisco JTAPI guide
//! shows CUCM reporting it (testdata/cisco-jtapi-guide/basic-call-1000-2000.txt).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::{drain, office, t0};
use jtapi_model::*;

fn golden() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/cisco-jtapi-guide/basic-call-1000-2000.txt"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn cisco_guide_basic_call_1000_to_2000() {
    let (mut sw, t1000, t2000, _) = office(SwitchConfig::default());
    let now = t0();
    sw.dial(now, t1000, "2000").unwrap();
    let tc = sw.ringing_on(t2000).unwrap();
    sw.answer(now, tc).unwrap();
    assert_eq!(drain(&mut sw), golden());
}

#[test]
fn basic_call_through_the_provider_api_has_ids_causes_and_meta() {
    let (mut sw, t1000, t2000, _) = office(SwitchConfig::default());
    let now = t0();
    let a1000 = sw.provider().address_by_name("1000").unwrap();
    let (call, [orig, dest]) = sw
        .with_provider(now, |p| {
            let call = p.create_call()?;
            p.connect(call, t1000, a1000, "2000").map(|c| (call, c))
        })
        .unwrap();
    let events: Vec<Event> = std::iter::from_fn(|| sw.poll_event()).collect();
    assert_eq!(events.len(), 17);
    assert!(events
        .iter()
        .all(|e| e.call == Some(call) && e.cause == Cause::Normal));
    assert!(events
        .iter()
        .all(|e| e.meta == MetaCode::CallStarting && e.batch == events[0].batch));
    assert_eq!(events.iter().filter(|e| e.new_meta).count(), 1);
    assert!(events[0].new_meta);
    assert_eq!(events[0].kind.jtapi_id(), Some(101));
    assert_eq!(events[1].kind.jtapi_id(), Some(106));
    assert_eq!(events[1].connection, Some(orig));
    assert!(events[1].calling);
    assert_eq!(events[9].connection, Some(dest));
    assert!(!events[9].calling);
    assert_eq!(events[16].kind.jtapi_id(), Some(218));
    let p = sw.provider();
    assert_eq!(
        p.connection(orig).unwrap().call_control_state(),
        CallControlConnectionState::Established
    );
    assert_eq!(
        p.connection(dest).unwrap().state(),
        ConnectionState::Alerting
    );
    assert_eq!(p.call(call).unwrap().calling_address(), Some(a1000));
    assert_eq!(
        p.call(call).unwrap().called_address(),
        p.address_by_name("2000")
    );
    let tc = sw.ringing_on(t2000).unwrap();
    sw.answer(now, tc).unwrap();
    let answer: Vec<Event> = std::iter::from_fn(|| sw.poll_event()).collect();
    assert_eq!(answer.len(), 4);
    assert!(answer
        .iter()
        .all(|e| e.meta == MetaCode::CallProgress && e.batch == events[0].batch + 1));
}

#[test]
fn basic_call_maps_to_the_cti_events_of_the_fact_sheet() {
    let (mut sw, t1000, t2000, _) = office(SwitchConfig::default());
    let now = t0();
    sw.dial(now, t1000, "2000").unwrap();
    let tc = sw.ringing_on(t2000).unwrap();
    sw.answer(now, tc).unwrap();
    let conn = sw.provider().terminal_connection(tc).unwrap().connection();
    sw.hang_up(now, conn).unwrap();
    let cti: Vec<(CtiEventKind, LocalConnectionState)> = std::iter::from_fn(|| sw.poll_event())
        .flat_map(|e| cti_events(&e).collect::<Vec<_>>())
        .map(|e| (e.kind, e.lcs))
        .collect();
    use CtiEventKind as K;
    use LocalConnectionState as L;
    assert_eq!(
        cti,
        vec![
            (K::BeginCall, L::None),
            (K::CallServiceInitiated, L::Initiate),
            (K::CallOriginated, L::Connect),
            (K::CallDelivered, L::Alerting),
            (K::CallEstablished, L::Connect),
            (K::CallConnectionCleared, L::Null),
            (K::CallConnectionCleared, L::Null),
            (K::CallCleared, L::Null),
            (K::EndCall, L::None),
        ]
    );
}
