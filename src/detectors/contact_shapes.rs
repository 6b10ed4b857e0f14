//! Contact data leaving a profile site, recognised by its shape: a request
//! from a tab of a modelled site (LinkedIn) to a host that is not the site's,
//! carrying e-mail- or phone-shaped values together with member identities
//! (profile addresses, member URNs). A scraper that looks contact details up
//! through the API never shows them on the page, so Vigie may never have
//! seen the values themselves; what it sees is a lead record — a person's
//! profile and their contact details — leaving for someone else's database.
//!
//! Against false alarms: a profile address alone (a share link) is not
//! contact data; values the person typed into a form of the page are theirs
//! to send; digit runs without a phone's form (ids, timestamps) are not
//! phones.

use std::borrow::Cow;
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;
use regex_lite::Regex;

use crate::detectors::contact_exfiltration::{describe, path_of};
use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::matching::pool::Watched;
use crate::messages::finding::{Basis, Confidence, FindingKind, Severity};
use crate::messages::vocabulary::{Count, DataKind, Encoding, Note};
use crate::observe::{Fact, Observation};
use crate::text::lowercase;

pub const DETECTOR: Detector = Detector {
    name: "contactShapes",
    check,
};

/// Members listed in one sample, at most.
const MAX_MEMBERS: usize = 20;

struct Shapes {
    email: Regex,
    phone: Regex,
    member: Regex,
}

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| Shapes {
        // Built in: a shape that does not compile is a build defect (panics
        // with the error's Display: `expect` would compile its Debug, and
        // str's escaping, into the wasm). ASCII only: addresses in lead
        // records are written plainly.
        email: Regex::new(r"[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}")
            .unwrap_or_else(|e| panic!("e-mail shape: {e}")),
        // International form, or groups with separators: a bare digit run
        // (an id, a timestamp) is not a phone.
        phone: Regex::new(r"(?:\+[0-9]{1,3}[ .-]?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{2,5}(?:[ .-]?[0-9]{2,5}){1,4})|(?:\(?[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4})")
            .unwrap_or_else(|e| panic!("phone shape: {e}")),
        member: Regex::new(r#"linkedin\.com/in/([A-Za-z0-9_%-]{3,100})|urn:li:fsd?_profile:(ACoA[A-Za-z0-9_-]{8,60})|"publicIdentifier"[ \t\r\n]*:[ \t\r\n]*"([A-Za-z0-9_%-]{3,100})""#)
            .unwrap_or_else(|e| panic!("member shape: {e}")),
    })
}

/// Bytes of text the patterns read per request, at most: they run only
/// around what every match must hold (an `@`, a run of phone characters, a
/// member identity's fixed words), so that a body built to cost them is
/// read once by a byte search and a few kilobytes by the patterns.
const PATTERN_BUDGET: usize = 8 * 1024;
/// Bytes an address can reach before its `@` (the local part) and after it.
const EMAIL_BEFORE: usize = 64;
const EMAIL_AFTER: usize = 1 + 253 + 25;
/// The fixed words member identities start with, and how far one reaches.
const MEMBER_WORDS: [&str; 3] = ["linkedin.com/in/", "urn:li:fs", "\"publicIdentifier\""];
const MEMBER_AFTER: usize = 140;

/// Merged spans of `text` around `anchors` (byte offsets, ascending),
/// `before` and `after` wide, on character boundaries, `budget` bytes in all.
fn spans(
    text: &str,
    anchors: impl Iterator<Item = usize>,
    before: usize,
    after: usize,
    budget: &mut usize,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = vec![];
    for at in anchors {
        let mut start = at.saturating_sub(before);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (at + after).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        match out.last_mut() {
            Some(last) if start <= last.1 => {
                let grown = end.saturating_sub(last.1);
                if grown > *budget {
                    break;
                }
                *budget -= grown;
                last.1 = last.1.max(end);
            }
            _ => {
                if end - start > *budget {
                    break;
                }
                *budget -= end - start;
                out.push((start, end));
            }
        }
    }
    out
}

/// Runs of the characters a phone number is written with, holding enough
/// digits to be one.
fn phone_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let phone_char =
        |b: u8| b.is_ascii_digit() || matches!(b, b'+' | b'(' | b')' | b' ' | b'.' | b'-');
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            while at < bytes.len() && !phone_char(bytes[at]) {
                at += 1;
            }
            let start = at;
            let mut digits = 0;
            while at < bytes.len() && phone_char(bytes[at]) {
                digits += usize::from(bytes[at].is_ascii_digit());
                at += 1;
            }
            if digits >= 9 {
                return Some((start, at));
            }
        }
        None
    })
}

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::Outbound(request) = &obs.fact else {
        return vec![];
    };
    let Some(model) = obs.page.model else {
        return vec![];
    };
    // A socket's messages are their body: its address was read with its
    // handshake.
    let mut text: String = if request.socket_messages {
        String::new()
    } else {
        request.url.clone()
    };
    if let Some(body) = &request.body {
        text.push('\n');
        text.push_str(body);
    }
    let decoded: Cow<'_, str> = if text.contains('%') {
        percent_decode_str(&text).decode_utf8_lossy()
    } else {
        Cow::Borrowed(&text)
    };
    let decoded: &str = &decoded;
    let s = shapes();
    let mut budget = PATTERN_BUDGET;
    let mut anchors: Vec<usize> = MEMBER_WORDS
        .iter()
        .flat_map(|word| decoded.match_indices(word).map(|(at, _)| at))
        .collect();
    crate::sorting::sort(&mut anchors);
    let mut members: Vec<String> = vec![];
    for (start, end) in spans(decoded, anchors.into_iter(), 0, MEMBER_AFTER, &mut budget) {
        for c in s.member.captures_iter(&decoded[start..end]) {
            let Some(m) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) else {
                continue;
            };
            let id = view
                .state
                .canonical_member(&obs.page.site, model.member_id(m.as_str()));
            if !members.contains(&id) && members.len() < MAX_MEMBERS {
                members.push(id);
            }
        }
    }
    if members.is_empty() {
        return vec![];
    }
    let typed: Vec<String> = view
        .tab(obs)
        .map(|t| t.typed.iter().map(|v| lowercase(v.value.trim())).collect())
        .unwrap_or_default();
    // One value of each shape is enough to say what left.
    let emails = spans(
        decoded,
        memchr::memchr_iter(b'@', decoded.as_bytes()),
        EMAIL_BEFORE,
        EMAIL_AFTER,
        &mut budget,
    )
    .into_iter()
    .any(|(start, end)| {
        s.email
            .find_iter(&decoded[start..end])
            .any(|m| !typed.contains(&lowercase(m.as_str())))
    });
    let phones = phone_runs(decoded)
        .take_while(|(start, end)| {
            let fits = end - start <= budget;
            budget = budget.saturating_sub(end - start);
            fits
        })
        .any(|(start, end)| {
            s.phone.find_iter(&decoded[start..end]).any(|m| {
                let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
                (9..=15).contains(&digits) && !typed.iter().any(|t| t.contains(m.as_str()))
            })
        });
    if !emails && !phones {
        return vec![];
    }
    let who = &request.who;
    // The request is certain; that the values are the members' contact
    // details is read from their shape: likely, never confirmed.
    let confidence = Confidence::Likely;
    // Where they went; what kinds of data, and whose, the finding lists
    // apart, in the person's language.
    let sample = format!("{} {}", request.host, path_of(&request.url));
    // A request that carries as many harvested profiles as the shapes name
    // people names them already (a lead's id beside its profile's
    // address): the same people are not counted twice.
    let mut harvested: Vec<&str> = vec![];
    for hit in &request.hits {
        if let Watched::HarvestedMember(m) = &hit.watched {
            if !harvested.contains(&m.as_str()) {
                harvested.push(m);
            }
        }
    }
    let named = if harvested.len() >= members.len() {
        vec![]
    } else {
        members
    };
    let mut leak = Conclusion::new(
        FindingKind::ContactExfiltration,
        obs,
        view.actor(who, &obs.page.site),
        (Severity::High, confidence, Basis::SeenOnNetwork),
        describe,
    )
    .count(Count::Matches, Tally::Bump)
    .subjects(named)
    .destination(request.host.as_str())
    .encoding(Encoding::Plain)
    .sample(sample)
    .notes(who.notes())
    .notes([Note::ShapeOnly]);
    // Read in the page, whose code could have steered what Vigie read.
    if request.body_from_page {
        leak = leak.notes([Note::BodyReadInPage]);
    }
    if emails {
        leak = leak.data_kind(DataKind::Email);
    }
    if phones {
        leak = leak.data_kind(DataKind::Phone);
    }
    vec![leak]
}
