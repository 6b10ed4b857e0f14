//! Harvest burst: many distinct profiles looked up in a short window, or at
//! machine regularity. A person opens a profile every few seconds at most,
//! and never at a metronome's pace. Thresholds are site data.

use crate::activity::TabActivity;
use crate::detectors::attribution::Attribution;
use crate::detectors::record::{set_message, Conclusion, Sink};
use crate::event::Millis;
use crate::finding::{Basis, Finding, FindingKind, Severity};
use crate::site_model::Thresholds;

/// Checks the tab's lookups of members not in view after a new one.
pub fn check(
    sink: &mut Sink<'_>,
    site: &str,
    who: &Attribution,
    activity: &TabActivity,
    time: Millis,
    t: &Thresholds,
) -> Option<Finding> {
    // The first lookup time of each distinct member not in view, in order.
    let mut firsts: Vec<(Millis, &str)> = vec![];
    for l in activity
        .lookups
        .iter()
        .filter(|l| !l.in_view && time - l.time <= t.burst_window_ms)
    {
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
        return None;
    }
    let span_s = ((time - firsts[0].0) / 1000.0).max(1.0).round() as u64;
    let members: Vec<String> = firsts.iter().map(|(_, m)| (*m).to_owned()).collect();
    let conclusion = Conclusion {
        kind: FindingKind::HarvestBurst,
        site: site.to_owned(),
        actor: who.actor.clone(),
        severity: Severity::High,
        confidence: who.confidence(),
        basis: Basis::SeenOnNetwork,
        time,
    };
    Some(sink.record(conclusion, |f, limits| {
        let mut kept = true;
        for m in &members {
            kept &= f.add_subject(m, limits.max_subjects_per_finding);
        }
        let peak = f
            .evidence
            .counts
            .get("profiles")
            .copied()
            .unwrap_or(0)
            .max(members.len() as u64);
        f.evidence.counts.insert("profiles".into(), peak);
        f.evidence.counts.insert("windowSeconds".into(), span_s);
        let count = members.len().to_string();
        let seconds = span_s.to_string();
        let how = if regular && !many {
            " at machine regularity"
        } else {
            ""
        };
        set_message(
            f,
            "findingHarvestBurst",
            vec![count.clone(), seconds.clone()],
            format!(
                "fetched {count} profiles in {seconds} seconds{how}, faster than a person can."
            ),
        );
        kept
    }))
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
