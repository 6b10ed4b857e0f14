//! What the engine concludes, in a form the popup can show and a person can
//! export as evidence.

use crate::collections::SortedMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::messages::event::Millis;
use crate::messages::read::{self, field, read_names, read_struct, FromJson, Read};
use crate::messages::vocabulary::{
    words, ActorForm, Arg, Count, DataKind, Encoding, Message, Note, Sentence,
};

words! {
    /// What kind of behaviour a finding describes (`kind_<name>`).
    FindingKind {
        /// An extension put its own UI (frames, images, styles) into a page.
        InjectedUi = "injectedUi",
        /// Contact lookups for profiles other than the one in view.
        HarvestNotInView = "harvestNotInView",
        /// Many distinct profiles looked up faster, or more regularly, than a person can.
        HarvestBurst = "harvestBurst",
        /// Contact details of the profile in view fetched without the person asking.
        ContactWithoutGesture = "contactWithoutGesture",
        /// Contact data of profiles sent to a host that is not the site's.
        ContactExfiltration = "contactExfiltration",
        /// The page's network functions replaced by a script that is not the site's.
        NativesReplaced = "nativesReplaced",
        /// Profile pages loaded at machine speed.
        BulkCrawl = "bulkCrawl",
        /// Something in the page flooded Vigie's observers past their caps.
        ObserversFlooded = "observersFlooded",
        /// A known contact-finder extension is installed and enabled (not
        /// proof of harvesting: behaviour findings say what it does).
        KnownContactFinder = "knownContactFinder",
        /// An extension gained access: installed, enabled, updated or granted
        /// more, with its risk before and after.
        ExtensionRiskRose = "extensionRiskRose",
        /// Personal data received by a server in a country without an EU
        /// adequacy decision.
        SentOutsideEea = "sentOutsideEea",
        /// Identifiers of the person sent to another brand of the site's
        /// own group.
        SharedWithinGroup = "sharedWithinGroup",
        /// A watched value (the person's own entry, a value typed in the
        /// page, contact data shown) sent to a third party.
        LeakToThirdParty = "leakToThirdParty",
        /// A value typed in a form sent away before the form was submitted.
        LeakBeforeSubmit = "leakBeforeSubmit",
        /// A third-party script read an e-mail, phone or password field.
        FieldSniffing = "fieldSniffing",
    }
}

words! {
    /// Why an extension is a candidate for an unattributed finding (`reason_<name>`).
    Reason {
        /// It may read and change pages of the site.
        HostAccess = "hostAccess",
        /// It may read and change every site.
        AllSites = "allSites",
        /// It may also read the site's cookies.
        Cookies = "cookies",
        /// The browser does not show what it may access (Chrome hides
        /// content-script matches): it may act on the site.
        AccessUnknown = "accessUnknown",
    }
}

/// How much a finding matters to the person browsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Worth knowing; no badge, no notification.
    Info,
    /// Counted on the badge.
    Warning,
    /// Counted on the badge and notified once per actor and site.
    High,
}

/// How sure the engine is that the actor did what the finding says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Confidence {
    Possible,
    Likely,
    Confirmed,
}

/// What a finding rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Basis {
    /// Seen in the page itself (DOM, main-world hooks).
    SeenInPage,
    /// Seen in the browser's own record of network requests.
    SeenOnNetwork,
    /// Only what an extension is permitted to do.
    CapabilityOnly,
}

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Actor {
    #[serde(rename_all = "camelCase")]
    Extension {
        id: String,
        /// `None` when the extension is not in the inventory.
        name: Option<String>,
        version: Option<String>,
        install_type: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Script { origin: String },
    #[serde(rename_all = "camelCase")]
    Site { host: String },
    /// Not established: "an extension or script on this page", with the
    /// extensions able to do it: the first of them listed, and how many
    /// more there were (`more`), so a list cut short is never taken for
    /// all of them.
    #[serde(rename_all = "camelCase")]
    Unattributed {
        candidates: Vec<Candidate>,
        #[serde(skip_serializing_if = "none_more")]
        more: usize,
    },
}

fn none_more(more: &usize) -> bool {
    *more == 0
}

read_names!(Severity {
    Info = "info",
    Warning = "warning",
    High = "high",
});

read_names!(Confidence {
    Possible = "possible",
    Likely = "likely",
    Confirmed = "confirmed",
});

read_names!(Basis {
    SeenInPage = "seenInPage",
    SeenOnNetwork = "seenOnNetwork",
    CapabilityOnly = "capabilityOnly",
});

impl FromJson for Actor {
    fn from_json(v: &serde_json::Value) -> Read<Actor> {
        let m = read::object(v)?;
        Ok(match read::tag(m, "type")? {
            "extension" => Actor::Extension {
                id: field(m, "id")?,
                name: field(m, "name")?,
                version: field(m, "version")?,
                install_type: field(m, "installType")?,
            },
            "script" => Actor::Script {
                origin: field(m, "origin")?,
            },
            "site" => Actor::Site {
                host: field(m, "host")?,
            },
            "unattributed" => Actor::Unattributed {
                candidates: field(m, "candidates")?,
                more: read::field_or(m, "more", || 0)?,
            },
            other => return Err(read::unknown_variant(other)),
        })
    }
}

/// An extension able to do what a finding describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub reasons: Vec<Reason>,
}

read_struct!(Candidate {
    id: "id",
    name: "name",
    version: "version",
    reasons: "reasons",
});

impl Actor {
    /// The actor for an extension: named from the inventory entry when there
    /// is one, else only by the id found in the page.
    pub fn extension(info: Option<&crate::messages::event::ExtensionInfo>, id: &str) -> Actor {
        match info {
            Some(info) => Actor::Extension {
                id: info.id.clone(),
                name: info.name.clone(),
                version: info.version.clone(),
                install_type: info.install_type.clone(),
            },
            None => Actor::Extension {
                id: id.to_owned(),
                name: None,
                version: None,
                install_type: None,
            },
        }
    }

    /// A short stable key, used in finding keys and notification rate limits.
    pub fn key(&self) -> String {
        let (kind, name) = self.key_parts();
        concat(&[kind, name])
    }

    /// The key in two parts: a prefix and a name.
    fn key_parts(&self) -> (&'static str, &str) {
        match self {
            Actor::Extension { id, .. } => ("ext:", id),
            Actor::Script { origin } => ("script:", origin),
            Actor::Site { host } => ("site:", host),
            Actor::Unattributed { .. } => ("unattributed", ""),
        }
    }

    /// The name to show a person: the extension's name, else its id.
    pub fn display_name(&self) -> &str {
        match self {
            Actor::Extension { id, name, .. } => name.as_deref().unwrap_or(id),
            Actor::Script { origin } => origin,
            Actor::Site { host } => host,
            Actor::Unattributed { .. } => "an extension or script on this page",
        }
    }
}

/// What supports a finding: counts, and a few samples with personal values
/// masked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub counts: SortedMap<Count, u64>,
    pub samples: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_kinds: Vec<DataKind>,
    /// Hosts the data went to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<String>,
    /// How it was sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encodings: Vec<Encoding>,
    /// What the evidence rests on or lacks, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The organizations that run the destinations, where known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    /// The countries of the servers that received the data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<crate::destinations::Country>,
}

read_struct!(Evidence {
    counts: "counts",
    samples: "samples",
    data_kinds: default "dataKinds",
    destinations: default "destinations",
    encodings: default "encodings",
    notes: default "notes",
    organizations: default "organizations",
    countries: default "countries",
});

/// Adds `value` to a small sorted set kept as a vector.
pub(crate) fn add_to_set<T: Ord + Clone>(set: &mut Vec<T>, value: &T) {
    if let Err(at) = set.binary_search(value) {
        set.insert(at, value.clone());
    }
}

/// A finding's subjects, most recent last: up to the limit's number of
/// profiles or values, shared between the finding kept and the copies
/// handed out each time it changes (the finding is copied far more often
/// than its subjects change), and copied only when written while shared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Subjects(Arc<Vec<String>>);

impl FromJson for Subjects {
    fn from_json(v: &serde_json::Value) -> Read<Subjects> {
        FromJson::from_json(v).map(Subjects)
    }
}

impl Subjects {
    fn make_mut(&mut self) -> &mut Vec<String> {
        Arc::make_mut(&mut self.0)
    }
}

impl std::ops::Deref for Subjects {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.0
    }
}

impl From<Vec<String>> for Subjects {
    fn from(subjects: Vec<String>) -> Subjects {
        Subjects(Arc::new(subjects))
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Subjects {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.0.iter().eq(other.iter())
    }
}

/// One conclusion about one actor on one site.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable de-duplication key: `kind|site|actor`.
    pub key: String,
    pub site: String,
    pub kind: FindingKind,
    pub severity: Severity,
    pub confidence: Confidence,
    pub basis: Basis,
    pub actor: Actor,
    pub message: Message,
    pub evidence: Evidence,
    /// Profiles concerned (slugs), most recent last.
    pub subjects: Subjects,
    pub first_seen: Millis,
    pub last_seen: Millis,
    pub occurrences: u64,
}

read_struct!(Finding {
    key: "key",
    site: "site",
    kind: "kind",
    severity: "severity",
    confidence: "confidence",
    basis: "basis",
    actor: "actor",
    message: "message",
    evidence: "evidence",
    subjects: "subjects",
    first_seen: "firstSeen",
    last_seen: "lastSeen",
    occurrences: "occurrences",
});

/// `parts` end to end, in one allocation (keys are made on every event;
/// `format!` costs several times as much).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `parts` with `sep` between them, as `[S]::join` writes them, through one
/// function whatever the texts' type (the standard library's join is
/// compiled again for each, about a kilobyte of wasm each time).
pub(crate) fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    join_texts(&mut parts.iter().map(AsRef::as_ref), sep)
}

fn join_texts(parts: &mut dyn Iterator<Item = &str>, sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part);
    }
    out
}

impl Finding {
    /// The stable key for a kind, site and actor.
    pub fn key_for(kind: FindingKind, site: &str, actor: &Actor) -> String {
        let (actor_kind, actor_name) = actor.key_parts();
        concat(&[kind.as_str(), "|", site, "|", actor_kind, actor_name])
    }

    /// Warnings and above are counted on the badge.
    pub fn is_warning(&self) -> bool {
        self.severity >= Severity::Warning
    }

    /// An evidence count, 0 when absent.
    pub fn count(&self, count: Count) -> u64 {
        self.evidence.counts.get(&count).copied().unwrap_or(0)
    }

    /// Keeps `sample` (newest last) unless already present, within `cap`.
    pub(crate) fn add_sample(&mut self, sample: String, cap: usize) -> bool {
        if self.evidence.samples.contains(&sample) {
            return true;
        }
        if self.evidence.samples.len() >= cap {
            return false;
        }
        self.evidence.samples.push(sample);
        true
    }

    /// Adds a subject unless present, within `cap`; false when the cap stopped it.
    pub(crate) fn add_subject(&mut self, subject: &str, cap: usize) -> bool {
        if self.subjects.iter().any(|s| s == subject) {
            return true;
        }
        if self.subjects.len() >= cap {
            return false;
        }
        self.subjects.make_mut().push(subject.to_owned());
        true
    }
}

impl Message {
    /// The sentence about `actor`, in the form that fits it: the actor's name
    /// (or an unknown extension's id) as first argument, or the unattributed
    /// form with the extensions able to do it listed apart.
    pub fn about(actor: &Actor, sentence: Sentence, args: Vec<Arg>) -> Message {
        let forms = sentence.forms();
        let (form, first) = match actor {
            _ if forms.contains(&ActorForm::Impersonal) => (ActorForm::Impersonal, None),
            Actor::Unattributed { .. } => (ActorForm::Unattributed, None),
            Actor::Extension { id, name: None, .. } if forms.contains(&ActorForm::Unknown) => {
                (ActorForm::Unknown, Some(id.clone()))
            }
            other => (ActorForm::Named, Some(other.display_name().to_owned())),
        };
        Message {
            key: sentence.key(form),
            args: first.map(Arg::Text).into_iter().chain(args).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn join_writes_what_the_standard_librarys_join_writes() {
        let owned: Vec<String> = vec!["a".into(), "bé".into(), "".into(), "c".into()];
        let borrowed: Vec<&str> = owned.iter().map(String::as_str).collect();
        for sep in ["", ", ", " · "] {
            assert_eq!(join(&owned, sep), owned.join(sep));
            assert_eq!(join(&borrowed, sep), borrowed.join(sep));
        }
        assert_eq!(join::<&str>(&[], ", "), "");
        assert_eq!(join(&["only"], ", "), "only");
    }
}
