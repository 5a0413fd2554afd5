//! Guarded XML reading and writing shared by every resource: limits checked before serde
//! sees the input, the [`Resource`] trait, and serde helpers for Finesse's list and
//! empty-element conventions.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{EncodeError, ParseError};

/// Default for [`Limits::max_bytes`]: 8 MiB, enough for a `ClientLog` of 1,048,576
/// characters with every character escaped.
pub const DEFAULT_MAX_BYTES: usize = 8 * 1024 * 1024;
/// Default for [`Limits::max_depth`]: 32 nested elements (Finesse documents use at most 6).
pub const DEFAULT_MAX_DEPTH: usize = 32;
/// Default for [`Limits::max_elements`]: 250,000 elements.
pub const DEFAULT_MAX_ELEMENTS: usize = 250_000;

/// Limits applied to every document before it is handed to serde.
///
/// Checked in one streaming pass with quick-xml's reader, which also refuses `<!DOCTYPE>`
/// (so no entity can be declared, let alone expanded) and references to entities other
/// than the five predefined ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted document, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted element nesting (the root element is depth 1).
    pub max_depth: usize,
    /// Most elements accepted in one document.
    pub max_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_elements: DEFAULT_MAX_ELEMENTS,
        }
    }
}

fn syntax(reader_pos: u64, e: impl std::fmt::Display) -> ParseError {
    ParseError::Syntax {
        offset: reader_pos,
        reason: e.to_string(),
    }
}

/// Checks `xml` against `limits` and well-formedness; returns the root element's name.
pub(crate) fn prescan(xml: &str, limits: &Limits) -> Result<String, ParseError> {
    if xml.len() > limits.max_bytes {
        return Err(ParseError::TooLarge {
            len: xml.len(),
            max: limits.max_bytes,
        });
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut elements = 0usize;
    let mut root: Option<String> = None;
    let mut closed = false;
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), e))?;
        let opens = matches!(event, Event::Start(_) | Event::Empty(_));
        if opens {
            if closed {
                return Err(ParseError::TrailingContent { offset: pos });
            }
            elements += 1;
            if elements > limits.max_elements {
                return Err(ParseError::TooManyElements {
                    max: limits.max_elements,
                    offset: pos,
                });
            }
            if depth + 1 > limits.max_depth {
                return Err(ParseError::TooDeep {
                    max: limits.max_depth,
                    offset: pos,
                });
            }
        }
        match event {
            Event::Start(e) => {
                if root.is_none() {
                    root = Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                depth += 1;
            }
            Event::Empty(e) => {
                if root.is_none() {
                    root = Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                    closed = true;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    closed = true;
                }
            }
            Event::Text(t) => {
                if (root.is_none() || closed) && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(if closed {
                        ParseError::TrailingContent { offset: pos }
                    } else {
                        syntax(pos, "text before the root element")
                    });
                }
            }
            Event::CData(_) => {
                if root.is_none() || closed {
                    return Err(ParseError::TrailingContent { offset: pos });
                }
            }
            Event::GeneralRef(r) => {
                if root.is_none() || closed {
                    return Err(ParseError::TrailingContent { offset: pos });
                }
                if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => {}
                        _ => return Err(syntax(pos, "invalid character reference")),
                    }
                } else {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    if !matches!(name.as_str(), "lt" | "gt" | "amp" | "apos" | "quot") {
                        return Err(ParseError::UnknownEntity { name, offset: pos });
                    }
                }
            }
            Event::DocType(_) => return Err(ParseError::DoctypeRefused { offset: pos }),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if depth != 0 {
        return Err(syntax(xml.len() as u64, "unclosed element at end of input"));
    }
    root.ok_or(ParseError::NoRoot)
}

/// `true` for characters XML 1.0 allows in documents.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Parses `xml` as `T` after [`prescan`], accepting any of `roots` as the root element.
pub(crate) fn parse_with_roots<T: DeserializeOwned>(
    xml: &str,
    limits: &Limits,
    roots: &[&'static str],
    label: &'static str,
) -> Result<T, ParseError> {
    let root = prescan(xml, limits)?;
    if !roots.contains(&root.as_str()) {
        return Err(ParseError::UnexpectedRoot {
            expected: label,
            found: root,
        });
    }
    quick_xml::de::from_str(xml).map_err(|e| ParseError::Invalid {
        root: label,
        reason: e.to_string(),
    })
}

/// Serializes `value` with `root` as the root element name.
pub(crate) fn write_with_root<T: Serialize>(
    value: &T,
    root: &'static str,
) -> Result<String, EncodeError> {
    let err = |e: quick_xml::SeError| EncodeError::Serialize {
        root,
        reason: e.to_string(),
    };
    let mut out = String::with_capacity(256);
    let mut ser = quick_xml::se::Serializer::with_root(&mut out, Some(root)).map_err(err)?;
    // Finesse (JAXB) writes `<pendingState></pendingState>`, never `<pendingState/>`.
    ser.expand_empty_elements(true);
    value.serialize(ser).map_err(err)?;
    if out.chars().all(is_xml_char) {
        Ok(out)
    } else {
        Err(EncodeError::InvalidChar { root })
    }
}

/// Converts bytes to `&str`, with a typed error.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, ParseError> {
    std::str::from_utf8(bytes).map_err(|e| ParseError::NotUtf8 {
        offset: e.valid_up_to(),
    })
}

/// A Finesse resource document: a root element without namespace whose children serde
/// maps onto the type's fields, in the developer guide's order.
///
/// One declaration drives both directions: [`Resource::from_xml`] and
/// [`Resource::to_xml`] use the same `Serialize`/`Deserialize` impls.
pub trait Resource: Serialize + DeserializeOwned {
    /// Root element in REST bodies (`User`, `Dialogs`, `ApiErrors`…).
    const ROOT: &'static str;
    /// Root element inside a notification's `<data>` (lower camel case: `user`, `dialogs`).
    const DATA_ROOT: &'static str;

    /// Parses a REST body with the default [`Limits`].
    fn from_xml(xml: &str) -> Result<Self, ParseError> {
        Self::from_xml_with(xml, &Limits::default())
    }

    /// Parses a REST body held as bytes (must be UTF-8) with the default [`Limits`].
    fn from_xml_bytes(xml: &[u8]) -> Result<Self, ParseError> {
        Self::from_xml_with(utf8(xml)?, &Limits::default())
    }

    /// Parses a REST body with explicit limits. The root element must be
    /// [`ROOT`](Self::ROOT) or [`DATA_ROOT`](Self::DATA_ROOT) (the guide's own samples mix
    /// the two inside notifications).
    fn from_xml_with(xml: &str, limits: &Limits) -> Result<Self, ParseError> {
        parse_with_roots(xml, limits, &[Self::ROOT, Self::DATA_ROOT], Self::ROOT)
    }

    /// Writes the REST body (root [`ROOT`](Self::ROOT)), compact, without XML declaration.
    fn to_xml(&self) -> Result<String, EncodeError> {
        write_with_root(self, Self::ROOT)
    }

    /// Writes the element as it appears inside a notification's `<data>` (root
    /// [`DATA_ROOT`](Self::DATA_ROOT)).
    fn to_data_xml(&self) -> Result<String, EncodeError> {
        write_with_root(self, Self::DATA_ROOT)
    }
}

/// Implements [`Resource`] for a type.
macro_rules! resource {
    ($ty:ty, $root:literal, $data_root:literal) => {
        impl $crate::xml::Resource for $ty {
            const ROOT: &'static str = $root;
            const DATA_ROOT: &'static str = $data_root;
        }
    };
}
pub(crate) use resource;

/// Generates a serde `with` module for `Option<Vec<T>>` carried as a wrapper element
/// holding repeated `<tag>` children (`<roles><role>…</role></roles>`). `None` is an
/// absent wrapper; `Some(vec![])` is an empty one.
macro_rules! wrapped_list {
    ($module:ident, $tag:literal, $item:ty) => {
        pub(crate) mod $module {
            #[allow(unused_imports)]
            use super::*;
            use serde::{Deserialize, Serialize};

            #[derive(Serialize)]
            struct Out<'a> {
                #[serde(rename = $tag)]
                items: &'a [$item],
            }

            #[derive(Deserialize)]
            struct In {
                #[serde(rename = $tag, default)]
                items: Vec<$item>,
            }

            pub(crate) fn serialize<S: serde::Serializer>(
                value: &Option<Vec<$item>>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                match value {
                    Some(items) => Out { items }.serialize(s),
                    None => s.serialize_none(),
                }
            }

            pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Option<Vec<$item>>, D::Error> {
                Ok(Some(In::deserialize(d)?.items))
            }
        }
    };
}
pub(crate) use wrapped_list;

/// serde `with` module for `Option<T>` where Finesse always writes the element and an
/// empty element means "none" (`<pendingState></pendingState>`, `<stateCause/>`).
/// `None` is written as an empty element; a missing or empty element reads as `None`.
pub(crate) mod empty_is_none {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<T: AsRef<str>, S: Serializer>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.as_ref().map_or("", AsRef::as_ref))
    }

    pub(crate) fn deserialize<'de, T: From<String>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        let s = String::deserialize(d)?;
        Ok(if s.is_empty() { None } else { Some(T::from(s)) })
    }
}

#[cfg(test)]
#[allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn prescan_refuses_doctype_and_entities() {
        let l = Limits::default();
        assert!(matches!(
            prescan("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", &l),
            Err(ParseError::DoctypeRefused { .. })
        ));
        assert!(matches!(
            prescan("<x>&a;</x>", &l),
            Err(ParseError::UnknownEntity { name, .. }) if name == "a"
        ));
        assert_eq!(prescan("<x>&lt;&#65;</x>", &l).unwrap(), "x");
        assert!(prescan("<x>&#0;</x>", &l).is_err());
    }

    #[test]
    fn prescan_limits() {
        let l = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            prescan("<x>0123456789</x>", &l),
            Err(ParseError::TooLarge { .. })
        ));
        let l = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert!(prescan("<a><b/></a>", &l).is_ok());
        assert!(matches!(
            prescan("<a><b><c/></b></a>", &l),
            Err(ParseError::TooDeep { max: 2, .. })
        ));
        let l = Limits {
            max_elements: 2,
            ..Limits::default()
        };
        assert!(matches!(
            prescan("<a><b/><c/></a>", &l),
            Err(ParseError::TooManyElements { .. })
        ));
    }

    #[test]
    fn prescan_structure() {
        let l = Limits::default();
        assert!(matches!(prescan("", &l), Err(ParseError::NoRoot)));
        assert!(matches!(prescan("<!-- c -->", &l), Err(ParseError::NoRoot)));
        assert!(matches!(
            prescan("<a/><b/>", &l),
            Err(ParseError::TrailingContent { .. })
        ));
        assert!(matches!(
            prescan("<a></a>x", &l),
            Err(ParseError::TrailingContent { .. })
        ));
        assert!(prescan("<a><b></a>", &l).is_err());
        assert!(prescan("<a>", &l).is_err());
        assert_eq!(
            prescan("<?xml version=\"1.0\"?>\n<a/>\n<!-- end -->\n", &l).unwrap(),
            "a"
        );
    }
}
