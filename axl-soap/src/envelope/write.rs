//! Writing envelopes.

use quick_xml::escape::escape;

use super::version::SoapVersion;

/// Writes a complete envelope into `out`: `<prefix:Envelope xmlns:prefix="…">`, a
/// `Header` holding `headers` (verbatim) when there are any, and a `Body` whose content
/// `body` writes. Extra `(prefix, namespace)` declarations go on the Envelope.
pub fn write_envelope(
    out: &mut String,
    version: SoapVersion,
    prefix: &str,
    headers: &[&str],
    body: impl FnOnce(&mut String),
) {
    write_envelope_with(out, version, prefix, &[], headers, body);
}

/// [`write_envelope`] with extra namespace declarations on the Envelope element.
pub fn write_envelope_with(
    out: &mut String,
    version: SoapVersion,
    prefix: &str,
    declarations: &[(&str, &str)],
    headers: &[&str],
    body: impl FnOnce(&mut String),
) {
    out.push('<');
    out.push_str(prefix);
    out.push_str(":Envelope xmlns:");
    out.push_str(prefix);
    out.push_str("=\"");
    out.push_str(version.namespace());
    out.push('"');
    for (p, ns) in declarations {
        out.push_str(&format!(" xmlns:{p}=\"{}\"", escape(*ns)));
    }
    out.push('>');
    if !headers.is_empty() {
        out.push_str(&format!("<{prefix}:Header>"));
        for h in headers {
            out.push_str(h);
        }
        out.push_str(&format!("</{prefix}:Header>"));
    }
    out.push_str(&format!("<{prefix}:Body>"));
    body(out);
    out.push_str(&format!("</{prefix}:Body></{prefix}:Envelope>"));
}
