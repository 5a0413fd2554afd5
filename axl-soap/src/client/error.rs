//! Client errors.

use std::time::Duration;

use crate::{AxlDecodeError, AxlFault, EncodeError};

/// Why an AXL call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The client was configured wrongly (bad URL, https without TLS settings, …).
    #[error("client configuration: {0}")]
    Config(String),
    /// TCP connect or TLS handshake failed.
    #[error("connect: {0}")]
    Connect(#[source] std::io::Error),
    /// The HTTP exchange failed.
    #[error("http: {0}")]
    Http(#[from] hyper::Error),
    /// No answer within the configured timeout.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// HTTP 401: wrong username or password.
    #[error("401 Unauthorized: check the AXL username and password")]
    Unauthorized,
    /// HTTP 403 without a SOAP fault: the user has no AXL access.
    #[error("403 Forbidden: the user has no AXL access")]
    Forbidden,
    /// HTTP 503 after all retries: CUCM is throttling.
    #[error("503 Service Unavailable after {attempts} attempts (AXL throttling)")]
    Throttled {
        /// Attempts made.
        attempts: u32,
    },
    /// Any other non-SOAP HTTP status.
    #[error("unexpected HTTP status {status}")]
    Status {
        /// The status code.
        status: u16,
        /// The start of the body, for diagnostics.
        body: String,
    },
    /// The server answered with a SOAP/AXL fault.
    #[error("{0}")]
    Fault(Box<AxlFault>),
    /// The response could not be decoded.
    #[error("bad response: {0}")]
    Decode(AxlDecodeError),
    /// The request could not be encoded.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The response body exceeded the size limit.
    #[error("response larger than {0} bytes")]
    TooLarge(usize),
    /// The response was for another operation than the one called.
    #[error("response does not belong to {0}")]
    WrongResponse(&'static str),
}

impl ClientError {
    /// The `axlcode` when this is an AXL fault.
    #[must_use]
    pub fn axl_code(&self) -> Option<i64> {
        match self {
            ClientError::Fault(f) => f.code(),
            _ => None,
        }
    }
}

impl From<AxlDecodeError> for ClientError {
    fn from(e: AxlDecodeError) -> Self {
        match e {
            AxlDecodeError::Fault(f) => ClientError::Fault(f),
            other => ClientError::Decode(other),
        }
    }
}
