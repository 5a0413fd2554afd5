//! Typed AXL operations: one request and one response type per operation, and the
//! [`AxlRequest`]/[`AxlResponse`] enums over all of them.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{de::DeserializeOwned, Deserialize, Deserializer, Serialize, Serializer};

use super::records::{
    Devices, Extension, Line, LineSearch, Phone, PhoneLines, PhoneSearch, User, UserSearch,
};
use super::tags::{record, ReturnedTags, TagFilter};
use crate::error::{AxlDecodeError, EncodeError};

/// Whether an operation reads or changes the database (writes are subject to role checks
/// and throttling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    /// get*, list*, executeSQLQuery, doAuthenticateUser, getCCMVersion.
    Read,
    /// add*, update*, remove*, executeSQLUpdate.
    Write,
}

/// A typed AXL operation: its request type is `Self`, its response `Self::Response`.
pub trait AxlOperation:
    Serialize + DeserializeOwned + Clone + std::fmt::Debug + Into<AxlRequest>
{
    /// The operation (request element) name, e.g. `getUser`.
    const NAME: &'static str;
    /// Read or write.
    const KIND: OperationKind;
    /// The content of the response's `<return>` element.
    type Response: Serialize + DeserializeOwned + Clone + std::fmt::Debug;
    /// Wraps a response of this operation in the [`AxlResponse`] enum.
    fn wrap_response(response: Self::Response) -> AxlResponse;
    /// Takes this operation's response out of an [`AxlResponse`].
    ///
    /// # Errors
    /// Gives the response back when it belongs to another operation.
    fn unwrap_response(response: AxlResponse) -> Result<Self::Response, AxlResponse>;
}

// ---- requests ----------------------------------------------------------------------

record! {
    /// `getCCMVersion` request.
    pub struct GetCcmVersionReq {
        "processNodeName" => process_node_name: String,
    }
}

/// `getUser` request: `userid` or `uuid`, optional `returnedTags`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetUserReq {
    /// The user id.
    #[serde(rename = "userid", default, skip_serializing_if = "Option::is_none")]
    pub userid: Option<String>,
    /// Or the user's `{UUID}`.
    #[serde(rename = "uuid", default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Tags to return (all when absent).
    #[serde(
        rename = "returnedTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub returned_tags: Option<ReturnedTags>,
}

/// `listUser` request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListUserReq {
    /// Search criteria (at least one).
    #[serde(rename = "searchCriteria")]
    pub search_criteria: UserSearch,
    /// Tags to return (required).
    #[serde(rename = "returnedTags")]
    pub returned_tags: ReturnedTags,
    /// Rows to skip (honoured only together with `first`).
    #[serde(rename = "skip", default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<u64>,
    /// Maximum rows to return.
    #[serde(rename = "first", default, skip_serializing_if = "Option::is_none")]
    pub first: Option<u64>,
}

/// `addUser` request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AddUserReq {
    /// The user to add (`lastName`, `userid`, `presenceGroupName` are required by CUCM).
    pub user: User,
}

record! {
    /// `updateUser` request: `uuid` or `userid`, then the fields to change.
    pub struct UpdateUserReq {
        "uuid" => uuid: String,
        "userid" => userid: String,
        "firstName" => first_name: String,
        "displayName" => display_name: String,
        "middleName" => middle_name: String,
        "lastName" => last_name: String,
        "newUserid" => new_userid: String,
        "password" => password: String,
        "pin" => pin: String,
        "mailid" => mailid: String,
        "department" => department: String,
        "manager" => manager: String,
        "associatedDevices" => associated_devices: Devices,
        "primaryExtension" => primary_extension: Extension,
        "enableCti" => enable_cti: bool,
        "presenceGroupName" => presence_group_name: String,
        "telephoneNumber" => telephone_number: String,
        "title" => title: String,
        "mobileNumber" => mobile_number: String,
    }
}

record! {
    /// `removeUser` request: `uuid` or `userid`.
    pub struct RemoveUserReq {
        "uuid" => uuid: String,
        "userid" => userid: String,
    }
}

/// `getPhone` request: `name` or `uuid`, optional `returnedTags`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetPhoneReq {
    /// Device name.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Or the device `{UUID}`.
    #[serde(rename = "uuid", default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Tags to return (all when absent).
    #[serde(
        rename = "returnedTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub returned_tags: Option<ReturnedTags>,
}

/// `listPhone` request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListPhoneReq {
    /// Search criteria.
    #[serde(rename = "searchCriteria")]
    pub search_criteria: PhoneSearch,
    /// Tags to return.
    #[serde(rename = "returnedTags")]
    pub returned_tags: ReturnedTags,
    /// Rows to skip (honoured only together with `first`).
    #[serde(rename = "skip", default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<u64>,
    /// Maximum rows to return.
    #[serde(rename = "first", default, skip_serializing_if = "Option::is_none")]
    pub first: Option<u64>,
}

/// `addPhone` request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AddPhoneReq {
    /// The phone to add.
    pub phone: Phone,
}

record! {
    /// `updatePhone` request: `name` or `uuid`, then the fields to change.
    pub struct UpdatePhoneReq {
        "name" => name: String,
        "uuid" => uuid: String,
        "newName" => new_name: String,
        "description" => description: String,
        "callingSearchSpaceName" => calling_search_space_name: String,
        "devicePoolName" => device_pool_name: String,
        "commonPhoneConfigName" => common_phone_config_name: String,
        "locationName" => location_name: String,
        "securityProfileName" => security_profile_name: String,
        "lines" => lines: PhoneLines,
        "phoneTemplateName" => phone_template_name: String,
        "ownerUserName" => owner_user_name: String,
    }
}

record! {
    /// `removePhone` request: `name` or `uuid`.
    pub struct RemovePhoneReq {
        "name" => name: String,
        "uuid" => uuid: String,
    }
}

/// `getLine` request: `uuid`, or `pattern` + `routePartitionName` (empty for none).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetLineReq {
    /// The line `{UUID}`.
    #[serde(rename = "uuid", default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Or the directory number.
    #[serde(rename = "pattern", default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// With its partition (empty: no partition).
    #[serde(
        rename = "routePartitionName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub route_partition_name: Option<String>,
    /// Tags to return (all when absent).
    #[serde(
        rename = "returnedTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub returned_tags: Option<ReturnedTags>,
}

/// `listLine` request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListLineReq {
    /// Search criteria.
    #[serde(rename = "searchCriteria")]
    pub search_criteria: LineSearch,
    /// Tags to return.
    #[serde(rename = "returnedTags")]
    pub returned_tags: ReturnedTags,
    /// Rows to skip (honoured only together with `first`).
    #[serde(rename = "skip", default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<u64>,
    /// Maximum rows to return.
    #[serde(rename = "first", default, skip_serializing_if = "Option::is_none")]
    pub first: Option<u64>,
}

/// `executeSQLQuery` request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExecuteSqlQueryReq {
    /// The Informix `SELECT`.
    pub sql: String,
}

/// `executeSQLUpdate` request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExecuteSqlUpdateReq {
    /// The Informix `INSERT`/`UPDATE`/`DELETE`.
    pub sql: String,
}

/// `doAuthenticateUser` request: `userid` and `password` or `pin`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DoAuthenticateUserReq {
    /// The user id.
    pub userid: String,
    /// The password.
    #[serde(rename = "password", default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Or the PIN (4+ digits, end users only).
    #[serde(rename = "pin", default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
}

// ---- responses (the content of <return>) --------------------------------------------

/// `componentVersion` of a `getCCMVersion` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ComponentVersion {
    /// e.g. `12.5.1.11900(146)`.
    pub version: String,
}

/// `getCCMVersion` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetCcmVersionRes {
    /// The version block.
    #[serde(rename = "componentVersion")]
    pub component_version: ComponentVersion,
}

impl GetCcmVersionRes {
    /// A response carrying `version`.
    #[must_use]
    pub fn new(version: impl Into<String>) -> Self {
        GetCcmVersionRes {
            component_version: ComponentVersion {
                version: version.into(),
            },
        }
    }
}

/// `getUser` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetUserRes {
    /// The user.
    pub user: User,
}

/// `listUser` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListUserRes {
    /// Matching users (each with its `uuid` attribute).
    #[serde(rename = "user", default)]
    pub users: Vec<User>,
}

/// The response of every add/update/remove operation: `true`, `false` or the `{UUID}` of
/// the object.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StandardResponse(pub String);

/// `getPhone` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetPhoneRes {
    /// The phone.
    pub phone: Phone,
}

/// `listPhone` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListPhoneRes {
    /// Matching phones.
    #[serde(rename = "phone", default)]
    pub phones: Vec<Phone>,
}

/// `getLine` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetLineRes {
    /// The line.
    pub line: Line,
}

/// `listLine` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListLineRes {
    /// Matching lines.
    #[serde(rename = "line", default)]
    pub lines: Vec<Line>,
}

/// One `row` of an `executeSQLQuery` result: `(column, value)` in column order. Column
/// names are the lower-case Informix names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SqlRow(pub Vec<(String, String)>);

impl SqlRow {
    /// The value of `column`.
    #[must_use]
    pub fn get(&self, column: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for SqlRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (c, v) in &self.0 {
            map.serialize_entry(c, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for SqlRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = SqlRow;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a row of column elements")
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(SqlRow::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut cols = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key.starts_with('@') || key.starts_with('$') {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        continue;
                    }
                    let value = map.next_value::<Option<String>>()?.unwrap_or_default();
                    cols.push((key, value));
                }
                Ok(SqlRow(cols))
            }
        }
        deserializer.deserialize_map(RowVisitor)
    }
}

/// `executeSQLQuery` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExecuteSqlQueryRes {
    /// The rows.
    #[serde(rename = "row", default)]
    pub rows: Vec<SqlRow>,
}

/// `executeSQLUpdate` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExecuteSqlUpdateRes {
    /// Rows changed.
    #[serde(rename = "rowsUpdated")]
    pub rows_updated: u64,
}

/// `doAuthenticateUser` response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DoAuthenticateUserRes {
    /// Whether the credentials were right.
    #[serde(rename = "userAuthenticated")]
    pub user_authenticated: bool,
    /// IMS result code (0 when authenticated).
    pub code: i64,
    /// Days until the credential expires.
    #[serde(
        rename = "daysToExpiry",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub days_to_expiry: Option<i64>,
    /// Whether the user should be warned about expiry.
    #[serde(
        rename = "isWarningNeeded",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_warning_needed: Option<bool>,
}

/// An operation this crate has no type for, kept as raw XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOperation {
    /// Element name (the operation for requests, `<op>Response` for responses).
    pub name: String,
    /// The element as received, namespace declarations copied in.
    pub xml: String,
}

#[derive(Serialize)]
struct ReturnRef<'a, T> {
    #[serde(rename = "return")]
    ret: &'a T,
}

#[derive(Deserialize)]
struct ReturnOwned<T> {
    #[serde(rename = "return")]
    ret: T,
}

fn ser_err(operation: &str, e: &quick_xml::SeError) -> EncodeError {
    EncodeError::Serialize {
        operation: operation.to_owned(),
        reason: e.to_string(),
    }
}

fn de_err(operation: &str, e: &quick_xml::DeError) -> AxlDecodeError {
    AxlDecodeError::Body {
        operation: operation.to_owned(),
        reason: e.to_string(),
    }
}

macro_rules! operations {
    ($( $variant:ident = $name:literal, $kind:ident, $req:ty => $res:ty; )*) => {
        /// A typed AXL request: one variant per operation this crate models.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum AxlRequest {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant($req),
            )*
            /// Any other operation, as raw XML.
            Unknown(UnknownOperation),
        }

        /// A typed AXL response (the content of `<return>`), one variant per operation.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum AxlResponse {
            $(
                #[doc = concat!("`", $name, "Response`")]
                $variant($res),
            )*
            /// Any other operation's response, as raw XML.
            Unknown(UnknownOperation),
        }

        $(
            impl AxlOperation for $req {
                const NAME: &'static str = $name;
                const KIND: OperationKind = OperationKind::$kind;
                type Response = $res;
                fn wrap_response(response: $res) -> AxlResponse {
                    AxlResponse::$variant(response)
                }
                fn unwrap_response(response: AxlResponse) -> Result<$res, AxlResponse> {
                    match response {
                        AxlResponse::$variant(r) => Ok(r),
                        other => Err(other),
                    }
                }
            }

            impl From<$req> for AxlRequest {
                fn from(r: $req) -> Self {
                    AxlRequest::$variant(r)
                }
            }
        )*

        /// The operation names this crate models, in the order of [`AxlRequest`].
        pub const OPERATIONS: &[&str] = &[$($name),*];

        impl AxlRequest {
            /// The operation name (`getUser`, …).
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    $( AxlRequest::$variant(_) => $name, )*
                    AxlRequest::Unknown(u) => &u.name,
                }
            }

            /// Read or write. Unknown operations count as writes when their name starts
            /// like one (`add`, `update`, `remove`, `apply`, `reset`, `restart`, `do`
            /// other than `doAuthenticateUser`…), so that they are throttled and
            /// role-checked like writes.
            #[must_use]
            pub fn kind(&self) -> OperationKind {
                match self {
                    $( AxlRequest::$variant(_) => OperationKind::$kind, )*
                    AxlRequest::Unknown(u) => kind_by_name(&u.name),
                }
            }

            /// Decodes the payload element `name` from `xml` (the element itself).
            ///
            /// # Errors
            /// [`AxlDecodeError::Body`] when the element does not match the schema.
            pub fn decode(name: &str, xml: &str) -> Result<Self, AxlDecodeError> {
                match name {
                    $( $name => quick_xml::de::from_str::<$req>(xml)
                        .map(AxlRequest::$variant)
                        .map_err(|e| de_err($name, &e)), )*
                    _ => Ok(AxlRequest::Unknown(UnknownOperation {
                        name: name.to_owned(),
                        xml: xml.to_owned(),
                    })),
                }
            }

            /// Writes the request element named `root` (e.g. `ns0:getUser`; the caller
            /// adds the namespace declaration).
            ///
            /// # Errors
            /// [`EncodeError`] when the serializer refuses a value.
            pub fn write(&self, root: &str, out: &mut String) -> Result<(), EncodeError> {
                match self {
                    $( AxlRequest::$variant(r) => quick_xml::se::to_writer_with_root(&mut *out, root, r)
                        .map(|_| ())
                        .map_err(|e| ser_err($name, &e)), )*
                    AxlRequest::Unknown(u) => {
                        out.push_str(&u.xml);
                        Ok(())
                    }
                }
            }
        }

        impl AxlResponse {
            /// The operation this responds to (`getUser` for `getUserResponse`).
            #[must_use]
            pub fn operation(&self) -> &str {
                match self {
                    $( AxlResponse::$variant(_) => $name, )*
                    AxlResponse::Unknown(u) => u.name.strip_suffix("Response").unwrap_or(&u.name),
                }
            }

            /// Decodes the response element of `operation` from `xml` (the
            /// `<op>Response` element itself).
            ///
            /// # Errors
            /// [`AxlDecodeError::Body`] when the element does not match the schema.
            pub fn decode(operation: &str, xml: &str) -> Result<Self, AxlDecodeError> {
                match operation {
                    $( $name => quick_xml::de::from_str::<ReturnOwned<$res>>(xml)
                        .map(|r| AxlResponse::$variant(r.ret))
                        .map_err(|e| de_err($name, &e)), )*
                    _ => Ok(AxlResponse::Unknown(UnknownOperation {
                        name: format!("{operation}Response"),
                        xml: xml.to_owned(),
                    })),
                }
            }

            /// Writes the response element named `root` (e.g. `ns:getUserResponse`).
            ///
            /// # Errors
            /// [`EncodeError`] when the serializer refuses a value.
            pub fn write(&self, root: &str, out: &mut String) -> Result<(), EncodeError> {
                match self {
                    $( AxlResponse::$variant(r) => quick_xml::se::to_writer_with_root(&mut *out, root, &ReturnRef { ret: r })
                        .map(|_| ())
                        .map_err(|e| ser_err($name, &e)), )*
                    AxlResponse::Unknown(u) => {
                        out.push_str(&u.xml);
                        Ok(())
                    }
                }
            }
        }
    };
}

operations! {
    GetCcmVersion = "getCCMVersion", Read, GetCcmVersionReq => GetCcmVersionRes;
    GetUser = "getUser", Read, GetUserReq => GetUserRes;
    ListUser = "listUser", Read, ListUserReq => ListUserRes;
    AddUser = "addUser", Write, AddUserReq => StandardResponse;
    UpdateUser = "updateUser", Write, UpdateUserReq => StandardResponse;
    RemoveUser = "removeUser", Write, RemoveUserReq => StandardResponse;
    GetPhone = "getPhone", Read, GetPhoneReq => GetPhoneRes;
    ListPhone = "listPhone", Read, ListPhoneReq => ListPhoneRes;
    AddPhone = "addPhone", Write, AddPhoneReq => StandardResponse;
    UpdatePhone = "updatePhone", Write, UpdatePhoneReq => StandardResponse;
    RemovePhone = "removePhone", Write, RemovePhoneReq => StandardResponse;
    GetLine = "getLine", Read, GetLineReq => GetLineRes;
    ListLine = "listLine", Read, ListLineReq => ListLineRes;
    ExecuteSqlQuery = "executeSQLQuery", Read, ExecuteSqlQueryReq => ExecuteSqlQueryRes;
    ExecuteSqlUpdate = "executeSQLUpdate", Write, ExecuteSqlUpdateReq => ExecuteSqlUpdateRes;
    DoAuthenticateUser = "doAuthenticateUser", Read, DoAuthenticateUserReq => DoAuthenticateUserRes;
}

fn kind_by_name(name: &str) -> OperationKind {
    const READ_PREFIXES: [&str; 3] = ["get", "list", "execute"];
    if name == "executeSQLUpdate" || !READ_PREFIXES.iter().any(|p| name.starts_with(p)) {
        OperationKind::Write
    } else {
        OperationKind::Read
    }
}

impl AxlResponse {
    /// Applies `returnedTags` of `request` to this response (get/list operations).
    pub fn apply_returned_tags(&mut self, request: &AxlRequest) {
        match (self, request) {
            (AxlResponse::GetUser(r), AxlRequest::GetUser(q)) => {
                if let Some(t) = &q.returned_tags {
                    r.user.filter(t);
                }
            }
            (AxlResponse::ListUser(r), AxlRequest::ListUser(q)) => r.users.filter(&q.returned_tags),
            (AxlResponse::GetPhone(r), AxlRequest::GetPhone(q)) => {
                if let Some(t) = &q.returned_tags {
                    r.phone.filter(t);
                }
            }
            (AxlResponse::ListPhone(r), AxlRequest::ListPhone(q)) => {
                r.phones.filter(&q.returned_tags);
            }
            (AxlResponse::GetLine(r), AxlRequest::GetLine(q)) => {
                if let Some(t) = &q.returned_tags {
                    r.line.filter(t);
                }
            }
            (AxlResponse::ListLine(r), AxlRequest::ListLine(q)) => r.lines.filter(&q.returned_tags),
            _ => {}
        }
    }
}

/// Applies `skip`/`first` to an iterator as AXL does: `first` caps the count, and `skip`
/// is honoured only together with `first`.
pub fn page<T>(
    items: impl IntoIterator<Item = T>,
    skip: Option<u64>,
    first: Option<u64>,
) -> Vec<T> {
    let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    match first {
        Some(first) => items
            .into_iter()
            .skip(skip.map_or(0, to_usize))
            .take(to_usize(first))
            .collect(),
        None => items.into_iter().collect(),
    }
}

impl ListUserReq {
    /// Selects from `users` what this request asks for: search criteria, then
    /// `skip`/`first`. (`returnedTags` is applied by the server dispatcher.)
    pub fn select<'a>(&self, users: impl IntoIterator<Item = &'a User>) -> Vec<User> {
        page(
            users
                .into_iter()
                .filter(|u| self.search_criteria.matches(u))
                .cloned(),
            self.skip,
            self.first,
        )
    }
}

impl ListPhoneReq {
    /// Selects from `phones` what this request asks for (criteria, `skip`/`first`).
    pub fn select<'a>(&self, phones: impl IntoIterator<Item = &'a Phone>) -> Vec<Phone> {
        page(
            phones
                .into_iter()
                .filter(|p| self.search_criteria.matches(p))
                .cloned(),
            self.skip,
            self.first,
        )
    }
}

impl ListLineReq {
    /// Selects from `lines` what this request asks for (criteria, `skip`/`first`).
    pub fn select<'a>(&self, lines: impl IntoIterator<Item = &'a Line>) -> Vec<Line> {
        page(
            lines
                .into_iter()
                .filter(|l| self.search_criteria.matches(l))
                .cloned(),
            self.skip,
            self.first,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging() {
        assert_eq!(page(0..10, Some(3), None), (0..10).collect::<Vec<_>>());
        assert_eq!(page(0..10, Some(3), Some(2)), vec![3, 4]);
        assert_eq!(page(0..10, None, Some(2)), vec![0, 1]);
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_by_name("getSipTrunk"), OperationKind::Read);
        assert_eq!(kind_by_name("addSipTrunk"), OperationKind::Write);
        assert_eq!(kind_by_name("executeSQLUpdate"), OperationKind::Write);
    }
}
