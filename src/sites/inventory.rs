//! The installed extensions, as the browser's `management` API reports them,
//! and the mapping from an extension resource URL back to an extension.

use crate::collections::SortedMap;

use serde::Serialize;

use crate::audit::capability::FinderBehaviour;
use crate::messages::event::{ExtensionChange, ExtensionInfo, Millis};
use crate::messages::finding::Reason;
use crate::messages::read::read_struct;
use crate::observe::url::WebUrl;

/// A reference to an extension's resource found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionRef {
    /// Chrome extension id, or Firefox's per-install UUID.
    pub id: String,
    pub browser: ExtensionBrowser,
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionBrowser {
    Chromium,
    Firefox,
}

impl ExtensionRef {
    /// Recognises `chrome-extension://<32 letters a–p>/…` and
    /// `moz-extension://<uuid>/…`; anything else is `None`.
    ///
    /// ```
    /// use vigie::sites::inventory::ExtensionRef;
    /// let r = ExtensionRef::parse("chrome-extension://abcdefghijklmnopabcdefghijklmnop/panel.html").unwrap();
    /// assert_eq!(r.path, "/panel.html");
    /// assert!(ExtensionRef::parse("https://example.org/").is_none());
    /// ```
    /// True for a Chromium extension id: 32 letters from a to p.
    pub fn is_chromium_id(id: &str) -> bool {
        id.len() == 32 && id.bytes().all(|b| (b'a'..=b'p').contains(&b))
    }

    pub fn parse(url: &str) -> Option<ExtensionRef> {
        let u = WebUrl::parse(url)?;
        let browser = if u.scheme.eq_ignore_ascii_case("chrome-extension") {
            // Chromium ids are 32 characters from a to p (a base-16 hash
            // written with the letters a–p).
            if u.host.len() != 32 || !u.host.bytes().all(|b| (b'a'..=b'p').contains(&b)) {
                return None;
            }
            ExtensionBrowser::Chromium
        } else if u.scheme.eq_ignore_ascii_case("moz-extension") {
            if u.host.len() != 36 || !u.host.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
                return None;
            }
            ExtensionBrowser::Firefox
        } else {
            return None;
        };
        Some(ExtensionRef {
            id: u.host.into_owned(),
            browser,
            path: u.path.to_owned(),
        })
    }
}

/// What Vigie knows about the installed extensions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inventory {
    self_id: Option<String>,
    taken: bool,
    /// Extensions just turned off, with how they stood before (`None`: not
    /// installed): a reload or an update of an unpacked extension is
    /// reported as disabled then enabled, and the audit compares the
    /// extension re-enabled with this, not with "disabled".
    just_disabled: SortedMap<String, (Millis, Option<ExtensionInfo>)>,
    extensions: SortedMap<String, ExtensionInfo>,
}

/// A known contact-finder product, as `contact_finders.json` lists it
/// (format: `src/sites/README.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactFinder {
    /// Chrome Web Store id.
    pub id: &'static str,
    pub product: &'static str,
    pub vendor: &'static str,
    /// The store page of the listing.
    pub listing: &'static str,
    /// Where the id and the facts come from.
    pub source: &'static str,
    /// Reads profile sites (as opposed to looking up company domains).
    pub profile_scraper: bool,
    /// What it is publicly known to do, in words the popup translates.
    pub known_to: &'static [FinderBehaviour],
}

/// `contact_finders.json`, turned into Rust by `build.rs` (which checks the
/// file against this shape).
struct ContactFinderList {
    extensions: &'static [ContactFinder],
}

static CONTACT_FINDERS: ContactFinderList =
    include!(concat!(env!("OUT_DIR"), "/contact_finders.rs"));

/// The known contact-finder extensions shipped with Vigie.
pub fn known_contact_finders() -> &'static [ContactFinder] {
    CONTACT_FINDERS.extensions
}

impl Inventory {
    /// Every extension Vigie knows of, by id (Vigie itself included).
    pub fn iter(&self) -> impl Iterator<Item = &ExtensionInfo> {
        self.extensions.values()
    }

    /// Notes that `id` was turned off at `time`, and how it stood before.
    /// Entries older than `window` go; at most `cap` are kept.
    pub fn note_disabled(
        &mut self,
        id: &str,
        previous: Option<ExtensionInfo>,
        time: Millis,
        window: Millis,
        cap: usize,
    ) {
        self.just_disabled.retain(|_, (at, _)| time - *at <= window);
        if self.just_disabled.len() < cap {
            self.just_disabled.insert(id.to_owned(), (time, previous));
        }
    }

    /// How `id` stood before it was turned off within `window` of `time`, if
    /// it was: `Some(None)` when it was not installed before. Taken once.
    pub fn take_disabled(
        &mut self,
        id: &str,
        time: Millis,
        window: Millis,
    ) -> Option<Option<ExtensionInfo>> {
        let (at, previous) = self.just_disabled.remove(id)?;
        (time - at <= window).then_some(previous)
    }

    /// True once a full inventory has been taken: changes seen after it are
    /// changes, not Vigie discovering what was already installed.
    pub fn taken(&self) -> bool {
        self.taken
    }

    /// Replaces the whole inventory; returns how many entries the cap dropped.
    pub fn replace(
        &mut self,
        self_id: Option<String>,
        list: Vec<ExtensionInfo>,
        cap: usize,
    ) -> usize {
        if self_id.is_some() {
            self.self_id = self_id;
        }
        self.taken = true;
        self.extensions.clear();
        let mut dropped = 0;
        for info in list {
            if self.extensions.len() >= cap && !self.extensions.contains_key(&info.id) {
                dropped += 1;
                continue;
            }
            self.extensions.insert(info.id.clone(), info);
        }
        dropped
    }

    /// Applies one change; false when the cap refused a new extension.
    pub fn apply(&mut self, change: ExtensionChange, info: ExtensionInfo, cap: usize) -> bool {
        match change {
            ExtensionChange::Uninstalled => {
                self.extensions.remove(&info.id);
                true
            }
            ExtensionChange::Installed | ExtensionChange::Enabled | ExtensionChange::Disabled => {
                if self.extensions.len() >= cap && !self.extensions.contains_key(&info.id) {
                    return false;
                }
                let enabled = change != ExtensionChange::Disabled;
                let entry = self
                    .extensions
                    .entry(info.id.clone())
                    .or_insert(info.clone());
                // `onEnabled`/`onDisabled` carry the full info in Chrome but
                // keep what we had if the shell sends only the id.
                if info.name.is_some() {
                    *entry = info;
                }
                entry.enabled = enabled;
                true
            }
        }
    }

    /// True for Vigie's own id.
    pub fn is_self(&self, id: &str) -> bool {
        self.self_id.as_deref() == Some(id)
    }

    /// The extension a page resource belongs to. Firefox resource URLs carry
    /// a per-install UUID, which Firefox also lists in that extension's host
    /// permissions (`moz-extension://<uuid>/*`).
    pub fn resolve(&self, r: &ExtensionRef) -> Option<&ExtensionInfo> {
        match r.browser {
            ExtensionBrowser::Chromium => self.extensions.get(&r.id),
            ExtensionBrowser::Firefox => {
                let prefix = format!("moz-extension://{}/", r.id);
                self.extensions.values().find(|e| {
                    e.host_permissions
                        .iter()
                        .any(|p| p.to_ascii_lowercase().starts_with(&prefix))
                })
            }
        }
    }

    /// How many extensions are known, and how many are enabled (themes excluded).
    pub fn counts(&self) -> (usize, usize) {
        let real = self
            .extensions
            .values()
            .filter(|e| e.kind.as_deref() != Some("theme") && !self.is_self(&e.id));
        let (mut total, mut enabled) = (0, 0);
        for e in real {
            total += 1;
            enabled += usize::from(e.enabled);
        }
        (total, enabled)
    }

    pub fn get(&self, id: &str) -> Option<&ExtensionInfo> {
        self.extensions.get(id)
    }

    /// Enabled extensions (not Vigie, not themes) that can act on pages of
    /// `host`, with why: `allSites`, `hostAccess`, and `cookies` when they may
    /// also read its cookies. Chrome leaves content-script matches out of
    /// `hostPermissions`, so an extension that only runs content scripts on
    /// the site is not listed there.
    ///
    /// Chrome reports neither content-script matches nor host patterns
    /// declared under `permissions` (platform-facts.md): a Chromium extension
    /// whose access the browser does not show may still act on the site, so
    /// it is listed after the others as `accessUnknown` — never left out.
    /// Firefox reports content-script matches, so there an extension with no
    /// matching pattern is not a candidate. All of them: the inventory holds
    /// at most `maxExtensions`.
    pub fn candidates_for(&self, host: &str) -> Vec<(&ExtensionInfo, Vec<Reason>)> {
        let mut known = vec![];
        let mut unknown = vec![];
        for e in self.extensions.values() {
            if !e.enabled || self.is_self(&e.id) || e.kind.as_deref() == Some("theme") {
                continue;
            }
            // Host patterns may come in either list, depending on the browser.
            let patterns = || e.host_permissions.iter().chain(&e.permissions);
            let mut reasons = vec![];
            if patterns().any(|p| is_all_sites(p)) {
                reasons.push(Reason::AllSites);
            } else if patterns().any(|p| pattern_covers(p, host)) {
                reasons.push(Reason::HostAccess);
            } else if ExtensionRef::is_chromium_id(&e.id) {
                reasons.push(Reason::AccessUnknown);
            } else {
                continue;
            }
            if e.permissions.iter().any(|p| p == "cookies") {
                reasons.push(Reason::Cookies);
            }
            if reasons[0] == Reason::AccessUnknown {
                unknown.push((e, reasons));
            } else {
                known.push((e, reasons));
            }
        }
        // Among the extensions whose access is hidden, the riskier first:
        // those that may read cookies, then those installed outside a store.
        crate::sorting::sort_by_key(&mut unknown, |(e, reasons)| {
            let outside_store =
                matches!(e.install_type.as_deref(), Some("development" | "sideload"));
            (!reasons.contains(&Reason::Cookies), !outside_store)
        });
        known.extend(unknown);
        known
    }

    pub fn len(&self) -> usize {
        self.extensions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.extensions.is_empty()
    }
}

/// True for a match pattern that covers every web site: `<all_urls>`, or a
/// web scheme with the host `*` (`*://*/*`, `https://*/`, …).
pub(crate) fn is_all_sites(pattern: &str) -> bool {
    if pattern == "<all_urls>" {
        return true;
    }
    let Some((scheme, rest)) = pattern.split_once("://") else {
        return false;
    };
    matches!(scheme, "*" | "https" | "http") && rest.split('/').next() == Some("*")
}

/// True when a match pattern (`scheme://host/path`) covers pages of `host`.
pub(crate) fn pattern_covers(pattern: &str, host: &str) -> bool {
    let Some((scheme, rest)) = pattern.split_once("://") else {
        return false;
    };
    if !matches!(scheme, "*" | "https" | "http") {
        return false;
    }
    let pattern_host = rest.split('/').next().unwrap_or("").to_ascii_lowercase();
    match pattern_host.strip_prefix("*.") {
        Some(suffix) => host == suffix || host.ends_with(&format!(".{suffix}")),
        None => pattern_host == "*" || pattern_host == host,
    }
}

read_struct!(Inventory {
    self_id: "selfId",
    taken: default "taken",
    just_disabled: default "justDisabled",
    extensions: "extensions",
});

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(id: &str, name: &str) -> ExtensionInfo {
        ExtensionInfo {
            id: id.into(),
            name: Some(name.into()),
            version: Some("1.0".into()),
            enabled: true,
            install_type: Some("normal".into()),
            kind: Some("extension".into()),
            permissions: vec![],
            host_permissions: vec![],
            update_url: None,
        }
    }

    #[test]
    fn chromium_ids_must_be_32_letters_a_to_p() {
        assert!(
            ExtensionRef::parse("chrome-extension://abcdefghijklmnopabcdefghijklmnop/x").is_some()
        );
        assert!(
            ExtensionRef::parse("chrome-extension://abcdefghijklmnopabcdefghijklmnoz/x").is_none()
        );
        assert!(ExtensionRef::parse("chrome-extension://short/x").is_none());
    }

    #[test]
    fn firefox_uuids_resolve_through_host_permissions() {
        let uuid = "0f3c4a8e-5b1d-4c2e-9a7f-1234567890ab";
        let mut inv = Inventory::default();
        let mut e = ext("panel@fixture.test", "Panel");
        e.host_permissions = vec![
            format!("moz-extension://{uuid}/*"),
            "https://www.linkedin.com/*".into(),
        ];
        inv.replace(None, vec![e], 10);
        let r = ExtensionRef::parse(&format!("moz-extension://{uuid}/panel.html")).unwrap();
        assert_eq!(r.browser, ExtensionBrowser::Firefox);
        assert_eq!(inv.resolve(&r).unwrap().id, "panel@fixture.test");
    }

    #[test]
    fn changes_update_enable_state_and_removal() {
        let id = "abcdefghijklmnopabcdefghijklmnop";
        let mut inv = Inventory::default();
        inv.replace(
            Some("self".into()),
            vec![ext(id, "A"), ext("self", "Vigie")],
            10,
        );
        assert_eq!(inv.counts(), (1, 1));
        inv.apply(ExtensionChange::Disabled, ext(id, "A"), 10);
        assert_eq!(inv.counts(), (1, 0));
        inv.apply(ExtensionChange::Uninstalled, ext(id, "A"), 10);
        assert_eq!(inv.counts(), (0, 0));
    }

    #[test]
    fn inventory_cap_refuses_new_extensions() {
        let mut inv = Inventory::default();
        let dropped = inv.replace(
            None,
            (0..5).map(|i| ext(&format!("e{i}"), "x")).collect(),
            3,
        );
        assert_eq!((inv.len(), dropped), (3, 2));
        assert!(!inv.apply(ExtensionChange::Installed, ext("new", "n"), 3));
    }

    #[test]
    fn candidates_are_extensions_that_can_reach_the_site() {
        let mut inv = Inventory::default();
        let mut all = ext("a", "All sites");
        all.host_permissions = vec!["<all_urls>".into()];
        let mut li = ext("b", "LinkedIn helper");
        li.host_permissions = vec!["https://*.linkedin.com/*".into()];
        li.permissions = vec!["cookies".into()];
        let mut other = ext("c", "Other site");
        other.host_permissions = vec!["https://example.org/*".into()];
        let mut off = ext("d", "Disabled");
        off.host_permissions = vec!["<all_urls>".into()];
        off.enabled = false;
        inv.replace(Some("a".into()), vec![all.clone(), li, other, off], 10);
        let names: Vec<_> = inv
            .candidates_for("www.linkedin.com")
            .into_iter()
            .map(|(e, r)| (e.id.clone(), r))
            .collect();
        assert_eq!(
            names,
            vec![("b".to_owned(), vec![Reason::HostAccess, Reason::Cookies])]
        );
        inv.replace(Some("self".into()), vec![all], 10);
        assert_eq!(
            inv.candidates_for("www.linkedin.com")[0].1,
            vec![Reason::AllSites]
        );
    }

    #[test]
    fn extensions_whose_access_chrome_hides_are_candidates_after_the_others() {
        let mut inv = Inventory::default();
        let mut visible = ext("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "Declares LinkedIn");
        visible.host_permissions = vec!["https://www.linkedin.com/*".into()];
        // Content scripts only, or a host pattern under `permissions` that
        // Chrome does not report: nothing in hostPermissions.
        let hidden = ext("cccccccccccccccccccccccccccccccc", "Content scripts only");
        let mut hidden_cookies = ext("dddddddddddddddddddddddddddddddd", "Hidden, cookies");
        hidden_cookies.permissions = vec!["cookies".into(), "storage".into()];
        let mut in_permissions = ext("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "Pattern in permissions");
        in_permissions.permissions = vec!["https://*.linkedin.com/*".into()];
        let firefox = ext("helper@example.org", "Firefox, no LinkedIn");
        inv.replace(
            None,
            vec![visible, hidden, hidden_cookies, in_permissions, firefox],
            10,
        );
        let listed: Vec<(String, Vec<Reason>)> = inv
            .candidates_for("www.linkedin.com")
            .into_iter()
            .map(|(e, r)| (e.name.clone().unwrap(), r))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("Declares LinkedIn".to_owned(), vec![Reason::HostAccess]),
                (
                    "Pattern in permissions".to_owned(),
                    vec![Reason::HostAccess]
                ),
                (
                    "Hidden, cookies".to_owned(),
                    vec![Reason::AccessUnknown, Reason::Cookies]
                ),
                (
                    "Content scripts only".to_owned(),
                    vec![Reason::AccessUnknown]
                ),
            ]
        );
    }

    #[test]
    fn every_known_contact_finder_is_documented() {
        let list = known_contact_finders();
        for c in list {
            assert!(
                ExtensionRef::is_chromium_id(c.id),
                "{}: not a store id",
                c.product
            );
            assert!(
                !c.vendor.is_empty() && !c.source.is_empty(),
                "{}",
                c.product
            );
            assert!(
                c.listing.ends_with(c.id),
                "{}: listing is not its store page",
                c.product
            );
            assert!(
                !c.known_to.is_empty(),
                "{}: says nothing it is known to do",
                c.product
            );
        }
        let mut ids: Vec<&str> = list.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), list.len(), "an id is listed twice");
    }

    #[test]
    fn contact_finder_list_parses() {
        let list = known_contact_finders();
        assert!(list.len() >= 10);
        assert!(list
            .iter()
            .any(|c| c.product == "Kaspr" && c.profile_scraper));
        assert!(list
            .iter()
            .any(|c| c.product == "Hunter" && !c.profile_scraper));
    }
}
