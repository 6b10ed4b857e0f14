//! Shared within a group: a site sends identifiers of the person to a host
//! of another brand of the group that owns it — a messaging app's account
//! id reaching its parent's advertising brand. Informational when what
//! travels is the account identifier the site's own API carries (it links
//! the person's accounts across brands); a warning when personal data the
//! person entered or was shown is matched in it.
//!
//! The site and the host must both be listed in the organizations table
//! with one organization and different brands: hosts of one brand (a CDN of
//! the site's own product) are the site itself.

use std::rc::Rc;

use crate::destinations::organizations::Owner;
use crate::detectors::contact_exfiltration::path_of;
use crate::detectors::sent_outside_eea::{carries_personal_data, derived};
use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::finding::{Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, Message, Sentence};
use crate::observe::{Fact, Observation};

pub const DETECTOR: Detector = Detector {
    name: "sharedWithinGroup",
    check,
};

/// The brand of `site` and of `host` when they are two brands of one group.
fn two_brands<'d>(view: &View<'d>, site: &str, host: &str) -> Option<(Owner<'d>, Owner<'d>)> {
    let destinations = &view.knowledge.destinations;
    let from = destinations.owner(site)?;
    let to = destinations.owner(host)?;
    (from.organization.id == to.organization.id && from.brand != to.brand).then_some((from, to))
}

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::Outbound(request) = &obs.fact else {
        return vec![];
    };
    let site = &obs.page.site;
    // Cheapest first: most requests carry no identifier of the site's.
    let Some(ids) = view.state.destinations.site(site).map(|s| &s.identifiers) else {
        return vec![];
    };
    // A socket's messages are their body: its address was read with its
    // handshake.
    let carried = ids.iter().any(|id| {
        (!request.socket_messages && request.url.contains(id.as_str()))
            || request
                .body
                .as_deref()
                .is_some_and(|b| b.contains(id.as_str()))
    });
    if !carried {
        return vec![];
    }
    let Some((from, to)) = two_brands(view, site, &request.host) else {
        return vec![];
    };
    let actor = view.actor(&request.who, site);
    let mut c = Conclusion::new(
        FindingKind::SharedWithinGroup,
        obs,
        actor,
        (Severity::Info, Confidence::Likely, Basis::SeenOnNetwork),
        describe,
    )
    .count(Count::Matches, Tally::Bump)
    .destination(request.host.as_str())
    .sample(format!(
        "{} → {} · {} {}",
        from.brand,
        to.brand,
        request.host,
        path_of(&request.url)
    ));
    c.organizations = vec![to.organization.name.clone()];
    vec![c]
}

/// Personal-data findings whose destination is another brand of the site's
/// group: the same sharing, now with personal data in it.
pub fn derive(view: &View<'_>, findings: &[Rc<Finding>]) -> Vec<Conclusion> {
    let mut out = vec![];
    for f in findings.iter().filter(|f| carries_personal_data(f)) {
        for host in &f.evidence.destinations {
            let Some((from, to)) = two_brands(view, &f.site, host) else {
                continue;
            };
            let mut c = derived(
                FindingKind::SharedWithinGroup,
                f,
                f.last_seen,
                (Severity::Warning, Confidence::Likely, Basis::SeenOnNetwork),
                describe,
            );
            c.data_kinds = f.evidence.data_kinds.clone();
            c.destinations = vec![host.clone()];
            c.samples = vec![format!("{} → {} · {host}", from.brand, to.brand)];
            c.organizations = vec![to.organization.name.clone()];
            out.push(c);
        }
    }
    out
}

/// Which hosts of which group.
fn describe(f: &Finding) -> Message {
    Message::about(
        &f.actor,
        Sentence::SharedWithinGroup,
        vec![
            Arg::Text(crate::messages::finding::join(
                &f.evidence.organizations,
                ", ",
            )),
            Arg::Text(crate::messages::finding::join(
                &f.evidence.destinations,
                ", ",
            )),
        ],
    )
}
