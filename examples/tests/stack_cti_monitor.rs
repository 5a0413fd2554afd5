//! Issue #8: a CTI client of our own (`cti-proto`), connecting to the CCX engine as a second
//! CTI client the way a wallboard or call recorder does (bridge mode, ALL_EVENTS), sees the
//! same agent and call events that Finesse turns into notifications while an agent takes a
//! call over REST.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::Lab;
use cti_proto::tokio_driver::{spawn_client, SideAddrs};
use cti_proto::{
    AgentState, AgentStateMask, CallMsgMask, ClientConfig, ClientEvent, CtiString,
    LocalConnectionState, Message, ProtocolVersion, ServiceMask,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_cti_client_sees_the_agent_and_call_events() {
    let lab = Lab::start(|_| {}).await;
    let mut config = ClientConfig::new(
        ProtocolVersion::uccx(ProtocolVersion::UCCX_MAX),
        CtiString::from_static("wallboard"),
    );
    config.services = ServiceMask::ALL_EVENTS;
    config.call_msg_mask = CallMsgMask::all();
    config.agent_state_mask = AgentStateMask::all();
    config.peripheral_id = 1;
    config.heartbeat_interval = Some(Duration::from_secs(5));
    let addrs = SideAddrs {
        a: lab.stack.endpoints().cti,
        b: None,
    };
    let mut monitor = spawn_client(config, addrs, 1024);
    let opened = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match monitor.next_event().await {
                Some(ClientEvent::Opened { .. }) => return true,
                Some(_) => continue,
                None => return false,
            }
        }
    })
    .await;
    assert_eq!(opened, Ok(true), "the monitor session opened");

    lab.login_ready("agent03").await;
    lab.place_call(1).await;
    let dialog = lab.wait_dialog_id("agent03").await;
    lab.dialog_action("agent03", &dialog, "ANSWER").await;
    lab.wait_user_state("agent03", "TALKING").await;
    lab.dialog_action("agent03", &dialog, "DROP").await;
    lab.wait_user_state("agent03", "READY").await;

    // Everything the monitor got by now (events were sent before Finesse's state changed).
    let mut agent_states = Vec::new();
    let mut delivered_alerting_at = None;
    let mut established = false;
    let mut cleared = false;
    let mut call_ids = Vec::new();
    while let Ok(Some(event)) =
        tokio::time::timeout(Duration::from_millis(500), monitor.next_event()).await
    {
        let ClientEvent::Message(message) = event else {
            continue;
        };
        match message {
            Message::AgentStateEvent(ev) => {
                let who = ev.agent_id.as_ref().map(|s| s.as_str().to_owned());
                let ext = ev.agent_extension.as_ref().map(|s| s.as_str().to_owned());
                if who.as_deref() == Some("agent03") || ext.as_deref() == Some("1003") {
                    agent_states.push(ev.agent_state);
                }
            }
            Message::CallDeliveredEvent(ev)
                if ev.local_connection_state == LocalConnectionState::Alerting =>
            {
                delivered_alerting_at = ev
                    .connection_device_id
                    .as_ref()
                    .map(|s| s.as_str().to_owned())
                    .or(delivered_alerting_at);
                call_ids.push(ev.connection_call_id);
            }
            Message::CallEstablishedEvent(ev) => {
                established |= call_ids.contains(&ev.connection_call_id);
            }
            Message::CallClearedEvent(ev) => {
                cleared |= call_ids.contains(&ev.connection_call_id);
            }
            _ => {}
        }
    }
    monitor.close().await;
    lab.stop().await;

    let wanted = [
        AgentState::NotReady,
        AgentState::Available,
        AgentState::Reserved,
        AgentState::Talking,
        AgentState::Available,
    ];
    let mut it = agent_states.iter();
    assert!(
        wanted.iter().all(|w| it.any(|s| s == w)),
        "agent03's states as the monitor saw them: {agent_states:?}"
    );
    assert_eq!(delivered_alerting_at.as_deref(), Some("1003"));
    assert!(established, "CALL_ESTABLISHED for the delivered call");
    assert!(cleared, "CALL_CLEARED for the delivered call");
}
