//! Bulk profile crawl: profile pages loaded in one tab faster than a person
//! reads them, or in tabs no person opened (thresholds are site data). Only
//! real navigations count, not the site's own in-page URL changes.

use crate::activity::TabActivity;
use crate::detectors::record::{Conclusion, Sink};
use crate::event::Millis;
use crate::finding::{Actor, Basis, Confidence, Finding, FindingKind, Message, Severity};
use crate::site_model::Thresholds;

pub fn check(
    sink: &mut Sink<'_>,
    site: &str,
    actor: Actor,
    activity: &TabActivity,
    time: Millis,
    t: &Thresholds,
) -> Option<Finding> {
    let mut recent: Vec<&str> = vec![];
    for (at, slug) in activity
        .profile_loads
        .iter()
        .filter(|(at, _)| time - at <= t.crawl_window_ms)
    {
        let _ = at;
        if !recent.contains(&slug.as_str()) {
            recent.push(slug);
        }
    }
    if recent.len() < t.crawl_profiles {
        return None;
    }
    let seconds = (t.crawl_window_ms / 1000.0).round() as u64;
    let members: Vec<String> = recent.iter().map(|s| (*s).to_owned()).collect();
    let conclusion = Conclusion {
        kind: FindingKind::BulkCrawl,
        site: site.to_owned(),
        actor,
        severity: Severity::Warning,
        confidence: Confidence::Likely,
        basis: Basis::SeenInPage,
        time,
    };
    Some(sink.record(conclusion, |f, limits| {
        let mut kept = true;
        for m in &members {
            kept &= f.add_subject(m, limits.max_subjects_per_finding);
        }
        f.evidence
            .counts
            .insert("pagesOpened".into(), f.subjects.len() as u64);
        let count = members.len().to_string();
        f.message = Message {
            key: "findingBulkCrawl".into(),
            args: vec![count.clone(), seconds.to_string()],
        };
        f.explanation = format!(
            "{count} profile pages were opened in {seconds} seconds, faster than a person browses."
        );
        kept
    }))
}

/// Profile pages in tabs no person opened (`loads`: time and slug, on this
/// site): a crawl once `unrequested_profiles` distinct ones fall in the window.
pub fn check_unrequested(
    sink: &mut Sink<'_>,
    site: &str,
    actor: Actor,
    loads: &[(Millis, String)],
    time: Millis,
    t: &Thresholds,
) -> Option<Finding> {
    let mut recent: Vec<&str> = vec![];
    for (_, slug) in loads
        .iter()
        .filter(|(at, _)| time - at <= t.unrequested_window_ms)
    {
        if !recent.contains(&slug.as_str()) {
            recent.push(slug);
        }
    }
    if recent.len() < t.unrequested_profiles {
        return None;
    }
    let members: Vec<String> = recent.iter().map(|s| (*s).to_owned()).collect();
    let conclusion = Conclusion {
        kind: FindingKind::BulkCrawl,
        site: site.to_owned(),
        actor,
        severity: Severity::Warning,
        confidence: Confidence::Likely,
        basis: Basis::SeenInPage,
        time,
    };
    Some(sink.record(conclusion, |f, limits| {
        let mut kept = true;
        for m in &members {
            kept &= f.add_subject(m, limits.max_subjects_per_finding);
        }
        f.evidence
            .counts
            .insert("pagesOpened".into(), f.subjects.len() as u64);
        let count = f.subjects.len().to_string();
        f.message = Message {
            key: "findingBulkCrawlUnrequested".into(),
            args: vec![count.clone()],
        };
        f.explanation = format!("{count} profile pages were opened in tabs you did not open.");
        kept
    }))
}
