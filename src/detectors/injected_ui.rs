//! Extension-injected UI: a node in a page that references an extension's own
//! resources (`chrome-extension://<id>/…`, `moz-extension://<uuid>/…`).
//!
//! Contact finders show their results in a panel or frame injected into the
//! profile page (Lusha's `frame.html`, Apollo's `panel.html`): the extension
//! is reading the profile the person is looking at. The id in the URL names
//! the extension, *seen in the page*, when that id belongs to an installed,
//! enabled extension.
//!
//! A page can write such URLs itself (LinkedIn probes extension ids; a
//! page out to frame an extension writes its address), so a reference to
//! an extension that is not installed or is disabled, or to a resource the
//! page could not load, proves nothing about an extension: it stays
//! *possible* and informational. One the page could load, it could have
//! written too: *likely* the extension's, said with that note, and
//! *confirmed* only for a known contact finder, whose panel in the profiles
//! it reads is what it is known for.
//!
//! Severity: on a profile page of a modelled site, a warning; by a known
//! contact-finder product that reads profiles, high; anywhere else,
//! informational.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::finding::{concat, Actor, Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, Message, Note, Sentence, Unit};
use crate::observe::{injection_confidence, Fact, Observation};
use crate::sites::inventory::ExtensionBrowser;

pub const DETECTOR: Detector = Detector {
    name: "injectedUi",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::Injection(injection) = &obs.fact else {
        return vec![];
    };
    let reference = &injection.reference;
    let installed = view.state.inventory.resolve(reference);
    let actor = Actor::extension(installed, &reference.id);
    let enabled = installed.is_some_and(|i| i.enabled);
    let known_finder = installed.is_some_and(|i| {
        view.knowledge
            .contact_finders
            .iter()
            .any(|c| c.id == i.id && c.profile_scraper)
    });
    let confidence = injection_confidence(enabled, injection.loaded, known_finder);
    let profile = obs.page.kind.slug();
    let severity = match (profile, confidence) {
        (Some(_), Confidence::Confirmed) => Severity::High,
        (Some(_), Confidence::Likely) => Severity::Warning,
        _ => Severity::Info,
    };
    let scheme = match reference.browser {
        ExtensionBrowser::Chromium => "chrome-extension",
        ExtensionBrowser::Firefox => "moz-extension",
    };
    let sample = concat(&[
        &injection.element,
        "[",
        &injection.attribute,
        "] ",
        scheme,
        "://",
        &reference.id,
        &reference.path,
        " · ",
        &injection.page_path,
    ]);
    let mut conclusion = Conclusion::new(
        FindingKind::InjectedUi,
        obs,
        actor,
        (severity, confidence, Basis::SeenInPage),
        describe,
    )
    .count(Count::Injections, Tally::Bump)
    .sample(sample);
    if enabled && injection.loaded == Some(false) {
        conclusion = conclusion.notes([Note::PageMayHaveWritten]);
    } else if confidence == Confidence::Likely {
        conclusion = conclusion.notes([Note::PageCouldHaveWritten]);
    }
    if let Some(profile) = profile {
        conclusion = conclusion
            .subject(profile)
            .count(Count::Profiles, Tally::Subjects);
    }
    vec![conclusion]
}

/// The sentence from the profiles concerned: none, one, or how many.
fn describe(f: &Finding) -> Message {
    let (sentence, arg) = match f.subjects.as_slice() {
        [] => (Sentence::InjectedUiPage, Arg::from(f.site.as_str())),
        [one] => (Sentence::InjectedUiProfile, Arg::from(one.as_str())),
        many => (
            Sentence::InjectedUiProfiles,
            Arg::count(many.len(), Unit::Profiles),
        ),
    };
    Message::about(&f.actor, sentence, vec![arg])
}
