//! Whole AXL messages: envelope + typed payload, both directions.

use super::fault::AxlFault;
use super::ops::{AxlRequest, AxlResponse};
use super::version::{AxlVersion, SoapAction};
use crate::envelope::{write_envelope, Envelope, HeaderBlock, Payload, SoapVersion};
use crate::error::{AxlDecodeError, EncodeError};
use crate::limits::Limits;

/// A decoded AXL request with its envelope facts.
#[derive(Debug, Clone, PartialEq)]
pub struct AxlCall {
    /// The SOAP version it came in (answer in the same).
    pub soap: SoapVersion,
    /// The AXL schema version (from the body namespace).
    pub version: AxlVersion,
    /// The `sequence` attribute, to echo back.
    pub sequence: Option<u64>,
    /// The header blocks, if any.
    pub headers: Vec<HeaderBlock>,
    /// The request.
    pub request: AxlRequest,
}

/// A decoded AXL response.
#[derive(Debug, Clone, PartialEq)]
pub struct AxlReply {
    /// The AXL schema version of the body.
    pub version: AxlVersion,
    /// The echoed `sequence` attribute.
    pub sequence: Option<u64>,
    /// The response.
    pub response: AxlResponse,
}

fn payload_version(payload: &Payload) -> Result<AxlVersion, AxlDecodeError> {
    payload
        .namespace()
        .and_then(AxlVersion::from_namespace)
        .ok_or_else(|| AxlDecodeError::Namespace {
            element: payload.name().to_owned(),
            namespace: payload.namespace().unwrap_or("").to_owned(),
        })
}

fn payload_sequence(payload: &Payload) -> Result<Option<u64>, AxlDecodeError> {
    payload
        .attribute("sequence")
        .map(|s| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| AxlDecodeError::Sequence(s.to_owned()))
        })
        .transpose()
}

/// Decodes an AXL request: the envelope, the `SOAPAction` (from the header for SOAP 1.1,
/// or the `action` media-type parameter for 1.2; quoted or not), which must agree with
/// the body's namespace version and element name, and the typed payload.
///
/// # Errors
/// [`AxlDecodeError`] for a broken envelope, an unknown namespace, a bad or disagreeing
/// action, or a body that does not match its operation's schema.
pub fn decode_request(
    body: &[u8],
    soap_action: Option<&str>,
    limits: &Limits,
) -> Result<AxlCall, AxlDecodeError> {
    let envelope = Envelope::parse(body, limits)?;
    let payload = &envelope.body;
    let version = payload_version(payload)?;
    let sequence = payload_sequence(payload)?;
    if let Some(raw) = soap_action {
        SoapAction::parse(raw)?.check(raw, version, payload.name())?;
    }
    let request = AxlRequest::decode(payload.name(), &payload.standalone_xml())?;
    Ok(AxlCall {
        soap: envelope.version,
        version,
        sequence,
        headers: envelope.headers,
        request,
    })
}

/// Decodes the response to `operation`. A Fault body comes back as
/// [`AxlDecodeError::Fault`].
///
/// # Errors
/// [`AxlDecodeError`] for a broken envelope, a fault, or a body that is not
/// `<operation>Response` or does not match its schema.
pub fn decode_response(
    body: &[u8],
    operation: &str,
    limits: &Limits,
) -> Result<AxlReply, AxlDecodeError> {
    let envelope = Envelope::parse(body, limits)?;
    if let Some(fault) = envelope.fault() {
        return Err(AxlDecodeError::Fault(Box::new(AxlFault::from_fault(
            fault?,
        ))));
    }
    let payload = &envelope.body;
    let version = payload_version(payload)?;
    let expected = format!("{operation}Response");
    if payload.name() != expected {
        return Err(AxlDecodeError::UnexpectedResponse {
            expected,
            found: payload.name().to_owned(),
        });
    }
    let sequence = payload_sequence(payload)?;
    let response = AxlResponse::decode(operation, &payload.standalone_xml())?;
    Ok(AxlReply {
        version,
        sequence,
        response,
    })
}

/// Inserts ` xmlns:<prefix>="ns"` (and ` sequence="n"`) after the root name written at
/// `start`.
fn decorate_root(
    out: &mut String,
    start: usize,
    qname: &str,
    prefix: &str,
    ns: &str,
    sequence: Option<u64>,
) {
    let mut attrs = format!(" xmlns:{prefix}=\"{ns}\"");
    if let Some(seq) = sequence {
        attrs.push_str(&format!(" sequence=\"{seq}\""));
    }
    out.insert_str(start + 1 + qname.len(), &attrs);
}

/// Writes a request envelope in the shape zeep sends (and CUCM accepts): prefixes
/// `soap-env` and `ns0`, no Header, unqualified children.
///
/// # Errors
/// [`EncodeError`] when a value cannot be serialized.
pub fn encode_request(
    out: &mut String,
    soap: SoapVersion,
    version: AxlVersion,
    sequence: Option<u64>,
    request: &AxlRequest,
) -> Result<(), EncodeError> {
    let mut result = Ok(());
    write_envelope(out, soap, "soap-env", &[], |out| {
        if let AxlRequest::Unknown(u) = request {
            out.push_str(&u.xml);
            return;
        }
        let qname = format!("ns0:{}", request.name());
        let start = out.len();
        result = request.write(&qname, out);
        if result.is_ok() {
            decorate_root(out, start, &qname, "ns0", version.namespace(), sequence);
        }
    });
    result
}

/// Writes a response envelope in the shape CUCM sends: prefixes `soapenv` and `ns`,
/// `<ns:opResponse xmlns:ns="…/<version>" sequence="…"><return>…</return>`.
///
/// # Errors
/// [`EncodeError`] when a value cannot be serialized.
pub fn encode_response(
    out: &mut String,
    soap: SoapVersion,
    version: AxlVersion,
    sequence: Option<u64>,
    response: &AxlResponse,
) -> Result<(), EncodeError> {
    let mut result = Ok(());
    write_envelope(out, soap, "soapenv", &[], |out| {
        if let AxlResponse::Unknown(u) = response {
            out.push_str(&u.xml);
            return;
        }
        let qname = format!("ns:{}Response", response.operation());
        let start = out.len();
        result = response.write(&qname, out);
        if result.is_ok() {
            decorate_root(out, start, &qname, "ns", version.namespace(), sequence);
        }
    });
    result
}

/// Writes a fault envelope (prefix `soapenv`, unqualified 1.1 fault children, as CUCM).
pub fn encode_fault(out: &mut String, soap: SoapVersion, fault: &AxlFault) {
    let fault = fault.to_fault();
    write_envelope(out, soap, "soapenv", &[], |out| {
        fault.write(soap, "soapenv", out)
    });
}
