//! AXL records (users, phones, lines) and search criteria, in XSD element order.

use serde::{Deserialize, Serialize};

use super::tags::{record, ReturnedTags, TagFilter};

/// A list of device names (`associatedDevices/device*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Devices {
    /// The `device` elements.
    #[serde(rename = "device", default)]
    pub device: Vec<String>,
}

impl TagFilter for Devices {
    fn filter(&mut self, _: &ReturnedTags) {}
}

record! {
    /// A directory number reference: `pattern` + `routePartitionName`
    /// (`primaryExtension`, `ipccExtension`, `dirn`).
    pub struct Extension {
        "pattern" => pattern: String,
        "routePartitionName" => route_partition_name: String,
    }
}

record! {
    /// An end user (`RUser`/`LUser`/`XUser`, the commonly used subset).
    pub struct User [uuid] {
        "firstName" => first_name: String,
        "displayName" => display_name: String,
        "middleName" => middle_name: String,
        "lastName" => last_name: String,
        "userid" => userid: String,
        "password" => password: String,
        "pin" => pin: String,
        "mailid" => mailid: String,
        "department" => department: String,
        "manager" => manager: String,
        "userLocale" => user_locale: String,
        "associatedDevices" => associated_devices: Devices,
        "primaryExtension" => primary_extension: Extension,
        "associatedPc" => associated_pc: String,
        "enableCti" => enable_cti: bool,
        "presenceGroupName" => presence_group_name: String,
        "status" => status: i64,
        "directoryUri" => directory_uri: String,
        "telephoneNumber" => telephone_number: String,
        "title" => title: String,
        "mobileNumber" => mobile_number: String,
        "homeNumber" => home_number: String,
        "pagerNumber" => pager_number: String,
        "ipccExtension" => ipcc_extension: String,
    }
}

record! {
    /// The `dirn` of a phone line.
    pub struct Dirn {
        "pattern" => pattern: String,
        "routePartitionName" => route_partition_name: String,
    }
}

record! {
    /// One line appearance of a phone (`XPhoneLine`/`RPhoneLine` subset).
    pub struct PhoneLine [uuid] {
        "index" => index: u32,
        "label" => label: String,
        "display" => display: String,
        "dirn" => dirn: Dirn,
        "displayAscii" => display_ascii: String,
        "e164Mask" => e164_mask: String,
        "maxNumCalls" => max_num_calls: u32,
        "busyTrigger" => busy_trigger: u32,
    }
}

/// The `lines` of a phone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PhoneLines {
    /// The `line` elements.
    #[serde(rename = "line", default)]
    pub line: Vec<PhoneLine>,
}

impl TagFilter for PhoneLines {
    fn filter(&mut self, tags: &ReturnedTags) {
        if let Some(sub) = tags.get("line") {
            self.line.filter(sub);
        }
    }
}

record! {
    /// A phone or CTI device (`RPhone`/`LPhone`/`XPhone`, the commonly used subset).
    pub struct Phone [uuid] {
        "name" => name: String,
        "description" => description: String,
        "product" => product: String,
        "model" => model: String,
        "class" => class: String,
        "protocol" => protocol: String,
        "protocolSide" => protocol_side: String,
        "callingSearchSpaceName" => calling_search_space_name: String,
        "devicePoolName" => device_pool_name: String,
        "commonDeviceConfigName" => common_device_config_name: String,
        "commonPhoneConfigName" => common_phone_config_name: String,
        "locationName" => location_name: String,
        "useTrustedRelayPoint" => use_trusted_relay_point: String,
        "securityProfileName" => security_profile_name: String,
        "sipProfileName" => sip_profile_name: String,
        "lines" => lines: PhoneLines,
        "phoneTemplateName" => phone_template_name: String,
        "primaryPhoneName" => primary_phone_name: String,
        "builtInBridgeStatus" => built_in_bridge_status: String,
        "ownerUserName" => owner_user_name: String,
        "packetCaptureMode" => packet_capture_mode: String,
        "certificateOperation" => certificate_operation: String,
        "deviceMobilityMode" => device_mobility_mode: String,
    }
}

record! {
    /// A directory number (`RLine`/`LLine`, the commonly used subset).
    pub struct Line [uuid] {
        "pattern" => pattern: String,
        "description" => description: String,
        "usage" => usage: String,
        "routePartitionName" => route_partition_name: String,
        "alertingName" => alerting_name: String,
        "asciiAlertingName" => ascii_alerting_name: String,
        "associatedDevices" => associated_devices: Devices,
    }
}

record! {
    /// `listUser` search criteria (SQL-LIKE `%` wildcards; at least one required).
    pub struct UserSearch {
        "firstName" => first_name: String,
        "lastName" => last_name: String,
        "userid" => userid: String,
        "department" => department: String,
    }
}

record! {
    /// `listPhone` search criteria.
    pub struct PhoneSearch {
        "name" => name: String,
        "description" => description: String,
        "protocol" => protocol: String,
        "callingSearchSpaceName" => calling_search_space_name: String,
        "devicePoolName" => device_pool_name: String,
        "securityProfileName" => security_profile_name: String,
    }
}

record! {
    /// `listLine` search criteria.
    pub struct LineSearch {
        "pattern" => pattern: String,
        "description" => description: String,
        "usage" => usage: String,
        "routePartitionName" => route_partition_name: String,
    }
}

/// SQL `LIKE` matching as AXL search criteria use it: `%` matches any run of characters,
/// `_` one character; comparison is case-insensitive (CUCM's Informix collation is for
/// the common ASCII data).
#[must_use]
pub fn like_match(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let v: Vec<char> = value.to_lowercase().chars().collect();
    // Iterative wildcard matching with backtracking to the last `%`.
    let (mut pi, mut vi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        match p.get(pi) {
            Some('%') => {
                star = Some((pi, vi));
                pi += 1;
            }
            Some(&c) if c == '_' || c == v[vi] => {
                pi += 1;
                vi += 1;
            }
            _ => match star {
                Some((sp, sv)) => {
                    pi = sp + 1;
                    vi = sv + 1;
                    star = Some((sp, sv + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == '%')
}

fn opt_like(pattern: Option<&String>, value: Option<&String>) -> bool {
    match pattern {
        None => true,
        Some(p) => like_match(p, value.map_or("", String::as_str)),
    }
}

impl UserSearch {
    /// Does `user` match every given criterion?
    #[must_use]
    pub fn matches(&self, user: &User) -> bool {
        opt_like(self.first_name.as_ref(), user.first_name.as_ref())
            && opt_like(self.last_name.as_ref(), user.last_name.as_ref())
            && opt_like(self.userid.as_ref(), user.userid.as_ref())
            && opt_like(self.department.as_ref(), user.department.as_ref())
    }

    /// At least one criterion is given (AXL requires one).
    #[must_use]
    pub fn is_specified(&self) -> bool {
        self.first_name.is_some()
            || self.last_name.is_some()
            || self.userid.is_some()
            || self.department.is_some()
    }
}

impl PhoneSearch {
    /// Does `phone` match every given criterion?
    #[must_use]
    pub fn matches(&self, phone: &Phone) -> bool {
        opt_like(self.name.as_ref(), phone.name.as_ref())
            && opt_like(self.description.as_ref(), phone.description.as_ref())
            && opt_like(self.protocol.as_ref(), phone.protocol.as_ref())
            && opt_like(
                self.calling_search_space_name.as_ref(),
                phone.calling_search_space_name.as_ref(),
            )
            && opt_like(
                self.device_pool_name.as_ref(),
                phone.device_pool_name.as_ref(),
            )
            && opt_like(
                self.security_profile_name.as_ref(),
                phone.security_profile_name.as_ref(),
            )
    }

    /// At least one criterion is given.
    #[must_use]
    pub fn is_specified(&self) -> bool {
        self.name.is_some()
            || self.description.is_some()
            || self.protocol.is_some()
            || self.calling_search_space_name.is_some()
            || self.device_pool_name.is_some()
            || self.security_profile_name.is_some()
    }
}

impl LineSearch {
    /// Does `line` match every given criterion?
    #[must_use]
    pub fn matches(&self, line: &Line) -> bool {
        opt_like(self.pattern.as_ref(), line.pattern.as_ref())
            && opt_like(self.description.as_ref(), line.description.as_ref())
            && opt_like(self.usage.as_ref(), line.usage.as_ref())
            && opt_like(
                self.route_partition_name.as_ref(),
                line.route_partition_name.as_ref(),
            )
    }

    /// At least one criterion is given.
    #[must_use]
    pub fn is_specified(&self) -> bool {
        self.pattern.is_some()
            || self.description.is_some()
            || self.usage.is_some()
            || self.route_partition_name.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like() {
        assert!(like_match("%", ""));
        assert!(like_match("%", "anything"));
        assert!(like_match("SEP%", "sep001122334455"));
        assert!(like_match("j_oe", "jdoe"));
        assert!(like_match("%doe", "jdoe"));
        assert!(like_match("%o%", "jdoe"));
        assert!(!like_match("SEP%", "CSFjdoe"));
        assert!(!like_match("jdoe", "jdoe2"));
        assert!(like_match("a%b%c", "aXXbYYc"));
        assert!(!like_match("a%b%c", "aXXbYY"));
    }

    #[test]
    fn filter_keeps_requested() {
        let mut u = User {
            uuid: Some("{1}".into()),
            first_name: Some("J".into()),
            last_name: Some("D".into()),
            primary_extension: Some(Extension {
                pattern: Some("1001".into()),
                route_partition_name: Some("P".into()),
            }),
            ..Default::default()
        };
        u.filter(
            &ReturnedTags::of(["firstName"])
                .with_nested("primaryExtension", ReturnedTags::of(["pattern"])),
        );
        assert_eq!(u.uuid.as_deref(), Some("{1}"));
        assert_eq!(u.first_name.as_deref(), Some("J"));
        assert_eq!(u.last_name, None);
        assert_eq!(u.primary_extension.unwrap().route_partition_name, None);
    }
}
