//! The AXL fault: a SOAP `Server` fault whose `detail` carries `axlError`.

use serde::{Deserialize, Serialize};

use crate::envelope::{Fault, FaultCode, SoapVersion};

/// The `axlError` element of an AXL fault's `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxlError {
    /// `axlcode`, e.g. 5007 (item not found) or -239 (duplicate).
    #[serde(rename = "axlcode")]
    pub code: i64,
    /// `axlmessage`, the same text as `faultstring`.
    #[serde(rename = "axlmessage")]
    pub message: String,
    /// `request`, the operation name.
    pub request: String,
}

/// A fault as AXL sends it: `faultcode` `Server`, `faultstring` = `axlmessage`, and
/// `detail/axlError`; or a plain SOAP fault (envelope errors) when `axl` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxlFault {
    /// The SOAP fault.
    pub fault: Fault,
    /// The `axlError` detail, when present.
    pub axl: Option<AxlError>,
}

impl AxlFault {
    /// `axlcode` 5007: the item named in a request does not exist.
    pub const ITEM_NOT_VALID: i64 = 5007;
    /// `axlcode` -239: unique index violated (the object already exists).
    pub const DUPLICATE: i64 = -239;
    /// `axlcode` 5003: the request was malformed or is not supported (decision: CUCM's
    /// exact code for this is not documented; see the README).
    pub const INVALID_REQUEST: i64 = 5003;

    /// An AXL fault with `axlError` = (`code`, `message`, `request`).
    #[must_use]
    pub fn new(code: i64, message: impl Into<String>, request: impl Into<String>) -> Self {
        let message = message.into();
        AxlFault {
            fault: Fault::new(FaultCode::Receiver, message.clone()),
            axl: Some(AxlError {
                code,
                message,
                request: request.into(),
            }),
        }
    }

    /// The 5007 fault CUCM sends when e.g. `getUser` names no user:
    /// `Item not valid: The specified <what> was not found`.
    #[must_use]
    pub fn not_found(request: impl Into<String>, what: &str) -> Self {
        AxlFault::new(
            Self::ITEM_NOT_VALID,
            format!("Item not valid: The specified {what} was not found"),
            request,
        )
    }

    /// The -239 fault for adding something that exists.
    #[must_use]
    pub fn duplicate(request: impl Into<String>, what: &str) -> Self {
        AxlFault::new(
            Self::DUPLICATE,
            format!("Could not insert new row - duplicate value in a UNIQUE INDEX column ({what})"),
            request,
        )
    }

    /// A fault about the message itself (`Client`), without `axlError`.
    #[must_use]
    pub fn client(reason: impl Into<String>) -> Self {
        AxlFault {
            fault: Fault::sender(reason),
            axl: None,
        }
    }

    /// Wraps a SOAP fault, reading `axlError` out of its detail when there.
    #[must_use]
    pub fn from_fault(fault: Fault) -> Self {
        let axl = fault.detail.as_deref().and_then(|d| {
            let start = d.find("<axlError")?;
            let rest = d.get(start..)?;
            let end = rest.find("</axlError>")? + "</axlError>".len();
            quick_xml::de::from_str::<AxlError>(rest.get(..end)?).ok()
        });
        AxlFault { fault, axl }
    }

    /// The `axlcode`, when present.
    #[must_use]
    pub fn code(&self) -> Option<i64> {
        self.axl.as_ref().map(|a| a.code)
    }

    /// The fault ready to write: `detail` filled from `axlError`.
    #[must_use]
    pub fn to_fault(&self) -> Fault {
        let mut fault = self.fault.clone();
        if let Some(axl) = &self.axl {
            if let Ok(xml) = quick_xml::se::to_string_with_root("axlError", axl) {
                fault.detail = Some(xml);
            }
        }
        fault
    }

    /// HTTP status for this fault in `version` (500, or 400 for SOAP 1.2 Sender faults).
    #[must_use]
    pub fn http_status(&self, version: SoapVersion) -> u16 {
        self.fault.http_status(version)
    }
}

impl From<Fault> for AxlFault {
    fn from(fault: Fault) -> Self {
        AxlFault::from_fault(fault)
    }
}

impl std::fmt::Display for AxlFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.axl {
            Some(a) => write!(f, "AXL error {} in {}: {}", a.code, a.request, a.message),
            None => write!(f, "{}", self.fault),
        }
    }
}

impl std::error::Error for AxlFault {}
