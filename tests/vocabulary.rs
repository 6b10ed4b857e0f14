//! Every word of the core's vocabulary has its labels in both locales of the
//! extension: a finding can never reach the popup as a raw key.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;
use vigie::audit::capability::{Capability, FinderBehaviour, Prior, Risk};
use vigie::messages::finding::{FindingKind, Reason};
use vigie::messages::vocabulary::{Cap, Count, DataKind, Encoding, Note, Sentence, Unit};

fn locale(lang: &str) -> BTreeMap<String, Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("extension/_locales")
        .join(lang)
        .join("messages.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The keys a word needs: counted words need both plural forms.
fn keys() -> Vec<String> {
    let mut keys = vec![];
    let counted = |base: String| [format!("{base}_one"), format!("{base}_other")];
    for c in Count::ALL {
        keys.extend(counted(format!("evidence_{c}")));
    }
    for u in Unit::ALL {
        keys.extend(counted(format!("unit_{u}")));
    }
    keys.extend(Encoding::ALL.iter().map(|e| format!("encoding_{e}")));
    keys.extend(Cap::ALL.iter().map(|c| format!("cap_{c}")));
    keys.extend(Note::ALL.iter().map(|n| format!("note_{n}")));
    keys.extend(DataKind::ALL.iter().map(|d| format!("dataKind_{d}")));
    keys.extend(Reason::ALL.iter().map(|r| format!("reason_{r}")));
    keys.extend(FindingKind::ALL.iter().map(|k| format!("kind_{k}")));
    keys.extend(Capability::ALL.iter().map(|c| format!("capability_{c}")));
    keys.extend(Risk::ALL.iter().map(|r| format!("risk_{r}")));
    keys.extend(Prior::ALL.iter().map(|p| format!("prior_{p}")));
    keys.extend(
        FinderBehaviour::ALL
            .iter()
            .map(|b| format!("finderDoes_{b}")),
    );
    for s in Sentence::ALL {
        keys.extend(s.forms().iter().map(|form| s.key(*form)));
    }
    keys
}

#[test]
fn every_word_of_the_vocabulary_has_a_label_in_english_and_french() {
    for lang in ["en", "fr"] {
        let messages = locale(lang);
        let missing: Vec<String> = keys()
            .into_iter()
            .filter(|k| {
                messages
                    .get(k)
                    .and_then(|m| m["message"].as_str())
                    .is_none_or(str::is_empty)
            })
            .collect();
        assert!(missing.is_empty(), "{lang}: no label for {missing:?}");
    }
}

#[test]
fn counted_labels_and_units_substitute_the_number() {
    for lang in ["en", "fr"] {
        let messages = locale(lang);
        for key in keys()
            .iter()
            .filter(|k| k.ends_with("_one") || k.ends_with("_other"))
        {
            let text = messages[key]["message"].as_str().unwrap();
            let placeholders = messages[key]["placeholders"].as_object();
            let uses_number = text.contains("$1")
                || placeholders.is_some_and(|p| {
                    p.values().any(|v| v["content"] == "$1")
                        && p.keys().any(|name| {
                            text.to_lowercase()
                                .contains(&format!("${}$", name.to_lowercase()))
                        })
                });
            assert!(
                uses_number,
                "{lang}: {key} does not show its number: {text}"
            );
        }
    }
}
