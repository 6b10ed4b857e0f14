//! Leak detection end to end in the core: the person's values, typed or
//! watched, found in what leaves for third parties in every form the
//! matcher knows — checked against values made by another implementation
//! (Python's standard library, `tests/fixtures/leaks/round_trip.json`) —
//! and never found in ordinary traffic; and the values never written to a
//! snapshot.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};
use vigie::matching::matcher::Matcher;
use vigie::messages::event::{ContactValue, DataKind};
use vigie::{Engine, ErrorKind, FindingKind};

fn value(kind: DataKind, value: &str) -> ContactValue {
    ContactValue {
        kind,
        value: value.to_owned(),
    }
}

fn kind_of(text: &str) -> DataKind {
    DataKind::parse(text).unwrap_or_else(|| panic!("no data kind {text}"))
}

#[test]
fn every_hash_form_and_layer_made_by_another_implementation_is_found() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/leaks/round_trip.json"
    );
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 600, "{} cases", cases.len());
    let mut missed = vec![];
    for case in cases {
        let kind = kind_of(case["kind"].as_str().unwrap());
        let matcher = Matcher::new(&[value(kind, case["value"].as_str().unwrap())]).unwrap();
        let body: Vec<u8> = match (case["body"].as_str(), case["bodyBase64"].as_str()) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(b64)) => STANDARD.decode(b64).unwrap(),
            (None, None) => vec![],
        };
        let found = matcher.scan(
            case["url"].as_str().unwrap(),
            &body,
            case["contentEncoding"].as_str(),
        );
        let chain: Vec<&str> = case["chain"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect();
        let chains: Vec<Vec<&str>> = found
            .iter()
            .map(|m| m.encodings.iter().map(|e| e.as_str()).collect())
            .collect();
        if !chains.contains(&chain) {
            missed.push(format!("{chain:?} not in {chains:?}: {case}"));
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {} missed:\n{}",
        missed.len(),
        cases.len(),
        missed[..missed.len().min(10)].join("\n")
    );
}

/// A small deterministic generator: the same corpus on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'a' + self.below(26) as u8))
            .collect()
    }
    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16)]))
            .collect()
    }
    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-a{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.hex(3),
            self.hex(12)
        )
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// One ordinary request body: analytics events, ids, base64 and
/// compressed blobs, random bytes — no personal value of anyone watched.
fn ordinary_body(rng: &mut Rng, i: usize) -> (String, Vec<u8>, Option<&'static str>) {
    let events: Vec<String> = (0..1 + rng.below(8))
        .map(|n| {
            format!(
                r#"{{"event":"{}","ts":{},"anonymousId":"{}","sessionId":"{}","props":{{"path":"/{}/{}","w":{},"ref":"https://{}.example/?q={}","hash":"{}"}}}}"#,
                rng.word(8),
                1_732_370_000_000u64 + n as u64 * 977 + rng.below(1000) as u64,
                rng.uuid(),
                rng.hex(32),
                rng.word(6),
                rng.word(9),
                rng.below(4000),
                rng.word(7),
                rng.word(5),
                rng.hex(64),
            )
        })
        .collect();
    let json = format!(
        r#"{{"batch":[{}],"sentAt":"2026-11-30T10:00:00Z"}}"#,
        events.join(",")
    );
    let url = format!(
        "https://collect.{}.example/v1/{}?cid={}&_={}",
        rng.word(6),
        rng.word(4),
        rng.uuid(),
        rng.next() % 10_000_000_000_000
    );
    match i % 7 {
        0 => (url, json.into_bytes(), None),
        1 => (
            url,
            format!("data={}", STANDARD.encode(&json)).into_bytes(),
            None,
        ),
        2 => (
            url,
            miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 6),
            Some("deflate"),
        ),
        3 => (
            url,
            format!(
                "{{\"blob\":\"{}\",\"id\":\"{}\"}}",
                URL_SAFE_NO_PAD.encode(rng.bytes(300)),
                rng.hex(40)
            )
            .into_bytes(),
            None,
        ),
        4 => (url, rng.bytes(2000), None),
        // Text in a script past U+0800, and random characters from
        // lz-string's compressToUTF16 range: neither is its output.
        5 => {
            let random: String = (0..8 + rng.below(400))
                .filter_map(|_| char::from_u32(0x20 + rng.below(0x8000) as u32))
                .collect();
            let text = "我们如何收集和使用您的个人信息以及您的权利。".repeat(1 + rng.below(5));
            (
                url,
                serde_json::json!({ "t": random, "title": text, "id": rng.hex(16) })
                    .to_string()
                    .into_bytes(),
                None,
            )
        }
        _ => (
            url,
            format!(
                "e={}&sid={}&tz=Europe%2FParis&sr=1920x1080&ul=fr-fr&dt={}",
                rng.word(5),
                rng.uuid(),
                rng.word(12)
            )
            .into_bytes(),
            None,
        ),
    }
}

#[test]
fn ten_thousand_ordinary_bodies_match_nothing() {
    let matcher = Matcher::new(&[
        value(DataKind::Email, "chloe.nguyen+work@gmail.com"),
        value(DataKind::Email, "alice.martin@corp.example.com"),
        value(DataKind::Phone, "+33 6 12 34 56 78"),
        value(DataKind::Phone, "(415) 555-0199"),
        value(DataKind::Name, "Chloé Nguyen"),
        value(DataKind::Custom, "Opal-Ticket-7731"),
    ])
    .unwrap();
    let mut rng = Rng(0x0dd_ba11);
    let mut false_matches = vec![];
    for i in 0..10_000 {
        let (url, body, encoding) = ordinary_body(&mut rng, i);
        let found = matcher.scan(&url, &body, encoding);
        if !found.is_empty() {
            false_matches.push(format!("{i}: {found:?} in {url}"));
        }
    }
    assert!(false_matches.is_empty(), "{false_matches:#?}");
}

/// An engine whose tab 5 shows `page`, where `address` was typed into an
/// e-mail field.
fn typed_in_tab_5(page: &str, address: &str) -> Engine {
    let mut engine = Engine::new();
    ingest(
        &mut engine,
        json!({"type":"navigation","time":1,"tabId":5,"url":page}),
    );
    ingest(
        &mut engine,
        json!({"type":"formInput","time":2,"tabId":5,"pageUrl":page,"field":"email","value":address}),
    );
    engine
}

/// How many of `out`'s findings are leaks before submit.
fn before_submit(out: &vigie::Ingested) -> usize {
    out.findings
        .iter()
        .filter(|f| f.kind == FindingKind::LeakBeforeSubmit)
        .count()
}

fn ingest(engine: &mut Engine, event: Value) -> vigie::Ingested {
    let mut event = event;
    event["v"] = json!(1);
    engine
        .ingest_json(&event.to_string())
        .unwrap_or_else(|e| panic!("{event}: {e}"))
}

fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_snapshot_after_watched_values_holds_none_of_them_in_any_form() {
    let mut engine = Engine::new();
    ingest(
        &mut engine,
        json!({"type":"watchedValues","time":1,"values":[
            {"kind":"email","value":"Canary.Person@Example.org"},
            {"kind":"phone","value":"+33 6 11 22 33 44"},
            {"kind":"name","value":"Canary Person"},
            {"kind":"custom","value":"Canary-Ticket-4242"}]}),
    );
    ingest(
        &mut engine,
        json!({"type":"navigation","time":2,"tabId":3,"url":"https://shop.example/"}),
    );
    let hashed = sha256_hex("canary.person@example.org");
    ingest(
        &mut engine,
        json!({"type":"request","time":3,"tabId":3,"method":"GET","resourceType":"image",
               "url":format!("https://px.tracker.example/p?em={hashed}&t=canary-ticket-4242")}),
    );
    let findings = engine.all_findings();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].kind, FindingKind::LeakToThirdParty);
    let snapshot = engine.snapshot().to_lowercase();
    let mut forms = vec![];
    for v in [
        "canary.person@example.org",
        "canaryperson@example.org",
        "+33611223344",
        "33611223344",
        "0611223344",
        "canary person",
        "canary-ticket-4242",
    ] {
        forms.push(v.to_owned());
        forms.push(STANDARD.encode(v).to_lowercase());
        forms.push(URL_SAFE_NO_PAD.encode(v).to_lowercase());
        forms.push(v.bytes().map(|b| format!("{b:02x}")).collect());
        forms.push(sha256_hex(v));
        forms.push(v.replace('@', "%40"));
    }
    forms.extend(["11 22 33 44".to_owned(), "canary+person".to_owned()]);
    for form in forms {
        assert!(!snapshot.contains(&form), "{form} in the snapshot");
    }
    // Restored, the engine has no watched values until the shell sends them.
    let mut restored = Engine::restore(&engine.snapshot()).unwrap();
    ingest(
        &mut restored,
        json!({"type":"request","time":4,"tabId":3,"method":"GET","resourceType":"image",
               "url":format!("https://other.tracker.example/p?em={hashed}")}),
    );
    assert_eq!(restored.all_findings().len(), 1);
}

#[test]
fn a_new_set_of_watched_values_replaces_the_old_one() {
    let mut engine = Engine::new();
    let shop = "https://shop.example/";
    ingest(
        &mut engine,
        json!({"type":"watchedValues","time":1,"values":[{"kind":"email","value":"old@example.org"}]}),
    );
    ingest(
        &mut engine,
        json!({"type":"navigation","time":2,"tabId":1,"url":shop}),
    );
    ingest(
        &mut engine,
        json!({"type":"watchedValues","time":3,"values":[{"kind":"email","value":"new@example.org"}]}),
    );
    let out = ingest(
        &mut engine,
        json!({"type":"request","time":4,"tabId":1,"method":"POST","url":"https://t.example/c","body":"e=old%40example.org"}),
    );
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
    let out = ingest(
        &mut engine,
        json!({"type":"request","time":5,"tabId":1,"method":"POST","url":"https://t.example/c","body":"e=new%40example.org"}),
    );
    assert_eq!(out.findings[0].subjects, ["n***@example.org"]);
    assert_eq!(out.findings[0].evidence.encodings.len(), 1);
}

#[test]
fn raw_bodies_are_decoded_and_bad_ones_refused_clearly() {
    let mut engine = Engine::new();
    ingest(
        &mut engine,
        json!({"type":"watchedValues","time":1,"values":[{"kind":"email","value":"ada@example.org"}]}),
    );
    ingest(
        &mut engine,
        json!({"type":"navigation","time":2,"tabId":1,"url":"https://shop.example/"}),
    );
    let text = br#"{"type":"identify","traits":{"email":"ada@example.org"},"context":{"library":"analytics.js"}}"#;
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    gz.extend(miniz_oxide::deflate::compress_to_vec(text, 9));
    gz.extend([0; 8]);
    let out = ingest(
        &mut engine,
        json!({"type":"request","time":3,"tabId":1,"method":"POST","url":"https://api.segment.example/v1/i",
               "headers":[{"name":"Content-Encoding","value":"gzip"}],"bodyBase64":STANDARD.encode(&gz)}),
    );
    let f = &out.findings[0];
    assert_eq!(f.kind, FindingKind::LeakToThirdParty);
    let encodings: Vec<&str> = f.evidence.encodings.iter().map(|e| e.as_str()).collect();
    // A set, in the vocabulary's order; the sample keeps the chain's.
    assert_eq!(encodings, ["plain", "gzip"]);
    assert!(
        f.evidence.samples[0].ends_with("(gzip)"),
        "{:?}",
        f.evidence.samples
    );
    let bad = json!({"v":1,"type":"request","time":4,"tabId":1,"method":"POST","url":"https://t.example/","bodyBase64":"not base64!"});
    let e = engine.ingest_json(&bad.to_string()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedEvent);
    // Over the cap: cut on a group of four, and said.
    let huge = STANDARD.encode(vec![b'a'; 100 * 1024]);
    let over = json!({"v":1,"type":"request","time":5,"tabId":1,"method":"POST","url":"https://t.example/","bodyBase64":huge});
    let out = engine.ingest_json(&over.to_string()).unwrap();
    assert!(out.notices.iter().any(|n| n.what.as_str() == "bodyBytes"));
}

#[test]
fn a_field_read_is_possible_alone_and_likely_once_its_value_reaches_the_reader() {
    let mut engine = Engine::new();
    let page = "https://shop.example/checkout";
    ingest(
        &mut engine,
        json!({"type":"navigation","time":1,"tabId":4,"url":page}),
    );
    ingest(
        &mut engine,
        json!({"type":"mainWorld","time":2,"tabId":4,"pageUrl":page,
               "report":{"kind":"fieldRead","field":"email","stack":["https://cdn.replay.example/r.js"]}}),
    );
    // The site's own script reading its own form is nothing.
    ingest(
        &mut engine,
        json!({"type":"mainWorld","time":2,"tabId":4,"pageUrl":page,
               "report":{"kind":"fieldRead","field":"email","stack":["https://static.shop.example/app.js"]}}),
    );
    let findings = engine.all_findings();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].kind, FindingKind::FieldSniffing);
    assert_eq!(findings[0].confidence, vigie::Confidence::Possible);
    let password = vigie::messages::vocabulary::Note::PasswordFieldRead;
    assert!(!findings[0].evidence.notes.contains(&password));
    // A password field read: no data kind (its value is never read), a note.
    ingest(
        &mut engine,
        json!({"type":"mainWorld","time":2,"tabId":4,"pageUrl":page,
               "report":{"kind":"fieldRead","field":"password","stack":["https://cdn.replay.example/r.js"]}}),
    );
    let findings = engine.all_findings();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].evidence.notes.contains(&password),
        "{findings:#?}"
    );
    assert_eq!(findings[0].evidence.data_kinds.len(), 1);
    ingest(
        &mut engine,
        json!({"type":"formInput","time":3,"tabId":4,"pageUrl":page,"field":"email","value":"ada@example.org"}),
    );
    ingest(
        &mut engine,
        json!({"type":"request","time":4,"tabId":4,"method":"POST","url":"https://rec.replay.example/batch",
               "body":"{\"events\":[{\"v\":\"ada@example.org\"}]}"}),
    );
    let sniff = engine
        .all_findings()
        .into_iter()
        .find(|f| f.kind == FindingKind::FieldSniffing)
        .unwrap();
    assert_eq!(sniff.confidence, vigie::Confidence::Likely);
    assert_eq!(sniff.evidence.destinations, ["rec.replay.example"]);
    assert!(engine
        .all_findings()
        .iter()
        .any(|f| f.kind == FindingKind::LeakBeforeSubmit));
}

#[test]
fn a_value_typed_after_the_request_that_carried_it_is_still_found() {
    // A script that hashes on blur can send before the page observer's
    // settled report of the value reaches the core.
    let mut engine = Engine::new();
    let page = "https://shop.example/";
    ingest(
        &mut engine,
        json!({"type":"navigation","time":1,"tabId":5,"url":page}),
    );
    ingest(
        &mut engine,
        json!({"type":"request","time":2,"tabId":5,"method":"GET","resourceType":"image",
               "url":format!("https://px.ads.example/tr?ud[em]={}", sha256_hex("ada@example.org"))}),
    );
    let out = ingest(
        &mut engine,
        json!({"type":"formInput","time":3,"tabId":5,"pageUrl":page,"field":"email","value":"Ada@Example.org"}),
    );
    assert_eq!(out.findings.len(), 1, "{:#?}", out.findings);
    assert_eq!(out.findings[0].kind, FindingKind::LeakBeforeSubmit);
    let encodings: Vec<&str> = out.findings[0]
        .evidence
        .encodings
        .iter()
        .map(|e| e.as_str())
        .collect();
    assert_eq!(encodings, ["sha256", "hex"]);
}

#[test]
fn an_ad_networks_sha256_of_the_md5_of_a_typed_address_is_a_leak_before_submit() {
    // Criteo's OneTag, asked for its legacy form beside SHA-256:
    // `setEmail` with `hash_method: "sha256_md5"`.
    use md5::{Digest, Md5};
    let md5: String = Md5::digest(b"ada@example.org")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut engine = typed_in_tab_5("https://shop.example/", "Ada@Example.org");
    let out = ingest(
        &mut engine,
        json!({"type":"request","time":3,"tabId":5,"method":"POST","resourceType":"xmlhttprequest",
               "url":"https://gum.criteo.com/sid/json?origin=onetag",
               "body":format!(r#"{{"events":[{{"event":"setEmail","email":["{}"],"hash_method":"sha256_md5"}}]}}"#, sha256_hex(&md5))}),
    );
    assert_eq!(out.findings.len(), 1, "{:#?}", out.findings);
    assert_eq!(out.findings[0].kind, FindingKind::LeakBeforeSubmit);
    let encodings: Vec<&str> = out.findings[0]
        .evidence
        .encodings
        .iter()
        .map(|e| e.as_str())
        .collect();
    for hash in ["sha256", "md5"] {
        assert!(encodings.contains(&hash), "{encodings:?}");
    }
    assert_eq!(
        out.findings[0].evidence.samples,
        ["A***@Example.org → gum.criteo.com/sid/json (SHA-256 + MD5 + hex)"]
    );
}

#[test]
fn a_submitted_address_sent_both_plain_and_hashed_to_an_unknown_host_left_hashed() {
    // Typed and submitted; then a customer-data platform the tracker
    // database does not know receives it, plain beside its SHA-256 (as a
    // tag that sends both does). Hashed, it counts anywhere; plain alone, a
    // host the database does not know is given the benefit of the doubt.
    let page = "https://www.jardin-express.fr/inscription";
    let hashed = sha256_hex("lea.fontaine@example.net");
    for (body, expected) in [
        (
            format!(r#"{{"email":"lea.fontaine@example.net","em_sha256":"{hashed}"}}"#),
            1,
        ),
        (
            format!(r#"{{"em_sha256":"{hashed}","email":"lea.fontaine@example.net"}}"#),
            1,
        ),
        (r#"{"email":"lea.fontaine@example.net"}"#.to_owned(), 0),
    ] {
        let mut engine = Engine::new();
        ingest(
            &mut engine,
            json!({"type":"navigation","time":1,"tabId":5,"url":page}),
        );
        ingest(
            &mut engine,
            json!({"type":"formInput","time":2,"tabId":5,"pageUrl":page,"field":"email","value":"lea.fontaine@example.net","formId":"inscription","submitted":true,"formAction":"https://www.jardin-express.fr/api/inscription"}),
        );
        let out = ingest(
            &mut engine,
            json!({"type":"request","time":3,"tabId":5,"method":"POST","resourceType":"fetch",
                   "url":"https://collect.unknown-cdp.example/v1/e","body":body}),
        );
        let leaks: Vec<_> = out
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::LeakToThirdParty)
            .collect();
        assert_eq!(leaks.len(), expected, "{body}: {leaks:#?}");
        if let Some(leak) = leaks.first() {
            let encodings: Vec<&str> = leak.evidence.encodings.iter().map(|e| e.as_str()).collect();
            assert!(encodings.contains(&"sha256"), "{encodings:?}");
        }
    }
}

#[test]
fn a_request_from_an_earlier_page_of_the_tab_is_not_a_leak_of_what_is_typed_later() {
    // The account page's tag sends the hash of the address the site knows;
    // on the next page of the same tab, the person types that address into
    // a form. What the first page sent was not typed there: no leak before
    // submit. The same request on the page where the address is typed is one.
    let hashed = sha256_hex("ada@example.org");
    for (navigate_between, expected) in [(true, 0), (false, 1)] {
        let mut engine = Engine::new();
        ingest(
            &mut engine,
            json!({"type":"navigation","time":1,"tabId":5,"url":"https://shop.example/compte"}),
        );
        ingest(
            &mut engine,
            json!({"type":"request","time":2,"tabId":5,"method":"GET","resourceType":"image",
                   "url":format!("https://px.ads.example/tr?ud[em]={hashed}")}),
        );
        let page = if navigate_between {
            ingest(
                &mut engine,
                json!({"type":"navigation","time":3000,"tabId":5,"url":"https://shop.example/commande"}),
            );
            "https://shop.example/commande"
        } else {
            "https://shop.example/compte"
        };
        let out = ingest(
            &mut engine,
            json!({"type":"formInput","time":6000,"tabId":5,"pageUrl":page,"field":"email","value":"ada@example.org"}),
        );
        let before_submit = before_submit(&out);
        assert_eq!(
            before_submit, expected,
            "navigated: {navigate_between}: {:#?}",
            out.findings
        );
    }
}

#[test]
fn a_page_whose_commit_the_browser_never_reported_is_known_from_its_reports() {
    // Chromium does not dispatch webNavigation events to a worker starting
    // for the first time: the page's reports and requests come, its commit
    // never does. Without a page, nothing can be told; the shell then gives
    // the page its reports came from as an `unreported` navigation.
    let page = "https://shop.example/inscription";
    for unreported in [false, true] {
        let mut engine = Engine::new();
        if unreported {
            ingest(
                &mut engine,
                json!({"type":"navigation","time":5,"tabId":5,"url":page,"transition":"unreported"}),
            );
        }
        ingest(
            &mut engine,
            json!({"type":"formInput","time":10,"tabId":5,"pageUrl":page,"field":"email","value":"ada@example.org"}),
        );
        let out = ingest(
            &mut engine,
            json!({"type":"request","time":20,"tabId":5,"method":"POST","resourceType":"xmlhttprequest",
                   "url":"https://intake.apm.example/events","body":r#"{"user":{"email":"ada@example.org"}}"#}),
        );
        let kinds: Vec<FindingKind> = out.findings.iter().map(|f| f.kind).collect();
        let expected = if unreported {
            vec![FindingKind::LeakBeforeSubmit]
        } else {
            vec![]
        };
        assert_eq!(kinds, expected, "unreported navigation given: {unreported}");
    }
}

#[test]
fn an_unreported_commit_of_the_document_a_tab_already_shows_changes_nothing() {
    // After the worker's restart, the shell has seen no commit and names the
    // page of the first report, which the engine already has (kept without
    // query and fragment by a snapshot and the log): the document is the
    // same, and a request it sent before still counts as its own when the
    // value is typed (a new document would have left it behind). Another
    // address is a page of its own.
    let hashed = sha256_hex("ada@example.org");
    for (reported, expected) in [
        ("https://shop.example/compte#adresse", 1),
        ("https://shop.example/compte?onglet=adresse", 1),
        ("https://shop.example/commande", 0),
    ] {
        let mut engine = Engine::new();
        ingest(
            &mut engine,
            json!({"type":"navigation","time":1,"tabId":5,"url":"https://shop.example/compte"}),
        );
        ingest(
            &mut engine,
            json!({"type":"request","time":2,"tabId":5,"method":"GET","resourceType":"image",
                   "url":format!("https://px.ads.example/tr?ud[em]={hashed}")}),
        );
        ingest(
            &mut engine,
            json!({"type":"navigation","time":3000,"tabId":5,"url":reported,"transition":"unreported"}),
        );
        let out = ingest(
            &mut engine,
            json!({"type":"formInput","time":6000,"tabId":5,"pageUrl":reported,"field":"email","value":"ada@example.org"}),
        );
        let before_submit = before_submit(&out);
        assert_eq!(before_submit, expected, "{reported}: {:#?}", out.findings);
    }
}

#[test]
fn the_matcher_refuses_too_many_values_and_masks_what_it_reports() {
    let many: Vec<ContactValue> = (0..51)
        .map(|i| value(DataKind::Email, &format!("p{i}@example.org")))
        .collect();
    assert_eq!(
        Matcher::new(&many).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    let m = Matcher::new(&[value(DataKind::Phone, "+33 6 12 34 56 78")]).unwrap();
    let found = m.scan("https://t.example/?ph=0612345678", b"", None);
    assert_eq!(found[0].masked, "+33 6 ** ** ** 78");
    assert_eq!(found[0].part, "url");
}

/// One step of a person filling the garden shop's sign-up form while a
/// form tracker sends each field: a value typed, a page loaded, or a request.
enum Step {
    Typed(f64, &'static str),
    /// A name field's value reported with the form's submit.
    Submitted(f64, &'static str),
    Email(f64, &'static str),
    Page(f64, &'static str),
    Sent(f64, &'static str, &'static str),
}

/// The leaks before submit the steps raise, in the order raised.
fn leaks_of(steps: &[Step]) -> Vec<vigie::Finding> {
    let mut engine = Engine::new();
    let mut page = "https://www.jardin-express.fr/inscription";
    ingest(
        &mut engine,
        json!({"type":"navigation","time":1,"tabId":5,"url":page}),
    );
    let mut leaks = vec![];
    for step in steps {
        let out = match *step {
            Step::Typed(time, value) => ingest(
                &mut engine,
                json!({"type":"formInput","time":time,"tabId":5,"pageUrl":page,"field":"name","value":value,"formId":"inscription"}),
            ),
            Step::Submitted(time, value) => ingest(
                &mut engine,
                json!({"type":"formInput","time":time,"tabId":5,"pageUrl":page,"field":"name","value":value,"formId":"inscription","submitted":true}),
            ),
            Step::Email(time, value) => ingest(
                &mut engine,
                json!({"type":"formInput","time":time,"tabId":5,"pageUrl":page,"field":"email","value":value,"formId":"inscription"}),
            ),
            Step::Page(time, url) => {
                page = url;
                ingest(
                    &mut engine,
                    json!({"type":"navigation","time":time,"tabId":5,"url":url}),
                )
            }
            Step::Sent(time, url, value) => {
                // Snowplow's change_form event: the field's value, in a JSON string in JSON.
                let body = format!(
                    r#"{{"data":[{{"e":"ue","ue_pr":"{{\"data\":{{\"elementId\":\"f\",\"value\":\"{value}\"}}}}"}}]}}"#
                );
                ingest(
                    &mut engine,
                    json!({"type":"request","time":time,"tabId":5,"method":"POST","resourceType":"fetch","url":url,"body":body}),
                )
            }
        };
        leaks.extend(
            out.findings
                .into_iter()
                .filter(|f| f.kind == FindingKind::LeakBeforeSubmit)
                .map(std::rc::Rc::unwrap_or_clone),
        );
    }
    leaks
}

const COLLECTOR: &str =
    "https://com-jardinexpress-prod1.collector.snplow.net/com.snowplowanalytics.snowplow/tp2";

#[test]
fn a_name_whose_fields_leave_in_separate_requests_to_one_domain_is_a_leak_before_submit() {
    use Step::{Sent, Typed};
    // A form tracker sends each field's value as the field is left: the
    // first name leaves before the family name is typed. The family name's
    // request may reach the engine after its value (found when it leaves)
    // or before it (found when the value comes).
    for steps in [
        vec![
            Typed(2_000.0, "Léa"),
            Sent(2_100.0, COLLECTOR, "Léa"),
            Typed(9_000.0, "Fontaine"),
            Sent(9_100.0, COLLECTOR, "Fontaine"),
        ],
        vec![
            Typed(2_000.0, "Léa"),
            Sent(2_100.0, COLLECTOR, "Léa"),
            Sent(8_900.0, COLLECTOR, "Fontaine"),
            Typed(9_000.0, "Fontaine"),
        ],
        // Both requests before either value reached the engine, at one
        // time (autofill).
        vec![
            Sent(1_900.0, COLLECTOR, "Léa"),
            Sent(8_900.0, COLLECTOR, "Fontaine"),
            Typed(9_000.0, "Léa"),
            Typed(9_000.0, "Fontaine"),
        ],
        // One batch with both words, sent before the family name's value
        // reached the engine: searched again when it came.
        vec![
            Typed(2_000.0, "Léa"),
            Sent(8_900.0, COLLECTOR, r#"Léa\\",\\"nom\\":\\"Fontaine"#),
            Typed(9_000.0, "Fontaine"),
        ],
        // Both values first; the words a minute apart (longer than a
        // request's body is kept).
        vec![
            Typed(2_000.0, "Léa"),
            Typed(3_000.0, "Fontaine"),
            Sent(3_100.0, COLLECTOR, "Léa"),
            Sent(63_100.0, COLLECTOR, "Fontaine"),
        ],
        // A word sent again, and the first name typed again: counted once.
        vec![
            Typed(2_000.0, "Léa"),
            Typed(3_000.0, "Fontaine"),
            Sent(3_100.0, COLLECTOR, "Léa"),
            Sent(4_100.0, COLLECTOR, "Fontaine"),
            Sent(5_100.0, COLLECTOR, "Fontaine"),
            Typed(6_000.0, "Léa"),
            Sent(6_100.0, COLLECTOR, "Léa"),
        ],
    ] {
        let leaks = leaks_of(&steps);
        let named: Vec<_> = leaks
            .iter()
            .filter(|f| f.subjects.iter().any(|s| s == "L*** F***"))
            .collect();
        assert_eq!(named.len(), 1, "{leaks:#?}");
        assert_eq!(
            named[0].evidence.destinations,
            ["com-jardinexpress-prod1.collector.snplow.net"]
        );
        assert_eq!(named[0].occurrences, 1, "counted once");
        assert!(!serde_json::to_string(&leaks).unwrap().contains("Fontaine"));
    }
}

#[test]
fn a_name_made_whole_once_is_not_counted_again_on_the_page() {
    use Step::{Email, Sent, Submitted, Typed};
    for steps in [
        // Autofill: the address reported at the same time as the names.
        vec![
            Sent(1_900.0, COLLECTOR, "Léa"),
            Sent(8_900.0, COLLECTOR, "Fontaine"),
            Typed(9_000.0, "Léa"),
            Typed(9_000.0, "Fontaine"),
            Email(9_000.0, "lea.fontaine@example.net"),
        ],
        // Found late, then a word sent again at once and three minutes later.
        vec![
            Typed(2_000.0, "Léa"),
            Sent(2_100.0, COLLECTOR, "Léa"),
            Sent(8_900.0, COLLECTOR, "Fontaine"),
            Typed(9_000.0, "Fontaine"),
            Sent(9_500.0, COLLECTOR, "Fontaine"),
            Sent(190_000.0, COLLECTOR, "Léa"),
            Sent(191_000.0, COLLECTOR, "Fontaine"),
        ],
    ] {
        let leaks = leaks_of(&steps);
        let named: Vec<_> = leaks
            .iter()
            .filter(|f| f.subjects.iter().any(|s| s == "L*** F***"))
            .collect();
        assert_eq!(named.len(), 1, "{leaks:#?}");
    }
    // The family name reported only with the submit (Enter pressed in the
    // field): the name its words made, sent before, is still a leak.
    let leaks = leaks_of(&[
        Typed(2_000.0, "Léa"),
        Sent(2_100.0, COLLECTOR, "Léa"),
        Sent(8_900.0, COLLECTOR, "Fontaine"),
        Submitted(9_000.0, "Fontaine"),
    ]);
    assert!(
        leaks
            .iter()
            .any(|f| f.subjects.iter().any(|s| s == "L*** F***")),
        "{leaks:#?}"
    );
}

#[test]
fn a_family_name_typed_and_sent_before_the_first_name_is_the_name_too() {
    use Step::{Sent, Typed};
    let leaks = leaks_of(&[
        Typed(2_000.0, "Fontaine"),
        Sent(2_100.0, COLLECTOR, "Fontaine"),
        Typed(9_000.0, "Léa"),
        Sent(9_100.0, COLLECTOR, "Léa"),
    ]);
    let named: Vec<_> = leaks
        .iter()
        .filter(|f| f.subjects.iter().any(|s| s == "F*** L***"))
        .collect();
    assert_eq!(named.len(), 1, "{leaks:#?}");
}

#[test]
fn words_of_a_name_apart_to_two_domains_too_far_apart_or_across_pages_are_not_the_name() {
    use Step::{Page, Sent, Typed};
    let posthog = "https://eu.i.posthog.com/s/";
    for steps in [
        // Each word to another company.
        vec![
            Typed(2_000.0, "Léa"),
            Sent(2_100.0, COLLECTOR, "Léa"),
            Typed(9_000.0, "Fontaine"),
            Sent(9_100.0, posthog, "Fontaine"),
        ],
        // More than two minutes apart.
        vec![
            Typed(2_000.0, "Léa"),
            Typed(3_000.0, "Fontaine"),
            Sent(3_100.0, COLLECTOR, "Léa"),
            Sent(130_000.0, COLLECTOR, "Fontaine"),
        ],
        // The first word alone.
        vec![
            Typed(2_000.0, "Léa"),
            Sent(2_100.0, COLLECTOR, "Léa"),
            Typed(9_000.0, "Fontaine"),
        ],
        // One field's value before a pause, then the whole of it: one word, not a name.
        vec![
            Typed(2_000.0, "Font"),
            Sent(2_100.0, COLLECTOR, "Font"),
            Typed(4_000.0, "Fontaine"),
            Sent(4_100.0, COLLECTOR, "Fontaine"),
        ],
        // A word sent from the sign-up page, the other from the next page
        // (a product page whose title holds it): not this page's name.
        vec![
            Typed(2_000.0, "Léa"),
            Typed(3_000.0, "Fontaine"),
            Sent(3_100.0, COLLECTOR, "Léa"),
            Page(
                10_000.0,
                "https://www.jardin-express.fr/produits/fontaine-murale",
            ),
            Sent(10_100.0, COLLECTOR, "Fontaine"),
        ],
    ] {
        let leaks = leaks_of(&steps);
        assert!(
            !leaks
                .iter()
                .any(|f| f.evidence.data_kinds.contains(&DataKind::Name)),
            "{leaks:#?}"
        );
    }
}

#[test]
fn a_name_typed_in_two_fields_and_recorded_field_by_field_is_a_leak_before_submit_and_one_word_is_not(
) {
    // A session recording sends each field's value as its own string; the
    // full name never appears. Both words in one request: the name left.
    // Only the first name: too common a word to count alone.
    for (body, expected) in [
        (
            r#"{"records":[[11,[5,"Léa"]],[12,[34,63]],[11,[5,"Fontaine"]]]}"#,
            1,
        ),
        (r#"{"records":[[11,[5,"Léa"]],[12,[34,63]]]}"#, 0),
        (
            r#"{"records":[[11,[5,"Léa"]],[11,[5,"Fontainebleau"]]]}"#,
            0,
        ),
    ] {
        let mut engine = Engine::new();
        let page = "https://www.jardin-express.fr/inscription";
        ingest(
            &mut engine,
            json!({"type":"navigation","time":1,"tabId":5,"url":page}),
        );
        for (time, value) in [(2, "Léa"), (3, "Fontaine")] {
            ingest(
                &mut engine,
                json!({"type":"formInput","time":time,"tabId":5,"pageUrl":page,"field":"name","value":value,"formId":"inscription"}),
            );
        }
        let out = ingest(
            &mut engine,
            json!({"type":"request","time":4,"tabId":5,"method":"POST","resourceType":"xmlhttprequest",
                   "url":"https://browser-intake-datadoghq.eu/api/v2/replay","body":body}),
        );
        let leaks: Vec<_> = out
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::LeakBeforeSubmit)
            .collect();
        assert_eq!(leaks.len(), expected, "{body}: {leaks:#?}");
        if let Some(f) = leaks.first() {
            assert_eq!(f.subjects, ["L*** F***"]);
            assert!(!serde_json::to_string(f).unwrap().contains("Fontaine"));
        }
    }
}

/// The findings of `request` (an XHR of tab 5, its method, URL and what it
/// carries), sent after ada@example.org was typed into the shop's page.
fn after_typing_ada(mut request: Value) -> Vec<vigie::Finding> {
    let mut engine = Engine::new();
    let page = "https://shop.example/";
    ingest(
        &mut engine,
        json!({"type":"navigation","time":1,"tabId":5,"url":page}),
    );
    ingest(
        &mut engine,
        json!({"type":"formInput","time":2,"tabId":5,"pageUrl":page,"field":"email","value":"ada@example.org"}),
    );
    let fields = request.as_object_mut().expect("an object");
    for (key, value) in [
        ("type", json!("request")),
        ("time", json!(3)),
        ("tabId", json!(5)),
        ("resourceType", json!("xmlhttprequest")),
    ] {
        fields.insert(key.to_owned(), value);
    }
    ingest(&mut engine, request)
        .findings
        .into_iter()
        .map(std::rc::Rc::unwrap_or_clone)
        .collect()
}

#[test]
fn a_value_in_a_header_a_page_set_is_a_leak_and_the_browsers_own_headers_are_not_read() {
    // Amplitude Experiment asks for its variants with the user, as base64url
    // of JSON, in `X-Amp-Exp-User`; LaunchDarkly puts the same in its path.
    let user = URL_SAFE_NO_PAD
        .encode(r#"{"user_id":"ada@example.org","device_id":"d-81","platform":"Web"}"#);
    let leaks = |headers: Value, url: &str| {
        after_typing_ada(json!({"method":"GET","url":url,"headers":headers}))
    };
    let flags = "https://api.lab.flags.example/sdk/v2/vardata?v=0";
    let found = leaks(
        json!([{"name":"authorization","value":"Api-Key client-x1"},{"name":"x-amp-exp-user","value":user}]),
        flags,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, FindingKind::LeakBeforeSubmit);
    let encodings: Vec<&str> = found[0]
        .evidence
        .encodings
        .iter()
        .map(|e| e.as_str())
        .collect();
    assert_eq!(encodings, ["base64"]);
    // LaunchDarkly's context, the address 37 bytes in: its base64 is no
    // needle of the pool's (those start at a multiple of 3), only the
    // segment read on its own holds it.
    let context =
        URL_SAFE_NO_PAD.encode(r#"{"kind":"user","key":"u-81","email":"ada@example.org"}"#);
    let path = format!("https://clientsdk.flags.example/sdk/evalx/5f1e2d/contexts/{context}");
    assert_eq!(leaks(json!([]), &path).len(), 1, "in the path");
    // A sign-in token sent back to the service that issued it is no leak,
    // though a JWT holds the account's address.
    let claims = URL_SAFE_NO_PAD
        .encode(r#"{"iss":"https://securetoken.example","email":"ada@example.org"}"#);
    let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{claims}.c2lnbmF0dXJl");
    let bearer = json!([{"name":"authorization","value":format!("Bearer {jwt}")}]);
    assert!(leaks(bearer, flags).is_empty());
    // The browser's own headers are not the page's: a cookie of the third
    // party's own, or a referrer, says nothing of what the page sent.
    for name in ["cookie", "referer", "user-agent", "sec-ch-ua", ":path"] {
        let found = leaks(json!([{"name":name,"value":user}]), flags);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

#[test]
fn a_value_found_only_in_a_body_read_in_the_page_is_a_likely_leak_that_says_so() {
    use vigie::messages::finding::Confidence;
    use vigie::messages::vocabulary::Note;
    // Elastic's RUM agent sends each batch as a gzipped Blob, which Chromium
    // gives extensions as an error: the page's hooks read it and the shell
    // marks the request `bodyFromPage`.
    let batch = STANDARD.encode(
        "{\"metadata\":{\"service\":{\"name\":\"shop\"}}}\n{\"transaction\":{\"context\":{\"user\":{\"email\":\"ada@example.org\"}}}}\n",
    );
    let leaks = |url: &str, from_page: bool| {
        after_typing_ada(
            json!({"method":"POST","url":url,"bodyBase64":batch,"bodyFromPage":from_page}),
        )
    };
    let intake = "https://apm.rum.example/intake/v2/rum/events";
    let found = leaks(intake, true);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, FindingKind::LeakBeforeSubmit);
    assert_eq!(found[0].confidence, Confidence::Likely);
    assert!(
        found[0].evidence.notes.contains(&Note::BodyReadInPage),
        "{found:#?}"
    );
    // The same bytes given by the browser: its own record.
    let given = leaks(intake, false);
    assert_eq!(given[0].confidence, Confidence::Confirmed);
    assert!(!given[0].evidence.notes.contains(&Note::BodyReadInPage));
    // Also in the address the browser gave: the claim is not all it rests on.
    let both = leaks(&format!("{intake}?u=ada%40example.org"), true);
    assert_eq!(both.len(), 1, "{both:#?}");
    assert_eq!(both[0].confidence, Confidence::Confirmed);
    assert!(!both[0].evidence.notes.contains(&Note::BodyReadInPage));
}

#[test]
fn a_body_read_in_the_page_names_no_extension_though_the_request_would() {
    // An extension's own request has no call record of the page's hooks:
    // the page cannot have read its body, but it can put a read of its own
    // beside it (a beacon of its own to the same address), or send it over
    // a WebSocket of its own.
    let batch = STANDARD.encode(r#"{"fields":{"email":"ines.garcia@example.net"}}"#);
    let findings = |request: Value| {
        let mut engine = Engine::new();
        let page = "https://shop.example/checkout";
        for event in [
            json!({"type":"extensionInventory","time":1000,"selfId":"ponmlkjihgfedcbaponmlkjihgfedcba",
                   "extensions":[{"id":"abcdefghijklmnopabcdefghijklmnop","name":"Fixture Form Helper","version":"1.0.0",
                                  "enabled":true,"installType":"development","type":"extension","permissions":[],
                                  "hostPermissions":["<all_urls>"]}]}),
            json!({"type":"navigation","time":1500,"tabId":1,"url":page,"transition":"typed"}),
            json!({"type":"mainWorld","time":1501,"tabId":1,"pageUrl":page,"report":{"kind":"ready"}}),
            json!({"type":"formInput","time":2000,"tabId":1,"pageUrl":page,"field":"email",
                   "value":"ines.garcia@example.net","formId":"checkout","submitted":false}),
            // The extension's panel, just shown: what names it for a request
            // no page script made.
            json!({"type":"domInjection","time":2900,"tabId":1,"pageUrl":page,
                   "resourceUrl":"chrome-extension://abcdefghijklmnopabcdefghijklmnop/panel.html",
                   "element":"iframe","attribute":"src","loaded":true}),
        ] {
            ingest(&mut engine, event);
        }
        ingest(&mut engine, request).findings
    };
    let request = |from_page: bool| {
        json!({"type":"request","time":3000,"tabId":1,"method":"POST","resourceType":"xmlhttprequest","frameId":0,
               "url":"https://in.replay.example/rec","bodyBase64":batch,"bodyFromPage":from_page})
    };
    let given = findings(request(false));
    assert_eq!(given.len(), 1, "{given:#?}");
    assert!(
        matches!(&given[0].actor, vigie::messages::finding::Actor::Extension { id, .. } if id == "abcdefghijklmnopabcdefghijklmnop"),
        "{given:#?}"
    );
    let message = json!({"type":"request","time":3000,"tabId":1,"method":"GET","resourceType":"websocket","frameId":0,
                         "url":"wss://in.replay.example/live","bodyBase64":batch,"bodyFromPage":true,"socketMessages":1});
    for request in [request(true), message] {
        let read = findings(request);
        assert_eq!(read.len(), 1, "{read:#?}");
        assert!(
            matches!(
                &read[0].actor,
                vigie::messages::finding::Actor::Unattributed { .. }
            ),
            "{read:#?}"
        );
        assert!(read[0]
            .evidence
            .notes
            .contains(&vigie::messages::vocabulary::Note::BodyReadInPage));
    }
}

#[test]
fn an_address_hashed_then_packed_by_lz_string_utf16_or_bytes_is_found() {
    // lz-string 1.5.0 (npm, in Node): compressToUTF16 of an identify call
    // whose `em` is the SHA-256 of the address, in a JSON body; and
    // compressToUint8Array of an input event, sent as bytes (a socket's
    // binary message).
    let matcher = Matcher::new(&[value(DataKind::Email, "ada.lovelace@example.org")]).unwrap();
    let utf16 = "{\"v\":2,\"p\":\"\u{1be1}\u{82b}\u{442b}\u{4229}\u{3033}\u{16c}\u{3d3}\u{623}\u{1833}\u{6220}\u{69e0}\u{13a0}\u{4338}\u{602c}\u{72b4}\u{222}\u{6cc1}[\u{16a1}\u{1c2c}\u{185}\u{5053}\u{d54}P\u{1831}\u{4031}\u{4da0}\u{74f}\u{1b7a}\u{47c}\u{f8}\u{ca5}\u{3ad3}\u{34bc}\u{6159}\u{4e93}\u{24d4}\u{4d4}\u{1ad}\u{221}\u{1898}\u{112b}\u{35fb}\u{6720}\u{15a0}\u{4884}\u{59fe}\u{5dd4}\u{42ed}\u{59e2}\u{71e2}\u{4a0}\u{52a2}\u{d20}\u{4158}\u{240}\u{de}\u{5c72}\u{144f}\u{16b1}\u{20e6}\u{3306}\u{44e5}\u{3822}\u{4020} \"}";
    let found = matcher.scan(
        "https://in.replay.example/v2/ingest",
        utf16.as_bytes(),
        None,
    );
    let chains: Vec<Vec<&str>> = found
        .iter()
        .map(|m| m.encodings.iter().map(|e| e.as_str()).collect())
        .collect();
    assert_eq!(chains, [["lzString", "sha256", "hex"]], "{found:?}");
    let bytes = (0..52)
        .map(|i| u8::from_str_radix(&"3782202e205c209607600702b84034201b9440430098e01d003603d86029b1380c6140021401e380b60b1161a404e0398800be40"[i * 2..i * 2 + 2], 16).unwrap())
        .collect::<Vec<u8>>();
    let found = matcher.scan("wss://ws.replay.example/socket", &bytes, None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0]
            .encodings
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>(),
        ["lzString", "plain"]
    );
}

#[test]
fn what_a_page_sends_as_its_tab_closes_is_still_its_own_for_a_moment() {
    // SDKs flush their last batch on `pagehide`, with a keepalive fetch or a
    // beacon: the request reaches the core after the tab's close, held like
    // every request. It is still the closed page's, with what was typed
    // there, for a few seconds; a request filed under the tab's id long
    // after is not.
    let hashed = sha256_hex("ada@example.org");
    for (sent_at, expected) in [(5_300, 1), (5_000 + 10_001, 0)] {
        let mut engine = typed_in_tab_5("https://shop.example/inscription", "ada@example.org");
        ingest(
            &mut engine,
            json!({"type":"tabClosed","time":5_000,"tabId":5}),
        );
        let out = ingest(
            &mut engine,
            json!({"type":"request","time":sent_at,"tabId":5,"method":"GET","resourceType":"ping",
                   "url":format!("https://px.ads.example/tr?ud[em]={hashed}")}),
        );
        let leaks = before_submit(&out);
        assert_eq!(leaks, expected, "sent at {sent_at}: {:#?}", out.findings);
    }
}

#[test]
fn a_closed_tab_is_forgotten_at_a_later_close() {
    // A closed tab is kept a few seconds for its last requests, then goes
    // with the next close: a later snapshot holds nothing of it.
    let mut engine = Engine::new();
    let page = "https://shop.example/inscription";
    ingest(
        &mut engine,
        json!({"type":"navigation","time":1,"tabId":5,"url":page}),
    );
    ingest(&mut engine, json!({"type":"tabClosed","time":2,"tabId":5}));
    // Kept across a worker's stop meanwhile, closed.
    let kept = engine.snapshot();
    assert!(kept.contains(r#""closed":2"#), "{kept}");
    let mut engine = Engine::restore(&kept).unwrap();
    assert_eq!(engine.snapshot(), kept);
    ingest(
        &mut engine,
        json!({"type":"navigation","time":20_000,"tabId":6,"url":"https://other.example/"}),
    );
    ingest(
        &mut engine,
        json!({"type":"tabClosed","time":20_001,"tabId":6}),
    );
    let snapshot: Value = serde_json::from_str(&engine.snapshot()).unwrap();
    let tabs: Vec<&String> = snapshot["state"]["tabs"]["tabs"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(tabs, ["6"], "{snapshot}");
}
