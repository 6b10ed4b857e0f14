//! An audit as plain text, for a terminal or a CI log: per site, each
//! finding's severity and kind, its sentence, who did it, how sure Vigie is
//! and on what, what data went where, the evidence counts and samples —
//! the popup's card, line by line.

use std::fmt::Write;

use super::audit::Audit;
use super::catalogue::Catalogue;
use super::convert::{HarCap, HarCapKind};

/// Samples shown per finding (the popup shows as many).
const SAMPLES_SHOWN: usize = 5;
/// Profiles listed per finding; the rest are counted.
const PROFILES_SHOWN: usize = 10;

/// The audit of `file` as text in the catalogue's language.
pub fn render_text(file: &str, audit: &Audit, c: &Catalogue) -> String {
    let mut out = String::new();
    let findings = audit.findings().count();
    let [pages, requests, findings] =
        summary_counts(c, audit.summary.pages, audit.summary.entries, findings);
    let _ = writeln!(out, "{file}: {pages} · {requests} · {findings}");
    let left_out = match c.lang() {
        super::Lang::En => "left out",
        super::Lang::Fr => "laissé de côté\u{a0}",
    };
    for cap in &audit.har_caps {
        let _ = writeln!(out, "  ! {left_out}: {}", cap_text(c, cap));
    }
    if let Some(note) = caps_note(audit, c) {
        let _ = writeln!(out, "  ! {note}");
    }
    for site in &audit.sites {
        let _ = writeln!(out, "\n{}", site.site);
        for f in &site.findings {
            let _ = writeln!(out, "  [{}] {}", c.severity(f.severity), c.kind(f));
            let _ = writeln!(out, "    {}", c.sentence(f));
            let _ = writeln!(
                out,
                "    {} · {} · {}",
                c.actor(&f.actor),
                c.confidence(f),
                c.basis(f)
            );
            for note in c.notes(f) {
                let _ = writeln!(out, "    – {note}");
            }
            let chips = c.data_chips(f);
            if !chips.is_empty() {
                let _ = writeln!(out, "    {}", chips.join(" · "));
            }
            let counts = c.evidence_counts(f);
            if !counts.is_empty() {
                let _ = writeln!(
                    out,
                    "    {}: {}",
                    c.text("popup_evidence", "Evidence"),
                    counts.join(" · ")
                );
            }
            for sample in f.evidence.samples.iter().take(SAMPLES_SHOWN) {
                let _ = writeln!(out, "      {sample}");
            }
            let is_lead = |s: &str| site.site_model.as_ref().is_some_and(|m| m.is_lead(s));
            if !f.subjects.is_empty() && !Catalogue::subjects_written(f, is_lead) {
                let shown: Vec<String> = f
                    .subjects
                    .iter()
                    .take(PROFILES_SHOWN)
                    .map(|s| match &site.site_model {
                        Some(m) => m.profile_label(s),
                        None => s.clone(),
                    })
                    .collect();
                let more = f.subjects.len().saturating_sub(PROFILES_SHOWN);
                let _ = write!(
                    out,
                    "    {}: {}",
                    c.plural("popup_profiles", f.subjects.len() as u64)
                        .unwrap_or_default(),
                    shown.join(", ")
                );
                if more > 0 {
                    let _ = write!(
                        out,
                        " {}",
                        c.plural("popup_moreSamples", more as u64)
                            .unwrap_or_default()
                    );
                }
                out.push('\n');
            }
        }
    }
    out
}

/// What one of the HAR reader's caps left out, in words, with how many:
/// "entries past the first 1,000,000 (12)".
pub fn cap_text(c: &Catalogue, cap: &HarCap) -> String {
    let (n, limit) = (c.count(cap.left_out as u64), c.count(cap.limit as u64));
    match (c.lang(), cap.what) {
        (super::Lang::En, HarCapKind::Entries) => format!("entries past the first {limit} ({n})"),
        (super::Lang::En, HarCapKind::ResponseBytes) => {
            format!("response bodies over {limit} bytes, not searched ({n})")
        }
        (super::Lang::Fr, HarCapKind::Entries) => {
            format!("entrées au-delà des {limit} premières ({n})")
        }
        (super::Lang::Fr, HarCapKind::ResponseBytes) => {
            format!("corps de réponse de plus de {limit} octets, non fouillés ({n})")
        }
    }
}

/// The summary's counts, each with its noun in the right number: "1 page",
/// "42 requests", "3 findings".
pub fn summary_counts(
    c: &Catalogue,
    pages: usize,
    requests: usize,
    findings: usize,
) -> [String; 3] {
    [
        counted(c, Noun::Pages, pages),
        counted(c, Noun::Requests, requests),
        counted(c, Noun::Findings, findings),
    ]
}

#[derive(Clone, Copy)]
enum Noun {
    Pages,
    Requests,
    Findings,
}

/// "42 requests": the summary line's nouns are not words of the popup's
/// catalogue (it counts a site's pages and warnings, not a file's).
/// The engine's limits the audit reached, said as the popup says them
/// (`popup_healthCaps`), or `None` when it reached none.
pub fn caps_note(audit: &Audit, c: &Catalogue) -> Option<String> {
    // What was read only in part, then what was set aside: two sentences.
    let note = |in_part: bool, key: &str| {
        let caps: Vec<String> = audit
            .health
            .caps_reached
            .iter()
            .filter(|cap| cap.in_part == in_part)
            .map(|cap| {
                let label = c.text(&format!("cap_{}", cap.what.as_str()), cap.what.as_str());
                match cap.limit {
                    // A limit of the shell's, whose size the core does not know.
                    0 => label,
                    limit => format!("{label} ({})", c.count(limit as u64)),
                }
            })
            .collect();
        (!caps.is_empty())
            .then(|| c.t(key, &[caps.join(", ")]))
            .flatten()
    };
    let notes: Vec<String> = [
        note(true, "popup_healthCapsInPart"),
        note(false, "popup_healthCaps"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!notes.is_empty()).then(|| notes.join(" "))
}

fn counted(c: &Catalogue, noun: Noun, n: usize) -> String {
    let one = match c.lang() {
        super::Lang::En => n == 1,
        super::Lang::Fr => n <= 1,
    };
    let word = match (c.lang(), noun, one) {
        (super::Lang::En, Noun::Pages, true) => "page",
        (super::Lang::En, Noun::Pages, false) => "pages",
        (super::Lang::En, Noun::Requests, true) => "request",
        (super::Lang::En, Noun::Requests, false) => "requests",
        (super::Lang::En, Noun::Findings, true) => "finding",
        (super::Lang::En, Noun::Findings, false) => "findings",
        (super::Lang::Fr, Noun::Pages, true) => "page",
        (super::Lang::Fr, Noun::Pages, false) => "pages",
        (super::Lang::Fr, Noun::Requests, true) => "requête",
        (super::Lang::Fr, Noun::Requests, false) => "requêtes",
        (super::Lang::Fr, Noun::Findings, true) => "constat",
        (super::Lang::Fr, Noun::Findings, false) => "constats",
    };
    format!("{} {word}", c.count(n as u64))
}
