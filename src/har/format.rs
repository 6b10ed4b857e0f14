//! The HAR 1.2 document, as far as Vigie reads it
//! (<http://www.softwareishard.com/blog/har-12-spec/>, and the W3C draft
//! <https://w3c.github.io/web-performance/specs/HAR/Overview.html>).
//!
//! Only the fields Vigie uses are declared; every other field, and the
//! `_`-prefixed extensions each exporter adds, are skipped. Strings borrow
//! from the input when they have no escapes, so that reading a capture of
//! large bodies does not copy them twice. Optional in the specification or
//! left out by some exporter (Firefox leaves out `pageref`, Playwright
//! `_resourceType`, hand-written captures `timings`): optional here.

use std::borrow::Cow;

use serde::Deserialize;

pub type Text<'a> = Cow<'a, str>;

#[derive(Debug, Deserialize)]
pub struct HarFile<'a> {
    #[serde(borrow)]
    pub log: Log<'a>,
}

#[derive(Debug, Deserialize)]
pub struct Log<'a> {
    #[serde(default, borrow)]
    pub version: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub creator: Option<Creator<'a>>,
    #[serde(default, borrow)]
    pub pages: Option<Vec<Page<'a>>>,
    #[serde(borrow)]
    pub entries: Vec<Entry<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct Creator<'a> {
    #[serde(default, borrow)]
    pub name: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub version: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<'a> {
    #[serde(default, borrow)]
    pub started_date_time: Option<Text<'a>>,
    #[serde(borrow)]
    pub id: Text<'a>,
    /// The document title (Firefox, Playwright) or the page URL (Chromium).
    #[serde(default, borrow)]
    pub title: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry<'a> {
    #[serde(default, borrow)]
    pub pageref: Option<Text<'a>>,
    #[serde(borrow)]
    pub started_date_time: Text<'a>,
    /// Total time of the request in milliseconds (`-1` or absent: unknown).
    #[serde(default)]
    pub time: Option<f64>,
    #[serde(borrow)]
    pub request: Request<'a>,
    #[serde(default, borrow)]
    pub response: Option<Response<'a>>,
    #[serde(default, rename = "serverIPAddress", borrow)]
    pub server_ip_address: Option<Text<'a>>,
    #[serde(default)]
    pub timings: Option<Timings>,
    /// Chromium's resource type (`document`, `xhr`, `fetch`, `ping`, …).
    #[serde(default, rename = "_resourceType", borrow)]
    pub resource_type: Option<Text<'a>>,
    /// The frames a WebSocket carried, as Chromium's developer tools
    /// export them with its handshake's entry.
    #[serde(default, rename = "_webSocketMessages", borrow)]
    pub web_socket_messages: Vec<SocketMessage<'a>>,
}

/// One frame of a WebSocket (Chromium's `_webSocketMessages`).
#[derive(Debug, Deserialize)]
pub struct SocketMessage<'a> {
    /// `send` (from the page) or `receive`.
    #[serde(rename = "type", borrow)]
    pub direction: Text<'a>,
    /// When, in seconds since the epoch.
    #[serde(default)]
    pub time: Option<f64>,
    /// 1 for text, 2 for binary (then `data` is base64).
    #[serde(default)]
    pub opcode: Option<f64>,
    #[serde(default, borrow)]
    pub data: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request<'a> {
    #[serde(borrow)]
    pub method: Text<'a>,
    #[serde(borrow)]
    pub url: Text<'a>,
    #[serde(default, borrow)]
    pub headers: Vec<NameValue<'a>>,
    #[serde(default, borrow)]
    pub post_data: Option<PostData<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct NameValue<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(default, borrow)]
    pub value: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostData<'a> {
    #[serde(default, borrow)]
    pub text: Option<Text<'a>>,
    /// URL-encoded or multipart parameters, when the exporter parsed them.
    #[serde(default, borrow)]
    pub params: Vec<NameValue<'a>>,
    /// Not in HAR 1.2, but written by exporters for binary bodies (as in
    /// `content.encoding`): `base64`.
    #[serde(default, borrow)]
    pub encoding: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response<'a> {
    #[serde(default)]
    pub status: Option<f64>,
    #[serde(default, borrow)]
    pub content: Option<Content<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content<'a> {
    #[serde(default, borrow)]
    pub mime_type: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub text: Option<Text<'a>>,
    /// `base64` when `text` is the body in base64.
    #[serde(default, borrow)]
    pub encoding: Option<Text<'a>>,
}

/// Phases of a request in milliseconds; `-1` when a phase does not apply.
#[derive(Debug, Default, Deserialize)]
pub struct Timings {
    #[serde(default)]
    pub blocked: Option<f64>,
    #[serde(default)]
    pub dns: Option<f64>,
    #[serde(default)]
    pub connect: Option<f64>,
    #[serde(default)]
    pub send: Option<f64>,
    #[serde(default)]
    pub wait: Option<f64>,
}

impl Timings {
    /// Milliseconds from the start of the request to its first response
    /// byte (`ssl` is inside `connect`, by the specification).
    pub fn to_first_byte(&self) -> Option<f64> {
        let phases = [self.blocked, self.dns, self.connect, self.send, self.wait];
        if phases.iter().all(Option::is_none) {
            return None;
        }
        Some(
            phases
                .iter()
                .flatten()
                .filter(|t| t.is_finite() && **t > 0.0)
                .sum(),
        )
    }
}
