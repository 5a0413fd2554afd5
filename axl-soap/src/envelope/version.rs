//! SOAP versions, their namespaces and media types.

/// Namespace of the SOAP 1.1 envelope.
pub const SOAP11_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Namespace of the SOAP 1.2 envelope.
pub const SOAP12_ENV_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The SOAP 1.1 `actor` URI meaning "the next SOAP node" (which includes us).
pub const SOAP11_ACTOR_NEXT: &str = "http://schemas.xmlsoap.org/soap/actor/next";
/// The SOAP 1.2 `role` URI meaning "the next SOAP node".
pub const SOAP12_ROLE_NEXT: &str = "http://www.w3.org/2003/05/soap-envelope/role/next";
/// The SOAP 1.2 `role` URI meaning "the ultimate receiver".
pub const SOAP12_ROLE_ULTIMATE: &str =
    "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

/// A SOAP version. AXL itself is SOAP 1.1 only; 1.2 is supported for the envelope layer
/// and answered in kind by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml`, `SOAPAction` header, `faultcode`/`faultstring` faults.
    #[default]
    V11,
    /// SOAP 1.2: `application/soap+xml; action="…"`, `Code`/`Reason` faults.
    V12,
}

impl SoapVersion {
    /// The envelope namespace of this version.
    #[must_use]
    pub const fn namespace(self) -> &'static str {
        match self {
            SoapVersion::V11 => SOAP11_ENV_NS,
            SoapVersion::V12 => SOAP12_ENV_NS,
        }
    }

    /// The version whose envelope namespace is `ns`, if any.
    #[must_use]
    pub fn from_namespace(ns: &str) -> Option<Self> {
        match ns {
            SOAP11_ENV_NS => Some(SoapVersion::V11),
            SOAP12_ENV_NS => Some(SoapVersion::V12),
            _ => None,
        }
    }

    /// The media type (without parameters) of this version.
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            SoapVersion::V11 => "text/xml",
            SoapVersion::V12 => "application/soap+xml",
        }
    }

    /// The full `Content-Type` for a message of this version, with `charset=utf-8` and, for
    /// SOAP 1.2, the `action` parameter when one is given.
    #[must_use]
    pub fn content_type(self, action: Option<&str>) -> String {
        match (self, action) {
            (SoapVersion::V12, Some(action)) => {
                format!("application/soap+xml; charset=utf-8; action=\"{action}\"")
            }
            _ => format!("{}; charset=utf-8", self.media_type()),
        }
    }

    /// Guesses the version from a `Content-Type` header value: `application/soap+xml` is
    /// SOAP 1.2, `text/xml` is SOAP 1.1, anything else `None`.
    #[must_use]
    pub fn from_content_type(value: &str) -> Option<Self> {
        let media = value.split(';').next().unwrap_or("").trim();
        if media.eq_ignore_ascii_case("application/soap+xml") {
            Some(SoapVersion::V12)
        } else if media.eq_ignore_ascii_case("text/xml") {
            Some(SoapVersion::V11)
        } else {
            None
        }
    }

    /// The `action` parameter of a SOAP 1.2 `Content-Type`, unquoted.
    #[must_use]
    pub fn action_from_content_type(value: &str) -> Option<&str> {
        value.split(';').skip(1).find_map(|param| {
            let (name, val) = param.split_once('=')?;
            if name.trim().eq_ignore_ascii_case("action") {
                let val = val.trim();
                Some(
                    val.strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .unwrap_or(val),
                )
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(
            SoapVersion::from_content_type("text/xml; charset=utf-8"),
            Some(SoapVersion::V11)
        );
        let ct = SoapVersion::V12.content_type(Some("CUCM:DB ver=12.5 getUser"));
        assert_eq!(SoapVersion::from_content_type(&ct), Some(SoapVersion::V12));
        assert_eq!(
            SoapVersion::action_from_content_type(&ct),
            Some("CUCM:DB ver=12.5 getUser")
        );
        assert_eq!(SoapVersion::from_content_type("application/json"), None);
    }
}
