//! `ReasonCode`/`ReasonCodes` and `WrapUpReason`/`WrapUpReasons`.

use serde::{Deserialize, Serialize};

use crate::enums::ReasonCodeCategory;
use crate::xml::resource;

/// A not-ready or sign-out reason code.
///
/// Code range: UCCE 1–65535, UCCX 1–999; label ≤ 40 characters (see
/// [`validate_reason_code`](crate::validate_reason_code)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasonCode {
    /// URI (`/finesse/api/ReasonCode/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// NOT_READY or LOGOUT.
    #[serde(rename = "category", default, skip_serializing_if = "Option::is_none")]
    pub category: Option<ReasonCodeCategory>,
    /// The numeric code sent to the CTI server.
    #[serde(rename = "code", default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    /// Label shown on the desktop.
    #[serde(rename = "label", default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Global (all teams) or team-assigned.
    #[serde(rename = "forAll", default, skip_serializing_if = "Option::is_none")]
    pub for_all: Option<bool>,
    /// A system reason code (not listed by the API).
    #[serde(
        rename = "systemCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub system_code: Option<bool>,
    /// Id (the number in the URI).
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}
resource!(ReasonCode, "ReasonCode", "reasonCode");

impl ReasonCode {
    /// A reason code with id, category, code and label; `uri` is derived from `id`.
    pub fn new(
        id: impl Into<String>,
        category: ReasonCodeCategory,
        code: u32,
        label: impl Into<String>,
    ) -> Self {
        let id = id.into();
        Self {
            uri: Some(format!("/finesse/api/ReasonCode/{id}")),
            category: Some(category),
            code: Some(code),
            label: Some(label.into()),
            for_all: Some(true),
            system_code: None,
            id: Some(id),
        }
    }
}

/// `ReasonCodes`: a list of reason codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReasonCodes {
    /// The reason codes.
    #[serde(rename = "ReasonCode", default)]
    pub reason_codes: Vec<ReasonCode>,
}
resource!(ReasonCodes, "ReasonCodes", "reasonCodes");

/// A wrap-up reason (label ≤ 39 bytes, unique).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WrapUpReason {
    /// URI (`/finesse/api/WrapUpReason/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Label.
    #[serde(rename = "label", default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Global (all teams) or team-assigned.
    #[serde(rename = "forAll", default, skip_serializing_if = "Option::is_none")]
    pub for_all: Option<bool>,
}
resource!(WrapUpReason, "WrapUpReason", "wrapUpReason");

/// `WrapUpReasons`: a list of wrap-up reasons.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WrapUpReasons {
    /// The wrap-up reasons.
    #[serde(rename = "WrapUpReason", default)]
    pub wrap_up_reasons: Vec<WrapUpReason>,
}
resource!(WrapUpReasons, "WrapUpReasons", "wrapUpReasons");
