//! The capability audit on the permission lists of real extensions
//! (`tests/audit/real_world_permissions.json`), as Chrome and as Firefox
//! report them, and the live alerts through the engine.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use vigie::audit::{audit, ExtensionAudit};
use vigie::messages::read::FromJson;
use vigie::sites::inventory::known_contact_finders;
use vigie::sites::SiteModels;
use vigie::{Engine, ExtensionInfo, Finding, FindingKind, Severity};

fn real_world_sets() -> Vec<Value> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/audit/real_world_permissions.json");
    let doc: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    doc["sets"].as_array().unwrap().clone()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn is_pattern(p: &str) -> bool {
    p == "<all_urls>" || p.contains("://")
}

/// What Chrome's `management.getAll()` reports: API permissions, and the
/// Manifest V3 `host_permissions`; never content-script matches nor host
/// patterns listed under `permissions`.
fn as_chrome(set: &Value, id: &str) -> ExtensionInfo {
    let permissions: Vec<String> = strings(&set["permissions"])
        .into_iter()
        .filter(|p| !is_pattern(p))
        .collect();
    ExtensionInfo::from_json(&json!({
        "id": id, "name": set["name"], "version": "1.0", "enabled": true,
        "installType": "normal", "type": "extension",
        "permissions": permissions, "hostPermissions": set["hostPermissions"],
    }))
    .unwrap()
}

/// What Firefox reports: host patterns from both lists and content-script
/// matches, with the extension's own `moz-extension://<uuid>/*`.
fn as_firefox(set: &Value, id: &str) -> ExtensionInfo {
    let all = strings(&set["permissions"]);
    let permissions: Vec<&String> = all.iter().filter(|p| !is_pattern(p)).collect();
    let mut hosts: Vec<String> = all.iter().filter(|p| is_pattern(p)).cloned().collect();
    hosts.extend(strings(&set["hostPermissions"]));
    hosts.extend(strings(&set["contentScriptMatches"]));
    hosts.push("moz-extension://0f3c4a8e-5b1d-4c2e-9a7f-1234567890ab/*".to_owned());
    ExtensionInfo::from_json(&json!({
        "id": id, "name": set["name"], "version": "1.0", "enabled": true,
        "installType": "normal", "type": "extension",
        "permissions": permissions, "hostPermissions": hosts,
    }))
    .unwrap()
}

fn described(a: &ExtensionAudit) -> Value {
    let mut caps: Vec<String> = a
        .capabilities
        .iter()
        .map(|c| match c.args.first() {
            Some(arg) => format!("{}:{arg}", c.capability),
            None => c.capability.to_string(),
        })
        .collect();
    caps.sort();
    let mut reasons: Vec<String> = a.reasons.iter().map(|r| r.to_string()).collect();
    reasons.sort();
    json!({ "risk": a.risk, "capabilities": caps, "reasons": reasons })
}

fn sorted(expect: &Value) -> Value {
    let mut e = expect.clone();
    for field in ["capabilities", "reasons"] {
        let mut list = strings(&e[field]);
        list.sort();
        e[field] = json!(list);
    }
    e
}

#[test]
fn real_world_permission_sets_get_their_capabilities_in_chrome_and_in_firefox() {
    let sets = real_world_sets();
    assert!(sets.len() >= 20, "only {} permission sets", sets.len());
    let models = SiteModels::builtin();
    let finders = known_contact_finders();
    let mut failures = vec![];
    for set in &sets {
        assert!(set["source"]["repo"].is_string() && set["source"]["commit"].is_string());
        for (browser, info) in [
            ("chrome", as_chrome(set, "abcdefghijklmnopabcdefghijklmnop")),
            ("firefox", as_firefox(set, "fixture@example.org")),
        ] {
            let got = described(&audit(&info, &models, finders));
            let want = sorted(&set["expect"][browser]);
            if got != want {
                failures.push(format!(
                    "{} in {browser}: got {got}, want {want}",
                    set["name"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn chrome_never_says_an_extension_has_no_access() {
    // Every Chromium extension without access to every site says that its
    // access is not reported: the browser hides content-script sites.
    let models = SiteModels::builtin();
    for set in real_world_sets() {
        let a = audit(
            &as_chrome(&set, "abcdefghijklmnopabcdefghijklmnop"),
            &models,
            &[],
        );
        let all_sites = a
            .capabilities
            .iter()
            .any(|c| matches!(c.capability.as_str(), "allSites" | "allSitesLogin"));
        let says_not_reported = a
            .capabilities
            .iter()
            .any(|c| c.capability.as_str() == "accessNotReported");
        assert!(all_sites || says_not_reported, "{}", set["name"]);
        assert!(!a.access_reported);
    }
}

// ---- live alerts, through the engine ----------------------------------------

const SELF: &str = "ponmlkjihgfedcbaponmlkjihgfedcba";
const HELPER: &str = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb";
const KASPR: &str = "kkfgenjfpmoegefcckjklfjieepogfhg";
const HUNTER: &str = "hgmhmanijnjhaffoampdlllchpolkdnj";

fn ext(id: &str, name: &str, permissions: &[&str], hosts: &[&str]) -> Value {
    json!({"id": id, "name": name, "version": "1.0.0", "enabled": true, "installType": "normal",
           "type": "extension", "permissions": permissions, "hostPermissions": hosts})
}

fn inventory(engine: &mut Engine, time: u64, extensions: Vec<Value>) -> vigie::Ingested {
    let mut all = vec![ext(SELF, "Vigie", &["management"], &["<all_urls>"])];
    all.extend(extensions);
    let e = json!({"v": 1, "type": "extensionInventory", "time": time, "selfId": SELF, "extensions": all});
    engine.ingest_json(&e.to_string()).unwrap()
}

fn changed(engine: &mut Engine, time: u64, change: &str, extension: Value) -> vigie::Ingested {
    let e = json!({"v": 1, "type": "extensionChanged", "time": time, "change": change, "extension": extension});
    engine.ingest_json(&e.to_string()).unwrap()
}

fn rose(out: &vigie::Ingested) -> Option<&Finding> {
    out.findings
        .iter()
        .find(|f| f.kind == FindingKind::ExtensionRiskRose)
        .map(|f| &**f)
}

fn phrase_keys(arg: &vigie::Arg) -> Vec<String> {
    match arg {
        vigie::Arg::Phrases { phrases } => phrases.iter().map(|p| p.key.clone()).collect(),
        other => panic!("not phrases: {other:?}"),
    }
}

#[test]
fn extensions_found_at_the_first_inventory_raise_no_alert() {
    let mut engine = Engine::new();
    let out = inventory(
        &mut engine,
        1000,
        vec![ext(
            HELPER,
            "Helper",
            &["cookies"],
            &["https://*.linkedin.com/*"],
        )],
    );
    assert!(rose(&out).is_none(), "{:#?}", out.findings);
    assert!(out.notify.is_empty());
}

#[test]
fn installing_an_extension_with_linkedin_login_is_a_high_alert_naming_the_capability() {
    let mut engine = Engine::new();
    inventory(&mut engine, 1000, vec![]);
    let out = changed(
        &mut engine,
        2000,
        "installed",
        ext(
            HELPER,
            "Login Reader",
            &["cookies", "storage"],
            &["https://www.linkedin.com/*"],
        ),
    );
    let f = rose(&out).expect("an alert");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.site, "www.linkedin.com");
    assert_eq!(f.message.key, "findingExtensionRiskRose");
    assert_eq!(phrase_keys(&f.message.args[1]), vec!["prior_notInstalled"]);
    assert_eq!(phrase_keys(&f.message.args[2]), vec!["risk_high"]);
    assert!(phrase_keys(&f.message.args[3]).contains(&"capability_siteLogin".to_owned()));
    assert_eq!(out.notify, vec![f.key.clone()]);
    // The same inventory taken again (a wake-up) is no news.
    let again = inventory(
        &mut engine,
        3000,
        vec![ext(
            HELPER,
            "Login Reader",
            &["cookies", "storage"],
            &["https://www.linkedin.com/*"],
        )],
    );
    assert!(rose(&again).is_none() && again.notify.is_empty());
}

#[test]
fn an_update_with_cookies_shows_before_and_after_and_notifies_again() {
    let mut engine = Engine::new();
    inventory(
        &mut engine,
        1000,
        vec![ext(
            HELPER,
            "Helper",
            &["storage"],
            &["https://www.linkedin.com/*"],
        )],
    );
    let mut updated = ext(
        HELPER,
        "Helper",
        &["storage", "cookies"],
        &["https://www.linkedin.com/*"],
    );
    updated["version"] = json!("1.1.0");
    let out = changed(&mut engine, 2000, "installed", updated.clone());
    let f = rose(&out).expect("an alert");
    assert_eq!(phrase_keys(&f.message.args[1]), vec!["risk_medium"]);
    assert_eq!(phrase_keys(&f.message.args[2]), vec!["risk_high"]);
    assert_eq!(
        f.evidence.samples,
        vec!["1.0.0 → 1.1.0 · + cookies".to_owned()]
    );
    assert_eq!(out.notify.len(), 1);
    // More of the same risk level, not on a watched site: no news.
    updated["version"] = json!("1.2.0");
    updated["permissions"] = json!(["storage", "cookies", "history"]);
    let out = changed(&mut engine, 3000, "installed", updated.clone());
    assert!(rose(&out).is_none(), "{:#?}", out.findings);
    // A second rise of the same extension (now every site) is notified too.
    updated["version"] = json!("1.3.0");
    updated["hostPermissions"] = json!(["<all_urls>"]);
    let out = changed(&mut engine, 4000, "installed", updated);
    let f = rose(&out).expect("a second alert");
    assert_eq!(f.evidence.samples.len(), 2);
    assert_eq!(
        phrase_keys(&f.message.args[3]),
        vec!["capability_allSitesLogin"]
    );
    assert_eq!(out.notify.len(), 1);
}

#[test]
fn an_update_that_adds_nothing_risky_is_no_alert() {
    let mut engine = Engine::new();
    inventory(
        &mut engine,
        1000,
        vec![ext(HELPER, "Helper", &["storage"], &[])],
    );
    let out = changed(
        &mut engine,
        2000,
        "installed",
        ext(
            HELPER,
            "Helper",
            &["storage", "alarms", "contextMenus"],
            &[],
        ),
    );
    assert!(rose(&out).is_none(), "{:#?}", out.findings);
}

#[test]
fn enabling_a_disabled_extension_gains_all_it_has() {
    let mut engine = Engine::new();
    let mut off = ext(HELPER, "Helper", &["cookies"], &["<all_urls>"]);
    off["enabled"] = json!(false);
    inventory(&mut engine, 1000, vec![off]);
    let out = changed(
        &mut engine,
        2000,
        "enabled",
        ext(HELPER, "Helper", &["cookies"], &["<all_urls>"]),
    );
    let f = rose(&out).expect("an alert");
    assert_eq!(phrase_keys(&f.message.args[1]), vec!["prior_disabled"]);
    let out = changed(
        &mut engine,
        3000,
        "disabled",
        ext(HELPER, "Helper", &["cookies"], &["<all_urls>"]),
    );
    assert!(rose(&out).is_none());
}

#[test]
fn a_known_contact_finder_is_a_fair_finding_withdrawn_when_disabled() {
    let mut engine = Engine::new();
    let out = inventory(
        &mut engine,
        1000,
        vec![
            ext(KASPR, "Kaspr", &["storage"], &[]),
            ext(
                HUNTER,
                "Hunter",
                &["tabs", "storage"],
                &["https://hunter.io/*"],
            ),
        ],
    );
    let kaspr = out
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::KnownContactFinder && f.site == "www.linkedin.com")
        .expect("Kaspr's finding");
    assert_eq!(kaspr.severity, Severity::Warning);
    // "Kaspr is Kaspr (Kaspr)" would say one name thrice.
    assert_eq!(kaspr.message.key, "findingKnownContactFinderSelf");
    assert_eq!(kaspr.message.args.len(), 1);
    assert_eq!(engine.warning_count("www.linkedin.com"), 1);
    // Hunter does not read profile sites: information, not on LinkedIn.
    let hunter = out
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::KnownContactFinder && f.site == "extensions")
        .expect("Hunter's finding");
    assert_eq!(hunter.severity, Severity::Info);
    assert!(out.notify.is_empty());

    let mut off = ext(KASPR, "Kaspr", &["storage"], &[]);
    off["enabled"] = json!(false);
    changed(&mut engine, 2000, "disabled", off);
    assert_eq!(engine.warning_count("www.linkedin.com"), 0);
    // Enabled again (later than a reload would be): newly a contact finder,
    // an alert on LinkedIn.
    let out = changed(
        &mut engine,
        30_000,
        "enabled",
        ext(KASPR, "Kaspr", &["storage"], &[]),
    );
    let f = rose(&out).expect("an alert");
    assert_eq!(f.site, "www.linkedin.com");
    assert!(phrase_keys(&f.message.args[3]).contains(&"capability_knownContactFinder".to_owned()));
    changed(&mut engine, 40_000, "uninstalled", json!({"id": KASPR}));
    assert!(!engine
        .all_findings()
        .iter()
        .any(|f| f.kind == FindingKind::KnownContactFinder && f.site == "www.linkedin.com"));
}

#[test]
fn the_extension_reports_list_every_extension_riskiest_first_with_its_findings() {
    let mut engine = Engine::new();
    let mut off = ext(
        "cccccccccccccccccccccccccccccccc",
        "Off",
        &["cookies"],
        &["<all_urls>"],
    );
    off["enabled"] = json!(false);
    inventory(
        &mut engine,
        1000,
        vec![
            ext(
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                "Quiet",
                &["storage"],
                &[],
            ),
            ext(KASPR, "Kaspr", &["storage"], &[]),
            off,
            json!({"id": "theme@example.org", "name": "Theme", "type": "theme"}),
        ],
    );
    let reports = engine.extension_reports();
    let names: Vec<_> = reports
        .iter()
        .map(|r| r.audit.name.clone().unwrap())
        .collect();
    // Vigie itself and themes are not listed; disabled ones come last.
    assert_eq!(names, vec!["Kaspr", "Quiet", "Off"]);
    assert_eq!(reports[0].findings.len(), 1);
    assert_eq!(reports[0].findings[0].kind, FindingKind::KnownContactFinder);
    assert!(reports[0].audit.contact_finder.is_some());
}

#[test]
fn firefox_reports_content_script_sites_so_an_alert_names_linkedin_there() {
    let mut engine = Engine::new();
    inventory(&mut engine, 1000, vec![]);
    // Firefox lists content-script matches and the add-on's own UUID.
    let out = changed(
        &mut engine,
        2000,
        "installed",
        ext(
            "panel@fixture.test",
            "Panel",
            &["cookies"],
            &[
                "moz-extension://0f3c4a8e-5b1d-4c2e-9a7f-1234567890ab/*",
                "*://www.linkedin.com/*",
            ],
        ),
    );
    let f = rose(&out).expect("an alert");
    assert_eq!(f.site, "www.linkedin.com");
    assert!(phrase_keys(&f.message.args[3]).contains(&"capability_siteLogin".to_owned()));
    let report = engine
        .extension_reports()
        .into_iter()
        .find(|r| r.audit.id == "panel@fixture.test")
        .unwrap();
    assert!(report.audit.access_reported);
    assert!(!report
        .audit
        .capabilities
        .iter()
        .any(|c| c.capability.as_str() == "accessNotReported"));
}

#[test]
fn a_reload_reported_as_disabled_then_enabled_is_compared_with_how_it_stood_before() {
    let mut engine = Engine::new();
    inventory(
        &mut engine,
        1000,
        vec![ext(
            HELPER,
            "Helper",
            &["cookies"],
            &["https://www.linkedin.com/*"],
        )],
    );
    // An unpacked extension reloaded with more permissions: off, then on.
    let mut off = ext(
        HELPER,
        "Helper",
        &["cookies"],
        &["https://www.linkedin.com/*"],
    );
    off["enabled"] = json!(false);
    assert!(rose(&changed(&mut engine, 2000, "disabled", off)).is_none());
    let mut on = ext(HELPER, "Helper", &["cookies", "history"], &["<all_urls>"]);
    on["version"] = json!("1.1.0");
    let out = changed(&mut engine, 2500, "enabled", on);
    let f = rose(&out).expect("an alert");
    assert_eq!(phrase_keys(&f.message.args[1]), vec!["risk_high"]);
    assert_eq!(
        f.evidence.samples,
        vec!["1.0.0 → 1.1.0 · + <all_urls>, history".to_owned()]
    );
    // A first sight through a disable (an install reported as off, then on)
    // was not installed before.
    let mut new_off = ext(
        "dddddddddddddddddddddddddddddddd",
        "New",
        &["cookies"],
        &["<all_urls>"],
    );
    new_off["enabled"] = json!(false);
    changed(&mut engine, 3000, "disabled", new_off);
    let out = changed(
        &mut engine,
        3200,
        "enabled",
        ext(
            "dddddddddddddddddddddddddddddddd",
            "New",
            &["cookies"],
            &["<all_urls>"],
        ),
    );
    assert_eq!(
        phrase_keys(&rose(&out).expect("an alert").message.args[1]),
        vec!["prior_notInstalled"]
    );
    // Turned back on long after: it was disabled.
    let mut off = ext(HELPER, "Helper", &["cookies"], &["<all_urls>"]);
    off["enabled"] = json!(false);
    changed(&mut engine, 10_000, "disabled", off);
    let out = changed(
        &mut engine,
        90_000,
        "enabled",
        ext(HELPER, "Helper", &["cookies"], &["<all_urls>"]),
    );
    assert_eq!(
        phrase_keys(&rose(&out).expect("an alert").message.args[1]),
        vec!["prior_disabled"]
    );
}

#[test]
fn a_change_heard_before_the_first_inventory_is_still_a_change() {
    // The worker may hear an install before its first inventory is in.
    let mut engine = Engine::new();
    let out = changed(
        &mut engine,
        1000,
        "installed",
        ext(
            HELPER,
            "Login Reader",
            &["cookies"],
            &["https://www.linkedin.com/*"],
        ),
    );
    assert!(rose(&out).is_some(), "{:#?}", out.findings);
    // The first inventory then finds nothing new.
    let out = inventory(
        &mut engine,
        2000,
        vec![ext(
            HELPER,
            "Login Reader",
            &["cookies"],
            &["https://www.linkedin.com/*"],
        )],
    );
    assert!(rose(&out).is_none());
}

#[test]
fn a_finding_able_to_be_any_of_many_extensions_counts_those_it_does_not_list() {
    // Fourteen extensions able to act on every site: more than a finding
    // lists by name.
    let mut engine = Engine::new();
    let ids: Vec<String> = (0..14u8)
        .map(|i| String::from(char::from(b'a' + i)).repeat(32))
        .collect();
    inventory(
        &mut engine,
        1000,
        ids.iter()
            .enumerate()
            .map(|(i, id)| ext(id, &format!("Helper {i:02}"), &["storage"], &["<all_urls>"]))
            .collect(),
    );
    // Contact details shown on a profile, then sent hashed to a host by
    // nobody Vigie can name.
    for e in [
        json!({"type":"navigation","time":2000,"tabId":1,"url":"https://www.linkedin.com/in/chloe-nguyen/"}),
        json!({"type":"pageContact","time":2100,"tabId":1,"pageUrl":"https://www.linkedin.com/in/chloe-nguyen/overlay/contact-info/",
               "values":[{"kind":"email","value":"chloe@mapleandfinch.example"}]}),
        json!({"type":"request","time":2200,"tabId":1,"method":"GET","resourceType":"image",
               "url":"https://collect.leadbox.test/px?uid=18d5ab4b92c90d6ce1891abb5bd57d9cbbc6251ad171f38358a4bb5f8d56a78e"}),
    ] {
        let mut e = e;
        e["v"] = json!(1);
        engine.ingest_json(&e.to_string()).unwrap();
    }
    let leak = engine
        .findings("www.linkedin.com")
        .into_iter()
        .find(|f| f.kind == FindingKind::ContactExfiltration)
        .expect("the leak");
    let vigie::Actor::Unattributed { candidates, more } = &leak.actor else {
        panic!("named: {:?}", leak.actor);
    };
    assert_eq!((candidates.len(), *more), (10, 4));
    // Every one of the fourteen is told it could have done it, listed or not.
    let reports = engine.extension_reports();
    assert_eq!(reports.len(), 14);
    for r in &reports {
        assert_eq!(r.candidate_in, 1, "{:?}", r.audit.name);
    }
    // One no longer able to act on the site is not counted when unlisted.
    let unlisted = ids
        .iter()
        .find(|id| !candidates.iter().any(|c| &c.id == *id))
        .unwrap();
    changed(
        &mut engine,
        3000,
        "disabled",
        json!({"id": unlisted, "name": "Off now", "version": "1.0.0", "enabled": false,
               "installType": "normal", "type": "extension", "permissions": ["storage"],
               "hostPermissions": ["<all_urls>"]}),
    );
    let off = engine
        .extension_reports()
        .into_iter()
        .find(|r| &r.audit.id == unlisted)
        .unwrap();
    assert_eq!(off.candidate_in, 0);
}
