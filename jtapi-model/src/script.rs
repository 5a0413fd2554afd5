//! Scripted operations addressed by small indices: for simulations, property tests and
//! fuzzing. Every index is taken modulo the number of candidates, so any value is valid.

use std::time::{Duration, Instant};

use crate::arena::{CallId, ConnectionId, TerminalConnectionId};
use crate::error::JtapiError;
use crate::provider::AddressKind;
use crate::state::{
    CallControlConnectionState as CC, CallControlTerminalConnectionState as CT, CallState,
};
use crate::switch::{NoAnswer, NoAnswerAction, Switch, SwitchConfig};

/// The shape of a small switch to run scripts on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SwitchShape {
    /// Phones `SEP1000`… with DNs `1000`… (1 to 6).
    pub phones: u8,
    /// A second phone `SEPS1000` sharing DN 1000.
    pub shared_line: bool,
    /// CTI ports `CTIP6000`… with DNs `6000`… (0 to 2).
    pub cti_ports: u8,
    /// Route points `RP5000`… with DNs `5000`… (0 to 2).
    pub route_points: u8,
    /// Calls a phone line takes before it is busy (1 to 3).
    pub max_calls: u8,
    /// Whether numbers starting with 9 go out on a trunk.
    pub trunk: bool,
    /// Ring-no-answer action: notify, disconnect, or forward to the first route point
    /// (or DN 1000).
    pub no_answer: u8,
}

impl SwitchShape {
    /// Builds the switch, started (provider IN_SERVICE), with its events drained.
    pub fn build(&self) -> Switch {
        let phones = 1 + self.phones % 6;
        let ports = self.cti_ports % 3;
        let rps = self.route_points % 3;
        let action = match self.no_answer % 3 {
            0 => NoAnswerAction::Notify,
            1 => NoAnswerAction::Disconnect,
            _ if rps > 0 => NoAnswerAction::Forward("5000".into()),
            _ => NoAnswerAction::Forward("1000".into()),
        };
        let config = SwitchConfig {
            ring_no_answer: Some(NoAnswer {
                after: Duration::from_secs(10),
                action,
            }),
            cti_port_answer_after: Some(Duration::from_secs(1)),
            network_answer_after: Some(Duration::from_secs(2)),
            ..SwitchConfig::default()
        };
        let mut sw = Switch::new(config);
        let max_calls = 1 + usize::from(self.max_calls % 3);
        for i in 0..phones {
            if let Ok((_, a)) = sw.add_phone(
                &format!("SEP{}", 1000 + u32::from(i)),
                &(1000 + u32::from(i)).to_string(),
            ) {
                let _ = sw.with_provider_now(|p| p.set_address_max_calls(a, max_calls));
            }
        }
        if self.shared_line {
            let _ = sw.add_phone("SEPS1000", "1000");
        }
        for i in 0..ports {
            let _ = sw.add_cti_port(
                &format!("CTIP{}", 6000 + u32::from(i)),
                &(6000 + u32::from(i)).to_string(),
            );
        }
        for i in 0..rps {
            let _ = sw.add_route_point(
                &format!("RP{}", 5000 + u32::from(i)),
                &(5000 + u32::from(i)).to_string(),
            );
        }
        if self.trunk {
            sw.set_trunk("9");
        }
        let _ = sw.start();
        while sw.poll_event().is_some() {}
        sw
    }
}

/// One scripted operation. `pick` chooses among the objects the operation applies to
/// (e.g. the ringing terminal connections for `Answer`), `to` among the dialable numbers
/// (every internal DN, two trunk numbers and one unknown number).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[allow(missing_docs)]
pub enum ScriptOp {
    /// A customer (`+1555000<caller % 4>`) calls in.
    Incoming { caller: u8, to: u8 },
    /// A phone or CTI port dials.
    Dial { device: u8, to: u8 },
    /// A ringing terminal connection answers.
    Answer { pick: u8 },
    /// A party hangs up.
    HangUp { pick: u8 },
    /// A talking terminal connection holds.
    Hold { pick: u8 },
    /// A held terminal connection resumes.
    Unhold { pick: u8 },
    /// A bridged terminal connection joins.
    Join { pick: u8 },
    /// A talking or held terminal connection leaves.
    Leave { pick: u8 },
    /// A talking terminal connection consults `to`.
    Consult { pick: u8, to: u8 },
    /// A consultation call completes its transfer.
    Transfer { pick: u8 },
    /// A call is blind-transferred to `to`.
    BlindTransfer { pick: u8, to: u8 },
    /// A consultation call is conferenced in.
    Conference { pick: u8 },
    /// A party is added to a call.
    AddParty { pick: u8, to: u8 },
    /// An offered or queued connection is accepted.
    Accept { pick: u8 },
    /// An offered or queued connection is rejected.
    Reject { pick: u8 },
    /// An offered, queued or alerting connection is redirected.
    Redirect { pick: u8, to: u8 },
    /// The oldest call queued at a route point is routed.
    RouteNext { route_point: u8, to: u8 },
    /// A call is dropped.
    DropCall { pick: u8 },
    /// An address is forced busy or freed.
    SetBusy { address: u8, busy: bool },
    /// A terminal (un)registers.
    SetInService { terminal: u8, in_service: bool },
    /// Time passes.
    Advance { millis: u16 },
}

fn pick<T: Copy>(v: &[T], i: u8) -> Option<T> {
    if v.is_empty() {
        None
    } else {
        v.get(usize::from(i) % v.len()).copied()
    }
}

impl ScriptOp {
    /// Applies the operation at `*now` (advancing it for [`ScriptOp::Advance`]) and then
    /// steps the switch. An operation with nothing to apply to is `Ok(())`; one the model
    /// refuses returns its error (the model is unchanged).
    pub fn apply(&self, sw: &mut Switch, now: &mut Instant) -> Result<(), JtapiError> {
        let t = *now;
        let r = self.apply_inner(sw, t);
        sw.step(t);
        r
    }

    fn apply_inner(&self, sw: &mut Switch, now: Instant) -> Result<(), JtapiError> {
        let p = sw.provider();
        let numbers = dialable(sw);
        let number = |i: u8| numbers[usize::from(i) % numbers.len()].clone();
        match *self {
            ScriptOp::Advance { millis } => {
                sw.step(now + Duration::from_millis(u64::from(millis) * 10));
                Ok(())
            }
            ScriptOp::Incoming { caller, to } => {
                let from = format!("+1555000{}", caller % 4);
                sw.incoming_call(now, &from, &number(to)).map(|_| ())
            }
            ScriptOp::Dial { device, to } => {
                let devices: Vec<_> = p
                    .terminals()
                    .filter(|t| {
                        p.terminal(*t)
                            .is_some_and(|t| t.kind() != crate::TerminalKind::RoutePoint)
                    })
                    .collect();
                let Some(d) = pick(&devices, device) else {
                    return Ok(());
                };
                sw.dial(now, d, &number(to)).map(|_| ())
            }
            ScriptOp::Answer { pick: i } => match pick(&tcs_in(sw, &[CT::Ringing]), i) {
                Some(tc) => sw.answer(now, tc),
                None => Ok(()),
            },
            ScriptOp::HangUp { pick: i } => match pick(&all_connections(sw), i) {
                Some(c) => sw.hang_up(now, c),
                None => Ok(()),
            },
            ScriptOp::Hold { pick: i } => tc_op(sw, now, &[CT::Talking], i, |p, tc| p.hold(tc)),
            ScriptOp::Unhold { pick: i } => tc_op(sw, now, &[CT::Held], i, |p, tc| p.unhold(tc)),
            ScriptOp::Join { pick: i } => tc_op(sw, now, &[CT::Bridged], i, |p, tc| p.join(tc)),
            ScriptOp::Leave { pick: i } => {
                tc_op(sw, now, &[CT::Talking, CT::Held], i, |p, tc| p.leave(tc))
            }
            ScriptOp::Consult { pick: i, to } => {
                let digits = number(to);
                tc_op(sw, now, &[CT::Talking], i, |p, tc| {
                    let call = p.create_call()?;
                    p.consult(call, tc, &digits).map(|_| ()).inspect_err(|_| {
                        let _ = p.discard_call(call);
                    })
                })
            }
            ScriptOp::Transfer { pick: i } => match pick(&consult_pairs(sw), i) {
                Some((orig, consult)) => sw.with_provider(now, |p| p.transfer(orig, consult)),
                None => Ok(()),
            },
            ScriptOp::Conference { pick: i } => match pick(&consult_pairs(sw), i) {
                Some((orig, consult)) => sw.with_provider(now, |p| p.conference(orig, consult)),
                None => Ok(()),
            },
            ScriptOp::BlindTransfer { pick: i, to } => match pick(&active_calls(sw), i) {
                Some(c) => sw.with_provider(now, |p| p.transfer_blind(c, &number(to)).map(|_| ())),
                None => Ok(()),
            },
            ScriptOp::AddParty { pick: i, to } => match pick(&active_calls(sw), i) {
                Some(c) => sw.with_provider(now, |p| p.add_party(c, &number(to)).map(|_| ())),
                None => Ok(()),
            },
            ScriptOp::DropCall { pick: i } => match pick(&active_calls(sw), i) {
                Some(c) => sw.with_provider(now, |p| p.drop_call(c)),
                None => Ok(()),
            },
            ScriptOp::Accept { pick: i } => {
                match pick(&conns_in(sw, &[CC::Offered, CC::Queued]), i) {
                    Some(c) => sw.with_provider(now, |p| p.accept(c)),
                    None => Ok(()),
                }
            }
            ScriptOp::Reject { pick: i } => {
                match pick(&conns_in(sw, &[CC::Offered, CC::Queued]), i) {
                    Some(c) => sw.with_provider(now, |p| p.reject(c)),
                    None => Ok(()),
                }
            }
            ScriptOp::Redirect { pick: i, to } => {
                match pick(&conns_in(sw, &[CC::Offered, CC::Queued, CC::Alerting]), i) {
                    Some(c) => sw.route(now, c, &number(to)).map(|_| ()),
                    None => Ok(()),
                }
            }
            ScriptOp::RouteNext { route_point, to } => {
                let rps: Vec<_> = p.addresses().filter(|a| sw.is_route_point(*a)).collect();
                match pick(&rps, route_point) {
                    Some(rp) => sw.route_next(now, rp, &number(to)).map(|_| ()),
                    None => Ok(()),
                }
            }
            ScriptOp::SetBusy { address, busy } => {
                let internal: Vec<_> = p
                    .addresses()
                    .filter(|a| {
                        p.address(*a)
                            .is_some_and(|a| a.kind() == AddressKind::Internal)
                    })
                    .collect();
                match pick(&internal, address) {
                    Some(a) => sw.with_provider(now, |p| p.set_address_busy(a, busy)),
                    None => Ok(()),
                }
            }
            ScriptOp::SetInService {
                terminal,
                in_service,
            } => {
                let terms: Vec<_> = p.terminals().collect();
                match pick(&terms, terminal) {
                    Some(t) => sw.with_provider(now, |p| p.set_terminal_in_service(t, in_service)),
                    None => Ok(()),
                }
            }
        }
    }
}

fn dialable(sw: &Switch) -> Vec<String> {
    let p = sw.provider();
    let mut v: Vec<String> = p
        .addresses()
        .filter_map(|a| p.address(a))
        .filter(|a| a.kind() == AddressKind::Internal)
        .map(|a| a.name().to_string())
        .collect();
    v.push("95550001".into());
    v.push("95550002".into());
    v.push("4444".into());
    v
}

fn all_connections(sw: &Switch) -> Vec<ConnectionId> {
    let p = sw.provider();
    p.calls()
        .filter_map(|c| p.call(c))
        .flat_map(|c| c.connections().iter().copied())
        .collect()
}

fn conns_in(sw: &Switch, states: &[CC]) -> Vec<ConnectionId> {
    let p = sw.provider();
    all_connections(sw)
        .into_iter()
        .filter(|c| {
            p.connection(*c)
                .is_some_and(|c| states.contains(&c.call_control_state()))
        })
        .collect()
}

fn tcs_in(sw: &Switch, states: &[CT]) -> Vec<TerminalConnectionId> {
    let p = sw.provider();
    all_connections(sw)
        .into_iter()
        .filter_map(|c| p.connection(c))
        .flat_map(|c| c.terminal_connections().iter().copied())
        .filter(|tc| {
            p.terminal_connection(*tc)
                .is_some_and(|t| states.contains(&t.call_control_state()))
        })
        .collect()
}

fn active_calls(sw: &Switch) -> Vec<CallId> {
    let p = sw.provider();
    p.calls()
        .filter(|c| p.call(*c).is_some_and(|c| c.state() == CallState::Active))
        .collect()
}

fn consult_pairs(sw: &Switch) -> Vec<(CallId, CallId)> {
    let p = sw.provider();
    p.calls()
        .filter_map(|c| Some((p.call(c)?.consult_of()?, c)))
        .filter(|(o, _)| p.call(*o).is_some())
        .collect()
}

fn tc_op(
    sw: &mut Switch,
    now: Instant,
    states: &[CT],
    i: u8,
    f: impl FnOnce(&mut crate::Provider, TerminalConnectionId) -> Result<(), JtapiError>,
) -> Result<(), JtapiError> {
    match pick(&tcs_in(sw, states), i) {
        Some(tc) => sw.with_provider(now, |p| f(p, tc)),
        None => Ok(()),
    }
}
