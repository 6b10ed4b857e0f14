//! Network natives replaced: `fetch`, `XMLHttpRequest.prototype.open/send`,
//! `Response.prototype.json/text` replaced on a profile site by a script that
//! is not the site's — how a main-world script reads the site's own API
//! responses (pattern C). Main-world reports are claims a page could forge,
//! so the finding is at most *likely*.
//!
//! A report made `callThrough` names the script that called Vigie's wrapper
//! once the property held something else, which the hooks could not show
//! to be the replacement: a script that kept the wrapper before would be
//! named the same way. It only tells the site's own wrapper (no finding)
//! from another's, whose author is not named.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::contract::contract;
use crate::messages::finding::{Actor, Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, Message, Note, Sentence};
use crate::observe::attribution::script_actor;
use crate::observe::url::without_query;
use crate::observe::{Fact, Observation};

pub const DETECTOR: Detector = Detector {
    name: "nativesReplaced",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::NativeReplaced { api, by, when } = &obs.fact else {
        return vec![];
    };
    let apis = &contract().hooks.replaceable_apis;
    if obs.page.model.is_none() || !apis.contains(&api.as_str()) {
        return vec![];
    }
    let site = &obs.page.site;
    let named = by
        .as_deref()
        .and_then(|s| script_actor(&view.state.inventory, &obs.page.party(), s));
    let caller_only = when.as_deref() == Some("callThrough");
    let (actor, confidence) = match named {
        // The site may wrap its own natives (monitoring, retries): not a finding.
        Some(Actor::Site { .. }) => return vec![],
        Some(actor) if !caller_only => (actor, Confidence::Likely),
        _ => (view.anyone(site), Confidence::Possible),
    };
    // The native and what replaced it: the script's address, not what its
    // query may carry, or `?` (the sentence and a note say the rest, in
    // the person's language).
    let before_hooks = by.is_none() && when.as_deref() == Some("beforeHooks");
    let sample = match by {
        Some(by) if !caller_only => format!("{api} ← {}", without_query(by)),
        _ => format!("{api} ← ?"),
    };
    vec![Conclusion::new(
        FindingKind::NativesReplaced,
        obs,
        actor,
        (Severity::Warning, confidence, Basis::SeenInPage),
        describe,
    )
    .count(Count::Calls, Tally::Bump)
    .sample(sample)
    .notes(before_hooks.then_some(Note::ReplacedBeforeHooks))]
}

/// Lists the natives replaced, as the samples tell, in the contract's order.
fn describe(f: &Finding) -> Message {
    let apis: Vec<&str> = contract()
        .hooks
        .replaceable_apis
        .iter()
        .copied()
        .filter(|a| {
            f.evidence
                .samples
                .iter()
                .any(|s| s.strip_prefix(a).is_some_and(|rest| rest.starts_with(' ')))
        })
        .collect();
    Message::about(
        &f.actor,
        Sentence::NativesReplaced,
        vec![Arg::Text(crate::messages::finding::join(&apis, ", "))],
    )
}
