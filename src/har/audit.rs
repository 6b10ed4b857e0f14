//! A capture run through an engine of its own, and what came out, grouped
//! by site: the findings the popup would show for each site of the session.
//!
//! [`Session`] feeds the events in steps so that a page can update a
//! progress bar between them; [`audit`] does it all at once.

use serde::Serialize;

use super::convert::{read, Capture, CaptureSummary, HarCap, HarLimits};
use super::error::HarError;
use super::own::watched_values_event;
use crate::engine::Engine;
use crate::messages::event::ContactValue;
use crate::messages::finding::{Finding, Severity};
use crate::sites::SiteSummary;
use crate::state::health::Health;

/// Everything an audit found in one capture.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    pub summary: CaptureSummary,
    /// Sites with findings, the most severe first.
    pub sites: Vec<SiteFindings>,
    /// Caps of the HAR reader that cut the file short.
    pub har_caps: Vec<HarCap>,
    /// The engine's health: events accepted and refused, caps reached.
    pub health: Health,
}

/// One site's findings, in the popup's order (most severe, then most recent).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteFindings {
    pub site: String,
    /// The site's model, when Vigie models it (LinkedIn).
    pub site_model: Option<SiteSummary>,
    pub findings: Vec<Finding>,
}

impl Audit {
    /// The most severe finding's severity, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings().map(|f| f.severity).max()
    }

    /// Every finding of every site.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.sites.iter().flat_map(|s| s.findings.iter())
    }
}

/// Reads a HAR file's text and audits it.
///
/// ```
/// let har = r#"{"log":{"version":"1.2","entries":[]}}"#;
/// let audit = vigie::har::audit(har).unwrap();
/// assert!(audit.sites.is_empty());
/// assert!(vigie::har::audit("{\"log\":").is_err());
/// ```
pub fn audit(text: &str) -> Result<Audit, HarError> {
    let engine = Engine::new();
    let capture = read(text, &engine, &HarLimits::default())?;
    let mut session = Session::new(engine, capture);
    session.step(usize::MAX);
    Ok(session.finish())
}

/// An audit in progress: the capture's events, fed to the engine in steps.
pub struct Session {
    engine: Engine,
    capture: Capture,
    next: usize,
}

impl Session {
    /// A session over a capture read with (the limits of) `engine`.
    pub fn new(engine: Engine, capture: Capture) -> Session {
        Session {
            engine,
            capture,
            next: 0,
        }
    }

    /// The engine, to give it events of its own before the capture's (the
    /// person's own values to watch, say).
    pub fn engine_mut(&mut self) -> &mut Engine {
        &mut self.engine
    }

    /// Gives the engine the person's own values to watch (the full set), as
    /// the extension's options page does, before the capture's events: a
    /// value of theirs found leaving a page, in clear, encoded or hashed, is
    /// then a leak, shown masked.
    pub fn watch(&mut self, values: Vec<ContactValue>) -> Result<(), crate::Error> {
        if values.is_empty() {
            return Ok(());
        }
        self.engine.ingest(watched_values_event(values)).map(|_| ())
    }

    /// Feeds up to `count` more events; true when all are in.
    pub fn step(&mut self, count: usize) -> bool {
        let end = self
            .next
            .saturating_add(count)
            .min(self.capture.events.len());
        for capped in &self.capture.events[self.next..end] {
            // A refused event is counted in the engine's health, and the
            // others still go in: one odd entry does not hide a session.
            let _ = self.engine.ingest_capped(capped.clone());
        }
        self.next = end;
        self.is_done()
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.capture.events.len()
    }

    /// Events fed so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.capture.events.len())
    }

    /// What the engine concluded, by site.
    pub fn finish(self) -> Audit {
        let mut sites: Vec<SiteFindings> = vec![];
        for finding in self.engine.all_findings() {
            match sites.iter_mut().find(|s| s.site == finding.site) {
                Some(site) => site.findings.push(finding),
                None => sites.push(SiteFindings {
                    site: finding.site.clone(),
                    site_model: self.engine.site_report(&finding.site).site_model,
                    findings: vec![finding],
                }),
            }
        }
        Audit {
            summary: self.capture.summary,
            sites,
            har_caps: self.capture.caps,
            health: self.engine.health(),
        }
    }
}
