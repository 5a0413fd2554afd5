//! The trait an embedder implements: one method per AXL operation.

use std::future::{ready, Future};

use crate::{
    AddPhoneReq, AddUserReq, AxlFault, AxlVersion, DoAuthenticateUserReq, DoAuthenticateUserRes,
    ExecuteSqlQueryReq, ExecuteSqlQueryRes, ExecuteSqlUpdateReq, ExecuteSqlUpdateRes,
    GetCcmVersionReq, GetCcmVersionRes, GetLineReq, GetLineRes, GetPhoneReq, GetPhoneRes,
    GetUserReq, GetUserRes, ListLineReq, ListLineRes, ListPhoneReq, ListPhoneRes, ListUserReq,
    ListUserRes, RemovePhoneReq, RemoveUserReq, StandardResponse, UnknownOperation, UpdatePhoneReq,
    UpdateUserReq,
};

/// What an AXL application user may do, as decided by [`AxlService::authenticate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Unknown user or wrong password: HTTP 401.
    Denied,
    /// Valid credentials but no AXL role: HTTP 403.
    NoAxlRole,
    /// "Standard AXL Read Only API Access": reads only; writes get HTTP 403.
    ReadOnly,
    /// "Standard AXL API Access": reads and writes.
    ReadWrite,
}

/// Facts about the call being served, passed to every operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallContext {
    /// The authenticated AXL application user.
    pub username: String,
    /// Its access level.
    pub access: Access,
    /// The AXL schema version of the request.
    pub version: AxlVersion,
    /// The request's `sequence` attribute.
    pub sequence: Option<u64>,
}

/// The result of an operation: a response or an AXL fault.
pub type AxlResult<T> = Result<T, AxlFault>;

fn unsupported<T>(operation: &str) -> std::future::Ready<AxlResult<T>> {
    ready(Err(AxlFault::new(
        AxlFault::INVALID_REQUEST,
        format!("{operation} is not implemented by this server"),
        operation,
    )))
}

macro_rules! service_methods {
    ($( $(#[$doc:meta])* $method:ident($req:ty) -> $res:ty = $name:literal; )*) => {
        /// The directory behind an AXL server. The dispatcher parses, authenticates,
        /// authorizes, throttles and applies `returnedTags`; implement the operations you
        /// serve (the others answer with an AXL fault). For list operations, use the
        /// request's `select` helper (criteria, `skip`/`first`) or do the same in your store.
        ///
        /// Methods return `impl Future + Send`, so an implementation may be `async fn`.
        pub trait AxlService: Send + Sync + 'static {
            /// Checks HTTP Basic credentials of an AXL application user.
            fn authenticate(&self, username: &str, password: &str) -> Access;

            $(
                $(#[$doc])*
                #[doc = concat!("\n\n`", $name, "`; the default answers with an AXL fault.")]
                fn $method(
                    &self,
                    ctx: &CallContext,
                    request: $req,
                ) -> impl Future<Output = AxlResult<$res>> + Send {
                    let _ = (ctx, request);
                    unsupported($name)
                }
            )*

            /// Any operation this crate has no type for; the default answers with a fault.
            fn unknown_operation(
                &self,
                ctx: &CallContext,
                request: UnknownOperation,
            ) -> impl Future<Output = AxlResult<UnknownOperation>> + Send {
                let _ = ctx;
                ready(Err(AxlFault::client(format!(
                    "Unknown or unsupported AXL operation {}",
                    request.name
                ))))
            }
        }
    };
}

service_methods! {
    /// The CUCM version.
    get_ccm_version(GetCcmVersionReq) -> GetCcmVersionRes = "getCCMVersion";
    /// One user by `userid` or `uuid` (answer 5007 when missing).
    get_user(GetUserReq) -> GetUserRes = "getUser";
    /// Users matching the criteria.
    list_user(ListUserReq) -> ListUserRes = "listUser";
    /// Adds a user; returns its `{UUID}`.
    add_user(AddUserReq) -> StandardResponse = "addUser";
    /// Updates a user.
    update_user(UpdateUserReq) -> StandardResponse = "updateUser";
    /// Removes a user.
    remove_user(RemoveUserReq) -> StandardResponse = "removeUser";
    /// One phone by `name` or `uuid`.
    get_phone(GetPhoneReq) -> GetPhoneRes = "getPhone";
    /// Phones matching the criteria.
    list_phone(ListPhoneReq) -> ListPhoneRes = "listPhone";
    /// Adds a phone.
    add_phone(AddPhoneReq) -> StandardResponse = "addPhone";
    /// Updates a phone.
    update_phone(UpdatePhoneReq) -> StandardResponse = "updatePhone";
    /// Removes a phone.
    remove_phone(RemovePhoneReq) -> StandardResponse = "removePhone";
    /// One line by `uuid` or `pattern` + `routePartitionName`.
    get_line(GetLineReq) -> GetLineRes = "getLine";
    /// Lines matching the criteria.
    list_line(ListLineReq) -> ListLineRes = "listLine";
    /// A SQL query against the CUCM database.
    execute_sql_query(ExecuteSqlQueryReq) -> ExecuteSqlQueryRes = "executeSQLQuery";
    /// A SQL update against the CUCM database.
    execute_sql_update(ExecuteSqlUpdateReq) -> ExecuteSqlUpdateRes = "executeSQLUpdate";
    /// Checks an end user's password or PIN.
    do_authenticate_user(DoAuthenticateUserReq) -> DoAuthenticateUserRes = "doAuthenticateUser";
}
