//! Worst-case work of recognising contact data by its shape
//! (`src/detectors/contact_shapes.rs`): requests from a LinkedIn profile tab
//! to another host, carrying member identities and bodies of the largest
//! size the core takes, built to cost the e-mail and phone patterns the
//! most. Medians of five runs per body, in milliseconds.
//!
//!   cargo run --release --example bench_shapes

use std::time::Instant;

use serde_json::json;
use vigie::Engine;

const BODY_BYTES: usize = 64 * 1024;

fn bodies() -> Vec<(&'static str, String)> {
    let members = "https://www.linkedin.com/in/ada-lovelace urn:li:fsd_profile:ACoAABcdEfGhIjKlMn ";
    let fill = |unit: &str| {
        let mut body = members.to_owned();
        while body.len() < BODY_BYTES {
            body.push_str(unit);
        }
        body.truncate(BODY_BYTES);
        body
    };
    vec![
        ("letters only", fill("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ")),
        ("local parts and @ without domains", fill("abcdefghij.klmnop@")),
        ("addresses without a top-level domain", fill("a.b-c@d-e.f-g-h ")),
        ("digits and separators", fill("12 34 5-6.7 ")),
        ("a real lead record", fill("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"phone\":\"+44 20 7946 0958\"},")),
    ]
}

fn main() {
    for (name, body) in bodies() {
        let mut times = vec![];
        for run in 0..5 {
            let mut engine = Engine::new();
            let at = 1000.0 * (run as f64 + 1.0);
            let navigation = json!({"v":1,"type":"navigation","time":at,"tabId":1,"url":"https://www.linkedin.com/in/ada-lovelace/"});
            engine
                .ingest_json(&navigation.to_string())
                .expect("accepted");
            let request = json!({"v":1,"type":"request","time":at + 10.0,"tabId":1,"method":"POST","resourceType":"xmlhttprequest",
                                 "url":"https://api.crm-sync.example/v1/leads","body":body});
            let text = request.to_string();
            let start = Instant::now();
            let out = engine.ingest_json(&text).expect("accepted");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            if run == 0 {
                let kinds: Vec<String> = out
                    .findings
                    .iter()
                    .map(|f| format!("{:?}", f.kind))
                    .collect();
                println!("{name}: findings {kinds:?}");
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name}: {} KiB, median {:.1} ms [{:.1}–{:.1}]",
            BODY_BYTES / 1024,
            times[2],
            times[0],
            times[4]
        );
    }
}
