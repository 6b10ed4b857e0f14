//! The popup's message catalogue (`extension/_locales/<lang>/messages.json`),
//! embedded at compile time, and the popup's wording rules in Rust: a
//! finding reads the same in the popup, on the command line and on the audit
//! page.
//!
//! The rules are those of `extension/popup/sentence.js` and `format.js`:
//! WebExtension placeholders (`$NAME$` standing for `$1`…), a counted label
//! as two keys `<base>_one` / `<base>_other` chosen by the language's plural
//! rule (French puts 0 and 1 in "one", English only 1), a count with its
//! unit as a whole phrase ("12 profiles"), evidence counts in a fixed reading
//! order, zero counts left out.

use crate::collections::SortedMap;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::messages::finding::{Actor, Finding, Severity};
use crate::messages::vocabulary::{Arg, Count};

const EN: &str = include_str!(concat!(env!("OUT_DIR"), "/messages.en.json"));
const FR: &str = include_str!(concat!(env!("OUT_DIR"), "/messages.fr.json"));

/// A language of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Fr];

    /// `en` or `fr` (a region such as `fr-CA` is read as its language).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        match code.split(['-', '_']).next() {
            Some("en") => Some(Lang::En),
            Some("fr") => Some(Lang::Fr),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

/// The messages of one language, placeholders resolved to `$1`, `$2`…
pub struct Catalogue {
    lang: Lang,
    messages: HashMap<String, String>,
}

/// The reading order of evidence counts (format.js `COUNT_ORDER`).
const COUNT_ORDER: &[Count] = &[
    Count::Injections,
    Count::Profiles,
    Count::ProfilesNotInView,
    Count::Lookups,
    Count::LookupsWithoutClientHeaders,
    Count::PagesOpened,
    Count::WindowSeconds,
    Count::Matches,
    Count::Calls,
];

impl Catalogue {
    /// The catalogue of `lang`, read once.
    pub fn get(lang: Lang) -> &'static Catalogue {
        static EN_CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        static FR_CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        match lang {
            Lang::En => EN_CATALOGUE.get_or_init(|| Catalogue::parse(Lang::En, EN)),
            Lang::Fr => FR_CATALOGUE.get_or_init(|| Catalogue::parse(Lang::Fr, FR)),
        }
    }

    /// A catalogue from the text of a `messages.json`; entries that are not
    /// `{ "message": "…" }` are left out (the locale tests check the files).
    pub fn parse(lang: Lang, text: &str) -> Catalogue {
        #[derive(serde::Deserialize)]
        struct Entry {
            message: String,
            #[serde(default)]
            placeholders: SortedMap<String, Placeholder>,
        }
        #[derive(serde::Deserialize)]
        struct Placeholder {
            content: String,
        }
        let raw: SortedMap<String, serde_json::Value> =
            serde_json::from_str(text).unwrap_or_default();
        let messages = raw
            .into_iter()
            .filter_map(|(key, value)| {
                let entry: Entry = serde_json::from_value(value).ok()?;
                let placeholders: HashMap<String, String> = entry
                    .placeholders
                    .into_iter()
                    .map(|(name, p)| (name.to_ascii_lowercase(), p.content))
                    .collect();
                Some((key, resolve_placeholders(&entry.message, &placeholders)))
            })
            .collect();
        Catalogue { lang, messages }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `key` with `$1`… filled from `args`; `None` for an
    /// unknown key (as `chrome.i18n.getMessage` returns '').
    pub fn t(&self, key: &str, args: &[String]) -> Option<String> {
        let message = self.messages.get(key)?;
        let mut out = String::with_capacity(message.len());
        let mut chars = message.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            match chars.peek().copied() {
                Some('$') => {
                    chars.next();
                    out.push('$');
                }
                Some(d @ '1'..='9') => {
                    chars.next();
                    let index = d as usize - '1' as usize;
                    out.push_str(args.get(index).map(String::as_str).unwrap_or(""));
                }
                _ => out.push('$'),
            }
        }
        Some(out)
    }

    /// The message `key` without arguments, or `fallback`.
    pub fn text(&self, key: &str, fallback: &str) -> String {
        self.t(key, &[]).unwrap_or_else(|| fallback.to_owned())
    }

    /// "one" or "other" for `n` in this language (CLDR, integers).
    fn is_one(&self, n: u64) -> bool {
        match self.lang {
            Lang::En => n == 1,
            Lang::Fr => n <= 1,
        }
    }

    /// A whole number grouped as the language writes it: "12,345", "12 345"
    /// (French groups with a narrow no-break space, as `Intl.NumberFormat`).
    pub fn count(&self, n: u64) -> String {
        let digits = n.to_string();
        let separator = match self.lang {
            Lang::En => ",",
            Lang::Fr => "\u{202f}",
        };
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(separator);
            }
            out.push(d);
        }
        out
    }

    /// The counted label `<base>_one` / `<base>_other`, `None` when the
    /// catalogue has neither.
    pub fn plural(&self, base: &str, n: u64) -> Option<String> {
        let args = [self.count(n)];
        let form = if self.is_one(n) { "one" } else { "other" };
        self.t(&format!("{base}_{form}"), &args)
            .or_else(|| self.t(&format!("{base}_other"), &args))
    }

    /// One argument of a finding's message as the text of its placeholder.
    pub fn arg(&self, arg: &Arg) -> String {
        match arg {
            Arg::Text(text) => text.clone(),
            Arg::Count { count, unit } => self
                .plural(&format!("unit_{}", unit.as_str()), *count)
                .unwrap_or_else(|| self.count(*count)),
            // Each phrase translated with its own arguments, joined as a
            // list of the language (the popup's `inList`).
            Arg::Phrases { phrases } => phrases
                .iter()
                .filter_map(|p| {
                    let args: Vec<String> = p.args.iter().map(|a| self.arg(a)).collect();
                    self.t(&p.key, &args)
                })
                .filter(|t| !t.is_empty())
                .enumerate()
                .map(|(i, text)| if i == 0 { text } else { in_list(&text) })
                .collect::<Vec<_>>()
                .join(
                    &self
                        .t("listSeparator", &[])
                        .unwrap_or_else(|| "; ".to_owned()),
                ),
            // No country names without a browser: the ISO codes.
            Arg::Countries { countries } => countries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The finding's sentence; a sentence naming its kind when the
    /// catalogue has no such key; never a raw key.
    pub fn sentence(&self, finding: &Finding) -> String {
        let args: Vec<String> = finding.message.args.iter().map(|a| self.arg(a)).collect();
        if let Some(text) = self.t(&finding.message.key, &args) {
            return self.without_list(text);
        }
        let kind = self.kind(finding);
        self.t("sentence_kind", std::slice::from_ref(&kind))
            .unwrap_or(kind)
    }

    /// Whether the finding's sentence already writes every one of its
    /// subjects — a leak's values (masked), or its only profile — so that
    /// no list of them follows it, as the popup's card leaves it out
    /// (`finding-card.js`, profiles()). The actor's own name is no list;
    /// a lead's id (`is_lead`) is still listed, at its address.
    pub fn subjects_written(finding: &Finding, is_lead: impl Fn(&str) -> bool) -> bool {
        let actor: Vec<&str> = match &finding.actor {
            Actor::Extension { id, name, .. } => std::iter::once(id.as_str())
                .chain(name.as_deref())
                .collect(),
            Actor::Script { origin } => vec![origin.as_str()],
            Actor::Site { host } => vec![host.as_str()],
            _ => vec![],
        };
        let texts: Vec<&str> = finding
            .message
            .args
            .iter()
            .filter_map(|a| match a {
                Arg::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .filter(|t| !actor.contains(t))
            .collect();
        !finding.subjects.is_empty()
            && finding.subjects.iter().all(|s| {
                !is_lead(s)
                    && texts
                        .iter()
                        .any(|t| *t == s.as_str() || t.split(", ").any(|p| p == s))
            })
    }

    /// A HAR holds no list of the person's extensions: the popup's "an
    /// extension that is not in your list" becomes "an extension" there, an
    /// absence the capture cannot show.
    fn without_list(&self, text: String) -> String {
        let (listed, plain) = match self.lang {
            Lang::En => ("An extension that is not in your list (", "An extension ("),
            Lang::Fr => ("Une extension absente de votre liste (", "Une extension ("),
        };
        match text.strip_prefix(listed) {
            Some(rest) => format!("{plain}{rest}"),
            None => text,
        }
    }

    pub fn kind(&self, finding: &Finding) -> String {
        let kind = finding.kind.as_str();
        self.text(&format!("kind_{kind}"), kind)
    }

    pub fn severity(&self, severity: Severity) -> String {
        let name = severity_name(severity);
        self.text(&format!("severity_{name}"), name)
    }

    pub fn confidence(&self, finding: &Finding) -> String {
        let name = enum_name(&finding.confidence);
        self.text(&format!("confidence_{name}"), &name)
    }

    pub fn basis(&self, finding: &Finding) -> String {
        let name = enum_name(&finding.basis);
        self.text(&format!("basis_{name}"), &name)
    }

    /// Who did it: an extension's name (and version), a script's origin, a
    /// host, or "an extension or script on this page".
    pub fn actor(&self, actor: &Actor) -> String {
        match actor {
            Actor::Extension {
                name, version, id, ..
            } => {
                let name = name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| self.text("actor_unknownExtension", "Unknown extension"));
                match version {
                    Some(v) => format!("{name} {v} ({id})"),
                    None => format!("{name} ({id})"),
                }
            }
            Actor::Script { origin } => origin.clone(),
            Actor::Site { host } => {
                format!("{host} — {}", self.text("actor_site", "this site"))
            }
            Actor::Unattributed { .. } => {
                self.text("actor_unattributed", "An extension or script on this page")
            }
        }
    }

    /// Evidence counts as labels in reading order, then the occurrences
    /// when no count gives their number:
    /// ["14 profiles", "within 40 seconds", "seen 20 times"].
    pub fn evidence_counts(&self, finding: &Finding) -> Vec<String> {
        let rank = |c: &Count| {
            COUNT_ORDER
                .iter()
                .position(|o| o == c)
                .unwrap_or(COUNT_ORDER.len())
        };
        let mut counts: Vec<(&Count, &u64)> = finding.evidence.counts.iter().collect();
        crate::sorting::sort_by(&mut counts, |a, b| {
            rank(a.0)
                .cmp(&rank(b.0))
                .then(a.0.as_str().cmp(b.0.as_str()))
        });
        let mut labels: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| **n > 0)
            .filter_map(|(c, n)| self.plural(&format!("evidence_{}", c.as_str()), *n))
            .collect();
        // "2 matches · seen 2 times" says one thing twice: the occurrences
        // are said only when no count that grows by one each time (the
        // popup's PER_OCCURRENCE) gives their number.
        let per_occurrence = [
            Count::Matches,
            Count::Lookups,
            Count::Calls,
            Count::Injections,
            Count::Floods,
            Count::FieldReads,
        ];
        if finding.occurrences > 0
            && !per_occurrence
                .iter()
                .any(|c| finding.evidence.counts.get(c) == Some(&finding.occurrences))
        {
            labels.extend(self.plural("occurrences", finding.occurrences));
        }
        labels
    }

    /// The data kinds, encodings and destinations as the popup's chips.
    pub fn data_chips(&self, finding: &Finding) -> Vec<String> {
        let e = &finding.evidence;
        let mut chips: Vec<String> = e
            .data_kinds
            .iter()
            .map(|k| self.text(&format!("dataKind_{}", k.as_str()), k.as_str()))
            .collect();
        chips.extend(
            e.encodings
                .iter()
                .map(|x| self.text(&format!("encoding_{}", x.as_str()), x.as_str())),
        );
        let sent_to = self.text("destination_label", "Sent to");
        chips.extend(e.destinations.iter().map(|d| format!("{sent_to} {d}")));
        chips
    }

    /// What the evidence rests on or lacks, each a sentence.
    pub fn notes(&self, finding: &Finding) -> Vec<String> {
        finding
            .evidence
            .notes
            .iter()
            .filter_map(|n| self.t(&format!("note_{}", n.as_str()), &[]))
            .collect()
    }
}

/// `$NAME$` (any case) replaced by its placeholder's content; `$$` kept for
/// [`Catalogue::t`] to read as a dollar.
fn resolve_placeholders(message: &str, placeholders: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let closed = after[name_len..].starts_with('$');
        match placeholders.get(&name.to_ascii_lowercase()) {
            Some(content) if closed && !name.is_empty() => {
                out.push_str(content);
                rest = &after[name_len + 1..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "high",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The camelCase name serde gives a unit variant.
fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A phrase written to stand alone ("Reads your clipboard") as it reads
/// after the first item of a list: its first letter in lower case, unless
/// its first word is a name ("LinkedIn").
fn in_list(text: &str) -> String {
    let word = text.split(char::is_whitespace).next().unwrap_or("");
    let mut chars = word.chars();
    let first = chars.next();
    if chars.any(char::is_uppercase) {
        return text.to_owned();
    }
    match first {
        Some(c) => {
            let (first, rest) = text.split_at(c.len_utf8());
            crate::text::lowercase(first) + rest
        }
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_list_of_phrases_reads_as_one_list_of_the_language() {
        assert_eq!(
            super::in_list("Reads your clipboard"),
            "reads your clipboard"
        );
        assert_eq!(super::in_list("LinkedIn login"), "LinkedIn login");
        assert_eq!(super::in_list("Écrit"), "écrit");
        assert_eq!(super::in_list(""), "");
    }

    use super::*;

    #[test]
    fn placeholders_become_positions_and_dollars_stay() {
        let mut p = HashMap::new();
        p.insert("count".to_owned(), "$1".to_owned());
        assert_eq!(
            resolve_placeholders("seen $COUNT$ times", &p),
            "seen $1 times"
        );
        assert_eq!(
            resolve_placeholders("costs $$5 or $X", &p),
            "costs $$5 or $X"
        );
    }

    #[test]
    fn no_sentence_of_a_har_audit_says_an_extension_is_not_in_your_list() {
        for (lang, list) in [(Lang::En, "list"), (Lang::Fr, "liste")] {
            let c = Catalogue::get(lang);
            let unknown: Vec<&String> = c
                .messages
                .keys()
                .filter(|k| k.starts_with("finding") && k.ends_with("Unknown"))
                .collect();
            assert!(unknown.len() >= 3, "{unknown:?}");
            for key in unknown {
                let args = [
                    "pinmejbdlgdpkokndjaoglocnakbjbok".to_owned(),
                    "alice-martin".to_owned(),
                ];
                let text = c.t(key, &args).expect(key);
                assert!(
                    text.contains(list),
                    "{key}: the popup's sentence says it: {text}"
                );
                let audit = c.without_list(text);
                assert!(!audit.contains(list), "{key}: {audit}");
                assert!(
                    audit.contains("(pinmejbdlgdpkokndjaoglocnakbjbok)"),
                    "{key}: {audit}"
                );
            }
        }
    }

    #[test]
    fn french_counts_one_for_zero_and_groups_with_a_narrow_space() {
        let fr = Catalogue::get(Lang::Fr);
        assert_eq!(fr.count(12345), "12\u{202f}345");
        assert_eq!(Catalogue::get(Lang::En).count(1234567), "1,234,567");
        assert!(fr.is_one(0) && fr.is_one(1) && !fr.is_one(2));
        assert!(!Catalogue::get(Lang::En).is_one(0));
    }

    #[test]
    fn every_sentence_of_the_vocabulary_is_in_both_catalogues() {
        for lang in Lang::ALL {
            let c = Catalogue::get(*lang);
            assert!(c.t("findingHarvestBurst", &[]).is_some(), "{lang:?}");
            assert_eq!(c.t("no such key", &[]), None);
        }
    }
}
