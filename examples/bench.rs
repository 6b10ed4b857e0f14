//! Engine throughput on a synthetic browsing session: navigations across many
//! sites and profiles, with an extension injecting a panel on every profile.
//! Prints events per second and the snapshot's size and timings.
//!
//! The events are written as the shell writes them (`JSON.stringify` of
//! `{v, type, ...fields}`: the version and the kind first), which the core
//! parses straight into the variant; the same session with its keys in
//! another order (sorted, as `serde_json` writes them) is found by a scan
//! and rewritten the same way, and is timed too.
//!
//! Then a page's own API traffic, as a LinkedIn feed sends it: GraphQL
//! reads with their headers, and tracking posts of a few kilobytes of JSON,
//! which the engine reads for account identifiers.
//!
//! `./build.sh bench` (release build). Numbers vary ±30% on a shared VM.

use std::time::Instant;

use serde_json::json;
use vigie::Engine;

const PANEL: &str = "abcdefghijklmnopabcdefghijklmnop";

fn session(events: usize, write: fn(&serde_json::Value) -> String) -> Vec<String> {
    let mut out = vec![write(
        &json!({"v":1,"type":"extensionInventory","time":0,"extensions":[
        {"id": PANEL, "name": "Fixture Contact Panel", "version": "1.2.0"}]}),
    )];
    for i in 0..events / 2 {
        let time = i as f64 * 10.0;
        let tab = (i % 8) as i64;
        let url = if i % 3 == 0 {
            format!("https://news{}.example.org/article/{i}", i % 40)
        } else {
            format!("https://www.linkedin.com/in/person-{}/", i % 2000)
        };
        out.push(write(
            &json!({"v":1,"type":"navigation","time":time,"tabId":tab,"url":url}),
        ));
        out.push(write(
            &json!({"v":1,"type":"domInjection","time":time + 1.0,"tabId":tab,"pageUrl":url,
                   "resourceUrl": format!("chrome-extension://{PANEL}/panel.html"),
                   "element":"iframe","attribute":"src"}),
        ));
    }
    out
}

/// `{"v":1,"type":"…",…}`: the version and the kind first, as the shell's
/// `JSON.stringify` writes them (serde_json sorts the keys). Written in
/// place: a clone of each value would leave the allocator's heap in a state
/// that slows everything measured after it.
fn as_shell_writes(event: &serde_json::Value) -> String {
    let object = event.as_object().expect("events are objects");
    let mut out = String::from(r#"{"v":1,"type":"#);
    out.push_str(&object["type"].to_string());
    for (key, value) in object {
        if key != "v" && key != "type" {
            out.push(',');
            out.push_str(&serde_json::Value::from(key.as_str()).to_string());
            out.push(':');
            out.push_str(&value.to_string());
        }
    }
    out.push('}');
    out
}

fn ingest_all(label: &str, events: &[String]) -> Engine {
    let mut engine = Engine::new();
    let start = Instant::now();
    for e in events {
        engine.ingest_json(e).expect("benchmark events are valid");
    }
    let elapsed = start.elapsed();
    println!(
        "ingest{label}: {} events in {:.1} ms = {:.0} events/s ({:.2} µs/event)",
        events.len(),
        elapsed.as_secs_f64() * 1e3,
        events.len() as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / events.len() as f64
    );
    engine
}

/// A feed page and `requests` of its first-party API calls: GraphQL reads
/// and tracking posts (5 KB of JSON, base64 as the shell sends a body).
fn first_party_session(requests: usize) -> Vec<String> {
    use base64::Engine as _;
    let impression = json!({
        "eventInfo": {"eventName": "FeedImpressionEvent", "appId": "com.linkedin.flagship3.d_web"},
        "eventBody": {"header": {"time": 1_796_548_002_393u64, "pageInstance": "urn:li:page:d_flagship3_feed;F9MHP761nNd1GrJEf/bXzA=="},
            "entities": (0..40).map(|i| json!({"urn": format!("urn:li:fsd_update:(urn:li:activity:72100000000000{i:04},MAIN_FEED,EMPTY,DEFAULT,false)"),
                "visibleTime": 1_796_548_002_000u64 + i, "duration": 1200 + i, "position": i})).collect::<Vec<_>>()},
    });
    let body = base64::engine::general_purpose::STANDARD.encode(format!("[{impression}]"));
    let mut out = vec![as_shell_writes(
        &json!({"v":1,"type":"navigation","time":0,"tabId":1,
        "url":"https://www.linkedin.com/feed/","transition":"typed","qualifiers":[],"unrequested":false}),
    )];
    for i in 0..requests {
        let time = 1.0 + i as f64;
        out.push(as_shell_writes(&if i % 2 == 0 {
            json!({"v":1,"type":"request","time":time,"tabId":1,"method":"GET","resourceType":"xmlhttprequest","frameId":0,
                "url": format!("https://www.linkedin.com/voyager/api/graphql?includeWebMetadata=true&variables=(start:{i},count:10,sortOrder:RELEVANCE)&queryId=voyagerFeedDashMainFeed.3f90b48afde9bfb07bdcb39e7d8c11ba"),
                "origin":"https://www.linkedin.com","body":null,"bodyTruncated":false,
                "headers":[{"name":"csrf-token","value":"ajax:62599490198724272928"},{"name":"x-restli-protocol-version","value":"2.0.0"},
                    {"name":"accept","value":"application/vnd.linkedin.normalized+json+2.1"}]})
        } else {
            json!({"v":1,"type":"request","time":time,"tabId":1,"method":"POST","resourceType":"xmlhttprequest","frameId":0,
                "url":"https://www.linkedin.com/li/track","origin":"https://www.linkedin.com","body":null,"bodyBase64":body,
                "bodyTruncated":false,"headers":[]})
        }));
    }
    out
}

/// The main figure, in a function of its own so that a profiler can be
/// told to count it alone (`valgrind --tool=callgrind
/// --toggle-collect=bench::ingest_shell_layout`).
#[inline(never)]
fn ingest_shell_layout(events: &[String]) -> Engine {
    ingest_all("", events)
}

fn main() {
    // VIGIE_BENCH_EVENTS: a shorter session, e.g. under callgrind.
    let events = std::env::var("VIGIE_BENCH_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let engine = ingest_shell_layout(&session(events, as_shell_writes));
    ingest_all(
        " (keys sorted, as serde_json writes them)",
        &session(events, |e| e.to_string()),
    );
    ingest_all(
        " (a feed page and 20,000 of its first-party API requests: GraphQL reads, 5 KB tracking posts)",
        &first_party_session(20_000),
    );
    let start = Instant::now();
    let snapshot = engine.snapshot();
    let snap_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let restored = Engine::restore(&snapshot).expect("own snapshot restores");
    let restore_ms = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "snapshot: {} bytes, written in {snap_ms:.2} ms, restored in {restore_ms:.2} ms ({} findings)",
        snapshot.len(),
        restored.all_findings().len()
    );
}
