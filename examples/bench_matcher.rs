//! The cost of looking for watched contact data in what leaves a tab
//! (`matching::pool`): a pool of ten watched values (e-mails, phones, names)
//! scanned against realistic requests and against bodies built to make the
//! matcher work as hard as it can.
//!
//! Prints the pool's build time, throughput and per-request median and max on
//! mixed realistic traffic, and the time of each adversarial 1 MiB body with
//! whether the matcher's work budget stopped it. Then the request path as the
//! engine runs it on raw bodies (`matching::matcher`: decoding — gzip, zlib,
//! base64, lz-string, hex, multipart — then matching): a matcher's build time
//! for ten values, throughput over mixed raw bodies (plain, gzip, base64),
//! and adversarial 1 MiB raw bodies (zip bombs, fake streams, envelopes).
//! Targets: ≤ 1 ms median per request, ≤ 50 ms for the worst 1 MiB body.
//!
//! `./build.sh bench` (release build). Numbers vary ±30% on a shared VM.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use vigie::matching::pool::Pool;
use vigie::messages::vocabulary::DataKind;

const MIB: usize = 1 << 20;

const WATCHED: [(DataKind, &str); 10] = [
    (DataKind::Email, "chloe.nguyen+work@example.org"),
    (DataKind::Email, "alice.martin@corp.example.com"),
    (DataKind::Email, "bruno.keller@mail.example.net"),
    (DataKind::Email, "dana@example.io"),
    (DataKind::Phone, "+1 514 555 0103"),
    (DataKind::Phone, "+33 6 12 34 56 78"),
    (DataKind::Phone, "(415) 555-0199"),
    (DataKind::Name, "Chloé Nguyen"),
    (DataKind::Name, "Alice Martin"),
    (DataKind::Name, "Bruno Keller"),
];

/// A small deterministic generator: the same traffic on every run.
struct XorShift(u64);

impl XorShift {
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
}

fn pool() -> Pool {
    let mut pool = Pool::new();
    for (kind, value) in WATCHED {
        pool.add_value(kind, value, Some("profile"), false);
    }
    pool
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One request as the detectors hand it to the pool: its URL and its body.
fn realistic(rng: &mut XorShift, i: usize) -> (String, String) {
    let leak = i % 50 == 0;
    let email = if leak {
        WATCHED[i % 4].1.to_owned()
    } else {
        format!("{}@{}.example", rng.word(8), rng.word(6))
    };
    match i % 4 {
        // An analytics beacon: a JSON batch of events.
        0 => {
            let events: Vec<String> = (0..5 + rng.below(40))
                .map(|n| {
                    format!(
                        r#"{{"event":"{}","ts":{},"path":"/in/{}/","props":{{"w":{},"h":{},"ref":"https://www.linkedin.com/feed/?trk={}","uid":"{}"}}}}"#,
                        rng.word(10),
                        1_732_370_000_000u64 + n as u64 * 137,
                        rng.word(12),
                        rng.below(4000),
                        rng.below(3000),
                        rng.word(16),
                        sha256_hex(&rng.word(5)),
                    )
                })
                .collect();
            let body = format!(
                r#"{{"batch":[{}],"user":{{"hashedEmail":"{}"}}}}"#,
                events.join(","),
                sha256_hex(&email)
            );
            (format!("https://collector.example/v1/batch?sid={}", rng.next()), body)
        }
        // A form post, URL-encoded.
        1 => {
            let body = format!(
                "first_name={}&last_name={}&email={}&phone=%2B1%20514%20555%20{:04}&message={}&utm_source={}",
                rng.word(6),
                rng.word(8),
                email.replace('@', "%40").replace('+', "%2B"),
                rng.below(10_000),
                (0..30).map(|_| rng.word(5)).collect::<Vec<_>>().join("+"),
                rng.word(7),
            );
            ("https://shop.example/contact/submit".to_owned(), body)
        }
        // A tracker pixel with a base64 blob in the query and the body.
        2 => {
            let payload = format!(
                r#"{{"em":"{email}","fp":"{}","screen":"1920x1080","tz":"Europe/Paris"}}"#,
                rng.word(40)
            );
            let blob = STANDARD.encode(payload.as_bytes());
            let filler_len = 2000 + rng.below(4000);
            let filler = STANDARD.encode(rng.word(filler_len).as_bytes());
            (
                format!("https://px.tracker.example/i.gif?d={blob}"),
                format!(r#"{{"d":"{blob}","state":"{filler}"}}"#),
            )
        }
        // An API call of the site itself: a GraphQL query, no personal data.
        _ => (
            format!(
                "https://www.linkedin.com/voyager/api/graphql?variables=(start:{},query:(keywords:{}))&queryId=voyagerSearchDashClusters.{}",
                rng.below(100),
                rng.word(7),
                rng.word(32)
            ),
            String::new(),
        ),
    }
}

/// Bodies built to make the matcher decode, project and re-scan as much as
/// it can, each 1 MiB.
fn adversarial() -> Vec<(&'static str, String)> {
    let mut rng = XorShift(0x5eed_f00d);
    let fill = |unit: &str| unit.repeat(MIB / unit.len() + 1)[..MIB].to_owned();
    let mut out = vec![
        (
            "base64-looking tokens",
            fill("QUFBQUFBQUFBQUFBQUFBQUFBQUFB "),
        ),
        ("one 1 MiB base64 token", fill("QUJDRA")),
        ("percent escapes", fill("%41%42%2B%40")),
        ("digits", fill("0123456789")),
        ("digits between letters", fill("5a1b4c5d5e5f0g1h0i")),
        (
            "near-miss e-mails",
            fill("chloe.nguyen+work@example.or chloe.nguyen+wor@example.org "),
        ),
        ("hex runs", fill("8f14e45fceea167a5a36dedd4bea2543")),
        (
            "a watched e-mail repeated",
            fill("chloe.nguyen+work@example.org,"),
        ),
        ("a watched phone repeated", fill("+15145550103,")),
    ];
    // Watched values, base64 of base64: every token decodes, twice, to
    // nothing but matches.
    let inner =
        STANDARD.encode(&fill("chloe.nguyen+work@example.org alice martin ").as_bytes()[..6000]);
    let outer = STANDARD.encode(inner.as_bytes());
    out.push((
        "watched values in nested base64",
        fill(&format!("{outer} ")),
    ));
    // Base64 of base64 of … a body full of percent escapes and digits: every
    // layer decodes to more work for the next one.
    let mut nested = fill("%41%42 0123456789 chloe.nguyen@example.or ");
    for _ in 0..4 {
        nested = STANDARD.encode(nested.as_bytes());
    }
    nested.truncate(MIB);
    out.push(("deeply nested base64", nested));
    // Many mid-sized nested tokens, each decoding to more tokens.
    let inner = STANDARD.encode(&fill("QUFBQUFBQUFBQUFBQUFBQUFB %41%42 12345 ").as_bytes()[..3000]);
    let token = STANDARD.encode(format!("{inner} {inner} {inner}").as_bytes());
    out.push(("nested base64 tokens", fill(&format!("{token} "))));
    // Random printable bytes.
    let random: String = (0..MIB)
        .map(|_| char::from(0x20 + rng.below(0x5f) as u8))
        .collect();
    out.push(("random printable", random));
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // Pool build: the needles (hashes, encodings), then the automaton, which
    // is built on the first scan.
    let runs = 200;
    let start = Instant::now();
    for _ in 0..runs {
        let pool = pool();
        let _ = pool.scan(&[""]);
    }
    println!(
        "pool: {} watched values, built in {:.3} ms",
        WATCHED.len(),
        ms(start.elapsed()) / runs as f64
    );

    let pool = pool();
    let _ = pool.scan(&[""]);
    let mut rng = XorShift(0x00c0_ffee);
    let requests: Vec<(String, String)> = (0..4000).map(|i| realistic(&mut rng, i)).collect();
    let bytes: usize = requests.iter().map(|(u, b)| u.len() + b.len()).sum();
    let mut times = Vec::with_capacity(requests.len());
    let mut hits = 0;
    let start = Instant::now();
    for (url, body) in &requests {
        let one = Instant::now();
        let scan = pool.scan_bounded(&[url, body]);
        times.push(one.elapsed());
        hits += usize::from(!scan.hits.is_empty());
    }
    let total = start.elapsed();
    times.sort();
    println!(
        "realistic: {} requests, {:.1} MB, {:.0} MB/s, median {:.3} ms, p99 {:.3} ms, max {:.3} ms per request ({} with a hit)",
        requests.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / total.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100]),
        ms(times[times.len() - 1]),
        hits
    );

    let mut worst = (Duration::ZERO, "");
    for (name, body) in adversarial() {
        // The best of three: the machine is shared, the work is not random.
        let mut best = Duration::MAX;
        let mut stopped = false;
        for _ in 0..3 {
            let one = Instant::now();
            let scan = pool.scan_bounded(&["https://collector.example/c", &body]);
            best = best.min(one.elapsed());
            stopped = scan.stopped_early;
        }
        println!(
            "adversarial 1 MiB, {name}: {:.1} ms{}",
            ms(best),
            if stopped {
                " (work budget reached)"
            } else {
                ""
            }
        );
        if best > worst.0 {
            worst = (best, name);
        }
    }
    println!(
        "worst case: {:.1} ms for 1 MiB ({}), target ≤ 50 ms",
        ms(worst.0),
        worst.1
    );

    // The largest pool a tab can hold: every watched value and harvested
    // member the tab caps allow (`MAX_WATCHED`, `MAX_HARVESTED`).
    let start = Instant::now();
    let mut large = Pool::new();
    for i in 0..100 {
        large.add_value(
            DataKind::Email,
            &format!("person.{i}@example.org"),
            None,
            false,
        );
    }
    for i in 0..500 {
        large.add_harvested(&format!("member-{i}-{}", i * 7919));
    }
    let _ = large.scan(&[""]);
    let built = start.elapsed();
    let mut slowest = Duration::ZERO;
    for (_, body) in adversarial() {
        let one = Instant::now();
        let _ = large.scan_bounded(&[&body]);
        slowest = slowest.max(one.elapsed());
    }
    println!(
        "largest pool (100 values, 500 members): built in {:.1} ms, worst 1 MiB body {:.1} ms",
        ms(built),
        ms(slowest)
    );

    request_path();
}

// ---- the request path: raw bodies decoded, then matched ----------------------

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend([0; 8]);
    out
}

/// One request as the shell passes raw bodies: URL, bytes, content encoding.
fn mixed(rng: &mut XorShift, i: usize) -> (String, Vec<u8>, Option<&'static str>) {
    let (url, body) = realistic(rng, i);
    match i % 3 {
        // As sent.
        0 => (url, body.into_bytes(), None),
        // `Content-Encoding: gzip`, or gzip made in JavaScript.
        1 => (url, gzip(body.as_bytes()), (i % 2 == 0).then_some("gzip")),
        // A base64 blob of the whole payload in a JSON field.
        _ => (
            url,
            format!(r#"{{"data":"{}","v":2}}"#, STANDARD.encode(body.as_bytes())).into_bytes(),
            None,
        ),
    }
}

/// Raw bodies built to make decoding work as hard as it can, each 1 MiB.
fn adversarial_raw() -> Vec<(&'static str, Vec<u8>, Option<&'static str>)> {
    let fill = |unit: &[u8]| -> Vec<u8> { unit.repeat(MIB / unit.len() + 1)[..MIB].to_vec() };
    let mut rng = XorShift(0xbad_5eed);
    let random: Vec<u8> = (0..MIB).map(|_| rng.next() as u8).collect();
    // A zip bomb: 1 MiB of compressed zeros inflates to about a gigabyte.
    let bomb = gzip(&vec![0u8; 64 * MIB]);
    let bombs = bomb.repeat(MIB / bomb.len().max(1) + 1)[..MIB].to_vec();
    // Lines that each start like a zlib stream.
    let zlib_lines = fill(b"x\x9c\x01\x02garbage that is no stream\n");
    // Envelope lines, each a real small zlib stream of a JSON event.
    let stream = miniz_oxide::deflate::compress_to_vec_zlib(
        br#"{"type":"replay_event","data":"chloe.nguyen+work@example.org"}"#,
        6,
    );
    let mut envelope_line = br#"{"type":"replay_recording","length":60}"#.to_vec();
    envelope_line.push(b'\n');
    envelope_line.extend(&stream);
    envelope_line.push(b'\n');
    let envelopes = fill(&envelope_line);
    // Base64 tokens that are no base64 of text: each is tried as lz-string.
    let lz_tokens = fill(b"gAgAgAgAgAgAgAgAgAgAgAgAgAgAgAgAgAgAgAgA ");
    let hex_text = fill(b"6368696c6f652e6e677579656e406578616d706c652e6f7267 ");
    let multipart = {
        let mut part = b"--b0undary\r\nContent-Type: application/octet-stream\r\n\r\n".to_vec();
        part.extend(gzip(
            b"chloe.nguyen+work@example.org ".repeat(100).as_slice(),
        ));
        part.extend(b"\r\n");
        fill(&part)
    };
    // Base64 tokens that each decode to a small gzip stream: one
    // inflation per token, until the budgets stop it.
    let gzip_tokens = {
        let token = STANDARD.encode(gzip(b"x=1&y=2&chloe.nguyen+work@example.or"));
        fill(format!("{token} ").as_bytes())
    };
    // Percent escapes of base64 characters: the URL layer decodes the whole
    // body into base64 tokens, decoded in turn.
    let escaped_base64 = fill(b"QUJD%2BRA%2F%3D%41%42 ");
    // Binary with short text islands, as a protobuf or a font: many short
    // runs of valid UTF-8 between invalid bytes.
    let islands = fill(b"\xff\x00chlo\xc3\xa9 n\xfeguyen 0612\x80345678\xc0");
    // JSON strings of bytes as rrweb's packer writes them, each a small
    // zlib stream of an event: one inflation per string, until the caps.
    let packed = {
        let stream = miniz_oxide::deflate::compress_to_vec_zlib(
            br#"{"type":3,"data":{"source":5,"text":"chloe.nguyen+work@example.or"},"v":"v1"}"#,
            6,
        );
        let text: String = stream.iter().map(|&b| char::from(b)).collect();
        fill(format!("{},", serde_json::to_string(&text).unwrap_or_default()).as_bytes())
    };
    // One long string full of escaped quotes each followed by a zlib
    // header: every one of them starts a string that runs to the end.
    let packed_quotes = {
        let mut body = br#"{"e":""#.to_vec();
        body.extend(fill("\\\"x\u{9c}AAAA".as_bytes()));
        body
    };
    // JSON's `\uXXXX` escapes throughout, surrogates among them: written
    // out whole into a copy.
    let json_escapes = {
        let mut body = br#"{"n":""#.to_vec();
        body.extend(fill(br"L\u00e9a \ud83d\ude00\ud83d \/"));
        body
    };
    // Raw deflate has no header: a stream of text that inflates past the
    // cap, and base64 tokens each of a raw stream of binary bytes (inflated,
    // then refused as no text, then tried as lz-string).
    let raw_bomb = miniz_oxide::deflate::compress_to_vec(&b"chloe ".repeat(16 * MIB), 6);
    let raw_tokens = {
        let binary: Vec<u8> = (0..96u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let token = STANDARD.encode(miniz_oxide::deflate::compress_to_vec(&binary, 6));
        fill(format!("{token} ").as_bytes())
    };
    // Base64 written backwards whose start reads as text, the rest binary:
    // each token is decoded forwards, tried as raw deflate, reversed and
    // decoded again, then tried as lz-string.
    let reversed_tokens = {
        let mut payload = br#"{"user":{"userID":"#.to_vec();
        payload.extend((0..72u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
        let token: String = STANDARD.encode(&payload).chars().rev().collect();
        fill(format!("{token} ").as_bytes())
    };
    // Base64url tokens behind a label of many `_` and `-`, each of binary
    // bytes: every token is read whole, then again after each cut in its
    // label (b899a0d), every reading refused.
    let labelled_tokens = {
        let binary: Vec<u8> = (0..48u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let token = format!("a_b-c_d-e_f-g_h-{}", URL_SAFE_NO_PAD.encode(binary));
        fill(format!("{token} ").as_bytes())
    };
    // One envelope that carries its own AES-GCM key (CleverTap's
    // encryption in transit) around a ciphertext of most of the body: one
    // decryption, as far as the decoding budget allows.
    let envelope = {
        use aes_gcm::aead::Aead;
        use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
        let key = [7u8; 32];
        let iv = [9u8; 12];
        let plain =
            br#"{"type":"profile","profile":{"Email":"nobody@example.net"}} "#.repeat(MIB / 80);
        let sealed = Aes256Gcm::new_from_slice(&key)
            .ok()
            .and_then(|c| c.encrypt(Nonce::from_slice(&iv), plain.as_slice()).ok())
            .unwrap_or_default();
        format!(
            r#"{{"itp":"{}","itk":"{}","itv":"{}","id":"ZWW-WWW-WWRZ","encrypted":true}}"#,
            STANDARD.encode(&sealed),
            STANDARD.encode(key),
            STANDARD.encode(iv)
        )
        .into_bytes()
    };
    vec![
        ("labelled base64url tokens of binary", labelled_tokens, None),
        ("an envelope carrying its own AES key", envelope, None),
        (
            "base64 written backwards, text then binary",
            reversed_tokens,
            None,
        ),
        (
            "raw deflate streams of text past the cap",
            fill(&raw_bomb),
            None,
        ),
        ("base64 tokens of raw deflate of binary", raw_tokens, None),
        ("JSON strings of zlib bytes (rrweb's packer)", packed, None),
        (
            "escaped quotes starting like packed strings",
            packed_quotes,
            None,
        ),
        ("JSON \\u escapes", json_escapes, None),
        ("random bytes", random, None),
        ("base64 tokens of gzip streams", gzip_tokens, None),
        ("percent-escaped base64", escaped_base64, None),
        ("binary with text islands", islands, None),
        (
            "random bytes declared gzip",
            (0..MIB).map(|i| (i * 7) as u8).collect(),
            Some("gzip"),
        ),
        ("concatenated gzip bombs", bombs, Some("gzip")),
        ("lines starting like zlib", zlib_lines, None),
        ("zlib envelopes", envelopes, None),
        ("lz-string-looking tokens", lz_tokens, None),
        ("hex of text", hex_text, None),
        ("multipart of gzip parts", multipart, None),
    ]
}

fn request_path() {
    use vigie::matching::matcher::Matcher;
    use vigie::messages::event::ContactValue;

    let values: Vec<ContactValue> = WATCHED
        .iter()
        .map(|(kind, value)| ContactValue {
            kind: *kind,
            value: (*value).to_owned(),
        })
        .collect();
    let runs = 100;
    let start = Instant::now();
    for _ in 0..runs {
        let _ = Matcher::new(&values);
    }
    println!(
        "request path: matcher of {} values (needles and automaton) built in {:.3} ms",
        values.len(),
        ms(start.elapsed()) / runs as f64
    );
    let matcher = Matcher::new(&values).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = XorShift(0x00c0_ffee);
    let requests: Vec<_> = (0..3000).map(|i| mixed(&mut rng, i)).collect();
    let bytes: usize = requests.iter().map(|(u, b, _)| u.len() + b.len()).sum();
    let mut times = Vec::with_capacity(requests.len());
    let mut hits = 0;
    let start = Instant::now();
    for (url, body, encoding) in &requests {
        let one = Instant::now();
        let found = matcher.scan(url, body, *encoding);
        times.push(one.elapsed());
        hits += usize::from(!found.is_empty());
    }
    let total = start.elapsed();
    times.sort();
    println!(
        "request path, mixed raw bodies (plain, gzip, base64): {} requests, {:.1} MB as sent, {:.0} MB/s, median {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} with a hit)",
        requests.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / total.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100]),
        ms(times[times.len() - 1]),
        hits
    );
    let mut worst = (Duration::ZERO, "");
    for (name, body, encoding) in adversarial_raw() {
        // The best of three: the machine is shared, the work is not random.
        let mut best = Duration::MAX;
        for _ in 0..3 {
            let one = Instant::now();
            let _ = matcher.scan("https://collector.example/c", &body, encoding);
            best = best.min(one.elapsed());
        }
        let capped = vigie::matching::decode::decode(
            "https://collector.example/c",
            Some(vigie::matching::decode::Body::Bytes(&body)),
            encoding,
        )
        .capped;
        println!(
            "request path, adversarial 1 MiB raw body, {name}: {:.1} ms{}",
            ms(best),
            if capped {
                " (cap reached, reported)"
            } else {
                ""
            }
        );
        if best > worst.0 {
            worst = (best, name);
        }
    }
    println!(
        "request path worst case: {:.1} ms for 1 MiB ({}), target ≤ 50 ms",
        ms(worst.0),
        worst.1
    );
    let start = Instant::now();
    let parties = vigie::observe::url::same_party("shop.example.co.uk", "cdn.example.co.uk");
    println!(
        "public suffix list parsed at first use in {:.1} ms ({parties})",
        ms(start.elapsed())
    );
}
