//! Network natives replaced: `fetch`, `XMLHttpRequest.prototype.open/send`,
//! `Response.prototype.json/text` replaced on a profile site by a script that
//! is not the site's — how a main-world script reads the site's own API
//! responses (pattern C). Main-world reports are claims a page could forge,
//! so the finding is at most *likely*.

use crate::detectors::attribution::{script_actor, unattributed};
use crate::detectors::record::{set_message, Conclusion, Sink};
use crate::event::Millis;
use crate::finding::{Actor, Basis, Confidence, Finding, FindingKind, Severity};
use crate::inventory::Inventory;
use crate::site_model::SiteModel;

const KNOWN_APIS: [&str; 5] = [
    "fetch",
    "XMLHttpRequest.open",
    "XMLHttpRequest.send",
    "Response.json",
    "Response.text",
];

#[allow(clippy::too_many_arguments)] // one report, read in full
pub fn record(
    sink: &mut Sink<'_>,
    inventory: &Inventory,
    model: &SiteModel,
    site: &str,
    api: &str,
    by: Option<&str>,
    when: Option<&str>,
    time: Millis,
) -> Option<Finding> {
    if !KNOWN_APIS.contains(&api) {
        return None;
    }
    let (actor, confidence) = match by.and_then(|s| script_actor(inventory, model, s)) {
        // The site may wrap its own natives (monitoring, retries): not a finding.
        Some(Actor::Site { .. }) => return None,
        Some(actor) => (actor, Confidence::Likely),
        None => (unattributed(inventory, site), Confidence::Possible),
    };
    let conclusion = Conclusion {
        kind: FindingKind::NativesReplaced,
        site: site.to_owned(),
        actor,
        severity: Severity::Warning,
        confidence,
        basis: Basis::SeenInPage,
        time,
    };
    let sample = match (by, when) {
        (Some(by), _) => format!("{api} replaced by {by}"),
        (None, Some("beforeHooks")) => format!("{api} already replaced when the page started"),
        (None, _) => format!("{api} replaced by an unknown script"),
    };
    Some(sink.record(conclusion, |f, limits| {
        f.bump("calls");
        let kept = f.add_sample(sample, limits.max_samples_per_finding);
        let mut apis: Vec<&str> = KNOWN_APIS
            .iter()
            .copied()
            .filter(|a| {
                *a == api
                    || f.evidence
                        .samples
                        .iter()
                        .any(|s| s.starts_with(&format!("{a} ")))
            })
            .collect();
        apis.dedup();
        let list = apis.join(", ");
        set_message(
            f,
            "findingNativesReplaced",
            vec![list.clone()],
            format!(
                "replaced {list} on this page: it can read what the site’s own requests return."
            ),
        );
        kept
    }))
}
