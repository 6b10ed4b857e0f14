//! Fuzzing every door input comes through, as part of `cargo test`: events
//! (the scenario events, mutated in their values and their text) through
//! `Engine::ingest_json`, snapshots through `Engine::restore`, URLs through
//! `WebUrl::parse`, `ExtensionRef::parse` and the site models, and random
//! bodies through the matcher.
//!
//! What must hold: no input panics; an event refused leaves the state as it
//! was (snapshots equal but for the rejection count); an event accepted
//! leaves the engine usable and reads back as itself. Each target prints the
//! input that broke it, as a case for `tests/regressions/`, which every run
//! replays first.
//!
//! Deterministic for a seed. `VIGIE_FUZZ_SEED=<n>` draws other inputs,
//! `VIGIE_FUZZ_INPUTS=<n>` sets how many in all (100 000 by default).

// The crate root of a test looks for modules beside it, not in `fuzz/`.
#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/rng.rs"]
mod rng;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{json, Value};
use vigie::matching::pool::Pool;
use vigie::messages::vocabulary::DataKind;
use vigie::observe::url::WebUrl;
use vigie::sites::inventory::ExtensionRef;
use vigie::sites::SiteModels;
use vigie::{Engine, ErrorKind, Event, Limits};

use crate::mutate::{mutate_text, mutate_value, tricky_string, url};
use crate::rng::{config, Rng};

/// What one input did wrong, if anything.
type Outcome = Result<(), String>;

/// Runs `check` on one input, turning a panic into a failure.
fn guarded(check: impl FnOnce() -> Outcome) -> Outcome {
    catch_unwind(AssertUnwindSafe(check)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("panicked: {message}"))
    })
}

/// Failures of one target, reported together at its end, each as a
/// regression case ready to be saved under `tests/regressions/`.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn add(&mut self, why: String, case: Value) {
        if self.0.len() < 5 {
            self.0.push(format!(
                "{why}\n  regression case: {}",
                serde_json::to_string(&case).unwrap_or_default()
            ));
        }
    }

    fn assert_none(&self, target: &str, inputs: usize) {
        assert!(
            self.0.is_empty(),
            "{target}: {} failing inputs of {inputs} (seed from VIGIE_FUZZ_SEED or the default):\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

// ---- the corpus ------------------------------------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The events of every scenario, as JSON values with their version.
fn scenarios() -> Vec<Vec<Value>> {
    let scenarios: Vec<Vec<Value>> = json_files(&root().join("tests/scenarios"))
        .iter()
        .filter_map(|path| {
            let scenario: Value = serde_json::from_str(&fs::read_to_string(path).ok()?).ok()?;
            let events = scenario["events"].as_array()?;
            Some(events.to_vec())
        })
        .collect();
    assert!(!scenarios.is_empty(), "no scenarios in tests/scenarios");
    scenarios
}

/// An event as JSON text, with the version where the shell puts it (first),
/// where serde_json puts it (sorted), or last.
fn event_text(rng: &mut Rng, event: &Value) -> String {
    let body = event.to_string();
    let fields = body
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .unwrap_or("");
    let comma = if fields.is_empty() { "" } else { "," };
    match rng.below(4) {
        0 | 1 => format!(r#"{{"v":1{comma}{fields}}}"#),
        2 => format!(r#"{{{fields}{comma}"v":1}}"#),
        _ => {
            let mut event = event.clone();
            if let Some(map) = event.as_object_mut() {
                map.insert("v".into(), json!(1));
            }
            event.to_string()
        }
    }
}

/// One scenario event, mutated or not.
fn fuzzed_event(rng: &mut Rng, event: &Value) -> (String, bool) {
    if rng.one_in(3) {
        return (event_text(rng, event), false);
    }
    let mut event = event.clone();
    let mut text = if rng.one_in(4) {
        event_text(rng, &event)
    } else {
        for _ in 0..1 + rng.below(3) {
            mutate_value(rng, &mut event);
        }
        event_text(rng, &event)
    };
    if rng.one_in(3) {
        for _ in 0..1 + rng.below(3) {
            mutate_text(rng, &mut text);
        }
    }
    (text, true)
}

// ---- events ------------------------------------------------------------------

const STABLE_KINDS: &[ErrorKind] = &[
    ErrorKind::MalformedEvent,
    ErrorKind::UnsupportedVersion,
    ErrorKind::EventTooLarge,
];

/// The state a snapshot holds, without the rejection counters that a
/// refused event moves.
fn state_without_rejections(snapshot: &str) -> Value {
    let mut value: Value = serde_json::from_str(snapshot).unwrap_or(Value::Null);
    if let Some(state) = value.get_mut("state").and_then(Value::as_object_mut) {
        state.remove("rejectedEvents");
        state.remove("lastRejection");
    }
    value
}

/// Equal JSON values, numbers within a few units in the last place:
/// serde_json (without its `float_roundtrip` feature) may read a number it
/// wrote one unit off when the digits exceed what an f64 holds exactly
/// (times such as `1844674407351615.0`; real ones, in whole milliseconds,
/// read back exactly).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y || (x - y).abs() <= x.abs().max(y.abs()) * 1e-15,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// Feeds one event text to the engine and checks what must hold.
fn feed(engine: &mut Engine, text: &str, compare_state: bool) -> Outcome {
    let before = compare_state.then(|| engine.snapshot());
    let health = engine.health();
    match engine.ingest_json(text) {
        Ok(out) => {
            // Accepted: what was kept reads back as itself, with nothing
            // left to cut.
            let event = Event::from_json(text, engine.limits()).map_err(|e| {
                format!("accepted by the engine but refused by Event::from_json: {e}")
            })?;
            let again = Event::from_json_capped(&event.to_json(), engine.limits())
                .map_err(|e| format!("an accepted event does not read back: {e}"))?;
            if !same_json(&json!(again.event), &json!(event)) || !again.truncated.is_empty() {
                return Err(format!(
                    "an accepted event reads back otherwise: {event:?} then {:?}",
                    again
                ));
            }
            if out.findings.iter().any(|f| f.key.is_empty()) {
                return Err("a finding without a key".into());
            }
            Ok(())
        }
        Err(e) => {
            if !STABLE_KINDS.contains(&e.kind()) || e.message().is_empty() {
                return Err(format!("refused with an unexpected error: {e:?}"));
            }
            if e.message().len() > 1024 {
                return Err(format!("error message of {} bytes", e.message().len()));
            }
            let after = engine.health();
            if after.rejected_events != health.rejected_events + 1
                || after.accepted_events != health.accepted_events
            {
                return Err(format!("a refusal moved the counters: {after:?}"));
            }
            if let Some(before) = before {
                if state_without_rejections(&before) != state_without_rejections(&engine.snapshot())
                {
                    return Err(format!("a refused event ({e}) changed the state"));
                }
            }
            Ok(())
        }
    }
}

/// The engine still answers, survives a snapshot round trip, and takes a
/// valid event.
fn usable(engine: &mut Engine, sites: &[String]) -> Outcome {
    for site in sites {
        let report = engine.site_report(site);
        if report.badge.count > report.findings.len() {
            return Err(format!("badge of {site} counts more than its findings"));
        }
    }
    let _ = engine.all_findings();
    let snapshot = engine.snapshot();
    let restored = Engine::restore(&snapshot).map_err(|e| format!("own snapshot refused: {e}"))?;
    let again = restored.snapshot();
    if again != snapshot {
        let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
        if !same_json(&parse(&again), &parse(&snapshot)) {
            return Err("a snapshot does not restore to itself".into());
        }
    }
    let probe = r#"{"v":1,"type":"navigation","time":99999999,"tabId":77,"url":"https://www.linkedin.com/in/zz-usable/"}"#;
    match engine.ingest_json(probe) {
        Ok(_) => Ok(()),
        // A snapshot carries its limits: restored ones may be too small for
        // the probe (the engine then refuses it, as it should).
        Err(e)
            if e.kind() == ErrorKind::EventTooLarge
                && engine.limits().max_event_bytes < probe.len() =>
        {
            Ok(())
        }
        Err(e) => Err(format!("a valid event refused afterwards: {e}")),
    }
}

/// The sites a sequence of events touches, for the usability check.
fn sites_of(texts: &[String]) -> Vec<String> {
    let mut sites: Vec<String> = texts
        .iter()
        .filter_map(|t| serde_json::from_str::<Value>(t).ok())
        .filter_map(|v| {
            let url = v
                .get("url")
                .or_else(|| v.get("pageUrl"))?
                .as_str()?
                .to_owned();
            Engine::site_of(&url)
        })
        .collect();
    sites.sort();
    sites.dedup();
    sites.truncate(8);
    sites
}

/// Replays a sequence of events into a fresh engine with every check.
fn replay_events(texts: &[String]) -> Outcome {
    guarded(|| {
        let mut engine = Engine::new();
        for text in texts {
            feed(&mut engine, text, true)?;
        }
        usable(&mut engine, &sites_of(texts))
    })
}

/// One mutated event in this many has its refusal checked against whole
/// snapshots (each costs two snapshots and their parse); every refusal has
/// its counters checked.
const COMPARE_ONE_IN: usize = 8;

#[test]
fn events_never_panic_and_refused_ones_change_nothing() {
    let cfg = config("events", 0.42);
    let mut rng = Rng::new(cfg.seed);
    let corpus = scenarios();
    let mut failures = Failures::default();
    let (mut done, mut accepted, mut findings) = (0, 0, 0);
    while done < cfg.inputs {
        // One engine per sequence: a few scenarios, mutated as they go.
        let mut engine = Engine::new();
        let mut history: Vec<String> = vec![];
        let mut broken = false;
        for _ in 0..2 + rng.below(4) {
            let scenario = rng.pick(&corpus).clone();
            for event in &scenario {
                let (text, mutated) = fuzzed_event(&mut rng, event);
                // Comparing whole states is the costly check: a sample.
                let compare = mutated && rng.one_in(COMPARE_ONE_IN);
                history.push(text.clone());
                done += 1;
                if let Err(why) = guarded(|| feed(&mut engine, &text, compare)) {
                    // The shortest case first: the event alone.
                    let alone = vec![text.clone()];
                    let case = if replay_events(&alone).is_err() {
                        alone
                    } else {
                        history.clone()
                    };
                    failures.add(why, json!({"target": "events", "inputs": case}));
                    broken = true;
                    break;
                }
            }
            if broken {
                break;
            }
        }
        if !broken {
            let health = engine.health();
            accepted += health.accepted_events;
            findings += engine.all_findings().len();
            if let Err(why) = guarded(|| usable(&mut engine, &sites_of(&history))) {
                failures.add(why, json!({"target": "events", "inputs": history}));
            }
        }
    }
    // Shown with `--nocapture`: the mutations must leave enough events
    // accepted for the detectors to run.
    println!(
        "events: {done} fed, {accepted} accepted, {findings} findings at the ends of sequences"
    );
    failures.assert_none("events", done);
}

#[test]
fn events_cut_at_every_byte_never_panic() {
    // Every prefix of every scenario event (cut on character boundaries),
    // each with a few bytes of another event spliced in.
    let cfg = config("prefixes", 0.10);
    let mut rng = Rng::new(cfg.seed);
    let limits = Limits::default();
    let texts: Vec<String> = scenarios()
        .iter()
        .flatten()
        .map(|e| event_text(&mut rng, e))
        .collect();
    let mut failures = Failures::default();
    let mut done = 0;
    while done < cfg.inputs {
        let text = rng.pick(&texts);
        let other = rng.pick(&texts);
        let cut = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .nth(rng.below(text.len() + 1))
            .unwrap_or(0);
        let splice = &other[..(0..=other.len().min(12))
            .rev()
            .find(|&i| other.is_char_boundary(i))
            .unwrap_or(0)];
        for input in [text[..cut].to_owned(), format!("{}{splice}", &text[..cut])] {
            done += 1;
            let outcome = guarded(|| match Event::from_json_capped(&input, &limits) {
                Ok(capped) if input.len() < text.len() && capped.event.time() < 0.0 => {
                    Err("a negative time accepted".into())
                }
                _ => Ok(()),
            });
            if let Err(why) = outcome {
                failures.add(why, json!({"target": "events", "inputs": [input]}));
            }
        }
    }
    failures.assert_none("prefixes", done);
}

// ---- snapshots -----------------------------------------------------------------

/// Snapshots of engines that ran each scenario.
fn snapshots(rng: &mut Rng) -> Vec<String> {
    scenarios()
        .iter()
        .map(|events| {
            let mut engine = Engine::new();
            for event in events {
                let _ = engine.ingest_json(&event_text(rng, event));
            }
            engine.snapshot()
        })
        .collect()
}

/// Restores a snapshot; a restored engine takes `events` and answers like
/// any other.
fn check_restore(text: &str, events: &[String]) -> Outcome {
    match Engine::restore(text) {
        Err(e) if e.kind() == ErrorKind::InvalidSnapshot => Ok(()),
        Err(e) => Err(format!("restore refused with {e:?}")),
        Ok(mut engine) => {
            for event in events {
                let _ = engine.ingest_json(event);
            }
            let _ = engine.health();
            let sites: Vec<String> = engine.all_findings().into_iter().map(|f| f.site).collect();
            usable(&mut engine, &sites)
        }
    }
}

#[test]
fn snapshots_never_panic_on_restore() {
    let cfg = config("snapshots", 0.02);
    let mut rng = Rng::new(cfg.seed);
    let bases = snapshots(&mut rng);
    let corpus = scenarios();
    let mut failures = Failures::default();
    for _ in 0..cfg.inputs {
        let base = rng.pick(&bases);
        let text = if rng.one_in(4) {
            let mut text = base.clone();
            for _ in 0..1 + rng.below(4) {
                mutate_text(&mut rng, &mut text);
            }
            text
        } else {
            let mut value: Value = serde_json::from_str(base).unwrap_or(Value::Null);
            for _ in 0..1 + rng.below(4) {
                mutate_value(&mut rng, &mut value);
            }
            value.to_string()
        };
        let scenario = rng.pick(&corpus);
        let events: Vec<String> = scenario
            .iter()
            .take(4)
            .map(|e| fuzzed_event(&mut rng, e).0)
            .collect();
        if let Err(why) = guarded(|| check_restore(&text, &events)) {
            failures.add(
                why,
                json!({"target": "snapshot", "input": text, "events": events}),
            );
        }
    }
    failures.assert_none("snapshots", cfg.inputs);
}

// ---- URLs, extension references, site models --------------------------------------

fn check_url(input: &str, models: &SiteModels, engine: &Engine) -> Outcome {
    if let Some(u) = WebUrl::parse(input) {
        if !u.path.starts_with('/') {
            return Err(format!("path without its slash: {:?}", u.path));
        }
        if u.host.is_empty() || u.host.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(format!("host not lower-cased: {:?}", u.host));
        }
        if let Some((model, kind)) = models.classify(&u) {
            let _ = models.page_identity(&u);
            if let Some(slug) = kind.slug() {
                let _ = model.is_contact_link(input, slug);
                let _ = model.member_id(slug);
            }
        }
        for model in models.iter() {
            let _ = model.classify_request(&u);
            let _ = model.classify_path(u.path);
            let _ = model.is_first_party(&u.host);
            let _ = model.is_contact_label(input);
            let _ = model.member_id(input);
        }
    }
    if let Some(r) = ExtensionRef::parse(input) {
        if !(r.id.len() == 32 || r.id.len() == 36) || !r.path.starts_with('/') {
            return Err(format!("extension reference out of shape: {r:?}"));
        }
    }
    let _ = Engine::site_of(input);
    let _ = engine.is_profile_site(input);
    Ok(())
}

#[test]
fn urls_never_panic_any_parser_or_site_model() {
    let cfg = config("urls", 0.30);
    let mut rng = Rng::new(cfg.seed);
    let models = SiteModels::builtin();
    let engine = Engine::new();
    let mut failures = Failures::default();
    for _ in 0..cfg.inputs {
        let input = match rng.below(4) {
            0 => tricky_string(&mut rng),
            1 => rng.string(40),
            _ => {
                let mut text = url(&mut rng);
                if rng.one_in(2) {
                    mutate_text(&mut rng, &mut text);
                }
                text
            }
        };
        if let Err(why) = guarded(|| check_url(&input, &models, &engine)) {
            failures.add(why, json!({"target": "url", "input": input}));
        }
    }
    failures.assert_none("urls", cfg.inputs);
}

// ---- the matcher ---------------------------------------------------------------

/// A pool of a few random values, some well formed, some not.
fn random_pool(rng: &mut Rng) -> (Pool, Vec<(DataKind, String)>) {
    let mut pool = Pool::new();
    let mut values = vec![];
    for _ in 0..1 + rng.below(5) {
        let (kind, value) = match rng.below(5) {
            0 => (
                DataKind::Email,
                format!("{}@{}.example", rng.string(8), rng.string(5)),
            ),
            1 => (
                DataKind::Email,
                format!("user{}@mail.example", rng.below(1000)),
            ),
            2 => (
                DataKind::Phone,
                format!("+33 6 {:08}", rng.below(100_000_000)),
            ),
            3 => (
                DataKind::Name,
                format!("{} {}", rng.string(6), rng.string(8)),
            ),
            _ => (DataKind::Phone, tricky_string(rng)),
        };
        let value: String = value;
        pool.add_value(kind, &value, Some("fuzz"), false);
        values.push((kind, value));
    }
    if rng.one_in(2) {
        pool.add_harvested(&tricky_string(rng));
    }
    (pool, values)
}

/// Random bytes read as text the way a body arrives (lossily decoded).
fn random_body(rng: &mut Rng) -> String {
    let n = rng.below(1500);
    let bytes: Vec<u8> = match rng.below(4) {
        0 => (0..n).map(|_| rng.next_u64() as u8).collect(),
        1 => (0..n)
            .map(|_| {
                *rng.pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ %")
            })
            .collect(),
        2 => (0..n)
            .map(|_| *rng.pick(b"0123456789%+-() .@abcdefABCDEF"))
            .collect(),
        _ => tricky_string(rng).into_bytes(),
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

fn check_scan(pool: &Pool, values: &[(DataKind, String)], texts: &[String]) -> Outcome {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let scan = pool.scan_bounded(&refs);
    for (i, hit) in scan.hits.iter().enumerate() {
        if scan.hits[..i].contains(hit) {
            return Err(format!("a hit reported twice: {hit:?}"));
        }
    }
    // A watched e-mail planted as it is, between spaces, is always found.
    if let Some((_, email)) = values.iter().find(|(k, v)| {
        *k == DataKind::Email && v.is_ascii() && v.contains('@') && v.trim().len() >= 6
    }) {
        let planted = format!("{} {} {}", texts[0], email.trim(), texts[texts.len() - 1]);
        if pool.scan(&[&planted]).is_empty() {
            return Err(format!("a planted e-mail was not found: {email:?}"));
        }
    }
    Ok(())
}

#[test]
fn the_matcher_never_panics_on_any_body() {
    let cfg = config("matcher", 0.16);
    let mut rng = Rng::new(cfg.seed);
    let mut failures = Failures::default();
    let mut done = 0;
    while done < cfg.inputs {
        // Building a pool costs more than a scan: each scans many bodies.
        let (pool, values) = random_pool(&mut rng);
        for _ in 0..200 {
            let texts: Vec<String> = (0..1 + rng.below(2))
                .map(|_| random_body(&mut rng))
                .collect();
            done += 1;
            if let Err(why) = guarded(|| check_scan(&pool, &values, &texts)) {
                let values: Vec<Value> =
                    values.iter().map(|(k, v)| json!([k.as_str(), v])).collect();
                failures.add(
                    why,
                    json!({"target": "matcher", "values": values, "texts": texts}),
                );
            }
        }
    }
    failures.assert_none("matcher", done);
}

// ---- regressions ---------------------------------------------------------------

fn replay(case: &Value) -> Outcome {
    let strings = |key: &str| -> Vec<String> {
        case[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let input = case["input"].as_str().unwrap_or_default();
    match case["target"].as_str() {
        Some("events") => replay_events(&strings("inputs")),
        Some("snapshot") => guarded(|| check_restore(input, &strings("events"))),
        Some("url") => guarded(|| check_url(input, &SiteModels::builtin(), &Engine::new())),
        Some("matcher") => guarded(|| {
            let mut pool = Pool::new();
            let mut values = vec![];
            for pair in case["values"].as_array().into_iter().flatten() {
                let kind = pair[0]
                    .as_str()
                    .and_then(DataKind::parse)
                    .unwrap_or(DataKind::Name);
                let value = pair[1].as_str().unwrap_or_default().to_owned();
                pool.add_value(kind, &value, None, false);
                values.push((kind, value));
            }
            let texts = strings("texts");
            if texts.is_empty() {
                return Ok(());
            }
            check_scan(&pool, &values, &texts)
        }),
        other => Err(format!("unknown target {other:?}")),
    }
}

#[test]
fn every_input_that_once_broke_a_parser_is_handled() {
    let files = json_files(&root().join("tests/regressions"));
    assert!(!files.is_empty(), "no cases in tests/regressions");
    for path in files {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let case: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
        if let Err(why) = replay(&case) {
            panic!("{}: {why}", path.display());
        }
    }
}

// ---- the request decoder ---------------------------------------------------------

/// Bodies that start as something the decoder knows (gzip, zlib in an
/// envelope, base64 of gzip, lz-string, multipart, hex, escapes), then
/// mutated byte by byte, cut, or spliced with random bytes.
fn decoder_seeds() -> Vec<Vec<u8>> {
    let json = br#"{"type":"identify","traits":{"email":"ada@example.org"},"n":[1,2,3]}"#;
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    gz.extend(miniz_oxide::deflate::compress_to_vec(json, 6));
    gz.extend([0; 8]);
    let zlib = miniz_oxide::deflate::compress_to_vec_zlib(json, 6);
    let mut envelope = b"{\"event_id\":\"1\"}\n{\"type\":\"replay\"}\n".to_vec();
    envelope.extend(&zlib);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&gz);
    let mut multipart = b"--xYz\r\nContent-Type: a/b\r\n\r\n".to_vec();
    multipart.extend(&gz);
    multipart.extend(b"\r\n--xYz--\r\n");
    vec![
        gz,
        envelope,
        format!("data={b64}").into_bytes(),
        b"N4IgpgtghglgNiAXCKATKABMAPKEAOcYAdAPYBOA5iADQgAuSAjAL5A=".to_vec(),
        // The same JSON, lz-string's compressToUTF16 in a JSON string, and
        // its compressToUint8Array.
        "{\"d\":\"\u{1be1}\u{849}\u{418c}\u{880}\u{4b21}\u{58a0}\u{2e31}\u{2033}\u{1420}\u{1320}\u{1e70}\u{402e}\u{38e0}\u{760}\u{1ee0}\u{13a0}\u{7330}\u{f0}\u{4025}\u{64a0}\u{4621}\u{3e60} \"}"
            .as_bytes()
            .to_vec(),
        b"\x37\x82\x20\xa6\x0b\x60\x86\x09\x60\x36\x20\x17\x08\xa0\x13\x28\x00\x4c\x00\xf2\x84\x00\xe7\x18\x01\xd0\x0f\x60\x13\x80\xe6\x20\x03\x42\x00\x2e\x48\x08\xc0\x2f\x90\x00".to_vec(),
        multipart,
        b"d=7b22656d61696c223a22616461406578616d706c652e6f7267227d".to_vec(),
        b"data=%7B%22email%22%3A%22ada%40example.org%22%7D\xed\xa0\x80\xe2\x80\x8b".to_vec(),
    ]
}

#[test]
fn the_request_decoder_never_panics_and_stays_bounded() {
    use vigie::matching::decode::{decode, Body, MAX_DECODED_BYTES, MAX_INFLATED_BYTES};
    let cfg = config("decoder", 1.0);
    let mut rng = Rng::new(cfg.seed);
    let seeds = decoder_seeds();
    let mut failures = Failures::default();
    for _ in 0..cfg.inputs {
        let mut body = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(4) {
            match rng.below(4) {
                0 if !body.is_empty() => {
                    let at = rng.below(body.len());
                    body[at] = rng.next_u64() as u8;
                }
                1 if !body.is_empty() => body.truncate(rng.below(body.len())),
                2 => {
                    let at = rng.below(body.len() + 1);
                    let junk: Vec<u8> = (0..rng.below(16)).map(|_| rng.next_u64() as u8).collect();
                    body.splice(at..at, junk);
                }
                _ => body.extend(tricky_string(&mut rng).into_bytes()),
            }
        }
        let encoding = *rng.pick(&[None, Some("gzip"), Some("deflate"), Some("br")]);
        let outcome = guarded(|| {
            let d = decode(
                "https://t.example/c?x=%41",
                Some(Body::Bytes(&body)),
                encoding,
            );
            let total: usize = d.pieces.iter().map(|p| p.text.len()).sum();
            let bound = MAX_DECODED_BYTES + MAX_INFLATED_BYTES + 4 * body.len() + 64;
            if total > bound {
                return Err(format!("{total} bytes decoded from {}", body.len()));
            }
            Ok(())
        });
        if let Err(why) = outcome {
            failures.add(
                why,
                json!({"target": "decoder", "body": base64::engine::general_purpose::STANDARD.encode(&body), "encoding": encoding}),
            );
        }
    }
    failures.assert_none("decoder", cfg.inputs);
}
