//! An in-memory CUCM directory implementing [`AxlService`]: for tests, demos and agent
//! desktop development without a Cisco lab.

use std::collections::HashMap;
use std::future::{ready, Future};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::dictionary::{enduser_pairs, rows_schema, table, CTI_ROUTE_POINT, MAX_JOIN_ROWS};
use super::query;
use super::service::{Access, AxlResult, AxlService, CallContext};
use super::sql::{self, Statement};
use crate::{
    AddPhoneReq, AddUserReq, AxlFault, DoAuthenticateUserReq, DoAuthenticateUserRes,
    ExecuteSqlQueryReq, ExecuteSqlQueryRes, ExecuteSqlUpdateReq, ExecuteSqlUpdateRes,
    GetCcmVersionReq, GetCcmVersionRes, GetLineReq, GetLineRes, GetPhoneReq, GetPhoneRes,
    GetUserReq, GetUserRes, Line, ListLineReq, ListLineRes, ListPhoneReq, ListPhoneRes,
    ListUserReq, ListUserRes, Phone, RemovePhoneReq, RemoveUserReq, StandardResponse,
    UpdatePhoneReq, UpdateUserReq, User,
};

#[derive(Debug, Default)]
pub(super) struct Credentials {
    password: Option<String>,
    pin: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Store {
    pub(super) app_users: HashMap<String, (String, Access)>,
    pub(super) users: Vec<User>,
    pub(super) credentials: HashMap<String, Credentials>,
    pub(super) phones: Vec<Phone>,
    pub(super) lines: Vec<Line>,
    pub(super) next_uuid: u64,
}

impl Store {
    fn uuid(&mut self) -> String {
        self.next_uuid += 1;
        format!(
            "{{{:08X}-0000-4000-8000-{:012X}}}",
            self.next_uuid >> 48,
            self.next_uuid & 0xFFFF_FFFF_FFFF
        )
    }

    pub(super) fn user_index(
        &self,
        userid: Option<&String>,
        uuid: Option<&String>,
    ) -> Option<usize> {
        self.users.iter().position(|u| match (userid, uuid) {
            (Some(id), _) => u
                .userid
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(id)),
            (None, Some(uuid)) => u
                .uuid
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(uuid)),
            (None, None) => false,
        })
    }

    pub(super) fn phone_index(
        &self,
        name: Option<&String>,
        uuid: Option<&String>,
    ) -> Option<usize> {
        self.phones.iter().position(|p| match (name, uuid) {
            (Some(n), _) => p.name.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(n)),
            (None, Some(uuid)) => p
                .uuid
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(uuid)),
            (None, None) => false,
        })
    }
}

/// An in-memory directory: AXL application users (with their access), end users with
/// passwords/PINs, phones and lines. Implements every operation of [`AxlService`],
/// including a small SQL subset for `executeSQLQuery`/`executeSQLUpdate`.
///
/// `executeSQLQuery` accepts `SELECT [SKIP n] [FIRST m] cols|* FROM t [alias] {, t [alias] |
/// [INNER] JOIN t [alias] ON cond} [WHERE cond {AND cond}] [ORDER BY col [DESC], …]`, with
/// conditions `col = | != | <> | LIKE (col | 'text' | number)`, over these tables of the
/// CUCM data dictionary (values are text; NULL is empty):
///
/// | table | columns |
/// |---|---|
/// | `enduser` | `pkid`, `userid`, `firstname`, `middlename`, `lastname`, `displayname`, `department`, `mailid`, `telephonenumber`, `title`, `status` |
/// | `device` | `pkid`, `name`, `description`, `tkclass` (1 Phone, 10 CTI Route Point), `tkdeviceprotocol` (0 SCCP, 11 SIP), `fkenduser` (owner) |
/// | `numplan` | `pkid`, `dnorpattern`, `description`, `alertingname`, `tkpatternusage` (2 Device), `fkroutepartition` |
/// | `devicenumplanmap` | `pkid`, `fkdevice`, `fknumplan`, `numplanindex`, `display`, `label` (from the phones' lines) |
/// | `enduserdevicemap` | `pkid`, `fkenduser`, `fkdevice`, `tkuserassociation` (1, from `associatedDevices`) |
/// | `endusernumplanmap` | `pkid`, `fkenduser`, `fknumplan`, `tkdnusage` (1, from `primaryExtension`) |
/// | `routepartition` | `pkid`, `name`, `description` (the lines' partitions) |
///
/// Errors are Informix's, as CUCM sends them: -201 syntax, -206 unknown table, -217
/// unknown column, -324 ambiguous column. `executeSQLUpdate` accepts `UPDATE enduser SET
/// col = 'v', … [WHERE col = 'v' AND …]`.
///
/// Devices of class `CTI Route Point` (inserted with [`insert_phone`](Self::insert_phone))
/// are in the `device` table and answer `getPhone`, but `listPhone` leaves them out, as
/// CUCM lists them with `listCtiRoutePoint`.
#[derive(Debug)]
pub struct MemoryDirectory {
    version: String,
    store: RwLock<Store>,
}

impl Default for MemoryDirectory {
    fn default() -> Self {
        MemoryDirectory::new("12.5.1.11900(146)")
    }
}

macro_rules! sets {
    ($dst:expr, $src:expr; $($f:ident),*) => {
        $( if $src.$f.is_some() { $dst.$f = $src.$f.clone(); } )*
    };
}

impl MemoryDirectory {
    /// An empty directory reporting `ccm_version` (e.g. `"12.5.1.11900(146)"`).
    #[must_use]
    pub fn new(ccm_version: impl Into<String>) -> Self {
        MemoryDirectory {
            version: ccm_version.into(),
            store: RwLock::new(Store::default()),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds an AXL application user (HTTP Basic credentials) with `access`.
    pub fn add_app_user(&self, name: &str, password: &str, access: Access) {
        self.write()
            .app_users
            .insert(name.to_owned(), (password.to_owned(), access));
    }

    /// Adds an end user with optional password and PIN (not stored in the record, never
    /// returned). Returns its `{UUID}`.
    pub fn insert_user(&self, mut user: User, password: Option<&str>, pin: Option<&str>) -> String {
        let mut store = self.write();
        let uuid = user.uuid.clone().unwrap_or_else(|| store.uuid());
        user.uuid = Some(uuid.clone());
        let password = user.password.take().or(password.map(str::to_owned));
        let pin = user.pin.take().or(pin.map(str::to_owned));
        if let Some(id) = &user.userid {
            store
                .credentials
                .insert(id.to_lowercase(), Credentials { password, pin });
        }
        store.users.push(user);
        uuid
    }

    /// Adds a phone. Returns its `{UUID}`.
    pub fn insert_phone(&self, mut phone: Phone) -> String {
        let mut store = self.write();
        let uuid = phone.uuid.clone().unwrap_or_else(|| store.uuid());
        phone.uuid = Some(uuid.clone());
        store.phones.push(phone);
        uuid
    }

    /// Adds a line. Returns its `{UUID}`.
    pub fn insert_line(&self, mut line: Line) -> String {
        let mut store = self.write();
        let uuid = line.uuid.clone().unwrap_or_else(|| store.uuid());
        line.uuid = Some(uuid.clone());
        store.lines.push(line);
        uuid
    }

    /// A copy of all end users.
    #[must_use]
    pub fn users(&self) -> Vec<User> {
        self.read().users.clone()
    }

    /// A copy of all phones.
    #[must_use]
    pub fn phones(&self) -> Vec<Phone> {
        self.read().phones.clone()
    }

    fn query(&self, sql: &str) -> AxlResult<ExecuteSqlQueryRes> {
        let op = "executeSQLQuery";
        let Some(Statement::Select(select)) = sql::parse(sql) else {
            return Err(AxlFault::new(-201, "A syntax error has occurred.", op));
        };
        let store = self.read();
        let rows = query::execute(&select, |name| table(&store, name), MAX_JOIN_ROWS)?;
        Ok(ExecuteSqlQueryRes { rows })
    }

    fn update(&self, sql: &str) -> AxlResult<ExecuteSqlUpdateRes> {
        let op = "executeSQLUpdate";
        let Some(Statement::Update { table, set, filter }) = sql::parse(sql) else {
            return Err(AxlFault::new(-201, "A syntax error has occurred.", op));
        };
        if table != "enduser" {
            return Err(AxlFault::new(
                -206,
                format!("The specified table ({table}) is not in the database."),
                op,
            ));
        }
        let known = rows_schema("enduser");
        for (c, _) in set.iter().chain(filter.iter()) {
            if !known.contains(c) || (c == "pkid" && set.iter().any(|(s, _)| s == c)) {
                return Err(AxlFault::new(
                    -217,
                    format!(
                        "Column ({c}) not found in any table in the query (or SLV is undefined)."
                    ),
                    op,
                ));
            }
        }
        let mut store = self.write();
        let mut n = 0;
        for user in &mut store.users {
            let row = enduser_pairs(user);
            if !filter
                .iter()
                .all(|(c, v)| row.iter().any(|(rc, rv)| rc == c && rv == v))
            {
                continue;
            }
            for (c, v) in &set {
                let v = Some(v.clone());
                match c.as_str() {
                    "userid" => user.userid = v,
                    "firstname" => user.first_name = v,
                    "middlename" => user.middle_name = v,
                    "lastname" => user.last_name = v,
                    "displayname" => user.display_name = v,
                    "title" => user.title = v,
                    "department" => user.department = v,
                    "mailid" => user.mailid = v,
                    "telephonenumber" => user.telephone_number = v,
                    _ => {}
                }
            }
            n += 1;
        }
        Ok(ExecuteSqlUpdateRes { rows_updated: n })
    }
}

fn done<T: Send>(r: AxlResult<T>) -> impl Future<Output = AxlResult<T>> + Send {
    ready(r)
}

impl AxlService for MemoryDirectory {
    fn authenticate(&self, username: &str, password: &str) -> Access {
        match self.read().app_users.get(username) {
            Some((p, access)) if p == password => *access,
            _ => Access::Denied,
        }
    }

    fn get_ccm_version(
        &self,
        _: &CallContext,
        _: GetCcmVersionReq,
    ) -> impl Future<Output = AxlResult<GetCcmVersionRes>> + Send {
        done(Ok(GetCcmVersionRes::new(self.version.clone())))
    }

    fn get_user(
        &self,
        _: &CallContext,
        r: GetUserReq,
    ) -> impl Future<Output = AxlResult<GetUserRes>> + Send {
        let store = self.read();
        done(
            store
                .user_index(r.userid.as_ref(), r.uuid.as_ref())
                .and_then(|i| store.users.get(i))
                .map(|u| GetUserRes { user: u.clone() })
                .ok_or_else(|| AxlFault::not_found("getUser", "User")),
        )
    }

    fn list_user(
        &self,
        _: &CallContext,
        r: ListUserReq,
    ) -> impl Future<Output = AxlResult<ListUserRes>> + Send {
        done(Ok(ListUserRes {
            users: r.select(&self.read().users),
        }))
    }

    fn add_user(
        &self,
        _: &CallContext,
        r: AddUserReq,
    ) -> impl Future<Output = AxlResult<StandardResponse>> + Send {
        let exists = {
            let store = self.read();
            r.user.userid.is_none() || store.user_index(r.user.userid.as_ref(), None).is_some()
        };
        done(if exists {
            Err(AxlFault::duplicate("addUser", "userid"))
        } else {
            let mut user = r.user;
            user.uuid = None;
            Ok(StandardResponse(self.insert_user(user, None, None)))
        })
    }

    fn update_user(
        &self,
        _: &CallContext,
        r: UpdateUserReq,
    ) -> impl Future<Output = AxlResult<StandardResponse>> + Send {
        let mut store = self.write();
        let result = match store.user_index(r.userid.as_ref(), r.uuid.as_ref()) {
            None => Err(AxlFault::not_found("updateUser", "User")),
            Some(i) => {
                let old_id = store
                    .users
                    .get(i)
                    .and_then(|u| u.userid.clone())
                    .unwrap_or_default()
                    .to_lowercase();
                let mut creds = store.credentials.remove(&old_id).unwrap_or_default();
                if r.password.is_some() {
                    creds.password = r.password.clone();
                }
                if r.pin.is_some() {
                    creds.pin = r.pin.clone();
                }
                let mut uuid = String::new();
                let mut new_id = old_id;
                if let Some(u) = store.users.get_mut(i) {
                    sets!(u, r; first_name, display_name, middle_name, last_name, mailid, department, manager,
                        associated_devices, primary_extension, enable_cti, presence_group_name,
                        telephone_number, title, mobile_number);
                    if let Some(n) = &r.new_userid {
                        u.userid = Some(n.clone());
                        new_id = n.to_lowercase();
                    }
                    uuid = u.uuid.clone().unwrap_or_default();
                }
                store.credentials.insert(new_id, creds);
                Ok(StandardResponse(uuid))
            }
        };
        done(result)
    }

    fn remove_user(
        &self,
        _: &CallContext,
        r: RemoveUserReq,
    ) -> impl Future<Output = AxlResult<StandardResponse>> + Send {
        let mut store = self.write();
        let result = match store.user_index(r.userid.as_ref(), r.uuid.as_ref()) {
            None => Err(AxlFault::not_found("removeUser", "User")),
            Some(i) => {
                let u = store.users.remove(i);
                if let Some(id) = &u.userid {
                    store.credentials.remove(&id.to_lowercase());
                }
                Ok(StandardResponse(u.uuid.unwrap_or_default()))
            }
        };
        done(result)
    }

    fn get_phone(
        &self,
        _: &CallContext,
        r: GetPhoneReq,
    ) -> impl Future<Output = AxlResult<GetPhoneRes>> + Send {
        let store = self.read();
        done(
            store
                .phone_index(r.name.as_ref(), r.uuid.as_ref())
                .and_then(|i| store.phones.get(i))
                .map(|p| GetPhoneRes { phone: p.clone() })
                .ok_or_else(|| AxlFault::not_found("getPhone", "Phone")),
        )
    }

    fn list_phone(
        &self,
        _: &CallContext,
        r: ListPhoneReq,
    ) -> impl Future<Output = AxlResult<ListPhoneRes>> + Send {
        // CUCM keeps CTI route points in the device table but lists them with
        // `listCtiRoutePoint`, not `listPhone`.
        let store = self.read();
        done(Ok(ListPhoneRes {
            phones: r.select(
                store
                    .phones
                    .iter()
                    .filter(|p| p.class.as_deref() != Some(CTI_ROUTE_POINT)),
            ),
        }))
    }

    fn add_phone(
        &self,
        _: &CallContext,
        r: AddPhoneReq,
    ) -> impl Future<Output = AxlResult<StandardResponse>> + Send {
        let exists = {
            let store = self.read();
            r.phone.name.is_none() || store.phone_index(r.phone.name.as_ref(), None).is_some()
        };
        done(if exists {
            Err(AxlFault::duplicate("addPhone", "name"))
        } else {
            let mut phone = r.phone;
            phone.uuid = None;
            Ok(StandardResponse(self.insert_phone(phone)))
        })
    }

    fn update_phone(
        &self,
        _: &CallContext,
        r: UpdatePhoneReq,
    ) -> impl Future<Output = AxlResult<StandardResponse>> + Send {
        let mut store = self.write();
        let result = match store
            .phone_index(r.name.as_ref(), r.uuid.as_ref())
            .and_then(|i| store.phones.get_mut(i))
        {
            None => Err(AxlFault::not_found("updatePhone", "Phone")),
            Some(p) => {
                sets!(p, r; description, calling_search_space_name, device_pool_name, common_phone_config_name,
                    location_name, security_profile_name, lines, phone_template_name, owner_user_name);
                if let Some(n) = &r.new_name {
                    p.name = Some(n.clone());
                }
                Ok(StandardResponse(p.uuid.clone().unwrap_or_default()))
            }
        };
        done(result)
    }

    fn remove_phone(
        &self,
        _: &CallContext,
        r: RemovePhoneReq,
    ) -> impl Future<Output = AxlResult<StandardResponse>> + Send {
        let mut store = self.write();
        let result = match store.phone_index(r.name.as_ref(), r.uuid.as_ref()) {
            None => Err(AxlFault::not_found("removePhone", "Phone")),
            Some(i) => Ok(StandardResponse(
                store.phones.remove(i).uuid.unwrap_or_default(),
            )),
        };
        done(result)
    }

    fn get_line(
        &self,
        _: &CallContext,
        r: GetLineReq,
    ) -> impl Future<Output = AxlResult<GetLineRes>> + Send {
        let store = self.read();
        let found = store.lines.iter().find(|l| match (&r.uuid, &r.pattern) {
            (Some(uuid), _) => l
                .uuid
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(uuid)),
            (None, Some(p)) => {
                l.pattern.as_deref() == Some(p.as_str())
                    && l.route_partition_name.as_deref().unwrap_or("")
                        == r.route_partition_name.as_deref().unwrap_or("")
            }
            (None, None) => false,
        });
        done(
            found
                .map(|l| GetLineRes { line: l.clone() })
                .ok_or_else(|| AxlFault::not_found("getLine", "Line")),
        )
    }

    fn list_line(
        &self,
        _: &CallContext,
        r: ListLineReq,
    ) -> impl Future<Output = AxlResult<ListLineRes>> + Send {
        done(Ok(ListLineRes {
            lines: r.select(&self.read().lines),
        }))
    }

    fn execute_sql_query(
        &self,
        _: &CallContext,
        r: ExecuteSqlQueryReq,
    ) -> impl Future<Output = AxlResult<ExecuteSqlQueryRes>> + Send {
        done(self.query(&r.sql))
    }

    fn execute_sql_update(
        &self,
        _: &CallContext,
        r: ExecuteSqlUpdateReq,
    ) -> impl Future<Output = AxlResult<ExecuteSqlUpdateRes>> + Send {
        done(self.update(&r.sql))
    }

    fn do_authenticate_user(
        &self,
        _: &CallContext,
        r: DoAuthenticateUserReq,
    ) -> impl Future<Output = AxlResult<DoAuthenticateUserRes>> + Send {
        let store = self.read();
        let result = match store.credentials.get(&r.userid.to_lowercase()) {
            None => Err(AxlFault::not_found("doAuthenticateUser", "User")),
            Some(c) => {
                let ok = match (&r.password, &r.pin) {
                    (Some(p), _) => c.password.as_ref() == Some(p),
                    (None, Some(pin)) => c.pin.as_ref() == Some(pin),
                    (None, None) => false,
                };
                Ok(DoAuthenticateUserRes {
                    user_authenticated: ok,
                    code: if ok { 0 } else { 1 },
                    days_to_expiry: Some(0),
                    is_warning_needed: Some(false),
                })
            }
        };
        done(result)
    }
}
