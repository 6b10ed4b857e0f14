//! Runs every event script in `tests/scenarios/*.json` through a fresh engine
//! and checks the findings it ends with.
//!
//! A scenario is `{name, events: [...], expect: {...}}`. Events are written
//! without the schema version; the runner adds `"v": 1`. `expect.findings`
//! lists every finding the engine must hold at the end (most severe, most
//! recent first), each with only the fields worth checking; an empty list
//! means the script must raise nothing. `expect.warnings` and `expect.pages`
//! give badge counts and pages watched per site, `expect.notify` the number
//! of notifications asked for.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use vigie::{Engine, Finding};

fn check_finding(scenario: &str, i: usize, got: &Finding, want: &Value) {
    let got_json = serde_json::to_value(got).unwrap();
    let ctx = |field: &str| format!("{scenario}: finding {i}, field {field}: got {got_json:#}");
    for (field, expected) in want.as_object().unwrap() {
        let actual = match field.as_str() {
            "actorId" => got_json["actor"]["id"].clone(),
            "actorName" => got_json["actor"]["name"].clone(),
            "messageKey" => got_json["message"]["key"].clone(),
            "messageArgs" => got_json["message"]["args"].clone(),
            "counts" => got_json["evidence"]["counts"].clone(),
            "destinations" => got_json["evidence"]["destinations"].clone(),
            "encodings" => got_json["evidence"]["encodings"].clone(),
            "notes" => got_json["evidence"]["notes"].clone(),
            "samples" => got_json["evidence"]["samples"].clone(),
            other => got_json[other].clone(),
        };
        assert_eq!(&actual, expected, "{}", ctx(field));
    }
}

fn run(path: &Path) {
    let text = fs::read_to_string(path).unwrap();
    let scenario: Value = serde_json::from_str(&text).unwrap();
    let name = scenario["name"].as_str().unwrap_or("?").to_owned();
    let mut engine = Engine::new();
    let mut notified = 0;
    for (i, event) in scenario["events"].as_array().unwrap().iter().enumerate() {
        let mut event = event.clone();
        event["v"] = json!(1);
        let out = engine
            .ingest_json(&event.to_string())
            .unwrap_or_else(|e| panic!("{name}: event {i} refused: {e}"));
        notified += out.notify.len();
    }
    let expect = &scenario["expect"];
    let findings = engine.all_findings();
    let wanted = expect["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        wanted.len(),
        "{name}: expected {} findings, got {findings:#?}",
        wanted.len()
    );
    for (i, (got, want)) in findings.iter().zip(wanted).enumerate() {
        check_finding(&name, i, got, want);
    }
    if let Some(warnings) = expect.get("warnings").and_then(Value::as_object) {
        for (site, count) in warnings {
            assert_eq!(
                engine.warning_count(site) as u64,
                count.as_u64().unwrap(),
                "{name}: warnings on {site}"
            );
        }
    }
    if let Some(pages) = expect.get("pages").and_then(Value::as_object) {
        for (site, count) in pages {
            assert_eq!(
                engine.site_report(site).watched.pages,
                count.as_u64().unwrap(),
                "{name}: pages on {site}"
            );
        }
    }
    if let Some(count) = expect.get("notify").and_then(Value::as_u64) {
        assert_eq!(notified as u64, count, "{name}: notifications");
    }
    // Every scenario must survive a snapshot round trip unchanged: the
    // findings, and everything else the snapshot holds.
    let snapshot = engine.snapshot();
    let restored = Engine::restore(&snapshot).unwrap();
    assert_eq!(
        restored.all_findings(),
        findings,
        "{name}: snapshot round trip"
    );
    assert!(
        restored.snapshot() == snapshot,
        "{name}: the restored engine's snapshot differs"
    );
}

#[test]
fn every_scenario_ends_with_the_expected_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 10,
        "scenarios missing from {}",
        dir.display()
    );
    for path in &paths {
        run(path);
    }
    println!("{} scenarios", paths.len());
}
