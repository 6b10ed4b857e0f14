//! Contact data leaving the site: e-mails, phones and names shown in the tab,
//! or the identities of profiles harvested from it, found in a request to a
//! host that is not the site's — plain, URL-encoded, base64 or hashed.
//!
//! Checked when such a request leaves (against everything the tab watches),
//! and when new contact data shows up in the tab (against the requests that
//! just left: the report can trail them).
//!
//! Contact values known only from the page's report of the site's answer
//! to its own request (LinkedIn's contact-info lookup, read by the
//! main-world hooks) are a claim a page could forge: a finding resting on
//! them alone says so, is never confirmed, and names no extension on that
//! basis (the extensions able to do it are listed instead).

use crate::detectors::{harvest_not_in_view, Conclusion, Detector, Tally, View};
use crate::matching::decode::Part;
use crate::matching::pool::{Hit, Watched};
use crate::messages::finding::{Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, DataKind, Encoding, Message, Note, Sentence, Unit};

use crate::observe::url::shown_path;
use crate::observe::{Fact, Observation};
use crate::state::activity::Outbound;

pub const DETECTOR: Detector = Detector {
    name: "contactExfiltration",
    check,
};

/// Harvested identities a domain must receive before it counts: a single
/// slug can travel innocently (a shared link); a list of them cannot,
/// whether in one request or one record a request.
const MIN_HARVESTED_SENT: usize = 2;

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Some(tab) = view.tab(obs) else {
        return vec![];
    };
    match &obs.fact {
        Fact::Outbound(request) => matches(view, obs, &request.hits, request),
        Fact::PageContact { fresh } => tab
            .outbound
            .iter()
            .flat_map(|request| matches(view, obs, &fresh.find(&request.decoded()), request))
            .collect(),
        _ => vec![],
    }
}

/// The conclusions one request supports, from what a pool found in it (the
/// person's own values are other detectors' business).
fn matches(
    view: &View<'_>,
    obs: &Observation<'_>,
    hits: &[Hit],
    request: &Outbound,
) -> Vec<Conclusion> {
    let mut profiles: Vec<&str> = vec![];
    let mut kinds: Vec<DataKind> = vec![];
    let mut encodings: Vec<Encoding> = vec![];
    let mut harvested: Vec<&str> = vec![];
    // E-mails and phones (a name alone proves little), seen shown or
    // known only from the page's claim.
    let (mut strong_shown, mut strong_claimed) = (false, false);
    for hit in hits {
        match &hit.watched {
            Watched::Value {
                kind,
                profile,
                claimed,
            } => {
                if *kind != DataKind::Name {
                    if *claimed {
                        strong_claimed = true;
                    } else {
                        strong_shown = true;
                    }
                }
                if !kinds.contains(kind) {
                    kinds.push(*kind);
                }
                if let Some(p) = profile {
                    if !profiles.contains(&p.as_str()) {
                        profiles.push(p);
                    }
                }
            }
            Watched::HarvestedMember(m) => {
                if !harvested.contains(&m.as_str()) {
                    harvested.push(m);
                }
            }
            Watched::Personal { .. } => continue,
        }
        if !encodings.contains(&hit.encoding) {
            encodings.push(hit.encoding);
        }
    }
    // Members this request carries, with those the tab's earlier requests
    // carried to the same domain (`Outbound::members_before`).
    let sent_harvest = !harvested.is_empty()
        && harvested.len() + request.members_before.len() >= MIN_HARVESTED_SENT;
    if sent_harvest && !request.members_before.is_empty() {
        // In the order they left: the earlier requests' first.
        let these = std::mem::take(&mut harvested);
        harvested.extend(request.members_before.iter().map(String::as_str));
        harvested.extend(
            these
                .into_iter()
                .filter(|m| !request.members_before.iter().any(|b| b == m)),
        );
    }
    if !strong_shown && !strong_claimed && !sent_harvest {
        return vec![];
    }
    let claimed_only = !strong_shown && !sent_harvest;
    for m in &harvested {
        if !profiles.contains(m) {
            profiles.push(m);
        }
    }
    if sent_harvest && !kinds.contains(&DataKind::Email) {
        kinds.push(DataKind::Email);
    }
    // Found only in a body read in the page (a page's claim, like the
    // values of the site's answer): e-mails, phones and harvested members
    // nowhere in what the browser gave of the request.
    let read_in_page = request.body_from_page
        && hits
            .iter()
            .filter(|h| match &h.watched {
                Watched::Value { kind, .. } => *kind != DataKind::Name,
                Watched::HarvestedMember(_) => true,
                Watched::Personal { .. } => false,
            })
            .all(|h| h.part == Part::Body);
    // On the page's claim alone, what named an extension in the page does
    // not make it the one that sent contact data.
    let who = if (claimed_only || read_in_page) && request.who.names_an_extension() {
        request.who.unnamed()
    } else {
        request.who.clone()
    };
    let actor = view.actor(&who, &obs.page.site);
    let confidence = if claimed_only || read_in_page || who.names_an_extension() {
        Confidence::Likely
    } else {
        Confidence::Confirmed
    };
    let mut leak = Conclusion::new(
        FindingKind::ContactExfiltration,
        obs,
        actor.clone(),
        (Severity::High, confidence, Basis::SeenOnNetwork),
        describe,
    )
    .count(Count::Matches, Tally::Bump)
    .subjects(profiles.iter().copied())
    .destination(request.host.as_str())
    .sample(format!("{} {}", request.host, path_of(&request.url)))
    .notes(who.notes());
    if claimed_only {
        leak = leak.notes([Note::ValuesFromSiteResponse]);
    }
    if read_in_page {
        leak = leak.notes([Note::BodyReadInPage]);
    }
    // Tied to the harvest by the profiles' identities alone (no value seen
    // shown or claimed): that the details went with them is inferred.
    if sent_harvest && !strong_shown && !strong_claimed {
        leak = leak.notes([Note::IdentitiesOnly]);
    }
    leak.data_kinds = kinds;
    leak.encodings = encodings;
    let mut out = vec![leak];
    if sent_harvest {
        // The harvest finding of the same actor now says where the data went.
        out.push(
            Conclusion::new(
                FindingKind::HarvestNotInView,
                obs,
                actor,
                (Severity::Info, Confidence::Possible, Basis::SeenOnNetwork),
                harvest_not_in_view::describe,
            )
            .destination(request.host.as_str())
            .only_if_found(),
        );
    }
    out
}

/// How many profiles' data went where.
pub(crate) fn describe(f: &Finding) -> Message {
    let hosts = crate::messages::finding::join(&f.evidence.destinations, ", ");
    Message::about(
        &f.actor,
        Sentence::ContactExfiltration,
        vec![
            Arg::Text(hosts),
            Arg::count(f.subjects.len().max(1), Unit::Profiles),
        ],
    )
}

/// The path of a request as its finding shows it: the query, and any
/// segment that could carry the data itself, left out (see
/// [`shown_path`]): samples are kept on disk with the finding.
pub(crate) fn path_of(url: &str) -> String {
    shown_path(url)
}
