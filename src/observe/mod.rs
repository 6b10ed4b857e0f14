//! The observation layer. Every event passes through here once, on every
//! site: it resolves the tab, the page and its site, and the site model only
//! where one applies; it keeps the tab's activity and the engine's
//! bookkeeping up to date; and it hands the detectors one typed
//! [`Observation`] — or nothing, for events that only change state (the
//! inventory, a closed tab, a main-world call record waiting for its request).
//!
//! Detectors never write state; everything that must be remembered for the
//! next event is written here.

pub mod attribution;
pub mod destinations;
pub mod url;

use std::collections::VecDeque;

use crate::collections::or_default;
use crate::matching::decode::MAX_DECODED_BYTES;
use crate::matching::pool::Pool;
use crate::messages::contract::contract;
use crate::messages::error::{Error, ErrorKind, Result};
use crate::messages::event::{
    truncate_at_char, ContactValue, Event, FieldKind, Header, MainWorldReport, Millis, TabId,
};
use crate::messages::finding::{concat, Actor, Confidence};
use crate::messages::vocabulary::Cap;
use crate::observe::attribution::Attribution;
use crate::observe::url::{registrable_domain, without_query, WebUrl};
use crate::sites::contact_response::contact_values;
use crate::sites::inventory::{ContactFinder, ExtensionRef};
use crate::sites::model::{
    is_lead_id, is_member_id, page_identity, PageKind, RequestClass, SiteModel, SiteModels,
};
use crate::state::activity::{
    push_bounded, Asked, CallKey, FieldReader, Lookup, MainCall, Outbound, TabActivity, TypedValue,
    WatchedValue, MAX_CALLS, MAX_LOOKUPS, MAX_OUTBOUND, MAX_PROFILE_LOADS, MAX_READERS,
    MAX_WATCHED,
};
use crate::state::limits::Limits;
use crate::state::tabs::LeftPage;
use crate::state::{State, MAX_ALIASES_PER_SITE};

/// What the engine knows before any event: its limits, the site models and
/// the known contact finders. Never changed by input.
pub struct Knowledge {
    pub limits: Limits,
    pub models: SiteModels,
    pub contact_finders: &'static [ContactFinder],
    /// Who runs a host and where a server is, once the shell has loaded
    /// the tables.
    pub destinations: crate::destinations::Destinations,
}

/// Who counts as the site itself on a page: the model's first-party hosts
/// where the site is modelled, else the page's own host.
#[derive(Debug, Clone, Copy)]
pub struct Party<'a> {
    pub site: &'a str,
    pub model: Option<&'a SiteModel>,
}

impl Party<'_> {
    pub fn is_first_party(&self, host: &str) -> bool {
        match self.model {
            Some(model) => model.is_first_party(host),
            None => url::same_party(host, self.site),
        }
    }
}

/// The page an event happened in.
#[derive(Debug, Clone)]
pub struct Page<'k> {
    pub url: String,
    /// The host the page is filed under.
    pub site: String,
    /// The site's model, when it is a modelled site.
    pub model: Option<&'k SiteModel>,
    /// What the page is (`Other` on unmodelled sites).
    pub kind: PageKind,
}

impl<'k> Page<'k> {
    fn resolve(models: &'k SiteModels, url: &str) -> Option<Page<'k>> {
        let parsed = WebUrl::parse(url).filter(WebUrl::is_web)?;
        let (model, kind) = match models.classify(&parsed) {
            Some((model, kind)) => (Some(model), kind),
            None => (None, PageKind::Other),
        };
        Some(Page {
            url: url.to_owned(),
            site: parsed.host.into_owned(),
            model,
            kind,
        })
    }

    pub fn party(&self) -> Party<'_> {
        Party {
            site: &self.site,
            model: self.model,
        }
    }

    /// The profile the page shows, in the model's one form of a member
    /// identity (a lower-cased slug, or a member id as written).
    pub fn profile(&self) -> Option<String> {
        let slug = self.kind.slug()?;
        Some(match self.model {
            Some(model) => model.member_id(slug),
            None => crate::text::lowercase(slug),
        })
    }
}

/// One event, as the detectors see it.
#[derive(Debug)]
pub struct Observation<'k> {
    pub time: Millis,
    pub tab_id: TabId,
    pub page: Page<'k>,
    pub fact: Fact,
}

/// What happened, resolved.
#[derive(Debug)]
pub enum Fact {
    /// The tab moved to `page` (a real navigation, or the page's own history
    /// API when `history`); `unrequested` for a page of a tab no person
    /// opened nor took over, never one that a trusted click led to.
    /// `by_person` when the browser and a trusted click say the person
    /// made it.
    Navigated {
        history: bool,
        unrequested: bool,
        by_person: bool,
    },
    /// A request to the modelled site's API about one member.
    ApiRequest(ApiLookup),
    /// A request to a host that is not the site's.
    Outbound(Outbound),
    /// A third-party host's server answered from a place not seen before
    /// for it on this site.
    ServerLocated {
        host: String,
        place: crate::state::destinations::ServerPlace,
    },
    /// Contact data newly shown in the page: the pool of the new values, to
    /// be matched against the requests that just left.
    PageContact { fresh: Pool },
    /// A network native replaced in the page (a main-world claim).
    NativeReplaced {
        api: String,
        by: Option<String>,
        when: Option<String>,
    },
    /// A node of the page references an extension's resource.
    Injection(Injection),
    /// The page sent one of Vigie's observers more than it takes: what
    /// follows on the page may be missing (the limit is recorded among the
    /// caps reached).
    ObserversFlooded,
    /// A script read the value of a form field (a main-world claim):
    /// who, by its calling stack.
    FieldRead {
        field: FieldKind,
        reader: Attribution,
    },
    /// A value typed into a form field (the value itself stays in the tab's
    /// activity, in memory).
    FormInput {
        field: FieldKind,
        form_id: Option<String>,
        submitted: bool,
    },
}

/// A classified API request of a modelled site.
#[derive(Debug)]
pub struct ApiLookup {
    pub class: RequestClass,
    pub member: String,
    /// The member is the profile the tab shows.
    pub in_view: bool,
    /// The other members of a batch request, none of them the profile the
    /// tab shows (empty for any other request).
    pub also: Vec<String>,
    pub who: Attribution,
    /// Whether it carried the site client's own headers (`None`: unknown).
    pub by_client: Option<bool>,
    /// The site shows its answer with the profile's page, unasked.
    pub shown_with_page: bool,
}

impl ApiLookup {
    /// Some member it asks for is not the profile the tab shows.
    pub fn out_of_view(&self) -> bool {
        !self.in_view || !self.also.is_empty()
    }
}

/// A node referencing an extension resource.
#[derive(Debug)]
pub struct Injection {
    pub reference: ExtensionRef,
    pub element: String,
    pub attribute: String,
    /// The path of the page it was found on.
    pub page_path: String,
    /// Whether the page could load the resource (`None`: not checked).
    pub loaded: Option<bool>,
}

/// Ingests one event into the state; returns what the detectors should look
/// at, if anything. Everything is validated before state changes.
pub fn observe<'k>(
    k: &'k Knowledge,
    state: &mut State,
    event: &Event,
) -> Result<Option<Observation<'k>>> {
    let limits = &k.limits;
    match event {
        Event::ExtensionInventory {
            self_id,
            extensions,
            ..
        } => {
            let dropped =
                state
                    .inventory
                    .replace(self_id.clone(), extensions.clone(), limits.max_extensions);
            if dropped > 0 {
                state.caps.hit(Cap::Extensions, limits.max_extensions);
            }
            Ok(None)
        }
        Event::ExtensionChanged {
            change, extension, ..
        } => {
            if !state
                .inventory
                .apply(*change, extension.clone(), limits.max_extensions)
            {
                state.caps.hit(Cap::Extensions, limits.max_extensions);
            }
            Ok(None)
        }
        Event::TabClosed { tab_id, time } => {
            state.tabs.close(*tab_id, *time);
            Ok(None)
        }
        Event::WatchedValues { values, .. } => {
            let mut own: Vec<ContactValue> = vec![];
            for v in values {
                if !own.contains(v) {
                    own.push(v.clone());
                }
            }
            if own != state.own_values {
                state.own_values = own;
                // Every tab's pool is rebuilt with the new set at its next
                // request.
                state.tabs.forget_pools();
            }
            Ok(None)
        }
        Event::ObserverCapReached {
            limit,
            tab_id,
            time,
        } => {
            let limit = *limit as usize;
            state.caps.hit(Cap::ObserverReportsPerPage, limit);
            Ok(flooded(k, state, *time, *tab_id))
        }
        Event::BridgeDrop {
            reason,
            count,
            tab_id,
            time,
        } => {
            // Forged or malformed messages on the page's side of the bridge:
            // counted, never believed.
            let drops = state.bridge_drops.entry(reason.clone()).or_insert(0);
            *drops = drops.saturating_add(u64::from(*count));
            if reason == "rateLimited" {
                // Call records may be missing: their absence no longer
                // attributes a request.
                activity(state, limits, *tab_id, *time).hooks_incomplete = true;
                // Listed with Vigie's limits, its size the shell's (0: not
                // known here).
                state.caps.hit(Cap::CallRecordsPerTab, 0);
                return Ok(flooded(k, state, *time, *tab_id));
            }
            Ok(None)
        }
        // A page a tab's report came from, whose commit the browser never
        // reported (the shell's `unreported`): nothing when the tab is
        // already on that document, else a navigation nobody is said to
        // have made, by person or program. The document is told by its
        // address without query and fragment: a snapshot and the log keep
        // a tab's address so, and the shell, after a restart, names the
        // pages of tabs the engine already has.
        Event::Navigation {
            time,
            tab_id,
            url,
            transition,
            ..
        } if transition.as_deref() == Some(UNREPORTED_COMMIT) => {
            let known = state
                .tabs
                .get(*tab_id)
                .is_some_and(|tab| url::without_query(&tab.url) == url::without_query(url));
            if known {
                return Ok(None);
            }
            Ok(navigation(
                k,
                state,
                *time,
                *tab_id,
                url,
                Transition::Unknown,
                false,
            ))
        }
        Event::Navigation {
            time,
            tab_id,
            url,
            transition,
            qualifiers,
            unrequested,
        } => Ok(navigation(
            k,
            state,
            *time,
            *tab_id,
            url,
            Transition::read(transition.as_deref(), qualifiers),
            *unrequested,
        )),
        Event::Request { .. } => request(k, state, event),
        Event::ServerAddress { .. } => destinations::server_address(k, state, event),
        Event::Gesture {
            time,
            tab_id,
            page_url,
            href,
            text,
        } => {
            let Some(page) = tab_page(k, state, *tab_id, Some(page_url)) else {
                return Ok(None);
            };
            let Some(model) = page.model else {
                return Ok(None);
            };
            let profile = profile_of(state, &page);
            let tab = activity(state, limits, *tab_id, *time);
            tab.viewed_by_person.clone_from(&profile);
            tab.profile = profile;
            tab.last_gesture = Some(*time);
            if let Some(profile) = tab.profile.clone() {
                let by_link = href
                    .as_deref()
                    .is_some_and(|h| model.is_contact_link(h, &profile));
                let by_text = text.as_deref().is_some_and(|t| model.is_contact_label(t));
                if by_link || by_text {
                    let asked = Asked {
                        profile,
                        time: *time,
                    };
                    tab.contact_asked = Some(asked.clone());
                    if by_link {
                        push_bounded(&mut state.contact_clicks, asked, MAX_CONTACT_CLICKS);
                    }
                }
            }
            Ok(None)
        }
        Event::PageContact {
            time,
            tab_id,
            page_url,
            values,
        } => Ok(page_contact(k, state, *time, *tab_id, page_url, values)),
        Event::ContactResponse {
            time,
            tab_id,
            page_url,
            url,
            body,
            truncated,
        } => Ok(contact_response(
            k, state, *time, *tab_id, page_url, url, body, *truncated,
        )),
        Event::MainWorld {
            time,
            tab_id,
            page_url,
            report,
        } => Ok(main_world(k, state, *time, *tab_id, page_url, report)),
        Event::DomInjection { .. } => dom_injection(k, state, event),
        Event::MemberIdentity {
            time,
            tab_id,
            page_url,
            member,
            slug,
        } => {
            let Some(page) = tab_page(k, state, *tab_id, Some(page_url)) else {
                return Ok(None);
            };
            if let Some(model) = page.model {
                let id = model.member_id(member);
                let slug = model.member_id(slug);
                alias(state, &page.site, id, slug, *time);
            }
            Ok(None)
        }
        Event::FormInput {
            time,
            tab_id,
            page_url,
            field,
            value,
            form_id,
            submitted,
            form_action,
            ..
        } => {
            let Some(page) = tab_page(k, state, *tab_id, Some(page_url)) else {
                return Ok(None);
            };
            if field.data_kind().is_some() {
                let submitted_to = form_action
                    .as_deref()
                    .filter(|_| *submitted)
                    .and_then(WebUrl::parse)
                    .filter(WebUrl::is_web)
                    .map(|u| registrable_domain(&u.host).to_owned());
                let aliases = state.aliases.get(&page.site);
                let tab = &mut state
                    .tabs
                    .get_mut(*tab_id, *time, limits, &mut state.caps)
                    .activity;
                tab.expire(*time);
                tab.type_value(TypedValue {
                    time: *time,
                    field: *field,
                    value: value.clone(),
                    form_id: form_id.clone(),
                    submitted: *submitted,
                    submitted_to,
                    sent_after_submit: vec![],
                });
                tab.late_names.clear();
                let since = tab.document_since;
                if *field == FieldKind::Name && tab.outbound.iter().any(|r| r.time >= since) {
                    // The names this value makes may have left already.
                    tab.pool(aliases, &state.own_values);
                    if let Some(pool) = tab.pool.0.take() {
                        tab.search_names_again(&pool);
                        tab.pool.0 = Some(pool);
                    }
                }
            }
            Ok(Some(Observation {
                time: *time,
                tab_id: *tab_id,
                page,
                fact: Fact::FormInput {
                    field: *field,
                    form_id: form_id.clone(),
                    submitted: *submitted,
                },
            }))
        }
    }
}

/// Records that `id` names the member whose vanity slug is `slug` on `site`.
fn alias(state: &mut State, site: &str, id: String, slug: String, _time: Millis) {
    if id == slug || id.is_empty() || slug.is_empty() {
        return;
    }
    let aliases = or_default(&mut state.aliases, site.to_owned());
    if !aliases.contains_key(&id) && aliases.len() >= MAX_ALIASES_PER_SITE {
        state.caps.hit(Cap::MemberAliases, MAX_ALIASES_PER_SITE);
        return;
    }
    if aliases.insert(id, slug).is_none() {
        // A harvested member may now be found in its other form.
        state.tabs.forget_pools();
    }
}

/// The profile a page shows, in the form Vigie counts.
fn profile_of(state: &State, page: &Page<'_>) -> Option<String> {
    page.profile()
        .map(|p| state.canonical_member(&page.site, p))
}

/// The activity of a tab, created if absent, with what aged out forgotten.
fn activity<'s>(
    state: &'s mut State,
    limits: &Limits,
    tab_id: TabId,
    time: Millis,
) -> &'s mut TabActivity {
    let tab = state.tabs.get_mut(tab_id, time, limits, &mut state.caps);
    tab.activity.expire(time);
    &mut tab.activity
}

/// The page of a tab: the one a report names (the browser's record of the
/// tab's URL, which may arrive before the navigation event), else the last
/// one the tab navigated to.
fn tab_page<'k>(
    k: &'k Knowledge,
    state: &State,
    tab_id: TabId,
    page_url: Option<&str>,
) -> Option<Page<'k>> {
    let tab = state.tabs.get(tab_id);
    let url = match (page_url, tab) {
        (Some(url), _) => url,
        (None, Some(tab)) => &tab.url,
        (None, None) => return None,
    };
    // The page a tab shows is classified once, not at every report.
    if let Some((known, kind)) = tab.and_then(|t| t.kind.0.as_ref()) {
        if known == url {
            let site = WebUrl::parse(url)?.host.into_owned();
            return Some(Page {
                url: url.to_owned(),
                model: k.models.for_host(&site),
                site,
                kind: kind.clone(),
            });
        }
    }
    Page::resolve(&k.models, url)
}

/// How long after a tab left a page that page's own requests are still told
/// apart: what it sends while unloading (`pagehide`, `sendBeacon`, keepalive
/// `fetch`) leaves within moments of the next page's commit.
const LEFT_PAGE_MS: Millis = 10_000.0;

/// The page a top-frame request came from when the browser says it came
/// from the page the tab has just left, not the one it shows: an analytics
/// call at submit or a replay's last batch, sent while the person moves on,
/// belongs to the page they typed in, not to the site they went to.
/// Requests timed before the navigation count too: they reach the engine
/// after it, held by the shell. `None` (the tab's present page) whenever
/// the origin matches that page, matches neither, or is not said, and past
/// `LEFT_PAGE_MS`.
fn left_page<'k>(
    k: &'k Knowledge,
    state: &State,
    tab_id: TabId,
    origin: Option<&str>,
    time: Millis,
) -> Option<Page<'k>> {
    let origin = origin.filter(|o| *o != "null")?;
    let tab = state.tabs.get(tab_id)?;
    let left = tab.left.as_ref()?;
    let from_left = same_origin(&left.url, origin) && !same_origin(&tab.url, origin);
    (from_left && time - left.time <= LEFT_PAGE_MS)
        .then(|| Page::resolve(&k.models, &left.url))
        .flatten()
}

/// How long before its tab's close a page may start its last batch: its
/// `pagehide` runs, and its requests start, moments before the browser
/// reports the close (about 50 ms in Chromium 156 here).
const UNLOAD_MS: Millis = 1_000.0;

/// True when a top-frame request may have been sent by its page as it went
/// away, where the page's hooks report no call records any more (their
/// messages do not leave an unloading document): made by a document the
/// browser says is going away (`unloading`), or started within `UNLOAD_MS`
/// of its tab's close (`closed`) or after. A missing call record then proves
/// nothing of who sent it. A page left for another of the same origin sends
/// its batch as an active document, just before the next one commits, and
/// cannot be told from the requests an extension makes there before the
/// person moves on: those keep what their absence says.
fn maybe_unloading(unloading: bool, closed: Option<Millis>, time: Millis) -> bool {
    unloading || closed.is_some_and(|closed| time >= closed - UNLOAD_MS)
}

/// True when `url` is on `origin` (`scheme://host[:port]`, as browsers
/// write both: lower-case host, no default port).
fn same_origin(url: &str, origin: &str) -> bool {
    url.strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

/// Keeps the classification of the page a tab now shows.
fn remember_page(state: &mut State, tab_id: TabId, page: &Page<'_>) {
    if let Some(tab) = state.tabs.get_state_mut(tab_id) {
        tab.kind.0 = Some((page.url.clone(), page.kind.clone()));
    }
}

/// How a navigation came about, as far as the browser tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The page's own script changed the URL (history API): not a load.
    History,
    /// The person did it: typed it, chose a bookmark or a suggestion,
    /// reloaded, went back or forward.
    Person,
    /// A link was followed: by the person if they clicked just before, else
    /// by a script.
    Link,
    /// The browser did not say.
    Unknown,
}

/// The transition the shell gives a page a tab's report came from, whose
/// commit the browser did not report (`webNavigation` misses the pages that
/// commit while a just-installed worker first starts).
pub const UNREPORTED_COMMIT: &str = "unreported";

/// How soon after a page the next one in the tab is its redirect.
const REDIRECT_MS: Millis = 3_000.0;

/// How long a trusted click makes the next link navigation the person's.
const CLICK_LEADS_TO_NAVIGATION_MS: Millis = 5_000.0;
/// Clicks on "Contact info" links remembered across tabs.
const MAX_CONTACT_CLICKS: usize = 8;

impl Transition {
    /// From `webNavigation`'s transition type and qualifiers (Chromium and
    /// Firefox use the same names).
    pub fn read(transition: Option<&str>, qualifiers: &[String]) -> Transition {
        let qualified = |q: &str| qualifiers.iter().any(|x| x == q);
        match transition {
            Some("history") => Transition::History,
            _ if qualified("from_address_bar") || qualified("forward_back") => Transition::Person,
            Some(
                "typed" | "auto_bookmark" | "generated" | "keyword" | "keyword_generated"
                | "reload" | "start_page",
            ) => Transition::Person,
            Some("link" | "form_submit") => Transition::Link,
            _ => Transition::Unknown,
        }
    }
}

fn navigation<'k>(
    k: &'k Knowledge,
    state: &mut State,
    time: Millis,
    tab_id: TabId,
    url: &str,
    transition: Transition,
    mut unrequested: bool,
) -> Option<Observation<'k>> {
    let history = transition == Transition::History;
    let limits = &k.limits;
    // `about:blank`, `data:` and the like are real navigations to pages Vigie
    // does not watch: the tab moves, no site counts.
    let page = Page::resolve(&k.models, url);
    let identity = match (&page, WebUrl::parse(url)) {
        (Some(page), Some(parsed)) => page_identity(&parsed, Some(&page.kind)),
        _ => url.to_owned(),
    };
    let (tab, before) = state
        .tabs
        .navigate(tab_id, url, &identity, time, limits, &mut state.caps);
    let changed = before.is_some();
    // A new document leaves the previous address behind (a history change
    // keeps the document).
    if let (Some(before), false) = (before, history) {
        if !before.is_empty() {
            tab.left = Some(LeftPage { url: before, time });
        }
    }
    let page = page?;
    remember_page(state, tab_id, &page);
    if !changed {
        return None;
    }
    if !history {
        activity(state, limits, tab_id, time).document_since = time;
    }
    let watched = &mut state
        .ledger
        .site_mut(&page.site, time, limits, &mut state.caps)
        .watched;
    // Saturating: a restored snapshot may hold any count.
    watched.pages = watched.pages.saturating_add(1);
    let mut by_person = false;
    if page.model.is_some() {
        let mut profile = profile_of(state, &page);
        let tab = activity(state, limits, tab_id, time);
        // `/in/ACoAA…/` answered by `/in/<vanity>/` moments later, in the
        // same tab: the site told which member the id names.
        let redirected = match (&tab.profile, &profile) {
            (Some(before), Some(now))
                if time - tab.profile_since <= REDIRECT_MS
                    && is_member_id(before)
                    && !is_member_id(now)
                    && !is_lead_id(now) =>
            {
                Some((before.clone(), now.clone()))
            }
            _ => None,
        };
        tab.profile = profile.clone();
        tab.profile_since = time;
        if let Some((id, slug)) = redirected {
            for load in tab.profile_loads.iter_mut().filter(|(_, s)| *s == id) {
                load.1 = slug.clone();
            }
            alias(state, &page.site, id, slug, time);
            profile = profile_of(state, &page);
        }
        // A click on the dialog's link, in any tab, just before (one that
        // opened it in a new tab was made in the tab it came from).
        let clicked_to_dialog = profile.as_deref().is_some_and(|slug| {
            state.contact_clicks.iter().any(|a| {
                a.profile.eq_ignore_ascii_case(slug)
                    && (0.0..=CLICK_LEADS_TO_NAVIGATION_MS).contains(&(time - a.time))
            })
        });
        let tab = activity(state, limits, tab_id, time);
        let clicked = tab
            .last_gesture
            .is_some_and(|at| (0.0..=CLICK_LEADS_TO_NAVIGATION_MS).contains(&(time - at)));
        by_person = transition == Transition::Person || (transition == Transition::Link && clicked);
        // A single-page app's history change right after a click is the
        // person's too; one from a HAR file is given the benefit.
        let viewed = by_person || (history && clicked) || transition == Transition::Unknown;
        tab.viewed_by_person = if viewed { profile.clone() } else { None };
        if let (PageKind::ContactDialog { .. }, Some(slug), false) = (&page.kind, &profile, history)
        {
            // Typing, reloading or clicking through to the dialog is asking;
            // a script or an extension sending the tab there is not (an
            // unknown transition, from a HAR file, is given the benefit).
            if by_person || clicked_to_dialog || transition == Transition::Unknown {
                tab.contact_asked = Some(Asked {
                    profile: slug.clone(),
                    time,
                });
            }
        }
        // The shell knows who opened the tab; a click the person just made
        // in it outweighs that.
        unrequested &= !by_person;
        // A crawl is pages nobody asked for: the person's own loads never count.
        if let (Some(slug), false, false) = (&profile, history, by_person) {
            push_bounded(
                &mut tab.profile_loads,
                (time, slug.clone()),
                MAX_PROFILE_LOADS,
            );
        }
        if let (Some(slug), true) = (profile, unrequested) {
            push_bounded(
                &mut state.unrequested_loads,
                (time, page.site.clone(), slug),
                MAX_PROFILE_LOADS,
            );
        }
    }
    Some(Observation {
        time,
        tab_id,
        page,
        fact: Fact::Navigated {
            history,
            unrequested,
            by_person,
        },
    })
}

/// The query of a request sent by Rest.li's query tunnelling: a GET sent as
/// a POST under `X-HTTP-Method-Override: GET`, its query in a form-encoded
/// body (clients do it for long addresses; a script can do it to keep a
/// lookup's member and decoration out of the address). The address's own
/// query first, then the body's.
fn tunnelled_query(
    method: &str,
    url: &WebUrl<'_>,
    headers: &[Header],
    body: Option<&str>,
    raw: Option<&[u8]>,
) -> Option<String> {
    let overridden = method.eq_ignore_ascii_case("POST")
        && headers.iter().any(|h| {
            h.name.eq_ignore_ascii_case("x-http-method-override")
                && h.value.trim().eq_ignore_ascii_case("GET")
        });
    if !overridden {
        return None;
    }
    let body = body.or_else(|| raw.and_then(|b| std::str::from_utf8(b).ok()))?;
    let body = body.trim();
    Some(match url.query {
        Some(query) if !query.is_empty() => format!("{query}&{body}"),
        _ => body.to_owned(),
    })
}

fn request<'k>(
    k: &'k Knowledge,
    state: &mut State,
    event: &Event,
) -> Result<Option<Observation<'k>>> {
    let Event::Request {
        time,
        tab_id,
        url,
        method,
        resource_type,
        headers,
        body,
        body_base64,
        body_unread,
        body_truncated,
        body_from_page,
        socket_messages,
        frame_id,
        origin,
        unloading,
        ..
    } = event
    else {
        return Ok(None);
    };
    let (time, tab_id, resource_type, body) =
        (*time, *tab_id, resource_type.as_deref(), body.as_deref());
    let request = WebUrl::parse(url)
        .ok_or_else(|| Error::new(ErrorKind::MalformedEvent, "url is not an absolute URL"))?;
    let raw = match body_base64 {
        Some(text) => Some(read_base64(text)?),
        None => None,
    };
    if !request.is_web_or_socket() {
        return Ok(None);
    }
    // A body longer than the engine reads, cut by the shell, the hooks or a
    // capture before it came, or by the engine's own fit: said once.
    if *body_truncated {
        state.caps.hit(Cap::BodyBytes, k.limits.max_body_bytes);
    }
    // Messages sent over an open WebSocket (read in the page by the hooks,
    // or in a capture's record of the socket): never a request of its own.
    let messages = *socket_messages > 0;
    if messages && !request.is_socket() {
        return Err(Error::new(
            ErrorKind::MalformedEvent,
            "socketMessages is for a WebSocket's messages (a ws or wss url)",
        ));
    }
    let top_frame = frame_id.is_none_or(|f| f == 0);
    let left_behind = top_frame
        .then(|| left_page(k, state, tab_id, origin.as_deref(), time))
        .flatten();
    let left = left_behind.is_some();
    let Some(page) = left_behind.or_else(|| tab_page(k, state, tab_id, None)) else {
        return Ok(None);
    };
    let tunnelled = tunnelled_query(method, &request, headers, body, raw.as_deref());
    let sent = raw.as_deref().or(body.map(str::as_bytes));
    // A site model classifies requests, not what travels over a socket.
    let api = page
        .model
        .filter(|_| !messages)
        .and_then(|m| match &tunnelled {
            Some(query) => m.classify_request_of(
                &WebUrl {
                    query: Some(query),
                    ..request.clone()
                },
                resource_type,
                sent,
            ),
            None => m.classify_request_of(&request, resource_type, sent),
        });
    let api = api.map(|mut api| {
        api.member = api.member.map(|m| state.canonical_member(&page.site, m));
        api.batch = std::mem::take(&mut api.batch)
            .into_iter()
            .map(|m| state.canonical_member(&page.site, m))
            .collect();
        api
    });
    if messages {
        destinations::messages_seen(state, &page, &request, *socket_messages, time);
        // Without their bytes (the durable log keeps none, and a log
        // replayed after the browser restarted has lost them): counted only.
        if raw.is_none() {
            return Ok(None);
        }
    } else {
        destinations::request_seen(state, &page, &request, url, body, time);
    }
    let party = page.party();
    if api.is_none() && party.is_first_party(&request.host) {
        return Ok(None);
    }
    // No hook records a message as a call: its missing record says nothing.
    let hooked = !messages
        && resource_type.is_none_or(|t| contract().hooks.hooked_request_types.contains(&t));
    let absence_tells = !messages && !attribution::is_link_ping(resource_type, headers);
    let inventory = &state.inventory;
    let aliases = state.aliases.get(&page.site);
    let tab_state = state.tabs.get_mut(tab_id, time, &k.limits, &mut state.caps);
    let unloading = maybe_unloading(*unloading, tab_state.closed, time);
    let tab = &mut tab_state.activity;
    tab.expire(time);
    let seen = attribution::Seen {
        url,
        hooked,
        absence_tells,
        // A page being left reports no call records any more (its hooks'
        // messages do not leave an unloading document): missing ones prove
        // nothing of who sent its last requests.
        top_frame: top_frame && !left && !unloading,
        time,
    };
    let who = attribution::attribute(inventory, &party, tab, seen);
    let fact = match api {
        Some(api) => {
            let Some(member) = api.member else {
                return Ok(None);
            };
            // A batch request by the site, or by a caller nothing shows was
            // not the site, hydrates what a page lists (Sales Navigator's
            // search page is reported to ask for its leads so): no step of
            // a harvest.
            if !api.batch.is_empty() && !who.not_the_site() {
                return Ok(None);
            }
            let mut in_view = tab.profile.as_deref() == Some(member.as_str());
            if api.shown_with_page {
                // What the site shows unasked with a profile's page (a
                // Sales Navigator lead) is fetched by the site whenever the
                // person looks: for the profile in view, or a preview right
                // after a click. Such a fetch by the site, or by a caller
                // nothing shows was not the site (an unreadable stack, a
                // page with workers), is no step of a harvest.
                let window = page.model.map_or(0.0, |m| m.thresholds.gesture_window_ms);
                let clicked = tab
                    .last_gesture
                    .is_some_and(|at| (0.0..=window).contains(&(time - at)));
                if !who.not_the_site() && (in_view || clicked) {
                    return Ok(None);
                }
                // Anyone else's is asked for only of the profile the person
                // brought into view; a script's history change is no view.
                in_view &= tab.viewed_by_person.as_deref() == Some(member.as_str());
            }
            // The member, then the rest of a batch (members asked for at
            // once): each a lookup, and harvested unless in view.
            let also: Vec<String> = api
                .batch
                .into_iter()
                .filter(|m| *m != member && tab.profile.as_deref() != Some(m.as_str()))
                .collect();
            let actor_key = who
                .actor
                .as_ref()
                .map_or_else(|| "unattributed".to_owned(), |a| a.key());
            let lookups =
                std::iter::once((&member, in_view)).chain(also.iter().map(|m| (m, false)));
            for (m, in_view) in lookups {
                push_bounded(
                    &mut tab.lookups,
                    Lookup {
                        time,
                        class: api.class,
                        member: m.clone(),
                        in_view,
                        actor_key: actor_key.clone(),
                    },
                    MAX_LOOKUPS,
                );
                if api.class == RequestClass::ContactLookup && !in_view && !who.is_site() {
                    tab.harvest(m, time);
                }
            }
            Fact::ApiRequest(ApiLookup {
                class: api.class,
                member,
                in_view,
                also,
                by_client: page.model.and_then(|m| m.sent_by_its_client(headers)),
                shown_with_page: api.shown_with_page,
                who,
            })
        }
        None => {
            let content_encoding = headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-encoding"))
                .map(|h| h.value.clone());
            let text = match (&raw, body) {
                (Some(raw), _) => Some(String::from_utf8_lossy(raw).into_owned()),
                (None, body) => body.map(str::to_owned),
            };
            let (header_text, headers_cut) = page_header_values(headers);
            let has_raw = raw.is_some();
            let mut outbound = Outbound {
                time,
                url: url.to_owned(),
                host: request.host.to_string(),
                headers: header_text,
                body: text,
                raw,
                content_encoding,
                who,
                hits: vec![],
                names_searched: vec![],
                capped: false,
                body_from_page: *body_from_page && has_raw,
                socket_messages: messages,
                members_before: vec![],
            };
            // Built and searched now, while the state can be written:
            // detectors only read, and every detector reads the one scan.
            let pool = tab.pool(aliases, &state.own_values);
            let domain = registrable_domain(&request.host);
            // What could have carried a value is out of sight: said, not
            // taken for an absence.
            let unread = *body_unread && !pool.is_empty();
            // A body cut at the engine's cap (by the shell, the hooks or a
            // capture) was searched as far as the cut: the rest is unseen.
            let cut = *body_truncated && !messages && !pool.is_empty();
            let mut decoding_capped = false;
            if !pool.is_empty() {
                let decoded = outbound.decoded();
                let found = pool.find_all(&decoded);
                outbound.hits = found.hits;
                decoding_capped = decoded.capped;
                // Headers cut short: a value in the rest is unseen too.
                outbound.capped = decoded.capped || headers_cut;
                outbound.names_searched = pool.typed_names();
                // Words of a typed name without the rest: the rest may have
                // left in the page's earlier requests to the same domain.
                let whole = tab.words_sent(time, domain, found.name_words);
                outbound.hits.extend(whole);
            }
            outbound.members_before = tab.members_sent(time, domain, &outbound.hits);
            tab.note_sent(&outbound.hits, domain);
            push_bounded(&mut tab.outbound, outbound.clone(), MAX_OUTBOUND);
            if decoding_capped {
                state.caps.hit(Cap::DecodedBytes, MAX_DECODED_BYTES);
            }
            if unread {
                state
                    .destinations
                    .unread(&page.site, &request.host, time, &mut state.caps);
            }
            if cut {
                state
                    .destinations
                    .cut(&page.site, &request.host, time, &mut state.caps);
            }
            Fact::Outbound(outbound)
        }
    };
    Ok(Some(Observation {
        time,
        tab_id,
        page,
        fact,
    }))
}

/// The values of the headers of a request that are the page's own (a
/// page's script can set them, and they are no credential), one a line:
/// where a script can put a value of its own. At most the shell's
/// `maxHeaderBytes` (a HAR file's entries are cut there too); true when cut.
fn page_header_values(headers: &[Header]) -> (String, bool) {
    let contract = contract();
    let read = &contract.read_headers;
    let mut values = String::new();
    for header in headers {
        let name = header.name.to_ascii_lowercase();
        if name == "content-encoding" || !read.page_can_set(&name) {
            continue;
        }
        if !values.is_empty() {
            values.push('\n');
        }
        values.push_str(&header.value);
        if truncate_at_char(&mut values, contract.shell.max_header_bytes) {
            return (values, true);
        }
    }
    (values, false)
}

/// The raw body bytes the shell sent as standard base64 (padding optional).
fn read_base64(text: &str) -> Result<Vec<u8>> {
    use base64::engine::general_purpose::STANDARD_NO_PAD;
    use base64::Engine as _;
    STANDARD_NO_PAD
        .decode(text.trim_end_matches('=').as_bytes())
        .map_err(|e| Error::new(ErrorKind::MalformedEvent, format!("bodyBase64: {e}")))
}

fn page_contact<'k>(
    k: &'k Knowledge,
    state: &mut State,
    time: Millis,
    tab_id: TabId,
    page_url: &str,
    values: &[ContactValue],
) -> Option<Observation<'k>> {
    let page = tab_page(k, state, tab_id, Some(page_url))?;
    page.model?;
    let profile = profile_of(state, &page);
    learn_contact(k, state, time, tab_id, page, values, profile, false)
}

/// The contact values of the site's answer to a contact lookup the page's
/// own scripts made, learnt as the page's claim (see
/// [`Event::ContactResponse`]), filed under the member the lookup named.
/// Only an answer to a request the page's site model calls a contact lookup
/// is read: what any other page says it received is ignored.
#[allow(clippy::too_many_arguments)] // one event's fields, passed on as they are
fn contact_response<'k>(
    k: &'k Knowledge,
    state: &mut State,
    time: Millis,
    tab_id: TabId,
    page_url: &str,
    url: &str,
    body: &str,
    truncated: bool,
) -> Option<Observation<'k>> {
    let page = tab_page(k, state, tab_id, Some(page_url))?;
    let model = page.model?;
    let lookup = model.classify_request(&WebUrl::parse(url)?)?;
    if lookup.class != RequestClass::ContactLookup {
        return None;
    }
    if truncated {
        // Half a JSON document says nothing reliable: the cap is reported.
        state.caps.hit(Cap::ResponseBytes, k.limits.max_body_bytes);
        return None;
    }
    let values = contact_values(body, k.limits.max_contact_values);
    if values.is_empty() {
        return None;
    }
    let profile = match lookup.member {
        Some(member) => Some(state.canonical_member(&page.site, member)),
        None => profile_of(state, &page),
    };
    learn_contact(k, state, time, tab_id, page, &values, profile, true)
}

/// Adds contact values of `profile` to what the tab watches; `claimed` when
/// they rest on the page's word (an answer its hooks reported) rather than
/// on what Vigie's own observer saw shown.
#[allow(clippy::too_many_arguments)]
fn learn_contact<'k>(
    k: &'k Knowledge,
    state: &mut State,
    time: Millis,
    tab_id: TabId,
    page: Page<'k>,
    values: &[ContactValue],
    profile: Option<String>,
    claimed: bool,
) -> Option<Observation<'k>> {
    let tab = activity(state, &k.limits, tab_id, time);
    if !claimed {
        tab.profile = profile.clone();
    }
    let mut fresh = Pool::new();
    let mut capped = false;
    for v in values {
        // New to the tab, or known until now only as the page's claim and
        // now seen shown: either way matched again as it now stands.
        let known = tab
            .watched
            .iter()
            .any(|w| w.kind == v.kind && w.value == v.value && (claimed || !w.claimed));
        capped |= !tab.watch(WatchedValue {
            time,
            kind: v.kind,
            value: v.value.clone(),
            profile: profile.clone(),
            claimed,
        });
        if !known {
            fresh.add_value(v.kind, &v.value, profile.as_deref(), claimed);
        }
    }
    if capped {
        state.caps.hit(Cap::WatchedValuesPerTab, MAX_WATCHED);
    }
    if fresh.is_empty() {
        return None;
    }
    Some(Observation {
        time,
        tab_id,
        page,
        fact: Fact::PageContact { fresh },
    })
}

fn main_world<'k>(
    k: &'k Knowledge,
    state: &mut State,
    time: Millis,
    tab_id: TabId,
    page_url: &str,
    report: &MainWorldReport,
) -> Option<Observation<'k>> {
    let page = tab_page(k, state, tab_id, Some(page_url))?;
    let mut capped = false;
    let profile = profile_of(state, &page);
    let inventory = &state.inventory;
    let tab = &mut state
        .tabs
        .get_mut(tab_id, time, &k.limits, &mut state.caps)
        .activity;
    tab.expire(time);
    if page.model.is_some() {
        tab.profile = profile;
    }
    tab.hooks_active = true;
    let fact = match report {
        MainWorldReport::Ready { late } => {
            // A new page with its hooks in place: from its start, or put
            // into it late, where a missing call record proves nothing.
            tab.hooks_incomplete = *late;
            tab.hooks_late = *late;
            tab.page_workers = false;
            None
        }
        MainWorldReport::Worker => {
            tab.page_workers = true;
            None
        }
        MainWorldReport::Call { url, stack, .. } => {
            let call = MainCall {
                time,
                target: without_query(url).to_owned(),
                key: CallKey::of(url),
                stack: stack.clone(),
            };
            capped = push_bounded(&mut tab.calls, call, MAX_CALLS);
            None
        }
        MainWorldReport::FieldRead { field, stack } => {
            let reader = attribution::from_stack(inventory, &page.party(), stack);
            // Hooks that came in late: no reader is named, but for the
            // site's own script, which raises nothing.
            let reader = if tab.hooks_late && !reader.is_site() {
                Attribution::late()
            } else {
                reader
            };
            if let Some(Actor::Script { origin }) = &reader.actor {
                let host = WebUrl::parse(origin)
                    .map(|u| u.host.into_owned())
                    .unwrap_or_default();
                let known = tab
                    .readers
                    .iter_mut()
                    .find(|r| r.field == *field && r.origin == *origin);
                match known {
                    Some(r) => r.time = time,
                    None => {
                        let r = FieldReader {
                            time,
                            field: *field,
                            host,
                            origin: origin.clone(),
                        };
                        push_bounded(&mut tab.readers, r, MAX_READERS);
                    }
                }
            }
            Some(Fact::FieldRead {
                field: *field,
                reader,
            })
        }
        MainWorldReport::NativeReplaced { api, by, when } => {
            // In a page the hooks came into late, the name is no evidence
            // (the page may speak in their place), but for the site's own
            // script, which raises nothing.
            let by = by.clone().filter(|s| {
                !tab.hooks_late
                    || matches!(
                        attribution::script_actor(inventory, &page.party(), s),
                        Some(Actor::Site { .. })
                    )
            });
            // A replacement shows an extension's main-world script. Its own
            // calls pass through the hooks and are recorded, so it is weak
            // evidence for requests that come with no record (an isolated
            // world's or a background's): kept apart from injected UI, and
            // used only when nothing else could have made them.
            if let Some(reference) = by.as_deref().and_then(ExtensionRef::parse) {
                let id = inventory
                    .resolve(&reference)
                    .map_or(reference.id.clone(), |i| i.id.clone());
                tab.present.insert(id, time);
            }
            Some(Fact::NativeReplaced {
                api: api.clone(),
                by,
                when: when.clone(),
            })
        }
    };
    if capped {
        state.caps.hit(Cap::CallRecordsPerTab, MAX_CALLS);
    }
    Some(Observation {
        time,
        tab_id,
        page,
        fact: fact?,
    })
}

fn dom_injection<'k>(
    k: &'k Knowledge,
    state: &mut State,
    event: &Event,
) -> Result<Option<Observation<'k>>> {
    let Event::DomInjection {
        time,
        tab_id,
        page_url,
        resource_url,
        element,
        attribute,
        loaded,
        ..
    } = event
    else {
        return Ok(None);
    };
    let (time, tab_id, loaded) = (*time, *tab_id, *loaded);
    let limits = &k.limits;
    // Validate everything before touching state: a bad report changes nothing.
    let parsed = WebUrl::parse(page_url)
        .ok_or_else(|| Error::new(ErrorKind::MalformedEvent, "pageUrl is not an absolute URL"))?;
    let reference = ExtensionRef::parse(resource_url).ok_or_else(|| {
        Error::new(
            ErrorKind::MalformedEvent,
            "resourceUrl is not a chrome-extension:// or moz-extension:// URL",
        )
    })?;
    if state.inventory.is_self(&reference.id) {
        return Ok(None);
    }
    let Some(page) = tab_page(k, state, tab_id, Some(page_url)) else {
        return Ok(None);
    };
    // Kept on disk with the tab: the resource's address without its query.
    let dedup = concat(&[
        "ui|",
        without_query(resource_url),
        "|",
        element,
        "|",
        attribute,
    ]);
    // The report may race ahead of the navigation event: the sender's URL is
    // the browser's, so it moves the tab to its page.
    let identity = page_identity(&parsed, Some(&page.kind));
    let tab = state
        .tabs
        .enter_page(tab_id, &identity, time, limits, &mut state.caps);
    if tab.url != *page_url {
        tab.url = page_url.to_owned();
    }
    if tab.seen_on_page.contains(&dedup) {
        return Ok(None);
    }
    if tab.seen_on_page.len() >= limits.max_refs_per_page {
        state.caps.hit(Cap::RefsPerPage, limits.max_refs_per_page);
        return Ok(None);
    }
    tab.seen_on_page.insert(dedup);
    remember_page(state, tab_id, &page);
    // An installed, enabled extension put its UI in the tab: its requests
    // there can be tied to it — unless the page could not load the resource,
    // which then only the page wrote.
    let installed = state
        .inventory
        .resolve(&reference)
        .filter(|i| i.enabled && loaded != Some(false));
    if let Some(info) = installed {
        let id = info.id.clone();
        let tab = activity(state, limits, tab_id, time);
        tab.injectors.insert(id, time);
    }
    let watched = &mut state
        .ledger
        .site_mut(&page.site, time, limits, &mut state.caps)
        .watched;
    // Saturating: a restored snapshot may hold any count.
    watched.injections = watched.injections.saturating_add(1);
    Ok(Some(Observation {
        time,
        tab_id,
        fact: Fact::Injection(Injection {
            reference,
            element: element.to_owned(),
            attribute: attribute.to_owned(),
            page_path: parsed.path.to_owned(),
            loaded,
        }),
        page,
    }))
}

/// A flood of one of Vigie's observers in the page a tab shows.
fn flooded<'k>(
    k: &'k Knowledge,
    state: &State,
    time: Millis,
    tab_id: TabId,
) -> Option<Observation<'k>> {
    Some(Observation {
        time,
        tab_id,
        page: tab_page(k, state, tab_id, None)?,
        fact: Fact::ObserversFlooded,
    })
}

/// Profile pages loaded in tabs no person opened: (time, site, slug).
pub type UnrequestedLoads = VecDeque<(Millis, String, String)>;

/// The confidence a reference to an extension's resource supports: a
/// disabled or absent extension cannot have injected anything, and a
/// resource the page could not load was not that extension's UI (the page
/// wrote the URL itself, or probes for it). One the page can load, the page
/// could have written as well (to frame the extension): likely the
/// extension's, and confirmed only for a known contact finder, whose panel
/// in the pages it reads is what it is known for.
pub fn injection_confidence(
    installed_and_enabled: bool,
    loaded: Option<bool>,
    known_finder: bool,
) -> Confidence {
    if !installed_and_enabled || loaded == Some(false) {
        Confidence::Possible
    } else if known_finder {
        Confidence::Confirmed
    } else {
        Confidence::Likely
    }
}
