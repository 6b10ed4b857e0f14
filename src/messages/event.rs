//! What the shell observes, as one versioned enum.
//!
//! The shell reports facts and decides nothing. Every event arrives as JSON
//! text (or a JS value turned into JSON at the boundary) of the form
//! `{"v": 1, "type": "<variant>", ...fields}`; the version is checked before
//! the variant is parsed so that a newer shell gets `UnsupportedVersion`, not
//! a confusing field error. The text is parsed once into a `Value`, and the
//! variant read from its members by hand (`messages::read`); a member the
//! variant does not have is refused. Written (`Event::to_json`, the HAR
//! converter's output), an event is serde's externally tagged form turned
//! back into the shell's.

use serde::Serialize;

use crate::messages::error::{Error, ErrorKind, Result};
use crate::messages::read::{self, read_fields, read_names, read_struct, FromJson};
use crate::messages::vocabulary::Cap;
pub use crate::messages::vocabulary::{DataKind, FieldKind};
use crate::state::limits::Limits;

/// The event schema this core speaks.
pub const SCHEMA_VERSION: u64 = 1;

/// Milliseconds since the Unix epoch, as the shell's `Date.now()` gives them.
pub type Millis = f64;

/// A browser tab id (`-1` for requests outside any tab, as the browser says).
pub type TabId = i64;

/// One observation from the shell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Event {
    /// The full list of installed extensions (`management.getAll()`),
    /// replacing what the engine knew.
    #[serde(rename_all = "camelCase")]
    ExtensionInventory {
        time: Millis,
        /// Vigie's own id, so that Vigie never reports itself.
        self_id: Option<String>,
        extensions: Vec<ExtensionInfo>,
    },
    /// One extension was installed, removed, enabled or disabled.
    #[serde(rename_all = "camelCase")]
    ExtensionChanged {
        time: Millis,
        change: ExtensionChange,
        extension: ExtensionInfo,
    },
    /// A tab committed a top-level navigation (including history API changes).
    #[serde(rename_all = "camelCase")]
    Navigation {
        time: Millis,
        tab_id: TabId,
        url: String,
        /// `history` for a URL change by the page's script (history API);
        /// `unreported` for a page a tab's report came from whose commit the
        /// browser never reported (nothing when the tab is already on that
        /// document, its query and fragment aside; else an unknown transition, and
        /// never `unrequested`); otherwise the browser's transition type
        /// (`webNavigation`: `link`, `typed`, `auto_bookmark`, `reload`,
        /// `generated`, …), or absent.
        transition: Option<String>,
        /// The browser's transition qualifiers (`from_address_bar`,
        /// `forward_back`, `client_redirect`, `server_redirect`).
        qualifiers: Vec<String>,
        /// A page of a tab that no person opened: created without an opener
        /// or a link from a page, its first page committed as a `link`
        /// (typing, bookmarks and reloads commit otherwise); on a modelled
        /// site, also each later `link` the tab is moved to until the person
        /// clicks in it or asks for a page there.
        unrequested: bool,
    },
    /// A request the browser saw leave a tab (`webRequest`), the network
    /// ground truth a page cannot forge.
    #[serde(rename_all = "camelCase")]
    Request {
        time: Millis,
        tab_id: TabId,
        url: String,
        method: String,
        /// `xmlhttprequest`, `ping`, `main_frame`, `image`, …
        resource_type: Option<String>,
        /// A few request headers Vigie reads (`csrf-token`, `x-li-track`, …).
        headers: Vec<Header>,
        /// The body as text, already capped by the shell: form fields
        /// (`requestBody.formData`) written as URL-encoded text.
        body: Option<String>,
        /// The raw body bytes (`requestBody.raw`), standard base64, cut by
        /// the shell at `maxBodyBytes` of raw bytes before encoding. Never
        /// set together with `body`. The core decodes it (gzip, zlib, …).
        body_base64: Option<String>,
        body_truncated: bool,
        /// The browser kept all or part of the body from extensions:
        /// Chromium gives a body sent as a `Blob` as an error, without its
        /// bytes, and a `FormData` holding blobs as the bytes around them
        /// (in `body_base64`); Firefox gives such a form by its fields, the
        /// blobs by name only (in `body`). What was given is searched.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        body_unread: bool,
        /// The body in `body_base64` is one the browser kept from
        /// extensions in whole or in part (a `Blob`, or a `FormData`
        /// holding one, written whole as `multipart/form-data`), read by
        /// Vigie's hooks in the page as it was handed to the browser: the
        /// page's world could have steered what was read, so a value found
        /// only there is a claim.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        body_from_page: bool,
        /// Not one request but messages a page's script sent over the open
        /// WebSocket to `url` (that many, one a part of a
        /// `multipart/form-data` body in `body_base64`): read by Vigie's
        /// hooks as they were handed to the browser, which shows extensions
        /// a WebSocket's handshake only (`body_from_page`), or taken from a
        /// capture's record of the socket (a HAR's `_webSocketMessages`).
        /// No new connection, and only the body is theirs.
        #[serde(skip_serializing_if = "is_zero_u32")]
        socket_messages: u32,
        /// The frame that made it (`0`: the tab's top document; `-1` or
        /// absent for workers and requests the browser ties to no frame).
        frame_id: Option<i64>,
        /// The origin of the document that made it, as the browser reports
        /// it (Chromium's `initiator`, the origin of Firefox's
        /// `documentUrl`): a page being left sends its last batch after the
        /// tab has committed the next one.
        origin: Option<String>,
        /// Made by a document the browser says is going away (Chromium's
        /// `documentLifecycle`: `pending_deletion`, or `cached` as it enters
        /// the back/forward cache): its `pagehide` batch. Its page's hooks
        /// report no call records any more.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        unloading: bool,
    },
    /// The address of the server that answered a request of a tab
    /// (`webRequest`'s `ip`, reported when the response starts). Only the
    /// country it is registered in is kept; the address itself goes
    /// nowhere.
    #[serde(rename_all = "camelCase")]
    ServerAddress {
        time: Millis,
        tab_id: TabId,
        url: String,
        ip: String,
    },
    /// A trusted click (`isTrusted`) in a page, on a link or button.
    #[serde(rename_all = "camelCase")]
    Gesture {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        href: Option<String>,
        text: Option<String>,
    },
    /// Contact data visible in a page of a profile site.
    #[serde(rename_all = "camelCase")]
    PageContact {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        values: Vec<ContactValue>,
    },
    /// The site's answer to a contact lookup that the page's own scripts
    /// made (LinkedIn's contact-info query when the person opens "Contact
    /// info"), read by the main-world hooks from a copy of the response
    /// before any page code could touch it. A claim of the page's world:
    /// the contact values it holds are marked so wherever they are used.
    /// Held in memory only, never in a snapshot.
    #[serde(rename_all = "camelCase")]
    ContactResponse {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        /// The request the answer is to.
        url: String,
        /// The answer's text (JSON), as far as `maxBodyBytes`.
        body: String,
        /// The hooks stopped reading at `maxBodyBytes`: the body is not whole.
        truncated: bool,
    },
    /// A report of the main-world hooks, relayed by the isolated world: a
    /// claim a page could forge, never proof on its own.
    #[serde(rename_all = "camelCase")]
    MainWorld {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        report: MainWorldReport,
    },
    /// The isolated world refused messages claiming to come from the hooks.
    #[serde(rename_all = "camelCase")]
    BridgeDrop {
        time: Millis,
        tab_id: TabId,
        reason: String,
        count: u32,
    },
    /// The page names the member a profile shows in another form: a member
    /// URN or id beside the vanity slug (LinkedIn's hydration data). A claim
    /// of the page, used only to count one member once.
    #[serde(rename_all = "camelCase")]
    MemberIdentity {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        /// `urn:li:fsd_profile:ACoAA…` or the bare member id.
        member: String,
        /// The vanity slug (`/in/<slug>/`).
        slug: String,
    },
    /// A value typed into a form field of a page (on `input`/`change`, not
    /// per keystroke), reported by the isolated-world observer. Held in
    /// memory only, never in a snapshot.
    #[serde(rename_all = "camelCase")]
    FormInput {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        /// The URL of the frame the form is in, when it is not the top frame.
        frame_url: Option<String>,
        field: FieldKind,
        value: String,
        /// The form's `id` or `name`, when it has one.
        form_id: Option<String>,
        /// The form was submitted (the value left with the person's consent).
        submitted: bool,
        /// Where the submitted form is sent (its resolved action URL): the
        /// destination the person chose for the value.
        form_action: Option<String>,
    },
    /// The values the person asked Vigie to watch on every site (their own
    /// e-mails, phones, name, other strings), the full set replacing the
    /// previous one. Held in memory only: never in a snapshot, never in a
    /// finding in clear.
    #[serde(rename_all = "camelCase")]
    WatchedValues {
        time: Millis,
        values: Vec<ContactValue>,
    },
    /// A tab was closed.
    #[serde(rename_all = "camelCase")]
    TabClosed { time: Millis, tab_id: TabId },
    /// The page observer in a tab stopped reporting at its per-page cap.
    #[serde(rename_all = "camelCase")]
    ObserverCapReached {
        time: Millis,
        tab_id: TabId,
        limit: u32,
    },
    /// A DOM node in a page references a resource of an extension
    /// (`chrome-extension://<id>/…` or `moz-extension://<uuid>/…`).
    #[serde(rename_all = "camelCase")]
    DomInjection {
        time: Millis,
        tab_id: TabId,
        /// The tab's top-level URL, from the browser (`sender.tab.url`).
        page_url: String,
        /// The URL of the frame the node is in, when it is not the top frame.
        frame_url: Option<String>,
        /// The extension URL found on the node.
        resource_url: String,
        /// The element's tag name, lower case (`iframe`, `img`, `link`, …).
        element: String,
        /// Where the URL was found: `src`, `href`, `style`, `srcdoc`, `text`, …
        attribute: String,
        /// The node sits inside a shadow root.
        in_shadow_root: bool,
        /// Whether the page could load the resource (the observer tries):
        /// a page can write any extension's URL, but it cannot load another
        /// extension's resources unless that extension exposes them.
        /// `None` when not checked.
        loaded: Option<bool>,
    },
}

/// What `management` says about one extension. Only the fields Vigie uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionInfo {
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub enabled: bool,
    /// `normal`, `development`, `sideload`, `admin`, `other`.
    pub install_type: Option<String>,
    /// `extension`, `theme`, … (themes are ignored).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub permissions: Vec<String>,
    pub host_permissions: Vec<String>,
    /// Where the extension updates from (`updateUrl`), when the browser says:
    /// elsewhere than a store means outside the store's review.
    pub update_url: Option<String>,
}

read_struct!(ExtensionInfo {
    id: "id",
    name: "name",
    version: "version",
    enabled: or(enabled_by_default) "enabled",
    install_type: "installType",
    kind: "type",
    permissions: default "permissions",
    host_permissions: default "hostPermissions",
    update_url: "updateUrl",
});

fn enabled_by_default() -> bool {
    true
}

/// One request header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

read_struct!(Header {
    name: "name",
    value: "value",
});

/// One piece of contact data seen in a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactValue {
    pub kind: DataKind,
    pub value: String,
}

read_struct!(ContactValue {
    kind: "kind",
    value: "value",
});

/// What the main-world hooks report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// Written as serde's internally tagged form.
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum MainWorldReport {
    /// The hooks are installed and the bridge is open in this page: from
    /// now on, a request with no call record did not come from the page's
    /// own scripts — unless `late`: the shell put the hooks into a page
    /// already running (a tab open before Vigie was installed, updated or
    /// started), whose scripts may hold natives taken before the hooks and
    /// run workers started before them, so a missing record proves nothing
    /// there.
    Ready {
        #[serde(default, skip_serializing_if = "is_false")]
        late: bool,
    },
    /// The page started a dedicated worker (reported once per page). The
    /// worker's requests reach the browser as the page's own, and no hook
    /// runs in it: from now on a missing call record proves nothing.
    Worker,
    /// A call of a network API, with the script URLs on the calling stack,
    /// innermost first.
    #[serde(rename_all = "camelCase")]
    Call {
        api: String,
        url: String,
        method: Option<String>,
        stack: Vec<String>,
    },
    /// A network native replaced by a script (`by`, when known).
    #[serde(rename_all = "camelCase")]
    NativeReplaced {
        api: String,
        by: Option<String>,
        when: Option<String>,
    },
    /// A script read the `value` of an e-mail, phone, name or password
    /// field (the hook on `HTMLInputElement.prototype.value`), reported once
    /// per field kind and calling script per page; `stack` innermost first.
    #[serde(rename_all = "camelCase")]
    FieldRead {
        field: FieldKind,
        stack: Vec<String>,
    },
}

/// Read in one pass over every kind's members; a member that is not one of
/// its kind's is refused, as an unknown one is.
impl FromJson for MainWorldReport {
    fn from_json(v: &serde_json::Value) -> read::Read<MainWorldReport> {
        let m = read::object(v)?;
        let kind = read::tag(m, "kind")?;
        let allowed: &[&str] = match kind {
            "ready" => &["kind", "late"],
            "worker" => &["kind"],
            "call" => &["kind", "api", "url", "method", "stack"],
            "nativeReplaced" => &["kind", "api", "by", "when"],
            "fieldRead" => &["kind", "field", "stack"],
            other => return Err(read::unknown_variant(other)),
        };
        if let Some(name) = m.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(read::ReadError::new(format!(
                "unknown field `{name}` in a `{kind}` report"
            )));
        }
        // A member the kind must have, and says it is missing from.
        fn required<T: FromJson>(
            m: &serde_json::Map<String, serde_json::Value>,
            name: &str,
            kind: &str,
        ) -> read::Read<T> {
            match m.get(name) {
                Some(v) => T::from_json(v).map_err(|e| e.within(name)),
                None => Err(read::ReadError::new(format!(
                    "missing field `{name}` in a `{kind}` report"
                ))),
            }
        }
        Ok(match kind {
            "ready" => MainWorldReport::Ready {
                late: read::field_or(m, "late", || false)?,
            },
            "worker" => MainWorldReport::Worker,
            "call" => MainWorldReport::Call {
                api: required(m, "api", kind)?,
                url: required(m, "url", kind)?,
                method: read::field(m, "method")?,
                stack: read::field_or(m, "stack", Vec::new)?,
            },
            "nativeReplaced" => MainWorldReport::NativeReplaced {
                api: required(m, "api", kind)?,
                by: read::field(m, "by")?,
                when: read::field(m, "when")?,
            },
            _ => MainWorldReport::FieldRead {
                field: required(m, "field", kind)?,
                stack: read::field_or(m, "stack", Vec::new)?,
            },
        })
    }
}

/// The kinds of inventory change the browser reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExtensionChange {
    Installed,
    Uninstalled,
    Enabled,
    Disabled,
}

read_names!(ExtensionChange {
    Installed = "installed",
    Uninstalled = "uninstalled",
    Enabled = "enabled",
    Disabled = "disabled",
});

impl Event {
    /// Parses and validates one event from JSON text. Fields and lists over
    /// their caps are cut short ([`Event::from_json_capped`] says which).
    ///
    /// ```
    /// use vigie::{Event, Limits};
    /// let e = Event::from_json(r#"{"v":1,"type":"tabClosed","time":1,"tabId":7}"#, &Limits::default()).unwrap();
    /// assert_eq!(e, Event::TabClosed { time: 1.0, tab_id: 7 });
    /// ```
    pub fn from_json(text: &str, limits: &Limits) -> Result<Event> {
        Event::from_json_capped(text, limits).map(|capped| capped.event)
    }

    /// Parses and validates one event from JSON text, and says which caps cut
    /// part of it short. Only an event over `maxEventBytes`, or one that is
    /// not a valid event, is refused: an over-long field is truncated (at a
    /// character boundary) and an over-long list keeps its first entries, so
    /// that one huge URL or permission list cannot hide the rest of a report.
    ///
    /// ```
    /// use vigie::{Event, Limits};
    /// // The 21st byte is inside the `é`: the URL is cut before it.
    /// let limits = Limits { max_field_bytes: 21, ..Limits::default() };
    /// let text = r#"{"v":1,"type":"navigation","time":1,"tabId":7,"url":"https://example.org/é/long/path"}"#;
    /// let capped = Event::from_json_capped(text, &limits).unwrap();
    /// let Event::Navigation { url, .. } = &capped.event else { unreachable!() };
    /// assert_eq!(url, "https://example.org/");
    /// assert_eq!(capped.truncated[0].what.as_str(), "fieldBytes");
    /// ```
    pub fn from_json_capped(text: &str, limits: &Limits) -> Result<Capped> {
        if text.len() > limits.max_event_bytes {
            return Err(Error::new(
                ErrorKind::EventTooLarge,
                format!(
                    "event is {} bytes, the cap is {}",
                    text.len(),
                    limits.max_event_bytes
                ),
            ));
        }
        let members: read::Members = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorKind::MalformedEvent, format!("not JSON: {e}")))?;
        Event::from_members(members, limits)
    }

    /// Validates an already-parsed JSON value (fields over their caps cut short).
    pub fn from_value(value: serde_json::Value, limits: &Limits) -> Result<Event> {
        Event::from_value_capped(value, limits).map(|capped| capped.event)
    }

    /// Validates an already-parsed JSON value, and says which caps cut part
    /// of it short.
    pub fn from_value_capped(value: serde_json::Value, limits: &Limits) -> Result<Capped> {
        let serde_json::Value::Object(members) = value else {
            return Err(Error::new(
                ErrorKind::MalformedEvent,
                "an event must be a JSON object",
            ));
        };
        Event::from_members(members.into(), limits)
    }

    /// An event from the members of its object.
    fn from_members(members: read::Members, limits: &Limits) -> Result<Capped> {
        for name in ["v", "type"] {
            if members.0.iter().filter(|(k, _)| k == name).count() > 1 {
                return Err(Error::new(
                    ErrorKind::MalformedEvent,
                    format!("duplicate field `{name}`"),
                ));
            }
        }
        match members.get("v") {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedVersion,
                    format!(
                        "event schema version {} is not supported (expected {SCHEMA_VERSION})",
                        serde_json::to_string(other).unwrap_or_default()
                    ),
                ))
            }
            None => {
                return Err(Error::new(
                    ErrorKind::UnsupportedVersion,
                    format!("event has no schema version `v` (expected {SCHEMA_VERSION})"),
                ))
            }
        }
        let kind = match members.get("type") {
            Some(serde_json::Value::String(kind)) => kind.clone(),
            Some(_) => {
                return Err(Error::new(
                    ErrorKind::MalformedEvent,
                    "an event's `type` must be a string",
                ))
            }
            None => {
                return Err(Error::new(
                    ErrorKind::MalformedEvent,
                    "missing field `type`",
                ))
            }
        };
        let event = Event::read(&kind, members)
            .map_err(|e| Error::new(ErrorKind::MalformedEvent, e.to_string()))?;
        Capped::fit(event, limits)
    }

    /// The variant `kind` from the event's members (besides `v` and `type`,
    /// only the variant's own).
    fn read(kind: &str, mut m: read::Members) -> read::Read<Event> {
        Ok(match kind {
            "extensionInventory" => read_fields!(
                m,
                ["v", "type"],
                Event::ExtensionInventory {
                    time: "time",
                    self_id: "selfId",
                    extensions: "extensions",
                }
            ),
            "extensionChanged" => read_fields!(
                m,
                ["v", "type"],
                Event::ExtensionChanged {
                    time: "time",
                    change: "change",
                    extension: "extension",
                }
            ),
            "navigation" => read_fields!(m, ["v", "type"], Event::Navigation {
                time: "time",
                tab_id: "tabId",
                url: "url",
                transition: "transition",
                qualifiers: default "qualifiers",
                unrequested: default "unrequested",
            }),
            "request" => read_fields!(m, ["v", "type"], Event::Request {
                time: "time",
                tab_id: "tabId",
                url: "url",
                method: "method",
                resource_type: "resourceType",
                headers: default "headers",
                body: "body",
                body_base64: "bodyBase64",
                body_truncated: default "bodyTruncated",
                body_unread: default "bodyUnread",
                body_from_page: default "bodyFromPage",
                socket_messages: default "socketMessages",
                frame_id: "frameId",
                origin: "origin",
                unloading: default "unloading",
            }),
            "serverAddress" => read_fields!(
                m,
                ["v", "type"],
                Event::ServerAddress {
                    time: "time",
                    tab_id: "tabId",
                    url: "url",
                    ip: "ip",
                }
            ),
            "gesture" => read_fields!(
                m,
                ["v", "type"],
                Event::Gesture {
                    time: "time",
                    tab_id: "tabId",
                    page_url: "pageUrl",
                    href: "href",
                    text: "text",
                }
            ),
            "pageContact" => read_fields!(
                m,
                ["v", "type"],
                Event::PageContact {
                    time: "time",
                    tab_id: "tabId",
                    page_url: "pageUrl",
                    values: "values",
                }
            ),
            "contactResponse" => read_fields!(m, ["v", "type"], Event::ContactResponse {
                time: "time",
                tab_id: "tabId",
                page_url: "pageUrl",
                url: "url",
                body: "body",
                truncated: default "truncated",
            }),
            "mainWorld" => read_fields!(
                m,
                ["v", "type"],
                Event::MainWorld {
                    time: "time",
                    tab_id: "tabId",
                    page_url: "pageUrl",
                    report: "report",
                }
            ),
            "bridgeDrop" => read_fields!(
                m,
                ["v", "type"],
                Event::BridgeDrop {
                    time: "time",
                    tab_id: "tabId",
                    reason: "reason",
                    count: "count",
                }
            ),
            "memberIdentity" => read_fields!(
                m,
                ["v", "type"],
                Event::MemberIdentity {
                    time: "time",
                    tab_id: "tabId",
                    page_url: "pageUrl",
                    member: "member",
                    slug: "slug",
                }
            ),
            "formInput" => read_fields!(m, ["v", "type"], Event::FormInput {
                time: "time",
                tab_id: "tabId",
                page_url: "pageUrl",
                frame_url: "frameUrl",
                field: "field",
                value: "value",
                form_id: "formId",
                submitted: default "submitted",
                form_action: "formAction",
            }),
            "watchedValues" => read_fields!(
                m,
                ["v", "type"],
                Event::WatchedValues {
                    time: "time",
                    values: "values",
                }
            ),
            "tabClosed" => read_fields!(
                m,
                ["v", "type"],
                Event::TabClosed {
                    time: "time",
                    tab_id: "tabId",
                }
            ),
            "observerCapReached" => read_fields!(
                m,
                ["v", "type"],
                Event::ObserverCapReached {
                    time: "time",
                    tab_id: "tabId",
                    limit: "limit",
                }
            ),
            "domInjection" => read_fields!(m, ["v", "type"], Event::DomInjection {
                time: "time",
                tab_id: "tabId",
                page_url: "pageUrl",
                frame_url: "frameUrl",
                resource_url: "resourceUrl",
                element: "element",
                attribute: "attribute",
                in_shadow_root: default "inShadowRoot",
                loaded: "loaded",
            }),
            other => return Err(read::unknown_variant(other)),
        })
    }

    /// The event as JSON text with its schema version, as the shell sends it.
    pub fn to_json(&self) -> String {
        // Serialized as `{"<type>":{…fields}}`; the shell's form has the
        // kind and the version among the fields.
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        let serde_json::Value::Object(map) = value else {
            return value.to_string();
        };
        let Some((kind, mut fields)) = map.into_iter().next() else {
            return "{}".to_string();
        };
        if let Some(object) = fields.as_object_mut() {
            object.insert("type".into(), kind.into());
            object.insert("v".into(), SCHEMA_VERSION.into());
        }
        fields.to_string()
    }

    /// When the shell observed it.
    pub fn time(&self) -> Millis {
        match self {
            Event::ExtensionInventory { time, .. }
            | Event::ExtensionChanged { time, .. }
            | Event::Navigation { time, .. }
            | Event::Request { time, .. }
            | Event::ServerAddress { time, .. }
            | Event::Gesture { time, .. }
            | Event::PageContact { time, .. }
            | Event::ContactResponse { time, .. }
            | Event::FormInput { time, .. }
            | Event::MemberIdentity { time, .. }
            | Event::MainWorld { time, .. }
            | Event::BridgeDrop { time, .. }
            | Event::TabClosed { time, .. }
            | Event::WatchedValues { time, .. }
            | Event::ObserverCapReached { time, .. }
            | Event::DomInjection { time, .. } => *time,
        }
    }

    /// Checks what types cannot say, and cuts every text field and list to
    /// its cap (noted in `fit`). A new text field of an event must be fitted
    /// here too.
    fn validate(&mut self, fit: &mut Fit<'_>) -> Result<()> {
        let time = self.time();
        if !time.is_finite() || time < 0.0 {
            return Err(Error::new(
                ErrorKind::MalformedEvent,
                "`time` must be a non-negative number of milliseconds",
            ));
        }
        let limits = fit.limits;
        match self {
            Event::ExtensionInventory {
                self_id,
                extensions,
                ..
            } => {
                fit.optional(self_id);
                fit.list(extensions, limits.max_extensions, Cap::Extensions);
                extensions.iter_mut().try_for_each(|e| e.validate(fit))
            }
            Event::ExtensionChanged { extension, .. } => extension.validate(fit),
            Event::Navigation {
                url,
                transition,
                qualifiers,
                ..
            } => {
                fit.text(url);
                fit.optional(transition);
                qualifiers.iter_mut().for_each(|q| fit.text(q));
                Ok(())
            }
            Event::Request {
                url,
                method,
                resource_type,
                headers,
                body,
                body_base64,
                body_truncated,
                origin,
                ..
            } => {
                fit.text(url);
                fit.text(method);
                fit.optional(resource_type);
                fit.optional(origin);
                fit.list(headers, limits.max_headers, Cap::HeadersPerRequest);
                for h in headers {
                    fit.text(&mut h.name);
                    fit.text(&mut h.value);
                }
                // The shell caps bodies first; one that still comes over is
                // read as far as the cap, and says it was cut.
                if let Some(body) = body {
                    if fit.text_within(body, limits.max_body_bytes, Cap::BodyBytes) {
                        *body_truncated = true;
                    }
                }
                if let Some(raw) = body_base64 {
                    // Four characters carry three bytes: cut on a group.
                    let max = limits.max_body_bytes.div_ceil(3) * 4;
                    if raw.len() > max && raw.is_char_boundary(max) {
                        raw.truncate(max);
                        fit.note(Cap::BodyBytes, limits.max_body_bytes);
                        *body_truncated = true;
                    } else if fit.text_within(raw, max, Cap::BodyBytes) {
                        *body_truncated = true;
                    }
                }
                Ok(())
            }
            Event::ServerAddress { url, ip, .. } => {
                fit.text(url);
                fit.text(ip);
                Ok(())
            }
            Event::Gesture {
                page_url,
                href,
                text,
                ..
            } => {
                fit.text(page_url);
                fit.optional(href);
                fit.optional(text);
                Ok(())
            }
            Event::PageContact {
                page_url, values, ..
            } => {
                fit.text(page_url);
                fit.list(
                    values,
                    limits.max_contact_values,
                    Cap::ContactValuesPerReport,
                );
                for v in values {
                    fit.text(&mut v.value);
                }
                Ok(())
            }
            Event::ContactResponse {
                page_url,
                url,
                body,
                truncated,
                ..
            } => {
                fit.text(page_url);
                fit.text(url);
                // Cut like the hooks cut: the core says so once, when it
                // declines to read the rest (observe).
                if truncate_at_char(body, limits.max_body_bytes) {
                    *truncated = true;
                }
                Ok(())
            }
            Event::MainWorld {
                page_url, report, ..
            } => {
                fit.text(page_url);
                match report {
                    MainWorldReport::Ready { .. } | MainWorldReport::Worker => {}
                    MainWorldReport::Call {
                        api,
                        url,
                        method,
                        stack,
                    } => {
                        fit.text(api);
                        fit.text(url);
                        fit.optional(method);
                        // Innermost first: the scripts kept are the callers
                        // nearest the call.
                        fit.list(stack, limits.max_stack, Cap::ScriptsPerStack);
                        for s in stack {
                            fit.text(s);
                        }
                    }
                    MainWorldReport::NativeReplaced { api, by, when } => {
                        fit.text(api);
                        fit.optional(by);
                        fit.optional(when);
                    }
                    MainWorldReport::FieldRead { stack, .. } => {
                        fit.list(stack, limits.max_stack, Cap::ScriptsPerStack);
                        for s in stack {
                            fit.text(s);
                        }
                    }
                }
                Ok(())
            }
            Event::FormInput {
                page_url,
                frame_url,
                value,
                form_id,
                form_action,
                ..
            } => {
                fit.text(page_url);
                fit.optional(frame_url);
                fit.optional(form_id);
                fit.optional(form_action);
                fit.text(value);
                Ok(())
            }
            Event::BridgeDrop { reason, .. } => {
                fit.text(reason);
                Ok(())
            }
            Event::MemberIdentity {
                page_url,
                member,
                slug,
                ..
            } => {
                fit.text(page_url);
                fit.text(member);
                fit.text(slug);
                Ok(())
            }
            Event::WatchedValues { values, .. } => {
                fit.list(values, limits.max_contact_values, Cap::OwnValues);
                for v in values {
                    fit.text(&mut v.value);
                }
                Ok(())
            }
            Event::TabClosed { .. } | Event::ObserverCapReached { .. } => Ok(()),
            Event::DomInjection {
                page_url,
                frame_url,
                resource_url,
                element,
                attribute,
                ..
            } => {
                fit.text(page_url);
                fit.optional(frame_url);
                fit.text(resource_url);
                fit.text(element);
                fit.text(attribute);
                Ok(())
            }
        }
    }
}

impl ExtensionInfo {
    fn validate(&mut self, fit: &mut Fit<'_>) -> Result<()> {
        if self.id.is_empty() {
            return Err(Error::new(
                ErrorKind::MalformedEvent,
                "extension.id is empty",
            ));
        }
        fit.text(&mut self.id);
        fit.optional(&mut self.name);
        fit.optional(&mut self.version);
        fit.optional(&mut self.install_type);
        fit.optional(&mut self.kind);
        fit.optional(&mut self.update_url);
        let max = fit.limits.max_permissions_per_extension;
        for list in [&mut self.permissions, &mut self.host_permissions] {
            fit.list(list, max, Cap::PermissionsPerExtension);
            list.iter_mut().for_each(|p| fit.text(p));
        }
        Ok(())
    }
}

/// An event that passed validation, and the caps that cut part of it short.
#[derive(Debug, Clone, PartialEq)]
pub struct Capped {
    pub event: Event,
    /// Each cap that truncated a field or a list of the event, once.
    pub truncated: Vec<Truncation>,
}

/// A cap that cut part of an event short; the rest of the event was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncation {
    pub what: Cap,
    pub limit: usize,
}

impl Capped {
    /// Validates an event built in Rust (a HAR entry, say) and cuts its
    /// fields and lists to `limits`, as [`Event::from_json_capped`] does for
    /// the shell's JSON.
    pub fn fit(mut event: Event, limits: &Limits) -> Result<Capped> {
        let mut fit = Fit {
            limits,
            truncated: vec![],
        };
        event.validate(&mut fit)?;
        Ok(Capped {
            event,
            truncated: fit.truncated,
        })
    }
}

/// Cuts fields and lists to their caps and notes each cap that cut.
struct Fit<'a> {
    limits: &'a Limits,
    truncated: Vec<Truncation>,
}

impl Fit<'_> {
    fn note(&mut self, what: Cap, limit: usize) {
        if !self.truncated.iter().any(|t| t.what == what) {
            self.truncated.push(Truncation { what, limit });
        }
    }

    /// A text field, cut to `maxFieldBytes`.
    fn text(&mut self, value: &mut String) {
        self.text_within(value, self.limits.max_field_bytes, Cap::FieldBytes);
    }

    fn optional(&mut self, value: &mut Option<String>) {
        if let Some(value) = value {
            self.text(value);
        }
    }

    /// Cuts `value` to `max` bytes; true when it did.
    fn text_within(&mut self, value: &mut String, max: usize, what: Cap) -> bool {
        let cut = truncate_at_char(value, max);
        if cut {
            self.note(what, max);
        }
        cut
    }

    /// Keeps the first `max` entries of a list.
    fn list<T>(&mut self, list: &mut Vec<T>, max: usize, what: Cap) {
        if list.len() > max {
            list.truncate(max);
            self.note(what, max);
        }
    }
}

/// Cuts `text` to at most `max` bytes, at the last character boundary that
/// fits (`String::truncate` panics inside a character); true when it cut.
pub(crate) fn truncate_at_char(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_in_any_order_read_the_same_event() {
        let limits = Limits::default();
        let shell = r#"{"v":1,"type":"navigation","time":2,"tabId":3,"url":"https://a.test/","qualifiers":["from_address_bar"]}"#;
        let sorted = r#"{"qualifiers":["from_address_bar"],"tabId":3,"time":2,"type":"navigation","url":"https://a.test/","v":1}"#;
        let spaced = "{ \"v\" : 1 , \"type\" : \"navigation\", \"time\":2,\"tabId\":3,\"url\":\"https://a.test/\",\"qualifiers\":[\"from_address_bar\"] }";
        let event = Event::from_json(shell, &limits).unwrap();
        assert_eq!(Event::from_json(sorted, &limits).unwrap(), event);
        assert_eq!(Event::from_json(spaced, &limits).unwrap(), event);
        // Written back as the shell writes it, with the kind and the version.
        let again: serde_json::Value = serde_json::from_str(&event.to_json()).unwrap();
        assert_eq!(again["type"], "navigation");
        assert_eq!(again["v"], 1);
        assert_eq!(Event::from_json(&event.to_json(), &limits).unwrap(), event);
    }

    #[test]
    fn a_member_the_variant_does_not_have_is_refused_by_name() {
        let limits = Limits::default();
        let refused = |text: &str| {
            let e = Event::from_json(text, &limits).unwrap_err();
            (e.kind(), e.to_string())
        };
        let (kind, message) =
            refused(r#"{"v":1,"type":"tabClosed","time":1,"tabId":2,"url":"https://a.test/"}"#);
        assert_eq!(kind, ErrorKind::MalformedEvent);
        assert!(message.contains("unknown field `url`"), "{message}");
        let (_, message) = refused(r#"{"v":1,"type":"tabClosed","time":1}"#);
        assert!(message.contains("missing field `tabId`"), "{message}");
        let (_, message) = refused(r#"{"v":1,"type":"tabClosed","time":"1","tabId":2}"#);
        assert!(
            message.contains("time: expected a number, found a string"),
            "{message}"
        );
        let (_, message) = refused(r#"{"v":1,"type":"teleport","time":1}"#);
        assert!(message.contains("unknown variant `teleport`"), "{message}");
        for (text, kind) in [
            (
                r#"{"time":1,"type":"tabClosed","tabId":2,"v":2}"#,
                ErrorKind::UnsupportedVersion,
            ),
            (
                r#"{"time":1,"type":"tabClosed","tabId":2,"v":"1"}"#,
                ErrorKind::UnsupportedVersion,
            ),
            (
                r#"{"time":1,"type":"tabClosed","tabId":2,"v":1.0}"#,
                ErrorKind::UnsupportedVersion,
            ),
            (
                r#"{"time":1,"type":"tabClosed","tabId":2}"#,
                ErrorKind::UnsupportedVersion,
            ),
            (
                r#"{"time":1,"type":7,"tabId":2,"v":1}"#,
                ErrorKind::MalformedEvent,
            ),
            (r#"{"time":1,"tabId":2,"v":1}"#, ErrorKind::MalformedEvent),
            (
                r#"{"time":1,"type":"tabClosed","tabId":2,"v":1}x"#,
                ErrorKind::MalformedEvent,
            ),
            (r#"["type","tabClosed"]"#, ErrorKind::MalformedEvent),
            ("", ErrorKind::MalformedEvent),
        ] {
            assert_eq!(refused(text).0, kind, "{text}");
        }
        // A member written twice is refused, whichever it is.
        for text in [
            r#"{"v":1,"type":"tabClosed","time":1,"tabId":2,"tabId":3}"#,
            r#"{"v":1,"type":"tabClosed","type":"navigation","time":1,"tabId":2}"#,
            r#"{"v":1,"v":1,"type":"tabClosed","time":1,"tabId":2}"#,
        ] {
            let (kind, message) = refused(text);
            assert_eq!(kind, ErrorKind::MalformedEvent);
            assert!(message.contains("duplicate field"), "{text}: {message}");
        }
        // Escapes in names are read as the names they write.
        assert!(Event::from_json(
            r#"{"ti\u006de":1,"type":"tab\u0043losed","tabId":2,"v":1}"#,
            &limits
        )
        .is_ok());
    }
}
