//! Contact data leaving the site: e-mails, phones and names shown in the tab,
//! or the identities of profiles harvested from it, found in a request to a
//! host that is not the site's — plain, URL-encoded, base64 or hashed.

use crate::activity::{Outbound, TabActivity};
use crate::detectors::harvest_not_in_view;
use crate::detectors::record::{set_message, Conclusion, Sink};
use crate::event::DataKind;
use crate::finding::{add_to_set, Basis, Finding, FindingKind, Severity};
use crate::watch_pool::{Pool, Watched};

/// Harvested identities needed in one request before it counts: a single
/// slug can travel innocently (a shared link); a list of them cannot.
const MIN_HARVESTED_IN_REQUEST: usize = 2;

/// Builds the pool of what this tab watches.
pub fn pool_for(activity: &TabActivity) -> Pool {
    let mut pool = Pool::new();
    for w in &activity.watched {
        pool.add_value(w.kind, &w.value, w.profile.as_deref());
    }
    for member in activity.harvested.keys() {
        pool.add_harvested(member);
    }
    pool
}

/// Checks one outbound request against the pool; returns the findings made.
pub fn check(sink: &mut Sink<'_>, site: &str, pool: &Pool, request: &Outbound) -> Vec<Finding> {
    let mut texts = vec![request.url.as_str()];
    if let Some(body) = &request.body {
        texts.push(body);
    }
    let hits = pool.scan(&texts);
    let mut profiles: Vec<String> = vec![];
    let mut kinds: Vec<&'static str> = vec![];
    let mut encodings: Vec<&'static str> = vec![];
    let mut harvested: Vec<String> = vec![];
    let mut strong = false;
    for hit in &hits {
        match &hit.watched {
            Watched::Value { kind, profile } => {
                strong |= *kind != DataKind::Name;
                if !kinds.contains(&kind.as_str()) {
                    kinds.push(kind.as_str());
                }
                if let Some(p) = profile {
                    if !profiles.contains(p) {
                        profiles.push(p.clone());
                    }
                }
            }
            Watched::HarvestedMember(m) => {
                if !harvested.contains(m) {
                    harvested.push(m.clone());
                }
            }
        }
        if !encodings.contains(&hit.encoding) {
            encodings.push(hit.encoding);
        }
    }
    let sent_harvest = harvested.len() >= MIN_HARVESTED_IN_REQUEST;
    if !strong && !sent_harvest {
        return vec![];
    }
    for m in &harvested {
        if !profiles.contains(m) {
            profiles.push(m.clone());
        }
    }
    let conclusion = Conclusion {
        kind: FindingKind::ContactExfiltration,
        site: site.to_owned(),
        actor: request.actor.clone(),
        severity: Severity::High,
        confidence: if request.named {
            crate::finding::Confidence::Likely
        } else {
            crate::finding::Confidence::Confirmed
        },
        basis: Basis::SeenOnNetwork,
        time: request.time,
    };
    let host = request.host.clone();
    let sample = format!("{} {}", host, path_of(&request.url));
    let mut out = vec![sink.record(conclusion, |f, limits| {
        f.bump("matches");
        let mut kept = true;
        for p in &profiles {
            kept &= f.add_subject(p, limits.max_subjects_per_finding);
        }
        for k in &kinds {
            add_to_set(&mut f.evidence.data_kinds, k);
        }
        if sent_harvest {
            add_to_set(&mut f.evidence.data_kinds, "email");
        }
        for e in &encodings {
            add_to_set(&mut f.evidence.encodings, e);
        }
        add_to_set(&mut f.evidence.destinations, &host);
        kept &= f.add_sample(sample.clone(), limits.max_samples_per_finding);
        let count = f.subjects.len().max(1).to_string();
        let dest = f.evidence.destinations.join(", ");
        set_message(
            f,
            "findingContactExfiltration",
            vec![dest.clone(), count.clone()],
            format!("sent contact data of {count} profile(s) to {dest}."),
        );
        kept
    })];
    if sent_harvest {
        // The harvest finding of the same actor now says where the data went.
        let key = Finding::key_for(FindingKind::HarvestNotInView, site, &request.actor);
        if let Some(f) = sink.update_existing(site, &key, request.time, |f, _| {
            add_to_set(&mut f.evidence.destinations, &host);
            harvest_not_in_view::describe(f);
            true
        }) {
            out.push(f);
        }
    }
    out
}

/// The path of a URL without its query (which may hold the data itself).
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    path.split(['?', '#']).next().unwrap_or("/")
}
