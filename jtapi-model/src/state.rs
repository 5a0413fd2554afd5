//! The JTAPI 1.2 state constants (core and CallControl) with their exact numeric values, the
//! call-control → core mappings and the allowed transitions.

macro_rules! state_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum $name {
            $($(#[$vdoc])* $variant = $value,)+
        }

        impl $name {
            /// Every state, in numeric order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The JTAPI numeric constant.
            pub fn value(self) -> u16 {
                self as u16
            }

            /// The state with JTAPI numeric constant `value`.
            pub fn from_value(value: u16) -> Option<Self> {
                match value {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

state_enum!(
    /// `Provider` states.
    ProviderState {
        /// The provider is usable.
        InService = 0x10,
        /// Temporarily unusable (the state `getProvider()` returns it in on CUCM).
        OutOfService = 0x11,
        /// Permanently shut down.
        Shutdown = 0x12,
    }
);

state_enum!(
    /// `Call` states.
    CallState {
        /// Created, no Connections yet.
        Idle = 0x20,
        /// At least one Connection.
        Active = 0x21,
        /// Final: lost all its Connections.
        Invalid = 0x22,
    }
);

state_enum!(
    /// Core `Connection` states.
    ConnectionState {
        /// Initial state.
        Idle = 0x30,
        /// Being set up; the address is not yet alerted.
        InProgress = 0x31,
        /// The address is being alerted.
        Alerting = 0x32,
        /// Actively part of the call.
        Connected = 0x33,
        /// Final: no longer part of the call.
        Disconnected = 0x34,
        /// The connection failed (e.g. busy).
        Failed = 0x35,
        /// State not known to the provider.
        Unknown = 0x36,
    }
);

state_enum!(
    /// Core `TerminalConnection` states.
    TerminalConnectionState {
        /// Initial state.
        Idle = 0x40,
        /// The terminal is ringing.
        Ringing = 0x41,
        /// Part of the call but not actively (bridged, in use, or another terminal answered).
        Passive = 0x42,
        /// Actively part of the call (talking or held).
        Active = 0x43,
        /// Final: the terminal left the call.
        Dropped = 0x44,
        /// State not known to the provider.
        Unknown = 0x45,
    }
);

state_enum!(
    /// `CallControlConnection` states.
    CallControlConnectionState {
        /// Initial state.
        Idle = 0x50,
        /// Incoming call offered; the application may accept or reject it.
        Offered = 0x51,
        /// Queued at the address.
        Queued = 0x52,
        /// The address is alerting.
        Alerting = 0x53,
        /// The originator went off-hook; no digits yet.
        Initiated = 0x54,
        /// Digits are being dialed.
        Dialing = 0x55,
        /// The outgoing leg reached the network.
        NetworkReached = 0x56,
        /// The far end (in the network) is alerting.
        NetworkAlerting = 0x57,
        /// Final active state.
        Established = 0x58,
        /// Final: no longer part of the call.
        Disconnected = 0x59,
        /// Failed (busy, unreachable).
        Failed = 0x5A,
        /// Not known to the provider.
        Unknown = 0x5B,
    }
);

state_enum!(
    /// `CallControlTerminalConnection` states.
    CallControlTerminalConnectionState {
        /// Initial state.
        Idle = 0x60,
        /// The terminal is ringing.
        Ringing = 0x61,
        /// Talking.
        Talking = 0x62,
        /// On hold at this terminal.
        Held = 0x63,
        /// Shared line: another terminal is talking, this one may join.
        Bridged = 0x64,
        /// Shared line in use elsewhere, this one may not join.
        InUse = 0x65,
        /// Final: left the call.
        Dropped = 0x66,
        /// Not known to the provider.
        Unknown = 0x67,
    }
);

impl CallControlConnectionState {
    /// The core state this call-control state maps to (JTAPI 1.2 `CallControlConnection`).
    pub fn core(self) -> ConnectionState {
        use CallControlConnectionState as C;
        match self {
            C::Idle => ConnectionState::Idle,
            C::Offered | C::Queued => ConnectionState::InProgress,
            C::Alerting => ConnectionState::Alerting,
            C::Initiated | C::Dialing | C::NetworkReached | C::NetworkAlerting | C::Established => {
                ConnectionState::Connected
            }
            C::Disconnected => ConnectionState::Disconnected,
            C::Failed => ConnectionState::Failed,
            C::Unknown => ConnectionState::Unknown,
        }
    }

    /// Whether this state is final.
    pub fn is_final(self) -> bool {
        self == Self::Disconnected
    }

    /// Whether the call-control transition `self → to` is allowed.
    ///
    /// Reconstructed from the JTAPI 1.2 pre/post-conditions (the spec's diagram is an image):
    /// IDLE → OFFERED | QUEUED | ALERTING | INITIATED | NETWORK_REACHED | ESTABLISHED;
    /// OFFERED → ALERTING | QUEUED; QUEUED → ALERTING | OFFERED; INITIATED → DIALING |
    /// ESTABLISHED; DIALING → ESTABLISHED | NETWORK_REACHED; NETWORK_REACHED →
    /// NETWORK_ALERTING | ESTABLISHED; NETWORK_ALERTING → ESTABLISHED; ALERTING →
    /// ESTABLISHED; any non-final → FAILED | DISCONNECTED; FAILED → DISCONNECTED; any
    /// non-final ↔ UNKNOWN.
    pub fn can_transition_to(self, to: Self) -> bool {
        use CallControlConnectionState as C;
        if self == C::Disconnected {
            return false;
        }
        match (self, to) {
            (_, C::Disconnected) => true,
            (C::Failed, _) => to == C::Unknown,
            (_, C::Failed) | (_, C::Unknown) | (C::Unknown, _) => to != C::Idle,
            (C::Idle, t) => matches!(
                t,
                C::Offered
                    | C::Queued
                    | C::Alerting
                    | C::Initiated
                    | C::NetworkReached
                    | C::Established
            ),
            (C::Offered, t) => matches!(t, C::Alerting | C::Queued),
            (C::Queued, t) => matches!(t, C::Alerting | C::Offered),
            (C::Initiated, t) => matches!(t, C::Dialing | C::Established),
            (C::Dialing, t) => matches!(t, C::Established | C::NetworkReached),
            (C::NetworkReached, t) => matches!(t, C::NetworkAlerting | C::Established),
            (C::NetworkAlerting, t) => t == C::Established,
            (C::Alerting, t) => t == C::Established,
            _ => false,
        }
    }
}

impl CallControlTerminalConnectionState {
    /// The core state this call-control state maps to (HELD maps to ACTIVE).
    pub fn core(self) -> TerminalConnectionState {
        use CallControlTerminalConnectionState as C;
        match self {
            C::Idle => TerminalConnectionState::Idle,
            C::Ringing => TerminalConnectionState::Ringing,
            C::Talking | C::Held => TerminalConnectionState::Active,
            C::Bridged | C::InUse => TerminalConnectionState::Passive,
            C::Dropped => TerminalConnectionState::Dropped,
            C::Unknown => TerminalConnectionState::Unknown,
        }
    }

    /// Whether the call-control transition `self → to` is allowed: IDLE and RINGING → any;
    /// TALKING → HELD | BRIDGED | INUSE; HELD → TALKING | BRIDGED | INUSE; BRIDGED →
    /// TALKING; INUSE → BRIDGED | TALKING; any → DROPPED; any ↔ UNKNOWN; DROPPED is final.
    pub fn can_transition_to(self, to: Self) -> bool {
        use CallControlTerminalConnectionState as C;
        if self == C::Dropped || self == to {
            return false;
        }
        match (self, to) {
            (_, C::Dropped) | (_, C::Unknown) => true,
            (C::Unknown, _) | (C::Idle, _) | (C::Ringing, _) => to != C::Idle,
            (C::Talking, t) => matches!(t, C::Held | C::Bridged | C::InUse),
            (C::Held, t) => matches!(t, C::Talking | C::Bridged | C::InUse),
            (C::Bridged, t) => matches!(t, C::Talking | C::InUse),
            (C::InUse, t) => matches!(t, C::Bridged | C::Talking),
            _ => false,
        }
    }
}

impl ConnectionState {
    /// Whether a Connection in this state may have TerminalConnections in state `tc`
    /// (the JTAPI 1.2 Connection/TerminalConnection relationship table).
    pub fn allows_terminal_connection(self, tc: TerminalConnectionState) -> bool {
        use TerminalConnectionState as T;
        match self {
            ConnectionState::Idle
            | ConnectionState::InProgress
            | ConnectionState::Disconnected
            | ConnectionState::Failed => false,
            ConnectionState::Alerting => tc == T::Ringing,
            ConnectionState::Connected => matches!(tc, T::Passive | T::Active),
            ConnectionState::Unknown => tc == T::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_match_the_spec() {
        assert_eq!(ProviderState::Shutdown.value(), 0x12);
        assert_eq!(CallState::Invalid.value(), 0x22);
        assert_eq!(ConnectionState::Unknown.value(), 0x36);
        assert_eq!(TerminalConnectionState::Dropped.value(), 0x44);
        assert_eq!(CallControlConnectionState::Failed.value(), 0x5A);
        assert_eq!(CallControlTerminalConnectionState::InUse.value(), 0x65);
        for s in CallControlConnectionState::ALL {
            assert_eq!(CallControlConnectionState::from_value(s.value()), Some(*s));
        }
        for s in CallControlTerminalConnectionState::ALL {
            assert_eq!(
                CallControlTerminalConnectionState::from_value(s.value()),
                Some(*s)
            );
        }
        assert_eq!(ConnectionState::from_value(0x37), None);
    }

    #[test]
    fn core_mappings() {
        use CallControlConnectionState as C;
        assert_eq!(C::Offered.core(), ConnectionState::InProgress);
        assert_eq!(C::Queued.core(), ConnectionState::InProgress);
        assert_eq!(C::NetworkAlerting.core(), ConnectionState::Connected);
        assert_eq!(
            CallControlTerminalConnectionState::Held.core(),
            TerminalConnectionState::Active
        );
        assert_eq!(
            CallControlTerminalConnectionState::InUse.core(),
            TerminalConnectionState::Passive
        );
    }

    #[test]
    fn transitions() {
        use CallControlConnectionState as C;
        assert!(C::Idle.can_transition_to(C::Offered));
        assert!(C::Failed.can_transition_to(C::Disconnected));
        assert!(!C::Disconnected.can_transition_to(C::Idle));
        assert!(!C::Established.can_transition_to(C::Alerting));
        assert!(!C::Alerting.can_transition_to(C::Idle));
        use CallControlTerminalConnectionState as T;
        assert!(T::Talking.can_transition_to(T::Held));
        assert!(T::Held.can_transition_to(T::Talking));
        assert!(!T::Bridged.can_transition_to(T::Held));
        assert!(!T::Dropped.can_transition_to(T::Talking));
        assert!(
            ConnectionState::Alerting.allows_terminal_connection(TerminalConnectionState::Ringing)
        );
        assert!(
            !ConnectionState::Alerting.allows_terminal_connection(TerminalConnectionState::Active)
        );
    }
}
