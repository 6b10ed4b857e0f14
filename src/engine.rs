//! The engine: events in, findings out, with its whole state snapshot-able.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::detectors::{injected_ui, profile_site, Context};
use crate::error::{Error, ErrorKind, Result};
use crate::event::{Event, Millis};
use crate::finding::Actor;
use crate::finding::{Finding, Severity};
use crate::health::{CapTracker, Health, Notice, Rejection};
use crate::inventory::{known_contact_finders, ContactFinder, Inventory};
use crate::ledger::{Ledger, Watched};
use crate::limits::Limits;
use crate::site_model::SiteModels;
use crate::tabs::Tabs;
use crate::weburl::WebUrl;

/// The snapshot format this core writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;

/// Notifications allowed per window, whatever the number of findings: a page
/// that triggers findings in a loop must not flood the person.
const NOTIFICATIONS_PER_WINDOW: usize = 3;
const NOTIFICATION_WINDOW_MS: Millis = 10.0 * 60.0 * 1000.0;

/// What one ingested event produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ingested {
    /// Findings created or updated by the event.
    pub findings: Vec<Finding>,
    /// Keys of findings the shell should notify now (new high-severity
    /// finding for an actor and site not notified before, within the rate).
    pub notify: Vec<String>,
    /// Caps the event ran into.
    pub notices: Vec<Notice>,
}

/// Everything the popup shows about one site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteReport {
    pub site: String,
    /// Most severe first, then most recent.
    pub findings: Vec<Finding>,
    pub watched: Watched,
    pub extensions: ExtensionCounts,
    pub health: Health,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionCounts {
    pub total: usize,
    pub enabled: usize,
}

/// The persistent part of the engine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct State {
    ledger: Ledger,
    tabs: Tabs,
    inventory: Inventory,
    /// `actor|site` pairs already notified.
    notified: BTreeSet<String>,
    /// Times of recent notifications, for the rate limit.
    recent_notifications: Vec<Millis>,
    caps: CapTracker,
    /// Profile pages loaded in tabs no person opened: (time, site, slug).
    #[serde(default)]
    unrequested_loads: std::collections::VecDeque<(Millis, String, String)>,
    /// Messages the isolated world refused at the bridge, by reason.
    #[serde(default)]
    bridge_drops: std::collections::BTreeMap<String, u64>,
    accepted_events: u64,
    rejected_events: u64,
    last_rejection: Option<Rejection>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot {
    snapshot_version: u32,
    limits: Limits,
    state: State,
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
    limits: Limits,
    models: SiteModels,
    contact_finders: Vec<ContactFinder>,
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
            limits,
            models: SiteModels::builtin(),
            contact_finders: known_contact_finders(),
            state: State::default(),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Parses, validates and ingests one event given as JSON text. On error
    /// the state is unchanged (but for the rejection count).
    pub fn ingest_json(&mut self, text: &str) -> Result<Ingested> {
        match Event::from_json(text, &self.limits) {
            Ok(event) => self.ingest(event),
            Err(e) => Err(self.reject(e)),
        }
    }

    /// Ingests one event already parsed.
    pub fn ingest(&mut self, event: Event) -> Result<Ingested> {
        match self.apply(&event) {
            Ok(findings) => {
                self.state.accepted_events += 1;
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

    /// Counts an event refused before it reached the engine and returns the error.
    pub(crate) fn reject(&mut self, e: Error) -> Error {
        self.state.rejected_events += 1;
        let mut message = e.message().to_owned();
        message.truncate(300);
        self.state.last_rejection = Some(Rejection {
            kind: e.kind().as_str().to_owned(),
            message,
        });
        e
    }

    fn apply(&mut self, event: &Event) -> Result<Vec<Finding>> {
        // The detectors' view of the engine: disjoint borrows of its fields.
        macro_rules! context {
            ($self:ident, $state:ident, $limits:ident) => {
                Context {
                    limits: $limits,
                    models: &$self.models,
                    inventory: &$state.inventory,
                    contact_finders: &$self.contact_finders,
                    ledger: &mut $state.ledger,
                    tabs: &mut $state.tabs,
                    caps: &mut $state.caps,
                }
            };
        }
        let limits = &self.limits;
        let state = &mut self.state;
        match event {
            Event::ExtensionInventory {
                self_id,
                extensions,
                ..
            } => {
                let dropped = state.inventory.replace(
                    self_id.clone(),
                    extensions.clone(),
                    limits.max_extensions,
                );
                if dropped > 0 {
                    state.caps.hit("extensions", limits.max_extensions);
                }
                Ok(vec![])
            }
            Event::ExtensionChanged {
                change, extension, ..
            } => {
                if !state
                    .inventory
                    .apply(*change, extension.clone(), limits.max_extensions)
                {
                    state.caps.hit("extensions", limits.max_extensions);
                }
                Ok(vec![])
            }
            Event::Navigation {
                time,
                tab_id,
                url,
                transition,
                unrequested,
            } => {
                // `about:blank`, `data:` and the like are real navigations to
                // pages Vigie does not watch: the tab moves, no site counts.
                let page = WebUrl::parse(url).filter(|p| p.is_web());
                let identity = page
                    .as_ref()
                    .map_or_else(|| url.clone(), |p| self.models.page_identity(p));
                let changed =
                    state
                        .tabs
                        .navigate(*tab_id, url, &identity, *time, limits, &mut state.caps);
                if let (true, Some(page)) = (changed, page) {
                    state
                        .ledger
                        .site_mut(&page.host, *time, limits, &mut state.caps)
                        .watched
                        .pages += 1;
                }
                if !changed {
                    return Ok(vec![]);
                }
                let history = transition.as_deref() == Some("history");
                let mut ctx = context!(self, state, limits);
                let mut found = profile_site::on_navigation(&mut ctx, *tab_id, url, history, *time);
                if *unrequested {
                    found.extend(self.unrequested_profile(url, *time));
                }
                Ok(found)
            }
            Event::TabClosed { tab_id, .. } => {
                state.tabs.close(*tab_id);
                Ok(vec![])
            }
            Event::ObserverCapReached { limit, .. } => {
                state.caps.hit("observerReportsPerPage", *limit as usize);
                Ok(vec![])
            }
            Event::BridgeDrop {
                reason,
                count,
                tab_id,
                time,
            } => {
                // Forged or malformed messages on the page's side of the
                // bridge: counted, never believed.
                *state.bridge_drops.entry(reason.clone()).or_insert(0) += u64::from(*count);
                if reason == "rateLimited" {
                    let mut ctx = context!(self, state, limits);
                    profile_site::hooks_incomplete(&mut ctx, *tab_id, *time);
                }
                Ok(vec![])
            }
            Event::Request {
                time,
                tab_id,
                url,
                resource_type,
                body,
                headers,
                ..
            } => {
                let mut ctx = context!(self, state, limits);
                profile_site::on_request(
                    &mut ctx,
                    *tab_id,
                    url,
                    headers,
                    resource_type.as_deref(),
                    body.as_deref(),
                    *time,
                )
            }
            Event::Gesture {
                time,
                tab_id,
                page_url,
                href,
                text,
            } => {
                let mut ctx = context!(self, state, limits);
                profile_site::on_gesture(
                    &mut ctx,
                    *tab_id,
                    page_url,
                    href.as_deref(),
                    text.as_deref(),
                    *time,
                );
                Ok(vec![])
            }
            Event::PageContact {
                time,
                tab_id,
                page_url,
                values,
            } => {
                let mut ctx = context!(self, state, limits);
                Ok(profile_site::on_page_contact(
                    &mut ctx, *tab_id, page_url, values, *time,
                ))
            }
            Event::MainWorld {
                time,
                tab_id,
                page_url,
                report,
            } => {
                let mut ctx = context!(self, state, limits);
                Ok(profile_site::on_main_world(
                    &mut ctx, *tab_id, page_url, report, *time,
                ))
            }
            Event::DomInjection {
                time,
                tab_id,
                page_url,
                resource_url,
                element,
                attribute,
                ..
            } => {
                let mut ctx = context!(self, state, limits);
                let injection = injected_ui::Injection {
                    time: *time,
                    tab_id: *tab_id,
                    page_url,
                    resource_url,
                    element,
                    attribute,
                };
                let found = injected_ui::observe(&mut ctx, &injection)?;
                if let Some(Finding {
                    actor: Actor::Extension { id, .. },
                    confidence,
                    ..
                }) = &found
                {
                    if *confidence >= crate::finding::Confidence::Likely {
                        profile_site::note_injector(&mut ctx, *tab_id, page_url, id, *time);
                    }
                }
                Ok(found.into_iter().collect())
            }
        }
    }

    /// A profile page loaded in a tab no person opened: remembered per site,
    /// and a crawl once a few such pages add up.
    fn unrequested_profile(&mut self, url: &str, time: Millis) -> Option<Finding> {
        let page = WebUrl::parse(url)?;
        let (model, kind) = self.models.classify(&page)?;
        let slug = kind.slug()?.to_lowercase();
        let site = page.host.clone();
        let loads = &mut self.state.unrequested_loads;
        crate::activity::push_bounded(
            loads,
            (time, site.clone(), slug),
            crate::activity::MAX_PROFILE_LOADS,
        );
        let recent: Vec<(Millis, String)> = loads
            .iter()
            .filter(|(_, s, _)| *s == site)
            .map(|(t, _, slug)| (*t, slug.clone()))
            .collect();
        let actor = crate::detectors::attribution::unattributed(&self.state.inventory, &site);
        let mut sink = crate::detectors::record::Sink {
            ledger: &mut self.state.ledger,
            limits: &self.limits,
            caps: &mut self.state.caps,
        };
        crate::detectors::bulk_crawl::check_unrequested(
            &mut sink,
            &site,
            actor,
            &recent,
            time,
            &model.thresholds,
        )
    }

    /// Picks the findings to notify: high severity, first time for this actor
    /// on this site, at most a few per window.
    fn notifications(&mut self, findings: &[Finding], now: Millis) -> Vec<String> {
        let state = &mut self.state;
        state
            .recent_notifications
            .retain(|t| now - t < NOTIFICATION_WINDOW_MS);
        let mut out = vec![];
        for f in findings.iter().filter(|f| f.severity >= Severity::High) {
            let pair = format!("{}|{}", f.actor.key(), f.site);
            if state.notified.contains(&pair) {
                continue;
            }
            if state.recent_notifications.len() >= NOTIFICATIONS_PER_WINDOW {
                state
                    .caps
                    .hit("notificationsPerWindow", NOTIFICATIONS_PER_WINDOW);
                break;
            }
            state.notified.insert(pair);
            state.recent_notifications.push(now);
            out.push(f.key.clone());
        }
        out
    }

    /// The site (host) Vigie files a page under, or `None` for pages it does
    /// not watch (`chrome://`, `about:`, `file:`).
    pub fn site_of(url: &str) -> Option<String> {
        WebUrl::parse(url).filter(|u| u.is_web()).map(|u| u.host)
    }

    /// True when `url` is a page of a modelled profile site, where the page
    /// observer also reports gestures and visible contact data.
    pub fn is_profile_site(&self, url: &str) -> bool {
        WebUrl::parse(url).is_some_and(|u| u.is_web() && self.models.for_host(&u.host).is_some())
    }

    /// A site's findings, most severe first, then most recent.
    pub fn findings(&self, site: &str) -> Vec<Finding> {
        let mut list: Vec<Finding> = self
            .state
            .ledger
            .site(site)
            .map(|s| s.findings().cloned().collect())
            .unwrap_or_default();
        list.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.last_seen.total_cmp(&a.last_seen))
        });
        list
    }

    /// Every finding on every site.
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut list: Vec<Finding> = self
            .state
            .ledger
            .sites()
            .flat_map(|(_, s)| s.findings().cloned())
            .collect();
        list.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.last_seen.total_cmp(&a.last_seen))
        });
        list
    }

    /// How many warnings (and worse) a site has: the badge number.
    pub fn warning_count(&self, site: &str) -> usize {
        self.state
            .ledger
            .site(site)
            .map_or(0, |s| s.findings().filter(|f| f.is_warning()).count())
    }

    /// What the popup shows for a site.
    pub fn site_report(&self, site: &str) -> SiteReport {
        let (total, enabled) = self.state.inventory.counts();
        SiteReport {
            site: site.to_owned(),
            findings: self.findings(site),
            watched: self
                .state
                .ledger
                .site(site)
                .map(|s| s.watched.clone())
                .unwrap_or_default(),
            extensions: ExtensionCounts { total, enabled },
            health: self.health(),
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
        self.state.ledger.forget(site)
    }

    /// The whole state as JSON text, for persistence.
    pub fn snapshot(&self) -> String {
        let snapshot = Snapshot {
            snapshot_version: SNAPSHOT_VERSION,
            limits: self.limits.clone(),
            state: self.state.clone(),
        };
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string(&snapshot).unwrap_or_default()
    }

    /// An engine restored from [`Engine::snapshot`] text.
    pub fn restore(text: &str) -> Result<Engine> {
        let snapshot: Snapshot = serde_json::from_str(text).map_err(|e| {
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
        let mut engine = Engine::with_limits(snapshot.limits);
        engine.state = snapshot.state;
        Ok(engine)
    }
}
