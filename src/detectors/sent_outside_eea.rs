//! Personal data sent outside the EU/EEA: a finding that personal data
//! left the site (any leak or harvest finding that says where it went)
//! whose receiving host's server answered from a country without an EU
//! adequacy decision (`src/destinations/adequacy.json`). The finding names
//! the organization and the country.
//!
//! Checked when such a finding is made or grows (against the places
//! already known for its hosts), and when a host's server is first located
//! (against the site's findings that name it): the address may come
//! before or after the request it answered.

use std::rc::Rc;

use crate::destinations::adequacy::{transfer, Transfer};
use crate::destinations::Country;
use crate::detectors::{Conclusion, Detector, View};
use crate::messages::event::Millis;
use crate::messages::finding::{Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Message, Sentence};
use crate::observe::{Fact, Observation};
use crate::state::destinations::ServerPlace;

pub const DETECTOR: Detector = Detector {
    name: "sentOutsideEea",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::ServerLocated { host, place } = &obs.fact else {
        return vec![];
    };
    if !place.country().is_some_and(outside) {
        return vec![];
    }
    let Some(site) = view.state.ledger.site(&obs.page.site) else {
        return vec![];
    };
    site.findings()
        .filter(|f| carries_personal_data(f) && f.evidence.destinations.iter().any(|d| d == host))
        .flat_map(|f| about(view, f, obs.time))
        .collect()
}

/// The conclusions that findings just made or grown support.
pub fn derive(view: &View<'_>, findings: &[Rc<Finding>]) -> Vec<Conclusion> {
    findings
        .iter()
        .filter(|f| carries_personal_data(f))
        .flat_map(|f| about(view, f, f.last_seen))
        .collect()
}

/// A country personal data may not go to without other safeguards.
fn outside(country: Country) -> bool {
    transfer(country.as_str()) == Transfer::NotAdequate
}

/// A finding that says which personal data went where: the leak and
/// harvest findings, not the ones this module and its sibling derive.
pub(crate) fn carries_personal_data(f: &Finding) -> bool {
    !f.evidence.data_kinds.is_empty()
        && !f.evidence.destinations.is_empty()
        && !matches!(
            f.kind,
            FindingKind::SentOutsideEea | FindingKind::SharedWithinGroup
        )
}

fn about(view: &View<'_>, f: &Finding, time: Millis) -> Vec<Conclusion> {
    let mut out = vec![];
    for host in &f.evidence.destinations {
        let countries: Vec<Country> = view
            .state
            .destinations
            .places(&f.site, host)
            .iter()
            .filter_map(ServerPlace::country)
            .filter(|c| outside(*c))
            .collect();
        if countries.is_empty() {
            continue;
        }
        let organization = organization_label(view, host);
        let mut c = derived(
            FindingKind::SentOutsideEea,
            f,
            time,
            (Severity::Warning, Confidence::Likely, Basis::SeenOnNetwork),
            describe,
        );
        c.data_kinds = f.evidence.data_kinds.clone();
        c.destinations = vec![host.clone()];
        c.samples = countries
            .iter()
            .map(|country| format!("{organization} · {host} · {}", country.as_str()))
            .collect();
        c.organizations = vec![organization];
        c.countries = countries;
        out.push(c);
    }
    out
}

/// The organization behind a host, or its registrable domain.
pub(crate) fn organization_label(view: &View<'_>, host: &str) -> String {
    match view.knowledge.destinations.owner(host) {
        Some(owner) => owner.organization.name.clone(),
        None => crate::observe::url::registrable_domain(host).to_owned(),
    }
}

/// A conclusion about the same site and actor as `f`, with its notes: what
/// they say of how the actor was named and of the evidence holds for what
/// is derived from it.
pub(crate) fn derived(
    kind: FindingKind,
    f: &Finding,
    time: Millis,
    judgement: (Severity, Confidence, Basis),
    describe: fn(&Finding) -> Message,
) -> Conclusion {
    Conclusion::on(
        kind,
        f.site.clone(),
        time,
        f.actor.clone(),
        judgement,
        describe,
    )
    .notes(f.evidence.notes.iter().copied())
}

/// Which organizations, and in which countries.
fn describe(f: &Finding) -> Message {
    Message::about(
        &f.actor,
        Sentence::SentOutsideEea,
        vec![
            Arg::Text(crate::messages::finding::join(
                &f.evidence.organizations,
                ", ",
            )),
            Arg::Countries {
                countries: f.evidence.countries.clone(),
            },
        ],
    )
}
