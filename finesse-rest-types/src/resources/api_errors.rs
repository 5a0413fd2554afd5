//! `ApiErrors`: the synchronous error body, and its lower-camel-case notification form.

use serde::{Deserialize, Serialize};

use crate::error::{EncodeError, ParseError};
use crate::xml::{write_with_root, Limits, Resource};

/// One error. Parsed order-insensitively from either the REST form (`ErrorType`,
/// `ErrorMessage`, `ErrorData`, `ErrorMedia`) or the notification form (`errorType`, …
/// plus UCCE's `peripheralErrorCode`, `peripheralErrorText`, `peripheralErrorMsg`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// Error type (`Invalid State`, `Authorization Failure`…).
    #[serde(rename = "ErrorType", alias = "errorType", default)]
    pub error_type: String,
    /// Error message (`UNAUTHORIZED`, `CF_INVALID_OBJECT_STATE`…).
    #[serde(rename = "ErrorMessage", alias = "errorMessage", default)]
    pub error_message: String,
    /// Error data (the user id, the CTI error code…).
    #[serde(
        rename = "ErrorData",
        alias = "errorData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_data: Option<String>,
    /// The media routing domain the error applies to (nonvoice).
    #[serde(
        rename = "ErrorMedia",
        alias = "errorMedia",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_media: Option<String>,
    /// UCCE peripheral error code.
    #[serde(
        rename = "peripheralErrorCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub peripheral_error_code: Option<String>,
    /// UCCE peripheral error text.
    #[serde(
        rename = "peripheralErrorText",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub peripheral_error_text: Option<String>,
    /// UCCE peripheral error constant.
    #[serde(
        rename = "peripheralErrorMsg",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub peripheral_error_msg: Option<String>,
}

impl ApiError {
    /// An error with type, message and optional data.
    pub fn new(
        error_type: impl Into<String>,
        error_message: impl Into<String>,
        error_data: Option<String>,
    ) -> Self {
        Self {
            error_type: error_type.into(),
            error_message: error_message.into(),
            error_data,
            ..Self::default()
        }
    }
}

/// The error body: one or more [`ApiError`]s.
///
/// ```
/// use finesse_rest_types::{ApiErrors, Resource};
/// let body = "<ApiErrors><ApiError><ErrorData>jsmith</ErrorData>\
///             <ErrorType>Authorization Failure</ErrorType>\
///             <ErrorMessage>UNAUTHORIZED</ErrorMessage></ApiError></ApiErrors>";
/// let e = ApiErrors::from_xml(body)?;
/// assert_eq!(e.errors[0].error_message, "UNAUTHORIZED");
/// # Ok::<(), finesse_rest_types::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApiErrors {
    /// The errors.
    #[serde(rename = "ApiError", alias = "apiError", default)]
    pub errors: Vec<ApiError>,
}

impl ApiErrors {
    /// A body with one error.
    pub fn single(error: ApiError) -> Self {
        Self {
            errors: vec![error],
        }
    }
}

#[derive(Serialize)]
struct LowerError<'a> {
    #[serde(rename = "errorType")]
    error_type: &'a str,
    #[serde(rename = "errorMessage")]
    error_message: &'a str,
    #[serde(rename = "errorData", skip_serializing_if = "Option::is_none")]
    error_data: Option<&'a str>,
    #[serde(rename = "errorMedia", skip_serializing_if = "Option::is_none")]
    error_media: Option<&'a str>,
    #[serde(
        rename = "peripheralErrorCode",
        skip_serializing_if = "Option::is_none"
    )]
    peripheral_error_code: Option<&'a str>,
    #[serde(
        rename = "peripheralErrorText",
        skip_serializing_if = "Option::is_none"
    )]
    peripheral_error_text: Option<&'a str>,
    #[serde(rename = "peripheralErrorMsg", skip_serializing_if = "Option::is_none")]
    peripheral_error_msg: Option<&'a str>,
}

#[derive(Serialize)]
struct LowerErrors<'a> {
    #[serde(rename = "apiError")]
    errors: Vec<LowerError<'a>>,
}

impl Resource for ApiErrors {
    const ROOT: &'static str = "ApiErrors";
    const DATA_ROOT: &'static str = "apiErrors";

    fn from_xml_with(xml: &str, limits: &Limits) -> Result<Self, ParseError> {
        crate::xml::parse_with_roots(xml, limits, &[Self::ROOT, Self::DATA_ROOT], Self::ROOT)
    }

    /// The notification form: `<apiErrors><apiError><errorType/>…`.
    fn to_data_xml(&self) -> Result<String, EncodeError> {
        let lower = LowerErrors {
            errors: self
                .errors
                .iter()
                .map(|e| LowerError {
                    error_type: &e.error_type,
                    error_message: &e.error_message,
                    error_data: e.error_data.as_deref(),
                    error_media: e.error_media.as_deref(),
                    peripheral_error_code: e.peripheral_error_code.as_deref(),
                    peripheral_error_text: e.peripheral_error_text.as_deref(),
                    peripheral_error_msg: e.peripheral_error_msg.as_deref(),
                })
                .collect(),
        };
        write_with_root(&lower, Self::DATA_ROOT)
    }
}
