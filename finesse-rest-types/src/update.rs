//! The notification `Update` envelope and its wrapping inside `<notification>`.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use quick_xml::escape::partial_escape;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, Reader};

use crate::error::{EncodeError, ParseError};
use crate::node::NodePath;
use crate::resources::api_errors::ApiErrors;
use crate::resources::dialog::{Dialog, Dialogs};
use crate::resources::system_info::SystemInfo;
use crate::resources::team::{Queue, Queues, Team};
use crate::resources::user::User;
use crate::xml::{prescan, Limits, Resource};

/// The `<event>` of an [`Update`]: what happened to the resource at `source`.
///
/// Parsed case-insensitively (real error updates carry lower-case `put`), written upper
/// case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UpdateEvent {
    /// A resource was added (a dialog appeared in a user's Dialogs).
    Post,
    /// A resource changed.
    Put,
    /// A resource was removed.
    Delete,
    /// Anything else, kept as sent.
    Other(String),
}

impl UpdateEvent {
    /// Maps wire text (any case) to the event.
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("POST") {
            Self::Post
        } else if s.eq_ignore_ascii_case("PUT") {
            Self::Put
        } else if s.eq_ignore_ascii_case("DELETE") {
            Self::Delete
        } else {
            Self::Other(s.to_owned())
        }
    }

    /// The text written (upper case for the known events).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
            Self::Other(s) => s,
        }
    }
}

impl std::fmt::Display for UpdateEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an [`Update`] carries in `<data>`, selected by the data root element (either
/// case is accepted: `user` or `User`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpdateData {
    /// `<user>`: a full user (User node) or a user summary (Team users node).
    User(User),
    /// `<dialog>`: one dialog changed (event PUT).
    Dialog(Dialog),
    /// `<dialogs>`: dialogs added or removed (events POST / DELETE).
    Dialogs(Dialogs),
    /// `<team>`.
    Team(Team),
    /// `<Queue>`: queue statistics.
    Queue(Queue),
    /// `<Queues>`: queues added to or removed from a user.
    Queues(Queues),
    /// `<SystemInfo>`.
    SystemInfo(SystemInfo),
    /// `<apiErrors>`: a CTI-side failure of an earlier request.
    ApiErrors(ApiErrors),
    /// Any other data root, kept as raw XML (trimmed) so it passes through.
    Other {
        /// The data root element's name.
        root: String,
        /// The element, as received.
        xml: String,
    },
}

impl UpdateData {
    fn parse(xml: &str, limits: &Limits) -> Result<Self, ParseError> {
        let root = prescan(xml, limits)?;
        let is = |a: &str| root.eq_ignore_ascii_case(a);
        Ok(if is("user") {
            Self::User(relaxed(xml, limits)?)
        } else if is("dialog") {
            Self::Dialog(relaxed(xml, limits)?)
        } else if is("dialogs") {
            Self::Dialogs(relaxed(xml, limits)?)
        } else if is("team") {
            Self::Team(relaxed(xml, limits)?)
        } else if is("queue") {
            Self::Queue(relaxed(xml, limits)?)
        } else if is("queues") {
            Self::Queues(relaxed(xml, limits)?)
        } else if is("systeminfo") {
            Self::SystemInfo(relaxed(xml, limits)?)
        } else if is("apierrors") {
            Self::ApiErrors(relaxed(xml, limits)?)
        } else {
            Self::Other {
                root,
                xml: xml.to_owned(),
            }
        })
    }

    fn to_xml(&self) -> Result<String, EncodeError> {
        match self {
            Self::User(v) => v.to_data_xml(),
            Self::Dialog(v) => v.to_data_xml(),
            Self::Dialogs(v) => v.to_data_xml(),
            Self::Team(v) => v.to_data_xml(),
            Self::Queue(v) => v.to_data_xml(),
            Self::Queues(v) => v.to_data_xml(),
            Self::SystemInfo(v) => v.to_data_xml(),
            Self::ApiErrors(v) => v.to_data_xml(),
            Self::Other { root, xml } => match prescan(xml, &Limits::default()) {
                Ok(found) if &found == root => Ok(xml.clone()),
                _ => Err(EncodeError::Serialize {
                    root: "data",
                    reason: format!("raw data is not one well-formed <{root}> element"),
                }),
            },
        }
    }

    /// The data root element this value is written with.
    pub fn root(&self) -> &str {
        match self {
            Self::User(_) => User::DATA_ROOT,
            Self::Dialog(_) => Dialog::DATA_ROOT,
            Self::Dialogs(_) => Dialogs::DATA_ROOT,
            Self::Team(_) => Team::DATA_ROOT,
            Self::Queue(_) => Queue::DATA_ROOT,
            Self::Queues(_) => Queues::DATA_ROOT,
            Self::SystemInfo(_) => SystemInfo::DATA_ROOT,
            Self::ApiErrors(_) => ApiErrors::DATA_ROOT,
            Self::Other { root, .. } => root,
        }
    }
}

/// Parses a data element whatever the case of its root name.
fn relaxed<T: Resource>(xml: &str, limits: &Limits) -> Result<T, ParseError> {
    // `xml` already passed `prescan` with `limits`.
    let _ = limits;
    quick_xml::de::from_str(xml).map_err(|e| ParseError::Invalid {
        root: T::DATA_ROOT,
        reason: e.to_string(),
    })
}

/// A notification: `<Update><data/><event/><requestId/><source/></Update>`.
///
/// Written in the documented order `data, event, requestId, source` with the event upper
/// case and `requestId` always present (empty when unsolicited); parsed in any order with
/// the event in any case.
///
/// ```
/// use finesse_rest_types::{Update, UpdateData, UpdateEvent, User, AgentState};
/// let mut user = User::default();
/// user.state = Some(AgentState::Ready);
/// let update = Update::put("/finesse/api/User/1001", UpdateData::User(user));
/// let text = update.to_notification_text()?; // escaped character data for <notification>
/// assert!(text.starts_with("&lt;Update&gt;&lt;data&gt;&lt;user&gt;"));
/// assert_eq!(Update::from_notification_text(&text)?, update);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The new representation; `None` when absent (for example a deleted user).
    pub data: Option<UpdateData>,
    /// What happened.
    pub event: UpdateEvent,
    /// The `requestId` header of the request that caused this; `None` if unsolicited.
    pub request_id: Option<String>,
    /// The resource the update is about (`/finesse/api/User/1001`).
    pub source: String,
}

/// Namespace of `<notification>` in Finesse 12.5 (the default).
pub const NOTIFICATION_NS_PUSH: &str = "urn:xmpp:push:0";
/// Namespace of `<notification>` in Finesse 11.x samples (accepted when parsing).
pub const NOTIFICATION_NS_PUBSUB: &str = "http://jabber.org/protocol/pubsub";

/// Which namespace to write `<notification>` in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotificationNamespace {
    /// `urn:xmpp:push:0` (Finesse 12.5 captures).
    #[default]
    Push,
    /// `http://jabber.org/protocol/pubsub` (Finesse 11.x Python sample).
    PubSub,
}

impl NotificationNamespace {
    /// The namespace URI.
    pub fn uri(self) -> &'static str {
        match self {
            Self::Push => NOTIFICATION_NS_PUSH,
            Self::PubSub => NOTIFICATION_NS_PUBSUB,
        }
    }
}

impl Update {
    /// An update with event PUT, no request id.
    pub fn put(source: impl Into<String>, data: UpdateData) -> Self {
        Self {
            data: Some(data),
            event: UpdateEvent::Put,
            request_id: None,
            source: source.into(),
        }
    }

    /// An update with an explicit event.
    pub fn new(source: impl Into<String>, event: UpdateEvent, data: Option<UpdateData>) -> Self {
        Self {
            data,
            event,
            request_id: None,
            source: source.into(),
        }
    }

    /// A dialog appeared in a user's Dialogs feed: event POST, source
    /// `/finesse/api/User/{user_id}/Dialogs`, data `<dialogs><Dialog>…`. Publish on
    /// [`NodePath::user_dialogs`].
    pub fn dialog_added(user_id: &str, dialog: Dialog) -> Self {
        Self::dialogs_event(user_id, dialog, UpdateEvent::Post)
    }

    /// A dialog left a user's Dialogs feed (END_CALL): event DELETE, same source and data
    /// shape as [`Update::dialog_added`].
    pub fn dialog_removed(user_id: &str, dialog: Dialog) -> Self {
        Self::dialogs_event(user_id, dialog, UpdateEvent::Delete)
    }

    fn dialogs_event(user_id: &str, dialog: Dialog, event: UpdateEvent) -> Self {
        Self::new(
            format!("/finesse/api/User/{user_id}/Dialogs"),
            event,
            Some(UpdateData::Dialogs(Dialogs {
                dialogs: vec![dialog],
            })),
        )
    }

    /// A dialog changed: event PUT, source `/finesse/api/Dialog/{id}` (from the dialog's
    /// `id`), data `<dialog>`. Publish on the Dialogs node of each participating user.
    pub fn dialog_changed(dialog: Dialog) -> Self {
        let source = format!(
            "/finesse/api/Dialog/{}",
            dialog.id.as_deref().unwrap_or_default()
        );
        Self::put(source, UpdateData::Dialog(dialog))
    }

    /// Sets the request id echoed from the triggering request's `requestId` header.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        let id = request_id.into();
        self.request_id = if id.is_empty() { None } else { Some(id) };
        self
    }

    /// [`source`](Self::source) as a typed path.
    pub fn source_path(&self) -> NodePath {
        NodePath::parse(&self.source)
    }

    /// Parses the `<Update>` document (the *unescaped* text of `<notification>`).
    pub fn from_xml(xml: &str) -> Result<Self, ParseError> {
        Self::from_xml_with(xml, &Limits::default())
    }

    /// [`Update::from_xml`] with explicit limits.
    pub fn from_xml_with(xml: &str, limits: &Limits) -> Result<Self, ParseError> {
        let root = prescan(xml, limits)?;
        if root != "Update" {
            return Err(ParseError::UnexpectedRoot {
                expected: "Update",
                found: root,
            });
        }
        let mut reader = Reader::from_str(xml);
        let mut depth = 0usize;
        let mut data = None;
        let mut event = None;
        let mut request_id = None;
        let mut source = None;
        loop {
            let ev = reader
                .read_event()
                .map_err(|e| syntax(reader.error_position(), e))?;
            match ev {
                Event::Start(_) if depth == 0 => depth = 1,
                Event::Start(e) => {
                    let name = e.name();
                    match name.as_ref() {
                        b"data" => {
                            let span = reader
                                .read_to_end(name)
                                .map_err(|err| syntax(reader.error_position(), err))?;
                            let inner = xml
                                .get(span.start as usize..span.end as usize)
                                .unwrap_or_default()
                                .trim();
                            let value = if inner.is_empty() {
                                None
                            } else {
                                Some(UpdateData::parse(inner, limits)?)
                            };
                            set_once(&mut data, value, "data")?;
                        }
                        b"event" => {
                            let t = text_until_end(&mut reader, name.as_ref())?;
                            set_once(&mut event, t, "event")?;
                        }
                        b"requestId" => {
                            let t = text_until_end(&mut reader, name.as_ref())?;
                            set_once(&mut request_id, t, "requestId")?;
                        }
                        b"source" => {
                            let t = text_until_end(&mut reader, name.as_ref())?;
                            set_once(&mut source, t, "source")?;
                        }
                        _ => {
                            reader
                                .read_to_end(name)
                                .map_err(|err| syntax(reader.error_position(), err))?;
                        }
                    }
                }
                Event::Empty(e) if depth == 1 => match e.name().as_ref() {
                    b"data" => set_once(&mut data, None, "data")?,
                    b"event" => set_once(&mut event, String::new(), "event")?,
                    b"requestId" => set_once(&mut request_id, String::new(), "requestId")?,
                    b"source" => set_once(&mut source, String::new(), "source")?,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        let event = event.ok_or(ParseError::MissingElement {
            parent: "Update",
            child: "event",
        })?;
        let source = source.ok_or(ParseError::MissingElement {
            parent: "Update",
            child: "source",
        })?;
        Ok(Self {
            data: data.flatten(),
            event: UpdateEvent::parse(event.trim()),
            request_id: request_id.filter(|r| !r.is_empty()),
            source,
        })
    }

    /// Writes the `<Update>` document (unescaped; what a client reads as the
    /// `<notification>` element's text).
    pub fn to_xml(&self) -> Result<String, EncodeError> {
        let mut out = String::with_capacity(256);
        out.push_str("<Update>");
        if let Some(data) = &self.data {
            out.push_str("<data>");
            out.push_str(&data.to_xml()?);
            out.push_str("</data>");
        }
        out.push_str("<event>");
        out.push_str(&partial_escape(self.event.as_str()));
        out.push_str("</event><requestId>");
        if let Some(id) = &self.request_id {
            out.push_str(&partial_escape(id.as_str()));
        }
        out.push_str("</requestId><source>");
        out.push_str(&partial_escape(self.source.as_str()));
        out.push_str("</source></Update>");
        if out.chars().all(crate::xml::is_xml_char) {
            Ok(out)
        } else {
            Err(EncodeError::InvalidChar { root: "Update" })
        }
    }

    /// The `<Update>` document escaped as character data, exactly as the bytes between
    /// `<notification …>` and `</notification>` (`&lt;Update&gt;…`).
    pub fn to_notification_text(&self) -> Result<String, EncodeError> {
        Ok(partial_escape(self.to_xml()?).into_owned())
    }

    /// The whole `<notification xmlns="…">…</notification>` element, ready to be placed in
    /// a PubSub `<item>`.
    pub fn to_notification_element(
        &self,
        ns: NotificationNamespace,
    ) -> Result<String, EncodeError> {
        let text = self.to_notification_text()?;
        Ok(format!(
            "<notification xmlns=\"{}\">{text}</notification>",
            ns.uri()
        ))
    }

    /// Parses the escaped character data of a `<notification>` (`&lt;Update&gt;…`, the
    /// raw bytes between the tags). Surrounding whitespace is ignored.
    pub fn from_notification_text(escaped: &str) -> Result<Self, ParseError> {
        let limits = Limits::default();
        if escaped.len() > limits.max_bytes {
            return Err(ParseError::TooLarge {
                len: escaped.len(),
                max: limits.max_bytes,
            });
        }
        let text = quick_xml::escape::unescape(escaped).map_err(|e| syntax(0, e))?;
        Self::from_xml_with(text.trim(), &limits)
    }

    /// Parses a whole `<notification>` element in either accepted namespace. The payload
    /// may be escaped text (what Finesse sends) or, leniently, an `<Update>` child element.
    pub fn from_notification_element(xml: &str) -> Result<Self, ParseError> {
        Self::from_notification_element_with(xml, &Limits::default())
    }

    /// [`Update::from_notification_element`] with explicit limits.
    pub fn from_notification_element_with(xml: &str, limits: &Limits) -> Result<Self, ParseError> {
        let root = prescan(xml, limits)?;
        let local = root.rsplit(':').next().unwrap_or_default();
        if local != "notification" {
            return Err(ParseError::UnexpectedRoot {
                expected: "notification",
                found: root,
            });
        }
        let mut reader = NsReader::from_str(xml);
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            let pos = reader.buffer_position();
            let (ns_check, ev) = match reader.read_resolved_event() {
                Ok((ns, ev)) => (check_ns(&ns), ev),
                Err(e) => return Err(syntax(pos, e)),
            };
            match ev {
                Event::Empty(_) if depth == 0 => {
                    ns_check?;
                    return Err(ParseError::MissingElement {
                        parent: "notification",
                        child: "Update",
                    });
                }
                Event::Start(_) if depth == 0 => {
                    ns_check?;
                    depth = 1;
                }
                Event::Start(e) => {
                    if e.local_name().as_ref() == b"Update" {
                        let start = reader.buffer_position() as usize;
                        let head = xml
                            .get(..start)
                            .and_then(|h| h.rfind('<'))
                            .unwrap_or_default();
                        let span = reader
                            .read_to_end(e.name())
                            .map_err(|err| syntax(reader.error_position(), err))?;
                        let end = span.end as usize;
                        let tail = xml
                            .get(end..)
                            .and_then(|t| t.find('>'))
                            .map_or(end, |i| end + i + 1);
                        let element = xml.get(head..tail).unwrap_or_default();
                        return Self::from_xml_with(element, limits);
                    }
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| syntax(reader.error_position(), err))?;
                }
                Event::Text(t) => {
                    let s = t
                        .decode()
                        .map_err(|e| syntax(reader.buffer_position(), e))?;
                    text.push_str(&s);
                }
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        text.push(c);
                    } else {
                        let name = r
                            .decode()
                            .map_err(|e| syntax(reader.buffer_position(), e))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => text.push_str(s),
                            None => {
                                return Err(ParseError::UnknownEntity {
                                    name: name.into_owned(),
                                    offset: reader.buffer_position(),
                                })
                            }
                        }
                    }
                }
                Event::CData(c) => {
                    let s = c
                        .decode()
                        .map_err(|e| syntax(reader.buffer_position(), e))?;
                    text.push_str(&s);
                }
                Event::End(_) | Event::Eof => break,
                _ => {}
            }
        }
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(ParseError::MissingElement {
                parent: "notification",
                child: "Update",
            });
        }
        Self::from_xml_with(trimmed, limits)
    }
}

fn check_ns(ns: &ResolveResult<'_>) -> Result<(), ParseError> {
    match ns {
        ResolveResult::Bound(Namespace(uri))
            if *uri == NOTIFICATION_NS_PUSH.as_bytes()
                || *uri == NOTIFICATION_NS_PUBSUB.as_bytes() =>
        {
            Ok(())
        }
        ResolveResult::Bound(Namespace(uri)) => Err(ParseError::UnexpectedNamespace(
            String::from_utf8_lossy(uri).into_owned(),
        )),
        _ => Err(ParseError::UnexpectedNamespace(String::new())),
    }
}

fn syntax(offset: u64, e: impl std::fmt::Display) -> ParseError {
    ParseError::Syntax {
        offset,
        reason: e.to_string(),
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), ParseError> {
    if slot.is_some() {
        return Err(ParseError::Invalid {
            root: "Update",
            reason: format!("duplicate <{name}>"),
        });
    }
    *slot = Some(value);
    Ok(())
}

/// Collects the text of a simple element whose start tag was just read.
fn text_until_end(reader: &mut Reader<&[u8]>, name: &[u8]) -> Result<String, ParseError> {
    let mut out = String::new();
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), e))?;
        match ev {
            Event::Text(t) => out.push_str(
                &t.decode()
                    .map_err(|e| syntax(reader.buffer_position(), e))?,
            ),
            Event::CData(c) => out.push_str(
                &c.decode()
                    .map_err(|e| syntax(reader.buffer_position(), e))?,
            ),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    let n = r
                        .decode()
                        .map_err(|e| syntax(reader.buffer_position(), e))?;
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&n) {
                        out.push_str(s);
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == name => return Ok(out),
            Event::Start(_) | Event::Empty(_) => {
                return Err(ParseError::Invalid {
                    root: "Update",
                    reason: format!("<{}> must hold text only", String::from_utf8_lossy(name)),
                })
            }
            Event::Eof => return Err(syntax(reader.buffer_position(), "unexpected end")),
            _ => {}
        }
    }
}
