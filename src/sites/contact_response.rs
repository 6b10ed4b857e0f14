//! Contact data in the responses of a profile site's API: what a contact
//! lookup returned is contact data the page (and anything hooked into it)
//! now holds, and the contact-leak detector watches for it leaving. Read
//! from the answers the main-world hooks copy (`contactResponse` events)
//! and from the responses of a HAR file, by this one function.
//!
//! LinkedIn answers a contact lookup in several shapes (the legacy REST
//! `profileContactInfo` record, the GraphQL `identityDashProfilesByMemberIdentity`
//! collection, inline or normalized under `included[]`): the fields are the
//! same wherever they sit — `emailAddress` (a string, or an object holding
//! `emailAddress`) and `phoneNumbers[]` (`number`, or `phoneNumber.number`);
//! the GraphQL profile beside them names the member (`firstName`,
//! `lastName`), whose full name a lead record carries with them.
//! See `www/linkedin/entities.mjs` for the shapes the fixture site serves.

use serde_json::Value;

use crate::messages::event::{ContactValue, DataKind};

/// Nesting followed at most (serde_json refuses deeper documents anyway).
const MAX_DEPTH: usize = 64;
/// The longest value kept, in bytes (the shell's `maxContactLength`).
const MAX_VALUE_BYTES: usize = 256;

/// The e-mail addresses, phone numbers and full names of a JSON response,
/// each once, in document order, at most `max`.
///
/// ```
/// use vigie::har::contact_values;
/// let body = r#"{"emailAddress":"ada@example.org","phoneNumbers":[{"number":"+33 6 12 34 56 78","type":"MOBILE"}]}"#;
/// let values = contact_values(body, 50);
/// assert_eq!(values.len(), 2);
/// assert_eq!(values[0].value, "ada@example.org");
///
/// let body = r#"{"included":[{"firstName":"Ada","lastName":"Lovelace","emailAddress":{"emailAddress":"ada@example.org"}}]}"#;
/// let values = contact_values(body, 50);
/// assert_eq!((values[0].value.as_str(), values[1].value.as_str()), ("Ada Lovelace", "ada@example.org"));
///
/// // A Sales Navigator lead's contactInfo.
/// let body = r#"{"contactInfo":{"primaryEmail":"ada@example.org","emails":[{"emailAddress":"ada@example.org"}],"phones":[{"number":"+44 20 7946 0000"}]}}"#;
/// let values = contact_values(body, 50);
/// assert_eq!(values.len(), 2);
/// assert_eq!(values[1].value, "+44 20 7946 0000");
///
/// // One primary phone, as a record or as text.
/// let body = r#"{"contactInfo":{"primaryEmail":"ada@example.org","primaryPhone":{"number":"+44 20 7946 0001"}}}"#;
/// assert_eq!(contact_values(body, 50)[1].value, "+44 20 7946 0001");
/// ```
pub fn contact_values(body: &str, max: usize) -> Vec<ContactValue> {
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return vec![];
    };
    let mut out = vec![];
    walk(&value, 0, max, &mut out);
    out
}

fn walk(value: &Value, depth: usize, max: usize, out: &mut Vec<ContactValue>) {
    if depth > MAX_DEPTH || out.len() >= max {
        return;
    }
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(first)), Some(Value::String(last))) =
                (map.get("firstName"), map.get("lastName"))
            {
                push(
                    out,
                    max,
                    DataKind::Name,
                    &format!("{} {}", first.trim(), last.trim()),
                );
            }
            for (key, inner) in map {
                match key.as_str() {
                    // Sales Navigator's lead: `contactInfo.primaryEmail`
                    // beside `emails[].emailAddress`, and `phones[]`.
                    "primaryEmail" => {
                        if let Value::String(email) = inner {
                            push(out, max, DataKind::Email, email);
                        }
                    }
                    "emailAddress" => match inner {
                        Value::String(email) => push(out, max, DataKind::Email, email),
                        Value::Object(o) => {
                            if let Some(Value::String(email)) = o.get("emailAddress") {
                                push(out, max, DataKind::Email, email);
                            }
                        }
                        _ => {}
                    },
                    // Recruiter's profile: `contactInfo.primaryPhone.number`.
                    "primaryPhone" => {
                        let number = match inner {
                            Value::Object(o) => o.get("number"),
                            _ => Some(inner),
                        };
                        if let Some(Value::String(number)) = number {
                            push(out, max, DataKind::Phone, number);
                        }
                    }
                    "phoneNumbers" | "phones" => {
                        for phone in inner.as_array().into_iter().flatten() {
                            let number = match phone {
                                Value::String(_) => Some(phone),
                                _ => phone.get("number").or_else(|| {
                                    phone.get("phoneNumber").and_then(|p| p.get("number"))
                                }),
                            };
                            if let Some(Value::String(number)) = number {
                                push(out, max, DataKind::Phone, number);
                            }
                        }
                    }
                    _ => walk(inner, depth + 1, max, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, depth + 1, max, out)),
        _ => {}
    }
}

fn push(out: &mut Vec<ContactValue>, max: usize, kind: DataKind, value: &str) {
    let value = value.trim();
    let plausible = match kind {
        DataKind::Email => value.contains('@'),
        DataKind::Name => !value.is_empty(),
        _ => value.chars().filter(char::is_ascii_digit).count() >= 3,
    };
    if !plausible || value.len() > MAX_VALUE_BYTES || out.len() >= max {
        return;
    }
    if !out.iter().any(|v| v.kind == kind && v.value == value) {
        out.push(ContactValue {
            kind,
            value: value.to_owned(),
        });
    }
}
