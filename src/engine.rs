//! The engine: a thin front. An event is parsed, taken in by the observation
//! layer (`observe/`), looked at by every detector (`detectors/`), and their
//! conclusions recorded as findings; the engine then picks what to notify.
//! Its whole state can be snapshot and restored.

use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::audit::{self, alerts, ExtensionReport};
use crate::destinations::report::{destinations, DestinationRow};
use crate::destinations::Destinations;
use crate::detectors::{self, record, View};
use crate::messages::error::{Error, ErrorKind, Result};
use crate::messages::event::{Capped, Event, Millis};
use crate::messages::finding::{Actor, Finding, FindingKind, Severity};
use crate::messages::vocabulary::Cap;
use crate::observe::url::WebUrl;
use crate::observe::{self, Knowledge};
use crate::sites::inventory::known_contact_finders;
use crate::sites::{SiteModels, SiteSummary};
use crate::state::health::{Health, Notice, Rejection};
use crate::state::ledger::Watched;
use crate::state::limits::Limits;
use crate::state::State;

/// The snapshot format this core writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;

/// Notifications allowed per window, whatever the number of findings: a page
/// that triggers findings in a loop must not flood the person.
const NOTIFICATIONS_PER_WINDOW: usize = 3;
const NOTIFICATION_WINDOW_MS: Millis = 10.0 * 60.0 * 1000.0;

/// What one ingested event produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ingested {
    /// Findings created or updated by the event.
    pub findings: Vec<Rc<Finding>>,
    /// Keys of findings the shell should notify now (new high-severity
    /// finding for an actor and site not notified before, within the rate).
    pub notify: Vec<String>,
    /// Caps the event ran into.
    pub notices: Vec<Notice>,
}

/// Everything the popup shows about one site.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteReport {
    pub site: String,
    /// Most severe first, then most recent.
    pub findings: Vec<Finding>,
    pub watched: Watched,
    pub extensions: ExtensionCounts,
    pub health: Health,
    /// The toolbar badge for the site.
    pub badge: Badge,
    /// The site's model, when Vigie models it (LinkedIn).
    pub site_model: Option<SiteSummary>,
    /// Where the site's pages sent requests: personal data first.
    pub destinations: Vec<DestinationRow>,
}

/// The number on the toolbar icon and its colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Badge {
    /// Warnings and worse.
    pub count: usize,
    /// The most severe of them, if any.
    pub worst: Option<Severity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionCounts {
    pub total: usize,
    pub enabled: usize,
}

/// What [`Engine::snapshot`] writes, as [`Engine::restore`] reads it.
struct Snapshot {
    snapshot_version: u32,
    // Required, but neither applied nor read: this build's limits are (see
    // `restore`).
    #[allow(dead_code)]
    limits: AnObject,
    state: State,
}

/// A member required to be an object, whatever it holds.
struct AnObject;

impl crate::messages::read::FromJson for AnObject {
    fn from_json(v: &serde_json::Value) -> crate::messages::read::Read<AnObject> {
        crate::messages::read::object(v).map(|_| AnObject)
    }
}

crate::messages::read::read_struct!(Snapshot {
    snapshot_version: "snapshotVersion",
    limits: "limits",
    state: "state",
});

/// [`Snapshot`] as it is written: borrowed, so that persisting the state
/// does not copy it first.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotOf<'a> {
    snapshot_version: u32,
    limits: &'a Limits,
    state: &'a State,
}

/// Vigie's core. Feed it [`Event`]s; ask it about sites.
///
/// ```
/// use vigie::Engine;
/// let mut engine = Engine::new();
/// let out = engine.ingest_json(r#"{"v":1,"type":"navigation","time":1,"tabId":1,"url":"https://www.linkedin.com/feed/"}"#).unwrap();
/// assert!(out.findings.is_empty());
/// assert_eq!(engine.site_report("www.linkedin.com").watched.pages, 1);
/// ```
pub struct Engine {
    knowledge: Knowledge,
    state: State,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    pub fn new() -> Engine {
        Engine::with_limits(Limits::default())
    }

    pub fn with_limits(limits: Limits) -> Engine {
        Engine {
            knowledge: Knowledge {
                limits,
                models: SiteModels::builtin(),
                contact_finders: known_contact_finders(),
                destinations: Destinations::default(),
            },
            state: State::default(),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.knowledge.limits
    }

    /// Takes the organization and IP-country tables the build compiled
    /// (`data/organizations.txt`, `data/ip-country.bin`). They are
    /// knowledge, not state: a restored engine needs them again. Without
    /// them hosts are shown by domain and server countries are unknown.
    pub fn load_destinations(
        &mut self,
        organizations_text: String,
        ip_table: Vec<u8>,
    ) -> Result<()> {
        self.knowledge.destinations = Destinations::load(organizations_text, ip_table)?;
        Ok(())
    }

    /// What a GDPR Article 15 access request about one finding of `site`
    /// says: the finding's facts, and the organization behind its
    /// destinations (the first the organizations table lists) with the
    /// destinations it runs. `InvalidArgument` when there is no such finding
    /// or no organization is identified.
    pub fn letter_facts(
        &self,
        site: &str,
        key: &str,
    ) -> Result<crate::destinations::letter::LetterFacts> {
        let refuse = |why: &str| Error::new(ErrorKind::InvalidArgument, why.to_owned());
        let finding = self
            .state
            .ledger
            .site(site)
            .and_then(|s| s.get(key))
            .ok_or_else(|| refuse("no such finding"))?;
        let tables = &self.knowledge.destinations;
        finding
            .evidence
            .destinations
            .iter()
            .find_map(|host| {
                let owner = tables.owner(host)?;
                let id = &owner.organization.id;
                let hosts: Vec<String> = finding
                    .evidence
                    .destinations
                    .iter()
                    .filter(|h| tables.owner(h).is_some_and(|o| &o.organization.id == id))
                    .cloned()
                    .collect();
                Some(crate::destinations::letter::facts(
                    finding,
                    owner.organization,
                    &hosts,
                ))
            })
            .ok_or_else(|| refuse("no organization is identified for this finding"))
    }

    /// The access request itself: [`Engine::letter_facts`] written as a
    /// letter with what the person chose (`options`).
    pub fn access_request(
        &self,
        site: &str,
        key: &str,
        options: &crate::destinations::letter::LetterOptions,
    ) -> Result<crate::destinations::letter::Letter> {
        let facts = self.letter_facts(site, key)?;
        crate::destinations::letter::access_request(&facts, options)
            .ok_or_else(|| Error::new(ErrorKind::InvalidArgument, "no letter template".to_owned()))
    }

    /// True once the tables are loaded.
    pub fn has_destinations(&self) -> bool {
        self.knowledge.destinations.is_loaded()
    }

    /// Parses, validates and ingests one event given as JSON text. On error
    /// the state is unchanged (but for the rejection count). A field or list
    /// over its cap is cut short, and the cap is reported as a notice.
    pub fn ingest_json(&mut self, text: &str) -> Result<Ingested> {
        match Event::from_json_capped(text, &self.knowledge.limits) {
            Ok(capped) => self.ingest_capped(capped),
            Err(e) => Err(self.reject(e)),
        }
    }

    /// Ingests one event already fitted to the limits ([`Capped::fit`]); the
    /// caps that cut it are recorded and returned as notices.
    pub fn ingest_capped(&mut self, capped: Capped) -> Result<Ingested> {
        let mut out = self.ingest(capped.event)?;
        for cut in capped.truncated {
            // Already said by the ingest itself (a request's body cut,
            // which its observation reports from the event's flag): once
            // per event.
            if out.notices.iter().any(|n| n.what == cut.what) {
                continue;
            }
            self.state.caps.hit(cut.what, cut.limit);
        }
        out.notices.extend(self.state.caps.take_pending());
        Ok(out)
    }

    /// Ingests one event already parsed.
    pub fn ingest(&mut self, event: Event) -> Result<Ingested> {
        match self.apply(&event) {
            Ok(findings) => {
                self.state.accepted_events = self.state.accepted_events.saturating_add(1);
                let notify = self.notifications(&findings, event.time());
                let notices = self.state.caps.take_pending();
                Ok(Ingested {
                    findings,
                    notify,
                    notices,
                })
            }
            Err(e) => {
                self.state.caps.take_pending();
                Err(self.reject(e))
            }
        }
    }

    /// Observation, detection, recording.
    fn apply(&mut self, event: &Event) -> Result<Vec<Rc<Finding>>> {
        // The inventory as it was, to audit what an extension event changed.
        let inventory_before = matches!(
            event,
            Event::ExtensionInventory { .. } | Event::ExtensionChanged { .. }
        )
        .then(|| self.state.inventory.clone());
        let Some(observation) = observe::observe(&self.knowledge, &mut self.state, event)? else {
            let full = matches!(event, Event::ExtensionInventory { .. });
            return Ok(match inventory_before {
                Some(before) => self.audit_changes(&before, full, event.time()),
                None => vec![],
            });
        };
        let view = View {
            knowledge: &self.knowledge,
            state: &self.state,
        };
        let conclusions = detectors::run(&view, &observation);
        if conclusions.is_empty() {
            return Ok(vec![]);
        }
        let state = &mut self.state;
        let mut findings = record::record(
            &mut state.ledger,
            &self.knowledge.limits,
            &mut state.caps,
            conclusions,
        );
        let view = View {
            knowledge: &self.knowledge,
            state: &self.state,
        };
        let derived = detectors::derive(&view, &findings);
        if !derived.is_empty() {
            let state = &mut self.state;
            for f in record::record(
                &mut state.ledger,
                &self.knowledge.limits,
                &mut state.caps,
                derived,
            ) {
                match findings.iter_mut().find(|earlier| earlier.key == f.key) {
                    Some(earlier) => *earlier = f,
                    None => findings.push(f),
                }
            }
        }
        Ok(findings)
    }

    /// Audits the extensions again after the inventory changed, and records
    /// what the change means (see `audit::alerts`).
    fn audit_changes(
        &mut self,
        before: &crate::sites::inventory::Inventory,
        full: bool,
        time: Millis,
    ) -> Vec<Rc<Finding>> {
        let outcome = alerts::compare(
            &self.knowledge,
            before,
            &mut self.state.inventory,
            full,
            time,
        );
        let state = &mut self.state;
        let limits = &self.knowledge.limits;
        for (site, key) in &outcome.withdrawn {
            if let Some(ledger) = state.ledger.site_mut_existing(site) {
                ledger.remove(key);
            }
        }
        let messages: Vec<(String, String, crate::Message)> = outcome
            .alerts
            .iter()
            .map(|a| {
                let c = &a.conclusion;
                let key = Finding::key_for(c.kind, &c.site, &c.actor);
                (c.site.clone(), key, a.message.clone())
            })
            .collect();
        let conclusions = outcome.alerts.into_iter().map(|a| a.conclusion).collect();
        let mut touched = record::record(&mut state.ledger, limits, &mut state.caps, conclusions);
        for (site, key, message) in messages {
            let Some(ledger) = state.ledger.site_mut_existing(&site) else {
                continue;
            };
            let Some(shared) = ledger.get_mut(&key) else {
                continue;
            };
            if shared.message == message {
                continue;
            }
            Rc::make_mut(shared).message = message;
            let finding = Rc::clone(shared);
            match touched.iter_mut().find(|f| f.key == finding.key) {
                Some(earlier) => *earlier = finding,
                None => touched.push(finding),
            }
        }
        touched
    }

    /// Every installed extension (not Vigie, not themes) with its audit and
    /// the findings that concern it on any site: enabled ones first, the
    /// riskiest first, then by name.
    pub fn extension_reports(&self) -> Vec<ExtensionReport> {
        let inventory = &self.state.inventory;
        let all = self.all_findings();
        // The extensions able to act on each site a finding lists only some
        // of them for: the finding counts the rest.
        let mut able: HashMap<&str, Vec<&str>> = HashMap::new();
        for f in &all {
            if matches!(&f.actor, Actor::Unattributed { more, .. } if *more > 0) {
                able.entry(f.site.as_str()).or_insert_with(|| {
                    inventory
                        .candidates_for(&f.site)
                        .into_iter()
                        .map(|(e, _)| e.id.as_str())
                        .collect()
                });
            }
        }
        let mut reports: Vec<ExtensionReport> = inventory
            .iter()
            .filter(|e| !inventory.is_self(&e.id) && e.kind.as_deref() != Some("theme"))
            .map(|info| ExtensionReport {
                audit: audit::audit(info, &self.knowledge.models, self.knowledge.contact_finders),
                findings: all
                    .iter()
                    .filter(|f| audit::names(f, &info.id))
                    .cloned()
                    .collect(),
                candidate_in: all
                    .iter()
                    .filter(|f| {
                        audit::able_to_do(f, &info.id, |site| {
                            able.get(site)
                                .is_some_and(|ids| ids.contains(&info.id.as_str()))
                        })
                    })
                    .count(),
            })
            .collect();
        crate::sorting::sort_by(&mut reports, |a, b| {
            b.audit
                .enabled
                .cmp(&a.audit.enabled)
                .then(b.audit.risk.cmp(&a.audit.risk))
                .then(b.findings.len().cmp(&a.findings.len()))
                .then_with(|| {
                    let name = |r: &ExtensionReport| {
                        crate::text::lowercase(r.audit.name.as_deref().unwrap_or_default())
                    };
                    name(a).cmp(&name(b))
                })
        });
        reports
    }

    /// Counts an event refused before it reached the engine and returns the error.
    pub(crate) fn reject(&mut self, e: Error) -> Error {
        self.state.rejected_events = self.state.rejected_events.saturating_add(1);
        self.state.last_rejection = Some(Rejection {
            kind: e.kind().as_str().to_owned(),
            message: without_quoted_values(e.message())
                .chars()
                .take(300)
                .collect(),
        });
        e
    }

    /// Picks the findings to notify: high severity, first time for this actor
    /// on this site, at most a few per window.
    fn notifications(&mut self, findings: &[Rc<Finding>], now: Millis) -> Vec<String> {
        let state = &mut self.state;
        state
            .recent_notifications
            .retain(|t| now - t < NOTIFICATION_WINDOW_MS);
        let mut out = vec![];
        // An extension gaining access is notified at every rise, whatever
        // its severity: each is news (its sentence says before and after).
        let rose = |f: &Finding| f.kind == FindingKind::ExtensionRiskRose;
        for f in findings
            .iter()
            .filter(|f| f.severity >= Severity::High || rose(f))
        {
            let pair = format!("{}|{}", f.actor.key(), f.site);
            if state.notified.contains(&pair) && !rose(f) {
                continue;
            }
            if state.recent_notifications.len() >= NOTIFICATIONS_PER_WINDOW {
                state
                    .caps
                    .hit(Cap::NotificationsPerWindow, NOTIFICATIONS_PER_WINDOW);
                break;
            }
            if !rose(f) {
                state.notified.insert(pair);
            }
            state.recent_notifications.push(now);
            out.push(f.key.clone());
        }
        out
    }

    /// The site (host) Vigie files a page under, or `None` for pages it does
    /// not watch (`chrome://`, `about:`, `file:`).
    pub fn site_of(url: &str) -> Option<String> {
        WebUrl::parse(url)
            .filter(|u| u.is_web())
            .map(|u| u.host.into_owned())
    }

    /// True when `url` is a page of a modelled profile site, where the page
    /// observer also reports gestures and visible contact data. The shell
    /// answers the observer from the same hosts without the engine
    /// (`profileHosts`, generated by `extension/build.mjs`).
    pub fn is_profile_site(&self, url: &str) -> bool {
        WebUrl::parse(url)
            .is_some_and(|u| u.is_web() && self.knowledge.models.for_host(&u.host).is_some())
    }

    /// Request headers the shell should pass on: those every site needs and
    /// those the site models read, lower-cased, each once.
    pub fn headers_to_read(&self) -> Vec<String> {
        let mut names: Vec<String> = crate::messages::contract::contract()
            .read_headers
            .any
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .chain(
                self.knowledge
                    .models
                    .iter()
                    .flat_map(|m| m.headers_to_read().map(str::to_owned)),
            )
            .collect();
        crate::sorting::sort(&mut names);
        names.dedup();
        names
    }

    /// A site's findings, most severe first, then most recent.
    pub fn findings(&self, site: &str) -> Vec<Finding> {
        let mut list: Vec<Finding> = self
            .state
            .ledger
            .site(site)
            .map(|s| s.findings().cloned().collect())
            .unwrap_or_default();
        sort_for_reading(&mut list);
        list
    }

    /// Every finding on every site, in the same order.
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut list: Vec<Finding> = self
            .state
            .ledger
            .sites()
            .flat_map(|(_, s)| s.findings().cloned())
            .collect();
        sort_for_reading(&mut list);
        list
    }

    /// How many warnings (and worse) a site has: the badge number.
    pub fn warning_count(&self, site: &str) -> usize {
        self.badge(site).count
    }

    /// The badge for a site: its warnings and worse, and the worst of them.
    pub fn badge(&self, site: &str) -> Badge {
        let mut badge = Badge {
            count: 0,
            worst: None,
        };
        for f in self
            .state
            .ledger
            .site(site)
            .into_iter()
            .flat_map(|s| s.findings())
        {
            if f.is_warning() {
                badge.count += 1;
                badge.worst = badge.worst.max(Some(f.severity));
            }
        }
        badge
    }

    /// What the popup shows for a site.
    pub fn site_report(&self, site: &str) -> SiteReport {
        let (total, enabled) = self.state.inventory.counts();
        let findings = self.findings(site);
        SiteReport {
            site: site.to_owned(),
            destinations: destinations(
                &self.knowledge.destinations,
                &self.state.destinations,
                site,
                &findings,
            ),
            findings,
            watched: self
                .state
                .ledger
                .site(site)
                .map(|s| s.watched.clone())
                .unwrap_or_default(),
            extensions: ExtensionCounts { total, enabled },
            health: self.health(),
            badge: self.badge(site),
            site_model: self.knowledge.models.for_host(site).map(|m| m.summary()),
        }
    }

    /// Accepted and rejected events, caps reached.
    pub fn health(&self) -> Health {
        Health {
            accepted_events: self.state.accepted_events,
            rejected_events: self.state.rejected_events,
            last_rejection: self.state.last_rejection.clone(),
            caps_reached: self.state.caps.reached(),
            bridge_drops: self.state.bridge_drops.clone(),
        }
    }

    /// Forgets everything about a site; returns how many findings went.
    pub fn forget_site(&mut self, site: &str) -> usize {
        let suffix = format!("|{site}");
        self.state.notified.retain(|pair| !pair.ends_with(&suffix));
        self.state.destinations.forget(site);
        // What identifies the people viewed there goes too: member aliases,
        // pages opened in tabs no person opened, and what the tabs tracked
        // of profiles (only a modelled site's pages track any).
        self.state.aliases.remove(site);
        self.state.unrequested_loads.retain(|(_, s, _)| s != site);
        if self.knowledge.models.for_host(site).is_some() {
            self.state.tabs.forget_people();
        }
        self.state.ledger.forget(site)
    }

    /// The whole state as JSON text, for persistence.
    pub fn snapshot(&self) -> String {
        let snapshot = SnapshotOf {
            snapshot_version: SNAPSHOT_VERSION,
            limits: &self.knowledge.limits,
            state: &self.state,
        };
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string(&snapshot).unwrap_or_default()
    }

    /// An engine restored from [`Engine::snapshot`] text.
    pub fn restore(text: &str) -> Result<Engine> {
        // Parsed into a `Value`, then read by hand (see `messages::read`).
        let snapshot: Snapshot = crate::messages::read::from_text(text).map_err(|e| {
            Error::new(
                ErrorKind::InvalidSnapshot,
                format!("cannot read snapshot: {e}"),
            )
        })?;
        if snapshot.snapshot_version != SNAPSHOT_VERSION {
            return Err(Error::new(
                ErrorKind::InvalidSnapshot,
                format!(
                    "snapshot version {} is not supported (expected {SNAPSHOT_VERSION})",
                    snapshot.snapshot_version
                ),
            ));
        }
        // Limits are this build's configuration, not state: a snapshot (in
        // storage someone else may have written) cannot lower them to make
        // the engine refuse everything. The snapshot's copy is for reading.
        let mut engine = Engine::new();
        engine.state = snapshot.state;
        Ok(engine)
    }
}

/// An error message as the state keeps it (on disk, in the snapshot): the
/// values it quotes from the refused event (`invalid type: string "…"`) are
/// left out — they may be anything the event carried, typed values
/// included; what went wrong stays readable.
fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('"').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        } else {
            out.push_str("\"…\"");
        }
    }
    out
}

/// Most severe first, then most recent, then by key: the order the popup
/// reads, stable between renders.
fn sort_for_reading(list: &mut [Finding]) {
    crate::sorting::sort_by(list, |a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.last_seen.total_cmp(&a.last_seen))
            .then_with(|| a.key.cmp(&b.key))
    });
}
