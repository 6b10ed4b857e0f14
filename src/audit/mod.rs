//! The capability audit: what each installed extension can do, in plain
//! words, and how risky that is, from what the browser's `management` API
//! reports (permissions, host permissions, install type, enabled state,
//! version, update URL) and the known contact finders.
//!
//! A harvester that works from its background (the Kaspr architecture) is
//! invisible to every extension's view of the network, so for it the
//! capability is the only evidence. The audit is honest about what the
//! browser hides: Chrome reports neither content-script matches nor host
//! patterns declared under `permissions` (platform-facts.md), so a Chromium
//! extension's site access is "not reported", never "none". Firefox reports
//! content-script matches among the host permissions, with the extension's
//! own `moz-extension://<uuid>/*`, which is not a site.

pub mod alerts;
pub mod capability;

use crate::collections::sorted_get;

use serde::Serialize;

pub use capability::{Capability, FinderBehaviour, Risk};

use crate::messages::event::ExtensionInfo;
use crate::messages::finding::{Actor, Finding};
use crate::sites::inventory::{is_all_sites, pattern_covers, ContactFinder, ExtensionRef};
use crate::sites::SiteModels;

/// Other sites named in a capability before "…".
const MAX_OTHER_SITES_NAMED: usize = 3;

/// One capability of an extension, with its argument (a site's name, a
/// host) and its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapabilityLine {
    pub capability: Capability,
    pub args: Vec<String>,
    pub risk: Risk,
}

/// What the audit says of one extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionAudit {
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub enabled: bool,
    pub install_type: Option<String>,
    /// False where the browser hides the sites an extension's content
    /// scripts run on (Chromium): the capabilities are a lower bound.
    pub access_reported: bool,
    /// The highest risk among the capabilities (`low` with none).
    pub risk: Risk,
    /// The capabilities that set the risk; empty when it is `low`.
    pub reasons: Vec<Capability>,
    /// Riskiest first.
    pub capabilities: Vec<CapabilityLine>,
    /// The watched sites (model ids) it can reach, as reported.
    pub watched_sites: Vec<String>,
    pub contact_finder: Option<ContactFinder>,
}

impl ExtensionAudit {
    /// The capability lines as a set, for comparing two audits.
    pub fn has(&self, line: &CapabilityLine) -> bool {
        self.capabilities
            .iter()
            .any(|c| c.capability == line.capability && c.args == line.args)
    }
}

/// One extension in the Extensions view: its audit and the findings that
/// concern it on any site.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionReport {
    pub audit: ExtensionAudit,
    /// Findings naming it, most severe first.
    pub findings: Vec<Finding>,
    /// Findings that name nobody and list it among those able to do it.
    pub candidate_in: usize,
}

/// `rules.json`, turned into Rust by `build.rs` (which checks the file
/// against this shape).
struct Rules {
    /// Sorted by permission.
    permissions: &'static [(&'static str, PermissionRule)],
    store_update_urls: &'static [&'static str],
}

struct PermissionRule {
    capability: Capability,
    risk: Risk,
}

static RULES: Rules = include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// True where the browser reports every site an extension can act on:
/// Firefox (its ids are not Chromium's 32 letters a–p) lists content-script
/// matches among the host permissions; Chromium does not.
pub fn reports_site_access(id: &str) -> bool {
    !ExtensionRef::is_chromium_id(id)
}

/// The host patterns of an extension, from either list: Chrome reports
/// `host_permissions` only, Firefox adds content-script matches, and MV2
/// manifests put them under `permissions`. An extension's own pages
/// (`moz-extension://…`, `chrome-extension://…`) are not sites.
fn host_patterns(info: &ExtensionInfo) -> Vec<&str> {
    info.host_permissions
        .iter()
        .chain(&info.permissions)
        .map(String::as_str)
        .filter(|p| {
            *p == "<all_urls>"
                || p.split_once("://").is_some_and(|(scheme, _)| {
                    matches!(scheme, "*" | "http" | "https" | "ws" | "wss")
                })
        })
        .collect()
}

fn pattern_host(pattern: &str) -> &str {
    pattern
        .split_once("://")
        .map_or(pattern, |(_, rest)| rest.split('/').next().unwrap_or(rest))
}

/// Audits one extension.
///
/// ```
/// use vigie::audit::{audit, Capability, Risk};
/// use vigie::sites::SiteModels;
/// let info: vigie::ExtensionInfo = vigie::messages::read::from_text(r#"{"id":"helper@example.org",
///   "permissions":["cookies"],"hostPermissions":["https://*.linkedin.com/*"]}"#).unwrap();
/// let a = audit(&info, &SiteModels::builtin(), &[]);
/// assert_eq!(a.risk, Risk::High);
/// assert_eq!(a.reasons, vec![Capability::SiteLogin]);
/// ```
pub fn audit(
    info: &ExtensionInfo,
    models: &SiteModels,
    finders: &[ContactFinder],
) -> ExtensionAudit {
    let access_reported = reports_site_access(&info.id);
    let patterns = host_patterns(info);
    let all_sites = patterns.iter().any(|p| is_all_sites(p));
    let cookies = info.permissions.iter().any(|p| p == "cookies");
    let mut lines: Vec<CapabilityLine> = vec![];
    let mut add = |capability: Capability, args: Vec<String>, risk: Risk| {
        let line = CapabilityLine {
            capability,
            args,
            risk,
        };
        if !lines
            .iter()
            .any(|l| l.capability == line.capability && l.args == line.args)
        {
            lines.push(line);
        }
    };

    let mut watched_sites = vec![];
    if all_sites {
        watched_sites.extend(models.iter().map(|m| m.id.clone()));
        if cookies {
            add(Capability::AllSitesLogin, vec![], Risk::High);
        } else {
            add(Capability::AllSites, vec![], Risk::Medium);
        }
    } else {
        let mut other = vec![];
        for pattern in &patterns {
            let reached: Vec<_> = models
                .iter()
                .filter(|m| m.hosts().iter().any(|h| pattern_covers(pattern, h)))
                .collect();
            if reached.is_empty() {
                let host = pattern_host(pattern).to_owned();
                if !other.contains(&host) {
                    other.push(host);
                }
            }
            for model in reached {
                if !watched_sites.contains(&model.id) {
                    watched_sites.push(model.id.clone());
                    if cookies {
                        add(Capability::SiteLogin, vec![model.name.clone()], Risk::High);
                    } else {
                        add(
                            Capability::SiteAccess,
                            vec![model.name.clone()],
                            Risk::Medium,
                        );
                    }
                }
            }
        }
        if !other.is_empty() {
            let mut named: Vec<String> =
                other.iter().take(MAX_OTHER_SITES_NAMED).cloned().collect();
            if other.len() > MAX_OTHER_SITES_NAMED {
                named.push("…".to_owned());
            }
            add(
                Capability::OtherSites,
                vec![crate::messages::finding::join(&named, ", ")],
                Risk::Low,
            );
        }
        if cookies && watched_sites.is_empty() {
            if access_reported {
                add(Capability::Cookies, vec![], Risk::Low);
            } else {
                // Chrome may hide the very sites whose cookies it reads.
                add(Capability::CookiesAccessNotReported, vec![], Risk::Medium);
            }
        }
        if !access_reported {
            add(Capability::AccessNotReported, vec![], Risk::Low);
        }
    }

    let rules = &RULES;
    for permission in &info.permissions {
        if let Some(rule) = sorted_get(rules.permissions, permission) {
            add(rule.capability, vec![], rule.risk);
        }
    }
    match info.install_type.as_deref() {
        Some("development") => add(Capability::DeveloperMode, vec![], Risk::Medium),
        Some("sideload") => add(Capability::OutsideStore, vec![], Risk::Medium),
        Some("admin") => add(Capability::InstalledByAdmin, vec![], Risk::Low),
        _ => {}
    }
    if let Some(url) = info.update_url.as_deref().filter(|u| !u.is_empty()) {
        if !rules.store_update_urls.iter().any(|s| url.starts_with(s)) {
            add(
                Capability::UpdatesOutsideStore,
                vec![pattern_host(url).to_owned()],
                Risk::Medium,
            );
        }
    }
    let contact_finder = finders.iter().find(|f| f.id == info.id).cloned();
    if let Some(finder) = &contact_finder {
        let risk = if finder.profile_scraper {
            Risk::High
        } else {
            Risk::Medium
        };
        add(
            Capability::KnownContactFinder,
            vec![finder.product.to_owned()],
            risk,
        );
    }

    // Riskiest first; otherwise in the order above (site access first).
    crate::sorting::sort_by_key(&mut lines, |l| std::cmp::Reverse(l.risk));
    let risk = lines.first().map_or(Risk::Low, |l| l.risk);
    let reasons = if risk > Risk::Low {
        lines
            .iter()
            .filter(|l| l.risk == risk)
            .map(|l| l.capability)
            .collect()
    } else {
        vec![]
    };
    ExtensionAudit {
        id: info.id.clone(),
        name: info.name.clone(),
        version: info.version.clone(),
        enabled: info.enabled,
        install_type: info.install_type.clone(),
        access_reported,
        risk,
        reasons,
        capabilities: lines,
        watched_sites,
        contact_finder,
    }
}

/// True when a finding names the extension `id`.
pub fn names(finding: &Finding, id: &str) -> bool {
    matches!(&finding.actor, Actor::Extension { id: actor, .. } if actor == id)
}

/// True when a finding names nobody and the extension `id` is among those
/// able to do it: listed, or, when the list was cut short, `able` on the
/// finding's site now.
pub fn able_to_do(finding: &Finding, id: &str, able: impl Fn(&str) -> bool) -> bool {
    match &finding.actor {
        Actor::Unattributed { candidates, more } => {
            candidates.iter().any(|c| c.id == id) || (*more > 0 && able(&finding.site))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(json: &str) -> ExtensionInfo {
        crate::messages::read::from_text(json).unwrap()
    }

    #[test]
    fn the_rules_table_parses() {
        let rules = &RULES;
        assert!(rules.permissions.len() >= 15);
        assert!(rules.permissions.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(!rules.store_update_urls.is_empty());
    }

    #[test]
    fn a_chromium_extension_without_reported_access_is_not_said_to_have_none() {
        let a = audit(
            &info(r#"{"id":"abcdefghijklmnopabcdefghijklmnop","permissions":["storage"]}"#),
            &SiteModels::builtin(),
            &[],
        );
        assert!(!a.access_reported);
        assert_eq!(a.capabilities[0].capability, Capability::AccessNotReported);
        assert_eq!(a.risk, Risk::Low);
    }

    #[test]
    fn cookies_with_hidden_access_in_chromium_are_a_medium_risk() {
        let a = audit(
            &info(r#"{"id":"abcdefghijklmnopabcdefghijklmnop","permissions":["cookies"]}"#),
            &SiteModels::builtin(),
            &[],
        );
        assert_eq!(a.risk, Risk::Medium);
        assert_eq!(a.reasons, vec![Capability::CookiesAccessNotReported]);
    }

    #[test]
    fn extension_pages_in_firefox_host_permissions_are_not_sites() {
        let a = audit(
            &info(
                r#"{"id":"helper@example.org","hostPermissions":["moz-extension://0f3c4a8e-5b1d-4c2e-9a7f-1234567890ab/*"]}"#,
            ),
            &SiteModels::builtin(),
            &[],
        );
        assert!(a.access_reported);
        assert!(a.capabilities.is_empty(), "{:?}", a.capabilities);
    }

    #[test]
    fn an_update_url_outside_the_stores_is_named() {
        let a = audit(
            &info(
                r#"{"id":"abcdefghijklmnopabcdefghijklmnop","updateUrl":"https://updates.vendor.example/crx.xml","hostPermissions":["<all_urls>"]}"#,
            ),
            &SiteModels::builtin(),
            &[],
        );
        assert!(a.has(&CapabilityLine {
            capability: Capability::UpdatesOutsideStore,
            args: vec!["updates.vendor.example".into()],
            risk: Risk::Medium,
        }));
        let store = audit(
            &info(
                r#"{"id":"abcdefghijklmnopabcdefghijklmnop","updateUrl":"https://clients2.google.com/service/update2/crx"}"#,
            ),
            &SiteModels::builtin(),
            &[],
        );
        assert!(!store
            .capabilities
            .iter()
            .any(|c| c.capability == Capability::UpdatesOutsideStore));
    }
}
