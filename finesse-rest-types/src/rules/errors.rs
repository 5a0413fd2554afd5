//! The documented error catalogue: HTTP status + `ErrorType` for every refusal, and the
//! [`ApiErrorResponse`] a server sends (status + `ApiErrors` body).

use crate::resources::api_errors::{ApiError, ApiErrors};

/// A documented Finesse error kind: fixes the HTTP status and the `ErrorType` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400 `Bad Request`.
    BadRequest,
    /// 400 `Generic Error`.
    GenericError,
    /// 400 `Invalid Input`.
    InvalidInput,
    /// 400 `Invalid State`.
    InvalidState,
    /// 401 `Invalid State`: the state is not supported in this scenario.
    InvalidStateNotSupported,
    /// 400 `Parameter Missing`.
    ParameterMissing,
    /// 400 `Invalid Destination` (TRANSFER_SST).
    InvalidDestination,
    /// 400 `Finesse API Error` (config objects: stale, nonexistent, DB constraint).
    FinesseApiError,
    /// 400 `Maximum Exceeded`.
    MaximumExceeded,
    /// 400 `Operation Failure` (ClientLog).
    OperationFailure,
    /// 401 `Authorization Failure`.
    AuthorizationFailure,
    /// 401 `Authentication Failure`.
    AuthenticationFailure,
    /// 401 `Invalid Authorization User Specified`: credentials and URI disagree.
    InvalidAuthorizationUser,
    /// 401 `Invalid Supervisor`.
    InvalidSupervisor,
    /// 403 `Forbidden` (config APIs on the secondary node).
    Forbidden,
    /// 404 `Not Found`.
    NotFound,
    /// 404 `User Not Found`.
    UserNotFound,
    /// 404 `Dialog Not Found`.
    DialogNotFound,
    /// 404 `TeamId Not Found`.
    TeamIdNotFound,
    /// 405 `Method Not Allowed`.
    MethodNotAllowed,
    /// 416 `Range Not Satisfiable` (more than 6000 contacts).
    RangeNotSatisfiable,
    /// 500 `Internal Server Error`.
    InternalServerError,
    /// 501 `Not Implemented`.
    NotImplemented,
    /// 503 `Service Unavailable`.
    ServiceUnavailable,
    /// Asynchronous only (error notification): `Call Operation Failure`.
    CallOperationFailure,
    /// Asynchronous only: `Invalid Device`.
    InvalidDevice,
    /// Asynchronous only: `Device Busy`.
    DeviceBusy,
    /// Asynchronous only: `Mode Not Allowed`.
    ModeNotAllowed,
}

impl ApiErrorKind {
    /// The HTTP status Finesse answers with (400 for the asynchronous-only kinds, which
    /// is what finesse.js reports to callers).
    pub fn status(self) -> u16 {
        use ApiErrorKind::*;
        match self {
            BadRequest | GenericError | InvalidInput | InvalidState | ParameterMissing
            | InvalidDestination | FinesseApiError | MaximumExceeded | OperationFailure
            | CallOperationFailure | InvalidDevice | DeviceBusy | ModeNotAllowed => 400,
            InvalidStateNotSupported
            | AuthorizationFailure
            | AuthenticationFailure
            | InvalidAuthorizationUser
            | InvalidSupervisor => 401,
            Forbidden => 403,
            NotFound | UserNotFound | DialogNotFound | TeamIdNotFound => 404,
            MethodNotAllowed => 405,
            RangeNotSatisfiable => 416,
            InternalServerError => 500,
            NotImplemented => 501,
            ServiceUnavailable => 503,
        }
    }

    /// The `ErrorType` string.
    pub fn error_type(self) -> &'static str {
        use ApiErrorKind::*;
        match self {
            BadRequest => "Bad Request",
            GenericError => "Generic Error",
            InvalidInput => "Invalid Input",
            InvalidState | InvalidStateNotSupported => "Invalid State",
            ParameterMissing => "Parameter Missing",
            InvalidDestination => "Invalid Destination",
            FinesseApiError => "Finesse API Error",
            MaximumExceeded => "Maximum Exceeded",
            OperationFailure => "Operation Failure",
            AuthorizationFailure => "Authorization Failure",
            AuthenticationFailure => "Authentication Failure",
            InvalidAuthorizationUser => "Invalid Authorization User Specified",
            InvalidSupervisor => "Invalid Supervisor",
            Forbidden => "Forbidden",
            NotFound => "Not Found",
            UserNotFound => "User Not Found",
            DialogNotFound => "Dialog Not Found",
            TeamIdNotFound => "TeamId Not Found",
            MethodNotAllowed => "Method Not Allowed",
            RangeNotSatisfiable => "Range Not Satisfiable",
            InternalServerError => "Internal Server Error",
            NotImplemented => "Not Implemented",
            ServiceUnavailable => "Service Unavailable",
            CallOperationFailure => "Call Operation Failure",
            InvalidDevice => "Invalid Device",
            DeviceBusy => "Device Busy",
            ModeNotAllowed => "Mode Not Allowed",
        }
    }

    /// `true` for kinds Finesse reports only in error notifications, never synchronously.
    pub fn is_async_only(self) -> bool {
        matches!(
            self,
            Self::CallOperationFailure
                | Self::InvalidDevice
                | Self::DeviceBusy
                | Self::ModeNotAllowed
        )
    }
}

/// A refusal as a server sends it: the HTTP status and the `ApiErrors` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiErrorResponse {
    /// The kind (decides status and `ErrorType`).
    pub kind: ApiErrorKind,
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: ApiErrors,
}

impl ApiErrorResponse {
    /// A response with one error of `kind`, `message` (`ErrorMessage`) and optional data.
    pub fn new(kind: ApiErrorKind, message: impl Into<String>, data: Option<String>) -> Self {
        Self {
            kind,
            status: kind.status(),
            body: ApiErrors::single(ApiError::new(kind.error_type(), message, data)),
        }
    }

    /// 503 `Service Unavailable` / `SERVER_OUT_OF_SERVICE`: Finesse's answer to every
    /// request while it is OUT_OF_SERVICE.
    pub fn out_of_service() -> Self {
        Self::new(
            ApiErrorKind::ServiceUnavailable,
            "SERVER_OUT_OF_SERVICE",
            None,
        )
    }

    /// 401 `Authorization Failure` / `UNAUTHORIZED` with the user id as data.
    pub fn unauthorized(user: impl Into<String>) -> Self {
        Self::new(
            ApiErrorKind::AuthorizationFailure,
            "UNAUTHORIZED",
            Some(user.into()),
        )
    }

    /// 401 `Invalid Authorization User Specified`: an agent acting on another user.
    pub fn wrong_user(user: impl Into<String>) -> Self {
        Self::new(
            ApiErrorKind::InvalidAuthorizationUser,
            "The user specified in the authentication credentials and the uri don't match",
            Some(user.into()),
        )
    }

    /// 404 `User Not Found` / `UNKNOWN_USER`.
    pub fn unknown_user(user: impl Into<String>) -> Self {
        Self::new(
            ApiErrorKind::UserNotFound,
            "UNKNOWN_USER",
            Some(user.into()),
        )
    }

    /// 404 `Dialog Not Found` / `Invalid dialogId specified for dialog`.
    pub fn unknown_dialog(dialog_id: impl Into<String>) -> Self {
        Self::new(
            ApiErrorKind::DialogNotFound,
            "Invalid dialogId specified for dialog",
            Some(dialog_id.into()),
        )
    }

    /// 405 `Method Not Allowed`.
    pub fn method_not_allowed(method: &str) -> Self {
        Self::new(
            ApiErrorKind::MethodNotAllowed,
            format!("Method {method} is not allowed on this resource"),
            None,
        )
    }

    /// 404 `Not Found` for a path no route matches.
    pub fn not_found(path: &str) -> Self {
        Self::new(
            ApiErrorKind::NotFound,
            "Resource not found",
            Some(path.to_owned()),
        )
    }

    /// 400 `Bad Request` for a body that does not parse.
    pub fn bad_request(reason: impl Into<String>) -> Self {
        Self::new(ApiErrorKind::BadRequest, reason, None)
    }

    /// A CTI failure as Finesse reports it in an error notification on a Dialog:
    /// `Call Operation Failure`, errorData = CTI code, errorMessage = CTI constant.
    pub fn cti_failure(code: u32, constant: impl Into<String>) -> ApiErrors {
        ApiErrors::single(ApiError::new(
            ApiErrorKind::CallOperationFailure.error_type(),
            constant,
            Some(code.to_string()),
        ))
    }

    /// The body as REST XML.
    pub fn to_xml(&self) -> Result<String, crate::EncodeError> {
        crate::Resource::to_xml(&self.body)
    }
}

impl std::fmt::Display for ApiErrorResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let msg = self
            .body
            .errors
            .first()
            .map_or("", |e| e.error_message.as_str());
        write!(f, "{} {}: {msg}", self.status, self.kind.error_type())
    }
}

impl std::error::Error for ApiErrorResponse {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_statuses() {
        assert_eq!(ApiErrorResponse::out_of_service().status, 503);
        assert_eq!(
            ApiErrorResponse::out_of_service().body.errors[0].error_type,
            "Service Unavailable"
        );
        assert_eq!(ApiErrorKind::InvalidStateNotSupported.status(), 401);
        assert_eq!(ApiErrorKind::InvalidState.status(), 400);
        assert_eq!(ApiErrorKind::Forbidden.status(), 403);
        assert_eq!(ApiErrorKind::MethodNotAllowed.status(), 405);
        assert_eq!(ApiErrorKind::NotImplemented.status(), 501);
        assert_eq!(ApiErrorKind::RangeNotSatisfiable.status(), 416);
        assert!(ApiErrorKind::DeviceBusy.is_async_only());
        let e = ApiErrorResponse::unauthorized("jsmith");
        assert_eq!(e.status, 401);
        assert_eq!(e.body.errors[0].error_message, "UNAUTHORIZED");
        assert_eq!(e.body.errors[0].error_data.as_deref(), Some("jsmith"));
    }
}
