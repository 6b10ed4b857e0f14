//! What the engine remembers about open tabs: the page each one shows, and
//! which reports it has already counted on that page.

use crate::collections::{or_default, SortedMap, SortedSet};

use serde::Serialize;

use crate::messages::event::{Millis, TabId};
use crate::messages::read::read_struct;
use crate::messages::vocabulary::Cap;
use crate::sites::model::PageKind;
use crate::state::activity::TabActivity;
use crate::state::health::CapTracker;
use crate::state::limits::Limits;
use crate::state::Cached;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TabState {
    /// The page's address; snapshots keep it without query and fragment
    /// (the page's kind and profile come from its host and path).
    #[serde(serialize_with = "crate::state::on_disk::url")]
    pub url: String,
    /// What the tab shows, for de-duplication: a profile keeps its identity
    /// when its contact dialog opens (see `SiteModels::page_identity`).
    pub page: String,
    pub last_seen: Millis,
    /// De-duplication keys of reports already counted on the current page.
    pub seen_on_page: SortedSet<String>,
    /// What the harvest detectors track in this tab.
    pub activity: TabActivity,
    /// The kind of the page at a URL (normally `url`), classified once.
    #[serde(skip)]
    pub kind: Cached<(String, PageKind)>,
    /// The document the tab showed before this one, and when it was left:
    /// what it sends while being unloaded is still its own. Memory only.
    #[serde(skip)]
    pub left: Option<LeftPage>,
    /// When the tab was closed: its page's last requests, sent as it goes
    /// (a keepalive fetch or a beacon on `pagehide`), reach the engine
    /// after the close, held like every request; they are still the page's
    /// for `CLOSED_TAB_MS`, and the tab's state is kept that long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<Millis>,
}

/// How long a closed tab's state outlives it (see `TabState::closed`): past
/// the shell's hold of a request (`requestHoldMs`) and the wait for its
/// body read in the page, with room for a worker busy at that moment.
pub const CLOSED_TAB_MS: Millis = 10_000.0;

/// A page a tab has just left.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftPage {
    pub url: String,
    pub time: Millis,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tabs {
    tabs: SortedMap<TabId, TabState>,
}

impl Tabs {
    /// The state of `tab_id`, created if absent (the least recently seen tab
    /// makes room at the cap).
    pub fn get_mut(
        &mut self,
        tab_id: TabId,
        now: Millis,
        limits: &Limits,
        caps: &mut CapTracker,
    ) -> &mut TabState {
        // A closed tab's id is not given to another tab, but a request
        // filed under it long after is no longer its page's.
        if self
            .tabs
            .get(&tab_id)
            .and_then(|t| t.closed)
            .is_some_and(|closed| now - closed > CLOSED_TAB_MS)
        {
            self.tabs.remove(&tab_id);
        }
        if !self.tabs.contains_key(&tab_id) && self.tabs.len() >= limits.max_tabs {
            let victim = self
                .tabs
                .iter()
                .min_by(|a, b| a.1.last_seen.total_cmp(&b.1.last_seen))
                .map(|(k, _)| *k);
            if let Some(victim) = victim {
                self.tabs.remove(&victim);
            }
            caps.hit(Cap::Tabs, limits.max_tabs);
        }
        let tab = or_default(&mut self.tabs, tab_id);
        tab.last_seen = tab.last_seen.max(now);
        tab
    }

    /// Records a navigation to `url`, showing `page`; the tab's state and,
    /// when the URL changed, the one it had before. Reports counted on the
    /// previous page are forgotten when the page changes.
    pub fn navigate(
        &mut self,
        tab_id: TabId,
        url: &str,
        page: &str,
        now: Millis,
        limits: &Limits,
        caps: &mut CapTracker,
    ) -> (&mut TabState, Option<String>) {
        let tab = self.enter_page(tab_id, page, now, limits, caps);
        if tab.url == url {
            return (tab, None);
        }
        let before = std::mem::replace(&mut tab.url, url.to_owned());
        (tab, Some(before))
    }

    /// Moves a tab to `page` without a navigation event (a report can race
    /// ahead of it); what was counted on another page is forgotten.
    pub fn enter_page(
        &mut self,
        tab_id: TabId,
        page: &str,
        now: Millis,
        limits: &Limits,
        caps: &mut CapTracker,
    ) -> &mut TabState {
        let tab = self.get_mut(tab_id, now, limits, caps);
        if tab.page != page {
            tab.page = page.to_owned();
            tab.seen_on_page.clear();
        }
        tab
    }

    /// The state of `tab_id`, if tracked.
    pub fn get_state_mut(&mut self, tab_id: TabId) -> Option<&mut TabState> {
        self.tabs.get_mut(&tab_id)
    }

    /// Drops every tab's matching pool, to be rebuilt with what changed.
    pub fn forget_pools(&mut self) {
        for (_, tab) in self.tabs.iter_mut() {
            tab.activity.pool.0 = None;
        }
    }

    /// Forgets, in every tab, what the harvest detectors tracked of the
    /// people viewed (profiles loaded, looked up, shown, asked for): the
    /// person asked Vigie to forget the modelled site they belong to. What
    /// the page's hooks and injected UI told of the tab's present page
    /// stays: without it, a request of the page would be read anew. The
    /// tabs themselves stay, with the address they show.
    pub fn forget_people(&mut self) {
        for (_, tab) in self.tabs.iter_mut() {
            let activity = &mut tab.activity;
            activity.profile = None;
            activity.viewed_by_person = None;
            activity.contact_asked = None;
            activity.lookups.clear();
            activity.calls.clear();
            activity.harvested.clear();
            activity.members_sent.clear();
            activity.watched.clear();
            activity.profile_loads.clear();
            activity.outbound.clear();
            activity.pool.0 = None;
            tab.seen_on_page.clear();
            tab.left = None;
        }
    }

    pub fn get(&self, tab_id: TabId) -> Option<&TabState> {
        self.tabs.get(&tab_id)
    }

    /// Marks `tab_id` closed at `now`; its state is kept for
    /// `CLOSED_TAB_MS`, for the requests its page sent as it went. Tabs
    /// closed longer ago are forgotten.
    pub fn close(&mut self, tab_id: TabId, now: Millis) {
        self.tabs
            .retain(|_, t| t.closed.is_none_or(|closed| now - closed <= CLOSED_TAB_MS));
        if let Some(tab) = self.tabs.get_mut(&tab_id) {
            tab.closed.get_or_insert(now);
        }
    }
}

read_struct!(TabState {
    url: "url",
    page: "page",
    last_seen: "lastSeen",
    seen_on_page: "seenOnPage",
    activity: default "activity",
    kind: skip,
    left: skip,
    closed: "closed",
});

read_struct!(Tabs { tabs: "tabs" });
