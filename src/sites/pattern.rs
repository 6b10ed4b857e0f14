//! A site model's pattern, with the literal text every match must contain.
//!
//! `regex-lite` matches with a PikeVM: correct, small, and slow on text that
//! cannot match. A site model's patterns are tried on every request to the
//! site and every page it loads, and nearly all of those fail; most fail on
//! a fixed word (`/voyager/api/graphql`, `queryId=voyager`, `/in/`). That
//! word is taken from the pattern once, when the model is compiled, and
//! looked for with `str::contains` before the regex runs.
//!
//! Most path patterns are also of a shape simple enough to match without
//! any backtracking (`^/in/([^/?#]+)/?`: literals, segments, an optional
//! character, an end): those are matched by a few byte comparisons
//! ([`Anchored`]), with exactly the regex's answer and captures.

use regex_lite::Regex;

/// A compiled pattern and the literal every match contains, if it has one.
#[derive(Debug)]
pub(crate) struct Pattern {
    re: Regex,
    needle: Option<String>,
    anchored: Option<Anchored>,
}

impl Pattern {
    pub(crate) fn new(pattern: &str) -> Result<Pattern, regex_lite::Error> {
        Ok(Pattern {
            re: Regex::new(pattern)?,
            needle: required_literal(pattern),
            anchored: Anchored::new(pattern),
        })
    }

    fn may_match(&self, text: &str) -> bool {
        self.needle.as_deref().is_none_or(|n| text.contains(n))
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        if let Some(anchored) = &self.anchored {
            return anchored.run(text.as_bytes(), |_| ()).is_some();
        }
        self.may_match(text) && self.re.is_match(text)
    }

    /// The text of the first capture group of every match, in order.
    pub(crate) fn all_first_groups<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        let text = if self.may_match(text) { text } else { "" };
        self.re
            .captures_iter(text)
            .filter_map(|c| c.get(1).map(|m| m.as_str()))
    }

    /// The text of the first capture group of the first match, if it took part.
    pub(crate) fn first_group<'h>(&self, text: &'h str) -> Option<&'h str> {
        if let Some(anchored) = &self.anchored {
            let mut first = None;
            anchored.run(text.as_bytes(), |span| {
                first.get_or_insert(span);
            })?;
            return first.map(|(start, end)| &text[start..end]);
        }
        if !self.may_match(text) {
            return None;
        }
        Some(self.re.captures(text)?.get(1)?.as_str())
    }
}

/// One step of an [`Anchored`] pattern.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// These bytes, exactly.
    Literal(Vec<u8>),
    /// This byte, or nothing (`c?`).
    Optional(u8),
    /// A captured run of one or more bytes, none of them these (`([^…]+)`).
    Segment(Vec<u8>),
    /// The end of the text (`$`).
    End,
}

/// A pattern anchored at the start and made only of literals, optional
/// characters, captured segments and an end, arranged so that the first way
/// to match is the only one: a segment is never followed by something that
/// could also continue it, an optional character never by that character.
/// Matched greedily, left to right, it gives the regex's answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Anchored {
    pieces: Vec<Piece>,
}

impl Anchored {
    /// The pattern in this form, or `None` when it is not of it.
    pub(crate) fn new(pattern: &str) -> Option<Anchored> {
        if !pattern.is_ascii() {
            return None;
        }
        let p = pattern.as_bytes();
        if p.first() != Some(&b'^') {
            return None;
        }
        let mut pieces: Vec<Piece> = vec![];
        let mut i = 1;
        while i < p.len() {
            let (byte, next) = match p[i] {
                b'$' if i + 1 == p.len() => {
                    pieces.push(Piece::End);
                    break;
                }
                b'(' => {
                    let (excluded, next) = segment(p, i)?;
                    pieces.push(Piece::Segment(excluded));
                    i = next;
                    continue;
                }
                b'\\' => match p.get(i + 1) {
                    Some(&e) if e.is_ascii_punctuation() => (e, i + 2),
                    _ => return None,
                },
                b'.' | b'^' | b'$' | b'|' | b'*' | b'+' | b'?' | b'{' | b'}' | b'[' | b']'
                | b')' => return None,
                b => (b, i + 1),
            };
            match p.get(next) {
                Some(b'?') => {
                    pieces.push(Piece::Optional(byte));
                    i = next + 1;
                }
                Some(b'*' | b'+' | b'{') => return None,
                _ => {
                    match pieces.last_mut() {
                        Some(Piece::Literal(run)) => run.push(byte),
                        _ => pieces.push(Piece::Literal(vec![byte])),
                    }
                    i = next;
                }
            }
        }
        let anchored = Anchored { pieces };
        anchored.deterministic().then_some(anchored)
    }

    /// True when no piece could take what the one after it needs, so that
    /// matching greedily never has to go back.
    fn deterministic(&self) -> bool {
        let first_byte = |piece: Option<&Piece>| -> Result<Option<u8>, ()> {
            match piece {
                None | Some(Piece::End) => Ok(None),
                Some(Piece::Literal(run)) => Ok(run.first().copied()),
                // What follows would need looking further: not this form.
                Some(Piece::Optional(_) | Piece::Segment(_)) => Err(()),
            }
        };
        self.pieces.iter().enumerate().all(|(at, piece)| {
            let next = self.pieces.get(at + 1);
            match piece {
                Piece::Optional(c) => match first_byte(next) {
                    Ok(Some(b)) => b != *c,
                    Ok(None) => true,
                    Err(()) => false,
                },
                Piece::Segment(excluded) => {
                    let after = match next {
                        // An optional excluded character, then what follows it.
                        Some(Piece::Optional(c)) if excluded.contains(c) => {
                            first_byte(self.pieces.get(at + 2))
                        }
                        _ => first_byte(next),
                    };
                    match after {
                        Ok(Some(b)) => excluded.contains(&b),
                        Ok(None) => true,
                        Err(()) => false,
                    }
                }
                Piece::Literal(_) | Piece::End => true,
            }
        })
    }

    /// Matches `text` from its start; calls `group` with each segment's
    /// span, in order. `None` when it does not match.
    fn run(&self, text: &[u8], mut group: impl FnMut((usize, usize))) -> Option<()> {
        let mut at = 0;
        for piece in &self.pieces {
            match piece {
                Piece::Literal(run) => {
                    if !text[at..].starts_with(run) {
                        return None;
                    }
                    at += run.len();
                }
                Piece::Optional(c) => {
                    if text.get(at) == Some(c) {
                        at += 1;
                    }
                }
                Piece::Segment(excluded) => {
                    let start = at;
                    while at < text.len() && !excluded.contains(&text[at]) {
                        at += 1;
                    }
                    if at == start {
                        return None;
                    }
                    group((start, at));
                }
                Piece::End => {
                    if at != text.len() {
                        return None;
                    }
                }
            }
        }
        Some(())
    }
}

/// The segment `([^…]+)` starting at `start` (`(`): the bytes it excludes,
/// and the index just past it. Only plain ASCII bytes and escaped
/// punctuation are read in the class; ranges and anything else are not.
fn segment(p: &[u8], start: usize) -> Option<(Vec<u8>, usize)> {
    if !p[start..].starts_with(b"([^") {
        return None;
    }
    let mut excluded = vec![];
    let mut j = start + 3;
    loop {
        match *p.get(j)? {
            b']' if !excluded.is_empty() => break,
            b'\\' => {
                let e = *p.get(j + 1)?;
                if !e.is_ascii_punctuation() {
                    return None;
                }
                excluded.push(e);
                j += 2;
            }
            b'-' | b'[' | b'^' | b']' => return None,
            b => {
                excluded.push(b);
                j += 1;
            }
        }
    }
    p[j..].starts_with(b"]+)").then_some((excluded, j + 3))
}

/// The longest run of literal characters that every match of `pattern`
/// contains: literals outside any group, not made optional by `?`, `*` or
/// `{…}`, a run ending at anything else (a class, a group, `.`, an anchor, a
/// repeated literal). `None` when there is none, when the pattern has an
/// alternation outside a group or may change case (`(?i)`), or when it is not
/// ASCII: then the regex alone decides.
pub(crate) fn required_literal(pattern: &str) -> Option<String> {
    if !pattern.is_ascii() || has_case_flag(pattern) {
        return None;
    }
    let p = pattern.as_bytes();
    let mut best: Vec<u8> = Vec::new();
    let mut run: Vec<u8> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let end_run = |run: &mut Vec<u8>, best: &mut Vec<u8>| {
        if run.len() > best.len() {
            *best = std::mem::take(run);
        }
        run.clear();
    };
    while i < p.len() {
        // The atom at `i`: a literal byte or something else, and where it ends.
        let (literal, next) = match p[i] {
            b'\\' => match p.get(i + 1) {
                Some(&e) if e.is_ascii_punctuation() => (Some(e), i + 2),
                // \d, \w, \b, \x41, \u{…}: not read as literals.
                _ => (None, i + 2),
            },
            b'[' => (None, skip_class(p, i)?),
            b'(' => {
                depth += 1;
                (None, i + 1)
            }
            b')' => {
                depth = depth.checked_sub(1)?;
                (None, i + 1)
            }
            b'|' if depth == 0 => return None,
            // A counted repetition's bounds are not literals.
            b'{' => (None, i + 1 + p[i..].iter().position(|&b| b == b'}')?),
            b'.' | b'^' | b'$' | b'|' | b'*' | b'+' | b'?' | b'}' => (None, i + 1),
            b => (Some(b), i + 1),
        };
        // What follows the atom: a quantifier makes it optional or repeated.
        let quantifier = p.get(next).copied();
        let optional = matches!(quantifier, Some(b'?' | b'*' | b'{'));
        let repeated = matches!(quantifier, Some(b'+'));
        match literal {
            Some(b) if depth == 0 && !optional => {
                run.push(b);
                if repeated {
                    end_run(&mut run, &mut best);
                }
            }
            _ => end_run(&mut run, &mut best),
        }
        i = next;
    }
    end_run(&mut run, &mut best);
    (!best.is_empty()).then(|| String::from_utf8_lossy(&best).into_owned())
}

/// True when an inline flag group may set `i` (case-insensitive matching).
fn has_case_flag(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(at, _)| {
        pattern[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
            .any(|c| c == 'i')
    })
}

/// The index just past the class that starts at `start` (`[`).
fn skip_class(p: &[u8], start: usize) -> Option<usize> {
    let mut j = start + 1;
    if p.get(j) == Some(&b'^') {
        j += 1;
    }
    if p.get(j) == Some(&b']') {
        j += 1;
    }
    while *p.get(j)? != b']' {
        if p[j] == b'\\' {
            j += 1;
        }
        j += 1;
    }
    Some(j + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_every_match_contains() {
        let cases = [
            ("^/voyager/api/graphql/?$", Some("/voyager/api/graphql")),
            ("^/in/([^/?#]+)/?", Some("/in/")),
            (
                "^/in/([^/?#]+)/overlay/contact-info/?$",
                Some("/overlay/contact-info"),
            ),
            (
                "(?:^|&)queryId=voyagerIdentityDashProfiles\\.",
                Some("queryId=voyagerIdentityDashProfiles."),
            ),
            (
                "(?:^|&)queryId=voyager[A-Za-z]*ContactInfo[A-Za-z]*\\.",
                Some("queryId=voyager"),
            ),
            ("memberIdentity:([^,)&]+)", Some("memberIdentity:")),
            ("ab+c", Some("ab")),
            ("abc?d", Some("ab")),
            ("a{2}bcd", Some("bcd")),
            ("a{2,3}x", Some("x")),
            ("abc|def", None),
            ("(?i)contact", None),
            ("[a-z]+", None),
            ("\\d+x", Some("x")),
        ];
        for (pattern, want) in cases {
            assert_eq!(required_literal(pattern).as_deref(), want, "{pattern}");
        }
    }

    #[test]
    fn simple_anchored_patterns_are_read_and_others_are_not() {
        for pattern in [
            "^/in/([^/?#]+)/?",
            "^/in/([^/?#]+)/overlay/contact-info/?$",
            "^/voyager/api/graphql/?$",
            "^/voyager/api/identity/profiles/([^/?#]+)/profileContactInfo",
            "^/sales-api/",
            "^/a\\.b([^.]+)\\.c",
        ] {
            assert!(Anchored::new(pattern).is_some(), "{pattern}");
        }
        for pattern in [
            // Not anchored, alternation, a class that is not a segment.
            "/in/([^/]+)",
            "^/a|^/b",
            "^/voyager/api/identity/profiles/([^/?#]+)/(?:profileView|skills)",
            "^/x/([a-z]+)",
            "^/x/([^a-z]+)",
            "^/x/[^/]+",
            "^.x",
            "^ab*",
            // Ambiguous: greedy matching would have to go back.
            "^/([^/]+)x",
            "^/([^/]+)([^?]+)",
            "^a?a",
            "^/x/?([^?]+)",
            "^/([^/]+)/?x",
            "^/x$y",
            "^caf\u{e9}",
        ] {
            assert_eq!(Anchored::new(pattern), None, "{pattern}");
        }
    }

    #[test]
    fn the_anchored_form_matches_and_captures_as_the_regex_does() {
        let patterns = [
            "^/in/([^/?#]+)/?",
            "^/in/([^/?#]+)/overlay/contact-info/?$",
            "^/voyager/api/graphql/?$",
            "^/voyager/api/identity/profiles/([^/?#]+)/profileContactInfo",
            "^/sales-api/",
            "^/a([^/]+)/?$",
            "^/a([^/.]+)\\.([^/]+)/?",
        ];
        // Short texts over an alphabet that meets every piece, every one up
        // to length 6, and LinkedIn-like paths.
        let alphabet = [
            "/",
            "in",
            "a",
            ".",
            "?",
            "#",
            "é",
            "x",
            "overlay/contact-info",
        ];
        let mut texts: Vec<String> = vec![String::new()];
        let mut frontier = texts.clone();
        for _ in 0..5 {
            frontier = frontier
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}")))
                .collect();
            texts.extend(frontier.iter().cloned());
        }
        texts.extend(
            [
                "/in/alice",
                "/in/alice/",
                "/in/alice//",
                "/in/alice/overlay/contact-info/",
                "/in/alice/overlay/contact-info/x",
                "/in//overlay/contact-info/",
                "/in/j%C3%A9r%C3%B4me/",
                "/in/éloïse?x=1",
                "/voyager/api/graphql",
                "/voyager/api/graphql/",
                "/voyager/api/graphql//",
                "/voyager/api/identity/profiles/ACoAAB/profileContactInfo",
                "/voyager/api/identity/profiles//profileContactInfo",
                "/sales-api/x",
                "/ab.c/",
                "/a.b",
            ]
            .map(String::from),
        );
        for pattern in patterns {
            let with = Pattern::new(pattern).unwrap();
            assert!(
                with.anchored.is_some(),
                "{pattern} is read in the anchored form"
            );
            let alone = Regex::new(pattern).unwrap();
            for text in &texts {
                assert_eq!(
                    with.is_match(text),
                    alone.is_match(text),
                    "{pattern} on {text:?}"
                );
                let want = alone
                    .captures(text)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str());
                assert_eq!(with.first_group(text), want, "{pattern} on {text:?}");
            }
        }
    }

    #[test]
    fn the_prefilter_never_changes_an_answer() {
        let patterns = [
            "^/voyager/api/graphql/?$",
            "^/in/([^/?#]+)/?",
            "(?:^|&)queryId=voyager[A-Za-z]*ContactInfo[A-Za-z]*\\.",
            "ab+c",
            "abc?d",
            "x\\.y",
        ];
        let texts = [
            "/voyager/api/graphql",
            "/voyager/api/graphql/",
            "/voyager/api/graphq",
            "/in/alice/",
            "/in//",
            "queryId=voyagerProfileContactInfoQuery.abc",
            "a&queryId=voyagerContactInfo.1",
            "queryId=voyager.1",
            "abbbc",
            "abd",
            "abcd",
            "xzy",
            "x.y",
            "",
        ];
        for pattern in patterns {
            let with = Pattern::new(pattern).unwrap();
            let alone = Regex::new(pattern).unwrap();
            for text in texts {
                assert_eq!(
                    with.is_match(text),
                    alone.is_match(text),
                    "{pattern} on {text}"
                );
            }
        }
    }
}
