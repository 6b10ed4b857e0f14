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
    if !history && tab.profile.is_some() {
        let recent = distinct(
            tab.profile_loads
                .iter()
                .filter(|(at, _)| obs.time - at <= t.crawl_window_ms)
                .map(|(_, slug)| slug.as_str()),
        );
        if recent.len() >= t.crawl_profiles {
            let seconds = (t.crawl_window_ms / 1000.0).round() as u64;
            out.push(
                Conclusion::new(
                    FindingKind::BulkCrawl,
                    obs,
                    view.anyone(site),
                    HOW,
                    in_window,
                )
                .subjects(recent)
                .count(Count::PagesOpened, Tally::Subjects)
                .count(Count::WindowSeconds, Tally::Set(seconds)),
            );
        }
    }
    if unrequested && obs.page.kind.slug().is_some() {
        let recent = distinct(
            view.state
                .unrequested_loads
                .iter()
                .filter(|(at, s, _)| s == site && obs.time - at <= t.unrequested_window_ms)
                .map(|(_, _, slug)| slug.as_str()),
        );
        if recent.len() >= t.unrequested_profiles {
            out.push(
                Conclusion::new(
                    FindingKind::BulkCrawl,
                    obs,
                    view.anyone(site),
                    HOW,
                    unrequested_tabs,
                )
                .subjects(recent)
                .count(Count::PagesOpened, Tally::Subjects),
            );
        }
    }
    out
}

/// Each slug once, in first-seen order.
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
    let pages = f.count(Count::PagesOpened) as usize;
    Message::about(
        &f.actor,
        Sentence::BulkCrawlUnrequested,
        vec![Arg::count(pages, Unit::ProfilePages)],
    )
}
