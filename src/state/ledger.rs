//! The per-site record: findings and what was watched, within caps.

use crate::collections::SortedMap;
use std::rc::Rc;

use serde::Serialize;

use crate::messages::event::Millis;
use crate::messages::finding::Finding;
use crate::messages::read::read_struct;
use crate::messages::vocabulary::Cap;
use crate::state::health::CapTracker;
use crate::state::limits::Limits;

/// What Vigie observed on a site, shown in the popup's empty state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Watched {
    /// Top-level page loads and in-page navigations.
    pub pages: u64,
    /// Extension resources found in the site's pages.
    pub injections: u64,
    /// When Vigie first saw the site.
    pub since: Millis,
}

/// One site's findings and observations.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteLedger {
    pub watched: Watched,
    pub last_seen: Millis,
    /// Shared with the findings an ingest returns: a finding changed by an
    /// event goes out without a copy, and is copied only when changed again
    /// while the caller still holds it.
    findings: SortedMap<String, Rc<Finding>>,
}

impl SiteLedger {
    /// The finding under `key`, created by `create` if absent. When the site
    /// is at its cap, the least severe, least recently seen finding makes room.
    /// Changed through `Rc::make_mut` (a copy only while a caller still holds
    /// the finding an earlier event returned), and cloned to hand it out.
    pub fn upsert(
        &mut self,
        key: &str,
        limits: &Limits,
        caps: &mut CapTracker,
        create: impl FnOnce() -> Finding,
    ) -> &mut Rc<Finding> {
        if !self.findings.contains_key(key) && self.findings.len() >= limits.max_findings_per_site {
            let victim = self
                .findings
                .values()
                .min_by(|a, b| {
                    a.severity
                        .cmp(&b.severity)
                        .then(a.last_seen.total_cmp(&b.last_seen))
                })
                .map(|f| f.key.clone());
            if let Some(victim) = victim {
                self.findings.remove(&victim);
            }
            caps.hit(Cap::FindingsPerSite, limits.max_findings_per_site);
        }
        self.findings
            .entry(key.to_owned())
            .or_insert_with(|| Rc::new(create()))
    }

    pub fn get(&self, key: &str) -> Option<&Finding> {
        self.findings.get(key).map(|f| &**f)
    }

    /// The finding under `key`, to change as `upsert`'s.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Rc<Finding>> {
        self.findings.get_mut(key)
    }

    /// Removes a finding that no longer holds; true when there was one.
    pub fn remove(&mut self, key: &str) -> bool {
        self.findings.remove(key).is_some()
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.values().map(|f| &**f)
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }
}

/// All sites, keyed by host.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ledger {
    sites: SortedMap<String, SiteLedger>,
}

impl Ledger {
    /// The ledger of `site`, created if absent. When the cap is reached the
    /// least recently seen site is forgotten.
    pub fn site_mut(
        &mut self,
        site: &str,
        now: Millis,
        limits: &Limits,
        caps: &mut CapTracker,
    ) -> &mut SiteLedger {
        if !self.sites.contains_key(site) && self.sites.len() >= limits.max_sites {
            let victim = self
                .sites
                .iter()
                .min_by(|a, b| a.1.last_seen.total_cmp(&b.1.last_seen))
                .map(|(k, _)| k.clone());
            if let Some(victim) = victim {
                self.sites.remove(&victim);
            }
            caps.hit(Cap::Sites, limits.max_sites);
        }
        let ledger = self
            .sites
            .entry(site.to_owned())
            .or_insert_with(|| SiteLedger {
                watched: Watched {
                    since: now,
                    ..Watched::default()
                },
                ..SiteLedger::default()
            });
        ledger.last_seen = ledger.last_seen.max(now);
        ledger
    }

    pub fn site(&self, site: &str) -> Option<&SiteLedger> {
        self.sites.get(site)
    }

    /// The ledger of `site` for changes, without creating it.
    pub fn site_mut_existing(&mut self, site: &str) -> Option<&mut SiteLedger> {
        self.sites.get_mut(site)
    }

    /// Forgets a site; returns how many findings went with it.
    pub fn forget(&mut self, site: &str) -> usize {
        self.sites.remove(site).map_or(0, |s| s.len())
    }

    pub fn sites(&self) -> impl Iterator<Item = (&String, &SiteLedger)> {
        self.sites.iter()
    }
}

read_struct!(Watched {
    pages: "pages",
    injections: "injections",
    since: "since",
});

read_struct!(SiteLedger {
    watched: "watched",
    last_seen: "lastSeen",
    findings: "findings",
});

read_struct!(Ledger { sites: "sites" });
