//! The JSON files the core compiles in, as the core reads them: written
//! compact into `OUT_DIR`, without what only people read; and the contract
//! (`src/contract.json`) as Rust, a constant of the program.
//!
//! - The lists (`src/**/*.json`) document themselves in
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

/// (source, name in OUT_DIR, member dropped wherever it appears, top-level
/// members of prose the core never reads).
const FILES: &[(&str, &str, &str, &[&str])] = &[
    (
        "src/sites/linkedin.json",
        "linkedin.json",
        "comment",
        &["sources"],
    ),
    (
        "src/sites/contact_finders.json",
        "contact_finders.json",
        "comment",
        &[],
    ),
    ("src/audit/rules.json", "rules.json", "comment", &[]),
    (
        "src/destinations/adequacy.json",
        "adequacy.json",
        "comment",
        &[],
    ),
    (
        "src/destinations/letters.json",
        "letters.json",
        "comment",
        &[],
    ),
    (
        "extension/_locales/en/messages.json",
        "messages.en.json",
        "description",
        &[],
    ),
    (
        "extension/_locales/fr/messages.json",
        "messages.fr.json",
        "description",
        &[],
    ),
];

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

/// The contract's sections as Rust types: (member, type, the members the
/// core keeps; empty for all of them but `comment`).
const CONTRACT_TYPES: &[(&str, &str, &[&str])] = &[
    ("engine", "Limits", &[]),
    ("hooks", "Hooks", &[]),
    ("shell", "ShellLimits", &["maxHeaderBytes"]),
    ("readHeaders", "ReadHeaders", &[]),
    ("fieldKinds", "FieldKinds", &[]),
];

/// `maxBodyBytes` → `max_body_bytes`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A JSON number, string or list of strings as a Rust constant expression.
fn literal(at: &str, value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_u64() => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            let texts: Vec<String> = items
                .iter()
                .map(|v| match v.as_str() {
                    Some(t) => format!("{t:?}"),
                    None => panic!("src/contract.json: {at} holds a list of strings only"),
                })
                .collect();
            format!("&[{}]", texts.join(", "))
        }
        _ => panic!("src/contract.json: {at} is a count, a text or a list of texts"),
    }
}

/// `src/contract.json` as the constant expression of a `Contract`: the
/// core's copy is part of the program, not data it reads. A member the
/// types lack, or a field the file lacks, fails the build.
fn contract_rust(contract: &Value) -> String {
    let mut sections = Vec::new();
    for &(member, ty, kept) in CONTRACT_TYPES {
        let Some(Value::Object(fields)) = contract.get(member) else {
            panic!("src/contract.json: no `{member}` object");
        };
        let fields: Vec<String> = fields
            .iter()
            .filter(|(name, _)| {
                *name != "comment" && (kept.is_empty() || kept.contains(&name.as_str()))
            })
            .map(|(name, v)| {
                format!(
                    "{}: {}",
                    snake(name),
                    literal(&format!("{member}.{name}"), v)
                )
            })
            .collect();
        sections.push(format!(
            "{}: {ty} {{ {} }}",
            snake(member),
            fields.join(", ")
        ));
    }
    format!(
        "// Written by build.rs from src/contract.json.\nContract {{ {} }}\n",
        sections.join(", ")
    )
}

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=src/contract.json");
    let contract = std::fs::read_to_string("src/contract.json").expect("src/contract.json");
    let contract: Value = serde_json::from_str(&contract).expect("src/contract.json is JSON");
    std::fs::write(
        Path::new(&out).join("contract.rs"),
        contract_rust(&contract),
    )
    .expect("contract.rs is written");
    for &(source, name, member, prose) in FILES {
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        without(&mut value, member);
        if let Some(object) = value.as_object_mut() {
            for top in prose {
                object.remove(*top);
            }
        }
        let compact = serde_json::to_string(&value).expect("a JSON value writes");
        std::fs::write(Path::new(&out).join(name), compact)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
