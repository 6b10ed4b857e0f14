//! Engine throughput on a synthetic browsing session: navigations across many
//! sites and profiles, with an extension injecting a panel on every profile.
//! Prints events per second and the snapshot's size and timings.
//!
//! `./build.sh bench` (release build). Numbers vary ±30% on a shared VM.

use std::time::Instant;

use serde_json::json;
use vigie::Engine;

const PANEL: &str = "abcdefghijklmnopabcdefghijklmnop";

fn session(events: usize) -> Vec<String> {
    let mut out = vec![
        json!({"v":1,"type":"extensionInventory","time":0,"extensions":[
        {"id": PANEL, "name": "Fixture Contact Panel", "version": "1.2.0"}]})
        .to_string(),
    ];
    for i in 0..events / 2 {
        let time = i as f64 * 10.0;
        let tab = (i % 8) as i64;
        let url = if i % 3 == 0 {
            format!("https://news{}.example.org/article/{i}", i % 40)
        } else {
            format!("https://www.linkedin.com/in/person-{}/", i % 2000)
        };
        out.push(json!({"v":1,"type":"navigation","time":time,"tabId":tab,"url":url}).to_string());
        out.push(
            json!({"v":1,"type":"domInjection","time":time + 1.0,"tabId":tab,"pageUrl":url,
                   "resourceUrl": format!("chrome-extension://{PANEL}/panel.html"),
                   "element":"iframe","attribute":"src"})
            .to_string(),
        );
    }
    out
}

fn main() {
    let events = session(200_000);
    let mut engine = Engine::new();
    let start = Instant::now();
    for e in &events {
        engine.ingest_json(e).expect("benchmark events are valid");
    }
    let elapsed = start.elapsed();
    println!(
        "ingest: {} events in {:.1} ms = {:.0} events/s ({:.2} µs/event)",
        events.len(),
        elapsed.as_secs_f64() * 1e3,
        events.len() as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / events.len() as f64
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
