//! XEP-0004 data forms: as much as node configuration and subscription options need.

use crate::codec::conditions::name_enum;
use crate::codec::element::Element;
use crate::codec::ns;
use crate::codec::payload::{check, PayloadError};

/// Most fields accepted in one form.
pub const MAX_FORM_FIELDS: usize = 64;
/// Most values accepted in one field.
pub const MAX_FIELD_VALUES: usize = 64;

name_enum! {
    /// The `type` of a form.
    FormType {
        /// cancel
        Cancel => "cancel",
        /// form
        Form => "form",
        /// result
        Result => "result",
        /// submit
        Submit => "submit",
    }
}

name_enum! {
    /// The `type` of a field.
    FieldType {
        /// boolean
        Boolean => "boolean",
        /// fixed
        Fixed => "fixed",
        /// hidden
        Hidden => "hidden",
        /// jid-multi
        JidMulti => "jid-multi",
        /// jid-single
        JidSingle => "jid-single",
        /// list-multi
        ListMulti => "list-multi",
        /// list-single
        ListSingle => "list-single",
        /// text-multi
        TextMulti => "text-multi",
        /// text-private
        TextPrivate => "text-private",
        /// text-single
        TextSingle => "text-single",
    }
}

/// One `<field/>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Field {
    /// `var`.
    pub var: Option<String>,
    /// `type`.
    pub field_type: Option<FieldType>,
    /// `label`.
    pub label: Option<String>,
    /// `<value/>`s.
    pub values: Vec<String>,
    /// `<option><value/></option>`s (values only).
    pub options: Vec<String>,
}

impl Field {
    /// A field with one value.
    pub fn new(var: &str, field_type: Option<FieldType>, value: impl Into<String>) -> Field {
        Field {
            var: Some(var.to_owned()),
            field_type,
            values: vec![value.into()],
            ..Field::default()
        }
    }

    /// The first value.
    pub fn value(&self) -> Option<&str> {
        self.values.first().map(String::as_str)
    }
}

/// An `<x xmlns='jabber:x:data'/>` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataForm {
    /// `type`.
    pub form_type: FormType,
    /// `<title/>`.
    pub title: Option<String>,
    /// The fields, in order.
    pub fields: Vec<Field>,
}

impl DataForm {
    /// An empty form of a type, with a hidden `FORM_TYPE` field when `form_ns` is given.
    pub fn new(form_type: FormType, form_ns: Option<&str>) -> DataForm {
        let mut f = DataForm {
            form_type,
            title: None,
            fields: Vec::new(),
        };
        if let Some(ns) = form_ns {
            f.fields
                .push(Field::new("FORM_TYPE", Some(FieldType::Hidden), ns));
        }
        f
    }

    /// The value of the hidden `FORM_TYPE` field.
    pub fn form_ns(&self) -> Option<&str> {
        self.field("FORM_TYPE").and_then(Field::value)
    }

    /// The field named `var`.
    pub fn field(&self, var: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.var.as_deref() == Some(var))
    }

    /// Reads an `<x/>` element.
    pub fn from_element(el: &Element) -> Result<DataForm, PayloadError> {
        check(el, "x", ns::DATA_FORMS)?;
        let ty = el.get_attr("type").ok_or(PayloadError::Missing {
            element: "x",
            what: "type",
        })?;
        let form_type = FormType::from_name(ty).ok_or_else(|| PayloadError::Invalid {
            element: "x",
            what: "type",
            value: ty.to_owned(),
        })?;
        let mut form = DataForm {
            form_type,
            title: el
                .get_child("title", ns::DATA_FORMS)
                .map(Element::text_content),
            fields: Vec::new(),
        };
        for f in el.children().filter(|c| c.is("field", ns::DATA_FORMS)) {
            if form.fields.len() >= MAX_FORM_FIELDS {
                return Err(PayloadError::Invalid {
                    element: "x",
                    what: "field count",
                    value: format!("more than {MAX_FORM_FIELDS}"),
                });
            }
            let field_type = match f.get_attr("type") {
                None => None,
                Some(t) => Some(
                    FieldType::from_name(t).ok_or_else(|| PayloadError::Invalid {
                        element: "field",
                        what: "type",
                        value: t.to_owned(),
                    })?,
                ),
            };
            let values: Vec<String> = f
                .children()
                .filter(|c| c.is("value", ns::DATA_FORMS))
                .map(Element::text_content)
                .collect();
            let options: Vec<String> = f
                .children()
                .filter(|c| c.is("option", ns::DATA_FORMS))
                .filter_map(|o| o.get_child("value", ns::DATA_FORMS))
                .map(Element::text_content)
                .collect();
            if values.len() > MAX_FIELD_VALUES || options.len() > MAX_FIELD_VALUES {
                return Err(PayloadError::Invalid {
                    element: "field",
                    what: "value count",
                    value: format!("more than {MAX_FIELD_VALUES}"),
                });
            }
            form.fields.push(Field {
                var: f.get_attr("var").map(str::to_owned),
                field_type,
                label: f.get_attr("label").map(str::to_owned),
                values,
                options,
            });
        }
        Ok(form)
    }

    /// The element.
    pub fn to_element(&self) -> Element {
        let mut el = Element::new("x", ns::DATA_FORMS).attr("type", self.form_type.as_str());
        if let Some(t) = &self.title {
            el.push_child(Element::new("title", ns::DATA_FORMS).text(t.clone()));
        }
        for f in &self.fields {
            let mut fe = Element::new("field", ns::DATA_FORMS)
                .attr_opt("var", f.var.clone())
                .attr_opt("type", f.field_type.map(|t| t.as_str()))
                .attr_opt("label", f.label.clone());
            for o in &f.options {
                fe.push_child(
                    Element::new("option", ns::DATA_FORMS)
                        .child(Element::new("value", ns::DATA_FORMS).text(o.clone())),
                );
            }
            for v in &f.values {
                fe.push_child(Element::new("value", ns::DATA_FORMS).text(v.clone()));
            }
            el.push_child(fe);
        }
        el
    }
}
