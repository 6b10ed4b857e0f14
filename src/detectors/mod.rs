//! Detectors: one module per behaviour, all of one shape — a function from
//! what the engine knows ([`View`]) and one [`Observation`] to the
//! [`Conclusion`]s it draws. Detectors read; they never write state. The
//! recorder (`record.rs`) turns conclusions into findings.
//!
//! Adding a detector is writing its module and one line in [`DETECTORS`].

pub mod bulk_crawl;
pub mod conclusion;
pub mod contact_exfiltration;
pub mod contact_shapes;
pub mod contact_without_gesture;
pub mod field_sniffing;
pub mod harvest_burst;
pub mod harvest_not_in_view;
pub mod injected_ui;
pub mod leak_before_submit;
pub mod leak_to_third_party;
pub mod natives_replaced;
pub mod observers_flooded;
pub mod record;
pub mod sent_outside_eea;
pub mod shared_within_group;

pub use conclusion::{Conclusion, Tally};

use std::rc::Rc;

use crate::messages::finding::{Actor, Finding, FindingKind};
use crate::observe::attribution::{unattributed, Attribution};
use crate::observe::{Knowledge, Observation};
use crate::state::activity::TabActivity;
use crate::state::State;

/// What a detector may read: the engine's knowledge and its state after the
/// observation layer has taken the event in.
pub struct View<'a> {
    pub knowledge: &'a Knowledge,
    pub state: &'a State,
}

impl View<'_> {
    /// The activity of a tab.
    pub fn tab(&self, obs: &Observation<'_>) -> Option<&TabActivity> {
        self.state.tabs.get(obs.tab_id).map(|t| &t.activity)
    }

    /// "An extension or script on this page", with the extensions able to
    /// act on `site`.
    pub fn anyone(&self, site: &str) -> Actor {
        unattributed(&self.state.inventory, site)
    }

    /// The finding a conclusion about `kind`, `site` and `actor` would update.
    pub fn finding(&self, kind: FindingKind, site: &str, actor: &Actor) -> Option<&Finding> {
        let key = Finding::key_for(kind, site, actor);
        self.state.ledger.site(site)?.get(&key)
    }

    /// The actor a request's attribution names, else [`View::anyone`].
    pub fn actor(&self, who: &Attribution, site: &str) -> Actor {
        who.actor(&self.state.inventory, site)
    }
}

/// One detector.
pub struct Detector {
    /// For diagnostics and tests.
    pub name: &'static str,
    pub check: fn(&View<'_>, &Observation<'_>) -> Vec<Conclusion>,
}

/// Every detector, in the order they run.
pub const DETECTORS: &[Detector] = &[
    injected_ui::DETECTOR,
    harvest_not_in_view::DETECTOR,
    contact_without_gesture::DETECTOR,
    harvest_burst::DETECTOR,
    contact_exfiltration::DETECTOR,
    contact_shapes::DETECTOR,
    natives_replaced::DETECTOR,
    bulk_crawl::DETECTOR,
    observers_flooded::DETECTOR,
    sent_outside_eea::DETECTOR,
    shared_within_group::DETECTOR,
    leak_to_third_party::DETECTOR,
    leak_before_submit::DETECTOR,
    field_sniffing::DETECTOR,
];

/// Detectors that conclude from findings just made or grown, not from an
/// observation: what a finding about personal data means once Vigie knows
/// who runs its destination and where the server is. They run once after
/// the recorder, on the findings it returned; their own findings are not
/// fed back.
pub const DERIVED: &[Derive] = &[sent_outside_eea::derive, shared_within_group::derive];

/// A derived detector: from the findings an event made or grew to the
/// conclusions they support.
pub type Derive = fn(&View<'_>, &[Rc<Finding>]) -> Vec<Conclusion>;

/// Runs every derived detector on the findings an event made or grew.
pub fn derive(view: &View<'_>, findings: &[Rc<Finding>]) -> Vec<Conclusion> {
    DERIVED.iter().flat_map(|d| d(view, findings)).collect()
}

/// Runs every detector on one observation.
pub fn run(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let mut out = vec![];
    for detector in DETECTORS {
        out.extend((detector.check)(view, obs));
    }
    out
}
