//! `<body/>` serialization.

use bytes::{BufMut, BytesMut};

use super::{Body, NS_HTTPBIND, NS_STREAMS, NS_XBOSH};

impl Body {
    /// A capacity that usually fits the serialized body.
    pub fn encoded_len_hint(&self) -> usize {
        96 + self.payloads.iter().map(|p| p.len()).sum::<usize>()
    }

    /// Appends the serialized body to `out`. Attribute values are escaped; payloads are
    /// written verbatim (they are complete elements). The output parses back to an equal
    /// [`Body`].
    pub fn write_to(&self, out: &mut BytesMut) {
        self.write_with_payloads(out, &self.payloads);
    }

    /// Writes this body's attributes around `payloads` (ignoring [`Body::payloads`]); used by
    /// the connection manager to serialize queued stanzas without moving them.
    pub(crate) fn write_with_payloads<'a, I>(&self, out: &mut BytesMut, payloads: I)
    where
        I: IntoIterator<Item = &'a bytes::Bytes>,
    {
        out.reserve(96);
        out.put_slice(b"<body xmlns='");
        out.put_slice(NS_HTTPBIND.as_bytes());
        out.put_u8(b'\'');
        if self.stream_ns {
            attr(out, "xmlns:stream", NS_STREAMS);
        }
        let xmpp = self.xmpp_version.is_some() || self.xmpp_restart || self.xmpp_restartlogic;
        if xmpp {
            attr(out, "xmlns:xmpp", NS_XBOSH);
        }
        for (prefix, uri) in &self.namespaces {
            if (prefix == "stream" && self.stream_ns) || (prefix == "xmpp" && xmpp) {
                continue;
            }
            out.put_slice(b" xmlns:");
            out.put_slice(prefix.as_bytes());
            out.put_slice(b"='");
            escape_into(out, uri);
            out.put_u8(b'\'');
        }
        if let Some(t) = self.body_type {
            attr(out, "type", t.as_str());
        }
        if let Some(c) = &self.condition {
            attr(out, "condition", c.as_str());
        }
        num(out, "rid", self.rid);
        opt(out, "sid", &self.sid);
        opt(out, "to", &self.to);
        opt(out, "from", &self.from);
        opt(out, "xml:lang", &self.lang);
        if let Some(v) = self.ver {
            out.put_slice(b" ver='");
            itoa_like::Int::write(v.major, out);
            out.put_u8(b'.');
            itoa_like::Int::write(v.minor, out);
            out.put_u8(b'\'');
        }
        num(out, "wait", self.wait);
        num(out, "hold", self.hold);
        num(out, "requests", self.requests);
        num(out, "polling", self.polling);
        num(out, "inactivity", self.inactivity);
        num(out, "maxpause", self.maxpause);
        num(out, "pause", self.pause);
        num(out, "ack", self.ack);
        num(out, "report", self.report);
        num(out, "time", self.time);
        opt(out, "route", &self.route);
        opt(out, "content", &self.content);
        opt(out, "accept", &self.accept);
        opt(out, "charsets", &self.charsets);
        opt(out, "authid", &self.authid);
        opt(out, "stream", &self.stream);
        if let Some(s) = self.secure {
            attr(out, "secure", if s { "true" } else { "false" });
        }
        opt(out, "newkey", &self.newkey);
        opt(out, "key", &self.key);
        opt(out, "xmpp:version", &self.xmpp_version);
        if self.xmpp_restart {
            attr(out, "xmpp:restart", "true");
        }
        if self.xmpp_restartlogic {
            attr(out, "xmpp:restartlogic", "true");
        }
        let mut payloads = payloads.into_iter().peekable();
        if payloads.peek().is_none() {
            out.put_slice(b"/>");
        } else {
            out.put_u8(b'>');
            for p in payloads {
                out.put_slice(p);
            }
            out.put_slice(b"</body>");
        }
    }
}

fn num<T: itoa_like::Int>(out: &mut BytesMut, name: &str, value: Option<T>) {
    if let Some(v) = value {
        out.put_u8(b' ');
        out.put_slice(name.as_bytes());
        out.put_slice(b"='");
        v.write(out);
        out.put_u8(b'\'');
    }
}

fn opt(out: &mut BytesMut, name: &str, value: &Option<String>) {
    if let Some(v) = value {
        attr(out, name, v);
    }
}

/// Writes ` name='value'` with the value escaped for a single-quoted attribute.
pub(crate) fn attr(out: &mut BytesMut, name: &str, value: &str) {
    out.put_u8(b' ');
    out.put_slice(name.as_bytes());
    out.put_slice(b"='");
    escape_into(out, value);
    out.put_u8(b'\'');
}

/// Escapes `&`, `<`, `>`, `'`, `"` and the whitespace characters attribute normalisation
/// would otherwise fold.
pub(crate) fn escape_into(out: &mut BytesMut, value: &str) {
    let bytes = value.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\'' => b"&apos;",
            b'"' => b"&quot;",
            b'\t' => b"&#9;",
            b'\n' => b"&#10;",
            b'\r' => b"&#13;",
            _ => continue,
        };
        out.put_slice(&bytes[last..i]);
        out.put_slice(rep);
        last = i + 1;
    }
    out.put_slice(&bytes[last..]);
}

mod itoa_like {
    use bytes::{BufMut, BytesMut};

    /// Unsigned integers written in decimal without allocating.
    pub(super) trait Int: Copy {
        fn to_u64(self) -> u64;
        fn write(self, out: &mut BytesMut) {
            let mut n = self.to_u64();
            let mut buf = [0u8; 20];
            let mut i = buf.len();
            loop {
                i -= 1;
                buf[i] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            out.put_slice(&buf[i..]);
        }
    }
    impl Int for u8 {
        fn to_u64(self) -> u64 {
            self.into()
        }
    }
    impl Int for u16 {
        fn to_u64(self) -> u64 {
            self.into()
        }
    }
    impl Int for u32 {
        fn to_u64(self) -> u64 {
            self.into()
        }
    }
    impl Int for u64 {
        fn to_u64(self) -> u64 {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BodyType, Condition, Version};
    use super::*;
    use crate::error::BodyError;
    use bytes::Bytes;

    #[test]
    fn round_trip_with_everything() {
        let body = Body {
            rid: Some(42),
            sid: Some("s<1>'".into()),
            ver: Some(Version::V1_11),
            wait: Some(60),
            hold: Some(1),
            requests: Some(2),
            ack: Some(41),
            body_type: Some(BodyType::Terminate),
            condition: Some(Condition::ItemNotFound),
            xmpp_version: Some("1.0".into()),
            xmpp_restartlogic: true,
            stream_ns: true,
            lang: Some("en".into()),
            secure: Some(true),
            time: Some(1200),
            payloads: vec![Bytes::from_static(b"<stream:features/>")],
            ..Body::default()
        };
        let wire = body.to_bytes();
        assert_eq!(Body::parse(wire).unwrap(), body);
    }

    /// Found by the `bosh_body` fuzz target: a payload using a prefix the body binds to
    /// some other URI than the streams namespace must still parse after a round trip.
    #[test]
    fn other_prefix_declarations_survive_a_round_trip() {
        for input in [
            &b"<body xmlns='http://jabber.org/protocol/httpbind' xmlns:stream='http@//x'><stream:features/></body>"[..],
            b"<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'><xmpp:x/></body>",
            b"<body xmlns='http://jabber.org/protocol/httpbind' xmlns:a='urn:a' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'><a:b/></body>",
        ] {
            let body = Body::parse(Bytes::copy_from_slice(input)).unwrap();
            let wire = body.to_bytes();
            let again = Body::parse(wire.clone()).unwrap();
            assert_eq!(again, body);
            assert_eq!(again.to_bytes(), wire);
        }
    }

    /// Found by the `bosh_body` fuzz target: after a byte-order mark the payload slices
    /// were taken three bytes off.
    #[test]
    fn a_byte_order_mark_is_skipped_and_payloads_stay_whole() {
        let input = "\u{feff}<body rid='1' xmlns='http://jabber.org/protocol/httpbind'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGE=</auth></body>";
        let body = Body::parse(Bytes::copy_from_slice(input.as_bytes())).unwrap();
        assert_eq!(
            &body.payloads[0][..],
            &b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGE=</auth>"[..]
        );
        assert_eq!(Body::parse(body.to_bytes()).unwrap(), body);
        let twice = format!("\u{feff}{input}");
        assert!(matches!(
            Body::parse(Bytes::from(twice)),
            Err(BodyError::Xml { .. })
        ));
    }

    #[test]
    fn empty_body_is_self_closing() {
        assert_eq!(
            &Body::new().to_bytes()[..],
            b"<body xmlns='http://jabber.org/protocol/httpbind'/>"
        );
    }
}
