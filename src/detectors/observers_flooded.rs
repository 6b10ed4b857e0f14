//! Observers flooded: something in the page sent Vigie's page observer or
//! main-world hooks more reports than they take. Past a cap Vigie stops
//! listening to that page, so a flood is a way to hide what comes next: the
//! cap reached is itself a finding, never only a health counter. Nobody is
//! named — a page and an extension can both flood.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::finding::{Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Count, Message, Sentence};
use crate::observe::url::shown_path;
use crate::observe::{Fact, Observation};

pub const DETECTOR: Detector = Detector {
    name: "observersFlooded",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::ObserversFlooded = obs.fact else {
        return vec![];
    };
    // The page's address without what it may carry (the sample is kept);
    // the limit reached is listed, in the person's language, among the
    // limits Vigie reached.
    let sample = format!("{}{}", obs.page.site, shown_path(&obs.page.url));
    vec![Conclusion::new(
        FindingKind::ObserversFlooded,
        obs,
        view.anyone(&obs.page.site),
        (Severity::Warning, Confidence::Confirmed, Basis::SeenInPage),
        describe,
    )
    .count(Count::Floods, Tally::Bump)
    .sample(sample)]
}

fn describe(f: &Finding) -> Message {
    Message::about(&f.actor, Sentence::ObserversFlooded, vec![])
}
