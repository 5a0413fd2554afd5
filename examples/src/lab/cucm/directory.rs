//! The CUCM directory built from the seed: end users, their phones and lines, the queues'
//! CTI route points and the AXL application user.

use axl_soap::server::{Access, MemoryDirectory};
use axl_soap::{Devices, Dirn, Extension, Line, Phone, PhoneLine, PhoneLines, User};

use super::CucmConfig;
use crate::lab::{Seed, SeedAgent};

/// The device name of the phone whose line is `extension`: `SEP` + a MAC address.
///
/// The MAC is `0A` (a locally administered, unicast first octet, so it can never be a real
/// vendor's address) followed by the extension's digits left-padded with zeros to ten hex
/// digits: extension 1001 is `SEP0A0000001001`. Seed extensions are decimal digits, which are
/// hex digits too. An extension longer than ten digits keeps its last ten.
pub fn phone_name(extension: &str) -> String {
    let digits: String = extension
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_uppercase();
    let tail = digits.get(digits.len().saturating_sub(10)..).unwrap_or("");
    format!("SEP0A{tail:0>10}")
}

/// The device name of the CTI route point for a queue's directory number `dn`
/// (`RP_` + the DN, e.g. `RP_8001`).
pub fn route_point_name(dn: &str) -> String {
    format!("RP_{dn}")
}

/// The PIN of a seeded user: the extension when it has the four digits CUCM requires,
/// none otherwise.
pub(super) fn pin_for(agent: &SeedAgent) -> Option<&str> {
    (agent.extension.len() >= 4).then_some(agent.extension.as_str())
}

/// Builds the in-memory CUCM from `seed`, with `cucm`'s application user.
pub(super) fn build(seed: &Seed, cucm: &CucmConfig, mail_domain: &str) -> MemoryDirectory {
    let dir = MemoryDirectory::new(cucm.ccm_version.clone());
    dir.add_app_user(&cucm.app_user, &cucm.app_password, Access::ReadWrite);
    for agent in &seed.agents {
        add_agent(&dir, seed, cucm, agent, mail_domain);
    }
    for queue in &seed.queues {
        let name = route_point_name(&queue.route_point);
        let description = format!("{} route point", queue.name);
        dir.insert_phone(Phone {
            name: Some(name.clone()),
            description: Some(description.clone()),
            product: Some("CTI Route Point".into()),
            model: Some("CTI Route Point".into()),
            class: Some("CTI Route Point".into()),
            protocol: Some("SCCP".into()),
            protocol_side: Some("User".into()),
            device_pool_name: Some(cucm.device_pool.clone()),
            lines: Some(PhoneLines {
                line: vec![line_appearance(&queue.route_point, &queue.name)],
            }),
            ..Default::default()
        });
        dir.insert_line(Line {
            pattern: Some(queue.route_point.clone()),
            description: Some(description),
            usage: Some("Device".into()),
            alerting_name: Some(queue.name.clone()),
            ascii_alerting_name: Some(queue.name.clone()),
            associated_devices: Some(Devices { device: vec![name] }),
            ..Default::default()
        });
    }
    dir
}

fn line_appearance(dn: &str, label: &str) -> PhoneLine {
    PhoneLine {
        index: Some(1),
        label: Some(label.to_owned()),
        display: Some(label.to_owned()),
        dirn: Some(Dirn {
            pattern: Some(dn.to_owned()),
            route_partition_name: None,
        }),
        display_ascii: Some(label.to_owned()),
        max_num_calls: Some(2),
        busy_trigger: Some(1),
        ..Default::default()
    }
}

fn add_agent(dir: &MemoryDirectory, seed: &Seed, cucm: &CucmConfig, a: &SeedAgent, domain: &str) {
    let device = phone_name(&a.extension);
    let display = format!("{} {}", a.first_name, a.last_name);
    let team = seed
        .teams
        .iter()
        .find(|t| t.id == a.team)
        .map(|t| t.name.clone());
    let title = if a.supervisor { "Supervisor" } else { "Agent" };
    dir.insert_user(
        User {
            first_name: Some(a.first_name.clone()),
            display_name: Some(display.clone()),
            last_name: Some(a.last_name.clone()),
            userid: Some(a.id.clone()),
            mailid: Some(format!("{}@{domain}", a.id)),
            department: team,
            associated_devices: Some(Devices {
                device: vec![device.clone()],
            }),
            primary_extension: Some(Extension {
                pattern: Some(a.extension.clone()),
                route_partition_name: None,
            }),
            enable_cti: Some(true),
            presence_group_name: Some("Standard Presence group".into()),
            status: Some(1),
            telephone_number: Some(a.extension.clone()),
            title: Some(title.into()),
            ipcc_extension: Some(a.extension.clone()),
            ..Default::default()
        },
        Some(&a.password),
        pin_for(a),
    );
    dir.insert_phone(Phone {
        name: Some(device.clone()),
        description: Some(format!("{display} ({})", a.id)),
        product: Some(cucm.phone_product.clone()),
        model: Some(cucm.phone_product.clone()),
        class: Some("Phone".into()),
        protocol: Some("SIP".into()),
        protocol_side: Some("User".into()),
        device_pool_name: Some(cucm.device_pool.clone()),
        common_phone_config_name: Some("Standard Common Phone Profile".into()),
        location_name: Some("Hub_None".into()),
        lines: Some(PhoneLines {
            line: vec![line_appearance(&a.extension, &display)],
        }),
        owner_user_name: Some(a.id.clone()),
        ..Default::default()
    });
    dir.insert_line(Line {
        pattern: Some(a.extension.clone()),
        description: Some(display.clone()),
        usage: Some("Device".into()),
        alerting_name: Some(display.clone()),
        ascii_alerting_name: Some(display),
        associated_devices: Some(Devices {
            device: vec![device],
        }),
        ..Default::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_names_are_sep_and_twelve_hex_digits() {
        assert_eq!(phone_name("1001"), "SEP0A0000001001");
        assert_eq!(phone_name("12345678901234"), "SEP0A5678901234");
        let name = phone_name("1901");
        assert_eq!(name.len(), 15);
        assert!(name[3..].chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn the_default_seed_makes_users_phones_and_route_points() {
        let seed = Seed::default();
        let dir = build(&seed, &CucmConfig::default(), "localhost");
        assert_eq!(dir.users().len(), 12);
        let phones = dir.phones();
        assert_eq!(phones.len(), 15);
        let agent01 = dir
            .users()
            .into_iter()
            .find(|u| u.userid.as_deref() == Some("agent01"))
            .unwrap();
        assert_eq!(
            agent01.associated_devices.unwrap().device,
            vec!["SEP0A0000001001".to_owned()]
        );
        assert_eq!(agent01.telephone_number.as_deref(), Some("1001"));
        assert_eq!(agent01.department.as_deref(), Some("Sales"));
        assert!(phones.iter().any(|p| p.name.as_deref() == Some("RP_8003")
            && p.class.as_deref() == Some("CTI Route Point")));
    }
}
