//! Bulk profile crawl: profile pages loaded in one tab faster than a person
//! reads them, or in tabs no person opened (thresholds are site data). Only
//! real navigations count, not the site's own in-page URL changes.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::finding::{Basis, Confidence, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, Message, Sentence, Unit};
use crate::observe::{Fact, Observation};

pub const DETECTOR: Detector = Detector {
    name: "bulkCrawl",
    check,
};

const HOW: (Severity, Confidence, Basis) =
    (Severity::Warning, Confidence::Likely, Basis::SeenInPage);

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::Navigated {
        history,
        unrequested,
        by_person,
    } = obs.fact
    else {
        return vec![];
    };
    let (Some(model), Some(tab)) = (obs.page.model, view.tab(obs)) else {
        return vec![];
    };
    let t = &model.thresholds;
    let site = &obs.page.site;
    let mut out = vec![];
    if let (false, false, Some(profile)) = (history, by_person, &tab.profile) {
        let loads = tab
            .profile_loads
            .iter()
            .rev()
            .take_while(|(at, _)| obs.time - at <= t.crawl_window_ms)
            .map(|(_, slug)| slug.as_str());
        if let Some(pages) = crawl(view, obs, loads.clone(), t.crawl_profiles, profile) {
            let seconds = (t.crawl_window_ms / 1000.0).round() as u64;
            // The sentence says "N pages in S seconds": N is the most
            // distinct profiles seen within one window, not every page the
            // finding lists (a crawl that goes on for an hour did not open
            // them all in 15 seconds).
            let in_window = distinct(loads).len() as u64;
            out.push(
                pages
                    .count(Count::PagesOpened, Tally::Max(in_window))
                    .count(Count::WindowSeconds, Tally::Set(seconds)),
            );
        }
    }
    let profile = obs
        .page
        .profile()
        .map(|p| view.state.canonical_member(site, p));
    if let (true, Some(profile)) = (unrequested, profile) {
        let loads = view
            .state
            .unrequested_loads
            .iter()
            .rev()
            .filter(|(_, s, _)| s == site)
            .take_while(|(at, _, _)| obs.time - at <= t.unrequested_window_ms)
            .map(|(_, _, slug)| slug.as_str());
        if let Some(mut pages) = crawl(view, obs, loads, t.unrequested_profiles, &profile) {
            // No "pages opened" count here: it is the most one window held
            // (above), and a crawl in tabs no person opened has no window to
            // say; its sentence counts the pages it lists.
            pages.describe = unrequested_tabs;
            out.push(pages);
        }
    }
    out
}

/// A crawl conclusion when `loads` (newest first, within the window) hold at
/// least `threshold` distinct profiles. A crawl already on record only needs
/// the page just opened; a new one lists every page of the window.
fn crawl<'a>(
    view: &View<'_>,
    obs: &Observation<'_>,
    loads: impl Iterator<Item = &'a str> + Clone,
    threshold: usize,
    current: &str,
) -> Option<Conclusion> {
    let mut seen: Vec<&str> = Vec::with_capacity(threshold);
    for slug in loads.clone() {
        if !seen.contains(&slug) {
            seen.push(slug);
            if seen.len() >= threshold {
                break;
            }
        }
    }
    if seen.len() < threshold {
        return None;
    }
    let site = &obs.page.site;
    let actor = view.anyone(site);
    let subjects = if view.finding(FindingKind::BulkCrawl, site, &actor).is_some() {
        vec![current]
    } else {
        let mut all = distinct(loads);
        all.reverse();
        all
    };
    Some(Conclusion::new(FindingKind::BulkCrawl, obs, actor, HOW, in_window).subjects(subjects))
}

/// Each slug once, in the order given.
fn distinct<'a>(slugs: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = vec![];
    for slug in slugs {
        if !out.contains(&slug) {
            out.push(slug);
        }
    }
    out
}

fn in_window(f: &Finding) -> Message {
    let pages = f.count(Count::PagesOpened) as usize;
    let seconds = f.count(Count::WindowSeconds) as usize;
    Message::about(
        &f.actor,
        Sentence::BulkCrawl,
        vec![
            Arg::count(pages, Unit::ProfilePages),
            Arg::count(seconds, Unit::Seconds),
        ],
    )
}

fn unrequested_tabs(f: &Finding) -> Message {
    let pages = f.subjects.len();
    Message::about(
        &f.actor,
        Sentence::BulkCrawlUnrequested,
        vec![Arg::count(pages, Unit::ProfilePages)],
    )
}
