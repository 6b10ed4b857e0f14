//! Contact data without the person asking: a contact lookup for the profile
//! in view with no trusted click on "Contact info" (or real navigation to the
//! contact dialog) shortly before it. A page or extension that clicks the
//! link by script produces no trusted gesture. Once it has happened on
//! several profiles (site data), it is a method, and high. Where the site
//! shows the details with the profile's page (Sales Navigator's lead page),
//! there is nothing to ask for, and nothing is said.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::finding::{Basis, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, Message, Sentence};
use crate::observe::{Fact, Observation};
use crate::sites::model::RequestClass;

pub const DETECTOR: Detector = Detector {
    name: "contactWithoutGesture",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::ApiRequest(lookup) = &obs.fact else {
        return vec![];
    };
    let (Some(model), Some(tab)) = (obs.page.model, view.tab(obs)) else {
        return vec![];
    };
    // Details the site shows with the page are not asked for by a click.
    if lookup.class != RequestClass::ContactLookup || !lookup.in_view || lookup.shown_with_page {
        return vec![];
    }
    let t = &model.thresholds;
    let asked = tab.contact_asked.as_ref().is_some_and(|a| {
        a.profile.eq_ignore_ascii_case(&lookup.member)
            && obs.time - a.time <= t.gesture_window_ms
            && obs.time >= a.time - 1000.0
    });
    if asked {
        return vec![];
    }
    // The site's own code fetching after a scripted click is still not the
    // person asking; the one who clicked is not known.
    let actor = if lookup.who.is_site() {
        view.anyone(&obs.page.site)
    } else {
        view.actor(&lookup.who, &obs.page.site)
    };
    vec![Conclusion::new(
        FindingKind::ContactWithoutGesture,
        obs,
        actor,
        (
            Severity::Warning,
            lookup.who.confidence(),
            Basis::SeenOnNetwork,
        ),
        describe,
    )
    .count(Count::Lookups, Tally::Bump)
    .subject(lookup.member.as_str())
    .count(Count::Profiles, Tally::Subjects)
    .escalate_at(t.without_gesture_high, Severity::High)
    .notes(lookup.who.notes())]
}

fn describe(f: &Finding) -> Message {
    let profile = f.subjects.last().map_or("", String::as_str);
    Message::about(
        &f.actor,
        Sentence::ContactWithoutGesture,
        vec![Arg::from(profile)],
    )
}
