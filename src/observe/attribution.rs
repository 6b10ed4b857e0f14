//! Who made a request: named only on evidence.
//!
//! 1. A main-world call record for the same URL whose stack holds an
//!    extension's script URL names that extension (Chrome shows
//!    `chrome-extension://<id>/…` frames for `world: "MAIN"` scripts).
//! 2. A record whose stack holds only page scripts: the site itself, or the
//!    third-party script origin.
//! 3. No record while the hooks are active in the tab: the call came from an
//!    isolated world, i.e. an extension's content script (Chrome and Firefox
//!    do not show isolated-world calls to main-world hooks). If exactly one
//!    extension injected UI into the tab lately, the requests are tied to it
//!    in time; otherwise the actor stays unattributed, with the extensions
//!    able to do it as candidates.

use crate::messages::event::Millis;
use crate::messages::finding::{Actor, Candidate, Confidence};
use crate::messages::vocabulary::Note;
use crate::observe::url::WebUrl;
use crate::observe::Party;
use crate::sites::inventory::{ExtensionRef, Inventory};
use crate::state::activity::{TabActivity, CALL_MATCH_MS, INJECTION_TIE_MS};

/// What named the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedBy {
    /// An extension script on the main-world call stack.
    CallStack,
    /// The only extension that injected UI into the tab lately.
    InjectedUi,
    /// A page script (the site's own, or a third party's).
    PageScript,
    /// Nothing: unattributed.
    Nothing,
}

/// Who made a request, as far as the evidence goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// `None` when nothing names anyone: the finding then lists the
    /// extensions able to do it (see [`unattributed`]).
    pub actor: Option<Actor>,
    pub named_by: NamedBy,
    /// The hooks were listening in the page and saw no such call: the
    /// page's own scripts did not make it.
    pub unseen_by_hooks: bool,
}

impl Attribution {
    fn nobody() -> Attribution {
        Attribution {
            actor: None,
            named_by: NamedBy::Nothing,
            unseen_by_hooks: false,
        }
    }

    /// What a finding resting on this attribution should say of it.
    pub fn notes(&self) -> Vec<Note> {
        if self.unseen_by_hooks {
            vec![Note::NotFromPageScripts]
        } else {
            vec![]
        }
    }

    /// The confidence of a finding that rests on the network (the behaviour
    /// is certain) and on this attribution (a name inferred is only likely).
    pub fn confidence(&self) -> Confidence {
        match self.named_by {
            NamedBy::CallStack | NamedBy::InjectedUi => Confidence::Likely,
            NamedBy::PageScript | NamedBy::Nothing => Confidence::Confirmed,
        }
    }

    /// True when the site's own scripts made the request.
    pub fn is_site(&self) -> bool {
        matches!(self.actor, Some(Actor::Site { .. }))
    }

    /// True when an extension was named by what it did in the page.
    pub fn names_an_extension(&self) -> bool {
        matches!(self.named_by, NamedBy::CallStack | NamedBy::InjectedUi)
    }

    /// The actor a finding names: the one named, or "an extension or script
    /// on this page" with the extensions able to act on `site`.
    pub fn actor(&self, inventory: &Inventory, site: &str) -> Actor {
        match &self.actor {
            Some(actor) => actor.clone(),
            None => unattributed(inventory, site),
        }
    }
}

/// The actor for an extension id (resolved through the inventory).
pub fn extension_actor(inventory: &Inventory, reference: &ExtensionRef) -> Actor {
    Actor::extension(inventory.resolve(reference), &reference.id)
}

/// The actor for a script URL: an extension, the site, or a third party.
pub fn script_actor(inventory: &Inventory, party: &Party<'_>, script: &str) -> Option<Actor> {
    if let Some(reference) = ExtensionRef::parse(script) {
        return Some(extension_actor(inventory, &reference));
    }
    let url = WebUrl::parse(script)?;
    if party.is_first_party(&url.host) {
        Some(Actor::Site { host: url.host })
    } else {
        Some(Actor::Script {
            origin: format!("{}://{}", url.scheme, url.host),
        })
    }
}

/// Attributes a request of the tab, consuming the matching call record.
/// `hooked`: the request is of a type the main-world hooks see when a page
/// script makes it (for images, scripts or frames a missing call record
/// says nothing about who made the request).
pub fn attribute(
    inventory: &Inventory,
    party: &Party<'_>,
    activity: &mut TabActivity,
    url: &str,
    hooked: bool,
    time: Millis,
) -> Attribution {
    if !hooked {
        return Attribution::nobody();
    }
    let matching = activity
        .calls
        .iter()
        .position(|c| (c.time - time).abs() <= CALL_MATCH_MS && same_request(&c.url, url));
    if let Some(call) = matching.and_then(|at| activity.calls.remove(at)) {
        // An extension anywhere on the stack is the author: page scripts
        // do not call into extension code.
        if let Some(ext) = call.stack.iter().find_map(|s| ExtensionRef::parse(s)) {
            return Attribution {
                actor: Some(extension_actor(inventory, &ext)),
                named_by: NamedBy::CallStack,
                unseen_by_hooks: false,
            };
        }
        let actor = call
            .stack
            .iter()
            .find_map(|s| {
                script_actor(inventory, party, s).filter(|a| !matches!(a, Actor::Site { .. }))
            })
            .unwrap_or(Actor::Site {
                host: party.site.to_owned(),
            });
        return Attribution {
            actor: Some(actor),
            named_by: NamedBy::PageScript,
            unseen_by_hooks: false,
        };
    }
    if activity.hooks_active && !activity.hooks_incomplete {
        let mut recent = activity
            .injectors
            .iter()
            .filter(|(_, t)| time - **t <= INJECTION_TIE_MS)
            .map(|(id, _)| id);
        if let (Some(only), None) = (recent.next(), recent.next()) {
            return Attribution {
                actor: Some(Actor::extension(inventory.get(only), only)),
                named_by: NamedBy::InjectedUi,
                unseen_by_hooks: true,
            };
        }
        return Attribution {
            unseen_by_hooks: true,
            ..Attribution::nobody()
        };
    }
    Attribution::nobody()
}

/// "An extension or script on this page", with the enabled extensions that
/// can act on `site`.
pub fn unattributed(inventory: &Inventory, site: &str) -> Actor {
    let candidates = inventory
        .candidates_for(site)
        .into_iter()
        .map(|(info, reasons)| Candidate {
            id: info.id.clone(),
            name: info.name.clone(),
            version: info.version.clone(),
            reasons,
        })
        .collect();
    Actor::Unattributed { candidates }
}

/// The browser's URL and the hook's URL of one request: equal but for a
/// fragment, or the hook's URL capped by the shell.
fn same_request(hooked: &str, seen: &str) -> bool {
    let seen = seen.split('#').next().unwrap_or(seen);
    let hooked = hooked.split('#').next().unwrap_or(hooked);
    seen == hooked || (hooked.len() >= 2000 && seen.starts_with(hooked))
}
