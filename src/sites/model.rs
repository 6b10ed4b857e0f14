//! Site models: what Vigie knows about a profile site, as data.
//!
//! Adding a site is adding a JSON file under `src/sites/` and a line in
//! [`SiteModels::builtin`]; no detector changes. A model says which hosts are
//! the site's own, which paths are profile pages (and which part of the path
//! names the person), and where the contact dialog lives.

use std::borrow::Cow;

use super::pattern::Pattern;
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};

use crate::messages::finding::{concat, join};
use crate::observe::url::WebUrl;
use crate::text::lowercase;

/// A site model as its JSON file says it, turned into Rust by `build.rs`
/// (which checks the file against this shape) and compiled at start.
struct SiteModelData {
    id: &'static str,
    name: &'static str,
    hosts: &'static [&'static str],
    first_party_host_suffixes: &'static [&'static str],
    profile_path: &'static str,
    /// How a person writes a profile's address without the slug
    /// (`linkedin.com/in/`), for the popup.
    profile_url_prefix: &'static str,
    /// Pages of a lead: a profile as the site's sales tool shows it, named
    /// by that tool's own member id (first group), which the tool's API
    /// takes too.
    lead_paths: &'static [&'static str],
    /// How the sales tool's member ids begin (`ACwA`), and how a person
    /// writes a lead's address without the id, for the popup.
    lead_id_prefix: Option<&'static str>,
    lead_url_prefix: Option<&'static str>,
    contact_dialog_path: &'static str,
    contact_labels: &'static [&'static str],
    client_headers: &'static [&'static str],
    /// Other request headers worth passing to the core.
    read_headers: &'static [&'static str],
    requests: &'static [RequestRuleData],
    thresholds: Thresholds,
    /// Prefixes of member URNs, dropped to get the member id.
    member_urn_prefixes: &'static [&'static str],
}

struct RequestRuleData {
    class: RequestClass,
    path: &'static str,
    query: Option<&'static str>,
    /// `"path"`: the first group of `path` names the member; otherwise a
    /// pattern whose first group, matched on the decoded query, does.
    member: Option<&'static str>,
    /// Only a script's request (`fetch` or `XMLHttpRequest`): the rule is
    /// about a page's address, which the browser loads as a document
    /// when the person asks for it.
    scripted: bool,
    /// The site shows what this request returns with the profile's page,
    /// unasked (Sales Navigator's lead page shows the contact details):
    /// fetching it for the profile in view is no sign of anything.
    shown_with_page: bool,
}

/// The site models shipped with Vigie.
static BUILTIN: [SiteModelData; 1] = [include!(concat!(env!("OUT_DIR"), "/linkedin.rs"))];

/// A query decoded as the server reads it, but an escaped `&` stays
/// escaped: it is part of a value, never a parameter boundary
/// (`x=%26memberIdentity%3Ddecoy&memberIdentity=real` names `real`).
fn decode_query(query: &str) -> String {
    let parts: Vec<_> = query
        .split("%26")
        .map(|part| percent_decode_str(part).decode_utf8_lossy())
        .collect();
    join(&parts, "%26")
}

/// The request types a script's `fetch` or `XMLHttpRequest` produces
/// (`webRequest`'s names; a HAR's are mapped to them).
const SCRIPTED_TYPES: [&str; 2] = ["xmlhttprequest", "fetch"];

/// What a request to a profile site's API is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RequestClass {
    /// Returns a member's e-mail, phone and other contact details.
    ContactLookup,
    /// Returns a member's profile.
    ProfileFetch,
    /// Lists members (the first step of bulk harvesting).
    PeopleSearch,
    /// Sales Navigator leads and companies.
    SalesNavigator,
}

crate::messages::read::read_names!(RequestClass {
    ContactLookup = "contactLookup",
    ProfileFetch = "profileFetch",
    PeopleSearch = "peopleSearch",
    SalesNavigator = "salesNavigator",
});

/// The harvest detectors' thresholds for a site (data, documented in the
/// site's JSON file).
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub not_in_view_high: usize,
    /// Distinct profiles whose contact details were fetched unasked from
    /// which that finding is high: one is a mistake, several a method.
    pub without_gesture_high: usize,
    pub burst_profiles: usize,
    pub burst_window_ms: f64,
    pub regular_min_profiles: usize,
    pub regular_max_cv: f64,
    pub gesture_window_ms: f64,
    pub crawl_profiles: usize,
    pub crawl_window_ms: f64,
    pub unrequested_profiles: usize,
    pub unrequested_window_ms: f64,
}

impl Thresholds {
    /// A member the site's file leaves out takes its value here.
    pub const DEFAULT: Thresholds = Thresholds {
        not_in_view_high: 3,
        without_gesture_high: 3,
        burst_profiles: 8,
        burst_window_ms: 60_000.0,
        regular_min_profiles: 5,
        regular_max_cv: 0.2,
        gesture_window_ms: 15_000.0,
        crawl_profiles: 10,
        crawl_window_ms: 15_000.0,
        unrequested_profiles: 2,
        unrequested_window_ms: 600_000.0,
    };
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds::DEFAULT
    }
}

#[derive(Debug)]
struct RequestRule {
    class: RequestClass,
    path: Pattern,
    query: Option<Pattern>,
    member: Option<MemberFrom>,
    scripted: bool,
    shown_with_page: bool,
}

#[derive(Debug)]
enum MemberFrom {
    Path,
    Query(Pattern),
    /// A key of a JSON body (`"json:vanityName"`), anywhere in it.
    JsonKey(String),
    /// Every match in the query (`"each:<pattern>"`): a batch request,
    /// several members in one.
    QueryEach(Pattern),
}

/// Most members one batch request is taken to name; the rest are not
/// counted (a real batch is 20 to 100).
pub const MAX_BATCH_MEMBERS: usize = 100;

/// Most distinct values of a JSON body's member key kept in one member.
const MAX_BODY_MEMBERS: usize = 8;

/// The member a JSON body names under `key`, at any depth: its distinct
/// values, each as [`SiteModel::member_id`] writes it, sorted and joined
/// with `,` when there are several. The server reads one of them; which is
/// not known, so a decoy written beside the real one in every request makes
/// each request's member differ still, never one member for all.
fn json_member(model: &SiteModel, body: &[u8], key: &str) -> Option<String> {
    fn walk<'v>(value: &'v serde_json::Value, key: &str, out: &mut Vec<&'v str>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) if k == key => out.push(s),
                        _ => walk(v, key, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, key, out)),
            _ => {}
        }
    }
    // As text, the way contact answers are read (one parser in the build).
    let value: serde_json::Value = serde_json::from_str(std::str::from_utf8(body).ok()?).ok()?;
    let mut found = vec![];
    walk(&value, key, &mut found);
    let mut members: Vec<String> = found
        .into_iter()
        .map(|m| model.member_id(m))
        .filter(|m| !m.is_empty())
        .collect();
    crate::sorting::sort(&mut members);
    members.dedup();
    members.truncate(MAX_BODY_MEMBERS);
    (!members.is_empty()).then(|| join(&members, ","))
}

/// A classified request: what it is for and whom it targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub class: RequestClass,
    /// The member identity (public slug, or URN) the request targets.
    pub member: Option<String>,
    /// The other members a batch request targets, distinct, without
    /// `member` (empty for any other request).
    pub batch: Vec<String>,
    /// The site shows its answer with the profile's page, unasked.
    pub shown_with_page: bool,
}

/// One profile site, compiled.
#[derive(Debug)]
pub struct SiteModel {
    pub id: String,
    pub name: String,
    hosts: Vec<String>,
    first_party_host_suffixes: Vec<String>,
    profile_path: Pattern,
    lead_paths: Vec<Pattern>,
    contact_dialog_path: Pattern,
    requests: Vec<RequestRule>,
    contact_labels: Vec<String>,
    client_headers: Vec<String>,
    read_headers: Vec<String>,
    profile_url_prefix: String,
    lead_id_prefix: Option<String>,
    lead_url_prefix: Option<String>,
    member_urn_prefixes: Vec<String>,
    pub thresholds: Thresholds,
}

/// What the popup needs to know of a modelled site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteSummary {
    pub id: String,
    pub name: String,
    pub profile_url_prefix: String,
    /// A lead's id begins so, and its address so (see
    /// [`SiteSummary::profile_label`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_url_prefix: Option<String>,
}

impl SiteSummary {
    /// Whether `member` is a lead's id (Sales Navigator's), which says
    /// nothing until written at its address.
    pub fn is_lead(&self, member: &str) -> bool {
        self.lead_id_prefix
            .as_deref()
            .is_some_and(|p| member.starts_with(p))
    }

    /// A profile as the text of its address: `linkedin.com/in/alice-martin`,
    /// or `linkedin.com/sales/lead/ACwAA…` for a lead's id.
    pub fn profile_label(&self, member: &str) -> String {
        let prefix = match (&self.lead_url_prefix, self.is_lead(member)) {
            (Some(url), true) => url,
            _ => &self.profile_url_prefix,
        };
        concat(&[prefix, member])
    }
}

/// What a page of a modelled site is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A person's profile; `slug` names them (`/in/<slug>/`).
    Profile { slug: String },
    /// The contact-info dialog of a profile.
    ContactDialog { slug: String },
    /// Any other page of the site.
    Other,
}

impl PageKind {
    /// The profile the page shows, if any.
    pub fn slug(&self) -> Option<&str> {
        match self {
            PageKind::Profile { slug } | PageKind::ContactDialog { slug } => Some(slug),
            PageKind::Other => None,
        }
    }
}

impl SiteModel {
    fn compile(data: &SiteModelData) -> Result<SiteModel, regex_lite::Error> {
        let owned = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let requests = data
            .requests
            .iter()
            .map(|r| {
                Ok(RequestRule {
                    class: r.class,
                    path: Pattern::new(r.path)?,
                    query: r.query.map(Pattern::new).transpose()?,
                    member: match r.member {
                        None => None,
                        Some("path") => Some(MemberFrom::Path),
                        Some(key) if key.starts_with("json:") => {
                            Some(MemberFrom::JsonKey(key["json:".len()..].to_owned()))
                        }
                        Some(each) if each.starts_with("each:") => {
                            Some(MemberFrom::QueryEach(Pattern::new(&each["each:".len()..])?))
                        }
                        Some(pattern) => Some(MemberFrom::Query(Pattern::new(pattern)?)),
                    },
                    scripted: r.scripted,
                    shown_with_page: r.shown_with_page,
                })
            })
            .collect::<Result<Vec<_>, regex_lite::Error>>()?;
        Ok(SiteModel {
            requests,
            contact_labels: data.contact_labels.iter().map(|l| lowercase(l)).collect(),
            client_headers: data.client_headers.iter().map(|h| lowercase(h)).collect(),
            read_headers: data.read_headers.iter().map(|h| lowercase(h)).collect(),
            profile_url_prefix: data.profile_url_prefix.to_owned(),
            lead_id_prefix: data.lead_id_prefix.map(str::to_owned),
            lead_url_prefix: data.lead_url_prefix.map(str::to_owned),
            lead_paths: data
                .lead_paths
                .iter()
                .map(|p| Pattern::new(p))
                .collect::<Result<_, _>>()?,
            member_urn_prefixes: owned(data.member_urn_prefixes),
            thresholds: data.thresholds.clone(),
            profile_path: Pattern::new(data.profile_path)?,
            contact_dialog_path: Pattern::new(data.contact_dialog_path)?,
            id: data.id.to_owned(),
            name: data.name.to_owned(),
            hosts: owned(data.hosts),
            first_party_host_suffixes: owned(data.first_party_host_suffixes),
        })
    }

    /// The site as the popup names it.
    pub fn summary(&self) -> SiteSummary {
        SiteSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            profile_url_prefix: self.profile_url_prefix.clone(),
            lead_id_prefix: self.lead_id_prefix.clone(),
            lead_url_prefix: self.lead_url_prefix.clone(),
        }
    }

    /// The request headers the shell should pass on from this site.
    pub fn headers_to_read(&self) -> impl Iterator<Item = &str> {
        self.client_headers
            .iter()
            .chain(&self.read_headers)
            .map(String::as_str)
    }

    /// The hosts that serve the site's pages, the main one first.
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// True when `host` serves this site's pages.
    pub fn serves(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h == host)
    }

    /// True when `host` belongs to the site (its pages, CDN, API).
    pub fn is_first_party(&self, host: &str) -> bool {
        self.first_party_host_suffixes.iter().any(|s| {
            host == s
                || host
                    .strip_suffix(s.as_str())
                    .is_some_and(|p| p.ends_with('.'))
        })
    }

    /// Classifies a request to this site's API; `None` for anything else
    /// (pages, images, other hosts).
    pub fn classify_request(&self, url: &WebUrl<'_>) -> Option<ApiRequest> {
        self.classify_request_of(url, None, None)
    }

    /// As [`classify_request`](Self::classify_request), for a request of
    /// `resource_type` (`webRequest`'s name) that sent `body`: the rules
    /// about pages apply only to a script's request for one, and a rule
    /// that reads its member from a JSON body only to a request that sent
    /// one naming it.
    pub fn classify_request_of(
        &self,
        url: &WebUrl<'_>,
        resource_type: Option<&str>,
        body: Option<&[u8]>,
    ) -> Option<ApiRequest> {
        if !self.is_first_party(&url.host) {
            return None;
        }
        let scripted = resource_type.is_some_and(|t| SCRIPTED_TYPES.contains(&t));
        // As the site's server reads it: `%28profileId%3A…` is
        // `(profileId:…`. Borrowed, not copied, when nothing is escaped.
        let path = percent_decode_str(url.path).decode_utf8_lossy();
        let path = path.as_ref();
        // Decoded only once a rule's path matches: most requests match none.
        let mut decoded: Option<Cow<'_, str>> = None;
        // The first rule that matches, and finds its member when it names one.
        self.requests.iter().find_map(|rule| {
            if (rule.scripted && !scripted) || !rule.path.is_match(path) {
                return None;
            }
            let query = decoded.get_or_insert_with(|| {
                url.query
                    .map(|q| Cow::Owned(decode_query(q)))
                    .unwrap_or(Cow::Borrowed(""))
            });
            if !rule.query.as_ref().is_none_or(|q| q.is_match(query)) {
                return None;
            }
            let mut batch = vec![];
            let member = match &rule.member {
                None => None,
                Some(MemberFrom::QueryEach(re)) => {
                    let mut all: Vec<String> = vec![];
                    for m in re.all_first_groups(query) {
                        if all.len() == MAX_BATCH_MEMBERS {
                            break;
                        }
                        let m = self.member_id(&percent_decode_str(m).decode_utf8_lossy());
                        if !m.is_empty() && !all.contains(&m) {
                            all.push(m);
                        }
                    }
                    let mut all = all.into_iter();
                    let first = all.next()?;
                    batch = all.collect();
                    Some(first)
                }
                // The path is decoded already; a query's member once more,
                // as before.
                Some(MemberFrom::Path) => Some(self.member_id(&capture(&rule.path, path)?)),
                Some(MemberFrom::Query(re)) => Some(
                    self.member_id(&percent_decode_str(&capture(re, query)?).decode_utf8_lossy()),
                ),
                Some(MemberFrom::JsonKey(key)) => Some(json_member(self, body?, key)?),
            };
            Some(ApiRequest {
                class: rule.class,
                member,
                batch,
                shown_with_page: rule.shown_with_page,
            })
        })
    }

    /// A member identity in one form: a vanity slug, lower-cased (LinkedIn
    /// treats them so), or the member id of a URN (`urn:li:fsd_profile:ACoAA…`
    /// → `ACoAA…`), kept as written: member ids are case-sensitive base64.
    ///
    /// ```
    /// use vigie::sites::SiteModels;
    /// let li = SiteModels::builtin();
    /// let li = li.for_host("www.linkedin.com").unwrap();
    /// let id = "ACoAABcdEfGhIjKlMnOpQrStUvWxYz0123456789";
    /// assert_eq!(li.member_id(&format!("urn:li:fsd_profile:{id}")), id);
    /// assert_eq!(li.member_id(id), id);
    /// assert_eq!(li.member_id("Alice-Martin"), "alice-martin");
    /// ```
    pub fn member_id(&self, identity: &str) -> String {
        let identity = identity.trim();
        let (id, urn) = match self
            .member_urn_prefixes
            .iter()
            .find_map(|p| identity.strip_prefix(p.as_str()))
        {
            Some(id) => (id, true),
            None => (identity, false),
        };
        if urn || is_member_id(id) || is_lead_id(id) {
            id.to_owned()
        } else {
            lowercase(id)
        }
    }

    /// True when `href` (an absolute URL) opens the contact dialog of `slug`.
    pub fn is_contact_link(&self, href: &str, slug: &str) -> bool {
        WebUrl::parse(href).is_some_and(|u| {
            self.serves(&u.host)
                && matches!(self.classify_path(u.path), PageKind::ContactDialog { slug: s } if s.eq_ignore_ascii_case(slug))
        })
    }

    /// Whether an API request carried the headers the site's own web client
    /// always sends; `None` when no headers were seen (Firefox, or the
    /// browser withheld them).
    pub fn sent_by_its_client(&self, headers: &[crate::messages::event::Header]) -> Option<bool> {
        if headers.is_empty() || self.client_headers.is_empty() {
            return None;
        }
        Some(
            self.client_headers
                .iter()
                .all(|wanted| headers.iter().any(|h| h.name.eq_ignore_ascii_case(wanted))),
        )
    }

    /// True for the label of the contact-info control (`Contact info` and
    /// its translations), for clicks on a button rather than a link.
    pub fn is_contact_label(&self, text: &str) -> bool {
        let text = lowercase(text.trim());
        self.contact_labels.contains(&text)
    }

    /// Classifies a page of this site by its path.
    pub fn classify_path(&self, path: &str) -> PageKind {
        if let Some(slug) = capture(&self.contact_dialog_path, path) {
            return PageKind::ContactDialog { slug };
        }
        if let Some(slug) = capture(&self.profile_path, path) {
            return PageKind::Profile { slug };
        }
        // A lead's address may escape its commas (`%2C`).
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        match self.lead_paths.iter().find_map(|p| capture(p, &decoded)) {
            Some(slug) => PageKind::Profile { slug },
            None => PageKind::Other,
        }
    }
}

/// A LinkedIn member id (`ACoA…`, base64) rather than a vanity slug.
pub fn is_member_id(identity: &str) -> bool {
    identity.len() >= 20
        && identity
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("acoa"))
}

/// A Sales Navigator lead id (`ACwA…`, base64, its case kept: a slug may
/// well begin "acwa").
pub fn is_lead_id(identity: &str) -> bool {
    identity.len() >= 20 && identity.starts_with("ACwA")
}

/// The identity of a page whose kind is already known (see
/// [`SiteModels::page_identity`]).
pub fn page_identity(url: &WebUrl<'_>, kind: Option<&PageKind>) -> String {
    match kind.and_then(PageKind::slug) {
        Some(slug) => concat(&[&url.host, "|profile|", slug]),
        None => concat(&[&url.host, "|", url.path]),
    }
}

fn capture(re: &Pattern, path: &str) -> Option<String> {
    let slug = re.first_group(path)?;
    (!slug.is_empty()).then(|| slug.to_owned())
}

/// All site models, looked up by host.
#[derive(Debug)]
pub struct SiteModels {
    models: Vec<SiteModel>,
}

impl SiteModels {
    /// The models shipped with Vigie.
    pub fn builtin() -> SiteModels {
        let models = BUILTIN
            .iter()
            .map(|data| {
                // The built-in models are part of the program: a pattern that
                // does not compile is a build defect caught by
                // `builtin_models_compile`, not an input error.
                SiteModel::compile(data).unwrap_or_else(|e| panic!("built-in site model: {e}"))
            })
            .collect();
        SiteModels { models }
    }

    /// The model serving `host`, if any.
    pub fn for_host(&self, host: &str) -> Option<&SiteModel> {
        self.models.iter().find(|m| m.serves(host))
    }

    /// What a page shows, as a key: a profile of a modelled site is the same
    /// page whether or not its contact dialog is open; elsewhere, host and path.
    ///
    /// ```
    /// use vigie::{sites::SiteModels, observe::url::WebUrl};
    /// let models = SiteModels::builtin();
    /// let a = WebUrl::parse("https://www.linkedin.com/in/ada/").unwrap();
    /// let b = WebUrl::parse("https://www.linkedin.com/in/ada/overlay/contact-info/").unwrap();
    /// assert_eq!(models.page_identity(&a), models.page_identity(&b));
    /// ```
    pub fn page_identity(&self, url: &WebUrl<'_>) -> String {
        let kind = self.classify(url).map(|(_, kind)| kind);
        page_identity(url, kind.as_ref())
    }

    /// Every model, in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = &SiteModel> {
        self.models.iter()
    }

    /// The model and page kind for a page URL.
    pub fn classify(&self, url: &WebUrl<'_>) -> Option<(&SiteModel, PageKind)> {
        let model = self.for_host(&url.host)?;
        Some((model, model.classify_path(url.path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str) -> Option<PageKind> {
        let models = SiteModels::builtin();
        let url = WebUrl::parse(url).unwrap();
        models.classify(&url).map(|(_, kind)| kind)
    }

    #[test]
    fn builtin_models_compile() {
        assert_eq!(SiteModels::builtin().models.len(), 1);
    }

    #[test]
    fn profile_urls_name_the_person() {
        assert_eq!(
            page("https://www.linkedin.com/in/alice-martin/"),
            Some(PageKind::Profile {
                slug: "alice-martin".into()
            })
        );
        assert_eq!(
            page("https://www.linkedin.com/in/alice-martin"),
            Some(PageKind::Profile {
                slug: "alice-martin".into()
            })
        );
        assert_eq!(
            page("https://www.linkedin.com/in/alice-martin/details/skills/?x=1"),
            Some(PageKind::Profile {
                slug: "alice-martin".into()
            })
        );
    }

    #[test]
    fn contact_dialog_is_its_own_page_kind() {
        assert_eq!(
            page("https://www.linkedin.com/in/bob/overlay/contact-info/"),
            Some(PageKind::ContactDialog { slug: "bob".into() })
        );
        assert_eq!(
            page("https://www.linkedin.com/in/bob/detail/contact-info/"),
            Some(PageKind::ContactDialog { slug: "bob".into() })
        );
    }

    #[test]
    fn other_linkedin_pages_are_not_profiles() {
        for url in [
            "https://www.linkedin.com/feed/",
            "https://www.linkedin.com/",
            "https://www.linkedin.com/in/",
            "https://www.linkedin.com/company/acme/",
            "https://www.linkedin.com/search/results/people/?keywords=in",
        ] {
            assert_eq!(page(url), Some(PageKind::Other), "{url}");
        }
    }

    /// Sales Navigator's lead id of a fixture lead, as public scraper code
    /// and LinkedIn's own lead page write it.
    const LEAD: &str = "ACwAAA0DrUwBVYgKNPX9HNcbd6mXP2VOX1aji6c";

    #[test]
    fn a_sales_navigator_lead_page_shows_the_lead_named_by_its_id() {
        for path in [
            format!("/sales/lead/{LEAD},NAME_SEARCH,UbPM"),
            format!("/sales/lead/{LEAD},NAME_SEARCH,UbPM?_ntb=x"),
            format!("/sales/people/{LEAD},name"),
            format!("/sales/lead/{LEAD}"),
            format!("/sales/profile/{LEAD},UbPM,NAME_SEARCH"),
            format!("/sales/lead/{LEAD}%2CNAME_SEARCH%2CUbPM"),
        ] {
            assert_eq!(
                page(&format!("https://www.linkedin.com{path}")),
                Some(PageKind::Profile { slug: LEAD.into() }),
                "{path}"
            );
        }
        for url in [
            "https://www.linkedin.com/sales/search/people?query=x",
            "https://www.linkedin.com/sales/home",
            "https://www.linkedin.com/sales/lead/",
        ] {
            assert_eq!(page(url), Some(PageKind::Other), "{url}");
        }
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        // Lead ids are base64: kept as written, not lower-cased as slugs are;
        // but no profile address redirects from one, as from a member id.
        assert_eq!(li.member_id(LEAD), LEAD);
        assert!(is_lead_id(LEAD) && !is_member_id(LEAD));
        // A long slug that happens to begin so is still a slug.
        assert_eq!(
            li.member_id("ACWalker-Smith-Jones-42"),
            "acwalker-smith-jones-42"
        );
        let summary = li.summary();
        assert_eq!(
            summary.profile_label(LEAD),
            format!("linkedin.com/sales/lead/{LEAD}")
        );
        assert_eq!(
            summary.profile_label("alice-martin"),
            "linkedin.com/in/alice-martin"
        );
    }

    #[test]
    fn sales_navigator_lead_fetches_are_contact_lookups_only_with_contact_info() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        let class = |url: &str| li.classify_request(&WebUrl::parse(url).unwrap()).unwrap();
        let deco =
            "%28entityUrn%2CfirstName%2ClastName%2Cheadline%2CcontactInfo%2CflagshipProfileUrl%29";
        for url in [
            format!("https://www.linkedin.com/sales-api/salesApiProfiles/(profileId:{LEAD},authType:NAME_SEARCH,authToken:UbPM)?decoration={deco}"),
            format!("https://www.linkedin.com/sales-api/salesApiProfiles/(profileId:{LEAD})?decoration={deco}"),
            format!("https://www.linkedin.com/sales-api/salesApiProfiles/%28profileId%3A{LEAD}%2CauthType%3Aname%29?decoration={deco}"),
            // Rest.li reads the keys in any order; the server decodes escapes.
            format!("https://www.linkedin.com/sales-api/salesApiProfiles/(authType:NAME_SEARCH,profileId:{LEAD},authToken:UbPM)?decoration={deco}"),
            format!("https://www.linkedin.com/sales-api/salesApiProfiles/(profileId:ACwAA%41{})?decoration={deco}", &LEAD[6..]),
            format!("https://www.linkedin.com/sales-api/salesApiProfiles/(profileId:%41CwAA{})?decoration={deco}", &LEAD[5..]),
        ] {
            let lookup = class(&url);
            assert_eq!(
                (lookup.class, lookup.member.as_deref(), lookup.shown_with_page),
                (RequestClass::ContactLookup, Some(LEAD), true),
                "{url}"
            );
        }
        let plain = class(&format!("https://www.linkedin.com/sales-api/salesApiProfiles/(profileId:{LEAD},authType:NAME_SEARCH,authToken:UbPM)?decoration=%28entityUrn%2CfirstName%2ClastName%2CflagshipProfileUrl%29"));
        assert_eq!(
            (plain.class, plain.member.as_deref(), plain.shown_with_page),
            (RequestClass::ProfileFetch, Some(LEAD), false)
        );
        let search = class("https://www.linkedin.com/sales-api/salesApiLeadSearch?q=searchQuery&query=(keywords:cto)&start=25&count=25");
        assert_eq!(
            (search.class, search.member),
            (RequestClass::PeopleSearch, None)
        );
        let company = class("https://www.linkedin.com/sales-api/salesApiCompanies/1234");
        assert_eq!(company.class, RequestClass::SalesNavigator);
        // The Voyager lookups are not the sales tool's: shown unasked nowhere.
        let voyager = class("https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller/profileContactInfo");
        assert!(!voyager.shown_with_page);
    }

    #[test]
    fn contact_info_is_known_by_its_label_in_linkedins_languages() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        for label in [
            "Contact info",
            "  contact INFO\n",
            "Coordonnées",
            "Kontaktinformationen",
            "Informações de contato",
            "Contactgegevens",
            "İletişim bilgileri",
        ] {
            assert!(li.is_contact_label(label), "{label}");
        }
        for text in ["Contact", "Contact info and more", "Message", ""] {
            assert!(!li.is_contact_label(text), "{text}");
        }
    }

    #[test]
    fn api_requests_are_classified_with_their_member() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        let class = |url: &str| li.classify_request(&WebUrl::parse(url).unwrap());
        let contact = class("https://www.linkedin.com/voyager/api/identity/profiles/Bruno-Keller/profileContactInfo").unwrap();
        assert_eq!(
            (contact.class, contact.member.as_deref()),
            (RequestClass::ContactLookup, Some("bruno-keller"))
        );
        // Escapes the server decodes hide nothing: the path is read decoded,
        // and its member decoded once (`%2541` is `%41`, not `A`).
        let escaped = class("https://www.linkedin.com/voyager/api/identity/profiles/bruno-%6Beller/profileContact%49nfo").unwrap();
        assert_eq!(
            (escaped.class, escaped.member.as_deref()),
            (RequestClass::ContactLookup, Some("bruno-keller"))
        );
        let once = class(
            "https://www.linkedin.com/voyager/api/identity/profiles/x%2541/profileContactInfo",
        )
        .unwrap();
        assert_eq!(once.member.as_deref(), Some("x%41"));
        let dash = class("https://www.linkedin.com/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=chloe-nguyen&decorationId=x-93").unwrap();
        assert_eq!(
            (dash.class, dash.member.as_deref()),
            (RequestClass::ProfileFetch, Some("chloe-nguyen"))
        );
        let gql = class("https://www.linkedin.com/voyager/api/graphql?variables=%28memberIdentity%3Aalice-martin%29&queryId=voyagerIdentityDashProfiles.c2a1e2b3d4").unwrap();
        assert_eq!(
            (gql.class, gql.member.as_deref()),
            (RequestClass::ContactLookup, Some("alice-martin"))
        );
        let gql = class("https://www.linkedin.com/voyager/api/graphql?variables=(vanityName:alice-martin)&queryId=voyagerIdentityDashProfiles.0000").unwrap();
        assert_eq!(
            (gql.class, gql.member.as_deref()),
            (RequestClass::ProfileFetch, Some("alice-martin"))
        );
        // A profile's or its Contact info's page, fetched by a script: a
        // lookup of that member; loaded as a page, or by an image, none.
        let of = |url: &str, t: &str| {
            li.classify_request_of(&WebUrl::parse(url).unwrap(), Some(t), None)
        };
        let overlay = of(
            "https://www.linkedin.com/in/bruno-keller/overlay/contact-info/",
            "xmlhttprequest",
        )
        .unwrap();
        assert_eq!(
            (overlay.class, overlay.member.as_deref()),
            (RequestClass::ContactLookup, Some("bruno-keller"))
        );
        // The dialog's older address, which public scraper code still fetches.
        let detail = of(
            "https://www.linkedin.com/in/bruno-keller/detail/contact-info/",
            "fetch",
        )
        .unwrap();
        assert_eq!(
            (detail.class, detail.member.as_deref()),
            (RequestClass::ContactLookup, Some("bruno-keller"))
        );
        let page = of(
            "https://www.linkedin.com/in/bruno-keller/",
            "xmlhttprequest",
        )
        .unwrap();
        assert_eq!(
            (page.class, page.member.as_deref()),
            (RequestClass::ProfileFetch, Some("bruno-keller"))
        );
        for t in ["main_frame", "sub_frame", "image", "other"] {
            for dialog in ["overlay", "detail"] {
                assert_eq!(
                    of(
                        &format!("https://www.linkedin.com/in/bruno-keller/{dialog}/contact-info/"),
                        t
                    ),
                    None,
                    "{t}"
                );
            }
            assert_eq!(
                of("https://www.linkedin.com/in/bruno-keller/", t),
                None,
                "{t}"
            );
        }
        assert_eq!(
            class("https://www.linkedin.com/in/bruno-keller/overlay/contact-info/"),
            None
        );
        // The server-driven profile pages, fetched by a script.
        for url in [
            "https://www.linkedin.com/flagship-web/in/bruno-keller/",
            "https://www.linkedin.com/flagship-web/in/bruno-keller/details/experience/",
        ] {
            let fetched = of(url, "fetch").unwrap();
            assert_eq!(
                (fetched.class, fetched.member.as_deref()),
                (RequestClass::ProfileFetch, Some("bruno-keller")),
                "{url}"
            );
            assert_eq!(of(url, "main_frame"), None, "{url}");
        }
        let search = class("https://www.linkedin.com/voyager/api/graphql?variables=(start:0,query:(keywords:x))&queryId=voyagerSearchDashClusters.abc").unwrap();
        assert_eq!(
            (search.class, search.member),
            (RequestClass::PeopleSearch, None)
        );
        assert_eq!(
            class("https://www.linkedin.com/sales-api/salesApiAccountSearch?q=x")
                .unwrap()
                .class,
            RequestClass::SalesNavigator
        );
        assert_eq!(class("https://www.linkedin.com/in/alice-martin/"), None);
        assert_eq!(class("https://static.licdn.com/app.js"), None);
        assert_eq!(
            class("https://api.collector.test/voyager/api/identity/profiles/x/profileContactInfo"),
            None
        );
    }

    #[test]
    fn the_server_driven_contact_overlay_is_a_lookup_of_the_member_its_body_names() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        const OVERLAY: &str = "com.linkedin.sdui.flagshipnav.profile.ProfileContactDetailsOverlay";
        let url = format!("https://www.linkedin.com/flagship-web/rsc-action/actions/navigation?screenId={OVERLAY}&sduiid={OVERLAY}");
        let post = |url: &str, body: &str| {
            li.classify_request_of(
                &WebUrl::parse(url).unwrap(),
                Some("fetch"),
                Some(body.as_bytes()),
            )
            .map(|r| (r.class, r.member))
        };
        let lookup = |m: &str| Some((RequestClass::ContactLookup, Some(m.to_owned())));
        let body = r#"{"clientArguments":{"payload":{"vanityName":"Bruno-Keller","givenName":"Bruno","familyName":"Keller","isVanityNameResolved":true}},"isModal":true}"#;
        assert_eq!(post(&url, body), lookup("bruno-keller"));
        // By sduiid alone, or an escaped screen id.
        assert_eq!(
            post(&format!("https://www.linkedin.com/flagship-web/rsc-action/actions/navigation?sduiid={OVERLAY}"), body),
            lookup("bruno-keller")
        );
        // The earlier form: the member by profileUrn in the address.
        let urn = "urn%3Ali%3Afsd_profile%3AACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju";
        assert_eq!(
            post(&format!("{url}&profileUrn={urn}"), "{}"),
            lookup("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju")
        );
        // No member to be read: nothing is said of whom it was for.
        assert_eq!(post(&url, "{}"), None);
        assert_eq!(post(&url, "vanityName=bruno-keller"), None);
        assert_eq!(post(&url, r#"{"vanityName":3}"#), None);
        assert_eq!(
            li.classify_request_of(&WebUrl::parse(&url).unwrap(), Some("fetch"), None),
            None
        );
        // Another screen, or another action, is no contact lookup.
        for other in [
            "https://www.linkedin.com/flagship-web/rsc-action/actions/navigation?screenId=com.linkedin.sdui.flagshipnav.profile.ProfileMain",
            "https://www.linkedin.com/flagship-web/rsc-action/actions/component?componentId=com.linkedin.sdui.generated.profile.dsl.impl.profileCardsAboveActivity",
        ] {
            assert_eq!(post(other, body), None, "{other}");
        }
        // A decoy written beside the real member in every request cannot
        // make them all one member.
        let decoyed = |real: &str| {
            format!(
                r#"{{"clientArguments":{{"payload":{{"vanityName":"{real}"}},"extra":{{"vanityName":"decoy"}}}}}}"#
            )
        };
        let a = post(&url, &decoyed("alice-martin")).unwrap().1.unwrap();
        let b = post(&url, &decoyed("bruno-keller")).unwrap().1.unwrap();
        assert_ne!(a, b);
        assert_eq!(a, "alice-martin,decoy");
        // The same member twice is one.
        assert_eq!(
            post(
                &url,
                r#"{"a":{"vanityName":"bruno-keller"},"b":[{"vanityName":"Bruno-Keller"}]}"#
            ),
            lookup("bruno-keller")
        );
    }

    #[test]
    fn a_batch_request_names_each_of_its_members() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        let class = |url: &str| {
            li.classify_request(&WebUrl::parse(url).unwrap())
                .map(|r| (r.class, r.member.unwrap_or_default(), r.batch))
        };
        let ids: Vec<String> = (0..3)
            .map(|i| format!("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2J{i}"))
            .collect();
        let list = ids
            .iter()
            .map(|id| format!("urn%3Ali%3Afsd_profile%3A{id}"))
            .collect::<Vec<_>>()
            .join(",");
        let deco =
            "decorationId=com.linkedin.voyager.dash.deco.identity.profile.ProfileContactInfo-15";
        // Dash profiles, the contact decoration before or after the list.
        for url in [
            format!("https://www.linkedin.com/voyager/api/identity/dash/profiles?ids=List({list})&{deco}"),
            format!("https://www.linkedin.com/voyager/api/voyagerIdentityDashProfiles?{deco}&ids=List({list})"),
        ] {
            assert_eq!(
                class(&url),
                Some((RequestClass::ContactLookup, ids[0].clone(), ids[1..].to_vec())),
                "{url}"
            );
        }
        // Without it, profile fetches; a member twice is one.
        let twice = format!("{list},urn%3Ali%3Afsd_profile%3A{}", ids[1]);
        assert_eq!(
            class(&format!("https://www.linkedin.com/voyager/api/identity/dash/profiles?ids=List({twice})&decorationId=com.linkedin.voyager.dash.deco.identity.profile.FullProfile-76")),
            Some((RequestClass::ProfileFetch, ids[0].clone(), ids[1..].to_vec()))
        );
        // Sales Navigator's batch, leads by profileId.
        let leads = [
            "ACwAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju",
            "ACwAAC9z8y7xW6Vu5Ts4Rq3Po2Nm1Lk0Ji9Hg8Fe",
        ];
        let sales = format!(
            "https://www.linkedin.com/sales-api/salesApiProfiles?ids=List((profileId:{},authType:NAME_SEARCH,authToken:a1),(profileId:{},authType:NAME_SEARCH,authToken:b2))",
            leads[0], leads[1]
        );
        assert_eq!(
            class(&format!(
                "{sales}&decoration=%28entityUrn%2CcontactInfo%2Cpositions*%29"
            )),
            Some((
                RequestClass::ContactLookup,
                leads[0].to_owned(),
                vec![leads[1].to_owned()]
            ))
        );
        assert_eq!(
            class(&format!("{sales}&decoration=%28entityUrn%2Cpositions*%29")),
            Some((
                RequestClass::ProfileFetch,
                leads[0].to_owned(),
                vec![leads[1].to_owned()]
            ))
        );
        // A list that names nobody is no lookup of anyone.
        assert_eq!(
            class(&format!(
                "https://www.linkedin.com/voyager/api/identity/dash/profiles?ids=List()&{deco}"
            )),
            None
        );
        // At most MAX_BATCH_MEMBERS of a huge list.
        let many = (0..MAX_BATCH_MEMBERS + 50)
            .map(|i| format!("urn:li:fsd_profile:ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5F{i:06}"))
            .collect::<Vec<_>>()
            .join(",");
        let (_, _, rest) = class(&format!(
            "https://www.linkedin.com/voyager/api/identity/dash/profiles?ids=List({many})&{deco}"
        ))
        .unwrap();
        assert_eq!(rest.len(), MAX_BATCH_MEMBERS - 1);
        // A single lookup names no batch.
        assert_eq!(
            class(&format!("https://www.linkedin.com/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=bruno-keller&{deco}")),
            Some((RequestClass::ContactLookup, "bruno-keller".to_owned(), vec![]))
        );
    }

    #[test]
    fn more_shapes_of_public_scraper_code_are_classified() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        let class = |url: &str| {
            li.classify_request(&WebUrl::parse(url).unwrap())
                .map(|r| (r.class, r.member))
        };
        // The contact-info query named by queryName alone.
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/graphql?queryName=voyagerIdentityDashProfileContactInfo&variables=(profileUrn:urn%3Ali%3Afsd_profile%3AACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju)"),
            Some((RequestClass::ContactLookup, Some("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju".to_owned())))
        );
        // A profile by its public identifier.
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/graphql?variables=(publicIdentifier:Bruno-Keller)&queryId=voyagerIdentityDashProfiles.0123456789abcdef0123456789abcdef"),
            Some((RequestClass::ProfileFetch, Some("bruno-keller".to_owned())))
        );
        // More sections of the older profile API.
        for section in [
            "memberBadges",
            "featuredContent",
            "featuredSkills",
            "courses",
            "highlights",
            "recommendations",
        ] {
            assert_eq!(
                class(&format!(
                    "https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller/{section}"
                )),
                Some((RequestClass::ProfileFetch, Some("bruno-keller".to_owned()))),
                "{section}"
            );
        }
    }

    #[test]
    fn dash_profile_routes_are_classified_and_a_contact_decoration_is_a_lookup() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        let class = |url: &str| {
            li.classify_request(&WebUrl::parse(url).unwrap())
                .map(|r| (r.class, r.member.unwrap_or_default()))
        };
        let lookup = |m: &str| Some((RequestClass::ContactLookup, m.to_owned()));
        let fetch = |m: &str| Some((RequestClass::ProfileFetch, m.to_owned()));
        // The dash profile asked for with its contact decoration, by query
        // or by key, under either path (public scraper code uses all four).
        let deco =
            "decorationId=com.linkedin.voyager.dash.deco.identity.profile.ProfileContactInfo-15";
        assert_eq!(
            class(&format!("https://www.linkedin.com/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=chloe-nguyen&{deco}")),
            lookup("chloe-nguyen")
        );
        assert_eq!(
            class(&format!("https://www.linkedin.com/voyager/api/voyagerIdentityDashProfiles?count=1&{deco}&memberIdentity=ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju&q=memberIdentity")),
            lookup("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju")
        );
        assert_eq!(
            class(&format!("https://www.linkedin.com/voyager/api/identity/dash/profiles/urn%3Ali%3Afsd_profile%3AACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju?{deco}")),
            lookup("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju")
        );
        // Other decorations, and the profile's sections: profile fetches.
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/voyagerIdentityDashProfiles?count=1&decorationId=com.linkedin.voyager.dash.deco.identity.profile.TopCardComplete-138&memberIdentity=bruno-keller&q=memberIdentity"),
            fetch("bruno-keller")
        );
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/identity/dash/profiles/urn:li:fsd_profile:ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju?decorationId=com.linkedin.voyager.dash.deco.identity.profile.FullProfile-76"),
            fetch("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju")
        );
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/identity/dash/profilePositionGroups?q=viewee&profileUrn=urn%3Ali%3Afsd_profile%3AACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju"),
            fetch("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju")
        );
        for section in ["", "/", "/positionGroups", "/skillCategory", "/profileView"] {
            assert_eq!(
                class(&format!(
                    "https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller{section}"
                )),
                fetch("bruno-keller"),
                "{section}"
            );
        }
        // An escaped `&` is part of a value: the member is the real one.
        assert_eq!(
            class(&format!("https://www.linkedin.com/voyager/api/identity/dash/profiles?x=%26memberIdentity%3Ddecoy&memberIdentity=chloe-nguyen&{deco}")),
            lookup("chloe-nguyen")
        );
        // A decoration named elsewhere than in decorationId is no lookup,
        // and the member's connections are not the member.
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=bruno-keller&x=ProfileContactInfo"),
            fetch("bruno-keller")
        );
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller/memberConnections"),
            None
        );
    }

    /// A 32-hex deployment hash, different for every `seed`.
    fn hash(seed: u64) -> String {
        let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..32)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from_digit((x % 16) as u32, 16).unwrap()
            })
            .collect()
    }

    #[test]
    fn graphql_calls_are_classified_by_query_name_whatever_the_deployment_hash() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        let class = |url: &str| li.classify_request(&WebUrl::parse(url).unwrap());
        for seed in 0..200 {
            let h = hash(seed);
            let contact = class(&format!("https://www.linkedin.com/voyager/api/graphql?includeWebMetadata=true&variables=(memberIdentity:bruno-keller)&queryId=voyagerIdentityDashProfiles.{h}")).unwrap();
            assert_eq!(
                (contact.class, contact.member.as_deref()),
                (RequestClass::ContactLookup, Some("bruno-keller")),
                "{h}"
            );
            let encoded = class(&format!("https://www.linkedin.com/voyager/api/graphql?variables=%28memberIdentity%3AACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju4w5v6u7t8s9r0q1p2o3n4m5l6k7%29&queryId=voyagerIdentityDashProfiles.{h}")).unwrap();
            assert_eq!(
                encoded.member.as_deref(),
                Some("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju4w5v6u7t8s9r0q1p2o3n4m5l6k7")
            );
            let profile = class(&format!("https://www.linkedin.com/voyager/api/graphql?variables=(vanityName:bruno-keller)&queryId=voyagerIdentityDashProfiles.{h}")).unwrap();
            assert_eq!(profile.class, RequestClass::ProfileFetch);
            let by_urn = class(&format!("https://www.linkedin.com/voyager/api/graphql?variables=(profileUrn:urn%3Ali%3Afsd_profile%3AACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju4w5v6u7t8s9r0q1p2o3n4m5l6k7)&queryId=voyagerIdentityDashProfileCards.{h}")).unwrap();
            assert_eq!(
                (by_urn.class, by_urn.member.as_deref()),
                (
                    RequestClass::ProfileFetch,
                    Some("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju4w5v6u7t8s9r0q1p2o3n4m5l6k7")
                )
            );
            let browsemap = class(&format!("https://www.linkedin.com/voyager/api/graphql?variables=(profileUrn:urn%3Ali%3Afsd_profile%3AACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju4w5v6u7t8s9r0q1p2o3n4m5l6k7)&queryId=voyagerIdentityDashProfileBrowsemap.{h}")).unwrap();
            assert_eq!(browsemap.class, RequestClass::PeopleSearch);
            let search = class(&format!("https://www.linkedin.com/voyager/api/graphql?variables=(start:0,query:(keywords:cto))&queryId=voyagerSearchDashClusters.{h}")).unwrap();
            assert_eq!(search.class, RequestClass::PeopleSearch);
        }
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/relationships/dash/connections?decorationId=x&count=40&q=search&start=0")
                .unwrap()
                .class,
            RequestClass::PeopleSearch
        );
        let rest = class(
            "https://www.linkedin.com/voyager/api/identity/profiles/ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju4w5v6u7t8s9r0q1p2o3n4m5l6k7/profileContactInfo",
        )
        .unwrap();
        assert_eq!(
            rest.member.as_deref(),
            Some("ACoAAB1x2y3zQ4Rk9Tq7WmNp0LsVb8Hc5FgYdE2Ju4w5v6u7t8s9r0q1p2o3n4m5l6k7")
        );
        // A feed query names nobody: not an API lookup of a member.
        assert_eq!(
            class("https://www.linkedin.com/voyager/api/graphql?variables=(start:0)&queryId=voyagerFeedDashMainFeed.0123456789abcdef0123456789abcdef"),
            None
        );
    }

    #[test]
    fn requests_without_the_sites_client_headers_are_told_apart() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        let h = |names: &[&str]| -> Vec<crate::messages::event::Header> {
            names
                .iter()
                .map(|n| crate::messages::event::Header {
                    name: (*n).into(),
                    value: "x".into(),
                })
                .collect()
        };
        assert_eq!(
            li.sent_by_its_client(&h(&["csrf-token", "X-Li-Track", "x-li-page-instance"])),
            Some(true)
        );
        assert_eq!(
            li.sent_by_its_client(&h(&["csrf-token", "x-restli-protocol-version"])),
            Some(false)
        );
        assert_eq!(li.sent_by_its_client(&[]), None);
    }

    #[test]
    fn contact_links_are_recognised_for_their_profile_only() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        assert!(li.is_contact_link(
            "https://www.linkedin.com/in/alice-martin/overlay/contact-info/",
            "alice-martin"
        ));
        assert!(!li.is_contact_link(
            "https://www.linkedin.com/in/bruno-keller/overlay/contact-info/",
            "alice-martin"
        ));
        assert!(!li.is_contact_link(
            "https://evil.test/in/alice-martin/overlay/contact-info/",
            "alice-martin"
        ));
    }

    #[test]
    fn lookalike_hosts_are_not_linkedin() {
        assert_eq!(page("https://www.linkedin.com.evil.test/in/alice/"), None);
        assert_eq!(page("https://notlinkedin.com/in/alice/"), None);
    }

    #[test]
    fn first_party_hosts_include_the_cdn_but_not_lookalikes() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        assert!(li.is_first_party("static.licdn.com"));
        assert!(li.is_first_party("linkedin.com"));
        assert!(!li.is_first_party("evillinkedin.com"));
        assert!(!li.is_first_party("linkedin.com.evil.test"));
    }
}
