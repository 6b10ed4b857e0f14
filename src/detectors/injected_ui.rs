//! Extension-injected UI: a node in a page that references an extension's own
//! resources (`chrome-extension://<id>/…`, `moz-extension://<uuid>/…`).
//!
//! Contact finders show their results in a panel or frame injected into the
//! profile page (Lusha's `frame.html`, Apollo's `panel.html`): the extension
//! is reading the profile the person is looking at. The id in the URL names
//! the extension, so the finding is *confirmed* and *seen in the page* when
//! that id belongs to an installed, enabled extension.
//!
//! A page can write such URLs itself (LinkedIn probes extension ids), so a
//! reference to an extension that is not installed or is disabled proves
//! nothing about an extension: it stays *possible* and informational.
//!
//! Severity: on a profile page of a modelled site, a warning; by a known
//! contact-finder product that reads profiles, high; anywhere else,
//! informational.

use crate::detectors::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::event::{Millis, TabId};
use crate::finding::{Actor, Basis, Confidence, Evidence, Finding, FindingKind, Message, Severity};
use crate::inventory::ExtensionRef;
use crate::site_model::PageKind;
use crate::weburl::WebUrl;

/// One report of the isolated-world observer.
pub struct Injection<'a> {
    pub time: Millis,
    pub tab_id: TabId,
    pub page_url: &'a str,
    pub resource_url: &'a str,
    pub element: &'a str,
    pub attribute: &'a str,
}

/// Records an injection; returns the finding it created or updated, or
/// `None` when the report adds nothing (a repeat, Vigie itself, a non-web page).
pub fn observe(ctx: &mut Context<'_>, inj: &Injection<'_>) -> Result<Option<Finding>> {
    // Validate everything before touching state: a bad report changes nothing.
    let page = WebUrl::parse(inj.page_url)
        .ok_or_else(|| Error::new(ErrorKind::MalformedEvent, "pageUrl is not an absolute URL"))?;
    let reference = ExtensionRef::parse(inj.resource_url).ok_or_else(|| {
        Error::new(
            ErrorKind::MalformedEvent,
            "resourceUrl is not a chrome-extension:// or moz-extension:// URL",
        )
    })?;
    if !page.is_web() || ctx.inventory.is_self(&reference.id) {
        return Ok(None);
    }

    let dedup = format!("ui|{}|{}|{}", inj.resource_url, inj.element, inj.attribute);
    // The report may race ahead of the navigation event: the sender's URL is
    // the browser's, so it moves the tab to its page.
    let identity = ctx.models.page_identity(&page);
    ctx.tabs.navigate(
        inj.tab_id,
        inj.page_url,
        &identity,
        inj.time,
        ctx.limits,
        ctx.caps,
    );
    let tab = ctx.tabs.get_mut(inj.tab_id, inj.time, ctx.limits, ctx.caps);
    if tab.seen_on_page.contains(&dedup) {
        return Ok(None);
    }
    if tab.seen_on_page.len() >= ctx.limits.max_refs_per_page {
        ctx.caps.hit("refsPerPage", ctx.limits.max_refs_per_page);
        return Ok(None);
    }
    tab.seen_on_page.insert(dedup);

    let site = page.host.clone();
    let slug = ctx.models.classify(&page).and_then(|(_, kind)| match kind {
        PageKind::Profile { slug } | PageKind::ContactDialog { slug } => Some(slug),
        PageKind::Other => None,
    });

    let installed = ctx.inventory.resolve(&reference);
    let actor = Actor::extension(installed, &reference.id);
    // A disabled or absent extension cannot have injected anything: the page
    // wrote the URL itself, or probes for it.
    let confidence = if installed.is_some_and(|i| i.enabled) {
        Confidence::Confirmed
    } else {
        Confidence::Possible
    };
    let known_finder = ctx
        .contact_finders
        .iter()
        .find(|c| installed.is_some_and(|i| i.id == c.id) && c.profile_scraper);
    let severity = match (&slug, confidence) {
        (Some(_), Confidence::Confirmed) if known_finder.is_some() => Severity::High,
        (Some(_), Confidence::Confirmed) => Severity::Warning,
        _ => Severity::Info,
    };

    let limits = ctx.limits;
    let ledger = ctx.ledger.site_mut(&site, inj.time, limits, ctx.caps);
    ledger.watched.injections += 1;
    let key = Finding::key_for(FindingKind::InjectedUi, &site, &actor);
    let finding = ledger.upsert(&key, limits, ctx.caps, || Finding {
        key: key.clone(),
        site: site.clone(),
        kind: FindingKind::InjectedUi,
        severity,
        confidence,
        basis: Basis::SeenInPage,
        actor: actor.clone(),
        message: Message {
            key: String::new(),
            args: vec![],
        },
        explanation: String::new(),
        evidence: Evidence::default(),
        subjects: vec![],
        first_seen: inj.time,
        last_seen: inj.time,
        occurrences: 0,
    });
    finding.actor = actor;
    finding.severity = finding.severity.max(severity);
    finding.confidence = confidence.max(finding.confidence);
    finding.last_seen = finding.last_seen.max(inj.time);
    finding.first_seen = finding.first_seen.min(inj.time);
    finding.occurrences += 1;
    finding.bump("injections");
    let mut capped = false;
    if let Some(slug) = &slug {
        capped |= !finding.add_subject(slug, limits.max_subjects_per_finding);
        let profiles = finding.subjects.len() as u64;
        finding.evidence.counts.insert("profiles".into(), profiles);
    }
    let sample = format!(
        "{}[{}] {}://{}{} on {}",
        inj.element,
        inj.attribute,
        if reference.browser == crate::inventory::ExtensionBrowser::Chromium {
            "chrome-extension"
        } else {
            "moz-extension"
        },
        reference.id,
        reference.path,
        page.path
    );
    capped |= !finding.add_sample(sample, limits.max_samples_per_finding);
    describe(finding, &site, known_finder.map(|c| c.product.as_str()));
    let result = finding.clone();
    if capped {
        ctx.caps
            .hit("evidencePerFinding", limits.max_subjects_per_finding);
    }
    Ok(Some(result))
}

/// Writes the sentence of an injected-UI finding from its current evidence.
fn describe(finding: &mut Finding, site: &str, product: Option<&str>) {
    let (name, known) = match &finding.actor {
        Actor::Extension {
            name: Some(name), ..
        } => (name.clone(), true),
        Actor::Extension { id, .. } => (id.clone(), false),
        other => (other.display_name().to_owned(), true),
    };
    let profiles = finding.subjects.len();
    let suffix = if known { "" } else { "Unknown" };
    let (key, arg, english) = match profiles {
        0 => (
            format!("findingInjectedUiPage{suffix}"),
            site.to_owned(),
            format!("injected content into {site}"),
        ),
        1 => (
            format!("findingInjectedUiProfile{suffix}"),
            finding.subjects[0].clone(),
            format!(
                "injected a panel into the profile of {}",
                finding.subjects[0]
            ),
        ),
        n => (
            format!("findingInjectedUiProfiles{suffix}"),
            n.to_string(),
            format!("injected a panel into {n} profiles"),
        ),
    };
    let who = if known {
        format!("Extension “{name}”")
    } else {
        format!("An extension that is not in your list ({name})")
    };
    let product = product
        .map(|p| format!(" It is {p}, a known contact-finder product."))
        .unwrap_or_default();
    finding.message = Message {
        key,
        args: vec![name, arg],
    };
    finding.explanation = format!("{who} {english}.{product}");
}
