//! The person's own data leaving for a third party: a value they asked Vigie
//! to watch, or one they typed into a field of the page, found in a request
//! to a host of another registrable domain (Public Suffix List) — plain,
//! encoded, hashed or compressed, as [`crate::matching`] decodes it.
//!
//! Checked when a request leaves (against the tab's pool), and when a value
//! is typed (against the requests that just left: a script that sends on
//! `blur` can beat the page observer's report of the value).
//!
//! A value typed and submitted counts when it left hashed (a form's own
//! submission carries it as typed; trackers' "advanced matching" hashes it),
//! or when it left, in any form, for a company the tracker database lists as
//! analytics or advertising, or one whose script records what visitors do
//! (monitoring, session replay: Vigie's own list, in
//! `src/destinations/trackers.json`), that is not where the form is sent (an
//! "identify" call after a sign-up, a session replay's batch, the user set
//! on a monitoring SDK): a form, mail, payment or fraud-checking service
//! receiving it is the person's choice, and a host the database does not
//! know is given the benefit of the doubt.
//! A value typed and not yet submitted is [`leak_before_submit`]'s; contact
//! data shown on a profile is [`contact_exfiltration`]'s: one request, one
//! finding per value.
//!
//! [`leak_before_submit`]: crate::detectors::leak_before_submit
//! [`contact_exfiltration`]: crate::detectors::contact_exfiltration

use crate::detectors::contact_exfiltration::path_of;
use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::matching::decode::Part;
use crate::matching::mask::mask;
use crate::matching::pool::{Hit, Origin, Pool, Watched};
use crate::messages::finding::{join, Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{
    Arg, Count, DataKind, Encoding, FieldKind, Message, Note, Sentence,
};
use crate::observe::url::registrable_domain;
use crate::observe::{Fact, Observation};
use crate::state::activity::{Outbound, TabActivity};
use crate::text::lowercase;

pub const DETECTOR: Detector = Detector {
    name: "leakToThirdParty",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    leaks(view, obs)
        .into_iter()
        .filter(|(_, leak)| !leak.before_submit)
        .filter_map(|(request, leak)| {
            if leak.own || leak.hashed() {
                Some(conclude(
                    view,
                    obs,
                    request,
                    &leak,
                    FindingKind::LeakToThirdParty,
                ))
            } else {
                submitted_to_an_observer(view, obs, request, &leak).map(|note| {
                    conclude(view, obs, request, &leak, FindingKind::LeakToThirdParty).notes([note])
                })
            }
        })
        .collect()
}

/// A value the person submitted, gone to analytics or advertising, or to a
/// service that records what visitors do, that is not where the form is
/// sent: the note that says which. A company's own service used by its own
/// site (an organization's analytics on its own pages) is no third party,
/// and a request the person sends to the vendor on purpose (its feedback
/// widget) is where that form goes.
fn submitted_to_an_observer(
    view: &View<'_>,
    obs: &Observation<'_>,
    request: &Outbound,
    leak: &PersonalLeak,
) -> Option<Note> {
    let domain = registrable_domain(&request.host);
    if !leak.submitted || leak.submitted_to.iter().any(|d| d == domain) {
        return None;
    }
    let destinations = &view.knowledge.destinations;
    let owner = destinations.owner(&request.host)?;
    let site_owner = destinations.owner(&obs.page.site);
    if site_owner.is_some_and(|site| site.organization.id == owner.organization.id) {
        return None;
    }
    if owner.measures_or_advertises() {
        Some(Note::SubmittedToTracker)
    } else if owner.monitors_visitors() && !sent_on_purpose(request, owner.sent_on_purpose) {
        Some(Note::SubmittedToMonitoring)
    } else {
        None
    }
}

/// The request carries one of the vendor's marks of a message the person
/// sends on purpose.
fn sent_on_purpose(request: &Outbound, marks: &[String]) -> bool {
    !marks.is_empty()
        && request
            .decoded()
            .pieces
            .iter()
            .any(|piece| marks.iter().any(|mark| piece.text.contains(mark.as_str())))
}

/// One of the person's values found in one request.
pub(crate) struct PersonalLeak {
    pub kind: DataKind,
    pub masked: String,
    /// The chain it was found in, outermost first.
    pub layers: Vec<Encoding>,
    /// Typed into a form that was not submitted when the request left.
    pub before_submit: bool,
    /// One of the person's own entries (not only typed in the page).
    pub own: bool,
    /// Typed into a form the person submitted.
    pub submitted: bool,
    /// The registrable domains the forms it was submitted with are sent to.
    pub submitted_to: Vec<String>,
    /// Found in a part of the request the browser gave (its address, its
    /// headers, a body not read in the page), not only in a body Vigie's
    /// hooks read in the page.
    pub outside_page_body: bool,
}

impl PersonalLeak {
    /// Sent as a hash: the mark of "advanced matching" trackers. A form's
    /// own submission carries what was typed as typed, so a value typed
    /// and submitted counts as a leak only when it left hashed.
    fn hashed(&self) -> bool {
        is_hashed(&self.layers)
    }
}

fn is_hashed(layers: &[Encoding]) -> bool {
    layers.iter().any(|e| {
        matches!(
            e,
            Encoding::Md5 | Encoding::Sha1 | Encoding::Sha256 | Encoding::Sha512
        )
    })
}

/// The person's values in the requests this observation concerns: the
/// request that left, or the recent requests a newly typed value is
/// searched in.
pub(crate) fn leaks<'a>(
    view: &'a View<'_>,
    obs: &'a Observation<'_>,
) -> Vec<(&'a Outbound, PersonalLeak)> {
    let Some(tab) = view.tab(obs) else {
        return vec![];
    };
    match &obs.fact {
        Fact::Outbound(request) => personal(tab, request, &request.hits)
            .into_iter()
            .map(|leak| (request, leak))
            .collect(),
        // The names a value of a name field made whole in the page's
        // requests (found by the observation layer, which keeps their
        // words), submitted or not.
        Fact::FormInput {
            field: FieldKind::Name,
            submitted: true,
            ..
        } => late_names(tab),
        Fact::FormInput {
            field,
            submitted: false,
            ..
        } => {
            let Some(kind) = field.data_kind() else {
                return vec![];
            };
            let Some(typed) = tab
                .typed
                .iter()
                .rev()
                .find(|t| t.field == *field && t.time == obs.time)
            else {
                return vec![];
            };
            let named = if *field == FieldKind::Name {
                late_names(tab)
            } else {
                vec![]
            };
            let mut fresh = Pool::new();
            fresh.add_personal(kind, &typed.value, Origin::Typed);
            if fresh.is_empty() {
                return named;
            }
            let watched = Watched::Personal {
                kind,
                value: typed.value.trim().to_owned(),
                origin: Origin::Typed,
            };
            tab.outbound
                .iter()
                // A request that already carried it was reported then; one
                // that left from an earlier page of the tab did not carry
                // what is typed in this one (it carried the value, if at
                // all, because the site knew it: that is a leak of its own).
                .filter(|r| r.time >= tab.document_since)
                .filter(|r| !r.hits.iter().any(|h| h.watched == watched))
                .flat_map(|r| {
                    let hits = fresh.find(&r.decoded());
                    personal(tab, r, &hits)
                        .into_iter()
                        .map(move |leak| (r, leak))
                })
                .chain(named)
                .collect()
        }
        _ => vec![],
    }
}

/// The names the observation's value of a name field made whole in the
/// page's kept requests (`TabActivity::search_names_again`), on the
/// request that completed each.
fn late_names(tab: &TabActivity) -> Vec<(&Outbound, PersonalLeak)> {
    tab.late_names
        .iter()
        .filter_map(|late| {
            let r = tab
                .outbound
                .iter()
                .find(|r| r.time == late.time && r.host == late.host)?;
            let leaks = personal(tab, r, std::slice::from_ref(&late.hit));
            Some(leaks.into_iter().map(move |leak| (r, leak)))
        })
        .flatten()
        .collect()
}

/// The person's values among `hits` of a request to `domain`, once each:
/// contact data of a profile shown in the tab (another detector's) left out.
fn personal(tab: &TabActivity, request: &Outbound, hits: &[Hit]) -> Vec<PersonalLeak> {
    let domain = registrable_domain(&request.host);
    let body_from_page = request.body_from_page;
    let mut out: Vec<(String, PersonalLeak)> = vec![];
    for hit in hits {
        let Watched::Personal {
            kind,
            value,
            origin,
        } = &hit.watched
        else {
            continue;
        };
        let key = lowercase(value);
        let shown = tab
            .watched
            .iter()
            .any(|w| w.kind == *kind && lowercase(w.value.trim()) == key);
        if shown {
            continue;
        }
        // A name found as the words typed in separate fields (a first name,
        // a family name) was typed as those words.
        let typed = || {
            tab.typed
                .iter()
                .filter(|t| *origin == Origin::Typed && t.stands_for(*kind, &key))
        };
        let before_submit = typed().any(|t| !t.submitted_for(domain));
        let submitted = typed().any(|t| t.submitted_for(domain));
        let submitted_to: Vec<String> = typed().filter_map(|t| t.submitted_to.clone()).collect();
        let own = *origin == Origin::Own;
        let outside_page_body = !body_from_page || hit.part != Part::Body;
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, known)) => {
                // A value typed and submitted counts when it left hashed:
                // sent both plain and hashed, it left hashed.
                if !known.own && !own && !known.hashed() && is_hashed(&hit.layers) {
                    known.layers = hit.layers.clone();
                }
                known.before_submit |= before_submit;
                known.own |= own;
                known.submitted |= submitted;
                known.submitted_to.extend(submitted_to);
                known.outside_page_body |= outside_page_body;
            }
            None => out.push((
                key,
                PersonalLeak {
                    kind: *kind,
                    masked: mask(*kind, value),
                    layers: hit.layers.clone(),
                    before_submit,
                    own,
                    submitted,
                    submitted_to,
                    outside_page_body,
                },
            )),
        }
    }
    out.into_iter().map(|(_, leak)| leak).collect()
}

/// The conclusion one leak in one request supports.
pub(crate) fn conclude(
    view: &View<'_>,
    obs: &Observation<'_>,
    request: &Outbound,
    leak: &PersonalLeak,
    kind: FindingKind,
) -> Conclusion {
    // Found only in a body read in the page: the page's claim, which names
    // no extension (a page could have put it beside an extension's request).
    let read_in_page = !leak.outside_page_body;
    let who = if read_in_page {
        request.who.unnamed()
    } else {
        request.who.clone()
    };
    let actor = view.actor(&who, &obs.page.site);
    let confidence = if who.names_an_extension() || read_in_page {
        Confidence::Likely
    } else {
        Confidence::Confirmed
    };
    let (severity, describe): (Severity, fn(&Finding) -> Message) = match kind {
        FindingKind::LeakBeforeSubmit => (Severity::High, describe_before_submit),
        _ => (Severity::Warning, describe),
    };
    // The chain in technical names, which read the same in every language.
    let chain: Vec<&str> = leak
        .layers
        .iter()
        .filter_map(|e| e.technical_name())
        .collect();
    let written = if chain.is_empty() {
        String::new()
    } else {
        format!(" ({})", join(&chain, " + "))
    };
    let mut notes = who.notes();
    if request.capped {
        notes.push(Note::DecodingCapped);
    }
    if read_in_page {
        notes.push(Note::BodyReadInPage);
    }
    let mut c = Conclusion::new(
        kind,
        obs,
        actor,
        (severity, confidence, Basis::SeenOnNetwork),
        describe,
    )
    .count(Count::Matches, Tally::Bump)
    .subject(leak.masked.clone())
    .data_kind(leak.kind)
    .destination(request.host.as_str())
    .sample(format!(
        "{} → {}{}{}",
        leak.masked,
        request.host,
        path_of(&request.url),
        written
    ))
    .notes(notes);
    c.encodings = leak.layers.clone();
    c
}

fn args(f: &Finding) -> Vec<Arg> {
    vec![
        Arg::Text(join(&f.subjects, ", ")),
        Arg::Text(join(&f.evidence.destinations, ", ")),
    ]
}

/// Which values went where.
pub(crate) fn describe(f: &Finding) -> Message {
    Message::about(&f.actor, Sentence::LeakToThirdParty, args(f))
}

fn describe_before_submit(f: &Finding) -> Message {
    Message::about(&f.actor, Sentence::LeakBeforeSubmit, args(f))
}
