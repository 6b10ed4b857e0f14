//! The letters of Vigie's rights page (`extension/popup/rights.html`): the
//! core's GDPR Article 15 letter writer (`vigie::destinations::letter`),
//! compiled into a wasm of its own. The background's engine gathers what a
//! letter says of a finding (`Engine.letterFacts`); this page writes it with
//! what the person ticks. The templates and their writer are used only
//! here, so the background's wasm, which every wake-up of the worker
//! compiles, does not carry them.
//!
//! Values cross as JSON text, as at the engine's boundary (`src/wasm/`).

use vigie::destinations::letter::{access_request, Letter, LetterFacts, LetterOptions};
use vigie::messages::read;

/// The letter `facts` make with `options`, both JSON text, as JSON text;
/// the reason as text when either cannot be read.
pub fn letter_json(facts: &str, options: &str) -> Result<String, String> {
    let facts: LetterFacts = read::from_text(facts).map_err(|e| format!("letter facts: {e}"))?;
    let options: LetterOptions =
        read::from_text(options).map_err(|e| format!("letter options: {e}"))?;
    let letter: Letter = access_request(&facts, &options).ok_or("no letter template")?;
    serde_json::to_string(&letter).map_err(|e| e.to_string())
}

#[cfg(target_arch = "wasm32")]
mod boundary {
    use wasm_bindgen::prelude::*;

    /// `letterJson(facts, options)`: the letter as JSON text
    /// (`{lang, organization, contact, subject, body}`); throws an `Error`
    /// named `InvalidArgument` when the facts or options cannot be read.
    #[wasm_bindgen(js_name = letterJson)]
    pub fn letter_json(facts: &str, options: &str) -> Result<String, JsValue> {
        super::letter_json(facts, options).map_err(|why| {
            let error = js_sys::Error::new(&why);
            error.set_name("InvalidArgument");
            error.into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACTS: &str = r#"{"site":"www.videoapp.example","firstSeen":1733011200000,"lastSeen":1733097600000,
        "dataKinds":["email"],"countries":["CN"],"samples":["ByteDance Inc · analytics.tiktok.com · CN"],
        "organization":"ByteDance Inc","contact":"privacy@bytedance.com","destinations":["analytics.tiktok.com"]}"#;

    #[test]
    fn writes_the_letter_the_facts_and_options_make() {
        let letter: serde_json::Value = serde_json::from_str(
            &letter_json(FACTS, r#"{"lang":"fr","erasure":true,"includeCountries":true,"countryNames":{"CN":"Chine"},"name":"Camille Martin","today":1733097600000}"#)
                .expect("a letter"),
        )
        .expect("JSON");
        assert_eq!(letter["lang"], "fr");
        assert_eq!(letter["organization"], "ByteDance Inc");
        assert_eq!(letter["contact"], "privacy@bytedance.com");
        let body = letter["body"].as_str().expect("a body");
        for part in [
            "www.videoapp.example",
            "analytics.tiktok.com",
            "Chine",
            "article 17",
            "Camille Martin",
            "2024-12-01",
        ] {
            assert!(body.contains(part), "{part} in\n{body}");
        }
        assert!(!body.contains("article 21"), "no objection unless chosen");
    }

    #[test]
    fn refuses_facts_it_cannot_read() {
        assert!(letter_json("{}", "{}").is_err_and(|e| e.starts_with("letter facts")));
        assert!(letter_json("not json", "{}").is_err());
        assert!(letter_json(FACTS, r#"{"lang":7}"#).is_err_and(|e| e.starts_with("letter options")));
    }
}
