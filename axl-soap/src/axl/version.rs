//! AXL schema versions and the `SOAPAction` header.

use crate::error::AxlDecodeError;

/// Prefix of every AXL message namespace; the version follows it.
pub const AXL_NS_PREFIX: &str = "http://www.cisco.com/AXL/API/";

/// An AXL schema version. Each selects the message namespace
/// `http://www.cisco.com/AXL/API/<version>` and the `SOAPAction` `CUCM:DB ver=<version> op`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[non_exhaustive]
pub enum AxlVersion {
    /// 11.0
    V11_0,
    /// 11.5
    V11_5,
    /// 12.0
    V12_0,
    /// 12.5 (the default: the newest schema shipped with common clients)
    #[default]
    V12_5,
    /// 14.0
    V14_0,
    /// 15.0
    V15_0,
}

impl AxlVersion {
    /// Every supported version, oldest first.
    pub const ALL: [AxlVersion; 6] = [
        AxlVersion::V11_0,
        AxlVersion::V11_5,
        AxlVersion::V12_0,
        AxlVersion::V12_5,
        AxlVersion::V14_0,
        AxlVersion::V15_0,
    ];

    /// The version as written in namespaces and `SOAPAction` (`"12.5"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            AxlVersion::V11_0 => "11.0",
            AxlVersion::V11_5 => "11.5",
            AxlVersion::V12_0 => "12.0",
            AxlVersion::V12_5 => "12.5",
            AxlVersion::V14_0 => "14.0",
            AxlVersion::V15_0 => "15.0",
        }
    }

    /// The message namespace, `http://www.cisco.com/AXL/API/<version>`.
    #[must_use]
    pub const fn namespace(self) -> &'static str {
        match self {
            AxlVersion::V11_0 => "http://www.cisco.com/AXL/API/11.0",
            AxlVersion::V11_5 => "http://www.cisco.com/AXL/API/11.5",
            AxlVersion::V12_0 => "http://www.cisco.com/AXL/API/12.0",
            AxlVersion::V12_5 => "http://www.cisco.com/AXL/API/12.5",
            AxlVersion::V14_0 => "http://www.cisco.com/AXL/API/14.0",
            AxlVersion::V15_0 => "http://www.cisco.com/AXL/API/15.0",
        }
    }

    /// Parses `"12.5"` (also `"12"`, meaning `12.0`).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let s = if s.contains('.') {
            s.to_owned()
        } else {
            format!("{s}.0")
        };
        AxlVersion::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The version whose namespace is `ns`.
    #[must_use]
    pub fn from_namespace(ns: &str) -> Option<Self> {
        AxlVersion::parse(ns.strip_prefix(AXL_NS_PREFIX)?)
    }

    /// The `SOAPAction` value (unquoted) for `operation` in this version.
    #[must_use]
    pub fn soap_action(self, operation: &str) -> String {
        format!("CUCM:DB ver={} {operation}", self.as_str())
    }
}

impl std::fmt::Display for AxlVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed `SOAPAction` header: `CUCM:DB ver=<version> [<operation>]`, quoted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapAction {
    /// The version named by `ver=`, or `None` when the header has none.
    pub version: Option<AxlVersion>,
    /// The operation, when named.
    pub operation: Option<String>,
}

impl SoapAction {
    /// Parses the header value. An empty value (`""` or nothing) means "no intent" and gives
    /// an action with neither version nor operation.
    ///
    /// # Errors
    /// [`AxlDecodeError::SoapAction`] for anything that is not `CUCM:DB …`, or an unknown
    /// version.
    pub fn parse(value: &str) -> Result<Self, AxlDecodeError> {
        let bad = || AxlDecodeError::SoapAction(value.to_owned());
        let v = value.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v)
            .trim();
        if v.is_empty() {
            return Ok(SoapAction {
                version: None,
                operation: None,
            });
        }
        let rest = v.strip_prefix("CUCM:DB").ok_or_else(bad)?;
        let mut version = None;
        let mut operation = None;
        for word in rest.split_whitespace() {
            if let Some(ver) = word.strip_prefix("ver=") {
                version = Some(AxlVersion::parse(ver).ok_or_else(bad)?);
            } else if operation.is_none()
                && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                operation = Some(word.to_owned());
            } else {
                return Err(bad());
            }
        }
        Ok(SoapAction { version, operation })
    }

    /// Checks that this action agrees with a body of `operation` in `version`.
    ///
    /// # Errors
    /// [`AxlDecodeError::ActionMismatch`] when either part disagrees.
    pub fn check(
        &self,
        raw: &str,
        version: AxlVersion,
        operation: &str,
    ) -> Result<(), AxlDecodeError> {
        let version_ok = self.version.is_none_or(|v| v == version);
        let op_ok = self.operation.as_deref().is_none_or(|o| o == operation);
        if version_ok && op_ok {
            Ok(())
        } else {
            Err(AxlDecodeError::ActionMismatch {
                action: raw.to_owned(),
                body: format!("ver={version} {operation}"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        for v in AxlVersion::ALL {
            assert_eq!(AxlVersion::parse(v.as_str()), Some(v));
            assert_eq!(AxlVersion::from_namespace(v.namespace()), Some(v));
        }
        assert_eq!(AxlVersion::parse("14"), Some(AxlVersion::V14_0));
        assert_eq!(AxlVersion::parse("13.0"), None);
    }

    #[test]
    fn soap_actions() {
        let a = SoapAction::parse("\"CUCM:DB ver=12.5 getUser\"").unwrap();
        assert_eq!(a.version, Some(AxlVersion::V12_5));
        assert_eq!(a.operation.as_deref(), Some("getUser"));
        assert_eq!(
            SoapAction::parse("CUCM:DB ver=11.5 listPhone")
                .unwrap()
                .operation
                .as_deref(),
            Some("listPhone")
        );
        let v = SoapAction::parse("CUCM:DB ver=14.0").unwrap();
        assert_eq!((v.version, v.operation), (Some(AxlVersion::V14_0), None));
        assert!(SoapAction::parse("\"\"").unwrap().version.is_none());
        assert!(SoapAction::parse("urn:other").is_err());
        assert!(SoapAction::parse("CUCM:DB ver=9.9 getUser").is_err());
        assert!(a.check("x", AxlVersion::V12_5, "getUser").is_ok());
        assert!(a.check("x", AxlVersion::V14_0, "getUser").is_err());
        assert!(a.check("x", AxlVersion::V12_5, "listUser").is_err());
    }
}
