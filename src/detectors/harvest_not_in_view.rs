//! Harvest of profiles not in view: contact lookups whose member is not the
//! profile the tab shows, counted by distinct profiles. This is the Kaspr
//! pattern: contact data of people the person never opened, fetched under
//! the person's own session.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::finding::{Basis, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, DataKind, Message, Sentence, Unit};
use crate::observe::{Fact, Observation};
use crate::sites::model::RequestClass;

pub const DETECTOR: Detector = Detector {
    name: "harvestNotInView",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::ApiRequest(lookup) = &obs.fact else {
        return vec![];
    };
    let Some(model) = obs.page.model else {
        return vec![];
    };
    if lookup.class != RequestClass::ContactLookup || !lookup.out_of_view() || lookup.who.is_site()
    {
        return vec![];
    }
    // The member, unless in view, and the rest of a batch.
    let first = (!lookup.in_view).then_some(lookup.member.as_str());
    let mut conclusion = Conclusion::new(
        FindingKind::HarvestNotInView,
        obs,
        view.actor(&lookup.who, &obs.page.site),
        (
            Severity::Warning,
            lookup.who.confidence(),
            Basis::SeenOnNetwork,
        ),
        describe,
    )
    .count(Count::Lookups, Tally::Bump)
    .subjects(
        first
            .into_iter()
            .chain(lookup.also.iter().map(String::as_str)),
    )
    .count(Count::ProfilesNotInView, Tally::Subjects)
    .data_kind(DataKind::Email)
    .data_kind(DataKind::Phone)
    .escalate_at(model.thresholds.not_in_view_high, Severity::High)
    .notes(lookup.who.notes());
    if lookup.by_client == Some(false) {
        // Supporting evidence only: its false-alarm rate is unknown.
        conclusion = conclusion.count(Count::LookupsWithoutClientHeaders, Tally::Bump);
    }
    vec![conclusion]
}

/// How many profiles, and where the data went if that was seen.
pub fn describe(f: &Finding) -> Message {
    let profiles = Arg::count(f.subjects.len(), Unit::Profiles);
    match f.evidence.destinations.first() {
        Some(host) => Message::about(
            &f.actor,
            Sentence::HarvestNotInViewSent,
            vec![profiles, Arg::from(host.as_str())],
        ),
        None => Message::about(&f.actor, Sentence::HarvestNotInView, vec![profiles]),
    }
}
