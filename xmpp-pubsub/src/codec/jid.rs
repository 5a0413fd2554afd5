//! Jabber identifiers (RFC 7622).

use std::fmt;
use std::str::FromStr;

/// Longest localpart, domainpart or resourcepart, in bytes (RFC 7622 §3).
pub const MAX_JID_PART_LEN: usize = 1023;

/// Why a string is not a JID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JidError {
    /// The domainpart is empty.
    #[error("empty domainpart")]
    EmptyDomain,
    /// `@` with nothing before it.
    #[error("empty localpart")]
    EmptyLocal,
    /// `/` with nothing after it.
    #[error("empty resourcepart")]
    EmptyResource,
    /// A part is longer than 1023 bytes.
    #[error("{part} is {len} bytes, more than 1023")]
    TooLong {
        /// Which part.
        part: &'static str,
        /// Its length in bytes.
        len: usize,
    },
    /// A character not allowed in that part.
    #[error("character {ch:?} not allowed in the {part}")]
    Forbidden {
        /// Which part.
        part: &'static str,
        /// The character.
        ch: char,
    },
}

/// A JID: `[localpart@]domainpart[/resourcepart]`, validated and normalised.
///
/// One type serves bare and full JIDs ([`Jid::is_bare`], [`Jid::to_bare`]). Validation follows
/// RFC 7622 without a full PRECIS implementation: the localpart refuses the characters RFC 7622
/// §3.3.1 excludes (`" & ' / : < > @`), whitespace and controls, and is lower-cased (the
/// `UsernameCaseMapped` profile's case mapping); the domainpart is lower-cased, loses one
/// trailing dot and refuses whitespace, controls and the same delimiters; the resourcepart is
/// kept as sent (OpaqueString) but refuses control characters. Each part is at most
/// [`MAX_JID_PART_LEN`] bytes.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Jid {
    s: String,
    /// Byte index of the `@`, if there is a localpart.
    at: Option<usize>,
    /// Byte index of the `/`, if there is a resourcepart.
    slash: Option<usize>,
}

fn check_len(part: &'static str, s: &str) -> Result<(), JidError> {
    if s.len() > MAX_JID_PART_LEN {
        return Err(JidError::TooLong { part, len: s.len() });
    }
    Ok(())
}

fn check_chars(part: &'static str, s: &str, forbid: &[char]) -> Result<(), JidError> {
    match s
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || forbid.contains(c))
    {
        Some(ch) => Err(JidError::Forbidden { part, ch }),
        None => Ok(()),
    }
}

fn lower(s: &str) -> String {
    if s.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        s.to_owned()
    } else {
        s.to_lowercase()
    }
}

const LOCAL_FORBIDDEN: &[char] = &['"', '&', '\'', '/', ':', '<', '>', '@'];
const DOMAIN_FORBIDDEN: &[char] = &['"', '&', '\'', '/', '<', '>', '@', '\\'];

impl Jid {
    /// Parses and normalises a JID.
    pub fn new(s: &str) -> Result<Jid, JidError> {
        let (head, resource) = match s.find('/') {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let (local, domain) = match head.find('@') {
            Some(i) => (Some(&head[..i]), &head[i + 1..]),
            None => (None, head),
        };
        Jid::from_parts(local, domain, resource)
    }

    /// Builds a JID from its parts, validating each.
    pub fn from_parts(
        local: Option<&str>,
        domain: &str,
        resource: Option<&str>,
    ) -> Result<Jid, JidError> {
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        if domain.is_empty() {
            return Err(JidError::EmptyDomain);
        }
        check_len("domainpart", domain)?;
        check_chars("domainpart", domain, DOMAIN_FORBIDDEN)?;
        let mut s = String::with_capacity(
            domain.len() + local.map_or(0, |l| l.len() + 1) + resource.map_or(0, |r| r.len() + 1),
        );
        let mut at = None;
        if let Some(local) = local {
            if local.is_empty() {
                return Err(JidError::EmptyLocal);
            }
            check_len("localpart", local)?;
            check_chars("localpart", local, LOCAL_FORBIDDEN)?;
            s.push_str(&lower(local));
            at = Some(s.len());
            s.push('@');
        }
        s.push_str(&lower(domain));
        let mut slash = None;
        if let Some(resource) = resource {
            if resource.is_empty() {
                return Err(JidError::EmptyResource);
            }
            check_len("resourcepart", resource)?;
            if let Some(ch) = resource.chars().find(|c| c.is_control()) {
                return Err(JidError::Forbidden {
                    part: "resourcepart",
                    ch,
                });
            }
            slash = Some(s.len());
            s.push('/');
            s.push_str(resource);
        }
        Ok(Jid { s, at, slash })
    }

    /// The whole JID as a string.
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// The localpart (the user name), if any.
    pub fn local(&self) -> Option<&str> {
        self.at.map(|i| &self.s[..i])
    }

    /// The domainpart.
    pub fn domain(&self) -> &str {
        let start = self.at.map_or(0, |i| i + 1);
        let end = self.slash.unwrap_or(self.s.len());
        &self.s[start..end]
    }

    /// The resourcepart, if any.
    pub fn resource(&self) -> Option<&str> {
        self.slash.map(|i| &self.s[i + 1..])
    }

    /// Whether this JID has no resourcepart.
    pub fn is_bare(&self) -> bool {
        self.slash.is_none()
    }

    /// The bare JID (`local@domain`).
    pub fn to_bare(&self) -> Jid {
        match self.slash {
            None => self.clone(),
            Some(i) => Jid {
                s: self.s[..i].to_owned(),
                at: self.at,
                slash: None,
            },
        }
    }

    /// The bare part as a string slice, without allocating.
    pub fn bare_str(&self) -> &str {
        &self.s[..self.slash.unwrap_or(self.s.len())]
    }

    /// Whether `self` and `other` have the same bare JID.
    pub fn same_bare(&self, other: &Jid) -> bool {
        self.bare_str() == other.bare_str()
    }

    /// This JID's bare part with `resource` as resourcepart.
    pub fn with_resource(&self, resource: &str) -> Result<Jid, JidError> {
        Jid::from_parts(self.local(), self.domain(), Some(resource))
    }
}

impl FromStr for Jid {
    type Err = JidError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Jid::new(s)
    }
}

impl fmt::Display for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.s)
    }
}

impl fmt::Debug for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Jid({:?})", self.s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let j = Jid::new("Agent1@Finesse.Example.com/desk/top@x").unwrap();
        assert_eq!(j.local(), Some("agent1"));
        assert_eq!(j.domain(), "finesse.example.com");
        assert_eq!(j.resource(), Some("desk/top@x"));
        assert_eq!(j.to_bare().as_str(), "agent1@finesse.example.com");
        assert!(!j.is_bare());
        let d = Jid::new("pubsub.example.com.").unwrap();
        assert_eq!(d.as_str(), "pubsub.example.com");
        assert_eq!(d.local(), None);
        assert!(d.is_bare());
    }

    #[test]
    fn rfc7622_examples_rejected() {
        for bad in [
            "",
            "@example.com",
            "user@",
            "user@example.com/",
            "us\"er@example.com",
            "us er@example.com",
            "a@b@example.com",
            "user@exa mple.com",
            "user@example.com/\u{7}",
        ] {
            assert!(Jid::new(bad).is_err(), "{bad:?} accepted");
        }
        let long = "a".repeat(1024);
        assert!(matches!(
            Jid::new(&format!("{long}@x")),
            Err(JidError::TooLong { .. })
        ));
    }
}
