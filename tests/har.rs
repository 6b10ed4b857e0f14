//! HAR captures through the engine (`vigie::har`): the recorded fixture
//! sessions give the findings the extension raised in the same sessions,
//! the hand-written Firefox and Chromium exports give theirs, a clean
//! session gives none; malformed, truncated and oversized files give typed
//! errors or reported caps; mutated captures never panic.

use std::collections::BTreeSet;

use serde_json::Value;
use vigie::har::{self, Catalogue, HarErrorKind, HarLimits, Lang, Session};
use vigie::messages::vocabulary::Count;
use vigie::{Engine, Finding, FindingKind, Severity};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/har/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn audit(name: &str) -> har::Audit {
    har::audit(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn kinds(findings: &[&Finding]) -> BTreeSet<&'static str> {
    findings.iter().map(|f| f.kind.as_str()).collect()
}

fn find(audit: &har::Audit, kind: FindingKind) -> &Finding {
    audit
        .findings()
        .find(|f| f.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} finding in {:#?}", audit.sites))
}

/// The extension's findings on the recorded session, as the recorder saved them.
fn extension_findings(name: &str) -> Vec<Value> {
    serde_json::from_str(&fixture(&format!("{name}.extension.json"))).unwrap()
}

/// Same kinds, severities (but for what only the extension inventory can
/// raise), subjects and counts as the extension on the same session;
/// `matches` may be higher: the HAR holds the responses the contact values
/// came in, which the extension's hooks do not read.
fn same_as_extension(name: &str) {
    same_as_extension_watching(name, &[], &[]);
}

/// [`same_as_extension`], the person's own `watched` values given to the
/// audit as the extension's options page gave them in the session; the
/// extension's findings of the kinds in `hooks_only` (told by its
/// main-world hooks, of which a HAR holds no record) are left out of the
/// comparison, and the audit must not raise them.
fn same_as_extension_watching(name: &str, watched: &[&str], hooks_only: &[FindingKind]) {
    let audit = audit_watching(&fixture(&format!("{name}.har")), watched);
    let expected: Vec<Value> = extension_findings(name)
        .into_iter()
        .filter(|f| {
            let kind = FindingKind::parse(f["kind"].as_str().unwrap()).unwrap();
            !hooks_only.contains(&kind)
        })
        .collect();
    let ours: Vec<&Finding> = audit.findings().collect();
    let theirs: BTreeSet<&str> = expected
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds(&ours), theirs, "{name}: kinds");
    assert_eq!(ours.len(), expected.len(), "{name}: findings");
    for e in &expected {
        let kind = FindingKind::parse(e["kind"].as_str().unwrap()).unwrap();
        let f = find(&audit, kind);
        let subjects: BTreeSet<&str> = e["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let ours: BTreeSet<&str> = f.subjects.iter().map(String::as_str).collect();
        assert_eq!(ours, subjects, "{name} {kind}: subjects");
        for (count, value) in e["evidence"]["counts"].as_object().unwrap() {
            let value = value.as_u64().unwrap();
            let mine = f
                .evidence
                .counts
                .iter()
                .find(|(c, _)| c.as_str() == count)
                .map_or(0, |(_, n)| *n);
            if count == "matches" {
                assert!(mine >= value, "{name} {kind}: {count} {mine} < {value}");
            } else {
                assert_eq!(mine, value, "{name} {kind}: {count}");
            }
        }
        let destinations: Vec<&str> = e["evidence"]["destinations"]
            .as_array()
            .map(|d| d.iter().map(|s| s.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(
            f.evidence.destinations, destinations,
            "{name} {kind}: destinations"
        );
        if kind == FindingKind::InjectedUi {
            // The extension's id is in the HAR (the page loaded its file);
            // its name and the severity a known extension gets are not.
            assert_eq!(
                f.actor.key(),
                format!("ext:{}", e["actor"]["id"].as_str().unwrap())
            );
        } else {
            assert_eq!(
                serde_json::to_value(f.severity).unwrap(),
                e["severity"],
                "{name} {kind}: severity"
            );
        }
    }
}

#[test]
fn recorded_harvest_gives_the_extensions_findings() {
    same_as_extension("harvest-pattern-b");
}

#[test]
fn recorded_contact_lookup_gives_the_extensions_findings() {
    same_as_extension("contact-lookup-technique-1");
}

/// A capture audited with the person's own values watched.
fn audit_watching(text: &str, values: &[&str]) -> har::Audit {
    let engine = Engine::new();
    let capture = har::read(text, &engine, &HarLimits::default()).unwrap();
    let mut session = Session::new(engine, capture);
    let values = values
        .iter()
        .map(|v| har::parse_own_value(v).unwrap())
        .collect();
    session.watch(values).unwrap();
    session.step(usize::MAX);
    session.finish()
}

/// The boutique's customer, whose address the session's options page watched.
const SHOP_CUSTOMER: &str = "claire.martin@example.org";

#[test]
fn recorded_shop_leak_gives_the_extensions_findings_given_the_same_own_value() {
    // The account page's analytics tag read the pre-filled field: the
    // extension's hooks saw the read, which a HAR cannot.
    same_as_extension_watching(
        "shop-leaks",
        &[SHOP_CUSTOMER],
        &[FindingKind::FieldSniffing],
    );
    let hooks_told: Vec<String> = extension_findings("shop-leaks")
        .iter()
        .filter(|f| f["kind"] != "leakToThirdParty")
        .map(|f| format!("{}/{}", f["kind"], f["actor"]["origin"]))
        .collect();
    assert_eq!(
        hooks_told,
        [r#""fieldSniffing"/"https://cdn.mesurely.com""#],
        "only the hooks' findings are left out"
    );
}

#[test]
fn recorded_shop_session_without_the_value_or_with_another_gives_no_leak() {
    let text = fixture("shop-leaks.har");
    // What must not count is in the capture: the address in clear in the
    // shop's own order and first-party conversion, and a third party's
    // 64-hex device id; the tag's hash of the address is there too.
    assert!(text.contains(r#"\"email\":\"claire.martin@example.org\""#));
    assert!(text.contains("https://metrics.atelier-lumiere.fr/v1/conversion"));
    assert!(text.contains("https://sync.cartgraph.com/sync?uid="));
    assert!(text.contains("https://collect.mesurely.com/v2/e"));
    for watched in [&[][..], &["someone.else@example.org", "06 12 34 56 78"][..]] {
        let audit = audit_watching(&text, watched);
        assert_eq!(
            audit.findings().count(),
            0,
            "{watched:?}: {:#?}",
            audit.sites
        );
    }
    // With it, only the third party's hash is a leak, shown masked.
    let audit = audit_watching(&text, &[SHOP_CUSTOMER]);
    let destinations: Vec<&str> = audit
        .findings()
        .flat_map(|f| f.evidence.destinations.iter().map(String::as_str))
        .collect();
    assert_eq!(destinations, ["collect.mesurely.com"]);
    // The sentence writes the value (masked): no list of "profiles" follows.
    for lang in [Lang::En, Lang::Fr] {
        let text = har::render_text("f.har", &audit, Catalogue::get(lang));
        assert!(text.contains("c***@example.org"), "{text}");
        assert!(!text.contains("profil"), "{text}");
    }
    let json = serde_json::to_string(&audit).unwrap();
    assert!(!json.contains(SHOP_CUSTOMER), "never in clear: {json}");
    // The command line, given the value, says the same.
    let (code, out) = cli(&["--watch", SHOP_CUSTOMER, "tests/har/shop-leaks.har"]);
    assert_eq!(code, 0, "a warning: {out}");
    assert!(
        out.contains("c***@example.org → collect.mesurely.com/v2/e (SHA-256 + hex)"),
        "{out}"
    );
    assert!(!out.contains(SHOP_CUSTOMER), "{out}");
}

#[test]
fn recorded_clean_browse_gives_no_finding() {
    let audit = audit("clean-browse.har");
    assert_eq!(audit.findings().count(), 0, "{:#?}", audit.sites);
    assert!(extension_findings("clean-browse").is_empty());
    // The session did ask for contact details, with a click: the site's
    // own lookup went out, and is not a finding.
    assert!(
        fixture("clean-browse.har").contains("profileContactInfo")
            || fixture("clean-browse.har").contains("memberIdentity")
    );
    assert!(audit.summary.entries > 10 && audit.summary.pages >= 1);
}

#[test]
fn firefox_export_reads_offsets_and_form_params() {
    let audit = audit("firefox-export.har");
    assert_eq!(audit.summary.creator.as_deref(), Some("Firefox 128.0"));
    let harvest = find(&audit, FindingKind::HarvestNotInView);
    assert_eq!(harvest.severity, Severity::High);
    assert_eq!(
        harvest.subjects,
        ["bruno-keller", "chloe-nguyen", "david-okafor"]
    );
    assert_eq!(harvest.evidence.destinations, ["api.crm-sync.example"]);
    let leak = find(&audit, FindingKind::ContactExfiltration);
    assert_eq!(leak.severity, Severity::High);
    assert!(leak.evidence.encodings.iter().any(|e| e.as_str() == "url"));
    assert_eq!(audit.worst(), Some(Severity::High));
    let linkedin = audit
        .summary
        .servers
        .iter()
        .find(|s| s.host == "www.linkedin.com")
        .unwrap();
    assert_eq!(linkedin.addresses, ["13.107.42.14"]);
    assert_eq!(linkedin.requests, 5);
}

#[test]
fn chromium_export_reads_resource_types_and_a_base64_beacon() {
    let audit = audit("chromium-devtools.har");
    assert_eq!(
        audit.summary.creator.as_deref(),
        Some("WebInspector 537.36")
    );
    let unasked = find(&audit, FindingKind::ContactWithoutGesture);
    assert_eq!(unasked.severity, Severity::Warning);
    assert_eq!(unasked.subjects, ["alice-martin"]);
    // The lookup's answer is the profile's contact data: its e-mail, sent
    // base64-encoded in a beacon, is matched by value.
    let leak = find(&audit, FindingKind::ContactExfiltration);
    assert_eq!(leak.evidence.destinations, ["track.adsync.example"]);
    assert!(leak
        .evidence
        .encodings
        .iter()
        .any(|e| e.as_str() == "base64"));
    assert!(
        leak.evidence.notes.is_empty(),
        "a value match, not a shape: {:?}",
        leak.evidence.notes
    );
    let tracker = audit
        .summary
        .servers
        .iter()
        .find(|s| s.host == "track.adsync.example")
        .unwrap();
    assert_eq!(tracker.addresses, ["198.51.100.7"]);
    let linkedin = audit
        .summary
        .servers
        .iter()
        .find(|s| s.host == "www.linkedin.com")
        .unwrap();
    assert_eq!(
        linkedin.addresses,
        ["2620:1ec:21::14"],
        "brackets of IPv6 addresses dropped"
    );
}

#[test]
fn findings_read_the_same_as_the_popup_in_english_and_french() {
    let audit = audit("firefox-export.har");
    let text_en = har::render_text("f.har", &audit, Catalogue::get(Lang::En));
    let text_fr = har::render_text("f.har", &audit, Catalogue::get(Lang::Fr));
    assert!(text_en.contains("fetched the contact details of 3 profiles you did not open and sent them to api.crm-sync.example"), "{text_en}");
    assert!(text_fr.contains("3 profils"), "{text_fr}");
    // A harvest's profiles, which its sentence only counts, are listed.
    assert!(text_en.contains("3 profiles: "), "{text_en}");
    assert!(text_fr.contains("api.crm-sync.example"));
    for text in [&text_en, &text_fr] {
        assert!(!text.contains('$'), "an unfilled placeholder: {text}");
        let raw_key = text
            .match_indices("finding")
            .any(|(at, _)| text[at + 7..].starts_with(|c: char| c.is_ascii_uppercase()));
        assert!(!raw_key, "a raw key: {text}");
    }
}

#[test]
fn malformed_input_gives_typed_errors() {
    let cases: &[(&str, HarErrorKind)] = &[
        ("", HarErrorKind::Truncated),
        ("not json", HarErrorKind::NotJson),
        ("[1,2,3]", HarErrorKind::NotHar),
        (r#"{"log":{}}"#, HarErrorKind::NotHar),
        (r#"{"log":{"entries":{}}}"#, HarErrorKind::NotHar),
        (
            r#"{"log":{"version":"3.0","entries":[]}}"#,
            HarErrorKind::UnsupportedVersion,
        ),
        (
            r#"{"log":{"entries":[{"startedDateTime":"yesterday","request":{"method":"GET","url":"https://a.example/"}}]}}"#,
            HarErrorKind::NotHar,
        ),
    ];
    for (text, kind) in cases {
        let e = har::audit(text).expect_err(text);
        assert_eq!(e.kind(), *kind, "{text}: {e}");
        assert!(!e.message().is_empty());
    }
    let engine = Engine::new();
    let e = har::read_bytes(b"\xff\xfe{}", &engine, &HarLimits::default()).unwrap_err();
    assert_eq!(e.kind(), HarErrorKind::NotJson);
}

#[test]
fn a_truncated_capture_is_refused_whole() {
    let text = fixture("harvest-pattern-b.har");
    for cut in [text.len() / 3, text.len() / 2, text.len() - 10] {
        let mut end = cut;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let e = har::audit(&text[..end]).unwrap_err();
        assert_eq!(e.kind(), HarErrorKind::Truncated, "cut at {end}: {e}");
    }
}

#[test]
fn files_over_the_size_cap_are_refused_and_extra_entries_reported() {
    let engine = Engine::new();
    let text = fixture("firefox-export.har");
    let small = HarLimits {
        max_bytes: 100,
        ..HarLimits::default()
    };
    assert_eq!(
        har::read(&text, &engine, &small).unwrap_err().kind(),
        HarErrorKind::TooLarge
    );
    let few = HarLimits {
        max_entries: 2,
        ..HarLimits::default()
    };
    let capture = har::read(&text, &engine, &few).unwrap();
    assert_eq!(capture.summary.entries, 2);
    assert_eq!(capture.caps.len(), 1);
    assert_eq!(capture.caps[0].left_out, 4);
}

#[test]
fn huge_bodies_and_fields_are_cut_and_reported() {
    let big = "x".repeat(300_000);
    let text = format!(
        r#"{{"log":{{"entries":[{{"startedDateTime":"2025-01-01T00:00:00Z","request":{{"method":"POST","url":"https://a.example/{big}","postData":{{"text":"{big}"}}}}}},
        {{"startedDateTime":"2025-01-01T00:00:01Z","request":{{"method":"POST","url":"https://a.example/b","postData":{{"encoding":"base64","text":"{b64}"}}}}}}]}}}}"#,
        b64 = "QUJD".repeat(100_000)
    );
    let audit = har::audit(&text).unwrap();
    let caps: BTreeSet<&str> = audit
        .health
        .caps_reached
        .iter()
        .map(|c| c.what.as_str())
        .collect();
    assert!(
        caps.contains("fieldBytes") && caps.contains("bodyBytes"),
        "{caps:?}"
    );
    assert_eq!(audit.health.rejected_events, 0);
}

#[test]
fn sessions_fed_in_steps_end_as_one_run() {
    let text = fixture("harvest-pattern-b.har");
    let engine = Engine::new();
    let capture = har::read(&text, &engine, &HarLimits::default()).unwrap();
    let mut session = Session::new(engine, capture);
    let mut steps = 0;
    while !session.step(3) {
        steps += 1;
    }
    assert!(steps > 3);
    let stepped = session.finish();
    let whole = har::audit(&text).unwrap();
    assert_eq!(stepped.sites, whole.sites);
}

/// A small deterministic generator (xorshift), so that a failure replays.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_captures_never_panic() {
    let seeds = [
        fixture("firefox-export.har"),
        fixture("chromium-devtools.har"),
        fixture("contact-lookup-technique-1.har"),
    ];
    let inputs: usize = std::env::var("VIGIE_HAR_FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(600);
    let mut rng = Rng(0x5eed_4a12_0000_0001);
    let pieces = [
        "\"",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "null",
        "-1",
        "1e308",
        "\"base64\"",
        "\"1.2\"",
        "\"2025-13-40T99:99:99Z\"",
        "\"pageref\":\"nope\"",
        "\\u0000",
        "é",
        "\"document\"",
        "\"https://www.linkedin.com/in/x/\"",
    ];
    let mut parsed = 0;
    for i in 0..inputs {
        let seed = &seeds[i % seeds.len()];
        let mut bytes = seed.as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => {
                    let piece = pieces[rng.below(pieces.len())].as_bytes();
                    bytes.splice(at..at, piece.iter().copied());
                }
                1 => {
                    let end = (at + 1 + rng.below(40)).min(bytes.len());
                    bytes.drain(at..end);
                }
                _ => bytes[at] = rng.next() as u8,
            }
        }
        let engine = Engine::new();
        if let Ok(capture) = har::read_bytes(&bytes, &engine, &HarLimits::default()) {
            let mut session = Session::new(engine, capture);
            session.step(usize::MAX);
            let audit = session.finish();
            for lang in Lang::ALL {
                har::render_text("fuzz", &audit, Catalogue::get(*lang));
            }
            parsed += 1;
        }
    }
    println!("{inputs} mutated captures, {parsed} still HAR");
}

/// The command line, as a CI job runs it.
fn cli(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vigie-audit"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "C")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_command_line_exits_by_the_worst_finding_and_on_unreadable_input() {
    let (code, text) = cli(&["tests/har/clean-browse.har"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = cli(&[
        "tests/har/chromium-devtools.har",
        "tests/har/clean-browse.har",
    ]);
    assert_eq!(code, 1, "a high finding: {text}");
    assert!(
        text.contains("www.linkedin.com") && text.contains("track.adsync.example"),
        "{text}"
    );
    let (code, text) = cli(&["tests/har/clean-browse.har", "tests/har/no-such-file.har"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("no-such-file.har: Unreadable"), "{text}");
    let (code, _) = cli(&["--lang", "xx", "tests/har/clean-browse.har"]);
    assert_eq!(code, 2);
}

#[test]
fn the_command_line_writes_json_with_sentences_in_the_language_asked() {
    let (code, text) = cli(&[
        "--json",
        "--lang",
        "fr",
        "tests/har/firefox-export.har",
        "tests/har/clean-browse.har",
    ]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["lang"], "fr");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        2,
        "in the order given, whatever finished first"
    );
    assert_eq!(files[0]["file"], "tests/har/firefox-export.har");
    let findings = files[0]["sites"][0]["findings"].as_array().unwrap();
    let harvest = findings
        .iter()
        .find(|f| f["kind"] == "harvestNotInView")
        .unwrap();
    assert!(
        harvest["sentence"].as_str().unwrap().contains("3 profils"),
        "{harvest}"
    );
    assert_eq!(files[1]["sites"].as_array().unwrap().len(), 0);
}

/// A capture of a shop's account page whose analytics tag sends the SHA-256
/// of the signed-in person's e-mail to its own host (the boutique's
/// `mesurely` tag): nothing in it says the value is personal until the
/// person says it is theirs.
fn shop_capture(email: &str) -> String {
    use sha2::{Digest, Sha256};
    let hash: String = Sha256::digest(email.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let entry = |url: &str, method: &str, at: &str, post: Option<String>| {
        serde_json::json!({
            "pageref": "page_1", "startedDateTime": at, "time": 12,
            "request": { "method": method, "url": url, "httpVersion": "HTTP/2", "headers": [],
                "queryString": [], "cookies": [], "headersSize": -1, "bodySize": -1,
                "postData": post.map(|text| serde_json::json!({
                    "mimeType": "application/x-www-form-urlencoded", "text": text })) },
            "response": { "status": 200, "statusText": "", "httpVersion": "HTTP/2", "headers": [],
                "cookies": [], "content": { "size": 0, "mimeType": "text/html" },
                "redirectURL": "", "headersSize": -1, "bodySize": 0 },
            "cache": {}, "timings": { "send": 1, "wait": 10, "receive": 1 }
        })
    };
    let batch = format!("[{{\"e\":\"identify\",\"em\":\"{hash}\"}}]");
    let body: String = batch.chars().fold("data=".to_owned(), |mut out, c| {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            _ => out.push_str(&format!("%{:02X}", c as u32)),
        }
        out
    });
    serde_json::json!({ "log": {
        "version": "1.2", "creator": { "name": "Playwright", "version": "1.49" },
        "pages": [{ "id": "page_1", "startedDateTime": "2026-11-30T10:00:00.000Z",
            "title": "Mon compte", "pageTimings": {} }],
        "entries": [
            entry("https://www.atelier-lumiere.fr/compte", "GET", "2026-11-30T10:00:00.000Z", None),
            entry("https://collect.mesurely.com/v1/batch", "POST", "2026-11-30T10:00:01.500Z", Some(body)),
        ]
    }})
    .to_string()
}

/// `text` written to a file of its own under the target directory.
fn temp_file(name: &str, text: &str) -> String {
    let dir = format!("{}/har-tests", env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = format!("{dir}/{name}");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn own_values_make_a_hashed_e_mail_a_leak_only_once_named() {
    let email = "claire.martin@example.org";
    let text = shop_capture(email);
    let leaks = |audit: &har::Audit| {
        audit
            .findings()
            .filter(|f| f.kind == FindingKind::LeakToThirdParty)
            .cloned()
            .collect::<Vec<_>>()
    };
    // Without the value, a 64-hex string in an analytics batch means nothing.
    assert!(leaks(&har::audit(&text).unwrap()).is_empty());
    let with = |values: Vec<vigie::messages::event::ContactValue>| {
        let engine = Engine::new();
        let capture = har::read(&text, &engine, &HarLimits::default()).unwrap();
        let mut session = Session::new(engine, capture);
        session.watch(values).unwrap();
        session.step(usize::MAX);
        session.finish()
    };
    // Someone else's address (and the person's phone) are not in it.
    let other = with(vec![
        har::parse_own_value("someone.else@example.org").unwrap(),
        har::parse_own_value("06 12 34 56 78").unwrap(),
    ]);
    assert!(leaks(&other).is_empty(), "{:#?}", other.sites);
    // Theirs, typed in capitals as people do, is.
    let audit = with(vec![har::parse_own_value(&email.to_uppercase()).unwrap()]);
    let found = leaks(&audit);
    assert_eq!(found.len(), 1, "{:#?}", audit.sites);
    let leak = &found[0];
    assert_eq!(leak.site, "www.atelier-lumiere.fr");
    assert_eq!(leak.evidence.destinations, ["collect.mesurely.com"]);
    assert!(leak
        .evidence
        .encodings
        .iter()
        .any(|e| e.as_str() == "sha256"));
    assert_eq!(leak.evidence.data_kinds[0].as_str(), "email");
    let json = serde_json::to_string(&audit).unwrap();
    assert!(!json.contains(email), "never in clear: {json}");
}

#[test]
fn the_command_line_watches_values_given_and_from_a_file_and_prints_them_masked() {
    let email = "claire.martin@example.org";
    let capture = temp_file("shop-account.har", &shop_capture(email));
    let hash_start = {
        use sha2::{Digest, Sha256};
        format!(
            "{:02x}{:02x}{:02x}",
            Sha256::digest(email)[0],
            Sha256::digest(email)[1],
            Sha256::digest(email)[2]
        )
    };
    let (code, text) = cli(&[&capture]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("collect.mesurely.com"), "{text}");

    let (code, text) = cli(&["--watch", email, &capture]);
    assert!(
        text.contains("[Warning] Personal data sent") && text.contains("c***@example.org"),
        "{text}"
    );
    assert_eq!(code, 0, "a warning, not a high finding: {text}");
    assert!(
        !text.contains(email) && !text.contains("claire.martin"),
        "{text}"
    );

    let list = temp_file(
        "watched.txt",
        &format!(
            "# my values\n\n  {}  \n06 12 34 56 78\nname:Claire Martin\n",
            email.to_uppercase()
        ),
    );
    let (code, text) = cli(&["--json", "--watch-file", &list, &capture]);
    assert_eq!(code, 0, "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let watched: Vec<(String, String)> = doc["watched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap().to_owned(),
                w["masked"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        watched,
        [
            ("email".to_owned(), "c***@example.org".to_owned()),
            ("phone".to_owned(), "06 1* ** ** 78".to_owned()),
            ("name".to_owned(), "C*** M***".to_owned()),
        ]
    );
    let leak = doc["files"][0]["sites"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "leakToThirdParty")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(leak["evidence"]["destinations"][0], "collect.mesurely.com");
    assert!(
        !text.contains(email) && !text.contains(&hash_start),
        "never in clear: {text}"
    );

    // A value that is not one says which, without echoing it; nothing is audited.
    let (code, text) = cli(&["--watch", email, "--watch", "phone:12 34", &capture]);
    assert_eq!((code, text.as_str()), (2, ""));
    let bad = temp_file(
        "bad-watched.txt",
        "claire@example.org\nemail:claire at example\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vigie-audit"))
        .args(["--watch-file", &bad, &capture])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("line 2: not taken: not an e-mail address"),
        "{stderr}"
    );
    assert!(!stderr.contains("claire"), "{stderr}");
}

/// A browser's developer tools export of one tab that went from profile to
/// profile, `gap_ms` apart: the exporter starts a HAR page at each
/// navigation (Chromium titles it with the URL, Firefox with the document's
/// title). With another `creator`, the same file reads as a page per tab.
fn profile_walk(creator: &str, profiles: usize, gap_ms: i64) -> String {
    let start = 1_796_040_000_000i64;
    let at = |ms: i64| {
        let t = time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000).unwrap();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            t.month() as u8,
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    };
    let mut pages = vec![];
    let mut entries = vec![];
    for n in 0..profiles {
        let url = format!("https://www.linkedin.com/in/member-{n:02}/");
        let id = format!("page_{}", n + 1);
        let when = at(start + n as i64 * gap_ms);
        let title = if creator == "Firefox" {
            format!("Member {n} | LinkedIn")
        } else {
            url.clone()
        };
        pages.push(serde_json::json!({
            "id": id, "startedDateTime": when, "title": title, "pageTimings": {}
        }));
        entries.push(serde_json::json!({
            "pageref": id, "startedDateTime": when, "time": 40,
            "request": { "method": "GET", "url": url, "httpVersion": "HTTP/2",
                "headers": [{ "name": "Sec-Fetch-Dest", "value": "document" }],
                "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
            "response": { "status": 200, "statusText": "", "httpVersion": "HTTP/2", "headers": [],
                "cookies": [], "content": { "size": 0, "mimeType": "text/html; charset=utf-8" },
                "redirectURL": "", "headersSize": -1, "bodySize": 0 },
            "cache": {}, "timings": { "send": 1, "wait": 30, "receive": 9 }
        }));
    }
    serde_json::json!({ "log": {
        "version": "1.2", "creator": { "name": creator, "version": "1" },
        "pages": pages, "entries": entries
    }})
    .to_string()
}

#[test]
fn developer_tools_exports_are_one_tab_and_their_crawl_is_found() {
    for creator in ["WebInspector", "Firefox"] {
        assert!(har::one_tab_exporter(creator));
        let audit = har::audit(&profile_walk(creator, 12, 1_000)).unwrap();
        assert_eq!(
            (audit.summary.pages, audit.summary.tabs),
            (12, 1),
            "{creator}"
        );
        let crawl = find(&audit, FindingKind::BulkCrawl);
        assert_eq!(crawl.site, "www.linkedin.com");
        assert_eq!(crawl.subjects.len(), 12, "{creator}: {:?}", crawl.subjects);
        assert_eq!(crawl.subjects[0], "member-00");
        // A person reading the same profiles, half a minute each, is not.
        let audit = har::audit(&profile_walk(creator, 12, 30_000)).unwrap();
        assert_eq!(audit.summary.tabs, 1);
        assert_eq!(audit.findings().count(), 0, "{creator}: {:#?}", audit.sites);
    }
}

#[test]
fn a_long_crawl_says_how_many_pages_one_window_held_and_lists_them_all() {
    // 40 profiles, one a second: every one is listed, but no 15 seconds
    // held more than 16 of them, and the sentence says "N pages in 15 s".
    let audit = har::audit(&profile_walk("WebInspector", 40, 1_000)).unwrap();
    let crawl = find(&audit, FindingKind::BulkCrawl);
    assert_eq!(crawl.subjects.len(), 40);
    let pages = crawl.count(Count::PagesOpened);
    assert!(
        (10..=16).contains(&pages),
        "{pages} pages said opened in one window"
    );
    assert_eq!(crawl.count(Count::WindowSeconds), 15);
}

#[test]
fn other_exporters_keep_a_tab_per_page() {
    for creator in ["Playwright", "vigie synthetic", "WebInspectorX"] {
        assert!(!har::one_tab_exporter(creator));
        let audit = har::audit(&profile_walk(creator, 12, 1_000)).unwrap();
        assert_eq!(
            (audit.summary.pages, audit.summary.tabs),
            (12, 12),
            "{creator}"
        );
        assert_eq!(audit.findings().count(), 0, "{creator}: {:#?}", audit.sites);
    }
    // The recorded sessions (Playwright, a tab each) read as before.
    let recorded = audit("harvest-pattern-b.har");
    assert_eq!(recorded.summary.tabs, recorded.summary.pages);
}

#[test]
fn request_headers_keep_the_site_models_first_and_drop_the_browsers_own() {
    // Forty headers a page's script set, then LinkedIn's client header: the
    // engine keeps 32, the site model's among them. Cookies, the user agent
    // and HTTP/2's pseudo-headers are the browser's, and a sign-in token is
    // no value of the page's: none is passed on.
    let mut headers: Vec<String> = (0..40)
        .map(|i| format!(r#"{{"name":"X-Custom-{i}","value":"v{i}"}}"#))
        .collect();
    for (name, value) in [
        ("x-li-track", "{}"),
        ("Cookie", "li_at=secret"),
        ("User-Agent", "Mozilla/5.0"),
        (":path", "/voyager/api/me"),
        ("Authorization", "Bearer secret"),
    ] {
        headers.push(format!(r#"{{"name":"{name}","value":"{value}"}}"#));
    }
    let text = format!(
        r#"{{"log":{{"entries":[{{"startedDateTime":"2025-01-01T00:00:00Z","request":{{"method":"GET","url":"https://www.linkedin.com/voyager/api/me","headers":[{}]}}}}]}}}}"#,
        headers.join(",")
    );
    let engine = Engine::new();
    let capture = har::read(&text, &engine, &HarLimits::default()).unwrap();
    let request = capture
        .events
        .iter()
        .find_map(|c| match &c.event {
            vigie::Event::Request { headers, .. } => Some(headers.clone()),
            _ => None,
        })
        .expect("the entry's request");
    let names: Vec<&str> = request.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names.len(), 32, "{names:?}");
    assert_eq!(names[0], "x-li-track");
    assert_eq!(names[1], "x-custom-0");
    for browser in ["cookie", "user-agent", ":path", "authorization"] {
        assert!(!names.contains(&browser), "{browser} in {names:?}");
    }
}

/// A checkout page with a live chat whose WebSocket frames the developer
/// tools export kept (`_webSocketMessages`): what the page sent, and what
/// the chat's server sent back.
fn chat_capture(sent: &[(u8, &str)], received: &[&str]) -> String {
    use base64::Engine as _;
    let mut frames = vec![];
    for (i, text) in received.iter().enumerate() {
        frames.push(serde_json::json!({ "type": "receive", "time": 1_796_032_801.0 + i as f64 * 0.1, "opcode": 1, "data": text }));
    }
    for (i, (opcode, text)) in sent.iter().enumerate() {
        let data = if *opcode == 2 {
            base64::engine::general_purpose::STANDARD.encode(text)
        } else {
            (*text).to_owned()
        };
        frames.push(serde_json::json!({ "type": "send", "time": 1_796_032_802.0 + i as f64 * 0.1, "opcode": opcode, "data": data }));
    }
    let entry = |url: &str, kind: &str, at: &str| {
        serde_json::json!({
            "pageref": "page_1", "startedDateTime": at, "time": 12, "_resourceType": kind,
            "request": { "method": "GET", "url": url, "httpVersion": "HTTP/1.1", "headers": [],
                "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
            "response": { "status": 200, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [],
                "cookies": [], "content": { "size": 0, "mimeType": "text/html" },
                "redirectURL": "", "headersSize": -1, "bodySize": 0 },
            "cache": {}, "timings": { "send": 1, "wait": 10, "receive": 1 }
        })
    };
    let mut socket = entry(
        "wss://ws.tchatbox.io/socket.io/?EIO=4&transport=websocket",
        "websocket",
        "2026-11-30T10:00:00.500Z",
    );
    socket["_webSocketMessages"] = serde_json::Value::Array(frames);
    serde_json::json!({ "log": {
        "version": "1.2", "creator": { "name": "WebInspector", "version": "537.36" },
        "pages": [{ "id": "page_1", "startedDateTime": "2026-11-30T10:00:00.000Z",
            "title": "https://www.atelier-lumiere.fr/commande", "pageTimings": {} }],
        "entries": [
            entry("https://www.atelier-lumiere.fr/commande", "document", "2026-11-30T10:00:00.000Z"),
            socket,
        ]
    }})
    .to_string()
}

#[test]
fn messages_a_page_sent_over_a_websocket_in_a_developer_tools_export_are_searched() {
    let card = r#"42["visitor:update",{"email":"claire.martin@example.org"}]"#;
    // Sent as text, and as a binary frame.
    for opcode in [1, 2] {
        let audit = audit_watching(
            &chat_capture(&[(1, "40"), (opcode, card)], &[]),
            &[SHOP_CUSTOMER],
        );
        let found: Vec<&Finding> = audit.findings().collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].kind, FindingKind::LeakToThirdParty);
        assert_eq!(found[0].evidence.destinations, ["ws.tchatbox.io"]);
        // The browser's own record of the frame, not a read in the page.
        assert_eq!(
            found[0].confidence,
            vigie::messages::finding::Confidence::Confirmed
        );
        assert!(!found[0]
            .evidence
            .notes
            .contains(&vigie::messages::vocabulary::Note::BodyReadInPage));
    }
    // What the chat's server sent the page is no leak of the page's.
    let audit = audit_watching(&chat_capture(&[(1, "40")], &[card]), &[SHOP_CUSTOMER]);
    assert_eq!(audit.findings().count(), 0);
    // Nor is a frame of a socket to the site itself.
    let own = chat_capture(&[(1, card)], &[])
        .replace("wss://ws.tchatbox.io/", "wss://www.atelier-lumiere.fr/");
    assert_eq!(audit_watching(&own, &[SHOP_CUSTOMER]).findings().count(), 0);
}

#[test]
fn a_websockets_many_frames_are_searched_in_batches_and_a_huge_one_is_cut() {
    // 100 frames, the address in the last: past one batch of parts.
    let mut frames: Vec<(u8, String)> = (0..99)
        .map(|i| (1, format!("42[\"typing\",{{\"n\":{i}}}]")))
        .collect();
    frames.push((
        1,
        r#"42["visitor",{"email":"claire.martin@example.org"}]"#.to_owned(),
    ));
    let sent: Vec<(u8, &str)> = frames.iter().map(|(o, t)| (*o, t.as_str())).collect();
    let audit = audit_watching(&chat_capture(&sent, &[]), &[SHOP_CUSTOMER]);
    assert_eq!(audit.findings().count(), 1);
    // A frame as large as a body of messages holds is read whole, the
    // address at its end, with no cap said to be reached.
    let large = format!("{} {}", "x".repeat(65_536 - 200), SHOP_CUSTOMER);
    let audit = audit_watching(&chat_capture(&[(1, &large)], &[]), &[SHOP_CUSTOMER]);
    assert_eq!(audit.findings().count(), 1);
    assert_eq!(audit.health.caps_reached, vec![], "{:?}", audit.health);
    // A frame over the engine's body size is cut there: the address after it is not read, and nothing breaks.
    let huge = format!("{} {}", "x".repeat(200_000), SHOP_CUSTOMER);
    let audit = audit_watching(&chat_capture(&[(1, &huge)], &[]), &[SHOP_CUSTOMER]);
    assert_eq!(audit.findings().count(), 0);
    assert_eq!(audit.health.rejected_events, 0);
}
