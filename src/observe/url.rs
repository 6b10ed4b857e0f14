//! Splits absolute URLs into the parts detectors need.
//!
//! Every URL Vigie sees has already been parsed and normalised by the browser
//! (WHATWG URL: lower-case scheme and host, punycode, percent-encoded path),
//! so the core only has to split it. The `url` crate would re-do that work and
//! bring IDNA tables into the wasm for nothing.

use std::borrow::Cow;

/// The parts of an absolute, browser-normalised URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl<'a> {
    pub scheme: &'a str,
    /// Lower-cased host without port or user info; for `chrome-extension://id/`
    /// this is the extension id. Borrowed from the URL when the browser
    /// wrote it lower-case already, as it does for every URL it gives.
    pub host: Cow<'a, str>,
    pub port: Option<u16>,
    /// Path, always starting with `/`.
    pub path: &'a str,
    /// Query without the leading `?`, if any.
    pub query: Option<&'a str>,
}

impl<'a> WebUrl<'a> {
    /// Parses `scheme://authority/path?query#fragment`. Returns `None` for
    /// anything else (`about:blank`, `data:`, relative URLs).
    ///
    /// ```
    /// let u = vigie::observe::url::WebUrl::parse("https://www.LinkedIn.com:443/in/ada/?x=1#top").unwrap();
    /// assert_eq!((u.scheme, &*u.host, u.path, u.query), ("https", "www.linkedin.com", "/in/ada/", Some("x=1")));
    /// ```
    pub fn parse(url: &'a str) -> Option<WebUrl<'a>> {
        // Byte searches: every delimiter is ASCII, and this runs several
        // times per event.
        let url = url.trim();
        // The scheme ends at the first ':' (none of its characters is one):
        // a "://" further on would leave a ':' in the scheme, refused below.
        let sep = url.bytes().position(|b| b == b':')?;
        if !url.as_bytes()[sep + 1..].starts_with(b"//") {
            return None;
        }
        let (scheme, rest) = (&url[..sep], &url[sep + 3..]);
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'+' || b == b'.')
        {
            return None;
        }
        let bytes = rest.as_bytes();
        let rest = &rest[..bytes.iter().position(|&b| b == b'#').unwrap_or(rest.len())];
        let bytes = rest.as_bytes();
        let authority_end = bytes
            .iter()
            .position(|&b| b == b'/' || b == b'?')
            .unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        let after = &rest[authority_end..];
        let host_port = match authority.bytes().rposition(|b| b == b'@') {
            Some(at) => &authority[at + 1..],
            None => authority,
        };
        let (host, port) = split_port(host_port)?;
        if host.is_empty() {
            return None;
        }
        let (path, query) = match after.bytes().position(|b| b == b'?') {
            Some(q) => (&after[..q], Some(&after[q + 1..])),
            None => (after, None),
        };
        Some(WebUrl {
            scheme,
            host: if host.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(host.to_ascii_lowercase())
            } else {
                Cow::Borrowed(host)
            },
            port,
            path: if path.is_empty() { "/" } else { path },
            query,
        })
    }

    /// True for `http` and `https`, the only pages Vigie reports on.
    pub fn is_web(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("https") || self.scheme.eq_ignore_ascii_case("http")
    }

    /// True for `ws` and `wss`: a WebSocket's opening handshake, which the
    /// browser shows extensions (its address, query included), though not
    /// the messages sent over it afterwards.
    pub fn is_socket(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("wss") || self.scheme.eq_ignore_ascii_case("ws")
    }

    /// A request the core reads: one to a web address, or a WebSocket's
    /// handshake.
    pub fn is_web_or_socket(&self) -> bool {
        self.is_web() || self.is_socket()
    }
}

/// A URL without its query and fragment: where it goes, not what it
/// carries. A form sent by GET, a tracker's pixel, a single-page app's
/// route state put typed and personal values there; what Vigie keeps on
/// disk is cut here.
///
/// ```
/// use vigie::observe::url::without_query;
/// assert_eq!(without_query("https://shop.test/p?email=a%40b.c#x"), "https://shop.test/p");
/// assert_eq!(without_query("https://shop.test/p#?x"), "https://shop.test/p");
/// ```
pub fn without_query(url: &str) -> &str {
    // '?' and '#' are ASCII: the cut falls on a character boundary. A byte
    // search: a `char` pattern decodes every character first.
    url.bytes()
        .position(|b| b == b'?' || b == b'#')
        .map_or(url, |end| &url[..end])
}

/// Longest path segment shown as it is; longer ones are mostly tokens,
/// encodings or identifiers.
const MAX_SHOWN_SEGMENT: usize = 24;

/// The path of a URL as findings show it: without the query, and with each
/// segment that could carry a value — an `@`, percent-escapes, `=` or `+`,
/// six digits or more, more than 24 characters (an encoding, a hash, a
/// token), base64 or hex of text — replaced by `…`. Route words and public slugs (`/in/ada-l/`)
/// stay; an e-mail, phone, name or their hash sent in a path does not end
/// up in a finding's sample, and so not on disk.
///
/// ```
/// use vigie::observe::url::shown_path;
/// assert_eq!(shown_path("https://t.test/u/zoe%40example.net/p.gif?x=1"), "/u/…/p.gif");
/// assert_eq!(shown_path("https://www.linkedin.com/in/ada-l/"), "/in/ada-l/");
/// ```
pub fn shown_path(url: &str) -> String {
    let url = without_query(url);
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let segments: Vec<&str> = path
        .split('/')
        .map(|segment| {
            let digits = segment.bytes().filter(u8::is_ascii_digit).count();
            let data_like = segment.chars().count() > MAX_SHOWN_SEGMENT
                || digits >= 6
                || segment.contains(['@', '%', '=', '+'])
                || encodes_text(segment);
            if data_like {
                "…"
            } else {
                segment
            }
        })
        .collect();
    crate::messages::finding::join(&segments, "/")
}

/// Whether a path segment is base64 (either alphabet) or hex of printable
/// text: `am9AZ21haWwuY29t` is an address, too short to be cut as a token.
fn encodes_text(segment: &str) -> bool {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    const MIN_TEXT: usize = 6;
    let printable =
        |bytes: &[u8]| bytes.len() >= MIN_TEXT && bytes.iter().all(|b| (0x20..0x7f).contains(b));
    if segment.len() < 8 {
        return false;
    }
    let hex = segment.len() % 2 == 0 && segment.bytes().all(|b| b.is_ascii_hexdigit());
    if hex {
        return crate::matching::decode::decode_hex(segment).is_some_and(|bytes| printable(&bytes));
    }
    [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD]
        .iter()
        .any(|engine| engine.decode(segment).is_ok_and(|bytes| printable(&bytes)))
}

/// The Public Suffix List, parsed once. Native builds and the audit page
/// compile the text in (src/observe/public_suffix_list.dat) and parse it at
/// first use; the extension's wasm leaves it out (≈150 KB of the module every
/// wake-up compiles) and takes it from the shell through
/// [`load_public_suffixes`], which ships it as a data file.
static LIST: std::sync::OnceLock<publicsuffix::List> = std::sync::OnceLock::new();

/// Whether the list is compiled into this build.
const LIST_COMPILED_IN: bool = !cfg!(all(target_arch = "wasm32", feature = "extension-boundary"));

#[cfg(not(all(target_arch = "wasm32", feature = "extension-boundary")))]
fn public_suffixes() -> Option<&'static publicsuffix::List> {
    Some(LIST.get_or_init(|| {
        // Part of the program, checked by the tests below: a broken file is
        // a build defect, not an input error.
        include_str!("public_suffix_list.dat")
            .parse()
            .unwrap_or_else(|e| panic!("src/observe/public_suffix_list.dat: {e}"))
    }))
}

#[cfg(all(target_arch = "wasm32", feature = "extension-boundary"))]
fn public_suffixes() -> Option<&'static publicsuffix::List> {
    LIST.get()
}

/// Takes the Public Suffix List's text where the build does not carry it;
/// the first list given stays (a later call, or one in a build that has its
/// own, changes nothing). Text that is not a list is an `InvalidArgument`.
pub fn load_public_suffixes(text: &str) -> Result<(), crate::Error> {
    if LIST.get().is_some() || LIST_COMPILED_IN {
        return Ok(());
    }
    let list: publicsuffix::List = text.parse().map_err(|e| {
        crate::Error::new(
            crate::ErrorKind::InvalidArgument,
            format!("not a public suffix list: {e}"),
        )
    })?;
    if list.is_empty() {
        return Err(crate::Error::new(
            crate::ErrorKind::InvalidArgument,
            "the public suffix list is empty",
        ));
    }
    let _ = LIST.set(list);
    Ok(())
}

/// The registrable domain of a host (`shop.example.co.uk` →
/// `example.co.uk`) by the Public Suffix List: who counts as one party. An
/// IP address, or a host that is itself a public suffix (`localhost`), is
/// its own.
///
/// ```
/// use vigie::observe::url::registrable_domain;
/// assert_eq!(registrable_domain("cdn.example.co.uk"), "example.co.uk");
/// assert_eq!(registrable_domain("user.github.io"), "user.github.io");
/// assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
/// ```
pub fn registrable_domain(host: &str) -> &str {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.parse::<std::net::IpAddr>().is_ok() || host.contains(':') {
        return host;
    }
    use publicsuffix::Psl as _;
    match public_suffixes() {
        Some(list) => list
            .domain(host.as_bytes())
            .and_then(|d| std::str::from_utf8(d.as_bytes()).ok())
            .unwrap_or(host),
        // No list given (the shell could not read its file): the last two
        // labels, right for most hosts, short for `co.uk`-like suffixes.
        None => host
            .rmatch_indices('.')
            .nth(1)
            .map_or(host, |(i, _)| &host[i + 1..]),
    }
}

/// True when two hosts belong to one registrable domain.
pub fn same_party(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || registrable_domain(a).eq_ignore_ascii_case(registrable_domain(b))
}

fn split_port(host_port: &str) -> Option<(&str, Option<u16>)> {
    // IPv6 literal: [::1]:8080
    if let Some(rest) = host_port.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some((inside, port));
    }
    match host_port.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() => Some((h, Some(p.parse().ok()?))),
        Some((h, _)) => Some((h, None)),
        None => Some((host_port, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_shown_keep_route_words_and_drop_what_could_be_a_value() {
        let shown = |u: &str| shown_path(u);
        assert_eq!(shown("https://t.test/"), "/");
        assert_eq!(shown("https://t.test"), "/");
        assert_eq!(
            shown("https://t.test/v1/identify?email=a%40b.c"),
            "/v1/identify"
        );
        assert_eq!(shown("https://t.test/collect#zoe@example.net"), "/collect");
        for (url, hidden) in [
            ("https://t.test/u/zoe@example.net/p", "zoe@example.net"),
            ("https://t.test/u/Zo%C3%A9%20Canarybird", "Canarybird"),
            ("https://t.test/tel/33698765432", "33698765432"),
            ("https://t.test/tel/+33-6-98-76-54-32", "54-32"),
            (
                "https://t.test/h/973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b/x",
                "973dfe",
            ),
            ("https://t.test/b/em9lLmNhbmFyeWJpcmRAZXhhbXBsZS5uZXQ", "em9l"),
            ("https://t.test/q/name=zoe", "zoe"),
            // Base64 and hex of an address, short enough to pass for a word.
            ("https://t.test/u/am9AZ21haWwuY29t/flags", "am9A"),
            ("https://t.test/u/am9Ab3V0bG9vay5mcg/flags", "am9A"),
            ("https://t.test/h/6a6f40782e696f/x", "6a6f"),
        ] {
            let path = shown(url);
            assert!(!path.contains(hidden), "{url} shown as {path}");
            assert!(path.contains('…'), "{url} shown as {path}");
        }
        assert_eq!(
            shown("https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller/profileContactInfo"),
            "/voyager/api/identity/profiles/bruno-keller/profileContactInfo"
        );
        // Route words and slugs that happen to be valid base64 decode to no text.
        for kept in [
            "/sdk/evalx/contexts/collect",
            "/in/ada-lovelace/",
            "/api/v2/identify",
            "/static/analytics",
        ] {
            assert_eq!(shown(&format!("https://t.test{kept}")), kept);
        }
    }

    #[test]
    fn splits_a_profile_url() {
        let u = WebUrl::parse("https://www.linkedin.com/in/alice-martin/overlay/contact-info/")
            .unwrap();
        assert_eq!(u.host, "www.linkedin.com");
        assert_eq!(u.path, "/in/alice-martin/overlay/contact-info/");
        assert_eq!(u.query, None);
        assert!(u.is_web());
    }

    #[test]
    fn host_only_url_has_root_path() {
        let u = WebUrl::parse("https://example.org?q=1").unwrap();
        assert_eq!((u.path, u.query), ("/", Some("q=1")));
    }

    #[test]
    fn extension_urls_carry_the_id_as_host() {
        let u = WebUrl::parse("chrome-extension://abcdefghijklmnopabcdefghijklmnop/panel.html")
            .unwrap();
        assert_eq!(u.scheme, "chrome-extension");
        assert_eq!(u.host, "abcdefghijklmnopabcdefghijklmnop");
        assert!(!u.is_web());
    }

    #[test]
    fn ports_userinfo_and_ipv6_are_split_off() {
        assert_eq!(
            WebUrl::parse("http://u:p@Host.test:8080/x").unwrap().port,
            Some(8080)
        );
        assert_eq!(
            WebUrl::parse("http://u:p@Host.test:8080/x").unwrap().host,
            "host.test"
        );
        let v6 = WebUrl::parse("http://[::1]:3000/").unwrap();
        assert_eq!((&*v6.host, v6.port), ("::1", Some(3000)));
    }

    #[test]
    fn parties_are_registrable_domains_by_the_public_suffix_list() {
        assert!(same_party("shop.example.co.uk", "cdn.example.co.uk"));
        assert!(!same_party("shop.example.co.uk", "other.co.uk"));
        assert!(!same_party("alice.github.io", "bob.github.io"));
        assert!(same_party("www.shop.test", "shop.test"));
        assert!(!same_party("10.0.0.1", "127.0.0.1"));
        assert!(!same_party("example.com", "example.org"));
    }

    #[test]
    fn registrable_domains_under_multi_level_and_private_suffixes() {
        for (host, domain) in [
            ("a.b.example.co.uk", "example.co.uk"),
            ("example.co.uk", "example.co.uk"),
            ("www.example.ltd.uk", "example.ltd.uk"),
            ("a.b.example.gouv.fr", "example.gouv.fr"),
            ("cdn.shop.example.com.au", "example.com.au"),
            // Wildcard and exception rules: `*.sch.uk`, `!city.kawasaki.jp`.
            ("www.school.la.sch.uk", "school.la.sch.uk"),
            ("www.city.kawasaki.jp", "city.kawasaki.jp"),
            // Private suffixes: each user's site is its own party.
            ("x.github.io", "x.github.io"),
            ("deep.x.github.io", "x.github.io"),
            ("foo.blogspot.com", "foo.blogspot.com"),
            ("bucket.s3.amazonaws.com", "bucket.s3.amazonaws.com"),
            ("www.example.com.", "example.com"),
            ("shop.test", "shop.test"),
        ] {
            assert_eq!(registrable_domain(host), domain, "{host}");
        }
    }

    #[test]
    fn addresses_single_labels_and_bare_suffixes_are_their_own_party() {
        for host in [
            "203.0.113.9",
            "2001:db8::1",
            "::1",
            "localhost",
            "intranet",
            "co.uk",
            "github.io",
            "",
        ] {
            assert_eq!(registrable_domain(host), host, "{host:?}");
        }
        assert!(!same_party("x.github.io", "github.io"));
        assert!(!same_party("203.0.113.9", "203.0.113.10"));
    }

    #[test]
    fn non_hierarchical_and_garbage_urls_are_rejected() {
        for bad in [
            "about:blank",
            "data:text/html,hi",
            "/relative",
            "",
            "https://",
            "ht tp://x/",
            "https://h:99999/",
            // A "://" after the scheme's end is not where it ends.
            "about:blank?from=https://x.test/",
            "mailto:a@x.test?body=https://x.test/",
            "https:/x://y.test/",
            "://x.test/",
        ] {
            assert_eq!(WebUrl::parse(bad), None, "{bad}");
        }
    }
}
