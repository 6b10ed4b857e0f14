//! The page's own words (`www/audit/messages.json`, English and French); the
//! findings' words come from the extension's catalogue (`vigie::har::Catalogue`).

use std::collections::HashMap;
use std::sync::OnceLock;

use vigie::har::Lang;

const MESSAGES: &str = include_str!("../messages.json");

type Table = HashMap<String, HashMap<String, String>>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| serde_json::from_str(MESSAGES).unwrap_or_default())
}

/// The page's text `key` in `lang` with `$1`… filled from `args`; the key
/// itself when missing (a test reads every key in both languages).
pub(crate) fn ui_with(lang: Lang, key: &str, args: &[String]) -> String {
    let Some(text) = table().get(lang.code()).and_then(|t| t.get(key)) else {
        return key.to_owned();
    };
    let mut out = text.clone();
    for (i, arg) in args.iter().enumerate().rev() {
        out = out.replace(&format!("${}", i + 1), arg);
    }
    out
}

pub(crate) fn ui(lang: Lang, key: &str) -> String {
    ui_with(lang, key, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let t = table();
        let keys = |l: &str| {
            let mut k: Vec<&String> = t[l].keys().collect();
            k.sort();
            k
        };
        assert_eq!(keys("en"), keys("fr"));
        assert!(keys("en").len() > 10);
    }
}
