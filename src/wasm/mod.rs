//! The JavaScript boundary. It converts and nothing else: every decision is
//! in the plain-Rust engine.
//!
//! Values cross as JSON text, parsed and written by `serde_json` on this
//! side and by `JSON.parse`/`JSON.stringify` on the other: events, so that
//! the size cap is checked before parsing and the native and wasm paths share
//! one parser; answers, so that they share the serializer the snapshot
//! already needs (a second serde data format, as `serde-wasm-bindgen` was,
//! compiles every type's (de)serializer again into the wasm). Errors are
//! thrown as `Error` objects whose `name` is the stable [`ErrorKind`] name.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::messages::error::{Error, ErrorKind};

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsValue::from(Error::new(ErrorKind::InvalidArgument, e.to_string())))?;
    js_sys::JSON::parse(&text)
}

/// The engine, as an opaque handle for JavaScript.
#[wasm_bindgen(js_name = Engine)]
pub struct WasmEngine {
    inner: crate::Engine,
}

impl Default for WasmEngine {
    fn default() -> Self {
        WasmEngine::new()
    }
}

#[wasm_bindgen(js_class = Engine)]
impl WasmEngine {
    /// A fresh engine with the default limits.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmEngine {
        WasmEngine {
            inner: crate::Engine::new(),
        }
    }

    /// An engine restored from `snapshot()` text; throws `InvalidSnapshot`.
    pub fn restore(snapshot: &str) -> Result<WasmEngine, JsValue> {
        crate::Engine::restore(snapshot)
            .map(|inner| WasmEngine { inner })
            .map_err(JsValue::from)
    }

    /// Takes the organization and IP-country tables (`data/organizations.txt`
    /// as text, `data/ip-country.bin` as bytes); throws `InvalidArgument` for
    /// tables it cannot read. Needed again after `restore`.
    #[wasm_bindgen(js_name = loadDestinations)]
    pub fn load_destinations(
        &mut self,
        organizations: String,
        ip_table: Vec<u8>,
    ) -> Result<(), JsValue> {
        // Owned: the 2 MB table and the text are copied into the wasm's
        // memory once, and kept there as they came.
        self.inner
            .load_destinations(organizations, ip_table)
            .map_err(JsValue::from)
    }

    /// What a GDPR Article 15 letter about one finding says:
    /// `LetterFacts` (`site`, `firstSeen`, `lastSeen`, `dataKinds`,
    /// `countries`, `samples`, `organization`, `contact`, `destinations`),
    /// which the rights page's own wasm writes as a letter
    /// (`extension/letters/`). Throws `InvalidArgument`.
    #[wasm_bindgen(js_name = letterFacts)]
    pub fn letter_facts(&self, site: &str, key: &str) -> Result<JsValue, JsValue> {
        let facts = self.inner.letter_facts(site, key).map_err(JsValue::from)?;
        to_js(&facts)
    }

    /// The event schema version the engine expects in `v`.
    #[wasm_bindgen(js_name = schemaVersion)]
    pub fn schema_version() -> u32 {
        crate::messages::event::SCHEMA_VERSION as u32
    }

    /// Ingests one event object; returns `{findings, notify, notices}`.
    pub fn ingest(&mut self, event: &JsValue) -> Result<JsValue, JsValue> {
        let text = match js_sys::JSON::stringify(event) {
            Ok(text) => text.as_string(),
            Err(_) => None,
        };
        let Some(text) = text else {
            let e = Error::new(
                ErrorKind::MalformedEvent,
                "event cannot be turned into JSON",
            );
            return Err(self.inner.reject(e).into());
        };
        self.ingest_json(&text)
    }

    /// Ingests one event given as JSON text.
    #[wasm_bindgen(js_name = ingestJson)]
    pub fn ingest_json(&mut self, text: &str) -> Result<JsValue, JsValue> {
        let out = self.inner.ingest_json(text).map_err(JsValue::from)?;
        to_js(&out)
    }

    /// What the popup shows for a site: `{site, findings, watched, extensions,
    /// health, badge, siteModel}`.
    #[wasm_bindgen(js_name = siteReport)]
    pub fn site_report(&self, site: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.site_report(site))
    }

    /// Every finding on every site, most severe first.
    #[wasm_bindgen(js_name = allFindings)]
    pub fn all_findings(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.all_findings())
    }

    /// Every installed extension with its capability audit and the findings
    /// that concern it, riskiest first: `[{audit, findings, candidateIn}]`.
    #[wasm_bindgen(js_name = extensionReports)]
    pub fn extension_reports(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.extension_reports())
    }

    /// The badge for a site: `{count, worst}`.
    pub fn badge(&self, site: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.badge(site))
    }

    /// The site a URL is filed under, or `undefined` for unwatched pages.
    #[wasm_bindgen(js_name = siteOf)]
    pub fn site_of(url: &str) -> Option<String> {
        crate::Engine::site_of(url)
    }

    /// Forgets a site; returns how many findings went.
    #[wasm_bindgen(js_name = forgetSite)]
    pub fn forget_site(&mut self, site: &str) -> u32 {
        u32::try_from(self.inner.forget_site(site)).unwrap_or(u32::MAX)
    }

    /// `{acceptedEvents, rejectedEvents, lastRejection, capsReached}`.
    pub fn health(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.health())
    }

    /// The whole state as JSON text.
    pub fn snapshot(&self) -> String {
        self.inner.snapshot()
    }
}

/// Gives the core the Public Suffix List's text (the extension's
/// data/public_suffix_list.dat), once per instance and before the first
/// engine: until then a host's registrable domain is its last two labels.
/// Throws `InvalidArgument` for text that is not a list.
#[wasm_bindgen(js_name = loadPublicSuffixes)]
pub fn load_public_suffixes(text: &str) -> Result<(), JsValue> {
    crate::observe::url::load_public_suffixes(text).map_err(JsValue::from)
}
