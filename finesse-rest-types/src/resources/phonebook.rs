//! `PhoneBook`/`PhoneBooks` and `Contact`/`Contacts`.

use serde::{Deserialize, Serialize};

use crate::enums::PhoneBookType;
use crate::xml::resource;

/// A phone book (10 global + 300 team books, ≤ 6000 contacts each).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PhoneBook {
    /// URI (`/finesse/api/PhoneBook/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Name.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// GLOBAL or TEAM.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub book_type: Option<PhoneBookType>,
    /// URI of the contacts (`/finesse/api/PhoneBook/{id}/Contacts`).
    #[serde(rename = "contacts", default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<String>,
}
resource!(PhoneBook, "PhoneBook", "phoneBook");

/// `PhoneBooks`: a list of phone books.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PhoneBooks {
    /// The phone books.
    #[serde(rename = "PhoneBook", default)]
    pub phone_books: Vec<PhoneBook>,
}
resource!(PhoneBooks, "PhoneBooks", "phoneBooks");

/// A phone book contact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Contact {
    /// First name.
    #[serde(rename = "firstName", default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(rename = "lastName", default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Number.
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    /// Description.
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// URI (`/finesse/api/PhoneBook/{pb}/Contact/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}
resource!(Contact, "Contact", "contact");

/// `Contacts`: a list of contacts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contacts {
    /// The contacts.
    #[serde(rename = "Contact", default)]
    pub contacts: Vec<Contact>,
}
resource!(Contacts, "Contacts", "contacts");
