//! Observations on tabs of modelled profile sites, routed to the harvest
//! detectors. Keeps each tab's activity (see `activity.rs`) up to date.

use crate::activity::{
    push_bounded, Asked, Lookup, MainCall, Outbound, TabActivity, WatchedValue, MAX_CALLS,
    MAX_HARVESTED, MAX_LOOKUPS, MAX_OUTBOUND, MAX_PROFILE_LOADS,
};
use crate::detectors::attribution::{self, NamedBy};
use crate::detectors::record::Sink;
use crate::detectors::{
    bulk_crawl, contact_exfiltration, contact_without_gesture, harvest_burst, harvest_not_in_view,
    natives_replaced, Context,
};
use crate::error::{Error, ErrorKind, Result};
use crate::event::{ContactValue, Header, MainWorldReport, Millis, TabId};
use crate::finding::Finding;
use crate::inventory::ExtensionRef;
use crate::site_model::{PageKind, RequestClass, SiteModel};
use crate::weburl::WebUrl;

/// Runs `work` on the activity of `tab_id` when its page belongs to a
/// modelled site, handing it the model, the site and a finding sink.
fn with_tab<T: Default>(
    ctx: &mut Context<'_>,
    tab_id: TabId,
    page_url: Option<&str>,
    time: Millis,
    work: impl FnOnce(
        &mut TabActivity,
        &SiteModel,
        &str,
        &mut Sink<'_>,
        &crate::inventory::Inventory,
    ) -> T,
) -> T {
    // A page report carries the browser's record of the tab's URL, and may
    // arrive before the navigation event: it is the better source then.
    let known = ctx.tabs.get(tab_id).map(|t| t.url.clone());
    let Some(url) = page_url.map(str::to_owned).or(known) else {
        return T::default();
    };
    let Some(page) = WebUrl::parse(&url).filter(|p| p.is_web()) else {
        return T::default();
    };
    let Some((model, kind)) = ctx.models.classify(&page) else {
        return T::default();
    };
    let site = page.host.clone();
    let tab = ctx.tabs.get_mut(tab_id, time, ctx.limits, ctx.caps);
    let mut activity = std::mem::take(&mut tab.activity);
    if page_url.is_some() {
        activity.profile = kind.slug().map(str::to_lowercase);
    }
    activity.expire(time);
    let mut sink = Sink {
        ledger: ctx.ledger,
        limits: ctx.limits,
        caps: ctx.caps,
    };
    let out = work(&mut activity, model, &site, &mut sink, ctx.inventory);
    let tab = ctx.tabs.get_mut(tab_id, time, ctx.limits, ctx.caps);
    tab.activity = activity;
    out
}

/// A top-level navigation: the profile in view, real visits to the contact
/// dialog, and the pace of profile loads.
pub fn on_navigation(
    ctx: &mut Context<'_>,
    tab_id: TabId,
    url: &str,
    history: bool,
    time: Millis,
) -> Vec<Finding> {
    let kind = WebUrl::parse(url).and_then(|u| ctx.models.classify(&u).map(|(_, k)| k));
    with_tab(
        ctx,
        tab_id,
        None,
        time,
        |activity, model, site, sink, inventory| {
            activity.profile = kind.as_ref().and_then(|k| k.slug().map(str::to_lowercase));
            if let Some(PageKind::ContactDialog { slug }) = &kind {
                if !history {
                    // Typing, reloading or following a link to the dialog is asking.
                    activity.contact_asked = Some(Asked {
                        profile: slug.to_lowercase(),
                        time,
                    });
                }
            }
            if history {
                return vec![];
            }
            let Some(slug) = activity.profile.clone() else {
                return vec![];
            };
            push_bounded(&mut activity.profile_loads, (time, slug), MAX_PROFILE_LOADS);
            let actor = attribution::unattributed(inventory, site);
            bulk_crawl::check(sink, site, actor, activity, time, &model.thresholds)
                .into_iter()
                .collect()
        },
    )
}

/// A request the browser saw leave the tab.
pub fn on_request(
    ctx: &mut Context<'_>,
    tab_id: TabId,
    url: &str,
    headers: &[Header],
    resource_type: Option<&str>,
    body: Option<&str>,
    time: Millis,
) -> Result<Vec<Finding>> {
    let request = WebUrl::parse(url)
        .ok_or_else(|| Error::new(ErrorKind::MalformedEvent, "url is not an absolute URL"))?;
    if !request.is_web() {
        return Ok(vec![]);
    }
    Ok(with_tab(
        ctx,
        tab_id,
        None,
        time,
        |activity, model, site, sink, inventory| {
            let mut out = vec![];
            if let Some(api) = model.classify_request(&request) {
                let Some(member) = api.member else {
                    return out;
                };
                let who = attribution::attribute(
                    inventory,
                    model,
                    site,
                    activity,
                    url,
                    resource_type,
                    time,
                );
                let in_view = activity.profile.as_deref() == Some(member.as_str());
                let counted = api.class == RequestClass::ContactLookup
                    || (api.class == RequestClass::ProfileFetch && !who.is_site());
                push_bounded(
                    &mut activity.lookups,
                    Lookup {
                        time,
                        class: api.class,
                        member: member.clone(),
                        in_view,
                        actor_key: who.actor.key(),
                    },
                    MAX_LOOKUPS,
                );
                if api.class == RequestClass::ContactLookup {
                    if in_view {
                        let anyone = attribution::unattributed(inventory, site);
                        out.extend(contact_without_gesture::check(
                            sink,
                            site,
                            &who,
                            anyone,
                            activity,
                            &member,
                            time,
                            &model.thresholds,
                        ));
                    } else if !who.is_site() {
                        if activity.harvested.len() < MAX_HARVESTED
                            || activity.harvested.contains_key(&member)
                        {
                            activity.harvested.insert(member.clone(), time);
                        }
                        let by_client = model.sent_by_its_client(headers);
                        out.push(harvest_not_in_view::record(
                            sink,
                            site,
                            &who,
                            &member,
                            by_client,
                            time,
                            &model.thresholds,
                        ));
                    }
                }
                if counted && !in_view {
                    out.extend(harvest_burst::check(
                        sink,
                        site,
                        &who,
                        activity,
                        time,
                        &model.thresholds,
                    ));
                }
            } else if !model.is_first_party(&request.host) {
                let who = attribution::attribute(
                    inventory,
                    model,
                    site,
                    activity,
                    url,
                    resource_type,
                    time,
                );
                let outbound = Outbound {
                    time,
                    url: url.to_owned(),
                    host: request.host.clone(),
                    body: body.map(str::to_owned),
                    named: matches!(who.named_by, NamedBy::CallStack | NamedBy::InjectedUi),
                    actor: who.actor,
                };
                let pool = contact_exfiltration::pool_for(activity);
                out.extend(contact_exfiltration::check(sink, site, &pool, &outbound));
                push_bounded(&mut activity.outbound, outbound, MAX_OUTBOUND);
            }
            out
        },
    ))
}

/// A trusted click: on the contact link of the profile in view, it is the
/// person asking for contact details.
pub fn on_gesture(
    ctx: &mut Context<'_>,
    tab_id: TabId,
    page_url: &str,
    href: Option<&str>,
    text: Option<&str>,
    time: Millis,
) {
    with_tab(
        ctx,
        tab_id,
        Some(page_url),
        time,
        |activity, model, _, _, _| {
            let Some(profile) = activity.profile.clone() else {
                return;
            };
            let by_link = href.is_some_and(|h| model.is_contact_link(h, &profile));
            let by_text = text.is_some_and(|t| model.is_contact_label(t));
            if by_link || by_text {
                activity.contact_asked = Some(Asked { profile, time });
            }
        },
    );
}

/// Contact data shown in the tab: watched from now on, and matched against
/// the requests that just left (the report can trail them).
pub fn on_page_contact(
    ctx: &mut Context<'_>,
    tab_id: TabId,
    page_url: &str,
    values: &[ContactValue],
    time: Millis,
) -> Vec<Finding> {
    with_tab(
        ctx,
        tab_id,
        Some(page_url),
        time,
        |activity, _, site, sink, _| {
            let profile = activity.profile.clone();
            let mut fresh = crate::watch_pool::Pool::new();
            let mut capped = false;
            for v in values {
                let known = activity
                    .watched
                    .iter()
                    .any(|w| w.kind == v.kind && w.value == v.value);
                capped |= !activity.watch(WatchedValue {
                    time,
                    kind: v.kind,
                    value: v.value.clone(),
                    profile: profile.clone(),
                });
                if !known {
                    fresh.add_value(v.kind, &v.value, profile.as_deref());
                }
            }
            if capped {
                sink.caps
                    .hit("watchedValuesPerTab", crate::activity::MAX_WATCHED);
            }
            if fresh.is_empty() {
                return vec![];
            }
            let recent: Vec<Outbound> = activity.outbound.iter().cloned().collect();
            recent
                .iter()
                .flat_map(|o| contact_exfiltration::check(sink, site, &fresh, o))
                .collect()
        },
    )
}

/// A main-world report: call records wait for the browser's record of the
/// same request; a replaced native is a finding of its own.
pub fn on_main_world(
    ctx: &mut Context<'_>,
    tab_id: TabId,
    page_url: &str,
    report: &MainWorldReport,
    time: Millis,
) -> Vec<Finding> {
    with_tab(
        ctx,
        tab_id,
        Some(page_url),
        time,
        |activity, model, site, sink, inventory| {
            activity.hooks_active = true;
            match report {
                MainWorldReport::Ready => {
                    // A new page with its hooks in place.
                    activity.hooks_incomplete = false;
                    vec![]
                }
                MainWorldReport::Call { url, stack, .. } => {
                    if push_bounded(
                        &mut activity.calls,
                        MainCall {
                            time,
                            url: url.clone(),
                            stack: stack.clone(),
                        },
                        MAX_CALLS,
                    ) {
                        sink.caps.hit("callRecordsPerTab", MAX_CALLS);
                    }
                    vec![]
                }
                MainWorldReport::NativeReplaced { api, by, when } => {
                    // An extension present in the page ties its later requests to it.
                    if let Some(reference) = by.as_deref().and_then(ExtensionRef::parse) {
                        let id = inventory
                            .resolve(&reference)
                            .map_or(reference.id.clone(), |i| i.id.clone());
                        activity.injectors.insert(id, time);
                    }
                    natives_replaced::record(
                        sink,
                        inventory,
                        model,
                        site,
                        api,
                        by.as_deref(),
                        when.as_deref(),
                        time,
                    )
                    .into_iter()
                    .collect()
                }
            }
        },
    )
}

/// Records that an extension put UI into the tab (from the injected-UI
/// detector), to tie its requests to it.
pub fn note_injector(
    ctx: &mut Context<'_>,
    tab_id: TabId,
    page_url: &str,
    extension_id: &str,
    time: Millis,
) {
    with_tab(ctx, tab_id, Some(page_url), time, |activity, _, _, _, _| {
        activity.injectors.insert(extension_id.to_owned(), time);
    });
}

/// The bridge dropped reports of the tab's hooks for rate: call records may
/// be missing, so their absence no longer attributes a request.
pub fn hooks_incomplete(ctx: &mut Context<'_>, tab_id: TabId, time: Millis) {
    with_tab(ctx, tab_id, None, time, |activity, _, _, _, _| {
        activity.hooks_incomplete = true;
    });
}
