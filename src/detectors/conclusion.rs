//! What a detector concludes from one observation: which finding (kind,
//! site, actor), how bad and how sure, and the evidence to add to it. The
//! sentence is written afterwards, from the finding as it stands.

use crate::messages::event::Millis;
use crate::messages::finding::{Actor, Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Count, DataKind, Encoding, Message, Note};
use crate::observe::Observation;

/// How an evidence count changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tally {
    /// One more.
    Bump,
    /// Exactly this.
    Set(u64),
    /// The larger of this and what it was.
    Max(u64),
    /// The number of subjects, once the new ones are added.
    Subjects,
}

/// One conclusion about one actor on one site.
#[derive(Debug)]
pub struct Conclusion {
    pub kind: FindingKind,
    pub site: String,
    pub actor: Actor,
    pub severity: Severity,
    pub confidence: Confidence,
    pub basis: Basis,
    pub time: Millis,
    /// Profiles (or other subjects) concerned.
    pub subjects: Vec<String>,
    pub counts: Vec<(Count, Tally)>,
    pub data_kinds: Vec<DataKind>,
    pub destinations: Vec<String>,
    pub encodings: Vec<Encoding>,
    pub samples: Vec<String>,
    pub notes: Vec<Note>,
    pub organizations: Vec<String>,
    pub countries: Vec<crate::destinations::Country>,
    /// The severity the finding reaches once it concerns this many subjects.
    pub escalate: Option<(usize, Severity)>,
    /// Adds to the finding only if it exists already (another detector's).
    pub update_only: bool,
    /// Writes the finding's sentence from its evidence.
    pub describe: fn(&Finding) -> Message,
}

impl Conclusion {
    /// A conclusion on the observation's site, at its time, with no evidence yet.
    pub fn new(
        kind: FindingKind,
        obs: &Observation<'_>,
        actor: Actor,
        judgement: (Severity, Confidence, Basis),
        describe: fn(&Finding) -> Message,
    ) -> Conclusion {
        Conclusion::on(
            kind,
            obs.page.site.clone(),
            obs.time,
            actor,
            judgement,
            describe,
        )
    }

    /// A conclusion on `site` at `time`, with no evidence yet: for conclusions
    /// drawn from findings or from the inventory rather than from an event.
    pub fn on(
        kind: FindingKind,
        site: String,
        time: Millis,
        actor: Actor,
        (severity, confidence, basis): (Severity, Confidence, Basis),
        describe: fn(&Finding) -> Message,
    ) -> Conclusion {
        Conclusion {
            kind,
            site,
            actor,
            severity,
            confidence,
            basis,
            time,
            subjects: vec![],
            counts: vec![],
            data_kinds: vec![],
            destinations: vec![],
            encodings: vec![],
            samples: vec![],
            notes: vec![],
            organizations: vec![],
            countries: vec![],
            escalate: None,
            update_only: false,
            describe,
        }
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subjects.push(subject.into());
        self
    }

    pub fn subjects<S: Into<String>>(mut self, subjects: impl IntoIterator<Item = S>) -> Self {
        self.subjects.extend(subjects.into_iter().map(Into::into));
        self
    }

    pub fn count(mut self, count: Count, tally: Tally) -> Self {
        self.counts.push((count, tally));
        self
    }

    pub fn data_kind(mut self, kind: DataKind) -> Self {
        self.data_kinds.push(kind);
        self
    }

    pub fn destination(mut self, host: impl Into<String>) -> Self {
        self.destinations.push(host.into());
        self
    }

    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encodings.push(encoding);
        self
    }

    pub fn sample(mut self, sample: impl Into<String>) -> Self {
        self.samples.push(sample.into());
        self
    }

    pub fn notes(mut self, notes: impl IntoIterator<Item = Note>) -> Self {
        self.notes.extend(notes);
        self
    }

    pub fn escalate_at(mut self, subjects: usize, severity: Severity) -> Self {
        self.escalate = Some((subjects, severity));
        self
    }

    pub fn only_if_found(mut self) -> Self {
        self.update_only = true;
        self
    }
}
