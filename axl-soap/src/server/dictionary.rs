//! The CUCM data dictionary as [`MemoryDirectory`](super::MemoryDirectory) shows it to
//! `executeSQLQuery`: tables built from the store on demand.

use super::memory::Store;
use super::query::Table;
use crate::User;

/// The device class of CTI route points (left out of `listPhone`).
pub(super) const CTI_ROUTE_POINT: &str = "CTI Route Point";

/// Most intermediate rows a query may build (a cross join of big tables is refused
/// with CUCM's "Query request too large" fault rather than exhausting memory).
pub(super) const MAX_JOIN_ROWS: usize = 200_000;

pub(super) const ENDUSER: &[&str] = &[
    "pkid",
    "userid",
    "firstname",
    "middlename",
    "lastname",
    "displayname",
    "department",
    "mailid",
    "telephonenumber",
    "title",
    "status",
];
const DEVICE: &[&str] = &[
    "pkid",
    "name",
    "description",
    "tkclass",
    "tkdeviceprotocol",
    "fkenduser",
];
const NUMPLAN: &[&str] = &[
    "pkid",
    "dnorpattern",
    "description",
    "alertingname",
    "tkpatternusage",
    "fkroutepartition",
];
const DEVICENUMPLANMAP: &[&str] = &[
    "pkid",
    "fkdevice",
    "fknumplan",
    "numplanindex",
    "display",
    "label",
];
const ENDUSERDEVICEMAP: &[&str] = &["pkid", "fkenduser", "fkdevice", "tkuserassociation"];
const ENDUSERNUMPLANMAP: &[&str] = &["pkid", "fkenduser", "fknumplan", "tkdnusage"];
const ROUTEPARTITION: &[&str] = &["pkid", "name", "description"];

pub(super) fn rows_schema(table: &str) -> Vec<String> {
    let cols: &[&str] = match table {
        "enduser" => ENDUSER,
        _ => &[],
    };
    cols.iter().map(|c| (*c).to_owned()).collect()
}

/// A `pkid` for a row of a mapping table, which has no record of its own.
fn map_pkid(table: u8, n: usize) -> String {
    format!("00000000-0000-4000-{table:02x}00-{n:012x}")
}

/// The `pkid` of a route partition, from its name's position.
fn partition_pkid(n: usize) -> String {
    map_pkid(0x70, n)
}

/// One table of the CUCM data dictionary, built from the store (see
/// [`MemoryDirectory`](super::MemoryDirectory) for the columns).
pub(super) fn table(store: &Store, name: &str) -> Option<Table> {
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    let partitions: Vec<String> = {
        let mut names: Vec<String> = store
            .lines
            .iter()
            .filter_map(|l| l.route_partition_name.clone())
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let partition_of = |name: Option<&String>| -> String {
        name.and_then(|n| partitions.iter().position(|p| p == n))
            .map(partition_pkid)
            .unwrap_or_default()
    };
    let user_pkid = |userid: Option<&String>| -> String {
        userid
            .and_then(|id| store.user_index(Some(id), None))
            .and_then(|i| store.users.get(i))
            .map(|u| pkid(u.uuid.as_ref()))
            .unwrap_or_default()
    };
    let device_pkid = |name: &String| -> String {
        store
            .phone_index(Some(name), None)
            .and_then(|i| store.phones.get(i))
            .map(|p| pkid(p.uuid.as_ref()))
            .unwrap_or_default()
    };
    let line_pkid = |pattern: Option<&String>, partition: Option<&String>| -> String {
        store
            .lines
            .iter()
            .find(|l| {
                l.pattern.as_ref() == pattern
                    && l.route_partition_name.as_deref().unwrap_or("")
                        == partition.map_or("", String::as_str)
            })
            .map(|l| pkid(l.uuid.as_ref()))
            .unwrap_or_default()
    };
    let (columns, rows): (&'static [&'static str], Vec<Vec<String>>) = match name {
        "enduser" => (ENDUSER, store.users.iter().map(enduser_row).collect()),
        "device" => (
            DEVICE,
            store
                .phones
                .iter()
                .map(|p| {
                    vec![
                        pkid(p.uuid.as_ref()),
                        v(&p.name),
                        v(&p.description),
                        tk_class(p.class.as_deref()),
                        tk_protocol(p.protocol.as_deref()),
                        user_pkid(p.owner_user_name.as_ref()),
                    ]
                })
                .collect(),
        ),
        "numplan" => (
            NUMPLAN,
            store
                .lines
                .iter()
                .map(|l| {
                    vec![
                        pkid(l.uuid.as_ref()),
                        v(&l.pattern),
                        v(&l.description),
                        v(&l.alerting_name),
                        tk_pattern_usage(l.usage.as_deref()),
                        partition_of(l.route_partition_name.as_ref()),
                    ]
                })
                .collect(),
        ),
        "devicenumplanmap" => (
            DEVICENUMPLANMAP,
            store
                .phones
                .iter()
                .flat_map(|p| {
                    let lines = p.lines.as_ref().map(|l| l.line.as_slice()).unwrap_or(&[]);
                    lines.iter().map(move |l| (p, l))
                })
                .enumerate()
                .map(|(n, (p, l))| {
                    let dirn = l.dirn.as_ref();
                    vec![
                        map_pkid(1, n),
                        pkid(p.uuid.as_ref()),
                        line_pkid(
                            dirn.and_then(|d| d.pattern.as_ref()),
                            dirn.and_then(|d| d.route_partition_name.as_ref()),
                        ),
                        l.index.unwrap_or(1).to_string(),
                        v(&l.display),
                        v(&l.label),
                    ]
                })
                .collect(),
        ),
        "enduserdevicemap" => (
            ENDUSERDEVICEMAP,
            store
                .users
                .iter()
                .flat_map(|u| {
                    let devices = u
                        .associated_devices
                        .as_ref()
                        .map(|d| d.device.as_slice())
                        .unwrap_or(&[]);
                    devices.iter().map(move |d| (u, d))
                })
                .enumerate()
                .map(|(n, (u, d))| {
                    vec![
                        map_pkid(2, n),
                        pkid(u.uuid.as_ref()),
                        device_pkid(d),
                        // 1: controlled device.
                        "1".to_owned(),
                    ]
                })
                .collect(),
        ),
        "endusernumplanmap" => (
            ENDUSERNUMPLANMAP,
            store
                .users
                .iter()
                .filter_map(|u| u.primary_extension.as_ref().map(|e| (u, e)))
                .enumerate()
                .map(|(n, (u, e))| {
                    vec![
                        map_pkid(3, n),
                        pkid(u.uuid.as_ref()),
                        line_pkid(e.pattern.as_ref(), e.route_partition_name.as_ref()),
                        // 1: primary extension.
                        "1".to_owned(),
                    ]
                })
                .collect(),
        ),
        "routepartition" => (
            ROUTEPARTITION,
            partitions
                .iter()
                .enumerate()
                .map(|(n, name)| vec![partition_pkid(n), name.clone(), String::new()])
                .collect(),
        ),
        _ => return None,
    };
    Some(Table { columns, rows })
}

/// `typeclass` enum: 1 Phone, 10 CTI Route Point (other classes: empty).
fn tk_class(class: Option<&str>) -> String {
    match class {
        Some(c) if c.eq_ignore_ascii_case("Phone") => "1".to_owned(),
        Some(c) if c.eq_ignore_ascii_case(CTI_ROUTE_POINT) => "10".to_owned(),
        _ => String::new(),
    }
}

/// `typedeviceprotocol` enum: 0 SCCP, 11 SIP (others: empty).
fn tk_protocol(protocol: Option<&str>) -> String {
    match protocol {
        Some(p) if p.eq_ignore_ascii_case("SCCP") => "0".to_owned(),
        Some(p) if p.eq_ignore_ascii_case("SIP") => "11".to_owned(),
        _ => String::new(),
    }
}

/// `typepatternusage` enum: 2 Device (a directory number; others: empty).
fn tk_pattern_usage(usage: Option<&str>) -> String {
    match usage {
        Some(u) if u.eq_ignore_ascii_case("Device") => "2".to_owned(),
        _ => String::new(),
    }
}

/// Informix `pkid`: the UUID in lower case without braces.
fn pkid(uuid: Option<&String>) -> String {
    uuid.map(|u| u.trim_matches(|c| c == '{' || c == '}').to_lowercase())
        .unwrap_or_default()
}

fn enduser_row(u: &User) -> Vec<String> {
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    vec![
        pkid(u.uuid.as_ref()),
        v(&u.userid),
        v(&u.first_name),
        v(&u.middle_name),
        v(&u.last_name),
        v(&u.display_name),
        v(&u.department),
        v(&u.mailid),
        v(&u.telephone_number),
        v(&u.title),
        u.status.unwrap_or(1).to_string(),
    ]
}

/// `(column, value)` pairs of a user's `enduser` row (for `executeSQLUpdate`).
pub(super) fn enduser_pairs(u: &User) -> Vec<(String, String)> {
    ENDUSER
        .iter()
        .map(|c| (*c).to_owned())
        .zip(enduser_row(u))
        .collect()
}
