//! Harvest of profiles not in view: contact lookups whose member is not the
//! profile the tab shows, counted by distinct profiles. This is the Kaspr
//! pattern: contact data of people the person never opened, fetched under
//! the person's own session.

use crate::detectors::attribution::Attribution;
use crate::detectors::record::{set_message, Conclusion, Sink};
use crate::event::Millis;
use crate::finding::{add_to_set, Basis, Finding, FindingKind, Severity};
use crate::site_model::Thresholds;

/// `by_client`: whether the request carried the site client's own headers
/// (`None` when the browser did not show the headers).
pub fn record(
    sink: &mut Sink<'_>,
    site: &str,
    who: &Attribution,
    member: &str,
    by_client: Option<bool>,
    time: Millis,
    t: &Thresholds,
) -> Finding {
    let conclusion = Conclusion {
        kind: FindingKind::HarvestNotInView,
        site: site.to_owned(),
        actor: who.actor.clone(),
        severity: Severity::Warning,
        confidence: who.confidence(),
        basis: Basis::SeenOnNetwork,
        time,
    };
    let high = t.not_in_view_high;
    sink.record(conclusion, |f, limits| {
        f.bump("lookups");
        if by_client == Some(false) {
            // Supporting evidence only: its false-alarm rate is unknown.
            f.bump("lookupsWithoutClientHeaders");
        }
        let kept = f.add_subject(member, limits.max_subjects_per_finding);
        let profiles = f.subjects.len();
        f.evidence
            .counts
            .insert("profilesNotInView".into(), profiles as u64);
        add_to_set(&mut f.evidence.data_kinds, "email");
        add_to_set(&mut f.evidence.data_kinds, "phone");
        if profiles >= high {
            f.severity = f.severity.max(Severity::High);
        }
        describe(f);
        kept
    })
}

/// Writes the sentence from the evidence: how many profiles, and where the
/// data went if that was seen.
pub fn describe(f: &mut Finding) {
    let count = f.subjects.len().to_string();
    match f.evidence.destinations.first().cloned() {
        Some(host) => set_message(
            f,
            "findingHarvestNotInViewSent",
            vec![count.clone(), host.clone()],
            format!("fetched the contact details of {count} profiles you did not open and sent them to {host}."),
        ),
        None => set_message(
            f,
            "findingHarvestNotInView",
            vec![count.clone()],
            format!("fetched the contact details of {count} profiles you did not open."),
        ),
    }
}
