//! Contact data without the person asking: a contact lookup for the profile
//! in view with no trusted click on "Contact info" (or real navigation to the
//! contact dialog) shortly before it. A page or extension that clicks the
//! link by script produces no trusted gesture.

use crate::activity::TabActivity;
use crate::detectors::attribution::Attribution;
use crate::detectors::record::{set_message, Conclusion, Sink};
use crate::event::Millis;
use crate::finding::{Actor, Basis, Finding, FindingKind, Severity};
use crate::site_model::Thresholds;

#[allow(clippy::too_many_arguments)] // one lookup, read in full
pub fn check(
    sink: &mut Sink<'_>,
    site: &str,
    who: &Attribution,
    unattributed: Actor,
    activity: &TabActivity,
    member: &str,
    time: Millis,
    t: &Thresholds,
) -> Option<Finding> {
    let asked = activity.contact_asked.as_ref().is_some_and(|a| {
        a.profile.eq_ignore_ascii_case(member)
            && time - a.time <= t.gesture_window_ms
            && time >= a.time - 1000.0
    });
    if asked {
        return None;
    }
    // The site's own code fetching after a scripted click is still not the
    // person asking; the one who clicked is not known.
    let actor = if who.is_site() {
        unattributed
    } else {
        who.actor.clone()
    };
    let conclusion = Conclusion {
        kind: FindingKind::ContactWithoutGesture,
        site: site.to_owned(),
        confidence: who.confidence(),
        actor,
        severity: Severity::Warning,
        basis: Basis::SeenOnNetwork,
        time,
    };
    Some(sink.record(conclusion, |f, limits| {
        f.bump("lookups");
        let kept = f.add_subject(member, limits.max_subjects_per_finding);
        f.evidence
            .counts
            .insert("profiles".into(), f.subjects.len() as u64);
        let slug = f.subjects.last().cloned().unwrap_or_default();
        set_message(
            f,
            "findingContactWithoutGesture",
            vec![slug.clone()],
            format!("fetched the contact details of {slug} without you opening “Contact info”."),
        );
        kept
    }))
}
