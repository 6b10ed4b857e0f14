//! A site model's pattern, with the literal text every match must contain.
//!
//! `regex-lite` matches with a PikeVM: correct, small, and slow on text that
//! cannot match. A site model's patterns are tried on every request to the
//! site and every page it loads, and nearly all of those fail; most fail on
//! a fixed word (`/voyager/api/graphql`, `queryId=voyager`, `/in/`). That
//! word is taken from the pattern once, when the model is compiled, and
//! looked for with `str::contains` before the regex runs.

use regex_lite::{Captures, Regex};

/// A compiled pattern and the literal every match contains, if it has one.
#[derive(Debug)]
pub(crate) struct Pattern {
    re: Regex,
    needle: Option<String>,
}

impl Pattern {
    pub(crate) fn new(pattern: &str) -> Result<Pattern, regex_lite::Error> {
        Ok(Pattern {
            re: Regex::new(pattern)?,
            needle: required_literal(pattern),
        })
    }

    fn may_match(&self, text: &str) -> bool {
        self.needle.as_deref().is_none_or(|n| text.contains(n))
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.re.is_match(text)
    }

    pub(crate) fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        if !self.may_match(text) {
            return None;
        }
        self.re.captures(text)
    }
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
    (!best.is_empty()).then(|| String::from_utf8(best).expect("ASCII"))
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
