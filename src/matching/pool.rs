//! Finding watched contact data in outgoing requests, plain or disguised.
//!
//! Following the Leaky Forms method (Senol et al., USENIX Security 2022):
//! each watched value is expanded into a pool of forms — normalised, URL-
//! encoded, base64, and hashed (MD5, SHA-1, SHA-256, also of the e-mail with
//! dots and `+tag` dropped from the local part) — and each request's URL and
//! body are searched for the whole pool at once (Aho-Corasick, ASCII case
//! folded), then again after URL-decoding and after decoding base64 tokens,
//! two layers deep at most. Phone numbers are matched on their digits.
//!
//! A body is input a page controls, so the work it can cause is bounded: the
//! bytes produced by decoding (URL and base64, every layer together) have a
//! budget, and a scan that reaches it says so ([`Scan::stopped_early`]) so
//! that the caller can record the cap instead of missing a leak silently.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use md5::Md5;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::messages::vocabulary::{DataKind, Encoding};

/// What a needle stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watched {
    /// Contact data shown in the tab, of `profile` when known.
    Value {
        kind: DataKind,
        profile: Option<String>,
    },
    /// A member identity looked up while not in view.
    HarvestedMember(String),
}

/// One watched thing found in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub watched: Watched,
    pub encoding: Encoding,
}

/// Every form of the values one tab watches. The automata are built on the
/// first scan and reused until the pool is replaced.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    /// What each needle stands for, once per watched thing.
    watched: Vec<Watched>,
    /// Text needles: (needle, index in `watched`, encoding).
    needles: Vec<(String, usize, Encoding)>,
    /// Phone numbers as digits: (digits, index in `watched`).
    digits: Vec<(String, usize)>,
    automata: std::cell::OnceCell<Automata>,
}

#[derive(Debug, Clone)]
struct Automata {
    needles: Option<AhoCorasick>,
    digits: Option<AhoCorasick>,
}

/// What one scan found, and whether the work budget cut it short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Every watched thing found, de-duplicated, in the order found.
    pub hits: Vec<Hit>,
    /// The decoding budget ([`MAX_DECODED_BYTES`]) ran out: part of the
    /// request was searched only as it is, not decoded.
    pub stopped_early: bool,
}

/// Bytes that decoding may produce for one request, every layer together:
/// bounds the work a hostile body can cause (a 1 MiB body costs a few
/// passes over itself plus this much). A request within the engine's caps
/// (`maxBodyBytes` 64 KiB, `maxFieldBytes` 8 KiB URL) needs at most about
/// 260 KiB even when every byte of it is encoded twice.
pub const MAX_DECODED_BYTES: usize = 384 * 1024;
/// What a decoded token costs the budget at least: the fixed work of a
/// layer (allocation, passes set-up) however short the token.
const MIN_TOKEN_COST: usize = 64;
const MAX_DEPTH: usize = 2;
const MIN_BASE64_TOKEN: usize = 16;
/// The longest value watched, in bytes: the shell reads contact details and
/// form values up to 256 characters (`maxContactLength`, `maxFormValue`),
/// and an e-mail address is at most 254. A longer "value" is no one's
/// contact detail, and its needles would make the automaton large and slow
/// to build.
pub const MAX_VALUE_BYTES: usize = 256;

/// The work one scan may still do.
struct Budget {
    decoded_bytes: usize,
    stopped_early: bool,
}

impl Budget {
    /// Takes up to `want` bytes; returns how many were granted.
    fn take(&mut self, want: usize) -> usize {
        let granted = want.min(self.decoded_bytes);
        if granted < want {
            self.stopped_early = true;
        }
        self.decoded_bytes -= granted;
        granted
    }
}

fn hex<D: Digest>(value: &str) -> String {
    D::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hashes(value: &str, watched: usize, out: &mut Vec<(String, usize, Encoding)>) {
    out.push((hex::<Md5>(value), watched, Encoding::Md5));
    out.push((hex::<Sha1>(value), watched, Encoding::Sha1));
    out.push((hex::<Sha256>(value), watched, Encoding::Sha256));
}

/// The e-mail with dots and `+tag` dropped from the local part, as some
/// trackers normalise before hashing.
fn stripped_email(email: &str) -> Option<String> {
    let (local, domain) = email.split_once('@')?;
    let local = local.split('+').next().unwrap_or(local).replace('.', "");
    let stripped = format!("{local}@{domain}");
    (stripped != email).then_some(stripped)
}

impl Pool {
    pub fn new() -> Pool {
        Pool::default()
    }

    /// Adds every form of one watched value.
    pub fn add_value(&mut self, kind: DataKind, value: &str, profile: Option<&str>) {
        let watched = Watched::Value {
            kind,
            profile: profile.map(str::to_owned),
        };
        let value = value.trim().to_lowercase();
        if value.len() > MAX_VALUE_BYTES {
            return;
        }
        match kind {
            DataKind::Email => {
                if !value.contains('@') || value.len() < 6 {
                    return;
                }
                let w = self.watch(watched);
                self.add_text_forms(&value, w);
                hashes(&value, w, &mut self.needles);
                if let Some(stripped) = stripped_email(&value) {
                    hashes(&stripped, w, &mut self.needles);
                }
            }
            DataKind::Phone => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                if digits.len() < 9 {
                    return;
                }
                let w = self.watch(watched);
                hashes(&digits, w, &mut self.needles);
                hashes(&format!("+{digits}"), w, &mut self.needles);
                self.digits.push((digits, w));
            }
            DataKind::Name => {
                // A name alone is too common to match on its own words;
                // only the full name counts, and only as supporting evidence.
                if value.len() < 5 || !value.contains(' ') {
                    return;
                }
                let w = self.watch(watched);
                self.add_text_forms(&value, w);
                self.needles
                    .push((value.replace(' ', "+"), w, Encoding::Url));
            }
        }
    }

    /// Adds another form of a harvested member's identity (a member id the
    /// page paired with its vanity slug): found, it counts as that member.
    pub fn add_harvested_form(&mut self, form: &str, member: &str) {
        if (5..=MAX_VALUE_BYTES).contains(&form.len()) {
            let w = self.watch(Watched::HarvestedMember(member.to_owned()));
            self.add_text_forms(form, w);
        }
    }

    /// Adds a member identity that was looked up while not in view.
    pub fn add_harvested(&mut self, member: &str) {
        if (5..=MAX_VALUE_BYTES).contains(&member.len()) {
            let w = self.watch(Watched::HarvestedMember(member.to_owned()));
            self.add_text_forms(member, w);
        }
    }

    /// Registers what the next needles stand for, once however many values
    /// or forms stand for it (so that each is reported once); the automata
    /// are rebuilt.
    fn watch(&mut self, watched: Watched) -> usize {
        self.automata = std::cell::OnceCell::new();
        if let Some(known) = self.watched.iter().position(|w| *w == watched) {
            return known;
        }
        self.watched.push(watched);
        self.watched.len() - 1
    }

    fn add_text_forms(&mut self, value: &str, watched: usize) {
        self.needles
            .push((value.to_owned(), watched, Encoding::Plain));
        let encoded = utf8_percent_encode(value, NON_ALPHANUMERIC).to_string();
        if encoded != value {
            self.needles.push((encoded, watched, Encoding::Url));
        }
        let standard = STANDARD_NO_PAD.encode(value);
        let url_safe = URL_SAFE_NO_PAD.encode(value);
        let distinct = url_safe != standard;
        self.needles.push((standard, watched, Encoding::Base64));
        if distinct {
            self.needles.push((url_safe, watched, Encoding::Base64));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty() && self.digits.is_empty()
    }

    /// Every watched thing found in `texts`, de-duplicated.
    ///
    /// ```
    /// use vigie::matching::pool::Pool;
    /// use vigie::messages::vocabulary::{DataKind, Encoding};
    /// let mut pool = Pool::new();
    /// pool.add_value(DataKind::Email, "ada@example.org", None);
    /// let hits = pool.scan(&["https://t.example/p?em=ada%40example.org"]);
    /// assert_eq!(hits[0].encoding, Encoding::Url);
    /// ```
    pub fn scan(&self, texts: &[&str]) -> Vec<Hit> {
        self.scan_bounded(texts).hits
    }

    /// Like [`Pool::scan`], and says whether the decoding budget stopped the
    /// search early (a cap the caller should record).
    pub fn scan_bounded(&self, texts: &[&str]) -> Scan {
        let mut found = Found::default();
        let mut budget = Budget {
            decoded_bytes: MAX_DECODED_BYTES,
            stopped_early: false,
        };
        if !self.is_empty() {
            let automata = self.automata.get_or_init(|| self.build());
            for text in texts {
                self.scan_layer(automata, text, None, 0, &mut budget, &mut found);
            }
        }
        Scan {
            hits: found
                .0
                .into_iter()
                .map(|(w, encoding)| Hit {
                    watched: self.watched[w].clone(),
                    encoding,
                })
                .collect(),
            stopped_early: budget.stopped_early,
        }
    }

    fn build(&self) -> Automata {
        let needles = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(self.needles.iter().map(|(n, _, _)| n.as_str()))
            .ok();
        let digits = (!self.digits.is_empty())
            .then(|| AhoCorasick::new(self.digits.iter().map(|(d, _)| d.as_str())).ok())
            .flatten();
        Automata { needles, digits }
    }

    fn scan_layer(
        &self,
        automata: &Automata,
        text: &str,
        outer: Option<Encoding>,
        depth: usize,
        budget: &mut Budget,
        found: &mut Found,
    ) {
        if let Some(matcher) = &automata.needles {
            for m in matcher.find_iter(text) {
                let (_, watched, encoding) = self.needles[m.pattern().as_usize()];
                found.record(watched, outer.unwrap_or(encoding));
            }
            if has_percent_escape(text.as_bytes()) {
                let room = budget.take(text.len());
                let decoded = percent_decode_str(prefix(text, room)).decode_utf8_lossy();
                for m in matcher.find_iter(decoded.as_ref()) {
                    let (_, watched, encoding) = self.needles[m.pattern().as_usize()];
                    let encoding = match encoding {
                        Encoding::Plain => Encoding::Url,
                        other => other,
                    };
                    found.record(watched, outer.unwrap_or(encoding));
                }
            }
        }
        if let Some(digits) = &automata.digits {
            // Phones are matched on the digits of the whole text, whatever
            // separates them (spaces, dashes, brackets, JSON punctuation).
            let projected: Vec<u8> = text
                .bytes()
                .filter(|&b| CLASS[usize::from(b)] & DIGIT != 0)
                .collect();
            if projected.len() >= MIN_PHONE_DIGITS {
                for m in digits.find_overlapping_iter(&projected) {
                    let (_, watched) = self.digits[m.pattern().as_usize()];
                    found.record(watched, outer.unwrap_or(Encoding::Plain));
                }
            }
        }
        if depth >= MAX_DEPTH {
            return;
        }
        for token in base64_tokens(text) {
            if budget.decoded_bytes == 0 {
                budget.stopped_early = true;
                return;
            }
            if let Some(decoded) = decode_base64_token(token, budget) {
                self.scan_layer(
                    automata,
                    &decoded,
                    Some(Encoding::Base64),
                    depth + 1,
                    budget,
                    found,
                );
            }
        }
    }
}

/// The shortest phone number the pool watches, in digits.
const MIN_PHONE_DIGITS: usize = 9;

/// Hits as (index in `watched`, encoding), each once, in the order found.
#[derive(Default)]
struct Found(Vec<(usize, Encoding)>);

impl Found {
    fn record(&mut self, watched: usize, encoding: Encoding) {
        if !self.0.contains(&(watched, encoding)) {
            self.0.push((watched, encoding));
        }
    }
}

/// True when `bytes` hold a `%XX` escape: only then can URL-decoding reveal
/// anything.
fn has_percent_escape(bytes: &[u8]) -> bool {
    let hex = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|&b| CLASS[usize::from(b)] & HEX != 0)
    };
    let mut at = 0;
    while let Some(n) = bytes[at..].iter().position(|&b| b == b'%') {
        let percent = at + n;
        if hex(percent + 1) && hex(percent + 2) {
            return true;
        }
        at = percent + 1;
    }
    false
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if max >= text.len() {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Byte classes as tables: the release build optimises for size and does not
/// inline `is_ascii_*`, and these run on every byte of every request.
const BASE64: u8 = 1;
const DIGIT: u8 = 2;
const HEX: u8 = 4;
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'-' | b'_') {
            table[b] |= BASE64;
        }
        if c.is_ascii_digit() {
            table[b] |= DIGIT;
        }
        if c.is_ascii_hexdigit() {
            table[b] |= HEX;
        }
        b += 1;
    }
    table
};

fn is_base64_byte(b: u8) -> bool {
    CLASS[usize::from(b)] & BASE64 != 0
}

/// Runs of base64 characters (either alphabet) long enough to hold a value.
/// They are ASCII, so the text is split on bytes: every cut falls between
/// characters.
fn base64_tokens(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at + bytes[at..].iter().position(|&b| is_base64_byte(b))?;
            let end = bytes[start..]
                .iter()
                .position(|&b| !is_base64_byte(b))
                .map_or(bytes.len(), |n| start + n);
            at = end;
            if end - start >= MIN_BASE64_TOKEN {
                return text.get(start..end);
            }
        }
        None
    })
}

/// Decodes one token as base64 text (standard or URL-safe alphabet, padding
/// optional), within the budget: a token longer than the budget allows is
/// decoded only as far as it does. `None` when it is not base64 of UTF-8 text.
fn decode_base64_token(token: &str, budget: &mut Budget) -> Option<String> {
    let trimmed = token.trim_end_matches('=');
    // Four base64 characters make three bytes; one left over is never valid.
    if trimmed.len() % 4 == 1 {
        return None;
    }
    let bytes = trimmed.as_bytes();
    // The two alphabets differ only in `+/` against `-_`: a token with
    // neither decodes the same in both, and one with both in neither.
    let url_safe = bytes.iter().any(|&b| b == b'-' || b == b'_');
    let want = trimmed.len() / 4 * 3 + (trimmed.len() % 4).saturating_sub(1);
    let cost = want.max(MIN_TOKEN_COST);
    let granted = if budget.decoded_bytes >= cost {
        budget.decoded_bytes -= cost;
        want
    } else {
        budget.take(want)
    };
    let (input, truncated) = if granted < want {
        (&trimmed[..granted / 3 * 4], true)
    } else {
        (trimmed, false)
    };
    if input.is_empty() {
        return None;
    }
    let engine = if url_safe {
        &URL_SAFE_NO_PAD
    } else {
        &STANDARD_NO_PAD
    };
    let decoded = engine.decode(input).ok()?;
    match String::from_utf8(decoded) {
        Ok(text) => Some(text),
        // A token cut by the budget may end inside a character: keep the
        // whole characters before it.
        Err(e) if truncated && e.utf8_error().error_len().is_none() => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).ok()
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> Pool {
        let mut pool = Pool::new();
        pool.add_value(
            DataKind::Email,
            "Chloe.Nguyen+work@Example.org",
            Some("chloe-nguyen"),
        );
        pool.add_value(DataKind::Phone, "+1 514 555 0103", Some("chloe-nguyen"));
        pool.add_value(DataKind::Name, "Chloé Nguyen", Some("chloe-nguyen"));
        pool.add_harvested("bruno-keller");
        pool
    }

    fn encodings(hits: &[Hit], kind: DataKind) -> Vec<&'static str> {
        // Compared as text so that the expectations read as the popup shows them.
        hits.iter()
            .filter(|h| matches!(&h.watched, Watched::Value { kind: k, .. } if *k == kind))
            .map(|h| h.encoding.as_str())
            .collect()
    }

    #[test]
    fn plain_and_case_folded_email_is_found() {
        let hits = pool().scan(&[r#"{"mail":"CHLOE.NGUYEN+WORK@EXAMPLE.ORG"}"#]);
        assert_eq!(encodings(&hits, DataKind::Email), ["plain"]);
    }

    #[test]
    fn url_encoded_base64_and_hashed_emails_are_found() {
        let email = "chloe.nguyen+work@example.org";
        let url = format!(
            "https://t.example/p?em={}",
            utf8_percent_encode(email, NON_ALPHANUMERIC)
        );
        assert_eq!(encodings(&pool().scan(&[&url]), DataKind::Email), ["url"]);
        let b64 = format!(
            "d={}",
            STANDARD_NO_PAD.encode(format!(r#"{{"e":"{email}"}}"#))
        );
        assert_eq!(
            encodings(&pool().scan(&[&b64]), DataKind::Email),
            ["base64"]
        );
        for (encoding, digest) in [
            ("sha256", hex::<Sha256>(email)),
            ("md5", hex::<Md5>(email)),
            ("sha1", hex::<Sha1>(email)),
            ("sha256", hex::<Sha256>("chloenguyen@example.org")),
        ] {
            let body = format!("hashed_email={}", digest.to_uppercase());
            assert_eq!(
                encodings(&pool().scan(&[&body]), DataKind::Email),
                [encoding],
                "{body}"
            );
        }
        // A hash inside base64: two layers.
        let nested = STANDARD_NO_PAD.encode(format!("uid={}", hex::<Sha256>(email)));
        assert_eq!(
            encodings(&pool().scan(&[&nested]), DataKind::Email),
            ["base64"]
        );
    }

    #[test]
    fn phones_match_on_digits_whatever_the_punctuation() {
        let hits = pool().scan(&["tel=(514)%20555-0103&cc=1", "phone: +1-514-555-0103"]);
        assert_eq!(encodings(&hits, DataKind::Phone), ["plain"]);
    }

    #[test]
    fn harvested_members_are_found_by_identity() {
        let hits = pool().scan(&[r#"[{"publicIdentifier":"bruno-keller"}]"#]);
        assert_eq!(
            hits[0].watched,
            Watched::HarvestedMember("bruno-keller".into())
        );
    }

    #[test]
    fn unrelated_traffic_matches_nothing() {
        let texts = [
            "https://cdn.example/app.js?v=1234567890123",
            r#"{"event":"page_view","path":"/in/alice-martin/","ts":1732370000000,"uid":"8f14e45fceea167a5a36dedd4bea2543"}"#,
            "aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IHBlcnNvbmFsIGRhdGE=",
            "Nguyen Chloé",
        ];
        assert!(pool().scan(&texts).is_empty(), "{:?}", pool().scan(&texts));
    }

    #[test]
    fn hostile_bodies_are_bounded() {
        let token = "QUFB".repeat(10);
        let body = format!("{} ", token).repeat(5000);
        // Thousands of base64-looking tokens: only the budget is decoded.
        assert!(pool().scan(&[&body]).is_empty());
        let binary: String = (0u8..=255).map(char::from).cycle().take(65536).collect();
        let _ = pool().scan(&[&binary]);
    }

    #[test]
    fn a_body_past_the_decoding_budget_says_it_stopped_early() {
        let tokens = "QUFBQUFBQUFBQUFBQUFBQUFBQUFB ".repeat(40_000);
        let scan = pool().scan_bounded(&[&tokens]);
        assert!(scan.stopped_early);
        assert!(scan.hits.is_empty());
        let escapes = "%41%42".repeat(200_000);
        assert!(pool().scan_bounded(&[&escapes]).stopped_early);
        let ordinary = pool().scan_bounded(&[r#"{"event":"page_view","ts":1732370000000}"#]);
        assert_eq!(ordinary, Scan::default());
    }

    #[test]
    fn a_request_within_the_engine_caps_is_never_cut_short() {
        // A 64 KiB body encoded twice over text full of escapes, and an
        // 8 KiB URL of escapes: the worst the engine lets through.
        let email = "chloe.nguyen%2Bwork%40example.org %41";
        let inner = STANDARD_NO_PAD.encode(email.repeat(980));
        let body = STANDARD_NO_PAD.encode(&inner);
        assert!(body.len() <= 64 * 1024, "{}", body.len());
        let url = format!("https://t.example/?q={}", "%41".repeat(2700));
        let scan = pool().scan_bounded(&[&url, &body]);
        assert!(!scan.stopped_early);
        assert_eq!(encodings(&scan.hits, DataKind::Email), ["base64"]);
    }

    #[test]
    fn a_value_behind_many_decoy_tokens_is_still_found() {
        // A count of tokens would run out on the decoys; a budget of bytes
        // does not.
        let decoys = "8f14e45fceea167a5a36dedd4bea2543 ".repeat(500);
        let leak = STANDARD_NO_PAD.encode(r#"{"e":"chloe.nguyen+work@example.org"}"#);
        let hits = pool().scan(&[&format!("{decoys}{leak}")]);
        assert_eq!(encodings(&hits, DataKind::Email), ["base64"]);
    }

    #[test]
    fn a_token_cut_by_the_budget_still_reveals_its_beginning() {
        let text = format!(
            "é{}{}",
            r#"{"e":"chloe.nguyen+work@example.org"}"#,
            " padding".repeat(100_000)
        );
        let token = STANDARD_NO_PAD.encode(&text);
        assert!(token.len() * 3 / 4 > MAX_DECODED_BYTES);
        let scan = pool().scan_bounded(&[&token]);
        assert!(scan.stopped_early);
        assert_eq!(encodings(&scan.hits, DataKind::Email), ["base64"]);
    }

    #[test]
    fn url_decoding_needs_an_escape() {
        for (text, escaped) in [
            ("100%", false),
            ("%4", false),
            ("%zz%", false),
            ("a%41", true),
            ("%2b", true),
            ("é%C3%A9", true),
        ] {
            assert_eq!(has_percent_escape(text.as_bytes()), escaped, "{text}");
        }
    }

    #[test]
    fn two_values_of_one_profile_make_one_hit_per_encoding() {
        let mut pool = pool();
        pool.add_value(DataKind::Phone, "+33 6 12 34 56 78", Some("chloe-nguyen"));
        let hits = pool.scan(&["tel=15145550103&alt=33612345678"]);
        assert_eq!(encodings(&hits, DataKind::Phone), ["plain"]);
    }

    #[test]
    fn values_longer_than_any_contact_detail_are_not_watched() {
        let mut pool = Pool::new();
        let long = format!("{}@example.org", "a".repeat(MAX_VALUE_BYTES));
        pool.add_value(DataKind::Email, &long, None);
        pool.add_harvested(&"é".repeat(MAX_VALUE_BYTES));
        assert!(pool.is_empty());
    }

    #[test]
    fn phones_are_found_in_decoded_layers_and_once() {
        let body = STANDARD_NO_PAD.encode(r#"{"tel":"+1 (514) 555-0103"}"#);
        let hits = pool().scan(&[&body, "15145550103 15145550103"]);
        assert_eq!(encodings(&hits, DataKind::Phone), ["base64", "plain"]);
    }
}
