//! SASL negotiation elements (RFC 6120 §6) and the PLAIN mechanism (RFC 4616).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::codec::conditions::name_enum;
use crate::codec::element::Element;
use crate::codec::ns;
use crate::codec::payload::PayloadError;

/// Largest decoded SASL payload accepted (bytes).
pub const MAX_SASL_PAYLOAD: usize = 8 * 1024;

name_enum! {
    /// SASL failure conditions (RFC 6120 §6.5).
    SaslCondition {
        /// aborted
        Aborted => "aborted",
        /// account-disabled
        AccountDisabled => "account-disabled",
        /// credentials-expired
        CredentialsExpired => "credentials-expired",
        /// encryption-required
        EncryptionRequired => "encryption-required",
        /// incorrect-encoding
        IncorrectEncoding => "incorrect-encoding",
        /// invalid-authzid
        InvalidAuthzid => "invalid-authzid",
        /// invalid-mechanism
        InvalidMechanism => "invalid-mechanism",
        /// malformed-request
        MalformedRequest => "malformed-request",
        /// mechanism-too-weak
        MechanismTooWeak => "mechanism-too-weak",
        /// not-authorized
        NotAuthorized => "not-authorized",
        /// temporary-auth-failure
        TemporaryAuthFailure => "temporary-auth-failure",
    }
}

/// A SASL element in either direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sasl {
    /// `<auth mechanism=…>` with the decoded initial response (`=` means empty).
    Auth {
        /// Mechanism name.
        mechanism: String,
        /// Decoded initial response.
        initial: Vec<u8>,
    },
    /// `<challenge/>`.
    Challenge(Vec<u8>),
    /// `<response/>`.
    Response(Vec<u8>),
    /// `<abort/>`.
    Abort,
    /// `<success/>` with optional additional data.
    Success(Vec<u8>),
    /// `<failure/>`.
    Failure {
        /// The condition.
        condition: SaslCondition,
        /// Optional text.
        text: Option<String>,
    },
}

fn decode_b64(text: &str) -> Result<Vec<u8>, PayloadError> {
    let t = text.trim();
    if t.is_empty() || t == "=" {
        return Ok(Vec::new());
    }
    if t.len() > MAX_SASL_PAYLOAD * 4 / 3 + 4 {
        return Err(PayloadError::Invalid {
            element: "auth",
            what: "length",
            value: t.len().to_string(),
        });
    }
    STANDARD.decode(t).map_err(|_| PayloadError::Invalid {
        element: "auth",
        what: "base64",
        value: t.chars().take(32).collect(),
    })
}

fn encode_b64(data: &[u8]) -> String {
    if data.is_empty() {
        "=".to_owned()
    } else {
        STANDARD.encode(data)
    }
}

impl Sasl {
    /// Reads a SASL element.
    pub fn from_element(el: &Element) -> Result<Sasl, PayloadError> {
        if el.ns() != ns::SASL {
            return Err(PayloadError::Mismatch);
        }
        Ok(match el.name() {
            "auth" => Sasl::Auth {
                mechanism: el
                    .get_attr("mechanism")
                    .ok_or(PayloadError::Missing {
                        element: "auth",
                        what: "mechanism",
                    })?
                    .to_owned(),
                initial: decode_b64(&el.text_content())?,
            },
            "challenge" => Sasl::Challenge(decode_b64(&el.text_content())?),
            "response" => Sasl::Response(decode_b64(&el.text_content())?),
            "success" => Sasl::Success(decode_b64(&el.text_content())?),
            "abort" => Sasl::Abort,
            "failure" => {
                let mut condition = SaslCondition::NotAuthorized;
                let mut text = None;
                for c in el.children() {
                    if c.name() == "text" {
                        text = Some(c.text_content());
                    } else if let Some(cond) = SaslCondition::from_name(c.name()) {
                        condition = cond;
                    }
                }
                Sasl::Failure { condition, text }
            }
            _ => return Err(PayloadError::Mismatch),
        })
    }

    /// The element.
    pub fn to_element(&self) -> Element {
        match self {
            Sasl::Auth { mechanism, initial } => Element::new("auth", ns::SASL)
                .attr("mechanism", mechanism.clone())
                .text(encode_b64(initial)),
            Sasl::Challenge(d) => Element::new("challenge", ns::SASL).text(encode_b64(d)),
            Sasl::Response(d) => Element::new("response", ns::SASL).text(encode_b64(d)),
            Sasl::Success(d) if d.is_empty() => Element::new("success", ns::SASL),
            Sasl::Success(d) => Element::new("success", ns::SASL).text(encode_b64(d)),
            Sasl::Abort => Element::new("abort", ns::SASL),
            Sasl::Failure { condition, text } => {
                let mut el = Element::new("failure", ns::SASL)
                    .child(Element::new(condition.as_str(), ns::SASL));
                if let Some(t) = text {
                    el.push_child(Element::new("text", ns::SASL).text(t.clone()));
                }
                el
            }
        }
    }
}

/// Credentials of a SASL PLAIN exchange: `[authzid] NUL authcid NUL passwd`.
#[derive(Clone, PartialEq, Eq)]
pub struct PlainCredentials {
    /// Authorization identity (usually empty).
    pub authzid: String,
    /// Authentication identity: the user name (the JID localpart for Finesse agents).
    pub authcid: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for PlainCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlainCredentials")
            .field("authzid", &self.authzid)
            .field("authcid", &self.authcid)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl PlainCredentials {
    /// Decodes the PLAIN message.
    pub fn parse(data: &[u8]) -> Result<PlainCredentials, SaslCondition> {
        let mut parts = data.split(|b| *b == 0);
        let (Some(z), Some(c), Some(p), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(SaslCondition::MalformedRequest);
        };
        let s = |b: &[u8]| {
            std::str::from_utf8(b)
                .map(str::to_owned)
                .map_err(|_| SaslCondition::MalformedRequest)
        };
        let creds = PlainCredentials {
            authzid: s(z)?,
            authcid: s(c)?,
            password: s(p)?,
        };
        if creds.authcid.is_empty() || creds.authcid.len() > 1023 || creds.password.len() > 1023 {
            return Err(SaslCondition::MalformedRequest);
        }
        Ok(creds)
    }

    /// Encodes the PLAIN message.
    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(self.authzid.as_bytes());
        v.push(0);
        v.extend_from_slice(self.authcid.as_bytes());
        v.push(0);
        v.extend_from_slice(self.password.as_bytes());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6120_plain_example() {
        // RFC 6120 §9.1.3 style: "\0juliet\0r0m30myr0m30"
        let el = Element::parse(
            b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldAByMG0zMG15cjBtMzA=</auth>",
        )
        .unwrap();
        let Sasl::Auth { mechanism, initial } = Sasl::from_element(&el).unwrap() else {
            panic!()
        };
        assert_eq!(mechanism, "PLAIN");
        let c = PlainCredentials::parse(&initial).unwrap();
        assert_eq!(c.authcid, "juliet");
        assert_eq!(c.password, "r0m30myr0m30");
        assert_eq!(c.encode(), initial);
        assert!(!format!("{c:?}").contains("r0m30"));
        assert_eq!(
            PlainCredentials::parse(b"juliet\0pw"),
            Err(SaslCondition::MalformedRequest)
        );
    }
}
