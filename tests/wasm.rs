//! The engine through the JavaScript boundary, in a real browser
//! (`wasm-pack test --headless --chrome`): JS values in, JS values out,
//! errors as `Error` objects named by their kind.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use vigie::wasm::WasmEngine;

wasm_bindgen_test_configure!(run_in_browser);

const PANEL: &str = "abcdefghijklmnopabcdefghijklmnop";

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(value.clone(), |v, key| match key.parse::<u32>() {
            Ok(i) => Reflect::get_u32(&v, i).unwrap(),
            Err(_) => Reflect::get(&v, &key.into()).unwrap(),
        })
}

fn engine_with_panel() -> WasmEngine {
    let mut engine = WasmEngine::new();
    engine
        .ingest(&js(&format!(
            r#"{{"v":1,"type":"extensionInventory","time":1,"selfId":"ponmlkjihgfedcbaponmlkjihgfedcba",
                "extensions":[{{"id":"{PANEL}","name":"Fixture Contact Panel","version":"1.2.0","enabled":true}}]}}"#
        )))
        .unwrap();
    engine
}

fn injection(page: &str) -> JsValue {
    js(&format!(
        r#"{{"v":1,"type":"domInjection","time":5,"tabId":2,"pageUrl":"{page}",
            "resourceUrl":"chrome-extension://{PANEL}/panel.html","element":"iframe","attribute":"src"}}"#
    ))
}

#[wasm_bindgen_test]
fn an_injection_on_a_profile_comes_back_as_a_plain_js_finding() {
    let mut engine = engine_with_panel();
    let out = engine
        .ingest(&injection("https://www.linkedin.com/in/alice-martin/"))
        .unwrap();
    let finding = get(&out, "findings.0");
    assert_eq!(get(&finding, "severity").as_string().unwrap(), "warning");
    assert_eq!(
        get(&finding, "actor.name").as_string().unwrap(),
        "Fixture Contact Panel"
    );
    assert_eq!(
        get(&finding, "message.key").as_string().unwrap(),
        "findingInjectedUiProfile"
    );
    assert_eq!(
        get(&finding, "evidence.counts.profiles").as_f64(),
        Some(1.0)
    );
    // JSON-compatible: counts are a plain object, not a Map.
    assert!(get(&finding, "evidence.counts").is_object());
    assert!(!get(&finding, "evidence.counts").is_instance_of::<js_sys::Map>());
    let badge = engine.badge("www.linkedin.com").unwrap();
    assert_eq!(get(&badge, "count").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn errors_are_thrown_as_errors_named_by_kind() {
    let mut engine = engine_with_panel();
    let cases = [
        (
            js(r#"{"type":"tabClosed","time":1,"tabId":1}"#),
            "UnsupportedVersion",
        ),
        (
            js(r#"{"v":1,"type":"nonsense","time":1}"#),
            "MalformedEvent",
        ),
        (JsValue::from_str("just a string"), "MalformedEvent"),
        (JsValue::UNDEFINED, "MalformedEvent"),
    ];
    for (event, kind) in cases {
        let err = engine.ingest(&event).unwrap_err();
        let err: js_sys::Error = err.dyn_into().expect("an Error object");
        assert_eq!(String::from(err.name()), kind);
    }
    let cyclic = js_sys::Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let err: js_sys::Error = engine.ingest(&cyclic).unwrap_err().dyn_into().unwrap();
    assert_eq!(String::from(err.name()), "MalformedEvent");
    let big = format!(
        r#"{{"v":1,"type":"tabClosed","time":1,"tabId":1,"pad":"{}"}}"#,
        "x".repeat(300_000)
    );
    let err: js_sys::Error = engine.ingest(&js(&big)).unwrap_err().dyn_into().unwrap();
    assert_eq!(String::from(err.name()), "EventTooLarge");
    assert_eq!(
        get(&engine.health().unwrap(), "rejectedEvents").as_f64(),
        Some(6.0)
    );
}

#[wasm_bindgen_test]
fn snapshot_text_restores_the_same_findings() {
    let mut engine = engine_with_panel();
    engine
        .ingest(&injection("https://www.linkedin.com/in/bruno-keller/"))
        .unwrap();
    let restored = WasmEngine::restore(&engine.snapshot()).unwrap();
    let a = JSON::stringify(&engine.all_findings().unwrap()).unwrap();
    let b = JSON::stringify(&restored.all_findings().unwrap()).unwrap();
    assert_eq!(String::from(a), String::from(b));
    let err: js_sys::Error = WasmEngine::restore("{oops")
        .err()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(String::from(err.name()), "InvalidSnapshot");
}

#[wasm_bindgen_test]
fn site_report_and_forget_site_work_through_js() {
    let mut engine = engine_with_panel();
    engine
        .ingest(&injection("https://www.linkedin.com/in/alice-martin/"))
        .unwrap();
    let report = engine.site_report("www.linkedin.com").unwrap();
    assert_eq!(Array::from(&get(&report, "findings")).length(), 1);
    assert_eq!(get(&report, "extensions.total").as_f64(), Some(1.0));
    assert_eq!(WasmEngine::site_of("chrome://extensions/"), None);
    assert_eq!(engine.forget_site("www.linkedin.com"), 1);
    let badge = engine.badge("www.linkedin.com").unwrap();
    assert_eq!(get(&badge, "count").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn names_are_lowercased_by_unicode_through_the_browser() {
    use sha2::{Digest, Sha256};
    use vigie::matching::matcher::Matcher;
    use vigie::messages::event::{ContactValue, DataKind};
    let matcher = Matcher::new(&[ContactValue {
        kind: DataKind::Name,
        value: "ÉLODIE ŒSTERGAARD".into(),
    }])
    .unwrap();
    // The pixel's query: the SHA-256 of `word`, in hex.
    let scan_hash = |word: &str| {
        let hex: String = Sha256::digest(word.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        matcher.scan(&format!("https://px.example/t?fn={hex}"), &[], None)
    };
    let hit = scan_hash("élodie");
    assert_eq!(hit[0].data_kind, DataKind::Name);
    assert!(scan_hash("Élodie").is_empty());
}
