//! Creating and updating findings: the part every detector shares.

use crate::event::Millis;
use crate::finding::{Actor, Basis, Confidence, Evidence, Finding, FindingKind, Message, Severity};
use crate::health::CapTracker;
use crate::ledger::Ledger;
use crate::limits::Limits;

/// Where findings go.
pub struct Sink<'a> {
    pub ledger: &'a mut Ledger,
    pub limits: &'a Limits,
    pub caps: &'a mut CapTracker,
}

/// What a detector concluded this time.
pub struct Conclusion {
    pub kind: FindingKind,
    pub site: String,
    pub actor: Actor,
    pub severity: Severity,
    pub confidence: Confidence,
    pub basis: Basis,
    pub time: Millis,
}

impl Sink<'_> {
    /// Creates or updates the finding for the conclusion's kind, site and
    /// actor; `update` adds the evidence and writes the sentence. Severity
    /// and confidence only ever rise.
    pub fn record(
        &mut self,
        c: Conclusion,
        update: impl FnOnce(&mut Finding, &Limits) -> bool,
    ) -> Finding {
        let limits = self.limits;
        let ledger = self.ledger.site_mut(&c.site, c.time, limits, self.caps);
        let key = Finding::key_for(c.kind, &c.site, &c.actor);
        let finding = ledger.upsert(&key, limits, self.caps, || Finding {
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
            explanation: String::new(),
            evidence: Evidence::default(),
            subjects: vec![],
            first_seen: c.time,
            last_seen: c.time,
            occurrences: 0,
        });
        finding.actor = c.actor;
        finding.severity = finding.severity.max(c.severity);
        finding.confidence = finding.confidence.max(c.confidence);
        finding.first_seen = finding.first_seen.min(c.time);
        finding.last_seen = finding.last_seen.max(c.time);
        finding.occurrences += 1;
        let within_caps = update(finding, limits);
        let result = finding.clone();
        if !within_caps {
            self.caps
                .hit("evidencePerFinding", limits.max_subjects_per_finding);
        }
        result
    }

    /// The finding under a key, if any, for an update by another detector.
    pub fn update_existing(
        &mut self,
        site: &str,
        key: &str,
        time: Millis,
        update: impl FnOnce(&mut Finding, &Limits) -> bool,
    ) -> Option<Finding> {
        let limits = self.limits;
        let ledger = self.ledger.site_mut(site, time, limits, self.caps);
        let finding = ledger.get_mut(key)?;
        finding.last_seen = finding.last_seen.max(time);
        let within_caps = update(finding, limits);
        let result = finding.clone();
        if !within_caps {
            self.caps
                .hit("evidencePerFinding", limits.max_subjects_per_finding);
        }
        Some(result)
    }
}

/// The name a sentence gives the actor, or `None` for "an extension or
/// script on this page".
pub fn actor_name(actor: &Actor) -> Option<String> {
    match actor {
        Actor::Unattributed { .. } => None,
        other => Some(other.display_name().to_owned()),
    }
}

/// "X" or "An extension or script on this page", for English explanations.
pub fn actor_phrase(actor: &Actor) -> String {
    match actor {
        Actor::Extension {
            name: Some(name), ..
        } => format!("Extension “{name}”"),
        Actor::Extension { id, .. } => format!("Extension {id}"),
        Actor::Script { origin } => format!("A script from {origin}"),
        Actor::Site { host } => format!("{host} itself"),
        Actor::Unattributed { .. } => "An extension or script on this page".to_owned(),
    }
}

/// Sets the message: `key` when the actor is named (its name first), else
/// `key` + `Unattributed` without it; a `Sent` suffix of `key` stays last
/// (`findingHarvestNotInViewUnattributedSent`).
pub fn set_message(finding: &mut Finding, key: &str, args: Vec<String>, english: String) {
    let (key, args) = match actor_name(&finding.actor) {
        Some(name) => (key.to_owned(), std::iter::once(name).chain(args).collect()),
        None => match key.strip_suffix("Sent") {
            Some(base) => (format!("{base}UnattributedSent"), args),
            None => (format!("{key}Unattributed"), args),
        },
    };
    finding.message = Message { key, args };
    finding.explanation = format!("{} {english}", actor_phrase(&finding.actor));
}
