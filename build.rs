//! The JSON files the core compiles in, as the core reads them: written
//! compact into `OUT_DIR`, without what only people read.
//!
//! - The lists and the contract (`src/**/*.json`) document themselves in
//!   `comment` members, which the core never reads: about a third of their
//!   bytes, and of their weight in the wasm's data. The site model also
//!   says where its facts come from (`sources`, 3.8 KB of prose).
//! - The popup's message catalogues (`extension/_locales/*/messages.json`,
//!   which the HAR converter and the audit page word findings with) carry a
//!   translator's `description` beside each message: more than half their
//!   bytes.
//!
//! The core includes these (`include_str!(concat!(env!("OUT_DIR"), …))`);
//! tests that check the files themselves read the originals.

use std::path::Path;

use serde_json::Value;

/// (source, name in OUT_DIR, member dropped wherever it appears).
const FILES: &[(&str, &str, &str)] = &[
    ("src/contract.json", "contract.json", "comment"),
    ("src/sites/linkedin.json", "linkedin.json", "comment"),
    (
        "src/sites/contact_finders.json",
        "contact_finders.json",
        "comment",
    ),
    ("src/audit/rules.json", "rules.json", "comment"),
    ("src/destinations/adequacy.json", "adequacy.json", "comment"),
    ("src/destinations/letters.json", "letters.json", "comment"),
    (
        "extension/_locales/en/messages.json",
        "messages.en.json",
        "description",
    ),
    (
        "extension/_locales/fr/messages.json",
        "messages.fr.json",
        "description",
    ),
];

/// (name in OUT_DIR, a top-level member of prose the core never reads).
const PROSE: &[(&str, &str)] = &[("linkedin.json", "sources")];

fn without(value: &mut Value, member: &str) {
    match value {
        Value::Object(object) => {
            object.remove(member);
            object.values_mut().for_each(|v| without(v, member));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| without(v, member)),
        _ => {}
    }
}

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for &(source, name, member) in FILES {
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        without(&mut value, member);
        for (_, prose) in PROSE.iter().filter(|(n, _)| *n == name) {
            value.as_object_mut().map(|o| o.remove(*prose));
        }
        let compact = serde_json::to_string(&value).expect("a JSON value writes");
        std::fs::write(Path::new(&out).join(name), compact)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
