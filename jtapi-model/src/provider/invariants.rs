//! The model's invariants, checked by walking every object.

use super::{AddressKind, Provider};
use crate::error::InvariantViolation;
use crate::state::{
    CallControlConnectionState as CC, CallControlTerminalConnectionState as CT, CallState,
};

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(InvariantViolation(format!($($fmt)+)));
        }
    };
}

impl Provider {
    /// Walks every object and checks the JTAPI invariants and this model's bookkeeping:
    /// IDLE calls have no connections and ACTIVE calls have some; no listed connection is
    /// DISCONNECTED and no listed terminal connection is DROPPED; every terminal
    /// connection's core state is allowed by its connection's core state (e.g. an
    /// ALERTING connection's terminal connections are all RINGING); a TALKING terminal
    /// connection is on an ESTABLISHED connection; back references agree both ways; every
    /// terminal of a terminal connection is associated with the connection's address; at
    /// most one terminal connection per terminal per call is TALKING; external addresses
    /// have no terminals. A violation is a bug in this crate.
    pub fn check_invariants(&self) -> Result<(), InvariantViolation> {
        let mut conn_seen = 0usize;
        for (cid, c) in self.calls.iter() {
            match c.state {
                CallState::Idle => {
                    ensure!(c.connections.is_empty(), "{cid:?} IDLE with connections")
                }
                CallState::Active => ensure!(
                    !c.connections.is_empty(),
                    "{cid:?} ACTIVE without connections"
                ),
                CallState::Invalid => ensure!(false, "{cid:?} INVALID but still stored"),
            }
            ensure!(
                c.connections.len() <= self.config.max_parties,
                "{cid:?} has too many parties"
            );
            for (i, &conn) in c.connections.iter().enumerate() {
                ensure!(
                    !c.connections[..i].contains(&conn),
                    "{cid:?} lists {conn:?} twice"
                );
                let Some(d) = self.connections.get(conn) else {
                    return Err(InvariantViolation(format!("{cid:?} lists dead {conn:?}")));
                };
                conn_seen += 1;
                ensure!(
                    d.call == cid,
                    "{conn:?} points to {:?}, listed on {cid:?}",
                    d.call
                );
                ensure!(
                    d.state != CC::Disconnected && d.state != CC::Idle,
                    "{conn:?} listed in state {:?}",
                    d.state
                );
                let Some(a) = self.addresses.get(d.address) else {
                    return Err(InvariantViolation(format!("{conn:?} has dead address")));
                };
                ensure!(
                    a.connections.contains(&conn),
                    "{conn:?} missing from its address"
                );
                let core = d.state.core();
                if a.kind == AddressKind::External {
                    ensure!(
                        d.terminal_connections.is_empty(),
                        "external {conn:?} has terminal connections"
                    );
                }
                let mut talking_terms = Vec::new();
                for &tc in &d.terminal_connections {
                    let Some(t) = self.tcs.get(tc) else {
                        return Err(InvariantViolation(format!("{conn:?} lists dead {tc:?}")));
                    };
                    ensure!(
                        t.connection == conn && t.call == cid,
                        "{tc:?} back references disagree"
                    );
                    ensure!(
                        t.state != CT::Dropped && t.state != CT::Idle,
                        "{tc:?} listed in state {:?}",
                        t.state
                    );
                    ensure!(
                        core.allows_terminal_connection(t.state.core()),
                        "{conn:?} in {:?} has {tc:?} in {:?}",
                        d.state,
                        t.state
                    );
                    if t.state == CT::Talking || t.state == CT::Held {
                        ensure!(
                            d.state == CC::Established
                                || d.state == CC::Initiated
                                || d.state == CC::Dialing,
                            "{tc:?} {:?} on {conn:?} in {:?}",
                            t.state,
                            d.state
                        );
                    }
                    let Some(term) = self.terminals.get(t.terminal) else {
                        return Err(InvariantViolation(format!("{tc:?} has dead terminal")));
                    };
                    ensure!(
                        term.terminal_connections.contains(&tc),
                        "{tc:?} missing from its terminal"
                    );
                    ensure!(
                        term.addresses.contains(&d.address),
                        "{tc:?}: terminal not on the address"
                    );
                    ensure!(
                        !talking_terms.contains(&t.terminal),
                        "{conn:?} has two terminal connections on one terminal"
                    );
                    talking_terms.push(t.terminal);
                }
            }
        }
        ensure!(
            conn_seen == self.connections.len(),
            "{} connections stored, {} listed by calls",
            self.connections.len(),
            conn_seen
        );
        let mut tc_seen = 0usize;
        for (tid, t) in self.terminals.iter() {
            let mut talking = 0;
            for &tc in &t.terminal_connections {
                let Some(d) = self.tcs.get(tc) else {
                    return Err(InvariantViolation(format!("{tid:?} lists dead {tc:?}")));
                };
                ensure!(d.terminal == tid, "{tc:?} terminal back reference");
                tc_seen += 1;
                if d.state == CT::Talking {
                    talking += 1;
                }
            }
            ensure!(talking <= 1, "{tid:?} talks on {talking} calls at once");
        }
        ensure!(
            tc_seen == self.tcs.len(),
            "{} terminal connections stored, {} listed by terminals",
            self.tcs.len(),
            tc_seen
        );
        for (aid, a) in self.addresses.iter() {
            ensure!(
                self.address_names.get(&a.name) == Some(&aid),
                "{aid:?} not in the name table"
            );
            for &conn in &a.connections {
                ensure!(
                    self.connections.get(conn).is_some_and(|c| c.address == aid),
                    "{aid:?} lists foreign {conn:?}"
                );
            }
            if a.kind == AddressKind::External {
                ensure!(a.terminals.is_empty(), "external {aid:?} has terminals");
            }
        }
        Ok(())
    }
}
