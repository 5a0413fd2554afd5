//! `MediaPropertiesLayout`/`MediaPropertiesLayouts`.

use serde::{Deserialize, Serialize};

use crate::enums::LayoutType;
use crate::xml::resource;

/// Which call variables the desktop shows and how (header plus up to two columns of up
/// to 10 entries each).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MediaPropertiesLayout {
    /// URI.
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Name (≤ 40 characters).
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description (≤ 128 characters).
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// DEFAULT or CUSTOM.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub layout_type: Option<LayoutType>,
    /// The header line.
    #[serde(rename = "header", default, skip_serializing_if = "Option::is_none")]
    pub header: Option<LayoutHeader>,
    /// Columns (at most two).
    #[serde(rename = "column", default)]
    pub columns: Vec<LayoutColumn>,
}
resource!(
    MediaPropertiesLayout,
    "MediaPropertiesLayout",
    "mediaPropertiesLayout"
);

/// `MediaPropertiesLayout/header`: one entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LayoutHeader {
    /// The entry.
    #[serde(rename = "entry", default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<LayoutEntry>,
}

/// `MediaPropertiesLayout/column`: up to 10 entries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LayoutColumn {
    /// The entries.
    #[serde(rename = "entry", default)]
    pub entries: Vec<LayoutEntry>,
}

/// One layout entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LayoutEntry {
    /// Label (≤ 50 characters, may be empty).
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    /// The call variable shown (`callVariable1`, `user.…`, `BA…`).
    #[serde(
        rename = "mediaProperty",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub media_property: Option<String>,
    /// Shown in the pop-over.
    #[serde(
        rename = "showInPopOver",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub show_in_pop_over: Option<bool>,
    /// Editable by the agent.
    #[serde(
        rename = "uiEditable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ui_editable: Option<bool>,
}

impl LayoutEntry {
    /// An entry showing `media_property` labelled `display_name`.
    pub fn new(display_name: impl Into<String>, media_property: impl Into<String>) -> Self {
        Self {
            display_name: Some(display_name.into()),
            media_property: Some(media_property.into()),
            show_in_pop_over: None,
            ui_editable: None,
        }
    }
}

/// `MediaPropertiesLayouts`: a list of layouts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MediaPropertiesLayouts {
    /// The layouts.
    #[serde(rename = "MediaPropertiesLayout", default)]
    pub layouts: Vec<MediaPropertiesLayout>,
}
resource!(
    MediaPropertiesLayouts,
    "MediaPropertiesLayouts",
    "mediaPropertiesLayouts"
);
