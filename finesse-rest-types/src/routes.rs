//! The REST route table: method + path pattern → operation, shared by servers and clients.
//!
//! Patterns use `{name}` placeholders (the syntax axum 0.8 and most routers accept), and
//! every first placeholder is called `{id}` so routers that require one name per position
//! accept the whole table.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::error::IdError;
use crate::node::validate_id;

/// An HTTP method used by the Finesse REST API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
}

impl Method {
    /// Parses an upper-case method name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "GET" => Some(Self::Get),
            "PUT" => Some(Self::Put),
            "POST" => Some(Self::Post),
            "DELETE" => Some(Self::Delete),
            _ => None,
        }
    }

    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! operations {
    ($( $(#[$m:meta])* $op:ident => $method:ident $pattern:literal, $body:expr, $status:literal; )+) => {
        /// A REST operation. Each has exactly one [`Route`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[$m])* $op, )+
        }

        impl Operation {
            /// This operation's route.
            pub fn route(self) -> &'static Route {
                match self {
                    $( Operation::$op => &Route {
                        method: Method::$method,
                        pattern: $pattern,
                        operation: Operation::$op,
                        body: $body,
                        success_status: $status,
                    }, )+
                }
            }
        }

        /// Every route, in a stable order.
        pub static ROUTES: &[Route] = &[
            $( Route {
                method: Method::$method,
                pattern: $pattern,
                operation: Operation::$op,
                body: $body,
                success_status: $status,
            }, )+
        ];
    };
}

operations! {
    /// GET `/finesse/api/SystemInfo`.
    GetSystemInfo => Get "/finesse/api/SystemInfo", None, 200;
    /// GET `/finesse/api/User/{id}`.
    GetUser => Get "/finesse/api/User/{id}", None, 200;
    /// PUT `/finesse/api/User/{id}` with a [`UserRequest`](crate::UserRequest): sign in,
    /// sign out, change state (202, result by notification).
    ChangeUserState => Put "/finesse/api/User/{id}", Some("User"), 202;
    /// GET `/finesse/api/User?loginName=…`.
    FindUserByLoginName => Get "/finesse/api/User", None, 200;
    /// GET `/finesse/api/Users`.
    ListUsers => Get "/finesse/api/Users", None, 200;
    /// GET `/finesse/api/User/{id}/Dialogs`.
    GetUserDialogs => Get "/finesse/api/User/{id}/Dialogs", None, 200;
    /// POST `/finesse/api/User/{id}/Dialogs` with a [`DialogRequest`](crate::DialogRequest)
    /// (MAKE_CALL, supervisor calls).
    CreateDialog => Post "/finesse/api/User/{id}/Dialogs", Some("Dialog"), 202;
    /// GET `/finesse/api/Dialog/{id}`.
    GetDialog => Get "/finesse/api/Dialog/{id}", None, 200;
    /// PUT `/finesse/api/Dialog/{id}` with a [`DialogRequest`](crate::DialogRequest).
    UpdateDialog => Put "/finesse/api/Dialog/{id}", Some("Dialog"), 202;
    /// GET `/finesse/api/User/{id}/Queues`.
    GetUserQueues => Get "/finesse/api/User/{id}/Queues", None, 200;
    /// GET `/finesse/api/User/{id}/ReasonCodes?category=NOT_READY|LOGOUT`.
    GetUserReasonCodes => Get "/finesse/api/User/{id}/ReasonCodes", None, 200;
    /// GET `/finesse/api/User/{id}/ReasonCode/{reasonCodeId}`.
    GetUserReasonCode => Get "/finesse/api/User/{id}/ReasonCode/{reasonCodeId}", None, 200;
    /// GET `/finesse/api/User/{id}/WrapUpReasons`.
    GetUserWrapUpReasons => Get "/finesse/api/User/{id}/WrapUpReasons", None, 200;
    /// GET `/finesse/api/User/{id}/MediaPropertiesLayout`.
    GetUserMediaPropertiesLayout => Get "/finesse/api/User/{id}/MediaPropertiesLayout", None, 200;
    /// GET `/finesse/api/User/{id}/PhoneBooks`.
    GetUserPhoneBooks => Get "/finesse/api/User/{id}/PhoneBooks", None, 200;
    /// GET `/finesse/api/User/{id}/Workflows`.
    GetUserWorkflows => Get "/finesse/api/User/{id}/Workflows", None, 200;
    /// POST `/finesse/api/User/{id}/ClientLog` (GET and PUT are 405).
    PostClientLog => Post "/finesse/api/User/{id}/ClientLog", Some("ClientLog"), 200;
    /// GET `/finesse/api/Team/{id}`.
    GetTeam => Get "/finesse/api/Team/{id}", None, 200;
    /// GET `/finesse/api/Teams`.
    ListTeams => Get "/finesse/api/Teams", None, 200;
    /// GET `/finesse/api/Team/{id}/TeamMessages`.
    GetTeamMessages => Get "/finesse/api/Team/{id}/TeamMessages", None, 200;
    /// GET `/finesse/api/TeamResource/{id}/ReasonCodes`.
    GetTeamReasonCodes => Get "/finesse/api/TeamResource/{id}/ReasonCodes", None, 200;
    /// GET `/finesse/api/TeamResource/{id}/WrapUpReasons`.
    GetTeamWrapUpReasons => Get "/finesse/api/TeamResource/{id}/WrapUpReasons", None, 200;
    /// GET `/finesse/api/TeamResource/{id}/MediaPropertiesLayout`.
    GetTeamMediaPropertiesLayout => Get "/finesse/api/TeamResource/{id}/MediaPropertiesLayout", None, 200;
    /// GET `/finesse/api/TeamResource/{id}/PhoneBooks`.
    GetTeamPhoneBooks => Get "/finesse/api/TeamResource/{id}/PhoneBooks", None, 200;
    /// GET `/finesse/api/TeamResource/{id}/Workflows`.
    GetTeamWorkflows => Get "/finesse/api/TeamResource/{id}/Workflows", None, 200;
    /// GET `/finesse/api/Queue/{id}`.
    GetQueue => Get "/finesse/api/Queue/{id}", None, 200;
    /// GET `/finesse/api/ReasonCodes?category=…`.
    ListReasonCodes => Get "/finesse/api/ReasonCodes", None, 200;
    /// POST `/finesse/api/ReasonCodes`.
    CreateReasonCode => Post "/finesse/api/ReasonCodes", Some("ReasonCode"), 200;
    /// GET `/finesse/api/ReasonCode/{id}`.
    GetReasonCode => Get "/finesse/api/ReasonCode/{id}", None, 200;
    /// PUT `/finesse/api/ReasonCode/{id}`.
    UpdateReasonCode => Put "/finesse/api/ReasonCode/{id}", Some("ReasonCode"), 200;
    /// DELETE `/finesse/api/ReasonCode/{id}`.
    DeleteReasonCode => Delete "/finesse/api/ReasonCode/{id}", None, 200;
    /// GET `/finesse/api/WrapUpReasons`.
    ListWrapUpReasons => Get "/finesse/api/WrapUpReasons", None, 200;
    /// POST `/finesse/api/WrapUpReasons`.
    CreateWrapUpReason => Post "/finesse/api/WrapUpReasons", Some("WrapUpReason"), 200;
    /// GET `/finesse/api/WrapUpReason/{id}`.
    GetWrapUpReason => Get "/finesse/api/WrapUpReason/{id}", None, 200;
    /// PUT `/finesse/api/WrapUpReason/{id}`.
    UpdateWrapUpReason => Put "/finesse/api/WrapUpReason/{id}", Some("WrapUpReason"), 200;
    /// DELETE `/finesse/api/WrapUpReason/{id}`.
    DeleteWrapUpReason => Delete "/finesse/api/WrapUpReason/{id}", None, 200;
    /// GET `/finesse/api/MediaPropertiesLayouts`.
    ListMediaPropertiesLayouts => Get "/finesse/api/MediaPropertiesLayouts", None, 200;
    /// POST `/finesse/api/MediaPropertiesLayouts`.
    CreateMediaPropertiesLayout => Post "/finesse/api/MediaPropertiesLayouts", Some("MediaPropertiesLayout"), 200;
    /// GET `/finesse/api/MediaPropertiesLayout/{id}`.
    GetMediaPropertiesLayout => Get "/finesse/api/MediaPropertiesLayout/{id}", None, 200;
    /// PUT `/finesse/api/MediaPropertiesLayout/{id}`.
    UpdateMediaPropertiesLayout => Put "/finesse/api/MediaPropertiesLayout/{id}", Some("MediaPropertiesLayout"), 200;
    /// DELETE `/finesse/api/MediaPropertiesLayout/{id}`.
    DeleteMediaPropertiesLayout => Delete "/finesse/api/MediaPropertiesLayout/{id}", None, 200;
    /// GET `/finesse/api/PhoneBooks`.
    ListPhoneBooks => Get "/finesse/api/PhoneBooks", None, 200;
    /// POST `/finesse/api/PhoneBooks`.
    CreatePhoneBook => Post "/finesse/api/PhoneBooks", Some("PhoneBook"), 200;
    /// GET `/finesse/api/PhoneBook/{id}`.
    GetPhoneBook => Get "/finesse/api/PhoneBook/{id}", None, 200;
    /// PUT `/finesse/api/PhoneBook/{id}`.
    UpdatePhoneBook => Put "/finesse/api/PhoneBook/{id}", Some("PhoneBook"), 200;
    /// DELETE `/finesse/api/PhoneBook/{id}`.
    DeletePhoneBook => Delete "/finesse/api/PhoneBook/{id}", None, 200;
    /// GET `/finesse/api/PhoneBook/{id}/Contacts`.
    ListContacts => Get "/finesse/api/PhoneBook/{id}/Contacts", None, 200;
    /// POST `/finesse/api/PhoneBook/{id}/Contacts`.
    CreateContact => Post "/finesse/api/PhoneBook/{id}/Contacts", Some("Contact"), 200;
    /// GET `/finesse/api/PhoneBook/{id}/Contact/{contactId}`.
    GetContact => Get "/finesse/api/PhoneBook/{id}/Contact/{contactId}", None, 200;
    /// PUT `/finesse/api/PhoneBook/{id}/Contact/{contactId}`.
    UpdateContact => Put "/finesse/api/PhoneBook/{id}/Contact/{contactId}", Some("Contact"), 200;
    /// DELETE `/finesse/api/PhoneBook/{id}/Contact/{contactId}`.
    DeleteContact => Delete "/finesse/api/PhoneBook/{id}/Contact/{contactId}", None, 200;
    /// GET `/finesse/api/Workflows`.
    ListWorkflows => Get "/finesse/api/Workflows", None, 200;
    /// POST `/finesse/api/Workflows`.
    CreateWorkflow => Post "/finesse/api/Workflows", Some("Workflow"), 200;
    /// GET `/finesse/api/Workflow/{id}`.
    GetWorkflow => Get "/finesse/api/Workflow/{id}", None, 200;
    /// PUT `/finesse/api/Workflow/{id}`.
    UpdateWorkflow => Put "/finesse/api/Workflow/{id}", Some("Workflow"), 200;
    /// DELETE `/finesse/api/Workflow/{id}`.
    DeleteWorkflow => Delete "/finesse/api/Workflow/{id}", None, 200;
    /// POST `/finesse/api/TeamMessage`.
    CreateTeamMessage => Post "/finesse/api/TeamMessage", Some("TeamMessage"), 200;
    /// DELETE `/finesse/api/TeamMessage/{id}`.
    DeleteTeamMessage => Delete "/finesse/api/TeamMessage/{id}", None, 200;
}

/// One entry of [`ROUTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// HTTP method.
    pub method: Method,
    /// Path pattern with `{name}` placeholders.
    pub pattern: &'static str,
    /// The operation.
    pub operation: Operation,
    /// Root element of the request body, if the operation takes one.
    pub body: Option<&'static str>,
    /// Status of a successful answer (202 for the asynchronous User/Dialog requests).
    pub success_status: u16,
}

impl Route {
    /// Builds a concrete path (no query) from `params` (`("id", "1001")`, …). Every
    /// placeholder must be given and each value must pass [`validate_id`].
    pub fn path(&self, params: &[(&str, &str)]) -> Result<String, IdError> {
        let mut out = String::with_capacity(self.pattern.len() + 16);
        for (i, seg) in self.pattern.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let value = params
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map_or("", |(_, v)| *v);
                    validate_id(value)?;
                    out.push_str(value);
                }
                None => out.push_str(seg),
            }
        }
        Ok(out)
    }
}

/// Path parameters captured by [`match_route`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathParams(Vec<(&'static str, String)>);

impl PathParams {
    /// The value of placeholder `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `{id}` placeholder (every parameterised route has one).
    pub fn id(&self) -> Option<&str> {
        self.get("id")
    }

    /// All captures in pattern order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(n, v)| (*n, v.as_str()))
    }
}

/// The result of [`match_route`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteMatch {
    /// A route matched.
    Found {
        /// The route.
        route: &'static Route,
        /// Captured placeholders.
        params: PathParams,
    },
    /// The path exists but not with this method: answer 405 with an `Allow` header.
    MethodNotAllowed {
        /// Methods the path accepts.
        allowed: Vec<Method>,
    },
    /// No route has this path: answer 404.
    NotFound,
}

fn match_pattern(pattern: &'static str, path: &str) -> Option<PathParams> {
    let mut params = Vec::new();
    let mut pat = pattern.split('/');
    let mut segs = path.split('/');
    loop {
        match (pat.next(), segs.next()) {
            (None, None) => return Some(PathParams(params)),
            (Some(p), Some(s)) => match p.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                Some(name) => {
                    if validate_id(s).is_err() {
                        return None;
                    }
                    params.push((name, s.to_owned()));
                }
                None if p == s => {}
                None => return None,
            },
            _ => return None,
        }
    }
}

/// Finds the operation for `method` (upper case) and `path` (a query string and one
/// trailing `/` are ignored).
///
/// ```
/// use finesse_rest_types::{match_route, Operation, RouteMatch};
/// let RouteMatch::Found { route, params } = match_route("PUT", "/finesse/api/Dialog/16804377") else {
///     panic!()
/// };
/// assert_eq!(route.operation, Operation::UpdateDialog);
/// assert_eq!(params.id(), Some("16804377"));
/// assert!(matches!(
///     match_route("GET", "/finesse/api/User/1001/ClientLog"),
///     RouteMatch::MethodNotAllowed { .. }
/// ));
/// ```
pub fn match_route(method: &str, path: &str) -> RouteMatch {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = if path.len() > 1 {
        path.strip_suffix('/').unwrap_or(path)
    } else {
        path
    };
    let method = Method::parse(method);
    let mut allowed = Vec::new();
    for route in ROUTES {
        if let Some(params) = match_pattern(route.pattern, path) {
            if Some(route.method) == method {
                return RouteMatch::Found { route, params };
            }
            if !allowed.contains(&route.method) {
                allowed.push(route.method);
            }
        }
    }
    if allowed.is_empty() {
        RouteMatch::NotFound
    } else {
        RouteMatch::MethodNotAllowed { allowed }
    }
}

#[cfg(test)]
#[allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_route_matches_its_own_path() {
        for r in ROUTES {
            let path = r.path(&[("id", "1001"), ("reasonCodeId", "7"), ("contactId", "9")]);
            let path = path.unwrap();
            match match_route(r.method.as_str(), &path) {
                RouteMatch::Found { route, .. } => assert_eq!(route, r, "{path}"),
                other => panic!("{} {path}: {other:?}", r.method),
            }
            assert_eq!(r.operation.route(), r);
        }
    }

    #[test]
    fn no_two_routes_share_method_and_pattern() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in ROUTES.iter().skip(i + 1) {
                assert!(
                    !(a.method == b.method && a.pattern == b.pattern),
                    "{}",
                    a.pattern
                );
            }
        }
    }

    #[test]
    fn queries_slashes_and_misses() {
        assert!(matches!(
            match_route("GET", "/finesse/api/User/1001/ReasonCodes?category=NOT_READY"),
            RouteMatch::Found { route, .. } if route.operation == Operation::GetUserReasonCodes
        ));
        assert!(matches!(
            match_route("GET", "/finesse/api/User?loginName=jsmith"),
            RouteMatch::Found { route, .. } if route.operation == Operation::FindUserByLoginName
        ));
        assert!(matches!(
            match_route("GET", "/finesse/api/User/1001/"),
            RouteMatch::Found { route, .. } if route.operation == Operation::GetUser
        ));
        assert_eq!(
            match_route("GET", "/finesse/api/Nope"),
            RouteMatch::NotFound
        );
        assert_eq!(
            match_route("GET", "/finesse/api/User//Dialogs"),
            RouteMatch::NotFound
        );
        assert_eq!(
            match_route("DELETE", "/finesse/api/User/1001"),
            RouteMatch::MethodNotAllowed {
                allowed: vec![Method::Get, Method::Put]
            }
        );
        assert_eq!(
            match_route("PATCH", "/finesse/api/Dialog/1"),
            RouteMatch::MethodNotAllowed {
                allowed: vec![Method::Get, Method::Put]
            }
        );
        let RouteMatch::Found { params, .. } =
            match_route("GET", "/finesse/api/PhoneBook/3/Contact/44")
        else {
            panic!()
        };
        assert_eq!(params.get("contactId"), Some("44"));
    }

    #[test]
    fn building_paths_validates_ids() {
        let r = Operation::GetUser.route();
        assert_eq!(r.path(&[("id", "6021")]).unwrap(), "/finesse/api/User/6021");
        assert_eq!(r.path(&[]), Err(IdError::Empty));
        assert!(r.path(&[("id", "../x")]).is_err());
    }
}
