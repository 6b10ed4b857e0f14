//! The recorder: turns conclusions into findings, the one place where a
//! finding is created or updated. Findings are keyed by kind, site and actor;
//! severity and confidence only ever rise; evidence is capped, and a cap
//! reached is reported.

use std::rc::Rc;

use crate::detectors::Conclusion;
use crate::detectors::Tally;
use crate::messages::finding::{add_to_set, Evidence, Finding, Subjects};
use crate::messages::vocabulary::Cap;
use crate::messages::vocabulary::Message;
use crate::state::health::CapTracker;
use crate::state::ledger::Ledger;
use crate::state::limits::Limits;

/// Records every conclusion; returns the findings whose content changed, each
/// once, in the order first changed. A finding only seen again (its last
/// time and occurrences move) is updated in place but not returned: the
/// shell has nothing new to show or notify.
pub fn record(
    ledger: &mut Ledger,
    limits: &Limits,
    caps: &mut CapTracker,
    conclusions: Vec<Conclusion>,
) -> Vec<Rc<Finding>> {
    let mut touched: Vec<Rc<Finding>> = Vec::with_capacity(conclusions.len());
    for c in conclusions {
        if let Some(finding) = apply(ledger, limits, caps, c) {
            match touched.iter_mut().find(|f| f.key == finding.key) {
                Some(earlier) => *earlier = finding,
                None => touched.push(finding),
            }
        }
    }
    touched
}

fn apply(
    ledger: &mut Ledger,
    limits: &Limits,
    caps: &mut CapTracker,
    c: Conclusion,
) -> Option<Rc<Finding>> {
    let key = Finding::key_for(c.kind, &c.site, &c.actor);
    let site = ledger.site_mut(&c.site, c.time, limits, caps);
    let mut changed = false;
    let shared = if c.update_only {
        site.get_mut(&key)?
    } else {
        changed |= site.get(&key).is_none();
        site.upsert(&key, limits, caps, || Finding {
            key: key.clone(),
            site: c.site.clone(),
            kind: c.kind,
            severity: c.severity,
            confidence: c.confidence,
            basis: c.basis,
            actor: c.actor.clone(),
            message: Message {
                key: String::new(),
                args: vec![],
            },
            evidence: Evidence::default(),
            subjects: Subjects::default(),
            first_seen: c.time,
            last_seen: c.time,
            occurrences: 0,
        })
    };
    let finding = Rc::make_mut(shared);
    if c.update_only {
        finding.last_seen = finding.last_seen.max(c.time);
    } else {
        // The latest actor: an unattributed one carries today's candidates.
        if finding.actor != c.actor {
            finding.actor = c.actor;
            changed = true;
        }
        changed |= c.severity > finding.severity || c.confidence > finding.confidence;
        finding.severity = finding.severity.max(c.severity);
        finding.confidence = finding.confidence.max(c.confidence);
        finding.first_seen = finding.first_seen.min(c.time);
        finding.last_seen = finding.last_seen.max(c.time);
        finding.occurrences = finding.occurrences.saturating_add(1);
    }
    let mut kept = true;
    let evidence_before = evidence_size(finding);
    for subject in &c.subjects {
        kept &= finding.add_subject(subject, limits.max_subjects_per_finding);
    }
    for (count, tally) in c.counts {
        let value = finding.evidence.counts.entry(count).or_insert(0);
        let next = match tally {
            Tally::Bump => *value + 1,
            Tally::Set(n) => n,
            Tally::Max(n) => (*value).max(n),
            Tally::Subjects => finding.subjects.len() as u64,
        };
        changed |= next != *value;
        *value = next;
    }
    for kind in &c.data_kinds {
        add_to_set(&mut finding.evidence.data_kinds, kind);
    }
    for host in &c.destinations {
        add_to_set(&mut finding.evidence.destinations, host);
    }
    for encoding in &c.encodings {
        add_to_set(&mut finding.evidence.encodings, encoding);
    }
    for note in &c.notes {
        add_to_set(&mut finding.evidence.notes, note);
    }
    for organization in &c.organizations {
        add_to_set(&mut finding.evidence.organizations, organization);
    }
    for country in &c.countries {
        add_to_set(&mut finding.evidence.countries, country);
    }
    for sample in c.samples {
        kept &= finding.add_sample(sample, limits.max_samples_per_finding);
    }
    // The sets only grow: a change of size is a change of content.
    changed |= evidence_before != evidence_size(finding);
    if let Some((subjects, severity)) = c.escalate {
        if finding.subjects.len() >= subjects && severity > finding.severity {
            finding.severity = severity;
            changed = true;
        }
    }
    let message = (c.describe)(finding);
    if message != finding.message {
        finding.message = message;
        changed = true;
    }
    if !kept {
        caps.hit(Cap::EvidencePerFinding, limits.max_subjects_per_finding);
    }
    changed.then(|| Rc::clone(shared))
}

/// How many subjects, samples and set members a finding's evidence holds.
fn evidence_size(f: &Finding) -> [usize; 8] {
    let e = &f.evidence;
    [
        f.subjects.len(),
        e.samples.len(),
        e.data_kinds.len(),
        e.destinations.len(),
        e.encodings.len(),
        e.notes.len(),
        e.organizations.len(),
        e.countries.len(),
    ]
}
