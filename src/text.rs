//! Unicode lowercase without Unicode tables in the wasm.
//!
//! Names, values and site text are compared lowercased. Rust's
//! `str::to_lowercase` carries the Unicode case tables (about 14 KB of data
//! and 4 KB of code in the wasm); the browser that runs the wasm has the same
//! mapping in `String.prototype.toLowerCase` (Unicode default case
//! conversion, final sigma included, no locale). ASCII text, nearly all of
//! it, never leaves the wasm; other text is lowercased by the browser in
//! wasm and by the standard library natively.

/// `text` in lowercase, by Unicode's default case conversion.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    unicode_lowercase(text)
}

#[cfg(target_arch = "wasm32")]
fn unicode_lowercase(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_lower_case())
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_lowercase(text: &str) -> String {
    text.to_lowercase()
}

/// `text` in uppercase, by Unicode's default case conversion.
pub fn uppercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    unicode_uppercase(text)
}

#[cfg(target_arch = "wasm32")]
fn unicode_uppercase(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_upper_case())
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_uppercase(text: &str) -> String {
    text.to_uppercase()
}

/// `text` with each word's first letter in uppercase and the rest in
/// lowercase (words are separated by spaces and hyphens): "Léa Dupré-Noël".
pub fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = true;
    for c in text.chars() {
        let one = c.encode_utf8(&mut [0; 4]).to_owned();
        out.push_str(&if word_start {
            uppercase(&one)
        } else {
            lowercase(&one)
        });
        word_start = c == ' ' || c == '-';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{lowercase, title_case, uppercase};

    #[test]
    fn words_are_written_in_title_case_and_uppercase() {
        assert_eq!(title_case("léa DUPRÉ-noël"), "Léa Dupré-Noël");
        assert_eq!(title_case("émilie  dubois"), "Émilie  Dubois");
        assert_eq!(uppercase("Léa Dupré"), "LÉA DUPRÉ");
        assert_eq!(uppercase("ada"), "ADA");
    }

    #[test]
    fn ascii_and_unicode_text_is_lowercased_as_the_standard_library_does() {
        for text in [
            "",
            "Jane DOE",
            "ÉLODIE Ærø",
            "ΟΔΥΣΣΕΥΣ",
            "İstanbul",
            "ＡＢＣ",
            "a\u{0}B",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text:?}");
        }
    }
}
