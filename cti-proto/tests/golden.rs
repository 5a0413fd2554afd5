//! Golden vectors: hand-built byte strings from the fact sheet's layouts (see
//! `testdata/README.md`), decoded field by field and re-encoded byte for byte.
#![allow(clippy::unwrap_used)]

use bytes::BytesMut;
use cti_proto::{
    decode, encode, AgentState, CodecConfig, ConnectionIdType, DeviceIdType, EventCause,
    FailureConf, HeartbeatReq, LineType, LocalConnectionState, Message, PeripheralType,
    ProtocolVersion, ServiceMask, SessionType, StatusCode,
};

fn load(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .flat_map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .map(|b| u8::from_str_radix(&b, 16).unwrap_or_else(|e| panic!("{path}: {b}: {e}")))
        .collect()
}

/// Decodes `name` under `cfg`, checks it re-encodes to the same bytes, returns the message.
fn golden(name: &str, cfg: &CodecConfig) -> Message {
    let bytes = load(name);
    let mut buf = BytesMut::from(&bytes[..]);
    let msg = decode(&mut buf, cfg)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .unwrap_or_else(|| panic!("{name}: incomplete"));
    assert!(buf.is_empty(), "{name}: trailing bytes");
    let mut out = BytesMut::new();
    encode(&msg, &mut out, cfg).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&out[..], &bytes[..], "{name}: re-encoding differs");
    msg
}

fn ucce(v: u32) -> CodecConfig {
    CodecConfig::new(ProtocolVersion::ucce(v))
}

#[test]
fn cti_md_9a_open_req_v24() {
    let Message::OpenReq(m) = golden("open_req_v24.hex", &ucce(24)) else {
        panic!()
    };
    assert_eq!(
        (
            m.invoke_id,
            m.version_number,
            m.idle_timeout,
            m.peripheral_id
        ),
        (1, 24, 120, u32::MAX)
    );
    assert_eq!(m.services_requested, ServiceMask::ALL_EVENTS);
    assert_eq!(m.client_id.as_deref(), Some("abc"));
    assert_eq!(m.client_password.as_deref(), Some(&b""[..]));
}

#[test]
fn cti_md_9b_open_req_v19_uses_one_byte_tags() {
    let Message::OpenReq(m) = golden("open_req_v19.hex", &ucce(19)) else {
        panic!()
    };
    assert_eq!(m.version_number, 19);
    assert_eq!(m.client_id.as_deref(), Some("abc"));
    // The same bytes read with the v24 (2-byte) format are not the same message.
    let bytes = load("open_req_v19.hex");
    let other = decode(&mut BytesMut::from(&bytes[..]), &ucce(24));
    assert!(
        !matches!(other, Ok(Some(Message::OpenReq(ref o))) if o.client_id.as_deref() == Some("abc"))
    );
}

#[test]
fn cti_md_9c_heartbeat_req() {
    assert_eq!(
        golden("heartbeat_req.hex", &ucce(24)),
        HeartbeatReq::new(2).into()
    );
}

#[test]
fn cti_md_9d_close_req() {
    let Message::CloseReq(m) = golden("close_req.hex", &ucce(24)) else {
        panic!()
    };
    assert_eq!((m.invoke_id, m.status), (3, StatusCode::NoError));
}

#[test]
fn cti_md_9e_failure_conf() {
    assert_eq!(
        golden("failure_conf.hex", &ucce(24)),
        FailureConf::new(1, StatusCode::InvalidVersion).into()
    );
}

#[test]
fn open_conf_v24_has_department_and_session_type() {
    let Message::OpenConf(m) = golden("open_conf_v24.hex", &ucce(24)) else {
        panic!()
    };
    assert_eq!(
        m.services_granted,
        ServiceMask::ALL_EVENTS | ServiceMask::CLIENT_CONTROL
    );
    assert_eq!(m.icm_central_controller_time, 0x6500_0000);
    assert!(m.peripheral_online);
    assert_eq!(m.peripheral_type, PeripheralType::EnterpriseAgent);
    assert_eq!(m.agent_state, AgentState::Logout);
    assert_eq!(m.session_type, SessionType::Active);
    assert_eq!(m.num_peripherals, Some(0));
}

#[test]
fn open_conf_fixed_part_is_26_30_32_bytes_by_version() {
    for (v, fixed) in [(18, 26), (19, 30), (23, 30), (24, 32)] {
        let mut out = BytesMut::new();
        encode(&cti_proto::OpenConf::default().into(), &mut out, &ucce(v)).unwrap();
        assert_eq!(out.len() - 8, fixed, "v{v}");
    }
}

#[test]
fn open_conf_uccx11() {
    let cfg = CodecConfig::new(ProtocolVersion::uccx(11));
    let Message::OpenConf(m) = golden("open_conf_uccx11.hex", &cfg) else {
        panic!()
    };
    assert_eq!(m.invoke_id, 5);
    assert_eq!(
        m.services_granted,
        ServiceMask::CLIENT_EVENTS | ServiceMask::CLIENT_CONTROL
    );
    assert_eq!(m.agent_state, AgentState::NotReady);
    assert_eq!(m.agent_extension.as_deref(), Some("1001"));
    assert_eq!(m.agent_id_long.as_deref(), Some("jdoe"));
}

#[test]
fn agent_state_event_uccx11() {
    let cfg = CodecConfig::new(ProtocolVersion::uccx(11));
    let Message::AgentStateEvent(m) = golden("agent_state_event_uccx11.hex", &cfg) else {
        panic!()
    };
    assert_eq!((m.monitor_id, m.peripheral_id, m.session_id), (0, 1, 0));
    assert_eq!(m.peripheral_type, PeripheralType::AcmiCrs);
    assert_eq!(m.agent_state, AgentState::Available);
    assert_eq!(
        (
            m.skill_group_number,
            m.mrd_id,
            m.agent_mode,
            m.max_task_limit
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(m.agent_instrument.as_deref(), Some("1001"));
    assert_eq!(m.agent_id_long.as_deref(), Some("jdoe"));
}

#[test]
fn agent_state_event_fixed_part_is_58_then_62_bytes() {
    for (v, fixed) in [(18, 58), (19, 62), (25, 62)] {
        let mut out = BytesMut::new();
        encode(
            &cti_proto::AgentStateEvent::default().into(),
            &mut out,
            &ucce(v),
        )
        .unwrap();
        assert_eq!(out.len() - 8, fixed, "v{v}");
    }
}

#[test]
fn call_delivered_event_v24() {
    let Message::CallDeliveredEvent(m) = golden("call_delivered_event_v24.hex", &ucce(24)) else {
        panic!()
    };
    assert_eq!((m.peripheral_id, m.connection_call_id), (5000, 16_777_258));
    assert_eq!(m.connection_device_id_type, ConnectionIdType::Static);
    assert_eq!(m.line_handle, 0xFFFF);
    assert_eq!(m.line_type, LineType::InboundAcd);
    assert_eq!(
        (m.service_id, m.skill_group_number, m.skill_group_id),
        (5007, 3, 5005)
    );
    assert_eq!(m.calling_device_type, DeviceIdType::External);
    assert_eq!(m.last_redirect_device_type, DeviceIdType::None);
    assert_eq!(m.local_connection_state, LocalConnectionState::Alerting);
    assert_eq!(m.event_cause, EventCause::NewCall);
    assert_eq!(m.ani.as_deref(), Some("4085551234"));
    assert_eq!(m.dnis.as_deref(), Some("8000"));
    assert_eq!(
        m.call_data.call_variable(1).map(|s| s.as_str()),
        Some("ACME1")
    );
    assert_eq!(m.call_data.named_variables.len(), 1);
    assert_eq!(m.call_data.named_variables[0].name, "user.case");
    assert_eq!(m.call_data.named_variables[0].value, "42");
}

#[test]
fn call_delivered_fixed_part_is_54_bytes() {
    let mut out = BytesMut::new();
    encode(
        &cti_proto::CallDeliveredEvent::default().into(),
        &mut out,
        &ucce(24),
    )
    .unwrap();
    assert_eq!(out.len() - 8, 54);
}

#[test]
fn open_req_fixed_part_is_44_bytes() {
    let mut out = BytesMut::new();
    encode(&cti_proto::OpenReq::default().into(), &mut out, &ucce(24)).unwrap();
    assert_eq!(out.len() - 8, 44);
}
