//! `returnedTags`: which elements a get/list response carries.

use std::fmt;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The tags a `get*`/`list*` request asks for, in request order, each with the nested tags
/// asked for inside it. As on CUCM, a nested structure comes back with only the child tags
/// that were listed inside it (empty when none were).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReturnedTags(Vec<Tag>);

/// One requested tag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tag {
    /// Element name, e.g. `firstName`.
    pub name: String,
    /// Tags requested inside it.
    pub children: ReturnedTags,
}

impl ReturnedTags {
    /// No tags.
    #[must_use]
    pub fn new() -> Self {
        ReturnedTags(Vec::new())
    }

    /// Flat tags from names: `ReturnedTags::of(["userid", "firstName"])`.
    #[must_use]
    pub fn of<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ReturnedTags(
            names
                .into_iter()
                .map(|n| Tag {
                    name: n.into(),
                    children: ReturnedTags::new(),
                })
                .collect(),
        )
    }

    /// Adds a tag with nested tags.
    #[must_use]
    pub fn with_nested(mut self, name: impl Into<String>, children: ReturnedTags) -> Self {
        self.0.push(Tag {
            name: name.into(),
            children,
        });
        self
    }

    /// The nested tags of `name`, if `name` was requested.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&ReturnedTags> {
        self.0.iter().find(|t| t.name == name).map(|t| &t.children)
    }

    /// Was `name` requested?
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The requested tags.
    #[must_use]
    pub fn tags(&self) -> &[Tag] {
        &self.0
    }

    /// No tag requested.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for ReturnedTags {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for tag in &self.0 {
            if tag.children.is_empty() {
                map.serialize_entry(&tag.name, "")?;
            } else {
                map.serialize_entry(&tag.name, &tag.children)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ReturnedTags {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagsVisitor;
        impl<'de> Visitor<'de> for TagsVisitor {
            type Value = ReturnedTags;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of tag elements")
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(ReturnedTags::new())
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ReturnedTags::new())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut tags = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key.starts_with('@') || key.starts_with('$') {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                    let children = map.next_value::<ReturnedTags>()?;
                    tags.push(Tag {
                        name: key,
                        children,
                    });
                }
                Ok(ReturnedTags(tags))
            }
        }
        deserializer.deserialize_map(TagsVisitor)
    }
}

/// Drops the parts of a value that `returnedTags` did not ask for.
pub trait TagFilter {
    /// Keeps only what `tags` names (recursively for nested structures).
    fn filter(&mut self, tags: &ReturnedTags);
}

macro_rules! leaf_filter {
    ($($t:ty),*) => {$(
        impl TagFilter for $t {
            fn filter(&mut self, _: &ReturnedTags) {}
        }
    )*};
}
leaf_filter!(String, bool, i64, u64, u32);

impl<T: TagFilter> TagFilter for Vec<T> {
    fn filter(&mut self, tags: &ReturnedTags) {
        for item in self {
            item.filter(tags);
        }
    }
}

/// Defines an AXL record: a struct of optional, unqualified child elements in XSD order
/// (optionally with a `uuid` attribute), with serde in both directions and a
/// [`TagFilter`] that honours `returnedTags`.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $([$uuid:ident])? {
            $( $(#[$fmeta:meta])* $xml:literal => $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $(
                /// The `uuid` attribute (`{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`).
                #[serde(rename = "@uuid", default, skip_serializing_if = "Option::is_none")]
                pub $uuid: Option<String>,
            )?
            $(
                $(#[$fmeta])*
                #[doc = concat!("The `", $xml, "` element.")]
                #[serde(rename = $xml, default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        impl $crate::axl::tags::TagFilter for $name {
            fn filter(&mut self, tags: &$crate::axl::tags::ReturnedTags) {
                $(
                    match tags.get($xml) {
                        Some(sub) => {
                            if let Some(v) = self.$field.as_mut() {
                                $crate::axl::tags::TagFilter::filter(v, sub);
                            }
                        }
                        None => self.$field = None,
                    }
                )*
            }
        }
    };
}
pub(crate) use record;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_xml() {
        let tags = ReturnedTags::of(["firstName", "lastName"])
            .with_nested("primaryExtension", ReturnedTags::of(["pattern"]));
        let xml = quick_xml::se::to_string_with_root("returnedTags", &tags).unwrap();
        assert_eq!(
            xml,
            "<returnedTags><firstName/><lastName/><primaryExtension><pattern/></primaryExtension></returnedTags>"
        );
        let back: ReturnedTags = quick_xml::de::from_str(&xml).unwrap();
        assert_eq!(back, tags);
        let zeep: ReturnedTags = quick_xml::de::from_str(
            "<returnedTags><firstName></firstName><userid></userid></returnedTags>",
        )
        .unwrap();
        assert_eq!(zeep, ReturnedTags::of(["firstName", "userid"]));
    }
}
