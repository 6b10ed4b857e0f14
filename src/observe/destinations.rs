//! Where a site's requests go, taken in once per event: the third-party
//! hosts a page contacts, the country of the server that answered (the
//! address is looked up and dropped), and the account identifiers the
//! site's own API carries, so that the detectors can recognise them in a
//! request to another brand of the site's group.

use std::sync::OnceLock;

// The contiguous NFA alone, as the matching pool uses it (src/matching/pool.rs):
// `AhoCorasick` would compile its other automata into the wasm too.
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::{Builder, NFA};
use aho_corasick::{Input, MatchKind};

use crate::messages::error::{Error, ErrorKind, Result};
use crate::messages::event::{Event, Millis};
use crate::observe::url::WebUrl;
use crate::observe::{tab_page, Fact, Knowledge, Observation, Page};
use crate::state::destinations::ServerPlace;
use crate::state::State;

/// The address of the server that answered a request of a tab.
pub(super) fn server_address<'k>(
    k: &'k Knowledge,
    state: &mut State,
    event: &Event,
) -> Result<Option<Observation<'k>>> {
    let Event::ServerAddress {
        time,
        tab_id,
        url,
        ip,
    } = event
    else {
        return Ok(None);
    };
    let request = WebUrl::parse(url)
        .ok_or_else(|| Error::new(ErrorKind::MalformedEvent, "url is not an absolute URL"))?;
    // A WebSocket's server answers its handshake from an address too.
    if !request.is_web_or_socket() {
        return Ok(None);
    }
    let Some(page) = tab_page(k, state, *tab_id, None) else {
        return Ok(None);
    };
    if page.party().is_first_party(&request.host) {
        return Ok(None);
    }
    let place = ServerPlace::from_located(k.destinations.locate(ip));
    let new = state
        .destinations
        .served(&page.site, &request.host, place, *time, &mut state.caps);
    if !new {
        return Ok(None);
    }
    Ok(Some(Observation {
        time: *time,
        tab_id: *tab_id,
        page,
        fact: Fact::ServerLocated {
            host: request.host.into_owned(),
            place,
        },
    }))
}

/// A request of a page of the site: a third-party host is counted; a
/// first-party one gives up the account identifiers it carries.
pub(super) fn request_seen(
    state: &mut State,
    page: &Page<'_>,
    request: &WebUrl,
    url: &str,
    body: Option<&str>,
    time: Millis,
) {
    let host = &*request.host;
    if page.party().is_first_party(host) {
        for id in account_identifiers(url, body) {
            state.destinations.identifier(&page.site, &id, time);
        }
    } else {
        state
            .destinations
            .contacted(&page.site, host, request.is_socket(), time, &mut state.caps);
    }
}

/// Messages a page of the site sent over an open WebSocket to a
/// third-party host, read in the page: counted as such, not as requests.
pub(super) fn messages_seen(
    state: &mut State,
    page: &Page<'_>,
    socket: &WebUrl,
    count: u32,
    time: Millis,
) {
    let host = &*socket.host;
    if !page.party().is_first_party(host) {
        state
            .destinations
            .messages_read(&page.site, host, count, time, &mut state.caps);
    }
}

/// Names of parameters and JSON fields that name the person's account,
/// matched without regard to ASCII case.
const ACCOUNT_KEYS: [&str; 14] = [
    "user_id",
    "userid",
    "uid",
    "account_id",
    "accountid",
    "customer_id",
    "customerid",
    "member_id",
    "memberid",
    "profile_id",
    "profileid",
    "wa_id",
    "waid",
    "jid",
];
const MIN_ACCOUNT_ID: usize = 6;
const MAX_ACCOUNT_ID: usize = 64;

/// Values of parameters and JSON fields that name the person's account
/// (`user_id`, `uid`, `accountId`, …), 6 to 64 characters long: shorter ones
/// would match anywhere. A key counts where no letter, digit or `_` comes
/// before it; then an optional quote, `:` or `=` between blanks, another
/// optional quote, and the value (`[A-Za-z0-9._:@+-]`, its first 64
/// characters, trailing `.`, `:` and `-` dropped).
///
/// Every first-party request of every page comes here, URL and body: the
/// keys are found with one automaton pass and the rest read by hand, where
/// a regular expression (`regex-lite` has no literal prefilter) stepped a
/// virtual machine over every byte, more than half of the engine's time
/// per request.
pub fn account_identifiers(url: &str, body: Option<&str>) -> Vec<String> {
    static KEYS: OnceLock<Option<NFA>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(ACCOUNT_KEYS)
            .ok()
    });
    let Some(keys) = keys else {
        return vec![];
    };
    let mut out: Vec<String> = vec![];
    for text in std::iter::once(url).chain(body) {
        let bytes = text.as_bytes();
        // Where the last identifier read ended: the character before a key
        // is not part of an earlier match.
        let mut taken = 0;
        // Errors only for a search the automaton was not built for.
        for key in keys.try_find_iter(Input::new(text)).into_iter().flatten() {
            let start = key.start();
            if start > 0 && (start <= taken || is_word_byte(bytes[start - 1])) {
                continue;
            }
            let Some((from, to)) = identifier_after(bytes, key.end()) else {
                continue;
            };
            taken = to;
            let value = text[from..to].trim_end_matches(['.', ':', '-']);
            if value.len() >= MIN_ACCOUNT_ID && !out.iter().any(|v| v == value) {
                out.push(value.to_owned());
            }
        }
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'@' | b'+' | b'-')
}

/// The span of the value that follows a key ending at `at`: an optional
/// quote, blanks, `:` or `=`, blanks, an optional quote, then 6 to 64
/// identifier characters (the first 64 of a longer run).
fn identifier_after(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let blanks = |mut at: usize| {
        while matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        at
    };
    let quote = |at: usize| at + usize::from(matches!(bytes.get(at), Some(b'"' | b'\'')));
    let mut at = blanks(quote(at));
    if !matches!(bytes.get(at), Some(b':' | b'=')) {
        return None;
    }
    at = quote(blanks(at + 1));
    let run = bytes[at..]
        .iter()
        .take(MAX_ACCOUNT_ID)
        .take_while(|b| is_identifier_byte(**b))
        .count();
    (run >= MIN_ACCOUNT_ID).then_some((at, at + run))
}

#[cfg(test)]
mod tests {
    use super::account_identifiers;

    #[test]
    fn account_identifiers_are_read_from_queries_and_json_bodies() {
        assert_eq!(
            account_identifiers(
                "https://web.example/api/chats?user_id=4915112345678&x=1",
                None
            ),
            vec!["4915112345678"]
        );
        assert_eq!(
            account_identifiers(
                "https://web.example/api",
                Some(r#"{"accountId": "u-88213377", "n": 2}"#)
            ),
            vec!["u-88213377"]
        );
    }

    /// The expression the reading by hand stands for, kept as its oracle.
    fn by_expression(url: &str, body: Option<&str>) -> Vec<String> {
        let pattern = regex_lite::Regex::new(
            r#"(?:^|[^A-Za-z0-9_])(?i-u:user_?id|uid|account_?id|customer_?id|member_?id|profile_?id|wa_?id|jid)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9._:@+-]{6,64})"#,
        )
        .unwrap();
        let mut out: Vec<String> = vec![];
        for text in std::iter::once(url).chain(body) {
            for captures in pattern.captures_iter(text) {
                let value = captures[1].trim_end_matches(['.', ':', '-']);
                if value.len() >= 6 && !out.iter().any(|v| v == value) {
                    out.push(value.to_owned());
                }
            }
        }
        out
    }

    #[test]
    fn the_reading_by_hand_finds_what_the_expression_finds() {
        // Texts made of the pieces where the two could part: keys in any
        // case, with and without a word before them, quotes, blanks, both
        // separators, values around 6 and 64 characters, keys inside values
        // and right after one cut at 64 characters, and other scripts.
        const PIECES: [&str; 32] = [
            "user_id",
            "UserId",
            "uid",
            "UID",
            "accountId",
            "customer_id",
            "MEMBERID",
            "profile_id",
            "wa_id",
            "waid",
            "jid",
            "fluid",
            "x",
            "_",
            "\"",
            "'",
            " ",
            "\t",
            "=",
            ":",
            "&",
            ",",
            "{",
            "abc",
            "12345",
            "u-8821",
            "a.b@c+d",
            "-",
            ".",
            "é",
            "\u{1F600}",
            "1234567",
        ];
        let long = "9".repeat(70);
        // A value cut at 64 characters, its last one not a letter.
        let cut = format!("{}-", "8".repeat(63));
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut found = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next(24) {
                match next(40) {
                    39 => text.push_str(&long),
                    38 => text.push_str(&cut),
                    i if i < PIECES.len() => text.push_str(PIECES[i]),
                    _ => text.push_str("user_id="),
                }
            }
            let expected = by_expression(&text, None);
            found += usize::from(!expected.is_empty());
            assert_eq!(account_identifiers(&text, None), expected, "{text:?}");
        }
        // The texts were not all without an identifier.
        assert!(found > 2_000, "{found}");
    }

    #[test]
    fn short_values_and_look_alike_names_are_not_identifiers() {
        assert!(account_identifiers("https://a.example/?uid=42", None).is_empty());
        assert!(account_identifiers("https://a.example/?fluid=12345678", None).is_empty());
        assert!(account_identifiers("https://a.example/?video_id=12345678", None).is_empty());
    }
}
