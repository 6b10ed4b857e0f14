//! A third-party script reading what the person types: the main-world hook
//! on `HTMLInputElement.prototype.value` reports a script reading an
//! e-mail, phone, name or password field. The report is a claim a page
//! could forge, so on its own it is only possible (and informational); when
//! a value of such a field then leaves for that script's own registrable
//! domain, the network corroborates it.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::matching::decode::Part;
use crate::matching::pool::{Origin, Watched};
use crate::messages::finding::{Actor, Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Count, FieldKind, Message, Note, Sentence};
use crate::observe::url::same_party;
use crate::observe::{Fact, Observation};

pub const DETECTOR: Detector = Detector {
    name: "fieldSniffing",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    match &obs.fact {
        Fact::FieldRead { field, reader } => {
            // The site's own scripts read their own forms; an extension's
            // reads are not a page script's.
            let Some(actor @ Actor::Script { .. }) = &reader.actor else {
                return vec![];
            };
            if *field == FieldKind::Other {
                return vec![];
            }
            let mut c = Conclusion::new(
                FindingKind::FieldSniffing,
                obs,
                actor.clone(),
                (Severity::Info, Confidence::Possible, Basis::SeenInPage),
                describe,
            )
            .count(Count::FieldReads, Tally::Bump);
            if let Some(kind) = field.data_kind() {
                c = c.data_kind(kind);
            }
            // A password is no data kind Vigie matches (it never reads its
            // value): the card says the field was read, in a note.
            if *field == FieldKind::Password {
                c = c.notes([Note::PasswordFieldRead]);
            }
            vec![c]
        }
        Fact::Outbound(request) => {
            let Some(tab) = view.tab(obs) else {
                return vec![];
            };
            let mut out: Vec<Conclusion> = vec![];
            for hit in &request.hits {
                let Watched::Personal {
                    kind,
                    origin: Origin::Typed,
                    ..
                } = &hit.watched
                else {
                    continue;
                };
                for reader in tab.readers.iter().filter(|r| {
                    r.field.data_kind() == Some(*kind) && same_party(&r.host, &request.host)
                }) {
                    if out
                        .iter()
                        .any(|c| matches!(&c.actor, Actor::Script { origin } if *origin == reader.origin))
                    {
                        continue;
                    }
                    out.push(
                        Conclusion::new(
                            FindingKind::FieldSniffing,
                            obs,
                            Actor::Script {
                                origin: reader.origin.clone(),
                            },
                            (Severity::Warning, Confidence::Likely, Basis::SeenOnNetwork),
                            describe,
                        )
                        .data_kind(*kind)
                        .destination(request.host.as_str())
                        .notes([Note::ValueSentToReader])
                        .notes(
                            (request.body_from_page && hit.part == Part::Body)
                                .then_some(Note::BodyReadInPage),
                        ),
                    );
                }
            }
            out
        }
        _ => vec![],
    }
}

fn describe(f: &Finding) -> Message {
    Message::about(&f.actor, Sentence::FieldSniffing, vec![])
}
