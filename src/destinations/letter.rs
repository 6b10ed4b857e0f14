//! The letters a person can send from Vigie's evidence: a GDPR Article 15
//! access request to the organization behind a finding's destinations,
//! with Article 17 erasure and Article 21 objection as options, in English
//! or French (`letters.json`). Filled with what Vigie saw — the site, the
//! dates, the kinds of data, the destinations, the countries and, if the
//! person chooses, the masked samples — and nothing else: the person's
//! name only if they type it. Written locally; Vigie sends nothing.
//!
//! In two steps: the engine gathers a finding's [`LetterFacts`]
//! ([`facts`], `Engine::letter_facts`), and [`access_request`] writes the
//! letter from them. In the extension the second step runs in the rights
//! page's own small wasm (`extension/letters/`), so that the templates and
//! their writer stay out of the background's.

use crate::collections::SortedMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::destinations::organizations::Organization;
use crate::messages::event::Millis;
use crate::messages::finding::Finding;
use crate::messages::read::{read_struct, FromJson};

/// What a letter says of a finding: what Vigie saw, and who received it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LetterFacts {
    /// The site the person was on.
    pub site: String,
    pub first_seen: Millis,
    pub last_seen: Millis,
    /// The kinds of data sent (`DataKind` names).
    pub data_kinds: Vec<String>,
    /// Where the servers were (country codes).
    pub countries: Vec<String>,
    /// The masked samples.
    pub samples: Vec<String>,
    /// The organization the letter goes to, and its privacy contact.
    pub organization: String,
    pub contact: Option<String>,
    /// The finding's destinations that organization runs.
    pub destinations: Vec<String>,
}

read_struct!(LetterFacts {
    site: "site",
    first_seen: "firstSeen",
    last_seen: "lastSeen",
    data_kinds: default "dataKinds",
    countries: default "countries",
    samples: default "samples",
    organization: "organization",
    contact: "contact",
    destinations: default "destinations",
});

/// The facts of `finding` for a letter to `organization`, which runs `destinations`.
pub fn facts(
    finding: &Finding,
    organization: &Organization,
    destinations: &[String],
) -> LetterFacts {
    LetterFacts {
        site: finding.site.clone(),
        first_seen: finding.first_seen,
        last_seen: finding.last_seen,
        data_kinds: finding
            .evidence
            .data_kinds
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect(),
        countries: finding
            .evidence
            .countries
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        samples: finding.evidence.samples.clone(),
        organization: organization.name.clone(),
        contact: organization.privacy_contact.clone(),
        destinations: destinations.to_vec(),
    }
}

/// What the person chose to put in the letter.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LetterOptions {
    /// `en` or `fr` (anything else: English).
    pub lang: String,
    /// Ask for erasure too (Art. 17).
    pub erasure: bool,
    /// Object to the processing too (Art. 21).
    pub objection: bool,
    /// Quote the finding's masked samples.
    pub include_samples: bool,
    /// Name the countries of the servers.
    pub include_countries: bool,
    /// The person's name, if they want it in the signature.
    pub name: Option<String>,
    /// Country names in the letter's language, by code (the popup has
    /// them from the browser); a code without one is written as the code.
    pub country_names: SortedMap<String, String>,
    /// Today, as the shell's `Date.now()`.
    pub today: Millis,
}

/// A letter, ready to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Letter {
    pub lang: String,
    pub organization: String,
    /// Where to send it, when the database knows (an address or a form).
    pub contact: Option<String>,
    pub subject: String,
    pub body: String,
}

#[derive(Debug)]
struct Templates {
    subject: String,
    also_erasure: String,
    also_objection: String,
    to: String,
    greeting: String,
    intro: String,
    kinds: String,
    countries: String,
    samples: String,
    article15: String,
    article17: String,
    article21: String,
    deadline: String,
    identify: String,
    closing: String,
    signature: String,
    anonymous: String,
    generated: String,
    kind_names: SortedMap<String, String>,
}

read_struct!(LetterOptions {
    lang: default "lang",
    erasure: default "erasure",
    objection: default "objection",
    include_samples: default "includeSamples",
    include_countries: default "includeCountries",
    name: "name",
    country_names: default "countryNames",
    today: default "today",
});

read_struct!(Templates {
    subject: "subject",
    also_erasure: "alsoErasure",
    also_objection: "alsoObjection",
    to: "to",
    greeting: "greeting",
    intro: "intro",
    kinds: "kinds",
    countries: "countries",
    samples: "samples",
    article15: "article15",
    article17: "article17",
    article21: "article21",
    deadline: "deadline",
    identify: "identify",
    closing: "closing",
    signature: "signature",
    anonymous: "anonymous",
    generated: "generated",
    kind_names: "kindNames",
});

fn templates(lang: &str) -> Option<&'static Templates> {
    static ALL: OnceLock<SortedMap<String, Templates>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let value: serde_json::Value =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/letters.json")))
                .unwrap_or_default();
        ["en", "fr"]
            .iter()
            .filter_map(|l| {
                let t = Templates::from_json(value.get(*l)?).ok()?;
                Some(((*l).to_owned(), t))
            })
            .collect()
    });
    all.get(lang).or_else(|| all.get("en"))
}

/// `template` with each `{name}` replaced.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A day as `YYYY-MM-DD` (UTC) from milliseconds since the epoch.
pub fn iso_day(ms: Millis) -> String {
    // Days to civil date: Howard Hinnant's algorithm (chrono-compatible).
    let days = (ms / 86_400_000.0).floor() as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The Article 15 request a finding's `facts` make, with what the person chose.
pub fn access_request(facts: &LetterFacts, options: &LetterOptions) -> Option<Letter> {
    let lang = if options.lang == "fr" { "fr" } else { "en" };
    let t = templates(lang)?;
    let mut also = String::new();
    if options.erasure {
        also.push_str(&t.also_erasure);
    }
    if options.objection {
        also.push_str(&t.also_objection);
    }
    let subject = fill(&t.subject, &[("also", &also)]);
    let contact = facts.contact.clone();
    let contact_text = contact
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let kinds: Vec<String> = facts
        .data_kinds
        .iter()
        .map(|k| t.kind_names.get(k).cloned().unwrap_or_else(|| k.clone()))
        .collect();
    let countries: Vec<String> = facts
        .countries
        .iter()
        .map(|c| {
            options
                .country_names
                .get(c)
                .cloned()
                .unwrap_or_else(|| c.clone())
        })
        .collect();
    let mut paragraphs = vec![
        fill(
            &t.to,
            &[
                ("organization", &facts.organization),
                ("contact", &contact_text),
            ],
        ),
        t.greeting.clone(),
        fill(
            &t.intro,
            &[
                ("first", &iso_day(facts.first_seen)),
                ("last", &iso_day(facts.last_seen)),
                ("site", &facts.site),
                ("destinations", &facts.destinations.join(", ")),
            ],
        ),
    ];
    if !kinds.is_empty() {
        paragraphs.push(fill(&t.kinds, &[("kinds", &kinds.join(", "))]));
    }
    if options.include_countries && !countries.is_empty() {
        paragraphs.push(fill(&t.countries, &[("countries", &countries.join(", "))]));
    }
    if options.include_samples && !facts.samples.is_empty() {
        // One line each: a list in no language's punctuation.
        let lines: Vec<String> = facts.samples.iter().map(|s| format!("- {s}")).collect();
        paragraphs.push(fill(&t.samples, &[("samples", &lines.join("\n"))]));
    }
    paragraphs.push(t.article15.clone());
    if options.erasure {
        paragraphs.push(t.article17.clone());
    }
    if options.objection {
        paragraphs.push(t.article21.clone());
    }
    paragraphs.push(t.deadline.clone());
    paragraphs.push(t.identify.clone());
    let name = options
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&t.anonymous);
    paragraphs.push(format!(
        "{}\n{}",
        t.closing,
        fill(&t.signature, &[("name", name)])
    ));
    paragraphs.push(fill(&t.generated, &[("today", &iso_day(options.today))]));
    Some(Letter {
        lang: lang.to_owned(),
        organization: facts.organization.clone(),
        contact,
        subject,
        body: paragraphs.join("\n\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_in_utc_as_iso_dates() {
        assert_eq!(iso_day(0.0), "1970-01-01");
        assert_eq!(iso_day(1_733_011_200_000.0), "2024-12-01");
        assert_eq!(iso_day(951_782_400_000.0), "2000-02-29");
    }

    #[test]
    fn both_languages_have_every_template() {
        assert!(templates("en").is_some());
        assert!(templates("fr").is_some_and(|t| t.greeting.starts_with("Madame")));
        assert!(templates("de").is_some_and(|t| t.greeting.starts_with("Dear")));
    }
}
