//! Harvest burst: many distinct profiles looked up in a short window, or at
//! machine regularity. A person opens a profile every few seconds at most,
//! and never at a metronome's pace. Thresholds are site data.

use crate::detectors::{Conclusion, Detector, Tally, View};
use crate::messages::event::Millis;
use crate::messages::finding::{Basis, Finding, FindingKind, Severity};
use crate::messages::vocabulary::{Arg, Count, Message, Sentence, Unit};
use crate::observe::{Fact, Observation};
use crate::sites::model::RequestClass;

pub const DETECTOR: Detector = Detector {
    name: "harvestBurst",
    check,
};

fn check(view: &View<'_>, obs: &Observation<'_>) -> Vec<Conclusion> {
    let Fact::ApiRequest(lookup) = &obs.fact else {
        return vec![];
    };
    let (Some(model), Some(tab)) = (obs.page.model, view.tab(obs)) else {
        return vec![];
    };
    let counted = lookup.class == RequestClass::ContactLookup
        || (lookup.class == RequestClass::ProfileFetch && !lookup.who.is_site());
    if !counted || !lookup.out_of_view() {
        return vec![];
    }
    let t = &model.thresholds;
    // The first lookup time of each distinct member not in view, in order:
    // contact lookups by anyone, profile fetches by anyone but the site
    // (its own prefetches, for hovercards and the feed, are no one's burst).
    let mut firsts: Vec<(Millis, &str)> = vec![];
    for l in tab.lookups.iter().filter(|l| {
        !l.in_view
            && obs.time - l.time <= t.burst_window_ms
            && (l.class == RequestClass::ContactLookup || !l.by_site())
    }) {
        if !firsts.iter().any(|(_, m)| *m == l.member) {
            firsts.push((l.time, &l.member));
        }
    }
    let many = firsts.len() >= t.burst_profiles;
    let regular = firsts.len() >= t.regular_min_profiles
        && is_regular(
            &firsts[firsts.len() - t.regular_min_profiles..],
            t.regular_max_cv,
        );
    if !many && !regular {
        return vec![];
    }
    let span_s = ((obs.time - firsts[0].0) / 1000.0).max(1.0).round() as u64;
    vec![Conclusion::new(
        FindingKind::HarvestBurst,
        obs,
        view.actor(&lookup.who, &obs.page.site),
        (
            Severity::High,
            lookup.who.confidence(),
            Basis::SeenOnNetwork,
        ),
        describe,
    )
    // The profiles and the seconds of one burst, the latest: "N profiles
    // in S seconds" stays true (the most ever seen beside the latest span
    // would pair two bursts).
    .count(Count::Profiles, Tally::Set(firsts.len() as u64))
    .count(Count::WindowSeconds, Tally::Set(span_s))
    .subjects(firsts.iter().map(|(_, m)| *m))
    .notes(lookup.who.notes())]
}

fn describe(f: &Finding) -> Message {
    let profiles = f.count(Count::Profiles) as usize;
    let seconds = f.count(Count::WindowSeconds) as usize;
    Message::about(
        &f.actor,
        Sentence::HarvestBurst,
        vec![
            Arg::count(profiles, Unit::Profiles),
            Arg::count(seconds, Unit::Seconds),
        ],
    )
}

/// Near-constant gaps between lookups: coefficient of variation below `max_cv`.
fn is_regular(firsts: &[(Millis, &str)], max_cv: f64) -> bool {
    let gaps: Vec<f64> = firsts.windows(2).map(|w| w[1].0 - w[0].0).collect();
    if gaps.len() < 2 {
        return false;
    }
    let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
    if mean <= 0.0 || mean > 10_000.0 {
        return false;
    }
    let var = gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64;
    var.sqrt() / mean < max_cv
}

#[cfg(test)]
mod tests {
    use super::is_regular;

    #[test]
    fn metronome_gaps_are_regular_and_human_gaps_are_not() {
        let metronome: Vec<(f64, &str)> = (0..6).map(|i| (i as f64 * 1500.0, "m")).collect();
        assert!(is_regular(&metronome, 0.2));
        let human = [
            (0.0, "a"),
            (4000.0, "b"),
            (5000.0, "c"),
            (13000.0, "d"),
            (15500.0, "e"),
        ];
        assert!(!is_regular(&human, 0.2));
        let slow: Vec<(f64, &str)> = (0..6).map(|i| (i as f64 * 60_000.0, "m")).collect();
        assert!(!is_regular(&slow, 0.2), "a profile a minute is a person");
    }
}
