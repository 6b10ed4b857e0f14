//! What the engine remembers between events: findings per site, open tabs
//! and their recent activity, caps reached. All of it is bounded, and all of
//! it but what only matters for seconds goes into the snapshot.

pub mod activity;
pub mod destinations;
pub mod health;
pub mod ledger;
pub mod limits;
pub mod tabs;

use std::collections::VecDeque;

use serde::Serialize;

use crate::collections::{SortedMap, SortedSet};
use crate::messages::event::{ContactValue, Millis};
use crate::sites::inventory::Inventory;
use crate::state::destinations::DestinationLog;
use crate::state::health::{CapTracker, Rejection};
use crate::state::ledger::Ledger;
use crate::state::tabs::Tabs;

/// A value derived from the state to save work: not state itself, so never
/// persisted and never compared.
#[derive(Debug, Clone)]
pub struct Cached<T>(pub Option<T>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(None)
    }
}

impl<T> PartialEq for Cached<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// How addresses are written to a snapshot: without their query and
/// fragment, where a form sent by GET, a tracker or an app puts typed and
/// personal values (see [`without_query`](crate::observe::url::without_query)).
/// What needs the whole address keeps it in memory, or keeps a digest.
pub(crate) mod on_disk {
    use serde::ser::SerializeSeq;
    use serde::Serializer;

    use crate::observe::url::without_query;

    pub fn url<S: Serializer>(url: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(without_query(url))
    }

    pub fn urls<S: Serializer>(urls: &[String], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(urls.len()))?;
        for url in urls {
            seq.serialize_element(without_query(url))?;
        }
        seq.end()
    }
}

/// Member aliases kept per site (the oldest go first).
pub const MAX_ALIASES_PER_SITE: usize = 5_000;

/// Everything the engine remembers: what a snapshot holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub ledger: Ledger,
    pub tabs: Tabs,
    pub inventory: Inventory,
    /// `actor|site` pairs already notified.
    pub notified: SortedSet<String>,
    /// Times of recent notifications, for the rate limit.
    pub recent_notifications: Vec<Millis>,
    pub caps: CapTracker,
    /// Profile pages loaded in tabs no person opened: (time, site, slug).
    pub unrequested_loads: VecDeque<(Millis, String, String)>,
    /// Other forms of a member's identity (member ids of URNs, lower-cased)
    /// → the vanity slug, per site: one member is counted once.
    pub aliases: SortedMap<String, SortedMap<String, String>>,
    /// Messages the isolated world refused at the bridge, by reason.
    pub bridge_drops: SortedMap<String, u64>,
    /// Third-party hosts each site contacted, and where their servers are.
    pub destinations: DestinationLog,
    /// The values the person asked Vigie to watch on every site: memory
    /// only, never in a snapshot (the shell sends them again at start).
    #[serde(skip)]
    pub own_values: Vec<ContactValue>,
    /// The person's last trusted clicks on a "Contact info" link, in any
    /// tab: a click that opens the dialog in another tab (a middle or
    /// Ctrl click) asks for it there (memory only: they matter seconds).
    #[serde(skip)]
    pub contact_clicks: VecDeque<crate::state::activity::Asked>,
    pub accepted_events: u64,
    pub rejected_events: u64,
    pub last_rejection: Option<Rejection>,
}

impl State {
    /// One member in the one form Vigie counts: the vanity slug when the
    /// page told which slug an id or URN names, else the identity as given.
    pub fn canonical_member(&self, site: &str, member: String) -> String {
        match self.aliases.get(site).and_then(|a| a.get(&member)) {
            Some(slug) => slug.clone(),
            None => member,
        }
    }
}

crate::messages::read::read_struct!(State {
    ledger: "ledger",
    tabs: "tabs",
    inventory: "inventory",
    notified: "notified",
    recent_notifications: "recentNotifications",
    caps: "caps",
    unrequested_loads: default "unrequestedLoads",
    aliases: default "aliases",
    bridge_drops: default "bridgeDrops",
    destinations: default "destinations",
    own_values: skip,
    contact_clicks: skip,
    accepted_events: "acceptedEvents",
    rejected_events: "rejectedEvents",
    last_rejection: "lastRejection",
});
