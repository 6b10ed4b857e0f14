//! What the shell observes, as one versioned, serde-tagged enum.
//!
//! The shell reports facts and decides nothing. Every event arrives as JSON
//! text (or a JS value turned into JSON at the boundary) of the form
//! `{"v": 1, "type": "<variant>", ...fields}`; the version is checked before
//! the variant is parsed so that a newer shell gets `UnsupportedVersion`, not
//! a confusing field error.

use serde::{Deserialize, Serialize};

use crate::messages::error::{Error, ErrorKind, Result};
pub use crate::messages::vocabulary::{DataKind, FieldKind};
use crate::state::limits::Limits;

/// The event schema this core speaks.
pub const SCHEMA_VERSION: u64 = 1;
const VERSION_FIRST: &str = r#"{"v":1,"#;
const VERSION_LAST: &str = r#","v":1}"#;

/// Milliseconds since the Unix epoch, as the shell's `Date.now()` gives them.
pub type Millis = f64;

/// A browser tab id (`-1` for requests outside any tab, as the browser says).
pub type TabId = i64;

/// One observation from the shell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Event {
    /// The full list of installed extensions (`management.getAll()`),
    /// replacing what the engine knew.
    #[serde(rename_all = "camelCase")]
    ExtensionInventory {
        time: Millis,
        /// Vigie's own id, so that Vigie never reports itself.
        #[serde(default)]
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
        /// otherwise the browser's transition type (`webNavigation`: `link`,
        /// `typed`, `auto_bookmark`, `reload`, `generated`, …), or absent.
        #[serde(default)]
        transition: Option<String>,
        /// The browser's transition qualifiers (`from_address_bar`,
        /// `forward_back`, `client_redirect`, `server_redirect`).
        #[serde(default)]
        qualifiers: Vec<String>,
        /// The first page of a tab that no person opened: created without an
        /// opener or a link from a page, and committed as a `link` (typing,
        /// bookmarks and reloads commit otherwise).
        #[serde(default)]
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
        #[serde(default)]
        resource_type: Option<String>,
        /// A few request headers Vigie reads (`csrf-token`, `x-li-track`, …).
        #[serde(default)]
        headers: Vec<Header>,
        /// The body as text, already capped by the shell.
        #[serde(default)]
        body: Option<String>,
        #[serde(default)]
        body_truncated: bool,
    },
    /// A trusted click (`isTrusted`) in a page, on a link or button.
    #[serde(rename_all = "camelCase")]
    Gesture {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        #[serde(default)]
        href: Option<String>,
        #[serde(default)]
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
    /// A value typed into a form field of a page (on `input`/`change`, not
    /// per keystroke), reported by the isolated-world observer. Held in
    /// memory only, never in a snapshot.
    #[serde(rename_all = "camelCase")]
    FormInput {
        time: Millis,
        tab_id: TabId,
        page_url: String,
        /// The URL of the frame the form is in, when it is not the top frame.
        #[serde(default)]
        frame_url: Option<String>,
        field: FieldKind,
        value: String,
        /// The form's `id` or `name`, when it has one.
        #[serde(default)]
        form_id: Option<String>,
        /// The form was submitted (the value left with the person's consent).
        #[serde(default)]
        submitted: bool,
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
        #[serde(default)]
        frame_url: Option<String>,
        /// The extension URL found on the node.
        resource_url: String,
        /// The element's tag name, lower case (`iframe`, `img`, `link`, …).
        element: String,
        /// Where the URL was found: `src`, `href`, `style`, `srcdoc`, `text`, …
        attribute: String,
        /// The node sits inside a shadow root.
        #[serde(default)]
        in_shadow_root: bool,
    },
}

/// What `management` says about one extension. Only the fields Vigie uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionInfo {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// `normal`, `development`, `sideload`, `admin`, `other`.
    #[serde(default)]
    pub install_type: Option<String>,
    /// `extension`, `theme`, … (themes are ignored).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub permissions: Vec<String>,
    #[serde(default)]
    pub host_permissions: Vec<String>,
}

fn enabled_by_default() -> bool {
    true
}

/// One request header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// One piece of contact data seen in a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactValue {
    pub kind: DataKind,
    pub value: String,
}

/// What the main-world hooks report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum MainWorldReport {
    /// The hooks are installed and the bridge is open in this page: from
    /// now on, a request with no call record did not come from the page's
    /// own scripts.
    Ready,
    /// A call of a network API, with the script URLs on the calling stack,
    /// innermost first.
    #[serde(rename_all = "camelCase")]
    Call {
        api: String,
        url: String,
        #[serde(default)]
        method: Option<String>,
        #[serde(default)]
        stack: Vec<String>,
    },
    /// A network native replaced by a script (`by`, when known).
    #[serde(rename_all = "camelCase")]
    NativeReplaced {
        api: String,
        #[serde(default)]
        by: Option<String>,
        #[serde(default)]
        when: Option<String>,
    },
}

/// The kinds of inventory change the browser reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExtensionChange {
    Installed,
    Uninstalled,
    Enabled,
    Disabled,
}

impl Event {
    /// Parses and validates one event from JSON text.
    ///
    /// ```
    /// use vigie::{Event, Limits};
    /// let e = Event::from_json(r#"{"v":1,"type":"tabClosed","time":1,"tabId":7}"#, &Limits::default()).unwrap();
    /// assert_eq!(e, Event::TabClosed { time: 1.0, tab_id: 7 });
    /// ```
    pub fn from_json(text: &str, limits: &Limits) -> Result<Event> {
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
        // The shell writes the version as the first member (`{"v":1,…}`,
        // JSON.stringify keeps insertion order) and serde_json writes it last
        // (sorted keys): the rest then parses straight into the event, with no
        // intermediate value. Any other layout takes the general path.
        let rest = text
            .strip_prefix(VERSION_FIRST)
            .map(|rest| format!("{{{rest}"))
            .or_else(|| {
                text.strip_suffix(VERSION_LAST)
                    .map(|rest| format!("{rest}}}"))
            });
        if let Some(rest) = rest {
            if let Ok(event) = serde_json::from_str::<Event>(&rest) {
                event.validate(limits)?;
                return Ok(event);
            }
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorKind::MalformedEvent, format!("not JSON: {e}")))?;
        Event::from_value(value, limits)
    }

    /// Validates an already-parsed JSON value.
    pub fn from_value(mut value: serde_json::Value, limits: &Limits) -> Result<Event> {
        let object = value.as_object_mut().ok_or_else(|| {
            Error::new(ErrorKind::MalformedEvent, "an event must be a JSON object")
        })?;
        match object.remove("v") {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedVersion,
                    format!(
                        "event schema version {} is not supported (expected {SCHEMA_VERSION})",
                        serde_json::to_string(&other).unwrap_or_default()
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
        let event: Event = serde_json::from_value(value)
            .map_err(|e| Error::new(ErrorKind::MalformedEvent, e.to_string()))?;
        event.validate(limits)?;
        Ok(event)
    }

    /// The event as JSON text with its schema version, as the shell sends it.
    pub fn to_json(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(object) = value.as_object_mut() {
            object.insert("v".into(), SCHEMA_VERSION.into());
        }
        value.to_string()
    }

    /// When the shell observed it.
    pub fn time(&self) -> Millis {
        match self {
            Event::ExtensionInventory { time, .. }
            | Event::ExtensionChanged { time, .. }
            | Event::Navigation { time, .. }
            | Event::Request { time, .. }
            | Event::Gesture { time, .. }
            | Event::PageContact { time, .. }
            | Event::FormInput { time, .. }
            | Event::MainWorld { time, .. }
            | Event::BridgeDrop { time, .. }
            | Event::TabClosed { time, .. }
            | Event::ObserverCapReached { time, .. }
            | Event::DomInjection { time, .. } => *time,
        }
    }

    fn validate(&self, limits: &Limits) -> Result<()> {
        let time = self.time();
        if !time.is_finite() || time < 0.0 {
            return Err(Error::new(
                ErrorKind::MalformedEvent,
                "`time` must be a non-negative number of milliseconds",
            ));
        }
        let field = |name: &str, value: &str| check_field(name, value, limits);
        match self {
            Event::ExtensionInventory {
                self_id,
                extensions,
                ..
            } => {
                if let Some(id) = self_id {
                    field("selfId", id)?;
                }
                if extensions.len() > limits.max_extensions {
                    return Err(Error::new(
                        ErrorKind::EventTooLarge,
                        format!(
                            "{} extensions listed, the cap is {}",
                            extensions.len(),
                            limits.max_extensions
                        ),
                    ));
                }
                extensions.iter().try_for_each(|e| e.validate(limits))
            }
            Event::ExtensionChanged { extension, .. } => extension.validate(limits),
            Event::Navigation {
                url,
                transition,
                qualifiers,
                ..
            } => {
                field("url", url)?;
                if qualifiers.len() > 8 {
                    return Err(Error::new(
                        ErrorKind::EventTooLarge,
                        format!("{} transition qualifiers, the cap is 8", qualifiers.len()),
                    ));
                }
                qualifiers.iter().try_for_each(|q| field("qualifiers", q))?;
                transition
                    .as_deref()
                    .map_or(Ok(()), |t| field("transition", t))
            }
            Event::Request {
                url,
                method,
                resource_type,
                headers,
                body,
                ..
            } => {
                field("url", url)?;
                field("method", method)?;
                if let Some(t) = resource_type {
                    field("resourceType", t)?;
                }
                if headers.len() > limits.max_headers {
                    return Err(Error::new(
                        ErrorKind::EventTooLarge,
                        format!(
                            "{} headers, the cap is {}",
                            headers.len(),
                            limits.max_headers
                        ),
                    ));
                }
                for h in headers {
                    field("headers.name", &h.name)?;
                    field("headers.value", &h.value)?;
                }
                match body {
                    Some(body) if body.len() > limits.max_body_bytes => Err(Error::new(
                        ErrorKind::EventTooLarge,
                        format!(
                            "request body is {} bytes, the cap is {} (the shell must cap bodies)",
                            body.len(),
                            limits.max_body_bytes
                        ),
                    )),
                    _ => Ok(()),
                }
            }
            Event::Gesture {
                page_url,
                href,
                text,
                ..
            } => {
                field("pageUrl", page_url)?;
                if let Some(href) = href {
                    field("href", href)?;
                }
                text.as_deref().map_or(Ok(()), |t| field("text", t))
            }
            Event::PageContact {
                page_url, values, ..
            } => {
                field("pageUrl", page_url)?;
                if values.len() > limits.max_contact_values {
                    return Err(Error::new(
                        ErrorKind::EventTooLarge,
                        format!(
                            "{} contact values, the cap is {}",
                            values.len(),
                            limits.max_contact_values
                        ),
                    ));
                }
                values
                    .iter()
                    .try_for_each(|v| field("values.value", &v.value))
            }
            Event::MainWorld {
                page_url, report, ..
            } => {
                field("pageUrl", page_url)?;
                match report {
                    MainWorldReport::Ready => Ok(()),
                    MainWorldReport::Call {
                        api,
                        url,
                        method,
                        stack,
                    } => {
                        field("report.api", api)?;
                        field("report.url", url)?;
                        if let Some(m) = method {
                            field("report.method", m)?;
                        }
                        if stack.len() > limits.max_stack {
                            return Err(Error::new(
                                ErrorKind::EventTooLarge,
                                format!(
                                    "stack of {} scripts, the cap is {}",
                                    stack.len(),
                                    limits.max_stack
                                ),
                            ));
                        }
                        stack.iter().try_for_each(|s| field("report.stack", s))
                    }
                    MainWorldReport::NativeReplaced { api, by, when } => {
                        field("report.api", api)?;
                        if let Some(by) = by {
                            field("report.by", by)?;
                        }
                        when.as_deref().map_or(Ok(()), |w| field("report.when", w))
                    }
                }
            }
            Event::FormInput {
                page_url,
                frame_url,
                value,
                form_id,
                ..
            } => {
                field("pageUrl", page_url)?;
                if let Some(frame_url) = frame_url {
                    field("frameUrl", frame_url)?;
                }
                if let Some(form_id) = form_id {
                    field("formId", form_id)?;
                }
                field("value", value)
            }
            Event::BridgeDrop { reason, .. } => field("reason", reason),
            Event::TabClosed { .. } | Event::ObserverCapReached { .. } => Ok(()),
            Event::DomInjection {
                page_url,
                frame_url,
                resource_url,
                element,
                attribute,
                ..
            } => {
                field("pageUrl", page_url)?;
                if let Some(frame_url) = frame_url {
                    field("frameUrl", frame_url)?;
                }
                field("resourceUrl", resource_url)?;
                field("element", element)?;
                field("attribute", attribute)
            }
        }
    }
}

impl ExtensionInfo {
    fn validate(&self, limits: &Limits) -> Result<()> {
        check_field("extension.id", &self.id, limits)?;
        if self.id.is_empty() {
            return Err(Error::new(
                ErrorKind::MalformedEvent,
                "extension.id is empty",
            ));
        }
        for (name, value) in [
            ("extension.name", &self.name),
            ("extension.version", &self.version),
            ("extension.installType", &self.install_type),
            ("extension.type", &self.kind),
        ] {
            if let Some(value) = value {
                check_field(name, value, limits)?;
            }
        }
        for (name, list) in [
            ("extension.permissions", &self.permissions),
            ("extension.hostPermissions", &self.host_permissions),
        ] {
            if list.len() > limits.max_permissions_per_extension {
                return Err(Error::new(
                    ErrorKind::EventTooLarge,
                    format!(
                        "{name} has {} entries, the cap is {}",
                        list.len(),
                        limits.max_permissions_per_extension
                    ),
                ));
            }
            list.iter().try_for_each(|p| check_field(name, p, limits))?;
        }
        Ok(())
    }
}

fn check_field(name: &str, value: &str, limits: &Limits) -> Result<()> {
    if value.len() > limits.max_field_bytes {
        return Err(Error::new(
            ErrorKind::EventTooLarge,
            format!(
                "field `{name}` is {} bytes, the cap is {}",
                value.len(),
                limits.max_field_bytes
            ),
        ));
    }
    Ok(())
}
