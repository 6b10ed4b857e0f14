//! The JSON files the core compiles in, as the core uses them, in
//! `OUT_DIR`:
//!
//! - The contract (`src/contract.json`) and the built-in knowledge (the
//!   site model, the contact finders, the audit's rules and the adequacy
//!   list) as Rust: constants of the program, checked here against their
//!   shapes ([`KNOWLEDGE`]), so that the core carries neither their JSON
//!   nor a reader for it (about 6 KB of the extension's wasm, gzip). A
//!   member a shape lacks, a required one missing, a value of the wrong
//!   kind or a name no variant has fails the build. What only people read
//!   (`comment…` members, the site model's `sources`) is left out.
//! - The letters' texts, compact and without their `comment` members.
//! - The popup's message catalogues (`extension/_locales/*/messages.json`,
//!   which the HAR converter and the audit page word findings with) carry a
//!   translator's `description` beside each message: more than half their
//!   bytes.
//!
//! The core includes these (`include!` and `include_str!(concat!(env!(
//! "OUT_DIR"), …))`); tests that check the files themselves read the
//! originals.

use std::path::Path;

use serde_json::Value;

/// (source, name in OUT_DIR, member dropped wherever it appears).
const FILES: &[(&str, &str, &str)] = &[
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
    (
        "shell",
        "ShellLimits",
        &["maxHeaderBytes", "maxSocketMessagesPerReport"],
    ),
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

/// What a member of a knowledge file holds, and the Rust it becomes.
#[derive(Clone, Copy)]
enum Kind {
    /// `&'static str`.
    Text,
    /// `Option<&'static str>`: absent or null is `None`.
    MaybeText,
    /// `&'static [&'static str]`.
    Texts,
    /// `bool`.
    Flag,
    /// `usize`.
    Count,
    /// `f64`.
    Number,
    /// A variant of the enum named, by its camel-case name.
    Name(&'static str),
    /// `&'static [Enum]`.
    Names(&'static str),
    /// A struct of the shape given.
    Record(&'static Shape),
    /// `&'static [Struct]`.
    Records(&'static Shape),
    /// An object of texts: `&'static [(&'static str, &'static str)]`,
    /// sorted by key.
    TextMap,
    /// An object of structs: `&'static [(&'static str, Struct)]`, sorted
    /// by key.
    RecordMap(&'static Shape),
}

/// A struct of the core and the members that fill it: (JSON name, kind,
/// required); the field is the name in snake case ([`snake`]). An absent member that is not required takes its kind's
/// empty value (`&[]`, `false`, `None`), or the field of `rest`; a text, a
/// number or a name has none, so such a member is required unless the
/// struct has a `rest`. Members named `comment…` are for people.
struct Shape {
    ty: &'static str,
    fields: &'static [(&'static str, Kind, bool)],
    rest: Option<&'static str>,
    /// Members of prose, never read.
    prose: &'static [&'static str],
}

const THRESHOLDS: Shape = Shape {
    ty: "Thresholds",
    fields: &[
        ("notInViewHigh", Kind::Count, false),
        ("withoutGestureHigh", Kind::Count, false),
        ("burstProfiles", Kind::Count, false),
        ("burstWindowMs", Kind::Number, false),
        ("regularMinProfiles", Kind::Count, false),
        ("regularMaxCv", Kind::Number, false),
        ("gestureWindowMs", Kind::Number, false),
        ("crawlProfiles", Kind::Count, false),
        ("crawlWindowMs", Kind::Number, false),
        ("unrequestedProfiles", Kind::Count, false),
        ("unrequestedWindowMs", Kind::Number, false),
    ],
    rest: Some("Thresholds::DEFAULT"),
    prose: &[],
};

const REQUEST_RULE: Shape = Shape {
    ty: "RequestRuleData",
    fields: &[
        ("class", Kind::Name("RequestClass"), true),
        ("path", Kind::Text, true),
        ("query", Kind::MaybeText, false),
        ("member", Kind::MaybeText, false),
        ("scripted", Kind::Flag, false),
        ("shownWithPage", Kind::Flag, false),
    ],
    rest: None,
    prose: &[],
};

const SITE_MODEL: Shape = Shape {
    ty: "SiteModelData",
    fields: &[
        ("id", Kind::Text, true),
        ("name", Kind::Text, true),
        ("hosts", Kind::Texts, true),
        ("firstPartyHostSuffixes", Kind::Texts, true),
        ("profilePath", Kind::Text, true),
        ("profileUrlPrefix", Kind::Text, true),
        ("leadPaths", Kind::Texts, false),
        ("leadIdPrefix", Kind::MaybeText, false),
        ("leadUrlPrefix", Kind::MaybeText, false),
        ("contactDialogPath", Kind::Text, true),
        ("contactLabels", Kind::Texts, false),
        ("clientHeaders", Kind::Texts, false),
        ("readHeaders", Kind::Texts, false),
        ("requests", Kind::Records(&REQUEST_RULE), false),
        ("thresholds", Kind::Record(&THRESHOLDS), false),
        ("memberUrnPrefixes", Kind::Texts, false),
    ],
    rest: None,
    prose: &["sources"],
};

const CONTACT_FINDER: Shape = Shape {
    ty: "ContactFinder",
    fields: &[
        ("id", Kind::Text, true),
        ("product", Kind::Text, true),
        ("vendor", Kind::Text, true),
        ("listing", Kind::Text, true),
        ("source", Kind::Text, true),
        ("profileScraper", Kind::Flag, true),
        ("knownTo", Kind::Names("FinderBehaviour"), true),
    ],
    rest: None,
    prose: &[],
};

const CONTACT_FINDERS: Shape = Shape {
    ty: "ContactFinderList",
    fields: &[("extensions", Kind::Records(&CONTACT_FINDER), true)],
    rest: None,
    prose: &[],
};

const PERMISSION_RULE: Shape = Shape {
    ty: "PermissionRule",
    fields: &[
        ("capability", Kind::Name("Capability"), true),
        ("risk", Kind::Name("Risk"), true),
    ],
    rest: None,
    prose: &[],
};

const RULES: Shape = Shape {
    ty: "Rules",
    fields: &[
        ("permissions", Kind::RecordMap(&PERMISSION_RULE), true),
        ("storeUpdateUrls", Kind::Texts, true),
    ],
    rest: None,
    prose: &[],
};

const ADEQUACY: Shape = Shape {
    ty: "List",
    fields: &[
        ("source", Kind::Text, true),
        ("date", Kind::Text, true),
        ("eu", Kind::Texts, true),
        ("eea", Kind::Texts, true),
        ("adequate", Kind::TextMap, true),
        ("partial", Kind::TextMap, true),
    ],
    rest: None,
    prose: &[],
};

/// The knowledge files: (source, Rust expression in OUT_DIR, shape).
const KNOWLEDGE: &[(&str, &str, &Shape)] = &[
    ("src/sites/linkedin.json", "linkedin.rs", &SITE_MODEL),
    (
        "src/sites/contact_finders.json",
        "contact_finders.rs",
        &CONTACT_FINDERS,
    ),
    ("src/audit/rules.json", "rules.rs", &RULES),
    ("src/destinations/adequacy.json", "adequacy.rs", &ADEQUACY),
];

/// `contactLookup` → `ContactLookup`.
fn variant(at: &str, value: &Value) -> String {
    let name = text_of(at, value);
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_ascii_lowercase() && chars.all(|c| c.is_ascii_alphanumeric()) => {
            format!("{}{}", first.to_ascii_uppercase(), &name[1..])
        }
        _ => panic!("{at}: `{name}` is not a camel-case name"),
    }
}

fn text_of<'v>(at: &str, value: &'v Value) -> &'v str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{at}: expected a text, found {value}"))
}

fn items<'v>(at: &str, value: &'v Value) -> &'v [Value] {
    match value {
        Value::Array(items) => items,
        _ => panic!("{at}: expected a list, found {value}"),
    }
}

/// An object's members sorted by key (the core looks them up by binary
/// search), but its `comment…` members, which people read.
fn sorted_members<'v>(at: &str, value: &'v Value) -> Vec<(&'v String, &'v Value)> {
    let Value::Object(members) = value else {
        panic!("{at}: expected an object, found {value}");
    };
    let mut pairs: Vec<_> = members
        .iter()
        .filter(|(key, _)| !key.starts_with("comment"))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    pairs
}

/// The Rust of a value of `kind`, or of the kind's empty value when it is
/// absent (`None`).
fn rust_of(at: &str, kind: Kind, value: Option<&Value>) -> String {
    let Some(value) = value else {
        return match kind {
            Kind::MaybeText => "None".into(),
            Kind::Flag => "false".into(),
            Kind::Texts
            | Kind::Names(_)
            | Kind::Records(_)
            | Kind::TextMap
            | Kind::RecordMap(_) => "&[]".into(),
            Kind::Record(shape) if shape.rest.is_some() => shape.rest.unwrap_or_default().into(),
            _ => panic!("{at}: required"),
        };
    };
    match kind {
        Kind::Text => format!("{:?}", text_of(at, value)),
        Kind::MaybeText if value.is_null() => "None".into(),
        Kind::MaybeText => format!("Some({:?})", text_of(at, value)),
        Kind::Texts => list_of(at, value, Kind::Text),
        Kind::Flag => match value.as_bool() {
            Some(flag) => flag.to_string(),
            None => panic!("{at}: expected true or false, found {value}"),
        },
        Kind::Count => match value.as_u64() {
            Some(n) => n.to_string(),
            None => panic!("{at}: expected a count, found {value}"),
        },
        Kind::Number => match value.as_f64() {
            Some(n) if n.is_finite() => format!("{n:?}"),
            _ => panic!("{at}: expected a number, found {value}"),
        },
        Kind::Name(ty) => format!("{ty}::{}", variant(at, value)),
        Kind::Names(ty) => list_of(at, value, Kind::Name(ty)),
        Kind::Record(shape) => record(at, shape, value),
        Kind::Records(shape) => list_of(at, value, Kind::Record(shape)),
        Kind::TextMap => map_of(at, value, Kind::Text),
        Kind::RecordMap(shape) => map_of(at, value, Kind::Record(shape)),
    }
}

/// A list of values of `kind`: `&[…]`.
fn list_of(at: &str, value: &Value, kind: Kind) -> String {
    let items: Vec<String> = items(at, value)
        .iter()
        .enumerate()
        .map(|(i, v)| rust_of(&format!("{at}.{i}"), kind, Some(v)))
        .collect();
    format!("&[{}]", items.join(", "))
}

/// An object of values of `kind`: `&[(key, …)]`, sorted by key.
fn map_of(at: &str, value: &Value, kind: Kind) -> String {
    let pairs: Vec<String> = sorted_members(at, value)
        .into_iter()
        .map(|(k, v)| format!("({k:?}, {})", rust_of(&format!("{at}.{k}"), kind, Some(v))))
        .collect();
    format!("&[{}]", pairs.join(", "))
}

/// An object as the struct `shape` names.
fn record(at: &str, shape: &Shape, value: &Value) -> String {
    let Value::Object(members) = value else {
        panic!("{at}: expected an object, found {value}");
    };
    for name in members.keys() {
        let known = shape.fields.iter().any(|f| f.0 == name)
            || shape.prose.contains(&name.as_str())
            || name.starts_with("comment");
        if !known {
            panic!("{at}: unknown member `{name}`");
        }
    }
    let mut fields = vec![];
    for &(name, kind, required) in shape.fields {
        let member = members.get(name);
        match (member, shape.rest) {
            (None, Some(_)) => continue,
            (None, None) if required => panic!("{at}: member `{name}` is missing"),
            _ => {}
        }
        fields.push(format!(
            "{}: {}",
            snake(name),
            rust_of(&format!("{at}.{name}"), kind, member)
        ));
    }
    match shape.rest {
        Some(rest) if fields.len() < shape.fields.len() => fields.push(format!("..{rest}")),
        _ => {}
    }
    format!("{} {{ {} }}", shape.ty, fields.join(", "))
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
    for &(source, name, shape) in KNOWLEDGE {
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        let rust = format!(
            "// Written by build.rs from {source}.\n{}\n",
            record(source, shape, &value)
        );
        std::fs::write(Path::new(&out).join(name), rust).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    for &(source, name, member) in FILES {
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        without(&mut value, member);
        let compact = serde_json::to_string(&value).expect("a JSON value writes");
        std::fs::write(Path::new(&out).join(name), compact)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
