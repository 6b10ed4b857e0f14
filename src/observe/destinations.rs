//! Where a site's requests go, taken in once per event: the third-party
//! hosts a page contacts, the country of the server that answered (the
//! address is looked up and dropped), and the account identifiers the
//! site's own API carries, so that the detectors can recognise them in a
//! request to another brand of the site's group.

use std::sync::OnceLock;

use regex_lite::Regex;

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

/// Values of parameters and JSON fields that name the person's account
/// (`user_id`, `uid`, `accountId`, …), 6 to 64 characters long: shorter ones
/// would match anywhere.
pub fn account_identifiers(url: &str, body: Option<&str>) -> Vec<String> {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(
            // Case-insensitive on ASCII only (`regex-lite` has no Unicode
            // case tables; the `-u` is kept for readers of `regex` syntax).
            r#"(?:^|[^A-Za-z0-9_])(?i-u:user_?id|uid|account_?id|customer_?id|member_?id|profile_?id|wa_?id|jid)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9._:@+-]{6,64})"#,
        )
        .ok()
    });
    let Some(pattern) = pattern else {
        return vec![];
    };
    let mut out: Vec<String> = vec![];
    for text in std::iter::once(url).chain(body) {
        for captures in pattern.captures_iter(text) {
            if let Some(value) = captures.get(1) {
                let value = value.as_str().trim_end_matches(['.', ':', '-']);
                if value.len() >= 6 && !out.iter().any(|v| v == value) {
                    out.push(value.to_owned());
                }
            }
        }
    }
    out
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

    #[test]
    fn short_values_and_look_alike_names_are_not_identifiers() {
        assert!(account_identifiers("https://a.example/?uid=42", None).is_empty());
        assert!(account_identifiers("https://a.example/?fluid=12345678", None).is_empty());
        assert!(account_identifiers("https://a.example/?video_id=12345678", None).is_empty());
    }
}
