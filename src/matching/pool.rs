//! Finding watched personal data in outgoing requests, plain or disguised.
//!
//! Following the Leaky Forms method (Senol et al., USENIX Security 2022):
//! each watched value is expanded once into a pool of forms — its normal
//! forms (trimmed, lower case; e-mail local parts without `+tag`, and
//! without dots where the provider ignores them; phones in E.164 and
//! national forms), each written plain, URL-encoded, base64 (standard and
//! URL-safe) and hex, and hashed (MD5, SHA-1, SHA-256, SHA-512; hex and
//! base64) — and one automaton (Aho-Corasick, ASCII case folded) searches
//! every text of a request ([`decode`](crate::matching::decode): the URL
//! and body as sent and every layer decoding reveals) for the whole pool at
//! once. Phone numbers are also matched on the digits of a text, whatever
//! separates them.
//!
//! The pool grows value by value (a value typed, a contact shown): the
//! forms of the values already in it are kept, only the automaton is
//! rebuilt, at the next scan.

// The contiguous NFA alone, not `AhoCorasick`: that wrapper picks among
// three automata at run time, so all three and their searches are compiled
// into the wasm. The contiguous NFA is what it picks for a pool of any
// size; the small digit and word sets search a few dozen bytes each.
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::{Builder, NFA};
use aho_corasick::{Input, MatchKind};
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use md5::Md5;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

pub use crate::matching::decode::MAX_DECODED_BYTES;
use crate::matching::decode::{decode_texts, Decoded, Part, CLASS, DIGIT};
use crate::messages::vocabulary::{DataKind, Encoding};

/// Whose a personal value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An entry the person asked Vigie to watch on every site.
    Own,
    /// A value the person typed into a field of the tab's page.
    Typed,
}

/// What a needle stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watched {
    /// Contact data of the tab's site, of `profile` when known: shown in
    /// the tab, or, when `claimed`, known only from the page's report of
    /// the site's answer to its own request.
    Value {
        kind: DataKind,
        profile: Option<String>,
        claimed: bool,
    },
    /// A member identity looked up while not in view.
    HarvestedMember(String),
    /// A value of the person's own (held in memory only, shown masked).
    Personal {
        kind: DataKind,
        value: String,
        origin: Origin,
    },
}

/// One watched thing found in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub watched: Watched,
    /// The one word contact-data findings show: the outermost decoding
    /// layer, else the form the value took (`sha256`, `url`, `plain`).
    pub encoding: Encoding,
    /// The whole chain, outermost first: the decoding layers, then the
    /// form (`gzip`, `base64`, `sha256`, `hex`).
    pub layers: Vec<Encoding>,
    /// The part of the request it was found in.
    pub part: Part,
}

/// Some words of a name typed in separate fields, found as whole words in
/// the texts of one request decoded alike, though not every word: a
/// recording or a form tracker that sends each field as it is left splits
/// the name over its requests. They pair with the words that other
/// requests of the page carried to the same domain
/// ([`NameWords::made_whole`], `TabActivity::words_sent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameWords {
    /// The full name the words stand for.
    pub watched: Watched,
    /// The words found, one bit each, in the order of the fields.
    pub seen: u8,
    /// The bits of every word: the name is whole when `seen` reaches them.
    pub all: u8,
    pub layers: Vec<Encoding>,
    pub part: Part,
}

impl NameWords {
    /// The names that `these` words (one request's) make whole with the
    /// `earlier` words (found in other requests to the same domain): each
    /// once, as a hit in the form of `these`.
    pub fn made_whole(these: &[NameWords], earlier: &[NameWords]) -> Vec<Hit> {
        let mut whole: Vec<Hit> = vec![];
        for part in these {
            if whole.iter().any(|h| h.watched == part.watched) {
                continue;
            }
            let seen = these
                .iter()
                .chain(earlier)
                .filter(|p| p.watched == part.watched)
                .fold(0, |seen, p| seen | p.seen);
            if seen == part.all {
                whole.push(part.hit());
            }
        }
        whole
    }

    /// The name found, as a hit in the form of the request that completed it.
    pub fn hit(&self) -> Hit {
        Hit {
            watched: self.watched.clone(),
            encoding: summary(&self.layers, &[Encoding::Plain]),
            layers: self
                .layers
                .iter()
                .copied()
                .chain([Encoding::Plain])
                .collect(),
            part: self.part,
        }
    }
}

/// What one request holds: whole hits, and parts of names typed in
/// separate fields.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub name_words: Vec<NameWords>,
}

/// Every form of the values one tab watches. The automata are built on the
/// first scan and reused until a value is added.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    /// What each needle stands for, once per watched thing.
    watched: Vec<Watched>,
    /// Text needles: (needle, index in `watched`, form, outermost first).
    needles: Vec<(String, usize, Vec<Encoding>)>,
    /// Phone numbers as digits: (digits, index in `watched`).
    digits: Vec<(String, usize)>,
    /// Words of a name typed in separate fields: (word, its group in `names`).
    name_words: Vec<(String, usize)>,
    /// Each name typed in separate fields: (index in `watched`, how many words).
    names: Vec<(usize, usize)>,
    /// The words of the person's names already hashed (each once, for the
    /// first name it was found in).
    hashed_name_words: Vec<String>,
    /// Shared by the pool's copies, as the automata never change once built.
    automata: std::cell::OnceCell<std::sync::Arc<Automata>>,
}

#[derive(Debug, Clone)]
struct Automata {
    needles: Option<NFA>,
    digits: Option<NFA>,
    name_words: Option<NFA>,
}

/// The most words of a name typed in separate fields that count together.
const MAX_NAME_WORDS: usize = 4;
/// The shortest word of a name whose words count when found in separate
/// requests: two-letter words are too common to pair from afar.
const MIN_PAIRED_NAME_WORD: usize = 3;

/// A byte that can be part of a word (ASCII letters and digits, and any byte
/// of a non-ASCII character).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// What one scan found, and whether the work budget cut it short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Every watched thing found, once per chain it was found in, in the
    /// order found.
    pub hits: Vec<Hit>,
    /// The decoding budget ran out: part of the request was searched only
    /// as it is, not decoded.
    pub stopped_early: bool,
}

/// The longest value watched, in bytes: the shell reads contact details and
/// form values up to 256 characters (`maxContactLength`, `maxFormValue`),
/// and an e-mail address is at most 254. A longer "value" is no one's
/// contact detail, and its needles would make the automaton large and slow
/// to build.
pub const MAX_VALUE_BYTES: usize = 256;
/// The shortest phone number the pool watches, in digits.
const MIN_PHONE_DIGITS: usize = 9;
/// The shortest custom string watched: shorter ones are everywhere.
const MIN_CUSTOM_BYTES: usize = 4;

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every hash of `value`, in hex and base64 (both alphabets).
fn hashes(value: &str, watched: usize, out: &mut Vec<(String, usize, Vec<Encoding>)>) {
    let digests = [
        (Encoding::Md5, Md5::digest(value.as_bytes()).to_vec()),
        (Encoding::Sha1, Sha1::digest(value.as_bytes()).to_vec()),
        (Encoding::Sha256, Sha256::digest(value.as_bytes()).to_vec()),
        (Encoding::Sha512, Sha512::digest(value.as_bytes()).to_vec()),
    ];
    for (hash, digest) in digests {
        out.push((hex_of(&digest), watched, vec![hash, Encoding::Hex]));
        let standard = STANDARD_NO_PAD.encode(&digest);
        let url_safe = URL_SAFE_NO_PAD.encode(&digest);
        if url_safe != standard {
            out.push((url_safe, watched, vec![hash, Encoding::Base64]));
        }
        out.push((standard, watched, vec![hash, Encoding::Base64]));
    }
}

/// The SHA-256 of `value`, in hex and base64 (standard and URL-safe).
fn sha256_forms(value: &str, watched: usize, out: &mut Vec<(String, usize, Vec<Encoding>)>) {
    let digest = Sha256::digest(value.as_bytes());
    out.push((
        hex_of(&digest),
        watched,
        vec![Encoding::Sha256, Encoding::Hex],
    ));
    let standard = STANDARD_NO_PAD.encode(digest);
    let url_safe = URL_SAFE_NO_PAD.encode(digest);
    if url_safe != standard {
        out.push((url_safe, watched, vec![Encoding::Sha256, Encoding::Base64]));
    }
    out.push((standard, watched, vec![Encoding::Sha256, Encoding::Base64]));
}

/// The SHA-256 of an address's MD5 in hex: an ad network's legacy form of
/// a hashed e-mail, still asked for beside SHA-256 (Criteo's OneTag
/// `setEmail` with `hash_method: "sha256_md5"`), in hex and base64.
fn sha256_of_md5(value: &str, watched: usize, out: &mut Vec<(String, usize, Vec<Encoding>)>) {
    let md5 = hex_of(&Md5::digest(value.as_bytes()));
    let digest = Sha256::digest(md5.as_bytes());
    let layers = |last| vec![Encoding::Sha256, Encoding::Md5, last];
    out.push((hex_of(&digest), watched, layers(Encoding::Hex)));
    out.push((
        STANDARD_NO_PAD.encode(digest),
        watched,
        layers(Encoding::Base64),
    ));
    out.push((
        URL_SAFE_NO_PAD.encode(digest),
        watched,
        layers(Encoding::Base64),
    ));
}

/// The shortest word of a name whose hash counts: shorter ones (`fr`, `f`)
/// are what advanced matching hashes for a country or a gender.
const MIN_HASHED_NAME_WORD: usize = 3;

/// The forms of a name's words that advanced matching hashes: each word
/// lower-cased, and without its punctuation (`jean-pierre`, `jeanpierre`).
/// Only the words of what reads as a name: at most [`MAX_NAME_WORDS`] of
/// them, none with a digit ("Plan 2024" in a name field is no one's name).
fn name_word_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > MAX_NAME_WORDS || name.chars().any(|c| c.is_numeric()) {
        return vec![];
    }
    let mut forms: Vec<String> = vec![];
    for word in words {
        let bare: String = word.chars().filter(|c| c.is_alphabetic()).collect();
        for form in [word.to_owned(), bare] {
            if form.chars().count() >= MIN_HASHED_NAME_WORD && !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms
}

/// Providers that ignore dots in the local part (and deliver to either
/// domain): Gmail's help, "Dots don't matter in Gmail addresses".
const DOTLESS_PROVIDERS: [&str; 2] = ["gmail.com", "googlemail.com"];

/// The normal forms of an e-mail address that reach the same mailbox:
/// without `+tag` (sub-addressing, RFC 5233, which most providers honour),
/// and for Gmail without dots and on either of its domains.
pub fn email_forms(email: &str) -> Vec<String> {
    let mut forms = vec![email.to_owned()];
    let Some((local, domain)) = email.rsplit_once('@') else {
        return forms;
    };
    let untagged = local.split('+').next().unwrap_or(local);
    let mut push = |form: String| {
        if !forms.contains(&form) && !form.starts_with('@') {
            forms.push(form);
        }
    };
    push(format!("{untagged}@{domain}"));
    if DOTLESS_PROVIDERS.contains(&domain) {
        for d in DOTLESS_PROVIDERS {
            for l in [local, untagged, &untagged.replace('.', "")] {
                push(format!("{l}@{d}"));
            }
        }
    }
    forms
}

/// The e-mail with dots and `+tag` dropped from the local part, as some
/// trackers normalise before hashing whatever the provider.
fn stripped_email(email: &str) -> Option<String> {
    let (local, domain) = email.split_once('@')?;
    let local = local.split('+').next().unwrap_or(local).replace('.', "");
    let stripped = format!("{local}@{domain}");
    (stripped != email && !local.is_empty()).then_some(stripped)
}

/// The length of the country calling code `digits` starts with (ITU-T
/// E.164 assignments: 1 and 7 alone, the listed two-digit codes, else
/// three digits).
fn country_code_len(digits: &str) -> usize {
    const TWO: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    match digits.as_bytes().first() {
        Some(b'1' | b'7') => 1,
        _ if TWO.iter().any(|cc| digits.starts_with(cc)) => 2,
        _ => 3,
    }
}

/// Calling codes of countries whose national numbers start with a trunk
/// `0` dropped in the international form (ITU-T E.164 national numbering
/// plans): Europe's where Vigie speaks, the French overseas departments,
/// and the most populous elsewhere. A number typed in its national form
/// (`06 12 34 56 78`) names no country, but a site that hashes it in E.164,
/// as Google's enhanced conversions and TikTok's advanced matching ask,
/// adds the one it serves.
const TRUNK_ZERO_CODES: [&str; 25] = [
    "33", "32", "41", "49", "43", "31", "44", "353", "46", "358", "262", "590", "594", "596",
    "212", "213", "61", "64", "81", "82", "91", "90", "27", "972", "86",
];

/// A phone number's forms: the digit runs to look for, and the texts
/// trackers hash (E.164 `+33612345678`, its digits, the national form
/// `0612345678`), and for a national number (`0…`, no `+`) the E.164 forms
/// it would take in each country of [`TRUNK_ZERO_CODES`], with and without
/// the `+`, to be hashed only: a digest of a wrong guess is no
/// coincidence, where its digits written plain could be. `None` when it
/// has too few digits to be a phone.
pub fn phone_forms(value: &str) -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
    let trimmed = value.trim_start();
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    if trimmed.starts_with("00") {
        digits.drain(..2);
    }
    if digits.len() < MIN_PHONE_DIGITS {
        return None;
    }
    let mut runs = vec![digits.clone()];
    let mut hashed = vec![digits.clone(), format!("+{digits}")];
    let mut guessed = vec![];
    let push = |list: &mut Vec<String>, form: String| {
        if !list.contains(&form) {
            list.push(form);
        }
    };
    if international {
        let cc_len = country_code_len(&digits);
        let cc = &digits[..cc_len];
        // `+33 (0)6 …`: the trunk zero written inside an international form.
        let subscriber = digits[cc_len..].trim_start_matches('0');
        let national = if cc == "1" {
            subscriber.to_owned()
        } else {
            format!("0{subscriber}")
        };
        push(&mut hashed, format!("+{cc}{subscriber}"));
        push(&mut hashed, format!("{cc}{subscriber}"));
        push(&mut hashed, national.clone());
        push(&mut runs, format!("{cc}{subscriber}"));
        if subscriber.len() >= MIN_PHONE_DIGITS {
            push(&mut runs, subscriber.to_owned());
        }
    } else if let Some(subscriber) = digits.strip_prefix('0') {
        if subscriber.len() >= MIN_PHONE_DIGITS {
            push(&mut runs, subscriber.to_owned());
        }
        if !subscriber.starts_with('0') {
            guessed = TRUNK_ZERO_CODES
                .iter()
                .flat_map(|cc| [format!("+{cc}{subscriber}"), format!("{cc}{subscriber}")])
                .collect();
        }
    } else if digits.len() == 10 {
        // Ten digits with no trunk zero: a North American number.
        push(&mut hashed, format!("+1{digits}"));
        push(&mut hashed, format!("1{digits}"));
    }
    Some((runs, hashed, guessed))
}

/// The digits of `text`, as a phone is written: the separators a phone's
/// digits are written with are left out, and any other run of bytes
/// becomes one `x`, which no run of digits crosses.
fn phone_digits(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 2);
    for &b in text {
        if CLASS[usize::from(b)] & DIGIT != 0 {
            out.push(b);
        } else if !matches!(b, b' ' | b'.' | b'-' | b'(' | b')' | b'/' | b'+' | b'\t')
            // A no-break space (U+00A0, U+202F) in UTF-8.
            && !matches!(b, 0xC2 | 0xA0 | 0xE2 | 0x80 | 0xAF)
            && out.last() != Some(&b'x')
        {
            out.push(b'x');
        }
    }
    out
}

impl Pool {
    pub fn new() -> Pool {
        Pool::default()
    }

    /// Adds every form of one contact value shown in the tab.
    pub fn add_value(&mut self, kind: DataKind, value: &str, profile: Option<&str>, claimed: bool) {
        let watched = Watched::Value {
            kind,
            profile: profile.map(str::to_owned),
            claimed,
        };
        self.add(kind, value, watched);
    }

    /// Adds every form of one of the person's own values (an entry of
    /// theirs, or a value they typed).
    pub fn add_personal(&mut self, kind: DataKind, value: &str, origin: Origin) {
        let watched = Watched::Personal {
            kind,
            value: value.trim().to_owned(),
            origin,
        };
        self.add(kind, value, watched);
    }

    fn add(&mut self, kind: DataKind, value: &str, watched: Watched) {
        // As typed (a phone's keyboard capitalises an address's first
        // letter): a tag that hashes the field's value without lowering
        // its case sends that digest.
        let typed = value.trim();
        let value = crate::text::lowercase(typed);
        if value.len() > MAX_VALUE_BYTES {
            return;
        }
        match kind {
            DataKind::Email => {
                if !value.contains('@') || value.len() < 6 {
                    return;
                }
                let w = self.watch(watched);
                for form in email_forms(&value) {
                    self.add_text_forms(&form, w);
                    hashes(&form, w, &mut self.needles);
                    sha256_of_md5(&form, w, &mut self.needles);
                }
                if let Some(stripped) = stripped_email(&value) {
                    if !email_forms(&value).contains(&stripped) {
                        hashes(&stripped, w, &mut self.needles);
                    }
                }
                if typed != value {
                    hashes(typed, w, &mut self.needles);
                }
            }
            DataKind::Phone => {
                let Some((runs, hashed, guessed)) = phone_forms(&value) else {
                    return;
                };
                let w = self.watch(watched);
                for form in hashed {
                    // Digits are found whatever separates them; the written
                    // forms name how the number travelled (`%2B33…`, base64).
                    self.add_text_forms(&form, w);
                    hashes(&form, w, &mut self.needles);
                }
                for run in runs {
                    self.digits.push((run, w));
                }
                // Trackers hash phones with SHA-256 (Meta, Google, TikTok,
                // Snap, Pinterest alike).
                for form in guessed {
                    sha256_forms(&form, w, &mut self.needles);
                }
            }
            DataKind::Name => {
                // A name alone is too common to match on its own words;
                // only the full name counts, and only as supporting evidence.
                if value.len() < 5 || !value.contains(' ') {
                    return;
                }
                let personal = matches!(watched, Watched::Personal { .. });
                let w = self.watch(watched);
                // Found whatever the case of its ASCII letters; a letter
                // beyond ASCII ("É") only in the case written: the name as
                // typed, and as sites rewrite one (lowercase, uppercase, a
                // capital to each word).
                let mut forms = vec![value.clone()];
                for form in [
                    typed.to_owned(),
                    crate::text::uppercase(typed),
                    crate::text::title_case(typed),
                ] {
                    if !forms.iter().any(|f| f.eq_ignore_ascii_case(&form)) {
                        forms.push(form);
                    }
                }
                for form in &forms {
                    self.add_text_forms(form, w);
                    self.needles
                        .push((form.replace(' ', "+"), w, vec![Encoding::Url]));
                }
                if personal {
                    // Advanced matching hashes the first name and the family
                    // name each on its own (Meta's `fn` and `ln`, Google's
                    // and TikTok's alike): a word's hash is no coincidence,
                    // as the word itself would be.
                    let mut forms = name_word_forms(&value);
                    forms.extend(name_word_forms(typed));
                    for form in forms {
                        if !self.hashed_name_words.contains(&form) {
                            hashes(&form, w, &mut self.needles);
                            self.hashed_name_words.push(form);
                        }
                    }
                }
            }
            DataKind::Custom => {
                if value.len() < MIN_CUSTOM_BYTES {
                    return;
                }
                let w = self.watch(watched);
                self.add_text_forms(&value, w);
                hashes(&value, w, &mut self.needles);
            }
        }
    }

    /// A name typed in separate fields of one form (a first name, a family
    /// name). Each word alone is too common to count: the name is found
    /// only when every word is found, as a whole word, in the texts of one
    /// request decoded the same way (one text, or the events of one batch
    /// each deflated on its own; the URL and the body apart) — as a
    /// session recording sends each field's value. The words joined by
    /// spaces are also watched as a full name.
    pub fn add_name_words(&mut self, words: &[&str]) {
        let words: Vec<&str> = words.iter().map(|w| w.trim()).collect();
        if !(2..=MAX_NAME_WORDS).contains(&words.len())
            || words
                .iter()
                .any(|w| w.chars().count() < 2 || w.contains(char::is_whitespace))
            || words.iter().map(|w| w.len() + 1).sum::<usize>() > MAX_VALUE_BYTES
        {
            return;
        }
        let full = crate::messages::finding::join(&words, " ");
        self.add_personal(DataKind::Name, &full, Origin::Typed);
        let w = self.watch(Watched::Personal {
            kind: DataKind::Name,
            value: full,
            origin: Origin::Typed,
        });
        if self.names.iter().any(|&(known, _)| known == w) {
            return;
        }
        let group = self.names.len();
        self.names.push((w, words.len()));
        for word in words {
            self.name_words.push((word.to_owned(), group));
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

    /// True when the pool already holds `watched`'s forms.
    pub fn holds(&self, watched: &Watched) -> bool {
        self.watched.contains(watched)
    }

    /// Registers what the next needles stand for, once however many values
    /// or forms stand for it (so that each is reported once); the automata
    /// are rebuilt at the next scan.
    fn watch(&mut self, watched: Watched) -> usize {
        self.automata = std::cell::OnceCell::new();
        if let Some(known) = self.watched.iter().position(|w| *w == watched) {
            return known;
        }
        self.watched.push(watched);
        self.watched.len() - 1
    }

    fn add_text_forms(&mut self, value: &str, watched: usize) {
        let mut push = |needle: String, form: Encoding| {
            if !self
                .needles
                .iter()
                .any(|(n, w, _)| *w == watched && *n == needle)
            {
                self.needles.push((needle, watched, vec![form]));
            }
        };
        push(value.to_owned(), Encoding::Plain);
        let encoded = utf8_percent_encode(value, NON_ALPHANUMERIC).to_string();
        if encoded != value {
            push(encoded, Encoding::Url);
        }
        push(STANDARD_NO_PAD.encode(value), Encoding::Base64);
        push(URL_SAFE_NO_PAD.encode(value), Encoding::Base64);
        push(hex_of(value.as_bytes()), Encoding::Hex);
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty() && self.digits.is_empty() && self.name_words.is_empty()
    }

    /// Every watched thing found in `texts`, de-duplicated.
    ///
    /// ```
    /// use vigie::matching::pool::Pool;
    /// use vigie::messages::vocabulary::{DataKind, Encoding};
    /// let mut pool = Pool::new();
    /// pool.add_value(DataKind::Email, "ada@example.org", None, false);
    /// let hits = pool.scan(&["https://t.example/p?em=ada%40example.org"]);
    /// assert_eq!(hits[0].encoding, Encoding::Url);
    /// ```
    pub fn scan(&self, texts: &[&str]) -> Vec<Hit> {
        self.scan_bounded(texts).hits
    }

    /// Like [`Pool::scan`], and says whether the decoding budget stopped the
    /// search early (a cap the caller should record).
    pub fn scan_bounded(&self, texts: &[&str]) -> Scan {
        if self.is_empty() {
            return Scan::default();
        }
        let decoded = decode_texts(texts);
        Scan {
            hits: self.find(&decoded),
            stopped_early: decoded.capped,
        }
    }

    /// Every watched thing found in the texts of one decoded request.
    pub fn find(&self, decoded: &Decoded) -> Vec<Hit> {
        self.find_all(decoded).hits
    }

    /// Every watched thing found in the texts of one decoded request, and
    /// the words of typed names found without the rest of their name.
    pub fn find_all(&self, decoded: &Decoded) -> Found {
        let mut found: Vec<Hit> = vec![];
        if self.is_empty() {
            return Found::default();
        }
        let automata = self
            .automata
            .get_or_init(|| std::sync::Arc::new(self.build()));
        // `form` empty: a phone found on its digits.
        let mut record = |w: usize, form: &[Encoding], layers: &[Encoding], part: Part| {
            let encoding = summary(layers, form);
            // Found plain once URL-decoded: the value travelled URL-encoded,
            // and says so once (`url`, not `url + plain`).
            let form = match (form, layers.last()) {
                ([] | [Encoding::Plain], Some(Encoding::Url)) => &[][..],
                ([], _) => &[Encoding::Plain][..],
                _ => form,
            };
            let watched = &self.watched[w];
            let chain = || layers.iter().chain(form).copied();
            if found
                .iter()
                .any(|h| h.watched == *watched && h.layers.iter().copied().eq(chain()))
            {
                return;
            }
            found.push(Hit {
                watched: watched.clone(),
                encoding,
                layers: chain().collect(),
                part,
            });
        };
        // Words of names found, per way of decoding (layers, body or URL).
        let mut name_texts: Vec<(&Vec<Encoding>, Part, Vec<u8>)> = vec![];
        for piece in &decoded.pieces {
            if let Some(matcher) = &automata.needles {
                let found = matcher.try_find_iter(Input::new(piece.text.as_str()));
                // Errors only for a search the automaton was not built for.
                for m in found.into_iter().flatten() {
                    let (_, w, form) = &self.needles[m.pattern().as_usize()];
                    if !self.stands_alone(*w, form, &piece.text, m.start(), m.end()) {
                        continue;
                    }
                    record(*w, form, &piece.layers, piece.part);
                }
            }
            if let Some(words) = &automata.name_words {
                // Which words of each name this text holds, as whole words.
                let text = piece.text.as_bytes();
                let mut seen = vec![0u8; self.names.len()];
                let found = words.try_find_overlapping_iter(Input::new(piece.text.as_str()));
                for m in found.into_iter().flatten() {
                    let whole = (m.start() == 0 || !is_word_byte(text[m.start() - 1]))
                        && text.get(m.end()).is_none_or(|&b| !is_word_byte(b));
                    if whole {
                        let group = self.name_words[m.pattern().as_usize()].1;
                        let index = self.name_words[..m.pattern().as_usize()]
                            .iter()
                            .filter(|(_, g)| *g == group)
                            .count();
                        seen[group] |= 1 << index;
                    }
                }
                // Texts decoded alike from one request count together: the
                // events of one batch, each deflated on its own (rrweb's
                // packer), are one text cut in pieces.
                if seen.iter().any(|&s| s != 0) {
                    let alike = name_texts
                        .iter_mut()
                        .find(|(layers, part, _)| **layers == piece.layers && *part == piece.part);
                    match alike {
                        Some((_, _, all)) => all.iter_mut().zip(&seen).for_each(|(a, s)| *a |= s),
                        None => name_texts.push((&piece.layers, piece.part, seen)),
                    }
                }
            }
            if let Some(digits) = &automata.digits {
                // Phones are matched on their digits, whatever a person or a
                // site writes between them (spaces, dots, dashes, brackets,
                // a slash, a plus): anything else ends a run of digits, so
                // that the numbers of a text (a recording's coordinates and
                // times) never join into one.
                let projected = phone_digits(piece.text.as_bytes());
                if projected.len() >= MIN_PHONE_DIGITS {
                    let found = digits.try_find_overlapping_iter(Input::new(&projected));
                    for m in found.into_iter().flatten() {
                        let (_, w) = self.digits[m.pattern().as_usize()];
                        record(w, &[], &piece.layers, piece.part);
                    }
                }
            }
        }
        let mut name_words = vec![];
        for (layers, part, seen) in &name_texts {
            for (group, &(w, count)) in self.names.iter().enumerate() {
                if seen[group].count_ones() as usize == count {
                    record(w, &[Encoding::Plain], layers, *part);
                } else if seen[group] != 0 && self.pairs_from_afar(group) {
                    name_words.push(NameWords {
                        watched: self.watched[w].clone(),
                        seen: seen[group],
                        all: (1u8 << count) - 1,
                        layers: (*layers).clone(),
                        part: *part,
                    });
                }
            }
        }
        // A name found whole somewhere in the request needs no pairing.
        name_words.retain(|part| !found.iter().any(|h| h.watched == part.watched));
        Found {
            hits: found,
            name_words,
        }
    }

    /// Whether a value written as text (plain or URL-encoded) was found
    /// whole at `start..end` of `text`, not inside a longer one: an address
    /// inside another (`ann@gmail.com` in `joann@gmail.com`, or in
    /// `ann@gmail.com.au`), a name inside other words (`Dan Ross` in
    /// `Jordan Rossi`). Hashes and encodings stand alone by their length.
    fn stands_alone(
        &self,
        w: usize,
        form: &[Encoding],
        text: &str,
        start: usize,
        end: usize,
    ) -> bool {
        if !matches!(form, [Encoding::Plain | Encoding::Url]) {
            return true;
        }
        let kind = match &self.watched[w] {
            Watched::Personal { kind, .. } | Watched::Value { kind, .. } => *kind,
            Watched::HarvestedMember(_) => return true,
        };
        let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) else {
            return true;
        };
        // An escape just before is no part of a word: `\n` in a JSON
        // string, `%22` in a URL.
        let mut back = head.chars().rev();
        let before = match (back.next(), back.next(), back.next()) {
            (Some(_), Some('\\'), _) => None,
            (Some(a), Some(b), Some('%')) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => None,
            (c, _, _) => c,
        };
        let mut after = tail.chars();
        let next = after.next().filter(|&c| c != '%');
        match kind {
            // A local part's characters before it; a domain's after it (a
            // dot only when a label follows).
            DataKind::Email => {
                !before.is_some_and(|c| {
                    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
                }) && !next.is_some_and(|c| {
                    c.is_alphanumeric()
                        || c == '-'
                        || (c == '.' && after.next().is_some_and(char::is_alphanumeric))
                })
            }
            DataKind::Name => {
                !before.is_some_and(char::is_alphanumeric)
                    && !next.is_some_and(char::is_alphanumeric)
            }
            _ => true,
        }
    }

    /// The names typed in separate fields this pool watches for.
    pub fn typed_names(&self) -> Vec<Watched> {
        self.names
            .iter()
            .map(|&(w, _)| self.watched[w].clone())
            .collect()
    }

    /// Whether the words of name `group` are all long enough to be paired
    /// across requests.
    fn pairs_from_afar(&self, group: usize) -> bool {
        self.name_words
            .iter()
            .filter(|(_, g)| *g == group)
            .all(|(word, _)| word.chars().count() >= MIN_PAIRED_NAME_WORD)
    }

    fn build(&self) -> Automata {
        let needles = Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(self.needles.iter().map(|(n, _, _)| n.as_str()))
            .ok();
        let digits = (!self.digits.is_empty())
            .then(|| NFA::new(self.digits.iter().map(|(d, _)| d.as_str())).ok())
            .flatten();
        let name_words = (!self.name_words.is_empty())
            .then(|| NFA::new(self.name_words.iter().map(|(w, _)| w.as_str())).ok())
            .flatten();
        Automata {
            needles,
            digits,
            name_words,
        }
    }
}

/// The one word a contact-data finding shows for a hit: a base64 or
/// decompression layer names it; a URL layer names a plain value's form
/// (`url`) and leaves a hash's; otherwise the form itself (a hash names its
/// algorithm). A phone matched on its digits (`form` empty) is `plain`
/// whatever punctuation or escapes separated them.
fn summary(layers: &[Encoding], form: &[Encoding]) -> Encoding {
    let form_word = form.first().copied().unwrap_or(Encoding::Plain);
    match layers {
        [] => form_word,
        [Encoding::Url] if form == [Encoding::Plain] => Encoding::Url,
        [Encoding::Url] => form_word,
        [Encoding::Url, inner, ..] => *inner,
        [outer, ..] => *outer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::decode::has_percent_escape;

    #[test]
    fn a_national_number_is_guessed_in_e164_and_an_international_one_is_not() {
        let guessed = |value: &str| phone_forms(value).map(|f| f.2).unwrap_or_default();
        let forms = guessed("06 12 34 56 78");
        for form in [
            "+33612345678",
            "33612345678",
            "+32612345678",
            "+44612345678",
        ] {
            assert!(forms.iter().any(|f| f == form), "{form}: {forms:?}");
        }
        assert_eq!(forms.len(), 2 * TRUNK_ZERO_CODES.len());
        // Its country is written: nothing to guess.
        for known in ["+33 6 12 34 56 78", "0033 6 12 34 56 78"] {
            assert_eq!(guessed(known), Vec::<String>::new(), "{known}");
        }
        // No trunk zero, too short, or an international prefix of its own.
        for other in ["612345678", "06 12 34", "00 44 20 7946 0958"] {
            assert_eq!(guessed(other), Vec::<String>::new(), "{other}");
        }
    }

    fn name_pool() -> Pool {
        let mut pool = Pool::new();
        pool.add_name_words(&["Léa", "Fontaine"]);
        pool
    }

    #[test]
    fn a_name_typed_in_two_fields_counts_across_events_deflated_one_by_one() {
        use crate::matching::decode::{decode, Body};
        // rrweb's packer: each event deflated on its own into a string of bytes.
        let packed = |event: &str| {
            let stream = miniz_oxide::deflate::compress_to_vec_zlib(event.as_bytes(), 6);
            serde_json::to_string(&stream.iter().map(|&b| char::from(b)).collect::<String>())
                .unwrap()
        };
        let batch = format!(
            r#"{{"events":[{},{}]}}"#,
            packed(r#"{"type":3,"data":{"source":5,"text":"Léa"}}"#),
            packed(r#"{"type":3,"data":{"source":5,"text":"Fontaine"}}"#)
        );
        let hits = name_pool().find(&decode(
            "https://i.replay.example/b",
            Some(Body::Bytes(batch.as_bytes())),
            None,
        ));
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].layers, [Encoding::Deflate, Encoding::Plain]);
        // One word in the URL, the other in the body, both as sent: not one
        // text, so no hit; two parts, which the engine pairs as it pairs
        // words sent apart to one domain.
        let found = name_pool().find_all(&decode(
            "https://i.replay.example/b?first=Léa",
            Some(Body::Text("last=Fontaine")),
            None,
        ));
        assert!(found.hits.is_empty(), "{found:?}");
        assert_eq!(NameWords::made_whole(&found.name_words, &[]).len(), 1);
    }

    #[test]
    fn a_name_typed_in_two_fields_is_found_when_both_words_travel_together() {
        // A session recording's records, each field's value on its own.
        let replay = r#"{"records":[{"data":[[11,[5,"Léa"]]]},{"data":[[11,[5,"Fontaine"]]]}]}"#;
        let name = Watched::Personal {
            kind: DataKind::Name,
            value: "Léa Fontaine".into(),
            origin: Origin::Typed,
        };
        // Joined, as an identify call's name: the full name.
        for text in [
            replay,
            r#"{"name":"Léa Fontaine"}"#,
            "name=L%C3%A9a+Fontaine",
        ] {
            let hits = name_pool().scan(&[text]);
            assert!(!hits.is_empty(), "{text}");
            assert!(hits.iter().all(|h| h.watched == name), "{hits:?}");
        }
    }

    #[test]
    fn a_word_of_a_name_alone_or_inside_another_word_is_not_the_name() {
        for text in [
            r#"{"given":"Léa"}"#,
            r#"{"city":"Fontainebleau","who":"Léa"}"#,
            r#"{"who":"Léandre","family":"Fontaine"}"#,
            "fontaine-lea",
        ] {
            assert_eq!(name_pool().scan(&[text]), vec![], "{text}");
        }
        // Each word in its own request: no hit of the request (words are
        // paired across requests by the engine, `NameWords::made_whole`).
        let pool = name_pool();
        assert_eq!(pool.scan(&[r#"{"a":"Léa"}"#]), vec![]);
        assert_eq!(pool.scan(&[r#"{"b":"Fontaine"}"#]), vec![]);
        // Words too short, or more than the words of one name, are not paired.
        let mut pool = Pool::new();
        pool.add_name_words(&["L", "Fontaine"]);
        pool.add_name_words(&["a", "b", "c", "d", "e"]);
        assert!(pool.is_empty());
    }

    #[test]
    fn a_name_is_found_whatever_the_case_of_its_letters_beyond_ascii() {
        for typed in ["Émilie Dubois", "émilie dubois", "Léa DUPRÉ"] {
            let mut pool = Pool::new();
            pool.add_personal(DataKind::Name, typed, Origin::Typed);
            for sent in [
                typed.to_owned(),
                crate::text::lowercase(typed),
                crate::text::uppercase(typed),
                crate::text::title_case(typed),
            ] {
                for text in [
                    format!(r#"{{"name":"{sent}"}}"#),
                    format!("name={}", sent.replace(' ', "+")),
                ] {
                    assert!(!pool.scan(&[&text]).is_empty(), "{typed} sent as {text}");
                }
            }
        }
    }

    #[test]
    fn a_name_sent_with_jsons_escapes_is_found() {
        let mut pool = Pool::new();
        pool.add_personal(DataKind::Name, "Léa Dupré", Origin::Typed);
        for text in [
            r#"{"name":"L\u00e9a Dupr\u00e9"}"#,
            r#"{"name":"L\u00c9A DUPR\u00c9"}"#,
            r#"data={"user":{"fn":"L\u00e9a","name":"L\u00e9a Dupr\u00e9"}}"#,
        ] {
            assert!(!pool.scan(&[text]).is_empty(), "{text}");
        }
        // Escaped, another name is still another name.
        assert!(pool
            .scan(&[r#"{"name":"L\u00e9on Dupr\u00e9au"}"#])
            .is_empty());
    }

    #[test]
    fn a_value_inside_a_longer_one_is_not_that_value() {
        let mut pool = Pool::new();
        pool.add_personal(DataKind::Name, "Dan Ross", Origin::Typed);
        pool.add_personal(DataKind::Email, "ann@gmail.com", Origin::Typed);
        for text in [
            r#"{"author":"Jordan Rossi"}"#,
            r#"{"to":"joann@gmail.com"}"#,
            "to=joann%40gmail.com",
            r#"{"to":"ann@gmail.com.au"}"#,
            r#"{"to":"ann@gmail.community"}"#,
        ] {
            assert_eq!(pool.scan(&[text]), vec![], "{text}");
        }
        // Whole, wherever it stands: after a JSON escape, a URL escape,
        // punctuation, at the end of a sentence.
        for text in [
            r#"{"author":"Dan Ross"}"#,
            r#"{"msg":"Bonjour,\nDan Ross"}"#,
            "to=ann%40gmail.com&x=1",
            "q=%22ann%40gmail.com%22",
            r#"{"msg":"write to ann@gmail.com."}"#,
            "<ann@gmail.com>",
        ] {
            assert!(!pool.scan(&[text]).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_phone_is_not_made_of_the_numbers_of_a_text() {
        let mut pool = Pool::new();
        pool.add_personal(DataKind::Phone, "06 12 34 56 78", Origin::Typed);
        // A recording's mouse positions and times: digits side by side
        // across JSON, never one number.
        let moves = r#"[{"type":3,"data":{"source":1,"positions":[{"x":612,"y":345,"id":67,"timeOffset":-8},{"x":78,"y":1}]}}]"#;
        assert_eq!(pool.scan(&[moves]), vec![]);
        // Written as people and sites write a phone, it is found.
        for text in [
            r#"{"phone":"06 12 34 56 78"}"#,
            "tel=06.12.34.56.78",
            r#"{"phone":"+33 (0)6 12 34 56 78"}"#,
            "tel=%2B33612345678",
            "06\u{a0}12\u{a0}34\u{a0}56\u{a0}78",
        ] {
            assert!(!pool.scan(&[text]).is_empty(), "{text}");
        }
    }

    #[test]
    fn words_of_a_name_found_without_the_rest_are_reported_for_pairing() {
        let pool = name_pool();
        let found = pool.find_all(&decode_texts(&[r#"{"v":"Fontaine","x":"Fontainebleau"}"#]));
        assert_eq!(found.hits, vec![]);
        assert_eq!(found.name_words.len(), 1, "{found:?}");
        let part = &found.name_words[0];
        assert_eq!((part.seen, part.all), (0b10, 0b11));
        assert_eq!(part.hit().watched, pool.scan(&["Léa Fontaine"])[0].watched);
        // The whole name in the request: a hit, nothing left to pair.
        let found = pool.find_all(&decode_texts(&[r#"{"a":"Léa","b":"Fontaine"}"#]));
        assert_eq!((found.hits.len(), found.name_words.len()), (1, 0));
        // No word of it: nothing; inside another word: nothing.
        assert!(pool
            .find_all(&decode_texts(&["Fontainebleau"]))
            .name_words
            .is_empty());
        // A name with a two-letter word is paired within one request only.
        let mut pool = Pool::new();
        pool.add_name_words(&["Li", "Fontaine"]);
        assert!(pool
            .find_all(&decode_texts(&["Fontaine"]))
            .name_words
            .is_empty());
        assert_eq!(pool.scan(&["Li Fontaine"]).len(), 1);
    }

    fn hex<D: Digest>(value: &str) -> String {
        hex_of(&D::digest(value.as_bytes()))
    }

    #[test]
    fn the_sha256_of_an_addresss_md5_is_the_address() {
        // Criteo's `setEmail` with `hash_method: "sha256_md5"`.
        let mut pool = Pool::new();
        pool.add_personal(DataKind::Email, "Ada.Lovelace@example.org", Origin::Typed);
        let md5 = hex::<Md5>("ada.lovelace@example.org");
        let body = format!(
            r#"{{"event":"setEmail","email":"{}","hash_method":"sha256_md5"}}"#,
            hex::<Sha256>(&md5)
        );
        let hits = pool.scan(&[&body]);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(
            hits[0].layers,
            [Encoding::Sha256, Encoding::Md5, Encoding::Hex]
        );
        // The MD5 of the SHA-256, which no one asks for, is not watched.
        assert_eq!(
            pool.scan(&[&hex::<Md5>(&hex::<Sha256>("ada.lovelace@example.org"))]),
            vec![]
        );
    }

    #[test]
    fn a_word_of_a_typed_name_hashed_on_its_own_is_the_name() {
        // Advanced matching: `ud[fn]` and `ud[ln]`, each the SHA-256 of one
        // word lower-cased (and without punctuation).
        let name = Watched::Personal {
            kind: DataKind::Name,
            value: "Léa Fontaine".into(),
            origin: Origin::Typed,
        };
        for query in [
            format!("ud[fn]={}", hex::<Sha256>("léa")),
            format!("ud[ln]={}", hex::<Sha256>("fontaine")),
            format!(
                "fn={}",
                STANDARD_NO_PAD.encode(Sha256::digest("fontaine".as_bytes()))
            ),
        ] {
            let hits = name_pool().scan(&[&query]);
            assert_eq!(hits.len(), 1, "{query}: {hits:?}");
            assert_eq!(hits[0].watched, name);
        }
        let mut pool = Pool::new();
        pool.add_personal(DataKind::Name, "Jean-Pierre Lé", Origin::Typed);
        assert_eq!(pool.scan(&[&hex::<Sha256>("jeanpierre")]).len(), 1);
        assert_eq!(pool.scan(&[&hex::<Sha256>("jean-pierre")]).len(), 1);
        // A two-letter word's hash is what a country or a gender hashes to.
        assert_eq!(pool.scan(&[&hex::<Sha256>("lé")]), vec![]);
        // What reads as no name: words with digits, or more words than a name has.
        let mut pool = Pool::new();
        pool.add_personal(DataKind::Name, "Marketing Plan 2024", Origin::Typed);
        pool.add_personal(
            DataKind::Name,
            "Maria Luisa Dos Santos Pereira",
            Origin::Typed,
        );
        for word in ["marketing", "plan", "maria", "pereira"] {
            assert_eq!(pool.scan(&[&hex::<Sha256>(word)]), vec![], "{word}");
        }
        // The words of a name shown on a profile (someone else's) are not
        // hashed one by one: only the person's own and typed names are.
        let mut shown = Pool::new();
        shown.add_value(DataKind::Name, "Chloé Nguyen", Some("chloe-nguyen"), false);
        assert_eq!(shown.scan(&[&hex::<Sha256>("nguyen")]), vec![]);
    }

    fn pool() -> Pool {
        let mut pool = Pool::new();
        pool.add_value(
            DataKind::Email,
            "Chloe.Nguyen+work@Example.org",
            Some("chloe-nguyen"),
            false,
        );
        pool.add_value(
            DataKind::Phone,
            "+1 514 555 0103",
            Some("chloe-nguyen"),
            false,
        );
        pool.add_value(DataKind::Name, "Chloé Nguyen", Some("chloe-nguyen"), false);
        pool.add_harvested("bruno-keller");
        pool
    }

    /// The words a contact-data finding shows (a set: one hit per chain
    /// may give one word twice).
    fn encodings(hits: &[Hit], kind: DataKind) -> Vec<&'static str> {
        // Compared as text so that the expectations read as the popup shows them.
        let mut words = vec![];
        for h in hits
            .iter()
            .filter(|h| matches!(&h.watched, Watched::Value { kind: k, .. } if *k == kind))
        {
            if !words.contains(&h.encoding.as_str()) {
                words.push(h.encoding.as_str());
            }
        }
        words
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
        pool.add_value(
            DataKind::Phone,
            "+33 6 12 34 56 78",
            Some("chloe-nguyen"),
            false,
        );
        let hits = pool.scan(&["tel=15145550103&alt=33612345678"]);
        assert_eq!(encodings(&hits, DataKind::Phone), ["plain"]);
    }

    #[test]
    fn values_longer_than_any_contact_detail_are_not_watched() {
        let mut pool = Pool::new();
        let long = format!("{}@example.org", "a".repeat(MAX_VALUE_BYTES));
        pool.add_value(DataKind::Email, &long, None, false);
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
