//! Enumerations carried as element text. Every one keeps values it does not know in an
//! `Other(String)` variant instead of failing, so a newer Finesse release passes through.

/// Declares a wire enum: known variants with their exact wire strings plus `Other(String)`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know, kept exactly as sent. [`Self::parse`]
            /// never puts a known value here.
            Other(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The exact wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s,
                }
            }

            /// Maps a wire string to its variant (case-sensitive, as Finesse sends it);
            /// anything else becomes [`Self::Other`].
            pub fn parse(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }

            /// `true` unless this is [`Self::Other`].
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::parse(s)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match Self::parse(&s) {
                    $name::Other(_) => $name::Other(s),
                    known => known,
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s))
            }
        }
    };
}

wire_enum! {
    /// Agent state (`User/state`, `User/pendingState`; Finesse `User.States`).
    pub enum AgentState {
        /// Sign-in request; transient, becomes `NOT_READY`.
        Login = "LOGIN",
        /// Signed out.
        Logout = "LOGOUT",
        /// Not available for routed calls.
        NotReady = "NOT_READY",
        /// Available for routed calls.
        Ready = "READY",
        /// A routed call is being offered.
        Reserved = "RESERVED",
        /// Reserved for a progressive/predictive outbound call (UCCE).
        ReservedOutbound = "RESERVED_OUTBOUND",
        /// Reserved for a preview outbound call.
        ReservedOutboundPreview = "RESERVED_OUTBOUND_PREVIEW",
        /// On a routed call (UCCX also while holding).
        Talking = "TALKING",
        /// Holding a call (UCCE only; UCCX reports `TALKING`).
        Hold = "HOLD",
        /// Wrap-up, then not ready.
        Work = "WORK",
        /// Wrap-up, then ready (UCCE only).
        WorkReady = "WORK_READY",
        /// State unknown to Finesse.
        Unknown = "UNKNOWN",
    }
}

wire_enum! {
    /// Dialog state (`Dialog/state`), voice and nonvoice values.
    pub enum DialogState {
        /// Off hook.
        Initiating = "INITIATING",
        /// Dialing.
        Initiated = "INITIATED",
        /// Ringing.
        Alerting = "ALERTING",
        /// At least one participant active.
        Active = "ACTIVE",
        /// Failed (busy, bad destination…).
        Failed = "FAILED",
        /// No active participant left.
        Dropped = "DROPPED",
        /// Outbound preview accepted.
        Accepted = "ACCEPTED",
        /// Nonvoice: offered.
        Offered = "OFFERED",
        /// Nonvoice: paused.
        Paused = "PAUSED",
        /// Nonvoice: wrapping up.
        WrappingUp = "WRAPPING_UP",
        /// Nonvoice: interrupted.
        Interrupted = "INTERRUPTED",
        /// Nonvoice: closed.
        Closed = "CLOSED",
        /// Unknown.
        Unknown = "UNKNOWN",
    }
}

wire_enum! {
    /// Participant state (`Participant/state`).
    pub enum ParticipantState {
        /// Off hook.
        Initiating = "INITIATING",
        /// Dialing.
        Initiated = "INITIATED",
        /// Ringing (incoming).
        Alerting = "ALERTING",
        /// Connected.
        Active = "ACTIVE",
        /// Busy / bad destination / other failure.
        Failed = "FAILED",
        /// On hold.
        Held = "HELD",
        /// Left the call.
        Dropped = "DROPPED",
        /// Wrapping up.
        WrapUp = "WRAP_UP",
        /// Outbound preview accepted.
        Accepted = "ACCEPTED",
        /// Unknown.
        Unknown = "UNKNOWN",
    }
}

wire_enum! {
    /// Dialog actions: `requestedAction` in requests and `Participant/actions/action`
    /// (Finesse `Dialog.Actions`; finesse.js's `DTMF` is `SEND_DTMF` on the wire).
    pub enum DialogAction {
        /// Accept an outbound preview reservation.
        Accept = "ACCEPT",
        /// Answer an alerting call.
        Answer = "ANSWER",
        /// Supervisor barge-in.
        BargeCall = "BARGE_CALL",
        /// Cancel a scheduled callback.
        CancelScheduledCallback = "CANCEL_SCHEDULED_CALLBACK",
        /// Close an outbound preview.
        Close = "CLOSE",
        /// Complete a conference from the held call.
        Conference = "CONFERENCE",
        /// Start a consult call (puts the current one on hold).
        ConsultCall = "CONSULT_CALL",
        /// Hang up.
        Drop = "DROP",
        /// Send DTMF digits (`actionParams/dtmfString`).
        SendDtmf = "SEND_DTMF",
        /// Hold.
        Hold = "HOLD",
        /// Place a new call (POST on `User/{id}/Dialogs`).
        MakeCall = "MAKE_CALL",
        /// Supervisor drops a participant from a conference.
        ParticipantDrop = "PARTICIPANT_DROP",
        /// Reclassify an outbound call.
        Reclassify = "RECLASSIFY",
        /// Reject an outbound preview.
        Reject = "REJECT",
        /// Retrieve a held call.
        Retrieve = "RETRIEVE",
        /// Start recording (UCCX only; 501 on UCCE).
        StartRecording = "START_RECORDING",
        /// Complete a consult transfer from the held call.
        Transfer = "TRANSFER",
        /// Single-step (blind) transfer.
        TransferSst = "TRANSFER_SST",
        /// Update call variables / wrap-up reason.
        UpdateCallData = "UPDATE_CALL_DATA",
        /// Update a scheduled callback.
        UpdateScheduledCallback = "UPDATE_SCHEDULED_CALLBACK",
        /// Supervisor silent monitoring (exact string uncertain, see README).
        SilentMonitor = "SILENT_MONITOR",
    }
}

wire_enum! {
    /// Why a participant is in its state (`Participant/stateCause`).
    pub enum StateCause {
        /// Destination busy.
        Busy = "BUSY",
        /// Invalid destination.
        BadDestination = "BAD_DESTINATION",
        /// Any other failure.
        OtherFailure = "OTHER",
    }
}

wire_enum! {
    /// A user's role (`User/roles/role`).
    pub enum Role {
        /// Agent.
        Agent = "Agent",
        /// Supervisor.
        Supervisor = "Supervisor",
    }
}

wire_enum! {
    /// Wrap-up mode (`User/settings/wrapUpOnIncoming|wrapUpOnOutgoing`).
    pub enum WrapUpMode {
        /// Wrap-up required.
        Required = "REQUIRED",
        /// Wrap-up optional.
        Optional = "OPTIONAL",
        /// Wrap-up not allowed.
        NotAllowed = "NOT_ALLOWED",
        /// Wrap-up with wrap-up data required.
        RequiredWithWrapUpData = "REQUIRED_WITH_WRAP_UP_DATA",
    }
}

wire_enum! {
    /// Mobile agent connection mode (`User/mobileAgent/mode`).
    pub enum MobileAgentMode {
        /// A call to the agent's phone per customer call.
        CallByCall = "CALL_BY_CALL",
        /// One call kept up for the whole session.
        NailedConnection = "NAILED_CONNECTION",
    }
}

wire_enum! {
    /// Reason code category (`ReasonCode/category`).
    pub enum ReasonCodeCategory {
        /// Reason for going not ready.
        NotReady = "NOT_READY",
        /// Reason for signing out.
        Logout = "LOGOUT",
    }
}

wire_enum! {
    /// Deployment type (`SystemInfo/deploymentType`); selects UCCX vs UCCE rules.
    pub enum DeploymentType {
        /// Unified Contact Center Express.
        Uccx = "UCCX",
        /// Unified Contact Center Enterprise.
        Ucce = "UCCE",
    }
}

wire_enum! {
    /// Finesse service status (`SystemInfo/status`).
    pub enum SystemStatus {
        /// Serving.
        InService = "IN_SERVICE",
        /// Not serving: every REST request gets 503.
        OutOfService = "OUT_OF_SERVICE",
        /// Partially serving (503 as well).
        PartialService = "PARTIAL_SERVICE",
    }
}

wire_enum! {
    /// Participant address type (`Participant/mediaAddressType`).
    pub enum MediaAddressType {
        /// An agent's device.
        AgentDevice = "AGENT_DEVICE",
        /// An internal (agent) address.
        AgentInside = "AGENT_INSIDE",
    }
}

wire_enum! {
    /// Call type (`mediaProperties/callType`). Only `AGENT_INSIDE` is confirmed by a
    /// sample; the other names follow the CTI call types and may grow (see README).
    pub enum CallType {
        /// Routed inbound call.
        AcdIn = "ACD_IN",
        /// Pre-routed inbound call.
        PrerouteAcdIn = "PREROUTE_ACD_IN",
        /// Pre-routed call to a specific agent.
        PrerouteDirectAgent = "PREROUTE_DIRECT_AGENT",
        /// Transferred call.
        Transfer = "TRANSFER",
        /// Other inbound call.
        OtherIn = "OTHER_IN",
        /// Outbound call.
        Out = "OUT",
        /// Agent-to-agent call.
        AgentInside = "AGENT_INSIDE",
        /// Consult call.
        Consult = "CONSULT",
        /// Conference.
        Conference = "CONFERENCE",
        /// Supervisor monitoring.
        SupervisorMonitor = "SUPERVISOR_MONITOR",
        /// Outbound campaign call.
        Outbound = "OUTBOUND",
        /// Outbound preview call.
        OutboundPreview = "OUTBOUND_PREVIEW",
    }
}

wire_enum! {
    /// Media properties layout type.
    pub enum LayoutType {
        /// The system default layout.
        Default = "DEFAULT",
        /// A custom layout.
        Custom = "CUSTOM",
    }
}

wire_enum! {
    /// Phone book type.
    pub enum PhoneBookType {
        /// Visible to everyone.
        Global = "GLOBAL",
        /// Assigned to teams.
        Team = "TEAM",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip_and_unknown_are_kept() {
        for s in AgentState::KNOWN {
            assert_eq!(&AgentState::parse(s.as_str()), s);
        }
        assert_eq!(
            AgentState::parse("ON_BREAK"),
            AgentState::Other("ON_BREAK".into())
        );
        assert_eq!(AgentState::from(String::from("READY")), AgentState::Ready);
        assert_eq!(DialogAction::SendDtmf.to_string(), "SEND_DTMF");
        assert!(!StateCause::parse("").is_known());
    }
}
