//! SOAP Faults in both versions: 1.1 unqualified `faultcode/faultstring/faultactor/detail`,
//! 1.2 qualified `Code/Subcode/Reason/Node/Role/Detail`.

/// Escapes text for element content, including `\r` (which XML parsers would otherwise
/// normalise to `\n`), so that what is written reads back unchanged.
fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    let escaped = quick_xml::escape::escape(s);
    if escaped.contains('\r') {
        std::borrow::Cow::Owned(escaped.replace('\r', "&#13;"))
    } else {
        escaped
    }
}
use quick_xml::events::Event;
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;

use super::parse::check_entity;
use super::version::SoapVersion;
use crate::error::EnvelopeError;

/// The class of a fault. SOAP 1.1's `Client`/`Server` are SOAP 1.2's `Sender`/`Receiver`;
/// the variant is the same and the name written depends on the version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaultCode {
    /// The envelope namespace was not understood.
    VersionMismatch,
    /// A mandatory header block was not understood.
    MustUnderstand,
    /// SOAP 1.2 only: the data encoding is unknown.
    DataEncodingUnknown,
    /// The message was wrong (1.1 `Client`, 1.2 `Sender`); resending it unchanged will fail.
    Sender,
    /// The receiver failed (1.1 `Server`, 1.2 `Receiver`); it may succeed later.
    Receiver,
    /// A code outside the envelope namespace, as written (`prefix:local`).
    Other(String),
}

impl FaultCode {
    /// The local name of this code in `version` (e.g. `Client` or `Sender`).
    #[must_use]
    pub fn local_name(&self, version: SoapVersion) -> &str {
        match (self, version) {
            (FaultCode::VersionMismatch, _) => "VersionMismatch",
            (FaultCode::MustUnderstand, _) => "MustUnderstand",
            (FaultCode::DataEncodingUnknown, _) => "DataEncodingUnknown",
            (FaultCode::Sender, SoapVersion::V11) => "Client",
            (FaultCode::Sender, SoapVersion::V12) => "Sender",
            (FaultCode::Receiver, SoapVersion::V11) => "Server",
            (FaultCode::Receiver, SoapVersion::V12) => "Receiver",
            (FaultCode::Other(s), _) => s,
        }
    }

    fn from_local(local: &str) -> Option<Self> {
        Some(match local {
            "VersionMismatch" => FaultCode::VersionMismatch,
            "MustUnderstand" => FaultCode::MustUnderstand,
            "DataEncodingUnknown" => FaultCode::DataEncodingUnknown,
            "Client" | "Sender" => FaultCode::Sender,
            "Server" | "Receiver" => FaultCode::Receiver,
            _ => return None,
        })
    }
}

/// A SOAP Fault, independent of version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The fault class.
    pub code: FaultCode,
    /// Refinements: SOAP 1.1 dot-extensions (`Client.Authentication` gives
    /// `["Authentication"]`) or the local names of SOAP 1.2 `Subcode/Value`s, outermost first.
    pub subcodes: Vec<String>,
    /// Human-readable text (`faultstring` / first `Reason/Text`).
    pub reason: String,
    /// `faultactor` (1.1) or `Role` (1.2).
    pub actor: Option<String>,
    /// `Node` (1.2 only).
    pub node: Option<String>,
    /// Inner XML of `detail`/`Detail`, as received or to be sent.
    pub detail: Option<String>,
}

impl Fault {
    /// A fault with `code` and `reason` and nothing else.
    #[must_use]
    pub fn new(code: FaultCode, reason: impl Into<String>) -> Self {
        Fault {
            code,
            subcodes: Vec::new(),
            reason: reason.into(),
            actor: None,
            node: None,
            detail: None,
        }
    }

    /// A `Client`/`Sender` fault.
    #[must_use]
    pub fn sender(reason: impl Into<String>) -> Self {
        Fault::new(FaultCode::Sender, reason)
    }

    /// A `Server`/`Receiver` fault.
    #[must_use]
    pub fn receiver(reason: impl Into<String>) -> Self {
        Fault::new(FaultCode::Receiver, reason)
    }

    /// The `MustUnderstand` fault for the header block `{namespace}name`.
    #[must_use]
    pub fn must_understand(namespace: Option<&str>, name: &str) -> Self {
        let shown = match namespace {
            Some(ns) => format!("{{{ns}}}{name}"),
            None => name.to_owned(),
        };
        Fault::new(
            FaultCode::MustUnderstand,
            format!("mandatory header block {shown} not understood"),
        )
    }

    /// Sets the detail (inner XML, written verbatim).
    #[must_use]
    pub fn with_detail(mut self, detail_xml: impl Into<String>) -> Self {
        self.detail = Some(detail_xml.into());
        self
    }

    /// The HTTP status to send this fault with: SOAP 1.1 always 500; SOAP 1.2 400 for
    /// `Sender` faults and 500 otherwise.
    #[must_use]
    pub fn http_status(&self, version: SoapVersion) -> u16 {
        match (version, &self.code) {
            (SoapVersion::V12, FaultCode::Sender) => 400,
            _ => 500,
        }
    }

    /// Writes the `Fault` element using `prefix` for the envelope namespace (which the
    /// caller has declared on an ancestor).
    pub fn write(&self, version: SoapVersion, prefix: &str, out: &mut String) {
        let code = self.code.local_name(version);
        let code_qname = match self.code {
            FaultCode::Other(_) => code.to_owned(),
            _ => format!("{prefix}:{code}"),
        };
        match version {
            SoapVersion::V11 => {
                out.push_str(&format!(
                    "<{prefix}:Fault><faultcode>{}",
                    escape(&code_qname)
                ));
                for sub in &self.subcodes {
                    out.push('.');
                    out.push_str(&escape(sub));
                }
                out.push_str(&format!(
                    "</faultcode><faultstring>{}</faultstring>",
                    escape(&self.reason)
                ));
                if let Some(actor) = &self.actor {
                    out.push_str(&format!("<faultactor>{}</faultactor>", escape(actor)));
                }
                if let Some(detail) = &self.detail {
                    out.push_str(&format!("<detail>{detail}</detail>"));
                }
                out.push_str(&format!("</{prefix}:Fault>"));
            }
            SoapVersion::V12 => {
                out.push_str(&format!(
                    "<{prefix}:Fault><{prefix}:Code><{prefix}:Value>{}</{prefix}:Value>",
                    escape(&code_qname)
                ));
                for sub in &self.subcodes {
                    out.push_str(&format!(
                        "<{prefix}:Subcode><{prefix}:Value>{}</{prefix}:Value>",
                        escape(sub)
                    ));
                }
                for _ in &self.subcodes {
                    out.push_str(&format!("</{prefix}:Subcode>"));
                }
                out.push_str(&format!(
                    "</{prefix}:Code><{prefix}:Reason><{prefix}:Text xml:lang=\"en\">{}</{prefix}:Text></{prefix}:Reason>",
                    escape(&self.reason)
                ));
                if let Some(node) = &self.node {
                    out.push_str(&format!("<{prefix}:Node>{}</{prefix}:Node>", escape(node)));
                }
                if let Some(actor) = &self.actor {
                    out.push_str(&format!("<{prefix}:Role>{}</{prefix}:Role>", escape(actor)));
                }
                if let Some(detail) = &self.detail {
                    out.push_str(&format!("<{prefix}:Detail>{detail}</{prefix}:Detail>"));
                }
                out.push_str(&format!("</{prefix}:Fault>"));
            }
        }
    }

    /// Parses a standalone `Fault` element (see
    /// [`Payload::standalone_xml`](crate::Payload::standalone_xml)).
    ///
    /// # Errors
    /// [`EnvelopeError`] when the XML is broken or a required part is missing.
    pub fn parse(version: SoapVersion, xml: &str) -> Result<Self, EnvelopeError> {
        let mut reader = NsReader::from_str(xml);
        let env_ns = version.namespace().as_bytes();
        let mut path: Vec<String> = Vec::new();
        let mut text = String::new();
        let mut code: Option<FaultCode> = None;
        let mut subcodes = Vec::new();
        let mut reason: Option<String> = None;
        let mut actor = None;
        let mut node = None;
        let mut detail = None;
        let mut detail_start: Option<usize> = None;
        loop {
            let offset = reader.buffer_position();
            let event = reader.read_event().map_err(|err| EnvelopeError::Xml {
                offset: reader.error_position(),
                reason: err.to_string(),
            })?;
            let (local, closing) = match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    if path.len() == 1 && local.eq_ignore_ascii_case("detail") {
                        detail_start = Some(reader.buffer_position() as usize);
                    }
                    text.clear();
                    (local, matches!(event, Event::Empty(_)))
                }
                Event::End(e) => (
                    String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    true,
                ),
                Event::Text(t) => {
                    text.push_str(&t.xml_content().map_err(|err| EnvelopeError::Xml {
                        offset,
                        reason: err.to_string(),
                    })?);
                    continue;
                }
                Event::CData(t) => {
                    text.push_str(&String::from_utf8_lossy(t));
                    continue;
                }
                Event::GeneralRef(r) => {
                    text.push_str(&check_entity(r, offset)?);
                    continue;
                }
                Event::DocType(_) => return Err(EnvelopeError::Doctype { offset }),
                Event::Eof => break,
                _ => continue,
            };
            if !matches!(event, Event::End(_)) {
                path.push(local.clone());
            }
            if !closing {
                continue;
            }
            let depth = path.len();
            let parent: Vec<&str> = path
                .iter()
                .map(String::as_str)
                .take(depth.saturating_sub(1))
                .collect();
            let value = text.trim().to_owned();
            match (version, parent.as_slice(), local.as_str()) {
                (SoapVersion::V11, [_], "faultcode") => {
                    let (res, qlocal) = reader.resolve_element(QName(value.as_bytes()));
                    let qlocal = String::from_utf8_lossy(qlocal.as_ref()).into_owned();
                    let in_env = matches!(res, ResolveResult::Bound(ns) if ns.as_ref() == env_ns);
                    let mut parts = qlocal.split('.');
                    let head = parts.next().unwrap_or("");
                    match (in_env, FaultCode::from_local(head)) {
                        (true, Some(c)) => {
                            code = Some(c);
                            subcodes.extend(parts.map(str::to_owned));
                        }
                        _ => code = Some(FaultCode::Other(value.clone())),
                    }
                }
                (SoapVersion::V11, [_], "faultstring") => reason = Some(value.clone()),
                (SoapVersion::V11, [_], "faultactor") => actor = Some(value.clone()),
                (SoapVersion::V12, [_, "Code"], "Value") => {
                    let (res, qlocal) = reader.resolve_element(QName(value.as_bytes()));
                    let qlocal = String::from_utf8_lossy(qlocal.as_ref()).into_owned();
                    let in_env = matches!(res, ResolveResult::Bound(ns) if ns.as_ref() == env_ns);
                    code = Some(match (in_env, FaultCode::from_local(&qlocal)) {
                        (true, Some(c)) => c,
                        _ => FaultCode::Other(value.clone()),
                    });
                }
                (SoapVersion::V12, [_, "Code", .., "Subcode"], "Value") => {
                    let local = value.rsplit(':').next().unwrap_or("").to_owned();
                    subcodes.push(local);
                }
                (SoapVersion::V12, [_, "Reason"], "Text") if reason.is_none() => {
                    reason = Some(value.clone());
                }
                (SoapVersion::V12, [_], "Node") => node = Some(value.clone()),
                (SoapVersion::V12, [_], "Role") => actor = Some(value.clone()),
                _ => {}
            }
            if depth == 2 && local.eq_ignore_ascii_case("detail") {
                detail = Some(match (detail_start, &event) {
                    (Some(start), Event::End(_)) => {
                        xml.get(start..offset as usize).unwrap_or("").to_owned()
                    }
                    _ => String::new(),
                });
            }
            path.pop();
            text.clear();
        }
        Ok(Fault {
            code: code.ok_or(EnvelopeError::MalformedFault("missing fault code"))?,
            subcodes,
            reason: reason.ok_or(EnvelopeError::MalformedFault("missing fault reason"))?,
            actor,
            node,
            detail,
        })
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code.local_name(SoapVersion::V11))?;
        for s in &self.subcodes {
            write!(f, ".{s}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Envelope, Limits};

    fn round_trip(version: SoapVersion, fault: &Fault) -> Fault {
        let mut xml = String::new();
        crate::write_envelope(&mut xml, version, "p", &[], |out| {
            fault.write(version, "p", out)
        });
        let env = Envelope::parse(xml.as_bytes(), &Limits::default()).unwrap();
        env.fault().unwrap().unwrap()
    }

    #[test]
    fn both_versions_round_trip() {
        let mut f = Fault::sender("bad <thing> & more")
            .with_detail("<axlError><axlcode>5007</axlcode></axlError>");
        f.subcodes = vec!["Authentication".into()];
        f.actor = Some("urn:me".into());
        for v in [SoapVersion::V11, SoapVersion::V12] {
            assert_eq!(round_trip(v, &f), f, "{v:?}");
        }
    }

    #[test]
    fn cucm_fault_shape() {
        let xml = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Item not valid: The specified User was not found</faultstring><detail><axlError><axlcode>5007</axlcode><axlmessage>Item not valid: The specified User was not found</axlmessage><request>getUser</request></axlError></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
        let env = Envelope::parse(xml.as_bytes(), &Limits::default()).unwrap();
        let f = env.fault().unwrap().unwrap();
        assert_eq!(f.code, FaultCode::Receiver);
        assert!(f.detail.unwrap().starts_with("<axlError><axlcode>5007"));
    }
}
