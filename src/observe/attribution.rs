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

use crate::messages::contract::contract;
use crate::messages::event::{Header, Millis};
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
    /// What the evidence says beyond the name: the page's own scripts did
    /// not make it, or the calling stack could not name anyone.
    pub note: Option<Note>,
}

impl Attribution {
    fn nobody() -> Attribution {
        Attribution {
            actor: None,
            named_by: NamedBy::Nothing,
            note: None,
        }
    }

    /// What the reports of hooks put into the page after it started name:
    /// nobody, the page's own scripts having perhaps spoken in their place.
    pub fn late() -> Attribution {
        Attribution {
            note: Some(Note::HooksLate),
            ..Attribution::nobody()
        }
    }

    /// This attribution of a request, read from the reports of hooks put
    /// into the page after it started (`late`): nobody, not even the site
    /// (a script there before them could claim the site's name for its own
    /// requests).
    pub fn unless_late(self, late: bool) -> Attribution {
        if late {
            Attribution::late()
        } else {
            self
        }
    }

    /// The same evidence naming nobody: what a page could have forged (a
    /// claim of its world) does not make whoever sent the request the
    /// author of what it claims.
    pub fn unnamed(&self) -> Attribution {
        Attribution {
            note: self.note,
            ..Attribution::nobody()
        }
    }

    /// What a finding resting on this attribution should say of it.
    pub fn notes(&self) -> Vec<Note> {
        let mut notes: Vec<Note> = self.note.into_iter().collect();
        if self.named_by == NamedBy::InjectedUi {
            notes.push(Note::NamedByPresence);
        }
        notes
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

    /// True when something shows the site's own scripts did not make it:
    /// someone else is named, or the hooks listened and saw no such call.
    pub fn not_the_site(&self) -> bool {
        match &self.actor {
            Some(Actor::Site { .. }) => false,
            Some(Actor::Unattributed { .. }) | None => self.note == Some(Note::NotFromPageScripts),
            Some(_) => true,
        }
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
        Some(Actor::Site {
            host: url.host.into_owned(),
        })
    } else {
        Some(Actor::Script {
            origin: format!("{}://{}", url.scheme, url.host),
        })
    }
}

/// What the browser says of a request, for attribution.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    pub url: &'a str,
    /// Of a type the main-world hooks see when a page script makes it (for
    /// images, scripts or frames a missing call record says nothing).
    pub hooked: bool,
    /// False for a request the browser sends with no hooked call (a link's
    /// `ping`, see [`is_link_ping`]): a missing call record then says nothing.
    pub absence_tells: bool,
    /// Made by the tab's top document, whose hooks Vigie hears.
    pub top_frame: bool,
    pub time: Millis,
}

/// A link's `ping` (hyperlink auditing), which the browser sends when a
/// link is followed, with no call any hook sees: of the `ping` type, and
/// `Content-Type: text/ping` (Chromium's and Firefox's ping loaders). A
/// `sendBeacon`, which Chromium also types `ping`, carries its own data's
/// type, and its call record still counts.
pub fn is_link_ping(resource_type: Option<&str>, headers: &[Header]) -> bool {
    resource_type == Some("ping")
        && headers.iter().any(|h| {
            h.name.eq_ignore_ascii_case("content-type")
                && h.value.trim().eq_ignore_ascii_case("text/ping")
        })
}

/// Firefox's name for the frames of `world: "MAIN"` content scripts.
const ANONYMOUS_CODE: &str = "<anonymous code>";

/// The author of a call, from its stack (script URLs, innermost first, one
/// per run of frames): the script that started the call, i.e. the
/// outermost one Vigie can read — a wrapper it passed through (an
/// extension's or a tracker's hook on `fetch`) is not the author. A stack
/// that names no script names nobody: the page may have locked or emptied
/// it. Nor does one read only in part (the contract's `stackCut` last):
/// where the call started is then unknown.
///
/// An extension that started the call is named only when no page code is
/// on the stack: a page can replace what an extension's own callbacks call
/// (`performance.now`, `Array.prototype.push`) and make its request from
/// there, with the extension's frame below its own — or with no frame of
/// its own (a bound built-in), which the hooks mark once a page replaced a
/// built-in (`hooks.stackPageCode`). Code of another extension may be there
/// (its hook on `fetch`): the page cannot write it.
pub fn from_stack(inventory: &Inventory, party: &Party<'_>, stack: &[String]) -> Attribution {
    let hooks = &contract().hooks;
    let cut = stack.last().is_some_and(|s| *s == hooks.stack_cut);
    let is_page_script = |s: &str| WebUrl::parse(s).is_some_and(|u| u.is_web());
    // Page code the stack names by no web URL: scripts the page made
    // (`blob:`, `data:`), and the hooks' mark for code that leaves no
    // frame of its own or takes an extension's (a bound built-in, eval).
    let is_page_code = |s: &str| {
        is_page_script(s)
            || s == hooks.stack_page_code
            || s.starts_with("blob:")
            || s.starts_with("data:")
    };
    let readable = |s: &&String| {
        s.as_str() == ANONYMOUS_CODE || ExtensionRef::parse(s).is_some() || is_page_script(s)
    };
    let outermost = stack.iter().rev().find(readable);
    let unread = |note| Attribution {
        note: Some(note),
        ..Attribution::nobody()
    };
    let Some(script) = outermost else {
        return unread(Note::StackUnreadable);
    };
    if cut {
        return unread(Note::StackCut);
    }
    if script == ANONYMOUS_CODE {
        return unread(Note::AnonymousScript);
    }
    if let Some(ext) = ExtensionRef::parse(script) {
        if stack.iter().any(|s| is_page_code(s)) {
            return unread(Note::PageCodeOnStack);
        }
        return Attribution {
            actor: Some(extension_actor(inventory, &ext)),
            named_by: NamedBy::CallStack,
            note: None,
        };
    }
    match script_actor(inventory, party, script) {
        Some(actor) => Attribution {
            actor: Some(actor),
            named_by: NamedBy::PageScript,
            note: None,
        },
        None => unread(Note::StackUnreadable),
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
    request: Seen<'_>,
) -> Attribution {
    let Seen {
        url,
        hooked,
        absence_tells,
        top_frame,
        time,
    } = request;
    if !hooked {
        return Attribution::nobody();
    }
    let matching = activity
        .calls
        .iter()
        .position(|c| (c.time - time).abs() <= CALL_MATCH_MS && c.key.matches(url));
    if let Some(call) = matching.and_then(|at| activity.calls.remove(at)) {
        return from_stack(inventory, party, &call.stack).unless_late(activity.hooks_late);
    }
    // Hooks run in every frame, but only the top frame's reports and
    // requests are paired: a subframe's or a worker's request without a call
    // record says nothing about who made it.
    if !top_frame {
        return Attribution::nobody();
    }
    // A link's `ping` and a worker's requests come with no call record
    // either: when the request could be one, its absence says nothing.
    if !absence_tells || activity.page_workers {
        return Attribution::nobody();
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
                note: Some(Note::NotFromPageScripts),
            };
        }
        // An extension seen only in the page's main world is named when it
        // is also the only one that could have made the request at all.
        let mut present = activity
            .present
            .iter()
            .filter(|(_, t)| time - **t <= INJECTION_TIE_MS)
            .map(|(id, _)| id);
        if let (Some(only), None) = (present.next(), present.next()) {
            let able = inventory.candidates_for(party.site);
            if let [(sole, _)] = able.as_slice() {
                if sole.id == *only {
                    return Attribution {
                        actor: Some(Actor::extension(Some(sole), only)),
                        named_by: NamedBy::InjectedUi,
                        note: Some(Note::NotFromPageScripts),
                    };
                }
            }
        }
        return Attribution {
            note: Some(Note::NotFromPageScripts),
            ..Attribution::nobody()
        };
    }
    Attribution::nobody()
}

/// "An extension or script on this page", with the enabled extensions that
/// can act on `site`: the first [`CANDIDATES_LISTED`] of them, and how many
/// more.
pub fn unattributed(inventory: &Inventory, site: &str) -> Actor {
    let able = inventory.candidates_for(site);
    let more = able.len().saturating_sub(CANDIDATES_LISTED);
    let candidates = able
        .into_iter()
        .take(CANDIDATES_LISTED)
        .map(|(info, reasons)| Candidate {
            id: info.id.clone(),
            name: info.name.clone(),
            version: info.version.clone(),
            reasons,
        })
        .collect();
    Actor::Unattributed { candidates, more }
}

/// Extensions listed by name in a finding whose author is not established
/// (each finding carries them; the popup shows fewer).
pub const CANDIDATES_LISTED: usize = 10;
