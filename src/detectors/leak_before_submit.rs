//! A value typed into a form leaving for a third party before the form was
//! submitted: sent as the person typed or left the field, not because they
//! chose to send the form (Leaky Forms, Senol et al., USENIX Security 2022,
//! found it on about 2–3 % of the top sites, often hashed).
//!
//! The search is [`leak_to_third_party`]'s; this detector takes the values
//! whose form was not submitted when the request left.
//!
//! [`leak_to_third_party`]: crate::detectors::leak_to_third_party

use crate::detectors::leak_to_third_party::{conclude, leaks};
use crate::detectors::{Conclusion, Detector, View};
use crate::messages::finding::FindingKind;
use crate::observe::Observation;

pub const DETECTOR: Detector = Detector {
    name: "leakBeforeSubmit",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    leaks(view, obs)
        .into_iter()
        .filter(|(_, leak)| leak.before_submit)
        .map(|(request, leak)| conclude(view, obs, request, &leak, FindingKind::LeakBeforeSubmit))
        .collect()
}
