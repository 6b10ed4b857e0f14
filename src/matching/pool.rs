//! Finding watched contact data in outgoing requests, plain or disguised.
//!
//! Following the Leaky Forms method (Senol et al., USENIX Security 2022):
//! each watched value is expanded into a pool of forms — normalised, URL-
//! encoded, base64, and hashed (MD5, SHA-1, SHA-256, also of the e-mail with
//! dots and `+tag` dropped from the local part) — and each request's URL and
//! body are searched for the whole pool at once (Aho-Corasick, ASCII case
//! folded), then again after URL-decoding and after decoding base64 tokens,
//! two layers deep at most. Phone numbers are matched on their digits.

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

/// Every form of the values one tab watches. The automaton is built on the
/// first scan and reused until the pool is replaced.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    needles: Vec<(String, Watched, Encoding)>,
    digits: Vec<(String, Watched)>,
    matcher: std::cell::OnceCell<Option<AhoCorasick>>,
}

/// Tokens decoded per request, and nesting depth: bounds the work a hostile
/// body can cause.
const MAX_DECODED_TOKENS: usize = 64;
const MAX_DEPTH: usize = 2;
const MIN_BASE64_TOKEN: usize = 16;

fn hex<D: Digest>(value: &str) -> String {
    D::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hashes(value: &str, watched: &Watched, out: &mut Vec<(String, Watched, Encoding)>) {
    out.push((hex::<Md5>(value), watched.clone(), Encoding::Md5));
    out.push((hex::<Sha1>(value), watched.clone(), Encoding::Sha1));
    out.push((hex::<Sha256>(value), watched.clone(), Encoding::Sha256));
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
        match kind {
            DataKind::Email => {
                if !value.contains('@') || value.len() < 6 {
                    return;
                }
                self.add_text_forms(&value, &watched);
                hashes(&value, &watched, &mut self.needles);
                if let Some(stripped) = stripped_email(&value) {
                    hashes(&stripped, &watched, &mut self.needles);
                }
            }
            DataKind::Phone => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                if digits.len() < 9 {
                    return;
                }
                hashes(&digits, &watched, &mut self.needles);
                hashes(&format!("+{digits}"), &watched, &mut self.needles);
                self.digits.push((digits, watched));
            }
            DataKind::Name => {
                // A name alone is too common to match on its own words;
                // only the full name counts, and only as supporting evidence.
                if value.len() < 5 || !value.contains(' ') {
                    return;
                }
                self.add_text_forms(&value, &watched);
                self.needles
                    .push((value.replace(' ', "+"), watched, Encoding::Url));
            }
        }
    }

    /// Adds a member identity that was looked up while not in view.
    pub fn add_harvested(&mut self, member: &str) {
        if member.len() >= 5 {
            self.add_text_forms(member, &Watched::HarvestedMember(member.to_owned()));
        }
    }

    fn add_text_forms(&mut self, value: &str, watched: &Watched) {
        self.needles
            .push((value.to_owned(), watched.clone(), Encoding::Plain));
        let encoded = utf8_percent_encode(value, NON_ALPHANUMERIC).to_string();
        if encoded != value {
            self.needles.push((encoded, watched.clone(), Encoding::Url));
        }
        let standard = STANDARD_NO_PAD.encode(value);
        let url_safe = URL_SAFE_NO_PAD.encode(value);
        let distinct = url_safe != standard;
        self.needles
            .push((standard, watched.clone(), Encoding::Base64));
        if distinct {
            self.needles
                .push((url_safe, watched.clone(), Encoding::Base64));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty() && self.digits.is_empty()
    }

    /// Every watched thing found in `texts`, de-duplicated.
    pub fn scan(&self, texts: &[&str]) -> Vec<Hit> {
        let mut hits: Vec<Hit> = vec![];
        if self.is_empty() {
            return hits;
        }
        let matcher = self.matcher.get_or_init(|| {
            let patterns = self.needles.iter().map(|(n, _, _)| n.as_str());
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns)
                .ok()
        });
        let mut budget = MAX_DECODED_TOKENS;
        for text in texts {
            self.scan_layer(matcher.as_ref(), text, None, 0, &mut budget, &mut hits);
        }
        hits
    }

    fn scan_layer(
        &self,
        matcher: Option<&AhoCorasick>,
        text: &str,
        outer: Option<Encoding>,
        depth: usize,
        budget: &mut usize,
        hits: &mut Vec<Hit>,
    ) {
        let mut record = |watched: &Watched, encoding: Encoding| {
            let hit = Hit {
                watched: watched.clone(),
                encoding: outer.unwrap_or(encoding),
            };
            if !hits.contains(&hit) {
                hits.push(hit);
            }
        };
        if let Some(matcher) = matcher {
            for m in matcher.find_iter(text) {
                let (_, watched, encoding) = &self.needles[m.pattern().as_usize()];
                record(watched, *encoding);
            }
            if text.contains('%') {
                let decoded = percent_decode_str(text).decode_utf8_lossy();
                for m in matcher.find_iter(decoded.as_ref()) {
                    let (_, watched, encoding) = &self.needles[m.pattern().as_usize()];
                    let encoding = match encoding {
                        Encoding::Plain => Encoding::Url,
                        other => *other,
                    };
                    record(watched, encoding);
                }
            }
        }
        if !self.digits.is_empty() {
            let projected: String = text.chars().filter(char::is_ascii_digit).collect();
            for (digits, watched) in &self.digits {
                if projected.contains(digits.as_str()) {
                    record(watched, Encoding::Plain);
                }
            }
        }
        if depth >= MAX_DEPTH {
            return;
        }
        for token in base64_tokens(text) {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            let trimmed = token.trim_end_matches('=');
            let decoded = STANDARD_NO_PAD
                .decode(trimmed)
                .or_else(|_| URL_SAFE_NO_PAD.decode(trimmed))
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            if let Some(decoded) = decoded {
                self.scan_layer(
                    matcher,
                    &decoded,
                    Some(Encoding::Base64),
                    depth + 1,
                    budget,
                    hits,
                );
            }
        }
    }
}

fn base64_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')))
        .filter(|t| t.len() >= MIN_BASE64_TOKEN)
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
}
