//! The leak matcher of Vigie's options page (`extension/options/`): the
//! core's pool and request decoder (`vigie::matching::matcher`) behind the
//! page's "test a URL or body" box, in a wasm of its own. The background's
//! engine runs the same pool and decoder on every request; the matcher's
//! own boundary is used only here (and by `tools/bench-scan.mjs`), so the
//! background's wasm, which every wake-up of the worker compiles, does not
//! carry it.
//!
//! Values cross as JSON text, as at the engine's boundary (`src/wasm/`).

use vigie::matching::matcher::Matcher;
use vigie::messages::error::{Error, ErrorKind};
use vigie::messages::event::ContactValue;
use vigie::messages::read;

/// A matcher of the values `[{kind, value}]` given as JSON text.
pub fn matcher_of(values: &str) -> Result<Matcher, Error> {
    let values: Vec<ContactValue> = read::from_text(values)
        .map_err(|e| Error::new(ErrorKind::InvalidArgument, e.to_string()))?;
    Matcher::new(&values)
}

/// What of the matcher's values one request carries, as JSON text:
/// `[{dataKind, encodings, part, masked, capped}]`.
pub fn scan_json(
    matcher: &Matcher,
    url: &str,
    body: &[u8],
    content_encoding: Option<&str>,
) -> String {
    // Plain data with string keys: serialization cannot fail.
    serde_json::to_string(&matcher.scan(url, body, content_encoding)).unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
mod boundary {
    use wasm_bindgen::prelude::*;

    /// The leak matcher on its own, for the options page's "test a URL or
    /// body" box and the browser benchmark.
    #[wasm_bindgen]
    pub struct LeakMatcher {
        inner: vigie::matching::matcher::Matcher,
    }

    #[wasm_bindgen]
    impl LeakMatcher {
        /// A pool of `[{kind, value}]`; throws `InvalidArgument`.
        #[wasm_bindgen(constructor)]
        pub fn new(values: JsValue) -> Result<LeakMatcher, JsValue> {
            let text = js_sys::JSON::stringify(&values)
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| {
                    JsValue::from(vigie::messages::error::Error::new(
                        vigie::messages::error::ErrorKind::InvalidArgument,
                        "argument cannot be turned into JSON",
                    ))
                })?;
            super::matcher_of(&text)
                .map(|inner| LeakMatcher { inner })
                .map_err(JsValue::from)
        }

        /// `[{dataKind, encodings, part, masked, capped}]` for one request
        /// (raw body bytes, empty for none).
        pub fn scan(
            &self,
            url: &str,
            body: &[u8],
            content_encoding: Option<String>,
        ) -> Result<JsValue, JsValue> {
            let text = super::scan_json(&self.inner, url, body, content_encoding.as_deref());
            js_sys::JSON::parse(&text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_watched_value_hashed_or_plain_and_says_how() {
        use sha2::{Digest, Sha256};
        let matcher = matcher_of(r#"[{"kind":"email","value":"Ada.Lovelace@example.org"}]"#)
            .expect("a matcher");
        let scan = |url: &str, body: &[u8]| -> serde_json::Value {
            serde_json::from_str(&scan_json(&matcher, url, body, None)).expect("JSON")
        };
        // The SHA-256 of the address as trackers normalise it, in hex.
        let hex: String = Sha256::digest(b"ada.lovelace@example.org")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let hashed = scan(&format!("https://px.example/t?em={hex}"), b"");
        assert_eq!(hashed[0]["dataKind"], "email");
        assert_eq!(hashed[0]["part"], "url");
        assert_eq!(hashed[0]["encodings"], serde_json::json!(["sha256", "hex"]));
        // An unrelated 64-hex id is no match.
        let other: String = Sha256::digest(b"order-20931")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            scan(&format!("https://px.example/t?id={other}"), b""),
            serde_json::json!([])
        );
        let plain = scan(
            "https://t.example/collect",
            br#"{"user":{"email":"ada.lovelace@example.org"}}"#,
        );
        assert_eq!(plain[0]["part"], "body");
        assert_eq!(plain[0]["masked"], "A***@example.org");
    }

    #[test]
    fn values_it_cannot_read_are_refused_as_invalid_arguments() {
        for bad in ["", "{}", r#"[{"kind":"shoeSize","value":"42"}]"#] {
            let e = matcher_of(bad).expect_err("refused");
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad}");
        }
    }
}
