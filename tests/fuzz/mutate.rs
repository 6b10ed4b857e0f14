//! Inputs that break parsers: tricky strings and URLs, and mutations of
//! valid events and snapshots, on their JSON values and on their text.

use serde_json::{json, Map, Value};

use crate::rng::Rng;

/// Strings that have broken text handling somewhere: empty, multi-byte,
/// zero-width, direction marks, escapes, delimiters, URL pieces.
pub const TRICKY: &[&str] = &[
    "",
    " ",
    "é",
    "e\u{301}",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{202E}evil",
    "\u{FFFD}",
    "\u{10FFFF}",
    "🦀",
    "👩‍👩‍👧",
    "\0",
    "\\",
    "\"",
    "%",
    "%E9",
    "%C3%A9",
    "%zz",
    "%%41",
    "://",
    "https://",
    "https://www.linkedin.com",
    "https://www.linkedin.com/in/",
    "https://[::1]:99999/",
    "http://[",
    "chrome-extension://",
    "moz-extension://",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop/",
    "moz-extension://0123abcd-4567-89ab-cdef-0123456789ab/x",
    "about:blank",
    "data:text/html,<b>",
    "urn:li:fsd_profile:",
    "urn:li:fsd_profile:ACoAA\u{200B}",
    "NaN",
    "Infinity",
    "-0",
    "1e999",
    "null",
    "<all_urls>",
    "contact info",
    "Contact info",
    "COORDONNÉES",
    "xmlhttprequest",
    "main_frame",
    "history",
];

/// Characters whose UTF-8 takes 2, 3 and 4 bytes.
const WIDE: &[char] = &['é', '€', '🦀'];

/// A string made to break something: a tricky one, random characters, or
/// wide characters just around a byte cap (so that a cut there would fall
/// inside a character).
pub fn tricky_string(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => rng.pick(TRICKY).to_string(),
        4 | 5 => rng.string(24),
        6 => url(rng),
        7 => {
            let cap = *rng.pick(&[8192usize, 65536]);
            let wide = *rng.pick(WIDE);
            let n = cap / wide.len_utf8() + rng.below(4);
            let mut text: String = "a".repeat(rng.below(4));
            text.extend(std::iter::repeat_n(wide, n));
            text
        }
        8 => format!("{}{}{}", url(rng), rng.pick(TRICKY), rng.string(6)),
        _ => rng.pick(TRICKY).repeat(1 + rng.below(300)),
    }
}

/// A URL, mostly well formed, from the shapes the site models and the
/// extension-resource parser look for.
pub fn url(rng: &mut Rng) -> String {
    let scheme = *rng.pick(&[
        "https",
        "http",
        "HTTPS",
        "chrome-extension",
        "moz-extension",
        "ftp",
        "",
        "ht tp",
        "a+b.c-d",
    ]);
    let host = match rng.below(8) {
        0 => "www.linkedin.com".to_owned(),
        1 => "WWW.LinkedIn.COM".to_owned(),
        2 => "abcdefghijklmnopabcdefghijklmnop".to_owned(),
        3 => "0123abcd-4567-89ab-cdef-0123456789ab".to_owned(),
        4 => format!(
            "[{}]",
            rng.pick(&["::1", "fe80::1%25eth0", "", "::ffff:1.2.3.4"])
        ),
        5 => format!("{}.example", rng.string(6)),
        6 => "media.licdn.com".to_owned(),
        _ => rng
            .pick(&["tracker.example", "127.0.0.1", "x", "", "@", "a@b@c"])
            .to_string(),
    };
    let userinfo = if rng.one_in(10) { "user:pass@" } else { "" };
    let port = match rng.below(8) {
        0 => format!(":{}", rng.below(100_000)),
        1 => ":".to_owned(),
        2 => format!(":{}", rng.pick(TRICKY)),
        _ => String::new(),
    };
    let slug = match rng.below(4) {
        0 => "alice-martin".to_owned(),
        1 => rng.string(12),
        2 => format!("ACoAA{}", rng.below(1_000_000)),
        _ => rng.pick(TRICKY).to_string(),
    };
    let path = match rng.below(9) {
        0 => format!("/in/{slug}/"),
        1 => format!("/in/{slug}/overlay/contact-info/"),
        2 => format!("/voyager/api/identity/profiles/{slug}/profileContactInfo"),
        3 => format!(
            "/voyager/api/graphql?variables=(memberIdentity:{slug})&queryId=voyagerIdentityDashProfiles.{}",
            rng.below(1000)
        ),
        4 => format!("/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity={slug}"),
        5 => format!("/sales/lead/{slug}"),
        6 => "/panel.html".to_owned(),
        7 => String::new(),
        _ => format!("/{}", rng.string(10)),
    };
    let tail = match rng.below(6) {
        0 => format!("?{}={}", rng.string(4), rng.pick(TRICKY)),
        1 => format!("#{}", rng.string(4)),
        2 => "?%".to_owned(),
        _ => String::new(),
    };
    format!("{scheme}://{userinfo}{host}{port}{path}{tail}")
}

/// A number that strains a numeric field: huge, negative, fractional, zero,
/// or past what a 64-bit integer holds.
pub fn number(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => json!(u64::MAX),
        1 => json!(i64::MIN),
        2 => json!(f64::MAX),
        3 => json!(-f64::MAX),
        4 => json!(-1),
        5 => json!(0.5),
        6 => json!(-0.0),
        7 => json!(f64::MIN_POSITIVE),
        8 => json!(1u64 << 53),
        _ => json!(rng.below(10_000)),
    }
}

/// Arrays or objects nested `depth` deep.
pub fn nested(rng: &mut Rng, depth: usize) -> Value {
    let mut value = Value::Null;
    for _ in 0..depth {
        value = if rng.one_in(2) {
            json!([value])
        } else {
            json!({ "kind": value })
        };
    }
    value
}

/// Any JSON value, small.
pub fn any_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.one_in(2)),
        2 => number(rng),
        3 => Value::String(tricky_string(rng)),
        4 => json!([]),
        5 => json!({}),
        6 => {
            let depth = 1 + rng.below(200);
            nested(rng, depth)
        }
        7 => json!([tricky_string(rng), number(rng)]),
        _ => Value::String(url(rng)),
    }
}

/// Event type names, the real ones and near misses.
const TYPES: &[&str] = &[
    "extensionInventory",
    "extensionChanged",
    "navigation",
    "request",
    "gesture",
    "pageContact",
    "mainWorld",
    "bridgeDrop",
    "memberIdentity",
    "formInput",
    "tabClosed",
    "observerCapReached",
    "domInjection",
    "Navigation",
    "navigation ",
    "",
];

/// One random mutation somewhere in `value`: a node replaced by something
/// of another type or shape, a key removed or added, the type changed.
pub fn mutate_value(rng: &mut Rng, value: &mut Value) {
    let node = random_node(rng, value);
    match rng.below(12) {
        0..=3 => *node = any_value(rng),
        4 => {
            if let Value::String(s) = node {
                *s = tricky_string(rng);
            } else {
                *node = Value::String(tricky_string(rng));
            }
        }
        5 => {
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().nth(rng.below(map.len().max(1))).cloned() {
                    map.remove(&key);
                }
            }
        }
        6 => {
            if let Value::Object(map) = node {
                let key = rng.pick(&["extra", "v", "type", "kind", "time", "__proto__"]);
                map.insert(key.to_string(), any_value(rng));
            }
        }
        7 => {
            if let Value::Array(items) = node {
                // Lists grown past their caps, or emptied.
                if let Some(first) = items.first().cloned() {
                    let n = *rng.pick(&[0usize, 21, 33, 51, 201, 1001]);
                    items.resize(n, first);
                }
            }
        }
        8 => {
            if let Value::Object(map) = node {
                map.insert("type".into(), json!(rng.pick(TYPES)));
            }
        }
        9 => *node = number(rng),
        10 => {
            if let Value::Object(map) = value {
                map.insert("time".into(), number(rng));
            }
        }
        _ => {
            if let Value::Object(map) = node {
                let copy: Map<String, Value> = map.clone();
                map.insert("report".into(), Value::Object(copy));
            }
        }
    }
}

/// A node of `value` chosen by walking down at random.
fn random_node<'a>(rng: &mut Rng, value: &'a mut Value) -> &'a mut Value {
    let stop = rng.one_in(3);
    let len = match &*value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if stop || len == 0 {
        return value;
    }
    let i = rng.below(len);
    match value {
        Value::Object(map) => match map.values_mut().nth(i) {
            Some(child) => random_node(rng, child),
            None => unreachable!("i < len"),
        },
        Value::Array(items) => random_node(rng, &mut items[i]),
        _ => unreachable!("len > 0 only for containers"),
    }
}

/// Snippets inserted into JSON text: structure, escapes of lone and paired
/// surrogates, numbers JSON cannot hold, invisible characters.
const SNIPPETS: &[&str] = &[
    ",",
    "}",
    "{",
    "]",
    "[",
    "\"",
    ":",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\udfff",
    "\\ud83e\\udd80",
    "\\ud800\\u0041",
    "1e999",
    "-1e999",
    "NaN",
    "Infinity",
    "18446744073709551616",
    "-",
    "0.",
    "\u{200B}",
    "\u{FEFF}",
    "é",
    "\"v\":1,",
    "\"v\":2,",
    "\"v\":1.0,",
];

/// One random mutation of JSON text: cut short, a snippet inserted, a
/// range deleted or repeated. Cuts fall on character boundaries (the input
/// is a `&str`, as it is at the boundary).
pub fn mutate_text(rng: &mut Rng, text: &mut String) {
    let at = boundary(text, rng.below(text.len() + 1));
    match rng.below(7) {
        0 => text.truncate(at),
        1..=3 => {
            let snippet = *rng.pick(SNIPPETS);
            text.insert_str(at, snippet);
        }
        4 => {
            let c = rng.char();
            text.insert(at, c);
        }
        5 => {
            let end = boundary(text, at + rng.below(16));
            text.replace_range(at..end, "");
        }
        _ => {
            let end = boundary(text, at + rng.below(64));
            let piece = text[at..end].to_owned();
            text.insert_str(end, &piece);
        }
    }
}

/// The nearest character boundary at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
