//! Live alerts on the extension inventory. When an extension is installed,
//! enabled, updated, or found with more permissions than before (the
//! previous set is the engine's inventory, kept in its snapshot), it is
//! audited again; gaining access to a watched site, cookies, or the status of
//! a known contact finder — or any rise of its risk — is a finding with its
//! risk before and after, and a notification. A known contact finder that is
//! installed and enabled is a finding of its own, withdrawn when it is
//! disabled or removed: it says what the product is known to do, never that
//! it harvested anything.

use crate::audit::capability::{Capability, Prior, Risk};
use crate::audit::{audit, CapabilityLine, ExtensionAudit};
use crate::detectors::Conclusion;
use crate::messages::event::{ExtensionInfo, Millis};
use crate::messages::finding::{Actor, Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{ActorForm, Arg, Message, Sentence};
use crate::observe::Knowledge;
use crate::sites::inventory::Inventory;

/// Where findings about an extension that concern no watched site are
/// filed: a name that is no web host, so no tab's badge counts them.
pub const EXTENSIONS_SITE: &str = "extensions";

/// A disable followed by an enable within this long is a reload (an update
/// of an unpacked extension, or how Chromium reports an install through
/// DevTools): compared with how the extension stood before the disable.
const RELOAD_WINDOW_MS: Millis = 10_000.0;

/// Permissions named in one sample before "…".
const MAX_NAMED_PERMISSIONS: usize = 8;

/// A conclusion and the sentence its finding must carry (the recorder
/// writes sentences from a finding's evidence; these depend on the change).
pub struct Alert {
    pub conclusion: Conclusion,
    pub message: Message,
}

/// What a change of the inventory means.
#[derive(Default)]
pub struct Outcome {
    pub alerts: Vec<Alert>,
    /// `(site, key)` of contact-finder findings that no longer hold.
    pub withdrawn: Vec<(String, String)>,
}

/// Compares the inventory before and after an event. `full` when the event
/// is a whole inventory: the first one Vigie ever takes is a discovery —
/// what it finds was installed before Vigie, so only the contact-finder
/// findings are made. A change event is always a change, even before it.
pub fn compare(
    k: &Knowledge,
    before: &Inventory,
    after: &mut Inventory,
    full: bool,
    time: Millis,
) -> Outcome {
    let discovery = full && !before.taken();
    let mut out = Outcome::default();
    // Extensions turned off by this event: remember how they stood (one
    // first seen off, after the first inventory, was not installed before).
    let turned_off: Vec<(String, Option<ExtensionInfo>)> = after
        .iter()
        .filter(|e| !e.enabled && !discovery && before.get(&e.id).is_none_or(|b| b.enabled))
        .map(|e| (e.id.clone(), before.get(&e.id).cloned()))
        .collect();
    // Extensions turned back on soon after: compared with how they stood.
    let reloaded: Vec<(String, Option<ExtensionInfo>)> = after
        .iter()
        .filter(|e| e.enabled && before.get(&e.id).is_some_and(|b| !b.enabled))
        .map(|e| e.id.clone())
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|id| {
            after
                .take_disabled(&id, time, RELOAD_WINDOW_MS)
                .map(|p| (id, p))
        })
        .collect();
    for (id, previous) in turned_off {
        after.note_disabled(
            &id,
            previous,
            time,
            RELOAD_WINDOW_MS,
            k.limits.max_extensions,
        );
    }
    let after = &*after;
    for info in after.iter() {
        if after.is_self(&info.id) || info.kind.as_deref() == Some("theme") {
            continue;
        }
        let now = audit(info, &k.models, k.contact_finders);
        let previous = match reloaded.iter().find(|(id, _)| id == &info.id) {
            Some((_, stood)) => stood.as_ref(),
            None => before.get(&info.id),
        };
        if let Some(finder) = &now.contact_finder {
            let (site, severity) = finder_site(k, finder.profile_scraper);
            let actor = Actor::extension(Some(info), &info.id);
            if info.enabled {
                let message = finder_message(actor.display_name(), finder.product, finder.vendor);
                let conclusion =
                    conclusion(FindingKind::KnownContactFinder, site, actor, severity, time);
                out.alerts.push(Alert {
                    conclusion: conclusion.sample(finder.listing.to_owned()),
                    message,
                });
            } else {
                let key = Finding::key_for(FindingKind::KnownContactFinder, &site, &actor);
                out.withdrawn.push((site, key));
            }
        }
        if discovery && previous.is_none() {
            continue;
        }
        let was = previous.map(|p| audit(p, &k.models, k.contact_finders));
        if let Some(alert) = rise(k, info, previous, was.as_ref(), &now, time) {
            out.alerts.push(alert);
        }
    }
    for gone in before.iter().filter(|e| after.get(&e.id).is_none()) {
        if k.contact_finders.iter().any(|f| f.id == gone.id) {
            let finder = k.contact_finders.iter().find(|f| f.id == gone.id);
            let (site, _) = finder_site(k, finder.is_some_and(|f| f.profile_scraper));
            let actor = Actor::extension(Some(gone), &gone.id);
            let key = Finding::key_for(FindingKind::KnownContactFinder, &site, &actor);
            out.withdrawn.push((site, key));
        }
    }
    out
}

/// The finding of a rise, if the extension's effective capabilities grew.
/// A disabled extension can do nothing: enabling it gains all it has.
fn rise(
    k: &Knowledge,
    info: &ExtensionInfo,
    previous: Option<&ExtensionInfo>,
    was: Option<&ExtensionAudit>,
    now: &ExtensionAudit,
    time: Millis,
) -> Option<Alert> {
    if !now.enabled {
        return None;
    }
    let before_lines: &[CapabilityLine] = match was {
        Some(a) if a.enabled => &a.capabilities,
        _ => &[],
    };
    let gained: Vec<&CapabilityLine> = now
        .capabilities
        .iter()
        .filter(|l| {
            !before_lines
                .iter()
                .any(|b| b.capability == l.capability && b.args == l.args)
        })
        .collect();
    let before_risk = before_lines.iter().map(|l| l.risk).max();
    let risk_rose = before_risk.is_none_or(|r| now.risk > r) && now.risk > Risk::Low;
    if !gained.iter().any(|l| l.capability.alerts_when_gained()) && !risk_rose {
        return None;
    }
    let prior = match was {
        None => phrase(format!("prior_{}", Prior::NotInstalled), vec![]),
        Some(a) if !a.enabled => phrase(format!("prior_{}", Prior::Disabled), vec![]),
        Some(a) => phrase(format!("risk_{}", a.risk), vec![]),
    };
    let gained_phrases = gained
        .iter()
        .map(|l| Message {
            key: format!("capability_{}", l.capability),
            args: l.args.iter().cloned().map(Arg::Text).collect(),
        })
        .collect();
    let actor = Actor::extension(Some(info), &info.id);
    let message = Message {
        key: Sentence::ExtensionRiskRose.key(ActorForm::Named),
        args: vec![
            Arg::Text(actor.display_name().to_owned()),
            Arg::Phrases {
                phrases: vec![prior],
            },
            Arg::Phrases {
                phrases: vec![phrase(format!("risk_{}", now.risk), vec![])],
            },
            Arg::Phrases {
                phrases: gained_phrases,
            },
        ],
    };
    let severity = if now.risk == Risk::High {
        Severity::High
    } else {
        Severity::Warning
    };
    let site = site_of_rise(k, &gained, now);
    let conclusion = conclusion(FindingKind::ExtensionRiskRose, site, actor, severity, time)
        .sample(change_sample(previous, info));
    Some(Alert {
        conclusion,
        message,
    })
}

fn phrase(key: String, args: Vec<Arg>) -> Message {
    Message { key, args }
}

/// The watched site a rise concerns, else [`EXTENSIONS_SITE`]: the popup of
/// that site shows it.
fn site_of_rise(k: &Knowledge, gained: &[&CapabilityLine], now: &ExtensionAudit) -> String {
    let touches_watched = gained.iter().any(|l| {
        matches!(
            l.capability,
            Capability::AllSites
                | Capability::AllSitesLogin
                | Capability::SiteAccess
                | Capability::SiteLogin
        ) || (l.capability == Capability::KnownContactFinder
            && now
                .contact_finder
                .as_ref()
                .is_some_and(|f| f.profile_scraper))
    });
    let model = now
        .watched_sites
        .first()
        .and_then(|id| k.models.iter().find(|m| &m.id == id))
        .or_else(|| {
            // A contact finder reaches its site through content scripts the
            // browser may not report.
            now.contact_finder
                .as_ref()
                .filter(|f| f.profile_scraper)
                .and_then(|_| k.models.iter().next())
        });
    match model.and_then(|m| m.hosts().first()) {
        Some(host) if touches_watched => host.clone(),
        _ => EXTENSIONS_SITE.to_owned(),
    }
}

/// Where a contact finder's finding is filed, and how much it weighs: a
/// profile scraper on the profile site (a warning), another on the
/// extensions' own page (information).
fn finder_site(k: &Knowledge, profile_scraper: bool) -> (String, Severity) {
    let host = k.models.iter().next().and_then(|m| m.hosts().first());
    match host {
        Some(host) if profile_scraper => (host.clone(), Severity::Warning),
        _ => (EXTENSIONS_SITE.to_owned(), Severity::Info),
    }
}

/// "Kaspr is Kaspr (Kaspr)" says one name thrice: the sentence leaves out
/// the product when the extension's name already names it, and the vendor
/// when it has the product's name.
fn finder_message(name: &str, product: &str, vendor: &str) -> Message {
    let names_product = crate::text::lowercase(name).contains(&crate::text::lowercase(product));
    let own_vendor = vendor.trim().eq_ignore_ascii_case(product.trim());
    let (sentence, rest) = match (names_product, own_vendor) {
        (false, false) => (Sentence::KnownContactFinder, vec![product, vendor]),
        (false, true) => (Sentence::KnownContactFinderOwnVendor, vec![product]),
        (true, false) => (Sentence::KnownContactFinderByVendor, vec![vendor]),
        (true, true) => (Sentence::KnownContactFinderSelf, vec![]),
    };
    let mut args = vec![Arg::Text(name.to_owned())];
    args.extend(rest.into_iter().map(|t| Arg::Text(t.to_owned())));
    Message {
        key: sentence.key(ActorForm::Named),
        args,
    }
}

/// What changed, in the browser's own terms (permission names and host
/// patterns) and signs that read the same in every language (`1.0 → 1.1`,
/// `+ cookies`), for the finding's evidence: no personal data in it. The
/// sentence says, in the person's language, whether it was installed or
/// enabled.
fn change_sample(previous: Option<&ExtensionInfo>, now: &ExtensionInfo) -> String {
    let Some(previous) = previous else {
        let mut all: Vec<&str> = now
            .permissions
            .iter()
            .chain(&now.host_permissions)
            .map(String::as_str)
            .collect();
        crate::sorting::sort(&mut all);
        all.dedup();
        return format!(
            "{} · {}",
            now.version.as_deref().unwrap_or("?"),
            named(&all)
        );
    };
    let mut parts = vec![];
    if previous.version != now.version {
        parts.push(format!(
            "{} → {}",
            previous.version.as_deref().unwrap_or("?"),
            now.version.as_deref().unwrap_or("?")
        ));
    }
    let had =
        |p: &String| previous.permissions.contains(p) || previous.host_permissions.contains(p);
    let mut added: Vec<&str> = now
        .permissions
        .iter()
        .chain(&now.host_permissions)
        .filter(|p| !had(p))
        .map(String::as_str)
        .collect();
    crate::sorting::sort(&mut added);
    added.dedup();
    if !added.is_empty() {
        parts.push(format!("+ {}", named(&added)));
    }
    if parts.is_empty() {
        // Enabled, or audited again: its version says which one.
        now.version.as_deref().unwrap_or("?").to_owned()
    } else {
        crate::messages::finding::join(&parts, " · ")
    }
}

fn named(list: &[&str]) -> String {
    let mut text =
        crate::messages::finding::join(&list[..list.len().min(MAX_NAMED_PERMISSIONS)], ", ");
    if list.len() > MAX_NAMED_PERMISSIONS {
        text.push_str(", …");
    }
    if text.is_empty() {
        // None the browser reports (Chrome leaves some out): not "none".
        text.push('—');
    }
    text
}

fn conclusion(
    kind: FindingKind,
    site: String,
    actor: Actor,
    severity: Severity,
    time: Millis,
) -> Conclusion {
    // The browser itself reports the capability: it is certain; what the
    // extension does with it is for the behaviour findings to say.
    Conclusion::on(
        kind,
        site,
        time,
        actor,
        (severity, Confidence::Confirmed, Basis::CapabilityOnly),
        keep_message,
    )
}

/// The sentence is set by the engine from [`Alert::message`].
fn keep_message(f: &Finding) -> Message {
    f.message.clone()
}

#[cfg(test)]
mod tests {
    use super::finder_message;
    use crate::messages::vocabulary::Arg;

    #[test]
    fn a_known_finder_is_named_without_saying_one_name_twice() {
        let texts = |m: &crate::messages::vocabulary::Message| {
            m.args
                .iter()
                .map(|a| match a {
                    Arg::Text(t) => t.clone(),
                    other => panic!("{other:?}"),
                })
                .collect::<Vec<_>>()
        };
        let cases = [
            (
                "Prospect Helper",
                "Kaspr",
                "Kaspr SAS",
                "findingKnownContactFinder",
                3,
            ),
            (
                "Prospect Helper",
                "Kaspr",
                "kaspr",
                "findingKnownContactFinderOwnVendor",
                2,
            ),
            (
                "Kaspr – Email Finder",
                "Kaspr",
                "Cognism",
                "findingKnownContactFinderByVendor",
                2,
            ),
            (
                "KASPR",
                "Kaspr",
                "Kaspr",
                "findingKnownContactFinderSelf",
                1,
            ),
        ];
        for (name, product, vendor, key, args) in cases {
            let m = finder_message(name, product, vendor);
            assert_eq!((m.key.as_str(), m.args.len()), (key, args), "{name}");
            assert_eq!(texts(&m)[0], name);
        }
        let by_vendor = finder_message("Kaspr – Email Finder", "Kaspr", "Cognism");
        assert_eq!(texts(&by_vendor)[1], "Cognism");
    }
}
