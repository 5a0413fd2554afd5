//! XEP-0030 service discovery: disco#info and disco#items.

use crate::codec::data_form::DataForm;
use crate::codec::element::Element;
use crate::codec::jid::Jid;
use crate::codec::ns;
use crate::codec::payload::{check, req_attr, req_jid, PayloadError};

/// Most identities, features or items read from one disco result.
pub const MAX_DISCO_ENTRIES: usize = 4096;

/// One `<identity/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `category` (e.g. `pubsub`, `server`).
    pub category: String,
    /// `type` (e.g. `service`, `leaf`, `im`).
    pub kind: String,
    /// `name`.
    pub name: Option<String>,
}

impl Identity {
    /// An identity without a name.
    pub fn new(category: &str, kind: &str) -> Identity {
        Identity {
            category: category.to_owned(),
            kind: kind.to_owned(),
            name: None,
        }
    }
}

/// A disco#info query (request: empty; result: identities, features, extension forms).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiscoInfo {
    /// `node`.
    pub node: Option<String>,
    /// Identities.
    pub identities: Vec<Identity>,
    /// Feature vars.
    pub features: Vec<String>,
    /// XEP-0128 extension forms (e.g. `pubsub#meta-data`).
    pub forms: Vec<DataForm>,
}

impl DiscoInfo {
    /// Reads a disco#info `<query/>`.
    pub fn from_element(el: &Element) -> Result<DiscoInfo, PayloadError> {
        check(el, "query", ns::DISCO_INFO)?;
        let mut d = DiscoInfo {
            node: el.get_attr("node").map(str::to_owned),
            ..DiscoInfo::default()
        };
        for (i, c) in el.children().enumerate() {
            if i >= MAX_DISCO_ENTRIES {
                return Err(PayloadError::Invalid {
                    element: "query",
                    what: "entry count",
                    value: i.to_string(),
                });
            }
            if c.is("identity", ns::DISCO_INFO) {
                d.identities.push(Identity {
                    category: req_attr(c, "identity", "category")?.to_owned(),
                    kind: req_attr(c, "identity", "type")?.to_owned(),
                    name: c.get_attr("name").map(str::to_owned),
                });
            } else if c.is("feature", ns::DISCO_INFO) {
                d.features.push(req_attr(c, "feature", "var")?.to_owned());
            } else if c.is("x", ns::DATA_FORMS) {
                d.forms.push(DataForm::from_element(c)?);
            }
        }
        Ok(d)
    }

    /// The element.
    pub fn to_element(&self) -> Element {
        let mut el = Element::new("query", ns::DISCO_INFO).attr_opt("node", self.node.clone());
        for i in &self.identities {
            el.push_child(
                Element::new("identity", ns::DISCO_INFO)
                    .attr("category", i.category.clone())
                    .attr("type", i.kind.clone())
                    .attr_opt("name", i.name.clone()),
            );
        }
        for f in &self.features {
            el.push_child(Element::new("feature", ns::DISCO_INFO).attr("var", f.clone()));
        }
        for f in &self.forms {
            el.push_child(f.to_element());
        }
        el
    }
}

/// One disco `<item/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoItem {
    /// `jid`.
    pub jid: Jid,
    /// `node`.
    pub node: Option<String>,
    /// `name`.
    pub name: Option<String>,
}

/// A disco#items query (request: empty; result: items).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiscoItems {
    /// `node`.
    pub node: Option<String>,
    /// Items.
    pub items: Vec<DiscoItem>,
}

impl DiscoItems {
    /// Reads a disco#items `<query/>`.
    pub fn from_element(el: &Element) -> Result<DiscoItems, PayloadError> {
        check(el, "query", ns::DISCO_ITEMS)?;
        let mut d = DiscoItems {
            node: el.get_attr("node").map(str::to_owned),
            items: Vec::new(),
        };
        for c in el.children().filter(|c| c.is("item", ns::DISCO_ITEMS)) {
            if d.items.len() >= MAX_DISCO_ENTRIES {
                return Err(PayloadError::Invalid {
                    element: "query",
                    what: "item count",
                    value: d.items.len().to_string(),
                });
            }
            d.items.push(DiscoItem {
                jid: req_jid(c, "item", "jid")?,
                node: c.get_attr("node").map(str::to_owned),
                name: c.get_attr("name").map(str::to_owned),
            });
        }
        Ok(d)
    }

    /// The element.
    pub fn to_element(&self) -> Element {
        let mut el = Element::new("query", ns::DISCO_ITEMS).attr_opt("node", self.node.clone());
        for i in &self.items {
            el.push_child(
                Element::new("item", ns::DISCO_ITEMS)
                    .attr("jid", i.jid.as_str())
                    .attr_opt("node", i.node.clone())
                    .attr_opt("name", i.name.clone()),
            );
        }
        el
    }
}
