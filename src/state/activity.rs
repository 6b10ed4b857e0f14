//! What happened recently in one tab: the profile in view (on a modelled
//! site), when the person asked for contact details, the API lookups, the
//! main-world call records, the extensions that injected UI, the contact data
//! shown and the values typed. The observation layer writes it; detectors only
//! read it. Every list is bounded.

use crate::collections::SortedMap;
use crate::text::lowercase;
use std::collections::VecDeque;

use serde::Serialize;

use crate::matching::decode::{decode_request, Body, Decoded, Part};
use crate::matching::pool::{Hit, NameWords, Origin, Pool, Watched};
use crate::messages::event::{ContactValue, DataKind, Millis};
use crate::messages::read::read_struct;
use crate::messages::vocabulary::FieldKind;
use crate::observe::attribution::Attribution;
use crate::observe::url::registrable_domain;
use crate::sites::model::RequestClass;
use crate::state::Cached;

/// Ceilings of the per-tab lists (they age out long before in normal use).
pub const MAX_LOOKUPS: usize = 300;
pub const MAX_CALLS: usize = 300;
pub const MAX_HARVESTED: usize = 500;
pub const MAX_WATCHED: usize = 100;
pub const MAX_PROFILE_LOADS: usize = 100;
pub const MAX_OUTBOUND: usize = 20;
pub const MAX_TYPED: usize = 20;
/// Registrable domains remembered per typed value as having received it
/// after it was submitted.
pub const MAX_SENT_AFTER_SUBMIT: usize = 16;
pub const MAX_READERS: usize = 20;
/// How far apart the requests to one domain may leave that carry, between
/// them, every word of a typed name: a recording batches every few seconds,
/// a form tracker sends each field as it is left.
pub const NAME_PAIRING_MS: Millis = 120_000.0;
/// Requests that carried words of typed names, remembered per tab.
pub const MAX_SENT_WORDS: usize = 64;
/// Names made whole from words sent apart, remembered per tab.
pub const MAX_WHOLE_NAMES: usize = 16;
/// Harvested members sent to one domain, remembered per tab: a harvester
/// that uploads one record per request sends them over several.
pub const MAX_MEMBERS_SENT: usize = 64;
/// How long contact data shown in a tab stays watched.
pub const WATCH_TTL_MS: Millis = 30.0 * 60.0 * 1000.0;
/// How far apart a main-world call record and the browser's record of the
/// same request may be.
pub const CALL_MATCH_MS: Millis = 5000.0;
/// How long an extension's injected UI ties it to the tab's requests.
pub const INJECTION_TIE_MS: Millis = 120_000.0;

/// One API lookup of a member.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lookup {
    pub time: Millis,
    pub class: RequestClass,
    pub member: String,
    pub in_view: bool,
    pub actor_key: String,
}

impl Lookup {
    /// Made by the site's own scripts (`Actor::key` of a site).
    pub fn by_site(&self) -> bool {
        self.actor_key.starts_with("site:")
    }
}

/// One main-world call record, waiting for the browser's record of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MainCall {
    pub time: Millis,
    /// Where the call went, without query and fragment (which may carry
    /// personal values): what a snapshot shows of it.
    pub target: String,
    /// The whole URL (but its fragment), as a digest: the browser's record
    /// is paired with it by that, the same in memory and after a restore.
    pub key: CallKey,
    /// The script URLs on the calling stack, innermost first; snapshots
    /// keep them without query (only their origin names an author).
    #[serde(serialize_with = "crate::state::on_disk::urls")]
    pub stack: Vec<String>,
}

/// A request URL reduced to what pairing a call record with the browser's
/// record needs: its length and a digest (the first 8 bytes of its
/// SHA-256), never its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CallKey {
    pub len: usize,
    pub digest: u64,
}

impl CallKey {
    /// The key of a URL as the hooks saw it (its fragment left out).
    pub fn of(url: &str) -> CallKey {
        let url = url.split('#').next().unwrap_or(url);
        CallKey {
            len: url.len(),
            digest: digest(url),
        }
    }

    /// True when `seen`, the browser's URL of a request, is the URL this key
    /// was made of — but for a fragment — or, when the hooks' URL was capped
    /// by the shell (2,000 characters or more), starts with it.
    pub fn matches(&self, seen: &str) -> bool {
        let seen = seen.split('#').next().unwrap_or(seen);
        let compared = if self.len >= MIN_CAPPED_CALL_URL {
            // `get`: a cut inside a character is simply no match.
            seen.get(..self.len)
        } else {
            (seen.len() == self.len).then_some(seen)
        };
        compared.is_some_and(|s| digest(s) == self.digest)
    }
}

/// The length from which the shell may have cut a call record's URL.
pub const MIN_CAPPED_CALL_URL: usize = 2000;

fn digest(text: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(text.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash[..8]);
    u64::from_le_bytes(first)
}

/// Contact data seen in the tab.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchedValue {
    pub time: Millis,
    pub kind: DataKind,
    pub value: String,
    /// The profile it belongs to.
    pub profile: Option<String>,
    /// Known only from the page's claim (an answer of the site its hooks
    /// reported), not seen shown by Vigie's own observer.
    pub claimed: bool,
}

/// A request to a host that is not the site's, kept a short while so that
/// contact data reported after it can still be matched against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outbound {
    pub time: Millis,
    pub url: String,
    pub host: String,
    /// The values of the headers a page's script can set, one a line
    /// (empty when it set none).
    pub headers: String,
    /// The body as text: form fields, or raw bytes read lossily.
    pub body: Option<String>,
    /// The raw body bytes, when the shell passed them (`bodyBase64`).
    pub raw: Option<Vec<u8>>,
    /// The request's `Content-Encoding`, if any.
    pub content_encoding: Option<String>,
    pub who: Attribution,
    /// What the tab's pool found in it when it left.
    pub hits: Vec<Hit>,
    /// The names typed in separate fields it was searched for: when it
    /// left, and again, once, for a name typed after it.
    pub names_searched: Vec<Watched>,
    /// Decoding it reached a cap: a leak in the rest may be missed.
    pub capped: bool,
    /// Its body was read by the hooks in the page, not given by the
    /// browser (`Event::Request::body_from_page`).
    pub body_from_page: bool,
    /// Messages sent over an open WebSocket, not a request
    /// (`Event::Request::socket_messages`): only the body is theirs, the
    /// socket's address was searched with its handshake.
    pub socket_messages: bool,
    /// Harvested members that earlier requests of the tab carried to the
    /// same domain, when this one carries one too (one record a request).
    pub members_before: Vec<String>,
}

impl Outbound {
    /// The request's texts, every decoding layer included.
    pub fn decoded(&self) -> Decoded {
        let body = match (&self.raw, &self.body) {
            (Some(raw), _) => Some(Body::Bytes(raw)),
            (None, Some(text)) => Some(Body::Text(text)),
            (None, None) => None,
        };
        let mut decoded = decode_request(
            &self.url,
            &self.headers,
            body,
            self.content_encoding.as_deref(),
        );
        if self.socket_messages {
            decoded.pieces.retain(|p| p.part == Part::Body);
        }
        decoded
    }
}

/// A script that read the value of a form field of the page (a main-world
/// claim): its host, and the kind of field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldReader {
    pub time: Millis,
    pub field: FieldKind,
    /// The host of the script (`origin` without the scheme).
    pub host: String,
    pub origin: String,
}

/// A value the person typed into a form field of the tab's page. Held in
/// memory only: it never enters a snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedValue {
    pub time: Millis,
    pub field: FieldKind,
    pub value: String,
    pub form_id: Option<String>,
    pub submitted: bool,
    /// The registrable domain the submitted form is sent to (its action's),
    /// where the person chose to send the value.
    pub submitted_to: Option<String>,
    /// The registrable domains that received it while it stood submitted:
    /// typed again later (another form, an autofill), it is no news to
    /// them — an SDK that identified the person by it keeps sending it.
    pub sent_after_submit: Vec<String>,
}

impl TypedValue {
    /// This value is `kind`'s `key` (lower-cased), or one of the words of
    /// the name `key`.
    pub fn stands_for(&self, kind: DataKind, key: &str) -> bool {
        if self.field.data_kind() != Some(kind) {
            return false;
        }
        let typed = lowercase(self.value.trim());
        typed == key || (kind == DataKind::Name && key.split_whitespace().any(|w| w == typed))
    }

    /// Whether this name value and `other`, typed in the same form, are
    /// two words of one name (a first name and a family name), not two
    /// states of one field: the value before a pause (`Font`, then
    /// `Fontaine`) or a correction (`Jean`, then `Jeanne`).
    pub fn names_with(&self, other: &TypedValue) -> bool {
        let (a, b) = (lowercase(&self.value), lowercase(&other.value));
        self.form_id == other.form_id && !a.starts_with(&b) && !b.starts_with(&a)
    }

    /// Submitted, as far as a request to `domain` goes: submitted now, or
    /// already received there after it was.
    pub fn submitted_for(&self, domain: &str) -> bool {
        self.submitted || self.sent_after_submit.iter().any(|d| d == domain)
    }
}

/// The profile the person asked to see the contact details of, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Asked {
    pub profile: String,
    pub time: Millis,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TabActivity {
    /// The profile the tab shows (its slug), if any.
    pub profile: Option<String>,
    pub contact_asked: Option<Asked>,
    /// When the tab's page last changed to `profile`.
    pub profile_since: Millis,
    /// The person's last trusted click in the tab.
    pub last_gesture: Option<Millis>,
    /// The profile the person brought into view: loaded by typing or a
    /// click, reached by a history change right after a click, or clicked
    /// in. A script's `replaceState` to a profile's address changes
    /// `profile`, not this.
    pub viewed_by_person: Option<String>,
    /// When the tab's present document was navigated to (history changes
    /// of a single-page app keep it): what left before belongs to another page.
    pub document_since: Millis,
    pub lookups: VecDeque<Lookup>,
    pub calls: VecDeque<MainCall>,
    /// The main-world hooks reported from this tab's page.
    pub hooks_active: bool,
    /// Some of their reports were dropped (rate limit): a missing call record
    /// then proves nothing.
    pub hooks_incomplete: bool,
    /// The hooks were put into the page after it started (the shell's mark):
    /// its own scripts, there before them, may have taken their place on
    /// the bridge, so what the reports name is no evidence.
    pub hooks_late: bool,
    /// The tab's page started a dedicated worker, whose requests come with
    /// no call record either: a missing one then proves nothing.
    pub page_workers: bool,
    /// Extension id → when it last injected UI into this tab.
    pub injectors: SortedMap<String, Millis>,
    /// Extension id → when its main-world script last showed itself in this
    /// tab (a replaced native).
    pub present: SortedMap<String, Millis>,
    /// Members looked up while not in view → when.
    pub harvested: SortedMap<String, Millis>,
    /// Contact data shown in the tab (e-mails, phones, names): personal
    /// values needed only for matching, so never written to a snapshot.
    #[serde(skip)]
    pub watched: Vec<WatchedValue>,
    /// Real navigations to profile pages: (time, slug).
    pub profile_loads: VecDeque<(Millis, String)>,
    /// Not persisted: bodies are large and only matter for seconds.
    #[serde(skip)]
    pub outbound: VecDeque<Outbound>,
    /// Not persisted: what the person typed stays in memory.
    #[serde(skip)]
    pub typed: VecDeque<TypedValue>,
    /// Third-party scripts that read form fields of the page (memory only:
    /// they matter while the page is open).
    #[serde(skip)]
    pub readers: VecDeque<FieldReader>,
    /// The matching pool of `watched`, `harvested`, `typed` and the
    /// person's own values, built when a request first needs it, grown as
    /// values come, and dropped only when some leave.
    #[serde(skip)]
    pub pool: Cached<Pool>,
    /// Words of typed names that requests carried without the rest of
    /// their name, kept [`NAME_PAIRING_MS`] (memory only, as what was typed).
    #[serde(skip)]
    pub sent_words: VecDeque<SentWords>,
    /// Names made whole from words sent apart: (name, domain, when), so
    /// that each counts once per page and domain.
    #[serde(skip)]
    pub names_whole: VecDeque<(Watched, String, Millis)>,
    /// The names the last value typed into a name field made whole in the
    /// page's kept requests, for the detectors of that observation.
    #[serde(skip)]
    pub late_names: Vec<LateName>,
    /// Harvested members that requests carried, and where: (when, domain,
    /// member), kept as long as the harvest is watched (memory only).
    #[serde(skip)]
    pub members_sent: VecDeque<(Millis, String, String)>,
}

/// Words of typed names one request carried without the rest of their name.
#[derive(Debug, Clone, PartialEq)]
pub struct SentWords {
    pub time: Millis,
    pub domain: String,
    pub parts: Vec<NameWords>,
}

/// A name found in a request once a value typed after it made the name:
/// the request (its time and host) and the hit.
#[derive(Debug, Clone, PartialEq)]
pub struct LateName {
    pub time: Millis,
    pub host: String,
    pub hit: Hit,
}

/// Pushes onto a bounded queue, dropping the oldest; true when one was dropped.
pub fn push_bounded<T>(queue: &mut VecDeque<T>, item: T, cap: usize) -> bool {
    queue.push_back(item);
    if queue.len() > cap {
        queue.pop_front();
        return true;
    }
    false
}

impl TabActivity {
    /// Forgets watched values older than the TTL.
    pub fn expire(&mut self, now: Millis) {
        let before = (self.watched.len(), self.harvested.len(), self.typed.len());
        self.watched.retain(|w| now - w.time < WATCH_TTL_MS);
        self.harvested.retain(|_, t| now - *t < WATCH_TTL_MS);
        self.outbound.retain(|o| now - o.time < CALL_MATCH_MS * 6.0);
        self.typed.retain(|t| now - t.time < WATCH_TTL_MS);
        self.readers.retain(|r| now - r.time < WATCH_TTL_MS);
        self.sent_words.retain(|w| now - w.time <= NAME_PAIRING_MS);
        self.members_sent
            .retain(|(t, _, _)| now - *t < WATCH_TTL_MS);
        // Once per page: a tracker sending the fields again later on the
        // same page does not count the name again.
        let since = self.document_since;
        self.names_whole.retain(|(_, _, t)| *t >= since);
        if before != (self.watched.len(), self.harvested.len(), self.typed.len()) {
            self.pool.0 = None;
        }
    }

    /// Remembers a member looked up while not in view, within the cap.
    pub fn harvest(&mut self, member: &str, time: Millis) {
        let room = self.harvested.len() < MAX_HARVESTED || self.harvested.contains_key(member);
        if room && self.harvested.insert(member.to_owned(), time).is_none() {
            // Rebuilt: the member's other forms (aliases) join with it.
            self.pool.0 = None;
        }
    }

    /// Remembers a value typed into a field of the page; its forms join the
    /// pool if one is built. A value submitted earlier and typed again into
    /// a field (another page's form, or another form) is typed, not
    /// submitted, until that form is: what leaves meanwhile to a domain
    /// that did not already receive it leaves before it (the observer
    /// reports a submitted field's value again only when it changed).
    pub fn type_value(&mut self, typed: TypedValue) {
        if let Some(known) = self
            .typed
            .iter_mut()
            .find(|t| t.field == typed.field && t.value == typed.value)
        {
            known.time = typed.time;
            known.submitted = typed.submitted;
            known.form_id = typed.form_id;
            if typed.submitted_to.is_some() {
                known.submitted_to = typed.submitted_to;
            }
            return;
        }
        if typed.field == FieldKind::Name {
            // Rebuilt: a name's words typed in separate fields pair up.
            self.pool.0 = None;
        } else if let (Some(pool), Some(kind)) = (self.pool.0.as_mut(), typed.field.data_kind()) {
            pool.add_personal(kind, &typed.value, Origin::Typed);
        }
        if push_bounded(&mut self.typed, typed, MAX_TYPED) {
            // The value dropped stays in the pool until it is rebuilt.
            self.pool.0 = None;
        }
    }

    /// Notes the harvested members a request to `domain` carried at `time`
    /// (in `hits`), and returns the others that earlier requests of the tab
    /// carried to that domain while the harvest is watched (the caller has
    /// expired older ones): none when this request carries none.
    pub fn members_sent(&mut self, time: Millis, domain: &str, hits: &[Hit]) -> Vec<String> {
        let mut these: Vec<&str> = vec![];
        for hit in hits {
            if let Watched::HarvestedMember(m) = &hit.watched {
                if !these.contains(&m.as_str()) {
                    these.push(m);
                }
            }
        }
        if these.is_empty() {
            return vec![];
        }
        let mut before: Vec<String> = vec![];
        for (_, d, m) in &self.members_sent {
            // Those older than the harvest's watch are gone (`expire`).
            if d == domain && !these.contains(&m.as_str()) && !before.contains(m) {
                before.push(m.clone());
            }
        }
        for m in these {
            push_bounded(
                &mut self.members_sent,
                (time, domain.to_owned(), m.to_owned()),
                MAX_MEMBERS_SENT,
            );
        }
        before
    }

    /// Notes the words of typed names a request to `domain` carried at
    /// `time` without the rest of their name, and returns the names they
    /// make whole with the words the page's other requests to that domain
    /// carried within [`NAME_PAIRING_MS`]: each name once per page and
    /// domain, as a hit in this request's form.
    pub fn words_sent(&mut self, time: Millis, domain: &str, parts: Vec<NameWords>) -> Vec<Hit> {
        if parts.is_empty() {
            return vec![];
        }
        let since = self.document_since;
        let earlier: Vec<NameWords> = self
            .sent_words
            .iter()
            .filter(|s| {
                s.domain == domain && s.time >= since && (time - s.time).abs() <= NAME_PAIRING_MS
            })
            .flat_map(|s| s.parts.iter().cloned())
            .collect();
        let whole: Vec<Hit> = NameWords::made_whole(&parts, &earlier)
            .into_iter()
            .filter(|h| {
                !self
                    .names_whole
                    .iter()
                    .any(|(n, d, t)| *n == h.watched && d == domain && *t >= since)
            })
            .collect();
        for hit in &whole {
            push_bounded(
                &mut self.names_whole,
                (hit.watched.clone(), domain.to_owned(), time),
                MAX_WHOLE_NAMES,
            );
        }
        push_bounded(
            &mut self.sent_words,
            SentWords {
                time,
                domain: domain.to_owned(),
                parts,
            },
            MAX_SENT_WORDS,
        );
        whole
    }

    /// Searches the page's kept requests again for the names typed in
    /// separate fields that `pool` holds and they were not searched for
    /// (a value of a name field came after them): each request once per
    /// name. The names found, whole in one request or made whole with the
    /// words of others, join the request's hits and [`Self::late_names`].
    pub fn search_names_again(&mut self, pool: &Pool) {
        self.late_names.clear();
        let names = pool.typed_names();
        let since = self.document_since;
        let mut apart: Vec<(Millis, String, Vec<NameWords>)> = vec![];
        for r in self.outbound.iter_mut().filter(|r| r.time >= since) {
            if names.iter().all(|n| r.names_searched.contains(n)) {
                continue;
            }
            // Only the names it was not searched for yet.
            let new = |w: &Watched| names.contains(w) && !r.names_searched.contains(w);
            let mut found = pool.find_all(&r.decoded());
            found.name_words.retain(|p| new(&p.watched));
            for hit in found.hits {
                if new(&hit.watched) && !r.hits.contains(&hit) {
                    r.hits.push(hit.clone());
                    self.late_names.push(LateName {
                        time: r.time,
                        host: r.host.clone(),
                        hit,
                    });
                }
            }
            r.names_searched.clone_from(&names);
            if !found.name_words.is_empty() {
                apart.push((r.time, r.host.clone(), found.name_words));
            }
        }
        // Oldest first: each request's words pair with those before it.
        for (time, host, parts) in apart {
            for hit in self.words_sent(time, registrable_domain(&host), parts) {
                if let Some(r) = self
                    .outbound
                    .iter_mut()
                    .find(|r| r.time == time && r.host == host)
                {
                    r.hits.push(hit.clone());
                }
                self.late_names.push(LateName {
                    time,
                    host: host.clone(),
                    hit,
                });
            }
        }
    }

    /// Remembers, of the typed values among `hits` that stand submitted,
    /// that `domain` received them.
    pub fn note_sent(&mut self, hits: &[Hit], domain: &str) {
        for hit in hits {
            let Watched::Personal {
                kind,
                value,
                origin: Origin::Typed,
            } = &hit.watched
            else {
                continue;
            };
            let key = lowercase(value);
            for typed in self
                .typed
                .iter_mut()
                .filter(|t| t.submitted && t.stands_for(*kind, &key))
            {
                if typed.sent_after_submit.len() < MAX_SENT_AFTER_SUBMIT
                    && !typed.sent_after_submit.iter().any(|d| d == domain)
                {
                    typed.sent_after_submit.push(domain.to_owned());
                }
            }
        }
    }

    /// The pool of everything this tab watches, built once and grown as
    /// values come. `aliases`: the other forms of members' identities on
    /// the tab's site (member id → vanity slug), so that a harvested member
    /// is found in either form; `own`: the person's own values.
    pub fn pool(
        &mut self,
        aliases: Option<&SortedMap<String, String>>,
        own: &[ContactValue],
    ) -> &Pool {
        let (watched, harvested, typed) = (&self.watched, &self.harvested, &self.typed);
        self.pool.0.get_or_insert_with(|| {
            let mut pool = Pool::new();
            for w in watched {
                pool.add_value(w.kind, &w.value, w.profile.as_deref(), w.claimed);
            }
            for member in harvested.keys() {
                pool.add_harvested(member);
            }
            for v in own {
                pool.add_personal(v.kind, &v.value, Origin::Own);
            }
            for t in typed {
                if let Some(kind) = t.field.data_kind() {
                    pool.add_personal(kind, &t.value, Origin::Typed);
                }
            }
            // A first name and a family name typed in separate fields of one
            // form: every two of them, as a name found only whole.
            let names: Vec<&TypedValue> = typed
                .iter()
                .filter(|t| t.field == FieldKind::Name)
                .collect();
            for (i, a) in names.iter().enumerate() {
                for b in &names[i + 1..] {
                    if a.names_with(b) {
                        pool.add_name_words(&[&a.value, &b.value]);
                    }
                }
            }
            for (id, slug) in aliases.into_iter().flatten() {
                if harvested.contains_key(slug) {
                    pool.add_harvested_form(id, slug);
                }
            }
            pool
        })
    }

    /// Adds a watched value unless known; false when the cap refused it. A
    /// value known only from the page's claim and now seen shown is no
    /// longer a claim.
    pub fn watch(&mut self, value: WatchedValue) -> bool {
        if let Some(known) = self
            .watched
            .iter_mut()
            .find(|w| w.kind == value.kind && w.value == value.value)
        {
            known.time = value.time;
            if known.claimed && !value.claimed {
                known.claimed = false;
                known.profile = value.profile;
                // Its needles still say "claimed": rebuilt when next needed.
                self.pool.0 = None;
            }
            return true;
        }
        if self.watched.len() >= MAX_WATCHED {
            return false;
        }
        if let Some(pool) = self.pool.0.as_mut() {
            pool.add_value(
                value.kind,
                &value.value,
                value.profile.as_deref(),
                value.claimed,
            );
        }
        self.watched.push(value);
        true
    }
}

read_struct!(Lookup {
    time: "time",
    class: "class",
    member: "member",
    in_view: "inView",
    actor_key: "actorKey",
});

read_struct!(MainCall {
    time: "time",
    target: "target",
    key: default "key",
    stack: "stack",
});

read_struct!(CallKey {
    len: "len",
    digest: "digest",
});

read_struct!(Asked {
    profile: "profile",
    time: "time",
});

read_struct!(TabActivity {
    profile: "profile",
    contact_asked: "contactAsked",
    profile_since: default "profileSince",
    last_gesture: default "lastGesture",
    viewed_by_person: default "viewedByPerson",
    document_since: default "documentSince",
    lookups: "lookups",
    calls: "calls",
    hooks_active: "hooksActive",
    hooks_incomplete: default "hooksIncomplete",
    hooks_late: default "hooksLate",
    page_workers: default "pageWorkers",
    injectors: "injectors",
    present: default "present",
    harvested: "harvested",
    watched: skip,
    profile_loads: "profileLoads",
    outbound: skip,
    typed: skip,
    readers: skip,
    pool: skip,
    sent_words: skip,
    names_whole: skip,
    late_names: skip,
    members_sent: skip,
});
