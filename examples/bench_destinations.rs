//! Lookup time per request: the organization of a host and the country of
//! a server address, on the tables ./build.sh build compiles
//! (target/destinations/), plus the time to load them (what a woken
//! background pays once).
//!
//! `cargo run --release --example bench_destinations`. Numbers vary ±30%
//! on a shared VM.

use std::time::Instant;

use vigie::destinations::Destinations;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/destinations");
    let organizations = std::fs::read_to_string(dir.join("organizations.txt"))
        .expect("target/destinations/organizations.txt: run ./build.sh build first");
    let ip = std::fs::read(dir.join("ip-country.bin")).expect("target/destinations/ip-country.bin");
    println!(
        "tables: organizations {} bytes, IP ranges {} bytes",
        organizations.len(),
        ip.len()
    );

    let started = Instant::now();
    let d = Destinations::load(organizations, ip).expect("tables read");
    println!(
        "load (IP table checked): {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let started = Instant::now();
    let listed = d.organizations().map_or(0, |o| o.len());
    println!(
        "organizations read on first use: {:.1} ms ({listed} domains)",
        started.elapsed().as_secs_f64() * 1e3
    );
    let (v4, v6) = d.ip_countries.as_ref().map_or((0, 0), |t| t.ranges());
    println!("ranges: {v4} IPv4, {v6} IPv6");

    // Addresses spread over the space, and hosts some listed, most not.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let ips: Vec<String> = (0..100_000)
        .map(|i| {
            let n = next();
            if i % 4 == 0 {
                let s = n.to_be_bytes();
                format!(
                    "2a{:02x}:{:02x}{:02x}:{:02x}{:02x}::1",
                    s[0], s[1], s[2], s[3], s[4]
                )
            } else {
                let [a, b, c, e] = (n as u32).to_be_bytes();
                format!("{a}.{b}.{c}.{e}")
            }
        })
        .collect();
    let hosts: Vec<String> = (0..100_000)
        .map(|i| match i % 5 {
            0 => "connect.facebook.net".to_owned(),
            1 => format!("px{}.ads.linkedin.com", i % 10),
            2 => "www.google-analytics.com".to_owned(),
            _ => format!("cdn{}.site{}.example.org", i % 7, i % 1000),
        })
        .collect();

    let started = Instant::now();
    let mut found = 0usize;
    for ip in &ips {
        if matches!(
            d.locate(ip),
            Some(vigie::destinations::ip_country::Located::Country(_))
        ) {
            found += 1;
        }
    }
    let per_ip = started.elapsed().as_secs_f64() * 1e9 / ips.len() as f64;
    println!(
        "IP → country: {per_ip:.0} ns per address ({found} of {} placed)",
        ips.len()
    );

    let started = Instant::now();
    let mut owned = 0usize;
    for host in &hosts {
        if d.owner(host).is_some() {
            owned += 1;
        }
    }
    let per_host = started.elapsed().as_secs_f64() * 1e9 / hosts.len() as f64;
    println!(
        "host → organization: {per_host:.0} ns per host ({owned} of {} listed)",
        hosts.len()
    );
}
