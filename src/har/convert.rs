//! HAR entries → the events the extension's shell would have sent for the
//! same session: one tab per HAR page (all pages one tab in a browser's
//! developer tools export, see [`one_tab_exporter`]), a navigation per
//! top-level document,
//! a request per entry (URL, method, the headers the engine reads, the body
//! cut as the shell cuts it), the server address that answered, contact data from a profile site's API
//! responses, in time order.
//!
//! The whole file is read and every event built before any reaches an
//! engine: a file that fails to parse changes nothing.

use crate::collections::{or_default, SortedMap, SortedSet};
use std::collections::{HashMap, HashSet};

use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::error::{HarError, HarErrorKind};
use super::format::{Entry, HarFile, PostData, Response};
use crate::engine::Engine;
use crate::messages::contract::contract;
use crate::messages::event::{Capped, ContactValue, Event, Header, Millis, TabId};
use crate::observe::url::WebUrl;
use crate::sites::contact_response::contact_values;
use crate::sites::model::{PageKind, RequestClass};
use crate::sites::SiteModels;

/// What the reader takes from one file. Larger inputs are refused or cut,
/// and every cut is reported ([`HarCap`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarLimits {
    /// Largest file read, in bytes: the whole text is held in memory (and,
    /// in the audit page, in a 32-bit wasm memory beside its parse).
    pub max_bytes: usize,
    /// Entries read from one file; later ones are left out.
    pub max_entries: usize,
    /// Largest response body searched for contact data, in bytes.
    pub max_response_bytes: usize,
}

impl Default for HarLimits {
    fn default() -> Self {
        HarLimits {
            max_bytes: 512 * 1024 * 1024,
            max_entries: 1_000_000,
            max_response_bytes: 4 * 1024 * 1024,
        }
    }
}

/// A cap of the HAR reader that cut a file short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HarCap {
    pub what: HarCapKind,
    pub limit: usize,
    /// How many items it left out.
    pub left_out: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum HarCapKind {
    /// Entries after [`HarLimits::max_entries`].
    Entries,
    /// Response bodies over [`HarLimits::max_response_bytes`], not searched.
    ResponseBytes,
}

/// What a capture holds besides its events: who wrote it, its size, and the
/// servers it reached.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptureSummary {
    /// The exporter (`creator.name` and `version`), e.g. "Firefox 128.0".
    pub creator: Option<String>,
    pub pages: usize,
    /// The tabs the pages were read as: one per page, or one for all of a
    /// developer tools export's pages.
    pub tabs: usize,
    pub entries: usize,
    /// Hosts requested, with the server addresses the HAR gives
    /// (`serverIPAddress`) and their request counts.
    pub servers: Vec<Server>,
    /// Entries whose event the engine's validation refused (a time before
    /// 1970, say), left out.
    pub refused: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    pub host: String,
    pub addresses: Vec<String>,
    pub requests: usize,
}

/// A HAR file turned into events, ready to be audited.
#[derive(Debug, Clone)]
pub struct Capture {
    /// In time order, each fitted to the engine's limits.
    pub events: Vec<Capped>,
    pub caps: Vec<HarCap>,
    pub summary: CaptureSummary,
}

/// Characters `URLSearchParams` leaves as they are (and ' ' becomes '+').
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b' ');

/// Reads a HAR file's bytes (UTF-8, with or without a byte-order mark).
pub fn read_bytes(bytes: &[u8], engine: &Engine, limits: &HarLimits) -> Result<Capture, HarError> {
    if bytes.len() > limits.max_bytes {
        return Err(too_large(bytes.len(), limits.max_bytes));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        HarError::new(
            HarErrorKind::NotJson,
            format!("not UTF-8 text (byte {}): a HAR is JSON", e.valid_up_to()),
        )
    })?;
    read(text, engine, limits)
}

fn too_large(size: usize, max: usize) -> HarError {
    HarError::new(
        HarErrorKind::TooLarge,
        format!("the file is {size} bytes, the reader takes {max} at most"),
    )
}

/// Reads a HAR file's text into the events the engine takes, fitted to its
/// limits. Nothing is applied: the caller feeds the events.
pub fn read(text: &str, engine: &Engine, limits: &HarLimits) -> Result<Capture, HarError> {
    if text.len() > limits.max_bytes {
        return Err(too_large(text.len(), limits.max_bytes));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let har: HarFile = serde_json::from_str(text).map_err(|e| HarError::from_json(&e))?;
    let log = har.log;
    if let Some(version) = log.version.as_deref() {
        if !version.is_empty() && !matches!(version, "1.1" | "1.2") {
            return Err(HarError::new(
                HarErrorKind::UnsupportedVersion,
                format!("HAR version {version} (this reader takes 1.1 and 1.2)"),
            ));
        }
    }
    let mut builder = Builder::new(engine, limits);
    builder.summary.creator = log.creator.as_ref().and_then(|c| {
        let name = c.name.as_deref().unwrap_or("").trim();
        let version = c.version.as_deref().unwrap_or("").trim();
        let both = format!("{name} {version}");
        let both = both.trim();
        (!both.is_empty()).then(|| both.to_owned())
    });
    let pages = log.pages.unwrap_or_default();
    let one_tab = log
        .creator
        .as_ref()
        .and_then(|c| c.name.as_deref())
        .is_some_and(one_tab_exporter);
    builder.summary.pages = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let tab = if one_tab { 1 } else { index as TabId + 1 };
        builder.pages.insert(page.id.to_string(), (index, tab));
        builder.page_tabs.insert(index, tab);
        if let Some(title) = page.title.as_deref() {
            builder.titles.insert(index, title.to_owned());
        }
        if let Some(started) = page.started_date_time.as_deref() {
            if let Ok(time) = parse_time(started) {
                builder.page_starts.insert(index, time);
            }
        }
    }
    builder.single_tab = pages.is_empty();
    builder.summary.tabs = match pages.len() {
        0 => 1,
        _ if one_tab => 1,
        n => n,
    };
    let total = log.entries.len();
    let kept = total.min(limits.max_entries);
    if kept < total {
        builder.caps.push(HarCap {
            what: HarCapKind::Entries,
            limit: limits.max_entries,
            left_out: total - kept,
        });
    }
    builder.summary.entries = kept;
    for (index, entry) in log.entries.iter().take(kept).enumerate() {
        builder.entry(index, entry)?;
    }
    Ok(builder.finish())
}

/// Whether a HAR's `creator.name` is a browser's developer tools, whose
/// export is one tab's network log that starts a new HAR page at each
/// navigation (Chromium: "WebInspector"; Firefox: "Firefox"): its pages are
/// then that one tab's navigations, in order, so that what a tab does
/// across pages (a crawl from profile to profile) is seen as one tab's.
/// Other exporters (Playwright, Puppeteer, proxies) write a page per tab.
///
/// ```
/// use vigie::har::one_tab_exporter;
/// assert!(one_tab_exporter("WebInspector"));
/// assert!(one_tab_exporter("Firefox"));
/// assert!(!one_tab_exporter("Playwright"));
/// ```
pub fn one_tab_exporter(creator_name: &str) -> bool {
    matches!(creator_name.trim(), "WebInspector" | "Firefox")
}

/// Milliseconds since the Unix epoch of an RFC 3339 date (HAR's ISO 8601).
fn parse_time(text: &str) -> Result<Millis, time::error::Parse> {
    let at = OffsetDateTime::parse(text.trim(), &Rfc3339)?;
    Ok(at.unix_timestamp_nanos() as f64 / 1_000_000.0)
}

/// An event waiting for its place in time; contact data waits for the URL
/// of the page its tab shows at that time.
enum Pending {
    Event(Event),
    /// Contact data a lookup returned, for `member`: page contact data
    /// when that member is the profile the tab shows.
    Contact {
        tab_id: TabId,
        member: String,
        values: Vec<ContactValue>,
    },
    /// A contact lookup by the site's own client: the person asked, if the
    /// lookup is for the profile the tab shows (checked once pages are known).
    Asked {
        tab_id: TabId,
        member: String,
    },
    /// A page loaded an extension's resource: the node that referenced it
    /// is not in a HAR, but the load is, and a page can load another
    /// extension's resources only when that extension put them there.
    Injection {
        tab_id: TabId,
        resource_url: String,
        element: &'static str,
        loaded: bool,
    },
}

struct Builder<'e> {
    engine: &'e Engine,
    models: SiteModels,
    limits: &'e HarLimits,
    read_headers: SortedSet<String>,
    /// HAR page id → the page's index and its tab.
    pages: HashMap<String, (usize, TabId)>,
    page_tabs: HashMap<usize, TabId>,
    /// Titles and start times, by page index.
    titles: SortedMap<usize, String>,
    page_starts: HashMap<usize, Millis>,
    /// No pages in the file: every entry is one tab's, as page 0.
    single_tab: bool,
    /// Pages that had a navigation from an entry.
    navigated: SortedSet<usize>,
    pending: Vec<(Millis, Pending)>,
    servers: SortedMap<String, (SortedSet<String>, usize)>,
    /// Server addresses reported, by tab and host.
    addresses: HashSet<(TabId, String, String)>,
    caps: Vec<HarCap>,
    summary: CaptureSummary,
    responses_over_cap: usize,
}

impl<'e> Builder<'e> {
    fn new(engine: &'e Engine, limits: &'e HarLimits) -> Self {
        Builder {
            engine,
            models: SiteModels::builtin(),
            limits,
            read_headers: engine.headers_to_read().into_iter().collect(),
            pages: HashMap::new(),
            page_tabs: HashMap::new(),
            titles: SortedMap::new(),
            page_starts: HashMap::new(),
            single_tab: false,
            navigated: SortedSet::new(),
            pending: vec![],
            servers: SortedMap::new(),
            addresses: HashSet::new(),
            caps: vec![],
            summary: CaptureSummary::default(),
            responses_over_cap: 0,
        }
    }

    /// The messages the page sent over a WebSocket (Chromium's export
    /// keeps them with the handshake's entry), in batches as the shell gives
    /// those its hooks read: at most `maxSocketMessagesPerReport` messages
    /// and the engine's body size each, a message a part; here the
    /// browser's own record, not read in the page.
    fn socket_messages(&mut self, entry: &Entry<'_>, tab_id: TabId, url: &str, started: Millis) {
        if entry.web_socket_messages.is_empty()
            || !(url.starts_with("ws:") || url.starts_with("wss:"))
        {
            return;
        }
        let max_messages = contract().shell.max_socket_messages_per_report;
        // What a body of messages may hold of them: the engine's body size
        // less the closing delimiter; each message costs its part's head too.
        let empty = socket_body(&[]).len();
        let part = socket_body(&[vec![]]).len() - empty;
        let room = self.engine.limits().max_body_bytes.saturating_sub(empty);
        let mut batch: Vec<Vec<u8>> = vec![];
        let mut at = started;
        let mut bytes = 0;
        let mut truncated = false;
        let flush = |batch: &mut Vec<Vec<u8>>,
                     at: Millis,
                     truncated: &mut bool,
                     pending: &mut Vec<(Millis, Pending)>| {
            if batch.is_empty() {
                return;
            }
            let body = socket_body(batch);
            pending.push((
                at,
                Pending::Event(Event::Request {
                    time: at,
                    tab_id,
                    url: url.to_owned(),
                    method: "GET".to_owned(),
                    resource_type: Some("websocket".to_owned()),
                    headers: vec![],
                    body: None,
                    body_base64: Some(base64::engine::general_purpose::STANDARD.encode(&body)),
                    body_truncated: std::mem::take(truncated),
                    body_unread: false,
                    body_from_page: false,
                    socket_messages: u32::try_from(batch.len()).unwrap_or(u32::MAX),
                    frame_id: None,
                    origin: None,
                    unloading: false,
                }),
            ));
            batch.clear();
        };
        for message in &entry.web_socket_messages {
            if message.direction != "send" {
                continue;
            }
            let Some(data) = message.data.as_deref() else {
                continue;
            };
            let mut content = if message.opcode == Some(2.0) {
                match base64::engine::general_purpose::STANDARD.decode(data.trim()) {
                    Ok(raw) => raw,
                    Err(_) => continue,
                }
            } else {
                data.as_bytes().to_vec()
            };
            let cut = content.len() + part > room;
            content.truncate(room.saturating_sub(part));
            if !batch.is_empty()
                && (batch.len() >= max_messages || bytes + part + content.len() > room)
            {
                flush(&mut batch, at, &mut truncated, &mut self.pending);
                bytes = 0;
            }
            truncated |= cut;
            // The message's own time when the export gives one (seconds).
            at = message
                .time
                .filter(|t| t.is_finite() && *t > 0.0)
                .map_or(at, |t| t * 1000.0)
                .max(started);
            bytes += part + content.len();
            batch.push(content);
        }
        flush(&mut batch, at, &mut truncated, &mut self.pending);
    }

    fn entry(&mut self, index: usize, entry: &Entry<'_>) -> Result<(), HarError> {
        let started = parse_time(&entry.started_date_time).map_err(|e| {
            HarError::new(
                HarErrorKind::NotHar,
                format!(
                    "entry {index}: startedDateTime `{}` is not an ISO 8601 date: {e}",
                    entry.started_date_time
                ),
            )
        })?;
        let (page, tab_id) = match entry.pageref.as_deref() {
            _ if self.single_tab => (Some(0), 1),
            Some(id) => self
                .pages
                .get(id)
                .map_or((None, -1), |&(page, tab)| (Some(page), tab)),
            None => (None, -1),
        };
        let request = &entry.request;
        let url = request.url.to_string();
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .and_then(|h| h.value.as_deref())
        };
        let dest = header("sec-fetch-dest").map(str::to_ascii_lowercase);
        let resource_type = resource_type(entry.resource_type.as_deref(), dest.as_deref());
        let first_byte = entry
            .timings
            .as_ref()
            .and_then(|t| t.to_first_byte())
            .or(entry.time.filter(|t| t.is_finite() && *t > 0.0))
            .unwrap_or(0.0);
        let finished = started
            + entry
                .time
                .filter(|t| t.is_finite() && *t > 0.0)
                .unwrap_or(first_byte);

        if let Some(page) = page.filter(|&p| self.is_navigation(p, entry, &url, dest.as_deref())) {
            self.navigated.insert(page);
            self.pending.push((
                started + first_byte,
                Pending::Event(Event::Navigation {
                    time: started + first_byte,
                    tab_id,
                    url: url.clone(),
                    transition: None,
                    qualifiers: vec![],
                    unrequested: false,
                }),
            ));
        }

        let extension =
            url.starts_with("chrome-extension://") || url.starts_with("moz-extension://");
        // Loads by elements (images, styles, scripts, frames); an extension
        // script fetching its own file is not a node in the page.
        let element = element_of(resource_type);
        if extension && tab_id >= 0 && element != "unknown" {
            let status = entry
                .response
                .as_ref()
                .and_then(|r| r.status)
                .unwrap_or(0.0);
            self.pending.push((
                started,
                Pending::Injection {
                    tab_id,
                    resource_url: url.clone(),
                    element,
                    loaded: (200.0..300.0).contains(&status),
                },
            ));
        }
        if extension {
            // An extension's own file is not a request that left the browser.
            return Ok(());
        }

        // As the shell passes them: those the site models read first (the
        // engine keeps the first `maxHeaders`), then the page's own.
        let (mut headers, page_own): (Vec<Header>, Vec<Header>) = request
            .headers
            .iter()
            .map(|h| Header {
                name: h.name.to_ascii_lowercase(),
                value: h.value.as_deref().unwrap_or("").to_owned(),
            })
            .filter(|h| {
                self.read_headers.contains(&h.name) || contract().read_headers.page_can_set(&h.name)
            })
            .partition(|h| self.read_headers.contains(&h.name));
        headers.extend(page_own);
        if tab_id >= 0 {
            if let Some(member) = self.client_contact_lookup(&url, &headers) {
                self.pending
                    .push((started - 1.0, Pending::Asked { tab_id, member }));
            }
        }
        let (body, body_base64, body_truncated) = request
            .post_data
            .as_ref()
            .map(|p| post_body(p, self.engine.limits().max_body_bytes))
            .unwrap_or((None, None, false));
        self.pending.push((
            started,
            Pending::Event(Event::Request {
                time: started,
                tab_id,
                url: url.clone(),
                method: request.method.to_string(),
                resource_type: resource_type.map(str::to_owned),
                headers,
                body,
                body_base64,
                body_truncated,
                body_unread: false,
                body_from_page: false,
                socket_messages: 0,
                frame_id: None,
                origin: None,
                unloading: false,
            }),
        ));

        if tab_id >= 0 {
            self.socket_messages(entry, tab_id, &url, started);
        }

        if let Some(parsed) = WebUrl::parse(&url) {
            let ip = entry
                .server_ip_address
                .as_deref()
                .map(|ip| ip.trim().trim_start_matches('[').trim_end_matches(']'))
                .filter(|ip| !ip.is_empty());
            // The server that answered, as the shell reports it: once per
            // tab, host and address, when the response starts.
            if let (Some(ip), true) = (ip, tab_id >= 0 && parsed.is_web_or_socket()) {
                if self
                    .addresses
                    .insert((tab_id, parsed.host.to_string(), ip.to_owned()))
                {
                    self.pending.push((
                        started + first_byte,
                        Pending::Event(Event::ServerAddress {
                            time: started + first_byte,
                            tab_id,
                            url: url.clone(),
                            ip: ip.to_owned(),
                        }),
                    ));
                }
            }
            let server = or_default(&mut self.servers, parsed.host.into_owned());
            server.1 += 1;
            if let Some(ip) = ip {
                if server.0.len() < 16 {
                    server.0.insert(ip.to_owned());
                }
            }
        }

        if let (Some(response), Some(member)) = (&entry.response, self.contact_lookup(&url)) {
            if tab_id >= 0 {
                let values = self.response_contacts(response);
                if !values.is_empty() {
                    self.pending.push((
                        finished,
                        Pending::Contact {
                            tab_id,
                            member,
                            values,
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// A top-level document load: the browser says so (`Sec-Fetch-Dest:
    /// document`); without that header, the first document of its page, or
    /// the one whose URL is the page's title (Chromium titles pages by URL).
    /// Redirects are not commits: their target comes as its own entry.
    fn is_navigation(&self, page: usize, entry: &Entry<'_>, url: &str, dest: Option<&str>) -> bool {
        let status = entry
            .response
            .as_ref()
            .and_then(|r| r.status)
            .unwrap_or(0.0);
        if (300.0..400.0).contains(&status) {
            return false;
        }
        match dest {
            Some(dest) => dest == "document",
            None => {
                let html = entry
                    .response
                    .as_ref()
                    .and_then(|r| r.content.as_ref())
                    .and_then(|c| c.mime_type.as_deref())
                    .is_some_and(|m| m.trim_start().starts_with("text/html"));
                let document = match entry.resource_type.as_deref() {
                    Some(t) => t == "document",
                    None => html && entry.request.method == "GET",
                };
                document
                    && (!self.navigated.contains(&page)
                        || self.titles.get(&page).is_some_and(|t| t == url))
            }
        }
    }

    /// The member of a contact lookup that carried the site's own client
    /// headers. A HAR records no clicks; LinkedIn's web client asks for
    /// contact details only when the person opens "Contact info", so its
    /// own lookup for the profile in view stands for the click the
    /// extension would have seen (a scraper sending the client's headers
    /// escapes this, as it would a HAR-only audit anyway).
    fn client_contact_lookup(&self, url: &str, headers: &[Header]) -> Option<String> {
        let parsed = WebUrl::parse(url)?;
        let model = self.models.for_host(&parsed.host)?;
        if model.sent_by_its_client(headers) != Some(true) {
            return None;
        }
        self.contact_lookup(url)
    }

    /// The member a contact lookup of a modelled site is for.
    fn contact_lookup(&self, url: &str) -> Option<String> {
        let parsed = WebUrl::parse(url)?;
        let model = self.models.for_host(&parsed.host)?;
        let lookup = model.classify_request(&parsed)?;
        (lookup.class == RequestClass::ContactLookup)
            .then_some(lookup.member)
            .flatten()
    }

    fn response_contacts(&mut self, response: &Response<'_>) -> Vec<ContactValue> {
        let Some(content) = &response.content else {
            return vec![];
        };
        let Some(text) = content.text.as_deref() else {
            return vec![];
        };
        let json = content
            .mime_type
            .as_deref()
            .is_none_or(|m| m.contains("json"));
        if !json || text.is_empty() {
            return vec![];
        }
        if text.len() > self.limits.max_response_bytes {
            self.responses_over_cap += 1;
            return vec![];
        }
        let max = self.engine.limits().max_contact_values;
        if content.encoding.as_deref() == Some("base64") {
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text.trim()) else {
                return vec![];
            };
            return contact_values(&String::from_utf8_lossy(&bytes), max);
        }
        contact_values(text, max)
    }

    /// The address of the contact dialog of the profile `page_url` shows,
    /// when that profile is `member`.
    fn contact_link(&self, page_url: &str, member: &str) -> Option<String> {
        let parsed = WebUrl::parse(page_url)?;
        let (model, kind) = self.models.classify(&parsed)?;
        let PageKind::Profile { slug } = kind else {
            return None;
        };
        let href = format!("https://{}/in/{slug}/overlay/contact-info/", parsed.host);
        model.is_contact_link(&href, member).then_some(href)
    }

    fn finish(mut self) -> Capture {
        // Pages whose entries had no top-level document (a capture started
        // after the page loaded): the page's title, when it is an address.
        for (&page, title) in &self.titles {
            if self.navigated.contains(&page) || WebUrl::parse(title).is_none_or(|u| !u.is_web()) {
                continue;
            }
            let Some(&tab_id) = self.page_tabs.get(&page) else {
                continue;
            };
            let time = self.page_starts.get(&page).copied().unwrap_or(0.0);
            self.pending.push((
                time,
                Pending::Event(Event::Navigation {
                    time,
                    tab_id,
                    url: title.clone(),
                    transition: None,
                    qualifiers: vec![],
                    unrequested: false,
                }),
            ));
        }
        // Stable: a navigation stays before the requests its page makes at
        // the same millisecond, in the order the HAR wrote them.
        crate::sorting::sort_by(&mut self.pending, |a, b| a.0.total_cmp(&b.0));
        let limits = self.engine.limits();
        let mut pages: HashMap<TabId, String> = HashMap::new();
        let mut events = Vec::with_capacity(self.pending.len());
        let mut refused = 0;
        for (time, pending) in std::mem::take(&mut self.pending) {
            let event = match pending {
                Pending::Event(event) => {
                    if let Event::Navigation { tab_id, url, .. } = &event {
                        pages.insert(*tab_id, url.clone());
                    }
                    event
                }
                Pending::Contact {
                    tab_id,
                    member,
                    values,
                } => {
                    // Contact data of the profile in view only: the event
                    // files values under the page's profile, and a
                    // harvested member's details are not that profile's.
                    let Some(page_url) = pages.get(&tab_id) else {
                        continue;
                    };
                    if self.contact_link(page_url, &member).is_none() {
                        continue;
                    }
                    Event::PageContact {
                        time,
                        tab_id,
                        page_url: page_url.clone(),
                        values,
                    }
                }
                Pending::Asked { tab_id, member } => {
                    let Some(page_url) = pages.get(&tab_id) else {
                        continue;
                    };
                    let Some(href) = self.contact_link(page_url, &member) else {
                        continue;
                    };
                    Event::Gesture {
                        time,
                        tab_id,
                        page_url: page_url.clone(),
                        href: Some(href),
                        text: None,
                    }
                }
                Pending::Injection {
                    tab_id,
                    resource_url,
                    element,
                    loaded,
                } => {
                    let Some(page_url) = pages.get(&tab_id) else {
                        continue;
                    };
                    Event::DomInjection {
                        time,
                        tab_id,
                        page_url: page_url.clone(),
                        frame_url: None,
                        resource_url,
                        element: element.to_owned(),
                        attribute: "src".to_owned(),
                        in_shadow_root: false,
                        loaded: Some(loaded),
                    }
                }
            };
            match Capped::fit(event, limits) {
                Ok(capped) => events.push(capped),
                Err(_) => refused += 1,
            }
        }
        if self.responses_over_cap > 0 {
            self.caps.push(HarCap {
                what: HarCapKind::ResponseBytes,
                limit: self.limits.max_response_bytes,
                left_out: self.responses_over_cap,
            });
        }
        self.summary.refused = refused;
        self.summary.servers = self
            .servers
            .into_iter()
            .map(|(host, (addresses, requests))| Server {
                host,
                addresses: addresses.into_iter().collect(),
                requests,
            })
            .collect();
        Capture {
            events,
            caps: self.caps,
            summary: self.summary,
        }
    }
}

/// The browser's (`webRequest`) name for the kind of request: from
/// Chromium's `_resourceType` when the HAR has it, else from the
/// `Sec-Fetch-Dest` the browser sent; `None` when neither says.
fn resource_type(chromium: Option<&str>, dest: Option<&str>) -> Option<&'static str> {
    let subframe = matches!(dest, Some("iframe" | "frame"));
    if let Some(t) = chromium {
        return Some(match t.to_ascii_lowercase().as_str() {
            "document" if subframe => "sub_frame",
            "document" => "main_frame",
            "xhr" | "fetch" | "eventsource" | "preflight" => "xmlhttprequest",
            "ping" | "beacon" => "ping",
            "script" => "script",
            "stylesheet" => "stylesheet",
            "image" => "image",
            "font" => "font",
            "media" => "media",
            "websocket" => "websocket",
            "cspviolationreport" => "csp_report",
            _ => "other",
        });
    }
    Some(match dest? {
        "document" => "main_frame",
        "iframe" | "frame" => "sub_frame",
        "empty" => "xmlhttprequest",
        "image" => "image",
        "script" => "script",
        "style" => "stylesheet",
        "font" => "font",
        "audio" | "video" | "track" => "media",
        "report" => "csp_report",
        _ => "other",
    })
}

/// The element that loads a resource of this type.
fn element_of(resource_type: Option<&str>) -> &'static str {
    match resource_type {
        Some("image") => "img",
        Some("stylesheet") => "link",
        Some("script") => "script",
        Some("sub_frame" | "main_frame") => "iframe",
        Some("font") => "style",
        _ => "unknown",
    }
}

/// Where a batch of a WebSocket's messages separates them, one a part of a
/// `multipart/form-data` body (as the extension's shell passes them).
const SOCKET_BOUNDARY: &str = "----VigieSocketMessages7Rq2";

/// The messages a page sent over a WebSocket, as one body: each a part.
fn socket_body(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut body = vec![];
    for m in messages {
        body.extend_from_slice(
            format!(
                "--{SOCKET_BOUNDARY}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(m);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{SOCKET_BOUNDARY}--\r\n").as_bytes());
    body
}

/// The body as the shell passes it: the text, or the form parameters
/// URL-encoded as `URLSearchParams` writes them (the shell's `formData`), or
/// raw bytes given in base64 (`"encoding": "base64"`), passed as such for the
/// core to decode (the shell's `raw` parts). Base64 is cut a little past
/// what `max` bytes take, so that the engine's own cut reports the cap.
fn post_body(post: &PostData<'_>, max: usize) -> (Option<String>, Option<String>, bool) {
    match post.text.as_deref() {
        Some(text) if !text.is_empty() => {
            if post.encoding.as_deref() == Some("base64") {
                let room = max.div_ceil(3) * 4 + 4;
                let compact: String = text
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace())
                    .take(room)
                    .collect();
                (None, Some(compact), false)
            } else {
                (Some(text.to_owned()), None, false)
            }
        }
        _ if !post.params.is_empty() => {
            let form = post
                .params
                .iter()
                .map(|p| {
                    let enc = |s: &str| utf8_percent_encode(s, FORM).to_string().replace(' ', "+");
                    format!("{}={}", enc(&p.name), enc(p.value.as_deref().unwrap_or("")))
                })
                .collect::<Vec<_>>()
                .join("&");
            (Some(form), None, false)
        }
        _ => (None, None, false),
    }
}
