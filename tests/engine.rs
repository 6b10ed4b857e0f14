//! The engine under bad input, at its caps, and across snapshot/restore.

use serde_json::json;
use vigie::{Engine, ErrorKind, Limits};

const PANEL: &str = "abcdefghijklmnopabcdefghijklmnop";

fn inventory() -> String {
    json!({"v":1,"type":"extensionInventory","time":1,"extensions":[
        {"id": PANEL, "name": "Fixture Contact Panel", "version": "1.2.0", "enabled": true}
    ]})
    .to_string()
}

fn injection(page: &str, resource: &str, time: f64) -> String {
    json!({"v":1,"type":"domInjection","time":time,"tabId":3,"pageUrl":page,
           "resourceUrl":resource,"element":"iframe","attribute":"src"})
    .to_string()
}

fn engine_with_a_finding() -> Engine {
    let mut engine = Engine::new();
    engine.ingest_json(&inventory()).unwrap();
    engine
        .ingest_json(&injection(
            "https://www.linkedin.com/in/alice-martin/",
            &format!("chrome-extension://{PANEL}/panel.html"),
            10.0,
        ))
        .unwrap();
    engine
}

#[test]
fn malformed_events_get_a_clear_error_and_leave_state_intact() {
    let mut engine = engine_with_a_finding();
    let before = engine.snapshot();
    let cases: &[(&str, ErrorKind)] = &[
        ("", ErrorKind::MalformedEvent),
        ("not json", ErrorKind::MalformedEvent),
        ("[1,2,3]", ErrorKind::MalformedEvent),
        ("null", ErrorKind::MalformedEvent),
        (
            r#"{"type":"tabClosed","time":1,"tabId":1}"#,
            ErrorKind::UnsupportedVersion,
        ),
        (
            r#"{"v":2,"type":"tabClosed","time":1,"tabId":1}"#,
            ErrorKind::UnsupportedVersion,
        ),
        (
            r#"{"v":"1","type":"tabClosed","time":1,"tabId":1}"#,
            ErrorKind::UnsupportedVersion,
        ),
        (
            r#"{"v":1,"type":"launchMissiles","time":1}"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"v":1,"type":"tabClosed","time":1}"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"v":1,"type":"tabClosed","time":-5,"tabId":1}"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"v":1,"type":"tabClosed","time":1,"tabId":"x"}"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"v":1,"type":"tabClosed","time":1,"tabId":1,"extra":true}"#,
            ErrorKind::MalformedEvent,
        ),
        // The same refusals with the members in another order (the
        // general path), and a kind that is missing, not a string or given
        // twice.
        (
            r#"{"time":1,"tabId":1,"extra":true,"type":"tabClosed","v":1}"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"tabId":1,"type":"tabClosed","v":1}"#,
            ErrorKind::MalformedEvent,
        ),
        (r#"{"v":1,"time":1,"tabId":1}"#, ErrorKind::MalformedEvent),
        (
            r#"{"v":1,"type":7,"time":1,"tabId":1}"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"v":1,"type":"tabClosed","type":"navigation","time":1,"tabId":1}"#,
            ErrorKind::MalformedEvent,
        ),
        (r#"{"v":1,"type":"tabClosed"}"#, ErrorKind::MalformedEvent),
        (
            r#"{"v":1,"type":"tabClosed","time":1,"tabId":1}x"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"v":1,"type":"domInjection","time":1,"tabId":1,"pageUrl":"https://www.linkedin.com/in/a/","resourceUrl":"https://cdn.example/x.js","element":"script","attribute":"src"}"#,
            ErrorKind::MalformedEvent,
        ),
        (
            r#"{"v":1,"type":"domInjection","time":1,"tabId":1,"pageUrl":"nope","resourceUrl":"chrome-extension://abcdefghijklmnopabcdefghijklmnop/x","element":"img","attribute":"src"}"#,
            ErrorKind::MalformedEvent,
        ),
    ];
    for (text, kind) in cases {
        let err = engine.ingest_json(text).expect_err(text);
        assert_eq!(err.kind(), *kind, "{text}: {err}");
        assert!(!err.message().is_empty());
    }
    let health = engine.health();
    assert_eq!(health.rejected_events, cases.len() as u64);
    assert!(health.last_rejection.is_some());
    // Only the rejection counters moved: findings, tabs and inventory are as before.
    let restored_before = Engine::restore(&before).unwrap();
    assert_eq!(engine.all_findings(), restored_before.all_findings());
    assert_eq!(
        engine.site_report("www.linkedin.com").watched,
        restored_before.site_report("www.linkedin.com").watched
    );
}

#[test]
fn oversized_events_are_refused_and_oversized_fields_are_cut_short() {
    let mut engine = engine_with_a_finding();
    let huge = format!(
        r#"{{"v":1,"type":"navigation","time":1,"tabId":1,"url":"https://a.test/{}"}}"#,
        "x".repeat(300 * 1024)
    );
    let before = engine.snapshot();
    let err = engine.ingest_json(&huge).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::EventTooLarge);
    assert_eq!(engine.health().rejected_events, 1);
    assert_eq!(
        Engine::restore(&before).unwrap().all_findings(),
        engine.all_findings()
    );
    // One field over `maxFieldBytes` no longer costs the whole report: the
    // URL is cut short (the page is still seen) and the cap is a notice.
    let long_field = format!(
        r#"{{"v":1,"type":"navigation","time":1,"tabId":1,"url":"https://a.test/{}"}}"#,
        "é".repeat(4500)
    );
    let out = engine.ingest_json(&long_field).unwrap();
    assert_eq!(notices(&out), ["fieldBytes"]);
    assert_eq!(out.notices[0].limit, engine.limits().max_field_bytes);
    assert_eq!(engine.site_report("a.test").watched.pages, 1);
    assert_eq!(engine.all_findings().len(), 1);
    assert!(caps_reached(&engine).contains(&"fieldBytes"));
}

#[test]
fn an_extension_with_too_many_host_permissions_keeps_its_first_ones() {
    let mut engine = Engine::new();
    let hosts: Vec<String> = (0..210)
        .map(|i| format!("https://h{i}.example/*"))
        .collect();
    let event = json!({"v":1,"type":"extensionInventory","time":1,"extensions":[
        {"id": PANEL, "name": "Fixture Contact Panel", "hostPermissions": hosts},
        {"id": "ponmlkjihgfedcbaponmlkjihgfedcba", "name": "Another"}
    ]})
    .to_string();
    let out = engine.ingest_json(&event).unwrap();
    assert_eq!(notices(&out), ["permissionsPerExtension"]);
    assert_eq!(out.notices[0].limit, 200);
    // The rest of the inventory is kept, and the panel is still named.
    assert_eq!(engine.site_report("x").extensions.total, 2);
    engine
        .ingest_json(&injection(
            "https://www.linkedin.com/in/alice-martin/",
            &format!("chrome-extension://{PANEL}/panel.html"),
            10.0,
        ))
        .unwrap();
    assert!(matches!(
        &engine.all_findings()[0].actor,
        vigie::Actor::Extension { name: Some(name), .. } if name == "Fixture Contact Panel"
    ));
}

#[test]
fn a_leak_in_a_url_over_the_field_cap_is_still_seen() {
    let mut engine = Engine::new();
    let page = "https://www.linkedin.com/in/chloe-nguyen/";
    for event in [
        json!({"v":1,"type":"navigation","time":1000,"tabId":1,"url":page}),
        json!({"v":1,"type":"pageContact","time":2300,"tabId":1,"pageUrl":page,
               "values":[{"kind":"email","value":"chloe@mapleandfinch.example"}]}),
    ] {
        engine.ingest_json(&event.to_string()).unwrap();
    }
    let url = format!(
        "https://tracker.example/px?em=chloe%40mapleandfinch.example&pad={}",
        "x".repeat(10_000)
    );
    let out = engine
        .ingest_json(
            &json!({"v":1,"type":"request","time":3000,"tabId":1,"url":url,"method":"GET",
                    "resourceType":"image"})
            .to_string(),
        )
        .unwrap();
    assert_eq!(notices(&out), ["fieldBytes"]);
    let leak = engine
        .all_findings()
        .into_iter()
        .find(|f| f.kind == vigie::FindingKind::ContactExfiltration)
        .expect("the leak is found in what is kept of the URL");
    assert_eq!(leak.evidence.destinations, ["tracker.example"]);
}

fn notices(out: &vigie::Ingested) -> Vec<&'static str> {
    out.notices.iter().map(|n| n.what.as_str()).collect()
}

fn caps_reached(engine: &Engine) -> Vec<&'static str> {
    engine
        .health()
        .caps_reached
        .into_iter()
        .map(|c| c.what.as_str())
        .collect()
}

#[test]
fn binary_garbage_is_refused_without_panic() {
    let mut engine = Engine::new();
    let garbage: String = (0u32..4000)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('?'))
        .collect();
    assert_eq!(
        engine.ingest_json(&garbage).unwrap_err().kind(),
        ErrorKind::MalformedEvent
    );
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(
        engine.ingest_json(&nested).unwrap_err().kind(),
        ErrorKind::MalformedEvent
    );
}

#[test]
fn snapshot_and_restore_round_trip_everything() {
    let mut engine = engine_with_a_finding();
    engine
        .ingest_json(&json!({"v":1,"type":"navigation","time":20,"tabId":3,"url":"https://www.linkedin.com/in/bruno-keller/"}).to_string())
        .unwrap();
    let text = engine.snapshot();
    let mut restored = Engine::restore(&text).unwrap();
    assert_eq!(restored.snapshot(), text);
    assert_eq!(restored.all_findings(), engine.all_findings());
    // The restored engine carries on: the same report is still de-duplicated
    // per page, and a new profile is added to the same finding.
    let again = injection(
        "https://www.linkedin.com/in/bruno-keller/",
        &format!("chrome-extension://{PANEL}/panel.html"),
        30.0,
    );
    let out = restored.ingest_json(&again).unwrap();
    assert_eq!(out.findings[0].subjects, ["alice-martin", "bruno-keller"]);
    assert!(restored.ingest_json(&again).unwrap().findings.is_empty());
}

#[test]
fn corrupt_or_foreign_snapshots_are_refused() {
    for bad in [
        "",
        "{}",
        "garbage",
        r#"{"snapshotVersion":99,"limits":{},"state":{}}"#,
    ] {
        assert_eq!(
            Engine::restore(bad).err().map(|e| e.kind()),
            Some(ErrorKind::InvalidSnapshot),
            "{bad}"
        );
    }
}

#[test]
fn forgetting_a_site_removes_its_findings_only() {
    let mut engine = engine_with_a_finding();
    engine
        .ingest_json(&injection(
            "https://news.example.org/",
            &format!("chrome-extension://{PANEL}/panel.html"),
            11.0,
        ))
        .unwrap();
    assert_eq!(engine.forget_site("www.linkedin.com"), 1);
    assert_eq!(engine.warning_count("www.linkedin.com"), 0);
    assert_eq!(engine.all_findings().len(), 1);
    assert_eq!(engine.forget_site("www.linkedin.com"), 0);
}

/// The profiles a scenario's findings name, after its events are ingested.
fn ingest_scenario(engine: &mut Engine, file: &str) -> Vec<String> {
    let path = format!("{}/tests/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let scenario: serde_json::Value = serde_json::from_str(&text).unwrap();
    for event in scenario["events"].as_array().unwrap() {
        let mut event = event.clone();
        event["v"] = serde_json::json!(1);
        engine.ingest_json(&event.to_string()).unwrap();
    }
    engine
        .all_findings()
        .iter()
        .flat_map(|f| f.subjects.iter().cloned())
        .collect()
}

#[test]
fn forgetting_a_site_leaves_nothing_of_the_people_viewed_there() {
    let mut engine = Engine::new();
    let mut profiles = vec![];
    for file in [
        "a_member_looked_up_by_urn_and_by_vanity_name_counts_once.json",
        "profiles_opened_in_tabs_no_person_opened_are_a_crawl.json",
        "pattern_b_harvests_profiles_not_in_view_and_sends_them_away.json",
    ] {
        profiles.extend(ingest_scenario(&mut engine, file));
    }
    assert!(profiles.len() >= 5, "{profiles:?}");
    let before = engine.snapshot();
    assert!(profiles.iter().all(|p| before.contains(p.as_str())));
    assert!(
        before.contains("\"aliases\":{\"www.linkedin.com\""),
        "{before}"
    );
    let hooked = |e: &Engine| {
        let snapshot: serde_json::Value = serde_json::from_str(&e.snapshot()).unwrap();
        snapshot["state"]["tabs"]["tabs"]
            .as_object()
            .unwrap()
            .values()
            .filter(|t| t["activity"]["hooksActive"] == true)
            .count()
    };
    let hooks_before = hooked(&engine);
    assert!(hooks_before >= 1);
    assert!(engine.forget_site("www.linkedin.com") >= 3);
    // What the hooks told of the tabs' present pages stays: without it, a
    // request of the page would be read as if no hook ran there.
    assert_eq!(hooked(&engine), hooks_before);
    // Open tabs keep the address they show, which the next event needs;
    // nothing else of the site may stay.
    let mut after: serde_json::Value = serde_json::from_str(&engine.snapshot()).unwrap();
    for tab in after["state"]["tabs"]["tabs"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        let tab = tab.as_object_mut().unwrap();
        tab.remove("url");
        tab.remove("page");
    }
    let after = after.to_string();
    for profile in &profiles {
        assert!(
            !after.contains(profile.as_str()),
            "{profile} is still in {after}"
        );
    }
    assert!(!after.contains("linkedin.com/in/"), "{after}");
}

#[test]
fn caps_are_reported_when_reached() {
    let limits = Limits {
        max_sites: 2,
        max_refs_per_page: 3,
        max_samples_per_finding: 2,
        ..Limits::default()
    };
    let mut engine = Engine::with_limits(limits);
    engine.ingest_json(&inventory()).unwrap();
    let mut notices = vec![];
    for i in 0..5 {
        let out = engine
            .ingest_json(&injection(
                "https://www.linkedin.com/in/alice-martin/",
                &format!("chrome-extension://{PANEL}/img{i}.png"),
                10.0 + i as f64,
            ))
            .unwrap();
        notices.extend(out.notices.into_iter().map(|n| n.what.as_str()));
    }
    for site in ["a.example", "b.example"] {
        let out = engine
            .ingest_json(&json!({"v":1,"type":"navigation","time":50,"tabId":9,"url":format!("https://{site}/")}).to_string())
            .unwrap();
        notices.extend(out.notices.into_iter().map(|n| n.what.as_str()));
    }
    assert!(notices.contains(&"refsPerPage"), "{notices:?}");
    assert!(notices.contains(&"evidencePerFinding"), "{notices:?}");
    assert!(notices.contains(&"sites"), "{notices:?}");
    let reached: Vec<&str> = engine
        .health()
        .caps_reached
        .into_iter()
        .map(|c| c.what.as_str())
        .collect();
    assert!(reached.contains(&"sites"));
    // The oldest site made room; the finding count stays within the cap.
    assert!(engine.site_report("b.example").watched.pages == 1);
}

#[test]
fn non_web_pages_are_not_watched() {
    let mut engine = Engine::new();
    for url in [
        "about:blank",
        "data:text/html,hi",
        "chrome://newtab/",
        "not a url",
    ] {
        let event = json!({"v":1,"type":"navigation","time":1,"tabId":1,"url":url}).to_string();
        assert!(engine.ingest_json(&event).is_ok(), "{url}");
    }
    assert_eq!(engine.health().rejected_events, 0);
    assert_eq!(engine.site_report("newtab").watched.pages, 0);

    assert_eq!(Engine::site_of("chrome://extensions/"), None);
    assert_eq!(Engine::site_of("about:blank"), None);
    assert_eq!(
        Engine::site_of("https://www.linkedin.com/in/x/").as_deref(),
        Some("www.linkedin.com")
    );
    let mut engine = Engine::new();
    engine.ingest_json(&inventory()).unwrap();
    let out = engine
        .ingest_json(&injection(
            "chrome://newtab/",
            &format!("chrome-extension://{PANEL}/x.png"),
            1.0,
        ))
        .unwrap();
    assert!(out.findings.is_empty());
}

#[test]
fn the_page_observer_reaching_its_cap_is_recorded() {
    let mut engine = Engine::new();
    let out = engine
        .ingest_json(r#"{"v":1,"type":"observerCapReached","time":1,"tabId":4,"limit":200}"#)
        .unwrap();
    assert_eq!(out.notices[0].what.as_str(), "observerReportsPerPage");
    assert_eq!(engine.health().caps_reached[0].limit, 200);
}

#[test]
fn forged_bridge_messages_are_counted_and_believed_nowhere() {
    let mut engine = Engine::new();
    for reason in ["forged", "forged", "malformed"] {
        let out = engine
            .ingest_json(
                &json!({"v":1,"type":"bridgeDrop","time":1,"tabId":2,"reason":reason,"count":3})
                    .to_string(),
            )
            .unwrap();
        assert!(out.findings.is_empty());
    }
    let drops = engine.health().bridge_drops;
    assert_eq!(drops.get("forged"), Some(&6));
    assert_eq!(drops.get("malformed"), Some(&3));
}

#[test]
fn main_world_claims_alone_never_confirm_a_finding() {
    let mut engine = Engine::new();
    engine
        .ingest_json(r#"{"v":1,"type":"navigation","time":1,"tabId":2,"url":"https://www.linkedin.com/in/alice-martin/"}"#)
        .unwrap();
    // A page can claim anything in its own world: an extension replaced
    // fetch, a call came from an extension's script.
    let claims = [
        json!({"kind":"nativeReplaced","api":"fetch","by":format!("chrome-extension://{PANEL}/hook.js"),"when":"afterHooks"}),
        json!({"kind":"nativeReplaced","api":"Response.json"}),
        json!({"kind":"call","api":"fetch","url":"https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller/profileContactInfo","stack":[format!("chrome-extension://{PANEL}/x.js")]}),
    ];
    for report in claims {
        engine
            .ingest_json(&json!({"v":1,"type":"mainWorld","time":2,"tabId":2,"pageUrl":"https://www.linkedin.com/in/alice-martin/","report":report}).to_string())
            .unwrap();
    }
    let findings = engine.all_findings();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f.confidence < vigie::Confidence::Confirmed),
        "{findings:#?}"
    );
    // A call record without the browser's record of the request is no lookup.
    assert!(findings
        .iter()
        .all(|f| f.kind == vigie::FindingKind::NativesReplaced));
}

#[test]
fn request_bodies_over_the_cap_are_read_as_far_as_the_cap() {
    let mut engine = Engine::new();
    let body = "x".repeat(70 * 1024);
    let event = json!({"v":1,"type":"request","time":1,"tabId":2,"url":"https://api.collector.test/","method":"POST","body":body}).to_string();
    let out = engine.ingest_json(&event).unwrap();
    assert_eq!(notices(&out), ["bodyBytes"]);
    assert_eq!(out.notices[0].limit, engine.limits().max_body_bytes);
    assert_eq!(engine.health().rejected_events, 0);
}

#[test]
fn a_sites_answer_cut_at_the_cap_teaches_nothing_and_says_so() {
    let mut engine = Engine::new();
    let page = "https://www.linkedin.com/in/alice-martin/";
    engine
        .ingest_json(&json!({"v":1,"type":"navigation","time":1,"tabId":2,"url":page}).to_string())
        .unwrap();
    // A whole answer whose end (past the cap) would be cut off: the address
    // before the cap is not learnt from half a document.
    let body = format!(
        r#"{{"emailAddress":"alice@example.org","padding":"{}"}}"#,
        "x".repeat(70 * 1024)
    );
    let answer = json!({"v":1,"type":"contactResponse","time":2,"tabId":2,"pageUrl":page,
        "url":"https://www.linkedin.com/voyager/api/identity/profiles/alice-martin/profileContactInfo","body":body});
    let out = engine.ingest_json(&answer.to_string()).unwrap();
    assert_eq!(notices(&out), ["responseBytes"]);
    assert_eq!(out.notices[0].limit, engine.limits().max_body_bytes);
    let lead = json!({"v":1,"type":"request","time":3,"tabId":2,"method":"POST",
        "url":"https://crm.example.test/leads","body":"email=alice%40example.org"});
    engine.ingest_json(&lead.to_string()).unwrap();
    assert!(
        engine.all_findings().is_empty(),
        "{:#?}",
        engine.all_findings()
    );
}

#[test]
fn snapshots_hold_no_contact_value_or_typed_value_in_any_form() {
    let mut engine = Engine::new();
    let page = "https://www.linkedin.com/in/alice-martin/";
    for event in [
        json!({"v":1,"type":"navigation","time":1,"tabId":2,"url":page}),
        json!({"v":1,"type":"pageContact","time":2,"tabId":2,"pageUrl":page,"values":[
            {"kind":"email","value":"canary.person@example.org"},
            {"kind":"phone","value":"+33 6 11 22 33 44"},
            {"kind":"name","value":"Canary Person"}]}),
        json!({"v":1,"type":"formInput","time":3,"tabId":2,"pageUrl":page,"field":"email","value":"typed.canary@example.org","submitted":false}),
        json!({"v":1,"type":"contactResponse","time":3,"tabId":2,"pageUrl":page,
               "url":"https://www.linkedin.com/voyager/api/identity/profiles/alice-martin/profileContactInfo",
               "body":r#"{"emailAddress":"answer.canary@example.org","phoneNumbers":[{"number":"+33 6 55 66 77 88"}]}"#}),
        json!({"v":1,"type":"request","time":4,"tabId":2,"method":"POST","url":"https://tracker.example/t",
               "body":"e=canary.person%40example.org&n=Canary+Person&a=answer.canary%40example.org"}),
    ] {
        engine.ingest_json(&event.to_string()).unwrap();
    }
    assert!(
        !engine.all_findings().is_empty(),
        "the leak is still found while the values are in memory"
    );
    let snapshot = engine.snapshot().to_lowercase();
    for canary in [
        "canary.person",
        "canary person",
        "canary+person",
        "typed.canary",
        "answer.canary",
        "33611223344",
        "11 22 33 44",
        "55 66 77 88",
    ] {
        assert!(!snapshot.contains(canary), "{canary} in the snapshot");
    }
}

#[test]
fn a_snapshots_limits_must_be_there_as_an_object_but_are_not_read() {
    let engine = Engine::new();
    let snapshot: serde_json::Value = serde_json::from_str(&engine.snapshot()).unwrap();
    for (limits, restores) in [
        (json!({}), true),
        (json!({"maxEventBytes": "not a number"}), true),
        (json!(4), false),
        (json!(null), false),
    ] {
        let mut changed = snapshot.clone();
        changed["limits"] = limits.clone();
        assert_eq!(
            Engine::restore(&changed.to_string()).is_ok(),
            restores,
            "{limits}"
        );
    }
    let mut without = snapshot.clone();
    without.as_object_mut().unwrap().remove("limits");
    assert_eq!(
        Engine::restore(&without.to_string())
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidSnapshot)
    );
}

#[test]
fn a_snapshot_cannot_lower_the_engines_limits() {
    let engine = Engine::new();
    let mut snapshot: serde_json::Value = serde_json::from_str(&engine.snapshot()).unwrap();
    snapshot["limits"]["maxEventBytes"] = json!(4);
    let mut restored = Engine::restore(&snapshot.to_string()).unwrap();
    assert_eq!(restored.limits(), &Limits::default());
    assert!(restored
        .ingest_json(r#"{"v":1,"type":"tabClosed","time":1,"tabId":1}"#)
        .is_ok());
}

/// Every form of `value` a dump of storage could be searched for.
fn stored_forms(value: &str) -> Vec<String> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let mut forms = vec![];
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '(' | ')' | '-'))
        .collect();
    for v in [value.to_owned(), value.to_lowercase(), compact] {
        let url_encoded: String = v
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        forms.push(url_encoded.replace("%20", "+"));
        forms.push(url_encoded);
        forms.push(STANDARD_NO_PAD.encode(&v));
        forms.push(URL_SAFE_NO_PAD.encode(&v));
        forms.push(v.bytes().map(|b| format!("{b:02x}")).collect());
        forms.push(
            Sha256::digest(v.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        );
        forms.push(v);
    }
    forms.retain(|f| f.len() >= 6);
    forms
}

#[test]
fn snapshots_keep_addresses_without_the_values_their_queries_carry() {
    const NAME: &str = "Zoé Canarybird";
    const EMAIL: &str = "zoe.canarybird@example.net";
    const PHONE: &str = "+33 6 98 76 54 32";
    let query =
        "name=Zo%C3%A9+Canarybird&email=zoe.canarybird%40example.net&phone=%2B33+6+98+76+54+32";
    let profile = format!("https://www.linkedin.com/in/alice-martin/?{query}#tel=33698765432");
    // The contact lookup a panel's script makes, its query carrying the
    // values too; the browser's record of it comes after a restore.
    let lookup = format!("https://www.linkedin.com/voyager/api/graphql?variables=(memberIdentity:bruno-keller)&queryId=voyagerIdentityDashProfiles.abc&{query}");
    let mut engine = Engine::new();
    engine.ingest_json(&inventory()).unwrap();
    let events = [
        // A form sent by GET leaves what was typed in the tab's address.
        json!({"type":"navigation","time":10,"tabId":1,"url":format!("https://shop.example.test/__pages/blank.html?{query}")}),
        json!({"type":"navigation","time":20,"tabId":2,"url":profile}),
        json!({"type":"mainWorld","time":30,"tabId":2,"pageUrl":profile,"report":{"kind":"ready"}}),
        json!({"type":"mainWorld","time":40,"tabId":2,"pageUrl":profile,"report":{
            "kind":"call","api":"fetch","url":lookup,
            "stack":[format!("chrome-extension://{PANEL}/hook.js?{query}"), format!("chrome-extension://{PANEL}/content.js?{query}")]}}),
        json!({"type":"mainWorld","time":41,"tabId":2,"pageUrl":profile,"report":{
            "kind":"nativeReplaced","api":"fetch","by":format!("https://cdn.tag.example/t.js?{query}")}}),
        json!({"type":"domInjection","time":42,"tabId":2,"pageUrl":profile,
               "resourceUrl":format!("chrome-extension://{PANEL}/panel.html?{query}"),"element":"iframe","attribute":"src"}),
        // A third party receives the e-mail the profile shows, in a path.
        json!({"type":"pageContact","time":43,"tabId":2,"pageUrl":profile,"values":[{"kind":"email","value":EMAIL}]}),
        json!({"type":"request","time":44,"tabId":2,"method":"GET","resourceType":"image","frameId":0,
               "url":"https://px.collector.test/u/zoe.canarybird%40example.net/p.gif"}),
    ];
    for event in events {
        let mut event = event;
        event["v"] = json!(1);
        engine.ingest_json(&event.to_string()).unwrap();
    }
    // A refused event quotes what it carried in its error.
    let refused = json!({"v":1,"type":"tabClosed","time":50,"tabId":EMAIL}).to_string();
    assert!(engine.ingest_json(&refused).is_err());
    let kinds: Vec<_> = engine.all_findings().iter().map(|f| f.kind).collect();
    assert!(
        kinds.contains(&vigie::FindingKind::ContactExfiltration),
        "{kinds:?}"
    );
    assert!(kinds.contains(&vigie::FindingKind::InjectedUi), "{kinds:?}");

    let snapshot = engine.snapshot();
    let mut found = vec![];
    for value in [NAME, EMAIL, PHONE] {
        for form in stored_forms(value) {
            if snapshot.to_lowercase().contains(&form.to_lowercase()) {
                found.push(form);
            }
        }
    }
    assert!(found.is_empty(), "{found:?} in {snapshot}");
    // What the detectors read of those addresses is still there.
    for kept in [
        "https://shop.example.test/__pages/blank.html",
        "https://www.linkedin.com/in/alice-martin/",
        "https://www.linkedin.com/voyager/api/graphql",
        "/u/…/p.gif",
    ] {
        assert!(snapshot.contains(kept), "{kept} not in {snapshot}");
    }

    // Restored, the tab is still on Alice's profile and the call record still
    // pairs with the browser's record of the lookup: Bruno, not in view, was
    // looked up by the panel's script, which started the call.
    let mut restored = Engine::restore(&snapshot).unwrap();
    let out = restored
        .ingest_json(
            &json!({"v":1,"type":"request","time":1000,"tabId":2,"method":"GET",
                    "resourceType":"xmlhttprequest","frameId":0,"url":lookup})
            .to_string(),
        )
        .unwrap();
    let harvest = out
        .findings
        .iter()
        .find(|f| f.kind == vigie::FindingKind::HarvestNotInView)
        .unwrap_or_else(|| panic!("{:#?}", out.findings));
    assert_eq!(harvest.subjects, ["bruno-keller"]);
    assert!(
        matches!(&harvest.actor, vigie::Actor::Extension { id, .. } if id == PANEL),
        "{:?}",
        harvest.actor
    );
    // A lookup of the profile in view is no harvest.
    let in_view = lookup.replace("bruno-keller", "alice-martin");
    let out = restored
        .ingest_json(
            &json!({"v":1,"type":"request","time":1100,"tabId":2,"method":"GET",
                    "resourceType":"xmlhttprequest","frameId":0,"url":in_view})
            .to_string(),
        )
        .unwrap();
    assert!(
        out.findings
            .iter()
            .all(|f| f.kind != vigie::FindingKind::HarvestNotInView),
        "{:#?}",
        out.findings
    );
}

#[test]
fn a_call_record_pairs_only_with_its_own_request_after_a_restore() {
    let profile = "https://www.linkedin.com/in/alice-martin/";
    let lookup = "https://www.linkedin.com/voyager/api/graphql?variables=(memberIdentity:bruno-keller)&queryId=voyagerIdentityDashProfiles.abc";
    let mut engine = Engine::new();
    engine.ingest_json(&inventory()).unwrap();
    for event in [
        json!({"v":1,"type":"navigation","time":20,"tabId":2,"url":profile}),
        json!({"v":1,"type":"mainWorld","time":30,"tabId":2,"pageUrl":profile,"report":{"kind":"ready"}}),
        json!({"v":1,"type":"mainWorld","time":40,"tabId":2,"pageUrl":profile,"report":{
            "kind":"call","api":"fetch","url":format!("{lookup}&x=1"),
            "stack":[format!("chrome-extension://{PANEL}/content.js")]}}),
    ] {
        engine.ingest_json(&event.to_string()).unwrap();
    }
    // Same path, another query: not the recorded call.
    let mut restored = Engine::restore(&engine.snapshot()).unwrap();
    let out = restored
        .ingest_json(
            &json!({"v":1,"type":"request","time":1000,"tabId":2,"method":"GET",
                    "resourceType":"xmlhttprequest","frameId":0,"url":format!("{lookup}&x=2")})
            .to_string(),
        )
        .unwrap();
    let harvest = out
        .findings
        .iter()
        .find(|f| f.kind == vigie::FindingKind::HarvestNotInView)
        .unwrap_or_else(|| panic!("{:#?}", out.findings));
    assert!(
        !matches!(&harvest.actor, vigie::Actor::Extension { id, .. } if id == PANEL),
        "{:?}",
        harvest.actor
    );
}

#[test]
fn a_call_through_a_replaced_fetch_names_no_author_unless_the_hooks_showed_it_held_fetch() {
    // The same extension script reported as the caller of Vigie's wrapper
    // after fetch was replaced: shown to hold fetch (afterHooks), or only
    // seen calling (callThrough: it may have kept the wrapper before).
    let run = |when: &str, by: &str| {
        let mut engine = Engine::new();
        engine.ingest_json(&inventory()).unwrap();
        for event in [
            json!({"v":1,"type":"navigation","time":1,"tabId":2,"url":"https://www.linkedin.com/in/alice-martin/"}),
            json!({"v":1,"type":"mainWorld","time":2,"tabId":2,"pageUrl":"https://www.linkedin.com/in/alice-martin/",
                   "report":{"kind":"nativeReplaced","api":"fetch","by":by,"when":when}}),
        ] {
            engine.ingest_json(&event.to_string()).unwrap();
        }
        engine
            .all_findings()
            .into_iter()
            .filter(|f| f.kind == vigie::FindingKind::NativesReplaced)
            .collect::<Vec<_>>()
    };
    let script = format!("chrome-extension://{PANEL}/hook.js");
    let held = run("afterHooks", &script);
    assert_eq!(held.len(), 1);
    assert!(
        matches!(&held[0].actor, vigie::Actor::Extension { id, .. } if id == PANEL),
        "{:?}",
        held[0].actor
    );
    assert_eq!(held[0].evidence.samples, [format!("fetch ← {script}")]);

    let called = run("callThrough", &script);
    assert_eq!(called.len(), 1);
    assert!(
        matches!(called[0].actor, vigie::Actor::Unattributed { .. }),
        "{:?}",
        called[0].actor
    );
    assert_eq!(called[0].confidence, vigie::Confidence::Possible);
    assert_eq!(called[0].evidence.samples, ["fetch ← ?"]);

    // The site's own script calling through: the site's wrapper, no finding.
    assert!(run(
        "callThrough",
        "https://static.licdn.com/aero-v1/sc/h/app.js"
    )
    .is_empty());
}
